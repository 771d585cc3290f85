#!/bin/sh
# voucher.sh: `jifen redeem` and the life of a voucher, end to end.
#
# Redeeming holds the points and reserves the stock; an altered, truncated,
# padded or invented code is refused with exit 3 "not a valid voucher" and
# the same words whether or not its id exists; a short code is typed in any
# case, with or without dashes, and a typo in it is caught by its check
# character; a second scan says when and by whom; expiry, cancelling and
# returns give points and stock back (a return into the very lots, with 30
# days of grace); stock never goes below zero; the store's faults are made
# good and say why; `jifen verify` passes after each scenario and catches
# a voucher whose hold was tampered with; the QR code scans, as a PNG and
# as the text the terminal shows. Every refused command writes nothing:
# the ledger (sqlite3 .dump), `jifen export --format csv` and
# `jifen catalog list --all --json` are the same before and after.

. "$(dirname "$0")/../cli/lib.sh"

need zbarimg flock
top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}
raster=$top_builddir/tests/voucher/qr_raster
if [ ! -x "$raster" ]; then
	echo "$test_name: FAIL: no $raster (make check builds it)"
	exit 1
fi

ANN=10000001
BOB=10000002
CY=10000003
DEE=10000004
HEADER=sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until

cat >"$T/catalog.csv" <<EOF
$HEADER
A1,甲,Item A,misc,goods,1000,,,,5,0,,,
ONE,独一份,Only One,misc,goods,100,,,,1,0,,,
GR,环保袋,Green Bag,eco,goods,50,,,,10,yes,,,
B2,乙,Item B,misc,goods,300,,,,20,0,,,
EOF

# The ledger as everything that can see it sees it, for "nothing written".
snapshot() {
	if ! sqlite3 "$JIFEN_DB" .dump >"$1" 2>"$T/snapshot.err"; then
		echo "snapshot: sqlite3 failed: $(cat "$T/snapshot.err")" >"$1"
		return 1
	fi
	for _view in "export --format csv" "member list --json" "catalog list --all --json"; do
		# shellcheck disable=SC2086
		env JIFEN_NOW=2026-03-01 JIFEN_CONFIG= "$JIFEN" --db "$JIFEN_DB" $_view \
			</dev/null >>"$1" 2>&1
	done
	for _card in $ANN $BOB; do
		env JIFEN_NOW=2026-03-01 JIFEN_CONFIG= "$JIFEN" --db "$JIFEN_DB" voucher list \
			"$_card" --json </dev/null >>"$1" 2>&1
	done
	return 0
}

# unchanged_since FILE WHAT: the ledger is as snapshot FILE saw it.
unchanged_since() {
	snapshot "$T/now" || fail "cannot read the ledger"
	checks=$((checks + 1))
	if ! cmp -s "$1" "$T/now"; then
		fail "$2 changed the ledger"
		diff "$1" "$T/now" | head -n 10 | sed 's/^/  /'
	fi
}

# A fresh store at 2026-03-01 10:00: the catalog and two members.
setup_store() {
	now 2026-03-01T10:00:00
	fresh
	run catalog import "$T/catalog.csv"
	if [ "$rc" -ne 0 ]; then
		fail "cannot import the catalog"
		exit 1
	fi
	add_member $ANN Ann
	add_member $BOB Bob
}

# give CARD POINTS [--green] [--config FILE]: grant, or fail the test.
give() {
	_card=$1
	_points=$2
	shift 2
	run grant "$_card" "$_points" --reason "test points" "$@"
	[ "$rc" -eq 0 ] || fail "cannot grant $_points to $_card"
}

# issue CARD SKU [OPTIONS]: redeem points for a voucher; its codes in $code
# and $short.
issue() {
	run redeem "$@" --json
	code=
	short=
	if [ "$rc" -ne 0 ] || ! is_json; then
		checks=$((checks + 1))
		fail "cannot redeem $*"
		return 1
	fi
	code=$(json_get .voucher)
	short=$(json_get .short)
}

stock_of() {
	jf catalog list --all --json | jq -r --arg s "$1" '.[] | select(.sku == $s) | .stock'
}

state_of() {
	jf voucher show "$1" --json | jq -r .state
}

