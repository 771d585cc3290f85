/*
 * faultvfs: the disk and the memory under the ledger, made to fail on
 * purpose. Only the fault tests link it; the program never does.
 *
 * A SQLite VFS that wraps the default one ("unix") and is registered as
 * the default before any ledger opens, so core's own sqlite3_open_v2()
 * goes through it unchanged. It counts the reads, writes and syncs of the
 * ledger's files and can:
 *  - fail the Nth read, write or sync once (SQLITE_IOERR_*);
 *  - write only half of the Nth write and report it failed (a short write);
 *  - report a full disk from the Nth write on (SQLITE_FULL, until disarmed);
 *  - kill the process with SIGKILL just before the Nth write or sync;
 *  - keep every write that was not synced in memory (power-loss mode) and,
 *    when the power goes off before the Nth write or sync, put each of them
 *    on the disk whole, torn (some 512-byte sectors only) or not at all,
 *    chosen by a seeded PRNG, then SIGKILL the process. This is what
 *    SQLite's own crash tests (test6.c) model: the disk holds exactly what
 *    was synced plus any part of what was not.
 * A second hook makes SQLite's allocator (SQLITE_CONFIG_MALLOC) fail the
 * Nth allocation once.
 *
 * Not thread-safe: the tests are single-threaded processes.
 */
#ifndef JIFEN_FAULTVFS_H
#define JIFEN_FAULTVFS_H

#include <stdint.h>

enum fault_kind {
	FAULT_NONE,
	FAULT_READ,        /* the Nth read fails (SQLITE_IOERR_READ) */
	FAULT_WRITE,       /* the Nth write fails, nothing written (SQLITE_IOERR_WRITE) */
	FAULT_SHORT_WRITE, /* the Nth write writes half, then fails (SQLITE_IOERR_WRITE) */
	FAULT_FULL,        /* the Nth write and every later one: disk full (SQLITE_FULL) */
	FAULT_SYNC,        /* the Nth sync fails (SQLITE_IOERR_FSYNC) */
	FAULT_KILL,        /* SIGKILL before the Nth write or sync */
	FAULT_POWER,       /* power off before the Nth write or sync (power-loss mode) */
	FAULT_KIND_COUNT
};

const char *fault_kind_name(enum fault_kind kind);

struct fault_counts {
	int64_t reads, writes, syncs;
};

/* Register the wrapper as SQLite's default VFS; power_loss keeps unsynced
 * writes in memory (see above). Call once, before any ledger opens. */
void faultvfs_install(int power_loss);

/* Counts since the last reset. */
void faultvfs_reset_counts(void);
void faultvfs_counts(struct fault_counts *out);

/* Arm kind at the nth call of its class (reads for FAULT_READ, syncs for
 * FAULT_SYNC, writes and syncs together for FAULT_KILL and FAULT_POWER,
 * writes for the others), counted from now. seed drives the tearing of
 * FAULT_POWER. */
void faultvfs_arm(enum fault_kind kind, int64_t nth, uint64_t seed);
void faultvfs_disarm(void);
/* How many faults fired since the last arm. */
int64_t faultvfs_fired(void);

/* Power-loss mode: put every unsynced write on the disk (what a clean
 * process exit leaves: the data is in the OS's cache, the power stays on). */
void faultvfs_flush_all(void);

/* SQLite's allocator, failing the nth allocation from now once (0: never).
 * Install before SQLite initialises. */
void faultmem_install(void);
void faultmem_fail_at(int64_t nth);
int64_t faultmem_count(void); /* allocations since the last faultmem_fail_at() */
int64_t faultmem_fired(void);

#endif
