#!/bin/sh
# relkit — MIT licence, see LICENSE.
# End to end (see release.t): release.mk releases the sample workspace
# into two loopback index servers, whose upload counters show that no file
# is uploaded twice, with a failure injected at each step followed by a
# fix and a resume that completes with every step done once; the guards.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
. "$(dirname "$0")/release-lib.sh"

release_setup "release.mk: a failure at each step, resumed" 2

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


done_testing
