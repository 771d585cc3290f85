#!/bin/sh
# jifen catalog import|list|show|delist: a CSV file goes in whole or not at
# all, with one error line per bad row naming FILE:LINE; importing it again
# changes nothing; the list lines up Chinese names; a delisted item stays
# delisted and its open vouchers are made good.

. "$(dirname "$0")/../cli/lib.sh"

HEADER=sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until

# catalog_state FILE: the catalog as jifen and as SQLite see it.
catalog_state() {
	jf catalog list --all --json >"$1" 2>&1
	sqlite3 "$JIFEN_DB" 'SELECT * FROM item ORDER BY id' >>"$1" 2>&1
}

# expect_aligned: in every line of the last stdout, the last column (GREEN)
# starts at the same terminal column (wc -L counts a Chinese character as two).
expect_aligned() {
	checks=$((checks + 1))
	_widths=$(while IFS= read -r _line; do
		printf '%s\n' "$_line" | sed 's/[^ ]*$//' | wc -L
	done <"$out" | sort -u | wc -l)
	[ "$_widths" -eq 1 ] || fail "the table's lines have $_widths different widths"
}

cat >"$T/good.csv" <<EOF
$HEADER
GR-RICE,五常大米 5kg,Wuchang Rice 5 kg,grocery,goods,2800,12.50,,,40,0,2026-01-01,2026-06-30,2026-03-31
EC-BAG,环保购物袋,Reusable Bag,eco,goods,50,,,,500,yes,,,
CP-200-100,满200减100券,"100 off 200, any goods",coupons,coupon,5000,,100.00,200.00,10,0,,,
OF-10,10元抵扣券,10 Yuan Offset,offsets,offset,1000,,10,,0,no,,,
EOF

fresh

# An empty catalog.
expect_ok catalog list
expect_out '^no items in the catalog'
expect_ok catalog list --json
expect_json length 0

# Import, and import again: the second time nothing changes.
expect_ok catalog import "$T/good.csv"
expect_out '^imported 4 items: 4 new, 0 updated$'
catalog_state "$T/first"
expect_ok catalog import "$T/good.csv"
expect_out '^imported 4 items: 0 new, 0 updated$'
expect_ok catalog import "$T/good.csv" --json
expect_json .items 4
expect_json .inserted 0
expect_json .updated 0
catalog_state "$T/second"
check "$(cat "$T/first")" = "$(cat "$T/second")"

# The list: by category then SKU, Chinese and English names, aligned.
expect_ok catalog list
expect_aligned
check "$(wc -l <"$out")" -eq 5
expect_out '^SKU +NAME +ENGLISH NAME +CATEGORY +POINTS +CASH +STOCK +GREEN$'
expect_out '^GR-RICE +五常大米 5kg +Wuchang Rice 5 kg +grocery +2800 +12.50 +40 +no$'
expect_out '^EC-BAG +环保购物袋 +Reusable Bag +eco +50 +- +500 +yes$'
check "$(sed -n 2p "$out" | cut -d' ' -f1)" = CP-200-100
check "$(sed -n 5p "$out" | cut -d' ' -f1)" = OF-10
expect_ok catalog list --category eco
check "$(wc -l <"$out")" -eq 2
expect_ok catalog list --category nothing
expect_out '^no items in category nothing$'

# JSON of the list: the keys, and their types.
expect_ok catalog list --json
expect_json length 4
expect_json '[.[0] | has("sku", "name", "name_en", "category", "type", "points", "cash", "stock", "green", "available")] | all' true
expect_json '.[] | select(.sku == "GR-RICE") | [.name, .name_en, .category, .type, .points, .cash, .stock, .green, .available] | @json' \
	'["五常大米 5kg","Wuchang Rice 5 kg","grocery","goods",2800,"12.50",40,false,true]'
expect_json '.[] | select(.sku == "EC-BAG") | .green' true
expect_json '.[] | select(.sku == "EC-BAG") | .cash' 0.00
expect_json '.[] | select(.sku == "CP-200-100") | .name_en' '100 off 200, any goods'
expect_json '.[] | select(.sku == "OF-10") | .type' offset
expect_ok catalog list --category coupons --json
expect_json 'map(.sku) | @json' '["CP-200-100"]'

# Show: every field, the window, and whether it is offered today.
expect_ok catalog show GR-RICE
expect_out '^name +五常大米 5kg$'
expect_out '^English name +Wuchang Rice 5 kg$'
expect_out '^cash +12.50$'
expect_out '^active +2026-01-01 to 2026-06-30$'
expect_out '^available +yes \(today 2026-03-01\)$'
expect_out '^delisted +no$'
expect_ok catalog show CP-200-100 --json
expect_json .value 100.00
expect_json .min_spend 200.00
expect_json .active_from null
expect_json .delisted false
expect_json .delist_reason null
expect_json '[has("sku", "name", "name_en", "category", "type", "points", "cash", "stock", "green", "available", "value", "min_spend", "active_from", "active_until", "new_until", "new", "delisted", "delisted_at", "delist_reason", "updated")] | all' true
expect_ok catalog show GR-RICE --json
expect_json .new true
expect_json .active_until 2026-06-30
with JIFEN_NOW=2026-07-01 expect_ok catalog show GR-RICE --json
expect_json .available false
expect_json .new false
with JIFEN_NOW=2026-07-01 expect_ok catalog show GR-RICE
expect_out '^available +no: ended 2026-06-30'
expect_ok catalog show OF-10
expect_out '^available +yes, but out of stock'
expect_error 3 'no item with SKU NOPE' catalog show NOPE
expect_error 2 'SKU' catalog show 'no such'
expect_error 2 '' catalog show

