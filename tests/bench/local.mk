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
	tests/bench/fill_checks.c tests/bench/fill_checks.h \
	tests/bench/game.c tests/bench/tiers.c tests/bench/campaign.c
tests_bench_bench_LDADD = $(CORE_LIBS)

bench: tests/bench/bench$(EXEEXT) src/jifen$(EXEEXT)
	./tests/bench/bench$(EXEEXT) ./src/jifen$(EXEEXT)
.PHONY: bench

# The chain's figures on PostgreSQL (chain.c): a server of its own from
# tests/pg/server.sh, jifen's keyed grants and pgbench with 1, 4, 8 and 16
# clients. `make bench-chain JIFEN_BENCH_SECONDS=10` for longer runs.
check_PROGRAMS += tests/bench/chain_bench
tests_bench_chain_bench_SOURCES = tests/bench/chain.c
tests_bench_chain_bench_LDADD = $(CORE_LIBS)
JIFEN_BENCH_SECONDS = 5

bench-chain: tests/bench/chain_bench$(EXEEXT)
	@dir=$$(mktemp -d /tmp/jifen-pg.XXXXXX) && \
	url=$$(JIFEN_PG_DISK=1 sh $(srcdir)/tests/pg/server.sh start $$dir) && \
	{ ./tests/bench/chain_bench$(EXEEXT) "$$url" $(JIFEN_BENCH_SECONDS); rc=$$?; \
	  sh $(srcdir)/tests/pg/server.sh stop $$dir; exit $$rc; }
.PHONY: bench-chain

# Balance lookups on PostgreSQL (chain_balance.c): a ledger of 10^7 entries
# against one of 1/100 of it, same members, filled on a server of its own
# (the data on disk); the fill takes minutes at 10^7.
#   make bench-chain-balance JIFEN_BENCH_BALANCE_ENTRIES=100000   # quick
# make check runs only chain_balance_short.sh: the fill at 10^4, checked,
# never timed (skipped without a PostgreSQL server).
check_PROGRAMS += tests/bench/chain_balance
TESTS += tests/bench/chain_balance_short.sh
EXTRA_DIST += tests/bench/chain_balance_short.sh
tests_bench_chain_balance_SOURCES = tests/bench/chain_balance.c tests/bench/fill_checks.c \
	tests/bench/fill_checks.h
tests_bench_chain_balance_LDADD = $(CORE_LIBS)
JIFEN_BENCH_BALANCE_ENTRIES = 10000000

bench-chain-balance: tests/bench/chain_balance$(EXEEXT)
	@dir=$$(mktemp -d /tmp/jifen-pg.XXXXXX) && \
	url=$$(JIFEN_PG_DISK=1 sh $(srcdir)/tests/pg/server.sh start $$dir) && \
	{ ./tests/bench/chain_balance$(EXEEXT) "$$url" $(JIFEN_BENCH_BALANCE_ENTRIES); rc=$$?; \
	  sh $(srcdir)/tests/pg/server.sh stop $$dir; exit $$rc; }
.PHONY: bench-chain-balance
