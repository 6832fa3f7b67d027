#!/bin/sh
# relkit — MIT licence, see LICENSE.
# End to end: release.mk releases the sample workspace (tests/demo/
# mkworkspace.sh) into local indexes — the loopback index server, whose
# upload counter shows that no file is uploaded twice, and file:// indexes —
# then: a single-package release, a failure injected at each step followed
# by a fix and a resume that completes with every step done once, an
# interrupted step, abort, and dry runs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
unset MAKEFLAGS MFLAGS MAKELEVEL TWINE_USERNAME TWINE_PASSWORD TWINE_REPOSITORY \
	TWINE_REPOSITORY_URL DRY_RUN VERSION 2>/dev/null || true
# the machine's own keyring command (python3-keyring) must not decide the
# credential guard's cases
export KEYRING=relkit-no-keyring

release_env "release.mk end to end"
V=0.9.0
# The packages build in an environment of their own, made once: no
# setuptools plug-in of the machine's (setuptools-scm) changes the archives.
"$PYTHON" "$top/tests/demo/buildenv.py" "$T/buildenv" || exit 2
BPY=$T/buildenv/bin/python-build
# Cases that release the same sources share their builds (a tree that
# differs in a byte is built: tests/buildcache.sh).
BUILDC="sh $top/tests/buildcache.sh $T/buildcache $BPY"
# The venvs are made without ensurepip (release.mk) and filled by the
# system's pip (--python): the build environment above has none.
SYSPIP="$PYTHON -m pip"

