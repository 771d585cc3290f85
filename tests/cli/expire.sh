#!/bin/sh
# jifen expire: lots past their date go to the expired account in one entry
# (rolling 365 days by default, or the end of a later year); running it
# again does nothing; points not yet due stay.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice
add_member 10000002 Bob

now 2025-01-01T10:00:00
expect_ok earn 10000001 120 --ref R1
expect_ok earn 10000001 15 --ref G1 --green
expect_ok grant 10000002 7 --reason welcome
now 2025-03-01T10:00:00
expect_ok earn 10000001 30 --ref R2

# Nothing is due yet, even on the last day.
for day in 2025-06-01 2025-12-31 2026-01-01; do
	now "${day}T23:00:00"
	expect_ok expire --json
	expect_json .lots 0
	expect_json .points 0
	expect_json .green 0
	expect_json .entry null
done
check "$(entries)" -eq 4
expect_balance 10000001 points 150

# The day after, before the run: past their date, not spendable, and said so.
now 2026-01-02T07:00:00
expect_ok balance 10000001 --json
expect_json .points 150
expect_json .available 30
expect_json .overdue 120
expect_json .overdue_green 15
expect_ok balance 10000001
expect_out 'past date          120          15'

# The run: the lots of 2025-01-01 are gone, in one entry.
now 2026-01-02T08:00:00
expect_ok expire --json
expect_json .lots 3
expect_json .points 127
expect_json .green 15
entry=$(json_get .entry)
check "$entry" -ge 1
expect_ok balance 10000001 --json
expect_json .points 30
expect_json .green 0
expect_json .available 30
expect_json .overdue 0
expect_balance 10000002 points 0
expect_ok history 10000001 --json --limit 2
expect_json '.[0].type' expire
expect_json '.[0].entry' "$entry"
expect_json '[.[] | select(.type == "expire") | .points] | sort | join(",")' -120,-15
expect_ok history 10000002 --json --limit 1
expect_json '.[0].type' expire
expect_json '.[0].points' -7
expect_ok summary --json
expect_json .expired.points 127
expect_json .expired.green 15
expect_json .outstanding.points 30

# Again: nothing more.
before=$(entries)
expect_ok expire
expect_out ' 0 lots: 0 points, 0 green'
check "$(entries)" -eq "$before"

# The later lot goes in its turn.
now 2026-03-02T08:00:00
expect_ok expire --json
expect_json .lots 1
expect_json .points 30
expect_balance 10000001 points 0

# Refunding expired points takes nothing more: the whole amount is short.
expect_ok earn --reverse R2 --json
expect_json .points 0
expect_json .shortfall 30

# year_end policy: a lot expires on 31 December of the year of credit + years.
config yearend '[expiry]
policy = year_end
years = 1'
JIFEN_CONFIG=$T/yearend.conf
export JIFEN_CONFIG
fresh
add_member 10000003 Carol
now 2025-03-15T10:00:00
expect_ok earn 10000003 40 --ref Y1
now 2026-12-10T10:00:00
expect_ok balance 10000003 --json
expect_json '.expiring[0].date' 2026-12-31
expect_json '.expiring[0].points' 40
now 2026-12-31T22:00:00
expect_ok expire --json
expect_json .lots 0
now 2027-01-01T00:30:00
expect_ok expire --json
expect_json .points 40
expect_balance 10000003 points 0
plain_config

# Bad input.
expect_error 2 'unexpected argument' expire 2026-01-01
expect_error 2 'option' expire --dry-run
config badpolicy '[expiry]
policy = never'
expect_error 2 'policy' --config "$T/badpolicy.conf" expire

expect_ok verify

finish
