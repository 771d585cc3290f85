#!/bin/sh
# jifen campaign: import the samples (refusals name each problem and write
# nothing), list and show, the earn rule under campaigns (windows at
# midnight in the store's time zone, overlaps: the highest multiplier,
# never stacked; categories and green goods; budgets running out, with the
# notice; replays; returns giving the budget back; an early end), 8
# processes purchasing at once never passing a budget, gift packs (once,
# replayed, refused outside the window, beyond the budget or where there is
# none), discount prices; verify after each step and after a hand edit.

. "$(dirname "$0")/lib.sh"

C=$top_srcdir/assets/campaigns
config store '[category appliances]
points_per_yuan = 2'
JIFEN_CONFIG=$T/store.conf
export JIFEN_CONFIG

fresh
expect_ok catalog import "$top_srcdir/assets/demo-catalog.csv"
for i in 1 2 3 4 5 6 7 8; do
	add_member 1000000$i "M$i"
done

# The samples import; the same file again changes nothing; a change is version 2.
expect_ok campaign import "$C/shopping-festival.json" --json
expect_json .version 1
expect_json .changed true
expect_ok campaign import "$C/shopping-festival.json"
expect_out 'unchanged: version 1'
expect_ok campaign import "$C/spring-festival.json"
expect_ok campaign import "$C/summer-appliances.json"
sed 's/"budget": 500000/"budget": 400000/' "$C/spring-festival.json" >"$T/spring2.json"
expect_ok campaign import "$T/spring2.json" --json
expect_json .version 2
expect_ok verify

# Refusals: one line per problem, nothing written.
sed 's/"percent": 200, "goods": "all"/"percent": 100, "goods": "all"/' \
	"$C/shopping-festival.json" >"$T/pct.json"
expect_error 2 'earn.percent: must be' campaign import "$T/pct.json"
sed 's/"GR-RICE-5KG"/"NO-SUCH"/' "$C/shopping-festival.json" >"$T/sku.json"
expect_error 2 'featured\[1\]: NO-SUCH is not in the catalog' campaign import "$T/sku.json"
sed 's/"end": "2026-11-11"/"end": "2026-10-11"/' "$C/shopping-festival.json" >"$T/end.json"
expect_error 2 'end: before the start' campaign import "$T/end.json"
sed 's/"start": "2026-11-01"/"start": "2026-02-30"/' "$C/shopping-festival.json" >"$T/date.json"
expect_error 2 'start: must be a date' campaign import "$T/date.json"
sed 's/"budget": 200000/"budget": 200000, "colour": "red"/' "$C/shopping-festival.json" >"$T/key.json"
expect_error 2 'colour: unknown key' campaign import "$T/key.json"
sed 's/"items": \[ { "sku": "CP-50-10", "qty": 1 } \]/"items": [ { "sku": "EC-BAG" } ]/' \
	"$C/spring-festival.json" >"$T/green.json"
expect_error 2 'EC-BAG is for green points' campaign import "$T/green.json"
sed 's/"percent": 200, "goods": "all"/"percent": "x", "goods": "some"/' \
	"$C/shopping-festival.json" >"$T/two.json"
run campaign import "$T/two.json"
expect_status 2
check "$(wc -l <"$err")" -eq 2
printf 'not json' >"$T/bad.json"
expect_error 2 'not JSON' campaign import "$T/bad.json"
expect_error 3 'cannot open' campaign import "$T/none.json"
expect_error 2 'not a campaign' campaign show 'no such'
expect_error 3 'there is no campaign nope' campaign show nope
expect_error 2 'date' campaign list --date 2026-13-01

