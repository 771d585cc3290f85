/*
 * cmd_points: the commands that move points. `jifen earn`, `earn --reverse`,
 * `grant` and `transfer`. Every one is a single ledger operation
 * with an idempotency key, so running a command twice (a retry after a
 * timeout) says "already recorded" instead of paying twice.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "earn_rule.h"
#include "lines.h"
#include "slip.h"
#include "xalloc.h"

enum {
	OPT_REF = 'r',
	OPT_GREEN = 'g',
	OPT_CATEGORY = 'c',
	OPT_REVERSE = 'R',
	OPT_REASON = 'm',
	OPT_SLIP = 's',
	OPT_AMOUNT = 'a',
	OPT_LINES = 'l',
	OPT_EXPLAIN = 'x',
	OPT_QUOTE = 'q',
};

static const char *
replay_note_of(int replay)
{
	return replay ? " (already recorded)" : "";
}

static const char *
replay_note(const struct ledger_result *res)
{
	return replay_note_of(res->replay);
}

/* The slip of an earn or its reversal, kept in the same transaction as the
 * points (so it is never lost), printed after the commit. */
static int
earn_slip(struct cli_ctx *ctx, const struct slip_data *d, int64_t *id)
{
	if (slip_record(&ctx->lg, d, id, NULL, &ctx->err) != JF_OK) {
		slip_rollback(&ctx->lg);
		return ctx->err.status;
	}
	return slip_commit(&ctx->lg, &ctx->err) != JF_OK ? ctx->err.status : JF_OK;
}

