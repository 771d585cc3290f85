/*
 * migrate: a store's ledger file moved into its chain's database
 * (migrate.h). The copy is by table and column, through the storage
 * port's whole-table calls (db.h): every table the target's schema has,
 * in an order where each row comes after the rows it names, each row with
 * its ids as they were. The guards stay on: nothing here disables a
 * trigger or a reference; what one refuses is reported as the database
 * says it, and the whole move is rolled back.
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "ledger.h"
#include "migrate.h"
#include "parse.h"
#include "schema.h"
#include "verify.h"
#include "voucher.h"
#include "xalloc.h"

/* The target's meta rows that record the move (never in a file's meta). */
#define META_FROM "migrated_from" /* the file ledger's identity (source_identity()) */
#define META_FILE "migrated_file" /* its location, as given */
#define META_AT "migrated_at"     /* when, in seconds */
#define META_BY "migrated_by"     /* who (an actor's text) */
#define META_TERMINAL "migrated_terminal" /* from which terminal (the config's) */

/* The tables of a database, in an order that lets each be filled after
 * those it references. */
struct tables {
	char **names;
	char **sql; /* each one's definition, for its references */
	size_t n;
};

static void
tables_free(struct tables *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->names[i]);
		free(t->sql[i]);
	}
	free(t->names);
	free(t->sql);
	memset(t, 0, sizeof *t);
}

/* The tables db lists, the database's own (sqlite_*) left out. */
static enum jf_status
tables_of(struct db *db, struct tables *out, struct jf_error *err)
{
	struct db_object *list;
	size_t count;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = db_objects(db, &list, &count, err)) != JF_OK)
		return st;
	out->names = xcalloc(count + 1, sizeof *out->names);
	out->sql = xcalloc(count + 1, sizeof *out->sql);
	for (size_t i = 0; i < count; i++) {
		if (strcmp(list[i].type, "table") != 0 || strncmp(list[i].name, "sqlite_", 7) == 0)
			continue;
		out->names[out->n] = xstrdup(list[i].name);
		out->sql[out->n] = xstrdup(list[i].sql);
		out->n++;
	}
	db_objects_free(list, count);
	return JF_OK;
}

static int
tables_has(const struct tables *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->names[i], name) == 0)
			return 1;
	return 0;
}

/*
 * Does sql (a table's definition) reference a table other than itself
 * that is not among the first `placed` of t? Both backends write
 * "REFERENCES name(...)" (PostgreSQL's constraints as pg_get_constraintdef
 * gives them).
 */
