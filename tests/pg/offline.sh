#!/bin/sh
# offline.sh: the counter keeps selling when the chain's database is away
# (issue 14). On a PostgreSQL server of its own (server.sh), the counter
# in tmux: with the server down, a purchase for the member on the panel
# and one for a card scanned while offline are queued on the terminal
# ([counter] queue), each slip says the points will be added, and a
# voucher, points paying a bill and a return are refused as offline; the
# counter killed with -9 keeps its queue; back with the server, signing in
# posts the queue and each purchase is in the member's balance exactly
# once; the queue as it was before that post (a terminal killed after the
# ledger committed, before it forgot) posts nothing twice; a counter left
# running through a second outage posts as soon as the cashier acts; a
# closed counter says it opens once the server is back; and `jifen verify`
# is clean. Skipped (77) without the server's programs.

here_pg=$(cd "$(dirname "$0")" && pwd)
server=${top_srcdir:-$here_pg/../..}/tests/pg/server.sh
command -v psql >/dev/null 2>&1 || { echo "offline: SKIP: no psql (postgresql-client)"; exit 77; }
command -v sqlite3 >/dev/null 2>&1 || { echo "offline: SKIP: no sqlite3"; exit 77; }
pgdir=$(mktemp -d /tmp/jifen-pg.XXXXXX) || exit 1
KIOSK_DB=$(JIFEN_PG_FAST=1 sh "$server" start "$pgdir")
started=$?
[ "$started" -eq 0 ] || { rm -rf "$pgdir"; [ "$started" -eq 77 ] && exit 77; exit 1; }
# The kiosk tests' own harness, on this ledger (it makes the demo store).
. "${top_srcdir:-$here_pg/../..}/tests/kiosk/lib.sh"
trap 'stop_kiosk; sh "$server" stop "$pgdir"; [ -n "${KEEP_TMP:-}" ] || rm -rf "$T"' EXIT

QUEUE=$T/counter.queue
PRINTER=$T/printer.out
printf '[counter]\nqueue = %s\n[printer]\ndevice = %s\nlanguage = en\n' "$QUEUE" "$PRINTER" \
	>>"$CONF"
: >"$PRINTER"
KIOSK_COMMAND=counter
WANG=8800000001 # 王芳
LI=8800000002   # 李明

# points CARD: the member's points (jifen balance --json).
points() {
	jf balance "$1" --json | jq -r '.points'
}
# earned RECEIPT: how many entries earned points for the receipt.
earned() {
	psql -X -q -At -d "$KIOSK_DB" -c "SELECT count(*) FROM entry WHERE ref = 'earn:$1'"
}
scan() {
	type_text "$1$(printf '\r')"
}
sign_in() {
	start_kiosk 80 24 --staff S01
	wait_for 'The counter is closed'
	keys Enter
	wait_for 'Open the counter'
	keys 1 3 5 7 Enter
}
# purchase RECEIPT YUAN: on a purchase screen, type them and confirm.
purchase() {
	type_text "$1"
	keys Enter
	type_text "$2"
	keys Enter
	wait_for 'Enter: yes. Esc: no.'
	keys Enter
}

wang0=$(points $WANG)
li0=$(points $LI)

sign_in
wait_for 'No member at the counter'
scan $WANG
wait_for '王芳 is at the counter.'

# The server goes away under the running counter.
sh "$server" down "$pgdir" || fail "the server did not stop"
keys p
wait_for 'Points for a purchase'
purchase R-OFF-1 120.00
wait_for 'The ledger cannot be reached. Queued: the points for receipt R-OFF-1'
wait_for 'Slip printed: points will be added.'
keys Enter
wait_for 'OFFLINE: 1 purchase queued, posted when the ledger is back.'
wait_for "Card $WANG (not looked up: offline)"
capture | grep -q 'something went wrong' && fail "the counter said something went wrong" || pass

# A card scanned offline is taken as scanned, for a purchase.
keys n
wait_for 'Ready for the next customer.'
wait_for 'No member at the counter'
scan $LI
wait_for "Offline: card $LI taken as scanned."
keys p
wait_for 'Purchase while offline: queued'
purchase R-OFF-2 50.00
wait_for "Queued: the points for receipt R-OFF-2 will be added to card $LI"
keys Escape
wait_for 'OFFLINE: 2 purchases queued'

