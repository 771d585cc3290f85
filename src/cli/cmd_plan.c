/*
 * cmd_plan: one-to-one plans (plan.h) and the members they are for:
 * `jifen plan set|show|end` (a manager's by default: [staff] manager_only
 * "plan") and `jifen report top` (the store's high-value members); a
 * member's tier (tier.h): `jifen tier show CARD`.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parse.h"
#include "plan.h"
#include "tier.h"

enum { OPT_PERCENT = 'p', OPT_UNTIL = 'u', OPT_NOTE = 'n', OPT_WHY = 'w', OPT_OFFER = 'o',
       OPT_MONTHS = 'm', OPT_LIMIT = 'l' };

/* ---- plan set ---- */

struct set_state {
	struct plan_new p;
};

static int
check_plan_set(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct set_state *ss = state;
	const char *percent = cli_opt(args, OPT_PERCENT);
	int status, offers;

	if ((status = cli_check_card(ctx, args->argv[0])))
		return status;
	if (percent == NULL)
		return cli_missing_option(ctx, "--percent P");
	if (cli_opt(args, OPT_UNTIL) == NULL)
		return cli_missing_option(ctx, "--until DATE");
	if (cli_opt(args, OPT_WHY) == NULL)
		return cli_missing_option(ctx, "--why TEXT");
	if (parse_int_range("--percent", percent, PLAN_PERCENT_MIN, PLAN_PERCENT_MAX,
			    &ss->p.percent, &ctx->err) != JF_OK)
		return cli_fail(ctx, JF_USAGE);
	if ((status = cli_check_date(ctx, cli_opt(args, OPT_UNTIL))) ||
	    (status = cli_check_text(ctx, "--why", cli_opt(args, OPT_WHY))))
		return status;
	ss->p.until = cli_opt(args, OPT_UNTIL);
	ss->p.why = cli_opt(args, OPT_WHY);
	ss->p.note = cli_opt(args, OPT_NOTE);
	if (ss->p.note && ss->p.note[0] && (status = cli_check_text(ctx, "--note", ss->p.note)))
		return status;
	offers = cli_opt_all(args, OPT_OFFER, ss->p.offers, PLAN_OFFERS_MAX);
	if (offers > PLAN_OFFERS_MAX)
		return cli_error(ctx, JF_USAGE, "at most %d --offer", PLAN_OFFERS_MAX);
	ss->p.offer_count = offers;
	for (int i = 0; i < offers; i++)
		if (parse_text("--offer", ss->p.offers[i], PLAN_OFFER_CHARS, &ctx->err) != JF_OK)
			return cli_fail(ctx, JF_USAGE);
	return JF_OK;
}

static int
exec_plan_set(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct set_state *ss = state;
	int64_t id;

	if (plan_set(&ctx->lg, args->argv[0], &ss->p, &id, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:I, s:I, s:s}", "card", args->argv[0],
						     "plan", (json_int_t)id, "percent",
						     (json_int_t)ss->p.percent, "until", ss->p.until));
	printf("card %s: plan %lld, %lld%% of the points earned until %s\n", args->argv[0],
	       (long long)id, (long long)ss->p.percent, ss->p.until);
	return JF_OK;
}

static const struct option set_options[] = {
	{ "percent", required_argument, NULL, OPT_PERCENT },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "why", required_argument, NULL, OPT_WHY },
	{ "offer", required_argument, NULL, OPT_OFFER },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_plan_set = {
	.name = "plan set",
	.options = set_options,
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "plan",
	.state_size = sizeof(struct set_state),
	.check = check_plan_set,
	.exec = exec_plan_set,
	.usage =
	"jifen plan set CARD --percent P --until DATE --why TEXT [--note TEXT]\n"
	"               [--offer TEXT]... [--staff ID]\n"
	"\n"
	"  --percent P     the member earns P% of a purchase's base points (100 to\n"
	"                  1000), in place of their tier's percent\n"
	"  --until DATE    the last day of the plan (YYYY-MM-DD, store-local)\n"
	"  --why TEXT      why the plan was given (kept with it)\n"
	"  --note TEXT     for the staff, shown at the counter\n"
	"  --offer TEXT    an offer of the member's own, shown on the kiosk's home\n"
	"                  screen (up to 3, each up to 60 characters)\n"
	"  --staff ID      who gives it; else the shell user\n"
	"\n"
	"A new plan replaces the one in force. It changes the member bonus only: a\n"
	"member's own earn rate (member rate) still decides the base. Only a manager\n"
	"may, unless [staff] manager_only leaves \"plan\" out.",
	.summary = "give a member a one-to-one plan",
};

