#!/bin/sh
# Who did it, on every write: each entry keeps its actor (--staff ID, else the
# shell user; the daily expiry is the system) and its terminal (config
# [store] terminal, else the host name); history, exports and verify show and
# cover them. Members are found by phone, shown masked to people.

. "$(dirname "$0")/lib.sh"

me="shell:$(id -un | tr -c 'A-Za-z0-9._\n-' _ | cut -c1-32)"
config k01 '[store]
terminal = K01'
fresh
add_member 10000001 Ann
expect_ok earn 10000001 100.00 --ref R1 --staff till-3 --config "$T/k01.conf"
expect_ok grant 10000001 5 --reason sorry
expect_ok history 10000001 --json
expect_json '.[0].actor' "$me"
expect_json '.[0].terminal' "$(uname -n | tr -c 'A-Za-z0-9._\n-' - | cut -c1-32)"
expect_json '.[1].actor' staff:till-3
expect_json '.[1].terminal' K01
expect_ok history 10000001
expect_out '^TIME .* BY +TERMINAL +MEMO$'
expect_out ' earn:R1 +staff:till-3 +K01 +purchase R1$'

# The daily expiry is a system job, whoever starts it.
now 2027-06-01T10:00:00
expect_ok expire
expect_ok history 10000001 --json
expect_json '.[0].type' expire
expect_json '.[0].actor' system:expire
now 2027-06-01T10:05:00

# A reservation (a voucher's hold) is stamped too.
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'MUG,杯子,Mug,home,goods,10,,,,10,0,,,' >"$T/items.csv"
expect_ok catalog import "$T/items.csv"
expect_ok grant 10000001 20 --reason again
expect_ok redeem 10000001 MUG
check "$(sql 'SELECT actor FROM hold')" = "$me"

# Exports carry them: a CSV column each, a tag each in the journal.
expect_ok export --format csv
expect_out '^"?1"?,.*,"?staff:till-3"?,"?K01"?,"?purchase R1"?$'
expect_out ',"?system:expire"?,'
expect_ok export --format ledger
expect_out '^    ; actor: staff:till-3$'
expect_out '^    ; terminal: K01$'

# verify covers them: a changed actor or terminal, or an entry made to look
# like an old-format one, breaks the hash.
expect_ok verify
copy=$(new_ledger t)
for tamper in "UPDATE entry SET actor = 'staff:boss' WHERE ref = 'earn:R1'" \
	"UPDATE entry SET terminal = 'K99' WHERE ref = 'earn:R1'" \
	"UPDATE entry SET format = 1, actor = '', terminal = '' WHERE ref = 'earn:R1'" \
	"UPDATE entry SET format = 9 WHERE ref = 'earn:R1'" \
	"UPDATE entry SET actor = '' WHERE ref = 'earn:R1'"; do
	copy_ledger "$JIFEN_DB" "$copy"
	with JIFEN_DB="$copy" unguarded entry_no_update "$tamper"
	expect_error 8 'entry' verify --db "$copy"
done

# --staff is checked before anything is opened or written.
for bad in '' 'two words' 'semi;colon' "$(printf 'esc\033[2J')" \
	0123456789012345678901234567890123 'ümlaut'; do
	expect_error 2 'staff id' earn 10000001 1.00 --ref R9 --staff "$bad"
done
expect_error 2 'staff id' grant 10000001 1 --reason x --staff 'a b'
expect_error 2 'staff id' transfer 10000001 10000002 1 --ref T9 --staff 'a b'
expect_error 2 'staff id' member add 10000005 --name Eve --staff 'a b'
expect_error 2 'staff id' catalog delist X --compensate 0 --reason x --staff 'a b'
expect_error 2 'staff id' compensate outage --from 2026-02-01T00:00 \
	--to 2026-02-02T00:00 --extend-days 5 --staff 'a b'
expect_error 2 'staff id' voucher redeem JF1AAAA --staff 'a/b'
# Where no person acts, there is no --staff.
expect_error 2 'staff' balance 10000001 --staff till-3
expect_error 2 'staff' verify --staff till-3
# A bad terminal name in the config is refused and named.
config badterm '[store]
terminal = K 01'
expect_error 2 'terminal' balance 10000001 --config "$T/badterm.conf"

