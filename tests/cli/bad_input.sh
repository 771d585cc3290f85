#!/bin/sh
# Bad input, across every subcommand: each value from the issue's list, in
# every place a card, amount, points, date, limit, key or name is typed, is
# a usage error (exit 2) in one line on stderr, nothing on stdout, and
# nothing written. The per-command scripts test the messages; this one makes
# sure no argument of any command was forgotten.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice
add_member 10000002 Bob
expect_ok family create Home --owner 10000001
expect_ok family add Home 10000002
expect_ok earn 10000001 100 --ref R1
expect_ok grant 10000001 50 --green --reason seed

# Each template has one @, which stands for the value under test. Arguments
# are separated by '|' so that values and templates may hold spaces.
card_slots='member add|@|--name|Zed
member show|@
earn|@|10|--ref|RX
grant|@|5|--reason|r
transfer|@|10000002|1|--green|--ref|TX
transfer|10000001|@|1|--green|--ref|TX
balance|@
history|@
family create|Zhao|--owner|@
family add|Home|@'
number_slots='earn|10000001|@|--ref|RX
grant|10000001|@|--reason|r
transfer|10000001|10000002|@|--green|--ref|TX
history|10000001|--limit|@'
date_slots='member add|10000009|--name|Zed|--birthday|@'
name_slots='member add|10000009|--name|@
family create|@|--owner|10000009
family add|@|10000001
family list|@
grant|10000001|5|--reason|@
earn|10000001|10|--ref|RX|--category|@'
key_slots='earn|10000001|10|--ref|@
earn|--reverse|@
grant|10000001|5|--reason|r|--ref|@
transfer|10000001|10000002|1|--green|--ref|@'

# try SLOTS VALUE: every template of SLOTS, with VALUE for its @, is refused.
try() {
	_slots=$1
	_value=$2
	printf '%s\n' "$_slots" >"$T/templates"
	while IFS= read -r template; do
		old_ifs=$IFS
		IFS='|'
		# shellcheck disable=SC2086
		set -- $template
		IFS=$old_ifs
		_n=$#
		for _arg; do
			if [ "$_arg" = @ ]; then
				set -- "$@" "$_value"
			else
				set -- "$@" "$_arg"
			fi
		done
		shift "$_n"
		# Two-word commands were one field: split the command name.
		case $1 in
		*' '*) _cmd=$1; shift; set -- "${_cmd%% *}" "${_cmd#* }" "$@" ;;
		esac
		expect_error 2 '' "$@"
	done <"$T/templates"
}

long=$(printf '%010000d' 0 | tr 0 x)
esc=$(printf 'Eve\033[31m')
osc=$(printf '\033]0;pwned\007')

# Cards: not numbers, signs, exponents, decimals, overflow, wrong length.
for v in abc -5 1e9 12.345 99999999999999999999 1234567 '' ' ' 2026-02-30 "$esc" "$long"; do
	try "$card_slots" "$v"
done
# Amounts, points and limits.
for v in abc -5 1e9 12.345 99999999999999999999 '' ' ' 2026-02-30 "$esc" "$long" 0x10 +5; do
	try "$number_slots" "$v"
done
# Dates.
for v in abc -5 1e9 12.345 99999999999999999999 '' 2026-02-30 2026-13-01 26-01-01 \
	"$esc" "$long"; do
	try "$date_slots" "$v"
done
# Names and free text: empty, blank, far too long, terminal escapes, bad UTF-8.
for v in '' '   ' "$long" "$esc" "$osc" "$(printf 'a\rb')" "$(printf 'a\377b')"; do
	try "$name_slots" "$v"
done
# Keys: empty, spaces, too long, escapes, non-ASCII.
for v in '' 'a b' "$long" "$esc" 收据; do
	try "$key_slots" "$v"
done

# The values the issue lists that are fine as names are stored as given:
# digits, signs and SQL are only text.
i=0
for v in abc -5 1e9 12.345 99999999999999999999 2026-02-30 "x'); DROP TABLE member;--"; do
	i=$((i + 1))
	expect_ok member add "1000010$i" --name "$v" --json
	expect_json .name "$v"
	expect_ok member show "1000010$i" --json
	expect_json .name "$v"
done
expect_ok verify

finish
