/*
 * cmd_member: `jifen member add|show|list|find|card`, the store's members.
 * Phones are masked in text output (other people may see the screen); --json
 * carries them whole, for the programs a store connects (see jifen.1).
 * A PIN is read from stdin only (never from the command line, where other
 * users could see it in the process list) and wiped after use.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "member.h"
#include "xalloc.h"

enum { OPT_NAME = 'n', OPT_BIRTHDAY = 'b', OPT_PHONE = 'p', OPT_PIN_STDIN = 'P' };

/* The new member, with the PIN read from stdin before the ledger opens. */
struct add_state {
	struct member_new m;
	char pin[64];
};

static int
check_member_add(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct add_state *a = state;
	struct member_new *m = &a->m;
	int status;

	m->card = args->argv[0];
	m->name = cli_opt(args, OPT_NAME);
	m->birthday = cli_opt(args, OPT_BIRTHDAY);
	m->phone = cli_opt(args, OPT_PHONE);
	if (m->name == NULL)
		return cli_missing_option(ctx, "--name NAME");
	if ((status = cli_check_card(ctx, m->card)) || (status = cli_check_name(ctx, "name", m->name)) ||
	    (m->birthday && (status = cli_check_date(ctx, m->birthday))) ||
	    (m->phone && (status = cli_check_phone(ctx, m->phone))))
		return status;
	if (!cli_flag(args, OPT_PIN_STDIN))
		return JF_OK;
	m->pin = a->pin;
	return cli_read_pin(ctx, "--pin-stdin", a->pin, sizeof a->pin);
}

static int
exec_member_add(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct member_new *m = &((struct add_state *)state)->m;

	(void)args;
	if (member_add(&ctx->lg, m, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:o}", "card", m->card, "name",
						     cli_json_str(m->name, 0)));
	printf("added member %s\n", m->card);
	return JF_OK;
}

/* The PIN never outlives the command. */
static void
done_member_add(void *state)
{
	struct add_state *a = state;

	explicit_bzero(a->pin, sizeof a->pin);
}

static const struct option add_options[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "birthday", required_argument, NULL, OPT_BIRTHDAY },
	{ "phone", required_argument, NULL, OPT_PHONE },
	{ "pin-stdin", no_argument, NULL, OPT_PIN_STDIN },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_member_add = {
	.name = "member add",
	.options = add_options,
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.state_size = sizeof(struct add_state),
	.check = check_member_add,
	.exec = exec_member_add,
	.done = done_member_add,
	.usage =
	"jifen member add CARD --name NAME [--birthday YYYY-MM-DD] [--phone PHONE]\n"
	"                        [--pin-stdin] [--staff ID]\n"
	"\n"
	"  --name NAME       the member's name (up to 64 characters)\n"
	"  --birthday DATE   for birthday offers\n"
	"  --phone PHONE     digits, '+', '-' and spaces\n"
	"  --pin-stdin       read the kiosk PIN (4 to 6 digits) from one line of stdin\n"
	"  --staff ID        who signs the member up; else the shell user",
	.summary = "add a member with a new card",
};

/* Who did what to the member, where: the lines a counter looks at when a
 * member asks who changed their PIN or why their card is locked. */
static void
show_member_stamps(const struct member *m)
{
	char stamp[160];

	cli_format_stamp(m->created_at, m->created_by, m->created_terminal, stamp, sizeof stamp);
	printf("signed up     %s\n", stamp);
	if (m->family[0]) {
		cli_format_stamp(m->family_at, m->family_by, m->family_terminal, stamp, sizeof stamp);
		printf("family since  %s\n", stamp);
	}
	cli_format_stamp(m->pin_set_at, m->pin_set_by, m->pin_set_terminal, stamp, sizeof stamp);
	printf("PIN set by    %s\n", m->has_pin ? stamp : "-");
	cli_format_stamp(m->pin_failed_at, "", m->pin_failed_terminal, stamp, sizeof stamp);
	printf("wrong PIN     %s\n", stamp);
	cli_format_stamp(m->locked_at, "", m->locked_terminal, stamp, sizeof stamp);
	printf("last lock-out %s\n", stamp);
}