# Members by phone: text masks it, --json gives it whole.
expect_ok member add 10000002 --name Bob --phone 13800138001 --staff desk-1
expect_ok member add 10000003 --name Carol --phone 13800138001
expect_ok member add 10000004 --name Dan --phone '+86 139-0000-1234'
expect_ok member find 13800138001
expect_out '^10000002 +Bob +138\*\*\*\*8001$'
expect_out '^10000003 +Carol +138\*\*\*\*8001$'
expect_no_out '13800138001'
expect_ok member find 13800138001 --json
expect_json length 2
expect_json '.[0].phone' 13800138001
expect_json '.[1].card' 10000003
expect_ok member find '+86 139-0000-1234'
expect_out '^10000004 +Dan +\+86 1\*\*-\*\*\*\*-1234$'
expect_ok member show 10000002
expect_out '^phone +138\*\*\*\*8001$'
expect_no_out '13800138001'
expect_ok member show 10000002 --json
expect_json .phone 13800138001
expect_error 3 'no member with phone' member find 13900000000
expect_error 3 'no member with phone' member find 13900000000 --json
expect_error 2 'phone' member find 'abc'
expect_error 2 'PHONE' member find
# The index serves the search (SQLite's words for a plan).
if on_sqlite; then
	check -n "$(sqlite3 "$JIFEN_DB" "EXPLAIN QUERY PLAN SELECT id FROM member WHERE phone = '1'" |
		grep member_phone)"
fi
expect_ok verify

# Families, PINs and the catalog say who did it too, where a user looks.
feed '2468
'
expect_ok member add 10000005 --name Eve --pin-stdin --staff desk-2 --config "$T/k01.conf"
feed ''
expect_ok family create Home --owner 10000005 --staff desk-2 --config "$T/k01.conf"
now 2027-06-01T11:30:00
expect_ok family add Home 10000004
now 2027-06-01T11:40:00
expect_ok family list
expect_out '^FAMILY .* GREEN +ADDED$'
expect_out '^Home .* 10000005 .* 2027-06-01 10:05 by staff desk-2 at K01$'
expect_out "^Home .* 10000004 .* 2027-06-01 11:30 by shell ${me#shell:} at "
expect_ok family list Home --json
expect_json '.[0].added.by' staff:desk-2
expect_json '.[0].added.terminal' K01
expect_json '.[0].added.at' 2027-06-01T10:05:00+08:00
expect_json '.[1].added.by' "$me"
expect_ok member show 10000005
expect_out '^signed up +2027-06-01 10:05 by staff desk-2 at K01$'
expect_out '^family since +2027-06-01 10:05 by staff desk-2 at K01$'
expect_out '^PIN set by +2027-06-01 10:05 by staff desk-2 at K01$'
expect_out '^wrong PIN +-$'
expect_out '^last lock-out +-$'
expect_ok member show 10000005 --json
expect_json .pin_set.by staff:desk-2
expect_json .pin_set.terminal K01
expect_json .family_since.by staff:desk-2
expect_json .signed_up.terminal K01
expect_json .locked null
expect_json .pin_failed null
expect_ok member show 10000004 --json
expect_json .pin_set null
expect_ok catalog show MUG
expect_out "^updated +2027-06-01 10:05 by shell ${me#shell:} at "
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'MUG,杯子,Mug,home,goods,12,,,,10,0,,,' >"$T/items2.csv"
expect_ok catalog import "$T/items2.csv" --staff mgr-1 --config "$T/k01.conf"
expect_ok catalog show MUG
expect_out '^updated +2027-06-01 11:40 by staff mgr-1 at K01$'
expect_ok catalog show MUG --json
expect_json .updated_by staff:mgr-1
expect_json .updated_terminal K01
expect_ok verify
# verify finds any of them that names nobody.
for tamper in "UPDATE family SET created_by = ''" \
	"UPDATE member SET family_terminal = '' WHERE card = '10000004'" \
	"UPDATE member SET pin_set_by = '' WHERE card = '10000005'" \
	"UPDATE item SET updated_by = ''"; do
	copy_ledger "$JIFEN_DB" "$copy"
	with JIFEN_DB="$copy" unguarded '' "$tamper"
	expect_error 8 'no actor' verify --db "$copy"
done
expect_error 2 'staff id' family create F2 --owner 10000001 --staff 'a b'
expect_error 2 'staff id' family add Home 10000001 --staff 'a b'
expect_error 2 'staff id' catalog import "$T/items.csv" --staff 'a b'
expect_ok verify

finish
