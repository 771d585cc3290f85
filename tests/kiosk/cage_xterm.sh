#!/bin/sh
# The kiosk as jifen-kiosk.service starts it on Debian 12, where foot (1.13)
# ignores touch screens and jifen-session therefore runs xterm through
# Xwayland: cage (its headless backend: no display, no input devices,
# pixman drawing), xterm in it with the fonts and size jifen-session
# chooses, and the kiosk on a demo ledger, as a user who is not root (cage
# refuses root: run as root, the test runs it as nobody). It checks:
#
#  - that jifen-session chose xterm (when foot is older than 1.16), and
#    that the screen holds about 80x24 cells (xterm's resize increments);
#  - what a member would see, from screenshots of xterm's window (xwd):
#    the function-key bar reads "English", the Chinese store name 红米好物
#    reads (tesseract chi_sim), and does not without a CJK font (fontconfig
#    allowed only DejaVu: the check is not blind);
#  - a click reaches the kiosk: xdotool presses the pointer (XTEST) on the
#    "( ) 中文" choice as tesseract locates it on the screenshot, through
#    Xwayland and xterm, and the kiosk switches to Chinese (the English
#    promotion no longer reads); a click on "English" switches back;
#  - keys typed into xterm (xdotool) redeem a voucher whose QR code
#    zbarimg decodes off the screenshot.
#
# Not shown here: a touch. cage's headless backend has no input devices
# and this container no /dev/uinput, so no touch event can be made; the
# step from a touch to the pointer press that this test makes is
# Xwayland's pointer emulation (doc/DESIGN.md, "The kiosk at boot").
# Screenshots are of xterm's window, not cage's output: in the headless
# backend cage 0.1.4 scans the Xwayland window's buffer out directly, and
# grim then reads a black screen (a DRM output cannot scan out such a
# buffer, and cage draws it instead).
#
# It skips (77) only when a program or data it needs is not installed:
# cage xterm xwayland xdotool x11-apps (xwd) x11-utils (xprop) netpbm
# fonts-noto-cjk fonts-dejavu-core zbar-tools tesseract-ocr
# tesseract-ocr-chi-sim jq (.ci/install-deps installs them).
# KEEP_TMP=1 keeps the screenshots.
set -u

test_name=cage_xterm
cage_tools="xterm xdotool xwd xprop xwdtopnm"
. "$(dirname "$0")/cage_lib.sh"

# The X display of the running session and xterm's window on it.
display=
window=

