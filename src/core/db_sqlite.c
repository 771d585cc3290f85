/*
 * db_sqlite: the storage port on SQLite: connections, cached statements and
 * transactions. The only file that includes sqlite3.h. Never exits on an
 * SQL error.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "db_backend.h"
#include "xalloc.h"

/* INSERT ... RETURNING and UPDATE ... RETURNING came with 3.35.0; configure.ac
 * checks the same version. */
#define DB_SQLITE_MIN_VERSION 3035000
#define DB_SQLITE_MIN_TEXT "3.35.0"
#if SQLITE_VERSION_NUMBER < DB_SQLITE_MIN_VERSION
#error "jifen needs SQLite 3.35.0 or newer (for RETURNING)"
#endif

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *handle;
};

struct sqlite_db {
	struct db base;
	sqlite3 *handle;
	struct db_busy_wait busy; /* how a write waits for another's lock */
};

static const struct db_ops sqlite_ops;

static sqlite3 *
handle_of(const struct db *db)
{
	return ((const struct sqlite_db *)db)->handle;
}

static sqlite3_stmt *
stmt_of(struct db_stmt *st)
{
	return ((struct sqlite_stmt *)st)->handle;
}

static enum jf_status
sqlite_status(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return JF_BUSY;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_READONLY:
		return JF_BUSY; /* "database busy or unavailable" */
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return JF_INTEGRITY;
	default:
		return JF_ERR;
	}
}

static enum jf_status
db_fail(struct db *db, int rc, struct jf_error *err, const char *what)
{
	enum jf_status status = sqlite_status(rc);

	if (status == JF_BUSY && (rc & 0xff) <= SQLITE_LOCKED)
		return jf_refuse(err, status, JF_R_CONTENDED, (struct jf_why){ .text = NULL },
				 "database busy: another terminal holds it, try again");
	if (status == JF_INTEGRITY)
		return jf_fail(err, status, "%s is not a jifen ledger, or is damaged: %s",
			       db ? db->location : "the file", db ? sqlite3_errmsg(handle_of(db)) : sqlite3_errstr(rc));
	return jf_fail(err, status, "database error %s: %s", what,
		       db ? sqlite3_errmsg(handle_of(db)) : sqlite3_errstr(rc));
}

/*
 * Process-wide memory settings, made once before SQLite starts. SQLite frees
 * and takes back its page buffers on every transaction; glibc would hand
 * that memory to the kernel and ask for it again each time (two brk calls a
 * write), which cost more than the write itself, so keep it. Memory
 * statistics are off: they put a global mutex around every allocation.
 */
static void
tune_memory(void)
{
	static int done;

	if (done)
		return;
	done = 1;
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
#endif
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * The ledger holds members' personal data: its owner writes it, its group
 * (jifen's users, README "Install") may read it, nobody else may touch it:
 * 0640. A new ledger is created under umask 027 and set to 0640 right after
 * it is opened, before a byte is written, whatever the caller's umask;
 * SQLite gives its -wal and -shm the database's mode when it makes them.
 * A ledger of an older jifen (0644) loses what others may do when its owner
 * next opens it for writing, its -wal and -shm with it; one that is
 * already stricter (0600) stays so.
 */
#define LEDGER_MODE 0640
#define LEDGER_UMASK 027

static enum jf_status
make_private(const char *path, const char *location, int create, struct jf_error *err)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	struct stat sb;
	char *file;
	int bad = 0;

	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		mode_t want;

		file = xasprintf("%s%s", path, suffix[i]);
		if (stat(file, &sb) == 0 && sb.st_uid == geteuid()) {
			want = create ? LEDGER_MODE : (sb.st_mode & 0777 & ~(mode_t)LEDGER_UMASK);
			if ((sb.st_mode & 0777) != want && chmod(file, want) != 0)
				bad = errno;
		}
		free(file);
	}
	if (bad)
		return jf_fail(err, JF_ERR, "cannot make the ledger %s private: %s", location,
			       strerror(bad));
	return JF_OK;
}

