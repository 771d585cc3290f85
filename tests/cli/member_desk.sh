#!/bin/sh
# The member desk at the counter: jifen member pin, unlock, edit, erase, and
# find --name. Each is recorded with who and where; a refusal changes
# nothing; the old PIN stops at once; an erasure removes the member's
# personal data from every output and from the database file, keeps their
# points and history, and `jifen verify` passes after each step.

. "$(dirname "$0")/lib.sh"

config term '[store]
terminal = C01'
fresh
feed '1234
'
expect_ok member add 10000001 --name 'Ann Li' --phone 13800138001 --birthday 1990-05-06 --pin-stdin
add_member 10000002 Bob
expect_ok earn 10000001 120.00 --ref R1
expect_ok grant 10000001 30 --green --reason welcome
expect_ok verify

# kiosk_login CARD PIN: a login at the kiosk with this PIN (run's status).
kiosk_login() {
	printf 'type %s\nkey Enter\ntype %s\nkey Enter\nquit\n' "$1" "$2" >"$T/login.keys"
	with LANGUAGE=en run kiosk --script "$T/login.keys"
}
# pin_failures CARD: wrong PINs counted against the card.
pin_failures() {
	jf member show "$1" --json | jq -r .pin_failures
}

# ---- member pin ----
# Bad input first: each changes nothing.
feed ''
expect_error 2 'no PIN' member pin 10000001
feed '12
'
expect_error 2 'PIN' member pin 10000001
feed 'abcd
'
expect_error 2 'PIN' member pin 10000001
feed '5678
5679
'
expect_error 2 'differ' member pin 10000001
feed '5678
'
expect_error 2 'card' member pin 1x
feed '5678
'
expect_error 3 'no member' member pin 19999999

# Typed twice, by a staff member at terminal C01.
feed '5678
5678
'
expect_ok member pin 10000001 --staff desk-1 --config "$T/term.conf" --json
expect_json .pin_set true
expect_ok member show 10000001 --json
expect_json .pin_set.by staff:desk-1
expect_json .pin_set.terminal C01
expect_json '.events[-1].action' pin
expect_json '.events[-1].done.by' staff:desk-1
expect_ok verify
# The old PIN is refused at once, the new one logs in.
kiosk_login 10000001 1234
check "$(pin_failures 10000001)" -eq 1
kiosk_login 10000001 5678
check "$(pin_failures 10000001)" -eq 0
# Typed once is enough too.
feed '2468
'
expect_ok member pin 10000001
expect_out 'old PIN no longer works'
kiosk_login 10000001 5678
check "$(pin_failures 10000001)" -eq 1
expect_ok verify

# ---- member unlock ----
for pin in 1111 2222 3333 4444 5555; do
	kiosk_login 10000001 $pin
done
expect_ok member show 10000001 --json
check "$(json_get .locked_until)" != null
kiosk_login 10000001 2468
expect_ok member show 10000001 --json
check "$(json_get .locked_until)" != null
expect_error 2 'card' member unlock 1x
expect_error 3 'no member' member unlock 19999999
expect_error 2 '' member unlock 10000001 10000002
expect_ok member unlock 10000001 --staff desk-2 --config "$T/term.conf"
expect_out 'unlocked'
expect_ok member show 10000001 --json
expect_json .locked_until null
expect_json .pin_failures 0
expect_json '.events[-1].action' unlock
expect_json '.events[-1].done.by' staff:desk-2
expect_json '.events[-1].done.terminal' C01
# The PIN did not change: the same one logs in now.
kiosk_login 10000001 2468
check "$(pin_failures 10000001)" -eq 0
expect_ok verify

# ---- member edit ----
expect_error 2 'nothing to change' member edit 10000002
expect_error 2 'phone' member edit 10000002 --phone 'call me'
expect_error 2 'date|birthday' member edit 10000002 --birthday 1990-13-01
expect_error 2 'future' member edit 10000002 --birthday 2030-01-01
expect_error 2 'name' member edit 10000002 --name ''
expect_error 3 'no member' member edit 19999999 --name Zed
expect_ok member edit 10000002 --name 'Bob Wang' --phone 13900139000 --birthday 1980-02-03 \
	--staff desk-1 --json
