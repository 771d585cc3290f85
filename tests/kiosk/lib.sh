# lib.sh: what every tests/kiosk/*.sh script shares. Sourced, never run.
#
# After tmux's regress/*.sh and tig's test/tools/libtest.sh: each script
# runs the real `jifen kiosk` in a tmux server of its own (a private socket
# in the script's temporary directory), on a demo ledger of its own, sends
# keys, and compares what the pane shows. Everything the screen depends on
# is pinned: TERM, TZ, LANG (C.UTF-8, the one locale a minimal machine has),
# HOME, the terminal's size and the clock (JIFEN_NOW).
#
# Screens are awaited by polling capture-pane a bounded number of times,
# never by sleeping alone. Whole screens are compared with the dumps kept
# in tests/kiosk/screens/; to regenerate one on purpose, after looking at
# it:   KIOSK_REGEN=1 make check TESTS=tests/kiosk/attract.sh
#
# A failed check prints what was expected and the screen as it was; the
# script carries on and exits 1 at the end (finish).

set -u

test_name=$(basename "$0" .sh)
checks=0
failures=0
here=$(cd "$(dirname "$0")" && pwd)
screens=${top_srcdir:-$here/../..}/tests/kiosk/screens

if [ -z "${JIFEN:-}" ]; then
	JIFEN=$(cd "$here/../.." && pwd)/src/jifen
fi
if [ ! -x "$JIFEN" ]; then
	echo "$test_name: no jifen program at $JIFEN (build it first)"
	exit 1
fi
for _tool in tmux sqlite3 jq; do
	if ! command -v "$_tool" >/dev/null 2>&1; then
		echo "$test_name: FAIL: $_tool is not installed (see .ci/install-deps)"
		exit 1
	fi
done

T=$(mktemp -d "${TMPDIR:-/tmp}/jifen-kiosk-$test_name.XXXXXX") || exit 1
S=$T/.test
mkdir -p "$S" "$T/home"
starts=0
SOCK=kiosk-$$-$starts
trap 'stop_kiosk; [ -n "${KEEP_TMP:-}" ] || rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

HOME=$T/home
TMUX_TMPDIR=$T
LC_ALL=C.UTF-8
TZ=Asia/Shanghai
JIFEN_NOW=2026-11-24T10:00:00
export HOME TMUX_TMPDIR LC_ALL TZ JIFEN_NOW
unset TMUX XDG_DATA_HOME JIFEN_CONFIG JIFEN_DB LANGUAGE

DB=$T/ledger.db
CONF=$T/jifen.conf
cp "${top_srcdir:-$here/../..}/assets/demo.conf" "$CONF"
# KIOSK_DB: a ledger elsewhere (tests/pg: a PostgreSQL URL), whose voucher
# key then lives in $T as the config says.
if [ -n "${KIOSK_DB:-}" ]; then
	DB=$KIOSK_DB
	printf '[voucher]\nkey_file = %s/ledger.key\n' "$T" >>"$CONF"
fi

# jf ARGS: the command line on the test's ledger.
jf() {
	"$JIFEN" --db "$DB" --config "$CONF" "$@"
}

jf init --demo >/dev/null || { echo "$test_name: FAIL: jifen init --demo"; exit 1; }

# tm ARGS: this script's own tmux server.
tm() {
	tmux -L "$SOCK" -f /dev/null "$@"
}

# stop_kiosk: end the kiosk (and any started beside it) and its tmux
# server. Closing the terminal ends a kiosk; one still there a moment later
# (seen once under the sanitizers, stuck in the leak check at exit) is
# killed, by the pid this script noted.
stop_kiosk() {
	tm kill-server >/dev/null 2>&1
	pane=kiosk
	for _pidfile in "$S"/pid "$S"/pid-*; do
		[ -f "$_pidfile" ] || continue
		_pid=$(cat "$_pidfile")
		rm -f "$_pidfile"
		_i=0
		while [ $_i -lt 20 ] && jifen_running "$_pid"; do
			sleep 0.1
			_i=$((_i + 1))
		done
		jifen_running "$_pid" && kill -KILL "$_pid"
	done
	return 0
}

# jifen_running PID: PID is a jifen process, and not a zombie.
jifen_running() {
	case $(ps -o stat=,comm= -p "$1" 2>/dev/null) in
	Z*) return 1 ;;
	*jifen) return 0 ;;
	*) return 1 ;;
	esac
}

