/*
 * cmd_campaign: `jifen campaign ...`, the store's seasons (campaign.h):
 * import a campaign, list and show them with what they gave against their
 * budgets, end one early, and claim a gift pack for a member. Core
 * decides everything; this prints it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "cli.h"
#include "xalloc.h"

enum { OPT_ACTIVE = 'a', OPT_DATE = 'd', OPT_LANG = 'l' };

/* Names in the language --lang asks for, else the locale's. */
static int
chinese(const struct cli_args *args)
{
	return cli_names_chinese(cli_opt(args, OPT_LANG));
}

/* --lang, and the ID argument if the command has one (then a CARD). */
static int
check_args(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *date = cli_opt(args, OPT_DATE);
	int status;

	(void)state;
	if ((status = cli_check_lang(ctx, cli_opt(args, OPT_LANG))))
		return status;
	if (date && (status = cli_check_date(ctx, date)))
		return status;
	if (args->argc > 0 && (status = cli_check_code(ctx, "campaign", args->argv[0])))
		return status;
	return args->argc > 1 ? cli_check_card(ctx, args->argv[1]) : JF_OK;
}

/* "50000 (12000 given, 38000 left)" or "none" */
static void
budget_text(const struct campaign_info *c, char *out, size_t size)
{
	int64_t given = c->given[KIND_POINTS] + c->given[KIND_GREEN];

	if (c->spec.budget < 0)
		snprintf(out, size, "no limit (%lld given)", (long long)given);
	else
		snprintf(out, size, "%lld (%lld given, %lld left)", (long long)c->spec.budget,
			 (long long)given, (long long)c->left);
}

/* "200% on all goods", "150% on appliances, kitchen", "-" */
static void
earn_text(const struct campaign_spec *c, char *out, size_t size)
{
	size_t n;

	if (c->scope == SCOPE_NONE) {
		snprintf(out, size, "-");
		return;
	}
	n = (size_t)snprintf(out, size, "%lld%% on %s", (long long)c->percent,
			     c->scope == SCOPE_ALL ? "all goods" :
			     c->scope == SCOPE_GREEN ? "green goods" : "");
	for (size_t i = 0; c->scope == SCOPE_CATEGORIES && i < c->category_count && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? ", " : "",
				      cli_safe(c->categories[i]));
}

static const char *
state_of(const struct campaign_info *c)
{
	if (c->ended_at)
		return "ended";
	return c->active ? "active" : "-";
}

static json_t *
names_json(const char (*names)[CAMPAIGN_NAME_SIZE], size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, cli_json_str(names[i], 0));
	return list;
}

static json_t *
campaign_json(const struct campaign_info *c)
{
	const struct campaign_spec *s = &c->spec;
	json_t *disc = json_array(), *feat = json_array(), *gift = json_null(), *items;

	for (size_t i = 0; i < s->discount_count; i++)
		json_array_append_new(disc, json_pack("{s:o, s:o, s:I}",
			"category", cli_json_str(s->discounts[i].category, 1),
			"sku", cli_json_str(s->discounts[i].sku, 1),
			"percent", (json_int_t)s->discounts[i].percent));
	for (size_t i = 0; i < s->featured_count; i++)
		json_array_append_new(feat, json_string(s->featured[i]));
	if (s->has_gift) {
		items = json_array();
		for (size_t i = 0; i < s->gift_item_count; i++)
			json_array_append_new(items, json_pack("{s:s, s:I}", "sku",
				s->gift_items[i].sku, "qty", (json_int_t)s->gift_items[i].qty));
		json_decref(gift);
		gift = json_pack("{s:I, s:o, s:I}", "points", (json_int_t)s->gift_points,
				 "items", items, "claimed", (json_int_t)c->claims);
	}
	return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:I, s:s, s:o, "
			 "s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:o}",
		"campaign", s->code, "version", (json_int_t)c->version,
		"name_zh", s->name_zh, "name_en", s->name_en,
		"banner_zh", s->banner_zh, "banner_en", s->banner_en,
		"start", s->start, "end", s->end, "active", c->active,
		"ended", cli_json_stamp(c->ended_at, c->ended_by, ""),
		"percent", (json_int_t)s->percent, "goods", campaign_scope_name(s->scope),
		"categories", names_json(s->categories, s->category_count),
		"discounts", disc, "featured", feat, "gift_pack", gift,
		"tiers", names_json(s->tiers, s->tier_count),
		"budget", s->budget < 0 ? json_null() : json_integer(s->budget),
		"given", cli_json_kinds(c->given),
		"given_by_purchases", (json_int_t)c->given_earn,
		"given_by_gift_packs", (json_int_t)c->given_gift,
		"left", c->left < 0 ? json_null() : json_integer(c->left));
}

/* ---- import ---- */

static int
exec_import(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return cli_import_versioned(ctx, args->argv[0], campaign_import_file, "campaign ");
}

