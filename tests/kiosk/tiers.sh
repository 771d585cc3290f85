#!/bin/sh
# Tiers and plans in a real terminal: the home screen says the member's
# tier and what the next one needs, the notice of the new tier, the plan's
# offers; an item new until a date is refused to a tier without early
# access with the reason, before asking and on Enter, at the tier's price,
# and redeemed by a tier with it at its price; in English at 80x24 and in
# Chinese at 132x43, by keys and by touch. `jifen verify` after.
. "$(dirname "$0")/lib.sh"

cat >>"$CONF" <<'EOF'

[tier basic]
name_zh = 普通
name_en = Basic
points = 0

[tier silver]
name_zh = 银卡
name_en = Silver
points = 1000
earn_percent = 110
discount_percent = 5

[tier gold]
name_zh = 金卡
name_en = Gold
points = 3000
earn_percent = 150
discount_percent = 10
early_access = yes
EOF
cat >"$T/new.csv" <<'EOF'
sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until,early_tiers
AP-NEWFAN,新款电风扇,New Electric Fan,appliances,goods,400,,,,5,0,,,2026-11-30,
EOF
jf catalog import "$T/new.csv" >/dev/null || fail "cannot import the new fan"
# 王芳 earned 3166 in 12 months (gold); 李明 1288 (silver).
jf daily >/dev/null || fail "the daily job"
printf '2468\n' | jf plan set 8800000001 --percent 200 --until 2026-12-31 --why 'best customer' \
	--offer 'Free delivery of appliances' --staff M01 --pin-stdin >/dev/null || fail "plan set"
[ "$(jf --json tier show 8800000002 | jq -r .tier)" = silver ] && pass || fail "李明 is not silver"

# ---- 李明, silver: refused the new fan until 2026-11-30 ----
start_kiosk 80 24
login 8800000002 2345
wait_for 'Hello, 李明'
wait_for 'Silver · 1712 more points to Gold'
wait_for 'Congratulations: you are now a'
click 'Catalog'
type_text NEWFAN
wait_for 'Search: NEWFAN_'
keys Enter
wait_for 'SKU           AP-NEWFAN'
wait_for 'Price         380 points'
wait_for 'New: for members of higher tiers until 2026-11-30.'
if capture | grep -q -F '[ Redeem ]'; then fail "a Redeem button for an early item"; else pass; fi
keys Enter
if capture | grep -q 'You will have'; then fail "Enter asked to redeem an early item"; else pass; fi
[ "$(sqlite3 "$DB" "SELECT count(*) FROM voucher v JOIN item i ON i.id = v.item_id WHERE i.sku = 'AP-NEWFAN'")" = 0 ] &&
	pass || fail "a voucher for an early item"

# ---- 王芳, gold with a plan, in Chinese at 132x43: redeems it at 10% off ----
start_kiosk 132 43
keys Right
login 8800000001 1234
wait_for '王芳，您好'
wait_for '金卡 · 最高等级'
wait_for '您的专属优惠'
wait_for 'Free delivery of appliances'
wait_for '恭喜：您已成为金卡会员。'
click '积分兑换'
wait_for '搜索： _'
type_text NEWFAN
wait_for '找到 1 件商品'
keys Enter
wait_for '编号       AP-NEWFAN'
wait_for '360 积分'
keys Enter
wait_for '用 360 积分兑换“新款电风扇”吗？'
keys Enter
await_voucher() {
	_i=0
	while [ $_i -lt 50 ]; do
		[ "$(sqlite3 "$DB" "SELECT coalesce(sum(v.points), 0) FROM voucher v JOIN item i ON i.id = v.item_id WHERE i.sku = 'AP-NEWFAN'")" = 360 ] && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
await_voucher && pass || fail "no voucher of 360 points for 王芳's fan"
stop_kiosk
jf verify >/dev/null && pass || fail "jifen verify after the screens"
finish
