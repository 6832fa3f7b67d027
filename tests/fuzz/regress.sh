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
