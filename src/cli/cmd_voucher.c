/*
 * cmd_voucher: redemption and the life of a voucher. `jifen redeem`,
 * `voucher show|list|redeem|cancel|return`, and `compensate outage`.
 * Codes are checked by core before any lookup; this file only presents.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "compensate.h"
#include "qr.h"
#include "voucher.h"

enum {
	OPT_QTY = 'n',
	OPT_REF = 'r',
	OPT_QR = 'q',
	OPT_PNG = 'p',
	OPT_OPEN = 'o',
	OPT_FROM = 'f',
	OPT_TO = 't',
	OPT_EXTEND = 'e',
};

static json_t *
voucher_json(const struct voucher *v)
{
	char cash[24];

	parse_format_fen(v->cash_fen, cash, sizeof cash);
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:I, s:I, s:s, s:s, s:o, s:o, "
			 "s:o, s:o, s:o, s:o, s:o, s:b}",
		"voucher", v->code, "short", v->short_code, "card", v->card, "sku", v->sku,
		"name", cli_json_str(v->name_zh, 0), "name_en", cli_json_str(v->name_en, 0),
		"kind", kind_name(v->kind), "qty", (json_int_t)v->qty,
		"points", (json_int_t)v->points, "cash", cash,
		"state", voucher_state_name(v->state), "issued", cli_json_time(v->issued_at),
		"expires", cli_json_time(v->expires_at), "redeemed", cli_json_time(v->redeemed_at),
		"redeemed_by", cli_json_str(v->redeemed_by, 1), "closed", cli_json_time(v->closed_at),
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

static int
show_result(struct cli_ctx *ctx, const struct voucher *v, const char *done)
{
	if (ctx->json)
		return cli_print_json(ctx, voucher_json(v));
	if (done)
		printf("%s%s\n", done, v->replay ? " (already recorded)" : "");
	print_voucher(v);
	return JF_OK;
}

static int
run_redeem(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "qty", required_argument, NULL, OPT_QTY },
		{ "ref", required_argument, NULL, OPT_REF },
		CLI_GLOBAL_OPTIONS,
	};
	const char *key = NULL;
	int64_t qty = 1;
	struct voucher v;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		switch (c) {
		case CLI_STOP: return status;
		case OPT_QTY:
			if (parse_int_range("quantity", optarg, 1, 100, &qty, &ctx->err) != JF_OK)
				return cli_fail(ctx, JF_USAGE);
			break;
		case OPT_REF: key = optarg; break;
		}
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 2, 2, "CARD SKU")) ||
	    (status = cli_check_card(ctx, argv[optind])) ||
	    (key && (status = cli_check_key(ctx, "ref", key))) || (status = cli_open_ledger(ctx)))
		return status;
	if (voucher_issue(&ctx->lg, argv[optind], argv[optind + 1], qty, key, &v, &ctx->err))
		return cli_fail(ctx, ctx->err.status);
	return show_result(ctx, &v, "voucher issued: show it to the cashier");
}

const struct cli_command cli_cmd_redeem = {
	"redeem", run_redeem,
	"jifen redeem CARD SKU [--qty N] [--ref KEY]\n"
	"\n"
	"  --qty N     how many of the item (1 to 100, default 1)\n"
	"  --ref KEY   an idempotency key: redeeming with it again returns the same voucher\n"
	"\n"
	"Holds the points and reserves the stock, and prints the voucher's code, its\n"
	"short code, the points and the expiry. The cashier redeems it with\n"
	"`jifen voucher redeem CODE --staff ID`.",
	"redeem points for a catalog item: issue a voucher",
};

/* Does the user's locale (LC_ALL, LC_CTYPE, LANG) speak UTF-8? */
static int
utf8_terminal(void)
{
	const char *codeset;

	if (setlocale(LC_CTYPE, "") == NULL)
		return 0;
	codeset = nl_langinfo(CODESET);
	return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

static int
print_qr(struct cli_ctx *ctx, const char *code)
{
	struct qr_matrix m;
	int tty = isatty(STDOUT_FILENO);
	char *text;

	if (qr_encode(code, &m, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	/* On a terminal, black on white so any colour scheme scans; in a file or
	 * pipe, plain characters with light modules as ink, as the kiosk draws it.
	 * A terminal that is not UTF-8 gets the ASCII form. */
	text = utf8_terminal() ? qr_render_halfblocks(&m, tty) : qr_render_ascii(&m, tty);
	if (tty)
		for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
			printf("\033[30;47m%s\033[0m\n", line);
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
run_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "qr", no_argument, NULL, OPT_QR },
		{ "png", required_argument, NULL, OPT_PNG },
		CLI_GLOBAL_OPTIONS,
	};
	const char *png = NULL;
	int c, status, qr = 0;
	struct voucher v;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		switch (c) {
		case CLI_STOP: return status;
		case OPT_QR: qr = 1; break;
		case OPT_PNG: png = optarg; break;
		}
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 1, 1, "CODE")) ||
	    (status = cli_open_ledger(ctx)))
		return status;
	if (voucher_find(&ctx->lg, argv[optind], &v, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (png && (status = write_png(ctx, v.code, png)))
		return status;
	if (qr && !ctx->json) {
		if ((status = print_qr(ctx, v.code)))
			return status;
		printf("%s  %s\n", v.short_code, v.code);
		return JF_OK;
	}
	return show_result(ctx, &v, NULL);
}

const struct cli_command cli_cmd_voucher_show = {
	"voucher show", run_show,
	"jifen voucher show CODE [--qr] [--png FILE]\n"
	"\n"
	"  --qr         print the QR code as the kiosk shows it, with the short code\n"
	"  --png FILE   also write the QR code as a PNG image\n"
	"\n"
	"CODE is the full code from the QR code or the short code (ABCD-EFGH-K).",
	"show a voucher and its state",
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
run_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "open", no_argument, NULL, OPT_OPEN },
		CLI_GLOBAL_OPTIONS,
	};
	struct list_state ls = { ctx, NULL, 0 };
	int c, status, open_only = 0;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		if (c == CLI_STOP)
			return status;
		if (c == OPT_OPEN)
			open_only = 1;
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 1, 1, "CARD")) ||
	    (status = cli_check_card(ctx, argv[optind])) || (status = cli_open_ledger(ctx)))
		return status;
	if (ctx->json)
		ls.array = json_array();
	if (voucher_list(&ctx->lg, argv[optind], open_only, list_one, &ls, &ctx->err) != JF_OK) {
		json_decref(ls.array);
		return cli_fail(ctx, ctx->err.status);
	}
	if (ls.array)
		return cli_print_json(ctx, ls.array);
	if (ls.count == 0)
		printf("no %svouchers for %s\n", open_only ? "open " : "", argv[optind]);
	return JF_OK;
}

