#!/bin/sh
# Staff: cashiers and managers (jifen staff add|list|disable|pin), --staff
# checked before a command runs, --pin-stdin, the config's [staff]
# manager_only and pin_required, the bootstrapping rule, the PIN lock-out.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Ann

# ---- bootstrapping: a ledger with no staff works as before ----
expect_ok grant 10000001 5 --reason welcome
expect_ok earn 10000001 10.00 --ref R0 --staff till-9
expect_ok staff list
expect_out '^no staff yet$'
expect_ok staff list --json
expect_json 'length' 0

# ---- staff add: bad input changes nothing ----
feed '1234'
expect_error 2 'staff add needs --card' staff add boss --name Boss --role manager
feed '1234'
expect_error 2 'staff add needs --name' staff add boss --card 90000001 --role manager
feed '1234'
expect_error 2 'needs --role' staff add boss --card 90000001 --name Boss
feed '1234'
expect_error 2 'role must be cashier or manager' staff add boss --card 90000001 --name Boss --role chief
feed '1234'
expect_error 2 'staff id' staff add 'bo ss' --card 90000001 --name Boss --role manager
feed '1234'
expect_error 2 'staff id' staff add "$(printf 'x%.0s' $(seq 1 33))" --card 90000001 --name Boss --role manager
feed '1234'
expect_error 2 'card' staff add boss --card 12ab --name Boss --role manager
feed ''
expect_error 2 'no PIN on standard input' staff add boss --card 90000001 --name Boss --role manager
feed '12'
expect_error 2 'PIN' staff add boss --card 90000001 --name Boss --role manager
feed 'abcd'
expect_error 2 'PIN' staff add boss --card 90000001 --name Boss --role manager
# A member's card is not a staff card.
feed '1234'
expect_error 5 'belongs to a member' staff add boss --card 10000001 --name Boss --role manager
# --pin-stdin is the PIN of --staff: never alone.
feed '1234'
expect_error 2 'pin-stdin.*--staff' staff add boss --card 90000001 --name Boss --role manager --pin-stdin

# ---- the first manager: no --staff needed yet ----
feed '1234'
expect_ok staff add boss --card 90000001 --name Boss --role manager
expect_out '^added manager boss$'
# Taken ids and cards are refused.
feed '1234
1111'
expect_error 5 'staff id boss is already taken' staff add boss --card 90000009 --name B --role cashier --staff boss --pin-stdin
# Now a manager exists: staff add needs one, with the PIN.
feed '1111'
expect_error 6 'staff needs --staff ID --pin-stdin' staff add cash --card 90000002 --name Cash --role cashier
feed '1234'
expect_error 6 'needs --staff ID --pin-stdin' staff add cash --card 90000002 --name Cash --role cashier --staff boss
feed '1234
1111'
expect_ok staff add cash --card 90000002 --name Cash --role cashier --staff boss --pin-stdin
expect_out '^added cashier cash$'
feed '1234
1111'
expect_error 5 'staff member.s card' staff add c2 --card 90000002 --name C2 --role cashier --staff boss --pin-stdin
# ... and a member may not get a staff card, nor a card change to one.
expect_error 5 'staff member.s card' member add 90000002 --name Eve
expect_error 5 'staff member.s card' member card 10000001 90000001

# The list shows who and what, never a PIN hash.
expect_ok staff list
expect_out '^boss +90000001 +manager +enabled +Boss$'
expect_out '^cash +90000002 +cashier +enabled +Cash$'
expect_ok staff list --json
expect_json 'length' 2
expect_json '.[1].role' cashier
expect_json '.[1].disabled' false
expect_no_out 'argon2|pin_hash'
check "$(sql "SELECT created_by FROM staff WHERE id = 'cash'")" = staff:boss
check "$(sql "SELECT count(*) FROM staff WHERE pin_hash LIKE '\$argon2id\$%'")" -eq 2

# ---- --staff is checked before the command runs ----
expect_error 3 'no staff member with id nobody' earn 10000001 10.00 --ref R1 --staff nobody
expect_error 2 'staff id' earn 10000001 10.00 --ref R1 --staff 'a b'
expect_ok earn 10000001 10.00 --ref R1 --staff cash
# Once a manager exists, grant needs a manager with the PIN.
expect_error 6 'grant needs --staff ID --pin-stdin' grant 10000001 5 --reason x
expect_error 6 'grant needs' grant 10000001 5 --reason x --staff boss
# A cashier is refused a manager's action (before any PIN is looked at).
feed '1111'
expect_error 6 'only a manager may do this \(grant\)' grant 10000001 5 --reason x --staff cash --pin-stdin
feed '1234'
expect_ok grant 10000001 5 --reason x --staff boss --pin-stdin
expect_balance 10000001 points 30
# The member desk's erasure is a manager's; a cashier may reset a PIN.
feed '1111'
expect_error 6 'only a manager may do this \(member erase\)' member erase 10000001 --staff cash --pin-stdin
feed "$(printf '1111\n4321')"
expect_ok member pin 10000001 --staff cash --pin-stdin
# The same for delist and compensate (pin_required and manager_only).
expect_error 6 'delist needs' catalog delist NOPE --compensate 0 --reason gone
expect_error 6 'compensate needs' compensate outage --from 2026-02-01T00:00:00 --to 2026-02-02T00:00:00 --extend-days 1
# A PIN is not wanted for ordinary actions, but checked when given.
feed '9999'
expect_exit 6 earn 10000001 1.00 --ref R2 --staff cash --pin-stdin
expect_err 'wrong PIN: 4 more wrong PINs lock staff member cash'
feed '1111'
expect_ok earn 10000001 1.00 --ref R2 --staff cash --pin-stdin
check "$(sql "SELECT pin_failures FROM staff WHERE id = 'cash'")" -eq 0

