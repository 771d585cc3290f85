#!/bin/sh
# jifen game: import a table (refusals name each problem and write
# nothing), list and show it, play (price, limit, budgets, fallback, a key
# replayed), commitments before the first play, reveal only of ended days
# (daily does it too), the audit of a day and of a changed play, the day's
# report, 8 processes playing at once never passing a budget; verify after
# each step, and verify failing for every column of a play, a prize row or
# a ticket changed or added by hand.

. "$(dirname "$0")/lib.sh"

fresh
expect_ok catalog import "$top_srcdir/assets/demo-catalog.csv"
for i in 1 2 3 4 5 6 7 8; do
	add_member 1000000$i "M$i"
	expect_ok grant 1000000$i 1000 --reason welcome
done

# The samples import; the same file again changes nothing; a change is version 2.
expect_ok game import "$top_srcdir/assets/games/scratch.json" --json
expect_json .version 1
expect_json .changed true
expect_ok game import "$top_srcdir/assets/games/scratch.json"
expect_out 'unchanged: version 1'
expect_ok game import "$top_srcdir/assets/games/wheel.json"
sed 's/"price": 100/"price": 120/' "$top_srcdir/assets/games/scratch.json" >"$T/scratch2.json"
expect_ok game import "$T/scratch2.json" --json
expect_json .version 2
expect_ok verify

# Refusals: one line per problem, nothing written.
sed 's/"ppm": 758500/"ppm": 758499/' "$top_srcdir/assets/games/scratch.json" >"$T/sum.json"
expect_error 2 'add up to 999999 parts per million' game import "$T/sum.json"
sed 's/"GR-RICE-5KG"/"NO-SUCH"/' "$top_srcdir/assets/games/scratch.json" >"$T/sku.json"
expect_error 2 'the catalog has no item NO-SUCH' game import "$T/sku.json"
sed 's/"amount": 5000,/"amount": 5000001,/' "$top_srcdir/assets/games/scratch.json" >"$T/big.json"
expect_error 2 'more than the 50000.00 yuan' game import "$T/big.json"
sed 's/"budget": { "day": 2, "total": 30 }/"budget": { "day": 0, "total": 30 }/' \
	"$top_srcdir/assets/games/scratch.json" >"$T/zero.json"
expect_error 2 'a budget of 0 cannot pay' game import "$T/zero.json"
sed 's/"plays_per_day": 3,/"plays_per_day": 3, "colour": "red",/' \
	"$top_srcdir/assets/games/scratch.json" >"$T/key.json"
expect_error 2 'colour: unknown key' game import "$T/key.json"
sed 's/"price": 100/"price": "100"/; s/"ppm": 758500/"ppm": 1/' \
	"$top_srcdir/assets/games/scratch.json" >"$T/two.json"
run game import "$T/two.json"
expect_status 2
check "$(wc -l <"$err")" -eq 2
expect_err 'price: must be a whole number'
printf 'not json' >"$T/bad.json"
expect_error 2 'not JSON' game import "$T/bad.json"
expect_error 3 'cannot open' game import "$T/none.json"

# List and show, in either language.
expect_ok game list
expect_out '^scratch +v2 +scratch +120 points +3 a day +Daily Scratch Card'
expect_ok game list --lang zh
expect_out '每日刮刮乐'
expect_ok game show wheel --json
expect_json '.prizes[0].worth' 60.00
expect_json '.prizes[0].today.left' 1
expect_json '.prizes[6].today' null
expect_ok game show wheel
expect_out 'cp20 .* 5/5 .* 100/100 +cp10'
expect_error 3 'no game nope' game show nope
expect_error 2 'lang' game show wheel --lang fr
expect_error 2 "not a game's id" game show 'wh eel'
expect_error 2 "not a game's id" game play 10000001 "$(printf 'x\033[2J')"
expect_error 2 "not a game's id" game commitments ''
expect_error 2 "not a game's id" game reveal 'a/b'

# Commitments come before the first play; no seed is shown before the day ends.
expect_ok game commitments --json
expect_json 'length' 2
expect_json '.[0].seed' null
commitment=$(json_get '.[] | select(.game == "wheel") | .commitment')

