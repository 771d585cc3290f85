#!/bin/sh
# jifen member add|show|list: members' details are checked before anything
# is written; names are shown exactly as given, or refused if they could
# drive a terminal.

. "$(dirname "$0")/lib.sh"

fresh

# An empty list.
expect_ok member list --json
expect_json length 0
expect_ok member list
expect_out 'no members'

# A member with every detail.
expect_ok member add 10000001 --name 'Alice Wang' --birthday 1990-02-28 --phone '+86 138-0000-0000'
expect_out 10000001
expect_ok member show 10000001 --json
expect_json .card 10000001
expect_json .name 'Alice Wang'
expect_json .birthday 1990-02-28
expect_json .phone '+86 138-0000-0000'
expect_json .family null
expect_json .has_pin false
expect_json .points 0
expect_json .green 0
expect_ok member show 10000001
expect_out '^name +Alice Wang$'
expect_out '^birthday +1990-02-28$'

# Options before the card, --json among them, and a leap-day birthday.
expect_ok member add --json --name 张伟 --birthday 2000-02-29 10000002
expect_json .card 10000002
expect_json .name 张伟

# A PIN comes from stdin only, and is never shown.
feed '2468
'
expect_ok member add 10000003 --name Carol --pin-stdin
expect_ok member show 10000003 --json
expect_json .has_pin true
expect_no_out 2468
for pin in 12 1234567 abcd '12 34' ''; do
	feed "$pin
"
	expect_error 2 'PIN' member add 10000004 --name Dan --pin-stdin
done
# No line on stdin at all.
expect_error 2 'PIN' member add 10000004 --name Dan --pin-stdin

# The list, ordered by card, with points.
expect_ok earn 10000002 88 --ref R1
expect_ok member list --json
expect_json length 3
expect_json '.[0].card' 10000001
expect_json '.[1].name' 张伟
expect_json '.[1].points' 88
expect_json '.[2].green' 0
expect_ok member list
expect_out '^10000002 +张伟 +88 +0$'

# A card is taken once.
expect_error 5 'already' member add 10000001 --name 'Alice Again'
expect_error 5 'already' member add 10000002 --name 张伟

# Card numbers: 8 to 19 digits and nothing else.
expect_ok member add 12345678 --name Eight
expect_ok member add 1234567890123456789 --name Nineteen
for card in abc -5 1e9 12.345 99999999999999999999 1234567 '' ' 10000005' \
	'10000005 ' 1000000x 2026-02-30 '１２３４５６７８'; do
	expect_error 2 'card|negative' member add "$card" --name Someone
done

# Names: one to 64 characters of text, spaces inside allowed.
name64=$(printf '%064d' 0 | sed 's/0/名/g')
name65=$(printf '%065d' 0 | tr 0 n)
name10k=$(printf '%010000d' 0 | tr 0 x)
expect_ok member add 10000010 --name "$name64"
expect_ok member show 10000010 --json
expect_json .name "$name64"
expect_error 2 'empty' member add 10000011 --name ''
expect_error 2 'blank' member add 10000011 --name '   '
expect_error 2 'longer' member add 10000011 --name "$name65"
expect_error 2 'longer' member add 10000011 --name "$name10k"
# Terminal escapes and other control characters are refused, not stored.
for bad in "$(printf 'Eve\033[2J')" "$(printf '\033]0;owned\007')" \
	"$(printf 'Eve\rMallory')" "$(printf 'Eve\nMallory')" "$(printf 'tab\there')" \
	"$(printf 'Eve\302\233')" "$(printf 'Eve\177')"; do
	expect_error 2 'control' member add 10000011 --name "$bad"
done
expect_error 2 'UTF-8' member add 10000011 --name "$(printf 'Eve\377')"
expect_error 2 'UTF-8' member add 10000011 --name "$(printf 'Eve\300\200')"

# SQL in a name is only text: stored and shown literally, tables intact.
sql="x'); DROP TABLE member;--"
expect_ok member add 10000012 --name "$sql"
expect_ok member show 10000012 --json
expect_json .name "$sql"
expect_ok member show 10000012
expect_out "^name +x'\\); DROP TABLE member;--\$"
expect_ok member list --json
expect_json 'map(select(.card == "10000012")) | .[0].name' "$sql"
check "$(sql 'SELECT count(*) FROM member')" -eq 7

# Birthdays: real past dates only.
for day in abc -5 1e9 12.345 99999999999999999999 2026-02-30 2025-02-29 2026-13-01 \
	2026-00-10 1990-1-1 '1990-01-01 ' 19900101 ''; do
	expect_error 2 'date' member add 10000013 --name Fay --birthday "$day"
done
expect_error 2 'future' member add 10000013 --name Fay --birthday 2026-03-02
expect_ok member add 10000013 --name Fay --birthday 2026-03-01

# Phones.
for phone in abc -5x 12 '+86 138 0000 0000 0000 0' "$(printf '138\0330000')"; do
	expect_error 2 'phone' member add 10000014 --name Gus --phone "$phone"
done

# Arguments and options.
expect_error 2 'name' member add 10000014
expect_error 2 'missing argument' member add --name Gus
expect_error 2 'unexpected argument' member add 10000014 10000015 --name Gus
expect_error 2 '' member add 10000014 --name Gus --pin 1234
expect_error 2 'value' member add 10000014 --name
expect_error 2 '' member
expect_error 2 'unknown command' member remove 10000001
expect_ok member --help
expect_out 'member add'
expect_ok member add --help
expect_out 'usage'

# show: not found, bad card, arguments.
expect_error 3 'no member' member show 99999999
expect_error 2 'card' member show abc
expect_error 2 'missing argument' member show
expect_error 2 'unexpected argument' member show 10000001 10000002
expect_error 2 'unexpected argument' member list 10000001

finish
