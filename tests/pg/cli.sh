#!/bin/sh
# The CLI tests (tests/cli) on PostgreSQL: one server of the test's own
# (server.sh), and every script below run against it with JIFEN_TEST_PG
# set, so that each script's ledger is a schema of its own in that server's
# database (tests/cli/lib.sh). Fails naming each script that failed, with
# its output; passes when all pass.
#
# The scripts not listed test what only a file ledger has (backups and
# restores, file modes, WAL, locks, old SQLite ledgers), or SQLite's own
# words (its triggers, its pragmas), or are not converted yet.
#
# Skipped (77) when the machine has no PostgreSQL server or no psql.

set -u
me=cli
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
server=$srcdir/tests/pg/server.sh

# The scripts run here, most important first; JIFEN_TEST_PG_SCRIPTS may
# name others (or "all": these and the slower ones after them).
scripts="
	init member earn offset refund family_transfer verify export report daily
	balance history grant expire lines member_rate family_desk report_offset
	hledger overdue stores
"
slower="members member_card member_desk actor clock task survey campaign game staff stderr bad_input"
case ${JIFEN_TEST_PG_SCRIPTS:-} in
'') ;;
all) scripts="$scripts $slower" ;;
*) scripts=$JIFEN_TEST_PG_SCRIPTS ;;
esac
# How many scripts run at once (each is mostly waiting on the server).
jobs=${JIFEN_TEST_PG_JOBS:-2}

command -v psql >/dev/null 2>&1 || { echo "$me: SKIP: no psql (postgresql-client)"; exit 77; }

# The server's directory is under /tmp: postgres must reach it, and a
# socket's path is short.
pgdir=$(mktemp -d /tmp/jifen-pgcli.XXXXXX) || exit 1
logs=$(mktemp -d "${TMPDIR:-/tmp}/jifen-pgcli-logs.XXXXXX") || exit 1
trap 'sh "$server" stop "$pgdir"; rm -rf "$logs"' EXIT
trap 'exit 1' HUP INT TERM
# No script here crashes the server: it need not sync what it writes.
url=$(JIFEN_PG_FAST=1 sh "$server" start "$pgdir")
started=$?
[ "$started" -eq 77 ] && exit 77
[ "$started" -eq 0 ] || { echo "$me: FAIL: the PostgreSQL server did not start"; exit 1; }

JIFEN_TEST_PG=$url
export JIFEN_TEST_PG

# lane N: the scripts of lane N (every jobs-th one), one after another;
# a line "name status seconds" for each in $logs/lane.N.
lane() {
	_i=0
	for name in $scripts; do
		_i=$((_i + 1))
		[ $((_i % jobs)) -eq "$1" ] || continue
		start=$(date +%s)
		sh "$srcdir/tests/cli/$name.sh" >"$logs/$name.log" 2>&1
		echo "$name $? $(($(date +%s) - start))" >>"$logs/lane.$1"
	done
}
n=0
while [ "$n" -lt "$jobs" ]; do
	lane "$n" &
	n=$((n + 1))
done
wait

failed=
for name in $scripts; do
	# shellcheck disable=SC2046 # the words of the script's line
	set -- $(cat "$logs"/lane.* 2>/dev/null | grep "^$name " | head -n 1)
	rc=${2:-none}
	took=${3:-?}
	if [ "$rc" = 0 ]; then
		echo "$me: $name: $(tail -n 1 "$logs/$name.log") (${took}s)"
	else
		echo "$me: FAIL: $name (exit status $rc, ${took}s):"
		sed 's/^/  /' "$logs/$name.log" | head -n 60
		failed="$failed $name"
	fi
done

if [ -n "$failed" ]; then
	echo "$me: FAIL: on PostgreSQL:$failed"
	exit 1
fi
echo "$me: every script passed on PostgreSQL"
exit 0
