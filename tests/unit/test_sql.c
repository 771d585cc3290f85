/*
 * test_sql: every SQL statement of core prepares against the schema of a
 * freshly created ledger. A typo, a missing column or table, or SQL this
 * SQLite cannot run fails here, naming the file and line, before any test
 * has to reach the code that runs it.
 *
 * The statements are found through their call sites: the db_stmt() macro
 * puts each site's address into the section jifen_sql (db_sites()). This
 * driver links every object of core whole (tests/unit/local.mk), so the
 * sites of code that no test here calls are there too; the test checks
 * that it sees sites from every file of core that has some.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fixture.h"

/* Core had 103 statements when this was written; far fewer means the
 * section lost some. */
#define SITES_MIN 100

static int
site_in_file(const char *file, const char *name)
{
	size_t n = strlen(file), m = strlen(name);

	return n >= m && strcmp(file + n - m, name) == 0 && (n == m || file[n - m - 1] == '/');
}

static size_t
sites_in(const char *name)
{
	size_t count, n = 0;
	struct db_site *const *sites = db_sites(&count);

	for (size_t i = 0; i < count; i++)
		n += sites[i] && site_in_file(sites[i]->file, name);
	return n;
}

static int
has_site_with(const char *text)
{
	size_t count;
	struct db_site *const *sites = db_sites(&count);

	for (size_t i = 0; i < count; i++)
		if (sites[i] && strstr(sites[i]->sql, text))
			return 1;
	return 0;
}

static void
test_every_statement_prepares(void **state)
{
	struct fixture *f = *state;
	size_t count, bad = 0;
	struct db_site *const *sites = db_sites(&count);
	struct jf_error err;

	assert_true(count >= SITES_MIN);
	for (size_t i = 0; i < count; i++) {
		if (sites[i] == NULL)
			continue;
		/* A backend's questions about its own catalog are for it alone. */
		if (site_in_file(sites[i]->file, "db_sqlite.c") &&
		    db_backend_of(f->lg.db) != DB_BACKEND_SQLITE)
			continue;
		/* The counter's queue is a file of its own, not the ledger:
		 * test_queue prepares these against a queue. */
		if (site_in_file(sites[i]->file, "queue.c"))
			continue;
		if (db_prepare_check(f->lg.db, sites[i]->sql, &err) != JF_OK) {
			print_error("%s:%d: %s\n", sites[i]->file, sites[i]->line, err.message);
			bad++;
		}
	}
	if (bad > 0)
		fail_msg("%zu of %zu statements do not prepare", bad, count);
}

/* The check itself fails on what it must catch. */
static void
test_bad_statements_are_caught(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;

	assert_int_equal(db_prepare_check(f->lg.db, "SELECT card FROM member", &err), JF_OK);
	assert_int_equal(db_prepare_check(f->lg.db, "SELECT no_such_column FROM member", &err),
			 JF_ERR);
	assert_non_null(strstr(err.message, "no_such_column"));
	assert_int_equal(db_prepare_check(f->lg.db, "SELEKT 1", &err), JF_ERR);
	assert_int_equal(db_prepare_check(f->lg.db, "INSERT INTO temp.expire_skip VALUES (1)",
					  &err), JF_ERR);
}

/* Statements of every file of core that has some, and a few known ones. */
static void
test_sites_cover_core(void **state)
{
	static const char *const files[] = {
		"account.c", "catalog.c", "compensate.c", "db_sqlite.c", "entry.c", "expire.c",
		"export.c", "family.c", "hold.c", "idem.c", "ledger.c", "lot.c", "member.c",
		"report.c", "schema.c", "transfer.c", "verify.c", "voucher.c",
	};

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (sites_in(files[i]) == 0)
			fail_msg("no statement of src/core/%s was seen", files[i]);
	assert_true(has_site_with("INSERT INTO member(card, name"));
	assert_true(has_site_with("RETURNING id"));
	assert_true(has_site_with("FROM sqlite_schema"));
	assert_true(has_site_with("HAVING sum(balance) <> 0"));
	assert_true(has_site_with("ON CONFLICT(sku) DO UPDATE"));
}

/*
 * From the sources (make check exports top_srcdir): a .c file of core that
 * calls db_stmt() must have its sites in the section. Catches a file added
 * later that this list above does not name.
 */
static void
test_sites_match_sources(void **state)
{
	const char *top = getenv("top_srcdir");
	char dir[PATH_MAX], path[PATH_MAX + 256], line[4096];
	struct dirent *de;
	regex_t call;
	DIR *d;
	int files = 0;

	if (top == NULL || *top == '\0')
		skip();
	snprintf(dir, sizeof dir, "%s/src/core", top);
	assert_int_equal(regcomp(&call, "db_stmt\\([^,)]+,", REG_EXTENDED | REG_NOSUB), 0);
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name), calls = 0;
		FILE *in;

		if (n < 3 || strcmp(de->d_name + n - 2, ".c") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		assert_non_null(in = fopen(path, "r"));
		while (fgets(line, sizeof line, in))
			calls += regexec(&call, line, 0, NULL, 0) == 0;
		fclose(in);
		if (calls == 0)
			continue;
		files++;
		if (sites_in(de->d_name) < calls)
			fail_msg("src/core/%s calls db_stmt() %zu times, %zu sites seen", de->d_name,
				 calls, sites_in(de->d_name));
	}
	closedir(d);
	regfree(&call);
	assert_true(files >= 15);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_every_statement_prepares),
		T(test_bad_statements_are_caught),
		cmocka_unit_test(test_sites_cover_core),
		cmocka_unit_test(test_sites_match_sources),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
