#!/bin/sh
# relkit — MIT licence, see LICENSE.
# setconst: module-level constants set and read; every error path.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 2
# bound of the odd-file and linear-time cases: generous, only a hang or a
# return of the square fails it (valgrind and ASan runs are 20x slower)
tlim=20
[ "${VALGRIND:-}" = 1 ] || [ "${SAN:-}" = 1 ] && tlim=600

cat > setup.py <<'PY'
import os
# IS_PYPA_PACKAGE = True   (a comment is not an assignment)
DOC = """
IS_PYPA_PACKAGE = True
"""
IS_PYPA_PACKAGE = False  # comment
IS_PYPA_PACKAGE_X = 1

if not IS_PYPA_PACKAGE:
    package_data = {"": ["logo.svg"]}


def f():
    IS_PYPA_PACKAGE = True
    return IS_PYPA_PACKAGE


setup(name="aloha_bots", IS_PYPA_PACKAGE=3)
PY
sed 's/^IS_PYPA_PACKAGE = False  # comment$/IS_PYPA_PACKAGE = True  # comment/' setup.py > want
check "-g reads the literal" 0 "False" "" setconst -g IS_PYPA_PACKAGE setup.py
setconst IS_PYPA_PACKAGE True setup.py > got
same "only the module-level assignment changes; comment kept" want got
setconst IS_PYPA_PACKAGE True < setup.py > got
same "filter on stdin" want got
cp setup.py s2.py && chmod 600 s2.py
check "-i in place" 0 "" "" setconst -i IS_PYPA_PACKAGE True s2.py
same "-i result" want s2.py
ok "-i keeps the mode" test "$(stat -c %a s2.py)" = 600
check "-i back to False" 0 "" "" setconst -i IS_PYPA_PACKAGE False s2.py
same "round trip restores the file byte for byte" setup.py s2.py
check "-g several files: FILE<TAB>VALUE" 0 "setup.py	False
s2.py	False" "" setconst -g IS_PYPA_PACKAGE setup.py s2.py
check "IS_PYPA_PACKAGE_X is another name" 0 "1" "" setconst -g IS_PYPA_PACKAGE_X setup.py

printf 'A = 1\nB: str = "x"\nC = None\nD = -2\n' > vals.py
check "integer value" 0 'A = 42
B: str = "x"
C = None
D = -2' "" setconst A 42 vals.py
check "annotated assignment, string value" 0 "A = 1
B: str = 'y'
C = None
D = -2" "" setconst B "'y'" vals.py
check "None to a string" 0 'A = 1
B: str = "x"
C = "on"
D = -2' "" setconst C '"on"' vals.py
check "negative number is a literal" 0 "-2" "" setconst -g D vals.py

printf 'X = 1\r\nY = 2' > crlf.py
printf 'X = 9\r\nY = 2' > want
setconst -i X 9 crlf.py
same "CRLF and no final newline kept" want crlf.py

# VALUE that is not a literal: exit 2, nothing changed.
cp setup.py keep.py
for v in yes '1+1' '"open' 'os.environ' '' 'True # x' "f'x'"; do
	check "value [$v] refused" 2 "" "not a Python literal" setconst -i IS_PYPA_PACKAGE "$v" keep.py
done
same "refused values changed nothing" setup.py keep.py
check "NAME that is not a Python name" 2 "" "1X: not a Python name" setconst -g 1X setup.py

# NAME absent, twice, not a literal.
check "absent name: exit 1" 1 "" "setup\.py: no module-level assignment of NOPE" setconst NOPE True setup.py
printf 'FLAG = True\nif x:\n    FLAG = False\nFLAG = False\n' > twice.py
cp twice.py twice.orig
check "assigned twice: exit 1, both lines named" 1 "" "twice\.py: FLAG is assigned 2 times at module level: twice\.py:1, twice\.py:4" setconst -i FLAG True twice.py
same "twice: unchanged" twice.orig twice.py
printf 'FLAG = os.environ.get("X") == "1"\n' > expr.py
check "non-literal value: exit 1" 1 "" 'expr\.py:1: FLAG is not set to a literal: os\.environ\.get\("X"\) == "1"' setconst FLAG True expr.py
check "-g on a non-literal: exit 1" 1 "" "not set to a literal" setconst -g FLAG expr.py
printf 'FLAG = "x\n' > bad.py
check "unterminated string: exit 2 naming the line" 2 "" "bad\.py:1: unterminated string" setconst FLAG True bad.py
check "missing file: exit 2" 2 "" "nosuch\.py: No such file" setconst FLAG True nosuch.py

# All or nothing.
cp setup.py a.py; cp setup.py b.py; printf 'OTHER = 1\n' > c.py
check "-i over three files, third lacks the name: exit 1" 1 "" "c\.py: no module-level assignment" setconst -i IS_PYPA_PACKAGE True a.py b.py c.py
same "first unchanged" setup.py a.py
same "second unchanged" setup.py b.py
cp setup.py ro.py && chmod 444 ro.py
check "read-only file: exit 2" 2 "" "ro\.py: file is not writable" setconst -i IS_PYPA_PACKAGE True a.py ro.py
same "all or nothing: a.py unchanged when ro.py fails" setup.py a.py
same "ro.py intact" setup.py ro.py

