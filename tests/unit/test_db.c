/*
 * test_db: the storage port itself. A ledger is opened from a location:
 * a file path or file: URI opens SQLite, a PostgreSQL URI is refused in a
 * line that does not repeat it (it may hold a password), and nothing else
 * is guessed at. Statements belong to their call site, per open ledger; a
 * statement fetched again while a loop is still reading it fails loudly
 * instead of cutting the loop short.
 *
 * On PostgreSQL (JIFEN_TEST_PG) a statement run a second time on a
 * connection is prepared there: it must give what it gave unprepared when
 * the connection is made again, when the schema changes under it (on its
 * own connection or another's) and when a parameter is bound as another
 * type than it was prepared with.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
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

/* A server that is not there is busy (try again), said without the
 * location's password. */
static void
test_open_unreachable_postgresql(void **state)
{
	struct db *db = (struct db *)1;
	struct jf_error err;

	jf_error_clear(&err);
	assert_int_equal(db_open("postgresql://kiosk:secret@127.0.0.1:1/jifen", DB_OPEN_EXISTING,
				 100, &db, &err), JF_BUSY);
	assert_null(db);
	/* Out of reach, not held by others: the counter goes offline on it. */
	assert_int_equal(err.reason, JF_R_NONE);
	assert_non_null(strstr(err.message, "cannot reach the ledger postgresql://kiosk@127.0.0.1:1/jifen"));
	assert_null(strstr(err.message, "secret"));
	assert_int_equal(db_open("postgresql:///jifen?host=/nonexistent&password=secret",
				 DB_OPEN_EXISTING, 100, &db, &err), JF_BUSY);
	assert_null(strstr(err.message, "secret"));
	assert_non_null(strstr(err.message, "postgresql:///jifen?host=/nonexistent"));
	assert_int_equal(db_open("sftp://host/ledger.db", DB_OPEN_CREATE, 100, &db, &err), JF_USAGE);
	assert_null(db);
}

/* A file: location opens the file, and the port tells both apart. */
static void
test_open_file_uri(void **state)
{
	struct fixture *f = *state;
	char location[PATH_MAX + 8], path[PATH_MAX];
	struct jf_error err;
	struct db *db = NULL;
	int exists = 0;

	/* file: names a SQLite file whatever the run's backend. */
	fixture_sqlite_ledger(f, path, sizeof path);
	snprintf(location, sizeof location, "file:%s", path);
	assert_int_equal(db_open(location, DB_OPEN_EXISTING, 100, &db, &err), JF_OK);
	assert_string_equal(db_location(db), location);
	assert_string_equal(db_path(db), path);
	assert_int_equal(db_table_exists(db, "member", &exists, &err), JF_OK);
	assert_true(exists);
	assert_int_equal(db_table_exists(db, "no_such_table", &exists, &err), JF_OK);
	assert_false(exists);
	db_close(db);
}

/* One call site, fetched from wherever this is called. */
static struct db_stmt *
members_by_card(struct db *db)
{
	return db_stmt(db, "SELECT card FROM member ORDER BY card");
}

static int
count_members(struct db *db)
{
	struct db_stmt *s = members_by_card(db);
	struct jf_error err;
	int n = 0;

	while (db_step(s, &err) == DB_ROW)
		n++;
	db_reset(s);
	return n;
}

static void
test_loop_reads_every_row(void **state)
{
	struct fixture *f = *state;

	fixture_add_member(f, "10000001", "Ann");
	fixture_add_member(f, "10000002", "Bob");
	fixture_add_member(f, "10000003", "Cai");
	assert_int_equal(count_members(f->lg.db), 3);
	/* The same site again, after the loop was reset: a fresh run. */
	assert_int_equal(count_members(f->lg.db), 3);
}

