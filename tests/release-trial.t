#!/bin/sh
# relkit — MIT licence, see LICENSE.
# What the trials on real projects (issue 21) found in release.mk, in
# fixtures of our own shaped like what they showed:
# - a backend that makes its own version (setuptools-scm off a tag gives
#   1.6.1.dev180+g5b3bc09.d20261208) while VERSION has no local part: the
#   step 3 hint says the backend made it, not "release a VERSION without it";
#   a classifier warning beside it (a classifier newer than the machine's
#   trove-classifiers list) gives no classifier hint;
# - an old backend writing a field its declared Metadata-Version does not
#   have (hatchling 1.12: License-Expression under 2.1): the hint says so;
# - a release that stops still prints the wall time of each step it did
#   and of the one that failed (it printed nothing);
# - the same warning of every archive, from pypiup's check and from pkgls
#   -c: shown once;
# - a requirement no index serves (a repo sibling left out of the
#   release): named with the archive and the file that holds it;
# - pkgls -c refusing an archive for a reason other than the deny globs:
#   no setuptools file finder blamed (it was, with setuptools-scm installed);
# - abort of a version written 1.45.0.dev: the file gets its bytes back and
#   no note claims it was written in normal form; a file changed since
#   step 1 keeps setver's normal form, and the note says so.
# The archives come from tests/pypiup-mkdist.py as the build command, so
# no build backend runs.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
unset MAKEFLAGS MFLAGS MAKELEVEL TWINE_USERNAME TWINE_PASSWORD TWINE_REPOSITORY \
	TWINE_REPOSITORY_URL DRY_RUN VERSION 2>/dev/null || true
