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
TESTS += $(stress_tests)

tests_stress_crash_test_SOURCES = tests/stress/crash_test.c $(STRESS_COMMON)
tests_stress_crash_test_LDADD = $(CORE_LIBS)
tests_stress_concurrency_test_SOURCES = tests/stress/concurrency_test.c $(STRESS_COMMON)
tests_stress_concurrency_test_LDADD = $(CORE_LIBS)
tests_stress_sim_test_SOURCES = tests/stress/sim_test.c tests/stress/sim_model.c \
	tests/stress/sim_model.h $(STRESS_COMMON)
tests_stress_sim_test_LDADD = $(CORE_LIBS)
