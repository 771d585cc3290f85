/*
 * cmd_members: what the store tells its members: `jifen
 * remind`, the members whose points expire soon for the store's SMS
 * service (remind.h), and `jifen rules`, "How points work" (rules.h) in
 * English, one small function per section of the page.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parse.h"
#include "remind.h"
#include "rules.h"

/* ---- jifen remind ---- */

enum { OPT_DAYS = 'd', OPT_FORMAT = 'f', OPT_AGAIN = 'a' };
enum remind_format { REMIND_TEXT, REMIND_CSV, REMIND_JSON };

struct remind_state {
	int64_t days;
	enum remind_format format;
	json_t *list; /* --format json: the members, then printed */
};

static int
check_remind(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct remind_state *s = state;
	const char *days = cli_opt(args, OPT_DAYS), *format = cli_opt(args, OPT_FORMAT);

	s->days = ctx->cfg.expiry_notice_days;
	if (days && parse_int_range("--days", days, 0, REMIND_DAYS_MAX, &s->days, &ctx->err) !=
			    JF_OK)
		return cli_fail(ctx, JF_USAGE);
	s->format = ctx->json ? REMIND_JSON : REMIND_TEXT;
	if (format && strcmp(format, "csv") == 0)
		s->format = REMIND_CSV;
	else if (format && strcmp(format, "json") == 0)
		s->format = REMIND_JSON;
	else if (format)
		return cli_error(ctx, JF_USAGE, "format '%s' is not csv or json", cli_safe(format));
	return 0;
}

/* One member, as the format says; the JSON is printed whole at the end. */
static int
print_reminder(const struct remind_row *r, void *ctx)
{
	struct remind_state *s = ctx;

	switch (s->format) {
	case REMIND_JSON:
		return json_array_append_new(s->list, json_pack("{s:s, s:s, s:I, s:I, s:s, s:b}",
			"card", r->card, "phone", r->phone, "points", (json_int_t)r->points,
			"green", (json_int_t)r->green, "expires_on", r->expires_on, "again",
			r->again)) != 0;
	case REMIND_CSV:
		/* Cards, masked phones and dates hold no comma or quote. */
		return printf("%s,%s,%lld,%lld,%s\n", r->card, cli_safe(r->phone),
			      (long long)r->points, (long long)r->green, r->expires_on) < 0;
	case REMIND_TEXT:
		break;
	}
	return printf("%-12s %-16s %8lld %8lld  %s%s\n", r->card, cli_safe(r->phone),
		      (long long)r->points, (long long)r->green, r->expires_on,
		      r->again ? "  (again)" : "") < 0;
}

static int
exec_remind(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct remind_state *s = state;
	char today[CLOCK_DATE_LEN];
	int64_t count;

	clock_date_of(clock_now(), today);
	if (s->format == REMIND_JSON)
		s->list = json_array();
	else if (s->format == REMIND_CSV)
		printf("card,phone,points,green,expires_on\n");
	else
		printf("%-12s %-16s %8s %8s  %s\n", "card", "phone", "points", "green", "expires");
	if (remind_run(&ctx->lg, s->days, cli_flag(args, OPT_AGAIN), print_reminder, s, &count,
		       &ctx->err) != JF_OK)
		return ctx->err.status;
	if (s->format == REMIND_JSON) {
		json_t *out = json_pack("{s:s, s:I, s:o}", "date", today, "days",
					(json_int_t)s->days, "members", s->list);

		s->list = NULL;
		return cli_print_json(ctx, out);
	}
	if (s->format == REMIND_TEXT)
		printf("%lld member%s to tell, recorded as told on %s\n", (long long)count,
		       count == 1 ? "" : "s", today);
	return JF_OK;
}

static void
done_remind(void *state)
{
	struct remind_state *s = state;

	json_decref(s->list);
}

