/*
 * test_settings: the store's config. Every setting has a default, every
 * setting can be set, and a typo or a bad value is refused by name, because
 * a silently ignored line would change how points are counted.
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
#include <unistd.h>

#include "actor.h"
#include "fixture.h"
#include "settings.h"

static int
setup(void **state)
{
	fixture_pin_environment();
	return 0;
}

static void
load_ok(struct settings *cfg, const char *text)
{
	struct jf_error err;

	jf_error_clear(&err);
	if (settings_load_string(cfg, text, &err) != JF_OK)
		fail_msg("config refused: %s\n--\n%s", err.message, text);
}

/* A refused config names the setting (and the section) that is wrong. */
static void
load_bad(const char *text, const char *named)
{
	struct settings cfg;
	struct jf_error err;

	jf_error_clear(&err);
	if (settings_load_string(&cfg, text, &err) != JF_USAGE)
		fail_msg("config accepted:\n%s", text);
	assert_int_equal(err.status, JF_USAGE);
	/* The message goes to a terminal: nothing from the file may drive it. */
	for (const unsigned char *p = (const unsigned char *)err.message; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			fail_msg("control byte 0x%02x in the message for:\n%s", *p, text);
	if (strstr(err.message, named) == NULL)
		fail_msg("message '%s' does not name '%s'", err.message, named);
}

static void
test_defaults(void **state)
{
	struct settings cfg;
	struct jf_error err;

	settings_defaults(&cfg);
	assert_string_equal(cfg.store_name, "jifen");
	assert_int_equal(cfg.points_per_yuan, 1);
	assert_int_equal(cfg.green_per_yuan, 1);
	assert_int_equal(cfg.lock_days, 0);
	assert_int_equal(cfg.category_count, 0);
	assert_int_equal(cfg.expiry_policy, EXPIRY_ROLLING);
	assert_int_equal(cfg.expiry_days, 365);
	assert_int_equal(cfg.expiry_notice_days, 30);
	assert_int_equal(cfg.allow_points_transfer, 0);
	assert_int_equal(cfg.daily_green_limit, 1000);
	assert_int_equal(cfg.card_check, CARD_CHECK_NONE);
	assert_true(cfg.busy_timeout_ms > 0);
	assert_int_equal(cfg.clock_tolerance_s, 300);
	assert_int_equal(cfg.pin_attempts, 5);
	assert_int_equal(cfg.pin_lock_minutes, 15);
	assert_int_equal(cfg.less_motion, 0);
	assert_string_equal(cfg.voucher_key_file, ""); /* beside the ledger */
	/* No file and an empty file both give the defaults. */
	memset(&cfg, 0x55, sizeof cfg);
	assert_int_equal(settings_load(&cfg, NULL, &err), JF_OK);
	assert_int_equal(cfg.expiry_days, 365);
	memset(&cfg, 0x55, sizeof cfg);
	load_ok(&cfg, "");
	assert_int_equal(cfg.points_per_yuan, 1);
	load_ok(&cfg, "; only a comment\n\n# and another\n");
	assert_int_equal(cfg.daily_green_limit, 1000);
}

static const char every_setting[] =
	"[store]\n"
	"name = 红米好物\n"
	"welcome = Welcome, 欢迎光临\n"
	"[earn]\n"
	"points_per_yuan = 2\n"
	"green_per_yuan = 3\n"
	"lock_days = 7\n"
	"[expiry]\n"
	"policy = year_end\n"
	"days = 180\n"
	"years = 2\n"
	"notice_days = 45\n"
	"[transfer]\n"
	"allow_points = yes\n"
	"daily_green_limit = 500\n"
	"[voucher]\n"
	"days = 14\n"
	"key_file = /etc/jifen/voucher.key\n"
	"[card]\n"
	"check_digit = luhn\n"
	"[database]\n"
	"db = postgresql://ledger.example.com/jifen?sslmode=verify-full\n"
	"busy_timeout_ms = 2500\n"
	"clock_tolerance = 60\n"
	"[kiosk]\n"
	"idle_timeout = 90\n"
	"pin_attempts = 3\n"
	"pin_lock_minutes = 30\n"
	"less_motion = yes\n"
	"[counter]\n"
	"idle_timeout = 600\n"
	"queue = /var/lib/jifen/counter.queue\n"
	"[category fresh food]\n"
	"points_per_yuan = 5\n"
	"[category 烟酒]\n"
	"points_per_yuan = 0\n";

static void
test_every_setting(void **state)
{
	struct settings cfg;

	load_ok(&cfg, every_setting);
	assert_string_equal(cfg.store_name, "红米好物");
	assert_string_equal(cfg.welcome, "Welcome, 欢迎光临");
	assert_int_equal(cfg.points_per_yuan, 2);
	assert_int_equal(cfg.green_per_yuan, 3);
	assert_int_equal(cfg.lock_days, 7);
	assert_int_equal(cfg.expiry_policy, EXPIRY_YEAR_END);
	assert_int_equal(cfg.expiry_days, 180);
	assert_int_equal(cfg.expiry_years, 2);
	assert_int_equal(cfg.expiry_notice_days, 45);
	assert_int_equal(cfg.allow_points_transfer, 1);
	assert_int_equal(cfg.daily_green_limit, 500);
	assert_int_equal(cfg.voucher_days, 14);
	assert_string_equal(cfg.voucher_key_file, "/etc/jifen/voucher.key");
	assert_int_equal(cfg.card_check, CARD_CHECK_LUHN);
	assert_int_equal(cfg.busy_timeout_ms, 2500);
	assert_string_equal(cfg.db_location, "postgresql://ledger.example.com/jifen?sslmode=verify-full");
	assert_int_equal(cfg.clock_tolerance_s, 60);
	assert_int_equal(cfg.idle_timeout_s, 90);
	assert_int_equal(cfg.pin_attempts, 3);
	assert_int_equal(cfg.pin_lock_minutes, 30);
	assert_int_equal(cfg.less_motion, 1);
	assert_int_equal(cfg.counter_idle_timeout_s, 600);
	assert_string_equal(cfg.counter_queue, "/var/lib/jifen/counter.queue");
	assert_int_equal(cfg.category_count, 2);
	assert_string_equal(cfg.categories[0].name, "fresh food");
	assert_int_equal(cfg.categories[0].points_per_yuan, 5);
	assert_string_equal(cfg.categories[1].name, "烟酒");
	assert_int_equal(cfg.categories[1].points_per_yuan, 0);
}

/* The same text from a file gives the same settings. */
static void
test_load_file(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	struct settings a, b;
	struct jf_error err;
	int fd;
	FILE *f;

	snprintf(path, sizeof path, "%s/jifen-unit-conf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(every_setting, f);
	assert_int_equal(fclose(f), 0);
	load_ok(&a, every_setting);
	assert_int_equal(settings_load(&b, path, &err), JF_OK);
	unlink(path);
	assert_int_equal(b.points_per_yuan, a.points_per_yuan);
	assert_int_equal(b.expiry_policy, a.expiry_policy);
	assert_int_equal(b.pin_lock_minutes, a.pin_lock_minutes);
	assert_int_equal(b.category_count, a.category_count);
	assert_string_equal(b.store_name, a.store_name);
	/* A missing file is an error, not the defaults. */
	assert_int_equal(settings_load(&b, path, &err), JF_USAGE);
	assert_non_null(strstr(err.message, path));
}

/* The shipped sample shows every setting with its default: loading it changes nothing. */
static void
test_sample_is_the_defaults(void **state)
{
	/* make check says where the sources are; run by hand (from a build
	 * directory, where "." has no assets/), the configured tree does. */
	const char *top = getenv("top_srcdir");
	const char *src = top && *top ? top : UNIT_TOP_SRCDIR;
	struct settings loaded, defaults;
	struct jf_error err;
	char path[4096];

	snprintf(path, sizeof path, "%s/assets/jifen.conf.sample", src);
	jf_error_clear(&err);
	if (settings_load(&loaded, path, &err) != JF_OK)
		fail_msg("%s", err.message);
	settings_defaults(&defaults);
	assert_memory_equal(&loaded, &defaults, sizeof loaded);
	snprintf(path, sizeof path, "%s/assets/demo.conf", src);
	if (settings_load(&loaded, path, &err) != JF_OK)
		fail_msg("%s", err.message);
}

static void
test_booleans(void **state)
{
	static const char *const yes[] = { "true", "yes", "1", "TRUE", "Yes" };
	static const char *const no[] = { "false", "no", "0", "FALSE" };
	struct settings cfg;
	char text[80];

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		snprintf(text, sizeof text, "[transfer]\nallow_points = %s\n", yes[i]);
		load_ok(&cfg, text);
		assert_int_equal(cfg.allow_points_transfer, 1);
	}
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		snprintf(text, sizeof text, "[transfer]\nallow_points = %s\n", no[i]);
		load_ok(&cfg, text);
		assert_int_equal(cfg.allow_points_transfer, 0);
	}
}

