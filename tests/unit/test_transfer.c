/*
 * test_transfer: green points move between members of one family, within a
 * daily limit; ordinary points only when the config allows it. The points
 * received keep the expiry dates they had, so passing them around can never
 * make them live longer.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "family.h"
#include "fixture.h"
#include "ledger.h"

#define MOM "10000001"   /* family Li */
#define KID "10000002"   /* family Li */
#define NEIGH "10000003" /* family Wang */
#define LONER "10000004" /* no family */

static int
setup(void **state)
{
	struct fixture *f;
	struct jf_error err;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	fixture_add_member(f, MOM, "Li Mei");
	fixture_add_member(f, KID, "Li Lei");
	fixture_add_member(f, NEIGH, "Wang Fang");
	fixture_add_member(f, LONER, "Zhao Yun");
	if (family_create(&f->lg, "Li", MOM, &err) != JF_OK ||
	    family_add(&f->lg, "Li", KID, &err) != JF_OK ||
	    family_create(&f->lg, "Wang", NEIGH, &err) != JF_OK) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	return 0;
}

static enum jf_status
transfer(struct fixture *f, const char *from, const char *to, int64_t points,
	 enum point_kind kind, const char *key, struct ledger_result *res, struct jf_error *err)
{
	struct transfer_request req = { from, to, points, kind, key };

	jf_error_clear(err);
	return ledger_transfer(&f->lg, &req, res, err);
}

static void
transfer_ok(struct fixture *f, const char *from, const char *to, int64_t points,
	    enum point_kind kind, const char *key)
{
	struct ledger_result res;
	struct jf_error err;

	if (transfer(f, from, to, points, kind, key, &res, &err) != JF_OK)
		fail_msg("transfer %s: %s", key, err.message);
	assert_int_equal(res.replay, 0);
	assert_int_equal(res.points, points);
}

static void
test_green_within_family(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct jf_error err;

	fixture_grant(f, MOM, 500, KIND_GREEN);
	assert_int_equal(transfer(f, MOM, KID, 200, KIND_GREEN, "t-1", &res, &err), JF_OK);
	assert_true(res.entry_id > 0);
	assert_int_equal(fixture_total(f, MOM, KIND_GREEN), 300);
	assert_int_equal(fixture_total(f, KID, KIND_GREEN), 200);
	/* Received points can be spent at once, and sent back. */
	assert_int_equal(fixture_available(f, KID, KIND_GREEN), 200);
	transfer_ok(f, KID, MOM, 50, KIND_GREEN, "t-2");
	assert_int_equal(fixture_total(f, MOM, KIND_GREEN), 350);
	assert_int_equal(fixture_total(f, KID, KIND_GREEN), 150);
	assert_int_equal(
		fixture_sql_int(f->path, "SELECT count(*) FROM entry WHERE type = 'transfer'"), 2);
	fixture_verify_ok(f);
}

static void
test_refused_outside_family(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct jf_error err;
	int64_t entries;

	fixture_grant(f, MOM, 500, KIND_GREEN);
	fixture_grant(f, LONER, 500, KIND_GREEN);
	entries = fixture_entries(f);
	assert_int_equal(transfer(f, MOM, NEIGH, 10, KIND_GREEN, "t-1", &res, &err), JF_CONFLICT);
	assert_non_null(strstr(err.message, "family"));
	assert_int_equal(transfer(f, MOM, LONER, 10, KIND_GREEN, "t-2", &res, &err), JF_CONFLICT);
	assert_int_equal(transfer(f, LONER, MOM, 10, KIND_GREEN, "t-3", &res, &err), JF_CONFLICT);
	assert_int_equal(transfer(f, MOM, MOM, 10, KIND_GREEN, "t-4", &res, &err), JF_USAGE);
	assert_int_equal(transfer(f, MOM, "99999999", 10, KIND_GREEN, "t-5", &res, &err),
			 JF_NOTFOUND);
	assert_int_equal(transfer(f, MOM, KID, 0, KIND_GREEN, "t-6", &res, &err), JF_USAGE);
	assert_int_equal(transfer(f, MOM, KID, 10, KIND_GREEN, "bad key", &res, &err), JF_USAGE);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, MOM, KIND_GREEN), 500);
	assert_int_equal(fixture_total(f, NEIGH, KIND_GREEN), 0);
	fixture_verify_ok(f);
}

