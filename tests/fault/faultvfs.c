/*
 * faultvfs: a fault-injecting SQLite VFS and allocator for the tests
 * (see faultvfs.h). It wraps "unix": every call goes to the real VFS
 * unless a fault is armed for it, and in power-loss mode writes wait in
 * memory until their file is synced.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "faultvfs.h"

#define SECTOR 512

/* ---- the state of the whole process ---- */

struct pending {
	int is_truncate;
	sqlite3_int64 off; /* the new size for a truncate */
	int len;
	unsigned char *data;
};

/* A file of the ledger (by path) with the writes not yet synced: one node
 * for every handle SQLite opens on it, as the OS's page cache is one. */
struct node {
	char *path;
	struct pending *ops;
	size_t n, cap;
	struct node *next;
};

static struct {
	sqlite3_vfs vfs;
	sqlite3_vfs *real;
	int power_loss;
	struct fault_counts counts;
	enum fault_kind kind;
	int64_t nth, seen, fired; /* seen: calls of the armed class since arming */
	uint64_t seed;
	struct node *nodes;
} fv;

struct ffile {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
	struct node *node;  /* power-loss mode and a file that outlives a crash */
};

const char *
fault_kind_name(enum fault_kind kind)
{
	static const char *const names[FAULT_KIND_COUNT] = {
		"none", "read error", "write error", "short write", "disk full",
		"sync error", "kill", "power loss"
	};

	return kind < FAULT_KIND_COUNT ? names[kind] : "?";
}

static uint64_t
next_rand(void)
{
	uint64_t z = (fv.seed += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* ---- pending writes (power-loss mode) ---- */

static struct node *
node_of(const char *path, int make)
{
	struct node *n;

	for (n = fv.nodes; n; n = n->next)
		if (!strcmp(n->path, path))
			return n;
	if (!make)
		return NULL;
	n = calloc(1, sizeof *n);
	if (n == NULL || (n->path = strdup(path)) == NULL)
		abort();
	n->next = fv.nodes;
	fv.nodes = n;
	return n;
}

static void
node_clear(struct node *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->ops[i].data);
	n->n = 0;
}

static void
node_add(struct node *n, int is_truncate, sqlite3_int64 off, const void *data, int len)
{
	struct pending *p;

	if (n->n == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 16;
		n->ops = realloc(n->ops, n->cap * sizeof *n->ops);
		if (n->ops == NULL)
			abort();
	}
	p = &n->ops[n->n++];
	p->is_truncate = is_truncate;
	p->off = off;
	p->len = len;
	p->data = NULL;
	if (len > 0) {
		if ((p->data = malloc((size_t)len)) == NULL)
			abort();
		memcpy(p->data, data, (size_t)len);
	}
}

/* The size the file has for the process: the disk's, then the pending ops. */
static sqlite3_int64
node_size(const struct node *n, sqlite3_int64 disk)
{
	sqlite3_int64 size = disk;

	for (size_t i = 0; i < n->n; i++) {
		const struct pending *p = &n->ops[i];

		if (p->is_truncate)
			size = p->off;
		else if (p->off + p->len > size)
			size = p->off + p->len;
	}
	return size;
}

static sqlite3_int64
disk_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (sqlite3_int64)sb.st_size : 0;
}

/* Lay the pending ops over what was read from the disk at off. */
static void
node_overlay(const struct node *n, unsigned char *buf, int amt, sqlite3_int64 off)
{
	for (size_t i = 0; i < n->n; i++) {
		const struct pending *p = &n->ops[i];

		if (p->is_truncate) {
			if (p->off < off + amt) {
				sqlite3_int64 from = p->off > off ? p->off - off : 0;
				memset(buf + from, 0, (size_t)(amt - from));
			}
			continue;
		}
		sqlite3_int64 lo = p->off > off ? p->off : off;
		sqlite3_int64 hi = p->off + p->len < off + amt ? p->off + p->len : off + amt;
		if (lo < hi)
			memcpy(buf + (lo - off), p->data + (lo - p->off), (size_t)(hi - lo));
	}
}