static void
show_member_text(const struct member *m, const struct balance *b)
{
	char locked[CLOCK_ISO_LEN], phone[sizeof m->phone];

	cli_format_time(m->locked_until, locked);
	printf("card          %s\n", cli_safe(m->card));
	printf("name          %s\n", cli_safe(m->name));
	printf("birthday      %s\n", m->birthday[0] ? cli_safe(m->birthday) : "-");
	member_mask_phone(m->phone, phone, sizeof phone);
	printf("phone         %s\n", m->phone[0] ? cli_safe(phone) : "-");
	printf("family        %s\n", m->family[0] ? cli_safe(m->family) : "-");
	printf("PIN set       %s\n", m->has_pin ? "yes" : "no");
	printf("locked until  %s\n", m->locked_until > clock_now() ? locked : "-");
	show_member_stamps(m);
	printf("points        %lld\n", (long long)b->total[KIND_POINTS]);
	printf("green         %lld\n", (long long)b->total[KIND_GREEN]);
}

/* The notices the member has not been shown yet, newest first. */
static int
print_notice(const struct member_notice *n, void *ctx)
{
	char when[CLOCK_ISO_LEN], text[1024];

	(void)ctx;
	cli_format_time(n->created_at, when);
	cli_notice(n, text, sizeof text);
	printf("notice        %s  %s\n", when, cli_safe(text));
	return 0;
}

static int
add_notice_json(const struct member_notice *n, void *ctx)
{
	char text[1024];

	cli_notice(n, text, sizeof text);
	json_array_append_new(ctx, json_pack("{s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)n->id,
					     "created", cli_json_time(n->created_at),
					     "kind", cli_json_str(n->kind, 0),
					     "message", cli_json_str(notice_message_name(n->message), 1),
					     "text", cli_json_str(text, 0)));
	return 0;
}

static json_t *
member_json(const struct member *m, const struct balance *b)
{
	json_t *doc = json_pack("{s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:I, s:I, s:I, s:o}",
			 "card", cli_json_str(m->card, 0),
			 "name", cli_json_str(m->name, 0),
			 "birthday", cli_json_str(m->birthday, 1),
			 "phone", cli_json_str(m->phone, 1),
			 "family", cli_json_str(m->family, 1),
			 "has_pin", m->has_pin,
			 "locked_until", cli_json_time(m->locked_until > clock_now() ?
						       m->locked_until : 0),
			 "pin_failures", (json_int_t)m->pin_failures,
			 "points", (json_int_t)b->total[KIND_POINTS],
			 "green", (json_int_t)b->total[KIND_GREEN],
			 "created", cli_json_time(m->created_at));

	if (doc == NULL)
		return NULL;
	json_object_set_new(doc, "signed_up",
			    cli_json_stamp(m->created_at, m->created_by, m->created_terminal));
	json_object_set_new(doc, "family_since",
			    cli_json_stamp(m->family_at, m->family_by, m->family_terminal));
	json_object_set_new(doc, "pin_set",
			    cli_json_stamp(m->pin_set_at, m->pin_set_by, m->pin_set_terminal));
	json_object_set_new(doc, "pin_failed",
			    cli_json_stamp(m->pin_failed_at, "", m->pin_failed_terminal));
	json_object_set_new(doc, "locked",
			    cli_json_stamp(m->locked_at, "", m->locked_terminal));
	return doc;
}

