#!/bin/sh
# relkit — MIT licence, see LICENSE.
# pypiup: real sdists and wheels uploaded to tests/indexserver.py; skipping
# and clashes by sha256; retries, timeouts, redirects; every refusal before
# sending; file:// indexes; pip installs; twine's fields; no credential leak.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
mkdist="$PYTHON $top/tests/pypiup-mkdist.py"
cd "$T" || exit 2

private_home
RELKIT_BACKOFF_MS=200
export RELKIT_BACKOFF_MS

# How many upload POSTs the server's request log holds.
nposts() {
	"$PYTHON" - "$INDEX_DIR/requests.log" <<'EOF'
import json, sys
n = 0
try:
    for l in open(sys.argv[1]):
        e = json.loads(l)
        n += e["method"] == "POST" and e["path"].startswith("/legacy")
except FileNotFoundError:
    pass
print(n)
EOF
}

# A real project, built twice with different bytes (a clash).
mkproj() { # dir readme
	mkdir -p "$1/alohabots"
	cat >"$1/pyproject.toml" <<'EOF'
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "alohabots"
version = "0.9.0"
description = "Bots for Aloha"
readme = "README.md"
requires-python = ">=3.8"
authors = [{name = "Ann Example", email = "ann@example.org"}]
keywords = ["chat", "bots"]
classifiers = ["Programming Language :: Python :: 3"]

[project.optional-dependencies]
fancy = ["rich>=10"]

[project.urls]
Source = "https://example.org/src"
EOF
	printf '%s\n' "$2" >"$1/README.md"
	echo '__version__ = "0.9.0"' >"$1/alohabots/__init__.py"
	(cd "$1" && timeout 120 "$PYTHON" -m build --no-isolation >build.log 2>&1)
}
if ! mkproj proj '# Aloha bots' || ! mkproj proj2 '# Aloha bots, other bytes'; then
	skip "pypiup" "cannot build the fixture with $PYTHON -m build --no-isolation"
	done_testing
	exit
fi
SD=proj/dist/alohabots-0.9.0.tar.gz
WH=proj/dist/alohabots-0.9.0-py3-none-any.whl
WH2=proj2/dist/alohabots-0.9.0-py3-none-any.whl

index_start || exit 2
export TWINE_PASSWORD=pypi-testtoken
up() { pypiup --repository-url "$INDEX_URL" "$@"; }

# ---- usage -------------------------------------------------------------
check "-h prints the usage" 0 "$(pypiup -h)" "" pypiup -h
ok "-h names --repository-url" sh -c 'pypiup -h | grep -q -- --repository-url'
check "-V" 0 "pypiup (relkit) 0.1.0" "" pypiup -V
check "no file: usage, exit 2" 2 "" "^usage: pypiup" pypiup
check "bad option: usage, exit 2" 2 "" "usage: pypiup" pypiup --bogus "$SD"
check "-p: taken as twine takes it, with a warning naming TWINE_PASSWORD" 0 \
	"would upload $SD ($(stat -c %s "$SD") bytes, sha256 $(sha256sum <"$SD" | cut -d' ' -f1))" \
	"visible to other users of this machine \(ps\); set TWINE_PASSWORD" \
	pypiup -n --password x "$SD"
check "--timeout 0 is refused" 2 "" "--timeout: 0: not a whole number" \
	up --timeout 0 "$SD"

# ---- refusals before sending --------------------------------------------
$mkdist wheel local-1.0+dev-py3-none-any.whl local 1.0+dev
$mkdist wheel longsum-1.0-py3-none-any.whl longsum 1.0 \
	--line "Summary: $(printf '%0513d' 0)"
$mkdist wheel longurl-1.0-py3-none-any.whl longurl 1.0 \
	--line "Project-URL: $(printf '%033d' 0), https://example.org/"
$mkdist wheel direct-1.0-py3-none-any.whl direct 1.0 \
	--line "Requires-Dist: other @ https://example.org/other.whl"
$mkdist wheel mv-1.0-py3-none-any.whl mv 1.0 --mv 3.0
$mkdist wheel norecord-1.0-py3-none-any.whl norecord 1.0 --no-record
$mkdist wheel vers-1.1-py3-none-any.whl vers 1.0
$mkdist sdist aloha-bots-1.0.tar.gz aloha-bots 1.0
$mkdist sdist aloha_bots-1.0.tar.gz aloha-bots 1.0
mkdir second && $mkdist sdist second/aloha_bots-1.0.tar.gz aloha_bots 1.0
printf 'not a zip' >junk-1.0-py3-none-any.whl
cp "$SD" alohabots-0.9.0.zip

refuse() { # desc stderr-ERE file...
	_d=$1 _e=$2
	shift 2
	check "refused: $_d" 2 "" "$_e" up "$@"
}
refuse "local version" "The use of local versions in '[^']*\+dev' is not allowed\.\$" \
	local-1.0+dev-py3-none-any.whl
