#!/bin/sh
# Who may read and write the ledger: it, its -wal and -shm and its voucher
# key are made 0640 whatever the umask (its group reads, nobody else); a
# user who may not write it is told so in one line with exit status 9, never
# "database busy"; one who may not read it likewise.
#
# The refusals need a user other than the ledger's owner: as root (the CI)
# the commands run as nobody through setpriv; as another user the files are
# made read-only instead (the owner of a file it may not write).

. "$(dirname "$0")/lib.sh"

mode() {
	stat -c %a "$1"
}
expect_mode() {
	checks=$((checks + 1))
	[ "$(mode "$1")" = "$2" ] || fail "$1 is mode $(mode "$1"), want $2"
}

# Made 0640, the key too, under a umask that would give more or less.
for mask in 000 022 077; do
	rm -f "$JIFEN_DB" "$JIFEN_DB.key"
	(umask "$mask" && "$JIFEN" init >/dev/null 2>&1) || fail "init under umask $mask"
	expect_mode "$JIFEN_DB" 640
	expect_mode "$JIFEN_DB.key" 640
done
add_member 10000001 Alice
expect_ok grant 10000001 100 --reason start

# The -wal and -shm of a ledger in use take the ledger's mode: a reader
# holds a snapshot (so they stay) while jifen writes under umask 000.
mkfifo "$S/to_sql" "$S/from_sql"
(umask 000 && sqlite3 "$JIFEN_DB" <"$S/to_sql" >"$S/from_sql" 2>&1) &
sql_pid=$!
on_exit="kill $sql_pid 2>/dev/null; $on_exit"
exec 3>"$S/to_sql" 4<"$S/from_sql"
echo "BEGIN; SELECT count(*) FROM entry; SELECT 'ready';" >&3
read -r _count <&4 && read -r ready <&4
check "$ready" = ready
(umask 000 && "$JIFEN" grant 10000001 5 --reason wal >/dev/null 2>&1) || fail "grant with a reader"
expect_mode "$JIFEN_DB-wal" 640
expect_mode "$JIFEN_DB-shm" 640
echo "COMMIT; .quit" >&3
exec 3>&- 4<&-
wait "$sql_pid"

# A ledger of an older jifen, readable by all, is made 0640 by its owner's
# next write; a stricter one is left as it is.
chmod 644 "$JIFEN_DB"
expect_ok grant 10000001 1 --reason old
expect_mode "$JIFEN_DB" 640
chmod 600 "$JIFEN_DB"
expect_ok grant 10000001 1 --reason strict
expect_mode "$JIFEN_DB" 600
chmod 640 "$JIFEN_DB"

# Another user.
real=$JIFEN
if [ "$(id -u)" -eq 0 ]; then
	if ! command -v setpriv >/dev/null 2>&1; then
		echo "$test_name: as root without setpriv: the refusals are not tested"
		finish
	fi
	# nobody, in no group but nogroup, which the store's files are given.
	printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups "%s" "$@"\n' \
		"$real" >"$S/other"
	chmod 755 "$S/other"
	chmod 711 "$T"
	store=$T/store
	mkdir "$store"
	cp "$JIFEN_DB" "$JIFEN_DB.key" "$store/"
	db=$store/ledger.db
	chgrp -R 65534 "$store"
	chmod 750 "$store"
	JIFEN=$S/other
	# In the group: it reads, and may not write.
	expect_ok summary --db "$db"
	expect_ok balance 10000001 --db "$db"
	expect_error 9 "^jifen: cannot write the ledger $db: permission denied \(jifen's users are in group jifen" \
		grant 10000001 5 --reason nope --db "$db"
	expect_error 9 'cannot write the ledger' member add 10000002 --name Bob --db "$db"
	# A manager in the group makes backups, but cannot restore one.
	mkdir "$T/out"
	chown 65534:65534 "$T/out"
	expect_ok backup "$T/out/copy.db" --db "$db"
	check "$(stat -c %a "$T/out/copy.db")" = 640
	expect_ok verify --db "$T/out/copy.db"
	expect_error 9 "cannot write the ledger $db: permission denied" restore "$T/out/copy.db" \
		--db "$db" --force
	# Not in the group: not even that.
	chgrp 0 "$db"
	expect_error 9 "^jifen: cannot read the ledger $db: permission denied" summary --db "$db"
	expect_error 9 "cannot write the ledger $db: permission denied" grant 10000001 5 \
		--reason nope --db "$db"
	JIFEN=$real
else
	# A read-only ledger, then a read-only directory.
	chmod 440 "$JIFEN_DB"
	expect_ok summary
	expect_error 9 "^jifen: cannot write the ledger $JIFEN_DB: permission denied" \
		grant 10000001 5 --reason nope
	# (The read made a -shm of the ledger's mode then, 0440.)
	chmod 640 "$JIFEN_DB" "$JIFEN_DB"-*
	# The last to close it removes them; then the directory is needed.
	expect_ok grant 10000001 5 --reason owner
	check ! -e "$JIFEN_DB-wal"
	chmod 550 "$T"
	expect_error 9 "cannot write the ledger $JIFEN_DB: permission denied" \
		grant 10000001 5 --reason nope
	chmod 700 "$T"
	expect_ok grant 10000001 5 --reason again
fi

finish
