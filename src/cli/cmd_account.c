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
exec_balance(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *card = args->argv[0];
	struct balance b;
	int status = JF_OK;

	(void)state;
	if (ledger_balance(&ctx->lg, card, &b, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json) {
		json_t *doc = balance_json(card, &b);

		if (doc && cli_show_tier(ctx, card, doc) != JF_OK) {
			json_decref(doc);
			balance_done(&b);
			return ctx->err.status;
		}
		status = cli_print_json(ctx, doc);
	} else {
		balance_text(card, &b);
		if (cli_show_tier(ctx, card, NULL) != JF_OK)
			status = ctx->err.status;
	}
	balance_done(&b);
	return status;
}

const struct cli_command cli_cmd_balance = {
	.name = "balance",
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_READ,
	.check = cli_check_card_arg,
	.exec = exec_balance,
	.usage =
	"jifen balance CARD\n"
	"\n"
	"held: reserved for vouchers not yet handed over; pending: earned but still\n"
	"in the return window; available: what can be spent now; past date (shown\n"
	"only when there are some): past their expiry date, removed by the next\n"
	"`jifen expire`. Then the points that expire within the config's notice\n"
	"window, with their dates.",
	.summary = "show a member's points and the points about to expire",
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
check_history(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int64_t *limit = state;
	const char *text = cli_opt(args, OPT_LIMIT);
	int status;

	*limit = 50;
	if ((status = cli_check_card(ctx, args->argv[0])) ||
	    (text && (status = cli_check_limit(ctx, text, limit))))
		return status;
	return JF_OK;
}

static int
exec_history(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const int64_t *limit = state;
	struct history_out out = { NULL, 0 };

	if (ctx->json)
		out.array = json_array();
	if (ledger_history(&ctx->lg, args->argv[0], *limit, print_history_item, &out,
			   &ctx->err) != JF_OK) {
		json_decref(out.array);
		return ctx->err.status;
	}
	if (ctx->json)
		return cli_print_json(ctx, out.array);
	if (out.rows == 0)
		printf("no entries for %s\n", args->argv[0]);
	return JF_OK;
}

static const struct option history_options[] = {
	{ "limit", required_argument, NULL, OPT_LIMIT },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_history = {
	.name = "history",
	.options = history_options,
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_READ,
	.state_size = sizeof(int64_t),
	.check = check_history,
	.exec = exec_history,
	.usage =
	"jifen history CARD [--limit N]\n"
	"\n"
	"  --limit N   show the newest N entries, 1 to 10000 (default 50)",
	.summary = "list a member's ledger entries, newest first",
};
