#!/bin/sh
# chain_balance_short: make bench-chain-balance's fill (chain_balance.c) at
# a tiny size, so that it keeps making valid ledgers as the schema moves:
# 10 members, 100 and 10,000 entries on a PostgreSQL server of its own.
# The program checks verify's invariants but the hash chain (its hashes
# are stand-ins) and a balance through the core; here `jifen balance`
# reads the same members in both ledgers as a user would. Nothing is timed.
# Skipped (77) without a PostgreSQL server.

. "$(dirname "$0")/../pg/lib.sh"

bench=${top_builddir:-$(dirname "$0")/../..}/tests/bench/chain_balance
"$bench" --fill-only "$url" 10000 >"$T/urls" 2>"$T/fill.err"
check $? -eq 0 || cat "$T/fill.err"
small=$(sed -n 1p "$T/urls")
large=$(sed -n 2p "$T/urls")
check -n "$small" -a -n "$large"

# On the bench's day, the same members in both: their 10 newest lots of 10
# points open and available, in the large ledger after 990 older ones were
# redeemed; the ledgers hold every grant and redemption.
JIFEN_NOW=2026-06-01T10:00:00
for ledger in "$small" "$large"; do
	JIFEN_DB=$ledger
	export JIFEN_DB
	expect_balance 80000001 points 100
	expect_balance 80000010 available 100
	expect_balance 80000010 held 0
	expect_error 3 'no member' balance 80000011
done
JIFEN_DB=$small
check "$(entries)" -eq 100
JIFEN_DB=$large
check "$(entries)" -eq 10010

finish
