# relkit — MIT licence, see LICENSE.
"""Differential test: setver -g, setconst -g and their edits against
Python's own ast, and reqbump's rewritten pins against packaging and
tomllib, on a corpus of files written here in the shapes real projects
use. Prints TAP. Usage: scanjudge.py BINDIR SCRATCH [PYFILE...]; extra
Python files (real projects', during development) are judged too."""

import ast
import io
import os
import re
import subprocess
import sys
import tokenize
import tomllib

from packaging.requirements import Requirement

BIN, TMP = sys.argv[1], sys.argv[2]
EXTRA = sys.argv[3:]
# Under valgrind (make check-valgrind) every run costs seconds: judge a
# quarter of the Python corpus there; make check and SAN=1 judge it all.
SAMPLE = 4 if os.environ.get("VALGRIND") == "1" else 1
n = 0
failed = 0


def result(good, desc, *diag):
    global n, failed
    n += 1
    print(("ok %d - %s" if good else "not ok %d - %s") % (n, desc))
    if not good:
        failed += 1
        for d in diag:
            for line in str(d).splitlines():
                print("#   " + line)


def run(*args, stdin=None):
    p = subprocess.run([os.path.join(BIN, args[0])] + list(args[1:]),
                       input=stdin, capture_output=True)
    return p.returncode, p.stdout, p.stderr


# ---------------------------------------------------------------- Python

VERSION_NAME = re.compile(r"^(__version__|VERSION|.+_VERSION)$")
NOLIT = object()


def strings_in(src, node):
    """How many string tokens make up node's source: "a" "b" is two."""
    seg = ast.get_source_segment(src, node)
    if seg is None:
        return 1
    try:
        toks = list(tokenize.generate_tokens(io.StringIO(seg).readline))
    except (tokenize.TokenError, SyntaxError):
        return 1
    return sum(1 for t in toks if t.type == tokenize.STRING)


def literal(src, st):
    """A binding's literal value, or NOLIT (the rule relkit documents:
    str, int, float, complex, bool, None, maybe signed; one string token;
    no bytes, no f-strings, no implicit concatenation)."""
    if isinstance(st, ast.AugAssign):
        return NOLIT
    v = st.value
    if isinstance(v, ast.Constant):
        if type(v.value) is str:
            return v.value if strings_in(src, v) == 1 else NOLIT
        if type(v.value) in (int, float, complex, bool, type(None)):
            return v.value
        return NOLIT
    if (isinstance(v, ast.UnaryOp) and isinstance(v.op, (ast.USub, ast.UAdd))
            and isinstance(v.operand, ast.Constant)
            and type(v.operand.value) in (int, float, complex)):
        return ast.literal_eval(v)
    return NOLIT


def bindings(tree):
    """Module-level bindings of single names, in order: (name, stmt)."""
    out = []
    for st in tree.body:
        if isinstance(st, ast.Assign):
            for t in st.targets:
                if isinstance(t, ast.Name):
                    out.append((t.id, st))
        elif (isinstance(st, (ast.AnnAssign, ast.AugAssign))
              and isinstance(st.target, ast.Name)
              and getattr(st, "value", None) is not None):
            # "(X): int = 1" (simple=0) binds X all the same
            out.append((st.target.id, st))
    return out


