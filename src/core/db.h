/*
 * db: the storage port (after fossil's db.c and htop's Platform split).
 *
 * Everything else in core talks to the database through these calls, and
 * none of them names a backend's types: opening a ledger from its location,
 * statements prepared once and cached, named binds that fail loudly on a
 * typo, steps, and write transactions that take the write lock at once and
 * nest. One implementation per backend: db_sqlite.c today (the only file
 * that includes sqlite3.h); a PostgreSQL one later (DESIGN.md "Growing past
 * one machine"). db.c holds what every backend shares.
 *
 * The SQL that core hands to these calls is the dialect SQLite and
 * PostgreSQL both accept; what only one backend can say (its catalog
 * tables, pragmas) is asked through a call here, never written in core.
 *
 * Errors never exit: they come back as a status, JF_BUSY when the database
 * stays locked past the busy timeout.
 */
#ifndef JIFEN_DB_H
#define JIFEN_DB_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct db;
struct db_stmt;

enum db_open_mode {
	DB_OPEN_EXISTING, /* the ledger must exist */
	DB_OPEN_CREATE,   /* the file must not exist; it is created */
	DB_OPEN_READ,     /* the ledger must exist; it is only read, and where
			   * nothing may be written (read-only media, a 555
			   * directory, another user's ledger) nothing is */
};

/* The backends a ledger location can name. */
enum db_backend {
	DB_BACKEND_UNKNOWN,    /* some other scheme://, or an empty location */
	DB_BACKEND_SQLITE,     /* a file path, or file:PATH (file:///PATH) */
	DB_BACKEND_POSTGRESQL, /* postgresql://... or postgres://... (libpq) */
};

/* Which backend location names; for SQLite, *file (if file is not NULL)
 * points at the file's path inside location. */
enum db_backend db_location_parse(const char *location, const char **file);
/* The backend an open ledger is on: for what only one backend can say
 * (schema.c keeps each backend's schema text). */
enum db_backend db_backend_of(const struct db *db);

/* Open the ledger at location (see db_location_parse). *out is the
 * caller's, freed with db_close(). A location this jifen has no backend for
 * is JF_USAGE, and the message never repeats it (it may hold a password). */
enum jf_status db_open(const char *location, enum db_open_mode mode, int64_t busy_timeout_ms,
		       struct db **out, struct jf_error *err);
void db_close(struct db *db);
/* Settings a backend makes once the database is known to be a ledger (on
 * SQLite: write-ahead logging, which changes the file itself). */
enum jf_status db_use_wal(struct db *db, struct jf_error *err);
/* Erasure (member_erase): from now on what this connection deletes or
 * overwrites is overwritten in the file too, not merely freed (on SQLite:
 * secure_delete). Call before the write transaction. */
enum jf_status db_secure_delete(struct db *db, struct jf_error *err);
/* After an erasure's commit: move committed changes into the database
 * itself and drop the old copies of pages kept beside it (on SQLite: a
 * checkpoint that truncates the write-ahead log). *complete is 0 when a
 * reader kept some back (they go at a later checkpoint). */
enum jf_status db_scrub(struct db *db, int *complete, struct jf_error *err);
/*
 * Backups (backup.h). db_backup() copies the whole database of db, as one
 * consistent moment while others may go on writing, into a new file at
 * path (JF_CONFLICT if it exists), mode 0640 whatever the umask, and syncs
 * it to disk before it returns. db_restore() replaces the whole database
 * of db by the one in the file at path, in one write transaction: other
 * connections see either the old ledger or the new one, never a mix. Both
 * need db outside any transaction. On SQLite: its online backup API; a
 * backend that is no file (PostgreSQL) refuses both with JF_USAGE and says
 * which tool of its own to use (pg_dump, pg_restore).
 */
enum jf_status db_backup(struct db *db, const char *path, struct jf_error *err);
enum jf_status db_restore(struct db *db, const char *path, struct jf_error *err);
/* Does the database have a table of this name? */
enum jf_status db_table_exists(struct db *db, const char *table, int *exists,
			       struct jf_error *err);