/* The one line for a ledger this user may not write (errno e), with who
 * may: never "database busy", which would send them waiting. */
static enum jf_status
denied(const char *location, int e, struct jf_error *err)
{
	if (e == EROFS)
		return jf_fail(err, JF_DENIED, "cannot write the ledger %s: read-only file system",
			       location);
	return jf_fail(err, JF_DENIED, "cannot write the ledger %s: permission denied "
		       "(jifen's users are in group jifen; it is written as user jifen)", location);
}

/*
 * Can this user write the ledger at path? The file, its -wal and -shm
 * where they exist, and the directory where they do not (SQLite makes
 * them there). An open for writing that could not write would open
 * read-only without a word and fail at the first write as "busy".
 */
static enum jf_status
check_writable(const char *path, const char *location, struct jf_error *err)
{
	static const char *const suffix[] = { "-wal", "-shm" };
	char *file, *dir, *slash;
	int e = 0, missing = 0;

	if (access(path, W_OK) != 0 && errno != ENOENT)
		e = errno;
	for (size_t i = 0; !e && i < sizeof suffix / sizeof suffix[0]; i++) {
		file = xasprintf("%s%s", path, suffix[i]);
		if (access(file, W_OK) != 0) {
			if (errno == ENOENT)
				missing = 1;
			else
				e = errno;
		}
		free(file);
	}
	if (!e && missing) {
		dir = xstrdup(path);
		slash = strrchr(dir, '/');
		if (slash == NULL)
			strcpy(dir, ".");
		else
			slash[slash == dir] = '\0';
		if (access(dir, W_OK) != 0)
			e = errno;
		free(dir);
	}
	if (e == EACCES || e == EPERM || e == EROFS)
		return denied(location, e, err);
	return JF_OK;
}

/*
 * The name SQLite opens a ledger by. A read-only open still makes the
 * -wal and -shm files of a WAL ledger when they are missing, which fails
 * where nothing may be written and, as another user, leaves files owned
 * by that user. When no -wal is there, no writer has anything unsaved:
 * the file alone is the ledger, and where we could not (or should not)
 * make those files it is opened immutable, which makes none. With a -wal
 * present (a writer at work, or a ledger copied with it), SQLite reads it
 * through the existing -shm, read-only if need be. Caller frees.
 */
static char *
sqlite_name(const char *path, enum db_open_mode mode, int *flags)
{
	char *wal, *dir, *slash, *uri;
	struct stat sb;
	int keep_out, present;
	size_t n = 0;

	if (mode != DB_OPEN_READ)
		return xstrdup(path);
	wal = xasprintf("%s-wal", path);
	present = access(wal, F_OK) == 0;
	free(wal);
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';
	keep_out = access(dir, W_OK) != 0 ||
		   (stat(path, &sb) == 0 && geteuid() != 0 && sb.st_uid != geteuid());
	free(dir);
	if (present || !keep_out)
		return xstrdup(path);
	/* A URI: '%', '?' and '#' in the path are escaped, and an absolute
	 * path gets an empty authority ("//tmp" would name a host). */
	*flags |= SQLITE_OPEN_URI;
	uri = xmalloc(strlen(path) * 3 + sizeof "file://?immutable=1");
	n = (size_t)sprintf(uri, path[0] == '/' ? "file://" : "file:");
	for (const char *p = path; *p; p++)
		n += (size_t)(strchr("%?#", *p) ? sprintf(uri + n, "%%%02X", (unsigned char)*p)
						: sprintf(uri + n, "%c", *p));
	strcpy(uri + n, "?immutable=1");
	return uri;
}

