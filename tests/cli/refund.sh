#!/bin/sh
# jifen earn --reverse R --amount A [--ref KEY]: goods returned from part of a
# purchase take back that part's share of the points; parts add up to the
# whole; never more than the receipt; spent points are a shortfall said in
# yuan; the whole reversal still works, after parts too; verify after each.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice

expect_ok earn 10000001 100.00 --ref R1
expect_ok earn --reverse R1 --amount 33.33 --ref ret1 --json
expect_json .due 33
expect_json .points 33
expect_json .shortfall 0
expect_json .left 66.67
expect_json .replay false
expect_balance 10000001 points 67
expect_ok verify
expect_ok earn --reverse R1 --amount 33.33 --ref ret1
expect_out 'took back 33 points for 33.33 yuan of receipt R1; 66.67 yuan of the receipt left to refund \(already recorded\)'
expect_balance 10000001 points 67

# Refusals change nothing.
expect_error 5 'receipt R1 has 66.67 yuan left to refund; 66.68 asked' \
	earn --reverse R1 --amount 66.68 --ref ret2
expect_error 5 'different' earn --reverse R1 --amount 10 --ref ret1
expect_error 2 '' earn --reverse R1 --amount abc --ref ret2
expect_error 2 '' earn --reverse R1 --amount 0 --ref ret2
expect_error 2 '' earn --reverse R1 --ref ret2
expect_error 2 '' earn 10000001 5 --ref R5 --amount 3
expect_error 3 'receipt R9' earn --reverse R9 --amount 1 --ref ret2

# Points already spent: the shortfall, and its cash worth at the earn rate.
expect_ok grant 10000001 1 --reason x
expect_ok offset 10000001 --bill 200 --points 60 --ref S1
expect_ok earn --reverse R1 --amount 33.33 --ref ret2 --json
expect_json .due 33
expect_json .points 8
expect_json .shortfall 25
expect_json .shortfall_cash 25.00
expect_ok verify
expect_ok earn --reverse R1 --amount 33.34 --ref ret3
expect_out '34 could not be taken back.*keep 34.00 yuan back from the refund; 0.00 yuan'
expect_ok verify

# Without --ref the part's key is its amount: sent twice, it lands once,
# and says how a second return of the same amount is recorded.
add_member 10000009 Bob
expect_ok earn 10000009 80 --ref R3
expect_ok earn --reverse R3 --amount 20 --json
expect_json .ref part-20.00
expect_json .points 20
expect_json .replay false
expect_ok earn --reverse R3 --amount 20
expect_out 'took back 20 points for 20.00 yuan of receipt R3; 60.00 yuan of the receipt left to refund \(already recorded\)'
expect_out 'another return of 20.00 yuan from receipt R3 takes its own --ref KEY'
expect_ok earn --reverse R3 --amount 20 --ref second
expect_out 'took back 20 points for 20.00 yuan of receipt R3; 40.00 yuan'
expect_error 2 'ref' earn --reverse R3 --amount 5 --ref 'a b'
expect_balance 10000009 points 40
expect_ok verify

# A part's slip: its own (RECEIPT/KEY), with the points taken back.
expect_ok earn --reverse R3 --amount 10 --ref third --slip
expect_out 'took back 10 points for 10.00 yuan of receipt R3'
expect_out 'slip [0-9]+ kept'
expect_ok slip list
expect_out 'return +R3/third '
expect_ok verify

# The whole reversal after parts takes only what they were not due.
expect_ok earn 10000001 50 --ref R2
expect_ok earn --reverse R2 --amount 20 --ref p1 --json
expect_json .points 20
expect_ok earn --reverse R2 --json
expect_json .points 30
expect_balance 10000001 points 0
expect_error 5 'left to refund' earn --reverse R2 --amount 0.01 --ref p2
expect_ok verify

# Points paid part of the sale: a part returned gives back their share,
# the whole reversal the rest, and the offset can no longer be undone.
expect_ok grant 10000001 10000 --reason x
expect_ok offset 10000001 --bill 200.00 --points 10000 --ref S9
expect_ok earn 10000001 100.00 --ref S9
expect_ok earn --reverse S9 --amount 25.00 --ref q1 --json
expect_json .offset_points 2500
expect_json .offset_paid 25.00
expect_balance 10000001 points 2575
expect_ok verify
expect_error 5 'cannot be undone' offset --undo S9
expect_ok earn --reverse S9
expect_out 'took back 75 points of receipt S9; 7500 points that paid 75.00 yuan of it given back$'
expect_balance 10000001 points 10000
expect_ok earn --reverse S9 --json
expect_json .offset_points 7500
expect_json .offset_paid 75.00
expect_json .replay true
check "$(sql "SELECT returned_points FROM offset_sale WHERE ref = 'S9'")" -eq 10000
expect_ok verify

# The return's slip says the points given back and what they had paid.
expect_ok grant 10000001 4000 --reason x
expect_ok offset 10000001 --bill 80.00 --points 4000 --ref S10
expect_ok earn 10000001 40.00 --ref S10
expect_ok earn --reverse S10 --slip
expect_out '4000 points that paid 40.00 yuan of it given back'
expect_ok slip list --json
expect_ok slip show "$(json_get '.[-1].id')"
expect_out '退回积分 +4000$'
expect_out '积分抵扣 +40.00 元$'
expect_ok verify

finish
