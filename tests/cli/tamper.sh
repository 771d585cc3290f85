#!/bin/sh
# Every stored value that decides what a member can spend is covered by the
# hash chain or checked against it by `jifen verify` (issue 9, defect 3):
# each column of lot, lot_use, lot_change, hold, voucher and account is
# changed by hand on a copy of a ledger that went through every kind of
# write (triggers dropped), and verify must fail with exit 8. An untouched
# ledger, and the ledgers of schema 1 and 2 once migrated, still verify.

. "$(dirname "$0")/lib.sh"

srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}

fresh
add_member 10000001 Alice
add_member 10000002 Bob
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'MUG,杯子,Mug,home,goods,10,,,,10,0,,,' >"$T/items.csv"
now 2025-01-01T10:00:00
expect_ok catalog import "$T/items.csv"
expect_ok grant 10000001 200 --reason welcome
expect_ok family create Fam --owner 10000001
expect_ok family add Fam 10000002
now 2025-06-01T10:00:00
expect_ok earn 10000001 300 --ref R1
expect_ok earn 10000002 50 --ref R2
expect_ok earn 10000001 100 --ref G1 --green
expect_ok transfer 10000001 10000002 30 --green --ref T1
expect_ok earn --reverse R2
now 2025-12-20T10:00:00
expect_ok redeem 10000001 MUG --json
v1=$(json_get .voucher)
expect_ok voucher redeem "$v1" --staff S01
now 2025-12-28T10:00:00
expect_ok voucher return "$v1" --staff S01
expect_ok redeem 10000001 MUG --json
v3=$(json_get .voucher)
expect_ok voucher cancel "$v3"
expect_ok redeem 10000001 MUG
# The return moved the first lot's date to 2026-01-27; the daily job expires
# it (and the voucher of 2025-12-28) with a voucher pending.
now 2026-02-05T10:00:00
expect_ok redeem 10000001 MUG
expect_ok daily
expect_ok verify
good=$T/good.db
cp "$JIFEN_DB" "$good"
# The ledger has what the tampering below needs.
for q in "SELECT count(*) FROM lot_change" "SELECT count(*) FROM lot WHERE expired > 0" \
	"SELECT count(*) FROM hold WHERE state = 0" "SELECT count(*) FROM hold WHERE state = 1" \
	"SELECT count(*) FROM hold WHERE state = 2" "SELECT count(*) FROM lot_use"; do
	check "$(sqlite3 "$good" "$q")" -ge 1
done

# tamper SQL: on a copy of the good ledger with every trigger dropped, SQL
# must make verify fail with exit 8, and change something.
n=0
tamper() {
	n=$((n + 1))
	_db=$T/t$n.db
	cp "$good" "$_db"
	sqlite3 "$_db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master
		WHERE type = 'trigger'" | sqlite3 "$_db"
	sqlite3 "$_db" "$1" || fail "the tampering SQL failed: $1"
	cmp -s "$good" "$_db" && fail "the tampering changed nothing: $1"
	expect_exit 8 verify --db "$_db"
	grep -q . "$err" || fail "no error for: $1"
}

# lot: every column.
lot_any='(SELECT min(id) FROM lot)'
lot_used='(SELECT min(lot_id) FROM lot_use)'
lot_expired='(SELECT min(id) FROM lot WHERE expired > 0)'
lot_open='(SELECT max(id) FROM lot WHERE remaining > 1)'
lot_changed='(SELECT min(lot_id) FROM lot_change)'
tamper "UPDATE lot SET expires_on = '2099-12-31' WHERE id = $lot_open"
tamper "UPDATE lot SET expires_on = '2099-12-31' WHERE id = $lot_changed"
tamper "UPDATE lot SET available_on = '2099-12-31' WHERE id = $lot_open"
tamper "UPDATE lot SET available_on = '2000-01-01' WHERE id = $lot_open"
tamper "UPDATE lot SET amount = amount + 1 WHERE id = $lot_used"
tamper "UPDATE lot SET amount = amount + 5, remaining = remaining + 5 WHERE id = $lot_open"
tamper "UPDATE lot SET remaining = remaining - 1 WHERE id = $lot_open"
tamper "UPDATE lot SET remaining = remaining + 1 WHERE id = $lot_expired"
tamper "UPDATE lot SET expired = expired - 1, remaining = remaining + 1 WHERE id = $lot_expired"
tamper "UPDATE lot SET expired = expired + 1 WHERE id = $lot_open"
tamper "UPDATE lot SET expire_entry = NULL WHERE id = $lot_expired"
tamper "UPDATE lot SET expire_entry = (SELECT min(id) FROM entry) WHERE id = $lot_expired"
tamper "UPDATE lot SET account_id = (SELECT id FROM account WHERE name = 'member:10000002:points')
	WHERE id = $lot_open"
