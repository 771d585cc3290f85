/*
 * game_draw: the arithmetic of fair draws (game.h), no ledger: seeds,
 * commitments, a play's number, its prize, the scratch card's grid.
 * Every hashed text length-prefixes its fields, so no two identities
 * hash the same text.
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "game.h"
#include "game_int.h"

/* Length-prefixed field into a hash state: no two lists of fields hash
 * alike. */
void
game_hash_text(crypto_generichash_state *h, const char *s)
{
	unsigned char len[4];
	size_t n = strlen(s);

	len[0] = (unsigned char)(n >> 24);
	len[1] = (unsigned char)(n >> 16);
	len[2] = (unsigned char)(n >> 8);
	len[3] = (unsigned char)n;
	crypto_generichash_update(h, len, sizeof len);
	crypto_generichash_update(h, (const unsigned char *)s, n);
}

void
game_hash_int(crypto_generichash_state *h, int64_t v)
{
	char text[24];

	snprintf(text, sizeof text, "%lld", (long long)v);
	game_hash_text(h, text);
}

void
game_seed(const unsigned char game_key[GAME_SEED_LEN], const char *game, const char *period,
	  unsigned char seed[GAME_SEED_LEN])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, game_key, GAME_SEED_LEN, GAME_SEED_LEN);
	game_hash_text(&h, "game");
	game_hash_text(&h, game);
	game_hash_text(&h, period);
	crypto_generichash_final(&h, seed, GAME_SEED_LEN);
}

void
game_commitment(const unsigned char seed[GAME_SEED_LEN], unsigned char out[GAME_SEED_LEN])
{
	crypto_generichash(out, GAME_SEED_LEN, seed, GAME_SEED_LEN, NULL, 0);
}

uint32_t
game_draw(const unsigned char seed[GAME_SEED_LEN], const struct game_play_id *id)
{
	/* The largest multiple of 10^6 that fits 32 bits: words at or above
	 * it are rejected, so every number is equally likely. */
	const uint32_t limit = (uint32_t)(4294967296ULL - 4294967296ULL % GAME_PPM);
	unsigned char out[64];

	for (int64_t round = 0;; round++) {
		crypto_generichash_state h;

		crypto_generichash_init(&h, seed, GAME_SEED_LEN, sizeof out);
		game_hash_text(&h, "play");
		game_hash_text(&h, id->game);
		game_hash_int(&h, id->version);
		game_hash_text(&h, id->period);
		game_hash_text(&h, id->card);
		game_hash_int(&h, id->number);
		game_hash_text(&h, id->key);
		game_hash_int(&h, round);
		crypto_generichash_final(&h, out, sizeof out);
		for (size_t i = 0; i + 4 <= sizeof out; i += 4) {
			uint32_t w = (uint32_t)out[i] << 24 | (uint32_t)out[i + 1] << 16 |
				     (uint32_t)out[i + 2] << 8 | out[i + 3];

			if (w < limit)
				return w % GAME_PPM;
		}
	}
}

int
game_prize_of(const struct game_spec *g, uint32_t drawn)
{
	int64_t upto = 0;

	for (size_t i = 0; i < g->prize_count; i++) {
		upto += g->prizes[i].ppm;
		if (drawn < upto)
			return (int)i;
	}
	return (int)g->prize_count - 1; /* not reached: the ppm add up to 10^6 */
}

int
game_prize_symbol(int prize_index)
{
	return prize_index % GAME_SYMBOLS;
}

/* A stream of bytes from the play's key, for the grid. */
struct grid_rng {
	unsigned char buf[64];
	size_t used;
	int64_t block;
	const char *key;
};

static unsigned
grid_byte(struct grid_rng *r)
{
	if (r->used == sizeof r->buf) {
		crypto_generichash_state h;

		crypto_generichash_init(&h, NULL, 0, sizeof r->buf);
		game_hash_text(&h, "grid");
		game_hash_text(&h, r->key);
		game_hash_int(&h, r->block++);
		crypto_generichash_final(&h, r->buf, sizeof r->buf);
		r->used = 0;
	}
	return r->buf[r->used++];
}

/* Uniform in [0, n), n <= 256, by rejection. */
static int
grid_below(struct grid_rng *r, unsigned n)
{
	unsigned limit = 256 - 256 % n, b;

	while ((b = grid_byte(r)) >= limit)
		;
	return (int)(b % n);
}

static void
shuffle(struct grid_rng *r, int *a, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = grid_below(r, (unsigned)i + 1), t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

void
game_grid(const char *key, int win, int prize_index, int cells[GAME_CELLS])
{
	struct grid_rng r = { .used = 64, .block = 0, .key = key };
	int pool[2 * GAME_SYMBOLS], n = 0, at = 0;
	int symbol = win ? game_prize_symbol(prize_index) : -1;

	/* Every other symbol at most twice: no three alike but the prize's. */
	for (int s = 0; s < GAME_SYMBOLS; s++)
		if (s != symbol) {
			pool[n++] = s;
			pool[n++] = s;
		}
	shuffle(&r, pool, n);
	if (win)
		for (; at < 3; at++)
			cells[at] = symbol;
	for (int i = 0; at < GAME_CELLS; at++, i++)
		cells[at] = pool[i];
	shuffle(&r, cells, GAME_CELLS);
}
