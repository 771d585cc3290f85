/*
 * member_rate: a member's own earn rate (a staff or partner plan: "one
 * point per yuan, whatever the store's rate").
 *
 * The rate is ordinary points per whole yuan. While a member has one it
 * replaces the store's points_per_yuan AND every [category] rate for that
 * member's ordinary points: a plan is agreed with the member, so it is the
 * same on every purchase. Green points are the store's environmental
 * scheme and keep the store's green_per_yuan. Each change is a row of the
 * member_rate table (schema 11), never changed or deleted: the rate, who
 * set it, when, at which terminal; the latest row is the rate in force,
 * 0 for "the store's rates" (cleared).
 */
#ifndef JIFEN_MEMBER_RATE_H
#define JIFEN_MEMBER_RATE_H

#include <stdint.h>

#include "actor.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

#define MEMBER_RATE_MAX 1000 /* as the config's points_per_yuan */

/* One change of a member's rate (or the one in force). */
struct member_rate {
	int64_t points_per_yuan; /* 0: the store's rates */
	int64_t at;              /* 0 if it was never set */
	char actor[ACTOR_TEXT_SIZE];
	char terminal[SETTINGS_TERMINAL_SIZE];
};

/* Set the rate of card's member (1 to MEMBER_RATE_MAX; else JF_USAGE), by
 * the ledger's actor at the config's terminal. One write transaction. */
enum jf_status member_rate_set(struct ledger *lg, const char *card, int64_t points_per_yuan,
			       struct jf_error *err);

/* Back to the store's rates. JF_CONFLICT with JF_R_NO_MEMBER_RATE if the
 * member has no rate of its own. */
enum jf_status member_rate_clear(struct ledger *lg, const char *card, struct jf_error *err);

/* The rate in force for card's member: *out all 0 and "" if never set. */
enum jf_status member_rate_get(struct ledger *lg, const char *card, struct member_rate *out,
			       struct jf_error *err);

/* The rate in force for card (0: none), without looking the member up:
 * for the earn code, inside its write transaction. */
enum jf_status member_rate_in_force(struct ledger *lg, const char *card, int64_t *rate,
				    struct jf_error *err);

/* Every change of card's member's rate, oldest first. */
enum jf_status member_rate_history(struct ledger *lg, const char *card,
				   int (*fn)(const struct member_rate *r, void *ctx), void *ctx,
				   struct jf_error *err);

/* Points earned for fen under cfg, for a member whose rate is rate (0:
 * none, the store's rules of settings_earn_points()); rounds down. */
int64_t member_rate_points(const struct settings *cfg, int64_t rate, int64_t fen,
			   const char *category, int green);

#endif
