/*
 * test_verify: `jifen verify` trusts nothing stored. After a busy day the
 * ledger verifies; then someone with the file drops the append-only
 * triggers and edits it, one change per fresh copy (putting the triggers
 * back as they were, so only the rows can tell), and verify must say
 * JF_INTEGRITY and name the first broken entry where the break is in one.
 * A copy whose triggers, indexes or tables are not jifen's fails too.
 *
 * On PostgreSQL (JIFEN_TEST_PG) "a fresh copy" is the ledger itself in a
 * transaction rolled back after verify (fixture_copy_begin()).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "chain.h"
#include "db.h"
#include "family.h"
#include "fixture.h"
#include "ledger.h"
#include "verify.h"

#define ANN "10000001"
#define BOB "10000002"
#define CAT "10000003"

/* The append-only triggers of the entries and their lines. */
static const char *const guards[][2] = {
	{ "entry_no_update", "entry" },
	{ "entry_no_delete", "entry" },
	{ "line_no_update", "line" },
	{ "line_no_delete", "line" },
};
#define NGUARDS (sizeof guards / sizeof guards[0])

static void
drop_guards(struct fixture_copy *c)
{
	for (size_t i = 0; i < NGUARDS; i++)
		fixture_copy_drop_guard(c, guards[i][0], guards[i][1]);
}

/* On the copy of the ledger at original: drop the append-only triggers,
 * run sql, and create the triggers again exactly as they were. */
static void
tamper(struct fixture_copy *c, const char *original, const char *sql)
{
	static char again[NGUARDS][2048];

	for (size_t i = 0; i < NGUARDS; i++)
		fixture_guard_sql(original, guards[i][0], guards[i][1], again[i], sizeof again[i]);
	drop_guards(c);
	fixture_copy_exec(c, sql);
	for (size_t i = 0; i < NGUARDS; i++)
		fixture_copy_exec(c, again[i]);
}

static void
earn(struct fixture *f, const char *card, int64_t fen, const char *receipt, int green)
{
	struct earn_request req = { card, fen, receipt, green, NULL };
	struct ledger_result res;
	struct jf_error err;

	if (ledger_earn(&f->lg, &req, &res, &err) != JF_OK)
		fail_msg("earn %s: %s", receipt, err.message);
}

static void
transfer(struct fixture *f, const char *from, const char *to, int64_t points, const char *key)
{
	struct transfer_request req = { from, to, points, KIND_GREEN, key };
	struct ledger_result res;
	struct jf_error err;

	if (ledger_transfer(&f->lg, &req, &res, &err) != JF_OK)
		fail_msg("transfer %s: %s", key, err.message);
}

static int64_t
hold(struct fixture *f, const char *card, int64_t points, const char *key)
{
	struct hold_request hr = { card, KIND_POINTS, points, key, "voucher", 0 };
	struct jf_error err;
	int64_t id;

	if (ledger_hold(&f->lg, &hr, &id, NULL, &err) != JF_OK)
		fail_msg("hold %s: %s", key, err.message);
	return id;
}

/* A few weeks of a small store: every kind of write, over several days. */
static void
busy_weeks(struct fixture *f)
{
	struct ledger_result res;
	struct expire_result er;
	struct jf_error err;
	int64_t posted, voided;
	char receipt[32];

	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, BOB, "Bob");
	fixture_add_member(f, CAT, "Cat");
	assert_int_equal(family_create(&f->lg, "Ann's", ANN, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "Ann's", BOB, &err), JF_OK);
	f->cfg.expiry_days = 20;
	f->cfg.lock_days = 2;
	for (int day = 0; day < 6; day++) {
		snprintf(receipt, sizeof receipt, "R-%d-a", day);
		earn(f, ANN, 10000 + day * 1111, receipt, 0);
		snprintf(receipt, sizeof receipt, "R-%d-b", day);
		earn(f, BOB, 5000 + day * 99, receipt, 1);
		snprintf(receipt, sizeof receipt, "R-%d-c", day);
		earn(f, CAT, 7700, receipt, day % 2);
		fixture_advance(86400);
	}
	fixture_grant(f, CAT, 42, KIND_POINTS);
	fixture_grant(f, ANN, 300, KIND_GREEN);
	transfer(f, ANN, BOB, 120, "gift-1");
	transfer(f, BOB, ANN, 20, "gift-2");
	posted = hold(f, ANN, 150, "v-1");
	voided = hold(f, CAT, 60, "v-2");
	hold(f, ANN, 10, "v-3");
	assert_int_equal(ledger_hold_post(&f->lg, posted, &res, &err), JF_OK);
	assert_int_equal(ledger_hold_void(&f->lg, voided, &err), JF_OK);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-4-a", &res, &err), JF_OK);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-5-c", &res, &err), JF_OK);
	fixture_advance(20 * 86400);
	assert_int_equal(ledger_expire(&f->lg, &er, &err), JF_OK);
	assert_true(er.entry_id > 0);
	earn(f, CAT, 12345, "R-late", 0);
	fixture_spend(f, CAT, 23, KIND_POINTS);
}