static int
earn_reverse(struct cli_ctx *ctx, const char *receipt, int want_slip)
{
	struct ledger_result res = { 0 };
	struct slip_data d = { .kind = SLIP_RETURN, .ref = receipt, .balance = -1 };
	json_t *result = NULL;
	int64_t slip_id = 0, given, given_fen;
	char paid[24];
	int status;

	if (want_slip && slip_begin(&ctx->lg, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ledger_earn_reverse(&ctx->lg, receipt, &res, &ctx->err) != JF_OK) {
		if (want_slip)
			slip_rollback(&ctx->lg);
		return ctx->err.status;
	}
	d.points = res.points;
	d.shortfall = res.shortfall;
	if (ledger_reverse_offset(&ctx->lg, receipt, &given, &given_fen, &ctx->err) != JF_OK) {
		if (want_slip)
			slip_rollback(&ctx->lg);
		return ctx->err.status;
	}
	d.given = given;
	d.paid_fen = given_fen;
	if (want_slip && (status = earn_slip(ctx, &d, &slip_id)))
		return status;
	parse_format_fen(given_fen, paid, sizeof paid);
	if (ctx->json)
		result = json_pack("{s:s, s:I, s:I, s:I, s:s, s:I, s:b}",
			"ref", receipt, "points", (json_int_t)res.points,
			"shortfall", (json_int_t)res.shortfall, "offset_points", (json_int_t)given,
			"offset_paid", paid, "entry", (json_int_t)res.entry_id, "replay", res.replay);
	else {
		/* res does not say the kind; "points" covers both */
		printf("took back %lld %s of receipt %s", (long long)res.points,
		       res.points == 1 ? "point" : "points", receipt);
		if (res.shortfall > 0)
			printf("; %lld could not be taken back (spent, reserved by a voucher or past their date)", (long long)res.shortfall);
		if (given > 0)
			printf("; %lld points that paid %s yuan of it given back", (long long)given,
			       paid);
		printf("%s\n", replay_note(&res));
	}
	if (want_slip)
		return cli_slip_print(ctx, slip_id, result);
	return result ? cli_print_json(ctx, result) : JF_OK;
}

/* The member's points of kind after the earn, for the slip. */
static int
balance_after(struct cli_ctx *ctx, const char *card, enum point_kind kind, int64_t *points)
{
	struct balance b;

	if (ledger_balance(&ctx->lg, card, &b, &ctx->err) != JF_OK)
		return ctx->err.status;
	*points = b.total[kind];
	balance_done(&b);
	return JF_OK;
}

static void
print_refund(const struct refund_request *req, const struct refund_result *res, int key_given)
{
	char fen[24], cash[24], left[24], paid[24];

	parse_format_fen(res->offset_fen, paid, sizeof paid);
	parse_format_fen(res->fen, fen, sizeof fen);
	parse_format_fen(res->shortfall_fen, cash, sizeof cash);
	parse_format_fen(res->fen_left, left, sizeof left);
	printf("took back %lld %s for %s yuan of receipt %s", (long long)res->points,
	       cli_kind_label(res->kind, res->points), fen, req->receipt);
	if (res->shortfall > 0)
		printf("; %lld could not be taken back (spent, reserved or past their date): "
		       "keep %s yuan back from the refund", (long long)res->shortfall, cash);
	if (res->offset_points > 0)
		printf("; %lld points that paid %s yuan of it given back",
		       (long long)res->offset_points, paid);
	printf("; %s yuan of the receipt left to refund%s\n", left, replay_note_of(res->replay));
	if (res->replay && !key_given)
		printf("(another return of %s yuan from receipt %s takes its own --ref KEY)\n", fen,
		       req->receipt);
}

/* A part's refund and, with want_slip, its slip in the same transaction:
 * the slip's ref is RECEIPT/KEY, each part a slip of its own. */
static int
refund_with_slip(struct cli_ctx *ctx, const struct refund_request *req, int want_slip,
		 struct refund_result *res, int64_t *slip_id)
{
	struct slip_data d = { .kind = SLIP_RETURN, .balance = -1 };
	struct earn_info info;
	char *ref;
	int status;

	if (want_slip && slip_begin(&ctx->lg, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ledger_earn_refund(&ctx->lg, req, res, &ctx->err) != JF_OK ||
	    (want_slip && ledger_earn_lookup(&ctx->lg, req->receipt, &info, &ctx->err) != JF_OK)) {
		if (want_slip)
			slip_rollback(&ctx->lg);
		return ctx->err.status;
	}
	if (!want_slip)
		return JF_OK;
	ref = xasprintf("%s/%s", req->receipt, req->key);
	d.ref = ref;
	d.card = info.card;
	d.points = res->points;
	d.shortfall = res->shortfall;
	d.given = res->offset_points;
	d.paid_fen = res->offset_fen;
	status = earn_slip(ctx, &d, slip_id);
	free(ref);
	return status;
}

/* Part of receipt returned: the points of that part, and the cash to keep
 * back for what could not be taken. */
static int
earn_refund(struct cli_ctx *ctx, const struct refund_request *req, int key_given, int want_slip)
{
	struct refund_result res;
	char fen[24], cash[24], left[24], paid[24];
	json_t *result = NULL;
	int64_t slip_id = 0;
	int status;

	if ((status = refund_with_slip(ctx, req, want_slip, &res, &slip_id)))
		return status;
	if (ctx->json) {
		parse_format_fen(res.offset_fen, paid, sizeof paid);
		parse_format_fen(res.fen, fen, sizeof fen);
		parse_format_fen(res.shortfall_fen, cash, sizeof cash);
		parse_format_fen(res.fen_left, left, sizeof left);
		result = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:I, s:s, s:o, s:b}",
			"receipt", req->receipt, "ref", req->key, "amount", fen,
			"due", (json_int_t)res.due, "points", (json_int_t)res.points,
			"shortfall", (json_int_t)res.shortfall, "shortfall_cash", cash, "left", left,
			"offset_points", (json_int_t)res.offset_points, "offset_paid", paid,
			"entry", cli_json_id(res.entry_id), "replay", res.replay);
	} else {
		print_refund(req, &res, key_given);
	}
	if (want_slip)
		return cli_slip_print(ctx, slip_id, result);
	return result ? cli_print_json(ctx, result) : JF_OK;
}