rel() { # DIR ARG...: release.mk in DIR; output in $T/out, $T/err; status in $rc
	_d=$1
	shift
	# RELUNSET=1: without the TWINE_* credentials (an empty one is a value)
	timeout -k 10 300 env ${RELUNSET:+-u TWINE_USERNAME -u TWINE_PASSWORD} \
		make --no-print-directory -C "$_d" -f "$top/release.mk" \
		PYTHON="$BPY" BUILD="$BUILDC" \
		PIP="$SYSPIP" \
		"$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# is DESC WANT GOT
is() {
	if [ "$2" = "$3" ]; then _result 0 "$1"; else
		_result 1 "$1" "wanted: $2" "got:    $3" "stdout: $(tail -5 "$T/out")" \
			"stderr: $(tail -8 "$T/err")"; fi
}
stamps() { # DIR: the stamps done, in one line
	ls "$1/.release/$V" 2>/dev/null | grep -Ev '^(prev|started|venv|wheelhouse)' |
		sort | tr '\n' ' ' | sed 's/ $//'
}
files_in() { # file index root: its archives, one line
	find "$1/simple" -type f ! -name index.html ! -name '.*' -printf '%f\n' 2>/dev/null |
		sort | tr '\n' ' ' | sed 's/ $//'
}
up_count() { cat "$1/uploads" 2>/dev/null || echo 0; }
commits() { git -C "$1" rev-list --count HEAD; }
prov() { sed -n 's/^PROVISION_VERSION = //p' "$1"; }

# --- the indexes: two loopback servers ------------------------------------
index_start || { _result 1 "index server starts"; done_testing; exit 1; }
TS_URL=$INDEX_URL TS_DIR=$INDEX_DIR TS_BASE=$INDEX_BASE
index_start || { _result 1 "second index server starts"; done_testing; exit 1; }
RS_URL=$INDEX_URL RS_DIR=$INDEX_DIR RS_BASE=$INDEX_BASE
export TWINE_USERNAME=alice TWINE_PASSWORD=s3cret
# pypiup retries a 5xx with a backoff; keep the injected failures quick.
export RELKIT_BACKOFF_MS=10
ctl() { # BASE KEY=VALUE...
	_b=$1
	shift
	INDEX_BASE=$_b index_ctl "$@"
}

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
# 3. A failure at each step, fixed, resumed: indexes are the loopback servers
# ===========================================================================
W=$T/w3
sh "$top/tests/demo/mkworkspace.sh" "$W" >/dev/null 2>&1
A=$W/api
R3="TEST_REPO=$TS_URL REAL_REPO=$RS_URL"
ok "the look-alike is on the test server" \
	pypiup -q --repository-url "$TS_URL" "$W/deps/lookalike/demo_helper-9.9-py3-none-any.whl"

rel "$T" status VERSION=$V
is "no release.conf: exit 2" 2 "$rc"
ok "no release.conf: says so" grep -q 'release.conf: no such file' "$T/err"
rel "$A" release
is "no VERSION: exit 2" 2 "$rc"
ok "no VERSION: says so" grep -q 'VERSION is not set' "$T/err"

# Guards: one line on stderr, exit 2, nothing changed.
guard() { # DESC ERE [ARG...]
	_desc=$1 _ere=$2
	shift 2
	rel "$A" release VERSION=$V $R3 "$@"
	_l=$(grep -c '^release.mk: ' "$T/err")
	if [ "$rc" -eq 2 ] && [ "$_l" -eq 1 ] && grep -Eq "$_ere" "$T/err" &&
		[ ! -e "$A/.release" ]; then
		_result 0 "guard: $_desc"
	else
		_result 1 "guard: $_desc" "status $rc, $_l release.mk lines" \
			"stderr: $(cat "$T/err")" "stdout: $(tail -3 "$T/out")"
	fi
}
echo "# local change" >>"$A/aloha/aloha/__init__.py"
guard "dirty tree" 'the git tree is not clean'
git -C "$A" checkout -q -- aloha/aloha/__init__.py
git -C "$A" tag "$V"
guard "tag exists locally" "tag $V already exists locally"
git -C "$A" tag -d "$V" >/dev/null
git -C "$A" push -q origin "HEAD:refs/tags/$V"
guard "tag exists on the remote" "tag $V already exists on origin"
git -C "$A" push -q origin ":refs/tags/$V"
guard "version not greater" 'VERSION=0.8.1 is not greater than the current version 0.8.2' VERSION=0.8.1
guard "version not PEP 440" 'VERSION=0.9.x is not a valid PEP 440 version' VERSION=0.9.x
guard "version not normal" 'not in PEP 440 normal form: use 0.9.0' VERSION=v0.9.0
guard "credentials" 'no credentials for the test index' TWINE_PASSWORD=
guard "release branch" 'not on the release branch stable' GIT_BRANCH=stable
echo x >"$W/server/stray"
guard "server repo dirty" 'server repo ../server is not clean'
rm "$W/server/stray"
git -C "$W/server" checkout -q -b feature
guard "server repo not on its base branch" 'server repo ../server is on feature, not on main'
git -C "$W/server" checkout -q main
setver -i 0.8.1 "$A/aloha_botserver/setup.py"
git -C "$A" commit -qam "skew"
guard "versions disagree" 'the version files disagree'
git -C "$A" reset -q --hard HEAD^
is "guards changed nothing" "" "$(git -C "$A" status --porcelain --ignored)"

# Step 1: a version file that cannot be written, after others were set.
chmod 444 "$A/aloha_botserver/setup.py"
rel "$A" release VERSION=$V $R3
is "step 1 fails on a read-only version file" "2 " "$rc $(stamps "$A")"
is "step 1: the files before it were set" "0.9.0 0.8.2" \
	"$(setver -g "$A/aloha/aloha/__init__.py") $(setver -g "$A/aloha_botserver/setup.py")"
chmod 644 "$A/aloha_botserver/setup.py"
rel "$A" versions VERSION=$V $R3
is "step 1 resumed: the guards do not stop it" "0 versions 0.9.0" \
	"$rc $(stamps "$A") $(setver -g "$A/aloha_botserver/setup.py")"

# Step 2: the constant's file cannot be written.
chmod 444 "$A/aloha_bots/setup.py"
rel "$A" release VERSION=$V $R3
is "step 2 fails on a read-only file" "2 versions False" \
	"$rc $(stamps "$A") $(setconst -g IS_PYPA_PACKAGE "$A/aloha_bots/setup.py")"
chmod 644 "$A/aloha_bots/setup.py"
rel "$A" const VERSION=$V $R3
is "steps 1-2 done" "const versions True" \
	"$(stamps "$A") $(setconst -g IS_PYPA_PACKAGE "$A/aloha_bots/setup.py")"

# Step 3: an asset the deny globs catch; the fix; the rebuild.
echo "include aloha_bots/bots/helloworld/logo.svg" >"$A/aloha_bots/MANIFEST.in"
rel "$A" release VERSION=$V $R3
is "step 3 fails on the logo in the sdist" "2 const versions" "$rc $(stamps "$A")"
ok "step 3: pkgls names the logo" grep -q 'logo.svg' "$T/err" "$T/out"
is "step 3: nothing uploaded" 1 "$(up_count "$TS_DIR")"
rm "$A/aloha_bots/MANIFEST.in"

# The rehearsal: the dependency is not on the real index yet, so the
# wheels do not install together; nothing is uploaded.
rel "$A" build VERSION=$V $R3
is "step 3's rehearsal fails: pip finds no demo-helper on the real index" \
	"2 const versions 1" "$rc $(stamps "$A") $(up_count "$TS_DIR")"
ok "... said in one line, pip's output kept" grep -q \
	"^release.mk: rehearsal: the archives do not install together into a fresh venv (dependencies from $RS_BASE/simple/, as in step 5): .*demo-helper.* (pip's output: .release/$V/venv-logs/rehearsal-pip.log)\$" "$T/err"
ok "fix: the dependency is published on the real index" \
	pypiup -q --repository-url "$RS_URL" "$W/deps/demo_helper-1.0-py3-none-any.whl"
rel "$A" build VERSION=$V $R3
is "fixed: step 3 done" "build const versions" "$(stamps "$A")"

# Step 4: a 500 from the test index after two files went up (as a run
# killed in the middle of step 4 would leave it).
ok "two archives uploaded beforehand" pypiup -q --repository-url "$TS_URL" "$A"/aloha/dist/*
ctl "$TS_BASE" fail=500
rel "$A" release VERSION=$V $R3
is "step 4 fails on a 500" "2 build const versions" "$rc $(stamps "$A")"
is "step 4: only the two earlier uploads" 3 "$(up_count "$TS_DIR")"
ctl "$TS_BASE" reset=1

# Step 5: the test index cannot be read: pip fails.
rel "$A" testupload VERSION=$V $R3
is "step 4 done: each archive uploaded once" "0 7" "$rc $(up_count "$TS_DIR")"
ctl "$TS_BASE" simple_fail=500
rel "$A" release VERSION=$V $R3
is "step 5 fails: pip cannot read the test index" \
	"2 build const testupload versions" "$rc $(stamps "$A")"
ctl "$TS_BASE" reset=1
is "step 5: nothing on the real index (but the dependency)" 1 "$(up_count "$RS_DIR")"
rel "$A" abort VERSION=$V $R3 -n
is "abort -n: changes nothing" "build const testupload versions" "$(stamps "$A")"

# Step 6: a 500 from the real index; abort refuses from then on.
ctl "$RS_BASE" fail=500
rel "$A" release VERSION=$V $R3
is "step 6 fails on a 500" "2 build const testinstall testupload versions" "$rc $(stamps "$A")"
is "step 5 took the dependency from the real index, not the look-alike" "real index" \
	"$("$A/.release/$V/venv/bin/python" -c 'import demo_helper; print(demo_helper.ORIGIN)')"
rel "$A" abort VERSION=$V $R3
is "abort refuses once the real upload started" 2 "$rc"
ok "abort says why" grep -q 'cannot be aborted' "$T/err"
is "abort changed nothing" "build const testinstall testupload versions True" \
	"$(stamps "$A") $(setconst -g IS_PYPA_PACKAGE "$A/aloha_bots/setup.py")"
ctl "$RS_BASE" reset=1

# Step 7: a stray tag of that name (made after the guards ran), then the
# remote refuses the push.
hook() { # FILE: a git hook that fails
	printf '#!/bin/sh\necho "refused by the test" >&2\nexit 1\n' >"$1"
	chmod +x "$1"
}
git -C "$A" tag "$V"
hook "$W/remotes/api.git/hooks/pre-receive"
rel "$A" release VERSION=$V $R3
is "step 7 fails at the tag" \
	"2 build commit const testinstall testupload unconst upload versions" "$rc $(stamps "$A")"
is "step 6 done: each archive uploaded once to the real index" 7 "$(up_count "$RS_DIR")"
git -C "$A" tag -d "$V" >/dev/null
rel "$A" release VERSION=$V $R3
is "step 7 fails at the push" \
	"2 build commit const tag testinstall testupload unconst upload versions" "$rc $(stamps "$A")"
rm "$W/remotes/api.git/hooks/pre-receive"

# Server 2: a package that is not in the requirements file.
rel "$A" release VERSION=$V $R3 SERVER_REQ_PACKAGES="aloha nosuch"
is "server 2 fails after the bump" "2 \"173.4\"" "$rc $(prov "$W/server/version.py")"
ok "server 2: reqbump says why" grep -q nosuch "$T/err"

# Server 3: the lock command fails after PROVISION_VERSION was bumped.
rel "$A" release VERSION=$V $R3 SERVER_LOCK=false
is "server 3 fails after the bump" "2 \"173.4\"" "$rc $(prov "$W/server/version.py")"
ok "server 3 pending, server 1-2 done" sh -c "ls '$A/.release/$V' | grep -qx reqs && ! ls '$A/.release/$V' | grep -qx lock"
# Server 4: the commit fails (a hook).
hook "$W/server/.git/hooks/pre-commit"
rel "$A" release VERSION=$V $R3
is "server 4 fails at the commit" "2 release-$V" "$rc $(git -C "$W/server" symbolic-ref --short HEAD)"
rm "$W/server/.git/hooks/pre-commit"
rel "$A" release VERSION=$V $R3
is "resumed to the end" 0 "$rc"
rel "$A" status VERSION=$V $R3
is "status: all 14 done" 14 "$(grep -c '^done ' "$T/out")"
is "each step done once: uploads to the test and real index" "7 7" \
	"$(up_count "$TS_DIR") $(up_count "$RS_DIR")"
is "PROVISION_VERSION bumped by exactly one" '"173.4"' "$(prov "$W/server/version.py")"
is "one release commit, one server commit" "2 2" "$(commits "$A") $(commits "$W/server")"
is "the tag and the commit reached the remote" "Release $V" \
	"$(git -C "$W/remotes/api.git" log -1 --format=%s "$V")"
ok "the uploads carried credentials, never in the log as a value" \
	sh -c "! grep -q s3cret '$TS_DIR/requests.log' '$RS_DIR/requests.log'"

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
	build VERSION=$V PYTHON="$BPY" BUILD="sleep 20 && $BPY -m build --no-isolation" >/dev/null 2>&1 &
pid=$!
sleep 2
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

# ===========================================================================
# 5. The preflight sees every later step; the real layouts
# ===========================================================================
V=0.9.0
W=$T/w5
sh "$top/tests/demo/mkworkspace.sh" "$W" >/dev/null 2>&1
A=$W/api
RELUNSET=
R5i="TEST_REPO=file://$T/w5-test REAL_REPO=file://$T/w5-real"
# pre DESC ERE [ARG...]: the release stops in the preflight with one line
# on stderr: nothing uploaded, tagged, stamped or changed in either repo.
pre() {
	_desc=$1 _ere=$2
	shift 2
	rel "$A" release VERSION=$V $R5i "$@"
	_l=$(grep -c '^release.mk: ' "$T/err")
	_s=$(git -C "$W/server" status --porcelain; git -C "$W/uvserver" status --porcelain
		git -C "$W/server" branch --list; git -C "$W/uvserver" branch --list)
	if [ "$rc" -eq 2 ] && [ "$_l" -eq 1 ] && grep -Eq "$_ere" "$T/err" &&
		[ ! -e "$A/.release" ] && [ ! -e "$T/w5-test" ] && [ ! -e "$T/w5-real" ] &&
		[ -z "$(git -C "$A" tag -l; git -C "$W/remotes/api.git" tag -l)" ] &&
		[ -z "$(git -C "$A" status --porcelain --untracked-files=no)" ] && [ "$_s" = "* main
* main" ]; then
		_result 0 "preflight: $_desc"
	else
		_result 1 "preflight: $_desc" "status $rc, $_l release.mk lines" \
			"stderr: $(cat "$T/err")" "stdout: $(tail -3 "$T/out")" "server: $_s"
	fi
}
pre "the default package list: the server pins no aloha_botserver" \
	'^release\.mk: server step 2 would fail: reqbump: no pinned requirement of aloha_botserver \(set SERVER_REQ_PACKAGES' \
	SERVER_REQ_PACKAGES='aloha aloha_bots aloha_botserver'
pre "no version file in the server repo" 'server step 1 would fail: provbump: nosuch\.py: ' \
	SERVER_VERSION_FILE=nosuch.py
git -C "$W/server" rm -q tools/update-locked-requirements
git -C "$W/server" commit -qm "lock command gone"
pre "the lock command is missing" \
	'server step 3 would fail: tools/update-locked-requirements: not found in \.\./server or on PATH \(set SERVER_LOCK\)'
git -C "$W/server" reset -q --hard HEAD^
pre "a uv server and no uv" \
	'server step 3 would fail: uv: not found \(the server repo has uv\.lock: install uv or set SERVER_LOCK\)' \
	RELEASE_CONF=release-uv.conf
pre "the uv server does not pin aloha_botserver either" \
	'server step 2 would fail: reqbump: no pinned requirement of aloha_botserver' \
	RELEASE_CONF=release-uv.conf SERVER_REQ_PACKAGES='aloha aloha_bots aloha_botserver'

# A config kept untracked at the top never counts; other files are named.
git -C "$A" rm -q --cached release.conf
git -C "$A" commit -qm "release.conf: kept untracked"
echo notes >"$A/notes.txt"
mkdir -p "$A/scratch" && echo x >"$A/scratch/a.txt"
pre "an untracked file is named, the untracked config is not" \
	'^release\.mk: the git tree is not clean: notes\.txt scratch/a\.txt \(commit or stash them; release\.conf and \.release/ never count\)$'
rm -r "$A/notes.txt" "$A/scratch"
# (a venv of an earlier release there has file names git status quotes)
mkdir -p "$A/.release/0.8.9"
: >"$A/.release/0.8.9/launcher manifest.xml"
rel "$A" guards VERSION=$V $R5i
is "untracked release.conf and stamp directory: the guards pass" \
	"0 release.mk: guards passed: 0.8.2 -> $V" "$rc $(cat "$T/out")"
rm -r "$A/.release"

# A constant flipped with no deny list: a warning, not a failure.
rel "$A" guards VERSION=$V $R5i aloha_bots_DENY=
is "no deny list for the package the constant changes: guards still pass" 0 "$rc"
ok "... with a warning naming the package" grep -q \
	'^release\.mk: warning: IS_PYPA_PACKAGE is flipped in aloha_bots/setup\.py but aloha_bots has no deny list (aloha_bots_DENY or DENY)' "$T/err"
rel "$A" guards VERSION=$V $R5i
is "with the deny list: no warning" "0 " "$rc $(cat "$T/err")"

# status: the server step commands in full; no blank lock command.
rel "$A" status VERSION=$V $R5i
ok "status: server 1 command" grep -q \
	"^pending  server 1\. .*: cd \.\./server && .*provbump -i -m 'to upgrade aloha, aloha_bots to 0\.9\.0' version\.py\$" "$T/out"
ok "status: server 2 command" grep -q \
	"^pending  server 2\. .*: cd \.\./server && .*reqbump -i -p aloha -p aloha_bots 0\.9\.0 requirements/common\.in\$" "$T/out"
ok "status: server 3 command" grep -q \
	"^pending  server 3\. Run tools/update-locked-requirements .*: cd \.\./server && tools/update-locked-requirements\$" "$T/out"
rel "$A" status VERSION=$V $R5i SERVER_LOCK=
ok "status: no lock command: skipped and said so" grep -q \
	'^skipped  server 3\. Run (no lock command) to update' "$T/out"
rel "$A" status VERSION=$V $R5i RELEASE_CONF=release-uv.conf
ok "status: a uv server locks with uv lock and commits uv.lock" sh -c "grep -q \
	'^pending  server 3\. Run uv lock .*: cd \.\./uvserver && uv lock\$' '$T/out' && grep -q \
	'^pending  server 4\. Commit version\.py pyproject\.toml uv\.lock on branch' '$T/out'"

# --- fakeldap into a uv-layout server, through .pypirc sections named
# testpypi and pypi whose repository = points at the loopback servers.
printf '[distutils]\nindex-servers =\n    pypi\n    testpypi\n\n[pypi]\nrepository = %s\nusername = alice\npassword = s3cret\n\n[testpypi]\nrepository = %s\nusername = alice\npassword = s3cret\n' \
	"$RS_URL" "$TS_URL" >"$T/pypirc5"
chmod 600 "$T/pypirc5"
R5="PYPIRC=$T/pypirc5 SERVER_DIR=../uvserver SERVER_REQ_PACKAGES=fakeldap"
RELUNSET=1
rel "$W/fakeldap" status VERSION=$V $R5
ok "status: the test upload goes where .pypirc's [testpypi] says" \
	grep -q "^pending  4\. Upload .* (testpypi: $TS_URL)\$" "$T/out"
ok "status: the install test reads that server's index, not test.pypi.org" \
	grep -q "^pending  5\. Test installing .* (testpypi: pip reads $TS_BASE/simple/)\$" "$T/out"
ok "status: the real upload goes where [pypi] says" \
	grep -q "^pending  6\. Upload .* (pypi: $RS_URL; dependencies from $RS_BASE/simple/)\$" "$T/out"
# The stand-in uv: `uv lock` writes uv.lock from the sources of
# pyproject.toml, and leaves a scratch file behind.
mkdir -p "$T/uvbin"
cat >"$T/uvbin/uv" <<'SH'
#!/bin/sh
[ "$*" = lock ] || { echo "uv stand-in: only 'uv lock'" >&2; exit 2; }
{
	printf 'version = 1\n# uv stand-in\n'
	sed -n 's/^\([a-z-]*\) = { url = "\([^"]*\)".*/[[package]]\nname = "\1"\nsource = { url = "\2" }/p' pyproject.toml
} >uv.lock
echo scratch >.uv-stray
SH
chmod +x "$T/uvbin/uv"
up_t=$(up_count "$TS_DIR") up_r=$(up_count "$RS_DIR")
_path=$PATH
PATH=$T/uvbin:$PATH
rel "$W/fakeldap" release VERSION=$V $R5
PATH=$_path
is "fakeldap into the uv server: released" 0 "$rc"
is "uploads: two archives to each loopback server" "$((up_t + 2)) $((up_r + 2))" \
	"$(up_count "$TS_DIR") $(up_count "$RS_DIR")"
