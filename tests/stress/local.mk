# tests/stress: rules for this group (see Makefile.am)
#
# The ledger's proofs under crashes, concurrency and random operations:
# C programs that drive src/core directly. Counts are modest so that make
# check stays quick (also under sanitizers); raise them with
# JIFEN_CRASH_ROUNDS, JIFEN_CONC_PROCS / JIFEN_CONC_OPS, JIFEN_SIM_OPS, and
# pick seeds with JIFEN_CRASH_SEED, JIFEN_CONC_SEED, JIFEN_SIM_SEED.

STRESS_COMMON = tests/stress/stress.c tests/stress/stress.h

stress_tests = \
	tests/stress/crash_test \
	tests/stress/concurrency_test \
	tests/stress/sim_test \
	tests/stress/game_stats

check_PROGRAMS += $(stress_tests)
TESTS += $(stress_tests) tests/stress/soak_short.sh
EXTRA_DIST += tests/stress/soak_short.sh

tests_stress_crash_test_SOURCES = tests/stress/crash_test.c $(STRESS_COMMON)
tests_stress_crash_test_LDADD = $(CORE_LIBS)
tests_stress_concurrency_test_SOURCES = tests/stress/concurrency_test.c $(STRESS_COMMON)
tests_stress_concurrency_test_LDADD = $(CORE_LIBS)
# The simulation links the fault VFS for make soak's kills (tests/fault).
tests_stress_sim_test_SOURCES = tests/stress/sim_test.c tests/stress/sim_model.c \
	tests/stress/sim_model.h tests/fault/faultvfs.c tests/fault/faultvfs.h \
	tests/fault/fault_ops.c tests/fault/fault_ops.h $(STRESS_COMMON)
tests_stress_sim_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/stress \
	-I$(top_srcdir)/tests/fault
tests_stress_sim_test_LDADD = $(CORE_LIBS)

# make soak: the simulation for SOAK_OPS steps against the model, with a
# kill -9 inside a step every SOAK_KILL_EVERY steps, then the crash test
# for SOAK_CRASH_ROUNDS kills. Not part of make check: it runs for hours.
# A shorter proof: make soak SOAK_OPS=20000 SOAK_CRASH_ROUNDS=100
SOAK_OPS = 1000000
SOAK_KILL_EVERY = 2000
SOAK_SEED = 20261202
SOAK_CRASH_ROUNDS = 2000
soak: tests/stress/sim_test tests/stress/crash_test
	JIFEN_SIM_SEED=$(SOAK_SEED) JIFEN_SIM_OPS=$(SOAK_OPS) \
	  JIFEN_SIM_KILL_EVERY=$(SOAK_KILL_EVERY) JIFEN_SIM_VERIFY_EVERY=5000 \
	  ./tests/stress/sim_test
	JIFEN_CRASH_SEED=$(SOAK_SEED) JIFEN_CRASH_ROUNDS=$(SOAK_CRASH_ROUNDS) \
	  ./tests/stress/crash_test
.PHONY: soak

# The games' statistics through the real play path (game_stats.c): make
# check plays 3,000; make game-stats 10^6 (100 members x 100 plays x 100
# days), its ledger on a tmpfs when GAME_STATS_TMPDIR is one (the default
# /dev/shm), so the run measures plays, not the disk's syncs.
GAME_STATS_MEMBERS = 100
GAME_STATS_DAYS = 100
GAME_STATS_TMPDIR = /dev/shm
tests_stress_game_stats_SOURCES = tests/stress/game_stats.c $(STRESS_COMMON)
tests_stress_game_stats_LDADD = $(CORE_LIBS)
game-stats: tests/stress/game_stats
	TMPDIR=$(GAME_STATS_TMPDIR) JIFEN_GAME_STATS_MEMBERS=$(GAME_STATS_MEMBERS) \
	  JIFEN_GAME_STATS_DAYS=$(GAME_STATS_DAYS) ./tests/stress/game_stats
.PHONY: game-stats
