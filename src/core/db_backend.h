/*
 * db_backend: what each storage backend gives db.c, and nothing else may
 * see. db.c keeps what every backend shares (a ledger's location, the
 * nesting of transactions, the statements cached per call site and the
 * checks on their use) and calls a backend through its table of
 * operations (struct db_ops) for the rest. A backend's connection and
 * statement start with struct db and struct db_stmt and add its own
 * handles after them.
 */
#ifndef JIFEN_DB_BACKEND_H
#define JIFEN_DB_BACKEND_H

#include <stdint.h>
#include <time.h>

#include "db.h"

struct db {
	const struct db_ops *ops;
	char *location;         /* as given to db_open(), for messages (no password) */
	char *path;             /* the file inside it; NULL when it is no file */
	int64_t busy_timeout_ms;
	uint32_t write_scope;   /* db_write_scope()'s, 0 for the whole ledger */
	int depth;              /* nesting of db_begin_*; 0 outside a transaction */
	int writing;            /* the outermost transaction is a write */
	int doomed;             /* an inner level rolled back: the outermost must too */
	uint64_t begun;         /* outermost transactions begun, since open */
	struct db_stmt **stmts; /* by their site's slot; NULL until first used */
	size_t nstmts;
};

struct db_stmt {
	struct db *db;
	const struct db_site *site; /* where it is written; its SQL */
	enum jf_status status;      /* a prepare, bind or misuse failure, reported by db_step */
	char message[JF_ERROR_MAX];
	int broken;                 /* failed to prepare */
	int stepping;               /* gave a row, and was neither stepped to the end nor reset */
};

/*
 * A backend's operations. Those named as in db.h do what db.h says; the
 * rest are the parts of db.h's calls that differ by backend:
 * - prepare: a new statement of the backend's size for site (its struct
 *   db_stmt filled in); one that cannot be prepared is returned marked
 *   broken by db_stmt_broken(), never NULL.
 * - finalize frees a statement; reset ends its query and clears its binds.
 * - param: the index (from 1) of a named parameter, 0 if it has none.
 * - bind_*: NULL, or the backend's words for why it could not bind.
 * - step: DB_ROW, DB_DONE, or DB_ERROR with *err set.
 * - begin/end: start a transaction (write or read), and end it by commit
 *   (commit != 0) or rollback; the outermost level only.
 * - free: the backend's part of a connection (db.c frees the rest).
 * - col_count, col_name, col_type: of the row a step gave.
 * - ids_follow: db_table_ids_follow() of a table that exists (the name
 *   as the database lists it, not yet quoted).
 */
struct db_ops {
	enum db_backend backend;
	void (*free)(struct db *db);
	enum jf_status (*exec)(struct db *db, const char *sql, struct jf_error *err);
	enum jf_status (*begin)(struct db *db, int write, struct jf_error *err);
	enum jf_status (*end)(struct db *db, int commit, struct jf_error *err);
	struct db_stmt *(*prepare)(struct db *db, const struct db_site *site);
	void (*finalize)(struct db_stmt *st);
	void (*reset)(struct db_stmt *st);
	int (*param)(struct db_stmt *st, const char *name);
	const char *(*bind_int)(struct db_stmt *st, int i, int64_t value);
	const char *(*bind_text)(struct db_stmt *st, int i, const char *value);
	const char *(*bind_blob)(struct db_stmt *st, int i, const void *data, size_t len);
	enum db_step_result (*step)(struct db_stmt *st, struct jf_error *err);
	int64_t (*col_int)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	int (*col_is_null)(struct db_stmt *st, int col);
	const void *(*col_blob)(struct db_stmt *st, int col, size_t *len);
	int64_t (*changes)(struct db *db);
	enum jf_status (*prepare_check)(struct db *db, const char *sql, struct jf_error *err);
	enum jf_status (*use_wal)(struct db *db, struct jf_error *err);
	enum jf_status (*secure_delete)(struct db *db, struct jf_error *err);
	enum jf_status (*scrub)(struct db *db, int *complete, struct jf_error *err);
	enum jf_status (*backup)(struct db *db, const char *path, struct jf_error *err);
	enum jf_status (*restore)(struct db *db, const char *path, struct jf_error *err);
	enum jf_status (*table_exists)(struct db *db, const char *table, int *exists,
				       struct jf_error *err);
	enum jf_status (*objects)(struct db *db, struct db_object **out, size_t *count,
				  struct jf_error *err);
	enum jf_status (*open_scratch)(const struct db *like, struct db **out,
				       struct jf_error *err);
	int (*col_count)(struct db_stmt *st);
	const char *(*col_name)(struct db_stmt *st, int col);
	enum db_value_type (*col_type)(struct db_stmt *st, int col);
	enum jf_status (*ids_follow)(struct db *db, const char *table, struct jf_error *err);
};

/* Fill the shared part of a new connection (location copied; path may be NULL). */
void db_init(struct db *db, const struct db_ops *ops, const char *location, const char *path,
	     int64_t busy_timeout_ms);
/* Fill the shared part of a new statement. */
void db_stmt_init(struct db_stmt *st, struct db *db, const struct db_site *site);
/* Mark st as a statement that could not be prepared, with why. */
void db_stmt_broken(struct db_stmt *st, const char *why);
/* A list of objects being built by db_objects(): add one (copies). */
void db_objects_add(struct db_object **list, size_t *n, size_t *size, const char *type,
		    const char *name, const char *sql);

/* Open the SQLite ledger file of location (file is its path inside it). */
enum jf_status db_sqlite_open(const char *location, const char *file, enum db_open_mode mode,
			      int64_t busy_timeout_ms, struct db **out, struct jf_error *err);
/* Open the PostgreSQL ledger of a libpq connection string. */
enum jf_status db_pg_open(const char *location, enum db_open_mode mode, int64_t busy_timeout_ms,
			  struct db **out, struct jf_error *err);

/*
 * Waiting for another terminal's write, as SQLite's busy handler (arg: a
 * struct db_busy_wait). SQLite's own busy timeout sleeps longer and longer
 * between tries (up to 100 ms): under a steady stream of writes from other
 * terminals, a waiter asleep that long misses release after release and
 * gives up after the whole timeout while the others go on (tests/bench
 * busyday: 4 counters and 4 kiosks writing at once). Short naps, of
 * lengths that differ from waiter to waiter, give each its turn. Also for
 * the benchmark's raw connections, which must wait alike.
 */
struct db_busy_wait {
	int64_t timeout_ms;    /* give up after waiting this long */
	struct timespec since; /* when the wait under way began */
};
int db_busy_retry(void *arg, int tries);

/* The index of site in every db's statements, given on first use. */
size_t db_site_slot(struct db_site *site);

#endif
