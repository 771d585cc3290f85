#!/bin/sh
# A database error never ends the kiosk: the member is asked to see the
# staff, the kiosk goes back to its first screen, and works again as soon
# as the database does.
. "$(dirname "$0")/lib.sh"

start_kiosk 80 24
wait_for 'Scan your member card or type its number'
# Break the ledger under the running kiosk: its queries now fail.
sqlite3 "$DB" 'ALTER TABLE member RENAME TO member_gone' || fail "cannot break the ledger"
enter_card 8800000001
wait_for 'Sorry, something went wrong. Please ask the staff.'
wait_for 'Scan your member card or type its number'
kiosk_alive && pass || fail "a database error ended the kiosk"

# Logged in when the database breaks: back to the start, nothing shown.
sqlite3 "$DB" 'ALTER TABLE member_gone RENAME TO member'
login 8800000001 1234
wait_for 'Hello, 王芳'
keys Escape
wait_for 'You are logged out. Goodbye!'
sqlite3 "$DB" 'ALTER TABLE lot RENAME TO lot_gone'
login 8800000001 1234
wait_for 'Sorry, something went wrong. Please ask the staff.'
capture | grep -q '王芳' && fail "the member's name stayed on the screen" || pass
kiosk_alive && pass || fail "a database error ended the kiosk"

sqlite3 "$DB" 'ALTER TABLE lot_gone RENAME TO lot'
login 8800000001 1234
wait_for 'Hello, 王芳'

# broken_screen TABLE KEYS: with TABLE gone, opening a screen from home
# (KEYS) sends the member to the staff; with it back, all is well again.
broken_screen() {
	sqlite3 "$DB" "ALTER TABLE $1 RENAME TO $1_gone" || fail "cannot break $1"
	type_text "$2"
	wait_for 'Sorry, something went wrong. Please ask the staff.'
	wait_for 'Scan your member card or type its number'
	kiosk_alive && pass || fail "a database error in screen $2 ended the kiosk"
	sqlite3 "$DB" "ALTER TABLE $1_gone RENAME TO $1"
	login 8800000001 1234
	wait_for 'Hello, 王芳'
}
broken_screen item 2
broken_screen voucher 3
broken_screen family 4

# Redeeming while the vouchers cannot be written: the staff, and not a
# point taken.
before=$(jf --json balance 8800000001 | jq -r .available)
type_text 2
wait_for 'Search: _'
type_text CP-50-10
wait_for '1 item matches'
keys Enter
wait_for '[ Redeem ]'
keys Enter
sqlite3 "$DB" 'ALTER TABLE voucher RENAME TO voucher_gone'
keys Enter
wait_for 'Sorry, something went wrong. Please ask the staff.'
sqlite3 "$DB" 'ALTER TABLE voucher_gone RENAME TO voucher'
[ "$(jf --json balance 8800000001 | jq -r .available)" = "$before" ] && pass ||
	fail "a failed redemption took points"
jf verify >/dev/null && pass || fail "the ledger does not verify after a failed redemption"
kiosk_alive && pass || fail "a database error while redeeming ended the kiosk"
finish
