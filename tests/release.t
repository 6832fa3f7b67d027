#!/bin/sh
# relkit — MIT licence, see LICENSE.
# End to end: release.mk releases the sample workspace (tests/demo/
# mkworkspace.sh) into local file:// indexes: the full release, a rerun
# that does nothing, single-package releases, an interrupted step, abort,
# dry runs and the test index named by a .pypirc section. The other cases
# are in release-resume.t, release-preflight.t, release-rehearsal.t and
# release-sibling.t (tests/release-lib.sh: what they share), so that they
# run at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
. "$(dirname "$0")/release-lib.sh"

release_setup "release.mk end to end" 1

# ===========================================================================
# 1. The full release: test index = file://, real index = file://
# ===========================================================================
W=$T/w1
sh "$top/tests/demo/mkworkspace.sh" "$W" >/dev/null 2>&1
ok "mkworkspace.sh makes the sample workspace" test -f "$W/api/release.conf"
TI=$T/w1-test RI=$T/w1-real
ok "the dependency is published on the real index" \
	pypiup -q --repository-url "file://$RI" "$W/deps/demo_helper-1.0-py3-none-any.whl"
ok "a look-alike of it is on the test index" \
	pypiup -q --repository-url "file://$TI" "$W/deps/lookalike/demo_helper-9.9-py3-none-any.whl"
R1="TEST_REPO=file://$TI REAL_REPO=file://$RI"

rel "$W/api" -n release VERSION=$V $R1
is "make -n release: exit 0" 0 "$rc"
ok "make -n release: shows the upload" grep -q "pypiup --repository-url file://$TI" "$T/out"
rel "$W/api" release VERSION=$V $R1 DRY_RUN=1
is "DRY_RUN=1: exit 0" 0 "$rc"
is "dry runs change nothing" "" "$(git -C "$W/api" status --porcelain --ignored)"

rel "$W/api" release VERSION=$V $R1
is "full release: exit 0" 0 "$rc"
ok "release prints the pull-request command" grep -q "git push -u origin release-$V" "$T/out"
ok "step 3: no earlier release on the real index to compare with" \
	grep -q "^release.mk: step 3: aloha_bots: no earlier release on file://$RI/simple/: the archives are new" "$T/out"
is "full release: every step stamped" \
	"build commit const lock provision push reqs srvcommit tag testinstall testupload unconst upload versions" \
	"$(stamps "$W/api")"
rel "$W/api" status VERSION=$V $R1
is "status: 14 steps done" 14 "$(grep -c '^done ' "$T/out")"
ok "status: in checklist order with the checklist's words" \
	sh -c "sed -n '2p;5p;15p' '$T/out' | tr '\n' '|' | grep -q \
'^done     1\. Increment the version in .*|done     4\. Upload the archives of each package to TestPyPI .*|done     server 4\. Commit version\.py requirements/common\.in requirements on branch release-0\.9\.0 .*and submit a PR|\$'"
archives="aloha-0.9.0-py3-none-any.whl aloha-0.9.0.tar.gz aloha_bots-0.9.0-py3-none-any.whl aloha_bots-0.9.0.tar.gz aloha_botserver-0.9.0-py3-none-any.whl aloha_botserver-0.9.0.tar.gz"
is "the test index holds the six archives (and the look-alike)" \
	"$archives demo_helper-9.9-py3-none-any.whl" "$(files_in "$TI")"
is "the real index holds the six archives (and the dependency)" \
	"$archives demo_helper-1.0-py3-none-any.whl" "$(files_in "$RI")"
