#!/bin/sh
# relkit — MIT licence, see LICENSE.
# Faults during in-place edits (setver, setconst, reqbump, provbump):
# SIGKILL at random moments, a full disk, a read-only file system and a
# read-only directory. Every file stays wholly old or wholly new; a temp
# caught between its link and its rename is removed by the next run; errors
# are clear and exit 2.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/faults-lib.sh"
cd "$T" || exit 2
trap 'umount "$T/mnt" 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
# Kill rounds per tool: RELKIT_FAULT_ROUNDS (make check 12, make check-slow
# 40); 4 under valgrind (make check-valgrind), where a run is 20x slower and
# a killed one logs nothing (a round there checks the whole run and the
# filters; about one kill in six lands after the end).
if [ "${VALGRIND:-}" = 1 ]; then ROUNDS=${RELKIT_FAULT_ROUNDS:-4}; else ROUNDS=${RELKIT_FAULT_ROUNDS:-12}; fi
# Random bytes in each file; a twentieth under valgrind, where a run on
# them lasts as long as on the full size natively.
if [ "${VALGRIND:-}" = 1 ]; then BLOB=75000; else BLOB=1500000; fi

# Five files of 2 MB each, so that a run lasts long enough to be cut in
# reading, scanning, staging, fsync and renaming.
mkdir ws
for i in 1 2 3 4 5; do
	{
		printf '"""Package %s."""\n__version__ = "1.0"\nIS_PYPA_PACKAGE = False\n' "$i"
		head -c "$BLOB" /dev/urandom | base64 -w 76 | sed 's/^/# /'
	} > ws/p$i.py
done
files="p1.py p2.py p3.py p4.py p5.py"

report() { # desc
	if [ -z "$bad" ]; then
		_result 0 "$1"
	else
		_result 1 "$1" "${bad#; }"
	fi
	echo "# $killed killed mid-run, $finished finished; files old $nold, new $nnew; $linked temps caught between link and rename"
}

v=1
next_setver() {
	v=$((v + 1))
	run_cmd="setver -i $v.0 $files" want_cmd="setver $v.0"
}
killtest "$ROUNDS" ws "$files" next_setver
report "setver -i on 5 files, SIGKILL at $ROUNDS random moments: each file old or new, no other file left"
ok "setver: some kills landed while it ran" test "$killed" -gt 0

# A new value every run, so that every run has something to write.
val=0
next_setconst() {
	val=$((val + 1))
	run_cmd="setconst -i IS_PYPA_PACKAGE $val $files"
	want_cmd="setconst IS_PYPA_PACKAGE $val"
}
killtest "$ROUNDS" ws "$files" next_setconst
report "setconst -i on 5 files, SIGKILL at $ROUNDS random moments: each file old or new, no other file left"
ok "setconst: some kills landed while it ran" test "$killed" -gt 0
(cd ws && setver -i 99.0 $files)
ok "the next run removes every temp a kill left" test "$(cd ws && ls -A | tr '\n' ' ')" = "$files "

# reqbump and provbump, on requirement files and version.py files.
mkdir req srv
for i in 1 2 3 4 5; do
	{
		printf 'zulip @ git+https://github.com/zulip/python-zulip-api.git@0.9.1#egg=zulip==0.9.1&subdirectory=zulip\n'
		head -c "$BLOB" /dev/urandom | base64 -w 76 | sed 's/^/# /'
		printf 'git+https://github.com/zulip/python-zulip-api.git@0.9.1#egg=zulip_bots==0.9.1&subdirectory=zulip_bots\n'
	} > req/r$i.in
	{
		printf 'ZULIP_VERSION = "9.0"\nPROVISION_VERSION = (300, 2)\n'
		head -c "$BLOB" /dev/urandom | base64 -w 76 | sed 's/^/# /'
	} > srv/v$i.py
