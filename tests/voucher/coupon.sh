#!/bin/sh
# coupon.sh: `jifen voucher redeem CODE --bill AMOUNT`. A coupon (满减券)
# takes its value off a bill that reaches its minimum spend; a smaller bill
# is refused (exit 5, naming both) and nothing is written; the discount is
# printed; goods ignore the bill; verify passes after each step.

. "$(dirname "$0")/../cli/lib.sh"

HEADER=sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until
cat >"$T/catalog.csv" <<EOF2
$HEADER
CP50,满50减10券,10 off 50,coupons,coupon,450,,10.00,50.00,10,0,,,
CP0,立减5元券,5 off,coupons,coupon,100,,5.00,,10,0,,,
A1,甲,Item A,misc,goods,100,,,,5,0,,,
EOF2

fresh
add_member 10000001 Alice
expect_ok catalog import "$T/catalog.csv"
expect_ok grant 10000001 5000 --reason welcome
expect_ok redeem 10000001 CP50 --json
code=$(json_get .short)

expect_error 5 'at least 50.00 yuan; the bill is 45.00' voucher redeem "$code" --bill 45.00 --staff S1
expect_error 2 '' voucher redeem "$code" --bill abc --staff S1
expect_error 2 '' voucher redeem "$code" --bill -1 --staff S1
expect_ok verify
expect_ok voucher redeem "$code" --bill 50.00 --staff S1 --json
expect_json .state redeemed
expect_json .bill 50.00
expect_json .discount 10.00
expect_ok verify

# No minimum: any bill; a bill below the value takes at most the bill.
expect_ok redeem 10000001 CP0 --json
code=$(json_get .short)
expect_ok voucher redeem "$code" --bill 3.00 --staff S1
expect_out 'bill +3.00 yuan, discount 3.00 yuan, to pay 0.00 yuan'

# Goods: no discount; without --bill, as before.
expect_ok redeem 10000001 A1 --json
code=$(json_get .short)
expect_ok voucher redeem "$code" --bill 20 --staff S1 --json
expect_json .discount 0.00
expect_ok redeem 10000001 A1 --json
code=$(json_get .short)
expect_ok voucher redeem "$code" --staff S1
expect_out 'redeemed: hand over the goods'
expect_ok verify

finish
