/*
 * cmd_catalog: `jifen catalog import|list|show|delist`, the redemption
 * catalog. An import with bad rows is the one command that prints more
 * than one error line: one per bad row, "jifen: FILE:LINE: problem", so the
 * whole file can be fixed at once; nothing is imported then.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "campaign.h"
#include "cli.h"
#include "compensate.h"
#include "parse.h"
#include "xalloc.h"

enum { OPT_CATEGORY = 'c', OPT_ALL = 'a', OPT_COMPENSATE = 'p', OPT_REASON = 'r' };

/* Each problem of a refused import on its own line; the exit status. */
static int
import_problems(struct cli_ctx *ctx, const char *file, const struct import_report *r)
{
	const char *name = cli_safe(file);

	for (size_t i = 0; i < r->problem_count; i++)
		cli_error_line("%s:%d: %s", name, r->problems[i].line,
			       cli_safe(r->problems[i].message));
	ctx->reported = 1; /* these lines are the error */
	return JF_USAGE;
}

static int
check_import(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	if (*args->argv[0] == '\0')
		return cli_error(ctx, JF_USAGE, "catalog import needs a file name");
	return JF_OK;
}

static int
exec_import(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *file = args->argv[0];
	struct import_report r;
	enum jf_status st;
	int status = JF_OK;

	(void)state;
	st = catalog_import_file(&ctx->lg, file, &r, &ctx->err);
	if (st == JF_USAGE && r.problem_count > 0)
		status = import_problems(ctx, file, &r);
	else if (st != JF_OK)
		status = cli_fail(ctx, st);
	else if (ctx->json)
		status = cli_print_json(ctx, json_pack("{s:o, s:i, s:i, s:i}",
			"file", cli_json_str(file, 0), "items", r.rows, "inserted", r.inserted,
			"updated", r.updated));
	else
		printf("imported %d %s: %d new, %d updated\n", r.rows,
		       r.rows == 1 ? "item" : "items", r.inserted, r.updated);
	import_report_done(&r);
	return status;
}

const struct cli_command cli_cmd_catalog_import = {
	.name = "catalog import",
	.args_min = 1, .args_max = 1, .args = "FILE.csv",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "import",
	.check = check_import,
	.exec = exec_import,
	.usage =
	"jifen catalog import FILE.csv [--staff ID [--pin-stdin]]\n"
	"\n"
	"The columns, after a header line naming them in this order:\n"
	"  sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,\n"
	"  active_from,active_until,new_until\n"
	"Items are matched by SKU: new ones are added, changed ones updated, and\n"
	"importing the same file again changes nothing. If any row is bad, each bad\n"
	"row is reported as FILE:LINE and nothing is imported (exit 2). Each item\n"
	"changed records who imported it (--staff ID, else the shell user) and where.",
	.summary = "add or update catalog items from a CSV file",
};

/* ---- list ---- */

struct item_rows {
	struct catalog_item *rows;
	size_t count, cap;
};

static int
collect_item(const struct catalog_item *item, void *arg)
{
	struct item_rows *list = arg;

	if (list->count == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 64;
		list->rows = xrealloc(list->rows, list->cap * sizeof *list->rows);
	}
	list->rows[list->count++] = *item;
	return 0;
}

static void
today(char out[CLOCK_DATE_LEN])
{
	clock_date_of(clock_now(), out);
}

/* "12.00", or "-" for none. */
static void
format_money(int64_t fen, char *out, size_t size)
{
	if (fen == 0)
		snprintf(out, size, "-");
	else
		parse_format_fen(fen, out, size);
}

/* What list and show print in JSON alike. */
static json_t *
item_json(const struct catalog_item *it, const char *day)
{
	char cash[24];

	parse_format_fen(it->cash_fen, cash, sizeof cash);
	return json_pack("{s:o, s:o, s:o, s:o, s:s, s:I, s:s, s:I, s:b, s:b, s:b}",
			 "sku", cli_json_str(it->sku, 0),
			 "name", cli_json_str(it->name_zh, 0),
			 "name_en", cli_json_str(it->name_en, 0),
			 "category", cli_json_str(it->category, 0),
			 "type", catalog_type_name(it->type),
			 "points", (json_int_t)it->points,
			 "cash", cash,
			 "stock", (json_int_t)it->stock,
			 "green", it->green,
			 "available", catalog_available_on(it, day),
			 "delisted", it->delisted);
}

