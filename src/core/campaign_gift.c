/*
 * campaign_gift: gift packs claimed, a campaign's prices and featured
 * items in the catalog, and verify's checks of what campaigns gave
 * (campaign.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "campaign.h"
#include "campaign_int.h"
#include "catalog.h"
#include "db.h"
#include "ledger_int.h"
#include "tier.h"
#include "verify.h"
#include "voucher.h"
#include "xalloc.h"

/* ---- gift packs ---- */

/* A claim made before: what it gave (a replay). */
static enum jf_status
find_claim(struct ledger *lg, const char *code, int64_t member_id,
	   struct campaign_claim_result *out, int *found, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT g.entry_id, g.points, g.vouchers, "
					    "coalesce((SELECT sum(a.points) FROM campaign_award a WHERE "
					    "a.entry_id = g.entry_id AND a.what = 'gift'), 0) FROM "
					    "campaign_claim g WHERE g.code = :c AND g.member_id = :m");
	enum db_step_result rc;

	*found = 0;
	db_bind_text(s, ":c", code);
	db_bind_int(s, ":m", member_id);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		*found = 1;
		out->entry_id = db_col_int(s, 0);
		out->points = db_col_int(s, 1);
		out->vouchers = db_col_int(s, 2);
		out->worth = db_col_int(s, 3);
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* The key of the voucher of a pack's item i: a replay of the claim finds
 * the same vouchers by it. */
static char *
gift_voucher_key(const char *code, int64_t member_id, size_t i)
{
	return xasprintf("cg-%s-%lld-%zu", code, (long long)member_id, i);
}

/* The vouchers of a claim made before, by their keys (voucher_issue()
 * replays them: nothing is written). */
static enum jf_status
claimed_vouchers(struct ledger *lg, const struct campaign_info *c, const char *card,
		 int64_t member_id, struct campaign_claim_result *out, struct jf_error *err)
{
	enum jf_status st = JF_OK;

	for (int64_t i = 0; i < out->vouchers && i < CAMPAIGN_GIFT_ITEMS_MAX && st == JF_OK; i++) {
		char *key = gift_voucher_key(c->spec.code, member_id, (size_t)i);
		struct voucher v;

		st = voucher_issue_prize(lg, card, c->spec.gift_items[i].sku,
					 c->spec.gift_items[i].qty, key, &v, err);
		free(key);
		if (st == JF_OK)
			snprintf(out->codes[i], sizeof out->codes[0], "%s", v.code);
	}
	return st;
}

/* The campaign's own refusals: no pack, not running, not for the tier. */
static enum jf_status
check_running(struct ledger *lg, const struct campaign_info *c, const char *card,
	      struct jf_error *err)
{
	char tier[CAMPAIGN_NAME_SIZE], window[2 * CLOCK_DATE_LEN + 2];
	int64_t now = clock_now();
	enum jf_status st;

	if (!c->spec.has_gift)
		return jf_refuse(err, JF_CONFLICT, JF_R_CAMPAIGN_NO_GIFT,
				 (struct jf_why){ .text = c->spec.code },
				 "campaign %s has no gift pack", c->spec.code);
	if (c->ended_at && c->ended_at <= now)
		return jf_refuse(err, JF_CONFLICT, JF_R_CAMPAIGN_ENDED,
				 (struct jf_why){ { c->ended_at }, .text = c->spec.code },
				 "campaign %s was ended early", c->spec.code);
	if (!campaign_active_at(c, now)) {
		snprintf(window, sizeof window, "%s..%s", c->spec.start, c->spec.end);
		return jf_refuse(err, JF_CONFLICT, JF_R_CAMPAIGN_NOT_ACTIVE,
				 (struct jf_why){ .text = c->spec.code, .text2 = window },
				 "campaign %s runs %s", c->spec.code, window);
	}
	if ((st = tier_of(lg, card, now, tier, sizeof tier, err)) != JF_OK)
		return st;
	if (!campaign_for_tier(&c->spec, tier))
		return jf_refuse(err, JF_CONFLICT, JF_R_CAMPAIGN_TIER,
				 (struct jf_why){ .text = c->spec.code, .text2 = tier },
				 "campaign %s is not for tier '%s'", c->spec.code, tier);
	return JF_OK;
}

