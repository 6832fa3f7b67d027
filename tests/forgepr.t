#!/bin/sh
# relkit — MIT licence, see LICENSE.
# forgepr against loopback stand-ins of GitHub's and GitLab's APIs
# (tests/forgestandin.py, every request logged): remote URLs, changelog
# sections, the preflight, a pull request opened once across a rerun and a
# kill, release pages with their notes and assets, rate limits, errors,
# redirects, and the tokens in no output and no process's argv.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$T" || exit 2
unset GH_TOKEN GITHUB_TOKEN GITLAB_TOKEN CI_JOB_TOKEN GITHUB_API_URL \
	CI_API_V4_URL GITHUB_REPOSITORY CI_PROJECT_PATH GITHUB_ACTIONS GITLAB_CI \
	GITHUB_SERVER_URL CI_SERVER_HOST RELKIT_FORGE_MAX_WAIT
RELKIT_BACKOFF_MS=20
export RELKIT_BACKOFF_MS

GOOD=ghp_SENTINELgood7Qx
BLIND=glpat-SENTINELblind4Zr
mkdir sd
STANDIN_TOKEN=$GOOD STANDIN_BLIND_TOKEN=$BLIND "$PYTHON" \
	"$top/tests/forgestandin.py" sd 2>sd/err &
SPID=$!
trap 'kill $SPID 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -f sd/port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -f sd/port ] || { echo "Bail out! the stand-in did not start: $(cat sd/err)"; exit 2; }
PORT=$(cat sd/port)
BASE=http://127.0.0.1:$PORT
GH_API=$BASE/gh
GL_API=$BASE/gl/api/v4

# every stdout and stderr of forgepr, to look for the tokens at the end
: >all.out
fp() { forgepr "$@"; }
run() { # check's arguments; the output kept
	check "$@"
	cat "$T/.out" "$T/.err" >>all.out
}
ctl() { # KEY=VALUE...: for the next request
	(IFS='&'; printf '%s\n' "$*") >sd/ctl.tmp && mv sd/ctl.tmp sd/ctl; }
