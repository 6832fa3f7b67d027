#!/bin/sh
# relkit — MIT licence, see LICENSE.
# The build environment of make demo and the tests (tests/demo/buildenv.py):
# setuptools, wheel and build, and no plug-in the machine's Python has; and
# tests/buildcache.sh, release.t's BUILD: the same tree built once.
. "$(dirname "$0")/lib.sh"
dir=$(cd "$(dirname "$0")" && pwd)
cd "$T" || exit 2
if ! "$PYTHON" -c 'import setuptools, wheel, build' 2>/dev/null; then
	skip "buildenv.py" "no setuptools, wheel or build for $PYTHON"
	done_testing
	exit
fi

# A Python like a machine's with a setuptools plug-in installed: a venv
# that sees the system's packages, plus a file finder (as setuptools-scm
# registers one) in its own site-packages.
"$PYTHON" -m venv --without-pip --system-site-packages machine || exit 2
site=$(echo machine/lib/python*/site-packages)
mkdir -p "$site/fakeplug-1.0.dist-info" "$T/pp"
printf 'def find_files(path=""):\n    return []\n' >"$site/fakeplug.py"
printf 'Metadata-Version: 2.1\nName: fakeplug\nVersion: 1.0\n' >"$site/fakeplug-1.0.dist-info/METADATA"
printf '[setuptools.file_finders]\nfake = fakeplug:find_files\n' >"$site/fakeplug-1.0.dist-info/entry_points.txt"
printf 'X = 1\n' >pp/ppmod.py
finders='import importlib.metadata as m; print(sorted(e.name for e in m.entry_points(group="setuptools.file_finders")))'
check "the machine's Python sees the plug-in" 0 "True" "" \
	machine/bin/python -c 'import importlib.metadata as m; print("fake" in [e.name for e in m.entry_points(group="setuptools.file_finders")])'

check "buildenv.py DIR: made, quietly" 0 "" "" machine/bin/python "$dir/demo/buildenv.py" env
check "... setuptools, wheel and build import there" 0 "ok" "" \
	env/bin/python-build -c 'import setuptools, wheel, build, packaging; print("ok")'
check "... the plug-in's entry point is not seen" 0 "[]" "" env/bin/python-build -c "$finders"
check "... nor its module" 1 "" "ModuleNotFoundError: No module named 'fakeplug'" \
	env/bin/python-build -c 'import fakeplug'
check "... nor one PYTHONPATH names (python-build unsets it)" 1 "" \
	"ModuleNotFoundError: No module named 'ppmod'" \
	env PYTHONPATH="$T/pp" env/bin/python-build -c 'import ppmod'
check "... the setuptools linked is the machine's" 0 \
	"$("$PYTHON" -c 'import os, setuptools; print(os.path.realpath(setuptools.__file__))')" "" \
	env/bin/python-build -c 'import os, setuptools; print(os.path.realpath(setuptools.__file__))'
check "made again over the old one: fine" 0 "" "" machine/bin/python "$dir/demo/buildenv.py" env

"$PYTHON" -m venv --without-pip bare || exit 2
check "a Python without setuptools: exit 2, named" 2 "" \
	"^buildenv\.py: .*bare/bin/python.*: no setuptools installed for this Python \(python3-setuptools\)$" \
	bare/bin/python "$dir/demo/buildenv.py" env2
ok "... and nothing made" test ! -e env2
check "no DIR: usage, exit 2" 2 "" "^usage: buildenv\.py DIR \[PACKAGE\.\.\.\]$" "$PYTHON" "$dir/demo/buildenv.py"

