#!/bin/sh
# key.sh: the voucher key file is trusted only when it is what jifen made
# (issue 9, defect 4): exactly 32 bytes, a regular file (not a link to
# /dev/zero, a device or a FIFO), owned by the ledger's user, not writable
# by group or others, and not all zeros. Anything else is one clear line,
# exit 1, before any voucher is shown, issued or redeemed, and writes
# nothing. With the key replaced, short codes are refused as full codes
# are: a short code is checked against the key, not only looked up.

. "$(dirname "$0")/../cli/lib.sh"

ANN=10000001
KEY=$JIFEN_DB.key

fresh
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'A1,甲,Item A,misc,goods,100,,,,50,0,,,' >"$T/catalog.csv"
expect_ok catalog import "$T/catalog.csv"
add_member $ANN Ann
expect_ok grant $ANN 5000 --reason seed
expect_ok redeem $ANN A1 --json
code=$(json_get .voucher)
short=$(json_get .short)
cp -p "$KEY" "$T/good.key"

# bad_key PATTERN: with the key as it is now, every voucher command is
# refused in one line matching PATTERN, exit 1, and writes nothing.
bad_key() {
	expect_error 1 "voucher key .*$1" voucher show "$code"
	expect_error 1 "voucher key .*$1" voucher show "$short"
	expect_error 1 "voucher key .*$1" voucher list $ANN
	expect_error 1 "voucher key .*$1" redeem $ANN A1
	expect_error 1 "voucher key .*$1" voucher redeem "$code" --staff till-1
}

# restore: the good key back in place, as jifen made it.
restore() {
	rm -f "$KEY"
	cp -p "$T/good.key" "$KEY"
}

# Too long (half of it would be ignored), too short, empty.
cat "$T/good.key" "$T/good.key" >"$KEY"
bad_key '64 bytes'
head -c 16 "$T/good.key" >"$KEY"
bad_key '16 bytes'
: >"$KEY"
bad_key '0 bytes'

# Not a regular file: a link to /dev/zero (an all-zero MAC key), a
# directory, a FIFO (which must not make jifen wait).
rm -f "$KEY"
ln -s /dev/zero "$KEY"
bad_key 'not a regular file'
rm -f "$KEY"
mkdir "$KEY"
bad_key 'not a regular file'
rmdir "$KEY"
mkfifo "$KEY"
printf '%s\0' voucher show "$code" >"$S/args"
timeout 10 "$JIFEN" voucher show "$code" </dev/null >"$out" 2>"$err"
rc=$?
check "$rc" -eq 1
expect_err 'voucher key .*not a regular file'
rm -f "$KEY"

# All zeros, though a private regular file of the right size.
head -c 32 /dev/zero >"$KEY"
chmod 600 "$KEY"
bad_key 'all zeros'

# Writable by others or by the group: anyone could have put their own key.
restore
chmod 666 "$KEY"
bad_key 'writable by'
chmod 620 "$KEY"
bad_key 'writable by'
# Readable by the group is not a forgery risk; the key stays usable.
chmod 640 "$KEY"
expect_ok voucher show "$code"

# Owned by another user than the ledger's.
restore
if [ "$(id -u)" = 0 ]; then
	chown 65534 "$KEY"
	bad_key 'owned by'
fi

# A link to the genuine key, owned and private, is still that key.
restore
mv "$KEY" "$T/moved.key"
ln -s "$T/moved.key" "$KEY"
expect_ok voucher show "$short"
rm -f "$KEY"
restore
expect_ok voucher show "$code"
expect_ok voucher show "$short"

# A new key: every code issued before, full or short, is refused the same
# way, and nothing is redeemed with it.
head -c 32 /dev/urandom >"$T/new.key"
rm -f "$KEY"
cp "$T/new.key" "$KEY"
chmod 600 "$KEY"
for typed in "$code" "$short" "$(printf '%s' "$short" | tr -d - | tr 'A-Z' 'a-z')"; do
	expect_error 3 '^jifen: not a valid voucher$' voucher show "$typed"
	expect_error 3 '^jifen: not a valid voucher$' voucher redeem "$typed" --staff till-1
done
# The old key back: both codes work again.
restore
expect_ok voucher show "$short" --json
expect_json .state issued

# A voucher of an older jifen (tests/data/ledger-v2.sql, given a key): its
# short code was random, made from no key, so nothing can tell it from one
# written into the ledger: refused as not valid, as a forged one is. (Its
# QR code, a MAC under the key it was issued with, is what still works.)
JIFEN_DB=$T/v2.db
sqlite3 "$JIFEN_DB" <"${srcdir:-.}/tests/data/ledger-v2.sql"
head -c 32 /dev/urandom >"$JIFEN_DB.key"
chmod 600 "$JIFEN_DB.key"
expect_ok summary
expect_error 3 '^jifen: not a valid voucher$' voucher show 5X9R-GGJD-8
expect_error 3 '^jifen: not a valid voucher$' voucher redeem 5x9rggjd8 --staff till-1

finish