ok "the install test read the test server's index" grep -q '"/simple/fakeldap/"' "$TS_DIR/requests.log"
U=$W/uvserver
is "uv server: on the release branch, main untouched" "release-$V (369, 2)" \
	"$(git -C "$U" symbolic-ref --short HEAD) $(git -C "$U" show main:version.py | sed -n 's/^PROVISION_VERSION = \(([0-9, ]*)\).*/\1/p')"
is "uv server: PROVISION_VERSION bumped, its comment dated today with the release" \
	"PROVISION_VERSION = (369, 3)  # bumped $(date +%Y-%m-%d) to upgrade fakeldap to $V" \
	"$(grep '^PROVISION_VERSION' "$U/version.py")"
is "uv server: the fakeldap pin moved from the commit to the tag, the others kept" \
	"1 2" "$(grep -c "^fakeldap = { url = \"https://github.com/aloha/fakeldap/archive/$V.zip\" }\$" "$U/pyproject.toml") $(grep -c 'archive/b7fbf1b4c3d2e1f00112233445566778899aabbc.zip' "$U/pyproject.toml")"
ok "uv server: uv lock ran" grep -q "archive/$V.zip" "$U/uv.lock"
is "uv server: the commit holds the three release files" "pyproject.toml uv.lock version.py" \
	"$(git -C "$U" show --name-only --format= HEAD | sort | tr '\n' ' ' | sed 's/ $//')"
