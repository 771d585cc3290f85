/*
 * test_offset: points paying part of a bill (offset.h). 100 points pay a
 * yuan and at most half a bill by default; only whole fen are paid and no
 * point is used for less than it is worth; the points come from the lots
 * that expire first, and an undo puts them back into exactly those lots
 * with their dates; a ref counts once.
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
#include "offset.h"
#include "verify.h"

#define ANN "10000001"
#define BOB "10000002"

static int
setup(void **state)
{
	return fixture_setup_with(state, ANN, "Ann", BOB, "Bob", NULL);
}

static enum jf_status
offset(struct fixture *f, const char *card, int64_t bill, int64_t points, const char *ref,
       struct offset_result *res, struct jf_error *err)
{
	struct offset_request req = { card, bill, points, ref };

	return ledger_offset(&f->lg, &req, res, err);
}

/* The example of the issue: a 200.00 bill, 10000 points pay 100.00. */
static void
test_half_of_200(void **state)
{
	struct fixture *f = *state;
	struct offset_request req = { ANN, 20000, 0, NULL };
	struct offset_result res;
	struct jf_error err;

	fixture_grant(f, ANN, 15000, KIND_POINTS);
	assert_int_equal(ledger_offset_quote(&f->lg, &req, &res, &err), JF_OK);
	assert_int_equal(res.points, 10000);
	assert_int_equal(res.fen, 10000);
	assert_int_equal(res.cash_fen, 10000);
	assert_int_equal(res.max_points, 10000);
	assert_int_equal(res.available, 15000);
	assert_int_equal(fixture_entries(f), 1); /* a quote writes nothing */

	assert_int_equal(offset(f, ANN, 20000, 10000, "S1", &res, &err), JF_OK);
	assert_int_equal(res.points, 10000);
	assert_int_equal(res.fen, 10000);
	assert_int_equal(res.cash_fen, 10000);
	assert_int_equal(res.replay, 0);
	assert_true(res.entry_id > 0);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 5000);
	assert_int_equal(fixture_sql_int(f->path, "SELECT sum(fen) FROM offset_sale"), 10000);
	assert_int_equal(fixture_sql_int(f->path, "SELECT balance FROM account "
				"WHERE name = 'system:redeemed:points'"), 10000);
	fixture_verify_ok(f);
}

