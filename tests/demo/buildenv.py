# relkit — MIT licence, see LICENSE.
"""buildenv.py DIR [PACKAGE...]: a build environment of its own for the demo
and the tests.

Run with the Python to build with (make demo's and make check's $PYTHON).
DIR becomes a venv without pip and without the system's site-packages,
holding only setuptools, wheel, build and what they import (packaging,
pep517 or pyproject_hooks, tomli), linked from where that Python finds
them, with their metadata. No other package of the machine reaches it: a
setuptools plug-in installed there (setuptools-scm's file finder, which
puts every git-tracked file into every sdist; hatch-vcs) is not seen. Offline
and quick (no pip, no download).

PACKAGE...: these too, with what they require (release-scm.t's build
backends: setuptools-scm, hatchling, hatch-vcs), for the one case that
needs them; without them the environment stays as above.

DIR/bin/python-build runs the venv's Python with PYTHONPATH, PYTHONHOME,
PYTHONSTARTUP and PYTHONUSERBASE unset, so that neither can a variable of
the caller's: give it as release.mk's PYTHON. Exit 2, one line on stderr,
when a needed package is missing.
"""

import importlib.metadata
import os
import sys
import venv

NEEDED = ("setuptools", "wheel", "build")
IF_PRESENT = ("packaging", "pep517", "pyproject_hooks", "tomli")


def tops(dist):
    """The top-level modules, packages and .pth files of a distribution."""
    names = set()
    text = dist.read_text("top_level.txt")
    if text:
        names.update(n.strip() for n in text.split() if n.strip())
    for f in dist.files or ():
        first = f.parts[0]
        if len(f.parts) == 1:
            if first.endswith((".py", ".pth")):
                names.add(first)
        elif not first.endswith((".dist-info", ".egg-info", ".data")) and \
                first not in ("..", "__pycache__"):
            names.add(first)
    return names


def requires(dist):
    """The names of what DIST requires here (markers of this Python, no
    extras); every one tried, those missing left out."""
    out = []
    for r in dist.requires or ():
        try:
            from packaging.requirements import Requirement
            q = Requirement(r)
            if q.marker is not None and not q.marker.evaluate({"extra": ""}):
                continue
            out.append(q.name)
        except Exception:
            n = r.split(";")[0].strip()
            for c in "[<>=!~ (":
                n = n.split(c)[0]
            if n:
                out.append(n)
    return out


def main(argv):
    if len(argv) < 1:
        sys.stderr.write("usage: buildenv.py DIR [PACKAGE...]\n")
        return 2
    target = os.path.abspath(argv[0])
    links = []
    wanted = list(NEEDED + tuple(argv[1:]))
    todo, seen = list(NEEDED + IF_PRESENT + tuple(argv[1:])), set()
    while todo:
        name = todo.pop(0)
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            if name in wanted:
                sys.stderr.write("buildenv.py: %s: no %s installed for this "
                                 "Python (python3-%s)\n" % (sys.executable,
                                                            name, name))
                return 2
            continue
        if name in argv[1:]:
            todo += requires(dist)
        meta = str(dist._path)  # the .dist-info or .egg-info directory
        where = os.path.dirname(meta)
        links.append(meta)
        for t in tops(dist):
            for cand in (t, t + ".py"):
                p = os.path.join(where, cand)
                if os.path.exists(p):
                    links.append(p)
                    break
        if name == "setuptools":    # distutils from setuptools, as outside
            p = os.path.join(where, "distutils-precedence.pth")
            if os.path.exists(p):
                links.append(p)
    venv.EnvBuilder(with_pip=False, system_site_packages=False,
                    symlinks=True, clear=True).create(target)
    site = os.path.join(target, "lib", "python%d.%d" % sys.version_info[:2],
                        "site-packages")
    for p in sorted(set(links)):
        dst = os.path.join(site, os.path.basename(p))
        if not os.path.lexists(dst):
            os.symlink(p, dst)
    wrapper = os.path.join(target, "bin", "python-build")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\n# buildenv.py: the build Python, no PYTHON* "
                "variable of the caller's\nunset PYTHONPATH PYTHONHOME "
                "PYTHONSTARTUP PYTHONUSERBASE\nexec '%s' \"$@\"\n"
                % os.path.join(target, "bin", "python").replace("'", "'\\''"))
    os.chmod(wrapper, 0o755)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
