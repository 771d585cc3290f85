/*
 * test_birthday: the birthday gift (birthday.h). Which year's gift is due
 * on a day (29 February in leap and common years, a join on the month's
 * last day), the gift given once per member and year at the month's edges
 * in the store's time zone, replays of the daily step, a replaced card,
 * an erased member, an item that cannot be offered, the kiosk's greeting
 * once, and verify seeing a changed gift.
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

#include "birthday.h"
#include "catalog.h"
#include "fixture.h"
#include "game.h"
#include "ledger.h"
#include "member.h"
#include "verify.h"

#define NOV "10000001"  /* born 1990-11-30 */
#define LEAP "10000002" /* born 2000-02-29 */
#define NONE "10000003" /* no birthday */

static const char CATALOG[] =
	"sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,"
	"active_from,active_until,new_until\n"
	"CAKE,蛋糕,Cake,grocery,goods,300,,,,1,0,,,\n";

static const char GAME[] =
	"{\"id\": \"tix\", \"kind\": \"wheel\", \"name\": {\"zh\": \"票\", \"en\": \"Tix\"},"
	" \"price\": 0, \"plays_per_day\": 3, \"prizes\": ["
	" {\"id\": \"thanks\", \"kind\": \"thanks\", \"label\": {\"zh\": \"谢\", \"en\": \"t\"},"
	"  \"ppm\": 1000000}]}";

static void
add(struct fixture *f, const char *card, const char *birthday)
{
	struct member_new m = { card, "M", birthday, NULL, NULL };
	struct jf_error err;

	if (member_add(&f->lg, &m, &err) != JF_OK)
		fail_msg("adding %s: %s", card, err.message);
}

static int
setup(void **state)
{
	struct game_problems p;
	struct import_report r;
	struct jf_error err;
	struct fixture *f;
	int64_t version;
	int changed, bad;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	fixture_at("2026-01-10T10:00:00+08:00");
	add(f, NOV, "1990-11-30");
	add(f, LEAP, "2000-02-29");
	add(f, NONE, NULL);
	bad = catalog_import_text(&f->lg, CATALOG, strlen(CATALOG), &r, &err) != JF_OK;
	import_report_done(&r);
	bad = bad || game_import_text(&f->lg, GAME, strlen(GAME), &version, &changed, &p, &err);
	f->cfg.birthday_points = 200;
	return bad ? -1 : 0;
}

static struct birthday_result res;

static void
daily(struct fixture *f)
{
	struct jf_error err;

	if (birthday_grant_due(&f->lg, &res, &err) != JF_OK)
		fail_msg("birthday_grant_due: %s", err.message);
}

static int64_t
gifts(struct fixture *f, const char *card)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM birthday_gift g JOIN member m ON "
				  "m.id = g.member_id WHERE m.card = '%s'", card);
	return fixture_sql_int(f->path, sql);
}

static void
test_due_year(void **state)
{
	(void)state;
	assert_int_equal(birthday_due_year("1990-11-30", "2020-01-01", "2026-11-01"), 2026);
	assert_int_equal(birthday_due_year("1990-11-30", "2020-01-01", "2026-11-30"), 2026);
	assert_int_equal(birthday_due_year("1990-11-30", "2020-01-01", "2026-12-01"), 0);
	assert_int_equal(birthday_due_year("1990-11-30", "2020-01-01", "2026-10-31"), 0);
	/* 29 February: February, in common years too. */
	assert_int_equal(birthday_due_year("2000-02-29", "2020-01-01", "2027-02-01"), 2027);
	assert_int_equal(birthday_due_year("2000-02-29", "2020-01-01", "2027-02-28"), 2027);
	assert_int_equal(birthday_due_year("2000-02-29", "2020-01-01", "2028-02-29"), 2028);
	assert_int_equal(birthday_due_year("2000-02-29", "2020-01-01", "2027-03-01"), 0);
	/* Joined in the birthday month: still due the month after (a join
	 * after the month's last run), of the year of that month. */
	assert_int_equal(birthday_due_year("1990-12-05", "2026-12-31", "2027-01-01"), 2026);
	assert_int_equal(birthday_due_year("1990-12-05", "2026-11-30", "2027-01-01"), 0);
	assert_int_equal(birthday_due_year("", "2026-11-30", "2027-01-01"), 0);
}

