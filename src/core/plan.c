/*
 * plan: one-to-one plans (plan.h), kept as member_plan rows that only
 * their end changes, each with a desk event.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "ledger_int.h"
#include "member.h"
#include "member_int.h"
#include "parse.h"
#include "plan.h"
#include "tier.h"
#include "xalloc.h"

#define PLAN_COLUMNS \
	"SELECT id, percent, starts_at, until, note, why, offers, actor, terminal, ended_at, " \
	"ended_by, ended_terminal FROM member_plan "

/* offers: the lines joined by '\n' (an offer holds no control character). */
static void
split_offers(const char *offers, struct plan *p)
{
	const char *line = offers;

	p->offer_count = 0;
	while (*line && p->offer_count < PLAN_OFFERS_MAX) {
		size_t n = strcspn(line, "\n");

		snprintf(p->offers[p->offer_count++], PLAN_OFFER_SIZE, "%.*s", (int)n, line);
		line += n + (line[n] == '\n');
	}
}

static void
read_plan(struct db_stmt *s, struct plan *p)
{
	p->id = db_col_int(s, 0);
	p->percent = db_col_int(s, 1);
	p->starts_at = db_col_int(s, 2);
	snprintf(p->until, sizeof p->until, "%s", db_col_text(s, 3));
	snprintf(p->note, sizeof p->note, "%s", db_col_text(s, 4));
	snprintf(p->why, sizeof p->why, "%s", db_col_text(s, 5));
	split_offers(db_col_text(s, 6), p);
	snprintf(p->actor, sizeof p->actor, "%s", db_col_text(s, 7));
	snprintf(p->terminal, sizeof p->terminal, "%s", db_col_text(s, 8));
	p->ended_at = db_col_int(s, 9);
	snprintf(p->ended_by, sizeof p->ended_by, "%s", db_col_text(s, 10));
	snprintf(p->ended_terminal, sizeof p->ended_terminal, "%s", db_col_text(s, 11));
}

enum jf_status
plan_in_force(struct ledger *lg, int64_t member_id, int64_t at, struct plan *out,
	      struct jf_error *err)
{
	char day[CLOCK_DATE_LEN];
	struct db_stmt *s;
	enum db_step_result rc;

	memset(out, 0, sizeof *out);
	clock_date_of(at, day);
	s = db_stmt(lg->db, PLAN_COLUMNS "WHERE member_id = :m AND starts_at <= :at "
			    "AND until >= :day AND (ended_at = 0 OR ended_at > :at) "
			    "ORDER BY id DESC LIMIT 1");
	db_bind_int(s, ":m", member_id);
	db_bind_int(s, ":at", at);
	db_bind_text(s, ":day", day);
	if ((rc = db_step(s, err)) == DB_ROW)
		read_plan(s, out);
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
plan_get(struct ledger *lg, const char *card, int64_t at, struct plan *out,
	 struct jf_error *err)
{
	struct member m;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = member_find(lg, card, &m, err)) != JF_OK)
		return st;
	return plan_in_force(lg, m.id, at, out, err);
}

/* Every field, before anything is opened for writing. */
static enum jf_status
check_new(const struct plan_new *p, const char *today, struct jf_error *err)
{
	enum jf_status st;

	if (p->percent < PLAN_PERCENT_MIN || p->percent > PLAN_PERCENT_MAX)
		return jf_fail(err, JF_USAGE, "the plan's percent must be from %d to %d",
			       PLAN_PERCENT_MIN, PLAN_PERCENT_MAX);
	if (p->until == NULL || parse_date(p->until, err) != JF_OK)
		return jf_fail(err, JF_USAGE, "the plan's end date must be a date YYYY-MM-DD");
	if (strcmp(p->until, today) < 0)
		return jf_fail(err, JF_USAGE, "the plan's end date %s has passed", p->until);
	if (p->note && p->note[0] &&
	    (st = parse_text("the note", p->note, PLAN_TEXT_CHARS, err)) != JF_OK)
		return st;
	if ((st = parse_text("why", p->why ? p->why : "", PLAN_TEXT_CHARS, err)) != JF_OK)
		return st;
	if (p->offer_count < 0 || p->offer_count > PLAN_OFFERS_MAX)
		return jf_fail(err, JF_USAGE, "a plan has at most %d offers", PLAN_OFFERS_MAX);
	for (int i = 0; i < p->offer_count; i++)
		if ((st = parse_text("an offer", p->offers[i], PLAN_OFFER_CHARS, err)) != JF_OK)
			return st;
	return JF_OK;
}

static char *
join_offers(const struct plan_new *p)
{
	size_t len = 1;
	char *out;

	for (int i = 0; i < p->offer_count; i++)
		len += strlen(p->offers[i]) + 1;
	out = xcalloc(1, len);
	for (int i = 0; i < p->offer_count; i++) {
		if (i)
			strcat(out, "\n");
		strcat(out, p->offers[i]);
	}
	return out;
}

static enum jf_status
insert_plan(struct ledger *lg, int64_t member_id, const struct plan_new *p, const char *actor,
	    int64_t *id, struct jf_error *err)
{
	char *offers = join_offers(p);
	struct db_stmt *s;
	enum jf_status st;

	s = db_stmt(lg->db, "INSERT INTO member_plan(member_id, percent, starts_at, until, note, "
			    "why, offers, actor, terminal) VALUES (:m, :pct, :now, :until, :note, "
			    ":why, :offers, :actor, :terminal) RETURNING id");
	db_bind_int(s, ":m", member_id);
	db_bind_int(s, ":pct", p->percent);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":until", p->until);
	db_bind_text(s, ":note", p->note ? p->note : "");
	db_bind_text(s, ":why", p->why);
	db_bind_text(s, ":offers", offers);
	db_bind_text(s, ":actor", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	st = db_one_int(s, id, err);
	free(offers);
	return st;
}