tamper "UPDATE lot SET entry_id = (SELECT max(id) FROM entry WHERE type = 'earn') WHERE id = $lot_any"
tamper "UPDATE lot SET hash = zeroblob(32) WHERE id = $lot_open"
tamper "UPDATE lot SET hash = NULL WHERE id = $lot_open"
tamper "DELETE FROM lot WHERE id = (SELECT max(id) FROM lot)"
# lot_use
tamper "UPDATE lot_use SET amount = amount + 1 WHERE lot_id = $lot_used"
tamper "UPDATE lot_use SET lot_id = $lot_open WHERE lot_id = $lot_used AND lot_id <> $lot_open"
tamper "UPDATE lot_use SET entry_id = (SELECT min(id) FROM entry WHERE type = 'earn')
	WHERE lot_id = $lot_used"
tamper "DELETE FROM lot_use WHERE lot_id = $lot_used"
# lot_change
for col in "lot_id = lot_id + 1" "ts = ts + 1" "old_expires_on = '2025-12-30'" \
	"new_expires_on = '2099-12-31'" "reason = 'x'" "hash = zeroblob(32)"; do
	tamper "UPDATE lot_change SET $col WHERE id = (SELECT min(id) FROM lot_change)"
done
tamper "DELETE FROM lot_change"
tamper "UPDATE lot_change SET new_expires_on = '2099-12-31' WHERE id = (SELECT min(id) FROM lot_change);
	UPDATE lot SET expires_on = '2099-12-31' WHERE id = $lot_changed"
# hold
pending='(SELECT min(id) FROM hold WHERE state = 0)'
posted='(SELECT min(id) FROM hold WHERE state = 1)'
voided='(SELECT min(id) FROM hold WHERE state = 2)'
tamper "UPDATE hold SET amount = amount - 1 WHERE id = $pending"
tamper "UPDATE hold SET amount = amount - 1 WHERE id = $pending;
	UPDATE account SET held = held - 1 WHERE id = (SELECT account_id FROM hold WHERE id = $pending);
	UPDATE voucher SET points = points - 1 WHERE hold_id = $pending"
tamper "UPDATE hold SET state = 2 WHERE id = $pending"
tamper "UPDATE hold SET state = 0 WHERE id = $voided"
tamper "UPDATE hold SET state = 2 WHERE id = $posted"
tamper "UPDATE hold SET state = 0 WHERE id = $posted"
tamper "UPDATE hold SET account_id = (SELECT id FROM account WHERE name = 'member:10000002:points')
	WHERE id = $pending"
tamper "UPDATE hold SET entry_id = NULL WHERE id = $posted"
for col in "ref = 'x'" "created_at = created_at + 1" "expires_at = expires_at + 86400" \
	"actor = 'staff:x'" "terminal = 'x'" "hash = zeroblob(32)" "hash = NULL"; do
	tamper "UPDATE hold SET $col WHERE id = $pending"
done
tamper "DELETE FROM hold WHERE id = $pending"
# voucher
tamper "UPDATE voucher SET state = 2 WHERE hold_id = $pending"
tamper "UPDATE voucher SET state = 0 WHERE hold_id = $voided"
tamper "UPDATE voucher SET state = 0 WHERE hold_id = $posted"
tamper "UPDATE voucher SET points = points + 1 WHERE hold_id = $pending"
tamper "UPDATE voucher SET hold_id = 999 WHERE hold_id = $pending"
# account
member='(SELECT id FROM account WHERE name = '"'"'member:10000001:points'"'"')'
tamper "UPDATE account SET balance = balance + 1 WHERE id = $member"
tamper "UPDATE account SET held = held - 1 WHERE id = $member"
tamper "UPDATE account SET held = held + 1 WHERE id = $member"
# meta: a ledger's rows without hashes cannot be passed off as older ones.
tamper "UPDATE meta SET value = '1000' WHERE key = 'unhashed_lots'; UPDATE lot SET
	expires_on = '2099-12-31' WHERE id = $lot_open"

# Untouched, and migrated from the first releases: verify passes, and the
# migrated ledgers take writes that verify too.
expect_ok verify --db "$good"
now 2027-06-02T10:00:00
for v in ledger-v1 ledger-v2; do
	JIFEN_DB=$T/$v.db
	sqlite3 "$JIFEN_DB" <"$srcdir/tests/data/$v.sql"
	expect_ok verify
	card=$(sql "SELECT card FROM member ORDER BY id LIMIT 1")
	expect_ok grant "$card" 5 --reason upgraded
	expect_ok daily
	expect_ok verify
done

finish