/* earn --quote: what the purchase would earn now and how; nothing is written. */
static int
earn_quote(struct cli_ctx *ctx, const struct earn_request *req)
{
	enum point_kind kind = req->green ? KIND_GREEN : KIND_POINTS;
	struct earn_explain x;

	if (ledger_earn_quote(&ctx->lg, req, &x, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:I, s:s, s:o}", "card", req->card,
			"points", (json_int_t)x.points[kind], "kind", kind_name(kind),
			"explain", cli_explain_json(&x)));
	printf("would earn %lld %s for %s\n", (long long)x.points[kind],
	       cli_kind_label(kind, x.points[kind]), req->card);
	cli_explain_print(&x, NULL);
	return JF_OK;
}

static int
earn(struct cli_ctx *ctx, const struct earn_request *req, int want_slip, int explain)
{
	struct ledger_result res = { 0 };
	enum point_kind kind = req->green ? KIND_GREEN : KIND_POINTS;
	struct slip_data d = { .kind = SLIP_PURCHASE, .ref = req->receipt, .card = req->card };
	struct earn_explain x;
	json_t *result = NULL;
	int64_t slip_id = 0;
	char amount[24];
	int status;

	if (want_slip && slip_begin(&ctx->lg, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ledger_earn_explained(&ctx->lg, req, &res, &x, &ctx->err) != JF_OK ||
	    (want_slip && balance_after(ctx, req->card, kind, &d.balance) != JF_OK)) {
		if (want_slip)
			slip_rollback(&ctx->lg);
		return ctx->err.status;
	}
	d.points = res.points;
	if (want_slip && (status = earn_slip(ctx, &d, &slip_id)))
		return status;
	parse_format_fen(req->fen, amount, sizeof amount);
	if (ctx->json) {
		result = json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:I, s:b}",
			"card", req->card, "points", (json_int_t)res.points, "kind", kind_name(kind),
			"ref", req->receipt, "amount", amount,
			"category", cli_json_str(req->category, 0),
			"entry", (json_int_t)res.entry_id, "replay", res.replay);
		if (result && explain)
			json_object_set_new(result, "explain", cli_explain_json(&x));
	} else {
		printf("earned %lld %s for %s (receipt %s)%s\n", (long long)res.points,
		       cli_kind_label(kind, res.points), req->card, req->receipt, replay_note(&res));
		if (explain)
			cli_explain_print(&x, NULL);
	}
	if (want_slip)
		return cli_slip_print(ctx, slip_id, result);
	return result ? cli_print_json(ctx, result) : JF_OK;
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

/* earn CARD AMOUNT --ref R, or earn --reverse R: the forms take different
 * arguments, so they are counted here. */
struct earn_state {
	struct earn_request earn;
	struct refund_request refund;
	const char *lines_file;
	struct receipt_lines lines;
	struct earn_explain explain;
	char part_key[32]; /* a part's key when --ref is not given */
};

/* earn CARD --ref R --lines FILE: every line of the file is checked here,
 * before the ledger is opened; each bad one is an error line of its own. */
static int
check_lines(struct cli_ctx *ctx, const struct cli_args *args, struct earn_state *es)
{
	struct receipt_lines *l = &es->lines;
	const char *name = cli_safe(es->lines_file);
	enum jf_status st;
	int status;

	if (es->earn.green || es->earn.category || cli_opt(args, OPT_AMOUNT))
		return cli_error(ctx, JF_USAGE, "--lines FILE goes without --green, --category "
						"or --amount: the lines say them");
	if ((status = cli_count_args(ctx, args, 1, 1, "CARD")))
		return status;
	es->earn.card = args->argv[0];
	if (es->earn.receipt == NULL && !cli_flag(args, OPT_QUOTE))
		return cli_missing_option(ctx, "--ref RECEIPT");
	if ((status = cli_check_card(ctx, es->earn.card)) ||
	    (es->earn.receipt && (status = cli_check_key(ctx, "receipt", es->earn.receipt))))
		return status;
	st = receipt_lines_read(es->lines_file, &ctx->cfg, l, &ctx->err);
	if (st != JF_USAGE || l->problem_count == 0)
		return st == JF_OK ? JF_OK : cli_fail(ctx, st);
	for (size_t i = 0; i < l->problem_count; i++)
		cli_error_line("%s:%d: %s", name, l->problems[i].line,
			       cli_safe(l->problems[i].message));
	ctx->reported = 1; /* these lines are the error */
	return JF_USAGE;
}

