#!/usr/bin/python3
# relkit — MIT licence, see LICENSE.
"""The crafted dists of tests/pypirules.t: one per rule pypiup shares with
PyPI and one per false refusal, each with the verdict and the messages
PyPI's own code (warehouse's forklift, packaging.metadata) gives on it.

    pypirules-mkdist.py OUT

writes into OUT each dist, FILE.status (the exit status pypiup -n must
give) and FILE.err (its stderr, exactly), trove.py, a classifier list
in the shape of the trove-classifiers package, spdx.py, a licence list in
the shape of packaging's licenses/_spdx.py, and spdx.json, one in the
shape of Debian's node-spdx-license-ids.
"""
import base64
import hashlib
import io
import os
import sys
import tarfile
import zipfile

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
NOTHING = "pypiup: nothing uploaded: fix the files above first"


def metadata(name, version, lines=(), mv="2.1", body="A *Markdown* body.\n",
             ct="text/markdown"):
    head = ["Metadata-Version: " + mv, "Name: " + name, "Version: " + version,
            "Summary: s"]
    if ct:
        head.append("Description-Content-Type: " + ct)
    head += list(lines)
    text = "\n".join(head) + "\n"
    if body is not None:
        text += "\n" + body
    return text


def line_of(meta, prefix):
    """The line number of the first header line starting with prefix."""
    prefix = prefix.split("\n")[0]
    for i, l in enumerate(meta.split("\n"), 1):
        if l.startswith(prefix):
            return i
    raise KeyError(prefix)


