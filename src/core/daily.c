/*
 * daily: the steps of the daily job, in their order. Each step is a core
 * call of its own module with its own transaction; this file only decides
 * which run and when, never what they write.
 */
#include "config.h"

#include <string.h>

#include "daily.h"
#include "game.h"
#include "task.h"
#include "voucher.h"

enum jf_status
daily_expire(struct ledger *lg, struct daily_result *res, struct jf_error *err)
{
	enum jf_status st;

	memset(res, 0, sizeof *res);
	clock_date_of(clock_now(), res->date);
	if ((st = voucher_expire_due(lg, &res->vouchers, err)) != JF_OK)
		return st;
	return ledger_expire(lg, &res->lots, err);
}

enum jf_status
ledger_daily(struct ledger *lg, struct daily_result *res, struct jf_error *err)
{
	enum jf_status st;

	/* The backup stays last, so it holds what the other steps did. */
	if ((st = daily_expire(lg, res, err)) != JF_OK)
		return st;
	/* The games: seeds of ended days revealed, today's committed. */
	if ((st = game_reveal(lg, NULL, NULL, &res->seeds_revealed, err)) != JF_OK ||
	    (st = game_commit_today(lg, &res->games_committed, err)) != JF_OK)
		return st;
	/* Birthday gifts: after the games, so today's free plays
	 * are of a game whose commitment is stored. */
	if ((st = birthday_grant_due(lg, &res->birthday, err)) != JF_OK)
		return st;
	/* Tiers, from what members earned (tier.h): after expiry, which earns nothing. */
	if ((st = tier_daily(lg, &res->tiers, err)) != JF_OK)
		return st;
	/* The tasks that complete by themselves (months of purchases, green
	 * points sent to family), for every member, once per period. */
	if ((st = task_check_all(lg, &res->tasks, err)) != JF_OK)
		return st;
	return backup_daily(lg, &res->backup, err);
}
