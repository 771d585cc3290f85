#!/bin/sh
# Family: the members of the family with their green points as `jifen
# family list` reads them, the owner and the member marked; a transfer of
# green points to another member, in steps (choose, amount, PIN, done),
# by keys and by touch, in both languages. What the member can put right
# is refused in words and writes nothing: a wrong PIN, more than they
# have, more than the day's limit, nothing, themselves, garbage. A double
# Enter sends once; Esc steps back; too many wrong PINs lock the card and
# end the visit. A member in no family is told how to get one.
. "$(dirname "$0")/lib.sh"

WANG=8800000001
LI=8800000002
ALICE=8800000003

# A low daily limit, so the test can reach it.
sed -i 's/^daily_green_limit = .*/daily_green_limit = 50/' "$CONF"
grep -q '^daily_green_limit = 50$' "$CONF" && pass ||
	fail "the test's config has no daily_green_limit to lower"

# member CARD FIELD: a figure of `jifen --json family list` for CARD.
member() {
	jf --json family list | jq -r ".[] | select(.card == \"$1\") | .$2"
}
# green CARD: the member's green points, as `jifen balance` reads them.
green() {
	jf --json balance "$1" | jq -r .green
}
# transfers: 王芳's transfers today.
transfers() {
	jf --json history $WANG --limit 10000 |
		jq '[.[] | select(.type == "transfer" and (.time | startswith("2026-11-24")))] | length'
}
# figures NAME GREEN POINTS: the list's row of NAME shows these numbers.
figures() {
	_got=$(capture | grep -m1 -E "^   [> ] $1( |$)" | awk '{ print $(NF - 1), $NF }')
	[ "$_got" = "$2 $3" ] && pass || fail "$1 shows '$_got', the ledger says '$2 $3'"
}
# unchanged WHAT: nothing was written: 王芳's and 李明's green points and
# 王芳's transfers today are still "$want".
unchanged() {
	[ "$(green $WANG) $(green $LI) $(transfers)" = "$want" ] && pass ||
		fail "$1 wrote to the ledger: $(green $WANG) $(green $LI) $(transfers), not $want"
}

# The family as the ledger has it: 王芳 owns it, 李明 is in it.
[ "$(member $WANG family) $(member $WANG owner)" = "王家 true" ] && pass ||
	fail "王芳 does not own the family 王家"
[ "$(member $LI family) $(member $LI owner)" = "王家 false" ] && pass ||
	fail "李明 is not in the family 王家"
[ "$(green $WANG) $(green $LI)" = "80 106" ] && pass ||
	fail "the demo's green points are $(green $WANG) $(green $LI), not the 80 106 this test counts on"

start_kiosk 80 24
login $WANG 1234
wait_for 'Hello, 王芳'
type_text 4
wait_for 'Family: 王家'
expect_screen family-en-80x24
figures 王芳 "$(member $WANG green)" "$(member $WANG points)"
figures 李明 "$(member $LI green)" "$(member $LI points)"
wait_for '王芳 (owner) (you)'
wait_for '> 李明' "the first member to send to is not chosen"
wait_for 'Daily limit: 50 green points (0 sent today).'

# Oneself is no one to send to.
keys Up
wait_for '> 王芳'
keys Enter
wait_for 'You cannot send green points to yourself. Choose another member.'
keys Down
wait_for '> 李明'

# 20 green points to 李明: amount, PIN, done.
keys Enter
wait_for 'Send green points to 李明'
wait_for 'You can send 80 green points now.'
type_text 20
wait_for 'Amount  [20_'
expect_screen family-amount-en-80x24
keys Enter
wait_for 'Send 20 green points to 李明'
type_text 1234
wait_for 'PIN          [****_'
keys Enter
wait_for 'Sent 20 green points to 李明.'
wait_for 'You now have 60 green points.'
[ "$(green $WANG) $(green $LI)" = "60 126" ] && pass ||
	fail "after sending 20, the ledger has $(green $WANG) $(green $LI), not 60 126"
