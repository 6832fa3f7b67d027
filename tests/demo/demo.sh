#!/bin/sh
# relkit — MIT licence, see LICENSE.
# demo.sh DIR: `make demo`. A sample workspace (tests/demo/mkworkspace.sh) is
# released with release.mk into two local file:// indexes, a "test index"
# and a "real index", then installed with pip from the real index into a
# fresh venv, and a summary is printed. DIR is removed first: every run
# starts clean. Needs the programs built in bin/ (or $RELKIT_BIN).
set -eu
[ $# -eq 1 ] || { echo "usage: demo.sh DIR" >&2; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
RELKIT_BIN=${RELKIT_BIN:-$top/bin}
VERSION=0.9.0
export PYTHON RELKIT_BIN
unset MAKEFLAGS MFLAGS MAKELEVEL || true

rm -rf "$1"
mkdir -p "$1"
D=$(cd "$1" && pwd)
W=$D/workspace
step() { printf '\n=== %s\n' "$*"; }

step "sample workspace in $W"
sh "$top/tests/demo/mkworkspace.sh" "$W"
mkdir -p "$D/index/test" "$D/index/real"
TEST=file://$D/index/test REAL=file://$D/index/real

# The packages build with setuptools, wheel and build only: no plug-in the
# machine has (setuptools-scm's file finder would put every tracked file,
# logos and fixtures too, into every sdist) reaches this environment.
step "a build environment of its own: $D/buildenv"
"$PYTHON" "$top/tests/demo/buildenv.py" "$D/buildenv"
BPY=$D/buildenv/bin/python-build
# It has no pip: the venvs release.mk makes without ensurepip are filled by
# the system's pip (PIP, run with --python).
ls "$D/buildenv/lib/"python*/site-packages | grep -v -e '-info$' -e '\.pth$' | tr '\n' ' ' | sed 's/^/  /; s/ $/\n/'

step "publish aloha's dependency demo-helper 1.0 on the real index"
"$RELKIT_BIN/pypiup" --repository-url "$REAL" "$W/deps/demo_helper-1.0-py3-none-any.whl"

step "release $VERSION: make -f release.mk release VERSION=$VERSION"
cd "$W/api"
make --no-print-directory -f "$top/release.mk" release VERSION=$VERSION \
	TEST_REPO="$TEST" REAL_REPO="$REAL" PYTHON="$BPY" PIP="$PYTHON -m pip"
make --no-print-directory -f "$top/release.mk" status VERSION=$VERSION \
	TEST_REPO="$TEST" REAL_REPO="$REAL" PYTHON="$BPY" PIP="$PYTHON -m pip"

step "install the released packages from the real index in a fresh venv"
"$PYTHON" -m venv "$D/venv"
"$D/venv/bin/python" -m pip install -q --no-cache-dir --disable-pip-version-check \
	--index-url "$REAL/simple/" aloha==$VERSION aloha_bots==$VERSION aloha_botserver==$VERSION
"$D/venv/bin/python" -c 'import aloha, aloha_bots.bots.helloworld, aloha_botserver; print(aloha.greet("relkit"))'

step "summary"
echo "released $VERSION (was $(git -C "$W/api" show HEAD^:aloha/aloha/__init__.py | "$RELKIT_BIN/setver" -g))"
echo "versions (installed in $D/venv):"
"$D/venv/bin/python" -m pip list --disable-pip-version-check --format=freeze 2>/dev/null |
	grep -Ei '^(aloha|demo)' | sed 's/==/ /; s/^/  /'
echo "files on the test index ($TEST): $(find "$D/index/test/simple" -type f ! -name index.html ! -name '.*' | wc -l)"
echo "files on the real index ($REAL):"
for f in "$D"/index/real/simple/*/*; do
	case $f in */index.html) continue;; esac
	printf '  %-40s %6s bytes  sha256 %s\n' "${f##*/}" "$(wc -c <"$f")" \
		"$(sha256sum "$f" | cut -d' ' -f1)"
done
tag=$(git -C "$W/remotes/api.git" tag -l "$VERSION")
echo "tag pushed: ${tag:-NONE} on $W/remotes/api.git," \
	"commit \"$(git -C "$W/remotes/api.git" log -1 --format=%s "refs/tags/$VERSION")\""
echo "IS_PYPA_PACKAGE in the committed aloha_bots/setup.py:" \
	"$(git -C "$W/api" show HEAD:aloha_bots/setup.py | "$RELKIT_BIN/setconst" -g IS_PYPA_PACKAGE)"
echo "server repo $W/server: branch $(git -C "$W/server" symbolic-ref --short HEAD)," \
	"commit \"$(git -C "$W/server" log -1 --format=%s)\""
echo "  PROVISION_VERSION $(git -C "$W/server" show main:version.py | sed -n 's/^PROVISION_VERSION = //p')" \
	"-> $(sed -n 's/^PROVISION_VERSION = //p' "$W/server/version.py")"
git -C "$W/server" diff main -- requirements/common.in | grep '^[-+]git' | sed 's/^/  /'
