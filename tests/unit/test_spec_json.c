/*
 * test_spec_json: the frame every definition parser shares (spec_parse()):
 * what it refuses before the fill sees the JSON, and that a refused file
 * gives nothing half-read; and two small readers (spec_object(),
 * spec_name_of()). The parsers' own rules are tested with their
 * modules (test_game, test_task, test_campaign).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "spec_json.h"

/* What the test's fill reads: a code and a number. */
struct thing {
	char code[GAME_CODE_SIZE];
	int64_t count;
	int filled; /* the fill ran */
};

static void
fill_thing(json_t *root, void *out, struct game_problems *p)
{
	static const char *const keys[] = { "id", "count", NULL };
	struct thing *t = out;

	t->filled = 1;
	spec_check_keys(root, "", keys, p);
	spec_get_code(root, "id", "id", t->code, p);
	spec_get_int(root, "count", "count", 1, 9, 1, &t->count, p);
}

static enum jf_status
parse(const char *text, size_t max, struct thing *t, struct game_problems *p)
{
	/* Left over from an earlier parse: the frame must clear it. */
	memset(t, 0x55, sizeof *t);
	p->count = 3;
	return spec_parse(text, strlen(text), max, fill_thing, t, sizeof *t, p);
}

static void
test_good(void **state)
{
	struct game_problems p;
	struct thing t;

	(void)state;
	assert_int_equal(parse("{\"id\": \"A-1\", \"count\": 4}", 100, &t, &p), JF_OK);
	assert_int_equal(p.count, 0);
	assert_string_equal(t.code, "A-1");
	assert_int_equal(t.count, 4);
	assert_int_equal(t.filled, 1);
}

/* The size is checked first: a larger text is never loaded. */
static void
test_too_large(void **state)
{
	const char *text = "{\"id\": \"A-1\", \"count\": 4}";
	struct game_problems p;
	struct thing t;

	(void)state;
	assert_int_equal(parse(text, strlen(text) - 1, &t, &p), JF_USAGE);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.lines[0], "the file is larger than 24 bytes");
	assert_int_equal(t.filled, 0);
	assert_int_equal(t.code[0], '\0');
	assert_int_equal(parse(text, strlen(text), &t, &p), JF_OK);
}

static void
test_not_an_object(void **state)
{
	struct game_problems p;
	struct thing t;

	(void)state;
	assert_int_equal(parse("{\"id\": ", 100, &t, &p), JF_USAGE);
	assert_int_equal(p.count, 1);
	assert_non_null(strstr(p.lines[0], "line 1: not JSON: "));
	assert_int_equal(t.filled, 0);
	assert_int_equal(parse("[1, 2]", 100, &t, &p), JF_USAGE);
	assert_int_equal(p.count, 1);
	assert_string_equal(p.lines[0], "the file must hold one JSON object");
	assert_int_equal(t.filled, 0);
}

/* Every problem is kept, and what the fill had read is cleared. */
static void
test_problems_clear(void **state)
{
	struct game_problems p;
	struct thing t;

	(void)state;
	assert_int_equal(parse("{\"id\": \"A-1\", \"count\": 10, \"x\": 1}", 100, &t, &p),
			 JF_USAGE);
	assert_int_equal(p.count, 2);
	assert_string_equal(p.lines[0], "x: unknown key");
	assert_string_equal(p.lines[1], "count: must be a whole number from 1 to 9");
	assert_int_equal(t.filled, 0);
	assert_int_equal(t.code[0], '\0');
}

/* An item of a list: an object (its unknown keys named), else a problem. */
static void
test_object(void **state)
{
	static const char *const keys[] = { "id", NULL };
	json_t *list = json_loads("[{\"id\": 1}, 7, {\"idd\": 1}]", 0, NULL);
	struct game_problems p;

	(void)state;
	assert_non_null(list);
	memset(&p, 0, sizeof p);
	assert_int_equal(spec_object(json_array_get(list, 0), "things[0]", keys, &p), 1);
	assert_int_equal(p.count, 0);
	assert_int_equal(spec_object(json_array_get(list, 1), "things[1]", keys, &p), 0);
	assert_int_equal(spec_object(json_array_get(list, 2), "things[2]", keys, &p), 1);
	assert_int_equal(p.count, 2);
	assert_string_equal(p.lines[0], "things[1]: must be an object");
	assert_string_equal(p.lines[1], "things[2].idd: unknown key");
	json_decref(list);
}

/* A kind given by name: its index, else -1 (wrong name, not a string, missing). */
static void
test_name_of(void **state)
{
	static const char *const kinds[] = { "single", "multiple", "rating" };
	json_t *obj = json_loads("{\"a\": \"rating\", \"b\": \"Rating\", \"c\": 2}", 0, NULL);

	(void)state;
	assert_non_null(obj);
	assert_int_equal(spec_name_of(json_object_get(obj, "a"), kinds, 3), 2);
	assert_int_equal(spec_name_of(json_object_get(obj, "a"), kinds, 2), -1);
	assert_int_equal(spec_name_of(json_object_get(obj, "b"), kinds, 3), -1);
	assert_int_equal(spec_name_of(json_object_get(obj, "c"), kinds, 3), -1);
	assert_int_equal(spec_name_of(json_object_get(obj, "d"), kinds, 3), -1);
	json_decref(obj);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_problems_clear),
		cmocka_unit_test(test_object),
		cmocka_unit_test(test_name_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
