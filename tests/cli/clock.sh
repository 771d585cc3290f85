#!/bin/sh
# A clock that jumps (issue 9, defect 2). An entry is dated by the clock,
# never by the entry before it; a write whose clock is more than the
# config's clock_tolerance (300 seconds by default) behind the ledger's
# latest entry is refused with one line and exit 5, and writes nothing.
# Within the tolerance entries may be slightly out of time order: history
# and exports keep the order of writing, the daily transfer limit counts
# the calendar day of each transfer, expiry goes by the clock's date, and
# vouchers (holds) issued ahead of the clock still redeem; verify passes.

. "$(dirname "$0")/lib.sh"

# ts REF: an entry's stored time, in seconds.
ts() {
	sql "SELECT ts FROM entry WHERE ref = '$1'"
}
# epoch TIME: TIME (local, Asia/Shanghai) in seconds.
epoch() {
	date -d "$1+08:00" +%s
}

fresh
add_member 10000001 Alice
add_member 10000002 Bob

# One write with the clock three minutes ahead re-dates nothing after it.
now 2026-03-01T10:00:00
expect_ok earn 10000001 10 --ref R1
now 2026-03-01T10:03:00
expect_ok earn 10000001 10 --ref R2
now 2026-03-01T10:00:30
expect_ok earn 10000001 10 --ref R3
check "$(ts earn:R3)" -eq "$(epoch 2026-03-01T10:00:30)"
check "$(ts earn:R2)" -eq "$(epoch 2026-03-01T10:03:00)"
now 2026-03-01T10:10:00
expect_ok grant 10000001 5 --reason later
check "$(ts "$(sql "SELECT ref FROM entry WHERE type = 'grant'")")" -eq \
	"$(epoch 2026-03-01T10:10:00)"
# History and exports keep the order of writing.
expect_ok history 10000001 --json
expect_json '[.[] | .ref] | join(",")' "$(printf 'grant:%s' "$(sql \
	"SELECT substr(ref, 7) FROM entry WHERE type = 'grant'")"),earn:R3,earn:R2,earn:R1"
expect_ok export --format csv
check "$(grep -c 'earn:R' "$out")" -eq 6
expect_ok verify

# A clock a day ahead, then right again: the write with the right clock is
# refused (its clock is behind the ledger), in one line, and writes nothing.
now 2026-03-02T10:00:00
expect_ok earn 10000001 10 --ref AHEAD
now 2026-03-01T10:15:00
expect_error 5 'clock .* behind the ledger' earn 10000001 10 --ref R4
expect_stderr_one_line
expect_error 5 'clock' grant 10000001 5 --reason again
expect_error 5 'clock' earn --reverse R1
expect_ok balance 10000001
# A larger tolerance in the config lets it through.
config wide '[database]
clock_tolerance = 86400'
expect_ok --config "$T/wide.conf" earn 10000001 10 --ref R4
check "$(ts earn:R4)" -eq "$(epoch 2026-03-01T10:15:00)"
config bad '[database]
clock_tolerance = 86401'
expect_error 2 'clock_tolerance' --config "$T/bad.conf" balance 10000001
expect_ok verify

# The daily limit counts each transfer on its own calendar day: a
# transfer dated just after midnight by a clock ahead is tomorrow's.
fresh
add_member 10000001 Alice
add_member 10000002 Bob
config limit '[transfer]
daily_green_limit = 100'
JIFEN_CONFIG=$T/limit.conf
export JIFEN_CONFIG
now 2026-03-04T09:00:00
expect_ok family create Fam --owner 10000001
expect_ok family add Fam 10000002
expect_ok earn 10000001 500 --ref G1 --green
now 2026-03-05T00:02:00
expect_ok transfer 10000001 10000002 80 --green --ref T1
now 2026-03-04T23:59:00
expect_ok transfer 10000001 10000002 60 --green --ref T2
now 2026-03-05T10:00:00
expect_error 5 'daily limit' transfer 10000001 10000002 30 --green --ref T3
expect_ok transfer 10000001 10000002 20 --green --ref T4
now 2026-03-06T10:00:00
expect_ok transfer 10000001 10000002 100 --green --ref T5
expect_ok verify

