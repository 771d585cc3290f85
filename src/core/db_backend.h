/*
 * db_backend: what each storage backend gives db.c, and nothing else may
 * call. A backend implements every call of db.h but db_open() and
 * db_location_parse(), which db.c keeps for all of them.
 */
#ifndef JIFEN_DB_BACKEND_H
#define JIFEN_DB_BACKEND_H

#include "db.h"

/* Open the SQLite ledger file of location (file is its path inside it). */
enum jf_status db_sqlite_open(const char *location, const char *file, enum db_open_mode mode,
			      int64_t busy_timeout_ms, struct db **out, struct jf_error *err);

/* The index of site in every db's statements, given on first use. */
size_t db_site_slot(struct db_site *site);

#endif
