#!/bin/sh
# relkit — MIT licence, see LICENSE.
# pypiup as a drop-in for twine 7 upload: a table of cases (argv,
# environment, .pypirc -> exit, the user the index saw, form fields),
# most translated from twine's own tests (test_settings, test_utils,
# test_auth, test_upload), each the outcome twine 7 gives unless marked
# "relkit" (a difference on purpose, listed in pypiup(1)). With
# RELKIT_TWINE set to a command that runs twine (e.g. "python3 -m twine"
# with twine's source on PYTHONPATH), each twine row is run with twine too
# and the agreement is counted in a diagnostic line; nothing is asserted
# of twine. Then PyPI's two archive messages: a zip64 end record with
# extensible data, a local header whose size differs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/index-lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$T" || exit 2
private_home
RELKIT_BACKOFF_MS=100
# no keyring: the machine's own must not answer
KEYRING=relkit-none
export RELKIT_BACKOFF_MS KEYRING
mkdir nokr && printf '#!/bin/sh\nexit 1\n' >nokr/keyring && chmod +x nokr/keyring
PATH=$T/nokr:$PATH

printf '__token__:pypi-tok\ncarol:p3\nbob:b0b\nalice:a1\n' >users
index_start --users-file users || exit 2
"$PYTHON" "$top/tests/pypiup-mkdist.py" wheel aloha-1.0-py3-none-any.whl aloha 1.0 \
	--line 'Keywords: chat ,bots,,  web'
W=aloha-1.0-py3-none-any.whl
mkdir dist
cp "$W" dist/
printf -- '-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\n' >"$W.asc"
U=$INDEX_URL
HP=127.0.0.1:$INDEX_PORT
is() { # description wanted got
	ok "$1 (wanted $2)" test "$2" = "$3"
}
logn() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }

# The .pypirc variants a row names.
rcfile() { # name target
	case $1 in
	A) printf '[distutils]\nindex-servers = local other\n[server-login]\nusername = alice\npassword = a1\n[local]\nrepository = %s\nusername = carol\npassword = p3\n[other]\nrepository = %s\n' "$U" "$U" ;;
	B) printf '[local]\nrepository = %s\nusername = carol\npassword = p3\n' "$U" ;;
	C) printf '[distutils]\nindex-servers = local\n[local]\nrepository = %s\n' "$U" ;;
	D) printf '[distutils]\nindex-servers = local\n[local]\nrepository = http://bob:b0b@%s/legacy/\n' "$HP" ;;
	E) printf '[distutils]\nindex-servers = local\n[local]\nrepository = http://bob:b0b@%s/legacy/\nusername = carol\npassword = p3\n' "$HP" ;;
	esac >"$2"
	chmod 600 "$2"
}

