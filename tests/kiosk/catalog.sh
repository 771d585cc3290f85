#!/bin/sh
# The catalog and an item: categories, the list narrowing as a search is
# typed (by SKU, by an English or Chinese name), Backspace widening it, a
# search that matches nothing saying so, garbage typed into the search
# refused with the screen intact; an item's figures as `jifen catalog show`
# and `jifen balance` give them; redeeming asks first, No writes nothing,
# Yes issues exactly one voucher and holds its price; what the member
# cannot redeem (too dear, out of stock, not on offer) is refused before
# and after asking, with nothing written. In English and Chinese, at
# 80x24 and 132x43; q is a letter in the search even when unlocked.
. "$(dirname "$0")/lib.sh"

CARD=8800000001 # 王芳

# The shopping bag is down to its last one: 李明 takes it while 王芳 is
# being asked, below. (Stock shows in the list only when it is 0.)
cat >"$T/bag.csv" <<'EOF'
sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until
EC-BAG,环保购物袋,Reusable Shopping Bag,eco,goods,50,,,,1,1,,,
EOF
jf catalog import "$T/bag.csv" >/dev/null || fail "cannot set the bag's stock to 1"

catalog=$(jf --json catalog list)
# items FILTER: how many listed items the jq filter keeps.
items() {
	printf '%s\n' "$catalog" | jq "[.[] | select($1)] | length"
}
# matching TEXT: how many items have TEXT in their SKU or either name,
# ignoring ASCII case, as the search promises.
matching() {
	printf '%s\n' "$catalog" | jq --arg q "$1" '[.[] | select([.sku, .name, .name_en] |
		map(ascii_downcase) | any(contains($q | ascii_downcase)))] | length'
}
available() {
	jf --json balance $CARD | jq -r ".${1:-available}"
}
vouchers() {
	jf --json voucher list $CARD | jq length
}
show() {
	jf --json catalog show "$1" | jq -r ".$2"
}
# unchanged WHAT: 王芳's points, green points and vouchers are as noted.
note() {
	before="$(available) $(available available_green) $(vouchers)"
}
unchanged() {
	now="$(available) $(available available_green) $(vouchers)"
	[ "$now" = "$before" ] && pass ||
		fail "$1 changed the ledger: points, green points, vouchers were '$before', now '$now'"
}
# search TEXT: type TEXT into the empty search, see it in the field.
search() {
	type_text "$1"
	wait_for "Search: $1_"
}

all=$(items true)

# ---- the list, by key and by touch ----

start_kiosk 80 24
login $CARD 1234
wait_for 'Hello, 王芳'
type_text 2
wait_for 'Search: _'
wait_for "Page 1 of 3 · $all items"
expect_screen catalog-en-80x24
# Down past the page's last line turns the page; Up comes back.
i=0
while [ $i -lt 15 ]; do keys Down; i=$((i + 1)); done
wait_for 'Page 2 of 3'
wait_for '> Stainless Steel Straw Set'
keys Up
wait_for 'Page 1 of 3'
click 'Next >'
wait_for 'Page 2 of 3'
click 'Next >'
wait_for 'Page 3 of 3'
if capture | grep -q 'Next >'; then fail "the last page offers a next one"; else pass; fi
click '< Prev'
wait_for 'Page 2 of 3'
# The page keys turn pages, not lines.
keys PageDown
wait_for 'Page 3 of 3'
keys PageUp PageUp
wait_for 'Page 1 of 3'
keys Escape
wait_for 'Hello, 王芳'
click 'Catalog'
wait_for "Page 1 of 3 · $all items" "a touch on Catalog did not open it"

# Categories: → steps to the next one, a touch picks one.
keys Right
wait_for '> Appliances'
wait_for "Page 1 of 1 · $(items '.category == "appliances"') items"
wait_for '  Ionic Hair Dryer                7500        sold out'
click 'Grocery'
wait_for '> Grocery'
wait_for "$(items '.category == "grocery"') items"
if capture | grep -q 'Air Fryer'; then fail "Grocery still lists appliances"; else pass; fi
click 'Gifts'
wait_for "$(items '.category == "gifts"') items"
wait_for '  Mid-Autumn Mooncake Gift Box    3800        unavailable'
keys Left Left Left Left
wait_for '> All'
wait_for "$all items"

# ---- search as you type ----

