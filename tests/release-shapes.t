#!/bin/sh
# relkit — MIT licence, see LICENSE.
# release.mk with release shapes beyond one version that is its own tag
# (issue 22): TAG = v$(VERSION) gives the server's git pins @vX.Y.Z and its
# == pins X.Y.Z; the packages' exact pins of each other move with their
# versions in step 1 (and back on abort); a range the new version falls
# outside stops the guards, naming the file and line, before any change.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
MK=${RELKIT_RELEASE_MK:-$top/release.mk}
unset MAKEFLAGS MFLAGS MAKELEVEL TWINE_USERNAME TWINE_PASSWORD TWINE_REPOSITORY \
	TWINE_REPOSITORY_URL DRY_RUN VERSION 2>/dev/null || true
export KEYRING=relkit-no-keyring

release_env "release shapes"
# build where no setuptools plug-in of the machine's reaches (lib.sh)
build_env
W=$T/w
A=$W/api
sh "$top/tests/demo/mkworkspace.sh" "$W" >/dev/null || exit 2
mkdir -p "$T/index/test" "$T/index/real"
TEST=file://$T/index/test REAL=file://$T/index/real
pypiup --repository-url "$REAL" "$W/deps/demo_helper-1.0-py3-none-any.whl" >/dev/null
# The botserver pins aloha exactly and takes a range of the bots that 0.9.0
# falls outside; the server pins by tags written v0.8.2.
sed -i 's/install_requires=\["aloha", "aloha_bots"\]/install_requires=["aloha==0.8.2", "aloha_bots>=0.8,<0.9"]/' \
	"$A/aloha_botserver/setup.py"
git -C "$A" commit -qam "botserver: pin its siblings"
git -C "$A" tag -a -m 0.8.2 v0.8.2
sed -i 's/@0\.8\.2#/@v0.8.2#/' "$W/server/requirements/common.in"
git -C "$W/server" commit -qam "Pins by v-tags"

rel() { # ARG...: release.mk in the API repo, no terminal
	timeout -k 10 "$RELBOUND" make --no-print-directory -C "$A" -f "$MK" \
		VERSION=0.9.0 TEST_REPO="$TEST" REAL_REPO="$REAL" PYTHON="$BPY" PIP="$SYSPIP" \
		TAG='v$(VERSION)' "$@" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
}
pins() { grep -o 'install_requires=.*' "$A/aloha_botserver/setup.py"; }

rel guards
is "a sibling range 0.9.0 falls outside: the guards stop" 2 "$rc"
is "... naming the file and line" \
	"release.mk: step 1 would fail: aloha_botserver/setup.py:10: aloha_bots >=0.8,<0.9 excludes 0.9.0: widen the range or pin 0.9.0 (set SIBLING_FILES to leave a file out)" \
	"$(grep "^release.mk" "$T/err")"
rel release
is "... and so does the release, before anything changed" "2 clean" \
	"$rc $(git -C "$A" status --porcelain | grep -v '^?? \.release/$' | wc -l | sed 's/^0$/clean/')"

sed -i 's/<0\.9"/<1"/' "$A/aloha_botserver/setup.py"
git -C "$A" commit -qam "botserver: widen the range"
rel guards SERVER_PR=gitea
is "SERVER_PR names no forge relkit knows: the guards stop" \
	"2 release.mk: SERVER_PR=gitea: github, gitlab or empty" "$rc $(grep '^release.mk' "$T/err")"
rel guards FORGE_RELEASE=bitbucket
is "... FORGE_RELEASE too" \
	"2 release.mk: FORGE_RELEASE=bitbucket: github, gitlab or empty" "$rc $(grep '^release.mk' "$T/err")"
rel guards SERVER_PR=github SERVER_REMOTE=nosuch
is "SERVER_PR set: the guards dry-run the server branch's push" 2 "$rc"
ok "... and name the remote" grep -q \
	"^release\\.mk: git push --dry-run nosuch release-0\\.9\\.0 in the server repo \\.\\./server fails: fatal: .*nosuch.* (server step 4 would fail: fix the remote, or empty SERVER_PR)\$" "$T/err"
rel status
ok "status names the sibling pins with step 1" grep -q \
	'^pending  1\. Increment the version in .* and the exact pins of the packages on each other in aloha/setup\.py aloha_bots/setup\.py aloha_botserver/setup\.py$' "$T/out"
ok "status shows server step 2 with the tag" grep -q \
	"^pending  server 2\\. .*reqbump -i -t 'v0\\.9\\.0' -p aloha -p aloha_bots 0\\.9\\.0 requirements/common\\.in\$" "$T/out"
rel versions
is "step 1: the exact pin moves, the range stays" \
	'0 install_requires=["aloha==0.9.0", "aloha_bots>=0.8,<1"],' "$rc $(pins)"
ok "... reqbump says what it changed" grep -q '^aloha_botserver/setup\.py:10: ' "$T/err"
rel abort
is "abort: the pin back, every file as it was" '0 install_requires=["aloha==0.8.2", "aloha_bots>=0.8,<1"], ' \
	"$rc $(pins) $(git -C "$A" status --porcelain | grep -v '^?? \.release/$')"

rel release
is "the release runs to its end" 0 "$rc"
is "the release commit holds the moved pin" 'install_requires=["aloha==0.9.0", "aloha_bots>=0.8,<1"],' \
	"$(git -C "$A" show v0.9.0:aloha_botserver/setup.py | grep -o 'install_requires=.*')"
is "... and nothing is left uncommitted" "" "$(git -C "$A" status --porcelain | grep -v '^?? \.release/$')"
is "the tag v0.9.0 is pushed" "$(git -C "$A" rev-parse v0.9.0)" \
	"$(git -C "$W/remotes/api.git" rev-parse refs/tags/v0.9.0)"
is "the server's git pins get the tag, its == pins the version" \
	"git+https://github.com/aloha/python-aloha-api.git@v0.9.0#egg=aloha==0.9.0&subdirectory=aloha
git+https://github.com/aloha/python-aloha-api.git@v0.9.0#egg=aloha_bots==0.9.0&subdirectory=aloha_bots" \
	"$(git -C "$W/server" show release-0.9.0:requirements/common.in | grep '^git+')"
done_testing
