/*
 * test_db: the storage port itself. A ledger is opened from a location:
 * a file path or file: URI opens SQLite, a PostgreSQL URI is refused in a
 * line that does not repeat it (it may hold a password), and nothing else
 * is guessed at.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "fixture.h"

static void
assert_file(const char *location, const char *want)
{
	const char *file = "unset";

	assert_int_equal(db_location_parse(location, &file), DB_BACKEND_SQLITE);
	assert_string_equal(file, want);
}

static void
test_location_parse(void **state)
{
	const char *file = "unset";

	assert_file("/var/lib/jifen/ledger.db", "/var/lib/jifen/ledger.db");
	assert_file("ledger.db", "ledger.db");
	assert_file("file:ledger.db", "ledger.db");
	assert_file("file:/tmp/x.db", "/tmp/x.db");
	assert_file("FILE:///tmp/x.db", "/tmp/x.db");
	assert_file("file://localhost/tmp/x.db", "/tmp/x.db");
	assert_file("./postgresql://x", "./postgresql://x");
	assert_int_equal(db_location_parse("postgresql://u:pw@host/db", &file),
			 DB_BACKEND_POSTGRESQL);
	assert_null(file);
	assert_int_equal(db_location_parse("postgres://host/db", NULL), DB_BACKEND_POSTGRESQL);
	assert_int_equal(db_location_parse("PostgreSQL://host/db", NULL), DB_BACKEND_POSTGRESQL);
	assert_int_equal(db_location_parse("mysql://host/db", NULL), DB_BACKEND_UNKNOWN);
	assert_int_equal(db_location_parse("file://otherhost/x.db", NULL), DB_BACKEND_UNKNOWN);
	assert_int_equal(db_location_parse("file:", NULL), DB_BACKEND_UNKNOWN);
	assert_int_equal(db_location_parse("", NULL), DB_BACKEND_UNKNOWN);
}

static void
test_open_refuses_postgresql(void **state)
{
	struct db *db = (struct db *)1;
	struct jf_error err;

	jf_error_clear(&err);
	assert_int_equal(db_open("postgresql://kiosk:secret@db/jifen", DB_OPEN_EXISTING, 100, &db,
				 &err), JF_USAGE);
	assert_null(db);
	assert_non_null(strstr(err.message, "no PostgreSQL backend yet"));
	assert_null(strstr(err.message, "secret"));
	assert_int_equal(db_open("sftp://host/ledger.db", DB_OPEN_CREATE, 100, &db, &err), JF_USAGE);
	assert_null(db);
}

/* A file: location opens the file, and the port tells both apart. */
static void
test_open_file_uri(void **state)
{
	struct fixture *f = *state;
	char location[PATH_MAX + 8];
	struct jf_error err;
	struct db *db = NULL;
	int exists = 0;

	snprintf(location, sizeof location, "file:%s", f->path);
	assert_int_equal(db_open(location, DB_OPEN_EXISTING, 100, &db, &err), JF_OK);
	assert_string_equal(db_location(db), location);
	assert_string_equal(db_path(db), f->path);
	assert_int_equal(db_table_exists(db, "member", &exists, &err), JF_OK);
	assert_true(exists);
	assert_int_equal(db_table_exists(db, "no_such_table", &exists, &err), JF_OK);
	assert_false(exists);
	db_close(db);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_location_parse),
		cmocka_unit_test(test_open_refuses_postgresql),
		T(test_open_file_uri),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
