#!/bin/sh
# relkit — MIT licence, see LICENSE.
# pypiup's rules, as PyPI's own code judges: one crafted dist per rule and
# per false refusal (tests/pypirules-mkdist.py, which holds the expected
# verdicts and messages), the form's fields on the wire, the classifier
# list and the renderer present or not, and pkgls -c giving the same
# verdicts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
C=$T/c
"$PYTHON" "$top/tests/pypirules-mkdist.py" "$C" ||
	{ echo "not ok - pypirules-mkdist.py"; exit 1; }
cd "$C" || exit 2
RELKIT_TROVE=$C/trove.py RELKIT_SPDX=$C/spdx.py
export RELKIT_TROVE RELKIT_SPDX
unset TWINE_REPOSITORY TWINE_REPOSITORY_URL
HOME=$T
TWINE_USERNAME=__token__ TWINE_PASSWORD=pypi-testtoken
export HOME TWINE_USERNAME TWINE_PASSWORD

# Each dist: its lines of pypiup -n's stderr, exactly, and its stdout
# line; the accepted in one run (exit 0), the refused in another (exit 2),
# to keep the test short under valgrind.
ACC= REF=
for st in *.status; do
	if [ "$(cat "$st")" = 0 ]; then ACC="$ACC ${st%.status}"; else REF="$REF ${st%.status}"; fi
done
pypiup -n $ACC >"$T/acc.out" 2>"$T/acc.err"
check "the accepted files: exit 0" 0 "" "" sh -c "exit $?"
pypiup -n $REF >"$T/ref.out" 2>"$T/ref.err"
check "the refused files: exit 2" 2 "" "" sh -c "exit $?"
check "the refused files: nothing on stdout, nothing uploaded" 0 \
	"pypiup: nothing uploaded: fix the files above first" "" \
	sh -c "cat '$T/ref.out'; tail -n 1 '$T/ref.err'"
lines() { # prefix file: the lines of file starting with prefix
	awk -v p="$1" 'index($0, p) == 1' "$2"
}
for f in $ACC $REF; do
	case " $ACC " in *" $f "*) d=accepted e=$T/acc.err o=$T/acc.out;;
	*) d=refused e=$T/ref.err o=$T/ref.out;; esac
	why=
	lines "pypiup: $f: " "$e" >"$T/.got"
	lines "pypiup: $f: " "$f.err" >"$T/.want"
	cmp -s "$T/.got" "$T/.want" || why="stderr differs"
	if [ $d = accepted ]; then
		wo="would upload $f ($(stat -c %s "$f") bytes, sha256 $(sha256sum <"$f" | cut -d' ' -f1))"
		grep -qxF "$wo" "$o" || why="$why${why:+; }no '$wo' on stdout"
	fi
	if [ -z "$why" ]; then
		_result 0 "$d: $f"
	else
		_result 1 "$d: $f" "$why" "stderr: $(cat "$T/.got")" \
			"wanted: $(cat "$T/.want")"
	fi
done
check "one line per accepted file on stdout" 0 "$(echo $ACC | wc -w)" "" \
	sh -c "wc -l <'$T/acc.out'"
check "no other lines on stderr" 0 "" "" sh -c "cat $(for f in $ACC $REF; do printf '%s ' "$f.err"; done) |
	grep -v 'nothing uploaded' | sort >'$T/all.want'
	cat '$T/acc.err' '$T/ref.err' | grep -v 'nothing uploaded' | sort | cmp -s - '$T/all.want' || echo differ"

# pkgls -c gives the same verdicts, in the same words (its own lint still
# refuses a second .dist-info, which PyPI takes).
for f in nocolon-1.0-py3-none-any.whl pep639-1.0-py3-none-any.whl \
    plat-1.0-cp311-cp311-win_amd64.whl; do
	check "pkgls -c accepts $f" 0 "" "" pkgls -c "$f"
done
check "pkgls -c accepts lf21-1.0-py3-none-any.whl, with pypiup's note" 0 "" \
	"^pkgls: lf21-1.0-py3-none-any.whl: note: License-File left out of the upload form" \
	pkgls -c lf21-1.0-py3-none-any.whl
for f in plat-1.0-cp311-cp311-linux_x86_64.whl foo-1.0.0.tar.gz \
    amail-1.0-py3-none-any.whl rst-1.0-py3-none-any.whl \
    nolic-1.0-py3-none-any.whl cls-1.0-py3-none-any.whl; do
	check "pkgls -c refuses $f" 1 "" \
		"^pkgls: $(sed -n '1s/^pypiup: //p' "$f.err" | sed 's/[][\\.*^$()+?{}|]/\\&/g')$" \
		pkgls -c "$f"
