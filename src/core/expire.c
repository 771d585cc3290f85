/*
 * expire: the daily job that moves lots past their expiry date to the
 * expired account, as one entry for the whole run.
 *
 * Points reserved by a pending hold are never expired: a voucher issued
 * before the date still redeems. Those points wait until the hold is posted
 * (they are consumed) or voided (the next run takes them). Accounts with a
 * pending hold are expired lot by lot; all others in one statement.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "ledger_int.h"
#include "xalloc.h"

struct due {
	int64_t account_id;
	int kind;
	int64_t take;
	int held; /* the account has pending holds: its lots go one by one */
};

struct due_list {
	struct due *items;
	size_t count;
	int64_t total[KIND_COUNT];
	size_t held_count;
};

static enum jf_status
collect_due(struct db *db, const char *today, struct due_list *dl, struct jf_error *err)
{
	/* Points still locked in a return window cannot back a hold (holds take
	 * only available points), so they do not count as free: the due points
	 * a voucher reserved are kept rather than replaced by locked ones. */
	struct db_stmt *s = db_stmt(db,
		"SELECT a.id, a.kind, sum(l.remaining), a.balance - a.held - "
		"coalesce((SELECT sum(k.remaining) FROM lot k WHERE k.account_id = a.id "
		"AND k.remaining > 0 AND k.available_on > :today AND k.expires_on >= :today), 0), "
		"a.held FROM lot l JOIN account a ON a.id = l.account_id "
		"WHERE l.remaining > 0 AND l.expires_on < :today GROUP BY a.id");
	int64_t due, free_points;
	struct due *d;
	enum db_step_result rc;

	db_bind_text(s, ":today", today);
	while ((rc = db_step(s, err)) == DB_ROW) {
		due = db_col_int(s, 2);
		free_points = db_col_int(s, 3) > 0 ? db_col_int(s, 3) : 0;
		dl->items = xrealloc(dl->items, (dl->count + 1) * sizeof *dl->items);
		d = &dl->items[dl->count++];
		d->account_id = db_col_int(s, 0);
		d->kind = (int)db_col_int(s, 1) & 1;
		/* Without holds every due point is free: lots add up to the
		 * balance, and locked lots are not due. */
		d->held = db_col_int(s, 4) > 0;
		d->take = due > free_points ? free_points : due;
		dl->total[d->kind] += d->take;
		dl->held_count += (size_t)d->held;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

static enum jf_status
write_entry(struct ledger *lg, const char *today, const struct due_list *dl, int64_t *entry_id,
	    struct jf_error *err)
{
	struct entry_line *lines = xcalloc(dl->count + KIND_COUNT, sizeof *lines);
	struct entry_new e = { "expire", NULL, NULL, 0, lines, 0, NULL };
	enum jf_status st = JF_OK;
	struct actor job;
	int64_t last;
	char *ref;

	for (size_t i = 0; i < dl->count; i++)
		if (dl->items[i].take > 0)
			lines[e.count++] = (struct entry_line){ dl->items[i].account_id,
								-dl->items[i].take };
	for (int k = 0; k < KIND_COUNT && st == JF_OK; k++) {
		if (dl->total[k] == 0)
			continue;
		st = account_system(lg, SYS_EXPIRED, (enum point_kind)k,
				    &lines[e.count].account_id, err);
		lines[e.count++].amount = dl->total[k];
	}
	if (st == JF_OK)
		st = entry_last_id(lg, &last, err);
	if (st != JF_OK) {
		free(lines);
		return st;
	}
	ref = xasprintf("expire:%s:%lld", today, (long long)last + 1);
	e.ref = ref;
	e.memo = "points past their expiry date";
	/* The daily expiry is the store's rule at work, whoever starts it. */
	actor_system(&job, "expire");
	e.actor = &job;
	st = entry_append(lg, &e, entry_id, err);
	free(ref);
	free(lines);
	return st;
}

/* Expire what an account with pending holds may lose, soonest lots first. */
static enum jf_status
expire_held(struct db *db, const struct due *d, const char *today, int64_t entry_id,
	       int64_t *lots, struct jf_error *err)
{
	struct db_stmt *s;
	int64_t left = d->take, take, *ids = NULL, *amounts = NULL;
	size_t n = 0;
	enum jf_status st = JF_OK;
	enum db_step_result rc = DB_DONE;

	s = db_stmt(db, "SELECT id, remaining FROM lot WHERE account_id = :a AND remaining > 0 "
			"AND expires_on < :today ORDER BY expires_on, id");
	db_bind_int(s, ":a", d->account_id);
	db_bind_text(s, ":today", today);
	while (left > 0 && (rc = db_step(s, err)) == DB_ROW) {
		take = db_col_int(s, 1) < left ? db_col_int(s, 1) : left;
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		amounts = xrealloc(amounts, (n + 1) * sizeof *amounts);
		ids[n] = db_col_int(s, 0);
		amounts[n++] = take;
		left -= take;
	}
	db_reset(s);
	if (rc == DB_ERROR)
		st = err ? err->status : JF_ERR;
	s = db_stmt(db, "UPDATE lot SET remaining = remaining - :amt, expired = expired + :amt, "
			"expire_entry = :e WHERE id = :id");
	for (size_t i = 0; st == JF_OK && i < n; i++) {
		db_bind_int(s, ":amt", amounts[i]);
		db_bind_int(s, ":e", entry_id);
		db_bind_int(s, ":id", ids[i]);
		st = db_run(s, err);
	}
	*lots += (int64_t)n;
	free(ids);
	free(amounts);
	return st;
}

/* Every due lot of the accounts without pending holds in one statement:
 * the daily job stays fast at 10^6 lots. */
static enum jf_status
expire_rest(struct db *db, const char *today, int64_t entry_id, int skip_held, int64_t *lots,
	    struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	s = skip_held
		? db_stmt(db, "UPDATE lot SET expired = expired + remaining, remaining = 0, "
			      "expire_entry = :e WHERE remaining > 0 AND expires_on < :today "
			      "AND account_id NOT IN (SELECT id FROM account WHERE held > 0)")
		: db_stmt(db, "UPDATE lot SET expired = expired + remaining, remaining = 0, "
			      "expire_entry = :e WHERE remaining > 0 AND expires_on < :today");
	db_bind_int(s, ":e", entry_id);
	db_bind_text(s, ":today", today);
	st = db_run(s, err);
	*lots += db_changes(db);
	return st;
}

static enum jf_status
do_expire(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct expire_result *er = ctx;
	struct due_list dl;
	char today[CLOCK_DATE_LEN];
	enum jf_status st;

	memset(&dl, 0, sizeof dl);
	ledger_today(today);
	st = collect_due(lg->db, today, &dl, err);
	if (st == JF_OK && dl.total[0] + dl.total[1] > 0)
		st = write_entry(lg, today, &dl, &er->entry_id, err);
	for (size_t i = 0; st == JF_OK && er->entry_id && i < dl.count; i++)
		if (dl.items[i].held && dl.items[i].take > 0)
			st = expire_held(lg->db, &dl.items[i], today, er->entry_id, &er->lots, err);
	if (st == JF_OK && er->entry_id)
		st = expire_rest(lg->db, today, er->entry_id, dl.held_count > 0, &er->lots, err);
	for (int k = 0; k < KIND_COUNT; k++)
		er->points[k] = dl.total[k];
	res->entry_id = er->entry_id;
	free(dl.items);
	return st;
}

static enum jf_status
expire_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct expire_result *res = ctx;
	struct ledger_result lr;

	memset(res, 0, sizeof *res);
	return do_expire(lg, res, &lr, err);
}

enum jf_status
ledger_expire(struct ledger *lg, struct expire_result *res, struct jf_error *err)
{
	enum jf_status st;

	if ((st = ledger_write(lg, expire_once, res, err)) != JF_OK)
		memset(res, 0, sizeof *res);
	return st;
}
