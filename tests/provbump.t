#!/bin/sh
# relkit — MIT licence, see LICENSE.
# provbump: both forms of PROVISION_VERSION, every option and error path,
# output compared byte for byte.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
# bound of the odd-file and linear-time cases: generous, only a hang or a
# return of the square fails it (valgrind and ASan runs are 20x slower)
tlim=20
[ "${VALGRIND:-}" = 1 ] || [ "${SAN:-}" = 1 ] && tlim=600

# A server repo's version.py, tuple form.
cat > version.py <<'EOF'
import os

ALOHA_VERSION = "9.0-dev+git"

# Bump the API_FEATURE_LEVEL whenever an API change is made.
API_FEATURE_LEVEL = 290

"""
PROVISION_VERSION = (1, 1) in a docstring is not code.
"""
# PROVISION_VERSION = (2, 2)  (a comment is not either)

# Typically, adding a dependency only requires a minor version bump, and
# removing a dependency requires a major version bump.
PROVISION_VERSION = (330, 9)  # tuple form

if os.environ.get("X"):
    PROVISION_VERSION = (0, 0)


def f() -> None:
    PROVISION_VERSION = (7, 7)
    print(PROVISION_VERSION)
EOF
sed 's/^PROVISION_VERSION = (330, 9)  # tuple form$/PROVISION_VERSION = (330, 10)  # tuple form/' version.py > want-minor
sed 's/^PROVISION_VERSION = (330, 9)  # tuple form$/PROVISION_VERSION = (331, 0)  # tuple form/' version.py > want-major
ok "fixtures differ from the original" sh -c '! cmp -s version.py want-minor && ! cmp -s version.py want-major'

check "-g prints MAJOR.MINOR" 0 "330.9" "" provbump -g version.py
provbump < version.py > got
same "filter: minor bump, only the digits change" want-minor got
provbump --major < version.py > got
same "--major: (331, 0)" want-major got
check "FILE without -i prints the result" 0 "$(cat want-minor)" "" provbump version.py
check "... and leaves the file alone" 0 "330.9" "" provbump -g version.py
cp version.py v2.py && chmod 604 v2.py
check "-i edits in place, silently" 0 "" "" provbump -i v2.py
same "-i result byte for byte" want-minor v2.py
ok "-i keeps the mode" test "$(stat -c %a v2.py)" = 604
check "-i twice bumps twice" 0 "330.11" "" sh -c 'provbump -i v2.py && provbump -g v2.py'
check "-i --major after minors" 0 "331.0" "" sh -c 'provbump -i --major v2.py && provbump -g v2.py'
ok "-i leaves no temporary file" test -z "$(ls -A | grep relkit)"

# The older string form, both quotes.
printf "PROVISION_VERSION = '9.15'\n" > s1.py
check "string form, minor" 0 "PROVISION_VERSION = '9.16'" "" provbump s1.py
check "string form, major" 0 "PROVISION_VERSION = '10.0'" "" provbump --major s1.py
check "-g string form" 0 "9.15" "" provbump -g s1.py
printf 'PROVISION_VERSION = "179.9"  # bump me\n' > s2.py
check "double quotes and a comment kept; 9 -> 10" 0 'PROVISION_VERSION = "179.10"  # bump me' "" provbump s2.py

# Spacing, trailing comma, lines, annotation.
check "no spaces kept" 0 "PROVISION_VERSION=(330,10)" "" sh -c 'printf "PROVISION_VERSION=(330,9)\n" | provbump'
check "odd spacing and a trailing comma kept" 0 "PROVISION_VERSION = ( 330 ,  99 , )" "" sh -c 'printf "PROVISION_VERSION = ( 330 ,  98 , )\n" | provbump'
printf 'PROVISION_VERSION = (\n    330,  # major\n    9,  # minor\n)\n' > multi.py
printf 'PROVISION_VERSION = (\n    331,  # major\n    0,  # minor\n)\n' > want
provbump --major multi.py > got
same "a tuple over several lines with comments" want got
check "-g of a tuple over several lines" 0 "330.9" "" provbump -g multi.py
check "annotated assignment" 0 "PROVISION_VERSION: tuple[int, int] = (3, 1)" "" sh -c 'printf "PROVISION_VERSION: tuple[int, int] = (3, 0)\n" | provbump'
printf '# caf\351\r\nPROVISION_VERSION = (1, 2)\r\nX = 1' > crlf.py
printf '# caf\351\r\nPROVISION_VERSION = (1, 3)\r\nX = 1' > want
check "CRLF file in place" 0 "" "" provbump -i crlf.py
same "CRLF, latin-1 and no final newline kept" want crlf.py