/* The pack's worth: its points and its items at their own prices, which
 * their vouchers hold (voucher_issue_prize(): a gift is paid in full,
 * never at a member's discount, as a game's prize is). */
static enum jf_status
pack_worth(struct ledger *lg, const struct campaign_info *c, int64_t *worth,
	   struct jf_error *err)
{
	enum jf_status st;

	*worth = c->spec.gift_points;
	for (size_t i = 0; i < c->spec.gift_item_count; i++) {
		struct catalog_item item;

		if ((st = catalog_find(lg, c->spec.gift_items[i].sku, &item, err)) != JF_OK)
			return st;
		*worth += item.points * c->spec.gift_items[i].qty;
	}
	if (c->left >= 0 && c->left < *worth)
		return jf_refuse(err, JF_CONFLICT, JF_R_CAMPAIGN_BUDGET,
				 (struct jf_why){ { c->left, *worth }, .text = c->spec.code },
				 "campaign %s has %lld points of its budget left", c->spec.code,
				 (long long)c->left);
	return JF_OK;
}

/* What claiming decides, before anything is written: found 1 for a replay. */
static enum jf_status
plan_claim(struct ledger *lg, const char *code, const char *card, struct campaign_info *c,
	   struct account *acct, int64_t *worth, struct campaign_claim_result *out, int *found,
	   struct jf_error *err)
{
	enum jf_status st;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = campaign_find(lg, code, c, err)) != JF_OK ||
	    (st = account_of_card(lg->db, card, KIND_POINTS, acct, err)) != JF_OK ||
	    (st = find_claim(lg, code, acct->member_id, out, found, err)) != JF_OK || *found)
		return st;
	if ((st = check_running(lg, c, card, err)) != JF_OK)
		return st;
	return pack_worth(lg, c, worth, err);
}

static enum jf_status
record_claim(struct ledger *lg, const struct campaign_info *c, const struct account *acct,
	     const int64_t *vouchers, struct campaign_claim_result *out, struct jf_error *err)
{
	struct campaign_award_row a = { c->id, c->spec.code, out->entry_id, NULL, acct->member_id,
					KIND_POINTS, "gift", out->worth, 0 };
	char actor[ACTOR_TEXT_SIZE], *receipt = xasprintf("gift:%s", c->spec.code);
	struct db_stmt *s;
	enum jf_status st;
	int64_t id;

	a.receipt = receipt;
	if ((st = ledger_actor_text(lg, "a gift pack", actor, err)) != JF_OK ||
	    (st = campaign_award_insert(lg, &a, err)) != JF_OK)
		goto out;
	s = db_stmt(lg->db, "INSERT INTO campaign_claim(code, campaign_id, member_id, entry_id, "
			    "points, vouchers, created_at, created_by, created_terminal) VALUES (:code, "
			    ":c, :m, :e, :pts, :v, :now, :by, :term) RETURNING id");
	db_bind_text(s, ":code", c->spec.code);
	db_bind_int(s, ":c", c->id);
	db_bind_int(s, ":m", acct->member_id);
	db_bind_int(s, ":e", out->entry_id);
	db_bind_int(s, ":pts", out->points);
	db_bind_int(s, ":v", out->vouchers);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	if ((st = db_one_int(s, &id, err)) != JF_OK)
		goto out;
	for (int64_t i = 0; i < out->vouchers && st == JF_OK; i++) {
		s = db_stmt(lg->db, "INSERT INTO campaign_claim_voucher(claim_id, voucher_id) "
				    "VALUES (:c, :v)");
		db_bind_int(s, ":c", id);
		db_bind_int(s, ":v", vouchers[i]);
		st = db_run(s, err);
	}
out:
	free(receipt);
	return st;
}

/* The pack's points and items' worth credited at once (no lock period: a
 * gift is no purchase to return), then a voucher per item holding its
 * share, as a game's prize is paid. */