# ---- the lock-out: the config's [kiosk] rules, counted in the ledger ----
config lock '[kiosk]
pin_attempts = 2
pin_lock_minutes = 10'
feed '0000'
expect_exit 6 grant 10000001 1 --reason x --staff boss --pin-stdin --config "$T/lock.conf"
expect_err 'wrong PIN: 1 more'
check "$(sql "SELECT pin_failures FROM staff WHERE id = 'boss'")" -eq 1
feed '0000'
expect_exit 6 grant 10000001 1 --reason x --staff boss --pin-stdin --config "$T/lock.conf"
expect_err 'locked'
# Locked: even the right PIN is refused, and nothing is granted.
feed '1234'
expect_error 6 'staff member boss is locked after too many wrong PINs until' grant 10000001 1 --reason x --staff boss --pin-stdin --config "$T/lock.conf"
expect_balance 10000001 points 31
expect_ok staff list
expect_out '^boss .* locked +Boss$'
now 2026-03-01T10:11:00
feed '1234'
expect_ok grant 10000001 1 --reason x --staff boss --pin-stdin --config "$T/lock.conf"

# ---- staff pin ----
# Another's PIN: a manager's job.
feed '1111
2222'
expect_error 6 'only a manager may do this \(staff\)' staff pin boss --staff cash --pin-stdin
feed '5555'
expect_error 6 'staff needs' staff pin cash
feed '1234
55'
expect_error 2 'PIN' staff pin cash --staff boss --pin-stdin
feed '1234
5555'
expect_error 3 'no staff member with id ghost' staff pin ghost --staff boss --pin-stdin
feed '1234
5555'
expect_ok staff pin cash --staff boss --pin-stdin
check "$(sql "SELECT pin_set_by FROM staff WHERE id = 'cash'")" = staff:boss
# One's own: with the current PIN first.
feed '6666'
expect_error 2 'own needs --pin-stdin' staff pin cash --staff cash
feed '5555
6666'
expect_ok staff pin cash --staff cash --pin-stdin
feed '6666'
expect_ok earn 10000001 1.00 --ref R3 --staff cash --pin-stdin

# ---- staff disable ----
feed '6666'
expect_error 6 'only a manager' staff disable cash --staff cash --pin-stdin
feed '1234'
expect_error 3 'no staff member with id ghost' staff disable ghost --staff boss --pin-stdin
expect_error 2 'staff id' staff disable 'a/b'
# The last manager cannot be disabled: the ledger would be open to anyone.
feed '1234'
expect_error 5 'last enabled manager' staff disable boss --staff boss --pin-stdin
feed '1234'
expect_ok staff disable cash --staff boss --pin-stdin
expect_out '^disabled staff member cash$'
feed '1234'
expect_error 5 'cash is disabled' staff disable cash --staff boss --pin-stdin
# A disabled staff member can do nothing.
expect_error 6 'staff member cash is disabled' earn 10000001 1.00 --ref R4 --staff cash
feed '6666'
expect_error 6 'staff member cash is disabled' earn 10000001 1.00 --ref R4 --staff cash --pin-stdin
feed '1234
7777'
expect_error 6 'cash is disabled' staff pin cash --staff boss --pin-stdin
expect_ok staff list --json
expect_json '.[1].disabled' true
# Its card is never given again.
feed '1234
1212'
expect_error 5 'staff member.s card' staff add c3 --card 90000002 --name C3 --role cashier --staff boss --pin-stdin

# ---- the config: [staff] manager_only and pin_required ----
config open '[staff]
manager_only = staff
pin_required ='
feed '1234
3333'
expect_ok staff add c4 --card 90000004 --name C4 --role cashier --staff boss --pin-stdin
expect_ok grant 10000001 1 --reason x --staff c4 --config "$T/open.conf"
expect_ok grant 10000001 1 --reason x --config "$T/open.conf"
config strict '[staff]
manager_only = grant, earn
pin_required = earn'
expect_error 6 'earn needs' earn 10000001 1.00 --ref R5 --staff c4 --config "$T/strict.conf"
feed '3333'
expect_error 6 'only a manager may do this \(earn\)' earn 10000001 1.00 --ref R5 --staff c4 --pin-stdin --config "$T/strict.conf"
config typo '[staff]
manager_only = grant, grnat'
expect_error 2 "unknown action 'grnat'" grant 10000001 1 --reason x --config "$T/typo.conf"
config typo2 '[staff]
pin_requird = grant'
expect_error 2 'unknown setting \[staff\] pin_requird' staff list --config "$T/typo2.conf"

# ---- what was recorded ----
expect_ok history 10000001 --json
expect_json '[.[] | select(.type == "grant") | .actor] | index("staff:boss") != null' true
expect_ok verify
# verify insists on who disabled a staff member.
sql "UPDATE staff SET disabled_by = '' WHERE id = 'cash'"
expect_exit 8 verify
expect_err 'staff cash'

finish
