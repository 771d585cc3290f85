/*
 * daily: the store's daily job, as one call (`jifen daily`, run by cron
 * once a day). Its steps, in order: vouchers past their date are voided,
 * then lots past their date expire (vouchers first, so the points they
 * release can expire in the same run), then the games' seeds of ended
 * days are revealed and today's commitments stored, the birthday gifts
 * due are given (birthday.h), members' tiers change (tier.h), every
 * member's automatic tasks are checked (task_check_all()), and last
 * the day's backup is made ([backup] dir, backup.h) and the old ones
 * removed. Every step does only what is due and not yet done, so a second
 * run the same day, or a run after a failed one, is safe.
 */
#ifndef JIFEN_DAILY_H
#define JIFEN_DAILY_H

#include <stdint.h>

#include "backup.h"
#include "birthday.h"
#include "clock.h"
#include "ledger.h"
#include "status.h"
#include "task.h"
#include "tier.h"

struct daily_result {
	char date[CLOCK_DATE_LEN];  /* the (local) day the job ran for */
	int64_t vouchers;           /* vouchers voided as past their date */
	struct expire_result lots;  /* lots moved to the expired account */
	int64_t seeds_revealed;     /* games' seeds of ended days revealed (game.h) */
	int64_t games_committed;    /* today's commitments stored */
	struct birthday_result birthday;   /* birthday gifts given (birthday.h) */
	struct task_check_result tasks;    /* automatic tasks checked (task.h) */
	struct backup_daily_result backup; /* the day's backup, after expiry */
	struct tier_daily_result tiers;    /* tier changes (tier.h) */
};

/* The expiry steps alone: vouchers, then lots (what `jifen expire` runs).
 * Each step is its own transaction: a failure leaves the steps before it
 * done, and res says what they did. */
enum jf_status daily_expire(struct ledger *lg, struct daily_result *res, struct jf_error *err);

/* Every step of the daily job, in order, stopping at the first failure
 * (res says what the steps before it did). */
enum jf_status ledger_daily(struct ledger *lg, struct daily_result *res, struct jf_error *err);

#endif
