#!/bin/sh
# The family desk at the counter: jifen family remove and family owner. A
# member who leaves keeps their green points; the owner leaves only last
# (the family is then dissolved) or after handing the family over; each
# change is recorded with who and where; a refusal changes nothing; verify
# passes after each step.

. "$(dirname "$0")/lib.sh"

config term '[store]
terminal = C02'
fresh
add_member 10000001 Ann
add_member 10000002 Bob
add_member 10000003 Cat
add_member 10000004 Dan
expect_ok grant 10000001 50 --green --reason welcome
expect_ok family create Home --owner 10000001
expect_ok family add Home 10000002
expect_ok family add Home 10000003
expect_ok family create Other --owner 10000004
expect_ok transfer 10000001 10000002 20 --green --ref T1
expect_ok verify

# ---- family remove ----
expect_error 2 'card' family remove 1x
expect_error 3 'no member' family remove 19999999
expect_error 2 '' family remove
add_member 10000005 Eve
expect_error 5 '10000005 is in no family' family remove 10000005
expect_error 5 'owns the family Home, which has 2 other members' family remove 10000001

expect_ok family remove 10000002 --staff desk-1 --config "$T/term.conf" --json
expect_json .family Home
expect_json .dissolved false
expect_balance 10000002 green 20
expect_ok member show 10000002 --json
expect_json .family null
expect_json '.events[-1].action' family_leave
expect_json '.events[-1].detail' Home
expect_json '.events[-1].done.by' staff:desk-1
expect_json '.events[-1].done.terminal' C02
expect_ok family list Home --json
expect_json 'length' 2
expect_no_out 10000002
expect_ok verify
# No longer family: green points cannot pass between them.
expect_error 5 'not in the same family' transfer 10000002 10000001 5 --green --ref T2
expect_error 5 'in no family' family remove 10000002
# They may join a family again.
expect_ok family add Other 10000002
expect_ok verify

# ---- family owner ----
expect_error 2 'family name' family owner '' 10000003
expect_error 2 'card' family owner Home 1x
expect_error 3 'no family' family owner Nowhere 10000003
expect_error 3 'no member' family owner Home 19999999
expect_error 5 'not in the family Home' family owner Home 10000002
expect_error 5 'not in the family Home' family owner Home 10000005
expect_ok family owner Home 10000001
expect_out 'already owns'
expect_ok family owner Home 10000003 --staff desk-2 --json
expect_json .changed true
expect_ok family list Home --json
expect_json '[.[] | select(.owner) | .card] | join(",")' 10000003
expect_ok member show 10000003 --json
expect_json .family_owner true
expect_json '.events[-1].action' family_owner
expect_json '.events[-1].done.by' staff:desk-2
expect_ok verify

# The old owner may leave now, with their green points.
expect_ok family remove 10000001
expect_balance 10000001 green 30
expect_error 5 'owns the family' family remove 10000004
# The last member, the owner, leaves: the family is dissolved.
expect_ok family remove 10000003 --json
expect_json .dissolved true
expect_ok family list --json
expect_no_out Home
expect_ok verify
expect_ok family create Home --owner 10000001
expect_ok verify

finish
