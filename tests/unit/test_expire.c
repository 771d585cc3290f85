/*
 * test_expire: the daily job. Lots whose date has passed go to the expired
 * account in one entry; a lot is still good on its own date; running the job
 * twice expires nothing more.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "ledger.h"

#define ANN "10000001"
#define BOB "10000002"

static int
setup(void **state)
{
	if (fixture_setup_with(state, ANN, "Ann", BOB, "Bob", NULL) != 0)
		return -1;
	((struct fixture *)*state)->cfg.expiry_days = 30;
	return 0;
}

static int64_t
lot_remaining(struct fixture *f, int64_t entry_id)
{
	char sql[120];

	snprintf(sql, sizeof sql, "SELECT remaining FROM lot WHERE entry_id = %lld",
		 (long long)entry_id);
	return fixture_sql_int(f->path, sql);
}

static void
expire_ok(struct fixture *f, struct expire_result *er)
{
	struct jf_error err;

	if (ledger_expire(&f->lg, er, &err) != JF_OK)
		fail_msg("expire: %s", err.message);
}

static void
test_due_before_today_only(void **state)
{
	struct fixture *f = *state;
	struct expire_result er;
	struct ledger_summary s;
	struct jf_error err;
	int64_t yesterday_lot, today_lot, green_lot, bob_lot, entries;
	char sql[120];

	/* Granted 03-01 and 03-02, with 30 days: due 03-31 and 04-01. */
	yesterday_lot = fixture_grant(f, ANN, 100, KIND_POINTS);
	green_lot = fixture_grant(f, ANN, 40, KIND_GREEN);
	bob_lot = fixture_grant(f, BOB, 70, KIND_POINTS);
	fixture_at("2026-03-02T10:00:00+08:00");
	today_lot = fixture_grant(f, ANN, 25, KIND_POINTS);

	/* On 03-31 everything is still good. */
	fixture_at("2026-03-31T23:59:00+08:00");
	entries = fixture_entries(f);
	expire_ok(f, &er);
	assert_int_equal(er.entry_id, 0);
	assert_int_equal(er.lots, 0);
	assert_int_equal(fixture_entries(f), entries);

	/* On 04-01 the lots of 03-31 go, the lot due today stays. */
	fixture_at("2026-04-01T00:05:00+08:00");
	expire_ok(f, &er);
	assert_true(er.entry_id > 0);
	assert_int_equal(er.lots, 3);
	assert_int_equal(er.points[KIND_POINTS], 170);
	assert_int_equal(er.points[KIND_GREEN], 40);
	assert_int_equal(fixture_entries(f), entries + 1); /* one entry for the whole run */
	assert_int_equal(lot_remaining(f, yesterday_lot), 0);
	assert_int_equal(lot_remaining(f, green_lot), 0);
	assert_int_equal(lot_remaining(f, bob_lot), 0);
	assert_int_equal(lot_remaining(f, today_lot), 25);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 25);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 25);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 0);
	assert_int_equal(fixture_total(f, BOB, KIND_POINTS), 0);

	/* The points land in system:expired, per kind. */
	assert_int_equal(ledger_summary(&f->lg, &s, &err), JF_OK);
	assert_int_equal(s.expired[KIND_POINTS], 170);
	assert_int_equal(s.expired[KIND_GREEN], 40);
	assert_int_equal(fixture_sql_int(f->path, "SELECT balance FROM account "
						  "WHERE name = 'system:expired:points'"),
			 170);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM line WHERE entry_id = %lld",
		 (long long)er.entry_id);
	assert_int_equal(fixture_sql_int(f->path, sql), 5); /* 3 members' lines, 2 system */
	snprintf(sql, sizeof sql, "SELECT type = 'expire' FROM entry WHERE id = %lld",
		 (long long)er.entry_id);
	assert_int_equal(fixture_sql_int(f->path, sql), 1);
	fixture_verify_ok(f);

	/* A second run the same day expires nothing and writes nothing. */
	entries = fixture_entries(f);
	expire_ok(f, &er);
	assert_int_equal(er.entry_id, 0);
	assert_int_equal(er.lots, 0);
	assert_int_equal(er.points[KIND_POINTS], 0);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 25);

	/* The next day the last lot goes too. */
	fixture_at("2026-04-02T00:05:00+08:00");
	expire_ok(f, &er);
	assert_int_equal(er.lots, 1);
	assert_int_equal(er.points[KIND_POINTS], 25);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 0);
	fixture_verify_ok(f);
}

/* A partly spent lot expires only what is left of it. */
static void
test_partly_spent_lot(void **state)
{
	struct fixture *f = *state;
	struct expire_result er;
	int64_t lot;

	lot = fixture_grant(f, ANN, 100, KIND_POINTS);
	fixture_spend(f, ANN, 35, KIND_POINTS);
	fixture_at("2026-05-01T10:00:00+08:00");
	/* Overdue points cannot be spent while waiting for the job. */
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 65);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 0);
	expire_ok(f, &er);
	assert_int_equal(er.points[KIND_POINTS], 65);
	assert_int_equal(lot_remaining(f, lot), 0);
	assert_int_equal(fixture_sql_int(f->path, "SELECT expired FROM lot"), 65);
	fixture_verify_ok(f);
}

static void
test_nothing_to_expire_on_empty_ledger(void **state)
{
	struct fixture *f = *state;
	struct expire_result er;

	fixture_at("2030-01-01T10:00:00+08:00");
	expire_ok(f, &er);
	assert_int_equal(er.entry_id, 0);
	assert_int_equal(er.lots, 0);
	assert_int_equal(fixture_entries(f), 0);
	fixture_verify_ok(f);
}

/*
 * An account with a pending hold but enough free points loses all its due
 * lots (lot by lot), beside an account without holds (all at once), in the
 * same run; the held points stay. No temporary table is involved.
 */
static void
test_held_account_beside_plain_one(void **state)
{
	struct fixture *f = *state;
	struct hold_request h = { ANN, KIND_POINTS, 30, "held-1", NULL, 0 };
	struct expire_result er;
	struct jf_error err;
	int64_t ann_old, ann_new, bob_old, hold_id;

	ann_old = fixture_grant(f, ANN, 100, KIND_POINTS); /* due 2026-03-31 */
	bob_old = fixture_grant(f, BOB, 40, KIND_POINTS);
	fixture_at("2026-03-20T10:00:00+08:00");
	ann_new = fixture_grant(f, ANN, 50, KIND_POINTS); /* due 2026-04-19 */
	assert_int_equal(ledger_hold(&f->lg, &h, &hold_id, NULL, &err), JF_OK);
	fixture_at("2026-04-02T10:00:00+08:00");
	/* 150 on the account, 30 held: 120 free, more than the 100 due. */
	expire_ok(f, &er);
	assert_int_equal(er.points[KIND_POINTS], 140);
	assert_int_equal(er.lots, 2);
	assert_int_equal(lot_remaining(f, ann_old), 0);
	assert_int_equal(lot_remaining(f, bob_old), 0);
	assert_int_equal(lot_remaining(f, ann_new), 50);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 50);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 30);
	assert_int_equal(fixture_total(f, BOB, KIND_POINTS), 0);
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_due_before_today_only),
		T(test_partly_spent_lot),
		T(test_nothing_to_expire_on_empty_ledger),
		T(test_held_account_beside_plain_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
