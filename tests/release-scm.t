#!/bin/sh
# relkit — MIT licence, see LICENSE.
# release.mk with packages whose version comes from git tags (issue 22):
# no P_VERSION_FILES; the guards compare VERSION with the last tag of TAG's
# shape; the build gets the version in setuptools-scm's variables
# (SETUPTOOLS_SCM_PRETEND_VERSION_FOR_NAME, SETUPTOOLS_SCM_PRETEND_VERSION,
# which hatch-vcs honours too); the rehearsal checks the built version.
# Fixtures: a setuptools-scm project and a hatch-vcs one of our own, built
# in a build environment that has these backends (tests/demo/buildenv.py
# with extra packages) and nothing else of the machine's.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
MK=${RELKIT_RELEASE_MK:-$top/release.mk}
unset MAKEFLAGS MFLAGS MAKELEVEL TWINE_USERNAME TWINE_PASSWORD TWINE_REPOSITORY \
	TWINE_REPOSITORY_URL DRY_RUN VERSION SETUPTOOLS_SCM_PRETEND_VERSION 2>/dev/null || true
export KEYRING=relkit-no-keyring

release_env "release with versions from git tags"
if ! "$PYTHON" -c 'import setuptools_scm, hatchling, hatch_vcs' 2>/dev/null; then
	skip "release with versions from git tags" "no setuptools-scm, hatchling or hatch-vcs for $PYTHON (python3-setuptools-scm python3-hatch-vcs)"
	done_testing
	exit
fi
"$PYTHON" "$top/tests/demo/buildenv.py" "$T/scmenv" setuptools_scm hatchling hatch_vcs || exit 2
BPY=$T/scmenv/bin/python-build
SYSPIP="$PYTHON -m pip"

project() { # DIR: a git repo with a bare origin, everything committed, tagged v1.0.0
	git init -q --bare -b main "$1.git"
	git -C "$1" init -q -b main
	git -C "$1" remote add origin "$1.git"
	printf '%s\n' /.release/ dist/ build/ '*.egg-info/' >"$1/.gitignore"
	git -C "$1" add -A
	git -C "$1" commit -qm "Initial commit"
	git -C "$1" tag -a -m 1.0.0 v1.0.0
	git -C "$1" push -q --follow-tags origin main
}

# --- a setuptools-scm project, tagged v1.0.0 ----------------------------------
P=$T/scm
mkdir -p "$P/scm_demo"
cat >"$P/pyproject.toml" <<'EOF'
[build-system]
requires = ["setuptools>=61", "setuptools_scm>=6.2"]
build-backend = "setuptools.build_meta"

[project]
name = "scm_demo"
dynamic = ["version"]
description = "A package whose version comes from git tags (relkit test)"
requires-python = ">=3.7"

[tool.setuptools]
packages = ["scm_demo"]

[tool.setuptools_scm]
EOF
printf '"""A package versioned by its git tags."""\n' >"$P/scm_demo/__init__.py"
cat >"$P/release.conf" <<'EOF'
# The shape of pluggy's release (relkit(7)): one package, its version
# from git tags written vX.Y.Z.
PACKAGES = scm_demo
scm_demo_VERSION_FILES =
TAG = v$(VERSION)
BUILD = $(PYTHON) -m build --no-isolation
EOF
project "$P"
HEAD0=$(git -C "$P" rev-parse HEAD)