int
db_busy_retry(void *arg, int tries)
{
	struct db_busy_wait *w = arg;
	struct timespec now, nap = { 0, 0 };
	long step = 250000L << (tries / 4 < 4 ? tries / 4 : 4); /* 0.25 ms to 4 ms */
	int64_t waited_ms;

	if (tries == 0)
		clock_gettime(CLOCK_MONOTONIC, &w->since);
	clock_gettime(CLOCK_MONOTONIC, &now);
	waited_ms = (int64_t)(now.tv_sec - w->since.tv_sec) * 1000 +
		    (now.tv_nsec - w->since.tv_nsec) / 1000000;
	if (waited_ms >= w->timeout_ms)
		return 0;
	/* Waiters that began together must not keep trying together. */
	nap.tv_nsec = step / 2 + (long)(((unsigned)getpid() * 2654435761u + (unsigned)tries) %
					   (unsigned long)step);
	nanosleep(&nap, NULL);
	return 1;
}

enum jf_status
db_sqlite_open(const char *location, const char *path, enum db_open_mode mode,
	       int64_t busy_timeout_ms, struct db **out, struct jf_error *err)
{
	struct stat sb;
	struct sqlite_db *sdb;
	struct db *db;
	int flags = (mode == DB_OPEN_READ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
		    SQLITE_OPEN_NOMUTEX;
	char *name;
	int rc;

	*out = NULL;
	tune_memory();
	/* configure checked the headers; the library found at run time may be older. */
	if (sqlite3_libversion_number() < DB_SQLITE_MIN_VERSION)
		return jf_fail(err, JF_ERR,
			       "SQLite %s is too old: jifen needs %s or newer (for RETURNING)",
			       sqlite3_libversion(), DB_SQLITE_MIN_TEXT);
	if (mode == DB_OPEN_CREATE) {
		if (stat(path, &sb) == 0)
			return jf_fail(err, JF_CONFLICT, "a ledger already exists at %s; not overwriting it",
				       location);
		flags |= SQLITE_OPEN_CREATE;
	} else if (stat(path, &sb) != 0) {
		if (errno == EACCES)
			return jf_fail(err, JF_DENIED, "cannot read the ledger %s: permission denied "
				       "(jifen's users are in group jifen)", location);
		return jf_fail(err, JF_NOTFOUND, "no ledger at %s (create one with: jifen init)",
			       location);
	}
	if (mode == DB_OPEN_EXISTING && check_writable(path, location, err) != JF_OK)
		return JF_DENIED;
	if (mode != DB_OPEN_CREATE && access(path, R_OK) != 0 && errno == EACCES)
		return jf_fail(err, JF_DENIED, "cannot read the ledger %s: permission denied "
			       "(jifen's users are in group jifen)", location);
	sdb = xcalloc(1, sizeof *sdb);
	db = &sdb->base;
	db_init(db, &sqlite_ops, location, path, busy_timeout_ms);
	name = sqlite_name(path, mode, &flags);
	if (mode == DB_OPEN_CREATE) {
		mode_t old = umask(LEDGER_UMASK);

		rc = sqlite3_open_v2(name, &sdb->handle, flags, NULL);
		umask(old);
	} else {
		rc = sqlite3_open_v2(name, &sdb->handle, flags, NULL);
	}
	free(name);
	if (rc != SQLITE_OK) {
		enum jf_status st = jf_fail(err, JF_BUSY, "cannot open the ledger %s: %s", location,
					    sqlite3_errstr(rc));
		db_close(db);
		return st;
	}
	/* A new ledger is private or is not made; an old one is made private
	 * where it can be (a file system without modes cannot). */
	if (mode == DB_OPEN_CREATE && make_private(path, location, 1, err) != JF_OK) {
		db_close(db);
		return JF_ERR;
	}
	if (mode == DB_OPEN_EXISTING)
		(void)make_private(path, location, 0, NULL);
	sqlite3_extended_result_codes(sdb->handle, 1);
	sdb->busy.timeout_ms = busy_timeout_ms;
	sqlite3_busy_handler(sdb->handle, db_busy_retry, &sdb->busy);
	/* FULL makes an acknowledged commit survive a power cut. WAL, which
	 * changes the file itself, waits for db_use_wal(): a file that is not a
	 * ledger must be refused untouched. */
	if (db_exec(db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			"PRAGMA trusted_schema=OFF;", err) != JF_OK) {
		enum jf_status st = err ? err->status : JF_BUSY;
		db_close(db);
		return st;
	}
	*out = db;
	return JF_OK;
}

static enum jf_status
sqlite_use_wal(struct db *db, struct jf_error *err)
{
	/* WAL lets readers and one writer share the file across processes. */
	return db_exec(db, "PRAGMA journal_mode=WAL", err);
}

static enum jf_status
sqlite_secure_delete(struct db *db, struct jf_error *err)
{
	return db_exec(db, "PRAGMA secure_delete=ON", err);
}

static enum jf_status
sqlite_scrub(struct db *db, int *complete, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	enum db_step_result rc = db_step(s, err);

	/* The row: busy (1 if a reader or writer kept the log), pages, moved. */
	*complete = rc == DB_ROW && db_col_int(s, 0) == 0;
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/*
 * One whole copy with the online backup API, from src to dst, retrying
 * while another connection holds a lock it needs (a writer of dst, or a
 * checkpoint), for as long as the busy timeout allows. One step of -1
 * pages copies everything under one read transaction of src: one moment.
 */
static int
copy_all(sqlite3 *dst, sqlite3 *src, int64_t timeout_ms)
{
	struct db_busy_wait wait = { timeout_ms, { 0, 0 } };
	sqlite3_backup *b;
	int rc, tries = 0;

	for (;;) {
		b = sqlite3_backup_init(dst, "main", src, "main");
		if (b == NULL)
			return sqlite3_extended_errcode(dst);
		rc = sqlite3_backup_step(b, -1);
		sqlite3_backup_finish(b);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			return rc == SQLITE_DONE ? SQLITE_OK : rc;
		if (!db_busy_retry(&wait, tries++))
			return rc;
	}
}

/* fsync of a file or directory by name. */
static int
sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static enum jf_status
sqlite_backup(struct db *db, const char *path, struct jf_error *err)
{
	struct stat sb;
	sqlite3 *dst = NULL;
	mode_t old;
	int rc;

	if (lstat(path, &sb) == 0)
		return jf_fail(err, JF_CONFLICT, "%s already exists; not overwriting it", path);
	old = umask(LEDGER_UMASK);
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOMUTEX, NULL);
	umask(old);
	if (rc == SQLITE_OK && chmod(path, LEDGER_MODE) != 0)
		rc = SQLITE_CANTOPEN;
	if (rc == SQLITE_OK)
		rc = copy_all(dst, handle_of(db), db->busy_timeout_ms);
	if (rc != SQLITE_OK) {
		jf_fail(err, sqlite_status(rc), "cannot copy the ledger to %s: %s", path,
			dst && sqlite3_errcode(dst) != SQLITE_OK ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		unlink(path);
		return err ? err->status : JF_ERR;
	}
	rc = sqlite3_close(dst);
	if (rc != SQLITE_OK || sync_path(path) != 0) {
		unlink(path);
		return jf_fail(err, JF_ERR, "cannot write %s: %s", path,
			       rc != SQLITE_OK ? sqlite3_errstr(rc) : strerror(errno));
	}
	return JF_OK;
}

static enum jf_status
sqlite_restore(struct db *db, const char *path, struct jf_error *err)
{
	sqlite3 *src = NULL;
	int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	char *name;
	int rc;

	name = sqlite_name(path, DB_OPEN_READ, &flags);
	rc = sqlite3_open_v2(name, &src, flags, NULL);
	free(name);
	if (rc == SQLITE_OK)
		rc = copy_all(handle_of(db), src, db->busy_timeout_ms);
	sqlite3_close(src);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, err, "restoring the ledger");
	return JF_OK;
}

static enum jf_status
sqlite_table_exists(struct db *db, const char *table, int *exists, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT count(*) FROM sqlite_schema "
					"WHERE type = 'table' AND name = :t");
	enum jf_status st;
	int64_t n = 0;

	db_bind_text(s, ":t", table);
	st = db_one_int(s, &n, err);
	*exists = st == JF_OK && n > 0;
	return st;
}

