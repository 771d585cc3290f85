#!/bin/sh
# JIFEN_SEED: every random draw (idempotency keys, the voucher key, voucher
# codes and short codes) is reproducible with a seed, as JIFEN_NOW makes time:
# the same demo and redemption twice give the same codes, another seed or no
# seed other ones. A malformed seed is a usage error that changes nothing.

. "$(dirname "$0")/lib.sh"

now 2026-11-24T10:00:00

# demo_redeem SEED NAME: a new demo ledger $T/NAME.db made with JIFEN_SEED
# SEED ('' for none), one voucher redeemed on it; its codes in $T/NAME.codes
# and the whole ledger as exported in $T/NAME.csv.
demo_redeem() {
	with JIFEN_SEED="$1" expect_ok --db "$T/$2.db" init --demo
	with JIFEN_SEED="$1" expect_ok --db "$T/$2.db" redeem 8800000001 GR-SOY-500 --json
	json_get '.voucher + " " + .short' >"$T/$2.codes"
	check -s "$T/$2.codes"
	expect_ok --db "$T/$2.db" export --format csv
	cp "$out" "$T/$2.csv"
}

demo_redeem run-1 a
demo_redeem run-1 b
demo_redeem run-2 c
demo_redeem '' d
demo_redeem '' e

# The same seed: the same voucher code and short code, the same ledger.
check "$(cat "$T/a.codes")" = "$(cat "$T/b.codes")"
check "$(cmp -s "$T/a.csv" "$T/b.csv" && echo same)" = same
# Another seed, or none: other codes.
check "$(cut -d' ' -f1 "$T/a.codes")" != "$(cut -d' ' -f1 "$T/c.codes")"
check "$(cut -d' ' -f2 "$T/a.codes")" != "$(cut -d' ' -f2 "$T/c.codes")"
check "$(cut -d' ' -f1 "$T/d.codes")" != "$(cut -d' ' -f1 "$T/e.codes")"
check "$(cut -d' ' -f1 "$T/a.codes")" != "$(cut -d' ' -f1 "$T/d.codes")"
# A voucher of a seeded ledger is a real one: it scans and redeems.
with JIFEN_SEED=run-1 expect_ok --db "$T/a.db" voucher redeem \
	"$(cut -d' ' -f2 "$T/a.codes")" --staff S01 --json
expect_json .state redeemed
expect_ok --db "$T/a.db" verify

# An empty JIFEN_SEED is no seed.
with JIFEN_SEED= expect_ok --db "$T/f.db" init

# A malformed seed is refused in one line naming it, by every command, and
# neither creates nor changes a ledger.
fresh
for bad in 'two words' 'a/b' "$(printf 'x\033[2J')" 种子 \
	12345678901234567890123456789012345678901234567890123456789012345; do
	with JIFEN_SEED="$bad" expect_error 2 'JIFEN_SEED' summary
	with JIFEN_SEED="$bad" expect_error 2 'JIFEN_SEED' grant 8800000001 5 --reason r
	with JIFEN_SEED="$bad" expect_error 2 'JIFEN_SEED' --db "$T/never.db" init --demo
	check ! -e "$T/never.db"
done
# The error line quotes the seed safely.
with JIFEN_SEED="$(printf 'x\033[2J')" expect_error 2 'JIFEN_SEED' summary
check "$(grep -c "$(printf '\033')" "$err")" -eq 0

finish