# lots: every lot as "remaining expires_on", one a line.
lots() {
	sqlite3 "$JIFEN_DB" "SELECT remaining || ' ' || expires_on FROM lot ORDER BY id"
}

# expect_invalid ARGS...: refused with exit 3 and exactly "not a valid voucher".
expect_invalid() {
	expect_exit 3 "$@"
	expect_stdout_empty
	checks=$((checks + 1))
	[ "$(cat "$err")" = "jifen: not a valid voucher" ] || fail "not refused as an invalid voucher"
}

lower() {
	printf '%s' "$1" | tr 'A-Z' 'a-z'
}

verify_ok() {
	expect_ok verify
	expect_out '^ledger OK'
}

# ---- redeeming ----

setup_store
give $ANN 5000

expect_ok redeem $ANN A1
expect_out '^voucher issued'
expect_out '^voucher +JF1[A-Z2-7]{36}$'
expect_out '^short +[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$'
expect_out '^points +1000 points$'
expect_out '^expires +2026-03-31 10:00$'
first=$(sed -n 's/^voucher  *\(JF1.*\)/\1/p' "$out")
expect_balance $ANN points 5000
expect_balance $ANN held 1000
expect_balance $ANN available 4000
check "$(stock_of A1)" = 4

# Bad arguments are refused with one line and write nothing.
expect_error 2 'quantity' redeem $ANN A1 --qty 0
expect_error 2 'quantity' redeem $ANN A1 --qty 101
expect_error 2 'quantity' redeem $ANN A1 --qty abc
expect_error 2 'card' redeem 12ab A1
expect_error 2 '' redeem $ANN
expect_error 2 'ref' redeem $ANN A1 --ref 'a b'
expect_error 3 'SKU' redeem $ANN NO-SUCH-SKU
expect_error 2 'card' voucher list 12ab
expect_error 2 'staff' voucher redeem "$first"
expect_error 2 'staff' voucher redeem "$first" --staff 'S 01'
expect_error 2 'staff' voucher return "$first"
expect_error 2 'from' compensate outage --from yesterday --to 2026-03-01T09:00 --extend-days 5
expect_error 2 'to' compensate outage --from 2026-02-27T09:00 --extend-days 5
expect_error 2 'extend' compensate outage --from 2026-02-27T09:00 --to 2026-02-28T09:00 --extend-days x
check "$(state_of "$first")" = issued

expect_ok redeem $ANN A1 --qty 2 --json
expect_json '.voucher | test("^JF1[A-Z2-7]{36}$")' true
expect_json '.short | test("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$")' true
expect_json .points 2000
expect_json .qty 2
expect_json .expires 2026-03-31T10:00:00+08:00
code=$(json_get .voucher)
short=$(json_get .short)
check "$code" != "$first"
expect_balance $ANN held 3000
check "$(stock_of A1)" = 2

expect_ok voucher show "$code" --json
expect_json .state issued
expect_json .voucher "$code"
expect_json .short "$short"
expect_json .points 2000
# The short code as shown, lower case, without dashes, both.
bare=$(printf '%s' "$short" | tr -d -)
for typed in "$short" "$(lower "$short")" "$bare" "$(lower "$bare")"; do
	expect_ok voucher show "$typed" --json
	expect_json .voucher "$code"
done
expect_ok voucher show "$first"
expect_out '^state +issued$'

# A retry with the same --ref is the same voucher, nothing more held.
expect_ok redeem $ANN B2 --ref kiosk-1-0042 --json
keyed=$(json_get .voucher)
expect_ok redeem $ANN B2 --ref kiosk-1-0042 --json
expect_json .voucher "$keyed"
expect_json .replay true
expect_balance $ANN held 3300
expect_error 5 '' redeem $ANN A1 --ref kiosk-1-0042

expect_ok voucher list $ANN --json
expect_json length 3
expect_ok voucher redeem "$first" --staff till-1
expect_ok voucher list $ANN --open --json
expect_json length 2
expect_json '[.[].state] | unique | @csv' '"issued"'
verify_ok

# ---- forged codes: refused before any lookup ----

