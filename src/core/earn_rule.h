/*
 * earn_rule: the one place that counts a purchase's points (DESIGN.md
 * "The earn rule"), for the single amount (ledger_earn), a receipt of
 * lines (ledger_earn_lines), their quotes, `jifen earn --explain` and the
 * counter's purchase screens. Per line:
 *
 *   base            the member's own rate (member_rate.h) or the store's
 *                   points_per_yuan / [category] rate / green_per_yuan,
 *                   rounded down per line, as before;
 *   member bonus    base x (M - 100) / 100 rounded down, ordinary points
 *                   only; M the member's percent (a one-to-one plan while
 *                   one is in force, else the tier's; 100 if none);
 *   campaign bonus  base x (C - 100) / 100 rounded down, C the HIGHEST
 *                   percent among the campaigns running at the purchase's
 *                   time that cover the line (all goods, its category, or
 *                   green goods), are for the member's tier and have budget
 *                   left: multipliers never stack. The bonus is capped by
 *                   what is left of that campaign's budget.
 *
 * points = base + member bonus + campaign bonus. Percents are integers
 * (200: double points). Each campaign's bonus is recorded with the
 * campaign (campaign_award) in the purchase's own write transaction, so
 * budgets are never passed by purchases at once.
 */
#ifndef JIFEN_EARN_RULE_H
#define JIFEN_EARN_RULE_H

#include <stddef.h>
#include <stdint.h>

#include "game.h"
#include "ledger.h"
#include "lines.h"
#include "status.h"

#define EARN_CAMPAIGNS_MAX 64 /* campaigns weighed on one purchase (the highest) */
#define EARN_SOURCE_SIZE 65

/* A campaign on one purchase: what it gave, or that its budget was spent. */
struct earn_campaign {
	int64_t campaign_id; /* its version in force */
	char code[GAME_CODE_SIZE];
	int64_t percent;
	int64_t points[KIND_COUNT]; /* its bonus on this purchase */
	int64_t base[KIND_COUNT];   /* the base of the lines it gave a bonus on */
	int spent; /* its budget ran out: it gave less than its percent, or nothing */
};

struct earn_explain {
	int64_t base[KIND_COUNT];
	int64_t member_percent;               /* 100: none */
	char member_source[EARN_SOURCE_SIZE]; /* the tier's name or "plan"; "" for none */
	int64_t member_bonus;                 /* ordinary points */
	int64_t campaign_bonus[KIND_COUNT];
	struct earn_campaign campaigns[EARN_CAMPAIGNS_MAX]; /* those that gave or were spent */
	size_t campaign_count;
	int64_t points[KIND_COUNT]; /* base + bonuses */
	int recorded; /* read back from what a replayed purchase recorded: the
		       * campaigns' bonuses only (base and member bonus are
		       * then together in base) */
};

/* Count l's points for card's member at time at: each line's base, bonuses
 * and points, and l's totals, are set again; x (may be NULL) gets the
 * breakdown. Reads only; inside a write transaction its budgets are those
 * the purchase will record. */
enum jf_status earn_rule_apply(struct ledger *lg, const char *card, int64_t at,
			       struct receipt_lines *l, struct earn_explain *x,
			       struct jf_error *err);

/* Record x's campaign bonuses for the purchase's entry (inside its write
 * transaction). */
enum jf_status earn_rule_record(struct ledger *lg, const char *card, const char *receipt,
				int64_t entry_id, const struct earn_explain *x,
				struct jf_error *err);

/* A return of receipt (ledger_earn_reverse(), or a part by
 * ledger_earn_refund()) written as entry_id, reversing the purchase's
 * entry earn_entry: each campaign gets back so much of its budget that all
 * the purchase's returns together gave back bonus x taken / earned per
 * kind, rounded down (taken: what every return of it took). */
enum jf_status earn_rule_give_back(struct ledger *lg, const char *receipt, int64_t earn_entry,
				   int64_t entry_id, struct jf_error *err);

/* What the purchase of receipt recorded for campaigns (a replay, or a
 * look afterwards): x's campaigns and campaign_bonus; points the total. */
enum jf_status earn_rule_recorded(struct ledger *lg, const char *receipt,
				  struct earn_explain *x, struct jf_error *err);

#endif
