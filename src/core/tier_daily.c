/*
 * tier_daily: the daily job's tier step (tier.h). One aggregate over the
 * window's entries (what every member earned), one read of tier_now (who
 * holds a tier above the base, and when they were last reviewed), merged
 * in C by member id; the changes are collected first and written after, so
 * no table is written while it is read. Members who earned nothing and hold
 * no tier are never looked at: the pass costs what the window's entries and
 * the tiered members cost, not a query per member.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "ledger_int.h"
#include "member.h"
#include "tier.h"
#include "xalloc.h"

struct earned_row {
	int64_t member_id, earned;
};

/* A change to write: a new tier (to != from), or only a review. */
struct tier_write {
	int64_t member_id, earned;
	int from, to;
	char from_id[SETTINGS_TIER_ID_SIZE];
	char reviewed_on[11];
};

struct pass {
	struct ledger *lg;
	char today[CLOCK_DATE_LEN];
	struct earned_row *earned;
	size_t earned_count, earned_cap, next; /* next: the merge's place in earned */
	unsigned char *has_row;                /* earned[i]'s member has a tier_now row */
	struct tier_write *writes;
	size_t write_count, write_cap;
	struct tier_daily_result *res;
};

static void
add_write(struct pass *p, const struct tier_write *w)
{
	if (p->write_count == p->write_cap) {
		p->write_cap = p->write_cap ? 2 * p->write_cap : 64;
		p->writes = xrealloc(p->writes, p->write_cap * sizeof *p->writes);
	}
	p->writes[p->write_count++] = *w;
}

