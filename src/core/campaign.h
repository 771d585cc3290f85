/*
 * campaign: the store's seasons (Spring Festival, summer appliances, a
 * shopping festival): a window of whole local days, names and a banner in
 * both languages, and any of an earn multiplier, points discounts on the
 * catalog, featured items, a gift pack, a budget of points and the tiers
 * it is for (DESIGN.md "Campaigns").
 *
 * A campaign is defined in JSON (jifen(1), assets/campaigns/), parsed by
 * campaign_spec.c with no ledger (fuzz_campaign builds it alone).
 * Importing a changed definition adds its next version; the latest one is
 * in force. What a campaign gives is counted by the earn rule
 * (earn_rule.h) and recorded per campaign (campaign_award), so its budget
 * is what its rows add up to.
 */
#ifndef JIFEN_CAMPAIGN_H
#define JIFEN_CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "game.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

#define CAMPAIGN_FILE_MAX (64 * 1024)
#define CAMPAIGN_CATEGORIES_MAX 16
#define CAMPAIGN_DISCOUNTS_MAX 32
#define CAMPAIGN_FEATURED_MAX 16
#define CAMPAIGN_GIFT_ITEMS_MAX 8
#define CAMPAIGN_TIERS_MAX 8
#define CAMPAIGN_PERCENT_MAX 1000 /* ten times the points, at most */
#define CAMPAIGN_NAME_SIZE (SETTINGS_NAME_MAX + 1)

/* Which goods the earn multiplier covers. */
enum campaign_scope {
	SCOPE_NONE,       /* no multiplier */
	SCOPE_ALL,        /* every line */
	SCOPE_GREEN,      /* green goods (their green points) */
	SCOPE_CATEGORIES, /* ordinary lines of the listed [category] names */
};

/* A limited-time redemption price: percent of the item's points (rounded
 * down), for a catalog category or one SKU. */
struct campaign_discount {
	char category[CAMPAIGN_NAME_SIZE]; /* "" when sku is set */
	char sku[GAME_CODE_SIZE];          /* "" when category is set */
	int64_t percent;                   /* 1..99 */
};

struct campaign_gift_item {
	char sku[GAME_CODE_SIZE];
	int64_t qty; /* 1..10 */
};

struct campaign_spec {
	char code[GAME_CODE_SIZE];
	char name_zh[GAME_LABEL_SIZE], name_en[GAME_LABEL_SIZE];
	char banner_zh[GAME_LABEL_SIZE], banner_en[GAME_LABEL_SIZE];
	char start[CLOCK_DATE_LEN], end[CLOCK_DATE_LEN]; /* first and last day, local */
	int64_t percent; /* earn multiplier, 100 when none */
	enum campaign_scope scope;
	char categories[CAMPAIGN_CATEGORIES_MAX][CAMPAIGN_NAME_SIZE];
	size_t category_count;
	struct campaign_discount discounts[CAMPAIGN_DISCOUNTS_MAX];
	size_t discount_count;
	char featured[CAMPAIGN_FEATURED_MAX][GAME_CODE_SIZE];
	size_t featured_count;
	int has_gift;
	int64_t gift_points; /* ordinary points of the gift pack (0..) */
	struct campaign_gift_item gift_items[CAMPAIGN_GIFT_ITEMS_MAX];
	size_t gift_item_count;
	int64_t budget; /* points it may give in all; -1: no limit */
	char tiers[CAMPAIGN_TIERS_MAX][CAMPAIGN_NAME_SIZE]; /* none: everyone */
	size_t tier_count;
};

/* Parse text (len bytes) into *out; JF_USAGE with every problem in p. */
enum jf_status campaign_spec_parse(const char *text, size_t len, struct campaign_spec *out,
				   struct game_problems *p);
/* The definition as canonical text (the same for the same definition,
 * whatever the file's layout), for "unchanged" on re-import. Caller frees. */
char *campaign_spec_canonical(const struct campaign_spec *c);
const char *campaign_scope_name(enum campaign_scope scope);

/* Import a definition (as game_import_text()): its next version if it
 * changed, else nothing (*changed 0). The SKUs of its discounts, featured
 * items and gift pack must be in the catalog; a budget below what the
 * campaign gave already is refused. One write transaction. */
enum jf_status campaign_import_text(struct ledger *lg, const char *text, size_t len,
				    int64_t *version, int *changed, struct game_problems *p,
				    struct jf_error *err);
enum jf_status campaign_import_file(struct ledger *lg, const char *path, int64_t *version,
				    int *changed, struct game_problems *p, struct jf_error *err);

/* A campaign as it is now: its latest version and what it gave. */
struct campaign_info {
	int64_t id; /* of the latest version */
	int64_t version;
	struct campaign_spec spec;
	int64_t ended_at; /* 0 unless ended early */
	char ended_by[ACTOR_TEXT_SIZE];
	int64_t given[KIND_COUNT]; /* points given in all (returns subtracted), per kind */
	int64_t given_earn, given_gift; /* of which by purchases, by gift packs (both kinds) */
	int64_t claims;   /* gift packs claimed */
	int64_t left;     /* of the budget; -1 when it has none */
	int active;       /* running at the time asked */
	int64_t created_at;
	char created_by[ACTOR_TEXT_SIZE];
};

