/*
 * test_random: the one source of random numbers. With a seed (JIFEN_SEED or
 * random_seed()) the draws are a reproducible sequence: the same seed gives
 * the same draws, another seed other draws; without one they come from the
 * system and never repeat. A malformed seed is refused and changes nothing.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "ledger.h"
#include "random.h"
#include "vcode.h"

#define DRAW 64

/* A few draws of different kinds, as core makes them, into out. */
static void
draw_sequence(unsigned char out[3 * DRAW])
{
	random_bytes(out, 16);
	random_bytes(out + 16, DRAW - 16);
	for (int i = 0; i < DRAW; i++)
		out[DRAW + i] = (unsigned char)random_uniform(32);
	random_bytes(out + 2 * DRAW, DRAW);
}

static void
seeded_sequence(const char *seed, unsigned char out[3 * DRAW])
{
	struct jf_error err;

	assert_int_equal(random_seed(seed, &err), JF_OK);
	draw_sequence(out);
}

static int
setup(void **state)
{
	(void)state;
	fixture_pin_environment();
	unsetenv("JIFEN_SEED");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unsetenv("JIFEN_SEED");
	random_seed(NULL, NULL);
	return 0;
}

static void
test_same_seed_same_sequence(void **state)
{
	unsigned char a[3 * DRAW], b[3 * DRAW];

	(void)state;
	seeded_sequence("test-1", a);
	seeded_sequence("test-1", b);
	assert_memory_equal(a, b, sizeof a);
	assert_true(random_seeded());
}

static void
test_draws_differ_within_a_sequence(void **state)
{
	unsigned char a[3 * DRAW];

	(void)state;
	seeded_sequence("test-1", a);
	/* A counter keys each draw: the third draw is not the first again. */
	assert_memory_not_equal(a, a + 2 * DRAW, 16);
}

static void
test_different_seeds_differ(void **state)
{
	unsigned char a[3 * DRAW], b[3 * DRAW];

	(void)state;
	seeded_sequence("test-1", a);
	seeded_sequence("test-2", b);
	assert_memory_not_equal(a, b, DRAW);
	assert_memory_not_equal(a + 2 * DRAW, b + 2 * DRAW, DRAW);
}

static void
test_no_seed_not_reproducible(void **state)
{
	unsigned char a[3 * DRAW], b[3 * DRAW];

	(void)state;
	seeded_sequence(NULL, a);
	seeded_sequence(NULL, b);
	assert_false(random_seeded());
	assert_memory_not_equal(a, b, DRAW);
	assert_memory_not_equal(a + 2 * DRAW, b + 2 * DRAW, DRAW);
}

static void
test_seed_from_environment(void **state)
{
	unsigned char a[3 * DRAW], b[3 * DRAW];
	struct jf_error err;

	(void)state;
	setenv("JIFEN_SEED", "sim:2026.11_a", 1);
	assert_int_equal(random_init(&err), JF_OK);
	assert_true(random_seeded());
	draw_sequence(a);
	seeded_sequence("sim:2026.11_a", b);
	assert_memory_equal(a, b, sizeof a);
	/* Empty is unset, as for JIFEN_NOW. */
	setenv("JIFEN_SEED", "", 1);
	assert_int_equal(random_init(&err), JF_OK);
	assert_false(random_seeded());
}

static void
test_bad_seed_refused(void **state)
{
	static const char *const bad[] = {
		"two words", "tab\there", "s\033[2J", "种子", "a/b", "a;b",
		"12345678901234567890123456789012345678901234567890123456789012345",
	};
	unsigned char a[3 * DRAW], b[3 * DRAW];
	struct jf_error err;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		/* random_seed() refuses and keeps the sequence it had. */
		seeded_sequence("keep", a);
		assert_int_equal(random_seed("keep", &err), JF_OK);
		assert_int_equal(random_seed(bad[i], &err), JF_USAGE);
		assert_non_null(strstr(err.message, "JIFEN_SEED"));
		draw_sequence(b);
		assert_memory_equal(a, b, sizeof a);
		/* At start-up the refusal is the error; nothing is seeded. */
		setenv("JIFEN_SEED", bad[i], 1);
		assert_int_equal(random_init(&err), JF_USAGE);
		assert_non_null(strstr(err.message, "JIFEN_SEED"));
		assert_false(random_seeded());
	}
	/* 64 characters is the longest seed. */
	assert_int_equal(random_seed("1234567890123456789012345678901234567890123456789012345678901234",
				     &err), JF_OK);
}

static void
test_uniform_in_range(void **state)
{
	int seen[7] = { 0 };

	(void)state;
	assert_int_equal(random_seed("uniform", NULL), JF_OK);
	for (int i = 0; i < 7000; i++) {
		uint32_t r = random_uniform(7);

		assert_true(r < 7);
		seen[r]++;
	}
	for (int i = 0; i < 7; i++)
		assert_in_range(seen[i], 800, 1200);
	assert_int_equal(random_uniform(1), 0);
	assert_int_equal(random_uniform(0), 0);
}

/* The draws core makes go through the module: a seed repeats them. */
static void
test_core_draws_follow_the_seed(void **state)
{
	char k1[LEDGER_NEW_KEY_SIZE], k2[LEDGER_NEW_KEY_SIZE];
	char s1[VCODE_SHORT_LEN + 1], s2[VCODE_SHORT_LEN + 1];

	(void)state;
	assert_int_equal(random_seed("core", NULL), JF_OK);
	ledger_new_key("k:", k1);
	vcode_short_new(s1);
	assert_int_equal(random_seed("core", NULL), JF_OK);
	ledger_new_key("k:", k2);
	vcode_short_new(s2);
	assert_string_equal(k1, k2);
	assert_string_equal(s1, s2);
	assert_int_equal(random_seed("other", NULL), JF_OK);
	ledger_new_key("k:", k2);
	assert_string_not_equal(k1, k2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_seed_same_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draws_differ_within_a_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_different_seeds_differ, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_seed_not_reproducible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_from_environment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_seed_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uniform_in_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_core_draws_follow_the_seed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
