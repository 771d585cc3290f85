/*
 * survey: the ledger's side of surveys (survey.h): import, list, answer
 * (points once, the answers apart) and results.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "ledger_int.h"
#include "random.h"
#include "spec_json.h"
#include "survey.h"
#include "task.h"
#include "tier.h"
#include "xalloc.h"
#include "verify.h"

static enum jf_status
unknown(const char *code, struct jf_error *err)
{
	return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_SURVEY, (struct jf_why){ .text = code },
			 "no survey %s", code);
}

/* A version's row into out (spec parsed). */
static enum jf_status
read_info(struct db_stmt *s, struct survey_info *out, struct jf_error *err)
{
	struct game_problems *p = xmalloc(sizeof *p);
	const char *spec = db_col_text(s, 2);
	enum jf_status st = JF_OK;

	memset(out, 0, sizeof *out);
	out->id = db_col_int(s, 0);
	out->version = db_col_int(s, 1);
	out->answered = db_col_int(s, 3);
	if (survey_spec_parse(spec, strlen(spec), &out->spec, p) != JF_OK)
		st = jf_fail(err, JF_INTEGRITY, "a stored survey does not parse: %s",
			     p->count ? p->lines[0] : "?");
	free(p);
	return st;
}

enum jf_status
survey_find(struct ledger *lg, const char *code, struct survey_info *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT id, version, spec, (SELECT count(*) FROM "
					    "survey_taken t WHERE t.survey = :c) FROM survey "
					    "WHERE code = :c ORDER BY version DESC LIMIT 1");
	enum db_step_result rc;
	enum jf_status st = JF_OK;

	db_bind_text(s, ":c", code);
	rc = db_step(s, err);
	if (rc == DB_ROW)
		st = read_info(s, out, err);
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	return rc == DB_DONE ? unknown(code, err) : st;
}

enum jf_status
survey_list(struct ledger *lg, int (*fn)(const struct survey_info *s, void *ctx), void *ctx,
	    struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT y.id, y.version, y.spec, (SELECT count(*) "
					    "FROM survey_taken t WHERE t.survey = y.code) FROM survey y "
					    "WHERE y.version = (SELECT max(version) FROM survey z "
					    "WHERE z.code = y.code) ORDER BY y.code");
	struct survey_info *info = xmalloc(sizeof *info);
	enum db_step_result rc;
	enum jf_status st = JF_OK;

	while (st == JF_OK && (rc = db_step(s, err)) == DB_ROW) {
		if ((st = read_info(s, info, err)) == JF_OK && fn(info, ctx))
			break;
	}
	db_reset(s);
	free(info);
	if (st == JF_OK && rc == DB_ERROR)
		st = err ? err->status : JF_ERR;
	return st;
}

struct import_ctx {
	const struct survey_spec *spec;
	const char *text, *actor; /* text: the whole file, NUL-terminated */
	int64_t *version;
	int *changed;
};

static enum jf_status
import_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct import_ctx *ic = ctx;
	const struct survey_spec *spec = ic->spec;
	struct survey_info *old = xmalloc(sizeof *old);
	struct jf_error ignored;
	struct db_stmt *s;
	enum jf_status st = JF_OK;
	int64_t same = 0;

	*ic->version = 0;
	*ic->changed = 0;
	if (survey_find(lg, spec->code, old, &ignored) == JF_OK)
		*ic->version = old->version;
	free(old);
	if (*ic->version) {
		/* Unchanged only if the current version is this very text. */
		s = db_stmt(lg->db, "SELECT count(*) FROM survey WHERE code = :c "
				    "AND version = :v AND spec = :spec");
		db_bind_text(s, ":c", spec->code);
		db_bind_int(s, ":v", *ic->version);
		db_bind_text(s, ":spec", ic->text);
		st = db_one_int(s, &same, err);
	}
	*ic->changed = st == JF_OK && !same;
	if (st == JF_OK && *ic->changed) {
		s = db_stmt(lg->db, "INSERT INTO survey(code, version, anonymous, points, spec, "
				    "created_at, created_by, created_terminal) VALUES (:c, :v, :a, "
				    ":pts, :spec, :now, :by, :term)");
		db_bind_text(s, ":c", spec->code);
		db_bind_int(s, ":v", ++*ic->version);
		db_bind_int(s, ":a", spec->anonymous);
		db_bind_int(s, ":pts", spec->points);
		db_bind_text(s, ":spec", ic->text);
		db_bind_int(s, ":now", clock_now());
		db_bind_text(s, ":by", ic->actor);
		db_bind_text(s, ":term", lg->cfg->terminal);
		st = db_run(s, err);
	}
	return st;
}

