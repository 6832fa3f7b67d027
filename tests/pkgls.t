#!/bin/sh
# relkit — MIT licence, see LICENSE.
# pkgls: listing, metadata, globs, -c, -d, hostile and broken archives.
# Fixtures: tests/mkdist.py (zipfile, tarfile) and a real build.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
F=$T/fx
"$PYTHON" "$top/tests/mkdist.py" "$F" || { echo "not ok - mkdist.py"; exit 1; }
cd "$F" || exit 2
# -c applies pypiup's rules too; the fixtures' classifiers are in this list
printf 'sorted_classifiers = [\n    "A :: B",\n    "C :: D",\n    "%s",\n]\n' \
	"Programming Language :: Python :: 3" >"$T/trove.py"
RELKIT_TROVE=$T/trove.py
export RELKIT_TROVE
W=demo-1.0-py3-none-any.whl
S=demo-1.0.tar.gz
nl='
'
tab=$(printf '\t')

# --- usage
check "-h prints the synopsis" 0 \
"usage: pkgls [-l] [-m] [-x GLOB]... [-X FILE] [-a GLOB]... [-c] ARCHIVE...
       pkgls -d OLD NEW" "" pkgls -h
check "-V prints the version" 0 "pkgls (relkit) 0.1.0" "" pkgls -V
check "bad option" 2 "" "^pkgls: .*invalid option.*${nl}usage: pkgls" pkgls -q $W
check "no archive" 2 "" "^usage: pkgls" pkgls
check "-d with one archive" 2 "" "-d takes OLD NEW" pkgls -d $W
check "-d with -c" 2 "" "-d takes OLD NEW" pkgls -d -c $W $W
check "-x needs a glob" 2 "" "requires an argument" pkgls -x
check "-X of a missing file" 2 "" "^pkgls: nope: No such file or directory$" \
	pkgls -X nope $W
printf 'a\0b\n' >nul.txt
check "-X of a file with a NUL" 2 "" "^pkgls: nul.txt:1: NUL byte$" \
	pkgls -X nul.txt $W

# --- listing
check "wheel: one path a line" 0 "demo/__init__.py
demo/core.py
demo-1.0.dist-info/METADATA
demo-1.0.dist-info/WHEEL
demo-1.0.dist-info/RECORD" "" pkgls $W
check "sdist -l: type size mode mtime path" 0 \
"d	0	0755	2024-01-02T03:04:06Z	demo-1.0/
f	204	0644	2024-01-02T03:04:06Z	demo-1.0/PKG-INFO
f	37	0755	2024-01-02T03:04:06Z	demo-1.0/setup.py
d	0	0755	2024-01-02T03:04:06Z	demo-1.0/demo/
f	6	0644	2024-01-02T03:04:06Z	demo-1.0/demo/__init__.py
f	22	0644	2024-01-02T03:04:06Z	demo-1.0/demo/core.py
f	7	0644	2024-01-02T03:04:06Z	demo-1.0/README.md
d	0	0755	2024-01-02T03:04:06Z	demo-1.0/demo/assets/
f	6	0644	2024-01-02T03:04:06Z	demo-1.0/demo/assets/logo.png
d	0	0755	2024-01-02T03:04:06Z	demo-1.0/docs/
d	0	0755	2024-01-02T03:04:06Z	demo-1.0/docs/fixtures/
f	3	0644	2024-01-02T03:04:06Z	demo-1.0/docs/fixtures/bot.json" "" pkgls -l $S
check "wheel -l: modes and DOS time from the central directory" 0 \
"f	6	0644	2024-01-02T03:04:06Z	demo/__init__.py" "" \
	sh -c "pkgls -l $W | head -1"
pkgls $S >tgz.out
for f in demo-1.0.tar.bz2 demo-1.0.tar.xz demo-1.0.zip; do
	pkgls $f >other.out
	same "$f lists as the .tar.gz does" tgz.out other.out
done
STDIN=$S check "- reads an sdist from stdin" 0 "$(cat tgz.out)" "" pkgls -
check "- reads an sdist from a pipe" 0 "$(cat tgz.out)" "" sh -c "cat $S | pkgls -"
check "- from a pipe, -c and -m" 0 "1.0" "" \
	sh -c "cat $S | pkgls -c -m - | awk -F '\t' '\$1 == \"Version\" { print \$2 }'"
STDIN=junk-1.0.tar.gz check "- that is not an archive" 2 "" \
	"^pkgls: -: Unrecognized archive format$" pkgls -
STDIN=/dev/null check "- that is empty" 2 "" "^pkgls: -: Unrecognized archive format$" pkgls -
check "an archive with no members" 2 "" "^pkgls: empty-1.0.tar.gz: empty archive$" \
	pkgls empty-1.0.tar.gz