check "-h" 0 "usage: setconst [-iv] NAME VALUE [FILE...]
       setconst -g [-v] NAME [FILE...]" "" setconst -h
check "-V" 0 "setconst (relkit) 0.1.0" "" setconst -V
check "bad option" 2 "" "usage: setconst" setconst -q X 1
check "missing VALUE" 2 "" "usage: setconst" setconst X
check "-g with -i" 2 "" "do not go together" setconst -g -i X a.py
check "-i without FILE" 2 "" "-i needs at least one FILE" setconst -i X 1
# Literals by Python's grammar (issue 15).
printf 'X = 1\n' > lit.py
cp lit.py lit.orig
for v in 01 007 09 0_7 1_ 1__0 1._5 1_.5 0x "'\\x1'" "ur'x'" "r'\\'" "'a' 'b'" "b'x'" "f'x'"; do
	check "VALUE $v is not a Python literal: exit 2" 2 "" "setconst: .*: not a Python literal" setconst -i X "$v" lit.py
done
same "... the file is unchanged" lit.orig lit.py
for v in 1J 00 0_0 0x_1f .5 5. 07j 1e5 -1 "u'x'" "'\\u00e9'"; do
	check "VALUE $v is a Python literal" 0 "X = $v" "" setconst X "$v" lit.py
done
check "a negative VALUE needs no --" 0 "" "" setconst -i X -1 lit.py
check "... it is written" 0 "-1" "" setconst -g X lit.py
printf 'A = IS_PYPA_PACKAGE = False\nB = 1; IS_X = True\n' > chain.py
check "chained assignment" 0 "A = IS_PYPA_PACKAGE = True
B = 1; IS_X = True" "" setconst IS_PYPA_PACKAGE True chain.py
check "after a semicolon" 0 "True" "" setconst -g IS_X chain.py
printf 'caf\303\251 = 1\nX = (\n    "long"\n)\n' > uni.py
check "a non-ASCII name" 0 "1" "" setconst -g café uni.py
check "a parenthesised literal" 0 '"long"' "" setconst -g X uni.py
check "a keyword is not a name: exit 2" 2 "" "setconst: True: not a Python name" setconst -g True uni.py
check "a name starting with a digit: exit 2" 2 "" "setconst: 1x: not a Python name" setconst -g 1x uni.py
printf 'LIMIT = 10\nLIMIT = compute()\n' > rebind.py
check "a literal then an expression: the literal" 0 "10" "" setconst -g LIMIT rebind.py
check "... -v says so" 0 "10" "rebind\.py:1: LIMIT: the literal is the candidate; line 2 binds it to an expression" setconst -g -v LIMIT rebind.py
# Odd files (issue 25): a FIFO is refused at once, not opened for a
# writer that never comes (timeout only bounds the test); -i - refused.
mkfifo fifo.py
printf 'LIMIT = 10\n' > plain.py
cp plain.py plain.orig
check "-g on a FIFO: refused without blocking" 2 "" "^setconst: fifo\.py: a FIFO, not a regular file$" \
	timeout $tlim setconst -g LIMIT fifo.py
check "-i on a FIFO: refused, the other file untouched" 2 "" "^setconst: fifo\.py: a FIFO, not a regular file$" \
	timeout $tlim setconst -i LIMIT 11 plain.py fifo.py
same "... plain.py unchanged" plain.orig plain.py
check "-i -: standard input is not edited in place" 2 "" "^setconst: -: standard input cannot be edited in place" \
	setconst -i LIMIT 11 -
ok "... no file named - made" test ! -e ./-
# Linear time: a 400 KB line of statements (took minutes when each token
# counted its column from the line start); the bound only catches a square.
"$PYTHON" -c "import sys; sys.stdout.write('a=1;' * 100000 + '\nLIMIT = 10\n')" > semi.py
check "one 400 KB line of a=1; statements" 0 "10" "" timeout $tlim setconst -g LIMIT semi.py
"$PYTHON" -c "import sys; sys.stdout.write(''.join('a%d = ' % i for i in range(50000)) + '1\n')" > chain.py
check "a chain of 50,000 targets" 0 "1" "" timeout $tlim setconst -g a49999 chain.py
check "100,000 bindings of one name: the count, the first 20 lines named" 1 "" \
	"^setconst: semi\.py: a is assigned 100000 times at module level: semi\.py:1, (semi\.py:1, ){18}semi\.py:1, \.\.\.$" \
	timeout $tlim setconst -g a semi.py
check "getopt errors name the program" 2 "" "^setconst: invalid option -- 'Z'" setconst -Z X 1
check "--help exits 0" 0 "$(setconst -h)" "" setconst --help
check "--version exits 0" 0 "setconst (relkit) 0.1.0" "" setconst --version
ok "no temporary file left" test -z "$(find "$T" -name '.*relkit*')"
done_testing
