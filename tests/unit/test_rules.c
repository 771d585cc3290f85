/*
 * test_rules: the rules page's data (rules.h) follows the config and the
 * ledger in force: the rates, the expiry rule applied to today (rolling
 * and year end, at the year's edge), members with a rate of their own
 * (a cleared rate no longer counts), the offset's groups, the birthday
 * gift only with what can be given, and every section named.
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
#include "member_rate.h"
#include "rules.h"

static struct rules_page page;

static void
load(struct fixture *f)
{
	struct jf_error err;

	rules_done(&page);
	if (rules_load(&f->lg, &page, &err) != JF_OK)
		fail_msg("rules_load: %s", err.message);
}

static int
setup(void **state)
{
	return fixture_setup_with(state, "10000001", "Ann", "10000002", "Bob", NULL);
}

static int
teardown(void **state)
{
	rules_done(&page);
	return fixture_teardown(state);
}

static void
test_follows_the_config(void **state)
{
	struct fixture *f = *state;

	load(f);
	assert_int_equal(page.points_per_yuan, 1);
	assert_string_equal(page.today, "2026-03-01");
	assert_string_equal(page.expires_if_earned_today, "2027-03-01");
	f->cfg.points_per_yuan = 5;
	f->cfg.expiry_policy = EXPIRY_YEAR_END;
	f->cfg.expiry_years = 1;
	f->cfg.offset_points_per_yuan = 150;
	load(f);
	assert_int_equal(page.points_per_yuan, 5);
	assert_string_equal(page.expires_if_earned_today, "2027-12-31");
	assert_int_equal(page.offset_group_points, 3);
	assert_int_equal(page.offset_group_fen, 2);
	/* The year's last second and the next year's first. */
	fixture_at("2026-12-31T23:59:59+08:00");
	load(f);
	assert_string_equal(page.expires_if_earned_today, "2027-12-31");
	fixture_at("2027-01-01T00:00:00+08:00");
	load(f);
	assert_string_equal(page.expires_if_earned_today, "2028-12-31");
}

static void
test_own_rates(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;

	load(f);
	assert_int_equal(page.own_rates, 0);
	assert_int_equal(member_rate_set(&f->lg, "10000001", 3, &err), JF_OK);
	assert_int_equal(member_rate_set(&f->lg, "10000002", 2, &err), JF_OK);
	load(f);
	assert_int_equal(page.own_rates, 2);
	assert_int_equal(member_rate_clear(&f->lg, "10000002", &err), JF_OK);
	load(f);
	assert_int_equal(page.own_rates, 1);
}

static void
test_birthday_only_what_can_be_given(void **state)
{
	struct fixture *f = *state;

	f->cfg.birthday_points = 88;
	snprintf(f->cfg.birthday_item, sizeof f->cfg.birthday_item, "NOSUCH");
	snprintf(f->cfg.birthday_game, sizeof f->cfg.birthday_game, "nogame");
	load(f);
	assert_int_equal(page.birthday_points, 88);
	assert_string_equal(page.birthday_sku, "");
	assert_string_equal(page.birthday_game, "");
	assert_int_equal(page.game_count, 0);
}

static void
test_section_names(void **state)
{
	(void)state;
	for (int i = 0; i < RULES_SECTION_COUNT; i++)
		assert_true(rules_section_name((enum rules_section)i)[0] != '\0');
	assert_string_equal(rules_section_name(RULES_BIRTHDAY), "birthday");
	assert_string_equal(rules_section_name(RULES_SECTION_COUNT), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_follows_the_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_rates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_birthday_only_what_can_be_given, setup, teardown),
		cmocka_unit_test(test_section_names),
	};

	fixture_pin_environment();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
