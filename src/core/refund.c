/*
 * refund: taking back the points of part of a purchase (ledger.h,
 * ledger_earn_refund), and the whole reversal's share once parts were
 * refunded (ledger.c's do_reverse).
 *
 * The points of a part are proportional to the receipt's: after parts
 * worth F fen of a receipt of T fen that earned P points, the parts were
 * due floor(P * F / T) points in all, so parts add up to exactly P once
 * the whole receipt is returned, whatever the earn rule or category was.
 * Each part is a refund_part row; what it takes back is one "reverse"
 * entry (none when nothing can be taken).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "earn_rule.h"
#include "ledger_int.h"
#include "parse.h"
#include "xalloc.h"

struct receipt_row {
	int64_t account_id, entry_id, fen, points; /* entry_id 0: it earned nothing */
	int64_t refunded_fen, due;                 /* by the parts so far */
};

static enum jf_status
load_receipt(struct db *db, const char *receipt, struct receipt_row *r, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"SELECT account_id, coalesce(entry_id, 0), fen, points, "
		"coalesce((SELECT sum(p.fen) FROM refund_part p WHERE p.receipt = :r), 0), "
		"coalesce((SELECT sum(p.due) FROM refund_part p WHERE p.receipt = :r), 0) "
		"FROM earn_receipt WHERE receipt = :r");
	enum db_step_result rc;

	memset(r, 0, sizeof *r);
	db_bind_text(s, ":r", receipt);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		r->account_id = db_col_int(s, 0);
		r->entry_id = db_col_int(s, 1);
		r->fen = db_col_int(s, 2);
		r->points = db_col_int(s, 3);
		r->refunded_fen = db_col_int(s, 4);
		r->due = db_col_int(s, 5);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	return rc == DB_ROW ? JF_OK : JF_NOTFOUND;
}

/*
 * What is left of a receipt to refund is counted from its parts, which no
 * refund changes; a refund changes the member's account only when it takes
 * points back (none when they were spent, or the part is due none). So
 * every refund of a receipt, of a part or of the rest, changes the
 * receipt's own row (its values stay): two stores refunding one receipt at
 * once are ordered by it under REPEATABLE READ (DESIGN.md "The stores of a
 * chain"), and the later, run again, sees the other's part instead of
 * refunding what the first refunded already.
 */
static enum jf_status
hold_receipt(struct db *db, const char *receipt, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "UPDATE earn_receipt SET fen = fen WHERE receipt = :r");

	db_bind_text(s, ":r", receipt);
	return db_run(s, err);
}

/* Points due for the parts after fen more are refunded, in all. */
static int64_t
due_after(const struct receipt_row *r, int64_t fen)
{
	/* 128 bits: points times fen can pass 2^63 for the largest amounts. */
	__int128 all = (__int128)r->points * (r->refunded_fen + fen);

	return r->fen ? (int64_t)(all / r->fen) : 0;
}

static enum jf_status
insert_part(struct ledger *lg, const char *receipt, const char *key, int64_t fen, int64_t due,
	    int64_t taken, int64_t entry_id, const int64_t offset[2], struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a refund", actor, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO refund_part(receipt, key, fen, due, taken, entry_id, "
			    "offset_points, offset_fen, created_at, created_by, created_terminal) "
			    "VALUES (:r, :k, :fen, :due, :taken, :e, :op, :of, :now, :by, :term)");
	db_bind_int(s, ":op", offset[0]);
	db_bind_int(s, ":of", offset[1]);
	db_bind_text(s, ":r", receipt);
	db_bind_text(s, ":k", key);
	db_bind_int(s, ":fen", fen);
	db_bind_int(s, ":due", due);
	db_bind_int(s, ":taken", taken);
	if (entry_id)
		db_bind_int(s, ":e", entry_id);
	else
		db_bind_text(s, ":e", NULL);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	return db_run(s, err);
}

enum jf_status
refund_rest(struct ledger *lg, const char *receipt, const char *key, int64_t *parts,
	    struct jf_error *err)
{
	static const int64_t none[2] = { 0, 0 };
	struct receipt_row r;
	enum jf_status st = load_receipt(lg->db, receipt, &r, err);

	*parts = 0;
	if (st == JF_NOTFOUND)
		return JF_OK; /* a receipt from before schema 8: no parts */
	if (st != JF_OK || (st = hold_receipt(lg->db, receipt, err)) != JF_OK)
		return st;
	*parts = r.due;
	if (r.refunded_fen >= r.fen)
		return JF_OK;
	return insert_part(lg, receipt, key, r.fen - r.refunded_fen, r.points - r.due, 0, 0, none,
			   err);
}