# Extra packages, with what they require, for the one case that needs them
# (release-scm.t); the plug-in stays out.
mkdir -p "$site/fakereq-1.0.dist-info" "$site/fakedep-1.0.dist-info"
printf 'import fakedep\n' >"$site/fakereq.py"
printf 'X = 1\n' >"$site/fakedep.py"
printf 'Metadata-Version: 2.1\nName: fakereq\nVersion: 1.0\nRequires-Dist: fakedep>=1\nRequires-Dist: fakeplug ; python_version < "3"\nRequires-Dist: fakeplug ; extra == "plug"\nRequires-Dist: fakemissing\n' >"$site/fakereq-1.0.dist-info/METADATA"
printf 'fakereq.py,,\n' >"$site/fakereq-1.0.dist-info/RECORD"
printf 'Metadata-Version: 2.1\nName: fakedep\nVersion: 1.0\n' >"$site/fakedep-1.0.dist-info/METADATA"
printf 'fakedep.py,,\n' >"$site/fakedep-1.0.dist-info/RECORD"
check "buildenv.py DIR PACKAGE: made with the package" 0 "" "" machine/bin/python "$dir/demo/buildenv.py" env3 fakereq
check "... it imports, and what it requires with it" 0 "1" "" env3/bin/python-build -c 'import fakereq, fakedep; print(fakedep.X)'
check "... not what its markers leave out (another Python, an extra)" 0 "[]" "" env3/bin/python-build -c "$finders"
check "a PACKAGE not installed: exit 2, named" 2 "" \
	"^buildenv\.py: .*: no fakenone installed for this Python \(python3-fakenone\)$" \
	machine/bin/python "$dir/demo/buildenv.py" env4 fakenone

# buildcache.sh with a stand-in "python -m build" that counts its runs.
cat >fakepy <<'SH'
#!/bin/sh
[ "$*" = "-m build --no-isolation" ] || exit 9
echo run >>"$COUNT"
mkdir -p dist && cp pkg.txt "dist/pkg-$(cat pkg.txt).tar.gz"
SH
chmod +x fakepy
COUNT=$T/count
export COUNT
mkdir -p p1 p2
echo 1.0 >p1/pkg.txt
echo 1.0 >p2/pkg.txt
bc() { (cd "$1" && rm -rf dist && sh "$dir/buildcache.sh" "$T/cache" "$T/fakepy"); }
check "buildcache.sh: a tree never built: built" 0 "" "" bc p1
check "... another tree of the same files: a copy, said so" 0 \
	"buildcache.sh: p2: the archives of the same tree, built before: pkg-1.0.tar.gz " "" bc p2
ok "... the build ran once" test "$(wc -l <"$COUNT")" = 1
same "... the same archive" p1/dist/pkg-1.0.tar.gz p2/dist/pkg-1.0.tar.gz
echo 1.1 >p2/pkg.txt
check "a byte changed: built" 0 "" "" bc p2
ok "... the build ran again, its archive the new one" \
	test "$(wc -l <"$COUNT") $(ls p2/dist)" = "2 pkg-1.1.tar.gz"
printf '#!/bin/sh\nexit 9\n' >failpy
chmod +x failpy
echo 2.0 >p1/pkg.txt
check "buildcache.sh: a failed build fails with its status" 9 "" "" \
	sh -c 'cd p1 && exec sh "$1/buildcache.sh" "$2/cache" "$2/failpy"' sh "$dir" "$T"
ok "... and nothing is kept" test "$(ls cache | wc -l)" = 2
# Two tests at once build the same tree: the second to finish finds the
# first's copy in place, keeps it and drops its own.
mkdir -p p3 && echo 3.0 >p3/pkg.txt
cat >racepy <<'SH'
#!/bin/sh
mkdir -p dist && cp pkg.txt "dist/pkg-$(cat pkg.txt).tar.gz"
# the other build of this tree finishes meanwhile
[ -e "$RACE" ] || { : >"$RACE"; sh "$BC" "$CACHE" "$0" >/dev/null; }
SH
chmod +x racepy
check "buildcache.sh: the same tree built at once: both succeed" 0 "" "" \
	sh -c 'cd p3 && RACE=$2/race BC=$1/buildcache.sh CACHE=$2/cache3 exec sh "$1/buildcache.sh" "$2/cache3" "$2/racepy"' sh "$dir" "$T"
ok "... one copy in the cache, nothing left beside it or inside it" \
	test "$(cd cache3 && find . | sort | tr '\n' ' ')" = ". ./$(ls cache3) ./$(ls cache3)/pkg-3.0.tar.gz "
check "no arguments: usage, exit 2" 2 "" "^usage: buildcache\.sh CACHE PYTHON$" sh "$dir/buildcache.sh"

done_testing
