#!/bin/sh
# relkit — MIT licence, see LICENSE.
# common/pypirc.c against Python's configparser.RawConfigParser (as twine
# reads .pypirc): crafted files and random ones, read by both.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$T" || exit 2
if [ ! -x "${RELKIT_UNIT:-}/test_pypirc" ]; then
	skip "pypirc against configparser" "no unit tests built (RELKIT_UNIT)"
	done_testing
	exit
fi
n=600
[ -n "${VALGRIND:-}" ] && n=100
mkdir files
ok "pypirc reads $n random files and the crafted ones as configparser does" \
	"$PYTHON" "$top/tests/pypirc-diff.py" "$RELKIT_UNIT/test_pypirc" files $n
ok "... and says how many it compared" sh -c \
	"'$PYTHON' '$top/tests/pypirc-diff.py' '$RELKIT_UNIT/test_pypirc' files 50 |
	grep -q '^83 files, [1-9][0-9]* read alike, 0 differ\$'"
done_testing