/*
 * What guards a ledger besides its rows: the tables, indexes and triggers
 * the backend keeps (on SQLite: its sqlite_schema), each with its
 * definition as stored ("" for an index a table's UNIQUE made), sorted by
 * type and name. verify compares them with those schema.c installs
 * (schema_check_guards()). The caller frees the list with db_objects_free().
 */
struct db_object {
	char *type; /* "table", "index", "trigger" */
	char *name;
	char *sql;
};
enum jf_status db_objects(struct db *db, struct db_object **out, size_t *count,
			  struct jf_error *err);
void db_objects_free(struct db_object *list, size_t count);
/* A new, empty database of like's backend that nothing else can see and
 * that is gone once closed with db_close() (on SQLite: in memory), to
 * build a reference schema in. */
enum jf_status db_open_scratch(const struct db *like, struct db **out, struct jf_error *err);

/* Run one or more statements that return no rows (schema, pragmas). */
enum jf_status db_exec(struct db *db, const char *sql, struct jf_error *err);

/*
 * Transactions. db_begin_write() takes the write lock at once (BEGIN
 * IMMEDIATE) so two writers never deadlock half way; calls nest, and only the
 * outermost commit commits. db_rollback() undoes the whole outermost
 * transaction. db_begin_read() gives a consistent snapshot for reports.
 */
enum jf_status db_begin_write(struct db *db, struct jf_error *err);
/*
 * What db_begin_write()'s lock covers from now on: the whole ledger ("",
 * as at open), or one scope (a chain's store). Writers of one scope queue;
 * writers of different scopes run at once where the backend can (on
 * PostgreSQL, each scope is an advisory lock of its own and a row two
 * scopes change makes the later run again: JF_RETRY; gate.h for what they
 * share without one). SQLite has one writer whatever the scope.
 */
void db_write_scope(struct db *db, const char *scope);
enum jf_status db_begin_read(struct db *db, struct jf_error *err);
enum jf_status db_commit(struct db *db, struct jf_error *err);
void db_rollback(struct db *db);
int db_in_transaction(const struct db *db);
/* Which outermost transaction is open: a number of its own among this
 * connection's, 0 outside any. What was read in one transaction may be
 * kept for the rest of it (under the write lock nobody else changes it)
 * and no longer. */
uint64_t db_transaction_serial(const struct db *db);
/* In a transaction begun by db_begin_write() (at its outermost level). */
int db_in_write(const struct db *db);

/*
 * Statements belong to the place in the code that runs them (fossil's
 * db_static_prepare): db_stmt(db, "SQL") gives the statement of this call
 * site on db, prepared on first use and reset on every later fetch. The db
 * owns it; the SQL must be a string literal. A prepare or bind error is
 * remembered and returned by the next db_step(), so callers check once.
 *
 * Fetching a statement that is still stepping (it gave a row and was
 * neither stepped to the end nor reset) fails loudly: resetting it would
 * silently cut short the loop reading it. Both that fetch and the loop's
 * next step get DB_ERROR naming the call site. So a single-row read resets
 * its statement (or uses db_one_int()); db_commit() and db_rollback()
 * reset every statement, and a loop still reading one fails on its next step.
 */
struct db_site {
	const char *sql;
	const char *file;
	int line;
	size_t slot; /* its index + 1 in every db's statements; 0 until first used */
};

/* Each site's address also goes into the section jifen_sql, so that a
 * test can prepare every statement of the program (db_sites()). */
#define db_stmt(db, sql)                                                                 \
	(__extension__({                                                                 \
		static struct db_site db_site_ = { "" sql "", __FILE__, __LINE__, 0 };     \
		static struct db_site *const db_site_entry_                               \
			__attribute__((used, section("jifen_sql"))) = &db_site_;         \
		(void)db_site_entry_;                                                     \
		db_site_stmt((db), &db_site_);                                            \
	}))