ok "the bots archives on the real index hold no logo or fixture" \
	pkgls -x '*/logo.*' -x '*/fixtures/*' "$RI"/simple/aloha-bots/*0.9.0*
is "... and do hold the doc and the asset (both archives)" 4 \
	"$(for f in "$RI"/simple/aloha-bots/*0.9.0*; do pkgls "$f"; done | grep -c -e 'helloworld/doc\.md$' -e 'helloworld/assets/screenshot\.png$')"
is "the test install took the dependency from the real index" "real index" \
	"$("$W/api/.release/$V/venv/bin/python" -c 'import demo_helper; print(demo_helper.ORIGIN)')"
is "versions: all three set" "0.9.0 0.9.0 0.9.0" "$(cd "$W/api" &&
	for f in aloha/aloha/__init__.py aloha_botserver/setup.py; do setver -g "$f"; done |
	tr '\n' ' '; setver -g -n aloha_BOTS_VERSION aloha_bots/setup.py)"
is "IS_PYPA_PACKAGE is False again, and committed" "False" \
	"$(git -C "$W/api" show HEAD:aloha_bots/setup.py | setconst -g IS_PYPA_PACKAGE)"
is "the api tree is clean" "" "$(git -C "$W/api" status --porcelain)"
is "one release commit, pushed" "Release $V" \
	"$(git -C "$W/remotes/api.git" log -1 --format=%s main)"
is "the tag is pushed, on the release commit" \
	"$(git -C "$W/api" rev-parse HEAD)" "$(git -C "$W/remotes/api.git" rev-parse "$V^{commit}")"
is "server: on branch release-$V" "release-$V" "$(git -C "$W/server" symbolic-ref --short HEAD)"
is "server: PROVISION_VERSION bumped by one (minor)" '"173.4"' "$(prov "$W/server/version.py")"
is "server: both git URLs moved to $V" 2 "$(grep -c "@$V#egg=aloha[_a-z]*==$V" "$W/server/requirements/common.in")"
ok "server: the lock command ran" grep -q "@$V#egg=aloha_bots==$V" "$W/server/requirements/prod.txt"
is "server: one commit on the branch, tree clean" "2 " \
	"$(commits "$W/server") $(git -C "$W/server" status --porcelain)"

# A rerun does nothing.
sums() { find "$TI" "$RI" -type f | sort | xargs sha256sum; ls -l --time-style=+%s.%N "$TI"/simple/* "$RI"/simple/*; }
sums >"$T/before"
c_api=$(commits "$W/api") c_srv=$(commits "$W/server")
rel "$W/api" release VERSION=$V $R1
is "rerun: exit 0" 0 "$rc"
sums >"$T/after"
same "rerun: the indexes are untouched" "$T/before" "$T/after"
is "rerun: no new commit, no second bump" "$c_api $c_srv \"173.4\"" \
	"$(commits "$W/api") $(commits "$W/server") $(prov "$W/server/version.py")"

# ===========================================================================
# 2. Single-package projects: fakeldap (pyproject.toml), virtualenv-clone
# ===========================================================================
rel "$W/fakeldap" release VERSION=$V TEST_REPO="file://$T/fakeldap-test" REAL_REPO="file://$T/fakeldap-real"
is "fakeldap: released, exit 0" 0 "$rc"
rel "$W/fakeldap" status VERSION=$V
is "fakeldap: constant and server steps skipped, the others done" "6 8" \
	"$(grep -c '^skipped ' "$T/out") $(grep -c '^done ' "$T/out")"
is "fakeldap: tag pushed" "Release $V" "$(git -C "$W/remotes/fakeldap.git" log -1 --format=%s "$V")"
is "fakeldap: tree clean" "" "$(git -C "$W/fakeldap" status --porcelain)"
rel "$W/fakeldap" const VERSION=$V
is "fakeldap: asking for a skipped step says so" \
	"0 release.mk: step const is skipped: its configuration is empty" "$rc $(cat "$T/out")"
# A rehearsal: PUSH=0.
rel "$W/venvclone" release VERSION=$V TEST_REPO="file://$T/venvclone-test" REAL_REPO="file://$T/venvclone-real" PUSH=0
is "virtualenv-clone, PUSH=0: released, exit 0" 0 "$rc"
rel "$W/venvclone" status VERSION=$V PUSH=0
is "virtualenv-clone: push skipped too" "7 7 skipped" \
	"$(grep -c '^skipped ' "$T/out") $(grep -c '^done ' "$T/out") $(awk '/Push your commit/ {print $1}' "$T/out")"
is "virtualenv-clone: tagged, not pushed" "$V " \
	"$(git -C "$W/venvclone" tag -l "$V") $(git -C "$W/remotes/venvclone.git" tag -l "$V")"
is "fakeldap: pyproject.toml holds $V" "$V" "$(setver -g "$W/fakeldap/pyproject.toml")"
is "fakeldap: sdist and wheel on the real index" \
	"fakeldap-$V-py3-none-any.whl fakeldap-$V.tar.gz" "$(files_in "$T/fakeldap-real")"
is "virtualenv-clone: setup.py and the module hold $V" "$V $V" \
	"$(setver -g "$W/venvclone/setup.py") $(setver -g -n __version__ "$W/venvclone/clonevirtualenv.py")"

# ===========================================================================
# 4. An interrupted step leaves no stamp; abort puts everything back
# ===========================================================================
W=$T/w1
V=0.9.1
rel "$W/fakeldap" versions VERSION=$V
# In its own process group, killed as a whole as a terminal's Ctrl-C would
# (SIGTERM: a background job of a script ignores SIGINT). Left alone, the
# build would succeed and the step be stamped.
setsid make --no-print-directory -C "$W/fakeldap" -f "$top/release.mk" \
	build VERSION=$V PYTHON="$BPY" BUILD=": >'$T/building' && sleep 20 && $BPY -m build --no-isolation" >/dev/null 2>&1 &
pid=$!
# killed once the build has begun (bounded: 30 s)
_i=0
until [ -e "$T/building" ] || [ $_i -ge 600 ]; do sleep 0.05; _i=$((_i + 1)); done
kill -TERM -"$pid"
wait "$pid" 2>/dev/null
wrc=$?
is "interrupted build: make failed" 1 "$([ "$wrc" -ne 0 ] && echo 1)"
is "interrupted build: no stamp" "versions" "$(stamps "$W/fakeldap")"
# A new module since 0.9.0: step 3 shows it against 0.9.0's archives on
# the real index.
echo 'X = 1' >"$W/fakeldap/fakeldap/extra.py"
rel "$W/fakeldap" build VERSION=$V REAL_REPO="file://$T/fakeldap-real"
is "resumed build: stamped" "0 build versions" "$rc $(stamps "$W/fakeldap")"
ok "step 3: the members added since the last release, per archive" sh -c "
	grep -q '^release.mk: step 3: fakeldap-$V-py3-none-any.whl: members added (+) and removed (-) since fakeldap-0.9.0-py3-none-any.whl:\$' '$T/out' &&
	grep -q '^release.mk: step 3: fakeldap-$V.tar.gz: members added (+) and removed (-) since fakeldap-0.9.0.tar.gz:\$' '$T/out' &&
	test \$(grep -c '^  +fakeldap/.*extra\.py\$' '$T/out') -eq 2"

# Abort after a failed step 1 (one package's files: all or nothing).
chmod 444 "$W/venvclone/clonevirtualenv.py"
rel "$W/venvclone" release VERSION=$V
is "virtualenv-clone $V: step 1 fails, neither file changed" "2 0.9.0 0.9.0" \
	"$rc $(setver -g "$W/venvclone/setup.py") $(setver -g -n __version__ "$W/venvclone/clonevirtualenv.py")"
chmod 644 "$W/venvclone/clonevirtualenv.py"
rel "$W/venvclone" abort VERSION=$V
is "abort: both files back to 0.9.0, tree clean" "0 0.9.0 0.9.0 " \
	"$rc $(setver -g "$W/venvclone/setup.py") $(setver -g -n __version__ "$W/venvclone/clonevirtualenv.py") $(git -C "$W/venvclone" status --porcelain)"
ok "abort: nothing reached an index, nothing to undo there" sh -c "! grep -q 'cannot undo' '$T/out'"

V=0.9.0
W=$T/w4
sh "$top/tests/demo/mkworkspace.sh" "$W" >/dev/null 2>&1
pypiup -q --repository-url "file://$T/w4-real" "$W/deps/demo_helper-1.0-py3-none-any.whl"
rel "$W/api" testupload VERSION=$V TEST_REPO="file://$T/w4-test" REAL_REPO="file://$T/w4-real"
is "w4: up to step 4" "0 build const testupload versions" "$rc $(stamps "$W/api")"
rel "$W/api" abort VERSION=$V TEST_REPO="file://$T/w4-test" REAL_REPO="file://$T/w4-real"
is "abort: exit 0" 0 "$rc"
is "abort: versions and IS_PYPA_PACKAGE restored, tree clean, no stamps" "0.8.2 False  no" \
	"$(setver -g "$W/api/aloha/aloha/__init__.py") $(setconst -g IS_PYPA_PACKAGE "$W/api/aloha_bots/setup.py") $(git -C "$W/api" status --porcelain) $(test -e "$W/api/.release/$V" && echo yes || echo no)"
ok "abort names what stays on the test index" grep -q "aloha_bots-$V.tar.gz" "$T/out"
ok "abort says it cannot undo it" grep -q 'cannot undo' "$T/out"
rel "$W/api" guards VERSION=0.9.1 TEST_REPO="file://$T/w4-test" REAL_REPO="file://$T/w4-real"
is "after abort the guards pass again" 0 "$rc"

# A .pypirc section names the test index: its URL and credentials are found.
printf '[distutils]\nindex-servers = local\n\n[local]\nrepository = %s\nusername = alice\npassword = s3cret\n' \
	"$TS_URL" >"$T/pypirc"
chmod 600 "$T/pypirc"
R5="TEST_REPO=local REAL_REPO=file://$T/w4-real PYPIRC=$T/pypirc"
RELUNSET=1
rel "$W/api" guards VERSION=0.9.1 $R5
is ".pypirc section: the guards pass" 0 "$rc"
rel "$W/api" -n testinstall VERSION=0.9.1 $R5
ok ".pypirc section: pip reads its simple index" grep -q -- "--index-url ${TS_URL%legacy/}simple/ " "$T/out"
ok ".pypirc section: pypiup is given the section and the file" grep -q -- "-r local --config-file $T/pypirc " "$T/out"
sed -i '/^password/d' "$T/pypirc"
rel "$W/api" guards VERSION=0.9.1 $R5
is ".pypirc section without a password: guard fails" 2 "$rc"
ok ".pypirc section without a password: says so, never a value" \
	sh -c "grep -q 'no credentials for the test index local' '$T/err' && ! grep -q s3cret '$T/err' '$T/out'"
# The guard reads the .pypirc as pypiup does (configparser's rules): ':'
# and a password continued on an indented line are credentials too.
printf '[distutils]\nindex-servers = local\n\n[local]\nrepository: %s\nusername: alice\npassword:\n    s3cret\n' \
	"$TS_URL" >"$T/pypirc"
rel "$W/api" guards VERSION=0.9.1 $R5
is ".pypirc with ':' and a continued password: the guards pass" 0 "$rc"
# No credentials, but a keyring command pypiup will ask: a warning.
sed -i '/^password/,$d' "$T/pypirc"
mkdir -p "$T/kbin"
printf '#!/bin/sh\nexit 1\n' >"$T/kbin/keyring"
chmod +x "$T/kbin/keyring"
rel "$W/api" guards VERSION=0.9.1 $R5 KEYRING="$T/kbin/keyring"
is ".pypirc without a password, a keyring on PATH: the guards pass" 0 "$rc"
ok "... with a warning that pypiup will ask the keyring" \
	grep -q '^release.mk: warning: TEST_REPO=local: no credentials configured; pypiup will ask the keyring$' "$T/err"


done_testing