static void
test_points_need_permission(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct jf_error err;

	fixture_grant(f, MOM, 300, KIND_POINTS);
	assert_int_equal(transfer(f, MOM, KID, 100, KIND_POINTS, "p-1", &res, &err), JF_CONFLICT);
	assert_non_null(strstr(err.message, "green"));
	assert_int_equal(fixture_total(f, KID, KIND_POINTS), 0);
	f->cfg.allow_points_transfer = 1;
	assert_int_equal(transfer(f, MOM, KID, 100, KIND_POINTS, "p-1", &res, &err), JF_OK);
	assert_int_equal(fixture_total(f, MOM, KIND_POINTS), 200);
	assert_int_equal(fixture_total(f, KID, KIND_POINTS), 100);
	/* Still only within the family. */
	assert_int_equal(transfer(f, MOM, NEIGH, 100, KIND_POINTS, "p-2", &res, &err), JF_CONFLICT);
	fixture_verify_ok(f);
}

/* What ledger_sent_today() reports: the figure the limit is checked on. */
static int64_t
sent_today(struct fixture *f, const char *card, enum point_kind kind)
{
	struct jf_error err;
	int64_t sent = -1;

	assert_int_equal(ledger_sent_today(&f->lg, card, kind, &sent, &err), JF_OK);
	return sent;
}

static void
test_daily_green_limit(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct jf_error err;

	f->cfg.daily_green_limit = 300;
	fixture_grant(f, MOM, 1000, KIND_GREEN);
	assert_int_equal(sent_today(f, MOM, KIND_GREEN), 0);
	transfer_ok(f, MOM, KID, 200, KIND_GREEN, "d-1");
	assert_int_equal(sent_today(f, MOM, KIND_GREEN), 200);
	assert_int_equal(sent_today(f, KID, KIND_GREEN), 0); /* received is not sent */
	assert_int_equal(transfer(f, MOM, KID, 150, KIND_GREEN, "d-2", &res, &err), JF_CONFLICT);
	assert_non_null(strstr(err.message, "300"));
	assert_int_equal(sent_today(f, MOM, KIND_GREEN), 200); /* a refusal sends nothing */
	assert_int_equal(fixture_total(f, KID, KIND_GREEN), 200);
	transfer_ok(f, MOM, KID, 100, KIND_GREEN, "d-3"); /* exactly the limit */
	assert_int_equal(transfer(f, MOM, KID, 1, KIND_GREEN, "d-4", &res, &err), JF_CONFLICT);
	/* The limit is per sender: the kid may still send. */
	transfer_ok(f, KID, MOM, 300, KIND_GREEN, "d-5");
	/* Late that evening, still the same day. */
	fixture_at("2026-03-01T23:59:00+08:00");
	assert_int_equal(transfer(f, MOM, KID, 1, KIND_GREEN, "d-4", &res, &err), JF_CONFLICT);
	/* A new day, a new allowance. */
	fixture_at("2026-03-02T00:00:00+08:00");
	assert_int_equal(sent_today(f, MOM, KIND_GREEN), 0);
	assert_int_equal(ledger_sent_today(&f->lg, "99999999", KIND_GREEN, &res.points, &err),
			 JF_NOTFOUND);
	transfer_ok(f, MOM, KID, 300, KIND_GREEN, "d-6");
	/* No limit when it is 0. */
	f->cfg.daily_green_limit = 0;
	transfer_ok(f, MOM, KID, 700, KIND_GREEN, "d-7");
	assert_int_equal(fixture_total(f, MOM, KIND_GREEN), 0);
	fixture_verify_ok(f);
}

/* Two fresh keys never meet, and each is a key the ledger takes. */
static void
test_new_keys(void **state)
{
	struct fixture *f = *state;
	char a[LEDGER_NEW_KEY_SIZE], b[LEDGER_NEW_KEY_SIZE];

	fixture_grant(f, MOM, 100, KIND_GREEN);
	ledger_new_key("family-", a);
	ledger_new_key("family-", b);
	assert_int_equal(strncmp(a, "family-", 7), 0);
	assert_int_equal(strlen(a), 7 + 32);
	assert_string_not_equal(a, b);
	transfer_ok(f, MOM, KID, 10, KIND_GREEN, a);
	transfer_ok(f, MOM, KID, 10, KIND_GREEN, b);
	/* A prefix too long for a key is cut, never overflows. */
	ledger_new_key("a-prefix-far-too-long-for-any-key-at-all-", a);
	assert_int_equal(strlen(a), 30 + 32);
	transfer_ok(f, MOM, KID, 10, KIND_GREEN, a);
	assert_int_equal(fixture_total(f, KID, KIND_GREEN), 30);
}

