/*
 * remind: telling members whose points expire soon, beyond the kiosk
 * (DESIGN.md "Birthdays and reminders"). `jifen remind --days N` lists
 * them for the store's SMS service and records that each was told (table
 * reminder: when, the window, the amounts and the soonest date, actor and
 * terminal), so a second run the same store-local day does not list them
 * again unless asked (again).
 *
 * The amount is what the kiosk's "Expiring soon" counts: the points left
 * on the member's lots whose date is within [today, today + days]. Only
 * members with a phone are listed (the service texts them; the others see
 * it at the kiosk); erased members have none, so are never listed.
 */
#ifndef JIFEN_REMIND_H
#define JIFEN_REMIND_H

#include <stdint.h>

#include "clock.h"
#include "ledger.h"
#include "status.h"

#define REMIND_DAYS_MAX 3650

struct remind_row {
	int64_t member_id;
	char card[20];
	char phone[32];                 /* masked, as member_mask_phone() does */
	int64_t points, green;          /* expiring within the window */
	char expires_on[CLOCK_DATE_LEN]; /* the soonest date of them */
	int again;                      /* told before today already (with again) */
};

/* The members to tell, each recorded as told, in one write transaction;
 * fn is called for each (by card) once it is committed (a write the
 * database runs again lists nobody twice), and returns nonzero to stop:
 * JF_ERR, the rows stay recorded (`remind --again` lists them again).
 * *count: how many were listed. days: 0..REMIND_DAYS_MAX (JF_USAGE else). */
enum jf_status remind_run(struct ledger *lg, int64_t days, int again,
			  int (*fn)(const struct remind_row *row, void *ctx), void *ctx,
			  int64_t *count, struct jf_error *err);

/* A member's reminders, newest first (member show --json: what is held
 * about them). fn returns nonzero to stop. */
struct remind_told {
	char day[CLOCK_DATE_LEN];
	int64_t days, points, green;
	char expires_on[CLOCK_DATE_LEN];
	int64_t ts;
};
enum jf_status remind_told_list(struct ledger *lg, const char *card,
				int (*fn)(const struct remind_told *t, void *ctx), void *ctx,
				struct jf_error *err);

/* For verify.c: every reminder names who and where, and a member. */
struct db;
enum jf_status remind_verify(struct db *db, char *problem, size_t size, struct jf_error *err);

#endif
