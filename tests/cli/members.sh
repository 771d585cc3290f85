#!/bin/sh
# Issue 12c: the birthday gift by jifen daily at the month's
# edges in the store's time zone (29 February in a common year, replays,
# a member who joins in the month), [birthday] refusals; jifen remind (the
# window's edges, masked phones, no phone and erased members never listed,
# a second run the same day, --again, CSV and JSON, bad input changing
# nothing); jifen rules following the config. verify after each step.

. "$(dirname "$0")/lib.sh"

now 2026-01-10T10:00:00
fresh
config gift '[birthday]
points = 200
game = wheel
plays = 2'
G=--config=$T/gift.conf
expect_ok catalog import "$top_srcdir/assets/demo-catalog.csv"
expect_ok game import "$top_srcdir/assets/games/wheel.json"
expect_ok member add 10000001 --name Ann --birthday 1990-11-30 --phone 13800138001
expect_ok member add 10000002 --name Bob --birthday 2000-02-29 --phone 13800138002
expect_ok member add 10000003 --name Cai --phone 13800138003
expect_ok member add 10000004 --name Dan --birthday 1985-11-01

# ---- [birthday] in the config: every bad value refused, naming the line ----
config bad '[birthday]
points = -1'
expect_error 2 'bad.conf:2: \[birthday\] points' summary --config "$T/bad.conf"
config bad '[birthday]
item = no such sku'
expect_error 2 'bad.conf:2: \[birthday\] item must be' summary --config "$T/bad.conf"
config bad '[birthday]
plays = 11'
expect_error 2 'bad.conf:2: \[birthday\] plays' summary --config "$T/bad.conf"
config bad '[birthday]
colour = red'
expect_error 2 'unknown setting \[birthday\] colour' summary --config "$T/bad.conf"

# ---- birthdays at the month's edges (Asia/Shanghai) ----
now 2026-10-31T23:59:59
expect_ok daily --json "$G"
expect_json .birthday.gifts 0
now 2026-11-01T00:00:00
expect_ok daily --json "$G"
expect_json .birthday.gifts 2
expect_json .birthday.points 400
expect_balance 10000001 points 200
expect_ok verify
# What is held about the member includes the gift.
expect_ok member show 10000001 --json
expect_json '.birthday_gifts[0].year' 2026
expect_json '.birthday_gifts[0].points' 200
expect_json '.birthday_gifts[0].plays' 2
expect_json '.birthday_gifts[0].greeted' null
# The day report has a row of its own for them.
expect_ok report day --json
expect_json .rows.birthday_gifts.count 2
expect_json .rows.birthday_gifts.in.points 400
# A replay the same day, and one on the month's last second: nothing more.
expect_ok daily --json "$G"
expect_json .birthday.gifts 0
now 2026-11-30T23:59:59
expect_ok daily "$G"
expect_no_out 'birthday gifts'
expect_balance 10000001 points 200
check "$(sql "SELECT count(*) FROM game_ticket WHERE birthday_id IS NOT NULL")" -eq 4
check "$(sql "SELECT count(*) FROM birthday_gift WHERE actor = '' OR terminal = ''")" -eq 0
# Without a gift in the config, daily gives nothing.
now 2027-02-01T08:00:00
expect_ok daily --json
expect_json .birthday.gifts 0
# 29 February in a common year: in February.
now 2027-02-28T23:59:59
expect_ok daily --json "$G"
expect_json .birthday.gifts 1
expect_balance 10000002 points 200
now 2027-03-01T00:00:00
expect_ok daily --json "$G"
expect_json .birthday.gifts 0
# Joined in the birthday month: the next run gives it.
now 2027-03-20T10:00:00
expect_ok member add 10000005 --name Eve --birthday 1999-03-25
expect_ok daily --json "$G"
expect_json .birthday.gifts 1
expect_ok verify

# A gift changed by hand is found.
kept=$(new_ledger kept)
copy_ledger "$JIFEN_DB" "$kept"
unguarded birthday_gift_fixed "UPDATE birthday_gift SET plays = 3 WHERE card = '10000002'"
run verify
expect_status 8
expect_err 'birthday gift .*free plays'
copy_ledger "$kept" "$JIFEN_DB"

