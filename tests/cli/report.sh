#!/bin/sh
# jifen report day|shift: the counter's figures of a local day, or of one
# staff member's shift, by row, actor and terminal. A scripted day of two
# staff members at two terminals (and a kiosk member, the shell and the
# daily job) is checked against sums taken straight from the entry and
# line tables by SQL; the filters, an empty day and bad input too.

. "$(dirname "$0")/lib.sh"

config t1 '[store]
terminal = T1'
config t2 '[store]
terminal = T2'
# Lots granted under this one are due two days later: an expiry on the day.
config short '[store]
terminal = T1
[expiry]
days = 2'
A=10000001 B=10000002 C=10000003 D=10000004 E=10000005

# ---- the days before: members, a family, points, a catalog, a voucher ----
now 2026-02-26T10:00:00
fresh
for card in $A $B $C $D $E; do
	add_member "$card" "Member $card"
done
expect_ok grant $E 30 --reason soon --config "$T/short.conf"
expect_ok grant $E 7 --green --reason soon --config "$T/short.conf"
now 2026-02-27T10:00:00
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'MUG,杯子,Mug,home,goods,10,,,,50,0,,,' \
	'CUP,茶杯,Cup,home,goods,15,,,,50,0,,,' \
	'BIG,大件,Big,home,goods,80,,,,50,0,,,' \
	'ALL,全部,All,home,goods,50,,,,50,0,,,' >"$T/items.csv"
expect_ok catalog import "$T/items.csv"
expect_ok grant $A 500 --reason welcome --config "$T/t1.conf"
expect_ok grant $A 40 --green --reason welcome --config "$T/t1.conf"
expect_ok family create Wang --owner $A
expect_ok family add Wang $D
expect_ok redeem $A MUG --json
v1=$(json_get .voucher)
# Late on the day before, and early on the day after: not the day's.
now 2026-02-28T23:30:00
expect_ok earn $A 33.00 --ref EDGE1 --staff S1 --config "$T/t1.conf"
before=$(jf summary --json | jq -c .outstanding)

# ---- the day: 2026-03-01, local time (UTC+8: 07:00 is still 28 February in UTC) ----
t1="--config $T/t1.conf" t2="--config $T/t2.conf"
now 2026-03-01T07:00:00
expect_ok expire $t1
now 2026-03-01T07:30:00
expect_ok earn $A 120.00 --ref R1 --staff S1 $t1
now 2026-03-01T08:00:00
expect_ok earn $A 45.50 --ref R2 --green --staff S1 $t1
now 2026-03-01T08:10:00
expect_ok voucher redeem "$v1" --staff S1 $t1
now 2026-03-01T08:20:00
expect_ok grant $A 25 --reason birthday --staff S1 $t1
now 2026-03-01T09:00:00
expect_ok redeem $A MUG --json $t2
v2=$(json_get .voucher)
now 2026-03-01T09:05:00
expect_ok voucher redeem "$v2" --staff S2 $t2
now 2026-03-01T09:10:00
expect_ok voucher return "$v2" --staff S2 $t2
now 2026-03-01T09:20:00
expect_ok redeem $A MUG --json $t1
v3=$(json_get .voucher)
now 2026-03-01T09:25:00
expect_ok voucher cancel "$v3" --staff S1 $t1
now 2026-03-01T09:30:00
expect_ok redeem $A CUP $t2
now 2026-03-01T09:40:00
expect_ok catalog delist CUP --compensate 5 --reason broken --staff S2 $t2
now 2026-03-01T10:00:00
expect_ok transfer $A $D 12 --green --ref TR1 --staff S2 $t2
now 2026-03-01T10:30:00
expect_ok earn $B 100.00 --ref RB --staff S2 $t2
now 2026-03-01T10:35:00
expect_ok redeem $B BIG $t2
# Refunds short of points: 20 of 100 taken back; then none of 50 (no entry).
now 2026-03-01T10:40:00
expect_ok earn --reverse RB --staff S1 $t1
now 2026-03-01T11:00:00
expect_ok earn $C 50.00 --ref RC --staff S2 $t1
now 2026-03-01T11:05:00
expect_ok redeem $C ALL $t1
now 2026-03-01T11:10:00
expect_ok earn --reverse RC --staff S2 $t2
now 2026-03-01T12:00:00
expect_ok earn $D 10.00 --ref RD --staff S1 $t2
after=$(jf summary --json | jq -c .outstanding)
now 2026-03-02T00:10:00
expect_ok earn $A 5.00 --ref EDGE2 --staff S1 $t1
now 2026-03-01T18:00:00

