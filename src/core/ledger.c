/*
 * ledger: opening a ledger, and the writes that move points (earn, reverse,
 * grant, transfer, expire). Holds are in hold.c, reads in report.c.
 *
 * Every write runs through keyed_write(): one BEGIN IMMEDIATE transaction
 * that checks the idempotency key, does the work and records the key, and
 * rolls everything back on any failure, so nothing is ever half-written.
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "clock.h"
#include "db.h"
#include "entry.h"
#include "idem.h"
#include "ledger.h"
#include "ledger_int.h"
#include "lot.h"
#include "parse.h"
#include "random.h"
#include "schema.h"
#include "voucher.h"
#include "xalloc.h"

enum jf_status
ledger_create(struct ledger *lg, const char *location, const struct settings *cfg,
	      struct jf_error *err)
{
	enum jf_status st;
	char *file;

	memset(lg, 0, sizeof *lg);
	if (sodium_init() < 0)
		return jf_fail(err, JF_ERR, "cannot initialise libsodium");
	st = db_open(location, DB_OPEN_CREATE, cfg->busy_timeout_ms, &lg->db, err);
	if (st != JF_OK)
		return st;
	lg->cfg = cfg;
	if ((st = db_use_wal(lg->db, err)) != JF_OK || (st = db_begin_write(lg->db, err)) != JF_OK)
		goto fail;
	if ((st = schema_create(lg->db, err)) != JF_OK ||
	    (st = account_create_system(lg->db, err)) != JF_OK) {
		db_rollback(lg->db);
		goto fail;
	}
	if ((st = db_commit(lg->db, err)) != JF_OK ||
	    (st = voucher_key_create(lg, err)) != JF_OK)
		goto fail;
	return JF_OK;
fail:
	/* A half-made ledger file is no ledger: take it away. */
	file = db_path(lg->db) ? xstrdup(db_path(lg->db)) : NULL;
	ledger_close(lg);
	if (file)
		remove(file);
	free(file);
	return st;
}

enum jf_status
ledger_open(struct ledger *lg, const char *location, const struct settings *cfg,
	    struct jf_error *err)
{
	enum jf_status st;

	memset(lg, 0, sizeof *lg);
	if (sodium_init() < 0)
		return jf_fail(err, JF_ERR, "cannot initialise libsodium");
	st = db_open(location, DB_OPEN_EXISTING, cfg->busy_timeout_ms, &lg->db, err);
	if (st != JF_OK)
		return st;
	lg->cfg = cfg;
	if ((st = schema_upgrade(lg->db, err)) != JF_OK || (st = db_use_wal(lg->db, err)) != JF_OK) {
		ledger_close(lg);
		return st;
	}
	return JF_OK;
}

enum jf_status
ledger_open_read(struct ledger *lg, const char *location, const struct settings *cfg,
		 struct jf_error *err)
{
	enum jf_status st;
	int64_t version;

	memset(lg, 0, sizeof *lg);
	if (sodium_init() < 0)
		return jf_fail(err, JF_ERR, "cannot initialise libsodium");
	st = db_open(location, DB_OPEN_READ, cfg->busy_timeout_ms, &lg->db, err);
	if (st != JF_OK)
		return st;
	lg->cfg = cfg;
	if ((st = schema_version(lg->db, &version, err)) != JF_OK) {
		ledger_close(lg);
		return st;
	}
	/* An older ledger is migrated first, which writes: as before, where it
	 * can be written. A newer one is refused by schema_upgrade(), read only. */
	if (version < SCHEMA_VERSION) {
		ledger_close(lg);
		return ledger_open(lg, location, cfg, err);
	}
	if ((st = schema_upgrade(lg->db, err)) != JF_OK)
		ledger_close(lg);
	return st;
}

void
ledger_close(struct ledger *lg)
{
	db_close(lg->db);
	lg->db = NULL;
}

void
ledger_act_as(struct ledger *lg, const struct actor *actor)
{
	if (actor)
		lg->actor = *actor;
	else
		memset(&lg->actor, 0, sizeof lg->actor);
}