check "several archives: ARCHIVE<TAB>PATH" 0 \
"$W${tab}demo/__init__.py
demo-1.0.zip${tab}demo-1.0/" "" sh -c "pkgls $W demo-1.0.zip | sed -n '1p;6p'"
check "stdout write error" 2 "" "write error" sh -c "pkgls $W >/dev/full"

# --- metadata
meta="Metadata-Version	2.1
Name	demo
Version	1.0
Summary	A demo
Classifier	A :: B
Classifier	C :: D
Requires-Dist	x>=1
License	line one\\n  line two
Description-Content-Type	text/plain"
check "-m: Field<TAB>value, multi-use fields repeated" 0 "$meta" "" pkgls -m $W
check "-m: sdist PKG-INFO" 0 "$meta" "" pkgls -m $S
check "-mm: with the description" 0 "$meta
Description	The description.\\n" "" pkgls -mm $S
check "-m: several archives prefixed" 0 "$S${tab}Version${tab}1.0
$W${tab}Version${tab}1.0" "" sh -c "pkgls -m $S $W | grep '	Version	'"
check "-m: metadata over 16 MiB refused" 2 "" \
	"^pkgls: big-1.0-py3-none-any.whl: big-1.0.dist-info/METADATA: 17826004 bytes, more than the 16777216 allowed$" \
	pkgls -m big-1.0-py3-none-any.whl
check "-m: sdist metadata over 16 MiB refused" 2 "" "more than the 16777216 allowed" \
	pkgls -m big-1.0.tar.gz
check "-m: unparsable PKG-INFO" 2 "" \
	"^pkgls: badmeta-1.0.tar.gz: badmeta-1.0/PKG-INFO:1: not a header field" \
	pkgls -m badmeta-1.0.tar.gz
check "-m: no PKG-INFO" 2 "" "nopkg-1.0/PKG-INFO: no such member" \
	pkgls -m nopkg-1.0.tar.gz
check "-m: two .dist-info directories: the file name's is read, as PyPI does" 0 \
	"two" "" sh -c "pkgls -m two-1.0-py3-none-any.whl | sed -n 's/^Name	//p'"
cp two-1.0-py3-none-any.whl three-1.0-py3-none-any.whl
check "-m: two .dist-info directories, neither the file name's" 2 "" \
	"more than one \\*\\.dist-info" pkgls -m three-1.0-py3-none-any.whl
check "-m -l: listing and metadata" 0 "$(cat tgz.out | sed 's/^/x/' | head -0)$(pkgls -l $S)
$meta" "" pkgls -m -l $S

# --- globs (the checklist's cases)
check "-x: checklist globs, each violation named" 1 "" \
"^pkgls: $S: demo-1.0/README.md: denied by \\*\\.md
pkgls: $S: demo-1.0/demo/assets/: denied by \\*/assets/\\*
pkgls: $S: demo-1.0/demo/assets/logo.png: denied by \\*/logo\\.\\*
pkgls: $S: demo-1.0/docs/fixtures/bot.json: denied by \\*/fixtures/\\*\\.json$" \
	pkgls -x '*/logo.*' -x '*/assets/*' -x '*.md' -x '*/fixtures/*.json' $S
check "-x: * crosses /" 1 "" "demo/core.py: denied by d\\*y" pkgls -x 'd*y' $W
check "-x: whole path only" 0 "" "" pkgls -x 'core.py' -x 'demo' $W
printf '# not on PyPI\n\n  */logo.*  \n\t# indented comment\n*.md\n' >deny.txt
check "-X: globs from a file, comments and blanks skipped" 1 "" \
"^pkgls: $S: demo-1.0/README.md: denied by \\*\\.md
pkgls: $S: demo-1.0/demo/assets/logo.png: denied by \\*/logo\\.\\*$" \
	pkgls -X deny.txt $S
check "-x: the 1.1 sdist has no logo" 0 "" "" pkgls -x '*/logo.*' demo-1.1.tar.gz
check "-a: only allowed members (directories exempt)" 1 "" \
"^pkgls: $S: demo-1.0/README.md: matches no allowed glob
pkgls: $S: demo-1.0/docs/fixtures/bot.json: matches no allowed glob$" \
	pkgls -a '*.py' -a '*/PKG-INFO' -a '*/assets/*' $S
check "-l with -x lists and checks" 1 "$(pkgls -l $W)" "denied by \\*/RECORD" \
	pkgls -l -x '*/RECORD' $W

# --- -c on good archives
for f in $W $S demo-1.0.tar.bz2 demo-1.0.tar.xz demo-1.0.zip demo-1.1.tar.gz \
    quoted-1.0-py3-none-any.whl \
    algos-1.0-py3-none-any.whl; do
	check "-c: $f passes" 0 "" "" pkgls -c $f