const struct cli_command cli_cmd_voucher_list = {
	"voucher list", run_list,
	"jifen voucher list CARD [--open]\n"
	"\n"
	"  --open   only the vouchers not yet redeemed, cancelled or expired",
	"list a member's vouchers, newest first",
};

/* voucher redeem / cancel / return: one code, maybe a staff id. */
static int
run_step(struct cli_ctx *ctx, int argc, char **argv, int need_staff,
	 enum jf_status (*step)(struct ledger *, const char *, const char *, struct voucher *,
				struct jf_error *),
	 const char *done)
{
	static const struct option opts[] = {
		CLI_STAFF_OPTION,
		CLI_GLOBAL_OPTIONS,
	};
	struct voucher v;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		if (c == CLI_STOP)
			return status;
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 1, 1, "CODE")))
		return status;
	if (need_staff && ctx->staff == NULL)
		return cli_missing_option(ctx, "--staff ID");
	if ((status = cli_open_ledger(ctx)))
		return status;
	/* --staff is the ledger's actor by now (cli_act): the step uses it. */
	if (step(&ctx->lg, argv[optind], NULL, &v, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	return show_result(ctx, &v, done);
}

static enum jf_status
cancel_step(struct ledger *lg, const char *code, const char *staff, struct voucher *v,
	    struct jf_error *err)
{
	(void)staff;
	return voucher_cancel(lg, code, v, err);
}

static int
run_voucher_redeem(struct cli_ctx *ctx, int argc, char **argv)
{
	return run_step(ctx, argc, argv, 1, voucher_redeem, "redeemed: hand over the goods");
}

static int
run_voucher_cancel(struct cli_ctx *ctx, int argc, char **argv)
{
	return run_step(ctx, argc, argv, 0, cancel_step, "cancelled: the points are free again");
}

static int
run_voucher_return(struct cli_ctx *ctx, int argc, char **argv)
{
	return run_step(ctx, argc, argv, 1, voucher_return, "taken back: the points are returned");
}

const struct cli_command cli_cmd_voucher_redeem = {
	"voucher redeem", run_voucher_redeem,
	"jifen voucher redeem CODE --staff ID\n"
	"\n"
	"  --staff ID   who hands over the goods (kept with the voucher)\n"
	"\n"
	"The cashier's scan: the held points are spent. A voucher redeemed before is\n"
	"refused (exit 5), naming when and by whom.",
	"redeem a voucher at the counter",
};

const struct cli_command cli_cmd_voucher_cancel = {
	"voucher cancel", run_voucher_cancel,
	"jifen voucher cancel CODE\n"
	"\n"
	"Releases the held points and returns the item to stock.",
	"cancel a voucher not yet redeemed",
};

const struct cli_command cli_cmd_voucher_return = {
	"voucher return", run_voucher_return,
	"jifen voucher return CODE --staff ID\n"
	"\n"
	"  --staff ID   who takes the goods back\n"
	"\n"
	"Goods brought back after redemption: the points return to the lots they came\n"
	"from; a lot that would expire within 30 days gets 30 days from today.",
	"take redeemed goods back: the points return",
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
run_outage(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "extend-days", required_argument, NULL, OPT_EXTEND },
		CLI_STAFF_OPTION,
		CLI_GLOBAL_OPTIONS,
	};
	const char *from = NULL, *to = NULL, *days = NULL;
	struct outage_result res;
	int64_t t1, t2, n;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		switch (c) {
		case CLI_STOP: return status;
		case OPT_FROM: from = optarg; break;
		case OPT_TO: to = optarg; break;
		case OPT_EXTEND: days = optarg; break;
		}
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 0, 0, "")))
		return status;
	if (!from || !to || !days)
		return cli_missing_option(ctx, !from ? "--from T1" : !to ? "--to T2" : "--extend-days N");
	if ((status = parse_time_opt(ctx, "--from", from, &t1)) ||
	    (status = parse_time_opt(ctx, "--to", to, &t2)))
		return status;
	if (parse_int_range("--extend-days", days, 1, 3650, &n, &ctx->err) != JF_OK)
		return cli_fail(ctx, JF_USAGE);
	if ((status = cli_open_ledger(ctx)))
		return status;
	if (compensate_outage(&ctx->lg, t1, t2, n, &res, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
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

const struct cli_command cli_cmd_compensate_outage = {
	"compensate outage", run_outage,
	"jifen compensate outage --from T1 --to T2 --extend-days N [--staff ID]\n"
	"\n"
	"  --from T1, --to T2   the outage, as ISO 8601 times (2026-11-20T09:00)\n"
	"  --extend-days N      how long the affected points stay valid from today\n"
	"  --staff ID           who compensates (letters, digits, . _ -); else the shell user\n"
	"\n"
	"Points that expired, or were due, while the system was down come back and\n"
	"stay valid N days from today. The reason is kept in the ledger and shown to\n"
	"the members.",
	"make good the points an outage let expire",
};
