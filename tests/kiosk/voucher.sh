#!/bin/sh
# My vouchers and the voucher screen: the member's open vouchers newest
# first, each with the short code `jifen voucher list` reports, opened by
# keys and by touch; the voucher screen's short code is the one `jifen
# voucher show` reports, and its QR code, as the pane shows it, scans
# (zbarimg) back to the full code, whole with its quiet zone at 80x24 and
# 132x43, in English and Chinese. A voucher the cashier has redeemed
# meanwhile shows that instead of a code, and is gone from the list; a
# long list is paged; a member with none is told so.
#
# The codes are made with the ledger's voucher key, which `jifen init`
# draws at random, so they differ from run to run: whole screens are
# compared with the short codes and the QR code masked (expect_masked);
# the codes themselves are checked against the command line's.
. "$(dirname "$0")/lib.sh"

top_builddir=${top_builddir:-$(cd "$here/../.." && pwd)}
raster=$top_builddir/tests/voucher/qr_raster
qr_tool=$top_builddir/tests/qr/qr_tool
for _tool in "$raster" "$qr_tool"; do
	if [ ! -x "$_tool" ]; then
		echo "$test_name: FAIL: no $_tool (make check builds it)"
		exit 1
	fi
done
if ! command -v zbarimg >/dev/null 2>&1; then
	echo "$test_name: FAIL: zbarimg is not installed (Debian zbar-tools)"
	exit 1
fi

LI=8800000002
ALICE=8800000003

# mask: the screen with what differs from run to run made the same: short
# codes, and the rows of the QR code (a run of 37 half blocks and spaces
# that begins with the quiet zone, at the left of its row).
mask() {
	sed -E -e 's/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/XXXX-XXXX-X/g' \
		-e 's/^( *)[█▀][█▀▄ ]{36}/\1#####################################/'
}

# expect_masked NAME: as expect_screen, with the codes masked.
expect_masked() {
	screen_filter=mask
	expect_screen "$1"
	_rc=$?
	screen_filter=cat
	return $_rc
}

# qr_scans CODE: the QR code on the screen is whole (every row of it, as
# many as qr_tool says a code of this length takes, and no more than the
# 21 body rows of 80x24), drawn light on dark whatever the terminal's
# colours, and zbarimg reads exactly CODE from it painted as a terminal
# shows it.
qr_scans() {
	_n=$((${_n:-0} + 1))
	read -r _ _ _ _ _ _cols _ _rows <<-EOF
	$("$qr_tool" info "$1")
	EOF
	capture | sed -n -E "s/^ *([█▀][█▀▄ ]{$((_cols - 1))}).*/\\1/p" >"$T/qr$_n.txt"
	_got=$(wc -l <"$T/qr$_n.txt")
	if [ "$_got" -eq "$_rows" ] && [ "$_rows" -le 21 ]; then
		pass
	else
		fail "the screen shows $_got rows of the QR code, not all $_rows"
	fi
	# The first row is quiet zone: full blocks in white on black.
	if tm capture-pane -e -p -t kiosk | grep -m1 '█████' | grep -q '\[37m.*\[40m'; then
		pass
	else
		fail "the QR code is not drawn white on black"
	fi
	if "$raster" "$T/qr$_n.png" <"$T/qr$_n.txt"; then
		_read=$(zbarimg --raw -q "$T/qr$_n.png" 2>"$T/zbar.err")
		[ "$_read" = "$1" ] && pass ||
			fail "zbarimg read '$_read' from the QR code on the screen, not $1"
	else
		fail "qr_raster could not read the QR code on the screen"
	fi
}

# The demo's voucher for 李明, as the command line knows it.
list=$(jf --json voucher list $LI)
[ "$(printf '%s\n' "$list" | jq length)" = 1 ] && pass ||
	fail "李明 does not have the one voucher this test counts on"
code=$(printf '%s\n' "$list" | jq -r '.[0].voucher')
short=$(printf '%s\n' "$list" | jq -r '.[0].short')
shown=$(jf --json voucher show "$code" | jq -r .short)
[ "$shown" = "$short" ] && pass || fail "voucher show says $shown, voucher list $short"
expires=$(printf '%s\n' "$list" | jq -r '.[0].expires' | cut -c1-10)

