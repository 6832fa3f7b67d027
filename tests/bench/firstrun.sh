#!/bin/sh
# relkit — MIT licence, see LICENSE.
# The first-run row (issue 24): forty 2 MB wheels of one release, of a
# project the index already holds, uploaded as a user first uploads them:
# a plain `pypiup dist/*` in the project's directory, the index from
# TWINE_REPOSITORY_URL, an empty cache (so the description is rendered and
# nothing is kept from a check before), no -n first. Beside it twine and
# the same upload with the cache pypiup -n leaves; the link's floor is
# the forty wheels' (pyup40-floor, noted by pypilike.sh).
# Sourced by pypilike.sh with its PyPI-like index running (PL, PU, M, R,
# PYTHON, FORTY, PROC, BW, RTT, SLOW set), or run alone:
# sh tests/bench/firstrun.sh prints a markdown report.
#   FIRST_RUNS   timed runs of each command (PYPI_RUNS - 1, at least 2)
if [ -z "${PL:-}" ]; then
	PYPI_ROWS=first
	export PYPI_ROWS
	. "$(cd "$(dirname "$0")" && pwd)/pypilike.sh"
	exit $?
fi
FRUNS=${FIRST_RUNS:-$SLOW}
mkdir -p "$T/fr/dist"
for f in $FORTY; do ln "$f" "$T/fr/dist/"; done
# PREP empties the cache before every run of the first-run command
FRC=$T/fr-cache
say "row: a first run, forty 2 MB wheels to a PyPI-like index"
(
	cd "$T/fr" || exit 2
	export TWINE_REPOSITORY_URL="$PL"
	RELKIT_CACHE_DIR=$T/fr-kept
	export RELKIT_CACHE_DIR
	$PU -n dist/* >/dev/null || exit 2
	$M run "$R" pyup40first "PyPI-like, a first run: pypiup dist/* with an empty cache, forty 2 MB wheels" \
		--runs "$FRUNS" --warmup 0 \
		-p "pypiup dist/*, empty cache" "rm -rf $FRC" \
		-c "pypiup dist/*, empty cache" "env RELKIT_CACHE_DIR=$FRC $PU dist/*" \
		-c "twine upload" "twine upload --non-interactive --disable-progress-bar dist/*" \
		-c "pypiup dist/*, after pypiup -n" "$PU dist/*"
)
rm -rf "$T/fr" "$FRC" "$T/fr-kept"