static void
test_nested_fetch_fails(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *outer, *inner;
	struct jf_error err;

	fixture_add_member(f, "10000001", "Ann");
	fixture_add_member(f, "10000002", "Bob");
	outer = members_by_card(f->lg.db);
	assert_int_equal(db_step(outer, &err), DB_ROW);
	assert_string_equal(db_col_text(outer, 0), "10000001");
	/* Fetched again while the loop above still reads it. */
	inner = members_by_card(f->lg.db);
	jf_error_clear(&err);
	assert_int_equal(db_step(inner, &err), DB_ERROR);
	assert_int_equal(err.status, JF_ERR);
	assert_non_null(strstr(err.message, "still stepping"));
	assert_non_null(strstr(err.message, "test_db.c:"));
	db_reset(inner);
	/* The outer loop fails too, rather than go on from a restarted query. */
	jf_error_clear(&err);
	assert_int_equal(db_step(outer, &err), DB_ERROR);
	assert_non_null(strstr(err.message, "still stepping"));
	db_reset(outer);
	/* Once nobody reads it, the site works again. */
	assert_int_equal(count_members(f->lg.db), 2);
}

/* A transaction's end resets every statement; a loop still reading one
 * fails on its next step instead of reading from the start again. */
static void
test_commit_stops_a_stepping_loop(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *s;
	struct jf_error err;

	fixture_add_member(f, "10000001", "Ann");
	fixture_add_member(f, "10000002", "Bob");
	assert_int_equal(db_begin_read(f->lg.db, &err), JF_OK);
	s = members_by_card(f->lg.db);
	assert_int_equal(db_step(s, &err), DB_ROW);
	assert_int_equal(db_commit(f->lg.db, &err), JF_OK);
	assert_int_equal(db_step(s, &err), DB_ERROR);
	assert_non_null(strstr(err.message, "transaction ended"));
	assert_int_equal(count_members(f->lg.db), 2);
}

/*
 * The write lock is given back at the end of every write, committed or
 * rolled back (on PostgreSQL the unlock goes in the same round trip as
 * COMMIT): another connection's write then begins at once. While one is
 * held, another connection waits its busy timeout and is told busy, with
 * no transaction left open, and can write once the lock is free.
 */
static void
test_write_lock_given_back(void **state)
{
	struct fixture *f = *state;
	struct db *other = NULL;
	struct jf_error err;

	assert_int_equal(db_open(f->path, DB_OPEN_EXISTING, 200, &other, &err), JF_OK);
	assert_int_equal(db_begin_write(f->lg.db, &err), JF_OK);
	assert_int_equal(db_commit(f->lg.db, &err), JF_OK);
	assert_int_equal(db_begin_write(other, &err), JF_OK);
	db_rollback(other);
	assert_int_equal(db_begin_write(f->lg.db, &err), JF_OK);
	assert_int_equal(db_begin_write(other, &err), JF_BUSY);
	assert_false(db_in_transaction(other));
	db_rollback(f->lg.db);
	assert_int_equal(db_begin_write(other, &err), JF_OK);
	assert_int_equal(count_members(other), 0);
	assert_int_equal(db_commit(other, &err), JF_OK);
	assert_int_equal(db_begin_write(f->lg.db, &err), JF_OK);
	assert_int_equal(db_commit(f->lg.db, &err), JF_OK);
	db_close(other);
}

/* What was read in a transaction may be kept for the rest of it and no
 * longer (entry.c keeps its store's tip): each outermost transaction has
 * a serial of its own, the same at every level of it, 0 outside. */