/* Apply one pending op to fd: whole, or (tear) only some of its sectors.
 * An op the OS cannot apply is as lost as one the power cut dropped. */
static void
apply_fd(int fd, const struct pending *p, int tear)
{
	if (p->is_truncate) {
		int rc = ftruncate(fd, p->off);

		(void)rc;
		return;
	}
	for (int at = 0; at < p->len; at += SECTOR) {
		int len = p->len - at < SECTOR ? p->len - at : SECTOR;

		if (tear && next_rand() % 2)
			continue;
		if (pwrite(fd, p->data + at, (size_t)len, p->off + at) != len)
			return;
	}
}

/* The power goes off: each unsynced op reaches the disk whole, torn or not at all. */
static void
power_off(void)
{
	for (struct node *n = fv.nodes; n; n = n->next) {
		int fd;

		if (n->n == 0 || (fd = open(n->path, O_WRONLY)) < 0)
			continue;
		for (size_t i = 0; i < n->n; i++) {
			switch (next_rand() % 3) {
			case 0:
				break; /* lost */
			case 1:
				apply_fd(fd, &n->ops[i], 0);
				break;
			default:
				apply_fd(fd, &n->ops[i], 1);
				break;
			}
		}
		close(fd);
	}
}

void
faultvfs_flush_all(void)
{
	for (struct node *n = fv.nodes; n; n = n->next) {
		int fd;

		if (n->n == 0)
			continue;
		if ((fd = open(n->path, O_WRONLY)) >= 0) {
			for (size_t i = 0; i < n->n; i++)
				apply_fd(fd, &n->ops[i], 0);
			close(fd);
		}
		node_clear(n);
	}
}

/* ---- faults ---- */

/* Before a write or a sync: the kill and the power cut. */
static void
maybe_die(void)
{
	if ((fv.kind != FAULT_KILL && fv.kind != FAULT_POWER) || ++fv.seen != fv.nth)
		return;
	if (fv.kind == FAULT_POWER)
		power_off();
	raise(SIGKILL);
}

/* Does the call of this class fail now? */
static int
fault_now(enum fault_kind a, enum fault_kind b, enum fault_kind c)
{
	if (fv.kind == FAULT_NONE || (fv.kind != a && fv.kind != b && fv.kind != c))
		return 0;
	fv.seen++;
	if (fv.seen == fv.nth || (fv.kind == FAULT_FULL && fv.seen > fv.nth)) {
		fv.fired++;
		return 1;
	}
	return 0;
}

/* ---- the file methods ---- */

static int
f_close(sqlite3_file *file)
{
	struct ffile *f = (struct ffile *)file;

	return f->real->pMethods->xClose(f->real);
}

static int
f_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
	struct ffile *f = (struct ffile *)file;
	sqlite3_int64 size;
	int rc;

	fv.counts.reads++;
	if (fault_now(FAULT_READ, FAULT_READ, FAULT_READ))
		return SQLITE_IOERR_READ;
	rc = f->real->pMethods->xRead(f->real, buf, amt, off);
	if (f->node == NULL || f->node->n == 0)
		return rc;
	if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
		return rc;
	node_overlay(f->node, buf, amt, off);
	size = node_size(f->node, disk_size(f->node->path));
	if (off + amt <= size)
		return SQLITE_OK;
	/* SQLite wants the bytes past the end zeroed on a short read. */
	if (off < size)
		memset((unsigned char *)buf + (size - off), 0, (size_t)(off + amt - size));
	else
		memset(buf, 0, (size_t)amt);
	return SQLITE_IOERR_SHORT_READ;
}

static int
do_write(struct ffile *f, const void *buf, int amt, sqlite3_int64 off)
{
	if (f->node == NULL)
		return f->real->pMethods->xWrite(f->real, buf, amt, off);
	node_add(f->node, 0, off, buf, amt);
	return SQLITE_OK;
}