/* At the month's edges in the store's zone, once a year, every year. */
static void
test_month_edges(void **state)
{
	struct fixture *f = *state;

	fixture_at("2026-10-31T23:59:59+08:00");
	daily(f);
	assert_int_equal(res.granted, 0);
	fixture_at("2026-11-01T00:00:00+08:00");
	daily(f);
	assert_int_equal(res.granted, 1);
	assert_int_equal(res.points, 200);
	assert_int_equal(fixture_total(f, NOV, KIND_POINTS), 200);
	/* Replays of the daily step, the same day and at the month's end. */
	daily(f);
	assert_int_equal(res.granted, 0);
	fixture_at("2026-11-30T23:59:59+08:00");
	daily(f);
	assert_int_equal(res.granted, 0);
	assert_int_equal(gifts(f, NOV), 1);
	fixture_at("2026-12-01T00:00:00+08:00");
	daily(f);
	assert_int_equal(res.granted, 0);
	/* The next year, again. */
	fixture_at("2027-11-30T23:59:59+08:00");
	daily(f);
	assert_int_equal(res.granted, 1);
	assert_int_equal(gifts(f, NOV), 2);
	assert_int_equal(gifts(f, NONE), 0);
	fixture_verify_ok(f);
}

static void
test_leap_day(void **state)
{
	struct fixture *f = *state;

	fixture_at("2027-01-31T23:59:59+08:00");
	daily(f);
	assert_int_equal(gifts(f, LEAP), 0);
	fixture_at("2027-02-28T23:59:59+08:00"); /* a common year */
	daily(f);
	assert_int_equal(gifts(f, LEAP), 1);
	fixture_at("2027-03-01T00:00:00+08:00");
	daily(f);
	assert_int_equal(gifts(f, LEAP), 1);
	fixture_at("2028-02-01T00:00:00+08:00"); /* a leap year */
	daily(f);
	assert_int_equal(gifts(f, LEAP), 2);
	fixture_verify_ok(f);
}

/* A member who joins on the last evening of their birthday month, after
 * that day's run, gets it at the next run. */
static void
test_join_last_day(void **state)
{
	struct fixture *f = *state;

	fixture_at("2026-12-31T00:05:00+08:00");
	daily(f);
	fixture_at("2026-12-31T23:59:59+08:00");
	add(f, "10000009", "1980-12-24");
	fixture_at("2027-01-01T00:00:00+08:00");
	daily(f);
	assert_int_equal(res.granted, 1);
	assert_int_equal(fixture_sql_int(f->path, "SELECT year FROM birthday_gift WHERE card = "
						  "'10000009'"), 2026);
	fixture_verify_ok(f);
}

/* By member: a replaced card does not get a second gift; an erased member
 * (no birthday any more) none. */
static void
test_card_and_erasure(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	struct member m;

	fixture_at("2026-11-02T09:00:00+08:00");
	daily(f);
	assert_int_equal(member_change_card(&f->lg, NOV, "10000005", &m, &err), JF_OK);
	daily(f);
	assert_int_equal(res.granted, 0);
	assert_int_equal(fixture_total(f, "10000005", KIND_POINTS), 200);
	assert_int_equal(member_erase(&f->lg, LEAP, &err), JF_OK);
	fixture_at("2027-02-02T09:00:00+08:00");
	daily(f);
	assert_int_equal(gifts(f, LEAP), 0);
	fixture_verify_ok(f);
}

/* The item as a voucher (the member had no points for it), free plays as
 * tickets; an item out of stock is left out and counted. */
