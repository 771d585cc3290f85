/*
 * entry: the only code that writes entries and lines and moves balances.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "chain.h"
#include "clock.h"
#include "entry.h"
#include "log.h"

_Static_assert(sizeof ((struct ledger_last_entry *)0)->hash == CHAIN_HASH_LEN,
	       "a kept entry's hash is a chain hash");
_Static_assert(sizeof ((struct ledger_tip *)0)->hash == CHAIN_HASH_LEN,
	       "a kept tip's hash is a chain hash");

/* The newest entry of this store's chain (entry_store index): a store
 * never reads, so never waits for, another's tip. */
static enum jf_status
read_tip(struct db *db, const char *store, struct ledger_tip *tip, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT id, ts, hash FROM entry WHERE store = :store "
					"ORDER BY id DESC LIMIT 1");
	const void *h;
	size_t len;
	enum db_step_result rc;

	memset(tip, 0, sizeof *tip);
	db_bind_text(s, ":store", store);
	rc = db_step(s, err);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_ROW) {
		tip->id = db_col_int(s, 0);
		tip->ts = db_col_int(s, 1);
		h = db_col_blob(s, 2, &len);
		if (len == CHAIN_HASH_LEN)
			memcpy(tip->hash, h, CHAIN_HASH_LEN);
	}
	db_reset(s);
	return JF_OK;
}

enum jf_status
entry_last_id(struct ledger *lg, int64_t *id, struct jf_error *err)
{
	struct ledger_tip tip;
	enum jf_status st = read_tip(lg->db, lg->cfg->store, &tip, err);

	*id = tip.id;
	return st;
}

/*
 * The latest time of this store's writes: its chain's tip and its newest
 * hold (a voucher's hold is a dated write too). Only those two rows: on
 * PostgreSQL every row a write reads is a predicate lock, and reading the
 * newest dozens of entries locked the pages every other store appends to,
 * so that stores writing at once cancelled each other. A clock that steps
 * back less than the tolerance at each write is let through here as
 * before; verify refuses an entry more than a day behind any before it.
 */
static enum jf_status
latest_ts(struct ledger *lg, int64_t *ts, struct jf_error *err)
{
	/* The tip and the hold in one statement: on PostgreSQL each is a
	 * round trip. The tip is kept for entry_append(). */
	struct db_stmt *s = db_stmt(lg->db, "SELECT h.held, e.id, e.ts, e.hash FROM "
					"(SELECT coalesce((SELECT created_at FROM hold "
					"WHERE store = :store ORDER BY id DESC LIMIT 1), 0) AS held) h "
					"LEFT JOIN (SELECT id, ts, hash FROM entry WHERE store = :store "
					"ORDER BY id DESC LIMIT 1) e ON 1 = 1");
	struct ledger_tip *tip = &lg->tip;
	enum db_step_result rc;
	int64_t held = 0;
	const void *h;
	size_t len;

	memset(tip, 0, sizeof *tip);
	db_bind_text(s, ":store", lg->cfg->store);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		held = db_col_int(s, 0);
		tip->id = db_col_int(s, 1);
		tip->ts = db_col_int(s, 2);
		h = db_col_blob(s, 3, &len);
		if (len == CHAIN_HASH_LEN)
			memcpy(tip->hash, h, CHAIN_HASH_LEN);
	}
	db_reset(s);
	if (rc == DB_ERROR) {
		tip->txn = 0;
		return err ? err->status : JF_ERR;
	}
	tip->txn = db_transaction_serial(lg->db);
	*ts = held > tip->ts ? held : tip->ts;
	return JF_OK;
}

enum jf_status
entry_clock_check(struct ledger *lg, int64_t *now, struct jf_error *err)
{
	char at[CLOCK_ISO_LEN], latest_at[CLOCK_ISO_LEN];
	int64_t latest = 0, tolerance = lg->cfg->clock_tolerance_s;
	enum jf_status st;

	*now = clock_now();
	if ((st = latest_ts(lg, &latest, err)) != JF_OK || *now >= latest - tolerance)
		return st;
	clock_format_iso(*now, at);
	clock_format_iso(latest, latest_at);
	/* Someone must set the clock right: say so where an operator looks. */
	log_ledger(lg, LOG_CLASS_FAULT, "clock_behind", "now=%s latest=%s tolerance=%lld", at,
		   latest_at, (long long)tolerance);
	return jf_refuse(err, JF_CONFLICT, JF_R_CLOCK_BEHIND,
			 (struct jf_why){ .num = { latest, *now, tolerance } },
			 "the clock (%s) is more than %lld seconds behind the ledger's latest "
			 "entry (%s): set the clock right", at, (long long)tolerance, latest_at);
}

