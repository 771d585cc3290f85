#!/bin/sh
# stores.sh: two stores of a chain on one PostgreSQL database, eight
# terminals each, all writing at once: purchases, and vouchers issued in
# store S001 handed over in S002 while a terminal of S001 scans the same
# voucher. Each voucher is handed over exactly once (the other scan is
# told where it went), no purchase is lost or doubled, no terminal is told
# the database is busy, each store's entries are a chain of their own with
# its own system accounts, and verify checks both chains.
# On a server of its own (server.sh); skipped (77) without one.

. "$(dirname "$0")/lib.sh"
chain_ledger

TERMINALS=8
EARNS=12
VOUCHERS=16

# terminal_config STORE N: the config of terminal N of STORE.
terminal_config() {
	printf '[voucher]\nkey_file = %s/ledger.key\n[store]\ncode = %s\nterminal = T%s\n' \
		"$T" "$1" "$2" >"$T/$1-T$2.conf"
	echo "$T/$1-T$2.conf"
}

expect_ok init
printf '%s\n' 'sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,active_from,active_until,new_until' \
	'MUG,杯子,Mug,home,goods,10,,,,1000,0,,,' >"$T/items.csv"
expect_ok catalog import "$T/items.csv"
members_earning $TERMINALS

# Vouchers issued at S001's first terminal, to be handed over later.
expect_ok grant 10000001 $((VOUCHERS * 10)) --reason vouchers --config "$(terminal_config S001 1)"
v=1
while [ $v -le $VOUCHERS ]; do
	expect_ok redeem 10000001 MUG --ref "V$v" --json --config "$T/S001-T1.conf"
	jq -r .voucher "$out" >"$T/voucher-$v"
	v=$((v + 1))
done
check "$(sql "SELECT count(*) FROM hold WHERE store = 'S001' AND state = 0")" -eq $VOUCHERS

# terminal STORE N: EARNS purchases under receipt numbers of its own, and
# a scan of every voucher whose number is N modulo TERMINALS; each scan's
# exit status and error line are kept.
terminal() {
	_c=$(terminal_config "$1" "$2")
	_n=0
	while [ $_n -lt $EARNS ]; do
		_m=$((($2 + _n) % TERMINALS + 1))
		"$JIFEN" earn "1000000$_m" 10 --ref "$1-$2-$_n" --config "$_c" \
			>/dev/null 2>>"$S/earn-$1-$2.err" || echo "$1-$2-$_n" >>"$S/earn.failed"
		_v=$2
		if [ $((_n % 3)) -eq 0 ]; then
			while [ $_v -le $VOUCHERS ]; do
				"$JIFEN" voucher redeem "$(cat "$T/voucher-$_v")" --staff "c$2" \
					--config "$_c" >/dev/null 2>>"$S/scan-$1-$_v.err"
				echo "$_v $1 $?" >>"$S/scans-$1-$2"
				_v=$((_v + TERMINALS))
			done
		fi
		_n=$((_n + 1))
	done
}

pids=
for store in S001 S002; do
	i=1
	while [ $i -le $TERMINALS ]; do
		terminal $store $i &
		pids="$pids $!"
		i=$((i + 1))
	done
done
wait $pids

checks=$((checks + 1))
if [ -e "$S/earn.failed" ] || [ -n "$(cat "$S"/earn-*.err)" ]; then
	fail "a purchase was refused: $(cat "$S"/earn-*.err | sort | uniq -c | head -5)"
fi
# Every voucher: handed over by exactly one scan (0); every other scan of
# it refused as already redeemed (5), never busy (7) or anything else.
cat "$S"/scans-* >"$S/scans"
v=1
while [ $v -le $VOUCHERS ]; do
	check "$(awk -v v=$v '$1 == v && $3 == 0' "$S/scans" | wc -l)" -eq 1
	v=$((v + 1))
done
check "$(awk '$3 != 0 && $3 != 5' "$S/scans" | wc -l)" -eq 0
checks=$((checks + 1))
grep -hv 'already redeemed' "$S"/scan-*.err >"$S/odd" && fail "a scan was refused otherwise: $(head -3 "$S/odd")"
# Vouchers scanned in both stores went to either; each says where.
expect_ok voucher show "$(cat "$T/voucher-1")" --json
expect_out '"redeemed_terminal": "S00[12]/T1"'

# Nothing lost or doubled: every purchase once, every voucher once.
expect_ok summary --json
check "$(jq -r .outstanding.points "$out")" -eq $(((2 * TERMINALS * EARNS + 1) * per))
check "$(sql "SELECT count(*) FROM voucher WHERE state = 1")" -eq $VOUCHERS
# Each store wrote its own chain and system accounts, summing to the chain's.
check "$(sql "SELECT count(*) FROM entry WHERE store = 'S002' AND type = 'earn'")" -eq $((TERMINALS * EARNS))
check "$(sql "SELECT count(*) FROM entry WHERE store = 'S001' AND format = 3")" -gt $((TERMINALS * EARNS))
check "$(sql "SELECT -balance FROM account WHERE name = 'system:issued:points:S002'")" -eq $((TERMINALS * EARNS * per))
check "$(sql "SELECT sum(balance) FROM account WHERE name LIKE 'system:redeemed:points%'")" -eq $((VOUCHERS * 10))
expect_ok verify --json
expect_json .ok true
expect_json .stores 2
expect_ok verify
expect_out '^ledger OK: .*the chains of 2 stores'

finish
