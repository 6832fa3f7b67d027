#!/bin/sh
# relkit — MIT licence, see LICENSE.
# End to end (see release.t): the preflight sees every later step; the
# server layouts (requirements files, uv); .pypirc sections that point at
# the loopback servers; PyPI's refusals seen in step 3.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
. "$(dirname "$0")/release-lib.sh"

release_setup "release.mk: the preflight and the real layouts" 2

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


done_testing
