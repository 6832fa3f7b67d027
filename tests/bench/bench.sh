#!/bin/sh
# relkit — MIT licence, see LICENSE.
# make bench: relkit's programs against the tools people use today, side by
# side, interleaved, on generated inputs in a temporary directory (removed
# at the end). Prints a markdown report on stdout; progress on stderr.
#   RELKIT_BIN   the optimised programs (make bench builds build/bench/bin)
#   BENCH_SCALE  shrink the big inputs (1 = 300 MB and 20,000 files)
#   BENCH_RUNS   runs of the slow rows (the fast rows run 3 times as often)
#   BENCH_OUT    also write the report to this file
#   RELEASE_RUNS runs of the whole-release row (tests/bench/release-row.sh)
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib.sh"
if [ -f "$top/tests/indexserver.py" ]; then
	INDEX_SERVER=$top/tests/indexserver.py
	. "$top/tests/index-lib.sh"
fi
SCALE=${BENCH_SCALE:-1}
RUNS=${BENCH_RUNS:-11}
QUICK=$((RUNS * 3))
R=$T/results.jsonl
M="$PYTHON $top/tests/bench/measure.py"
say() { echo "bench: $*" >&2; }
note() { $M note "$R" "$1" "$2"; }
# The command line to run relkit's PROG, or why it cannot be run.
rk() { # PROG ARGS...
	if [ -x "$RELKIT_BIN/$1" ]; then
		_p=$1
		shift
		echo "$RELKIT_BIN/$_p $*"
	else
		echo "n/a (not built)"
	fi
}
cd "$T" || exit 2
note date "$(date -u '+%Y-%m-%d %H:%M UTC')"
note scale "BENCH_SCALE=$SCALE, $RUNS runs of the slow rows and $QUICK of the fast ones, one warm-up round each"
note build "${BENCH_BUILD:-programs from $RELKIT_BIN}"
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# Inputs.
say "generating the big wheel and sdist (scale $SCALE)"
mkdir big tampered projects versions dists
$PYTHON "$top/tests/bench/gen.py" big big "$SCALE" || exit 2
$PYTHON "$top/tests/bench/gen.py" tampered tampered || exit 2
WHL=$(echo "$T"/big/*.whl)
SDIST=$(echo "$T"/big/*.tar.gz)
note inputs "wheel $(($(wc -c <"$WHL") / 1000000)) MB, $(unzip -Z1 "$WHL" | wc -l) members; sdist $(($(wc -c <"$SDIST") / 1000000)) MB"
# The six small dists and the three version files: the demo's three
# packages if the release branch's workspace builder is there, else three
# packages of the same shape.
say "building the six small dists"
api=$T/ws/api
if [ -f "$top/tests/demo/mkworkspace.sh" ] &&
	sh "$top/tests/demo/mkworkspace.sh" "$T/ws" >"$T/ws.log" 2>&1 &&
	[ -d "$api/aloha_botserver" ]; then
	pkgs="$api/aloha $api/aloha_bots $api/aloha_botserver"
	mkdir versions/aloha versions/aloha_bots versions/aloha_botserver
	cp "$api/aloha/aloha/__init__.py" versions/aloha/
	cp "$api/aloha_bots/setup.py" versions/aloha_bots/
	cp "$api/aloha_botserver/setup.py" versions/aloha_botserver/
	note inputs6 "the demo's three packages (tests/demo/mkworkspace.sh)"
else
	$PYTHON "$top/tests/bench/gen.py" projects projects || exit 2
	$PYTHON "$top/tests/bench/gen.py" versions versions || exit 2
	pkgs="projects/aloha projects/aloha_bots projects/aloha_botserver"
	note inputs6 "three packages shaped like the demo's (tests/bench/gen.py)"
fi
for p in $pkgs; do
	$PYTHON -m build --no-isolation -o "$T/dists" "$p" >"$T/build.log" 2>&1 || {
		say "building $p failed:"; cat "$T/build.log" >&2; exit 2; }
done
SIX=$(echo "$T"/dists/*)
[ "$(echo $SIX | wc -w)" -eq 6 ] || { say "wanted six dists, got: $SIX"; exit 2; }

# Uploads go to the test index's discard mode; credentials only in the
# environment (twine, pypiup) or a netrc file (curl), never in argv.
export TWINE_USERNAME=__token__ TWINE_PASSWORD=pypi-testtoken
UP=
if command -v index_start >/dev/null 2>&1 && index_start --discard; then
	UP=$INDEX_URL
	umask 077
	printf 'machine 127.0.0.1 login %s password %s\n' \
		"$TWINE_USERNAME" "$TWINE_PASSWORD" >"$T/netrc"
	umask 022
fi
# One curl process, one POST per file (curl's --next), the form fields a
# server needs; no digests computed: a floor, not a client.
curl_six() {
	_c="curl -sS --fail"
	_first=1
	for f in $SIX; do
		b=${f##*/}
		case $b in
		*.whl) ft=bdist_wheel py=py3 nv=${b%%-py*}; n=${nv%-*}; v=${nv##*-};;
		*) ft=sdist py=source nv=${b%.tar.gz}; n=${nv%-*}; v=${nv##*-};;
		esac
		[ $_first = 1 ] || _c="$_c --next"
		_first=0
		_c="$_c --netrc-file $T/netrc -H Expect: -o /dev/null -F :action=file_upload -F protocol_version=1 -F metadata_version=2.1 -F name=$n -F version=$v -F filetype=$ft -F pyversion=$py -F content=@$f $UP"
	done
	echo "$_c"
}
TW="twine upload --non-interactive --disable-progress-bar"
if [ -n "$UP" ]; then
	say "row: upload six small dists"
	$M run "$R" up6 "upload six small dists" --runs "$QUICK" \
		-c pypiup "$(rk pypiup --repository-url "$UP" $SIX)" \
		-c "twine upload" "$TW --repository-url $UP $SIX" \
		-c "curl, one process (floor)" "$(curl_six)"
	say "row: upload the big wheel"
	$M run "$R" upbig "upload the big wheel" --runs "$RUNS" \
		-c pypiup "$(rk pypiup --repository-url "$UP" "$WHL")" \
		-c "twine upload" "$TW --repository-url $UP $WHL" \
		-c "curl -F (floor)" "curl -sS --fail --netrc-file $T/netrc -H Expect: -o /dev/null -F :action=file_upload -F protocol_version=1 -F metadata_version=2.1 -F name=bigpkg -F version=1.0.0 -F filetype=bdist_wheel -F pyversion=py3 -F content=@$WHL $UP"
