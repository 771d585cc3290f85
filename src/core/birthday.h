/*
 * birthday: the birthday gift (DESIGN.md "Birthdays and reminders").
 *
 * The config's [birthday] section says what the gift is: points, a catalog
 * item as a voucher, free plays of a game; each optional. `jifen daily`
 * (birthday_grant_due()) gives it once per member and year, in the
 * member's birthday month in the store's time zone: someone born on 29
 * February gets it in February every year, since only the month counts.
 * A member who joins in their birthday month gets it at the next daily
 * run, even when that run is already in the next month (the gift of a
 * birthday month they joined in is still due then).
 *
 * A gift is one keyed write ("birthday:CARD:YEAR"), unique by member and
 * year (a replaced card does not get a second one): its points and the
 * item's points are entries of type "birthday" from the issued account
 * (new lots by the expiry rule), the item a voucher holding them, the free
 * plays game_ticket rows naming the gift (birthday_id). The row, its
 * entries, voucher and tickets are checked by `jifen verify`; only the
 * greeting (the kiosk's first login after it) is written later.
 */
#ifndef JIFEN_BIRTHDAY_H
#define JIFEN_BIRTHDAY_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "clock.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

/* Does the config give a gift at all (any part set)? */
int birthday_gift_configured(const struct settings *cfg);

/*
 * The year whose gift is due on today for a member born on birthday who
 * joined on joined (all "YYYY-MM-DD", store-local), or 0 for none: this
 * year's if today is in the birthday month; last month's if the member
 * joined in it (a join on the month's last day, after that day's daily
 * run). Pure: no ledger.
 */
int birthday_due_year(const char *birthday, const char *joined, const char *today);

/* A gift, granted now or found. */
struct birthday_gift {
	int64_t id;
	char card[20];
	int year;
	int64_t points;           /* 0: none */
	int64_t entry_id;
	char sku[CATALOG_SKU_SIZE]; /* "": no item (none set, or not offered that day) */
	char item_zh[CATALOG_NAME_SIZE], item_en[CATALOG_NAME_SIZE];
	int64_t item_points, voucher_id;
	char game[SETTINGS_CODE_SIZE]; /* "": no free plays */
	int64_t plays;
	int64_t ts;
	int64_t greeted_at;       /* 0 until the kiosk greeted the member */
	int replay;               /* given before: nothing new written */
};

/* What the daily step did. */
struct birthday_result {
	int64_t granted;       /* gifts given now */
	int64_t points;        /* their points, items' not counted */
	int64_t items_missed;  /* gifts given without their item (not offered that day) */
	int64_t plays_missed;  /* gifts given without free plays (no such game) */
};

/* Give every gift that is due today and not yet given, each in its own
 * write transaction (a failure leaves the gifts before it given). Nothing
 * when the config gives no gift. */
enum jf_status birthday_grant_due(struct ledger *lg, struct birthday_result *res,
				  struct jf_error *err);
/* The gift due today to card, if any: *granted 1 and out filled (out->replay
 * when it had been given already); 0 when none is due. */
enum jf_status birthday_grant(struct ledger *lg, const char *card, struct birthday_gift *out,
			      int *granted, struct jf_error *err);

/* For the kiosk's greeting: the member's gift given this month (store
 * time) and not yet greeted; *found 0 if none. Read-only. */
enum jf_status birthday_greeting(struct ledger *lg, const char *card, struct birthday_gift *out,
				 int *found, struct jf_error *err);
/* The member was greeted for the gift: it is not greeted again. One write,
 * stamped with the ledger's actor and terminal. */
enum jf_status birthday_greeted(struct ledger *lg, int64_t gift_id, struct jf_error *err);

/* The member's gifts, newest first (member show, tests). */
enum jf_status birthday_gifts(struct ledger *lg, const char *card,
			      int (*fn)(const struct birthday_gift *g, void *ctx), void *ctx,
			      struct jf_error *err);

/* For verify.c: every gift against its entries, voucher and tickets, and
 * no "birthday" entry without its gift. */
struct db;
enum jf_status birthday_verify(struct db *db, char *problem, size_t size, struct jf_error *err);

#endif
