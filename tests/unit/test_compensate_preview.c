/*
 * test_compensate_preview: the counter's confirmations of a delisting and
 * an outage (compensate.h previews) say what the writes then do: the
 * vouchers, members and points of a delisting, the lots, members and
 * points of an outage; they write nothing and refuse what the writes
 * refuse.
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
#include "clock.h"
#include "compensate.h"
#include "fixture.h"
#include "ledger.h"
#include "voucher.h"

#define CATALOG "sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green," \
		"active_from,active_until,new_until\n" \
		"A1,甲,Item A,misc,goods,100,,,,9,0,,,\n"

#define ANN "10000001"
#define BOB "10000002"

static int
setup(void **state)
{
	struct fixture *f;
	struct import_report r;
	struct jf_error err;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (voucher_key_create(&f->lg, &err) != JF_OK ||
	    catalog_import_text(&f->lg, CATALOG, strlen(CATALOG), &r, &err) != JF_OK) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	import_report_done(&r);
	fixture_act(f);
	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, BOB, "Bob");
	return 0;
}

static void
test_delist_preview(void **state)
{
	struct fixture *f = *state;
	struct delist_preview p;
	struct delist_result d;
	struct jf_error err;
	struct voucher v;
	int64_t entries;

	fixture_grant(f, ANN, 500, KIND_POINTS);
	fixture_grant(f, BOB, 500, KIND_POINTS);
	assert_int_equal(voucher_issue(&f->lg, ANN, "A1", 1, NULL, &v, &err), JF_OK);
	assert_int_equal(voucher_issue(&f->lg, ANN, "A1", 2, NULL, &v, &err), JF_OK);
	assert_int_equal(voucher_issue(&f->lg, BOB, "A1", 1, NULL, &v, &err), JF_OK);
	entries = fixture_entries(f);
	assert_int_equal(compensate_delist_preview(&f->lg, "A1", 25, &p, &err), JF_OK);
	assert_int_equal(p.vouchers, 3);
	assert_int_equal(p.members, 2);
	assert_int_equal(p.points_back, 400);
	assert_int_equal(p.bonus_points, 75);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(compensate_delist_preview(&f->lg, "NOPE", 0, &p, &err), JF_NOTFOUND);
	assert_int_equal(compensate_delist_preview(&f->lg, "A1", -1, &p, &err), JF_USAGE);
	/* The write does what the preview said. */
	assert_int_equal(compensate_delist(&f->lg, "A1", 25, "recall", &d, &err), JF_OK);
	assert_int_equal(d.vouchers, 3);
	assert_int_equal(d.points_back, 400);
	assert_int_equal(d.bonus_points, 75);
	assert_int_equal(compensate_delist_preview(&f->lg, "A1", 0, &p, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_DELISTED);
	fixture_verify_ok(f);
}

static void
test_outage_preview(void **state)
{
	struct fixture *f = *state;
	struct outage_result before, after;
	struct jf_error err;
	int64_t members, from, to, entries;

	/* Lots of both members, due a year on; the outage covers that day. */
	fixture_grant(f, ANN, 300, KIND_POINTS);
	fixture_grant(f, BOB, 40, KIND_GREEN);
	fixture_at("2027-03-05T10:00:00+08:00");
	assert_int_equal(clock_parse_iso("2027-02-27T00:00:00+08:00", &from), JF_OK);
	assert_int_equal(clock_parse_iso("2027-03-04T00:00:00+08:00", &to), JF_OK);
	entries = fixture_entries(f);
	assert_int_equal(compensate_outage_preview(&f->lg, from, to, 30, &before, &members, &err),
			 JF_OK);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(compensate_outage_preview(&f->lg, to, from, 30, &before, &members, &err),
			 JF_USAGE);
	assert_int_equal(compensate_outage_preview(&f->lg, from, to, 0, &before, &members, &err),
			 JF_USAGE);
	assert_int_equal(compensate_outage_preview(&f->lg, from, to, 30, &before, &members, &err),
			 JF_OK);
	assert_int_equal(compensate_outage(&f->lg, from, to, 30, &after, &err), JF_OK);
	assert_int_equal(before.lots_restored, after.lots_restored);
	assert_int_equal(before.lots_extended, after.lots_extended);
	assert_int_equal(before.points_restored[KIND_POINTS], after.points_restored[KIND_POINTS]);
	assert_int_equal(before.points_restored[KIND_GREEN], after.points_restored[KIND_GREEN]);
	assert_string_equal(before.new_expiry, after.new_expiry);
	assert_int_equal(before.lots_restored + before.lots_extended, 2);
	assert_int_equal(members, 2);
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_delist_preview),
		T(test_outage_preview),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