static enum jf_status
sqlite_objects(struct db *db, struct db_object **out, size_t *count, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT type, name, coalesce(sql, '') FROM sqlite_schema "
					"WHERE type IN ('table', 'index', 'trigger') "
					"ORDER BY type, name");
	size_t size = 0;
	enum db_step_result rc;

	while ((rc = db_step(s, err)) == DB_ROW)
		db_objects_add(out, count, &size, db_col_text(s, 0), db_col_text(s, 1),
			       db_col_text(s, 2));
	return rc == DB_ERROR ? err->status : JF_OK;
}

static enum jf_status
sqlite_open_scratch(const struct db *like, struct db **out, struct jf_error *err)
{
	struct sqlite_db *sdb = xcalloc(1, sizeof *sdb);
	int rc;

	(void)like;
	db_init(&sdb->base, &sqlite_ops, ":memory:", NULL, 0);
	rc = sqlite3_open_v2(":memory:", &sdb->handle,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		db_close(&sdb->base);
		return jf_fail(err, JF_ERR, "cannot open a database in memory: %s",
			       sqlite3_errstr(rc));
	}
	sqlite3_extended_result_codes(sdb->handle, 1);
	*out = &sdb->base;
	return JF_OK;
}

static void
sqlite_free(struct db *db)
{
	sqlite3_close(handle_of(db));
}

