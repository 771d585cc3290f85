/*
 * fixture: a fresh ledger per test group, in a temporary directory that is
 * removed afterwards. SQLite is used directly here only to look at or
 * tamper with the file from outside, as a second program would.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "fixture.h"
#include "member.h"
#include "verify.h"
#include "voucher.h"

void
fixture_pin_environment(void)
{
	/* Dates are local dates: pin the store's zone even when run by hand. */
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	unsetenv("JIFEN_NOW");
	unsetenv("JIFEN_SEED"); /* a test that wants a seed sets one */
	fixture_at(FIXTURE_START);
}

void
fixture_at(const char *iso)
{
	int64_t t = 0;

	assert_int_equal(clock_parse_iso(iso, &t), JF_OK);
	clock_set(t);
}

void
fixture_advance(int64_t seconds)
{
	clock_set(clock_now() + seconds);
}

/* Remove the ledger and its WAL files, then the directory. */
static void
remove_dir(const char *dir)
{
	char path[PATH_MAX + 260];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

void
fixture_act(struct fixture *f)
{
	struct actor a;

	/* Every write needs an actor: the tests run as a shell user. */
	actor_shell(&a, "tester");
	ledger_act_as(&f->lg, &a);
}

int
fixture_on_pg(const char *path)
{
	return strncmp(path, "postgresql:", 11) == 0;
}

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Run sql on the PostgreSQL database of url; NULL or the error's words
 * (static). With rows, *res keeps them for the caller to PQclear(). */
static const char *
pg_run(const char *url, const char *sql, PGresult **res)
{
	static char why[512];
	PGconn *conn = PQconnectdb(url);
	PGresult *r;

	if (PQstatus(conn) != CONNECTION_OK) {
		snprintf(why, sizeof why, "%s", PQerrorMessage(conn));
		PQfinish(conn);
		return why;
	}
	/* DROP SCHEMA ... CASCADE lists every table it drops: not for the log. */
	PQsetNoticeProcessor(conn, quiet, NULL);
	r = PQexec(conn, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
		snprintf(why, sizeof why, "%s", PQresultErrorMessage(r));
		PQclear(r);
		PQfinish(conn);
		return why;
	}
	if (res)
		*res = r;
	else
		PQclear(r);
	PQfinish(conn);
	return NULL;
}

/* f's ledger made anew by ledger_create() at f->path. */
static int
create_ledger(struct fixture *f)
{
	struct jf_error err;

	if (ledger_create(&f->lg, f->path, &f->cfg, &err) != JF_OK) {
		fprintf(stderr, "fixture: %s\n", err.message);
		return -1;
	}
	return 0;
}

/*
 * On PostgreSQL each fixture's ledger is a database of its own, copied
 * (CREATE DATABASE ... TEMPLATE) from a template ledger that
 * ledger_create() made once for the process: a copy of its files costs a
 * fraction of the DDL of a new ledger's tables and their drop, which were
 * most of these tests' time. The copy holds exactly what ledger_create()
 * writes (nothing random goes into a new ledger) and gets a voucher key of
 * its own, as a new ledger does. Where the tests' role may not create
 * databases, each ledger is a schema of its own, made by ledger_create().
 */
static char template_db[64]; /* the process's template ledger, once made */
static pid_t template_owner; /* the process that made it (a fork's exit leaves it) */

/* base's URL with its database changed to name. */
static void
database_url(char *out, size_t size, const char *base, const char *name)
{
	snprintf(out, size, "%s%cdbname=%s", base, strchr(base, '?') ? '&' : '?', name);
}

static void
template_drop(void)
{
	char sql[128];

	if (getpid() != template_owner || !getenv("JIFEN_TEST_PG"))
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", template_db);
	(void)pg_run(getenv("JIFEN_TEST_PG"), sql, NULL);
}

/* 1 when the template ledger is there to copy (made now if need be, its
 * key in dir), 0 when databases cannot be made here, -1 on failure. */
static int
template_ready(const char *base, const char *dir)
{
	static int state; /* 0: not tried yet; else what to return */
	struct settings cfg;
	struct ledger lg;
	struct jf_error err;
	char sql[128], url[PATH_MAX];

	if (state != 0)
		return state == 2 ? 0 : state;
	snprintf(template_db, sizeof template_db, "unit_tmpl_%ld", (long)getpid());
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", template_db);
	if (pg_run(base, sql, NULL) != NULL) {
		state = 2; /* no CREATEDB: a schema a ledger */
		return 0;
	}
	template_owner = getpid();
	atexit(template_drop);
	settings_defaults(&cfg);
	snprintf(cfg.voucher_key_file, sizeof cfg.voucher_key_file, "%.*s/template.key",
		 (int)sizeof cfg.voucher_key_file - 16, dir);
	database_url(url, sizeof url, base, template_db);
	if (ledger_create(&lg, url, &cfg, &err) != JF_OK) {
		fprintf(stderr, "fixture: the template ledger: %s\n", err.message);
		return state = -1;
	}
	ledger_close(&lg);
	return state = 1;
}

/* f's ledger as a copy of the template, in a database of its own. */
static int
copy_template(struct fixture *f, const char *base)
{
	static unsigned serial;
	struct jf_error err;
	const char *why;
	char sql[192];

	snprintf(f->database, sizeof f->database, "unit_%ld_%u", (long)getpid(), ++serial);
	/* The files copied as they are, rather than page by page through the
	 * log: measured, a quarter less of the server's time in test_ledger. */
	snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY", f->database,
		 template_db);
	if ((why = pg_run(base, sql, NULL)) != NULL) {
		fprintf(stderr, "fixture: %s: %s", base, why);
		f->database[0] = '\0';
		return -1;
	}
	database_url(f->path, sizeof f->path, base, f->database);
	if (ledger_open(&f->lg, f->path, &f->cfg, &err) != JF_OK)
		goto fail;
	if (voucher_key_create(&f->lg, &err) != JF_OK) {
		ledger_close(&f->lg);
		goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "fixture: %s\n", err.message);
	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", f->database);
	(void)pg_run(base, sql, NULL);
	f->database[0] = '\0';
	return -1;
}