static int
f_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
	struct ffile *f = (struct ffile *)file;

	fv.counts.writes++;
	maybe_die();
	if (fault_now(FAULT_WRITE, FAULT_SHORT_WRITE, FAULT_FULL)) {
		if (fv.kind == FAULT_FULL)
			return SQLITE_FULL;
		if (fv.kind == FAULT_SHORT_WRITE && amt > 1)
			do_write(f, buf, amt / 2, off);
		return SQLITE_IOERR_WRITE;
	}
	return do_write(f, buf, amt, off);
}

static int
f_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct ffile *f = (struct ffile *)file;

	if (f->node == NULL)
		return f->real->pMethods->xTruncate(f->real, size);
	node_add(f->node, 1, size, NULL, 0);
	return SQLITE_OK;
}

static int
f_sync(sqlite3_file *file, int flags)
{
	struct ffile *f = (struct ffile *)file;
	struct node *n = f->node;

	fv.counts.syncs++;
	maybe_die();
	if (fault_now(FAULT_SYNC, FAULT_SYNC, FAULT_SYNC))
		return SQLITE_IOERR_FSYNC;
	if (n != NULL) {
		/* Through this handle: another descriptor on the file would drop the
		 * process's POSIX locks on it when closed. */
		for (size_t i = 0; i < n->n; i++) {
			const struct pending *p = &n->ops[i];
			int rc = p->is_truncate ? f->real->pMethods->xTruncate(f->real, p->off)
						: f->real->pMethods->xWrite(f->real, p->data, p->len,
									    p->off);
			if (rc != SQLITE_OK)
				return rc;
		}
		node_clear(n);
	}
	return f->real->pMethods->xSync(f->real, flags);
}

static int
f_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct ffile *f = (struct ffile *)file;
	int rc = f->real->pMethods->xFileSize(f->real, size);

	if (rc == SQLITE_OK && f->node != NULL)
		*size = node_size(f->node, *size);
	return rc;
}

static int
f_lock(sqlite3_file *file, int level)
{
	struct ffile *f = (struct ffile *)file;

	return f->real->pMethods->xLock(f->real, level);
}

static int
f_unlock(sqlite3_file *file, int level)
{
	struct ffile *f = (struct ffile *)file;

	return f->real->pMethods->xUnlock(f->real, level);
}

static int
f_check_reserved(sqlite3_file *file, int *out)
{
	struct ffile *f = (struct ffile *)file;

	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int
f_file_control(sqlite3_file *file, int op, void *arg)
{
	struct ffile *f = (struct ffile *)file;

	return f->real->pMethods->xFileControl(f->real, op, arg);
}

static int
f_sector_size(sqlite3_file *file)
{
	struct ffile *f = (struct ffile *)file;

	return f->real->pMethods->xSectorSize(f->real);
}

static int
f_device_characteristics(sqlite3_file *file)
{
	struct ffile *f = (struct ffile *)file;

	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int
f_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
	struct ffile *f = (struct ffile *)file;

	return f->real->pMethods->xShmMap(f->real, page, size, extend, out);
}

static int
f_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct ffile *f = (struct ffile *)file;

	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void
f_shm_barrier(sqlite3_file *file)
{
	struct ffile *f = (struct ffile *)file;

	f->real->pMethods->xShmBarrier(f->real);
}

static int
f_shm_unmap(sqlite3_file *file, int delete_flag)
{
	struct ffile *f = (struct ffile *)file;

	return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

/* No memory-mapped reads: they would bypass the counts and the pending writes. */
static int
f_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **out)
{
	(void)file;
	(void)off;
	(void)amt;
	*out = NULL;
	return SQLITE_OK;
}

static int
f_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	(void)file;
	(void)off;
	(void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods f_methods = {
	3, f_close, f_read, f_write, f_truncate, f_sync, f_file_size, f_lock, f_unlock,
	f_check_reserved, f_file_control, f_sector_size, f_device_characteristics,
	f_shm_map, f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch, f_unfetch
};

/* ---- the VFS methods ---- */

static int
v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
	struct ffile *f = (struct ffile *)file;
	int rc;

	(void)vfs;
	f->real = (sqlite3_file *)(f + 1);
	f->node = NULL;
	rc = fv.real->xOpen(fv.real, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK) {
		file->pMethods = NULL;
		return rc;
	}
	if (fv.power_loss && name != NULL &&
	    (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)))
		f->node = node_of(name, 1);
	file->pMethods = &f_methods;
	return SQLITE_OK;
}

