#!/bin/sh
# The cashier's counter (`jifen counter`), driven by scripts as
# tests/kiosk/script.sh drives the kiosk: each tests/kiosk/counter/NAME.keys
# runs `jifen counter --staff S01 --script` on a demo ledger of its own
# (whose staff are the manager M01, card 9900000001, PIN 2468, and the
# cashier S01, card 9900000002, PIN 1357: --staff S01 preselects S01,
# Enter then asks for the PIN),
# after the setup its name asks for (setup_NAME below), and every screen
# it saves must be, byte for byte, the dump kept beside it. Then `jifen
# verify` passes on the ledger the script left, and what the script wrote
# is checked with the command line (who redeemed, the points awarded).
#
# The voucher key, and so every voucher code, comes from JIFEN_SEED, which
# is pinned: the codes are the same on every run. In a script, @CODE@ is
# the demo voucher's full code, @SHORT@ its short code, @FORGED@ its full
# code with one character changed, @OTHER@ and @OTHERSHORT@ a genuine code
# and short code of another store's ledger and @CODE2@ the code of a voucher the setup issued.
#
# To regenerate the dumps on purpose, after looking at them:
#   KIOSK_REGEN=1 sh tests/kiosk/counter.sh
# KEEP_TMP=1 keeps the temporary directory.

set -u

test_name=counter
checks=0
failures=0
here=$(cd "$(dirname "$0")" && pwd)
src=${top_srcdir:-$here/../..}
dumps=$src/tests/kiosk/counter

if [ -z "${JIFEN:-}" ]; then
	JIFEN=$(cd "$here/../.." && pwd)/src/jifen
fi
if [ ! -x "$JIFEN" ]; then
	echo "$test_name: no jifen program at $JIFEN (build it first)"
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/jifen-kiosk-counter.XXXXXX") || exit 1
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

# This counter is terminal C01; another counter, TILL-2, shares the ledger.
CONF=$T/jifen.conf
sed 's/^\[store\]$/[store]\nterminal = C01/' "$src/assets/demo.conf" >"$CONF"
CONF2=$T/till2.conf
sed 's/^\[store\]$/[store]\nterminal = TILL-2/' "$src/assets/demo.conf" >"$CONF2"

pass() {
	checks=$((checks + 1))
}

fail() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "FAIL: $*"
}

# jf DB ARGS: the command line on DB, as this counter.
jf() {
	_jf_db=$1
	shift
	"$JIFEN" --db "$_jf_db" --config "$CONF" "$@"
}

# code_of DB SHORT: the full code of a voucher.
code_of() {
	jf "$1" voucher show "$2" | sed -n 's/^voucher  *//p'
}

# ---- what each script needs beyond the demo ledger ----

# A second member gives the phone of 王芳 (8800000001).
setup_phone() {
	jf "$1" member add 8800000011 --name 王小芳 --phone 138-0013-8001 >/dev/null
}

# add_staff DB ID CARD ROLE PIN: a staff member added by the manager M01.
add_staff() {
	printf '2468\n%s\n' "$5" | jf "$1" staff add "$2" --card "$3" --name "Staff $2" \
		--role "$4" --staff M01 --pin-stdin >/dev/null
}

# TILL-2 hands the demo voucher over at 09:30, before this counter sees it.
setup_redeemed() {
	add_staff "$1" S02 9900000003 cashier 1111
	JIFEN_NOW=2026-11-24T09:30:00 "$JIFEN" --db "$1" --config "$CONF2" \
		voucher redeem "$SHORT" --staff S02 >/dev/null
}

# The staff login: S02 disabled, S03 with a PIN of its own.
setup_login() {
	add_staff "$1" S02 9900000003 cashier 1111
	add_staff "$1" S03 9900000004 manager 4444
	echo 2468 | jf "$1" staff disable S02 --staff M01 --pin-stdin >/dev/null
}

# The shift: S01's slips before (09:00) and in the shift, and M01's.
setup_shift() {
	JIFEN_NOW=2026-11-24T09:00:00 jf "$1" earn 8800000001 50.00 --ref R-BEFORE \
		--staff S01 --slip >/dev/null
	jf "$1" earn 8800000001 120.00 --ref R-SHIFT-1 --staff S01 --slip >/dev/null
	jf "$1" earn 8800000003 88.00 --ref R-SHIFT-2 --staff S01 --slip >/dev/null
	jf "$1" earn 8800000003 18.00 --ref R-OF-M01 --staff M01 --slip >/dev/null
	jf "$1" earn --reverse R-SHIFT-2 --staff S01 >/dev/null
	jf "$1" offset 8800000001 --bill 100.00 --points 3000 --ref S-SHIFT --staff S01 >/dev/null
}