done
rfiles="r1.in r2.in r3.in r4.in r5.in" vfiles="v1.py v2.py v3.py v4.py v5.py"
if command -v reqbump >/dev/null && command -v provbump >/dev/null; then
	rv=1
	next_reqbump() {
		rv=$((rv + 1))
		run_cmd="reqbump -i -p zulip -p zulip_bots 0.9.$rv $rfiles"
		want_cmd="reqbump -p zulip -p zulip_bots 0.9.$rv"
	}
	killtest "$ROUNDS" req "$rfiles" next_reqbump
	report "reqbump -i on 5 files, SIGKILL at $ROUNDS random moments: each file old or new, no other file left"
	ok "reqbump: some kills landed while it ran" test "$killed" -gt 0
	next_provbump() { run_cmd="provbump -i $vfiles" want_cmd="provbump"; }
	killtest "$ROUNDS" srv "$vfiles" next_provbump
	report "provbump -i on 5 files, SIGKILL at $ROUNDS random moments: each file old or new, no other file left"
	ok "provbump: some kills landed while it ran" test "$killed" -gt 0
	(cd srv && provbump -i $vfiles)
	ok "provbump: the next run removes every temp a kill left" \
		test "$(cd srv && ls -A | tr '\n' ' ')" = "$vfiles "
else
	skip "reqbump and provbump under SIGKILL" "not built"
fi

# A full disk: a tiny tmpfs when this runs as root and may mount, else a
# file size limit (SIGXFSZ ignored, so the write fails with EFBIG).
printf '__version__ = "1.0"\n' > a.py && cp a.py a.orig
{ printf '__version__ = "1.0"\n'; head -c 30000 /dev/urandom | base64 | sed 's/^/# /'; } > big.orig
mkdir mnt
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=128k,mode=0755 relkit-test "$T/mnt" 2>/dev/null; then
	cp big.orig mnt/big.py
	dd if=/dev/zero of=mnt/fill bs=4k 2>/dev/null
	check "full disk: exit 2, the reason named" 2 "" \
		"^setver: mnt/big\.py: writing the new content: No space left on device$" \
		setver -i 2.0 mnt/big.py
	same "full disk: the file intact" big.orig mnt/big.py
	ok "full disk: no temporary file left" test "$(ls -A mnt | tr '\n' ' ')" = "big.py fill "
	check "full disk, two files: exit 2" 2 "" "mnt/big\.py: writing the new content: No space left on device" \
		setver -i 2.0 a.py mnt/big.py
	same "full disk, two files: the other file intact too" a.orig a.py
	rm mnt/fill
	mount -o remount,ro "$T/mnt"
	check "read-only file system: exit 2, the reason named" 2 "" \
		"^setconst: mnt/big\.py: (file is not writable|cannot create a file in mnt): Read-only file system$" \
		setconst -i __version__ '"2.0"' a.py mnt/big.py
	same "read-only file system: the file intact" big.orig mnt/big.py
	same "read-only file system: the other file intact" a.orig a.py
	umount "$T/mnt"
else
	cp big.orig mnt/big.py
	check "file size limit: exit 2, the reason named" 2 "" \
		"^setver: mnt/big\.py: writing the new content: File too large$" \
		sh -c 'trap "" XFSZ; ulimit -f 16; exec setver -i 2.0 a.py mnt/big.py'
	same "file size limit: the file intact" big.orig mnt/big.py
	same "file size limit: the other file intact" a.orig a.py
	ok "file size limit: no temporary file left" test "$(ls -A mnt)" = big.py
	skip "read-only file system" "cannot mount here"
	skip "read-only file system: the file intact" "cannot mount here"
fi

# A read-only directory, as a user who cannot write there (root can): a
# multi-file edit changes nothing.
mkdir rodir rw && cp big.orig rodir/x.py && cp a.orig rw/a.py
chmod 666 rodir/x.py rw/a.py && chmod 555 rodir && chmod 777 rw && chmod 755 "$T"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
   setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$RELKIT_BIN/setconst"; then
	check "read-only directory: exit 2, the reason named" 2 "" \
		"^setconst: rodir/x\.py: cannot create a file in rodir: Permission denied$" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$RELKIT_BIN/setconst" -i __version__ '"2.0"' rw/a.py rodir/x.py
	same "read-only directory: the file intact" big.orig rodir/x.py
	same "read-only directory: the other file intact" a.orig rw/a.py
	ok "read-only directory: no temporary file left" test "$(ls -A rodir)" = x.py
elif [ "$(id -u)" != 0 ]; then
	check "read-only directory: exit 2, the reason named" 2 "" \
		"^setconst: rodir/x\.py: cannot create a file in rodir: Permission denied$" \
		setconst -i __version__ '"2.0"' rw/a.py rodir/x.py
	same "read-only directory: the file intact" big.orig rodir/x.py
	same "read-only directory: the other file intact" a.orig rw/a.py
	ok "read-only directory: no temporary file left" test "$(ls -A rodir)" = x.py
else
	skip "read-only directory" "no way to drop root here"
fi
chmod 755 rodir

done_testing
