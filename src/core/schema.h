/*
 * schema: the ledger's tables as constants, with a version and forward
 * migrations (after fossil's schema.c). A ledger newer than this program is
 * refused rather than guessed at.
 */
#ifndef JIFEN_SCHEMA_H
#define JIFEN_SCHEMA_H

#include "db.h"
#include "status.h"

#define SCHEMA_VERSION 14

/* Create every table in a new, empty database (inside the caller's transaction). */
enum jf_status schema_create(struct db *db, struct jf_error *err);
/* Check the version; migrate an older ledger forward, one step per version. */
enum jf_status schema_upgrade(struct db *db, struct jf_error *err);
/* The version stored in the ledger (0 if it is not a jifen ledger). */
enum jf_status schema_version(struct db *db, int64_t *version, struct jf_error *err);

#endif
