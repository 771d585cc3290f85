/*
 * cmd_member: `jifen member add|show|list`, the store's members.
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

/* One line of stdin, without its line ending, as the PIN. */
static int
read_pin(struct cli_ctx *ctx, char *pin, size_t size)
{
	if (fgets(pin, (int)size, stdin) == NULL)
		return cli_error(ctx, JF_USAGE, "--pin-stdin: no PIN on standard input");
	pin[strcspn(pin, "\r\n")] = '\0';
	return cli_check_pin(ctx, pin);
}

static int
add_member(struct cli_ctx *ctx, const struct member_new *m)
{
	int status;

	if ((status = cli_open_ledger(ctx)))
		return status;
	if (member_add(&ctx->lg, m, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:o}", "card", m->card, "name",
						     cli_json_str(m->name, 0)));
	printf("added member %s\n", m->card);
	return JF_OK;
}

static int
run_member_add(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, OPT_NAME },
		{ "birthday", required_argument, NULL, OPT_BIRTHDAY },
		{ "phone", required_argument, NULL, OPT_PHONE },
		{ "pin-stdin", no_argument, NULL, OPT_PIN_STDIN },
		CLI_GLOBAL_OPTIONS,
	};
	struct member_new m = { 0 };
	char pin[64];
	int c, status, pin_stdin = 0;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		switch (c) {
		case CLI_STOP: return status;
		case OPT_NAME: m.name = optarg; break;
		case OPT_BIRTHDAY: m.birthday = optarg; break;
		case OPT_PHONE: m.phone = optarg; break;
		case OPT_PIN_STDIN: pin_stdin = 1; break;
		}
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 1, 1, "CARD")))
		return status;
	m.card = argv[optind];
	if (m.name == NULL)
		return cli_missing_option(ctx, "--name NAME");
	if ((status = cli_check_card(ctx, m.card)) || (status = cli_check_name(ctx, "name", m.name)) ||
	    (m.birthday && (status = cli_check_date(ctx, m.birthday))) ||
	    (m.phone && (status = cli_check_phone(ctx, m.phone))))
		return status;
	if (pin_stdin) {
		status = read_pin(ctx, pin, sizeof pin);
		m.pin = pin;
	}
	if (status == JF_OK)
		status = add_member(ctx, &m);
	explicit_bzero(pin, sizeof pin);
	return status;
}

const struct cli_command cli_cmd_member_add = {
	"member add", run_member_add,
	"jifen member add CARD --name NAME [--birthday YYYY-MM-DD] [--phone PHONE]\n"
	"                        [--pin-stdin]\n"
	"\n"
	"  --name NAME       the member's name (up to 64 characters)\n"
	"  --birthday DATE   for birthday offers\n"
	"  --phone PHONE     digits, '+', '-' and spaces\n"
	"  --pin-stdin       read the kiosk PIN (4 to 6 digits) from one line of stdin",
	"add a member with a new card",
};

static void
show_member_text(const struct member *m, const struct balance *b)
{
	char locked[CLOCK_ISO_LEN];

	cli_format_time(m->locked_until, locked);
	printf("card          %s\n", cli_safe(m->card));
	printf("name          %s\n", cli_safe(m->name));
	printf("birthday      %s\n", m->birthday[0] ? cli_safe(m->birthday) : "-");
	printf("phone         %s\n", m->phone[0] ? cli_safe(m->phone) : "-");
	printf("family        %s\n", m->family[0] ? cli_safe(m->family) : "-");
	printf("PIN set       %s\n", m->has_pin ? "yes" : "no");
	printf("locked until  %s\n", m->locked_until > clock_now() ? locked : "-");
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
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:I, s:I, s:I, s:o}",
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
}

static int
run_member_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { CLI_GLOBAL_OPTIONS };
	struct member m;
	struct balance b;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1)
		if (c == CLI_STOP)
			return status;
	if ((status = cli_args(ctx, argc - optind, argv + optind, 1, 1, "CARD")) ||
	    (status = cli_check_card(ctx, argv[optind])) || (status = cli_open_ledger(ctx)))
		return status;
	if (member_find(&ctx->lg, argv[optind], &m, &ctx->err) != JF_OK ||
	    ledger_balance(&ctx->lg, argv[optind], &b, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (ctx->json) {
		json_t *doc = member_json(&m, &b), *notices = json_array();

		if (member_notices(&ctx->lg, m.card, 0, add_notice_json, notices, &ctx->err) != JF_OK) {
			json_decref(doc);
			json_decref(notices);
			balance_done(&b);
			return cli_fail(ctx, ctx->err.status);
		}
		json_object_set_new(doc, "notices", notices);
		status = cli_print_json(ctx, doc);
	} else {
		show_member_text(&m, &b);
		if (member_notices(&ctx->lg, m.card, 0, print_notice, NULL, &ctx->err) != JF_OK)
			status = cli_fail(ctx, ctx->err.status);
	}
	balance_done(&b);
	return status;
}

const struct cli_command cli_cmd_member_show = {
	"member show", run_member_show,
	"jifen member show CARD",
	"show a member: details, PIN state, points and notices not yet seen at the kiosk",
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

static void
print_member_table(const struct member_rows *list, int64_t (*points)[KIND_COUNT])
{
	int name_width = 4;

	for (size_t i = 0; i < list->count; i++) {
		int w = cli_text_width(cli_safe(list->rows[i].name));
		if (w > name_width)
			name_width = w;
	}
	printf("%-20s", "CARD");
	cli_print_cell("NAME", name_width, 0);
	printf("  %10s  %10s\n", "POINTS", "GREEN");
	for (size_t i = 0; i < list->count; i++) {
		printf("%-20s", cli_safe(list->rows[i].card));
		cli_print_cell(list->rows[i].name, name_width, 0);
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
		return cli_fail(ctx, ctx->err.status);
	*points = xcalloc(list->count ? list->count : 1, sizeof **points);
	for (size_t i = 0; i < list->count; i++) {
		if (ledger_balance(&ctx->lg, list->rows[i].card, &b, &ctx->err) != JF_OK)
			return cli_fail(ctx, ctx->err.status);
		(*points)[i][KIND_POINTS] = b.total[KIND_POINTS];
		(*points)[i][KIND_GREEN] = b.total[KIND_GREEN];
		balance_done(&b);
	}
	return JF_OK;
}

static int
run_member_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { CLI_GLOBAL_OPTIONS };
	struct member_rows list = { 0 };
	int64_t (*points)[KIND_COUNT] = NULL;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1)
		if (c == CLI_STOP)
			return status;
	if ((status = cli_args(ctx, argc - optind, argv + optind, 0, 0, "")) ||
	    (status = cli_open_ledger(ctx)))
		return status;
	status = list_members(ctx, &list, &points);
	if (status == JF_OK)
		status = print_members(ctx, &list, points);
	free(points);
	free(list.rows);
	return status;
}

const struct cli_command cli_cmd_member_list = {
	"member list", run_member_list,
	"jifen member list",
	"list every member with their points",
};
