/*
 * screen_counter_shift: the shift report (letter t on the counter's home):
 * what the signed-in staff member did since they signed in
 * (report_shift()), the rows with something in them and their total, and
 * under it the slips they made in the shift (slip_list() by their actor,
 * from the sign-in on), the ones not printed marked. Enter sends the
 * chosen slip to the printer again (slip_reprint()): a slip that did not
 * print when it was made is printed from here.
 *
 * Both are read when the screen opens and again after a reprint; nothing
 * is written but the reprint's mark.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "counter.h"
#include "parse.h"
#include "report_day.h"
#include "screen.h"
#include "slip.h"
#include "widget.h"

#define SHIFT_SLIPS_MAX 200 /* the latest of a shift; an older one: jifen slip print */
#define SHIFT_REF_SIZE 40

struct shift_slip {
	int64_t id, ts;
	enum slip_kind kind;
	char ref[SHIFT_REF_SIZE];
	int printed;
};

struct shift {
	struct report r;
	int loaded;
	struct shift_slip slips[SHIFT_SLIPS_MAX];
	int count; /* in slips[], oldest first */
	int unprinted;
	int selected;
};

static const struct bar_item shift_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Reprint") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* The slips' kinds, for gettext. */
static const char *const kind_words[SLIP_KINDS] = {
	N_("purchase"), N_("bill paid"), N_("voucher"), N_("return"), N_("prize"),
};

/* A slip of this staff member: kept if it was made in the shift. */
static int
keep_slip(const struct slip *sl, void *ctx)
{
	struct shift *s = ctx;
	struct shift_slip *o;

	if (sl->ts < s->r.since)
		return 0;
	if (s->count == SHIFT_SLIPS_MAX) { /* keep the latest */
		memmove(s->slips, s->slips + 1, sizeof s->slips[0] * (SHIFT_SLIPS_MAX - 1));
		s->count--;
	}
	o = &s->slips[s->count++];
	o->id = sl->id;
	o->ts = sl->ts;
	o->kind = sl->kind;
	o->printed = sl->printed;
	snprintf(o->ref, sizeof o->ref, "%.39s", sl->ref); /* a long one is cut */
	return 0;
}

static enum jf_status
shift_load(struct kiosk *k, struct shift *s)
{
	char actor[ACTOR_TEXT_SIZE];
	struct slip_filter f = { 0, actor };
	enum jf_status st;

	if (s->loaded)
		report_done(&s->r);
	s->loaded = 0;
	s->count = s->unprinted = 0;
	if ((st = report_shift(k->lg, k->counter.staff, k->counter.since, &s->r, &k->err)) != JF_OK)
		return st;
	s->loaded = 1;
	snprintf(actor, sizeof actor, "staff:%s", k->counter.staff);
	if ((st = slip_list(k->lg, &f, keep_slip, s, &k->err)) != JF_OK)
		return st;
	for (int i = 0; i < s->count; i++)
		s->unprinted += !s->slips[i].printed;
	if (s->selected >= s->count)
		s->selected = s->count > 0 ? s->count - 1 : 0;
	return JF_OK;
}

static void
shift_enter(struct kiosk *k, void *state, const void *arg)
{
	struct shift *s = state;

	(void)arg;
	if (shift_load(k, s) != JF_OK) {
		kiosk_fail(k, "report_shift");
		return;
	}
	s->selected = s->count > 0 ? s->count - 1 : 0; /* the latest first */
}

static void
shift_leave(struct kiosk *k, void *state)
{
	struct shift *s = state;

	(void)k;
	if (s->loaded)
		report_done(&s->r);
	s->loaded = 0;
}

/* The store's local time of t: "10:05", or with the date "2026-11-24 10:05". */
static void
local_time(int64_t t, int with_date, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	if (with_date)
		strftime(out, size, "%Y-%m-%d %H:%M", &tm);
	else
		strftime(out, size, "%H:%M", &tm);
}

