/*
 * fixture: what the unit tests of core share. A fresh ledger in its own
 * temporary directory, default settings, the clock fixed at FIXTURE_START,
 * and small helpers that assert as they go (cmocka), so a scenario reads as
 * a list of steps. Tests may look at the ledger through a separate
 * read-only connection (fixture_sql_int) and may tamper with it or with a
 * copy of it (fixture_sql_exec, fixture_copy_begin), as an attacker with
 * the file or the database would.
 *
 * Never touches a user's ledger: everything lives under $TMPDIR.
 */
#ifndef JIFEN_TEST_FIXTURE_H
#define JIFEN_TEST_FIXTURE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger.h"
#include "settings.h"

/* 2026-03-01 10:00 in the store's zone (Asia/Shanghai). */
#define FIXTURE_START "2026-03-01T10:00:00+08:00"

/*
 * With JIFEN_TEST_PG set to a PostgreSQL database's libpq URL (tests/pg
 * starts a server and sets it), each fixture's ledger is on that server
 * instead of a file: a database of its own, a copy of a ledger that
 * ledger_create() made once for the process (or, where the role may not
 * create databases, a schema of its own made by ledger_create()). path is
 * then the URL that selects it, and the fixture_sql_* helpers speak to it.
 */
struct fixture {
	char dir[PATH_MAX - 64];
	char path[PATH_MAX]; /* the ledger file, or its postgresql:// URL */
	char database[64];   /* on PostgreSQL: the ledger's database, dropped at teardown */
	char schema[64];     /* or its schema, dropped at teardown */
	struct settings cfg; /* lg.cfg points here: tests may change it at any time */
	struct ledger lg;
};

/* cmocka group set-up and tear-down: *state becomes a struct fixture. */
int fixture_setup(void **state);
int fixture_teardown(void **state);

/* Is the ledger at path on PostgreSQL (the run is against JIFEN_TEST_PG)? */
int fixture_on_pg(const char *path);

/* Pin TZ and the clock; the drivers without a ledger call only this. */
void fixture_pin_environment(void);

/* Set the clock to an ISO 8601 time; asserts it parses. */
void fixture_at(const char *iso);
/* Move the clock by seconds. */
void fixture_advance(int64_t seconds);

void fixture_reopen(struct fixture *f);
/* Two stores of a chain on the fixture's one ledger: f's own becomes store
 * S001's terminal K1 (reopened, so its write scope is the store's), and
 * *lg2 a second connection, store S002's terminal K2 acting as "tester2",
 * under *cfg2, a copy of f's config made here (it must outlive *lg2).
 * 0, or -1 with why on stderr. */
int fixture_two_stores(struct fixture *f, struct settings *cfg2, struct ledger *lg2);
/* Act as the shell user "tester" (every write needs an actor). */
void fixture_act(struct fixture *f);

/* fixture_setup(), then the members named by pairs of card and name, ended
 * by NULL: fixture_setup_with(state, "10000001", "Ann", NULL). */
int fixture_setup_with(void **state, ...);
/* Add a member without PIN; asserts success. */
void fixture_add_member(struct fixture *f, const char *card, const char *name);
/* Grant points of a kind under a fresh key; returns the entry id. */
int64_t fixture_grant(struct fixture *f, const char *card, int64_t points, enum point_kind kind);
/* Hold and post points at once (a redemption); returns the redeem entry id. */
int64_t fixture_spend(struct fixture *f, const char *card, int64_t points, enum point_kind kind);

/* A member's balance figures of one kind. */
int64_t fixture_total(struct fixture *f, const char *card, enum point_kind kind);
int64_t fixture_available(struct fixture *f, const char *card, enum point_kind kind);
int64_t fixture_held(struct fixture *f, const char *card, enum point_kind kind);
/* Past its date, not held: balance.overdue; checks the four parts add up. */
int64_t fixture_overdue(struct fixture *f, const char *card, enum point_kind kind);

/* Rows in the entry table, per ledger_summary. */
int64_t fixture_entries(struct fixture *f);

/* Assert verify_ledger passes, printing its problem if not. */
void fixture_verify_ok(struct fixture *f);

/* One integer from a query on a separate read-only connection to path. */
int64_t fixture_sql_int(const char *path, const char *sql);
/* One text value from such a query into out; "" for NULL. */
void fixture_sql_text(const char *path, const char *sql, char *out, size_t out_size);
/* Run SQL on a separate read-write connection to path (tampering); asserts success. */
void fixture_sql_exec(const char *path, const char *sql);

/* The path of a SQLite ledger made as f's was: f's own, or on PostgreSQL a
 * new file in f->dir (for what only a file can show: file: locations,
 * SQLite's own schema text). */
void fixture_sqlite_ledger(struct fixture *f, char *out, size_t out_size);

/* Create a database at path that is not a ledger, and run SQL in it. */
void fixture_sql_create(const char *path, const char *sql);

/* Copy a closed ledger file; asserts success. */
void fixture_copy_file(const char *from, const char *to);

/*
 * What tampering tests need that each backend says its own way. A guard is
 * one of the triggers schema.c installs: SQLite names a trigger alone,
 * PostgreSQL with its table.
 */
/* Drop trigger of table in the ledger at path; asserts it was there. */
void fixture_drop_guard(const char *path, const char *trigger, const char *table);
/* The statement that creates trigger of table as it stands now (to put it
 * back exactly as it was after a change); asserts it exists. */
void fixture_guard_sql(const char *path, const char *trigger, const char *table, char *out,
		       size_t out_size);
/* Does the ledger at path have an index of this name (its own, not the
 * one a UNIQUE makes)? A column of this name in table? */
int fixture_has_index(const char *path, const char *index);
int fixture_has_column(const char *path, const char *table, const char *column);

/*
 * A ledger to tamper with that stands for f's as it is now, while f's own
 * stays as it was (verify must catch the change, and the next change of the
 * same test starts from the untouched ledger again):
 *
 * - on SQLite a copy of the file, NAME.db in f->dir (f's ledger is closed
 *   for the copy and opened again), changed through connections of its own
 *   and opened as a ledger by fixture_copy_ledger();
 * - on PostgreSQL, where a database cannot be copied cheaply (a ledger is a
 *   schema; CREATE DATABASE ... TEMPLATE takes a second and no other
 *   session), f's own ledger inside a transaction that fixture_copy_end()
 *   rolls back: its DDL too is transactional, so the dropped triggers, the
 *   changed rows and all are undone. Changes and verify then run on f's
 *   connection, which sees them before any commit.
 *
 * Tamper with fixture_copy_exec() and fixture_copy_drop_guard(), then
 * verify fixture_copy_ledger(), then fixture_copy_end().
 */
struct fixture_copy {
	struct fixture *f;
	char path[PATH_MAX + 32]; /* the copy's location (SQLite) */
	struct ledger lg;         /* the copy as a ledger, once opened (SQLite) */
	int opened;
};
void fixture_copy_begin(struct fixture *f, const char *name, struct fixture_copy *c);
/* Run sql on the copy; asserts success. */
void fixture_copy_exec(struct fixture_copy *c, const char *sql);
void fixture_copy_drop_guard(struct fixture_copy *c, const char *trigger, const char *table);
/* The copy as a ledger, to verify (and, for a careful attacker, to write
 * through its db after the guards are gone). */
struct ledger *fixture_copy_ledger(struct fixture_copy *c);
void fixture_copy_end(struct fixture_copy *c);

#endif
