/*
 * campaign: importing, reading and ending campaigns (campaign.h). The
 * definition's parser is campaign_spec.c; what a purchase earns under a
 * campaign is earn_rule.c; gift packs are campaign_gift.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "campaign_int.h"
#include "catalog.h"
#include "db.h"
#include "gate.h"
#include "ledger_int.h"
#include "spec_json.h"
#include "xalloc.h"

/* ---- import ---- */

/* "WHERE: SKU WHAT" as one more problem of the file. */
static void
problem(struct game_problems *p, const char *where, const char *sku, const char *what)
{
	if (p->count >= GAME_PROBLEMS_MAX) {
		p->more = 1;
		return;
	}
	snprintf(p->lines[p->count++], sizeof p->lines[0], "%s: %s %s", where, sku, what);
}

/* A SKU the definition names must be an item of the catalog that is not
 * delisted; a gift's must be goods or a coupon of ordinary points. */
static enum jf_status
check_sku(struct ledger *lg, const char *where, const char *sku, int gift,
	  struct game_problems *p, struct jf_error *err)
{
	struct catalog_item item;
	enum jf_status st = catalog_find(lg, sku, &item, err);

	if (st == JF_NOTFOUND) {
		problem(p, where, sku, "is not in the catalog");
		return JF_OK;
	}
	if (st != JF_OK)
		return st;
	if (item.delisted)
		problem(p, where, sku, "is delisted");
	else if (gift && (item.type == ITEM_OFFSET || item.green))
		problem(p, where, sku, item.green ? "is for green points: a gift is of ordinary points"
					       : "is a bill offset: a gift is goods or a coupon");
	return JF_OK;
}

static enum jf_status
check_skus(struct ledger *lg, const struct campaign_spec *c, struct game_problems *p,
	   struct jf_error *err)
{
	char where[64];
	enum jf_status st = JF_OK;

	for (size_t i = 0; i < c->discount_count && st == JF_OK; i++) {
		snprintf(where, sizeof where, "discounts[%zu].sku", i);
		if (c->discounts[i].sku[0])
			st = check_sku(lg, where, c->discounts[i].sku, 0, p, err);
	}
	for (size_t i = 0; i < c->featured_count && st == JF_OK; i++) {
		snprintf(where, sizeof where, "featured[%zu]", i);
		st = check_sku(lg, where, c->featured[i], 0, p, err);
	}
	for (size_t i = 0; i < c->gift_item_count && st == JF_OK; i++) {
		snprintf(where, sizeof where, "gift_pack.items[%zu].sku", i);
		st = check_sku(lg, where, c->gift_items[i].sku, 1, p, err);
	}
	return st;
}

/* The latest version of code and its definition's canonical text (NULL
 * and 0 when there is none). */
static enum jf_status
current(struct ledger *lg, const char *code, int64_t *version, char **canonical,
	struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT version, spec FROM campaign WHERE code = :c "
					    "ORDER BY version DESC LIMIT 1");
	struct campaign_spec *old = xmalloc(sizeof *old);
	struct game_problems *p = xmalloc(sizeof *p);
	enum db_step_result rc;
	char *text = NULL;

	*version = 0;
	*canonical = NULL;
	db_bind_text(s, ":c", code);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		*version = db_col_int(s, 0);
		text = xstrdup(db_col_text(s, 1));
	}
	db_reset(s);
	if (text && campaign_spec_parse(text, strlen(text), old, p) == JF_OK)
		*canonical = campaign_spec_canonical(old);
	free(text);
	free(old);
	free(p);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

static enum jf_status
insert_names(struct db *db, int64_t id, const struct campaign_spec *c, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st = JF_OK;

	for (size_t i = 0; i < c->category_count && st == JF_OK; i++) {
		s = db_stmt(db, "INSERT INTO campaign_category(campaign_id, category) VALUES (:id, :c)");
		db_bind_int(s, ":id", id);
		db_bind_text(s, ":c", c->categories[i]);
		st = db_run(s, err);
	}
	for (size_t i = 0; i < c->tier_count && st == JF_OK; i++) {
		s = db_stmt(db, "INSERT INTO campaign_tier(campaign_id, tier) VALUES (:id, :t)");
		db_bind_int(s, ":id", id);
		db_bind_text(s, ":t", c->tiers[i]);
		st = db_run(s, err);
	}
	return st;
}

