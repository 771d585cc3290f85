/*
 * test_schema: a ledger knows its schema version. A ledger written by a
 * newer jifen is refused rather than guessed at, a file that is not a jifen
 * ledger is refused without being changed, and creating never overwrites.
 * The PostgreSQL schema text names what the SQLite one makes, in
 * PostgreSQL's words.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "family.h"
#include "fixture.h"
#include "ledger.h"
#include "member.h"
#include "schema.h"
#include "verify.h"

#define ANN "10000001"

static void
path_in(struct fixture *f, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", f->dir, name);
}

/* The whole file, for before-and-after comparisons; the caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *in = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(in);
	assert_int_equal(fseek(in, 0, SEEK_END), 0);
	n = ftell(in);
	assert_true(n >= 0);
	rewind(in);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, in), (size_t)n);
	fclose(in);
	*len = (size_t)n;
	return buf;
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *out = fopen(path, "wb");

	assert_non_null(out);
	assert_int_equal(fwrite(data, 1, len, out), len);
	assert_int_equal(fclose(out), 0);
}

static void
test_fresh_ledger_version(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	int64_t version = -1;

	assert_int_equal(SCHEMA_VERSION >= 1, 1);
	assert_int_equal(fixture_sql_int(f->path, "SELECT CAST(value AS INTEGER) FROM meta "
						  "WHERE key = 'schema_version'"),
			 SCHEMA_VERSION);
	assert_int_equal(schema_version(f->lg.db, &version, &err), JF_OK);
	assert_int_equal(version, SCHEMA_VERSION);
	/* Opening it again changes nothing. */
	fixture_reopen(f);
	assert_int_equal(schema_version(f->lg.db, &version, &err), JF_OK);
	assert_int_equal(version, SCHEMA_VERSION);
	fixture_verify_ok(f);
}

static void
test_newer_ledger_refused(void **state)
{
	struct fixture *f = *state;
	struct ledger lg;
	struct jf_error err;
	char sql[120];

	fixture_add_member(f, ANN, "Ann");
	ledger_close(&f->lg);
	fixture_sql_exec(f->path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
	jf_error_clear(&err);
	assert_int_equal(ledger_open(&lg, f->path, &f->cfg, &err), JF_CONFLICT);
	assert_int_equal(err.status, JF_CONFLICT);
	assert_null(lg.db);
	assert_non_null(strstr(err.message, "99"));
	assert_non_null(strstr(err.message, "upgrade"));
	/* Not migrated "down", not touched. */
	assert_int_equal(fixture_sql_int(f->path, "SELECT value FROM meta "
						  "WHERE key = 'schema_version'"),
			 99);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM member"), 1);
	/* Back at our version it opens again, data intact. */
	snprintf(sql, sizeof sql, "UPDATE meta SET value = '%d' WHERE key = 'schema_version'",
		 SCHEMA_VERSION);
	fixture_sql_exec(f->path, sql);
	fixture_reopen(f);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 0);
	fixture_verify_ok(f);
}

static void
test_other_sqlite_db_refused(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX + 16];
	struct ledger lg;
	struct jf_error err;

	path_in(f, "shop.db", path, sizeof path);
	fixture_sql_create(path, "CREATE TABLE customers(name TEXT); "
				"INSERT INTO customers VALUES ('Ann');");
	jf_error_clear(&err);
	assert_int_not_equal(ledger_open(&lg, path, &f->cfg, &err), JF_OK);
	assert_null(lg.db);
	assert_non_null(strstr(err.message, "not a jifen ledger"));
	/* Its tables are as they were: nothing of ours was added. */
	assert_int_equal(fixture_sql_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
	assert_int_equal(fixture_sql_int(path, "SELECT count(*) FROM customers"), 1);
}

