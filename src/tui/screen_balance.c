/*
 * screen_balance: "Balance and history". The member's balance split by
 * kind (total, held by vouchers, pending, available now), the lots that
 * expire soon with their dates, and below them the history, newest first,
 * a page at a time. Read-only, like home.
 *
 * The history is read once on entry, up to HISTORY_MAX lines, so that
 * paging and resizing never touch the ledger (and so can never fail in
 * the middle of a frame); a page is as many lines as the screen has rows.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "screen.h"
#include "widget.h"

#define HISTORY_MAX 500 /* lines read; older ones are for the staff's report */
#define WHEN_SIZE 20    /* "2026-11-24 10:00" */
#define TYPE_SIZE 16
#define MEMO_SIZE 96
#define EXPIRING_ROWS 4 /* beside the balance table, whatever the height */

struct line {
	char when[WHEN_SIZE];
	char type[TYPE_SIZE];
	char memo[MEMO_SIZE];
	enum point_kind kind;
	int64_t points;
};

struct balance_screen {
	struct balance b;
	int have_balance;
	struct line lines[HISTORY_MAX];
	int count;
	int page;
	int per_page; /* as last drawn: paging keys need it */
};

/* The ledger's entry types as a member would say them. */
struct type_word {
	const char *type;
	const char *label; /* msgid */
	int show_memo;     /* the memo says more than the type (a reason, an item) */
};

static const struct type_word type_words[] = {
	{ "earn", N_("Purchase"), 0 },
	{ "reverse", N_("Refund"), 0 },
	{ "grant", N_("Bonus"), 1 },
	{ "transfer", N_("Family transfer"), 1 },
	{ "expire", N_("Expired"), 0 },
	{ "redeem", N_("Redeemed"), 1 },
	{ "return", N_("Voucher returned"), 1 },
	{ "compensate", N_("Compensation"), 1 },
};

#define TYPE_WORD_COUNT (sizeof type_words / sizeof type_words[0])

static const struct bar_item balance_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Page") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct type_word *
type_word_of(const char *type)
{
	for (size_t i = 0; i < TYPE_WORD_COUNT; i++)
		if (strcmp(type_words[i].type, type) == 0)
			return &type_words[i];
	return NULL;
}

