#!/bin/sh
# jifen grant: a manager's bonus, with a reason kept in the ledger; with
# --ref it counts once, without it every grant is new.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice

expect_ok grant 10000001 50 --reason 'birthday bonus' --json
expect_json .card 10000001
expect_json .points 50
expect_json .kind points
expect_json .replay false
expect_balance 10000001 points 50
expect_balance 10000001 available 50
expect_ok history 10000001 --json
expect_json '.[0].type' grant
expect_json '.[0].points' 50
expect_json '.[0].memo' 'birthday bonus'
expect_ok grant 10000001 7 --green --reason 'brought a bag' --json
expect_json .kind green
expect_balance 10000001 green 7

# Without --ref, the same grant twice is two grants.
expect_ok grant 10000001 5 --reason again
expect_ok grant 10000001 5 --reason again
expect_balance 10000001 points 60

# With --ref: a replay returns the first result; other content is a conflict.
expect_ok grant 10000001 20 --reason 'store was closed' --ref COMP-1 --json
expect_json .ref COMP-1
entry=$(json_get .entry)
before=$(entries)
expect_ok grant 10000001 20 --reason 'store was closed' --ref COMP-1 --json
expect_json .replay true
expect_json .entry "$entry"
check "$(entries)" -eq "$before"
expect_balance 10000001 points 80
expect_error 5 '' grant 10000001 21 --reason 'store was closed' --ref COMP-1
expect_error 5 '' grant 10000001 20 --reason 'another reason' --ref COMP-1
expect_error 5 '' grant 10000001 20 --reason 'store was closed' --ref COMP-1 --green

# The largest grant is 10^9 points, and balances may exceed it.
expect_ok grant 10000001 1000000000 --reason big
expect_ok grant 10000001 1000000000 --reason big
expect_balance 10000001 points 2000000080

# Bad points.
for points in abc -5 1e9 12.345 99999999999999999999 0 00 1000000001 '' ' 5' 5x \
	2026-02-30; do
	expect_error 2 'points|negative' grant 10000001 "$points" --reason bonus
done
# Bad and unknown cards.
for card in abc -5 1e9 12.345 99999999999999999999 ''; do
	expect_error 2 'card|negative' grant "$card" 5 --reason bonus
done
expect_error 3 'no member' grant 99999999 5 --reason bonus
# The reason: required, 1 to 200 characters of text.
expect_error 2 'reason' grant 10000001 5
expect_error 2 'reason' grant 10000001 5 --reason ''
expect_error 2 'reason' grant 10000001 5 --reason '  '
expect_error 2 'reason' grant 10000001 5 --reason "$(printf '%0201d' 0)"
expect_error 2 'reason' grant 10000001 5 --reason "$(printf 'ok\033[8mhidden')"
expect_ok grant 10000001 5 --reason "$(printf '%0200d' 0)"
sql="x'); DROP TABLE entry;--"
expect_ok grant 10000001 5 --reason "$sql"
expect_ok history 10000001 --json --limit 1
expect_json '.[0].memo' "$sql"
# The key.
expect_error 2 'ref' grant 10000001 5 --reason bonus --ref ''
expect_error 2 'ref' grant 10000001 5 --reason bonus --ref 'a b'
# Arguments.
expect_error 2 'missing argument' grant 10000001 --reason bonus
expect_error 2 'unexpected argument' grant 10000001 5 6 --reason bonus
expect_error 2 'option' grant 10000001 5 --reason bonus --category x

expect_ok verify

finish