/*
 * Move one line's balance. The account's name and kind come back from the
 * same UPDATE (RETURNING): the hash needs the name, the zero-sum check the
 * kind, and a posting should not pay for extra lookups. Balances move before
 * the entry row exists because its hash covers the names, and its id (from
 * the database) is needed by the lines written after it.
 */
static enum jf_status
move_balance(struct db *db, const struct entry_line *l, char *name, size_t name_size, int *kind,
	     struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "UPDATE account SET balance = balance + :amt WHERE id = :a "
					"RETURNING name, kind");
	enum db_step_result rc;

	db_bind_int(s, ":amt", l->amount);
	db_bind_int(s, ":a", l->account_id);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		snprintf(name, name_size, "%s", db_col_text(s, 0));
		*kind = (int)db_col_int(s, 1);
		rc = db_step(s, err);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	return *name ? JF_OK
		     : jf_fail(err, JF_ERR, "internal error: no account %lld",
			       (long long)l->account_id);
}

/* The lines two at a time, one statement each pair (a posting has two:
 * on PostgreSQL each statement is a round trip). */
static enum jf_status
write_lines(struct db *db, int64_t entry_id, const struct entry_new *e, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st = JF_OK;
	size_t i = 0;

	for (; i + 1 < e->count && st == JF_OK; i += 2) {
		s = db_stmt(db, "INSERT INTO line(entry_id, seq, account_id, amount) "
				"VALUES (:e, :seq, :a, :amt), (:e, :seq2, :a2, :amt2)");
		db_bind_int(s, ":e", entry_id);
		db_bind_int(s, ":seq", (int64_t)i);
		db_bind_int(s, ":a", e->lines[i].account_id);
		db_bind_int(s, ":amt", e->lines[i].amount);
		db_bind_int(s, ":seq2", (int64_t)i + 1);
		db_bind_int(s, ":a2", e->lines[i + 1].account_id);
		db_bind_int(s, ":amt2", e->lines[i + 1].amount);
		st = db_run(s, err);
	}
	if (i < e->count && st == JF_OK) {
		s = db_stmt(db, "INSERT INTO line(entry_id, seq, account_id, amount) "
				"VALUES (:e, :seq, :a, :amt)");
		db_bind_int(s, ":e", entry_id);
		db_bind_int(s, ":seq", (int64_t)i);
		db_bind_int(s, ":a", e->lines[i].account_id);
		db_bind_int(s, ":amt", e->lines[i].amount);
		st = db_run(s, err);
	}
	return st;
}

/* Line i's account and name, kept for entry_appended_line(); a name too
 * long to keep keeps none of the entry's lines. */
static void
remember_line(struct ledger_last_entry *last, size_t i, int64_t account_id, const char *name)
{
	if (i >= last->count)
		return;
	size_t len = strlen(name);

	if (len >= sizeof last->names[i]) {
		last->count = 0;
		return;
	}
	last->account_ids[i] = account_id;
	memcpy(last->names[i], name, len + 1);
}

static enum jf_status
insert_entry(struct db *db, const struct chain_entry *ce, const unsigned char prev[CHAIN_HASH_LEN],
	     const unsigned char hash[CHAIN_HASH_LEN], int64_t *id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"INSERT INTO entry(ts, type, ref, memo, reverses, prev_hash, hash, format, actor, "
		"terminal, store) VALUES (:ts, :type, :ref, :memo, :rev, :prev, :hash, :format, "
		":actor, :terminal, :store) RETURNING id");

	db_bind_int(s, ":ts", ce->ts);
	db_bind_text(s, ":type", ce->type);
	db_bind_text(s, ":ref", ce->ref);
	db_bind_text(s, ":memo", ce->memo);
	if (ce->reverses)
		db_bind_int(s, ":rev", ce->reverses);
	else
		db_bind_text(s, ":rev", NULL);
	db_bind_blob(s, ":prev", prev, CHAIN_HASH_LEN);
	db_bind_blob(s, ":hash", hash, CHAIN_HASH_LEN);
	db_bind_int(s, ":format", ce->format);
	db_bind_text(s, ":actor", ce->actor);
	db_bind_text(s, ":terminal", ce->terminal);
	db_bind_text(s, ":store", ce->store);
	return db_one_int(s, id, err);
}