is "uv server: the stray file stays out, untracked" "?? .uv-stray" "$(git -C "$U" status --porcelain)"
ok "uv server: ... and is named" grep -q '^release.mk: server repo: left out of the commit .*: \.uv-stray$' "$T/out"

# --- virtualenv-clone: PyPI's refusal in step 3; a version already set
VC=$W/venvclone
RELUNSET=
R5v="TEST_REPO=file://$T/w5vc-test REAL_REPO=file://$T/w5vc-real"
sed -i 's/name="virtualenv_clone"/name="virtualenv-clone"/' "$VC/setup.py"
git -C "$VC" commit -qam "setup.py: the name as PyPI spells it"
rel "$VC" release VERSION=$V $R5v
is "pre-PEP 625 sdist name: step 3 stops, nothing uploaded" "2 versions no" \
	"$rc $(stamps "$VC") $(test -e "$T/w5vc-test" && echo yes || echo no)"
ok "... pypiup names the file name PyPI wants" grep -q "should be 'virtualenv_clone-$V\\.tar\\.gz'\. (PEP 625" "$T/err"
ok "... release.mk names the fix" grep -q "release.mk: step 3: PyPI would refuse the archives above: .*'_' in place of '-' and '\.'" "$T/err"
rel "$VC" abort VERSION=$V $R5v
git -C "$VC" reset -q --hard HEAD^
# The files already say 0.9.3, untagged, as fakeldap's did.
setver -i 0.9.3 "$VC/setup.py" && setver -i -n __version__ 0.9.3 "$VC/clonevirtualenv.py"
git -C "$VC" commit -qam "Prepare 0.9.3"
mkdir -p "$T/w5vc-on/simple/virtualenv-clone"
echo '<a href="virtualenv_clone-0.9.3.tar.gz#sha256=00">virtualenv_clone-0.9.3.tar.gz</a>' \
	>"$T/w5vc-on/simple/virtualenv-clone/index.html"
