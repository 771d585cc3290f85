/*
 * test_clock: the one source of time and the calendar arithmetic that
 * expiry dates, lock periods and daily limits rest on. Runs in the store's
 * zone, Asia/Shanghai (UTC+8, no daylight saving).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "fixture.h"

/* 2026-11-24T00:00:00Z */
#define T_2026_11_24_UTC 1795478400LL

static int
setup(void **state)
{
	fixture_pin_environment();
	return 0;
}

static int
teardown(void **state)
{
	clock_set(INT64_MIN);
	unsetenv("JIFEN_NOW");
	return 0;
}

static int64_t
iso(const char *text)
{
	int64_t t = 0;

	if (clock_parse_iso(text, &t) != JF_OK)
		fail_msg("'%s' did not parse", text);
	return t;
}

static void
test_parse_iso_zones(void **state)
{
	assert_int_equal(iso("2026-11-24T00:00:00Z"), T_2026_11_24_UTC);
	assert_int_equal(iso("2026-11-24T08:00:00+08:00"), T_2026_11_24_UTC);
	assert_int_equal(iso("2026-11-23T19:00:00-05:00"), T_2026_11_24_UTC);
	assert_int_equal(iso("2026-11-24T05:30:00+05:30"), T_2026_11_24_UTC);
	/* No zone: the store's local time (UTC+8). */
	assert_int_equal(iso("2026-11-24T08:00:00"), T_2026_11_24_UTC);
	assert_int_equal(iso("2026-11-24T08:00"), T_2026_11_24_UTC);
	assert_int_equal(iso("2026-11-24 08:00"), T_2026_11_24_UTC);
	/* A bare date is local midnight. */
	assert_int_equal(iso("2026-11-24"), T_2026_11_24_UTC - 8 * 3600);
	assert_int_equal(iso("2026-11-24T09:30:15Z"), T_2026_11_24_UTC + 9 * 3600 + 30 * 60 + 15);
	assert_int_equal(iso("1970-01-01T00:00:00Z"), 0);
}

static void
test_parse_iso_bad(void **state)
{
	static const char *const bad[] = {
		"", "2026", "2026-11", "2026-11-31", "2026-02-29T00:00", "26-11-24",
		"2026-11-24T", "2026-11-24T9:00", "2026-11-24T09", "2026-11-24T09:", "2026-11-24T09:3",
		"2026-11-24T09:30:", "2026-11-24T09:30:1", "2026-11-24T24:00", "2026-11-24T23:60",
		"2026-11-24T23:59:60", "2026-11-24T09:30Zjunk", "2026-11-24T09:30+8", "2026-11-24T09:30+0800",
		"2026-11-24T09:30+15:00", "2026-11-24T09:30+08:60", "2026-11-24x", "2026-11-24T09:30 ",
		"tomorrow", "2026-11-24T09:30:00.5Z",
	};
	int64_t t;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t = 42;
		if (clock_parse_iso(bad[i], &t) != JF_USAGE)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(t, 42);
	}
	assert_int_equal(clock_parse_iso(NULL, &t), JF_USAGE);
}

static void
test_format_round_trip(void **state)
{
	char text[CLOCK_ISO_LEN], date[CLOCK_DATE_LEN];

	clock_format_iso(T_2026_11_24_UTC, text);
	assert_string_equal(text, "2026-11-24T08:00:00+08:00");
	assert_int_equal(iso(text), T_2026_11_24_UTC);
	/* 23:59 UTC is already the next day in the store. */
	clock_date_of(T_2026_11_24_UTC - 60, date);
	assert_string_equal(date, "2026-11-24");
	clock_date_of(T_2026_11_24_UTC - 8 * 3600 - 1, date);
	assert_string_equal(date, "2026-11-23");
	for (int64_t t = 0; t < 4000000000LL; t += 7777777) {
		clock_format_iso(t, text);
		assert_int_equal(iso(text), t);
	}
}

