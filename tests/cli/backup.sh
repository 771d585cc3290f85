#!/bin/sh
# jifen backup and jifen restore: a verified copy of a ledger in use, with
# its voucher key; a backup never left half-written over a good one; a
# restore that checks its source and never puts an older ledger over a
# newer one unless forced; the daily job's backups and their pruning.

. "$(dirname "$0")/lib.sh"

fresh
add_member 10000001 Alice
add_member 10000002 Bob
add_member 10000003 Carol
expect_ok grant 10000001 100 --reason start
mkdir "$T/b"

# A backup: verified, 0640, with the key, holding what the ledger holds.
expect_ok backup "$T/b/one.db" --json
expect_json .entries "$(entries)"
expect_json .key true
check "$(stat -c %a "$T/b/one.db")" = 640
check "$(stat -c %a "$T/b/one.db.key")" = 640
check -z "$(cmp "$T/b/one.db.key" "$JIFEN_DB.key" 2>&1)"
check ! -e "$T/b/one.db.tmp"
expect_ok verify --db "$T/b/one.db"
expect_ok balance 10000001 --db "$T/b/one.db" --json
expect_json .points 100
expect_ok backup "$T/b/one.db"
expect_out "^backed up $(entries) entries \(the last at 2026-03-01 10:00\) to $T/b/one.db, verified; its voucher key to $T/b/one.db.key\$"

# A backup that fails leaves the one there as it was.
cp "$T/b/one.db" "$S/one.before"
expect_ok grant 10000001 5 --reason more
mkdir "$T/b/one.db.tmp"
expect_error 1 "cannot write $T/b/one.db" backup "$T/b/one.db"
check -z "$(cmp "$T/b/one.db" "$S/one.before" 2>&1)"
rmdir "$T/b/one.db.tmp"
expect_error 1 'cannot write' backup "$T/no/such/dir/x.db"
# Never over the ledger or its key.
expect_error 2 'is the ledger or its key itself' backup "$JIFEN_DB"
expect_error 2 'is the ledger or its key itself' backup "$T/../${T##*/}/ledger.db"
expect_error 2 'missing argument' backup
expect_error 2 'needs a file name' backup ''

# Backups while three writers earn points: each one verifies and holds
# whole entries; restored, it gives the balances it held.
writer() {
	_i=1
	while [ "$_i" -le 25 ]; do
		"$JIFEN" earn "$1" 1 --ref "W$1-$_i" >/dev/null 2>>"$S/writer.err" ||
			echo "writer $1 failed at $_i" >>"$S/writer.err"
		_i=$((_i + 1))
	done
}
: >"$S/writer.err"
writer 10000001 &
w1=$!
writer 10000002 &
w2=$!
writer 10000003 &
w3=$!
on_exit="kill $w1 $w2 $w3 2>/dev/null; $on_exit"
for n in 1 2 3; do
	expect_ok backup "$T/b/live$n.db"
done
wait $w1 $w2 $w3
check ! -s "$S/writer.err" || cat "$S/writer.err"
for n in 1 2 3; do
	expect_ok verify --db "$T/b/live$n.db"
	JIFEN_DB=$T/r$n.db
	expect_ok restore "$T/b/live$n.db" --json
	expect_json .replaced null
	expect_ok verify
	check -z "$(cmp "$T/r$n.db.key" "$T/b/live$n.db.key" 2>&1)"
	for card in 10000001 10000002 10000003; do
		check "$(balance_of $card)" = "$(jf balance $card --db "$T/b/live$n.db" --json |
			jq -r .points)"
	done
done
JIFEN_DB=$T/ledger.db
check "$(balance_of 10000002)" = 25

# Restore: an older backup does not replace a newer ledger, unless forced.
expect_ok backup "$T/b/now.db"
expect_ok grant 10000002 7 --reason after
expect_error 5 "the ledger $JIFEN_DB is newer than $T/b/now.db \(.*\): not replacing it; --force replaces it" \
	restore "$T/b/now.db"
run restore "$T/b/now.db" --force
expect_status 0
expect_out "^restored .* entries from $T/b/now.db into $JIFEN_DB \(it had .*\); its voucher key too\$"
check "$(balance_of 10000002)" = 25
expect_ok verify
# The same ledger again is not older: no --force needed.
expect_ok restore "$T/b/now.db"

# A source that is not a good ledger is refused, and nothing changes.
printf 'not a ledger at all, just some bytes\n' >"$T/b/junk.db"
expect_error 8 "$T/b/junk.db is not a jifen ledger, or is damaged" restore "$T/b/junk.db"
cp "$T/b/now.db" "$T/b/bad.db"
sqlite3 "$T/b/bad.db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master
	WHERE type = 'trigger'" | sqlite3 "$T/b/bad.db"
sqlite3 "$T/b/bad.db" "UPDATE lot SET amount = amount + 5, remaining = remaining + 5
	WHERE id = (SELECT max(id) FROM lot)"
expect_error 8 "$T/b/bad.db does not verify" restore "$T/b/bad.db" --force
expect_error 3 "cannot read $T/b/none.db" restore "$T/b/none.db"
expect_error 2 'is the ledger itself' restore "$JIFEN_DB"
check ! -e "$JIFEN_DB.restore.tmp"

# The daily job: the day's backup in [backup] dir, and those older than
# keep_days removed; files it did not name are left alone.
config daily "[backup]
dir = $T/daily
keep_days = 3"
mkdir "$T/daily"
for f in jifen-2026-02-01.db jifen-2026-02-01.db.key jifen-2026-02-25.db jifen-2026-02-26.db \
	jifen-2026-02-26.db.key notes.txt jifen-2026-02-01.db.bak jifen-20260201.db \
	jifen-2026-13-01.db; do
	: >"$T/daily/$f"
done
expect_ok daily --config "$T/daily.conf" --json
expect_json .backup.path "$T/daily/jifen-2026-03-01.db"
expect_json .backup.removed 2
expect_json .backup.key true
for f in jifen-2026-02-01.db jifen-2026-02-01.db.key jifen-2026-02-25.db; do
	check ! -e "$T/daily/$f"
done
for f in jifen-2026-02-26.db jifen-2026-02-26.db.key jifen-2026-03-01.db jifen-2026-03-01.db.key \
	notes.txt jifen-2026-02-01.db.bak jifen-20260201.db jifen-2026-13-01.db; do
	check -e "$T/daily/$f"
done
expect_ok verify --db "$T/daily/jifen-2026-03-01.db"
# Twice a day: the day's backup made again.
expect_ok daily --config "$T/daily.conf"
expect_out "^backed up .* entries to $T/daily/jifen-2026-03-01.db \(and its key\); removed 0 backups older than 3 days\$"
# Without a dir, none.
expect_ok daily --json
expect_json .backup null
config badkeep "[backup]
keep_days = 0"
expect_error 2 "badkeep.conf:2: \[backup\] keep_days '0' is not a whole number from 1 to 3650" \
	daily --config "$T/badkeep.conf"
config reldir "[backup]
dir = backups"
expect_error 2 'reldir.conf:2: \[backup\] dir must be an absolute path' daily --config "$T/reldir.conf"

finish