# Expiry around midnight: the daily job run with the clock a little ahead
# (the next day) expires the lots of the day before; the clock stepping
# back leaves them expired, and new points get the clock's date.
fresh
add_member 10000001 Alice
now 2025-03-01T10:00:00
expect_ok earn 10000001 40 --ref OLD
now 2026-03-02T00:01:00
expect_ok daily --json
check "$(jq .expire.points "$out")" -eq 40
now 2026-03-01T23:58:00
expect_ok balance 10000001 --json
expect_json .points 0
expect_json .overdue 0
expect_ok earn 10000001 10 --ref NEW
check "$(sql "SELECT expires_on FROM lot WHERE remaining > 0")" = 2027-03-01
expect_ok daily --json
check "$(jq .expire.points "$out")" -eq 0
expect_ok verify

# Holds: a voucher issued with the clock ahead redeems with the clock back
# within the tolerance; one issued before a jump far ahead is refused with
# the clock right again, until the clock catches up.
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'MUG,杯子,Mug,home,goods,10,,,,10,0,,,' >"$T/items.csv"
now 2026-03-03T10:04:00
expect_ok catalog import "$T/items.csv"
expect_ok grant 10000001 50 --reason mugs
expect_ok redeem 10000001 MUG --json
code=$(json_get .voucher)
now 2026-03-03T10:00:00
expect_ok voucher redeem "$code" --staff S01
now 2026-03-04T10:00:00
expect_ok redeem 10000001 MUG --json
code=$(json_get .voucher)
now 2026-03-03T11:00:00
expect_error 5 'clock' redeem 10000001 MUG
expect_error 5 'clock' voucher redeem "$code" --staff S01
now 2026-03-04T10:01:00
expect_ok voucher redeem "$code" --staff S01
expect_ok verify

# Every write is under the rule, not only those that make entries or
# holds (each write transaction begins with the check): members, PINs,
# cards, families, the catalog, voucher cancel, delisting, compensation
# and expiry. After one write with the clock a day ahead, each is refused
# with the clock right again, in one line, writing nothing; within the
# tolerance each goes through.
fresh
now 2026-04-01T10:00:00
add_member 10000001 Alice
add_member 10000002 Bob
expect_ok catalog import "$T/items.csv"
expect_ok grant 10000001 50 --reason mugs
expect_ok redeem 10000001 MUG --json
code=$(json_get .voucher)
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'MUG,杯子,Mug,home,goods,10,,,,20,0,,,' 'CUP,茶杯,Cup,home,goods,5,,,,10,0,,,' >"$T/items2.csv"
now 2026-04-02T10:00:00
expect_ok grant 10000002 5 --reason ahead
now 2026-04-01T10:30:00
# behind WHAT...: the write is refused for the clock, in one line.
behind() {
	expect_error 5 'clock .* behind the ledger' "$@"
	expect_stderr_one_line
}
behind member add 10000003 --name Carol
feed 2468
behind member add 10000004 --name Dan --pin-stdin
behind member card 10000001 10000009
behind family create Fam --owner 10000001
behind family add Fam 10000002
behind catalog import "$T/items2.csv"
behind catalog delist MUG --compensate 5 --reason gone
behind voucher cancel "$code"
behind compensate outage --from 2026-03-30T09:00 --to 2026-03-31T18:00 --extend-days 3
behind expire
behind daily
check "$(sql "SELECT count(*) FROM member")" -eq 2
# Within the tolerance (300 seconds) of the latest entry: written, and
# dated by the clock.
now 2026-04-02T09:56:00
expect_ok member add 10000003 --name Carol
feed 2468
expect_ok member add 10000004 --name Dan --pin-stdin
expect_ok family create Fam --owner 10000001
expect_ok family add Fam 10000002
expect_ok member card 10000001 10000009
expect_ok catalog import "$T/items2.csv"
check "$(sql "SELECT updated_at FROM item WHERE sku = 'CUP'")" -eq \
	"$(epoch 2026-04-02T09:56:00)"
expect_ok voucher cancel "$code"
expect_ok catalog delist CUP --compensate 0 --reason gone
expect_ok compensate outage --from 2026-03-30T09:00 --to 2026-03-31T18:00 --extend-days 3
expect_ok expire
expect_ok daily
expect_ok verify

finish
