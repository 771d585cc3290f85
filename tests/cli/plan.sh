#!/bin/sh
# One-to-one plans (plan.h): `jifen report top` finds the members who
# earned most; `plan set` gives one a percent that replaces the tier's,
# offers, a note for the staff and an end date, recorded with who and why
# and among the member's desk events; `plan show`, `plan end`; a manager's
# action; bad input refused with one line, changing nothing; the plan and
# a member's own earn rate both hold; verify after each step.

. "$(dirname "$0")/lib.sh"

config plan '[tier basic]
name_zh = 普通
name_en = Basic
points = 0

[tier silver]
name_zh = 银卡
name_en = Silver
points = 1000
earn_percent = 110

[store]
terminal = C09'
export JIFEN_CONFIG="$T/plan.conf"
now 2026-03-01T10:00:00
fresh
add_member 10000001 Ann
add_member 10000002 Bob
add_member 10000003 Cai
expect_ok earn 10000001 3000.00 --ref A1
expect_ok earn 10000002 1500.00 --ref B1
expect_ok earn 10000003 200.00 --ref C1
expect_ok daily

# ---- report top: by points earned in the window, most first ----
expect_ok report top --months 12 --json
expect_json '.members | length' 3
expect_json '.members[0].card' 10000001
expect_json '.members[0].earned' 3000
expect_json '.members[0].tier' silver
expect_json '.members[0].plan' false
expect_json '.members[2].card' 10000003
expect_ok report top --limit 2 --json
expect_json '.members | length' 2
expect_ok report top
expect_out '^ +1  10000001 +3000  silver +Ann$'
# The window: purchases of more than N months ago are not counted.
now 2026-05-01T10:00:00
expect_ok earn 10000003 5000.00 --ref C2
expect_ok report top --months 1 --json
expect_json '.members | length' 1
expect_json '.members[0].card' 10000003
expect_error 2 'months' report top --months 0
expect_error 2 'months' report top --months 121
expect_error 2 'limit' report top --limit 0
expect_error 2 '' report top extra

# ---- bad input: one line, nothing changed ----
expect_error 2 'percent' plan set 10000001 --until 2026-12-31 --why vip
expect_error 2 'until' plan set 10000001 --percent 200 --why vip
expect_error 2 'why' plan set 10000001 --percent 200 --until 2026-12-31
expect_error 2 'percent' plan set 10000001 --percent 99 --until 2026-12-31 --why vip
expect_error 2 'percent' plan set 10000001 --percent 1001 --until 2026-12-31 --why vip
expect_error 2 'percent' plan set 10000001 --percent 2x --until 2026-12-31 --why vip
expect_error 2 'date' plan set 10000001 --percent 200 --until 2026-02-30 --why vip
expect_error 2 'has passed' plan set 10000001 --percent 200 --until 2026-04-30 --why vip
expect_error 2 'why' plan set 10000001 --percent 200 --until 2026-12-31 --why ''
expect_error 2 'at most 3 --offer' plan set 10000001 --percent 200 --until 2026-12-31 --why vip \
	--offer a --offer b --offer c --offer d
expect_error 2 'offer' plan set 10000001 --percent 200 --until 2026-12-31 --why vip \
	--offer "$(printf 'x%.0s' $(seq 61))"
expect_error 2 'card' plan set 12ab --percent 200 --until 2026-12-31 --why vip
expect_error 3 'no member' plan set 19999999 --percent 200 --until 2026-12-31 --why vip
expect_error 5 'no one-to-one plan in force' plan end 10000001
expect_ok plan show 10000001
expect_out '^card 10000001 has never had a plan$'

# ---- a plan: its percent replaces the tier's ----
expect_ok earn 10000001 100.00 --ref A2 --json
expect_json .points 110
expect_ok plan set 10000001 --percent 200 --until 2026-05-31 --why 'spends 3000 a year' \
	--note 'call before new appliances arrive' --offer 'Free delivery' --offer 'Tea with the manager' --json