# kind|exit|user|fields|env|rc|args
#   kind   twine: twine 7 gives the same; relkit: a difference on purpose
#   user   the user of the upload the index saw; "." no upload; "~" one
#          without Authorization
#   fields name=value;...; name? the field is there
#   env    VAR=VALUE ... or -
#   rc     none, a variant above (written to ~/.pypirc), or X@alt
#          (written to ~/alt.pypirc)
#   args   $U, $HP expanded; FILE operands given, else $W appended
rows() {
	cat <<EOF
twine|0|carol||TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U
twine|0|carol||TWINE_USERNAME=bob TWINE_PASSWORD=x|none|--repository-url $U -u carol -p p3
twine|0|carol||TWINE_REPOSITORY_URL=$U TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|-r nosuch
twine|0|carol||TWINE_REPOSITORY_URL=http://127.0.0.1:1/legacy/ TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U
twine|0|carol||-|A|-r local
twine|0|alice||-|A|-r other
twine|0|carol||TWINE_PASSWORD=p3|A|-r other -u carol
twine|1|alice||TWINE_PASSWORD=wrong|A|-r local -u alice
twine|0|carol||TWINE_REPOSITORY=local|A|
twine|0|carol||TWINE_REPOSITORY=other|A|-r local
twine|2|.||-|A|-r nosuch
twine|2|.||-|B|-r local
twine|2|.||TWINE_REPOSITORY=|A|
twine|2|.||-|none|--config-file $T/home/none.pypirc -r local
twine|0|carol||-|A@alt|--config-file ~/alt.pypirc -r local
twine|0|carol||TWINE_USERNAME=carol TWINE_PASSWORD=p3|C|-r local
twine|0|carol||-|none|--repository-url http://carol:p3@$HP/legacy/
twine|0|bob||TWINE_USERNAME=bob TWINE_PASSWORD=b0b|none|--repository-url http://carol:p3@$HP/legacy/
twine|0|carol||TWINE_PASSWORD=p3|none|--repository-url http://carol@$HP/legacy/
twine|0|carol||-|E|-r local
relkit|0|bob||-|D|-r local
relkit|0|__token__||TWINE_PASSWORD=pypi-tok|none|--repository-url $U
twine|1|~||TWINE_USERNAME= TWINE_PASSWORD=|none|--repository-url $U
twine|2|.||TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url https:///legacy/
twine|2|.||TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U -i someone
twine|2|.||TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U nonexistent-1.0-py3-none-any.whl
twine|0|carol|comment=first cut|TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U -c first_cut
twine|0|carol|:action=file_upload;protocol_version=1;name=aloha;version=1.0;filetype=bdist_wheel;pyversion=py3;metadata_version=2.1|TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U
twine|0|carol|keywords=chat, bots, , web|TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U
twine|0|carol|sha256_digest?;blake2_256_digest?|TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U
twine|0|carol|gpg_signature?|TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U $W $W.asc
twine|0|carol||TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U dist/*
twine|0|carol||TWINE_USERNAME=carol TWINE_PASSWORD=p3 TWINE_NON_INTERACTIVE=off|none|--repository-url $U
twine|2|.||TWINE_USERNAME=carol TWINE_PASSWORD=p3|none|--repository-url $U $W.asc
EOF
}

# The upload POSTs logged after line n: "user" of the last, or "." / "~".
seen() { # logfile n
	tail -n +$(($2 + 1)) "$1" | "$PYTHON" -c '
import json, sys
ups = [e for e in map(json.loads, sys.stdin) if e["method"] == "POST"]
if not ups:
    print(".")
else:
    e = ups[-1]
    print(e["user"] if e.get("authorization") else "~")
    for k, v in e.get("fields", []):
        sys.stderr.write("%s=%s\n" % (k, v))
' 2>"$T/fields.seen"
}
fields_ok() { # spec
	"$PYTHON" -c '
import sys
have = {}
for l in open(sys.argv[2]):
    k, _, v = l.rstrip("\n").partition("=")
    have.setdefault(k, v)
for want in filter(None, sys.argv[1].split(";")):
    if want.endswith("?"):
        assert want[:-1] in have, (want, have)
    else:
        k, _, v = want.partition("=")
        assert have.get(k) == v.replace("_", " ") if k == "comment" else have.get(k) == v, (want, have.get(k))
' "$1" "$T/fields.seen"
}

runrow() { # cmd env rc args -> sets got_exit got_user
	rm -f home/.pypirc home/alt.pypirc
	case $3 in
	none) ;;
	*@alt) rcfile "${3%@alt}" home/alt.pypirc ;;
	*) rcfile "$3" home/.pypirc ;;
	esac
	_a=$4
	case " $_a " in
	*" $W"*|*" dist/"*|*" nonexistent"*) ;;
	*) _a="$_a $W" ;;
	esac
	_n=$(logn "$INDEX_DIR/requests.log")
	_e=$2
	[ "$_e" = - ] && _e=
	# shellcheck disable=SC2086
	set -f
	eval "env $_e $1 $(printf '%s' "$_a" | sed "s/-c first_cut/-c 'first cut'/")" \
		</dev/null >"$T/row.out" 2>"$T/row.err"
	got_exit=$?
	set +f
	got_user=$(seen "$INDEX_DIR/requests.log" "$_n")
}

i=0 agree=0 tried=0
rows >rows.txt
while IFS='|' read -r kind ex user fields envs rc args; do
	i=$((i + 1))
	runrow pypiup "$envs" "$rc" "$args"
	d="row $i ($kind): ${envs:+$envs }${rc:+[$rc] }$args"
	is "$d: exit" "$ex" "$got_exit"
	is "$d: user the index saw" "$user" "$got_user"
	[ -n "$fields" ] && [ "$got_user" != . ] &&
		ok "$d: fields $fields" fields_ok "$fields"
	if [ "$ex" != 0 ]; then
		ok "$d: no secret in the output" sh -c "! grep -q -e p3 -e b0b -e a1 -e pypi-tok '$T/row.out' '$T/row.err'"
	fi
	if [ -n "${RELKIT_TWINE:-}" ] && [ "$kind" = twine ]; then
		case " $args " in *" -n "*|*" -j"*) continue ;; esac
		tried=$((tried + 1))
		runrow "$RELKIT_TWINE upload --non-interactive --disable-progress-bar" \
			"$envs" "$rc" "$args"
		tex=$got_exit
		[ "$ex" = 0 ] || [ "$tex" = 0 ] || tex=$ex   # twine: 1 for every error
		if [ "$tex" = "$ex" ] && [ "$got_user" = "$user" ]; then
			agree=$((agree + 1))
		else
			echo "# twine differs on $d: exit $got_exit, user $got_user" >&2
		fi
	fi
done <rows.txt
[ -n "${RELKIT_TWINE:-}" ] && echo "# twine agrees on $agree of $tried twine rows" >&2
ok "the table ran ($i rows)" test "$i" -ge 30

# ---- a field twine 7 does not know ------------------------------------------
"$PYTHON" "$top/tests/pypiup-mkdist.py" wheel xf-1.0-py3-none-any.whl xf 1.0 --line 'X-Foo: bar'
check "an unknown metadata field: refused before sending, in twine 7's words" 2 "" \
	"xf-1\.0-py3-none-any\.whl: line 4: Invalid distribution metadata: unrecognized or malformed field 'x-foo'" \
	pypiup -n xf-1.0-py3-none-any.whl

# ---- PyPI's archive messages ------------------------------------------------
cat >mkzip.py <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read()
i = b.rfind(b"PK\x05\x06")
sig, disk, cdisk, nd, nt, cdsize, cdoff, clen = struct.unpack("<4sHHHHIIH", b[i:i + 22])
if sys.argv[3] == "zip64ext":
    # a zip64 end record with 16 bytes of extensible data, its locator,
    # and an end record pointing at them
    ext = b"EXTENSIBLE-DATA!"
    z64 = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44 + len(ext), 45, 45, 0, 0,
                      nd, nt, cdsize, cdoff) + ext
    loc = struct.pack("<4sIQI", b"PK\x06\x07", 0, i, 1)
    eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xffff, 0xffff,
                       0xffffffff, 0xffffffff, 0)
    out = b[:i] + z64 + loc + eocd
else:
    # the first local header's uncompressed size, one more
    out = bytearray(b)
    out[22:26] = struct.pack("<I", struct.unpack("<I", out[22:26])[0] + 1)
    out = bytes(out)
open(sys.argv[2], "wb").write(out)
EOF
mkdir z64 loc
"$PYTHON" mkzip.py "$W" "z64/$W" zip64ext
"$PYTHON" mkzip.py "$W" "loc/$W" local
check "a zip64 end record with extensible data: named so, not as a bad offset" 2 "" \
	"z64/$W: a zip64 end record with extensible data \(PyPI: ZIP64 extensible data not allowed\)" \
	pypiup -n "z64/$W"
ok "... no 4294967295 in the message" sh -c "! grep -q 4294967295 '$T/.err'"
check "... pkgls -c says the same" 2 "" "a zip64 end record with extensible data" \
	pkgls -c "z64/$W"
check "a local header whose size differs from the central directory: the member named" 2 "" \
	"loc/$W: PyPI: ZIP archive not accepted: Mis-matched file size \(member pkg/__init__\.py\)" \
	pypiup -n "loc/$W"
done_testing
