#!/bin/sh
# relkit — MIT licence, see LICENSE.
# pypiup's credentials as twine 7 finds them (.pypirc by configparser's
# rules, URL user-info, __token__, keyring, prompt, --non-interactive),
# twine's command line (-s, -i, -c, --attestations, .asc pairing, -p), and
# a sentinel token run through error paths, found nowhere.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$T" || exit 2
private_home
RELKIT_BACKOFF_MS=100
export RELKIT_BACKOFF_MS

SENT=pypi-SENTINEL7q
# a project-scoped token is 180 to 230+ characters
LONG=pypi-$(printf 'AgEIcHlwaS5vcmc%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
printf '__token__:%s\nalice:abc ;def\nbob:%s\ncarol:p3\n' "$LONG" "$SENT" >users
index_start --users-file users || exit 2
"$PYTHON" "$top/tests/pypiup-mkdist.py" wheel aloha-1.0-py3-none-any.whl aloha 1.0
W=aloha-1.0-py3-none-any.whl

lastlog() { tail -1 "$INDEX_DIR/requests.log"; }
field() { # name: the value of that form field in the last request, or "-"
	lastlog | "$PYTHON" -c 'import json,sys
e = json.loads(sys.stdin.read())
print(next((v for k, v in e.get("fields", []) if k == sys.argv[1]), "-"))' "$1"
}
rc() { # the .pypirc, mode 600
	cat >home/.pypirc
	chmod 600 home/.pypirc
}

# ---- .pypirc by configparser's rules -------------------------------------
ok "the token is over 200 characters" test ${#LONG} -gt 200
rc <<EOF
[distutils]
index-servers = local

[local]
repository = $INDEX_URL
username = __token__
password = $LONG
EOF
check "a ${#LONG}-character token in the .pypirc" 0 "uploaded $W" "" pypiup -r local "$W"
rc <<EOF
[distutils]
index-servers =
    local
[local]
    repository = $INDEX_URL
    username = alice
    password = abc ;def
EOF
check "keys indented alike are three keys; ';' is no inline comment" 0 \
	"uploaded $W" "" pypiup -r local "$W"
rc <<EOF
[distutils]
index-servers = local
[server-login]
username = bob
password = $SENT
[local]
repository = $INDEX_URL
EOF
check "[server-login] gives every repository its credentials" 0 \
	"uploaded $W" "" pypiup -r local "$W"
rc <<EOF
[DEFAULT]
username = carol
password = p3
[distutils]
index-servers = local
[local]
REPOSITORY: $INDEX_URL
EOF
check "[DEFAULT] keys, ':' and a key in capitals" 0 "uploaded $W" "" \
	pypiup -r local "$W"
rc <<EOF
[local]
repository = $INDEX_URL
EOF
check "a section index-servers does not list is not read, as in twine" 2 "" \
	"section \[local\] is not listed in index-servers" pypiup -r local "$W"

# Bad files: named by file:line, never by content.
bad() { # desc line
	check "$1: file:line only" 2 "" "^pypiup: $T/home/\.pypirc:$2: [a-z]" \
		pypiup -r local "$W"
	ok "$1: no secret shown" sh -c "! grep -q SENTINEL '$T/.out' '$T/.err'"
}
rc <<EOF
[distutils]
index-servers = local
[local]
password = $SENT
Password = $SENT
EOF
bad "a key given twice" 5
printf '[local]\n[x]\n[local]\npassword = %s\n' "$SENT" | rc
bad "a section given twice" 3
printf 'password = %s\n[local]\n' "$SENT" | rc
bad "a key before any section" 1
printf '[local]\nusername = u\n%s\n' "$SENT" | rc
bad "a line that is no key" 3
printf '[local]\npassword = %s\377\n' "$SENT" | rc
bad "bytes that are not UTF-8" 2
# A token where the URL belongs, and a password line indented under the
# username (a continuation: the username holds the token).
printf '[distutils]\nindex-servers = local\n[local]\nrepository = %s\n' "$SENT" | rc
check "a token as the repository URL: refused, the value not shown" 2 "" \
	"^pypiup: repository URL: not a URL \(no scheme://host; the value is not shown" \
	pypiup -r local "$W"
ok "... the token nowhere" sh -c "! grep -q SENTINEL '$T/.out' '$T/.err'"
printf '[distutils]\nindex-servers = local\n[local]\nrepository = %s\nusername = alice\n  password = %s\n' \
	"$INDEX_URL" "$SENT" | rc
mkdir -p ikb
printf '#!/bin/sh\necho "$*" >>"%s/ikb.argv"\n' "$T" >ikb/keyring
chmod +x ikb/keyring
check "a password line indented under the username: no password, nothing shown" 2 "" \
	"no password for repository local" \
	env PATH="$T/ikb:$PATH" pypiup -v --non-interactive -r local "$W"
ok "... the token nowhere, no keyring argv" sh -c \
	"! grep -q SENTINEL '$T/.out' '$T/.err' && ! grep -qs SENTINEL '$T/ikb.argv'"
rm home/.pypirc

# ---- the URL's user-info ----------------------------------------------------
tokurl=http://bob:$SENT@127.0.0.1:$INDEX_PORT/legacy/
check "user-info in --repository-url is the credentials, as in twine" 0 \
	"uploaded $W" "" pypiup --repository-url "$tokurl" "$W"
ok "... sent as bob" sh -c "tail -1 '$INDEX_DIR/requests.log' | grep -q '\"user\": \"bob\"'"
check "... and in TWINE_REPOSITORY_URL" 0 "uploaded $W" "" \
	env TWINE_REPOSITORY_URL="$tokurl" pypiup "$W"
check "user-info in --index-url: not used, and not shown" 2 "" \
	"index URL: http://192\.0\.2\.1/simple/: plain http" \
	pypiup --repository-url "$tokurl" --index-url "http://x:$SENT@192.0.2.1/simple/" "$W"
ok "... the secret is not" sh -c "! grep -q SENTINEL '$T/.out' '$T/.err'"
pypiup -v --repository-url "$tokurl" "$W" >v.out 2>v.err
ok "-v with user-info in the URL: nothing secret on stdout or stderr" sh -c \
	"grep -q '^> POST http://127.0.0.1:$INDEX_PORT/legacy/' v.err &&
	! grep -q SENTINEL v.out v.err"

# ---- usernames and passwords as twine 7 takes them ---------------------------
check "empty TWINE_USERNAME and TWINE_PASSWORD: no Authorization at all" 1 \
	"failed $W: 403 Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information." "" \
	env TWINE_USERNAME= TWINE_PASSWORD= pypiup --repository-url "$INDEX_URL" "$W"
ok "... the request had no Authorization header" sh -c \
	"tail -1 '$INDEX_DIR/requests.log' | grep -q '\"authorization\": false'"
check "nothing configured, not a terminal: the error says where to put it" 2 "" \
	"no password: set TWINE_PASSWORD" pypiup --repository-url "$INDEX_URL" "$W"
check "-n needs no credentials" 0 \
	"would upload $W ($(stat -c %s $W) bytes, sha256 $(sha256sum <$W | cut -d' ' -f1))" \
	"" pypiup -n "$W"

# The keyring, as twine asks it: through the keyring module of the Python
# that runs the keyring command. Stand-ins: a keyring module on PYTHONPATH
# that logs each call with its process's argv (/proc/self/cmdline), and a
# keyring command that logs being run as a command (it must not be: its
# argv would hold the username).
mkdir -p kbin kpy/keyring
cat >kpy/keyring/__init__.py <<'PY'
import json, os
class _Cred:
    def __init__(self, u, p):
        self.username, self.password = u, p
def _log(call, *args):
    with open(os.environ["KEYRING_LOG"], "a") as f:
        argv = open("/proc/self/cmdline", "rb").read().split(b"\0")
        f.write(json.dumps({"call": call, "args": list(args),
                            "argv": [a.decode("utf-8", "replace") for a in argv]}) + "\n")
def _store():
    with open(os.environ["KEYRING_STORE"]) as f:
        return json.load(f)
def get_password(service, user):
    _log("get_password", service, user)
    return _store().get(service, {}).get(user)
def get_credential(service, user):
    _log("get_credential", service, user)
    for u, p in _store().get(service, {}).items():
        if user is None or u == user:
            return _Cred(u, p)
    return None
PY
cat >kbin/keyring <<PY
#!$(command -v "$PYTHON")
import sys
open("$T/keyring.argv", "a").write(" ".join(sys.argv[1:]) + "\n")
sys.exit(1)
PY
chmod +x kbin/keyring
: >keyring.argv
kr() { # store-json command...: with the stand-in keyring
	printf '%s\n' "$1" >kstore.json
	shift
	env PATH="$T/kbin:$PATH" PYTHONPATH="$T/kpy" KEYRING_LOG="$T/keyring.log" \
		KEYRING_STORE="$T/kstore.json" "$@"
}
: >keyring.log
check "the keyring's password (service: the URL, user: the username)" 0 \
	"uploaded $W" "" kr "{\"$INDEX_URL\": {\"bob\": \"$SENT\"}}" \
	pypiup -u bob --repository-url "$INDEX_URL" "$W"
ok "... asked once, as get_password(URL, bob)" "$PYTHON" -c '
import json, sys
calls = [json.loads(l) for l in open("keyring.log")]
assert [(c["call"], c["args"]) for c in calls] == [("get_password", [sys.argv[1], "bob"])], calls
' "$INDEX_URL"
ok "... in no argv: the child ran python -c, neither URL nor user in it" "$PYTHON" -c '
import json, sys
for c in map(json.loads, open("keyring.log")):
    assert c["argv"][1] == "-c", c["argv"]
    assert not any(sys.argv[1] in a or "bob" in a for a in c["argv"]), c["argv"]
' "$INDEX_URL"
ok "... the keyring command itself was not run" test ! -s keyring.argv
: >keyring.log
check "the keyring's username, then its password (get_credential(URL, None))" 0 \
	"uploaded $W" "" kr "{\"$INDEX_URL\": {\"carol\": \"p3\"}}" \
	pypiup --repository-url "$INDEX_URL" "$W"
ok "... sent as carol" sh -c "tail -1 '$INDEX_DIR/requests.log' | grep -q '\"user\": \"carol\"'"
ok "... asked get_credential(URL, None), then get_password(URL, carol)" "$PYTHON" -c '
import json, sys
calls = [(c["call"], c["args"]) for c in map(json.loads, open("keyring.log"))]
assert calls == [("get_credential", [sys.argv[1], None]),
                 ("get_password", [sys.argv[1], "carol"])], calls
' "$INDEX_URL"
: >keyring.log
tokurl0=http://$SENT@127.0.0.1:$INDEX_PORT/legacy/
check "a token as the URL's user name: the keyring is asked, no argv holds it" 2 \
	"" "no password" kr '{}' pypiup --repository-url "$tokurl0" "$W"
ok "... the keyring got it on stdin, and no child's argv has it" "$PYTHON" -c '
import json, sys
calls = list(map(json.loads, open("keyring.log")))
assert calls and calls[0]["args"][1] == sys.argv[1], calls
assert not any(sys.argv[1] in a for c in calls for a in c["argv"]), calls
' "$SENT"
ok "... nor the error message" sh -c "! grep -q SENTINEL '$T/.out' '$T/.err'"
check "the keyring has nothing: the usual error" 2 "" "no password" \
	kr '{}' pypiup -u nobody --repository-url "$INDEX_URL" "$W"
mkdir shbin
printf '#!/bin/sh\necho "$*" >>"%s/keyring.argv"\necho %s\n' "$T" "$SENT" >shbin/keyring
chmod +x shbin/keyring
check "a keyring command that is not a Python script: not asked (-v says why)" 2 "" \
	"keyring: .*shbin/keyring is not a Python script: not asked" \
	env PATH="$T/shbin:$PATH" pypiup -v -u bob --repository-url "$INDEX_URL" "$W"
ok "... it was not run" test ! -s keyring.argv

# A terminal: the prompt, no echo; --non-interactive never asks.
cat >ttyrun.py <<'EOF'
import os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
out = b""
sent = False
end = time.time() + 20
while time.time() < end:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if not sent and b"Enter your" in out:
        time.sleep(0.2)
        os.write(fd, sys.argv[1].encode() + b"\n")
        sent = True
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(st))
EOF
"$PYTHON" ttyrun.py "$SENT" pypiup -u bob --repository-url "$INDEX_URL" "$W" >tty.out 2>&1
ok "on a terminal: 'Enter your password: ', then uploaded" sh -c \
	"grep -q 'Enter your password: ' tty.out && grep -q 'uploaded $W' tty.out"
ok "... the password was not echoed" sh -c "! grep -q SENTINEL tty.out"
ok "... 'Uploading distributions to URL' first, as twine prints it" sh -c \
	"grep -v 'Enter your' tty.out | grep . | head -1 | grep -q '^Uploading distributions to $INDEX_URL'"
"$PYTHON" ttyrun.py x pypiup --non-interactive -u bob --repository-url "$INDEX_URL" "$W" >tty.out 2>&1
ok "--non-interactive on a terminal: no prompt, an error" sh -c \
	"! grep -q 'Enter your' tty.out && grep -q 'no password' tty.out"
TWINE_NON_INTERACTIVE=1 "$PYTHON" ttyrun.py x pypiup -u bob --repository-url "$INDEX_URL" "$W" >tty.out 2>&1
ok "TWINE_NON_INTERACTIVE=1: the same" sh -c \
	"! grep -q 'Enter your' tty.out && grep -q 'no password' tty.out"
TWINE_NON_INTERACTIVE=false "$PYTHON" ttyrun.py "$SENT" pypiup -u bob --repository-url "$INDEX_URL" "$W" >tty.out 2>&1
ok "TWINE_NON_INTERACTIVE=false is off, as twine reads it" grep -q 'Enter your password' tty.out

# ---- twine's command line ------------------------------------------------------
TWINE_PASSWORD=p3 TWINE_USERNAME=carol
export TWINE_PASSWORD TWINE_USERNAME
pypiup --help >help.out
for o in --repository --repository-url --attestations --sign --sign-with \
    --identity --username --password --non-interactive --comment \
    --config-file --skip-existing --cert --client-cert --verbose \
    --disable-progress-bar --help --version; do
	ok "--help has a line for twine's $o" grep -q -- "$o " help.out
done
check "-i without -s: an error, as in twine" 2 "" "-i/--identity needs -s/--sign" \
	pypiup -i someone --repository-url "$INDEX_URL" "$W"
check "-c: the comment field" 0 "uploaded $W" "" \
	pypiup -c 'first cut' --repository-url "$INDEX_URL" "$W"
ok "... sent as 'comment'" test "$(field comment)" = "first cut"
printf -- '-----BEGIN PGP SIGNATURE-----\ngiven\n-----END PGP SIGNATURE-----\n' >"$W.asc"
check "FILE.asc with its dist: paired, not an error" 0 "uploaded $W" "" \
	pypiup --repository-url "$INDEX_URL" "$W" "$W.asc"
ok "... sent as gpg_signature, as twine sends it (pypiserver and devpi keep it)" \
	test "$(field gpg_signature)" = "$(cat "$W.asc")"
: >"$W.asc"
check "an empty FILE.asc: an error naming it, nothing sent" 2 "" \
	"$W.asc: empty, or binary: not an ASCII-armoured signature" \
	pypiup --repository-url "$INDEX_URL" "$W" "$W.asc"
check "a signature alone: an error, nothing sent" 2 "" \
	"signatures and attestations go with the distribution files" \
	pypiup --repository-url "$INDEX_URL" "$W.asc"
rm "$W.asc"
printf '{"version": 1, "envelope": {"statement": "e30=", "signature": "c2ln"}}\n' \
	>"$W.publish.attestation"
check "--attestations: FILE.*.attestation paired and sent" 0 "uploaded $W" \
	"only PyPI and TestPyPI take attestations" \
	pypiup --attestations --repository-url "$INDEX_URL" "$W" "$W.publish.attestation"
ok "... in the attestations field, as a JSON list" "$PYTHON" -c '
import json, sys
v = json.loads(sys.argv[1])
assert v == [{"version": 1, "envelope": {"statement": "e30=", "signature": "c2ln"}}], v
' "$(field attestations)"
check "without --attestations the attestation is paired and not sent" 0 "uploaded $W" "" \
	pypiup --repository-url "$INDEX_URL" "$W" "$W.publish.attestation"
ok "... no attestations field" test "$(field attestations)" = "-"
n=$(wc -l <"$INDEX_DIR/requests.log")
rm "$W.publish.attestation"
check "--attestations with none for a file: an error, nothing sent" 2 "" \
	"no attestation for it" pypiup --attestations --repository-url "$INDEX_URL" "$W"
echo '{"broken' >"$W.publish.attestation"
check "--attestations with a file that is not JSON: an error" 2 "" \
	"aloha-1\.0-py3-none-any\.whl\.publish\.attestation:[0-9]+: not JSON" \
	pypiup --attestations --repository-url "$INDEX_URL" "$W" "$W.publish.attestation"
ok "... nothing sent either time" test "$(wc -l <"$INDEX_DIR/requests.log")" = "$n"
rm "$W.publish.attestation"

# -s signs with gpg as twine runs it (a stand-in logs its argv).
mkdir gbin
cat >gbin/gpg <<EOF
#!/bin/sh
printf '%s\n' "\$*" >>"$T/gpg.argv"
for a; do f=\$a; done
echo signature >"\$f.asc"
EOF
chmod +x gbin/gpg
check "-s: signed with gpg" 0 "uploaded $W" "" \
	env PATH="$T/gbin:$PATH" pypiup -s -i ann@example.org --repository-url "$INDEX_URL" "$W"
ok "... the signature sent as gpg_signature" test "$(field gpg_signature)" = signature
rm -f "$W.asc"
mkdir g2bin
sed 's/gpg\.argv/gpg2.argv/' gbin/gpg >g2bin/gpg2
chmod +x g2bin/gpg2
check "no gpg on PATH: gpg2, with twine's warning" 0 "uploaded $W" \
	"warning: gpg is not on PATH; trying gpg2" \
	env PATH="$T/g2bin" "$RELKIT_BIN/pypiup" -s --repository-url "$INDEX_URL" "$W"
ok "... run as 'gpg2 --detach-sign -a FILE'" test "$(cat gpg2.argv)" = "--detach-sign -a $W"
ok "... as 'gpg --detach-sign --local-user ID -a FILE'" \
	test "$(cat gpg.argv)" = "--detach-sign --local-user ann@example.org -a $W"
ok "... making FILE.asc" test -s "$W.asc"
rm -f "$W.asc"
printf '#!/bin/sh\nexit 3\n' >gbin/badgpg
chmod +x gbin/badgpg
n=$(wc -l <"$INDEX_DIR/requests.log")
check "--sign-with a program that fails: nothing uploaded" 2 "" "badgpg failed to sign it" \
	env PATH="$T/gbin:$PATH" pypiup -s --sign-with badgpg --repository-url "$INDEX_URL" "$W"
ok "... nothing sent" test "$(wc -l <"$INDEX_DIR/requests.log")" = "$n"
check "-p: the password used, with the warning" 0 "uploaded $W" \
	"warning: a password on the command line is visible" \
	env -u TWINE_PASSWORD pypiup -p p3 --repository-url "$INDEX_URL" "$W"

# ---- where twine 7 is right ---------------------------------------------------
TWINE_PASSWORD=p3 TWINE_USERNAME=carol
export TWINE_PASSWORD TWINE_USERNAME
mkdir dist
for p in ant bee cat; do
	"$PYTHON" "$top/tests/pypiup-mkdist.py" wheel dist/$p-1.0-py3-none-any.whl $p 1.0
done
check "a quoted glob is expanded as twine expands it" 0 \
	"uploaded dist/ant-1.0-py3-none-any.whl
uploaded dist/bee-1.0-py3-none-any.whl
uploaded dist/cat-1.0-py3-none-any.whl" "" \
	pypiup -j 1 --repository-url "$INDEX_URL" 'dist/*'
check "a pattern that matches nothing: twine's error, exit 2" 2 "" \
	"dist/\*\.tar\.gz: no such file, and no file matches it as a pattern" \
	pypiup --repository-url "$INDEX_URL" "$W" 'dist/*.tar.gz'
cp "$W" '[x].whl'
check "a file whose name looks like a pattern is that file" 2 "" \
	"\[x\]\.whl: " pypiup -n '[x].whl'
ok "... read as a file, not as a pattern" sh -c "! grep -q 'no file matches' '$T/.err'"
rm '[x].whl'
for p in dog eel; do
	"$PYTHON" "$top/tests/pypiup-mkdist.py" wheel $p-1.0-py3-none-any.whl $p 1.0
done
n=$(wc -l <"$INDEX_DIR/requests.log")
index_ctl fail=403 only=dog count=1
check "a refused file: no further file is started, as twine stops" 1 \
	"failed dog-1.0-py3-none-any.whl: 403 Injected failure
not attempted eel-1.0-py3-none-any.whl (a file before it failed)" \
	"after a failure no further file was started; not attempted: eel-1\.0-py3-none-any\.whl" \
	pypiup -j 1 --repository-url "$INDEX_URL" dog-1.0-py3-none-any.whl eel-1.0-py3-none-any.whl
ok "... eel was never sent" sh -c "! tail -n +$((n + 1)) '$INDEX_DIR/requests.log' | grep -q 'eel-1.0'"
index_ctl reset=1
index_ctl "redirect=http://u:SECRETLOC@127.0.0.1:$INDEX_PORT/other/" count=1
check "a redirect's Location: shown without its user-info" 1 \
	"failed $W: 308 Permanent Redirect (redirected to http://********@127.0.0.1:$INDEX_PORT/other/: give that URL with --repository-url; redirects are not followed)" \
	"" pypiup --repository-url "$INDEX_URL" "$W"
ok "... the secret is in neither stream" sh -c "! grep -q SECRETLOC '$T/.out' '$T/.err'"
index_ctl reset=1
for p in fox gnu; do
	"$PYTHON" "$top/tests/pypiup-mkdist.py" wheel $p-1.0-py3-none-any.whl $p 1.0
done
index_ctl "redirect=$INDEX_BASE/other/" only=fox count=1
check "a redirect stops the run too, as twine stops" 1 \
	"failed fox-1.0-py3-none-any.whl: 308 Permanent Redirect (redirected to $INDEX_BASE/other/: give that URL with --repository-url; redirects are not followed)
not attempted gnu-1.0-py3-none-any.whl (a file before it failed)" \
	"not attempted: gnu-1\.0-py3-none-any\.whl" \
	pypiup -j 1 --repository-url "$INDEX_URL" fox-1.0-py3-none-any.whl gnu-1.0-py3-none-any.whl
index_ctl reset=1
index_ctl fail=500 only=fox count=5
check "a 5xx after every try stops no other file" 1 \
	"failed fox-1.0-py3-none-any.whl: 500 Internal Server Error
uploaded gnu-1.0-py3-none-any.whl" "" \
	pypiup -q -j 1 --repository-url "$INDEX_URL" fox-1.0-py3-none-any.whl gnu-1.0-py3-none-any.whl
index_ctl reset=1
index_ctl fail=405 count=1
check "405: the URL is no upload URL, said as twine says it" 1 \
	"failed $W: 405 Injected failure; $INDEX_URL is not the index's upload URL" "" \
	pypiup --repository-url "$INDEX_URL" "$W"
index_ctl fail=410 count=1
check "410: the same, 'any more'" 1 \
	"failed $W: 410 Injected failure; $INDEX_URL is not the index's upload URL (any more)" "" \
	pypiup --repository-url "$INDEX_URL" "$W"
index_ctl reset=1
check "an empty TWINE_REPOSITORY is an error, as in twine (not PyPI)" 2 "" \
	"TWINE_REPOSITORY: an empty repository name" \
	env TWINE_REPOSITORY= pypiup "$W"
check "... and -r ''" 2 "" "-r: an empty repository name" pypiup -r '' "$W"
check "an empty TWINE_REPOSITORY_URL is unset, as in twine" 2 "" \
	"TWINE_REPOSITORY: an empty repository name" \
	env TWINE_REPOSITORY= TWINE_REPOSITORY_URL= pypiup "$W"
check "a URL with no host: refused" 2 "" "not a URL \(no host\)" \
	pypiup --repository-url 'https:///legacy/' "$W"
unset TWINE_PASSWORD TWINE_USERNAME
rc <<EOF
[distutils]
index-servers = local
[local]
repository = http://bob:$SENT@127.0.0.1:$INDEX_PORT/legacy/
username = carol
password = p3
EOF
check "a .pypirc URL with user-info: accepted, the section's credentials used" 0 \
	"uploaded $W" "" pypiup -r local "$W"
ok "... sent as carol" sh -c "tail -1 '$INDEX_DIR/requests.log' | grep -q '\"user\": \"carol\"'"
check "... shown without the user-info" 0 \
	"upload http://127.0.0.1:$INDEX_PORT/legacy/
index http://127.0.0.1:$INDEX_PORT/simple/
credentials yes" "" pypiup -r local --show-urls
rc <<EOF
[distutils]
index-servers = local
[local]
repository = http://bob:$SENT@127.0.0.1:$INDEX_PORT/legacy/
EOF
check "... with no credentials in the section: the user-info's" 0 \
	"uploaded $W" "" pypiup -r local "$W"
ok "... sent as bob" sh -c "tail -1 '$INDEX_DIR/requests.log' | grep -q '\"user\": \"bob\"'"
mv home/.pypirc home/other.pypirc
check "--config-file ~/FILE: ~ is HOME, as twine expands it" 0 "uploaded $W" "" \
	pypiup --config-file '~/other.pypirc' -r local "$W"
pypiup -v --config-file '~/other.pypirc' -r local "$W" >v.out 2>v.err
ok "-v names the config file and where each credential came from" sh -c "
	grep -q '^pypiup: repository local from $T/home/other.pypirc\$' v.err &&
	grep -q '^pypiup: username from the URL.s user-info\$' v.err &&
	grep -q '^pypiup: password from the URL.s user-info\$' v.err &&
	! grep -q SENTINEL v.out v.err"
rm home/other.pypirc
TWINE_NON_INTERACTIVE=off "$PYTHON" ttyrun.py x pypiup -u bob --repository-url "$INDEX_URL" "$W" >tty.out 2>&1
ok "TWINE_NON_INTERACTIVE=off is on, as twine 7 reads it (only 0, false, no are off)" \
	sh -c "! grep -q 'Enter your' tty.out && grep -q 'no password' tty.out"

# ---- PyPI's rules of 2026 ------------------------------------------------------
# An index holding aloha 1.0 since 30 days (its sdist), read through PEP 700's
# upload-time; RELKIT_PYPI_RULES applies PyPI's rules to it.
save_url=$INDEX_URL save_dir=$INDEX_DIR save_base=$INDEX_BASE save_port=$INDEX_PORT
old=$T/index.$((_index_n + 1))
mkdir -p "$old/files/aloha"
when=$(date -u -d '30 days ago' +%Y-%m-%dT%H:%M:%S.000000Z)
day=$(date -u -d '30 days ago' +%Y-%m-%d)
printf '{"name": "aloha", "filename": "aloha-1.0.tar.gz", "version": "1.0", "filetype": "sdist", "size": 3, "sha256": "%064d", "blake2_256": "%064d", "requires_python": null, "upload_time": "%s", "user": "carol"}\n' 1 2 "$when" \
	>"$old/files/aloha/aloha-1.0.tar.gz.meta.json"
index_start --users-file users || exit 2
TWINE_PASSWORD=p3 TWINE_USERNAME=carol
export TWINE_PASSWORD TWINE_USERNAME
n=$(wc -l <"$INDEX_DIR/requests.log")
check "a new file on a release older than 14 days: refused in PyPI's words, naming the date" 2 "" \
	"$W: Uploading new files to releases older than 14 days is not allowed \(PyPI's words\): aloha 1\.0 was first uploaded on $day" \
	env RELKIT_PYPI_RULES=1 pypiup --repository-url "$INDEX_URL" "$W"
ok "... nothing was sent" sh -c "! tail -n +$((n + 1)) '$INDEX_DIR/requests.log' | grep -q '\"POST\"'"
check "an index that is not PyPI keeps no such rule: uploaded" 0 "uploaded $W" "" \
	pypiup --repository-url "$INDEX_URL" "$W"
check "a file the old release has already (same sha256) is no new file: not refused" 0 \
	"uploaded $W" "" \
	env RELKIT_PYPI_RULES=1 pypiup --repository-url "$INDEX_URL" "$W"
unset TWINE_PASSWORD TWINE_USERNAME
index_stop
INDEX_URL=$save_url INDEX_DIR=$save_dir INDEX_BASE=$save_base INDEX_PORT=$save_port

# ---- Trusted Publishing against loopback stand-ins ---------------------------
unset TWINE_PASSWORD TWINE_USERNAME
"$PYTHON" "$top/tests/pypiup-mkdist.py" wheel other-1.0-py3-none-any.whl other 1.0
W2=other-1.0-py3-none-any.whl
_tp=0
tp_start() { # stand-in options...: sets TP (base URL), TPLOG
	_tp=$((_tp + 1))
	TPLOG=$T/tp$_tp.log
	: >"$TPLOG"
	"$PYTHON" "$top/tests/oidc-standin.py" --port-file "$T/tp$_tp.port" \
		--log "$TPLOG" "$@" </dev/null >/dev/null 2>&1 &
	eval "tp_pid$_tp=$!"
	_i=0
	while [ ! -s "$T/tp$_tp.port" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	TP=http://127.0.0.1:$(cat "$T/tp$_tp.port")
}
tp_stop_all() { for _j in $(seq 1 $_tp); do eval "kill \$tp_pid$_j" 2>/dev/null; done; }
minted() { tail -1 "$TPLOG" | sed 's/.*"minted": \([0-9]*\).*/\1/'; }
gh() { # command...: as a GitHub Actions job with id-token: write
	env ACTIONS_ID_TOKEN_REQUEST_URL="$TP/ci/token" \
		ACTIONS_ID_TOKEN_REQUEST_TOKEN=ci-bearer TWINE_USERNAME=__token__ "$@"
}
tp_start --lifetime 1000
n=$(wc -l <"$TPLOG")
check "automatic, an index not PyPI's: no trusted publishing (the index could mint a PyPI token)" \
	2 "" "no password" gh pypiup --repository-url "$TP/legacy/" "$W"
ok "... nothing asked of the index or the CI" test "$(wc -l <"$TPLOG")" = "$n"
check "... nor with never" 2 "" "no password" \
	gh pypiup --trusted-publishing never --repository-url "$TP/legacy/" "$W"
ok "... still nothing asked" test "$(wc -l <"$TPLOG")" = "$n"
check "--show-urls: PyPI on a CI with OIDC, automatic: credentials yes" 0 \
	"upload https://upload.pypi.org/legacy/
index https://pypi.org/simple/
credentials yes" "" gh pypiup --show-urls
check "... never: credentials no" 0 \
	"upload https://upload.pypi.org/legacy/
index https://pypi.org/simple/
credentials no" "" gh pypiup --trusted-publishing never --show-urls
check "... another index, automatic: credentials no" 0 \
	"upload $TP/legacy/
index $TP/simple/
credentials no" "" gh pypiup --repository-url "$TP/legacy/" --show-urls
check "--trusted-publishing with another word: a usage error" 2 "" \
	"--trusted-publishing: sometimes: not automatic, always or never" \
	gh pypiup --trusted-publishing sometimes "$W"
check "always, and a password given: an error naming where it came from" 2 "" \
	"--trusted-publishing always, but a password is given \(TWINE_PASSWORD\)" \
	gh env TWINE_PASSWORD=given pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W"
check "always, not on a CI: said, nothing sent" 2 "" \
	"--trusted-publishing always: not a GitHub Actions, GitLab CI or Google Cloud job" \
	pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W"
ok "... nothing asked" test "$(wc -l <"$TPLOG")" = "$n"
check "--attestations on PyPI with a password: refused offline in PyPI's words" 2 "" \
	"Attestations are only supported when using Trusted Publishing" \
	env TWINE_PASSWORD=pypi-given pypiup --attestations "$W"
check "GitHub Actions: audience, OIDC token, minted token, uploaded" 0 \
	"uploaded $W" "minted an upload token for trusted publishing \(audience pypi\)" \
	gh pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W"
ok "... the index took the minted token" sh -c "grep '\"POST\", \"path\": \"/legacy/\"' '$TPLOG' | grep -q '\"status\": 200'"
ok "... stderr names no token" sh -c "! grep -q -e pypi-minted -e oidc-pypi -e ci-bearer '$T/.out' '$T/.err'"
ok "... the token burnt after the upload (POST /_/oidc/burn-token)" sh -c \
	"tail -1 '$TPLOG' | grep '\"path\": \"/_/oidc/burn-token\"' | grep -q '\"burnt\": \\[\"pypi-minted-1\"\\]'"
gh pypiup -v --trusted-publishing always --repository-url "$TP/legacy/" "$W" "$W2" >tp.out 2>tp.err
ok "a long life: one token for two files" sh -c "grep -c '^uploaded' tp.out | grep -qx 2 && test $(minted) -ge 1"
ok "... -v shows the OIDC requests, no token" sh -c \
	"grep -q '> POST $TP/_/oidc/mint-token' tp.err && ! grep -q -e pypi-minted -e oidc-pypi -e ci-bearer tp.out tp.err"
n=$(minted)
gh pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W" "$W2" >/dev/null 2>&1
ok "... exactly one mint for the run" test "$(minted)" = $((n + 1))
check "GitLab CI: PYPI_ID_TOKEN" 0 "uploaded $W" "minted an upload token" \
	env GITLAB_CI=true PYPI_ID_TOKEN=oidc-pypi TWINE_USERNAME=__token__ \
	pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W"
check "GitLab CI without the ID token: the variable named" 2 "" \
	"GitLab CI: no PYPI_ID_TOKEN; give the job id_tokens" \
	env GITLAB_CI=true TWINE_USERNAME=__token__ pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W"
check "a token the index refuses: its reasons, nothing uploaded" 2 "" \
	"invalid-publisher: valid token, but no corresponding publisher" \
	env GITLAB_CI=true PYPI_ID_TOKEN=oidc-wrong TWINE_USERNAME=__token__ \
	pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W"
check "GitHub's endpoint refusing the bearer: said, nothing uploaded" 2 "" \
	"GitHub Actions gave no OIDC token \(403\)" \
	env ACTIONS_ID_TOKEN_REQUEST_URL="$TP/ci/token" ACTIONS_ID_TOKEN_REQUEST_TOKEN=wrong \
	TWINE_USERNAME=__token__ pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W"
n=$(wc -l <"$TPLOG")
check "a password given: no trusted publishing" 1 "failed $W: 403 Forbidden" "" \
	gh env TWINE_PASSWORD=given pypiup --repository-url "$TP/legacy/" "$W"
ok "... only the upload reached the stand-in" test "$(wc -l <"$TPLOG")" = $((n + 1))
check "Google Cloud: the metadata server's identity token" 0 "uploaded $W" \
	"minted an upload token" env GCE_METADATA_HOST="127.0.0.1:${TP##*:}" \
	TWINE_USERNAME=__token__ pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W"
ok "... asked with Metadata-Flavor: Google and format=full" sh -c \
	"grep -q 'identity?audience=pypi&format=full\", \"status\": 200' '$TPLOG'"
tp_start --mint-delay $((TMUL > 1 ? 5 : 1)).5
check "a slow mint (PyPI: over 5 s for a publisher of many projects): waited for past --timeout" \
	0 "uploaded $W" "minted an upload token" \
	gh pypiup --timeout $((TMUL > 1 ? 5 : 1)) --trusted-publishing always --repository-url "$TP/legacy/" "$W"
ok "... and burnt: warehouse's 202 Accepted taken without a warning" sh -c \
	"tail -1 '$TPLOG' | grep -q '\"status\": 202' && ! grep -q warning '$T/.err'"
tp_start --no-burn
check "an index without the burn endpoint: a warning, the upload stands" 0 "uploaded $W" \
	"warning: .*/_/oidc/burn-token: the index did not burn the upload token \(404\); it expires on its own" \
	gh pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W"
tp_start --problem
check "an answer in application/problem+json (RFC 9457): its title and detail" 1 \
	"failed $W: 422 Unprocessable: the file is bad" "" \
	env TWINE_USERNAME=u TWINE_PASSWORD=p pypiup --repository-url "$TP/legacy/" "$W"
tp_start --audience testpypi --lifetime 300
check "audience testpypi: TESTPYPI_ID_TOKEN" 0 "uploaded $W" "audience testpypi" \
	env GITLAB_CI=true TESTPYPI_ID_TOKEN=oidc-testpypi TWINE_USERNAME=__token__ \
	pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W"
gh pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W" "$W2" >tp.out 2>tp.err
# (the engine refreshes before every request that carries the token, so
# the project-page read between the two uploads may mint one more)
ok "a token within 5 minutes of its end: minted again before each file" sh -c \
	"grep -c '^uploaded' tp.out | grep -qx 2 && test \$(grep -c 'minted an upload token' tp.err) -ge 3"
tp_start --no-expires
gh pypiup --trusted-publishing always --repository-url "$TP/legacy/" "$W" "$W2" >tp.out 2>tp.err
ok "no expires in the answer: 15 minutes, so one token" sh -c \
	"grep -c '^uploaded' tp.out | grep -qx 2 && test $(minted) = 1"
tp_stop_all

# ---- the sentinel, everywhere -----------------------------------------------
unset TWINE_PASSWORD TWINE_USERNAME
sweep() { # run a command with the sentinel about; keep what it showed
	"$@" >>sweep.out 2>>sweep.err </dev/null
}
sweep env TWINE_PASSWORD=$SENT pypiup -v --repository-url "$INDEX_URL" "$W"
sweep env TWINE_PASSWORD=$SENT pypiup -v --repository-url "http://127.0.0.1:1/legacy/" "$W"
sweep env TWINE_PASSWORD=$SENT pypiup --repository-url "http://u:$SENT@192.0.2.1/legacy/" "$W"
sweep env TWINE_PASSWORD=$SENT pypiup --repository-url "ftp://u:$SENT@h/" "$W"
sweep env TWINE_REPOSITORY_URL="http://u:$SENT@[bad" pypiup "$W"
sweep env TWINE_PASSWORD=$SENT pypiup -v --index-url "http://u:$SENT@127.0.0.1:1/simple/" \
	--skip-existing --repository-url "$INDEX_URL" "$W"
sweep env PATH="$T/kbin:$PATH" pypiup -v -u bob --repository-url "$INDEX_URL" "$W"
sweep env PATH="$T/gbin:$PATH" TWINE_PASSWORD=$SENT pypiup -s --repository-url "$INDEX_URL" "$W"
sweep pypiup -p "$SENT" -n "$W"
printf '[local]\nk = %s\n  more %s\n[local]\n' "$SENT" "$SENT" | rc
sweep pypiup -r local "$W"
# every child's argv: the Python that renders a README logs its own
mkdir pybin
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >>"%s/python.argv"\nexec %s "$@"\n' "$T" "$PYTHON" >pybin/python3
chmod +x pybin/python3
: >python.argv
: >keyring.log
P=$T/pybin/python3
sweep env PYTHON="$P" TWINE_PASSWORD=$SENT pypiup -v --repository-url "$INDEX_URL" "$W"
sweep kr '{}' env PYTHON="$P" pypiup -v --repository-url "http://$SENT@127.0.0.1:$INDEX_PORT/legacy/" "$W"
sweep kr '{}' pypiup -v --repository-url "http://$SENT:$SENT@127.0.0.1:$INDEX_PORT/legacy/" --show-urls
sweep env TWINE_PASSWORD=$SENT pypiup --repository-url "https:///legacy/" "$W"
sweep env TWINE_PASSWORD=$SENT pypiup --repository-url "https://u:$SENT@/legacy/" "$W"
sweep env TWINE_PASSWORD=$SENT TWINE_REPOSITORY= pypiup "$W"
sweep env TWINE_PASSWORD=$SENT pypiup --repository-url "$INDEX_URL" 'nothing-*.whl'
sweep env TWINE_PASSWORD=$SENT pypiup --attestations --repository-url https://upload.pypi.org/legacy/ "$W"
sweep env TWINE_PASSWORD=$SENT pypiup --trusted-publishing always --repository-url "$INDEX_URL" "$W"
sweep env TWINE_USERNAME=__token__ pypiup --trusted-publishing always --repository-url "$INDEX_URL" "$W"
index_ctl "redirect=http://u:$SENT@127.0.0.1:$INDEX_PORT/x/" count=1
sweep env TWINE_USERNAME=bob TWINE_PASSWORD=$SENT pypiup -v --repository-url "$INDEX_URL" "$W"
index_ctl reset=1
index_ctl fail=405 count=1
sweep env TWINE_USERNAME=bob TWINE_PASSWORD=$SENT pypiup -v --repository-url "$INDEX_URL" "$W"
index_ctl reset=1
printf '[distutils]\nindex-servers = local\n[local]\nrepository = http://bob:%s@127.0.0.1:%s/legacy/\n' \
	"$SENT" "$INDEX_PORT" | rc
sweep pypiup -v -r local "$W"
sweep pypiup -v -r local --show-urls
sweep pypiup -v -r nosuch "$W"
tp_start --problem
sweep env TWINE_USERNAME=bob TWINE_PASSWORD=$SENT pypiup -v --repository-url "$TP/legacy/" "$W"
tp_start
sweep env ACTIONS_ID_TOKEN_REQUEST_URL="$TP/ci/token" ACTIONS_ID_TOKEN_REQUEST_TOKEN=$SENT \
	TWINE_USERNAME=__token__ pypiup -v --trusted-publishing always --repository-url "$TP/legacy/" "$W"
sweep env GITLAB_CI=true PYPI_ID_TOKEN=$SENT TWINE_USERNAME=__token__ \
	pypiup -v --trusted-publishing always --repository-url "$TP/legacy/" "$W"
sweep env GCE_METADATA_HOST=127.0.0.1:1 TWINE_USERNAME=__token__ PYPI_ID_TOKEN=$SENT \
	pypiup -v --trusted-publishing always --repository-url "$TP/legacy/" "$W"
tp_stop_all
ok "the sweep ran error paths" sh -c "grep -q 'plain http' sweep.err &&
	grep -q 'invalid-publisher' sweep.err && grep -q 'no password' sweep.err &&
	grep -q 'redirected to' sweep.out && grep -q 'Attestations are only' sweep.err &&
	grep -q '405' sweep.out && grep -q 'Unprocessable' sweep.out"
ok "the sentinel is in no stdout, no stderr" sh -c '! grep -q SENTINEL sweep.out sweep.err'
ok "nor in the argv of keyring, gpg or gpg2" sh -c '! grep -q SENTINEL keyring.argv gpg.argv gpg2.argv'
ok "the keyring saw it on stdin, never in its argv" "$PYTHON" -c '
import json, sys
calls = list(map(json.loads, open("keyring.log")))
assert any(sys.argv[1] in c["args"] for c in calls), calls
assert not any(sys.argv[1] in a for c in calls for a in c["argv"]), calls
' "$SENT"
ok "the README renderer ran, and its argv has no sentinel" sh -c \
	'test -s python.argv && ! grep -q SENTINEL python.argv'
done_testing
