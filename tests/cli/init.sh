#!/bin/sh
# jifen init and jifen summary: a new ledger, never over an old one; a missing
# ledger is "not found" with a hint, for every command, and is not created.

. "$(dirname "$0")/lib.sh"

# A new ledger is empty and sound.
expect_ok init
check "$(cat "$out")" = "created ledger at $JIFEN_DB"
on_sqlite && check -f "$JIFEN_DB"
expect_ok summary --json
expect_json .members 0
expect_json .families 0
expect_json .entries 0
expect_json .outstanding.points 0
expect_json .outstanding.green 0
expect_json .last_entry null
expect_ok summary
expect_out '^members +0$'
expect_ok verify
expect_ok member list --json
expect_json length 0

# It is never overwritten, with or without --demo, and says so in one line.
run member add 10000001 --name Alice
expect_error 5 'exists' init
expect_error 5 'exists' init --demo
expect_error 5 'exists' --json init
expect_ok member show 10000001 --json
expect_json .name Alice

# Nor is a file that is not a ledger (its bytes stay as they were).
printf 'my notes\n' >"$T/notes.txt"
with JIFEN_DB="$T/notes.txt" expect_error 5 '' init
check "$(cat "$T/notes.txt")" = "my notes"

# --json and --db, before or after the command name.
expect_ok --db "$T/second.db" init --json
expect_json .path "$T/second.db"
expect_json .demo false
expect_ok init --db "$T/third.db"
check -f "$T/third.db"

# A ledger location may also be a file: URI (file:PATH or file:///PATH).
expect_ok --db "file:$T/uri.db" init
check -f "$T/uri.db"
expect_ok --db "file://$T/uri.db" summary --json
expect_json .members 0
expect_ok --db "file:$T/uri.db" verify
# A PostgreSQL server that cannot be reached is said in one line as busy
# (try again), for init and every other command, and the line never
# repeats a password the location carries (tests/pg runs on a real server).
for db in "postgresql://kiosk:secret@127.0.0.1:1/jifen" \
	"postgres:///jifen?host=$T/no-server&password=secret"; do
	expect_error 7 'cannot reach the ledger postgres' --db "$db" init
	expect_error 7 'cannot reach the ledger postgres' --db "$db" summary
	check "$(grep -c secret "$err")" -eq 0
	with JIFEN_DB="$db" expect_exit 7 member list
	check "$(grep -c 'cannot reach the ledger' "$err")" -eq 1
	check "$(grep -c secret "$err")" -eq 0
done
expect_error 2 'not a ledger location' --db "mysql://localhost/jifen" summary
expect_error 2 'not a ledger location' --db "file://otherhost/tmp/x.db" summary
check ! -e "$HOME/.local/share/jifen"

# Usage errors create nothing.
with JIFEN_DB="$T/none.db" expect_error 2 'unexpected argument' init extra
with JIFEN_DB="$T/none.db" expect_error 2 'option' init --bogus
with JIFEN_DB="$T/none.db" expect_error 2 '' init --demo=yes
check ! -e "$T/none.db"
# A directory that does not exist: refused, in one line.
expect_exit 7 --db "$T/no/such/dir/ledger.db" init
check ! -e "$T/no"

# The demo store: members, families and entries, and a ledger that verifies.
demo=$(new_ledger demo)
expect_ok --db "$demo" init --demo --json
expect_json .demo true
expect_ok --db "$demo" summary --json
check "$(json_get .members)" -gt 0
check "$(json_get .families)" -gt 0
check "$(json_get .entries)" -gt 0
check "$(json_get .outstanding.points)" -gt 0
expect_ok --db "$demo" verify --json
expect_json .ok true
# A voucher waits at the counter for 李明, and it redeems.
expect_ok --db "$demo" voucher list 8800000002 --open --json
check "$(json_get length)" -eq 1
demo_code=$(json_get '.[0].voucher')
expect_ok --db "$demo" voucher redeem "$demo_code" --staff S01 --json
expect_json .state redeemed
# The sample campaigns: the shopping festival runs on the demo's day, so a
# purchase shows its multiplier.
expect_ok --db "$demo" campaign list --json
check "$(json_get length)" -eq 3
expect_ok --db "$demo" campaign list --active --json
expect_json '.[0].campaign' double-11
expect_ok --db "$demo" earn 8800000002 100 --ref demo-1 --explain
expect_out 'campaign double-11 +\+100 \(200%\)'

