# lib.sh: what the tests/pg/*.sh scripts share. Sourced, never run.
#
# tests/cli/lib.sh's checks, then a PostgreSQL server of the script's own
# (server.sh) for as long as it runs, stopped on every way out: $url is its
# database's libpq URL, $pgdir its directory, $server the script that
# drives it (crash, down, up). Skipped (77) on a machine without the
# server's programs or psql.

. "$(dirname "$0")/../cli/lib.sh"

server=${top_srcdir:-$(dirname "$0")/../..}/tests/pg/server.sh
command -v psql >/dev/null 2>&1 || { echo "$test_name: SKIP: no psql (postgresql-client)"; exit 77; }
# Under /tmp: postgres must reach it, and a socket's path is short.
pgdir=$(mktemp -d /tmp/jifen-pg.XXXXXX) || exit 1
on_exit="$on_exit; sh '$server' stop '$pgdir'"
url=$(sh "$server" start "$pgdir")
started=$?
[ "$started" -eq 77 ] && exit 77
[ "$started" -eq 0 ] || { echo "$test_name: FAIL: the PostgreSQL server did not start"; exit 1; }

# chain_ledger: from now on jifen's ledger is that database, with the
# voucher key in $T as the config says (a ledger that is no file keeps it
# where the config says).
chain_ledger() {
	printf '[voucher]\nkey_file = %s/ledger.key\n' "$T" >"$T/chain.conf"
	JIFEN_CONFIG=$T/chain.conf
	JIFEN_DB=$url
	export JIFEN_CONFIG JIFEN_DB
}

# members_earning N: members 10000001 to 1000000N, and $per, what one
# purchase of 10 yuan earns, learnt from a first one (receipt FIRST).
members_earning() {
	_i=1
	while [ $_i -le "$1" ]; do
		expect_ok member add "1000000$_i" --name "M$_i"
		_i=$((_i + 1))
	done
	expect_ok earn 10000001 10 --ref FIRST --json
	per=$(jq -r .points "$out")
	check "$per" -gt 0
}
