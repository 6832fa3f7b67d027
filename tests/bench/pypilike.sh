#!/bin/sh
# relkit — MIT licence, see LICENSE.
# The upload rows against a PyPI-like index (issue 17): tests/indexserver.py
# in discard mode with a processing time after each body, one bandwidth
# cap shared by all connections and a round-trip delay, on loopback.
# Sourced by bench.sh (which sets T, R, M, PYTHON, RELKIT_BIN, say, note),
# or run alone: sh tests/bench/pypilike.sh prints a markdown report.
#   PYPI_PROCESS   seconds an upload waits once its body is in (0.5)
#   PYPI_BW        bytes per second of the shared link (20000000)
#   PYPI_RTT       round trip in seconds (0.04)
#   PYPI_RUNS      timed runs of each row (3; the slow rows 2)
#   PYPI_ROWS      which rows: any of "six forty first big mem" (all;
#                  first: tests/bench/firstrun.sh)
if [ -z "${R:-}" ]; then
	top=$(cd "$(dirname "$0")/../.." && pwd)
	. "$top/tests/lib.sh"
	INDEX_SERVER=$top/tests/indexserver.py
	. "$top/tests/index-lib.sh"
	R=$T/results.jsonl
	M="$PYTHON $top/tests/bench/measure.py"
	say() { echo "bench: $*" >&2; }
	note() { $M note "$R" "$1" "$2"; }
	alone=1
	cd "$T" || exit 2
	note date "$(date -u '+%Y-%m-%d %H:%M UTC')"
fi
PROC=${PYPI_PROCESS:-0.5} BW=${PYPI_BW:-20000000} RTT=${PYPI_RTT:-0.04}
PRUNS=${PYPI_RUNS:-3}
ROWS=${PYPI_ROWS:-six forty first big mem}
want() { case " $ROWS " in *" $1 "*) return 0;; esac; return 1; }
SLOW=$((PRUNS > 2 ? PRUNS - 1 : PRUNS))
mk="$PYTHON $top/tests/pypiup-mkdist.py"
export TWINE_USERNAME=__token__ TWINE_PASSWORD=pypi-testtoken

say "pypi-like rows: generating dists"
mkdir -p pl/six pl/forty pl/big pl/eight
# the real zulip 0.9.x sizes
$mk wheel pl/six/zulip-0.9.0-py3-none-any.whl zulip 0.9.0 --blob 316000
$mk sdist pl/six/zulip-0.9.0.tar.gz zulip 0.9.0 --blob 142000
$mk wheel pl/six/zulip_bots-0.9.0-py3-none-any.whl zulip_bots 0.9.0 --blob 2300000
$mk sdist pl/six/zulip_bots-0.9.0.tar.gz zulip_bots 0.9.0 --blob 2300000
$mk wheel pl/six/zulip_botserver-0.9.0-py3-none-any.whl zulip_botserver 0.9.0 --blob 6000
$mk sdist pl/six/zulip_botserver-0.9.0.tar.gz zulip_botserver 0.9.0 --blob 6000
SIXP="pl/six/zulip-0.9.0-py3-none-any.whl pl/six/zulip-0.9.0.tar.gz pl/six/zulip_bots-0.9.0-py3-none-any.whl pl/six/zulip_bots-0.9.0.tar.gz pl/six/zulip_botserver-0.9.0-py3-none-any.whl pl/six/zulip_botserver-0.9.0.tar.gz"
FORTY=
for py in 38 39 310 311 312; do
	for plat in manylinux_2_17_x86_64 manylinux_2_17_aarch64 musllinux_1_1_x86_64 \
		musllinux_1_1_aarch64 win_amd64 win32 macosx_10_9_x86_64 macosx_11_0_arm64; do
		f=pl/forty/matrixpkg-1.0-cp$py-cp$py-$plat.whl
		$mk wheel "$f" matrixpkg 1.0 --blob 2000000
		FORTY="$FORTY $f"
	done
done
BIG= EIGHT=
if want big || want mem; then
	BIG=pl/big/bigpkg-1.0-py3-none-any.whl
	$mk wheel $BIG bigpkg 1.0 --blob 300000000
	for plat in manylinux_2_17_x86_64 manylinux_2_17_aarch64 musllinux_1_1_x86_64 \
		musllinux_1_1_aarch64 win_amd64 win32 macosx_10_9_x86_64 macosx_11_0_arm64; do
		ln "$BIG" "pl/eight/bigpkg-1.0-cp311-cp311-$plat.whl"
		EIGHT="$EIGHT pl/eight/bigpkg-1.0-cp311-cp311-$plat.whl"
	done
fi