static enum jf_status
insert_campaign(struct ledger *lg, const struct campaign_spec *c, const char *text,
		int64_t version, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;
	int64_t id;

	if ((st = ledger_actor_text(lg, "a campaign", actor, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO campaign(code, version, name_zh, name_en, banner_zh, "
			    "banner_en, start_date, end_date, percent, scope, budget, gift_points, spec, "
			    "created_at, created_by, created_terminal) VALUES (:code, :v, :nz, :ne, :bz, "
			    ":be, :start, :end, :pct, :scope, :budget, :gift, :spec, :now, :by, :term) "
			    "RETURNING id");
	db_bind_text(s, ":code", c->code);
	db_bind_int(s, ":v", version);
	db_bind_text(s, ":nz", c->name_zh);
	db_bind_text(s, ":ne", c->name_en);
	db_bind_text(s, ":bz", c->banner_zh);
	db_bind_text(s, ":be", c->banner_en);
	db_bind_text(s, ":start", c->start);
	db_bind_text(s, ":end", c->end);
	db_bind_int(s, ":pct", c->percent);
	db_bind_text(s, ":scope", campaign_scope_name(c->scope));
	db_bind_int(s, ":budget", c->budget);
	db_bind_int(s, ":gift", c->has_gift ? c->gift_points : -1);
	db_bind_text(s, ":spec", text);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	if ((st = db_one_int(s, &id, err)) != JF_OK)
		return st;
	return insert_names(lg->db, id, c, err);
}

/* A new budget never below what the campaign gave already. */
static enum jf_status
check_budget(struct ledger *lg, const struct campaign_spec *c, struct game_problems *p,
	     struct jf_error *err)
{
	int64_t given;
	enum jf_status st;

	if (c->budget < 0)
		return JF_OK;
	if ((st = campaign_given(lg->db, c->code, &given, err)) != JF_OK)
		return st;
	if (given > c->budget && p->count < GAME_PROBLEMS_MAX)
		snprintf(p->lines[p->count++], sizeof p->lines[0],
			 "budget: %lld is below the %lld points the campaign gave already",
			 (long long)c->budget, (long long)given);
	return JF_OK;
}

static enum jf_status
import_checked(struct ledger *lg, const struct campaign_spec *c, const char *text,
	       int64_t *version, int *changed, struct game_problems *p, struct jf_error *err)
{
	char *canonical = campaign_spec_canonical(c), *old = NULL;
	enum jf_status st;

	st = check_skus(lg, c, p, err);
	if (st == JF_OK)
		st = check_budget(lg, c, p, err);
	if (st == JF_OK && p->count)
		st = jf_fail(err, JF_USAGE, "the campaign has %zu problem%s", p->count,
			     p->count == 1 ? "" : "s");
	if (st == JF_OK)
		st = current(lg, c->code, version, &old, err);
	if (st == JF_OK && !(old && strcmp(old, canonical) == 0)) {
		*version += 1;
		*changed = 1;
		st = insert_campaign(lg, c, text, *version, err);
	}
	free(canonical);
	free(old);
	return st;
}

struct import_ctx {
	const struct campaign_spec *c;
	const char *text;
	int64_t *version;
	int *changed;
	struct game_problems *p;
	struct game_problems before; /* p as the parse left it */
};

static enum jf_status
import_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct import_ctx *ic = ctx;

	*ic->p = ic->before;
	*ic->version = 0;
	*ic->changed = 0;
	return import_checked(lg, ic->c, ic->text, ic->version, ic->changed, ic->p, err);
}

enum jf_status
campaign_import_text(struct ledger *lg, const char *text, size_t len, int64_t *version,
		     int *changed, struct game_problems *p, struct jf_error *err)
{
	struct campaign_spec *c = xmalloc(sizeof *c);
	struct import_ctx *ic; /* a copy of the problems: not on the stack */
	char *copy;
	enum jf_status st;

	*version = 0;
	*changed = 0;
	if ((st = campaign_spec_parse(text, len, c, p)) != JF_OK) {
		free(c);
		return jf_fail(err, JF_USAGE, "the campaign has %zu problem%s", p->count,
			       p->count == 1 ? "" : "s");
	}
	copy = xmemdupz(text, len);
	ic = xmalloc(sizeof *ic);
	*ic = (struct import_ctx){ c, copy, version, changed, p, *p };
	if ((st = ledger_write(lg, import_once, ic, err)) != JF_OK) {
		*version = 0;
		*changed = 0;
	}
	free(ic);
	free(copy);
	free(c);
	return st;
}

enum jf_status
campaign_import_file(struct ledger *lg, const char *path, int64_t *version, int *changed,
		     struct game_problems *p, struct jf_error *err)
{
	return spec_import_file(lg, path, CAMPAIGN_FILE_MAX, campaign_import_text, version,
				changed, p, err);
}

/* ---- reading ---- */

enum jf_status
campaign_given(struct db *db, const char *code, int64_t *given, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT coalesce(sum(points), 0) FROM campaign_award "
					"WHERE code = :c");

	db_bind_text(s, ":c", code);
	return db_one_int(s, given, err);
}

int
campaign_active_at(const struct campaign_info *c, int64_t t)
{
	char day[CLOCK_DATE_LEN];

	clock_date_of(t, day);
	if (c->ended_at && c->ended_at <= t)
		return 0;
	return strcmp(c->spec.start, day) <= 0 && strcmp(day, c->spec.end) <= 0;
}

/* What the campaign gave, by kind and by what, and its claims. */
static enum jf_status
load_given(struct db *db, struct campaign_info *c, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT kind, what, sum(points) FROM campaign_award "
					"WHERE code = :c GROUP BY kind, what");
	enum db_step_result rc;
	enum jf_status st;
	int64_t all = 0;

	/* A budget is the chain's: another store's award counts too. The
	 * gate is passed before the awards are read (the statement is not
	 * stepped yet). */
	if (c->spec.budget >= 0 && (st = gate_pass(db, GATE_CAMPAIGNS, err)) != JF_OK)
		return st;
	db_bind_text(s, ":c", c->spec.code);
	while ((rc = db_step(s, err)) == DB_ROW) {
		int64_t kind = db_col_int(s, 0), n = db_col_int(s, 2);

		c->given[kind == KIND_GREEN ? KIND_GREEN : KIND_POINTS] += n;
		if (strcmp(db_col_text(s, 1), "gift") == 0)
			c->given_gift += n;
		else
			c->given_earn += n;
		all += n;
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	c->left = c->spec.budget < 0 ? -1 : c->spec.budget - all;
	s = db_stmt(db, "SELECT count(*) FROM campaign_claim WHERE code = :c");
	db_bind_text(s, ":c", c->spec.code);
	return db_one_int(s, &c->claims, err);
}

static enum jf_status
load_end(struct db *db, struct campaign_info *c, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT ended_at, ended_by FROM campaign_end "
					"WHERE code = :c");
	enum db_step_result rc;

	db_bind_text(s, ":c", c->spec.code);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		c->ended_at = db_col_int(s, 0);
		snprintf(c->ended_by, sizeof c->ended_by, "%s", db_col_text(s, 1));
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
campaign_load(struct db *db, int64_t id, struct campaign_info *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT version, spec, created_at, created_by "
					"FROM campaign WHERE id = :id");
	struct game_problems *p;
	enum db_step_result rc;
	enum jf_status st = JF_OK;

	memset(out, 0, sizeof *out);
	out->id = id;
	db_bind_int(s, ":id", id);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		const char *text = db_col_text(s, 1);

		p = xmalloc(sizeof *p);
		out->version = db_col_int(s, 0);
		out->created_at = db_col_int(s, 2);
		snprintf(out->created_by, sizeof out->created_by, "%s", db_col_text(s, 3));
		/* Stored only after it parsed: a failure here is a changed ledger. */
		if (campaign_spec_parse(text, strlen(text), &out->spec, p) != JF_OK)
			st = jf_fail(err, JF_INTEGRITY, "campaign %lld: its definition no longer "
				     "parses", (long long)id);
		free(p);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE)
		return jf_fail(err, JF_NOTFOUND, "no campaign %lld", (long long)id);
	if (st != JF_OK || (st = load_end(db, out, err)) != JF_OK)
		return st;
	return load_given(db, out, err);
}