start_kiosk 80 24
login $LI 2345
wait_for 'Hello, 李明'
type_text 3
wait_for 'My vouchers'
wait_line "^   > 10 yuan off a 50 yuan purchase +$short +450 points +$expires\$" \
	"the list does not show the voucher as the ledger has it"
wait_for '1 voucher waiting at the counter.'
# Back home, and in again by a touch on the menu.
keys Escape
wait_for 'Hello, 李明'
click 'My vouchers'
wait_for "$short"
keys Enter
wait_for 'Show this to the cashier'
wait_for "│ $short │" "the voucher screen does not show the short code $short"
wait_for '10 yuan off a 50 yuan purchase'
wait_for 'Points paid         450 points'
wait_for "Valid until         $expires"
if capture | grep -q 'Pay at the counter'; then fail "a coupon asks for cash"; else pass; fi
qr_scans "$code"
expect_masked voucher-en-80x24
# Back returns to the list; a touch on the line opens it again.
keys Escape
wait_for '1 voucher waiting at the counter.'
click "$short"
wait_for 'Show this to the cashier'
click 'Back'
wait_for '1 voucher waiting at the counter.'

# In Chinese, and on a larger screen: the same code, still whole.
keys Escape
wait_for 'Hello, 李明'
keys Escape
wait_for 'You are logged out. Goodbye!'
keys Right
login $LI 2345
wait_for '李明，您好'
type_text 3
wait_for "满50减10券"
keys Enter
wait_for "│ $short │"
qr_scans "$code"
expect_masked voucher-zh-80x24

start_kiosk 132 43
login $LI 2345
wait_for 'Hello, 李明'
type_text 3
wait_for "$short"
keys Enter
wait_for "│ $short │"
qr_scans "$code"
expect_masked voucher-en-132x43

# A long list: 李明 redeems 15 more items at the counter (points granted
# for them first), two of one, a green one and two with cash to pay among
# them.
echo 2468 | jf grant $LI 30000 --reason 'voucher test' --staff M01 --pin-stdin >/dev/null || fail "cannot grant 李明 points"
echo 2468 | jf grant $LI 300 --green --reason 'voucher test' --staff M01 --pin-stdin >/dev/null || fail "cannot grant green points"
jf redeem $LI GR-SOY-500 --qty 2 >/dev/null || fail "cannot redeem 2 GR-SOY-500 for 李明"
for sku in HH-TISSUE-10 GF-FRUIT EC-PLANT AP-KETTLE GR-NOODLE-1KG \
	PC-TOOTHPASTE-2 HH-DISHSOAP-1L GR-TEA-250 OF-10 CP-100-20 GR-MILK-12 \
	HH-TPAPER-12 EC-BAG GF-NUTS; do
	jf redeem $LI $sku >/dev/null || fail "cannot redeem $sku for 李明"
done
list=$(jf --json voucher list $LI)
[ "$(printf '%s\n' "$list" | jq length)" = 16 ] && pass || fail "李明 has not 16 vouchers"
nth_short() { printf '%s\n' "$list" | jq -r ".[$1].short"; }

start_kiosk 80 24
login $LI 2345
wait_for 'Hello, 李明'
type_text 3
wait_for '16 vouchers waiting at the counter.'
wait_for 'Page 1 of 2'
# Newest first, as the ledger lists them: 14 a page at 80x24.
wait_for "> Mixed Nuts Gift Box" "the newest voucher is not first and chosen"
wait_for "$(nth_short 0)"
wait_for "$(nth_short 13)"
if capture | grep -q -F "$(nth_short 14)"; then fail "page 1 shows the 15th voucher"; else pass; fi
wait_for '50 green points'
expect_masked vouchers-en-80x24
# Down to the 15th turns the page; Up turns it back; Left and Right turn
# pages, to the first line of the page.
i=0
while [ $i -lt 14 ]; do
	keys Down
	i=$((i + 1))
