#!/bin/sh
# jifen family create|add|list and jifen transfer: green points move within
# one family only, never beyond what the sender has available, ordinary
# points only when the config allows, and a --ref counts once.

. "$(dirname "$0")/lib.sh"

fresh
for card in 10000001 10000002 10000003 10000004 10000005; do
	add_member "$card" "Member $card"
done

expect_ok family list --json
expect_json length 0
expect_ok family list
expect_out 'no families'

# Families.
expect_ok family create Wang --owner 10000001 --json
expect_json .family Wang
expect_json .owner 10000001
expect_ok family add Wang 10000002 --json
expect_json .card 10000002
expect_ok family create 李家 --owner 10000003
expect_ok family add 李家 10000004
expect_ok family list --json
expect_json length 4
expect_json '[.[] | select(.family == "Wang") | .card] | join(",")' 10000001,10000002
expect_json '[.[] | select(.owner) | .card] | sort | join(",")' 10000001,10000003
expect_ok family list 李家 --json
expect_json length 2
expect_json '.[0].family' 李家
expect_ok member show 10000002 --json
expect_json .family Wang
expect_ok family list
expect_out '^Wang +10000001 +Member 10000001 +yes'

# One family per member; names are unique; everything must exist.
expect_error 5 'already' family add 李家 10000002
expect_error 5 'already' family add Wang 10000002
expect_error 5 'already' family create Zhao --owner 10000001
expect_error 5 'exists' family create Wang --owner 10000005
expect_error 3 'no family' family add Nobody 10000005
expect_error 3 'no member' family add Wang 99999999
expect_error 3 'no member' family create Zhao --owner 99999999
expect_error 3 'no family' family list Nobody
# Family names are names: text, 1 to 64 characters, no control characters.
for name in '' '   ' "$(printf '%065d' 0)" "$(printf '%010000d' 0)" \
	"$(printf 'Zh\033[31mao')" "$(printf 'Zh\nao')"; do
	expect_error 2 'name' family create "$name" --owner 10000005
	expect_error 2 'name' family add "$name" 10000005
	expect_error 2 'name' family list "$name"
done
sql="x'); DROP TABLE family;--"
expect_ok family create "$sql" --owner 10000005
expect_ok family list "$sql" --json
expect_json '.[0].family' "$sql"
expect_json '.[0].card' 10000005
# Cards and arguments.
for card in abc -5 1e9 12.345 99999999999999999999 ''; do
	expect_error 2 'card|negative' family create Zhao --owner "$card"
	expect_error 2 'card|negative' family add Wang "$card"
done
expect_error 2 'owner' family create Zhao
expect_error 2 'missing argument' family create --owner 10000005
expect_error 2 'missing argument' family add Wang
expect_error 2 'unexpected argument' family add Wang 10000005 10000004
expect_error 2 'unexpected argument' family list Wang 李家

# Green points within a family.
expect_ok grant 10000001 100 --green --reason seed
expect_ok grant 10000003 100 --green --reason seed
expect_ok transfer 10000001 10000002 30 --green --ref T1 --json
expect_json .from 10000001
expect_json .to 10000002
expect_json .points 30
expect_json .kind green
expect_json .ref T1
expect_json .replay false
entry=$(json_get .entry)
expect_balance 10000001 green 70
expect_balance 10000002 green 30
expect_balance 10000002 available_green 30
expect_ok transfer 10000002 10000001 10 --green --ref T2
expect_out 'transferred 10 green points'
expect_balance 10000001 green 80
expect_balance 10000002 green 20
# A replay changes nothing; other content under the same key is a conflict.
before=$(entries)
expect_ok transfer 10000001 10000002 30 --green --ref T1 --json
expect_json .replay true
expect_json .entry "$entry"
check "$(entries)" -eq "$before"
expect_balance 10000001 green 80
expect_error 5 '' transfer 10000001 10000002 31 --green --ref T1
expect_error 5 '' transfer 10000002 10000001 30 --green --ref T1