/* f's ledger made by ledger_create() in a schema of its own. */
static int
schema_ledger(struct fixture *f, const char *base)
{
	static unsigned serial;
	const char *why;
	char sql[128];

	snprintf(f->schema, sizeof f->schema, "unit_%ld_%u", (long)getpid(), ++serial);
	snprintf(sql, sizeof sql, "CREATE SCHEMA %s", f->schema);
	if ((why = pg_run(base, sql, NULL)) != NULL) {
		fprintf(stderr, "fixture: %s: %s", base, why);
		f->schema[0] = '\0';
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s%coptions=-csearch_path%%3D%s", base,
		 strchr(base, '?') ? '&' : '?', f->schema);
	return create_ledger(f);
}

/* f's ledger on the JIFEN_TEST_PG server, and the voucher key beside it
 * in f->dir (a ledger that is no file keeps it where the settings say). */
static int
pg_ledger(struct fixture *f, const char *base)
{
	if ((size_t)snprintf(f->cfg.voucher_key_file, sizeof f->cfg.voucher_key_file,
			     "%.*s/ledger.key", (int)sizeof f->cfg.voucher_key_file - 12, f->dir) >=
	    sizeof f->cfg.voucher_key_file) {
		fprintf(stderr, "fixture: the temporary directory's name is too long\n");
		return -1;
	}
	switch (template_ready(base, f->dir)) {
	case 1:
		return copy_template(f, base);
	case 0:
		return schema_ledger(f, base);
	default:
		return -1;
	}
}

/* Drop what pg_ledger() made for f (its ledger closed). */
static void
pg_drop(struct fixture *f)
{
	const char *why;
	char sql[128];

	if (f->database[0])
		snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", f->database);
	else if (f->schema[0])
		snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", f->schema);
	else
		return;
	/* Once more if need be: a session the server was still ending may
	 * hold the database for a moment. */
	for (int tries = 1; (why = pg_run(getenv("JIFEN_TEST_PG"), sql, NULL)) != NULL; tries++)
		if (tries == 3) {
			fprintf(stderr, "fixture: %s: %s", sql, why);
			break;
		}
}

int
fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	int rc;

	if (f == NULL)
		return -1;
	fixture_pin_environment();
	snprintf(f->dir, sizeof f->dir, "%s/jifen-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/ledger.db", f->dir);
	settings_defaults(&f->cfg);
	if (getenv("JIFEN_TEST_PG"))
		rc = pg_ledger(f, getenv("JIFEN_TEST_PG"));
	else
		rc = create_ledger(f);
	if (rc != 0) {
		pg_drop(f);
		remove_dir(f->dir);
		free(f);
		return -1;
	}
	fixture_act(f);
	*state = f;
	return 0;
}