done
wait_for 'Page 2 of 2'
wait_for '> Light Soy Sauce 500 ml'
wait_for "$(nth_short 14)"
# (at 80 columns, with green points in the list, its name is cut short)
wait_line "^     10 yuan off a 50 yuan purcha… +$short +450 points +$expires\$"
if capture | grep -q 'Next >'; then fail "the last page offers a next one"; else pass; fi
keys Down
keys Down
wait_line "^   > 10 yuan off a 50 yuan purcha… +$short" "Down does not reach the last line"
keys Up
wait_for '> Light Soy Sauce 500 ml' "Down past the last line did more than nothing"
keys Up
wait_for 'Page 1 of 2'
wait_for '> Facial Tissues (10 packs)'
if capture | grep -q '< Prev'; then fail "the first page offers a previous one"; else pass; fi
keys Left
keys Right
wait_for 'Page 2 of 2'
wait_for '> Light Soy Sauce 500 ml'
keys Left
wait_for 'Page 1 of 2'
wait_for '> Mixed Nuts Gift Box' "Left does not go to the first line of page 1"
click 'Next >'
wait_for 'Page 2 of 2'
click '< Prev'
wait_for 'Page 1 of 2'
# The page keys turn pages too, not lines.
keys PageDown
wait_for 'Page 2 of 2'
wait_for '> Light Soy Sauce 500 ml' "PageDown did not go to page 2's first line"
keys PageUp
wait_for 'Page 1 of 2'
# The kettle: points, and cash to pay at the counter.
click 'Electric Kettle 1.7 L'
wait_for 'Show this to the cashier'
wait_for 'Points paid         6000 points'
wait_for 'Pay at the counter  ¥29.00'
kettle=$(printf '%s\n' "$list" | jq -r '.[] | select(.sku == "AP-KETTLE") | .voucher')
qr_scans "$kettle"
# Back to the list, with the kettle still chosen.
keys Escape
wait_for '> Electric Kettle 1.7 L'
click 'Potted Succulent'
wait_for 'Points paid         200 green points'
keys Escape
wait_for '> Potted Succulent'

# Chinese: the names are double width, and the columns still line up.
start_kiosk 80 24
keys Right
login $LI 2345
wait_for '李明，您好'
type_text 3
wait_for '第 1 页，共 2 页'
expect_masked vouchers-zh-80x24

# 132x43: more lines a page, all 16 on one.
start_kiosk 132 43
login $LI 2345
wait_for 'Hello, 李明'
type_text 3
wait_for 'Page 1 of 1'
wait_for "$short"
wait_for 'Light Soy Sauce 500 ml × 2' "two of an item are not shown as two"
expect_masked vouchers-en-132x43

# The cashier scans the demo voucher while the list still offers it:
# opening it says it was used, with no code to show, and the list no
# longer offers it.
jf voucher redeem "$code" --staff S01 >/dev/null || fail "cannot redeem $code at the counter"
click "$short"
wait_for 'This voucher was used at the counter on 2026-11-24.'
if capture | grep -q '███'; then fail "a redeemed voucher still shows a QR code"; else pass; fi
expect_masked voucher-used-en-132x43
keys Escape
wait_for '15 vouchers waiting at the counter.'
if capture | grep -q -F "$short"; then fail "the list still offers the redeemed voucher"; else pass; fi

# A member with no voucher is told so, plainly.
[ "$(jf --json voucher list $ALICE | jq length)" = 0 ] && pass ||
	fail "Alice Chen has vouchers this test does not expect"
start_kiosk 80 24
login $ALICE 3456
wait_for 'Hello, Alice Chen'
type_text 3
wait_for 'You have no vouchers waiting. Redeem points in the Catalog.'
expect_screen vouchers-empty-en-80x24
# Its button leads to the catalog, whose Back returns to the list that
# opened it, and the list's to home.
click '[ Catalog ]'
wait_gone 'You have no vouchers waiting.'
wait_for 'Search'
keys Escape
wait_for 'You have no vouchers waiting.'
keys Escape
wait_for 'Hello, Alice Chen'

