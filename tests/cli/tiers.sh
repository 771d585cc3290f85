#!/bin/sh
# Tiers (tier.h): [tier ID] in the config (bad values refused with the file
# and line), upgrades by `jifen daily` from the points earned in the last 12
# months (the boundary at 23:59:59 and 00:00:00), downgrades one step at a
# time at the member's anniversary only (returns count against the points),
# a notice on every change, the member bonus on purchases, the tier's price
# and early access on redemptions (optional early_tiers column of the
# catalog), and `jifen verify` after every step, which sees a tier edited.

. "$(dirname "$0")/lib.sh"

tiers='[tier basic]
name_zh = 普通
name_en = Basic
points = 0

[tier silver]
name_zh = 银卡
name_en = Silver
points = 1000
earn_percent = 110
discount_percent = 5

[tier gold]
name_zh = 金卡
name_en = Gold
points = 5000
earn_percent = 150
discount_percent = 10
early_access = yes'
config tiers "$tiers
[store]
terminal = T1

[expiry]
days = 1000"
export JIFEN_CONFIG="$T/tiers.conf"

# ---- bad tier settings: the file and the line, exit 2 ----
bad_config() {
	config bad "$1"
	with JIFEN_CONFIG="$T/bad.conf" expect_error 2 "$2" balance 10000001
}
bad_config '[tier gold]
name_zh = 金卡
points = many' 'bad.conf:3: \[tier gold\] points'
bad_config '[tier gold]
earn_percent = 99' 'bad.conf:2: \[tier gold\] earn_percent'
bad_config '[tier gold]
earn_percent = 1001' 'bad.conf:2: .*earn_percent'
bad_config '[tier gold]
discount_percent = 51' 'bad.conf:2: .*discount_percent'
bad_config '[tier gold]
early_access = perhaps' 'bad.conf:2: .*early_access must be yes or no'
bad_config '[tier gold]
colour = gold' 'bad.conf:2: unknown setting \[tier gold\] colour'
bad_config '[tier Gold]
points = 0' 'bad.conf:2: .*a tier id of 1 to 16 of a-z 0-9'
bad_config '[tier gold]
name_zh = 金卡
points = 10' 'bad.conf:1: \[tier gold\] needs name_zh, name_en and points'
bad_config '[tier gold]
name_zh = 金卡
name_en = Gold
points = 10' 'bad.conf:1: \[tier gold\]: the lowest tier needs points = 0'
bad_config "$tiers
[tier gold2]
name_zh = 金
name_en = Gold 2
points = 5000" 'bad.conf:2[0-9]: \[tier gold2\] needs the same points as \[tier gold\]'
bad_config "$tiers
[tier top]
name_zh = 顶
name_en = Top
points = 9000
earn_percent = 120" 'bad.conf:2[0-9]: \[tier top\] earns or saves less than the lower \[tier gold\]'

# ---- members join on 2026-03-01 ----
now 2026-03-01T10:00:00
fresh
add_member 10000001 Ann
add_member 10000002 Bob
add_member 10000003 Cai
expect_ok tier show 10000001 --json
expect_json .tier basic
expect_json .next silver
expect_json .needed 1000

# A purchase earns at the base tier's 100%; the upgrade waits for the daily job.
expect_ok earn 10000001 1200.00 --ref A1
expect_balance 10000001 points 1200
expect_ok earn 10000002 5000.00 --ref B1
expect_ok earn 10000003 1000.00 --ref C1
expect_ok tier show 10000001
expect_out '^tier basic \(Basic\): 1200 points earned in the last 12 months'
expect_out '^next: silver at 1000 points, 0 more'
expect_ok daily --json
expect_json .tiers.upgrades 3
expect_json .tiers.downgrades 0
expect_ok verify
expect_ok tier show 10000001 --json
expect_json .tier silver
expect_json .earned_12_months 1200
expect_json .needed 3800
expect_ok tier show 10000002 --json
expect_json .tier gold
expect_json .next null
# A second run the same day changes nothing.
expect_ok daily --json
expect_json .tiers.upgrades 0
# Each change is a row, with when, why and who, and a notice.
expect_ok member show 10000002 --json
expect_json '.tier.changes | length' 1
expect_json '.tier.changes[0].from' basic
expect_json '.tier.changes[0].to' gold
expect_json '.tier.changes[0].why' upgrade
expect_json '.tier.changes[0].earned' 5000
expect_json '.tier.changes[0].terminal' T1
expect_json '[.notices[] | select(.message == "tier_change")] | length' 1
expect_ok balance 10000002
expect_out '^tier +gold \(Gold\), 5000 points earned in 12 months$'

# ---- the member bonus: base x (percent - 100) / 100, rounded down ----
expect_ok earn 10000001 100.00 --ref A2 --json
expect_json .points 110
expect_ok earn 10000002 10.50 --ref B2 --json
expect_json .points 15
# Green points get no bonus.
expect_ok earn 10000002 10.00 --ref B3 --green --json
expect_json .points 10
# Lines: the bonus on the ordinary lines' base, rounded down once.
printf 'amount,green,category\n20.00,0,\n7.90,0,\n' >"$T/lines.csv"
expect_ok earn 10000001 --ref A3 --lines "$T/lines.csv" --json
expect_json .points 29
check "$(sql "SELECT member_percent || ' ' || member_bonus || ' ' || member_source FROM earn_receipt WHERE receipt = 'A3'")" = "110 2 silver"
expect_ok verify

