#!/bin/sh
# init.sh: `jifen init` on PostgreSQL is all or nothing. The schema, the
# system accounts and the demo are one transaction committed at the end,
# so a run that fails half way (a config without a key file, a demo a
# config refuses) or is killed (kill -9, at several moments) leaves the
# database as it was, with no jifen table, or a whole ledger that
# verifies; never a half-made one that a second init would refuse. On a
# server of its own (server.sh); skipped (77) without one.

# A server that never syncs: nothing here crashes it.
JIFEN_PG_FAST=1
export JIFEN_PG_FAST
. "$(dirname "$0")/lib.sh"

# schema_url NAME: a new, empty schema NAME on the server, as a ledger URL.
schema_url() {
	psql "$url" -X -q -c "CREATE SCHEMA $1" >/dev/null || fail "cannot create schema $1"
	printf '%s&options=-csearch_path%%3D%s\n' "$url" "$1"
}
# tables NAME: how many tables schema NAME holds.
tables() {
	psql "$url" -X -A -t -c "SELECT count(*) FROM pg_tables WHERE schemaname = '$1'"
}
# key_conf NAME [TEXT]: a config $T/NAME.conf whose voucher key is
# $T/NAME.key, with TEXT before it.
key_conf() {
	printf '%s\n[voucher]\nkey_file = %s/%s.key\n' "${2:-}" "$T" "$1" >"$T/$1.conf"
}

# A config that names no key file: a ledger that is no file has nowhere
# to keep its key, which is found out after the schema is made; refused in
# one line, and the schema rolled back with the rest.
nokey=$(schema_url nokey)
expect_error 2 'key_file' --db "$nokey" init
check "$(tables nokey)" -eq 0
# So is a key file that cannot be written.
printf '[voucher]\nkey_file = %s/no/such/dir/k.key\n' "$T" >"$T/badkey.conf"
expect_exit 1 --db "$nokey" --config "$T/badkey.conf" init
check "$(tables nokey)" -eq 0
key_conf nokey
expect_ok --db "$nokey" --config "$T/nokey.conf" init
expect_ok --db "$nokey" --config "$T/nokey.conf" verify

# A demo that fails half way: the config's green limit refuses its family
# transfer, after the catalog, the members, the staff and half the
# history are written. One line; no table is left, nor a row of another
# schema's; a second init with a config that lets the demo through makes
# the whole ledger, which verifies.
half=$(schema_url half)
key_conf tight '[transfer]
daily_green_limit = 10'
before=$(psql "$url" -X -A -t -c "SELECT count(*) FROM pg_tables WHERE schemaname <> 'half'")
expect_error 5 'daily limit.*no ledger was created' --db "$half" --config "$T/tight.conf" \
	init --demo
check "$(tables half)" -eq 0
check "$(psql "$url" -X -A -t -c "SELECT count(*) FROM pg_tables WHERE schemaname <> 'half'")" \
	-eq "$before"
expect_error 3 'jifen init' --db "$half" --config "$T/tight.conf" summary
key_conf half
expect_ok --db "$half" --config "$T/half.conf" init --demo
expect_ok --db "$half" --config "$T/half.conf" verify --json
expect_json .ok true
expect_ok --db "$half" --config "$T/half.conf" summary --json
expect_json .members 5

# in_transaction: does a client of the server other than psql hold a
# transaction open (init's, with the schema made: it holds many locks)?
in_transaction() {
	n=$(psql "$url" -X -A -t -c "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a
		ON a.pid = l.pid WHERE a.application_name <> 'psql' AND a.xact_start IS NOT NULL")
	[ "${n:-0}" -gt 20 ]
}

# kill -9 of init --demo: once its transaction holds the schema, and then
# after longer and longer waits (some past the end, on a quick machine).
# Each run leaves nothing, and init then makes a whole ledger, or it left
# a whole ledger; either way one that verifies. No time is asserted.
nothing=0
whole=0
for wait in 0 0.3 0.8 1.5 2.5 4; do
	name=k$(printf '%s' "$wait" | tr -d .)
	loc=$(schema_url "$name")
	key_conf "$name"
	"$JIFEN" --db "$loc" --config "$T/$name.conf" init --demo >/dev/null 2>&1 &
	pid=$!
	tries=0
	while ! in_transaction && kill -0 "$pid" 2>/dev/null && [ $tries -lt 600 ]; do
		sleep 0.05
		tries=$((tries + 1))
	done
	sleep "$wait"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	n=$(tables "$name")
	if [ "$n" -eq 0 ]; then
		nothing=$((nothing + 1))
		expect_ok --db "$loc" --config "$T/$name.conf" init --demo
	fi
	expect_ok --db "$loc" --config "$T/$name.conf" verify --json
	expect_json .ok true
	expect_ok --db "$loc" --config "$T/$name.conf" summary --json
	expect_json .members 5
	expect_json .entries 12
	[ "$n" -eq 0 ] || whole=$((whole + 1))
done
echo "$test_name: killed: $nothing left nothing, $whole left a ledger (checked whole above)"

finish
