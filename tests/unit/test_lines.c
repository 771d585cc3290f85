/*
 * test_lines: a receipt given line by line. Each line earns by the earn
 * rule on its own; ordinary and green points land in one entry; a bad line
 * refuses the whole file, naming its line, and writes nothing; the
 * receipt counts once, and is reversed whole (both kinds) or, when of one
 * kind, in parts.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "ledger.h"
#include "lines.h"
#include "member_rate.h"
#include "parse.h"

#define ANN "10000001"

static int
setup(void **state)
{
	struct fixture *f;
	struct jf_error err;

	if (fixture_setup_with(state, ANN, "Ann", NULL) != 0)
		return -1;
	f = *state;
	return settings_load_string(&f->cfg, "[earn]\npoints_per_yuan = 2\n[category food]\n"
				    "points_per_yuan = 3\n", &err) == JF_OK ? 0 : -1;
}

static enum jf_status
parse(struct fixture *f, const char *text, struct receipt_lines *l)
{
	struct jf_error err;

	return receipt_lines_parse(text, strlen(text), &f->cfg, l, &err);
}

static void
test_parse_good(void **state)
{
	struct fixture *f = *state;
	struct receipt_lines l;

	assert_int_equal(parse(f, "\xef\xbb\xbf" "amount,green,category\r\n59.90,0,\r\n"
				  "\r\n12.00,1,food\r\n30.5,0,food\r\n\"1.99\",\"0\"", &l), JF_OK);
	assert_int_equal(l.count, 4);
	assert_int_equal(l.items[0].points, 59 * 2);
	assert_int_equal(l.items[1].points, 12); /* green: its own rate, no category */
	assert_int_equal(l.items[2].points, 30 * 3);
	assert_int_equal(l.items[2].line, 5);
	assert_int_equal(l.items[3].points, 2); /* per line: 1.99 earns for 1 yuan */
	assert_int_equal(l.points[KIND_POINTS], 118 + 90 + 2);
	assert_int_equal(l.points[KIND_GREEN], 12);
	assert_int_equal(l.fen, 5990 + 1200 + 3050 + 199);
	receipt_lines_done(&l);
}

static void
test_parse_bad(void **state)
{
	struct fixture *f = *state;
	struct receipt_lines l;

	assert_int_equal(parse(f, "59.90,0,\nabc,0,\n1,2,\n1,0,toys\n\"1,0\n1,0,,x,y\n1\n"
				  "-1,0,\n1,0,,bad sku\n", &l), JF_USAGE);
	assert_int_equal(l.problem_count, 8);
	assert_non_null(strstr(l.problems[7].message, "sku"));
	for (size_t i = 0; i < l.problem_count; i++)
		assert_int_equal(l.problems[i].line, (int)i + 2);
	assert_non_null(strstr(l.problems[2].message, "toys"));
	receipt_lines_done(&l);
	assert_int_equal(parse(f, "", &l), JF_USAGE);
	assert_int_equal(l.problems[0].line, 1);
	receipt_lines_done(&l);
	assert_int_equal(parse(f, "amount,green,category\n", &l), JF_USAGE);
	receipt_lines_done(&l);
}

/* The fourth field, sku, is optional: spelled as a catalog SKU, in the
 * catalog or not; a header with it is a header. */
static void
test_parse_sku(void **state)
{
	struct fixture *f = *state;
	struct receipt_lines l = { 0 };
	struct jf_error err;

	assert_int_equal(parse(f, "amount,green,category,sku\n59.90,0,food,TEA-500\n1.00,0,\n"
				  "2.00,1,,\n3.00,0,,NOT.LISTED_1\n", &l), JF_OK);
	assert_int_equal(l.count, 4);
	assert_string_equal(l.items[0].sku, "TEA-500");
	assert_string_equal(l.items[0].category, "food");
	assert_string_equal(l.items[1].sku, "");
	assert_string_equal(l.items[2].sku, "");
	assert_string_equal(l.items[3].sku, "NOT.LISTED_1");
	receipt_lines_done(&l);
	assert_int_equal(receipt_lines_add_sku(&l, 100, 0, NULL, "RICE", &f->cfg, &err), JF_OK);
	assert_int_equal(receipt_lines_add_sku(&l, 100, 0, NULL, NULL, &f->cfg, &err), JF_OK);
	assert_int_equal(receipt_lines_add_sku(&l, 100, 0, NULL, "a b", &f->cfg, &err), JF_USAGE);
	assert_int_equal(receipt_lines_add_sku(&l, 100, 0, NULL,
					       "123456789012345678901234567890123", &f->cfg, &err),
			 JF_USAGE);
	assert_int_equal(l.count, 2);
	assert_string_equal(l.items[0].sku, "RICE");
	assert_string_equal(l.items[1].sku, "");
	receipt_lines_done(&l);
}