done
STDIN=$S check "-c: sdist on stdin passes" 0 "" "" pkgls -c -

# --- -c violations
c() { # desc file stderr-ere
	check "-c: $1" 1 "" "^pkgls: $2: $3" pkgls -c "$2"
}
c "RECORD size" badrec-1.0-py3-none-any.whl "demo/__init__.py: RECORD size 7, archive size 6$"
c "RECORD hash" badrec-1.0-py3-none-any.whl "demo/core.py: sha256 in RECORD does not match the content$"
c "member not in RECORD" badrec-1.0-py3-none-any.whl "demo/extra.py: not in RECORD$"
c "RECORD line without member" ghost-1.0-py3-none-any.whl "demo/gone.py: in RECORD but not in the archive$"
c "weak hash" ghost-1.0-py3-none-any.whl "demo/md5.py: RECORD hash algorithm md5 is not sha256"
c "no hash" ghost-1.0-py3-none-any.whl "demo/nohash.py: no hash in RECORD$"
c "path twice in RECORD" ghost-1.0-py3-none-any.whl "demo/core.py: listed twice in RECORD \\(lines 2 and 8\\)$"
c "bad RECORD CSV" badcsv-1.0-py3-none-any.whl "badcsv-1.0.dist-info/RECORD: line 1: bad CSV quoting$"
c "no RECORD" norec-1.0-py3-none-any.whl "no norec-1.0.dist-info/RECORD$"
c "no Wheel-Version" demo-1.0-py2-none-any.whl "demo-1.0.dist-info/WHEEL: no Wheel-Version field$"
ok "-c: an empty module in a wheel is no violation (pip installs it)" \
	sh -c '! pkgls -c demo-1.0-py2-none-any.whl 2>&1 | grep "empty\.py"'
c "bytecode in a wheel" demo-1.0-py2-none-any.whl "demo/__pycache__/core.cpython-311.pyc: compiled Python file$"
c "no METADATA" demo-2.0-py3-none-any.whl "no demo-1.0.dist-info/METADATA$"
c "no WHEEL" demo-2.0-py3-none-any.whl "no demo-1.0.dist-info/WHEEL$"
c "two .dist-info" two-1.0-py3-none-any.whl "more than one .dist-info directory: two-1.0.dist-info/ and other-1.0.dist-info/ \(pip refuses to install it: \"multiple \.dist-info directories found\"\)$"
c "bad wheel name" demo.whl "file name is not NAME-VERSION"
c "too many dashes" demo-1.0-1-2-3-4-5.whl "file name is not NAME-VERSION"
c "big METADATA" big-1.0-py3-none-any.whl "big-1.0.dist-info/METADATA: 17826004 bytes, more than the 16777216 allowed$"
c "declared sizes past the hashing cap" huge-1.0-py3-none-any.whl "members declare 3221226179 bytes in all, more than the 2147483648 hashed: RECORD hashes not checked$"
c "inflates past its declared size" liar-1.0-py3-none-any.whl "demo/core.py: inflates beyond its declared 5 bytes$"
c "corrupt deflate data" corrupt-1.0-py3-none-any.whl "demo/core.py: corrupt member data"
cp $W demo-1.1-py3-none-any.whl.tmp && mv demo-1.1-py3-none-any.whl.tmp demo-9-py3-none-any.whl
c "file name version" demo-9-py3-none-any.whl "version 9 in the file name is not 1.0 from the metadata$"
cp $W Other-1.0-py3-none-any.whl
c "file name project" Other-1.0-py3-none-any.whl "name Other in the file name is not demo from the metadata$"
cp $W Demo-1.0.0-py3-none-any.whl
check "-c: names and versions compared normalised (PyPI is stricter)" 1 "" \
	"^pkgls: Demo-1.0.0-py3-none-any.whl: PyPI: WHEEL not found at Demo-1.0.0.dist-info/WHEEL$" \
	pkgls -c Demo-1.0.0-py3-none-any.whl
check "-c: a 64 MiB zip bomb: PyPI's compression ratio" 1 "" \
	"^pkgls: bomb-1.0-py3-none-any.whl: PyPI: File exceeds compression ratio of 50$" \
	pkgls -c bomb-1.0-py3-none-any.whl
ok "-c: pkgls's own names and versions compared normalised" \
	sh -c '! pkgls -c Demo-1.0.0-py3-none-any.whl 2>&1 | grep "in the file name is not"'
