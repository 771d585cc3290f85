/*
 * migrate_copy: the rows of a ledger copied from one database into
 * another for migrate.c (migrate_int.h): the tables in an order that
 * satisfies their references, each row by column name with its ids, and
 * the meta rows.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "migrate_int.h"
#include "xalloc.h"

void
migrate_tables_free(struct migrate_tables *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->names[i]);
		free(t->sql[i]);
	}
	free(t->names);
	free(t->sql);
	memset(t, 0, sizeof *t);
}

enum jf_status
migrate_tables_of(struct db *db, struct migrate_tables *out, struct jf_error *err)
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

int
migrate_tables_has(const struct migrate_tables *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->names[i], name) == 0)
			return 1;
	return 0;
}

int
migrate_schema_rows(const char *table)
{
	return strcmp(table, "meta") == 0 || strcmp(table, "chain_gate") == 0;
}

/*
 * Does sql (a table's definition) reference a table other than itself
 * that is not among the first `placed` of t? Both backends write
 * "REFERENCES name(...)" (PostgreSQL's constraints as pg_get_constraintdef
 * gives them).
 */
static int
waits_for_another(const char *self, const char *sql, const struct migrate_tables *t,
		  size_t placed)
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
enum jf_status
migrate_tables_order(struct migrate_tables *t, struct jf_error *err)
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
enum jf_status
migrate_copy_table(struct db *from, struct db *to, const char *table, const char *store,
		   int64_t *rows, struct jf_error *err)
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

enum jf_status
migrate_meta_put(struct db *db, const char *key, const char *value, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "INSERT INTO meta(key, value) VALUES (:k, :v) "
					"ON CONFLICT (key) DO UPDATE SET value = excluded.value");

	db_bind_text(s, ":k", key);
	db_bind_text(s, ":v", value);
	return db_run(s, err);
}

/* meta's value of key into out (size bytes); "" with JF_OK if it has none. */
enum jf_status
migrate_meta_get(struct db *db, const char *key, char *out, size_t size,
		 struct jf_error *err)
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
enum jf_status
migrate_copy_meta(struct db *from, struct db *to, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(from, "SELECT key, value FROM meta ORDER BY key");
	enum db_step_result rc = DB_DONE;
	enum jf_status st = JF_OK;

	while (st == JF_OK && (rc = db_step(s, err)) == DB_ROW)
		st = migrate_meta_put(to, db_col_text(s, 0), db_col_text(s, 1), err);
	db_reset(s);
	if (st == JF_OK && rc == DB_ERROR)
		st = err->status;
	return st;
}

