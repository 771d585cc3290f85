#!/bin/sh
# counter_busy.sh: a counter whose ledger another writer holds past the
# busy timeout is busy, not offline. A purchase then says the ledger is
# busy and to try again, keeps the form, queues nothing and writes
# nothing; once the other writer is done the same Enter awards it, once.
# (A ledger that cannot be reached queues the purchase instead:
# tests/pg/offline.sh.) A card scanned while the ledger is held is looked
# up all the same: reading never waits for a writer.
if ! command -v tmux >/dev/null 2>&1; then
	echo "counter_busy: SKIP: tmux is not installed"
	exit 77
fi
. "$(dirname "$0")/lib.sh"

QUEUE=$T/counter.queue
printf '[database]\nbusy_timeout_ms = 200\n[counter]\nqueue = %s\n' "$QUEUE" >>"$CONF"
KIOSK_COMMAND=counter
WANG=8800000001 # 王芳
holder=

scan() {
	type_text "$1$(printf '\r')"
}
# typed TEXT: TEXT in the field being edited, seen there before Enter (text
# and Enter in one burst would be a scan).
typed() {
	type_text "$1"
	wait_for "[$1_"
}
# queued: how many purchases wait in the counter's queue (made when first
# needed: none there is none waiting).
queued() {
	if [ -e "$QUEUE" ]; then jf queue list --json | jq length; else echo 0; fi
}
earned() {
	sqlite3 "$DB" "SELECT count(*) FROM entry WHERE ref = 'earn:$1'"
}
# hold: another writer (the sqlite3 shell) takes the ledger's write lock
# and keeps it until release.
hold() {
	mkfifo "$T/holder"
	exec 4<>"$T/holder"
	sqlite3 "$DB" <&4 >/dev/null 2>&1 &
	holder=$!
	printf 'BEGIN IMMEDIATE;\n' >&4
	_i=0
	while [ $_i -lt 100 ] && sqlite3 -cmd '.timeout 0' "$DB" 'BEGIN IMMEDIATE; ROLLBACK;' \
		>/dev/null 2>&1; do
		sleep 0.1
		_i=$((_i + 1))
	done
}
release() {
	printf 'ROLLBACK;\n.quit\n' >&4
	wait "$holder"
	exec 4>&-
}

start_kiosk 80 24 --staff S01
wait_for 'The counter is closed'
keys Enter
wait_for 'Open the counter'
keys 1 3 5 7 Enter
wait_for 'No member at the counter'

hold
scan $WANG
wait_for '王芳 is at the counter.'
keys p
wait_for 'Points for a purchase'
typed R-BUSY-1
keys Enter
typed 120.00
keys Enter
wait_for 'Enter: yes. Esc: no.'
keys Enter
wait_for 'The ledger is busy with other terminals: nothing was done. Please try again.'
if capture | grep -q -i 'offline\|queued'; then
	fail "a busy ledger put the counter offline or queued the purchase:
$(capture)"
else
	pass
fi
release
[ "$(earned R-BUSY-1)" -eq 0 ] && pass || fail "the refused purchase was written"
[ "$(queued)" -eq 0 ] && pass || fail "the busy purchase was queued"

# The form is as it was: the same Enter again, and it is awarded once.
keys Enter
wait_for 'Enter: yes. Esc: no.'
keys Enter
wait_for 'Awarded'
[ "$(earned R-BUSY-1)" -eq 1 ] && pass || fail "R-BUSY-1 was not awarded exactly once"
stop_kiosk
jf verify >/dev/null && pass || fail "jifen verify"
finish
