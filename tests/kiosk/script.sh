#!/bin/sh
# The deterministic layer of the screen tests (after tig's TIG_SCRIPT and
# :save-display): each tests/kiosk/script/NAME.keys runs the real kiosk
# with `jifen kiosk --script`, on a demo ledger of its own, with no
# terminal, no tmux and no sleeping (the idle clock moves only when the
# script says time passes). Every screen the script saves must be,
# byte for byte, the dump kept beside it in tests/kiosk/script/. Then bad
# scripts: each is refused whole, with one line naming the bad line and
# status 2, before anything runs.
#
# Everything the screen depends on is pinned as in lib.sh: TZ, LANG
# (C.UTF-8), HOME, the clock (JIFEN_NOW); the screen's size is the
# script's. To regenerate the dumps on purpose, after looking at them:
#   KIOSK_REGEN=1 sh tests/kiosk/script.sh
# KEEP_TMP=1 keeps the temporary directory.

set -u

test_name=script
checks=0
failures=0
here=$(cd "$(dirname "$0")" && pwd)
src=${top_srcdir:-$here/../..}
dumps=$src/tests/kiosk/script

if [ -z "${JIFEN:-}" ]; then
	JIFEN=$(cd "$here/../.." && pwd)/src/jifen
fi
if [ ! -x "$JIFEN" ]; then
	echo "$test_name: no jifen program at $JIFEN (build it first)"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/jifen-kiosk-script.XXXXXX") || exit 1
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

mkdir -p "$T/home"
HOME=$T/home
LC_ALL=C.UTF-8
LANG=C.UTF-8
TZ=Asia/Shanghai
JIFEN_NOW=2026-11-24T10:00:00
export HOME LC_ALL LANG TZ JIFEN_NOW
unset JIFEN_CONFIG JIFEN_DB LANGUAGE LC_MESSAGES LINES COLUMNS

CONF=$T/jifen.conf
cp "$src/assets/demo.conf" "$CONF"

pass() {
	checks=$((checks + 1))
}

fail() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "FAIL: $*"
}

# fresh_ledger DB: a new demo ledger at DB.
fresh_ledger() {
	"$JIFEN" --db "$1" --config "$CONF" init --demo >/dev/null ||
		{ echo "$test_name: FAIL: jifen init --demo"; exit 1; }
}

# jf DB ARGS: the command line on DB (runner.sh verifies each ledger).
jf() {
	_jf_db=$1
	shift
	"$JIFEN" --db "$_jf_db" --config "$CONF" "$@"
}

# run_script NAME: the kiosk on a fresh ledger $T/run-NAME.db, its script
# NAME.keys run in $T/run-NAME (where its saves land); stderr to
# $T/run-NAME.err. Returns the exit status.
#
# The games' scripts (games*.keys) draw: their ledgers and plays come
# from JIFEN_SEED, so each draw (and the day's commitment) is the same on
# every run; their ledger is set up first by NAME.setup if there is one
# (sh, run in $dumps with DB set: `jf "$DB" game import tiny-game.json`).
# A script with a NAME.conf runs (and is set up) with the demo's config and
# that file's sections after it (tiers.conf: the [tier ID] sections).
run_script() {
	_dir=$T/run-$1
	mkdir -p "$_dir"
	_conf=$CONF
	if [ -f "$dumps/$1.conf" ]; then
		_conf=$_dir.conf
		cat "$CONF" "$dumps/$1.conf" >"$_conf"
	fi
	case $1 in
	games*) JIFEN_SEED=kiosk-$1 ;;
	*) JIFEN_SEED= ;;
	esac
	export JIFEN_SEED
	fresh_ledger "$_dir.db"
	if [ -f "$dumps/$1.setup" ]; then
		(cd "$dumps" && DB=$_dir.db && CONF=$_conf && . "./$1.setup") >"$_dir.setup" 2>&1 ||
			{ echo "$1.setup failed: $(cat "$_dir.setup")" >"$_dir.err"; return 1; }
	fi
	(cd "$_dir" && "$JIFEN" --db "$_dir.db" --config "$_conf" kiosk --script "$dumps/$1.keys" \
		</dev/null >/dev/null 2>"$_dir.err")
}

# ---- the scripts and their dumps ----

# Every dump compared, every dump kept saved by one script, every ledger
# verified after its script.
. "$here/runner.sh"
run_scripts

