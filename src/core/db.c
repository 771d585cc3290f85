/*
 * db: the part of the storage port that every backend shares: handing a
 * ledger's location (db_location.c reads it) to the backend that opens it, the
 * nesting of transactions, the statements cached per call site and the
 * checks on their use. Knows no backend's types; it calls each backend
 * through its struct db_ops (db_<backend>.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_backend.h"
#include "xalloc.h"

enum jf_status
db_open(const char *location, enum db_open_mode mode, int64_t busy_timeout_ms, struct db **out,
	struct jf_error *err)
{
	const char *file;

	*out = NULL;
	switch (db_location_parse(location, &file)) {
	case DB_BACKEND_SQLITE:
		return db_sqlite_open(location, file, mode, busy_timeout_ms, out, err);
	case DB_BACKEND_POSTGRESQL:
		return db_pg_open(location, mode, busy_timeout_ms, out, err);
	default:
		return jf_fail(err, JF_USAGE,
			       "not a ledger location: give a file path (or file:PATH) "
			       "or a postgresql:// URL");
	}
}

/* Sites are numbered once for the process; every db keeps its own
 * statements under those numbers, so ledgers open side by side never
 * share one. (jifen runs core on one thread.) */
static size_t site_count;

size_t
db_site_slot(struct db_site *site)
{
	if (site->slot == 0)
		site->slot = ++site_count;
	return site->slot - 1;
}

/* The linker provides these for the section the db_stmt() macro fills;
 * weak, so a program without statements still links. */
extern struct db_site *const __start_jifen_sql[] __attribute__((weak));
extern struct db_site *const __stop_jifen_sql[] __attribute__((weak));

struct db_site *const *
db_sites(size_t *count)
{
	*count = __start_jifen_sql ? (size_t)(__stop_jifen_sql - __start_jifen_sql) : 0;
	return __start_jifen_sql;
}

void
db_init(struct db *db, const struct db_ops *ops, const char *location, const char *path,
	int64_t busy_timeout_ms)
{
	db->ops = ops;
	db->location = xstrdup(location);
	db->path = path ? xstrdup(path) : NULL;
	db->busy_timeout_ms = busy_timeout_ms;
}

void
db_stmt_init(struct db_stmt *st, struct db *db, const struct db_site *site)
{
	st->db = db;
	st->site = site;
	st->status = JF_OK;
}

void
db_stmt_broken(struct db_stmt *st, const char *why)
{
	/* Kept as broken: a bad statement is a bug, reported on every use. */
	st->broken = 1;
	st->status = JF_ERR;
	snprintf(st->message, sizeof st->message,
		 "database error preparing the statement at %s:%d: %s", st->site->file,
		 st->site->line, why);
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->nstmts; i++)
		if (db->stmts[i] != NULL)
			db->ops->finalize(db->stmts[i]);
	free(db->stmts);
	db->ops->free(db);
	free(db->location);
	free(db->path);
	free(db);
}

enum db_backend
db_backend_of(const struct db *db)
{
	return db->ops->backend;
}

const char *
db_location(const struct db *db)
{
	return db->location;
}

const char *
db_path(const struct db *db)
{
	return db->path;
}

enum jf_status
db_use_wal(struct db *db, struct jf_error *err)
{
	return db->ops->use_wal(db, err);
}

enum jf_status
db_secure_delete(struct db *db, struct jf_error *err)
{
	return db->ops->secure_delete(db, err);
}

enum jf_status
db_scrub(struct db *db, int *complete, struct jf_error *err)
{
	return db->ops->scrub(db, complete, err);
}

enum jf_status
db_backup(struct db *db, const char *path, struct jf_error *err)
{
	if (db->depth > 0)
		return jf_fail(err, JF_ERR, "bug: a backup inside a transaction");
	return db->ops->backup(db, path, err);
}

enum jf_status
db_restore(struct db *db, const char *path, struct jf_error *err)
{
	if (db->depth > 0)
		return jf_fail(err, JF_ERR, "bug: a restore inside a transaction");
	return db->ops->restore(db, path, err);
}

enum jf_status
db_table_exists(struct db *db, const char *table, int *exists, struct jf_error *err)
{
	*exists = 0;
	return db->ops->table_exists(db, table, exists, err);
}

void
db_objects_add(struct db_object **list, size_t *n, size_t *size, const char *type,
	       const char *name, const char *sql)
{
	if (*n == *size) {
		*size = *size ? 2 * *size : 64;
		*list = xrealloc(*list, *size * sizeof **list);
	}
	(*list)[*n].type = xstrdup(type);
	(*list)[*n].name = xstrdup(name);
	(*list)[*n].sql = xstrdup(sql);
	(*n)++;
}