/* Column widths: at least the heading's, else the widest cell. */
struct list_widths {
	int sku, name, name_en, category, points, cash, stock;
};

static void
measure(const struct item_rows *list, struct list_widths *w)
{
	char cash[24];

	*w = (struct list_widths){ 3, 4, 12, 8, 6, 4, 5 };
	for (size_t i = 0; i < list->count; i++) {
		const struct catalog_item *it = &list->rows[i];

		format_money(it->cash_fen, cash, sizeof cash);
		w->sku = cli_wider(w->sku, it->sku);
		w->name = cli_wider(w->name, it->name_zh);
		w->name_en = cli_wider(w->name_en, it->name_en);
		w->category = cli_wider(w->category, it->category);
		w->points = cli_wider_number(w->points, it->points);
		w->cash = cli_wider(w->cash, cash);
		w->stock = cli_wider_number(w->stock, it->stock);
	}
}

static void
print_item_row(const struct catalog_item *it, const struct list_widths *w)
{
	char cash[24];

	format_money(it->cash_fen, cash, sizeof cash);
	cli_print_cell(it->sku, w->sku, 0);
	printf("  ");
	cli_print_cell(it->name_zh, w->name, 0);
	printf("  ");
	cli_print_cell(it->name_en, w->name_en, 0);
	printf("  ");
	cli_print_cell(it->category, w->category, 0);
	printf("  %*lld  %*s  %*lld  %s%s\n", w->points, (long long)it->points, w->cash, cash,
	       w->stock, (long long)it->stock, it->green ? "yes" : "no",
	       it->delisted ? "  delisted" : "");
}

static void
print_item_table(const struct item_rows *list)
{
	struct list_widths w;

	measure(list, &w);
	cli_print_cell("SKU", w.sku, 0);
	printf("  ");
	cli_print_cell("NAME", w.name, 0);
	printf("  ");
	cli_print_cell("ENGLISH NAME", w.name_en, 0);
	printf("  ");
	cli_print_cell("CATEGORY", w.category, 0);
	printf("  %*s  %*s  %*s  %s\n", w.points, "POINTS", w.cash, "CASH", w.stock, "STOCK",
	       "GREEN");
	for (size_t i = 0; i < list->count; i++)
		print_item_row(&list->rows[i], &w);
}

static int
print_items(struct cli_ctx *ctx, const struct item_rows *list, const char *category)
{
	char day[CLOCK_DATE_LEN];
	json_t *array;

	if (!ctx->json) {
		if (list->count == 0 && category)
			printf("no items in category %s\n", cli_safe(category));
		else if (list->count == 0)
			printf("no items in the catalog (add some with: jifen catalog import FILE.csv)\n");
		else
			print_item_table(list);
		return JF_OK;
	}
	today(day);
	array = json_array();
	for (size_t i = 0; i < list->count; i++)
		json_array_append_new(array, item_json(&list->rows[i], day));
	return cli_print_json(ctx, array);
}

static int
check_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *category = cli_opt(args, OPT_CATEGORY);

	(void)state;
	return category ? cli_check_name(ctx, "category", category) : JF_OK;
}

static int
exec_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *category = cli_opt(args, OPT_CATEGORY);
	struct item_rows list = { 0 };
	int status;

	(void)state;
	char featured[CAMPAIGN_FEATURED_ALL][GAME_CODE_SIZE];
	size_t n;

	if (catalog_list(&ctx->lg, category, cli_flag(args, OPT_ALL), collect_item, &list,
			 &ctx->err) != JF_OK ||
	    campaign_featured(&ctx->lg, featured, CAMPAIGN_FEATURED_ALL, &n, &ctx->err) != JF_OK) {
		status = ctx->err.status;
	} else {
		/* The running campaigns' featured items first (campaign.h). */
		campaign_featured_first(list.rows, list.count, sizeof *list.rows,
					offsetof(struct catalog_item, sku),
					(const char (*)[GAME_CODE_SIZE])featured, n);
		status = print_items(ctx, &list, category);
	}
	free(list.rows);
	return status;
}