/* A receipt of lines, in one entry; its slip has both kinds. */
static int
award_lines(struct cli_ctx *ctx, struct earn_state *es, int want_slip, struct slip_data *d,
	    struct ledger_result *res)
{
	const char *card = es->earn.card;

	if (want_slip && slip_begin(&ctx->lg, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ledger_earn_lines_explained(&ctx->lg, card, es->earn.receipt, &es->lines, res,
					&es->explain, &ctx->err) ||
	    (want_slip && (balance_after(ctx, card, KIND_POINTS, &d->balance) ||
			   balance_after(ctx, card, KIND_GREEN, &d->green_balance)))) {
		if (want_slip)
			slip_rollback(&ctx->lg);
		return ctx->err.status;
	}
	return JF_OK;
}

/* earn --lines --quote: what the receipt would earn now and how. */
static int
lines_quote(struct cli_ctx *ctx, struct earn_state *es)
{
	struct receipt_lines *l = &es->lines;
	struct earn_explain *x = &es->explain;

	if (ledger_earn_lines_quote_explained(&ctx->lg, es->earn.card, l, x, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:I, s:I, s:I, s:o}", "card",
			es->earn.card, "lines", (json_int_t)l->count,
			"points", (json_int_t)l->points[KIND_POINTS],
			"green", (json_int_t)l->points[KIND_GREEN], "explain", cli_explain_json(x)));
	printf("would earn %lld %s and %lld %s for %s (%zu lines)\n",
	       (long long)l->points[KIND_POINTS], cli_kind_label(KIND_POINTS, l->points[KIND_POINTS]),
	       (long long)l->points[KIND_GREEN], cli_kind_label(KIND_GREEN, l->points[KIND_GREEN]),
	       es->earn.card, l->count);
	cli_explain_print(x, l);
	return JF_OK;
}

static int
earn_lines(struct cli_ctx *ctx, struct earn_state *es, int want_slip, int explain)
{
	struct receipt_lines *l = &es->lines;
	struct slip_data d = { .kind = SLIP_PURCHASE, .ref = es->earn.receipt,
			       .card = es->earn.card };
	struct ledger_result res;
	json_t *result = NULL;
	int64_t slip_id = 0;
	int status;

	if ((status = award_lines(ctx, es, want_slip, &d, &res)))
		return status;
	d.points = l->points[KIND_POINTS];
	d.green = l->points[KIND_GREEN];
	if (want_slip && (status = earn_slip(ctx, &d, &slip_id)))
		return status;
	if (ctx->json)
		result = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:b}",
			"card", es->earn.card, "ref", es->earn.receipt, "lines", (json_int_t)l->count,
			"points", (json_int_t)l->points[KIND_POINTS],
			"green", (json_int_t)l->points[KIND_GREEN], "total", (json_int_t)res.points,
			"entry", cli_json_id(res.entry_id), "replay", res.replay);
	if (result && explain)
		json_object_set_new(result, "explain", cli_explain_json(&es->explain));
	if (!ctx->json)
		printf("earned %lld %s and %lld %s for %s (receipt %s, %zu lines)%s\n",
		       (long long)l->points[KIND_POINTS],
		       cli_kind_label(KIND_POINTS, l->points[KIND_POINTS]),
		       (long long)l->points[KIND_GREEN],
		       cli_kind_label(KIND_GREEN, l->points[KIND_GREEN]), es->earn.card,
		       es->earn.receipt, l->count, replay_note(&res));
	if (!ctx->json && explain)
		cli_explain_print(&es->explain, l);
	if (want_slip)
		return cli_slip_print(ctx, slip_id, result);
	return result ? cli_print_json(ctx, result) : JF_OK;
}