refuse "summary over 512" "'summary' field must be 512 characters or less\. \(it has 513\)" \
	longsum-1.0-py3-none-any.whl
refuse "Project-URL label over 32" "'0+' must be 32 characters or less" \
	longurl-1.0-py3-none-any.whl
refuse "direct URL in Requires-Dist" "Can't have direct dependency: other @ https://example.org/other.whl" \
	direct-1.0-py3-none-any.whl
refuse "Metadata-Version 3.0" "'3\.0' is not a valid metadata version \\(PyPI accepts" \
	mv-1.0-py3-none-any.whl
refuse "wheel without RECORD" "does not contain the required RECORD file: norecord-1\.0\.dist-info/RECORD" \
	norecord-1.0-py3-none-any.whl
refuse "wheel version not the metadata's" "Version in filename should be '1\.0' not '1\.1'" \
	vers-1.1-py3-none-any.whl
refuse "sdist name not PEP 625" "should be 'aloha_bots-1\.0\.tar\.gz'\. \(PEP 625; .*setuptools >= 69\.3" \
	aloha-bots-1.0.tar.gz
refuse "sdist .zip" "PyPI accepts only \.tar\.gz source distributions" \
	alohabots-0.9.0.zip
refuse "not an archive" "junk-1\.0-py3-none-any\.whl" junk-1.0-py3-none-any.whl
refuse "missing file" "nonexistent-1\.0\.tar\.gz" nonexistent-1.0.tar.gz
refuse "two sdists of one release" "a second sdist for aloha_bots 1\.0 \(after aloha_bots-1\.0\.tar\.gz\)" \
	aloha_bots-1.0.tar.gz second/aloha_bots-1.0.tar.gz
"$PYTHON" "$top/tests/mkhostile.py" hostile && cp hostile/trail-1.0-py3-none-any.whl .
refuse "an archive PyPI refuses (pkgls -c's archive checks)" \
	"^pypiup: trail-1\.0-py3-none-any\.whl: PyPI: ZIP archive not accepted: Trailing data\. " \
	trail-1.0-py3-none-any.whl
refuse "one bad file among good ones: nothing sent" "nothing uploaded" \
	"$SD" "$WH" local-1.0+dev-py3-none-any.whl
check "plain http to a host that is not loopback" 2 "" \
	"plain http to a host that is not loopback; use https, or --allow-http" \
	pypiup --repository-url http://192.0.2.1/legacy/ "$SD"
check "an --index-url over plain http too" 2 "" "index URL: http://192\.0\.2\.1/simple/: plain http" \
	up --index-url http://192.0.2.1/simple/ "$SD"
check "unknown -r section" 2 "" "no section \[nowhere\]" pypiup -r nowhere "$SD"
check "--config-file that does not exist" 2 "" "nofile: No such file" \
	pypiup --config-file "$T/nofile" -r local "$SD"
check "missing credentials: clear error" 2 "" "no password: set TWINE_PASSWORD" \
	env -u TWINE_PASSWORD pypiup --repository-url "$INDEX_URL" "$SD"
check "missing credentials for -r testpypi names the .pypirc" 2 "" \
	"no password for repository testpypi: .*\[testpypi\] of $T/home/\.pypirc" \
	env -u TWINE_PASSWORD pypiup -r testpypi "$SD"
check "-n checks and digests without connecting" 0 \
	"would upload $SD ($(stat -c %s "$SD") bytes, sha256 $(sha256sum <"$SD" | cut -d' ' -f1))" \
	"" up -n "$SD"
check "-n -v shows the fields" 0 "would upload $WH ($(stat -c %s "$WH") bytes, sha256 $(sha256sum <"$WH" | cut -d' ' -f1))" \
	"> blake2_256_digest: $(b2sum -l 256 <"$WH" | cut -d' ' -f1)" up -n -v "$WH"
