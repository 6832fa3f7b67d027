# relkit — MIT licence, see LICENSE.
# Sourced by tests/faults*.t after lib.sh: helpers for fault injection.
_faults_dir=$(cd "$(dirname "$0")" && pwd)

rnd() { # a random number 0..N-1
	echo $(( $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % $1 ))
}

now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

# killtest ROUNDS DIR "FILES" NEXT: ROUNDS times, call the shell function
# NEXT, which sets run_cmd (an in-place edit of FILES, run in DIR) and
# want_cmd (the same edit as a filter; the file name is appended). Run
# run_cmd once whole, to learn how long it takes and to check that it
# leaves DIR holding exactly FILES; then again, killed with SIGKILL after a
# random part of that time. Afterwards every file must be wholly old or
# wholly new, and DIR may hold nothing else but a temp ".FILE.relkit-XXXXXX"
# caught between its link and its rename (counted in $linked; the next run
# must remove it). Sets killed, finished, nold, nnew, linked, bad.
killtest() {
	_kt_rounds=$1 _kt_dir=$2 _kt_files=$3 _kt_next=$4
	killed=0 finished=0 nold=0 nnew=0 linked=0 bad=
	_kt_list=$(printf '%s\n' $_kt_files | LC_ALL=C sort)
	_kt_i=0
	while [ "$_kt_i" -lt "$_kt_rounds" ]; do
		_kt_i=$((_kt_i + 1))
		$_kt_next
		_kt_t0=$(now_ms)
		(cd "$_kt_dir" && $run_cmd) >/dev/null 2>&1 ||
			bad="$bad; round $_kt_i: a whole run failed"
		_kt_span=$(( $(now_ms) - _kt_t0 + 2 ))
		_kt_now=$(cd "$_kt_dir" && ls -A | LC_ALL=C sort)
		[ "$_kt_now" = "$_kt_list" ] ||
			bad="$bad; round $_kt_i: a whole run left: $(echo $_kt_now)"
		$_kt_next
		for f in $_kt_files; do
			cp "$_kt_dir/$f" "$T/.kt.$f.old"
			(cd "$_kt_dir" && $want_cmd "$f") > "$T/.kt.$f.new" ||
				bad="$bad; $want_cmd $f failed"
		done
		_kt_ms=$(rnd "$_kt_span")
		(cd "$_kt_dir" && exec $run_cmd) >/dev/null 2>&1 &
		_kt_pid=$!
		sleep "$(printf '%d.%03d' $((_kt_ms / 1000)) $((_kt_ms % 1000)))"
		kill -9 "$_kt_pid" 2>/dev/null
		wait "$_kt_pid" 2>/dev/null
		_kt_rc=$?
		case $_kt_rc in
		137) killed=$((killed + 1));;
		0) finished=$((finished + 1));;
		*) bad="$bad; round $_kt_i: exit $_kt_rc";;
		esac
		for f in $_kt_files; do
			if cmp -s "$_kt_dir/$f" "$T/.kt.$f.old"; then
				nold=$((nold + 1))
			elif cmp -s "$_kt_dir/$f" "$T/.kt.$f.new"; then
				nnew=$((nnew + 1))
			else
				bad="$bad; round $_kt_i after ${_kt_ms}ms: $f is neither old nor new"
			fi
		done
		for e in $(cd "$_kt_dir" && ls -A); do
			case " $_kt_files " in *" $e "*) continue;; esac
			_kt_t=${e%.relkit-??????}
			case " $_kt_files " in
			*" ${_kt_t#.} "*) linked=$((linked + 1));;
			*) bad="$bad; round $_kt_i after ${_kt_ms}ms: left behind: $e";;
			esac
		done
	done
	rm -f "$T"/.kt.*
}

# tls_start CERT KEY PORT: a TLS front (tests/pypiup-tlsproxy.py) for the server on
# 127.0.0.1:PORT; waits (bounded) until it listens; sets TLS_PORT, TLS_PID.
# Stopped by tls_stop, which the test's EXIT trap must call.
tls_start() {
	_tls_pf=$T/.tls-port.$$.$1
	rm -f "$_tls_pf"
	"$PYTHON" "$_faults_dir/pypiup-tlsproxy.py" "$1" "$2" "$3" "$_tls_pf" \
		</dev/null >"$T/.tls.log" 2>&1 &
	TLS_PID=$!
	_tls_pids="${_tls_pids:-} $TLS_PID"
	_tls_end=$(($(date +%s) + 15))
	while [ ! -s "$_tls_pf" ]; do
		if [ "$(date +%s)" -gt "$_tls_end" ] || ! kill -0 "$TLS_PID" 2>/dev/null; then
			echo "tls_start: the TLS front did not start: $(cat "$T/.tls.log")" >&2
			return 2
		fi
		sleep 0.1
	done
	TLS_PORT=$(cat "$_tls_pf")
}

tls_stop() {
	for _p in ${_tls_pids:-}; do kill "$_p" 2>/dev/null; done
	_tls_pids=
}

# on_exit CMD: run CMD on exit before the EXIT trap already set (lib.sh's,
# index-lib.sh's), which still runs.
on_exit() {
	trap >"$T/.trap"
	_fl_prev=
	eval "$(sed -n "/ EXIT\$/{s/^trap -- /_fl_prev=/;s/ EXIT\$//;p;}" "$T/.trap")"
	rm -f "$T/.trap"
	_fl_cmd=$1
	trap 'eval "$_fl_cmd"; eval "$_fl_prev"' EXIT
}
