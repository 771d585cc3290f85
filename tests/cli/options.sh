#!/bin/sh
# Global options and environment: --db / JIFEN_DB, --config / JIFEN_CONFIG,
# --json, --help, --version before or after the command; the config file is
# strict (an unknown or bad setting is a usage error, never ignored);
# JIFEN_NOW must be a real ISO 8601 time.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice

# --help and --version, anywhere, exit 0 and write nothing to stderr.
expect_ok --help
expect_out '^usage: jifen'
for cmd in init summary earn grant transfer balance history expire verify export; do
	check "$(grep -c "^  $cmd " "$out")" -eq 1
done
# Every command line of the list keeps two spaces between the name and its
# summary, whatever the longest name ("compensate outage" once ran into it).
sed -n '/^commands:/,/^$/p' "$out" | sed '1d;$d' >"$T/commands"
check "$(wc -l <"$T/commands")" -ge 20
check "$(grep -cv '^  [a-z][a-z ]*[a-z]   *[^ ]' "$T/commands")" -eq 0
check "$(grep -c '^  compensate outage  ' "$T/commands")" -eq 1
expect_ok --version
expect_out '^jifen [0-9]'
version=$(cat "$out")
expect_ok summary --version
check "$(cat "$out")" = "$version"
# -V, the short form, before or after the command.
expect_ok -V
check "$(cat "$out")" = "$version"
expect_ok balance -V
check "$(cat "$out")" = "$version"
expect_ok earn --help
expect_out '^usage: jifen earn'
expect_ok help earn
expect_out '^usage: jifen earn'
expect_ok help family create
expect_out '^usage: jifen family create'
expect_ok help family
expect_out 'family add'
expect_ok transfer 1 2 3 --help
expect_out '^usage: jifen transfer'
expect_error 2 'help' help nosuch
# help about help itself.
expect_ok help help
expect_out '^usage: jifen help \[COMMAND\]$'
expect_error 2 "after 'help help'" help help earn
expect_error 2 '' help earn extra

# No command, an unknown command, unknown options.
expect_error 2 'command' ''
run
expect_status 2
expect_stderr_one_line
expect_error 2 'unknown command' frobnicate
expect_error 2 'unknown command' Summary
expect_error 2 'option' --frobnicate summary
expect_error 2 'option' summary --frobnicate
expect_error 2 'option' -x summary
expect_error 2 'value' summary --db
expect_error 2 'value' --config
expect_error 2 'value' --json=yes summary

# --db and JIFEN_DB; --db wins.
expect_ok --db "$T/other.db" init
expect_ok --db "$T/other.db" member add 20000001 --name Other
expect_ok member list --json
expect_json '.[0].card' 10000001
expect_ok --db "$T/other.db" member list --json
expect_json '.[0].card' 20000001
expect_ok member list --db "$T/other.db" --json
expect_json '.[0].card' 20000001
with JIFEN_DB="$T/other.db" expect_ok member list --json
expect_json '.[0].card' 20000001
with JIFEN_DB="$T/other.db" expect_ok --db "$JIFEN_DB" member list --json
expect_json '.[0].card' 10000001
expect_error 2 'db' --db '' summary

# --json anywhere: before the command, after it, among its arguments.
expect_ok --json balance 10000001
expect_json .points 0
expect_ok balance --json 10000001
expect_json .points 0
expect_ok earn 10000001 --json 10 --ref R1
expect_json .points 10

# --config and JIFEN_CONFIG; --config wins.
config double '[earn]
points_per_yuan = 2'
config triple '[earn]
points_per_yuan = 3'
expect_ok --config "$T/double.conf" earn 10000001 10 --ref R2 --json
expect_json .points 20
expect_ok earn 10000001 10 --ref R3 --json --config "$T/double.conf"
expect_json .points 20
with JIFEN_CONFIG="$T/triple.conf" expect_ok earn 10000001 10 --ref R4 --json
expect_json .points 30
with JIFEN_CONFIG="$T/triple.conf" expect_ok --config "$T/double.conf" earn 10000001 10 --ref R5 --json
expect_json .points 20
# An empty JIFEN_CONFIG means none.
with JIFEN_CONFIG= expect_ok earn 10000001 10 --ref R6 --json
expect_json .points 10
# A config with every documented section is accepted.
config full '[store]
name = 红米好物
welcome = 欢迎光临
[earn]
points_per_yuan = 1
green_per_yuan = 2
lock_days = 0
[category fresh]
points_per_yuan = 3
[expiry]
policy = rolling
days = 365
years = 1
notice_days = 30
[transfer]
allow_points = false
daily_green_limit = 1000
[card]
check_digit = none
[database]
busy_timeout_ms = 5000
[kiosk]
idle_timeout = 60
pin_attempts = 5
pin_lock_minutes = 15'
expect_ok --config "$T/full.conf" summary --json
expect_json .store 红米好物
# The sample config shipped with jifen is accepted as it is.
if [ -n "${top_srcdir:-}" ] && [ -f "$top_srcdir/assets/jifen.conf.sample" ]; then
	expect_ok --config "$top_srcdir/assets/jifen.conf.sample" summary