c "no PKG-INFO" nopkg-1.0.tar.gz "no nopkg-1.0/PKG-INFO$"
c "members outside the top directory" tops-1.0.tar.gz "other/x.py: outside the top directory tops-1.0/$"
c "top directory not the file name" wrong-1.0.tar.gz "top directory demo-1.0/ is not named after the file \\(wrong-1.0/\\)$"
c "bytecode in an sdist" pyc-1.0.tar.gz "pyc-1.0/demo/__pycache__/core.cpython-311.pyc: compiled Python file$"
ok "-c: an empty module in an sdist is no violation" \
	sh -c '! pkgls -c pyc-1.0.tar.gz 2>&1 | grep "empty\.py"'
c "PKG-INFO version" ver-1.0.tar.gz "version 1.0 in the top directory is not 2.0 from the metadata$"
c "unparsable PKG-INFO" badmeta-1.0.tar.gz "badmeta-1.0/PKG-INFO: line 1: not a header field"
c "big PKG-INFO" big-1.0.tar.gz "big-1.0/PKG-INFO: 17825995 bytes, more than"

# --- hostile and broken input
check "../x and /etc/x: listed, named" 1 "$(printf 'demo/__init__.py\ndemo/core.py\nevil-1.0.dist-info/METADATA\nevil-1.0.dist-info/WHEEL\n../x\n/etc/x\ndemo/..\nevil-1.0.dist-info/RECORD')" \
"^pkgls: evil-1.0-py3-none-any.whl: \\.\\./x: unsafe name: '\\.\\.' component
pkgls: evil-1.0-py3-none-any.whl: /etc/x: unsafe name: absolute path
pkgls: evil-1.0-py3-none-any.whl: demo/\\.\\.: unsafe name: '\\.\\.' component$" \
	pkgls evil-1.0-py3-none-any.whl
check "sdist ../x and /etc/x" 1 "" \
"^pkgls: evil-1.0.tar.gz: \\.\\./x: unsafe name: '\\.\\.' component
pkgls: evil-1.0.tar.gz: /etc/x: unsafe name: absolute path$" \
	pkgls -x nothing evil-1.0.tar.gz
check "duplicate wheel member" 1 "" \
	"^pkgls: dup-1.0-py3-none-any.whl: demo/core.py: duplicate member \\(2 times\\)$" \
	pkgls -x nothing dup-1.0-py3-none-any.whl
check "duplicate sdist member" 1 "" \
	"^pkgls: dup-1.0.tar.gz: dup-1.0/setup.py: duplicate member \\(2 times\\)$" \
	pkgls -x nothing dup-1.0.tar.gz
check "non-UTF-8 wheel name printed escaped" 0 'demo/n\xff\t_.py' "" \
	sh -c "pkgls raw-1.0-py3-none-any.whl | grep '^demo/n'"
check "non-UTF-8 sdist name printed escaped" 0 'raw-1.0/n\xff\n.py' "" \
	sh -c "pkgls raw-1.0.tar.gz | grep '^raw-1.0/n'"
check "-c: non-UTF-8 name" 1 "" 'demo/n\\xff\\t_\.py: name is not UTF-8$' \
	pkgls -c raw-1.0-py3-none-any.whl
check "zip bomb listed without inflating" 0 \
	"f	67108864	0644	2024-01-02T03:04:06Z	bomb/zeros.bin" "" \
	sh -c "pkgls -l bomb-1.0-py3-none-any.whl | grep zeros"
check "declared 3 GiB listed as declared" 0 "huge/zeros.bin" "" \
	sh -c "pkgls -l huge-1.0-py3-none-any.whl | awk -F '\t' '\$2 == 3221225472 { print \$5 }'"
check "sdist declaring 5 GiB refused before inflating it" 2 "" \
	"^pkgls: gzbomb-1.0.tar.gz: members declare more than 4294967296 bytes in all$" \
	timeout $((20 * TMUL)) pkgls gzbomb-1.0.tar.gz
check "truncated wheel" 2 "" \
	"^pkgls: trunc-1.0-py3-none-any.whl: not a zip archive, or truncated \\(no central directory\\)$" \
	pkgls trunc-1.0-py3-none-any.whl
check "truncated sdist" 2 "" "^pkgls: trunc-1.0.tar.gz: truncated gzip input$" \
	pkgls trunc-1.0.tar.gz
check "not a wheel" 2 "" "^pkgls: junk-1.0-py3-none-any.whl: not a zip archive" \
	pkgls junk-1.0-py3-none-any.whl
check "not an sdist" 2 "" "^pkgls: junk-1.0.tar.gz: Unrecognized archive format$" \
	pkgls junk-1.0.tar.gz
check "name over 4096 bytes" 2 "" \
	"^pkgls: long-1.0-py3-none-any.whl: member 1: name longer than 4096 bytes$" \
	pkgls long-1.0-py3-none-any.whl
check "sdist name over 4096 bytes" 2 "" \
	"^pkgls: long-1.0.tar.gz: member 1: name longer than 4096 bytes$" \
	pkgls long-1.0.tar.gz
