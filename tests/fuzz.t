#!/bin/sh
# relkit — MIT licence, see LICENSE.
# The fuzz harnesses of tests/fuzz/, built as replayers: every seed and every
# input a fuzzer once broke runs through them (under ASan+UBSan with SAN=1,
# under valgrind with check-valgrind); then the program-level regressions.
. "$(dirname "$0")/lib.sh"
dir=$(cd "$(dirname "$0")" && pwd)
R=${RELKIT_UNIT:+$RELKIT_UNIT/../fuzzreplay}

sh "$dir/fuzz/seeds.sh" "$T/in" >/dev/null 2>&1
sh "$dir/fuzz/regress.sh" "$T/in"
if [ -n "$R" ] && [ -d "$R" ]; then
	for h in "$R"/fuzz_*; do
		name=${h##*/}
		case $name in *.d) continue;; esac
		[ -d "$T/in/$name" ] || mkdir -p "$T/in/$name"
		ok "$name: seeds and regressions replay cleanly" \
			"$h" "$T/in/$name"
	done
	ok "every harness has seeds" sh -c '
		for h in "$1"/fuzz_*; do
			case $h in *.d) continue;; esac
			[ -n "$(ls "$2/${h##*/}")" ] || { echo "${h##*/}: no seeds"; exit 1; }
		done' sh "$R" "$T/in"
else
	skip "replay the fuzz inputs" "no replayers (RELKIT_UNIT unset)"
fi

cd "$T" || exit 2
# fuzz_pyscan: line numbers after a backslash + lone CR were one too high.
# A lone CR is a line end, as Python reads it: X = 1 - 1 on lines 2-3.
printf '__version__ = "0.1"\nX = 1 \\\r- 1\nX = 2\n' > cr.py
check "backslash + lone CR continues the line: lines named right" 0 "2" \
	"cr\.py:4: X: the literal is the candidate; line 2 binds it to an expression$" \
	setconst -g -v X cr.py
# fuzz_pyscan: backslash-CRLF continues a string in a CRLF file.
printf 'X = "a\\\r\nb"\r\n__version__ = "0.1"\r\n' > crlf.py
check "backslash-CRLF inside a string continues it" 0 "0.1" "" setver -g crlf.py
printf 'X = "a\\\r\nb"\r\n__version__ = "0.2"\r\n' > want
setver -i 0.2 crlf.py
same "... and the file is edited byte for byte" want crlf.py

# fuzz_dist: an empty RECORD passed NULL to qsort and bsearch (UBSan, SAN=1).
if command -v pkgls >/dev/null; then
	cp "$T/in/fuzz_dist/empty-record" aloha_bots-0.9.1-py3-none-any.whl
	check "pkgls -c: a wheel with an empty RECORD: every member not in it" 1 "" \
		"aloha_bots-0\.9\.1\.dist-info/WHEEL: not in RECORD" \
		pkgls -c aloha_bots-0.9.1-py3-none-any.whl
	# fuzz_dist: a RECORD that cannot be read leaked (LeakSanitizer, valgrind).
	cp "$T/in/fuzz_dist/unreadable-record" aloha_bots-0.9.1-py3-none-any.whl
	check "pkgls -c: a RECORD that cannot be read is named" 1 "" \
		"aloha_bots-0\.9\.1\.dist-info/RECORD: compression method 99 \\(AES encryption\\) not supported" \
		pkgls -c aloha_bots-0.9.1-py3-none-any.whl
else
	skip "pkgls -c: a wheel with an empty RECORD" "pkgls not built"
	skip "pkgls -c: a RECORD that cannot be read" "pkgls not built"
fi

done_testing
