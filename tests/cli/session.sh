#!/bin/sh
# jifen-session, the kiosk units' launcher, with a stand-in for cage that
# prints the command line it was given: the font's size in pixels for
# screens of several sizes (about 80x24 cells, never fewer), the settings
# that change it, a bad JIFEN_FONT_SIZE refused before anything starts, and
# foot's keys that would open a shell switched off. tests/kiosk/cage.sh
# runs it for real.
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

# sess VAR=VALUE... -- ARGS...: jifen-session ARGS with only the VARs set,
# its cage command line in $out, one argument a line.
sess() {
	_vars=
	while [ "$1" != -- ]; do
		_vars="$_vars '$(printf '%s' "$1" | sed "s/'/'\\\\''/g")'"
		shift
	done
	shift
	eval "env -i PATH=\"\$T/stub:/usr/bin:/bin\" $_vars \"\$session\" \"\$@\"" >"$out" 2>"$err"
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
finish
