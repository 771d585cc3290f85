#!/bin/sh
# Terminals that cannot show everything (caps.h): the kiosk still works.
#
# - TERM=linux, the bare console (no Chinese glyphs, no half blocks, even
#   in a UTF-8 locale): English only, no switch to Chinese, nothing wider
#   than a column on the screen, and the voucher's QR code in two blank
#   cells a module, which must scan;
# - a locale that is not UTF-8 (LC_ALL=C): English, and not one byte
#   beyond ASCII sent to the terminal, lines drawn with the terminal's own
#   line characters (ACS);
# - NO_COLOR: no colour at all, and the QR code in reverse video;
# - TERM=dumb, or no TERM: refused in one line before curses starts.
#
# Each QR code is read from the pane with its attributes (tmux capture -e),
# painted as the terminal shows it (screen_pgm: light ink on a dark
# background, reverse video swapping them) and decoded with zbarimg: in
# colour and without, half blocks and blank cells. `jifen voucher show
# --qr` is read the same way, with and without NO_COLOR.
. "$(dirname "$0")/lib.sh"

top_builddir=${top_builddir:-$(cd "$here/../.." && pwd)}
painter=$top_builddir/tests/kiosk/screen_pgm
if [ ! -x "$painter" ]; then
	echo "$test_name: FAIL: no $painter (make check builds it)"
	exit 1
fi
if ! command -v zbarimg >/dev/null 2>&1; then
	echo "$test_name: FAIL: zbarimg is not installed (Debian zbar-tools)"
	exit 1
fi

LI=8800000002
code=$(jf --json voucher list $LI | jq -r '.[0].voucher')
short=$(jf --json voucher list $LI | jq -r '.[0].short')

# scans WHAT: the pane, painted as the terminal shows it, holds a QR code
# that zbarimg reads as the voucher's code.
scans() {
	_n=$((${_n:-0} + 1))
	tm capture-pane -e -p -N -t "$pane" >"$T/pane$_n.txt"
	if ! "$painter" "$T/pane$_n.pgm" <"$T/pane$_n.txt"; then
		fail "$1: screen_pgm could not paint the pane"
		return
	fi
	_read=$(zbarimg --raw -q "$T/pane$_n.pgm" 2>"$T/zbar.err")
	if [ "$_read" = "QR-Code:$code" ] || [ "$_read" = "$code" ]; then
		pass
	else
		fail "$1: zbarimg read '$_read' from the pane, not $code"
	fi
}

# no_wide WHAT: nothing on the screen but ASCII and the box-drawing lines.
no_wide() {
	if capture | grep -q -P '[^\x{20}-\x{7e}\x{2500}-\x{257f}]'; then
		fail "$1: the screen shows characters beyond ASCII: $(capture |
			grep -o -P '[^\x{20}-\x{7e}\x{2500}-\x{257f}]' | sort -u | tr -d '\n')"
	else
		pass
	fi
}

# no_colour WHAT: the pane's attributes hold no colour but the default.
no_colour() {
	if tm capture-pane -e -p -t "$pane" | grep -q -E '\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m'; then
		fail "$1: colours are drawn"
	else
		pass
	fi
}

# tmux's capture leaves out cells that a clear with a background colour
# filled (ECH and EL under bce, "back colour erase", which the console
# has, and xterm too), though it shows them: the test's terminfo for linux
# and xterm-256color says no bce, so that curses writes every coloured cell
# and the capture holds them all.
mkdir -p "$T/terminfo"
for _term in linux xterm-256color; do
	infocmp -x "$_term" | sed 's/\bbce,//' | tic -x -o "$T/terminfo" - ||
		{ echo "$test_name: FAIL: cannot compile the test's terminfo for $_term"; exit 1; }
done
TI="TERMINFO=$T/terminfo"

# expect_masked_console NAME: the screen as screens/NAME.txt, the short
# code masked (it differs from run to run).
expect_masked_console() {
	screen_filter=mask_short
	expect_screen "$1"
	screen_filter=cat
}
mask_short() {
	sed -E 's/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]/XXXX-XXXX-X/g'
}

# open_voucher: from the first screen to 李明's voucher.
open_voucher() {
	login $LI 2345
	wait_for 'Hello, '
	type_text 3
	wait_for 'My vouchers'
	wait_for "$short"
	keys Enter
	wait_for 'Show this to the cashier'
}

# The console: English, no Chinese to switch to, nothing wide.
KIOSK_TERM=linux
KIOSK_ENV=$TI
start_kiosk 132 43
wait_for 'Scan your member card or type its number'
no_wide "the console's first screen"
if capture | grep -q 'Language'; then fail "the console offers another language"; else pass; fi
keys Right
wait_for 'Scan your member card or type its number'
open_voucher
wait_for "│ $short │"
no_wide "the console's voucher"
scans "the console's QR code, in colour"

