# tests/bench: the benchmark (DESIGN.md "Tests"). Not part of `make check`:
# it takes minutes and prints figures, it asserts nothing about time.
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

EXTRA_PROGRAMS += tests/bench/bench
CLEANFILES += tests/bench/bench$(EXEEXT)
tests_bench_bench_SOURCES = tests/bench/bench.c tests/bench/bench.h tests/bench/busyday.c
tests_bench_bench_LDADD = $(CORE_LIBS)

bench: tests/bench/bench$(EXEEXT) src/jifen$(EXEEXT)
	./tests/bench/bench$(EXEEXT) ./src/jifen$(EXEEXT)
.PHONY: bench
