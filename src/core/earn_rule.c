/*
 * earn_rule: a purchase's points, with their parts (earn_rule.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "campaign.h"
#include "campaign_int.h"
#include "clock.h"
#include "db.h"
#include "earn_rule.h"
#include "gate.h"
#include "ledger_int.h"
#include "member_rate.h"
#include "tier.h"
#include "xalloc.h"

/* A campaign running at the purchase's time, as the rule weighs it. */
struct running {
	int64_t id;
	char code[GAME_CODE_SIZE];
	int64_t percent;
	enum campaign_scope scope;
	int64_t budget;  /* -1: none */
	int64_t left;    /* of the budget, once read (-1: not read yet) */
	char (*categories)[CAMPAIGN_NAME_SIZE]; /* owned */
	size_t category_count;
	int slot;        /* in the explanation, -1 until it appears there */
};

struct running_set {
	struct running c[EARN_CAMPAIGNS_MAX];
	size_t count;
};

static void
running_done(struct running_set *rs)
{
	for (size_t i = 0; i < rs->count; i++)
		free(rs->c[i].categories);
}

static enum campaign_scope
scope_of(const char *name)
{
	if (strcmp(name, "all") == 0)
		return SCOPE_ALL;
	if (strcmp(name, "green") == 0)
		return SCOPE_GREEN;
	return strcmp(name, "categories") == 0 ? SCOPE_CATEGORIES : SCOPE_NONE;
}

