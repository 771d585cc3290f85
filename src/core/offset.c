/*
 * offset: points paying part of a bill (offset.h). The rule of what a bill
 * takes is offset_plan(), which the quote and the write both run, so a
 * screen's quote refuses exactly as the write would.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "entry.h"
#include "ledger_int.h"
#include "lot.h"
#include "offset.h"
#include "parse.h"
#include "xalloc.h"

/* The smallest group of points that pays whole fen exactly, and its fen:
 * rate points pay 100 fen, so rate/g points pay 100/g fen (g = gcd). */
static void
offset_group(int64_t rate, int64_t *points, int64_t *fen)
{
	int64_t a = rate, b = 100, t;

	while (b) {
		t = a % b;
		a = b;
		b = t;
	}
	*points = rate / a;
	*fen = 100 / a;
}

/* Input that no ledger state can make right. */
static enum jf_status
check_request(struct ledger *lg, const struct offset_request *req, struct jf_error *err)
{
	enum jf_status st;

	if ((st = ledger_check_card(lg, req->card, err)) != JF_OK)
		return st;
	if (req->ref && (st = parse_key("ref", req->ref, err)) != JF_OK)
		return st;
	if (!lg->cfg->offset_enabled)
		return jf_refuse(err, JF_CONFLICT, JF_R_OFFSET_DISABLED, (struct jf_why){ 0 },
				 "points may not pay bills here ([offset] enabled = false)");
	if (req->bill_fen == 0)
		return jf_refuse(err, JF_USAGE, JF_R_OFFSET_NO_BILL, (struct jf_why){ 0 },
				 "the bill is 0.00: nothing for points to pay");
	if (req->bill_fen < 0 || req->bill_fen > PARSE_FEN_MAX)
		return jf_fail(err, JF_USAGE, "bill out of range");
	if (req->points < 0 || req->points > PARSE_POINTS_MAX)
		return jf_fail(err, JF_USAGE, "points must be from 1 to %lld", PARSE_POINTS_MAX);
	return JF_OK;
}

/* What req would do now (offset.h), and the member's points account. */
static enum jf_status
offset_plan(struct ledger *lg, const struct offset_request *req, struct account *acct,
	    struct offset_result *out, struct jf_error *err)
{
	int64_t group_points, group_fen, cap_fen, want, groups;
	const struct settings *cfg = lg->cfg;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = check_request(lg, req, err)) != JF_OK ||
	    (st = account_of_card(lg->db, req->card, KIND_POINTS, acct, err)) != JF_OK ||
	    (st = ledger_available(lg, acct, &out->available, err)) != JF_OK)
		return st;
	offset_group(cfg->offset_points_per_yuan, &group_points, &group_fen);
	cap_fen = req->bill_fen * cfg->offset_max_percent / 100;
	out->bill_fen = req->bill_fen;
	out->max_points = cap_fen / group_fen * group_points;
	if (req->points > out->max_points || out->max_points == 0)
		return jf_refuse(err, JF_CONFLICT, JF_R_OFFSET_OVER_CAP,
				 (struct jf_why){ .num = { out->max_points,
							   req->points ? req->points : group_points,
							   req->bill_fen, cfg->offset_max_percent } },
				 "at most %lld points may pay this bill; %lld asked",
				 (long long)out->max_points, (long long)req->points);
	want = req->points ? req->points : out->max_points;
	if (!req->points && out->available < want)
		want = out->available; /* the most allowed is what the member has */
	if (want < group_points)
		want = req->points ? req->points : group_points;
	if (want > out->available)
		return jf_refuse(err, JF_INSUFFICIENT, JF_R_INSUFFICIENT,
				 (struct jf_why){ .num = { want - out->available, out->available,
							   want, KIND_POINTS } },
				 "not enough points: %lld available, %lld asked",
				 (long long)out->available, (long long)want);
	groups = want / group_points;
	if (groups == 0)
		return jf_fail(err, JF_USAGE, "%lld points pay no whole fen: at least %lld are needed",
			       (long long)want, (long long)group_points);
	out->points = groups * group_points;
	out->fen = groups * group_fen;
	out->cash_fen = req->bill_fen - out->fen;
	return JF_OK;
}

enum jf_status
ledger_offset_quote(struct ledger *lg, const struct offset_request *req,
		    struct offset_result *out, struct jf_error *err)
{
	struct account acct;

	return offset_plan(lg, req, &acct, out, err);
}