# start_kiosk COLS ROWS [KIOSK ARGS]: a fresh kiosk in a COLSxROWS pane,
# with nothing of the caller's environment but what is pinned here.
# KIOSK_NOW overrides the clock, KIOSK_LANGUAGE sets LANGUAGE, KIOSK_TERM
# the terminal type (xterm-256color), KIOSK_COMMAND the command (kiosk; the
# counter's tests run counter), KIOSK_CONF the config file ($CONF), and
# KIOSK_ENV more of the environment ('LC_ALL=C NO_COLOR=1': term.sh).
start_kiosk() {
	_cols=$1 _rows=$2
	shift 2
	# A server of its own for each start: a new server on the socket of
	# one being killed could find it still there.
	stop_kiosk
	starts=$((starts + 1))
	SOCK=kiosk-$$-$starts
	rm -f "$S/status"
	# The script, not tmux, records how the kiosk ended: tmux 3.3 may mark
	# a pane dead and never learn its status.
	cat >"$S/run" <<-EOF
	#!/bin/sh
	env -i PATH=/usr/bin:/bin HOME='$HOME' TERM='${KIOSK_TERM:-xterm-256color}' TZ='$TZ' \\
	  LANG=C.UTF-8 ${KIOSK_LANGUAGE:+LANGUAGE=$KIOSK_LANGUAGE} ${KIOSK_ENV:-} JIFEN_NOW='${KIOSK_NOW:-$JIFEN_NOW}' \\
	  '$JIFEN' --db '$DB' --config '${KIOSK_CONF:-$CONF}' ${KIOSK_COMMAND:-kiosk} $*
	st=\$?
	# How the kiosk left the terminal, for the tests of its signals.
	stty -a >'$S/stty' 2>&1
	echo \$st >'$S/status'
	EOF
	chmod +x "$S/run"
	# remain-on-exit: a kiosk that ends leaves its pane to look at.
	tm start-server \; set-option -g remain-on-exit on \; \
		new-session -d -s kiosk -x "$_cols" -y "$_rows" "$S/run"
	pane=kiosk
	first_frame
	kiosk_pid >"$S/pid"
}

# Keys sent before the kiosk has set up the terminal would reach it in
# another form (cursor keys) or be echoed: first_frame waits for its first
# frame.
first_frame() {
	_i=0
	while [ $_i -lt 200 ] && ! capture | grep -q '[^ ]'; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

# start_beside NAME COLS ROWS [KIOSK ARGS]: after start_kiosk, a second
# kiosk in the same tmux server, in a session (pane) of its own named NAME,
# on the same ledger: two counters at once. The same variables as for
# start_kiosk; how it ends is not recorded. `at NAME CMD` sends keys to it
# and reads its screen; everything else goes to the first, "kiosk".
start_beside() {
	_name=$1 _cols=$2 _rows=$3
	shift 3
	cat >"$S/run-$_name" <<-EOF
	#!/bin/sh
	exec env -i PATH=/usr/bin:/bin HOME='$HOME' TERM='${KIOSK_TERM:-xterm-256color}' TZ='$TZ' \\
	  LANG=C.UTF-8 ${KIOSK_LANGUAGE:+LANGUAGE=$KIOSK_LANGUAGE} ${KIOSK_ENV:-} JIFEN_NOW='${KIOSK_NOW:-$JIFEN_NOW}' \\
	  '$JIFEN' --db '$DB' --config '${KIOSK_CONF:-$CONF}' ${KIOSK_COMMAND:-kiosk} $*
	EOF
	chmod +x "$S/run-$_name"
	tm new-session -d -s "$_name" -x "$_cols" -y "$_rows" "$S/run-$_name"
	at "$_name" first_frame
	tm display-message -p -t "$_name" '#{pane_pid}' >"$S/pid-$_name"
}

# at NAME CMD [ARGS]: CMD (keys, wait_for, click, ...) on the kiosk in
# pane NAME ("kiosk" is start_kiosk's).
at() {
	_at_was=$pane
	pane=$1
	shift
	"$@"
	_at_status=$?
	pane=$_at_was
	return $_at_status
}

# The pane keys go to and screens are read from (see at).
pane=kiosk

capture() {
	tm capture-pane -p -t "$pane"
}

keys() {
	tm send-keys -t "$pane" "$@"
}

# type_text TEXT: TEXT as typed or scanned, byte for byte.
type_text() {
	tm send-keys -t "$pane" -l -- "$1"
}

pass() {
	checks=$((checks + 1))
}

fail() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "FAIL: $*"
	echo "--- the screen was:"
	capture | sed 's/$/|/'
	echo "---"
}

