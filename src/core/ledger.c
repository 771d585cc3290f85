/*
 * ledger: opening a ledger, and the writes that move points (earn, reverse,
 * grant, transfer, expire). Holds are in hold.c, reads in report.c.
 *
 * Every write runs through keyed_write(): one BEGIN IMMEDIATE transaction
 * that checks the idempotency key, does the work and records the key, and
 * rolls everything back on any failure, so nothing is ever half-written.
 * Every write transaction of core runs in ledger_write(), which runs it
 * again when the database asks (JF_RETRY).
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "clock.h"
#include "db.h"
#include "earn_rule.h"
#include "entry.h"
#include "idem.h"
#include "ledger.h"
#include "ledger_int.h"
#include "ledger_test.h"
#include "lines.h"
#include "log.h"
#include "lot.h"
#include "parse.h"
#include "random.h"
#include "schema.h"
#include "voucher.h"
#include "xalloc.h"

/* The new ledger's voucher key, noting whether this run wrote the file: a
 * key the config names and that is there already may be another ledger's
 * too, and is kept (voucher_key_create()) whatever becomes of this one. */
static enum jf_status
create_key(struct ledger *lg, struct jf_error *err)
{
	const char *named = lg->cfg->voucher_key_file;
	enum jf_status st;

	lg->key_made = named[0] == '\0' || access(named, F_OK) != 0;
	if ((st = voucher_key_create(lg, err)) != JF_OK)
		lg->key_made = 0;
	return st;
}

/*
 * A new ledger is made in one write transaction that stays open until
 * ledger_create_commit(): what the caller writes in between (init's demo)
 * nests in it, and the whole ledger appears at once or not at all. On
 * PostgreSQL, whose tables are rows of a transaction like any other, a
 * failure or a killed process leaves the database as it was; on SQLite the
 * file is made at open, so ledger_create_abort() removes it.
 */
enum jf_status
ledger_create_begin(struct ledger *lg, const char *location, const struct settings *cfg,
		    struct jf_error *err)
{
	enum jf_status st;

	memset(lg, 0, sizeof *lg);
	if (sodium_init() < 0)
		return jf_fail(err, JF_ERR, "cannot initialise libsodium");
	st = db_open(location, DB_OPEN_CREATE, cfg->busy_timeout_ms, &lg->db, err);
	if (st != JF_OK)
		return st;
	lg->cfg = cfg;
	/* Nobody sees a ledger before its commit, so its making (seconds, with
	 * a demo) need not queue with anyone's writes: on PostgreSQL the write
	 * lock is the database's, shared by the ledgers of its other schemas.
	 * Its own scope, the location's; the whole ledger's again once made. */
	db_write_scope(lg->db, location);
	if ((st = db_use_wal(lg->db, err)) != JF_OK || (st = db_begin_write(lg->db, err)) != JF_OK ||
	    (st = schema_create(lg->db, err)) != JF_OK ||
	    (st = account_create_system(lg->db, err)) != JF_OK ||
	    (st = create_key(lg, err)) != JF_OK)
		ledger_create_abort(lg);
	return st;
}

enum jf_status
ledger_create_commit(struct ledger *lg, struct jf_error *err)
{
	enum jf_status st;

	if (lg->db == NULL || !db_in_write(lg->db))
		return jf_fail(err, JF_ERR, "internal error: no ledger being created");
	if ((st = db_commit(lg->db, err)) != JF_OK) {
		ledger_create_abort(lg);
		return st;
	}
	lg->key_made = 0; /* the committed ledger's now */
	db_write_scope(lg->db, "");
	return JF_OK;
}

void
ledger_create_abort(struct ledger *lg)
{
	char *file, *key = NULL;

	if (lg->db == NULL)
		return;
	/* Every level: a caller's write that failed half way may have left
	 * its own nested level open. */
	while (db_in_transaction(lg->db))
		db_rollback(lg->db);
	/* A half-made ledger file is no ledger: take it away, with the key
	 * this run made for it. */
	file = db_path(lg->db) ? xstrdup(db_path(lg->db)) : NULL;
	if (lg->key_made && voucher_key_path(lg->cfg, db_location(lg->db), &key, NULL) != JF_OK)
		key = NULL;
	lg->key_made = 0;
	ledger_close(lg);
	if (file)
		remove(file);
	if (key)
		remove(key);
	free(file);
	free(key);
}