/* Is the campaign running at t (its window holds t's local date, and it
 * was not ended at or before t)? */
int campaign_active_at(const struct campaign_info *c, int64_t t);

/* Every campaign (latest versions), by start date then id; with
 * active_only, only those running at t. fn returns nonzero to stop. */
enum jf_status campaign_list(struct ledger *lg, int active_only, int64_t t,
			     int (*fn)(const struct campaign_info *c, void *ctx), void *ctx,
			     struct jf_error *err);
/* One campaign by its id (JF_NOTFOUND, JF_R_UNKNOWN_CAMPAIGN). *out is
 * large: allocate it. */
enum jf_status campaign_find(struct ledger *lg, const char *code, struct campaign_info *out,
			     struct jf_error *err);

/* End a campaign now (it gives nothing from now on; what it gave stays).
 * JF_CONFLICT with JF_R_CAMPAIGN_ENDED if it was ended already. */
enum jf_status campaign_end(struct ledger *lg, const char *code, struct jf_error *err);

/* ---- gift packs ---- */

/* Claim a campaign's gift pack for card's member: its points and a voucher
 * per item, once per member and campaign, while the campaign runs and its
 * budget can pay the whole pack (points plus the items' points). A second
 * claim returns the first (replay 1). One write transaction. */
struct campaign_claim_result {
	int64_t entry_id;
	int64_t points;   /* the pack's points */
	int64_t worth;    /* points plus the vouchers' points: what the budget paid */
	int64_t vouchers; /* issued */
	char codes[CAMPAIGN_GIFT_ITEMS_MAX][48]; /* the vouchers' codes */
	int replay;
};
enum jf_status campaign_claim(struct ledger *lg, const char *code, const char *card,
			      struct campaign_claim_result *out, struct jf_error *err);
/* Could card's member claim it now? The same checks, read only: JF_OK or
 * the refusal; *claimed 1 when it was claimed already (JF_OK). */
enum jf_status campaign_can_claim(struct ledger *lg, const char *code, const char *card,
				  int *claimed, struct jf_error *err);
/* The gift packs card's member could claim now, for a screen: fn per
 * running campaign with a pack the member has not claimed. */
enum jf_status campaign_claimable(struct ledger *lg, const char *card,
				  int (*fn)(const struct campaign_info *c, void *ctx), void *ctx,
				  struct jf_error *err);

/* ---- the catalog ---- */

/* The lowest price of an item (sku, its catalog category, its points
 * each) under the discounts of the campaigns running now for card's
 * member (card NULL: campaigns for everyone), or its own points if none
 * is lower: campaign gets the id of the campaign that gave it ("" for
 * none). Discounts never stack; a price is at least 1 point. */
enum jf_status campaign_price(struct ledger *lg, const char *card, const char *sku,
			      const char *category, int64_t points, int64_t *price,
			      char campaign[GAME_CODE_SIZE], struct jf_error *err);
/* Is sku featured by a campaign running now? *rank: its place (0 first),
 * -1 when it is not. */
enum jf_status campaign_featured_rank(struct ledger *lg, const char *sku, int64_t *rank,
				      struct jf_error *err);

/* The SKUs featured by the campaigns running now, in the campaigns'
 * order (by start date) and each one's own, each once: at most max into
 * out, their number in *count. The catalog shows them first. */
#define CAMPAIGN_FEATURED_ALL 64
enum jf_status campaign_featured(struct ledger *lg, char (*out)[GAME_CODE_SIZE], size_t max,
				 size_t *count, struct jf_error *err);
/* Move the items whose SKU (at sku_offset in each of n items of size
 * bytes) is featured to the front, in featured order; the others keep
 * their order. */
void campaign_featured_first(void *items, size_t n, size_t size, size_t sku_offset,
			     const char (*featured)[GAME_CODE_SIZE], size_t count);

/* verify: every award against its entry and campaign, budgets, claims
 * against their entries and vouchers, who and where. */
enum jf_status campaign_verify(struct db *db, char *problem, size_t size, struct jf_error *err);

/* SQL: the campaign bonus of the earn_receipt row `c` of account `a` (its
 * entry's 'earn' awards of the receipt's kind), for checks that take a
 * receipt's points apart: base = points - member bonus - this. */
#define CAMPAIGN_RECEIPT_BONUS_SQL                                                          \
	"coalesce((SELECT sum(w.points) FROM campaign_award w WHERE w.entry_id = c.entry_id " \
	"AND w.what = 'earn' AND w.kind = a.kind), 0)"

/* Is a campaign with these tiers for a member of tier (empty list: all)? */
int campaign_for_tier(const struct campaign_spec *c, const char *tier);

/* The sample campaigns (assets/campaigns/), built into the program for
 * `jifen init --demo`. */
extern const char campaign_demo_spring[];
extern const char campaign_demo_summer[];
extern const char campaign_demo_festival[];

#endif