static void
test_transaction_serial(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	uint64_t first;

	assert_int_equal(db_transaction_serial(f->lg.db), 0);
	assert_int_equal(db_begin_write(f->lg.db, &err), JF_OK);
	first = db_transaction_serial(f->lg.db);
	assert_true(first != 0);
	assert_int_equal(db_begin_write(f->lg.db, &err), JF_OK);
	assert_true(db_transaction_serial(f->lg.db) == first);
	assert_int_equal(db_commit(f->lg.db, &err), JF_OK);
	assert_true(db_transaction_serial(f->lg.db) == first);
	assert_int_equal(db_commit(f->lg.db, &err), JF_OK);
	assert_int_equal(db_transaction_serial(f->lg.db), 0);
	assert_int_equal(db_begin_read(f->lg.db, &err), JF_OK);
	assert_true(db_transaction_serial(f->lg.db) != first);
	assert_true(db_transaction_serial(f->lg.db) != 0);
	assert_int_equal(db_commit(f->lg.db, &err), JF_OK);
}

/* Two ledgers open in one process: the same site has a statement on each. */
static void
test_two_ledgers_own_statements(void **state)
{
	struct fixture *f = *state, *g = NULL;
	struct db_stmt *a, *b;
	struct jf_error err;
	int rows = 0;

	assert_int_equal(fixture_setup((void **)&g), 0);
	fixture_add_member(f, "10000001", "Ann");
	fixture_add_member(f, "10000002", "Bob");
	fixture_add_member(g, "20000001", "Dai");
	a = members_by_card(f->lg.db);
	while (db_step(a, &err) == DB_ROW) {
		/* Reading the other ledger from the same site leaves this loop alone. */
		b = members_by_card(g->lg.db);
		assert_ptr_not_equal(a, b);
		assert_int_equal(db_step(b, &err), DB_ROW);
		assert_string_equal(db_col_text(b, 0), "20000001");
		assert_int_equal(db_step(b, &err), DB_DONE);
		db_reset(b);
		rows++;
	}
	db_reset(a);
	assert_int_equal(rows, 2);
	assert_int_equal(count_members(g->lg.db), 1);
	fixture_teardown((void **)&g);
}

/* Whole tables (migrate): read with each column's name and value's type,
 * counted, inserted by position; only tables the database lists. */
static void
test_table_read_count_insert(void **state)
{
	struct fixture *f = *state;
	const char *const cols[] = { "key", "value" };
	struct db_stmt *rd, *ins;
	struct jf_error err;
	int64_t before, after;
	int rows = 0;

	assert_int_equal(db_table_count(f->lg.db, "account", &before, &err), JF_OK);
	assert_true(before > 0);
	assert_int_equal(db_table_read(f->lg.db, "account", &rd, &err), JF_OK);
	while (db_step(rd, &err) == DB_ROW) {
		assert_true(db_col_count(rd) >= 6);
		assert_string_equal(db_col_name(rd, 0), "id");
		assert_string_equal(db_col_name(rd, 1), "name");
		assert_int_equal(db_col_type(rd, 0), DB_INT);
		assert_int_equal(db_col_type(rd, 1), DB_TEXT);
		assert_string_equal(db_col_name(rd, 3), "member_id");
		assert_int_equal(db_col_type(rd, 3), DB_NULL); /* system accounts */
		assert_int_equal(db_col_int(rd, 0), ++rows); /* by the first column */
	}
	db_table_free(rd);
	assert_int_equal(rows, before);

	assert_int_equal(db_table_count(f->lg.db, "meta", &before, &err), JF_OK);
	assert_int_equal(db_table_insert(f->lg.db, "meta", cols, 2, &ins, &err), JF_OK);
	db_bind_at_text(ins, 1, "test \"quoted\" key");
	db_bind_at_text(ins, 2, "v");
	assert_int_equal(db_run(ins, &err), JF_OK);
	/* A position past the columns is an error, not a crash. */
	db_bind_at_text(ins, 3, "x");
	assert_int_equal(db_run(ins, &err), JF_ERR);
	assert_non_null(strstr(err.message, "column 3"));
	db_table_free(ins);
	assert_int_equal(db_table_count(f->lg.db, "meta", &after, &err), JF_OK);
	assert_int_equal(after, before + 1);

	/* Names come from the database's own list; others are refused. */
	assert_int_equal(db_table_read(f->lg.db, "no_such_table", &rd, &err), JF_ERR);
	assert_null(rd);
	assert_int_equal(db_table_count(f->lg.db, "meta\"; DROP TABLE meta; --", &after, &err),
			 JF_ERR);
	assert_int_equal(db_table_ids_follow(f->lg.db, "no_such_table", &err), JF_ERR);
}

