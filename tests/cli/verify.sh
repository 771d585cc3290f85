#!/bin/sh
# jifen verify: a sound ledger passes; one altered behind jifen's back
# (by SQL, past the append-only triggers) fails with exit status 8
# and one line naming the problem.

. "$(dirname "$0")/lib.sh"

fresh
expect_ok verify
expect_out '^ledger OK'
expect_ok verify --json
expect_json .ok true
expect_json .entries 0

# A session of every kind of write.
add_member 10000001 Alice
add_member 10000002 Bob
now 2025-01-01T10:00:00
expect_ok earn 10000001 100 --ref R1
expect_ok grant 10000001 20 --green --reason bag
expect_ok family create Home --owner 10000001
expect_ok family add Home 10000002
expect_ok transfer 10000001 10000002 5 --green --ref T1
expect_ok earn 10000002 50 --ref R2
expect_ok earn --reverse R2
now 2026-01-05T10:00:00
expect_ok expire
expect_ok earn 10000001 10 --ref R3

expect_ok verify
expect_out '^ledger OK: 7 entries'
expect_ok verify --json
expect_json .ok true
expect_json .entries 7
expect_json .problem null
expect_json .first_bad_entry null
check "$(json_get .accounts)" -ge 4
check "$(json_get .lots)" -ge 1
good=$(new_ledger good)
copy_ledger "$JIFEN_DB" "$good"

# tamper TRIGGERS SQL: change the ledger behind jifen's back, all or
# nothing (lib.sh's unguarded); a statement that fails (the schema
# changed?) fails the test, so that no check below passes on a ledger that
# was not altered.
tamper() {
	checks=$((checks + 1))
	unguarded "$1" "$2" >"$T/tamper.err" 2>&1 ||
		fail "could not alter the ledger: $(cat "$T/tamper.err")"
}

# restore_good: the ledger as it was after the session.
restore_good() {
	copy_ledger "$good" "$JIFEN_DB"
}

# verify reads only.
snapshot "$T/before"
run verify
snapshot "$T/after"
check -z "$(cmp "$T/before" "$T/after")"

# An entry's memo rewritten: entry 2 is named.
tamper entry_no_update "UPDATE entry SET memo = 'x' WHERE id = 2"
expect_exit 8 verify
expect_err 'entry 2'
expect_stdout_empty
expect_exit 8 verify --json
expect_json .ok false
expect_json .first_bad_entry 2
check -n "$(json_get .problem)"
# Other commands still read it, and verify keeps failing the same way.
expect_ok balance 10000001 --json
expect_exit 8 verify
expect_err 'entry 2'

# A line's amount changed (both sides, so the entry still sums to zero).
restore_good
tamper line_no_update "UPDATE line SET amount = amount * 2 WHERE entry_id = 1"
expect_exit 8 verify
expect_err 'entry 1'

# A stored balance changed: the lines no longer add up to it.
restore_good
tamper '' "UPDATE account SET balance = balance + 1000 WHERE name = 'member:10000002:points'"
expect_exit 8 verify
expect_err 'balance|account|10000002'

# A lot changed: the lots no longer add up to the balance.
restore_good
tamper '' "UPDATE lot SET remaining = remaining - 1
	WHERE id = (SELECT max(id) FROM lot WHERE remaining > 0)"
expect_exit 8 verify
expect_err 'lot'

# An entry removed from the middle of the chain (past the foreign key of
# its lot: PostgreSQL keeps to them whoever writes, sqlite3 only if asked).
if on_sqlite; then
	restore_good
	tamper "entry_no_delete line_no_delete" "DELETE FROM line WHERE entry_id = 3; DELETE FROM entry WHERE id = 3"
	expect_exit 8 verify
fi

# A forged entry appended by hand, balanced but not chained.
restore_good
tamper '' "INSERT INTO entry(id, ts, type, ref, memo, prev_hash, hash)
	SELECT 100, ts, 'grant', 'grant:forged', 'free points', hash, hash FROM entry WHERE id = 7;
	INSERT INTO line(entry_id, seq, account_id, amount)
	SELECT 100, 1, id, 500 FROM account WHERE name = 'member:10000001:points';
	INSERT INTO line(entry_id, seq, account_id, amount)
	SELECT 100, 2, id, -500 FROM account WHERE name = 'system:issued:points';
	UPDATE account SET balance = balance + 500 WHERE name = 'member:10000001:points';
	UPDATE account SET balance = balance - 500 WHERE name = 'system:issued:points'"
expect_exit 8 verify
expect_err 'entry 100'

# The good copy still verifies.
restore_good
expect_ok verify

expect_error 2 'unexpected argument' verify now
expect_error 2 'option' verify --fix

finish
