/*
 * stress: what the stress tests share: a seeded PRNG (so a failing run can
 * be repeated from the seed it prints), counts from the environment, a
 * scratch directory, and a ledger set up with members and families.
 *
 * Never the demo or a user's ledger: everything lives under a fresh
 * directory in $TMPDIR that stress_tmpdir_remove() takes away again.
 */
#ifndef JIFEN_STRESS_H
#define JIFEN_STRESS_H

#include <stdint.h>

#include "db.h"
#include "ledger.h"
#include "settings.h"

/* splitmix64: small, fast and the same on every machine. */
struct rng {
	uint64_t state;
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* A number in [lo, hi], both included. */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);
/* 1 with probability percent/100. */
int rng_chance(struct rng *r, int percent);

/* The whole number in environment variable name, or fallback if unset;
 * exits with a message if it is set but not a number in [min, max]. */
int64_t stress_env_int(const char *name, int64_t fallback, int64_t min, int64_t max);

/* Pin the zone the tests' date arithmetic assumes (make check sets it too). */
void stress_pin_zone(void);

/* A new directory under $TMPDIR (or /tmp); returns a static path. */
const char *stress_tmpdir_make(const char *prefix);
/* Remove the directory and every file in it. */
void stress_tmpdir_remove(const char *dir);
/* A new directory as stress_tmpdir_make() makes, removed again when the
 * test's main process exits (never by a forked child); a static path. */
const char *stress_scratch(const char *prefix);

/*
 * Where a test's ledger goes (issue 14: the stress tests run on both
 * stores). Without JIFEN_TEST_PG: the file NAME.db in dir. With it (a
 * PostgreSQL server's libpq URL): a fresh schema of that database, made
 * here and dropped when the test's main process exits (never by a forked
 * child, which shares it), and the voucher key in dir as NAME.key (a
 * ledger that is no file keeps it where cfg says, so cfg->voucher_key_file
 * is set). The location goes to path; dies if it cannot be made.
 */
void stress_ledger_location(const char *dir, const char *name, struct settings *cfg, char *path,
			    size_t size);
/* Is JIFEN_TEST_PG set: do the tests' ledgers live on PostgreSQL? */
int stress_on_pg(void);
/* The whole walk on a ledger where durability is not under test: commits
 * that need not wait for the disk (SQLite: synchronous=OFF; PostgreSQL:
 * synchronous_commit off for this session). */
enum jf_status stress_relax_sync(struct db *db, struct jf_error *err);
/*
 * A process killed with -9 leaves its PostgreSQL session behind for a
 * moment: the server finishes what the session had sent (a COMMIT among
 * it) and only then sees the closed socket. Whoever checks what a killed
 * writer left must wait for that session to end first, or the write it
 * was committing could land after the check. stress_session_id() is db's
 * session (its server process; 0 on SQLite, where a killed process's
 * writes end with it); stress_wait_session_gone() waits, through db, until
 * session id is no more (at once for 0), or dies after some seconds.
 */
int64_t stress_session_id(struct db *db);
void stress_wait_session_gone(struct db *db, int64_t id);

/* Print "prog: message" to stderr and exit(1); _exit in a child. */
void stress_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Forked children must not run the parent's atexit clean-up. */
void stress_mark_child(void);

/* Add a member (no PIN, so no Argon2 cost) or die. */
void stress_add_member(struct ledger *lg, const char *card, const char *name);
/* Create family name owned by cards[0] with the other cards in it, or die. */
void stress_add_family(struct ledger *lg, const char *name, const char *const *cards, int n);

extern const char *stress_prog;

#endif
