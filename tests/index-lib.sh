# relkit — MIT licence, see LICENSE.
# Sourced by tests/*.t after lib.sh: start and drive tests/indexserver.py.
#   index_start [OPTION...]  start a server on 127.0.0.1 and a free port and
#                            wait (bounded) until it answers; sets INDEX_URL
#                            (…/legacy/), INDEX_SIMPLE (…/simple/), INDEX_BASE
#                            (http://127.0.0.1:PORT), INDEX_PORT, INDEX_DIR,
#                            INDEX_PID. Options: see indexserver.py -h
#                            (--fail 503 --count 2, --discard, --mode ...).
#                            May be called again for a second server (save
#                            the variables first); every server started is
#                            stopped when the test exits.
#   index_stop               stop the server named by INDEX_PID
#   index_ctl KEY=VALUE...   change behaviour at run time (fail=500 count=2,
#                            reset=1, ...); prints nothing, fails on refusal
#   index_state              the server's state as JSON
#   index_uploads            how many uploads were answered 200
#   index_requests           the request log, one JSON object a line:
#                            method, path, status, reason, headers (names
#                            lowercased, without Authorization),
#                            "authorization" (was it sent: true/false),
#                            "user" (its user name, or null), "fields"
#                            ([[name, value], ...] in the order sent, all
#                            but the file), "content" ({filename, size,
#                            sha256}), "body_bytes", "peer" (the client's
#                            port: one a connection), "stored" (false for an
#                            idempotent re-upload). /_ctl calls not logged.
# Call index_start directly, not in $(...) or a pipe: it sets variables and
# registers the server for the EXIT trap, which index-lib.sh chains with
# lib.sh's (a test that sets its own EXIT trap afterwards must call
# index_stop itself).
#   index_post FILE [FIELD=VALUE...] [-- CURL-OPTION...]
#                            upload FILE with curl to ${INDEX_POST_URL:-$INDEX_URL}
#                            as twine would (name, version, filetype and
#                            pyversion from the file name, metadata_version
#                            2.1, both digests); FIELD=VALUE adds or replaces
#                            a field, FIELD= drops it. Credentials from
#                            INDEX_USER / INDEX_PASSWORD (default __token__ /
#                            pypi-testtoken; INDEX_USER=- sends none), through
#                            a curl config file, never argv. Prints the status
#                            line without the protocol ("400 File already
#                            exists ..."), or "curl N" when no answer came.
: "${T:?index-lib.sh is sourced after lib.sh}"
INDEX_SERVER=${INDEX_SERVER:-$(cd "$(dirname "$0")" && pwd)/indexserver.py}
_index_pids=
_index_n=0

