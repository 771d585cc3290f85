/*
 * campaign_int: what the campaign files (campaign.c, campaign_gift.c,
 * earn_rule.c) share and nothing else may call.
 */
#ifndef JIFEN_CAMPAIGN_INT_H
#define JIFEN_CAMPAIGN_INT_H

#include <stdint.h>

#include "campaign.h"
#include "db.h"

/* Points code gave in all (returns subtracted), over its versions. */
enum jf_status campaign_given(struct db *db, const char *code, int64_t *given,
			      struct jf_error *err);
/* The campaign version row id with what it gave; *out is the caller's. */
enum jf_status campaign_load(struct db *db, int64_t id, struct campaign_info *out,
			     struct jf_error *err);

/* One row of what a campaign gave (campaign_award), inside the caller's
 * write transaction: what is "earn", "reverse" (points < 0) or "gift". */
struct campaign_award_row {
	int64_t campaign_id;
	const char *code;
	int64_t entry_id;
	const char *receipt;
	int64_t member_id;
	int kind;
	const char *what;
	int64_t points;
	int64_t base; /* "earn": the base of the lines it covered, for verify */
};
enum jf_status campaign_award_insert(struct ledger *lg, const struct campaign_award_row *a,
				     struct jf_error *err);

#endif