struct db_stmt *db_site_stmt(struct db *db, struct db_site *site);

/* Every statement site linked into this program; *count gets their number. */
struct db_site *const *db_sites(size_t *count);
/* Prepare sql once on db and throw it away: JF_ERR naming the problem if
 * the schema cannot run it (a typo, a missing column). For tests. */
enum jf_status db_prepare_check(struct db *db, const char *sql, struct jf_error *err);
void db_bind_int(struct db_stmt *st, const char *name, int64_t value);
void db_bind_text(struct db_stmt *st, const char *name, const char *value); /* NULL binds NULL */
void db_bind_blob(struct db_stmt *st, const char *name, const void *data, size_t len);

/* What a step gave. The values are fixed (callers of old compared with 1, 0, -1). */
enum db_step_result {
	DB_ERROR = -1, /* the error is in *err */
	DB_DONE = 0,   /* no more rows */
	DB_ROW = 1,    /* a row is ready to read */
};
enum db_step_result db_step(struct db_stmt *st, struct jf_error *err);
/* Step to the end of a statement that returns no rows. */
enum jf_status db_run(struct db_stmt *st, struct jf_error *err);
/* Run a one-row, one-column query: JF_NOTFOUND if no row. */
enum jf_status db_one_int(struct db_stmt *st, int64_t *out, struct jf_error *err);
void db_reset(struct db_stmt *st);

int64_t db_col_int(struct db_stmt *st, int col);
/* Text of a column, "" for NULL; valid until the next step or reset. */
const char *db_col_text(struct db_stmt *st, int col);
int db_col_is_null(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col, size_t *len);

/*
 * Whole tables, for copying a ledger from one database into another
 * (migrate.c), where the statements' text depends on a table's name and
 * columns and so cannot be a literal of db_stmt(). Each is the caller's,
 * stepped, bound and read as any other, and freed with db_table_free().
 * A table's name is one the database itself lists (db_objects()), never
 * outside input: it must exist (JF_ERR otherwise), and names are quoted.
 *
 * db_table_read(): every row, ordered by the first column (a rowid where
 * the table has one, so that a row comes after those it names).
 * db_table_insert(): one row of the named columns, each bound by its
 * position (from 1) with db_bind_at_*().
 * db_table_count(): how many rows it holds.
 */
enum db_value_type { DB_NULL, DB_INT, DB_REAL, DB_TEXT, DB_BLOB };
enum jf_status db_table_read(struct db *db, const char *table, struct db_stmt **out,
			     struct jf_error *err);
enum jf_status db_table_insert(struct db *db, const char *table, const char *const *columns,
			       int ncolumns, struct db_stmt **out, struct jf_error *err);
enum jf_status db_table_count(struct db *db, const char *table, int64_t *count,
			      struct jf_error *err);
void db_table_free(struct db_stmt *st);
void db_bind_at_int(struct db_stmt *st, int i, int64_t value);
void db_bind_at_text(struct db_stmt *st, int i, const char *value); /* NULL binds NULL */
void db_bind_at_blob(struct db_stmt *st, int i, const void *data, size_t len);
/* A row's columns (after a step gave it): how many, each one's name, and
 * the type of the value it holds in this row. */
int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int col);
enum db_value_type db_col_type(struct db_stmt *st, int col);
/* After rows were inserted into table with their ids given: make the ids
 * the database generates next follow the largest there (on PostgreSQL an
 * identity's sequence does not move for an id given, so it is set;
 * SQLite's rowids always follow). Not undone by a rollback on PostgreSQL:
 * a rolled back copy leaves gaps, never clashes. */
enum jf_status db_table_ids_follow(struct db *db, const char *table, struct jf_error *err);

/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t db_changes(struct db *db);
/* The location the ledger was opened from, as given: for messages. */
const char *db_location(const struct db *db);
/* The ledger's file, or NULL when its location is not a file. */
const char *db_path(const struct db *db);

#endif
