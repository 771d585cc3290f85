/*
 * test_text_field: the counter's field of typed text (src/tui/counter.c),
 * without a terminal. A name field takes Chinese typed by an input method
 * as UTF-8, counts characters (not bytes) against its size, erases a whole
 * character at a time, and is spoiled whole by a control character or a
 * byte that is no UTF-8; text_field_set() starts it with a stored name.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "counter.h"
#include "request.h"

static void
type_text(struct text_field *f, const unsigned *cps, int n)
{
	for (int i = 0; i < n; i++)
		assert_int_equal(text_field_type(f, (int)cps[i]), 1);
}

static void
test_name_utf8(void **state)
{
	struct text_field f;
	const unsigned name[] = { 0x6b27, 0x9633, 'A', 0x1f600 }; /* 欧阳A😀 */

	(void)state;
	text_field_init(&f, TEXT_NAME, 64);
	type_text(&f, name, 4);
	assert_false(f.spoiled);
	assert_string_equal(f.text, "欧阳A\xf0\x9f\x98\x80");
	assert_int_equal(f.chars, 4);
	assert_int_equal(f.len, 3 + 3 + 1 + 4);
	text_field_erase(&f); /* the emoji, all four bytes */
	assert_string_equal(f.text, "欧阳A");
	text_field_erase(&f);
	text_field_erase(&f); /* 阳, three bytes */
	assert_string_equal(f.text, "欧");
	assert_int_equal(f.chars, 1);
	text_field_erase(&f);
	text_field_erase(&f); /* nothing left: nothing happens */
	assert_int_equal(f.len, 0);
	assert_int_equal(f.chars, 0);
}

static void
test_name_size_in_characters(void **state)
{
	struct text_field f;

	(void)state;
	text_field_init(&f, TEXT_NAME, 2);
	text_field_type(&f, 0x5f20);
	text_field_type(&f, 0x4f1f);
	assert_false(f.spoiled);
	assert_string_equal(text_field_shown(&f), "张伟");
	text_field_type(&f, 'x'); /* one too many: refused whole */
	assert_true(f.spoiled);
	assert_string_equal(text_field_shown(&f), "???");
	text_field_erase(&f); /* starts again */
	assert_false(f.spoiled);
	assert_int_equal(f.len, 0);
}

static void
test_name_refuses_bad(void **state)
{
	struct text_field f;
	const int bad[] = { '\n', 0x7f, 0x85, (int)REQ_BAD_BYTE(0xff), 0xd800, 0x110000, -1 };

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		text_field_init(&f, TEXT_NAME, 64);
		text_field_type(&f, 'a');
		text_field_type(&f, bad[i]);
		assert_true(f.spoiled);
	}
	text_field_init(&f, TEXT_NAME, 64);
	assert_int_equal(text_field_type(&f, '\t'), 0); /* Tab is the screen's */
	assert_false(f.spoiled);
}

static void
test_set(void **state)
{
	struct text_field f;

	(void)state;
	text_field_init(&f, TEXT_NAME, 64);
	text_field_set(&f, "王芳 Wang");
	assert_false(f.spoiled);
	assert_string_equal(f.text, "王芳 Wang");
	assert_int_equal(f.chars, 7);
	text_field_set(&f, "bad\xff");
	assert_true(f.spoiled);
	text_field_init(&f, TEXT_PHONE, 20);
	text_field_set(&f, "138-0013-8001");
	assert_string_equal(f.text, "138-0013-8001");
	text_field_set(&f, "");
	assert_int_equal(f.len, 0);
}

static void
test_date(void **state)
{
	struct text_field f;

	(void)state;
	text_field_init(&f, TEXT_DATE, 10);
	text_field_set(&f, "1990-05-04");
	assert_false(f.spoiled);
	text_field_type(&f, '1');
	assert_true(f.spoiled);
	text_field_init(&f, TEXT_DATE, 10);
	text_field_type(&f, '/');
	assert_true(f.spoiled);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_utf8),
		cmocka_unit_test(test_name_size_in_characters),
		cmocka_unit_test(test_name_refuses_bad),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
