#!/bin/sh
# A member's own earn rate: jifen member rate CARD --points-per-yuan N |
# --clear. The member earns at it on every purchase (a category's rate too;
# green points keep the store's), a clear goes back to the store's rates,
# every change is kept with who and where, bad input and a cashier are
# refused and change nothing, and `jifen verify` passes after each step.

. "$(dirname "$0")/lib.sh"

config rates '[earn]
points_per_yuan = 3
green_per_yuan = 2

[category food]
points_per_yuan = 5

[store]
terminal = C07'
export JIFEN_CONFIG="$T/rates.conf"
fresh
add_member 10000001 Ann
add_member 10000002 Bob

# ---- bad input: one line, its own exit status, nothing changed ----
expect_ok member rate --help
expect_out '^usage: jifen member rate CARD'
expect_error 2 '' member rate 10000001 --nope 2
expect_error 2 'either --points-per-yuan N or --clear' member rate 10000001
expect_error 2 'either --points-per-yuan N or --clear' member rate 10000001 --points-per-yuan 2 --clear
expect_error 2 'points-per-yuan' member rate 10000001 --points-per-yuan 0
expect_error 2 'points-per-yuan' member rate 10000001 --points-per-yuan 1001
expect_error 2 'points-per-yuan' member rate 10000001 --points-per-yuan abc
expect_error 2 'points-per-yuan' member rate 10000001 --points-per-yuan -1
expect_error 2 'card' member rate 12ab --points-per-yuan 1
expect_error 3 'no member' member rate 19999999 --points-per-yuan 1
expect_error 5 'store.s rates already' member rate 10000001 --clear

# ---- the store's rates before ----
expect_ok earn 10000001 120.00 --ref R1
expect_balance 10000001 points 360

# ---- set: 1 point per yuan, whatever the store's rate or the category's ----
expect_ok member rate 10000001 --points-per-yuan 1 --staff boss
expect_out '^card 10000001 now earns 1 point per yuan'
expect_ok verify
expect_ok earn 10000001 120.50 --ref R2
expect_balance 10000001 points 480
expect_ok earn 10000001 10.00 --ref R3 --category food
expect_balance 10000001 points 490
# Green points keep the store's green rate.
expect_ok earn 10000001 10.00 --ref R4 --green
expect_balance 10000001 green 20
# Receipts of lines too: each ordinary line at the member's rate.
printf 'amount,green,category\n20.00,0,food\n7.90,0,\n' >"$T/lines.csv"
expect_ok earn 10000001 --ref R5 --lines "$T/lines.csv" --json
expect_json .points 27
expect_balance 10000001 points 517
# Another member keeps the store's rates.
expect_ok earn 10000002 10.00 --ref R6 --category food
expect_balance 10000002 points 50
expect_ok verify

# member show says the rate and who set it, where.
expect_ok member show 10000001
expect_out '^earn rate +1 point per yuan, its own .*staff boss at C07'
expect_out '^desk +earn_rate 1 '
expect_ok member show 10000001 --json
expect_json .earn_rate.points_per_yuan 1
expect_json .earn_rate.set.by staff:boss
expect_json .earn_rate.set.terminal C07
expect_ok member show 10000002 --json
expect_json .earn_rate null
expect_ok member show 10000002
expect_out "^earn rate +the store's\$"

# A change of the rate is a new row; the old stays.
expect_ok member rate 10000001 --points-per-yuan 7 --json
expect_json .points_per_yuan 7
expect_ok earn 10000001 2.00 --ref R7
expect_balance 10000001 points 531

# ---- clear: back to the store's rates ----
expect_ok member rate 10000001 --clear
expect_out "^card 10000001 earns at the store's rates again\$"
expect_ok earn 10000001 2.00 --ref R8
expect_balance 10000001 points 537
expect_ok verify
check "$(sql "SELECT points_per_yuan FROM member_rate ORDER BY id" | paste -sd ,)" = 1,7,0
check "$(sql "SELECT count(*) FROM member_rate WHERE terminal = 'C07' AND actor <> ''")" -eq 3
# The history is append-only.
check "$(sql "UPDATE member_rate SET points_per_yuan = 9" 2>&1 | grep -c append-only)" -eq 1

# ---- a manager's action: a cashier is refused, nothing changes ----
feed '1234'
expect_ok staff add boss --card 90000001 --name Boss --role manager
feed '1234
1111'
expect_ok staff add cash --card 90000002 --name Cash --role cashier --staff boss --pin-stdin
feed '1111'
expect_error 6 'only a manager may do this \(earn rate\)' member rate 10000002 --points-per-yuan 1 --staff cash --pin-stdin
expect_error 6 'earn rate needs' member rate 10000002 --points-per-yuan 1
feed '1234'
expect_ok member rate 10000002 --points-per-yuan 2 --staff boss --pin-stdin
expect_ok verify

# put_back_trigger NAME: the trigger a check below dropped, made again as
# a new ledger has it (verify checks the triggers too).
put_back_trigger() {
	on_sqlite || return 0
	[ -f "$T/reference.db" ] || jf init --db "$T/reference.db" >/dev/null
	sqlite3 "$T/reference.db" "SELECT sql || ';' FROM sqlite_schema WHERE name = '$1'" |
		sqlite3 "$JIFEN_DB"
}

# ... or a change that is not among the desk events.
unguarded member_event_no_delete "DELETE FROM member_event WHERE action = 'earn_rate' AND detail = '2'"
expect_exit 8 verify
expect_err 'earn rate of member 2: its changes differ from its desk events'
sql "INSERT INTO member_event(member_id, ts, action, detail, actor, terminal) VALUES (2, 1, 'earn_rate', '2', 'x', 'y')"
# (verify also wants the dropped trigger back, as jifen installs it)
put_back_trigger member_event_no_delete
expect_ok verify

# ---- verify holds an earn to the member's rate in force ----
now 2026-03-01T11:00:00
expect_ok earn 10000002 12.00 --ref V1
expect_balance 10000002 points 74
expect_ok verify
# A rate that is not the one the earn was made at (edited by hand).
bob="(SELECT id FROM member WHERE card = '10000002')"
unguarded member_rate_no_update "UPDATE member_rate SET points_per_yuan = 5 WHERE member_id = $bob"
expect_exit 8 verify
expect_err 'receipt V1: points differ from the member.s own earn rate \(24, expected 60\)'
unguarded '' "UPDATE member_rate SET points_per_yuan = 2 WHERE member_id = $bob"
put_back_trigger member_rate_no_update
expect_ok verify

# ---- verify sees a rate change with nobody behind it ----
unguarded member_rate_no_update "UPDATE member_rate SET actor = ' ' WHERE id = 1"
expect_exit 8 verify
expect_err 'earn rate change 1: written with no actor or terminal'

finish
