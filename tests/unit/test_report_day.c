/*
 * test_report_day: the day and shift reports (report_day.h). The table of
 * rows is whole (every entry type core writes has its row, one catch-all),
 * an entry of a type no row names still counts in the totals, an offset
 * (written by the counter) lands in its row, and the filters by actor,
 * terminal and time select what they say. Bad filters are JF_USAGE.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "entry.h"
#include "fixture.h"
#include "report_day.h"

#define ANN "10000001"
#define BOB "10000002"

static int
setup(void **state)
{
	return fixture_setup_with(state, ANN, "Ann", BOB, "Bob", NULL);
}

static size_t
row_index(const char *key)
{
	for (size_t i = 0; i < report_row_count(); i++)
		if (strcmp(report_rows[i].key, key) == 0)
			return i;
	fail_msg("no row %s", key);
	return 0;
}

static void
test_rows_table(void **state)
{
	static const char *const types[] = { "earn", "reverse", "redeem", "return", "grant",
					     "compensate", "transfer", "expire", "offset",
					     "offset_undo" };
	int catch_all = 0;

	(void)state;
	assert_true(report_row_count() <= REPORT_ROWS_MAX);
	for (size_t i = 0; i < report_row_count(); i++) {
		const struct report_row *r = &report_rows[i];

		assert_non_null(r->key);
		assert_non_null(r->label);
		if (r->measure == REPORT_MOVES && r->entry_type == NULL)
			catch_all++;
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(r->key, report_rows[j].key);
			if (r->entry_type && report_rows[j].entry_type)
				assert_string_not_equal(r->entry_type, report_rows[j].entry_type);
		}
	}
	assert_int_equal(catch_all, 1);
	for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
		size_t i = 0;

		while (i < report_row_count() &&
		       !(report_rows[i].entry_type && !strcmp(report_rows[i].entry_type, types[t])))
			i++;
		if (i == report_row_count())
			fail_msg("no row for entry type %s", types[t]);
	}
}

/* An entry of type between a member's points and the issued account. */
static void
raw_entry(struct fixture *f, const char *type, const char *ref, const char *card,
	  int64_t amount)
{
	struct entry_line lines[2];
	struct entry_new e = { type, ref, NULL, 0, lines, 2, NULL };
	struct account acct;
	struct jf_error err;
	int64_t id;

	assert_int_equal(db_begin_write(f->lg.db, &err), JF_OK);
	assert_int_equal(account_of_card(f->lg.db, card, KIND_POINTS, &acct, &err), JF_OK);
	assert_int_equal(account_system(&f->lg, SYS_ISSUED, KIND_POINTS, &lines[1].account_id,
					&err), JF_OK);
	lines[0] = (struct entry_line){ acct.id, amount };
	lines[1].amount = -amount;
	if (entry_append(&f->lg, &e, &id, &err) != JF_OK)
		fail_msg("entry %s: %s", ref, err.message);
	assert_int_equal(db_commit(f->lg.db, &err), JF_OK);
}

static void
report_today(struct fixture *f, const char *staff, const char *terminal, struct report *r)
{
	struct jf_error err;

	if (report_day(&f->lg, NULL, staff, terminal, NULL, r, &err) != JF_OK)
		fail_msg("report: %s", err.message);
}

static void
test_other_and_offset(void **state)
{
	struct fixture *f = *state;
	struct report r;
	size_t other = row_index("other"), offsets = row_index("offsets");

	fixture_grant(f, ANN, 100, KIND_POINTS);
	raw_entry(f, "mystery", "m-1", ANN, 7);
	raw_entry(f, "offset", "o-1", ANN, -30);
	report_today(f, NULL, NULL, &r);
	assert_string_equal(r.date, "2026-03-01");
	assert_int_equal(r.all.rows[other].count, 1);
	assert_int_equal(r.all.rows[other].in[KIND_POINTS], 7);
	assert_int_equal(r.all.rows[offsets].count, 1);
	assert_int_equal(r.all.rows[offsets].out[KIND_POINTS], 30);
	assert_int_equal(r.all.total.count, 3);
	assert_int_equal(r.all.total.in[KIND_POINTS], 107);
	assert_int_equal(r.all.total.out[KIND_POINTS], 30);
	assert_int_equal(r.all.total.in[KIND_POINTS] - r.all.total.out[KIND_POINTS],
			 fixture_total(f, ANN, KIND_POINTS));
	assert_int_equal(r.actors, 1);
	assert_string_equal(r.by_actor[0].name, "shell:tester");
	report_done(&r);
}

static void
act_staff(struct fixture *f, const char *id)
{
	struct actor a;
	struct jf_error err;

	assert_int_equal(actor_staff(&a, id, &err), JF_OK);
	ledger_act_as(&f->lg, &a);
}

static void
test_filters(void **state)
{
	struct fixture *f = *state;
	struct report r;
	struct jf_error err;
	int64_t login;
	size_t grants = row_index("grants");

	act_staff(f, "S1");
	fixture_grant(f, ANN, 10, KIND_POINTS);
	fixture_advance(3600);
	login = clock_now();
	snprintf(f->cfg.terminal, sizeof f->cfg.terminal, "T2");
	fixture_grant(f, ANN, 20, KIND_GREEN);
	act_staff(f, "S2");
	fixture_grant(f, BOB, 40, KIND_POINTS);

	report_today(f, "S1", NULL, &r);
	assert_string_equal(r.actor, "staff:S1");
	assert_int_equal(r.all.rows[grants].count, 2);
	assert_int_equal(r.all.total.in[KIND_POINTS], 10);
	assert_int_equal(r.all.total.in[KIND_GREEN], 20);
	assert_int_equal(r.terminals, 2);
	report_done(&r);
	report_today(f, NULL, "T2", &r);
	assert_int_equal(r.all.total.count, 2);
	assert_int_equal(r.all.total.in[KIND_POINTS], 40);
	assert_int_equal(r.actors, 2);
	report_done(&r);

	/* S1's shift since the login: the second grant alone. */
	assert_int_equal(report_shift(&f->lg, "S1", login, &r, &err), JF_OK);
	assert_string_equal(r.date, "");
	assert_int_equal(r.until, INT64_MAX);
	assert_int_equal(r.all.total.count, 1);
	assert_int_equal(r.all.total.in[KIND_GREEN], 20);
	report_done(&r);

	/* Another day is empty. */
	assert_int_equal(report_day(&f->lg, "2026-02-28", NULL, NULL, NULL, &r, &err), JF_OK);
	assert_int_equal(r.all.total.count, 0);
	assert_int_equal(r.actors, 0);
	report_done(&r);
}

static void
test_bad_filters(void **state)
{
	struct fixture *f = *state;
	struct report r;
	struct jf_error err;

	assert_int_equal(report_day(&f->lg, "2026-02-30", NULL, NULL, NULL, &r, &err), JF_USAGE);
	assert_int_equal(report_day(&f->lg, "tomorrow", NULL, NULL, NULL, &r, &err), JF_USAGE);
	assert_int_equal(report_day(&f->lg, NULL, "a b", NULL, NULL, &r, &err), JF_USAGE);
	assert_int_equal(report_day(&f->lg, NULL, NULL, "T 1", NULL, &r, &err), JF_USAGE);
	assert_int_equal(report_shift(&f->lg, NULL, 0, &r, &err), JF_USAGE);
	assert_int_equal(report_shift(&f->lg, "", 0, &r, &err), JF_USAGE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_table),
		T(test_other_and_offset),
		T(test_filters),
		T(test_bad_filters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