# ---- the figures, against sums taken straight from the tables ----

# The local day in seconds: from midnight in Shanghai, 16:00 UTC the day before.
since=$(sqlite3 :memory: "SELECT strftime('%s', '2026-02-28 16:00:00')")
until=$((since + 86400))

# sums WHERE [SINCE [UNTIL]]: "count points-in points-out green-in green-out"
# of the entries (e) WHERE selects, in the day, over members' accounts.
sums() {
	sql "SELECT
		(SELECT count(*) FROM entry e WHERE e.ts >= ${2:-$since} AND e.ts < ${3:-$until} AND ($1)),
		coalesce(sum(CASE WHEN a.kind = 0 AND l.amount > 0 THEN l.amount END), 0),
		coalesce(sum(CASE WHEN a.kind = 0 AND l.amount < 0 THEN -l.amount END), 0),
		coalesce(sum(CASE WHEN a.kind = 1 AND l.amount > 0 THEN l.amount END), 0),
		coalesce(sum(CASE WHEN a.kind = 1 AND l.amount < 0 THEN -l.amount END), 0)
		FROM entry e JOIN line l ON l.entry_id = e.id
		JOIN account a ON a.id = l.account_id AND a.member_id IS NOT NULL
		WHERE e.ts >= ${2:-$since} AND e.ts < ${3:-$until} AND ($1)" | tr '|' ' '
}
# figures FILTER: the same five of a cell of the last report's JSON.
figures() {
	json_get "$1 | [.count, .in.points, .out.points, .in.green, .out.green] | join(\" \")"
}
# expect_figures FILTER WHERE [SINCE [UNTIL]]: they agree.
expect_figures() {
	checks=$((checks + 1))
	_want=$(sums "$2" "${3:-}" "${4:-}")
	_got=$(figures "$1")
	[ "$_got" = "$_want" ] || fail "$1 is '$_got', the tables say '$_want' ($2)"
}

expect_ok report day --json
expect_json .date 2026-03-01
expect_json .since 2026-03-01T00:00:00+08:00
expect_json .until 2026-03-02T00:00:00+08:00
expect_json .actor null
expect_json .terminal null
# Every row of an entry type, "other" (none today) and the total.
types=$(json_get '[.rows[] | .entry_type | strings | "'"'"'" + . + "'"'"'"] | join(",")')
for key in $(json_get '.rows | to_entries[] | select(.value.entry_type) | .key'); do
	expect_figures ".rows.$key" "e.type = '$(json_get ".rows.$key.entry_type")'"
done
expect_figures .rows.other "e.type NOT IN ($types)"
expect_figures .total "1 = 1"
# The hand-made figures, so that the sums above are not both wrong.
expect_json '.total | [.count, .in.points, .out.points, .in.green, .out.green] | join(" ")' \
	'13 320 70 57 19'