# shows HOW TEXT: the screen has a line that grep HOW (-F or -E) finds.
shows() {
	capture | grep -q "$1" -- "$2"
}

# await HOW TEXT WHAT: until shows HOW TEXT (200 looks, ~20 s); WHAT is
# said if it never does.
await() {
	_i=0
	while [ $_i -lt 200 ]; do
		if shows "$1" "$2"; then
			pass
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	fail "$3"
	return 1
}

# wait_for TEXT [WHAT]: until the screen shows TEXT.
wait_for() {
	await -F "$1" "${2:-the screen never showed '$1'}"
}

# wait_line REGEX [WHAT]: until a line of the screen matches REGEX (grep -E).
wait_line() {
	await -E "$1" "${2:-no line of the screen matches '$1'}"
}

# wait_gone TEXT: until the screen no longer shows TEXT.
wait_gone() {
	_i=0
	while [ $_i -lt 200 ]; do
		if ! shows -F "$1"; then
			pass
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	fail "the screen still shows '$1'"
	return 1
}

# screen_filter: what expect_screen compares, the pane as shown; a script
# whose screens differ from run to run (random voucher codes) sets
# screen_filter to a command that makes them the same.
screen_filter=cat

# expect_screen NAME: until the pane shows exactly screens/NAME.txt (after
# screen_filter).
expect_screen() {
	_want=$screens/$1.txt
	_i=0
	if [ -n "${KIOSK_REGEN:-}" ]; then
		sleep 1 # let it settle: this dump becomes the reference
		capture | $screen_filter >"$_want"
		echo "regenerated $_want"
	fi
	if [ ! -f "$_want" ]; then
		fail "no expected screen $_want"
		return 1
	fi
	while [ $_i -lt 200 ]; do
		capture | $screen_filter >"$S/got"
		if cmp -s "$_want" "$S/got"; then
			pass
			return 0
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "FAIL: the screen is not $1 (- expected, + shown):"
	diff -u "$_want" "$S/got" | tail -n +3
	return 1
}

# click TEXT: a touch (an xterm SGR mouse press and release) on the first
# character of TEXT where the screen shows it. Columns count display width.
click() {
	_cap=$(capture)
	_row=$(printf '%s\n' "$_cap" | grep -n -F -m1 -- "$1" | cut -d: -f1)
	if [ -z "$_row" ]; then
		fail "nothing to click: no '$1' on the screen"
		return 1
	fi
	_line=$(printf '%s\n' "$_cap" | sed -n "${_row}p")
	_prefix=${_line%%"$1"*}
	_col=$(($(printf '%s' "$_prefix" | wc -L) + 1))
	type_text "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' "$_col" "$_row" "$_col" "$_row")"
}

# kiosk_alive: the kiosk is still running.
kiosk_alive() {
	[ ! -f "$S/status" ]
}

# kiosk_exit_status: the status the kiosk ended with ("" while it runs;
# 128 + N if signal N ended it).
kiosk_exit_status() {
	cat "$S/status" 2>/dev/null
}

# kiosk_pid: the kiosk's process (a child of the pane's shell).
kiosk_pid() {
	ps -o pid= --ppid "$(tm display-message -p -t "$pane" '#{pane_pid}')" | tr -d ' '
}

# enter_card CARD: type a card number, see it in the field, press Enter.
# Seeing it first means the next message on the screen is new.
enter_card() {
	type_text "$1"
	wait_for "[$1_" "the card number $1 is not in its field" || true
	keys Enter
}

# login CARD PIN: from the attract screen to the home screen.
login() {
	enter_card "$1"
	wait_for '[_      ]' "no PIN step after card $1" || true
	type_text "$2"
	keys Enter
}

# lock_out: at a PIN field, five wrong PINs: each of the first four says
# how many are left, the fifth locks the card (the config's defaults, with
# the clock pinned at 10:00).
lock_out() {
	for _left in 4 3 2 1; do
		type_text 9999
		keys Enter
		if [ $_left = 1 ]; then
			wait_for "Wrong PIN. 1 more wrong PIN locks the card."
		else
			wait_for "Wrong PIN. $_left more wrong PINs lock the card."
		fi
	done
	type_text 9999
	keys Enter
	wait_for 'This card is locked after too many wrong PINs. Try again after 10:15.'
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$test_name: $failures of $checks checks failed"
		exit 1
	fi
	echo "$test_name: all $checks checks passed"
	exit 0
}
