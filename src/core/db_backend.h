/*
 * db_backend: what each storage backend gives db.c, and nothing else may
 * call. A backend implements every call of db.h but db_open() and
 * db_location_parse(), which db.c keeps for all of them.
 */
#ifndef JIFEN_DB_BACKEND_H
#define JIFEN_DB_BACKEND_H

#include <time.h>

#include "db.h"

/* Open the SQLite ledger file of location (file is its path inside it). */
enum jf_status db_sqlite_open(const char *location, const char *file, enum db_open_mode mode,
			      int64_t busy_timeout_ms, struct db **out, struct jf_error *err);

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
