#!/bin/sh
# One voucher at two counters at once: two `jifen counter` processes on one
# ledger, each in a tmux session of its own (lib.sh's start_beside): C01,
# the cashier S01 in English at 80x24, and C02, the manager M01 in Chinese
# at 132x43. In each of five rounds 王芳 redeems a fresh voucher (`jifen
# redeem`), both counters scan it and show it valid, and Enter is pressed
# at both as close together as tmux allows (one command sending both keys),
# C01 first in odd rounds, C02 first in even ones. Exactly one counter says
# to hand the goods over; the other shows the red ALREADY REDEEMED band,
# naming the one that did, and the voucher's state as it is now (handed
# over, not the state it had when scanned); the ledger has the voucher redeemed once (by
# the one that said so, one slip of it) and `jifen verify` passes. Which
# counter wins a round is not asserted: only that exactly one does.
if ! command -v tmux >/dev/null 2>&1; then
	echo "counter_two: SKIP: tmux is not installed"
	exit 77
fi
. "$(dirname "$0")/lib.sh"

KIOSK_COMMAND=counter
sed 's/^\[store\]$/[store]\nterminal = C01/' "$CONF" >"$T/c01.conf"
sed 's/^\[store\]$/[store]\nterminal = C02/' "$CONF" >"$T/c02.conf"

# scan TEXT: as a scanner sends it, the text and Enter in one write.
scan() {
	type_text "$1$(printf '\r')"
}

# outcome PANE HANDED REFUSED: once PANE shows either, said is "handed"
# or "refused" ("none" if it never does).
outcome() {
	said=none
	at "$1" wait_line "$2|$3" "$1 said neither that it handed the voucher over nor that it was redeemed" ||
		return 0
	if at "$1" shows -E "$2"; then said=handed; else said=refused; fi
}

KIOSK_CONF=$T/c01.conf start_kiosk 80 24
KIOSK_CONF=$T/c02.conf start_beside two 132 43 --lang zh
at kiosk wait_for 'The counter is closed'
at two wait_for '收银台已关闭'
at kiosk scan 9900000002
at two scan 9900000001
at kiosk wait_for 'Open the counter: 周收银'
at two wait_for '开启收银台：刘经理'
at kiosk type_text 1357
at two type_text 2468
at kiosk keys Enter
at two keys Enter
at kiosk wait_for 'Cashier 周收银 (S01)'
at two wait_for '店长 刘经理（M01）'

round=1
while [ $round -le 5 ]; do
	code=$(jf --json redeem 8800000001 HH-DISHSOAP-1L --ref "two-$round" | jq -r .voucher)
	short=$(jf --json voucher show "$code" | jq -r .short)
	at kiosk scan "$code"
	at two scan "$code"
	at kiosk wait_for "$short"
	at kiosk wait_for 'Press Enter to hand over the goods.'
	at two wait_for "$short"
	at two wait_for '按 Enter 发放商品'
	if [ $((round % 2)) = 1 ]; then
		tm send-keys -t kiosk Enter \; send-keys -t two Enter
	else
		tm send-keys -t two Enter \; send-keys -t kiosk Enter
	fi
	outcome kiosk 'Give the member: Dish Soap 1 L × 1' 'ALREADY REDEEMED: DO NOT HAND OVER'
	one=$said
	outcome two '交给会员：洗洁精 1L × 1' '已兑换过：请勿发放'
	two=$said
	case $one/$two in
	handed/refused)
		at two wait_for '这张兑换券已于 10:00 由 staff S01 在 C01 使用。'
		at two wait_line '^ +状态 +已发放$' "C02 shows the voucher's state as it was"
		by=S01
		;;
	refused/handed)
		at kiosk wait_for 'This voucher was already redeemed at 10:00 by staff M01, at C02.'
		at kiosk wait_line '^ +State +handed over$' "C01 shows the voucher's state as it was"
		at kiosk wait_for 'Bksp Goods brought back'
		by=M01
		;;
	*)
		fail "round $round: C01 $one, C02 $two: not exactly one handed the voucher over"
		by=none
		;;
	esac
	if jf --json voucher show "$short" >"$T/voucher" &&
		[ "$(jq -r '.state + " " + .redeemed_by' "$T/voucher")" = "redeemed staff:$by" ]; then
		pass
	else
		fail "round $round: the ledger's voucher $short is not redeemed by $by: $(cat "$T/voucher")"
	fi
	slips=$(jf slip list | grep -c -- " $short ")
	if [ "$slips" = 1 ]; then
		pass
	else
		fail "round $round: $slips slips of voucher $short, not one: $(jf slip list)"
	fi
	if jf verify >"$T/verify" 2>&1; then
		pass
	else
		fail "round $round: jifen verify: $(cat "$T/verify")"
	fi
	echo "round $round: C01 $one, C02 $two"
	at kiosk keys Enter
	at two keys Enter
	at kiosk wait_for 'Shift report and slips'
	at two wait_for '班次报表和小票'
	round=$((round + 1))
done

# Five vouchers of 300 points each, spent once each: 3166 - 1500.
if jf balance 8800000001 | grep -Eq '^balance +1666 ' && jf balance 8800000001 | grep -Eq '^held +0 '; then
	pass
else
	fail "王芳's balance after five vouchers: $(jf balance 8800000001)"
fi
stop_kiosk
finish
