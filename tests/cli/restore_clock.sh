#!/bin/sh
# jifen restore goes through the clock rule of every write ([database]
# clock_tolerance, 300 seconds by default): a clock more than that behind
# the latest entry of the ledger being replaced, or of the backup that
# would become the ledger, refuses the restore (exit 5, one line, nothing
# changed, --force or not). A forced restore of an older backup, which
# puts the ledger's time back, says so on its line, in --json and in the
# log (restore_back).

. "$(dirname "$0")/lib.sh"

log=$T/jifen.log
JIFEN_LOG=$log
export JIFEN_LOG

fresh
add_member 10000001 Alice
now 2026-03-01T10:00:00
expect_ok earn 10000001 10 --ref R1
expect_ok backup "$T/day1.db"
now 2026-03-02T10:00:00
expect_ok earn 10000001 20 --ref R2
expect_ok backup "$T/day2.db"
now 2026-03-03T10:00:00
expect_ok earn 10000001 30 --ref R3

# The clock set back to the first day, behind the ledger's last entry:
# even a forced restore of the first day's backup is refused.
now 2026-03-01T10:30:00
expect_error 5 'clock .* behind' restore "$T/day1.db" --force
expect_stderr_one_line
expect_error 5 'clock .* behind' restore "$T/day1.db"
check -z "$(grep -e '--force' "$err")"
check "$(balance_of 10000001)" -eq 60
# Within the tolerance it is not: the clock 4 minutes behind the last entry.
now 2026-03-03T09:56:00
expect_ok restore "$T/day2.db" --force
check "$(balance_of 10000001)" -eq 30
expect_out 'its last entry goes back from 2026-03-03 10:00 to 2026-03-02 10:00'
check "$(grep -c 'restore_back' "$log")" -eq 1

# A backup dated after the clock would become a ledger ahead of it: refused,
# into a new place too.
now 2026-03-01T12:00:00
JIFEN_DB=$T/new.db
expect_error 5 'clock .* behind' restore "$T/day2.db"
check ! -e "$T/new.db"
check ! -e "$T/new.db.restore.tmp"
now 2026-03-02T10:04:00
expect_ok restore "$T/day2.db" --json
expect_json .back_in_time false
expect_json .replaced null
expect_ok verify

# The clock right: the older backup goes back in, forced, and says so.
JIFEN_DB=$T/ledger.db
now 2026-03-04T10:00:00
expect_ok earn 10000001 40 --ref R4
expect_ok restore "$T/day1.db" --force --json
expect_json .back_in_time true
expect_json .replaced.last_entry 2026-03-04T10:00:00+08:00
expect_json .restored.last_entry 2026-03-01T10:00:00+08:00
check "$(grep -c 'restore_back' "$log")" -eq 2
check "$(balance_of 10000001)" -eq 10
# Writes go on by the clock, and the ledger verifies.
expect_ok earn 10000001 50 --ref R5
expect_ok verify

finish
