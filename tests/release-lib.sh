# relkit — MIT licence, see LICENSE.
# Sourced by the release.mk end-to-end tests (release.t and the
# release-*.t split from it, so that they run at once) after lib.sh and
# index-lib.sh:
#   release_setup NAME SERVERS  release_env NAME (lib.sh), the build
#       environment, the helpers below and SERVERS (0, 1 or 2) loopback
#       index servers: TS_URL TS_DIR TS_BASE (the test index), RS_URL
#       RS_DIR RS_BASE (the real one); TWINE_USERNAME=alice
#       TWINE_PASSWORD=s3cret; V=0.9.0.
#   rel DIR ARG...      release.mk in DIR; output in $T/out, $T/err, status
#                       in $rc (RELUNSET=1: without the TWINE_* credentials)
#   is DESC WANT GOT    passes when GOT is WANT
#   stamps DIR          the steps done, in one line
#   files_in ROOT       a file:// index's archives, in one line
#   up_count DIR        the uploads a server stored
#   commits DIR, prov FILE, ctl BASE KEY=VALUE...
# The build environment (build_env in lib.sh) and the build cache
# (tests/buildcache.sh) are made once per run of tests/run and shared by
# the tests it runs ($RELKIT_TEST_SHARE), else once per test: the same
# sources are built once whichever test releases them first.
top=$(cd "$(dirname "$0")/.." && pwd)
unset MAKEFLAGS MFLAGS MAKELEVEL TWINE_USERNAME TWINE_PASSWORD TWINE_REPOSITORY \
	TWINE_REPOSITORY_URL DRY_RUN VERSION 2>/dev/null || true
# the machine's own keyring command (python3-keyring) must not decide the
# credential guard's cases
export KEYRING=relkit-no-keyring
RELUNSET=

release_setup() { # NAME SERVERS
	release_env "$1"
	V=0.9.0
	# the packages build in an environment of their own (lib.sh); the
	# venvs release.mk makes without ensurepip are filled by the system's
	# pip (--python)
	build_env
	_share=${RELKIT_TEST_SHARE:-$T}
	# Cases that release the same sources share their builds (a tree that
	# differs in a byte is built: tests/buildcache.sh).
	BUILDC="sh $top/tests/buildcache.sh $_share/buildcache $BPY"
	if [ "$2" -ge 1 ]; then
		index_start || { _result 1 "index server starts"; done_testing; exit 1; }
		TS_URL=$INDEX_URL TS_DIR=$INDEX_DIR TS_BASE=$INDEX_BASE
	fi
	if [ "$2" -ge 2 ]; then
		index_start || { _result 1 "second index server starts"; done_testing; exit 1; }
		RS_URL=$INDEX_URL RS_DIR=$INDEX_DIR RS_BASE=$INDEX_BASE
	fi
	export TWINE_USERNAME=alice TWINE_PASSWORD=s3cret
	# pypiup retries a 5xx with a backoff; keep the injected failures quick.
	export RELKIT_BACKOFF_MS=10
}

rel() { # DIR ARG...: release.mk in DIR; output in $T/out, $T/err; status in $rc
	_d=$1
	shift
	# RELUNSET=1: without the TWINE_* credentials (an empty one is a value).
	# Bounded: 300 s, five times that under valgrind or the sanitizers
	# (a full release runs the programs a hundred times).
	timeout -k 10 "$RELBOUND" env ${RELUNSET:+-u TWINE_USERNAME -u TWINE_PASSWORD} \
		make --no-print-directory -C "$_d" -f "$top/release.mk" \
		PYTHON="$BPY" BUILD="$BUILDC" \
		PIP="$SYSPIP" \
		"$@" >"$T/out" 2>"$T/err"
	rc=$?
}
stamps() { # DIR: the stamps done, in one line
	ls "$1/.release/$V" 2>/dev/null | grep -Ev '^(prev|started|venv|wheelhouse)' |
		sort | tr '\n' ' ' | sed 's/ $//'
}
files_in() { # file index root: its archives, one line
	find "$1/simple" -type f ! -name index.html ! -name '.*' -printf '%f\n' 2>/dev/null |
		sort | tr '\n' ' ' | sed 's/ $//'
}
up_count() { cat "$1/uploads" 2>/dev/null || echo 0; }
commits() { git -C "$1" rev-list --count HEAD; }
prov() { sed -n 's/^PROVISION_VERSION = //p' "$1"; }
ctl() { # BASE KEY=VALUE...
	_b=$1
	shift
	INDEX_BASE=$_b index_ctl "$@"
}
