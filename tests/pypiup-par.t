#!/bin/sh
# relkit — MIT licence, see LICENSE.
# pypiup -j: files uploaded at once under the faults the suite injects (a
# 500 on one file of six, a reset mid-body on two, a stall, a 409 clash),
# each run with -j 1 and -j 4 on a fresh (wiped) index: the same lines, in the
# order given, the same exit status; no file sent twice unless a retry
# was needed; at most N uploads in flight; a new project's first upload
# alone. Then the waits of issue 13: the answer's own limit once the body
# is sent, a file stored but unanswered found by its sha256 and not sent
# again, a large 2xx body, a long Retry-After, a reason only in the body.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
upload_env "pypiup -j"

# Six dists of one release: an sdist and five wheels of 1.5 MB (so that a
# reset lands mid-body), and an older release that makes the project known.
mkdir d old
$mkdist sdist d/parbots-1.0.tar.gz parbots 1.0
for t in py3-none-any cp311-cp311-manylinux_2_17_x86_64 \
	cp312-cp312-manylinux_2_17_x86_64 cp311-cp311-win_amd64 \
	cp311-cp311-macosx_11_0_arm64; do
	$mkdist wheel "d/parbots-1.0-$t.whl" parbots 1.0 --blob 1500000
done
$mkdist sdist old/parbots-0.1.tar.gz parbots 0.1

# What the request log says of the uploads (POSTs to /legacy/).
logq() { # what [arg]
	"$PYTHON" - "$INDEX_DIR/requests.log" "$@" <<'EOF'
import json, sys
posts = [e for e in map(json.loads, open(sys.argv[1]))
         if e["method"] == "POST" and e["path"] == "/legacy/"]
what = sys.argv[2]
def name(e):
    return (e.get("content") or {}).get("filename", "?")
if what == "inflight":      # most uploads in flight at any moment
    ev = sorted([(e["time"], 1) for e in posts] + [(e["end"], -1) for e in posts],
                key=lambda x: (x[0], x[1]))
    n = most = 0
    for _, d in ev:
        n += d
        most = max(most, n)
    print(most)
elif what == "sending":     # most bodies arriving at any moment
    ev = sorted([(e["time"], 1) for e in posts if "body_end" in e] +
                [(e["body_end"], -1) for e in posts if "body_end" in e])
    n = most = 0
    for _, d in ev:
        n += d
        most = max(most, n)
    print(most)
elif what == "resent":      # files sent again after an answer of 200
    seen = {}
    bad = []
    for e in sorted(posts, key=lambda e: e["time"]):
        if seen.get(name(e)) == 200:
            bad.append(name(e))
        if e["status"] == 200:
            seen[name(e)] = 200
    print(" ".join(bad) or "none")
elif what == "conns":       # connections the uploads came on
    print(len({e["peer"] for e in posts}))
elif what == "posts":       # POSTs of one file
    print(sum(name(e) == sys.argv[3] for e in posts))
elif what == "alone":       # the first upload ended before the next began
    p = sorted(posts, key=lambda e: e["time"])
    print("yes" if len(p) > 1 and p[0]["end"] <= p[1]["time"] else "no")
elif what == "failed_of":   # uploads of a file that got no 200
    print(sum(name(e) == sys.argv[3] and e["status"] != 200 for e in posts))
EOF
}

# POSTs of a file, and those not answered 200, in ./requests.log.
np() { INDEX_DIR=. logq posts "${1#d/}"; }
nf() { INDEX_DIR=. logq failed_of "${1#d/}"; }

# One index server for the whole test, wiped (wipe=1: as just started)
# between cases rather than restarted.
index_start || exit 2
# A fresh index that knows the project, with an upload taking 0.1 s.
fresh() {
	index_ctl wipe=1 process=0.1 || exit 2
	pypiup -j 1 -q --repository-url "$INDEX_URL" old/parbots-0.1.tar.gz >/dev/null 2>&1
	: >"$INDEX_DIR/requests.log"
}

