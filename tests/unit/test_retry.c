/*
 * test_retry: a write the database rolls back and asks to run again
 * (JF_RETRY: a serialization failure or a deadlock on PostgreSQL) is run
 * again inside core, under the same idempotency key, and ends with
 * exactly one effect, the same as without the failure. SQLite never asks,
 * so the failures are injected (ledger_test.h): the next n outermost
 * commits of ledger_write() roll back and report JF_RETRY. More failures
 * than LEDGER_WRITE_TRIES give JF_BUSY and no effect at all; a failure
 * inside a transaction is never retried in the middle, only the whole.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "family.h"
#include "fixture.h"
#include "ledger.h"
#include "ledger_int.h"
#include "ledger_test.h"
#include "member.h"
#include "slip.h"
#include "voucher.h"

#define CATALOG "sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green," \
		"active_from,active_until,new_until\n" \
		"A1,甲,Item A,misc,goods,100,,,,9,0,,,\n"

#define MOM "10000001" /* family Li */
#define KID "10000002" /* family Li */
#define ANN "10000003"

static int
setup(void **state)
{
	struct import_report r;
	struct fixture *f;
	struct jf_error err;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	fixture_act(f);
	if (catalog_import_text(&f->lg, CATALOG, strlen(CATALOG), &r, &err) != JF_OK) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	import_report_done(&r);
	fixture_add_member(f, MOM, "Li Mei");
	fixture_add_member(f, KID, "Li Lei");
	fixture_add_member(f, ANN, "Ann");
	if (family_create(&f->lg, "Li", MOM, &err) != JF_OK ||
	    family_add(&f->lg, "Li", KID, &err) != JF_OK) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	return 0;
}

/* Rows of the idempotency table under key. */
static int64_t
idem_rows(struct fixture *f, const char *key)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM idem WHERE key = '%s'", key);
	return fixture_sql_int(f->path, sql);
}

static enum jf_status
earn(struct fixture *f, const char *receipt, struct ledger_result *res, struct jf_error *err)
{
	struct earn_request req = { ANN, 12345, receipt, 0, NULL };

	jf_error_clear(err);
	return ledger_earn(&f->lg, &req, res, err);
}

/* ---- one effect, whatever the number of retries ---- */

static void
test_earn_retried(void **state)
{
	struct fixture *f = *state;
	struct ledger_result first, res;
	struct jf_error err;
	int64_t entries, total;
	char receipt[32];

	/* Without a failure: what each retried earn must come to. */
	assert_int_equal(earn(f, "r-0", &first, &err), JF_OK);
	assert_true(first.points > 0);
	for (int n = 1; n <= 3; n++) {
		entries = fixture_entries(f);
		total = fixture_total(f, ANN, KIND_POINTS);
		snprintf(receipt, sizeof receipt, "r-%d", n);
		ledger_inject_retry(&f->lg, n);
		if (earn(f, receipt, &res, &err) != JF_OK)
			fail_msg("earn with %d retries: %s", n, err.message);
		assert_int_equal(f->lg.retry_inject, 0); /* every failure was met, and run again */
		assert_int_equal(res.replay, 0);
		assert_int_equal(res.points, first.points);
		assert_int_equal(fixture_entries(f), entries + 1);
		assert_int_equal(fixture_total(f, ANN, KIND_POINTS), total + first.points);
		snprintf(receipt, sizeof receipt, "earn:r-%d", n);
		assert_int_equal(idem_rows(f, receipt), 1);
	}
	/* The key kept is the one retried: the same receipt replays. */
	assert_int_equal(earn(f, "r-3", &first, &err), JF_OK);
	assert_int_equal(first.replay, 1);
	assert_int_equal(first.entry_id, res.entry_id);
	fixture_verify_ok(f);
}

static void
test_hold_and_post_retried(void **state)
{
	struct fixture *f = *state;
	struct hold_request req = { ANN, KIND_POINTS, 300, "h-1", NULL, 0 };
	struct ledger_result res;
	struct jf_error err;
	int64_t hold_id, entries;
	int replay = -1;

	fixture_grant(f, ANN, 1000, KIND_POINTS);
	entries = fixture_entries(f);
	ledger_inject_retry(&f->lg, 2);
	assert_int_equal(ledger_hold(&f->lg, &req, &hold_id, &replay, &err), JF_OK);
	assert_int_equal(replay, 0);
	assert_true(hold_id > 0);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 300);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM hold"), 1);
	assert_int_equal(idem_rows(f, "hold:h-1"), 1);
	assert_int_equal(fixture_entries(f), entries);

	ledger_inject_retry(&f->lg, 3);
	assert_int_equal(ledger_hold_post(&f->lg, hold_id, &res, &err), JF_OK);
	assert_int_equal(res.replay, 0);
	assert_int_equal(res.points, 300);
	assert_int_equal(fixture_entries(f), entries + 1);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 0);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 700);
	fixture_verify_ok(f);
}

