/*
 * db_location: reading a ledger's location (db.h db_location_parse()):
 * which backend it names. Apart from db.c so that what only checks a
 * location (the config's [database] db) needs no backend.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "db.h"

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

