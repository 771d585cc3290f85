#!/bin/sh
# migrate.sh: `jifen migrate --to URL` moves a store's ledger file, with
# its voucher key, into the chain's database: every balance, lot, hold and
# voucher arrives and verifies, ids go on where the file's stopped, a
# voucher issued before the move scans after it, the file's bytes stay as
# they were, and a second run, a target in use, a bad URL, a missing file,
# a bad --store or a config without a key_file are each refused in one
# line with nothing written. On a server of its own (server.sh); skipped
# (77) without one.

# A server that never syncs: nothing here crashes it.
JIFEN_PG_FAST=1
export JIFEN_PG_FAST
. "$(dirname "$0")/lib.sh"

file=$JIFEN_DB
key=$T/chain.key
printf '[voucher]\nkey_file = %s\n' "$key" >"$T/chain.conf"

# A store's year: the demo, lots expired, purchases, a family transfer, a
# voucher handed over and one still open (its points held).
expect_ok init --demo
now 2026-06-01T10:00:00
expect_ok expire
check "$(sql 'SELECT count(*) FROM lot WHERE expired > 0')" -gt 0
expect_ok earn 8800000001 300.00 --ref R-MIG-1
expect_ok earn 8800000004 400.00 --ref R-MIG-2
expect_ok earn 8800000001 100.00 --green --ref R-MIG-G
expect_ok transfer 8800000001 8800000002 5 --green --ref MIG-T1
expect_ok redeem 8800000001 GR-SOY-500 --ref MIG-V1 --json
handed=$(json_get .short)
expect_ok voucher redeem "$handed" --staff S01
expect_ok redeem 8800000004 GR-SOY-500 --ref MIG-V2 --json
open=$(json_get .short)
check "$(sql 'SELECT count(*) FROM hold WHERE state = 0')" -ge 1
sum_before=$(sha256sum "$file" | cut -d' ' -f1)
key_before=$(sha256sum "$file.key" | cut -d' ' -f1)

# pg_state FILE: every row of every table of the target, its sequences'
# next ids, and its meta: what a refused run must leave as it was.
pg_state() {
	psql "$1" -X -q -A -t -v ON_ERROR_STOP=1 >"$2" 2>&1 <<'END_SQL'
SELECT format('SELECT %L || '' '' || row_to_json(r.*)::text FROM %I r ORDER BY 1', c.relname,
	c.relname) FROM pg_class c
	WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' ORDER BY c.relname
\gexec
SELECT 'sequence ' || sequencename || ' ' || coalesce(last_value, 0) FROM pg_sequences
	WHERE schemaname = current_schema() ORDER BY 1;
END_SQL
}
# schema_url NAME: a new, empty schema NAME on the server, as a ledger URL.
schema_url() {
	psql "$url" -X -q -c "CREATE SCHEMA $1" >/dev/null || fail "cannot create schema $1"
	printf '%s&options=-csearch_path%%3D%s\n' "$url" "$1"
}

# Bad input, before anything is opened: one line each, nothing written.
expect_error 2 'missing|needs --to' migrate
expect_error 2 'postgresql://' migrate --to "$T/other.db"
expect_error 2 'store code' migrate --to "$url" --store 'S 01' --config "$T/chain.conf"
expect_error 2 'store code' migrate --to "$url" --store S0123456789ABCDEF --config "$T/chain.conf"
expect_error 2 'key_file' migrate --to "$url"
expect_error 3 'no ledger' migrate --to "$url" --db "$T/none.db" --config "$T/chain.conf"
expect_error 7 'cannot reach' migrate --to "postgresql:///jifen?host=$T/nowhere" \
	--config "$T/chain.conf"
expect_error 2 'must be a file' migrate --db "$url" --to "$url" --config "$T/chain.conf"
# A file of an older schema is refused, not migrated (that would write it);
# one that does not verify is refused before anything is copied.
cp "$file" "$T/old.db"
sqlite3 "$T/old.db" "UPDATE meta SET value = '17' WHERE key = 'schema_version'"
with JIFEN_DB="$T/old.db" expect_error 5 'older' migrate --to "$url" --config "$T/chain.conf"
copy_ledger "$file" "$T/bad.db"
sqlite3 "$T/bad.db" "UPDATE account SET balance = balance + 1 WHERE member_id IS NOT NULL AND id = (SELECT min(id) FROM account WHERE member_id IS NOT NULL)"
with JIFEN_DB="$T/bad.db" expect_error 8 'does not verify' migrate --to "$url" --config "$T/chain.conf"
check ! -e "$key"
check "$(psql "$url" -X -A -t -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" -eq 0

# The move.
expect_ok migrate --to "$url" --config "$T/chain.conf" --json
expect_json .members 5
expect_json .schema_created true
expect_json .key_written true
check "$(sha256sum "$file" | cut -d' ' -f1)" = "$sum_before"
check "$(sha256sum "$file.key" | cut -d' ' -f1)" = "$key_before"
check "$(sha256sum "$key" | cut -d' ' -f1)" = "$key_before"
check "$(stat -c %a "$key")" = 640