# 陈小红 earns 1000 points on R-SPENT and spends them all on a voucher that
# is handed over: the receipt's reversal falls short by all of them.
setup_reverse() {
	jf "$1" earn 8800000005 1000.00 --ref R-SPENT >/dev/null
	jf "$1" redeem 8800000005 CP-100-20 --ref spend >/dev/null
	_short=$(jf "$1" voucher list 8800000005 | awk 'NR == 2 { print $1 }')
	jf "$1" voucher redeem "$_short" --staff S01 >/dev/null
}

# A genuine code of another store: its ledger has a key of its own.
setup_forged() {
	_other=$T/other-store.db
	JIFEN_SEED=other-store jf "$_other" init --demo >/dev/null
	OTHERSHORT=$(jf "$_other" voucher list 8800000002 | awk 'NR == 2 { print $1 }')
	OTHER=$(code_of "$_other" "$OTHERSHORT")
}

# A second voucher for 王芳, with cash to pay at the counter; the demo's is
# cancelled.
setup_states() {
	echo 2468 | jf "$1" grant 8800000001 5000 --reason "test" --staff M01 --pin-stdin >/dev/null
	jf "$1" redeem 8800000001 AP-KETTLE --ref second >/dev/null
	jf "$1" voucher cancel "$SHORT" >/dev/null
}

# 王芳 has 13166 points: enough for the most a 200.00 yuan bill takes.
setup_offset() {
	echo 2468 | jf "$1" grant 8800000001 10000 --reason "test" --staff M01 --pin-stdin >/dev/null
}

# Goods come back: 陈小红's R-SPENT as in setup_reverse, and 王芳's R-OFF,
# a 200.00 yuan sale that 10000 points paid half of. The printer is a
# device that is not there: the slips are kept, not printed.
setup_return() {
	setup_reverse "$1"
	echo 2468 | jf "$1" grant 8800000001 10000 --reason "test" --staff M01 --pin-stdin >/dev/null
	jf "$1" earn 8800000001 200.00 --ref R-OFF >/dev/null
	jf "$1" offset 8800000001 --bill 200 --ref R-OFF >/dev/null
	SCRIPT_CONF=$T/noprinter.conf
	sed 's|^\[store\]$|[printer]\ndevice = /nonexistent/lp0\n[store]\nterminal = C01|' \
		"$src/assets/demo.conf" >"$SCRIPT_CONF"
}

# 王芳 has a coupon of 100 yuan off a bill of 200 yuan.
setup_coupon() {
	echo 2468 | jf "$1" grant 8800000001 5000 --reason "test" --staff M01 --pin-stdin >/dev/null
	jf "$1" redeem 8800000001 CP-200-100 --ref coupon >/dev/null
}

# 王芳 has a voucher that pays 10 yuan of a bill.
setup_billvoucher() {
	jf "$1" redeem 8800000001 OF-10 --ref bill-voucher >/dev/null
}

# The printer is a file: the slip of a purchase is printed into it.
setup_slip() {
	: >"$T/paper"
	SCRIPT_CONF=$T/paper.conf
	sed "s|^\[store\]$|[printer]\ndevice = $T/paper\n[store]\nterminal = C01|" \
		"$src/assets/demo.conf" >"$SCRIPT_CONF"
}

# A purchase by lines: Alice Chen has an earn rate of her own, 3 points a
# yuan, set by the manager.
setup_lines() {
	echo 2468 | jf "$1" member rate 8800000003 --points-per-yuan 3 --staff M01 --pin-stdin \
		>/dev/null
}

# ---- the member and family desks ----

# The erasure is a manager's: those scripts sign in as M01 ("# staff: M01"
# in the script), the others as the demo's cashier S01.

# 王芳 has green points enough to reach the daily limit (500).
setup_family_desk() {
	echo 2468 | jf "$1" grant 8800000001 2000 --green --reason test --staff M01 --pin-stdin >/dev/null
}