int
fixture_teardown(void **state)
{
	struct fixture *f = *state;

	if (f == NULL)
		return 0;
	ledger_close(&f->lg);
	pg_drop(f);
	remove_dir(f->dir);
	free(f);
	*state = NULL;
	clock_set(INT64_MIN);
	return 0;
}

void
fixture_reopen(struct fixture *f)
{
	struct jf_error err;

	ledger_close(&f->lg);
	jf_error_clear(&err);
	if (ledger_open(&f->lg, f->path, &f->cfg, &err) != JF_OK)
		fail_msg("reopening the ledger: %s", err.message);
	fixture_act(f);
}

static void
name_store(struct settings *cfg, const char *store, const char *terminal)
{
	snprintf(cfg->store, sizeof cfg->store, "%s", store);
	snprintf(cfg->terminal, sizeof cfg->terminal, "%s/%s", store, terminal);
}

int
fixture_two_stores(struct fixture *f, struct settings *cfg2, struct ledger *lg2)
{
	struct jf_error err;
	struct actor a;

	*cfg2 = f->cfg;
	name_store(&f->cfg, "S001", "K1");
	fixture_reopen(f);
	name_store(cfg2, "S002", "K2");
	if (ledger_open(lg2, f->path, cfg2, &err) != JF_OK) {
		fprintf(stderr, "setup: second store: %s\n", err.message);
		return -1;
	}
	actor_shell(&a, "tester2");
	ledger_act_as(lg2, &a);
	return 0;
}

int
fixture_setup_with(void **state, ...)
{
	const char *card, *name;
	va_list ap;

	if (fixture_setup(state) != 0)
		return -1;
	va_start(ap, state);
	while ((card = va_arg(ap, const char *)) != NULL) {
		name = va_arg(ap, const char *);
		fixture_add_member(*state, card, name);
	}
	va_end(ap);
	return 0;
}

void
fixture_add_member(struct fixture *f, const char *card, const char *name)
{
	struct member_new m = { card, name, NULL, NULL, NULL };
	struct jf_error err;

	if (member_add(&f->lg, &m, &err) != JF_OK)
		fail_msg("adding member %s: %s", card, err.message);
}

int64_t
fixture_grant(struct fixture *f, const char *card, int64_t points, enum point_kind kind)
{
	struct grant_request g = { card, points, kind, "test grant", NULL };
	struct ledger_result res;
	struct jf_error err;

	if (ledger_grant(&f->lg, &g, &res, &err) != JF_OK)
		fail_msg("granting %lld to %s: %s", (long long)points, card, err.message);
	assert_int_equal(res.points, points);
	assert_true(res.entry_id > 0);
	return res.entry_id;
}

int64_t
fixture_spend(struct fixture *f, const char *card, int64_t points, enum point_kind kind)
{
	static int serial;
	struct hold_request h = { card, kind, points, NULL, "test spend", 0 };
	struct ledger_result res;
	struct jf_error err;
	char key[40];
	int64_t id = 0;

	snprintf(key, sizeof key, "spend-%d", ++serial);
	h.key = key;
	if (ledger_hold(&f->lg, &h, &id, NULL, &err) != JF_OK)
		fail_msg("holding %lld of %s: %s", (long long)points, card, err.message);
	if (ledger_hold_post(&f->lg, id, &res, &err) != JF_OK)
		fail_msg("posting hold %lld: %s", (long long)id, err.message);
	assert_int_equal(res.points, points);
	return res.entry_id;
}

static void
balance_of(struct fixture *f, const char *card, struct balance *b)
{
	struct jf_error err;

	if (ledger_balance(&f->lg, card, b, &err) != JF_OK)
		fail_msg("balance of %s: %s", card, err.message);
}

int64_t
fixture_total(struct fixture *f, const char *card, enum point_kind kind)
{
	struct balance b;

	balance_of(f, card, &b);
	balance_done(&b);
	return b.total[kind];
}

int64_t
fixture_available(struct fixture *f, const char *card, enum point_kind kind)
{
	struct balance b;

	balance_of(f, card, &b);
	balance_done(&b);
	return b.available[kind];
}

int64_t
fixture_overdue(struct fixture *f, const char *card, enum point_kind kind)
{
	struct balance b;

	balance_of(f, card, &b);
	balance_done(&b);
	assert_int_equal(b.held[kind] + b.pending[kind] + b.available[kind] + b.overdue[kind],
			 b.total[kind]);
	return b.overdue[kind];
}