enum jf_status
refund_parts_due(struct ledger *lg, const char *receipt, int64_t *parts, struct jf_error *err)
{
	struct receipt_row r;
	enum jf_status st = load_receipt(lg->db, receipt, &r, err);

	*parts = 0;
	if (st == JF_NOTFOUND)
		return JF_OK; /* a receipt from before schema 8: no parts */
	if (st == JF_OK)
		*parts = r.due;
	return st;
}

enum jf_status
refund_rest_taken(struct ledger *lg, const char *key, int64_t taken, int64_t entry_id,
		  const int64_t offset[2], struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "UPDATE refund_part SET taken = :t, entry_id = :e, "
					    "offset_points = :op, offset_fen = :of WHERE key = :k");

	db_bind_int(s, ":t", taken);
	db_bind_int(s, ":op", offset[0]);
	db_bind_int(s, ":of", offset[1]);
	if (entry_id)
		db_bind_int(s, ":e", entry_id);
	else
		db_bind_text(s, ":e", NULL);
	db_bind_text(s, ":k", key);
	return db_run(s, err);
}

/* The purchase's lot, if any of it is left: taken back first. */
static enum jf_status
purchase_lot(struct db *db, const struct receipt_row *r, int64_t *lot_id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT coalesce(max(id), 0) FROM lot WHERE entry_id = :e "
					"AND account_id = :a AND remaining > 0");

	db_bind_int(s, ":e", r->entry_id);
	db_bind_int(s, ":a", r->account_id);
	return db_one_int(s, lot_id, err);
}

struct refund_ctx {
	const struct refund_request *req;
	const char *key;
};

/* Why a part cannot be refunded: an unknown receipt, one from before
 * partial refunds, or more than is left of it. */
static enum jf_status
check_part(struct ledger *lg, const struct refund_request *req, const struct receipt_row *r,
	   enum jf_status found, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;
	int64_t earned = 0;

	if (found == JF_NOTFOUND) {
		s = db_stmt(lg->db, "SELECT count(*) FROM idem WHERE key = 'earn:' || :r");
		db_bind_text(s, ":r", req->receipt);
		if ((st = db_one_int(s, &earned, err)) != JF_OK)
			return st;
		if (earned)
			return jf_fail(err, JF_CONFLICT, "receipt %s was recorded before refunds of "
				       "parts were kept: refund it whole (earn --reverse)", req->receipt);
		return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_RECEIPT,
				 (struct jf_why){ .text = req->receipt },
				 "no purchase with receipt %s earned points", req->receipt);
	}
	if (found != JF_OK)
		return found;
	if (req->fen > r->fen - r->refunded_fen)
		return jf_refuse(err, JF_CONFLICT, JF_R_REFUND_TOO_MUCH,
				 (struct jf_why){ .num = { r->fen - r->refunded_fen, req->fen },
						  .text = req->receipt },
				 "receipt %s has %lld fen left to refund; %lld asked", req->receipt,
				 (long long)(r->fen - r->refunded_fen), (long long)req->fen);
	return JF_OK;
}

static enum jf_status
do_refund(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct refund_ctx *rc = ctx;
	const struct refund_request *req = rc->req;
	struct receipt_row r;
	struct account acct;
	struct take_back t;
	int64_t due, take = 0, lot_id = 0, offset[2] = { 0, 0 };
	char memo[160];
	enum jf_status st;

	st = load_receipt(lg->db, req->receipt, &r, err);
	if ((st = check_part(lg, req, &r, st, err)) != JF_OK ||
	    (st = hold_receipt(lg->db, req->receipt, err)) != JF_OK)
		return st;
	due = due_after(&r, req->fen) - r.due;
	if (due > 0 && ((st = account_get(lg->db, r.account_id, &acct, err)) != JF_OK ||
			(st = ledger_refundable(lg, &acct, &take, err)) != JF_OK ||
			(st = purchase_lot(lg->db, &r, &lot_id, err)) != JF_OK))
		return st;
	take = take < due ? take : due;
	res->points = take;
	res->shortfall = due - take;
	if (take > 0) {
		snprintf(memo, sizeof memo, "refund of part of purchase %s", req->receipt);
		t = (struct take_back){ rc->key, memo, r.entry_id, &acct, lot_id, take };
		if ((st = ledger_take_back(lg, &t, &res->entry_id, err)) != JF_OK ||
		    (st = earn_rule_give_back(lg, req->receipt, r.entry_id, res->entry_id,
					      err)) != JF_OK)
			return st;
	}
	/* Points that paid for the goods returned (an offset of the same sale)
	 * come back in the same share. */
	if ((st = offset_give_back(lg, req->receipt, rc->key, r.refunded_fen + req->fen, r.fen,
				   &offset[0], &offset[1], err)) != JF_OK)
		return st;
	return insert_part(lg, req->receipt, rc->key, req->fen, due, take, res->entry_id, offset,
			   err);
}

