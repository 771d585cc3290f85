#!/bin/sh
# The journal export read back by hledger: after a session of every kind of
# write, hledger accepts the journal (so every transaction balances, per
# commodity) and reports for every account the balance jifen reports: the
# members' from `jifen balance --json`, the system accounts' from the CSV
# export summed per account.

. "$(dirname "$0")/lib.sh"
need hledger

fresh
big=1234567890123456789 # the longest card, for the journal's columns
add_member 10000001 Alice
add_member 10000002 张伟
add_member 10000003 "x'); DROP TABLE member;--"
add_member "$big" Big

now 2025-01-01T10:00:00
expect_ok earn 10000001 199.99 --ref 'R;1'
expect_ok earn 10000002 58 --ref R2 --green
expect_ok earn 10000003 12 --ref '(R3)'
expect_ok grant 10000001 30 --green --reason 'bag; "reusable", 环保'
expect_ok grant "$big" 1000000000 --reason 'a big one'
expect_ok grant "$big" 999999999 --green --reason 'another; with # and :tag:'
expect_ok family create 王家 --owner 10000001
expect_ok family add 王家 10000002
expect_ok family add 王家 "$big"
now 2025-06-01T10:00:00
expect_ok transfer 10000001 10000002 20 --green --ref T1
expect_ok transfer "$big" 10000001 900 --green --ref T2
expect_ok earn 10000002 300 --ref R4
expect_ok earn --reverse R4
expect_ok earn 10000001 40 --ref R5 --green
expect_ok transfer 10000001 10000002 25 --green --ref T3
expect_ok earn --reverse R5
now 2026-01-02T10:00:00
expect_ok expire
expect_ok earn 10000003 66 --ref R6
expect_ok grant 10000002 5 --reason 'after expiry'
expect_ok verify

expect_ok export --format ledger --output "$T/ledger.journal"
expect_ok export --format csv --output "$T/ledger.csv"

# hledger accepts the journal: every transaction balances per commodity.
hledger -f "$T/ledger.journal" balance --flat --no-total --empty -O csv \
	>"$T/hledger.csv" 2>"$T/hledger.err"
status=$?
checks=$((checks + 1))
if [ "$status" -ne 0 ]; then
	fail "hledger refused the journal (exit $status): $(head -n 5 "$T/hledger.err")"
fi
# Strict: every account and both commodities are declared before use.
checks=$((checks + 1))
hledger -f "$T/ledger.journal" check --strict >"$T/strict.err" 2>&1 ||
	fail "hledger check --strict refused the journal: $(head -n 5 "$T/strict.err")"
check "$(grep -c '^commodity \(PTS\|GREEN\)$' "$T/ledger.journal")" -eq 2
check "$(grep -c '^account ' "$T/ledger.journal")" -eq "$(sql 'SELECT count(*) FROM account')"
# The entries are in date order, as a journal should be.
checks=$((checks + 1))
hledger -f "$T/ledger.journal" check ordereddates >/dev/null 2>&1 ||
	fail "the journal's dates are out of order"
# Each entry is one transaction, and hledger reads every one.
check "$(grep -c '^[0-9]' "$T/ledger.journal")" -eq "$(entries)"
check "$(hledger -f "$T/ledger.journal" print 2>/dev/null | grep -c '^[0-9]')" -eq "$(entries)"

# hledger's balances, one "account amount" line each, the commodity dropped.
tail -n +2 "$T/hledger.csv" | tr -d '"' |
	awk -F, '{ split($2, a, " "); print $1, a[1] }' | sort >"$T/hledger.bal"
# The CSV export summed per account.
tail -n +2 "$T/ledger.csv" | tr -d '"' |
	awk -F, '{ s[$5] += $7 } END { for (a in s) print a, s[a] }' | sort >"$T/csv.bal"
check "$(wc -l <"$T/hledger.bal")" -ge 9
checks=$((checks + 1))
if ! cmp -s "$T/hledger.bal" "$T/csv.bal"; then
	fail "hledger's balances differ from the CSV export's"
	diff "$T/hledger.bal" "$T/csv.bal" | sed 's/^/  /'
fi
# hledger_of ACCOUNT: its balance according to hledger.
hledger_of() {
	awk -v a="$1" '$1 == a { print $2; found = 1 } END { if (!found) print 0 }' "$T/hledger.bal"
}
# The members' balances as jifen reports them.
for card in 10000001 10000002 10000003 "$big"; do
	for kind in points green; do
		check "$(hledger_of "member:$card:$kind")" = "$(balance_of "$card" "$kind")"
	done
done
# Every account hledger knows is a member's or a system account.
checks=$((checks + 1))
unknown=$(awk '$1 !~ /^(member:[0-9]+|system:[a-z]+):(points|green)$/' "$T/hledger.bal")
[ -z "$unknown" ] || fail "unexpected accounts in the journal: $unknown"
# Each kind sums to zero over all accounts, and the members' part is what
# the summary calls outstanding.
run summary --json
for kind in points green; do
	check "$(awk -v k=":$kind" 'index($1, k) { s += $2 } END { print s + 0 }' "$T/hledger.bal")" -eq 0
	check "$(awk -v k=":$kind" '$1 ~ /^member:/ && index($1, k) { s += $2 } END { print s + 0 }' \
		"$T/hledger.bal")" -eq "$(json_get ".outstanding.$kind")"
done
# Points expired and issued are where the summary says.
check "$(hledger_of system:expired:points)" -eq "$(json_get .expired.points)"
check "$(hledger_of system:expired:green)" -eq "$(json_get .expired.green)"
check "$(json_get .expired.points)" -gt 0

finish
