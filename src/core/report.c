/*
 * report: reads of the ledger for people: balances with their expiring
 * lots, a member's history, the store summary. Balances come from the
 * account rows kept current by every entry, never from replaying history.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "ledger_int.h"
#include "lot.h"
#include "xalloc.h"

/* Spendable now: neither held by a voucher, nor locked, nor past its date
 * (a lot past its date waits for the daily expiry but is not spendable). */
static int64_t
available_of(const struct account *acct, int64_t locked, int64_t overdue)
{
	int64_t available = acct->balance - acct->held - locked - overdue;

	return available < 0 ? 0 : available;
}

enum jf_status
ledger_available(struct ledger *lg, const struct account *acct, int64_t *available,
		 struct jf_error *err)
{
	char today[CLOCK_DATE_LEN];
	int64_t locked, overdue;
	enum jf_status st;

	ledger_today(today);
	if ((st = lot_unspendable(lg->db, acct->id, today, &locked, &overdue, err)) != JF_OK)
		return st;
	*available = available_of(acct, locked, overdue);
	return JF_OK;
}

enum jf_status
ledger_need_available(struct ledger *lg, const struct account *acct, const char *card,
		      int64_t points, struct jf_error *err)
{
	int64_t available;
	enum jf_status st;

	if ((st = ledger_available(lg, acct, &available, err)) != JF_OK || available >= points)
		return st;
	return jf_refuse(err, JF_INSUFFICIENT, JF_R_INSUFFICIENT,
			 (struct jf_why){ .num = { points - available, available, points, acct->kind } },
			 "%s has %lld %s available, not %lld", card, (long long)available,
			 kind_name(acct->kind), (long long)points);
}

static enum jf_status
add_expiring(struct ledger *lg, const char *card, struct balance *b, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db,
		"SELECT sum(l.remaining), a.kind, l.expires_on FROM account a "
		"JOIN lot l ON l.account_id = a.id AND l.remaining > 0 "
		"WHERE a.member_id = (SELECT id FROM member WHERE card = :card) "
		"AND l.expires_on >= :today "
		"AND l.expires_on <= :until GROUP BY a.kind, l.expires_on "
		"ORDER BY l.expires_on, a.kind");
	char today[CLOCK_DATE_LEN], until[CLOCK_DATE_LEN];
	struct expiring_lot *x;
	enum db_step_result rc;

	ledger_today(today);
	clock_date_add(today, lg->cfg->expiry_notice_days, until);
	db_bind_text(s, ":card", card);
	db_bind_text(s, ":today", today);
	db_bind_text(s, ":until", until);
	while ((rc = db_step(s, err)) == DB_ROW) {
		b->expiring = xrealloc(b->expiring, (b->expiring_count + 1) * sizeof *b->expiring);
		x = &b->expiring[b->expiring_count++];
		x->points = db_col_int(s, 0);
		x->kind = (enum point_kind)db_col_int(s, 1);
		strncpy(x->date, db_col_text(s, 2), sizeof x->date - 1);
		x->date[sizeof x->date - 1] = '\0';
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

static enum jf_status
balance_read(struct ledger *lg, const char *card, struct balance *out, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN];
	struct account acct;
	int64_t locked, overdue;
	enum jf_status st;

	ledger_today(today);
	for (int k = 0; k < KIND_COUNT; k++) {
		if ((st = account_of_card(lg->db, card, (enum point_kind)k, &acct, err)) != JF_OK ||
		    (st = lot_unspendable(lg->db, acct.id, today, &locked, &overdue, err)) != JF_OK)
			return st;
		out->total[k] = acct.balance;
		out->held[k] = acct.held;
		out->pending[k] = locked;
		out->available[k] = available_of(&acct, locked, overdue);
		/* Not overdue itself: a voucher may hold points of a lot past
		 * its date, and those are counted as held. */
		out->overdue[k] = acct.balance - acct.held - locked - out->available[k];
		if (out->overdue[k] < 0)
			out->overdue[k] = 0;
	}
	return add_expiring(lg, card, out, err);
}

enum jf_status
ledger_balance(struct ledger *lg, const char *card, struct balance *out, struct jf_error *err)
{
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	/* One snapshot, so the figures agree with each other. */
	if ((st = db_begin_read(lg->db, err)) != JF_OK)
		return st;
	st = balance_read(lg, card, out, err);
	if (st != JF_OK) {
		db_rollback(lg->db);
		balance_done(out);
		return st;
	}
	return db_commit(lg->db, err);
}

void
balance_done(struct balance *b)
{
	free(b->expiring);
	b->expiring = NULL;
	b->expiring_count = 0;
}