expect_json .plan 1
expect_ok verify
expect_ok earn 10000001 100.00 --ref A3 --json
expect_json .points 200
check "$(sql "SELECT member_percent || ' ' || member_source FROM earn_receipt WHERE receipt = 'A3'")" = "200 plan"
expect_ok plan show 10000001 --json
expect_json .in_force 1
expect_json '.plans[0].offers | length' 2
expect_json '.plans[0].offers[1]' 'Tea with the manager'
expect_json '.plans[0].note' 'call before new appliances arrive'
expect_json '.plans[0].why' 'spends 3000 a year'
expect_json '.plans[0].terminal' C09
expect_ok plan show 10000001
expect_out '^plan 1 \(in force\): 200% until 2026-05-31'
expect_out '^  note for staff: call before new appliances arrive$'
expect_ok member show 10000001
expect_out '^desk +plan_set 200% until 2026-05-31 '
expect_out '^plan +200% until 2026-05-31; note: call before new appliances arrive$'
expect_ok report top --json
expect_json '.members[1].plan' true
# A member's own earn rate decides the base; the plan the bonus on it.
expect_ok member rate 10000001 --points-per-yuan 2
expect_ok earn 10000001 100.00 --ref A4 --json
expect_json .points 400
expect_ok member rate 10000001 --clear
expect_ok verify

# ---- the end date, at its edges ----
now 2026-05-31T23:59:59
expect_ok earn 10000001 100.00 --ref A5 --json
expect_json .points 200
now 2026-06-01T00:00:00
expect_ok earn 10000001 100.00 --ref A6 --json
expect_json .points 110
expect_ok plan show 10000001 --json
expect_json .in_force null

# ---- a new plan, ended early ----
expect_ok plan set 10000002 --percent 150 --until 2026-12-31 --why 'new customer'
expect_ok earn 10000002 100.00 --ref B2 --json
expect_json .points 150
expect_ok plan end 10000002
expect_out 'plan ended'
expect_ok earn 10000002 100.00 --ref B3 --json
expect_json .points 110
expect_error 5 'no one-to-one plan' plan end 10000002
expect_ok plan show 10000002
expect_out '^  ended 2026-06-01 00:00 by '
expect_ok member show 10000002
expect_out '^desk +plan_end plan 2 '
expect_ok verify
check "$(sql "UPDATE member_plan SET percent = 900" 2>&1 | grep -c 'never changes but to end')" -eq 1
check "$(sql "UPDATE member_plan SET ended_at = 5 WHERE id = 2" 2>&1 | grep -c 'ends once')" -eq 1

# ---- a manager's action: a cashier is refused ----
feed '1234'
expect_ok staff add boss --card 90000001 --name Boss --role manager
feed '1234
1111'
expect_ok staff add cash --card 90000002 --name Cash --role cashier --staff boss --pin-stdin
feed '1111'
expect_error 6 'only a manager may do this \(plan\)' plan set 10000003 --percent 120 --until 2026-12-31 --why x --staff cash --pin-stdin
feed '1111'
expect_error 6 'only a manager may do this \(plan\)' plan end 10000001 --staff cash --pin-stdin
feed '1234'
expect_ok plan set 10000003 --percent 120 --until 2026-12-31 --why x --staff boss --pin-stdin
expect_ok verify

# ---- verify: a receipt under a plan the member did not have ----
sql "UPDATE earn_receipt SET member_source = 'plan', member_percent = 300, member_bonus = 200 WHERE receipt = 'B1'"
expect_exit 8 verify
expect_err 'receipt B1: earned under a plan the member did not have'
sql "UPDATE earn_receipt SET member_source = '', member_percent = 100, member_bonus = 0 WHERE receipt = 'B1'"
expect_ok verify

# ---- verify: a plan without its desk event ----
sqlite3 "$JIFEN_DB" "DROP TRIGGER member_event_no_delete; DELETE FROM member_event WHERE action = 'plan_set' AND member_id = 3"
expect_exit 8 verify
expect_err 'plans of member 3: its plans differ from its desk events'

finish