static void
test_cap_and_most_allowed(void **state)
{
	struct fixture *f = *state;
	struct offset_result res;
	struct jf_error err;

	fixture_grant(f, ANN, 30000, KIND_POINTS);
	assert_int_equal(offset(f, ANN, 20000, 10001, "S1", &res, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_OFFSET_OVER_CAP);
	assert_int_equal(err.num[0], 10000);
	assert_int_equal(err.num[1], 10001);
	assert_int_equal(err.num[2], 20000);
	assert_int_equal(err.num[3], 50);
	/* No points named: the most the cap allows. */
	assert_int_equal(offset(f, ANN, 12345, 0, "S1", &res, &err), JF_OK);
	assert_int_equal(res.points, 6172); /* 61.725 yuan, rounded down to 61.72 */
	assert_int_equal(res.fen, 6172);
	assert_int_equal(res.cash_fen, 12345 - 6172);
	/* ... or what the card has, if less. */
	fixture_grant(f, BOB, 700, KIND_POINTS);
	assert_int_equal(offset(f, BOB, 20000, 0, "S2", &res, &err), JF_OK);
	assert_int_equal(res.points, 700);
	assert_int_equal(res.cash_fen, 20000 - 700);
	assert_int_equal(fixture_total(f, BOB, KIND_POINTS), 0);
	/* An empty card, and more than the card has. */
	assert_int_equal(offset(f, BOB, 20000, 0, "S3", &res, &err), JF_INSUFFICIENT);
	assert_int_equal(err.reason, JF_R_INSUFFICIENT);
	assert_int_equal(offset(f, ANN, 2000000, 30000, "S4", &res, &err), JF_INSUFFICIENT);
	assert_int_equal(err.reason, JF_R_INSUFFICIENT);
	assert_int_equal(err.num[1], 30000 - 6172);
	/* A bill too small for one fen of points. */
	assert_int_equal(offset(f, ANN, 1, 0, "S5", &res, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_OFFSET_OVER_CAP);
	assert_int_equal(err.num[0], 0);
	fixture_verify_ok(f);
}

static void
test_refusals(void **state)
{
	struct fixture *f = *state;
	struct offset_result res;
	struct jf_error err;

	fixture_grant(f, ANN, 1000, KIND_POINTS);
	assert_int_equal(offset(f, ANN, 0, 0, "S1", &res, &err), JF_USAGE);
	assert_int_equal(err.reason, JF_R_OFFSET_NO_BILL);
	assert_int_equal(offset(f, ANN, -5, 0, "S1", &res, &err), JF_USAGE);
	assert_int_equal(offset(f, "10000099", 1000, 0, "S1", &res, &err), JF_NOTFOUND);
	f->cfg.offset_enabled = 0;
	assert_int_equal(offset(f, ANN, 1000, 0, "S1", &res, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_OFFSET_DISABLED);
	f->cfg.offset_enabled = 1;
	assert_int_equal(fixture_entries(f), 1);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1000);
}

/* Whole fen only, and never a point for less than its worth. */
static void
test_rounding(void **state)
{
	struct fixture *f = *state;
	struct offset_result res;
	struct jf_error err;

	fixture_grant(f, ANN, 1000, KIND_POINTS);
	/* 150 points a yuan: 3 points pay 2 fen; 10 asked, 9 used. */
	f->cfg.offset_points_per_yuan = 150;
	assert_int_equal(offset(f, ANN, 10000, 10, "S1", &res, &err), JF_OK);
	assert_int_equal(res.points, 9);
	assert_int_equal(res.fen, 6);
	assert_int_equal(res.cash_fen, 9994);
	/* 30 points a yuan: 3 points pay 10 fen; 2 points pay nothing whole. */
	f->cfg.offset_points_per_yuan = 30;
	assert_int_equal(offset(f, ANN, 10000, 2, "S2", &res, &err), JF_USAGE);
	assert_int_equal(offset(f, ANN, 10000, 7, "S2", &res, &err), JF_OK);
	assert_int_equal(res.points, 6);
	assert_int_equal(res.fen, 20);
	/* The cap rounds down too: half of 0.25 is 12 fen, 3 points pay 10. */
	assert_int_equal(offset(f, ANN, 25, 0, "S3", &res, &err), JF_OK);
	assert_int_equal(res.points, 3);
	assert_int_equal(res.fen, 10);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1000 - 9 - 6 - 3);
	fixture_verify_ok(f);
}

static void
test_replay_and_conflict(void **state)
{
	struct fixture *f = *state;
	struct offset_result res, again;
	struct jf_error err;
	int64_t n;

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	assert_int_equal(offset(f, ANN, 3000, 1000, "S1", &res, &err), JF_OK);
	n = fixture_entries(f);
	assert_int_equal(offset(f, ANN, 3000, 1000, "S1", &again, &err), JF_OK);
	assert_int_equal(again.replay, 1);
	assert_int_equal(again.entry_id, res.entry_id);
	assert_int_equal(again.points, 1000);
	assert_int_equal(again.fen, 1000);
	assert_int_equal(again.cash_fen, 2000);
	assert_int_equal(fixture_entries(f), n);
	assert_int_equal(offset(f, ANN, 3000, 900, "S1", &again, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_KEY_REUSED);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 4000);
}

/* The undo gives the points back to the lots they came from, with their dates. */
static void
test_undo_restores_lots(void **state)
{
	struct fixture *f = *state;
	struct offset_result res, undo;
	struct jf_error err;
	char d1[16], d2[16], after1[16], after2[16];
	int64_t n;

	fixture_grant(f, ANN, 600, KIND_POINTS);
	fixture_advance(86400 * 40);
	fixture_grant(f, ANN, 900, KIND_POINTS);
	fixture_sql_text(f->path, "SELECT expires_on FROM lot ORDER BY id LIMIT 1", d1, sizeof d1);
	fixture_sql_text(f->path, "SELECT expires_on FROM lot ORDER BY id DESC LIMIT 1", d2,
			 sizeof d2);
	assert_true(strcmp(d1, d2) < 0);
	assert_int_equal(offset(f, ANN, 2000, 1000, "S1", &res, &err), JF_OK);
	/* Soonest expiry first: all of the first lot, 400 of the second. */
	assert_int_equal(fixture_sql_int(f->path, "SELECT remaining FROM lot ORDER BY id LIMIT 1"),
			 0);
	assert_int_equal(fixture_sql_int(f->path,
				"SELECT remaining FROM lot ORDER BY id DESC LIMIT 1"), 500);
	fixture_verify_ok(f);

	fixture_advance(60);
	assert_int_equal(ledger_offset_undo(&f->lg, "S1", &undo, &err), JF_OK);
	assert_int_equal(undo.points, 1000);
	assert_int_equal(undo.fen, 1000);
	assert_int_equal(undo.replay, 0);
	assert_true(undo.entry_id > res.entry_id);
	assert_int_equal(fixture_sql_int(f->path, "SELECT remaining FROM lot ORDER BY id LIMIT 1"),
			 600);
	assert_int_equal(fixture_sql_int(f->path,
				"SELECT remaining FROM lot ORDER BY id DESC LIMIT 1"), 900);
	fixture_sql_text(f->path, "SELECT expires_on FROM lot ORDER BY id LIMIT 1", after1,
			 sizeof after1);
	fixture_sql_text(f->path, "SELECT expires_on FROM lot ORDER BY id DESC LIMIT 1", after2,
			 sizeof after2);
	assert_string_equal(after1, d1);
	assert_string_equal(after2, d2);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM lot"), 2);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1500);
	fixture_verify_ok(f);

	/* Twice: a replay. An unknown sale: not found, with its reason. */
	n = fixture_entries(f);
	assert_int_equal(ledger_offset_undo(&f->lg, "S1", &undo, &err), JF_OK);
	assert_int_equal(undo.replay, 1);
	assert_int_equal(fixture_entries(f), n);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1500);
	assert_int_equal(ledger_offset_undo(&f->lg, "S9", &undo, &err), JF_NOTFOUND);
	assert_int_equal(err.reason, JF_R_UNKNOWN_OFFSET);
	assert_string_equal(err.text, "S9");
	fixture_verify_ok(f);
}

/* verify ties each sale to its entries. */
static void
test_verify_sees_a_changed_sale(void **state)
{
	struct fixture *f = *state;
	struct offset_result res;
	struct verify_report r;
	struct jf_error err;

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	assert_int_equal(offset(f, ANN, 3000, 1000, "S1", &res, &err), JF_OK);
	ledger_close(&f->lg);
	fixture_sql_exec(f->path, "UPDATE offset_sale SET fen = 1500");
	fixture_reopen(f);
	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_INTEGRITY);
	assert_non_null(strstr(r.problem, "offset of sale S1"));
	ledger_close(&f->lg);
	fixture_sql_exec(f->path, "UPDATE offset_sale SET fen = 1000, points = 999");
	fixture_reopen(f);
	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_INTEGRITY);
	ledger_close(&f->lg);
	fixture_sql_exec(f->path, "DELETE FROM offset_sale");
	fixture_reopen(f);
	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_INTEGRITY);
	assert_non_null(strstr(r.problem, "offset entry has no sale"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_half_of_200),
		T(test_cap_and_most_allowed),
		T(test_refusals),
		T(test_rounding),
		T(test_replay_and_conflict),
		T(test_undo_restores_lots),
		T(test_verify_sees_a_changed_sale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