# redeem_at_kiosk NAME: from home, find CP-50-10 (NAME in the member's
# language) in the catalog, redeem it and
# confirm (the catalog and item screens' own tests check those screens).
# The catalog may bring back the search of the member's last visit: it is
# erased first.
redeem_at_kiosk() {
	type_text 2
	_j=0
	while [ $_j -lt 20 ]; do
		keys BSpace
		_j=$((_j + 1))
	done
	type_text CP-50-10
	# Seen in the field before Enter, as a person types: the 8 characters
	# and Enter at once would be a scanner's line (src/tui/scan.h).
	wait_for 'CP-50-10_'
	wait_for "$1"
	keys Enter
	wait_for 'CP-50-10'
	keys Enter
	# Yes pressed twice, as a hurried finger does: the second press must
	# not be taken for Done before the member has seen the code.
	keys Enter Enter
}

# Redeemed at the kiosk just now: the voucher screen shows the new one,
# with a Done button; Done (a touch here) ends the visit with thanks, and
# the voucher still waits for the cashier.
redeem_at_kiosk '10 yuan off a 50 yuan purch'
wait_for 'Show this to the cashier'
wait_for '[ Done ]'
list=$(jf --json voucher list $ALICE)
[ "$(printf '%s\n' "$list" | jq length)" = 1 ] && pass || fail "Alice Chen has not one voucher"
code=$(printf '%s\n' "$list" | jq -r '.[0].voucher')
short=$(printf '%s\n' "$list" | jq -r '.[0].short')
wait_for "│ $short │"
qr_scans "$code"
expect_masked voucher-issued-en-80x24
# Done answers once the code has been on the screen for a second (a
# double press of Yes must not log out): a member takes that long to look.
sleep 1.2
click '[ Done ]'
wait_for 'Thank you! You are logged out. Enjoy your reward.'
wait_for 'Scan your member card'
[ "$(jf --json voucher show "$code" | jq -r .state)" = issued ] && pass ||
	fail "Done did more than end the visit: the voucher is no longer issued"
# The points were reserved by the member logged in at the kiosk.
who=$(sqlite3 "$DB" "SELECT h.actor = 'member:' || m.id FROM hold h JOIN voucher v
	ON v.hold_id = h.id JOIN member m ON m.id = v.member_id ORDER BY v.id DESC LIMIT 1")
[ "$who" = 1 ] && pass || fail "the kiosk's voucher was not issued as its member"

# Esc instead goes home, saying where the voucher is; My vouchers has it,
# opened from there it has no Done, and Enter goes back to the list.
login $ALICE 3456
wait_for 'Hello, Alice Chen'
redeem_at_kiosk '10 yuan off a 50 yuan purch'
wait_for '[ Done ]'
keys Escape
wait_for 'Your voucher is waiting in My vouchers.'
wait_for 'Hello, Alice Chen'
type_text 3
wait_for '2 vouchers waiting at the counter.'
keys Enter
wait_for 'Show this to the cashier'
wait_for 'The cashier scans the code, or types'
if capture | grep -q -F '[ Done ]'; then fail "a voucher opened from the list offers Done"; else pass; fi
keys Enter
wait_for '2 vouchers waiting at the counter.'
keys Escape
wait_for 'Hello, Alice Chen'
keys Escape
wait_for 'You are logged out. Goodbye!'

# In Chinese, and Done by Enter.
keys Right
login $ALICE 3456
wait_for 'Alice Chen，您好'
redeem_at_kiosk '满50减10券'
wait_for '请向收银员出示'
wait_for '[ 完成 ]'
code=$(jf --json voucher list $ALICE | jq -r '.[0].voucher')
qr_scans "$code"
expect_masked voucher-issued-zh-80x24
# (the thanks come in the member's language; the next member starts in
# the kiosk's own)
sleep 1.2
keys Enter
wait_for '谢谢！您已退出登录，祝您使用愉快。'
wait_for 'Scan your member card or type its number'
[ "$(jf --json voucher list $ALICE | jq length)" = 3 ] && pass ||
	fail "Alice Chen has not the 3 vouchers she redeemed"
finish
