#!/bin/sh
# relkit — MIT licence, see LICENSE.
# mkworkspace.sh DIR: a sample workspace shaped like the release checklist.
#   DIR/api        the API repo: aloha, aloha_bots (logos and fixtures that
#                  must stay out of the PyPI archives, docs and assets that
#                  ship), aloha_botserver, and
#                  its release.conf (tests/demo/release.conf)
#   DIR/server     the server repo: version.py, requirements/common.in,
#                  tools/update-locked-requirements, requirements/prod.txt
#   DIR/uvserver   the server repo as Zulip's is today: version.py,
#                  pyproject.toml pinning by commit hash under
#                  [tool.uv.sources], uv.lock
#   DIR/fakeldap   a single-package project, version in pyproject.toml
#   DIR/venvclone  a single-package project, version= in setup.py and
#                  __version__ in the module
#   DIR/remotes/*.git  bare remotes of the five repos (origin of each)
#   DIR/deps/demo_helper-1.0-py3-none-any.whl   a dependency of aloha, to be
#                  published on the real index before the release
#   DIR/deps/lookalike/demo_helper-9.9-py3-none-any.whl   a look-alike of it
#                  that must never be installed from the test index
# Every repo is on branch main with one commit; the version is 0.8.2.
# DIR must not exist yet, so that a stale workspace is never reused.
set -eu
[ $# -eq 1 ] || { echo "usage: mkworkspace.sh DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
[ ! -e "$1" ] || { echo "mkworkspace.sh: $1: already exists" >&2; exit 2; }
mkdir -p "$1"
W=$(cd "$1" && pwd)

export GIT_AUTHOR_NAME="Relkit Demo" GIT_AUTHOR_EMAIL=demo@example.invalid
export GIT_COMMITTER_NAME="Relkit Demo" GIT_COMMITTER_EMAIL=demo@example.invalid
export GIT_CONFIG_NOSYSTEM=1

repo() { # name: git init DIR/name with a bare origin, commit everything
	git init -q -b main "$W/remotes/$1.git" --bare
	git -C "$W/$1" init -q -b main
	git -C "$W/$1" config user.name "$GIT_AUTHOR_NAME"
	git -C "$W/$1" config user.email "$GIT_AUTHOR_EMAIL"
	git -C "$W/$1" remote add origin "$W/remotes/$1.git"
	git -C "$W/$1" add -A
	git -C "$W/$1" commit -q -m "Initial commit"
	git -C "$W/$1" push -q origin main
}

ignore() { # dir
	printf '%s\n' /.release/ dist/ build/ '*.egg-info/' __pycache__/ >"$1/.gitignore"
}

# --- the API repo ---------------------------------------------------------
A=$W/api
mkdir -p "$A/aloha/aloha" "$A/aloha_bots/aloha_bots/bots/helloworld/assets" \
	"$A/aloha_bots/aloha_bots/bots/helloworld/fixtures" \
	"$A/aloha_botserver/aloha_botserver"
ignore "$A"
cp "$here/release.conf" "$here/release-uv.conf" "$A/"

cat >"$A/aloha/aloha/__init__.py" <<'PY'
"""Aloha API bindings (demo)."""
__version__ = "0.8.2"


def greet(name):
    return "aloha, " + name
PY
cat >"$A/aloha/setup.py" <<'PY'
import re

from setuptools import setup

with open("aloha/__init__.py") as f:
    version = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M).group(1)

setup(
    name="aloha",
    version=version,
    description="Aloha API bindings (relkit demo)",
    packages=["aloha"],
    install_requires=["demo-helper>=1.0"],
    python_requires=">=3.7",
)
PY

cat >"$A/aloha_bots/setup.py" <<'PY'
from setuptools import find_packages, setup

aloha_BOTS_VERSION = "0.8.2"

# True for the PyPI release: the logos and test fixtures stay out of the
# archives (the server repo installs from git and needs them); the docs
# and assets ship either way, as in the real zulip_bots.
IS_PYPA_PACKAGE = False

package_data = {"": ["doc.md", "assets/*"]}
if not IS_PYPA_PACKAGE:
    package_data[""].append("fixtures/*.json")
    package_data[""].append("logo.*")