static const struct option remind_options[] = {
	{ "days", required_argument, NULL, OPT_DAYS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "again", no_argument, NULL, OPT_AGAIN },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_remind = {
	.name = "remind",
	.options = remind_options,
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.state_size = sizeof(struct remind_state),
	.check = check_remind,
	.exec = exec_remind,
	.done = done_remind,
	.usage =
	"jifen remind [--days N] [--format csv|json] [--again]\n"
	"\n"
	"The members whose points expire within N days (from today, the store's\n"
	"day, to today + N), for the store's SMS service: card, masked phone,\n"
	"points and green points expiring then, and the soonest date. Each one\n"
	"listed is recorded as told (when, the amounts), so a second run the same\n"
	"day lists only members not told yet. Members without a phone are not\n"
	"listed (the kiosk tells them); erased members never are.\n"
	"\n"
	"  --days N             the window, 0 to 3650 (default: [expiry] notice_days)\n"
	"  --format csv|json    CSV with a header line, or JSON (as --json)\n"
	"  --again              list members told today already too (recorded again)",
	.summary = "list and record the members to tell that points expire soon",
};

/* ---- jifen rules: one function a section, text and JSON ---- */

static void
text_earn(const struct rules_page *p)
{
	printf("You earn %lld point%s for every whole yuan you spend,\n",
	       (long long)p->points_per_yuan, p->points_per_yuan == 1 ? "" : "s");
	printf("and %lld green point%s for every whole yuan of green goods.\n",
	       (long long)p->green_per_yuan, p->green_per_yuan == 1 ? "" : "s");
	for (int i = 0; i < p->category_count; i++)
		printf("  %s: %lld points a yuan\n", cli_safe(p->categories[i].name),
		       (long long)p->categories[i].points_per_yuan);
	if (p->lock_days)
		printf("Points of a purchase can be spent %lld days after it (the return window).\n",
		       (long long)p->lock_days);
	if (p->own_rates)
		printf("Some members have a rate of their own, agreed with the store; it replaces\n"
		       "the rates above for their ordinary points.\n");
}

/* What a tier gives, in a line: "25% more points, 8% off the catalog, new
 * items early" (nothing more: "the base tier"). */
static void
print_tier_gives(const struct settings_tier *t)
{
	const char *sep = "";

	if (t->earn_percent > 100) {
		printf("%lld%% more points", (long long)(t->earn_percent - 100));
		sep = ", ";
	}
	if (t->discount_percent) {
		printf("%s%lld%% off the catalog", sep, (long long)t->discount_percent);
		sep = ", ";
	}
	if (t->early_access) {
		printf("%snew items early", sep);
		sep = ", ";
	}
	printf("%s\n", sep[0] ? "" : "the base tier");
}

static void
text_tiers(const struct rules_page *p)
{
	if (p->tier_count == 0) {
		printf("There are no member tiers.\n");
		return;
	}
	printf("Your tier comes from the points your purchases earned in the last 12\n"
	       "months, less returns:\n");
	for (int i = 0; i < p->tier_count; i++) {
		printf("  %s, from %lld points: ", cli_safe(p->tiers[i].name_en),
		       (long long)p->tiers[i].points);
		print_tier_gives(&p->tiers[i]);
	}
	printf("You move up the night after you reach a tier, and down at most one tier a\n"
	       "year, on the anniversary of the day you joined.\n");
	if (p->plans_in_force)
		printf("Members with a one-to-one plan agreed with the store earn by its percent\n"
		       "instead of their tier's.\n");
}

/* "on everything", "on green goods", "on appliances, kitchen". */
static void
print_campaign_scope(const struct campaign_spec *c)
{
	if (c->scope == SCOPE_ALL) {
		printf(" on everything");
	} else if (c->scope == SCOPE_GREEN) {
		printf(" on green goods");
	} else {
		printf(" on");
		for (size_t i = 0; i < c->category_count; i++)
			printf("%s %s", i ? "," : "", cli_safe(c->categories[i]));
	}
}

static void
text_campaigns(const struct rules_page *p)
{
	if (p->campaign_count == 0) {
		printf("No campaign is running today.\n");
		return;
	}
	for (size_t i = 0; i < p->campaign_count; i++) {
		const struct campaign_info *c = &p->campaigns[i];

		printf("%s, %s to %s:", cli_safe(c->spec.name_en), c->spec.start, c->spec.end);
		if (c->spec.percent > 100) {
			printf(" %lld%% of the points", (long long)c->spec.percent);
			print_campaign_scope(&c->spec);
		}
		if (c->spec.discount_count)
			printf("%s lower prices in the catalog", c->spec.percent > 100 ? ";" : "");
		if (c->spec.has_gift)
			printf("; a gift pack to claim once");
		printf(".\n");
		if (c->left >= 0)
			printf("  %lld points of its budget are left; when they are gone it gives no "
			       "more.\n", (long long)c->left);
		if (c->spec.tier_count) {
			printf("  For the tiers:");
			for (size_t j = 0; j < c->spec.tier_count; j++)
				printf(" %s", cli_safe(c->spec.tiers[j]));
			printf("\n");
		}
	}
	printf("When campaigns overlap, the highest multiplier applies; discounts never add\n"
	       "up: you pay the lowest price.\n");
}

static void
text_expiry(const struct rules_page *p)
{
	if (p->expiry_policy == EXPIRY_ROLLING)
		printf("Points expire %lld days after they are earned", (long long)p->expiry_days);
	else
		printf("Points expire on 31 December, %lld year%s after the year they are earned",
		       (long long)p->expiry_years, p->expiry_years == 1 ? "" : "s");
	printf(": points earned today expire on %s.\n", p->expires_if_earned_today);
	printf("The oldest points are spent first. The kiosk shows the points that expire in\n"
	       "the next %lld days.\n", (long long)p->notice_days);
	/* Only when the store does send them (jifen remind). */
	if (p->reminded_last_30)
		printf("Members with a phone number are also sent a text message before their\n"
		       "points expire.\n");
}

static void
text_returns(const struct rules_page *p)
{
	(void)p;
	printf("Goods returned take back the points they earned, in proportion to the part\n"
	       "returned. Points that paid part of the bill come back with their own dates.\n"
	       "Points already spent cannot be taken back: that part is kept from the refund.\n");
}

static void
text_compensation(const struct rules_page *p)
{
	printf("When an item you hold a voucher for is withdrawn, the points come back with a\n"
	       "bonus. Points that expired while the system was down come back, and points\n"
	       "due in the outage are given longer. You are told in a notice at the kiosk.\n");
	if (p->compensations)
		printf("(%lld compensation%s so far.)\n", (long long)p->compensations,
		       p->compensations == 1 ? "" : "s");
}

static void
text_transfers(const struct rules_page *p)
{
	printf("Green points can be sent to members of your family");
	if (p->daily_green_limit)
		printf(", up to %lld a day", (long long)p->daily_green_limit);
	printf(".\n");
	printf(p->allow_points_transfer ? "Ordinary points can be sent within a family too.\n"
					: "Ordinary points stay on your own card.\n");
}

static void
text_offset(const struct rules_page *p)
{
	if (!p->offset_enabled) {
		printf("Points do not pay bills in this store.\n");
		return;
	}
	printf("At the counter, %lld points pay 1 yuan, up to %lld%% of a bill; points go in\n"
	       "groups of %lld that pay %lld fen.\n", (long long)p->offset_points_per_yuan,
	       (long long)p->offset_max_percent, (long long)p->offset_group_points,
	       (long long)p->offset_group_fen);
}

static void
text_games(const struct rules_page *p)
{
	if (p->game_count == 0) {
		printf("No games are running.\n");
		return;
	}
	for (size_t i = 0; i < p->game_count; i++) {
		const struct game_spec *g = &p->games[i].info.spec;

		printf("%s: %lld point%s a play, %lld play%s a day.\n", cli_safe(g->name_en),
		       (long long)g->price, g->price == 1 ? "" : "s", (long long)g->plays_per_day,
		       g->plays_per_day == 1 ? "" : "s");
		for (size_t j = 0; j < g->prize_count; j++) {
			const struct game_prize *z = &g->prizes[j];

			printf("  %-24s %3lld.%04lld%%", cli_safe(z->label_en),
			       (long long)(z->ppm / 10000), (long long)(z->ppm % 10000));
			if (z->budget_total >= 0)
				printf("  %lld left today, %lld in all",
				       (long long)(z->budget_day - p->games[i].used.day[j]),
				       (long long)(z->budget_total - p->games[i].used.total[j]));
			printf("\n");
		}
	}
}

static void
text_birthday(const struct rules_page *p)
{
	if (!p->birthday_points && !p->birthday_sku[0] && !p->birthday_game[0]) {
		printf("There is no birthday gift.\n");
		return;
	}
	printf("In your birthday month you get a gift, once a year:\n ");
	if (p->birthday_points)
		printf(" %lld points", (long long)p->birthday_points);
	if (p->birthday_sku[0])
		printf("%s a voucher for %s", p->birthday_points ? "," : "",
		       cli_safe(p->birthday_item_en));
	if (p->birthday_game[0])
		printf("%s %lld free play%s of %s", p->birthday_points || p->birthday_sku[0] ? "," : "",
		       (long long)p->birthday_plays, p->birthday_plays == 1 ? "" : "s",
		       cli_safe(p->birthday_game_en));
	printf(".\nBorn on 29 February? Your gift comes in February.\n");
}

static json_t *
json_earn(const struct rules_page *p)
{
	json_t *cats = json_object();

	for (int i = 0; i < p->category_count; i++)
		json_object_set_new(cats, p->categories[i].name,
				    json_integer(p->categories[i].points_per_yuan));
	return json_pack("{s:I, s:I, s:I, s:o, s:I}", "points_per_yuan",
			 (json_int_t)p->points_per_yuan, "green_per_yuan",
			 (json_int_t)p->green_per_yuan, "lock_days", (json_int_t)p->lock_days,
			 "categories", cats, "members_with_own_rate", (json_int_t)p->own_rates);
}

static json_t *
json_tiers(const struct rules_page *p)
{
	json_t *list = json_array();

	for (int i = 0; list && i < p->tier_count; i++) {
		const struct settings_tier *t = &p->tiers[i];

		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:b}", "id",
						      t->id, "name_zh", t->name_zh, "name_en",
						      t->name_en, "points", (json_int_t)t->points,
						      "earn_percent", (json_int_t)t->earn_percent,
						      "discount_percent",
						      (json_int_t)t->discount_percent, "early_access",
						      t->early_access));
	}
	return json_pack("{s:o, s:I}", "tiers", list, "plans_in_force",
			 (json_int_t)p->plans_in_force);
}

