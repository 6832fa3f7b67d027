#!/bin/sh
# relkit — MIT licence, see LICENSE.
# seeds.sh DIR: writes a seed corpus for each harness into DIR/<harness>/,
# from the same kinds of fixtures the program tests use, plus the
# project's own Python files. Text only; archives are built with Python's
# stdlib, so nothing binary is committed.
set -eu
out=${1:?usage: seeds.sh DIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
mkdir -p "$out"
seed() { # harness; content on stdin, stored under its checksum
	mkdir -p "$out/$1"
	cat > "$out/$1/.new"
	mv "$out/$1/.new" "$out/$1/$(cksum < "$out/$1/.new" | tr ' ' -)"
}

# Python sources: the shapes setver/setconst edit.
p() { printf "$1" | seed fuzz_pyscan; }
p '"""Aloha API.\n\n__version__ = "9.9.9" in a docstring is not code.\n"""\n# __version__ = "8.8.8"\n__version__ = "0.9.1"  # keep me\nAPI_FEATURE_LEVEL = 3\n'
p "__version__ = '0.5.7'\n"
p 'import os\nALOHA_BOTS_VERSION = "0.9.1"\nIS_PYPA_PACKAGE = False\nsetup(\n    name="aloha_bots",\n    version=ALOHA_BOTS_VERSION,\n)\n'
p "from setuptools import setup\nsetup(\n    name='virtualenv-clone',\n    version='0.5.7',\n    packages=[],\n)\n"
p 'X: int = 1\nY = (1,\n  2)\nZ = r"\\\\d" \\\n  + u"x"\nS = """a\n"b"\n"""\nF = f"{x}"\nB = b"\\x00"\nN = -1.5e3\nC = None\n'
p "PROVISION_VERSION = (123, 4)\nMAJOR = 7\n"
p '# caf\351 \377\r\n__version__ = "0.1"\r\nX = 1'
p "x = '''unterminated\n"
p "setup(name='x', version=(1\n"
p "f(a=[1, {2: (3)}], b='''x''', c=rb'\\\\', d=0x1F, e=1_000, g=.5j)\n"
for f in "$src"/tests/*.py "$src"/setup.py; do
	[ -f "$f" ] && seed fuzz_pyscan < "$f"
done

# PEP 440 versions.
for v in 0.9.1 v1.0 1.0.0-rc1 1.0ALPHA2 1.0.beta 1.0c3 1.0-preview.1 1.0-1 \
    1.0.post 1.0_rev2 1.0-dev '1!2.0.post1.dev3+Ubuntu-1_x' 2024.01.05 \
    '  1.2  ' 1.0.x '' 1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17 \
    99999999999999999999999 1.0a1.post2.dev3 '1.0+abc.DEF-1'; do
	printf '%s' "$v" | seed fuzz_pep440
done

# Names.
for v in Aloha_Bots aloha-bots fakeldap virtualenv.clone 'A__B..c' -x x- '' zope.interface; do
	printf '%s' "$v" | seed fuzz_pyname
done

# pyproject.toml (first byte 0: TOML) and setup.cfg (first byte 1: INI).
t() { { printf '\0'; printf "$1"; } | seed fuzz_cfgscan; }
i() { { printf '\1'; printf "$1"; } | seed fuzz_cfgscan; }
t '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "fakeldap"\nversion = "0.6.6"  # the release\n\n[tool.other]\nversion = "9"\n'
t '[tool.poetry]\nname = "x"\nversion = "1.0"\n[tool.poetry.dependencies]\nversion = "2"\n'
t 'a = """multi\n[not.a.table]\nversion = "no"\n"""\nb = [\n  "x", # c\n  {k = 1},\n]\n"q.k" = '"'"'lit'"'"'\n[[array.of]]\nv = 1\n'
t 'x = "unterminated\n'
i '[metadata]\nname = x\nversion = 1.2.3\n\n[options]\nversion = 7\n'
i '[metadata]\nversion = attr: pkg.__version__\n; comment\n# comment\nlong = a\n  continued\n'
i '[pypi]\nusername = __token__\npassword = pypi-x\n[distutils]\nindex-servers =\n  pypi\n  testpypi\n'
echo "seeds.sh: $(find "$out" -type f | wc -l) seeds in $out"