# List and show, in either language, on a date.
expect_ok campaign list
expect_out '^double-11 +2026-11-01..2026-11-11 +- +200% on all goods'
expect_ok campaign list --active --date 2026-11-05 --json
expect_json 'length' 1
expect_json '.[0].campaign' double-11
expect_ok campaign list --active --date 2027-07-01 --lang zh
expect_out '夏日家电节'
expect_ok campaign show summer-2027 --json
expect_json '.categories[0]' appliances
expect_json '.discounts[1].sku' AP-FAN
expect_json '.budget' 300000
expect_ok campaign show spring-2027
expect_out 'version 2'
expect_out 'gift pack: 188 points, 1 x CP-50-10'

# The window's edges, at midnight in the store's time zone (Asia/Shanghai).
now 2026-10-31T23:59:59
expect_ok earn 10000001 100 --ref W1 --explain
expect_out '^earned 100 points'
now 2026-11-01T00:00:00
expect_ok earn 10000001 100 --ref W2 --explain
expect_out '^earned 200 points'
expect_out 'campaign double-11 +\+100 \(200%\)'
# The same in UTC: 15:59:59Z is still the 31st in the store, 16:00:00Z the 1st.
now 2026-10-31T15:59:59Z
expect_ok earn 10000001 100 --ref W5
expect_out '^earned 100 points'
now 2026-10-31T16:00:00Z
expect_ok earn 10000001 100 --ref W6
expect_out '^earned 200 points'

# Overlaps: the highest multiplier applies, never stacked; categories and
# green goods by their own campaigns.
now 2026-11-05T10:00:00
cat >"$T/over.json" <<'JSON'
{ "id": "over", "name": { "zh": "叠加", "en": "Overlap" }, "banner": { "zh": "x", "en": "x" },
  "start": "2026-11-01", "end": "2026-11-30", "earn": { "percent": 150, "goods": "all" } }
JSON
cat >"$T/appl.json" <<'JSON'
{ "id": "appl", "name": { "zh": "家电", "en": "Appliances" }, "banner": { "zh": "x", "en": "x" },
  "start": "2026-11-05", "end": "2026-11-05", "earn": { "percent": 300, "goods": ["appliances"] } }
JSON
cat >"$T/eco.json" <<'JSON'
{ "id": "eco", "name": { "zh": "绿色", "en": "Green" }, "banner": { "zh": "x", "en": "x" },
  "start": "2026-11-05", "end": "2026-11-05", "earn": { "percent": 400, "goods": "green" } }
JSON
# Featured items first in the catalog while their campaign runs, in its order.
expect_ok catalog list --json
expect_json '.[0].sku' CP-100-20
expect_json '.[1].sku' GR-RICE-5KG
expect_ok catalog list
expect_out '^CP-100-20 '
expect_ok campaign import "$T/over.json"
expect_ok campaign import "$T/appl.json"
expect_ok campaign import "$T/eco.json"
expect_ok earn 10000002 100 --ref O1 --explain
expect_out '^earned 200 points'
expect_no_out 'campaign over'
printf 'amount,green,category\n100.00,0,appliances\n100.00,0,\n10.00,1,\n' >"$T/lines.csv"
expect_ok earn 10000002 --ref O2 --lines "$T/lines.csv" --explain --json
# appliances: base 200 x 300%; other: 100 x 200%; green: 10 x 400%.
expect_json .points 800
expect_json .green 40
expect_json '.explain.campaigns | map(.campaign) | sort | join(",")' 'appl,double-11,eco'
expect_ok earn 10000002 --lines "$T/lines.csv" --quote
expect_out '^would earn 800 points and 40 green points'
expect_out 'line 2 +100.00 appliances +600 = 200 \+ 0 \+ 400 appl'
expect_ok verify

# The window's last second, and the first after it.
now 2026-11-11T23:59:59
expect_ok earn 10000001 100 --ref W3 --json --explain
expect_json .points 200
expect_json '.explain.campaigns[0].campaign' double-11
expect_json '.explain.campaign_bonus.points' 100
now 2026-11-12T00:00:00
expect_ok earn 10000001 100 --ref W4 --explain
expect_out '^earned 150 points'
expect_out 'campaign over +\+50 \(150%\)'
expect_no_out 'double-11'