enum jf_status
ledger_create(struct ledger *lg, const char *location, const struct settings *cfg,
	      struct jf_error *err)
{
	enum jf_status st = ledger_create_begin(lg, location, cfg, err);

	return st == JF_OK ? ledger_create_commit(lg, err) : st;
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
	/* After the upgrade, which is the whole ledger's: a chain's store
	 * writes its own chain, so it queues only for its own terminals. */
	db_write_scope(lg->db, cfg->store);
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

void
ledger_inject_retry(struct ledger *lg, int n)
{
	lg->retry_inject = n > 0 ? n : 0;
}

/* One attempt of ledger_write(): begin, fn, commit; rolled back on failure.
 * An injected failure (tests) takes the place of the outermost commit. */
static enum jf_status
write_once(struct ledger *lg, ledger_write_fn fn, void *ctx, int outermost,
	   struct jf_error *err)
{
	enum jf_status st;

	if ((st = ledger_begin_write(lg, err)) != JF_OK)
		return st;
	if ((st = fn(lg, ctx, err)) != JF_OK) {
		db_rollback(lg->db);
		return st;
	}
	if (outermost && lg->retry_inject > 0) {
		lg->retry_inject--;
		db_rollback(lg->db);
		return jf_fail(err, JF_RETRY, "the transaction was rolled back (injected for a test)");
	}
	return db_commit(lg->db, err);
}

/* Before the next attempt: a random pause of up to 4 ms, doubled with each
 * attempt (at most 512 ms), so that writers that collided do not collide
 * again in step, and a crowd of them thins out (about 2 s in all). */
static void
retry_pause(int attempt)
{
	long ms = 1 + (long)random_jitter((uint32_t)4 << (attempt < 8 ? attempt - 1 : 7));
	struct timespec nap = { 0, ms * 1000000L };

	nanosleep(&nap, NULL);
}

enum jf_status
ledger_write(struct ledger *lg, ledger_write_fn fn, void *ctx, struct jf_error *err)
{
	int outermost = !db_in_transaction(lg->db);
	enum jf_status st;

	for (int attempt = 1;; attempt++) {
		st = write_once(lg, fn, ctx, outermost, err);
		if (st != JF_RETRY || !outermost)
			return st;
		if (attempt == LEDGER_WRITE_TRIES)
			return jf_refuse(err, JF_BUSY, JF_R_CONTENDED,
					 (struct jf_why){ .num = { attempt } },
					 "the database rolled the write back %d times; nothing "
					 "was written, try again", attempt);
		lg->retries++;
		retry_pause(attempt);
	}
}

/* keyed_write()'s attempt: the key is looked up again every time, so a
 * write the database undid is done again and one it kept is replayed. */
struct keyed {
	const char *key;
	const unsigned char *hash;
	write_fn fn;
	void *ctx;
	struct ledger_result *res;
};

static enum jf_status
keyed_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct keyed *k = ctx;
	enum jf_status st;
	int found = 0;

	memset(k->res, 0, sizeof *k->res);
	st = idem_lookup(lg->db, k->key, k->hash, k->res, &found, err);
	if (st != JF_OK || found)
		return st;
	if ((st = k->fn(lg, k->ctx, k->res, err)) != JF_OK)
		return st;
	return idem_record(lg->db, k->key, k->hash, k->res, err);
}

enum jf_status
keyed_write(struct ledger *lg, const char *key, const char *canonical, write_fn fn, void *ctx,
	    struct ledger_result *res, struct jf_error *err)
{
	unsigned char hash[IDEM_HASH_LEN];
	struct keyed k = { key, hash, fn, ctx, res };

