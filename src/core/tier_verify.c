/*
 * tier_verify: what `jifen verify` checks of tiers and plans (tier.h,
 * plan.h), for verify.c. What a tier or a plan gives decides what a member
 * earns and pays, so its records must agree with each other: the changes
 * follow each other, tier_now is the latest, each change told the member,
 * each plan is among the desk events, and every receipt's member bonus is
 * its percent of its base.
 */
#include "config.h"

#include "campaign.h"
#include "db.h"
#include "tier.h"
#include "verify.h"

static enum jf_status
check_changes(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	enum jf_status st;

	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'tier change ' || t.id FROM member_tier t WHERE NOT EXISTS (SELECT 1 "
		"FROM member m WHERE m.id = t.member_id) OR trim(t.actor) = '' "
		"OR trim(t.terminal) = '' OR t.from_tier = t.tier OR t.from_tier <> coalesce((SELECT "
		"p.tier FROM member_tier p WHERE p.member_id = t.member_id AND p.id < t.id "
		"ORDER BY p.id DESC LIMIT 1), t.from_tier) LIMIT 1"),
		"not a change from the member's tier before, by someone, somewhere", problem, size,
		err)) != JF_OK)
		return st;
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'tier of member ' || m.member_id FROM (SELECT member_id, max(id) AS last "
		"FROM member_tier GROUP BY member_id) m LEFT JOIN tier_now n "
		"ON n.member_id = m.member_id WHERE n.member_id IS NULL OR n.change_id <> m.last "
		"OR n.tier <> (SELECT tier FROM member_tier WHERE id = m.last) LIMIT 1"),
		"the tier kept differs from the member's latest change", problem, size,
		err)) != JF_OK)
		return st;
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'tier of member ' || n.member_id FROM tier_now n WHERE NOT EXISTS "
		"(SELECT 1 FROM member_tier t WHERE t.member_id = n.member_id) LIMIT 1"),
		"a tier without its change", problem, size, err)) != JF_OK)
		return st;
	return verify_no_row(db_stmt(db,
		"SELECT 'tier changes of member ' || t.member_id FROM member_tier t "
		"GROUP BY t.member_id HAVING count(*) <> (SELECT count(*) FROM notice n "
		"WHERE n.member_id = t.member_id AND n.kind = 'tier') LIMIT 1"),
		"its changes differ from its notices", problem, size, err);
}

static enum jf_status
check_plans(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	enum jf_status st;

	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'plan ' || p.id FROM member_plan p WHERE NOT EXISTS (SELECT 1 FROM member m "
		"WHERE m.id = p.member_id) OR trim(p.actor) = '' OR trim(p.terminal) = '' "
		"OR (p.ended_at <> 0 AND (trim(p.ended_by) = '' OR trim(p.ended_terminal) = '')) "
		"OR (p.ended_at = 0 AND (p.ended_by <> '' OR p.ended_terminal <> '')) LIMIT 1"),
		"a plan or its end by nobody, nowhere, or of no member", problem, size,
		err)) != JF_OK)
		return st;
	return verify_no_row(db_stmt(db,
		"SELECT 'plans of member ' || m.id FROM member m WHERE (SELECT count(*) "
		"FROM member_plan p WHERE p.member_id = m.id) <> (SELECT count(*) FROM member_event e "
		"WHERE e.member_id = m.id AND e.action = 'plan_set') OR (SELECT count(*) "
		"FROM member_plan p WHERE p.member_id = m.id AND p.ended_at <> 0) <> (SELECT count(*) "
		"FROM member_event e WHERE e.member_id = m.id AND e.action = 'plan_end') LIMIT 1"),
		"its plans differ from its desk events", problem, size, err);
}

/* Where a receipt's percent came from: a plan of the member in force then
 * with that percent (ended in the same second: left alone), or the tier the member's changes say they held (a
 * change in the same second as the receipt cannot be ordered and is left
 * alone; the base tier's id is the config's, so a receipt before any
 * change is not checked). */
static enum jf_status
check_sources(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	enum jf_status st;

	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'receipt ' || c.receipt FROM earn_receipt c JOIN account a "
		"ON a.id = c.account_id WHERE c.member_source = 'plan' AND NOT EXISTS (SELECT 1 "
		"FROM member_plan p WHERE p.member_id = a.member_id AND p.percent = c.member_percent "
		"AND p.starts_at <= c.created_at AND (p.ended_at = 0 OR p.ended_at >= c.created_at)) "
		"LIMIT 1"),
		"earned under a plan the member did not have", problem, size, err)) != JF_OK)
		return st;
	return verify_no_row(db_stmt(db,
		"SELECT 'receipt ' || c.receipt FROM earn_receipt c JOIN account a "
		"ON a.id = c.account_id JOIN member_tier t ON t.member_id = a.member_id "
		"AND t.ts < c.created_at WHERE c.member_source NOT IN ('', 'plan') "
		"AND NOT EXISTS (SELECT 1 FROM member_tier n WHERE n.member_id = t.member_id "
		"AND n.id > t.id AND n.ts <= c.created_at) AND t.tier <> c.member_source LIMIT 1"),
		"earned under a tier the member did not hold", problem, size, err);
}

enum jf_status
tier_verify(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	enum jf_status st;

	if ((st = check_changes(db, problem, size, err)) != JF_OK ||
	    (st = check_plans(db, problem, size, err)) != JF_OK ||
	    (st = check_sources(db, problem, size, err)) != JF_OK)
		return st;
	/* A receipt's member bonus is its percent of the base (what is left
	 * without it and the campaigns' bonus), rounded down once; green
	 * receipts have none. */
	return verify_no_row(db_stmt(db,
		"SELECT 'receipt ' || c.receipt FROM earn_receipt c JOIN account a "
		"ON a.id = c.account_id WHERE c.member_percent < 100 OR c.member_bonus < 0 "
		"OR c.member_bonus > c.points OR (a.kind = 1 AND c.member_bonus <> 0) "
		"OR c.member_bonus <> (c.points - c.member_bonus - " CAMPAIGN_RECEIPT_BONUS_SQL ") "
		"* (c.member_percent - 100) / 100 "
		"LIMIT 1"),
		"its member bonus is not its percent of its points", problem, size, err);
}