# scenario NAME CTL... : the six files with -j 1 and with -j 4, each on a
# fresh index with the faults of CTL; out files NAME.1 and NAME.4.
scenario() {
	_s=$1
	shift
	for j in 1 4; do
		fresh
		[ $# -eq 0 ] || index_ctl "$@"
		pypiup -j $j --timeout 2 --repository-url "$INDEX_URL" $SIX \
			>"$_s.$j" 2>"$_s.$j.err"
		echo "exit $?" >>"$_s.$j"
		logq resent >"$_s.$j.resent"
		logq inflight >"$_s.$j.inflight"
		cp "$INDEX_DIR/requests.log" "$_s.$j.log"
	done
	same "$_s: -j 4 ends every file as -j 1, in the order given" "$_s.1" "$_s.4"
	ok "$_s: -j 4: no file sent again after a 200" test "$(cat "$_s.4.resent")" = none
	ok "$_s: -j 4: at most 4 uploads in flight" test "$(cat "$_s.4.inflight")" -le 4
	ok "$_s: -j 1: one at a time" test "$(cat "$_s.1.inflight")" = 1
}

W1=d/parbots-1.0-py3-none-any.whl
WL1=d/parbots-1.0-cp311-cp311-manylinux_2_17_x86_64.whl
WL2=d/parbots-1.0-cp312-cp312-manylinux_2_17_x86_64.whl
WW=d/parbots-1.0-cp311-cp311-win_amd64.whl
WM=d/parbots-1.0-cp311-cp311-macosx_11_0_arm64.whl
SD=d/parbots-1.0.tar.gz
# the two that get a reset first, so that -j 4 starts both at once
SIX="$WL1 $WL2 $SD $WM $WW $W1"

# ---- no fault: all at once -------------------------------------------------
scenario clean
check "six files, -j 4: one line each, in the order given" 0 "uploaded $WL1
uploaded $WL2
uploaded $SD
uploaded $WM
uploaded $WW
uploaded $W1
exit 0" "" cat clean.4
ok "... more than one in flight" test "$(cat clean.4.inflight)" -gt 1
cp clean.4.log requests.log
for f in $SIX; do
	n=$(np "$f")
	[ "$n" = 1 ] || break
done
ok "... each file sent once" test "$n" = 1

# ---- a 500 on one file of six ----------------------------------------------
scenario fail500 only=win_amd64 fail=500
ok "500 on one file: that one failed, the others uploaded" sh -c \
	"grep -qx 'failed $WW: 500 Internal Server Error' fail500.4 &&
	 test \$(grep -c '^uploaded' fail500.4) = 5 && grep -qx 'exit 1' fail500.4"
cp fail500.4.log requests.log
ok "... it was tried 5 times, the others once" \
	test "$(np "$WW")/$(np "$W1")/$(np "$SD")" = 5/1/1

# ---- a reset mid-body on two -----------------------------------------------
scenario reset only=manylinux close=100000 count=2
ok "reset mid-body on two: all uploaded in the end" sh -c \
	"test \$(grep -c '^uploaded' reset.4) = 6 && grep -qx 'exit 0' reset.4"
cp reset.4.log requests.log
ok "... each reset file sent once more (once failed), the others once" \
	test "$(np "$WL1")/$(np "$WL2")/$(nf "$WL1")/$(nf "$WL2")/$(np "$WM")" = 2/2/1/1/1

# ---- a stall ---------------------------------------------------------------
export RELKIT_ANSWER_TIMEOUT=1
scenario stall only=tar.gz stall=20 stall_at=end count=1
unset RELKIT_ANSWER_TIMEOUT
ok "stall on the sdist past the answer's limit: retried, all uploaded" sh -c \
	"test \$(grep -c '^uploaded' stall.4) = 6 && grep -q 'no answer 1 s after the body was sent' stall.4.err"

# ---- a 409 clash -----------------------------------------------------------
mkdir other
$mkdist wheel "other/${WM#d/}" parbots 1.0 --line "Summary: other bytes"
scenario_clash() {
	index_ctl mode=pypiserver
	INDEX_POST_URL=$INDEX_URL index_post "other/${WM#d/}" >/dev/null
	: >"$INDEX_DIR/requests.log"
}
for j in 1 4; do
	fresh
	scenario_clash
	pypiup -j $j --repository-url "$INDEX_URL" $SIX >"clash.$j" 2>"clash.$j.err"
	echo "exit $?" >>"clash.$j"
done
# a refusal stops the run as twine stops (issue 24): -j 1 starts nothing
# after it, -j 4 lets those already started finish
ok "409 clash: failed by its sha256, at -j 1 and -j 4" sh -c \
	"grep -q '^failed $WM: the index has another ${WM#d/} (sha256 ' clash.1 &&
	 grep -q '^failed $WM: the index has another ${WM#d/} (sha256 ' clash.4"
ok "... -j 1: the three after it not attempted" sh -c \
	"test \$(grep -c '^not attempted' clash.1) = 3 && test \$(grep -c '^uploaded' clash.1) = 2"
ok "... -j 4: one line a file" sh -c \
	"test \$(grep -c -e '^uploaded' -e '^not attempted' -e '^failed' clash.4) = 6"

# ---- at most N in flight ---------------------------------------------------
fresh
pypiup -j 3 --repository-url "$INDEX_URL" $SIX >j3.out 2>j3.err
ok "-j 3: exit 0" test $? = 0
ok "-j 3: at most 3 in flight, and 3 at some moment" test "$(logq inflight)" = 3

# ---- turns to send -----------------------------------------------------------
# Eight 3 MB wheels over a 20 MB/s link, each checked for 0.5 s: -j 8 gives
# two turns to send. The index sees the bodies come in a few at a time
# (each turn ends when the last byte is handed to the kernel, and the
# kernel on loopback holds some of it yet), never all eight at once, while
# the others wait for their answers.
mkdir eight
for t in cp38 cp39 cp310 cp311 cp312 cp313 pp39 pp310; do
	$mkdist wheel "eight/turnpkg-1.0-$t-none-any.whl" turnpkg 1.0 --blob 3000000
done
$mkdist sdist old/turnpkg-0.1.tar.gz turnpkg 0.1
turns_index() {
	index_ctl wipe=1 process=0.5 bandwidth=20000000 || exit 2
	pypiup -j 1 --repository-url "$INDEX_URL" old/turnpkg-0.1.tar.gz >/dev/null 2>&1
	: >"$INDEX_DIR/requests.log"
}
turns_index
pypiup -j 8 --repository-url "$INDEX_URL" eight/*.whl >turns.out 2>turns.err
ok "-j 8, eight files: exit 0, all uploaded" sh -c "test \$(grep -c '^uploaded' turns.out) = 8"
ok "... at most half the bodies arriving at once" test "$(logq sending)" -le 4
ok "... more than two uploads in flight" test "$(logq inflight)" -gt 2
turns_index
index_ctl fail=500 count=1 only=cp38
pypiup -j 8 --repository-url "$INDEX_URL" eight/*.whl >turnsf.out 2>&1
ok "a 500 on one, retried: all eight uploaded" sh -c "test \$(grep -c '^uploaded' turnsf.out) = 8"
ok "... that one sent twice" test "$(logq posts turnpkg-1.0-cp38-none-any.whl)" = 2
ok "... and still at most half the bodies at once" test "$(logq sending)" -le 4

# Fourteen files at -j 8: a connection a thread, kept for its next file
# (libcurl's shared cache held five: past the fifth, every upload made
# a connection of its own).
fresh
pypiup -j 8 --repository-url "$INDEX_URL" $SIX eight/*.whl >conns.out 2>&1
ok "-j 8, fourteen files: all uploaded" sh -c "test \$(grep -c '^uploaded' conns.out) = 14"
ok "... on at most eight connections" test "$(logq conns)" -le 8

# ---- a new project ---------------------------------------------------------
index_ctl wipe=1 process=0.1 || exit 2
pypiup -j 8 --repository-url "$INDEX_URL" $SIX >new.out 2>new.err
ok "new project: exit 0, six uploaded" sh -c "test \$(grep -c '^uploaded' new.out) = 6"
ok "... its first upload ran alone" test "$(logq alone)" = yes
ok "... then the others at once" test "$(logq inflight)" -gt 2
fresh
pypiup -j 8 --repository-url "$INDEX_URL" $SIX >known.out 2>&1
ok "a known project: no upload alone first" test "$(logq alone)" = no
index_ctl wipe=1 process=0.1 || exit 2
index_ctl fail=403 count=1
pypiup -j 8 --repository-url "$INDEX_URL" $SIX >new2.out 2>new2.err
ok "new project, the first upload refused: the rest not attempted (issue 24)" sh -c \
	"grep -q '^failed $WL1: 403' new2.out && test \$(grep -c '^not attempted' new2.out) = 5"
ok "... one upload sent" test "$(grep -c '"POST"' "$INDEX_DIR/requests.log")" = 1

# twine's order to start: wheels before the sdist, so that a new project's
# release is made from a wheel; the lines still in the order given
for j in 1 8; do
	index_ctl wipe=1 process=0.1 || exit 2
	pypiup -j $j --repository-url "$INDEX_URL" $SD $W1 $WW >first.$j.out 2>first.$j.err
	ok "-j $j, sdist given first, a new project: the lines in the order given" \
		test "$(cat first.$j.out)" = "$(printf 'uploaded %s\n' $SD $W1 $WW)"
	"$PYTHON" - "$INDEX_DIR/requests.log" >first.$j.order <<'EOF'
import json, sys
p = sorted((e for e in map(json.loads, open(sys.argv[1]))
            if e["method"] == "POST"), key=lambda e: e["time"])
print(p[0]["content"]["filename"],
      "alone" if p[1]["time"] >= p[0]["end"] else "not alone",
      "then " + p[-1]["content"]["filename"])
EOF
	got=$(cat first.$j.order)
	[ $j = 1 ] || got="${got% then *} then any"
	want="${W1#d/} alone then ${SD#d/}"
	[ $j = 1 ] || want="${W1#d/} alone then any"
	ok "... the first upload, alone, is the first wheel" test "$got" = "$want"
done

# ---- waiting for the index (issue 13) ---------------------------------------
fresh
index_ctl only=macosx stall=3 stall_at=end count=1
check "an answer 3 s after the body, --timeout 1: waited for, not retried" 0 \
	"uploaded $WM" "" pypiup --timeout 1 --repository-url "$INDEX_URL" "$WM"
ok "... one request" test "$(logq posts "${WM#d/}")" = 1
fresh
index_ctl lose=1 count=1
check "stored, then the connection lost: found by its sha256, not sent again" 0 \
	"uploaded $W1" "the index lists it with its sha256: not sent again" \
	pypiup --repository-url "$INDEX_URL" "$W1"
ok "... one request" test "$(logq posts "${W1#d/}")" = 1
index_ctl pad=300000
check "200 with a 300 kB body: uploaded" 0 "uploaded $WW" "" \
	pypiup --repository-url "$INDEX_URL" "$WW"
index_ctl reset=1
index_ctl fail=503 retry_after=120 count=1
check "Retry-After 120 s, longer than the 60 s limit: failed, saying so" 1 \
	"failed $WM: 503 Service Unavailable (Retry-After 120 s is longer than 60 s: not retried)" \
	"" pypiup -q --repository-url "$INDEX_URL" "$WM"
index_ctl reset=1
index_ctl bare=1 fail=418 count=1
check "a reason only in the body: the body's words, once" 1 \
	"failed $WL1: 418 Injected failure" "" pypiup -q --repository-url "$INDEX_URL" "$WL1"
index_ctl reset=1

# ---- progress on a terminal: one line for all the uploads -------------------
if command -v script >/dev/null; then
	fresh
	index_ctl bandwidth=4000000
	script -qec "pypiup -j 4 --repository-url $INDEX_URL $WL1 $WW $SD" /dev/null >tty.out 2>&1
	ok "on a terminal: one aggregate progress line" grep -q ' of 3 files done, [0-9] in flight: ' tty.out
	tr -d '\r' <tty.out | sed 's/.*\x1b\[K//' | grep '^uploaded' >tty.lines
	printf 'uploaded %s\n' "$WL1" "$WW" "$SD" >tty.want
	same "... and the result lines in order, the progress line cleared first" tty.lines tty.want
	index_ctl bandwidth=0
else
	skip "progress on a terminal" "no script(1)"
fi

# ---- usage -----------------------------------------------------------------
check "-j 0 is refused" 2 "" "-j: 0: not a whole number from 1 to 64" pypiup -j 0 "$SD"
check "-j x is refused" 2 "" "-j: x: not a whole number from 1 to 64" pypiup -j x "$SD"
check "RELKIT_ANSWER_TIMEOUT=0 is refused" 2 "" \
	"RELKIT_ANSWER_TIMEOUT: 0: not a whole number from 1 to 86400" \
	env RELKIT_ANSWER_TIMEOUT=0 pypiup "$SD"

done_testing
