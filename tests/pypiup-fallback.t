#!/bin/sh
# relkit — MIT licence, see LICENSE.
# pypiup against an index that answers the page of a project it does not
# hold with a 303 to another origin (pypiserver's fallback to PyPI): as a
# 404 for --skip-existing and the new-project probe, never followed, no
# credentials sent there, named with -v (user-info hidden); not proof of
# an upload for --verify. A redirect within the origin stays an error.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
upload_env "pypiup fallback"

# The other origin: a second server that must see no request at all.
index_start || exit 2
OTHER=$INDEX_BASE OTHER_DIR=$INDEX_DIR
index_start || exit 2
up() { pypiup --repository-url "$INDEX_URL" "$@"; }

# Requests in a server's log: "METHOD PATH STATUS AUTH" a line.
reqs() { # dir
	[ -f "$1/requests.log" ] || return 0
	"$PYTHON" -c '
import json, sys
for e in map(json.loads, open(sys.argv[1])):
    print(e["method"], e["path"], e["status"], e["authorization"])' \
		"$1/requests.log"
}
# Did the first POST end before the second began?
alone() {
	"$PYTHON" -c '
import json, sys
p = sorted((e for e in map(json.loads, open(sys.argv[1]))
            if e["method"] == "POST"), key=lambda e: e["time"])
sys.exit(not (len(p) == 2 and p[0]["end"] <= p[1]["time"]))' \
		"$INDEX_DIR/requests.log"
}

$mkdist sdist fbnew-1.0.tar.gz fbnew 1.0
$mkdist wheel fbnew-1.0-py3-none-any.whl fbnew 1.0 --blob 300000
index_ctl fallback="$OTHER/simple"
# The first upload waits a while before its body is read: the probe of its
# project, which runs meanwhile, finds the page not yet there, and a
# second upload started before the first ended would show.
# (3 s under valgrind, where the probe starts later)
if [ "${VALGRIND:-}" = 1 ]; then stall=3; else stall=1; fi
slow() { index_ctl stall=$stall stall_at=start count=1; }

# ---- --skip-existing, and the probe of a new project ---------------------
slow
check "--skip-existing: a 303 to another origin is a project not held" 0 \
	"uploaded fbnew-1.0.tar.gz
uploaded fbnew-1.0-py3-none-any.whl" "" \
	up --skip-existing fbnew-1.0.tar.gz fbnew-1.0-py3-none-any.whl
check "... both stored" 0 "2" "" index_uploads
reqs "$INDEX_DIR" >reqs.txt
ok "... the page was read and answered 303" grep -qx 'GET /simple/fbnew/ 303 True' reqs.txt
ok "... a new project: its first upload alone, the second after" alone
check "... the other origin got no request" 0 "" "" reqs "$OTHER_DIR"

# The same again: now held, so skipped (the index's own page).
check "--skip-existing again: skipped from the index's page" 0 \
	"skipped fbnew-1.0.tar.gz (already on the index)
skipped fbnew-1.0-py3-none-any.whl (already on the index)" "" \
	up --skip-existing fbnew-1.0.tar.gz fbnew-1.0-py3-none-any.whl

# Without --skip-existing: the probe alone reads the page.
$mkdist wheel fbtwo-1.0-py3-none-any.whl fbtwo 1.0 --blob 300000
$mkdist sdist fbtwo-1.0.tar.gz fbtwo 1.0
: >"$INDEX_DIR/requests.log"
slow
check "no --skip-existing: uploaded" 0 "uploaded fbtwo-1.0.tar.gz
uploaded fbtwo-1.0-py3-none-any.whl" "" \
	up fbtwo-1.0.tar.gz fbtwo-1.0-py3-none-any.whl
reqs "$INDEX_DIR" >reqs.txt
ok "... the probe read the page, answered 303" grep -qx 'GET /simple/fbtwo/ 303 True' reqs.txt
ok "... first upload alone" alone
check "... the other origin got no request" 0 "" "" reqs "$OTHER_DIR"

# ---- -v: one line naming where, user-info hidden --------------------------
index_ctl fallback="http://alice:s3cret@127.0.0.1:${OTHER##*:}/simple"
$mkdist wheel fbv-1.0-py3-none-any.whl fbv 1.0
check "-v: uploaded" 0 "uploaded fbv-1.0-py3-none-any.whl" "another origin" \
	up -v --skip-existing fbv-1.0-py3-none-any.whl
cp "$T/.err" v.err
check "-v: one line says it, naming the Location" 0 "1" "" grep -c \
	"^pypiup: ${INDEX_SIMPLE}fbv/: 303 See Other to http://\*\*\*\*\*\*\*\*@127\.0\.0\.1:${OTHER##*:}/simple/fbv/, another origin: not followed; taken as a project this index does not hold\$" v.err
