#!/bin/sh
# A kiosk whose terminal grew while it started draws its whole screen once
# it learns the size, the function-key bar included (issue 13).
#
# cage starts foot, and foot starts the kiosk, before the window has its
# final size: the kiosk sets up a terminal of one size (ncurses sets the
# terminal's scrolling region to those rows) in a window already taller,
# and learns the real size a moment later (SIGWINCH). foot keeps a
# scrolling region that is not the whole screen across a resize, and
# ncurses, which assumes the region is the whole screen, moved the lines of
# the centred screen down by inserting lines: those pushed past the old
# region's end were lost, and the bar at the bottom came out as an empty
# cyan strip starting half way across.
#
# The same state in tmux, with the sizes seen in cage at 1280x720 with
# foot's default font: the pane is 182x43, but the kiosk starts on a
# terminal that says 99x29 (stty), then the terminal says 182x43. The
# screen must then be exactly what a kiosk started at 182x43 shows. (ncurses
# moves the bar's row by inserting lines because only the bar, drawn from
# the left edge, is the same line in both layouts.)
. "$(dirname "$0")/lib.sh"

real_jifen=$JIFEN
# The kiosk, on a terminal that says 99x29 whatever its size.
cat >"$T/started-small" <<EOF
#!/bin/sh
[ -t 0 ] && stty rows 29 cols 99
exec '$real_jifen' "\$@"
EOF
chmod +x "$T/started-small"

# The screen as a kiosk that knew its size from the start draws it.
start_kiosk 182 43
wait_for '中文 / English'
capture >"$T/want"

JIFEN=$T/started-small
start_kiosk 182 43
JIFEN=$real_jifen
wait_for '中文 / English'
# Drawn for 29 rows: the bar is on row 29 of the 43.
if capture | sed -n 29p | grep -q -F '中文 / English'; then
	pass
else
	fail "the kiosk did not start on a terminal that says 99x29"
fi

# The terminal says its real size; the kiosk redraws for it.
stty -F "$(tm display-message -p -t kiosk '#{pane_tty}')" rows 43 cols 182
_i=0
while [ $_i -lt 100 ]; do
	capture >"$T/got"
	cmp -s "$T/want" "$T/got" && break
	sleep 0.1
	_i=$((_i + 1))
done
if cmp -s "$T/want" "$T/got"; then
	pass
else
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "FAIL: after the terminal grew, the screen is not the 182x43 one (- expected, + shown):"
	diff -u "$T/want" "$T/got" | tail -n +3
fi
if capture | sed -n 43p | grep -q -F '中文 / English'; then
	pass
else
	fail "the function-key bar is not drawn on the bottom row"
fi
finish