else
	say "no index server with a discard mode: upload rows not measured"
	$M run "$R" up6 "upload six small dists" -c pypiup "n/a (no test index server)"
	$M run "$R" upbig "upload the big wheel" -c pypiup "n/a (no test index server)"
fi

# Against an index that behaves like PyPI over a real link (issue 17).
if [ -n "$UP" ]; then
	. "$top/tests/bench/pypilike.sh"
fi

say "row: start-up"
$M run "$R" startV "start-up: version" --runs "$QUICK" \
	-c "pypiup -V" "$(rk pypiup -V)" \
	-c "twine --version" "twine --version"
# Debian's twine 4 fails the demo's wheels (empty description) with exit 1,
# after checking all six.
$M run "$R" start6 "start-up: check the six dists" --runs "$QUICK" \
	-a "twine check" 1 \
	-c "pypiup -n" "$(rk pypiup -n $SIX)" \
	-c "twine check" "twine check $SIX"

say "row: check the big wheel"
$M run "$R" check "check the big wheel" --runs "$RUNS" \
	-c "pkgls -c" "$(rk pkgls -c "$WHL")" \
	-c "twine check" "twine check $WHL"
if [ -x "$RELKIT_BIN/pkgls" ]; then
	"$RELKIT_BIN/pkgls" -c "$T"/tampered/small/*.whl >/dev/null 2>&1
	rc1=$?
	"$RELKIT_BIN/pkgls" -c "$T"/tampered/big/*.whl >/dev/null 2>&1
	rc2=$?
	if [ $rc1 -ne 0 ] && [ $rc2 -ne 0 ]; then
		note check-tampered "yes (exit $rc1 and $rc2 on wheels with one wrong RECORD hash, of a small member and of a 3 MB one)"
	else
		note check-tampered "**no** (exit $rc1 and $rc2 on wheels with one wrong RECORD hash, of a small member and of a 3 MB one)"
	fi
fi

say "row: list the big wheel"
$M run "$R" lswhl "list the big wheel" --runs "$QUICK" \
	-c pkgls "$(rk pkgls "$WHL")" \
	-c "unzip -l" "unzip -l $WHL" \
	-c "bsdtar -tf" "bsdtar -tf $WHL" \
	-c "python3 -m zipfile -l" "$PYTHON -m zipfile -l $WHL"

say "row: list the big sdist"
$M run "$R" lssdist "list the big sdist" --runs "$RUNS" \
	-c pkgls "$(rk pkgls "$SDIST")" \
	-c "bsdtar -tf" "bsdtar -tf $SDIST" \
	-c "tar -tzf" "tar -tzf $SDIST"

say "row: list a zip64 wheel of 70,000 members"
$PYTHON "$top/tests/mkhostile.py" --many 70000 z64 >/dev/null || exit 2
Z64=$T/z64/many-1.0-py3-none-any.whl
$M run "$R" lsz64 "list a zip64 wheel of 70,000 members" --runs "$QUICK" \
	-c pkgls "$(rk pkgls "$Z64")" \
	-c "unzip -l" "unzip -l $Z64"

say "row: both digests of the big wheel"
$M run "$R" digest "sha256 + BLAKE2b-256 of the big wheel" --runs "$RUNS" \
	-c "pypiup -n" "$(rk pypiup -n "$WHL")" \
	-c "openssl dgst -sha256" "openssl dgst -sha256 $WHL" \
	-c "b2sum -l 256" "b2sum -l 256 $WHL" \
	-c "both at once (openssl & b2sum)" "openssl dgst -sha256 $WHL & b2sum -l 256 $WHL & wait"
if [ -x "$RELKIT_BIN/pypiup" ] && command -v strace >/dev/null 2>&1; then
	strace -f -y -s 0 -o "$T/strace.out" -e trace=read,pread64,readv,preadv,preadv2,mmap,clone,clone3 \
		"$RELKIT_BIN/pypiup" -n "$WHL" >/dev/null 2>&1
	note digest-reads "$($M readbytes "$T/strace.out" "$WHL")"
	note digest-threads "$($M threads "$T/strace.out")"
fi

say "row: set a version in three files"
V="aloha/__init__.py aloha_bots/setup.py aloha_botserver/setup.py"
for d in setver bump sed; do cp -R versions "v-$d"; done
$M run "$R" setver "set a version in three files" --runs "$QUICK" \
	-p "setver -i" "cp -R $T/versions/. $T/v-setver/" \
	-p bumpversion "cp -R $T/versions/. $T/v-bump/" \
	-p "sed -i (floor)" "cp -R $T/versions/. $T/v-sed/" \
	-c "setver -i" "$(rk setver -i 0.9.0 $(for f in $V; do printf '%s ' "$T/v-setver/$f"; done))" \
	-c bumpversion "bumpversion --current-version 0.8.2 --new-version 0.9.0 --no-configured-files --allow-dirty --no-commit --no-tag patch $(for f in $V; do printf '%s ' "$T/v-bump/$f"; done)" \
	-c "sed -i (floor)" "sed -i 's/\"0\\.8\\.2\"/\"0.9.0\"/' $(for f in $V; do printf '%s ' "$T/v-sed/$f"; done)"
# How many fsyncs each makes: setver's atomic replace is durable, the
# others are not, and on a busy disk that is most of setver's time.
if [ -x "$RELKIT_BIN/setver" ] && command -v strace >/dev/null 2>&1; then
	fs=
	for d in setver bump sed; do cp -R versions/. "v-$d/"; done
	for c in "$(rk setver -i 0.9.0 $(for f in $V; do printf '%s ' "$T/v-setver/$f"; done))" \
		"bumpversion --current-version 0.8.2 --new-version 0.9.0 --no-configured-files --allow-dirty --no-commit --no-tag patch $(for f in $V; do printf '%s ' "$T/v-bump/$f"; done)" \
		"sed -i s/0.8.2/0.9.0/ $(for f in $V; do printf '%s ' "$T/v-sed/$f"; done)"; do
		strace -f -o "$T/fsync.out" -e trace=fsync,fdatasync,sync_file_range $c >/dev/null 2>&1
		b=${c%% *}
		fs="$fs${fs:+, }${b##*/} $(grep -c 'sync' "$T/fsync.out")"
	done
	note setver-fsync "$fs"
