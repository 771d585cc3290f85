/*
 * test_hold: vouchers reserve points as holds. A hold lowers what may be
 * spent, posting it redeems the points, voiding it gives them back; each
 * ends exactly once, a double scan is a replay, and the daily expiry never
 * takes points a voucher has reserved.
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
#include "verify.h"

#define ANN "10000001"

static int
setup(void **state)
{
	if (fixture_setup(state) != 0)
		return -1;
	fixture_add_member(*state, ANN, "Ann");
	return 0;
}

static int64_t
hold_ok(struct fixture *f, int64_t points, const char *key)
{
	struct hold_request hr = { ANN, KIND_POINTS, points, key, "voucher", 0 };
	struct jf_error err;
	int64_t id = 0;
	int replay = -1;

	if (ledger_hold(&f->lg, &hr, &id, &replay, &err) != JF_OK)
		fail_msg("hold %s: %s", key, err.message);
	assert_int_equal(replay, 0);
	assert_true(id > 0);
	return id;
}

static enum hold_state
state_of(struct fixture *f, int64_t hold_id)
{
	struct hold_info info;
	struct jf_error err;

	if (ledger_hold_get(&f->lg, hold_id, &info, &err) != JF_OK)
		fail_msg("hold %lld: %s", (long long)hold_id, err.message);
	return info.state;
}

static void
test_hold_reduces_available(void **state)
{
	struct fixture *f = *state;
	struct hold_info info;
	struct jf_error err;
	int64_t id;

	fixture_grant(f, ANN, 100, KIND_POINTS);
	id = hold_ok(f, 60, "v-1");
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 100);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 60);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 40);
	assert_int_equal(ledger_hold_get(&f->lg, id, &info, &err), JF_OK);
	assert_int_equal(info.points, 60);
	assert_int_equal(info.kind, KIND_POINTS);
	assert_int_equal(info.state, HOLD_PENDING);
	assert_int_equal(info.entry_id, 0);
	assert_int_equal(ledger_hold_get(&f->lg, id + 100, &info, &err), JF_NOTFOUND);
	fixture_verify_ok(f);
}

static void
test_cannot_hold_more_than_available(void **state)
{
	struct fixture *f = *state;
	struct hold_request hr = { ANN, KIND_POINTS, 50, "v-2", NULL, 0 };
	struct jf_error err;
	int64_t id;

	fixture_grant(f, ANN, 100, KIND_POINTS);
	hold_ok(f, 60, "v-1");
	/* 40 are left: a second voucher for 50 cannot be issued. */
	assert_int_equal(ledger_hold(&f->lg, &hr, &id, NULL, &err), JF_INSUFFICIENT);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 60);
	hr.points = 40;
	assert_int_equal(ledger_hold(&f->lg, &hr, &id, NULL, &err), JF_OK);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 0);
	/* Bad requests are refused before anything is looked at. */
	hr.key = "v-3";
	hr.points = 0;
	assert_int_equal(ledger_hold(&f->lg, &hr, &id, NULL, &err), JF_USAGE);
	hr.points = 1;
	hr.key = "";
	assert_int_equal(ledger_hold(&f->lg, &hr, &id, NULL, &err), JF_USAGE);
	hr.key = "v-3";
	hr.card = "77777777";
	assert_int_equal(ledger_hold(&f->lg, &hr, &id, NULL, &err), JF_NOTFOUND);
	fixture_verify_ok(f);
}

static void
test_post_redeems(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res, again;
	struct ledger_summary s;
	struct hold_info info;
	struct jf_error err;
	int64_t id, entries;

	fixture_grant(f, ANN, 100, KIND_POINTS);
	id = hold_ok(f, 70, "v-1");
	entries = fixture_entries(f);
	assert_int_equal(ledger_hold_post(&f->lg, id, &res, &err), JF_OK);
	assert_int_equal(res.points, 70);
	assert_int_equal(res.replay, 0);
	assert_int_equal(fixture_entries(f), entries + 1);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 30);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 0);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 30);
	assert_int_equal(ledger_hold_get(&f->lg, id, &info, &err), JF_OK);
	assert_int_equal(info.state, HOLD_POSTED);
	assert_int_equal(info.entry_id, res.entry_id);
	assert_int_equal(fixture_sql_int(f->path, "SELECT sum(remaining) FROM lot"), 30);
	assert_int_equal(ledger_summary(&f->lg, &s, &err), JF_OK);
	assert_int_equal(s.redeemed[KIND_POINTS], 70);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM entry WHERE type = 'redeem'"),
			 1);

	/* The voucher scanned a second time: the first redemption, nothing new. */
	assert_int_equal(ledger_hold_post(&f->lg, id, &again, &err), JF_OK);
	assert_int_equal(again.replay, 1);
	assert_int_equal(again.entry_id, res.entry_id);
	assert_int_equal(again.points, 70);
	assert_int_equal(fixture_entries(f), entries + 1);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 30);
	assert_int_equal(ledger_hold_post(&f->lg, id + 100, &res, &err), JF_NOTFOUND);
	fixture_verify_ok(f);
}