static enum jf_status
load_categories(struct db *db, struct running *r, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT category FROM campaign_category "
					"WHERE campaign_id = :id ORDER BY category");
	enum db_step_result rc;

	db_bind_int(s, ":id", r->id);
	while ((rc = db_step(s, err)) == DB_ROW) {
		r->categories = xrealloc(r->categories,
					 (r->category_count + 1) * sizeof *r->categories);
		snprintf(r->categories[r->category_count++], CAMPAIGN_NAME_SIZE, "%s",
			 db_col_text(s, 0));
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* The campaigns with a multiplier running at `at` for a member of tier,
 * highest percent first (the first EARN_CAMPAIGNS_MAX of them). */
static enum jf_status
load_running(struct db *db, int64_t at, const char *tier, struct running_set *rs,
	     struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"SELECT c.id, c.code, c.percent, c.scope, c.budget FROM campaign c "
		"WHERE c.percent > 100 AND c.start_date <= :d AND c.end_date >= :d "
		"AND c.version = (SELECT max(x.version) FROM campaign x WHERE x.code = c.code) "
		"AND NOT EXISTS (SELECT 1 FROM campaign_end e WHERE e.code = c.code "
		"AND e.ended_at <= :at) AND (NOT EXISTS (SELECT 1 FROM campaign_tier t "
		"WHERE t.campaign_id = c.id) OR EXISTS (SELECT 1 FROM campaign_tier t "
		"WHERE t.campaign_id = c.id AND t.tier = :tier)) "
		"ORDER BY c.percent DESC, c.code");
	char day[CLOCK_DATE_LEN];
	enum db_step_result rc;
	enum jf_status st = JF_OK;

	memset(rs, 0, sizeof *rs);
	clock_date_of(at, day);
	db_bind_text(s, ":d", day);
	db_bind_int(s, ":at", at);
	db_bind_text(s, ":tier", tier);
	while ((rc = db_step(s, err)) == DB_ROW && rs->count < EARN_CAMPAIGNS_MAX) {
		struct running *r = &rs->c[rs->count++];

		r->id = db_col_int(s, 0);
		snprintf(r->code, sizeof r->code, "%s", db_col_text(s, 1));
		r->percent = db_col_int(s, 2);
		r->scope = scope_of(db_col_text(s, 3));
		r->budget = db_col_int(s, 4);
		r->left = -1;
		r->slot = -1;
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	for (size_t i = 0; i < rs->count && st == JF_OK; i++)
		if (rs->c[i].scope == SCOPE_CATEGORIES)
			st = load_categories(db, &rs->c[i], err);
	return st;
}

static int
covers(const struct running *r, const struct receipt_line *it)
{
	switch (r->scope) {
	case SCOPE_ALL:
		return 1;
	case SCOPE_GREEN:
		return it->green;
	case SCOPE_CATEGORIES:
		if (it->green || !it->category[0])
			return 0;
		for (size_t i = 0; i < r->category_count; i++)
			if (strcmp(r->categories[i], it->category) == 0)
				return 1;
		return 0;
	default:
		return 0;
	}
}

/* What is left of r's budget, read once per purchase and then counted
 * down here (-1 stays "no limit"). */
static enum jf_status
budget_left(struct db *db, struct running *r, struct jf_error *err)
{
	int64_t given;
	enum jf_status st;

	if (r->budget < 0 || r->left >= 0)
		return JF_OK;
	/* The budget is the chain's, counted from every store's awards:
	 * another store earning at once would otherwise give the same last
	 * points (campaign.c load_given() passes the same gate). */
	if ((st = gate_pass(db, GATE_CAMPAIGNS, err)) != JF_OK ||
	    (st = campaign_given(db, r->code, &given, err)) != JF_OK)
		return st;
	r->left = given >= r->budget ? 0 : r->budget - given;
	return JF_OK;
}

/* r's place in x, added on first use. */
static int
slot_of(struct running *r, struct earn_explain *x)
{
	struct earn_campaign *ec;

	if (r->slot >= 0)
		return r->slot;
	if (x->campaign_count >= EARN_CAMPAIGNS_MAX)
		return -1;
	r->slot = (int)x->campaign_count++;
	ec = &x->campaigns[r->slot];
	memset(ec, 0, sizeof *ec);
	ec->campaign_id = r->id;
	snprintf(ec->code, sizeof ec->code, "%s", r->code);
	ec->percent = r->percent;
	return r->slot;
}

/* The line's campaign bonus: the highest campaign covering it that has
 * budget left; those above it whose budget is spent are noted. */
static enum jf_status
campaign_bonus(struct db *db, struct running_set *rs, struct receipt_line *it,
	       struct earn_explain *x, struct jf_error *err)
{
	enum jf_status st;

	for (size_t i = 0; i < rs->count; i++) {
		struct running *r = &rs->c[i];
		int64_t bonus;
		int slot;

		if (!covers(r, it))
			continue;
		if ((st = budget_left(db, r, err)) != JF_OK)
			return st;
		if ((slot = slot_of(r, x)) < 0)
			return JF_OK;
		if (r->budget >= 0 && r->left == 0) {
			x->campaigns[slot].spent = 1;
			continue;
		}
		bonus = it->base * (r->percent - 100) / 100;
		if (r->budget >= 0 && bonus >= r->left) {
			x->campaigns[slot].spent = bonus > r->left;
			bonus = r->left;
		}
		if (r->budget >= 0)
			r->left -= bonus;
		it->campaign_bonus = bonus;
		it->campaign = slot;
		x->campaigns[slot].points[it->green ? KIND_GREEN : KIND_POINTS] += bonus;
		x->campaigns[slot].base[it->green ? KIND_GREEN : KIND_POINTS] += it->base;
		return JF_OK;
	}
	return JF_OK;
}

/* The member bonus is counted on the ordinary base of the whole purchase
 * and rounded down once (as tier_bonus(), which verify recomputes from the
 * receipt); each line's share is its own rounded down, and what rounding
 * left goes to the last ordinary line, so the lines add up to the total. */
static void
member_bonus_total(struct receipt_lines *l, struct earn_explain *x)
{
	int64_t total = x->base[KIND_POINTS] * (x->member_percent - 100) / 100;
	struct receipt_line *last = NULL;

	for (size_t i = 0; i < l->count; i++)
		if (!l->items[i].green)
			last = &l->items[i];
	if (last == NULL || total == x->member_bonus)
		return;
	last->member_bonus += total - x->member_bonus;
	last->points += total - x->member_bonus;
	l->points[KIND_POINTS] += total - x->member_bonus;
	x->member_bonus = total;
}

/* A campaign that covered nothing of this purchase and gave nothing is
 * not part of its explanation. */
static void
drop_silent(struct receipt_lines *l, struct earn_explain *x)
{
	size_t keep = 0;
	int map[EARN_CAMPAIGNS_MAX];

	for (size_t i = 0; i < x->campaign_count; i++) {
		struct earn_campaign *ec = &x->campaigns[i];

		map[i] = -1;
		if (ec->points[0] || ec->points[1] || ec->spent) {
			map[i] = (int)keep;
			x->campaigns[keep++] = *ec;
		}
	}
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].campaign >= 0)
			l->items[i].campaign = map[l->items[i].campaign];
	x->campaign_count = keep;
}

static enum jf_status
apply_lines(struct ledger *lg, int64_t rate, struct running_set *rs, struct receipt_lines *l,
	    struct earn_explain *x, struct jf_error *err)
{
	enum jf_status st;