/* The sale's row, into out; JF_NOTFOUND with its reason if there is none. */
static enum jf_status
load_sale(struct db *db, const char *ref, struct offset_result *out, int64_t *undo_entry,
	  struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT entry_id, bill_fen, points, fen, "
					"coalesce(undo_entry_id, 0) FROM offset_sale WHERE ref = :ref");
	enum db_step_result rc;

	db_bind_text(s, ":ref", ref);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		out->entry_id = db_col_int(s, 0);
		out->bill_fen = db_col_int(s, 1);
		out->points = db_col_int(s, 2);
		out->fen = db_col_int(s, 3);
		out->cash_fen = out->bill_fen - out->fen;
		*undo_entry = db_col_int(s, 4);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE)
		return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_OFFSET, (struct jf_why){ .text = ref },
				 "no points paid the sale %s", ref);
	return JF_OK;
}

/* A two-line entry: the member's points account and the redeemed account. */
static enum jf_status
offset_entry(struct ledger *lg, const char *type, const char *ref, const char *memo,
	     int64_t reverses, int64_t member_acct, int64_t amount, int64_t *entry_id,
	     struct jf_error *err)
{
	struct entry_line lines[2];
	struct entry_new e = { type, ref, memo, reverses, lines, 2, NULL };
	enum jf_status st;

	lines[0].account_id = member_acct;
	lines[0].amount = amount;
	st = account_system(lg, SYS_REDEEMED, KIND_POINTS, &lines[1].account_id, err);
	if (st != JF_OK)
		return st;
	lines[1].amount = -amount;
	return entry_append(lg, &e, entry_id, err);
}

static enum jf_status
insert_sale(struct ledger *lg, const struct offset_request *req, const struct account *acct,
	    const struct offset_result *plan, int64_t entry_id, struct jf_error *err)
{
	struct db_stmt *s;
	char actor[ACTOR_TEXT_SIZE];
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "an offset", actor, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO offset_sale(ref, member_id, bill_fen, points, fen, "
			    "points_per_yuan, entry_id, created_at, created_by, created_terminal) "
			    "VALUES (:ref, :m, :bill, :pts, :fen, :rate, :e, :now, :by, :term)");
	db_bind_text(s, ":ref", req->ref);
	db_bind_int(s, ":m", acct->member_id);
	db_bind_int(s, ":bill", req->bill_fen);
	db_bind_int(s, ":pts", plan->points);
	db_bind_int(s, ":fen", plan->fen);
	db_bind_int(s, ":rate", lg->cfg->offset_points_per_yuan);
	db_bind_int(s, ":e", entry_id);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	return db_run(s, err);
}

struct offset_ctx {
	const struct offset_request *req;
	const char *key;
	struct offset_result plan;
};

static enum jf_status
do_offset(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct offset_ctx *oc = ctx;
	char today[CLOCK_DATE_LEN], memo[160];
	struct account acct;
	enum jf_status st;

	if ((st = offset_plan(lg, oc->req, &acct, &oc->plan, err)) != JF_OK)
		return st;
	snprintf(memo, sizeof memo, "points paying part of sale %s", oc->req->ref);
	st = offset_entry(lg, "offset", oc->key, memo, 0, acct.id, -oc->plan.points,
			  &res->entry_id, err);
	if (st != JF_OK)
		return st;
	res->points = oc->plan.points;
	ledger_today(today);
	if ((st = lot_consume(lg->db, acct.id, res->entry_id, oc->plan.points, LOTS_SPENDABLE, today,
			      0, NULL, err)) != JF_OK)
		return st;
	return insert_sale(lg, oc->req, &acct, &oc->plan, res->entry_id, err);
}

enum jf_status
ledger_offset(struct ledger *lg, const struct offset_request *req, struct offset_result *out,
	      struct jf_error *err)
{
	struct offset_ctx oc = { req, NULL, { 0 } };
	struct ledger_result res;
	char *canonical;
	enum jf_status st;
	int64_t undo = 0;

	memset(out, 0, sizeof *out);
	if (!req->ref)
		return jf_fail(err, JF_USAGE, "an offset needs the sale's ref");
	if ((st = check_request(lg, req, err)) != JF_OK)
		return st;
	oc.key = xasprintf("offset:%s", req->ref);
	canonical = xasprintf("offset\n%s\n%lld\n%lld", req->card, (long long)req->bill_fen,
			      (long long)req->points);
	st = keyed_write(lg, oc.key, canonical, do_offset, &oc, &res, err);
	free(canonical);
	free((char *)oc.key);
	if (st != JF_OK)
		return st;
	if (!res.replay) {
		*out = oc.plan;
		out->entry_id = res.entry_id;
		return JF_OK;
	}
	/* A replay: the first result, as the sale's row has it. */
	st = load_sale(lg->db, req->ref, out, &undo, err);
	out->replay = 1;
	return st;
}

/* ---- giving back what paid for returned goods ---- */

