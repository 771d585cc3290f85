/*
 * cmd_account: what a member has. `jifen balance` (with the points about to
 * expire, announced as the fair rules promise) and `jifen history`.
 * Read-only.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"

enum { OPT_LIMIT = 'l' };

static json_t *
balance_json(const char *card, const struct balance *b)
{
	json_t *expiring = json_array();

	for (size_t i = 0; i < b->expiring_count; i++)
		json_array_append_new(expiring, json_pack("{s:I, s:s, s:o}",
			"points", (json_int_t)b->expiring[i].points,
			"kind", kind_name(b->expiring[i].kind),
			"date", cli_json_str(b->expiring[i].date, 0)));
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
		"card", card,
		"points", (json_int_t)b->total[KIND_POINTS],
		"green", (json_int_t)b->total[KIND_GREEN],
		"held", (json_int_t)b->held[KIND_POINTS],
		"held_green", (json_int_t)b->held[KIND_GREEN],
		"available", (json_int_t)b->available[KIND_POINTS],
		"available_green", (json_int_t)b->available[KIND_GREEN],
		"pending", (json_int_t)b->pending[KIND_POINTS],
		"pending_green", (json_int_t)b->pending[KIND_GREEN],
		"overdue", (json_int_t)b->overdue[KIND_POINTS],
		"overdue_green", (json_int_t)b->overdue[KIND_GREEN],
		"expiring", expiring);
}

static void
balance_row(const char *label, const int64_t v[KIND_COUNT])
{
	printf("%-12s%10lld  %10lld\n", label, (long long)v[KIND_POINTS], (long long)v[KIND_GREEN]);
}

static void
balance_text(const char *card, const struct balance *b)
{
	printf("card %s\n\n", card);
	printf("%-12s%10s  %10s\n", "", "POINTS", "GREEN");
	balance_row("balance", b->total);
	balance_row("held", b->held);
	balance_row("pending", b->pending);
	balance_row("available", b->available);
	/* Only when there are some: most days nobody has any. */
	if (b->overdue[KIND_POINTS] || b->overdue[KIND_GREEN])
		balance_row("past date", b->overdue);
	if (b->expiring_count > 0)
		printf("\n");
	for (size_t i = 0; i < b->expiring_count; i++)
		printf("%lld %s %s on %s\n", (long long)b->expiring[i].points,
		       cli_kind_label(b->expiring[i].kind, b->expiring[i].points),
		       b->expiring[i].points == 1 ? "expires" : "expire",
		       cli_safe(b->expiring[i].date));
}

static int
run_balance(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { CLI_GLOBAL_OPTIONS };
	struct balance b;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1)
		if (c == CLI_STOP)
			return status;
	if ((status = cli_args(ctx, argc - optind, argv + optind, 1, 1, "CARD")) ||
	    (status = cli_check_card(ctx, argv[optind])) || (status = cli_open_ledger(ctx)))
		return status;
	if (ledger_balance(&ctx->lg, argv[optind], &b, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (ctx->json)
		status = cli_print_json(ctx, balance_json(argv[optind], &b));
	else
		balance_text(argv[optind], &b);
	balance_done(&b);
	return status;
}

const struct cli_command cli_cmd_balance = {
	"balance", run_balance,
	"jifen balance CARD\n"
	"\n"
	"held: reserved for vouchers not yet handed over; pending: earned but still\n"
	"in the return window; available: what can be spent now; past date (shown\n"
	"only when there are some): past their expiry date, removed by the next\n"
	"`jifen expire`. Then the points that expire within the config's notice\n"
	"window, with their dates.",
	"show a member's points and the points about to expire",
};

/* The history is printed while core walks it: its strings live only
 * during the callback. */
struct history_out {
	json_t *array; /* NULL for text output */
	int64_t rows;
};

static int
print_history_item(const struct history_item *it, void *arg)
{
	struct history_out *out = arg;
	char when[CLOCK_ISO_LEN];

	out->rows++;
	if (out->array) {
		json_array_append_new(out->array, json_pack("{s:I, s:o, s:o, s:s, s:I, s:o, s:o, "
							     "s:o, s:o}",
			"entry", (json_int_t)it->entry_id, "time", cli_json_time(it->ts),
			"type", cli_json_str(it->type, 0), "kind", kind_name(it->kind),
			"points", (json_int_t)it->points, "ref", cli_json_str(it->ref, 1),
			"memo", cli_json_str(it->memo, 1), "actor", cli_json_str(it->actor, 1),
			"terminal", cli_json_str(it->terminal, 1)));
		return 0;
	}
	if (out->rows == 1)
		printf("%-16s  %-10s  %10s  %-6s  %-20s  %-18s  %-10s  %s\n", "TIME", "TYPE",
		       "POINTS", "KIND", "REF", "BY", "TERMINAL", "MEMO");
	cli_format_time(it->ts, when);
	/* Entries from before actors were kept show "-". */
	printf("%-16s  %-10s  %+10lld  %-6s  %-20s  %-18s  %-10s  %s\n", when, cli_safe(it->type),
	       (long long)it->points, kind_name(it->kind), cli_safe(it->ref),
	       *it->actor ? cli_safe(it->actor) : "-", *it->terminal ? cli_safe(it->terminal) : "-",
	       cli_safe(it->memo));
	return 0;
}

static int
run_history(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, OPT_LIMIT },
		CLI_GLOBAL_OPTIONS,
	};
	struct history_out out = { NULL, 0 };
	const char *limit_text = NULL;
	int64_t limit = 50;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		if (c == CLI_STOP)
			return status;
		if (c == OPT_LIMIT)
			limit_text = optarg;
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 1, 1, "CARD")) ||
	    (status = cli_check_card(ctx, argv[optind])) ||
	    (limit_text && (status = cli_check_limit(ctx, limit_text, &limit))) ||
	    (status = cli_open_ledger(ctx)))
		return status;
	if (ctx->json)
		out.array = json_array();
	if (ledger_history(&ctx->lg, argv[optind], limit, print_history_item, &out,
			   &ctx->err) != JF_OK) {
		json_decref(out.array);
		return cli_fail(ctx, ctx->err.status);
	}
	if (ctx->json)
		return cli_print_json(ctx, out.array);
	if (out.rows == 0)
		printf("no entries for %s\n", argv[optind]);
	return JF_OK;
}

const struct cli_command cli_cmd_history = {
	"history", run_history,
	"jifen history CARD [--limit N]\n"
	"\n"
	"  --limit N   show the newest N entries, 1 to 10000 (default 50)",
	"list a member's ledger entries, newest first",
};