fi
if [ -x "$RELKIT_BIN/setver" ]; then
	if diff -r v-setver v-bump >/dev/null && ! diff -r versions v-setver >/dev/null; then
		note setver-same "yes (the three files are byte for byte equal)"
	else
		note setver-same "**no**: $(diff -r v-setver v-bump | head -3 | tr '\n' ' ')"
	fi
fi

# The editors on inputs that once took the square of their size (issue 25):
# each row should scale linearly; the peers are Python's own readers.
say "rows: the editors on hostile sizes"
$PYTHON -c "import sys; sys.stdout.write('a=1;' * 100000 + '\n__version__ = \"1.0\"\n')" >semi.py
$PYTHON -c "import sys; sys.stdout.write('__version__ = \"1.0\"\n' * 80000)" >ver80k.py
$PYTHON -c "import sys; t = 'a = ' + '{b=' * 90 + '1' + '}' * 90; sys.stdout.write('[project]\nversion = \"1.0\"\n[tool.x]\n' + ''.join('k%d = {%s}\n' % (i, t) for i in range(200)))" >nest.toml
$PYTHON -c "import sys; sys.stdout.write('aloha==0.8.2\n' * int(4000000 * float(sys.argv[1])))" "$SCALE" >pins.in
note editors-inputs "one line of $(wc -c <semi.py) bytes of a=1;, 80,000 __version__ lines, $(wc -c <nest.toml) bytes of inline tables nested 90 deep, $(($(wc -c <pins.in) / 1000000)) MB of pins"
$M run "$R" edsemi "setver -g: one 400 KB line of a=1;" --runs "$RUNS" \
	-c "setver -g" "$(rk setver -g "$T/semi.py")" \
	-c "python3 ast.parse" "$PYTHON -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' $T/semi.py"
