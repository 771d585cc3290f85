# tests/kiosk: screen tests that drive `jifen kiosk` inside tmux (see
# tests/kiosk/lib.sh): each script runs the real kiosk in a pane of a
# private tmux server on a demo ledger of its own, sends keys and touches,
# and compares the pane with the screens kept in tests/kiosk/screens/.
# They need tmux, sqlite3 and jq (.ci/install-deps). One script alone:
#
#   make check TESTS=tests/kiosk/login.sh      (or: sh tests/kiosk/login.sh)
#
# KIOSK_REGEN=1 rewrites the expected screens from what the kiosk shows
# (look at them before committing); KEEP_TMP=1 keeps the temporary directory.

kiosk_tests = \
	tests/kiosk/attract.sh \
	tests/kiosk/login.sh \
	tests/kiosk/lockout.sh \
	tests/kiosk/garbage.sh \
	tests/kiosk/idle.sh \
	tests/kiosk/locked.sh \
	tests/kiosk/dberror.sh \
	tests/kiosk/balance.sh \
	tests/kiosk/catalog.sh \
	tests/kiosk/voucher.sh \
	tests/kiosk/family.sh \
	tests/kiosk/script.sh \
	tests/kiosk/counter.sh \
	tests/kiosk/counter_tmux.sh \
	tests/kiosk/counter_manager.sh \
	tests/kiosk/counter_flows.sh \
	tests/kiosk/counter_busy.sh \
	tests/kiosk/counter_two.sh \
	tests/kiosk/po.sh \
	tests/kiosk/campaign.sh \
	tests/kiosk/signals.sh \
	tests/kiosk/games.sh \
	tests/kiosk/resize.sh \
	tests/kiosk/cage.sh \
	tests/kiosk/cage_xterm.sh \
	tests/kiosk/members.sh \
	tests/kiosk/tiers.sh

kiosk_screens = \
	tests/kiosk/screens/attract-en-80x24.txt \
	tests/kiosk/screens/attract-zh-80x24.txt \
	tests/kiosk/screens/attract-en-132x43.txt \
	tests/kiosk/screens/attract-zh-132x43.txt \
	tests/kiosk/screens/home-en-80x24.txt \
	tests/kiosk/screens/home-zh-80x24.txt \
	tests/kiosk/screens/login-refused-en-80x24.txt \
	tests/kiosk/screens/balance-en-80x24.txt \
	tests/kiosk/screens/balance-zh-80x24.txt \
	tests/kiosk/screens/family-en-80x24.txt \
	tests/kiosk/screens/family-zh-80x24.txt \
	tests/kiosk/screens/family-en-132x43.txt \
	tests/kiosk/screens/family-amount-en-80x24.txt \
	tests/kiosk/screens/family-none-en-80x24.txt \
	tests/kiosk/screens/catalog-en-132x43.txt \
	tests/kiosk/screens/catalog-en-80x24.txt \
	tests/kiosk/screens/catalog-zh-80x24.txt \
	tests/kiosk/screens/item-en-80x24.txt \
	tests/kiosk/screens/item-zh-80x24.txt \
	tests/kiosk/screens/voucher-en-132x43.txt \
	tests/kiosk/screens/voucher-en-80x24.txt \
	tests/kiosk/screens/voucher-issued-en-80x24.txt \
	tests/kiosk/screens/voucher-issued-zh-80x24.txt \
	tests/kiosk/screens/voucher-used-en-132x43.txt \
	tests/kiosk/screens/voucher-zh-80x24.txt \
	tests/kiosk/screens/vouchers-empty-en-80x24.txt \
	tests/kiosk/screens/vouchers-en-132x43.txt \
	tests/kiosk/screens/vouchers-en-80x24.txt \
	tests/kiosk/screens/vouchers-zh-80x24.txt

TESTS += $(kiosk_tests)
EXTRA_DIST += $(kiosk_tests) $(kiosk_screens) tests/kiosk/lib.sh tests/kiosk/cage_lib.sh tests/kiosk/runner.sh tests/kiosk/script \
	tests/kiosk/counter tests/kiosk/manager

# Terminals that cannot show everything (term.sh): the pane painted with
# its attributes, for zbarimg to scan the QR code as the terminal shows it.
check_PROGRAMS += tests/kiosk/screen_pgm
tests_kiosk_screen_pgm_SOURCES = tests/kiosk/screen_pgm.c
tests_kiosk_screen_pgm_LDADD = $(CORE_LIBS)
TESTS += tests/kiosk/term.sh
EXTRA_DIST += tests/kiosk/term.sh
EXTRA_DIST += tests/kiosk/screens/voucher-console-en-80x24.txt
