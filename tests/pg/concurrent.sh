#!/bin/sh
# concurrent.sh: a ledger on PostgreSQL written by eight terminals at once,
# then again while two of them are killed (-9) in the middle of their
# writes and the server itself crashes under them. Every purchase is
# earned exactly once in the end (a terminal posts again under the same
# receipt number what it could not confirm), no busy error reaches anyone
# while the server is up, and verify finds the ledger whole.
# On a server of its own (server.sh); skipped (77) without one.

. "$(dirname "$0")/lib.sh"
chain_ledger

WRITERS=8
EARNS=25
expect_ok init
members_earning $WRITERS

# writer I ROUND: EARNS purchases, each on the next member, under receipt
# numbers of their own; a purchase it could not confirm goes to a list.
writer() {
	_n=0
	while [ $_n -lt $EARNS ]; do
		_m=$((($1 + _n) % WRITERS + 1))
		"$JIFEN" earn "1000000$_m" 10 --ref "$2-$1-$_n" >/dev/null 2>>"$S/$2-$1.err" ||
			echo "1000000$_m $2-$1-$_n" >>"$S/$2-$1.unsure"
		_n=$((_n + 1))
	done
}

# start_writers ROUND: all the writers at once, their pids in $pids.
start_writers() {
	pids=
	_w=1
	while [ $_w -le $WRITERS ]; do
		writer $_w "$1" &
		pids="$pids $!"
		_w=$((_w + 1))
	done
}

outstanding() {
	"$JIFEN" summary --json | jq -r .outstanding.points
}

# Round A: eight terminals at once. Nobody waits long enough to be told
# the database is busy, and nothing is lost or doubled.
start_writers A
wait $pids
checks=$((checks + 1))
if [ -n "$(cat "$S"/A-*.err)" ] || ls "$S"/A-*.unsure >/dev/null 2>&1; then
	fail "a terminal was refused: $(cat "$S"/A-*.err | sort | uniq -c | head -5)"
fi
check "$(outstanding)" -eq $(((WRITERS * EARNS + 1) * per))
expect_ok verify

# Round B: two terminals are killed as they write, and the server stops
# as in a power cut and comes back while the others go on.
start_writers B
sleep 1
kill -9 $(echo $pids | cut -d' ' -f1,2) 2>/dev/null
sh "$server" crash "$pgdir" || fail "the server did not come back"
wait $pids 2>/dev/null
# Each terminal posts again what it did not see confirmed, under the same
# receipt number; the two killed ones post everything they were given.
for f in "$S"/B-*.unsure; do
	[ -e "$f" ] || continue
	while read -r card ref; do
		expect_ok earn "$card" 10 --ref "$ref"
	done <"$f"
done
for i in 1 2; do
	n=0
	while [ $n -lt $EARNS ]; do
		expect_ok earn "1000000$(((i + n) % WRITERS + 1))" 10 --ref "B-$i-$n"
		n=$((n + 1))
	done
done
check "$(outstanding)" -eq $(((2 * WRITERS * EARNS + 1) * per))
check "$(psql "$url" -X -A -t -c "SELECT count(*) FROM entry")" -eq $((2 * WRITERS * EARNS + 1))
expect_ok verify
expect_out '^ledger OK'

finish
