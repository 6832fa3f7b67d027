# relkit — MIT licence, see LICENSE.
# Sourced by tests/*.t: a scratch directory and TAP helpers.
#   check DESC STATUS STDOUT STDERR-ERE CMD [ARG...]
#       runs CMD (stdin from $STDIN, else /dev/null) and checks its exit
#       status, its stdout (exact, as $(...) sees it) and that stderr
#       matches the extended regex ('' = must be empty).
#   same DESC FILE1 FILE2      byte-for-byte equal files
#   ok DESC CMD [ARG...]       passes when CMD succeeds
#   skip DESC REASON
set -u
: "${RELKIT_BIN:?}"
PATH=$RELKIT_BIN:$PATH
PYTHON=${PYTHON:-/usr/bin/python3}
export PATH PYTHON
T=$(mktemp -d "${TMPDIR:-/tmp}/relkit-test.XXXXXX") || exit 2
# verdicts kept between runs (a description's rendering) stay in the test
RELKIT_CACHE_DIR=$T/cache
export RELKIT_CACHE_DIR
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
_n=0
_fail=0
# TMUL: a bound on time (timeout N) is TMUL times N under valgrind or the
# sanitizers, where a program runs many times slower.
if [ "${VALGRIND:-}" = 1 ] || [ "${SAN:-}" = 1 ]; then TMUL=20; else TMUL=1; fi
# RELBOUND: the bound on one release.mk run in a test (a whole release
# under valgrind takes minutes: every program run pays valgrind's start-up)
RELBOUND=$((TMUL > 1 ? 1500 : 600))

_result() { # 0|1 desc [diagnostics...]
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_fail=$((_fail + 1))
		shift 2
		for l in "$@"; do printf '%s\n' "$l" | sed 's/^/#   /'; done
	fi
}

check() {
	_d=$1 _s=$2 _o=$3 _e=$4
	shift 4
	"$@" <"${STDIN:-/dev/null}" >"$T/.out" 2>"$T/.err"
	_rc=$?
	_out=$(cat "$T/.out")
	_err=$(cat "$T/.err")
	_why=
	[ "$_rc" = "$_s" ] || _why="exit status $_rc, wanted $_s"
	[ "$_out" = "$_o" ] || _why="$_why${_why:+; }stdout differs"
	if [ -z "$_e" ]; then
		[ -z "$_err" ] || _why="$_why${_why:+; }stderr not empty"
	else
		printf '%s\n' "$_err" | grep -Eq -- "$_e" ||
			_why="$_why${_why:+; }stderr does not match /$_e/"
	fi
	if [ -z "$_why" ]; then
		_result 0 "$_d"
	else
		_result 1 "$_d" "$_why" "command: $*" "stdout: $_out" \
			"wanted: $_o" "stderr: $_err"
	fi
}

# is DESC WANT GOT: a release test's comparison; on a difference the tail
# of the run's output ($T/out, $T/err) with it
is() {
	if [ "$2" = "$3" ]; then _result 0 "$1"; else
		_result 1 "$1" "wanted: $2" "got:    $3" "stdout: $(tail -5 "$T/out")" \
			"stderr: $(tail -8 "$T/err")"; fi
}

same() {
	if cmp -s "$2" "$3"; then
		_result 0 "$1"
	else
		_result 1 "$1" "$2 and $3 differ:" "$(diff "$2" "$3" | head -20)"
	fi
}

ok() {
	_d=$1
	shift
	if "$@" >"$T/.out" 2>&1; then
		_result 0 "$_d"
	else
		_result 1 "$_d" "command failed: $*" "$(head -20 "$T/.out")"
	fi
}

skip() {
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}

done_testing() {
	echo "1..$_n"
	[ "$_fail" -eq 0 ]
}

# release_env NAME [PROG...]: what a release.mk test starts with: skip the
# test NAME unless the relkit programs (setver setconst pkgls pypiup
# provbump reqbump, and PROG...), Python's build, setuptools, wheel and
# ensurepip, and git are there; then no real ~/.pypirc or pip.conf, a git
# identity of our own, no system git config, and no CI's variables.
release_env() {
	_name=$1
	shift
	_missing=
	for _p in setver setconst pkgls pypiup provbump reqbump "$@"; do
		[ -x "$RELKIT_BIN/$_p" ] || _missing="$_missing $_p"
	done
	"$PYTHON" -c 'import build, setuptools, wheel, ensurepip' 2>/dev/null ||
		_missing="$_missing python3-build/python3-venv"
	command -v git >/dev/null || _missing="$_missing git"
	if [ -n "$_missing" ]; then
		skip "$_name" "not available:$_missing"
		done_testing
		exit
	fi
	# the CI running the tests is not the release's: release.mk would
	# take its bot's git identity (tests/release-ci.t sets its own CI)
	unset CI GITHUB_ACTIONS GITLAB_CI GITLAB_USER_NAME GITLAB_USER_EMAIL \
		ACTIONS_ID_TOKEN_REQUEST_URL ACTIONS_ID_TOKEN_REQUEST_TOKEN
	HOME=$T/home GIT_CONFIG_NOSYSTEM=1 PIP_CONFIG_FILE=/dev/null
	export HOME GIT_CONFIG_NOSYSTEM PIP_CONFIG_FILE
	mkdir -p "$HOME"
	GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@example.invalid
	GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=tester@example.invalid
	export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
}

# build_env: BPY, the Python of a build environment of the tests' own
# (tests/demo/buildenv.py: setuptools, wheel and build, no setuptools
# plug-in of the machine's, as setuptools-scm's file finder, which puts
# every git-tracked file into every sdist), and SYSPIP, the system's pip
# (the environment has none), for release.mk's PYTHON and PIP. Made once
# per run of tests/run and shared ($RELKIT_TEST_SHARE), else once per test;
# under a lock, marked done last: a test that starts while another makes
# it waits, and a half-made one is made again.
build_env() {
	_share=${RELKIT_TEST_SHARE:-$T}
	mkdir -p "$_share" || exit 2
	flock "$_share/.buildenv.lock" sh -c '
		[ -f "$1/buildenv/.done" ] && exit 0
		rm -rf "$1/buildenv" && "$2" "$3/demo/buildenv.py" "$1/buildenv" &&
			: >"$1/buildenv/.done"' sh "$_share" "$PYTHON" "$(cd "$(dirname "$0")" && pwd)" || exit 2
	BPY=$_share/buildenv/bin/python-build
	SYSPIP="$PYTHON -m pip"
}
