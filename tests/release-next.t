#!/bin/sh
# relkit — MIT licence, see LICENSE.
# release.mk with two version streams and the next development version
# (issue 22): aloha and aloha_bots at VERSION, aloha_botserver at a version
# of its own (P_VERSION) and a tag of its own (P_TAG); the packages pin
# each other across the streams; after the tag, NEXT = minor writes and
# commits each stream's next .dev0 version and moves the pins; the commits
# and both tags go out in one atomic push. Also: a server repo with no
# version.py and no lock command, a config named by RELEASE_CONF with an
# untracked release.conf beside it, and the pin edits shown by status.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
MK=${RELKIT_RELEASE_MK:-$top/release.mk}
unset MAKEFLAGS MFLAGS MAKELEVEL TWINE_USERNAME TWINE_PASSWORD TWINE_REPOSITORY \
	TWINE_REPOSITORY_URL DRY_RUN VERSION NEXT NEXT_VERSION 2>/dev/null || true
export KEYRING=relkit-no-keyring

release_env "two version streams and the next development version"
"$PYTHON" "$top/tests/demo/buildenv.py" "$T/buildenv" || exit 2
BPY=$T/buildenv/bin/python-build
W=$T/w
A=$W/api
sh "$top/tests/demo/mkworkspace.sh" "$W" >/dev/null || exit 2
mkdir -p "$T/index/test" "$T/index/real"
TEST=file://$T/index/test REAL=file://$T/index/real
pypiup --repository-url "$REAL" "$W/deps/demo_helper-1.0-py3-none-any.whl" >/dev/null

# The botserver is a stream of its own at 0.3b0 and pins aloha exactly,
# the bots by a compatible release of the coming series (as opentelemetry's
# exporters pin "opentelemetry-sdk ~= 1.45.0.dev");
# the bots pin the botserver exactly. The config is release-other.conf;
# release.conf stays beside it, untracked.
sed -i 's/"0\.8\.2"/"0.3b0"/; s/install_requires=\["aloha", "aloha_bots"\]/install_requires=["aloha==0.8.2", "aloha_bots~=0.9.0.dev0"]/' \
	"$A/aloha_botserver/setup.py"
sed -i 's/install_requires=\["aloha"\]/install_requires=["aloha", "aloha_botserver==0.3b0"]/' "$A/aloha_bots/setup.py"
git -C "$A" mv release.conf release-other.conf
git -C "$A" commit -qam "botserver: a stream of its own; pins"
cp "$A/release-other.conf" "$A/release.conf"
# A server repo with no version.py and no lock command; it pins the
# botserver too.
git -C "$W/server" rm -q version.py
echo 'git+https://github.com/aloha/python-aloha-api.git@0.8.2#egg=aloha_botserver==0.3b0&subdirectory=aloha_botserver' \
	>>"$W/server/requirements/common.in"
git -C "$W/server" commit -qam "No version.py"

rel() { # ARG...: release.mk in the API repo, no terminal
	timeout -k 10 "$RELBOUND" make --no-print-directory -C "$A" -f "$MK" RELEASE_CONF=release-other.conf \
		VERSION=0.9.0 TEST_REPO="$TEST" REAL_REPO="$REAL" PYTHON="$BPY" PIP="$PYTHON -m pip" \
		SERVER_VERSION_FILE= SERVER_LOCK= SERVER_REQ_PACKAGES='aloha aloha_bots aloha_botserver' "$@" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
}
S2='aloha_botserver_VERSION=0.4b0 aloha_botserver_TAG=botserver-v$(aloha_botserver_VERSION)'

rel guards aloha_botserver_VERSION=0.2
is "a stream's version not greater than its files': stopped, named" \
	"2 release.mk: aloha_botserver_VERSION=0.2 is not greater than the current version 0.3b0" \
	"$rc $(grep '^release.mk' "$T/err")"
rel guards
is "one stream only: the botserver's file disagrees" 2 "$rc"
ok "... said so" grep -q '^release\.mk: the version files disagree on the current version: .*aloha_botserver/setup\.py 0\.3b0' "$T/err"
rel guards aloha_botserver_VERSION=0.4 NEXT=micro
is "NEXT names no rule: stopped" "2 release.mk: NEXT=micro: major, minor, patch or empty" \
	"$rc $(grep '^release.mk' "$T/err")"
rel guards aloha_botserver_VERSION=0.4 NEXT_VERSION=0.9.0
is "NEXT_VERSION not greater than VERSION: stopped" \
	"2 release.mk: the next development version of aloha, 0.9.0, is not greater than 0.9.0" \
	"$(echo $rc $(grep '^release.mk' "$T/err" | head -1))"
