/*
 * schema: the ledger's tables as constants, with a version and forward
 * migrations (after fossil's schema.c). A ledger newer than this program is
 * refused rather than guessed at.
 */
#ifndef JIFEN_SCHEMA_H
#define JIFEN_SCHEMA_H

#include "db.h"
#include "status.h"

#define SCHEMA_VERSION 19

/*
 * Each backend's schema text. On SQLite (schema.c) a new ledger is made by
 * version 1 and every step after it; on PostgreSQL (schema_pg.c), where no
 * ledger older than SCHEMA_PG_BASE exists, by schema_pg_create, the whole
 * schema of that version in one text, and the steps after it. A step is
 * written once per backend, at the same index: schema.c's migrations[v]
 * and schema_pg_steps[v] both take a ledger from version v to v + 1 (NULL:
 * nothing to do on that backend). tests/pg/schema.sh holds the two texts
 * to the same tables, columns, indexes and triggers.
 */
#define SCHEMA_PG_BASE 18
extern const char schema_pg_create[];
extern const char *const schema_pg_steps[SCHEMA_VERSION];

/* Create every table in a new, empty database (inside the caller's transaction). */
enum jf_status schema_create(struct db *db, struct jf_error *err);
/* Check the version; migrate an older ledger forward, one step per version. */
enum jf_status schema_upgrade(struct db *db, struct jf_error *err);
/* The version stored in the ledger (0 if it is not a jifen ledger). */
enum jf_status schema_version(struct db *db, int64_t *version, struct jf_error *err);

/*
 * What protects the ledger beyond its rows is there as schema.c installs it
 * (verify): every trigger (the append-only ones above all), index and table
 * of a ledger made by schema_create(), each with the same definition, and
 * no trigger of another's. A copy restored or made by hand without them
 * could have its entries changed unseen. JF_INTEGRITY with problem (size
 * bytes) naming the first one that is missing or changed; JF_OK if all
 * hold; another status if they cannot be read.
 */
enum jf_status schema_check_guards(struct db *db, char *problem, size_t size,
				   struct jf_error *err);

#endif
