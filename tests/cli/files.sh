#!/bin/sh
# The files of a ledger: who may read them, and reading a ledger where
# nothing may be written (issue 9, defects 8 and 11).
#
# The ledger holds names, phone numbers, birthdays and PIN hashes: it and
# its -wal and -shm files are 0600 whatever the umask, when jifen init makes
# it and when SQLite adds the others later.

. "$(dirname "$0")/lib.sh"

# mode FILE: its permission bits, as stat prints them (600).
mode() {
	stat -c %a "$1"
}

# hold_open DB SECONDS: a reader keeps DB open (and so its -wal and -shm
# in place) for SECONDS, while the commands that follow write.
hold_open() {
	(printf 'BEGIN; SELECT count(*) FROM entry;\n'; sleep "$2"; printf 'COMMIT;\n') |
		sqlite3 "$1" >/dev/null &
	holder=$!
	# The reader has the -shm once it is there.
	_i=0
	while [ ! -e "$1-shm" ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
}

for mask in 022 000 077; do
	JIFEN_DB=$T/ledger-$mask.db
	umask $mask
	fresh
	check "$(mode "$JIFEN_DB")" = 600
	check "$(mode "$JIFEN_DB.key")" = 600
	hold_open "$JIFEN_DB" 3
	add_member 10000001 Alice
	expect_ok earn 10000001 100 --ref R1
	check -e "$JIFEN_DB-wal"
	check "$(mode "$JIFEN_DB-wal")" = 600
	check "$(mode "$JIFEN_DB-shm")" = 600
	wait $holder
done
umask 022

# A ledger of an older jifen, readable by all, is made private when it is
# next opened for a write.
JIFEN_DB=$T/old.db
fresh
chmod 644 "$JIFEN_DB"
add_member 10000001 Alice
check "$(mode "$JIFEN_DB")" = 600

finish
