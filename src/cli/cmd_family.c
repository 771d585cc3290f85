/*
 * cmd_family: `jifen family create|add|list`. Families are who may pass
 * green points to each other.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "family.h"

enum { OPT_OWNER = 'o' };

static int
run_family_create(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "owner", required_argument, NULL, OPT_OWNER },
		CLI_GLOBAL_OPTIONS,
	};
	const char *name, *owner = NULL;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		if (c == CLI_STOP)
			return status;
		if (c == OPT_OWNER)
			owner = optarg;
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 1, 1, "NAME")))
		return status;
	name = argv[optind];
	if (owner == NULL)
		return cli_missing_option(ctx, "--owner CARD");
	if ((status = cli_check_name(ctx, "family name", name)) ||
	    (status = cli_check_card(ctx, owner)) || (status = cli_open_ledger(ctx)))
		return status;
	if (family_create(&ctx->lg, name, owner, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:o, s:s}", "family", cli_json_str(name, 0),
						     "owner", owner));
	printf("created family %s with owner %s\n", cli_safe(name), owner);
	return JF_OK;
}

const struct cli_command cli_cmd_family_create = {
	"family create", run_family_create,
	"jifen family create NAME --owner CARD\n"
	"\n"
	"  --owner CARD   the first member, who owns the family",
	"start a family of members who share green points",
};

static int
run_family_add(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { CLI_GLOBAL_OPTIONS };
	const char *name, *card;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1)
		if (c == CLI_STOP)
			return status;
	if ((status = cli_args(ctx, argc - optind, argv + optind, 2, 2, "NAME CARD")))
		return status;
	name = argv[optind];
	card = argv[optind + 1];
	if ((status = cli_check_name(ctx, "family name", name)) ||
	    (status = cli_check_card(ctx, card)) || (status = cli_open_ledger(ctx)))
		return status;
	if (family_add(&ctx->lg, name, card, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:o, s:s}", "family", cli_json_str(name, 0),
						     "card", card));
	printf("added %s to family %s\n", card, cli_safe(name));
	return JF_OK;
}

const struct cli_command cli_cmd_family_add = {
	"family add", run_family_add,
	"jifen family add NAME CARD\n"
	"\n"
	"A member belongs to one family at most.",
	"add a member to a family",
};

/* Rows are printed while core walks them: their strings live only during
 * the callback, so text columns have fixed widths. */
struct family_out {
	json_t *array; /* NULL for text output */
	int64_t rows;
};

static int
print_family_row(const struct family_row *r, void *arg)
{
	struct family_out *out = arg;

	out->rows++;
	if (out->array) {
		json_array_append_new(out->array, json_pack("{s:o, s:o, s:o, s:b, s:I, s:I}",
			"family", cli_json_str(r->family, 0), "card", cli_json_str(r->card, 0),
			"name", cli_json_str(r->name, 0), "owner", r->owner,
			"points", (json_int_t)r->points, "green", (json_int_t)r->green));
		return 0;
	}
	if (out->rows == 1) {
		cli_print_cell("FAMILY", 20, 0);
		printf("  %-19s  ", "CARD");
		cli_print_cell("NAME", 20, 0);
		printf("  %-5s  %10s  %10s\n", "OWNER", "POINTS", "GREEN");
	}
	cli_print_cell(r->family, 20, 0);
	printf("  %-19s  ", cli_safe(r->card));
	cli_print_cell(r->name, 20, 0);
	printf("  %-5s  %10lld  %10lld\n", r->owner ? "yes" : "", (long long)r->points,
	       (long long)r->green);
	return 0;
}

static int
run_family_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { CLI_GLOBAL_OPTIONS };
	struct family_out out = { NULL, 0 };
	const char *name = NULL;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1)
		if (c == CLI_STOP)
			return status;
	if ((status = cli_args(ctx, argc - optind, argv + optind, 0, 1, "[NAME]")))
		return status;
	if (optind < argc)
		name = argv[optind];
	if ((name && (status = cli_check_name(ctx, "family name", name))) ||
	    (status = cli_open_ledger(ctx)))
		return status;
	if (ctx->json)
		out.array = json_array();
	if (family_list(&ctx->lg, name, print_family_row, &out, &ctx->err) != JF_OK) {
		json_decref(out.array);
		return cli_fail(ctx, ctx->err.status);
	}
	if (ctx->json)
		return cli_print_json(ctx, out.array);
	if (out.rows == 0)
		printf("no families yet\n");
	return JF_OK;
}

const struct cli_command cli_cmd_family_list = {
	"family list", run_family_list,
	"jifen family list [NAME]\n"
	"\n"
	"Without NAME, every family, one line per member.",
	"list families, their members and points",
};
