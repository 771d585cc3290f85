#!/bin/sh
# The games in a real terminal: a scratch card bought (asked first),
# scratched with a key and with a mouse click, each scratch kept in the
# ledger as it is made; left mid-way and found again under Games, as it
# was; revealed with a click on Reveal all, saying the prize core paid.
# The wheel spins and stops on the prize core drew, by the kiosk's tick;
# with [kiosk] less_motion it stops at once. The CLI's report and
# `jifen verify` agree with what the screens said. Then in Chinese at
# 132x43 by touch: the daily limit, a spent budget's fallback, the badge
# wall, a survey. The draws are the system's: every check reads what the
# ledger recorded.
. "$(dirname "$0")/lib.sh"

CARD=8800000002 # 李明
PIN=2345

sql() {
	sqlite3 "$DB" "$1"
}

# The label, in English, of the prize drawn (prize) or paid (paid) by
# the latest play of game $1.
prize_label() {
	sql "SELECT p.label_en FROM game_play y JOIN game_prize p ON p.game_id = y.game_id
	     AND p.seq = y.$2 WHERE y.game = '$1' ORDER BY y.id DESC LIMIT 1"
}
prize_kind() {
	sql "SELECT p.kind FROM game_play y JOIN game_prize p ON p.game_id = y.game_id
	     AND p.seq = y.paid WHERE y.game = '$1' ORDER BY y.id DESC LIMIT 1"
}

# expect_outcome GAME: the screen says the prize the latest play paid.
expect_outcome() {
	case $(prize_kind "$1") in
	thanks) wait_for 'No prize this time.' ;;
	free_play) wait_line 'You won [0-9]+ free play' ;;
	*) wait_for "You won $(prize_label "$1" paid)" ;;
	esac
}

start_kiosk 80 24
login $CARD $PIN
wait_for 'Games: scratch cards and the wheel'
click 'Games: scratch cards'
wait_for 'Daily Scratch Card'
keys Enter
wait_for '[ Play for 100 points ]'
wait_for 'game audit 2026-11-24'
# The commitment on the screen is the one stored for today.
commitment=$(jf --json game commitments scratch | jq -r '.[0].commitment')
short=$(printf '%s' "$commitment" | cut -c1-8)...$(printf '%s' "$commitment" | cut -c57-64)
wait_for "Today's draw is committed: $short" "the screen does not show today's commitment $short"
keys Enter
wait_for 'Play Daily Scratch Card for 100 points?'
[ "$(sql 'SELECT count(*) FROM game_play')" = 0 ] && pass || fail "a play before Yes"
keys Enter
wait_for '9 cells left to scratch.'
[ "$(sql 'SELECT count(*) FROM game_play')" = 1 ] && pass || fail "not one play after Yes"

# A cell by key, one by a click: each kept as it is scratched.
keys Enter
wait_for '8 cells left to scratch.'
[ "$(sql 'SELECT scratched FROM game_play')" = 1 ] && pass || fail "cell 1 not kept"
click '/ 5 /'
wait_for '7 cells left to scratch.'
[ "$(sql 'SELECT scratched FROM game_play')" = 17 ] && pass || fail "cell 5 not kept"

# Left mid-way, and a visit later it is there as it was.
keys Escape
wait_for 'Enter Play'
keys Escape
wait_for 'Finish your card: Daily Scratch Card'
keys Escape
wait_for 'Log out'
keys Escape
wait_for 'Goodbye'
login $CARD $PIN
wait_for 'Games: scratch cards and the wheel'
click 'Games: scratch cards'
wait_for 'Finish your card: Daily Scratch Card'
keys Enter
wait_for '7 cells left to scratch.'
click 'Reveal all'
wait_for 'Back to the game'
expect_outcome scratch
[ "$(sql 'SELECT scratched FROM game_play')" = 511 ] && pass || fail "reveal all not kept"

