#!/bin/sh
# Every counter flow end to end in a real terminal (tmux), as a cashier
# works them: twice, on a demo ledger each, in English at 80x24 by keys and
# in Chinese at 132x43 by touch (lib.sh's click on the entries, the fields,
# the keypad and the key bar; text is typed or scanned, as at a real
# counter). The flows: the staff sign-in, a wrong PIN then the right one;
# a member brought by a scan and by phone; a scan that is nothing and a
# forged voucher code, refused; a purchase, its points shown before and the
# new balance after; the seed's example, a 200.00 yuan bill half paid by
# 10,000 points (100 points a yuan), a wrong member PIN first, 100.00 left
# in cash, then undone; a refund after the points were spent (the
# shortfall as cash kept back); a cashier refused the manager's screen and
# the manager granting points there; a task confirmed and a game played
# for the member (tasks and games). After each, `jifen verify` passes and
# the command line shows what the screen said.
if ! command -v tmux >/dev/null 2>&1; then
	echo "counter_flows: SKIP: tmux is not installed"
	exit 77
fi
. "$(dirname "$0")/lib.sh"

KIOSK_COMMAND=counter

# t EN ZH: the words of this run's language.
t() {
	if [ "$lang" = zh ]; then printf '%s' "$2"; else printf '%s' "$1"; fi
}

# press KEY LABEL: KEY on the keyboard in the English run; in the Chinese
# run a touch on LABEL (an entry, a field's label, a key bar's word).
press() {
	if [ "$lang" = zh ]; then click "$2"; else keys "$1"; fi
}

# scan TEXT: as a scanner sends it, the text and Enter in one write.
scan() {
	type_text "$1$(printf '\r')"
}

# typed TEXT: TEXT typed into the field being edited, and seen there
# before anything else is sent: text and Enter in one burst would be a
# scan.
typed() {
	type_text "$1"
	wait_for "[$1_" "'$1' is not in its field"
}

