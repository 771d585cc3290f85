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
finish
