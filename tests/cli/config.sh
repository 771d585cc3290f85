#!/bin/sh
# The config file: which one is used (summary says), errors that name the
# file and the line, a section or a key given twice refused, and every
# number's range as the sample says it (and jifen(1)).

. "$(dirname "$0")/lib.sh"

fresh
sample=$top_srcdir/assets/jifen.conf.sample

# Which config: none given is the built-in one (a jifen not installed never
# reads the system's), a given one is named.
expect_ok summary
expect_out '^config +built-in$'
expect_ok summary --json
expect_json .config null
config good '[store]
name = 好店'
expect_ok summary --config "$T/good.conf"
expect_out "^config +$T/good.conf\$"
with JIFEN_CONFIG="$T/good.conf" expect_ok summary --json
expect_json .config "$T/good.conf"
expect_json .store 好店
# An explicit config that is missing is an error, not the built-in one.
expect_error 2 "cannot open $T/missing.conf" summary --config "$T/missing.conf"
with JIFEN_CONFIG="$T/missing.conf" expect_error 2 'cannot open' summary
# The sample itself is a valid config.
expect_ok summary --config "$sample"

# Errors name the file and the line.
config bad '[store]
name = x

[earn]
points_per_yuan = 5000'
expect_error 2 "^jifen: config $T/bad.conf:5: \[earn\] points_per_yuan '5000' is not a whole number from 0 to 1000\$" \
	summary --config "$T/bad.conf"
config unknown '[earn]
lock_days = 1
points_per_yaun = 2'
expect_error 2 "$T/unknown.conf:3: unknown setting \[earn\] points_per_yaun" \
	summary --config "$T/unknown.conf"
config garbage '[earn]

just words'
expect_error 2 "$T/garbage.conf:3: not a \[section\] or key = value line" \
	summary --config "$T/garbage.conf"
long=$(printf '%0200d' 0)
config long "[store]
name = $long"
expect_error 2 "$T/long.conf:2: the line is longer than 190 bytes" summary --config "$T/long.conf"

# Twice: a key (even with the same value), a section (even empty), a category.
config twice_key '[earn]
points_per_yuan = 2
lock_days = 1
points_per_yuan = 2'
expect_error 2 "$T/twice_key.conf:4: \[earn\] points_per_yuan is given twice \(first on line 2\)" \
	summary --config "$T/twice_key.conf"
config twice_section '[earn]
points_per_yuan = 2
[store]
name = a
[earn]
lock_days = 1'
expect_error 2 "$T/twice_section.conf:5: section \[earn\] is given twice \(first on line 1\)" \
	summary --config "$T/twice_section.conf"
config twice_empty '[kiosk]
[kiosk]'
expect_error 2 "twice_empty.conf:2: section \[kiosk\] is given twice" \
	summary --config "$T/twice_empty.conf"
config twice_category '[category toys]
points_per_yuan = 2
points_per_yuan = 3'
expect_error 2 "twice_category.conf:3: \[category toys\] points_per_yuan is given twice" \
	summary --config "$T/twice_category.conf"
config continued '[earn]
points_per_yuan = 2
   3'
expect_error 2 "continued.conf:3: \[earn\] points_per_yuan: a value continued on another line" \
	summary --config "$T/continued.conf"
# The same key in two sections is two settings.
config two_sections '[kiosk]
idle_timeout = 20
[counter]
idle_timeout = 30'
expect_ok summary --config "$T/two_sections.conf"

# Every number's range: the sample's comment above the key says (MIN to
# MAX), jifen takes both ends and refuses one past either.
ranges='earn points_per_yuan 0 1000
earn green_per_yuan 0 1000
earn lock_days 0 365
expiry days 1 36500
expiry years 0 100
expiry notice_days 0 365
transfer daily_green_limit 0 1000000000
offset points_per_yuan 1 1000000
offset max_percent 1 100
voucher days 1 3650
database busy_timeout_ms 0 600000
database clock_tolerance 0 86400
kiosk idle_timeout 10 3600
kiosk pin_attempts 1 100
kiosk pin_lock_minutes 1 10080
counter idle_timeout 10 3600
backup keep_days 1 3650'
printf '%s\n' "$ranges" >"$S/ranges"
while read -r section key min max; do
	# The comment lines right above the key in its section.
	said=$(awk -v s="[$section]" -v k="$key" '
		/^\[/ { in_s = ($0 == s); comment = ""; next }
		/^;/ { comment = comment $0; next }
		in_s && ($1 == k || $1 == ";" k) { print comment; exit }
		{ comment = "" }' "$sample")
	case $said in
	*"($min to $max)"*) check 1 -eq 1 ;;
	*) fail "the sample does not say [$section] $key is ($min to $max): '$said'" ;;
	esac
	for v in "$min" "$max"; do
		printf '[%s]\n%s = %s\n' "$section" "$key" "$v" >"$T/range.conf"
		expect_ok summary --config "$T/range.conf"
	done
	for v in $((min - 1)) $((max + 1)); do
		printf '[%s]\n%s = %s\n' "$section" "$key" "$v" >"$T/range.conf"
		expect_error 2 "range.conf:2: \[$section\] $key '$v' is not a whole number from $min to $max" \
			summary --config "$T/range.conf"
	done
	# jifen(1) gives the same range.
	check "$(grep -c "$key.*$min to $max\|$min to $max.*$key" "$top_srcdir/jifen.1")" -ge 1 ||
		echo "  jifen.1 does not give [$section] $key as $min to $max"
done <"$S/ranges"

finish
