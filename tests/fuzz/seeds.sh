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
p '\357\273\277__version__ = version = "2.7.0"; X = 1\r\fY = (\n    "long"\n)\rdef f(version="0"):\n\tg(version="1")\n@d(version="2")\nclass C(B, version="3"): pass\nsetup(version=version)\nV += "x"\nmatch = 1\nZ = 0_7 + 1__0 + 1J\n'
p 'ZULIP_VERSION = "1.0\\x2e1\\N{DASH}"\nZULIP_VERSION = lines.pop(0).strip()\nif x: A = 1; B = 2\n'
p '(X) = 1\n((__version__)) = "1.0"\n(A): int = 2\n(B) += 1\n(C)[0] = 1\n(D, E) = 1, 2\n'
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
t 'project.version = "1.0"\nproject = { version = "1\\u002e0", t = { a = [1,\n 2] }, n = 3 }\n[a . "b.c"]\n"k\\u0065y".sub = """\nx \\\n  y"""\n'
i '[metadata]\nname = x\nversion = 1.2.3\n\n[options]\nversion = 7\n'
i '[metadata]\nversion = attr: pkg.__version__\n; comment\n# comment\nlong = a\n  continued\n'
i '[pypi]\nusername = __token__\npassword = pypi-x\n[distutils]\nindex-servers =\n  pypi\n  testpypi\n'
# Core metadata.
m() { printf "$1" | seed fuzz_meta; }
m 'Metadata-Version: 2.1\nName: aloha-bots\nVersion: 0.9.1\nSummary: Bots.\nRequires-Dist: requests (>=2)\nRequires-Dist: zulip ; extra == "x"\nProject-URL: Home, https://example.org\nDescription-Content-Type: text/markdown\n\n# Aloha\n\nBody.\n'
m 'Metadata-Version: 1.0\r\nName: fakeldap\r\nVersion: 0.6.6\r\nDescription: line one\r\n        |line two\r\n\r\n'
m 'Metadata-Version: 2.3\nName: x\nVersion: 1.0+local\nSummary: a\n  folded\nRequires-Dist: y @ https://h/y.zip\n'
m 'no colon here\n'
m 'Wheel-Version: 1.0\nGenerator: bdist_wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n'

# Simple index pages.
j() { printf '%s' "$1" | seed fuzz_simple_json; }
j '{"meta": {"api-version": "1.1"}, "name": "aloha-bots", "files": [{"filename": "aloha_bots-0.9.1.tar.gz", "url": "../../files/aloha_bots-0.9.1.tar.gz", "hashes": {"sha256": "4f1c6e1d2a0e0d1c5b5d3a9b3c1e2f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e"}, "requires-python": ">=3.8", "size": 1234, "yanked": false}, {"filename": "aloha_bots-0.9.1-py3-none-any.whl", "url": "https://h/f.whl", "hashes": {}, "yanked": "broken"}]}'
j '{"meta": {"api-version": "1.0"}, "name": "x", "files": []}'
j '{"files": [{"filename": 1}]}'
j '[1, 2, 3]'
h() { printf '%s' "$1" | seed fuzz_simple_html; }
h '<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.0"><title>Links for aloha-bots</title></head><body><h1>Links for aloha-bots</h1><a href="../../files/aloha_bots-0.9.1.tar.gz#sha256=4f1c6e1d2a0e0d1c5b5d3a9b3c1e2f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e" data-requires-python="&gt;=3.8">aloha_bots-0.9.1.tar.gz</a><br/><a href="x.whl" data-yanked="">x.whl</a></body></html>'
h '<a HREF=unquoted.whl data-yanked=reason>unquoted.whl</a><a href='"'"'single.tar.gz#md5=00'"'"'>single.tar.gz</a><!-- <a href="c">c</a> -->'
h '<a href="&amp;&#60;&#x3e;&lt;&quot;&unknown;">&lt;x&gt;</a>'

# PyPI's rules: requirements, specifier sets, licence expressions, URLs,
# addresses, platform tags, old Description fields, classifier lists.
y() { printf "$1" | seed fuzz_pypirules; }
y 'foo[bar,baz] (>=1.0,<2); python_version < "3.8" and extra == "x"'
y 'foo @ https://example.org/foo.whl ; os_name not in "nt posix"'
y 'foo >='
y '>=3.8, !=3.9.*, ~=3.10.0, ===weird, ==1.0+local.1'
y 'MIT OR (Apache-2.0 WITH LLVM-exception) AND LicenseRef-Own'
y '((MIT) WITH x'
y "VERSION = '3.27.0'\n\nLICENSES: dict = {\n    'mit': {'id': 'MIT', 'deprecated': False},\n    'gpl-2.0': {'id': 'GPL-2.0', 'deprecated': True},\n}\n\nEXCEPTIONS: dict = {\n    'llvm-exception': {'id': 'LLVM-exception', 'deprecated': False},\n}\n"
y '[\n\t"0BSD",\n\t"MIT",\n\t"Apache-2.0"\n]\n'
y 'https://user:pw@example.org:8080/path?q#f'
y 'Joe Doe <joe@example..com>'
y 'manylinux_2_17_x86_64'
y 'ios_13_0_arm64_iphoneos'
y 'Title\n        =====\n        \n        Text.'
y 'sorted_classifiers: List[str] = [\n    "Topic :: Utilities",\n]\n\ndeprecated_classifiers = {\n    "A :: B": ["C :: D",\n        "E"],\n    "F": [],\n}\n'
y 'sorted_classifiers = [\n    "unterminated\n'