static const struct option list_options[] = {
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "all", no_argument, NULL, OPT_ALL },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_catalog_list = {
	.name = "catalog list",
	.options = list_options,
	.ledger = CLI_LEDGER_READ,
	.check = check_list,
	.exec = exec_list,
	.usage =
	"jifen catalog list [--category CATEGORY] [--all]\n"
	"\n"
	"  --category CATEGORY   only the items of this category\n"
	"  --all                 delisted items too",
	.summary = "list the catalog by category and SKU",
};

/* ---- show ---- */

/* "2026-01-01 to 2027-12-31", "from ...", "until ...", "always". */
static void
format_window(const struct catalog_item *it, char *out, size_t size)
{
	if (it->active_from[0] && it->active_until[0])
		snprintf(out, size, "%s to %s", it->active_from, it->active_until);
	else if (it->active_from[0])
		snprintf(out, size, "from %s", it->active_from);
	else if (it->active_until[0])
		snprintf(out, size, "until %s", it->active_until);
	else
		snprintf(out, size, "always");
}

/* Why an item can or cannot be redeemed today, for people. */
static void
format_availability(const struct catalog_item *it, const char *day, char *out, size_t size)
{
	if (it->delisted)
		snprintf(out, size, "no: delisted");
	else if (it->active_from[0] && strcmp(day, it->active_from) < 0)
		snprintf(out, size, "no: not before %s", it->active_from);
	else if (it->active_until[0] && strcmp(day, it->active_until) > 0)
		snprintf(out, size, "no: ended %s", it->active_until);
	else if (it->stock == 0)
		snprintf(out, size, "yes, but out of stock");
	else
		snprintf(out, size, "yes");
}

static void
show_item_text(const struct catalog_item *it, const char *day)
{
	char cash[24], value[24], min[24], window[40], avail[64], when[CLOCK_ISO_LEN], stamp[160];

	format_money(it->cash_fen, cash, sizeof cash);
	format_money(it->value_fen, value, sizeof value);
	format_money(it->min_spend_fen, min, sizeof min);
	format_window(it, window, sizeof window);
	format_availability(it, day, avail, sizeof avail);
	printf("sku           %s\n", cli_safe(it->sku));
	printf("name          %s\n", cli_safe(it->name_zh));
	printf("English name  %s\n", cli_safe(it->name_en));
	printf("category      %s\n", cli_safe(it->category));
	printf("type          %s\n", catalog_type_name(it->type));
	printf("points        %lld%s\n", (long long)it->points, it->green ? " (green points)" : "");
	printf("cash          %s\n", cash);
	printf("value         %s\n", value);
	printf("min spend     %s\n", min);
	printf("stock         %lld\n", (long long)it->stock);
	printf("green         %s\n", it->green ? "yes" : "no");
	printf("active        %s\n", window);
	printf("new until     %s\n", it->new_until[0] ? cli_safe(it->new_until) : "-");
	printf("available     %s (today %s)\n", avail, day);
	cli_format_time(it->delisted_at, when);
	if (it->delisted)
		printf("delisted      %s: %s\n", when, cli_safe(it->delist_reason));
	else
		printf("delisted      no\n");
	cli_format_stamp(it->updated_at, it->updated_by, it->updated_terminal, stamp, sizeof stamp);
	printf("updated       %s\n", stamp);
}

static json_t *
show_item_json(const struct catalog_item *it, const char *day)
{
	json_t *obj = item_json(it, day);
	char value[24], min[24];

	if (obj == NULL)
		return NULL;
	parse_format_fen(it->value_fen, value, sizeof value);
	parse_format_fen(it->min_spend_fen, min, sizeof min);
	json_object_set_new(obj, "value", json_string(value));
	json_object_set_new(obj, "min_spend", json_string(min));
	json_object_set_new(obj, "active_from", cli_json_str(it->active_from, 1));
	json_object_set_new(obj, "active_until", cli_json_str(it->active_until, 1));
	json_object_set_new(obj, "new_until", cli_json_str(it->new_until, 1));
	json_object_set_new(obj, "new", json_boolean(it->new_until[0] && !it->delisted &&
						      strcmp(day, it->new_until) <= 0));
	json_object_set_new(obj, "delisted_at", cli_json_time(it->delisted_at));
	json_object_set_new(obj, "delist_reason", cli_json_str(it->delist_reason, 1));
	json_object_set_new(obj, "updated", cli_json_time(it->updated_at));
	json_object_set_new(obj, "updated_by", cli_json_str(it->updated_by, 1));
	json_object_set_new(obj, "updated_terminal", cli_json_str(it->updated_terminal, 1));
	json_object_set_new(obj, "delisted_by", cli_json_str(it->delisted_by, 1));
	return obj;
}