static void
test_unknown_refused(void **state)
{
	load_bad("[earn]\npoints_per_yaun = 2\n", "points_per_yaun");
	load_bad("[earn]\npoints_per_yaun = 2\n", "[earn]");
	load_bad("[eran]\npoints_per_yuan = 2\n", "eran");
	load_bad("[expiry]\nday = 30\n", "day");
	load_bad("[category fresh]\ngreen_per_yuan = 2\n", "green_per_yuan");
	load_bad("[kiosk]\ncheck_digit = luhn\n", "check_digit");
	load_bad("[card]\npin_attempts = 3\n", "pin_attempts");
	load_bad("[kiosk]\nless_motion = sometimes\n", "yes or no");
	/* A key outside any section is unknown too. */
	load_bad("points_per_yuan = 2\n", "points_per_yuan");
	/* A line that is neither a section nor a setting. */
	load_bad("[earn]\nthis is not a setting\n", "(text):2: not a [section]");
}

/* A key or a section given twice is refused with both lines: the second
 * setting would silently win over the first. */
static void
test_given_twice(void **state)
{
	struct settings cfg;
	struct jf_error err;

	(void)state;
	load_bad("[earn]\npoints_per_yuan = 2\nlock_days = 1\npoints_per_yuan = 2\n",
		 "(text):4: [earn] points_per_yuan is given twice (first on line 2)");
	load_bad("[earn]\nlock_days = 1\n[store]\nname = a\n\n[earn]\n",
		 "(text):6: section [earn] is given twice (first on line 1)");
	load_bad("[category a]\npoints_per_yuan = 1\n[category a]\n", "[category a] is given twice");
	load_bad("[earn]\nlock_days = 1\n  2\n", "(text):3: [earn] lock_days: a value continued");
	/* One key in two sections is two settings. */
	assert_int_equal(settings_load_string(&cfg, "[kiosk]\nidle_timeout = 20\n"
					      "[counter]\nidle_timeout = 30\n", &err), JF_OK);
	assert_int_equal(cfg.idle_timeout_s, 20);
	assert_int_equal(cfg.counter_idle_timeout_s, 30);
}