static void
done_earn(void *state)
{
	struct earn_state *es = state;

	receipt_lines_done(&es->lines);
}

/* earn --reverse R [--amount A --ref KEY]: the whole receipt, or a part. */
static int
check_reverse(struct cli_ctx *ctx, const struct cli_args *args, struct earn_state *es)
{
	const char *amount = cli_opt(args, OPT_AMOUNT);
	int status;

	if (es->earn.green || es->earn.category)
		return cli_error(ctx, JF_USAGE, "--reverse RECEIPT goes without --green or --category");
	if (es->earn.receipt && !amount)
		return cli_error(ctx, JF_USAGE, "--reverse RECEIPT takes --ref only with --amount");
	if ((status = cli_count_args(ctx, args, 0, 0, "")) ||
	    (status = cli_check_key(ctx, "receipt", es->refund.receipt)))
		return status;
	if (!amount)
		return JF_OK;
	if ((status = cli_check_amount(ctx, amount, &es->refund.fen)))
		return status;
	if (es->refund.fen == 0)
		return cli_error(ctx, JF_USAGE, "--amount must be more than 0.00");
	/* Without --ref the part's key is its amount: a till that sends the
	 * same refund twice (a retry after a lost answer) takes it back once;
	 * a second return of the same amount gives a --ref of its own. */
	if (!es->earn.receipt) {
		snprintf(es->part_key, sizeof es->part_key, "part-");
		parse_format_fen(es->refund.fen, es->part_key + 5, sizeof es->part_key - 5);
		es->refund.key = es->part_key;
		return JF_OK;
	}
	es->refund.key = es->earn.receipt;
	return cli_check_key(ctx, "ref", es->refund.key);
}

static int
check_earn(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct earn_state *es = state;
	struct earn_request *req = &es->earn;
	const char *reverse = cli_opt(args, OPT_REVERSE);
	int status;

	req->receipt = cli_opt(args, OPT_REF);
	req->green = cli_flag(args, OPT_GREEN);
	req->category = cli_opt(args, OPT_CATEGORY);
	es->lines_file = cli_opt(args, OPT_LINES);
	if (reverse && es->lines_file)
		return cli_error(ctx, JF_USAGE, "--reverse and --lines go separately");
	if (reverse && (cli_flag(args, OPT_EXPLAIN) || cli_flag(args, OPT_QUOTE)))
		return cli_error(ctx, JF_USAGE, "--explain and --quote go with a purchase, not "
						"--reverse");
	if (cli_flag(args, OPT_QUOTE) && (cli_flag(args, OPT_SLIP) || cli_flag(args, OPT_EXPLAIN)))
		return cli_error(ctx, JF_USAGE, "--quote writes nothing: it goes without --slip "
						"and explains anyway");
	if (reverse) {
		es->refund.receipt = reverse;
		return check_reverse(ctx, args, es);
	}
	if (es->lines_file)
		return check_lines(ctx, args, es);
	if (cli_opt(args, OPT_AMOUNT))
		return cli_error(ctx, JF_USAGE, "--amount goes with --reverse RECEIPT");
	if ((status = cli_count_args(ctx, args, 2, 2, "CARD AMOUNT")))
		return status;
	req->card = args->argv[0];
	if (req->receipt == NULL && !cli_flag(args, OPT_QUOTE))
		return cli_missing_option(ctx, "--ref RECEIPT");
	if ((status = cli_check_card(ctx, req->card)) ||
	    (status = cli_check_amount(ctx, args->argv[1], &req->fen)) ||
	    (req->receipt && (status = cli_check_key(ctx, "receipt", req->receipt))) ||
	    (req->category && (status = check_category(ctx, req->category))))
		return status;
	return JF_OK;
}