enum jf_status
survey_import_text(struct ledger *lg, const char *text, size_t len, int64_t *version,
		   int *changed, struct game_problems *p, struct jf_error *err)
{
	struct survey_spec *spec = xmalloc(sizeof *spec);
	char actor[ACTOR_TEXT_SIZE], *copy = NULL;
	struct import_ctx ic = { spec, NULL, actor, version, changed };
	enum jf_status st;

	*version = 0;
	*changed = 0;
	if ((st = survey_spec_parse(text, len, spec, p)) != JF_OK)
		st = jf_fail(err, JF_USAGE, "the survey has %zu problems", p->count);
	else if ((st = ledger_actor_text(lg, "a survey", actor, err)) == JF_OK) {
		copy = xmemdupz(text, len);
		ic.text = copy;
		st = ledger_write(lg, import_once, &ic, err);
	}
	free(copy);
	free(spec);
	return st;
}

enum jf_status
survey_import_file(struct ledger *lg, const char *path, int64_t *version, int *changed,
		   struct game_problems *p, struct jf_error *err)
{
	return spec_import_file(lg, path, SURVEY_FILE_MAX, survey_import_text, version, changed, p,
				err);
}

static enum jf_status
taken_by(struct ledger *lg, int64_t member_id, const char *code, int *taken,
	 struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT count(*) FROM survey_taken WHERE survey = :c "
					    "AND member_id = :m");
	enum jf_status st;
	int64_t n;

	db_bind_text(s, ":c", code);
	db_bind_int(s, ":m", member_id);
	st = db_one_int(s, &n, err);
	*taken = st == JF_OK && n > 0;
	return st;
}

enum jf_status
survey_taken(struct ledger *lg, const char *card, const char *code, int *taken,
	     struct jf_error *err)
{
	struct account acct;
	enum jf_status st;

	*taken = 0;
	if ((st = account_of_card(lg->db, card, KIND_POINTS, &acct, err)) != JF_OK)
		return st;
	return taken_by(lg, acct.member_id, code, taken, err);
}

/* A random positive id: rows in random order, none telling when it came. */
static int64_t
random_id(void)
{
	uint64_t v;

	random_bytes(&v, sizeof v);
	return (int64_t)(v >> 2) + 1;
}

/* The answers, apart from who gave them (member_id and tier only when not
 * anonymous; tier "" when the config has no tiers). */
static enum jf_status
store_answers(struct ledger *lg, const struct survey_info *info, int64_t member_id,
	      const char *tier, const struct survey_answers *a, struct jf_error *err)
{
	int64_t response = random_id();
	enum jf_status st = JF_OK;

	for (size_t i = 0; i < info->spec.question_count && st == JF_OK; i++) {
		const struct survey_question *q = &info->spec.questions[i];

		for (size_t c = 0; c < (q->kind == QUESTION_RATING ? 1 : q->choice_count) &&
				   st == JF_OK; c++) {
			char rating[4];
			struct db_stmt *s;

			if (q->kind != QUESTION_RATING && !(a->value[i] & (1 << c)))
				continue;
			snprintf(rating, sizeof rating, "%d", (int)a->value[i]);
			s = db_stmt(lg->db, "INSERT INTO survey_answer(id, survey_id, response, "
					    "member_id, question, answer, tier) VALUES (:id, :s, :r, "
					    ":m, :q, :a, :t)");
			db_bind_int(s, ":id", random_id());
			db_bind_int(s, ":s", info->id);
			db_bind_int(s, ":r", response);
			if (info->spec.anonymous)
				db_bind_text(s, ":m", NULL);
			else
				db_bind_int(s, ":m", member_id);
			db_bind_text(s, ":t", info->spec.anonymous || !tier[0] ? NULL : tier);
			db_bind_text(s, ":q", q->code);
			db_bind_text(s, ":a", q->kind == QUESTION_RATING ? rating : q->choices[c].code);
			st = db_run(s, err);
		}
	}
	return st;
}