[ "$(transfers)" = 1 ] && pass || fail "the history shows $(transfers) transfers, not 1"
last=$(jf --json history $WANG | jq -r '.[0] | "\(.type) \(.kind) \(.points)"')
[ "$last" = "transfer green -20" ] && pass || fail "王芳's last entry is '$last'"
last=$(jf --json history $LI | jq -r '.[0] | "\(.type) \(.kind) \(.points)"')
[ "$last" = "transfer green 20" ] && pass || fail "李明's last entry is '$last'"
# The kiosk wrote it as the member logged in there, not as the shell user.
wang_id=$(sqlite3 "$DB" "SELECT id FROM member WHERE card = '$WANG'")
last=$(jf --json history $WANG | jq -r '.[0].actor')
[ "$last" = "member:$wang_id" ] && pass || fail "the kiosk's transfer was written by '$last'"
figures 王芳 "$(member $WANG green)" "$(member $WANG points)"
figures 李明 "$(member $LI green)" "$(member $LI points)"
keys Enter
wait_for 'Choose a member with the arrows'
wait_for 'Daily limit: 50 green points (20 sent today).'
want="60 126 1"

# More than the day's limit (20 + 31 > 50): refused with the limit shown.
keys Enter
wait_for 'Send green points to 李明'
type_text 31
wait_for 'Amount  [31_'
keys Enter
wait_for 'That is over the daily limit of 50 green points (20 sent today).'
wait_for 'Amount  [_'
unchanged "an amount over the daily limit"

# More than 王芳 has.
type_text 61
wait_for 'Amount  [61_'
keys Enter
wait_for 'You need 1 more green point for this (you have 60).'
unchanged "an amount over the available green points"

# Nothing, and no amount at all.
type_text 0
wait_for 'Amount  [0_'
keys Enter
wait_for 'Type how many green points to send: at least 1.'
keys Escape
wait_for 'Choose a member with the arrows'
keys Enter
wait_for 'Amount  [_'
keys Enter
wait_for 'Type how many green points to send: at least 1.'

# Garbage: letters, control characters, Chinese, 10 000 digits. Each is
# refused as a whole, and the field stays in its box.
for junk in 12a "$(printf '1\0012')" "$(printf '7\t8')" 中文 \
	"$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%d", i % 10 }')"; do
	type_text "$junk"
	keys Enter
	wait_for 'That is not an amount of green points. Type it in digits.'
	wait_for 'Amount  [_         ]'
	keys Escape
	wait_for 'Choose a member with the arrows'
	keys Enter
	wait_for 'Amount  [_'
done
unchanged "garbage in the amount field"
# Backspace takes back a digit.
type_text 123
keys BSpace
wait_for 'Amount  [12_'

# Esc steps back one step: PIN to amount (which stays), amount to the
# list, the list to home.
keys Enter
wait_for 'Send 12 green points to 李明'
type_text 12
wait_for 'PIN          [**_'
keys Escape
wait_for 'Amount  [12_'
keys Escape
wait_for 'Choose a member with the arrows'
keys Escape
wait_for 'Hello, 王芳'
unchanged "stepping back"

# A wrong PIN says so, counts, and writes nothing.
type_text 4
wait_for 'Family: 王家'
keys Enter
type_text 5
wait_for 'Amount  [5_'
keys Enter
wait_for 'Send 5 green points to 李明'
type_text 9999
wait_for 'PIN          [****_'
keys Enter
wait_for 'Wrong PIN. 4 more wrong PINs lock the card.'
wait_for 'PIN          [_'
unchanged "a wrong PIN"
[ "$(sqlite3 "$DB" "SELECT pin_failures FROM member WHERE card = '$WANG'")" = 1 ] &&
	pass || fail "the wrong PIN was not counted"

# A double Enter on the PIN sends once.
type_text 1234
wait_for 'PIN          [****_'
keys Enter Enter
wait_for 'You can send 55 green points now.'
sleep 1
[ "$(green $WANG) $(green $LI) $(transfers)" = "55 131 2" ] && pass ||
	fail "a double Enter left $(green $WANG) $(green $LI) $(transfers), not 55 131 2"
figures 王芳 55 "$(member $WANG points)"
figures 李明 131 "$(member $LI points)"

# By touch alone: the member, the keypad, OK.
click '李明'
wait_for 'Amount  [_'
click '[  3  ]'
wait_for 'Amount  [3_'
click '[  OK ]'
wait_for 'Send 3 green points to 李明'
for d in 1 2 3 4; do
	click "[  $d  ]"
	wait_for "PIN          [$(printf '%*s' $d '' | tr ' ' '*')_"
