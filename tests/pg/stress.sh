#!/bin/sh
# stress.sh: the crash test, the concurrency test and the simulation
# (tests/stress) on a ledger on PostgreSQL (issue 14), as make check runs
# them on a file. Each program makes its ledgers in schemas of their own
# in this script's server (JIFEN_TEST_PG, stress_ledger_location()).
#
# The crash test also crashes the server itself, as a power cut would,
# right after the kill of every fourth writer (JIFEN_CRASH_SERVER): after
# each, every acknowledged write is there and verify passes.
#
# Sizes: the concurrency test as on a file. The crash test kills 16
# writers, not 40, and the simulation walks one seed of 1000 steps, not
# three of 3000: on PostgreSQL each verify builds its reference schema on
# the server (about a second of DDL here), and both verify often.
# On a server of its own (server.sh); skipped (77) without one.

. "$(dirname "$0")/lib.sh"

stress=${top_builddir:-$(dirname "$JIFEN")/..}/tests/stress
# The programs' scratch directories go with the script's.
TMPDIR=$T
JIFEN_TEST_PG=$url
export TMPDIR JIFEN_TEST_PG

# run NAME ENV...: tests/stress/NAME with ENV, one check; its output is kept
# in $S/NAME.log and shown when it fails.
run() {
	_name=$1
	shift
	checks=$((checks + 1))
	if env "$@" "$stress/$_name" >"$S/$_name.log" 2>&1; then
		echo "$test_name: $_name: $(tail -1 "$S/$_name.log")"
	else
		failures=$((failures + 1))
		echo "$test_name: FAIL: $_name on PostgreSQL (exit status $?)"
		tail -20 "$S/$_name.log" | sed 's/^/  /'
	fi
}

run crash_test JIFEN_CRASH_ROUNDS=16 "JIFEN_CRASH_SERVER=sh '$server' crash '$pgdir'"
run concurrency_test
run sim_test JIFEN_SIM_SEED=20261124 JIFEN_SIM_OPS=1000

# Every schema the programs made is gone again.
checks=$((checks + 1))
left=$(psql "$url" -X -A -t -c "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'stress%'")
[ "$left" = 0 ] || { failures=$((failures + 1)); echo "$test_name: FAIL: $left schemas left behind"; }

finish
