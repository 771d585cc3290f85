#!/bin/sh
# The ledger's schema on PostgreSQL (src/core/schema_pg.c) is the one
# schema.c builds on SQLite. On a server of its own (server.sh) the test
# applies the text schema_create() runs on a new PostgreSQL ledger and
# checks:
#
# - that it applies cleanly (psql, ON_ERROR_STOP, not a notice);
# - that it has the tables, columns (order, type, NOT NULL, default),
#   primary keys, UNIQUEs, indexes (unique, partial, columns, predicate),
#   references, triggers (event, columns, WHEN, words), CHECKs (how many
#   each table has: their words differ) and meta rows of a
#   ledger `jifen init` makes on SQLite, and one TRUNCATE guard for every
#   table SQLite keeps from DELETE: the check that keeps the two texts in
#   step when a schema step is added (schema.h);
# - that every trigger does on PostgreSQL what its twin does on SQLite:
#   the same rows, inserted on both, are refused the same changes with the
#   same words and allowed the same others.
#
# Skipped (77) when the machine has no PostgreSQL server.

. "$(dirname "$0")/lib.sh"

need sqlite3
schema_text=${top_builddir:-$(dirname "$JIFEN")/..}/tests/pg/schema_text
[ -x "$schema_text" ] || { echo "$test_name: FAIL: no $schema_text (make check builds it)"; exit 1; }

# psql_run ARGS...: psql on the test's database; its stderr in $err.
psql_run() {
	psql "$url" -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=terse "$@" 2>"$err"
}

# bad WHAT: one failed check, with psql's or sqlite3's last words.
bad() {
	failures=$((failures + 1))
	echo "$test_name: FAIL: $*"
	head -n 5 "$err" | sed 's/^/  stderr: /'
}

# --- It applies cleanly. ---

"$schema_text" >"$S/schema.sql" || { echo "$test_name: FAIL: schema_text"; exit 1; }
checks=$((checks + 1))
# In one transaction, as schema_create() runs it.
if ! psql_run -1 -f "$S/schema.sql" >"$out"; then
	bad "the schema text does not apply"
	finish
fi
checks=$((checks + 1))
[ -s "$err" ] && bad "applying the schema text said something"

fresh
sq=$JIFEN_DB

# --- The same tables, columns, keys, indexes, references, triggers, meta. ---

# The declared types of SQLite's schema, as PostgreSQL names its own.
sqlite_type="CASE p.type WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text'
	WHEN 'BLOB' THEN 'bytea' ELSE p.type END"
# A list of an index's columns, in order.
sqlite_cols="(SELECT group_concat(name, ',') FROM
	(SELECT name FROM pragma_index_info(il.name) ORDER BY seqno))"
pg_cols() { # $1: the array of column numbers, $2: their table
	echo "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest($1) WITH ORDINALITY k(att, n)
		JOIN pg_attribute a ON a.attrelid = $2 AND a.attnum = k.att)"
}
here="relnamespace = current_schema()::regnamespace"

sqlite3 "$sq" >"$S/sqlite.list" 2>"$err" <<EOF
SELECT 'column ' || m.name || ' ' || (p.cid + 1) || ' ' || p.name || ' ' || $sqlite_type || ' ' ||
	CASE WHEN p."notnull" OR p.pk THEN 'not-null' ELSE 'null' END ||
	' default=' || coalesce(p.dflt_value, '')
	FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table';
SELECT 'key ' || m.name || ' primary ' || (SELECT group_concat(name, ',') FROM
	(SELECT name FROM pragma_table_info(m.name) WHERE pk > 0 ORDER BY pk))
	FROM sqlite_schema m WHERE m.type = 'table' AND
	EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE pk > 0);
SELECT 'key ' || m.name || ' unique ' || $sqlite_cols
	FROM sqlite_schema m, pragma_index_list(m.name) il
	WHERE m.type = 'table' AND il.origin = 'u';
