#!/bin/sh
# jifen history: a member's entries, newest first, signed, with their
# references and memos; --limit N for the newest N.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice
add_member 10000002 Bob

expect_ok history 10000001 --json
expect_json length 0
expect_ok history 10000001
expect_out 'no entries'

now 2026-03-01T09:00:00
expect_ok earn 10000001 100 --ref R1
now 2026-03-02T09:00:00
expect_ok grant 10000001 8 --green --reason 'brought a bag'
expect_ok family create Home --owner 10000001
expect_ok family add Home 10000002
now 2026-03-03T09:00:00
expect_ok transfer 10000001 10000002 3 --green --ref T1
now 2026-03-04T09:00:00
expect_ok earn --reverse R1

expect_ok history 10000001 --json
expect_json length 4
expect_json '[.[].type] | join(",")' reverse,transfer,grant,earn
expect_json '[.[].points] | join(",")' -100,-3,8,100
expect_json '[.[].kind] | join(",")' points,green,green,points
expect_json '.[3].time' 2026-03-01T09:00:00+08:00
expect_json '.[0].time' 2026-03-04T09:00:00+08:00
expect_json '.[3].ref' earn:R1
expect_json '.[1].ref' transfer:T1
expect_json '.[2].memo' 'brought a bag'
expect_json '.[0].entry > .[3].entry' true
# The other side of the transfer.
expect_ok history 10000002 --json
expect_json length 1
expect_json '.[0].type' transfer
expect_json '.[0].points' 3
expect_json '.[0].entry' "$(jf history 10000001 --json | jq '.[1].entry')"
# Text: one line per item under a header.
expect_ok history 10000001
check "$(wc -l <"$out")" -eq 5
expect_out '^2026-03-01 09:00 +earn +\+100 +points +earn:R1'
expect_out '^2026-03-04 09:00 +reverse +-100 '

# --limit: the newest N.
expect_ok history 10000001 --limit 1 --json
expect_json length 1
expect_json '.[0].type' reverse
expect_ok history --limit 3 10000001 --json
expect_json length 3
expect_ok history 10000001 --limit 10000 --json
expect_json length 4
for limit in 0 abc -5 1e9 12.345 99999999999999999999 10001 ''; do
	expect_error 2 'limit|negative' history 10000001 --limit "$limit"
done

# A name with SQL and a memo are shown as they were given.
sql="x'); DROP TABLE line;--"
expect_ok grant 10000002 1 --reason "$sql"
expect_ok history 10000002 --json --limit 1
expect_json '.[0].memo' "$sql"

for card in abc -5 1e9 12.345 99999999999999999999 ''; do
	expect_error 2 'card|negative' history "$card"
done
expect_error 3 'no member' history 99999999
expect_error 2 'missing argument' history
expect_error 2 'unexpected argument' history 10000001 5
expect_error 2 'value' history 10000001 --limit

finish