enum jf_status
db_objects(struct db *db, struct db_object **out, size_t *count, struct jf_error *err)
{
	*out = NULL;
	*count = 0;
	return db->ops->objects(db, out, count, err);
}

void
db_objects_free(struct db_object *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(list[i].type);
		free(list[i].name);
		free(list[i].sql);
	}
	free(list);
}

enum jf_status
db_open_scratch(const struct db *like, struct db **out, struct jf_error *err)
{
	*out = NULL;
	return like->ops->open_scratch(like, out, err);
}

enum jf_status
db_exec(struct db *db, const char *sql, struct jf_error *err)
{
	return db->ops->exec(db, sql, err);
}

/* Make st fail on its next step with a message naming its call site. */
static void
misuse(struct db_stmt *st, const char *what)
{
	st->status = JF_ERR;
	snprintf(st->message, sizeof st->message, "internal error: the statement at %s:%d %s",
		 st->site->file, st->site->line, what);
}

/*
 * At the end of a transaction every statement is reset, so none keeps a
 * snapshot of it. One still stepping belongs to a loop that would go on
 * reading from a restarted query: its next step fails instead.
 */
static void
reset_all(struct db *db)
{
	for (size_t i = 0; i < db->nstmts; i++) {
		struct db_stmt *st = db->stmts[i];

		if (st == NULL || st->broken)
			continue;
		if (st->stepping)
			misuse(st, "was still stepping when its transaction ended");
		db->ops->reset(st);
		st->stepping = 0;
	}
}

static enum jf_status
begin(struct db *db, int write, struct jf_error *err)
{
	enum jf_status st;

	if (db->depth > 0) {
		db->depth++;
		return JF_OK;
	}
	st = db->ops->begin(db, write, err);
	if (st == JF_OK) {
		db->depth = 1;
		db->begun++;
		db->doomed = 0;
		db->writing = write;
	}
	return st;
}

enum jf_status
db_begin_write(struct db *db, struct jf_error *err)
{
	return begin(db, 1, err);
}

enum jf_status
db_begin_read(struct db *db, struct jf_error *err)
{
	return begin(db, 0, err);
}

uint64_t
db_transaction_serial(const struct db *db)
{
	return db->depth > 0 ? db->begun : 0;
}

enum jf_status
db_commit(struct db *db, struct jf_error *err)
{
	if (db->depth == 0)
		return jf_fail(err, JF_ERR, "commit outside a transaction");
	if (--db->depth > 0)
		return JF_OK;
	reset_all(db);
	if (db->doomed) {
		db->ops->end(db, 0, NULL);
		return jf_fail(err, JF_ERR, "transaction was rolled back by an inner failure");
	}
	/* A commit that fails has rolled back (the backend makes sure). */
	return db->ops->end(db, 1, err);
}

void
db_rollback(struct db *db)
{
	if (db->depth == 0)
		return;
	if (--db->depth > 0) {
		db->doomed = 1;
		return;
	}
	reset_all(db);
	db->ops->end(db, 0, NULL);
}

void
db_write_scope(struct db *db, const char *scope)
{
	/* FNV-1a: a name to a number, nothing secret; two scopes that
	 * collide only share a queue. 0 stays the whole ledger's. */
	uint32_t h = 2166136261u;

	for (; scope && *scope; scope++)
		h = (h ^ (unsigned char)*scope) * 16777619u;
	db->write_scope = h == 2166136261u ? 0 : h | 1;
}

int
db_in_transaction(const struct db *db)
{
	return db->depth > 0;
}

int
db_in_write(const struct db *db)
{
	return db->depth > 0 && db->writing;
}

struct db_stmt *
db_site_stmt(struct db *db, struct db_site *site)
{
	size_t slot = db_site_slot(site);
	struct db_stmt *st;

	if (slot >= db->nstmts) {
		size_t n = slot + 1 > 2 * db->nstmts ? slot + 1 : 2 * db->nstmts;

		db->stmts = xrealloc(db->stmts, n * sizeof *db->stmts);
		memset(db->stmts + db->nstmts, 0, (n - db->nstmts) * sizeof *db->stmts);
		db->nstmts = n;
	}
	st = db->stmts[slot];
	if (st == NULL)
		return db->stmts[slot] = db->ops->prepare(db, site);
	if (st->broken)
		return st;
	if (st->stepping) {
		/* Resetting it would cut short the loop that is reading it. */
		misuse(st, "was fetched again while it was still stepping");
		return st;
	}
	db->ops->reset(st);
	st->status = JF_OK;
	return st;
}

enum jf_status
db_prepare_check(struct db *db, const char *sql, struct jf_error *err)
{
	return db->ops->prepare_check(db, sql, err);
}