check "NUL byte in a wheel member name" 2 "" \
	"^pkgls: nul-1.0-py3-none-any.whl: member 1: NUL byte in its name$" \
	pkgls nul-1.0-py3-none-any.whl
check "unknown suffix" 2 "" "^pkgls: demo-1.0.rpm: not a distribution name" \
	pkgls demo-1.0.rpm
check "missing file" 2 "" "^pkgls: nope.whl: No such file or directory$" pkgls nope.whl
check "missing sdist" 2 "" "^pkgls: nope.tar.gz: No such file or directory$" pkgls nope.tar.gz
check "a bad archive does not stop the others" 2 "$W${tab}demo/__init__.py" \
	"junk-1.0.tar.gz: Unrecognized" \
	sh -c "pkgls junk-1.0.tar.gz $W | head -1; exit \$(pkgls junk-1.0.tar.gz $W >/dev/null 2>&1; echo \$?)"

# --- hostile archives at the formats' edges (tests/mkhostile.py); each
# verdict is the one zipfile, tarfile's 'data' filter and warehouse give
# (tests/mkhostile.py --judge DIR WAREHOUSE prints theirs)
"$PYTHON" "$top/tests/mkhostile.py" "$F/hx" || echo "not ok - mkhostile.py"
# Exit status, empty stdout and the whole of stderr (less "pkgls: FILE: ").
hx() { # desc status file stderr [option]
	(cd "$F/hx" && pkgls ${5:--c} "$3") >"$T/.hout" 2>"$T/.herr"
	_rc=$?
	sed "s|^pkgls: $3: ||" "$T/.herr" >"$T/.hgot"
	printf '%s\n' "$4" | sed '/^$/d' >"$T/.hwant"
	if [ "$_rc" = "$2" ] && [ ! -s "$T/.hout" ] && cmp -s "$T/.hgot" "$T/.hwant"
	then
		_result 0 "$1"
	else
		_result 1 "$1" "exit $_rc, wanted $2; stdout: $(cat "$T/.hout")" \
			"$(diff "$T/.hwant" "$T/.hgot")"
	fi
}
Z="See https://docs.pypi.org/archives for more information"
for f in good z64x z64e epok fat; do
	hx "$f wheel passes" 0 $f-1.0-py3-none-any.whl ""
done
hx "tar: links inside the archive pass" 0 tsafe-1.0.tar.gz ""
hx "tar: a link to .. that stays inside passes" 0 tchain-1.0.tar.gz ""
check "zip64 extra fields: real sizes" 0 \
"f	6	0644	2024-01-02T03:04:06Z	demo/__init__.py
f	22	0644	2024-01-02T03:04:06Z	demo/core.py" "" \
	sh -c "cd hx && pkgls -l z64x-1.0-py3-none-any.whl | head -2"
check "zip64 end record: the same" 0 "$(cd hx && pkgls -l z64x-1.0-py3-none-any.whl | sed 's/z64x/z64e/')" "" \
	pkgls -l hx/z64e-1.0-py3-none-any.whl
check "a 5 GiB member listed as 5 GiB" 0 \
	"f	5368709120	0644	2024-01-02T03:04:06Z	huge5g/zeros.bin" "" \
	sh -c "pkgls -l hx/huge5g-1.0-py3-none-any.whl | head -1"
hx "5 GiB member: RECORD size agrees; PyPI's ratio" 1 huge5g-1.0-py3-none-any.whl \
"members declare 5368709522 bytes in all, more than the 2147483648 hashed: RECORD hashes not checked
PyPI: File exceeds compression ratio of 50"
check "FAT attributes: the mode the archive holds" 0 \
	"f	6	0666	2024-01-02T03:04:06Z	demo/__init__.py" "" \
	sh -c "pkgls -l hx/fat-1.0-py3-none-any.whl | head -1"
hx "bzip2 members inflated; PyPI takes only stored and deflate" 1 bz2-1.0-py3-none-any.whl \
	"PyPI: File does not use a supported compression type"
hx "LZMA members inflated" 1 lzma-1.0-py3-none-any.whl \
	"PyPI: File does not use a supported compression type"
hx "an LZMA member asking for a 4 GiB dictionary: refused, not allocated" 1 \
	lzdict-1.0-py3-none-any.whl \
