/*
 * rules: the data of "How points work" (rules.h), one small loader per
 * section, all read in one snapshot so the sections agree.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "ledger_int.h"
#include "rules.h"
#include "xalloc.h"

static const char *const section_names[RULES_SECTION_COUNT] = {
	[RULES_EARN] = "earn",
	[RULES_TIERS] = "tiers",
	[RULES_CAMPAIGNS] = "campaigns",
	[RULES_EXPIRY] = "expiry",
	[RULES_RETURNS] = "returns",
	[RULES_COMPENSATION] = "compensation",
	[RULES_TRANSFERS] = "transfers",
	[RULES_OFFSET] = "offset",
	[RULES_GAMES] = "games",
	[RULES_BIRTHDAY] = "birthday",
};

const char *
rules_section_name(enum rules_section section)
{
	return (unsigned)section < RULES_SECTION_COUNT ? section_names[section] : "";
}

typedef enum jf_status (*rules_loader)(struct ledger *lg, struct rules_page *p,
				       struct jf_error *err);

static enum jf_status
load_earn(struct ledger *lg, struct rules_page *p, struct jf_error *err)
{
	const struct settings *c = lg->cfg;

	p->points_per_yuan = c->points_per_yuan;
	p->green_per_yuan = c->green_per_yuan;
	p->lock_days = c->lock_days;
	p->category_count = c->category_count;
	memcpy(p->categories, c->categories, sizeof p->categories);
	/* The latest change of each member is the rate in force; 0 clears it. */
	return db_one_int(db_stmt(lg->db, "SELECT count(*) FROM member_rate r WHERE r.id = "
					  "(SELECT max(x.id) FROM member_rate x WHERE x.member_id = "
					  "r.member_id) AND r.points_per_yuan > 0"),
			  &p->own_rates, err);
}

static enum jf_status
load_tiers(struct ledger *lg, struct rules_page *p, struct jf_error *err)
{
	struct db_stmt *s;

	p->tier_count = lg->cfg->tier_count;
	memcpy(p->tiers, lg->cfg->tiers, sizeof p->tiers);
	/* A plan is in force through its end date and until ended. */
	s = db_stmt(lg->db, "SELECT count(*) FROM member_plan WHERE ended_at = 0 AND until >= :d");
	db_bind_text(s, ":d", p->today);
	return db_one_int(s, &p->plans_in_force, err);
}

static int
keep_campaign(const struct campaign_info *c, void *ctx)
{
	struct rules_page *p = ctx;

	p->campaigns = xrealloc(p->campaigns, (p->campaign_count + 1) * sizeof *p->campaigns);
	p->campaigns[p->campaign_count++] = *c;
	return 0;
}

static enum jf_status
load_campaigns(struct ledger *lg, struct rules_page *p, struct jf_error *err)
{
	return campaign_list(lg, 1, clock_now(), keep_campaign, p, err);
}

static enum jf_status
load_expiry(struct ledger *lg, struct rules_page *p, struct jf_error *err)
{
	const struct settings *c = lg->cfg;
	char since[CLOCK_DATE_LEN];
	struct db_stmt *s;

	p->expiry_policy = c->expiry_policy;
	p->expiry_days = c->expiry_days;
	p->expiry_years = c->expiry_years;
	p->notice_days = c->expiry_notice_days;
	settings_expiry_date(c, p->today, p->expires_if_earned_today);
	clock_date_add(p->today, -30, since);
	s = db_stmt(lg->db, "SELECT count(*) FROM reminder WHERE day > :since");
	db_bind_text(s, ":since", since);
	return db_one_int(s, &p->reminded_last_30, err);
}

static enum jf_status
load_returns(struct ledger *lg, struct rules_page *p, struct jf_error *err)
{
	(void)lg;
	(void)p;
	(void)err;
	return JF_OK; /* the rule is the program's; lock_days is the earn section's */
}

static enum jf_status
load_compensation(struct ledger *lg, struct rules_page *p, struct jf_error *err)
{
	return db_one_int(db_stmt(lg->db, "SELECT count(*) FROM entry WHERE type = 'compensate'"),
			  &p->compensations, err);
}

static enum jf_status
load_transfers(struct ledger *lg, struct rules_page *p, struct jf_error *err)
{
	(void)err;
	p->allow_points_transfer = lg->cfg->allow_points_transfer;
	p->daily_green_limit = lg->cfg->daily_green_limit;
	return JF_OK;
}