ok "nothing reached the server so far" test "$(nposts)" = 0
# --show-urls: the URLs pypiup resolves (release.mk reads the index from
# it), and whether the credentials are found without asking; none needed.
printf '[distutils]\nindex-servers = t u testpypi\n[t]\nrepository = http://127.0.0.1:9/legacy/\n[u]\nrepository = http://127.0.0.1:9/up\nusername = alice\npassword = s3cret\n' >urls.pypirc
chmod 600 urls.pypirc
: >empty.pypirc
chmod 600 empty.pypirc
nocreds="env -u TWINE_USERNAME -u TWINE_PASSWORD -u GITLAB_CI -u ACTIONS_ID_TOKEN_REQUEST_URL"
check "--show-urls: a legacy/ URL's index is simple/; no credentials" 0 "upload http://127.0.0.1:9/legacy/
index http://127.0.0.1:9/simple/
credentials no" "" $nocreds pypiup --show-urls -r t --config-file urls.pypirc
check "--show-urls: other URLs get simple/ appended; the section's credentials" 0 "upload http://127.0.0.1:9/up
index http://127.0.0.1:9/up/simple/
credentials yes" "" $nocreds pypiup --show-urls -r u --config-file urls.pypirc
check "--show-urls: --index-url wins" 0 "upload http://127.0.0.1:9/up
index http://127.0.0.1:9/i/
credentials yes" "" $nocreds pypiup --show-urls -r u --config-file urls.pypirc --index-url http://127.0.0.1:9/i
check "--show-urls: a testpypi section pointing elsewhere is followed" 0 "upload http://127.0.0.1:9/legacy/
index http://127.0.0.1:9/simple/
credentials no" "" $nocreds sh -c 'sed s/^\\[t\\]/[testpypi]/ urls.pypirc >t2.pypirc && chmod 600 t2.pypirc && pypiup --show-urls -r testpypi --config-file t2.pypirc'
check "--show-urls: file:// needs none" 0 "upload file:///srv/idx/
index file:///srv/idx/simple/
credentials yes" "" $nocreds pypiup --show-urls --repository-url file:///srv/idx/
check "--show-urls: PyPI with TWINE_PASSWORD alone (user __token__)" 0 "upload https://upload.pypi.org/legacy/
index https://pypi.org/simple/
credentials yes" "" $nocreds TWINE_PASSWORD=pypi-x pypiup --show-urls -r pypi --config-file empty.pypirc
check "--show-urls: an empty TWINE_PASSWORD is no password" 0 "upload https://upload.pypi.org/legacy/
index https://pypi.org/simple/
credentials no" "" $nocreds TWINE_PASSWORD= pypiup --show-urls -r pypi --config-file empty.pypirc
check "--show-urls: Trusted Publishing on GitLab CI" 0 "upload https://upload.pypi.org/legacy/
index https://pypi.org/simple/
credentials yes" "" $nocreds GITLAB_CI=true pypiup --show-urls -r pypi --config-file empty.pypirc
check "--show-urls: an unknown section" 2 "" "no section \\[nope\\]" pypiup --show-urls -r nope --config-file urls.pypirc
check "--show-urls takes no file" 2 "" "usage: pypiup" pypiup --show-urls "$SD"

# ---- uploads -------------------------------------------------------------
check "upload a sdist and a wheel" 0 "uploaded $SD
uploaded $WH" "" up "$SD" "$WH"
ok "the server took both" test "$(index_uploads)" = 2
n=$(nposts)
check "-s: both skipped" 0 "skipped $SD (already on the index)
skipped $WH (already on the index)" "" up --skip-existing "$SD" "$WH"
ok "-s sent no upload request" test "$(nposts)" = "$n"
check "again without -s: the same bytes are accepted again (200)" 0 \
	"uploaded $WH" "" up "$WH"
check "clash: same name, other bytes, fails by the index's sha256" 1 \
	"failed $WH2: the index has another alohabots-0.9.0-py3-none-any.whl (sha256 $(sha256sum <"$WH" | cut -d' ' -f1), not $(sha256sum <"$WH2" | cut -d' ' -f1))" \
	"" up "$WH2"
n=$(nposts)
check "clash with -s: fails without sending" 1 \
	"failed $WH2: the index has another alohabots-0.9.0-py3-none-any.whl (sha256 $(sha256sum <"$WH" | cut -d' ' -f1), not $(sha256sum <"$WH2" | cut -d' ' -f1))" \
	"" up --skip-existing "$WH2"
ok "clash with -s: no upload request" test "$(nposts)" = "$n"
index_ctl mode=pypiserver
check "pypiserver's 409 for the same bytes: skipped by the sha256" 0 \
	"skipped $WH (already on the index)" "" up "$WH"
index_ctl mode=pypi

n=$(nposts)
check "wrong password: 403, failed" 1 \
	"failed $WH: 403 Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information." \
	"" env TWINE_PASSWORD=pypi-wrong pypiup --repository-url "$INDEX_URL" "$WH"
ok "403 was not retried" test "$(nposts)" = $((n + 1))

# A file the index already lists is found there before any retry (not
# sent again): each retry case uploads a new file.
fresh() { # N
	mkdir -p fresh
	$mkdist wheel fresh/freshpkg-1.$1-py3-none-any.whl freshpkg 1.$1
	echo fresh/freshpkg-1.$1-py3-none-any.whl
}
index_ctl fail=500 count=1
n=$(nposts)
F=$(fresh 1)
check "500 once, then success" 0 "uploaded $F" \
	"500 Internal Server Error; try 2 of 5" up "$F"
ok "500: two requests" test "$(nposts)" = $((n + 2))
index_ctl fail=500
n=$(nposts)
F=$(fresh 2)
check "500 every time: failed after 5 tries" 1 "failed $F: 500 Internal Server Error" \
	"try 5 of 5" up "$F"
