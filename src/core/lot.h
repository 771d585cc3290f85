/*
 * lot: the expiry lots behind a member's balance.
 *
 * Every credit to a member is a lot with an expiry date and a date from
 * which it may be spent (the lock period). Every debit consumes lots soonest
 * expiry first and records in lot_use what it took, so a reversal can put
 * back exactly those points. A member's lots always add up to the balance.
 */
#ifndef JIFEN_LOT_H
#define JIFEN_LOT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "ledger.h"
#include "status.h"

enum lot_scope {
	LOTS_SPENDABLE, /* unlocked and not past expiry: ordinary spending */
	LOTS_ANY,       /* every lot; unlocked ones first */
	LOTS_IN_DATE,   /* not past expiry, locked or not; locked ones first
			 * (reversals: what is spendable may back a hold) */
	LOTS_HELD,      /* a hold's points: spendable lots first, then lots that
			 * went past their date while held, locked ones last */
};

struct lot_take {
	int64_t lot_id;
	int64_t amount;
	char expires_on[11];
};

/* What a consumption took; items is the caller's, freed with lot_takes_done(). */
struct lot_takes {
	struct lot_take *items;
	size_t count;
};
void lot_takes_done(struct lot_takes *t);

/* A lot of entry_id's credit to account_id, hashed into the lot chain
 * (chain.h); entry_id is the entry lg just appended, whose hash and
 * account names lg still has (else they are read back). */
enum jf_status lot_create(struct ledger *lg, int64_t account_id, int64_t entry_id, int64_t amount,
			  const char *expires_on, const char *available_on, struct jf_error *err);

/*
 * Consume amount points from the account's lots for entry_id, soonest expiry
 * first (prefer_lot first, if nonzero). today is "YYYY-MM-DD". JF_INSUFFICIENT
 * if the lots in scope do not hold enough. takes may be NULL.
 */
enum jf_status lot_consume(struct db *db, int64_t account_id, int64_t entry_id, int64_t amount,
			   enum lot_scope scope, const char *today, int64_t prefer_lot,
			   struct lot_takes *takes, struct jf_error *err);

/*
 * Give back, into the same lots, what entry_id consumed (a return reverses a
 * redemption). A lot that would expire within grace_days of today is moved
 * to today + grace_days, logged in lot_change with the reason.
 */
enum jf_status lot_restore(struct ledger *lg, int64_t entry_id, const char *today,
			   int64_t grace_days, const char *reason, struct jf_error *err);

/* Move a lot's expiry date, logging the change, why, and the ledger's actor
 * and terminal in lot_change. JF_ERR if nobody acts (ledger_actor_text). */
enum jf_status lot_move_expiry(struct ledger *lg, int64_t lot_id, const char *old_date,
			       const char *new_date, const char *reason, struct jf_error *err);

/* Points in lots still locked (available_on after today) and past expiry
 * (expires_on before today, not yet expired by the daily job). */
enum jf_status lot_unspendable(struct db *db, int64_t account_id, const char *today,
			       int64_t *locked, int64_t *overdue, struct jf_error *err);

#endif
