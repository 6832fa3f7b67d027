#!/bin/sh
# relkit — MIT licence, see LICENSE.
# setver -g, setconst -g and their edits against Python's ast, reqbump's
# rewritten pins against packaging and tomllib (tests/scanjudge.py).
. "$(dirname "$0")/lib.sh"
if ! "$PYTHON" -c 'import ast, tomllib, packaging.requirements' 2>/dev/null; then
	skip "the Python judges" "no python3.11 with tomllib and packaging"
	done_testing
	exit
fi
"$PYTHON" "$(dirname "$0")/scanjudge.py" "$RELKIT_BIN" "$T"