ok "500 every time: exactly 5 requests" test "$(nposts)" = $((n + 5))
index_ctl reset=1
pypiup --repository-url http://127.0.0.1:9/legacy/ "$WH" >down.out 2>down.err
ok "nothing listening: exit 1" test $? = 1
ok "nothing listening: failed, saying why" grep -Eq \
	"^failed $WH: no answer: Failed to connect to 127\.0\.0\.1 port 9 .*Couldn't connect to server\$" down.out
ok "nothing listening: tried 5 times" grep -q "try 5 of 5" down.err
index_ctl fail=503 retry_after=2 count=1
s=$(date +%s)
F=$(fresh 3)
check "503 with Retry-After: 2, then success" 0 "uploaded $F" \
	"503 .*try 2 of 5 in 2\.0 s" up "$F"
ok "Retry-After was honoured" test $(( $(date +%s) - s )) -ge 2
index_ctl reset=1
index_ctl close=500 count=1
F=$(fresh 4)
check "connection closed mid-body, then success" 0 "uploaded $F" "try 2 of 5" up "$F"
index_ctl reset=1
# under valgrind on a busy machine a run takes seconds of its own: a
# longer stall, so that "cut short" still means something
if [ "${VALGRIND:-}" = 1 ]; then stall5=30; else stall5=5; fi
index_ctl stall=$stall5 stall_at=start count=1
s=$(date +%s)
F=$(fresh 5)
check "stall past --timeout 1, then success" 0 "uploaded $F" \
	"(timed out|Timeout|too slow).*try 2 of 5" env RELKIT_ANSWER_TIMEOUT=1 pypiup --repository-url "$INDEX_URL" --timeout 1 "$F"
ok "the stall was cut short" test $(( $(date +%s) - s )) -lt $stall5
index_ctl reset=1
index_ctl "redirect=$INDEX_BASE/elsewhere/" count=1
check "redirect: failed, naming the new URL" 1 \
	"failed $WH: 308 Permanent Redirect (redirected to $INDEX_BASE/elsewhere/: give that URL with --repository-url; redirects are not followed)" \
	"" up "$WH"
index_ctl reset=1
check "/legacy without the slash: PyPI's 308 is reported" 1 \
	"failed $WH: 308 Permanent Redirect (redirected to $INDEX_BASE/legacy/: give that URL with --repository-url; redirects are not followed)" \
	"" pypiup --repository-url "$INDEX_BASE/legacy" "$WH"

# A file changed after it was checked: the digests sent no longer match.
mkdir late
$mkdist wheel late/late-1.0-py3-none-any.whl late 1.0
$mkdist wheel late2.whl late 1.0 --line "Summary: other bytes"
# (the change lands while the first upload stalls, after the checks: under
# valgrind the checks take longer, so the stall and the wait do too)
if [ "${VALGRIND:-}" = 1 ]; then late_stall=24 late_wait=12; else late_stall=2 late_wait=1; fi
index_ctl stall=$late_stall stall_at=start count=1
(sleep $late_wait; cp late2.whl late/late-1.0-py3-none-any.whl) &
p=$!
check "file changed after the check: the server's bad-digest answer" 1 \
	"uploaded $WH
failed late/late-1.0-py3-none-any.whl: 400 The digest supplied does not match a digest calculated from the uploaded file." \
	"" up -j 1 "$WH" late/late-1.0-py3-none-any.whl
wait $p
index_ctl reset=1

# ---- --verify --------------------------------------------------------------
check "--verify: listed with the sha256" 0 "uploaded $SD
uploaded $WH
verified $SD
verified $WH" "" up --verify "$SD" "$WH"
$mkdist wheel hidden-1.0-py3-none-any.whl hidden 1.0
index_ctl hide=60
check "--verify: a file the index does not list fails, bounded" 1 \
	"uploaded hidden-1.0-py3-none-any.whl
failed hidden-1.0-py3-none-any.whl: not listed on the index with sha256 $(sha256sum <hidden-1.0-py3-none-any.whl | cut -d' ' -f1) after 2 s" \
	"" env RELKIT_VERIFY_WAIT=2 pypiup --repository-url "$INDEX_URL" --verify hidden-1.0-py3-none-any.whl
index_ctl reset=1
index_ctl json=0
check "-s reads a PEP 503 HTML page too" 0 "skipped $SD (already on the index)" \
	"" up --skip-existing "$SD"
index_ctl reset=1

# ---- .pypirc ----------------------------------------------------------------
cat >home/.pypirc <<EOF
[distutils]
index-servers =
    local

[local]
repository = $INDEX_URL
username = alice
password = s3cret
EOF
chmod 644 home/.pypirc
check "-r from ~/.pypirc; readable by others: a warning" 0 "uploaded $WH" \
	"warning: $T/home/\.pypirc: readable by group or others" \
	env -u TWINE_PASSWORD pypiup -r local "$WH"
chmod 600 home/.pypirc
check "TWINE_REPOSITORY names the section" 0 "uploaded $WH" "" \
	env -u TWINE_PASSWORD TWINE_REPOSITORY=local pypiup "$WH"
