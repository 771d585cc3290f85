#!/bin/sh
# The store's log (log.h): each class of security and money event writes
# one line naming the event, the terminal and the actor: sign-ins at the
# kiosk and the counter, wrong PINs and lock-outs, vouchers handed over and
# taken back, grants and compensation, the config a service loaded,
# backups and restores, and a fault a member is told to ask the staff
# about. JIFEN_LOG names a file here; a store's go to syslog.

. "$(dirname "$0")/lib.sh"

log=$T/jifen.log
JIFEN_LOG=$log
export JIFEN_LOG
config store '[store]
terminal = K07'
JIFEN_CONFIG=$T/store.conf
export JIFEN_CONFIG
run init --demo
check "$rc" -eq 0

# lines EVENT: the log's lines of that event.
lines() {
	grep -E "^jifen\[[0-9]+\]: [a-z]+ $1 " "$log"
}
# expect_line CLASS EVENT ACTOR DETAILS-PATTERN: exactly one line of EVENT
# after the one the last call found, of that class, with the terminal and
# the actor; later calls look after it.
seen=0
expect_line() {
	checks=$((checks + 1))
	_pat="^jifen\[[0-9]+\]: $1 $2 terminal=K07 actor=$3( |\$)"
	_new=$(tail -n +$((seen + 1)) "$log" | grep -nE "$_pat")
	if [ "$(printf '%s' "$_new" | grep -c .)" -ne 1 ]; then
		fail "not one '$1 $2' line by $3; the log's new lines:"
		tail -n +$((seen + 1)) "$log" | sed 's/^/  log: /'
		seen=$(wc -l <"$log")
		return
	fi
	printf '%s\n' "${_new#*:}" | grep -Eq -- "$4" ||
		fail "the '$2' line does not match /$4/: ${_new#*:}"
	seen=$((seen + ${_new%%:*}))
}
: >"$log"

# The kiosk: the config it runs with, a wrong PIN, a sign-in.
printf '%s\n' 'type 8800000001' 'key Enter' 'type 9999' 'key Enter' \
	'type 1234' 'key Enter' 'quit' >"$T/login.keys"
expect_ok kiosk --script "$T/login.keys"
expect_line system config_loaded 'shell:[^ ]+' "config=$T/store.conf program=kiosk\$"
expect_line auth wrong_pin - 'card=8800000001 left=4$'
expect_line auth login 'member:[0-9]+' 'card=8800000001 at=kiosk$'

# The counter: a cashier signs in.
printf '%s\n' 'key Enter' 'type 1357' 'key Enter' 'quit' >"$T/counter.keys"
expect_ok counter --staff S01 --script "$T/counter.keys"
expect_line system config_loaded staff:S01 'program=counter$'
expect_line auth login staff:S01 'staff=S01 role=cashier at=counter$'

# Money: a grant, a voucher handed over and taken back, compensation.
feed 2468
expect_ok grant 8800000003 50 --reason 'a gift' --staff M01 --pin-stdin
expect_line money grant staff:M01 'card=8800000003 points=50 kind=points entry=[0-9]+ reason=a gift$'
code=$(jf voucher list 8800000002 --json | jq -r '[.[] | select(.state == "issued")][0].voucher')
expect_ok voucher redeem "$code" --staff S01
expect_line money voucher_redeemed staff:S01 'voucher=[A-Z0-9-]+ card=8800000002 sku=[^ ]+ qty=1 points=[0-9]+$'
expect_ok voucher return "$code" --staff S01
expect_line money voucher_returned staff:S01 'card=8800000002'
feed 2468
expect_ok compensate outage --from 2026-02-01T09:00 --to 2026-02-01T18:00 --extend-days 30 \
	--staff M01 --pin-stdin
expect_line money compensate_outage staff:M01 'lots_extended=[0-9]+$'

# Wrong staff PINs, then the lock-out.
for left in 4 3 2 1; do
	feed 0000
	run grant 8800000003 5 --reason x --staff M01 --pin-stdin
	expect_status 6
	expect_line auth wrong_pin staff:M01 "staff=M01 left=$left\$"
done
feed 0000
run grant 8800000003 5 --reason x --staff M01 --pin-stdin
expect_status 6
expect_line auth lock_out staff:M01 'staff=M01 minutes=15$'

# The daily job's config, a backup, a restore.
expect_ok daily
expect_line system config_loaded 'shell:[^ ]+' 'program=daily$'
expect_ok backup "$T/copy.db"
expect_line system backup 'shell:[^ ]+' "path=$T/copy.db entries=[0-9]+ key=yes\$"
expect_ok restore "$T/copy.db"
expect_line system restore 'shell:[^ ]+' "from=$T/copy.db ledger=$JIFEN_DB entries=[0-9]+ replaced_entries=[0-9]+ forced=no\$"

# Faults: the clock behind the ledger; a broken ledger under the kiosk,
# which asks the member to see the staff.
now 2026-02-01T10:00:00
feed 1357
expect_error 5 'clock' voucher redeem "$code" --staff S01 --pin-stdin
expect_line fault clock_behind staff:S01 'now=2026-02-01T10:00:00.* tolerance=300$'
now 2026-03-01T10:00:00
sqlite3 "$JIFEN_DB" 'ALTER TABLE lot RENAME TO lot_gone'
printf '%s\n' 'type 8800000001' 'key Enter' 'type 1234' 'key Enter' 'quit' >"$T/broken.keys"
run kiosk --script "$T/broken.keys"
expect_line system config_loaded 'shell:[^ ]+' 'program=kiosk$'
lines ask_staff >/dev/null || fail "no ask_staff line"
check "$(lines ask_staff | grep -c 'status=')" -ge 1
seen=$(wc -l <"$log")
sqlite3 "$JIFEN_DB" 'ALTER TABLE lot_gone RENAME TO lot'

# Text from outside never breaks a line in two.
feed 2468
run grant 8800000003 5 --reason "$(printf 'two\nlines')" --staff M01 --pin-stdin
check "$(wc -l <"$log")" -le "$((seen + 1))"

# syslog when JIFEN_LOG is not set: nothing goes to the file, nor stderr.
: >"$log"
with JIFEN_LOG= expect_ok daily
check ! -s "$log"

finish
