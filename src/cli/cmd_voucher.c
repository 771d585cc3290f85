/*
 * cmd_voucher: redemption and the life of a voucher. `jifen redeem` and
 * `voucher show|list|redeem|cancel|return`.
 * Codes are checked by core before any lookup; this file only presents.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tui/caps.h"
#include "cli.h"
#include "qr.h"
#include "slip.h"
#include "voucher.h"

enum {
	OPT_QTY = 'n',
	OPT_REF = 'r',
	OPT_QR = 'q',
	OPT_PNG = 'p',
	OPT_OPEN = 'o',
	OPT_SLIP = 's',
	OPT_BILL = 'b',
};

static json_t *
voucher_json(const struct voucher *v)
{
	char cash[24];

	parse_format_fen(v->cash_fen, cash, sizeof cash);
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:I, s:I, s:s, s:s, s:o, s:o, "
			 "s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
		"voucher", v->code, "short", v->short_code, "card", v->card, "sku", v->sku,
		"name", cli_json_str(v->name_zh, 0), "name_en", cli_json_str(v->name_en, 0),
		"kind", kind_name(v->kind), "qty", (json_int_t)v->qty,
		"points", (json_int_t)v->points, "cash", cash,
		"state", voucher_state_name(v->state), "issued", cli_json_time(v->issued_at),
		"expires", cli_json_time(v->expires_at), "redeemed", cli_json_time(v->redeemed_at),
		"redeemed_by", cli_json_str(v->redeemed_by, 1),
		"redeemed_terminal", cli_json_str(v->redeemed_terminal, 1),
		"closed", cli_json_time(v->closed_at),
		"closed_by", cli_json_str(v->closed_by, 1),
		"reason", cli_json_str(v->reason, 1), "replay", v->replay);
}

static void
print_voucher(const struct voucher *v)
{
	char t[CLOCK_ISO_LEN], cash[24], who[ACTOR_TEXT_SIZE + 8];

	printf("voucher   %s\n", v->code);
	printf("short     %s\n", v->short_code);
	printf("item      %s  %s / %s  x%lld\n", v->sku, cli_safe(v->name_zh),
	       cli_safe(v->name_en), (long long)v->qty);
	printf("points    %lld %s\n", (long long)v->points, cli_kind_label(v->kind, v->points));
	if (v->cash_fen > 0) {
		parse_format_fen(v->cash_fen, cash, sizeof cash);
		printf("to pay    %s yuan at the counter\n", cash);
	}
	printf("member    %s\n", v->card);
	printf("state     %s\n", voucher_state_name(v->state));
	cli_format_time(v->issued_at, t);
	printf("issued    %s\n", t);
	cli_format_time(v->expires_at, t);
	printf("expires   %s\n", t);
	if (v->redeemed_at) {
		cli_format_time(v->redeemed_at, t);
		actor_describe(v->redeemed_by, who, sizeof who);
		printf("redeemed  %s by %s\n", t, cli_safe(who));
	}
	if (v->closed_at && v->state != VOUCHER_REDEEMED) {
		cli_format_time(v->closed_at, t);
		actor_describe(v->closed_by, who, sizeof who);
		printf("%-9s %s%s%s\n", voucher_state_name(v->state), t, who[0] ? " by " : "",
		       cli_safe(who));
	}
	if (v->reason[0])
		printf("reason    %s\n", cli_safe(v->reason));
}

/* A coupon on a bill: the bill, the discount and what is left to pay. */
static void
print_discount(const struct voucher *v)
{
	char bill[24], off[24], left[24];

	parse_format_fen(v->bill_fen, bill, sizeof bill);
	parse_format_fen(v->discount_fen, off, sizeof off);
	parse_format_fen(v->bill_fen - v->discount_fen, left, sizeof left);
	printf("bill      %s yuan, discount %s yuan, to pay %s yuan\n", bill, off, left);
}

static int
show_result(struct cli_ctx *ctx, const struct voucher *v, const char *done)
{
	json_t *obj;
	char bill[24], off[24];

	if (ctx->json && v->bill_fen >= 0) {
		obj = voucher_json(v);
		parse_format_fen(v->bill_fen, bill, sizeof bill);
		parse_format_fen(v->discount_fen, off, sizeof off);
		if (obj) {
			json_object_set_new(obj, "bill", json_string(bill));
			json_object_set_new(obj, "discount", json_string(off));
		}
		return cli_print_json(ctx, obj);
	}
	if (ctx->json)
		return cli_print_json(ctx, voucher_json(v));
	if (done && v->bill_fen >= 0) {
		printf("%s%s\n", done, v->replay ? " (already recorded)" : "");
		print_discount(v);
		print_voucher(v);
		return JF_OK;
	}
	if (done)
		printf("%s%s\n", done, v->replay ? " (already recorded)" : "");
	print_voucher(v);
	return JF_OK;
}

