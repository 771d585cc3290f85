#!/bin/sh
# jifen-session, the kiosk units' launcher, with a stand-in for cage that
# prints the command line it was given: the font's size in pixels for
# screens of several sizes (about 80x24 cells, never fewer), the settings
# that change it, a bad JIFEN_FONT_SIZE refused before anything starts,
# foot's keys that would open a shell switched off; the terminal chosen
# (foot from 1.16, which reads touches, else xterm, else foot) with
# stand-ins for foot and xterm, and xterm's menus, paste and font keys
# switched off. tests/kiosk/cage.sh and tests/kiosk/cage_xterm.sh run it
# for real.
. "$(dirname "$0")/lib.sh"

session=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}/assets/jifen-session
if [ ! -x "$session" ]; then
	echo "$test_name: FAIL: no $session (make builds it)"
	exit 1
fi
mkdir -p "$T/stub"
cat >"$T/stub/cage" <<'EOF'
#!/bin/sh
printf '%s\n' "$@"
EOF
chmod +x "$T/stub/cage"
# foot as old as Debian 12's (1.13, no touch) unless FOOT_VERSION says.
cat >"$T/stub/foot" <<'EOF'
#!/bin/sh
echo "foot version: ${FOOT_VERSION:-1.13.1} +pgo +ime +graphemes -assertions"
EOF
cat >"$T/stub/xterm" <<'EOF'
#!/bin/sh
exit 0
EOF
chmod +x "$T/stub/foot" "$T/stub/xterm"
# The tools jifen-session uses, and no foot or xterm but the stand-ins.
mkdir -p "$T/tools"
for _tool in sed cat head env; do
	ln -s "$(command -v "$_tool")" "$T/tools/$_tool"
done

# sess VAR=VALUE... -- ARGS...: jifen-session ARGS with only the VARs set,
# its cage command line in $out, one argument a line. The terminal is foot
# unless a VAR says JIFEN_TERMINAL=, or SESS_CHOOSE=1 lets it choose.
sess() {
	_vars=
	while [ "$1" != -- ]; do
		_vars="$_vars '$(printf '%s' "$1" | sed "s/'/'\\\\''/g")'"
		shift
	done
	shift
	[ -n "${SESS_CHOOSE:-}" ] || _vars="JIFEN_TERMINAL=foot $_vars"
	eval "env -i PATH=\"\${SESS_PATH:-\$T/stub:\$T/tools}\" $_vars \"\$session\" \"\$@\"" >"$out" 2>"$err"
	rc=$?
}

# expect_font SIZE: both fonts at SIZE pixels.
expect_font() {
	check "$(grep '^--font=' "$out")" = \
		"--font=DejaVu Sans Mono:pixelsize=$1,Noto Sans Mono CJK SC:pixelsize=$1"
}

# The issue's 1280x720: 24 pixels, 91x24 cells of DejaVu Sans Mono.
sess JIFEN_SCREEN=1280x720 -- kiosk
expect_status 0
expect_font 24
# cage without -s (no VT switching): the first of its arguments is --.
check "$(head -n 1 "$out")" = --
check "$(sed -n 2p "$out")" = foot
# The installed program, then the arguments given.
check "$(tail -n 1 "$out")" = kiosk
tail -n 2 "$out" | head -n 1 | grep -q '^/.*/bin/jifen$' ||
	fail "jifen-session does not run the installed jifen: $(tail -n 2 "$out" | head -n 1)"
for key in spawn-terminal show-urls-launch show-urls-copy show-urls-persistent pipe-scrollback; do
	check "$(grep -c "^key-bindings.$key=none$" "$out")" -eq 1
done
# foot's own config is not read: the same look on every kiosk.
check "$(grep -A1 -x -- -c "$out" | tail -n 1)" = /dev/null

# Larger, smaller, and upright screens: as large as 80x24 cells allow.
sess JIFEN_SCREEN=1920x1080 -- kiosk
expect_font 37
sess JIFEN_SCREEN=800x480 -- kiosk
expect_font 16
sess JIFEN_SCREEN=1080x1920 -- kiosk
expect_font 22
# A screen size that says nothing: 1280x720.
sess JIFEN_SCREEN=wide -- kiosk
expect_status 0
expect_font 24

# Set by the store.
sess JIFEN_SCREEN=1280x720 JIFEN_FONT_SIZE=30 -- counter
expect_status 0
expect_font 30
check "$(tail -n 1 "$out")" = counter
sess JIFEN_FONT_SIZE=3 -- kiosk
expect_font 8
sess 'JIFEN_FONT=Noto Sans Mono, WenQuanYi Zen Hei Mono' JIFEN_FONT_SIZE=20 -- kiosk
check "$(grep '^--font=' "$out")" = \
	"--font=Noto Sans Mono:pixelsize=20,WenQuanYi Zen Hei Mono:pixelsize=20"
sess JIFEN_PROGRAM=/opt/jifen/bin/jifen -- --db /x.db kiosk
check "$(tail -n 4 "$out" | tr '\n' ' ')" = "/opt/jifen/bin/jifen --db /x.db kiosk "