	for (size_t i = 0; i < l->count; i++) {
		struct receipt_line *it = &l->items[i];
		int k = it->green ? KIND_GREEN : KIND_POINTS;

		it->base = member_rate_points(lg->cfg, rate, it->fen,
					      it->category[0] ? it->category : NULL, it->green);
		it->member_bonus = it->green ? 0 : it->base * (x->member_percent - 100) / 100;
		it->campaign_bonus = 0;
		it->campaign = -1;
		if ((st = campaign_bonus(lg->db, rs, it, x, err)) != JF_OK)
			return st;
		it->points = it->base + it->member_bonus + it->campaign_bonus;
		x->base[k] += it->base;
		x->member_bonus += it->member_bonus;
		x->campaign_bonus[k] += it->campaign_bonus;
		l->points[k] += it->points;
	}
	member_bonus_total(l, x);
	for (int k = 0; k < KIND_COUNT; k++)
		x->points[k] = l->points[k];
	drop_silent(l, x);
	return JF_OK;
}

enum jf_status
earn_rule_apply(struct ledger *lg, const char *card, int64_t at, struct receipt_lines *l,
		struct earn_explain *x, struct jf_error *err)
{
	struct running_set *rs = xmalloc(sizeof *rs);
	struct earn_explain *own = x ? NULL : xmalloc(sizeof *own);
	char tier[CAMPAIGN_NAME_SIZE];
	enum jf_status st;
	int64_t rate;

	if (!x)
		x = own;
	memset(x, 0, sizeof *x);
	l->points[KIND_POINTS] = l->points[KIND_GREEN] = 0;
	rs->count = 0;
	/* The member's own rate, read in the transaction that uses it. */
	if ((st = member_rate_in_force(lg, card, &rate, err)) == JF_OK &&
	    (st = tier_earn_percent(lg, card, at, &x->member_percent, x->member_source,
				      sizeof x->member_source, err)) == JF_OK &&
	    (st = tier_of(lg, card, at, tier, sizeof tier, err)) == JF_OK &&
	    (st = load_running(lg->db, at, tier, rs, err)) == JF_OK)
		st = apply_lines(lg, rate, rs, l, x, err);
	running_done(rs);
	free(rs);
	free(own);
	return st;
}

enum jf_status
campaign_award_insert(struct ledger *lg, const struct campaign_award_row *a,
		      struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a campaign's award", actor, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO campaign_award(campaign_id, code, entry_id, receipt, "
			    "member_id, kind, what, points, base, created_at, created_by, "
			    "created_terminal) VALUES (:c, :code, :e, :r, :m, :k, :what, :pts, :base, "
			    ":now, :by, :term)");
	db_bind_int(s, ":c", a->campaign_id);
	db_bind_text(s, ":code", a->code);
	db_bind_int(s, ":e", a->entry_id);
	db_bind_text(s, ":r", a->receipt);
	db_bind_int(s, ":m", a->member_id);
	db_bind_int(s, ":k", a->kind);
	db_bind_text(s, ":what", a->what);
	db_bind_int(s, ":pts", a->points);
	db_bind_int(s, ":base", a->base);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	return db_run(s, err);
}

enum jf_status
earn_rule_record(struct ledger *lg, const char *card, const char *receipt, int64_t entry_id,
		 const struct earn_explain *x, struct jf_error *err)
{
	struct campaign_award_row a = { 0, NULL, entry_id, receipt, 0, 0, "earn", 0, 0 };
	struct account acct;
	enum jf_status st = JF_OK;

	if (x->campaign_bonus[KIND_POINTS] == 0 && x->campaign_bonus[KIND_GREEN] == 0)
		return JF_OK;
	if ((st = account_of_card(lg->db, card, KIND_POINTS, &acct, err)) != JF_OK)
		return st;
	a.member_id = acct.member_id;
	for (size_t i = 0; i < x->campaign_count && st == JF_OK; i++)
		for (int k = 0; k < KIND_COUNT && st == JF_OK; k++) {
			if (x->campaigns[i].points[k] == 0)
				continue;
			a.campaign_id = x->campaigns[i].campaign_id;
			a.code = x->campaigns[i].code;
			a.kind = k;
			a.points = x->campaigns[i].points[k];
			a.base = x->campaigns[i].base[k];
			st = campaign_award_insert(lg, &a, err);
		}
	return st;
}

/* Per kind, what the purchase of entry earn_entry credited the member and
 * what its returns (entries reversing it, whole or in parts) took back. */