done
click '[  OK ]'
wait_for 'Sent 3 green points to 李明.'
click '[ OK ]'
wait_for 'You can send 52 green points now.'
[ "$(green $WANG) $(green $LI) $(transfers)" = "52 134 3" ] && pass ||
	fail "the touch transfer left $(green $WANG) $(green $LI) $(transfers), not 52 134 3"
keys Escape
wait_for 'Hello, 王芳'
keys Escape
wait_for 'You are logged out. Goodbye!'

# In Chinese: the same list, and the transfer's words.
keys Right
login $WANG 1234
wait_for '王芳，您好'
type_text 4
wait_for '家庭：王家'
expect_screen family-zh-80x24
figures 王芳 52 "$(member $WANG points)"
keys Enter
wait_for '向李明转赠绿色积分'
type_text 23
keys Enter
wait_for '超出每日上限 50 绿色积分（今日已转赠 28）。'

# A taller, wider screen: the same list, the columns further apart.
start_kiosk 132 43
login $WANG 1234
wait_for 'Hello, 王芳'
type_text 4
wait_for 'Family: 王家'
expect_screen family-en-132x43

# A member in no family: told how to get one, and only the way back.
[ -z "$(member $ALICE family)" ] && pass || fail "Alice Chen is in a family"
start_kiosk 80 24
login $ALICE 3456
wait_for 'Hello, Alice Chen'
type_text 4
wait_for 'You are not in a family.'
expect_screen family-none-en-80x24
keys Enter
wait_for 'Hello, Alice Chen'
type_text 4
wait_for 'You are not in a family.'
click '[ Back ]'
wait_for 'Hello, Alice Chen'
keys Escape
wait_for 'You are logged out. Goodbye!'

# The limit reached between the amount and the PIN (a transfer at the
# counter meanwhile): the ledger refuses, the member is told why, and the
# kiosk writes nothing.
login $WANG 1234
wait_for 'Hello, 王芳'
type_text 4
wait_for 'Family: 王家'
keys Enter
type_text 10
wait_for 'Amount  [10_'
keys Enter
wait_for 'Send 10 green points to 李明'
jf transfer $WANG $LI 15 --ref COUNTER-1 --green >/dev/null || fail "cannot transfer at the counter"
type_text 1234
wait_for 'PIN          [****_'
keys Enter
wait_for 'That is over the daily limit of 50 green points (43 sent today).'
wait_for 'Amount  [_'
want="37 149 4"
unchanged "a transfer over the limit reached meanwhile"
keys Escape
wait_for 'Choose a member with the arrows'
keys Escape
wait_for 'Hello, 王芳'
keys Escape
wait_for 'You are logged out. Goodbye!'

# A family longer than the screen: the list scrolls to keep the chosen
# member in sight, arrows say there is more, and a long name is cut to its
# column (never into the numbers).
i=1
while [ $i -le 7 ]; do
	name="成员$i"
	[ $i = 7 ] && name=$(printf '长%.0s' $(seq 64))
	jf member add 880000010$i --name "$name" >/dev/null &&
		jf family add 王家 880000010$i >/dev/null || fail "cannot add member $i to 王家"
	i=$((i + 1))
done
[ "$(jf --json family list 王家 | jq length)" = 9 ] && pass || fail "王家 has not 9 members"
login $WANG 1234
wait_for 'Hello, 王芳'
type_text 4
wait_for 'Family: 王家'
wait_for '↓'
if capture | grep -q '成员6'; then fail "the 80x24 list shows more than 6 members"; else pass; fi
keys Down Down Down Down Down Down Down
wait_for '> 长长长'
figures "长长长长长长长长长长长长长长长长长长长长长长…" 0 0
if capture | grep -q '王芳 (owner)'; then fail "the list did not scroll"; else pass; fi
wait_for '   ↑'
keys Up Up Up Up Up Up Up Up
wait_for '> 王芳'
keys Escape
wait_for 'Hello, 王芳'
keys Escape
wait_for 'You are logged out. Goodbye!'

# Too many wrong PINs lock the card and end the visit, as at the login;
# nothing is written.
login $WANG 1234
wait_for 'Hello, 王芳'
type_text 4
wait_for 'Family: 王家'
keys Enter
type_text 1
keys Enter
wait_for 'Send 1 green point to 李明'
lock_out
wait_for 'Scan your member card or type its number'
if capture | grep -q '王芳'; then fail "王芳 is still logged in after the lock"; else pass; fi
unchanged "a locked card"
finish