/* ---- plan show ---- */

static json_t *
plan_json(const struct plan *p)
{
	json_t *offers = json_array();

	for (int i = 0; i < p->offer_count; i++)
		json_array_append_new(offers, cli_json_str(p->offers[i], 0));
	return json_pack("{s:I, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
			 (json_int_t)p->id, "percent", (json_int_t)p->percent, "starts",
			 cli_json_time(p->starts_at), "until", p->until, "note",
			 cli_json_str(p->note, 1), "why", cli_json_str(p->why, 0), "offers", offers,
			 "by", cli_json_str(p->actor, 0), "terminal", cli_json_str(p->terminal, 0),
			 "ended", cli_json_time(p->ended_at), "ended_by",
			 cli_json_str(p->ended_by, 1));
}

static void
print_plan(const struct plan *p, const char *state)
{
	char when[CLOCK_ISO_LEN];

	cli_format_time(p->starts_at, when);
	printf("plan %lld (%s): %lld%% until %s, from %s by %s at %s\n", (long long)p->id, state,
	       (long long)p->percent, p->until, when, cli_safe(p->actor), cli_safe(p->terminal));
	printf("  why: %s\n", cli_safe(p->why));
	if (p->note[0])
		printf("  note for staff: %s\n", cli_safe(p->note));
	for (int i = 0; i < p->offer_count; i++)
		printf("  offer: %s\n", cli_safe(p->offers[i]));
	if (p->ended_at) {
		cli_format_time(p->ended_at, when);
		printf("  ended %s by %s at %s\n", when, cli_safe(p->ended_by),
		       cli_safe(p->ended_terminal));
	}
}

struct show_ctx {
	int64_t in_force; /* the id of the plan in force, 0 if none */
	json_t *list;
	int count;
};

static int
show_one(const struct plan *p, void *arg)
{
	struct show_ctx *sc = arg;

	sc->count++;
	if (sc->list) {
		json_t *o = plan_json(p);

		json_object_set_new(o, "in_force", json_boolean(p->id == sc->in_force));
		json_array_append_new(sc->list, o);
	} else {
		print_plan(p, p->id == sc->in_force ? "in force" : p->ended_at ? "ended" : "over");
	}
	return 0;
}

static int
exec_plan_show(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct show_ctx sc = { 0, NULL, 0 };
	struct plan now;

	(void)state;
	if (plan_get(&ctx->lg, args->argv[0], clock_now(), &now, &ctx->err) != JF_OK)
		return ctx->err.status;
	sc.in_force = now.id;
	if (ctx->json)
		sc.list = json_array();
	if (plan_history(&ctx->lg, args->argv[0], show_one, &sc, &ctx->err) != JF_OK) {
		json_decref(sc.list);
		return ctx->err.status;
	}
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:o, s:o}", "card", args->argv[0],
						     "in_force", cli_json_id(now.id), "plans",
						     sc.list));
	if (sc.count == 0)
		printf("card %s has never had a plan\n", args->argv[0]);
	return JF_OK;
}

const struct cli_command cli_cmd_plan_show = {
	.name = "plan show",
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_READ,
	.check = cli_check_card_arg,
	.exec = exec_plan_show,
	.usage =
	"jifen plan show CARD\n"
	"\n"
	"Every plan the member has had, oldest first, and which is in force.",
	.summary = "show a member's one-to-one plans",
};

/* ---- plan end ---- */

