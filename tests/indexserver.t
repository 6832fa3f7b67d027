#!/bin/sh
# relkit — MIT licence, see LICENSE.
# The test index server (tests/indexserver.py): what twine and pip see of it,
# PyPI's upload rules, and every misbehaviour switch, observed with curl.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
libdir=$(cd "$(dirname "$0")" && pwd)
cd "$T" || exit 2

# A real project, built twice: 1.0, and 1.0.0 (the same release, other bytes).
mkdir -p proj/src/relkit_demo && cd proj || exit 2
printf 'VALUE = 42\n' >src/relkit_demo/__init__.py
mkproj() {
	printf '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "relkit_demo"\nversion = "%s"\ndescription = "relkit test project"\nrequires-python = ">=3.7, <4"\n' "$1" >pyproject.toml
	rm -rf build src/*.egg-info
	timeout 120 "$PYTHON" -m build --no-isolation -o "$2" . >"$T/build.log" 2>&1
}
ok "build 1.0 (sdist and wheel)" mkproj 1.0 "$T/d1"
ok "build 1.0.0" mkproj 1.0.0 "$T/d2"
cd "$T" || exit 2
W=d1/relkit_demo-1.0-py3-none-any.whl
S=d1/relkit_demo-1.0.tar.gz
mkdir other && cp d2/relkit_demo-1.0.0-py3-none-any.whl other/relkit_demo-1.0-py3-none-any.whl

ok "index_start" index_start
export TWINE_USERNAME=__token__ TWINE_PASSWORD=pypi-testtoken TWINE_NON_INTERACTIVE=1
tw() { timeout 60 twine upload --disable-progress-bar --repository-url "$INDEX_URL" "$@"; }

check_re() { # DESC ERE CMD...: stdout of CMD matches ERE
	_d=$1 _re=$2
	shift 2
	_got=$("$@" 2>&1)
	if printf '%s\n' "$_got" | grep -Eq -- "$_re"; then
		_result 0 "$_d"
	else
		_result 1 "$_d" "wanted /$_re/" "got: $_got"
	fi
}

ok "twine uploads the sdist and the wheel" tw "$S" "$W"
check "two uploads counted" 0 2 "" index_uploads
ok "the same bytes again: twine succeeds" tw "$S" "$W"
check_re "... and the server answered 200 without storing" '"stored": false' tail -n 1 "$INDEX_DIR/requests.log"
check_re "other bytes under the same name: twine fails with 400" \
	"File already exists \('relkit_demo-1.0-py3-none-any.whl', with" \
	sh -c 'timeout 60 twine upload --disable-progress-bar --repository-url "$INDEX_URL" "$1"; echo "rc=$?"' sh other/relkit_demo-1.0-py3-none-any.whl
check "... twine's exit status is 1" 1 "" "" sh -c 'timeout 60 twine upload --disable-progress-bar --repository-url "$INDEX_URL" "$1" >/dev/null 2>&1' sh other/relkit_demo-1.0-py3-none-any.whl
check_re "wrong password: twine gets 403" "403 Forbidden" \
	env TWINE_PASSWORD=pypi-wrong timeout 60 twine upload --disable-progress-bar --repository-url "$INDEX_URL" "$W"
check "the stored file is still the first one" 0 "" "" cmp "$W" "$INDEX_DIR/files/relkit-demo/relkit_demo-1.0-py3-none-any.whl"

# The same with curl: the reason in the status line and the body.
check "curl: same bytes, 200" 0 "200 OK" "" index_post "$W"
check "curl: other bytes, 400 in the status line" 0 \
	"400 File already exists ('relkit_demo-1.0-py3-none-any.whl', with blake2_256 hash '$(b2sum -l 256 <other/relkit_demo-1.0-py3-none-any.whl | cut -d' ' -f1)'). See https://pypi.org/help/#file-name-reuse for more information." "" \
	index_post other/relkit_demo-1.0-py3-none-any.whl
check_re "... and in the body" "^File already exists" cat "$T/.index-post.body"
INDEX_USER=alice INDEX_PASSWORD=s3cret
export INDEX_USER INDEX_PASSWORD
check "alice / s3cret accepted" 0 "200 OK" "" index_post "$W"
INDEX_PASSWORD=wrong
check_re "wrong password: 403" "^403 Invalid or non-existent authentication" index_post "$W"
INDEX_USER=-
check_re "no credentials: 403, as PyPI" "^403 " index_post "$W"
unset INDEX_USER INDEX_PASSWORD
check "bad sha256 digest: 400" 0 "400 The digest supplied does not match a digest calculated from the uploaded file." "" \
	index_post "$W" sha256_digest=0000000000000000000000000000000000000000000000000000000000000000
check "bad BLAKE2b-256 digest: 400" 0 "400 The digest supplied does not match a digest calculated from the uploaded file." "" \
	index_post "$W" blake2_256_digest=00
check "BLAKE2b-512 cut short is not BLAKE2b-256" 0 "400 The digest supplied does not match a digest calculated from the uploaded file." "" \
	index_post "$W" "blake2_256_digest=$(b2sum <"$W" | cut -c1-64)"
check "no digest at all: 400" 0 "400 Include at least one message digest." "" \
	index_post "$W" sha256_digest= blake2_256_digest=
check "sha256 alone is enough" 0 "200 OK" "" index_post "$W" blake2_256_digest=
cp "$S" relkit-demo-1.0.tar.gz
check "sdist name not PEP 625: 400" 0 "400 Filename 'relkit-demo-1.0.tar.gz' is invalid, should be 'relkit_demo-1.0.tar.gz'." "" \
	index_post relkit-demo-1.0.tar.gz
check "wheel with filetype sdist: 400" 0 "400 Invalid file extension: .whl is for bdist_wheel, not sdist." "" \
	index_post "$W" filetype=sdist
cp "$S" relkit_demo-1.0.zip
check_re "unknown extension: 400" "^400 Invalid file extension: Use .tar.gz or .whl" index_post relkit_demo-1.0.zip
check "wheel version differs from the metadata's: 400" 0 "400 Version in filename should be '1.1' not '1.0'." "" \
	index_post "$W" version=1.1
check "unknown metadata version: 400" 0 "400 '3.0' is an invalid value for Metadata-Version. Error: Use a known metadata version." "" \
	index_post "$W" metadata_version=3.0
check "local version: 400" 0 "400 The use of local versions in '1.0+local' is not allowed." "" \
	index_post "$W" version=1.0+local
check_re "summary over 512 characters: 400" "^400 'summary' is an invalid value" \
	index_post "$W" "summary=$(printf '%0513d' 0)"
check "a second sdist for the release: 400" 0 "400 Only one sdist may be uploaded per release." "" \
	index_post d2/relkit_demo-1.0.0.tar.gz
printf 'not a zip' >relkit_demo-2.0-py3-none-any.whl
check_re "a wheel that is no zip: 400" "^400 Invalid distribution file" index_post relkit_demo-2.0-py3-none-any.whl
check_re "a name outside latin-1: 400, the reason still readable" "^400 'relkit_d\\?mo' is an invalid value for Name" \
	index_post "$W" "name=relkit_d€mo"
check "no temporary file left behind" 0 "" "" find "$INDEX_DIR/tmp" -type f
printf 'preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=":action"\r\n\r\nfile_upload\r\n--XyZ--\r\n' >pre.body
(umask 077 && printf 'user = "alice:s3cret"\n' >auth.cfg)
check "a multipart preamble is skipped" 0 "400 '' is an invalid value for Metadata-Version. Error: Use a known metadata version." "" \
	sh -c 'curl -sS --max-time 10 -K auth.cfg -D pre.hdr -o /dev/null -H "Content-Type: multipart/form-data; boundary=XyZ" --data-binary @pre.body "$1" && sed -n "1s/^HTTP\/1.1 //p" pre.hdr | tr -d "\r"' sh "$INDEX_URL"
printf -- '--XyZ\r\nContent-Disposition: form-data; name=":action"\r\n\r\nfile_upload' >trunc.body
check "a body without its closing boundary: 400" 0 "400 Malformed multipart body: no closing boundary" "" \
	sh -c 'curl -sS --max-time 10 -K auth.cfg -D pre.hdr -o /dev/null -H "Content-Type: multipart/form-data; boundary=XyZ" --data-binary @trunc.body "$1" && sed -n "1s/^HTTP\/1.1 //p" pre.hdr | tr -d "\r"' sh "$INDEX_URL"
check "POST without a body length: 411" 0 411 "" \
	curl -s --max-time 10 -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' --data-binary @"$W" "$INDEX_URL"

# The log: fields and headers, never the password.
check_re "the log records fields in order" '"fields": \[\[":action", "file_upload"\], \["protocol_version", "1"\], \["name", "relkit_demo"\]' index_requests
check_re "... whether Authorization was sent and for whom" '"authorization": true.*"user": "alice"' index_requests
check_re "... and when it was not" '"authorization": false' index_requests
check "... never the passwords" 1 "" "" grep -Eq 'pypi-testtoken|s3cret|pypi-wrong|Basic ' "$INDEX_DIR/requests.log"
check_re "... nor the file's content, only its name, size, sha256" '"content": \{"filename": "relkit_demo-1.0.tar.gz", "sha256": "[0-9a-f]{64}", "size": [0-9]+\}' index_requests

# The simple pages.
sha_w=$(sha256sum <"$W" | cut -d' ' -f1)
check_re "HTML project list" '<a href="/simple/relkit-demo/">relkit-demo</a>' curl -sS --max-time 10 "$INDEX_SIMPLE"
check_re "HTML page: #sha256= and escaped data-requires-python" \
	"<a href=\"/files/relkit-demo/relkit_demo-1.0-py3-none-any.whl#sha256=$sha_w\" data-requires-python=\"&lt;4,&gt;=3.7\">relkit_demo-1.0-py3-none-any.whl</a>" \
	curl -sS --max-time 10 "${INDEX_SIMPLE}relkit-demo/"
check_re "JSON when Accept asks for it" '^content-type: application/vnd.pypi.simple.v1\+json' \
	sh -c 'curl -sS --max-time 10 -D - -o /dev/null -H "Accept: application/vnd.pypi.simple.v1+json" "$1" | tr -d "\r" | tr A-Z a-z' sh "${INDEX_SIMPLE}relkit-demo/"
check_re "JSON: filename, hashes, requires-python, size, yanked" \
	"\{\"filename\": \"relkit_demo-1.0-py3-none-any.whl\", \"url\": \"/files/relkit-demo/relkit_demo-1.0-py3-none-any.whl\", \"hashes\": \{\"sha256\": \"$sha_w\"\}, \"requires-python\": \"<4,>=3.7\", \"size\": $(wc -c <"$W"), \"upload-time\": \"[^\"]*\", \"yanked\": false\}" \
	curl -sS --max-time 10 -H "Accept: application/vnd.pypi.simple.v1+json" "${INDEX_SIMPLE}relkit-demo/"
check_re "HTML when it prefers HTML" '^<!DOCTYPE html>' \
	curl -sS --max-time 10 -H "Accept: text/html, application/vnd.pypi.simple.v1+json;q=0.5" "${INDEX_SIMPLE}relkit-demo/"
check_re "a name not normalised: 301 to the normalised page" '^location: /simple/relkit-demo/' \
	sh -c 'curl -sS --max-time 10 -D - -o /dev/null "$1" | tr -d "\r" | tr A-Z a-z' sh "${INDEX_SIMPLE}Relkit_Demo/"
check "an unknown project: 404" 0 404 "" curl -s --max-time 10 -o /dev/null -w '%{http_code}' "${INDEX_SIMPLE}nothing/"
check "the file as stored" 0 "" "" sh -c 'curl -fsS --max-time 10 "$1" | cmp - "$2"' sh "$INDEX_BASE/files/relkit-demo/relkit_demo-1.0-py3-none-any.whl" "$W"
index_ctl json=0
check_re "json=0: HTML whatever Accept says" '^<!DOCTYPE html>' \
	curl -sS --max-time 10 -H "Accept: application/vnd.pypi.simple.v1+json" "${INDEX_SIMPLE}relkit-demo/"
index_ctl json=1 yank=relkit_demo-1.0.tar.gz
check_re "yank=FILE: data-yanked on the HTML page" 'relkit_demo-1.0.tar.gz#sha256=[0-9a-f]{64}" data-requires-python="[^"]*" data-yanked=""' \
	curl -sS --max-time 10 "${INDEX_SIMPLE}relkit-demo/"
index_ctl unyank=relkit_demo-1.0.tar.gz

# pip installs from it, in a fresh venv: without ensurepip (seconds) when
# the system's pip can fill it (--python, pip 22.3).
if "$PYTHON" -m pip --python "$PYTHON" --version >/dev/null 2>&1; then
	vflags=--without-pip vpip="$PYTHON -m pip --python $T/venv/bin/python"
else
	vflags= vpip="$T/venv/bin/python -m pip"
fi
if timeout 120 "$PYTHON" -m venv $vflags "$T/venv" >"$T/venv.log" 2>&1; then
	ok "pip install relkit_demo==1.0 from the index" timeout 120 $vpip \
		--disable-pip-version-check --no-cache-dir install \
		--index-url "$INDEX_SIMPLE" relkit_demo==1.0
	check "... and it imports" 0 42 "" "$T/venv/bin/python" -c 'import relkit_demo; print(relkit_demo.VALUE)'
	check_re "... pip asked for PEP 691 JSON" '"accept": "application/vnd.pypi.simple.v1\+json' index_requests
else
	skip "pip install from the index" "no venv: $(tail -1 "$T/venv.log")"
fi

# Misbehaviour, one switch at a time.
n=$(index_uploads)
index_ctl fail=500 count=2
check "fail=500 count=2: first upload 500" 0 "500 Internal Server Error" "" index_post "$W"
check "... second 500" 0 "500 Internal Server Error" "" index_post "$W"
check "... third 200" 0 "200 OK" "" index_post "$W"
check "... only the 200 counted" 0 $((n + 1)) "" index_uploads
index_ctl fail=503 count=1 retry_after=7
check "fail=503 retry_after=7: 503" 0 "503 Service Unavailable" "" index_post "$W"
check_re "... with Retry-After: 7" '^retry-after: 7' sh -c 'tr -d "\r" <"$1" | tr A-Z a-z' sh "$T/.index-post.hdr"
index_ctl reset=1
index_ctl close=200 count=1
check_re "close=200: the connection drops mid-body" '^curl (52|55|56)$' index_post "$W"
check_re "... logged as closed" '"status": 0' tail -n 1 "$INDEX_DIR/requests.log"
check "... next upload fine" 0 "200 OK" "" index_post "$W"
index_ctl stall=3 count=1
index_ctl stall=3 count=1
INDEX_POST_TIMEOUT=1
check "stall=3 count=1: a client waiting 1 s times out" 0 "curl 28" "" index_post "$W"
INDEX_POST_TIMEOUT=60
check "... the next one is answered at once" 0 "200 OK" "" index_post "$W"
index_ctl stall=1 stall_at=start count=1
check "stall_at=start: answered after the wait" 0 "200 OK" "" index_post "$W"
index_ctl "redirect=http://localhost:9/legacy/?a=1&b=2" count=1
check "redirect=URL: 308" 0 "308 Permanent Redirect" "" index_post "$W"
check_re "... Location: URL" '^location: http://localhost:9/legacy/\?a=1&b=2$' sh -c 'tr -d "\r" <"$1" | tr A-Z a-z' sh "$T/.index-post.hdr"
INDEX_POST_URL=${INDEX_URL%/}
check "POST /legacy (no slash): 308, as PyPI" 0 "308 Permanent Redirect" "" index_post "$W"
unset INDEX_POST_URL
check_re "... to /legacy/" "^location: ${INDEX_URL}\$" sh -c 'tr -d "\r" <"$1" | tr A-Z a-z' sh "$T/.index-post.hdr"
index_ctl mode=pypiserver
check "mode=pypiserver: an existing file, 409" 0 "409 Conflict" "" index_post "$W"
check "... 400 when the User-Agent names twine" 0 "400 Bad Request" "" index_post "$W" -- -A "twine/4.0.2"
INDEX_USER=-
check "... 401 without credentials" 0 "401 Unauthorized" "" index_post "$W"
unset INDEX_USER
index_ctl mode=pypi simple_fail=503 count=1
check "simple_fail=503 count=1: the page fails once" 0 "503 200" "" \
	sh -c 'a=$(curl -s --max-time 10 -o /dev/null -w "%{http_code}" "$1"); b=$(curl -s --max-time 10 -o /dev/null -w "%{http_code}" "$1"); echo "$a $b"' sh "${INDEX_SIMPLE}relkit-demo/"
index_ctl hide=2
check "hide=2: a new upload is accepted" 0 "200 OK" "" index_post d2/relkit_demo-1.0.0-py3-none-any.whl
check "... but not listed at once" 1 "" "" sh -c 'curl -sS --max-time 10 "$1" | grep -q relkit_demo-1.0.0-py3' sh "${INDEX_SIMPLE}relkit-demo/"
sleep 2.2
check "... and listed after 2 s" 0 "" "" sh -c 'curl -sS --max-time 10 "$1" | grep -q relkit_demo-1.0.0-py3' sh "${INDEX_SIMPLE}relkit-demo/"
index_ctl hide=0
check "a bad control key is refused" 22 "" "error: 400" index_ctl nonsense=1
check "a bad value: refused, nothing of the call applied" 22 "" "error: 400" index_ctl mode=pypiserver count=x
check "... still PyPI mode: the same bytes, 200" 0 "200 OK" "" index_post "$W"
index_ctl max_size=1000
check "max_size=1000: a larger file refused" 0 "400 File too large. Limit for project 'relkit_demo' is 0 MB. See https://pypi.org/help/#file-size-limit for more information." "" \
	index_post "$W"
index_ctl max_size=104857600

# A 40 MB wheel: streamed to disk, memory stays flat.
"$PYTHON" - <<'EOF'
import os, zipfile
os.makedirs("big")
with zipfile.ZipFile("big/relkit_demo-3.0-py3-none-any.whl", "w") as z:
    z.writestr("relkit_demo/__init__.py", "VALUE = 3\n")
    with z.open("relkit_demo/blob.bin", "w") as f:
        for _ in range(40):
            f.write(os.urandom(1 << 20))
    z.writestr("relkit_demo-3.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: relkit_demo\nVersion: 3.0\n")
    z.writestr("relkit_demo-3.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    z.writestr("relkit_demo-3.0.dist-info/RECORD", "")
EOF
rss0=$(awk '/^VmHWM/ {print $2}' /proc/"$INDEX_PID"/status)
check "a 40 MB wheel uploads" 0 "200 OK" "" index_post big/relkit_demo-3.0-py3-none-any.whl
rss1=$(awk '/^VmHWM/ {print $2}' /proc/"$INDEX_PID"/status)
ok "... peak memory grew by less than 8 MB ($rss0 -> $rss1 kB)" test $((rss1 - rss0)) -lt 8192
same "... stored intact" big/relkit_demo-3.0-py3-none-any.whl "$INDEX_DIR/files/relkit-demo/relkit_demo-3.0-py3-none-any.whl"
# wipe=1: the server as just started, without a restart; an upload in
# flight is cut, not stored.
index_ctl yank=relkit_demo-1.0.tar.gz hide=5 fail=503
index_ctl reset=1
index_ctl stall=8 count=1
INDEX_POST_TIMEOUT=20 index_post "$W" >wipe.post &
wp=$!
_i=0 # until the upload is in its stall (the stall taken)
while index_state | grep -q '"stall"' && [ $_i -lt 100 ]; do
	sleep 0.1; _i=$((_i + 1))
done
s0=$(date +%s)
check_re "wipe=1 mode=pypiserver: the state of a new server, the other key applied" 	'^\{"faults": \{\}, "projects": \[\], "settings": \{.*"hide": 0\.0,.*"mode": "pypiserver".*\}, "uploads": 0, "yanked": \[\]\}$' \
	curl -fsS --max-time 5 "$INDEX_BASE/_ctl?wipe=1&mode=pypiserver"
wait $wp
check_re "... the upload in flight is cut at once, unanswered" '^curl (52|56)$' cat wipe.post
ok "... within a second or two, not after the 8 s stall" test $(( $(date +%s) - s0 )) -le 3
check "... no file kept, the request log empty, no upload counted" 0 "0" "" \
	sh -c 'find "$1/files" -type f | wc -l | tr -d " "; cat "$1/requests.log"; test "$(cat "$1/uploads")" = 0' sh "$INDEX_DIR"
check_re "... the simple index lists no project" '^<!DOCTYPE html>' curl -fsS "$INDEX_SIMPLE"
check "... nor the project page" 0 "404" "" curl -sS -o /dev/null -w '%{http_code}' "${INDEX_SIMPLE}relkit-demo/"
r=$(index_post "$W")
check "... an upload then stored and counted, the only upload logged" 0 "200 OK 1 1" "" \
	echo "$r $(index_uploads) $(grep -c '"method": "POST"' "$INDEX_DIR/requests.log")"
check_re "wipe=0 does nothing" '"uploads": 1' curl -fsS --max-time 5 "$INDEX_BASE/_ctl?wipe=0"
ok "index_stop" index_stop
ok "... the server is gone" sh -c '! kill -0 "$1" 2>/dev/null' sh "$INDEX_PID"

# Discard mode, and a second server at once.
ok "index_start --discard" index_start --discard
check "--discard: 200 for any body" 0 "200 OK" "" index_post big/relkit_demo-3.0-py3-none-any.whl
check "... counted" 0 1 "" index_uploads
check "... nothing stored" 0 "" "" find "$INDEX_DIR/files" -type f
if index_start --fail=abc 2>"$T/start.err"; then
	_result 1 "a bad option: the server does not start"
else
	_result 0 "a bad option: the server does not start"
fi
check_re "... and index_start says why" "bad status|invalid literal" cat "$T/start.err"

# On exit every server started is stopped and lib.sh's scratch dir removed.
{
	echo ". '$libdir/lib.sh'"
	echo "INDEX_SERVER='$INDEX_SERVER'"
	echo ". '$libdir/index-lib.sh'"
	echo 'index_start || exit 3; echo "$INDEX_PID $T"'
	echo 'index_start --discard || exit 3; echo "$INDEX_PID"'
} >child.t
TMPDIR=$T sh child.t >child.out 2>&1
check "a child test starts two servers" 0 2 "" grep -c "^[0-9]" child.out
ok "... both are gone after it exits" sh -c 'n=0; for p in $(cut -d" " -f1 child.out); do ! kill -0 "$p" 2>/dev/null || exit 1; n=$((n + 1)); done; [ $n = 2 ]'
ok "... and its scratch dir too (lib.sh's trap ran)" sh -c '! test -e "$(head -1 child.out | cut -d" " -f2)"'

done_testing
