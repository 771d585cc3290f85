#!/bin/sh
# jifen task: import the book (refusals name each problem and write
# nothing), list and show, complete a counter task once a month (again:
# nothing), a review's free plays, the months task by task check and by
# the daily job for every member (once), the
# badge set's grand prize (a voucher) once, progress; unknown ids and bad
# arguments refused; verify after each step and failing for a completion,
# a ticket or a grand prize changed by hand.

. "$(dirname "$0")/lib.sh"

now 2026-03-01T10:00:00
fresh
expect_ok catalog import "$top_srcdir/assets/demo-catalog.csv"
expect_ok game import "$top_srcdir/assets/games/scratch.json"
add_member 10000001 Ann
add_member 10000002 Bob

# The book names the survey: refused until the survey is there.
expect_error 2 'no survey rewards' task import "$top_srcdir/assets/tasks/demo.json"
expect_ok survey import "$top_srcdir/assets/surveys/rewards.json"
expect_ok task import "$top_srcdir/assets/tasks/demo.json" --json
expect_json .version 1
expect_json .changed true
expect_ok task import "$top_srcdir/assets/tasks/demo.json"
expect_out 'unchanged: version 1'
expect_ok verify

# Refusals: one line per problem, nothing written.
sed 's/"months": 3/"months": 30/; s/"period": "once"/"period": "daily"/' \
	"$top_srcdir/assets/tasks/demo.json" >"$T/bad.json"
run task import "$T/bad.json"
expect_status 2
check "$(wc -l <"$err")" -eq 3
expect_err 'tasks\[4\]\.months: must be a whole number from 1 to 24'
expect_err 'tasks\[3\]\.period: must be once, month or year'
sed 's/"GR-RICE-5KG"/"NO-SUCH"/' "$top_srcdir/assets/tasks/demo.json" >"$T/sku.json"
expect_error 2 'no item NO-SUCH in the catalog' task import "$T/sku.json"
echo '{"tasks": [' >"$T/json.json"
expect_error 2 'not JSON' task import "$T/json.json"
expect_error 3 '' task import "$T/missing.json"

expect_ok task list --lang en
expect_out 'green-share +counter_confirmed +month +Share a green habit: badge green-voice'
expect_out 'badge set green-life: Green living badges, 3 badges, grand prize 1 x GR-RICE-5KG'
expect_ok task show three-months --json
expect_json .months 3
expect_json .reward.badge green-regular
expect_error 3 'there is no task nope' task show nope
expect_error 2 'not a task' task show 'bad id'

# A counter task: once a month, whoever asks.
expect_ok task complete 10000001 parent-class --json
expect_json .period 2026-03
expect_json .replay false
expect_balance 10000001 points 50
expect_ok task complete 10000001 parent-class
expect_out 'already done in this period'
expect_balance 10000001 points 50
now 2026-04-01T10:00:00
expect_ok task complete 10000001 parent-class
expect_balance 10000001 points 100
expect_ok verify
expect_error 3 'there is no task nope' task complete 10000001 nope
expect_error 3 '' task complete 19999999 parent-class
expect_error 2 '' task complete 1 parent-class
expect_error 5 'needs 3, the card has 0' task complete 10000001 three-months

# A review: stars kept, a free play of the scratch card, once a month.
expect_ok task review 10000001 GR-RICE-5KG 5
expect_ok task progress 10000001 --json
expect_json '.tasks[2].done' true
expect_error 2 'STARS must be 1 to 5' task review 10000001 GR-RICE-5KG 0
expect_error 3 '' task review 10000001 NO-SUCH 4
expect_ok game play 10000001 scratch --json
expect_json .paid_with ticket
expect_ok verify

# Purchases in three months of the year: task check completes the badge.
for m in 05 06 07; do
	now 2026-$m-10T10:00:00
	expect_ok earn 10000001 100.00 --ref R$m
	expect_ok earn 10000002 50.00 --ref B$m