# Plays: the price, the limit, a replayed key, not enough points.
expect_ok game play 10000001 wheel --ref w1 --json
expect_json .price 50
expect_json .number 1
expect_json .replay false
prize=$(json_get .prize)
expect_ok game play 10000001 wheel --ref w1 --json
expect_json .replay true
expect_json .prize "$prize"
expect_error 5 'wheel may be played 1 time a day; played 1 times today' \
	game play 10000001 wheel --ref w2
expect_error 5 'already|different' game play 10000002 wheel --ref w1
expect_error 3 'no game nope' game play 10000001 nope
expect_error 2 '' game play 123 wheel
expect_ok member add 10000009 --name Poor
expect_error 4 'not enough points' game play 10000009 wheel
expect_ok verify

# The day's report, and the store's day report's rows of games.
expect_ok report day --json
expect_json '.rows.game_plays | [.count, .out.points] | join(" ")' '1 50'
expect_ok game report --json
expect_json '.games[0].game' wheel
expect_json '.games[0].plays' 1
expect_json '.games[0].points_in' 50

# 8 processes at once on one ledger: a prize of probability 1 with a
# budget of 5 a day is paid 5 times, whatever the interleaving.
cat >"$T/rush.json" <<'JSON'
{ "id": "rush", "kind": "wheel", "name": { "zh": "抢", "en": "Rush" },
  "price": 1, "plays_per_day": 10,
  "prizes": [
    { "id": "p10", "kind": "points", "amount": 10, "label": { "zh": "10积分", "en": "10" },
      "ppm": 1000000, "budget": { "day": 5, "total": 7 } },
    { "id": "thanks", "kind": "thanks", "label": { "zh": "谢谢", "en": "Thanks" }, "ppm": 0 } ] }
JSON
expect_ok game import "$T/rush.json"
for i in 1 2 3 4 5 6 7 8; do
	(for n in 1 2 3 4; do
		"$JIFEN" game play 1000000$i rush --ref "rush-$i-$n" >/dev/null 2>>"$T/rush.err"
	done) &
done
wait
check "$(sql "SELECT count(*) FROM game_play WHERE game = 'rush'")" -eq 32
check "$(sql "SELECT count(*) FROM game_play WHERE game = 'rush' AND paid = 0")" -eq 5
check ! -s "$T/rush.err"
expect_ok verify
# The next day the total (7) leaves 2.
now 2026-03-02T00:01:00
for i in 1 2 3; do expect_ok game play 1000000$i rush; done
check "$(sql "SELECT count(*) FROM game_play WHERE game = 'rush' AND paid = 0")" -eq 7

# Reveal: only ended days; daily reveals them; the audit recomputes them.
expect_error 5 'has not ended' game reveal all 2026-03-02
now 2026-03-02T00:01:30
expect_ok daily --json
expect_json .games.revealed 3
expect_ok game commitments wheel --json
expect_json '.[] | select(.period == "2026-03-01") | .commitment' "$commitment"
seed=$(json_get '.[] | select(.period == "2026-03-01") | .seed')
# Anyone can check it: the commitment is BLAKE2b-256 of the seed's bytes.
octal=$(printf '%s' "$seed" | awk '{ h = "0123456789abcdef"; for (i = 1; i < length($0); i += 2) {
	b = (index(h, substr($0, i, 1)) - 1) * 16 + index(h, substr($0, i + 1, 1)) - 1
	printf "\\%03o", b } }')
# shellcheck disable=SC2059 # the octal escapes are the format
check "$(printf "$octal" | b2sum -l 256 | cut -c1-64)" = "$commitment"
expect_ok game audit 2026-03-01
expect_out '^33 plays, all match$'
expect_ok game audit 2026-03-01 --json
expect_json .mismatches 0
expect_error 5 'has not ended' game audit 2026-03-02
expect_error 2 '' game audit yesterday
# A clock set back (within the tolerance) into a revealed day takes no play.
now 2026-03-01T23:59:00
expect_error 5 'revealed already' game play 10000004 wheel
now 2026-03-02T00:02:00
expect_ok verify