	idem_request_hash(canonical, hash);
	return ledger_write(lg, keyed_once, &k, err);
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
	if ((st = account_system(lg, sys, kind, &lines[1].account_id, err)) != JF_OK)
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
	return lot_create(lg, acct.id, res->entry_id, c->points, expires, avail, err);
}

/* ---- earn ---- */

/* What a purchase earned, for refunds of part of it (refund.c). */
static enum jf_status
record_receipt(struct ledger *lg, const char *receipt, const char *card, enum point_kind kind,
	       int64_t fen, const struct ledger_result *res, const struct earn_explain *x,
	       struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct account acct;
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a receipt", actor, err)) != JF_OK ||
	    (st = account_of_card(lg->db, card, kind, &acct, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO earn_receipt(receipt, account_id, entry_id, fen, points, "
			    "created_at, created_by, created_terminal, member_percent, member_bonus, "
			    "member_source) VALUES (:r, :a, :e, :fen, :pts, :now, :by, :term, :pct, "
			    ":bonus, :source)");
	/* A green purchase earned no member bonus. */
	db_bind_int(s, ":pct", kind == KIND_POINTS ? x->member_percent : 100);
	db_bind_int(s, ":bonus", kind == KIND_POINTS ? x->member_bonus : 0);
	db_bind_text(s, ":source", kind == KIND_POINTS ? x->member_source : "");
	db_bind_text(s, ":r", receipt);
	db_bind_int(s, ":a", acct.id);
	if (res->entry_id)
		db_bind_int(s, ":e", res->entry_id);
	else
		db_bind_text(s, ":e", NULL);
	db_bind_int(s, ":fen", fen);
	db_bind_int(s, ":pts", res->points);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	return db_run(s, err);
}

struct earn_ctx {
	const struct earn_request *req;
	const char *ref;
	struct earn_explain *x;
};

/* The purchase as one line, counted by the earn rule (earn_rule.h). */
static enum jf_status
count_earn(struct ledger *lg, const struct earn_request *req, struct earn_explain *x,
	   int64_t *points, struct jf_error *err)
{
	struct receipt_lines l;
	enum jf_status st;

	memset(&l, 0, sizeof l);
	st = receipt_lines_add(&l, req->fen, req->green, req->category, lg->cfg, err);
	if (st == JF_OK)
		st = earn_rule_apply(lg, req->card, clock_now(), &l, x, err);
	*points = l.points[req->green ? KIND_GREEN : KIND_POINTS];
	receipt_lines_done(&l);
	return st;
}

static enum jf_status
do_earn(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct earn_ctx *ec = ctx;
	char memo[160];
	struct credit c;
	enum jf_status st;

	snprintf(memo, sizeof memo, "purchase %s", ec->req->receipt);
	c.card = ec->req->card;
	c.kind = ec->req->green ? KIND_GREEN : KIND_POINTS;
	/* Counted in the transaction that writes it: rates and budgets as they are now. */
	if ((st = count_earn(lg, ec->req, ec->x, &c.points, err)) != JF_OK)
		return st;
	c.type = "earn";
	c.ref = ec->ref;
	c.memo = memo;
	c.source = SYS_ISSUED;
	/* Points from a purchase wait out the return window before they can be spent. */
	c.lock_days = lg->cfg->lock_days;
	if ((st = ledger_credit(lg, &c, res, err)) != JF_OK ||
	    (res->entry_id && (st = earn_rule_record(lg, c.card, ec->req->receipt, res->entry_id,
						     ec->x, err)) != JF_OK))
		return st;
	return record_receipt(lg, ec->req->receipt, c.card, c.kind, ec->req->fen, res, ec->x, err);
}

/* The checks of a purchase before anything is read. */
static enum jf_status
check_earn(struct ledger *lg, const struct earn_request *req, struct jf_error *err)
{
	enum jf_status st;

	if ((st = ledger_check_card(lg, req->card, err)) != JF_OK)
		return st;
	if (req->category && (st = parse_name("category", req->category, err)) != JF_OK)
		return st;
	/* A mistyped category must not silently earn at the default rate. */
	if (req->category && !settings_has_category(lg->cfg, req->category))
		return jf_fail(err, JF_USAGE, "no category named %s in the config", req->category);
	if (req->fen < 0 || req->fen > PARSE_FEN_MAX)
		return jf_fail(err, JF_USAGE, "amount out of range");
	return JF_OK;
}

enum jf_status
ledger_earn_explained(struct ledger *lg, const struct earn_request *req,
		      struct ledger_result *res, struct earn_explain *x, struct jf_error *err)
{
	struct earn_explain *own = x ? NULL : xmalloc(sizeof *own);
	struct earn_ctx ec = { req, NULL, x ? x : own };
	enum jf_status st;
	char *ref, *canonical;

	memset(ec.x, 0, sizeof *ec.x);
	if ((st = check_earn(lg, req, err)) != JF_OK ||
	    (st = parse_key("receipt", req->receipt, err)) != JF_OK) {
		free(own);
		return st;
	}
	ref = xasprintf("earn:%s", req->receipt);
	canonical = xasprintf("earn\n%s\n%lld\n%d\n%s", req->card, (long long)req->fen,
			      req->green, req->category ? req->category : "");
	ec.ref = ref;
	st = keyed_write(lg, ref, canonical, do_earn, &ec, res, err);
	if (st == JF_OK && res->replay) {
		/* A replay earns nothing again: what the first time gave is read back
		 * (over whatever an attempt the database undid had counted). */
		memset(ec.x, 0, sizeof *ec.x);
		ec.x->points[req->green ? KIND_GREEN : KIND_POINTS] = res->points;
		st = earn_rule_recorded(lg, req->receipt, ec.x, err);
	}
	free(ref);
	free(canonical);
	free(own);
	return st;
}

enum jf_status
ledger_earn(struct ledger *lg, const struct earn_request *req, struct ledger_result *res,
	    struct jf_error *err)
{
	return ledger_earn_explained(lg, req, res, NULL, err);
}

enum jf_status
ledger_earn_quote(struct ledger *lg, const struct earn_request *req, struct earn_explain *x,
		  struct jf_error *err)
{
	struct account acct;
	int64_t points;
	enum jf_status st;

	if ((st = check_earn(lg, req, err)) != JF_OK)
		return st;
	/* An unknown card is refused, as the purchase would refuse it. */
	st = account_of_card(lg->db, req->card, KIND_POINTS, &acct, err);
	if (st == JF_OK)
		st = count_earn(lg, req, x, &points, err);
	return st;
}

/* ---- earn reversal ---- */

struct reverse_ctx {
	const char *receipt;
	const char *ref;
};

/* What an earlier purchase credited: per kind (a receipt of lines may
 * have earned both), the member's account, the points and its lot. */
struct earned {
	int64_t account_id, points, lot_id; /* lot_id 0: nothing of it is left */
};

/* The entry of an earlier purchase and what it credited, in line order. */
static enum jf_status
find_earn(struct db *db, const char *receipt, int64_t *entry_id,
	  struct earned out[KIND_COUNT], size_t *count, struct jf_error *err)
{
	/* The purchase's lot, if any of it is left (through the open-lot index). */
	struct db_stmt *s = db_stmt(db,
		"SELECT e.id, l.account_id, l.amount, coalesce((SELECT lot.id FROM lot "
		"WHERE lot.account_id = l.account_id AND lot.remaining > 0 "
		"AND lot.entry_id = e.id), 0) FROM idem i JOIN entry e ON e.id = i.entry_id "
		"JOIN line l ON l.entry_id = e.id "
		"JOIN account a ON a.id = l.account_id AND a.member_id IS NOT NULL "
		"WHERE i.key = :ref ORDER BY l.seq");
	char *ref = xasprintf("earn:%s", receipt);
	enum db_step_result rc;

	*count = 0;
	db_bind_text(s, ":ref", ref);
	free(ref);
	while ((rc = db_step(s, err)) == DB_ROW && *count < KIND_COUNT) {
		*entry_id = db_col_int(s, 0);
		out[*count].account_id = db_col_int(s, 1);
		out[*count].points = db_col_int(s, 2);
		out[*count].lot_id = db_col_int(s, 3);
		(*count)++;
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (*count == 0)
		return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_RECEIPT,
				 (struct jf_why){ .text = receipt },
				 "no purchase with receipt %s earned points", receipt);
	return JF_OK;
}

enum jf_status
ledger_refundable(struct ledger *lg, const struct account *acct, int64_t *take,
		  struct jf_error *err)
{
	char today[CLOCK_DATE_LEN];
	int64_t locked, overdue;
	enum jf_status st;

	/* Never below zero, never into points a voucher has reserved, never
	 * points past their date (they are the expired account's already): what
	 * is locked, and what is spendable beside the holds. */
	ledger_today(today);
	if ((st = lot_unspendable(lg->db, acct->id, today, &locked, &overdue, err)) != JF_OK ||
	    (st = ledger_available(lg, acct, take, err)) != JF_OK)
		return st;
	*take += locked;
	return JF_OK;
}

enum jf_status
ledger_take_back(struct ledger *lg, const struct take_back *t, int64_t *entry_id,
		 struct jf_error *err)
{
	char today[CLOCK_DATE_LEN];
	enum jf_status st;

	st = member_vs_system(lg, "reverse", t->ref, t->memo, t->earn_entry, t->acct->id,
			      SYS_ISSUED, t->acct->kind, -t->points, entry_id, err);
	if (st != JF_OK)
		return st;
	/* The purchase's own lot first, then locked lots, then the
	 * soonest-expiring others: spendable lots left back the holds. */
	ledger_today(today);
	return lot_consume(lg->db, t->acct->id, *entry_id, t->points, LOTS_IN_DATE, today,
			   t->lot_id, NULL, err);
}

/* How many of each kind's points to take back: never below zero (nor into
 * held or overdue points); a receipt of one kind less what refunds of its
 * parts were due (refund.c). */
static enum jf_status
plan_reverse(struct ledger *lg, const struct earned *e, size_t count, int64_t parts,
	     struct account acct[KIND_COUNT], int64_t take[KIND_COUNT],
	     struct ledger_result *res, struct jf_error *err)
{
	int64_t due;
	enum jf_status st;

	for (size_t k = 0; k < count; k++) {
		if ((st = account_get(lg->db, e[k].account_id, &acct[k], err)) != JF_OK ||
		    (st = ledger_refundable(lg, &acct[k], &take[k], err)) != JF_OK)
			return st;
		due = e[k].points - parts;
		take[k] = take[k] < due ? take[k] : due;
		res->points += take[k];
		res->shortfall += due - take[k];
	}
	return JF_OK;
}

static enum jf_status
do_reverse(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct reverse_ctx *rc = ctx;
	struct earned e[KIND_COUNT];
	struct account acct[KIND_COUNT];
	struct entry_line lines[2 * KIND_COUNT];
	struct entry_new en = { "reverse", rc->ref, NULL, 0, lines, 0, NULL };
	int64_t take[KIND_COUNT] = { 0 };
	char today[CLOCK_DATE_LEN], memo[160];
	int64_t given[2], parts = 0;
	enum jf_status st;
	size_t count = 0;

	if ((st = find_earn(lg->db, rc->receipt, &en.reverses, e, &count, err)) != JF_OK ||
	    (count == 1 && (st = refund_rest(lg, rc->receipt, rc->ref, &parts, err)) != JF_OK) ||
	    (st = plan_reverse(lg, e, count, parts, acct, take, res, err)) != JF_OK)
		return st;
	/* Points that paid for the goods (an offset of the same sale) come back. */
	if ((st = offset_give_back(lg, rc->receipt, rc->ref, 1, 1, &given[0], &given[1], err)))
		return st;
	for (size_t k = 0; k < count && st == JF_OK; k++) {
		if (take[k] == 0)
			continue;
		lines[en.count].account_id = acct[k].id;
		lines[en.count++].amount = -take[k];
		st = account_system(lg, SYS_ISSUED, acct[k].kind, &lines[en.count].account_id,
				    err);
		lines[en.count++].amount = take[k];
	}
	if (st != JF_OK || en.count == 0)
		return st == JF_OK ? refund_rest_taken(lg, rc->ref, 0, 0, given, err) : st;
	snprintf(memo, sizeof memo, "refund of purchase %s", rc->receipt);
	en.memo = memo;
	if ((st = entry_append(lg, &en, &res->entry_id, err)) != JF_OK)
		return st;
	/* The purchase's own lot first, then locked lots, then the
	 * soonest-expiring others: spendable lots left back the holds. */
	ledger_today(today);
	for (size_t k = 0; k < count && st == JF_OK; k++)
		if (take[k] > 0)
			st = lot_consume(lg->db, acct[k].id, res->entry_id, take[k], LOTS_IN_DATE,
					 today, e[k].lot_id, NULL, err);
	/* The campaigns of the purchase get back their share of what was taken. */
	if (st != JF_OK ||
	    (st = earn_rule_give_back(lg, rc->receipt, en.reverses, res->entry_id, err)) != JF_OK)
		return st;
	return refund_rest_taken(lg, rc->ref, res->points, res->entry_id, given, err);
}

/* The member's card now, for a screen. */
static enum jf_status
card_of(struct db *db, int64_t member_id, char *card, size_t size, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT card FROM member WHERE id = :m");
	enum db_step_result rc;

	db_bind_int(s, ":m", member_id);
	rc = db_step(s, err);
	if (rc == DB_ROW)
		snprintf(card, size, "%s", db_col_text(s, 0));
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
ledger_earn_lookup(struct ledger *lg, const char *receipt, struct earn_info *out,
		   struct jf_error *err)
{
	struct earned e[KIND_COUNT];
	struct account acct[KIND_COUNT];
	int64_t take[KIND_COUNT] = { 0 }, entry_id = 0, parts = 0, reversed;
	struct ledger_result res = { 0 };
	struct db_stmt *s;
	enum jf_status st;
	size_t count = 0;
	char *ref;

	memset(out, 0, sizeof *out);
	if ((st = parse_key("receipt", receipt, err)) != JF_OK ||
	    (st = find_earn(lg->db, receipt, &entry_id, e, &count, err)) != JF_OK ||
	    (st = account_get(lg->db, e[0].account_id, &acct[0], err)) != JF_OK ||
	    (st = card_of(lg->db, acct[0].member_id, out->card, sizeof out->card, err)) != JF_OK)
		return st;
	out->kind = acct[0].kind;
	for (size_t k = 0; k < count; k++)
		out->points += e[k].points;
	s = db_stmt(lg->db, "SELECT count(*) FROM idem WHERE key = :k");
	ref = xasprintf("reverse:%s", receipt);
	db_bind_text(s, ":k", ref);
	free(ref);
	if ((st = db_one_int(s, &reversed, err)) != JF_OK)
		return st;
	out->reversed = reversed > 0;
	if (out->reversed)
		return JF_OK;
	/* The reversal's own plan, read-only: what refunds of parts were due
	 * is read, not recorded as the reversal does. */
	if ((count == 1 && (st = refund_parts_due(lg, receipt, &parts, err)) != JF_OK) ||
	    (st = plan_reverse(lg, e, count, parts, acct, take, &res, err)) != JF_OK)
		return st;
	out->take = res.points;
	out->shortfall = res.shortfall;
	return offset_give_back_quote(lg, receipt, 1, 1, &out->offset_points, &out->offset_fen,
				      err);
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
	if (st == JF_OK && !res->replay)
		log_ledger(lg, LOG_CLASS_MONEY, "grant", "card=%s points=%lld kind=%s entry=%lld "
			   "reason=%s", req->card, (long long)req->points, kind_name(req->kind),
			   (long long)res->entry_id, req->reason);
	free(ref);
	free(canonical);
	return st;
}
