/*
 * cmd_staff: `jifen staff add|list|disable|pin`, the store's cashiers and
 * managers (staff.h, DESIGN.md "Staff").
 *
 * A PIN is read from stdin only, never from the command line. With
 * `--staff ID --pin-stdin` the acting staff member's PIN is the first line
 * (main reads it) and the new PIN of staff add or staff pin the next one.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "staff.h"

enum { OPT_CARD = 'c', OPT_NAME = 'n', OPT_ROLE = 'r' };

/* The next line of stdin as the new PIN; the acting staff member's came first. */
static int
read_new_pin(struct cli_ctx *ctx, char *pin, size_t size)
{
	return cli_read_pin(ctx, ctx->staff_pin_given ? "the new PIN (second line of stdin)"
						       : "the new PIN (stdin)", pin, size);
}

static int
check_id(struct cli_ctx *ctx, const char *id)
{
	if (actor_check_id("staff id", id, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	return JF_OK;
}

/* ---- add ---- */

struct add_state {
	struct staff_new s;
	char pin[64];
};

static int
check_staff_add(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct add_state *a = state;
	const char *role = cli_opt(args, OPT_ROLE);
	int status;

	a->s.id = args->argv[0];
	a->s.card = cli_opt(args, OPT_CARD);
	a->s.name = cli_opt(args, OPT_NAME);
	if (a->s.card == NULL)
		return cli_missing_option(ctx, "--card CARD");
	if (a->s.name == NULL)
		return cli_missing_option(ctx, "--name NAME");
	if (role == NULL)
		return cli_missing_option(ctx, "--role cashier|manager");
	if ((status = check_id(ctx, a->s.id)) || (status = cli_check_card(ctx, a->s.card)) ||
	    (status = cli_check_name(ctx, "name", a->s.name)))
		return status;
	if (staff_role_parse(role, &a->s.role, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	a->s.pin = a->pin;
	return read_new_pin(ctx, a->pin, sizeof a->pin);
}

static int
exec_staff_add(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct staff_new *s = &((struct add_state *)state)->s;

	(void)args;
	if (staff_add(&ctx->lg, s, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:s, s:o}", "id", s->id, "role",
						     staff_role_name(s->role), "name",
						     cli_json_str(s->name, 0)));
	printf("added %s %s\n", staff_role_name(s->role), s->id);
	return JF_OK;
}

/* The PINs never outlive the command. */
static void
done_pin(void *state)
{
	struct add_state *a = state;

	explicit_bzero(a->pin, sizeof a->pin);
}

static const struct option add_options[] = {
	{ "card", required_argument, NULL, OPT_CARD },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_staff_add = {
	.name = "staff add",
	.options = add_options,
	.args_min = 1, .args_max = 1, .args = "ID",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "staff",
	.state_size = sizeof(struct add_state),
	.check = check_staff_add,
	.exec = exec_staff_add,
	.done = done_pin,
	.usage =
	"jifen staff add ID --card CARD --name NAME --role cashier|manager\n"
	"                [--staff ID --pin-stdin]  < PIN\n"
	"\n"
	"  --card CARD    the card the staff member logs in with at a counter\n"
	"  --name NAME    their name (up to 64 characters)\n"
	"  --role ROLE    cashier or manager\n"
	"  --staff ID     the manager who adds them (needed once a manager exists)\n"
	"  --pin-stdin    that manager's PIN, from the first line of stdin\n"
	"\n"
	"The new staff member's PIN (4 to 6 digits) is read from stdin: its first\n"
	"line, or its second after the manager's PIN. ID is 1 to 32 letters,\n"
	"digits, '.', '_' or '-'; the card may not be a member's.",
	.summary = "add a cashier or a manager",
};

/* ---- list ---- */

static int
print_staff_row(const struct staff *s, void *ctx)
{
	int *count = ctx;

	if ((*count)++ == 0)
		printf("%-16s %-20s %-8s %-9s %s\n", "ID", "CARD", "ROLE", "STATE", "NAME");
	printf("%-16s %-20s %-8s %-9s %s\n", cli_safe(s->id), cli_safe(s->card),
	       staff_role_name(s->role),
	       s->disabled ? "disabled" : s->locked_until > clock_now() ? "locked" : "enabled",
	       cli_safe(s->name));
	return 0;
}

/* Never the PIN's hash: only whether a lock-out holds. */
static int
json_staff_row(const struct staff *s, void *ctx)
{
	json_t *array = ctx;

	json_array_append_new(array, json_pack("{s:o, s:o, s:o, s:s, s:b, s:I, s:o, s:o}",
		"id", cli_json_str(s->id, 0),
		"card", cli_json_str(s->card, 0),
		"name", cli_json_str(s->name, 0),
		"role", staff_role_name(s->role),
		"disabled", s->disabled,
		"pin_failures", (json_int_t)s->pin_failures,
		"locked_until", cli_json_time(s->locked_until > clock_now() ? s->locked_until : 0),
		"created_at", cli_json_time(s->created_at)));
	return 0;
}

static int
exec_staff_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	json_t *array;
	int count = 0;

	(void)args;
	(void)state;
	if (!ctx->json) {
		if (staff_list(&ctx->lg, print_staff_row, &count, &ctx->err) != JF_OK)
			return ctx->err.status;
		if (count == 0)
			printf("no staff yet\n");
		return JF_OK;
	}
	array = json_array();
	if (staff_list(&ctx->lg, json_staff_row, array, &ctx->err) != JF_OK) {
		json_decref(array);
		return ctx->err.status;
	}
	return cli_print_json(ctx, array);
}

const struct cli_command cli_cmd_staff_list = {
	.name = "staff list",
	.ledger = CLI_LEDGER_READ,
	.exec = exec_staff_list,
	.usage =
	"jifen staff list [--json]\n"
	"\n"
	"Every staff member by id: card, role, and whether enabled, disabled or\n"
	"locked after too many wrong PINs.",
	.summary = "list the staff",
};

/* ---- disable ---- */

static int
check_staff_id(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return check_id(ctx, args->argv[0]);
}

static int
exec_staff_disable(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	if (staff_disable(&ctx->lg, args->argv[0], &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:b}", "id", args->argv[0],
						     "disabled", 1));
	printf("disabled staff member %s\n", args->argv[0]);
	return JF_OK;
}

const struct cli_command cli_cmd_staff_disable = {
	.name = "staff disable",
	.args_min = 1, .args_max = 1, .args = "ID",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "staff",
	.check = check_staff_id,
	.exec = exec_staff_disable,
	.usage =
	"jifen staff disable ID [--staff ID --pin-stdin]\n"
	"\n"
	"  --staff ID     the manager who disables them (needed once a manager exists)\n"
	"  --pin-stdin    that manager's PIN, from the first line of stdin\n"
	"\n"
	"For good: the id and the card are never given again, and the actions\n"
	"recorded keep naming them. The last enabled manager cannot be disabled.",
	.summary = "disable a staff member for good",
};

/* ---- pin ---- */

static int
check_staff_pin(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct add_state *a = state;
	const char *id = args->argv[0];
	int status;

	if ((status = check_id(ctx, id)))
		return status;
	/* One's own PIN needs no manager, only the current PIN. */
	if (ctx->staff && strcmp(ctx->staff, id) == 0) {
		if (!ctx->staff_pin_given)
			return cli_error(ctx, JF_USAGE, "a new PIN of one's own needs --pin-stdin "
							"with the current PIN first");
		ctx->action = NULL;
	}
	return read_new_pin(ctx, a->pin, sizeof a->pin);
}

static int
exec_staff_pin(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct add_state *a = state;

	if (staff_set_pin(&ctx->lg, args->argv[0], a->pin, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s}", "id", args->argv[0]));
	printf("set the PIN of staff member %s\n", args->argv[0]);
	return JF_OK;
}

const struct cli_command cli_cmd_staff_pin = {
	.name = "staff pin",
	.args_min = 1, .args_max = 1, .args = "ID",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "staff",
	.state_size = sizeof(struct add_state),
	.check = check_staff_pin,
	.exec = exec_staff_pin,
	.done = done_pin,
	.usage =
	"jifen staff pin ID [--staff ID --pin-stdin]  < PIN\n"
	"\n"
	"  --staff ID     a manager resetting another's PIN, or ID itself\n"
	"  --pin-stdin    the PIN of --staff, from the first line of stdin\n"
	"\n"
	"Sets a new PIN (4 to 6 digits, read from stdin after the PIN of --staff)\n"
	"and clears a lock-out. A manager resets anyone's PIN (once a manager\n"
	"exists, only a manager may); a staff member changes their own with\n"
	"--staff ID --pin-stdin and the current PIN.",
	.summary = "set or reset a staff member's PIN",
};