static int
exec_earn(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct earn_state *es = state;
	const char *reverse = cli_opt(args, OPT_REVERSE);

	int want_slip = cli_flag(args, OPT_SLIP), explain = cli_flag(args, OPT_EXPLAIN);

	if (reverse && es->refund.key)
		return earn_refund(ctx, &es->refund, es->refund.key != es->part_key, want_slip);
	if (es->lines_file && cli_flag(args, OPT_QUOTE))
		return lines_quote(ctx, es);
	if (es->lines_file)
		return earn_lines(ctx, es, want_slip, explain);
	if (cli_flag(args, OPT_QUOTE))
		return earn_quote(ctx, &es->earn);
	return reverse ? earn_reverse(ctx, reverse, want_slip)
		       : earn(ctx, &es->earn, want_slip, explain);
}

static const struct option earn_options[] = {
	{ "ref", required_argument, NULL, OPT_REF },
	{ "green", no_argument, NULL, OPT_GREEN },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "reverse", required_argument, NULL, OPT_REVERSE },
	{ "slip", no_argument, NULL, OPT_SLIP },
	{ "amount", required_argument, NULL, OPT_AMOUNT },
	{ "lines", required_argument, NULL, OPT_LINES },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "quote", no_argument, NULL, OPT_QUOTE },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_earn = {
	.name = "earn",
	.options = earn_options,
	.args_min = 0, .args_max = 2, .args = "CARD AMOUNT",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "earn",
	.state_size = sizeof(struct earn_state),
	.check = check_earn,
	.exec = exec_earn,
	.done = done_earn,
	.usage =
	"jifen earn CARD AMOUNT --ref RECEIPT [--green] [--category CAT] [--slip] [--explain]\n"
	"       jifen earn CARD --ref RECEIPT --lines FILE [--slip] [--explain]\n"
	"       jifen earn CARD AMOUNT --quote [--green] [--category CAT]\n"
	"       jifen earn CARD --lines FILE --quote\n"
	"       jifen earn --reverse RECEIPT [--slip]\n"
	"       jifen earn --reverse RECEIPT --amount AMOUNT [--ref KEY] [--slip]\n"
	"       (each also with [--staff ID [--pin-stdin]])\n"
	"\n"
	"  --ref RECEIPT       the receipt number; recording it again changes nothing\n"
	"  --green             green points, for eco-friendly goods\n"
	"  --category CAT      a category of the config with its own earn rate\n"
	"  --lines FILE        the receipt line by line: a CSV of amount,green,category\n"
	"                      (green 0 or 1, category may be empty); a file with a\n"
	"                      bad line is refused whole, naming every bad line\n"
	"  --reverse RECEIPT   a refund: take back the points of RECEIPT, as many as\n"
	"                      the member still has\n"
	"  --slip              keep a receipt (slip) with the points and print it on\n"
	"                      the config's [printer]; a printer that does not take\n"
	"                      it is reported, and the points are recorded all the same\n"
	"  --amount AMOUNT     with --reverse: only this part of the receipt was\n"
	"                      returned; its share of the points is taken back, and\n"
	"                      what cannot be is said as cash to keep back\n"
	"  --ref KEY           with --amount: this refund's own key (default\n"
	"                      part-AMOUNT: the same part sent again lands once)\n"
	"  --explain           how the points were counted: base, member bonus and\n"
	"                      each campaign's bonus (or that its budget is spent)\n"
	"  --quote             what the purchase would earn now, explained; nothing\n"
	"                      is written (no --ref needed)\n"
	"  --staff ID          who records it (letters, digits, . _ -); else the shell user\n"
	"  --pin-stdin         the staff member's PIN, from the first line of stdin\n"
	"\n"
	"AMOUNT is what was spent, in yuan: 199, 199.5 or 199.00.",
	.summary = "award points for a purchase, or take them back on a refund",
};

