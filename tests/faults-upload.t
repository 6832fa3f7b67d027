#!/bin/sh
# relkit — MIT licence, see LICENSE.
# pypiup against hostile networks: a TLS index with a self-signed
# certificate (refused without --cert and nothing stored, accepted with it,
# a wrong host name refused even with it), a redirect to another host
# (which must see no request and so no Authorization), an index that always
# resets or stalls (nothing reported uploaded), and the token kept out of
# every output, argv and the process environment. What tests/pypiup.t
# already covers (500, 503 + Retry-After, one reset, one stall, -v output,
# TWINE_CERT, --client-cert) is not repeated.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
. "$(dirname "$0")/faults-lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$T" || exit 2
if ! command -v pypiup >/dev/null || ! command -v openssl >/dev/null; then
	skip "uploads under faults" "pypiup or openssl missing"
	done_testing
	exit
fi
HOME=$T/home
export HOME
mkdir home dist
unset TWINE_PASSWORD TWINE_USERNAME TWINE_REPOSITORY TWINE_REPOSITORY_URL TWINE_CERT
# pypiup retries with a backoff: keep it short, as the other upload tests do.
RELKIT_BACKOFF_MS=20
export RELKIT_BACKOFF_MS
TOKEN=pypi-faultstoken-7f3a9c
printf '__token__:%s\n' "$TOKEN" > users
"$PYTHON" "$top/tests/pypiup-mkdist.py" wheel dist/alohabots-0.9.0-py3-none-any.whl alohabots 0.9.0
WH=dist/alohabots-0.9.0-py3-none-any.whl

index_start --users-file "$T/users" || exit 2
on_exit tls_stop
PLAIN_URL=$INDEX_URL PLAIN_PORT=$INDEX_PORT

# ---- TLS with a self-signed certificate ---------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
	-keyout key.pem -out cert.pem >openssl.log 2>&1 || exit 2
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other.example \
	-addext "subjectAltName=DNS:other.example" \
	-keyout okey.pem -out ocert.pem >>openssl.log 2>&1 || exit 2
tls_start cert.pem key.pem "$PLAIN_PORT" || exit 2
GOOD_TLS=$TLS_PORT
tls_start ocert.pem okey.pem "$PLAIN_PORT" || exit 2
OTHER_TLS=$TLS_PORT
# --repository-url skips the .pypirc (as twine does): each URL its section.
section() { printf '[%s]\nrepository = %s\nusername = __token__\npassword = %s\n\n' "$1" "$2" "$TOKEN"; }
{
	printf '[distutils]\nindex-servers = local tls tlslocalhost tlsother\n\n'
	section local "$INDEX_URL"
	section tls "https://127.0.0.1:$GOOD_TLS/legacy/"
	section tlslocalhost "https://localhost:$GOOD_TLS/legacy/"
	section tlsother "https://127.0.0.1:$OTHER_TLS/legacy/"
} > home/.pypirc
chmod 600 home/.pypirc

n=$(index_uploads)
check "self-signed TLS without --cert: refused" 1 \
	"failed $WH: no answer: SSL certificate problem: self-signed certificate" \
	"" pypiup -r tls -q "$WH"
ok "... and nothing reached the index" test "$(index_uploads)" = "$n"
check "self-signed TLS with --cert: uploaded" 0 "uploaded $WH" "" \
	pypiup -r tls --cert cert.pem "$WH"
ok "... and the index has it" test "$(index_uploads)" = $((n + 1))
check "localhost is in the certificate too" 0 "uploaded $WH" "" \
	pypiup -r tlslocalhost --cert cert.pem "$WH"
n=$(index_uploads)
check "a certificate for another host name: refused even with --cert" 1 \
	"failed $WH: no answer: SSL: no alternative certificate subject name matches target host name '127.0.0.1'" \
	"" pypiup -r tlsother --cert ocert.pem -q "$WH"
ok "... and nothing reached the index" test "$(index_uploads)" = "$n"