struct set_ctx {
	const char *card, *actor;
	const struct plan_new *p;
	int64_t *id;
};

static enum jf_status
set_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct set_ctx *sc = ctx;
	char detail[64];
	struct member m;
	enum jf_status st;

	*sc->id = 0;
	snprintf(detail, sizeof detail, "%lld%% until %s", (long long)sc->p->percent,
		 sc->p->until);
	if ((st = member_find(lg, sc->card, &m, err)) != JF_OK ||
	    (st = insert_plan(lg, m.id, sc->p, sc->actor, sc->id, err)) != JF_OK)
		return st;
	return member_record_event(lg, m.id, "plan_set", detail, sc->actor, err);
}

enum jf_status
plan_set(struct ledger *lg, const char *card, const struct plan_new *p, int64_t *id,
	 struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE], today[CLOCK_DATE_LEN];
	struct set_ctx sc = { card, actor, p, id };
	enum jf_status st;

	*id = 0;
	ledger_today(today);
	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = check_new(p, today, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a plan", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, set_once, &sc, err);
}

struct end_ctx {
	const char *card, *actor;
};

static enum jf_status
end_in_force(struct ledger *lg, void *ctx, struct jf_error *err)
{
	const struct end_ctx *ec = ctx;
	const char *card = ec->card, *actor = ec->actor;
	int64_t now = clock_now();
	struct member m;
	struct plan p;
	struct db_stmt *s;
	enum jf_status st;
	char detail[32];

	if ((st = member_find(lg, card, &m, err)) != JF_OK ||
	    (st = plan_in_force(lg, m.id, now, &p, err)) != JF_OK)
		return st;
	if (p.id == 0)
		return jf_refuse(err, JF_CONFLICT, JF_R_NO_PLAN, (struct jf_why){ .text = card },
				 "card %s has no plan in force", card);
	s = db_stmt(lg->db, "UPDATE member_plan SET ended_at = :now, ended_by = :actor, "
			    "ended_terminal = :terminal WHERE id = :id");
	db_bind_int(s, ":now", now);
	db_bind_text(s, ":actor", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	db_bind_int(s, ":id", p.id);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	snprintf(detail, sizeof detail, "plan %lld", (long long)p.id);
	return member_record_event(lg, m.id, "plan_end", detail, actor, err);
}

enum jf_status
plan_end(struct ledger *lg, const char *card, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct end_ctx ec = { card, actor };
	enum jf_status st;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a plan's end", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, end_in_force, &ec, err);
}

enum jf_status
plan_history(struct ledger *lg, const char *card, int (*fn)(const struct plan *p, void *ctx),
	     void *ctx, struct jf_error *err)
{
	struct member m;
	struct plan p;
	struct db_stmt *s;
	enum db_step_result rc;
	enum jf_status st;

	if ((st = member_find(lg, card, &m, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, PLAN_COLUMNS "WHERE member_id = :m ORDER BY id");
	db_bind_int(s, ":m", m.id);
	while ((rc = db_step(s, err)) == DB_ROW) {
		read_plan(s, &p);
		if (fn(&p, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* ---- the store's high-value members ---- */

enum jf_status
plan_top_members(struct ledger *lg, int64_t months, int64_t limit,
		 int (*fn)(const struct plan_top *t, void *ctx), void *ctx, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN], since[11];
	int64_t from = 0, now = clock_now();
	struct plan_top *rows = NULL;
	struct db_stmt *s;
	enum db_step_result rc;
	enum jf_status st = JF_OK;
	size_t n = 0;

	clock_date_of(now, today);
	tier_months_start(today, months, since);
	clock_parse_iso(since, &from);
	/* The tier pass's aggregate, summed per member and sorted; read whole
	 * before the tier and plan of each are looked up (one statement at a time). */
	s = db_stmt(lg->db,
		"SELECT m.card, m.name, sum(l.amount) AS earned FROM entry e "
		"JOIN line l ON l.entry_id = e.id JOIN account a ON a.id = l.account_id "
		"JOIN member m ON m.id = a.member_id WHERE e.type IN ('earn', 'reverse') "
		"AND e.ts >= :since AND e.ts <= :now AND a.kind = 0 GROUP BY m.id "
		"HAVING sum(l.amount) > 0 ORDER BY earned DESC, m.card LIMIT :limit");
	db_bind_int(s, ":since", from);
	db_bind_int(s, ":now", now);
	db_bind_int(s, ":limit", limit);
	rows = xcalloc((size_t)limit, sizeof *rows);
	while ((rc = db_step(s, err)) == DB_ROW && n < (size_t)limit) {
		snprintf(rows[n].card, sizeof rows[n].card, "%s", db_col_text(s, 0));
		snprintf(rows[n].name, sizeof rows[n].name, "%s", db_col_text(s, 1));
		rows[n++].earned = db_col_int(s, 2);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		st = err ? err->status : JF_ERR;
	for (size_t i = 0; st == JF_OK && i < n; i++) {
		struct plan p;

		if ((st = tier_of(lg, rows[i].card, now, rows[i].tier, sizeof rows[i].tier, err)) ||
		    (st = plan_get(lg, rows[i].card, now, &p, err)))
			break;
		rows[i].has_plan = p.id != 0;
		if (fn(&rows[i], ctx))
			break;
	}
	free(rows);
	return st;
}