snapshot "$T/before-forged"
# Every single character changed.
printf '%s\n' "$code" | awk '{
	for (i = 1; i <= length($0); i++) {
		c = substr($0, i, 1)
		print substr($0, 1, i - 1) (c == "B" ? "C" : "B") substr($0, i + 1)
	}
}' >"$T/altered"
check "$(wc -l <"$T/altered")" -eq 39
while IFS= read -r forged; do
	expect_invalid voucher redeem "$forged" --staff till-1
done <"$T/altered"
# Truncated, padded, doubled.
for forged in "${code%?}" "${code%????????????????????}" "${code}A" "A${code}" "${code}${code}" \
	"${code#JF1}" "JF2${code#JF1}"; do
	expect_invalid voucher redeem "$forged" --staff till-1
	expect_invalid voucher show "$forged"
done
# Invented: "JF1" and 36 random characters of the code's alphabet.
n=0
while [ $n -lt 20 ]; do
	forged=JF1$(LC_ALL=C tr -dc 'A-Z2-7' </dev/urandom | head -c 36)
	expect_invalid voucher cancel "$forged"
	n=$((n + 1))
done
unchanged_since "$T/before-forged" "refusing forged codes"
check "$(state_of "$code")" = issued

# Codes made with another ledger's key: the same answer whether the id
# exists here (1) or not (5). This ledger has vouchers 1 to 3.
check "$(sqlite3 "$JIFEN_DB" 'SELECT group_concat(id) FROM voucher')" = 1,2,3
# second_ledger PATH NAME: a ledger with the catalog, Ann, and 5 vouchers,
# their codes in $T/NAME-1.json ... $T/NAME-5.json. Its key is made by init,
# then replaced by $3 if given.
second_ledger() {
	"$JIFEN" --db "$1" init >/dev/null </dev/null || fail "cannot create $1"
	[ -z "${3:-}" ] || cp "$3" "$1.key"
	if ! { "$JIFEN" --db "$1" catalog import "$T/catalog.csv" &&
		"$JIFEN" --db "$1" member add $ANN --name Ann &&
		"$JIFEN" --db "$1" grant $ANN 5000 --reason other; } >/dev/null </dev/null; then
		fail "cannot set up $1"
	fi
	for _i in 1 2 3 4 5; do
		"$JIFEN" --db "$1" redeem $ANN B2 --json >"$T/$2-$_i.json" </dev/null ||
			fail "cannot redeem in $1"
	done
}
second_ledger "$T/other.db" other
other_1=$(jq -r .voucher "$T/other-1.json")
other_5=$(jq -r .voucher "$T/other-5.json")
other_short=$(jq -r .short "$T/other-5.json")
expect_invalid voucher show "$other_1"
cp "$err" "$T/err-exists"
expect_invalid voucher redeem "$other_1" --staff till-1
expect_invalid voucher show "$other_5"
checks=$((checks + 1))
cmp -s "$err" "$T/err-exists" ||
	fail "a forged code of an existing id is answered differently from a missing one"
# A ledger sharing this one's key: its voucher 5 has a genuine MAC for an
# id this ledger does not have, so it, and only it, gets to the lookup.
second_ledger "$T/third.db" third "$JIFEN_DB.key"
check "$(jq -r .voucher "$T/third-1.json")" = "$first"
genuine_5=$(jq -r .voucher "$T/third-5.json")
expect_exit 3 voucher show "$genuine_5"
expect_stdout_empty
checks=$((checks + 1))
[ "$(cat "$err")" != "jifen: not a valid voucher" ] ||
	fail "a genuine code of a missing voucher should reach the lookup"
unchanged_since "$T/before-forged" "refusing forged codes"

# Short codes: every position mistyped three ways, every adjacent pair
# swapped: refused by the check character, before any lookup ("not a valid
# voucher"); a well-formed short code that is not here gets to the lookup.
printf '%s\n' "$bare" | awk '{
	alpha = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	for (i = 1; i <= 9; i++) {
		c = substr($0, i, 1)
		k = index(alpha, c)
		for (d = 1; d <= 3; d++) {
			r = substr(alpha, (k - 1 + d * 7) % 36 + 1, 1)
			print substr($0, 1, i - 1) r substr($0, i + 1)
		}
		if (i < 9 && c != substr($0, i + 1, 1))
			print substr($0, 1, i - 1) substr($0, i + 1, 1) c substr($0, i + 2)
	}
}' >"$T/typos"
check "$(wc -l <"$T/typos")" -ge 27
while IFS= read -r typo; do
	expect_invalid voucher redeem "$typo" --staff till-1
