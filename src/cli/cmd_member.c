/*
 * cmd_member: `jifen member add|show|list|find|card` and the member desk
 * (`pin|unlock|edit|erase`), the store's members.
 * Phones are masked in text output (other people may see the screen); --json
 * carries them whole, for the programs a store connects (see jifen.1).
 * A PIN is read from stdin only (never from the command line, where other
 * users could see it in the process list) and wiped after use.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "birthday.h"
#include "cli.h"
#include "family.h"
#include "member.h"
#include "member_rate.h"
#include "remind.h"
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
	if (m->erased_at) {
		cli_format_stamp(m->erased_at, m->erased_by, m->erased_terminal, stamp, sizeof stamp);
		printf("erased        %s\n", stamp);
	}
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
	json_object_set_new(doc, "erased",
			    cli_json_stamp(m->erased_at, m->erased_by, m->erased_terminal));
	return doc;
}

/* ---- what is held about the member: card changes, desk events, family ---- */

static int
print_card_change(const struct member_card_change *c, void *ctx)
{
	char stamp[160];

	(void)ctx;
	cli_format_stamp(c->at, c->actor, c->terminal, stamp, sizeof stamp);
	printf("card change   %s -> %s  %s\n", cli_safe(c->old_card), cli_safe(c->new_card), stamp);
	return 0;
}

static int
add_card_change_json(const struct member_card_change *c, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:o, s:o, s:o}",
		"old_card", cli_json_str(c->old_card, 0), "new_card", cli_json_str(c->new_card, 0),
		"changed", cli_json_stamp(c->at, c->actor, c->terminal)));
	return 0;
}

static int
print_event(const struct member_event *ev, void *ctx)
{
	char stamp[160];

	(void)ctx;
	cli_format_stamp(ev->at, ev->actor, ev->terminal, stamp, sizeof stamp);
	printf("desk          %s%s%s  %s\n", cli_safe(ev->action), ev->detail[0] ? " " : "",
	       cli_safe(ev->detail), stamp);
	return 0;
}

static int
add_event_json(const struct member_event *ev, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:o, s:o, s:o}",
		"action", cli_json_str(ev->action, 0), "detail", cli_json_str(ev->detail, 1),
		"done", cli_json_stamp(ev->at, ev->actor, ev->terminal)));
	return 0;
}

/* Does the member of ctx (a card) own the family it is in? */
struct owner_query {
	const char *card;
	int owner;
};

static int
find_owner(const struct family_row *row, void *ctx)
{
	struct owner_query *q = ctx;

	if (strcmp(row->card, q->card) == 0)
		q->owner = row->owner;
	return 0;
}

/* The member's own earn rate (member_rate.h), if it has one: the rate
 * and who set it; the changes are among the desk events. */
static enum jf_status
show_member_rate(struct cli_ctx *ctx, const struct member *m, json_t *doc)
{
	struct member_rate r;
	char stamp[160];
	enum jf_status st = member_rate_get(&ctx->lg, m->card, &r, &ctx->err);

	if (st != JF_OK)
		return st;
	if (doc) {
		json_object_set_new(doc, "earn_rate", r.points_per_yuan == 0 ? json_null() :
			json_pack("{s:I, s:o}", "points_per_yuan", (json_int_t)r.points_per_yuan,
				  "set", cli_json_stamp(r.at, r.actor, r.terminal)));
		return JF_OK;
	}
	cli_format_stamp(r.at, r.actor, r.terminal, stamp, sizeof stamp);
	if (r.points_per_yuan)
		printf("earn rate     %lld point%s per yuan, its own  %s\n",
		       (long long)r.points_per_yuan, r.points_per_yuan == 1 ? "" : "s", stamp);
	else
		printf("earn rate     the store's\n");
	return JF_OK;
}

/* Birthday gifts and reminders: what is held about the
 * member, for --json. */
static int
add_gift_json(const struct birthday_gift *g, void *ctx)
{
	return json_array_append_new(ctx, json_pack("{s:i, s:I, s:o, s:o, s:o, s:I, s:o, s:o}",
		"year", g->year, "points", (json_int_t)g->points, "item", cli_json_str(g->sku, 1),
		"voucher", cli_json_id(g->voucher_id), "game", cli_json_str(g->game, 1), "plays",
		(json_int_t)g->plays, "given", cli_json_time(g->ts), "greeted",
		cli_json_time(g->greeted_at))) != 0;
}