enum jf_status
campaign_find(struct ledger *lg, const char *code, struct campaign_info *out,
	      struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT id FROM campaign WHERE code = :c "
					    "ORDER BY version DESC LIMIT 1");
	enum jf_status st;
	int64_t id;

	memset(out, 0, sizeof *out);
	db_bind_text(s, ":c", code);
	st = db_one_int(s, &id, err);
	if (st == JF_NOTFOUND)
		return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_CAMPAIGN,
				 (struct jf_why){ .text = code }, "no campaign %s", code);
	if (st != JF_OK)
		return st;
	st = campaign_load(lg->db, id, out, err);
	out->active = st == JF_OK && campaign_active_at(out, clock_now());
	return st;
}

enum jf_status
campaign_list(struct ledger *lg, int active_only, int64_t t,
	      int (*fn)(const struct campaign_info *c, void *ctx), void *ctx,
	      struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT c.id FROM campaign c WHERE c.version = "
					    "(SELECT max(x.version) FROM campaign x WHERE x.code = c.code) "
					    "ORDER BY c.start_date, c.code");
	struct campaign_info *c = xmalloc(sizeof *c);
	enum db_step_result rc;
	int64_t *ids = NULL;
	size_t n = 0;
	enum jf_status st;

	while ((rc = db_step(s, err)) == DB_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		ids[n++] = db_col_int(s, 0);
	}
	st = rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
	for (size_t i = 0; i < n && st == JF_OK; i++) {
		if ((st = campaign_load(lg->db, ids[i], c, err)) != JF_OK)
			break;
		c->active = campaign_active_at(c, t);
		if ((!active_only || c->active) && fn(c, ctx))
			break;
	}
	free(ids);
	free(c);
	return st;
}

