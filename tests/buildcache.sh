#!/bin/sh
# relkit — MIT licence, see LICENSE.
# buildcache.sh CACHE PYTHON: release.mk's BUILD in tests/release.t. Builds
# the package in the current directory as the sample workspace's
# release.conf does (PYTHON -m build --no-isolation, into dist/), once per
# content: a tree of the same files (names and bytes, dist/, build/ and
# *.egg-info left out) built before with the same PYTHON gets a copy of
# those archives, so that the cases of a test that release the same
# sources share their builds (the .t files run at once may share CACHE).
# A tree that differs in any byte is built.
set -u
[ $# -eq 2 ] || { echo "usage: buildcache.sh CACHE PYTHON" >&2; exit 2; }
cache=$1 py=$2
key=$( {
	echo "$py"
	find . \( -path ./dist -o -path ./build -o -name '*.egg-info' -o -name .git \) -prune \
		-o -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
} | sha256sum | cut -c1-32)
if [ -d "$cache/$key" ]; then
	mkdir -p dist && cp "$cache/$key"/* dist/ || exit 2
	echo "buildcache.sh: $(basename "$PWD"): the archives of the same tree, built before: $(ls "$cache/$key" | tr '\n' ' ')"
	exit 0
fi
"$py" -m build --no-isolation || exit $?
# Tests running at once may share CACHE: each copy goes to a directory of
# its own, renamed into place in one step; if another build of the same
# tree got there first, its archives stay and this copy goes.
mkdir -p "$cache" && tmp=$(mktemp -d "$cache/.new.XXXXXX") && cp dist/* "$tmp/" &&
	{ mv -T "$tmp" "$cache/$key" 2>/dev/null || rm -rf "$tmp"; }