# A replay earns once, with the same campaign bonus, even after the window.
expect_ok earn 10000001 100 --ref W3 --explain
expect_out '^earned 200 points .*already recorded'
expect_out 'campaign double-11 +\+100'
expect_ok verify

# A budget runs out: the bonus is capped, then the campaign stops giving,
# with a notice in the explanation and in `campaign show`; the next
# campaign with budget left applies.
now 2026-12-01T10:00:00
cat >"$T/tight.json" <<'JSON'
{ "id": "tight", "name": { "zh": "限量", "en": "Tight" }, "banner": { "zh": "x", "en": "x" },
  "start": "2026-12-01", "end": "2026-12-31", "earn": { "percent": 200, "goods": "all" },
  "budget": 150 }
JSON
cat >"$T/wide.json" <<'JSON'
{ "id": "wide", "name": { "zh": "宽松", "en": "Wide" }, "banner": { "zh": "x", "en": "x" },
  "start": "2026-12-01", "end": "2026-12-31", "earn": { "percent": 110, "goods": "all" } }
JSON
expect_ok campaign import "$T/tight.json"
expect_ok campaign import "$T/wide.json"
expect_ok earn 10000003 100 --ref B1
expect_out '^earned 200 points'
expect_ok earn 10000003 100 --ref B2 --explain
expect_out '^earned 150 points'
expect_out 'campaign tight +\+50 \(200%\): its budget is now spent'
expect_ok earn 10000003 100 --ref B3 --explain
expect_out '^earned 110 points'
expect_out 'campaign tight +\+0: its budget is spent'
expect_out 'campaign wide +\+10 \(110%\)'
expect_ok campaign show tight
expect_out 'budget: +150 \(150 given, 0 left\)'
expect_out 'notice: +its budget is spent'
expect_ok summary
expect_out '^notice: campaign tight has given all 150 points of its budget'
expect_ok summary --json
expect_json '.campaigns_spent[0].campaign' tight
expect_ok daily --json
expect_json '.campaigns_spent[0].campaign' tight
expect_ok daily
expect_out '^notice: campaign tight has given all 150 points'
expect_ok verify
# A budget below what the campaign gave is refused.
sed 's/"budget": 150/"budget": 100/' "$T/tight.json" >"$T/tight2.json"
expect_error 2 'below the 150 points the campaign gave' campaign import "$T/tight2.json"

# A return takes the bonus back with the rest and gives the budget back.
expect_ok earn --reverse B2
expect_out 'took back 150 points'
expect_ok campaign show tight --json
expect_json '.left' 50
expect_json '.given.points' 100
expect_ok earn 10000003 100 --ref B4
expect_out '^earned 150 points'
expect_ok verify
# Returns of parts give the budget back too: all returns of a purchase
# together give back bonus x taken / earned.
expect_ok campaign show wide --json
wide_given=$(json_get .given.points)
expect_ok earn 10000003 100 --ref B5 --explain
expect_out 'campaign wide +\+10 \(110%\)'
expect_ok earn --reverse B5 --amount 50
expect_out '55 points'
expect_ok campaign show wide --json
expect_json .given.points $((wide_given + 5))
expect_ok earn --reverse B5
expect_ok campaign show wide --json
expect_json .given.points "$wide_given"
expect_ok verify

# 8 processes purchasing at once never pass a budget.
cat >"$T/rush.json" <<'JSON'
{ "id": "rush", "name": { "zh": "抢", "en": "Rush" }, "banner": { "zh": "x", "en": "x" },
  "start": "2027-01-01", "end": "2027-01-01", "earn": { "percent": 200, "goods": "all" },
  "budget": 250 }
JSON
now 2027-01-01T10:00:00
expect_ok campaign import "$T/rush.json"
for i in 1 2 3 4 5 6 7 8; do
	(for n in 1 2 3 4; do
		"$JIFEN" earn 1000000$i 100 --ref "rush-$i-$n" >/dev/null 2>>"$T/rush.err"
	done) &