static int
setup(void **state)
{
	if (fixture_setup(state) != 0)
		return -1;
	busy_weeks(*state);
	return 0;
}

static void
test_busy_ledger_verifies(void **state)
{
	struct fixture *f = *state;
	struct verify_report r;
	struct jf_error err;

	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_OK);
	assert_string_equal(r.problem, "");
	assert_int_equal(r.first_bad_entry, 0);
	assert_int_equal(r.entries, fixture_entries(f));
	assert_int_equal(r.entries, fixture_sql_int(f->path, "SELECT count(*) FROM entry"));
	assert_int_equal(r.lines, fixture_sql_int(f->path, "SELECT count(*) FROM line"));
	assert_int_equal(r.lots, fixture_sql_int(f->path, "SELECT count(*) FROM lot"));
	assert_int_equal(r.holds, 4); /* three vouchers and one redemption */
	assert_int_equal(r.accounts, fixture_sql_int(f->path, "SELECT count(*) FROM account"));
	assert_true(r.entries > 20);
	/* And again after a restart, from the file alone. */
	fixture_reopen(f);
	fixture_verify_ok(f);
}

static void
test_empty_ledger_verifies(void **state)
{
	struct jf_error err;
	struct verify_report r;
	void *fresh = NULL;

	(void)state;
	/* A second fixture: a new ledger on the run's backend. */
	assert_int_equal(fixture_setup(&fresh), 0);
	assert_int_equal(verify_ledger(&((struct fixture *)fresh)->lg, &r, &err), JF_OK);
	assert_int_equal(r.entries, 0);
	fixture_teardown(&fresh);
}

/*
 * On PostgreSQL, the statement that renumbers entry from as to (drop: that
 * deletes it and its lines, leaving its other rows to the entry to) with
 * every row of busy_weeks() that names it. PostgreSQL checks references at the end of each
 * statement (SQLite's tampering connection checks none): one statement,
 * as an attacker with the database would write it.
 */
static void
entry_pg(char *sql, size_t size, long long from, long long to, int drop)
{
	char refs[1000];

	snprintf(refs, sizeof refs, "a AS (UPDATE lot SET entry_id = %lld WHERE entry_id = %lld), "
				    "x AS (UPDATE lot SET expire_entry = %lld WHERE expire_entry = %lld), "
				    "u AS (UPDATE lot_use SET entry_id = %lld WHERE entry_id = %lld), "
				    "h AS (UPDATE hold SET entry_id = %lld WHERE entry_id = %lld), "
				    "e AS (UPDATE earn_receipt SET entry_id = %lld WHERE entry_id = %lld), "
				    "n AS (UPDATE notice SET entry_id = %lld WHERE entry_id = %lld), "
				    "r AS (UPDATE entry SET reverses = %lld WHERE reverses = %lld) ",
		 to, from, to, from, to, from, to, from, to, from, to, from, to, from);
	if (drop)
		snprintf(sql, size, "WITH l AS (DELETE FROM line WHERE entry_id = %lld), %s"
				    "DELETE FROM entry WHERE id = %lld", from, refs, from);
	else
		snprintf(sql, size, "WITH l AS (UPDATE line SET entry_id = %lld WHERE entry_id = %lld), "
				    "%sUPDATE entry SET id = %lld WHERE id = %lld", to, from, refs, to, from);
}

/* The middle entry of the ledger: a target with entries on both sides. */
static int64_t
middle_entry(struct fixture *f)
{
	return fixture_sql_int(f->path, "SELECT max(id) / 2 FROM entry");
}

/* Copy the ledger, run sql on the copy (as tamper() does when rows is
 * set, else as it is: a change of the schema), verify the copy. */
static enum jf_status
verify_copy(struct fixture *f, const char *name, const char *sql, int rows,
	    struct verify_report *r, struct jf_error *err)
{
	struct fixture_copy c;
	enum jf_status st;

