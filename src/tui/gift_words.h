/*
 * gift_words: the birthday gift in words, in the language shown ("200
 * points, a voucher for 蛋糕, 2 free plays of 幸运转盘"), for the rules
 * page and home's birthday greeting. "" when there is none.
 */
#ifndef JIFEN_TUI_GIFT_WORDS_H
#define JIFEN_TUI_GIFT_WORDS_H

#include <stddef.h>
#include <stdint.h>

struct gift_parts {
	int64_t points;                     /* 0: none */
	const char *item_zh, *item_en;      /* NULL or "": no item */
	const char *game_zh, *game_en;      /* NULL or "": no free plays */
	int64_t plays;
};

void gift_words(const struct gift_parts *g, char *out, size_t size);

#endif