search EC-
wait_for "$(matching EC-) items match"
type_text c
wait_for 'Search: EC-c_'
wait_for "$(matching EC-c) item matches"
wait_for '> Stainless Steel Travel Cup       600 green'
keys BSpace
wait_for 'Search: EC-_'
wait_for "$(matching EC-) items match"
keys Escape
wait_for 'Search: _'
wait_for "$all items"
# A Chinese fragment, and the search within a category.
search 牙
wait_for "$(matching 牙) items match"
wait_for 'Bamboo Toothbrushes (4)'
wait_for 'Toothpaste (2 tubes)'
keys Right
wait_for 'No item in this category matches “牙”.'
keys Left
wait_for "$(matching 牙) items match"
keys Escape
search towel
wait_for "$(matching towel) item matches"
keys Escape
search zzz
wait_for 'No item matches “zzz”.'
wait_for '0 items match'
keys BSpace BSpace BSpace
wait_for "$all items"
expect_screen catalog-en-80x24

# ---- garbage in the search ----

# 10 000 characters: the field keeps the first 32, the rest is refused.
long=$(awk 'BEGIN { srand(7); for (i = 0; i < 10000; i++) printf "%c", substr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", int(rand() * 62) + 1, 1) }')
first32=$(printf '%s' "$long" | cut -c1-32)
type_text "$long"
wait_for 'A search holds at most 32 characters.'
wait_for "Search: ${first32}_"
keys Escape
expect_screen catalog-en-80x24
# Escape sequences that would recolour, retitle and clear the terminal:
# each refused whole, nothing of them shown, the search as it was, and
# the kiosk stays on the catalog.
search rice
type_text "$(printf '\033[31m\033]0;pwned\007\033[2J\033[H')"
wait_for 'That cannot be typed in the search.'
wait_for 'Search: rice_'
if capture | grep -q -e pwned -e '31m' -e '2J'; then
	fail "an escape sequence reached the search"
else
	pass
fi
wait_for "$(matching rice) items match"
# Control characters are refused one by one, and Esc brings back the
# whole list.
type_text "$(printf '\001\002\033\004')"
wait_for 'That cannot be typed in the search.'
wait_for 'Search: _'
type_text "$(printf 'rice\001\002')"
wait_for 'That cannot be typed in the search.'
wait_for 'Search: rice_'
keys Escape
expect_screen catalog-en-80x24
# A scanner's line during the search (characters faster than a person
# types, and Enter) is one scan: never typed into the search, refused
# with a message, the search as it was.
search rice
type_text "$(printf 'CP-50-10\r')"
wait_for 'Nothing can be scanned on this screen.'
wait_for 'Search: rice_'
keys Escape
expect_screen catalog-en-80x24

# ---- an item ----

search RICE-5
wait_for "$(matching RICE-5) item matches"
keys Enter
wait_for 'SKU           GR-RICE-5KG'
expect_screen item-en-80x24
wait_for "Price         $(show GR-RICE-5KG points) points"
wait_for "Stock         $(show GR-RICE-5KG stock) in stock"
wait_for "On offer      $(show GR-RICE-5KG active_from) to $(show GR-RICE-5KG active_until) (on offer today)"
wait_for "Your points   $(available) points available now   enough for this item"
wait_for '五常大米 5kg'
# Back returns to the list as it was left.
keys Escape
wait_for 'Search: RICE-5_'
wait_for '> Wuchang Rice 5 kg'
keys Escape
wait_for "$all items"

# Figures of a coupon, and of goods with a cash part.
search CP-100-20
keys Enter
wait_for "Type          Coupon: 20 yuan off a purchase of 100 yuan or more"
wait_for "Price         $(show CP-100-20 points) points"
keys Escape Escape
wait_for "$all items"
search AP-KETTLE
keys Enter
wait_for "Price         $(show AP-KETTLE points) points, plus 29 yuan paid at the counter"
keys Escape Escape
wait_for "$all items"

# ---- in Chinese, and on a larger screen ----

start_kiosk 80 24
keys Right
login $CARD 1234
wait_for '王芳，您好'
type_text 2
wait_for '搜索： _'
expect_screen catalog-zh-80x24
type_text 五常
wait_for '找到 1 件商品'
keys Enter
wait_for '编号       GR-RICE-5KG'
expect_screen item-zh-80x24
keys Enter
wait_for '用 2800 积分兑换“五常大米 5kg”吗？兑换后您还剩 366 积分。'
keys Escape

# 132x43: the SKU beside each name, and more lines a page. Each line of
# the first page (34 lines) says what `jifen catalog list` says.
start_kiosk 132 43
login $CARD 1234
wait_for 'Hello, 王芳'
type_text 2
wait_for "Page 1 of 2 · $all items"
expect_screen catalog-en-132x43
screen=$(capture | cut -c21- | tr -s ' ' | sed 's/ *$//')
printf '%s\n' "$catalog" | jq -r '.[0:34][] | [.sku, .name_en, .points,
	(if .green then " green" else "" end),
	(if .available | not then " unavailable" elif .stock == 0 then " sold out" else "" end)] |
	"\(.[0]) \(.[1]) \(.[2])\(.[3])\(.[4])"' >"$T/want"