# Requirement files and uv sources.
r() { printf "$1" | seed fuzz_req; }
r '# comment\n-r base.in\n--index-url https://pypi.org/simple/\nrequests[security]>=2.0,<3 ; python_version >= "3.8"\nzulip==0.9.1 \\\n    --hash=sha256:abcd\n'
r 'git+https://github.com/zulip/python-zulip-api.git@0.9.1#egg=zulip==0.9.1_git&subdirectory=zulip\n-e "git+https://github.com/zulip/zulip-bots@v0.9.0#egg=zulip_bots"\n'
r 'https://github.com/zulip/python-zulip-api/archive/refs/tags/0.9.1.zip#egg=zulip==0.9.1+git&subdirectory=zulip_bots\nzulip_bots @ https://github.com/zulip/python-zulip-api/archive/0.9.1.zip#subdirectory=zulip_bots\n./local/path\n'
r 'a==1.0 \\\n# not a comment? \\\nb\r\nc===2\n'
r 'zulip @ https://GitHub.com:443/Zulip/python-zulip-api/archive/0.8.2.tar.gz#sha256=abcdef&subdirectory=zulip\n'
u() { printf "$1" | seed fuzz_uvsrc; }
u '[project]\nname = "server"\n\n[tool.uv.sources]\nzulip = { git = "https://github.com/zulip/python-zulip-api", tag = "0.9.1", subdirectory = "zulip" }\nbots = { url = "https://github.com/zulip/python-zulip-api/archive/0.9.1.zip", subdirectory = "zulip_bots" }\nmulti = [\n  { git = "https://h/r", tag = "1", marker = "sys_platform == '"'"'linux'"'"'" },\n  { git = "https://h/r", rev = "abc" },\n]\n\n[tool.uv.sources.api]\ngit = "https://h/api"\nbranch = "main"\n'
u '[tool.uv.sources]\nx = "not a table"\n'
u '[project]\ndependencies = ["zulip==0.8.2 ; python_version >= \\"3.9\\"", "b\\u003d\\u003d1", """c==1""", '"'"'d==1'"'"']\n[tool.uv.sources]\nzulip.git = "https://h/z"\nzulip.tag = "0.8.2"\n[tool.poetry.dependencies]\npython = "^3.9"\np = {git = "https://h/z.git", tag = "1"}\n[tool.poetry.group.dev.dependencies]\nq = [{url = "https://h/z/archive/1.zip#sha256=ab"}]\n'
u '[tool.poetry.dependencies]\nzulip = "0.8.2"\n"zulip-bots" = { version = "==0.8.2+git", extras = ["x"] }\nr = "^2.31"\n[tool.poetry.dependencies.z]\nversion = "0.8.2"\n'

# .pypirc (first byte: which repository is asked for).
c() { { printf "$1"; printf "$2"; } | seed fuzz_pypirc; }
c '\1' '[distutils]\nindex-servers =\n    pypi\n    testpypi\n\n[pypi]\nusername = __token__\npassword = pypi-testtoken\n\n[testpypi]\nrepository = https://test.pypi.org/legacy/\nusername = alice\npassword = s3cret\n'
c '\3' '[local]\nrepository = http://127.0.0.1:8080/legacy/\nusername = alice\npassword = s3cret\nca_cert = /etc/ssl/certs/ca.pem\n'
c '\3' '[local]\nrepository = file:///tmp/index\n'
c '\2' '[testpypi]\nrepository: http://example.org/legacy/\n'
c '\0' '; comment\n[pypi]\npassword = pypi-x\n  continued\n'
c '\3' '[DEFAULT]\nusername = d\n[distutils]\nindex-servers = local\n[server-login]\npassword = p\n[local]\n    repository = http://127.0.0.1:1/\n    USERNAME: u\n\n\tmore\n'
c '\3' '[local]\rk = \302\240v\r\n[a]b]\n\303\204 = 1\n\303\244 = 2\n\316\243 = s\n'
c '\1' '[pypi]\npassword = a\nPassword = b\n[pypi]\n= x\nnovalue\n'

# Wheel RECORD files.
w() { printf "$1" | seed fuzz_record; }
w 'aloha_bots/__init__.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\naloha_bots-0.9.1.dist-info/METADATA,sha256=AbC_-x,120\naloha_bots-0.9.1.dist-info/RECORD,,\n'
w '"a,b.py",sha256=x,1\r\n"q""uote",,\r\n\r\n'
w 'bad,line\n'