rel "$VC" guards VERSION=0.9.3 TEST_REPO="file://$T/w5vc-test" REAL_REPO="file://$T/w5vc-on"
is "version in the files and already on the real index: refused" \
	"2 release.mk: 0.9.3 is already on the real index file://$T/w5vc-on/simple/: virtualenv_clone-0.9.3.tar.gz (an index never takes a file name twice: release a new version)" \
	"$rc $(grep '^release.mk' "$T/err")"
c_vc=$(commits "$VC")
rel "$VC" release VERSION=0.9.3 $R5v
is "version in the files, tag free, not on the index: released" 0 "$rc"
ok "... step 1 shown as already done" grep -q '^release.mk: step 1 already done: setup.py clonevirtualenv.py hold 0.9.3$' "$T/out"
ok "... nothing to commit, said so" grep -q '^release.mk: nothing to commit' "$T/out"
is "... no new commit; the tag on the commit that set the version" \
	"$c_vc Prepare 0.9.3" "$(commits "$VC") $(git -C "$W/remotes/venvclone.git" log -1 --format=%s 0.9.3)"
is "... both archives on the real index" \
	"virtualenv_clone-0.9.3-py3-none-any.whl virtualenv_clone-0.9.3.tar.gz" "$(files_in "$T/w5vc-real")"
ok "... step 3 says there is no earlier release to compare with" \
	grep -q "^release.mk: step 3: virtualenv-clone: no earlier release on file://$T/w5vc-real/simple/" "$T/out"

# ===========================================================================
# 6. The rehearsal before the first upload (issue 21), one run at a time,
# tested bytes only, git's index.lock, a file:// root page (issue 25)
# ===========================================================================
V=0.9.0
W=$T/w6
sh "$top/tests/demo/mkworkspace.sh" "$W" >/dev/null 2>&1
F=$W/fakeldap
R6="TEST_REPO=file://$T/w6-test REAL_REPO=file://$T/w6-real"
# rej DIR DESC ERE [ARG...]: release stops with one release.mk line
# matching ERE on stderr, exit 2, nothing on either index, no tag.
rej() {
	_dir=$1 _desc=$2 _ere=$3
	shift 3
	rel "$_dir" release VERSION=$V $R6 "$@"
	_l=$(grep -c '^release.mk: ' "$T/err")
	if [ "$rc" -eq 2 ] && [ "$_l" -eq 1 ] && grep -Eq "$_ere" "$T/err" &&
		[ ! -e "$T/w6-test" ] && [ ! -e "$T/w6-real" ] &&
		[ -z "$(git -C "$_dir" tag -l)" ]; then
		_result 0 "$_desc"
	else
		_result 1 "$_desc" "status $rc, $_l release.mk lines" \
			"stderr: $(cat "$T/err")" "stdout: $(tail -3 "$T/out")"
	fi
}