static void
test_random_bytes_refused(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX + 16], data[8192], *after;
	struct ledger lg;
	struct jf_error err;
	uint32_t x = 2463534242u;
	size_t len;

	/* Deterministic noise (xorshift), so a failure reproduces. */
	for (size_t i = 0; i < sizeof data; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		data[i] = (char)(x & 0xff);
	}
	path_in(f, "noise.db", path, sizeof path);
	write_file(path, data, sizeof data);
	jf_error_clear(&err);
	assert_int_not_equal(ledger_open(&lg, path, &f->cfg, &err), JF_OK);
	assert_null(lg.db);
	assert_true(strlen(err.message) > 0);
	after = slurp(path, &len);
	assert_int_equal(len, sizeof data);
	assert_memory_equal(after, data, sizeof data);
	free(after);

	/* A text file given by mistake, say the config. */
	path_in(f, "jifen.conf", path, sizeof path);
	write_file(path, "[earn]\npoints_per_yuan = 1\n", 27);
	assert_int_not_equal(ledger_open(&lg, path, &f->cfg, &err), JF_OK);
	assert_null(lg.db);
	after = slurp(path, &len);
	assert_int_equal(len, 27);
	assert_memory_equal(after, "[earn]\npoints_per_yuan = 1\n", 27);
	free(after);
}

static void
test_missing_file(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX + 16];
	struct ledger lg;
	struct jf_error err;
	struct stat sb;

	path_in(f, "nowhere.db", path, sizeof path);
	assert_int_equal(ledger_open(&lg, path, &f->cfg, &err), JF_NOTFOUND);
	assert_null(lg.db);
	assert_non_null(strstr(err.message, "nowhere.db"));
	assert_int_not_equal(stat(path, &sb), 0); /* opening never creates */
}

static void
test_create_never_overwrites(void **state)
{
	struct fixture *f = *state;
	struct ledger lg;
	struct jf_error err;

	fixture_add_member(f, ANN, "Ann");
	fixture_grant(f, ANN, 10, KIND_POINTS);
	ledger_close(&f->lg);
	assert_int_equal(ledger_create(&lg, f->path, &f->cfg, &err), JF_CONFLICT);
	assert_null(lg.db);
	fixture_reopen(f);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 10);
	fixture_verify_ok(f);
}

/* A ledger of an older jifen, from its SQL dump tests/data/NAME.sql, made at
 * f->dir/NAME.db (path in old_path); asserts its schema version. */
static void
load_dump(struct fixture *f, const char *name, int64_t version, char *old_path, size_t size)
{
	const char *srcdir = getenv("top_srcdir");
	char dump[4096], file[64];
	char *sql;
	size_t len;

	snprintf(dump, sizeof dump, "%s/tests/data/%s.sql", srcdir ? srcdir : ".", name);
	snprintf(file, sizeof file, "%s.db", name);
	path_in(f, file, old_path, size);
	sql = slurp(dump, &len);
	sql[len] = '\0';
	fixture_sql_create(old_path, sql);
	free(sql);
	assert_int_equal(fixture_sql_int(old_path, "SELECT value FROM meta "
						   "WHERE key = 'schema_version'"), version);
}

/*
 * A ledger written by the first released jifen (schema 1, kept as an SQL dump
 * in tests/data) opens in this one: it is migrated forward, its history
 * still verifies, and no point moves.
 */
static void
test_first_release_migrates(void **state)
{
	struct fixture *f = *state;
	char old_path[PATH_MAX];
	struct ledger lg;
	struct jf_error err;
	struct balance b;

	load_dump(f, "ledger-v1", 1, old_path, sizeof old_path);
	assert_int_equal(ledger_open(&lg, old_path, &f->cfg, &err), JF_OK);
	assert_int_equal(ledger_balance(&lg, "8800000001", &b, &err), JF_OK);
	assert_int_equal(b.total[KIND_POINTS], 1867);
	assert_int_equal(b.total[KIND_GREEN], 80);
	balance_done(&b);
	{
		struct verify_report r;
		assert_int_equal(verify_ledger(&lg, &r, &err), JF_OK);
		assert_int_equal(r.entries, 12);
	}
	ledger_close(&lg);
	assert_int_equal(fixture_sql_int(old_path, "SELECT value FROM meta "
						   "WHERE key = 'schema_version'"), SCHEMA_VERSION);
	assert_int_equal(fixture_sql_int(old_path, "SELECT count(*) FROM sqlite_schema "
						   "WHERE name = 'voucher'"), 1);
}