/* The check of the commands whose one argument is a SKU. */
static int
check_sku_arg(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return catalog_check_sku(args->argv[0], &ctx->err) == JF_OK ? JF_OK
								     : cli_fail(ctx, ctx->err.status);
}

static int
exec_show(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct catalog_item it;
	char day[CLOCK_DATE_LEN];

	(void)state;
	if (catalog_find(&ctx->lg, args->argv[0], &it, &ctx->err) != JF_OK)
		return ctx->err.status;
	today(day);
	if (ctx->json)
		return cli_print_json(ctx, show_item_json(&it, day));
	show_item_text(&it, day);
	return JF_OK;
}

const struct cli_command cli_cmd_catalog_show = {
	.name = "catalog show",
	.args_min = 1, .args_max = 1, .args = "SKU",
	.ledger = CLI_LEDGER_READ,
	.check = check_sku_arg,
	.exec = exec_show,
	.usage =
	"jifen catalog show SKU",
	.summary = "show one catalog item and whether it is on offer today",
};

/* ---- delist ---- */

/* The delist's options, read and checked before the ledger is opened. */
struct delist_state {
	int64_t bonus;
	const char *reason;
};

static int
check_delist(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct delist_state *d = state;
	const char *bonus_text = cli_opt(args, OPT_COMPENSATE);

	d->reason = cli_opt(args, OPT_REASON);
	if (bonus_text == NULL)
		return cli_missing_option(ctx, "--compensate POINTS");
	if (d->reason == NULL)
		return cli_missing_option(ctx, "--reason TEXT");
	if (catalog_check_sku(args->argv[0], &ctx->err) != JF_OK ||
	    parse_int_range("compensation points", bonus_text, 0, PARSE_POINTS_MAX, &d->bonus,
			    &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	return cli_check_text(ctx, "reason", d->reason);
}

static int
exec_delist(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct delist_state *d = state;
	const char *sku = args->argv[0];
	struct delist_result res;

	if (compensate_delist(&ctx->lg, sku, d->bonus, d->reason, &res, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:I, s:I, s:I}", "sku", sku,
			"vouchers", (json_int_t)res.vouchers, "points_back",
			(json_int_t)res.points_back, "bonus_points", (json_int_t)res.bonus_points));
	printf("delisted %s: %lld %s cancelled, %lld points returned, %lld bonus points given\n",
	       sku, (long long)res.vouchers, res.vouchers == 1 ? "voucher" : "vouchers",
	       (long long)res.points_back, (long long)res.bonus_points);
	return JF_OK;
}

static const struct option delist_options[] = {
	{ "compensate", required_argument, NULL, OPT_COMPENSATE },
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_catalog_delist = {
	.name = "catalog delist",
	.options = delist_options,
	.args_min = 1, .args_max = 1, .args = "SKU",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "delist",
	.state_size = sizeof(struct delist_state),
	.check = check_delist,
	.exec = exec_delist,
	.usage =
	"jifen catalog delist SKU --compensate POINTS --reason TEXT [--staff ID [--pin-stdin]]\n"
	"\n"
	"  --compensate POINTS   bonus points for each member whose voucher is\n"
	"                        cancelled (0 for none), on top of their points back\n"
	"  --reason TEXT         why, in words the members will read (up to 200\n"
	"                        characters)\n"
	"  --staff ID            who delists (letters, digits, . _ -); else the shell user\n"
	"  --pin-stdin           the staff member's PIN, from the first line of stdin\n"
	"\n"
	"Every voucher still out for the item is cancelled and its points returned;\n"
	"the item stays in the ledger, marked delisted, and is no longer offered.",
	.summary = "take an item off the catalog, making good its open vouchers",
};