	fixture_copy_begin(f, name, &c);
	if (rows)
		tamper(&c, f->path, sql);
	else
		fixture_copy_exec(&c, sql);
	jf_error_clear(err);
	st = verify_ledger(fixture_copy_ledger(&c), r, err);
	fixture_copy_end(&c);
	return st;
}

static enum jf_status
verify_tampered(struct fixture *f, const char *name, const char *sql, struct verify_report *r,
		struct jf_error *err)
{
	return verify_copy(f, name, sql, 1, r, err);
}

static void
assert_caught(enum jf_status st, const struct verify_report *r, const struct jf_error *err,
	      int64_t first_bad, const char *says)
{
	if (st != JF_INTEGRITY)
		fail_msg("tampering not caught: verify gave %d (%s)", st, r->problem);
	assert_int_equal(err->status, JF_INTEGRITY);
	assert_non_null(strstr(err->message, r->problem));
	if (r->first_bad_entry != first_bad)
		fail_msg("first bad entry %lld, expected %lld (%s)", (long long)r->first_bad_entry,
			 (long long)first_bad, r->problem);
	if (strstr(r->problem, says) == NULL)
		fail_msg("problem '%s' does not say '%s'", r->problem, says);
}

static void
test_changed_line_amount(void **state)
{
	struct fixture *f = *state;
	int64_t k = middle_entry(f);
	struct verify_report r;
	struct jf_error err;
	char sql[200];
	enum jf_status st;

	snprintf(sql, sizeof sql,
		 "UPDATE line SET amount = amount + 1 WHERE entry_id = %lld AND seq = 0",
		 (long long)k);
	st = verify_tampered(f, "line", sql, &r, &err);
	assert_caught(st, &r, &err, k, "balance");
}

/* Both sides changed: the entry still balances, but its hash gives it away. */
static void
test_changed_both_lines(void **state)
{
	struct fixture *f = *state;
	int64_t k = middle_entry(f);
	struct verify_report r;
	struct jf_error err;
	char sql[300];
	enum jf_status st;

	snprintf(sql, sizeof sql, "UPDATE line SET amount = amount * 2 WHERE entry_id = %lld",
		 (long long)k);
	st = verify_tampered(f, "lines", sql, &r, &err);
	assert_caught(st, &r, &err, k, "altered");
}

static void
test_changed_memo(void **state)
{
	struct fixture *f = *state;
	int64_t k = middle_entry(f);
	struct verify_report r;
	struct jf_error err;
	char sql[200];
	enum jf_status st;

	snprintf(sql, sizeof sql, "UPDATE entry SET memo = memo || ' (approved)' WHERE id = %lld",
		 (long long)k);
	st = verify_tampered(f, "memo", sql, &r, &err);
	assert_caught(st, &r, &err, k, "altered");
}

static void
test_changed_timestamp(void **state)
{
	struct fixture *f = *state;
	int64_t k = middle_entry(f);
	struct verify_report r;
	struct jf_error err;
	char sql[200];
	enum jf_status st;

	snprintf(sql, sizeof sql, "UPDATE entry SET ts = ts + 3600 WHERE id = %lld", (long long)k);
	st = verify_tampered(f, "ts", sql, &r, &err);
	assert_caught(st, &r, &err, k, "altered");
}

static void
test_deleted_entry(void **state)
{
	struct fixture *f = *state;
	int64_t k = middle_entry(f);
	struct verify_report r;
	struct jf_error err;
	char sql[1400];
	enum jf_status st;

	snprintf(sql, sizeof sql, "DELETE FROM line WHERE entry_id = %lld;"
				  "DELETE FROM entry WHERE id = %lld;",
		 (long long)k, (long long)k);
	if (fixture_on_pg(f->path))
		entry_pg(sql, sizeof sql, k, k - 1, 1);
	st = verify_tampered(f, "deleted", sql, &r, &err);
	/* The gap shows at the entry after the missing one. */
	assert_caught(st, &r, &err, k + 1, "missing");
}