# The projects exist on the index (an older file each): no first upload alone.
seed() { # dir project...
	_d=$1
	shift
	for _p in "$@"; do
		mkdir -p "$_d/files/$_p"
		printf '{"name": "%s", "filename": "%s-0.1.tar.gz", "version": "0.1", "filetype": "sdist", "size": 1, "sha256": "%064d", "blake2_256": "%064d", "requires_python": null, "upload_time": "2026-01-01T00:00:00.000000Z", "user": "__token__"}\n' \
			"$_p" "$_p" 0 0 >"$_d/files/$_p/$_p-0.1.tar.gz.meta.json"
	done
}
_index_n=$((_index_n + 1))
seed "$T/index.$_index_n" zulip zulip-bots zulip-botserver matrixpkg bigpkg
_index_n=$((_index_n - 1))
index_start --discard --process "$PROC" --bandwidth "$BW" --rtt "$RTT" \
	--jitter 0.1 --seed 17 || exit 2
PL=$INDEX_URL
umask 077
printf 'machine 127.0.0.1 login %s password %s\n' "$TWINE_USERNAME" "$TWINE_PASSWORD" >"$T/pl-netrc"
umask 022
note pypilike "tests/indexserver.py --discard --process $PROC --bandwidth $BW --rtt $RTT --jitter 0.1 --seed 17: each upload waits ${PROC} s (±10 %, seeded) once its body is in, all bodies share one $((BW / 1000000)) MB/s link, a round trip of ${RTT} s per connection and per answer"
TWP="twine upload --non-interactive --disable-progress-bar --repository-url $PL"
PU=$RELKIT_BIN/pypiup
# As release.mk runs them: its step 3 checks every dist (pypiup -n) before
# the uploads, and the description's rendering is kept from that check.
# The row "nothing kept" shows an upload that renders it first.
RELKIT_CACHE_DIR=$T/pl-cache
export RELKIT_CACHE_DIR
$PU -n $SIXP $FORTY $BIG >/dev/null || exit 2

want six && say "row: six zulip-sized dists to a PyPI-like index" &&
$M run "$R" pyup6 "PyPI-like: six zulip 0.9.x dists (5.1 MB)" --runs "$PRUNS" --warmup 0 \
	-c pypiup "$PU --repository-url $PL $SIXP" \
	-c "twine upload" "$TWP $SIXP" \
	-c "pypiup -j 1" "$PU -j 1 --repository-url $PL $SIXP" \
	-c "pypiup, the slowest file alone" "$PU --repository-url $PL pl/six/zulip_bots-0.9.0.tar.gz" \
	-c "pypiup, nothing kept (renders the description)" "env RELKIT_CACHE_DIR= $PU --repository-url $PL $SIXP"

want forty && say "row: forty 2 MB wheels to a PyPI-like index" &&
$M run "$R" pyup40 "PyPI-like: forty 2 MB wheels (80 MB)" --runs "$SLOW" --warmup 0 \
	-c pypiup "$PU --repository-url $PL $FORTY" \
	-c "twine upload" "$TWP $FORTY" \
	-c "pypiup -j 1" "$PU -j 1 --repository-url $PL $FORTY" \
	-c "pypiup -j 16" "$PU -j 16 --repository-url $PL $FORTY"
fb=0
for f in $FORTY; do fb=$((fb + $(wc -c <"$f"))); done
note pyup40-floor "$($PYTHON -c "print('%.2f' % ($fb / $BW + $PROC + 2 * $RTT))")"
want first && . "$top/tests/bench/firstrun.sh"

want big && say "row: one 300 MB wheel under the bandwidth cap" &&
$M run "$R" pyupbig "PyPI-like: one 300 MB wheel at $((BW / 1000000)) MB/s" --runs "$SLOW" --warmup 0 \
	-c pypiup "$PU --repository-url $PL $BIG" \
	-c "twine upload" "$TWP $BIG" \
	-c "curl -F" "curl -sS --fail --netrc-file $T/pl-netrc -H Expect: -o /dev/null -F :action=file_upload -F protocol_version=1 -F metadata_version=2.1 -F name=bigpkg -F version=1.0 -F filetype=bdist_wheel -F pyversion=py3 -F content=@$BIG $PL"
index_stop

# Memory: eight 300 MB wheels at once, -j 8, on loopback without the cap.
if want mem; then
	index_start --discard || exit 2
	say "row: memory of -j 8 with eight 300 MB wheels"
	$M run "$R" pymem "eight 300 MB wheels, -j 8 (memory)" --runs 1 --warmup 0 \
		-c "pypiup -j 8" "$PU -j 8 --repository-url $INDEX_URL $EIGHT"
	index_stop
fi
rm -rf pl

if [ -n "${alone:-}" ]; then
	$M report "$R" | sed -n '/^| row/,$p'
fi