static int
waits_for_another(const char *self, const char *sql, const struct tables *t, size_t placed)
{
	for (const char *p = strstr(sql, "REFERENCES "); p; p = strstr(p, "REFERENCES ")) {
		const char *dot, *ref;
		char name[128];
		size_t n = 0;
		int found;

		p += strlen("REFERENCES ");
		while (*p == ' ' || *p == '"')
			p++;
		while (n + 1 < sizeof name && (strchr("_.", *p) || (*p >= '0' && *p <= '9') ||
					       (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			name[n++] = *p++;
		name[n] = '\0';
		dot = strrchr(name, '.'); /* a schema's name before it */
		ref = dot ? dot + 1 : name;
		found = strcmp(ref, self) == 0;

		for (size_t i = 0; i < placed && !found; i++)
			found = strcmp(t->names[i], ref) == 0;
		if (!found)
			return 1;
	}
	return 0;
}

/* Put t in an order where every table comes after those it references. */
static enum jf_status
tables_order(struct tables *t, struct jf_error *err)
{
	size_t placed = 0;

	while (placed < t->n) {
		char *name, *sql;
		size_t i;

		for (i = placed; i < t->n; i++)
			if (!waits_for_another(t->names[i], t->sql[i], t, placed))
				break;
		if (i == t->n)
			return jf_fail(err, JF_ERR, "internal error: the references between the "
				       "tables from %s on go round in a circle", t->names[placed]);
		name = t->names[i];
		sql = t->sql[i];
		memmove(t->names + placed + 1, t->names + placed, (i - placed) * sizeof *t->names);
		memmove(t->sql + placed + 1, t->sql + placed, (i - placed) * sizeof *t->sql);
		t->names[placed] = name;
		t->sql[placed] = sql;
		placed++;
	}
	return JF_OK;
}

/* Bind the value of column i of the row rd is on to column i + 1 of ins. */
static enum jf_status
copy_value(struct db_stmt *rd, struct db_stmt *ins, int i, const char *table,
	   struct jf_error *err)
{
	const void *blob;
	size_t len;

	switch (db_col_type(rd, i)) {
	case DB_INT:
		db_bind_at_int(ins, i + 1, db_col_int(rd, i));
		return JF_OK;
	case DB_TEXT:
		db_bind_at_text(ins, i + 1, db_col_text(rd, i));
		return JF_OK;
	case DB_BLOB:
		/* An empty blob reads as NULL: bound as an empty one, not as NULL. */
		blob = db_col_blob(rd, i, &len);
		db_bind_at_blob(ins, i + 1, blob ? blob : "", len);
		return JF_OK;
	case DB_NULL:
		db_bind_at_text(ins, i + 1, NULL);
		return JF_OK;
	default:
		return jf_fail(err, JF_INTEGRITY, "column %s of table %s holds a real number, which "
			       "no jifen ledger does: not moved", db_col_name(rd, i), table);
	}
}

/*
 * Copy one row: its values, but for a column `store`, which gets the
 * store's code (the chain's ledger says which store wrote what).
 */
static enum jf_status
copy_row(struct db_stmt *rd, struct db_stmt *ins, int ncols, const char *table,
	 const char *store, struct jf_error *err)
{
	enum jf_status st;

	for (int i = 0; i < ncols; i++) {
		if (strcmp(db_col_name(rd, i), "store") == 0)
			db_bind_at_text(ins, i + 1, store);
		else if ((st = copy_value(rd, ins, i, table, err)) != JF_OK)
			return st;
	}
	return db_run(ins, err);
}

/* The insert for the columns of the row rd is on. */
static enum jf_status
insert_for(struct db_stmt *rd, struct db *to, const char *table, int *ncols,
	   struct db_stmt **ins, struct jf_error *err)
{
	const char **names;
	enum jf_status st;

	*ncols = db_col_count(rd);
	names = xcalloc((size_t)*ncols + 1, sizeof *names);
	for (int i = 0; i < *ncols; i++)
		names[i] = db_col_name(rd, i);
	st = db_table_insert(to, table, names, *ncols, ins, err);
	free(names);
	return st;
}

/* Every row of table from `from` into `to`, ids and all; *rows counts them. */
static enum jf_status
copy_table(struct db *from, struct db *to, const char *table, const char *store, int64_t *rows,
	   struct jf_error *err)
{
	struct db_stmt *rd, *ins = NULL;
	enum db_step_result rc;
	enum jf_status st;
	int ncols = 0;

	if ((st = db_table_read(from, table, &rd, err)) != JF_OK)
		return st;
	while ((rc = db_step(rd, err)) == DB_ROW) {
		if (ins == NULL && (st = insert_for(rd, to, table, &ncols, &ins, err)) != JF_OK)
			break;
		if ((st = copy_row(rd, ins, ncols, table, store, err)) != JF_OK) {
			/* What refused it, as the database said: a trigger's words. */
			char why[JF_ERROR_MAX];

			snprintf(why, sizeof why, "%s", err->message);
			st = jf_fail(err, st, "row %lld of table %s was refused by the target: %s",
				     (long long)db_col_int(rd, 0), table, why);
			break;
		}
		(*rows)++;
	}
	if (rc == DB_ERROR)
		st = err->status;
	db_table_free(ins);
	db_table_free(rd);
	return st;
}

/* ---- meta ---- */

static enum jf_status
meta_put(struct db *db, const char *key, const char *value, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "INSERT INTO meta(key, value) VALUES (:k, :v) "
					"ON CONFLICT (key) DO UPDATE SET value = excluded.value");

	db_bind_text(s, ":k", key);
	db_bind_text(s, ":v", value);
	return db_run(s, err);
}

/* meta's value of key into out (size bytes); "" with JF_OK if it has none. */
static enum jf_status
meta_get(struct db *db, const char *key, char *out, size_t size, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT value FROM meta WHERE key = :k");
	enum db_step_result rc;

	db_bind_text(s, ":k", key);
	out[0] = '\0';
	rc = db_step(s, err);
	if (rc == DB_ROW)
		snprintf(out, size, "%s", db_col_text(s, 0));
	db_reset(s);
	return rc == DB_ERROR ? err->status : JF_OK;
}

/* Every meta row of the file, over the target's rows of the same keys. */
static enum jf_status
copy_meta(struct db *from, struct db *to, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(from, "SELECT key, value FROM meta ORDER BY key");
	enum db_step_result rc = DB_DONE;
	enum jf_status st = JF_OK;

	while (st == JF_OK && (rc = db_step(s, err)) == DB_ROW)
		st = meta_put(to, db_col_text(s, 0), db_col_text(s, 1), err);
	db_reset(s);
	if (st == JF_OK && rc == DB_ERROR)
		st = err->status;
	return st;
}

/*
 * What names the file's ledger wherever it goes: its first entry's hash
 * (every later one chains to it), in hex; "none" for a ledger with no
 * entries yet.
 */
static enum jf_status
source_identity(struct db *db, char *out, size_t size, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT hash FROM entry ORDER BY id LIMIT 1");
	enum db_step_result rc = db_step(s, err);
	const void *hash;
	size_t len;

	snprintf(out, size, "none");
	if (rc == DB_ROW && (hash = db_col_blob(s, 0, &len)) != NULL && len > 0 &&
	    2 * len + 1 <= size)
		sodium_bin2hex(out, size, hash, len);
	db_reset(s);
	return rc == DB_ERROR ? err->status : JF_OK;
}

/* ---- the two ends ---- */

/* The file, opened to be read only, at this jifen's schema version. */
static enum jf_status
open_source(const char *location, const struct settings *cfg, struct ledger *lg,
	    struct jf_error *err)
{
	enum jf_status st;
	int64_t version;

	memset(lg, 0, sizeof *lg);
	lg->cfg = cfg;
	if ((st = db_open(location, DB_OPEN_READ, cfg->busy_timeout_ms, &lg->db, err)) != JF_OK)
		return st;
	if ((st = schema_version(lg->db, &version, err)) != JF_OK)
		return st;
	if (version == 0)
		return jf_fail(err, JF_INTEGRITY, "%s is not a jifen ledger", location);
	/* Migrating it here would write the file, which stays as it is. */
	if (version < SCHEMA_VERSION)
		return jf_fail(err, JF_CONFLICT, "the ledger %s has schema version %lld, older than "
			       "this jifen's (%d): open it once (jifen verify) to bring it up to "
			       "date, then move it", location, (long long)version, SCHEMA_VERSION);
	if (version > SCHEMA_VERSION)
		return jf_fail(err, JF_CONFLICT, "the ledger %s has schema version %lld, newer "
			       "than this jifen (%d): upgrade jifen", location, (long long)version,
			       SCHEMA_VERSION);
	return JF_OK;
}

/*
 * The target: an empty database or schema (*fresh = 1, its schema not
 * made yet) or a ledger of this schema version (*fresh = 0; emptiness is
 * checked inside the write transaction, check_target()).
 */
static enum jf_status
open_target(const char *url, const struct settings *cfg, struct ledger *lg, int *fresh,
	    struct jf_error *err)
{
	struct tables t;
	enum jf_status st;

	memset(lg, 0, sizeof *lg);
	lg->cfg = cfg;
	*fresh = 1;
	st = db_open(url, DB_OPEN_CREATE, cfg->busy_timeout_ms, &lg->db, err);
	if (st == JF_CONFLICT) { /* a ledger is there */
		*fresh = 0;
		if ((st = db_open(url, DB_OPEN_EXISTING, cfg->busy_timeout_ms, &lg->db, err)) != JF_OK)
			return st;
		return schema_upgrade(lg->db, err);
	}
	if (st != JF_OK || (st = tables_of(lg->db, &t, err)) != JF_OK)
		return st;
	if (t.n > 0)
		st = jf_fail(err, JF_CONFLICT, "%s holds tables that are not a jifen ledger (%s...): "
			     "give an empty database or schema", db_location(lg->db), t.names[0]);
	tables_free(&t);
	return st;
}

/*
 * A ledger already in the target may only be one `jifen init` made and
 * nothing has used: no move into it before, no rows but meta's and the
 * system accounts (which go, to come back with the file's ids).
 */
static enum jf_status
check_target(struct db *to, const char *identity, const struct tables *t, struct jf_error *err)
{
	char from[160], file[512], at[32], date[CLOCK_DATE_LEN];
	int64_t n = 0;
	enum jf_status st;

	if ((st = meta_get(to, META_FROM, from, sizeof from, err)) != JF_OK ||
	    (st = meta_get(to, META_FILE, file, sizeof file, err)) != JF_OK ||
	    (st = meta_get(to, META_AT, at, sizeof at, err)) != JF_OK)
		return st;
	if (from[0] != '\0') {
		clock_date_of(strtoll(at, NULL, 10), date);
		if (strcmp(from, identity) == 0 && strcmp(identity, "none") != 0)
			return jf_fail(err, JF_CONFLICT, "this ledger was already moved into %s on %s",
				       db_location(to), date);
		return jf_fail(err, JF_CONFLICT, "%s already holds the ledger moved from %s on %s: "
			       "merging stores' members is not supported", db_location(to), file,
			       date);
	}
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->names[i], "meta") == 0 || strcmp(t->names[i], "account") == 0)
			continue;
		if ((st = db_table_count(to, t->names[i], &n, err)) != JF_OK)
			return st;
		if (n > 0)
			return jf_fail(err, JF_CONFLICT, "%s already holds a ledger in use (%lld rows "
				       "of %s): merging stores' members is not supported",
				       db_location(to), (long long)n, t->names[i]);
	}
	st = db_one_int(db_stmt(to, "SELECT count(*) FROM account WHERE member_id IS NOT NULL "
				"OR balance <> 0 OR held <> 0"), &n, err);
	if (st == JF_OK && n > 0)
		return jf_fail(err, JF_CONFLICT, "%s already holds a ledger in use (%lld accounts "
			       "with members or points): merging stores' members is not supported",
			       db_location(to), (long long)n);
	return st != JF_OK ? st : db_run(db_stmt(to, "DELETE FROM account"), err);
}