int64_t
fixture_held(struct fixture *f, const char *card, enum point_kind kind)
{
	struct balance b;

	balance_of(f, card, &b);
	balance_done(&b);
	return b.held[kind];
}

int64_t
fixture_entries(struct fixture *f)
{
	struct ledger_summary s;
	struct jf_error err;

	if (ledger_summary(&f->lg, &s, &err) != JF_OK)
		fail_msg("summary: %s", err.message);
	return s.entries;
}

void
fixture_verify_ok(struct fixture *f)
{
	struct verify_report r;
	struct jf_error err;
	enum jf_status st;

	jf_error_clear(&err);
	st = verify_ledger(&f->lg, &r, &err);
	if (st != JF_OK)
		fail_msg("verify: %s (%s; first bad entry %lld)", jf_status_name(st), r.problem,
			 (long long)r.first_bad_entry);
	assert_string_equal(r.problem, "");
}

/* Open path read-only and step sql to its first row; the caller finalizes and closes. */
static sqlite3_stmt *
first_row(const char *path, const char *sql, sqlite3 **db)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		fail_msg("opening %s read-only: %s", path, sqlite3_errstr(rc));
	if (sqlite3_prepare_v2(*db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("preparing '%s': %s", sql, sqlite3_errmsg(*db));
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		fail_msg("'%s' returned no row (%s)", sql, sqlite3_errstr(rc));
	return st;
}

/* The first row of sql on the PostgreSQL ledger at url; caller PQclear()s. */
static PGresult *
pg_first_row(const char *url, const char *sql)
{
	PGresult *res = NULL;
	const char *why = pg_run(url, sql, &res);

	if (why != NULL)
		fail_msg("running '%s': %s", sql, why);
	if (PQntuples(res) < 1) {
		PQclear(res);
		fail_msg("'%s' returned no row", sql);
	}
	return res;
}

int64_t
fixture_sql_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	int64_t v;

	if (fixture_on_pg(path)) {
		PGresult *res = pg_first_row(path, sql);
		const char *t = PQgetvalue(res, 0, 0);

		v = PQftype(res, 0) == 16 ? *t == 't' : strtoll(t, NULL, 10);
		PQclear(res);
		return v;
	}
	st = first_row(path, sql, &db);
	v = sqlite3_column_int64(st, 0);

	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

void
fixture_sql_text(const char *path, const char *sql, char *out, size_t out_size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	const unsigned char *t;

	if (fixture_on_pg(path)) {
		PGresult *res = pg_first_row(path, sql);

		snprintf(out, out_size, "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
		return;
	}
	st = first_row(path, sql, &db);
	t = sqlite3_column_text(st, 0);

	snprintf(out, out_size, "%s", t ? (const char *)t : "");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void
exec_with(const char *path, int flags, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	const char *why;
	int rc;

	if (fixture_on_pg(path)) {
		if ((why = pg_run(path, sql, NULL)) != NULL)
			fail_msg("running '%s': %s", sql, why);
		return;
	}
	rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK)
		fail_msg("opening %s: %s", path, sqlite3_errstr(rc));
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("running '%s': %s", sql, msg ? msg : "?");
	sqlite3_close(db);
}

void
fixture_sql_exec(const char *path, const char *sql)
{
	exec_with(path, SQLITE_OPEN_READWRITE, sql);
}

void
fixture_sqlite_ledger(struct fixture *f, char *out, size_t out_size)
{
	struct settings cfg = f->cfg;
	struct jf_error err;
	struct ledger lg;

	if (!fixture_on_pg(f->path)) {
		snprintf(out, out_size, "%s", f->path);
		return;
	}
	if ((size_t)snprintf(out, out_size, "%s/sqlite.db", f->dir) >= out_size)
		fail_msg("the temporary directory's name is too long");
	if (access(out, F_OK) == 0)
		return;
	cfg.voucher_key_file[0] = '\0'; /* its own key, beside the file */
	if (ledger_create(&lg, out, &cfg, &err) != JF_OK)
		fail_msg("creating %s: %s", out, err.message);
	ledger_close(&lg);
}

void
fixture_sql_create(const char *path, const char *sql)
{
	exec_with(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, sql);
}

void
fixture_copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	size_t n;

	if (in == NULL || out == NULL)
		fail_msg("copying %s to %s: %s", from, to, strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	assert_int_equal(ferror(in), 0);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

void
fixture_drop_guard(const char *path, const char *trigger, const char *table)
{
	char sql[256];

	if (fixture_on_pg(path)) {
		snprintf(sql, sizeof sql, "DROP TRIGGER %s ON %s", trigger, table);
	} else {
		/* SQLite's DROP TRIGGER names no table: make sure it is table's. */
		snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
					  "AND name = '%s' AND tbl_name = '%s'", trigger, table);
		if (fixture_sql_int(path, sql) != 1)
			fail_msg("no trigger %s on %s", trigger, table);
		snprintf(sql, sizeof sql, "DROP TRIGGER %s", trigger);
	}
	fixture_sql_exec(path, sql);
}

void
fixture_guard_sql(const char *path, const char *trigger, const char *table, char *out,
		  size_t out_size)
{
	char sql[256];

	if (fixture_on_pg(path))
		snprintf(sql, sizeof sql, "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
					  "WHERE tgrelid = '%s'::regclass AND tgname = '%s'", table, trigger);
	else
		snprintf(sql, sizeof sql, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' "
					  "AND name = '%s' AND tbl_name = '%s'", trigger, table);
	fixture_sql_text(path, sql, out, out_size);
	if (strlen(out) + 1 >= out_size)
		fail_msg("trigger %s is longer than %zu bytes", trigger, out_size);
}

int
fixture_has_index(const char *path, const char *index)
{
	char sql[256];

	if (fixture_on_pg(path))
		snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_indexes "
					  "WHERE schemaname = current_schema() AND indexname = '%s'", index);
	else
		snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_schema "
					  "WHERE type = 'index' AND name = '%s'", index);
	return fixture_sql_int(path, sql) > 0;
}