# Chain with the EXIT trap lib.sh (or the test) set: both must run.
trap >"$T/.index-trap"
_index_prev_trap=
eval "$(sed -n "/ EXIT\$/{s/^trap -- /_index_prev_trap=/;s/ EXIT\$//;p;}" "$T/.index-trap")"
rm -f "$T/.index-trap"
trap '_index_stop_all; eval "$_index_prev_trap"' EXIT

_index_kill() { # pid
	kill "$1" 2>/dev/null || return 0
	_ix_i=0
	while kill -0 "$1" 2>/dev/null && [ $_ix_i -lt 50 ]; do
		sleep 0.1
		_ix_i=$((_ix_i + 1))
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

_index_stop_all() {
	for _ix_p in $_index_pids; do
		_index_kill "$_ix_p"
	done
	_index_pids=
}

index_start() {
	_index_n=$((_index_n + 1))
	INDEX_DIR=$T/index.$_index_n
	mkdir -p "$INDEX_DIR" || return 2
	"$PYTHON" "$INDEX_SERVER" --dir "$INDEX_DIR" \
		--port-file "$INDEX_DIR/port" "$@" \
		</dev/null >>"$INDEX_DIR/server.log" 2>&1 &
	INDEX_PID=$!
	_index_pids="$_index_pids $INDEX_PID"
	_ix_end=$(($(date +%s) + 15))
	while :; do
		if [ -s "$INDEX_DIR/port" ]; then
			INDEX_PORT=$(cat "$INDEX_DIR/port")
			curl -fsS --max-time 2 -o /dev/null \
				"http://127.0.0.1:$INDEX_PORT/_ctl/ping" 2>/dev/null && break
		fi
		if ! kill -0 "$INDEX_PID" 2>/dev/null ||
		    [ "$(date +%s)" -ge "$_ix_end" ]; then
			echo "index_start: the server did not start:" >&2
			sed 's/^/  /' "$INDEX_DIR/server.log" >&2
			_index_kill "$INDEX_PID"
			return 2
		fi
		sleep 0.1
	done
	INDEX_BASE=http://127.0.0.1:$INDEX_PORT
	INDEX_URL=$INDEX_BASE/legacy/
	INDEX_SIMPLE=$INDEX_BASE/simple/
	export INDEX_BASE INDEX_URL INDEX_SIMPLE INDEX_DIR INDEX_PID INDEX_PORT
	return 0
}

index_stop() {
	[ -n "${INDEX_PID:-}" ] || return 0
	_index_kill "$INDEX_PID"
	_ix_rest=
	for _ix_p in $_index_pids; do
		[ "$_ix_p" = "$INDEX_PID" ] || _ix_rest="$_ix_rest $_ix_p"
	done
	_index_pids=$_ix_rest
	INDEX_PID=
}

index_ctl() {
	set -- "$@" _
	while [ "$1" != _ ]; do
		set -- "$@" --data-urlencode "$1"
		shift
	done
	shift
	curl -fsS --max-time 5 -o /dev/null "$@" "$INDEX_BASE/_ctl"
}

index_state() {
	curl -fsS --max-time 5 "$INDEX_BASE/_ctl"
}

index_uploads() {
	cat "$INDEX_DIR/uploads"
}

index_requests() {
	cat "$INDEX_DIR/requests.log" 2>/dev/null
	return 0
}

index_post() {
	_ix_f=$1
	shift
	_ix_b=${_ix_f##*/}
	case $_ix_b in
	*.whl)
		_ix_nv=${_ix_b%.whl}
		_ix_name=${_ix_nv%%-*}; _ix_rest=${_ix_nv#*-}; _ix_ver=${_ix_rest%%-*}
		_ix_rest=${_ix_rest#*-}
		case $_ix_rest in [0-9]*-*) _ix_rest=${_ix_rest#*-};; esac
		_ix_ft=bdist_wheel _ix_pyv=${_ix_rest%%-*};;
	*)
		_ix_nv=${_ix_b%.tar.gz}; _ix_nv=${_ix_nv%.zip}
		_ix_name=${_ix_nv%-*} _ix_ver=${_ix_nv##*-} _ix_ft=sdist _ix_pyv=source;;
	esac
	_ix_sha=$(sha256sum <"$_ix_f") _ix_sha=${_ix_sha%% *}
	_ix_b2=$(b2sum -l 256 <"$_ix_f") _ix_b2=${_ix_b2%% *}
	_ix_cfg=$T/.index-curl.cfg
	(umask 077 && : >"$_ix_cfg")
	if [ "${INDEX_USER:-}" != - ]; then
		printf 'user = "%s:%s"\n' "${INDEX_USER:-__token__}" \
			"${INDEX_PASSWORD:-pypi-testtoken}" >"$_ix_cfg"
	fi
	# Every field once, in twine's order; FIELD=VALUE arguments override.
	set -- ":action=file_upload" "protocol_version=1" "name=$_ix_name" \
		"version=$_ix_ver" "filetype=$_ix_ft" "pyversion=$_ix_pyv" \
		"metadata_version=2.1" "sha256_digest=$_ix_sha" \
		"blake2_256_digest=$_ix_b2" "$@"
	_ix_args=
	_ix_n=$#
	_ix_i=0
	while [ $_ix_i -lt $_ix_n ]; do
		_ix_kv=$1
		shift
		_ix_i=$((_ix_i + 1))
		if [ "$_ix_kv" = -- ]; then
			while [ $_ix_i -lt $_ix_n ]; do
				set -- "$@" "$1"
				shift
				_ix_i=$((_ix_i + 1))
			done
			break
		fi
		_ix_k=${_ix_kv%%=*}
		# A later FIELD=VALUE of the same name wins: skip this one.
		_ix_later=0
		for _ix_o in "$@"; do
			[ "$_ix_o" = -- ] && break
			[ "${_ix_o%%=*}" = "$_ix_k" ] && _ix_later=1
		done
		[ $_ix_later = 1 ] && continue
		[ -n "${_ix_kv#*=}" ] || continue
		set -- "$@" --form-string "$_ix_kv"
	done
	set -- "$@" -F "content=@$_ix_f;type=application/octet-stream"
	curl -sS --max-time "${INDEX_POST_TIMEOUT:-60}" -K "$_ix_cfg" \
		-D "$T/.index-post.hdr" -o "$T/.index-post.body" \
		-H 'Expect:' "$@" "${INDEX_POST_URL:-$INDEX_URL}" 2>"$T/.index-post.err"
	_ix_rc=$?
	rm -f "$_ix_cfg"
	if [ $_ix_rc -ne 0 ]; then
		echo "curl $_ix_rc"
		return 0
	fi
	sed -n '1{s/^HTTP\/[0-9.]* //;s/\r$//;p;}' "$T/.index-post.hdr"
}

# private_home: in $T, a HOME of its own (mode 700), and no TWINE_*,
# RELKIT_* or CA-bundle setting from outside.
private_home() {
	mkdir "$T/home" && chmod 700 "$T/home"
	HOME=$T/home
	export HOME
	unset TWINE_USERNAME TWINE_PASSWORD TWINE_REPOSITORY TWINE_REPOSITORY_URL \
		TWINE_CERT TWINE_NON_INTERACTIVE RELKIT_TIMEOUT RELKIT_VERIFY_WAIT \
		RELKIT_ANSWER_TIMEOUT RELKIT_PYPI_RULES REQUESTS_CA_BUNDLE \
		CURL_CA_BUNDLE SSL_CERT_FILE
}

# upload_env NAME: what an upload test starts with, in $T: skip the test
# NAME when pypiup is not built; a private HOME; no TWINE_* or RELKIT_*
# settings from outside but a token and a short backoff; mkdist set.
upload_env() {
	mkdist="$PYTHON $(cd "$(dirname "$0")/.." && pwd)/tests/pypiup-mkdist.py"
	cd "$T" || exit 2
	if ! command -v pypiup >/dev/null; then
		skip "$1" "pypiup missing"
		done_testing
		exit
	fi
	private_home
	TWINE_PASSWORD=pypi-testtoken RELKIT_BACKOFF_MS=20
	export TWINE_PASSWORD RELKIT_BACKOFF_MS
}