ok "-v: the Location's password is not shown" sh -c '! grep -q s3cret v.err'
check "... the other origin got no request" 0 "" "" reqs "$OTHER_DIR"

# Another host, another scheme: not held either.
# Another host, another scheme: not held either.
for o in "host http://localhost:$INDEX_PORT/simple" \
    "scheme https://127.0.0.1:$INDEX_PORT/simple"; do
	set -- $o
	index_ctl fallback="$2"
	$mkdist wheel "fb$1-1.0-py3-none-any.whl" "fb$1" 1.0
	check "--skip-existing, a 303 to another $1 ($2): uploaded" 0 \
		"uploaded fb$1-1.0-py3-none-any.whl" "" \
		up --skip-existing "fb$1-1.0-py3-none-any.whl"
done

# ---- a redirect within the origin: a wrong index URL ----------------------
$mkdist wheel fbsame-1.0-py3-none-any.whl fbsame 1.0
index_ctl fallback="$INDEX_BASE/mirror"
n=$(index_uploads)
check "a 303 to the same origin: an error naming the new URL" 1 \
	"failed fbsame-1.0-py3-none-any.whl: cannot read the index to skip existing files" \
	"^pypiup: ${INDEX_SIMPLE}fbsame/: 303 See Other: moved to $INDEX_BASE/mirror/fbsame/; give that as --index-url\$" \
	up --skip-existing fbsame-1.0-py3-none-any.whl
check "... nothing sent" 0 "$n" "" index_uploads
index_ctl fallback=/mirror
check "a relative Location is the same origin: the same error" 1 \
	"failed fbsame-1.0-py3-none-any.whl: cannot read the index to skip existing files" \
	"^pypiup: ${INDEX_SIMPLE}fbsame/: 303 See Other: moved to /mirror/fbsame/; give that as --index-url\$" \
	up --skip-existing fbsame-1.0-py3-none-any.whl
index_ctl fallback="http://127.0.0.1:$INDEX_PORT:/x"
check "a Location that is no URL: the same error" 1 \
	"failed fbsame-1.0-py3-none-any.whl: cannot read the index to skip existing files" \
	"moved to http://127\.0\.0\.1:$INDEX_PORT:/x/fbsame/; give that as --index-url\$" \
	up --skip-existing fbsame-1.0-py3-none-any.whl

# ---- --verify: a page elsewhere is no proof --------------------------------
index_ctl fallback="$OTHER/simple" hide=30
$mkdist wheel fbver-1.0-py3-none-any.whl fbver 1.0
check "--verify, the page redirects to another origin: not proven, exit 1" 1 \
	"uploaded fbver-1.0-py3-none-any.whl
failed fbver-1.0-py3-none-any.whl: not proven: the index does not list fbver, its page redirects to another origin ($OTHER/simple/fbver/) after 1 s" "" \
	env RELKIT_VERIFY_WAIT=1 pypiup --repository-url "$INDEX_URL" --verify \
	fbver-1.0-py3-none-any.whl
index_ctl hide=0 fallback=
$mkdist wheel fbver-2.0-py3-none-any.whl fbver 2.0
index_ctl hide=30
check "--verify, a 404 as before: not listed, exit 1" 1 \
	"uploaded fbver-2.0-py3-none-any.whl
failed fbver-2.0-py3-none-any.whl: not listed on the index with sha256 $(sha256sum <fbver-2.0-py3-none-any.whl | cut -d' ' -f1) after 1 s" "" \
	env RELKIT_VERIFY_WAIT=1 pypiup --repository-url "$INDEX_URL" --verify \
	fbver-2.0-py3-none-any.whl
index_ctl hide=0

# Before a retry: a page elsewhere is no sign the lost upload landed.
index_ctl fallback="$OTHER/simple" hide=30
index_ctl lose=1 count=1
$mkdist wheel fblost-1.0-py3-none-any.whl fblost 1.0
: >"$INDEX_DIR/requests.log"
check "stored, the answer lost, the page redirects elsewhere: sent again" 0 \
	"uploaded fblost-1.0-py3-none-any.whl" \
	"^pypiup: fblost-1\.0-py3-none-any\.whl: Empty reply from server; try 2 of 5" \
	up fblost-1.0-py3-none-any.whl
reqs "$INDEX_DIR" >reqs.txt
check "... twice, with the page read between" 0 "POST /legacy/ 0
GET /simple/fblost/ 303
POST /legacy/ 200" "" sed -n 's/ True$//p' reqs.txt
index_ctl reset=1 hide=0 fallback=

check "the other origin got no request in all" 0 "" "" reqs "$OTHER_DIR"
done_testing