enum jf_status
entry_append(struct ledger *lg, const struct entry_new *e, int64_t *entry_id,
	     struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE], name[128];
	struct ledger_last_entry *last = &lg->last_entry;
	struct ledger_tip tip;
	struct chain_entry ce;
	struct chain_state cs;
	unsigned char hash[CHAIN_HASH_LEN];
	int64_t sum[2] = { 0, 0 };
	enum jf_status st;
	int kind = 0;

	/* A system job names itself; everyone else is the ledger's actor. */
	if (e->actor && e->actor->kind != ACTOR_NONE)
		actor_format(e->actor, actor);
	else if ((st = ledger_actor_text(lg, "an entry", actor, err)) != JF_OK)
		return st;
	if (e->count < 2)
		return jf_fail(err, JF_ERR, "internal error: an entry needs two lines");
	/* The tip the clock check read in this transaction, moved on by
	 * entries appended since; read again when there is none. */
	if (lg->tip.txn != 0 && lg->tip.txn == db_transaction_serial(lg->db))
		tip = lg->tip;
	else if ((st = read_tip(lg->db, lg->cfg->store, &tip, err)) != JF_OK)
		return st;
	/* Kept again only once this entry is written: an append that fails
	 * half way leaves the next one to read the tip. */
	lg->tip.txn = 0;
	/* A store on its own writes as it always has; a chain's store hashes
	 * its code (chain.h). */
	ce.store = lg->cfg->store;
	ce.format = *ce.store ? CHAIN_FORMAT_V3 : CHAIN_FORMAT_V2;
	ce.id = 0;
	/* The clock's time, never another: one entry written with a clock
	 * ahead must not re-date every later one (issue 9, defect 2). The
	 * transaction checked the clock as it began (ledger_begin_write). */
	ce.ts = clock_now();
	ce.type = e->type;
	ce.ref = e->ref;
	ce.memo = e->memo ? e->memo : "";
	ce.reverses = e->reverses;
	ce.actor = actor;
	ce.terminal = lg->cfg->terminal;
	chain_begin(&cs, tip.hash, &ce);
	last->id = 0;
	last->count = e->count <= LEDGER_LAST_LINES ? e->count : 0;
	for (size_t i = 0; i < e->count; i++) {
		name[0] = '\0';
		if ((st = move_balance(lg->db, &e->lines[i], name, sizeof name, &kind, err)))
			return st;
		sum[kind & 1] += e->lines[i].amount;
		chain_add_line(&cs, name, e->lines[i].amount);
		remember_line(last, i, e->lines[i].account_id, name);
	}
	if (sum[0] != 0 || sum[1] != 0)
		return jf_fail(err, JF_ERR, "internal error: entry %s does not balance", e->ref);
	chain_finish(&cs, hash);
	if ((st = insert_entry(lg->db, &ce, tip.hash, hash, entry_id, err)) != JF_OK)
		return st;
	if ((st = write_lines(lg->db, *entry_id, e, err)) != JF_OK)
		return st;
	memcpy(last->hash, hash, sizeof last->hash);
	last->id = *entry_id;
	lg->tip = (struct ledger_tip){ db_transaction_serial(lg->db), *entry_id, ce.ts, { 0 } };
	memcpy(lg->tip.hash, hash, CHAIN_HASH_LEN);
	return JF_OK;
}

int
entry_appended_line(const struct ledger *lg, int64_t entry_id, int64_t account_id,
		    unsigned char hash[CHAIN_HASH_LEN], char *name, size_t name_size)
{
	const struct ledger_last_entry *last = &lg->last_entry;

	if (last->id == 0 || last->id != entry_id)
		return 0;
	for (size_t i = 0; i < last->count; i++) {
		if (last->account_ids[i] != account_id)
			continue;
		memcpy(hash, last->hash, CHAIN_HASH_LEN);
		snprintf(name, name_size, "%s", last->names[i]);
		return 1;
	}
	return 0;
}
