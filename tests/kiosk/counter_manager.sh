#!/bin/sh
# The counter's manager screen (home letter g): each
# tests/kiosk/manager/NAME.keys runs `jifen counter --staff boss --script`
# (a manager; "# staff: cash" in the script: a cashier) on a demo ledger of
# its own with those two staff members, and every screen it saves must be,
# byte for byte, the dump kept beside it. Then `jifen verify` passes, and
# what the scripts wrote is checked with the command line: the grant, the
# rate, the delisting and the outage by staff boss at C01; the cashier's
# and the cancelled script's ledgers are unchanged.
#
#   KIOSK_REGEN=1 sh tests/kiosk/counter_manager.sh   # new dumps, to look at

set -u

test_name=counter_manager
checks=0
failures=0
here=$(cd "$(dirname "$0")" && pwd)
src=${top_srcdir:-$here/../..}
dumps=$src/tests/kiosk/manager

if [ -z "${JIFEN:-}" ]; then
	JIFEN=$(cd "$here/../.." && pwd)/src/jifen
fi
if [ ! -x "$JIFEN" ]; then
	echo "$test_name: no jifen program at $JIFEN (build it first)"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/jifen-kiosk-manager.XXXXXX") || exit 1
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

mkdir -p "$T/home"
HOME=$T/home
LC_ALL=C.UTF-8
LANG=C.UTF-8
TZ=Asia/Shanghai
JIFEN_NOW=2026-11-24T10:00:00
JIFEN_SEED=counter-tests
export HOME LC_ALL LANG TZ JIFEN_NOW JIFEN_SEED
unset JIFEN_CONFIG JIFEN_DB LANGUAGE LC_MESSAGES LINES COLUMNS

CONF=$T/jifen.conf
sed 's/^\[store\]$/[store]\nterminal = C01/' "$src/assets/demo.conf" >"$CONF"

pass() {
	checks=$((checks + 1))
}

fail() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "FAIL: $*"
}

jf() {
	_jf_db=$1
	shift
	"$JIFEN" --db "$_jf_db" --config "$CONF" "$@"
}

# The ledger's rows, to compare before and after a script that writes nothing.
rows() {
	sqlite3 "$1" .dump | grep -v '^INSERT INTO "\{0,1\}meta' || true
}

run_script() {
	_dir=$T/run-$1
	_db=$_dir.db
	mkdir -p "$_dir"
	jf "$_db" init --demo >/dev/null || { echo "$test_name: FAIL: jifen init --demo"; exit 1; }
	printf '2468\n1234' | jf "$_db" staff add boss --card 90000001 --name Boss --role manager \
		--staff M01 --pin-stdin >/dev/null || exit 1
	printf '1234\n1111' | jf "$_db" staff add cash --card 90000002 --name Cash \
		--role cashier --staff boss --pin-stdin >/dev/null || exit 1
	# The outage scripts run after the demo's lots due 2026-12-19 expired.
	case $1 in
	outage*) JIFEN_NOW=2026-12-20T10:00:00 jf "$_db" expire >/dev/null || exit 1 ;;
	esac
	rows "$_db" >"$_dir.before"
	_staff=$(sed -n 's/^# staff: *//p' "$dumps/$1.keys")
	_now=$(sed -n 's/^# now: *//p' "$dumps/$1.keys")
	(cd "$_dir" && JIFEN_NOW=${_now:-$JIFEN_NOW} \
		"$JIFEN" --db "$_db" --config "$CONF" counter --staff "${_staff:-boss}" \
		--script "$dumps/$1.keys" </dev/null >/dev/null 2>"$_dir.err")
}

. "$here/runner.sh"
run_scripts


# Nothing written by the cashier refused, nor by Esc at each confirmation.
for name in cashier cancel; do
	rows "$T/run-$name.db" >"$T/run-$name.after"
	if cmp -s "$T/run-$name.before" "$T/run-$name.after"; then
		pass
	else
		fail "$name.keys changed the ledger: $(diff "$T/run-$name.before" "$T/run-$name.after" | head -5)"
	fi
done
# The grant: 50 points to 王芳 (3166 + 50), by staff boss at C01.
db=$T/run-grant.db
check '^balance +3216 ' jf "$db" balance 8800000001
check 'grant.*sorry for the wait' jf "$db" history 8800000001
check '"actor": "staff:boss"' jf "$db" history 8800000001 --json
# The rate: set to 1, cleared, then 2, each by boss at C01.
db=$T/run-rate.db
check '^earn rate +2 points per yuan, its own .*staff boss at C01' jf "$db" member show 8800000001
check '^desk +earn_rate cleared .*staff boss at C01' jf "$db" member show 8800000001
check '^[0-9]' sh -c "[ \"\$(sqlite3 '$db' 'SELECT group_concat(points_per_yuan) FROM member_rate')\" = 1,0,2 ] && echo 1"
# The outage: the expired points back, with a new date, by boss.
db=$T/run-outage.db
check 'system outage' jf "$db" history 8800000001
check '"actor": "staff:boss"' jf "$db" history 8800000001 --json
# The delisting: the voucher cancelled, its points back with the bonus.
db=$T/run-delist.db
check '^delisted .*supplier stopped it' jf "$db" catalog show CP-50-10
check 'cancelled' jf "$db" voucher list 8800000002
check '"actor": "staff:boss"' jf "$db" history 8800000002 --json

if [ "$failures" -gt 0 ]; then
	echo "$test_name: $failures of $checks checks failed"
	exit 1
fi
echo "$test_name: all $checks checks passed"
exit 0
