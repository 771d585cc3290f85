#!/bin/sh
# jifen daily: the daily job as one command. Its steps are expiry and the
# backup (tests/cli/backup.sh), with the games and the automatic tasks
# between them (tests/cli/game.sh, task.sh); its expiry is
# exactly what `jifen expire` does (the same ledger after either); running
# it again does nothing; bad input is refused and changes nothing.

. "$(dirname "$0")/lib.sh"

# The demo store, with its vouchers and a year of lots, made once and copied:
# a runs `daily`, b runs `expire`. The same JIFEN_SEED for both, so
# their entries' keys, and so their whole ledgers, can be compared.
now 2026-11-24T10:00:00
JIFEN_SEED=daily-test
export JIFEN_SEED
demo=$(new_ledger demo)
a=$(new_ledger a)
b=$(new_ledger b)
c=$(new_ledger c)
expect_ok --db "$demo" init --demo
copy_ledger "$demo" "$a"
copy_ledger "$demo" "$b"

# Before the run the points past their date are not spendable already.
now 2028-01-01T03:00:00
JIFEN_DB=$a
expect_ok balance 8800000001 --json
check "$(json_get .overdue)" -gt 0
expect_ok summary --json
outstanding=$(json_get .outstanding.points)

expect_ok daily --json
expect_json .date 2028-01-01
jq -c .expire "$out" >"$T/daily.json"
check "$(jq .vouchers "$T/daily.json")" -ge 1
check "$(jq .lots "$T/daily.json")" -ge 1
check "$(jq .points "$T/daily.json")" -ge 1
check "$(jq .entry "$T/daily.json")" -ge 1
expect_ok balance 8800000001 --json
expect_json .overdue 0
expect_ok summary --json
expect_json .outstanding.points "$((outstanding - $(jq .points "$T/daily.json")))"
expect_ok voucher list 8800000001 --json
expect_json '[.[] | select(.state == "issued")] | length' 0

# `jifen expire` on the same ledger at the same time: the same result.
JIFEN_DB=$b
expect_ok expire --json
check "$(jq -c . "$out")" = "$(cat "$T/daily.json")"
# Daily's later step, the automatic tasks, wrote entries of its own after
# the expiry's: left out of the comparison.
expect_ok --db "$a" export --format csv
grep -v -E '^"[0-9]+","[^"]*","(task|badge_prize)",' "$out" >"$T/a.csv"
expect_ok --db "$b" export --format csv
check "$(cmp -s "$out" "$T/a.csv" && echo same)" = same

# Again the same day: nothing due, nothing written.
JIFEN_DB=$a
before=$(entries)
expect_ok daily --json
expect_json .expire.vouchers 0
expect_json .expire.lots 0
expect_json .expire.points 0
expect_json .expire.green 0
expect_json .expire.entry null
check "$(entries)" -eq "$before"
expect_ok daily
expect_out '^daily job of 2028-01-01$'
expect_out '^expired 0 vouchers and 0 lots: 0 points, 0 green$'
expect_out '^tasks: 5 members checked, 0 tasks completed$'
expect_out '^no backup: \[backup\] dir is not set$'
check "$(wc -l <"$out")" -eq 4

# The text output of a run with something to do.
JIFEN_DB=$c
copy_ledger "$demo" "$c"
expect_ok daily
expect_out "^expired $(jq .vouchers "$T/daily.json") vouchers and $(jq .lots "$T/daily.json") lots: $(jq .points "$T/daily.json") points, $(jq .green "$T/daily.json") green\$"

# Bad input, and no ledger.
expect_error 2 'unexpected argument' daily 2028-01-01
expect_error 2 'option' daily --dry-run
none=$(new_ledger none)
expect_error 3 '' --db "$none" daily
on_sqlite && check ! -e "$none"

JIFEN_DB=$a
expect_ok verify
JIFEN_DB=$b
expect_ok verify

finish
