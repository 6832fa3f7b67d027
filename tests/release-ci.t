#!/bin/sh
# relkit — MIT licence, see LICENSE.
# The whole release in CI (issue 23): release.mk runs the demo release
# unchanged with GitHub Actions' environment, then with GitLab CI's, with
# no terminal (setsid, stdin /dev/null): both uploads by Trusted
# Publishing (tests/oidc-standin.py in front of two tests/indexserver.py,
# each index its own audience and publisher), the release commit and tag
# by the CI's bot, the release page and the server's pull (merge) request
# on the forge stand-in (tests/forgestandin.py), the pushes over git's
# smart HTTP (tests/githttp.py, a token asked for every request) with the
# token as each CI hands it to git: GitHub's checkout leaves an
# Authorization header in the clone's config, on GitLab a credential
# helper reads an access token from the job's variables. No token is in
# any output or in any process's argv. A CI that names no bot, and a forge CA bundle
# that is not there, are stopped by the guards before anything changes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
MK=${RELKIT_RELEASE_MK:-$top/release.mk}
unset MAKEFLAGS MFLAGS MAKELEVEL TWINE_USERNAME TWINE_PASSWORD TWINE_REPOSITORY \
	TWINE_REPOSITORY_URL TWINE_NON_INTERACTIVE DRY_RUN VERSION GH_TOKEN \
	GITHUB_TOKEN GITLAB_TOKEN CI_JOB_TOKEN CI_API_V4_URL GITHUB_API_URL \
	GITHUB_REPOSITORY GITHUB_ACTIONS GITHUB_SERVER_URL GITLAB_CI CI \
	CI_SERVER_HOST CI_PROJECT_PATH GITLAB_USER_NAME GITLAB_USER_EMAIL \
	ACTIONS_ID_TOKEN_REQUEST_URL ACTIONS_ID_TOKEN_REQUEST_TOKEN \
	PYPI_ID_TOKEN TESTPYPI_ID_TOKEN GCE_METADATA_HOST REQUESTS_CA_BUNDLE \
	CURL_CA_BUNDLE SSL_CERT_FILE 2>/dev/null || true
export KEYRING=relkit-no-keyring RELKIT_BACKOFF_MS=10

release_env "release.mk in CI" forgepr
command -v setsid >/dev/null || { skip "release.mk in CI" "setsid not found"; done_testing; exit; }
# The secrets: the forge's token, GitLab's job token, GitHub's OIDC
# request bearer; the OIDC tokens and the upload tokens the stand-ins mint.
GOOD=ghp_SENTINELciGood3 JOBTOK=glcbt-SENTINELjob6 BEARER=SENTINELbearer9
export STANDIN_BEARER=$BEARER STANDIN_SECRETS="$GOOD $JOBTOK"
export STANDIN_UPSTREAM_AUTH=__token__:pypi-testtoken

# Builds shared by both runs (the same sources), in an environment of
# their own (no setuptools plug-in of the machine's changes the archives).
"$PYTHON" "$top/tests/demo/buildenv.py" "$T/buildenv" || exit 2
BPY=$T/buildenv/bin/python-build
BUILDC="sh $top/tests/buildcache.sh $T/buildcache $BPY"

# --- the indexes: each behind its Trusted Publishing stand-in ---------------
index_start || { _result 1 "test index starts"; done_testing; exit 1; }
TS_URL=$INDEX_URL TS_SIMPLE=$INDEX_SIMPLE TS_BASE=$INDEX_BASE TS_DIR=$INDEX_DIR
index_start || { _result 1 "real index starts"; done_testing; exit 1; }
RS_URL=$INDEX_URL RS_SIMPLE=$INDEX_SIMPLE RS_BASE=$INDEX_BASE RS_DIR=$INDEX_DIR
mkdir -p "$T/sd"
SPIDS=
tp_start() { # NAME AUDIENCE UPSTREAM: a stand-in; its base URL in $TP
	"$PYTHON" "$top/tests/oidc-standin.py" --port-file "$T/$1.port" \
		--log "$T/$1.log" --audience "$2" --upstream "$3" \
		</dev/null >"$T/$1.err" 2>&1 &
	SPIDS="$SPIDS $!"
	_i=0
	while [ ! -s "$T/$1.port" ] && [ $_i -lt 200 ]; do sleep 0.05; _i=$((_i + 1)); done
	[ -s "$T/$1.port" ] || { echo "Bail out! $1 did not start: $(cat "$T/$1.err")"; exit 2; }
	TP=http://127.0.0.1:$(cat "$T/$1.port")
}
STANDIN_TOKEN=$GOOD STANDIN_BLIND_TOKEN=ghp_SENTINELciBlind1 "$PYTHON" "$top/tests/forgestandin.py" "$T/sd" 2>"$T/sd/err" &
SPIDS="$SPIDS $!"
trap 'for p in $SPIDS; do kill $p 2>/dev/null; done; _index_stop_all; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
tp_start tptest testpypi "$TS_URL"
TPT=$TP
tp_start tpreal pypi "$RS_URL"
TPR=$TP
GITHTTP_TOKEN=$GOOD "$PYTHON" "$top/tests/githttp.py" "$T" "$T/git.port" "$T/git.log" \
	</dev/null >"$T/git.err" 2>&1 &