static int
grant(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct grant_request *req = state;
	struct ledger_result res = { 0 };

	(void)args;
	if (ledger_grant(&ctx->lg, req, &res, &ctx->err) != JF_OK)
		return ctx->err.status;
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
check_grant(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct grant_request *req = state;
	int status;

	req->kind = cli_flag(args, OPT_GREEN) ? KIND_GREEN : KIND_POINTS;
	req->reason = cli_opt(args, OPT_REASON);
	req->key = cli_opt(args, OPT_REF);
	req->card = args->argv[0];
	if (req->reason == NULL)
		return cli_missing_option(ctx, "--reason TEXT");
	if ((status = cli_check_card(ctx, req->card)) ||
	    (status = cli_check_points(ctx, args->argv[1], &req->points)) ||
	    (status = cli_check_text(ctx, "reason", req->reason)) ||
	    (req->key && (status = cli_check_key(ctx, "ref", req->key))))
		return status;
	return JF_OK;
}

static const struct option grant_options[] = {
	{ "reason", required_argument, NULL, OPT_REASON },
	{ "green", no_argument, NULL, OPT_GREEN },
	{ "ref", required_argument, NULL, OPT_REF },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_grant = {
	.name = "grant",
	.options = grant_options,
	.args_min = 2, .args_max = 2, .args = "CARD POINTS",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "grant",
	.state_size = sizeof(struct grant_request),
	.check = check_grant,
	.exec = grant,
	.usage =
	"jifen grant CARD POINTS --reason TEXT [--green] [--ref KEY] [--staff ID [--pin-stdin]]\n"
	"\n"
	"  --reason TEXT   why, kept in the ledger (up to 200 characters)\n"
	"  --green         green points instead of ordinary ones\n"
	"  --ref KEY       an idempotency key: granting with it again changes nothing\n"
	"  --staff ID      who grants (letters, digits, . _ -); else the shell user\n"
	"  --pin-stdin     the staff member's PIN, from the first line of stdin",
	.summary = "give a member bonus points",
};

static int
transfer(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct transfer_request *req = state;
	struct ledger_result res = { 0 };

	(void)args;
	if (ledger_transfer(&ctx->lg, req, &res, &ctx->err) != JF_OK)
		return ctx->err.status;
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
check_transfer(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct transfer_request *req = state;
	int status;

	req->kind = cli_flag(args, OPT_GREEN) ? KIND_GREEN : KIND_POINTS;
	req->key = cli_opt(args, OPT_REF);
	req->from_card = args->argv[0];
	req->to_card = args->argv[1];
	if (req->key == NULL)
		return cli_missing_option(ctx, "--ref KEY");
	if ((status = cli_check_card(ctx, req->from_card)) ||
	    (status = cli_check_card(ctx, req->to_card)) ||
	    (status = cli_check_points(ctx, args->argv[2], &req->points)) ||
	    (status = cli_check_key(ctx, "ref", req->key)))
		return status;
	return JF_OK;
}

static const struct option transfer_options[] = {
	{ "green", no_argument, NULL, OPT_GREEN },
	{ "ref", required_argument, NULL, OPT_REF },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_transfer = {
	.name = "transfer",
	.options = transfer_options,
	.args_min = 3, .args_max = 3, .args = "FROM TO POINTS",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "transfer",
	.state_size = sizeof(struct transfer_request),
	.check = check_transfer,
	.exec = transfer,
	.usage =
	"jifen transfer FROM TO POINTS --ref KEY [--green] [--staff ID [--pin-stdin]]\n"
	"\n"
	"  --ref KEY   an idempotency key: the same transfer again changes nothing\n"
	"  --green     move green points (ordinary points only if the config allows)\n"
	"  --staff ID  who makes it (letters, digits, . _ -); else the shell user\n"
	"  --pin-stdin the staff member's PIN, from the first line of stdin\n"
	"\n"
	"FROM and TO are cards of members of one family. The points keep their\n"
	"expiry dates.",
	.summary = "move points between two members of a family",
};