"demo/__init__.py: LZMA dictionary larger than 64 MiB
PyPI: File exceeds compression ratio of 50"
check "-m of a bzip2 wheel" 0 "Metadata-Version	2.1
Name	bz2
Version	1.0" "" pkgls -m hx/bz2-1.0-py3-none-any.whl
hx "RECORD hashing the raw bzip2 bytes" 1 bz2raw-1.0-py3-none-any.whl \
"demo/__init__.py: sha256 in RECORD does not match the content
demo/core.py: sha256 in RECORD does not match the content
bz2raw-1.0.dist-info/METADATA: sha256 in RECORD does not match the content
bz2raw-1.0.dist-info/WHEEL: sha256 in RECORD does not match the content
PyPI: File does not use a supported compression type"
hx "a method zipfile does not read" 1 implode-1.0-py3-none-any.whl \
"demo/__init__.py: compression method 6 (implode) not supported
PyPI: File does not use a supported compression type"
hx "local header name differs" 1 lname-1.0-py3-none-any.whl \
"demo/__init__.py: the local header names another file than the central directory
PyPI: ZIP archive not accepted: Filename not in central directory. $Z"
hx "trailing data" 1 trail-1.0-py3-none-any.whl \
	"PyPI: ZIP archive not accepted: Trailing data. $Z"
hx "duplicate names" 1 dup-1.0-py3-none-any.whl \
"demo/core.py: duplicate member (2 times)
demo/core.py: listed twice in RECORD (lines 2 and 3)
demo/core.py: RECORD size 22, archive size 6
demo/core.py: sha256 in RECORD does not match the content
PyPI: ZIP archive not accepted: Mis-matched data size (member demo/core.py). $Z"
hx "data descriptor" 1 dd-1.0-py3-none-any.whl \
	"PyPI: ZIP archive not accepted: ZIP contains a data descriptor. $Z"
hx "comment in a central directory record" 1 cdcomment-1.0-py3-none-any.whl \
	"PyPI: ZIP archive not accepted: Comment in central directory. $Z"
hx "end record's count is wrong" 1 count-1.0-py3-none-any.whl \
	"PyPI: ZIP archive not accepted: Mismatched central directory records. $Z"
hx "unknown record between the data and the directory" 1 gap-1.0-py3-none-any.whl \
	"PyPI: ZIP archive not accepted: Unknown record signature. $Z"
hx "bytes before the archive (zipfile reads it)" 1 stub-1.0-py3-none-any.whl \
	"PyPI: ZIP archive not accepted: Unknown record signature. $Z"
hx "local and central sizes differ: the member named" 1 sizes-1.0-py3-none-any.whl \
	"PyPI: ZIP archive not accepted: Mis-matched data size (member demo/core.py). $Z"
hx "control character in a name" 1 ctrl-1.0-py3-none-any.whl \
	"PyPI: ZIP archive not accepted: Invalid character in filename. $Z"
hx "a name that is not UTF-8" 1 latin1-1.0-py3-none-any.whl \
'demo/caf\xe9.py: name is not UTF-8
demo/caf\xe9.py: not in RECORD
demo/caf�.py: in RECORD but not in the archive
PyPI: ZIP archive not accepted: Filename not unicode. '"$Z"
hx "zip64 extensible data: named so, not as a bad offset" 2 z64ext-1.0-py3-none-any.whl \
	"a zip64 end record with extensible data (PyPI: ZIP64 extensible data not allowed)"
hx "entry_points.txt that does not parse" 1 ep-1.0-py3-none-any.whl \
	"PyPI: Wheel 'ep-1.0-py3-none-any.whl' has invalid entry points defined in the entry_points.txt file (entry_points.txt is not a valid INI file: line 3 is not NAME = VALUE)"
hx "entry point name with a path" 1 epname-1.0-py3-none-any.whl \
	"PyPI: Wheel 'epname-1.0-py3-none-any.whl' has invalid entry points defined in the entry_points.txt file (invalid entry point name '../evil')"
hx "tar: symlink to /etc/passwd" 1 tabs-1.0.tar.gz \
	"tabs-1.0/passwd: unsafe: a symlink to an absolute path (/etc/passwd)"
hx "tar: symlink to ../../../etc/passwd" 1 trel-1.0.tar.gz \
	"trel-1.0/passwd: unsafe: a symlink leaving the archive (../../../etc/passwd)"
hx "tar: hard link to /etc/shadow" 1 thard-1.0.tar.gz \
	"thard-1.0/shadow: unsafe: a hard link to an absolute path (/etc/shadow)"
hx "tar: hard link to ../outside" 1 thardrel-1.0.tar.gz \
	"thardrel-1.0/x: unsafe: a hard link leaving the archive (../outside)"
hx "tar: character device" 1 tchr-1.0.tar.gz "tchr-1.0/null: unsafe: a character device"
hx "tar: block device" 1 tblk-1.0.tar.gz "tblk-1.0/sda: unsafe: a block device"
hx "tar: FIFO" 1 tfifo-1.0.tar.gz "tfifo-1.0/fifo: unsafe: a FIFO"
hx "tar: a file beneath a symlink to /tmp" 1 tescape-1.0.tar.gz \
"tescape-1.0/escape: unsafe: a symlink to an absolute path (/tmp)
tescape-1.0/escape/pwned.txt: unsafe: beneath a symlink leaving the archive"
hx "tar: symlinks through symlinks" 1 tvia-1.0.tar.gz \
	"tvia-1.0/out: unsafe: a symlink leaving the archive (up/../..)"
