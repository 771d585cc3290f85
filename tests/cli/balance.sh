#!/bin/sh
# jifen balance: balance, held, pending (the return window of [earn]
# lock_days) and available points, and the points about to expire,
# announced with their dates as the fair rules promise.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice
add_member 10000002 Bob

# A new member: everything zero, nothing expiring.
expect_ok balance 10000001 --json
expect_json .card 10000001
for key in points green held available held_green available_green pending pending_green; do
	expect_json ".$key" 0
done
expect_json '.expiring | length' 0
expect_ok balance 10000001
expect_out '^balance +0 +0$'
expect_no_out 'expire on'

# Earned points are on the balance and available at once by default.
expect_ok earn 10000001 150 --ref R1
expect_ok earn 10000001 12 --ref G1 --green
expect_ok balance 10000001 --json
expect_json .points 150
expect_json .green 12
expect_json .available 150
expect_json .available_green 12
expect_json .pending 0
expect_json .held 0
expect_ok balance 10000001
expect_out '^balance +150 +12$'
expect_out '^available +150 +12$'

# The lock period: earned points wait lock_days before they can be spent;
# grants do not wait.
config lock '[earn]
lock_days = 7'
JIFEN_CONFIG=$T/lock.conf
export JIFEN_CONFIG
now 2026-03-01T10:00:00
expect_ok earn 10000002 100 --ref L1
expect_ok earn 10000002 30 --ref L2 --green
expect_ok grant 10000002 5 --green --reason welcome
expect_ok balance 10000002 --json
expect_json .points 100
expect_json .pending 100
expect_json .available 0
expect_json .green 35
expect_json .pending_green 30
expect_json .available_green 5
expect_ok balance 10000002
expect_out '^pending +100 +30$'
expect_out '^available +0 +5$'
# Locked points cannot be given away yet.
expect_ok family create Home --owner 10000002
expect_ok family add Home 10000001
expect_error 4 'available' transfer 10000002 10000001 6 --green --ref T1
expect_ok transfer 10000002 10000001 5 --green --ref T2
now 2026-03-07T23:59:59
expect_balance 10000002 available 0
expect_balance 10000002 pending 100
now 2026-03-08T00:00:00
expect_ok balance 10000002 --json
expect_json .pending 0
expect_json .available 100
expect_json .pending_green 0
expect_json .available_green 30
expect_ok transfer 10000002 10000001 6 --green --ref T1
plain_config
now 2026-03-01T10:00:00

# Points about to expire (rolling 365 days, announced 30 days ahead).
fresh
add_member 10000003 Carol
now 2025-01-01T10:00:00
expect_ok earn 10000003 60 --ref E1
expect_ok earn 10000003 9 --ref E2 --green
now 2025-02-10T10:00:00
expect_ok earn 10000003 40 --ref E3
now 2025-11-30T10:00:00
expect_ok balance 10000003 --json
expect_json '.expiring | length' 0
now 2025-12-03T10:00:00
expect_ok balance 10000003 --json
expect_json '.expiring | length' 2
expect_json '[.expiring[] | select(.kind == "points")][0].points' 60
expect_json '[.expiring[] | select(.kind == "points")][0].date' 2026-01-01
expect_json '[.expiring[] | select(.kind == "green")][0].points' 9
expect_json '[.expiring[] | select(.kind == "green")][0].date' 2026-01-01
expect_json .available 100
expect_ok balance 10000003
expect_out '^60 points expire on 2026-01-01$'
expect_out '^9 green points expire on 2026-01-01$'
expect_no_out '40 points'
# Soonest first, and the later lot joins when its time comes.
now 2026-01-20T10:00:00
expect_ok balance 10000003 --json
expect_json '.expiring[-1].points' 40
expect_json '.expiring[-1].date' 2026-02-10
# A shorter notice window from the config.
config notice '[expiry]
notice_days = 7'
expect_ok --config "$T/notice.conf" balance 10000003 --json
expect_json '[.expiring[] | select(.date == "2026-02-10")] | length' 0

# Bad input.
for card in abc -5 1e9 12.345 99999999999999999999 ''; do
	expect_error 2 'card|negative' balance "$card"
done
expect_error 3 'no member' balance 99999999
expect_error 2 'missing argument' balance
expect_error 2 'unexpected argument' balance 10000003 10000001
expect_error 2 'option' balance 10000003 --green

finish