/* The member's account the offset entry took its points from. */
static enum jf_status
offset_account(struct db *db, int64_t entry_id, int64_t *account_id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT l.account_id FROM line l JOIN account a "
					"ON a.id = l.account_id AND a.member_id IS NOT NULL "
					"WHERE l.entry_id = :e AND l.amount < 0");

	db_bind_int(s, ":e", entry_id);
	return db_one_int(s, account_id, err);
}

struct sale_row {
	int64_t entry_id, points, fen, undo_entry_id, returned;
};

static enum jf_status
load_sale_row(struct db *db, const char *ref, struct sale_row *r, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT entry_id, points, fen, coalesce(undo_entry_id, 0), "
					"returned_points FROM offset_sale WHERE ref = :ref");
	enum db_step_result rc;

	memset(r, 0, sizeof *r);
	db_bind_text(s, ":ref", ref);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		r->entry_id = db_col_int(s, 0);
		r->points = db_col_int(s, 1);
		r->fen = db_col_int(s, 2);
		r->undo_entry_id = db_col_int(s, 3);
		r->returned = db_col_int(s, 4);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	return rc == DB_ROW ? JF_OK : JF_NOTFOUND;
}

/* The offset's points to give back, skipping the first `skip` (given back
 * before), latest expiry first: the member keeps the longest-lived. */
static enum jf_status
plan_give_back(struct db *db, int64_t entry_id, int64_t skip, int64_t give,
	       struct lot_takes *plan, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT u.lot_id, u.amount, l.expires_on FROM lot_use u "
					"JOIN lot l ON l.id = u.lot_id WHERE u.entry_id = :e "
					"ORDER BY l.expires_on DESC, l.id DESC");
	enum db_step_result rc;
	int64_t amount, take;

	db_bind_int(s, ":e", entry_id);
	while (give > 0 && (rc = db_step(s, err)) == DB_ROW) {
		amount = db_col_int(s, 1);
		take = amount - skip;
		skip = take < 0 ? -take : 0;
		if (take <= 0)
			continue;
		take = take < give ? take : give;
		plan->items = xrealloc(plan->items, (plan->count + 1) * sizeof *plan->items);
		plan->items[plan->count].lot_id = db_col_int(s, 0);
		plan->items[plan->count].amount = take;
		snprintf(plan->items[plan->count].expires_on, sizeof plan->items[0].expires_on, "%s",
			 db_col_text(s, 2));
		plan->count++;
		give -= take;
	}
	db_reset(s);
	if (give > 0 && rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	return give > 0 ? jf_fail(err, JF_ERR, "internal error: an offset's lots do not add up")
			: JF_OK;
}

/* One credit entry and a new lot per old lot, with its date (today if it
 * has passed since: points given back are never already overdue). */
static enum jf_status
give_back(struct ledger *lg, const char *sale_ref, const char *key, const struct sale_row *r,
	  int64_t give, struct jf_error *err)
{
	struct lot_takes plan = { NULL, 0 };
	char today[CLOCK_DATE_LEN], memo[160], *ref;
	int64_t account_id = 0, entry_id = 0;
	enum jf_status st;

	ledger_today(today);
	snprintf(memo, sizeof memo, "points of returned goods of sale %s", sale_ref);
	ref = xasprintf("offset_return:%s", key);
	st = offset_account(lg->db, r->entry_id, &account_id, err);
	if (st == JF_OK)
		st = plan_give_back(lg->db, r->entry_id, r->returned, give, &plan, err);
	if (st == JF_OK)
		st = offset_entry(lg, "offset_return", ref, memo, r->entry_id, account_id, give,
				  &entry_id, err);
	for (size_t i = 0; st == JF_OK && i < plan.count; i++)
		st = lot_create(lg, account_id, entry_id, plan.items[i].amount,
				strcmp(plan.items[i].expires_on, today) < 0 ? today
									 : plan.items[i].expires_on,
				today, err);
	free(ref);
	lot_takes_done(&plan);
	return st;
}

/* What returning num/den of sale r in all gives back now: its points and
 * the fen they had paid, less what earlier returns gave. */
static void
give_back_share(const struct sale_row *r, int64_t num, int64_t den, int64_t *points,
		int64_t *fen)
{
	/* 128 bits: points times fen can pass 2^63 for the largest amounts. */
	int64_t after = den > 0 && num < den ? (int64_t)((__int128)r->points * num / den)
					     : r->points;

	*points = *fen = 0;
	if (after <= r->returned)
		return;
	*points = after - r->returned;
	/* The fen those points paid: the sale's fen in the same share. */
	*fen = (int64_t)((__int128)r->fen * after / r->points -
			 (__int128)r->fen * r->returned / r->points);
}

