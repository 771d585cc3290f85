/* fill_checks.c: the invariants of a bulk-filled ledger (fill_checks.h). */
#include "config.h"

#include "fill_checks.h"

const struct fill_check fill_checks[] = {
	{ "an account's balance differs from the sum of its lines",
	  "SELECT count(*) FROM account a LEFT JOIN (SELECT account_id, sum(amount) AS s "
	  "FROM line GROUP BY account_id) l ON l.account_id = a.id "
	  "WHERE a.balance <> coalesce(l.s, 0)" },
	{ "a member's lots do not add up to its balance",
	  "SELECT count(*) FROM account a LEFT JOIN (SELECT account_id, sum(remaining) AS s "
	  "FROM lot GROUP BY account_id) l ON l.account_id = a.id "
	  "WHERE a.member_id IS NOT NULL AND a.balance <> coalesce(l.s, 0)" },
	{ "an account's held part differs from its pending holds",
	  "SELECT count(*) FROM account a WHERE a.held <> (SELECT coalesce(sum(amount), 0) "
	  "FROM hold h WHERE h.account_id = a.id AND h.state = 0)" },
	{ "the accounts of a kind do not sum to zero",
	  "SELECT count(*) FROM (SELECT kind FROM account GROUP BY kind "
	  "HAVING sum(balance) <> 0) k" },
	{ "a lot's uses and remainder do not make its amount",
	  "SELECT count(*) FROM lot LEFT JOIN (SELECT lot_id, sum(amount) AS s FROM lot_use "
	  "GROUP BY lot_id) u ON u.lot_id = lot.id "
	  "WHERE lot.amount <> lot.remaining + coalesce(u.s, 0)" },
	{ "a posted hold is not its redeem entry's debit and lot uses",
	  "SELECT count(*) FROM hold h LEFT JOIN entry e ON e.id = h.entry_id "
	  "LEFT JOIN line l ON l.entry_id = h.entry_id AND l.seq = 0 WHERE h.state = 1 AND "
	  "(e.ref IS DISTINCT FROM 'post:' || h.ref OR l.account_id IS DISTINCT FROM "
	  "h.account_id OR l.amount IS DISTINCT FROM -h.amount OR h.amount <> (SELECT "
	  "coalesce(sum(amount), 0) FROM lot_use u WHERE u.entry_id = h.entry_id))" },
	{ "a keyed write has no idempotency record",
	  "SELECT (SELECT count(*) FROM entry e WHERE e.type = 'grant' AND NOT EXISTS "
	  "(SELECT 1 FROM idem WHERE key = e.ref AND entry_id = e.id)) + (SELECT count(*) "
	  "FROM hold h WHERE NOT EXISTS (SELECT 1 FROM idem WHERE key = h.ref AND entry_id = h.id))" },
	{ "an entry reference is used twice",
	  "SELECT count(*) FROM (SELECT ref FROM entry GROUP BY ref HAVING count(*) > 1) r" },
};

const size_t fill_check_count = sizeof fill_checks / sizeof fill_checks[0];
