/*
 * lines: a receipt given line by line (`jifen earn CARD --ref R --lines FILE`).
 *
 * A CSV file (libcsv, as the catalog) of one line per item sold:
 *
 *   amount,green,category,sku
 *   59.90,0,food,TEA-500
 *   12.00,1,
 *
 * amount in yuan (0 to 10^9, "59.9" or "59.90"); green 0 or 1 (green goods
 * earn green points); category empty or a [category NAME] of the config
 * (its earn rate; ignored for green lines); sku, optional (the fourth
 * field may be left out, as old files do), the catalog code of the goods
 * sold. A SKU is checked for its spelling only: one not in the catalog is
 * allowed (the till sells more than the catalog lists) and simply not
 * offered for review. The header line (with or without sku) is optional;
 * blank lines are skipped; line ends LF or CRLF; a UTF-8 byte order mark is
 * allowed. Each line earns by the earn rule on its own (whole yuan, rounded
 * down per line), so a receipt of lines never earns more than its total.
 * A file with any bad line is refused whole: every bad line is reported
 * with its number, and nothing is written.
 */
#ifndef JIFEN_LINES_H
#define JIFEN_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

#define LINES_MAX 1000        /* lines on one receipt */
#define LINES_MAX_PROBLEMS 50 /* reported; past these the file is not read on */

struct receipt_line {
	int line;      /* in the file, from 1 */
	int64_t fen;
	int green;
	char category[SETTINGS_NAME_MAX + 1]; /* "" for none */
	char sku[CATALOG_SKU_SIZE]; /* the goods' catalog code; "" for none */
	int64_t points; /* by the earn rule: base + member bonus + campaign bonus */
	/* Its parts, by earn_rule_apply() (earn_rule.h); before it, base is
	 * the store's rule and the bonuses 0. */
	int64_t base, member_bonus, campaign_bonus;
	int campaign; /* the campaign that gave its bonus: an index into the
		       * explanation's campaigns, -1 for none */
};

struct lines_problem {
	int line;
	char message[200];
};

/* Always call receipt_lines_done(), whatever the parse returned. */
struct receipt_lines {
	struct receipt_line *items; /* owned */
	size_t count;
	int64_t fen;                /* the total */
	int64_t fen_kind[KIND_COUNT];
	int64_t points[KIND_COUNT]; /* ordinary and green points earned */
	struct lines_problem *problems; /* owned, in line order */
	size_t problem_count;
};
void receipt_lines_done(struct receipt_lines *l);

/* Add one line to l (zeroed, or built by these functions): fen from 0 to
 * PARSE_FEN_MAX, green goods or not, category NULL or "" for none, else a
 * [category NAME] of cfg (kept, and earning nothing of its own, on a green
 * line); its points by cfg's earn rule, counted into l's totals. The rule
 * of one line, the parser's too, so a receipt typed on a screen is the
 * same as one read from a file. JF_OK, or JF_USAGE with why in err and l
 * unchanged: an amount out of range, a category the config does not have,
 * more than LINES_MAX lines, a total over PARSE_FEN_MAX. The line's number
 * is its place on the receipt. */
enum jf_status receipt_lines_add(struct receipt_lines *l, int64_t fen, int green,
				 const char *category, const struct settings *cfg,
				 struct jf_error *err);

/* The same with the goods' SKU (NULL or "" for none; else spelled as
 * catalog_check_sku() wants, but need not be in the catalog): a bought SKU
 * is kept with the purchase (purchase_item) for the kiosk's review. */
enum jf_status receipt_lines_add_sku(struct receipt_lines *l, int64_t fen, int green,
				     const char *category, const char *sku,
				     const struct settings *cfg, struct jf_error *err);

/* Parse text (len bytes, need not end in NUL) under cfg's earn rule. JF_OK,
 * or JF_USAGE with every bad line in out->problems (and err naming the
 * first); JF_ERR if libcsv fails. */
enum jf_status receipt_lines_parse(const char *text, size_t len, const struct settings *cfg,
				   struct receipt_lines *out, struct jf_error *err);

/* The same from the file at path (at most 1 MB): JF_NOTFOUND if it is
 * missing, JF_ERR if it cannot be read. */
enum jf_status receipt_lines_read(const char *path, const struct settings *cfg,
				  struct receipt_lines *out, struct jf_error *err);

/* Award the points of a receipt of lines in one entry (ordinary and green
 * lines each credit their kind, each with its lot). Key "earn:RECEIPT", as
 * ledger_earn(): a receipt earns once, whichever way it is given. res->points
 * is both kinds' points; l's own points say each. A receipt of one kind can
 * be refunded in parts later (ledger_earn_refund); one of both kinds only
 * whole (ledger_earn_reverse). A member with an earn rate of its own
 * (member_rate.h) earns at it: l's points are counted again at that rate
 * (not on a replay). Each line with a SKU is kept as a purchase_item of the
 * member, in the same transaction. */
enum jf_status ledger_earn_lines(struct ledger *lg, const char *card, const char *receipt,
				 struct receipt_lines *l, struct ledger_result *res,
				 struct jf_error *err);

/* The points l would earn for card's member by ledger_earn_lines()'s own
 * rule, read-only, for a screen to show before the cashier confirms: with
 * a rate of the member's own (member_rate.h) each line's points and l's
 * totals are counted again at it, as ledger_earn_lines() does. */
enum jf_status ledger_earn_lines_quote(struct ledger *lg, const char *card,
				       struct receipt_lines *l, struct jf_error *err);

/* The same two with how the points were counted (earn_rule.h): each
 * line's base and bonuses, and the breakdown in *x (NULL for none). On a
 * replay x holds what the first time recorded for campaigns. */
struct earn_explain;
enum jf_status ledger_earn_lines_explained(struct ledger *lg, const char *card,
					   const char *receipt, struct receipt_lines *l,
					   struct ledger_result *res, struct earn_explain *x,
					   struct jf_error *err);
enum jf_status ledger_earn_lines_quote_explained(struct ledger *lg, const char *card,
						 struct receipt_lines *l, struct earn_explain *x,
						 struct jf_error *err);

#endif