/* ---- ending ---- */

static enum jf_status
end_locked(struct ledger *lg, void *ctx, struct jf_error *err)
{
	const char *code = *(const char **)ctx;
	struct campaign_info *c = xmalloc(sizeof *c);
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = campaign_find(lg, code, c, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a campaign's end", actor, err)) != JF_OK)
		goto out;
	if (c->ended_at) {
		st = jf_refuse(err, JF_CONFLICT, JF_R_CAMPAIGN_ENDED,
			       (struct jf_why){ { c->ended_at }, .text = code },
			       "campaign %s was ended already", code);
		goto out;
	}
	s = db_stmt(lg->db, "INSERT INTO campaign_end(code, ended_at, ended_by, ended_terminal) "
			    "VALUES (:c, :now, :by, :term)");
	db_bind_text(s, ":c", code);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	st = db_run(s, err);
out:
	free(c);
	return st;
}

enum jf_status
campaign_end(struct ledger *lg, const char *code, struct jf_error *err)
{
	return ledger_write(lg, end_locked, &code, err);
}

/* ---- tiers ---- */

int
campaign_for_tier(const struct campaign_spec *c, const char *tier)
{
	if (c->tier_count == 0)
		return 1;
	for (size_t i = 0; i < c->tier_count; i++)
		if (strcmp(c->tiers[i], tier) == 0)
			return 1;
	return 0;
}
