/*
 * game_words: how the games' screens (screen_games.c, screen_game_rules.c,
 * screen_scratch.c, screen_wheel.c) put core's tables and plays into words,
 * in the language shown: a prize's label, its odds, its worth, where a
 * prize went. Only words: every figure is core's (game.h).
 */
#ifndef JIFEN_TUI_GAME_WORDS_H
#define JIFEN_TUI_GAME_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "game.h"
#include "screen.h"

/* The prize's label in the language shown. */
const char *game_prize_label(const struct game_prize *z);
/* The game's name in the language shown. */
const char *game_name(const struct game_spec *g);
/* "1 in 1,000 (0.10%)" from parts per million; "never" for 0. */
void game_odds(int64_t ppm, char *out, size_t size);
/* "50.00 yuan"; "-" for nothing. */
void game_worth(int64_t fen, char *out, size_t size);
/* What a play won and where it went: "200 points were added to your
 * points.", "A voucher for ... is in My vouchers.", "Thanks for playing!". */
void game_outcome(const struct game_play *p, char *out, size_t size);
/* When the prize drawn had no budget left and its published fallback was
 * paid instead: that, in one sentence; "" otherwise. */
void game_fallback_notice(const struct game_play *p, const struct game_spec *g, char *out,
			  size_t size);
/* A commitment as hex, whole (65 bytes) or shortened "3f5a09c1...b2e47d10". */
void game_commitment_hex(const unsigned char c[GAME_SEED_LEN], int whole, char *out,
			 size_t size);

/* A task's reward in the language shown (the badge wall, the counter's
 * tasks): "50 points", "2 free plays of 每日刮刮乐", "Badge: 绿色之声",
 * "1 × 五常大米 5kg". */
struct task_book;
struct task_reward;
void task_reward_text(struct kiosk *k, const struct task_book *b, const struct task_reward *r,
		      char *out, size_t size);

/* The play of key and the game it was played on, for a screen that shows it
 * (the scratch card, the wheel): 1, or 0 after kiosk_fail(). */
int game_play_load(struct kiosk *k, const char *key, struct game_play *p,
		   struct game_info *g);

#endif
