#!/bin/sh
# jifen verify checks what protects the ledger besides its rows: a copy
# restored or made by hand without the append-only triggers (or with one
# changed, or with a trigger of someone else's, or without an index of
# jifen's) fails with exit status 8 and a line naming it, even when every
# row is as it was; such a copy is not restored, and a backup of such a
# ledger is not kept.

. "$(dirname "$0")/lib.sh"

need sqlite3
fresh
add_member 10000001 Alice
expect_ok earn 10000001 100 --ref R1
expect_ok verify
good=$T/good.db
sqlite3 "$JIFEN_DB" ".backup '$good'"
cp "$JIFEN_DB.key" "$good.key"

# altered NAME SQL PROBLEM: a copy with SQL run on it fails verify, naming PROBLEM.
altered() {
	JIFEN_DB=$T/$1.db
	cp "$good" "$JIFEN_DB"
	cp "$good.key" "$JIFEN_DB.key"
	sqlite3 "$JIFEN_DB" "$2" || fail "sqlite3 could not run: $2"
	expect_error 8 "ledger BROKEN: $3" verify
	run verify --json
	expect_status 8
	expect_json .ok false
	checks=$((checks + 1))
	json_get .problem | grep -qF "$3" || fail "verify --json says $(json_get .problem)"
}

altered entry "DROP TRIGGER entry_no_update" \
	'trigger entry_no_update is missing: what it protects could be changed unseen'
altered line "DROP TRIGGER line_no_delete" 'trigger line_no_delete is missing'
altered slip "DROP TRIGGER slip_fixed" 'trigger slip_fixed is missing'
altered game "DROP TRIGGER game_play_no_delete" 'trigger game_play_no_delete is missing'
altered tame "DROP TRIGGER entry_no_delete;
	CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry WHEN 0
	  BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;" \
	'trigger entry_no_delete is not the one jifen installs'
altered extra "CREATE TRIGGER quiet AFTER INSERT ON line BEGIN SELECT 1; END;" \
	"trigger quiet is not one of jifen's"
altered index "DROP INDEX account_member" 'index account_member is missing'
# The same copy, untouched, verifies.
JIFEN_DB=$T/same.db
cp "$good" "$JIFEN_DB"
cp "$good.key" "$JIFEN_DB.key"
expect_ok verify

# A backup without the triggers is not restored, and nothing changes.
JIFEN_DB=$T/ledger.db
expect_error 8 'does not verify' restore "$T/entry.db"
expect_error 8 'does not verify' restore "$T/entry.db" --force
expect_ok verify
# Nor is one made of a ledger that lacks them.
JIFEN_DB=$T/line.db
expect_error 8 'trigger line_no_delete is missing' backup "$T/copy.db"
check ! -e "$T/copy.db"

finish