sed -i 's/"aloha_bots~=0\.9\.0\.dev0"/"aloha_bots>=0.8,<0.10"/' "$A/aloha_botserver/setup.py"
git -C "$A" commit -qam "botserver: a range the next version falls outside"
rel guards aloha_botserver_VERSION=0.4 NEXT=minor
is "a sibling range the next version falls outside: stopped before anything, file and line named" \
	"2 release.mk: the next development version would fail: aloha_botserver/setup.py:10: aloha_bots >=0.8,<0.10 excludes 0.10.0.dev0: widen the range or pin 0.10.0.dev0 (set SIBLING_FILES to leave a file out)" \
	"$rc $(grep '^release.mk' "$T/err")"
git -C "$A" reset -q --hard HEAD^

rel status $S2 NEXT=minor
is "status: both streams in step 1" \
	"pending  1. Increment the version in aloha/aloha/__init__.py aloha_bots/setup.py aloha_botserver/setup.py to 0.9.0 (all set to the same version number), aloha_botserver to 0.4b0 and the exact pins of the packages on each other in aloha/setup.py aloha_bots/setup.py aloha_botserver/setup.py" \
	"$(grep '^pending  1\.' "$T/out")"
is "... the pin edits, each with its stream's version" \
	'pin: aloha_botserver/setup.py:10: install_requires=["aloha==0.8.2", "aloha_bots~=0.9.0.dev0"], -> install_requires=["aloha==0.9.0", "aloha_bots~=0.9.0.dev0"],
pin: aloha_bots/setup.py:21: install_requires=["aloha", "aloha_botserver==0.3b0"], -> install_requires=["aloha", "aloha_botserver==0.4b0"],' \
	"$(sed -n 's/^ *pin: /pin: /p' "$T/out")"
is "... both tags" "pending  7. Create a release tag 0.9.0 botserver-v0.4b0" "$(grep 'Create a release tag' "$T/out")"
is "... the next development versions" \
	"pending  7. Set the next development version 0.10.0.dev0 0.5b0.dev0 in aloha/aloha/__init__.py aloha_bots/setup.py aloha_botserver/setup.py and the sibling pins and commit it (Back to development: 0.10.0.dev0, 0.5b0.dev0)" \
	"$(grep 'next development' "$T/out")"
is "... no command for the skipped server step 1, nor for step 3" \
	"skipped  server 1. Increment PROVISION_VERSION in the server's version file (SERVER_VERSION_FILE is empty) (minor bump)
skipped  server 3. Run (no lock command) to update the rest of the requirements files
pending  server 4. Commit requirements/common.in on branch release-0.9.0 (made before server step 1) and submit a PR" \
	"$(grep '^[a-z]* *server [134]\.' "$T/out")"

ok "... server step 2: each package with its version and tag" grep -qF \
	"reqbump -i -p aloha -p aloha_bots 0.9.0 requirements/common.in && $RELKIT_BIN/reqbump -i -t 'botserver-v0.4b0' -p aloha_botserver 0.4b0 requirements/common.in && :" "$T/out"

vers() { echo $(setver -g "$A/aloha/aloha/__init__.py") $(setver -g "$A/aloha_bots/setup.py") $(setver -g "$A/aloha_botserver/setup.py"); }
rel versions $S2
is "step 1: each stream's version" "0 0.9.0 0.9.0 0.4b0" "$rc $(vers)"
rel abort $S2
is "abort: each stream's version back, every file as it was" "0 0.8.2 0.8.2 0.3b0 ?? release.conf" \
	"$rc $(vers) $(git -C "$A" status --porcelain | grep -v '^?? \.release/$')"
ok "... said so for each stream" grep -q '^release\.mk: abort: version files back to 0\.3b0: aloha_botserver/setup\.py$' "$T/out"

rel release $S2 NEXT=minor
is "the release of both streams runs to its end" 0 "$rc"
ok "... an untracked release.conf beside RELEASE_CONF does not count as dirty" \
	grep -q '^release\.mk: guards passed: 0\.8\.2 -> 0\.9\.0, 0\.3b0 -> 0\.4b0$' "$T/out"
ok "... the rehearsal checked each archive against its stream's version" grep -q \
	'^release\.mk: rehearsal: every archive holds its version (aloha=0\.9\.0 aloha_bots=0\.9\.0 aloha_botserver=0\.4b0); the wheels install together and import$' "$T/out"