# A size that is not a number: refused in one line, nothing started.
for bad in big 12px -4 ''; do
	sess "JIFEN_FONT_SIZE=$bad" JIFEN_SCREEN=1280x720 -- kiosk
	if [ -z "$bad" ]; then
		# Empty is unset: computed.
		expect_status 0
		expect_font 24
		continue
	fi
	expect_status 2
	expect_stdout_empty
	check "$(wc -l <"$err")" -eq 1
	expect_err "JIFEN_FONT_SIZE must be a number of pixels"
done

# ---- the terminal, chosen by what the machine has ----

# xterm_arg FLAG: the argument after FLAG in xterm's command line.
xterm_arg() {
	grep -A1 -x -- "$1" "$out" | sed -n 2p
}

# Debian 12: foot 1.13 ignores touches, xterm is there: xterm, through
# Xwayland, which turns touches into clicks for it.
SESS_CHOOSE=1
sess JIFEN_SCREEN=1280x720 -- kiosk
expect_status 0
check "$(head -n 2 "$out" | tr '\n' ' ')" = "-- xterm "
# No title line: 25 pixels, 85x24 cells.
check "$(xterm_arg -fa)" = "DejaVu Sans Mono:pixelsize=25"
check "$(xterm_arg -fd)" = "Noto Sans Mono CJK SC:pixelsize=25"
# The program last, after -e, then its arguments.
check "$(tail -n 3 "$out" | head -n 1)" = -e
tail -n 2 "$out" | head -n 1 | grep -q '^/.*/bin/jifen$' ||
	fail "jifen-session does not run the installed jifen in xterm"
check "$(tail -n 1 "$out")" = kiosk
# Nothing but typing and clicking: no Ctrl+click menus, no selection or
# paste, no font keys, no full-screen key, no scrollback.
omitted=$(grep '^\*omitTranslation: ' "$out")
for group in popup-menu select shift-fonts fullscreen reset wheel-mouse paging; do
	checks=$((checks + 1))
	case ",${omitted#*: }," in
	*",$group,"*) ;;
	*) fail "xterm keeps its $group bindings: $omitted" ;;
	esac
done
for resource in allowWindowOps allowFontOps allowTitleOps allowSendEvents; do
	check "$(grep -c "^\*$resource: false$" "$out")" -eq 1
done
check "$(grep -c '^\*printerCommand:$' "$out")" -eq 1
check "$(sed -n 3p "$out")" = -u8
sess JIFEN_SCREEN=1920x1080 -- counter
check "$(xterm_arg -fa)" = "DejaVu Sans Mono:pixelsize=37"
check "$(tail -n 1 "$out")" = counter
# The fonts: the first for the cells, the rest for the wide glyphs.
sess 'JIFEN_FONT=Noto Sans Mono, WenQuanYi Zen Hei Mono, Noto Sans Mono CJK SC' JIFEN_FONT_SIZE=20 -- kiosk
check "$(xterm_arg -fa)" = "Noto Sans Mono:pixelsize=20"
check "$(xterm_arg -fd)" = "WenQuanYi Zen Hei Mono,Noto Sans Mono CJK SC:pixelsize=20"
sess 'JIFEN_FONT=DejaVu Sans Mono' JIFEN_FONT_SIZE=20 -- kiosk
check "$(xterm_arg -fd)" = "DejaVu Sans Mono:pixelsize=20"

# A foot that reads touches (1.16 on) is chosen over xterm.
for version in 1.16.0 1.18.1 2.0.0; do
	sess FOOT_VERSION=$version JIFEN_SCREEN=1280x720 -- kiosk
	expect_status 0
	check "$(sed -n 2p "$out")" = foot
	expect_font 24
done
sess FOOT_VERSION=1.15.9 -- kiosk
check "$(sed -n 2p "$out")" = xterm

# No xterm: foot as it is, and the journal says that touches are lost.
mkdir -p "$T/nox"
ln -s "$T/stub/cage" "$T/nox/cage"
ln -s "$T/stub/foot" "$T/nox/foot"
SESS_PATH=$T/nox:$T/tools
sess JIFEN_SCREEN=1280x720 -- kiosk
expect_status 0
check "$(sed -n 2p "$out")" = foot
expect_font 24
expect_err "ignores touch screens"
SESS_PATH=

# Chosen by the store: JIFEN_TERMINAL.
sess FOOT_VERSION=1.16.0 JIFEN_TERMINAL=xterm -- kiosk
check "$(sed -n 2p "$out")" = xterm
sess JIFEN_TERMINAL=foot -- kiosk
check "$(sed -n 2p "$out")" = foot
for bad in kitty 'foot ' XTERM; do
	sess "JIFEN_TERMINAL=$bad" -- kiosk
	expect_status 2
	expect_stdout_empty
	check "$(wc -l <"$err")" -eq 1
	expect_err "JIFEN_TERMINAL must be foot or xterm"
done
SESS_CHOOSE=
finish
