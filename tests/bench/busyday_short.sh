#!/bin/sh
# busyday_short: make bench's busiest day (tests/bench/busyday.c) at a tiny
# size, so that it keeps working between benchmarks: 4 counters and 4
# kiosks as processes on one ledger, then verify and the balances conserved.
# Only that last line is checked: the timing lines are printed, never judged.
out=$(env JIFEN_BENCH_ONLY=busyday JIFEN_BENCH_DAY_OPS=160 JIFEN_SEED=busyday-short \
	"$top_builddir/tests/bench/bench") || exit 1
printf '%s\n' "$out"
printf '%s\n' "$out" | grep -q '^busy day verify: passed, .* PASS$'