# A manager's card and right PIN end a locked kiosk (leave.keys has the
# refusals): status 0, and nothing of the script after the PIN runs.
fresh_ledger "$T/leave-ok.db"
printf 'scan 9900000001\ntype 2468\nkey Enter\nsave after-leave.txt\n' >"$T/leave-ok.keys"
(cd "$T" && "$JIFEN" --db "$T/leave-ok.db" --config "$CONF" kiosk --script "$T/leave-ok.keys" \
	</dev/null >/dev/null 2>"$T/leave-ok.err")
st=$?
if [ "$st" = 0 ] && [ ! -f "$T/after-leave.txt" ] && [ ! -s "$T/leave-ok.err" ]; then
	pass
else
	fail "the manager's PIN did not end the kiosk: status $st, $(cat "$T/leave-ok.err")"
fi

# A resize and back gives the same screen (each dump alone could be
# regenerated into agreeing with a broken redraw; the two must agree).
if cmp -s "$T/run-resize/resize-catalog-80x24.txt" "$T/run-resize/resize-catalog-back-80x24.txt"
then
	pass
else
	fail "the catalog at 80x24 is not the same after growing and shrinking again"
fi

# Back returns to the screen as it was left (back.keys): each pair is the
# same screen, before the screen it opened and after Back from it.
same() {
	if cmp -s "$T/run-back/$1-80x24.txt" "$T/run-back/$2-80x24.txt"; then
		pass
	else
		fail "Back did not return to $1 as it was: $2 differs"
		diff -u "$T/run-back/$1-80x24.txt" "$T/run-back/$2-80x24.txt" | tail -n +3
	fi
}
same back-home back-home-after-vouchers
same back-catalog back-catalog-after-item
same back-family-amount back-family-amount-after-pin

# The games' screens said what the ledger holds: the card scratched by
# touch (games-click.keys) won 200 points, which are in the balance; the
# tiny wheel (games-budget.keys) paid its one 10 points, then its
# fallback twice; the Lucky Wheel that stopped on thanks (games-zh.keys)
# and the three cards of games.keys paid thanks.
check '^balance +1388 ' jf "$T/run-games-click.db" balance 8800000002
check '^  p200 +1 paid of 100 today' jf "$T/run-games-click.db" game report
check '^  p10 +1 paid of 1 today' jf "$T/run-games-budget.db" game report
check '^  thanks +2 paid' jf "$T/run-games-budget.db" game report
check '^wheel v1: 1 plays' jf "$T/run-games-zh.db" game report
check '^  thanks +1 paid' jf "$T/run-games-zh.db" game report
check '^scratch v1: 3 plays .* 300 points in' jf "$T/run-games.db" game report
check '^  thanks +3 paid' jf "$T/run-games.db" game report

# The figures on the home screen are the ledger's, as `jifen balance`
# reads them on a ledger like the one the script ran on.
fresh_ledger "$T/figures.db"
points=$("$JIFEN" --db "$T/figures.db" --config "$CONF" balance 8800000001 |
	sed -n 's/^balance  *\([0-9]*\) .*/\1/p')
if [ -n "$points" ] && grep -q "^   Points  *$points " "$dumps/home-en-80x24.txt"; then
	pass
else
	fail "home-en-80x24.txt does not show the ledger's ${points:-?} points"
fi

# ---- bad scripts: refused whole, before anything runs ----

# refused TEXT MESSAGE: a script of TEXT (printf format) that saves a
# screen on its first line and is bad further on ends with status 2 and
# the one line "jifen: SCRIPT:MESSAGE (see: jifen kiosk --help)", and the
# save never happens. Its ledger is not there: a refused script never gets
# as far as opening one.
n=0
refused() {
	n=$((n + 1))
	dir=$T/bad-$n
	mkdir -p "$dir"
	printf "save first.txt\n$1" >"$dir.keys"
	(cd "$dir" && "$JIFEN" --db "$dir/none.db" --config "$CONF" kiosk --script "$dir.keys" \
		</dev/null >/dev/null 2>"$dir.err")
	status=$?
	want="jifen: $dir.keys:$2 (see: jifen kiosk --help)"
	if [ "$status" = 2 ] && [ "$(cat "$dir.err")" = "$want" ]; then
		pass
	else
		fail "script '$1': status $status, said '$(cat "$dir.err")', not 2 and '$want'"
	fi
	[ -f "$dir/first.txt" ] && fail "script '$1' ran before it was refused"
}