# Archives: a wheel and sdists (gzip tar, zip), built with the stdlib.
mkdir -p "$out/fuzz_dist"
"$PYTHON" - "$out/fuzz_dist" <<'PY'
import io, sys, tarfile, zipfile, gzip, os
d = sys.argv[1]
meta = (b"Metadata-Version: 2.1\nName: aloha-bots\nVersion: 0.9.1\n"
        b"Summary: Bots.\n\nBody.\n")
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("aloha_bots/__init__.py", "__version__ = '0.9.1'\n")
    z.writestr("aloha_bots-0.9.1.dist-info/METADATA", meta)
    z.writestr("aloha_bots-0.9.1.dist-info/WHEEL",
               "Wheel-Version: 1.0\nTag: py3-none-any\n")
    z.writestr("aloha_bots-0.9.1.dist-info/RECORD", "")
open(os.path.join(d, "wheel"), "wb").write(b.getvalue())
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_STORED) as z:
    z.writestr("../evil.py", "x")
    z.writestr("a\\b/METADATA", meta)
open(os.path.join(d, "wheel-stored-unsafe"), "wb").write(b.getvalue())
b = io.BytesIO()
with tarfile.open(fileobj=b, mode="w:gz") as t:
    for name, data in [("aloha_bots-0.9.1/PKG-INFO", meta),
                       ("aloha_bots-0.9.1/setup.py", b"from setuptools import setup\nsetup()\n")]:
        i = tarfile.TarInfo(name); i.size = len(data); i.mode = 0o644
        t.addfile(i, io.BytesIO(data))
    i = tarfile.TarInfo("aloha_bots-0.9.1/link"); i.type = tarfile.SYMTYPE
    i.linkname = "/etc/passwd"; t.addfile(i)
    i = tarfile.TarInfo("aloha_bots-0.9.1/dir"); i.type = tarfile.DIRTYPE
    t.addfile(i)
open(os.path.join(d, "sdist"), "wb").write(b.getvalue())
open(os.path.join(d, "sdist-raw-tar"), "wb").write(gzip.decompress(b.getvalue()))
open(os.path.join(d, "gzip-garbage"), "wb").write(gzip.compress(b"not a tar" * 20))
PY
# ... and pkgls's normal and hostile archives (bombs, liars, evil names).
if [ -f "$src/tests/mkdist.py" ]; then
	"$PYTHON" "$src/tests/mkdist.py" "$out/.mkdist" >/dev/null
	for f in "$out/.mkdist"/*; do seed fuzz_dist < "$f"; done
	rm -rf "$out/.mkdist"
fi
# ... and the zips and tars at the formats' edges (zip64, methods, local
# headers, trailing data, links, devices, sparse members).
if [ -f "$src/tests/mkhostile.py" ]; then
	"$PYTHON" "$src/tests/mkhostile.py" "$out/.mkhostile" >/dev/null
	for f in "$out/.mkhostile"/*; do seed fuzz_dist < "$f"; done
	rm -rf "$out/.mkhostile"
fi
# Kept readme_renderer verdicts: stamps of files that are there (and hold),
# of one that is not, and entries cut short.
st=$(stat -c '%s %.9Y %n' "$src/LICENSE" | sed 's/\.//')
printf '0\n\n%s\n' "$st" | seed fuzz_rstentry
printf '1\n<string>:3: (WARNING/2) Title underline too short.\n%s\n%s\n' "$st" "$st" | seed fuzz_rstentry
printf '0\n\n1 2 /nonexistent/relkit\n' | seed fuzz_rstentry
printf '1\nwhy' | seed fuzz_rstentry
printf '2\n\n%s\n' "$st" | seed fuzz_rstentry
echo "seeds.sh: $(find "$out" -type f ! -name ".*" | wc -l) seeds in $out"

# forgepr: remote URLs and API answers (fuzz_forge); "VERSION\n" and a
# changelog (fuzz_notes).
for v in https://github.com/o/r.git git@github.com:o/r.git \
    ssh://git@gitlab.com:2222/g/sub/r.git 'https://u:p@[::1]:8443/o/r/' \
    git://h/o/r '{"message":"Validation Failed","errors":[{"message":"exists"},{"field":"tag","code":"invalid"}]}' \
    '{"message":{"name":["is bad"]},"error":"invalid_token"}' '60'; do
	printf '%s' "$v" | seed fuzz_forge
done
printf '1.2.0\n# Changelog\n\n## [1.2.0] - 2026-01-05\n\n```\n## 1.1\n```\n- a\n\n## 1.1\n[1.2.0]: x\n' | seed fuzz_notes
printf '2.0\n=====\nNEWS\n=====\n\naloha 2.0 (2026)\n================\n\nFeatures\n--------\n\n- f\n\n1.0\n===\n' | seed fuzz_notes
# utf8.c: valid text of every length, and the sequences it refuses.
for v in 'a\0b' 'caf\303\251 \342\202\254 \360\237\230\200' '\300\200' \
    '\340\237\277' '\355\240\200' '\360\217\277\277' '\364\220\200\200' \
    '\303' '\342\202' '\200x' '\377\376'; do
	printf "$v" | seed fuzz_utf8
done
