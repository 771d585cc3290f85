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
	tests/stress/sim_test

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
