#!/bin/sh
# Logging in: card then PIN (masked), the home screen with the member's
# name, points, green points and the points about to expire, any notice
# (once), the menu, logging out; and what a member is told when
# the card is unknown, has no PIN, or the PIN is wrong.
. "$(dirname "$0")/lib.sh"

# 张伟 gets a notice (an item delisted under his voucher: points back and
# a bonus) and keeps a voucher that holds some of his points; 李明 gets
# the same notice, and reads it in Chinese.
echo 2468 | jf grant 8800000004 4000 --reason 'kiosk test' --staff M01 --pin-stdin >/dev/null &&
	jf redeem 8800000004 CP-100-20 >/dev/null &&
	jf redeem 8800000004 AP-FAN >/dev/null &&
	echo 2468 | jf grant 8800000002 2500 --reason 'kiosk test' --staff M01 --pin-stdin >/dev/null &&
	jf redeem 8800000002 AP-FAN >/dev/null &&
	echo 2468 | jf catalog delist AP-FAN --compensate 100 --reason '这款风扇停产了' \
		--staff M01 --pin-stdin >/dev/null ||
	fail "cannot set up 张伟's voucher and notice"
zw_total=$(jf --json balance 8800000004 | jq -r .points)
zw_available=$(jf --json balance 8800000004 | jq -r .available)

# The numbers on the screen are the ledger's, as `jifen balance` reads them.
points=$(jf --json balance 8800000001 | jq -r .points)
green=$(jf --json balance 8800000001 | jq -r .green)

start_kiosk 80 24
expect_screen attract-en-80x24
enter_card 8800000001
wait_for 'Type your PIN (4 to 6 digits)'
type_text 12
wait_for '[**_    ]' "the PIN is not shown masked"
if capture | grep -q '12'; then fail "the PIN's digits are on the screen"; else pass; fi
type_text 34
keys Enter
expect_screen home-en-80x24
wait_for "Points                 $points" "home does not show the ledger's $points points"
wait_for "Green points             $green" "home does not show the ledger's $green green points"
wait_for "Hello, 王芳"

# The menu: arrows and Enter, a digit, or a touch open a screen, and Esc
# comes back home (the screens themselves have tests of their own).
keys Down Enter
wait_gone 'Hello, 王芳'
keys Escape
wait_for '> 2  Catalog' "home forgot the entry the member chose"
wait_for 'Hello, 王芳'
type_text 4
wait_gone 'Hello, 王芳'
keys Escape
wait_for '> 4  Family'
click '3  My vouchers'
wait_gone 'Hello, 王芳'
keys Escape
wait_for '> 3  My vouchers'

# Esc logs out, and says so on the attract screen.
keys Escape
wait_for 'You are logged out. Goodbye!'
wait_for 'Scan your member card or type its number'

# The same in Chinese; logging out brings back the kiosk's own language,
# with the goodbye in the member's.
keys Right
login 8800000003 3456
expect_screen home-zh-80x24
keys Escape
wait_for '您已退出登录，再见！'
wait_for 'Scan your member card or type its number'

# A card with no PIN yet, an unknown card, a wrong PIN.
enter_card 8800000005
wait_for 'This card has no PIN yet. Please set one at the counter.'
enter_card 8800000099
wait_for 'No member has this card. Please ask the staff.'
# A replaced card opens nothing; the new one opens the same member, same PIN.
jf member card 8800000003 8800000033 --staff S01 >/dev/null ||
	fail "cannot replace Alice Chen's card"
login 8800000033 3456
wait_for 'Hello, Alice Chen'
keys Escape
wait_for 'Scan your member card or type its number'
wait_gone 'No member has this card'
enter_card 8800000003
wait_for 'This card was replaced and works no more. Please use your new card.'
enter_card 8800000004
wait_for '[_      ]'
type_text 0000
keys Enter
wait_for 'Wrong PIN. 4 more wrong PINs lock the card.'
# A PIN too short to be one is a slip, not a guess: it is not counted.
type_text 12
keys Enter
wait_for 'A PIN has 4 to 6 digits. Please type it again.'
type_text 1111
keys Enter
wait_for 'Wrong PIN. 3 more wrong PINs lock the card.'
# The right PIN still opens, and the count starts again.
type_text 4567
keys Enter
wait_for 'Hello, 张伟'
wait_for "Points                 $zw_total" "home does not show 张伟's $zw_total points"
wait_for "available now        $zw_available" "home does not show the $zw_available points not held by vouchers"
wait_for 'Notices'
# In English, from the notice's message and numbers; the store's reason as typed.
# (The notice wraps in its column: each piece is one row.)
wait_for '* Desk Fan is no longer offered (这' "home does not show 张伟's notice"
wait_for '款风扇停产了). Your 2500 points' "张伟's notice does not say the points back"
wait_for 'are back, plus a bonus of 100' "张伟's notice does not say the bonus"
[ "$(sqlite3 "$DB" "SELECT pin_failures FROM member WHERE card = '8800000004'")" = 0 ] &&
	pass || fail "the count of wrong PINs was not reset by the right one"

# A notice is told once: it stays on home while the visit lasts, and the
# next visit starts without it (the ledger keeps it, marked seen).
keys Down Enter
wait_for 'Page 1 of'
keys Escape
wait_for '* Desk Fan is no longer offered' "the notice left home within the visit"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM notice n JOIN member m ON m.id = n.member_id
	WHERE m.card = '8800000004' AND n.seen = 1")" = 1 ] &&
	pass || fail "the notice shown to 张伟 is not marked seen"
# Seen by the member logged in, at this kiosk.
[ "$(sqlite3 "$DB" "SELECT n.seen_by = 'member:' || m.id AND n.seen_terminal <> ''
	AND n.seen_at <> 0 FROM notice n JOIN member m ON m.id = n.member_id
	WHERE m.card = '8800000004'")" = 1 ] &&
	pass || fail "the notice seen does not name 张伟 and the kiosk"
keys Escape
wait_for 'You are logged out. Goodbye!'
login 8800000004 4567
wait_for 'Hello, 张伟'
wait_for 'Menu'
if capture | grep -q 'Notices'; then fail "a notice already shown is shown again"; else pass; fi

# A member reading Chinese reads the same notice in Chinese.
keys Escape
wait_for 'You are logged out. Goodbye!'
keys Right
login 8800000002 2345
wait_for '李明，您好'
wait_for '* 桌面小风扇 已停止兑换（这款风扇停' "李明's notice is not in Chinese"
wait_for '产了）。您的 2500 积分 已退回，另' "李明's notice does not say the points back"
wait_for '赠 100 积分。' "李明's notice does not say the bonus"
if capture | grep -q -e 'Desk Fan' -e 'points'; then fail "English in a Chinese notice"; else pass; fi
finish
