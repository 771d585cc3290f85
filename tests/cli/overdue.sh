#!/bin/sh
# Points past their date are never available, for any operation, whether or
# not the daily job has removed them yet (issue 9, defect 1). A refund takes
# back only what the member still has (locked or spendable, never held nor
# past its date) and reports the rest as a shortfall; a posted voucher takes
# its points from lots still in date before any past their date; transfers
# and new vouchers never count them; the daily job then balances the books.

. "$(dirname "$0")/lib.sh"

printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'TV,电视,TV,home,goods,450,,,,10,0,,,' \
	'MUG,杯子,Mug,home,goods,10,,,,10,0,,,' >"$T/items.csv"

# overdue_ledger: Alice's 500-point lot of 2025-01-01 is past its date on
# 2026-01-05 and the daily job has not run.
overdue_ledger() {
	fresh
	add_member 10000001 Alice
	add_member 10000002 Bob
	expect_ok catalog import "$T/items.csv"
	now 2025-01-01T10:00:00
	expect_ok grant 10000001 500 --reason old
	now 2026-01-05T10:00:00
}

# The issue's scenario, exactly.
overdue_ledger
expect_ok earn 10000001 450 --ref R1
expect_ok redeem 10000001 TV --json
code=$(json_get .voucher)
expect_ok earn --reverse R1 --json
expect_json .points 0
expect_json .shortfall 450
expect_ok earn --reverse R1
expect_out 'could not be taken back'
# The voucher's points are the purchase's, not the overdue lot's.
expect_ok daily --json
check "$(jq .expire.points "$out")" -eq 500
expect_ok balance 10000001 --json
expect_json .points 450
expect_json .held 450
expect_json .overdue 0
expect_ok verify
expect_ok voucher redeem "$code" --staff S01
expect_balance 10000001 points 0
expect_ok verify

# A refund takes what the member has beside the voucher: 100 of R1's 450.
overdue_ledger
expect_ok earn 10000001 450 --ref R1
expect_ok earn 10000001 100 --ref R2
expect_ok redeem 10000001 TV
expect_ok earn --reverse R1 --json
expect_json .points 100
expect_json .shortfall 350
expect_ok daily
expect_ok balance 10000001 --json
expect_json .points 450
expect_json .held 450
expect_ok verify

# Posting a voucher before the daily job uses the lots in date first: the
# overdue lot still leaves whole.
overdue_ledger
expect_ok earn 10000001 450 --ref R1
expect_ok redeem 10000001 TV --json
code=$(json_get .voucher)
expect_ok voucher redeem "$code" --staff S01
check "$(sql "SELECT remaining FROM lot ORDER BY id LIMIT 1")" -eq 500
expect_ok daily --json
check "$(jq .expire.points "$out")" -eq 500
expect_balance 10000001 points 0
expect_ok verify

# New vouchers and transfers never count overdue points.
overdue_ledger
expect_error 4 'available' redeem 10000001 MUG
expect_ok family create Fam --owner 10000001
expect_ok family add Fam 10000002
expect_ok earn 10000001 20 --ref G1 --green
now 2027-01-10T10:00:00
expect_error 4 'available' transfer 10000001 10000002 5 --green --ref T1
expect_ok daily
expect_ok verify

# A voucher issued while its points were in date still redeems after their
# date (the hold kept them), and the daily job leaves them alone. A hold is
# backed by points in date first (the daily job's rule too), so points
# earned after the date go to the voucher and a refund of them falls short.
overdue_ledger
now 2025-12-20T10:00:00
expect_ok redeem 10000001 TV --json
code=$(json_get .voucher)
now 2026-01-05T10:00:00
expect_ok balance 10000001 --json
expect_json .held 450
expect_json .overdue 50
expect_ok earn 10000001 30 --ref R3
expect_ok earn --reverse R3 --json
expect_json .points 0
expect_json .shortfall 30
expect_ok daily --json
check "$(jq .expire.points "$out")" -eq 80
expect_ok balance 10000001 --json
expect_json .points 450
expect_json .held 450
expect_ok voucher redeem "$code" --staff S01
expect_balance 10000001 points 0
expect_ok verify

finish
