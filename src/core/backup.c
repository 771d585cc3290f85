/*
 * backup: the ledger copied (db_backup()), checked as `jifen verify`
 * checks, synced and renamed into place; a copy put back (db_restore());
 * the daily job's backup and its pruning. The files are written here, the
 * database's pages by the storage port.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup.h"
#include "db.h"
#include "entry.h"
#include "log.h"
#include "verify.h"
#include "voucher.h"
#include "xalloc.h"

#define BACKUP_KEY_MODE 0640 /* as the ledger's own key */
#define VOUCHER_KEY_BYTES 32

/* fsync of the directory holding path, so a rename in it survives a power cut. */
static int
sync_dir_of(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd, rc;

	if (slash == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* May this user make files beside path? (errno says why not.) */
static int
dir_writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int ok;

	if (slash == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';
	ok = access(dir, W_OK) == 0;
	free(dir);
	return ok;
}

/* Are a and b the same file (both existing)? */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* A file we could not write: JF_DENIED for permissions, as the ledger's. */
static enum jf_status
write_failed(const char *path, int e, struct jf_error *err)
{
	return jf_fail(err, e == EACCES || e == EPERM || e == EROFS ? JF_DENIED : JF_ERR,
		       "cannot write %s: %s", path, strerror(e));
}

/* Remove the -wal and -shm a read of path left (nobody wrote: the -wal is
 * empty), so no stray file follows a copy under another name. */
static void
remove_side_files(const char *path)
{
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	struct stat sb;

	if (stat(wal, &sb) == 0 && sb.st_size == 0)
		unlink(wal);
	if (stat(wal, &sb) != 0)
		unlink(shm);
	free(wal);
	free(shm);
}

/* Every check of `jifen verify` on the ledger file at path, and what it
 * holds. what names it in the messages ("the copy", "SRC"); ours says it
 * is a copy of ours that nobody else has open. */
static enum jf_status
check_copy(const char *path, const char *what, int ours, const struct settings *cfg,
	   struct backup_info *info, struct jf_error *err)
{
	struct verify_report report = { 0 };
	struct ledger_summary sum;
	struct ledger lg;
	enum jf_status st;

	if ((st = ledger_open_read(&lg, path, cfg, err)) != JF_OK) {
		if (ours)
			remove_side_files(path);
		return st;
	}
	st = verify_ledger(&lg, &report, err);
	if (st == JF_INTEGRITY)
		jf_fail(err, JF_INTEGRITY, "%s does not verify: %s", what, report.problem);
	if (st == JF_OK)
		st = ledger_summary(&lg, &sum, err);
	if (st == JF_OK)
		st = db_one_int(db_stmt(lg.db, "SELECT coalesce(max(id), 0) FROM entry"),
				&info->last_id, err);
	if (st == JF_OK) {
		info->entries = sum.entries;
		info->last_entry_ts = sum.last_entry_ts;
	}
	ledger_close(&lg);
	/* Never those of a ledger in use: its terminals share them. */
	if (ours)
		remove_side_files(path);
	return st;
}

/* Copy the voucher key from to to (through to.tmp, 0640), given to owner
 * when root makes it; *copied 0 when there is no key at from. */
static enum jf_status
copy_key(const char *from, const char *to, uid_t owner, int *copied, struct jf_error *err)
{
	unsigned char key[VOUCHER_KEY_BYTES + 1];
	char *tmp = xasprintf("%s.tmp", to);
	enum jf_status st = JF_OK;
	ssize_t n;
	int in, out;

	*copied = 0;
	if ((in = open(from, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		free(tmp);
		if (errno == ENOENT)
			return JF_OK;
		return jf_fail(err, errno == EACCES ? JF_DENIED : JF_ERR,
			       "cannot read the voucher key %s: %s", from, strerror(errno));
	}
	n = read(in, key, sizeof key);
	close(in);
	if (n != VOUCHER_KEY_BYTES) {
		free(tmp);
		return jf_fail(err, JF_ERR, "the voucher key %s is damaged", from);
	}
	unlink(tmp);
	out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0 || fchmod(out, BACKUP_KEY_MODE) != 0 ||
	    (owner != geteuid() && fchown(out, owner, (gid_t)-1) != 0) ||
	    write(out, key, VOUCHER_KEY_BYTES) != VOUCHER_KEY_BYTES || fsync(out) != 0) {
		st = write_failed(tmp, errno, err);
		if (out >= 0)
			close(out);
		unlink(tmp);
	} else if (close(out) != 0 || rename(tmp, to) != 0) {
		st = write_failed(to, errno, err);
		unlink(tmp);
	} else {
		*copied = 1;
	}
	explicit_bzero(key, sizeof key);
	free(tmp);
	return st;
}

enum jf_status
backup_make(struct ledger *lg, const char *dest, struct backup_info *info,
	    struct jf_error *err)
{
	const char *ledger_file = db_path(lg->db);
	char *tmp, *key = NULL, *dest_key;
	enum jf_status st;

	memset(info, 0, sizeof *info);
	if (ledger_file == NULL)
		return jf_fail(err, JF_USAGE, "this ledger is not a file: back it up with its "
			       "database's own tool (pg_dump)");
	if ((st = voucher_key_path(lg->cfg, db_location(lg->db), &key, err)) != JF_OK)
		return st;
	dest_key = xasprintf("%s.key", dest);
	tmp = xasprintf("%s.tmp", dest);
	if (same_file(dest, ledger_file) || same_file(dest, key) || same_file(dest_key, ledger_file) ||
	    same_file(dest_key, key)) {
		st = jf_fail(err, JF_USAGE, "%s is the ledger or its key itself: back it up "
			     "elsewhere", dest);
		goto out;
	}
	/* A DEST.tmp is what a crash left of an earlier backup: not a backup. */
	if ((unlink(tmp) != 0 && errno != ENOENT) || !dir_writable(dest)) {
		st = write_failed(dest, errno, err);
		goto out;
	}
	if ((st = db_backup(lg->db, tmp, err)) != JF_OK)
		goto out;
	if ((st = check_copy(tmp, "the copy", 1, lg->cfg, info, err)) != JF_OK ||
	    (st = copy_key(key, dest_key, geteuid(), &info->with_key, err)) != JF_OK) {
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, dest) != 0) {
		st = write_failed(dest, errno, err);
		unlink(tmp);
	} else if (sync_dir_of(dest) != 0) {
		st = write_failed(dest, errno, err);
	} else {
		log_ledger(lg, LOG_CLASS_SYSTEM, "backup", "path=%s entries=%lld key=%s", dest,
			   (long long)info->entries, info->with_key ? "yes" : "no");
	}
out:
	free(tmp);
	free(dest_key);
	free(key);
	return st;
}

/*
 * The clock rule of every write (entry_clock_check()) for a restore, on
 * the ledger file at path: a clock more than the tolerance behind its
 * latest entry or hold refuses the restore (JF_CONFLICT, JF_R_CLOCK_BEHIND,
 * and the syslog line), --force or not. On the ledger being replaced, the
 * restore is a write like any other; on SRC's copy, what would become the
 * ledger must not be dated after the clock, or its time would go back
 * with the next write (and every write would be refused).
 */
static enum jf_status
clock_allows(const char *path, const struct settings *cfg, struct jf_error *err)
{
	struct ledger lg;
	enum jf_status st;
	int64_t now;

	if ((st = ledger_open_read(&lg, path, cfg, err)) != JF_OK)
		return st;
	st = entry_clock_check(&lg, &now, err);
	ledger_close(&lg);
	return st;
}

/* Is the ledger cur newer than the backup from: more entries, or a later one? */
static int
is_newer(const struct backup_info *cur, const struct backup_info *from)
{
	return cur->entries > from->entries || cur->last_id > from->last_id ||
	       cur->last_entry_ts > from->last_entry_ts;
}

/* The ledger at file replaced by the verified copy tmp: through the open
 * ledger when there is one (its terminals may be running), else by
 * renaming the copy into place. */
static enum jf_status
put_in_place(const char *location, const char *file, const char *tmp, const char *src,
	     const struct settings *cfg, int force, struct restore_result *res,
	     struct jf_error *err)
{
	char when_cur[CLOCK_ISO_LEN], when_src[CLOCK_ISO_LEN];
	struct ledger lg;
	enum jf_status st;

	if (access(file, F_OK) != 0) {
		if (rename(tmp, file) != 0 || sync_dir_of(file) != 0)
			return write_failed(file, errno, err);
		return JF_OK;
	}
	res->had_ledger = 1;
	if ((st = check_copy(file, "the ledger", 0, cfg, &res->replaced, err)) != JF_OK &&
	    !(force && st == JF_INTEGRITY))
		return st;
	if ((st = clock_allows(file, cfg, err)) != JF_OK)
		return st;
	if (!force && is_newer(&res->replaced, &res->from)) {
		clock_format_iso(res->replaced.last_entry_ts, when_cur);
		clock_format_iso(res->from.last_entry_ts, when_src);
		return jf_fail(err, JF_CONFLICT, "the ledger %s is newer than %s (%lld entries, the "
			       "last at %s; it has %lld, the last at %s): not replacing it", location,
			       src, (long long)res->replaced.entries, when_cur,
			       (long long)res->from.entries, when_src);
	}
	if ((st = ledger_open(&lg, location, cfg, err)) != JF_OK)
		return st;
	st = db_restore(lg.db, tmp, err);
	ledger_close(&lg);
	return st;
}

enum jf_status
backup_restore(const char *location, const char *src, const struct settings *cfg, int force,
	       struct restore_result *res, struct jf_error *err)
{
	const char *file;
	char *tmp, *src_key, *key = NULL;
	struct stat sb;
	struct db *from;
	enum jf_status st;
	int copied;

	memset(res, 0, sizeof *res);
	if (db_location_parse(location, &file) != DB_BACKEND_SQLITE)
		return jf_fail(err, JF_USAGE, "this ledger is not a file: restore it with its "
			       "database's own tool (pg_restore)");
	if (stat(src, &sb) != 0)
		return jf_fail(err, errno == ENOENT ? JF_NOTFOUND : JF_DENIED, "cannot read %s: %s",
			       src, strerror(errno));
	if (same_file(src, file))
		return jf_fail(err, JF_USAGE, "%s is the ledger itself", src);
	/* Said before anything is copied, as a command that writes says it. */
	if (!dir_writable(file) || (access(file, F_OK) == 0 && access(file, W_OK) != 0))
		return jf_fail(err, JF_DENIED, "cannot write the ledger %s: %s (jifen's users are in "
			       "group jifen; it is written as user jifen)", location,
			       errno == EROFS ? "read-only file system" : "permission denied");
	if ((st = voucher_key_path(cfg, location, &key, err)) != JF_OK)
		return st;
	/* src is only read: a copy of it beside the ledger is what is checked
	 * (and migrated, if it is older) and put in place. */
	tmp = xasprintf("%s.restore.tmp", file);
	src_key = xasprintf("%s.key", src);
	unlink(tmp);
	st = db_open(src, DB_OPEN_READ, cfg->busy_timeout_ms, &from, err);
	if (st == JF_OK) {
		st = db_backup(from, tmp, err);
		db_close(from);
	}
	if (st == JF_INTEGRITY)
		jf_fail(err, JF_INTEGRITY, "%s is not a jifen ledger, or is damaged", src);
	if (st == JF_OK)
		st = check_copy(tmp, src, 1, cfg, &res->from, err);
	if (st == JF_OK)
		st = clock_allows(tmp, cfg, err);
	remove_side_files(tmp);
	if (st == JF_OK)
		st = put_in_place(location, file, tmp, src, cfg, force, res, err);
	unlink(tmp);
	remove_side_files(tmp);
	/* The key last: a refused restore leaves the ledger's key as it was. */
	if (st == JF_OK && (st = copy_key(src_key, key, stat(file, &sb) == 0 ? sb.st_uid : geteuid(),
					  &copied, err)) == JF_OK)
		res->from.with_key = copied;
	free(tmp);
	free(src_key);
	free(key);
	return st;
}

/* "jifen-YYYY-MM-DD.db" or "jifen-YYYY-MM-DD.db.key": the date, or NULL
 * for any other name (never removed). */
static int
backup_name_date(const char *name, char date[CLOCK_DATE_LEN])
{
	int64_t days;

	if (strncmp(name, "jifen-", 6) != 0 || strlen(name) < 6 + 10 + 3)
		return 0;
	if (strcmp(name + 16, ".db") != 0 && strcmp(name + 16, ".db.key") != 0)
		return 0;
	memcpy(date, name + 6, 10);
	date[10] = '\0';
	return clock_parse_date(date, &days) == JF_OK;
}

/* Remove the daily backups in dir dated before cutoff; count the ledgers. */
static enum jf_status
prune(const char *dir, const char *cutoff, int64_t *removed, struct jf_error *err)
{
	char date[CLOCK_DATE_LEN];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d == NULL)
		return jf_fail(err, JF_ERR, "cannot read the backup dir %s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		char *path;

		if (!backup_name_date(e->d_name, date) || strcmp(date, cutoff) >= 0)
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (unlink(path) == 0 && strcmp(e->d_name + 16, ".db") == 0)
			(*removed)++;
		free(path);
	}
	closedir(d);
	return JF_OK;
}

enum jf_status
backup_daily(struct ledger *lg, struct backup_daily_result *res, struct jf_error *err)
{
	const char *dir = lg->cfg->backup_dir;
	char today[CLOCK_DATE_LEN], cutoff[CLOCK_DATE_LEN];
	enum jf_status st;
	int n;

	memset(res, 0, sizeof *res);
	if (dir[0] == '\0')
		return JF_OK;
	clock_date_of(clock_now(), today);
	n = snprintf(res->path, sizeof res->path, "%s/jifen-%s.db", dir, today);
	if (n < 0 || (size_t)n >= sizeof res->path)
		return jf_fail(err, JF_USAGE, "the backup dir %s is too long", dir);
	if (mkdir(dir, 0750) != 0 && errno != EEXIST)
		return write_failed(dir, errno, err);
	if ((st = backup_make(lg, res->path, &res->info, err)) != JF_OK)
		return st;
	res->made = 1;
	clock_date_add(today, -lg->cfg->backup_keep_days, cutoff);
	return prune(dir, cutoff, &res->removed, err);
}