/* "+in -out", "+in", "-out" or "" for a row's moves of one kind. */
static void
moves_text(int64_t in, int64_t out, char *buf, size_t size)
{
	if (in && out)
		snprintf(buf, size, "+%lld -%lld", (long long)in, (long long)out);
	else if (in)
		snprintf(buf, size, "+%lld", (long long)in);
	else if (out)
		snprintf(buf, size, "-%lld", (long long)out);
	else
		buf[0] = '\0';
}

/* Where the table's columns end (right-aligned), by the screen's width. */
struct columns {
	int label, count, points, green;
};

static void
table_line(int y, const struct columns *c, enum style st, const char *label, long long count,
	   const char *points, const char *green)
{
	char n[24];

	draw_text(y, c->label, c->count - c->label - 8, st, label);
	snprintf(n, sizeof n, "%lld", count);
	draw_right(y, c->count, st, n);
	draw_right(y, c->points, st, points);
	draw_right(y, c->green, st, green);
}

static void
cell_texts(const struct report_row *row, const struct report_cell *cell, char *p, char *g,
	   size_t size)
{
	if (row == NULL || row->measure == REPORT_MOVES) {
		moves_text(cell->in[KIND_POINTS], cell->out[KIND_POINTS], p, size);
		moves_text(cell->in[KIND_GREEN], cell->out[KIND_GREEN], g, size);
		return;
	}
	if (row->measure == REPORT_OFFSET_FEN) { /* money, not points: yuan, no green */
		char yuan[32];

		parse_format_fen(cell->fen, yuan, sizeof yuan);
		snprintf(p, size, "¥%s", yuan);
		snprintf(g, size, "%s", "");
		return;
	}
	snprintf(p, size, "%lld", (long long)cell->points[KIND_POINTS]);
	snprintf(g, size, "%lld", (long long)cell->points[KIND_GREEN]);
}

/* The report's table from row y, at most max rows; returns the row after it. */
static int
draw_report(struct kiosk *k, const struct shift *s, const struct columns *c, int y, int max)
{
	char p[48], g[48];
	int shown = 0, lines = 0;
	size_t n = report_row_count();

	table_line(y, c, STYLE_DIM, "", 0, _("Points"), _("Green"));
	draw_right(y, c->count, STYLE_DIM, _("Count"));
	y++;
	for (size_t i = 0; i < n; i++)
		shown += s->r.all.rows[i].count > 0;
	if (shown == 0) {
		draw_text(y, c->label, k->cols - 2 * c->label, STYLE_DIM,
			  _("Nothing recorded in this shift yet."));
		return y + 1;
	}
	for (size_t i = 0; i < n && lines < max - 1; i++) {
		const struct report_cell *cell = &s->r.all.rows[i];

		if (cell->count == 0)
			continue;
		cell_texts(&report_rows[i], cell, p, g, sizeof p);
		table_line(y++, c, STYLE_NORMAL, _(report_rows[i].label), (long long)cell->count, p,
			   g);
		lines++;
	}
	cell_texts(NULL, &s->r.all.total, p, g, sizeof p);
	table_line(y++, c, STYLE_HEADING, _("Total"), (long long)s->r.all.total.count, p, g);
	return y;
}

