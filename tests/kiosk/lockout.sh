#!/bin/sh
# Five wrong PINs lock the card for 15 minutes (the config's defaults): the
# right PIN is then refused too, the lock holds across a restart of the
# kiosk, and it lifts when the time is up.
. "$(dirname "$0")/lib.sh"

# (Into the demo config's own [store]: a section given twice is refused.)
sed -i 's/^\[store\]$/&\nterminal = K07/' "$CONF"

start_kiosk 80 24
enter_card 8800000002
wait_for '[_      ]'
lock_out
# Nobody is logged in while a PIN is typed: the lock-out is on record with
# the kiosk's terminal (the config's [store] terminal).
[ "$(jf --json member show 8800000002 | jq -r '.locked.terminal + " " + .pin_failed.terminal')" = "K07 K07" ] &&
	pass || fail "the lock-out does not name the kiosk's terminal"
# Back at the card: the locked card gets no PIN step, right PIN or not.
enter_card 8800000002
wait_for 'This card is locked after too many wrong PINs. Try again after 10:15.'

# A restart does not unlock it: the count is in the ledger.
start_kiosk 80 24
wait_for 'Scan your member card or type its number'
enter_card 8800000002
wait_for 'This card is locked after too many wrong PINs. Try again after 10:15.'
capture | grep -q -F '[_      ]' && fail "a locked card was asked for its PIN" || pass

# Other cards are not locked.
login 8800000001 1234
wait_for 'Hello, 王芳'

# A quarter of an hour later the right PIN opens again.
KIOSK_NOW=2026-11-24T10:16:00
start_kiosk 80 24
login 8800000002 2345
wait_for 'Hello, 李明'
finish