# pin DIGITS: a PIN at the PIN dialog, typed, or touched on its keypad.
pin() {
	if [ "$lang" = zh ]; then
		_digits=$1 _stars=
		while [ -n "$_digits" ]; do
			_rest=${_digits#?}
			click "[  ${_digits%"$_rest"}  ]"
			_digits=$_rest
			# Each touch is seen in the field before the next: a busy
			# machine may take a while over one, and it is kept, not lost.
			_stars="$_stars*"
			wait_for "[${_stars}_"
		done
		click '[ 确定]'
	else
		type_text "$1"
		keys Enter
	fi
}

# cli WHAT REGEX ARGS: `jifen ARGS` prints a line matching REGEX (grep -E).
cli() {
	_what=$1 _re=$2
	shift 2
	if jf "$@" >"$T/cli" 2>&1 && grep -Eq -- "$_re" "$T/cli"; then
		pass
	else
		fail "$_what: jifen $* printed:
$(cat "$T/cli")"
	fi
}

# verified SCENARIO: `jifen verify` passes on what SCENARIO wrote.
verified() {
	if jf verify >"$T/verify" 2>&1; then
		pass
	else
		fail "jifen verify after $1 ($lang): $(cat "$T/verify")"
	fi
}

# points CARD N: the command line gives CARD a balance of N points.
points() {
	cli "the balance of $1" "^balance +$2 " balance "$1"
}

# A demo ledger of the run's own: 王芳 (8800000001, PIN 1234) has 13166
# points, enough for the most a 200.00 yuan bill takes; 陈小红
# (8800000005) earned 1000 points on R-SPENT and spent them all on a
# voucher that was handed over.
new_ledger() {
	DB=$T/ledger-$lang.db
	jf init --demo >/dev/null || { fail "jifen init --demo"; finish; }
	# The demo's festival doubles purchases: these flows count the store's
	# own rates (campaigns at the counter: tests/kiosk/campaign.sh).
	echo 2468 | jf campaign end double-11 --staff M01 --pin-stdin >/dev/null ||
		{ fail "campaign end"; finish; }
	echo 2468 | jf grant 8800000001 10000 --reason setup --staff M01 --pin-stdin >/dev/null
	jf earn 8800000005 1000.00 --ref R-SPENT >/dev/null
	jf redeem 8800000005 CP-100-20 --ref spend >/dev/null
	_spent=$(jf voucher list 8800000005 | awk 'NR == 2 { print $1 }')
	jf voucher redeem "$_spent" --staff S01 >/dev/null
	SHORT=$(jf voucher list 8800000002 | awk 'NR == 2 { print $1 }')
	CODE=$(jf voucher show "$SHORT" | sed -n 's/^voucher  *//p')
	FORGED=$(printf '%s' "$CODE" | sed 's/.$/Q/')
	[ "$FORGED" = "$CODE" ] && FORGED=$(printf '%s' "$CODE" | sed 's/.$/R/')
}

# closed: the closed counter, in the kiosk's own language (English) until
# Chinese is chosen there by touch.
closed() {
	wait_for 'The counter is closed'
	if [ "$lang" = zh ]; then
		click '[ 中文 ]'
		wait_for '收银台已关闭'
	fi
}

# The closed counter; the cashier's card, a wrong PIN, the right one.
flow_sign_in() {
	closed
	scan 9900000002
	wait_for "$(t 'Open the counter: 周收银' '开启收银台：周收银')"
	pin 0000
	wait_for "$(t 'Wrong PIN. 4 more wrong PINs lock the card.' '密码错误。再错 4 次，这张卡将被锁定。')"
	pin 1357
	wait_for "$(t 'Cashier 周收银 (S01)' '收银员 周收银（S01）')"
	wait_for "$(t 'No member at the counter' '柜台前暂无会员')"
	cli "the cashier" '^S01 +9900000002 +cashier +enabled +周收银' staff list
	verified sign-in
}

# 王芳 by her card scanned, 张伟 by his phone, then 王芳 again.
flow_member() {
	scan 8800000001
	wait_for "$(t '王芳 is at the counter.' '王芳 已在柜台。')"
	wait_for "$(t 'Points 13166' '积分 13166')"
	points 8800000001 13166
	press m "$(t 'Find a member' '查找会员')"
	wait_for "$(t 'Phone    [' '手机    [')"
	if [ "$lang" = zh ]; then click '手机    ['; else keys Down; fi
	wait_for "$(t 'Phone    [_' '手机    [_')"
	typed 139-0000-0004
	press Enter 'Enter 查找'
	wait_for "$(t '张伟 is at the counter.' '张伟 已在柜台。')"
	wait_for '139-****-0004'
	points 8800000004 408
	cli "张伟's phone" '8800000004' member find 139-0000-0004
	scan 8800000001
	wait_for "$(t '王芳 is at the counter.' '王芳 已在柜台。')"
	verified "the member"
}

# A scan that is no card nor code; a voucher code with one character
# changed: refused, and the voucher is as it was.
flow_bad_scans() {
	scan 'ABC!DEF123'
	wait_for "$(t 'That is neither a member card nor a voucher code. Scan it again.' \
		'这既不是会员卡也不是兑换券码，请重新扫描。')"
	scan "$FORGED"
	wait_for "$(t 'NOT A VOUCHER OF THIS STORE' '不是本店的兑换券')"
	wait_for "$(t 'The code was altered, mistyped or made by another store.' \
		'此码被改动、输错或来自其他门店。')"
	press Enter 'Enter 完成'
	wait_for "$(t 'Shift report and slips' '班次报表和小票')"
	cli "the voucher scanned forged" '^state +issued$' voucher show "$SHORT"
	verified "the bad scans"
}

# A purchase of 199.00 yuan: 199 points shown before, awarded, the new
# balance.
flow_purchase() {
	press p "$(t 'Purchase: award points' '购物：发放积分')"
	wait_for "$(t 'Points for a purchase' '购物积分')"
	typed R-100
	press Tab "$(t 'Amount (yuan)' '金额（元）')"
	typed 199.00
	wait_for "$(t 'This purchase earns 199 points.' '本次购物可得 199 积分。')"
	press Enter 'Enter 下一步'
	wait_for "$(t 'Award these points to the member?' '为会员发放这些积分？')"
	press Enter 'Enter 是，发放'
	wait_for "$(t 'Awarded 199 points for receipt R-100.' '已发放 199 积分（小票 R-100）。')"
	wait_for "$(t 'New balance: 13365 points.' '新余额：13365 积分。')"
	points 8800000001 13365
	cli "the purchase" '^.* earn +\+199 +points +earn:R-100 +staff:S01 ' history 8800000001
	press Escape 'Esc 完成'
	wait_for "$(t 'Shift report and slips' '班次报表和小票')"
	verified "the purchase"
}

# The seed's example: a 200.00 yuan bill, the most it takes (10000 points,
# 50%) filled in, 100.00 paid by points and 100.00 left in cash, the
# member's PIN wrong first; then undone, the points back.
flow_offset() {
	press o "$(t 'Points pay part of a bill' '积分抵扣')"
	wait_for "$(t 'Sale ref' '销售单号')"
	typed S-200
	press Tab "$(t 'Bill (yuan)' '账单（元）')"
	typed 200.00
	press Enter 'Enter 下一步'
	wait_for '[10000_'
	press Enter 'Enter 下一步'
	wait_line "$(t 'Cash to pay +¥100\.00' '需另付现金 +¥100\.00')"
	wait_line "$(t 'Paid by points +¥100\.00' '积分抵扣 +¥100\.00')"
	press Enter 'Enter 会员密码'
	wait_for "$(t 'Pay ¥100.00 with 10000 points' '用 10000 积分 抵扣 ¥100.00')"
	pin 9999
	wait_for "$(t 'Wrong PIN. 4 more wrong PINs lock the card.' '密码错误。再错 4 次，这张卡将被锁定。')"
	points 8800000001 13365
	pin 1234
	wait_for "$(t 'Points paid part of sale S-200.' '积分已抵扣销售单 S-200 的部分金额。')"
	wait_line "$(t 'Cash to pay +¥100\.00' '需另付现金 +¥100\.00')"
	wait_line "$(t 'New balance +3365 points' '新余额 +3365 积分')"
	points 8800000001 3365
	cli "the offset" '^.* offset +-10000 +points +offset:S-200 +staff:S01 ' history 8800000001
	verified "the offset"
	press BSpace 'Bksp 撤销：退还积分'
	wait_for "$(t 'Gave back 10000 points to the member' '已退还会员 10000 积分')"
	wait_for "$(t 'Collect the whole bill, ¥200.00, another way.' '请以其他方式收取全部账单 ¥200.00。')"
	wait_for "$(t 'New balance: 13365 points.' '新余额：13365 积分。')"
	points 8800000001 13365
	cli "the offset undone" '^.* offset_undo +\+10000 +points +offset_undo:S-200 +staff:S01 ' \
		history 8800000001
	press Enter 'Enter 完成'
	wait_for "$(t 'Shift report and slips' '班次报表和小票')"
	verified "the offset undone"
}

# Half of R-SPENT comes back, but its 1000 points were spent: nothing to
# take back, the shortfall kept back from the refund in cash.
flow_refund() {
	press u "$(t 'Goods returned' '退货：整单或部分')"
	wait_for "$(t 'Amount back (yuan)' '退款金额（元）')"
	typed R-SPENT
	press Enter 'Enter 下一步'
	wait_for "$(t 'This receipt earned 1000 points (card 8800000005).' \
		'此小票获得 1000 积分（卡号 8800000005）。')"
	typed 500
	press Enter 'Enter 下一步'
	wait_for "$(t 'SHORTFALL: 500 points already spent. Keep back ¥500.00 from the refund.' \
		'积分不足：500 积分 已被使用。请从退款中扣除 ¥500.00。')"
	wait_for "$(t 'Refund in cash: ¥0.00.' '退还现金：¥0.00。')"
	press Enter 'Enter 是，扣回'
	wait_for "$(t 'Return of receipt R-SPENT recorded.' '小票 R-SPENT 的退货已记录。')"
	points 8800000005 0
	_slip=$(capture | sed -n "$(t 's/.*slip \([0-9]*\) kept.*/\1/p' 's/.*小票 \([0-9]*\) 已保存.*/\1/p')")
	# The slip is in the store's language (Chinese) in both runs.
	cli "the refund's slip" '^未能扣回 +500$' slip show "$_slip"
	cli "the refund's slip" '^扣回积分 +0$' slip show "$_slip"
	press Enter 'Enter 完成'
	wait_for "$(t 'Shift report and slips' '班次报表和小票')"
	verified "the refund"
}

# The cashier opens the manager's screen: refused, nothing written. The
# manager signs in and grants 王芳 50 points there.
flow_manager() {
	press g "$(t 'Manager: delist' '店长：下架')"
	wait_for "$(t 'Only a manager may do this. Please call a manager.' '只有店长可以进行此操作，请找店长。')"
	wait_for "$(t 'Shift report and slips' '班次报表和小票')"
	points 8800000001 13365
	verified "the cashier refused"
	press s "$(t 'Sign out' '签退')"
	closed
	scan 9900000001
	wait_for "$(t 'Open the counter: 刘经理' '开启收银台：刘经理')"
	pin 2468
	wait_for "$(t 'Manager 刘经理 (M01)' '店长 刘经理（M01）')"
	scan 8800000001
	wait_for "$(t '王芳 is at the counter.' '王芳 已在柜台。')"
	press g "$(t 'Manager: delist' '店长：下架')"
	wait_line '^ +> 1  '
	press 3 "$(t 'Goodwill points for this member' '给该会员赠送积分')"
	wait_line "$(t '^ +Points +\[_' '^ +积分 +\[_')"
	typed 50
	keys Enter
	typed 'sorry for the wait'
	keys Enter
	wait_for "$(t '王芳 (card 8800000001) is given 50 points.' '赠送 50 积分 给 王芳（卡号 8800000001）。')"
	press Enter 'Enter 是，执行'
	wait_for "$(t 'Gave 50 points to card 8800000001.' '已赠送 50 积分 给卡号 8800000001。')"
	points 8800000001 13415
	cli "the grant" '^.* grant +\+50 +points .* staff:M01 ' history 8800000001
	verified "the manager's grant"
}

# Tasks and games for 王芳: a green habit she shared, confirmed
# by the staff (her badge), confirmed again (already done this month);
# the wheel played for her in view (its outcome), again (the daily limit
# in words); back to the counter's home.
flow_games() {
	press Enter 'Enter 完成'
	wait_for "$(t 'Goodwill points for this member' '给该会员赠送积分')"
	press Escape 'Esc 返回'
	wait_for "$(t 'Shift report and slips' '班次报表和小票')"
	press a "$(t 'Tasks and games' '任务和游戏')"
	wait_for "$(t 'Tasks and games at the counter' '柜台任务和游戏')"
	press Enter "$(t 'Share a green habit' '分享绿色消费经验')"
	wait_for "$(t 'Did 王芳 do this: Share a green habit?' '王芳 是否完成了：分享绿色消费经验？')"
	press Enter 'Enter 确认'
	wait_for "$(t 'Confirmed: Share a green habit. 王芳 gets Badge: Green voice.' \
		'已确认：分享绿色消费经验。王芳 获得 徽章：绿色之声。')"
	cli "the habit confirmed" '^\[x\] green-share' task progress 8800000001 --lang en
	press Enter "$(t 'Share a green habit' '分享绿色消费经验')"
	wait_for "$(t 'Share a green habit was already done in this period' '分享绿色消费经验 本期')"
	if [ "$lang" = zh ]; then click '幸运转盘'; else keys Down Down Down Enter; fi
	wait_for "$(t 'Play Lucky Wheel for 王芳 (50 points)?' '为 王芳 玩 幸运转盘（50 积分）？')"
	press Enter 'Enter 确认'
	wait_for "$(t 'Drawn: ' '抽中：')"
	cli "the wheel played" '^.* game +-50 +points +game:counter-' history 8800000001
	if [ "$lang" = zh ]; then click '幸运转盘'; else keys Enter; fi
	wait_for "$(t 'This game can be played 1 time a day' '每天可玩 1 次')"
	verified "the tasks and games"
	press Escape 'Esc 返回'
	wait_for "$(t 'Shift report and slips' '班次报表和小票')"
}

# FLOW_LANGS=zh (or en) runs one of the two, while working on it.
for lang in ${FLOW_LANGS:-en zh}; do
	new_ledger
	if [ "$lang" = zh ]; then start_kiosk 132 43; else start_kiosk 80 24; fi
	flow_sign_in
	flow_member
	flow_bad_scans
	flow_purchase
	flow_offset
	flow_refund
	flow_manager
	flow_games
	stop_kiosk
	verified "the $lang run"
done
finish