/* Lines typed one by one (a screen) count as the parser counts them. */
static void
test_add(void **state)
{
	struct fixture *f = *state;
	struct receipt_lines typed = { 0 }, parsed;
	struct jf_error err;

	assert_int_equal(receipt_lines_add(&typed, 5990, 0, NULL, &f->cfg, &err), JF_OK);
	assert_int_equal(receipt_lines_add(&typed, 1200, 1, "food", &f->cfg, &err), JF_OK);
	assert_int_equal(receipt_lines_add(&typed, 3050, 0, "food", &f->cfg, &err), JF_OK);
	assert_int_equal(parse(f, "59.90,0,\n12.00,1,food\n30.50,0,food\n", &parsed), JF_OK);
	assert_int_equal(typed.count, 3);
	assert_int_equal(typed.items[2].line, 3);
	assert_int_equal(typed.fen, parsed.fen);
	assert_int_equal(typed.fen_kind[KIND_GREEN], 1200);
	assert_int_equal(typed.points[KIND_POINTS], parsed.points[KIND_POINTS]);
	assert_int_equal(typed.points[KIND_GREEN], parsed.points[KIND_GREEN]);
	for (size_t i = 0; i < typed.count; i++)
		assert_int_equal(typed.items[i].points, parsed.items[i].points);
	receipt_lines_done(&parsed);
	/* A bad line changes nothing. */
	assert_int_equal(receipt_lines_add(&typed, -1, 0, "", &f->cfg, &err), JF_USAGE);
	assert_int_equal(receipt_lines_add(&typed, PARSE_FEN_MAX + 1, 0, "", &f->cfg, &err),
			 JF_USAGE);
	assert_int_equal(receipt_lines_add(&typed, 100, 0, "toys", &f->cfg, &err), JF_USAGE);
	assert_non_null(strstr(err.message, "toys"));
	assert_int_equal(receipt_lines_add(&typed, PARSE_FEN_MAX - typed.fen + 1, 0, "", &f->cfg,
					   &err), JF_USAGE);
	assert_int_equal(typed.count, 3);
	assert_int_equal(typed.fen, 5990 + 1200 + 3050);
	receipt_lines_done(&typed);
	/* At most LINES_MAX lines, typed or read. */
	for (int i = 0; i < LINES_MAX; i++)
		assert_int_equal(receipt_lines_add(&typed, 100, 0, "", &f->cfg, &err), JF_OK);
	assert_int_equal(receipt_lines_add(&typed, 100, 0, "", &f->cfg, &err), JF_USAGE);
	assert_non_null(strstr(err.message, "more than"));
	assert_int_equal(typed.count, LINES_MAX);
	receipt_lines_done(&typed);
}

/* The parser's own limits are receipt_lines_add()'s: too many lines is one
 * problem, said once; a total too large is refused at its line. */
static void
test_parse_limits(void **state)
{
	struct fixture *f = *state;
	struct receipt_lines l;
	size_t n = (LINES_MAX + 5) * 7 + 1;
	char *text = malloc(n), *p = text;

	assert_non_null(text);
	for (int i = 0; i < LINES_MAX + 5; i++)
		p += sprintf(p, "1.00,0\n");
	assert_int_equal(parse(f, text, &l), JF_USAGE);
	assert_int_equal(l.problem_count, 1);
	assert_int_equal(l.problems[0].line, LINES_MAX + 1);
	assert_non_null(strstr(l.problems[0].message, "more than"));
	assert_int_equal(l.count, LINES_MAX);
	receipt_lines_done(&l);
	free(text);
	assert_int_equal(parse(f, "1000000000,0,\n0.01,0,\n", &l), JF_USAGE);
	assert_int_equal(l.problem_count, 1);
	assert_int_equal(l.problems[0].line, 2);
	receipt_lines_done(&l);
}

