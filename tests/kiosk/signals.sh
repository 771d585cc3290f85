#!/bin/sh
# Every signal that would end the kiosk and that it can catch leaves the
# terminal as it was (issue 9, defect 10): echo and canonical input back on,
# the alternate screen left, for the next program or a person at the shell.
# A signal that ends it still ends it with that signal (status 128 + N);
# SIGTERM and SIGHUP end it cleanly, as before. The faults of the program
# itself (SEGV, BUS, ABRT, FPE, ILL, TRAP, SYS) restore the terminal in the
# handler, where endwin() may not run, and keep their status too.
. "$(dirname "$0")/lib.sh"

# stty_has FLAG: the terminal, after the kiosk, has FLAG (e.g. echo, not -echo).
stty_has() {
	tr ' ;' '\n\n' <"$S/stty" | grep -qx -e "$1"
}

# NAME:NUMBER as on Linux (dash's kill knows neither -l NAME nor RTMIN).
for pair in USR1:10 USR2:12 ALRM:14 VTALRM:26 PROF:27 XCPU:24 XFSZ:25 PIPE:13 \
	IO:29 PWR:30 RTMIN:34 RTMAX:64 HUP:1 TERM:15 \
	SEGV:11 BUS:7 ABRT:6 FPE:8 ILL:4 TRAP:5 SYS:31; do
	sig=${pair%:*}
	num=${pair#*:}
	start_kiosk 80 24
	pid=$(kiosk_pid)
	kill "-$num" "$pid" 2>/dev/null || { fail "cannot send SIG$sig"; continue; }
	i=0
	while [ $i -lt 300 ] && kiosk_alive; do
		sleep 0.1
		i=$((i + 1))
	done
	if kiosk_alive; then
		fail "SIG$sig did not end the kiosk"
		continue
	fi
	stty_has echo && pass || fail "after SIG$sig the terminal does not echo: $(cat "$S/stty" | head -n 4)"
	stty_has icanon && pass || fail "after SIG$sig the terminal is not in canonical mode"
	[ "$(tm display-message -p -t kiosk '#{alternate_on}')" = 0 ] && pass ||
		fail "after SIG$sig the terminal is still on the alternate screen"
	want=$((128 + num))
	case $sig in HUP | TERM) want=0 ;; esac
	[ "$(kiosk_exit_status)" = "$want" ] && pass ||
		fail "after SIG$sig the kiosk ended with $(kiosk_exit_status), not $want"
done

finish