static int
v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	struct node *n = node_of(name, 0);

	(void)vfs;
	if (n != NULL)
		node_clear(n);
	return fv.real->xDelete(fv.real, name, sync_dir);
}

static int
v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	struct node *n = node_of(name, 0);
	int rc = fv.real->xAccess(fv.real, name, flags, out);

	(void)vfs;
	/* A file whose only content waits in memory exists all the same. */
	if (rc == SQLITE_OK && !*out && flags == SQLITE_ACCESS_EXISTS && n != NULL &&
	    access(name, F_OK) == 0 && node_size(n, disk_size(name)) > 0)
		*out = 1;
	return rc;
}

static int
v_full_pathname(sqlite3_vfs *vfs, const char *name, int size, char *out)
{
	(void)vfs;
	return fv.real->xFullPathname(fv.real, name, size, out);
}

void
faultvfs_install(int power_loss)
{
	fv.real = sqlite3_vfs_find("unix");
	if (fv.real == NULL)
		abort();
	fv.vfs = *fv.real;
	fv.vfs.zName = "faultvfs";
	fv.vfs.pNext = NULL;
	fv.vfs.szOsFile = (int)sizeof(struct ffile) + fv.real->szOsFile;
	fv.vfs.xOpen = v_open;
	fv.vfs.xDelete = v_delete;
	fv.vfs.xAccess = v_access;
	fv.vfs.xFullPathname = v_full_pathname;
	fv.power_loss = power_loss;
	if (sqlite3_vfs_register(&fv.vfs, 1) != SQLITE_OK)
		abort();
}

void
faultvfs_reset_counts(void)
{
	memset(&fv.counts, 0, sizeof fv.counts);
}

void
faultvfs_counts(struct fault_counts *out)
{
	*out = fv.counts;
}

void
faultvfs_arm(enum fault_kind kind, int64_t nth, uint64_t seed)
{
	fv.kind = kind;
	fv.nth = nth;
	fv.seen = 0;
	fv.fired = 0;
	fv.seed = seed;
}

void
faultvfs_disarm(void)
{
	fv.kind = FAULT_NONE;
}

int64_t
faultvfs_fired(void)
{
	return fv.fired;
}

/* ---- the allocator ---- */

static struct {
	sqlite3_mem_methods real;
	int64_t count, fail_at, fired;
} fm;

static void *
m_malloc(int n)
{
	if (++fm.count == fm.fail_at) {
		fm.fired++;
		return NULL;
	}
	return fm.real.xMalloc(n);
}

static void *
m_realloc(void *p, int n)
{
	if (++fm.count == fm.fail_at) {
		fm.fired++;
		return NULL;
	}
	return fm.real.xRealloc(p, n);
}

void
faultmem_install(void)
{
	static sqlite3_mem_methods mine;

	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &fm.real) != SQLITE_OK)
		abort();
	mine = fm.real;
	mine.xMalloc = m_malloc;
	mine.xRealloc = m_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mine) != SQLITE_OK)
		abort();
}

void
faultmem_fail_at(int64_t nth)
{
	fm.count = 0;
	fm.fired = 0;
	fm.fail_at = nth;
}

int64_t
faultmem_count(void)
{
	return fm.count;
}

int64_t
faultmem_fired(void)
{
	return fm.fired;
}
