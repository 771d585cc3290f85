/*
 * migrate_compare: what arrived, held to the file it came from
 * (migrate_int.h): the rows that decide what members can spend one by
 * one, meta by key, and every table's rows by an order-free digest.
 */
#include "config.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "migrate_int.h"

/*
 * What must have arrived as it was, read alike on both ends (one query,
 * each database's own statement of it). Columns are compared as text,
 * but for one blob column (-1: none), compared byte by byte.
 */
struct compare {
	const char *what;
	struct db_stmt *(*query)(struct db *db);
	int ncols;
	int blob_col;
	const char *cols[4];
};

static struct db_stmt *
q_accounts(struct db *db)
{
	return db_stmt(db, "SELECT id, name, balance, held FROM account ORDER BY id");
}

static struct db_stmt *
q_lots(struct db *db)
{
	return db_stmt(db, "SELECT id, remaining, expired, expires_on FROM lot ORDER BY id");
}

static struct db_stmt *
q_holds(struct db *db)
{
	return db_stmt(db, "SELECT id, state, amount, account_id FROM hold ORDER BY id");
}

static struct db_stmt *
q_vouchers(struct db *db)
{
	return db_stmt(db, "SELECT id, state, short, hold_id FROM voucher ORDER BY id");
}

static struct db_stmt *
q_last_entry(struct db *db)
{
	return db_stmt(db, "SELECT id, hash FROM entry ORDER BY id DESC LIMIT 1");
}

static const struct compare compares[] = {
	{ "account", q_accounts, 4, -1, { "id", "name", "balance", "held" } },
	{ "lot", q_lots, 4, -1, { "id", "remaining", "expired", "expires_on" } },
	{ "hold", q_holds, 4, -1, { "id", "state", "amount", "account_id" } },
	{ "voucher", q_vouchers, 4, -1, { "id", "state", "short", "hold_id" } },
	{ "last entry", q_last_entry, 2, 1, { "id", "hash" } },
};

/* Which column of the rows a and b differs, or -1. */
static int
row_differs(const struct compare *c, struct db_stmt *a, struct db_stmt *b)
{
	for (int i = 0; i < c->ncols; i++) {
		if (i == c->blob_col) {
			size_t la, lb;
			const void *pa = db_col_blob(a, i, &la), *pb = db_col_blob(b, i, &lb);

			if (la != lb || (la > 0 && memcmp(pa, pb, la) != 0))
				return i;
		} else if (strcmp(db_col_text(a, i), db_col_text(b, i)) != 0) {
			return i;
		}
	}
	return -1;
}

/* Step the rows of c on both ends together; the first difference fails. */
static enum jf_status
compare_one(const struct compare *c, struct db *from, struct db *to, struct jf_error *err)
{
	struct db_stmt *a = c->query(from), *b = c->query(to);
	enum db_step_result ra, rb = DB_DONE;
	enum jf_status st = JF_OK;
	int col;

	for (;;) {
		if ((ra = db_step(a, err)) == DB_ERROR || (rb = db_step(b, err)) == DB_ERROR) {
			st = err->status;
			break;
		}
		if (ra != rb) {
			st = jf_fail(err, JF_INTEGRITY, "the copy has %s %s rows than the file",
				     ra == DB_ROW ? "fewer" : "more", c->what);
			break;
		}
		if (ra == DB_DONE)
			break;
		if ((col = row_differs(c, a, b)) >= 0) {
			st = jf_fail(err, JF_INTEGRITY, "%s %s differs in the copy: its %s", c->what,
				     db_col_text(a, 0), c->cols[col]);
			break;
		}
	}
	db_reset(a);
	db_reset(b);
	return st;
}

/*
 * A digest of a table's rows that does not depend on the order they are
 * read in, nor on the order of their columns: a row's hash is BLAKE2b of
 * the sum of its columns' hashes (name, type and value each), and the
 * table's is the sum of its rows' hashes, lane by lane. A column `store`
 * counts as store when store is not NULL (what the copy wrote there).
 */
#define DIGEST_LANES 4
struct digest {
	uint64_t lane[DIGEST_LANES];
	int64_t rows;
};

/* Add the BLAKE2b of tag, len and data to sum's lanes. */
static void
add_hash(uint64_t sum[DIGEST_LANES], unsigned char tag, const void *data, size_t len,
	 const char *name)
{
	unsigned char out[8 * DIGEST_LANES], head[9];
	crypto_generichash_state h;

	head[0] = tag;
	for (int i = 0; i < 8; i++)
		head[1 + i] = (unsigned char)((uint64_t)len >> (8 * i));
	crypto_generichash_init(&h, NULL, 0, sizeof out);
	if (name != NULL)
		crypto_generichash_update(&h, (const unsigned char *)name, strlen(name) + 1);
	crypto_generichash_update(&h, head, sizeof head);
	if (len > 0)
		crypto_generichash_update(&h, data, len);
	crypto_generichash_final(&h, out, sizeof out);
	for (int l = 0; l < DIGEST_LANES; l++) {
		uint64_t v = 0;

		for (int i = 0; i < 8; i++)
			v |= (uint64_t)out[8 * l + i] << (8 * i);
		sum[l] += v;
	}
}

