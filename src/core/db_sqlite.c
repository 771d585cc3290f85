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

struct db_stmt {
	struct db *db;
	const struct db_site *site; /* where it is written; its SQL */
	sqlite3_stmt *handle;
	enum jf_status status; /* a prepare, bind or misuse failure, reported by db_step */
	char message[JF_ERROR_MAX];
	int broken;            /* failed to prepare */
	int stepping;          /* gave a row, and was neither stepped to the end nor reset */
};

struct db {
	sqlite3 *handle;
	char *location;     /* as given to db_open() */
	char *path;         /* the file inside it */
	int depth;          /* nesting of db_begin_*; 0 outside a transaction */
	int doomed;         /* an inner level rolled back: the outermost must too */
	struct db_stmt **stmts; /* by their site's slot; NULL until first used */
	size_t nstmts;
	struct db_busy_wait busy; /* how a write waits for another's lock */
};

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
		return jf_fail(err, status, "database busy: another terminal holds it, try again");
	if (status == JF_INTEGRITY)
		return jf_fail(err, status, "%s is not a jifen ledger, or is damaged: %s",
			       db ? db->location : "the file", db ? sqlite3_errmsg(db->handle) : sqlite3_errstr(rc));
	return jf_fail(err, status, "database error %s: %s", what,
		       db ? sqlite3_errmsg(db->handle) : sqlite3_errstr(rc));
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
	db = xcalloc(1, sizeof *db);
	db->location = xstrdup(location);
	db->path = xstrdup(path);
	name = sqlite_name(path, mode, &flags);
	if (mode == DB_OPEN_CREATE) {
		mode_t old = umask(LEDGER_UMASK);

		rc = sqlite3_open_v2(name, &db->handle, flags, NULL);
		umask(old);
	} else {
		rc = sqlite3_open_v2(name, &db->handle, flags, NULL);
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
	sqlite3_extended_result_codes(db->handle, 1);
	db->busy.timeout_ms = busy_timeout_ms;
	sqlite3_busy_handler(db->handle, db_busy_retry, &db->busy);
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

enum jf_status
db_use_wal(struct db *db, struct jf_error *err)
{
	/* WAL lets readers and one writer share the file across processes. */
	return db_exec(db, "PRAGMA journal_mode=WAL", err);
}

enum jf_status
db_secure_delete(struct db *db, struct jf_error *err)
{
	return db_exec(db, "PRAGMA secure_delete=ON", err);
}

enum jf_status
db_scrub(struct db *db, int *complete, struct jf_error *err)
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

enum jf_status
db_backup(struct db *db, const char *path, struct jf_error *err)
{
	struct stat sb;
	sqlite3 *dst = NULL;
	mode_t old;
	int rc;

	if (db->depth > 0)
		return jf_fail(err, JF_ERR, "bug: a backup inside a transaction");
	if (lstat(path, &sb) == 0)
		return jf_fail(err, JF_CONFLICT, "%s already exists; not overwriting it", path);
	old = umask(LEDGER_UMASK);
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			     SQLITE_OPEN_NOMUTEX, NULL);
	umask(old);
	if (rc == SQLITE_OK && chmod(path, LEDGER_MODE) != 0)
		rc = SQLITE_CANTOPEN;
	if (rc == SQLITE_OK)
		rc = copy_all(dst, db->handle, db->busy.timeout_ms);
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

enum jf_status
db_restore(struct db *db, const char *path, struct jf_error *err)
{
	sqlite3 *src = NULL;
	int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	char *name;
	int rc;

	if (db->depth > 0)
		return jf_fail(err, JF_ERR, "bug: a restore inside a transaction");
	name = sqlite_name(path, DB_OPEN_READ, &flags);
	rc = sqlite3_open_v2(name, &src, flags, NULL);
	free(name);
	if (rc == SQLITE_OK)
		rc = copy_all(db->handle, src, db->busy.timeout_ms);
	sqlite3_close(src);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, err, "restoring the ledger");
	return JF_OK;
}

enum jf_status
db_table_exists(struct db *db, const char *table, int *exists, struct jf_error *err)
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