def module_calls(node):
    """Calls in module scope: not in a def or class (nor its header)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                              ast.ClassDef)):
            continue
        if isinstance(child, ast.Call):
            yield child
        yield from module_calls(child)


class Cand:
    def __init__(self, holder, value, line):
        self.holder, self.value, self.line = holder, value, line


def name_cands(src, bs, name):
    mine = [st for nm, st in bs if nm == name]
    lits = [st for st in mine if literal(src, st) is not NOLIT]
    return [Cand(st, literal(src, st), st.lineno) for st in (lits or mine)]


def setver_expect(src, tree, name=None):
    """(value, holder) when setver -g must print value, else None."""
    bs = bindings(tree)
    bound = {nm for nm, _ in bs}
    cands = []

    def add(cs):
        for c in cs:
            if all(c.holder.value is not d.holder.value for d in cands):
                cands.append(c)

    kw = name or "version"
    if name:
        add(name_cands(src, bs, name))
    else:
        seen = []
        for nm, _ in bs:
            if VERSION_NAME.match(nm) and nm not in seen:
                seen.append(nm)
                add(name_cands(src, bs, nm))
    if not name or not cands:
        for call in module_calls(tree):
            for k in call.keywords:
                if k.arg != kw:
                    continue
                if isinstance(k.value, ast.Name) and k.value.id in bound:
                    add(name_cands(src, bs, k.value.id))
                else:
                    fake = ast.Assign(targets=[], value=k.value)
                    cands.append(Cand(k, literal(src, fake), k.value.lineno))
    if any(c.value is not NOLIT for c in cands):
        cands = [c for c in cands if c.value is not NOLIT]
    if len(cands) != 1 or type(cands[0].value) is not str:
        return None
    seg = ast.get_source_segment(src, cands[0].holder.value) or ""
    if "\\N{" in seg and not re.match(r"^\(?\s*[rR]", seg):
        return None  # refused on purpose: no Unicode name table
    return cands[0]


def setconst_expect(src, tree, name):
    bs = bindings(tree)
    mine = [st for nm, st in bs if nm == name]
    lits = [st for st in mine if literal(src, st) is not NOLIT]
    return lits[0] if len(lits) == 1 else None


def same_after(tree, holder, newvalue, newsrc, what):
    """newsrc must be tree with holder.value replaced, nothing else."""
    try:
        new = ast.parse(newsrc)
    except SyntaxError as e:
        return False, "%s: the result does not parse: %s" % (what, e)
    old = holder.value
    if isinstance(old, ast.Constant) and isinstance(newvalue, ast.Constant):
        newvalue.kind = old.kind  # u'' stays u''
    holder.value = newvalue
    want = ast.dump(tree)
    holder.value = old
    got = ast.dump(new)
    return want == got, "%s: ASTs differ\nwant %s\ngot  %s" % (what, want, got)


def judge_python(path, label):
    raw = open(path, "rb").read()
    try:
        tree = ast.parse(raw)
    except SyntaxError:
        return
    # ast reads bytes as Python does (BOM, CR, form feed); positions
    # index the decoded text with universal newlines
    src = raw.decode("utf-8-sig", "replace")
    src = src.replace("\r\n", "\n").replace("\r", "\n")
    names = []
    for nm, _ in bindings(tree):
        if nm not in names:
            names.append(nm)
    for nm in [None] + names:
        opt = ["-n", nm] if nm else []
        exp = setver_expect(src, tree, nm)
        rc, out, err = run("setver", "-g", *opt, path)
        desc = "%s: setver -g %s" % (label, nm or "")
        if exp is None:
            result(rc != 0 and out == b"", desc + " refuses", rc, out, err)
            continue
        good = rc == 0 and out == exp.value.encode("utf-8", "surrogatepass") + b"\n"
        result(good, desc + " = %r" % exp.value, rc, out, err)
        if good:
            rc, out, err = run("setver", *opt, "9.8.7", path)
            ok, why = same_after(tree, exp.holder, ast.Constant("9.8.7"),
                                 out, label)
            result(rc == 0 and ok, desc + ": setver 9.8.7 changes that and "
                   "nothing else", why, err)
    for nm in names:
        exp = setconst_expect(src, tree, nm)
        rc, out, err = run("setconst", "-g", nm, path)
        desc = "%s: setconst -g %s" % (label, nm)
        if exp is None:
            result(rc != 0 and out == b"", desc + " refuses", rc, out, err)
            continue
        want = literal(src, exp)
        try:
            got = ast.literal_eval(out.decode("utf-8").rstrip("\n"))
        except (ValueError, SyntaxError, UnicodeDecodeError):
            got = NOLIT
        good = rc == 0 and type(got) is type(want) and (
            got == want or (want != want and got != got))
        result(good, desc + " = %r" % (want,), rc, out, err)
        if good:
            rc, out, err = run("setconst", nm, "-42", path)
            ok, why = same_after(tree, exp, ast.UnaryOp(ast.USub(),
                                 ast.Constant(42)), out, label)
            result(rc == 0 and ok, desc + ": setconst -42 changes that and "
                   "nothing else", why, err)


PY = {
    "plain.py": '"""Doc: __version__ = "9"."""\n# __version__ = "8"\n'
                '__version__ = "1.0"  # keep\nAPI_FEATURE_LEVEL = 3\n',
    "quotes.py": "__version__ = '1.0'\nVERSION = r'2.0'\nA_VERSION = u'3'\n"
                 "B_VERSION = '''4'''\nFLAG = True\nNONE = None\n",
    "escapes.py": '__version__ = "1.0\\x2e1"\nOTHER_VERSION = "1.0\\u002e2"\n'
                  'RAW_VERSION = r"1.0\\x2e"\nNAMED_VERSION = "1\\N{FULL STOP}0"\n',
    "semicolon.py": '__version__ = "1.0"; other = 2\nimport os; X = 3; Y = "y"\n',
    "chain.py": "# file generated by setuptools-scm\n__version__ = version = '2.7.0'\n"
                "__version_tuple__ = version_tuple = (2, 7, 0)\n"
                "A = IS_PYPA_PACKAGE = False\n",
    "paren.py": 'DESCRIPTION = (\n    "A long description that black "\n'
                '    "wrapped over lines"\n)\n__version__ = (\n    "1.0"\n)\n'
                'N = (-1)\nT = ("t",)\nE = ()\n',
    "bom.py": '\ufeff__version__ = "1.0"\nX = 1\n',
    "formfeed.py": 'import os\n\f\n\f__version__ = "1.1"\n',
    "cr.py": 'import os\r__version__ = "1.2"\rX = 1\r',
    "crlf.py": 'import os\r\n__version__ = "1.3"\r\nX = (1,\r\n  2)\r\n',
    "pyyaml.py": 'from .error import *\n__version__ = "6.0.1"\n'
                 'def warnings(settings=None, version="0.0"):\n    pass\n'
                 'def load(stream, Loader, version="1.1"):\n    return 1\n',
    "setup_defaults.py": 'from setuptools import setup\n'
                         'def f(version="0.0"):\n    return version\n'
                         'class A(B, version="9"):\n    version = "no"\n'
                         '@click.version_option(version="7")\ndef cli():\n'
                         '    p.add_argument("-V", action="version", version="8")\n'
                         'async def g(version="6"):\n    pass\n'
                         'setup(\n    name="x",\n    version="1.0",\n)\n',
    "setup_const.py": "from setuptools import setup\nversion = '0.4.2'\n"
                      "setup(name='x', version=version)\n",
    "setup_main.py": 'from setuptools import setup\nif __name__ == "__main__":\n'
                     '    setup(name="x", version="3.1")\n',
    "setup_call.py": 'setup(version=get_version())\n',
    "setup_imported.py": 'from pkg import VERSION_STRING\n'
                         'setup(version=VERSION_STRING)\n',
    "setup_nested.py": 'ALOHA_VERSION = "0.9.1"\nIS_PYPA_PACKAGE = False\n'
                       'setup(name="x", version=ALOHA_VERSION, **extra)\n',
    "setup_kwfmt.py": 'setup(name="x", version="{}".format(v))\n',
    "zulip_version.py": 'import os\nZULIP_VERSION = "12.0-dev+git"\n'
                        'zulip_git_version_file = os.path.join(\n'
                        '    os.path.dirname(os.path.abspath(__file__)), "zulip-git-version"\n)\n'
                        'lines = [ZULIP_VERSION, ""]\nif os.path.exists(zulip_git_version_file):\n'
                        '    with open(zulip_git_version_file) as f:\n'
                        '        lines = [*f, "", ""]\n'
                        'ZULIP_VERSION = lines.pop(0).strip()\n'
                        'ZULIP_MERGE_BASE = lines.pop(0).strip()\n'
                        'LATEST_MAJOR_VERSION = "11.0"\nLATEST_RELEASE_VERSION = "11.4"\n'
                        'API_FEATURE_LEVEL = 420\nPROVISION_VERSION = (349, 2)\n',
    "zulip_init.py": 'import os\n__version__ = "0.9.0"\n'
                     'LEGACY_ZULIP_VERSION = os.environ.get("ZULIP_VERSION")\n',
    "annotated.py": 'from typing import Final\n__version__: Final = "1.0"\n'
                    'X: int = 3\nY: str\n(Z): int = 4\n',
    "tryexcept.py": 'try:\n    from ._version import version as __version__\n'
                    'except ImportError:\n    __version__ = "0.0.0"\n',
    "concat.py": '__version__ = "1." "0"\nX = "a" \'b\'\n',
    "nonstr.py": '__version__ = f"{1}.0"\nB_VERSION = b"1.0"\nVERSION = (1, 2)\n'
                 'N_VERSION = 3\n',
    "augmented.py": '__version__ = "1.0"\n__version__ += ".dev0"\nX = 1\nX += 1\n',
    "twolit.py": '__version__ = "1.0"\n__version__ = "1.1"\nX = 1\nX = 2\n',
    "twonames.py": '__version__ = "1.0"\nAPI_VERSION = "2.0"\n',
    "contin.py": '__version__ = \\\n    "1.0"\nX = \\\r\n  5\n',
    "softkw.py": 'match = 1\ncase = "c"\n__version__ = "1.0"\n'
                 'match match:\n    case 1:\n        VERSION = "no"\n',
    "numbers.py": 'A = 0x1F\nB = 1_000\nC = -1\nD = 1J\nE = 1.5e-3\nF = +2\n'
                  'G = 0o17\nH = 0b1_0\nI = 00\nJ = .5\nK = 5.\nL = 07j\n',
    "strings_code.py": 'HELP = "setup(version=\'9\')"\n# setup(version="8")\n'
                       's = """\n__version__ = "7"\n"""\n__version__ = "1.0"\n',
    "dictcall.py": 'setup(name="x", version="1.0", extras=dict(version="2"))\n',
    "strmethod.py": 'X_VERSION = "1.0"\nmsg = "{version}".format(version="2")\n',
    "tabs.py": 'def f():\n\tversion = "x"\n\treturn g(version="y")\n'
               '__version__ = "1.4"\n',
    "lambda.py": 'f = lambda version="x": version\n__version__ = "1.5"\n',
    "unicode.py": 'café = "crème"\n__version__ = "1.6"\nπ = 3.14\n',
    "walrus.py": 'if (n := 10) > 5:\n    pass\n__version__ = "1.7"\n',
    "global.py": 'class C:\n    VERSION = "no"\n    def f(self):\n'
                 '        return setup(version="no")\n__version__ = "1.8"\n',
    "decorated_class.py": '@dataclass(frozen=True)\nclass V:\n    version: str = "no"\n'
                          'VERSION = "1.9"\n',
    "oneline_if.py": 'if True: VERSION = "no"; setup(version="2.0")\n',
    "paren_target.py": 'X = 1\n(X) = 2\n((__version__)) = "2.2"\n(Y) += 1\n'
                       '(A): int = 5\nB = 1\n(B): int = 2\nC = (D) = 3\n'
                       '(E)[0] = 1\n(F.g) = 1\n(H, I) = 1, 2\n',
    "tuple_target.py": 'a, __version__ = 1, "no"\nx.__version__ = "no"\n'
                       'VERSION = "2.1"\n',
}


def python_corpus():
    d = os.path.join(TMP, "py")
    os.makedirs(d, exist_ok=True)
    for i, (name, text) in enumerate(sorted(PY.items())):
        if i % SAMPLE:
            continue
        p = os.path.join(d, name)
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        try:
            ast.parse(open(p, "rb").read())
        except SyntaxError as e:
            result(False, "corpus %s parses" % name, e)
            continue
        judge_python(p, name)


# ---------------------------------------------------------- requirements

def reqs_of_text(text):
    """The requirement of each pip line that packaging parses, by line."""
    out = {}
    for i, line in enumerate(text.split("\n")):
        line = line.split(" #")[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        try:
            out[i] = Requirement(line)
        except Exception:
            pass
    return out


def toml_deps(doc):
    deps = list(doc.get("project", {}).get("dependencies", []))
    for v in doc.get("project", {}).get("optional-dependencies", {}).values():
        deps += v
    for v in doc.get("dependency-groups", {}).values():
        deps += [x for x in v if isinstance(x, str)]
    return deps


def sources(doc):
    out = dict(doc.get("tool", {}).get("uv", {}).get("sources", {}))
    out.update(doc.get("tool", {}).get("poetry", {}).get("dependencies", {}))
    return out


def moved(old, new, a, b):
    """new is old with version a moved to b in pins and URLs."""
    if isinstance(old, str):
        return old.replace(a, b) == new
    return str(Requirement(str(old).replace(a, b))) == str(new)


REQ_IN = (
    "zulip==0.8.2\n"
    "zulip-bots @ git+https://github.com/Zulip/python-zulip-api.git@0.8.2#subdirectory=zulip_bots\n"
    "zulip_botserver @ https://github.com:443/zulip/python-zulip-api/archive/0.8.2.tar.gz#subdirectory=zulip_botserver\n"
    "git+https://github.com/zulip/python-zulip-api.git@0.8.2#egg=zulip_integrations==0.8.2+git&subdirectory=zulip\n"
    "requests==2.31.0  # not ours\n"
    "zulip==0.8.2 ; python_version >= \"3.9\"\n"
)

TOML = '''[project]
name = "server"
dependencies = [
  "zulip==0.8.2 ; python_version >= \\"3.9\\"",
  "zulip_bots\\u003d\\u003d0.8.2",
  """zulip_botserver==0.8.2""",
  'zulip-integrations @ git+https://github.com/zulip/python-zulip-api.git@0.8.2#subdirectory=zulip',
  "requests==2.31.0",
]
[project.optional-dependencies]
dev = ["zulip ==0.8.2"]

[tool.uv.sources]
zulip.git = "https://github.com/zulip/python-zulip-api"
zulip.tag = "0.8.2"
zulip_bots = { url = "https://github.com/zulip/python-zulip-api/archive/0.8.2.zip", subdirectory = "zulip_bots" }

[tool.poetry.dependencies]
python = "^3.9"
zulip_botserver = {git = "https://github.com/zulip/python-zulip-api.git", tag = "0.8.2", subdirectory = "zulip_botserver"}
'''

PKGS = ["-p", "zulip", "-p", "zulip_bots", "-p", "zulip_botserver",
        "-p", "zulip_integrations"]


def reqbump_corpus():
    d = os.path.join(TMP, "req")
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, "common.in")
    open(p, "w").write(REQ_IN)
    rc, out, err = run("reqbump", *PKGS, "0.9.1", p)
    result(rc == 0, "reqbump on requirement lines", err)
    old, new = reqs_of_text(REQ_IN), reqs_of_text(out.decode())
    result(old.keys() == new.keys(), "every requirement still parses",
           sorted(old), sorted(new))
    for i in sorted(old):
        r = old[i]
        ours = r.name.replace("-", "_") != "requests"
        if ours:
            good = i in new and moved(r, new[i], "0.8.2", "0.9.1")
        else:
            good = i in new and str(new[i]) == str(r)
        result(good, "line %d: %s %s" % (i + 1, r.name,
               "moved to 0.9.1" if ours else "unchanged"), r, new.get(i))

    t = os.path.join(d, "pyproject.toml")
    open(t, "w").write(TOML)
    rc, out, err = run("reqbump", *PKGS, "0.9.1", t)
    result(rc == 0, "reqbump on pyproject.toml", err)
    try:
        olddoc, newdoc = tomllib.loads(TOML), tomllib.loads(out.decode())
    except tomllib.TOMLDecodeError as e:
        result(False, "the result is TOML", e)
        return
    result(True, "the result is TOML")
    od, nd = toml_deps(olddoc), toml_deps(newdoc)
    result(len(od) == len(nd), "as many dependency strings", od, nd)
    for o, nw in zip(od, nd):
        ro, rn = Requirement(o), Requirement(nw)
        ours = ro.name != "requests"
        good = moved(ro, rn, "0.8.2", "0.9.1") if ours else o == nw
        result(good, "dependency %r -> %r" % (o, nw))
    so, sn = sources(olddoc), sources(newdoc)
    for name in so:
        o, nw = so[name], sn.get(name)
        if isinstance(o, str):
            result(o == nw, "source %s unchanged" % name)
            continue
        want = {k: (v.replace("0.8.2", "0.9.1") if isinstance(v, str) else v)
                for k, v in o.items()}
        result(nw == want, "source %s moved" % name, o, nw)
    rest_o = {k: v for k, v in olddoc.items() if k not in ("project", "tool")}
    rest_n = {k: v for k, v in newdoc.items() if k not in ("project", "tool")}
    result(rest_o == rest_n and olddoc["project"]["name"] ==
           newdoc["project"]["name"], "nothing else in the TOML changed")

    # refusals leave the pins alone and say why
    for name, text, why in (
            ("hash.in", "zulip @ https://github.com/zulip/python-zulip-api/"
             "archive/0.8.2.tar.gz#sha256=" + "a" * 64 + "\n", "#sha256="),
            ("esc.toml", '[project]\ndependencies = ["zulip==0\\u002e8.2"]\n',
             "escapes")):
        p = os.path.join(d, name)
        open(p, "w").write(text)
        rc, out, err = run("reqbump", "-i", "-p", "zulip", "0.9.1", p)
        result(rc == 2 and why.encode() in err and open(p).read() == text,
               "%s refused, unchanged" % name, rc, err)


python_corpus()
reqbump_corpus()
for i, p in enumerate(EXTRA):
    judge_python(p, p)
print("1..%d" % n)
sys.exit(1 if failed else 0)