SELECT 'index ' || m.tbl_name || ' ' || m.name || ' ' ||
	CASE il."unique" WHEN 1 THEN 'unique' ELSE 'plain' END || ' ' || $sqlite_cols ||
	CASE il.partial WHEN 1 THEN ' where ' ||
		substr(replace(m.sql, char(10), ' '), instr(replace(m.sql, char(10), ' '), ' WHERE ') + 7)
	ELSE '' END
	FROM sqlite_schema m JOIN pragma_index_list(m.tbl_name) il ON il.name = m.name
	WHERE m.type = 'index' AND m.sql IS NOT NULL;
SELECT 'fk ' || m.name || ' ' || f."from" || ' ' || f."table" || ' ' || f."to"
	FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table';
SELECT 'trigger ' || tbl_name || ' ' || name || ' ' || replace(sql, char(10), ' ')
	FROM sqlite_schema WHERE type = 'trigger';
SELECT 'truncate ' || tbl_name || ' ' || replace(sql, char(10), ' ')
	FROM sqlite_schema WHERE type = 'trigger' AND name = tbl_name || '_no_delete';
SELECT 'checks ' || name || ' ' || ((length(sql) - length(replace(sql, 'CHECK (', ''))) / 7)
	FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK (%';
SELECT 'meta ' || key || ' ' || value FROM meta;
EOF
checks=$((checks + 1))
[ -s "$err" ] && bad "sqlite3 could not list the schema"

psql_run >"$S/pg.list" <<EOF
SELECT 'column ' || table_name || ' ' || ordinal_position || ' ' || column_name || ' ' ||
	data_type || ' ' || CASE is_nullable WHEN 'NO' THEN 'not-null' ELSE 'null' END ||
	' default=' || coalesce(regexp_replace(column_default, '::(text|bigint|integer)$', ''), '')
	FROM information_schema.columns WHERE table_schema = current_schema();
SELECT 'key ' || t.relname || ' ' || CASE c.contype WHEN 'p' THEN 'primary' ELSE 'unique' END ||
	' ' || $(pg_cols c.conkey c.conrelid)
	FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
	WHERE c.contype IN ('p', 'u') AND t.$here;
SELECT 'index ' || t.relname || ' ' || i.relname || ' ' ||
	CASE WHEN x.indisunique THEN 'unique' ELSE 'plain' END || ' ' ||
	$(pg_cols x.indkey::int2[] x.indrelid) ||
	coalesce(' where ' || pg_get_expr(x.indpred, x.indrelid), '')
	FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
	WHERE t.$here AND NOT EXISTS (SELECT 1 FROM pg_constraint c
		WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u'));
SELECT 'fk ' || t.relname || ' ' || a.attname || ' ' || r.relname || ' ' || b.attname
	FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
	CROSS JOIN generate_subscripts(c.conkey, 1) s(i)
	JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[s.i]
	JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[s.i]
	WHERE c.contype = 'f' AND t.$here;
SELECT CASE WHEN g.tgname = c.relname || '_no_truncate' THEN 'truncate ' || c.relname
	ELSE 'trigger ' || c.relname || ' ' || g.tgname END || ' ' || pg_get_triggerdef(g.oid)
	FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
	WHERE NOT g.tgisinternal AND c.$here;
SELECT 'checks ' || t.relname || ' ' || count(*)
	FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
	WHERE c.contype = 'c' AND t.$here GROUP BY t.relname;
SELECT 'meta ' || key || ' ' || value FROM meta;
EOF
checks=$((checks + 1))
[ -s "$err" ] && bad "psql could not list the schema"

# A trigger as "BEFORE event ON table [WHEN condition] 'words'" on both
# backends, a truncate guard as "truncate table 'words'"; a partial
# index's predicate without parentheses; one space between words.
normalize() {
	sed -e 's/  */ /g' \
		-e 's/^\(trigger [^ ]* [^ ]*\) CREATE TRIGGER [^ ]* \(.*\) BEGIN SELECT RAISE(ABORT, \(.*\)); END$/\1 \2 \3/' \
		-e 's/^\(truncate [^ ]*\) CREATE TRIGGER .* BEGIN SELECT RAISE(ABORT, \(.*\)); END$/\1 \2/' \
		-e 's/^\(trigger [^ ]* [^ ]*\) CREATE TRIGGER [^ ]* \(.*\) FOR EACH ROW \(.*\)EXECUTE FUNCTION jifen_refuse(\(.*\))$/\1 \2 \3\4/' \
		-e 's/^\(truncate [^ ]*\) CREATE TRIGGER .* BEFORE TRUNCATE .* FOR EACH STATEMENT EXECUTE FUNCTION jifen_refuse(\(.*\))$/\1 \2/' \
		-e 's/ ON public\./ ON /' \
		-e '/^trigger .* WHEN /{s/[()]//g;s/OLD\./old./g;s/NEW\./new./g;}' \
		-e '/^index .* where /s/[()]//g' \
		-e 's/ $//' "$1" | LC_ALL=C sort
}
normalize "$S/sqlite.list" >"$S/sqlite.norm"
normalize "$S/pg.list" >"$S/pg.norm"
checks=$((checks + 1))
if ! diff -u "$S/sqlite.norm" "$S/pg.norm" >"$S/diff"; then
	failures=$((failures + 1))
	echo "$test_name: FAIL: the PostgreSQL schema differs from SQLite's (- SQLite, + PostgreSQL):"
	grep '^[-+][a-z]' "$S/diff" | head -40 | sed 's/^/  /'
fi
# Not a comparison of two empty lists.
checks=$((checks + 1))
for kind in column key index fk trigger truncate checks meta; do
	grep -q "^$kind " "$S/sqlite.norm" || bad "SQLite's schema lists no $kind"
done

# --- Every trigger does what its SQLite twin does. ---

# The same rows on both, one in each guarded table (ids clear of init's).
fixture="
INSERT INTO member(id, card, name, created_at) VALUES (9001, '90000001', 'Test', 0);
INSERT INTO account(id, name, kind, member_id) VALUES (9001, 'test:9001', 0, 9001);
INSERT INTO entry(id, ts, type, ref, prev_hash, hash) VALUES (9001, 0, 'test', 'T1', @B@, @B@);
INSERT INTO line(entry_id, seq, account_id, amount) VALUES (9001, 0, 9001, 5);
INSERT INTO card_change(id, member_id, old_card, new_card, ts, actor, terminal)
	VALUES (9001, 9001, '90000000', '90000001', 0, 'a', 't');
INSERT INTO member_event(id, member_id, ts, action, actor, terminal)
	VALUES (9001, 9001, 0, 'edit', 'a', 't');
INSERT INTO slip(id, ts, kind, ref, actor, terminal, language, text)
	VALUES (9001, 0, 'prize', 'S1', 'a', 't', 'zh', 'x');
INSERT INTO member_rate(id, member_id, points_per_yuan, ts, actor, terminal)
	VALUES (9001, 9001, 2, 0, 'a', 't');
INSERT INTO game(id, code, version, kind, name_zh, name_en, price, plays_per_day, spec,
	created_at, created_by, created_terminal)
	VALUES (9001, 'g', 1, 'wheel', 'g', 'g', 0, 1, '{}', 0, 'a', 't');
INSERT INTO game_prize(game_id, seq, code, kind, amount, label_zh, label_en, ppm, budget_day,
	budget_total, fallback, worth_fen)
	VALUES (9001, 0, 'p', 'thanks', 0, 'x', 'x', 1000000, -1, -1, -1, 0);
INSERT INTO game_period(game, period, commitment, committed_at, committed_by, committed_terminal)
	VALUES ('g', '2026-03-01', @B@, 0, 'a', 't');
INSERT INTO game_play(id, game_id, game, period, member_id, card, number, key, paid_with, price,
	drawn, prize, paid, ts, actor, terminal, hash)
	VALUES (9001, 9001, 'g', '2026-03-01', 9001, '90000001', 1, 'K1', 'points', 0, 0, 0, 0, 0,
	'a', 't', @B@);
INSERT INTO task_done(id, task, member_id, card, period, key, reward, amount, ts, actor, terminal)
	VALUES (9001, 't', 9001, '90000001', 'p', 'TK1', 'points', 1, 0, 'a', 't');
INSERT INTO birthday_gift(id, member_id, card, year, key, points, ts, actor, terminal)
	VALUES (9001, 9001, '90000001', 2026, 'B1', 0, 0, 'a', 't');
INSERT INTO game_ticket(id, member_id, game, created_at, created_by, created_terminal)
	VALUES (9001, 9001, 'g', 0, 'a', 't');
INSERT INTO badge_prize(id, badge_set, member_id, card, key, badges, kind, amount, ts, actor,
	terminal) VALUES (9001, 's', 9001, '90000001', 'BP1', 'x', 'points', 1, 0, 'a', 't');
INSERT INTO survey(id, code, version, anonymous, points, spec, created_at, created_by,
	created_terminal) VALUES (9001, 's', 1, 0, 0, '{}', 0, 'a', 't');
INSERT INTO survey_taken(survey, member_id, card, points, ts, actor, terminal)
	VALUES ('s', 9001, '90000001', 0, 0, 'a', 't');
INSERT INTO survey_answer(id, survey_id, response, question, answer)
	VALUES (9001, 9001, 1, 'q', 'a');
INSERT INTO campaign(id, code, version, name_zh, name_en, banner_zh, banner_en, start_date,
	end_date, percent, scope, budget, gift_points, spec, created_at, created_by, created_terminal)
	VALUES (9001, 'c', 1, 'c', 'c', 'c', 'c', '2026-01-01', '2026-12-31', 100, 'all', -1, -1,
	'{}', 0, 'a', 't');
INSERT INTO campaign_end(code, ended_at, ended_by, ended_terminal) VALUES ('c', 0, 'a', 't');
INSERT INTO campaign_award(id, campaign_id, code, entry_id, receipt, member_id, kind, what,
	points, base, created_at, created_by, created_terminal)
	VALUES (9001, 9001, 'c', 9001, 'R1', 9001, 0, 'earn', 1, 1, 0, 'a', 't');
INSERT INTO campaign_claim(id, code, campaign_id, member_id, entry_id, points, vouchers,
	created_at, created_by, created_terminal)
	VALUES (9001, 'c', 9001, 9001, 9001, 0, 0, 0, 'a', 't');
INSERT INTO member_tier(id, member_id, ts, from_tier, tier, why, earned, actor, terminal)
	VALUES (9001, 9001, 0, 'base', 'gold', 'upgrade', 1, 'a', 't');
INSERT INTO member_plan(id, member_id, percent, starts_at, until, note, why, actor, terminal)
	VALUES (9001, 9001, 100, 0, '2026-12-31', 'n', 'w', 'a', 't');
INSERT INTO reminder(id, member_id, day, days, points, green, expires_on, ts, actor, terminal)
	VALUES (9001, 9001, '2026-03-01', 7, 1, 0, '2026-03-08', 0, 'a', 't');
INSERT INTO purchase_item(id, member_id, receipt, line, sku, fen, created_at, created_by,
	created_terminal) VALUES (9001, 9001, 'R1', 1, 'SKU', 100, 0, 'a', 't');
"
# A byte string in each backend's own words.
sq_blob="X'00'"
pg_blob="decode('00', 'hex')"

on_sqlite() {
	sqlite3 -bail "$sq" "PRAGMA foreign_keys = ON; $(printf '%s\n' "$1" | sed "s/@B@/$sq_blob/g")" \
		2>"$err"
}
on_pg() { psql_run -c "$(printf '%s\n' "$1" | sed "s/@B@/$pg_blob/g")" >/dev/null; }

checks=$((checks + 1))
on_sqlite "$fixture" || bad "the rows cannot be written on SQLite"
checks=$((checks + 1))
on_pg "BEGIN; $fixture COMMIT;" || bad "the rows cannot be written on PostgreSQL"

# SQLite's checks run at once; PostgreSQL's are written down, in the same
# order, and run in one session at the end (a connection costs a server
# process): try(SQL) gives 'ok', or the error's SQLSTATE and words, and
# takes back what SQL did only when it failed.
cat >"$S/pg_checks.sql" <<'EOF2'
CREATE FUNCTION pg_temp.try(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE sql;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ' ' || SQLERRM;
END $$;
EOF2
: >"$S/pg_expect"
# on_pg_later WANT SQL: PostgreSQL's result of SQL must be WANT ('error':
# any error).
on_pg_later() {
	checks=$((checks + 1))
	printf '%s\t%s\n' "$1" "$(printf '%s' "$2" | tr '\n\t' '  ')" >>"$S/pg_expect"
	printf 'SELECT pg_temp.try($try$%s$try$);\n' \
		"$(printf '%s\n' "$2" | sed "s/@B@/$pg_blob/g")" >>"$S/pg_checks.sql"
}

# refused WORDS SQL: both refuse SQL, each saying WORDS as it says a
# trigger's words (SQLite: a constraint, 19; PostgreSQL: one of class 23).
refused() {
	checks=$((checks + 1))
	if on_sqlite "$2"; then
		bad "SQLite allowed: $2"
	elif ! grep -qF " $1 (19)" "$err"; then
		bad "SQLite refused $2 but not with: $1"
	fi
	on_pg_later "23000 $1" "$2"
}
# allowed SQL: both let SQL through.
allowed() {
	checks=$((checks + 1))
	on_sqlite "$1" || bad "SQLite refused: $1"
	on_pg_later ok "$1"
}
# rejected SQL: both refuse SQL (a CHECK, a UNIQUE: in each one's words).
rejected() {
	checks=$((checks + 1))
	on_sqlite "$1" && bad "SQLite allowed: $1"
	on_pg_later error "$1"
}
# truncated TABLE WORDS: PostgreSQL will not empty TABLE either.
truncated() {
	on_pg_later "23000 $2" "TRUNCATE $1"
}

# append_only TABLE WHERE SET WORDS: no row of TABLE may be changed or deleted.
append_only() {
	refused "$4" "UPDATE $1 SET $3 WHERE $2"
	refused "$4" "DELETE FROM $1 WHERE $2"
}

append_only entry "id = 9001" "memo = 'x'" 'ledger entries are append-only'
append_only line "entry_id = 9001" "amount = 6" 'ledger lines are append-only'
append_only card_change "id = 9001" "new_card = 'x'" 'card changes are append-only'
append_only member_event "id = 9001" "detail = 'x'" 'member events are append-only'
append_only member_rate "id = 9001" "points_per_yuan = 3" 'earn rate changes are append-only'
append_only game "id = 9001" "name_en = 'h'" 'a game version never changes'
append_only game_prize "game_id = 9001" "label_en = 'y'" 'a game version never changes'
append_only task_done "id = 9001" "amount = 2" 'a completion never changes'
append_only badge_prize "id = 9001" "amount = 2" 'a grand prize never changes'
append_only campaign "id = 9001" "name_en = 'd'" 'a campaign version never changes'
append_only campaign_end "code = 'c'" "ended_at = 5" 'an ended campaign stays ended'
append_only campaign_award "id = 9001" "points = 2" 'what a campaign gave never changes'
append_only campaign_claim "id = 9001" "points = 2" 'a claimed gift pack never changes'
append_only member_tier "id = 9001" "earned = 2" 'tier changes are append-only'
append_only purchase_item "id = 9001" "fen = 1" 'a purchase never changes'

# Printed again: only the printing may change.
allowed "UPDATE slip SET printed = 1, printed_at = 5, printed_by = 'b', prints = 2 WHERE id = 9001"
refused 'a slip says what it said' "UPDATE slip SET text = 'y' WHERE id = 9001"
refused 'slips are kept' "DELETE FROM slip WHERE id = 9001"
# A period's seed is revealed once it has ended; its commitment stays.
allowed "UPDATE game_period SET seed = @B@, revealed_at = 5, revealed_by = 'b' WHERE game = 'g'"
refused 'a commitment never changes' "UPDATE game_period SET commitment = @B@ WHERE game = 'g'"
refused 'a commitment never changes' "DELETE FROM game_period WHERE game = 'g'"
# The screen scratches a play; nothing else of it changes.
allowed "UPDATE game_play SET scratched = 3 WHERE id = 9001"
refused 'a play never changes' "UPDATE game_play SET prize = 1 WHERE id = 9001"
refused 'a play never changes' "DELETE FROM game_play WHERE id = 9001"
# A ticket is used, and that is all.
allowed "UPDATE game_ticket SET used_play_id = 9001 WHERE id = 9001"
refused 'a ticket never changes but to be used' "UPDATE game_ticket SET game = 'h' WHERE id = 9001"
refused 'a ticket never changes but to be used' \
	"UPDATE game_ticket SET task_done_id = 9001 WHERE id = 9001"
refused 'a ticket never changes but to be used' \
	"UPDATE game_ticket SET birthday_id = 9001 WHERE id = 9001"
refused 'a ticket never changes but to be used' "DELETE FROM game_ticket WHERE id = 9001"
# Answers stay as they were given.
refused 'an answered survey never changes' "UPDATE survey_taken SET points = 1 WHERE survey = 's'"
refused 'an answer never changes' "UPDATE survey_answer SET answer = 'b' WHERE id = 9001"
# A plan ends once, and is kept.
refused 'a plan never changes but to end' "UPDATE member_plan SET note = 'm' WHERE id = 9001"
allowed "UPDATE member_plan SET ended_at = 5, ended_by = 'b', ended_terminal = 'u' WHERE id = 9001"
refused 'a plan ends once' "UPDATE member_plan SET ended_at = 6 WHERE id = 9001"
refused 'plans are kept' "DELETE FROM member_plan WHERE id = 9001"
# A birthday gift is greeted; what it gave stays.
allowed "UPDATE birthday_gift SET greeted_at = 5, greeted_by = 'b' WHERE id = 9001"
refused 'a birthday gift never changes' "UPDATE birthday_gift SET points = 1 WHERE id = 9001"
refused 'a birthday gift never changes' "DELETE FROM birthday_gift WHERE id = 9001"
refused 'a reminder never changes' "UPDATE reminder SET points = 2 WHERE id = 9001"

# What TRUNCATE would empty at once (those no other table names; the
# others are held by their references as well).
truncated line 'ledger lines are append-only'
truncated card_change 'card changes are append-only'
truncated member_event 'member events are append-only'
truncated slip 'slips are kept'
truncated member_rate 'earn rate changes are append-only'
truncated game_prize 'a game version never changes'
truncated game_period 'a commitment never changes'
truncated game_ticket 'a ticket never changes but to be used'
truncated badge_prize 'a grand prize never changes'
truncated campaign_end 'an ended campaign stays ended'
truncated campaign_award 'what a campaign gave never changes'
truncated member_plan 'plans are kept'
truncated purchase_item 'a purchase never changes'

# A few of the CHECKs and UNIQUEs that hold rows to the ledger's rules.
rejected "UPDATE account SET balance = -1 WHERE id = 9001"
rejected "INSERT INTO account(name, kind, member_id) VALUES ('test:dup', 0, 9001)"
rejected "INSERT INTO line(entry_id, seq, account_id, amount) VALUES (9001, 1, 9001, 0)"
rejected "INSERT INTO slip(ts, kind, ref, actor, terminal, language, text)
	VALUES (0, 'bill', 'S2', 'a', 't', 'zh', 'x')"
rejected "INSERT INTO member_plan(member_id, percent, starts_at, until, note, why, actor, terminal)
	VALUES (9001, 100, 0, '2026-12-31', 'n', '', 'a', 't')"
# PostgreSQL's results, against what each should be.
psql_run -f "$S/pg_checks.sql" >"$S/pg_results" || bad "psql could not run the checks"
checks=$((checks + 1))
[ "$(wc -l <"$S/pg_expect")" -eq "$(wc -l <"$S/pg_results")" ] ||
	bad "PostgreSQL gave $(wc -l <"$S/pg_results") results for $(wc -l <"$S/pg_expect") checks"
while IFS= read -r want <&3 && IFS= read -r got <&4; do
	what=${want#*	}
	want=${want%%	*}
	case $want:$got in
	error:ok) bad "PostgreSQL allowed: $what" ;;
	error:*) ;;
	"$got:$got") ;;
	*) bad "PostgreSQL: $what: gave '$got', not '$want'" ;;
	esac
done 3<"$S/pg_expect" 4<"$S/pg_results"

# An id comes from the database when none is given (RETURNING id).
checks=$((checks + 1))
id=$(psql_run -c "INSERT INTO member(card, name, created_at) VALUES ('90000002', 'Two', 0)
	RETURNING id")
[ -n "$id" ] && [ "$id" != 9001 ] || bad "PostgreSQL gave the new member id '$id'"

finish