/* [printer]: none by default; a device, a language and a width. */
static void
test_printer(void **state)
{
	struct settings cfg;

	(void)state;
	settings_defaults(&cfg);
	assert_string_equal(cfg.printer_device, "");
	assert_int_equal(cfg.printer_language, PRINT_ZH);
	assert_int_equal(cfg.printer_width, 32);
	load_ok(&cfg, "[printer]\ndevice = /dev/usb/lp0\nlanguage = en\nwidth = 48\n");
	assert_string_equal(cfg.printer_device, "/dev/usb/lp0");
	assert_int_equal(cfg.printer_language, PRINT_EN);
	assert_int_equal(cfg.printer_width, 48);
	load_ok(&cfg, "[printer]\ndevice = none\nlanguage = zh\nwidth = 32\n");
	assert_string_equal(cfg.printer_device, "");
	assert_int_equal(cfg.printer_language, PRINT_ZH);
	load_bad("[printer]\ndevice = lp0\n", "device");
	load_bad("[printer]\ndevice = \n", "device");
	load_bad("[printer]\ndevice = None\n", "device");
	load_bad("[printer]\nlanguage = fr\n", "language");
	load_bad("[printer]\nlanguage = ZH\n", "language");
	load_bad("[printer]\nwidth = 40\n", "width");
	load_bad("[printer]\nwidth = 32x\n", "width");
	load_bad("[printer]\nspeed = 9600\n", "speed");
}