/* The quote counts by the award's rule: a member's own rate on ordinary
 * lines, the store's green rate on green ones; the award earns just that. */
static void
test_quote_member_rate(void **state)
{
	struct fixture *f = *state;
	struct receipt_lines l = { 0 };
	struct ledger_result res;
	struct jf_error err;

	assert_int_equal(receipt_lines_add(&l, 2000, 0, "food", &f->cfg, &err), JF_OK);
	assert_int_equal(receipt_lines_add(&l, 1000, 1, NULL, &f->cfg, &err), JF_OK);
	assert_int_equal(ledger_earn_lines_quote(&f->lg, ANN, &l, &err), JF_OK);
	assert_int_equal(l.points[KIND_POINTS], 20 * 3);
	assert_int_equal(member_rate_set(&f->lg, ANN, 5, &err), JF_OK);
	assert_int_equal(ledger_earn_lines_quote(&f->lg, ANN, &l, &err), JF_OK);
	assert_int_equal(l.items[0].points, 20 * 5);
	assert_int_equal(l.points[KIND_POINTS], 100);
	assert_int_equal(l.points[KIND_GREEN], 10);
	/* Quoted under a rate since cleared: the award counts again. */
	assert_int_equal(member_rate_clear(&f->lg, ANN, &err), JF_OK);
	assert_int_equal(ledger_earn_lines(&f->lg, ANN, "Q1", &l, &res, &err), JF_OK);
	assert_int_equal(res.points, 60 + 10);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 60);
	fixture_verify_ok(f);
	receipt_lines_done(&l);
}

static void
test_earn_lines(void **state)
{
	struct fixture *f = *state;
	struct receipt_lines l, other;
	struct ledger_result res, again, back;
	struct jf_error err;

	assert_int_equal(parse(f, "59.90,0,\n12.00,1,\n", &l), JF_OK);
	assert_int_equal(ledger_earn_lines(&f->lg, ANN, "L1", &l, &res, &err), JF_OK);
	assert_int_equal(res.points, 118 + 12);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 118);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 12);
	assert_int_equal(fixture_entries(f), 1);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM lot"), 2);
	fixture_verify_ok(f);
	/* Once: a replay, and the same receipt with other lines is a conflict. */
	assert_int_equal(ledger_earn_lines(&f->lg, ANN, "L1", &l, &again, &err), JF_OK);
	assert_int_equal(again.replay, 1);
	assert_int_equal(again.entry_id, res.entry_id);
	assert_int_equal(parse(f, "59.90,0,\n12.00,0,\n", &other), JF_OK);
	assert_int_equal(ledger_earn_lines(&f->lg, ANN, "L1", &other, &again, &err), JF_CONFLICT);
	receipt_lines_done(&other);
	assert_int_equal(ledger_earn_lines(&f->lg, "10000099", "L2", &l, &again, &err),
			 JF_NOTFOUND);
	/* A receipt of both kinds: the whole reversal takes both back. */
	assert_int_equal(ledger_earn_reverse(&f->lg, "L1", &back, &err), JF_OK);
	assert_int_equal(back.points, 130);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 0);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 0);
	fixture_verify_ok(f);
	receipt_lines_done(&l);
}

/* A receipt of lines of one kind may be refunded in parts. */
static void
test_lines_refund_part(void **state)
{
	struct fixture *f = *state;
	struct receipt_lines l;
	struct ledger_result res;
	struct refund_request req = { "L1", 5000, "r1" };
	struct refund_result part;
	struct jf_error err;

	assert_int_equal(parse(f, "50.00,0,\n50.00,0,food\n", &l), JF_OK);
	assert_int_equal(ledger_earn_lines(&f->lg, ANN, "L1", &l, &res, &err), JF_OK);
	assert_int_equal(res.points, 100 + 150);
	assert_int_equal(ledger_earn_refund(&f->lg, &req, &part, &err), JF_OK);
	assert_int_equal(part.due, 125); /* half the receipt: half its points */
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 125);
	fixture_verify_ok(f);
	receipt_lines_done(&l);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_parse_good),
		T(test_parse_bad),
		T(test_parse_sku),
		T(test_add),
		T(test_parse_limits),
		T(test_quote_member_rate),
		T(test_earn_lines),
		T(test_lines_refund_part),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
