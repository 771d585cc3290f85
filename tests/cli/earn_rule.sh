#!/bin/sh
# The one earn rule with all its parts at once (earn_rule.h): a member's
# tier bonus (rounded once on the purchase's ordinary base, its share per
# line adding up), a campaign's bonus on its categories only, a one-to-one
# plan replacing the tier, a member's own rate under a campaign, a whole
# return giving the campaign's budget back, and the member's price being
# the lowest of the item's own, the campaign's and the tier's. `jifen
# verify` after every step: it takes the parts apart again.

. "$(dirname "$0")/lib.sh"

config rule '[category appliances]
points_per_yuan = 2
[category grocery]
points_per_yuan = 1
[tier basic]
name_zh = 普通
name_en = Basic
points = 0
[tier gold]
name_zh = 金卡
name_en = Gold
points = 1000
earn_percent = 150
discount_percent = 10'
JIFEN_CONFIG=$T/rule.conf
export JIFEN_CONFIG

now 2027-05-10T10:00:00
fresh
add_member 10000001 Alice
add_member 10000002 Bob
expect_ok catalog import "$top_srcdir/assets/demo-catalog.csv"
expect_ok campaign import "$top_srcdir/assets/campaigns/summer-appliances.json"
# Alice earns her way to gold before the campaign; the daily job moves her.
expect_ok earn 10000001 3000 --ref G1
now 2027-05-11T00:10:00
expect_ok daily --json
expect_json .tiers.upgrades 1
expect_ok verify

# In the campaign: appliances 100 yuan (base 200, gold +100, campaign
# +200), two grocery lines of 33 yuan (base 33 each, gold +16 each): the
# gold bonus of the whole base 266 is 133, one more than the lines' 132,
# and the last ordinary line takes it.
now 2027-06-20T10:00:00
printf 'amount,green,category\n100,0,appliances\n33,0,grocery\n33,0,grocery\n' >"$T/mix.csv"
expect_ok earn 10000001 --ref M1 --lines "$T/mix.csv" --explain --json
expect_json .points 599
expect_json .explain.member_bonus 133
expect_json .explain.member_source gold
expect_json '.explain.campaigns[0].campaign' summer-2027
expect_json '.explain.campaigns[0].bonus.points' 200
check "$(sql "SELECT points || ' ' || member_bonus || ' ' || member_percent FROM earn_receipt WHERE receipt = 'M1'")" = "599 133 150"
expect_ok verify
# The quote says the same before anything is written.
expect_ok earn 10000001 --ref M9 --lines "$T/mix.csv" --quote --json
expect_json .points 599

# A plan replaces the tier's percent; grocery is no campaign's.
expect_ok plan set 10000001 --percent 200 --until 2027-12-31 --why 'test plan'
expect_ok earn 10000001 10 --category grocery --ref P1 --explain --json
expect_json .points 20
expect_json .explain.member_source plan
expect_ok verify

# Bob's own rate (3 a yuan) sets the base; the campaign doubles it; verify
# counts the base without the campaign's bonus.
expect_ok member rate 10000002 --points-per-yuan 3
now 2027-06-20T10:00:01
expect_ok earn 10000002 10 --category appliances --ref R1 --json
expect_json .points 60
expect_ok verify

# A whole return takes the bonuses back and gives the budget back.
expect_ok campaign show summer-2027 --json
given=$(json_get '.given.points')
expect_ok earn --reverse M1 --json
expect_ok campaign show summer-2027 --json
expect_json '.given.points' "$((given - 200))"
expect_ok verify

# The member's price: the fan (2500) at the campaign's 80% is 2000, at
# gold's 10% off 2250: the lowest, 2000, is the voucher's.
expect_ok redeem 10000001 AP-FAN --ref V1 --json
expect_json .points 2000
expect_ok balance 10000001 --json
expect_json .available 1020
# Bob, basic, pays the campaign's price; a game's prize (given as
# voucher_issue_prize()) would hold the item's own.
expect_ok verify
finish
