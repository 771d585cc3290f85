#!/bin/sh
# roles.sh: `jifen init --roles` gives a chain's PostgreSQL ledger its two
# roles, and the database then refuses by privilege what the ledger
# promises never happens: a terminal can read and write what jifen writes
# (members, points, vouchers) but cannot update, delete or empty a ledger
# row, even by hand. On a server of its own (server.sh); skipped (77)
# without one.

. "$(dirname "$0")/lib.sh"
chain_ledger

# as_terminal SQL: psql as the terminal role; its stderr in $err.
as_terminal() {
	psql "$url" -X -q -A -t -v VERBOSITY=terse -c "SET ROLE jifen_terminal" -c "$1" 2>"$err"
}

expect_ok init
# Printed, nothing applied yet: entry and line may be read and added to,
# never changed, and the other tables get what jifen's statements do.
expect_ok init --roles
check "$(grep -c '^GRANT INSERT ON TABLE entry TO jifen_terminal;$' "$out")" -eq 1
check "$(grep -c '^GRANT SELECT ON TABLE line TO jifen_terminal;$' "$out")" -eq 1
check "$(grep -cE '^GRANT (UPDATE|DELETE) ON TABLE (entry|line|member_event|lot_change) ' "$out")" -eq 0
check "$(grep -c '^GRANT UPDATE ON TABLE member TO jifen_terminal;$' "$out")" -eq 1
check "$(grep -c '^ALTER TABLE entry OWNER TO jifen_manager;$' "$out")" -eq 1
check "$(grep -c '^GRANT jifen_terminal TO jifen_manager;$' "$out")" -eq 1
check "$(psql "$url" -X -A -t -c "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'jifen_%'")" -eq 0

expect_ok init --roles --apply
expect_ok init --roles --apply --json
expect_json .terminal jifen_terminal
psql "$url" -X -q -c "GRANT jifen_terminal TO CURRENT_USER" 2>"$err" || fail "cannot join the terminal role: $(cat "$err")"

# A terminal's day, logged in as the terminal role.
term_url="$url&options=-crole%3Djifen_terminal"
expect_ok --db "$term_url" member add 10000001 --name Ann
expect_ok --db "$term_url" earn 10000001 120 --ref R1
expect_ok --db "$term_url" balance 10000001 --json
expect_json .available 120
expect_ok --db "$term_url" summary

# What no terminal may do, even by hand.
for sql in "UPDATE entry SET memo = 'x'" "DELETE FROM line" "TRUNCATE entry" \
	"UPDATE member_event SET action = 'x'" "DROP TABLE entry"; do
	checks=$((checks + 1))
	if as_terminal "$sql"; then
		fail "the terminal role could run: $sql"
	elif ! grep -qE 'permission denied|must be owner' "$err"; then
		fail "not refused by privilege: $sql: $(cat "$err")"
	fi
done
# The owner is refused by the triggers instead, with the ledger's words.
checks=$((checks + 1))
psql "$url" -X -q -c "UPDATE entry SET memo = 'x'" 2>"$err" && fail "the owner updated an entry"
grep -q 'append-only' "$err" || fail "the owner's update was not refused as append-only: $(cat "$err")"
expect_ok verify
# verify builds the schema it compares with inside a transaction it rolls
# back: no schema of it is left. A terminal may not create one at all, and
# is told so (the owner verifies).
scratch_left() {
	psql "$url" -X -A -t -c "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'jifen_scratch%'"
}
check "$(scratch_left)" -eq 0
expect_exit 9 --db "$term_url" verify
checks=$((checks + 1))
grep -q 'permission denied for database' "$err" || fail "a terminal's verify does not say why it cannot"
check "$(scratch_left)" -eq 0

# Bad uses change nothing (shown on a ledger file, which lib.sh's
# snapshots read); a file has no roles.
JIFEN_DB=$T/shop.db
JIFEN_CONFIG=
expect_error 2 '--apply goes with --roles' init --apply
expect_error 2 'not with --demo' init --roles --demo
check ! -e "$T/shop.db"
expect_error 3 'no ledger at' init --roles
expect_ok init
expect_error 2 'roles are for a ledger on PostgreSQL' init --roles
expect_error 2 'roles are for a ledger on PostgreSQL' init --roles --apply

finish
