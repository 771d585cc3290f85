# tests/fault: rules for this group (see Makefile.am)
#
# The ledger under disk, power and memory faults, through a fault-injecting
# SQLite VFS and allocator (faultvfs.c) that only these tests link:
#
#   disk_test   every operation with a read, write, short-write, disk-full
#               and sync fault at every disk call it makes
#   oom_test    every operation with SQLite's allocator failing at every
#               7th allocation (JIFEN_FAULT_STRIDE)
#   power_test  seeded power cuts that drop or tear unsynced writes
#               (JIFEN_POWER_ROUNDS, default 100; JIFEN_POWER_SEED)
#
# `make fault-long` runs the full sweeps: every allocation, and 1,000
# power-loss rounds (override with FAULT_POWER_ROUNDS=N).

FAULT_COMMON = tests/fault/faultvfs.c tests/fault/faultvfs.h \
	tests/fault/fault_ops.c tests/fault/fault_ops.h $(STRESS_COMMON)
FAULT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/stress

fault_tests = \
	tests/fault/disk_test \
	tests/fault/oom_test \
	tests/fault/power_test

check_PROGRAMS += $(fault_tests)
TESTS += $(fault_tests)

tests_fault_disk_test_SOURCES = tests/fault/sweep_test.c $(FAULT_COMMON)
tests_fault_disk_test_CPPFLAGS = $(FAULT_CPPFLAGS)
tests_fault_disk_test_LDADD = $(CORE_LIBS)
tests_fault_oom_test_SOURCES = tests/fault/sweep_test.c $(FAULT_COMMON)
tests_fault_oom_test_CPPFLAGS = $(FAULT_CPPFLAGS)
tests_fault_oom_test_LDADD = $(CORE_LIBS)
tests_fault_power_test_SOURCES = tests/fault/power_test.c $(FAULT_COMMON)
tests_fault_power_test_CPPFLAGS = $(FAULT_CPPFLAGS)
tests_fault_power_test_LDADD = $(CORE_LIBS)

FAULT_POWER_ROUNDS = 1000
fault-long: $(fault_tests)
	JIFEN_FAULT_STRIDE=1 ./tests/fault/disk_test
	JIFEN_FAULT_STRIDE=1 ./tests/fault/oom_test
	JIFEN_POWER_ROUNDS=$(FAULT_POWER_ROUNDS) ./tests/fault/power_test
.PHONY: fault-long