enum jf_status
db_objects(struct db *db, struct db_object **out, size_t *count, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT type, name, coalesce(sql, '') FROM sqlite_schema "
					"WHERE type IN ('table', 'index', 'trigger') "
					"ORDER BY type, name");
	struct db_object *list = NULL;
	size_t n = 0, size = 0;
	enum db_step_result rc;

	while ((rc = db_step(s, err)) == DB_ROW) {
		if (n == size) {
			size = size ? 2 * size : 64;
			list = xrealloc(list, size * sizeof *list);
		}
		list[n].type = xstrdup(db_col_text(s, 0));
		list[n].name = xstrdup(db_col_text(s, 1));
		list[n].sql = xstrdup(db_col_text(s, 2));
		n++;
	}
	if (rc == DB_ERROR) {
		db_objects_free(list, n);
		*out = NULL;
		*count = 0;
		return err->status;
	}
	*out = list;
	*count = n;
	return JF_OK;
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
	struct db *db = xcalloc(1, sizeof *db);
	int rc;

	(void)like; /* SQLite is the only backend */
	db->location = xstrdup(":memory:");
	rc = sqlite3_open_v2(":memory:", &db->handle,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		db_close(db);
		*out = NULL;
		return jf_fail(err, JF_ERR, "cannot open a database in memory: %s",
			       sqlite3_errstr(rc));
	}
	sqlite3_extended_result_codes(db->handle, 1);
	*out = db;
	return JF_OK;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->nstmts; i++) {
		if (db->stmts[i] == NULL)
			continue;
		sqlite3_finalize(db->stmts[i]->handle);
		free(db->stmts[i]);
	}
	free(db->stmts);
	sqlite3_close(db->handle);
	free(db->location);
	free(db->path);
	free(db);
}

enum jf_status
db_exec(struct db *db, const char *sql, struct jf_error *err)
{
	int rc = sqlite3_exec(db->handle, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, rc, err, "running a statement");
	return JF_OK;
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
		sqlite3_reset(st->handle);
		st->stepping = 0;
	}
}

static enum jf_status
begin(struct db *db, const char *sql, struct jf_error *err)
{
	enum jf_status st;

	if (db->depth > 0) {
		db->depth++;
		return JF_OK;
	}
	st = db_exec(db, sql, err);
	if (st == JF_OK) {
		db->depth = 1;
		db->doomed = 0;
	}
	return st;
}

enum jf_status
db_begin_write(struct db *db, struct jf_error *err)
{
	return begin(db, "BEGIN IMMEDIATE", err);
}

enum jf_status
db_begin_read(struct db *db, struct jf_error *err)
{
	return begin(db, "BEGIN", err);
}

enum jf_status
db_commit(struct db *db, struct jf_error *err)
{
	enum jf_status st;

	if (db->depth == 0)
		return jf_fail(err, JF_ERR, "commit outside a transaction");
	if (--db->depth > 0)
		return JF_OK;
	reset_all(db);
	if (db->doomed) {
		db_exec(db, "ROLLBACK", NULL);
		return jf_fail(err, JF_ERR, "transaction was rolled back by an inner failure");
	}
	st = db_exec(db, "COMMIT", err);
	if (st != JF_OK)
		db_exec(db, "ROLLBACK", NULL);
	return st;
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
	db_exec(db, "ROLLBACK", NULL);
}

int
db_in_transaction(const struct db *db)
{
	return db->depth > 0;
}

static struct db_stmt *
prepare(struct db *db, const struct db_site *site)
{
	struct db_stmt *st = xcalloc(1, sizeof *st);
	int rc;

	st->db = db;
	st->site = site;
	rc = sqlite3_prepare_v3(db->handle, site->sql, -1, SQLITE_PREPARE_PERSISTENT, &st->handle,
				NULL);
	if (rc != SQLITE_OK) {
		/* Kept as broken: a bad statement is a bug, reported on every use. */
		st->broken = 1;
		st->status = JF_ERR;
		snprintf(st->message, sizeof st->message,
			 "database error preparing the statement at %s:%d: %s", site->file,
			 site->line, sqlite3_errmsg(db->handle));
		sqlite3_finalize(st->handle);
		st->handle = NULL;
	}
	return st;
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
		return db->stmts[slot] = prepare(db, site);
	if (st->broken)
		return st;
	if (st->stepping) {
		/* Resetting it would cut short the loop that is reading it. */
		misuse(st, "was fetched again while it was still stepping");
		return st;
	}
	sqlite3_reset(st->handle);
	sqlite3_clear_bindings(st->handle);
	st->status = JF_OK;
	return st;
}