done
wait
check ! -s "$T/rush.err"
expect_ok campaign show rush --json
expect_json '.given.points' 250
expect_json '.left' 0
check "$(sql "SELECT count(*) FROM campaign_award WHERE code = 'rush'")" -eq 3
check "$(sql "SELECT count(*) FROM idem WHERE key LIKE 'earn:rush-%'")" -eq 32
expect_ok verify

# Ending early: what was earned stays, nothing more is given.
expect_ok campaign end rush --json
expect_json .ended true
expect_error 5 'was ended early' campaign end rush
expect_error 3 'no campaign' campaign end nope
expect_ok earn 10000001 100 --ref E1
expect_out '^earned 100 points'
expect_ok campaign show rush
expect_out 'ended early'
expect_ok campaign list --active
expect_no_out '^rush'
expect_ok campaign list
expect_out '^rush .* ended '

# Gift packs: once per member in the window, replayed, refused otherwise.
now 2027-01-27T23:59:59
expect_error 5 'not running now' campaign claim spring-2027 10000004
now 2027-01-28T00:00:00
expect_ok campaign claim spring-2027 10000004 --json
expect_json .points 188
expect_json .worth 638
expect_json '.vouchers | length' 1
expect_json .replay false
expect_ok campaign claim spring-2027 10000004 --json
expect_json .replay true
expect_json .worth 638
expect_ok campaign claim spring-2027 10000004
expect_out 'already claimed'
expect_ok balance 10000004 --json
expect_json .held 450
expect_error 5 'has no gift pack' campaign claim summer-2027 10000004
expect_error 3 'no member with card' campaign claim spring-2027 19999999
expect_ok campaign show spring-2027 --json
expect_json '.gift_pack.claimed' 1
expect_json '.given_by_gift_packs' 638
# The Spring Festival's own discount: gifts at 88% of their points.
expect_ok grant 10000004 5000 --reason test
expect_ok redeem 10000004 GF-NUTS --json
expect_json .points 2288
expect_ok verify
# A budget that cannot pay the whole pack refuses it.
sed 's/"budget": 500000/"budget": 700/' "$C/spring-festival.json" >"$T/spring3.json"
expect_ok campaign import "$T/spring3.json"
expect_error 5 'has 62 points of its budget left, not the 638' campaign claim spring-2027 10000005
now 2027-02-13T00:00:00
expect_error 5 'not running now' campaign claim spring-2027 10000006
expect_ok verify

# Options and bad input of earn --explain / --quote.
expect_error 2 'go with a purchase' earn --reverse B4 --explain
expect_error 2 'writes nothing' earn 10000001 100 --quote --slip
expect_error 3 'no member' earn 19999999 100 --quote

# verify sees a hand edit of what a campaign gave.
tampered=$(new_ledger tampered)
copy_ledger "$JIFEN_DB" "$tampered"
with JIFEN_DB="$tampered" unguarded campaign_award_fixed \
	"UPDATE campaign_award SET points = points + 1 WHERE code = 'double-11' AND what = 'earn'"
with JIFEN_DB="$tampered" expect_exit 8 verify
expect_err 'campaign award'
tampered2=$(new_ledger tampered2)
copy_ledger "$JIFEN_DB" "$tampered2"
with JIFEN_DB="$tampered2" unguarded campaign_fixed \
	"UPDATE campaign SET budget = 100 WHERE code = 'rush'"
with JIFEN_DB="$tampered2" expect_exit 8 verify
expect_err 'more than its budget'
tampered3=$(new_ledger tampered3)
copy_ledger "$JIFEN_DB" "$tampered3"
with JIFEN_DB="$tampered3" unguarded campaign_claim_fixed \
	"UPDATE campaign_claim SET vouchers = 0"
with JIFEN_DB="$tampered3" expect_exit 8 verify
expect_err 'gift pack claim'

finish
