#!/bin/sh
# Issue 12c in a real terminal: the birthday greeting on
# home after `jifen daily` gave 李明 his gift (once: not at the next
# visit), and "How points work" opened by a touch, paged by a touch on
# "more" and by keys, in English and Chinese, at 80x24 and 132x43; a
# changed config changes the page. `jifen verify` after each.
. "$(dirname "$0")/lib.sh"

CARD=8800000002 # 李明, born 30 November
PIN=2345

jf daily >/dev/null
start_kiosk 80 24
login $CARD $PIN
wait_for 'Happy birthday! Your gift: 200'
wait_for 'points, 1 free play of Lucky Wheel.'
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM birthday_gift WHERE greeted_at > 0')" = 1 ] && pass ||
	fail "the greeting was not recorded"
click 'How points work'
wait_for 'Earning points'
wait_for 'Every whole yuan you spend earns 1 point'
wait_for '↓ more'
click '↓ more'
wait_for '↑ more'
# The games come after the tiers, the campaigns and the other rules: page
# on until they show (a page at most each time).
for page in 1 2 3 4 5 6 7 8; do
	shows -F 'Lucky Wheel: 50 points a play' && break
	keys PageDown
	sleep 0.3
done
wait_for 'Lucky Wheel: 50 points a play, 1 play a day'
keys Escape
wait_for 'Log out'
keys Escape
wait_for 'Goodbye'
login $CARD $PIN
wait_for 'Hello, 李明'
shows -F 'Happy birthday' && fail "greeted twice" || pass
keys Escape
wait_for 'Goodbye'
jf verify >/dev/null && pass || fail "verify after the visits"

# Chinese, at 132x43: the whole page, in two columns; a changed config.
sed 's/^points_per_yuan = 1$/points_per_yuan = 3/' "$CONF" >"$T/three.conf"
KIOSK_CONF=$T/three.conf start_kiosk 132 43
wait_for '中文'
click '中文'
login $CARD $PIN
wait_for '李明，您好'
keys 7
wait_for '积分规则'
wait_for '每消费 1 整元得 3 积分'
wait_for '2 月 29 日出生？生日礼每年 2 月送出。'
shows -F '更多' && fail "132x43 does not show the whole page" || pass
keys Escape Escape
wait_for '再见'
jf verify >/dev/null && pass || fail "verify at the end"

finish