static enum jf_status
sqlite_exec(struct db *db, const char *sql, struct jf_error *err)
{
	int rc = sqlite3_exec(handle_of(db), sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, err, "running a statement");
	return JF_OK;
}

static enum jf_status
sqlite_begin(struct db *db, int write, struct jf_error *err)
{
	/* IMMEDIATE takes the write lock at once, so two writers never
	 * deadlock half way. */
	return sqlite_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
}

static enum jf_status
sqlite_end(struct db *db, int commit, struct jf_error *err)
{
	enum jf_status st;

	if (!commit)
		return sqlite_exec(db, "ROLLBACK", err);
	st = sqlite_exec(db, "COMMIT", err);
	if (st != JF_OK)
		sqlite_exec(db, "ROLLBACK", NULL);
	return st;
}

static struct db_stmt *
sqlite_prepare(struct db *db, const struct db_site *site)
{
	struct sqlite_stmt *st = xcalloc(1, sizeof *st);
	int rc;

	db_stmt_init(&st->base, db, site);
	rc = sqlite3_prepare_v3(handle_of(db), site->sql, -1, SQLITE_PREPARE_PERSISTENT,
				&st->handle, NULL);
	if (rc != SQLITE_OK) {
		db_stmt_broken(&st->base, sqlite3_errmsg(handle_of(db)));
		sqlite3_finalize(st->handle);
		st->handle = NULL;
	}
	return &st->base;
}

static void
sqlite_finalize(struct db_stmt *st)
{
	sqlite3_finalize(stmt_of(st));
	free(st);
}

static void
sqlite_reset(struct db_stmt *st)
{
	sqlite3_reset(stmt_of(st));
	sqlite3_clear_bindings(stmt_of(st));
}

static enum jf_status
sqlite_prepare_check(struct db *db, const char *sql, struct jf_error *err)
{
	sqlite3_stmt *handle = NULL;
	int rc = sqlite3_prepare_v2(handle_of(db), sql, -1, &handle, NULL);

	sqlite3_finalize(handle);
	if (rc != SQLITE_OK)
		return jf_fail(err, JF_ERR, "%s in: %.200s", sqlite3_errmsg(handle_of(db)), sql);
	return JF_OK;
}

static int
sqlite_param(struct db_stmt *st, const char *name)
{
	return sqlite3_bind_parameter_index(stmt_of(st), name);
}

static const char *
bind_result(int rc)
{
	return rc == SQLITE_OK ? NULL : sqlite3_errstr(rc);
}