static int
param_index(struct db_stmt *st, const char *name)
{
	int i;

	/* A statement already failing (or another loop's, still stepping) is left alone. */
	if (st->status != JF_OK)
		return 0;
	i = st->db->ops->param(st, name);
	if (i == 0) {
		st->status = JF_ERR;
		snprintf(st->message, sizeof st->message,
			 "internal error: no parameter %s in the statement at %s:%d", name,
			 st->site->file, st->site->line);
	}
	return i;
}

static void
bind_done(struct db_stmt *st, const char *name, const char *why)
{
	if (why == NULL || st->status != JF_OK)
		return;
	st->status = JF_ERR;
	snprintf(st->message, sizeof st->message, "cannot bind %s: %s", name, why);
}

void
db_bind_int(struct db_stmt *st, const char *name, int64_t value)
{
	int i = param_index(st, name);

	if (i > 0)
		bind_done(st, name, st->db->ops->bind_int(st, i, value));
}

void
db_bind_text(struct db_stmt *st, const char *name, const char *value)
{
	int i = param_index(st, name);

	if (i > 0)
		bind_done(st, name, st->db->ops->bind_text(st, i, value));
}

void
db_bind_blob(struct db_stmt *st, const char *name, const void *data, size_t len)
{
	int i = param_index(st, name);

	if (i > 0)
		bind_done(st, name, st->db->ops->bind_blob(st, i, data, len));
}

enum db_step_result
db_step(struct db_stmt *st, struct jf_error *err)
{
	enum db_step_result rc;

	if (st->status != JF_OK) {
		/* Its query is abandoned (the status keeps failing it until the
		 * next fetch), so that no snapshot stays open behind it. */
		if (!st->broken)
			st->db->ops->reset(st);
		st->stepping = 0;
		jf_fail(err, st->status, "%s", st->message);
		return DB_ERROR;
	}
	rc = st->db->ops->step(st, err);
	st->stepping = rc == DB_ROW;
	return rc;
}

enum jf_status
db_run(struct db_stmt *st, struct jf_error *err)
{
	enum db_step_result rc;

	while ((rc = db_step(st, err)) == DB_ROW)
		;
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	db_reset(st);
	return JF_OK;
}

enum jf_status
db_one_int(struct db_stmt *st, int64_t *out, struct jf_error *err)
{
	enum db_step_result rc = db_step(st, err);

	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE) {
		db_reset(st);
		return JF_NOTFOUND;
	}
	*out = db_col_int(st, 0);
	db_reset(st);
	return JF_OK;
}

void
db_reset(struct db_stmt *st)
{
	/* The status stays: a misuse must still fail the loop that owns the
	 * statement. The next fetch clears it. */
	if (st->broken)
		return;
	st->db->ops->reset(st);
	st->stepping = 0;
}

int64_t
db_col_int(struct db_stmt *st, int col)
{
	return st->db->ops->col_int(st, col);
}

const char *
db_col_text(struct db_stmt *st, int col)
{
	return st->db->ops->col_text(st, col);
}

int
db_col_is_null(struct db_stmt *st, int col)
{
	return st->db->ops->col_is_null(st, col);
}

const void *
db_col_blob(struct db_stmt *st, int col, size_t *len)
{
	return st->db->ops->col_blob(st, col, len);
}

int64_t
db_changes(struct db *db)
{
	return db->ops->changes(db);
}

/* ---- whole tables (migrate.c) ---- */

/* A statement made at run time: its site is its own, freed with it. */
struct table_site {
	struct db_site site;
	char *sql;
};

/* name as an SQL identifier: in double quotes, each one inside doubled. */
static void
append_quoted(char **buf, size_t *len, size_t *size, const char *name)
{
	size_t need = *len + 2 * strlen(name) + 3;

	if (need > *size) {
		*size = need * 2;
		*buf = xrealloc(*buf, *size);
	}
	(*buf)[(*len)++] = '"';
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			(*buf)[(*len)++] = '"';
		(*buf)[(*len)++] = *p;
	}
	(*buf)[(*len)++] = '"';
	(*buf)[*len] = '\0';
}

static void
append(char **buf, size_t *len, size_t *size, const char *text)
{
	size_t n = strlen(text);

	if (*len + n + 1 > *size) {
		*size = (*len + n + 1) * 2;
		*buf = xrealloc(*buf, *size);
	}
	memcpy(*buf + *len, text, n + 1);
	*len += n;
}

/* Prepare sql (taken) on db as a statement of the caller's, for table. */
static enum jf_status
table_stmt(struct db *db, const char *table, char *sql, int line, struct db_stmt **out,
	   struct jf_error *err)
{
	struct table_site *ts = xcalloc(1, sizeof *ts);
	struct db_stmt *st;
	enum jf_status rc;
	int exists = 0;

