#!/bin/sh
# The CLI tests (tests/cli) on PostgreSQL: one server of the test's own
# (server.sh), and every script below run against it with JIFEN_TEST_PG
# set, so that each script's ledger is a schema of its own in that server's
# database (tests/cli/lib.sh). Fails naming each script that failed, with
# its output; passes when all pass.
#
# The scripts not listed test what only a file ledger has (backups and
# restores, file modes, WAL, old SQLite ledgers migrated, tampering through
# sqlite3), or are not converted yet: see tests/pg/local.mk.
#
# Skipped (77) when the machine has no PostgreSQL server or no psql.

set -u
me=cli
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
server=$srcdir/tests/pg/server.sh

scripts="
	init members member member_card member_desk member_rate earn offset refund lines
	grant balance history family_transfer family_desk expire verify actor
	export report report_offset daily
"

command -v psql >/dev/null 2>&1 || { echo "$me: SKIP: no psql (postgresql-client)"; exit 77; }

# The server's directory is under /tmp: postgres must reach it, and a
# socket's path is short.
pgdir=$(mktemp -d /tmp/jifen-pgcli.XXXXXX) || exit 1
logs=$(mktemp -d "${TMPDIR:-/tmp}/jifen-pgcli-logs.XXXXXX") || exit 1
trap 'sh "$server" stop "$pgdir"; rm -rf "$logs"' EXIT
trap 'exit 1' HUP INT TERM
url=$(sh "$server" start "$pgdir")
started=$?
[ "$started" -eq 77 ] && exit 77
[ "$started" -eq 0 ] || { echo "$me: FAIL: the PostgreSQL server did not start"; exit 1; }

JIFEN_TEST_PG=$url
export JIFEN_TEST_PG

failed=
for name in $scripts; do
	start=$(date +%s)
	sh "$srcdir/tests/cli/$name.sh" >"$logs/$name.log" 2>&1
	rc=$?
	took=$(($(date +%s) - start))
	if [ "$rc" -eq 0 ]; then
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