# No git identity: an empty HOME, no system config, no GIT_* variables,
# none in the repo.
git -C "$F" config --unset user.name
git -C "$F" config --unset user.email
(
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL EMAIL
	export HOME=$T/emptyhome
	mkdir -p "$HOME"
	rej "$F" "no git identity: the guards stop before step 1" \
		'^release\.mk: git has no author identity for the commit and tag of step 7: set git config user\.name and user\.email \(or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL\)$'
	is "no git identity: nothing stamped, the files unchanged" "no 0.8.2" \
		"$(test -e "$F/.release" && echo yes || echo no) $(setver -g "$F/pyproject.toml")"
)
git -C "$F" config user.name Tester
git -C "$F" config user.email tester@example.invalid

# A signature asked for and no key to make it.
printf '#!/bin/sh\necho "gpg: skipped \\"DEADBEEF\\": No secret key" >&2\nexit 2\n' >"$T/nogpg"
chmod +x "$T/nogpg"
git -C "$F" config commit.gpgSign true
git -C "$F" config gpg.program "$T/nogpg"
rej "$F" "commit.gpgSign and no key: stopped, the key named" \
	'^release\.mk: git cannot sign the commit and tag of step 7 \(asked by commit\.gpgSign\): error: gpg failed to sign the data \(set user\.signingkey to a key .*nogpg has, or set commit\.gpgSign to false\)$'
git -C "$F" config --unset commit.gpgSign

# The remote moved on: the dry-run push of step 7 is refused.
git -C "$F" commit -q --allow-empty -m "elsewhere"
git -C "$F" push -q origin main
git -C "$F" reset -q --hard HEAD^
rej "$F" "the branch cannot be pushed: stopped before step 1" \
	'^release\.mk: git push --dry-run --atomic origin main 0\.9\.0 fails: ! \[rejected\] +HEAD -> main \(.*\) \(step 7 would fail: fix the remote, or set PUSH = 0\)$'
rel "$F" guards VERSION=$V $R6 PUSH=0
is "... PUSH = 0: no push, no dry run" 0 "$rc"
git -C "$F" reset -q --hard origin/main

# A package with no version file: said so, no traceback.
rej "$F" "no version file: said so, nothing compared" \
	'^release\.mk: fakeldap has no version file \(fakeldap_VERSION_FILES is empty\): its current version cannot be read or compared' \
	fakeldap_VERSION_FILES=
ok "... no Python traceback" sh -c "! grep -q Traceback '$T/err'"
printf '[metadata]\nversion = not.a.version\n' >"$F/setup.cfg"
git -C "$F" add setup.cfg && git -C "$F" commit -qm "setup.cfg"
rej "$F" "a current version that is not PEP 440: cannot compare, said so" \
	"^release\\.mk: cannot compare VERSION=0\\.9\\.0 with the current version 'not\\.a\\.version' of setup\\.cfg: not a PEP 440 version" \
	fakeldap_VERSION_FILES=setup.cfg
ok "... no Python traceback" sh -c "! grep -q Traceback '$T/err'"
git -C "$F" reset -q --hard HEAD^

# A version file the build backend does not read: the archives say 0.8.2.
printf '__version__ = "0.8.2"\n' >"$F/fakeldap/_version.py"
git -C "$F" add fakeldap/_version.py && git -C "$F" commit -qm "_version.py"
rel "$F" release VERSION=$V $R6 fakeldap_VERSION_FILES=fakeldap/_version.py
is "version file the backend does not read: stopped in step 3" "2 versions" "$rc $(stamps "$F")"
is "... each archive named, with its versions and the fix" 2 "$(grep -c \
	"^release\\.mk: rehearsal: \\./dist/fakeldap-0\\.8\\.2[-.].* is version 0\\.8\\.2 (file name) and 0\\.8\\.2 (metadata), not VERSION=0\\.9\\.0: the build backend reads its version from elsewhere than fakeldap/_version\\.py .*name the file it reads in fakeldap_VERSION_FILES" "$T/err")"
is "... nothing uploaded" "no" "$(test -e "$T/w6-test" && echo yes || echo no)"
rel "$F" abort VERSION=$V $R6 fakeldap_VERSION_FILES=fakeldap/_version.py
git -C "$F" reset -q --hard HEAD^
is "... abort: the tree clean again" "0 " "$rc $(git -C "$F" status --porcelain)"

# status: step 1 done when the files hold VERSION already.
rel "$F" status VERSION=0.8.2 $R6
ok "status: the files hold VERSION: step 1 done (already in the files)" \
	grep -q '^done     1\. Increment the version in pyproject\.toml to 0\.8\.2 .* (already in the files)$' "$T/out"
rel "$F" status VERSION=$V $R6
ok "status: the files do not hold it: pending" grep -q '^pending  1\. ' "$T/out"

# abort of 1.0.dev: the version comes back as it was written.
sed -i 's/^version = "0.8.2"/version = "1.0.dev"/' "$F/pyproject.toml"
git -C "$F" commit -qam "1.0.dev"
rel "$F" versions VERSION=1.0 $R6
is "1.0.dev -> 1.0: step 1 done" "0 1.0" "$rc $(setver -g "$F/pyproject.toml")"
rel "$F" abort VERSION=1.0 $R6
is "abort: 1.0.dev written back as 1.0.dev, the tree clean" "0 version = \"1.0.dev\" " \
	"$rc $(grep '^version' "$F/pyproject.toml") $(git -C "$F" status --porcelain)"
git -C "$F" reset -q --hard HEAD^

# No pip that can install into a venv from outside: said before building.
rel "$F" build VERSION=$V $R6 PIP=false
is "no pip 22.3: step 3 stops before building, says so" \
	"2 versions release.mk: step 3: false: not pip 22.3 or later: the venvs made without ensurepip need its --python; install python3-pip (Debian 12 has pip 23), or set PIP" \
	"$rc $(stamps "$F") $(grep '^release.mk' "$T/err")"