static int
exec_plan_end(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	if (plan_end(&ctx->lg, args->argv[0], &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:b}", "card", args->argv[0], "ended", 1));
	printf("card %s: plan ended; the member earns by their tier again\n", args->argv[0]);
	return JF_OK;
}

const struct cli_command cli_cmd_plan_end = {
	.name = "plan end",
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "plan",
	.check = cli_check_card_arg,
	.exec = exec_plan_end,
	.usage =
	"jifen plan end CARD [--staff ID]\n"
	"\n"
	"  --staff ID   who ends it; else the shell user\n"
	"\n"
	"Ends the plan in force now; what was earned under it stays.",
	.summary = "end a member's one-to-one plan early",
};

/* ---- report top ---- */

struct top_state {
	int64_t months, limit;
	json_t *list;
	int rank;
};

static int
check_report_top(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct top_state *ts = state;
	const char *months = cli_opt(args, OPT_MONTHS), *limit = cli_opt(args, OPT_LIMIT);

	ts->months = 12;
	ts->limit = 20;
	if (months && parse_int_range("--months", months, 1, 120, &ts->months, &ctx->err) != JF_OK)
		return cli_fail(ctx, JF_USAGE);
	if (limit)
		return cli_check_limit(ctx, limit, &ts->limit);
	return JF_OK;
}

static int
top_one(const struct plan_top *t, void *arg)
{
	struct top_state *ts = arg;

	ts->rank++;
	if (ts->list)
		json_array_append_new(ts->list, json_pack("{s:i, s:s, s:o, s:I, s:o, s:b}", "rank",
			ts->rank, "card", t->card, "name", cli_json_str(t->name, 0), "earned",
			(json_int_t)t->earned, "tier", cli_json_str(t->tier, 1), "plan", t->has_plan));
	else
		printf("%4d  %-19s %10lld  %-10s %s%s\n", ts->rank, t->card, (long long)t->earned,
		       t->tier[0] ? t->tier : "-", cli_safe(t->name), t->has_plan ? "  (plan)" : "");
	return 0;
}

static int
exec_report_top(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct top_state *ts = state;

	(void)args;
	if (ctx->json)
		ts->list = json_array();
	else
		printf("rank  card                    earned  tier       name\n");
	if (plan_top_members(&ctx->lg, ts->months, ts->limit, top_one, ts, &ctx->err) != JF_OK) {
		json_decref(ts->list);
		return ctx->err.status;
	}
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:I, s:o}", "months", (json_int_t)ts->months,
						     "members", ts->list));
	return JF_OK;
}

static const struct option top_options[] = {
	{ "months", required_argument, NULL, OPT_MONTHS },
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_report_top = {
	.name = "report top",
	.options = top_options,
	.args_min = 0, .args_max = 0,
	.ledger = CLI_LEDGER_READ,
	.state_size = sizeof(struct top_state),
	.check = check_report_top,
	.exec = exec_report_top,
	.usage =
	"jifen report top [--months N] [--limit N] [--json]\n"
	"\n"
	"  --months N   the window: the last N months up to today (1 to 120; 12)\n"
	"  --limit N    the first N members (1 to 10000; 20)\n"
	"\n"
	"The store's high-value members by the ordinary points their purchases\n"
	"earned in the window, less returns (the tiers' rule), most first, with\n"
	"their tier and whether a one-to-one plan is in force.",
	.summary = "the members who earned most, for one-to-one plans",
};

/* ---- tier show ---- */

static int
exec_tier_show(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct tier_standing ts;

	(void)state;
	if (tier_standing(&ctx->lg, args->argv[0], clock_now(), &ts, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:o, s:I, s:o, s:I, s:o}", "card",
			args->argv[0], "tier", cli_json_str(ts.tier ? ts.tier->id : "", 1),
			"earned_12_months", (json_int_t)ts.earned, "next",
			cli_json_str(ts.next ? ts.next->id : "", 1), "needed", (json_int_t)ts.needed,
			"since", cli_json_time(ts.since)));
	if (ts.tier == NULL) {
		printf("the store has no tiers ([tier ID] sections in the config)\n");
		return JF_OK;
	}
	printf("tier %s (%s): %lld points earned in the last 12 months\n", ts.tier->id,
	       cli_safe(ts.tier->name_en), (long long)ts.earned);
	if (ts.next)
		printf("next: %s at %lld points, %lld more\n", ts.next->id, (long long)ts.next->points,
		       (long long)ts.needed);
	return JF_OK;
}