# The wheel: it spins (the reel moves between two looks), then stops
# with the pointer on the prize drawn.
keys Escape
wait_for 'Lucky Wheel'
shows -F 'Finish your card' && fail "a finished card is still offered"
keys 2
wait_for '[ Play for 50 points ]'
keys Enter
wait_for 'Play Lucky Wheel for 50 points?'
keys Enter
wait_for 'The wheel is spinning'
wait_for 'Back to the game'
drawn=$(prize_label wheel prize)
wait_line ">>  \|  *$drawn  *\| <<" "the wheel did not stop on $drawn"
expect_outcome wheel
check_report() {
	if jf game report | grep -q "^$1"; then pass; else fail "game report: no '$1'"; fi
}
check_report 'scratch v1: 1 plays'
check_report 'wheel v1: 1 plays'

# Less motion: the wheel stops at once (王芳, on a kiosk so configured).
printf '\n[kiosk]\nless_motion = yes\n' >>"$CONF"
start_kiosk 80 24
login 8800000001 1234
wait_for 'Games: scratch cards and the wheel'
click 'Games: scratch cards'
wait_for 'Lucky Wheel'
keys 2
wait_for '[x] Less motion: the wheel stops at once (M)'
keys Enter
wait_for 'Play Lucky Wheel for 50 points?'
keys Enter
wait_for 'Back to the game'
shows -F 'The wheel is spinning' && fail "less motion: the wheel spun"
drawn=$(prize_label wheel prize)
wait_line ">>  \|  *$drawn  *\| <<" "the wheel did not stop on $drawn"
expect_outcome wheel
stop_kiosk

# In Chinese at 132x43, by touch (王芳 again, on the same kiosk): the
# wheel she played today is refused by its daily limit, in words, in place
# of Play; a wheel whose one prize has a budget of 1 pays it once, then
# its published fallback, said as a notice; the badge wall; a survey
# answered question by question.
jf game import "$top_srcdir/tests/kiosk/script/tiny-game.json" >/dev/null
start_kiosk 132 43
click '( ) 中文'
login 8800000001 1234
wait_for '游戏：刮刮乐和转盘'
click '游戏：刮刮乐和转盘'
wait_for '小预算转盘'
click '幸运转盘'
wait_for '这个游戏每天可玩 1 次，今天的次数已用完。'
click 'Esc 返回'
wait_gone '这个游戏每天可玩 1 次'
click '小预算转盘'
wait_for '[ 花 10 积分玩 ]'
click '[ 花 10 积分玩 ]'
wait_for '花 10 积分玩“小预算转盘”吗？'
keys Enter
wait_for '返回游戏'
wait_for '您赢得10 积分：已加入您的余额。'
click '返回游戏'
wait_for '[ 花 10 积分玩 ]'
click '[ 花 10 积分玩 ]'
wait_for '花 10 积分玩“小预算转盘”吗？'
keys Enter
wait_for '抽中的是10积分，但其预算已用完；按规则改发谢谢参与。'
[ "$(sql "SELECT group_concat(paid) FROM game_play WHERE game = 'tiny' ORDER BY id")" = 0,1 ] &&
	pass || fail "the tiny wheel did not pay its prize once, then thanks"
click '返回游戏'
wait_for '[ 花 10 积分玩 ]'
click 'Esc 返回'
wait_gone '[ 花 10 积分玩 ]'
click 'Esc 返回'
wait_for '5  徽章和任务'
click '5  徽章和任务'
wait_for '绿色生活徽章'
wait_for '集齐全部徽章的大奖'
keys Escape
wait_for '6  问卷'
click '6  问卷'
wait_for '积分权益问卷（20 积分）'
click '积分权益问卷（20 积分）'
wait_for '第 1 题，共 3 题'
click '粮油食品'
wait_for '第 2 题，共 3 题'
keys 1
keys Enter
wait_for '第 3 题，共 3 题'
keys 5
wait_for '感谢您的填写！'
[ "$(sql "SELECT count(*) FROM survey_taken WHERE card = '8800000001'")" = 1 ] &&
	pass || fail "the survey is not answered"
stop_kiosk

if jf verify >"$T/verify" 2>&1; then pass; else fail "jifen verify: $(cat "$T/verify")"; fi
finish
