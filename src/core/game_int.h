/*
 * game_int: what the game's own files (game.c, game_play.c) share and
 * nothing else may call.
 */
#ifndef JIFEN_GAME_INT_H
#define JIFEN_GAME_INT_H

#include <sodium.h>

#include "db.h"
#include "game.h"

/* A version of a game by its row id (JF_INTEGRITY if it is missing). */
enum jf_status game_load(struct db *db, int64_t id, struct game_info *out, struct jf_error *err);

/* The seed of game's period under this ledger's game key. */
enum jf_status game_period_seed(struct ledger *lg, const char *game, const char *period,
				unsigned char seed[GAME_SEED_LEN], struct jf_error *err);

/* A field into a hash, length first (game_draw.c): a play's hash and its
 * draw read their fields alike. */
void game_hash_text(crypto_generichash_state *h, const char *s);
void game_hash_int(crypto_generichash_state *h, int64_t v);

/* A play's hash over everything it holds but `scratched` (and its id). */
void game_play_hash(const struct game_play *p, const char *actor, const char *terminal,
		    unsigned char out[GAME_SEED_LEN]);

#endif