/* After rows come with their ids, the next id the database gives follows them. */
static void
test_table_ids_follow(void **state)
{
	struct fixture *f = *state;
	const char *const cols[] = { "id", "name", "owner_id", "created_at" };
	struct db_stmt *ins, *s;
	struct jf_error err;
	int64_t id = 0;

	assert_int_equal(db_table_insert(f->lg.db, "family", cols, 4, &ins, &err), JF_OK);
	db_bind_at_int(ins, 1, 41);
	db_bind_at_text(ins, 2, "Copied");
	db_bind_at_int(ins, 3, 1);
	db_bind_at_int(ins, 4, 1000);
	assert_int_equal(db_run(ins, &err), JF_OK);
	db_table_free(ins);
	assert_int_equal(db_table_ids_follow(f->lg.db, "family", &err), JF_OK);
	s = db_stmt(f->lg.db, "INSERT INTO family(name, owner_id, created_at) "
			      "VALUES ('Next', 1, 1000) RETURNING id");
	assert_int_equal(db_one_int(s, &id, &err), JF_OK);
	assert_int_equal(id, 42);
}

/* --- Prepared statements (PostgreSQL) --- */

static void
skip_on_sqlite(const struct fixture *f)
{
	if (!fixture_on_pg(f->path))
		skip(); /* SQLite prepares every statement, and reprepares it itself */
}

/* How many statements the ledger's connection has prepared whose text
 * holds what (the name of a table only the test's own sites read). */
static int64_t
prepared_reading(struct db *db, const char *what)
{
	struct db_stmt *s = db_stmt(db, "SELECT count(*) FROM pg_prepared_statements "
				    "WHERE strpos(statement, :what) > 0");
	struct jf_error err;
	int64_t n = -1;

	db_bind_text(s, ":what", what);
	assert_int_equal(db_one_int(s, &n, &err), JF_OK);
	return n;
}

/* The test's own table, made from outside jifen: a probe of one row. */
static void
make_probe(struct fixture *f)
{
	fixture_sql_exec(f->path, "CREATE TABLE probe(a INTEGER NOT NULL); "
			 "INSERT INTO probe(a) VALUES (1)");
}

/* A run of the one site reading every column of probe: DB_ERROR, or its
 * columns (those of the row, which are 1 and then 7s). */
static int
probe_columns(struct db *db, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT * FROM probe");
	int cols = 0;

	jf_error_clear(err);
	if (db_step(s, err) != DB_ROW)
		return DB_ERROR;
	while (db_col_int(s, cols) == (cols == 0 ? 1 : 7))
		cols++;
	db_reset(s);
	return cols;
}

/* Run once, a statement is not prepared; twice, it is, once. */
static void
test_pg_prepares_on_the_second_run(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;

	skip_on_sqlite(f);
	make_probe(f);
	assert_int_equal(probe_columns(f->lg.db, &err), 1);
	assert_int_equal(prepared_reading(f->lg.db, "FROM probe"), 0);
	assert_int_equal(probe_columns(f->lg.db, &err), 1);
	assert_int_equal(prepared_reading(f->lg.db, "FROM probe"), 1);
	assert_int_equal(probe_columns(f->lg.db, &err), 1);
	assert_int_equal(prepared_reading(f->lg.db, "FROM probe"), 1);
}

/* The server ends the session: the statements it had prepared are gone,
 * and the connection made again prepares them anew. */