ok "... nothing built" test ! -e "$F/dist"
rel "$F" abort VERSION=$V $R6

# A local version: the step 3 hint says what PyPI refuses, not PEP 625.
rel "$F" build VERSION=0.9.0+local $R6
is "local version: stopped in step 3" "2" "$rc"
ok "... the hint names the local version" grep -q \
	"^release\\.mk: step 3: PyPI would refuse the archives above: a local version (after '+'): no public index takes one" "$T/err"
ok "... and not PEP 625" sh -c "! grep -q 'PEP 625' '$T/err'"
rel "$F" abort VERSION=0.9.0+local $R6

# A second run while one holds the lock: who holds it, exit 2, nothing done.
mkdir -p "$F/.release"
mkfifo "$T/hold"
flock "$F/.release/lock" sh -c 'echo "pid 4242, make release VERSION=0.9.0, by the test" >"$1"; read x <"$2"' sh "$F/.release/lock" "$T/hold" &
holder=$!
until grep -q 4242 "$F/.release/lock" 2>/dev/null; do :; done
rel "$F" release VERSION=$V $R6
is "lock held: exit 2, one line naming the holder" \
	"2 release.mk: .release/lock: another run holds the release lock: pid 4242, make release VERSION=0.9.0, by the test; let it finish (the lock ends with its process)" \
	"$rc $(grep '^release.mk' "$T/err")"
is "... nothing done" "0.8.2 " "$(setver -g "$F/pyproject.toml") $(stamps "$F")"
echo >"$T/hold"
wait "$holder"
rm -r "$F/.release"

# The archives that reach the real index are the bytes tested; a file://
# index whose root page is missing is repaired on the rerun.
rel "$F" testupload VERSION=$V $R6
is "up to step 4" "0 build testupload versions" "$rc $(stamps "$F")"
ok "... the rehearsal passed" grep -q '^release.mk: rehearsal: every archive holds 0\.9\.0; the wheels install together and import$' "$T/out"
# Without the rehearsal's venv (a release begun by an older release.mk),
# step 5 installs afresh.
rm -r "$F/.release/$V/venv-rehearsal"
rel "$F" testinstall VERSION=$V $R6
is "step 5 without the rehearsal's venv: a venv of its own" "0 build testinstall testupload versions no" \
	"$rc $(stamps "$F") $(test -L "$F/.release/$V/venv" && echo yes || echo no)"
ok "... pip installed the files from the test index" grep -q -- "install .* --index-url file://$T/w6-real/simple/ \.release/$V/wheelhouse/\*\$" "$T/out"
ok "... wall times are for release only" sh -c "! grep -q 'wall time' '$T/out'"
rm "$T/w6-test/simple/index.html" "$F/.release/$V/testupload"
rel "$F" testupload VERSION=$V $R6
is "file:// index without its root page: the rerun writes it" "0 yes" \
	"$rc $(grep -q 'href="fakeldap/"' "$T/w6-test/simple/index.html" && echo yes)"
ok "... the archives themselves skipped" grep -q "^skipped \\./dist/fakeldap-$V\\.tar\\.gz" "$T/out"
touch "$F/.release/$V/testinstall"
cp "$F/dist/fakeldap-$V.tar.gz" "$T/tested.tar.gz"
printf 'x' >>"$F/dist/fakeldap-$V.tar.gz"
rel "$F" release VERSION=$V $R6
is "an archive changed since the test upload: step 6 refuses" \
	"2 release.mk: step 6: ./dist/fakeldap-$V.tar.gz differ from the archives uploaded to the test index and tested in step 5 (sha256 in .release/$V/started-testupload): the real index gets only tested bytes; put those archives back in dist/ (the test index has them), or abort and release a new version" \
	"$rc $(grep '^release.mk' "$T/err")"
is "... nothing on the real index" "no" "$(test -e "$T/w6-real" && echo yes || echo no)"
cp "$T/tested.tar.gz" "$F/dist/fakeldap-$V.tar.gz"
# A git command killed during the commit left its index.lock.
: >"$F/.git/index.lock"
rel "$F" release VERSION=$V $R6
is "index.lock left: step 7 stops, says what it is and how to clear it" \
	"2 release.mk: .git/index.lock: left by a git command that was killed (or one still running in this repo): if no git process runs there (ps -C git), remove it (rm .git/index.lock) and rerun" \
	"$rc $(grep '^release.mk' "$T/err")"
is "... the tested archives reached the real index" \
	"fakeldap-$V-py3-none-any.whl fakeldap-$V.tar.gz" "$(files_in "$T/w6-real")"
rm "$F/.git/index.lock"
rel "$F" release VERSION=$V $R6
is "index.lock removed: the release completes" "0 Release $V" \
	"$rc $(git -C "$W/remotes/fakeldap.git" log -1 --format=%s "$V")"
ok "release prints each step's wall time" grep -Eq \
	'^release\.mk: wall time per step: commit [0-9.]+s, tag [0-9.]+s, push [0-9.]+s \([0-9.]+s in all\)$' "$T/out"
is "the lock names no holder once the run is over" "" "$(cat "$F/.release/lock")"

# A sibling pin that this release does not satisfy, and a setuptools file
# finder (as setuptools-scm) that puts every git-tracked file in the sdist.
A=$W/api
# SIBLING_FILES empty: step 1 leaves the sibling pins, so that the
# rehearsal's own check of them is what is tested here.
R6a="TEST_REPO=file://$T/w6a-test REAL_REPO=file://$T/w6a-real SIBLING_FILES="
ok "the api's dependency is on its real index" \
	pypiup -q --repository-url "file://$T/w6a-real" "$W/deps/demo_helper-1.0-py3-none-any.whl"