	*out = NULL;
	ts->sql = sql;
	ts->site.sql = sql;
	ts->site.file = __FILE__;
	ts->site.line = line;
	/* Only what the database lists: a name from elsewhere is a bug. */
	if ((rc = db_table_exists(db, table, &exists, err)) != JF_OK || !exists) {
		free(ts->sql);
		free(ts);
		return rc != JF_OK ? rc : jf_fail(err, JF_ERR, "internal error: no table %s", table);
	}
	st = db->ops->prepare(db, &ts->site);
	if (st->status != JF_OK) {
		jf_fail(err, st->status, "%s", st->message);
		db->ops->finalize(st);
		free(ts->sql);
		free(ts);
		return err ? err->status : JF_ERR;
	}
	*out = st;
	return JF_OK;
}

void
db_table_free(struct db_stmt *st)
{
	struct table_site *ts;

	if (st == NULL)
		return;
	/* The site is the first member of its struct table_site. */
	ts = (struct table_site *)(void *)st->site;
	st->db->ops->finalize(st);
	free(ts->sql);
	free(ts);
}

enum jf_status
db_table_read(struct db *db, const char *table, struct db_stmt **out, struct jf_error *err)
{
	size_t len = 0, size = 0;
	char *sql = NULL;

	append(&sql, &len, &size, "SELECT * FROM ");
	append_quoted(&sql, &len, &size, table);
	append(&sql, &len, &size, " ORDER BY 1");
	return table_stmt(db, table, sql, __LINE__, out, err);
}

enum jf_status
db_table_insert(struct db *db, const char *table, const char *const *columns, int ncolumns,
		struct db_stmt **out, struct jf_error *err)
{
	size_t len = 0, size = 0;
	char *sql = NULL, param[24];

	append(&sql, &len, &size, "INSERT INTO ");
	append_quoted(&sql, &len, &size, table);
	for (int i = 0; i < ncolumns; i++) {
		append(&sql, &len, &size, i ? ", " : "(");
		append_quoted(&sql, &len, &size, columns[i]);
	}
	/* Named :c1, :c2... in order, so each backend numbers them 1, 2... */
	for (int i = 0; i < ncolumns; i++) {
		snprintf(param, sizeof param, "%s:c%d", i ? ", " : ") VALUES (", i + 1);
		append(&sql, &len, &size, param);
	}
	append(&sql, &len, &size, ")");
	return table_stmt(db, table, sql, __LINE__, out, err);
}

enum jf_status
db_table_count(struct db *db, const char *table, int64_t *count, struct jf_error *err)
{
	size_t len = 0, size = 0;
	char *sql = NULL;
	struct db_stmt *st;
	enum jf_status rc;

	*count = 0;
	append(&sql, &len, &size, "SELECT count(*) FROM ");
	append_quoted(&sql, &len, &size, table);
	if ((rc = table_stmt(db, table, sql, __LINE__, &st, err)) != JF_OK)
		return rc;
	rc = db_one_int(st, count, err);
	db_table_free(st);
	return rc;
}

enum jf_status
db_table_ids_follow(struct db *db, const char *table, struct jf_error *err)
{
	int exists = 0;
	enum jf_status rc = db_table_exists(db, table, &exists, err);

	if (rc != JF_OK)
		return rc;
	if (!exists)
		return jf_fail(err, JF_ERR, "internal error: no table %s", table);
	return db->ops->ids_follow(db, table, err);
}

/* The outcome of a positional bind of column i (from 1) of an insert. */
static void
bind_at(struct db_stmt *st, int i, const char *why)
{
	char name[24];

	snprintf(name, sizeof name, "column %d", i);
	bind_done(st, name, why);
}

void
db_bind_at_int(struct db_stmt *st, int i, int64_t value)
{
	if (st->status == JF_OK)
		bind_at(st, i, st->db->ops->bind_int(st, i, value));
}

void
db_bind_at_text(struct db_stmt *st, int i, const char *value)
{
	if (st->status == JF_OK)
		bind_at(st, i, st->db->ops->bind_text(st, i, value));
}

void
db_bind_at_blob(struct db_stmt *st, int i, const void *data, size_t len)
{
	if (st->status == JF_OK)
		bind_at(st, i, st->db->ops->bind_blob(st, i, data, len));
}

int
db_col_count(struct db_stmt *st)
{
	return st->db->ops->col_count(st);
}

const char *
db_col_name(struct db_stmt *st, int col)
{
	return st->db->ops->col_name(st, col);
}

enum db_value_type
db_col_type(struct db_stmt *st, int col)
{
	return st->db->ops->col_type(st, col);
}