# A demo that fails half way (the config's green limit refuses its family
# transfer, after the catalog, members and earlier history are written)
# leaves no ledger: one line, and a second init makes one that verifies.
broken=$(new_ledger broken)
config tight '[transfer]
daily_green_limit = 10'
expect_error 5 'daily limit.*no ledger was created' --db "$broken" --config "$T/tight.conf" \
	init --demo
expect_error 3 'jifen init' --db "$broken" summary
if on_sqlite; then
	for f in "$broken" "$broken-wal" "$broken-shm" "$broken-journal" "$broken.key"; do
		check ! -e "$f"
	done
fi
expect_ok --db "$broken" init --demo
expect_ok --db "$broken" verify --json
expect_json .ok true

# With JIFEN_DB unset, the default ledger is the user's own, under $HOME.
with JIFEN_DB= expect_ok init
check -f "$HOME/.local/share/jifen/ledger.db"
with JIFEN_DB= with XDG_DATA_HOME="$T/xdg" expect_ok init
check -f "$T/xdg/jifen/ledger.db"

# Every command but init: a missing ledger is "not found" with a hint to run
# init, and no file appears.
missing=$(new_ledger missing)
for cmd in "summary" "member list" "member show 10000001" \
	"member add 10000009 --name Zed" "earn 10000001 10 --ref R1" \
	"earn --reverse R1" "grant 10000001 5 --reason r" \
	"transfer 10000001 10000002 1 --green --ref T1" "balance 10000001" \
	"history 10000001" "family create F --owner 10000001" "family add F 10000001" \
	"family list" "expire" "verify" "export --format csv" "export --format ledger"; do
	# shellcheck disable=SC2086
	with JIFEN_DB="$missing" expect_error 3 'jifen init' $cmd
	if on_sqlite; then
		check ! -e "$missing"
		check ! -e "$missing-wal"
	fi
done
# A missing ledger named by --db, too.
expect_error 3 'jifen init' --db "$missing" summary
on_sqlite && check ! -e "$missing"

# An SQLite file that is not a jifen ledger is refused and left alone.
sqlite3 "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (42);'
with JIFEN_DB="$T/other.db" expect_error 8 'not a jifen ledger' summary
check "$(sqlite3 "$T/other.db" 'SELECT x FROM t')" = 42
# So is a schema on PostgreSQL that holds other tables.
if on_pg; then
	other=$(new_ledger other)
	with JIFEN_DB="$other" sql 'CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (42);'
	with JIFEN_DB="$other" expect_error 8 'not a jifen ledger' summary
	check "$(with JIFEN_DB="$other" sql 'SELECT x FROM t')" = 42
fi
# A file that is not a database at all: refused, unchanged.
with JIFEN_DB="$T/notes.txt" expect_error 8 'not a jifen ledger' summary
check "$(cat "$T/notes.txt")" = "my notes"

# summary follows what happens to the ledger.
fresh
add_member 10000001 Alice
add_member 10000002 Bob
expect_ok earn 10000001 120.50 --ref R1
expect_ok grant 10000002 30 --green --reason welcome
expect_ok family create Home --owner 10000001
expect_ok summary --json
expect_json .members 2
expect_json .families 1
expect_json .entries 2
expect_json .outstanding.points 120
expect_json .outstanding.green 30
expect_json .issued.points 120
expect_json .issued.green 30
expect_json .expired.points 0
expect_json .last_entry 2026-03-01T10:00:00+08:00
expect_ok summary
expect_out '^members +2$'
expect_out '^outstanding +120 +30$'
expect_error 2 'unexpected argument' summary extra
expect_error 2 'option' summary --limit 3

# With neither --db nor JIFEN_DB, the config's [database] db names the
# ledger; --db and JIFEN_DB still come first.
printf '[database]\ndb = %s/from-config.db\n' "$T" >"$T/db.conf"
with JIFEN_DB= expect_ok --config "$T/db.conf" init
check -f "$T/from-config.db"
with JIFEN_DB= expect_ok --config "$T/db.conf" summary --json
expect_json .members 0
with JIFEN_DB="$T/env.db" expect_error 3 'no ledger at .*env.db' --config "$T/db.conf" summary
printf '[database]\ndb = from-config.db\n' >"$T/rel.conf"
with JIFEN_DB= expect_error 2 'db must be an absolute path or a postgresql:// URL' \
	--config "$T/rel.conf" summary

finish