/*
 * A ledger of schema 2 (the release before actors, tests/data/ledger-v2.sql)
 * migrates: its entries keep hash format 1 and no actor and still verify;
 * new entries follow in format 2 with their actor, chained to the old ones;
 * a card of it can be replaced.
 */
static void
test_schema2_migrates(void **state)
{
	struct fixture *f = *state;
	char old_path[PATH_MAX];
	struct verify_report r;
	struct ledger lg;
	struct jf_error err;
	struct actor a;
	struct member m;
	struct grant_request g = { "8800000009", 5, KIND_POINTS, "after the upgrade", "up-1" };
	struct ledger_result res;

	load_dump(f, "ledger-v2", 2, old_path, sizeof old_path);
	assert_int_equal(ledger_open(&lg, old_path, &f->cfg, &err), JF_OK);
	assert_int_equal(verify_ledger(&lg, &r, &err), JF_OK);
	assert_int_equal(r.entries, 6);
	assert_int_equal(fixture_sql_int(old_path, "SELECT count(*) FROM entry WHERE format = 1 "
						   "AND actor = '' AND terminal = ''"), 6);
	actor_staff(&a, "desk-1", &err);
	ledger_act_as(&lg, &a);
	/* After the dump's last entry: a clock behind the ledger writes nothing. */
	fixture_at("2027-06-02T10:00:00+08:00");
	assert_int_equal(member_change_card(&lg, "8800000001", "8800000009", &m, &err), JF_OK);
	assert_int_equal(ledger_grant(&lg, &g, &res, &err), JF_OK);
	assert_int_equal(verify_ledger(&lg, &r, &err), JF_OK);
	assert_int_equal(r.entries, 7);
	ledger_close(&lg);
	assert_int_equal(fixture_sql_int(old_path, "SELECT format FROM entry "
						   "ORDER BY id DESC LIMIT 1"), 2);
	assert_int_equal(fixture_sql_int(old_path, "SELECT value FROM meta "
						   "WHERE key = 'schema_version'"), SCHEMA_VERSION);
}

/*
 * Migrating to schema 5 keeps who did what from then on: rows of the old
 * ledger name nobody and still verify (the marks say where they end), and
 * every family, membership, PIN, wrong PIN and catalog item written after
 * the upgrade names its actor and terminal, which verify then insists on.
 */