static void
test_item_and_plays(void **state)
{
	struct fixture *f = *state;
	struct birthday_gift g;
	struct jf_error err;
	int64_t tickets;
	int granted;

	snprintf(f->cfg.birthday_item, sizeof f->cfg.birthday_item, "CAKE");
	snprintf(f->cfg.birthday_game, sizeof f->cfg.birthday_game, "tix");
	f->cfg.birthday_plays = 2;
	fixture_at("2026-11-02T09:00:00+08:00");
	assert_int_equal(birthday_grant(&f->lg, NOV, &g, &granted, &err), JF_OK);
	assert_int_equal(granted, 1);
	assert_string_equal(g.sku, "CAKE");
	assert_true(g.voucher_id > 0);
	assert_int_equal(fixture_total(f, NOV, KIND_POINTS), 500);
	assert_int_equal(fixture_held(f, NOV, KIND_POINTS), 300);
	assert_int_equal(game_tickets(&f->lg, NOV, "tix", &tickets, &err), JF_OK);
	assert_int_equal(tickets, 2);
	/* Asked again: the same gift. */
	assert_int_equal(birthday_grant(&f->lg, NOV, &g, &granted, &err), JF_OK);
	assert_int_equal(g.replay, 1);
	/* The one cake is gone: the next gift comes without it. */
	add(f, "10000007", "1970-11-11");
	daily(f);
	assert_int_equal(res.granted, 1);
	assert_int_equal(res.items_missed, 1);
	assert_int_equal(fixture_total(f, "10000007", KIND_POINTS), 200);
	/* A game that does not exist: no plays, counted. */
	snprintf(f->cfg.birthday_game, sizeof f->cfg.birthday_game, "nogame");
	add(f, "10000008", "1971-11-11");
	daily(f);
	assert_int_equal(res.plays_missed, 1);
	fixture_verify_ok(f);
}

static void
test_greeting_once(void **state)
{
	struct fixture *f = *state;
	struct birthday_gift g;
	struct jf_error err;
	int found;

	fixture_at("2026-11-02T09:00:00+08:00");
	assert_int_equal(birthday_greeting(&f->lg, NOV, &g, &found, &err), JF_OK);
	assert_int_equal(found, 0);
	daily(f);
	assert_int_equal(birthday_greeting(&f->lg, NOV, &g, &found, &err), JF_OK);
	assert_int_equal(found, 1);
	assert_int_equal(g.points, 200);
	fixture_act(f);
	assert_int_equal(birthday_greeted(&f->lg, g.id, &err), JF_OK);
	assert_int_equal(birthday_greeting(&f->lg, NOV, &g, &found, &err), JF_OK);
	assert_int_equal(found, 0);
	/* Not greeted in a later month either. */
	fixture_at("2026-12-02T09:00:00+08:00");
	assert_int_equal(birthday_greeting(&f->lg, NOV, &g, &found, &err), JF_OK);
	assert_int_equal(found, 0);
	fixture_verify_ok(f);
}

static void
test_nothing_configured(void **state)
{
	struct fixture *f = *state;

	f->cfg.birthday_points = 0;
	fixture_at("2026-11-02T09:00:00+08:00");
	daily(f);
	assert_int_equal(res.granted, 0);
	assert_int_equal(gifts(f, NOV), 0);
}

static void
test_verify_sees_a_change(void **state)
{
	struct fixture *f = *state;
	struct verify_report r;
	struct jf_error err;

	fixture_at("2026-11-02T09:00:00+08:00");
	daily(f);
	fixture_verify_ok(f);
	fixture_drop_guard(f->path, "birthday_gift_fixed", "birthday_gift");
	fixture_sql_exec(f->path, "UPDATE birthday_gift SET points = 2000");
	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_INTEGRITY);
	assert_non_null(strstr(r.problem, "birthday gift"));
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_year),
		T(test_month_edges),
		T(test_leap_day),
		T(test_join_last_day),
		T(test_card_and_erasure),
		T(test_item_and_plays),
		T(test_greeting_once),
		T(test_nothing_configured),
		T(test_verify_sees_a_change),
	};

	fixture_pin_environment();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