hx "tar: a link chain stored under other names (tarfile's data filter refuses c)" 1 \
	tlinks-1.0.tar.gz \
"tlinks-1.0/a/b/c: unsafe: a symlink leaving the archive (..)
tlinks-1.0/a/b/c/pwned.txt: unsafe: beneath a symlink leaving the archive"
hx "tar: the same chain, inside the archive where each lands" 0 tlinksok-1.0.tar.gz ""
hx "tar: a file written through a link stored under another name" 0 \
	tlinkfile-1.0.tar.gz ""
hx "tar: a pax path holding a NUL" 2 tnul-1.0.tar.gz \
	"member 3 (tnul-1.0/evil.py): NUL byte in its name" -l
hx "tar: a pax linkpath holding a NUL" 2 tnullink-1.0.tar.gz \
	"member 3 (tnullink-1.0/l): NUL byte in its name"
hx "tar: pax headers with long, non-ASCII names, a global header" 0 \
	tpax-1.0.tar.gz ""
check "tar: pax names listed whole" 0 "tpax-1.0/café.py" "" \
	sh -c "pkgls hx/tpax-1.0.tar.gz | grep caf"
check "tar: more symlink steps than followed (a limit; tarfile follows them all)" 1 "" \
	"tdeep-1.0/l00/f0999: unsafe: behind more symlinks than can be followed$" \
	timeout $((30 * TMUL)) pkgls -c hx/tdeep-1.0.tar.gz
# linear in symlinks: 40,000 links with a file beneath each took 77 s
"$PYTHON" "$top/tests/mkhostile.py" --links 40000 "$F/hxl" >/dev/null ||
	echo "not ok - mkhostile.py --links"
check "40,000 symlinks, a file beneath each: checked within 20 s" 0 "" "" \
	timeout $((20 * TMUL)) pkgls -c hxl/links-1.0.tar.gz
hx "tar: unsafe members are refused without -c" 1 tabs-1.0.tar.gz \
	"tabs-1.0/passwd: unsafe: a symlink to an absolute path (/etc/passwd)" -xNONE
check "tar -l: link targets" 0 \
"l	0	0644	2024-01-02T03:04:06Z	tsafe-1.0/readme -> README
l	0	0644	2024-01-02T03:04:06Z	tsafe-1.0/copy link to tsafe-1.0/README" "" \
	sh -c "pkgls -l hx/tsafe-1.0.tar.gz | grep '^l' | sed -n '1p;3p'"
hx "tar: sparse member" 1 tsparse-1.0.tar.gz \
	"PyPI: tar archive not accepted: Sparse members are not allowed. $Z"
hx "tar: a member outside the top directory" 1 ttop-1.0.tar.gz \
"other/file.txt: outside the top directory ttop-1.0/
PyPI: Incorrect number of top-level directories in sdist"
hx "tar: no PKG-INFO" 1 tnopkg-1.0.tar.gz \
"no tnopkg-1.0/PKG-INFO
PyPI: PKG-INFO not found at tnopkg-1.0/PKG-INFO"
hx "tar.gz that is a zip as well" 1 tpoly-1.0.tar.gz \
	"PyPI: File is both a zip and a tar file"

# --- -d
check "-d: sdists, versions stripped" 1 "+demo/NEWS
-demo/demo/assets/logo.png" "" pkgls -d $S demo-1.1.tar.gz
check "-d: wheels of two versions compare clean" 0 "" "" \
	pkgls -d $W demo-1.1-py3-none-any.whl
check "-d: the other way round" 1 "-demo/NEWS
+demo/demo/assets/logo.png" "" pkgls -d demo-1.1.tar.gz $S
check "-d: wheel members added and removed" 1 "-demo.dist-info/METADATA
-demo.dist-info/RECORD
-demo.dist-info/WHEEL
+demo/a,b.py
+demo/q\"q.py
+quoted.dist-info/METADATA
+quoted.dist-info/RECORD
+quoted.dist-info/WHEEL" "" pkgls -d $W quoted-1.0-py3-none-any.whl
check "-d: sdist against wheel" 2 "" "not both sdists or both wheels" pkgls -d $S $W
check "-d: missing OLD" 2 "" "^pkgls: nope.whl: No such file" pkgls -d nope.whl $W
check "-d: missing NEW" 2 "" "^pkgls: nope.whl: No such file" pkgls -d $W nope.whl

