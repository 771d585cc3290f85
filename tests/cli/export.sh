#!/bin/sh
# jifen export: CSV, one row per line of every entry, properly quoted, each
# entry summing to zero per kind; a journal for hledger (checked further in
# hledger.sh); --output replaces a file only when the export succeeds.

. "$(dirname "$0")/lib.sh"

fresh
expect_ok export --format csv
check "$(cat "$out")" = "$(printf '\357\273\277')entry,time,type,ref,account,kind,points,actor,terminal,memo"
# The export itself is CSV or a journal, never JSON: --json is refused
# (with --output it says where the file went, in JSON).
expect_error 2 'json' export --format csv --json
expect_error 2 'json' export --json --format ledger
expect_ok export --format ledger
expect_no_out '^[0-9]'

add_member 10000001 Alice
add_member 10000002 Bob
expect_ok earn 10000001 88.80 --ref R1
expect_ok grant 10000002 6 --green --reason 'bag, "reusable"'
expect_ok family create Home --owner 10000001
expect_ok family add Home 10000002
expect_ok transfer 10000002 10000001 2 --green --ref T1
expect_ok earn --reverse R1

expect_ok export --format csv
csv=$T/ledger.csv
cp "$out" "$csv"
# A header and two rows for each of the four entries.
check "$(wc -l <"$csv")" -eq 9
# UTF-8's byte-order mark first, for spreadsheets to read Chinese right.
check "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' ')" = efbbbf
check "$(head -n 1 "$csv")" = "$(printf '\357\273\277')entry,time,type,ref,account,kind,points,actor,terminal,memo"
expect_out '^"?1"?,"?2026-03-01T10:00:00\+08:00"?,"?earn"?,"?earn:R1"?,"?member:10000001:points"?,"?points"?,"?88"?,'
expect_out '"?member:10000002:green"?,"?green"?,"?6"?,"?[^,]*"?,"?[^,]*"?,"bag, ""reusable"""$'
expect_out '"?reverse"?,"?reverse:R1"?,"?member:10000001:points"?,"?points"?,"?-88"?'
# Every entry sums to zero per kind. The memo, the last field, is the only
# one that may hold commas, so the fields before it are read plainly.
sums=$(tail -n +2 "$csv" | tr -d '"' | awk -F, '{ s[$1 "," $6] += $7 } END {
	for (k in s) if (s[k] != 0) print "entry " k " sums to " s[k] }')
check -z "$sums"
# The members' rows add up to their balances.
for card in 10000001 10000002; do
	for kind in points green; do
		sum=$(tail -n +2 "$csv" | tr -d '"' |
			awk -F, -v a="member:$card:$kind" '$5 == a { s += $7 } END { print s + 0 }')
		check "$sum" -eq "$(balance_of "$card" "$kind")"
	done
done

expect_ok export --format ledger
expect_out '^2026-03-01 \(1\) earn earn:R1$'
expect_out '^    member:10000001:points +88 PTS$'
expect_out '^    system:issued:green +-6 GREEN$'

# --output writes the same as stdout would, and says where.
expect_ok export --format csv --output "$T/out.csv"
expect_out "$T/out.csv"
check -z "$(cmp "$T/out.csv" "$csv" 2>&1)"
expect_ok export --format csv --output "$T/out.csv" --json
expect_json .output "$T/out.csv"
expect_json .format csv
# A failed export leaves the old file alone and no temporary file behind.
cp "$T/out.csv" "$T/keep.csv"
mkdir "$T/ro"
cp "$csv" "$T/ro/x.csv"
chmod 555 "$T/ro"
if [ ! -w "$T/ro" ]; then # root can write anywhere
	expect_error 1 'cannot write' export --format csv --output "$T/ro/x.csv"
	check -z "$(cmp "$T/ro/x.csv" "$csv" 2>&1)"
	check "$(ls "$T/ro")" = x.csv
fi
chmod 755 "$T/ro"
expect_error 1 'cannot write' export --format csv --output "$T/no/such/dir/x.csv"
check ! -e "$T/no"
check ! -e "$T/no/such/dir/x.csv"

# A file ledger: the ledger, its WAL, its key, never the output (only files
# can be those).
if on_sqlite; then
	# The ledger itself, or its write-ahead log, is never the output: a typo
	# there must not replace every member's points with a CSV file.
	expect_ok summary # leaves no -wal file behind
	cp "$JIFEN_DB" "$T/before.db"
	for target in "$JIFEN_DB" "$JIFEN_DB-wal" "$T/../${T##*/}/ledger.db" "$T/./ledger.db-shm"; do
		for format in csv ledger; do
			expect_error 2 'ledger' export --format "$format" --output "$target"
			check -z "$(cmp "$JIFEN_DB" "$T/before.db" 2>&1)"
			# Put the ledger back, so that one failure does not hide the others.
			rm -f "$JIFEN_DB-wal" "$JIFEN_DB-shm"
			cp "$T/before.db" "$JIFEN_DB"
		done
	done
	expect_ok verify
	expect_ok export --format csv --output "$T/ledger.db.csv"
	expect_ok verify

	# The ledger given as a location (file:PATH, file:///PATH), through a
	# symbolic link, or its voucher key (named after the location given): each
	# is still the ledger, compared as a file, not as the string typed.
	expect_ok summary --db "file:$JIFEN_DB"
	ln -s "$JIFEN_DB" "$T/link.db"
	mkdir "$T/sub"
	ln -s "$T" "$T/sub/up"
	cp "$JIFEN_DB" "$T/before.db"
	check -s "$JIFEN_DB.key" # made with the ledger
	cp "$JIFEN_DB.key" "$T/key.before"
	ln -s "$JIFEN_DB.key" "$T/link.db.key"
	for pair in "file:$JIFEN_DB|$JIFEN_DB" "file:$JIFEN_DB|$JIFEN_DB-wal" \
		"file://$JIFEN_DB|$T/./ledger.db" "file:$JIFEN_DB|$T/sub/up/ledger.db-shm" \
		"$T/link.db|$JIFEN_DB-wal" "file:$T/link.db|$JIFEN_DB" "$JIFEN_DB|$T/link.db" \
		"file:$JIFEN_DB|$JIFEN_DB.key" "$T/link.db|$T/sub/up/link.db.key" \
		"$T/sub/up/ledger.db|$JIFEN_DB-journal"; do
		db=${pair%%|*}
		target=${pair#*|}
		expect_error 2 'is the ledger itself' export --db "$db" --format csv --output "$target"
		check -z "$(cmp "$JIFEN_DB" "$T/before.db" 2>&1)"
		check -z "$(cmp "$JIFEN_DB.key" "$T/key.before" 2>&1)"
		rm -f "$JIFEN_DB-wal" "$JIFEN_DB-shm"
		cp "$T/before.db" "$JIFEN_DB"
	done
	# A file beside it that is none of those is written.
	expect_ok export --db "file:$JIFEN_DB" --format csv --output "$T/ledger.db-wal.csv"
	expect_ok export --db "file:$T/link.db" --format csv --output "$T/sub/ledger.db"
	check -s "$T/sub/ledger.db"
	expect_ok verify
fi

# Bad input.
expect_error 2 'format' export
expect_error 2 'format' export --format xml
expect_error 2 'format' export --format ''
expect_error 2 'format' export --format CSV
expect_error 2 'output' export --format csv --output ''
expect_error 2 'unexpected argument' export --format csv out.csv
expect_error 2 'value' export --format

finish