setup(
    name="aloha_bots",
    version=aloha_BOTS_VERSION,
    description="Aloha's interactive bots (relkit demo)",
    packages=find_packages(),
    package_data=package_data,
    install_requires=["aloha"],
    python_requires=">=3.7",
)
PY
printf '"""Aloha bots (demo)."""\n' >"$A/aloha_bots/aloha_bots/__init__.py"
: >"$A/aloha_bots/aloha_bots/bots/__init__.py"
cat >"$A/aloha_bots/aloha_bots/bots/helloworld/__init__.py" <<'PY'
def handle(message):
    return "hello, " + message
PY
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' \
	>"$A/aloha_bots/aloha_bots/bots/helloworld/logo.svg"
printf 'not really a png\n' >"$A/aloha_bots/aloha_bots/bots/helloworld/assets/screenshot.png"
printf '# Hello world bot\n' >"$A/aloha_bots/aloha_bots/bots/helloworld/doc.md"
printf '{"request": "hi", "response": "hello, hi"}\n' \
	>"$A/aloha_bots/aloha_bots/bots/helloworld/fixtures/test_hello.json"

cat >"$A/aloha_botserver/setup.py" <<'PY'
from setuptools import setup

aloha_BOTSERVER_VERSION = "0.8.2"

setup(
    name="aloha_botserver",
    version=aloha_BOTSERVER_VERSION,
    description="Aloha's botserver (relkit demo)",
    packages=["aloha_botserver"],
    install_requires=["aloha", "aloha_bots"],
    python_requires=">=3.7",
)
PY
printf '"""Aloha botserver (demo)."""\n' >"$A/aloha_botserver/aloha_botserver/__init__.py"
repo api

# --- the dependency, and its look-alike -----------------------------------
PYTHON=${PYTHON:-/usr/bin/python3}
"$PYTHON" - "$W/deps" <<'PY'
import base64, hashlib, os, sys, zipfile

def wheel(outdir, version, origin):
    os.makedirs(outdir, exist_ok=True)
    di = "demo_helper-%s.dist-info" % version
    files = {
        "demo_helper.py": 'ORIGIN = "%s"\n' % origin,
        di + "/METADATA": "Metadata-Version: 2.1\nName: demo-helper\n"
                          "Version: %s\nSummary: relkit demo dependency\n" % version,
        di + "/WHEEL": "Wheel-Version: 1.0\nGenerator: relkit-demo\n"
                       "Root-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, text in files.items():
        h = hashlib.sha256(text.encode()).digest()
        record.append("%s,sha256=%s,%d" % (
            name, base64.urlsafe_b64encode(h).rstrip(b"=").decode(), len(text)))
    record.append(di + "/RECORD,,")
    files[di + "/RECORD"] = "\n".join(record) + "\n"
    path = os.path.join(outdir, "demo_helper-%s-py3-none-any.whl" % version)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), text)

wheel(sys.argv[1], "1.0", "real index")
wheel(os.path.join(sys.argv[1], "lookalike"), "9.9", "test index look-alike")
PY

# --- the server repo ------------------------------------------------------
S=$W/server
mkdir -p "$S/requirements" "$S/tools"
ignore "$S"
cat >"$S/version.py" <<'PY'
ALOHA_VERSION = "9.0-dev"

# Bump this whenever the provisioned dependencies change.
PROVISION_VERSION = "173.3"
PY
cat >"$S/requirements/common.in" <<'IN'
# Aloha's own packages, installed from git so that the bots keep their
# logos, assets and docs.
git+https://github.com/aloha/python-aloha-api.git@0.8.2#egg=aloha==0.8.2&subdirectory=aloha
git+https://github.com/aloha/python-aloha-api.git@0.8.2#egg=aloha_bots==0.8.2&subdirectory=aloha_bots

# Others
Markdown==3.4.1
IN
cat >"$S/tools/update-locked-requirements" <<'SH'
#!/bin/sh
# Demo lock command: requirements/prod.txt is common.in without comments,
# sorted (the real one runs pip-compile, which needs the internet).
set -eu
cd "$(dirname "$0")/.."
{
	echo "# Generated by tools/update-locked-requirements from requirements/common.in"
	grep -v -e '^#' -e '^$' requirements/common.in | LC_ALL=C sort
} >requirements/prod.txt.tmp
mv requirements/prod.txt.tmp requirements/prod.txt
SH
chmod +x "$S/tools/update-locked-requirements"
"$S/tools/update-locked-requirements"
repo server