# Across families, or to someone in no family: a conflict.
expect_error 5 '^jifen: 10000001 and 10000003 are not in the same family$' \
	transfer 10000001 10000003 1 --green --ref X1
expect_error 5 'family' transfer 10000003 10000001 1 --green --ref X2
add_member 10000006 Loner
expect_error 5 'family' transfer 10000001 10000006 1 --green --ref X3
expect_error 5 'family' transfer 10000006 10000001 1 --green --ref X4
# More than is available: insufficient, nothing written.
expect_error 4 '^jifen: not enough green points: 80 available, 81 asked, 1 more needed$' \
	transfer 10000001 10000002 81 --green --ref X5
expect_error 4 'available' transfer 10000004 10000003 1 --green --ref X6
# Never to oneself.
expect_error 2 'itself' transfer 10000001 10000001 1 --green --ref X7

# Ordinary points: refused by default, allowed by the config.
expect_ok earn 10000001 50 --ref R1
expect_error 5 'green|config' transfer 10000001 10000002 10 --ref P1
config allow '[transfer]
allow_points = true'
expect_ok --config "$T/allow.conf" transfer 10000001 10000002 10 --ref P1 --json
expect_json .kind points
expect_balance 10000001 points 40
expect_balance 10000002 points 10
expect_error 4 'available' --config "$T/allow.conf" transfer 10000001 10000002 41 --ref P2
expect_error 5 'family' --config "$T/allow.conf" transfer 10000001 10000003 1 --ref P3

# The daily limit of green points one member may send.
config limit '[transfer]
daily_green_limit = 25'
expect_ok grant 10000002 100 --green --reason seed
# 10000002 has sent 10 today (T2).
expect_ok --config "$T/limit.conf" transfer 10000002 10000001 15 --green --ref D1
# The error line says the limit, what was sent today and what was asked.
expect_error 5 '^jifen: over the daily limit of 25 green points: 25 sent today, 1 more asked$' \
	--config "$T/limit.conf" transfer 10000002 10000001 1 --green --ref D2
now 2026-03-02T10:00:00
expect_ok --config "$T/limit.conf" transfer 10000002 10000001 25 --green --ref D2
expect_error 5 'limit' --config "$T/limit.conf" transfer 10000002 10000001 1 --green --ref D3
now 2026-03-01T10:00:00

# Transferred points keep the sender's expiry dates.
fresh
add_member 10000001 Old
add_member 10000002 Young
expect_ok family create Wang --owner 10000001
expect_ok family add Wang 10000002
now 2025-01-01T10:00:00
expect_ok earn 10000001 20 --green --ref G1
now 2025-12-20T10:00:00
expect_ok transfer 10000001 10000002 15 --green --ref T1
expect_ok balance 10000002 --json
expect_json '.expiring[0].date' 2026-01-01
expect_json '.expiring[0].points' 15
now 2026-03-01T10:00:00

# Bad input.
for points in abc -5 1e9 12.345 99999999999999999999 0 1000000001 ''; do
	expect_error 2 'points|negative' transfer 10000001 10000002 "$points" --green --ref X
done
for card in abc -5 1e9 12.345 99999999999999999999 ''; do
	expect_error 2 'card|negative' transfer "$card" 10000002 1 --green --ref X
	expect_error 2 'card|negative' transfer 10000001 "$card" 1 --green --ref X
done
expect_error 3 'no member' transfer 99999999 10000002 1 --green --ref X
expect_error 3 'no member' transfer 10000001 99999999 1 --green --ref X
expect_error 2 'ref' transfer 10000001 10000002 1 --green
expect_error 2 'ref' transfer 10000001 10000002 1 --green --ref 'a b'
expect_error 2 'missing argument' transfer 10000001 10000002 --green --ref X
expect_error 2 'unexpected argument' transfer 10000001 10000002 1 2 --green --ref X

expect_ok verify

finish