static enum jf_status
answer_in(struct ledger *lg, const char *card, const struct survey_info *info,
	  const struct survey_answers *a, int64_t *points, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE], memo[120], tier[SETTINGS_TIER_ID_SIZE] = "", *ref;
	struct ledger_result res;
	struct account acct;
	struct credit c;
	struct db_stmt *s;
	enum jf_status st;
	int taken;

	if ((st = account_of_card(lg->db, card, KIND_POINTS, &acct, err)) != JF_OK ||
	    (st = taken_by(lg, acct.member_id, info->spec.code, &taken, err)) != JF_OK)
		return st;
	/* Once per member: survey_taken's key (survey, member_id) also
	 * refuses another store's answer written meanwhile (JF_RETRY; the
	 * run again finds it taken). */
	if (taken)
		return jf_refuse(err, JF_CONFLICT, JF_R_SURVEY_ANSWERED,
				 (struct jf_why){ .text = info->spec.code },
				 "%s has answered survey %s already", card, info->spec.code);
	if ((st = ledger_actor_text(lg, "an answer", actor, err)) != JF_OK)
		return st;
	memset(&res, 0, sizeof res);
	ref = xasprintf("survey:%s:%s", info->spec.code, card);
	if (info->spec.points > 0) {
		memset(&c, 0, sizeof c);
		snprintf(memo, sizeof memo, "survey %s", info->spec.code);
		c = (struct credit){ card, KIND_POINTS, info->spec.points, "survey", ref, memo,
				     SYS_GAMES, 0 };
		st = ledger_credit(lg, &c, &res, err);
	}
	if (st == JF_OK) {
		s = db_stmt(lg->db, "INSERT INTO survey_taken(survey, member_id, card, points, "
				    "entry_id, ts, actor, terminal) VALUES (:s, :m, :card, :pts, :e, "
				    ":now, :by, :term)");
		db_bind_text(s, ":s", info->spec.code);
		db_bind_int(s, ":m", acct.member_id);
		db_bind_text(s, ":card", card);
		db_bind_int(s, ":pts", info->spec.points);
		if (res.entry_id)
			db_bind_int(s, ":e", res.entry_id);
		else
			db_bind_text(s, ":e", NULL);
		db_bind_int(s, ":now", clock_now());
		db_bind_text(s, ":by", actor);
		db_bind_text(s, ":term", lg->cfg->terminal);
		st = db_run(s, err);
	}
	free(ref);
	if (st == JF_OK && !info->spec.anonymous)
		st = tier_of(lg, card, clock_now(), tier, sizeof tier, err);
	if (st == JF_OK)
		st = store_answers(lg, info, acct.member_id, tier, a, err);
	if (st == JF_OK)
		st = task_survey_answered(lg, card, info->spec.code, err);
	*points = st == JF_OK ? info->spec.points : 0;
	return st;
}

struct answer_ctx {
	const char *card, *code;
	const struct survey_answers *a;
	int64_t *points;
};

static enum jf_status
answer_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct answer_ctx *ac = ctx;
	struct survey_info *info = xmalloc(sizeof *info);
	enum jf_status st;

	*ac->points = 0;
	if ((st = survey_find(lg, ac->code, info, err)) == JF_OK) {
		if (!survey_answers_ok(&info->spec, ac->a))
			st = jf_fail(err, JF_USAGE, "the answers do not fit survey %s", ac->code);
		else
			st = answer_in(lg, ac->card, info, ac->a, ac->points, err);
	}
	free(info);
	return st;
}

enum jf_status
survey_answer(struct ledger *lg, const char *card, const char *code,
	      const struct survey_answers *a, int64_t *points, struct jf_error *err)
{
	struct answer_ctx ac = { card, code, a, points };
	enum jf_status st;

	*points = 0;
	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	if ((st = ledger_write(lg, answer_once, &ac, err)) != JF_OK)
		*points = 0;
	return st;
}

/* Add the n answers ac to question qc in count (a rating at index r - 1). */
static void
count_answer(const struct survey_spec *spec, int64_t count[][SURVEY_CHOICES_MAX],
	     const char *qc, const char *ac, int64_t n)
{
	for (size_t q = 0; q < spec->question_count; q++) {
		const struct survey_question *qq = &spec->questions[q];

		if (strcmp(qq->code, qc) != 0)
			continue;
		if (qq->kind == QUESTION_RATING && ac[0] >= '1' &&
		    ac[0] <= '0' + SURVEY_RATING_MAX && !ac[1])
			count[q][ac[0] - '1'] += n;
		for (size_t c = 0; qq->kind != QUESTION_RATING && c < qq->choice_count; c++)
			if (strcmp(qq->choices[c].code, ac) == 0)
				count[q][c] += n;
	}
}

/* The group of out->tiers for a stored tier: the config's tier, else the
 * last group ("": no tier kept, or a tier the config no longer has). */
