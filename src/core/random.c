/*
 * random: draws from the system (libsodium's randombytes), or, with a seed,
 * from a reproducible sequence: draw n is libsodium's
 * randombytes_buf_deterministic() keyed by BLAKE2b(key = hash of the seed,
 * n). Counting the draws, rather than keeping one stream, makes a draw
 * depend only on the seed and how many came before, whatever their sizes.
 */
#include "config.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "random.h"

static struct {
	int started;                                 /* random_init() or random_seed() ran */
	int seeded;                                  /* draws come from key and count */
	unsigned char key[crypto_generichash_KEYBYTES]; /* BLAKE2b of the seed */
	uint64_t count;                              /* draws made from key */
} rng;

static int
valid_seed(const char *seed)
{
	size_t n = strlen(seed);

	if (n == 0 || n > RANDOM_SEED_MAX)
		return 0;
	for (const char *c = seed; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("-_.:", *c))
			return 0;
	return 1;
}

enum jf_status
random_seed(const char *seed, struct jf_error *err)
{
	if (seed && !valid_seed(seed))
		return jf_fail(err, JF_USAGE,
			       "JIFEN_SEED must be 1 to %d letters, digits or - _ . : (not '%.40s')",
			       RANDOM_SEED_MAX, seed);
	if (sodium_init() < 0)
		return jf_fail(err, JF_ERR, "libsodium failed to initialise");
	rng.started = 1;
	rng.seeded = seed != NULL;
	rng.count = 0;
	if (seed)
		crypto_generichash(rng.key, sizeof rng.key, (const unsigned char *)seed,
				   strlen(seed), NULL, 0);
	else
		sodium_memzero(rng.key, sizeof rng.key);
	return JF_OK;
}

enum jf_status
random_init(struct jf_error *err)
{
	const char *env = getenv("JIFEN_SEED");
	enum jf_status st;

	if (env != NULL && *env == '\0')
		env = NULL;
	st = random_seed(env, err);
	if (st != JF_OK)
		random_seed(NULL, NULL);
	return st;
}

int
random_seeded(void)
{
	if (!rng.started)
		random_init(NULL);
	return rng.seeded;
}

void
random_bytes(void *buf, size_t len)
{
	unsigned char draw_key[randombytes_SEEDBYTES], n[8];
	uint64_t count;

	if (!random_seeded()) {
		randombytes_buf(buf, len);
		return;
	}
	count = rng.count++;
	for (size_t i = 0; i < sizeof n; i++) /* little-endian on every machine */
		n[i] = (unsigned char)(count >> (8 * i));
	crypto_generichash(draw_key, sizeof draw_key, n, sizeof n, rng.key, sizeof rng.key);
	randombytes_buf_deterministic(buf, len, draw_key);
	sodium_memzero(draw_key, sizeof draw_key);
}

uint32_t
random_uniform(uint32_t upper)
{
	unsigned char b[4];
	uint32_t r, min;

	if (upper < 2)
		return 0;
	if (!random_seeded())
		return randombytes_uniform(upper);
	/* Values below 2^32 mod upper would make the low results likelier. */
	min = (uint32_t)(-upper) % upper;
	do {
		random_bytes(b, sizeof b); /* read little-endian: the same on every machine */
		r = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	} while (r < min);
	return r % upper;
}

uint32_t
random_jitter(uint32_t upper)
{
	return upper < 2 ? 0 : randombytes_uniform(upper);
}