expect_json .name 'Bob Wang'
expect_json .phone 13900139000
expect_json .birthday 1980-02-03
expect_ok member show 10000002 --json
expect_json '.events[-1].action' edit
expect_json '.events[-1].detail' name,phone,birthday
expect_json '.events[-1].done.by' staff:desk-1
# Old values are not kept anywhere.
check "$(sql "SELECT count(*) FROM member_event WHERE detail LIKE '%Bob%'")" -eq 0
# Only what changes is named; '' removes a phone.
expect_ok member edit 10000002 --name 'Bob Wang' --phone ''
expect_ok member show 10000002 --json
expect_json .phone null
expect_json '.events[-1].detail' phone
expect_json '.events | length' 2
expect_ok verify

# ---- member find --name ----
expect_ok member find --name 'ann'
expect_out '^10000001 +Ann Li +138\*\*\*\*8001$'
expect_ok member find --name 'WANG' --json
expect_json '.[0].card' 10000002
expect_error 3 'no member' member find --name 'nobody'
expect_error 3 'no member' member find --name '%'
expect_error 2 'not both' member find 13800138001 --name Ann
expect_error 2 'missing' member find
expect_ok member find 13800138001

# ---- member erase ----
expect_ok family create Li --owner 10000001
expect_ok history 10000001 --json
history_before=$(jq length "$out")
expect_error 2 'card' member erase 1x
expect_error 3 'no member' member erase 19999999
expect_ok member erase 10000001 --staff desk-3 --config "$T/term.conf" --json
expect_json .erased true
expect_ok member show 10000001 --json
expect_json .name '(erased)'
expect_json .phone null
expect_json .birthday null
expect_json .has_pin false
expect_json .family Li
expect_json .family_owner true
expect_json .erased.by staff:desk-3
expect_json .erased.terminal C01
expect_json .points 120
expect_json .green 30
expect_ok member show 10000001
expect_no_out 'Ann|8001|1990'
expect_out '^erased +.*staff desk-3 at C01'
expect_ok history 10000001 --json
check "$(jq length "$out")" -eq "$history_before"
expect_no_out 'Ann|13800138001|1990-05-06'
for format in csv ledger; do
	expect_ok export --format $format
	expect_out 10000001
	expect_no_out 'Ann|13800138001|1990-05-06'
done
expect_ok member list
expect_no_out 'Ann'
expect_error 3 'no member' member find 13800138001
expect_error 3 'no member' member find --name Ann
expect_error 3 'no member' member find --name erased
expect_ok verify
# No row holds the data, and neither does the file (nor a write-ahead log).
check "$(sql "SELECT count(*) FROM member WHERE name LIKE '%Ann%' OR phone = '13800138001' OR birthday = '1990-05-06' OR pin_hash IS NOT NULL AND card = '10000001'")" -eq 0
for f in "$JIFEN_DB" "$JIFEN_DB-wal"; do
	[ -f "$f" ] || continue
	checks=$((checks + 1))
	! grep -qa -e 13800138001 -e 'Ann Li' -e 1990-05-06 "$f" || fail "$f still holds the member's data"
done
# The card still works for points; the data cannot be taken back in.
expect_ok earn 10000001 10.00 --ref R2
expect_balance 10000001 points 130
expect_error 5 'already erased' member erase 10000001
expect_error 5 'already erased' member edit 10000001 --name Ann
# A PIN may be set again: the card still holds points.
feed '9753
'
expect_ok member pin 10000001
expect_ok verify
# verify sees personal data put back behind the desk's back.
tampered=$(new_ledger tampered)
copy_ledger "$JIFEN_DB" "$tampered"
with JIFEN_DB="$tampered" unguarded '' "UPDATE member SET phone = '13800138001' WHERE card = '10000001'"
with JIFEN_DB="$tampered" expect_exit 8 verify
expect_err 'after its erasure'

finish
