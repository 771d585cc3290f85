#!/bin/sh
# A ledger busy in another terminal: while another process holds the write
# lock, a write waits [database] busy_timeout_ms and then gives up with exit
# status 7 in one line, writing nothing; reads go on (WAL); once the lock is
# released the same write succeeds.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice
expect_ok earn 10000001 10 --ref R0
config short '[database]
busy_timeout_ms = 100'
JIFEN_CONFIG=$T/short.conf
export JIFEN_CONFIG

holder=
# hold SQL: an sqlite3 process that runs SQL on the ledger and keeps its
# transaction open until release; returns once the statement has run.
hold() {
	rm -f "$T/fifo" "$T/holding"
	mkfifo "$T/fifo"
	sqlite3 "$JIFEN_DB" <"$T/fifo" >"$T/holder.out" 2>&1 &
	holder=$!
	exec 3>"$T/fifo"
	# .shell runs once the statement before it has: the file says "locked".
	printf '%s\n.shell touch %s\n' "$1" "$T/holding" >&3
	i=0
	while [ ! -e "$T/holding" ] && [ "$i" -lt 600 ]; do
		kill -0 "$holder" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -e "$T/holding" ]; then
		echo "$test_name: FAIL: sqlite3 could not take the lock: $(cat "$T/holder.out")"
		exit 1
	fi
}
release() {
	printf 'ROLLBACK;\n' >&3
	exec 3>&-
	wait "$holder"
	holder=
}
# shellcheck disable=SC2016 # expanded when the script exits
on_exit='[ -z "$holder" ] || kill "$holder" 2>/dev/null'

# Another writer holds the write lock.
hold 'BEGIN IMMEDIATE; SELECT 1;'
expect_error 7 'busy' earn 10000001 20 --ref R1
expect_error 7 'busy' grant 10000001 5 --reason bonus
expect_error 7 'busy' member add 10000002 --name Bob
expect_error 7 'busy' expire
expect_error 7 'busy' --json earn 10000001 20 --ref R1
# Readers are not blocked by a writer.
expect_ok balance 10000001 --json
expect_json .points 10
expect_ok summary --json
expect_json .entries 1
expect_ok verify
release

# Released: the same write goes through, once.
expect_ok earn 10000001 20 --ref R1 --json
expect_json .replay false
expect_balance 10000001 points 30

# A process that locks the file exclusively keeps out readers too.
hold 'PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT 1;'
expect_exit 7 summary
expect_exit 7 balance 10000001
expect_exit 7 earn 10000001 5 --ref R2
release
expect_ok earn 10000001 5 --ref R2
expect_balance 10000001 points 35

plain_config
expect_ok verify

finish
