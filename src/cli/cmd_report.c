/*
 * cmd_report: `jifen report day|shift`, the counter's figures for people
 * who count the till (core: report_day.h). Core decides the rows and their
 * figures; this file reads the filters and lays the figures out: a table
 * of every row, the rows that move no points, then the same by actor and
 * by terminal. --json gives all of it in one stable shape (jifen.1).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parse.h"
#include "report_day.h"

enum { OPT_DATE = 'd', OPT_STAFF = 's', OPT_TERMINAL = 't', OPT_SINCE = 'S', OPT_STORE = 'o' };

struct report_state {
	const char *date, *staff, *terminal, *store;
	int64_t since;
};

/* ---- the filters, checked before the ledger is opened ---- */

static int
check_staff(struct cli_ctx *ctx, const char *staff)
{
	if (staff && actor_check_id("staff id", staff, &ctx->err) != JF_OK)
		return cli_fail(ctx, JF_USAGE);
	return JF_OK;
}

static int
check_day(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct report_state *s = state;
	int status;

	s->date = cli_opt(args, OPT_DATE);
	s->staff = cli_opt(args, OPT_STAFF);
	s->terminal = cli_opt(args, OPT_TERMINAL);
	s->store = cli_opt(args, OPT_STORE);
	if ((s->date && (status = cli_check_date(ctx, s->date))) ||
	    (status = check_staff(ctx, s->staff)))
		return status;
	if ((s->terminal && actor_check_terminal(s->terminal, &ctx->err) != JF_OK) ||
	    (s->store && parse_store(s->store, &ctx->err) != JF_OK))
		return cli_fail(ctx, JF_USAGE);
	return JF_OK;
}

static int
check_shift(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct report_state *s = state;
	const char *since = cli_opt(args, OPT_SINCE);
	int status;

	s->staff = cli_opt(args, OPT_STAFF);
	if (!s->staff || !since)
		return cli_missing_option(ctx, !s->staff ? "--staff ID" : "--since TIME");
	if ((status = check_staff(ctx, s->staff)))
		return status;
	if (clock_parse_iso(since, &s->since) != JF_OK)
		return cli_error(ctx, JF_USAGE,
				 "--since '%s' is not an ISO 8601 time like 2026-11-20T09:00",
				 cli_safe(since));
	return JF_OK;
}