enum jf_status
ledger_history(struct ledger *lg, const char *card, int64_t limit,
	       int (*fn)(const struct history_item *item, void *ctx), void *ctx,
	       struct jf_error *err)
{
	struct db_stmt *s;
	struct history_item item;
	struct account acct;
	enum jf_status st;
	enum db_step_result rc;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = account_of_card(lg->db, card, KIND_POINTS, &acct, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db,
		"SELECT e.id, e.ts, e.type, e.ref, e.memo, a.kind, l.amount, e.actor, e.terminal "
		"FROM line l "
		"JOIN entry e ON e.id = l.entry_id JOIN account a ON a.id = l.account_id "
		"WHERE a.member_id = :m ORDER BY e.id DESC, a.kind LIMIT :n");
	db_bind_int(s, ":m", acct.member_id);
	db_bind_int(s, ":n", limit);
	while ((rc = db_step(s, err)) == DB_ROW) {
		item.entry_id = db_col_int(s, 0);
		item.ts = db_col_int(s, 1);
		item.type = db_col_text(s, 2);
		item.ref = db_col_text(s, 3);
		item.memo = db_col_text(s, 4);
		item.kind = (enum point_kind)db_col_int(s, 5);
		item.points = db_col_int(s, 6);
		item.actor = db_col_text(s, 7);
		item.terminal = db_col_text(s, 8);
		if (fn(&item, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* Step s, whose rows are (kind, sum), into out. */
static enum jf_status
sums_by_kind(struct db_stmt *s, int64_t out[KIND_COUNT], struct jf_error *err)
{
	enum db_step_result rc;

	while ((rc = db_step(s, err)) == DB_ROW)
		out[db_col_int(s, 0) & 1] = db_col_int(s, 1);
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

static enum jf_status
summary_sys(struct ledger *lg, const char *sys, int64_t out[KIND_COUNT], struct jf_error *err)
{
	char name[ACCOUNT_NAME_SIZE], stores[ACCOUNT_NAME_SIZE + 2];
	struct db_stmt *s;
	enum jf_status st = JF_OK;

	/* The chain's: the store-less account and every store's. */
	for (int k = 0; k < KIND_COUNT && st == JF_OK; k++) {
		account_system_name(sys, (enum point_kind)k, "", name);
		snprintf(stores, sizeof stores, "%s:%%", name);
		s = db_stmt(lg->db, "SELECT abs(coalesce(sum(balance), 0)) FROM account "
				    "WHERE member_id IS NULL AND (name = :n OR name LIKE :stores)");
		db_bind_text(s, ":n", name);
		db_bind_text(s, ":stores", stores);
		st = db_one_int(s, &out[k], err);
	}
	return st;
}

static enum jf_status
summary_counts(struct db *db, struct ledger_summary *o, struct jf_error *err)
{
	enum jf_status st;

	if ((st = db_one_int(db_stmt(db, "SELECT count(*) FROM member"), &o->members, err)) ||
	    (st = db_one_int(db_stmt(db, "SELECT count(*) FROM family"), &o->families, err)) ||
	    /* Counted, not the last id: ids may skip (a rolled-back insert
	     * uses one up on PostgreSQL). */
	    (st = db_one_int(db_stmt(db, "SELECT count(*) FROM entry"), &o->entries, err)) ||
	    (st = db_one_int(db_stmt(db, "SELECT coalesce(max(ts), 0) FROM entry"),
			     &o->last_entry_ts, err)) ||
	    (st = db_one_int(db_stmt(db, "SELECT count(*) FROM lot WHERE remaining > 0"),
			     &o->lots_open, err)))
		return st;
	return db_one_int(db_stmt(db, "SELECT count(*) FROM hold WHERE state = 0"),
			  &o->holds_pending, err);
}

static enum jf_status
summary_read(struct ledger *lg, struct ledger_summary *o, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN], until[CLOCK_DATE_LEN];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = summary_counts(lg->db, o, err)) ||
	    (st = sums_by_kind(db_stmt(lg->db, "SELECT kind, sum(balance) FROM account "
					       "WHERE member_id IS NOT NULL GROUP BY kind"),
			       o->outstanding, err)) ||
	    (st = sums_by_kind(db_stmt(lg->db, "SELECT kind, sum(held) FROM account "
					       "WHERE member_id IS NOT NULL GROUP BY kind"),
			       o->held, err)))
		return st;
	ledger_today(today);
	clock_date_add(today, lg->cfg->expiry_notice_days, until);
	s = db_stmt(lg->db, "SELECT a.kind, sum(l.remaining) FROM lot l JOIN account a "
			    "ON a.id = l.account_id WHERE l.remaining > 0 AND l.expires_on "
			    "BETWEEN :today AND :until GROUP BY a.kind");
	db_bind_text(s, ":today", today);
	db_bind_text(s, ":until", until);
	if ((st = sums_by_kind(s, o->expiring_soon, err)))
		return st;
	if ((st = summary_sys(lg, SYS_ISSUED, o->issued, err)) ||
	    (st = summary_sys(lg, SYS_REDEEMED, o->redeemed, err)))
		return st;
	return summary_sys(lg, SYS_EXPIRED, o->expired, err);
}

enum jf_status
ledger_summary(struct ledger *lg, struct ledger_summary *out, struct jf_error *err)
{
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = db_begin_read(lg->db, err)) != JF_OK)
		return st;
	st = summary_read(lg, out, err);
	if (st != JF_OK) {
		db_rollback(lg->db);
		return st;
	}
	return db_commit(lg->db, err);
}
