# tests/catalog: the redemption catalog (see Makefile.am)
#
# test_catalog drives src/core/catalog.c on a fresh ledger (cmocka, with the
# unit tests' fixture); catalog.sh drives `jifen catalog ...` end to end;
# fuzz_catalog feeds the CSV importer arbitrary bytes. The fuzz target is
# built only when configured with --enable-fuzzing (see tests/fuzz/local.mk)
# and runs as part of `make fuzz-smoke`.
if HAVE_CMOCKA
check_PROGRAMS += tests/catalog/test_catalog
TESTS += tests/catalog/test_catalog
endif
tests_catalog_test_catalog_SOURCES = tests/catalog/test_catalog.c \
	tests/unit/fixture.c tests/unit/fixture.h
tests_catalog_test_catalog_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_catalog_test_catalog_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_catalog_test_catalog_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

TESTS += tests/catalog/catalog.sh
EXTRA_DIST += tests/catalog/catalog.sh tests/catalog/corpus

# The importer and the parsers it calls are compiled with the fuzzer's
# instrumentation; the rest (the ledger it writes to) comes from the core
# library as it is.
EXTRA_PROGRAMS += tests/catalog/fuzz_catalog
CLEANFILES += tests/catalog/fuzz_catalog tests/catalog/fuzz_catalog.log
tests_catalog_fuzz_catalog_SOURCES = tests/catalog/fuzz_catalog.c tests/fuzz/fuzz.h \
	src/core/catalog.c src/core/parse.c
tests_catalog_fuzz_catalog_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/fuzz
tests_catalog_fuzz_catalog_CFLAGS = $(FUZZ_COMPILE)
tests_catalog_fuzz_catalog_LDFLAGS = $(FUZZ_LINK)
tests_catalog_fuzz_catalog_LDADD = $(CORE_LIBS)

if ENABLE_FUZZING
fuzz-smoke: fuzz-smoke-catalog
fuzz-smoke-catalog: tests/catalog/fuzz_catalog
	@scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/jifen-fuzz.XXXXXX") || exit 1; \
	mkdir "$$scratch/corpus" "$$scratch/tmp" || exit 1; \
	echo "fuzz-smoke: fuzz_catalog, $(FUZZ_RUNS) runs"; \
	if TMPDIR=$$scratch/tmp ./tests/catalog/fuzz_catalog -runs=$(FUZZ_RUNS) \
	    -print_final_stats=1 -artifact_prefix=tests/catalog/fuzz_catalog- \
	    "$$scratch/corpus" $(srcdir)/tests/catalog/corpus \
	    > tests/catalog/fuzz_catalog.log 2>&1; then \
	  grep -E '^(stat::number_of_executed_units|Done)' tests/catalog/fuzz_catalog.log; \
	  rm -rf "$$scratch"; \
	else \
	  echo "fuzz-smoke: fuzz_catalog FAILED; see tests/catalog/fuzz_catalog.log"; \
	  tail -n 30 tests/catalog/fuzz_catalog.log; rm -rf "$$scratch"; exit 1; \
	fi
else
fuzz-smoke-catalog:
	@echo "fuzz-smoke: configure with CC=clang --enable-fuzzing first" >&2; exit 1
endif
.PHONY: fuzz-smoke-catalog