static void
test_bad_values_refused(void **state)
{
	load_bad("[earn]\npoints_per_yuan = -1\n", "points_per_yuan");
	load_bad("[earn]\npoints_per_yuan = 1001\n", "points_per_yuan");
	load_bad("[earn]\npoints_per_yuan = two\n", "points_per_yuan");
	load_bad("[earn]\npoints_per_yuan = 1.5\n", "points_per_yuan");
	load_bad("[earn]\ngreen_per_yuan = 1e3\n", "green_per_yuan");
	load_bad("[earn]\nlock_days = 366\n", "lock_days");
	load_bad("[expiry]\npolicy = forever\n", "policy");
	load_bad("[expiry]\ndays = 0\n", "days");
	load_bad("[expiry]\nyears = 101\n", "years");
	load_bad("[expiry]\nnotice_days = -3\n", "notice_days");
	load_bad("[transfer]\nallow_points = maybe\n", "allow_points");
	load_bad("[transfer]\ndaily_green_limit = 99999999999\n", "daily_green_limit");
	load_bad("[card]\ncheck_digit = mod97\n", "check_digit");
	/* A relative key file would depend on the directory jifen starts in. */
	load_bad("[voucher]\nkey_file = voucher.key\n", "key_file");
	load_bad("[voucher]\nkey_file = \x1b[2J/x\n", "key_file");
	/* The counter's queue is a file, named whole. */
	load_bad("[counter]\nqueue = counter.queue\n", "queue");
	load_bad("[database]\nbusy_timeout_ms = 600001\n", "busy_timeout_ms");
	/* The ledger: an absolute path or a PostgreSQL URL, nothing else. */
	load_bad("[database]\ndb = ledger.db\n", "db must be an absolute path");
	load_bad("[database]\ndb = mysql://host/jifen\n", "db must be an absolute path");
	load_bad("[database]\ndb = \n", "db");
	load_bad("[database]\nclock_tolerance = 86401\n", "clock_tolerance");
	load_bad("[database]\nclock_tolerance = -1\n", "clock_tolerance");
	load_bad("[kiosk]\nidle_timeout = 5\n", "idle_timeout");
	load_bad("[counter]\nidle_timeout = 3601\n", "idle_timeout");
	load_bad("[counter]\nexit = yes\n", "exit");
	load_bad("[kiosk]\npin_attempts = 0\n", "pin_attempts");
	load_bad("[kiosk]\npin_lock_minutes = 0\n", "pin_lock_minutes");
	load_bad("[store]\nname = \x1b[2Jowned\n", "name");
	load_bad("[category fresh]\npoints_per_yuan = -2\n", "points_per_yuan");
	load_bad("[category \x1b[31m]\npoints_per_yuan = 2\n", "category");
	load_bad("[earn]\npoints\x1b[2J = 1\n", "points?[2J");
	load_bad("[\x1b[31mearn]\nx = 1\n", "?[31mearn");
	load_bad("[expiry]\ndays = \x1b[2J\n", "days");
	/* One bad line refuses the whole file, even after good ones. */
	load_bad("[earn]\npoints_per_yuan = 5\nlock_days = x\n", "lock_days");
}

static void
test_too_many_categories(void **state)
{
	char text[4096];
	size_t n = 0;
	struct settings cfg;

	for (int i = 0; i < SETTINGS_MAX_CATEGORIES; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "[category c%d]\npoints_per_yuan = %d\n",
				      i, i);
	load_ok(&cfg, text);
	assert_int_equal(cfg.category_count, SETTINGS_MAX_CATEGORIES);
	assert_int_equal(cfg.categories[31].points_per_yuan, 31);
	snprintf(text + n, sizeof text - n, "[category one too many]\npoints_per_yuan = 1\n");
	load_bad(text, "one too many");
}

static void
test_earn_points(void **state)
{
	struct settings cfg;

	settings_defaults(&cfg);
	/* Whole yuan only, rounded down. */
	assert_int_equal(settings_earn_points(&cfg, 19999, NULL, 0), 199);
	assert_int_equal(settings_earn_points(&cfg, 19900, NULL, 0), 199);
	assert_int_equal(settings_earn_points(&cfg, 99, NULL, 0), 0);
	assert_int_equal(settings_earn_points(&cfg, 0, NULL, 0), 0);
	load_ok(&cfg, "[earn]\npoints_per_yuan = 2\ngreen_per_yuan = 3\n"
		      "[category fresh food]\npoints_per_yuan = 5\n"
		      "[category tobacco]\npoints_per_yuan = 0\n");
	assert_int_equal(settings_earn_points(&cfg, 19999, NULL, 0), 398);
	assert_int_equal(settings_earn_points(&cfg, 19999, NULL, 1), 597);
	assert_int_equal(settings_earn_points(&cfg, 19999, "fresh food", 0), 995);
	assert_int_equal(settings_earn_points(&cfg, 19999, "tobacco", 0), 0);
	assert_true(settings_has_category(&cfg, "fresh food"));
	assert_true(settings_has_category(&cfg, "tobacco"));
	assert_false(settings_has_category(&cfg, "fresh"));
	assert_false(settings_has_category(&cfg, "toys"));
	/* Green goods earn green points at the green rate, whatever the category. */
	assert_int_equal(settings_earn_points(&cfg, 19999, "fresh food", 1), 597);
}