expect_json '.rows.purchases | [.count, .in.points, .in.green] | join(" ")' '5 280 45'
expect_json '.rows.taken_back.out.points' 20
expect_json '.rows.expiries | [.count, .out.points, .out.green] | join(" ")' '1 30 7'
expect_json '.rows.transfers | [.count, .in.green, .out.green] | join(" ")' '1 12 12'
expect_json '.rows.compensations.in.points' 5
expect_json '.rows.vouchers_redeemed | [.count, .out.points] | join(" ")' '2 20'
expect_json '.rows.vouchers_returned | [.count, .in.points] | join(" ")' '1 10'
expect_json '.rows.offsets.entry_type' offset
expect_json '.rows.offsets_undone.entry_type' offset_undo
# The net is what the members' balances moved over the day.
expect_json .total.net.points "$(($(echo "$after" | jq .points) - $(echo "$before" | jq .points)))"
expect_json .total.net.green "$(($(echo "$after" | jq .green) - $(echo "$before" | jq .green)))"
# What moves no points: vouchers issued (their holds) and voided, short refunds.
issued=$(sql "SELECT count(*), sum(h.amount) FROM voucher v
	JOIN hold h ON h.id = v.hold_id WHERE v.issued_at >= $since AND v.issued_at < $until" | tr '|' ' ')
expect_json '.rows.vouchers_issued | [.count, .points.points] | join(" ")' "$issued"
expect_json '.rows.vouchers_issued | [.count, .points.points] | join(" ")' '5 165'
expect_json '.rows.vouchers_voided | [.count, .points.points] | join(" ")' '2 25'
expect_json '.rows.shortfalls | [.count, .points.points] | join(" ")' '2 130'

# By actor and by terminal: every group against the tables, and the
# groups add up to the day.
for actor in $(json_get '.by_actor[].actor | strings'); do
	expect_figures ".by_actor[] | select(.actor == \"$actor\") | .total" "e.actor = '$actor'"
done
for term in $(json_get '.by_terminal[].terminal | strings'); do
	expect_figures ".by_terminal[] | select(.terminal == \"$term\") | .total" "e.terminal = '$term'"
done
expect_json '[.by_actor[].total.count] | add' 13
expect_json '[.by_terminal[].total.in.points] | add' 320
# Nobody (null) is the refund that took nothing and so wrote no entry.
expect_figures '.by_actor[] | select(.actor == null) | .total' "e.actor = ''"
expect_json '[.by_actor[].actor | . // "-"] | join(",")' "-,shell:$(id -un | tr -c 'A-Za-z0-9._\n-' _ | cut -c1-32),staff:S1,staff:S2,system:expire"
expect_json '[.by_terminal[].terminal | . // "-"] | join(",")' '-,T1,T2'
expect_json '.by_actor[] | select(.actor == "staff:S1") | .rows.shortfalls.points.points' 80
expect_json '.by_actor[] | select(.actor == "staff:S2") | .rows.vouchers_voided.count' 1
jq -c '.by_actor[] | select(.actor == "staff:S1") | {rows, total}' "$out" >"$T/s1.json"
jq -c '.by_terminal[] | select(.terminal == "T2") | {rows, total}' "$out" >"$T/t2.json"

# The filters: one staff member, one terminal, both.
expect_ok report day --staff S1 --json
expect_json .actor staff:S1
expect_figures .total "e.actor = 'staff:S1'"
expect_figures .rows.purchases "e.actor = 'staff:S1' AND e.type = 'earn'"
check "$(jq -c '{rows, total}' "$out")" = "$(cat "$T/s1.json")"
expect_json '[.by_actor[].actor] | join(",")' staff:S1
expect_json '[.by_terminal[].terminal] | join(",")' T1,T2
expect_ok report day --terminal T2 --json
expect_json .terminal T2
expect_figures .total "e.terminal = 'T2'"
check "$(jq -c '{rows, total}' "$out")" = "$(cat "$T/t2.json")"
expect_json '.rows.vouchers_issued | [.count, .points.points] | join(" ")' '3 105'
expect_ok report day --staff S1 --terminal T2 --json
expect_figures .total "e.actor = 'staff:S1' AND e.terminal = 'T2'"
expect_json '.total | [.count, .in.points] | join(" ")' '1 10'
# The refund that took nothing wrote no entry: it names nobody.
expect_ok report day --staff S2 --json
expect_json .rows.shortfalls.count 0
expect_ok report day --staff NOBODY --json
expect_json .total.count 0
expect_json '.by_actor | length' 0

# Other days: the local day around the edges, an empty day.
expect_ok report day --date 2026-02-28 --json
expect_json '.rows.purchases | [.count, .in.points] | join(" ")' '1 33'
expect_figures .total "1 = 1" "$((since - 86400))" "$since"
expect_ok report day --date 2026-03-02 --json
expect_json '.rows.purchases | [.count, .in.points] | join(" ")' '1 5'
expect_ok report day --date 2025-01-01 --json
expect_json .total.count 0
expect_json '[.rows[].count] | add' 0
expect_json '.by_actor | length' 0
expect_ok report day --date 2025-01-01
expect_out '^day report of 2025-01-01, all staff, all terminals$'
expect_out '^total +0 +0 +0 +0 +0$'
expect_no_out '^BY'

# For people: aligned tables.
expect_ok report day
expect_out '^day report of 2026-03-01, all staff, all terminals$'
expect_out '^ROW +COUNT +POINTS IN +POINTS OUT +GREEN IN +GREEN OUT$'
expect_out '^purchases +5 +280 +0 +45 +0$'
expect_out '^total +13 +320 +70 +57 +19$'
expect_out "^net change of members' points: \\+250 points, \\+38 green$"
expect_out '^vouchers issued +5 +165 +0$'
expect_out '^staff S1 +purchases +3 +130 +0 +45 +0$'
expect_out '^system expire +expiries +1 +0 +30 +0 +7$'
expect_out '^T2 +purchases +2 +110 +0 +0 +0$'
# Numbers are right-aligned under their heading.
check "$(awk '/^ROW/ { print index($0, "COUNT") + 4 }' "$out")" = \
	"$(awk '/^total/ { print index($0, " 13 ") + 2 }' "$out")"
expect_ok report day --staff S1 --terminal T1
expect_out '^day report of 2026-03-01, staff S1, T1$'

# A shift: one staff member since their login, up to now and beyond.
login=$(sqlite3 :memory: "SELECT strftime('%s', '2026-03-01 00:30:00')")
expect_ok report shift --staff S1 --since 2026-03-01T08:30 --json
expect_json .date null
expect_json .since 2026-03-01T08:30:00+08:00
expect_json .until null
expect_json .actor staff:S1
expect_figures .total "e.actor = 'staff:S1'" "$login" 9999999999
expect_json '.rows.purchases | [.count, .in.points] | join(" ")' '2 15'
expect_json '.rows.taken_back.count' 1
expect_json '.rows.vouchers_voided.count' 1
expect_json '.rows.shortfalls.points.points' 80
expect_json '[.by_actor[].actor] | join(",")' staff:S1
expect_ok report shift --staff S1 --since 2026-03-01T08:30
expect_out '^shift report of staff S1 since 2026-03-01 08:30$'
expect_out '^purchases +2 +15 +0 +0 +0$'
expect_ok report shift --staff S9 --since 2026-03-01 --json
expect_json .total.count 0

# A report reads only.
snapshot "$T/report.before"
expect_ok report day --json
snapshot "$T/report.after"
check -z "$(cmp "$T/report.before" "$T/report.after" 2>&1)"

# Bad input: one line, exit 2, nothing opened.
for bad in 2026-02-30 2026-3-1 tomorrow '' 2026-03-01T10:00 '2026-03-01 '; do
	expect_error 2 'date' report day --date "$bad"
done
for bad in '' 'two words' 'semi;colon' "$(printf 'esc\033[2J')" 0123456789012345678901234567890123; do
	expect_error 2 'staff id' report day --staff "$bad"
	expect_error 2 'staff id' report shift --staff "$bad" --since 2026-03-01
done
expect_error 2 'terminal' report day --terminal 'T 1'
expect_error 2 'terminal' report day --terminal ''
expect_error 2 'staff' report shift --since 2026-03-01T08:00
expect_error 2 'since' report shift --staff S1
for bad in yesterday 2026-02-30T08:00 '' 08:00; do
	expect_error 2 'since' report shift --staff S1 --since "$bad"
done
expect_error 2 '' report day extra
expect_error 2 '' report shift --staff S1 --since 2026-03-01 --date 2026-03-01

finish