/* The part's row (the first result, on a replay) and what is left. */
static enum jf_status
load_part(struct ledger *lg, const struct refund_request *req, const char *key,
	  struct refund_result *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT fen, due, taken, offset_points, offset_fen "
					    "FROM refund_part WHERE key = :k");
	struct receipt_row r;
	enum db_step_result rc;
	enum jf_status st;

	db_bind_text(s, ":k", key);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		out->fen = db_col_int(s, 0);
		out->due = db_col_int(s, 1);
		out->points = db_col_int(s, 2);
		out->shortfall = out->due - out->points;
		out->offset_points = db_col_int(s, 3);
		out->offset_fen = db_col_int(s, 4);
	}
	db_reset(s);
	if (rc != DB_ROW)
		return rc == DB_ERROR ? (err ? err->status : JF_ERR)
				      : jf_fail(err, JF_ERR, "internal error: refund %s lost", key);
	if ((st = load_receipt(lg->db, req->receipt, &r, err)) != JF_OK)
		return st;
	out->fen_left = r.fen - r.refunded_fen;
	return JF_OK;
}

/* Cash worth the points that could not be taken back, at the earn rate of
 * the receipt's kind, rounded down: the member never pays for a fraction. */
static int64_t
shortfall_fen(const struct settings *cfg, int64_t shortfall, int green)
{
	int64_t rate = green ? cfg->green_per_yuan : cfg->points_per_yuan;

	return rate > 0 ? shortfall * 100 / rate : 0;
}

enum jf_status
ledger_earn_refund(struct ledger *lg, const struct refund_request *req,
		   struct refund_result *out, struct jf_error *err)
{
	struct refund_ctx rc = { req, NULL };
	struct ledger_result res;
	struct account acct;
	char *canonical, *key;
	enum jf_status st;
	struct receipt_row r;

	memset(out, 0, sizeof *out);
	if ((st = parse_key("receipt", req->receipt, err)) != JF_OK ||
	    (st = parse_key("key", req->key, err)) != JF_OK)
		return st;
	if (req->fen < 1 || req->fen > PARSE_FEN_MAX)
		return jf_fail(err, JF_USAGE, "the amount refunded must be from 0.01 to %lld.00",
			       PARSE_FEN_MAX / 100);
	key = xasprintf("refund:%s:%s", req->receipt, req->key);
	canonical = xasprintf("refund\n%s\n%lld", req->receipt, (long long)req->fen);
	rc.key = key;
	st = keyed_write(lg, key, canonical, do_refund, &rc, &res, err);
	if (st == JF_OK)
		st = load_part(lg, req, key, out, err);
	if (st == JF_OK && (st = load_receipt(lg->db, req->receipt, &r, err)) == JF_OK)
		st = account_get(lg->db, r.account_id, &acct, err);
	free(key);
	free(canonical);
	if (st != JF_OK)
		return st;
	out->entry_id = res.entry_id;
	out->replay = res.replay;
	out->kind = acct.kind;
	out->shortfall_fen = shortfall_fen(lg->cfg, out->shortfall, acct.kind == KIND_GREEN);
	return JF_OK;
}

enum jf_status
ledger_reverse_offset(struct ledger *lg, const char *receipt, int64_t *points, int64_t *fen,
		      struct jf_error *err)
{
	struct db_stmt *s;
	enum db_step_result rc;
	enum jf_status st;

	*points = *fen = 0;
	if ((st = parse_key("receipt", receipt, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT offset_points, offset_fen FROM refund_part "
			    "WHERE key = 'reverse:' || :r");
	db_bind_text(s, ":r", receipt);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		*points = db_col_int(s, 0);
		*fen = db_col_int(s, 1);
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}