# start_session NAME [VAR=VALUE...]: cage as the unit starts it (the
# environment emptied but for the VARs), its log in $T/NAME.log; once
# xterm's window shows, $display and $window name it.
start_session() {
	_name=$1
	shift
	rm -rf "$T/run/"* "$T/$_name.log"
	# shellcheck disable=SC2016 # $$ and $1 are the inner shell's
	as_user sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$T/$_name.pid" \
		env -i PATH=/usr/bin:/bin HOME="$T/home" XDG_RUNTIME_DIR="$T/run" \
		WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
		LANG=C.UTF-8 TZ=Asia/Shanghai JIFEN_NOW=2026-11-24T10:00:00 \
		JIFEN_SCREEN=${W}x$H JIFEN_PROGRAM="$T/bin/jifen" "$@" \
		"$T/bin/jifen-session" --db "$DB" --config "$CONF" kiosk \
		>"$T/$_name.log" 2>&1 &
	_i=0
	while [ $_i -lt 600 ] && [ ! -s "$T/$_name.pid" ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	_cage=$(cat "$T/$_name.pid" 2>/dev/null)
	pids="$pids $_cage"
	# cage passes DISPLAY (the Xwayland it started) to the terminal.
	display=''
	window=''
	_i=0
	while [ $_i -lt 600 ] && [ -z "$window" ]; do
		sleep 0.1
		_i=$((_i + 1))
		_term=$(ps -o pid= -o comm= --ppid "$_cage" 2>/dev/null | awk '$2 == "xterm" { print $1 }')
		[ -n "$_term" ] || continue
		display=$(tr '\0' '\n' <"/proc/$_term/environ" 2>/dev/null | sed -n 's/^DISPLAY=//p')
		[ -n "$display" ] || continue
		window=$(X xdotool search --onlyvisible --class xterm 2>/dev/null | head -1)
	done
	if [ -z "$window" ]; then
		fail "$_name: no xterm window in cage:"
		grep -v 'Basic output test failed' "$T/$_name.log" | tail -20
		return 1
	fi
}

# X CMD...: CMD as the session's user on its X display.
X() {
	as_user env DISPLAY="$display" "$@"
}

# stop_sessions: end the cages this script started (xterm, Xwayland and
# the kiosk end with them).
stop_sessions() {
	for _pid in $pids; do
		kill "$_pid" 2>/dev/null
		_i=0
		while [ $_i -lt 50 ] && kill -0 "$_pid" 2>/dev/null; do
			sleep 0.1
			_i=$((_i + 1))
		done
		kill -KILL "$_pid" 2>/dev/null
	done
	pids=
	# The recorder's script outlives xterm (it holds the kiosk's terminal):
	# it and the kiosk in it end here.
	if [ -s "$T/recorder.pid" ]; then
		_script=$(cat "$T/recorder.pid")
		for _pid in $(ps -o pid= --ppid "$_script") $_script; do
			kill "$_pid" 2>/dev/null
		done
		_i=0
		while [ $_i -lt 50 ] && kill -0 "$_script" 2>/dev/null; do
			sleep 0.1
			_i=$((_i + 1))
		done
		rm -f "$T/recorder.pid"
	fi
	return 0
}

# shot FILE: a screenshot of xterm's window (PNM, which tesseract and
# zbarimg read).
shot() {
	X xwd -silent -id "$window" | xwdtopnm >"$1" 2>/dev/null
}

# cells: xterm's cell size, its resize increments: "WIDTH HEIGHT".
cells() {
	X xprop -id "$window" WM_NORMAL_HINTS |
		sed -n 's/.*resize increment: \([0-9]*\) by \([0-9]*\).*/\1 \2/p'
}

# await_text NAME TEXT LANGUAGE: until tesseract reads TEXT on the screen;
# the last screenshot is $T/NAME.pnm.
await_text() {
	_i=0
	while [ $_i -lt 100 ]; do
		shot "$T/$1.pnm"
		if ocr "$T/$1.pnm" "$3" | tr -d ' ' | grep -q -F -- "$2"; then
			return 0
		fi
		sleep 0.2
		_i=$((_i + 1))
	done
	return 1
}

# word_at NAME WORD [MIN_Y MAX_Y]: the centre "X Y" of the first WORD that
# tesseract finds in $T/NAME.pnm between the two heights.
word_at() {
	OMP_THREAD_LIMIT=1 tesseract "$T/$1.pnm" - -l eng --psm 3 tsv 2>/dev/null |
		awk -F '\t' -v w="$2" -v lo="${3:-0}" -v hi="${4:-$H}" \
			'$12 == w && $8 >= lo && $8 <= hi { print int($7 + $9 / 2), int($8 + $10 / 2); exit }'
}

foot_version=$(foot --version 2>/dev/null | sed -n 's/^foot version: \([0-9.]*\).*/\1/p')

# ---- the attract screen, as the service shows it, and clicks ----

if start_session attract; then
	# Chosen by jifen-session itself (no JIFEN_TERMINAL): foot 1.16 and
	# later would be chosen instead.
	case $foot_version in
	'' | 1.[0-9] | 1.[0-9].* | 1.1[0-5] | 1.1[0-5].*) pass ;;
	*) echo "$test_name: foot $foot_version takes touches: the session chose xterm anyway" ;;
	esac
	read -r cw ch <<-EOF
	$(cells)
	EOF
	cols=$((W / ${cw:-1})) rows=$((H / ${ch:-1}))
	if [ "$cols" -ge 80 ] && [ "$cols" -le 100 ] && [ "$rows" -ge 24 ] && [ "$rows" -le 26 ]; then
		pass
	else
		fail "the screen holds ${cols}x$rows cells (cell ${cw}x$ch), not about 80x24"
	fi
	# The bar's "中文 / English" on the bottom row.
	if await_text attract English eng; then
		bar=$(OMP_THREAD_LIMIT=1 tesseract "$T/attract.pnm" - -l eng --psm 3 tsv 2>/dev/null |
			awk -F '\t' -v y=$(((rows - 1) * ch)) '$12 == "English" && $8 >= y' | wc -l)
		[ "$bar" -ge 1 ] && pass || fail "the function-key bar does not read 'English'"
	else
		fail "nothing reads 'English' on the attract screen"
	fi
	if ocr "$T/attract.pnm" chi_sim | tr -d ' ' | grep -q '红米好物'; then
		pass
	else
		fail "the store's name 红米好物 does not read from the screen (tesseract read:
