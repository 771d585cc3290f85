/*
 * test_textwidth: the one width rule (textwidth.h) that the command line's
 * tables and the kiosk's screens share: Chinese, full-width punctuation,
 * combining marks, emoji and ASCII, invalid bytes; and that it counts as
 * glibc's wcwidth() does in C.UTF-8, which curses uses to place what the
 * kiosk draws (draw.c shows '?' where they would differ).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <wchar.h>

#include "textwidth.h"

static void
ascii_is_one_column(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("Alice Chen"), 10);
	assert_int_equal(text_width("450 points"), 10);
	for (unsigned cp = 0x20; cp < 0x7f; cp++)
		assert_int_equal(text_char_width(cp), 1);
	/* Controls are shown as '?': one column, never zero. */
	assert_int_equal(text_char_width('\t'), 1);
	assert_int_equal(text_char_width(0x1b), 1);
	assert_int_equal(text_char_width(0x9b), 1);
}

static void
chinese_is_two_columns(void **state)
{
	(void)state;
	assert_int_equal(text_width("李明"), 4);
	assert_int_equal(text_width("红米好物"), 8);
	assert_int_equal(text_width("满50减10券"), 2 + 2 + 2 + 2 + 2);
	assert_int_equal(text_char_width(0x4e00), 2);  /* 一 */
	assert_int_equal(text_char_width(0x9fa5), 2);
	assert_int_equal(text_char_width(0x3400), 2);  /* extension A */
	assert_int_equal(text_char_width(0x20000), 2); /* extension B */
	assert_int_equal(text_char_width(0xac00), 2);  /* Hangul */
	assert_int_equal(text_char_width(0x3042), 2);  /* あ */
}

static void
full_width_punctuation_is_two_columns(void **state)
{
	(void)state;
	assert_int_equal(text_width("，。！？：；"), 12);
	assert_int_equal(text_width("（）《》「」【】"), 16);
	assert_int_equal(text_width("、"), 2);
	assert_int_equal(text_char_width(0x3000), 2);  /* ideographic space */
	assert_int_equal(text_char_width(0xff21), 2);  /* Ａ */
	assert_int_equal(text_char_width(0xffe5), 2);  /* ￥ */
	/* The half-width forms and the Latin ones are one column. */
	assert_int_equal(text_char_width(0xff61), 1);  /* ｡ */
	assert_int_equal(text_width("¥·×…"), 4);
	assert_int_equal(text_width("─│┌┐└┘"), 6);
	assert_int_equal(text_width("▀▄█"), 3);
}

static void
combining_marks_take_no_column(void **state)
{
	(void)state;
	assert_int_equal(text_width("e\xcc\x81"), 1); /* e + U+0301 */
	assert_int_equal(text_width("Jose\xcc\x81 Mu\xcc\x88ller"), 11);
	assert_int_equal(text_char_width(0x0300), 0);
	assert_int_equal(text_char_width(0x036f), 0);
	assert_int_equal(text_char_width(0x200b), 0); /* zero-width space */
	assert_int_equal(text_char_width(0xfe0f), 0); /* emoji presentation selector */
	assert_int_equal(text_char_width(0x302a), 0); /* an ideographic tone mark */
}

static void
emoji_are_two_columns(void **state)
{
	(void)state;
	assert_int_equal(text_char_width(0x1f600), 2); /* 😀 */
	assert_int_equal(text_char_width(0x1f381), 2); /* 🎁 */
	assert_int_equal(text_char_width(0x231a), 2);  /* ⌚ */
	assert_int_equal(text_char_width(0x2b50), 2);  /* ⭐ */
	assert_int_equal(text_width("🎁 gift"), 7);
	/* Symbols without emoji presentation stay one column. */
	assert_int_equal(text_char_width(0x2764), 1);  /* ❤ */
	assert_int_equal(text_char_width(0x2605), 1);  /* ★ */
	assert_int_equal(text_char_width(0x232b), 1);  /* ⌫ */
}

static void
invalid_bytes_are_one_column_each(void **state)
{
	(void)state;
	assert_int_equal(text_width("\xff"), 1);
	assert_int_equal(text_width("a\xe4\xb8"), 3);      /* a cut character */
	assert_int_equal(text_width("\xc0\xaf"), 2);       /* an overlong '/' */
	assert_int_equal(text_width("\xed\xa0\x80"), 3);   /* a surrogate */
}

/* Where glibc knows a character, its wcwidth() and ours agree. */
static void
agrees_with_glibc(void **state)
{
	int differ = 0;

	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		skip();
	for (unsigned cp = 0xa0; cp < 0x110000; cp++) {
		int w;

		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		w = wcwidth((wchar_t)cp);
		if (w >= 0 && w != text_char_width(cp) && differ++ < 10)
			print_message("U+%04X: wcwidth %d, text_char_width %d\n", cp, w,
				      text_char_width(cp));
	}
	assert_int_equal(differ, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ascii_is_one_column),
		cmocka_unit_test(chinese_is_two_columns),
		cmocka_unit_test(full_width_punctuation_is_two_columns),
		cmocka_unit_test(combining_marks_take_no_column),
		cmocka_unit_test(emoji_are_two_columns),
		cmocka_unit_test(invalid_bytes_are_one_column_each),
		cmocka_unit_test(agrees_with_glibc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