rel() { # DIR ARG...: release.mk in DIR, no terminal
	_d=$1
	shift
	timeout -k 10 "$RELBOUND" make --no-print-directory -C "$_d" -f "$MK" \
		TEST_REPO="file://$T/index-test" REAL_REPO="file://$T/index-real" \
		PYTHON="$BPY" PIP="$SYSPIP" "$@" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
}
notrace() { ok "... no Python traceback" sh -c "! grep -q Traceback '$T/err'"; }
stamps() { ls "$P/.release/1.1.0" 2>/dev/null | grep -Ev '^(prev|started|venv|warned|lock)' | tr '\n' ' ' | sed 's/ $//'; }
files_in() { find "$1/simple" -type f ! -name index.html ! -name '.*' -printf '%f\n' 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//'; }

rel "$P" guards VERSION=1.0.0
is "the current version is the last tag's: VERSION=1.0.0 is not greater" \
	"2 release.mk: VERSION=1.0.0 is not greater than the current version 1.0.0 (v1.0.0)" \
	"$rc $(grep '^release.mk' "$T/err")"
notrace
rel "$P" guards VERSION=1.1.0 TAG='rel-$(VERSION)'
is "no tag of TAG's shape: stopped, said so, nothing compared" \
	"2 release.mk: scm_demo has no version file (scm_demo_VERSION_FILES is empty): its current version cannot be read or compared with VERSION=1.1.0, and no git tag on this branch matches 'rel-*' to take it from: name the files that hold it, or for a version from git tags (setuptools-scm, hatch-vcs) tag the last release" \
	"$rc $(grep '^release.mk' "$T/err")"
notrace
rel "$P" guards VERSION=1.1.0 TAG=release
is "a TAG without the version: no tag can hold it, said so" 2 "$rc"
ok "... naming TAG" grep -q "^release\\.mk: scm_demo has no version file .*no tag holds it (TAG=release does not hold 1\\.1\\.0: set scm_demo_TAG)" "$T/err"
git -C "$P" tag -a -m x v0.9.9x
git -C "$P" tag -a -m x v1.0.0rc1
rel "$P" guards VERSION=1.1.0
is "the guards pass: the greatest version among the tags, others of the shape ignored" \
	"0 release.mk: guards passed: 1.0.0 -> 1.1.0" "$rc $(cat "$T/out")"
git -C "$P" tag -d v0.9.9x v1.0.0rc1 >/dev/null
rel "$P" guards VERSION=1.1.0 NEXT=minor
is "NEXT with every version from git tags: a warning, nothing to write" \
	"0 release.mk: warning: NEXT: every package takes its version from git tags: no next development version to write" \
	"$rc $(cat "$T/err")"
rel "$P" status VERSION=1.1.0
is "status: step 1 says the version goes to the build" \
	"pending  1. No version file to write; versions from git tags: scm_demo 1.1.0 given to its build" \
	"$(grep '^pending  1\.' "$T/out")"
rel "$P" release VERSION=1.1.0 DRY_RUN=1 PACKAGES='Zope.Interface-x' Zope.Interface-x_VERSION_FILES=
ok "a dry run shows the build's variables, the name as setuptools-scm spells it" grep -qF \
	"(cd . && env SETUPTOOLS_SCM_PRETEND_VERSION_FOR_ZOPE_INTERFACE_X='\\''1.1.0'\\'' SETUPTOOLS_SCM_PRETEND_VERSION='\\''1.1.0'\\'' $BPY -m build" "$T/out"

# A build that does not get the version: setuptools-scm takes the last
# tag's (HEAD is at v1.0.0); the rehearsal stops before anything leaves.
rel "$P" release VERSION=1.1.0 BUILD='env -u SETUPTOOLS_SCM_PRETEND_VERSION -u SETUPTOOLS_SCM_PRETEND_VERSION_FOR_SCM_DEMO $(PYTHON) -m build --no-isolation'
is "the built version is not VERSION: stopped in step 3" "2 versions" "$rc $(stamps)"
is "... each archive named, with the variables it did not take" 2 "$(grep -c \
	"^release\\.mk: rehearsal: \\./dist/scm_demo-1\\.0\\.0[-.].* is version 1\\.0\\.0 (file name) and 1\\.0\\.0 (metadata), not VERSION=1\\.1\\.0: its build did not take the version release\\.mk gave it in SETUPTOOLS_SCM_PRETEND_VERSION_FOR_SCM_DEMO and SETUPTOOLS_SCM_PRETEND_VERSION" "$T/err")"
is "... nothing uploaded" no "$(test -e "$T/index-test" && echo yes || echo no)"
notrace
rel "$P" abort VERSION=1.1.0
is "abort: nothing to write back" "0 " "$rc $(git -C "$P" status --porcelain)"

# setuptools-scm 7 reads the variable named for the package (the other
# unset here); the release runs to its end.
git -C "$P" commit -q --allow-empty -m "A change after 1.0.0"
rel "$P" release VERSION=1.1.0 BUILD='env -u SETUPTOOLS_SCM_PRETEND_VERSION $(PYTHON) -m build --no-isolation'
is "released with the version given by name" 0 "$rc"
is "... the archives on the real index are 1.1.0" "scm_demo-1.1.0-py3-none-any.whl scm_demo-1.1.0.tar.gz" \
	"$(files_in "$T/index-real")"
is "... no commit: nothing to write; the tag on HEAD, pushed" \
	"$(git -C "$P" rev-parse HEAD^{commit}) $(git -C "$P" rev-parse HEAD^{commit})" \
	"$(git -C "$P" rev-parse 'v1.1.0^{commit}') $(git -C "$P.git" rev-parse 'v1.1.0^{commit}')"
is "... HEAD is the commit after 1.0.0" "$HEAD0" "$(git -C "$P" rev-parse HEAD^)"
ok "... said so" grep -q '^release\.mk: nothing to commit: the version comes from git tags; the tag goes on HEAD$' "$T/out"
notrace

# --- a hatch-vcs project: the same, with hatchling ----------------------------
H=$T/hv
mkdir -p "$H/hv_demo"
cat >"$H/pyproject.toml" <<'EOF'
[build-system]
requires = ["hatchling", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "hv_demo"
dynamic = ["version"]
description = "A hatch-vcs package (relkit test)"
requires-python = ">=3.7"

[tool.hatch.version]
source = "vcs"
EOF
printf '"""A hatch-vcs package."""\n' >"$H/hv_demo/__init__.py"
# (hatchling's editables, for editable installs only, is not needed)
printf 'PACKAGES = hv_demo\nTAG = v$(VERSION)\nBUILD = $(PYTHON) -m build --no-isolation --skip-dependency-check\n' >"$H/release.conf"
project "$H"
git -C "$H" commit -q --allow-empty -m "A change after 1.0.0"
rel "$H" release VERSION=2.0.0
is "hatch-vcs: released" 0 "$rc"
is "... the archives are 2.0.0" "hv_demo-2.0.0-py3-none-any.whl hv_demo-2.0.0.tar.gz scm_demo-1.1.0-py3-none-any.whl scm_demo-1.1.0.tar.gz" \
	"$(files_in "$T/index-real")"
is "... tag v2.0.0 pushed" "$(git -C "$H" rev-parse HEAD)" "$(git -C "$H.git" rev-parse 'v2.0.0^{commit}')"
notrace
done_testing