SPIDS="$SPIDS $!"
_i=0
while [ ! -s "$T/git.port" ] && [ $_i -lt 200 ]; do sleep 0.05; _i=$((_i + 1)); done
[ -s "$T/git.port" ] || { echo "Bail out! githttp.py did not start: $(cat "$T/git.err")"; exit 2; }
GIT_HTTP=http://127.0.0.1:$(cat "$T/git.port")
_i=0
while [ ! -f "$T/sd/port" ] && [ $_i -lt 200 ]; do sleep 0.05; _i=$((_i + 1)); done
[ -f "$T/sd/port" ] || { echo "Bail out! the forge stand-in did not start"; exit 2; }
FB=http://127.0.0.1:$(cat "$T/sd/port")

# --- helpers ------------------------------------------------------------------
: >"$T/all.out"
# rel WORKSPACE ENV...: release.mk in the API repo as a CI job runs it: a
# session of its own with no terminal, stdin /dev/null, only the CI's
# variables (no TWINE_*, no git identity); output in $T/out, $T/err.
# The variables are exported by the shell, never put in an argv.
rel() {
	_w=$1
	shift
	(
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
	for _a; do export "$_a"; done
	exec timeout -k 10 "$RELBOUND" setsid -w make --no-print-directory \
		-C "$_w/api" -f "$MK" VERSION=0.9.0 PYTHON="$BPY" BUILD="$BUILDC" \
		PIP="$PYTHON -m pip" TEST_REPO="$TPT/legacy/" TEST_INDEX="$TS_SIMPLE" \
		REAL_REPO="$TPR/legacy/" REAL_INDEX="$RS_SIMPLE" \
		TRUSTED_PUBLISHING=always FORGE_ASSETS=1 ${RELARGS:-} \
		</dev/null >"$T/out" 2>"$T/err"
	)
	rc=$?
	cat "$T/out" "$T/err" >>"$T/all.out"
}
state() {
	"$PYTHON" -c 'import json, sys, urllib.request
s = json.load(urllib.request.urlopen(sys.argv[1] + "/_state"))
print(eval(sys.argv[2]))' "$FB" "$1"; }
logq() { # LOG EXPR: a python expression over the JSON lines r of LOG
	"$PYTHON" -c 'import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
print(eval(sys.argv[2]))' "$1" "$2"; }
files_in() { # simple index base: the archives of 0.9.0 stored, one line
	find "$1/files" -type f -name '*0.9.0*' ! -name '*.json' -printf '%f\n' 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//'; }
archives="aloha-0.9.0-py3-none-any.whl aloha-0.9.0.tar.gz aloha_bots-0.9.0-py3-none-any.whl aloha_bots-0.9.0.tar.gz aloha_botserver-0.9.0-py3-none-any.whl aloha_botserver-0.9.0.tar.gz"
# workspace W FORGE-URL-OF-SERVER: the demo workspace as a CI job checks it
# out: no git identity configured, the server's remote on the forge (its
# URL written to the config by printf, a builtin: a job token in it is in
# no argv), both repos pushed over HTTP to the bare repositories in
# W/remotes (tests/githttp.py).
workspace() {
	sh "$top/tests/demo/mkworkspace.sh" "$1" >/dev/null || exit 2
	printf '# Changelog\n\n## 0.9.0 (2026-12-07)\n\n- Calls retry on 502.\n\n## 0.8.2\n\n- Older.\n' >"$1/api/CHANGELOG.md"
	git -C "$1/api" add CHANGELOG.md && git -C "$1/api" commit -qm "Changelog for 0.9.0"
	for r in api server; do
		git -C "$1/$r" config --unset user.name
		git -C "$1/$r" config --unset user.email
	done
	git -C "$1/server" config --remove-section remote.origin
	_g=$GIT_HTTP/${1#"$T"/}/remotes
	printf '[remote "origin"]\n\turl = %s\n\tpushurl = %s\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n' \
		"$2" "$_g/server.git" >>"$1/server/.git/config"
	git -C "$1/api" remote set-url origin "$_g/api.git"
	TWINE_USERNAME=__token__ TWINE_PASSWORD=pypi-testtoken pypiup -q \
		--repository-url "$RS_URL" "$1/deps/demo_helper-1.0-py3-none-any.whl" >/dev/null
}
who() { # GIT-DIR REV: author, committer (tagger for a tag)
	git -C "$1" for-each-ref --format='%(if)%(taggername)%(then)%(taggername) %(taggeremail)%(else)%(authorname) %(authoremail)|%(committername) %(committeremail)%(end)' "$2"; }

# ===========================================================================
# 1. GitHub Actions
# ===========================================================================
W=$T/gh
workspace "$W" https://github.com/aloha/server.git
# as actions/checkout leaves it (persist-credentials): the token in an
# Authorization header for the forge's host, in each clone's config
_h=$(printf 'x-access-token:%s' "$GOOD" | base64 -w0)
for r in api server; do
	printf '[http "%s/"]\n\textraheader = AUTHORIZATION: basic %s\n' "$GIT_HTTP" "$_h" >>"$W/$r/.git/config"
done
set -f # the words of GHENV and GLENV are not patterns
GHENV="CI=true GITHUB_ACTIONS=true GITHUB_REPOSITORY=aloha/api GITHUB_SERVER_URL=https://github.com
GITHUB_API_URL=$FB/gh GITHUB_TOKEN=$GOOD GITHUB_REF_NAME=main GITHUB_WORKFLOW=release
RUNNER_OS=Linux ACTIONS_ID_TOKEN_REQUEST_URL=$TPT/ci/token?api-version=2.0
ACTIONS_ID_TOKEN_REQUEST_TOKEN=$BEARER"
export RELARGS="SERVER_PR=github FORGE_RELEASE=github FORGE_REPO=aloha/server"

rel "$W" $GHENV FORGE_CACERT=$T/no-such-ca.pem
is "a forge CA bundle that is not there: the guards stop" 2 "$rc"
is "... saying so" \
	"release.mk: SERVER_PR=github: --cacert $T/no-such-ca.pem: No such file or directory" \
	"$(grep '^release.mk: ' "$T/err")"
is "... before anything changed" "" "$(ls "$W/api/.release/0.9.0" 2>/dev/null; files_in "$TS_DIR")"

rel "$W" $GHENV REAL_TRUSTED_PUBLISHING=never
is "Trusted Publishing for the test index only (REAL_TRUSTED_PUBLISHING=never): the guards stop" \
	"2|release.mk: no credentials for the real index $TPR/legacy/: set TWINE_USERNAME and TWINE_PASSWORD or its section in $T/home/.pypirc, or use Trusted Publishing (relkit(7), RELEASING FROM CI)" \
	"$rc|$(grep '^release.mk: ' "$T/err")"
is "... before anything changed, nothing minted" "|0 0" \
	"$(ls "$W/api/.release/0.9.0" 2>/dev/null; files_in "$TS_DIR")|$(cat "$T/tptest.log" 2>/dev/null | grep -c mint) $(cat "$T/tpreal.log" 2>/dev/null | grep -c mint)"

rel "$W" $GHENV
is "GitHub Actions: the release runs to its end, no terminal, nothing asked" 0 "$rc"
grep '^release.mk: wall time' "$T/out" | sed 's/^/# /'
is "... the guards name the identity used" \
	"release.mk: git identity: github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>, the CI's bot (the job sets no user.name or user.email)" \
	"$(grep '^release.mk: git identity' "$T/out" "$T/err" | sed 's/^[^:]*://')"
BOT='github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>'
is "the release commit pushed, by the bot" "$BOT|$BOT" "$(who "$W/remotes/api.git" refs/heads/main)"
is "the tag pushed, tagged by the bot" "$BOT" "$(who "$W/remotes/api.git" refs/tags/0.9.0)"
is "the server commit by the bot, pushed" "$BOT|$BOT" "$(who "$W/remotes/server.git" refs/heads/release-0.9.0)"
is "both indexes hold the six archives" "$archives|$archives" "$(files_in "$TS_DIR")|$(files_in "$RS_DIR")"
is "the test upload: each file through TestPyPI's stand-in with a minted token (audience testpypi)" \
	"6 6 0" "$(logq "$T/tptest.log" 'sum(1 for e in r if e["path"] == "/legacy/" and e["status"] == 200 and e["user"] == "__token__")') $(grep -c '"path": "/legacy/"' "$TS_DIR/requests.log") $(logq "$T/tptest.log" 'sum(1 for e in r if e["path"] == "/legacy/" and e["status"] != 200)')"
is "the real upload: the same through PyPI's stand-in (audience pypi)" \
	"6 7" "$(logq "$T/tpreal.log" 'sum(1 for e in r if e["path"] == "/legacy/" and e["status"] == 200 and e["user"] == "__token__")') $(grep -c '"path": "/legacy/"' "$RS_DIR/requests.log")"
is "each index: GitHub's OIDC token asked for its own audience, minted, burnt" \
	"testpypi pypi" \
	"$(logq "$T/tptest.log" '" ".join(e["path"].split("audience=")[1] for e in r if e["path"].startswith("/ci/token"))')"
is "... one token minted and burnt by each index" "1 1 1 1" \
	"$(logq "$T/tptest.log" 'r[-1]["minted"]') $(logq "$T/tptest.log" 'len(r[-1]["burnt"])') $(logq "$T/tpreal.log" 'r[-1]["minted"]') $(logq "$T/tpreal.log" 'len(r[-1]["burnt"])')"
is "the release page with the changelog's section, six assets" "0.9.0|- Calls retry on 502.|6" \
	"$(state 's["gh_releases"][0]["tag_name"] + "|" + s["gh_releases"][0]["body"] + "|" + str(len(s["gh_releases"][0]["assets"]))')"
is "the server's pull request, by GITHUB_TOKEN" "release-0.9.0 main 1" \
	"$(state '" ".join((s["pulls"][0]["head"]["ref"], s["pulls"][0]["base"]["ref"], str(len(s["pulls"]))))')"
ok "the pull request's address printed" grep -q '^https://github.example/aloha/server/pull/' "$T/out"
is "the forge heard only the good token" 0 "$(logq "$T/sd/requests.log" 'sum(1 for e in r if not e["auth"] or e["auth"]["token"] != "good")')"
is "git over HTTP: every request carried the checkout's header, two pushes" \
	"x-access-token good 2" \
	"$(logq "$T/git.log" '" ".join(sorted(set(e["user"] + " " + e["auth"] for e in r)))') $(grep -c '"POST", "path": "[^"]*/git-receive-pack"' "$T/git.log")"

# ===========================================================================
# 2. GitLab CI: the server's remote holds the job token, as GitLab's
#    checkout writes it; the forge's token is a project access token
# ===========================================================================
W=$T/gl
INDEX_BASE=$TS_BASE index_ctl wipe=1 && INDEX_BASE=$RS_BASE index_ctl wipe=1 ||
	{ echo "Bail out! the indexes do not reset"; exit 2; }
# the first run's logs kept aside, for the last checks
for l in sd/requests git tptest tpreal; do mv "$T/$l.log" "$T/$l-gh.log"; done
curl -fsS -o /dev/null "$FB/_ctl?reset=1"
workspace "$W" "https://gitlab-ci-token:$JOBTOK@gitlab.example/aloha/infra/server.git"
# relkit(7)'s credential helper: the access token from the job's variable
for r in api server; do
	git -C "$W/$r" config credential.helper \
		'!f() { echo username=oauth2; echo "password=$RELEASE_TOKEN"; }; f'
done
GLENV="CI=true GITLAB_CI=true CI_SERVER_HOST=gitlab.example CI_API_V4_URL=$FB/gl/api/v4
CI_PROJECT_PATH=aloha/api CI_COMMIT_BRANCH=main CI_JOB_TOKEN=$JOBTOK GITLAB_TOKEN=$GOOD
RELEASE_TOKEN=$GOOD TESTPYPI_ID_TOKEN=oidc-testpypi PYPI_ID_TOKEN=oidc-pypi"
export RELARGS="SERVER_PR=gitlab FORGE_RELEASE=gitlab FORGE_REPO=aloha/infra/server"

git -C "$W/api" checkout -q --detach
rel "$W" $GLENV
is "GitLab CI, the checkout a detached HEAD: the guards say what to run" \
	"2|release.mk: on branch (detached: a CI checkout; git checkout -B main first), not on the release branch main" \
	"$rc|$(grep '^release.mk: ' "$T/err")"
git -C "$W/api" checkout -q main
rel "$W" CI=true
is "another CI (CI=true), no identity and no bot: the guards say what to set" \
	"2|release.mk: this CI job (ci) sets no git user.name user.email for the commit and tag of step 7, and the CI names no bot to commit as: set git config user.name and user.email in the job (or GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL)" \
	"$rc|$(grep '^release.mk: ' "$T/err")"
rel "$W" CI=true GIT_AUTHOR_NAME=Ada GIT_COMMITTER_NAME=Ada
is "... naming only what is missing" \
	"release.mk: this CI job (ci) sets no git user.email for the commit and tag of step 7, and the CI names no bot to commit as: set git config user.name and user.email in the job (or GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL)" \
	"$(grep '^release.mk: ' "$T/err")"
rel "$W" $GLENV
is "GitLab CI without GITLAB_USER_*: the guards say what to set" \
	"2|release.mk: this CI job (gitlab) sets no git user.name user.email for the commit and tag of step 7, and the CI names no bot to commit as: set git config user.name and user.email in the job (or GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL)" \
	"$rc|$(grep '^release.mk: ' "$T/err")"
is "... before anything changed" "" "$(ls "$W/api/.release/0.9.0" 2>/dev/null; files_in "$TS_DIR")"

rel "$W" $GLENV GITLAB_USER_NAME="Ada Lovelace" GITLAB_USER_EMAIL=ada@example.invalid
is "GitLab CI: the release runs to its end, no terminal, nothing asked" 0 "$rc"
grep '^release.mk: wall time' "$T/out" | sed 's/^/# /'
ADA='Ada Lovelace <ada@example.invalid>'
is "the release commit and tag by GITLAB_USER_NAME/EMAIL" "$ADA|$ADA $ADA" \
	"$(who "$W/remotes/api.git" refs/heads/main) $(who "$W/remotes/api.git" refs/tags/0.9.0)"
is "both indexes hold the six archives" "$archives|$archives" "$(files_in "$TS_DIR")|$(files_in "$RS_DIR")"
is "both uploads by Trusted Publishing: TESTPYPI_ID_TOKEN, PYPI_ID_TOKEN each minted once" \
	"6 1 6 1" \
	"$(logq "$T/tptest.log" 'sum(1 for e in r if e["path"] == "/legacy/" and e["status"] == 200)') $(logq "$T/tptest.log" 'sum(1 for e in r if e["path"] == "/_/oidc/mint-token" and e["status"] == 200)') $(logq "$T/tpreal.log" 'sum(1 for e in r if e["path"] == "/legacy/" and e["status"] == 200)') $(logq "$T/tpreal.log" 'sum(1 for e in r if e["path"] == "/_/oidc/mint-token" and e["status"] == 200)')"
is "the release page on GitLab with the changelog's section" "0.9.0|- Calls retry on 502." \
	"$(state 's["gl_releases"][0]["tag_name"] + "|" + s["gl_releases"][0]["description"]')"
is "the merge request from the remote read with its job token, by GITLAB_TOKEN" \
	"release-0.9.0 main 1 private-token" \
	"$(state '" ".join((s["mrs"][0]["source_branch"], s["mrs"][0]["target_branch"], str(len(s["mrs"]))))') $(logq "$T/sd/requests.log" '" ".join(sorted(set(e["auth"]["header"] for e in r if e["auth"])))')"
is "git over HTTP: challenged, then the credential helper's token; two pushes" \
	"none oauth2 good 2" \
	"$(logq "$T/git.log" '" ".join(sorted(set((e["user"] or "") + " " + e["auth"] for e in r))).strip()') $(grep -c '"POST", "path": "[^"]*/git-receive-pack", "status": 200' "$T/git.log")"

# ===========================================================================
# The secrets: in no output, in no argv
# ===========================================================================
set +f
ok "no output holds a secret (forge token, job token, bearer, OIDC or minted token)" \
	sh -c '! grep -qe "$1" -e "$2" -e "$3" -e oidc-testpypi -e oidc-pypi -e pypi-minted "$4"' \
	sh "$GOOD" "$JOBTOK" "$BEARER" "$T/all.out"
ok "the output was looked at" grep -q 'released: aloha aloha_bots' "$T/all.out"
is "no process had a secret in its argv while the forge, an index or git's server served" "0 0 0 0" \
	"$(cat "$T"/sd/requests*.log | grep -c '"argv_leak": true') $(cat "$T"/tptest*.log | grep -c '"argv_leak": true') $(cat "$T"/tpreal*.log | grep -c '"argv_leak": true') $(cat "$T"/git*.log | grep -c '"argv_leak": true')"
ok "... in the requests of both runs" test "$(cat "$T"/sd/requests*.log "$T"/tptest*.log "$T"/tpreal*.log "$T"/git*.log | wc -l)" -gt 100
done_testing