static enum jf_status
pay_pack(struct ledger *lg, const struct campaign_info *c, const char *card,
	 const struct account *acct, struct campaign_claim_result *out, struct jf_error *err)
{
	int64_t vouchers[CAMPAIGN_GIFT_ITEMS_MAX];
	struct ledger_result res = { 0 };
	char memo[120], *ref;
	struct credit cr;
	enum jf_status st;

	ref = xasprintf("campaign_gift:%s:%lld", c->spec.code, (long long)acct->member_id);
	snprintf(memo, sizeof memo, "gift pack of %s", c->spec.code);
	cr = (struct credit){ card, KIND_POINTS, out->worth, "campaign_gift", ref, memo, SYS_ISSUED,
			      0 };
	st = ledger_credit(lg, &cr, &res, err);
	free(ref);
	out->entry_id = res.entry_id;
	for (size_t i = 0; i < c->spec.gift_item_count && st == JF_OK; i++) {
		struct voucher v;
		char *key = gift_voucher_key(c->spec.code, acct->member_id, i);

		st = voucher_issue_prize(lg, card, c->spec.gift_items[i].sku,
					 c->spec.gift_items[i].qty, key, &v, err);
		free(key);
		if (st == JF_OK) {
			vouchers[out->vouchers] = v.id;
			snprintf(out->codes[out->vouchers++], sizeof out->codes[0], "%s", v.code);
		}
	}
	if (st != JF_OK)
		return st;
	return record_claim(lg, c, acct, vouchers, out, err);
}

struct claim_ctx {
	const char *code, *card;
	struct campaign_info *c;
	struct campaign_claim_result *out;
};

static enum jf_status
claim_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct claim_ctx *cc = ctx;
	struct campaign_claim_result *out = cc->out;
	struct account acct;
	enum jf_status st;
	int found = 0;

	memset(out, 0, sizeof *out);
	st = plan_claim(lg, cc->code, cc->card, cc->c, &acct, &out->worth, out, &found, err);
	if (st == JF_OK && !found) {
		out->points = cc->c->spec.gift_points;
		st = pay_pack(lg, cc->c, cc->card, &acct, out, err);
	} else if (st == JF_OK) {
		st = claimed_vouchers(lg, cc->c, cc->card, acct.member_id, out, err);
	}
	out->replay = found;
	return st;
}

enum jf_status
campaign_claim(struct ledger *lg, const char *code, const char *card,
	       struct campaign_claim_result *out, struct jf_error *err)
{
	struct claim_ctx cc = { code, card, xmalloc(sizeof *cc.c), out };
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = ledger_write(lg, claim_once, &cc, err)) != JF_OK)
		memset(out, 0, sizeof *out);
	free(cc.c);
	return st;
}

enum jf_status
campaign_can_claim(struct ledger *lg, const char *code, const char *card, int *claimed,
		   struct jf_error *err)
{
	struct campaign_info *c = xmalloc(sizeof *c);
	struct campaign_claim_result *out = xcalloc(1, sizeof *out);
	struct account acct;
	enum jf_status st;
	int64_t worth;

	st = plan_claim(lg, code, card, c, &acct, &worth, out, claimed, err);
	free(out);
	free(c);
	return st;
}

struct claimable_ctx {
	struct ledger *lg;
	const char *card;
	int (*fn)(const struct campaign_info *c, void *ctx);
	void *ctx;
	char (*codes)[GAME_CODE_SIZE];
	size_t count;
};

static int
note_gift(const struct campaign_info *c, void *arg)
{
	struct claimable_ctx *cc = arg;

	if (c->spec.has_gift) {
		cc->codes = xrealloc(cc->codes, (cc->count + 1) * sizeof *cc->codes);
		snprintf(cc->codes[cc->count++], GAME_CODE_SIZE, "%s", c->spec.code);
	}
	return 0;
}

enum jf_status
campaign_claimable(struct ledger *lg, const char *card,
		   int (*fn)(const struct campaign_info *c, void *ctx), void *ctx,
		   struct jf_error *err)
{
	struct claimable_ctx cc = { lg, card, fn, ctx, NULL, 0 };
	struct campaign_info *c = xmalloc(sizeof *c);
	struct jf_error why;
	enum jf_status st;
	int claimed;

