#!/bin/sh
# Locked (the default), no key leaves the kiosk: Ctrl-C, Ctrl-Z and Ctrl-\
# do nothing, q is just a character, and the same signals sent from outside
# are ignored. --unlocked lets a developer quit with q.
. "$(dirname "$0")/lib.sh"

start_kiosk 80 24
expect_screen attract-en-80x24
keys C-c C-z 'C-\'
# A key after them shows they were taken and did nothing.
keys Right
expect_screen attract-zh-80x24
kiosk_alive && pass || fail "a control key ended the locked kiosk"

pid=$(kiosk_pid)
[ -n "$pid" ] && kill -0 "$pid" && pass || fail "cannot find the kiosk's process"
kill -INT "$pid"; kill -QUIT "$pid"; kill -TSTP "$pid"
keys Left
expect_screen attract-en-80x24
kiosk_alive && pass || fail "a signal ended the locked kiosk"
[ "$(ps -o state= -p "$pid" | cut -c1)" != T ] && pass || fail "SIGTSTP stopped the kiosk"

# q is a character: it starts a card number (which is then refused).
keys q
wait_for 'Card number'
keys Enter
wait_for 'That is not a member card number.'
kiosk_alive && pass || fail "q ended the locked kiosk"
if capture | grep -q ' q Quit'; then fail "the locked kiosk offers to quit"; else pass; fi

# Unlocked: the bar offers q, and q quits cleanly.
start_kiosk 80 24 --unlocked
wait_for ' q Quit' "the unlocked kiosk does not say how to quit"
keys q
# (Generous: under the sanitizers the leak check at exit can take long.)
i=0
st=
while [ $i -lt 300 ] && [ -z "$st" ]; do
	st=$(kiosk_exit_status)
	[ -n "$st" ] || sleep 0.1
	i=$((i + 1))
done
[ "$st" = 0 ] && pass || fail "q did not end the unlocked kiosk with status 0 (${st:-still running})"
finish