state() { # python expression over the state s
	"$PYTHON" -c 'import json, sys, urllib.request
s = json.load(urllib.request.urlopen(sys.argv[1] + "/_state"))
print(eval(sys.argv[2]))' "$BASE" "$1"; }
requests() { # METHOD PATH-ERE: how many requests to a path ending so
	cat sd/requests.log 2>/dev/null |
		grep -cE "^\{\"method\": \"$1\", \"path\": \"[^\"]*$2\""; }
nlog() { cat sd/requests.log 2>/dev/null | wc -l | tr -d ' '; }
lastlog() { tail -n "${1:-1}" sd/requests.log | head -1; }
logq() { # python expression over the list of logged requests r
	"$PYTHON" -c 'import json, sys
r = [json.loads(l) for l in open("sd/requests.log")]
print(eval(sys.argv[1]))' "$1"; }

# ---- remote URLs (no network) --------------------------------------------
run "https URL with .git" 0 "github	github.com	o/r	https://api.github.com" "" \
	fp -w https://github.com/o/r.git
run "scp-like URL" 0 "github	github.com	o/r	https://api.github.com" "" \
	fp -w git@github.com:o/r.git
run "ssh URL with a port, GitLab subgroups" 0 \
	"gitlab	gitlab.com	g/sub/r	https://gitlab.com/api/v4" "" \
	fp -w ssh://git@gitlab.com:2222/g/sub/r.git
run "self-managed GitLab: the API on the remote's host and port" 0 \
	"gitlab	gitlab.example.org	g/r	https://gitlab.example.org:8443/api/v4" "" \
	fp -w https://gitlab.example.org:8443/g/r/
run "GitHub Enterprise by -k: /api/v3" 0 \
	"github	ghe.example.com	o/r	https://ghe.example.com/api/v3" "" \
	fp -k github -w git@ghe.example.com:o/r.git
run "CI_API_V4_URL wins over the remote's host" 0 \
	"gitlab	gitlab.example.org	g/r	https://gl.example/api/v4" "" \
	env CI_API_V4_URL=https://gl.example/api/v4/ forgepr -w git@gitlab.example.org:g/r
run "a local path is not a remote" 2 "" "^forgepr: /srv/git/r: not a remote URL" \
	fp -w /srv/git/r
run "a credential in a bad URL is not shown" 2 "" \
	"^forgepr: https://\*\*\*\*\*\*\*\*@github\.com/o: the path is not owner/name" \
	fp -w "https://x-access-token:$GOOD@github.com/o"
run "a query in the URL" 2 "" "a query or fragment" fp -w "https://github.com/o/r?x=1"
run "'..' is no path segment" 2 "" "the path is not owner/name" fp -w "https://github.com/o/.."

# ---- changelog sections (no network) -------------------------------------
cat >CHANGELOG.md <<'X'
# Changelog

## [Unreleased]

- work in progress

## [0.9.0] - 2026-12-07

### Added

- `aloha.call()` retries on 502.

```sh
# not a heading
```

## [0.8.2] - 2026-10-01

- older

[0.9.0]: https://github.com/aloha/api/compare/0.8.2...0.9.0
X
cat >want <<'X'
### Added

- `aloha.call()` retries on 502.

```sh
# not a heading
```
X
run "keep-a-changelog: the section, to the next ## heading" 0 "$(cat want)" "" fp -x 0.9.0
run "the last section leaves the link definitions out" 0 "- older" "" fp -x 0.8.2
run "0.9 is not 0.9.0" 1 "" "no section for 0\.9$" fp -x 0.9
printf 'aloha 0.9.0 (2026-12-07)\n========================\n\nFeatures\n--------\n\n- calls retry (#12)\n\n\naloha 0.8.2 (2026-10-01)\n========================\n\n- old\n' >CHANGES.rst
run "towncrier rst: subsections stay in" 0 "$(printf 'Features\n--------\n\n- calls retry (#12)')" "" \
	fp -x 0.9.0 CHANGES.rst
printf 'Changelog\n=========\n\n0.9.1 (unreleased)\n------------------\n\n- Nothing changed yet.\n\n\n0.9.0 (2026-12-07)\n------------------\n\n- Fix the thing.\n  [maintainer]\n\n0.9.0rc1 (2026-12-01)\n---------------------\n\n- rc\n' >HISTORY.rst
run "zest.releaser rst: to the next heading of its level" 0 \
	"$(printf -- '- Fix the thing.\n  [maintainer]')" "" fp -x 0.9.0 HISTORY.rst
run "rc1 is another version" 0 "- rc" "" fp -x 0.9.0rc1 HISTORY.rst
printf '=====\nNEWS\n=====\n\nv0.9.0\n======\n\n* one\n\nv0.8.0\n======\n\n* two\n' >NEWS
run "NEWS: an overlined title, a v in front of the version" 0 "* one" "" fp -x 0.9.0 NEWS
run "a file without the section" 1 "" "NEWS: no section for 1\.0" fp -x 1.0 NEWS
run "an unreadable changelog" 2 "" "^forgepr: missing\.md: " fp -x 1.0 missing.md

# ---- preflight ------------------------------------------------------------
export GITHUB_API_URL=$GH_API CI_API_V4_URL=$GL_API
run "preflight: no token" 2 "" "^forgepr: aloha/server: no token: set GH_TOKEN or GITHUB_TOKEN$" \
	fp -k github -R aloha/server -P
ok "no token: nothing was asked" test "$(nlog)" = 0
run "preflight: the token sees the repository" 0 "https://github.example/aloha/server" "" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -P
run "preflight: a token that cannot see the repository, the API's words" 1 "" \
	"^forgepr: github aloha/server: the token in GITHUB_TOKEN cannot see the repository: GET /repos/aloha/server: 404 Not Found$" \
	env GITHUB_TOKEN=$BLIND forgepr -k github -R aloha/server -P
run "GH_TOKEN before GITHUB_TOKEN" 0 "https://github.example/aloha/server" "" \
	env GH_TOKEN=$GOOD GITHUB_TOKEN=$BLIND forgepr -k github -R aloha/server -P
ok "one read request each" test "$(nlog)" = 3
run "GitLab preflight, subgroups url-encoded" 0 "https://gitlab.example/aloha/infra/server" "" \
	env GITLAB_TOKEN=$GOOD forgepr -u git@gitlab.com:aloha/infra/server.git -P
ok "GITLAB_TOKEN goes as PRIVATE-TOKEN to /projects/aloha%2Finfra%2Fserver" \
	grep -q '"path": "/gl/api/v4/projects/aloha%2Finfra%2Fserver", "status": 200, "auth": {"header": "private-token", "token": "good"}' sd/requests.log
run "GitLab: a token that cannot see the project" 1 "" \
	"the token in GITLAB_TOKEN cannot see the repository: GET /projects/aloha%2Finfra%2Fserver: 404 404 Project Not Found$" \
	env GITLAB_TOKEN=$BLIND forgepr -u git@gitlab.com:aloha/infra/server.git -P
run "CI_JOB_TOKEN in GitLab CI, the project from CI_PROJECT_PATH" 0 \
	"https://gitlab.example/aloha/infra/server" "" \
	env CI_JOB_TOKEN=$GOOD CI_PROJECT_PATH=aloha/infra/server \
	CI_PROJECT_URL=https://gitlab.example/aloha/infra/server forgepr -P
ok "CI_JOB_TOKEN goes as JOB-TOKEN, to read the releases (what a job token may)" \
	sh -c 'tail -1 sd/requests.log | grep -q "^{\"method\": \"GET\", \"path\": \"/gl/api/v4/projects/aloha%2Finfra%2Fserver/releases?per_page=1\", \"status\": 200, \"auth\": {\"header\": \"job-token\", \"token\": \"good\""' 
printf 'https://x-access-token:%s@github.com/aloha/server.git\n' "$GOOD" >remote
STDIN=remote run "-u -: the remote URL on stdin (it may hold a credential)" 0 \
	"https://github.example/aloha/server" "" \
	env GH_TOKEN=$GOOD forgepr -u - -P
run "plain http to a host that is not loopback: refused before any request" 2 "" \
	"^forgepr: GITHUB_API_URL: http://api\.example\.invalid/api/v3: plain http" \
	env GH_TOKEN=$GOOD GITHUB_API_URL=http://api.example.invalid/api/v3 forgepr -k github -R aloha/server -P
run "a GitHub path of three segments" 2 "" "^forgepr: a/b/c: not owner/name$" \
	env GH_TOKEN=$GOOD forgepr -k github -R a/b/c -P

# ---- pull requests --------------------------------------------------------
printf 'Released aloha 0.9.0:\n- https://pypi.org/project/aloha/0.9.0/\n' >body
n0=$(requests POST /pulls)
run "a pull request opened" 0 "https://github.example/aloha/server/pull/$(($(state 's["ids"]') + 1))" "" \
	env GH_TOKEN=$GOOD forgepr -u https://github.com/aloha/server.git -p -H release-0.9.0 -B main \
	-t "requirements: Upgrade aloha to 0.9.0." -b body
URL=$(cat "$T/.out")
ok "its title, head, base and body as given" test \
	"$(state '[(p["title"], p["head"]["ref"], p["base"]["ref"], p["body"]) for p in s["pulls"]]')" = \
	"[('requirements: Upgrade aloha to 0.9.0.', 'release-0.9.0', 'main', 'Released aloha 0.9.0:\\n- https://pypi.org/project/aloha/0.9.0/\\n')]"
run "rerun: the open one reused, not opened again" 0 "$URL" \
	"^forgepr: aloha/server: the pull request from release-0.9.0 is open already: reused$" \
	env GH_TOKEN=$GOOD forgepr -u git@github.com:aloha/server.git -p -H release-0.9.0 -B main -t x
ok "one POST /pulls in all" test "$(($(requests POST /pulls) - n0))" = 1
ok "one pull request on the forge" test "$(state 'len(s["pulls"])')" = 1

# killed while the POST waits for its answer; the rerun finds it
ctl hang=1
GH_TOKEN=$GOOD forgepr -k github -R aloha/server -p -H release-1.0 -B main -t "Release 1.0" >killed.out 2>&1 &
kpid=$!
i=0
while [ ! -f sd/hanging ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 $kpid 2>/dev/null
wait $kpid 2>/dev/null
ok "killed after its POST reached the forge" test "$(state 'len(s["pulls"])')" = 2
ctl unhang=1
run "the rerun after the kill reuses it" 0 "https://github.example/aloha/server/pull/$(state 's["pulls"][1]["number"]')" \
	"is open already: reused$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -p -H release-1.0 -B main -t "Release 1.0"
ok "still two pull requests, one per branch" test "$(state 'len(s["pulls"])')" = 2

run "GitLab: a merge request opened" 0 "https://gitlab.example/aloha/infra/server/-/merge_requests/$(($(state 's["ids"]') + 1))" "" \
	env GITLAB_TOKEN=$GOOD forgepr -u https://gitlab.com/aloha/infra/server.git -p -H release-0.9.0 -B main -t "Upgrade" -b body
ok "source, target and description as given" test \
	"$(state '[(m["source_branch"], m["target_branch"], m["description"][:8]) for m in s["mrs"]]')" = \
	"[('release-0.9.0', 'main', 'Released')]"
run "GitLab rerun: reused" 0 "$(cat all.out | grep merge_requests | tail -1)" "merge request from release-0.9.0 is open already: reused" \
	env GITLAB_TOKEN=$GOOD forgepr -u https://gitlab.com/aloha/infra/server.git -p -H release-0.9.0 -B main -t "Upgrade"
ok "one merge request" test "$(state 'len(s["mrs"])')" = 1
run "GitLab refuses a job token a merge request: its words" 1 "" \
	"^forgepr: POST /projects/aloha%2Finfra%2Fserver/merge_requests: 403 403 Forbidden$" \
	env CI_JOB_TOKEN=$GOOD forgepr -k gitlab -R aloha/infra/server -p -H other -B main -t x
run "-p without -H" 2 "" "-p needs -H BRANCH, -B BASE and -t TITLE" fp -k github -R aloha/server -p -B main -t x

# ---- releases -------------------------------------------------------------
printf 'aloha-0.9.0.tar.gz bytes\n' >aloha-0.9.0.tar.gz
printf 'wheel bytes\n' >aloha-0.9.0-py3-none-any.whl
run "a release page with the changelog's section and two assets" 0 \
	"$(printf 'https://github.example/aloha/server/releases/tag/0.9.0\nattached aloha-0.9.0.tar.gz\nattached aloha-0.9.0-py3-none-any.whl')" \
	"^forgepr: 0\.9\.0: notes from CHANGELOG\.md:7$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -r 0.9.0 -n 0.9.0 aloha-0.9.0.tar.gz aloha-0.9.0-py3-none-any.whl
ok "the notes are the section" test "$(state 's["gh_releases"][0]["body"]')" = "$(cat want)"
ok "the assets arrived whole" test "$(state '[(a["name"], a["size"]) for a in s["gh_releases"][0]["assets"]]')" = \
	"[('aloha-0.9.0.tar.gz', 25), ('aloha-0.9.0-py3-none-any.whl', 12)]"
run "rerun: the release kept, the assets present" 0 \
	"$(printf 'https://github.example/aloha/server/releases/tag/0.9.0\npresent aloha-0.9.0.tar.gz\npresent aloha-0.9.0-py3-none-any.whl')" \
	"the release of 0\.9\.0 exists already: kept$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -r 0.9.0 -n 0.9.0 aloha-0.9.0.tar.gz aloha-0.9.0-py3-none-any.whl
ok "one release, one POST /releases, two uploads" test \
	"$(state 'len(s["gh_releases"])') $(requests POST /releases) $(requests POST '/assets[?][^"]*')" = "1 1 2"
printf 'other bytes\n' >other && mv other aloha-0.9.0.tar.gz
run "an asset of the same name and another size" 1 \
	"$(printf 'https://github.example/aloha/server/releases/tag/0.9.0')" \
	"aloha-0\.9\.0\.tar\.gz: the release already has an asset aloha-0\.9\.0\.tar\.gz of 25 bytes, not 12$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -r 0.9.0 aloha-0.9.0.tar.gz
printf -- '- reqs: pin aloha 1.0\n- docs: say so\n' >subjects
run "no changelog section: the commit subjects given" 0 "https://github.example/aloha/server/releases/tag/1.0" \
	"^forgepr: 1\.0: no changelog section for 1\.0: notes from -b$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -r 1.0 -t "aloha 1.0" -n 1.0 -b subjects
ok "the release's name and notes" test "$(state 's["gh_releases"][1]["name"] + "|" + s["gh_releases"][1]["body"]')" = \
	"aloha 1.0|$(cat subjects)"
run "GitHub: a release for a tag that is not there is not made" 1 "" \
	"^forgepr: unpushed-2\.0: the tag is not on github aloha/server: push it first$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -r unpushed-2.0
ok "... and not asked for" test "$(requests POST /releases)" = 2
ctl uploadorigin=http://127.0.0.1:$PORT/x%0a%1b@evil
run "an upload_url with control characters or user-info: refused" 1 \
	"https://github.example/aloha/server/releases/tag/4.0" \
	"^forgepr: 4\.0: the release's upload_url is not a URL to send to$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -r 4.0 aloha-0.9.0-py3-none-any.whl
ctl uploadorigin=http://127.0.0.1:$PORT
run "GitLab: a release with an asset (generic package and link)" 0 \
	"$(printf 'https://gitlab.example/aloha/infra/server/-/releases/0.9.0\nattached aloha-0.9.0-py3-none-any.whl')" \
	"notes from CHANGES\.rst:1$" \
	env CI_JOB_TOKEN=$GOOD forgepr -k gitlab -R aloha/infra/server -r 0.9.0 -n 0.9.0 -c CHANGES.rst aloha-0.9.0-py3-none-any.whl
ok "the package file and the link" test \
	"$(state '[p["path"] for p in s["packages"]] + [l["url"].replace(sys.argv[1], "API") for l in s["gl_releases"][0]["assets"]["links"]]')" = \
	"['/packages/generic/server/0.9.0/aloha-0.9.0-py3-none-any.whl', 'API/gl/api/v4/projects/aloha%2Finfra%2Fserver/packages/generic/server/0.9.0/aloha-0.9.0-py3-none-any.whl']"
run "GitLab rerun: kept, present" 0 \
	"$(printf 'https://gitlab.example/aloha/infra/server/-/releases/0.9.0\npresent aloha-0.9.0-py3-none-any.whl')" \
	"exists already: kept$" \
	env CI_JOB_TOKEN=$GOOD forgepr -k gitlab -R aloha/infra/server -r 0.9.0 -n 0.9.0 -c CHANGES.rst aloha-0.9.0-py3-none-any.whl
ok "one GitLab release, one package file" test "$(state 'len(s["gl_releases"]), len(s["packages"])')" = "(1, 1)"
run "a missing asset: nothing asked" 2 "" "^forgepr: nope\.whl: " \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -r 2.0 nope.whl
ok "no release 2.0" test "$(state '"2.0" in [r["tag_name"] for r in s["gh_releases"]]')" = False
ctl uploadorigin=http://localhost:$PORT
n0=$(requests POST '/assets[?][^"]*')
run "an upload_url on another origin gets no token and no file" 1 \
	"https://github.example/aloha/server/releases/tag/3.0" \
	"^forgepr: POST http://localhost:$PORT/gh/uploads/.*: not the API's origin $GH_API: the token is not sent there$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -r 3.0 aloha-0.9.0-py3-none-any.whl
ok "no upload was made" test "$(requests POST '/assets[?][^"]*')" = "$n0"

# ---- rate limits, errors, redirects ---------------------------------------
ctl limit=1 limitstyle=retry
run "429 with Retry-After: waited, then done" 0 "https://github.example/aloha/server" \
	"^forgepr: GET /repos/aloha/server: rate limited \(429\); waiting 1 s$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -P
ok "asked again after the wait" "$PYTHON" -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(not b - a >= 0.9)' \
	"$(logq 'r[-2]["t"]')" "$(logq 'r[-1]["t"]')"
ctl limit=1 limitstyle=reset
run "403 with x-ratelimit-remaining 0: waited until x-ratelimit-reset" 0 "https://github.example/aloha/server" \
	"rate limited \(403\); waiting 1 s$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -P
ctl limit=1 limitstyle=long
run "a wait over the bound: stop at once with the API's words" 1 "" \
	"^forgepr: GET /repos/aloha/server: 403: API rate limit exceeded for installation ID 1\.: rate limited; the wait \(3600 s\) is longer than RELKIT_FORGE_MAX_WAIT \(2 s\)$" \
	env GH_TOKEN=$GOOD RELKIT_FORGE_MAX_WAIT=2 forgepr -k github -R aloha/server -P
n0=$(nlog)
ctl fail=502 count=3 "message=bad%20gateway"
run "5xx on a read: tried three times, then the API's message" 1 "" \
	"^forgepr: github aloha/server: the token in GH_TOKEN cannot see the repository: GET /repos/aloha/server: 502 bad gateway$" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -P
ok "three tries" test "$(($(nlog) - n0))" = 3
ctl fail=422 "message=no%1b%5b31m%0a%07such%c2%9bbranch"
run "an API message with control characters: escaped, one line" 1 "" \
	'^forgepr: GET /repos/aloha/server/pulls\?state=open&head=aloha%3Ax&per_page=100: 422 no\\x1b\[31m\\n\\x07such\\xc2\\x9bbranch$' \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -p -H x -B main -t x
ctl redirect=http://127.0.0.2:$PORT/steal
run "a redirect is not followed" 1 "" \
	"^forgepr: GET /repos/aloha/server: 302 redirect to http://127\.0\.0\.2:$PORT/steal: not followed" \
	env GH_TOKEN=$GOOD forgepr -k github -R aloha/server -P
ok "no request after the redirect" sh -c 'tail -1 sd/requests.log | grep -q "\"status\": 302"' 
run "-v shows requests, never the token" 0 "https://github.example/aloha/server" \
	"^> GET $GH_API/repos/aloha/server" env GH_TOKEN=$GOOD forgepr -v -k github -R aloha/server -P

# ---- a private CA (GitHub Enterprise, self-managed GitLab) ---------------
# TLS in front of the stand-in, its certificate signed by no CA the system
# knows: refused; --cacert, or the variables pypiup reads too, verify it.
unset REQUESTS_CA_BUNDLE CURL_CA_BUNDLE SSL_CERT_FILE
if openssl req -x509 -newkey rsa:2048 -nodes -keyout tls.key -out tls.pem \
	-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -days 2 \
	>tls.log 2>&1; then
	"$PYTHON" "$top/tests/pypiup-tlsproxy.py" tls.pem tls.key "$PORT" tls.port \
		</dev/null >>tls.log 2>&1 &
	TPID=$!
	i=0
	while [ ! -s tls.port ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	TLS_API=https://127.0.0.1:$(cat tls.port)/gh
	n0=$(nlog)
	run "https with a private CA, none given: refused on the certificate" 1 "" \
		"^forgepr: GET $TLS_API/repos/aloha/server: .*certificate" \
		env GITHUB_API_URL=$TLS_API GH_TOKEN=$GOOD forgepr -k github -R aloha/server -P
	ok "... and nothing reached the API" test "$(nlog)" = "$n0"
	run "--cacert FILE: verified" 0 "https://github.example/aloha/server" "" \
		env GITHUB_API_URL=$TLS_API GH_TOKEN=$GOOD forgepr --cacert tls.pem -k github -R aloha/server -P
	run "SSL_CERT_FILE: the same" 0 "https://github.example/aloha/server" "" \
		env GITHUB_API_URL=$TLS_API SSL_CERT_FILE=$T/tls.pem GH_TOKEN=$GOOD forgepr -k github -R aloha/server -P
	run "REQUESTS_CA_BUNDLE before SSL_CERT_FILE (pypiup's order)" 1 "" "certificate" \
		env GITHUB_API_URL=$TLS_API REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
		SSL_CERT_FILE=$T/tls.pem GH_TOKEN=$GOOD forgepr -k github -R aloha/server -P
	run "--cacert before the variables" 0 "https://github.example/aloha/server" "" \
		env GITHUB_API_URL=$TLS_API CURL_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
		GH_TOKEN=$GOOD forgepr --cacert tls.pem -k github -R aloha/server -P
	kill "$TPID" 2>/dev/null
	wait "$TPID" 2>/dev/null
else
	skip "a private CA" "openssl cannot make a certificate: $(tail -1 tls.log)"
fi
run "--cacert: a missing file, before any request" 2 "" \
	"^forgepr: --cacert missing\.pem: No such file or directory$" \
	env GH_TOKEN=$GOOD forgepr --cacert missing.pem -k github -R aloha/server -P

# ---- usage ----------------------------------------------------------------
run "no mode" 2 "" "say what to do" fp -k github -R aloha/server
run "-R and -u" 2 "" "give one" fp -R a/b -u git@github.com:a/b -P
run "-k other" 2 "" "-k bitbucket: not github or gitlab" fp -k bitbucket -R a/b -P
run "an unknown host without -k" 2 "" "^forgepr: git\.example\.org: not known as GitHub or GitLab: say -k github or -k gitlab$" \
	env GH_TOKEN=$GOOD forgepr -u git@git.example.org:a/b -P
run "-h" 0 "$(printf 'usage: forgepr [-v] [--cacert FILE] [-k KIND] [-R PATH | -u URL] -P')" "" sh -c 'forgepr -h | head -1'

# ---- the tokens ------------------------------------------------------------
ok "the good token reached the stand-in" test "$(logq 'sum(1 for e in r if e["auth"] and e["auth"]["token"] == "good") > 0')" = True
ok "no process had a token in its argv while a request was served" test \
	"$(logq 'any(e["argv_leak"] for e in r)')" = False
ok "no output holds a token" sh -c '! grep -qe "$1" -e "$2" all.out killed.out' sh "$GOOD" "$BLIND"
ok "the output was looked at" test -s all.out
done_testing