static int
check_redeem(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int64_t *qty = state;
	const char *qty_text = cli_opt(args, OPT_QTY), *key = cli_opt(args, OPT_REF);
	int status;

	*qty = 1;
	if (qty_text && parse_int_range("quantity", qty_text, 1, 100, qty, &ctx->err) != JF_OK)
		return cli_fail(ctx, JF_USAGE);
	if ((status = cli_check_card(ctx, args->argv[0])) ||
	    (key && (status = cli_check_key(ctx, "ref", key))))
		return status;
	return JF_OK;
}

static int
exec_redeem(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const int64_t *qty = state;
	struct voucher v;

	if (voucher_issue(&ctx->lg, args->argv[0], args->argv[1], *qty, cli_opt(args, OPT_REF), &v,
			  &ctx->err))
		return ctx->err.status;
	return show_result(ctx, &v, "voucher issued: show it to the cashier");
}

static const struct option redeem_options[] = {
	{ "qty", required_argument, NULL, OPT_QTY },
	{ "ref", required_argument, NULL, OPT_REF },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_redeem = {
	.name = "redeem",
	.options = redeem_options,
	.args_min = 2, .args_max = 2, .args = "CARD SKU",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "redeem",
	.state_size = sizeof(int64_t),
	.check = check_redeem,
	.exec = exec_redeem,
	.usage =
	"jifen redeem CARD SKU [--qty N] [--ref KEY] [--staff ID [--pin-stdin]]\n"
	"\n"
	"  --qty N       how many of the item (1 to 100, default 1)\n"
	"  --ref KEY     an idempotency key: redeeming with it again returns the same voucher\n"
	"  --staff ID    who issues it; else the shell user\n"
	"  --pin-stdin   the staff member's PIN, from the first line of stdin\n"
	"\n"
	"Holds the points and reserves the stock, and prints the voucher's code, its\n"
	"short code, the points and the expiry. The cashier redeems it with\n"
	"`jifen voucher redeem CODE --staff ID`.",
	.summary = "redeem points for a catalog item: issue a voucher",
};

static int
print_qr(struct cli_ctx *ctx, const char *code)
{
	struct qr_matrix m;
	int tty = isatty(STDOUT_FILENO);
	struct caps c;
	char *text;

	if (qr_encode(code, &m, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	/* What the terminal shows is the kiosk's rule (caps.h): half blocks
	 * in a UTF-8 locale but on the console, else the ASCII form. On a
	 * terminal, dark modules as ink, black on white so any colour scheme
	 * scans, or in reverse video under NO_COLOR; in a file or pipe, plain
	 * characters with light modules as ink, as the kiosk draws it. */
	setlocale(LC_CTYPE, "");
	/* A pipe's reader is no terminal of TERM's: the locale alone says. */
	c = caps_of(tty ? getenv("TERM") : NULL, nl_langinfo(CODESET), getenv("NO_COLOR"), tty);
	text = c.half_blocks ? qr_render_halfblocks(&m, tty) : qr_render_ascii(&m, tty);
	if (tty)
		for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
			printf("%s%s\033[0m\n", c.colour ? "\033[30;47m" : "\033[7m", line);
	else
		fputs(text, stdout);
	free(text);
	qr_matrix_done(&m);
	return JF_OK;
}

static int
write_png(struct cli_ctx *ctx, const char *code, const char *path)
{
	struct qr_matrix m;
	enum jf_status st;

	if (qr_encode(code, &m, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	st = qr_write_png(&m, 8, path, &ctx->err);
	qr_matrix_done(&m);
	return st == JF_OK ? JF_OK : cli_fail(ctx, st);
}

static int
exec_show(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *png = cli_opt(args, OPT_PNG);
	struct voucher v;
	int status;

	(void)state;
	if (voucher_find(&ctx->lg, args->argv[0], &v, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (png && (status = write_png(ctx, v.code, png)))
		return status;
	if (cli_flag(args, OPT_QR) && !ctx->json) {
		if ((status = print_qr(ctx, v.code)))
			return status;
		printf("%s  %s\n", v.short_code, v.code);
		return JF_OK;
	}
	return show_result(ctx, &v, NULL);
}

static const struct option show_options[] = {
	{ "qr", no_argument, NULL, OPT_QR },
	{ "png", required_argument, NULL, OPT_PNG },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_voucher_show = {
	.name = "voucher show",
	.options = show_options,
	.args_min = 1, .args_max = 1, .args = "CODE",
	.ledger = CLI_LEDGER_READ,
	.exec = exec_show,
	.usage =
	"jifen voucher show CODE [--qr] [--png FILE]\n"
	"\n"
	"  --qr         print the QR code as the kiosk shows it, with the short code\n"
	"  --png FILE   also write the QR code as a PNG image\n"
	"\n"
	"CODE is the full code from the QR code or the short code (ABCD-EFGH-K).",
	.summary = "show a voucher and its state",
};

struct list_state {
	struct cli_ctx *ctx;
	json_t *array;
	int count;
};

static int
list_one(const struct voucher *v, void *p)
{
	struct list_state *ls = p;
	char t[CLOCK_ISO_LEN];

	if (ls->array)
		return json_array_append_new(ls->array, voucher_json(v)) != 0;
	if (ls->count++ == 0)
		printf("SHORT        STATE       SKU                POINTS  EXPIRES           ITEM\n");
	cli_format_time(v->expires_at, t);
	printf("%-11s  %-10s  %-16s %8lld  %s  ", v->short_code, voucher_state_name(v->state), v->sku,
	       (long long)v->points, t);
	printf("%s\n", cli_safe(v->name_zh));
	return 0;
}

static int
exec_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct list_state ls = { ctx, NULL, 0 };
	int open_only = cli_flag(args, OPT_OPEN);

	(void)state;
	if (ctx->json)
		ls.array = json_array();
	if (voucher_list(&ctx->lg, args->argv[0], open_only, list_one, &ls, &ctx->err) != JF_OK) {
		json_decref(ls.array);
		return ctx->err.status;
	}
	if (ls.array)
		return cli_print_json(ctx, ls.array);
	if (ls.count == 0)
		printf("no %svouchers for %s\n", open_only ? "open " : "", args->argv[0]);
	return JF_OK;
}

static const struct option list_options[] = {
	{ "open", no_argument, NULL, OPT_OPEN },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_voucher_list = {
	.name = "voucher list",
	.options = list_options,
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_READ,
	.check = cli_check_card_arg,
	.exec = exec_list,
	.usage =
	"jifen voucher list CARD [--open]\n"
	"\n"
	"  --open   only the vouchers not yet redeemed, cancelled or expired",
	.summary = "list a member's vouchers, newest first",
};

/* voucher redeem / cancel / return: one code, maybe a staff id. */
static int
run_step(struct cli_ctx *ctx, const struct cli_args *args,
	 enum jf_status (*step)(struct ledger *, const char *, const char *, struct voucher *,
				struct jf_error *),
	 const char *done)
{
	struct voucher v;

	/* main made --staff the ledger's actor: the step records it. */
	if (step(&ctx->lg, args->argv[0], NULL, &v, &ctx->err) != JF_OK)
		return ctx->err.status;
	return show_result(ctx, &v, done);
}

static enum jf_status
cancel_step(struct ledger *lg, const char *code, const char *staff, struct voucher *v,
	    struct jf_error *err)
{
	(void)staff;
	return voucher_cancel(lg, code, v, err);
}

/* The slip of goods handed over: kept with the redemption, in one
 * transaction, and printed after it. */
static int
redeem_with_slip(struct cli_ctx *ctx, const char *code, int64_t bill)
{
	struct voucher v;
	struct slip_data d = { .kind = SLIP_VOUCHER, .balance = -1 };
	int64_t id = 0;
	int status;

	if (slip_begin(&ctx->lg, &ctx->err) != JF_OK)
		return ctx->err.status;
	if ((bill < 0 ? voucher_redeem(&ctx->lg, code, NULL, &v, &ctx->err)
		      : voucher_redeem_bill(&ctx->lg, code, NULL, bill, &v, &ctx->err)) != JF_OK)
		goto fail;
	d.ref = v.short_code;
	d.card = v.card;
	d.points = v.points;
	d.cash_fen = v.cash_fen;
	d.item = ctx->cfg.printer_language == PRINT_EN && v.name_en[0] ? v.name_en : v.name_zh;
	d.qr = v.code;
	if (slip_record(&ctx->lg, &d, &id, NULL, &ctx->err) != JF_OK)
		goto fail;
	if (slip_commit(&ctx->lg, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_slip_print(ctx, id, voucher_json(&v));
	if ((status = show_result(ctx, &v, "redeemed: hand over the goods")))
		return status;
	return cli_slip_print(ctx, id, NULL);
fail:
	slip_rollback(&ctx->lg);
	return ctx->err.status;
}

/* --bill AMOUNT: the bill a coupon is used on, checked before the ledger opens. */
static int
check_voucher_redeem(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int64_t *bill = state;
	const char *text = cli_opt(args, OPT_BILL);

	*bill = -1;
	return text ? cli_check_amount(ctx, text, bill) : 0;
}

static int
exec_voucher_redeem(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const int64_t *bill = state;
	struct voucher v;

	if (cli_flag(args, OPT_SLIP))
		return redeem_with_slip(ctx, args->argv[0], *bill);
	if (*bill < 0)
		return run_step(ctx, args, voucher_redeem, "redeemed: hand over the goods");
	if (voucher_redeem_bill(&ctx->lg, args->argv[0], NULL, *bill, &v, &ctx->err) != JF_OK)
		return ctx->err.status;
	return show_result(ctx, &v, "redeemed: take the discount off the bill");
}

static const struct option voucher_redeem_options[] = {
	{ "slip", no_argument, NULL, OPT_SLIP },
	{ "bill", required_argument, NULL, OPT_BILL },
	{ NULL, 0, NULL, 0 },
};

static int
exec_voucher_cancel(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return run_step(ctx, args, cancel_step, "cancelled: the points are free again");
}

static int
exec_voucher_return(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return run_step(ctx, args, voucher_return, "taken back: the points are returned");
}

const struct cli_command cli_cmd_voucher_redeem = {
	.name = "voucher redeem",
	.options = voucher_redeem_options,
	.args_min = 1, .args_max = 1, .args = "CODE",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_REQUIRED,
	.action = "voucher redeem",
	.state_size = sizeof(int64_t),
	.check = check_voucher_redeem,
	.exec = exec_voucher_redeem,
	.usage =
	"jifen voucher redeem CODE [--bill AMOUNT] --staff ID [--pin-stdin] [--slip]\n"
	"\n"
	"  --bill AMOUNT  the bill a coupon is used on, in yuan: a coupon whose\n"
	"                 minimum spend the bill does not reach is refused (exit 5),\n"
	"                 else the discount is printed\n"
	"  --staff ID     who hands over the goods (kept with the voucher)\n"
	"  --pin-stdin    the staff member's PIN, from the first line of stdin\n"
	"  --slip         keep a receipt with the voucher's QR code and print it on\n"
	"                 the config's [printer]; a printer that does not take it is\n"
	"                 reported, and the voucher is redeemed all the same\n"
	"\n"
	"The cashier's scan: the held points are spent. A voucher redeemed before is\n"
	"refused (exit 5), naming when and by whom.",
	.summary = "redeem a voucher at the counter",
};

const struct cli_command cli_cmd_voucher_cancel = {
	.name = "voucher cancel",
	.args_min = 1, .args_max = 1, .args = "CODE",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "voucher cancel",
	.exec = exec_voucher_cancel,
	.usage =
	"jifen voucher cancel CODE [--staff ID [--pin-stdin]]\n"
	"\n"
	"  --staff ID   who cancels it; else the shell user\n"
	"  --pin-stdin  the staff member's PIN, from the first line of stdin\n"
	"\n"
	"Releases the held points and returns the item to stock.",
	.summary = "cancel a voucher not yet redeemed",
};

const struct cli_command cli_cmd_voucher_return = {
	.name = "voucher return",
	.args_min = 1, .args_max = 1, .args = "CODE",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_REQUIRED,
	.action = "voucher return",
	.exec = exec_voucher_return,
	.usage =
	"jifen voucher return CODE --staff ID [--pin-stdin]\n"
	"\n"
	"  --staff ID   who takes the goods back\n"
	"  --pin-stdin  the staff member's PIN, from the first line of stdin\n"
	"\n"
	"Goods brought back after redemption: the points return to the lots they came\n"
	"from; a lot that would expire within 30 days gets 30 days from today.",
	.summary = "take redeemed goods back: the points return",
};
