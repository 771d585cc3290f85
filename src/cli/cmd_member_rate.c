/*
 * cmd_member_rate: `jifen member rate CARD --points-per-yuan N | --clear`,
 * a member's own earn rate (member_rate.h); a manager's by default
 * ([staff] manager_only "earn rate").
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "member_rate.h"
#include "parse.h"

enum { OPT_RATE = 'r', OPT_CLEAR = 'c' };

struct rate_state {
	int64_t rate; /* 0: --clear */
};

static int
check_member_rate(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct rate_state *rs = state;
	const char *rate = cli_opt(args, OPT_RATE);
	int clear = cli_flag(args, OPT_CLEAR), status;

	if ((status = cli_check_card(ctx, args->argv[0])))
		return status;
	if (!rate == !clear)
		return cli_error(ctx, JF_USAGE, "give either --points-per-yuan N or --clear");
	if (rate && parse_int_range("--points-per-yuan", rate, 1, MEMBER_RATE_MAX, &rs->rate,
				    &ctx->err) != JF_OK)
		return cli_fail(ctx, JF_USAGE);
	return JF_OK;
}

static int
exec_member_rate(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct rate_state *rs = state;
	const char *card = args->argv[0];
	enum jf_status st;

	st = rs->rate ? member_rate_set(&ctx->lg, card, rs->rate, &ctx->err)
		      : member_rate_clear(&ctx->lg, card, &ctx->err);
	if (st != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:o}", "card", card, "points_per_yuan",
						     rs->rate ? json_integer(rs->rate) : json_null()));
	if (rs->rate)
		printf("card %s now earns %lld point%s per yuan, whatever the store's rates\n",
		       card, (long long)rs->rate, rs->rate == 1 ? "" : "s");
	else
		printf("card %s earns at the store's rates again\n", card);
	return JF_OK;
}

static const struct option rate_options[] = {
	{ "points-per-yuan", required_argument, NULL, OPT_RATE },
	{ "clear", no_argument, NULL, OPT_CLEAR },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_member_rate = {
	.name = "member rate",
	.options = rate_options,
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "earn rate",
	.state_size = sizeof(struct rate_state),
	.check = check_member_rate,
	.exec = exec_member_rate,
	.usage =
	"jifen member rate CARD (--points-per-yuan N | --clear) [--staff ID]\n"
	"\n"
	"  --points-per-yuan N   the member's own rate: N ordinary points per whole\n"
	"                        yuan (1 to 1000), on every purchase, in place of the\n"
	"                        store's rate and every category's\n"
	"  --clear               back to the store's rates\n"
	"  --staff ID            who sets it; else the shell user\n"
	"\n"
	"For a staff or partner plan. Green points keep the store's green rate. Every\n"
	"change is kept with who made it, when and where (member show). Only a\n"
	"manager may, unless [staff] manager_only leaves \"earn rate\" out.",
	.summary = "give a member an earn rate of their own, or clear it",
};