# Several files.
check "-g several files: FILE<TAB>VALUE" 0 "version.py	330.9
s1.py	9.15" "" provbump -g version.py s1.py
STDIN=s1.py check "-g on stdin" 0 "9.15" "" provbump -g
cp version.py a.py; cp s1.py b.py; printf 'X = 1\n' > none.py
check "-i over three files, the third has none: exit 1" 1 "" "provbump: none\.py: no module-level assignment of PROVISION_VERSION" provbump -i a.py b.py none.py
same "first file unchanged" version.py a.py
same "second file unchanged" s1.py b.py
check "-i over two files" 0 "a.py	330.10
b.py	9.16" "" sh -c 'provbump -i a.py b.py && provbump -g a.py b.py'

# Errors: absent 1, unusable 2; the file untouched each time.
cp none.py none.orig
check "absent: exit 1" 1 "" "provbump: none\.py: no module-level assignment of PROVISION_VERSION" provbump -i none.py
same "absent: unchanged" none.orig none.py
check "-g absent: exit 1" 1 "" "no module-level assignment" provbump -g none.py
printf 'PROVISION_VERSION = (1, 2)\nPROVISION_VERSION = (1, 3)\n' > twice.py
cp twice.py twice.orig
check "assigned twice: exit 1, both lines named" 1 "" "twice\.py: PROVISION_VERSION is assigned 2 times at module level: twice\.py:1, twice\.py:2" provbump -i twice.py
same "twice: unchanged" twice.orig twice.py
check "-g assigned twice: exit 1" 1 "" "assigned 2 times" provbump -g twice.py
for v in 'compute()' '(330, 9, 1)' '(330,)' "'9'" "'9.15.1'" "'a.b'" '(330, 09)' "(330, '9')" '330.9' "f'{x}.1'" '(330, 9) + (0, 1)' "'09.1'"; do
	printf 'PROVISION_VERSION = %s\n' "$v" > bad.py
	cp bad.py bad.orig
	check "not a (MAJOR, MINOR) or 'MAJOR.MINOR': $v: exit 2" 2 "" "bad\.py:1: PROVISION_VERSION is not a tuple \(MAJOR, MINOR\) or a string 'MAJOR\.MINOR' of numbers" provbump -i bad.py
	same "$v: unchanged" bad.orig bad.py
done
check "-g of a non-literal: exit 2" 2 "" "not a tuple" sh -c 'printf "PROVISION_VERSION = x\n" | provbump -g'
printf 'PROVISION_VERSION = (1, 99999999999999999999999)\n' > big.py
check "a number too large to read: exit 2" 2 "" "big\.py:1: PROVISION_VERSION is not a tuple" provbump big.py
printf 'PROVISION_VERSION = (1, 18446744073709551614)\n' > max.py
check "a number too large to bump: exit 2" 2 "" "max\.py:1: PROVISION_VERSION: the number is too large to bump" provbump max.py
check "... but --major bumps the other" 0 "PROVISION_VERSION = (2, 0)" "" provbump --major max.py
printf 'PROVISION_VERSION = "1.0\n' > unterminated.py
check "unterminated string: exit 2 with the line" 2 "" "unterminated\.py:1: unterminated string" provbump unterminated.py
check "missing file: exit 2" 2 "" "provbump: nosuch\.py: No such file or directory" provbump nosuch.py

# -m: the trailing "# bumped YYYY-MM-DD reason" comment gets today's date
# and the release's reason; every other comment stays byte for byte.
today=$(date +%Y-%m-%d)
cat > z.py <<'EOF'
# Typically, adding a dependency only requires a minor version bump.
# PROVISION_VERSION = (1, 1)  # bumped 2001-01-01 in a comment: not code
PROVISION_VERSION = (369, 2)  # bumped 2026-02-09 to add jdenticon
X = 1  # bumped 2026-02-09 not ours
EOF
sed "s/^PROVISION_VERSION = (369, 2)  # bumped 2026-02-09 to add jdenticon\$/PROVISION_VERSION = (369, 3)  # bumped $today to upgrade zulip, zulip_bots to 0.9.2/" z.py > want
provbump -m 'to upgrade zulip, zulip_bots to 0.9.2' z.py > got
same "-m: date and reason replaced, other comments kept" want got
ok "-m: the fixture's expected line changed" sh -c '! cmp -s z.py want'
provbump z.py > got
check "without -m the comment is kept" 0 "PROVISION_VERSION = (369, 3)  # bumped 2026-02-09 to add jdenticon" "" grep ^PROVISION got
printf "PROVISION_VERSION = '2.0' #bumped 2020-05-05 old reason\n" > zs.py
check "SOURCE_DATE_EPOCH fixes the date (UTC); the old reason goes with -m ''" 0 "PROVISION_VERSION = '2.1' #bumped 1970-01-02" "" \
	env SOURCE_DATE_EPOCH=86400 provbump -m '' zs.py