is "... each stream's archives on the real index" \
	"aloha-0.9.0-py3-none-any.whl aloha-0.9.0.tar.gz aloha_bots-0.9.0-py3-none-any.whl aloha_bots-0.9.0.tar.gz aloha_botserver-0.4b0-py3-none-any.whl aloha_botserver-0.4b0.tar.gz demo_helper-1.0-py3-none-any.whl" \
	"$(find "$T/index/real/simple" -type f ! -name index.html ! -name '.*' -printf '%f\n' | sort | tr '\n' ' ' | sed 's/ $//')"
is "... both tags on the release commit" "Release 0.9.0 Release 0.9.0" \
	"$(git -C "$A" log -1 --format=%s 0.9.0) $(git -C "$A" log -1 --format=%s botserver-v0.4b0)"
is "... which holds each stream's version and pins" \
	'aloha_BOTSERVER_VERSION = "0.4b0" install_requires=["aloha==0.9.0", "aloha_bots~=0.9.0.dev0"], install_requires=["aloha", "aloha_botserver==0.4b0"],' \
	"$(git -C "$A" show 0.9.0:aloha_botserver/setup.py | grep -o 'aloha_BOTSERVER_VERSION = .*\|install_requires=.*' | tr '\n' ' ')$(git -C "$A" show 0.9.0:aloha_bots/setup.py | grep -o 'install_requires=.*')"
is "HEAD: the next development versions committed on top" \
	"Back to development: 0.10.0.dev0, 0.5b0.dev0 $(git -C "$A" rev-parse '0.9.0^{commit}')" \
	"$(git -C "$A" log -1 --format=%s) $(git -C "$A" rev-parse HEAD^)"
is "... in the files and the pins (the compatible release too: reqbump -s -c)" \
	"0.10.0.dev0 0.10.0.dev0 0.5b0.dev0 install_requires=[\"aloha==0.10.0.dev0\", \"aloha_bots~=0.10.0.dev0\"], install_requires=[\"aloha\", \"aloha_botserver==0.5b0.dev0\"]," \
	"$(setver -g "$A/aloha/aloha/__init__.py") $(setver -g "$A/aloha_bots/setup.py") $(setver -g "$A/aloha_botserver/setup.py") $(grep -o 'install_requires=.*' "$A/aloha_botserver/setup.py") $(grep -o 'install_requires=.*' "$A/aloha_bots/setup.py")"
is "... nothing left uncommitted" "?? release.conf" "$(git -C "$A" status --porcelain | grep -v '^?? \.release/$')"
is "the branch and both tags pushed" \
	"$(git -C "$A" rev-parse HEAD 0.9.0 botserver-v0.4b0)" \
	"$(git -C "$W/remotes/api.git" rev-parse main 0.9.0 botserver-v0.4b0)"
is "the server commit: only the requirements, no version.py, no lock files" "requirements/common.in" \
	"$(git -C "$W/server" show --format= --name-only release-0.9.0)"
is "... each package's pin with its version, its git ref with its tag" \
	"git+https://github.com/aloha/python-aloha-api.git@0.9.0#egg=aloha==0.9.0&subdirectory=aloha
git+https://github.com/aloha/python-aloha-api.git@0.9.0#egg=aloha_bots==0.9.0&subdirectory=aloha_bots
git+https://github.com/aloha/python-aloha-api.git@botserver-v0.4b0#egg=aloha_botserver==0.4b0&subdirectory=aloha_botserver" \
	"$(git -C "$W/server" show release-0.9.0:requirements/common.in | grep '^git+')"
rel status $S2 NEXT=minor
is "status: the next development version done" 1 "$(grep -c '^done     7\. Set the next development version' "$T/out")"
rm "$A/.release/0.9.0/next"
rel next $S2 NEXT=minor
is "the step run again (its stamp lost): its commit found, not made twice" \
	"0 Back to development: 0.10.0.dev0, 0.5b0.dev0 $(git -C "$W/remotes/api.git" rev-parse main)" \
	"$rc $(git -C "$A" log -1 --format=%s) $(git -C "$A" rev-parse HEAD)"
ok "... said so" grep -q '^release\.mk: already back to development$' "$T/out"
rel status $S2 NEXT_VERSION=1.0.0.dev0 aloha_botserver_NEXT_VERSION=0.5b0.dev1 VERSION=0.9.1
is "NEXT_VERSION for VERSION's packages, P_NEXT_VERSION for one" \
	"pending  7. Set the next development version 1.0.0.dev0 0.5b0.dev1 in aloha/aloha/__init__.py aloha_bots/setup.py aloha_botserver/setup.py and the sibling pins and commit it (Back to development: 1.0.0.dev0, 0.5b0.dev1)" \
	"$(grep 'next development' "$T/out")"
done_testing