# ---- jifen remind ----
now 2027-04-01T10:00:00
fresh
expect_ok member add 10000001 --name Ann --phone 13800138001
expect_ok member add 10000002 --name Bob --phone 13800138002
expect_ok member add 10000003 --name Cai
expect_ok member add 10000004 --name Dan --phone 13900000004
expect_ok grant 10000001 100 --reason test
expect_ok grant 10000002 50 --reason test --green
expect_ok grant 10000003 70 --reason test
expect_ok grant 10000004 80 --reason test
expect_ok member erase 10000004
# Points of 2027-04-01 expire on 2028-03-31 (365 days): 364 days ahead.
now 2027-04-02T10:00:00
expect_ok remind --days 363 --json
expect_json '.members | length' 0
expect_ok remind --days 364 --json
expect_json '.members | length' 2
expect_json '.members[0].card' 10000001
expect_json '.members[0].phone' '138****8001'
expect_json '.members[0].points' 100
expect_json '.members[0].expires_on' 2028-03-31
expect_json '.members[1].green' 50
expect_no_out 10000003
expect_no_out 10000004
check "$(sql "SELECT count(*) FROM reminder")" -eq 2
# A second run the same day lists nobody again; --again does.
expect_ok remind --days 364 --format csv
check "$(wc -l <"$out")" -eq 1
expect_out '^card,phone,points,green,expires_on$'
expect_ok remind --days 364 --format csv --again
expect_out '^10000001,138\*\*\*\*8001,100,0,2028-03-31$'
expect_out '^10000002,138\*\*\*\*8002,0,50,2028-03-31$'
expect_ok remind --days 364
expect_out '0 members to tell'
# The day's last second is still the same day; its first second the next.
now 2027-04-02T23:59:59
expect_ok remind --days 364 --json
expect_json '.members | length' 0
# The next day: listed again.
now 2027-04-03T00:00:00
expect_ok remind --days 400
expect_out '^10000001 +138\*\*\*\*8001 +100 +0 +2028-03-31$'
expect_out '2 members to tell'
check "$(sql "SELECT count(*) FROM reminder")" -eq 6
expect_ok member show 10000001 --json
expect_json '.reminders | length' 3
expect_json '.reminders[0].day' 2027-04-03
expect_json '.reminders[0].points' 100
check "$(sql "SELECT count(*) FROM reminder WHERE actor = '' OR terminal = ''")" -eq 0
expect_ok verify
# The rules page says members are texted, now that they are.
expect_ok rules
expect_out 'also sent a text message'
# Bad input: one line, exit 2, nothing written.
expect_error 2 'days' remind --days -1
expect_error 2 'days' remind --days 3651
expect_error 2 'days' remind --days x
expect_error 2 "format 'xml' is not csv or json" remind --format xml
# A reminder changed by hand is found.
unguarded reminder_fixed "UPDATE reminder SET actor = '' WHERE id = 1"
run verify
expect_status 8
expect_err 'reminder 1: names no member, or not who and where'