static void
expiry(const struct settings *cfg, const char *credited, const char *want)
{
	char out[11];

	settings_expiry_date(cfg, credited, out);
	if (strcmp(out, want) != 0)
		fail_msg("credited %s: expires %s, not %s", credited, out, want);
}

static void
test_expiry_dates(void **state)
{
	struct settings cfg;

	settings_defaults(&cfg);
	expiry(&cfg, "2026-03-01", "2027-03-01");
	expiry(&cfg, "2024-01-01", "2024-12-31"); /* 365 days in a leap year */
	expiry(&cfg, "2026-12-31", "2027-12-31");
	load_ok(&cfg, "[expiry]\npolicy = rolling\ndays = 30\n");
	expiry(&cfg, "2026-01-31", "2026-03-02");
	expiry(&cfg, "2024-02-15", "2024-03-16");
	expiry(&cfg, "2026-12-15", "2027-01-14");
	load_ok(&cfg, "[expiry]\npolicy = year_end\nyears = 1\n");
	expiry(&cfg, "2026-01-01", "2027-12-31");
	expiry(&cfg, "2026-12-31", "2027-12-31");
	load_ok(&cfg, "[expiry]\npolicy = year_end\nyears = 0\n");
	expiry(&cfg, "2026-03-01", "2026-12-31");
	expiry(&cfg, "2026-12-31", "2026-12-31");
	load_ok(&cfg, "[expiry]\npolicy = year_end\nyears = 2\n");
	expiry(&cfg, "2024-02-29", "2026-12-31");
}

/* The terminal kept with every write: the host name unless the config
 * names it; a name that could not be shown plainly is refused. */
static void
test_terminal(void **state)
{
	struct settings cfg;
	char host[256] = "";

	(void)state;
	settings_defaults(&cfg);
	assert_int_equal(actor_check_terminal(cfg.terminal, NULL), JF_OK);
	if (gethostname(host, sizeof host - 1) == 0 && host[0] && strlen(host) <= 32 &&
	    actor_check_terminal(host, NULL) == JF_OK)
		assert_string_equal(cfg.terminal, host);
	load_ok(&cfg, "[store]\nterminal = K01\n");
	assert_string_equal(cfg.terminal, "K01");
	load_bad("[store]\nterminal = K 01\n", "terminal");
	load_bad("[store]\nterminal =\n", "terminal");
	load_bad("[store]\nterminal = 0123456789012345678901234567890123\n", "terminal");
	load_bad("[store]\nterminal = k\033[2J\n", "terminal");
}

/* [staff]: lists of known action names; an unknown one is refused, since a
 * misspelt name would quietly let a cashier do it. */
static void
test_staff_lists(void **state)
{
	struct settings cfg;

	(void)state;
	settings_defaults(&cfg);
	assert_int_equal(cfg.manager_only,
			 1u << ACTION_GRANT | 1u << ACTION_COMPENSATE | 1u << ACTION_DELIST |
			 1u << ACTION_STAFF | 1u << ACTION_MEMBER_ERASE | 1u << ACTION_EARN_RATE |
			 1u << ACTION_PLAN);
	assert_int_equal(cfg.pin_required,
			 1u << ACTION_GRANT | 1u << ACTION_COMPENSATE | 1u << ACTION_DELIST);
	load_ok(&cfg, "[staff]\nmanager_only = earn ,voucher return,, member erase\n"
		      "pin_required =\n");
	assert_int_equal(cfg.manager_only,
			 1u << ACTION_EARN | 1u << ACTION_VOUCHER_RETURN | 1u << ACTION_MEMBER_ERASE);
	assert_int_equal(cfg.pin_required, 0);
	load_bad("[staff]\nmanager_only = grant, grnat\n", "grnat");
	load_bad("[staff]\npin_required = member  erase\n", "member  erase");
	load_bad("[staff]\nroles = x\n", "roles");
	for (int i = 0; i < ACTION_COUNT; i++)
		assert_int_equal(settings_action_find(settings_action_name((enum staff_action)i)), i);
	assert_null(settings_action_name(ACTION_COUNT));
	assert_int_equal(settings_action_find("Grant"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_staff_lists),
		cmocka_unit_test(test_every_setting),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_sample_is_the_defaults),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_unknown_refused),
		cmocka_unit_test(test_given_twice),
		cmocka_unit_test(test_bad_values_refused),
		cmocka_unit_test(test_printer),
		cmocka_unit_test(test_too_many_categories),
		cmocka_unit_test(test_earn_points),
		cmocka_unit_test(test_expiry_dates),
		cmocka_unit_test(test_terminal),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