/* Every member who earned or returned in the window, by id. */
static enum jf_status
read_earned(struct pass *p, struct jf_error *err)
{
	char since[11];
	int64_t from = 0;
	struct db_stmt *s;
	enum db_step_result rc;

	tier_months_start(p->today, 12, since);
	clock_parse_iso(since, &from);
	s = db_stmt(p->lg->db,
		"SELECT a.member_id, sum(l.amount) FROM entry e JOIN line l ON l.entry_id = e.id "
		"JOIN account a ON a.id = l.account_id WHERE e.type IN ('earn', 'reverse') "
		"AND e.ts >= :since AND e.ts <= :now AND a.kind = 0 AND a.member_id IS NOT NULL "
		"GROUP BY a.member_id ORDER BY a.member_id");
	db_bind_int(s, ":since", from);
	db_bind_int(s, ":now", clock_now());
	while ((rc = db_step(s, err)) == DB_ROW) {
		if (p->earned_count == p->earned_cap) {
			p->earned_cap = p->earned_cap ? 2 * p->earned_cap : 1024;
			p->earned = xrealloc(p->earned, p->earned_cap * sizeof *p->earned);
		}
		p->earned[p->earned_count].member_id = db_col_int(s, 0);
		p->earned[p->earned_count++].earned = db_col_int(s, 1);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	p->has_row = xcalloc(p->earned_count + 1, 1);
	return JF_OK;
}

/* What member_id earned, moving the merge forward (tier_now is read in
 * member order too). */
static int64_t
earned_of(struct pass *p, int64_t member_id)
{
	while (p->next < p->earned_count && p->earned[p->next].member_id < member_id)
		p->next++;
	if (p->next < p->earned_count && p->earned[p->next].member_id == member_id) {
		p->has_row[p->next] = 1;
		return p->earned[p->next].earned;
	}
	return 0;
}

static int
want_tier(const struct settings *cfg, int64_t earned)
{
	int i = cfg->tier_count - 1;

	while (i > 0 && cfg->tiers[i].points > earned)
		i--;
	return i;
}

static int
index_of(const struct settings *cfg, const char *id)
{
	for (int i = 0; i < cfg->tier_count; i++)
		if (!strcmp(cfg->tiers[i].id, id))
			return i;
	return -1; /* a tier the config no longer has: below the base */
}

/* A member holding a tier: up at once to what they earned; down one step
 * at an anniversary not yet reviewed, if they earned less than the tier. */
static void
judge(struct pass *p, int64_t member_id, const char *tier, const char *reviewed_on,
      int64_t joined_at)
{
	const struct settings *cfg = p->lg->cfg;
	struct tier_write w = { member_id, earned_of(p, member_id), 0, 0, "", "" };
	char joined[CLOCK_DATE_LEN], anniversary[11];

	w.from = index_of(cfg, tier);
	snprintf(w.from_id, sizeof w.from_id, "%s", tier);
	w.to = want_tier(cfg, w.earned);
	if (w.to > w.from) {
		snprintf(w.reviewed_on, sizeof w.reviewed_on, "%s", p->today);
		add_write(p, &w);
		return;
	}
	clock_date_of(joined_at, joined);
	tier_last_anniversary(joined, p->today, anniversary);
	if (!anniversary[0] || strcmp(anniversary, reviewed_on) <= 0)
		return;
	p->res->reviewed++;
	w.to = w.to < w.from ? w.from - 1 : w.from;
	snprintf(w.reviewed_on, sizeof w.reviewed_on, "%s", anniversary);
	add_write(p, &w);
}

static enum jf_status
read_tiered(struct pass *p, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(p->lg->db,
		"SELECT t.member_id, t.tier, t.reviewed_on, m.created_at FROM tier_now t "
		"JOIN member m ON m.id = t.member_id ORDER BY t.member_id");
	enum db_step_result rc;

	while ((rc = db_step(s, err)) == DB_ROW)
		judge(p, db_col_int(s, 0), db_col_text(s, 1), db_col_text(s, 2), db_col_int(s, 3));
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* Members in the base tier (no tier_now row) who earned a higher one. */
static void
judge_untiered(struct pass *p)
{
	const struct settings *cfg = p->lg->cfg;

	for (size_t i = 0; i < p->earned_count; i++) {
		struct tier_write w = { p->earned[i].member_id, p->earned[i].earned, 0, 0, "", "" };

		if (p->has_row[i] || (w.to = want_tier(cfg, w.earned)) == 0)
			continue;
		snprintf(w.from_id, sizeof w.from_id, "%s", cfg->tiers[0].id);
		snprintf(w.reviewed_on, sizeof w.reviewed_on, "%s", p->today);
		add_write(p, &w);
	}
}

static enum jf_status
notify(struct ledger *lg, const struct tier_write *w, const char *actor, struct jf_error *err)
{
	const struct settings_tier *t = &lg->cfg->tiers[w->to];
	struct db_stmt *s;
	char text[160];

	snprintf(text, sizeof text, "Your tier is now %s.", t->name_en);
	s = db_stmt(lg->db, "INSERT INTO notice(member_id, created_at, kind, text, message, "
			    "num1, num2, text1, text2, text3, created_by, created_terminal) "
			    "VALUES (:m, :now, 'tier', :text, 'tier_change', :dir, :earned, :zh, :en, "
			    ":id, :by, :terminal)");
	db_bind_int(s, ":m", w->member_id);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":text", text);
	db_bind_int(s, ":dir", w->to > w->from ? 1 : -1);
	db_bind_int(s, ":earned", w->earned);
	db_bind_text(s, ":zh", t->name_zh);
	db_bind_text(s, ":en", t->name_en);
	db_bind_text(s, ":id", t->id);
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	return db_run(s, err);
}

/* One change: its row, tier_now, and the member's notice. */
static enum jf_status
write_change(struct ledger *lg, const struct tier_write *w, const char *actor,
	     struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;
	int64_t id;

	s = db_stmt(lg->db, "INSERT INTO member_tier(member_id, ts, from_tier, tier, why, earned, "
			    "actor, terminal) VALUES (:m, :now, :from, :to, :why, :earned, :actor, "
			    ":terminal) RETURNING id");
	db_bind_int(s, ":m", w->member_id);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":from", w->from_id);
	db_bind_text(s, ":to", lg->cfg->tiers[w->to].id);
	db_bind_text(s, ":why", w->to > w->from ? "upgrade" : "downgrade");
	db_bind_int(s, ":earned", w->earned);
	db_bind_text(s, ":actor", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	if ((st = db_one_int(s, &id, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO tier_now(member_id, tier, change_id, reviewed_on) "
			    "VALUES (:m, :tier, :change, :reviewed) ON CONFLICT (member_id) DO UPDATE "
			    "SET tier = excluded.tier, change_id = excluded.change_id, "
			    "reviewed_on = excluded.reviewed_on");
	db_bind_int(s, ":m", w->member_id);
	db_bind_text(s, ":tier", lg->cfg->tiers[w->to].id);
	db_bind_int(s, ":change", id);
	db_bind_text(s, ":reviewed", w->reviewed_on);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	return notify(lg, w, actor, err);
}

/*
 * What the pass judged a member by (their points earned in the window) is
 * what another store's earn or return changes at once: the member's points
 * account, moved by every such posting. Under REPEATABLE READ (DESIGN.md
 * "The stores of a chain") the pass would not see a purchase committed
 * meanwhile and could step down a member that purchase kept in their tier,
 * while the purchase earned at the old tier's rate. Changing that account's
 * row (its balance stays) orders the two: the later is run again and counts
 * the other. Two passes at once change the member's tier_now row (or insert
 * it under its key), which orders them. A member the pass leaves alone, whom
 * a purchase meanwhile would have lifted, goes up at the next day's pass
 * (upgrades wait for no anniversary): nothing is lost but a day.
 */
static enum jf_status
hold_member(struct db *db, int64_t member_id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "UPDATE account SET balance = balance "
					"WHERE member_id = :m AND kind = 0");

	db_bind_int(s, ":m", member_id);
	return db_run(s, err);
}

static enum jf_status
write_all(struct pass *p, const char *actor, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st = JF_OK;

	for (size_t i = 0; st == JF_OK && i < p->write_count; i++) {
		const struct tier_write *w = &p->writes[i];

		if ((st = hold_member(p->lg->db, w->member_id, err)) != JF_OK)
			break;
		if (w->to != w->from) {
			st = write_change(p->lg, w, actor, err);
			if (w->to > w->from)
				p->res->upgrades++;
			else
				p->res->downgrades++;
			continue;
		}
		/* Reviewed, kept: only the review's date moves. */
		s = db_stmt(p->lg->db, "UPDATE tier_now SET reviewed_on = :r WHERE member_id = :m");
		db_bind_text(s, ":r", w->reviewed_on);
		db_bind_int(s, ":m", w->member_id);
		st = db_run(s, err);
	}
	return st;
}

static enum jf_status
run_pass(struct pass *p, const char *actor, struct jf_error *err)
{
	enum jf_status st;

	if ((st = read_earned(p, err)) != JF_OK || (st = read_tiered(p, err)) != JF_OK)
		return st;
	judge_untiered(p);
	p->res->earning = (int64_t)p->earned_count;
	return write_all(p, actor, err);
}

static void
pass_done(struct pass *p)
{
	free(p->earned);
	free(p->has_row);
	free(p->writes);
}

struct pass_ctx {
	struct pass p;
	const char *actor;
};

/* One attempt: the pass from the start, nothing kept of one the database undid. */
static enum jf_status
pass_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct pass_ctx *pc = ctx;
	struct pass fresh = { .lg = lg, .res = pc->p.res };

	memcpy(fresh.today, pc->p.today, sizeof fresh.today);
	pass_done(&pc->p);
	pc->p = fresh;
	memset(pc->p.res, 0, sizeof *pc->p.res);
	return run_pass(&pc->p, pc->actor, err);
}

enum jf_status
tier_daily(struct ledger *lg, struct tier_daily_result *res, struct jf_error *err)
{
	struct pass_ctx pc = { .p = { .lg = lg, .res = res } };
	char actor[ACTOR_TEXT_SIZE];
	enum jf_status st;

	memset(res, 0, sizeof *res);
	if (lg->cfg->tier_count == 0)
		return JF_OK;
	clock_date_of(clock_now(), pc.p.today);
	if ((st = ledger_actor_text(lg, "a tier change", actor, err)) != JF_OK)
		return st;
	pc.actor = actor;
	st = ledger_write(lg, pass_once, &pc, err);
	pass_done(&pc.p);
	return st;
}
