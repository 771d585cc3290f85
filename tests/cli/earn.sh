#!/bin/sh
# jifen earn and earn --reverse: points for a purchase, one per whole yuan;
# a receipt counts once (a replay returns the first result, other content is
# a conflict); a refund takes the points back, never below zero.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice
add_member 10000002 Bob

# One point per whole yuan: the fen of a price earn nothing.
expect_ok earn 10000001 199.50 --ref R1 --json
expect_json .card 10000001
expect_json .points 199
expect_json .kind points
expect_json .ref R1
expect_json .replay false
first_entry=$(json_get .entry)
check "$first_entry" -ge 1
expect_balance 10000001 points 199
expect_balance 10000001 available 199
expect_ok earn 10000001 20 --ref R2
expect_out 'earned 20 points'
expect_ok earn 10000001 0.5 --ref R3 --json
expect_json .points 0
expect_ok earn 10000001 9.99 --ref R4 --json
expect_json .points 9
expect_balance 10000001 points 228

# A replay of a receipt returns the first result and writes nothing.
before=$(entries)
expect_ok earn 10000001 199.50 --ref R1 --json
expect_json .replay true
expect_json .points 199
expect_json .entry "$first_entry"
check "$(entries)" -eq "$before"
expect_balance 10000001 points 228
expect_ok earn 10000001 199.50 --ref R1
expect_out 'already recorded'
# The same amount written another way is the same purchase.
expect_ok earn 10000001 199.5 --ref R1 --json
expect_json .replay true
# The same receipt with anything else changed is a conflict, and writes nothing.
expect_error 5 'R1|already|different' earn 10000001 200 --ref R1
expect_error 5 '' earn 10000001 199.51 --ref R1
expect_error 5 '' earn 10000002 199.50 --ref R1
expect_error 5 '' earn 10000001 199.50 --ref R1 --green
expect_balance 10000002 points 0

# Green points for eco-friendly goods.
expect_ok earn 10000002 35.80 --ref G1 --green --json
expect_json .kind green
expect_json .points 35
expect_balance 10000002 green 35
expect_balance 10000002 points 0
expect_ok history 10000002 --json
expect_json '.[0].type' earn
expect_json '.[0].kind' green
expect_json '.[0].points' 35

# A category with its own rate, from the config.
config cat '[earn]
points_per_yuan = 2
[category 生鲜]
points_per_yuan = 5'
expect_ok --config "$T/cat.conf" earn 10000002 10 --ref C1 --json
expect_json .points 20
expect_ok --config "$T/cat.conf" earn 10000002 10 --ref C2 --category 生鲜 --json
expect_json .points 50
expect_balance 10000002 points 70
# A category the config does not know is refused, not earned at some rate.
expect_error 2 'category' --config "$T/cat.conf" earn 10000002 10 --ref C3 --category 水果
expect_error 2 'category' earn 10000002 10 --ref C3 --category 生鲜
expect_error 2 'category' earn 10000002 10 --ref C3 --category "$(printf 'x\033[m')"
expect_error 2 'category' earn 10000002 10 --ref C3 --category ''

# Bad amounts: refused before the ledger is touched.
for amount in abc -5 1e9 12.345 99999999999999999999 1000000001 '' . 1. .5 '1,5' \
	' 10' '10 ' +10 0x10 2026-02-30 '１０'; do
	expect_error 2 'amount|negative' earn 10000001 "$amount" --ref RX
done
# Bad cards, unknown cards.
for card in abc -5 1e9 12.345 99999999999999999999 1234567 ''; do
	expect_error 2 'card|negative' earn "$card" 10 --ref RX
done
expect_error 3 'no member' earn 99999999 10 --ref RX
# The receipt is required and is 1 to 64 printable characters without spaces.
expect_error 2 'ref' earn 10000001 10
expect_error 2 'receipt' earn 10000001 10 --ref ''
expect_error 2 'receipt' earn 10000001 10 --ref 'R 1'
expect_error 2 'receipt' earn 10000001 10 --ref "$(printf 'R\0331')"
expect_error 2 'receipt' earn 10000001 10 --ref 收据1
expect_error 2 'receipt' earn 10000001 10 --ref "$(printf '%065d' 7)"
expect_ok earn 10000001 10 --ref "$(printf '%064d' 7)" --json
expect_json .points 10
expect_balance 10000001 points 238
# Arguments.
expect_error 2 'missing argument' earn 10000001 --ref RX
expect_error 2 'missing argument' earn --ref RX
expect_error 2 'unexpected argument' earn 10000001 10 20 --ref RX
expect_error 2 'option' earn 10000001 10 --ref RX --bonus

# A refund takes the purchase's points back.
expect_ok earn 10000001 100 --ref R10
expect_balance 10000001 points 338
expect_ok earn --reverse R10 --json
expect_json .ref R10
expect_json .points 100
expect_json .shortfall 0
expect_json .replay false
reverse_entry=$(json_get .entry)
expect_balance 10000001 points 238
expect_ok history 10000001 --json --limit 1
expect_json '.[0].type' reverse
expect_json '.[0].points' -100
# Twice is a replay: the first result, nothing new.
before=$(entries)
expect_ok earn --reverse R10 --json
expect_json .replay true
expect_json .points 100
expect_json .entry "$reverse_entry"
check "$(entries)" -eq "$before"
expect_balance 10000001 points 238
expect_ok earn --reverse R10
expect_out 'already recorded'
# Reversal of a receipt that was never earned.
expect_error 3 'receipt' earn --reverse NOSUCH
expect_error 2 'receipt' earn --reverse 'R 1'
expect_error 2 '' earn --reverse
expect_error 2 'reverse' earn --reverse R1 --ref R1
expect_error 2 'reverse' earn --reverse R1 --green
expect_error 2 'unexpected argument' earn --reverse R1 10000001

# Refund after the points were spent: as many as are left, and the
# shortfall said. Green points are spent here by a family transfer.
expect_ok family create Home --owner 10000001
expect_ok family add Home 10000002
expect_ok earn 10000001 80 --ref G2 --green
expect_ok transfer 10000001 10000002 50 --green --ref T1
expect_balance 10000001 green 30
expect_ok earn --reverse G2 --json
expect_json .points 30
expect_json .shortfall 50
expect_balance 10000001 green 0
expect_balance 10000002 green 85
expect_ok earn --reverse G2
expect_out '30'
expect_out '50'
# With nothing left at all: nothing to take, the whole amount short.
expect_ok earn 10000001 40 --ref G3 --green
expect_ok transfer 10000001 10000002 40 --green --ref T2
expect_ok earn --reverse G3 --json
expect_json .points 0
expect_json .shortfall 40
expect_balance 10000001 green 0

# A double scan at two counters at once: one earns, the others replay.
before=$(balance_of 10000002)
entries_before=$(entries)
for i in 1 2 3 4 5; do
	"$JIFEN" earn 10000002 77 --ref DOUBLE --json >"$T/double.$i" 2>&1 </dev/null &
done
wait
check "$(cat "$T"/double.* | jq -s 'map(select(.replay == false)) | length')" -eq 1
check "$(cat "$T"/double.* | jq -s 'map(select(.replay == true)) | length')" -eq 4
check "$(balance_of 10000002)" -eq $((before + 77))
check "$(entries)" -eq $((entries_before + 1))

expect_ok verify

finish
