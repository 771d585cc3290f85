#!/bin/sh
# Campaigns in a real terminal: the demo's running campaign (Double 11)
# shows its banner on the attract and home screens in both languages; a
# gift pack the member may claim is on home's banner row (G, or a touch),
# claimed once (the second claim says so) and its points and voucher land;
# the counter says which campaign gave how many points on a purchase, and
# gives a member's gift pack with K, once. `jifen verify` after each.
. "$(dirname "$0")/lib.sh"

CARD=8800000002 # 李明
PIN=2345

verify() {
	if jf verify >"$T/verify" 2>&1; then pass; else fail "jifen verify: $(cat "$T/verify")"; fi
}

# A gift pack running on the test's day, beside the demo's festival.
cat >"$T/gift.json" <<'JSON'
{ "id": "winter-gift", "name": { "zh": "冬日礼包", "en": "Winter Gift" },
  "banner": { "zh": "冬日礼包免费领", "en": "Winter gift pack, free" },
  "start": "2026-11-24", "end": "2026-11-30",
  "gift_pack": { "points": 66, "items": [ { "sku": "CP-50-10" } ] }, "budget": 10000 }
JSON
jf campaign import "$T/gift.json" >/dev/null || fail "campaign import"

start_kiosk 80 24
wait_for 'Double 11: double points on everything!'
keys Right
wait_for '双十一全场双倍积分！'
keys Left
login $CARD $PIN
wait_for 'G: claim your gift pack (Winter Gift) · Double 11: double points'
before=$(jf balance $CARD --json | jq -r .points)
keys g
wait_for 'Gift pack: Winter Gift'
wait_for '66 points'
wait_for '1 x 10 yuan off a 50 yuan purchase (a voucher)'
keys Enter
wait_for '66 points were added to your points, and 1 voucher is in My vouchers.'
after=$(jf balance $CARD --json | jq -r .points)
[ "$after" = $((before + 66 + 450)) ] && pass || fail "balance $before -> $after, not +516"
keys Enter
# Claimed: the banner is the festival's alone.
wait_gone 'G: claim your gift pack'
wait_for 'Double 11: double points on everything!'
verify

# Chinese, at 132x43, and a touch on the banner row for 王芳.
start_kiosk 132 43
keys Right
wait_for '双十一全场双倍积分！'
login 8800000001 1234
wait_for 'G: 领取礼包（冬日礼包）'
click 'G: 领取礼包'
wait_for '礼包：冬日礼包'
keys Enter
wait_for '已存入您的账户'
keys Enter
[ "$(jf campaign show winter-gift --json | jq -r .gift_pack.claimed)" = 2 ] && pass ||
	fail "not two claims"
verify

# The counter: a purchase says which campaign gave how many points; K gives
# the gift pack of the member on the panel, once.
KIOSK_COMMAND=counter
start_kiosk 80 24 --staff S01
wait_for 'The counter is closed'
keys Enter
wait_for 'Open the counter: 周收银'
keys 1 3 5 7 Enter
wait_for 'No member at the counter'
type_text "8800000003$(printf '\r')"
wait_for 'is at the counter.'
wait_for 'K: give the gift pack of Winter Gift'
keys k
wait_for 'Gift pack of Winter Gift given: 66 points and 1 voucher.'
wait_gone 'K: give the gift pack'
keys k
wait_for 'No gift pack to give this member now.'
keys p
wait_for 'Points for a purchase'
# Typed and seen before Enter: text and Enter in one burst would be a scan.
type_text "R-CAMP-1"
wait_for "[R-CAMP-1_"
keys Enter
wait_for 'Amount (yuan)'
type_text "100"
wait_for "[100_"
wait_for 'This purchase earns 200 points.'
wait_for 'Campaign double-11 gives 100 (200%).'
keys Enter
keys Enter
wait_for 'Awarded 200 points for receipt R-CAMP-1.'
wait_for 'Campaign double-11 gives 100 (200%).'
stop_kiosk
[ "$(jf campaign show double-11 --json | jq -r .given_by_purchases)" = 100 ] && pass ||
	fail "the festival did not record 100 points"
verify
finish
