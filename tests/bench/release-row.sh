#!/bin/sh
# relkit — MIT licence, see LICENSE.
# The whole-release row (issue 21): the demo's release (tests/demo: three
# packages and the server repo) by release.mk, rehearsal included, against
# the same checklist done by hand as a plain shell script (sed, python3 -m
# build per package, twine upload to the test index, a venv with pip and
# pip install, twine upload to the real index, git commit/tag/push, the
# server repo's edits and commit). Both on the same two local indexes
# (tests/indexserver.py, wiped and seeded with the demo's dependency before
# every run), each run on a fresh workspace, interleaved.
# Sourced by bench.sh (which sets T, R, M, PYTHON, RELKIT_BIN, say, note and
# has index-lib.sh loaded), or run alone: sh tests/bench/release-row.sh
# prints a markdown report.
#   RELEASE_RUNS   timed runs of each side (3), after one warm-up round
if [ -z "${R:-}" ]; then
	top=$(cd "$(dirname "$0")/../.." && pwd)
	. "$top/tests/lib.sh"
	INDEX_SERVER=$top/tests/indexserver.py
	. "$top/tests/index-lib.sh"
	R=$T/results.jsonl
	M="$PYTHON $top/tests/bench/measure.py"
	say() { echo "bench: $*" >&2; }
	note() { $M note "$R" "$1" "$2"; }
	rel_alone=1
	cd "$T" || exit 2
	note date "$(date -u '+%Y-%m-%d %H:%M UTC')"
	note build "programs from $RELKIT_BIN"
fi
RRUNS=${RELEASE_RUNS:-3}
RW=$T/relrow
mkdir -p "$RW/logs"

rel_missing=
for p in setver setconst pkgls pypiup provbump reqbump; do
	[ -x "$RELKIT_BIN/$p" ] || rel_missing="$rel_missing $p"
done
for c in twine git; do
	command -v $c >/dev/null 2>&1 || rel_missing="$rel_missing $c"
done
"$PYTHON" -c 'import build, ensurepip' 2>/dev/null || rel_missing="$rel_missing python3-build/python3-venv"
[ -f "$top/tests/demo/mkworkspace.sh" ] || rel_missing="$rel_missing tests/demo"
rel_na() {
	$M run "$R" relall "the demo's whole release, rehearsal included" \
		-c "make -f release.mk release" "n/a ($1)"
}
if [ -n "$rel_missing" ]; then
	rel_na "not available:$rel_missing"
	rel_missing=skip