# ---- jifen rules: from the config in force ----
fresh
expect_ok catalog import "$top_srcdir/assets/demo-catalog.csv"
expect_ok rules
expect_out 'You earn 1 point for every whole yuan'
expect_out 'There is no birthday gift'
expect_out 'No games are running'
expect_no_out 'text message'
expect_out 'Points expire 365 days after they are earned: points earned today expire on 2028-04-02'
config rules '[earn]
points_per_yuan = 3
[category appliances]
points_per_yuan = 5
[expiry]
policy = year_end
years = 2
[transfer]
daily_green_limit = 300
[offset]
points_per_yuan = 150
[birthday]
points = 88'
expect_ok rules --config "$T/rules.conf"
expect_out 'You earn 3 points for every whole yuan'
expect_out 'appliances: 5 points a yuan'
expect_out 'expire on 31 December, 2 years after.*2029-12-31'
expect_out 'up to 300 a day'
expect_out 'groups of 3 that pay 2 fen'
expect_out ' 88 points'
expect_ok rules --config "$T/rules.conf" --json
expect_json .earn.points_per_yuan 3
expect_json .earn.categories.appliances 5
expect_json .expiry.policy year_end
expect_json .transfers.daily_green_limit 300
expect_json .birthday.points 88
expect_json .games '[]'
# The games' odds and what is left of their budgets, as played.
expect_ok game import "$top_srcdir/assets/games/wheel.json"
expect_ok rules --json
expect_json '.games[0].id' wheel
expect_json '.games[0].prizes[0].ppm' 100
expect_ok rules
expect_out 'Lucky Wheel: 50 points a play'
expect_out 'Electric kettle +0\.0100%'
expect_ok verify
# The tiers of the config, and the campaigns running today, from their
# first day to their last (their windows are the store's days).
expect_ok rules
expect_out 'There are no member tiers'
expect_out 'No campaign is running today'
config tiers '[tier basic]
name_zh = 普通
name_en = Basic
points = 0
[tier gold]
name_zh = 金卡
name_en = Gold
points = 5000
earn_percent = 150
discount_percent = 10
early_access = yes'
expect_ok rules --config "$T/tiers.conf"
expect_out 'Basic, from 0 points: the base tier'
expect_out 'Gold, from 5000 points: 50% more points, 10% off the catalog, new items early'
expect_ok rules --config "$T/tiers.conf" --json
expect_json '.tiers.tiers[1].id' gold
expect_json '.tiers.tiers[1].earn_percent' 150
expect_json '.tiers.plans_in_force' 0
expect_ok campaign import "$top_srcdir/assets/campaigns/summer-appliances.json"
now 2027-06-14T23:59:59
expect_ok rules --json
expect_json '.campaigns' '[]'
now 2027-06-15T00:00:00
expect_ok rules
expect_out '200% of the points on appliances; lower prices in the catalog'
expect_out '300000 points of its budget are left'
expect_ok rules --json
expect_json '.campaigns[0].percent' 200
expect_json '.campaigns[0].scope' categories
expect_json '.campaigns[0].budget_left' 300000
now 2027-08-31T23:59:59
expect_ok rules --json
expect_json '.campaigns[0].end' 2027-08-31
now 2027-09-01T00:00:00
expect_ok rules
expect_out 'No campaign is running today'
expect_ok verify

# ---- every column of a birthday gift is checked by verify ----
now 2026-11-10T10:00:00
fresh
expect_ok catalog import "$top_srcdir/assets/demo-catalog.csv"
expect_ok game import "$top_srcdir/assets/games/wheel.json"
expect_ok member add 10000001 --name Ann --birthday 1990-11-30
expect_ok member add 10000002 --name Bob --birthday 1991-11-01
config full '[birthday]
points = 50
item = CP-50-10
game = wheel
plays = 2'
expect_ok daily --config "$T/full.conf" --json
expect_json .birthday.gifts 2
expect_json .birthday.items_missed 0
expect_ok verify
tamper_base
g="WHERE card = '10000001'"
for col in "card = '10000002'" "year = 2025" \
	"key = 'birthday:10000001:2027'" "points = points + 1" "points = 0" \
	"entry_id = item_entry_id" "entry_id = NULL" "sku = 'CP-100-20'" "sku = ''" \
	"item_points = item_points + 1" "item_entry_id = entry_id" "item_entry_id = NULL" \
	"voucher_id = NULL" "voucher_id = voucher_id + 1" "game = 'scratch'" "plays = 1" \
	"plays = 3" "actor = ''" "terminal = ''" "greeted_at = 1, greeted_by = ''"; do
	tamper "UPDATE birthday_gift SET $col $g"
done
# Past a foreign key: PostgreSQL keeps to them whoever writes; sqlite3 does
# not unless asked to.
if on_sqlite; then
	tamper "UPDATE birthday_gift SET member_id = 99 $g"
	tamper "DELETE FROM birthday_gift $g"
fi
tamper "DELETE FROM game_ticket WHERE id = (SELECT max(id) FROM game_ticket)"
tamper "UPDATE game_ticket SET birthday_id = NULL WHERE id = (SELECT max(id) FROM game_ticket)"
tamper "UPDATE game_ticket SET member_id = member_id % 2 + 1 WHERE id = (SELECT max(id) FROM game_ticket)"

finish