static struct survey_tier_results *
tier_group(struct survey_results *out, const char *tier)
{
	for (size_t i = 0; i + 1 < out->tier_count; i++)
		if (strcmp(out->tiers[i].tier, tier) == 0)
			return &out->tiers[i];
	return &out->tiers[out->tier_count - 1];
}

/* Per tier: only when the config has tiers and the survey is named (an
 * anonymous one keeps no tiers): one group each, lowest first, and a last
 * one for answers without a known tier, dropped when empty. */
static enum jf_status
results_by_tier(struct ledger *lg, struct survey_results *out, struct jf_error *err)
{
	const struct settings *cfg = lg->cfg;
	struct db_stmt *s;
	enum db_step_result rc;

	if (cfg->tier_count == 0 || out->info.spec.anonymous)
		return JF_OK;
	for (int i = 0; i < cfg->tier_count; i++)
		snprintf(out->tiers[i].tier, sizeof out->tiers[i].tier, "%s", cfg->tiers[i].id);
	out->tier_count = (size_t)cfg->tier_count + 1;
	s = db_stmt(lg->db, "SELECT coalesce(tier, ''), count(DISTINCT response) FROM survey_answer "
			    "WHERE survey_id = :s GROUP BY coalesce(tier, '')");
	db_bind_int(s, ":s", out->info.id);
	while ((rc = db_step(s, err)) == DB_ROW)
		tier_group(out, db_col_text(s, 0))->responses += db_col_int(s, 1);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	s = db_stmt(lg->db, "SELECT coalesce(tier, ''), question, answer, count(*) FROM survey_answer "
			    "WHERE survey_id = :s GROUP BY coalesce(tier, ''), question, answer");
	db_bind_int(s, ":s", out->info.id);
	while ((rc = db_step(s, err)) == DB_ROW)
		count_answer(&out->info.spec, tier_group(out, db_col_text(s, 0))->count,
			     db_col_text(s, 1), db_col_text(s, 2), db_col_int(s, 3));
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (out->tiers[out->tier_count - 1].responses == 0)
		out->tier_count--;
	return JF_OK;
}

enum jf_status
survey_results(struct ledger *lg, const char *code, struct survey_results *out,
	       struct jf_error *err)
{
	struct db_stmt *s;
	enum db_step_result rc;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = survey_find(lg, code, &out->info, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT count(DISTINCT response) FROM survey_answer WHERE survey_id = :s");
	db_bind_int(s, ":s", out->info.id);
	if ((st = db_one_int(s, &out->responses, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT question, answer, count(*) FROM survey_answer "
			    "WHERE survey_id = :s GROUP BY question, answer");
	db_bind_int(s, ":s", out->info.id);
	while ((rc = db_step(s, err)) == DB_ROW)
		count_answer(&out->info.spec, out->count, db_col_text(s, 0), db_col_text(s, 1),
			     db_col_int(s, 2));
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	return results_by_tier(lg, out, err);
}

enum jf_status
survey_verify(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	enum jf_status st;

	problem[0] = '\0';
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'survey ' || t.survey || ' of ' || t.card FROM survey_taken t "
		"WHERE (t.points > 0 AND NOT EXISTS (SELECT 1 FROM entry e JOIN line x "
		"ON x.entry_id = e.id JOIN account a ON a.id = x.account_id WHERE e.id = t.entry_id "
		"AND e.type = 'survey' AND e.ref = 'survey:' || t.survey || ':' || t.card "
		"AND a.member_id = t.member_id AND a.kind = 0 AND x.amount = t.points)) "
		"OR (t.points = 0 AND t.entry_id IS NOT NULL) OR t.actor = '' OR t.terminal = '' "
		"LIMIT 1"),
		"its points differ from its entry", problem, size, err)) != JF_OK)
		return st;
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'entries of surveys' FROM (SELECT (SELECT count(*) FROM entry "
		"WHERE type = 'survey') AS e, (SELECT count(*) FROM survey_taken "
		"WHERE entry_id IS NOT NULL) AS t) c WHERE c.e <> c.t"),
		"an entry without its answered survey", problem, size, err)) != JF_OK)
		return st;
	return verify_no_row(db_stmt(db,
		"SELECT 'survey ' || y.code FROM survey y JOIN survey_answer a ON a.survey_id = y.id "
		"WHERE y.anonymous = 1 AND (a.member_id IS NOT NULL OR a.tier IS NOT NULL) LIMIT 1"),
		"an answer of an anonymous survey names a member or a tier", problem, size, err);
}
