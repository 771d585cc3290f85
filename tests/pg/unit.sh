#!/bin/sh
# The unit tests of core on PostgreSQL: every program of tests/unit whose
# source uses the fixture (tests/unit/fixture.h) runs again with
# JIFEN_TEST_PG set to a server of this test's own (server.sh), so that each
# fixture's ledger is a database on that server (a copy of one template
# ledger a program) instead of a file. What only a file can show is skipped
# by the programs themselves (cmocka's skip(), with the reason beside it).
#
# The programs run two at a time (JIFEN_PG_JOBS to change it); this is still
# one of the slow ones of `make check`. Each program's time is printed; a
# failure names the program and shows the end of its output. JIFEN_PG_UNIT="test_verify test_game" runs only those,
# JIFEN_PG_UNIT=all every one (make check-pg-all); by default the ledger's own.
#
# Skipped (77) when the machine has no PostgreSQL server, or when the unit
# tests were not built (no cmocka).

. "$(dirname "$0")/../cli/lib.sh"

srcdir=${top_srcdir:-$(dirname "$0")/../..}
builddir=${top_builddir:-$(dirname "$JIFEN")/..}
server=$srcdir/tests/pg/server.sh
jobs=${JIFEN_PG_JOBS:-2}

# The fixture's programs, as make check built them.
programs=
for src in "$srcdir"/tests/unit/test_*.c; do
	grep -q '#include "fixture.h"' "$src" || continue
	name=$(basename "$src" .c)
	[ -x "$builddir/tests/unit/$name" ] || {
		echo "$test_name: SKIP: no $builddir/tests/unit/$name (built with cmocka by make check)"
		exit 77
	}
	programs="$programs $name"
done
[ -n "$programs" ] || { echo "$test_name: FAIL: no unit test uses the fixture"; exit 1; }
# make check runs the ledger's own, and test_db (the port itself: prepared
# statements); all of them take minutes: `make check-pg-all`
# (JIFEN_PG_UNIT=all) runs every one.
ledger_own="test_ledger test_hold test_transfer test_expire test_family test_offset
	test_refund test_lines test_verify test_sql test_retry test_export test_report_day
	test_store test_store_limits test_db"
case ${JIFEN_PG_UNIT:-} in
all) JIFEN_PG_UNIT= ;;
'') JIFEN_PG_UNIT=$ledger_own ;;
esac
if [ -n "${JIFEN_PG_UNIT:-}" ]; then
	for name in $JIFEN_PG_UNIT; do
		case " $programs " in
		*" $name "*) ;;
		*) echo "$test_name: FAIL: JIFEN_PG_UNIT: $name is not a unit test of the fixture"; exit 1 ;;
		esac
	done
	programs=$JIFEN_PG_UNIT
fi

# The server's directory is under /tmp: postgres must reach it, and a
# socket's path is short.
pgdir=$(mktemp -d /tmp/jifen-pg.XXXXXX) || exit 1
on_exit="$on_exit; sh '$server' stop '$pgdir'"
# Nothing here crashes the server: it need not sync what it writes.
url=$(JIFEN_PG_FAST=1 sh "$server" start "$pgdir")
started=$?
[ "$started" -eq 77 ] && exit 77
[ "$started" -eq 0 ] || { echo "$test_name: FAIL: the PostgreSQL server did not start"; exit 1; }

# What make check gives the programs (test_sql reads the sources, test_settings
# the sample), and their temporary directories inside this test's own.
top_srcdir=$srcdir
TMPDIR=$T
export top_srcdir TMPDIR

# run_list NAMES...: run each program in turn; its output in $S/NAME.log,
# its exit status and seconds in $S/NAME.done.
run_list() {
	for name; do
		start=$(date +%s)
		JIFEN_TEST_PG=$url "$builddir/tests/unit/$name" >"$S/$name.log" 2>&1
		rc=$?
		echo "$rc $(($(date +%s) - start))" >"$S/$name.done"
	done
}

# Deal the programs out to the jobs, one each in turn.
i=0
while [ "$i" -lt "$jobs" ]; do
	list=
	n=0
	for name in $programs; do
		[ $((n % jobs)) -eq "$i" ] && list="$list $name"
		n=$((n + 1))
	done
	# shellcheck disable=SC2086
	run_list $list &
	i=$((i + 1))
done
wait

for name in $programs; do
	checks=$((checks + 1))
	if [ ! -f "$S/$name.done" ]; then
		failures=$((failures + 1))
		echo "$test_name: FAIL: $name did not finish"
		continue
	fi
	read -r rc secs <"$S/$name.done"
	if [ "$rc" -eq 0 ]; then
		echo "$test_name: $name passed (${secs}s)"
	else
		failures=$((failures + 1))
		echo "$test_name: FAIL: $name on PostgreSQL (status $rc, ${secs}s):"
		grep -v '^\[ *\(RUN\|OK\) *\]' "$S/$name.log" | tail -n 25 | sed 's/^/  /'
	fi
done
failed=$(for name in $programs; do
	read -r rc secs 2>/dev/null <"$S/$name.done" && [ "$rc" -eq 0 ] || printf ' %s' "$name"
done)
[ -z "$failed" ] || echo "$test_name: failed on PostgreSQL:$failed"
finish