static void
test_pg_prepared_after_reconnect(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	int64_t pid = 0;
	char sql[96];

	skip_on_sqlite(f);
	fixture_add_member(f, "10000001", "Ann");
	assert_int_equal(count_members(f->lg.db), 1);
	assert_int_equal(count_members(f->lg.db), 1); /* prepared now */
	assert_int_equal(db_one_int(db_stmt(f->lg.db, "SELECT pg_backend_pid()"), &pid, &err),
			 JF_OK);
	snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld, 5000)", (long long)pid);
	fixture_sql_exec(f->path, sql);
	/* The first use finds the connection lost (a terminal says so and
	 * goes on); the next makes it again. */
	jf_error_clear(&err);
	assert_int_equal(db_step(members_by_card(f->lg.db), &err), DB_ERROR);
	assert_int_equal(err.status, JF_BUSY);
	db_reset(members_by_card(f->lg.db));
	fixture_add_member(f, "10000002", "Bob");
	assert_int_equal(count_members(f->lg.db), 2);
	assert_int_equal(prepared_reading(f->lg.db, "ORDER BY card"), 0);
	assert_int_equal(count_members(f->lg.db), 2);
	assert_int_equal(prepared_reading(f->lg.db, "ORDER BY card"), 1);
}

/*
 * Another connection adds a column to a table a prepared statement reads
 * (as a newer jifen migrating the ledger would): outside a transaction
 * the statement is prepared again and gives every column; inside one the
 * transaction has failed and is to be run again (JF_RETRY), which then
 * works.
 */
static void
test_pg_schema_changed_by_another(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;

	skip_on_sqlite(f);
	make_probe(f);
	assert_int_equal(probe_columns(f->lg.db, &err), 1);
	assert_int_equal(probe_columns(f->lg.db, &err), 1);
	fixture_sql_exec(f->path, "ALTER TABLE probe ADD COLUMN b INTEGER DEFAULT 7");
	assert_int_equal(probe_columns(f->lg.db, &err), 2);
	assert_int_equal(probe_columns(f->lg.db, &err), 2); /* prepared again */
	fixture_sql_exec(f->path, "ALTER TABLE probe ADD COLUMN c INTEGER DEFAULT 7");
	assert_int_equal(db_begin_read(f->lg.db, &err), JF_OK);
	assert_int_equal(probe_columns(f->lg.db, &err), DB_ERROR);
	assert_int_equal(err.status, JF_RETRY);
	/* The rest of that transaction fails as it did. */
	jf_error_clear(&err);
	assert_int_equal(db_step(members_by_card(f->lg.db), &err), DB_ERROR);
	assert_int_equal(err.status, JF_RETRY);
	db_rollback(f->lg.db);
	assert_int_equal(db_begin_read(f->lg.db, &err), JF_OK);
	assert_int_equal(probe_columns(f->lg.db, &err), 3);
	assert_int_equal(db_commit(f->lg.db, &err), JF_OK);
}

/* A schema change through db_exec() (a migration) inside a transaction:
 * what was prepared before is prepared again, and the transaction goes on. */
static void
test_pg_schema_changed_by_db_exec(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;

	skip_on_sqlite(f);
	make_probe(f);
	assert_int_equal(probe_columns(f->lg.db, &err), 1);
	assert_int_equal(probe_columns(f->lg.db, &err), 1);
	assert_int_equal(db_begin_write(f->lg.db, &err), JF_OK);
	assert_int_equal(db_exec(f->lg.db, "ALTER TABLE probe ADD COLUMN b INTEGER DEFAULT 7", &err),
			 JF_OK);
	assert_int_equal(probe_columns(f->lg.db, &err), 2);
	assert_int_equal(db_commit(f->lg.db, &err), JF_OK);
	assert_int_equal(probe_columns(f->lg.db, &err), 2);
}