rel "$A" guards VERSION=$V $R6a SERVER_PUSH=1 SERVER_REMOTE=nosuch
ok "SERVER_PUSH = 1, a server remote that does not exist: the guards stop" grep -q \
	"^release\\.mk: git push --dry-run nosuch release-0\\.9\\.0 in the server repo \\.\\./server fails: fatal: .*nosuch.* (server step 4 would fail: fix the remote, or set SERVER_PUSH = 0)\$" "$T/err"
sed -i 's/install_requires=\["aloha"\]/install_requires=["aloha==0.8.2"]/' "$A/aloha_bots/setup.py"
git -C "$A" commit -qam "aloha_bots: pin aloha"
mkdir -p "$T/finder/relkit_finder_stub-1.0.dist-info"
cat >"$T/finder/relkit_finder_stub.py" <<'PY'
import subprocess


def find_files(dirname=""):
    out = subprocess.run(["git", "ls-files", "--", dirname or "."],
                         capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line]
PY
printf 'Metadata-Version: 2.1\nName: relkit-finder-stub\nVersion: 1.0\n' \
	>"$T/finder/relkit_finder_stub-1.0.dist-info/METADATA"
printf '[setuptools.file_finders]\nstub = relkit_finder_stub:find_files\n' \
	>"$T/finder/relkit_finder_stub-1.0.dist-info/entry_points.txt"
PYTHONPATH=$T/finder rel "$A" build VERSION=$V $R6a \
	PYTHON="$PYTHON" BUILD="$PYTHON -m build --no-isolation"
is "a file finder puts the logo in the sdist: step 3 stops" "2 const versions" "$rc $(stamps "$A")"
ok "... pkgls names the logo" grep -q 'aloha_bots-0\.9\.0/aloha_bots/bots/helloworld/logo\.svg: denied' "$T/err"
ok "... the likely cause named: the file finder installed" grep -q \
	"^release\\.mk: step 3: aloha_bots: if the project's own files (MANIFEST\\.in, package data) leave the denied files out, the likely cause is a setuptools file finder installed for .*: .*relkit-finder-stub.*, which puts every file git tracks into the sdist" "$T/err"
rel "$A" build VERSION=$V $R6a
is "a sibling pin of the old version: step 3 stops, nothing uploaded" "2 const versions no" \
	"$rc $(stamps "$A") $(test -e "$T/w6a-test" && echo yes || echo no)"
is "... the pin named with its archive and its file" 1 "$(grep -c '^release.mk' "$T/err")"
ok "... in one line" grep -Eq \
	"^release\.mk: rehearsal: aloha_bots/dist/aloha_bots-0\.9\.0-py3-none-any\.whl requires aloha \(?==0\.8\.2\)?, which this release's aloha 0\.9\.0 does not satisfy \(the pin is in aloha_bots/setup\.py\): pin the sibling to 0\.9\.0, then rerun$" "$T/err"
sed -i 's/"aloha==0.8.2"/"aloha==0.9.0"/' "$A/aloha_bots/setup.py"
rel "$A" build VERSION=$V $R6a
is "pin fixed: the rerun rebuilds, the rehearsal passes" "0 build const versions" "$rc $(stamps "$A")"
ok "... the three packages installed together and imported" grep -q \
	'^release.mk: rehearsal: every archive holds 0\.9\.0; the wheels install together and import$' "$T/out"
ok "... each build's output kept" test -s "$A/.release/$V/venv-logs/build-aloha_bots.log"
# SERVER_PUSH = 1: the server branch is pushed; the rehearsal dry-runs it.
rel "$A" release VERSION=$V $R6a SERVER_PUSH=1
is "SERVER_PUSH = 1: released, the server branch on the server's remote" \
	"0 requirements: Upgrade aloha aloha_bots to $V." \
	"$rc $(git -C "$W/remotes/server.git" log -1 --format=%s "release-$V")"
ok "... step 5 reused the rehearsal's venv: the same bytes" grep -q \
	"^release\\.mk: step 5: the test index serves the very archives the rehearsal installed together (the sha256 of the test upload): its venv stands for this one\$" "$T/out"
ok "... the pull request command needs no push" grep -q \
	"^release\\.mk: server repo: branch release-$V committed and pushed to origin; to open the pull request: cd \\.\\./server && gh pr create --fill\$" "$T/out"

# Each distinct warning once per run: the guards and the rehearsal before
# the test upload both find no password and a keyring to ask.
VC=$W/venvclone
printf '[distutils]\nindex-servers = local\n\n[local]\nrepository = %s\nusername = alice\n' \
	"$TS_URL" >"$T/pypirc6"
chmod 600 "$T/pypirc6"
# pypiup asks the keyring module of the keyring command's Python (its #!
# line), as twine does: a stand-in module on PYTHONPATH answers.
mkdir -p "$T/kbin6" "$T/kpy6/keyring"
printf '#!%s\nimport sys\nsys.exit(1)\n' "$(command -v "$PYTHON")" >"$T/kbin6/keyring"
chmod +x "$T/kbin6/keyring"
printf 'def get_password(service, user):\n    return "s3cret"\n' >"$T/kpy6/keyring/__init__.py"
up_t=$(up_count "$TS_DIR")
_path=$PATH
PATH=$T/kbin6:$PATH RELUNSET=1
PYTHONPATH=$T/kpy6 rel "$VC" testupload VERSION=$V TEST_REPO=local \
	REAL_REPO="file://$T/w6vc-real" PYPIRC="$T/pypirc6" KEYRING=keyring
PATH=$_path RELUNSET=
is "no password, a keyring: the test upload done through it" "0 $((up_t + 2))" "$rc $(up_count "$TS_DIR")"
is "... the keyring warning printed once, though checked twice" 1 \
	"$(grep -c '^release\.mk: warning: TEST_REPO=local: no credentials configured; pypiup will ask the keyring$' "$T/err")"

done_testing
