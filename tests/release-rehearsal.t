#!/bin/sh
# relkit — MIT licence, see LICENSE.
# End to end (see release.t): the rehearsal before the first upload
# (issue 21), one run at a time, tested bytes only, git's index.lock, a
# file:// root page (issue 25), on the single-package project.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
. "$(dirname "$0")/release-lib.sh"

release_setup "release.mk: the rehearsal" 0

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


done_testing