static enum jf_status
earned_and_taken(struct db *db, int64_t earn_entry, int64_t earned[KIND_COUNT],
		 int64_t taken[KIND_COUNT], struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"SELECT a.kind, e.reverses IS NOT NULL, sum(l.amount) FROM entry e "
		"JOIN line l ON l.entry_id = e.id JOIN account a ON a.id = l.account_id "
		"AND a.member_id IS NOT NULL WHERE e.id = :e OR e.reverses = :e "
		"GROUP BY a.kind, e.reverses IS NOT NULL");
	enum db_step_result rc;

	earned[0] = earned[1] = taken[0] = taken[1] = 0;
	db_bind_int(s, ":e", earn_entry);
	while ((rc = db_step(s, err)) == DB_ROW) {
		int k = db_col_int(s, 0) == KIND_GREEN ? KIND_GREEN : KIND_POINTS;

		if (db_col_int(s, 1))
			taken[k] -= db_col_int(s, 2);
		else
			earned[k] += db_col_int(s, 2);
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
earn_rule_give_back(struct ledger *lg, const char *receipt, int64_t earn_entry,
		    int64_t entry_id, struct jf_error *err)
{
	/* Each campaign's award on the purchase, and what returns gave back already. */
	struct db_stmt *s = db_stmt(lg->db, "SELECT a.campaign_id, a.code, a.member_id, a.kind, "
					    "a.points, coalesce((SELECT -sum(y.points) FROM campaign_award "
					    "y WHERE y.receipt = a.receipt AND y.code = a.code AND y.kind = "
					    "a.kind AND y.what = 'reverse'), 0) FROM campaign_award a "
					    "WHERE a.receipt = :r AND a.entry_id = :e AND a.what = 'earn' "
					    "ORDER BY a.id");
	int64_t earned[KIND_COUNT], taken[KIND_COUNT];
	struct campaign_award_row *rows = NULL;
	enum db_step_result rc;
	enum jf_status st;
	size_t n = 0;

	if ((st = earned_and_taken(lg->db, earn_entry, earned, taken, err)) != JF_OK)
		return st;
	db_bind_text(s, ":r", receipt);
	db_bind_int(s, ":e", earn_entry);
	while ((rc = db_step(s, err)) == DB_ROW) {
		int k = db_col_int(s, 3) == KIND_GREEN ? KIND_GREEN : KIND_POINTS;
		int64_t due = earned[k] > 0 ? db_col_int(s, 4) * taken[k] / earned[k] : 0;
		struct campaign_award_row *a;

		rows = xrealloc(rows, (n + 1) * sizeof *rows);
		a = &rows[n++];
		a->campaign_id = db_col_int(s, 0);
		a->code = xstrdup(db_col_text(s, 1));
		a->member_id = db_col_int(s, 2);
		a->kind = k;
		/* All returns together give back bonus x taken / earned, rounded down. */
		a->points = -(due - db_col_int(s, 5));
		a->base = 0;
	}
	db_reset(s);
	if (rc == DB_ERROR)
		st = err ? err->status : JF_ERR;
	for (size_t i = 0; i < n; i++) {
		rows[i].entry_id = entry_id;
		rows[i].receipt = receipt;
		rows[i].what = "reverse";
		if (st == JF_OK && rows[i].points < 0)
			st = campaign_award_insert(lg, &rows[i], err);
		free((char *)rows[i].code);
	}
	free(rows);
	return st;
}

enum jf_status
earn_rule_recorded(struct ledger *lg, const char *receipt, struct earn_explain *x,
		   struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT a.campaign_id, a.code, c.percent, a.kind, "
					    "a.points FROM campaign_award a JOIN campaign c "
					    "ON c.id = a.campaign_id WHERE a.receipt = :r "
					    "AND a.what = 'earn' ORDER BY a.id");
	enum db_step_result rc;

	x->recorded = 1;
	x->campaign_count = 0;
	x->campaign_bonus[0] = x->campaign_bonus[1] = 0;
	db_bind_text(s, ":r", receipt);
	while ((rc = db_step(s, err)) == DB_ROW) {
		int k = db_col_int(s, 3) == KIND_GREEN ? KIND_GREEN : KIND_POINTS;
		struct earn_campaign *ec = NULL;

		for (size_t i = 0; i < x->campaign_count; i++)
			if (x->campaigns[i].campaign_id == db_col_int(s, 0))
				ec = &x->campaigns[i];
		if (!ec && x->campaign_count < EARN_CAMPAIGNS_MAX) {
			ec = &x->campaigns[x->campaign_count++];
			memset(ec, 0, sizeof *ec);
			ec->campaign_id = db_col_int(s, 0);
			snprintf(ec->code, sizeof ec->code, "%s", db_col_text(s, 1));
			ec->percent = db_col_int(s, 2);
		}
		if (ec)
			ec->points[k] += db_col_int(s, 4);
		x->campaign_bonus[k] += db_col_int(s, 4);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	for (int k = 0; k < KIND_COUNT; k++)
		x->base[k] = x->points[k] - x->campaign_bonus[k];
	x->member_bonus = 0;
	x->member_percent = 100;
	x->member_source[0] = '\0';
	return JF_OK;
}