# A second 王: two members' names hold it.
setup_member_name() {
	setup_phone "$1"
}

# The store keeps transfers and card replacements for managers too
# (this script's own config, beside its ledger); S01 is a cashier.
# 王芳 has a one-to-one plan (plan.h) whose note is for the staff.
setup_plan_note() {
	echo 2468 | jf "$1" plan set 8800000001 --percent 200 --until 2026-12-31 \
		--why 'best customer' --note '新家电到货前先致电 / call before new appliances arrive' \
		--staff M01 --pin-stdin >/dev/null
}

setup_desk_cashier_config() {
	SCRIPT_CONF=${1%.db}.conf
	sed 's/^manager_only = .*/&, transfer, member card/' "$CONF" >"$SCRIPT_CONF"
	grep -q '^manager_only' "$SCRIPT_CONF" ||
		printf '[staff]\nmanager_only = member erase, transfer, member card\n' >>"$SCRIPT_CONF"
}

# A game for the counter's tasks and games: a coupon certain to be drawn,
# one a day, then thanks (the fallback) for the second play of the day.
setup_games() {
	cat >"$T/gift.json" <<'JSON'
{ "id": "gift", "kind": "wheel", "name": { "zh": "柜台礼", "en": "Counter gift" },
  "price": 10, "plays_per_day": 2,
  "prizes": [
    { "id": "cp10", "kind": "coupon", "sku": "CP-50-10",
      "label": { "zh": "满50减10券", "en": "10 off 50 coupon" },
      "ppm": 1000000, "budget": { "day": 1, "total": 5 } },
    { "id": "thanks", "kind": "thanks", "label": { "zh": "谢谢参与", "en": "Thanks" },
      "ppm": 0 } ] }
JSON
	echo 2468 | jf "$1" game import "$T/gift.json" --staff M01 --pin-stdin >/dev/null
}

# run_script NAME: NAME.keys on a fresh ledger, its placeholders filled,
# run in the directory its saves land in. Returns the exit status.
run_script() {
	_dir=$T/run-$1
	_db=$_dir.db
	mkdir -p "$_dir"
	jf "$_db" init --demo >/dev/null || { echo "$test_name: FAIL: jifen init --demo"; exit 1; }
	# The demo's festival doubles purchases: these scripts count the
	# store's own rates (campaigns at the counter: tests/kiosk/campaign.sh).
	echo 2468 | jf "$_db" campaign end double-11 --staff M01 --pin-stdin >/dev/null ||
		{ echo "$test_name: FAIL: campaign end"; exit 1; }
	SHORT=$(jf "$_db" voucher list 8800000002 | awk 'NR == 2 { print $1 }')
	CODE=$(code_of "$_db" "$SHORT")
	OTHER=none OTHERSHORT=none
	SCRIPT_CONF=$CONF
	_staff=$(sed -n 's/^# staff: *//p' "$dumps/$1.keys" | grep . || echo S01)
	_setup=setup_$(printf '%s' "$1" | tr - _)
	if command -v "$_setup" >/dev/null 2>&1; then
		"$_setup" "$_db"
	fi
	CODE2=$(jf "$_db" voucher list 8800000001 | awk 'NR == 2 { print $1 }')
	[ -n "$CODE2" ] && CODE2=$(code_of "$_db" "$CODE2")
	# One character of the MAC changed: a code no key made.
	FORGED=$(printf '%s' "$CODE" | sed 's/.$/Q/')
	[ "$FORGED" = "$CODE" ] && FORGED=$(printf '%s' "$CODE" | sed 's/.$/R/')
	sed -e "s/@CODE@/$CODE/g" -e "s/@SHORT@/$SHORT/g" -e "s/@FORGED@/$FORGED/g" -e "s/@OTHER@/$OTHER/g" \
		-e "s/@OTHERSHORT@/$OTHERSHORT/g" \
		-e "s/@CODE2@/${CODE2:-none}/g" "$dumps/$1.keys" >"$_dir.keys"
	(cd "$_dir" && JIFEN_NOW=$(sed -n 's/^# now: *//p' "$dumps/$1.keys" | grep . ||
		echo "$JIFEN_NOW") "$JIFEN" --db "$_db" --config "$SCRIPT_CONF" counter --staff "$_staff" \
		--script "$_dir.keys" </dev/null >/dev/null 2>"$_dir.err")
}

. "$here/runner.sh"
run_scripts

