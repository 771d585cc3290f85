#!/bin/sh
# jifen offset: points pay part of a bill (100 points a yuan, at most half
# the bill by default), in whole fen; a sale's ref counts once; --undo gives
# the points back to the lots they came from; verify passes after each step.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice
add_member 10000002 Bob
expect_ok grant 10000001 15000 --reason welcome

# The quote writes nothing; the offset of a 200.00 bill: 100.00 by points.
before=$(entries)
expect_ok offset 10000001 --bill 200.00 --quote --json
expect_json .points 10000
expect_json .paid_by_points 100.00
expect_json .cash 100.00
check "$(entries)" -eq "$before"
expect_ok offset 10000001 --bill 200.00 --points 10000 --ref S1 --json
expect_json .points 10000
expect_json .paid_by_points 100.00
expect_json .cash 100.00
expect_json .bill 200.00
expect_json .replay false
expect_balance 10000001 points 5000
expect_ok verify
expect_ok offset 10000001 --bill 200.00 --points 10000 --ref S1
expect_out '10000 points pay 100.00 yuan of the 200.00 yuan bill; cash to pay 100.00 yuan \(already recorded\)'
expect_balance 10000001 points 5000
check "$(sql 'SELECT sum(fen) FROM offset_sale')" -eq 10000

# Refusals change nothing: over the cap, more than the card has, no bill,
# a ref used for another sale, bad input.
expect_error 5 'at most 2500 points may pay this bill \(50% of it\); 3000 asked' \
	offset 10000001 --bill 50 --points 3000 --ref S2
expect_error 4 'not enough points' offset 10000001 --bill 200 --points 6000 --ref S2
expect_error 4 'not enough points' offset 10000002 --bill 200 --ref S2
expect_error 2 'bill is 0.00' offset 10000001 --bill 0 --ref S2
expect_error 5 'S1|already|different' offset 10000001 --bill 300 --ref S1
expect_error 2 '' offset 10000001 --bill abc --ref S2
expect_error 2 '' offset 10000001 --bill 10 --points -5 --ref S2
expect_error 2 'ref' offset 10000001 --bill 10
expect_error 2 '' offset --undo S1 --bill 10
expect_error 2 '' offset 10000001 --undo S1
expect_error 3 'no points paid the sale S9' offset --undo S9

# No --points: the most allowed (here what is left on the card).
expect_ok offset 10000001 --bill 300.00 --ref S3 --json
expect_json .points 5000
expect_json .cash 250.00
expect_balance 10000001 points 0
expect_ok verify

# The undo gives the points back, once.
expect_ok offset --undo S1 --json
expect_json .points 10000
expect_json .replay false
expect_balance 10000001 points 10000
expect_ok verify
expect_ok offset --undo S1
expect_out 'already recorded'
expect_balance 10000001 points 10000
expect_ok history 10000001 --json
expect_json '.[0].type' offset_undo
expect_json '.[0].points' 10000
check "$(sql 'SELECT remaining FROM lot')" -eq 10000
expect_ok verify

# Points may not pay bills when the config says so.
config off '[offset]
enabled = false'
expect_error 5 'may not pay bills' --config "$T/off.conf" offset 10000001 --bill 20 --ref S4
# A rate of 150 points a yuan: 3 points pay 2 fen; 10 asked, 9 used.
config rate '[offset]
points_per_yuan = 150
max_percent = 100'
expect_ok --config "$T/rate.conf" offset 10000001 --bill 1.00 --points 10 --ref S5 --json
expect_json .points 9
expect_json .paid_by_points 0.06
expect_json .cash 0.94
expect_ok verify

# The member confirms with their PIN: a wrong one is refused (and counted).
feed 1234
expect_ok member add 10000003 --name Carol --pin-stdin
expect_ok grant 10000003 1000 --reason x
feed 4321
expect_exit 6 offset 10000003 --bill 10 --ref S6 --member-pin-stdin
expect_err 'wrong PIN'
expect_balance 10000003 points 1000
feed 1234
expect_ok offset 10000003 --bill 10 --ref S6 --member-pin-stdin --json
expect_json .points 500
expect_error 2 'no PIN' offset 10000003 --bill 10 --ref S7 --member-pin-stdin
feed 1234
expect_error 2 '' offset 10000003 --bill 10 --quote --member-pin-stdin
expect_ok verify

finish
