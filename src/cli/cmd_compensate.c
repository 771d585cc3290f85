/*
 * cmd_compensate: `jifen compensate outage`, the store's making good of
 * points that expired while its system was down (a fair rule: the store's
 * fault never costs a member points). Core decides which lots; this file
 * reads the times and presents the result.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "compensate.h"
#include "parse.h"

enum { OPT_FROM = 'f', OPT_TO = 't', OPT_EXTEND = 'e' };

/* The outage and the extension, read and checked before the ledger opens. */
struct outage_state {
	int64_t from, to, days;
};

static int
parse_time_opt(struct cli_ctx *ctx, const char *what, const char *text, int64_t *t)
{
	if (clock_parse_iso(text, t) != JF_OK)
		return cli_error(ctx, JF_USAGE, "%s '%s' is not an ISO 8601 time like 2026-11-20T09:00",
				 what, cli_safe(text));
	return JF_OK;
}

static int
check_outage(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct outage_state *o = state;
	const char *from = cli_opt(args, OPT_FROM), *to = cli_opt(args, OPT_TO);
	const char *days = cli_opt(args, OPT_EXTEND);
	int status;

	if (!from || !to || !days)
		return cli_missing_option(ctx, !from ? "--from T1" : !to ? "--to T2" : "--extend-days N");
	if ((status = parse_time_opt(ctx, "--from", from, &o->from)) ||
	    (status = parse_time_opt(ctx, "--to", to, &o->to)))
		return status;
	if (parse_int_range("--extend-days", days, 1, 3650, &o->days, &ctx->err) != JF_OK)
		return cli_fail(ctx, JF_USAGE);
	return JF_OK;
}

static int
exec_outage(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct outage_state *o = state;
	struct outage_result res;

	(void)args;
	if (compensate_outage(&ctx->lg, o->from, o->to, o->days, &res, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:I, s:I, s:I, s:I, s:s}",
			"lots_restored", (json_int_t)res.lots_restored,
			"points", (json_int_t)res.points_restored[KIND_POINTS],
			"green", (json_int_t)res.points_restored[KIND_GREEN],
			"lots_extended", (json_int_t)res.lots_extended, "new_expiry", res.new_expiry));
	printf("restored %lld expired lots (%lld points, %lld green); moved %lld more lots; "
	       "all now valid until %s\n", (long long)res.lots_restored,
	       (long long)res.points_restored[KIND_POINTS], (long long)res.points_restored[KIND_GREEN],
	       (long long)res.lots_extended, res.new_expiry);
	return JF_OK;
}

static const struct option outage_options[] = {
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "extend-days", required_argument, NULL, OPT_EXTEND },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_compensate_outage = {
	.name = "compensate outage",
	.options = outage_options,
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "compensate",
	.state_size = sizeof(struct outage_state),
	.check = check_outage,
	.exec = exec_outage,
	.usage =
	"jifen compensate outage --from T1 --to T2 --extend-days N [--staff ID [--pin-stdin]]\n"
	"\n"
	"  --from T1, --to T2   the outage, as ISO 8601 times (2026-11-20T09:00)\n"
	"  --extend-days N      how long the affected points stay valid from today\n"
	"  --staff ID           who compensates (letters, digits, . _ -); else the shell user\n"
	"  --pin-stdin          the staff member's PIN, from the first line of stdin\n"
	"\n"
	"Points that expired, or were due, while the system was down come back and\n"
	"stay valid N days from today. The reason is kept in the ledger and shown to\n"
	"the members.",
	.summary = "make good the points an outage let expire",
};