fi
if [ -z "$rel_missing" ]; then
	say "release row: two indexes and a build environment"
	(
	unset MAKEFLAGS MFLAGS MAKELEVEL
	export TWINE_USERNAME=__token__ TWINE_PASSWORD=pypi-testtoken
	HOME=$RW/home GIT_CONFIG_NOSYSTEM=1 PIP_CONFIG_FILE=/dev/null
	PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
	export HOME GIT_CONFIG_NOSYSTEM PIP_CONFIG_FILE PIP_DISABLE_PIP_VERSION_CHECK PIP_NO_CACHE_DIR
	mkdir -p "$HOME"
	index_start || exit 2
	TEST_BASE=$INDEX_BASE
	index_start || exit 2
	REAL_BASE=$INDEX_BASE
	# The build Python both sides use: setuptools, wheel and build only,
	# no setuptools plug-in of the machine's (tests/demo/buildenv.py).
	"$PYTHON" "$top/tests/demo/buildenv.py" "$RW/buildenv" >"$RW/logs/buildenv.log" 2>&1 || {
		cat "$RW/logs/buildenv.log" >&2; exit 2; }
	BPY=$RW/buildenv/bin/python-build
	W=$RW/ws
	# Before every run of either side: a fresh workspace, both indexes
	# emptied, the dependency demo-helper 1.0 on the real one.
	cat >"$RW/prep.sh" <<EOF
set -e
rm -rf '$W'
sh '$top/tests/demo/mkworkspace.sh' '$W' >'$RW/logs/prep.log' 2>&1
curl -fsS --max-time 5 -o /dev/null '$TEST_BASE/_ctl?wipe=1'
curl -fsS --max-time 5 -o /dev/null '$REAL_BASE/_ctl?wipe=1'
'$RELKIT_BIN/pypiup' -q --repository-url '$REAL_BASE/legacy/' '$W/deps/demo_helper-1.0-py3-none-any.whl' >>'$RW/logs/prep.log' 2>&1
EOF
	# relkit: one make, every step, as make demo runs it.
	cat >"$RW/relkit.sh" <<EOF
n=\$(( \$(cat '$RW/n.relkit' 2>/dev/null || echo 0) + 1 )); echo \$n >'$RW/n.relkit'
cd '$W/api' && exec make --no-print-directory -f '$top/release.mk' release VERSION=0.9.0 \\
	TEST_REPO='$TEST_BASE/legacy/' REAL_REPO='$REAL_BASE/legacy/' \\
	PYTHON='$BPY' PIP='$PYTHON -m pip' RELKIT_BIN='$RELKIT_BIN' >'$RW/logs/relkit.'\$n'.log' 2>&1
EOF
	# By hand: the checklist's words as commands, each step timed into the
	# log (date +%s%N, a few ms in all).
	cat >"$RW/byhand.sh" <<EOF
set -e
n=\$(( \$(cat '$RW/n.byhand' 2>/dev/null || echo 0) + 1 )); echo \$n >'$RW/n.byhand'
exec >'$RW/logs/byhand.'\$n'.log' 2>&1
t=\$(date +%s%N)
lap() { u=\$(date +%s%N); echo "lap \$1 \$(( (u - t) / 1000 ))"; t=\$u; }
cd '$W/api'
# 1. the versions, 2. IS_PYPA_PACKAGE
sed -i 's/^__version__ = "0.8.2"/__version__ = "0.9.0"/' aloha/aloha/__init__.py
sed -i 's/^aloha_BOTS_VERSION = "0.8.2"/aloha_BOTS_VERSION = "0.9.0"/' aloha_bots/setup.py
sed -i 's/^aloha_BOTSERVER_VERSION = "0.8.2"/aloha_BOTSERVER_VERSION = "0.9.0"/' aloha_botserver/setup.py
sed -i 's/^IS_PYPA_PACKAGE = False/IS_PYPA_PACKAGE = True/' aloha_bots/setup.py
lap edits
# 3. build each package, list the archives to inspect them
for p in aloha aloha_bots aloha_botserver; do
	(cd \$p && rm -rf dist build *.egg-info && '$BPY' -m build --no-isolation)
done
for f in */dist/*.whl; do unzip -l "\$f"; done
for f in */dist/*.tar.gz; do tar -tzf "\$f"; done
lap build
# 4. TestPyPI
twine upload --non-interactive --disable-progress-bar --repository-url '$TEST_BASE/legacy/' */dist/*
lap testupload
# 5. a venv, install the three from the test index, import them
rm -rf '$RW/venv'
'$PYTHON' -m venv '$RW/venv'
'$RW/venv/bin/pip' install --index-url '$TEST_BASE/simple/' --extra-index-url '$REAL_BASE/simple/' \\
	aloha==0.9.0 aloha_bots==0.9.0 aloha_botserver==0.9.0
'$RW/venv/bin/python' -c 'import aloha, aloha_bots.bots.helloworld, aloha_botserver'
lap testinstall
# 6. PyPI
twine upload --non-interactive --disable-progress-bar --repository-url '$REAL_BASE/legacy/' */dist/*
lap upload
# 7. IS_PYPA_PACKAGE back, commit, tag, push
sed -i 's/^IS_PYPA_PACKAGE = True/IS_PYPA_PACKAGE = False/' aloha_bots/setup.py
git commit -q -a -m 'Release 0.9.0'
git tag -a -m 'Release 0.9.0' 0.9.0
git push -q --atomic origin main refs/tags/0.9.0
lap git
# the server repo: PROVISION_VERSION, the pins, the lock, a commit
cd ../server
git checkout -q -b release-0.9.0
sed -i 's/^PROVISION_VERSION = "173.3"/PROVISION_VERSION = "173.4"/' version.py
sed -i 's/@0\.8\.2#/@0.9.0#/; s/==0\.8\.2&/==0.9.0\&/' requirements/common.in
tools/update-locked-requirements
git commit -q -a -m 'requirements: Upgrade aloha aloha_bots to 0.9.0.'
lap server
EOF
	# A side whose run exits non-zero is reported failed (the script runs
	# under set -e); what the last run (by hand) left is noted below.
	$M run "$R" relall "the demo's whole release, rehearsal included" \
		--runs "$RRUNS" --rss 0 --timeout 600 \
		-p "make -f release.mk release" "sh $RW/prep.sh" \
		-p "by hand (sh: build, twine, venv, pip, git)" "sh $RW/prep.sh" \
		-c "make -f release.mk release" "sh $RW/relkit.sh" \
		-c "by hand (sh: build, twine, venv, pip, git)" "sh $RW/byhand.sh"
	got=$(for p in aloha aloha-bots aloha-botserver; do
		curl -fsS --max-time 5 "$REAL_BASE/simple/$p/"; done | grep -o '[a-z_]*-0\.9\.0[-.][a-z0-9.-]*' | sort -u | wc -l)
	note relall-check "the last run left $got archives of 0.9.0 on the real index (6 wanted), tag $(git -C "$W/remotes/api.git" tag -l 0.9.0 | grep -q . && echo pushed || echo MISSING)"
	# The per-step wall times each side printed, median over the timed runs
	# (the first run of each is the warm-up).
	note "table:relsteps" "$($M relsteps "$RW/logs")"
	) || { say "release row failed"; rel_na "failed: $(tail -2 "$RW/logs/"*.log 2>/dev/null | tr '\n' ' ' | cut -c1-200)"; }
fi

if [ -n "${rel_alone:-}" ]; then
	$M report "$R"
fi
