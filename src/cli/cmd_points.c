/*
 * cmd_points: the commands that move points. `jifen earn`, `earn --reverse`,
 * `grant`, `transfer` and `expire`. Every one is a single ledger operation
 * with an idempotency key, so running a command twice (a retry after a
 * timeout) says "already recorded" instead of paying twice.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "voucher.h"

enum {
	OPT_REF = 'r',
	OPT_GREEN = 'g',
	OPT_CATEGORY = 'c',
	OPT_REVERSE = 'R',
	OPT_REASON = 'm',
};

static const char *
replay_note(const struct ledger_result *res)
{
	return res->replay ? " (already recorded)" : "";
}

static int
earn_reverse(struct cli_ctx *ctx, const char *receipt)
{
	struct ledger_result res = { 0 };
	int status;

	if ((status = cli_check_key(ctx, "receipt", receipt)) || (status = cli_open_ledger(ctx)))
		return status;
	if (ledger_earn_reverse(&ctx->lg, receipt, &res, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:I, s:I, s:I, s:b}",
			"ref", receipt, "points", (json_int_t)res.points,
			"shortfall", (json_int_t)res.shortfall, "entry", (json_int_t)res.entry_id,
			"replay", res.replay));
	/* res does not say the kind; "points" covers both */
	printf("took back %lld %s of receipt %s", (long long)res.points,
	       res.points == 1 ? "point" : "points", receipt);
	if (res.shortfall > 0)
		printf("; %lld could not be taken back (already spent)", (long long)res.shortfall);
	printf("%s\n", replay_note(&res));
	return JF_OK;
}

static int
earn(struct cli_ctx *ctx, const struct earn_request *req)
{
	struct ledger_result res = { 0 };
	enum point_kind kind = req->green ? KIND_GREEN : KIND_POINTS;
	char amount[24];

	if (ledger_earn(&ctx->lg, req, &res, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	parse_format_fen(req->fen, amount, sizeof amount);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:I, s:b}",
			"card", req->card, "points", (json_int_t)res.points, "kind", kind_name(kind),
			"ref", req->receipt, "amount", amount,
			"category", cli_json_str(req->category, 0),
			"entry", (json_int_t)res.entry_id, "replay", res.replay));
	printf("earned %lld %s for %s (receipt %s)%s\n", (long long)res.points,
	       cli_kind_label(kind, res.points), req->card, req->receipt, replay_note(&res));
	return JF_OK;
}

/* A category the config does not know is a typo, which must not change the
 * points: refused here, before the ledger is opened (core refuses it too). */
static int
check_category(struct cli_ctx *ctx, const char *category)
{
	int status;

	if ((status = cli_check_name(ctx, "category", category)))
		return status;
	if (settings_has_category(&ctx->cfg, category))
		return JF_OK;
	return cli_error(ctx, JF_USAGE, "category '%s' is not in the config",
			 cli_safe(category));
}

static int
run_earn(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ref", required_argument, NULL, OPT_REF },
		{ "green", no_argument, NULL, OPT_GREEN },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "reverse", required_argument, NULL, OPT_REVERSE },
		CLI_STAFF_OPTION,
		CLI_GLOBAL_OPTIONS,
	};
	struct earn_request req = { 0 };
	const char *reverse = NULL;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		switch (c) {
		case CLI_STOP: return status;
		case OPT_REF: req.receipt = optarg; break;
		case OPT_GREEN: req.green = 1; break;
		case OPT_CATEGORY: req.category = optarg; break;
		case OPT_REVERSE: reverse = optarg; break;
		}
	}
	if (reverse) {
		if (req.receipt || req.green || req.category)
			return cli_error(ctx, JF_USAGE,
					 "--reverse RECEIPT goes without --ref, --green or --category");
		if ((status = cli_args(ctx, argc - optind, argv + optind, 0, 0, "")))
			return status;
		return earn_reverse(ctx, reverse);
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 2, 2, "CARD AMOUNT")))
		return status;
	req.card = argv[optind];
	if (req.receipt == NULL)
		return cli_missing_option(ctx, "--ref RECEIPT");
	if ((status = cli_check_card(ctx, req.card)) ||
	    (status = cli_check_amount(ctx, argv[optind + 1], &req.fen)) ||
	    (status = cli_check_key(ctx, "receipt", req.receipt)) ||
	    (req.category && (status = check_category(ctx, req.category))) ||
	    (status = cli_open_ledger(ctx)))
		return status;
	return earn(ctx, &req);
}

const struct cli_command cli_cmd_earn = {
	"earn", run_earn,
	"jifen earn CARD AMOUNT --ref RECEIPT [--green] [--category CAT] [--staff ID]\n"
	"       jifen earn --reverse RECEIPT [--staff ID]\n"
	"\n"
	"  --ref RECEIPT       the receipt number; recording it again changes nothing\n"
	"  --green             green points, for eco-friendly goods\n"
	"  --category CAT      a category of the config with its own earn rate\n"
	"  --reverse RECEIPT   a refund: take back the points of RECEIPT, as many as\n"
	"                      the member still has\n"
	"  --staff ID          who records it (letters, digits, . _ -); else the shell user\n"
	"\n"
	"AMOUNT is what was spent, in yuan: 199, 199.5 or 199.00.",
	"award points for a purchase, or take them back on a refund",
};

static int
grant(struct cli_ctx *ctx, const struct grant_request *req)
{
	struct ledger_result res = { 0 };

	if (ledger_grant(&ctx->lg, req, &res, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:I, s:s, s:o, s:o, s:I, s:b}",
			"card", req->card, "points", (json_int_t)res.points,
			"kind", kind_name(req->kind), "ref", cli_json_str(req->key, 0),
			"reason", cli_json_str(req->reason, 0), "entry", (json_int_t)res.entry_id,
			"replay", res.replay));
	printf("granted %lld %s to %s%s\n", (long long)res.points,
	       cli_kind_label(req->kind, res.points), req->card, replay_note(&res));
	return JF_OK;
}