/* ---- the comparison ---- */

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
compare_tables(struct db *from, struct db *to, const struct tables *t, const char *store,
	       struct jf_error *err)
{
	struct digest a, b;
	enum jf_status st = JF_OK;

	for (size_t i = 0; st == JF_OK && i < t->n; i++) {
		if (strcmp(t->names[i], "meta") == 0)
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
static enum jf_status
compare_ends(struct db *from, struct db *to, const struct tables *t, const char *store,
	     struct jf_error *err)
{
	struct db_stmt *s;
	enum db_step_result rc = DB_DONE;
	enum jf_status st = JF_OK;
	char value[512];

	for (size_t i = 0; st == JF_OK && i < sizeof compares / sizeof compares[0]; i++)
		st = compare_one(&compares[i], from, to, err);
	s = db_stmt(from, "SELECT key, value FROM meta ORDER BY key");
	while (st == JF_OK && (rc = db_step(s, err)) == DB_ROW) {
		if ((st = meta_get(to, db_col_text(s, 0), value, sizeof value, err)) == JF_OK &&
		    strcmp(value, db_col_text(s, 1)) != 0)
			st = jf_fail(err, JF_INTEGRITY, "meta %s differs in the copy",
				     db_col_text(s, 0));
	}
	db_reset(s);
	if (st == JF_OK && rc == DB_ERROR)
		st = err->status;
	return st == JF_OK ? compare_tables(from, to, t, store, err) : st;
}

/* ---- the move ---- */

struct move {
	const struct migrate_request *req;
	struct ledger *src, *dst;
	struct tables tables; /* the target's, in the order they are filled */
	char identity[160];
	int fresh;
	struct migrate_result *out;
};

/* Both ends' tables: the same names (the same schema version made them). */
static enum jf_status
same_tables(struct move *m, struct jf_error *err)
{
	struct tables s;
	enum jf_status st;

	if ((st = tables_of(m->src->db, &s, err)) != JF_OK)
		return st;
	if ((st = tables_of(m->dst->db, &m->tables, err)) == JF_OK) {
		for (size_t i = 0; st == JF_OK && i < s.n; i++)
			if (!tables_has(&m->tables, s.names[i]))
				st = jf_fail(err, JF_INTEGRITY, "table %s of the file is not in "
					     "jifen's schema: not moved", s.names[i]);
		for (size_t i = 0; st == JF_OK && i < m->tables.n; i++)
			if (!tables_has(&s, m->tables.names[i]))
				st = jf_fail(err, JF_INTEGRITY, "the file has no table %s: not moved",
					     m->tables.names[i]);
	}
	tables_free(&s);
	return st == JF_OK ? tables_order(&m->tables, err) : st;
}

/* What a copied column `store` gets. */
static const char *
store_of(const struct move *m)
{
	return m->req->store ? m->req->store : "";
}

/* Every table but meta, then each one's ids made to follow its largest. */
static enum jf_status
copy_all(struct move *m, struct jf_error *err)
{
	enum jf_status st = JF_OK;
	const char *store = store_of(m);

	for (size_t i = 0; st == JF_OK && i < m->tables.n; i++) {
		if (strcmp(m->tables.names[i], "meta") == 0)
			continue;
		st = copy_table(m->src->db, m->dst->db, m->tables.names[i], store, &m->out->rows,
				err);
		m->out->tables++;
	}
	for (size_t i = 0; st == JF_OK && i < m->tables.n; i++)
		st = db_table_ids_follow(m->dst->db, m->tables.names[i], err);
	return st;
}

/* The record of the move in the target's meta (check_target() reads it). */
static enum jf_status
record_move(struct move *m, struct jf_error *err)
{
	char at[24];
	enum jf_status st;

	snprintf(at, sizeof at, "%lld", (long long)clock_now());
	if ((st = meta_put(m->dst->db, META_FROM, m->identity, err)) != JF_OK ||
	    (st = meta_put(m->dst->db, META_FILE, m->req->source, err)) != JF_OK ||
	    (st = meta_put(m->dst->db, META_BY, m->req->actor ? m->req->actor : "", err)) != JF_OK ||
	    (st = meta_put(m->dst->db, META_TERMINAL, m->dst->cfg->terminal, err)) != JF_OK)
		return st;
	return meta_put(m->dst->db, META_AT, at, err);
}

/* The copy, checked as `jifen verify` checks a ledger. */
static enum jf_status
verify_copy(struct ledger *lg, const char *whose, struct jf_error *err)
{
	struct verify_report r;
	enum jf_status st = verify_ledger(lg, &r, err);

	if (st == JF_INTEGRITY)
		return jf_fail(err, st, "%s does not verify: %s; nothing was moved", whose, r.problem);
	return st;
}

/* Inside the target's write transaction: its schema made if it is
 * empty, else held to what check_target() wants; both ends' tables. */
static enum jf_status
target_ready(struct move *m, struct jf_error *err)
{
	enum jf_status st = m->fresh ? schema_create(m->dst->db, err) : JF_OK;

	if (st == JF_OK)
		st = same_tables(m, err);
	if (st == JF_OK && !m->fresh)
		st = check_target(m->dst->db, m->identity, &m->tables, err);
	return st;
}

/* Then the rows, the record, and the checks of what arrived. */
static enum jf_status
move_rows(struct move *m, struct jf_error *err)
{
	enum jf_status st = copy_all(m, err);

	if (st == JF_OK)
		st = copy_meta(m->src->db, m->dst->db, err);
	if (st == JF_OK)
		st = record_move(m, err);
	if (st == JF_OK)
		st = verify_copy(m->dst, "the copy", err);
	if (st == JF_OK)
		st = compare_ends(m->src->db, m->dst->db, &m->tables, store_of(m), err);
	return st;
}

static enum jf_status
check_request(const struct migrate_request *req, const struct settings *cfg,
	      struct jf_error *err)
{
	enum jf_status st;

	if (req->store && req->store[0] != '\0' && (st = parse_store(req->store, err)) != JF_OK)
		return st;
	if (db_location_parse(req->source, NULL) != DB_BACKEND_SQLITE)
		return jf_fail(err, JF_USAGE, "the ledger to move must be a file: give its path "
			       "with --db");
	if (db_location_parse(req->target, NULL) != DB_BACKEND_POSTGRESQL)
		return jf_fail(err, JF_USAGE, "--to must be the chain's database: a postgresql:// "
			       "URL");
	if (cfg->voucher_key_file[0] == '\0')
		return jf_fail(err, JF_USAGE, "the chain's database keeps no file beside it: set "
			       "[voucher] key_file in the config, where the voucher key goes");
	if (sodium_init() < 0)
		return jf_fail(err, JF_ERR, "cannot initialise libsodium");
	return JF_OK;
}

/* With both ends open and the file's moment taken: the target's transaction. */
static enum jf_status
move_ledger(struct move *m, struct jf_error *err)
{
	enum jf_status st;
	int64_t n;

	if ((st = verify_copy(m->src, "the file", err)) != JF_OK ||
	    (st = source_identity(m->src->db, m->identity, sizeof m->identity, err)) != JF_OK)
		return st;
	if ((st = db_begin_write(m->dst->db, err)) != JF_OK)
		return st;
	/* The key first: a key_file holding another key refuses the move
	 * before any row is copied (a copy rolled back still moves a
	 * PostgreSQL identity's sequence). */
	if ((st = target_ready(m, err)) == JF_OK &&
	    (st = voucher_key_copy(m->src, m->dst, &m->out->key_written, err)) == JF_OK &&
	    (st = move_rows(m, err)) == JF_OK)
		st = db_commit(m->dst->db, err);
	else
		db_rollback(m->dst->db);
	if (st != JF_OK) {
		/* Nothing arrived: a key made for it would be a stray. */
		if (m->out->key_written)
			unlink(m->dst->cfg->voucher_key_file);
		m->out->key_written = 0;
		return st;
	}
	m->out->created_schema = m->fresh;
	if (db_table_count(m->src->db, "member", &n, NULL) == JF_OK)
		m->out->members = n;
	if (db_table_count(m->src->db, "entry", &n, NULL) == JF_OK)
		m->out->entries = n;
	if (db_table_count(m->src->db, "voucher", &n, NULL) == JF_OK)
		m->out->vouchers = n;
	return JF_OK;
}

enum jf_status
migrate_ledger(const struct migrate_request *req, const struct settings *cfg,
	       struct migrate_result *out, struct jf_error *err)
{
	struct settings src_cfg;
	struct ledger src, dst;
	struct move m = { .req = req, .src = &src, .dst = &dst, .out = out };
	enum jf_status st;

	memset(out, 0, sizeof *out);
	memset(&src, 0, sizeof src);
	memset(&dst, 0, sizeof dst);
	if ((st = check_request(req, cfg, err)) != JF_OK)
		return st;
	/* The file's key is the one beside it, whatever the config names. */
	src_cfg = *cfg;
	src_cfg.voucher_key_file[0] = '\0';
	if ((st = open_source(req->source, &src_cfg, &src, err)) != JF_OK)
		goto out;
	/* One moment of the file, for the copy and the comparison alike. */
	if ((st = db_begin_read(src.db, err)) != JF_OK)
		goto out;
	st = open_target(req->target, cfg, &dst, &m.fresh, err);
	if (dst.db != NULL)
		snprintf(out->target, sizeof out->target, "%s", db_location(dst.db));
	if (st == JF_OK)
		st = move_ledger(&m, err);
	db_rollback(src.db);
out:
	tables_free(&m.tables);
	ledger_close(&dst);
	ledger_close(&src);
	return st;
}
