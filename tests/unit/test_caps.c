/*
 * test_caps: what a terminal can show (src/tui/caps.c), decided from TERM,
 * the locale's character set and NO_COLOR alone; and the refusal of a
 * terminal the kiosk cannot draw on.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "caps.h"

static void
utf8_terminal_shows_everything(void **state)
{
	struct caps c = caps_of("xterm-256color", "UTF-8", NULL, 1);

	(void)state;
	assert_true(c.unicode);
	assert_true(c.cjk);
	assert_true(c.half_blocks);
	assert_true(c.colour);
	c = caps_of("foot", "UTF-8", "", 1); /* NO_COLOR empty: no effect */
	assert_true(c.colour && c.cjk);
}

static void
console_has_no_cjk_nor_half_blocks(void **state)
{
	static const char *const consoles[] = { "linux", "linux-16color", "linux-basic" };

	(void)state;
	for (size_t i = 0; i < sizeof consoles / sizeof consoles[0]; i++) {
		struct caps c = caps_of(consoles[i], "UTF-8", NULL, 1);

		assert_false(c.unicode);
		assert_false(c.cjk);
		assert_false(c.half_blocks);
		assert_true(c.colour);
	}
}

static void
locale_not_utf8_is_ascii(void **state)
{
	static const char *const sets[] = { "ANSI_X3.4-1968", "ISO-8859-1", "GB2312", "", NULL };

	(void)state;
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		struct caps c = caps_of("xterm-256color", sets[i], NULL, 1);

		assert_false(c.unicode);
		assert_false(c.cjk);
		assert_false(c.half_blocks);
	}
}

static void
no_color_set_and_not_empty(void **state)
{
	(void)state;
	assert_false(caps_of("xterm-256color", "UTF-8", "1", 1).colour);
	assert_false(caps_of("linux", "UTF-8", "yes", 1).colour);
	assert_false(caps_of("xterm", "UTF-8", NULL, 0).colour); /* a monochrome terminal */
	assert_true(caps_of("xterm", "UTF-8", NULL, 1).colour);
}

static void
terminal_without_cursor_addressing_refused(void **state)
{
	struct jf_error err;

	(void)state;
	assert_int_equal(caps_check_term("dumb", &err), JF_USAGE);
	assert_non_null(strstr(err.message, "TERM=dumb"));
	assert_int_equal(caps_check_term(NULL, &err), JF_USAGE);
	assert_int_equal(caps_check_term("", &err), JF_USAGE);
	assert_int_equal(caps_check_term("no-such-terminal-type", &err), JF_USAGE);
	assert_int_equal(caps_check_term("linux", &err), JF_OK);
	assert_int_equal(caps_check_term("xterm-256color", &err), JF_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_terminal_shows_everything),
		cmocka_unit_test(console_has_no_cjk_nor_half_blocks),
		cmocka_unit_test(locale_not_utf8_is_ascii),
		cmocka_unit_test(no_color_set_and_not_empty),
		cmocka_unit_test(terminal_without_cursor_addressing_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
