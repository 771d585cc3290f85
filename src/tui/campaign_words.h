/*
 * campaign_words: how the screens put campaigns into words, in the
 * language shown: the banner of the campaign running now (the attract and
 * home screens), the gift pack a member may claim, and which campaign gave
 * how many points on a purchase (the counter's purchase screens). Only
 * words: every figure is core's (campaign.h, earn_rule.h).
 */
#ifndef JIFEN_TUI_CAMPAIGN_WORDS_H
#define JIFEN_TUI_CAMPAIGN_WORDS_H

#include <stddef.h>

#include "campaign.h"
#include "earn_rule.h"
#include "screen.h"

/* The banner of the first campaign running now (by start date), in the
 * language shown, into out; 0 and "" when none runs. Never fails a screen:
 * a ledger that cannot be read shows no banner. */
int campaign_banner_now(struct kiosk *k, char *out, size_t size);

/* The first gift pack card's member may claim now: its campaign's id into
 * code and its name in the language shown into name; 0 when there is none. */
int campaign_gift_now(struct kiosk *k, const char *card, char code[GAME_CODE_SIZE],
		      char *name, size_t size);

/* Which campaign gave how many points on a purchase: "Campaign double-11
 * gave 100 (200%)." for each, or that its budget is spent; "" when no
 * campaign took part. */
void campaign_explain_words(const struct earn_explain *x, char *out, size_t size);

/* The campaign's name in the language shown. */
const char *campaign_name(const struct campaign_spec *c);

#endif