done <"$T/typos"
expect_exit 3 voucher show "$other_short"
expect_err '^jifen: no voucher with the short code'
unchanged_since "$T/before-forged" "refusing mistyped short codes"
verify_ok

# ---- redeeming twice ----

now 2026-03-01T10:30:00
expect_ok voucher redeem "$(lower "$bare")" --staff till-7
expect_out '^redeemed: hand over the goods'
expect_out '^redeemed +2026-03-01 10:30 by staff till-7$'
expect_balance $ANN points 2000
expect_balance $ANN held 300
now 2026-03-01T11:45:00
expect_error 5 'already redeemed at 2026-03-01T10:30:00\+08:00 by staff till-7' \
	voucher redeem "$code" --staff till-9
expect_error 5 'by staff till-7' voucher redeem "$short" --staff till-9
expect_error 2 'staff' voucher redeem "$keyed"
expect_ok voucher show "$code" --json
expect_json .redeemed_by staff:till-7
expect_json .redeemed 2026-03-01T10:30:00+08:00
verify_ok

# Four counters scan one voucher at once: exactly one hands the goods over.
issue $ANN B2
exec 9>"$T/barrier"
flock -x 9
for i in 1 2 3 4; do
	(
		exec 9>&-
		flock -s "$T/barrier" true
		"$JIFEN" voucher redeem "$code" --staff "till-$i" >/dev/null 2>"$T/race-$i.err" </dev/null
		echo $? >"$T/race-$i"
	) &
done
flock -u 9
exec 9>&-
wait
checks=$((checks + 1))
won=$(cat "$T"/race-1 "$T"/race-2 "$T"/race-3 "$T"/race-4 | sort | tr '\n' ' ')
[ "$won" = "0 5 5 5 " ] || fail "four counters redeeming one voucher ended with statuses $won"
check "$(state_of "$code")" = redeemed
verify_ok

# ---- expiry ----

setup_store
give $ANN 5000
issue $ANN A1 --qty 2
check "$(stock_of A1)" = 3
now 2026-03-30T10:00:00
expect_ok expire --json
expect_json .vouchers 0
check "$(state_of "$code")" = issued
now 2026-03-31T10:00:01
expect_error 5 'expired' voucher redeem "$code" --staff till-1
now 2026-04-01T09:00:00
expect_ok expire
expect_out '^expired 1 vouchers'
check "$(state_of "$code")" = expired
expect_balance $ANN available 5000
expect_balance $ANN held 0
expect_balance $ANN points 5000
check "$(stock_of A1)" = 5
expect_error 5 'expired' voucher redeem "$code" --staff till-1
expect_error 5 'expired' voucher cancel "$code"
expect_ok expire --json
expect_json .vouchers 0
verify_ok

# ---- cancelling ----

setup_store
give $ANN 5000
issue $ANN A1 --qty 2
expect_ok voucher cancel "$short"
expect_out '^cancelled: the points are free again'
expect_out '^state +cancelled$'
expect_balance $ANN held 0
expect_balance $ANN available 5000
check "$(stock_of A1)" = 5
expect_error 5 'cancelled' voucher cancel "$code"
expect_error 5 'cancelled' voucher redeem "$code" --staff till-1
issue $ANN A1
expect_ok voucher redeem "$code" --staff till-2
expect_error 5 'already redeemed .* by staff till-2' voucher cancel "$code"
check "$(stock_of A1)" = 4
expect_balance $ANN points 4000
verify_ok

# ---- returns ----

setup_store
config d40 '[expiry]
days = 40'
give $ANN 600 --config "$T/d40.conf"
give $ANN 1000
issue $ANN A1
expect_ok voucher redeem "$code" --staff till-1
check "$(lots | tr '\n' ,)" = "0 2026-04-10,600 2027-03-01,"
check "$(stock_of A1)" = 4
issue $ANN B2
unredeemed=$code
expect_error 5 'not redeemed' voucher return "$unredeemed" --staff desk-3
expect_ok voucher cancel "$unredeemed"