fi

# A bad config is a usage error in one line, for every command, and nothing
# is written.
config unknownkey '[earn]
points_per_yaun = 2'
config unknownsection '[earning]
points_per_yuan = 2'
config badvalue '[earn]
lock_days = abc'
config negative '[earn]
points_per_yuan = -1'
config toobig '[earn]
lock_days = 99999999999999999999'
config badbool '[transfer]
allow_points = maybe'
config junk 'this is not ini'
config badname '[store]
name = '"$(printf 'shop\033[2J')"
for conf in unknownkey unknownsection badvalue negative toobig badbool junk badname; do
	expect_error 2 'config' --config "$T/$conf.conf" earn 10000001 10 --ref C1
	with JIFEN_CONFIG="$T/$conf.conf" expect_error 2 'config' summary
done
expect_error 2 'unknown setting.*points_per_yaun' --config "$T/unknownkey.conf" balance 10000001
expect_error 2 'config' --config "$T/unknownkey.conf" member add 10000002 --name Bob
expect_error 2 'config' --config "$T/unknownkey.conf" init --db "$T/new.db"
check ! -e "$T/new.db"
# A config file that is missing or unreadable.
expect_error 2 'config' --config "$T/missing.conf" summary
with JIFEN_CONFIG="$T/missing.conf" expect_error 2 'config' summary
expect_error 2 'config' --config "$T" summary
expect_error 2 'config' --config '' summary

# Card check digits when the config asks for them (Luhn).
config luhn '[card]
check_digit = luhn'
expect_ok --config "$T/luhn.conf" member add 79927398713 --name Luhn
expect_error 2 'check digit' --config "$T/luhn.conf" member add 79927398714 --name Wrong

# JIFEN_NOW: the forms of ISO 8601 it takes (local time unless a zone is
# given; the store is in Asia/Shanghai), and what it refuses.
now 2026-03-05
expect_ok earn 10000001 1 --ref N1
now 2026-03-05T09:30
expect_ok earn 10000001 1 --ref N2
now 2026-03-05T10:00:00+08:00
expect_ok earn 10000001 1 --ref N3
now 2026-03-05T03:00:00Z
expect_ok earn 10000001 1 --ref N4
now 2026-03-04T23:00:00-05:00
expect_ok earn 10000001 1 --ref N5
expect_ok history 10000001 --json --limit 5
expect_json '[.[].time] | join(" ")' \
	'2026-03-05T12:00:00+08:00 2026-03-05T11:00:00+08:00 2026-03-05T10:00:00+08:00 2026-03-05T09:30:00+08:00 2026-03-05T00:00:00+08:00'
for bad in garbage 2026-02-30 2026-13-01 2026-03-05T25:00 2026-03-05T09:60 \
	2026-03-05T09:30:00+99:00 20260305 -5 1e9 12.345 \
	99999999999999999999 "$(printf '2026-03-05\033[2J')"; do
	with JIFEN_NOW="$bad" expect_error 2 'JIFEN_NOW' earn 10000001 5 --ref N9
	with JIFEN_NOW="$bad" expect_error 2 'JIFEN_NOW' summary
done
# Output that cannot be written (a full disk) is a failure in one line,
# never a silent loss.
if [ -w /dev/full ]; then
	for cmd in "summary" "balance 10000001 --json" "export --format csv" "history 10000001"; do
		printf '%s\0' $cmd ">/dev/full" >"$S/args"
		# shellcheck disable=SC2086
		"$JIFEN" $cmd >/dev/full 2>"$err" </dev/null
		rc=$?
		: >"$out"
		expect_status 1
		expect_stderr_one_line
	done
fi

# The steps main takes for every command of its table: --help, an unknown
# option, too many arguments; each refusal names the command's --help and
# changes nothing (init included: with too many arguments it creates nothing).
expect_ok --help
sed -n '/^commands:/,/^$/p' "$out" | sed '1d;$d' |
	sed 's/^  \([a-z][a-z]*\( [a-z][a-z]*\)\{0,1\}\)  .*/\1/' >"$T/names"
check "$(wc -l <"$T/names")" -ge 20
while IFS= read -r name; do
	# shellcheck disable=SC2086
	expect_ok $name --help
	expect_out "^usage: jifen $name"
	# shellcheck disable=SC2086
	expect_error 2 "unknown or ambiguous option '--frobnicate' \\(see: jifen $name --help\\)" \
		$name --frobnicate
	# shellcheck disable=SC2086
	expect_error 2 "unexpected argument 'x[1-4]' \\(see: jifen $name --help\\)" \
		$name x1 x2 x3 x4 x5
done <"$T/names"

# Nor is a ledger created at a time that is not one.
with JIFEN_NOW=2026-02-30 expect_error 2 'JIFEN_NOW' --db "$T/never.db" init
check ! -e "$T/never.db"
now 2026-03-01T10:00:00

finish