# ---- what the scripts wrote, as the command line reads it ----


# The purchase under 王芳's plan (200%) earned 398 points: 3166 + 398.
check '^balance +3564 ' jf "$T/run-plan-note.db" balance 8800000001

# The voucher handed over at this counter is redeemed by S01, at C01.
db=$T/run-voucher.db
check '^redeemed .* by staff S01' jf "$db" voucher show "$(jf "$db" voucher list 8800000002 | awk 'NR == 2 { print $1 }')"
check '"terminal": "C01"' jf "$db" history 8800000002 --json
# The purchase earned 199 points, then 90 green points, as staff S01.
db=$T/run-purchase.db
check '^balance +3365 ' jf "$db" balance 8800000001
check 'S01' jf "$db" history 8800000001
# The reversal took the points of R-DEMO-0004 back (Alice: 1798 + 200).
db=$T/run-reverse.db
check '^balance +200 ' jf "$db" balance 8800000003
# The seed's offset: 10000 points paid 100.00 of 200.00 and were given
# back; then 5000 of S-201, given back by its ref; then S-202 paid.
db=$T/run-offset.db
check '^balance +3166 ' jf "$db" balance 8800000001
check 'offset_undo' jf "$db" history 8800000001
check 'offset +S-202 ' jf "$db" slip list
# The returns: a part of R-SPENT then the rest, a part of R-OFF whose
# offset points came back (13166 - 200 + 200 - 10000 + 5000 - 100 ...).
db=$T/run-return.db
check 'return +R-SPENT ' jf "$db" slip list
check 'NOT PRINTED' jf "$db" slip list
# The whole rest of R-OFF gave back the last quarter of its 10000 points.
check '"offset_points": 2500' jf "$db" --json earn --reverse R-OFF
check 'return +R-OFF ' jf "$db" slip list
# The coupon: used on a bill of 250.00, with its slip, printed nowhere.
db=$T/run-coupon.db
check '^redeemed .* by staff S01' jf "$db" voucher show "$(jf "$db" voucher list 8800000001 | awk 'NR == 2 { print $1 }')"
check 'voucher ' jf "$db" slip list
# The purchase's slip went to the file printer, in GB18030.
db=$T/run-slip.db
check 'purchase +R-300 .*' jf "$db" slip list
if command -v iconv >/dev/null 2>&1; then
	iconv -f GB18030 -t UTF-8 "$T/paper" >"$T/paper.txt" 2>/dev/null
	check '本次积分 +300' cat "$T/paper.txt"
	check '小票号 +R-300' cat "$T/paper.txt"
fi
# The login's wrong PINs locked S03 (5 of them), and S01's shift reprinted
# its slip (one more print asked, none made: no printer).
check 'S03 .*locked' jf "$T/run-login.db" staff list
check 'S01' jf "$T/run-shift.db" slip list
# The games played for 李明 kept their prize slips (no printer): the
# coupon's with its voucher's short code and QR; `jifen slip` shows and
# reprints them.
db=$T/run-games.db
check 'prize +game:[0-9]+ .*NOT PRINTED' jf "$db" slip list
id=$(jf "$db" --json slip list | jq -r '[.[] | select(.kind == "prize")][0].id')
check '^奖品' jf "$db" slip show "$id"
check '^兑换码 ' jf "$db" slip show "$id"
check '"qr": "JF' jf "$db" --json slip show "$id"
check 'not printed' jf "$db" slip print "$id"
# Nothing was written by a script that only looked.
db=$T/run-idle.db
check '^balance +3166 ' jf "$db" balance 8800000001

# The member desk: 李小龙 joined with his PIN, by S01 at C01.
db=$T/run-desk-new.db
check '^name +李小龙' jf "$db" member show 8800000009
check '^PIN set by .* staff S01 at C01' jf "$db" member show 8800000009
# The form refused its bad input and then registered 孙悟空 once, without a phone.
check '^phone +-' jf "$T/run-desk-bad.db" member show 8800000031
# 王芳's card was replaced (the old one finds nobody), her name and phone
# corrected, her PIN reset.
db=$T/run-desk-member.db
check '^name +王芳芳' jf "$db" member show 8800000077
check '^PIN set by .* staff S01' jf "$db" member show 8800000077
if jf "$db" member show 8800000001 >/dev/null 2>&1; then
	fail "the replaced card 8800000001 still finds a member"