export KEYRING=relkit-no-keyring
release_env "release.mk trial findings"
MK="$PYTHON $top/tests/pypiup-mkdist.py"
# mkarch.py DIST VERSION [HEADER-LINE...]: a wheel and an sdist of trialpkg
# whose RECORD holds, as a backend writes them (pypiup-mkdist.py breaks
# rules on purpose).
cat >"$T/mkarch.py" <<'PY'
import base64, hashlib, io, os, sys, tarfile, zipfile
out, v, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(out, exist_ok=True)
meta = "Metadata-Version: 2.1\nName: trialpkg\nVersion: %s\n" % v
meta += "".join(x + "\n" for x in extra)
di = "trialpkg-%s.dist-info/" % v
files = {"trialpkg/__init__.py": '__version__ = "%s"\n' % v,
         di + "METADATA": meta,
         di + "WHEEL": "Wheel-Version: 1.0\nGenerator: trial\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
rec = ["%s,sha256=%s,%d" % (n, base64.urlsafe_b64encode(hashlib.sha256(t.encode()).digest()).rstrip(b"=").decode(), len(t.encode()))
       for n, t in files.items()] + [di + "RECORD,,"]
files[di + "RECORD"] = "\n".join(rec) + "\n"
with zipfile.ZipFile(os.path.join(out, "trialpkg-%s-py3-none-any.whl" % v), "w") as z:
    for n, t in files.items():
        z.writestr(n, t)
with tarfile.open(os.path.join(out, "trialpkg-%s.tar.gz" % v), "w:gz") as t:
    for n, b in (("PKG-INFO", meta), ("trialpkg/__init__.py", files["trialpkg/__init__.py"])):
        data = b.encode()
        ti = tarfile.TarInfo("trialpkg-%s/%s" % (v, n))
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
PY
MKA="$PYTHON $T/mkarch.py"

rel() { # DIR ARG...: release.mk in DIR; output in $T/out, $T/err; status in $rc
	_d=$1
	shift
	timeout -k 10 "$RELBOUND" make --no-print-directory -C "$_d" -f "$top/release.mk" \
		PYTHON="$PYTHON" TEST_REPO="file://$T/idx-test" REAL_REPO="file://$T/idx-real" \
		"$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# repo DIR VERSION-LINE: one package, trialpkg, its version in
# trialpkg/__init__.py, with a bare origin; committed on main.
repo() {
	mkdir -p "$1/trialpkg"
	printf '%s\n' "$2" 'NAME = "trialpkg"' >"$1/trialpkg/__init__.py"
	printf '%s\n' /.release/ dist/ >"$1/.gitignore"
	cat >"$1/release.conf" <<'EOF'
PACKAGES = trialpkg
trialpkg_VERSION_FILES = trialpkg/__init__.py
EOF
	git init -q -b main --bare "$1.git"
	git -C "$1" init -q -b main
	git -C "$1" add -A
	git -C "$1" commit -q -m init
	git -C "$1" remote add origin "$1.git"
	git -C "$1" push -q origin main
}
mkdir -p "$T/idx-test" "$T/idx-real"

# --- the backend's own local version, a classifier warning beside it ------
R=$T/scm
repo "$R" '__version__ = "0.8.2"'
# what setuptools-scm builds off a tag in a changed tree, whatever VERSION is
B="mkdir -p dist && $MK wheel dist/trialpkg-0.9.1.dev3+g1234abc-py3-none-any.whl trialpkg 0.9.1.dev3+g1234abc --line 'Classifier: Framework :: Relkit Trial' && $MK sdist dist/trialpkg-0.9.1.dev3+g1234abc.tar.gz trialpkg 0.9.1.dev3+g1234abc --line 'Classifier: Framework :: Relkit Trial'"
rel "$R" release VERSION=0.9.0 BUILD="$B"
is "the backend's local version: stopped in step 3" 2 "$rc"
ok "... the wall time of each step done and of the one that failed, on stdout" grep -Eq \
	'^release\.mk: wall time per step: versions [0-9.]+s, the step that failed [0-9.]+s \([0-9.]+s in all\)$' "$T/out"
ok "... the hint says the backend made it and names the version files" grep -q \
	"^release\\.mk: step 3: PyPI would refuse the archives above: a local version (after '+'): no public index takes one; VERSION=0\\.9\\.0 has none: the build backend made the version itself (setuptools-scm and hatch-vcs read it from git, .*not from trialpkg/__init__\\.py: name the file it reads in trialpkg_VERSION_FILES\$" "$T/err"
ok "... not \"release a VERSION without it\"" sh -c "! grep -q 'release a VERSION without it' '$T/err'"
ok "... the classifier was a warning" grep -q "warning: .*Framework :: Relkit Trial" "$T/err"
ok "... and gives no classifier hint" sh -c "! grep -q 'would refuse the archives above: a classifier' '$T/err'"
ok "... nothing on the test index" test -z "$(ls "$T/idx-test")"
rel "$R" abort VERSION=0.9.0
# VERSION with a local part: the hint is the one for VERSION
rel "$R" build VERSION=0.9.0+local BUILD="mkdir -p dist && $MK wheel dist/trialpkg-0.9.0+local-py3-none-any.whl trialpkg 0.9.0+local"
ok "VERSION=0.9.0+local: release a VERSION without it" grep -q \
	"^release\\.mk: step 3: PyPI would refuse the archives above: a local version (after '+'): no public index takes one; release a VERSION without it" "$T/err"
rel "$R" abort VERSION=0.9.0+local

# --- an old backend: License-Expression under Metadata-Version 2.1 --------
rel "$R" build VERSION=0.9.0 BUILD="mkdir -p dist && $MK wheel dist/trialpkg-0.9.0-py3-none-any.whl trialpkg 0.9.0 --mv 2.1 --line 'License-Expression: MIT'"
is "License-Expression under 2.1: stopped in step 3" 2 "$rc"
ok "... the hint names an old backend" grep -q \
	"^release\\.mk: step 3: PyPI would refuse the archives above: a metadata field newer than the Metadata-Version the archive declares: the build backend is older" "$T/err"
ok "... and not the catch-all" sh -c "! grep -q 'fix what pypiup names' '$T/err'"
rel "$R" abort VERSION=0.9.0

# --- each distinct warning once: seven archives of otel repeated four
# classifier warnings and a note in pypiup's check and again in pkgls -c
rel "$R" build VERSION=0.9.0 BUILD="$MKA dist 0.9.0 'Classifier: Framework :: Relkit Trial'" PIP="$PYTHON -m pip"
is "archives with a classifier warning: step 3 done" "0" "$rc"
is "... the warning shown once for both archives and both checks" 1 \
	"$(grep -c 'Framework :: Relkit Trial' "$T/err")"
rel "$R" abort VERSION=0.9.0

# --- an archive pkgls -c refuses for another reason than the deny globs
# (a RECORD that does not list its members): no file-finder hint
rel "$R" build VERSION=0.9.0 BUILD="mkdir -p dist && $MK wheel dist/trialpkg-0.9.0-py3-none-any.whl trialpkg 0.9.0"
is "a wheel whose RECORD lacks members: stopped in step 3" 2 "$rc"
ok "... pkgls names it" grep -q 'not in RECORD' "$T/err"
ok "... and no file finder is blamed (no deny glob matched)" sh -c "! grep -q 'file finder' '$T/err'"
rel "$R" abort VERSION=0.9.0

# --- a requirement nothing serves (opentelemetry-sdk pins its repo sibling
# opentelemetry-semantic-conventions == 0.66b0.dev, not in this release):
# named with the archive and the file that holds it
printf '[project]\nname = "trialpkg"\ndependencies = [\n  "trial-sibling == 0.3b0.dev",\n]\n' >"$R/pyproject.toml"
git -C "$R" add pyproject.toml && git -C "$R" commit -q -m deps
rel "$R" build VERSION=0.9.0 BUILD="$MKA dist 0.9.0 'Requires-Dist: trial-sibling==0.3b0.dev'" PIP="$PYTHON -m pip"
is "a requirement no index serves: stopped in the rehearsal" "2 versions" "$rc $(ls "$R/.release/0.9.0" | grep -Ex 'versions|const|build' | tr '\n' ' ' | sed 's/ $//')"
ok "... pip's line, then the archive and the file that require it" grep -q \
	"^release\\.mk: rehearsal: the archives do not install together .*No matching distribution found for trial-sibling==0\\.3b0\\.dev; trial-sibling is required by trialpkg-0\\.9\\.0-py3-none-any\\.whl (\\./pyproject\\.toml): if it is a package of this repo, release it first or with these (PACKAGES), else make it available on file://.* (pip's output: \\.release/0\\.9\\.0/venv-logs/rehearsal-pip\\.log)\$" "$T/err"
rel "$R" abort VERSION=0.9.0

# --- abort of 1.45.0.dev --------------------------------------------------
R=$T/dev
repo "$R" '__version__ = "1.45.0.dev"'
cp "$R/trialpkg/__init__.py" "$T/dev-init.py"
rel "$R" versions VERSION=1.45.0
is "1.45.0.dev -> 1.45.0: step 1 done" "0 1.45.0" "$rc $(setver -g "$R/trialpkg/__init__.py")"
rel "$R" abort VERSION=1.45.0
is "abort: done" 0 "$rc"
same "... the version file has its very bytes back (1.45.0.dev)" "$T/dev-init.py" "$R/trialpkg/__init__.py"
ok "... no note that it was written in normal form" sh -c "! grep -q 'normal form' '$T/err'"
# a file changed since step 1: setver writes the old version in normal form,
# and that is said
rel "$R" versions VERSION=1.45.0
printf '# changed by hand during the release\n' >>"$R/trialpkg/__init__.py"
rel "$R" abort VERSION=1.45.0
is "abort of a file changed since step 1: done, normal form" "0 1.45.0.dev0" "$rc $(setver -g "$R/trialpkg/__init__.py")"
ok "... and the note says so" grep -q '1\.45\.0\.dev is written in PEP 440 normal form as 1\.45\.0\.dev0' "$T/err"
done_testing
