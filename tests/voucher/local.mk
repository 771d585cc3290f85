# tests/voucher: signed QR vouchers (see Makefile.am)
#
# test_vcode checks the codes alone. It links src/core/vcode.c, the random
# module it draws short codes from (random.c, status.c) and libsodium, and
# nothing else: no database in the program, so every forged code it sees
# refused is refused before any lookup. test_voucher drives voucher.c and
# compensate.c on a fresh ledger (cmocka, with the unit tests' fixture),
# races of forked processes included. voucher.sh drives `jifen redeem`,
# `jifen voucher ...`, delisting and outage compensation end to end;
# qr_raster paints the text of `voucher show --qr` as a terminal shows it,
# for zbarimg to scan. fuzz_vcode is built only when configured with
# --enable-fuzzing (see tests/fuzz/local.mk) and runs in `make fuzz-smoke`.
if HAVE_CMOCKA
voucher_unit_tests = tests/voucher/test_vcode tests/voucher/test_voucher
check_PROGRAMS += $(voucher_unit_tests)
TESTS += $(voucher_unit_tests)
endif
tests_voucher_test_vcode_SOURCES = tests/voucher/test_vcode.c src/core/vcode.c src/core/vcode.h \
	src/core/random.c src/core/random.h src/core/status.c src/core/status.h
tests_voucher_test_vcode_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_voucher_test_vcode_LDADD = $(SODIUM_LIBS) $(CMOCKA_LIBS)

tests_voucher_test_voucher_SOURCES = tests/voucher/test_voucher.c \
	tests/unit/fixture.c tests/unit/fixture.h
tests_voucher_test_voucher_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_voucher_test_voucher_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_voucher_test_voucher_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/voucher/qr_raster
tests_voucher_qr_raster_SOURCES = tests/voucher/qr_raster.c
tests_voucher_qr_raster_LDADD = $(PNG_LIBS)

TESTS += tests/voucher/voucher.sh tests/voucher/key.sh tests/voucher/coupon.sh
EXTRA_DIST += tests/voucher/voucher.sh tests/voucher/key.sh tests/voucher/coupon.sh tests/voucher/corpus

# The code checks are compiled with the fuzzer's instrumentation; they need
# nothing but libsodium.
EXTRA_PROGRAMS += tests/voucher/fuzz_vcode
CLEANFILES += tests/voucher/fuzz_vcode tests/voucher/fuzz_vcode.log
tests_voucher_fuzz_vcode_SOURCES = tests/voucher/fuzz_vcode.c tests/fuzz/fuzz.h \
	src/core/vcode.c src/core/vcode.h \
	src/core/random.c src/core/random.h src/core/status.c src/core/status.h
tests_voucher_fuzz_vcode_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/fuzz
tests_voucher_fuzz_vcode_CFLAGS = $(FUZZ_COMPILE)
tests_voucher_fuzz_vcode_LDFLAGS = $(FUZZ_LINK)
tests_voucher_fuzz_vcode_LDADD = $(SODIUM_LIBS)

if ENABLE_FUZZING
fuzz-smoke: fuzz-smoke-vcode
fuzz-smoke-vcode: tests/voucher/fuzz_vcode
	@scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/jifen-fuzz.XXXXXX") || exit 1; \
	echo "fuzz-smoke: fuzz_vcode, $(FUZZ_RUNS) runs"; \
	if ./tests/voucher/fuzz_vcode -runs=$(FUZZ_RUNS) -print_final_stats=1 \
	    -artifact_prefix=tests/voucher/fuzz_vcode- \
	    "$$scratch" $(srcdir)/tests/voucher/corpus \
	    > tests/voucher/fuzz_vcode.log 2>&1; then \
	  grep -E '^(stat::number_of_executed_units|Done)' tests/voucher/fuzz_vcode.log; \
	  rm -rf "$$scratch"; \
	else \
	  echo "fuzz-smoke: fuzz_vcode FAILED; see tests/voucher/fuzz_vcode.log"; \
	  tail -n 30 tests/voucher/fuzz_vcode.log; rm -rf "$$scratch"; exit 1; \
	fi
else
fuzz-smoke-vcode:
	@echo "fuzz-smoke: configure with CC=clang --enable-fuzzing first" >&2; exit 1
endif
.PHONY: fuzz-smoke-vcode
