# tests/bench: the benchmark (DESIGN.md "Tests"). Its figures are not part
# of `make check`: it takes minutes and prints figures, it asserts nothing
# about time. `make check` builds it and runs only busyday_short.sh.
#
#   make bench                                   # the full run, 10^6 entries
#   make bench JIFEN_BENCH_ENTRIES=100000        # a quicker, smaller run
#   make bench JIFEN_BENCH_ONLY=kiosk            # some figures only (see bench.c)
#   make bench JIFEN_BENCH_ONLY=busyday JIFEN_BENCH_DAY_OPS=4000  # a store's busiest day
#
# The kiosk figures run the jifen program built here (`jifen kiosk
# --script`, no terminal needed) against the sqlite3 shell on the PATH.
#
# Each line of output is one figure, its baseline measured in the same run,
# the ratio, the goal and PASS or MISS; the README records the figures.

# Built by make check for busyday_short.sh, the busy day at a tiny size that
# checks only verify's line; the figures themselves are make bench's.
check_PROGRAMS += tests/bench/bench
TESTS += tests/bench/busyday_short.sh
EXTRA_DIST += tests/bench/busyday_short.sh
tests_bench_bench_SOURCES = tests/bench/bench.c tests/bench/bench.h tests/bench/busyday.c \
	tests/bench/game.c tests/bench/tiers.c tests/bench/campaign.c
tests_bench_bench_LDADD = $(CORE_LIBS)

bench: tests/bench/bench$(EXEEXT) src/jifen$(EXEEXT)
	./tests/bench/bench$(EXEEXT) ./src/jifen$(EXEEXT)
.PHONY: bench
