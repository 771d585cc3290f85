#!/bin/sh
# The files of a ledger: who may read them, and reading a ledger where
# nothing may be written (issue 9, defects 8 and 11).
#
# The ledger holds names, phone numbers, birthdays and PIN hashes: it and
# its -wal and -shm files are 0640 whatever the umask (its group reads it),
# when jifen init makes it and when SQLite adds the others later
# (tests/cli/permissions.sh: who may not).

. "$(dirname "$0")/lib.sh"

# mode FILE: its permission bits, as stat prints them (640).
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
	check "$(mode "$JIFEN_DB")" = 640
	check "$(mode "$JIFEN_DB.key")" = 640
	hold_open "$JIFEN_DB" 3
	add_member 10000001 Alice
	expect_ok earn 10000001 100 --ref R1
	check -e "$JIFEN_DB-wal"
	check "$(mode "$JIFEN_DB-wal")" = 640
	check "$(mode "$JIFEN_DB-shm")" = 640
	wait $holder
done
umask 022

# A ledger of an older jifen, readable by all, is made 0640 when it is
# next opened for a write.
JIFEN_DB=$T/old.db
fresh
chmod 644 "$JIFEN_DB"
add_member 10000001 Alice
check "$(mode "$JIFEN_DB")" = 640

# ---- read-only commands on a ledger where nothing may be written ----
#
# A backup on read-only media, or a directory of mode 555. Tests run as
# root in CI, and root may write into a 555 directory: so as root the
# directory is bound read-only onto itself in a mount namespace of its own
# (unshare -m), where even root gets EROFS; as another user, chmod 555 is
# the test. Either way, every read-only command must work and leave no file.
D=$T/ro
mkdir "$D"
JIFEN_DB=$D/ledger.db
fresh
expect_ok member add 10000001 --name Alice --phone 13800138001
expect_ok earn 10000001 1000 --ref R1
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'A1,甲,Item A,misc,goods,100,,,,5,0,,,' >"$T/catalog.csv"
expect_ok catalog import "$T/catalog.csv"
expect_ok redeem 10000001 A1 --json
code=$(json_get .voucher)
ls -a "$D" >"$S/files-before"

# read_only CMD...: run jifen CMD with $D read-only, as described above.
read_only() {
	if [ "$(id -u)" = 0 ]; then
		printf '%s\0' "$@" >"$S/args"
		unshare -m sh -c 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" &&
			touch "$1/probe" 2>/dev/null && exit 99
			shift; exec "$@"' sh "$D" "$JIFEN" "$@" </dev/null >"$out" 2>"$err"
		rc=$?
		[ $rc -ne 99 ] || fail "the bound directory is writable: not a test"
	else
		chmod 555 "$D"
		run "$@"
		chmod 755 "$D"
	fi
}

for cmd in "balance 10000001" "history 10000001" "verify" "export --format csv" \
	"summary" "member show 10000001" "member list" "member find 13800138001" \
	"catalog list" "catalog show A1" "voucher show $code" "voucher list 10000001"; do
	# shellcheck disable=SC2086
	read_only $cmd
	checks=$((checks + 1))
	[ "$rc" -eq 0 ] || fail "'$cmd' on a read-only ledger"
done
read_only balance 10000001 --json
expect_json .available 900
read_only verify
expect_out '^ledger OK'
ls -a "$D" >"$S/files-after"
checks=$((checks + 1))
cmp -s "$S/files-before" "$S/files-after" || fail "reading left files: $(ls -a "$D" | tr '\n' ' ')"
# A write there is refused in one line, and changes nothing.
read_only earn 10000001 10 --ref R2
check "$rc" -ne 0
expect_stderr_one_line

# Another user who may read the ledger (here made 644 and its directory
# 777 by hand) reads it without leaving -wal or -shm files of their own.
if [ "$(id -u)" = 0 ]; then
	O=$T/other
	mkdir "$O"
	cp "$D/ledger.db" "$D/ledger.db.key" "$O/"
	chmod 644 "$O/ledger.db" "$O/ledger.db.key"
	chmod 777 "$O"
	chmod 755 "$T"
	printf '%s\0' balance 10000001 >"$S/args"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env JIFEN_DB="$O/ledger.db" HOME=/ "$JIFEN" balance 10000001 --json \
		</dev/null >"$out" 2>"$err"
	rc=$?
	chmod 700 "$T"
	expect_json .available 900
	check "$(ls -a "$O" | tr '\n' ' ')" = ". .. ledger.db ledger.db.key "
fi

finish
