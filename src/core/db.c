/*
 * db: the part of the storage port that every backend shares: reading a
 * ledger's location and handing it to the backend that opens it, and
 * numbering the statements' call sites. Knows no backend's types; each
 * backend's calls are in db_<backend>.c.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "db_backend.h"

/* The length of location's "scheme://", or 0 if it does not start with one. */
static size_t
scheme_length(const char *location)
{
	size_t n = 0;

	if (!isalpha((unsigned char)location[0]))
		return 0;
	while (isalnum((unsigned char)location[n]) ||
	       (location[n] != '\0' && strchr("+.-", location[n]) != NULL))
		n++;
	return strncmp(location + n, "://", 3) == 0 ? n + 3 : 0;
}

enum db_backend
db_location_parse(const char *location, const char **file)
{
	size_t scheme;

	if (file)
		*file = NULL;
	if (location == NULL || *location == '\0')
		return DB_BACKEND_UNKNOWN;
	/* file:///PATH and file://localhost/PATH name a file on this machine. */
	if (!strncasecmp(location, "file://localhost/", 17))
		location += 16;
	else if (!strncasecmp(location, "file:///", 8))
		location += 7;
	else if (!strncasecmp(location, "file:", 5) && strncmp(location + 5, "//", 2) != 0)
		location += 5;
	scheme = scheme_length(location);
	if (scheme > 0) {
		if (!strncasecmp(location, "postgresql://", 13) || !strncasecmp(location, "postgres://", 11))
			return DB_BACKEND_POSTGRESQL;
		return DB_BACKEND_UNKNOWN;
	}
	if (*location == '\0')
		return DB_BACKEND_UNKNOWN;
	if (file)
		*file = location;
	return DB_BACKEND_SQLITE;
}

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
		/* The chain of stores adds it (DESIGN.md "Growing past one machine"). */
		return jf_fail(err, JF_USAGE,
			       "this jifen has no PostgreSQL backend yet: give the ledger as a file path");
	default:
		return jf_fail(err, JF_USAGE,
			       "not a ledger location: give a file path (or file:PATH)");
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