else
	pass
fi
# A manager erased Alice Chen's data; a cashier could not.
check '^name +\(erased\)' jf "$T/run-desk-erase.db" member show 8800000003
check '^name +Alice Chen' jf "$T/run-desk-erase-cashier.db" member show 8800000003
# The family desk: 李明 owns 王家, Alice left it, 20 green points sent.
db=$T/run-family-desk.db
check '^王家 +8800000002 +李明 +yes' jf "$db" family list
if jf "$db" family list | grep -q 8800000003; then
	fail "Alice Chen is still in 王家"
else
	pass
fi
check '^2026-11-24 .*transfer +\+20 +green .*staff:S01' jf "$db" history 8800000002
check '^张家 +8800000004 +张伟 +yes' jf "$T/run-family-create.db" family list

# The purchase by lines: R-300 earned 238 points and 90 green points in one
# entry, once (the replay added nothing), by S01 at C01; R-400 earned Alice
# Chen 150 points at her own rate and 30 green points.
db=$T/run-lines.db
check '^balance +3404 +170$' jf "$db" balance 8800000001
check '^2026-11-24 .*earn +\+238 +points +earn:R-300 +staff:S01 +C01 ' jf "$db" history 8800000001
check '^2026-11-24 .*earn +\+90 +green +earn:R-300 ' jf "$db" history 8800000001
if [ "$(jf "$db" history 8800000001 | grep -c 'earn:R-300')" = 2 ]; then pass; else
	fail "R-300 was awarded more than once: $(jf "$db" history 8800000001 | grep 'earn:R-300')"
fi
check '^2026-11-24 .*earn +\+150 +points +earn:R-400 +staff:S01' jf "$db" history 8800000003
check 'purchase +R-300 ' jf "$db" slip list
check 'purchase +R-400 ' jf "$db" slip list

# ---- the command line ----

# A ledger without staff needs --staff; one with staff asks for a card and
# takes --staff only for an enabled staff member; --lang takes zh or en.
jf "$T/nostaff.db" init >/dev/null
"$JIFEN" --db "$T/nostaff.db" --config "$CONF" counter --script /dev/null 2>"$T/nostaff.err"
st=$?
[ "$st" = 2 ] && grep -q -- '--staff' "$T/nostaff.err" && pass ||
	fail "counter without --staff and without staff: status $st, said '$(cat "$T/nostaff.err")'"
"$JIFEN" --db "$T/run-idle.db" --config "$CONF" counter --script /dev/null 2>"$T/card.err"
st=$?
[ "$st" = 0 ] && [ ! -s "$T/card.err" ] && pass ||
	fail "counter without --staff on a ledger with staff: status $st, said '$(cat "$T/card.err")'"
"$JIFEN" --db "$T/run-idle.db" --config "$CONF" counter --staff S99 --script /dev/null \
	2>"$T/unknown.err"
st=$?
[ "$st" != 0 ] && grep -q 'S99' "$T/unknown.err" && pass ||
	fail "counter --staff S99 (no such staff): status $st, said '$(cat "$T/unknown.err")'"
"$JIFEN" --db "$T/run-login.db" --config "$CONF" counter --staff S02 --script /dev/null \
	2>"$T/disabled.err"
st=$?
[ "$st" != 0 ] && grep -q 'disabled' "$T/disabled.err" && pass ||
	fail "counter --staff S02 (disabled): status $st, said '$(cat "$T/disabled.err")'"
"$JIFEN" --db "$T/run-idle.db" --config "$CONF" counter --staff S01 --lang fr \
	--script /dev/null 2>"$T/lang.err"
st=$?
[ "$st" = 2 ] && grep -q -- '--lang must be zh or en' "$T/lang.err" && pass ||
	fail "counter --lang fr: status $st, said '$(cat "$T/lang.err")'"
"$JIFEN" --db "$T/run-idle.db" --config "$CONF" counter --staff 'S 01' \
	--script /dev/null 2>"$T/badstaff.err"
st=$?
[ "$st" = 2 ] && pass || fail "counter --staff 'S 01': status $st, said '$(cat "$T/badstaff.err")'"

if [ "$failures" -gt 0 ]; then
	echo "$test_name: $failures of $checks checks failed"
	exit 1
fi
echo "$test_name: all $checks checks passed"
exit 0