# Members of 1 MiB and more are hashed in a second thread: a right RECORD
# passes, one wrong byte in a big member is named.
"$PYTHON" - <<'PY'
import base64, hashlib, os, zipfile
def wheel(name, tamper):
    big = os.urandom(3 << 20)
    files = {"big/data.bin": big, "big/__init__.py": b"X = 1\n",
             "big-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: big\nVersion: 1.0\n",
             "big-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: t\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    rec = ""
    for k, v in files.items():
        h = base64.urlsafe_b64encode(hashlib.sha256(v).digest()).rstrip(b"=").decode()
        rec += "%s,sha256=%s,%d\n" % (k, h, len(v))
    rec += "big-1.0.dist-info/RECORD,,\n"
    if tamper:
        files["big/data.bin"] = big[:-1] + bytes([big[-1] ^ 1])
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in files.items():
            z.writestr(k, v)
        z.writestr("big-1.0.dist-info/RECORD", rec)
os.makedirs("bigok", exist_ok=True); os.makedirs("bigbad", exist_ok=True)
wheel("bigok/big-1.0-py3-none-any.whl", False)
wheel("bigbad/big-1.0-py3-none-any.whl", True)
PY
check "-c: a 3 MB member hashed in the second thread passes" 0 "" "" \
	pkgls -c bigok/big-1.0-py3-none-any.whl
check "-c: one wrong byte in a 3 MB member is named" 1 "" \
	"big/data.bin: sha256 in RECORD does not match the content$" \
	pkgls -c bigbad/big-1.0-py3-none-any.whl

# A member stored with permission bits and no file type (as bdist_wheel
# writes RECORD) is a file, not "other".
"$PYTHON" - <<'PY'
import zipfile
with zipfile.ZipFile("notype-1.0-py3-none-any.whl", "w") as z:
    i = zipfile.ZipInfo("notype-1.0.dist-info/RECORD")
    i.create_system = 3
    i.external_attr = 0o644 << 16
    z.writestr(i, "")
PY
check "permission bits without a file type: a file" 0 \
"f	0	0644	1980-01-01T00:00:00Z	notype-1.0.dist-info/RECORD" "" \
	pkgls -l notype-1.0-py3-none-any.whl

# --- a real build ($PYTHON -m build --no-isolation)
if "$PYTHON" -c 'import build, setuptools' 2>/dev/null; then
	mkdir -p "$T/src/aloha_bots/assets"
	cat >"$T/src/pyproject.toml" <<'TOML'
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "aloha_bots"
version = "0.9.0"
description = "sample"
readme = "README.md"
dependencies = ["requests>=2"]
classifiers = ["Programming Language :: Python :: 3"]

[tool.setuptools.package-data]
aloha_bots = ["assets/*"]
TOML
	echo 'X = 1' >"$T/src/aloha_bots/__init__.py"
	echo 'def run(): return 1' >"$T/src/aloha_bots/bot.py"
	echo '<svg/>' >"$T/src/aloha_bots/assets/logo.svg"
	printf '# aloha_bots\n' >"$T/src/README.md"
	(cd "$T/src" && timeout 300 "$PYTHON" -m build --no-isolation \
		-o "$T/dist" . >"$T/build.log" 2>&1)
	ok "python -m build made an sdist and a wheel" \
		test -f "$T/dist/aloha_bots-0.9.0.tar.gz" -a \
		-f "$T/dist/aloha_bots-0.9.0-py3-none-any.whl"
	check "-c: real sdist and wheel pass" 0 "" "" pkgls -c \
		"$T/dist/aloha_bots-0.9.0.tar.gz" "$T/dist/aloha_bots-0.9.0-py3-none-any.whl"
	check "checklist globs catch the logo, assets and README" 1 "" \
		"aloha_bots-0.9.0-py3-none-any.whl: aloha_bots/assets/logo.svg: denied by \\*/logo\\.\\*" \
		pkgls -c -X deny.txt -x '*/assets/*' "$T/dist/aloha_bots-0.9.0.tar.gz" \
		"$T/dist/aloha_bots-0.9.0-py3-none-any.whl"
	# older setuptools write "requests (>=2)"
	check "-m of the real wheel" 0 "aloha-bots
0.9.0
requests>=2" "" sh -c "pkgls -m '$T/dist/aloha_bots-0.9.0-py3-none-any.whl' |
		awk -F '\t' '\$1 ~ /^(Name|Version|Requires-Dist)\$/ { print \$2 }' |
		sed 's/ (\\(.*\\))\$/\\1/'"
else
	skip "real build" "python3-build or setuptools missing"
fi
check "getopt errors name the program" 2 "" "^pkgls: invalid option -- 'Z'" pkgls -Z
check "--help exits 0" 0 "$(pkgls -h)" "" pkgls --help
check "--version exits 0" 0 "pkgls (relkit) 0.1.0" "" pkgls --version
done_testing
