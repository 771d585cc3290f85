#!/bin/sh
# jifen survey: import (refusals name each problem and write nothing),
# list, answer (points once; bad answers, unknown ids and a second answer
# refused with nothing written), results with counts and shares; an
# anonymous survey's answers carry no member nor tier; results per tier
# when the config has tiers (the tier when the member answered); verify
# after each step and failing for answered points changed by hand or a
# member or tier put on an anonymous answer.

. "$(dirname "$0")/lib.sh"

now 2026-03-01T10:00:00
fresh
add_member 10000001 Ann
add_member 10000002 Bob
add_member 10000003 Cai

expect_ok survey import "$top_srcdir/assets/surveys/rewards.json" --json
expect_json .version 1
expect_json .changed true
expect_ok survey import "$top_srcdir/assets/surveys/rewards.json"
expect_out 'unchanged: version 1'

# Refusals: one line per problem, nothing written.
sed 's/"kind": "rating"/"kind": "stars"/; s/"points": 20/"points": -1/' \
	"$top_srcdir/assets/surveys/rewards.json" >"$T/bad.json"
run survey import "$T/bad.json"
expect_status 2
check "$(wc -l <"$err")" -eq 2
expect_err 'questions\[2\]\.kind: must be single, multiple or rating'
expect_err 'points: must be a whole number from 0 to 10000'
sed 's/"id": "bulk"/"id": "bag"/' "$top_srcdir/assets/surveys/rewards.json" >"$T/twice.json"
expect_error 2 'bag is used twice' survey import "$T/twice.json"
expect_error 3 '' survey import "$T/missing.json"

expect_ok survey list --json
expect_json '.[0].anonymous' true
expect_json '.[0].questions' 3

# Answers.
expect_ok survey answer 10000001 rewards --answers 'want=coupons,green=bag+refill,happy=4' --json
expect_json .points 20
expect_balance 10000001 points 20
expect_error 5 'answered survey rewards already' \
	survey answer 10000001 rewards --answers 'want=games,green=none,happy=1'
expect_error 2 'want: one choice only' \
	survey answer 10000002 rewards --answers 'want=coupons+games,green=bag,happy=4'
expect_error 2 'happy: a rating is 1 to 5' \
	survey answer 10000002 rewards --answers 'want=coupons,green=bag,happy=6'
expect_error 2 'happy: not answered' survey answer 10000002 rewards --answers 'want=coupons,green=bag'
expect_error 2 "no choice 'car'" survey answer 10000002 rewards --answers 'want=car,green=bag,happy=3'
expect_error 2 'nope: no such question' survey answer 10000002 rewards --answers 'nope=a'
expect_error 2 'needs --answers' survey answer 10000002 rewards
expect_error 3 'there is no survey nope' survey answer 10000002 nope --answers 'q=1'
expect_error 3 '' survey answer 19999999 rewards --answers 'want=coupons,green=bag,happy=4'
expect_ok survey answer 10000002 rewards --answers 'want=coupons,green=bag,happy=5'
expect_ok survey answer 10000003 rewards --answers 'want=grocery,green=none,happy=5'
expect_ok verify

expect_ok survey results rewards --json
expect_json .responses 3
expect_json '.questions[0].answers[1].count' 2
expect_json '.questions[1].answers[0].count' 2
expect_json '.questions[2].answers[4].count' 2
expect_ok survey results rewards
expect_out 'coupons +2 +66.7%'
expect_error 3 'there is no survey nope' survey results nope
# Anonymous: nothing on an answer names a member.
check "$(sql "SELECT count(*) FROM survey_answer WHERE member_id IS NOT NULL")" -eq 0

tamper_base
tamper "UPDATE survey_taken SET points = 200 WHERE card = '10000001'"
tamper "DELETE FROM survey_taken WHERE card = '10000002'"
tamper "UPDATE survey_answer SET member_id = (SELECT min(id) FROM member)"
tamper "UPDATE survey_answer SET tier = 'basic'"
expect_ok verify --db "$good"

# ---- results per tier ----
# Without tiers in the config: as before, no tiers.
expect_ok survey results rewards --json
expect_json .tiers null
expect_ok survey results rewards
expect_no_out '^tier '

# A named survey answered once before the config had tiers: that answer
# keeps no tier ("none").
sed 's/"anonymous": true/"anonymous": false/; s/"id": "rewards"/"id": "named"/' \
	"$top_srcdir/assets/surveys/rewards.json" >"$T/named.json"
expect_ok survey import "$T/named.json"
expect_ok survey answer 10000003 named --answers 'want=games,green=none,happy=2'

config tiers '[tier basic]
name_zh = 普通
name_en = Basic
points = 0

[tier silver]
name_zh = 银卡
name_en = Silver
points = 1000'
export JIFEN_CONFIG="$T/tiers.conf"
expect_ok earn 10000001 1200.00 --ref A1
expect_ok daily
expect_ok survey answer 10000001 named --answers 'want=coupons,green=bag+refill,happy=4'
# Bob earns silver after he answered: his answer stays basic.
expect_ok survey answer 10000002 named --answers 'want=coupons,green=bag,happy=5'
expect_ok earn 10000002 1500.00 --ref B1
expect_ok daily
check "$(sql "SELECT count(DISTINCT tier) FROM survey_answer
	WHERE survey_id = (SELECT max(id) FROM survey WHERE code = 'named')")" -eq 2
expect_ok verify

expect_ok survey results named --json
expect_json .responses 3
expect_json '.tiers | length' 3
expect_json '.tiers[0].tier' basic
expect_json '.tiers[0].responses' 1
expect_json '.tiers[0].questions[2].answers[4].count' 1
expect_json '.tiers[0].questions[0].answers[1].share' 1
expect_json '.tiers[1].tier' silver
expect_json '.tiers[1].responses' 1
expect_json '.tiers[1].questions[1].answers[2].count' 1
expect_json '.tiers[1].questions[2].answers[3].count' 1
expect_json '.tiers[2].tier' null
expect_json '.tiers[2].responses' 1
expect_json '.tiers[2].questions[0].answers[0].count' 0
expect_ok survey results named
expect_out '^tier basic: 1 responses'
expect_out '^tier silver: 1 responses'
expect_out '^tier none: 1 responses'
expect_out '^  want \(single\)'

# An anonymous survey keeps no tier and shows none.
add_member 10000004 Dai
expect_ok survey answer 10000004 rewards --answers 'want=games,green=none,happy=3'
check "$(sql "SELECT count(*) FROM survey_answer WHERE tier IS NOT NULL
	AND survey_id IN (SELECT id FROM survey WHERE code = 'rewards')")" -eq 0
expect_ok survey results rewards --json
expect_json .tiers null
expect_ok verify
expect_error 3 'there is no survey nope' survey results nope --json

finish
