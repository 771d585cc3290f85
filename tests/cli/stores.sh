#!/bin/sh
# The stores of a chain in one ledger ([store] code): each store's
# terminals write its own hash chain and system accounts and are recorded
# as STORE/TERMINAL; verify checks every chain; report day and export take
# --store; a bad code is refused, in the config and on the command line.

. "$(dirname "$0")/lib.sh"

config s1 '[store]
code = S001
terminal = T1'
config s2 '[store]
terminal = T2
code = S002'
fresh
add_member 10000001 Ann
add_member 10000002 Bob
now 2026-03-01T10:00:00
expect_ok earn 10000001 100 --ref R1 --config "$T/s1.conf"
expect_ok earn 10000002 50 --ref R2 --config "$T/s2.conf"
expect_ok earn 10000001 30 --ref R3 --config "$T/s1.conf"
expect_ok grant 10000002 5 --reason sorry

# Who and where: the terminal's name carries its store.
expect_ok history 10000001 --json
expect_json '.[0].terminal' S001/T1
check "$(sql "SELECT count(*) FROM entry WHERE store = 'S001'")" -eq 2
check "$(sql "SELECT count(*) FROM entry WHERE store = 'S002'")" -eq 1
check "$(sql "SELECT count(*) FROM entry WHERE store = ''")" -eq 1
check "$(sql "SELECT -balance FROM account WHERE name = 'system:issued:points:S001'")" -eq 130
check "$(sql "SELECT -balance FROM account WHERE name = 'system:issued:points:S002'")" -eq 50

expect_ok summary --json
expect_json .issued.points 185
expect_ok verify
expect_out '^ledger OK: 4 entries.*the chains of 2 stores'
expect_ok verify --json
expect_json .stores 2

# A day's report of one store: its terminals' purchases only.
expect_ok report day --date 2026-03-01 --store S001 --json
expect_json .store S001
expect_json '.rows.purchases.count' 2
expect_ok report day --date 2026-03-01 --store S002 --terminal T2 --json
expect_json .terminal S002/T2
expect_json '.rows.purchases.count' 1
expect_ok report day --date 2026-03-01 --store S001
expect_out '^day report of 2026-03-01, all staff, all terminals of store S001$'
expect_ok report day --date 2026-03-01 --json
expect_json '.rows.purchases.count' 3

# An export of one store: its entries only.
expect_ok export --format csv --store S002
check "$(grep -c 'earn:R2' "$out")" -eq 2
check "$(grep -c 'earn:R1' "$out")" -eq 0
expect_ok export --format ledger --store S001
expect_out 'earn:R1'
expect_no_out 'earn:R2'

# Bad codes: one line, status 2, nothing written.
expect_error 2 'store.*code' report day --store 'S 1'
expect_error 2 'store.*code' export --format csv --store 'S_01'
expect_error 2 'store.*code' export --format csv --store ''
expect_error 2 'store.*code' report day --store S00000000000000001
config bad '[store]
code = S/01'
expect_error 2 'bad.conf:2' earn 10000001 10 --ref R9 --config "$T/bad.conf"

finish