static int
run_grant(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "green", no_argument, NULL, OPT_GREEN },
		{ "ref", required_argument, NULL, OPT_REF },
		CLI_STAFF_OPTION,
		CLI_GLOBAL_OPTIONS,
	};
	struct grant_request req = { .kind = KIND_POINTS };
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		switch (c) {
		case CLI_STOP: return status;
		case OPT_REASON: req.reason = optarg; break;
		case OPT_GREEN: req.kind = KIND_GREEN; break;
		case OPT_REF: req.key = optarg; break;
		}
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 2, 2, "CARD POINTS")))
		return status;
	req.card = argv[optind];
	if (req.reason == NULL)
		return cli_missing_option(ctx, "--reason TEXT");
	if ((status = cli_check_card(ctx, req.card)) ||
	    (status = cli_check_points(ctx, argv[optind + 1], &req.points)) ||
	    (status = cli_check_text(ctx, "reason", req.reason)) ||
	    (req.key && (status = cli_check_key(ctx, "ref", req.key))) ||
	    (status = cli_open_ledger(ctx)))
		return status;
	return grant(ctx, &req);
}

const struct cli_command cli_cmd_grant = {
	"grant", run_grant,
	"jifen grant CARD POINTS --reason TEXT [--green] [--ref KEY] [--staff ID]\n"
	"\n"
	"  --reason TEXT   why, kept in the ledger (up to 200 characters)\n"
	"  --green         green points instead of ordinary ones\n"
	"  --ref KEY       an idempotency key: granting with it again changes nothing\n"
	"  --staff ID      who grants (letters, digits, . _ -); else the shell user",
	"give a member bonus points",
};

static int
transfer(struct cli_ctx *ctx, const struct transfer_request *req)
{
	struct ledger_result res = { 0 };

	if (ledger_transfer(&ctx->lg, req, &res, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:s, s:I, s:s, s:s, s:I, s:b}",
			"from", req->from_card, "to", req->to_card, "points", (json_int_t)res.points,
			"kind", kind_name(req->kind), "ref", req->key,
			"entry", (json_int_t)res.entry_id, "replay", res.replay));
	printf("transferred %lld %s from %s to %s%s\n", (long long)res.points,
	       cli_kind_label(req->kind, res.points), req->from_card, req->to_card, replay_note(&res));
	return JF_OK;
}

static int
run_transfer(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "green", no_argument, NULL, OPT_GREEN },
		{ "ref", required_argument, NULL, OPT_REF },
		CLI_STAFF_OPTION,
		CLI_GLOBAL_OPTIONS,
	};
	struct transfer_request req = { .kind = KIND_POINTS };
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		switch (c) {
		case CLI_STOP: return status;
		case OPT_GREEN: req.kind = KIND_GREEN; break;
		case OPT_REF: req.key = optarg; break;
		}
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 3, 3, "FROM TO POINTS")))
		return status;
	req.from_card = argv[optind];
	req.to_card = argv[optind + 1];
	if (req.key == NULL)
		return cli_missing_option(ctx, "--ref KEY");
	if ((status = cli_check_card(ctx, req.from_card)) ||
	    (status = cli_check_card(ctx, req.to_card)) ||
	    (status = cli_check_points(ctx, argv[optind + 2], &req.points)) ||
	    (status = cli_check_key(ctx, "ref", req.key)) || (status = cli_open_ledger(ctx)))
		return status;
	return transfer(ctx, &req);
}

const struct cli_command cli_cmd_transfer = {
	"transfer", run_transfer,
	"jifen transfer FROM TO POINTS --ref KEY [--green] [--staff ID]\n"
	"\n"
	"  --ref KEY   an idempotency key: the same transfer again changes nothing\n"
	"  --green     move green points (ordinary points only if the config allows)\n"
	"  --staff ID  who makes it (letters, digits, . _ -); else the shell user\n"
	"\n"
	"FROM and TO are cards of members of one family. The points keep their\n"
	"expiry dates.",
	"move points between two members of a family",
};

static int
run_expire(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { CLI_GLOBAL_OPTIONS };
	struct expire_result res = { 0 };
	int64_t vouchers = 0;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1)
		if (c == CLI_STOP)
			return status;
	if ((status = cli_args(ctx, argc - optind, argv + optind, 0, 0, "")) ||
	    (status = cli_open_ledger(ctx)))
		return status;
	/* Vouchers first: their released points may then expire in the same run. */
	if (voucher_expire_due(&ctx->lg, &vouchers, &ctx->err) != JF_OK ||
	    ledger_expire(&ctx->lg, &res, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:I, s:I, s:I, s:o, s:I}",
			"lots", (json_int_t)res.lots, "points", (json_int_t)res.points[KIND_POINTS],
			"green", (json_int_t)res.points[KIND_GREEN], "entry", cli_json_id(res.entry_id),
			"vouchers", (json_int_t)vouchers));
	printf("expired %lld vouchers and %lld lots: %lld points, %lld green\n",
	       (long long)vouchers, (long long)res.lots, (long long)res.points[KIND_POINTS],
	       (long long)res.points[KIND_GREEN]);
	return JF_OK;
}

const struct cli_command cli_cmd_expire = {
	"expire", run_expire,
	"jifen expire\n"
	"\n"
	"Vouchers past their date are voided (points released, stock returned); then\n"
	"every lot whose expiry date has passed goes to the expired account, in one\n"
	"entry. Points reserved for vouchers are kept. Run it daily; running it twice\n"
	"a day does no harm.",
	"expire the points whose date has passed",
};
