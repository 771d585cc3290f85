/*
 * test_xalloc: xmemdupz(), a text handed over with its length as a C
 * string: exactly len bytes, a NUL after them, even when the source has
 * no NUL of its own or a NUL inside.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void
test_memdupz(void **state)
{
	const char bytes[] = { 'a', 'b', 'c', 'd' }; /* no NUL */
	const char inner[] = { 'x', '\0', 'y' };
	char *s;

	(void)state;
	s = xmemdupz(bytes, 3);
	assert_string_equal(s, "abc");
	free(s);
	s = xmemdupz(inner, sizeof inner);
	assert_memory_equal(s, inner, sizeof inner);
	assert_int_equal(s[sizeof inner], '\0');
	free(s);
	s = xmemdupz(NULL, 0);
	assert_string_equal(s, "");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memdupz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
