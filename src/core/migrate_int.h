/*
 * migrate_int: what migrate.c's parts share (migrate_copy.c copies,
 * migrate_compare.c holds the copy to the file). Not for the rest of core.
 */
#ifndef JIFEN_MIGRATE_INT_H
#define JIFEN_MIGRATE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "status.h"

/* A database's tables (its own, sqlite_*, left out), each with its
 * definition as the database keeps it. */
struct migrate_tables {
	char **names;
	char **sql; /* each one's definition, for its references */
	size_t n;
};

enum jf_status migrate_tables_of(struct db *db, struct migrate_tables *out,
				 struct jf_error *err);
void migrate_tables_free(struct migrate_tables *t);
int migrate_tables_has(const struct migrate_tables *t, const char *name);
/* A table whose rows the schema makes and the copy leaves alone: meta
 * (copied by key instead) and chain_gate (gate.h: a count of turns that
 * means nothing in another database). */
int migrate_schema_rows(const char *table);
/* Put t in an order where every table comes after those its REFERENCES
 * name (itself aside); JF_ERR if they go round in a circle. */
enum jf_status migrate_tables_order(struct migrate_tables *t, struct jf_error *err);

/* Every row of table from `from` into `to`, ids and all, by column name; a
 * column `store` gets store. *rows counts them. What the target refuses
 * (a trigger, a reference) is said with the row's first column. */
enum jf_status migrate_copy_table(struct db *from, struct db *to, const char *table,
				  const char *store, int64_t *rows, struct jf_error *err);

/* meta: a row put (over one of the same key); a value read into out
 * ("" if there is none); every row of from's meta put into to's. */
enum jf_status migrate_meta_put(struct db *db, const char *key, const char *value,
				struct jf_error *err);
enum jf_status migrate_meta_get(struct db *db, const char *key, char *out, size_t size,
				struct jf_error *err);
enum jf_status migrate_copy_meta(struct db *from, struct db *to, struct jf_error *err);

/* Did everything arrive as it was? Accounts (balance, held), lots, holds,
 * vouchers and the last entry row by row; meta's rows of from by key; the
 * rows of every table of t but meta by a digest that no order of rows or
 * columns changes, a column `store` of from's counting as store.
 * JF_INTEGRITY naming the first difference. */
enum jf_status migrate_compare(struct db *from, struct db *to, const struct migrate_tables *t,
			       const char *store, struct jf_error *err);

#endif