static void
draw_slips(struct kiosk *k, const struct shift *s, int x, int y, int per_page)
{
	char line[160], when[16], head[160];
	int width = k->cols - 2 * x, first;

	snprintf(head, sizeof head, _("Slips of this shift: %d, %d not printed"), s->count,
		 s->unprinted);
	draw_text(y++, x, width, STYLE_HEADING, head);
	if (s->count == 0) {
		draw_text(y, x, width, STYLE_DIM, _("No slips in this shift."));
		return;
	}
	first = s->selected / per_page * per_page;
	for (int i = first; i < s->count && i < first + per_page; i++, y++) {
		const struct shift_slip *o = &s->slips[i];
		int on = i == s->selected;

		local_time(o->ts, 0, when, sizeof when);
		enum style st = on ? STYLE_SELECTED : o->printed ? STYLE_NORMAL : STYLE_WARN;

		/* Columns by position: Chinese words are two cells wide. */
		snprintf(line, sizeof line, "%c %-6lld %s", on ? '>' : ' ', (long long)o->id, when);
		if (on)
			draw_fill(y, x, width, STYLE_SELECTED);
		draw_text(y, x, 16, st, line);
		draw_text(y, x + 17, 10, st, _(kind_words[o->kind % SLIP_KINDS]));
		draw_text(y, x + 28, SHIFT_REF_SIZE - 8, st, o->ref);
		if (!o->printed && width > 62)
			draw_text(y, x + 62, width - 62, st, _("! not printed"));
		draw_hit(y, x, width, (struct req){ REQ_PICK, i });
	}
	if (list_pages(s->count, per_page) > 1)
		widget_pager(k->bottom, x, width, s->selected / per_page + 1,
			     list_pages(s->count, per_page), _("slips"));
}

static void
shift_draw(struct kiosk *k, void *state)
{
	struct shift *s = state;
	char head[200], since[24];
	int x = k->cols >= 120 ? 8 : 2, y = k->top + 1, room;
	struct columns c;

	if (!s->loaded)
		return;
	c.label = x;
	c.green = k->cols - x - 1;
	c.points = c.green - (k->cols >= 120 ? 22 : 16);
	c.count = c.points - (k->cols >= 120 ? 22 : 16);
	local_time(s->r.since, 1, since, sizeof since);
	snprintf(head, sizeof head, _("Shift report: %s (%s), since %s"),
		 k->counter.who.name[0] ? k->counter.who.name : k->counter.staff, k->counter.staff,
		 since);
	draw_text(y, x, k->cols - 2 * x, STYLE_HEADING, head);
	y += k->rows >= 40 ? 3 : 2;
	/* The table takes what it needs, leaving the slips five rows at least. */
	room = k->bottom - y - 7;
	y = draw_report(k, s, &c, y, room > 2 ? room : 2) + 1;
	if (k->rows >= 40)
		y++;
	room = k->bottom - y - 1; /* the heading, and a row for the pager */
	draw_slips(k, s, x, y, room > 1 ? room : 1);
}

static int
reprint(struct kiosk *k, struct shift *s, int i)
{
	struct printer_outcome out;
	int64_t id;

	if (i < 0 || i >= s->count) {
		kiosk_say(k, STYLE_WARN, "%s", _("No slip is chosen."));
		return R_HANDLED | R_REDRAW;
	}
	s->selected = i;
	id = s->slips[i].id;
	if (slip_reprint(k->lg, id, &out, &k->err) != JF_OK)
		return kiosk_fail(k, "slip_reprint");
	if (out.printed)
		kiosk_say(k, STYLE_OK, _("Slip %lld printed."), (long long)id);
	else
		kiosk_say(k, STYLE_WARN, _("Slip %lld was not printed: %s."), (long long)id, out.why);
	if (shift_load(k, s) != JF_OK)
		return kiosk_fail(k, "report_shift");
	return R_HANDLED | R_REDRAW;
}

static int
shift_handle(struct kiosk *k, void *state, struct req r)
{
	struct shift *s = state;

	switch (r.id) {
	case REQ_UP:
	case REQ_DOWN:
		list_move(&s->selected, s->count, r.id == REQ_DOWN ? 1 : -1);
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		return reprint(k, s, s->selected);
	case REQ_PICK: /* a touch chooses; a touch on the chosen one reprints */
		if (r.arg != s->selected && r.arg >= 0 && r.arg < s->count) {
			s->selected = r.arg;
			return R_HANDLED | R_REDRAW;
		}
		return reprint(k, s, r.arg);
	case REQ_SCAN:
		return counter_scan(k);
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_counter_shift = {
	.name = "counter-shift",
	.state_size = sizeof(struct shift),
	.enter = shift_enter,
	.draw = shift_draw,
	.handle = shift_handle,
	.leave = shift_leave,
	.bar = shift_bar,
	.idle_logout = 1,
};