now 2026-03-21T15:00:00
code=$(jf voucher list $ANN --json | jq -r '.[] | select(.state == "redeemed") | .voucher')
expect_ok voucher return "$code" --staff desk-3
expect_out '^taken back: the points are returned'
expect_out '^returned +2026-03-21 15:00 by staff desk-3$'
expect_balance $ANN points 1600
expect_balance $ANN available 1600
# Each lot got back what it gave; the one due 2026-04-10 now runs to 30 days
# from the return, the other keeps its date.
check "$(lots | tr '\n' ,)" = "600 2026-04-20,1000 2027-03-01,"
run balance $ANN --json
expect_json '.expiring | @json' '[{"points":600,"kind":"points","date":"2026-04-20"}]'
check "$(sqlite3 "$JIFEN_DB" "SELECT old_expires_on || ' ' || new_expires_on FROM lot_change \
	WHERE reason LIKE '%return%'")" = "2026-04-10 2026-04-20"
check "$(stock_of A1)" = 5
expect_error 5 'returned' voucher return "$code" --staff desk-3
expect_error 2 'staff' voucher return "$code"
verify_ok

# ---- stock ----

setup_store
add_member $CY Cy
add_member $DEE Dee
for card in $ANN $BOB $CY $DEE; do
	give $card 5000
done
expect_ok redeem $ANN ONE
check "$(stock_of ONE)" = 0
# Out of stock is insufficient stock (exit 4, as the manual says), with how many are left.
expect_error 4 '^jifen: out of stock: none left, 1 asked$' redeem $BOB ONE
expect_error 4 '^jifen: out of stock: only 5 left, 6 asked$' redeem $ANN A1 --qty 6
expect_balance $BOB held 0
# The unit comes back; four members race for it: exactly one gets it.
code=$(jf voucher list $ANN --json | jq -r '.[0].voucher')
expect_ok voucher cancel "$code"
check "$(stock_of ONE)" = 1
exec 9>"$T/barrier"
flock -x 9
for card in $ANN $BOB $CY $DEE; do
	(
		exec 9>&-
		flock -s "$T/barrier" true
		"$JIFEN" redeem "$card" ONE >/dev/null 2>"$T/race-$card.err" </dev/null
		echo $? >"$T/race-$card"
	) &
done
flock -u 9
exec 9>&-
wait
checks=$((checks + 1))
won=$(cat "$T/race-$ANN" "$T/race-$BOB" "$T/race-$CY" "$T/race-$DEE" | sort | tr '\n' ' ')
[ "$won" = "0 4 4 4 " ] || fail "four members redeeming the last unit ended with statuses $won"
check "$(stock_of ONE)" = 0
check "$(sqlite3 "$JIFEN_DB" 'SELECT count(*) FROM voucher WHERE state = 0')" -eq 1
check "$(sqlite3 "$JIFEN_DB" 'SELECT min(stock) FROM item')" -eq 0
verify_ok

# ---- points ----

setup_store
give $BOB 999
expect_error 4 '^jifen: not enough points: 999 available, 1000 asked, 1 more needed$' redeem $BOB A1
give $ANN 5000
# Green items want green points.
expect_error 4 '' redeem $ANN GR
give $ANN 60 --green
expect_ok redeem $ANN GR --json
expect_json .kind green
expect_balance $ANN held_green 50
expect_balance $ANN held 0
expect_error 4 '' redeem $ANN GR
check "$(stock_of GR)" = 9
verify_ok

# ---- delisting ----

