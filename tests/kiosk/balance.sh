#!/bin/sh
# Balance and history: the member's balance split by kind (total, held by
# vouchers, pending, available now) with the figures `jifen balance` reads,
# the lots expiring soon, and the history newest first with each entry in
# words, paged by keys (PgUp/PgDn, arrows) and by touch, in both languages;
# a taller screen shows more lines a page.
. "$(dirname "$0")/lib.sh"

# 王芳 gets enough history for two pages at 80x24 (the demo gives her 6
# entries): bonuses an hour apart this morning (the ledger never stamps an
# entry before its last one, which the demo made yesterday), a green one
# among them, and a voucher that holds some of her points (a hold, not an
# entry: it is not in the history).
i=1
while [ $i -le 8 ]; do
	green=
	[ $i = 4 ] && green=--green
	# The demo's manager grants them (a grant needs a manager's PIN).
	echo 2468 | JIFEN_NOW=2026-11-24T0$i:00:00 jf grant 8800000001 $((i * 10)) $green \
		--reason "bonus $i" --staff M01 --pin-stdin >/dev/null || fail "cannot grant bonus $i"
	i=$((i + 1))
done
jf redeem 8800000001 CP-100-20 >/dev/null || fail "cannot redeem a voucher for 王芳"

json=$(jf --json balance 8800000001)
fig() { printf '%s\n' "$json" | jq -r ".$1"; }
lines=$(jf --json history 8800000001 --limit 10000 | jq length)
[ "$lines" = 14 ] && pass ||
	fail "王芳 has $lines history entries, not the 14 this test counts on"

# figures LABEL POINTS GREEN: the table's row LABEL shows these numbers
# (the table is the left 46 columns; the expiring lots are beside it).
figures() {
	_got=$(capture | grep -m1 "^   $1  " | cut -c1-46 | awk '{ print $(NF - 1), $NF }')
	[ "$_got" = "$2 $3" ] && pass || fail "$1 shows '$_got', the ledger says '$2 $3'"
}

start_kiosk 80 24
login 8800000001 1234
wait_for 'Hello, 王芳'
type_text 1
expect_screen balance-en-80x24
figures Total "$(fig points)" "$(fig green)"
figures 'Held by vouchers' "$(fig held)" "$(fig held_green)"
figures Pending "$(fig pending)" "$(fig pending_green)"
figures 'Available now' "$(fig available)" "$(fig available_green)"
[ "$(fig held)" -gt 0 ] && pass || fail "the voucher holds none of 王芳's points"
exp=$(printf '%s\n' "$json" | jq -r '.expiring[0] | "\(.date)  \(.points) points"')
wait_for "$exp" "the lot expiring first is not shown as '$exp'"

# Newest first: the last bonus, then the others; the oldest entry (her
# first purchase) is on the second page, not the first.
wait_for '2026-11-24 08:00  Bonus  bonus 8'
wait_for 'Page 1 of 2'
wait_for '2026-11-15 10:00  Refund                                 -199 points'
if capture | grep -q '2025-12-19'; then fail "page 1 shows the oldest entry"; else pass; fi
keys PageDown
wait_for 'Page 2 of 2'
wait_for '2025-12-19 10:00  Purchase' "page 2 does not end with the first purchase"
wait_for '-40 green points' "the family transfer is not shown as 40 green points out"
wait_for 'Family transfer'
if capture | grep -q 'bonus 8'; then fail "page 2 still shows page 1's lines"; else pass; fi
# No page after the last: no Next button, and Down changes nothing.
if capture | grep -q 'Next >'; then fail "the last page offers a next one"; else pass; fi
keys Down
keys PageDown
keys Up
wait_for 'Page 1 of 2' "Down on the last page did more than nothing"
keys PageDown
wait_for 'Page 2 of 2'
keys PageUp
wait_for 'Page 1 of 2'
keys Down
wait_for 'Page 2 of 2'
keys Up
wait_for 'Page 1 of 2'
if capture | grep -q '< Prev'; then fail "the first page offers a previous one"; else pass; fi
click 'Next >'
wait_for 'Page 2 of 2'
click '< Prev'
wait_for 'Page 1 of 2'
expect_screen balance-en-80x24

# Esc goes back home, still logged in.
keys Escape
wait_for 'Hello, 王芳'
wait_for '> 1  Balance and history'
keys Enter
wait_for 'Page 1 of 2'
keys Escape
wait_for 'Hello, 王芳'
keys Escape
wait_for 'You are logged out. Goodbye!'

# In Chinese: the words of the table and of the history, and the columns
# still line up around the double-width text.
keys Right
login 8800000001 1234
wait_for '王芳，您好'
type_text 1
expect_screen balance-zh-80x24
click '下一页 >'
wait_for '第 2 页，共 2 页'
wait_for '家庭转赠'

# A taller screen pages by more lines: all 14 entries on one page.
start_kiosk 132 43
login 8800000001 1234
wait_for 'Hello, 王芳'
type_text 1
wait_for 'Page 1 of 1'
wait_for '2025-12-19 10:00  Purchase' "the 132x43 screen does not show all 14 entries"
wait_for '2026-11-24 08:00  Bonus  bonus 8'

# The day after a lot's date, before the daily run: the points are still
# on the card but not spendable, and the table says where they went.
start_kiosk 80 24
login 8800000003 3456
wait_for 'Hello, Alice Chen'
type_text 1
wait_for 'Page 1 of'
if capture | grep -q 'Past their date'; then fail "a row of overdue points with none"; else pass; fi
KIOSK_NOW=2026-12-20T10:00:00 start_kiosk 80 24
login 8800000001 1234
wait_for 'Hello, 王芳'
type_text 1
json=$(JIFEN_NOW=2026-12-20T10:00:00 jf --json balance 8800000001)
[ "$(fig overdue)" -gt 0 ] && pass || fail "the demo has no lot of 王芳's due before 2026-12-20"
figures 'Past their date' "$(fig overdue)" "$(fig overdue_green)"
figures 'Available now' "$(fig available)" "$(fig available_green)"
wait_for 'removed at the next daily run'
finish
