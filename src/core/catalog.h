/*
 * catalog: the redemption catalog (goods, coupons, bill offsets).
 *
 * Items are imported from CSV (libcsv) idempotently by SKU: importing the
 * same file twice leaves the same catalog. A file with any bad row imports
 * nothing, and every bad row is reported with its line number.
 *
 * CSV columns (header row required, in this order):
 *   sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,
 *   active_from,active_until,new_until[,early_tiers]
 * early_tiers (optional: files without the column are still read): tier ids
 * of the config separated by spaces, who see and redeem the item before its
 * new_until (tier.h); empty: the tiers with early_access.
 * type: goods | coupon | offset. cash, value, min_spend: yuan ("199.00", may
 * be empty = 0). green: 0/1 or yes/no. Dates YYYY-MM-DD or empty.
 * A coupon (满减券) takes `value` off a purchase of at least `min_spend`;
 * an offset item pays `value` of a bill.
 *
 * Rules of an import (each bad row is one problem, naming its first bad field):
 *  - the header must be exactly the line above; a UTF-8 byte order mark is
 *    allowed before it; line ends may be LF or CRLF; blank lines are skipped;
 *  - a row has exactly as many fields as the header (14 or 15); text must be valid UTF-8 without control
 *    characters (so a name may not hold a newline, even quoted); sku 1..32 of
 *    A-Z a-z 0-9 . _ -, unique within the file; names 1..64 characters;
 *    category 1..CATALOG_CATEGORY_MAX_CHARS characters; points 1..10^9;
 *    stock 0..10^9; active_from <= active_until when both are given;
 *  - goods have no value or min_spend; coupons and offsets need a value, and
 *    a min_spend, when given, is at least the value;
 *  - the stock in the file is what is on the shelf now: importing sets it;
 *  - items missing from the file are left as they are (importing never
 *    deletes), and a delisted item stays delisted: its row is checked but
 *    counted as unchanged, so delisting is never undone by a re-import;
 *  - an item whose every field already matches counts as neither inserted
 *    nor updated, so importing the same file twice reports 0 and 0.
 */
#ifndef JIFEN_CATALOG_H
#define JIFEN_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "ledger.h"
#include "status.h"

#define CATALOG_SKU_SIZE 33      /* 1..32 of A-Z a-z 0-9 - _ . */
#define CATALOG_NAME_SIZE 257
#define CATALOG_CATEGORY_SIZE 129
#define CATALOG_CATEGORY_MAX_CHARS 32 /* so that any 32 characters fit the buffer */
#define CATALOG_MAX_PROBLEMS 100      /* an import stops reporting after these */

enum item_type { ITEM_GOODS = 0, ITEM_COUPON = 1, ITEM_OFFSET = 2 };

struct catalog_item {
	int64_t id;
	char sku[CATALOG_SKU_SIZE];
	char name_zh[CATALOG_NAME_SIZE];
	char name_en[CATALOG_NAME_SIZE];
	char category[CATALOG_CATEGORY_SIZE];
	enum item_type type;
	int64_t points;        /* price in points, > 0 */
	int64_t cash_fen;      /* cash co-payment, 0 if none */
	int64_t value_fen;     /* coupon: amount off; offset: bill offset */
	int64_t min_spend_fen; /* coupon: minimum purchase */
	int64_t stock;
	int green;             /* redeemable with green points */
	char active_from[11];  /* "" = always */
	char active_until[11]; /* "" = no end */
	char new_until[11];    /* "" = not new */
	int delisted;
	char delist_reason[CATALOG_NAME_SIZE]; /* cut at a character boundary if longer */
	int64_t delisted_at;   /* 0 unless delisted */
	int64_t updated_at;    /* last import that changed it, or delisting */
	char updated_by[ACTOR_TEXT_SIZE]; /* who did that (actor.h text), and where; */
	char updated_terminal[SETTINGS_TERMINAL_SIZE]; /* "" before this was kept */
	char delisted_by[ACTOR_TEXT_SIZE];             /* "" unless delisted */
	/* tiers that see it before new_until (tier.h): ids separated by spaces */
	char early_tiers[SETTINGS_MAX_TIERS * SETTINGS_TIER_ID_SIZE];
};