setup_store
give $ANN 3000
give $BOB 2000
issue $ANN B2
ann_open=$code
issue $ANN B2
ann_done=$code
issue $BOB B2
bob_open=$code
expect_ok voucher redeem "$ann_done" --staff till-1
check "$(stock_of B2)" = 17
expect_ok catalog delist B2 --compensate 100 --reason "supplier recall"
expect_out '^delisted B2: 2 vouchers? cancelled, 600 points returned, 200 bonus points given$'
check "$(state_of "$ann_open")" = cancelled
check "$(state_of "$bob_open")" = cancelled
check "$(state_of "$ann_done")" = redeemed
expect_ok voucher show "$ann_open" --json
expect_json .reason "supplier recall"
expect_balance $ANN points 2800
expect_balance $ANN available 2800
expect_balance $BOB points 2100
expect_balance $BOB available 2100
run history $ANN --json
expect_json '[.[] | select(.memo == "supplier recall" and .points == 100)] | length' 1
check "$(sqlite3 "$JIFEN_DB" "SELECT count(*) FROM notice WHERE text LIKE '%supplier recall%'")" -eq 2
# The notice is a message with its numbers: `member show` says it in words.
expect_ok member show $ANN
expect_out '^notice  .*  .* is no longer offered \(supplier recall\): [0-9]+ points back, plus 100 bonus$'
expect_ok member show $ANN --json
expect_json '.notices[0].message' delist_refund
expect_json '.notices | length' 1
expect_error 5 '' catalog delist B2 --compensate 100 --reason again
expect_error 5 'supplier recall' redeem $ANN B2
expect_error 5 '' voucher redeem "$ann_open" --staff till-1
verify_ok

# ---- outage ----

setup_store
for lot in 27:50 29:200 31:300 33:70 365:1000; do
	config "d${lot%:*}" "[expiry]
days = ${lot%:*}"
	give $ANN "${lot#*:}" --config "$T/d${lot%:*}.conf"
done
now 2026-03-31T03:00:00
expect_ok expire --json
expect_json .points 250
expect_balance $ANN points 1370
now 2026-04-02T20:00:00
expect_error 2 '' compensate outage --from 2026-04-02T18:00 --to 2026-03-30T09:00 --extend-days 10
expect_error 2 '' compensate outage --from 2026-03-30T09:00 --to 2026-04-03T18:00 --extend-days 10
expect_error 2 '' compensate outage --from 2026-03-30T09:00 --to 2026-04-02T18:00 --extend-days 0
expect_ok compensate outage --from 2026-03-30T09:00 --to 2026-04-02T18:00 --extend-days 10 --json
expect_json .lots_restored 1
expect_json .points 200
expect_json .lots_extended 1
expect_json .new_expiry 2026-04-12
# Up by exactly the points that expired in the window; the lots due in it
# run to 10 days from now; the rest keep their dates.
expect_balance $ANN points 1570
expect_balance $ANN available 1570
check "$(lots | tr '\n' ,)" = "0 2026-03-28,200 2026-04-12,300 2026-04-12,70 2026-04-03,1000 2027-03-01,"
check "$(sqlite3 "$JIFEN_DB" "SELECT count(*) FROM entry WHERE type = 'compensate' AND \
	memo LIKE 'system outage from 2026-03-30T09:00%'")" -eq 1
check "$(sqlite3 "$JIFEN_DB" "SELECT count(*) FROM notice WHERE text LIKE 'system outage%'")" -eq 2
expect_ok member show $ANN
expect_out '^notice  .*  system outage from 2026-03-30T09:00:00\+08:00 to 2026-04-02T18:00:00\+08:00: 200 points restored, now valid until 2026-04-12$'
expect_out '^notice  .*  system outage from .*: points due then are now valid until 2026-04-12$'
run history $ANN --json
expect_json '[.[] | select(.type == "compensate" and .points == 200)] | length' 1
snapshot "$T/before-again"
expect_ok compensate outage --from 2026-03-30T09:00 --to 2026-04-02T18:00 --extend-days 10
expect_out '^restored 0 expired lots \(0 points, 0 green\); moved 0 more lots'
unchanged_since "$T/before-again" "a second identical outage compensation"
verify_ok

# ---- tampering ----

setup_store
give $ANN 5000
issue $ANN A1
verify_ok
id=$(sqlite3 "$JIFEN_DB" "SELECT max(id) FROM voucher")
sqlite3 "$JIFEN_DB" "UPDATE voucher SET state = 1 WHERE id = $id"
expect_exit 8 verify
expect_err 'voucher'
sqlite3 "$JIFEN_DB" "UPDATE voucher SET state = 0, points = 1 WHERE id = $id"
expect_exit 8 verify
expect_err 'voucher'

