/*
 * lot: creating and consuming lots. Expiry lives in ledger.c, which owns the
 * entry it writes; this file never touches balances.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "clock.h"
#include "entry.h"
#include "lot.h"
#include "xalloc.h"

void
lot_takes_done(struct lot_takes *t)
{
	free(t->items);
	t->items = NULL;
	t->count = 0;
}

/* The hash of a new lot (chain.h): its entry's hash and its account's name,
 * as this ledger just wrote them (entry_appended_line()) or from the rows. */
static enum jf_status
lot_hash(struct ledger *lg, int64_t account_id, int64_t entry_id, int64_t amount,
	 const char *expires_on, const char *available_on, unsigned char out[CHAIN_HASH_LEN],
	 struct jf_error *err)
{
	struct db_stmt *s;
	unsigned char entry_hash[CHAIN_HASH_LEN] = { 0 };
	char account[128] = "";
	struct chain_lot l = { entry_hash, account, amount, expires_on, available_on };
	enum db_step_result rc;
	const void *h;
	size_t len;

	if (entry_appended_line(lg, entry_id, account_id, entry_hash, account, sizeof account)) {
		chain_lot_hash(&l, out);
		return JF_OK;
	}
	s = db_stmt(lg->db, "SELECT e.hash, a.name FROM entry e, account a "
			    "WHERE e.id = :e AND a.id = :a");

	db_bind_int(s, ":e", entry_id);
	db_bind_int(s, ":a", account_id);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		h = db_col_blob(s, 0, &len);
		if (len == CHAIN_HASH_LEN)
			memcpy(entry_hash, h, CHAIN_HASH_LEN);
		snprintf(account, sizeof account, "%s", db_col_text(s, 1));
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc != DB_ROW)
		return jf_fail(err, JF_ERR, "internal error: a lot of no entry or account");
	chain_lot_hash(&l, out);
	return JF_OK;
}