const struct cli_command cli_cmd_campaign_import = {
	.name = "campaign import",
	.args_min = 1, .args_max = 1, .args = "FILE.json",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "import",
	.exec = exec_import,
	.usage =
	"jifen campaign import FILE.json [--staff ID [--pin-stdin]]\n"
	"\n"
	"A campaign as JSON (see jifen(1) and assets/campaigns/). Importing a\n"
	"changed campaign adds its next version, which is in force from then on;\n"
	"the same campaign changes nothing. A bad file is refused whole, one line\n"
	"per problem (exit 2).",
	.summary = "add a campaign, or a new version of one",
};

/* ---- list and show ---- */

struct list_ctx {
	const struct cli_args *args;
	json_t *list;
};

static int
list_one(const struct campaign_info *c, void *arg)
{
	struct list_ctx *lc = arg;
	char earn[200], budget[96];

	if (lc->list) {
		json_array_append_new(lc->list, campaign_json(c));
		return 0;
	}
	earn_text(&c->spec, earn, sizeof earn);
	budget_text(c, budget, sizeof budget);
	printf("%-16s %s..%s %-6s %-24s %-34s %s\n", cli_safe(c->spec.code), c->spec.start,
	       c->spec.end, state_of(c), earn, budget,
	       cli_safe(chinese(lc->args) ? c->spec.name_zh : c->spec.name_en));
	return 0;
}

static int
exec_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct list_ctx lc = { args, ctx->json ? json_array() : NULL };
	const char *date = cli_opt(args, OPT_DATE);
	int64_t t = clock_now();
	enum jf_status st;

	(void)state;
	if (date && clock_parse_iso(date, &t) != JF_OK)
		return cli_error(ctx, JF_USAGE, "--date must be YYYY-MM-DD");
	st = campaign_list(&ctx->lg, cli_flag(args, OPT_ACTIVE), t, list_one, &lc, &ctx->err);
	if (st != JF_OK) {
		json_decref(lc.list);
		return cli_fail(ctx, st);
	}
	return lc.list ? cli_print_json(ctx, lc.list) : JF_OK;
}

static const struct option list_options[] = {
	{ "active", no_argument, NULL, OPT_ACTIVE },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_campaign_list = {
	.name = "campaign list",
	.options = list_options,
	.args_min = 0, .args_max = 0,
	.ledger = CLI_LEDGER_READ,
	.check = check_args,
	.exec = exec_list,
	.usage =
	"jifen campaign list [--active] [--date YYYY-MM-DD] [--lang zh|en] [--json]\n"
	"\n"
	"  --active       only the campaigns running (now, or on --date)\n"
	"  --date D       as on day D (at its first second, store time)\n"
	"  --lang zh|en   the names' language (default: the locale's)\n"
	"\n"
	"Each campaign: its id, window, state (active, ended, -), earn multiplier,\n"
	"budget with what it gave and has left, and name.",
	.summary = "the campaigns, their windows and budgets",
};

static void
print_show(const struct campaign_info *c, int zh)
{
	const struct campaign_spec *s = &c->spec;
	char earn[200], budget[96], stamp[160];

	earn_text(s, earn, sizeof earn);
	budget_text(c, budget, sizeof budget);
	printf("%s (version %lld): %s\n", cli_safe(zh ? s->name_zh : s->name_en),
	       (long long)c->version, cli_safe(s->code));
	printf("banner:    %s\n", cli_safe(zh ? s->banner_zh : s->banner_en));
	printf("window:    %s to %s (store time), %s\n", s->start, s->end,
	       c->ended_at ? "ended early" : c->active ? "running now" : "not running now");
	if (c->ended_at) {
		cli_format_stamp(c->ended_at, c->ended_by, "", stamp, sizeof stamp);
		printf("ended:     %s\n", stamp);
	}
	printf("earn:      %s\n", earn);
	for (size_t i = 0; i < s->discount_count; i++)
		printf("discount:  %s %s at %lld%% of its points\n",
		       s->discounts[i].sku[0] ? "item" : "category",
		       cli_safe(s->discounts[i].sku[0] ? s->discounts[i].sku : s->discounts[i].category),
		       (long long)s->discounts[i].percent);
	for (size_t i = 0; i < s->featured_count; i++)
		printf("featured:  %s\n", cli_safe(s->featured[i]));
	if (s->has_gift) {
		printf("gift pack: %lld points", (long long)s->gift_points);
		for (size_t i = 0; i < s->gift_item_count; i++)
			printf(", %lld x %s", (long long)s->gift_items[i].qty,
			       cli_safe(s->gift_items[i].sku));
		printf("; claimed %lld times\n", (long long)c->claims);
	}
	for (size_t i = 0; i < s->tier_count; i++)
		printf("tier:      %s\n", cli_safe(s->tiers[i]));
	printf("budget:    %s\n", budget);
	printf("given:     %lld points, %lld green points (purchases %lld, gift packs %lld)\n",
	       (long long)c->given[KIND_POINTS], (long long)c->given[KIND_GREEN],
	       (long long)c->given_earn, (long long)c->given_gift);
	if (c->left == 0)
		printf("notice:    its budget is spent: it gives no more points\n");
}

static int
exec_show(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct campaign_info *c = xmalloc(sizeof *c);
	enum jf_status st;
	int status = JF_OK;

	(void)state;
	if ((st = campaign_find(&ctx->lg, args->argv[0], c, &ctx->err)) != JF_OK) {
		free(c);
		return cli_fail(ctx, st);
	}
	if (ctx->json)
		status = cli_print_json(ctx, campaign_json(c));
	else
		print_show(c, chinese(args));
	free(c);
	return status;
}

static const struct option lang_options[] = {
	{ "lang", required_argument, NULL, OPT_LANG },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_campaign_show = {
	.name = "campaign show",
	.options = lang_options,
	.args_min = 1, .args_max = 1, .args = "ID",
	.ledger = CLI_LEDGER_READ,
	.check = check_args,
	.exec = exec_show,
	.usage =
	"jifen campaign show ID [--lang zh|en] [--json]\n"
	"\n"
	"  --lang zh|en   the name's language (default: the locale's)\n"
	"\n"
	"The campaign in force: window, multiplier, discounts, featured items, gift\n"
	"pack, tiers, and what it gave against its budget (a notice when it is\n"
	"spent).",
	.summary = "a campaign and what it gave against its budget",
};

/* ---- end ---- */

static int
exec_end(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	enum jf_status st;

	(void)state;
	if ((st = campaign_end(&ctx->lg, args->argv[0], &ctx->err)) != JF_OK)
		return cli_fail(ctx, st);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:b}", "campaign", args->argv[0],
						     "ended", 1));
	printf("ended campaign %s: it gives nothing from now on; what it gave stays\n",
	       args->argv[0]);
	return JF_OK;
}