# ---- the QR code ----

setup_store
give $ANN 5000
issue $ANN A1
expect_ok voucher show "$code" --png "$T/voucher.png"
checks=$((checks + 1))
got=$(zbarimg --raw -q "$T/voucher.png" 2>"$T/zbar.err")
[ "$got" = "$code" ] || fail "zbarimg read '$got' from the PNG, not $code"

# Piped, the kiosk's rendering in plain characters, with the short code
# under it: within 80 columns and 23 lines, and it scans.
expect_ok voucher show "$code" --qr
check "$(wc -l <"$out")" -le 23
check "$(wc -L <"$out")" -le 80
check "$(tail -n 1 "$out")" = "$short  $code"
checks=$((checks + 1))
! grep -q "$(printf '\033')" "$out" || fail "escape sequences in piped output"
cp "$out" "$T/qr.txt"
checks=$((checks + 1))
if "$raster" "$T/qr.png" <"$T/qr.txt"; then
	got=$(zbarimg --raw -q "$T/qr.png" 2>"$T/zbar.err")
	[ "$got" = "$code" ] || fail "zbarimg read '$got' from the --qr text, not $code"
else
	fail "qr_raster could not read the --qr text"
fi
# A terminal without UTF-8 gets the ASCII form: '#' and spaces only, the
# same code under it.
with LC_ALL=C expect_ok voucher show "$code" --qr
check "$(head -n -1 "$out" | tr -d '# \n' | wc -c)" -eq 0
check "$(head -n 1 "$out" | tr -d '\n' | wc -c)" -gt 40
check "$(tail -n 1 "$out")" = "$short  $code"
# The same picture whatever form of the code was typed.
bare=$(printf '%s' "$short" | tr -d -)
expect_ok voucher show "$(lower "$bare")" --qr
checks=$((checks + 1))
cmp -s "$out" "$T/qr.txt" || fail "--qr by short code differs from --qr by full code"
expect_invalid voucher show "${code%?}X" --qr
expect_invalid voucher show "${code%?}X" --png "$T/forged.png"
checks=$((checks + 1))
[ ! -e "$T/forged.png" ] || fail "a PNG was written for a forged code"
verify_ok

# The voucher key where the config says ([voucher] key_file), not beside
# the ledger: init makes it there, vouchers are signed and checked with it,
# and without the setting the ledger has no key (nothing is made up).
mkdir -m 700 "$T/keys"
config keyed "[voucher]
key_file = $T/keys/shared.key"
keyed=$T/keyed.db
expect_ok --config "$T/keyed.conf" --db "$keyed" init
check -f "$T/keys/shared.key"
check ! -e "$keyed.key"
check "$(stat -c %a "$T/keys/shared.key")" = 640
for _step in "catalog import $T/catalog.csv" "member add $ANN --name Ann" \
	"grant $ANN 5000 --reason keyed"; do
	# shellcheck disable=SC2086
	expect_ok --config "$T/keyed.conf" --db "$keyed" $_step
done
expect_ok --config "$T/keyed.conf" --db "$keyed" redeem $ANN B2 --json
keyed_code=$(json_get .voucher)
expect_ok --config "$T/keyed.conf" --db "$keyed" voucher show "$keyed_code" --json
expect_json .state issued
expect_exit 1 --db "$keyed" voucher show "$keyed_code"
expect_stdout_empty
check "$(grep -c 'cannot read the voucher key' "$err")" -eq 1
check ! -e "$keyed.key"
# Another ledger naming the same key file shares the key: init keeps it.
cp "$T/keys/shared.key" "$T/shared.before"
expect_ok --config "$T/keyed.conf" --db "$T/keyed2.db" init
check ! -e "$T/keyed2.db.key"
cmp -s "$T/shared.before" "$T/keys/shared.key" || fail "init replaced a shared voucher key"
# A relative key file is refused before anything is opened.
config relkey "[voucher]
key_file = shared.key"
expect_exit 2 --config "$T/relkey.conf" --db "$T/rel.db" init
check ! -e "$T/rel.db"

finish