static int
add_told_json(const struct remind_told *t, void *ctx)
{
	return json_array_append_new(ctx, json_pack("{s:s, s:I, s:I, s:I, s:s, s:o}", "day", t->day,
		"days", (json_int_t)t->days, "points", (json_int_t)t->points, "green",
		(json_int_t)t->green, "expires_on", t->expires_on, "at", cli_json_time(t->ts))) != 0;
}

static enum jf_status
show_member_told(struct cli_ctx *ctx, const struct member *m, json_t *doc)
{
	json_t *gifts = json_array(), *told = json_array();
	enum jf_status st = birthday_gifts(&ctx->lg, m->card, add_gift_json, gifts, &ctx->err);

	if (st == JF_OK)
		st = remind_told_list(&ctx->lg, m->card, add_told_json, told, &ctx->err);
	json_object_set_new(doc, "birthday_gifts", gifts);
	json_object_set_new(doc, "reminders", told);
	return st;
}

/* The records that text and JSON both show after the member's own row:
 * the earn rate, card changes and desk events, printed or added to doc. */
static int
show_member_records(struct cli_ctx *ctx, const struct member *m, json_t *doc)
{
	json_t *changes = json_array(), *events = json_array();
	enum jf_status st = show_member_rate(ctx, m, doc);

	if (st == JF_OK)
		st = cli_show_tier(ctx, m->card, doc);
	if (st != JF_OK) {
		json_decref(changes);
		json_decref(events);
		return ctx->err.status;
	}
	if (doc) {
		st = member_card_changes(&ctx->lg, m->card, add_card_change_json, changes, &ctx->err);
		if (st == JF_OK)
			st = member_events(&ctx->lg, m->card, add_event_json, events, &ctx->err);
		if (st == JF_OK)
			st = show_member_told(ctx, m, doc);
		json_object_set(doc, "card_changes", changes);
		json_object_set(doc, "events", events);
	} else {
		st = member_card_changes(&ctx->lg, m->card, print_card_change, NULL, &ctx->err);
		if (st == JF_OK)
			st = member_events(&ctx->lg, m->card, print_event, NULL, &ctx->err);
	}
	json_decref(changes);
	json_decref(events);
	return st == JF_OK ? JF_OK : ctx->err.status;
}

