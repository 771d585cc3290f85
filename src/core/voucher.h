/*
 * voucher: a redemption's whole life. Issuing holds the member's points and
 * reserves the item's stock; the cashier's scan posts the hold; cancelling
 * or expiring voids it and returns the stock; a return after redemption
 * gives the points back into their original lots.
 *
 * States: issued -> redeemed | cancelled | expired; redeemed -> returned.
 * Every code is checked (MAC or check character, see vcode.h) before any
 * lookup; a bad one is JF_NOTFOUND "not a valid voucher".
 */
#ifndef JIFEN_VOUCHER_H
#define JIFEN_VOUCHER_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "ledger.h"
#include "member.h"
#include "status.h"
#include "vcode.h"

enum voucher_state {
	VOUCHER_ISSUED = 0,
	VOUCHER_REDEEMED = 1,
	VOUCHER_CANCELLED = 2,
	VOUCHER_EXPIRED = 3,
	VOUCHER_RETURNED = 4,
};

/* "issued", "redeemed", ... */
const char *voucher_state_name(enum voucher_state state);

struct voucher {
	int64_t id;
	char code[VCODE_FULL_LEN + 1];
	char short_code[VCODE_SHORT_SHOWN_LEN + 1]; /* "ABCD-EFGH-K" */
	char card[MEMBER_CARD_SIZE];
	char sku[CATALOG_SKU_SIZE];
	char name_zh[CATALOG_NAME_SIZE];
	char name_en[CATALOG_NAME_SIZE];
	enum point_kind kind;
	int64_t qty;
	int64_t points;
	int64_t cash_fen;           /* co-payment due at the counter, all units */
	enum voucher_state state;
	int64_t issued_at, expires_at;
	int64_t redeemed_at;        /* 0 unless redeemed */
	char redeemed_by[65];       /* actor (actor.h): "staff:till-7" */
	char redeemed_terminal[SETTINGS_TERMINAL_SIZE]; /* where it was redeemed; "" if not or unknown */
	int64_t closed_at;          /* cancelled, expired or returned at */
	char closed_by[65];         /* actor; "system:expire" for an expiry */
	char reason[257];           /* why it was cancelled (delisting), if so */
	enum item_type item_type;   /* goods, coupon or offset */
	int64_t value_fen;          /* coupon: amount off, offset: bill paid; per unit */
	int64_t min_spend_fen;      /* coupon: the smallest bill it takes, per unit */
	int64_t bill_fen;           /* voucher_redeem_bill: the bill; else -1 */
	int64_t discount_fen;       /* voucher_redeem_bill: value x qty, at most the bill */
	int replay;                 /* the operation had been done before */
};

/* The price card's member pays for item now, the one a voucher issued now
 * holds: the lowest of the item's own, a running campaign's discount
 * (campaign.h) and the member's tier price (tier.h); discounts never
 * stack. by gets the code of the campaign whose price it is, "" for none
 * (by_size at least GAME_CODE_SIZE). */
enum jf_status voucher_price(struct ledger *lg, const char *card, const struct catalog_item *item,
			     int64_t *price, char *by, size_t by_size, struct jf_error *err);

/* Redeem points for qty of an item. key (may be NULL) makes a retry safe.
 * At the member's tier price, and refused before the item's new_until to
 * tiers without early access to it (tier.h). */
enum jf_status voucher_issue(struct ledger *lg, const char *card, const char *sku, int64_t qty,
			     const char *key, struct voucher *out, struct jf_error *err);
/* The same for a prize the games account paid (games, tasks): the item's
 * own points, whatever the member's tier. */
enum jf_status voucher_issue_prize(struct ledger *lg, const char *card, const char *sku,
				   int64_t qty, const char *key, struct voucher *out,
				   struct jf_error *err);
/* Would voucher_issue() issue qty of sku to card now? The same checks in
 * the same order, read-only, for a screen to ask before a confirmation:
 * JF_OK, or the refusal with its reason (JF_R_UNKNOWN_ITEM, JF_R_DELISTED,
 * JF_R_NOT_YET_OFFERED, JF_R_NO_LONGER_OFFERED, JF_R_OUT_OF_STOCK,
 * JF_R_INSUFFICIENT with how many more points are needed). */