enum jf_status
lot_create(struct ledger *lg, int64_t account_id, int64_t entry_id, int64_t amount,
	   const char *expires_on, const char *available_on, struct jf_error *err)
{
	struct db_stmt *s;
	unsigned char hash[CHAIN_HASH_LEN];
	enum jf_status st;

	st = lot_hash(lg, account_id, entry_id, amount, expires_on, available_on, hash, err);
	if (st != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO lot(account_id, entry_id, amount, remaining, expires_on, "
			"available_on, hash) VALUES (:a, :e, :amt, :amt, :exp, :avail, :hash)");
	db_bind_blob(s, ":hash", hash, CHAIN_HASH_LEN);
	db_bind_int(s, ":a", account_id);
	db_bind_int(s, ":e", entry_id);
	db_bind_int(s, ":amt", amount);
	db_bind_text(s, ":exp", expires_on);
	db_bind_text(s, ":avail", available_on);
	return db_run(s, err);
}

static void
add_take(struct lot_takes *t, int64_t lot_id, int64_t amount, const char *expires_on)
{
	struct lot_take *k;

	t->items = xrealloc(t->items, (t->count + 1) * sizeof *t->items);
	k = &t->items[t->count++];
	k->lot_id = lot_id;
	k->amount = amount;
	strncpy(k->expires_on, expires_on, sizeof k->expires_on - 1);
	k->expires_on[sizeof k->expires_on - 1] = '\0';
}

/*
 * The lots a scope may take from, in the order it takes them. Points past
 * their date are never spent by anything but the hold that reserved them
 * while they were in date (LOTS_HELD takes them only once the lots in date
 * are used up, the order the daily expiry assumes too).
 */
static struct db_stmt *
lots_query(struct db *db, enum lot_scope scope)
{
	switch (scope) {
	case LOTS_SPENDABLE:
		return db_stmt(db, "SELECT id, remaining, expires_on FROM lot "
				   "WHERE account_id = :a AND remaining > 0 AND available_on <= :today "
				   "AND expires_on >= :today ORDER BY id <> :prefer, expires_on, id");
	case LOTS_IN_DATE:
		return db_stmt(db, "SELECT id, remaining, expires_on FROM lot "
				   "WHERE account_id = :a AND remaining > 0 AND expires_on >= :today "
				   "ORDER BY id <> :prefer, available_on <= :today, expires_on, id");
	case LOTS_HELD:
		return db_stmt(db, "SELECT id, remaining, expires_on FROM lot "
				   "WHERE account_id = :a AND remaining > 0 ORDER BY id <> :prefer, "
				   "CASE WHEN available_on > :today THEN 2 "
				   "WHEN expires_on < :today THEN 1 ELSE 0 END, expires_on, id");
	case LOTS_ANY:
		break;
	}
	return db_stmt(db, "SELECT id, remaining, expires_on FROM lot "
			   "WHERE account_id = :a AND remaining > 0 "
			   "ORDER BY id <> :prefer, available_on > :today, expires_on, id");
}

/* Read the lots to take from first, so no statement is live while we update. */
static enum jf_status
plan_takes(struct db *db, int64_t account_id, int64_t amount, enum lot_scope scope,
	   const char *today, int64_t prefer_lot, struct lot_takes *plan, struct jf_error *err)
{
	struct db_stmt *s = lots_query(db, scope);
	int64_t left = amount, take;
	enum db_step_result rc;

	db_bind_int(s, ":a", account_id);
	db_bind_text(s, ":today", today);
	db_bind_int(s, ":prefer", prefer_lot);
	while (left > 0 && (rc = db_step(s, err)) == DB_ROW) {
		take = db_col_int(s, 1) < left ? db_col_int(s, 1) : left;
		add_take(plan, db_col_int(s, 0), take, db_col_text(s, 2));
		left -= take;
	}
	db_reset(s);
	if (left > 0 && rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (left > 0)
		/* A backstop behind the callers' checks: the kind is not known here. */
		return jf_refuse(err, JF_INSUFFICIENT, JF_R_INSUFFICIENT,
				 (struct jf_why){ .num = { left, amount - left, amount } },
				 "not enough points: %lld more needed", (long long)left);
	return JF_OK;
}

static enum jf_status
apply_take(struct db *db, int64_t entry_id, const struct lot_take *k, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "UPDATE lot SET remaining = remaining - :amt WHERE id = :id");
	enum jf_status st;

	db_bind_int(s, ":amt", k->amount);
	db_bind_int(s, ":id", k->lot_id);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	s = db_stmt(db, "INSERT INTO lot_use(entry_id, lot_id, amount) VALUES (:e, :lot, :amt) "
			"ON CONFLICT(entry_id, lot_id) DO UPDATE "
			"SET amount = lot_use.amount + excluded.amount");
	db_bind_int(s, ":e", entry_id);
	db_bind_int(s, ":lot", k->lot_id);
	db_bind_int(s, ":amt", k->amount);
	return db_run(s, err);
}

enum jf_status
lot_consume(struct db *db, int64_t account_id, int64_t entry_id, int64_t amount,
	    enum lot_scope scope, const char *today, int64_t prefer_lot, struct lot_takes *takes,
	    struct jf_error *err)
{
	struct lot_takes plan = { NULL, 0 };
	enum jf_status st;

	st = plan_takes(db, account_id, amount, scope, today, prefer_lot, &plan, err);
	for (size_t i = 0; st == JF_OK && i < plan.count; i++)
		st = apply_take(db, entry_id, &plan.items[i], err);
	if (st == JF_OK && takes != NULL) {
		*takes = plan;
		return JF_OK;
	}
	lot_takes_done(&plan);
	return st;
}

enum jf_status
lot_unspendable(struct db *db, int64_t account_id, const char *today, int64_t *locked,
		int64_t *overdue, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"SELECT coalesce(sum(CASE WHEN available_on > :today THEN remaining END), 0), "
		"coalesce(sum(CASE WHEN available_on <= :today AND expires_on < :today "
		"THEN remaining END), 0) FROM lot WHERE account_id = :a AND remaining > 0");
	enum db_step_result rc;

	db_bind_text(s, ":today", today);
	db_bind_int(s, ":a", account_id);
	rc = db_step(s, err);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	*locked = rc == DB_ROW ? db_col_int(s, 0) : 0;
	*overdue = rc == DB_ROW ? db_col_int(s, 1) : 0;
	db_reset(s);
	return JF_OK;
}

