/*
 * compensate: when the store is at fault (DESIGN.md "Fair rules").
 *
 * Delisting an item cancels every voucher still out for it, returns the
 * points and adds a bonus from the compensation account; an outage gives
 * back points that expired while the system was down and moves the expiry
 * of lots that were due then. Each records why, in the entry memo, in a
 * notice the member sees, and (for expiry moves) in lot_change.
 */
#ifndef JIFEN_COMPENSATE_H
#define JIFEN_COMPENSATE_H

#include <stdint.h>

#include "ledger.h"
#include "status.h"

struct delist_result {
	int64_t vouchers;      /* vouchers cancelled */
	int64_t points_back;   /* points released from their holds */
	int64_t bonus_points;  /* bonus credited in all */
};
/* JF_CONFLICT if the item is already delisted. One transaction. */
enum jf_status compensate_delist(struct ledger *lg, const char *sku, int64_t bonus_points,
				 const char *reason, struct delist_result *res,
				 struct jf_error *err);

struct outage_result {
	int64_t lots_restored;  /* expired lots whose points came back */
	int64_t points_restored[KIND_COUNT];
	int64_t lots_extended;  /* lots due in the window whose expiry moved */
	char new_expiry[11];
};
/* from/to: ISO 8601 times, from <= to <= now; extend_days 1..3650. */
enum jf_status compensate_outage(struct ledger *lg, int64_t from, int64_t to,
				 int64_t extend_days, struct outage_result *res,
				 struct jf_error *err);

#endif
