# relkit — MIT licence, see LICENSE.
"""The layers of common/ as README.md lists them, against the #include
lines of each module: one line per fault, nothing when all hold.

README's Layout names each layer (edit; archives and rules; index; forge)
and its modules; a module may include only headers of its own layer or
below. redact.c includes no module of ours (util.c prints every message
through it), and every module in common/ is in one layer."""
import os
import re
import sys

top = sys.argv[1]
readme = open(os.path.join(top, "README.md"), encoding="utf-8").read()
block = readme[readme.index("    common/"):readme.index("    tests/ ")]
names = ["edit", "archives and rules", "index", "forge"]
layer = {}
cur = None
depth = 0       # parentheses run over lines
for line in block.splitlines()[1:]:
    body = line.strip()
    for i, n in enumerate(names):
        if body.startswith(n + " ") or body == n:
            cur, body = i, body[len(n):]
    if cur is None:
        continue
    # module names: the words outside parentheses
    words = []
    for tok in re.findall(r"[()]|[A-Za-z0-9_]+", body):
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        elif depth == 0:
            words.append(tok)
    for w in words:
        if os.path.exists(os.path.join(top, "common", w + ".c")):
            layer.setdefault(w, cur)
faults = []
mods = sorted(f[:-2] for f in os.listdir(os.path.join(top, "common"))
              if f.endswith(".c"))
for m in mods:
    if m not in layer:
        faults.append("%s: in no layer of README.md" % m)
        continue
    src = ""
    for ext in (".c", ".h"):
        with open(os.path.join(top, "common", m + ext), encoding="utf-8") as f:
            src += f.read()
    for inc in sorted(set(re.findall(r'#include "(\w+)\.h"', src)) - {m}):
        if m == "redact":
            faults.append("redact includes %s.h" % inc)
        elif inc in layer and layer[inc] > layer[m]:
            faults.append("%s (%s) includes %s.h (%s)" % (
                m, names[layer[m]], inc, names[layer[inc]]))
print("\n".join(faults))
print("%d modules in %d layers" % (len(layer), len(set(layer.values()))),
      file=sys.stderr)