# Everything else waits for the ledger.
keys v
wait_for 'Offline: only purchases now (2 queued).'
keys o
wait_line 'Offline: only purchases now'
keys u
wait_line 'Offline: only purchases now'
# The line above was already there before u: a scan sent at once would
# arrive within a scanner's gap of u and be read as one burst "uJF1...".
sleep 1
scan JF1ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789
wait_line 'Offline: only purchases now'
kiosk_alive && pass || fail "losing the server ended the counter"

# The slips went to the printer, saying so.
[ "$(grep -c 'Points will be added' "$PRINTER")" -eq 2 ] && pass ||
	fail "the printer did not get two slips saying points will be added"
grep -q 'R-OFF-2' "$PRINTER" && pass || fail "the slip of R-OFF-2 was not printed"

# Killed while offline: the queue is on the disk, and readable while the
# ledger is still away.
kill -KILL "$(kiosk_pid)"
stop_kiosk
[ "$(jf queue list --json | jq length)" -eq 2 ] && pass || fail "the queue did not keep 2"
# The queue as it is now, for the replay below.
sqlite3 "$QUEUE" ".backup '$T/queue.before'" || fail "cannot copy the queue"

# Back: signing in posts the queue, each purchase once.
sh "$server" up "$pgdir" || fail "the server did not start again"
sign_in
wait_for 'Queued purchases posted: 2.'
for receipt in R-OFF-1 R-OFF-2; do
	[ "$(earned $receipt)" = 1 ] && pass || fail "$receipt earned $(earned $receipt) times"
done
wang1=$(points $WANG)
li1=$(points $LI)
[ "$wang1" -gt "$wang0" ] && pass || fail "王芳 has $wang1 points, as before ($wang0)"
[ "$li1" -gt "$li0" ] && pass || fail "李明 has $li1 points, as before ($li0)"
[ "$(jf queue list --json | jq length)" -eq 0 ] && pass || fail "the queue was not emptied"
stop_kiosk

# Killed after the ledger committed, before the queue forgot: posted again,
# nothing twice.
rm -f "$QUEUE" "$QUEUE-wal" "$QUEUE-shm"
cp "$T/queue.before" "$QUEUE"
jf queue post --json >"$T/post.json" || fail "queue post failed"
[ "$(jq -r '.posted' "$T/post.json")" = 0 ] && [ "$(jq -r '.replayed' "$T/post.json")" = 2 ] &&
	pass || fail "the second post was not two replays: $(cat "$T/post.json")"
[ "$(points $WANG)" -eq "$wang1" ] && [ "$(earned R-OFF-1)" = 1 ] && pass ||
	fail "R-OFF-1 was earned twice"
[ "$(points $LI)" -eq "$li1" ] && [ "$(earned R-OFF-2)" = 1 ] && pass ||
	fail "R-OFF-2 was earned twice"

# A second outage under a running counter: the cashier's next action,
# once the server is back, posts what waits and goes on.
sign_in
wait_for 'No member at the counter'
sh "$server" down "$pgdir" || fail "the server did not stop"
scan $WANG
wait_for "Offline: card $WANG taken as scanned."
keys p
wait_for 'Purchase while offline: queued'
purchase R-OFF-3 30.00
wait_for 'Queued: the points for receipt R-OFF-3'
keys Escape
wait_for 'OFFLINE: 1 purchase queued'
sh "$server" up "$pgdir" || fail "the server did not start again"
keys m
wait_for 'Back online: 1 queued purchases posted.'
[ "$(earned R-OFF-3)" = 1 ] && [ "$(points $WANG)" -gt "$wang1" ] && pass ||
	fail "R-OFF-3 was not posted once"

# Nobody can sign in while the ledger is away (the staff's PINs are
# there): the closed counter says so, and stays up.
keys Escape
wait_for 'Sign out'
keys s
wait_for 'The counter is closed'
sh "$server" down "$pgdir" || fail "the server did not stop"
keys Enter
wait_for 'The ledger cannot be reached: the counter opens once it is back.'
kiosk_alive && pass || fail "the closed counter ended without its server"
sh "$server" up "$pgdir" || fail "the server did not start again"

jf verify >"$T/verify.out" 2>&1 && pass || { cat "$T/verify.out"; fail "jifen verify"; }
finish