refused 'frobnicate\n' '2: unknown command "frobnicate" (size type scan key click tick idle save quit)'
refused 'key Enter\nkey Return\n' '3: no key is called "Return" (Enter Esc Up Down Left Right Backspace Delete PageUp PageDown Tab C-c C-z C-\)'
refused 'key\n' '2: key takes one or more key names'
refused 'size 80\n' '2: size takes COLS ROWS, from 1 to 1000 and 1000'
refused 'size 0 24\n' '2: size takes COLS ROWS, from 1 to 1000 and 1000'
refused 'size 80 24 1\n' '2: size takes COLS ROWS, from 1 to 1000 and 1000'
refused 'size -80 24\n' '2: size takes COLS ROWS, from 1 to 1000 and 1000'
refused 'click 25 1\n' '2: click takes ROW COL, on the screen of 80x24'
refused 'size 132 43\nclick 43 132\nsize 80 24\nclick 43 132\n' '5: click takes ROW COL, on the screen of 80x24'
refused 'click 0 1\n' '2: click takes ROW COL, on the screen of 80x24'
refused 'click 1 x\n' '2: click takes ROW COL, on the screen of 80x24'
refused 'idle\n' '2: idle takes SECONDS, from 1 to 86400'
refused 'idle 86401\n' '2: idle takes SECONDS, from 1 to 86400'
refused 'idle 99999999999999999999\n' '2: idle takes SECONDS, from 1 to 86400'
refused 'idle 1.5\n' '2: idle takes SECONDS, from 1 to 86400'
refused 'tick 3\n' '2: tick takes nothing more'
refused 'type\n' '2: type takes the text to type'
refused 'type a\tb\n' '2: type takes text without control characters or invalid UTF-8 (key sends keys): "a?b"'
refused 'type \033[2J\n' '2: type takes text without control characters or invalid UTF-8 (key sends keys): "?[2J"'
refused 'type \377\376\n' '2: type takes text without control characters or invalid UTF-8 (key sends keys): "??"'
refused 'save\n' '2: save takes the file to save to'
refused 'scan 1234567\n' '2: scan takes 8 to 64 characters (a line of other lengths is typed: use type)'
refused "scan $(head -c 65 /dev/zero | tr '\0' 8)\n" '2: scan takes 8 to 64 characters (a line of other lengths is typed: use type)'
refused 'scan 8800\t000001\n' '2: scan takes text without control characters or invalid UTF-8: "8800?000001"'
refused 'quit\nkey Enter\n' '3: nothing may follow quit (line 2)'
refused '\n# fine\n  \nfrob\033]0;x\007\n' '5: unknown command "frob?]0;x?" (size type scan key click tick idle save quit)'
# A NUL byte and a line of 5000 bytes: not a script at all.
refused 'type a\000b\n' '2: a NUL byte (not a text file?)'
refused "type $(head -c 5000 /dev/zero | tr '\0' 8)\n" '2: longer than 4096 bytes'

# A script that is not there, or too big, is refused the same way.
"$JIFEN" --db "$T/figures.db" --config "$CONF" kiosk --script "$T/none.keys" 2>"$T/none.err"
status=$?
want="jifen: cannot read the script $T/none.keys: No such file or directory (see: jifen kiosk --help)"
[ "$status" = 2 ] && [ "$(cat "$T/none.err")" = "$want" ] && pass ||
	fail "a missing script: status $status, said '$(cat "$T/none.err")'"
head -c 1048577 /dev/zero | tr '\0' '\n' >"$T/big.keys"
"$JIFEN" --db "$T/figures.db" --config "$CONF" kiosk --script "$T/big.keys" 2>"$T/big.err"
status=$?
want="jifen: $T/big.keys: a script is at most 1048576 bytes (see: jifen kiosk --help)"
[ "$status" = 2 ] && [ "$(cat "$T/big.err")" = "$want" ] && pass ||
	fail "a script too big: status $status, said '$(cat "$T/big.err")'"

# A save that cannot be written ends the run with status 1, naming the line.
printf 'key Down\nsave %s/no/such/dir/x.txt\n' "$T" >"$T/nosave.keys"
"$JIFEN" --db "$T/figures.db" --config "$CONF" kiosk --script "$T/nosave.keys" 2>"$T/nosave.err"
status=$?
want="jifen: $T/nosave.keys:2: cannot save the screen to $T/no/such/dir/x.txt: No such file or directory"
[ "$status" = 1 ] && [ "$(cat "$T/nosave.err")" = "$want" ] && pass ||
	fail "an unwritable save: status $status, said '$(cat "$T/nosave.err")'"

if [ "$failures" -gt 0 ]; then
	echo "$test_name: $failures of $checks checks failed"
	exit 1
fi
echo "$test_name: all $checks checks passed"
exit 0