static void
test_actors_kept_after_upgrade(void **state)
{
	struct fixture *f = *state;
	static const char csv[] =
		"sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,"
		"active_from,active_until,new_until\n"
		"MUG,杯子,Big mug,home,goods,100,,,,9,0,,,\n"
		"BAG,布袋,Bag,home,goods,50,,,,5,1,,,\n";
	char old_path[PATH_MAX], v2_path[PATH_MAX], text[80];
	struct import_report rep;
	struct verify_report r;
	struct ledger lg;
	struct jf_error err;
	struct actor a;
	struct member m;

	load_dump(f, "ledger-v1", 1, old_path, sizeof old_path);
	/* After the dump's last entry: a clock behind the ledger writes nothing. */
	fixture_at("2027-06-02T10:00:00+08:00");
	snprintf(f->cfg.terminal, sizeof f->cfg.terminal, "K05");
	assert_int_equal(ledger_open(&lg, old_path, &f->cfg, &err), JF_OK);
	assert_int_equal(verify_ledger(&lg, &r, &err), JF_OK);
	assert_int_equal(fixture_sql_int(old_path, "SELECT value FROM meta "
						   "WHERE key = 'actors_after_member'"), 5);
	assert_int_equal(fixture_sql_int(old_path, "SELECT value FROM meta "
						   "WHERE key = 'actors_after_family'"), 1);
	/* What the first release did is not known, and not made up. */
	assert_int_equal(member_find(&lg, "8800000002", &m, &err), JF_OK);
	assert_string_equal(m.family, "王家");
	assert_int_equal(m.family_at, 0);
	assert_string_equal(m.family_by, "");
	assert_int_equal(m.pin_set_at, 0);
	assert_int_equal(m.has_pin, 1);

	actor_staff(&a, "desk-1", &err);
	ledger_act_as(&lg, &a);
	assert_int_equal(family_add(&lg, "王家", "8800000003", &err), JF_OK);
	assert_int_equal(family_create(&lg, "陈家", "8800000005", &err), JF_OK);
	assert_int_equal(member_set_pin(&lg, "8800000004", "1357", &err), JF_OK);
	ledger_act_as(&lg, NULL); /* a kiosk before its login */
	assert_int_equal(member_check_pin(&lg, "8800000001", "0000", &err), JF_AUTH);
	assert_int_equal(verify_ledger(&lg, &r, &err), JF_OK);
	assert_int_equal(member_find(&lg, "8800000003", &m, &err), JF_OK);
	assert_string_equal(m.family_by, "staff:desk-1");
	assert_string_equal(m.family_terminal, "K05");
	assert_int_equal(member_find(&lg, "8800000004", &m, &err), JF_OK);
	assert_string_equal(m.pin_set_by, "staff:desk-1");
	assert_int_equal(member_find(&lg, "8800000001", &m, &err), JF_OK);
	assert_string_equal(m.pin_failed_terminal, "K05");
	fixture_sql_text(old_path, "SELECT created_by || '@' || created_terminal FROM family "
				   "WHERE name = '陈家'", text, sizeof text);
	assert_string_equal(text, "staff:desk-1@K05");
	/* A new family that names nobody is found; an old one is not. */
	fixture_sql_exec(old_path, "UPDATE family SET created_by = '' WHERE name = '陈家'");
	assert_int_equal(verify_ledger(&lg, &r, &err), JF_INTEGRITY);
	assert_non_null(strstr(r.problem, "陈家"));
	ledger_close(&lg);

	/* Schema 2 had a catalog: the item it had keeps no importer until the
	 * next import that changes it; a new item names its importer. */
	load_dump(f, "ledger-v2", 2, v2_path, sizeof v2_path);
	assert_int_equal(ledger_open(&lg, v2_path, &f->cfg, &err), JF_OK);
	assert_int_equal(fixture_sql_int(v2_path, "SELECT value FROM meta "
						  "WHERE key = 'actors_after_item'"), 1);
	fixture_sql_text(v2_path, "SELECT updated_by FROM item WHERE sku = 'MUG'", text,
			 sizeof text);
	assert_string_equal(text, "");
	assert_int_equal(verify_ledger(&lg, &r, &err), JF_OK);
	assert_int_equal(catalog_import_text(&lg, csv, strlen(csv), &rep, &err), JF_ERR);
	assert_non_null(strstr(err.message, "nobody"));
	import_report_done(&rep);
	actor_staff(&a, "mgr", &err);
	ledger_act_as(&lg, &a);
	assert_int_equal(catalog_import_text(&lg, csv, strlen(csv), &rep, &err), JF_OK);
	assert_int_equal(rep.inserted, 1);
	assert_int_equal(rep.updated, 1);
	import_report_done(&rep);
	assert_int_equal(fixture_sql_int(v2_path, "SELECT count(*) FROM item WHERE updated_by = "
						  "'staff:mgr' AND updated_terminal = 'K05'"), 2);
	assert_int_equal(verify_ledger(&lg, &r, &err), JF_OK);
	fixture_sql_exec(v2_path, "UPDATE item SET updated_terminal = '' WHERE sku = 'BAG'");
	assert_int_equal(verify_ledger(&lg, &r, &err), JF_INTEGRITY);
	assert_non_null(strstr(r.problem, "item BAG"));
	ledger_close(&lg);
}

/* Does text say "CREATE <kind> <name>" followed by one of the characters of end? */
static int
creates(const char *text, const char *kind, const char *name, const char *end)
{
	char want[128];
	size_t n = (size_t)snprintf(want, sizeof want, "CREATE %s %s", kind, name);

	for (const char *at = strstr(text, want); at; at = strstr(at + 1, want))
		if (at[n] != '\0' && strchr(end, at[n]))
			return 1;
	return 0;
}