done
expect_ok task check 10000001 --json
expect_json .completed 1
expect_ok task check 10000001 --json
expect_json .completed 0
# The daily job checks every member: Bob's three months complete there,
# once; a second run the same day (or later in the year) completes nothing.
now 2026-07-12T01:00:00
expect_ok daily --json
expect_json .tasks.members 2
expect_json .tasks.completed 1
expect_ok daily
expect_out '^tasks: 2 members checked, 0 tasks completed$'
expect_ok task progress 10000002 --json
expect_json '.tasks[] | select(.task == "three-months") | .done' true
check "$(sql "SELECT count(*) FROM task_done WHERE task = 'three-months'")" -eq 2
expect_ok verify
# The set's last two badges: the counter's, then the survey's; the grand
# prize is a voucher for rice, once.
expect_ok task complete 10000001 green-share
expect_ok survey answer 10000001 rewards --answers 'want=grocery,green=bag,happy=5'
expect_ok task progress 10000001 --json
expect_json '.badge_sets[0].prize_paid' true
expect_ok voucher list 10000001 --json
expect_out 'GR-RICE-5KG'
# Bob finishes the set when the rice is sold out: the grand prize's worth
# (2800 points, the points that would have backed the voucher) is paid in
# points at once instead of failing, the rice named; no voucher.
sed 's/,2800,,,,40,/,2800,,,,0,/' "$top_srcdir/assets/demo-catalog.csv" >"$T/soldout.csv"
expect_ok catalog import "$T/soldout.csv"
expect_ok survey answer 10000002 rewards --answers 'want=grocery,green=bag,happy=4'
before=$(sql "SELECT balance FROM account a JOIN member m ON m.id = a.member_id
	WHERE m.card = '10000002' AND a.kind = 0")
expect_ok task complete 10000002 green-share
expect_out 'badge set green-life complete: .*out of stock.*paid in points'
after=$(sql "SELECT balance FROM account a JOIN member m ON m.id = a.member_id
	WHERE m.card = '10000002' AND a.kind = 0")
check "$((after - before))" -eq 2800
check "$(sql "SELECT kind || ' ' || amount || ' ' || sku || ' ' ||
	coalesce(CAST(voucher_id AS TEXT), 'none') FROM badge_prize WHERE card = '10000002'")" = \
	'points 2800 GR-RICE-5KG none'
expect_ok task progress 10000002 --json
expect_json '.badge_sets[0].prize_paid' true
expect_ok verify

# The day report gives tasks, grand prizes and surveys rows of their own.
expect_ok report day --date 2026-07-12 --json
expect_json '.rows.survey_rewards.count' 2
expect_json '.rows.badge_prizes.count' 2
expect_json '.rows.other.count' 0
expect_ok report day --date 2026-03-01 --json
expect_json '.rows.task_rewards | [.count, .in.points] | join(" ")' '1 50'
expect_ok report day --date 2026-03-01
expect_out 'task rewards'
now 2026-08-10T10:00:00
expect_ok task complete 10000001 green-share
expect_ok task progress 10000001 --lang en
expect_out 'badge set green-life: complete, grand prize paid'
check "$(sql "SELECT count(*) FROM badge_prize")" -eq 2
expect_ok verify

# Tampering: every one is found.
tamper_base
tamper "UPDATE task_done SET amount = amount + 1 WHERE reward = 'points'"
tamper "UPDATE task_done SET member_id = member_id + 1 WHERE reward = 'points'"
tamper "UPDATE task_done SET amount = 2 WHERE reward = 'free_play'"
tamper "UPDATE game_ticket SET task_done_id = NULL, play_id = NULL WHERE task_done_id IS NOT NULL"
tamper "DELETE FROM task_done WHERE reward = 'points'"
tamper "DELETE FROM task_done WHERE badge = 'green-voice'"
tamper "UPDATE badge_prize SET voucher_id = NULL"
tamper "UPDATE task_done SET actor = ''"
expect_ok verify --db "$good"

finish
