/*
 * cmd_family: `jifen family create|add|list|remove|owner`. Families are
 * who may pass green points to each other.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "family.h"

enum { OPT_OWNER = 'o' };

static int
check_create(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *owner = cli_opt(args, OPT_OWNER);
	int status;

	(void)state;
	if (owner == NULL)
		return cli_missing_option(ctx, "--owner CARD");
	if ((status = cli_check_name(ctx, "family name", args->argv[0])) ||
	    (status = cli_check_card(ctx, owner)))
		return status;
	return JF_OK;
}

static int
exec_create(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *name = args->argv[0], *owner = cli_opt(args, OPT_OWNER);

	(void)state;
	if (family_create(&ctx->lg, name, owner, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:o, s:s}", "family", cli_json_str(name, 0),
						     "owner", owner));
	printf("created family %s with owner %s\n", cli_safe(name), owner);
	return JF_OK;
}

static const struct option create_options[] = {
	{ "owner", required_argument, NULL, OPT_OWNER },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_family_create = {
	.name = "family create",
	.options = create_options,
	.args_min = 1, .args_max = 1, .args = "NAME",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "family",
	.check = check_create,
	.exec = exec_create,
	.usage =
	"jifen family create NAME --owner CARD [--staff ID [--pin-stdin]]\n"
	"\n"
	"  --owner CARD   the first member, who owns the family\n"
	"  --staff ID     who starts the family; else the shell user\n"
	"  --pin-stdin    the staff member's PIN, from the first line of stdin",
	.summary = "start a family of members who share green points",
};

/* The check of a command whose arguments are FAMILY CARD. */
static int
check_family_card(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status;

	(void)state;
	if ((status = cli_check_name(ctx, "family name", args->argv[0])) ||
	    (status = cli_check_card(ctx, args->argv[1])))
		return status;
	return JF_OK;
}

static int
exec_add(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *name = args->argv[0], *card = args->argv[1];

	(void)state;
	if (family_add(&ctx->lg, name, card, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:o, s:s}", "family", cli_json_str(name, 0),
						     "card", card));
	printf("added %s to family %s\n", card, cli_safe(name));
	return JF_OK;
}

const struct cli_command cli_cmd_family_add = {
	.name = "family add",
	.args_min = 2, .args_max = 2, .args = "NAME CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "family",
	.check = check_family_card,
	.exec = exec_add,
	.usage =
	"jifen family add NAME CARD [--staff ID [--pin-stdin]]\n"
	"\n"
	"A member belongs to one family at most.\n"
	"  --staff ID     who adds the member; else the shell user\n"
	"  --pin-stdin    the staff member's PIN, from the first line of stdin",
	.summary = "add a member to a family",
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
	char added[160];

	out->rows++;
	if (out->array) {
		json_array_append_new(out->array, json_pack("{s:o, s:o, s:o, s:b, s:I, s:I, s:o}",
			"family", cli_json_str(r->family, 0), "card", cli_json_str(r->card, 0),
			"name", cli_json_str(r->name, 0), "owner", r->owner,
			"points", (json_int_t)r->points, "green", (json_int_t)r->green,
			"added", cli_json_stamp(r->added_at, r->added_by, r->added_terminal)));
		return 0;
	}
	if (out->rows == 1) {
		cli_print_cell("FAMILY", 20, 0);
		printf("  %-19s  ", "CARD");
		cli_print_cell("NAME", 20, 0);
		printf("  %-5s  %10s  %10s  %s\n", "OWNER", "POINTS", "GREEN", "ADDED");
	}
	cli_format_stamp(r->added_at, r->added_by, r->added_terminal, added, sizeof added);
	cli_print_cell(r->family, 20, 0);
	printf("  %-19s  ", cli_safe(r->card));
	cli_print_cell(r->name, 20, 0);
	printf("  %-5s  %10lld  %10lld  %s\n", r->owner ? "yes" : "", (long long)r->points,
	       (long long)r->green, added);
	return 0;
}

static int
check_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return args->argc ? cli_check_name(ctx, "family name", args->argv[0]) : JF_OK;
}

static int
exec_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct family_out out = { NULL, 0 };

	(void)state;
	if (ctx->json)
		out.array = json_array();
	if (family_list(&ctx->lg, args->argc ? args->argv[0] : NULL, print_family_row, &out,
			&ctx->err) != JF_OK) {
		json_decref(out.array);
		return ctx->err.status;
	}
	if (ctx->json)
		return cli_print_json(ctx, out.array);
	if (out.rows == 0)
		printf("no families yet\n");
	return JF_OK;
}

const struct cli_command cli_cmd_family_list = {
	.name = "family list",
	.args_min = 0, .args_max = 1, .args = "[NAME]",
	.ledger = CLI_LEDGER_READ,
	.check = check_list,
	.exec = exec_list,
	.usage =
	"jifen family list [NAME]\n"
	"\n"
	"Without NAME, every family, one line per member, with when, by whom and at\n"
	"which terminal the member was added.",
	.summary = "list families, their members and points",
};

/* ---- the family desk: remove, owner ---- */

static int
exec_remove(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	char family[FAMILY_NAME_SIZE];
	const char *card = args->argv[0];
	int dissolved = 0;

	(void)state;
	if (family_remove(&ctx->lg, card, family, &dissolved, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:o, s:b}", "card", card, "family",
						     cli_json_str(family, 0), "dissolved", dissolved));
	printf("removed %s from family %s; its points stay with it%s\n", card, cli_safe(family),
	       dissolved ? "; the family had no one else and is dissolved" : "");
	return JF_OK;
}

const struct cli_command cli_cmd_family_remove = {
	.name = "family remove",
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "family",
	.check = cli_check_card_arg,
	.exec = exec_remove,
	.usage =
	"jifen family remove CARD [--staff ID]\n"
	"\n"
	"  --staff ID     who removes the member; else the shell user\n"
	"\n"
	"The member leaves their family and keeps all their points, green ones\n"
	"too. The owner may leave only as the last member (the family is then\n"
	"dissolved): make another member the owner first (family owner).",
	.summary = "remove a member from their family",
};

static int
exec_owner(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *name = args->argv[0], *card = args->argv[1];
	int changed = 0;

	(void)state;
	if (family_set_owner(&ctx->lg, name, card, &changed, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:o, s:s, s:b}", "family",
						     cli_json_str(name, 0), "owner", card,
						     "changed", changed));
	if (changed)
		printf("%s now owns family %s\n", card, cli_safe(name));
	else
		printf("%s already owns family %s; nothing changed\n", card, cli_safe(name));
	return JF_OK;
}

const struct cli_command cli_cmd_family_owner = {
	.name = "family owner",
	.args_min = 2, .args_max = 2, .args = "NAME CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "family",
	.check = check_family_card,
	.exec = exec_owner,
	.usage =
	"jifen family owner NAME CARD [--staff ID]\n"
	"\n"
	"  --staff ID     who makes the change; else the shell user\n"
	"\n"
	"CARD, a member of the family, becomes its owner.",
	.summary = "make another member of a family its owner",
};
