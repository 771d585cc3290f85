#!/bin/sh
# The counter in a real terminal (tmux), where the script layer cannot
# look: a card and a voucher's code arrive as a scanner types them (all at
# once, then Enter) and are taken as scans; the voucher is handed over;
# scanned again, the band saying it was already redeemed is drawn in red
# (white on red, bold) across the whole width, at 80x24 and 132x43, in
# English and Chinese; a name typed in Chinese registers a member; and
# `jifen verify` passes on what the counter wrote.
. "$(dirname "$0")/lib.sh"

KIOSK_COMMAND=counter
SHORT=$(jf voucher list 8800000002 | awk 'NR == 2 { print $1 }')
CODE=$(jf voucher show "$SHORT" | sed -n 's/^voucher  *//p')

# scan TEXT: as a scanner sends it, the text and Enter in one write.
scan() {
	type_text "$1$(printf '\r')"
}

# red_band TEXT: the row showing TEXT is drawn white on red, and the red
# starts at the first column.
red_band() {
	_row=$(tm capture-pane -e -p -t kiosk | grep -F -- "$1")
	case $_row in
	"$(printf '\033')[41m"*) pass ;;
	*) fail "the row of '$1' is not a red band: $(printf '%s' "$_row" | cat -v)" ;;
	esac
}

start_kiosk 80 24 --staff S01
wait_for 'The counter is closed'
keys Enter
wait_for 'Open the counter: 周收银'
keys 1 3 5 7 Enter
wait_for 'No member at the counter'
scan 8800000001
wait_for '王芳 is at the counter.'
wait_for '138-****-8001'
scan "$CODE"
wait_for 'waiting to be handed over'
wait_for 'Belongs to    李明'
# The demo's voucher is a coupon: the bill is asked for, and it is used on it.
keys Enter
wait_for 'Bill (yuan)'
keys 6 0 Enter
wait_for 'COUPON USED'
keys Enter
wait_for 'Find a member: card or phone'
scan "$CODE"
wait_for 'ALREADY REDEEMED: DO NOT HAND OVER'
wait_for 'This voucher was already redeemed at 10:00 by staff S01'
red_band 'ALREADY REDEEMED'
# The member panel is still there, under the voucher.
wait_for '王芳   138-****-8001'

# Chinese, at 132x43.
start_kiosk 132 43 --staff S01 --lang zh
wait_for '收银台已关闭'
keys Enter
wait_for '开启收银台：周收银'
keys 1 3 5 7 Enter
wait_for '柜台前暂无会员'
scan "$CODE"
wait_for '已兑换过：请勿发放'
red_band '已兑换过'

# Typed slowly, a card number is keys, not a scan: the member screen takes
# the digits.
# The cashier's staff card scanned at the closed counter, then the PIN.
start_kiosk 80 24
wait_for 'The counter is closed'
scan 9900000002
wait_for 'Open the counter: 周收银'
keys 1 3 5 7 Enter
wait_for 'Cashier 周收银 (S01)'
wait_for 'No member at the counter'
for _d in 8 8 0 0 0 0 0 0 0 4; do
	type_text "$_d"
	sleep 0.05
done
wait_for '[8800000004_'
keys Enter
wait_for '张伟 is at the counter.'

# A name typed in Chinese, as an input method sends it (UTF-8), reaches
# the member desk's form whole; the member types the PIN twice.
type_text d
wait_for 'Register a new member'
type_text n
wait_for 'Card         [_'
for _d in 8 8 0 0 0 0 0 0 5 1; do
	type_text "$_d"
	sleep 0.05
done
wait_for '[8800000051_'
keys Enter
type_text '诸葛亮'
wait_for '[诸葛亮_'
keys Enter
keys Enter
keys Enter
type_text 1357
keys Enter
type_text 1357
keys Enter
wait_for '诸葛亮 is a member now, and at the counter.'

stop_kiosk
if jf member show 8800000051 | grep -q '^name  *诸葛亮$'; then
	pass
else
	fail "the member typed in Chinese: $(jf member show 8800000051 2>&1 | head -3)"
fi
if jf verify >"$T/verify" 2>&1; then
	pass
else
	fail "jifen verify: $(cat "$T/verify")"
fi
finish