$(ocr "$T/attract.pnm" chi_sim))"
	fi

	# A click on "( ) 中文", which lies between "Language:" and the chosen
	# "(*) English" on the language line.
	if ocr "$T/attract.pnm" eng | grep -q 'everything!'; then
		pass
	else
		fail "the English promotion ('... everything!') does not read before the click"
	fi
	# shellcheck disable=SC2046 # each is two numbers, X and Y
	set -- $(word_at attract Language: 60 $((H - 2 * ch))) \
		$(word_at attract English 60 $((H - 2 * ch)))
	if [ $# -eq 4 ]; then
		X xdotool mousemove $((($1 + $3) / 2 + ch / 2)) "$2" click 1
		_i=0
		while [ $_i -lt 100 ]; do
			shot "$T/clicked.pnm"
			ocr "$T/clicked.pnm" eng | grep -q 'everything!' || break
			sleep 0.2
			_i=$((_i + 1))
		done
		if ocr "$T/clicked.pnm" eng | grep -q 'everything!'; then
			fail "a click on ( ) 中文 did not switch the kiosk to Chinese"
		else
			pass
			# And one on "English" switches back.
			X xdotool mousemove "$3" "$4" click 1
			await_text back 'everything!' eng && pass ||
				fail "a click on ( ) English did not switch the kiosk back"
		fi
	else
		fail "tesseract did not find the language line ('Language:' and 'English')"
	fi
	stop_sessions
fi

# ---- the same without a CJK font: the check above fails ----

dejavu_only_config
if start_session nocjk FONTCONFIG_FILE="$T/dejavu-only.conf"; then
	if await_text nocjk English eng; then
		if ocr "$T/nocjk.pnm" chi_sim | tr -d ' ' | grep -q '红米好物'; then
			fail "红米好物 reads from a screen that has no Chinese glyphs: the check proves nothing"
		else
			pass
		fi
	else
		fail "nocjk: the attract screen never read 'English'"
	fi
	stop_sessions
fi

# ---- a voucher redeemed by keys typed into xterm, its QR code scanned ----

LI=8800000002
: >"$T/typescript"
cat >"$T/bin/recorder" <<EOF
#!/bin/sh
# xterm runs this instead of jifen: the kiosk in a terminal that script
# keeps in step with xterm's (its size, its input), and whose output a
# file keeps for the test to wait for what the kiosk drew.
echo \$\$ >'$T/recorder.pid'
SHELL=/bin/sh exec script -q -f -e -c "exec '$T/bin/jifen' \$*" '$T/typescript'
EOF
chmod 755 "$T/bin/recorder"
[ "$(id -u)" -ne 0 ] || chown -R nobody "$T"

mark=0
# type_keys KEYS...: xdotool types the keys (XTEST, to xterm, which has the
# focus; not sent to its window, which xterm would ignore; "Return" is Enter);
# what the kiosk draws from now on counts.
type_keys() {
	mark=$(wc -c <"$T/typescript")
	for _k in "$@"; do
		case $_k in
		Return) X xdotool key Return ;;
		*) X xdotool type --delay 40 -- "$_k" ;;
		esac
	done
}
# drawn TEXT: until the kiosk has drawn TEXT since the last keys (under
# load each typed key may be drawn on its own: look for what the last key
# draws, never for the whole word typed). Its
# spaces are not looked for: curses moves the cursor over blanks that are
# already there ("Type" ESC[15G "PIN"), and the moves are dropped too.
drawn() {
	_want=$(printf '%s' "$1" | tr -d ' ')
	_i=0
	while [ $_i -lt 300 ]; do
		if tail -c +$((mark + 1)) "$T/typescript" |
			sed 's/\x1b[[(][0-9;?]*[A-Za-z@]//g' | tr -d ' ' | grep -q -F -- "$_want"; then
			pass
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	fail "the kiosk never drew '$1'"
	return 1
}

if start_session voucher JIFEN_PROGRAM="$T/bin/recorder"; then
	drawn 'Scan your member card' &&
		type_keys $LI Return && drawn 'PIN (4 to 6 digits)' &&
		type_keys 2345 Return && drawn 'Hello, 李明' &&
		type_keys 2 && drawn 'Search:' &&
		type_keys CP-50-10 && drawn '0_' &&
		type_keys Return && drawn 'Redeem' &&
		type_keys Return && drawn 'You will have' &&
		type_keys Return && drawn 'Show this to the cashier' &&
		{
			list=$(jf --json voucher list $LI)
			[ "$(printf '%s\n' "$list" | jq length)" = 2 ] && pass ||
				fail "李明 does not have the voucher just redeemed and the demo's one"
			code=$(printf '%s\n' "$list" | jq -r '.[0].voucher')
			_i=0
			while [ $_i -lt 100 ]; do
				shot "$T/voucher.pnm"
				read_code=$(zbarimg --raw -q "$T/voucher.pnm" 2>/dev/null)
				[ "$read_code" = "$code" ] && break
				sleep 0.2
				_i=$((_i + 1))
			done
			[ "$read_code" = "$code" ] && pass ||
				fail "zbarimg read '$read_code' from the screenshot, not the voucher $code"
		}
	stop_sessions
fi

if jf verify >"$T/verify.out" 2>&1; then
	pass
else
	fail "jifen verify: $(cat "$T/verify.out")"
fi

if [ "$failures" -gt 0 ]; then
	echo "$test_name: $failures of $checks checks failed"
	exit 1
fi
echo "$test_name: all $checks checks passed"
exit 0