static void
test_received_lots_keep_expiry(void **state)
{
	struct fixture *f = *state;
	struct expire_result er;
	struct jf_error err;
	char date[16];
	char sql[200];

	f->cfg.daily_green_limit = 0;
	f->cfg.expiry_days = 30; /* 2026-03-31 */
	fixture_grant(f, MOM, 100, KIND_GREEN);
	f->cfg.expiry_days = 90; /* 2026-05-30 */
	fixture_grant(f, MOM, 100, KIND_GREEN);
	f->cfg.expiry_days = 365;
	fixture_at("2026-03-10T10:00:00+08:00");
	transfer_ok(f, MOM, KID, 150, KIND_GREEN, "k-1");
	/* Two lots for the kid, with the mother's dates, not a fresh year. */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM lot l JOIN account a ON a.id = l.account_id "
		 "WHERE a.name = 'member:%s:green'", KID);
	assert_int_equal(fixture_sql_int(f->path, sql), 2);
	snprintf(sql, sizeof sql,
		 "SELECT l.amount FROM lot l JOIN account a ON a.id = l.account_id "
		 "WHERE a.name = 'member:%s:green' AND l.expires_on = '2026-03-31'", KID);
	assert_int_equal(fixture_sql_int(f->path, sql), 100);
	snprintf(sql, sizeof sql,
		 "SELECT l.amount FROM lot l JOIN account a ON a.id = l.account_id "
		 "WHERE a.name = 'member:%s:green' AND l.expires_on = '2026-05-30'", KID);
	assert_int_equal(fixture_sql_int(f->path, sql), 50);
	snprintf(sql, sizeof sql,
		 "SELECT max(l.available_on) FROM lot l JOIN account a ON a.id = l.account_id "
		 "WHERE a.name = 'member:%s:green'", KID);
	fixture_sql_text(f->path, sql, date, sizeof date);
	assert_string_equal(date, "2026-03-10");
	/* And they expire on those dates at the kid's too. */
	fixture_at("2026-04-01T10:00:00+08:00");
	assert_int_equal(ledger_expire(&f->lg, &er, &err), JF_OK);
	assert_int_equal(er.points[KIND_GREEN], 100);
	assert_int_equal(fixture_total(f, KID, KIND_GREEN), 50);
	assert_int_equal(fixture_total(f, MOM, KIND_GREEN), 50);
	fixture_verify_ok(f);
}

static void
test_insufficient(void **state)
{
	struct fixture *f = *state;
	struct hold_request hr = { MOM, KIND_GREEN, 60, "voucher-1", NULL, 0 };
	struct ledger_result res;
	struct jf_error err;
	int64_t entries, hold_id;

	fixture_grant(f, MOM, 100, KIND_GREEN);
	assert_int_equal(ledger_hold(&f->lg, &hr, &hold_id, NULL, &err), JF_OK);
	entries = fixture_entries(f);
	/* 100 on the account, 60 of them reserved by a voucher. */
	assert_int_equal(transfer(f, MOM, KID, 50, KIND_GREEN, "i-1", &res, &err),
			 JF_INSUFFICIENT);
	assert_int_equal(transfer(f, KID, MOM, 1, KIND_GREEN, "i-2", &res, &err), JF_INSUFFICIENT);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, MOM, KIND_GREEN), 100);
	transfer_ok(f, MOM, KID, 40, KIND_GREEN, "i-1");
	assert_int_equal(fixture_available(f, MOM, KIND_GREEN), 0);
	fixture_verify_ok(f);
}

static void
test_replay_and_conflict(void **state)
{
	struct fixture *f = *state;
	struct ledger_result first, res;
	struct jf_error err;
	int64_t entries;

	fixture_grant(f, MOM, 500, KIND_GREEN);
	assert_int_equal(transfer(f, MOM, KID, 100, KIND_GREEN, "r-1", &first, &err), JF_OK);
	entries = fixture_entries(f);
	assert_int_equal(transfer(f, MOM, KID, 100, KIND_GREEN, "r-1", &res, &err), JF_OK);
	assert_int_equal(res.replay, 1);
	assert_int_equal(res.entry_id, first.entry_id);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, KID, KIND_GREEN), 100);
	assert_int_equal(transfer(f, MOM, KID, 101, KIND_GREEN, "r-1", &res, &err), JF_CONFLICT);
	assert_int_equal(transfer(f, KID, MOM, 100, KIND_GREEN, "r-1", &res, &err), JF_CONFLICT);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, KID, KIND_GREEN), 100);
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_green_within_family),
		T(test_refused_outside_family),
		T(test_points_need_permission),
		T(test_daily_green_limit),
		T(test_new_keys),
		T(test_received_lots_keep_expiry),
		T(test_insufficient),
		T(test_replay_and_conflict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