static void
test_days_round_trip(void **state)
{
	int y, m, d;
	int64_t days;
	char text[CLOCK_DATE_LEN];

	assert_int_equal(clock_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(clock_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(clock_days_from_civil(1900, 1, 1), -25567);
	assert_int_equal(clock_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(clock_days_from_civil(2026, 11, 24), T_2026_11_24_UTC / 86400);
	/* Every day from 1900 to past 2400 maps back to itself. */
	for (int64_t z = clock_days_from_civil(1900, 1, 1); z < 160000; z++) {
		clock_civil_from_days(z, &y, &m, &d);
		assert_true(clock_valid_ymd(y, m, d));
		assert_int_equal(clock_days_from_civil(y, m, d), z);
		clock_format_date(z, text);
		assert_int_equal(clock_parse_date(text, &days), JF_OK);
		assert_int_equal(days, z);
	}
	/* The day after 28 Feb is 29 Feb only in leap years. */
	clock_civil_from_days(clock_days_from_civil(2024, 2, 28) + 1, &y, &m, &d);
	assert_int_equal(m * 100 + d, 229);
	clock_civil_from_days(clock_days_from_civil(2100, 2, 28) + 1, &y, &m, &d);
	assert_int_equal(m * 100 + d, 301);
	clock_civil_from_days(clock_days_from_civil(2000, 2, 28) + 1, &y, &m, &d);
	assert_int_equal(m * 100 + d, 229);
}

static void
test_valid_ymd(void **state)
{
	assert_true(clock_valid_ymd(2024, 2, 29));
	assert_false(clock_valid_ymd(2025, 2, 29));
	assert_false(clock_valid_ymd(2026, 4, 31));
	assert_true(clock_valid_ymd(2026, 12, 31));
	assert_false(clock_valid_ymd(2026, 13, 1));
	assert_false(clock_valid_ymd(2026, 0, 1));
	assert_false(clock_valid_ymd(2026, 1, 0));
	assert_true(clock_valid_ymd(1969, 12, 31)); /* older members' birthdays */
	assert_true(clock_valid_ymd(1900, 1, 1));
	assert_false(clock_valid_ymd(1900, 2, 29));
	assert_false(clock_valid_ymd(1899, 12, 31));
	assert_false(clock_valid_ymd(10000, 1, 1));
}

static void
date_add(const char *date, int64_t n, const char *want)
{
	char out[CLOCK_DATE_LEN];

	clock_date_add(date, n, out);
	if (strcmp(out, want) != 0)
		fail_msg("%s %+lld days gave %s, not %s", date, (long long)n, out, want);
}

static void
test_date_add(void **state)
{
	date_add("2026-01-31", 1, "2026-02-01");
	date_add("2026-02-28", 1, "2026-03-01");
	date_add("2024-02-28", 1, "2024-02-29");
	date_add("2024-02-29", 1, "2024-03-01");
	date_add("2026-12-31", 1, "2027-01-01");
	date_add("2027-01-01", -1, "2026-12-31");
	date_add("2026-03-01", -1, "2026-02-28");
	date_add("2024-03-01", -1, "2024-02-29");
	date_add("2026-03-01", 365, "2027-03-01");
	date_add("2024-01-01", 366, "2025-01-01");
	date_add("2026-03-01", 0, "2026-03-01");
	date_add("2026-01-15", 30, "2026-02-14");
	date_add("2099-12-31", 1, "2100-01-01");
}

static void
test_now_from_environment(void **state)
{
	struct jf_error err;

	clock_set(INT64_MIN);
	setenv("JIFEN_NOW", "2026-11-24T08:00:00+08:00", 1);
	assert_int_equal(clock_init(&err), JF_OK);
	assert_int_equal(clock_now(), T_2026_11_24_UTC);
	setenv("JIFEN_NOW", "2030-01-01", 1);
	assert_int_equal(clock_now(), iso("2030-01-01T00:00:00+08:00"));
	/* clock_set wins over the environment, and clearing it gives the environment back. */
	clock_set(12345);
	assert_int_equal(clock_now(), 12345);
	clock_set(INT64_MIN);
	assert_int_equal(clock_now(), iso("2030-01-01T00:00:00+08:00"));
	/* A malformed JIFEN_NOW is a usage error at start-up, quoted in the message. */
	setenv("JIFEN_NOW", "2026-13-01", 1);
	assert_int_equal(clock_init(&err), JF_USAGE);
	assert_non_null(strstr(err.message, "JIFEN_NOW"));
	unsetenv("JIFEN_NOW");
	assert_int_equal(clock_init(&err), JF_OK);
}

static void
test_now_is_real_time_without_override(void **state)
{
	int64_t before, now, after;

	clock_set(INT64_MIN);
	unsetenv("JIFEN_NOW");
	before = (int64_t)time(NULL);
	now = clock_now();
	after = (int64_t)time(NULL);
	assert_in_range(now, before, after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parse_iso_zones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_iso_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_days_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_valid_ymd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_now_from_environment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_now_is_real_time_without_override, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