/* The last entry leaves no gap behind, but the balances no longer match the lines. */
static void
test_deleted_last_entry(void **state)
{
	struct fixture *f = *state;
	struct verify_report r;
	struct jf_error err;
	enum jf_status st;

	const char *sql = "DELETE FROM line WHERE entry_id = (SELECT max(id) FROM entry);"
			  "DELETE FROM entry WHERE id = (SELECT max(id) FROM entry);";
	char pg_sql[1400];

	if (fixture_on_pg(f->path)) {
		int64_t last = fixture_sql_int(f->path, "SELECT max(id) FROM entry");

		entry_pg(pg_sql, sizeof pg_sql, last, last - 1, 1);
		sql = pg_sql;
	}
	st = verify_tampered(f, "truncated", sql, &r, &err);
	assert_caught(st, &r, &err, 0, "account");
}

static void
test_changed_account_balance(void **state)
{
	struct fixture *f = *state;
	struct verify_report r;
	struct jf_error err;
	enum jf_status st;

	st = verify_tampered(f, "balance",
			     "UPDATE account SET balance = balance + 1000 "
			     "WHERE name = 'member:" CAT ":points'",
			     &r, &err);
	assert_caught(st, &r, &err, 0, "member:" CAT ":points");
}

static void
test_changed_lot_remaining(void **state)
{
	struct fixture *f = *state;
	struct verify_report r;
	struct jf_error err;
	enum jf_status st;

	st = verify_tampered(f, "lot",
			     "UPDATE lot SET remaining = remaining - 1 "
			     "WHERE id = (SELECT min(id) FROM lot WHERE remaining > 0)",
			     &r, &err);
	assert_caught(st, &r, &err, 0, "lots");
}

static void
test_changed_held(void **state)
{
	struct fixture *f = *state;
	struct verify_report r;
	struct jf_error err;
	enum jf_status st;

	/* Releasing a voucher's reservation by hand. */
	st = verify_tampered(f, "held", "UPDATE account SET held = 0", &r, &err);
	assert_caught(st, &r, &err, 0, "held");
}

/*
 * A careful attacker edits a memo and recomputes that entry's hash. The
 * chain still breaks at the next entry, which was hashed over the old one.
 */
static void
rehash_entry(struct db *db, int64_t id)
{
	unsigned char hash[CHAIN_HASH_LEN];
	struct chain_entry ce;
	struct chain_state cs;
	struct db_stmt *st, *ln;
	struct jf_error err;
	char type[32], ref[128], memo[256], actor[64], terminal[64];
	size_t len = 0;

	assert_int_equal(db_begin_write(db, &err), JF_OK);
	st = db_stmt(db, "SELECT ts, type, ref, memo, coalesce(reverses, 0), prev_hash, format, "
			 "actor, terminal FROM entry WHERE id = :id");
	db_bind_int(st, ":id", id);
	assert_int_equal(db_step(st, &err), DB_ROW);
	ce.id = id;
	ce.ts = db_col_int(st, 0);
	snprintf(type, sizeof type, "%s", db_col_text(st, 1));
	snprintf(ref, sizeof ref, "%s", db_col_text(st, 2));
	snprintf(memo, sizeof memo, "%s", db_col_text(st, 3));
	ce.type = type;
	ce.ref = ref;
	ce.memo = memo;
	ce.reverses = db_col_int(st, 4);
	ce.format = (int)db_col_int(st, 6);
	snprintf(actor, sizeof actor, "%s", db_col_text(st, 7));
	snprintf(terminal, sizeof terminal, "%s", db_col_text(st, 8));
	ce.actor = actor;
	ce.terminal = terminal;
	chain_begin(&cs, db_col_blob(st, 5, &len), &ce);
	assert_int_equal(len, CHAIN_HASH_LEN);
	db_reset(st);
	ln = db_stmt(db, "SELECT a.name, l.amount FROM line l JOIN account a ON a.id = l.account_id "
			 "WHERE l.entry_id = :id ORDER BY l.seq");
	db_bind_int(ln, ":id", id);
	while (db_step(ln, &err) == DB_ROW)
		chain_add_line(&cs, db_col_text(ln, 0), db_col_int(ln, 1));
	chain_finish(&cs, hash);
	st = db_stmt(db, "UPDATE entry SET hash = :hash WHERE id = :id");
	db_bind_blob(st, ":hash", hash, CHAIN_HASH_LEN);
	db_bind_int(st, ":id", id);
	assert_int_equal(db_run(st, &err), JF_OK);
	assert_int_equal(db_commit(db, &err), JF_OK);
}

