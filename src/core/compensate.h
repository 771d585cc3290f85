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

/* What compensate_delist() of sku with this bonus would do now, written
 * nothing: for a confirmation screen. The same refusals (JF_NOTFOUND,
 * JF_CONFLICT with JF_R_DELISTED). */
struct delist_preview {
	int64_t vouchers;     /* vouchers it would cancel */
	int64_t members;      /* the members they belong to */
	int64_t points_back;  /* points released */
	int64_t bonus_points; /* bonus credited in all */
};
enum jf_status compensate_delist_preview(struct ledger *lg, const char *sku, int64_t bonus_points,
					 struct delist_preview *out, struct jf_error *err);

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

/* What compensate_outage() would do now (same checks), written nothing:
 * res as it would be, and the members whose lots it touches. */
enum jf_status compensate_outage_preview(struct ledger *lg, int64_t from, int64_t to,
					 int64_t extend_days, struct outage_result *res,
					 int64_t *members, struct jf_error *err);

#endif
