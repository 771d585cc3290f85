#!/bin/sh
# jifen member card OLD NEW: a lost card replaced. The member keeps points,
# history, PIN and family; the old card stops working everywhere and is never
# given again; the change is kept with who made it; verify passes before and
# after, on a new ledger and on ledgers of older schemas (migrated).

. "$(dirname "$0")/lib.sh"

config term '[store]
terminal = D01'
fresh
add_member 10000001 Ann
add_member 10000002 Bob
expect_ok earn 10000001 300.00 --ref R1
expect_ok grant 10000002 40 --green --reason welcome
expect_ok family create Home --owner 10000001
expect_ok family add Home 10000002
expect_ok transfer 10000002 10000001 10 --green --ref T1
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'MUG,杯子,Mug,home,goods,100,,,,10,0,,,' >"$T/items.csv"
expect_ok catalog import "$T/items.csv"
expect_ok redeem 10000001 MUG --json
open_voucher=$(json_get .voucher)
expect_ok verify
expect_ok history 10000001 --json
history_before=$(jq length "$out")

# The replacement, by a staff member at terminal D01.
expect_ok member card 10000001 20000001 --staff desk-1 --config "$T/term.conf" --json
expect_json .old_card 10000001
expect_json .card 20000001
expect_json .name Ann
check "$(sql "SELECT old_card || ' ' || new_card || ' ' || actor || ' ' || terminal FROM card_change")" = \
	'10000001 20000001 staff:desk-1 D01'
expect_ok verify

# Points, holds, history and family carry over to the new card.
expect_balance 20000001 points 300
expect_balance 20000001 held 100
expect_balance 20000001 green 10
expect_ok history 20000001 --json
check "$(jq length "$out")" -eq "$history_before"
expect_ok member show 20000001 --json
expect_json .family Home
expect_ok family list --json
expect_out 20000001
expect_ok voucher list 20000001 --json
expect_json '.[0].card' 20000001
# The voucher issued under the old card is still good.
expect_ok voucher redeem "$open_voucher" --staff till-1
expect_balance 20000001 points 200
expect_ok earn 20000001 50.00 --ref R2
expect_balance 20000001 points 250

# The old card works nowhere.
for cmd in "balance 10000001" "history 10000001" "member show 10000001" \
	"earn 10000001 10.00 --ref R3" "grant 10000001 5 --reason x" \
	"transfer 10000002 10000001 1 --green --ref T2" \
	"transfer 10000001 10000002 1 --green --ref T3" \
	"redeem 10000001 MUG" "voucher list 10000001" "family add Home 10000001"; do
	# shellcheck disable=SC2086 # the words of $cmd are the arguments
	expect_error 3 '10000001' $cmd
done
expect_error 3 'replaced' balance 10000001
expect_error 3 'replaced' member show 10000001

# It is never given again, to anyone; nor is a card in use.
expect_error 5 'replaced' member add 10000001 --name Eve
expect_error 5 'replaced' member card 10000002 10000001
expect_error 5 'already belongs' member card 10000002 20000001
expect_error 3 'no member' member card 10000009 30000001
expect_error 3 'replaced' member card 10000001 30000001
expect_error 2 'same|old card' member card 20000001 20000001
expect_error 2 'card' member card 20000001 12ab
expect_error 2 'staff' member card 20000001 30000001 --staff 'bad id'
expect_error 2 'OLD NEW' member card 20000001

# Without --staff the shell user made the change; a second change chains on.
expect_ok member card 20000001 30000001
check "$(sql "SELECT actor FROM card_change WHERE old_card = '20000001'")" = \
	"shell:$(id -un | tr -c 'A-Za-z0-9._\n-' _ | cut -c1-32)"
expect_balance 30000001 points 250
expect_error 3 'replaced' balance 20000001
expect_ok verify

# Hand-made tampering: an old card given back to a member is caught.
tampered=$(new_ledger tampered)
copy_ledger "$JIFEN_DB" "$tampered"
with JIFEN_DB="$tampered" unguarded '' "UPDATE member SET card = '10000001' WHERE card = '10000002'"
expect_error 8 'replaced card' verify --db "$tampered"

# Ledgers of the first release and of schema 2 (SQLite files, on either
# run) migrate, verify, and take a
# card change; their old entries show no actor, the new ones do.
migrate() {
	JIFEN_DB=$T/$1.db
	# After the dumps' last entries: a clock behind the ledger writes nothing.
	now 2027-06-02T10:00:00
	sqlite3 "$JIFEN_DB" <"$srcdir/tests/data/$1.sql"
	_old=$(sql 'SELECT count(*) FROM entry')
	expect_ok verify
	expect_ok balance "$2" --json
	_points=$(json_get .points)
	expect_ok history "$2" --json
	_entries=$(jq length "$out")
	expect_json '.[0].actor' null
	expect_ok member card "$2" 77000001 --staff desk-2
	expect_ok verify
	expect_balance 77000001 points "$_points"
	expect_ok history 77000001 --json
	check "$(jq length "$out")" -eq "$_entries"
	expect_error 3 'replaced' balance "$2"
	expect_ok grant 77000001 5 --reason 'new card' --staff desk-2
	expect_ok history 77000001 --json
	expect_json '.[0].actor' staff:desk-2
	expect_json '.[1].actor' null
	expect_ok verify --json
	check "$(json_get .entries_before_actors)" -eq "$_old"
	expect_json .card_changes 1
	expect_ok verify
	expect_out "; $_old entries from before actors were kept; 1 cards replaced\$"
	check "$(sql "SELECT value FROM meta WHERE key = 'schema_version'")" -eq 19
}
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
migrate ledger-v1 8800000001
migrate ledger-v2 8800000001

finish
