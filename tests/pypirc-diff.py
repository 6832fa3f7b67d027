#!/usr/bin/env python3
# relkit — MIT licence, see LICENSE.
"""pypirc-diff.py DUMPER DIR [N [SEED]]: .pypirc files read by relkit's
reader (DUMPER --dump FILE...) and by Python's configparser.RawConfigParser,
as twine reads them; every difference is printed, exit 1 if any.

Crafted files (the shapes of real .pypirc files and the corners of the
rules) first, then N random ones built from the pieces configparser
treats specially. Where configparser fails, relkit must fail too, at the
line configparser names (a ParsingError's first line), or no later than
the line it names for the errors it raises at once."""
import configparser
import json
import os
import random
import subprocess
import sys

TOKEN = "pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMAACKlszLCIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiXQAABiAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

CRAFTED = [
    f"[pypi]\nusername = __token__\npassword = {TOKEN}\n",
    "[distutils]\nindex-servers =\n    pypi\n    local\n\n[local]\n"
    "    repository = http://127.0.0.1:1/\n    username = u\n    password = p\n",
    "[local]\nrepository = http://h/\n    username = u\n    password = p\n",
    "[s]\npassword = abc ;def\nusername = a # b\n",
    "[s]\nPassword: x\nUSERNAME=y\n",
    "[s]\npassword = a\nPASSWORD = b\n",
    "[s]\n[t]\n[s]\n",
    "[DEFAULT]\nusername = d\n[a]\n[DEFAULT]\npassword = p\n",
    "[DEFAULT]\nusername = d\n[DEFAULT]\nUsername = e\n",
    "username = x\n[s]\n",
    "\n# c\n; c\n  \n[s]\nk = v\n",
    "[s]\nk = a\n\n\n  b\n\n\n",
    "[s]\nk = a\n  # c\n  ; d\n  b\n",
    "[s]\nk = a\n  [t]\n",
    "  [s]\n k = v\n  j = w\n   more\n",
    "[s]\r\nk = v\r\n  w\rj = x\r",
    "[s]\nk =\u00a0v\u3000\nj\u2003=\u2003w\n",
    "[s]\n\u00c4 = 1\n\u00e4 = 2\n",
    "[s]\n\u0130 = 1\ni = 2\n",
    "[s]\n\u03a3\u03a3 = 1\n\u03c3\u03c2 = 2\n",
    "[a]b] c\nk = v\n",
    "[]\nk = v\n",
    "[]]\nk = v\n",
    "[s]\n= v\n",
    "[s]\nnovalue\n",
    "[s]\nk = v\nnovalue\n  cont\n",
    "[s]\nk: a = b\nj = c: d\n",
    "\ufeff[s]\nk = v\n",
    "[s]\nk = v\x00w\n",
    "[s]\nk = v\x0bw\x0c\n\x1cj = x\n",
    "[s]\n\tk = v\n\t\tw\n",
    "[server-login]\nusername = u\npassword = p\n",
    "[distutils]\nindex-servers = pypi testpypi local\n[pypi]\n[testpypi]\n[local]\n",
]

PIECES = ["[s]", "[t]", "[DEFAULT]", "[a]b]", "[]", "k = v", "K: w",
          "password = x ;y", "k=", "= z", "novalue", "# c", "; c", "",
          "username=u", "\u00c4 = 1", "\u00e4: 2", "[S]", "k : a : b",
          "x = [s]", "#", "\u03a3 = s"]
INDENT = ["", "", "", " ", "  ", "\t", "\u00a0", "\u3000", "    "]
ENDS = ["\n", "\n", "\n", "\r\n", "\r"]
NOISE = "=:[]#; \x00\t\x0b\x0c\x1c\x85aAkK\u00c4\u00e4\u03a3\u0130"


def rand_file(r):
    out = []
    if r.random() < 0.8:
        out.append("[s]\n")
    for _ in range(r.randrange(1, 12)):
        line = r.choice(PIECES)
        if r.random() < 0.15:
            line += "".join(r.choice(NOISE) for _ in range(r.randrange(1, 6)))
        out.append(r.choice(INDENT) + line + r.choice(ENDS))
    data = "".join(out).encode()
    if r.random() < 0.03:
        i = r.randrange(len(data) + 1)
        data = data[:i] + r.choice([b"\xff", b"\xc0\x80", b"\xed\xa0\x80"]) + data[i:]
    return data


def python_view(path):
    p = configparser.RawConfigParser()
    try:
        with open(path, encoding="utf-8") as f:
            p.read_file(f)
    except UnicodeDecodeError:
        return {"ok": False, "line": None, "kind": "decode"}
    except configparser.MissingSectionHeaderError as e:
        return {"ok": False, "line": e.lineno, "kind": "raised"}
    except configparser.ParsingError as e:
        return {"ok": False, "line": e.errors[0][0], "kind": "parsing"}
    except configparser.Error as e:
        return {"ok": False, "line": e.lineno, "kind": "raised"}
    return {"ok": True, "defaults": dict(p._defaults),
            "sections": [[s, dict(p._sections[s])] for s in p.sections()]}


def main():
    dumper, d = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    r = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 13)
    files = []
    for i, text in enumerate(CRAFTED):
        files.append(os.path.join(d, f"crafted{i}.pypirc"))
        with open(files[-1], "wb") as f:
            f.write(text.encode())
    for i in range(n):
        files.append(os.path.join(d, f"random{i}.pypirc"))
        with open(files[-1], "wb") as f:
            f.write(rand_file(r))
    out = subprocess.run([dumper, "--dump"] + files, stdout=subprocess.PIPE,
                         check=True).stdout.decode("utf-8", "replace")
    ours = [json.loads(l) for l in out.split("\n") if l]
    if len(ours) != len(files):
        print(f"{len(ours)} answers for {len(files)} files")
        return 1
    bad = oks = 0
    for path, mine in zip(files, ours):
        py = python_view(path)
        why = None
        if py["ok"] != mine["ok"]:
            why = "configparser %s, relkit %s" % (
                "reads it" if py["ok"] else "fails (%s)" % py["kind"],
                "reads it" if mine["ok"] else "fails at line %d" % mine["line"])
        elif py["ok"]:
            oks += 1
            mine_secs = [[s, v] for s, v in mine["sections"]]
            if py["defaults"] != mine["defaults"] or py["sections"] != mine_secs:
                why = f"configparser {py}, relkit {mine}"
        elif py["kind"] == "parsing" and py["line"] != mine["line"]:
            why = f"configparser fails at line {py['line']}, relkit at {mine['line']}"
        elif py["kind"] == "raised" and mine["line"] > py["line"]:
            why = f"configparser fails at line {py['line']}, relkit at {mine['line']}"
        if why:
            bad += 1
            with open(path, "rb") as f:
                print(f"{os.path.basename(path)}: {why}\n  file: {f.read()!r}")
    print(f"{len(files)} files, {oks} read alike, {bad} differ")
    return 1 if bad else 0


sys.exit(main())
