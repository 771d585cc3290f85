/*
 * test_verify: `jifen verify` trusts nothing stored. After a busy day the
 * ledger verifies; then someone with the file drops the append-only
 * triggers and edits it, one change per fresh copy (putting the triggers
 * back as they were, so only the rows can tell), and verify must say
 * JF_INTEGRITY and name the first broken entry where the break is in one.
 * A copy whose triggers, indexes or tables are not jifen's fails too.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "chain.h"
#include "family.h"
#include "fixture.h"
#include "ledger.h"
#include "verify.h"

#define ANN "10000001"
#define BOB "10000002"
#define CAT "10000003"

static const char drop_triggers[] =
	"DROP TRIGGER entry_no_update; DROP TRIGGER entry_no_delete;"
	"DROP TRIGGER line_no_update; DROP TRIGGER line_no_delete;";

/* On the ledger file at path: drop the append-only triggers, run sql, and
 * create the triggers again exactly as they were. */
static void
tamper(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *again;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		fail_msg("open %s: %s", path, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT group_concat(sql || ';', ' ') FROM sqlite_schema "
					    "WHERE type = 'trigger' AND name IN ('entry_no_update', "
					    "'entry_no_delete', 'line_no_update', 'line_no_delete')",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	again = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	fixture_sql_exec(path, drop_triggers);
	fixture_sql_exec(path, sql);
	fixture_sql_exec(path, again);
	sqlite3_free(again);
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
	struct fixture *f = *state;
	struct jf_error err;
	struct verify_report r;
	struct ledger fresh;
	char path[PATH_MAX + 16];

	snprintf(path, sizeof path, "%s/empty.db", f->dir);
	assert_int_equal(ledger_create(&fresh, path, &f->cfg, &err), JF_OK);
	assert_int_equal(verify_ledger(&fresh, &r, &err), JF_OK);
	assert_int_equal(r.entries, 0);
	ledger_close(&fresh);
}

/* The middle entry of the ledger: a target with entries on both sides. */
static int64_t
middle_entry(struct fixture *f)
{
	return fixture_sql_int(f->path, "SELECT max(id) / 2 FROM entry");
}

/* Copy the closed ledger, run sql on the copy (as tamper() does when
 * rows is set, else as it is: a change of the schema), verify the copy. */
static enum jf_status
verify_copy(struct fixture *f, const char *name, const char *sql, int rows,
	    struct verify_report *r, struct jf_error *err)
{
	char path[PATH_MAX + 32];
	struct ledger lg;
	enum jf_status st;

	snprintf(path, sizeof path, "%s/%s.db", f->dir, name);
	ledger_close(&f->lg);
	fixture_copy_file(f->path, path);
	fixture_reopen(f);
	if (rows)
		tamper(path, sql);
	else
		fixture_sql_exec(path, sql);
	if (ledger_open(&lg, path, &f->cfg, err) != JF_OK)
		fail_msg("opening the tampered copy: %s", err->message);
	jf_error_clear(err);
	st = verify_ledger(&lg, r, err);
	ledger_close(&lg);
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
	char sql[200];
	enum jf_status st;

	snprintf(sql, sizeof sql, "DELETE FROM line WHERE entry_id = %lld;"
				  "DELETE FROM entry WHERE id = %lld;",
		 (long long)k, (long long)k);
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

	st = verify_tampered(f, "truncated",
			     "DELETE FROM line WHERE entry_id = (SELECT max(id) FROM entry);"
			     "DELETE FROM entry WHERE id = (SELECT max(id) FROM entry);",
			     &r, &err);
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
rehash_entry(const char *path, int64_t id)
{
	unsigned char hash[CHAIN_HASH_LEN];
	struct chain_entry ce;
	struct chain_state cs;
	sqlite3_stmt *st, *ln;
	sqlite3 *db;
	char type[32], ref[128], memo[256], actor[64], terminal[64];

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT ts, type, ref, memo, coalesce(reverses, 0), "
						"prev_hash, format, actor, terminal FROM entry "
						"WHERE id = ?", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	ce.id = id;
	ce.ts = sqlite3_column_int64(st, 0);
	snprintf(type, sizeof type, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(ref, sizeof ref, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(memo, sizeof memo, "%s", (const char *)sqlite3_column_text(st, 3));
	ce.type = type;
	ce.ref = ref;
	ce.memo = memo;
	ce.reverses = sqlite3_column_int64(st, 4);
	ce.format = sqlite3_column_int(st, 6);
	snprintf(actor, sizeof actor, "%s", (const char *)sqlite3_column_text(st, 7));
	snprintf(terminal, sizeof terminal, "%s", (const char *)sqlite3_column_text(st, 8));
	ce.actor = actor;
	ce.terminal = terminal;
	assert_int_equal(sqlite3_column_bytes(st, 5), CHAIN_HASH_LEN);
	chain_begin(&cs, sqlite3_column_blob(st, 5), &ce);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT a.name, l.amount FROM line l JOIN account a "
						"ON a.id = l.account_id WHERE l.entry_id = ? "
						"ORDER BY l.seq", -1, &ln, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(ln, 1, id);
	while (sqlite3_step(ln) == SQLITE_ROW)
		chain_add_line(&cs, (const char *)sqlite3_column_text(ln, 0),
			       sqlite3_column_int64(ln, 1));
	sqlite3_finalize(ln);
	chain_finish(&cs, hash);
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE entry SET hash = ? WHERE id = ?", -1, &st,
					    NULL),
			 SQLITE_OK);
	sqlite3_bind_blob(st, 1, hash, CHAIN_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void
test_rehashed_entry(void **state)
{
	struct fixture *f = *state;
	int64_t k = middle_entry(f);
	char path[PATH_MAX + 32], sql[200];
	struct verify_report r;
	struct jf_error err;
	struct ledger lg;
	enum jf_status st;

	snprintf(path, sizeof path, "%s/rehash.db", f->dir);
	ledger_close(&f->lg);
	fixture_copy_file(f->path, path);
	fixture_reopen(f);
	fixture_sql_exec(path, drop_triggers);
	snprintf(sql, sizeof sql, "UPDATE entry SET memo = 'nothing to see' WHERE id = %lld",
		 (long long)k);
	fixture_sql_exec(path, sql);
	rehash_entry(path, k);
	assert_int_equal(ledger_open(&lg, path, &f->cfg, &err), JF_OK);
	st = verify_ledger(&lg, &r, &err);
	ledger_close(&lg);
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
	snprintf(sql, sizeof sql, "UPDATE entry SET format = 3 WHERE id = %lld", (long long)k);
	assert_caught(verify_tampered(f, "v3", sql, &r, &err), &r, &err, k, "format");
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
	char sql[900];
	long long to = (long long)last + 50, from = (long long)last;

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
	static const struct {
		const char *name, *sql, *says;
	} cases[] = {
		{ "noupdate", "DROP TRIGGER entry_no_update", "trigger entry_no_update is missing" },
		{ "nodelete", "DROP TRIGGER line_no_delete", "trigger line_no_delete is missing" },
		{ "noevent", "DROP TRIGGER member_event_no_delete",
		  "trigger member_event_no_delete is missing" },
		{ "tame", "DROP TRIGGER entry_no_update; CREATE TRIGGER entry_no_update BEFORE "
			  "UPDATE ON entry WHEN 0 BEGIN SELECT RAISE(ABORT, 'no'); END",
		  "trigger entry_no_update is not the one jifen installs" },
		{ "extra", "CREATE TRIGGER helper AFTER INSERT ON line BEGIN SELECT 1; END",
		  "trigger helper is not one of jifen's" },
		{ "noindex", "DROP INDEX account_member", "index account_member is missing" },
	};
	struct fixture *f = *state;
	struct verify_report r;
	struct jf_error err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum jf_status st = verify_copy(f, cases[i].name, cases[i].sql, 0, &r, &err);

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