/* The value of one site that gives back its parameter as text. */
static const char *
echo_text(struct db *db, int as, const char *text)
{
	struct db_stmt *s = db_stmt(db, "SELECT CAST(:x AS TEXT)");
	static char out[64];
	struct jf_error err;

	if (as == 'i')
		db_bind_int(s, ":x", strtoll(text, NULL, 10));
	else if (as == 'b')
		db_bind_blob(s, ":x", text, strlen(text));
	else
		db_bind_text(s, ":x", text);
	if (db_step(s, &err) != DB_ROW)
		fail_msg("echo: %s", err.message);
	snprintf(out, sizeof out, "%s", db_col_is_null(s, 0) ? "NULL" : db_col_text(s, 0));
	db_reset(s);
	return out;
}

/* Prepared with int parameters, a statement given text, a blob or a NULL
 * reads each as what it is, as unprepared. */
static void
test_pg_prepared_binds_of_other_types(void **state)
{
	struct fixture *f = *state;

	skip_on_sqlite(f);
	assert_string_equal(echo_text(f->lg.db, 'i', "41"), "41");
	assert_string_equal(echo_text(f->lg.db, 'i', "42"), "42"); /* prepared as int8 */
	assert_string_equal(echo_text(f->lg.db, 't', "forty-two"), "forty-two");
	assert_string_equal(echo_text(f->lg.db, 't', NULL), "NULL");
	assert_string_equal(echo_text(f->lg.db, 'b', "AB"), "\\x4142");
	assert_string_equal(echo_text(f->lg.db, 'i', "43"), "43");
}

/* A prepared statement that fails inside a write transaction fails it as
 * an unprepared one does: later statements fail, and so does the commit,
 * and nothing of it is kept. */
static void
test_pg_prepared_failure_fails_the_transaction(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *s;
	struct jf_error err;

	skip_on_sqlite(f);
	make_probe(f);
	fixture_sql_exec(f->path, "CREATE UNIQUE INDEX probe_a ON probe(a)");
	for (int a = 2; a <= 3; a++) {
		s = db_stmt(f->lg.db, "INSERT INTO probe(a) VALUES (:a)");
		db_bind_int(s, ":a", a);
		assert_int_equal(db_run(s, &err), JF_OK);
	}
	assert_int_equal(db_begin_write(f->lg.db, &err), JF_OK);
	s = db_stmt(f->lg.db, "INSERT INTO probe(a) VALUES (:a)");
	db_bind_int(s, ":a", 4);
	assert_int_equal(db_run(s, &err), JF_OK);
	/* A key inserted by another store meanwhile looks the same: in a
	 * write it is a transaction to run again (db_pg.c pg_status()). */
	s = db_stmt(f->lg.db, "INSERT INTO probe(a) VALUES (:a)");
	db_bind_int(s, ":a", 1);
	assert_int_equal(db_run(s, &err), JF_RETRY);
	assert_non_null(strstr(err.message, "duplicate key"));
	assert_int_equal(db_step(members_by_card(f->lg.db), &err), DB_ERROR);
	assert_non_null(strstr(err.message, "failed at an earlier statement"));
	db_reset(members_by_card(f->lg.db));
	assert_int_equal(db_commit(f->lg.db, &err), JF_RETRY);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM probe"), 3);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_location_parse),
		cmocka_unit_test(test_open_unreachable_postgresql),
		T(test_open_file_uri),
		T(test_loop_reads_every_row),
		T(test_nested_fetch_fails),
		T(test_commit_stops_a_stepping_loop),
		T(test_write_lock_given_back),
		T(test_transaction_serial),
		T(test_two_ledgers_own_statements),
		T(test_table_read_count_insert),
		T(test_table_ids_follow),
		T(test_pg_prepares_on_the_second_run),
		T(test_pg_prepared_after_reconnect),
		T(test_pg_schema_changed_by_another),
		T(test_pg_schema_changed_by_db_exec),
		T(test_pg_prepared_binds_of_other_types),
		T(test_pg_prepared_failure_fails_the_transaction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