/* Does the PostgreSQL text of version 18 or a step after it create it? */
static int
pg_creates(const char *kind, const char *name, int is_index)
{
	for (int v = SCHEMA_PG_BASE - 1; v < SCHEMA_VERSION; v++) {
		const char *text = v < SCHEMA_PG_BASE ? schema_pg_create : schema_pg_steps[v];

		if (text && (creates(text, kind, name, "( \n") ||
			     (is_index && creates(text, "UNIQUE INDEX", name, " "))))
			return 1;
	}
	return 0;
}

/* The PostgreSQL schema (schema_pg.c) creates every table, index and
 * trigger a SQLite ledger has, by name, where no server is at hand to
 * compare them in full (tests/pg/schema.sh). */
static void
test_pg_text_names_sqlite_objects(void **state)
{
	struct fixture *f = *state;
	static char names[32768];
	static const char *const kinds[][2] = {
		{ "table", "TABLE" }, { "index", "INDEX" }, { "trigger", "TRIGGER" },
	};
	char path[PATH_MAX];
	int seen = 0;

	/* SQLite's schema, read from a SQLite ledger whatever the run's backend. */
	fixture_sqlite_ledger(f, path, sizeof path);
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		char sql[256];

		snprintf(sql, sizeof sql, "SELECT group_concat(name, ' ') FROM sqlite_schema "
					  "WHERE type = '%s' AND sql IS NOT NULL", kinds[k][0]);
		fixture_sql_text(path, sql, names, sizeof names);
		assert_true(strlen(names) < sizeof names - 1);
		for (char *save = NULL, *name = strtok_r(names, " ", &save); name;
		     name = strtok_r(NULL, " ", &save), seen++)
			if (!pg_creates(kinds[k][1], name, k == 1))
				fail_msg("schema_pg.c creates no %s %s", kinds[k][0], name);
	}
	assert_true(seen > 100);
}

/* What SQLite says that PostgreSQL would not, or would take otherwise. */
static void
assert_postgresql_words(const char *text)
{
	static const char *const sqlite_only[] = {
		"INTEGER", "BLOB", "WITHOUT ROWID", "RAISE(ABORT", "AUTOINCREMENT",
		"INSERT OR", "strftime", "BEGIN SELECT",
	};

	for (size_t i = 0; i < sizeof sqlite_only / sizeof sqlite_only[0]; i++)
		if (strstr(text, sqlite_only[i]))
			fail_msg("the PostgreSQL schema says %s", sqlite_only[i]);
	/* Every trigger refuses through the one function, with its words. */
	for (const char *at = strstr(text, "CREATE TRIGGER "); at;
	     at = strstr(at + 1, "CREATE TRIGGER ")) {
		const char *end = strchr(at, ';');
		const char *call = strstr(at, "EXECUTE FUNCTION jifen_refuse('");

		assert_non_null(end);
		if (call == NULL || call > end)
			fail_msg("a trigger does not call jifen_refuse(): %.60s", at);
	}
}

static void
test_pg_text_speaks_postgresql(void **state)
{
	(void)state;
	assert_postgresql_words(schema_pg_create);
	/* A step below the base would never run: the create text is past it. */
	for (int v = 0; v < SCHEMA_VERSION; v++) {
		if (v < SCHEMA_PG_BASE)
			assert_null(schema_pg_steps[v]);
		else if (schema_pg_steps[v])
			assert_postgresql_words(schema_pg_steps[v]);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_fresh_ledger_version),
		T(test_newer_ledger_refused),
		T(test_other_sqlite_db_refused),
		T(test_random_bytes_refused),
		T(test_missing_file),
		T(test_create_never_overwrites),
		T(test_first_release_migrates),
		T(test_schema2_migrates),
		T(test_actors_kept_after_upgrade),
		T(test_pg_text_names_sqlite_objects),
		cmocka_unit_test(test_pg_text_speaks_postgresql),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