# ---- a redirect to another host carries no credentials -------------------
saved="$INDEX_URL $INDEX_BASE $INDEX_DIR $INDEX_PID $INDEX_SIMPLE $INDEX_PORT"
index_start || exit 2
other_port=$INDEX_PORT other_dir=$INDEX_DIR
set -- $saved
INDEX_URL=$1 INDEX_BASE=$2 INDEX_DIR=$3 INDEX_PID=$4 INDEX_SIMPLE=$5 INDEX_PORT=$6
index_ctl "redirect=http://localhost:$other_port/legacy/"
check "redirect to localhost:PORT2: failed, reported" 1 \
	"failed $WH: 308 Permanent Redirect (redirected to http://localhost:$other_port/legacy/: give that URL with --repository-url; redirects are not followed)" \
	"" pypiup -r local "$WH"
check "redirect over TLS: failed, reported" 1 \
	"failed $WH: 308 Permanent Redirect (redirected to http://localhost:$other_port/legacy/: give that URL with --repository-url; redirects are not followed)" \
	"" pypiup -r tls --cert cert.pem "$WH"
ok "the other host saw no request, so no Authorization" \
	test ! -s "$other_dir/requests.log"
ok "the first host saw the Authorization it was meant to" grep -q '"authorization": true' "$INDEX_DIR/requests.log"
index_ctl reset=1

# ---- nothing reported uploaded unless the server said so -----------------
# (files the index does not list yet: a listed one is found there before
# a retry, and reported uploaded)
"$PYTHON" "$top/tests/pypiup-mkdist.py" wheel dist/resetbots-0.9.0-py3-none-any.whl resetbots 0.9.0
"$PYTHON" "$top/tests/pypiup-mkdist.py" wheel dist/stallbots-0.9.0-py3-none-any.whl stallbots 0.9.0
n=$(index_uploads)
index_ctl close=200
WH0=$WH WH=dist/resetbots-0.9.0-py3-none-any.whl
pypiup -r local "$WH" >reset.out 2>reset.err
ok "reset mid-body every time: exit 1" test $? = 1
ok "... reported failed, never uploaded" sh -c "grep -q '^failed $WH' reset.out && ! grep -q '^uploaded' reset.out"
ok "... after 5 tries" grep -q "try 5 of 5" reset.err
ok "... and the index stored nothing" test "$(index_uploads)" = "$n"
index_ctl reset=1
index_ctl stall=30 stall_at=end
s=$(date +%s)
WH=dist/stallbots-0.9.0-py3-none-any.whl
RELKIT_ANSWER_TIMEOUT=1 timeout 60 pypiup -r local --timeout 1 "$WH" >stall.out 2>stall.err
ok "body sent, answer stalled past --timeout every time: exit 1" test $? = 1
ok "... reported failed, never uploaded" sh -c "grep -q '^failed $WH' stall.out && ! grep -q '^uploaded' stall.out"
ok "... bounded in time" test $(( $(date +%s) - s )) -lt 50
index_ctl reset=1
WH=$WH0

# ---- the token stays secret ---------------------------------------------
b64=$(printf '__token__:%s' "$TOKEN" | base64)
pypiup -r tls -v --cert cert.pem "$WH" >v.out 2>v.err
ok "-v over TLS: uploaded" grep -q "^uploaded $WH" v.out
pypiup -r local -n -v "$WH" >n.out 2>n.err
index_ctl fail=403
pypiup -r local -v "$WH" >403.out 2>403.err
index_ctl reset=1
ok "the token in no stdout or stderr (-v, -n, errors), plain or base64" sh -c \
	"! grep -l -e '$TOKEN' -e '$b64' v.out v.err n.out n.err 403.out 403.err"
index_ctl stall=3 stall_at=start count=1
pypiup -r local "$WH" >/dev/null 2>&1 &
p=$!
sleep 1
tr '\0' '\n' </proc/$p/environ >environ 2>/dev/null
tr '\0' ' ' </proc/$p/cmdline >cmdline 2>/dev/null
wait $p
index_ctl reset=1
ok "/proc/PID/environ was read while it ran" grep -q "^HOME=$T/home" environ
ok "the .pypirc token is put in no environment variable" sh -c "! grep -q -e '$TOKEN' -e '$b64' environ"
ok "nor in argv" sh -c "grep -q pypiup cmdline && ! grep -q '$TOKEN' cmdline"

done_testing
