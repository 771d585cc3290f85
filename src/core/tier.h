/*
 * tier: members' tiers (普通 / 银卡 / 金卡 / 钻石), from the config's [tier ID]
 * sections (settings.h) and the points each member earned.
 *
 * The rule (jifen.1 "TIERS", DESIGN.md "Tiers and plans"):
 *  - earned: the ordinary points of the member's purchases (entries `earn`)
 *    less those taken back by returns (`reverse`), dated in the last 12
 *    months: from the day after the same date a year ago (29 February: 28
 *    February), through now. Points bought, granted, transferred, won or
 *    given back are not earned. A return counts on the day it is made.
 *  - the tier a member earns is the highest whose points they have earned.
 *  - `jifen daily` applies it (tier_daily()): an upgrade at once, to the
 *    tier earned, whatever steps it jumps; a purchase never upgrades before
 *    the next daily run. A downgrade only at the member's anniversary (the
 *    day of the year they joined; 29 February: 28 February), one step at a
 *    time, and only if the member earned less than their tier needs; a
 *    run that missed the anniversary reviews it at the next run.
 *  - every change is a member_tier row (when, from, to, why, the points
 *    earned, who, where) and a notice; tier_now keeps the latest with the
 *    last anniversary reviewed. A member with no row is in the base tier.
 *  - what a tier gives: its earn percent (tier_earn_percent(), replaced by a
 *    one-to-one plan while one is in force: plan.h), its discount on catalog
 *    prices (tier_price()) and early access to new items (tier_check_early()).
 */
#ifndef JIFEN_TIER_H
#define JIFEN_TIER_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

/* Where a member stands, for the kiosk's home screen and `member show`. */
struct tier_standing {
	const struct settings_tier *tier; /* NULL when the config has no tiers */
	const struct settings_tier *next; /* the next tier up; NULL at the top */
	int64_t earned;                   /* in the last 12 months, as of at */
	int64_t needed;                   /* more points for next; 0 at the top */
	int64_t since;                    /* the tier's change; 0: the base from the start */
};

/* The member's tier and what the next one needs, as of time at. */
enum jf_status tier_standing(struct ledger *lg, const char *card, int64_t at,
			     struct tier_standing *out, struct jf_error *err);

/* The member's tier id at time at ("" when the config has no tiers), for a
 * campaign's list of tiers. A tier the config no longer has is the base. */
enum jf_status tier_of(struct ledger *lg, const char *card, int64_t at, char *name,
		       size_t size, struct jf_error *err);

/* The member percent of a purchase at time at (season_rules.md): the
 * percent of the one-to-one plan in force (source "plan"), else of the
 * member's tier (source its id); 100 and "" when neither gives more. */
enum jf_status tier_earn_percent(struct ledger *lg, const char *card, int64_t at,
				 int64_t *percent, char *source, size_t source_size,
				 struct jf_error *err);

/* The member bonus of a purchase whose ordinary base points are base. */
int64_t tier_bonus(int64_t base, int64_t percent);

/* A purchase's member bonus now, for the earn code inside its transaction:
 * tier_earn_percent() and tier_bonus() of base, with the percent and source. */
struct member_bonus {
	int64_t percent, points;
	char source[24];
};
enum jf_status tier_member_bonus(struct ledger *lg, const char *card, int64_t base,
				 struct member_bonus *out, struct jf_error *err);

/* The item's price in points for the member at time at: its price less the
 * tier's discount (the discount rounded down, never below 1 point); green
 * items keep their price. */
enum jf_status tier_price(struct ledger *lg, const char *card, int64_t at,
			  const struct catalog_item *it, int64_t *price, struct jf_error *err);

/* The same rules, for a screen that read the member's tier once (tier_of()):
 * the price for tier id, and whether tier id sees the item on today. */
int64_t tier_price_for(const struct settings *cfg, const char *tier, int64_t points);
int tier_sees(const struct settings *cfg, const char *tier, const struct catalog_item *it,
	      const char *today);

/* Is the item still in its early-access window on today, restricted to
 * some tiers? (Its early_tiers, or the tiers with early_access.) */
int tier_item_early(const struct settings *cfg, const struct catalog_item *it,
		    const char *today);
/* May the member see and redeem the item at time at? JF_CONFLICT with
 * JF_R_EARLY_ACCESS (text: the new_until date, text2: the member's tier)
 * before the item's new_until for a tier without early access to it. */
enum jf_status tier_check_early(struct ledger *lg, const char *card, int64_t at,
				const struct catalog_item *it, struct jf_error *err);

/* One change of a member's tier, for `member show` and the history. */
struct tier_change {
	int64_t at;
	char from[SETTINGS_TIER_ID_SIZE], to[SETTINGS_TIER_ID_SIZE];
	char why[12]; /* "upgrade" or "downgrade" */
	int64_t earned;
	char actor[ACTOR_TEXT_SIZE];
	char terminal[SETTINGS_TERMINAL_SIZE];
};
/* Every change of card's member's tier, oldest first; fn returns nonzero to stop. */
enum jf_status tier_history(struct ledger *lg, const char *card,
			    int (*fn)(const struct tier_change *c, void *ctx), void *ctx,
			    struct jf_error *err);

/* The daily job's tier step. */
struct tier_daily_result {
	int64_t earning;    /* members who earned in the window */
	int64_t reviewed;   /* anniversaries reviewed */
	int64_t upgrades, downgrades;
};
/* The tier step for today (clock.h): one aggregate over the window's
 * entries and one read of tier_now, then the changes, in one write
 * transaction. Safe to run again: it does only what is due. */
enum jf_status tier_daily(struct ledger *lg, struct tier_daily_result *res,
			  struct jf_error *err);

/* verify's checks of tiers and plans (tier_verify.c): JF_INTEGRITY with
 * problem naming the first broken thing (verify_no_row()). */
struct db;
enum jf_status tier_verify(struct db *db, char *problem, size_t size, struct jf_error *err);

/* The first day of the window of months months ending on date (the day
 * after the same date months back; a day the month lacks is its last),
 * both "YYYY-MM-DD". Tiers count 12 months. */
void tier_months_start(const char *date, int64_t months, char out[11]);
/* Ordinary points member_id earned from local midnight of since_date
 * through at (the rule above); never below 0. */
enum jf_status tier_earned(struct ledger *lg, int64_t member_id, const char *since_date,
			   int64_t at, int64_t *earned, struct jf_error *err);
/* The member's latest anniversary on or before today, from the day they
 * joined; "" if none has come yet. */
void tier_last_anniversary(const char *joined, const char *today, char out[11]);

#endif