done

# The form on the wire: no license_file under 2.1, the old Description
# without its indentation.
index_start || exit 2
fields() { # file: the fields of its upload, "name=value" a line (JSON-escaped)
	"$PYTHON" - "$INDEX_DIR/requests.log" "$1" <<'EOF'
import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e.get("content", {}).get("filename") == sys.argv[2]:
        for k, v in e["fields"]:
            print("%s=%s" % (k, json.dumps(v)))
EOF
}
check "upload: License-File under 2.1 left out, with a note" 0 \
	"uploaded lf21-1.0-py3-none-any.whl" \
	"^pypiup: lf21-1.0-py3-none-any.whl: note: License-File left out of the upload form: it came with Metadata-Version 2.4 and the file declares 2.1$" \
	pypiup --repository-url "$INDEX_URL" lf21-1.0-py3-none-any.whl
fields lf21-1.0-py3-none-any.whl >"$T/lf21.fields"
check "the form has no license_file" 1 "" "" grep -q '^license_file=' "$T/lf21.fields"
check "the form has metadata_version 2.1" 0 'metadata_version="2.1"' "" \
	grep '^metadata_version=' "$T/lf21.fields"
check "upload: an old Description field" 0 "uploaded olddesc-1.0.tar.gz" "" \
	pypiup --repository-url "$INDEX_URL" olddesc-1.0.tar.gz
fields olddesc-1.0.tar.gz >"$T/old.fields"
check "the description is sent without the 8-space indentation" 0 \
	'description="Title\n=====\n\nSome *text*."' "" \
	grep '^description=' "$T/old.fields"
check "upload: a second, unrelated .dist-info (a false refusal before)" 0 \
	"uploaded twodi-1.0-py3-none-any.whl" "" \
	pypiup --repository-url "$INDEX_URL" twodi-1.0-py3-none-any.whl
check "upload: METADATA's body after a line without a colon" 0 \
	"uploaded nocolon-1.0-py3-none-any.whl" "" \
	pypiup --repository-url "$INDEX_URL" nocolon-1.0-py3-none-any.whl
fields nocolon-1.0-py3-none-any.whl >"$T/nocolon.fields"
check "... the description is that body" 0 \
	'description="This line is the description\nand so is this: one\n"' "" \
	grep '^description=' "$T/nocolon.fields"

# The classifier list: absent, a warning (never a refusal).
check "no classifier list: a warning, accepted" 0 \
	"would upload cls-1.0-py3-none-any.whl ($(stat -c %s cls-1.0-py3-none-any.whl) bytes, sha256 $(sha256sum <cls-1.0-py3-none-any.whl | cut -d' ' -f1))" \
	"^pypiup: cls-1.0-py3-none-any.whl: warning: classifiers not checked: no trove-classifiers list \(Debian: python3-trove-classifiers\)$" \
	env RELKIT_TROVE=$T/none pypiup -n cls-1.0-py3-none-any.whl
if [ -r /usr/lib/python3/dist-packages/trove_classifiers/__init__.py ]; then
	check "the system's list: a classifier it has" 0 \
		"would upload good-1.0-py3-none-any.whl ($(stat -c %s good-1.0-py3-none-any.whl) bytes, sha256 $(sha256sum <good-1.0-py3-none-any.whl | cut -d' ' -f1))" \
		"" env RELKIT_TROVE= pypiup -n good-1.0-py3-none-any.whl
	check "the system's list: 'Foo :: Bar' refused" 2 "" \
		"line 6: 'Foo :: Bar' is not a valid classifier\.$" \
		env RELKIT_TROVE= pypiup -n cls-1.0-py3-none-any.whl
else
	skip "the system's classifier list" "python3-trove-classifiers is not installed"
	skip "the system's classifier list" "python3-trove-classifiers is not installed"
fi

# The licence list: Debian's node list is older than PyPI's: an
# identifier it lacks is a warning; no list at all, syntax only.
up() { echo "would upload $1 ($(stat -c %s "$1") bytes, sha256 $(sha256sum <"$1" | cut -d' ' -f1))"; }
check "an older licence list: an identifier it lacks warned of" 0 \
	"$(up lexpunk-1.0-py3-none-any.whl)" \
	"^pypiup: lexpunk-1.0-py3-none-any.whl: warning: line 6: 'Bogus-1.0' is not in the SPDX list of $C/spdx.json: PyPI refuses it if its newer list lacks it too$" \
	env RELKIT_SPDX=$C/spdx.json pypiup -n lexpunk-1.0-py3-none-any.whl