static json_t *
json_campaigns(const struct rules_page *p)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < p->campaign_count; i++) {
		const struct campaign_spec *c = &p->campaigns[i].spec;
		json_t *cats = json_array(), *tiers = json_array();

		for (size_t j = 0; cats && j < c->category_count; j++)
			json_array_append_new(cats, json_string(c->categories[j]));
		for (size_t j = 0; tiers && j < c->tier_count; j++)
			json_array_append_new(tiers, json_string(c->tiers[j]));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:o, "
						      "s:o, s:b, s:o, s:b}", "campaign", c->code,
						      "name_zh", c->name_zh, "name_en", c->name_en,
						      "start", c->start, "end", c->end, "percent",
						      (json_int_t)c->percent, "scope",
						      campaign_scope_name(c->scope), "categories",
						      cats, "budget_left",
						      p->campaigns[i].left < 0 ? json_null()
						      : json_integer(p->campaigns[i].left),
						      "discounts", c->discount_count > 0, "tiers", tiers,
						      "gift_pack", c->has_gift));
	}
	return list;
}

static json_t *
json_expiry(const struct rules_page *p)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:s, s:I}", "policy",
			 p->expiry_policy == EXPIRY_ROLLING ? "rolling" : "year_end", "days",
			 (json_int_t)p->expiry_days, "years", (json_int_t)p->expiry_years,
			 "notice_days", (json_int_t)p->notice_days, "expires_if_earned_today",
			 p->expires_if_earned_today, "reminded_last_30_days",
			 (json_int_t)p->reminded_last_30);
}

