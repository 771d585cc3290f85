/*
 * test_member_rate: a member's own earn rate in core (member_rate.h): it
 * replaces the store's rate and every category's for ordinary points,
 * leaves green points alone, applies to receipts of lines too, is kept as
 * an append-only history with who and where, and a clear goes back to the
 * store's rates. Bad rates and a clear of nothing are refused and write
 * nothing.
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
#include "lines.h"
#include "member_rate.h"

#define ANN "10000001"
#define BOB "10000002"

static void
setup_rates(struct fixture *f)
{
	struct actor a;
	struct jf_error err;

	f->cfg.points_per_yuan = 3;
	f->cfg.green_per_yuan = 2;
	snprintf(f->cfg.categories[0].name, sizeof f->cfg.categories[0].name, "food");
	f->cfg.categories[0].points_per_yuan = 5;
	f->cfg.category_count = 1;
	snprintf(f->cfg.terminal, sizeof f->cfg.terminal, "C07");
	assert_int_equal(actor_staff(&a, "boss", &err), JF_OK);
	ledger_act_as(&f->lg, &a);
	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, BOB, "Bob");
}

static int64_t
earn(struct fixture *f, const char *card, const char *receipt, int64_t fen,
     const char *category, int green)
{
	struct earn_request req = { card, fen, receipt, green, category };
	struct ledger_result res;
	struct jf_error err;

	assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_OK);
	return res.points;
}

static void
test_earn_at_member_rate(void **state)
{
	struct fixture *f = *state;
	struct member_rate r;
	struct jf_error err;

	setup_rates(f);
	assert_int_equal(earn(f, ANN, "R1", 12050, NULL, 0), 360);
	assert_int_equal(member_rate_set(&f->lg, ANN, 1, &err), JF_OK);
	assert_int_equal(earn(f, ANN, "R2", 12050, NULL, 0), 120);
	/* The member's plan overrides a category's rate ... */
	assert_int_equal(earn(f, ANN, "R3", 1000, "food", 0), 10);
	/* ... but not the green scheme. */
	assert_int_equal(earn(f, ANN, "R4", 1000, NULL, 1), 20);
	/* Others keep the store's. */
	assert_int_equal(earn(f, BOB, "R5", 1000, "food", 0), 50);
	assert_int_equal(member_rate_get(&f->lg, ANN, &r, &err), JF_OK);
	assert_int_equal(r.points_per_yuan, 1);
	assert_string_equal(r.actor, "staff:boss");
	assert_string_equal(r.terminal, "C07");
	assert_int_equal(member_rate_get(&f->lg, BOB, &r, &err), JF_OK);
	assert_int_equal(r.points_per_yuan, 0);
	assert_int_equal(r.at, 0);
	/* Cleared: the store's rates again; the history keeps both. */
	assert_int_equal(member_rate_clear(&f->lg, ANN, &err), JF_OK);
	assert_int_equal(earn(f, ANN, "R6", 1000, NULL, 0), 30);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM member_rate"), 2);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM member_event "
						  "WHERE action = 'earn_rate'"), 2);
	fixture_verify_ok(f);
}

static void
test_lines_at_member_rate(void **state)
{
	struct fixture *f = *state;
	static const char text[] = "amount,green,category\n20.00,0,food\n7.90,0,\n3.00,1,\n";
	struct receipt_lines l;
	struct ledger_result res;
	struct jf_error err;

	setup_rates(f);
	assert_int_equal(member_rate_set(&f->lg, ANN, 2, &err), JF_OK);
	memset(&l, 0, sizeof l);
	assert_int_equal(receipt_lines_parse(text, strlen(text), &f->cfg, &l, &err), JF_OK);
	assert_int_equal(l.points[KIND_POINTS], 100 + 21);
	assert_int_equal(ledger_earn_lines(&f->lg, ANN, "L1", &l, &res, &err), JF_OK);
	assert_int_equal(l.points[KIND_POINTS], 40 + 14);
	assert_int_equal(l.points[KIND_GREEN], 6);
	assert_int_equal(res.points, 60);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 54);
	receipt_lines_done(&l);
	fixture_verify_ok(f);
}

static void
test_refusals(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	int64_t entries;

	setup_rates(f);
	entries = fixture_entries(f);
	assert_int_equal(member_rate_set(&f->lg, ANN, 0, &err), JF_USAGE);
	assert_int_equal(member_rate_set(&f->lg, ANN, MEMBER_RATE_MAX + 1, &err), JF_USAGE);
	assert_int_equal(member_rate_set(&f->lg, "19999999", 2, &err), JF_NOTFOUND);
	assert_int_equal(member_rate_clear(&f->lg, ANN, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_NO_MEMBER_RATE);
	assert_string_equal(err.text, ANN);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM member_rate"), 0);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(member_rate_set(&f->lg, ANN, 4, &err), JF_OK);
	assert_int_equal(fixture_sql_int(f->path, "SELECT points_per_yuan FROM member_rate"), 4);
}

/* Every change, oldest first. */
static int
keep_rate(const struct member_rate *r, void *ctx)
{
	char *out = ctx;
	size_t n = strlen(out);

	snprintf(out + n, 64 - n, "%lld;", (long long)r->points_per_yuan);
	return 0;
}

static void
test_history(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	char seen[64] = "";

	setup_rates(f);
	assert_int_equal(member_rate_set(&f->lg, ANN, 1, &err), JF_OK);
	assert_int_equal(member_rate_set(&f->lg, ANN, 7, &err), JF_OK);
	assert_int_equal(member_rate_clear(&f->lg, ANN, &err), JF_OK);
	assert_int_equal(member_rate_history(&f->lg, ANN, keep_rate, seen, &err), JF_OK);
	assert_string_equal(seen, "1;7;0;");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_earn_at_member_rate),
		T(test_lines_at_member_rate),
		T(test_refusals),
		T(test_history),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