static int
exec_member_show(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct member m;
	struct balance b;
	int status = JF_OK;

	(void)state;
	if (member_find(&ctx->lg, args->argv[0], &m, &ctx->err) != JF_OK ||
	    ledger_balance(&ctx->lg, args->argv[0], &b, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json) {
		json_t *doc = member_json(&m, &b), *notices = json_array();

		if (member_notices(&ctx->lg, m.card, 0, add_notice_json, notices, &ctx->err) != JF_OK) {
			json_decref(doc);
			json_decref(notices);
			balance_done(&b);
			return ctx->err.status;
		}
		json_object_set_new(doc, "notices", notices);
		status = cli_print_json(ctx, doc);
	} else {
		show_member_text(&m, &b);
		if (member_notices(&ctx->lg, m.card, 0, print_notice, NULL, &ctx->err) != JF_OK)
			status = ctx->err.status;
	}
	balance_done(&b);
	return status;
}

const struct cli_command cli_cmd_member_show = {
	.name = "member show",
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_READ,
	.check = cli_check_card_arg,
	.exec = exec_member_show,
	.usage =
	"jifen member show CARD",
	.summary = "show a member: details, PIN state, points and notices not yet seen at the kiosk",
};

/* member_list() hands out one member at a time; balances are read after
 * the listing ends, so no query runs inside another. */
struct member_rows {
	struct member *rows;
	size_t count, cap;
};

static int
collect_member(const struct member *m, void *arg)
{
	struct member_rows *list = arg;

	if (list->count == list->cap) {
		list->cap = list->cap ? 2 * list->cap : 64;
		list->rows = xrealloc(list->rows, list->cap * sizeof *list->rows);
	}
	list->rows[list->count++] = *m;
	return 0;
}

/* Columns the NAME column needs: its widest name, or its heading. */
static int
name_width(const struct member_rows *list)
{
	int width = 4;

	for (size_t i = 0; i < list->count; i++) {
		int w = cli_text_width(cli_safe(list->rows[i].name));
		if (w > width)
			width = w;
	}
	return width;
}

static void
print_member_table(const struct member_rows *list, int64_t (*points)[KIND_COUNT])
{
	int name_w = name_width(list);

	printf("%-20s", "CARD");
	cli_print_cell("NAME", name_w, 0);
	printf("  %10s  %10s\n", "POINTS", "GREEN");
	for (size_t i = 0; i < list->count; i++) {
		printf("%-20s", cli_safe(list->rows[i].card));
		cli_print_cell(list->rows[i].name, name_w, 0);
		printf("  %10lld  %10lld\n", (long long)points[i][KIND_POINTS],
		       (long long)points[i][KIND_GREEN]);
	}
}

static int
print_members(struct cli_ctx *ctx, const struct member_rows *list,
	      int64_t (*points)[KIND_COUNT])
{
	json_t *array;

	if (!ctx->json) {
		if (list->count == 0)
			printf("no members yet\n");
		else
			print_member_table(list, points);
		return JF_OK;
	}
	array = json_array();
	for (size_t i = 0; i < list->count; i++)
		json_array_append_new(array, json_pack("{s:o, s:o, s:I, s:I}",
			"card", cli_json_str(list->rows[i].card, 0),
			"name", cli_json_str(list->rows[i].name, 0),
			"points", (json_int_t)points[i][KIND_POINTS],
			"green", (json_int_t)points[i][KIND_GREEN]));
	return cli_print_json(ctx, array);
}

static int
list_members(struct cli_ctx *ctx, struct member_rows *list, int64_t (**points)[KIND_COUNT])
{
	struct balance b;

	if (member_list(&ctx->lg, collect_member, list, &ctx->err) != JF_OK)
		return ctx->err.status;
	*points = xcalloc(list->count ? list->count : 1, sizeof **points);
	for (size_t i = 0; i < list->count; i++) {
		if (ledger_balance(&ctx->lg, list->rows[i].card, &b, &ctx->err) != JF_OK)
			return ctx->err.status;
		(*points)[i][KIND_POINTS] = b.total[KIND_POINTS];
		(*points)[i][KIND_GREEN] = b.total[KIND_GREEN];
		balance_done(&b);
	}
	return JF_OK;
}

static int
exec_member_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct member_rows list = { 0 };
	int64_t (*points)[KIND_COUNT] = NULL;
	int status;

	(void)args;
	(void)state;
	status = list_members(ctx, &list, &points);
	if (status == JF_OK)
		status = print_members(ctx, &list, points);
	free(points);
	free(list.rows);
	return status;
}

const struct cli_command cli_cmd_member_list = {
	.name = "member list",
	.ledger = CLI_LEDGER_READ,
	.exec = exec_member_list,
	.usage =
	"jifen member list",
	.summary = "list every member with their points",
};