static void
test_rehashed_entry(void **state)
{
	struct fixture *f = *state;
	int64_t k = middle_entry(f);
	struct fixture_copy c;
	struct verify_report r;
	struct jf_error err;
	struct ledger *lg;
	enum jf_status st;
	char sql[200];

	fixture_copy_begin(f, "rehash", &c);
	drop_guards(&c);
	snprintf(sql, sizeof sql, "UPDATE entry SET memo = 'nothing to see' WHERE id = %lld",
		 (long long)k);
	fixture_copy_exec(&c, sql);
	lg = fixture_copy_ledger(&c);
	rehash_entry(lg->db, k);
	jf_error_clear(&err);
	st = verify_ledger(lg, &r, &err);
	fixture_copy_end(&c);
	assert_caught(st, &r, &err, k + 1, "chain");
}

/* The tampering tests worked on copies: the original is untouched. */
static void
test_original_untouched(void **state)
{
	struct fixture *f = *state;
	struct verify_report r;
	struct jf_error err;

	assert_int_equal(verify_tampered(f, "copy", "SELECT 1", &r, &err), JF_OK);
	fixture_verify_ok(f);
}

/* Actor and terminal are inside the hash of every new entry. */
static void
test_changed_actor(void **state)
{
	struct fixture *f = *state;
	int64_t k = middle_entry(f);
	struct verify_report r;
	struct jf_error err;
	char sql[160];

	snprintf(sql, sizeof sql, "UPDATE entry SET actor = 'staff:boss' WHERE id = %lld",
		 (long long)k);
	assert_caught(verify_tampered(f, "actor", sql, &r, &err), &r, &err, k, "altered");
	snprintf(sql, sizeof sql, "UPDATE entry SET terminal = 'K99' WHERE id = %lld",
		 (long long)k);
	assert_caught(verify_tampered(f, "terminal", sql, &r, &err), &r, &err, k, "altered");
	snprintf(sql, sizeof sql, "UPDATE entry SET actor = '' WHERE id = %lld", (long long)k);
	assert_caught(verify_tampered(f, "noactor", sql, &r, &err), &r, &err, k, "no actor");
}

/* The hash format is covered too: an entry passed off as an old one, or in
 * a format nobody knows, fails. */
static void
test_changed_format(void **state)
{
	struct fixture *f = *state;
	int64_t k = middle_entry(f);
	struct verify_report r;
	struct jf_error err;
	char sql[160];

	snprintf(sql, sizeof sql, "UPDATE entry SET format = 1, actor = '', terminal = '' "
				  "WHERE id = %lld", (long long)k);
	assert_caught(verify_tampered(f, "v1", sql, &r, &err), &r, &err, k, "format");
	snprintf(sql, sizeof sql, "UPDATE entry SET format = 1, actor = '', terminal = '' "
				  "WHERE id = 1");
	assert_caught(verify_tampered(f, "v1first", sql, &r, &err), &r, &err, 1, "altered");
	snprintf(sql, sizeof sql, "UPDATE entry SET format = 4 WHERE id = %lld", (long long)k);
	assert_caught(verify_tampered(f, "v4", sql, &r, &err), &r, &err, k, "format");
	/* v3 hashes a store: the same entry read as v3 is another text. */
	snprintf(sql, sizeof sql, "UPDATE entry SET format = 3 WHERE id = %lld", (long long)k);
	assert_caught(verify_tampered(f, "v3", sql, &r, &err), &r, &err, k, "altered");
	snprintf(sql, sizeof sql, "UPDATE entry SET format = 1 WHERE id = %lld", (long long)k);
	assert_caught(verify_tampered(f, "v1actor", sql, &r, &err), &r, &err, k, "format");
}

/* Ids come from the database and are not hashed: a gap (a rolled-back
 * insert on PostgreSQL) verifies, ids that go backwards do not. */
