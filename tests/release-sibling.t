#!/bin/sh
# relkit — MIT licence, see LICENSE.
# End to end (see release.t): the rehearsal of the three packages: a
# sibling pin the release does not satisfy, a setuptools file finder
# that puts every git-tracked file in the sdist, a server branch pushed;
# each distinct warning once per run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
. "$(dirname "$0")/release-lib.sh"

release_setup "release.mk: the rehearsal of several packages" 1

V=0.9.0
W=$T/w6
sh "$top/tests/demo/mkworkspace.sh" "$W" >/dev/null 2>&1
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
ok "... the likely cause named: the file finder installed (with any the machine has: setuptools-scm)" grep -Eq \
	"^release\\.mk: step 3: aloha_bots: if the project's own files \\(MANIFEST\\.in, package data\\) leave the denied files out, the likely cause is a setuptools file finder installed for .*: ([^:]*, )?relkit-finder-stub(, [^:]*)?, which puts every file git tracks into the sdist" "$T/err"
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
