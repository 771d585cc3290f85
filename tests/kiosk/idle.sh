#!/bin/sh
# The idle timeout ([kiosk] idle_timeout, 10 s here, the least the config
# allows): the last seconds are counted down on the screen, a key restarts
# the count, and when it runs out the member is logged out and the attract
# screen comes back in the kiosk's own language.
. "$(dirname "$0")/lib.sh"

printf '\n[kiosk]\nidle_timeout = 10\n' >>"$CONF"
start_kiosk 80 24
keys Right # Chinese for this visit
login 8800000001 1234
wait_for '王芳，您好'
wait_for '秒后自动退出。按任意键继续使用。' "no countdown before the idle logout"

# Wait until the count is low, press a key: the count starts again.
low=
i=0
while [ $i -lt 200 ] && [ -z "$low" ]; do
	low=$(capture | sed -n 's/^ *\([1-4]\) 秒后自动退出.*/\1/p')
	[ -n "$low" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$low" ] && pass || fail "the countdown never came down to 4 s"
keys Down
i=0
seen=
while [ $i -lt 100 ] && [ -z "$seen" ]; do
	n=$(capture | sed -n 's/^ *\([0-9]*\) 秒后自动退出.*/\1/p')
	[ -n "$n" ] && [ "$n" -gt "${low:-0}" ] && seen=$n
	[ -n "$seen" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$seen" ] && pass || fail "a key did not restart the countdown (it was at ${low:-?} s)"
wait_for '> 2  积分兑换' "the key was not also acted on"

# Then nothing: logged out, back to the attract screen, in English again.
wait_for 'You were logged out because the kiosk was idle.'
wait_for 'Scan your member card or type its number'
capture | grep -q '王芳' && fail "the member's name is still on the screen" || pass
finish