static int
show_member_json(struct cli_ctx *ctx, const struct member *m, const struct balance *b)
{
	struct owner_query q = { m->card, 0 };
	json_t *doc = member_json(m, b), *notices = json_array();
	int status = JF_OK;

	if (m->family[0] &&
	    family_list(&ctx->lg, m->family, find_owner, &q, &ctx->err) != JF_OK)
		status = ctx->err.status;
	if (status == JF_OK &&
	    member_notices(&ctx->lg, m->card, 0, add_notice_json, notices, &ctx->err) != JF_OK)
		status = ctx->err.status;
	if (status == JF_OK)
		status = show_member_records(ctx, m, doc);
	json_object_set_new(doc, "notices", notices);
	json_object_set_new(doc, "family_owner", json_boolean(q.owner));
	if (status != JF_OK) {
		json_decref(doc);
		return status;
	}
	return cli_print_json(ctx, doc);
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
		status = show_member_json(ctx, &m, &b);
	} else {
		show_member_text(&m, &b);
		status = show_member_records(ctx, &m, NULL);
		if (status == JF_OK &&
		    member_notices(&ctx->lg, m.card, 0, print_notice, NULL, &ctx->err) != JF_OK)
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
	.summary = "show a member: everything held about them, points and notices not yet seen",
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

/* Nobody found: by phone, or with name holding text. */
static int
found_nobody(struct cli_ctx *ctx, const char *phone, const char *name)
{
	if (phone)
		return cli_error(ctx, JF_NOTFOUND, "no member with phone %s", cli_safe(phone));
	return cli_error(ctx, JF_NOTFOUND, "no member whose name holds %s", cli_safe(name));
}

static int
print_found(struct cli_ctx *ctx, const struct member_rows *list, const char *phone,
	    const char *name)
{
	json_t *array;

	if (!ctx->json) {
		if (list->count == 0)
			return found_nobody(ctx, phone, name);
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
		return found_nobody(ctx, phone, name);
	}
	return cli_print_json(ctx, array);
}

/* A phone or --name TEXT, never both. */
static int
check_member_find(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *name = cli_opt(args, OPT_NAME);

	(void)state;
	if (name && args->argc > 0)
		return cli_error(ctx, JF_USAGE, "give a PHONE or --name TEXT, not both");
	if (name)
		return cli_check_name(ctx, "--name", name);
	if (args->argc == 0)
		return cli_error(ctx, JF_USAGE, "missing argument: PHONE (or --name TEXT)");
	return cli_check_phone(ctx, args->argv[0]);
}

static int
exec_member_find(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *name = cli_opt(args, OPT_NAME), *phone = name ? NULL : args->argv[0];
	struct member_rows list = { 0 };
	enum jf_status st;
	int status;

	(void)state;
	if (name)
		st = member_find_name(&ctx->lg, name, collect_member, &list, &ctx->err);
	else
		st = member_find_phone(&ctx->lg, phone, collect_member, &list, &ctx->err);
	status = st != JF_OK ? (int)ctx->err.status : print_found(ctx, &list, phone, name);
	free(list.rows);
	return status;
}

static const struct option find_options[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_member_find = {
	.name = "member find",
	.options = find_options,
	.args_min = 0, .args_max = 1, .args = "PHONE",
	.ledger = CLI_LEDGER_READ,
	.check = check_member_find,
	.exec = exec_member_find,
	.usage =
	"jifen member find PHONE\n"
	"jifen member find --name TEXT\n"
	"\n"
	"  --name TEXT   members whose name holds TEXT, in any case (ASCII letters)\n"
	"\n"
	"PHONE as it was entered with `member add --phone`. Text output masks the\n"
	"phone (138****8001); --json gives it whole. Erased members are never found\n"
	"by name. Exit status 3 if nobody matches.",
	.summary = "find members by phone number or by name",
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

/* ---- the member desk: pin, unlock, edit, erase ---- */

/* The PIN from stdin: one line, or two that must match (a PIN typed twice,
 * as a counter's prompt asks it). Read before the ledger opens. */
struct pin_state {
	char pin[64];
	char again[64];
};

static int
check_member_pin(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct pin_state *p = state;
	int status;

	if ((status = cli_check_card(ctx, args->argv[0])))
		return status;
	if (fgets(p->pin, (int)sizeof p->pin, stdin) == NULL)
		return cli_error(ctx, JF_USAGE, "no PIN on standard input");
	p->pin[strcspn(p->pin, "\r\n")] = '\0';
	if ((status = cli_check_pin(ctx, p->pin)))
		return status;
	if (fgets(p->again, (int)sizeof p->again, stdin) == NULL)
		return JF_OK; /* typed once */
	p->again[strcspn(p->again, "\r\n")] = '\0';
	if (strcmp(p->pin, p->again) != 0)
		return cli_error(ctx, JF_USAGE, "the two PINs typed differ; nothing was changed");
	return JF_OK;
}

static int
exec_member_pin(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *card = args->argv[0];

	if (member_set_pin(&ctx->lg, card, ((struct pin_state *)state)->pin, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:b}", "card", card, "pin_set", 1));
	printf("PIN of card %s set; the old PIN no longer works\n", card);
	return JF_OK;
}

static void
done_member_pin(void *state)
{
	explicit_bzero(state, sizeof(struct pin_state));
}

const struct cli_command cli_cmd_member_pin = {
	.name = "member pin",
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "member desk",
	.state_size = sizeof(struct pin_state),
	.check = check_member_pin,
	.exec = exec_member_pin,
	.done = done_member_pin,
	.usage =
	"jifen member pin CARD [--staff ID] < PIN\n"
	"\n"
	"  --staff ID   who sets the PIN; else the shell user\n"
	"\n"
	"The new PIN (4 to 6 digits) is read from standard input: one line, or two\n"
	"lines that must be the same (the PIN typed twice). The old PIN stops working\n"
	"at once; a lock-out and the count of wrong PINs are cleared.",
	.summary = "set or reset a member's kiosk PIN",
};

static int
exec_member_unlock(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *card = args->argv[0];

	(void)state;
	if (member_unlock(&ctx->lg, card, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:b}", "card", card, "unlocked", 1));
	printf("card %s unlocked; its PIN is unchanged\n", card);
	return JF_OK;
}

const struct cli_command cli_cmd_member_unlock = {
	.name = "member unlock",
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "member desk",
	.check = cli_check_card_arg,
	.exec = exec_member_unlock,
	.usage =
	"jifen member unlock CARD [--staff ID]\n"
	"\n"
	"  --staff ID   who unlocks the card; else the shell user\n"
	"\n"
	"Clears a lock-out after too many wrong PINs, and the count of wrong PINs,\n"
	"without changing the PIN.",
	.summary = "clear a member's PIN lock-out",
};

static int
check_member_edit(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct member_edit *e = state;
	int status;

	e->name = cli_opt(args, OPT_NAME);
	e->phone = cli_opt(args, OPT_PHONE);
	e->birthday = cli_opt(args, OPT_BIRTHDAY);
	if ((status = cli_check_card(ctx, args->argv[0])))
		return status;
	if (!e->name && !e->phone && !e->birthday)
		return cli_error(ctx, JF_USAGE, "nothing to change: give --name, --phone or --birthday");
	/* "" removes a phone or a birthday; a name stays a name. */
	if ((e->name && (status = cli_check_name(ctx, "name", e->name))) ||
	    (e->phone && e->phone[0] && (status = cli_check_phone(ctx, e->phone))) ||
	    (e->birthday && e->birthday[0] && (status = cli_check_date(ctx, e->birthday))))
		return status;
	return JF_OK;
}

static int
exec_member_edit(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct member m;

	if (member_edit(&ctx->lg, args->argv[0], state, &m, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:o, s:o, s:o}", "card", m.card,
			"name", cli_json_str(m.name, 0), "phone", cli_json_str(m.phone, 1),
			"birthday", cli_json_str(m.birthday, 1)));
	printf("member %s updated\n", m.card);
	return JF_OK;
}

static const struct option edit_options[] = {
	{ "name", required_argument, NULL, OPT_NAME },
	{ "birthday", required_argument, NULL, OPT_BIRTHDAY },
	{ "phone", required_argument, NULL, OPT_PHONE },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_member_edit = {
	.name = "member edit",
	.options = edit_options,
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "member desk",
	.state_size = sizeof(struct member_edit),
	.check = check_member_edit,
	.exec = exec_member_edit,
	.usage =
	"jifen member edit CARD [--name NAME] [--phone PHONE] [--birthday YYYY-MM-DD]\n"
	"                         [--staff ID]\n"
	"\n"
	"  --name NAME       the corrected name\n"
	"  --phone PHONE     the corrected phone; '' removes it\n"
	"  --birthday DATE   the corrected birthday; '' removes it\n"
	"  --staff ID        who makes the correction; else the shell user\n"
	"\n"
	"At least one is needed. Which fields changed is recorded, with who, when\n"
	"and where; their old values are not kept. An erased member cannot be edited.",
	.summary = "correct a member's name, phone or birthday",
};

static int
exec_member_erase(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *card = args->argv[0];

	(void)state;
	if (member_erase(&ctx->lg, card, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:b}", "card", card, "erased", 1));
	printf("personal data of card %s erased; its points and history are kept\n", card);
	return JF_OK;
}

const struct cli_command cli_cmd_member_erase = {
	.name = "member erase",
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "member erase",
	.check = cli_check_card_arg,
	.exec = exec_member_erase,
	.usage =
	"jifen member erase CARD [--staff ID]\n"
	"\n"
	"  --staff ID   who erases, at the member's request; else the shell user\n"
	"\n"
	"Erases the member's personal data: the name (replaced by \"(erased)\"), the\n"
	"phone, the birthday and the PIN. The card, points, history, vouchers, card\n"
	"changes and family membership are kept. Cannot be undone; a second erasure\n"
	"is refused (exit status 5).",
	.summary = "erase a member's personal data at their request",
};