printf 'PROVISION_VERSION = (\n    330,\n    9,\n)  # bumped 2020-05-05 x\r\nY = 1\r\n' > zm.py
printf 'PROVISION_VERSION = (\n    331,\n    0,\n)  # bumped 1970-01-01 y\r\nY = 1\r\n' > want
check "-m -i --major on a tuple over lines, CRLF kept" 0 "" "" env SOURCE_DATE_EPOCH=0 provbump -i --major -m y zm.py
same "... byte for byte" want zm.py
for c in '# tuple form' '# bumped 2026-2-09 short date' '# bumped on 2026-02-09' '# Bumped 2026-02-09 x'; do
	printf 'PROVISION_VERSION = (1, 2)  %s\n' "$c" > zc.py
	check "-m leaves a comment that is not 'bumped DATE': $c" 0 "PROVISION_VERSION = (1, 3)  $c" "" provbump -m 'to x' zc.py
done
printf 'PROVISION_VERSION = (1, 2)\n' > zn.py
check "-m with no comment adds none" 0 "PROVISION_VERSION = (1, 3)" "" provbump -m "to x" zn.py
cp z.py z.orig
check "-m over two lines: exit 2" 2 "" "provbump: -m: the reason must be one line" provbump -i -m 'a
b' z.py
same "-m over two lines: unchanged" z.orig z.py

# Usage.
check "-h prints usage on stdout" 0 "usage: provbump [-i] [--major] [-m REASON] [FILE...]
       provbump -g [FILE...]" "" provbump -h
check "-V prints the version" 0 "provbump (relkit) 0.1.0" "" provbump -V
check "bad option: exit 2 and usage" 2 "" "usage: provbump" provbump -Z
check "bad long option: exit 2" 2 "" "usage: provbump" provbump --minor version.py
check "-g with -i: exit 2" 2 "" "-g does not go with -i, --major or -m" provbump -g -i version.py
check "-g with --major: exit 2" 2 "" "-g does not go with -i, --major or -m" provbump -g --major version.py
check "-g with -m: exit 2" 2 "" "-g does not go with -i, --major or -m" provbump -g -m x version.py
check "-i without FILE: exit 2" 2 "" "-i needs at least one FILE" provbump -i
# Shapes the scanner reads (issue 15).
printf 'ZULIP_VERSION = "1.0"; PROVISION_VERSION = (349, 2)\n' > semi.py
check "after a semicolon" 0 'ZULIP_VERSION = "1.0"; PROVISION_VERSION = (349, 3)' "" provbump semi.py
printf 'PROVISION_VERSION = "349.2"; X = 1\r' > semicr.py
printf 'PROVISION_VERSION = "349.3"; X = 1\r' > want-semicr
provbump semicr.py > got
same "before a semicolon, CR line end kept" want-semicr got
printf '\357\273\277PROVISION_VERSION = (\n    "349.2"\n)\n' > bom.py
check "a BOM and a parenthesised string" 0 "349.2" "" provbump -g bom.py
# Odd files (issue 25): a FIFO refused without blocking; -i - refused.
mkfifo fifo.py
check "-g on a FIFO: refused without blocking" 2 "" "^provbump: fifo\.py: a FIFO, not a regular file$" \
	timeout $tlim provbump -g fifo.py
check "-i on a FIFO: refused" 2 "" "^provbump: fifo\.py: a FIFO, not a regular file$" \
	timeout $tlim provbump -i fifo.py
check "-i -: standard input is not edited in place" 2 "" "^provbump: -: standard input cannot be edited in place" \
	provbump -i -
ok "... no file named - made" test ! -e ./-
"$PYTHON" -c "import sys; sys.stdout.write('a=1;' * 100000 + '\nPROVISION_VERSION = (1, 2)\n')" > semi.py
check "one 400 KB line of statements: linear time" 0 "1.2" "" timeout $tlim provbump -g semi.py
check "getopt errors name the program" 2 "" "^provbump: invalid option -- 'Z'" provbump -Z
check "--help exits 0" 0 "$(provbump -h)" "" provbump --help
check "--version exits 0" 0 "provbump (relkit) 0.1.0" "" provbump --version
ok "no file was left behind anywhere" test -z "$(find "$T" -name '.*relkit*')"
done_testing