enum jf_status
ledger_actor_text(const struct ledger *lg, const char *what, char out[ACTOR_TEXT_SIZE],
		  struct jf_error *err)
{
	if (lg->actor.kind == ACTOR_NONE)
		return jf_fail(err, JF_ERR, "internal error: %s with nobody acting "
					    "(no ledger_act_as)", what);
	actor_format(&lg->actor, out);
	return JF_OK;
}

void
ledger_today(char out[CLOCK_DATE_LEN])
{
	clock_date_of(clock_now(), out);
}

enum jf_status
ledger_check_card(struct ledger *lg, const char *card, struct jf_error *err)
{
	return parse_card(card, lg->cfg->card_check, err);
}

enum jf_status
ledger_begin_write(struct ledger *lg, struct jf_error *err)
{
	enum jf_status st;
	int64_t now;

	if ((st = db_begin_write(lg->db, err)) != JF_OK)
		return st;
	if ((st = entry_clock_check(lg, &now, err)) != JF_OK)
		db_rollback(lg->db);
	return st;
}

enum jf_status
keyed_write(struct ledger *lg, const char *key, const char *canonical, write_fn fn, void *ctx,
	    struct ledger_result *res, struct jf_error *err)
{
	unsigned char hash[IDEM_HASH_LEN];
	enum jf_status st;
	int found = 0;

	memset(res, 0, sizeof *res);
	idem_request_hash(canonical, hash);
	if ((st = ledger_begin_write(lg, err)) != JF_OK)
		return st;
	st = idem_lookup(lg->db, key, hash, res, &found, err);
	if (st == JF_OK && !found) {
		st = fn(lg, ctx, res, err);
		if (st == JF_OK)
			st = idem_record(lg->db, key, hash, res, err);
	}
	if (st != JF_OK) {
		db_rollback(lg->db);
		return st;
	}
	return db_commit(lg->db, err);
}

/* A two-line entry between a member account and a system account. */
static enum jf_status
member_vs_system(struct ledger *lg, const char *type, const char *ref, const char *memo,
		 int64_t reverses, int64_t member_acct, const char *sys, enum point_kind kind,
		 int64_t amount, int64_t *entry_id, struct jf_error *err)
{
	struct entry_line lines[2];
	struct entry_new e = { type, ref, memo, reverses, lines, 2, NULL };
	enum jf_status st;

	lines[0].account_id = member_acct;
	lines[0].amount = amount;
	if ((st = account_system(lg->db, sys, kind, &lines[1].account_id, err)) != JF_OK)
		return st;
	lines[1].amount = -amount;
	return entry_append(lg, &e, entry_id, err);
}

enum jf_status
ledger_credit(struct ledger *lg, const struct credit *c, struct ledger_result *res,
	      struct jf_error *err)
{
	char today[CLOCK_DATE_LEN], expires[CLOCK_DATE_LEN], avail[CLOCK_DATE_LEN];
	struct account acct;
	enum jf_status st;

	if ((st = account_of_card(lg->db, c->card, c->kind, &acct, err)) != JF_OK)
		return st;
	res->points = c->points;
	if (c->points == 0)
		return JF_OK; /* nothing to credit: the key is still recorded */
	st = member_vs_system(lg, c->type, c->ref, c->memo, 0, acct.id, c->source, c->kind,
			      c->points, &res->entry_id, err);
	if (st != JF_OK)
		return st;
	ledger_today(today);
	settings_expiry_date(lg->cfg, today, expires);
	clock_date_add(today, c->lock_days, avail);
	return lot_create(lg->db, acct.id, res->entry_id, c->points, expires, avail, err);
}

/* ---- earn ---- */

struct earn_ctx {
	const struct earn_request *req;
	const char *ref;
	int64_t points;
};