static void
test_void_releases(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	int64_t id, entries;

	fixture_grant(f, ANN, 100, KIND_POINTS);
	id = hold_ok(f, 70, "v-1");
	entries = fixture_entries(f);
	assert_int_equal(ledger_hold_void(&f->lg, id, &err), JF_OK);
	assert_int_equal(state_of(f, id), HOLD_VOIDED);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 100);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 0);
	assert_int_equal(fixture_entries(f), entries); /* a void moves no points */
	/* Voiding again changes nothing. */
	assert_int_equal(ledger_hold_void(&f->lg, id, &err), JF_OK);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 100);
	assert_int_equal(ledger_hold_void(&f->lg, id + 100, &err), JF_NOTFOUND);
	fixture_verify_ok(f);
}

/* A void writes no entry: the hold itself says who voided it, and where;
 * nobody acting voids nothing. A post is stamped the same way. */
static void
test_settled_by_whom(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct verify_report vr;
	struct jf_error err;
	struct actor a;
	char query[160], text[64];
	int64_t posted, voided;

	fixture_grant(f, ANN, 100, KIND_POINTS);
	posted = hold_ok(f, 30, "v-1");
	voided = hold_ok(f, 30, "v-2");
	ledger_act_as(&f->lg, NULL);
	assert_int_equal(ledger_hold_void(&f->lg, voided, &err), JF_ERR);
	assert_non_null(strstr(err.message, "nobody"));
	assert_int_equal(ledger_hold_post(&f->lg, posted, &res, &err), JF_ERR);
	assert_int_equal(state_of(f, voided), HOLD_PENDING);
	assert_int_equal(state_of(f, posted), HOLD_PENDING);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 60);

	assert_int_equal(actor_staff(&a, "till-4", &err), JF_OK);
	ledger_act_as(&f->lg, &a);
	snprintf(f->cfg.terminal, sizeof f->cfg.terminal, "C04");
	assert_int_equal(ledger_hold_void(&f->lg, voided, &err), JF_OK);
	fixture_act(f);
	assert_int_equal(ledger_hold_post(&f->lg, posted, &res, &err), JF_OK);
	snprintf(query, sizeof query, "SELECT settled_by || '@' || settled_terminal FROM hold "
				      "WHERE id = %lld", (long long)voided);
	fixture_sql_text(f->path, query, text, sizeof text);
	assert_string_equal(text, "staff:till-4@C04");
	snprintf(query, sizeof query, "SELECT settled_by || '@' || settled_terminal FROM hold "
				      "WHERE id = %lld", (long long)posted);
	fixture_sql_text(f->path, query, text, sizeof text);
	assert_string_equal(text, "shell:tester@C04");
	fixture_verify_ok(f);
	snprintf(query, sizeof query, "UPDATE hold SET settled_by = '' WHERE id = %lld",
		 (long long)voided);
	fixture_sql_exec(f->path, query);
	assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
	assert_non_null(strstr(vr.problem, "voided with no actor"));
}

static void
test_post_and_void_end_each_other(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct jf_error err;
	int64_t posted, voided, entries;

	fixture_grant(f, ANN, 100, KIND_POINTS);
	posted = hold_ok(f, 30, "v-1");
	voided = hold_ok(f, 30, "v-2");
	assert_int_equal(ledger_hold_post(&f->lg, posted, &res, &err), JF_OK);
	assert_int_equal(ledger_hold_void(&f->lg, voided, &err), JF_OK);
	entries = fixture_entries(f);

	assert_int_equal(ledger_hold_void(&f->lg, posted, &err), JF_CONFLICT);
	assert_non_null(strstr(err.message, "posted"));
	assert_int_equal(state_of(f, posted), HOLD_POSTED);
	assert_int_equal(ledger_hold_post(&f->lg, voided, &res, &err), JF_CONFLICT);
	assert_non_null(strstr(err.message, "voided"));
	assert_int_equal(state_of(f, voided), HOLD_VOIDED);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 70);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 70);
	fixture_verify_ok(f);
}