def wheel(fn, meta, distinfo=None, extra=(), wheelfile=True, record=True):
    di = distinfo or "-".join(fn.split("-", 2)[:2]) + ".dist-info/"
    members = [("pkg/__init__.py", "# pkg\n"), (di + "METADATA", meta)]
    if wheelfile:
        members.append((di + "WHEEL", "Wheel-Version: 1.0\n"
                        "Root-Is-Purelib: true\nTag: py3-none-any\n"))
    members += list(extra)
    rec = "".join("%s,sha256=%s,%d\n" % (
        n, base64.urlsafe_b64encode(hashlib.sha256(d.encode()).digest())
        .rstrip(b"=").decode(), len(d.encode())) for n, d in members)
    with zipfile.ZipFile(os.path.join(out, fn), "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members:
            z.writestr(n, data)
        if record:
            z.writestr(di + "RECORD", rec + di + "RECORD,,\n")


def sdist(fn, meta, extra=()):
    top = fn[:-len(".tar.gz")] + "/"
    with tarfile.open(os.path.join(out, fn), "w:gz") as t:
        for n, data in [("PKG-INFO", meta), ("setup.py", "import setuptools\n")] + list(extra):
            b = data.encode()
            ti = tarfile.TarInfo(top + n)
            ti.size = len(b)
            t.addfile(ti, io.BytesIO(b))


def expect(fn, status, *lines):
    with open(os.path.join(out, fn + ".status"), "w") as f:
        f.write("%d\n" % status)
    msgs = ["pypiup: %s: %s" % (fn, l) for l in lines]
    if status:
        msgs.append(NOTHING)
    with open(os.path.join(out, fn + ".err"), "w") as f:
        f.write("".join(m + "\n" for m in msgs))


def refused(kind, fn, name, version, header, message, **kw):
    """A dist with one bad header line; message may hold {line}."""
    m = metadata(name, version, [header], **kw)
    (wheel if kind == "wheel" else sdist)(fn, m)
    expect(fn, 2, message.format(line=line_of(m, header)))


W = "-py3-none-any.whl"

with open(os.path.join(out, "trove.py"), "w") as f:
    f.write('from typing import Dict, List\n\n'
            'sorted_classifiers: List[str] = [\n'
            '    "Development Status :: 5 - Production/Stable",\n'
            '    "Natural Language :: Ukrainian",\n'
            '    "Topic :: Utilities",\n'
            ']\n\n'
            'deprecated_classifiers: Dict[str, List[str]] = {\n'
            '    "Natural Language :: Ukranian": ["Natural Language :: '
            'Ukrainian"],\n'
            '    "Topic :: Gone": [],\n'
            '}\n')

with open(os.path.join(out, "spdx.py"), "w") as f:
    f.write("VERSION = '9.9'\n\nLICENSES: dict = {\n" + "".join(
        "    '%s': {'id': '%s', 'deprecated': False},\n" % (i.lower(), i)
        for i in ("Apache-2.0", "BSD-3-Clause", "MIT")) +
        "}\n\nEXCEPTIONS: dict = {\n"
        "    'llvm-exception': {'id': 'LLVM-exception', 'deprecated': False},\n"
        "}\n")
with open(os.path.join(out, "spdx.json"), "w") as f:
    f.write('[\n\t"Apache-2.0",\n\t"MIT"\n]\n')

# --- accepted ---------------------------------------------------------
wheel("good-1.0" + W, metadata("good", "1.0", [
    "Classifier: Topic :: Utilities",
    "Requires-Dist: foo[bar,baz] (>=1.0,<2); python_version < \"3.8\" "
    "and extra == \"x\"",
    "Requires-Dist: qux~=1.4.2; os_name not in 'nt posix'",
    "Requires-Python: >=3.8, !=3.9.*",
    "Home-page: https://example.org/good",
    "Project-URL: Source, https://example.org/src",
    "Author-email: Joe <joe@example.org>",
    "Provides-Extra: x"]))
expect("good-1.0" + W, 0)
for tag in ("manylinux_2_17_x86_64.manylinux2014_x86_64", "win_amd64",
            "macosx_10_9_x86_64", "macosx_11_0_arm64", "musllinux_1_1_aarch64",
            "ios_13_0_arm64_iphoneos", "android_21_arm64_v8a",
            "pyemscripten_2024_0_wasm32"):
    fn = "plat-1.0-cp311-cp311-%s.whl" % tag
    wheel(fn, metadata("plat", "1.0"))
    expect(fn, 0)
# setuptools < 77 on Debian 12: License-File under 2.1, left out of the form
wheel("lf21-1.0" + W, metadata("lf21", "1.0", ["License-File: LICENSE"]),
      extra=[("lf21-1.0.dist-info/LICENSE", "MIT")])
expect("lf21-1.0" + W, 0, "note: License-File left out of the upload form: "
       "it came with Metadata-Version 2.4 and the file declares 2.1")
# false refusal: a second, unrelated .dist-info (PyPI reads the file name's)
wheel("twodi-1.0" + W, metadata("twodi", "1.0"),
      extra=[("vendored-2.0.dist-info/METADATA",
              "Metadata-Version: 2.1\nName: vendored\nVersion: 2.0\n")])
expect("twodi-1.0" + W, 0)
# false refusal: the body starts after a line without a colon
wheel("nocolon-1.0" + W, "Metadata-Version: 2.1\nName: nocolon\n"
      "Version: 1.0\nDescription-Content-Type: text/plain\n"
      "This line is the description\nand so is this: one\n")
expect("nocolon-1.0" + W, 0)
# the same version, written otherwise in the wheel's name
wheel("spelt-1.0.0" + W, metadata("spelt", "1.0"))
expect("spelt-1.0.0" + W, 0)
# old Description field: continuation lines indented by 8 spaces, RST
sdist("olddesc-1.0.tar.gz", metadata("olddesc", "1.0", [
    "Description: Title\n        =====\n        \n        Some *text*."],
    mv="1.1", body=None, ct=None))
expect("olddesc-1.0.tar.gz", 0)
# PEP 639 done right
wheel("pep639-1.0" + W, metadata("pep639", "1.0", [
    "License-Expression: MIT OR (Apache-2.0 WITH LLVM-exception)",
    "License-File: LICENSE", "Dynamic: license-file"], mv="2.4"),
    extra=[("pep639-1.0.dist-info/licenses/LICENSE", "MIT")])
expect("pep639-1.0" + W, 0)
sdist("pep639s-1.0.tar.gz", metadata("pep639s", "1.0", [
    "License-Expression: LicenseRef-Own", "License-File: LICENSES/own.txt"],
    mv="2.4"), extra=[("LICENSES/own.txt", "mine")])
expect("pep639s-1.0.tar.gz", 0)
# identifiers in any case, an 'or later' '+', a LicenseRef- of any name
wheel("lexpcase-1.0" + W, metadata("lexpcase", "1.0", [
    "License-Expression: mit+ and (LicenseRef-Gone-1.0 or bsd-3-clause)"],
    mv="2.4"))
expect("lexpcase-1.0" + W, 0)
# a field sent once and empty is ignored by PyPI
wheel("emptyurl-1.0" + W, metadata("emptyurl", "1.0", ["Project-URL: "]))
expect("emptyurl-1.0" + W, 0)
# a classifier newer than the list, in a category the list has: a warning
m = metadata("newcls", "1.0", ["Classifier: Topic :: Brand New"])
wheel("newcls-1.0" + W, m)
expect("newcls-1.0" + W, 0, "warning: line %d: 'Topic :: Brand New' is not "
       "in trove-classifiers (%s/trove.py): PyPI refuses it if its newer "
       "list lacks it too" % (line_of(m, "Classifier"), out))

# --- refused: the file name -------------------------------------------
for tag, shown in (("linux_x86_64", "linux_x86_64"), ("bogus_os", "bogus_os"),
                   ("macosx_11_1_arm64", "macosx_11_1_arm64"),
                   ("manylinux_2_17_sparc", "manylinux_2_17_sparc"),
                   ("any.Linux_X86_64", "linux_x86_64")):
    fn = "plat-1.0-cp311-cp311-%s.whl" % tag
    wheel(fn, metadata("plat", "1.0"))
    expect(fn, 2, "Binary wheel '%s' has an unsupported platform tag '%s'."
           % (fn, shown))
for fn, name in (("Foo_Bar-1.0" + W, "Foo_Bar"),
                 ("foo.bar-1.0" + W, "foo.bar")):
    wheel(fn, metadata(name, "1.0"))
    expect(fn, 2, "Filename '%s' should contain the normalized project name "
           "'foo_bar', not '%s'." % (fn, fn.split("-")[0]))
wheel("other-1.0" + W, metadata("dimatch", "1.0"),
      distinfo="other-1.0.dist-info/")
expect("other-1.0" + W, 2, "Start filename for 'dimatch' with 'dimatch'.")
wheel("dimatch-1.0" + W, metadata("dimatch", "1.0"),
      distinfo="DiMatch-1.0.dist-info/")
expect("dimatch-1.0" + W, 2, "PyPI: WHEEL not found at "
       "dimatch-1.0.dist-info/WHEEL")
wheel("nowheel-1.0" + W, metadata("nowheel", "1.0"), wheelfile=False)
expect("nowheel-1.0" + W, 2, "PyPI: WHEEL not found at "
       "nowheel-1.0.dist-info/WHEEL")
wheel("vers-1.1" + W, metadata("vers", "1.0"), distinfo="vers-1.1.dist-info/")
expect("vers-1.1" + W, 2, "Version in filename should be '1.0' not '1.1'.")
sdist("foo-1.0.0.tar.gz", metadata("foo", "1.0"))
expect("foo-1.0.0.tar.gz", 2, "Filename 'foo-1.0.0.tar.gz' is invalid, should "
       "be 'foo-1.0.tar.gz'. (PEP 625: the version in normal form)")
sdist("foo-1.0RC1.tar.gz", metadata("foo", "1.0RC1"))
expect("foo-1.0RC1.tar.gz", 2, "Filename 'foo-1.0RC1.tar.gz' is invalid, "
       "should be 'foo-1.0rc1.tar.gz'. (PEP 625: the version in normal form)")
sdist("virtualenv-clone-0.5.8.tar.gz", metadata("virtualenv-clone", "0.5.8"))
expect("virtualenv-clone-0.5.8.tar.gz", 2, "Filename "
       "'virtualenv-clone-0.5.8.tar.gz' is invalid, should be "
       "'virtualenv_clone-0.5.8.tar.gz'. (PEP 625; the build backend is older "
       "than that: setuptools >= 69.3 and flit_core >= 3.10 name sdists "
       "right)")

# --- refused: the form's fields ---------------------------------------
r = refused
r("wheel", "lexp21-1.0" + W, "lexp21", "1.0", "License-Expression: MIT",
  "line {line}: license-expression introduced in metadata version 2.4, "
  "not 2.1")
r("wheel", "dyn21-1.0" + W, "dyn21", "1.0", "Dynamic: license",
  "line {line}: dynamic introduced in metadata version 2.2, not 2.1")
r("wheel", "dct10-1.0" + W, "dct10", "1.0", "Supported-Platform: x",
  "line {line}: supported-platform introduced in metadata version 1.1, "
  "not 1.0", mv="1.0", ct=None, body="Text.\n")
r("wheel", "lexpbad-1.0" + W, "lexpbad", "1.0", "License-Expression: MIT OR",
  "line {line}: 'MIT OR' is invalid for 'license-expression' (not a licence "
  "expression)", mv="2.4")
# identifiers PyPI's list (packaging's) lacks
r("wheel", "lexpunk-1.0" + W, "lexpunk", "1.0",
  "License-Expression: MIT OR Bogus-1.0",
  "line {line}: 'MIT OR Bogus-1.0' is invalid for 'license-expression' "
  "(unknown licence 'Bogus-1.0' in SPDX list 9.9 of %s/spdx.py)" % out,
  mv="2.4")
r("sdist", "lexpexc-1.0.tar.gz", "lexpexc", "1.0",
  "License-Expression: Apache-2.0 WITH Bogus-exception",
  "line {line}: 'Apache-2.0 WITH Bogus-exception' is invalid for "
  "'license-expression' (unknown licence 'Bogus-exception' in SPDX list "
  "9.9 of %s/spdx.py)" % out, mv="2.4")
# License-File paths packaging refuses before any is looked for
for fn, path, why in (
        ("lfabs-1.0" + W, "/LICENSE", "paths must be relative"),
        ("lfdrive-1.0.tar.gz", "C:/LICENSE", "paths must be relative"),
        ("lfglob-1.0" + W, "LICEN*", "paths must be resolved"),
        ("lfup-1.0.tar.gz", "../LICENSE",
         "parent directory indicators are not allowed"),
        ("lfdot-1.0" + W, "./LICENSE", "paths must use '/' delimiter"),
        ("lfbs-1.0.tar.gz", "LICENSES\\MIT", "paths must use '/' delimiter"),
        ("lfslash-1.0" + W, "LICENSES/", "paths must use '/' delimiter")):
    n = fn.split("-")[0]
    r("wheel" if fn.endswith(".whl") else "sdist", fn, n, "1.0",
      "License-File: " + path, "line {line}: '%s' is invalid for "
      "'license-file', %s" % (path, why), mv="2.4")
r("wheel", "lboth-1.0" + W, "lboth", "1.0",
  "License-Expression: MIT\nLicense: MIT",
  "License is deprecated when License-Expression is present. Only "
  "License-Expression should be present.", mv="2.4")
r("wheel", "home-1.0" + W, "home", "1.0", "Home-page: example.com",
  "line {line}: 'example.com' is not a valid url.")
r("wheel", "dlurl-1.0" + W, "dlurl", "1.0", "Download-URL: ftp://example.org/",
  "line {line}: 'ftp://example.org/' is not a valid url.")
r("wheel", "port-1.0" + W, "port", "1.0",
  "Home-page: https://example.org:99999/",
  "line {line}: 'https://example.org:99999/' is not a valid url.")
r("wheel", "purl-1.0" + W, "purl", "1.0", "Project-URL: Home, example.org",
  "line {line}: Project-URL: 'example.org' is not a valid url")
r("wheel", "purlnourl-1.0" + W, "purlnourl", "1.0", "Project-URL: Home",
  "line {line}: Project-URL: Must have a URL")
r("wheel", "purlempty-1.0" + W, "purlempty", "1.0",
  "Project-URL: \nProject-URL: Home, https://example.org/",
  "line {line}: Project-URL: Must have a label")
r("wheel", "purldup-1.0" + W, "purldup", "1.0",
  "Project-URL: Home, https://example.org/\n"
  "Project-URL: Home, https://example.org/2",
  "'project_urls' has invalid data (two Project-URL with one label)")
r("wheel", "amail-1.0" + W, "amail", "1.0", "Author-email: joe@example..com",
  "line {line}: 'joe@example..com' is not a valid email address: An email "
  "address cannot have two periods in a row.")
r("wheel", "mmail-1.0" + W, "mmail", "1.0", "Maintainer-email: Joe <joe>",
  "line {line}: 'joe' is not a valid email address: The email address is "
  "not valid. It must have exactly one @-sign.")
r("wheel", "rdist-1.0" + W, "rdist", "1.0", "Requires-Dist: foo >=",
  "line {line}: 'foo >=' is invalid for 'requires-dist' (expected a version "
  "specifier, ';' or the end)")
r("wheel", "rdmark-1.0" + W, "rdmark", "1.0",
  "Requires-Dist: foo; python_version <",
  "line {line}: 'foo; python_version <' is invalid for 'requires-dist' "
  "(expected a marker variable or quoted string)")
r("wheel", "rdurl-1.0" + W, "rdurl", "1.0",
  "Requires-Dist: foo @ https://example.org/foo.whl",
  "line {line}: Can't have direct dependency: foo @ "
  "https://example.org/foo.whl")
r("wheel", "rpy-1.0" + W, "rpy", "1.0", "Requires-Python: >=3.x",
  "line {line}: '>=3.x' is invalid for 'requires-python'")
r("wheel", "pdist-1.0" + W, "pdist", "1.0",
  "Provides-Dist: foo @ https://example.org/foo.whl",
  "line {line}: Can't have direct dependency: "
  "'foo @ https://example.org/foo.whl'")
r("wheel", "dct-1.0" + W, "dct", "1.0", "Description-Content-Type: text/html",
  "line {line}: 'description-content-type' must be one of ['text/plain', "
  "'text/x-rst', 'text/markdown'], not 'text/html'", ct=None)
r("wheel", "dctcs-1.0" + W, "dctcs", "1.0",
  "Description-Content-Type: text/plain; charset=latin-1",
  "line {line}: 'description-content-type' can only specify the UTF-8 "
  "charset, not 'latin-1'", ct=None)
r("wheel", "dynver-1.0" + W, "dynver", "1.0", "Dynamic: Version",
  "line {line}: 'version' is not allowed as a dynamic field", mv="2.2")
r("wheel", "dynfoo-1.0" + W, "dynfoo", "1.0", "Dynamic: Foo",
  "line {line}: 'foo' is not a valid dynamic field", mv="2.2")
r("wheel", "extra-1.0" + W, "extra", "1.0", "Provides-Extra: -x",
  "line {line}: '-x' is invalid for 'provides-extra'")
r("wheel", "cls-1.0" + W, "cls", "1.0", "Classifier: Foo :: Bar",
  "line {line}: 'Foo :: Bar' is not a valid classifier.")
# a known category, but a shape no list holds (white space at an end of a
# segment, an empty one): not a warning that a newer list may have it
r("wheel", "clsws-1.0" + W, "clsws", "1.0", "Classifier: Topic :: Utilities ",
  "line {line}: 'Topic :: Utilities ' is not a valid classifier.")
r("sdist", "clsempty-1.0.tar.gz", "clsempty", "1.0",
  "Classifier: Topic ::  Utilities",
  "line {line}: 'Topic ::  Utilities' is not a valid classifier.")
r("wheel", "clsdep-1.0" + W, "clsdep", "1.0",
  "Classifier: Natural Language :: Ukranian",
  "line {line}: The classifier 'Natural Language :: Ukranian' has been "
  "deprecated, use one of ['Natural Language :: Ukrainian'] instead.")
r("wheel", "clsgone-1.0" + W, "clsgone", "1.0", "Classifier: Topic :: Gone",
  "line {line}: The classifier 'Topic :: Gone' has been deprecated.")

# --- refused: licence files -------------------------------------------
m = metadata("nolic", "1.0", ["License-File: LICENSE"], mv="2.4")
wheel("nolic-1.0" + W, m, extra=[("nolic-1.0.dist-info/LICENSE", "MIT")])
expect("nolic-1.0" + W, 2, "License-File LICENSE does not exist in "
       "distribution file nolic-1.0%s at nolic-1.0.dist-info/licenses/LICENSE"
       % W)
sdist("nolics-1.0.tar.gz", metadata("nolics", "1.0", ["License-File: COPYING"],
                                    mv="2.4"))
expect("nolics-1.0.tar.gz", 2, "License-File COPYING does not exist in "
       "distribution file nolics-1.0.tar.gz at nolics-1.0/COPYING")

# --- refused: the description does not render -------------------------
wheel("rst-1.0" + W, metadata("rst", "1.0", body="An ``unclosed literal.\n",
                              ct=None))
expect("rst-1.0" + W, 2, "The description failed to render in the default "
       "format of reStructuredText. <string>:1: (WARNING/2) Inline literal "
       "start-string without end-string.")
wheel("rstct-1.0" + W, metadata("rstct", "1.0", body="An ``unclosed literal.\n",
                                ct="text/x-rst"))
expect("rstct-1.0" + W, 2, "The description failed to render for "
       "'text/x-rst'. <string>:1: (WARNING/2) Inline literal start-string "
       "without end-string.")