check "an older licence list: an exception it lacks warned of" 0 \
	"$(up lexpexc-1.0.tar.gz)" \
	"warning: line 6: 'Bogus-exception' is not in the SPDX list" \
	env RELKIT_SPDX=$C/spdx.json pypiup -n lexpexc-1.0.tar.gz
check "no licence list: the syntax alone" 0 "$(up lexpunk-1.0-py3-none-any.whl)" "" \
	env RELKIT_SPDX=$T/none pypiup -n lexpunk-1.0-py3-none-any.whl
check "no licence list: a bad expression still refused" 2 "" \
	"'MIT OR' is invalid for 'license-expression' \\(not a licence expression\\)" \
	env RELKIT_SPDX=$T/none pypiup -n lexpbad-1.0-py3-none-any.whl
check "pkgls -c: the unknown identifier refused as by pypiup" 1 "" \
	"^pkgls: lexpunk-1.0-py3-none-any.whl: line 6: 'MIT OR Bogus-1.0' is invalid for 'license-expression' \\(unknown licence 'Bogus-1\\.0' in SPDX list 9\\.9 of $C/spdx\\.py\\)$" \
	pkgls -c lexpunk-1.0-py3-none-any.whl

# The renderer: run once per distinct description; absent, a warning.
cat >"$T/countpy" <<EOF
#!/bin/sh
echo run >>"$T/runs"
exec "$PYTHON" "\$@"
EOF
chmod +x "$T/countpy"
mkdir same && cp rst-1.0-py3-none-any.whl same/
: >"$T/runs"
check "one description in two files: refused" 2 "" \
	"^pypiup: same/rst-1.0-py3-none-any.whl: The description failed to render" \
	env RELKIT_CACHE_DIR= PYTHON="$T/countpy" pypiup -n rst-1.0-py3-none-any.whl same/rst-1.0-py3-none-any.whl
check "... and rendered once" 0 "1" "" sh -c "wc -l <'$T/runs'"
: >"$T/runs"
check "two RST descriptions: rendered twice" 2 "" "failed to render" \
	env RELKIT_CACHE_DIR= PYTHON="$T/countpy" pypiup -n rst-1.0-py3-none-any.whl olddesc-1.0.tar.gz
check "... twice" 0 "2" "" sh -c "wc -l <'$T/runs'"
: >"$T/runs"
check "Markdown: no renderer run" 0 \
	"would upload good-1.0-py3-none-any.whl ($(stat -c %s good-1.0-py3-none-any.whl) bytes, sha256 $(sha256sum <good-1.0-py3-none-any.whl | cut -d' ' -f1))" "" \
	env PYTHON="$T/countpy" pypiup -n good-1.0-py3-none-any.whl
check "... none" 0 "0" "" sh -c "wc -l <'$T/runs'"
# A verdict is kept: the same text by the same interpreter is not rendered
# again while the renderer's files are as they were.
: >"$T/runs"
check "rendered and kept" 2 "" "^pypiup: rst-1.0-py3-none-any.whl: The description failed to render" \
	env PYTHON="$T/countpy" pypiup -n rst-1.0-py3-none-any.whl
: >"$T/runs"
check "kept: refused again" 2 "" "^pypiup: rst-1.0-py3-none-any.whl: The description failed to render" \
	env PYTHON="$T/countpy" pypiup -n rst-1.0-py3-none-any.whl
check "... without rendering" 0 "0" "" sh -c "wc -l <'$T/runs'"
check "kept with the stamps of interpreter and renderer" 0 "" "" \
	sh -c "grep -l '^[0-9]* [0-9]* /.*/readme_renderer/rst.py\$' '$T'/cache/rst/* | grep -q ."
check "RELKIT_CACHE_DIR empty: rendered again" 2 "" "failed to render" \
	env RELKIT_CACHE_DIR= PYTHON="$T/countpy" pypiup -n rst-1.0-py3-none-any.whl
check "... once" 0 "1" "" sh -c "wc -l <'$T/runs'"
# a stand-in renderer whose one file is ours: touched, the verdict goes
mkdir "$T/fake"
echo one >"$T/fake/renderer.py"
cat >"$T/fakepy" <<EOF
#!/bin/sh
echo run >>"$T/runs"
cat >/dev/null
printf 'stamps 1\n%s %s %s\n' \$(stat -c %s "$T/fake/renderer.py") \$(stat -c %.9Y "$T/fake/renderer.py" | tr -d .) "$T/fake/renderer.py"
echo '<string>:3: (WARNING/2) stand-in says no.'
exit 4
EOF
chmod +x "$T/fakepy"
: >"$T/runs"
check "stand-in renderer: refused with its message" 2 "" \
	"failed to render in the default format of reStructuredText\. <string>:3: \(WARNING/2\) stand-in says no\.$" \
	env PYTHON="$T/fakepy" pypiup -n rst-1.0-py3-none-any.whl
