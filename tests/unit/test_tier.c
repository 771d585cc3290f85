/*
 * test_tier: tiers in core (tier.h) and their config (settings.c): the
 * 12-month window and the anniversary at their edges (29 February too),
 * the member bonus's rounding, the daily pass (up at once, down one step
 * at an anniversary only), the tier's price and early access, and the
 * [tier ID] sections' checks naming the line.
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
#include "fixture.h"
#include "ledger.h"
#include "plan.h"
#include "settings.h"
#include "tier.h"

#define ANN "10000001"

static const char tiers_conf[] =
	"[tier basic]\nname_zh = 普通\nname_en = Basic\npoints = 0\n"
	"[tier silver]\nname_zh = 银卡\nname_en = Silver\npoints = 1000\nearn_percent = 110\n"
	"discount_percent = 5\n"
	"[tier gold]\nname_zh = 金卡\nname_en = Gold\npoints = 5000\nearn_percent = 150\n"
	"discount_percent = 10\nearly_access = yes\n";

static void
test_window(void **state)
{
	char out[11];

	(void)state;
	tier_months_start("2027-03-01", 12, out);
	assert_string_equal(out, "2026-03-02");
	tier_months_start("2027-02-28", 12, out);
	assert_string_equal(out, "2026-03-01");
	/* A day the month lacks is its last: 29 February a year on. */
	tier_months_start("2028-02-29", 12, out);
	assert_string_equal(out, "2027-03-01");
	tier_months_start("2027-03-31", 1, out);
	assert_string_equal(out, "2027-03-01");
	tier_months_start("2027-01-15", 1, out);
	assert_string_equal(out, "2026-12-16");
}

static void
test_anniversary(void **state)
{
	char out[11];

	(void)state;
	tier_last_anniversary("2026-03-01", "2027-02-28", out);
	assert_string_equal(out, "");
	tier_last_anniversary("2026-03-01", "2027-03-01", out);
	assert_string_equal(out, "2027-03-01");
	tier_last_anniversary("2026-03-01", "2028-02-29", out);
	assert_string_equal(out, "2027-03-01");
	/* Joined on 29 February: 28 February in the years without one. */
	tier_last_anniversary("2024-02-29", "2025-02-28", out);
	assert_string_equal(out, "2025-02-28");
	tier_last_anniversary("2024-02-29", "2025-02-27", out);
	assert_string_equal(out, "");
	tier_last_anniversary("2024-02-29", "2028-03-01", out);
	assert_string_equal(out, "2028-02-29");
}

static void
test_bonus(void **state)
{
	(void)state;
	assert_int_equal(tier_bonus(27, 110), 2);
	assert_int_equal(tier_bonus(10, 150), 5);
	assert_int_equal(tier_bonus(3, 150), 1);
	assert_int_equal(tier_bonus(100, 100), 0);
	assert_int_equal(tier_bonus(0, 1000), 0);
}

static void
load_tiers(struct fixture *f)
{
	struct jf_error err;

	assert_int_equal(settings_load_string(&f->cfg, tiers_conf, &err), JF_OK);
	assert_int_equal(f->cfg.tier_count, 3);
	fixture_act(f);
	fixture_add_member(f, ANN, "Ann");
}

static int64_t
earn(struct fixture *f, const char *receipt, int64_t fen)
{
	struct earn_request req = { ANN, fen, receipt, 0, NULL };
	struct ledger_result res;
	struct jf_error err;

	assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_OK);
	return res.points;
}

static void
daily(struct fixture *f, struct tier_daily_result *res)
{
	struct jf_error err;

	if (tier_daily(&f->lg, res, &err) != JF_OK)
		fail_msg("%s", err.message);
}

static void
expect_tier(struct fixture *f, const char *id)
{
	char tier[SETTINGS_TIER_ID_SIZE];
	struct jf_error err;

	assert_int_equal(tier_of(&f->lg, ANN, clock_now(), tier, sizeof tier, &err), JF_OK);
	assert_string_equal(tier, id);
}

static void
test_daily_pass(void **state)
{
	struct fixture *f = *state;
	struct tier_daily_result res;

	load_tiers(f);
	fixture_at("2026-03-01T10:00:00+08:00");
	assert_int_equal(earn(f, "R1", 600000), 6000);
	expect_tier(f, "basic");
	daily(f, &res);
	assert_int_equal(res.upgrades, 1);
	expect_tier(f, "gold");
	assert_int_equal(earn(f, "R2", 1000), 15);
	/* The last second of the window and the first after it. */
	fixture_at("2027-02-28T23:59:59+08:00");
	daily(f, &res);
	assert_int_equal(res.downgrades, 0);
	fixture_at("2027-03-01T00:00:00+08:00");
	daily(f, &res);
	assert_int_equal(res.reviewed, 1);
	assert_int_equal(res.downgrades, 1);
	expect_tier(f, "silver");
	/* Once a year: a second run changes nothing. */
	daily(f, &res);
	assert_int_equal(res.downgrades + res.reviewed, 0);
	fixture_at("2028-03-01T00:00:00+08:00");
	daily(f, &res);
	assert_int_equal(res.downgrades, 1);
	expect_tier(f, "basic");
	fixture_verify_ok(f);
}

