#!/bin/sh
# relkit — MIT licence, see LICENSE.
# regress.sh DIR: every input a fuzzer once broke, minimised, written into
# DIR/<harness>/ with printf (no binary blobs in the repository). tests/fuzz.t
# replays them through the harnesses on every make check.
set -eu
out=${1:?usage: regress.sh DIR}
r() { # harness name printf-format
	mkdir -p "$out/$1"
	printf "$3" > "$out/$1/$2"
}

# pyscan: backslash + lone CR counted as a line end, so the line numbers
# of later assignments were one too high (found by fuzz_pyscan).
r fuzz_pyscan cr-continuation 'X = 1 \\\r- 1\nY = 2\n'
r fuzz_pyscan cr-continuation-full '# caf\351 # caf\351 \377\r\n__version__ = "0.1"\r\nX \377\r\n__versimn__ = "0.1"= \n\\\r- 1\377\r\n__version__ = "0.1"\r\nX \377\r\n__versimn__ = "0.1"\r\nX =- '
# pyscan: backslash-CRLF inside a string was taken for an unterminated string.
r fuzz_pyscan crlf-string-continuation 'X = "a\\\r\nb"\r\nY = 2\r\n'

# cfgscan: an inner inline table that neither parses nor skips left its
# key behind with no end (found by fuzz_cfgscan).
r fuzz_cfgscan inline-unskippable '\000project.version = "1.0"\012project = { versi(\205#\000\320`\000\000u002eo = { a = [1,M\012 on = "1.0"\012project = { versi(\205#\000\320`\000\000u002eo = { a = [1,M\012 2] }'

# distcheck: a wheel whose RECORD is empty passed NULL to qsort and bsearch
# (undefined behaviour, caught by UBSan in fuzz_dist).
mkdir -p "$out/fuzz_dist"
"${PYTHON:-/usr/bin/python3}" - "$out/fuzz_dist/empty-record" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("aloha_bots/__init__.py", "__version__ = '0.9.1'\n")
    z.writestr("aloha_bots-0.9.1.dist-info/METADATA",
               "Metadata-Version: 2.1\nName: aloha-bots\nVersion: 0.9.1\n")
    z.writestr("aloha_bots-0.9.1.dist-info/WHEEL",
               "Wheel-Version: 1.0\nTag: py3-none-any\n")
    z.writestr("aloha_bots-0.9.1.dist-info/RECORD", "")
PY

# distcheck: a RECORD that cannot be read leaked its buffer (LeakSanitizer
# in fuzz_dist): here its compression method is one zip does not define.
"${PYTHON:-/usr/bin/python3}" - "$out/fuzz_dist/unreadable-record" <<'PY'
import io, struct, sys, zipfile
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z:
    z.writestr("aloha_bots/__init__.py", "__version__ = '0.9.1'\n")
    z.writestr("aloha_bots-0.9.1.dist-info/METADATA",
               "Metadata-Version: 2.1\nName: aloha-bots\nVersion: 0.9.1\n")
    z.writestr("aloha_bots-0.9.1.dist-info/WHEEL",
               "Wheel-Version: 1.0\nTag: py3-none-any\n")
    z.writestr("aloha_bots-0.9.1.dist-info/RECORD", "x,,\n")
data = bytearray(b.getvalue())
name = b"aloha_bots-0.9.1.dist-info/RECORD"
for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
    i = 0
    while (i := data.find(sig, i)) >= 0:
        n = struct.unpack_from("<H", data, i + (26 if at == 8 else 28))[0]
        off = i + (30 if at == 8 else 46)
        if bytes(data[off:off + n]) == name:
            struct.pack_into("<H", data, i + at, 99)
        i += 4
open(sys.argv[1], "wb").write(data)
PY