check "TWINE_PASSWORD beats the .pypirc's password" 1 \
	"failed $WH: 403 Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information." \
	"" env TWINE_PASSWORD=wrong pypiup -r local "$WH"
check "-u with TWINE_PASSWORD" 0 "uploaded $WH" "" \
	env TWINE_PASSWORD=s3cret pypiup -u alice --repository-url "$INDEX_URL" "$WH"
check "--repository-url wins over -r" 0 "uploaded $WH" "" \
	pypiup -r testpypi --repository-url "$INDEX_URL" "$WH"
cp home/.pypirc other.pypirc
rm home/.pypirc
check "--config-file" 0 "uploaded $WH" "" \
	env -u TWINE_PASSWORD pypiup --config-file other.pypirc -r local "$WH"

# ---- credentials stay secret --------------------------------------------
up -v --skip-existing "$SD" "$WH" >leak.out 2>leak.err
ok "-v: requests and answers shown" grep -q '^> GET ' leak.err
cat proj/dist/* >/dev/null
token64=$(printf '__token__:pypi-testtoken' | base64)
ok "-v: the token is not in stdout or stderr" sh -c \
	"! grep -q -e testtoken -e '$token64' leak.out leak.err"
up -v "$WH" >leak.out 2>leak.err
ok "-v upload: Authorization shown hidden" grep -q 'Authorization: Basic (hidden)' leak.err
ok "-v upload: the token is not in stdout or stderr" sh -c \
	"! grep -q -e testtoken -e '$token64' leak.out leak.err"
index_ctl stall=3 stall_at=start count=1
up "$WH" >/dev/null 2>&1 &
p=$!
sleep 1
tr '\0' ' ' </proc/$p/cmdline >cmdline 2>/dev/null
wait $p
index_ctl reset=1
ok "/proc/PID/cmdline while uploading is pypiup's" grep -q pypiup cmdline
ok "/proc/PID/cmdline holds no token" sh -c '! grep -q testtoken cmdline'

# An index on another origin gets no credentials.
saved="$INDEX_URL $INDEX_BASE $INDEX_DIR $INDEX_PID $INDEX_SIMPLE $INDEX_PORT"
index_start || exit 2
other_simple=$INDEX_SIMPLE other_dir=$INDEX_DIR
set -- $saved
INDEX_URL=$1 INDEX_BASE=$2 INDEX_DIR=$3 INDEX_PID=$4 INDEX_SIMPLE=$5 INDEX_PORT=$6
check "--index-url on another port: read for -s" 0 "uploaded $WH" "" \
	up --skip-existing --index-url "$other_simple" "$WH"
ok "... without credentials" sh -c "grep -q '\"GET\"' '$other_dir/requests.log' &&
	! grep -q '\"authorization\": true' '$other_dir/requests.log'"
ok "the upload origin's reads carry them" "$PYTHON" -c '
import json, sys
sys.exit(not any(e["method"] == "GET" and e["authorization"]
                 for e in map(json.loads, open(sys.argv[1]))))' "$INDEX_DIR/requests.log"

# Progress only on a terminal.
if command -v script >/dev/null; then
	script -qec "pypiup --repository-url '$INDEX_URL' '$WH' 2>&1" /dev/null \
		>tty.out </dev/null
	ok "progress on a terminal: bytes, rate" grep -q "alohabots-0.9.0-py3-none-any.whl: .* of .*/s" tty.out
	script -qec "pypiup -q --repository-url '$INDEX_URL' '$WH' 2>&1" /dev/null \
		>tty.out </dev/null
	ok "-q: no progress on a terminal" sh -c '! grep -q "/s" tty.out'
	script -qec "pypiup --disable-progress-bar --non-interactive --repository-url '$INDEX_URL' '$WH' 2>&1" /dev/null \
		>tty.out </dev/null
	ok "twine's --disable-progress-bar and --non-interactive" sh -c \
		'grep -q "^uploaded" tty.out && ! grep -q "/s" tty.out'
else
	skip "progress on a terminal" "script(1) is not installed"
fi