static void
test_expiry_keeps_held_points(void **state)
{
	struct fixture *f = *state;
	struct expire_result er;
	struct ledger_result res;
	struct jf_error err;
	int64_t posted, voided;

	f->cfg.expiry_days = 30; /* granted 2026-03-01, expires 2026-03-31 */
	fixture_grant(f, ANN, 100, KIND_POINTS);
	posted = hold_ok(f, 60, "v-1");
	voided = hold_ok(f, 10, "v-2");
	fixture_at("2026-04-02T09:00:00+08:00");
	assert_int_equal(ledger_expire(&f->lg, &er, &err), JF_OK);
	assert_int_equal(er.points[KIND_POINTS], 30);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 70);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 70);
	assert_int_equal(fixture_overdue(f, ANN, KIND_POINTS), 0); /* held, not overdue */
	fixture_verify_ok(f);

	/* The voucher issued before the date still redeems. */
	assert_int_equal(ledger_hold_post(&f->lg, posted, &res, &err), JF_OK);
	assert_int_equal(res.points, 60);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 10);
	fixture_verify_ok(f);
	/* A cancelled one frees its points, and the next run expires them. */
	assert_int_equal(ledger_hold_void(&f->lg, voided, &err), JF_OK);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 0); /* overdue: not spendable */
	assert_int_equal(fixture_overdue(f, ANN, KIND_POINTS), 10);
	assert_int_equal(ledger_expire(&f->lg, &er, &err), JF_OK);
	assert_int_equal(er.points[KIND_POINTS], 10);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 0);
	assert_int_equal(fixture_overdue(f, ANN, KIND_POINTS), 0);
	fixture_verify_ok(f);
}

/*
 * A voucher reserves points that can be spent now. Points of a newer
 * purchase, still in their return window, cannot back it: the expiring
 * points it reserved must be the ones kept.
 */
static void
test_expiry_keeps_held_points_beside_locked_ones(void **state)
{
	struct fixture *f = *state;
	struct earn_request purchase = { ANN, 10000, "R-1", 0, NULL };
	struct expire_result er;
	struct ledger_result res;
	struct jf_error err;
	int64_t id;

	f->cfg.expiry_days = 30; /* 2026-03-31 */
	f->cfg.lock_days = 14;
	fixture_grant(f, ANN, 100, KIND_POINTS);
	fixture_at("2026-03-25T10:00:00+08:00");
	assert_int_equal(ledger_earn(&f->lg, &purchase, &res, &err), JF_OK); /* locked to 04-08 */
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 100);
	id = hold_ok(f, 100, "v-1");
	fixture_at("2026-04-02T09:00:00+08:00");
	assert_int_equal(ledger_expire(&f->lg, &er, &err), JF_OK);
	/* Nothing may expire: every due point backs the voucher. */
	assert_int_equal(er.points[KIND_POINTS], 0);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 200);
	assert_int_equal(ledger_hold_post(&f->lg, id, &res, &err), JF_OK);
	/* The purchase's points are all still there, to be spent or refunded. */
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 100);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-1", &res, &err), JF_OK);
	assert_int_equal(res.points, 100);
	assert_int_equal(res.shortfall, 0);
	fixture_verify_ok(f);
}

static void
test_hold_replay_by_key(void **state)
{
	struct fixture *f = *state;
	struct hold_request hr = { ANN, KIND_POINTS, 25, "voucher-77", "tea set", 0 };
	struct jf_error err;
	int64_t first, again = 0, holds;
	int replay = -1;

	fixture_grant(f, ANN, 100, KIND_POINTS);
	assert_int_equal(ledger_hold(&f->lg, &hr, &first, &replay, &err), JF_OK);
	assert_int_equal(replay, 0);
	holds = fixture_sql_int(f->path, "SELECT count(*) FROM hold");
	assert_int_equal(ledger_hold(&f->lg, &hr, &again, &replay, &err), JF_OK);
	assert_int_equal(replay, 1);
	assert_int_equal(again, first);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 25);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM hold"), holds);
	/* Same key, other voucher: refused, nothing reserved. */
	hr.points = 26;
	assert_int_equal(ledger_hold(&f->lg, &hr, &again, &replay, &err), JF_CONFLICT);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 25);
	hr.points = 25;
	hr.kind = KIND_GREEN;
	assert_int_equal(ledger_hold(&f->lg, &hr, &again, &replay, &err), JF_CONFLICT);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM hold"), holds);
	fixture_verify_ok(f);
}

static void
test_green_hold(void **state)
{
	struct fixture *f = *state;
	struct hold_request hr = { ANN, KIND_GREEN, 15, "green-1", NULL, 0 };
	struct ledger_result res;
	struct jf_error err;
	int64_t id;

	fixture_grant(f, ANN, 20, KIND_GREEN);
	fixture_grant(f, ANN, 50, KIND_POINTS);
	assert_int_equal(ledger_hold(&f->lg, &hr, &id, NULL, &err), JF_OK);
	assert_int_equal(fixture_available(f, ANN, KIND_GREEN), 5);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 50);
	assert_int_equal(ledger_hold_post(&f->lg, id, &res, &err), JF_OK);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 5);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 50);
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_hold_reduces_available),
		T(test_cannot_hold_more_than_available),
		T(test_post_redeems),
		T(test_void_releases),
		T(test_post_and_void_end_each_other),
		T(test_settled_by_whom),
		T(test_expiry_keeps_held_points),
		T(test_expiry_keeps_held_points_beside_locked_ones),
		T(test_hold_replay_by_key),
		T(test_green_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
