/*
 * cmd_offset: `jifen offset`, points paying part of a bill at the counter,
 * and `jifen offset --undo R` when the sale does not go through. The rule
 * (cap, rounding, which lots) is core's (offset.h); this prints it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "member.h"
#include "offset.h"

enum {
	OPT_BILL = 'b',
	OPT_POINTS = 'p',
	OPT_REF = 'r',
	OPT_UNDO = 'u',
	OPT_QUOTE = 'q',
	OPT_MEMBER_PIN = 'M',
};

static int
print_offset(struct cli_ctx *ctx, const char *what, const char *ref,
	     const struct offset_result *res)
{
	char bill[24], paid[24], cash[24];

	parse_format_fen(res->bill_fen, bill, sizeof bill);
	parse_format_fen(res->fen, paid, sizeof paid);
	parse_format_fen(res->cash_fen, cash, sizeof cash);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:o, s:b}",
			"action", what, "ref", ref, "bill", bill, "points", (json_int_t)res->points,
			"paid_by_points", paid, "cash", cash, "entry", cli_json_id(res->entry_id),
			"replay", res->replay));
	if (strcmp(what, "undone") == 0)
		printf("undone: %lld %s of sale %s given back (they paid %s yuan)%s\n",
		       (long long)res->points, res->points == 1 ? "point" : "points", cli_safe(ref),
		       paid, res->replay ? " (already recorded)" : "");
	else
		printf("%s: %lld %s pay %s yuan of the %s yuan bill; cash to pay %s yuan%s\n",
		       what, (long long)res->points, res->points == 1 ? "point" : "points", paid,
		       bill, cash, res->replay ? " (already recorded)" : "");
	return JF_OK;
}

struct offset_state {
	struct offset_request req;
	const char *undo;
	int quote;
	/* --member-pin-stdin: the member's PIN, one line of stdin read before the
	 * ledger opens (after the staff PIN of --pin-stdin), checked (and a wrong
	 * one counted) before the offset; "" if not asked */
	char pin[64];
};

static int
check_offset(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct offset_state *os = state;
	const char *bill = cli_opt(args, OPT_BILL), *points = cli_opt(args, OPT_POINTS);
	int status;

	os->undo = cli_opt(args, OPT_UNDO);
	os->quote = cli_flag(args, OPT_QUOTE);
	os->req.ref = cli_opt(args, OPT_REF);
	if (os->undo) {
		if (bill || points || os->req.ref || os->quote || cli_flag(args, OPT_MEMBER_PIN))
			return cli_error(ctx, JF_USAGE, "--undo REF goes without --bill, --points, "
							"--ref, --quote or --member-pin-stdin");
		if ((status = cli_count_args(ctx, args, 0, 0, "")))
			return status;
		return cli_check_key(ctx, "ref", os->undo);
	}
	if ((status = cli_count_args(ctx, args, 1, 1, "CARD")))
		return status;
	os->req.card = args->argv[0];
	if (bill == NULL)
		return cli_missing_option(ctx, "--bill AMOUNT");
	if (os->req.ref == NULL && !os->quote)
		return cli_missing_option(ctx, "--ref REF");
	if ((status = cli_check_card(ctx, os->req.card)) ||
	    (status = cli_check_amount(ctx, bill, &os->req.bill_fen)) ||
	    (points && (status = cli_check_points(ctx, points, &os->req.points))) ||
	    (os->req.ref && (status = cli_check_key(ctx, "ref", os->req.ref))))
		return status;
	if (cli_flag(args, OPT_MEMBER_PIN) && os->quote)
		return cli_error(ctx, JF_USAGE, "--quote asks no PIN: it writes nothing");
	if (cli_flag(args, OPT_MEMBER_PIN))
		return cli_read_pin(ctx, "--member-pin-stdin", os->pin, sizeof os->pin);
	return JF_OK;
}

static int
exec_offset(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct offset_state *os = state;
	struct offset_result res;
	enum jf_status st;

	(void)args;
	if (os->undo) {
		if (ledger_offset_undo(&ctx->lg, os->undo, &res, &ctx->err) != JF_OK)
			return ctx->err.status;
		return print_offset(ctx, "undone", os->undo, &res);
	}
	/* The PIN before the write (not after a quote: a retry of an offset
	 * already made must replay, even when its points are gone now). */
	if (os->pin[0] && member_check_pin(&ctx->lg, os->req.card, os->pin, &ctx->err) != JF_OK)
		return ctx->err.status;
	st = os->quote ? ledger_offset_quote(&ctx->lg, &os->req, &res, &ctx->err)
		       : ledger_offset(&ctx->lg, &os->req, &res, &ctx->err);
	if (st != JF_OK)
		return ctx->err.status;
	return print_offset(ctx, os->quote ? "quote" : "offset",
			    os->req.ref ? os->req.ref : "", &res);
}

static const struct option offset_options[] = {
	{ "bill", required_argument, NULL, OPT_BILL },
	{ "points", required_argument, NULL, OPT_POINTS },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "undo", required_argument, NULL, OPT_UNDO },
	{ "quote", no_argument, NULL, OPT_QUOTE },
	{ "member-pin-stdin", no_argument, NULL, OPT_MEMBER_PIN },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_offset = {
	.name = "offset",
	.options = offset_options,
	.args_min = 0, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "offset",
	.state_size = sizeof(struct offset_state),
	.check = check_offset,
	.exec = exec_offset,
	.usage =
	"jifen offset CARD --bill AMOUNT [--points N] --ref REF [--member-pin-stdin]\n"
	"             [--staff ID]\n"
	"       jifen offset CARD --bill AMOUNT [--points N] --quote\n"
	"       jifen offset --undo REF [--staff ID]\n"
	"\n"
	"  --bill AMOUNT   the whole bill, in yuan (200, 200.00)\n"
	"  --points N      points to use; else the most the bill and the card allow\n"
	"  --ref REF       the sale's receipt or ref; recording it again changes nothing\n"
	"  --quote         say what the offset would do, and write nothing\n"
	"  --member-pin-stdin  the member confirms: their PIN, one line of stdin\n"
	"  --undo REF      give back the points of sale REF (it did not go through)\n"
	"  --staff ID      who records it (letters, digits, . _ -); else the shell user\n"
	"\n"
	"Points pay at most [offset] max_percent of the bill, at [offset]\n"
	"points_per_yuan, in whole fen; points that would pay part of a fen stay\n"
	"on the card.",
	.summary = "pay part of a bill with points, or undo it",
};