static enum jf_status
do_earn(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct earn_ctx *ec = ctx;
	char memo[160];
	struct credit c;

	snprintf(memo, sizeof memo, "purchase %s", ec->req->receipt);
	c.card = ec->req->card;
	c.kind = ec->req->green ? KIND_GREEN : KIND_POINTS;
	c.points = ec->points;
	c.type = "earn";
	c.ref = ec->ref;
	c.memo = memo;
	c.source = SYS_ISSUED;
	/* Points from a purchase wait out the return window before they can be spent. */
	c.lock_days = lg->cfg->lock_days;
	return ledger_credit(lg, &c, res, err);
}

enum jf_status
ledger_earn(struct ledger *lg, const struct earn_request *req, struct ledger_result *res,
	    struct jf_error *err)
{
	struct earn_ctx ec = { req, NULL, 0 };
	enum jf_status st;
	char *ref, *canonical;

	if ((st = ledger_check_card(lg, req->card, err)) != JF_OK ||
	    (st = parse_key("receipt", req->receipt, err)) != JF_OK)
		return st;
	if (req->category && (st = parse_name("category", req->category, err)) != JF_OK)
		return st;
	/* A mistyped category must not silently earn at the default rate. */
	if (req->category && !settings_has_category(lg->cfg, req->category))
		return jf_fail(err, JF_USAGE, "no category named %s in the config", req->category);
	if (req->fen < 0 || req->fen > PARSE_FEN_MAX)
		return jf_fail(err, JF_USAGE, "amount out of range");
	ec.points = settings_earn_points(lg->cfg, req->fen, req->category, req->green);
	ref = xasprintf("earn:%s", req->receipt);
	canonical = xasprintf("earn\n%s\n%lld\n%d\n%s", req->card, (long long)req->fen,
			      req->green, req->category ? req->category : "");
	ec.ref = ref;
	st = keyed_write(lg, ref, canonical, do_earn, &ec, res, err);
	free(ref);
	free(canonical);
	return st;
}

/* ---- earn reversal ---- */

struct reverse_ctx {
	const char *receipt;
	const char *ref;
};

/* The entry, account and lot of an earlier purchase. */
static enum jf_status
find_earn(struct db *db, const char *receipt, int64_t *entry_id, int64_t *account_id,
	  int64_t *lot_id, int64_t *points, struct jf_error *err)
{
	/* The purchase's lot, if any of it is left (through the open-lot index). */
	struct db_stmt *s = db_stmt(db,
		"SELECT e.id, l.account_id, l.amount, coalesce((SELECT lot.id FROM lot "
		"WHERE lot.account_id = l.account_id AND lot.remaining > 0 "
		"AND lot.entry_id = e.id), 0) FROM idem i JOIN entry e ON e.id = i.entry_id "
		"JOIN line l ON l.entry_id = e.id "
		"JOIN account a ON a.id = l.account_id AND a.member_id IS NOT NULL "
		"WHERE i.key = :ref");
	char *ref = xasprintf("earn:%s", receipt);
	enum db_step_result rc;

	db_bind_text(s, ":ref", ref);
	free(ref);
	rc = db_step(s, err);
	if (rc != DB_ROW) {
		db_reset(s);
		return rc == DB_ERROR ? (err ? err->status : JF_ERR)
			      : jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_RECEIPT,
					  (struct jf_why){ .text = receipt },
					  "no purchase with receipt %s earned points", receipt);
	}
	*entry_id = db_col_int(s, 0);
	*account_id = db_col_int(s, 1);
	*points = db_col_int(s, 2);
	*lot_id = db_col_int(s, 3);
	db_reset(s);
	return JF_OK;
}