$M run "$R" edver "setver -g: 80,000 __version__ lines (exit 1, ambiguous)" --runs "$RUNS" \
	-a "setver -g" 1 \
	-c "setver -g" "$(rk setver -g "$T/ver80k.py")" \
	-c "python3 ast.parse" "$PYTHON -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' $T/ver80k.py"
$M run "$R" ednest "setver -g: inline tables nested 90 deep" --runs "$RUNS" \
	-c "setver -g" "$(rk setver -g "$T/nest.toml")" \
	-c "python3 tomllib" "$PYTHON -c 'import tomllib,sys; tomllib.load(open(sys.argv[1], \"rb\"))' $T/nest.toml"
$M run "$R" edpins "reqbump: $(($(wc -c <pins.in) / 1000000)) MB of pins" --runs "$RUNS" \
	-c reqbump "$(rk reqbump -p aloha 0.9.0 "$T/pins.in")" \
	-c "sed (floor)" "sed s/==0.8.2/==0.9.0/ $T/pins.in"

# release.mk's own overhead: the demo release (tests/demo/demo.sh's set-up),
# one make invocation per step so that each is timed; a first run builds
# the archives with python3 -m build, the timed runs copy them (BUILD).
release_run() { # N BUILD
	_w=$T/rel/$1
	sh "$top/tests/demo/mkworkspace.sh" "$_w/workspace" >"$T/rel.log" 2>&1 || return 2
	mkdir -p "$_w/index/test" "$_w/index/real"
	"$RELKIT_BIN/pypiup" --repository-url "file://$_w/index/real" \
		"$_w/workspace/deps/demo_helper-1.0-py3-none-any.whl" >>"$T/rel.log" 2>&1 || return 2
	for _s in $STEPS noop; do
		_t0=$(date +%s%N)
		(cd "$_w/workspace/api" && make --no-print-directory -f "$top/release.mk" \
			"$([ $_s = noop ] && echo release || echo $_s)" VERSION=0.9.0 \
			TEST_REPO="file://$_w/index/test" REAL_REPO="file://$_w/index/real" \
			PYTHON="$PYTHON" RELKIT_BIN="$RELKIT_BIN" BUILD="$2") >>"$T/rel.log" 2>&1 || return 2
		echo "$_s $(( ($(date +%s%N) - _t0) / 1000 ))" >>"$T/steps"
	done
}
missing=
for p in setver setconst pkgls pypiup provbump reqbump; do
	[ -x "$RELKIT_BIN/$p" ] || missing="$missing $p"
done
if [ -n "$missing" ] || [ ! -f "$top/tests/demo/mkworkspace.sh" ]; then
	note "table:release" "release.mk: n/a (not built:${missing:- tests/demo})"
else
	say "row: release.mk steps"
	(
	unset MAKEFLAGS MFLAGS MAKELEVEL
	STEPS=$(cd "$top" && make --no-print-directory -f release.mk help VERSION=0.9.0 \
		RELEASE_CONF=tests/demo/release.conf | sed -n 's/^steps: //p')
	release_run 0 "$PYTHON -m build --no-isolation" || exit 2
	for p in aloha aloha_bots aloha_botserver; do
		mkdir -p "$T/prebuilt/$p"
		cp "$T/rel/0/workspace/api/$p/dist/"* "$T/prebuilt/$p/"
	done
	printf 'mkdir -p dist && cp %s/prebuilt/"${PWD##*/}"/* dist/\n' "$T" >"$T/prebuilt.sh"
	mv "$T/steps" "$T/steps.built"
	for n in $(seq "$RUNS"); do
		release_run "$n" "sh $T/prebuilt.sh" || exit 2
		rm -rf "$T/rel/$n"
	done
	) || { say "the demo release failed:"; tail -20 "$T/rel.log" >&2; }
	if [ -f "$T/steps" ]; then
		note "table:release" "$($M steps "$T/steps" "$T/steps.built")"
	else
		note "table:release" "release.mk: failed: $(tail -3 "$T/rel.log" | tr '\n' ' ')"
	fi
fi

# The whole release against the checklist by hand (issue 21).
if command -v index_start >/dev/null 2>&1; then
	. "$top/tests/bench/release-row.sh"
fi

note load "1, 5, 15-minute load averages $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work on the machine slows both sides; interleaving spreads it evenly)"
$M report "$R" >"$T/report.md" || exit 2
[ -z "${BENCH_OUT:-}" ] || cp "$T/report.md" "$BENCH_OUT"
cat "$T/report.md"
