#!/bin/sh
# jifen report day: the yuan that points paid (offsets, offset_sale) on
# the day, in all, by staff member and by terminal, against sums taken
# from the offset_sale table by SQL; an offset undone later still
# counts on its day (the undo is the row offsets_undone); other days not.

. "$(dirname "$0")/lib.sh"

config t1 '[store]
terminal = T1'
config t2 '[store]
terminal = T2'
t1="--config $T/t1.conf" t2="--config $T/t2.conf"
A=10000001 B=10000002

now 2026-02-27T10:00:00
fresh
add_member $A Ann
add_member $B Bob
expect_ok grant $A 50000 --reason welcome
expect_ok grant $B 50000 --reason welcome
# The day before (23:30 local): not the day's.
now 2026-02-28T23:30:00
expect_ok offset $A --bill 80.00 --points 1000 --ref S0 --staff S1 $t1

# ---- the day: 2026-03-01 ----
now 2026-03-01T09:00:00
expect_ok offset $A --bill 200.00 --points 10000 --ref S1 --staff S1 $t1
now 2026-03-01T10:00:00
expect_ok offset $B --bill 33.30 --points 1234 --ref S2 --staff S2 $t2
now 2026-03-01T11:00:00
expect_ok offset $A --bill 10.00 --points 250 --ref S3 --staff S1 $t2
now 2026-03-01T12:00:00
expect_ok offset --undo S3 --staff S1 $t2
now 2026-03-01T18:00:00
expect_ok verify

# The local day in seconds (UTC+8).
since=$(sqlite3 :memory: "SELECT strftime('%s', '2026-02-28 16:00:00')")
until=$((since + 86400))
# paid WHERE: "count points fen" of the day's offset sales WHERE selects.
paid() {
	sql "SELECT count(*), coalesce(sum(points), 0),
		coalesce(sum(fen), 0) FROM offset_sale WHERE created_at >= ${2:-$since}
		AND created_at < ${3:-$until} AND ($1)" | tr '|' ' '
}
cell() {
	json_get "$1 | [.count, .points.points, .fen] | join(\" \")"
}
expect_paid() {
	checks=$((checks + 1))
	_want=$(paid "$2" "${3:-}" "${4:-}")
	_got=$(cell "$1")
	[ "$_got" = "$_want" ] || fail "$1 is '$_got', offset_sale says '$_want' ($2)"
}

expect_ok report day --json
expect_paid .rows.offset_yuan "1 = 1"
expect_json '.rows.offset_yuan | [.count, .points.points, .fen, .yuan] | join(" ")' \
	'3 11484 11484 114.84'
for actor in $(json_get '.by_actor[].actor | strings'); do
	expect_paid ".by_actor[] | select(.actor == \"$actor\") | .rows.offset_yuan" \
		"created_by = '$actor'"
done
for term in $(json_get '.by_terminal[].terminal | strings'); do
	expect_paid ".by_terminal[] | select(.terminal == \"$term\") | .rows.offset_yuan" \
		"created_terminal = '$term'"
done
expect_json '.by_actor[] | select(.actor == "staff:S1") | .rows.offset_yuan.yuan' 102.50
expect_json '.by_terminal[] | select(.terminal == "T2") | .rows.offset_yuan.yuan' 14.84
# The points they took are the row of offset entries; the undo its own.
expect_json '.rows.offsets.out.points' 11484
expect_json '.rows.offsets_undone.in.points' 250

# Filters: one staff member, one terminal.
expect_ok report day --staff S2 --json
expect_json '.rows.offset_yuan | [.count, .yuan] | join(" ")' '1 12.34'
expect_ok report day --terminal T1 --json
expect_json '.rows.offset_yuan | [.count, .yuan] | join(" ")' '1 100.00'
# The day before has its own.
expect_ok report day --date 2026-02-28 --json
expect_paid .rows.offset_yuan "1 = 1" $((since - 86400)) "$since"
expect_json '.rows.offset_yuan.yuan' 10.00

# Human output: the row with its yuan, in all and by group.
expect_ok report day
expect_out '^yuan paid by points +3 +114\.84 yuan$'
expect_out '^staff S2 +yuan paid by points +1 +12\.34 yuan$'
expect_out '^T1 +yuan paid by points +1 +100\.00 yuan$'
# A day without offsets: the row is there, at zero.
expect_ok report day --date 2026-02-20 --json
expect_json '.rows.offset_yuan | [.count, .fen, .yuan] | join(" ")' '0 0 0.00'
expect_ok report day --date 2026-02-20
expect_out '^yuan paid by points +0 +0\.00 yuan$'

finish