static enum jf_status
do_reverse(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct reverse_ctx *rc = ctx;
	int64_t earn_entry = 0, account_id = 0, lot_id = 0, points = 0, take, locked, overdue;
	char today[CLOCK_DATE_LEN], memo[160];
	struct account acct;
	enum jf_status st;

	st = find_earn(lg->db, rc->receipt, &earn_entry, &account_id, &lot_id, &points, err);
	if (st == JF_OK)
		st = account_get(lg->db, account_id, &acct, err);
	if (st != JF_OK)
		return st;
	/* Never below zero, never into points a voucher has reserved, never
	 * points past their date (they are the expired account's already): what
	 * is locked, and what is spendable beside the holds. */
	ledger_today(today);
	if ((st = lot_unspendable(lg->db, account_id, today, &locked, &overdue, err)) != JF_OK ||
	    (st = ledger_available(lg, &acct, &take, err)) != JF_OK)
		return st;
	take += locked;
	take = take < points ? take : points;
	res->points = take;
	res->shortfall = points - take;
	if (take == 0)
		return JF_OK;
	snprintf(memo, sizeof memo, "refund of purchase %s", rc->receipt);
	st = member_vs_system(lg, "reverse", rc->ref, memo, earn_entry, account_id, SYS_ISSUED,
			      acct.kind, -take, &res->entry_id, err);
	if (st != JF_OK)
		return st;
	/* The purchase's own lot first, then locked lots, then the
	 * soonest-expiring others: spendable lots left back the holds. */
	return lot_consume(lg->db, account_id, res->entry_id, take, LOTS_IN_DATE, today, lot_id,
			   NULL, err);
}

enum jf_status
ledger_earn_reverse(struct ledger *lg, const char *receipt, struct ledger_result *res,
		    struct jf_error *err)
{
	struct reverse_ctx rc = { receipt, NULL };
	enum jf_status st;
	char *ref, *canonical;

	if ((st = parse_key("receipt", receipt, err)) != JF_OK)
		return st;
	ref = xasprintf("reverse:%s", receipt);
	canonical = xasprintf("reverse\n%s", receipt);
	rc.ref = ref;
	st = keyed_write(lg, ref, canonical, do_reverse, &rc, res, err);
	free(ref);
	free(canonical);
	return st;
}

/* ---- grant ---- */

struct grant_ctx {
	const struct grant_request *req;
	const char *ref;
};

static enum jf_status
do_grant(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct grant_ctx *gc = ctx;
	struct credit c;

	c.card = gc->req->card;
	c.kind = gc->req->kind;
	c.points = gc->req->points;
	c.type = "grant";
	c.ref = gc->ref;
	c.memo = gc->req->reason;
	c.source = SYS_ISSUED;
	c.lock_days = 0;
	return ledger_credit(lg, &c, res, err);
}

void
ledger_new_key(const char *prefix, char out[LEDGER_NEW_KEY_SIZE])
{
	unsigned char nonce[16];
	char hex[2 * sizeof nonce + 1];

	random_bytes(nonce, sizeof nonce);
	sodium_bin2hex(hex, sizeof hex, nonce, sizeof nonce);
	snprintf(out, LEDGER_NEW_KEY_SIZE, "%.30s%s", prefix, hex);
}

enum jf_status
ledger_grant(struct ledger *lg, const struct grant_request *req, struct ledger_result *res,
	     struct jf_error *err)
{
	struct grant_ctx gc = { req, NULL };
	char fresh[LEDGER_NEW_KEY_SIZE], *ref, *canonical;
	enum jf_status st;

	if ((st = ledger_check_card(lg, req->card, err)) != JF_OK ||
	    (st = parse_text("reason", req->reason, 200, err)) != JF_OK)
		return st;
	if (req->points < 1 || req->points > PARSE_POINTS_MAX)
		return jf_fail(err, JF_USAGE, "points must be from 1 to %lld", PARSE_POINTS_MAX);
	if (req->key && (st = parse_key("key", req->key, err)) != JF_OK)
		return st;
	if (req->key) {
		ref = xasprintf("grant:%s", req->key);
	} else {
		/* No key given: a fresh one, so this grant can never be taken for a replay. */
		ledger_new_key("auto-", fresh);
		ref = xasprintf("grant:%s", fresh);
	}
	canonical = xasprintf("grant\n%s\n%lld\n%d\n%s", req->card, (long long)req->points,
			      req->kind, req->reason);
	gc.ref = ref;
	st = keyed_write(lg, ref, canonical, do_grant, &gc, res, err);
	free(ref);
	free(canonical);
	return st;
}