/* The sale's row, if points paid it and are not back already (*paid). */
static enum jf_status
load_paid_sale(struct db *db, const char *sale_ref, struct sale_row *r, int *paid,
	       struct jf_error *err)
{
	enum jf_status st = load_sale_row(db, sale_ref, r, err);

	*paid = st == JF_OK && !r->undo_entry_id;
	return st == JF_NOTFOUND ? JF_OK : st;
}

enum jf_status
offset_give_back_quote(struct ledger *lg, const char *sale_ref, int64_t num, int64_t den,
		       int64_t *points, int64_t *fen, struct jf_error *err)
{
	struct sale_row r;
	enum jf_status st;
	int paid;

	*points = *fen = 0;
	if ((st = load_paid_sale(lg->db, sale_ref, &r, &paid, err)) != JF_OK || !paid)
		return st;
	give_back_share(&r, num, den, points, fen);
	return JF_OK;
}

enum jf_status
offset_give_back(struct ledger *lg, const char *sale_ref, const char *key, int64_t num,
		 int64_t den, int64_t *points, int64_t *fen, struct jf_error *err)
{
	struct sale_row r;
	struct db_stmt *s;
	enum jf_status st;
	int paid;

	*points = *fen = 0;
	if ((st = load_paid_sale(lg->db, sale_ref, &r, &paid, err)) != JF_OK || !paid)
		return st;
	give_back_share(&r, num, den, points, fen);
	if (*points == 0)
		return JF_OK;
	if ((st = give_back(lg, sale_ref, key, &r, *points, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE offset_sale SET returned_points = returned_points + :g "
			    "WHERE ref = :ref");
	db_bind_int(s, ":g", *points);
	db_bind_text(s, ":ref", sale_ref);
	return db_run(s, err);
}

/* ---- undo ---- */

struct undo_ctx {
	const char *ref, *key;
};

static enum jf_status
do_undo(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct undo_ctx *uc = ctx;
	struct offset_result sale;
	struct sale_row row;
	char today[CLOCK_DATE_LEN], memo[160];
	int64_t undo = 0, account_id = 0;
	struct db_stmt *s;
	enum jf_status st;

	if ((st = load_sale(lg->db, uc->ref, &sale, &undo, err)) != JF_OK ||
	    (st = offset_account(lg->db, sale.entry_id, &account_id, err)) != JF_OK)
		return st;
	/* Undone once, and not after a return: both change the sale's
	 * offset_sale row (undo_entry_id, returned_points), which orders two
	 * stores doing either at once. */
	if (undo)
		return jf_fail(err, JF_CONFLICT, "the offset of sale %s was already undone", uc->ref);
	if ((st = load_sale_row(lg->db, uc->ref, &row, err)) != JF_OK)
		return st;
	if (row.returned)
		return jf_fail(err, JF_CONFLICT, "goods of sale %s were returned and %lld of its "
			       "points given back: it cannot be undone", uc->ref,
			       (long long)row.returned);
	snprintf(memo, sizeof memo, "offset of sale %s undone", uc->ref);
	st = offset_entry(lg, "offset_undo", uc->key, memo, sale.entry_id, account_id, sale.points,
			  &res->entry_id, err);
	if (st != JF_OK)
		return st;
	res->points = sale.points;
	/* Grace 0: the lots keep their dates; one past its date since is dated today. */
	ledger_today(today);
	if ((st = lot_restore(lg, sale.entry_id, today, 0, "offset undone", err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE offset_sale SET undo_entry_id = :u WHERE ref = :ref");
	db_bind_int(s, ":u", res->entry_id);
	db_bind_text(s, ":ref", uc->ref);
	return db_run(s, err);
}

enum jf_status
ledger_offset_undo(struct ledger *lg, const char *ref, struct offset_result *out,
		   struct jf_error *err)
{
	struct undo_ctx uc = { ref, NULL };
	struct ledger_result res;
	char *canonical;
	enum jf_status st;
	int64_t undo = 0;

	memset(out, 0, sizeof *out);
	if ((st = parse_key("ref", ref, err)) != JF_OK)
		return st;
	uc.key = xasprintf("offset_undo:%s", ref);
	canonical = xasprintf("offset_undo\n%s", ref);
	st = keyed_write(lg, uc.key, canonical, do_undo, &uc, &res, err);
	free(canonical);
	free((char *)uc.key);
	if (st != JF_OK)
		return st;
	/* The offset undone, as its row says; entry_id: the undoing entry. */
	st = load_sale(lg->db, ref, out, &undo, err);
	out->entry_id = res.entry_id;
	out->replay = res.replay;
	return st;
}