static void
test_price_and_early(void **state)
{
	struct fixture *f = *state;
	struct catalog_item it;
	struct tier_daily_result res;
	struct jf_error err;
	int64_t price;

	load_tiers(f);
	memset(&it, 0, sizeof it);
	snprintf(it.sku, sizeof it.sku, "NEW1");
	snprintf(it.new_until, sizeof it.new_until, "2026-03-05");
	it.points = 999;
	assert_int_equal(tier_price(&f->lg, ANN, clock_now(), &it, &price, &err), JF_OK);
	assert_int_equal(price, 999);
	assert_int_equal(tier_check_early(&f->lg, ANN, clock_now(), &it, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_EARLY_ACCESS);
	assert_string_equal(err.text, "2026-03-05");
	assert_string_equal(err.text2, "basic");
	earn(f, "R1", 100000);
	daily(f, &res);
	/* 5% of 999 is 49.95: the discount rounds down. */
	assert_int_equal(tier_price(&f->lg, ANN, clock_now(), &it, &price, &err), JF_OK);
	assert_int_equal(price, 950);
	/* Silver has no early access; listed by the item, it has. */
	assert_int_equal(tier_check_early(&f->lg, ANN, clock_now(), &it, &err), JF_CONFLICT);
	snprintf(it.early_tiers, sizeof it.early_tiers, "gold silver");
	assert_int_equal(tier_check_early(&f->lg, ANN, clock_now(), &it, &err), JF_OK);
	it.early_tiers[0] = '\0';
	fixture_at("2026-03-05T23:59:59+08:00");
	assert_int_equal(tier_check_early(&f->lg, ANN, clock_now(), &it, &err), JF_CONFLICT);
	fixture_at("2026-03-06T00:00:00+08:00");
	assert_int_equal(tier_check_early(&f->lg, ANN, clock_now(), &it, &err), JF_OK);
	/* Green goods keep their price. */
	it.green = 1;
	assert_int_equal(tier_price(&f->lg, ANN, clock_now(), &it, &price, &err), JF_OK);
	assert_int_equal(price, 999);
}

static void
test_plan_replaces_tier(void **state)
{
	struct fixture *f = *state;
	struct plan_new p = { 300, "2026-03-31", "", "a test", { NULL }, 0 };
	struct tier_daily_result res;
	struct jf_error err;
	char source[24];
	int64_t percent, id;

	load_tiers(f);
	earn(f, "R1", 100000);
	daily(f, &res);
	assert_int_equal(tier_earn_percent(&f->lg, ANN, clock_now(), &percent, source,
					   sizeof source, &err), JF_OK);
	assert_int_equal(percent, 110);
	assert_string_equal(source, "silver");
	assert_int_equal(plan_set(&f->lg, ANN, &p, &id, &err), JF_OK);
	assert_int_equal(tier_earn_percent(&f->lg, ANN, clock_now(), &percent, source,
					   sizeof source, &err), JF_OK);
	assert_int_equal(percent, 300);
	assert_string_equal(source, "plan");
	assert_int_equal(earn(f, "R2", 1000), 30);
	fixture_verify_ok(f);
}

static void
load_bad(const char *text, const char *want)
{
	struct settings cfg;
	struct jf_error err;

	assert_int_equal(settings_load_string(&cfg, text, &err), JF_USAGE);
	if (strstr(err.message, want) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", err.message, want);
}

static void
test_config(void **state)
{
	struct settings cfg;
	struct jf_error err;

	(void)state;
	/* Sorted lowest first, whatever the file's order. */
	assert_int_equal(settings_load_string(&cfg,
		"[tier gold]\nname_zh = 金\nname_en = Gold\npoints = 50\n"
		"[tier base]\nname_zh = 普\nname_en = Base\npoints = 0\n", &err), JF_OK);
	assert_string_equal(cfg.tiers[0].id, "base");
	assert_int_equal(cfg.tiers[1].earn_percent, 100);
	assert_non_null(settings_tier_find(&cfg, "gold"));
	assert_null(settings_tier_find(&cfg, "silver"));
	load_bad("[tier a]\npoints = -1\n", "(text):2: [tier a] points");
	load_bad("[tier a]\nearn_percent = 99\n", "(text):2:");
	load_bad("[tier a]\ndiscount_percent = 51\n", "(text):2:");
	load_bad("[tier abcdefghijklmnopq]\npoints = 0\n", "a tier id");
	load_bad("[tier a]\nname_zh = x\nname_en = y\npoints = 5\n", "the lowest tier needs points = 0");
	load_bad("[tier a]\nname_zh = x\npoints = 0\n", "needs name_zh, name_en and points");
	load_bad("[tier a]\nname_zh = x\nname_en = y\npoints = 0\n"
		 "[tier b]\nname_zh = x\nname_en = y\npoints = 0\n", "(text):5: [tier b] needs the same points as [tier a]");
	load_bad("[tier a]\nname_zh = x\nname_en = y\npoints = 0\ndiscount_percent = 5\n"
		 "[tier b]\nname_zh = x\nname_en = y\npoints = 9\n", "earns or saves less");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_anniversary),
		cmocka_unit_test(test_bonus),
		cmocka_unit_test(test_config),
		cmocka_unit_test_setup_teardown(test_daily_pass, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_price_and_early, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plan_replaces_tier, fixture_setup,
						fixture_teardown),
	};

	fixture_pin_environment();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