# --- the server repo, current layout: uv ----------------------------------
# pyproject.toml pins the packages under [tool.uv.sources] by commit-hash
# archive URL, uv.lock beside it; PROVISION_VERSION a tuple with Zulip's
# "# bumped" comment. The lock command is `uv lock` (not in Debian 12: the
# tests put a stand-in on PATH).
U=$W/uvserver
mkdir -p "$U"
ignore "$U"
cat >"$U/version.py" <<'PY'
ALOHA_VERSION = "10.0-dev+git"

# Bump the minor PROVISION_VERSION when a dependency is added or upgraded.
PROVISION_VERSION = (369, 2)  # bumped 2026-02-09 to add jdenticon
PY
cat >"$U/pyproject.toml" <<'TOML'
[project]
name = "aloha-server"
version = "0.0.0"
requires-python = ">=3.10"
dependencies = [
    "aloha",
    "aloha-bots",
]

[dependency-groups]
dev = [
    "fakeldap",
]

[tool.uv]
package = false

[tool.uv.sources]
aloha = { url = "https://github.com/aloha/python-aloha-api/archive/b7fbf1b4c3d2e1f00112233445566778899aabbc.zip", subdirectory = "aloha" }
aloha-bots = { url = "https://github.com/aloha/python-aloha-api/archive/b7fbf1b4c3d2e1f00112233445566778899aabbc.zip", subdirectory = "aloha_bots" }
fakeldap = { url = "https://github.com/aloha/fakeldap/archive/9c3a2f07e5d4b1a0c9f8e7d6b5a4938271605f4e.zip" }
TOML
cat >"$U/uv.lock" <<'LOCK'
version = 1
requires-python = ">=3.10"

[[package]]
name = "fakeldap"
version = "0.8.2"
source = { url = "https://github.com/aloha/fakeldap/archive/9c3a2f07e5d4b1a0c9f8e7d6b5a4938271605f4e.zip" }
LOCK
repo uvserver

# --- fakeldap: one package, version in pyproject.toml ---------------------
F=$W/fakeldap
mkdir -p "$F/fakeldap"
ignore "$F"
cat >"$F/pyproject.toml" <<'TOML'
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "fakeldap"
version = "0.8.2"
description = "A simple package for mocking LDAP backend servers (relkit demo)"
requires-python = ">=3.7"

[tool.setuptools]
packages = ["fakeldap"]
TOML
printf '"""Mock LDAP (demo)."""\n' >"$F/fakeldap/__init__.py"
cat >"$F/release.conf" <<'CONF'
# relkit release.conf for a single-package project (see relkit(7)).
PACKAGES = fakeldap
fakeldap_DIR = .
fakeldap_VERSION_FILES = pyproject.toml
PYTHON = /usr/bin/python3
BUILD = $(PYTHON) -m build --no-isolation
CONF
repo fakeldap

# --- virtualenv-clone: version= in setup.py and __version__ ---------------
V=$W/venvclone
mkdir -p "$V"
ignore "$V"
cat >"$V/setup.py" <<'PY'
from setuptools import setup

setup(
    # virtualenv_clone: the name PyPI knows as virtualenv-clone, spelt so
    # that Debian 12's setuptools names the sdist as PEP 625 asks.
    name="virtualenv_clone",
    version="0.8.2",
    description="Clone a non-relocatable virtualenv (relkit demo)",
    py_modules=["clonevirtualenv"],
    python_requires=">=3.7",
)
PY
cat >"$V/clonevirtualenv.py" <<'PY'
"""Clone a virtualenv (demo)."""
__version__ = "0.8.2"


def rewrite_shebang(path, version=None):
    """A keyword named version, as in the real module: not the version."""
    return path, version
PY
cat >"$V/release.conf" <<'CONF'
# relkit release.conf for a single-package project (see relkit(7)).
PACKAGES = virtualenv-clone
virtualenv-clone_DIR = .
# FILE:NAME: the module also has a parameter called version.
virtualenv-clone_VERSION_FILES = setup.py clonevirtualenv.py:__version__
virtualenv-clone_IMPORT = clonevirtualenv
PYTHON = /usr/bin/python3
BUILD = $(PYTHON) -m build --no-isolation
CONF
repo venvclone