while IFS= read -r want; do
	if printf '%s\n' "$screen" | grep -q -F -x -e "> $want" -e " $want"; then
		pass
	else
		fail "no line '$want' on the 132x43 list"
	fi
done <"$T/want"

# ---- redeeming ----

start_kiosk 80 24
login $CARD 1234
wait_for 'Hello, 王芳'
type_text 2
search RICE-5
click 'Wuchang Rice 5 kg'
wait_for 'SKU           GR-RICE-5KG' "a touch on the rice did not open it"
price=$(show GR-RICE-5KG points)
left=$(($(available) - price))
note
# No, by key and by touch: nothing written.
keys Enter
wait_for "Redeem Wuchang Rice 5 kg for $price points? You will have $left points left."
keys Escape
wait_gone 'You will have'
wait_for '[ Redeem ]'
unchanged "No (Esc)"
click 'Redeem ]'
wait_for 'You will have'
click 'No (Esc)'
wait_gone 'You will have'
unchanged "a touch on No"
# Yes, pressed twice: one voucher, its price held.
before_avail=$(available)
keys Enter
wait_for 'You will have'
keys Enter Enter
wait_gone 'SKU           GR-RICE-5KG'
sleep 1
[ "$(vouchers)" = 1 ] && pass || fail "Yes made $(vouchers) vouchers, not 1"
[ "$(jf --json voucher list $CARD | jq -r '.[0] | "\(.sku) \(.state) \(.points)"')" = \
	"GR-RICE-5KG issued $price" ] && pass || fail "the voucher is not for the rice"
[ "$(available)" = $((before_avail - price)) ] && pass ||
	fail "available points are $(available), not $before_avail - $price"
[ "$(available held)" = "$price" ] && pass || fail "the voucher holds $(available held), not $price"

# Too dear: refused before asking, and Enter asks nothing.
start_kiosk 80 24
login $CARD 1234
wait_for 'Hello, 王芳'
type_text 2
search AP-KETTLE
keys Enter
need=$(($(show AP-KETTLE points) - $(available)))
wait_for "You need $need more points for this (you have $(available))."
wait_for "Your points   $(available) points available now   not enough for this item"
if capture | grep -q -F '[ Redeem ]'; then fail "a Redeem button for an item too dear"; else pass; fi
# The bar offers only Back: Enter redeems nothing here.
if capture | tail -1 | grep -q 'Enter'; then fail "the bar offers Enter on an item too dear"; else pass; fi
note
keys Enter
wait_for "You need $need more points for this (you have $(available))." # now on the message line too
if capture | grep -q 'You will have'; then fail "Enter asked to redeem an item too dear"; else pass; fi
unchanged "Enter on an item too dear"
keys Escape Escape
# Out of stock, and not on offer today.
search HAIRDRYER
keys Enter
wait_for 'Stock         out of stock'
wait_for 'This item is out of stock, so it cannot be redeemed.'
keys Enter
if capture | grep -q 'You will have'; then fail "Enter asked to redeem an item out of stock"; else pass; fi
keys Escape Escape
search MOONCAKE
keys Enter
wait_for 'On offer      2026-08-01 to 2026-10-06 (not on offer today)'
wait_for 'This item was on offer until 2026-10-06.'
keys Escape Escape
unchanged "items that cannot be redeemed"

# Refused after asking: the points are spent meanwhile (at the counter),
# or the last one is taken; the ledger refuses, the screen says why.
search GR-SOY
keys Enter
wait_for 'SKU           GR-SOY-500'
keys Enter
wait_for "Redeem Light Soy Sauce 500 ml for $(show GR-SOY-500 points) points?"
jf redeem $CARD HH-DISHSOAP-1L >/dev/null || fail "cannot redeem dish soap from the command line"
note
keys Enter
need=$(($(show GR-SOY-500 points) - $(available)))
wait_for "You need $need more points for this (you have $(available))."
wait_for 'SKU           GR-SOY-500'
unchanged "Yes without enough points"
keys Escape Escape
search EC-BAG
keys Enter
keys Enter
wait_for 'Redeem Reusable Shopping Bag for 50 green points? You will have 30 green'
jf redeem 8800000002 EC-BAG >/dev/null || fail "李明 cannot take the last bag"
click 'Yes (Enter)'
wait_for 'This item is out of stock, so it cannot be redeemed.'
wait_for 'Stock         out of stock'
unchanged "Yes on an item just sold out"

# ---- q is a letter in the search, even unlocked ----

start_kiosk 80 24 --unlocked
login $CARD 1234
wait_for 'Hello, 王芳'
type_text 2
wait_for 'Search: _'
type_text q
wait_for 'Search: q_'
kiosk_alive && pass || fail "q in the search quit the kiosk"
keys Escape Escape
wait_for 'Hello, 王芳'
finish