# One changed play: the audit lists it (exit 8), verify fails.
tampered=$(new_ledger tampered)
copy_ledger "$JIFEN_DB" "$tampered"
with JIFEN_DB="$tampered" unguarded game_play_fixed \
	"UPDATE game_play SET drawn = (drawn + 1) % 1000000 WHERE key = 'rush-3-2'"
with JIFEN_DB="$tampered" run game audit 2026-03-01
expect_status 8
expect_out 'mismatch: play [0-9]+ \(rush 2026-03-01, card 10000003, #2\)'
with JIFEN_DB="$tampered" expect_exit 8 verify

# Every column of a play, a prize row and a ticket changed by hand fails
# verify (exit 8): games of one certain prize each, so every kind is there.
JIFEN_DB=$(new_ledger tamper)
fresh
expect_ok catalog import "$top_srcdir/assets/demo-catalog.csv"
add_member 10000001 Alice
expect_ok grant 10000001 1000 --reason welcome
for kind in points green coupon free_play; do
	case $kind in
	coupon) what='"sku": "CP-50-10"' ;;
	free_play) what='"amount": 1' ;;
	*) what='"amount": 7' ;;
	esac
	cat >"$T/$kind.json" <<JSON
{ "id": "g-$kind", "kind": "scratch", "name": { "zh": "$kind", "en": "$kind" },
  "price": 3, "plays_per_day": 5,
  "prizes": [
    { "id": "win", "kind": "$kind", $what, "label": { "zh": "w", "en": "w" },
      "ppm": 1000000, "budget": { "day": 1, "total": 1 } },
    { "id": "thanks", "kind": "thanks", "label": { "zh": "t", "en": "t" }, "ppm": 0 } ] }
JSON
	expect_ok game import "$T/$kind.json"
	expect_ok game play 10000001 "g-$kind" --ref "t-$kind"
done
expect_ok game play 10000001 g-free_play --ref t-ticket --json
expect_json .paid_with ticket
expect_ok game play 10000001 g-points --ref t-thanks --json
expect_json .prize thanks
expect_ok verify
# (On SQLite alone: on PostgreSQL a copy of the ledger per change is
# minutes for these 120-odd, some break a foreign key PostgreSQL keeps
# whoever writes, and zeroblob() is SQLite's; the one change above runs on
# both.)
if on_sqlite; then
	tamper_base tamper_good
	for key in t-points t-green t-coupon t-free_play t-ticket t-thanks; do
		for col in "game_id = game_id + 1" "game = 'x'" "period = '2000-01-01'" \
			"member_id = member_id + 1" "card = '10000002'" "number = number + 10" "key = 'x'" \
			"paid_with = CASE paid_with WHEN 'ticket' THEN 'points' ELSE 'ticket' END" \
			"price = price + 1" "drawn = (drawn + 1) % 1000000" "prize = 1 - prize" \
			"paid = 1 - paid" "entry_id = coalesce(entry_id + 1, 1)" \
			"prize_entry_id = coalesce(prize_entry_id + 1, 1)" "voucher_id = coalesce(voucher_id + 1, 1)" \
			"ts = ts + 1" "actor = 'x'" "terminal = 'x'" "hash = zeroblob(32)"; do
			tamper "UPDATE game_play SET $col WHERE key = '$key'"
		done
	done
	tamper "DELETE FROM game_play WHERE key = 't-thanks'"
	tamper "DELETE FROM game_ticket WHERE play_id IS NOT NULL"
	tamper "UPDATE game_ticket SET used_play_id = NULL"
	# A free-play ticket no play, task (or later campaign) gave: added by hand.
	tamper "INSERT INTO game_ticket(member_id, game, created_at, created_by, created_terminal)
		SELECT member_id, game, created_at, created_by, created_terminal FROM game_ticket LIMIT 1"
	expect_err 'ticket [0-9]+: given by no play, task or birthday gift'
	tamper "UPDATE game_ticket SET task_done_id = 1"
	tamper "UPDATE game_prize SET amount = amount + 1 WHERE seq = 0"
	tamper "UPDATE game_prize SET budget_day = 5 WHERE seq = 0"
	tamper "UPDATE game_prize SET ppm = 0 WHERE seq = 0"
	tamper "UPDATE game SET price = 0"
	expect_ok verify --db "$good"
fi

finish