static int
keep_line(const struct history_item *it, void *ctx)
{
	struct balance_screen *s = ctx;
	struct line *l = &s->lines[s->count];
	time_t t = (time_t)it->ts;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(l->when, sizeof l->when, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(l->when, sizeof l->when, "?");
	snprintf(l->type, sizeof l->type, "%s", it->type ? it->type : "");
	snprintf(l->memo, sizeof l->memo, "%s", it->memo ? it->memo : "");
	l->kind = it->kind;
	l->points = it->points;
	return ++s->count == HISTORY_MAX;
}

static void
balance_enter(struct kiosk *k, void *state, const void *arg)
{
	struct balance_screen *s = state;
	const char *card = k->session.m.card;

	(void)arg;
	if (ledger_balance(k->lg, card, &s->b, &k->err) != JF_OK) {
		kiosk_fail(k, "ledger_balance");
		return;
	}
	s->have_balance = 1;
	if (ledger_history(k->lg, card, HISTORY_MAX, keep_line, s, &k->err) != JF_OK)
		kiosk_fail(k, "ledger_history");
}

static void
balance_leave(struct kiosk *k, void *state)
{
	struct balance_screen *s = state;

	if (s->have_balance)
		balance_done(&s->b);
}

static int
max_int(int a, int b)
{
	return a > b ? a : b;
}

static int
has_overdue(const struct balance_screen *s)
{
	return s->b.overdue[KIND_POINTS] > 0 || s->b.overdue[KIND_GREEN] > 0;
}

/* The table: a row per figure, a column per kind. Numbers end at their
 * column's right edge whatever the width of the labels. Returns the column
 * after the table. */
static int
draw_table(struct balance_screen *s, int y, int x)
{
	const char *heads[KIND_COUNT] = { _("Points"), _("Green points") };
	const char *labels[] = { _("Total"), _("Held by vouchers"), _("Pending"),
				 _("Available now") };
	const int64_t *figures[] = { s->b.total, s->b.held, s->b.pending, s->b.available };
	int label_w = 0, right[KIND_COUNT], col = 0;

	for (int i = 0; i < 4; i++)
		label_w = max_int(label_w, draw_width(labels[i]));
	col = x + label_w;
	for (int kind = 0; kind < KIND_COUNT; kind++) {
		right[kind] = col + 2 + max_int(draw_width(heads[kind]), 8);
		col = right[kind];
		draw_right(y, right[kind], STYLE_HEADING, heads[kind]);
	}
	draw_text(y, x, label_w, STYLE_HEADING, _("Balance"));
	for (int i = 0; i < 4; i++) {
		/* What can be spent stands out from how it is made up. */
		draw_text(y + 1 + i, x, label_w, i == 3 ? STYLE_HEADING : STYLE_NORMAL, labels[i]);
		for (int kind = 0; kind < KIND_COUNT; kind++)
			draw_number(y + 1 + i, right[kind], STYLE_POINTS, figures[i][kind]);
	}
	/* Points past their date are rare (the daily run removes them): a row
	 * only when there are some, so the table always adds up. */
	if (has_overdue(s)) {
		draw_text(y + 5, x, label_w, STYLE_WARN, _("Past their date"));
		for (int kind = 0; kind < KIND_COUNT; kind++)
			draw_number(y + 5, right[kind], STYLE_POINTS, s->b.overdue[kind]);
	}
	return col;
}

/* The points expiring soon, a line per date and kind, in at most max rows
 * under a heading. */
static void
draw_expiring(struct kiosk *k, struct balance_screen *s, int y, int x, int width, int max)
{
	char line[160], amount[64];
	size_t lines = s->b.expiring_count; /* one a kind and date */

	draw_text(y++, x, width, STYLE_HEADING, _("Expiring soon"));
	if (lines == 0) {
		snprintf(line, sizeof line,
			 ngettext("No points expire in the next %lld day.",
				  "No points expire in the next %lld days.",
				  (unsigned long)k->cfg->expiry_notice_days),
			 (long long)k->cfg->expiry_notice_days);
		draw_wrap(y, x, width, max, STYLE_DIM, line);
		return;
	}
	for (size_t i = 0; i < lines && (int)i < max; i++) {
		const struct expiring_lot *lot = &s->b.expiring[i];

		if ((int)i == max - 1 && i + 1 < lines) {
			snprintf(line, sizeof line,
				 ngettext("… and %zu more date", "… and %zu more dates",
					  (unsigned long)(lines - i)),
				 lines - i);
			draw_text(y + (int)i, x, width, STYLE_WARN, line);
			return;
		}
		i18n_points(lot->points, lot->kind, amount, sizeof amount);
		snprintf(line, sizeof line, "%s  %s", lot->date, amount);
		draw_text(y + (int)i, x, width, STYLE_WARN, line);
	}
}

/* One line of history: when, what happened, the points with their sign
 * and kind. The kind's column is as wide as its longest word. */
static void
draw_line(struct kiosk *k, const struct line *l, int y, int x)
{
	const char *kinds[KIND_COUNT] = { _("points"), _("green points") };
	const struct type_word *tw = type_word_of(l->type);
	int kind_w = max_int(draw_width(kinds[0]), draw_width(kinds[1]));
	int kind_x = k->cols - 3 - kind_w, num_right = kind_x - 1;
	int what_x = x + WHEN_SIZE - 2, what_w = num_right - 9 - what_x, used;
	char points[32];

	draw_text(y, x, WHEN_SIZE - 4, STYLE_NORMAL, l->when);
	/* A type the kiosk has no word for yet is shown as the ledger names it. */
	used = draw_text(y, what_x, what_w, STYLE_NORMAL, tw ? _(tw->label) : l->type);
	if ((!tw || tw->show_memo) && l->memo[0] != '\0' && used + 2 < what_w)
		draw_text(y, what_x + used + 2, what_w - used - 2, STYLE_DIM, l->memo);
	snprintf(points, sizeof points, "%+lld", (long long)l->points);
	draw_right(y, num_right, STYLE_POINTS, points);
	draw_text(y, kind_x, kind_w, STYLE_NORMAL, kinds[l->kind == KIND_GREEN]);
}

static void
draw_history(struct kiosk *k, struct balance_screen *s, int y, int x)
{
	const char *kinds[KIND_COUNT] = { _("points"), _("green points") };
	int kind_w = max_int(draw_width(kinds[0]), draw_width(kinds[1]));
	int num_right = k->cols - 3 - kind_w - 1, first;

	draw_text(y, x, k->cols - 2 * x, STYLE_HEADING, _("History"));
	y++;
	draw_text(y, x, WHEN_SIZE - 4, STYLE_DIM, _("Date"));
	draw_text(y, x + WHEN_SIZE - 2, num_right - 9 - (x + WHEN_SIZE - 2), STYLE_DIM,
		  _("What happened"));
	draw_right(y, num_right, STYLE_DIM, _("Points"));
	y++;
	/* The rows left above the pager make a page. */
	s->per_page = k->bottom - y;
	if (s->per_page < 1)
		s->per_page = 1;
	if (s->page >= list_pages(s->count, s->per_page))
		s->page = list_pages(s->count, s->per_page) - 1;
	if (s->count == 0)
		draw_text(y, x, k->cols - 2 * x, STYLE_DIM,
			  _("Nothing has happened on this card yet."));
	first = s->page * s->per_page;
	for (int i = first; i < s->count && i < first + s->per_page; i++)
		draw_line(k, &s->lines[i], y + i - first, x);
	widget_pager(k->bottom, x, k->cols - 3 - x, s->page, list_pages(s->count, s->per_page), NULL);
}

static void
balance_draw(struct kiosk *k, void *state)
{
	struct balance_screen *s = state;
	int x = 3, y = k->top + 1, ex;

	if (!s->have_balance)
		return;
	ex = draw_table(s, y, x) + 4;
	draw_expiring(k, s, y, ex, k->cols - 3 - ex, EXPIRING_ROWS);
	if (has_overdue(s))
		draw_text(y + 5, ex, k->cols - 3 - ex, STYLE_DIM,
			  _("removed at the next daily run"));
	draw_history(k, s, y + 6 + has_overdue(s), x);
}

static int
balance_handle(struct kiosk *k, void *state, struct req r)
{
	struct balance_screen *s = state;

	switch (r.id) {
	case REQ_UP:
	case REQ_LEFT:
		if (s->page == 0)
			return R_HANDLED;
		s->page--;
		return R_HANDLED | R_REDRAW;
	case REQ_DOWN:
	case REQ_RIGHT:
		if (s->page + 1 >= list_pages(s->count, s->per_page))
			return R_HANDLED;
		s->page++;
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		return R_HANDLED | R_LEAVE; /* back home */
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_balance = {
	.name = "balance",
	.state_size = sizeof(struct balance_screen),
	.enter = balance_enter,
	.draw = balance_draw,
	.handle = balance_handle,
	.leave = balance_leave,
	.bar = balance_bar,
	.idle_logout = 1,
};