/* A voucher: the keyed write of its hold nests in the transaction that
 * reads the voucher back, and the outermost one is run again whole. */
static void
test_voucher_retried(void **state)
{
	struct fixture *f = *state;
	struct catalog_item item;
	struct voucher v, again;
	struct jf_error err;

	fixture_grant(f, ANN, 1000, KIND_POINTS);
	ledger_inject_retry(&f->lg, 3);
	if (voucher_issue(&f->lg, ANN, "A1", 1, "v-1", &v, &err) != JF_OK)
		fail_msg("voucher: %s", err.message);
	assert_int_equal(v.replay, 0);
	assert_true(v.id > 0);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM voucher"), 1);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM hold"), 1);
	assert_int_equal(idem_rows(f, "voucher:v-1"), 1);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 100);
	assert_int_equal(catalog_find(&f->lg, "A1", &item, &err), JF_OK);
	assert_int_equal(item.stock, 8);
	assert_int_equal(voucher_issue(&f->lg, ANN, "A1", 1, "v-1", &again, &err), JF_OK);
	assert_int_equal(again.replay, 1);
	assert_int_equal(again.id, v.id);
	fixture_verify_ok(f);
}

static void
test_family_transfer_retried(void **state)
{
	struct fixture *f = *state;
	struct transfer_request req = { MOM, KID, 40, KIND_GREEN, "t-1" };
	struct ledger_result res;
	struct jf_error err;
	int64_t entries;

	fixture_grant(f, MOM, 100, KIND_GREEN);
	entries = fixture_entries(f);
	ledger_inject_retry(&f->lg, 3);
	if (ledger_transfer(&f->lg, &req, &res, &err) != JF_OK)
		fail_msg("transfer: %s", err.message);
	assert_int_equal(res.replay, 0);
	assert_int_equal(fixture_entries(f), entries + 1);
	assert_int_equal(fixture_total(f, MOM, KIND_GREEN), 60);
	assert_int_equal(fixture_total(f, KID, KIND_GREEN), 40);
	assert_int_equal(idem_rows(f, "transfer:t-1"), 1);
	/* The daily limit counts it once. */
	assert_int_equal(ledger_sent_today(&f->lg, MOM, KIND_GREEN, &entries, &err), JF_OK);
	assert_int_equal(entries, 40);
	fixture_verify_ok(f);
}

/* A wrong PIN is counted even though it is refused: the count is the
 * write, and it is counted once however often the write runs. */
static void
test_wrong_pin_counted_once(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;

	assert_int_equal(member_set_pin(&f->lg, ANN, "246810", &err), JF_OK);
	ledger_inject_retry(&f->lg, 2);
	assert_int_equal(member_check_pin(&f->lg, ANN, "111111", &err), JF_AUTH);
	assert_int_equal(err.reason, JF_R_WRONG_PIN);
	assert_int_equal(f->lg.retry_inject, 0);
	assert_int_equal(fixture_sql_int(f->path, "SELECT pin_failures FROM member WHERE card = '"
						  ANN "'"), 1);
}

/* ---- giving up ---- */

static void
test_too_many_retries_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct jf_error err;
	int64_t entries = fixture_entries(f);

	ledger_inject_retry(&f->lg, LEDGER_WRITE_TRIES);
	assert_int_equal(earn(f, "r-busy", &res, &err), JF_BUSY);
	assert_int_equal(err.status, JF_BUSY);
	/* Busy with other writers, not out of reach: the counter says try
	 * again rather than queue the purchase as offline. */
	assert_int_equal(err.reason, JF_R_CONTENDED);
	assert_int_equal(err.num[0], LEDGER_WRITE_TRIES);
	assert_int_equal(f->lg.retry_inject, 0);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 0);
	assert_int_equal(idem_rows(f, "earn:r-busy"), 0);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM earn_receipt"), 0);
	/* Nothing was kept under the key: the next try is the first write. */
	assert_int_equal(earn(f, "r-busy", &res, &err), JF_OK);
	assert_int_equal(res.replay, 0);
	assert_int_equal(fixture_entries(f), entries + 1);

	/* One failure fewer than the tries is still a success. */
	ledger_inject_retry(&f->lg, LEDGER_WRITE_TRIES - 1);
	assert_int_equal(earn(f, "r-last", &res, &err), JF_OK);
	assert_int_equal(fixture_entries(f), entries + 2);
	fixture_verify_ok(f);
}