	st = campaign_list(lg, 1, clock_now(), note_gift, &cc, err);
	for (size_t i = 0; i < cc.count && st == JF_OK; i++) {
		if (campaign_can_claim(lg, cc.codes[i], card, &claimed, &why) != JF_OK || claimed)
			continue;
		if ((st = campaign_find(lg, cc.codes[i], c, err)) == JF_OK && fn(c, ctx))
			break;
	}
	free(cc.codes);
	free(c);
	return st;
}

/* ---- the catalog ---- */

struct price_ctx {
	const char *sku, *category;
	const char *tier;
	int64_t points, price;
	char *campaign;
	int64_t rank;
};

static int
best_price(const struct campaign_info *c, void *arg)
{
	struct price_ctx *pc = arg;

	if (!campaign_for_tier(&c->spec, pc->tier))
		return 0;
	for (size_t i = 0; i < c->spec.discount_count; i++) {
		const struct campaign_discount *d = &c->spec.discounts[i];
		int64_t price;

		if (!(d->sku[0] ? strcmp(d->sku, pc->sku) == 0
				: strcmp(d->category, pc->category) == 0))
			continue;
		/* Rounded down, and never free: the member pays at least a point. */
		price = pc->points * d->percent / 100;
		price = price < 1 ? 1 : price;
		if (price < pc->price) {
			pc->price = price;
			snprintf(pc->campaign, GAME_CODE_SIZE, "%s", c->spec.code);
		}
	}
	return 0;
}

enum jf_status
campaign_price(struct ledger *lg, const char *card, const char *sku, const char *category,
	       int64_t points, int64_t *price, char campaign[GAME_CODE_SIZE],
	       struct jf_error *err)
{
	char tier[CAMPAIGN_NAME_SIZE] = "";
	struct price_ctx pc = { sku, category, tier, points, points, campaign, -1 };
	enum jf_status st;

	campaign[0] = '\0';
	if (card && (st = tier_of(lg, card, clock_now(), tier, sizeof tier, err)))
		return st;
	st = campaign_list(lg, 1, clock_now(), best_price, &pc, err);
	*price = pc.price;
	return st;
}

static int
featured_at(const struct campaign_info *c, void *arg)
{
	struct price_ctx *pc = arg;

	for (size_t i = 0; i < c->spec.featured_count; i++)
		if (strcmp(c->spec.featured[i], pc->sku) == 0) {
			pc->rank = (int64_t)i;
			return 1;
		}
	return 0;
}

enum jf_status
campaign_featured_rank(struct ledger *lg, const char *sku, int64_t *rank, struct jf_error *err)
{
	char none[GAME_CODE_SIZE];
	struct price_ctx pc = { sku, "", "", 0, 0, none, -1 };
	enum jf_status st = campaign_list(lg, 1, clock_now(), featured_at, &pc, err);

	*rank = pc.rank;
	return st;
}

struct featured_ctx {
	char (*out)[GAME_CODE_SIZE];
	size_t max, count;
};

static int
add_featured(const struct campaign_info *c, void *arg)
{
	struct featured_ctx *fc = arg;

	for (size_t i = 0; i < c->spec.featured_count && fc->count < fc->max; i++) {
		size_t j = 0;

		while (j < fc->count && strcmp(fc->out[j], c->spec.featured[i]) != 0)
			j++;
		if (j == fc->count)
			snprintf(fc->out[fc->count++], GAME_CODE_SIZE, "%s", c->spec.featured[i]);
	}
	return fc->count == fc->max;
}

enum jf_status
campaign_featured(struct ledger *lg, char (*out)[GAME_CODE_SIZE], size_t max, size_t *count,
		  struct jf_error *err)
{
	struct featured_ctx fc = { out, max, 0 };
	enum jf_status st = campaign_list(lg, 1, clock_now(), add_featured, &fc, err);

	*count = fc.count;
	return st;
}

void
campaign_featured_first(void *items, size_t n, size_t size, size_t sku_offset,
			const char (*featured)[GAME_CODE_SIZE], size_t count)
{
	unsigned char *base = items, *sorted;
	size_t at = 0;
	char *taken;

	if (n == 0 || count == 0)
		return;
	sorted = xmalloc(n * size);
	taken = xcalloc(n, 1);
	for (size_t f = 0; f < count; f++)
		for (size_t i = 0; i < n; i++)
			if (!taken[i] && strcmp((char *)base + i * size + sku_offset, featured[f]) == 0) {
				memcpy(sorted + at++ * size, base + i * size, size);
				taken[i] = 1;
			}
	for (size_t i = 0; i < n; i++)
		if (!taken[i])
			memcpy(sorted + at++ * size, base + i * size, size);
	memcpy(base, sorted, n * size);
	free(sorted);
	free(taken);
}