const struct cli_command cli_cmd_campaign_end = {
	.name = "campaign end",
	.args_min = 1, .args_max = 1, .args = "ID",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "import",
	.check = check_args,
	.exec = exec_end,
	.usage =
	"jifen campaign end ID [--staff ID [--pin-stdin]]\n"
	"\n"
	"Ends a campaign now, before its last day: no purchase earns its bonus,\n"
	"nobody claims its gift pack and its prices end. What it gave stays.",
	.summary = "end a campaign early",
};

/* ---- claim ---- */

static int
exec_claim(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct campaign_claim_result r;
	enum jf_status st;
	json_t *codes;

	(void)state;
	if ((st = campaign_claim(&ctx->lg, args->argv[0], args->argv[1], &r, &ctx->err)))
		return cli_fail(ctx, st);
	if (ctx->json) {
		codes = json_array();
		for (int64_t i = 0; i < r.vouchers; i++)
			json_array_append_new(codes, json_string(r.codes[i]));
		return cli_print_json(ctx, json_pack("{s:s, s:s, s:I, s:I, s:o, s:o, s:b}",
			"campaign", args->argv[0], "card", args->argv[1],
			"points", (json_int_t)r.points, "worth", (json_int_t)r.worth,
			"vouchers", codes, "entry", cli_json_id(r.entry_id), "replay", r.replay));
	}
	printf("gift pack of %s for %s: %lld points and %lld voucher%s%s\n", args->argv[0],
	       args->argv[1], (long long)r.points, (long long)r.vouchers,
	       r.vouchers == 1 ? "" : "s", r.replay ? " (already claimed)" : "");
	for (int64_t i = 0; i < r.vouchers; i++)
		printf("voucher %s\n", r.codes[i]);
	return JF_OK;
}

const struct cli_command cli_cmd_campaign_claim = {
	.name = "campaign claim",
	.args_min = 2, .args_max = 2, .args = "ID CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "earn",
	.check = check_args,
	.exec = exec_claim,
	.usage =
	"jifen campaign claim ID CARD [--staff ID [--pin-stdin]]\n"
	"\n"
	"Gives the member the campaign's gift pack: its points and a voucher per\n"
	"item, once per member while the campaign runs and its budget can pay the\n"
	"whole pack. Claiming again says \"already claimed\" and gives nothing.",
	.summary = "give a member a campaign's gift pack",
};

/* ---- notices for the manager (summary, daily) ---- */

static int
note_spent(const struct campaign_info *c, void *arg)
{
	json_t *list = arg;

	if (c->left == 0)
		json_array_append_new(list, json_pack("{s:s, s:I}", "campaign", c->spec.code,
						      "budget", (json_int_t)c->spec.budget));
	return 0;
}

int
cli_campaign_notices(struct cli_ctx *ctx, json_t **spent)
{
	json_t *list = json_array();
	size_t i;
	json_t *v;

	*spent = NULL;
	if (campaign_list(&ctx->lg, 1, clock_now(), note_spent, list, &ctx->err) != JF_OK) {
		json_decref(list);
		return cli_fail(ctx, ctx->err.status);
	}
	if (ctx->json) {
		*spent = list;
		return JF_OK;
	}
	json_array_foreach(list, i, v)
		printf("notice: campaign %s has given all %lld points of its budget: it gives "
		       "no more\n", cli_safe(json_string_value(json_object_get(v, "campaign"))),
		       (long long)json_integer_value(json_object_get(v, "budget")));
	json_decref(list);
	return JF_OK;
}
