#!/bin/sh
# relkit — MIT licence, see LICENSE.
# release.mk with SERVER_PR and FORGE_RELEASE (issue 23) against the
# GitHub stand-in (tests/forgestandin.py): a token that cannot see the
# repository stops the release before anything changes; with a good one the
# release ends with the release page (the changelog's section, the
# archives) and the server's pull request, which a rerun finds again and
# never opens twice. The tokens are in no output and in no process's argv.
# Skipped until release.mk has the forge steps.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
MK=${RELKIT_RELEASE_MK:-$top/release.mk}
unset MAKEFLAGS MFLAGS MAKELEVEL TWINE_USERNAME TWINE_PASSWORD TWINE_REPOSITORY \
	TWINE_REPOSITORY_URL DRY_RUN VERSION GH_TOKEN GITHUB_TOKEN GITLAB_TOKEN \
	CI_JOB_TOKEN CI_API_V4_URL GITHUB_REPOSITORY GITHUB_ACTIONS GITLAB_CI 2>/dev/null || true
export KEYRING=relkit-no-keyring

if ! grep -q '^SERVER_PR ?=' "$MK"; then
	skip "release.mk with a forge" "release.mk has no SERVER_PR yet"
	done_testing
	exit
fi
release_env "release.mk with a forge" forgepr
# build where no setuptools plug-in of the machine's reaches (lib.sh)
build_env
GOOD=ghp_SENTINELrelgood5 BLIND=ghp_SENTINELrelblind8
W=$T/w
sh "$top/tests/demo/mkworkspace.sh" "$W" >/dev/null || exit 2
mkdir -p "$T/index/test" "$T/index/real" "$T/sd"
TEST=file://$T/index/test REAL=file://$T/index/real
pypiup --repository-url "$REAL" "$W/deps/demo_helper-1.0-py3-none-any.whl" >/dev/null
STANDIN_TOKEN=$GOOD STANDIN_BLIND_TOKEN=$BLIND "$PYTHON" \
	"$top/tests/forgestandin.py" "$T/sd" 2>"$T/sd/err" &
SPID=$!
trap 'kill $SPID 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -f "$T/sd/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -f "$T/sd/port" ] || { echo "Bail out! the stand-in did not start"; exit 2; }
BASE=http://127.0.0.1:$(cat "$T/sd/port")
export GITHUB_API_URL=$BASE/gh
# the server repo's remote: GitHub to read its name from, a local bare
# repository to push to
git -C "$W/server" remote set-url origin https://github.com/aloha/server.git
git -C "$W/server" remote set-url --push origin "$W/remotes/server.git"
printf '# Changelog\n\n## 0.9.0 (2026-12-07)\n\n- Calls retry on 502.\n\n## 0.8.2\n\n- Older.\n' >"$W/api/CHANGELOG.md"
git -C "$W/api" add CHANGELOG.md && git -C "$W/api" commit -qm "Changelog for 0.9.0"

: >"$T/all.out"
rel() { # TOKEN ARG...: release.mk in the API repo, no terminal
	_tok=$1
	shift
	GH_TOKEN=$_tok timeout -k 10 "$RELBOUND" make --no-print-directory -C "$W/api" -f "$MK" \
		VERSION=0.9.0 TEST_REPO="$TEST" REAL_REPO="$REAL" PYTHON="$BPY" PIP="$SYSPIP" \
		SERVER_PR=github FORGE_RELEASE=github FORGE_REPO=aloha/server \
		FORGE_ASSETS=1 "$@" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	cat "$T/out" "$T/err" >>"$T/all.out"
}
state() {
	"$PYTHON" -c 'import json, sys, urllib.request
s = json.load(urllib.request.urlopen(sys.argv[1] + "/_state"))
print(eval(sys.argv[2]))' "$BASE" "$1"; }

rel "$BLIND" release
is "a token that cannot see the server repository: the guards stop" 2 "$rc"
is "... with the API's words" \
	"release.mk: SERVER_PR=github: github aloha/server: the token in GH_TOKEN cannot see the repository: GET /repos/aloha/server: 404 Not Found" \
	"$(grep '^release.mk: ' "$T/err")"
is "... before anything changed: no stamp, nothing on the test index" "" \
	"$(ls "$W/api/.release/0.9.0" 2>/dev/null; ls "$T/index/test" 2>/dev/null)"

rel "$GOOD" release
is "with a good token the release runs to its end" 0 "$rc"
is "the pull request's address printed" "https://github.example/aloha/server/pull/2" \
	"$(grep '^https://github.example/aloha/server/pull/' "$T/out")"
is "its title is the server commit's subject, its branches the server's" \
	"('requirements: Upgrade aloha aloha_bots to 0.9.0.', 'release-0.9.0', 'main')" \
	"$(state 'next((p["title"], p["head"]["ref"], p["base"]["ref"]) for p in s["pulls"])')"
is "its body names the packages and their index pages" \
	"- aloha 0.9.0: file://$T/index/real/simple/aloha/" \
	"$(state 's["pulls"][0]["body"]' | grep '^- aloha 0.9.0')"
is "the branch was pushed" "$(git -C "$W/server" rev-parse HEAD)" \
	"$(git -C "$W/remotes/server.git" rev-parse refs/heads/release-0.9.0)"
is "the release page: the tag, the changelog's section" "0.9.0|- Calls retry on 502." \
	"$(state 's["gh_releases"][0]["tag_name"] + "|" + s["gh_releases"][0]["body"]')"
is "the six archives attached" 6 "$(state 'len(s["gh_releases"][0]["assets"])')"

rm -f "$W/api/.release/0.9.0/srvpr"
rel "$GOOD" release
is "a rerun of the last step" 0 "$rc"
is "... reuses the open pull request" \
	"forgepr: aloha/server: the pull request from release-0.9.0 is open already: reused" \
	"$(grep '^forgepr:' "$T/err")"
is "one pull request, one release on the forge" "1 1" \
	"$(state 'len(s["pulls"])') $(state 'len(s["gh_releases"])')"
is "one POST /pulls in all" 1 "$(grep -c '"method": "POST", "path": "/gh/repos/aloha/server/pulls"' "$T/sd/requests.log")"
is "no process had a token in its argv while a request was served" 0 \
	"$(grep -c '"argv_leak": true' "$T/sd/requests.log")"
ok "no output holds a token" sh -c '! grep -qe "$1" -e "$2" "$3"' sh "$GOOD" "$BLIND" "$T/all.out"
done_testing