/* ---- verify ---- */

enum jf_status
campaign_verify(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	enum jf_status st;

	problem[0] = '\0';
	/* A purchase's bonus is part of its own credit to the member. */
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'campaign award ' || a.id FROM campaign_award a LEFT JOIN campaign c "
		"ON c.id = a.campaign_id LEFT JOIN entry e ON e.id = a.entry_id WHERE c.id IS NULL "
		"OR c.code <> a.code OR e.id IS NULL OR a.created_by = '' OR a.created_terminal = '' "
		"OR (a.what = 'earn' AND (e.type <> 'earn' OR a.points <= 0 "
		"OR a.points > a.base * (c.percent - 100) / 100 OR (SELECT sum(y.points + y.base) "
		"FROM campaign_award y WHERE y.entry_id = e.id AND y.kind = a.kind) > "
		"(SELECT coalesce(sum(x.amount), 0) FROM line x JOIN account ac ON ac.id = x.account_id "
		"WHERE x.entry_id = e.id AND ac.member_id = a.member_id AND ac.kind = a.kind))) "
		"OR (a.what <> 'earn' AND a.base <> 0) "
		"OR (a.what = 'reverse' AND (e.type <> 'reverse' OR a.points >= 0 OR -a.points > "
		"(SELECT coalesce(sum(y.points), 0) FROM campaign_award y WHERE y.receipt = a.receipt "
		"AND y.code = a.code AND y.kind = a.kind AND y.what = 'earn'))) "
		"OR (a.what = 'gift' AND (e.type <> 'campaign_gift' OR a.points < 0)) LIMIT 1"),
		"it differs from its entry", problem, size, err)) != JF_OK)
		return st;
	/* No campaign gave more than its budget (the one in force now). */
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'campaign ' || c.code FROM campaign c WHERE c.budget >= 0 AND c.version = "
		"(SELECT max(x.version) FROM campaign x WHERE x.code = c.code) AND c.budget < "
		"(SELECT coalesce(sum(a.points), 0) FROM campaign_award a WHERE a.code = c.code) "
		"LIMIT 1"),
		"it gave more than its budget", problem, size, err)) != JF_OK)
		return st;
	/* A gift pack: its entry credits the member what its award says, and
	 * every entry of gift packs has its claim. */
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'gift pack claim ' || g.id FROM campaign_claim g LEFT JOIN campaign_award a "
		"ON a.entry_id = g.entry_id AND a.what = 'gift' WHERE a.id IS NULL OR a.code <> g.code "
		"OR a.member_id <> g.member_id OR g.created_by = '' OR g.created_terminal = '' "
		"OR a.points <> (SELECT coalesce(sum(x.amount), 0) FROM line x JOIN account ac "
		"ON ac.id = x.account_id WHERE x.entry_id = g.entry_id AND ac.member_id = g.member_id) "
		"OR g.vouchers <> (SELECT count(*) FROM campaign_claim_voucher v WHERE v.claim_id = g.id) "
		"LIMIT 1"),
		"it differs from its entry, award or vouchers", problem, size, err)) != JF_OK)
		return st;
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'entries of gift packs' FROM (SELECT (SELECT count(*) FROM entry WHERE type = "
		"'campaign_gift') AS e, (SELECT count(*) FROM campaign_claim) AS g) n WHERE n.e <> n.g"),
		"an entry without its claim", problem, size, err)) != JF_OK)
		return st;
	return verify_no_row(db_stmt(db,
		"SELECT 'campaign ' || code FROM campaign WHERE created_by = '' OR created_terminal = '' "
		"UNION ALL SELECT 'end of campaign ' || code FROM campaign_end WHERE ended_by = '' "
		"OR ended_terminal = '' LIMIT 1"),
		"written with no actor or terminal", problem, size, err);
}