# What arrived: the same summary, balances and vouchers (and verify, below).
for cmd in "summary --json" "voucher show $open --json" "voucher show $handed --json" \
	"balance 8800000001 --json" "family list --json"; do
	# shellcheck disable=SC2086 # the words of cmd are its arguments
	jf --db "$file" --config "$T/chain.conf" $cmd >"$T/file.out" 2>&1
	# shellcheck disable=SC2086
	jf --db "$url" --config "$T/chain.conf" $cmd >"$T/chain.out" 2>&1
	checks=$((checks + 1))
	cmp -s "$T/file.out" "$T/chain.out" || fail "'$cmd' differs after the move: $(diff "$T/file.out" "$T/chain.out" | head -n 4)"
done

# A second run: refused, and the target as it was.
pg_state "$url" "$T/pg.before"
expect_error 5 'already moved into' migrate --to "$url" --config "$T/chain.conf"
pg_state "$url" "$T/pg.after"
check -s "$T/pg.before"
checks=$((checks + 1))
cmp -s "$T/pg.before" "$T/pg.after" || fail "the refused second run changed the target"

# The chain goes on: the next ids follow the file's, and the voucher
# issued before the move is handed over after it.
last_entry=$(sql 'SELECT max(id) FROM entry')
last_member=$(sql 'SELECT max(id) FROM member')
expect_ok --db "$url" --config "$T/chain.conf" member add 8800000009 --name Newcomer
expect_ok --db "$url" --config "$T/chain.conf" earn 8800000009 100.00 --ref R-CHAIN-1
check "$(psql "$url" -X -A -t -c 'SELECT max(id) FROM entry')" -eq $((last_entry + 1))
check "$(psql "$url" -X -A -t -c 'SELECT max(id) FROM member')" -eq $((last_member + 1))
expect_ok --db "$url" --config "$T/chain.conf" voucher redeem "$open" --staff S01 --json
expect_json .state redeemed
expect_ok --db "$url" --config "$T/chain.conf" verify

# A ledger `jifen init` made and nothing used takes the move (here with a
# store code); its key_file, made by init, holds another key: refused
# until the config names one of its own.
empty=$(schema_url empty)
printf '[voucher]\nkey_file = %s\n' "$T/init.key" >"$T/init.conf"
expect_ok --db "$empty" --config "$T/init.conf" init
pg_state "$empty" "$T/pg.before"
expect_error 5 'another key' migrate --to "$empty" --config "$T/init.conf"
pg_state "$empty" "$T/pg.after"
checks=$((checks + 1))
cmp -s "$T/pg.before" "$T/pg.after" || fail "the refused run changed the target"
printf '[voucher]\nkey_file = %s\n' "$T/store2.key" >"$T/store2.conf"
expect_ok migrate --to "$empty" --config "$T/store2.conf" --store S001 --json
expect_json .schema_created false
expect_json .store S001
expect_ok --db "$empty" --config "$T/store2.conf" voucher show "$handed" --json
expect_json .state redeemed
# The file's entries and holds are S001's now: its terminals go on with
# the file's chain, into the store's own system accounts.
n=$(psql "$empty" -X -A -t -c "SELECT count(*) FROM entry WHERE store <> 'S001'")
check "$n" -eq 0
n=$(psql "$empty" -X -A -t -c "SELECT count(*) FROM hold WHERE store <> 'S001'")
check "$n" -eq 0
printf '[voucher]\nkey_file = %s\n[store]\ncode = S001\nterminal = T1\n' "$T/store2.key" \
	>"$T/s001.conf"
expect_ok --db "$empty" --config "$T/s001.conf" earn 8800000001 10.00 --ref R-S001 --json
per=$(jq -r .points "$out")
expect_ok --db "$empty" --config "$T/s001.conf" verify --json
expect_json .stores 1
n=$(psql "$empty" -X -A -t -c "SELECT -balance FROM account WHERE name = 'system:issued:points:S001'")
check "$n" -eq "$per"

# An empty target whose move fails half way (its key_file holds another
# key, found out after the schema is made in it): the schema goes with
# the rest of the one transaction, and the schema is left empty.
fresh_fail=$(schema_url fresh_fail)
head -c 32 /dev/urandom >"$T/other.key"
chmod 600 "$T/other.key"
printf '[voucher]\nkey_file = %s\n' "$T/other.key" >"$T/other.conf"
expect_error 5 'another key' migrate --to "$fresh_fail" --config "$T/other.conf"
check "$(psql "$url" -X -A -t -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'fresh_fail'")" -eq 0

# A target in use, or holding tables that are not a ledger: refused.
used=$(schema_url used)
expect_ok --db "$used" --config "$T/init.conf" init
expect_ok --db "$used" --config "$T/init.conf" member add 10000001 --name Other
pg_state "$used" "$T/pg.before"
expect_error 5 'merging' migrate --to "$used" --config "$T/chain.conf"
pg_state "$used" "$T/pg.after"
checks=$((checks + 1))
cmp -s "$T/pg.before" "$T/pg.after" || fail "the refused run changed the target in use"
other=$(schema_url other)
psql "$other" -X -q -c 'CREATE TABLE orders(id INTEGER)' >/dev/null
expect_error 5 'not a jifen ledger' migrate --to "$other" --config "$T/chain.conf"
check "$(sha256sum "$file" | cut -d' ' -f1)" = "$sum_before"

finish
