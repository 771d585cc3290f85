# tests/qr: QR rendering and decoding tests (see Makefile.am)
#
# test_qr checks the matrix and its renderings module by module (cmocka);
# decode.sh proves that what a camera would see scans back to the text:
# qr_tool writes the PNG, and rasterises the on-screen half-block and ASCII
# text as a terminal shows it, and zbarimg (zbar-tools) decodes them.
if HAVE_CMOCKA
check_PROGRAMS += tests/qr/test_qr
TESTS += tests/qr/test_qr
endif
tests_qr_test_qr_SOURCES = tests/qr/test_qr.c
tests_qr_test_qr_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_qr_test_qr_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/qr/qr_tool
tests_qr_qr_tool_SOURCES = tests/qr/qr_tool.c
tests_qr_qr_tool_LDADD = $(CORE_LIBS)

TESTS += tests/qr/decode.sh
EXTRA_DIST += tests/qr/decode.sh