enum jf_status
lot_move_expiry(struct ledger *lg, int64_t lot_id, const char *old_date, const char *new_date,
		const char *reason, struct jf_error *err)
{
	unsigned char lot_hash[CHAIN_HASH_LEN] = { 0 }, hash[CHAIN_HASH_LEN];
	struct chain_lot_change c = { lot_hash, clock_now(), old_date, new_date, reason };
	char actor[ACTOR_TEXT_SIZE];
	enum db_step_result rc;
	struct db_stmt *s;
	enum jf_status st;
	const void *h;
	size_t len;

	if ((st = ledger_actor_text(lg, "a lot's new expiry date", actor, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE lot SET expires_on = :d WHERE id = :id RETURNING hash");
	db_bind_text(s, ":d", new_date);
	db_bind_int(s, ":id", lot_id);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		/* A lot of an older ledger has no hash: its changes hash over zeros. */
		h = db_col_blob(s, 0, &len);
		if (len == CHAIN_HASH_LEN)
			memcpy(lot_hash, h, CHAIN_HASH_LEN);
		rc = db_step(s, err);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	chain_lot_change_hash(&c, hash);
	s = db_stmt(lg->db, "INSERT INTO lot_change(lot_id, ts, old_expires_on, new_expires_on, "
			    "reason, actor, terminal, hash) VALUES (:id, :now, :old, :new, :why, "
			    ":actor, :terminal, :hash)");
	db_bind_blob(s, ":hash", hash, CHAIN_HASH_LEN);
	db_bind_int(s, ":id", lot_id);
	db_bind_int(s, ":now", c.ts);
	db_bind_text(s, ":old", old_date);
	db_bind_text(s, ":new", new_date);
	db_bind_text(s, ":why", reason);
	db_bind_text(s, ":actor", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	return db_run(s, err);
}

enum jf_status
lot_restore(struct ledger *lg, int64_t entry_id, const char *today, int64_t grace_days,
	    const char *reason, struct jf_error *err)
{
	struct db *db = lg->db;
	struct db_stmt *s = db_stmt(db, "SELECT u.lot_id, u.amount, l.expires_on FROM lot_use u "
					"JOIN lot l ON l.id = u.lot_id WHERE u.entry_id = :e");
	struct lot_takes used = { NULL, 0 };
	char until[CLOCK_DATE_LEN];
	enum jf_status st = JF_OK;
	enum db_step_result rc;

	db_bind_int(s, ":e", entry_id);
	while ((rc = db_step(s, err)) == DB_ROW)
		add_take(&used, db_col_int(s, 0), db_col_int(s, 1), db_col_text(s, 2));
	db_reset(s);
	if (rc == DB_ERROR)
		st = err ? err->status : JF_ERR;
	clock_date_add(today, grace_days, until);
	s = db_stmt(db, "UPDATE lot SET remaining = remaining + :amt WHERE id = :id");
	for (size_t i = 0; st == JF_OK && i < used.count; i++) {
		db_bind_int(s, ":amt", used.items[i].amount);
		db_bind_int(s, ":id", used.items[i].lot_id);
		st = db_run(s, err);
		if (st == JF_OK && strcmp(used.items[i].expires_on, until) < 0)
			st = lot_move_expiry(lg, used.items[i].lot_id, used.items[i].expires_on, until,
					     reason, err);
	}
	lot_takes_done(&used);
	return st;
}
