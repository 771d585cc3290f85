#!/bin/sh
# kiosk.sh: a kiosk on a chain's PostgreSQL ledger. When the server cannot
# be reached, a member is told that points are unavailable and to ask at
# the counter (not that something is broken), the kiosk stays up, and as
# soon as the server is back the next card works, without a restart.
# On a server of its own (server.sh); skipped (77) without one.

here_pg=$(cd "$(dirname "$0")" && pwd)
server=${top_srcdir:-$here_pg/../..}/tests/pg/server.sh
command -v psql >/dev/null 2>&1 || { echo "kiosk: SKIP: no psql (postgresql-client)"; exit 77; }
pgdir=$(mktemp -d /tmp/jifen-pg.XXXXXX) || exit 1
KIOSK_DB=$(sh "$server" start "$pgdir")
started=$?
[ "$started" -eq 0 ] || { rm -rf "$pgdir"; [ "$started" -eq 77 ] && exit 77; exit 1; }
# The kiosk tests' own harness, on this ledger (it makes the demo store).
. "${top_srcdir:-$here_pg/../..}/tests/kiosk/lib.sh"
trap 'stop_kiosk; sh "$server" stop "$pgdir"; [ -n "${KEEP_TMP:-}" ] || rm -rf "$T"' EXIT

start_kiosk 80 24
wait_for 'Scan your member card or type its number'
login 8800000001 1234
wait_for 'Hello, 王芳'
keys Escape
wait_for 'You are logged out. Goodbye!'

# The server goes away under the running kiosk.
sh "$server" down "$pgdir" || fail "the server did not stop"
enter_card 8800000001
wait_for 'Points are unavailable at the moment. Please ask at the counter.'
wait_for 'Scan your member card or type its number'
capture | grep -q 'something went wrong' && fail "the kiosk said something went wrong" || pass
kiosk_alive && pass || fail "losing the server ended the kiosk"

# Back again: the very next card works.
sh "$server" up "$pgdir" || fail "the server did not start again"
login 8800000001 1234
wait_for 'Hello, 王芳'
kiosk_alive && pass || fail "the kiosk did not come back with the server"

finish