static json_t *
json_returns(const struct rules_page *p)
{
	return json_pack("{s:s, s:I}", "rule", "proportional", "lock_days",
			 (json_int_t)p->lock_days);
}

static json_t *
json_compensation(const struct rules_page *p)
{
	return json_pack("{s:I}", "compensations", (json_int_t)p->compensations);
}

static json_t *
json_transfers(const struct rules_page *p)
{
	return json_pack("{s:b, s:I}", "points", p->allow_points_transfer, "daily_green_limit",
			 (json_int_t)p->daily_green_limit);
}

static json_t *
json_offset(const struct rules_page *p)
{
	return json_pack("{s:b, s:I, s:I, s:I, s:I}", "enabled", p->offset_enabled,
			 "points_per_yuan", (json_int_t)p->offset_points_per_yuan, "max_percent",
			 (json_int_t)p->offset_max_percent, "group_points",
			 (json_int_t)p->offset_group_points, "group_fen",
			 (json_int_t)p->offset_group_fen);
}

static json_t *
json_games(const struct rules_page *p)
{
	json_t *games = json_array();

	for (size_t i = 0; i < p->game_count; i++) {
		const struct game_spec *g = &p->games[i].info.spec;
		json_t *prizes = json_array();

		for (size_t j = 0; j < g->prize_count; j++) {
			const struct game_prize *z = &g->prizes[j];

			json_array_append_new(prizes, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I}",
				"id", z->code, "kind", prize_kind_name(z->kind), "label_en",
				z->label_en, "ppm", (json_int_t)z->ppm, "budget_day",
				(json_int_t)z->budget_day, "left_today",
				(json_int_t)(z->budget_total < 0 ? -1 : z->budget_day -
					     p->games[i].used.day[j]),
				"left_total", (json_int_t)(z->budget_total < 0 ? -1 :
					z->budget_total - p->games[i].used.total[j])));
		}
		json_array_append_new(games, json_pack("{s:s, s:s, s:I, s:I, s:o}", "id", g->code,
			"name_en", g->name_en, "price", (json_int_t)g->price, "plays_per_day",
			(json_int_t)g->plays_per_day, "prizes", prizes));
	}
	return games;
}