# A file with bad rows: one line per bad row with its line number, exit 2,
# and nothing written, not even the good rows' changes.
cat >"$T/bad.csv" <<EOF
$HEADER
GR-RICE,五常大米 5kg,Wuchang Rice 5 kg,grocery,goods,1,12.50,,,40,0,2026-01-01,2026-06-30,2026-03-31
BAD SKU,甲,A,x,goods,10,,,,1,0,,,
NEW-1,新品,New,x,goods,10,,,,1,0,,,
NEW-2,新品,New,x,goods,10,12.345,,,1,0,,,
NEW-3,新品,New,x,goods,10,,,,1,0,2026-02-30,,

EC-BAG,环保购物袋,Reusable Bag,eco,goods,50,,,,500,yes,,,
NEW-1,重复,Dup,x,goods,10,,,,1,0,,,
EOF
catalog_state "$T/before"
run catalog import "$T/bad.csv"
expect_status 2
expect_stdout_empty
catalog_state "$T/after"
check "$(cat "$T/before")" = "$(cat "$T/after")"
check "$(wc -l <"$err")" -eq 4
check "$(grep -c "^jifen: $T/bad.csv:[0-9]*: " "$err")" -eq 4
check "$(sed 's/^jifen: [^:]*:\([0-9]*\):.*/\1/' "$err" | tr '\n' ' ')" = '3 5 6 9 '
expect_err "bad.csv:3: SKU 'BAD SKU' is not"
expect_err "bad.csv:5: cash: amount '12.345'"
expect_err "bad.csv:6: active_from: date '2026-02-30'"
expect_err 'bad.csv:9: SKU NEW-1 is already on line 4'
expect_ok catalog show GR-RICE --json
expect_json .points 2800

# The header must be exact; a missing file is "not found".
printf 'sku,name\nA1,x\n' >"$T/header.csv"
expect_error 2 'header.csv:1: the header must be exactly' catalog import "$T/header.csv"
expect_error 3 'cannot open' catalog import "$T/missing.csv"
expect_error 2 '' catalog import
expect_error 2 '' catalog import "$T/good.csv" "$T/good.csv"

# A changed file updates exactly what changed.
sed 's/^EC-BAG,环保购物袋,Reusable Bag,eco,goods,50,/EC-BAG,环保购物袋,Reusable Bag,eco,goods,60,/' \
	"$T/good.csv" >"$T/changed.csv"
expect_ok catalog import "$T/changed.csv"
expect_out '^imported 4 items: 0 new, 1 updated$'

# Delisting with a voucher out: the voucher is cancelled, the points come
# back with the bonus, the item stays delisted even if imported again.
add_member 10000001 'Ann'
expect_ok grant 10000001 20000 --reason 'test points'
expect_ok redeem 10000001 CP-200-100 --json
expect_ok catalog delist CP-200-100 --compensate 100 --reason 'supplier withdrew the coupon' --json
expect_json .sku CP-200-100
expect_json .vouchers 1
expect_json .points_back 5000
expect_json .bonus_points 100
expect_balance 10000001 points 20100
expect_ok catalog show CP-200-100 --json
expect_json .delisted true
expect_json .available false
expect_json .delist_reason 'supplier withdrew the coupon'
expect_ok catalog show CP-200-100
expect_out '^delisted +2026-03-01 10:00: supplier withdrew the coupon$'
expect_ok catalog list --json
expect_json 'map(.sku) | index("CP-200-100")' null
expect_ok catalog list --all
expect_out '^CP-200-100 .* delisted$'
expect_error 5 'already delisted' catalog delist CP-200-100 --compensate 0 --reason again
expect_ok catalog import "$T/changed.csv"
expect_out '^imported 4 items: 0 new, 0 updated$'
expect_ok catalog show CP-200-100 --json
expect_json .delisted true

# Delisting without vouchers out; its arguments are checked first.
expect_ok catalog delist EC-BAG --compensate 0 --reason 'sold out for good'
expect_out '^delisted EC-BAG: 0 vouchers cancelled, 0 points returned, 0 bonus points given$'
expect_error 2 'reason' catalog delist OF-10 --compensate 10
expect_error 2 'compensate' catalog delist OF-10 --reason x
expect_error 2 'compensation points' catalog delist OF-10 --compensate abc --reason x
expect_error 2 'reason' catalog delist OF-10 --compensate 1 --reason ''
expect_error 3 'no item with SKU NOPE' catalog delist NOPE --compensate 1 --reason x

finish
