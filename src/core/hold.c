/*
 * hold: reservations of points for vouchers. A pending hold counts in the
 * account's held part (available = balance - held); posting it writes the
 * redeeming entry and consumes lots, voiding it just releases the points.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "entry.h"
#include "idem.h"
#include "ledger_int.h"
#include "lot.h"
#include "parse.h"
#include "xalloc.h"

struct hold_ctx {
	const struct hold_request *req;
	const char *ref;
};

/* The hash of a new hold (chain.h): what it reserves, on which account. */
static enum jf_status
hold_hash(struct ledger *lg, const struct hold_request *req, int64_t account_id,
	  const char *ref, int64_t now, const char *actor, unsigned char out[CHAIN_HASH_LEN],
	  struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT name FROM account WHERE id = :a");
	struct chain_hold h = { ref, "", req->points, now, req->expires_at, actor,
				lg->cfg->terminal };
	char name[128] = "";
	enum db_step_result rc;

	db_bind_int(s, ":a", account_id);
	rc = db_step(s, err);
	if (rc == DB_ROW)
		snprintf(name, sizeof name, "%s", db_col_text(s, 0));
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	h.account = name;
	chain_hold_hash(&h, out);
	return JF_OK;
}

static enum jf_status
do_hold(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct hold_ctx *hc = ctx;
	const struct hold_request *req = hc->req;
	char actor[ACTOR_TEXT_SIZE];
	struct account acct;
	struct db_stmt *s;
	unsigned char hash[CHAIN_HASH_LEN];
	int64_t now;
	enum jf_status st;

	if ((st = account_of_card(lg->db, req->card, req->kind, &acct, err)) != JF_OK ||
	    (st = ledger_need_available(lg, &acct, req->card, req->points, err)) != JF_OK)
		return st;
	/* Dated by the clock, which ledger_begin_write() checked. */
	now = clock_now();
	if ((st = ledger_actor_text(lg, "a hold", actor, err)) != JF_OK ||
	    (st = hold_hash(lg, req, acct.id, hc->ref, now, actor, hash, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO hold(account_id, amount, state, ref, memo, created_at, "
			    "expires_at, actor, terminal, hash, store) VALUES (:a, :amt, 0, :ref, :memo, "
			    ":now, :exp, :actor, :terminal, :hash, :store) RETURNING id");
	db_bind_blob(s, ":hash", hash, CHAIN_HASH_LEN);
	db_bind_text(s, ":store", lg->cfg->store);
	db_bind_text(s, ":actor", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	db_bind_int(s, ":a", acct.id);
	db_bind_int(s, ":amt", req->points);
	db_bind_text(s, ":ref", hc->ref);
	db_bind_text(s, ":memo", req->memo ? req->memo : "");
	db_bind_int(s, ":now", now);
	db_bind_int(s, ":exp", req->expires_at);
	/* The idempotency record keeps the hold id where an entry id would go. */
	if ((st = db_one_int(s, &res->entry_id, err)) != JF_OK)
		return st;
	res->points = req->points;
	return account_add_held(lg->db, acct.id, req->points, err);
}

enum jf_status
ledger_hold(struct ledger *lg, const struct hold_request *req, int64_t *hold_id, int *replay,
	    struct jf_error *err)
{
	struct hold_ctx hc = { req, NULL };
	struct ledger_result res;
	enum jf_status st;
	char *ref, *canonical;

	if ((st = ledger_check_card(lg, req->card, err)) != JF_OK ||
	    (st = parse_key("key", req->key, err)) != JF_OK)
		return st;
	if (req->points < 1 || req->points > PARSE_POINTS_MAX)
		return jf_fail(err, JF_USAGE, "points must be from 1 to %lld", PARSE_POINTS_MAX);
	ref = xasprintf("hold:%s", req->key);
	canonical = xasprintf("hold\n%s\n%d\n%lld\n%lld", req->card, req->kind,
			      (long long)req->points, (long long)req->expires_at);
	hc.ref = ref;
	st = keyed_write(lg, ref, canonical, do_hold, &hc, &res, err);
	free(ref);
	free(canonical);
	*hold_id = res.entry_id;
	if (replay)
		*replay = res.replay;
	return st;
}

struct hold_row {
	int64_t account_id;
	int64_t amount;
	int kind;
	int state;
	int64_t created_at, expires_at;
	int64_t entry_id;
	char ref[96];
	char memo[256];
};

static enum jf_status
read_hold(struct db *db, int64_t hold_id, struct hold_row *h, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"SELECT h.account_id, h.amount, a.kind, h.state, h.created_at, h.expires_at, "
		"coalesce(h.entry_id, 0), h.ref, h.memo FROM hold h "
		"JOIN account a ON a.id = h.account_id WHERE h.id = :id");
	enum db_step_result rc;

	db_bind_int(s, ":id", hold_id);
	rc = db_step(s, err);
	if (rc != DB_ROW) {
		db_reset(s);
		return rc == DB_ERROR ? (err ? err->status : JF_ERR)
			      : jf_fail(err, JF_NOTFOUND, "no hold %lld", (long long)hold_id);
	}
	h->account_id = db_col_int(s, 0);
	h->amount = db_col_int(s, 1);
	h->kind = (int)db_col_int(s, 2);
	h->state = (int)db_col_int(s, 3);
	h->created_at = db_col_int(s, 4);
	h->expires_at = db_col_int(s, 5);
	h->entry_id = db_col_int(s, 6);
	snprintf(h->ref, sizeof h->ref, "%s", db_col_text(s, 7));
	snprintf(h->memo, sizeof h->memo, "%s", db_col_text(s, 8));
	db_reset(s);
	return JF_OK;
}

enum jf_status
ledger_hold_get(struct ledger *lg, int64_t hold_id, struct hold_info *out, struct jf_error *err)
{
	struct hold_row h;
	enum jf_status st = read_hold(lg->db, hold_id, &h, err);

	if (st != JF_OK)
		return st;
	out->id = hold_id;
	out->points = h.amount;
	out->kind = (enum point_kind)h.kind;
	out->state = (enum hold_state)h.state;
	out->created_at = h.created_at;
	out->expires_at = h.expires_at;
	out->entry_id = h.entry_id;
	return JF_OK;
}

/* Posted or voided, stamped with who did it and where (a void writes no
 * entry, so the hold is the only place that says). */
static enum jf_status
settle(struct ledger *lg, int64_t hold_id, int state, int64_t entry_id, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a hold settled", actor, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE hold SET state = :st, settled_at = :now, entry_id = :e, "
			    "settled_by = :by, settled_terminal = :terminal "
			    "WHERE id = :id AND state = 0");
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	db_bind_int(s, ":st", state);
	db_bind_int(s, ":now", clock_now());
	if (entry_id)
		db_bind_int(s, ":e", entry_id);
	else
		db_bind_text(s, ":e", NULL);
	db_bind_int(s, ":id", hold_id);
	return db_run(s, err);
}

static enum jf_status
post_pending(struct ledger *lg, int64_t hold_id, const struct hold_row *h,
	     struct ledger_result *res, struct jf_error *err)
{
	struct entry_line lines[2];
	struct entry_new e = { "redeem", NULL, h->memo, 0, lines, 2, NULL };
	char today[CLOCK_DATE_LEN], *ref;
	struct account acct;
	enum jf_status st;

	if ((st = account_get(lg->db, h->account_id, &acct, err)) != JF_OK)
		return st;
	lines[0] = (struct entry_line){ acct.id, -h->amount };
	lines[1].amount = h->amount;
	if ((st = account_system(lg, SYS_REDEEMED, acct.kind, &lines[1].account_id, err)))
		return st;
	ref = xasprintf("post:%s", h->ref);
	e.ref = ref;
	/* Release the hold before the debit, so held <= balance holds throughout. */
	st = account_add_held(lg->db, acct.id, -h->amount, err);
	if (st == JF_OK)
		st = entry_append(lg, &e, &res->entry_id, err);
	free(ref);
	ledger_today(today);
	if (st == JF_OK)
		st = lot_consume(lg->db, acct.id, res->entry_id, h->amount, LOTS_HELD, today, 0, NULL,
				 err);
	if (st == JF_OK)
		st = settle(lg, hold_id, HOLD_POSTED, res->entry_id, err);
	res->points = h->amount;
	return st;
}

struct post_ctx {
	int64_t hold_id;
	struct ledger_result *res;
};

static enum jf_status
post_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct post_ctx *pc = ctx;
	struct ledger_result *res = pc->res;
	struct hold_row h;
	enum jf_status st;

	memset(res, 0, sizeof *res);
	st = read_hold(lg->db, pc->hold_id, &h, err);
	if (st == JF_OK && h.state == HOLD_POSTED) {
		res->entry_id = h.entry_id;
		res->points = h.amount;
		res->replay = 1;
	} else if (st == JF_OK && h.state == HOLD_VOIDED) {
		st = jf_fail(err, JF_CONFLICT, "hold %lld was voided; it cannot be posted",
			     (long long)pc->hold_id);
	} else if (st == JF_OK) {
		st = post_pending(lg, pc->hold_id, &h, res, err);
	}
	return st;
}

enum jf_status
ledger_hold_post(struct ledger *lg, int64_t hold_id, struct ledger_result *res,
		 struct jf_error *err)
{
	struct post_ctx pc = { hold_id, res };

	memset(res, 0, sizeof *res);
	return ledger_write(lg, post_once, &pc, err);
}

static enum jf_status
void_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	const int64_t *hold_id = ctx;
	struct hold_row h;
	enum jf_status st;

	st = read_hold(lg->db, *hold_id, &h, err);
	if (st == JF_OK && h.state == HOLD_POSTED)
		st = jf_fail(err, JF_CONFLICT, "hold %lld was already posted; it cannot be voided",
			     (long long)*hold_id);
	if (st == JF_OK && h.state == HOLD_PENDING) {
		st = account_add_held(lg->db, h.account_id, -h.amount, err);
		if (st == JF_OK)
			st = settle(lg, *hold_id, HOLD_VOIDED, 0, err);
	}
	return st;
}

enum jf_status
ledger_hold_void(struct ledger *lg, int64_t hold_id, struct jf_error *err)
{
	return ledger_write(lg, void_once, &hold_id, err);
}
