#!/bin/sh
# relkit — MIT licence, see LICENSE.
# The layers of common/ (README.md's Layout) hold: no module includes one
# of a higher layer, redact.c none of ours, every module in a layer; and
# the check catches a fault when there is one.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
check "no module includes one of a higher layer" 0 "" \
	"^[0-9]+ modules in 4 layers$" "$PYTHON" "$top/tests/layers.py" "$top"
# a copy of the tree with faults put in
mkdir "$T/tree"
cp -r "$top/README.md" "$top/common" "$T/tree/"
printf '#include "upload.h"\n' >>"$T/tree/common/dist.c"
printf '#include "util.h"\n' >>"$T/tree/common/redact.c"
: >"$T/tree/common/stray.c"
: >"$T/tree/common/stray.h"
check "a fault of each kind is named" 0 \
	"dist (archives and rules) includes upload.h (index)
redact includes util.h
stray: in no layer of README.md" "modules in 4 layers" \
	"$PYTHON" "$top/tests/layers.py" "$T/tree"
done_testing