static const char *
sqlite_bind_int(struct db_stmt *st, int i, int64_t value)
{
	return bind_result(sqlite3_bind_int64(stmt_of(st), i, value));
}

static const char *
sqlite_bind_text(struct db_stmt *st, int i, const char *value)
{
	if (value == NULL)
		return bind_result(sqlite3_bind_null(stmt_of(st), i));
	return bind_result(sqlite3_bind_text(stmt_of(st), i, value, -1, SQLITE_TRANSIENT));
}

static const char *
sqlite_bind_blob(struct db_stmt *st, int i, const void *data, size_t len)
{
	return bind_result(sqlite3_bind_blob(stmt_of(st), i, data, (int)len, SQLITE_TRANSIENT));
}

static enum db_step_result
sqlite_step(struct db_stmt *st, struct jf_error *err)
{
	int rc = sqlite3_step(stmt_of(st));

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	db_fail(st->db, rc, err, "in a query");
	sqlite3_reset(stmt_of(st));
	return DB_ERROR;
}

static int64_t
sqlite_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(stmt_of(st), col);
}

static const char *
sqlite_col_text(struct db_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt_of(st), col);

	return t ? (const char *)t : "";
}

static int
sqlite_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(stmt_of(st), col) == SQLITE_NULL;
}

static const void *
sqlite_col_blob(struct db_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(stmt_of(st), col);

	*len = (size_t)sqlite3_column_bytes(stmt_of(st), col);
	return p;
}

static int64_t
sqlite_changes(struct db *db)
{
	/* Not sqlite3_changes64(): it needs SQLite 3.37, and one statement of
	 * jifen never changes 2^31 rows. */
	return sqlite3_changes(handle_of(db));
}

static int
sqlite_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(stmt_of(st));
}

static const char *
sqlite_col_name(struct db_stmt *st, int col)
{
	const char *name = sqlite3_column_name(stmt_of(st), col);

	return name ? name : "";
}

static enum db_value_type
sqlite_col_type(struct db_stmt *st, int col)
{
	switch (sqlite3_column_type(stmt_of(st), col)) {
	case SQLITE_INTEGER:
		return DB_INT;
	case SQLITE_FLOAT:
		return DB_REAL;
	case SQLITE_TEXT:
		return DB_TEXT;
	case SQLITE_BLOB:
		return DB_BLOB;
	default:
		return DB_NULL;
	}
}

/* A rowid given is a rowid SQLite's next ones follow: nothing to do. */
static enum jf_status
sqlite_ids_follow(struct db *db, const char *table, struct jf_error *err)
{
	(void)db;
	(void)table;
	(void)err;
	return JF_OK;
}

static const struct db_ops sqlite_ops = {
	.backend = DB_BACKEND_SQLITE,
	.free = sqlite_free,
	.exec = sqlite_exec,
	.begin = sqlite_begin,
	.end = sqlite_end,
	.prepare = sqlite_prepare,
	.finalize = sqlite_finalize,
	.reset = sqlite_reset,
	.param = sqlite_param,
	.bind_int = sqlite_bind_int,
	.bind_text = sqlite_bind_text,
	.bind_blob = sqlite_bind_blob,
	.step = sqlite_step,
	.col_int = sqlite_col_int,
	.col_text = sqlite_col_text,
	.col_is_null = sqlite_col_is_null,
	.col_blob = sqlite_col_blob,
	.changes = sqlite_changes,
	.prepare_check = sqlite_prepare_check,
	.use_wal = sqlite_use_wal,
	.secure_delete = sqlite_secure_delete,
	.scrub = sqlite_scrub,
	.backup = sqlite_backup,
	.restore = sqlite_restore,
	.table_exists = sqlite_table_exists,
	.objects = sqlite_objects,
	.open_scratch = sqlite_open_scratch,
	.col_count = sqlite_col_count,
	.col_name = sqlite_col_name,
	.col_type = sqlite_col_type,
	.ids_follow = sqlite_ids_follow,
};