KIOSK_ENV="$TI NO_COLOR=1"
start_kiosk 132 43
open_voucher
no_colour "the console under NO_COLOR"
scans "the console's QR code without colour"

# At 80x24 a code of two cells a module cannot fit: the short code alone.
KIOSK_ENV=$TI
start_kiosk 80 24
open_voucher
wait_for "│ $short │"
no_wide "the console's voucher at 80x24"
expect_masked_console voucher-console-en-80x24

# A terminal with everything but colour: half blocks, in reverse video.
KIOSK_TERM=xterm-256color
KIOSK_ENV="$TI NO_COLOR=1"
start_kiosk 80 24
wait_for '中文'
open_voucher
no_colour "NO_COLOR"
scans "the half-block QR code without colour"
# And with colour, white on black whatever the terminal's own colours.
KIOSK_ENV=$TI
start_kiosk 80 24
open_voucher
scans "the half-block QR code in colour"

# A locale that is not UTF-8: English, only ASCII to the terminal, lines
# by the terminal's own characters. What the kiosk writes is kept from the
# first screen on (the kiosk waits for the pipe, tmux pipe-pane, by a
# resize: a whole frame drawn again).
KIOSK_ENV="$TI LC_ALL=C"
start_kiosk 132 43
tm pipe-pane -o -t kiosk "cat >>'$T/bytes'"
tm resize-window -t kiosk -x 131 -y 43
tm resize-window -t kiosk -x 132 -y 43
wait_for 'Scan your member card or type its number'
if capture | grep -q 'Language'; then fail "LC_ALL=C offers another language"; else pass; fi
open_voucher
# tmux's capture shows the line characters of the terminal's own set
# (ACS: \033(0 then l q k x m j) as those letters.
wait_for "x $short x" "the short code's box is not drawn with the terminal's lines"
if grep -q -a "$(printf '\033(0')" "$T/bytes"; then pass; else fail "no ACS lines were drawn"; fi
no_wide "LC_ALL=C"
scans "the QR code under LC_ALL=C"
keys Escape
wait_for "$short"
tm pipe-pane -t kiosk
if [ ! -s "$T/bytes" ]; then
	fail "nothing of what the kiosk wrote was kept"
elif LC_ALL=C grep -q -a -P '[\x80-\xff]' "$T/bytes"; then
	fail "under LC_ALL=C the kiosk wrote bytes beyond ASCII"
else
	pass
fi
KIOSK_ENV=

# No terminal to draw on: one line, exit 2, before curses writes anything.
for term in dumb ''; do
	env -i PATH=/usr/bin:/bin HOME="$HOME" TERM="$term" LANG=C.UTF-8 \
		"$JIFEN" --db "$DB" --config "$CONF" kiosk </dev/null >"$T/out" 2>"$T/err"
	st=$?
	if [ $st -ne 2 ] || [ -s "$T/out" ] || [ "$(wc -l <"$T/err")" -ne 1 ] ||
		! grep -q 'TERM' "$T/err"; then
		fail "TERM='$term': exit $st, stdout '$(cat "$T/out")', stderr '$(cat "$T/err")'"
	else
		pass
	fi
done
env -i PATH=/usr/bin:/bin HOME="$HOME" TERM=dumb LANG=C.UTF-8 \
	"$JIFEN" --db "$DB" --config "$CONF" counter </dev/null >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && grep -q 'TERM=dumb' "$T/err" && pass || fail "the counter ran on TERM=dumb"

# The command line's QR code on a terminal: black on white, or reverse
# video under NO_COLOR; both scan.
for no_color in '' 1; do
	stop_kiosk
	starts=$((starts + 1))
	SOCK=kiosk-$$-$starts
	printf '#!/bin/sh\nenv -i PATH=/usr/bin:/bin HOME=%s TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=%s %s --db %s --config %s voucher show %s --qr\nsleep 60\n' \
		"$HOME" "$no_color" "$JIFEN" "$DB" "$CONF" "$code" >"$S/run"
	chmod +x "$S/run"
	tm start-server \; new-session -d -s kiosk -x 100 -y 50 "$S/run"
	pane=kiosk
	wait_for "$short"
	if [ -n "$no_color" ]; then
		no_colour "jifen voucher show --qr under NO_COLOR"
	fi
	scans "jifen voucher show --qr${no_color:+ under NO_COLOR}"
done
stop_kiosk

finish