# ---- TLS: always verified; --cert, TWINE_CERT, --client-cert ----------------
tlsproxy() { # portfile [client-ca]; starts a TLS relay to the index
	"$PYTHON" "$top/tests/pypiup-tlsproxy.py" tls.pem tls.key "$INDEX_PORT" \
		"$@" </dev/null >>tlsproxy.log 2>&1 &
	tlspids="${tlspids:-} $!"
	i=0
	while [ ! -s "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	test -s "$1"
}
if openssl req -x509 -newkey rsa:2048 -nodes -keyout tls.key -out tls.pem \
	-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -days 2 \
	>tls.log 2>&1 &&
   openssl req -x509 -newkey rsa:2048 -nodes -keyout client.key \
	-out client.crt -subj /CN=client -days 2 >>tls.log 2>&1 &&
   tlsproxy tls.port && tlsproxy tls2.port client.crt; then
	cat client.crt client.key >client.pem
	https=https://127.0.0.1:$(cat tls.port)/legacy/
	https2=https://127.0.0.1:$(cat tls2.port)/legacy/
	pypiup --repository-url "$https" "$WH" >tls.out 2>tls.err
	ok "https with an unknown CA: exit 1" test $? = 1
	ok "... failed on the certificate, not retried" sh -c \
		"grep -q '^failed $WH: no answer: .*certificate' tls.out && ! grep -q try tls.err"
	check "--cert CA: uploaded over https" 0 "uploaded $WH" "" \
		pypiup --repository-url "$https" --cert tls.pem "$WH"
	check "TWINE_CERT: the same" 0 "uploaded $WH" "" \
		env TWINE_CERT=tls.pem pypiup --repository-url "$https" "$WH"
	check "-s over https: the index read verified too" 0 \
		"skipped $WH (already on the index)" "" \
		pypiup --repository-url "$https" --cert tls.pem --skip-existing "$WH"
	pypiup --repository-url "$https2" --cert tls.pem "$WH" >tls.out 2>&1
	ok "a server that wants a client certificate: failed without one" \
		grep -q "^failed $WH: no answer" tls.out
	check "--client-cert: uploaded" 0 "uploaded $WH" "" pypiup \
		--repository-url "$https2" --cert tls.pem --client-cert client.pem "$WH"
else
	skip "TLS" "cannot make a certificate or start the relay: $(tail -1 tls.log)"
fi
for p in ${tlspids:-}; do kill "$p"; wait "$p" 2>/dev/null; done

# ---- file:// index ----------------------------------------------------------
check "file://: publish" 0 "uploaded $SD
uploaded $WH" "" env -u TWINE_PASSWORD pypiup --repository-url "file://$T/findex" "$SD" "$WH"
ok "file://: the project page links the wheel with its sha256" grep -q \
	"alohabots-0.9.0-py3-none-any.whl#sha256=$(sha256sum <"$WH" | cut -d' ' -f1)" \
	findex/simple/alohabots/index.html
check "file://: again, skipped" 0 "skipped $SD (already on the index)
skipped $WH (already on the index)" "" pypiup --repository-url "file://$T/findex" "$SD" "$WH"
check "file://: a clash fails" 1 \
	"failed $WH2: the index has another alohabots-0.9.0-py3-none-any.whl (sha256 $(sha256sum <"$WH" | cut -d' ' -f1), not $(sha256sum <"$WH2" | cut -d' ' -f1))" \
	"" pypiup --repository-url "file://$T/findex" "$WH2"
check "file://: --verify" 0 "skipped $WH (already on the index)
verified $WH" "" pypiup --repository-url "file://$T/findex" --verify "$WH"

# ---- pip installs what was uploaded ---------------------------------------
if timeout 120 "$PYTHON" -m venv venv >venv.log 2>&1; then
	ok "pip installs from the test index" timeout 120 venv/bin/pip install \
		--no-cache-dir --disable-pip-version-check --target t1 \
		--index-url "$INDEX_SIMPLE" alohabots==0.9.0
	ok "... the uploaded version" test -f t1/alohabots-0.9.0.dist-info/METADATA
	ok "pip installs from the file:// index" timeout 120 venv/bin/pip install \
		--no-cache-dir --disable-pip-version-check --target t2 \
		--index-url "file://$T/findex/simple/" alohabots==0.9.0
	ok "... the uploaded version" test -f t2/alohabots-0.9.0.dist-info/METADATA
else
	skip "pip installs" "no venv: $(tail -1 venv.log)"
fi

# ---- twine sends the same fields ------------------------------------------
if command -v twine >/dev/null && [ "$(command -v twine)" = /usr/bin/twine ]; then
	index_stop
	index_start || exit 2
	up "$SD" "$WH" >/dev/null 2>&1
	TWINE_USERNAME=__token__ timeout 120 twine upload --non-interactive \
		--disable-progress-bar --repository-url "$INDEX_URL" "$SD" "$WH" \
		>twine.log 2>&1
	ok "twine uploaded the same files" test $? = 0
	# Pair the requests by file; twine 4's known extras: md5_digest,
	# comment, empty fields, and provides_extras for provides_extra.
	"$PYTHON" - "$INDEX_DIR/requests.log" >fields.diff 2>&1 <<'EOF'
import json, sys
posts = [e for e in map(json.loads, open(sys.argv[1]))
         if e["method"] == "POST" and e["path"] == "/legacy/"]
def by(agent):
    return {e["content"]["filename"]: e for e in posts
            if agent in e["headers"]["user-agent"]}
ours, theirs = by("pypiup"), by("twine")
assert len(ours) == 2 and sorted(ours) == sorted(theirs), (ours, theirs)
rename = {"provides_extras": "provides_extra"}
for name in sorted(ours):
    # twine 4 sends "" for what it lacks (pyversion of a sdist, for one)
    empty = {k for k, v in theirs[name]["fields"] if v == ""}
    fa = sorted(tuple(f) for f in ours[name]["fields"] if f[0] not in empty)
    # twine 7 (as pypiup) joins the keywords with ", "; twine 4 sends them raw
    kw = lambda k, v: ", ".join(w.strip() for w in v.split(",")) if k == "keywords" else v
    fb = sorted((rename.get(k, k), kw(k, v)) for k, v in theirs[name]["fields"]
                if k not in ("md5_digest", "comment") and v != "")
    for f in sorted(set(fa) ^ set(fb)):
        print(("pypiup only: " if f in fa else "twine only: ") + repr(f))
    if fa == fb:
        print("same", name, len(fa))
EOF
	ok "twine 4 and pypiup send the same fields (but twine 4's extras)" \
		sh -c '! grep -v "^same " fields.diff && test "$(grep -c "^same " fields.diff)" = 2'
else
	skip "twine comparison" "Debian's twine is not installed"
fi

# ---- hostile answers (issue 25) --------------------------------------------
# Every request has a deadline, an answer's size a cap, the retry of a body
# is ours (after asking the index by sha256), and the server's words reach
# the terminal with control characters escaped.
index_ctl reset=1
# How many upload POSTs of a file the request log holds.
posts_of() {
	"$PYTHON" - "$INDEX_DIR/requests.log" "$1" <<'EOF'
import json, sys
print(sum(1 for l in open(sys.argv[1]) for e in [json.loads(l)]
          if e["method"] == "POST" and
          (e.get("content") or {}).get("filename") == sys.argv[2]))
EOF
}
hx() { # N: a fresh wheel
	mkdir -p hx
	$mkdist wheel hx/hx$1-1.0-py3-none-any.whl hx$1 1.0
	echo hx/hx$1-1.0-py3-none-any.whl
}
B=$(hx 1)
index_ctl trickle=1 count=1
check "a 200 trickling a byte a second: cut at the answer's limit, found by its sha256" 0 \
	"uploaded $B" \
	"^pypiup: hx1-1\.0-py3-none-any\.whl: timed out: the answer not whole 1 s after the body was sent; the index lists it with its sha256: not sent again$" \
	env RELKIT_ANSWER_TIMEOUT=1 timeout $((30 * TMUL)) pypiup --timeout 1 --repository-url "$INDEX_URL" "$B"
ok "... sent once" test "$(posts_of "${B#hx/}")" = 1
B=$(hx 2)
index_ctl reset=1
index_ctl endless=1 count=1
check "a 200 whose body never ends: an error past 1 MiB, found by its sha256" 0 \
	"uploaded $B" \
	"^pypiup: hx2-1\.0-py3-none-any\.whl: the answer is larger than 1048576 bytes; the index lists it with its sha256: not sent again$" \
	timeout $((30 * TMUL)) pypiup --repository-url "$INDEX_URL" "$B"
index_ctl reset=1
index_ctl simple_trickle=1
B=$(hx 3)
check "a simple page trickling a byte a second: each try cut after --timeout, failed" 1 \
	"failed $B: cannot read the index to skip existing files" \
	"simple/hx3/: timed out: slower than 1024 bytes a second for 1 s; try 2 of 5.*
.*simple/hx3/: timed out: slower than 1024 bytes a second for 1 s$" \
	timeout $((60 * TMUL)) pypiup --timeout 1 --skip-existing --repository-url "$INDEX_URL" "$B"
index_ctl reset=1
index_ctl simple_trickle=0 simple_endless=1
check "a simple page that never ends: an error past 64 MiB" 1 \
	"failed $B: cannot read the index to skip existing files" \
	"simple/hx3/: the answer is larger than 67108864 bytes$" \
	timeout $((60 * TMUL)) pypiup --skip-existing --repository-url "$INDEX_URL" "$B"
index_ctl simple_endless=0
# The index keeps the second file and resets the connection the first left
# open: libcurl would send the body again on its own, and an index that
# answers the copy 400 would make it "skipped".
B4=$(hx 4) B5=$(hx 5)
index_ctl dup400=1
index_ctl rst=1 only=hx5 count=1
check "stored, then a reused connection reset: asked by sha256, not sent again" 0 \
	"uploaded $B4
uploaded $B5" \
	"^pypiup: hx5-1\.0-py3-none-any\.whl: the connection closed before the answer; the index lists it with its sha256: not sent again$" \
	timeout $((60 * TMUL)) pypiup -j 1 --repository-url "$INDEX_URL" "$B4" "$B5"
ok "... its body sent once" test "$(posts_of "${B5#hx/}")" = 1
index_ctl reset=1
index_ctl dup400=0
B=$(hx 6)
index_ctl fail=403 count=1 "reason=$(printf '\rx\033[2K\ruploaded %s \007\302\233\033]0;t\007' "$B")"
check "a reason phrase with ESC, CR, BEL, OSC and 8-bit CSI: escaped" 1 \
	"failed $B: 403 x\\x1b[2K\\ruploaded $B \\x07\\x9b\\x1b]0;t\\x07" "" \
	timeout $((30 * TMUL)) pypiup -q --repository-url "$INDEX_URL" "$B"
index_ctl reset=1
index_ctl fail=418 bare=1 count=1 "title=$(printf 'T\302\233x\033[31m\302\2052J')"
check "an HTML title with C1 controls and ESC: escaped" 1 \
	"failed $B: 418 T\\xc2\\x9bx\\x1b[31m\\xc2\\x852J" "" \
	timeout $((30 * TMUL)) pypiup -q --repository-url "$INDEX_URL" "$B"
index_ctl reset=1
index_ctl fail=403 count=1 "reason=$(printf 'no\033[2Kway')"
timeout $((30 * TMUL)) pypiup -v --repository-url "$INDEX_URL" "$B" >hx.out 2>hx.err
ok "-v: the header lines escaped too" sh -c \
	"grep -q '^< HTTP/1.1 403 no.x1b.2Kway$' hx.err && ! grep -q \"\$(printf '\\033')\" hx.err hx.out"
index_ctl reset=1
cp hostile/unsafe-1.0-py3-none-any.whl .
check "-n: a wheel with ../../evil.py and /abs.py refused, as pkgls -c does" 2 "" \
	"unsafe-1\.0-py3-none-any\.whl: \.\./\.\./evil\.py: unsafe name: '\.\.' component
.*unsafe-1\.0-py3-none-any\.whl: /abs\.py: unsafe name: absolute path" \
	pypiup -n unsafe-1.0-py3-none-any.whl

# An index's Trusted Publishing refusal that echoes the OIDC token (a JWT)
# with control characters: the token hidden, the characters escaped.
"$PYTHON" "$top/tests/oidc-standin.py" --port-file "$T/tpx.port" \
	--log "$T/tpx.log" --echo </dev/null >/dev/null 2>&1 &
tpx=$!
_i=0
while [ ! -s "$T/tpx.port" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
jwt=eyJhbGciOiJub25lIn0.eyJzdWIiOiJyZXBvOngifQ.c2lnbmF0dXJl
check "an OIDC refusal echoing the JWT: hidden, control characters escaped" 2 "" \
	"^pypiup:   bad\\\\x1b\[2K\\\\xc2\\\\x9b: token \*{8}\\\\r\\\\x1b\]0;x\\\\x07 refused$" \
	env -u TWINE_PASSWORD GITLAB_CI=true PYPI_ID_TOKEN=$jwt TWINE_USERNAME=__token__ \
	timeout $((30 * TMUL)) pypiup --trusted-publishing always --repository-url "http://127.0.0.1:$(cat "$T/tpx.port")/legacy/" "$WH"
ok "... the JWT nowhere, no raw ESC" sh -c \
	"! grep -q -e '$jwt' -e eyJzdWIi -e \"\$(printf '\\033')\" '$T/.out' '$T/.err'"
kill $tpx

# A password with '#', '/', '?' or a space makes no URL: hidden all the same.
for pw in 's3cr#t' 's3cr/t' 's3cr?t' 's3 cr'; do
	check "--repository-url with a password holding '${pw#s3}': not a URL, the password hidden" 2 "" \
		"^pypiup: repository URL: http://\*{8}@host/: not a URL( \(no host\))?$" \
		pypiup --repository-url "http://alice:$pw@host/" "$WH"
done

# -n -v shows the form: an archive's words with control characters escaped.
$mkdist wheel esc-1.0-py3-none-any.whl esc 1.0 --line "Summary: a$(printf '\033')[2Kb"
check "-n -v: a Summary with ESC shown escaped" 0 \
	"would upload esc-1.0-py3-none-any.whl ($(stat -c %s esc-1.0-py3-none-any.whl) bytes, sha256 $(sha256sum <esc-1.0-py3-none-any.whl | cut -d' ' -f1))" \
	"^> summary: a\\\\x1b\[2Kb$" pypiup -n -v esc-1.0-py3-none-any.whl

# Trusted Publishing: an index trickling its answer is cut at --timeout.
"$PYTHON" "$top/tests/oidc-standin.py" --port-file "$T/tpt.port" \
	--log "$T/tpt.log" --trickle </dev/null >/dev/null 2>&1 &
tpt=$!
_i=0
while [ ! -s "$T/tpt.port" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
check "an OIDC audience trickling a byte a second: cut at --timeout 2" 2 "" \
	"trusted publishing audience: .*: Operation timed out after [0-9]+ milliseconds" \
	env -u TWINE_PASSWORD GITLAB_CI=true PYPI_ID_TOKEN=x TWINE_USERNAME=__token__ \
	timeout $((30 * TMUL)) pypiup --trusted-publishing always --timeout 2 --repository-url "http://127.0.0.1:$(cat "$T/tpt.port")/legacy/" "$WH"
kill $tpt

done_testing