# ---- returns count against the points; a downgrade waits for the anniversary ----
now 2026-06-01T10:00:00
expect_ok earn --reverse C1
expect_ok tier show 10000003 --json
expect_json .earned_12_months 0
expect_ok daily --json
expect_json .tiers.downgrades 0
expect_json .tiers.reviewed 0
expect_ok tier show 10000003 --json
expect_json .tier silver
expect_ok verify

# ---- the 12-month boundary, at 23:59:59 and 00:00:00 ----
now 2027-02-28T23:59:59
expect_ok tier show 10000001 --json
expect_json .earned_12_months 1339
expect_ok daily --json
expect_json .tiers.downgrades 0
now 2027-03-01T00:00:00
expect_ok tier show 10000001 --json
expect_json .earned_12_months 0
# The anniversary: one step down, never more (gold to silver, not basic).
expect_ok daily --json
expect_json .tiers.downgrades 3
expect_json .tiers.reviewed 3
expect_ok tier show 10000002 --json
expect_json .tier silver
expect_ok tier show 10000001 --json
expect_json .tier basic
expect_ok tier show 10000003 --json
expect_json .tier basic
expect_ok verify
# Reviewed once a year: the next run, and the next day, leave Bob in silver.
expect_ok daily --json
expect_json .tiers.downgrades 0
now 2027-03-02T10:00:00
expect_ok daily --json
expect_json .tiers.downgrades 0
expect_json .tiers.reviewed 0
expect_ok tier show 10000002 --json
expect_json .tier silver
expect_ok member show 10000002 --json
expect_json '.tier.changes[1].why' downgrade
expect_json '[.notices[] | select(.message == "tier_change")] | length' 2
# An upgrade is at once again, whatever steps it jumps.
expect_ok earn 10000001 6000.00 --ref A4
expect_ok daily --json
expect_json .tiers.upgrades 1
expect_ok tier show 10000001 --json
expect_json .tier gold
expect_ok verify

# ---- the catalog: early access and the tier's price ----
now 2027-03-10T10:00:00
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until,early_tiers' \
	'NEW1,新电饭煲,New rice cooker,appliances,goods,500,,,,10,0,,,2027-03-12,silver gold' \
	'NEW2,新水壶,New kettle,appliances,goods,300,,,,10,0,,,2027-03-12,' \
	'OLD1,毛巾,Towel,household,goods,101,,,,10,0,,,,' >"$T/cat.csv"
expect_ok catalog import "$T/cat.csv"
expect_ok catalog show NEW1 --json
# Old files, without the column, are still read.
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'OLD2,杯子,Cup,household,goods,50,,,,10,0,,,' >"$T/old.csv"
expect_ok catalog import "$T/old.csv"
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until,early_tiers' \
	'BAD1,坏,Bad,household,goods,50,,,,10,0,,,2027-03-12,platinum' \
	'BAD2,坏,Bad,household,goods,50,,,,10,0,,,,gold' \
	'BAD3,坏,Bad,household,goods,50,,,,10,0,,,2027-03-12,gold gold' >"$T/bad.csv"
run catalog import "$T/bad.csv"
expect_status 2
expect_err 'bad.csv:2: early_tiers: no tier platinum in the config'
expect_err 'bad.csv:3: early_tiers need a new_until date'
expect_err 'bad.csv:4: early_tiers: gold twice'

# Cai (basic) may not have the new items until 2027-03-12, through 23:59:59.
now 2027-03-12T23:59:59
expect_error 5 'until 2027-03-12 this item is for members of higher tiers than basic' redeem 10000003 NEW1
expect_error 5 'until 2027-03-12' redeem 10000003 NEW2
# Bob (silver) is listed for NEW1, but silver has no early access to NEW2.
expect_ok redeem 10000002 NEW1 --json
expect_json .points 475
expect_error 5 'higher tiers than silver' redeem 10000002 NEW2
# Ann (gold) sees both, at 10% off; green-free goods round the discount down.
expect_ok redeem 10000001 NEW2 --json
expect_json .points 270
expect_ok redeem 10000001 OLD1 --json
expect_json .points 91
now 2027-03-13T00:00:00
# Points granted are no purchase: Cai stays basic.
expect_ok grant 10000003 600 --reason 'a gift'
expect_ok daily --json
expect_json .tiers.upgrades 0
expect_ok redeem 10000003 NEW1 --json
expect_json .points 500
expect_ok verify

# ---- verify sees a tier edited by hand ----
sql "UPDATE tier_now SET tier = 'gold' WHERE member_id = 3"
expect_exit 8 verify
expect_err 'tier of member 3: the tier kept differs from the member.s latest change'
sql "UPDATE tier_now SET tier = 'basic' WHERE member_id = 3"
expect_ok verify
check "$(sql "UPDATE member_tier SET tier = 'gold'" 2>&1 | grep -c append-only)" -eq 1
sql "UPDATE earn_receipt SET member_bonus = 0 WHERE receipt = 'A2'"
expect_exit 8 verify
expect_err 'receipt A2: its member bonus is not its percent of its points'
sql "UPDATE earn_receipt SET member_bonus = 10 WHERE receipt = 'A2'"
expect_ok verify
# ... or a receipt that says it earned under a tier the member did not hold.
expect_ok earn 10000001 10.00 --ref A5 --json
expect_json .points 15
sql "UPDATE earn_receipt SET member_source = 'silver' WHERE receipt = 'A5'"
expect_exit 8 verify
expect_err 'receipt A5: earned under a tier the member did not hold'
sql "UPDATE earn_receipt SET member_source = 'gold' WHERE receipt = 'A5'"
expect_ok verify

finish
