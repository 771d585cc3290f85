#!/bin/sh
# Garbage from the scanner or the keyboard: 10 000 characters, escape
# sequences, binary bytes, Chinese, too many digits. Each is refused as a
# whole with one clear message, and the screen keeps its layout exactly;
# none of it counts as a wrong PIN. A real card still works after it all.
. "$(dirname "$0")/lib.sh"

# Each scan starts from the attract screen, as a member's would, so the
# screen after it is new (the refusal is the same every time).
scan() {
	keys Escape
	expect_screen attract-en-80x24
	type_text "$1"
	keys Enter
	expect_screen login-refused-en-80x24
}

start_kiosk 80 24

# 10 000 characters, letters and digits, in one scan.
long=$(awk 'BEGIN { srand(7); for (i = 0; i < 10000; i++) printf "%c", substr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", int(rand() * 62) + 1, 1) }')
scan "$long"

# Escape sequences that would recolour, retitle and clear a terminal that
# echoed them, around a real card number.
scan "$(printf '\033[31m\033]0;pwned\007\033[2J\033[H8800000001')"

# Binary bytes, invalid UTF-8 among them.
scan "$(printf '\001\002\177\303\050\377\3768800000001')"

# A byte that is no UTF-8 inside a card number: the scan is refused, not
# read as another card with the byte (and the digit after it) left out.
scan "$(printf '880000000\30391')"

# 10 000 digits: far more than a card has.
digits=$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%d", i % 10 }')
scan "$digits"

# Chinese characters before a card number.
scan '中文8800000001'

# In the PIN field: 10 000 digits and escape sequences are refused, and
# not counted against the card.
keys Escape
expect_screen attract-en-80x24
enter_card 8800000001
wait_for '[_      ]'
type_text "$digits"
keys Enter
wait_for 'A PIN has 4 to 6 digits. Please type it again.'
type_text "$(printf '12\033[2J34\033[H')"
wait_gone 'A PIN has 4 to 6 digits.'
keys Enter
wait_for 'A PIN has 4 to 6 digits. Please type it again.'
[ "$(sqlite3 "$DB" "SELECT pin_failures FROM member WHERE card = '8800000001'")" = 0 ] &&
	pass || fail "garbage in the PIN field was counted as a wrong PIN"

# An escape sequence of any length is refused whole: ESC [, 1,000 digits
# and m are one refused thing, so the 5 after it is the only digit in the
# card field (never a field full of 9s from the sequence's tail).
keys Escape Escape
expect_screen attract-en-80x24
type_text "$(printf '\033[%sm5' "$(printf '%01000d' 0 | tr 0 9)")"
wait_for 'Card number  [5_ ' "the tail of a long escape sequence was typed into the card field"
keys Enter
wait_for 'That is not a member card number.'

# A scanner's line: the card and Enter in one burst are one scan, so the
# login goes straight on to the PIN; the same with a byte that is no
# UTF-8 in it is refused whole.
keys Escape
expect_screen attract-en-80x24
type_text "$(printf '8800000001\r')"
wait_for 'Type your PIN (4 to 6 digits)'
wait_for 'Card number  [8800000001          ]'
keys Escape Escape
expect_screen attract-en-80x24
type_text "$(printf '880000000\3031\r')"
expect_screen login-refused-en-80x24

# After it all, the kiosk is whole and a real card and PIN work.
keys Escape Escape
expect_screen attract-en-80x24
login 8800000001 1234
expect_screen home-en-80x24

# On the home screen an escape sequence is one refused thing, not an Esc
# (which logs out) followed by digits (which open the menu's entries).
type_text "$(printf '\033[31m\033]0;title\007\033[3~')"
keys Down
wait_for '> 2  Catalog' "an escape sequence moved home's menu or left home"
wait_for 'Hello, 王芳'
finish