enum jf_status
db_prepare_check(struct db *db, const char *sql, struct jf_error *err)
{
	sqlite3_stmt *handle = NULL;
	int rc = sqlite3_prepare_v2(db->handle, sql, -1, &handle, NULL);

	sqlite3_finalize(handle);
	if (rc != SQLITE_OK)
		return jf_fail(err, JF_ERR, "%s in: %.200s", sqlite3_errmsg(db->handle), sql);
	return JF_OK;
}

static int
param_index(struct db_stmt *st, const char *name)
{
	int i;

	/* A statement already failing (or another loop's, still stepping) is left alone. */
	if (st->status != JF_OK)
		return 0;
	i = sqlite3_bind_parameter_index(st->handle, name);
	if (i == 0) {
		st->status = JF_ERR;
		snprintf(st->message, sizeof st->message,
			 "internal error: no parameter %s in the statement at %s:%d", name,
			 st->site->file, st->site->line);
	}
	return i;
}

static void
bind_done(struct db_stmt *st, const char *name, int rc)
{
	if (rc == SQLITE_OK || st->status != JF_OK)
		return;
	st->status = JF_ERR;
	snprintf(st->message, sizeof st->message, "cannot bind %s: %s", name, sqlite3_errstr(rc));
}

void
db_bind_int(struct db_stmt *st, const char *name, int64_t value)
{
	int i = param_index(st, name);

	if (i > 0)
		bind_done(st, name, sqlite3_bind_int64(st->handle, i, value));
}

void
db_bind_text(struct db_stmt *st, const char *name, const char *value)
{
	int i = param_index(st, name);

	if (i > 0 && value == NULL)
		bind_done(st, name, sqlite3_bind_null(st->handle, i));
	else if (i > 0)
		bind_done(st, name, sqlite3_bind_text(st->handle, i, value, -1, SQLITE_TRANSIENT));
}

void
db_bind_blob(struct db_stmt *st, const char *name, const void *data, size_t len)
{
	int i = param_index(st, name);

	if (i > 0)
		bind_done(st, name, sqlite3_bind_blob(st->handle, i, data, (int)len, SQLITE_TRANSIENT));
}

enum db_step_result
db_step(struct db_stmt *st, struct jf_error *err)
{
	int rc;

	if (st->status != JF_OK) {
		/* Its query is abandoned (the status keeps failing it until the
		 * next fetch), so that no snapshot stays open behind it. */
		if (!st->broken)
			sqlite3_reset(st->handle);
		st->stepping = 0;
		jf_fail(err, st->status, "%s", st->message);
		return DB_ERROR;
	}
	rc = sqlite3_step(st->handle);
	st->stepping = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	db_fail(st->db, rc, err, "in a query");
	sqlite3_reset(st->handle);
	return DB_ERROR;
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
	sqlite3_reset(st->handle);
	sqlite3_clear_bindings(st->handle);
	st->stepping = 0;
}

int64_t
db_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->handle, col);
}

const char *
db_col_text(struct db_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st->handle, col);

	return t ? (const char *)t : "";
}

int
db_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->handle, col) == SQLITE_NULL;
}

const void *
db_col_blob(struct db_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st->handle, col);

	*len = (size_t)sqlite3_column_bytes(st->handle, col);
	return p;
}

int64_t
db_changes(struct db *db)
{
	/* Not sqlite3_changes64(): it needs SQLite 3.37, and one statement of
	 * jifen never changes 2^31 rows. */
	return sqlite3_changes(db->handle);
}

enum db_backend
db_backend_of(const struct db *db)
{
	(void)db;
	return DB_BACKEND_SQLITE;
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
