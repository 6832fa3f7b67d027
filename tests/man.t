#!/bin/sh
# relkit — MIT licence, see LICENSE.
# Every program has a man page that lints clean, has the required
# sections, and whose SYNOPSIS is what the program's -h prints.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v mandoc >/dev/null; then
	skip "man pages" "mandoc is not installed"
	done_testing
	exit
fi
for c in "$top"/cmd/*.c; do
	p=${c##*/}; p=${p%.c}
	m=$top/man/$p.1
	ok "$p has a man page" test -f "$m"
	[ -f "$m" ] || continue
	check "$p.1 lints clean" 0 "" "" mandoc -T lint -W warning "$m"
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES "SEE ALSO"; do
		ok "$p.1 has $s" grep -q "^\.Sh $s\$" "$m"
	done
	# -h text and the rendered SYNOPSIS, spacing folded.
	"$p" -h | sed 's/^usage: //; s/^ *//' | tr -s ' \n' '  ' |
		sed 's/ \.\.\./.../g; s/ *$//' > "$T/usage"
	MANWIDTH=1000 mandoc -T ascii "$m" | sed "s/.$(printf "\\b")//g" |
		awk '/^SYNOPSIS/ {on=1; next} /^[A-Z]/ {on=0} on' |
		sed 's/^ *//' | tr -s ' \n' '  ' |
		sed 's/ \.\.\./.../g; s/^ *//; s/ *$//' > "$T/synopsis"
	same "$p -h equals the SYNOPSIS of $p.1" "$T/usage" "$T/synopsis"
done
for m in "$top"/man/*.7; do
	[ -f "$m" ] || continue
	check "${m##*/} lints clean" 0 "" "" mandoc -T lint -W warning "$m"
done
done_testing