check "... again, from the cache, with the same message" 2 "" \
	"failed to render in the default format of reStructuredText\. <string>:3: \(WARNING/2\) stand-in says no\.$" \
	env PYTHON="$T/fakepy" pypiup -n rst-1.0-py3-none-any.whl
check "... rendered once" 0 "1" "" sh -c "wc -l <'$T/runs'"
touch -d '2001-01-01 00:00:01' "$T/fake/renderer.py"
check "its file changed: rendered again" 2 "" "stand-in says no" \
	env PYTHON="$T/fakepy" pypiup -n rst-1.0-py3-none-any.whl
check "... twice in all" 0 "2" "" sh -c "wc -l <'$T/runs'"
for f in "$T"/cache/rst/*; do printf 'garbage' >"$f"; done
check "an entry that does not parse: rendered again" 2 "" "stand-in says no" \
	env PYTHON="$T/fakepy" pypiup -n rst-1.0-py3-none-any.whl
check "... three times in all" 0 "3" "" sh -c "wc -l <'$T/runs'"
echo not a directory >"$T/cache2"
check "a cache that cannot be made: no error, the verdict as ever" 2 "" \
	"^pypiup: rst-1.0-py3-none-any.whl: The description failed to render in the default format of reStructuredText\. <string>:3: \(WARNING/2\) stand-in says no\.$" \
	env RELKIT_CACHE_DIR="$T/cache2" PYTHON="$T/fakepy" pypiup -n rst-1.0-py3-none-any.whl
check "... and the file in its way as it was" 0 "not a directory" "" cat "$T/cache2"
printf '#!/bin/sh\nexit 3\n' >"$T/norenderer"
chmod +x "$T/norenderer"
check "no readme_renderer: a warning, accepted" 0 \
	"would upload rst-1.0-py3-none-any.whl ($(stat -c %s rst-1.0-py3-none-any.whl) bytes, sha256 $(sha256sum <rst-1.0-py3-none-any.whl | cut -d' ' -f1))" \
	"^pypiup: rst-1.0-py3-none-any.whl: warning: the description's rendering not checked: $T/norenderer has no readme_renderer \(Debian: python3-readme-renderer\)$" \
	env PYTHON="$T/norenderer" pypiup -n rst-1.0-py3-none-any.whl
check "no python: a warning, accepted" 0 \
	"would upload rst-1.0-py3-none-any.whl ($(stat -c %s rst-1.0-py3-none-any.whl) bytes, sha256 $(sha256sum <rst-1.0-py3-none-any.whl | cut -d' ' -f1))" \
	"warning: the description's rendering not checked: $T/nopython did not run$" \
	env PYTHON="$T/nopython" pypiup -n rst-1.0-py3-none-any.whl

# The file name as PyPI's _validate_filename judges it, in its words.
mkdir names
cp olddesc-1.0.tar.gz names/olddesc-1.0.tgz
check "a .tgz sdist: PEP 527's refusal" 2 "" \
	"^pypiup: names/olddesc-1\.0\.tgz: Invalid file extension: Use \.tar\.gz, \.whl or \.zip extension\. See https://www\.python\.org/dev/peps/pep-0527 and https://peps\.python\.org/pep-0715/ for more information$" \
	pypiup -n names/olddesc-1.0.tgz
cp olddesc-1.0.tar.gz "names/olddesc-1.0$(printf '\t').tar.gz"
check "a tab in the name: PyPI's refusal, the name escaped" 2 "" \
	"^pypiup: names/olddesc-1\.0\\\\t\.tar\.gz: Cannot upload a file with non-printable characters \(ordinals 0-31\) or the DEL character \(ordinal 127\) in the name\.$" \
	pypiup -n "names/olddesc-1.0$(printf '\t').tar.gz"
cp olddesc-1.0.tar.gz 'names/old\desc-1.0.tar.gz'
check "a backslash in the name: PyPI's refusal" 2 "" \
	"Cannot upload a file with '/' or '.' in the name\.$" \
	pypiup -n 'names/old\desc-1.0.tar.gz'

done_testing