/* "goods", "coupon" or "offset". */
const char *catalog_type_name(enum item_type type);
/* Could text be a SKU? JF_USAGE with a message quoting it if not. */
enum jf_status catalog_check_sku(const char *sku, struct jf_error *err);

struct import_problem {
	int line;
	char message[200];
};

/* Always call import_report_done(), whatever the import returned. */
struct import_report {
	int rows;       /* data rows read */
	int inserted;
	int updated;
	struct import_problem *problems; /* owned; freed by import_report_done; in line order */
	size_t problem_count;            /* at most CATALOG_MAX_PROBLEMS + 1 */
};
void import_report_done(struct import_report *r);

/* Import CSV text (a whole file's content). JF_USAGE if any row is bad:
 * then nothing is written and r->problems lists every bad row. One write
 * transaction; any other failure rolls it back too. A file that cannot be
 * read is JF_NOTFOUND (missing) or JF_ERR. */
enum jf_status catalog_import_text(struct ledger *lg, const char *text, size_t len,
				   struct import_report *r, struct jf_error *err);
enum jf_status catalog_import_file(struct ledger *lg, const char *path,
				   struct import_report *r, struct jf_error *err);

/* Items ordered by category then SKU; category NULL for all; fn returns nonzero to stop.
 * Delisted items are included only when with_delisted. The listing holds a
 * statement open: fn must not call catalog_list or catalog_search again. */
enum jf_status catalog_list(struct ledger *lg, const char *category, int with_delisted,
			    int (*fn)(const struct catalog_item *item, void *ctx), void *ctx,
			    struct jf_error *err);
/* Listed items whose SKU or either name contains text (case-insensitive for
 * ASCII; % and _ are plain characters), ordered like catalog_list. */
enum jf_status catalog_search(struct ledger *lg, const char *text,
			      int (*fn)(const struct catalog_item *item, void *ctx), void *ctx,
			      struct jf_error *err);
/* The distinct categories of listed items, in order; fn returns nonzero to stop. */
enum jf_status catalog_categories(struct ledger *lg,
				  int (*fn)(const char *category, int64_t items, void *ctx),
				  void *ctx, struct jf_error *err);
/* Any item, delisted ones too: JF_NOTFOUND "no item with SKU x", JF_USAGE
 * if sku cannot be a SKU. */
enum jf_status catalog_find(struct ledger *lg, const char *sku, struct catalog_item *out,
			    struct jf_error *err);

/* Is the item redeemable today (listed, inside its active window)? Stock
 * is not looked at. today is "YYYY-MM-DD". */
int catalog_available_on(const struct catalog_item *item, const char *today);
/* The same rule, saying why not: JF_CONFLICT with JF_R_DELISTED (when, the
 * store's reason), JF_R_NOT_YET_OFFERED (from when) or JF_R_NO_LONGER_OFFERED
 * (until when). */
enum jf_status catalog_check_offer(const struct catalog_item *item, const char *today,
				   struct jf_error *err);
/* Are qty in stock as item was read? JF_INSUFFICIENT with JF_R_OUT_OF_STOCK
 * (how many are left, how many were asked) if not; catalog_take_stock()
 * refuses with the same reason when another terminal took them first. */
enum jf_status catalog_check_stock(const struct catalog_item *item, int64_t qty,
				   struct jf_error *err);

/* Inside the caller's write transaction: take qty from stock (JF_INSUFFICIENT
 * "out of stock: only N left" if not enough), or give it back. */
enum jf_status catalog_take_stock(struct ledger *lg, int64_t item_id, int64_t qty,
				  struct jf_error *err);
enum jf_status catalog_return_stock(struct ledger *lg, int64_t item_id, int64_t qty,
				    struct jf_error *err);
/* Inside the caller's write transaction: mark delisted now with the reason
 * (1..200 characters); JF_CONFLICT if it already is. */
enum jf_status catalog_mark_delisted(struct ledger *lg, int64_t item_id, const char *reason,
				     struct jf_error *err);

/* The demo store's catalog, built into the program from assets/demo-catalog.csv. */
extern const char catalog_demo_csv[];

#endif