static json_t *
json_birthday(const struct rules_page *p)
{
	return json_pack("{s:I, s:o, s:o, s:I}", "points", (json_int_t)p->birthday_points, "item",
			 cli_json_str(p->birthday_sku, 1), "game", cli_json_str(p->birthday_game, 1),
			 "plays", (json_int_t)p->birthday_plays);
}

/* The page's sections in order, each with its heading and its two forms. */
static const struct {
	const char *heading;
	void (*text)(const struct rules_page *p);
	json_t *(*json)(const struct rules_page *p);
} sections[RULES_SECTION_COUNT] = {
	[RULES_EARN] = { "Earning points", text_earn, json_earn },
	[RULES_TIERS] = { "Member tiers", text_tiers, json_tiers },
	[RULES_CAMPAIGNS] = { "Campaigns today", text_campaigns, json_campaigns },
	[RULES_EXPIRY] = { "When points expire", text_expiry, json_expiry },
	[RULES_RETURNS] = { "Returns", text_returns, json_returns },
	[RULES_COMPENSATION] = { "When the store is at fault", text_compensation,
				 json_compensation },
	[RULES_TRANSFERS] = { "Sending points to family", text_transfers, json_transfers },
	[RULES_OFFSET] = { "Points paying a bill", text_offset, json_offset },
	[RULES_GAMES] = { "Games: odds and prizes left", text_games, json_games },
	[RULES_BIRTHDAY] = { "Birthday gift", text_birthday, json_birthday },
};

static int
exec_rules(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct rules_page p;
	json_t *out;

	(void)args;
	(void)state;
	if (rules_load(&ctx->lg, &p, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json) {
		out = json_pack("{s:s}", "date", p.today);
		for (int i = 0; out && i < RULES_SECTION_COUNT; i++)
			json_object_set_new(out, rules_section_name((enum rules_section)i),
					    sections[i].json(&p));
		rules_done(&p);
		return cli_print_json(ctx, out);
	}
	printf("How points work at %s (as of %s)\n", cli_safe(ctx->cfg.store_name), p.today);
	for (int i = 0; i < RULES_SECTION_COUNT; i++) {
		printf("\n%s\n", sections[i].heading);
		sections[i].text(&p);
	}
	rules_done(&p);
	return JF_OK;
}

const struct cli_command cli_cmd_rules = {
	.name = "rules",
	.ledger = CLI_LEDGER_READ,
	.exec = exec_rules,
	.usage =
	"jifen rules\n"
	"\n"
	"\"How points work\", as the kiosk shows it: how points are earned (the\n"
	"store's and the categories' rates), the member tiers, the campaigns running\n"
	"today, when points expire and how members are told, returns, what happens\n"
	"when the store is at fault, transfers and their limits, points paying a\n"
	"bill, the games' odds and the prizes left, the birthday gift. Made from the\n"
	"config and the ledger now, so it is always true. With --json, one key per\n"
	"section.",
	.summary = "how points work, from the config and the data in force",
};