/* Fen as yuan: "12.34" (fen here are never below zero). */
static void
format_yuan(int64_t fen, char *out, size_t size)
{
	snprintf(out, size, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* The same in a table's cell: "12.34 yuan". */
static void
yuan_cell(int64_t fen, char *out, size_t size)
{
	snprintf(out, size, "%lld.%02lld yuan", (long long)(fen / 100), (long long)(fen % 100));
}

/* ---- JSON ---- */

static json_t *
cell_json(const struct report_row *row, const struct report_cell *c)
{
	char yuan[32];

	if (row->measure == REPORT_OFFSET_FEN) {
		format_yuan(c->fen, yuan, sizeof yuan);
		return json_pack("{s:I, s:o, s:I, s:s}", "count", (json_int_t)c->count, "points",
				 cli_json_kinds(c->points), "fen", (json_int_t)c->fen, "yuan", yuan);
	}
	if (row->measure != REPORT_MOVES)
		return json_pack("{s:I, s:o}", "count", (json_int_t)c->count, "points",
				 cli_json_kinds(c->points));
	return json_pack("{s:o, s:I, s:o, s:o}", "entry_type", cli_json_str(row->entry_type, 0),
			 "count", (json_int_t)c->count, "in", cli_json_kinds(c->in), "out",
			 cli_json_kinds(c->out));
}

static json_t *
total_json(const struct report_cell *t)
{
	int64_t net[KIND_COUNT];

	for (int k = 0; k < KIND_COUNT; k++)
		net[k] = t->in[k] - t->out[k];
	return json_pack("{s:I, s:o, s:o, s:o}", "count", (json_int_t)t->count, "in",
			 cli_json_kinds(t->in), "out", cli_json_kinds(t->out), "net",
			 cli_json_kinds(net));
}

/* {"rows": {key: figures, ...}, "total": ...}, with what (a name) first. */
static json_t *
group_json(const char *what, const struct report_group *g)
{
	json_t *rows = json_object(), *o;

	for (size_t i = 0; i < report_row_count(); i++)
		json_object_set_new(rows, report_rows[i].key, cell_json(&report_rows[i], &g->rows[i]));
	o = json_pack("{s:o, s:o}", "rows", rows, "total", total_json(&g->total));
	if (o && what)
		json_object_set_new(o, what, cli_json_str(g->name, 1));
	return o;
}

static json_t *
groups_json(const char *what, const struct report_group *list, size_t n)
{
	json_t *array = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(array, group_json(what, &list[i]));
	return array;
}

static json_t *
report_json(const struct report *r)
{
	json_t *o = group_json(NULL, &r->all);

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "date", cli_json_str(r->date, 1));
	json_object_set_new(o, "since", cli_json_time(r->since));
	json_object_set_new(o, "until", r->until == INT64_MAX ? json_null()
							      : cli_json_time(r->until));
	json_object_set_new(o, "actor", cli_json_str(r->actor, 1));
	json_object_set_new(o, "terminal", cli_json_str(r->terminal, 1));
	json_object_set_new(o, "store", cli_json_str(r->store, 1));
	json_object_set_new(o, "by_actor", groups_json("actor", r->by_actor, r->actors));
	json_object_set_new(o, "by_terminal",
			    groups_json("terminal", r->by_terminal, r->terminals));
	return o;
}

/* ---- the tables ---- */

#define NUMBERS 4 /* points in, points out, green in, green out */

struct widths {
	int group, label, count, num[NUMBERS];
};

static void
measure_cell(struct widths *w, const struct report_cell *c)
{
	w->count = cli_wider_number(w->count, c->count);
	for (int k = 0; k < KIND_COUNT; k++) {
		w->num[2 * k] = cli_wider_number(w->num[2 * k], c->in[k]);
		w->num[2 * k + 1] = cli_wider_number(w->num[2 * k + 1], c->out[k]);
		/* Rows that move no points show points and green alone. */
		w->num[k] = cli_wider_number(w->num[k], c->points[k]);
	}
}

static void
measure_group(struct widths *w, const struct report_group *g)
{
	char yuan[32];

	for (size_t i = 0; i < report_row_count(); i++) {
		w->label = cli_wider(w->label, report_rows[i].label);
		measure_cell(w, &g->rows[i]);
		if (report_rows[i].measure == REPORT_OFFSET_FEN) {
			yuan_cell(g->rows[i].fen, yuan, sizeof yuan);
			w->num[0] = cli_wider(w->num[0], yuan);
		}
	}
	measure_cell(w, &g->total);
}

/* An actor as people read it: "staff S017"; "-" when none was recorded. */
static void
group_title(const char *name, int actor, char *out, size_t size)
{
	if (actor && name[0])
		actor_describe(name, out, size);
	else
		snprintf(out, size, "%s", name[0] ? name : "-");
}

static void
measure_all(struct widths *w, const struct report *r)
{
	char title[2 * ACTOR_TEXT_SIZE];

	*w = (struct widths){ 2, 5, 5, { 9, 10, 8, 9 } };
	w->label = cli_wider(w->label, "NOT MOVING POINTS");
	measure_group(w, &r->all);
	for (size_t i = 0; i < r->actors; i++) {
		group_title(r->by_actor[i].name, 1, title, sizeof title);
		w->group = cli_wider(w->group, title);
		measure_group(w, &r->by_actor[i]);
	}
	for (size_t i = 0; i < r->terminals; i++) {
		w->group = cli_wider(w->group, r->by_terminal[i].name);
		measure_group(w, &r->by_terminal[i]);
	}
}

/* One line: the group column (if group), the label, the count, numbers
 * (NULL: none) of which the first shown ones. */
static void
print_line(const struct widths *w, const char *group, const char *label, const char *count,
	   const char *const num[NUMBERS], int shown)
{
	if (group) {
		cli_print_cell(group, w->group, 0);
		printf("  ");
	}
	cli_print_cell(label, w->label, 0);
	printf("  ");
	cli_print_cell(count, w->count, 1);
	for (int i = 0; i < shown; i++) {
		printf("  ");
		cli_print_cell(num[i], w->num[i], 1);
	}
	printf("\n");
}

/* A line of figures: the count, then shown numbers in column order. */
static void
print_figures(const struct widths *w, const char *group, const char *label, int64_t count,
	      const int64_t num[NUMBERS], int shown)
{
	char text[NUMBERS + 1][24];
	const char *cells[NUMBERS];

	snprintf(text[NUMBERS], sizeof text[NUMBERS], "%lld", (long long)count);
	for (int i = 0; i < shown; i++) {
		snprintf(text[i], sizeof text[i], "%lld", (long long)num[i]);
		cells[i] = text[i];
	}
	print_line(w, group, label, text[NUMBERS], cells, shown);
}

/* A cell that moves points: points in, points out, green in, green out. */
static void
print_move_cell(const struct widths *w, const char *group, const char *label,
		const struct report_cell *c)
{
	const int64_t num[NUMBERS] = { c->in[KIND_POINTS], c->out[KIND_POINTS], c->in[KIND_GREEN],
				       c->out[KIND_GREEN] };

	print_figures(w, group, label, c->count, num, NUMBERS);
}

/* A cell that moves no points: its points and green points. */
static void
print_points_cell(const struct widths *w, const char *group, const char *label,
		  const struct report_cell *c)
{
	const int64_t num[NUMBERS] = { c->points[KIND_POINTS], c->points[KIND_GREEN], 0, 0 };

	print_figures(w, group, label, c->count, num, KIND_COUNT);
}

/* The yuan points paid: the count of sales, the yuan in the first column
 * (money, so it says "yuan": the points they took are the row "points
 * paying bills"). */
static void
print_yuan_cell(const struct widths *w, const char *group, const char *label,
		const struct report_cell *c)
{
	char count[24], yuan[32];
	const char *cells[NUMBERS] = { yuan, "", "", "" };

	snprintf(count, sizeof count, "%lld", (long long)c->count);
	yuan_cell(c->fen, yuan, sizeof yuan);
	print_line(w, group, label, count, cells, 1);
}

/* The rows that move points, and their total; only those with a count
 * unless all. group names the first line (NULL: no group column). */
static void
print_moves(const struct widths *w, const struct report_group *g, const char *group, int all)
{
	const char *gcol = group;

	for (size_t i = 0; i < report_row_count(); i++) {
		const struct report_cell *c = &g->rows[i];

		if (report_rows[i].measure != REPORT_MOVES || (!all && c->count == 0))
			continue;
		print_move_cell(w, gcol, report_rows[i].label, c);
		if (gcol)
			gcol = "";
	}
	print_move_cell(w, gcol, "total", &g->total);
}

static const char *const move_head[NUMBERS] = { "POINTS IN", "POINTS OUT", "GREEN IN",
						 "GREEN OUT" };
static const char *const other_head[NUMBERS] = { "POINTS", "GREEN", "", "" };

/* The rows that move no points; only those with a count unless all. */
static void
print_others(const struct widths *w, const struct report_group *g, const char *group, int all)
{
	const char *gcol = group;

	for (size_t i = 0; i < report_row_count(); i++) {
		if (report_rows[i].measure == REPORT_MOVES || (!all && g->rows[i].count == 0))
			continue;
		if (report_rows[i].measure == REPORT_OFFSET_FEN)
			print_yuan_cell(w, gcol, report_rows[i].label, &g->rows[i]);
		else
			print_points_cell(w, gcol, report_rows[i].label, &g->rows[i]);
		if (gcol)
			gcol = "";
	}
}

static int
has_others(const struct report_group *g)
{
	for (size_t i = 0; i < report_row_count(); i++)
		if (report_rows[i].measure != REPORT_MOVES && g->rows[i].count)
			return 1;
	return 0;
}

/* By actor or terminal: a table of the rows that move points, then one of
 * those that do not, each of the groups that have some. */
static void
print_groups(const struct widths *w, const char *heading, const struct report_group *list,
	     size_t n, int actor)
{
	char title[2 * ACTOR_TEXT_SIZE];
	int head = 0;

	for (size_t i = 0; i < n; i++) {
		if (list[i].total.count == 0)
			continue;
		if (!head++) {
			printf("\n");
			print_line(w, heading, "ROW", "COUNT", move_head, NUMBERS);
		}
		group_title(list[i].name, actor, title, sizeof title);
		print_moves(w, &list[i], title, 0);
	}
	head = 0;
	for (size_t i = 0; i < n; i++) {
		if (!has_others(&list[i]))
			continue;
		if (!head++) {
			printf("\n");
			print_line(w, heading, "NOT MOVING POINTS", "COUNT", other_head, 2);
		}
		group_title(list[i].name, actor, title, sizeof title);
		print_others(w, &list[i], title, 0);
	}
}

static void
print_title(const struct report *r)
{
	char when[CLOCK_ISO_LEN], who[2 * ACTOR_TEXT_SIZE];

	group_title(r->actor, 1, who, sizeof who);
	if (r->date[0]) {
		printf("day report of %s, %s, %s%s%s\n", r->date, r->actor[0] ? who : "all staff",
		       r->terminal[0] ? cli_safe(r->terminal) : "all terminals",
		       r->store[0] && !r->terminal[0] ? " of store " : "",
		       r->store[0] && !r->terminal[0] ? r->store : "");
	} else {
		cli_format_time(r->since, when);
		printf("shift report of %s since %s\n", who, when);
	}
}

static void
print_report(const struct report *r)
{
	struct widths w;

	measure_all(&w, r);
	print_title(r);
	print_line(&w, NULL, "ROW", "COUNT", move_head, NUMBERS);
	print_moves(&w, &r->all, NULL, 1);
	printf("net change of members' points: %+lld points, %+lld green\n",
	       (long long)(r->all.total.in[KIND_POINTS] - r->all.total.out[KIND_POINTS]),
	       (long long)(r->all.total.in[KIND_GREEN] - r->all.total.out[KIND_GREEN]));
	printf("\n");
	print_line(&w, NULL, "NOT MOVING POINTS", "COUNT", other_head, 2);
	print_others(&w, &r->all, NULL, 1);
	print_groups(&w, "BY", r->by_actor, r->actors, 1);
	print_groups(&w, "TERMINAL", r->by_terminal, r->terminals, 0);
}

static int
show(struct cli_ctx *ctx, struct report *r)
{
	int status = JF_OK;

	if (ctx->json)
		status = cli_print_json(ctx, report_json(r));
	else
		print_report(r);
	report_done(r);
	return status;
}

static int
exec_day(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct report_state *s = state;
	struct report r;

	(void)args;
	if (report_day(&ctx->lg, s->date, s->staff, s->terminal, s->store, &r, &ctx->err) != JF_OK)
		return ctx->err.status;
	return show(ctx, &r);
}

static int
exec_shift(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct report_state *s = state;
	struct report r;

	(void)args;
	if (report_shift(&ctx->lg, s->staff, s->since, &r, &ctx->err) != JF_OK)
		return ctx->err.status;
	return show(ctx, &r);
}

static const struct option day_options[] = {
	{ "date", required_argument, NULL, OPT_DATE },
	{ "staff", required_argument, NULL, OPT_STAFF },
	{ "terminal", required_argument, NULL, OPT_TERMINAL },
	{ "store", required_argument, NULL, OPT_STORE },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_report_day = {
	.name = "report day",
	.options = day_options,
	.ledger = CLI_LEDGER_READ,
	.state_size = sizeof(struct report_state),
	.check = check_day,
	.exec = exec_day,
	.usage =
	"jifen report day [--date YYYY-MM-DD] [--staff ID] [--store S] [--terminal T]\n"
	"\n"
	"What the counters and kiosks did on one local day of the store (default:\n"
	"today): purchases, points taken back, vouchers handed over and returned,\n"
	"grants, compensations, transfers, expiries, with the points each moved in\n"
	"and out of members' accounts; then vouchers issued and voided and refunds\n"
	"short of points; then the same by actor and by terminal.\n"
	"\n"
	"  --date YYYY-MM-DD  the day (local time of the store)\n"
	"  --staff ID         only what staff member ID did\n"
	"  --store S          only what was done in store S of a chain ([store] code)\n"
	"  --terminal T       only what was done at terminal T (of store S)",
	.summary = "the day's figures, by staff and terminal",
};

static const struct option shift_options[] = {
	{ "staff", required_argument, NULL, OPT_STAFF },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_report_shift = {
	.name = "report shift",
	.options = shift_options,
	.ledger = CLI_LEDGER_READ,
	.state_size = sizeof(struct report_state),
	.check = check_shift,
	.exec = exec_shift,
	.usage =
	"jifen report shift --staff ID --since TIME\n"
	"\n"
	"What staff member ID did since TIME (their login, ISO 8601 such as\n"
	"2026-11-20T09:00), with the rows of `jifen report day`.\n"
	"\n"
	"  --staff ID    the staff member\n"
	"  --since TIME  the start of the shift",
	.summary = "a staff member's figures since a time (a shift)",
};
