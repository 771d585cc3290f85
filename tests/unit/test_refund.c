/*
 * test_refund: goods returned from part of a purchase. Each part takes back
 * its share of the receipt's points, the parts add up to the whole, never
 * more than the receipt is refunded, points already spent are a shortfall
 * (with its cash worth), and a whole reversal after parts takes only the rest.
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

#define ANN "10000001"

static int
setup(void **state)
{
	return fixture_setup_with(state, ANN, "Ann", NULL);
}

static void
earn(struct fixture *f, int64_t fen, const char *receipt)
{
	struct earn_request req = { ANN, fen, receipt, 0, NULL };
	struct ledger_result res;
	struct jf_error err;

	if (ledger_earn(&f->lg, &req, &res, &err) != JF_OK)
		fail_msg("earn: %s", err.message);
}

static enum jf_status
refund(struct fixture *f, const char *receipt, int64_t fen, const char *key,
       struct refund_result *res, struct jf_error *err)
{
	struct refund_request req = { receipt, fen, key };

	return ledger_earn_refund(&f->lg, &req, res, err);
}

/* Three parts of 100.00 (100 points): 33 + 33 + 34, exactly the whole. */
static void
test_parts_add_up(void **state)
{
	struct fixture *f = *state;
	struct refund_result res;
	struct jf_error err;
	int64_t n;

	earn(f, 10000, "R1");
	assert_int_equal(refund(f, "R1", 3333, "a", &res, &err), JF_OK);
	assert_int_equal(res.due, 33);
	assert_int_equal(res.points, 33);
	assert_int_equal(res.shortfall, 0);
	assert_int_equal(res.fen_left, 10000 - 3333);
	assert_true(res.entry_id > 0);
	assert_int_equal(refund(f, "R1", 3333, "b", &res, &err), JF_OK);
	assert_int_equal(res.due, 33); /* floor(66.66) - 33 */
	/* One fen more than is left: refused, with what is left. */
	assert_int_equal(refund(f, "R1", 3335, "c", &res, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_REFUND_TOO_MUCH);
	assert_int_equal(err.num[0], 3334);
	assert_int_equal(err.num[1], 3335);
	assert_string_equal(err.text, "R1");
	assert_int_equal(refund(f, "R1", 3334, "c", &res, &err), JF_OK);
	assert_int_equal(res.due, 34);
	assert_int_equal(res.fen_left, 0);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 0);
	fixture_verify_ok(f);
	/* A replay gives the first result; a key reused for another amount conflicts. */
	n = fixture_entries(f);
	assert_int_equal(refund(f, "R1", 3333, "a", &res, &err), JF_OK);
	assert_int_equal(res.replay, 1);
	assert_int_equal(res.due, 33);
	assert_int_equal(fixture_entries(f), n);
	assert_int_equal(refund(f, "R1", 3000, "a", &res, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_KEY_REUSED);
	/* Nothing is left of it. */
	assert_int_equal(refund(f, "R1", 1, "d", &res, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_REFUND_TOO_MUCH);
	assert_int_equal(refund(f, "R9", 1, "d", &res, &err), JF_NOTFOUND);
	assert_int_equal(err.reason, JF_R_UNKNOWN_RECEIPT);
	fixture_verify_ok(f);
}

/* Points already spent are never taken below zero: the rest is a shortfall. */
static void
test_shortfall(void **state)
{
	struct fixture *f = *state;
	struct refund_result res;
	struct ledger_result whole;
	struct jf_error err;

	earn(f, 20000, "R1");
	fixture_spend(f, ANN, 150, KIND_POINTS);
	assert_int_equal(refund(f, "R1", 10000, "a", &res, &err), JF_OK);
	assert_int_equal(res.due, 100);
	assert_int_equal(res.points, 50);
	assert_int_equal(res.shortfall, 50);
	assert_int_equal(res.shortfall_fen, 5000); /* 1 point a yuan */
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 0);
	fixture_verify_ok(f);
	/* The whole reversal after a part: only what the parts were not due. */
	fixture_grant(f, ANN, 500, KIND_POINTS);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R1", &whole, &err), JF_OK);
	assert_int_equal(whole.points, 100);
	assert_int_equal(whole.shortfall, 0);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 400);
	assert_int_equal(refund(f, "R1", 1, "b", &res, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_REFUND_TOO_MUCH);
	fixture_verify_ok(f);
}

static void
test_bad_input(void **state)
{
	struct fixture *f = *state;
	struct refund_result res;
	struct jf_error err;

	earn(f, 10000, "R1");
	assert_int_equal(refund(f, "R1", 0, "a", &res, &err), JF_USAGE);
	assert_int_equal(refund(f, "R1", -5, "a", &res, &err), JF_USAGE);
	assert_int_equal(refund(f, "R1", 100, "", &res, &err), JF_USAGE);
	assert_int_equal(refund(f, "R 1", 100, "a", &res, &err), JF_USAGE);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 100);
}