/* ---- only the outermost write retries ---- */

struct calls {
	int outer, inner;
	int fail_inner;           /* inner calls still to fail with JF_RETRY */
	enum jf_status inner_got; /* what the outer one's first inner write returned */
	const char *grant_key;    /* the outer one grants under it, if set */
};

static enum jf_status
inner_write(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct calls *c = ctx;

	(void)lg;
	c->inner++;
	if (c->fail_inner > 0) {
		c->fail_inner--;
		/* As the backend says it at a statement: rolled back, run again. */
		return jf_fail(err, JF_RETRY, "could not serialize access (test)");
	}
	return JF_OK;
}

static enum jf_status
outer_write(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct calls *c = ctx;
	struct grant_request g = { ANN, 25, KIND_POINTS, "test", c->grant_key };
	struct ledger_result res;
	enum jf_status st;

	c->outer++;
	if (c->grant_key && (st = ledger_grant(lg, &g, &res, err)) != JF_OK)
		return st;
	st = ledger_write(lg, inner_write, c, err);
	if (c->outer == 1)
		c->inner_got = st;
	return st;
}

static void
test_nested_failure_retries_the_whole(void **state)
{
	struct fixture *f = *state;
	struct calls c = { 0, 0, 1, JF_OK, "g-nested" };
	struct jf_error err;
	int64_t entries = fixture_entries(f);

	assert_int_equal(ledger_write(&f->lg, outer_write, &c, &err), JF_OK);
	/* The inner write gave JF_RETRY up to the outer one, which ran again
	 * from the start: not the inner one alone, in the middle. */
	assert_int_equal(c.inner_got, JF_RETRY);
	assert_int_equal(c.outer, 2);
	assert_int_equal(c.inner, 2);
	/* The grant of the first attempt was undone with it: one grant. */
	assert_int_equal(fixture_entries(f), entries + 1);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 25);
	assert_int_equal(idem_rows(f, "grant:g-nested"), 1);
	fixture_verify_ok(f);
}

static void
test_failure_at_a_statement_retried(void **state)
{
	struct fixture *f = *state;
	struct calls c = { 0, 0, 2, JF_OK, NULL };
	struct jf_error err;

	assert_int_equal(ledger_write(&f->lg, inner_write, &c, &err), JF_OK);
	assert_int_equal(c.inner, 3);
}

/* Inside a transaction a front end holds (a slip's), a write is not the
 * outermost: it hands JF_RETRY up, nor does an injected failure touch it. */
static void
test_inside_a_callers_transaction(void **state)
{
	struct fixture *f = *state;
	struct calls c = { 0, 0, 1, JF_OK, NULL };
	struct ledger_result res;
	struct jf_error err;
	int64_t entries = fixture_entries(f);

	assert_int_equal(slip_begin(&f->lg, &err), JF_OK);
	assert_int_equal(ledger_write(&f->lg, inner_write, &c, &err), JF_RETRY);
	assert_int_equal(c.inner, 1);
	slip_rollback(&f->lg);

	ledger_inject_retry(&f->lg, 1);
	assert_int_equal(slip_begin(&f->lg, &err), JF_OK);
	assert_int_equal(earn(f, "r-slip", &res, &err), JF_OK);
	assert_int_equal(f->lg.retry_inject, 1); /* the earn's commit was not the outermost */
	assert_int_equal(slip_commit(&f->lg, &err), JF_OK);
	ledger_inject_retry(&f->lg, 0);
	assert_int_equal(fixture_entries(f), entries + 1);
	fixture_verify_ok(f);
}

static void
test_status_named(void **state)
{
	(void)state;
	assert_string_not_equal(jf_status_name(JF_RETRY), "unknown");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_earn_retried),
		T(test_hold_and_post_retried),
		T(test_voucher_retried),
		T(test_family_transfer_retried),
		T(test_wrong_pin_counted_once),
		T(test_too_many_retries_write_nothing),
		T(test_nested_failure_retries_the_whole),
		T(test_failure_at_a_statement_retried),
		T(test_inside_a_callers_transaction),
		cmocka_unit_test(test_status_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