enum jf_status voucher_can_issue(struct ledger *lg, const char *card, const char *sku,
				 int64_t qty, struct jf_error *err);
/* Find by full code or short code (dashes and case do not matter). */
enum jf_status voucher_find(struct ledger *lg, const char *code, struct voucher *out,
			    struct jf_error *err);
/* Would voucher_redeem() hand code over now? The same checks, read-only,
 * for the counter to show before the cashier confirms: JF_OK, or
 * JF_NOTFOUND (JF_R_INVALID_VOUCHER: forged, mistyped or another store's;
 * JF_R_UNKNOWN_VOUCHER) or JF_CONFLICT (JF_R_VOUCHER_REDEEMED with when,
 * by whom and where; _CANCELLED, _EXPIRED, _RETURNED with when). *out is
 * the voucher whenever one was found, refused or not. */
enum jf_status voucher_can_redeem(struct ledger *lg, const char *code, struct voucher *out,
				  struct jf_error *err);
/* Redeem, cancel and return are stamped with the ledger's actor
 * (ledger_act_as); a staff id given here acts for this one step instead.
 * Redeeming and taking back need a staff member (JF_USAGE otherwise). */
/* The cashier's scan. A second scan: JF_CONFLICT naming when and by whom. */
enum jf_status voucher_redeem(struct ledger *lg, const char *code, const char *staff,
			      struct voucher *out, struct jf_error *err);
/* Redeem a coupon or offset voucher on a bill of bill_fen: a coupon whose
 * minimum spend (times qty) the bill does not reach is refused (JF_CONFLICT,
 * JF_R_MIN_SPEND: the minimum, the bill) and nothing is written; out says
 * the discount (value x qty, at most the bill; 0 for goods). */
enum jf_status voucher_redeem_bill(struct ledger *lg, const char *code, const char *staff,
				   int64_t bill_fen, struct voucher *out, struct jf_error *err);
enum jf_status voucher_cancel(struct ledger *lg, const char *code, struct voucher *out,
			      struct jf_error *err);
/* Goods brought back: points return to their lots (a lot due within 30 days
 * is moved to 30 days from now), the stock comes back. */
enum jf_status voucher_return(struct ledger *lg, const char *code, const char *staff,
			      struct voucher *out, struct jf_error *err);
/* A member's vouchers, newest first; only unredeemed ones if open_only. */
enum jf_status voucher_list(struct ledger *lg, const char *card, int open_only,
			    int (*fn)(const struct voucher *v, void *ctx), void *ctx,
			    struct jf_error *err);
/* Expire every issued voucher past its date: void the hold, return the stock. */
enum jf_status voucher_expire_due(struct ledger *lg, int64_t *count, struct jf_error *err);

/* Inside the caller's write transaction: cancel one issued voucher by id
 * with a reason (compensate.c uses this). */
enum jf_status voucher_cancel_locked(struct ledger *lg, int64_t id, const char *reason,
				     struct jf_error *err);

/*
 * The voucher key's file (32 random bytes, mode 0600): the config's
 * [voucher] key_file if set, else "LEDGER.key" beside a ledger that is a
 * file. A ledger location that is not a file, with no key_file: JF_USAGE.
 * *out is the caller's to free.
 */
enum jf_status voucher_key_path(const struct settings *cfg, const char *location, char **out,
				struct jf_error *err);
/* Make the ledger's key, as init does: a key beside the ledger is made
 * afresh; a key_file of the config is made only if it does not exist. */
enum jf_status voucher_key_create(struct ledger *lg, struct jf_error *err);
/* Give to the key of from (migrate.c): the key file of to's config made
 * with from's key (0640, *written = 1), or already holding it (*written
 * = 0); one holding another key is JF_CONFLICT, and is left as it is. */
enum jf_status voucher_key_copy(struct ledger *from, struct ledger *to, int *written,
				struct jf_error *err);
/* A key derived from the voucher key for another use, named by context
 * (game.h's seeds: "jifen game seeds v1"): a keyed BLAKE2b of context under
 * the voucher key. The voucher key never leaves voucher.c. */
enum jf_status voucher_derive_key(struct ledger *lg, const char *context,
				  unsigned char out[VCODE_KEY_LEN], struct jf_error *err);

#endif