/* Points paid part of the sale: returning goods gives back their share,
 * into new lots with the dates of the lots they came from, latest first. */
static void
test_offset_given_back(void **state)
{
	struct fixture *f = *state;
	struct offset_request off = { ANN, 20000, 10000, "S1" };
	struct offset_result paid, undo;
	struct refund_result res;
	struct ledger_result whole;
	struct earn_info info;
	struct jf_error err;
	char second[16], got[16];
	int64_t given, given_fen;

	fixture_grant(f, ANN, 6000, KIND_POINTS);
	fixture_advance(86400 * 20);
	fixture_grant(f, ANN, 6000, KIND_POINTS);
	fixture_sql_text(f->path, "SELECT expires_on FROM lot WHERE id = 2", second, sizeof second);
	assert_int_equal(ledger_offset(&f->lg, &off, &paid, &err), JF_OK);
	earn(f, 10000, "S1");
	assert_int_equal(refund(f, "S1", 2500, "a", &res, &err), JF_OK);
	assert_int_equal(res.due, 25);
	assert_int_equal(res.offset_points, 2500);
	assert_int_equal(res.offset_fen, 2500);
	/* The latest-expiring lot's points come back first, with its date. */
	fixture_sql_text(f->path, "SELECT expires_on FROM lot WHERE amount = 2500", got,
			 sizeof got);
	assert_string_equal(got, second);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 2000 + 100 - 25 + 2500);
	fixture_verify_ok(f);
	/* Replayed: the same result, nothing more given. */
	assert_int_equal(refund(f, "S1", 2500, "a", &res, &err), JF_OK);
	assert_int_equal(res.replay, 1);
	assert_int_equal(res.offset_points, 2500);
	/* Undoing the offset now would give the points twice: refused. */
	assert_int_equal(ledger_offset_undo(&f->lg, "S1", &undo, &err), JF_CONFLICT);
	/* The look before the whole reversal says the rest, writing nothing. */
	assert_int_equal(ledger_earn_lookup(&f->lg, "S1", &info, &err), JF_OK);
	assert_int_equal(info.offset_points, 7500);
	assert_int_equal(info.offset_fen, 7500);
	assert_int_equal(fixture_sql_int(f->path, "SELECT returned_points FROM offset_sale"), 2500);
	/* The whole reversal gives back the rest, with both dates. */
	assert_int_equal(ledger_reverse_offset(&f->lg, "S1", &given, &given_fen, &err), JF_OK);
	assert_int_equal(given, 0);
	assert_int_equal(ledger_earn_reverse(&f->lg, "S1", &whole, &err), JF_OK);
	assert_int_equal(ledger_reverse_offset(&f->lg, "S1", &given, &given_fen, &err), JF_OK);
	assert_int_equal(given, 7500);
	assert_int_equal(given_fen, 7500);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 12000);
	assert_int_equal(fixture_sql_int(f->path, "SELECT returned_points FROM offset_sale"), 10000);
	assert_int_equal(fixture_sql_int(f->path, "SELECT sum(remaining) FROM lot "
				"WHERE expires_on = (SELECT expires_on FROM lot WHERE id = 1)"), 6000);
	fixture_verify_ok(f);
	/* A sale no points paid gives none back. */
	earn(f, 3000, "S0");
	assert_int_equal(ledger_earn_lookup(&f->lg, "S0", &info, &err), JF_OK);
	assert_int_equal(info.offset_points, 0);
	assert_int_equal(info.offset_fen, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_parts_add_up),
		T(test_shortfall),
		T(test_bad_input),
		T(test_offset_given_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