static int64_t
gcd(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static enum jf_status
load_offset(struct ledger *lg, struct rules_page *p, struct jf_error *err)
{
	const struct settings *c = lg->cfg;
	int64_t g = gcd(c->offset_points_per_yuan, 100);

	(void)err;
	p->offset_enabled = c->offset_enabled && c->offset_points_per_yuan > 0;
	p->offset_points_per_yuan = c->offset_points_per_yuan;
	p->offset_max_percent = c->offset_max_percent;
	/* As offset.c counts: rate/g points pay 100/g fen, g = gcd(rate, 100). */
	p->offset_group_points = g ? c->offset_points_per_yuan / g : 0;
	p->offset_group_fen = g ? 100 / g : 0;
	return JF_OK;
}

static int
keep_game(const struct game_info *g, void *ctx)
{
	struct rules_page *p = ctx;

	p->games = xrealloc(p->games, (p->game_count + 1) * sizeof *p->games);
	memset(&p->games[p->game_count], 0, sizeof p->games[0]);
	p->games[p->game_count++].info = *g;
	return 0;
}

static enum jf_status
load_games(struct ledger *lg, struct rules_page *p, struct jf_error *err)
{
	enum jf_status st = game_list(lg, keep_game, p, err);

	for (size_t i = 0; st == JF_OK && i < p->game_count; i++)
		st = game_budget_used(lg, &p->games[i].info, p->today, &p->games[i].used, err);
	return st;
}

static enum jf_status
load_birthday(struct ledger *lg, struct rules_page *p, struct jf_error *err)
{
	const struct settings *c = lg->cfg;
	struct catalog_item item;
	struct game_info game;
	enum jf_status st;

	p->birthday_points = c->birthday_points;
	/* Only what can be given: an item or game that is not there is left
	 * out of the gift (birthday.c), so it is left out of the page too. */
	if (c->birthday_item[0]) {
		st = catalog_find(lg, c->birthday_item, &item, err);
		if (st == JF_OK && !item.delisted) {
			snprintf(p->birthday_sku, sizeof p->birthday_sku, "%s", item.sku);
			snprintf(p->birthday_item_zh, sizeof p->birthday_item_zh, "%s", item.name_zh);
			snprintf(p->birthday_item_en, sizeof p->birthday_item_en, "%s", item.name_en);
		} else if (st != JF_OK && st != JF_NOTFOUND) {
			return st;
		}
	}
	if (c->birthday_game[0]) {
		st = game_find(lg, c->birthday_game, &game, err);
		if (st == JF_OK) {
			snprintf(p->birthday_game, sizeof p->birthday_game, "%s", game.spec.code);
			snprintf(p->birthday_game_zh, sizeof p->birthday_game_zh, "%s",
				 game.spec.name_zh);
			snprintf(p->birthday_game_en, sizeof p->birthday_game_en, "%s",
				 game.spec.name_en);
			p->birthday_plays = c->birthday_plays;
		} else if (st != JF_NOTFOUND) {
			return st;
		}
	}
	jf_error_clear(err);
	return JF_OK;
}

/* One loader a section, in the page's order. */
static const rules_loader rules_sections[RULES_SECTION_COUNT] = {
	[RULES_EARN] = load_earn,
	[RULES_TIERS] = load_tiers,
	[RULES_CAMPAIGNS] = load_campaigns,
	[RULES_EXPIRY] = load_expiry,
	[RULES_RETURNS] = load_returns,
	[RULES_COMPENSATION] = load_compensation,
	[RULES_TRANSFERS] = load_transfers,
	[RULES_OFFSET] = load_offset,
	[RULES_GAMES] = load_games,
	[RULES_BIRTHDAY] = load_birthday,
};

enum jf_status
rules_load(struct ledger *lg, struct rules_page *out, struct jf_error *err)
{
	enum jf_status st = JF_OK;

	memset(out, 0, sizeof *out);
	ledger_today(out->today);
	if ((st = db_begin_read(lg->db, err)) != JF_OK)
		return st;
	for (int i = 0; i < RULES_SECTION_COUNT && st == JF_OK; i++)
		st = rules_sections[i](lg, out, err);
	db_rollback(lg->db);
	if (st != JF_OK)
		rules_done(out);
	return st;
}

void
rules_done(struct rules_page *page)
{
	free(page->games);
	page->games = NULL;
	page->game_count = 0;
	free(page->campaigns);
	page->campaigns = NULL;
	page->campaign_count = 0;
}