/* ---- find ---- */

static void
print_found_table(const struct member_rows *list)
{
	char phone[sizeof list->rows[0].phone];
	int name_w = name_width(list);

	printf("%-20s", "CARD");
	cli_print_cell("NAME", name_w, 0);
	printf("  %s\n", "PHONE");
	for (size_t i = 0; i < list->count; i++) {
		member_mask_phone(list->rows[i].phone, phone, sizeof phone);
		printf("%-20s", cli_safe(list->rows[i].card));
		cli_print_cell(list->rows[i].name, name_w, 0);
		printf("  %s\n", cli_safe(phone));
	}
}

static int
print_found(struct cli_ctx *ctx, const struct member_rows *list, const char *phone)
{
	json_t *array;

	if (!ctx->json) {
		if (list->count == 0)
			return cli_error(ctx, JF_NOTFOUND, "no member with phone %s", cli_safe(phone));
		print_found_table(list);
		return JF_OK;
	}
	array = json_array();
	for (size_t i = 0; i < list->count; i++)
		json_array_append_new(array, json_pack("{s:o, s:o, s:o, s:o}",
			"card", cli_json_str(list->rows[i].card, 0),
			"name", cli_json_str(list->rows[i].name, 0),
			"phone", cli_json_str(list->rows[i].phone, 1),
			"family", cli_json_str(list->rows[i].family, 1)));
	/* An empty array says "nobody" to a program, with the exit status. */
	if (list->count == 0) {
		json_decref(array);
		return cli_error(ctx, JF_NOTFOUND, "no member with phone %s", cli_safe(phone));
	}
	return cli_print_json(ctx, array);
}

static int
check_member_find(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return cli_check_phone(ctx, args->argv[0]);
}

static int
exec_member_find(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct member_rows list = { 0 };
	int status;

	(void)state;
	if (member_find_phone(&ctx->lg, args->argv[0], collect_member, &list, &ctx->err) != JF_OK)
		status = ctx->err.status;
	else
		status = print_found(ctx, &list, args->argv[0]);
	free(list.rows);
	return status;
}

const struct cli_command cli_cmd_member_find = {
	.name = "member find",
	.args_min = 1, .args_max = 1, .args = "PHONE",
	.ledger = CLI_LEDGER_READ,
	.check = check_member_find,
	.exec = exec_member_find,
	.usage =
	"jifen member find PHONE\n"
	"\n"
	"PHONE as it was entered with `member add --phone`. Text output masks the\n"
	"phone (138****8001); --json gives it whole. Exit status 3 if nobody has it.",
	.summary = "find members by phone number",
};

/* ---- card ---- */

static int
check_member_card(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status;

	(void)state;
	if ((status = cli_check_card(ctx, args->argv[0])))
		return status;
	return cli_check_card(ctx, args->argv[1]);
}

static int
exec_member_card(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *old_card = args->argv[0], *new_card = args->argv[1];
	struct member m;

	(void)state;
	if (member_change_card(&ctx->lg, old_card, new_card, &m, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:s, s:o}", "old_card", old_card,
						     "card", m.card, "name",
						     cli_json_str(m.name, 0)));
	printf("card %s replaced by %s for %s; %s no longer works\n", old_card, m.card,
	       cli_safe(m.name), old_card);
	return JF_OK;
}

const struct cli_command cli_cmd_member_card = {
	.name = "member card",
	.args_min = 2, .args_max = 2, .args = "OLD NEW",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "member card",
	.check = check_member_card,
	.exec = exec_member_card,
	.usage =
	"jifen member card OLD NEW [--staff ID [--pin-stdin]]\n"
	"\n"
	"  --staff ID   who replaces the card; else the shell user\n"
	"  --pin-stdin  the staff member's PIN, from the first line of stdin\n"
	"\n"
	"A lost card replaced: the member keeps the points, history, PIN and family\n"
	"under card NEW. OLD stops working everywhere and can never be given to a\n"
	"member again.",
	.summary = "replace a member's lost card",
};