const struct cli_command cli_cmd_tier_show = {
	.name = "tier show",
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_READ,
	.check = cli_check_card_arg,
	.exec = exec_tier_show,
	.usage =
	"jifen tier show CARD [--json]\n"
	"\n"
	"The member's tier, the points earned in the last 12 months and what the\n"
	"next tier needs. Tiers change when `jifen daily` runs.",
	.summary = "show a member's tier and what the next one needs",
};

/* ---- the tier and plan in balance and member show ---- */

static json_t *
standing_json(const struct tier_standing *ts)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:o, s:I, s:o}", "id", ts->tier->id, "name_zh",
			 ts->tier->name_zh, "name_en", ts->tier->name_en, "earned_12_months",
			 (json_int_t)ts->earned, "next", cli_json_str(ts->next ? ts->next->id : "", 1),
			 "needed", (json_int_t)ts->needed, "since", cli_json_time(ts->since));
}

static void
print_standing(const struct tier_standing *ts)
{
	printf("tier          %s (%s), %lld points earned in 12 months", ts->tier->id,
	       cli_safe(ts->tier->name_en), (long long)ts->earned);
	if (ts->next && ts->needed)
		printf("; %lld more to %s", (long long)ts->needed, ts->next->id);
	else if (ts->next)
		printf("; %s from the next daily run", ts->next->id);
	printf("\n");
}

/* Each change of the member's tier: in a JSON array, or a line each. */
static int
tier_change_one(const struct tier_change *c, void *arg)
{
	json_t *list = arg;
	char when[CLOCK_ISO_LEN];

	if (list) {
		json_array_append_new(list, json_pack("{s:o, s:s, s:s, s:s, s:I, s:o, s:o}", "at",
			cli_json_time(c->at), "from", c->from, "to", c->to, "why", c->why, "earned",
			(json_int_t)c->earned, "by", cli_json_str(c->actor, 0), "terminal",
			cli_json_str(c->terminal, 0)));
		return 0;
	}
	cli_format_time(c->at, when);
	printf("tier change   %s %s -> %s (%s, %lld points in 12 months) by %s at %s\n", when,
	       c->from, c->to, c->why, (long long)c->earned, cli_safe(c->actor),
	       cli_safe(c->terminal));
	return 0;
}

enum jf_status
cli_show_tier(struct cli_ctx *ctx, const char *card, json_t *doc)
{
	struct tier_standing ts;
	struct plan p;
	enum jf_status st;

	if ((st = tier_standing(&ctx->lg, card, clock_now(), &ts, &ctx->err)) != JF_OK ||
	    (st = plan_get(&ctx->lg, card, clock_now(), &p, &ctx->err)) != JF_OK)
		return st;
	if (doc && ts.tier) {
		json_t *tier = standing_json(&ts), *changes = json_array();

		json_object_set_new(tier, "changes", changes);
		json_object_set_new(doc, "tier", tier);
		if ((st = tier_history(&ctx->lg, card, tier_change_one, changes, &ctx->err)) != JF_OK)
			return st;
	}
	if (doc && p.id)
		json_object_set_new(doc, "plan", plan_json(&p));
	if (doc)
		return JF_OK;
	if (ts.tier) {
		print_standing(&ts);
		if ((st = tier_history(&ctx->lg, card, tier_change_one, NULL, &ctx->err)) != JF_OK)
			return st;
	}
	if (p.id)
		printf("plan          %lld%% until %s%s%s\n", (long long)p.percent, p.until,
		       p.note[0] ? "; note: " : "", p.note[0] ? cli_safe(p.note) : "");
	return JF_OK;
}