/* The columns of the row rd is on, added to sum. */
static void
add_row_columns(struct db_stmt *rd, const char *store, uint64_t sum[DIGEST_LANES])
{
	for (int i = 0; i < db_col_count(rd); i++) {
		const char *name = db_col_name(rd, i);
		unsigned char le[8];
		const void *blob;
		int64_t v;
		size_t len;

		if (store != NULL && strcmp(name, "store") == 0) {
			add_hash(sum, 't', store, strlen(store), name);
			continue;
		}
		switch (db_col_type(rd, i)) {
		case DB_INT:
			v = db_col_int(rd, i);
			for (int k = 0; k < 8; k++)
				le[k] = (unsigned char)((uint64_t)v >> (8 * k));
			add_hash(sum, 'i', le, sizeof le, name);
			break;
		case DB_BLOB:
			blob = db_col_blob(rd, i, &len);
			add_hash(sum, 'b', blob, len, name);
			break;
		case DB_NULL:
			add_hash(sum, '0', NULL, 0, name);
			break;
		default: /* text (and, never in a ledger, a real, as its text) */
			add_hash(sum, 't', db_col_text(rd, i), strlen(db_col_text(rd, i)), name);
			break;
		}
	}
}

static enum jf_status
table_digest(struct db *db, const char *table, const char *store, struct digest *d,
	     struct jf_error *err)
{
	struct db_stmt *rd;
	enum db_step_result rc;
	enum jf_status st;

	memset(d, 0, sizeof *d);
	if ((st = db_table_read(db, table, &rd, err)) != JF_OK)
		return st;
	while ((rc = db_step(rd, err)) == DB_ROW) {
		uint64_t cols[DIGEST_LANES] = { 0 };
		unsigned char packed[8 * DIGEST_LANES];

		add_row_columns(rd, store, cols);
		for (int l = 0; l < DIGEST_LANES; l++)
			for (int k = 0; k < 8; k++)
				packed[8 * l + k] = (unsigned char)(cols[l] >> (8 * k));
		add_hash(d->lane, 'r', packed, sizeof packed, NULL);
		d->rows++;
	}
	db_table_free(rd);
	return rc == DB_ERROR ? err->status : JF_OK;
}

/* Every row of every table but meta: the same rows on both ends. */
static enum jf_status
compare_tables(struct db *from, struct db *to, const struct migrate_tables *t,
	       const char *store, struct jf_error *err)
{
	struct digest a, b;
	enum jf_status st = JF_OK;

	for (size_t i = 0; st == JF_OK && i < t->n; i++) {
		if (migrate_schema_rows(t->names[i]))
			continue;
		if ((st = table_digest(from, t->names[i], store, &a, err)) != JF_OK ||
		    (st = table_digest(to, t->names[i], NULL, &b, err)) != JF_OK)
			break;
		if (a.rows != b.rows)
			st = jf_fail(err, JF_INTEGRITY, "table %s has %lld rows in the copy, %lld in "
				     "the file", t->names[i], (long long)b.rows, (long long)a.rows);
		else if (memcmp(a.lane, b.lane, sizeof a.lane) != 0)
			st = jf_fail(err, JF_INTEGRITY, "table %s differs in the copy (%lld rows "
				     "each)", t->names[i], (long long)a.rows);
	}
	return st;
}

/* Each of compares[], meta's rows of the file found in the target, and
 * every table's rows (compare_tables()). */
enum jf_status
migrate_compare(struct db *from, struct db *to, const struct migrate_tables *t,
		const char *store, struct jf_error *err)
{
	struct db_stmt *s;
	enum db_step_result rc = DB_DONE;
	enum jf_status st = JF_OK;
	char value[512];

	for (size_t i = 0; st == JF_OK && i < sizeof compares / sizeof compares[0]; i++)
		st = compare_one(&compares[i], from, to, err);
	s = db_stmt(from, "SELECT key, value FROM meta ORDER BY key");
	while (st == JF_OK && (rc = db_step(s, err)) == DB_ROW) {
		if ((st = migrate_meta_get(to, db_col_text(s, 0), value, sizeof value, err)) == JF_OK &&
		    strcmp(value, db_col_text(s, 1)) != 0)
			st = jf_fail(err, JF_INTEGRITY, "meta %s differs in the copy",
				     db_col_text(s, 0));
	}
	db_reset(s);
	if (st == JF_OK && rc == DB_ERROR)
		st = err->status;
	return st == JF_OK ? compare_tables(from, to, t, store, err) : st;
}

