/*
 * schema: table definitions and migrations. The CHECK constraints and
 * triggers repeat the ledger's invariants in the database itself, so that
 * even a bug in core cannot store a negative member balance or rewrite an
 * entry.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "schema.h"

static const char schema_v1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE family(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  owner_id INTEGER NOT NULL,\n"
	"  created_at INTEGER NOT NULL);\n"
	"CREATE TABLE member(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  card TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  birthday TEXT,\n"
	"  phone TEXT,\n"
	"  pin_hash TEXT,\n"
	"  pin_failures INTEGER NOT NULL DEFAULT 0,\n"
	"  locked_until INTEGER NOT NULL DEFAULT 0,\n"
	"  family_id INTEGER REFERENCES family(id),\n"
	"  created_at INTEGER NOT NULL);\n"
	/* Member accounts can never go negative nor hold more than they have. */
	"CREATE TABLE account(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),\n"
	"  member_id INTEGER REFERENCES member(id),\n"
	"  balance INTEGER NOT NULL DEFAULT 0,\n"
	"  held INTEGER NOT NULL DEFAULT 0,\n"
	"  CHECK (member_id IS NULL OR (balance >= 0 AND held >= 0 AND held <= balance)));\n"
	"CREATE UNIQUE INDEX account_member ON account(member_id, kind) WHERE member_id IS NOT NULL;\n"
	"CREATE TABLE entry(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  ts INTEGER NOT NULL,\n"
	"  type TEXT NOT NULL,\n"
	"  ref TEXT NOT NULL UNIQUE,\n"
	"  memo TEXT NOT NULL DEFAULT '',\n"
	"  reverses INTEGER REFERENCES entry(id),\n"
	"  prev_hash BLOB NOT NULL,\n"
	"  hash BLOB NOT NULL);\n"
	"CREATE TABLE line(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id),\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  amount INTEGER NOT NULL CHECK (amount <> 0));\n"
	"CREATE INDEX line_entry ON line(entry_id);\n"
	"CREATE INDEX line_account ON line(account_id, entry_id);\n"
	"CREATE TABLE lot(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id),\n"
	"  amount INTEGER NOT NULL CHECK (amount > 0),\n"
	"  remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= amount),\n"
	"  expires_on TEXT NOT NULL,\n"
	"  available_on TEXT NOT NULL,\n"
	"  expired INTEGER NOT NULL DEFAULT 0 CHECK (expired >= 0),\n"
	"  expire_entry INTEGER REFERENCES entry(id));\n"
	"CREATE INDEX lot_account ON lot(account_id, expires_on, id) WHERE remaining > 0;\n"
	"CREATE INDEX lot_due ON lot(expires_on) WHERE remaining > 0;\n"
	"CREATE INDEX lot_entry ON lot(entry_id);\n"
	/* Which lots each debit consumed, so that a reversal restores exactly those. */
	"CREATE TABLE lot_use(\n"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id),\n"
	"  lot_id INTEGER NOT NULL REFERENCES lot(id),\n"
	"  amount INTEGER NOT NULL CHECK (amount > 0),\n"
	"  PRIMARY KEY (entry_id, lot_id)) WITHOUT ROWID;\n"
	"CREATE INDEX lot_use_lot ON lot_use(lot_id);\n"
	"CREATE TABLE hold(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  amount INTEGER NOT NULL CHECK (amount > 0),\n"
	"  state INTEGER NOT NULL CHECK (state IN (0, 1, 2)),\n"
	"  ref TEXT NOT NULL UNIQUE,\n"
	"  memo TEXT NOT NULL DEFAULT '',\n"
	"  created_at INTEGER NOT NULL,\n"
	"  expires_at INTEGER NOT NULL DEFAULT 0,\n"
	"  settled_at INTEGER,\n"
	"  entry_id INTEGER REFERENCES entry(id));\n"
	"CREATE INDEX hold_pending ON hold(account_id) WHERE state = 0;\n"
	/* The first result of every keyed write, for replays. */
	"CREATE TABLE idem(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  request BLOB NOT NULL,\n"
	"  entry_id INTEGER,\n"
	"  result INTEGER NOT NULL DEFAULT 0,\n"
	"  extra INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at INTEGER NOT NULL) WITHOUT ROWID;\n"
	/* Append-only: an entry or a line, once written, is never changed. */
	"CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry\n"
	"  BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;\n"
	"CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry\n"
	"  BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;\n"
	"CREATE TRIGGER line_no_update BEFORE UPDATE ON line\n"
	"  BEGIN SELECT RAISE(ABORT, 'ledger lines are append-only'); END;\n"
	"CREATE TRIGGER line_no_delete BEFORE DELETE ON line\n"
	"  BEGIN SELECT RAISE(ABORT, 'ledger lines are append-only'); END;\n";

/*
 * Forward migrations: migrations[v] takes a ledger from version v to v + 1.
 * Version 1 is the first released schema; later versions append a step here
 * and raise SCHEMA_VERSION, never edit a released step.
 */
static const char *const migrations[SCHEMA_VERSION] = {
	NULL, /* 0 -> 1: schema_create */
};

enum jf_status
schema_create(struct db *db, struct jf_error *err)
{
	enum jf_status st = db_exec(db, schema_v1, err);
	struct db_stmt *s;

	if (st != JF_OK)
		return st;
	s = db_stmt(db, "INSERT INTO meta(key, value) VALUES ('schema_version', :v)");
	db_bind_int(s, ":v", SCHEMA_VERSION);
	return db_run(s, err);
}

enum jf_status
schema_version(struct db *db, int64_t *version, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;
	int64_t n = 0;

	*version = 0;
	s = db_stmt(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meta'");
	st = db_one_int(s, &n, err);
	if (st != JF_OK || n == 0)
		return st;
	s = db_stmt(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'");
	st = db_one_int(s, version, err);
	return st == JF_NOTFOUND ? JF_OK : st;
}

static enum jf_status
check_known(struct db *db, int64_t version, struct jf_error *err)
{
	if (version == 0)
		return jf_fail(err, JF_INTEGRITY, "%s is not a jifen ledger", db_path(db));
	if (version > SCHEMA_VERSION)
		return jf_fail(err, JF_CONFLICT,
			       "the ledger has schema version %lld, newer than this jifen (%d): upgrade jifen",
			       (long long)version, SCHEMA_VERSION);
	return JF_OK;
}

enum jf_status
schema_upgrade(struct db *db, struct jf_error *err)
{
	int64_t version;
	enum jf_status st;
	struct db_stmt *s;

	/* The common case reads only, so opening never queues behind writers. */
	if ((st = schema_version(db, &version, err)) != JF_OK)
		return st;
	if ((st = check_known(db, version, err)) != JF_OK || version == SCHEMA_VERSION)
		return st;
	if ((st = db_begin_write(db, err)) != JF_OK)
		return st;
	/* Another process may have migrated it while we waited for the lock. */
	if ((st = schema_version(db, &version, err)) != JF_OK)
		goto fail;
	for (; version < SCHEMA_VERSION; version++) {
		if (migrations[version] && (st = db_exec(db, migrations[version], err)) != JF_OK)
			goto fail;
	}
	s = db_stmt(db, "UPDATE meta SET value = :v WHERE key = 'schema_version'");
	db_bind_int(s, ":v", SCHEMA_VERSION);
	if ((st = db_run(s, err)) != JF_OK)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return st;
}