static void
test_entry_ids(void **state)
{
	struct fixture *f = *state;
	int64_t last = fixture_entries(f);
	struct verify_report r;
	struct jf_error err;
	char sql[1400];
	long long to = (long long)last + 50, from = (long long)last;

	if (fixture_on_pg(f->path)) {
		/* PostgreSQL checks references at the end of each statement: the
		 * rows that name the entry move in the same one as it does. */
		entry_pg(sql, sizeof sql, from, to, 0);
		assert_int_equal(verify_tampered(f, "gap", sql, &r, &err), JF_OK);
		entry_pg(sql, sizeof sql, from, -5, 0);
		assert_caught(verify_tampered(f, "backwards", sql, &r, &err), &r, &err, -5,
			      "increase");
		return;
	}
	/* Every row that names the entry moves with it, as with a real gap. */
	snprintf(sql, sizeof sql, "UPDATE line SET entry_id = %lld WHERE entry_id = %lld; "
				  "UPDATE lot SET entry_id = %lld WHERE entry_id = %lld; "
				  "UPDATE lot SET expire_entry = %lld WHERE expire_entry = %lld; "
				  "UPDATE lot_use SET entry_id = %lld WHERE entry_id = %lld; "
				  "UPDATE hold SET entry_id = %lld WHERE entry_id = %lld; "
				  "UPDATE entry SET id = %lld WHERE id = %lld",
		 to, from, to, from, to, from, to, from, to, from, to, from);
	assert_int_equal(verify_tampered(f, "gap", sql, &r, &err), JF_OK);
	snprintf(sql, sizeof sql, "UPDATE line SET entry_id = -5 WHERE entry_id = %lld; "
				  "UPDATE entry SET id = -5 WHERE id = %lld",
		 (long long)last, (long long)last);
	assert_caught(verify_tampered(f, "backwards", sql, &r, &err), &r, &err, -5, "increase");
}

/* A copy that lacks what protects the ledger, or has it changed, fails
 * even with every row as it was: a trigger, an index or a table not as
 * schema.c installs them, or a trigger of someone else's. */
static void
test_guards(void **state)
{
	/* Each change in SQLite's words and PostgreSQL's (NULL: the same;
	 * none: not a thing that backend has). */
	static const char none[] = "";
	static const struct {
		const char *name, *sql, *pg_sql, *says;
	} cases[] = {
		{ "noupdate", "DROP TRIGGER entry_no_update", "DROP TRIGGER entry_no_update ON entry",
		  "trigger entry_no_update is missing" },
		{ "nodelete", "DROP TRIGGER line_no_delete", "DROP TRIGGER line_no_delete ON line",
		  "trigger line_no_delete is missing" },
		{ "noevent", "DROP TRIGGER member_event_no_delete",
		  "DROP TRIGGER member_event_no_delete ON member_event",
		  "trigger member_event_no_delete is missing" },
		{ "tame", "DROP TRIGGER entry_no_update; CREATE TRIGGER entry_no_update BEFORE "
			  "UPDATE ON entry WHEN 0 BEGIN SELECT RAISE(ABORT, 'no'); END",
		  "DROP TRIGGER entry_no_update ON entry; CREATE TRIGGER entry_no_update BEFORE "
		  "UPDATE ON entry FOR EACH ROW WHEN (false) EXECUTE FUNCTION jifen_refuse('no')",
		  "trigger entry_no_update is not the one jifen installs" },
		/* Kept as it was but switched off: only PostgreSQL can. */
		{ "off", none, "ALTER TABLE entry DISABLE TRIGGER entry_no_update",
		  "trigger entry_no_update is not the one jifen installs" },
		{ "extra", "CREATE TRIGGER helper AFTER INSERT ON line BEGIN SELECT 1; END",
		  "CREATE TRIGGER helper AFTER INSERT ON line FOR EACH ROW "
		  "EXECUTE FUNCTION jifen_refuse('x')",
		  "trigger helper is not one of jifen's" },
		{ "noindex", "DROP INDEX account_member", NULL, "index account_member is missing" },
	};
	struct fixture *f = *state;
	int on_pg = fixture_on_pg(f->path);
	struct verify_report r;
	struct jf_error err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *sql = on_pg && cases[i].pg_sql ? cases[i].pg_sql : cases[i].sql;
		enum jf_status st;

		if (sql == none)
			continue;
		st = verify_copy(f, cases[i].name, sql, 0, &r, &err);

		if (st != JF_INTEGRITY || strstr(r.problem, cases[i].says) == NULL)
			fail_msg("%s: verify gave %d (%s), not '%s'", cases[i].name, st, r.problem,
				 cases[i].says);
		assert_non_null(strstr(err.message, cases[i].says));
	}
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_busy_ledger_verifies),
		T(test_empty_ledger_verifies),
		T(test_changed_line_amount),
		T(test_changed_both_lines),
		T(test_changed_memo),
		T(test_changed_timestamp),
		T(test_deleted_entry),
		T(test_deleted_last_entry),
		T(test_changed_account_balance),
		T(test_changed_lot_remaining),
		T(test_changed_held),
		T(test_rehashed_entry),
		T(test_original_untouched),
		T(test_changed_actor),
		T(test_changed_format),
		T(test_entry_ids),
		T(test_guards),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