int
fixture_has_column(const char *path, const char *table, const char *column)
{
	char sql[256];

	if (fixture_on_pg(path))
		snprintf(sql, sizeof sql, "SELECT count(*) FROM information_schema.columns "
					  "WHERE table_schema = current_schema() AND table_name = '%s' "
					  "AND column_name = '%s'", table, column);
	else
		snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_table_info('%s') "
					  "WHERE name = '%s'", table, column);
	return fixture_sql_int(path, sql) > 0;
}

void
fixture_copy_begin(struct fixture *f, const char *name, struct fixture_copy *c)
{
	struct jf_error err;

	memset(c, 0, sizeof *c);
	c->f = f;
	if (fixture_on_pg(f->path)) {
		/* The outermost transaction: nothing of it may have begun before. */
		assert_false(db_in_transaction(f->lg.db));
		if (db_begin_write(f->lg.db, &err) != JF_OK)
			fail_msg("beginning the change of the ledger: %s", err.message);
		return;
	}
	snprintf(c->path, sizeof c->path, "%s/%s.db", f->dir, name);
	ledger_close(&f->lg);
	fixture_copy_file(f->path, c->path);
	fixture_reopen(f);
}

void
fixture_copy_exec(struct fixture_copy *c, const char *sql)
{
	struct jf_error err;

	if (!fixture_on_pg(c->f->path)) {
		fixture_sql_exec(c->path, sql);
		return;
	}
	jf_error_clear(&err);
	if (db_exec(c->f->lg.db, sql, &err) != JF_OK)
		fail_msg("running '%s': %s", sql, err.message);
}

void
fixture_copy_drop_guard(struct fixture_copy *c, const char *trigger, const char *table)
{
	char sql[256];

	if (!fixture_on_pg(c->f->path)) {
		fixture_drop_guard(c->path, trigger, table);
		return;
	}
	snprintf(sql, sizeof sql, "DROP TRIGGER %s ON %s", trigger, table);
	fixture_copy_exec(c, sql);
}

struct ledger *
fixture_copy_ledger(struct fixture_copy *c)
{
	struct jf_error err;

	if (fixture_on_pg(c->f->path))
		return &c->f->lg;
	if (!c->opened) {
		if (ledger_open(&c->lg, c->path, &c->f->cfg, &err) != JF_OK)
			fail_msg("opening the tampered copy: %s", err.message);
		c->opened = 1;
	}
	return &c->lg;
}

void
fixture_copy_end(struct fixture_copy *c)
{
	if (fixture_on_pg(c->f->path)) {
		db_rollback(c->f->lg.db);
		/* Every transaction begun inside ended: the change is undone. */
		assert_false(db_in_transaction(c->f->lg.db));
		return;
	}
	if (c->opened)
		ledger_close(&c->lg);
	c->opened = 0;
}
