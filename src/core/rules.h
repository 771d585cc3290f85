/*
 * rules: "How points work", the rules page (`jifen rules`, the kiosk's
 * rules screen), as data read from the config and the ledger in force
 * now, never a fixed text: change the config and the page changes.
 *
 * The page is sections, each filled by one small function of rules.c
 * (rules_sections[]) and put into words by one small function per front
 * end (src/cli/cmd_members.c in English, src/tui/screen_rules.c in both
 * languages): those only present what is here.
 *
 * A new section is an enum rules_section (in the page's order), its data
 * in struct rules_page, its loader in rules_sections[] and its words in
 * both front ends' tables.
 */
#ifndef JIFEN_RULES_H
#define JIFEN_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "campaign.h"
#include "catalog.h"
#include "clock.h"
#include "game.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

enum rules_section {
	RULES_EARN,         /* how points are earned: the rates */
	RULES_TIERS,        /* the tiers, what each gives, how members move */
	RULES_CAMPAIGNS,    /* the campaigns running today: multipliers, budgets left */
	RULES_EXPIRY,       /* when points expire, how the member is told */
	RULES_RETURNS,      /* how returns take points back and give them back */
	RULES_COMPENSATION, /* what happens when the store is at fault */
	RULES_TRANSFERS,    /* transfers within a family and their limits */
	RULES_OFFSET,       /* points paying part of a bill */
	RULES_GAMES,        /* the games' odds and budgets */
	RULES_BIRTHDAY,     /* the birthday gift */
	RULES_SECTION_COUNT
};

/* The section's stable name, for JSON keys: "earn", "expiry", ... */
const char *rules_section_name(enum rules_section section);

struct rules_game {
	struct game_info info;       /* the current version: prizes, odds, budgets */
	struct game_budget_use used; /* of the budgets, today and in all */
};

struct rules_page {
	char today[CLOCK_DATE_LEN];  /* the store-local day the page is true for */
	/* earn */
	int64_t points_per_yuan, green_per_yuan, lock_days;
	struct settings_category categories[SETTINGS_MAX_CATEGORIES];
	int category_count;
	int64_t own_rates;           /* members with an earn rate of their own now */
	/* expiry */
	enum expiry_policy expiry_policy;
	int64_t expiry_days, expiry_years, notice_days;
	char expires_if_earned_today[CLOCK_DATE_LEN]; /* the rule applied to today */
	int64_t reminded_last_30;    /* reminders recorded in the last 30 days (remind.h) */
	/* returns and compensation: the rules are the program's; the numbers
	 * that change them are the config's */
	int64_t compensations;       /* compensation entries so far (delistings, outages) */
	/* transfers */
	int allow_points_transfer;
	int64_t daily_green_limit;   /* 0: no limit */
	/* offset */
	int offset_enabled;
	int64_t offset_points_per_yuan, offset_max_percent;
	int64_t offset_group_points, offset_group_fen; /* points go in groups paying whole fen */
	/* games */
	struct rules_game *games;    /* owned */
	size_t game_count;
	/* birthday */
	int64_t birthday_points;
	char birthday_sku[CATALOG_SKU_SIZE];
	char birthday_item_zh[CATALOG_NAME_SIZE], birthday_item_en[CATALOG_NAME_SIZE];
	char birthday_game[GAME_CODE_SIZE];
	char birthday_game_zh[GAME_LABEL_SIZE], birthday_game_en[GAME_LABEL_SIZE];
	int64_t birthday_plays;
	/* tiers: the config's, lowest first (none: the store has no tiers) */
	struct settings_tier tiers[SETTINGS_MAX_TIERS];
	int tier_count;
	int64_t plans_in_force;      /* one-to-one plans in force today (plan.h) */
	/* campaigns running today, as `campaign list --active` */
	struct campaign_info *campaigns; /* owned */
	size_t campaign_count;
};

/* Read the whole page, in one read snapshot. Free with rules_done(). */
enum jf_status rules_load(struct ledger *lg, struct rules_page *out, struct jf_error *err);
void rules_done(struct rules_page *page);

#endif
