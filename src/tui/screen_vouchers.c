/*
 * screen_vouchers: "My vouchers". The member's vouchers still waiting at
 * the counter, newest first: the item, the short code, the points and the
 * expiry, a line each, a page at a time. Opening one shows it on the
 * voucher screen (pushed on the stack), whose Back comes back here. Read-only.
 *
 * The list is read once on entry (up to VOUCHERS_MAX), so that paging and
 * resizing never touch the ledger; coming back from a voucher (resume) reads it
 * again, so one the cashier has scanned meanwhile is gone.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "screen.h"
#include "widget.h"
#include "voucher.h"

#define VOUCHERS_MAX 200 /* a member with more asks the staff */
#define LIST_W_MAX 100   /* wider, a name would stand too far from its code */

struct line {
	char code[VCODE_FULL_LEN + 1];
	char short_code[VCODE_SHORT_SHOWN_LEN + 1];
	char name_zh[CATALOG_NAME_SIZE];
	char name_en[CATALOG_NAME_SIZE];
	enum point_kind kind;
	int64_t qty;
	int64_t points;
	char expires[CLOCK_DATE_LEN];
};

struct vouchers_screen {
	struct line lines[VOUCHERS_MAX];
	int count;
	int loaded;
	int selected;
	int per_page; /* as last drawn: paging keys need it */
};

static const struct bar_item vouchers_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_LEFT, REQ_RIGHT, N_("Page") },
	{ REQ_ENTER, REQ_NONE, N_("Open") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static int
keep_voucher(const struct voucher *v, void *ctx)
{
	struct vouchers_screen *s = ctx;
	struct line *l = &s->lines[s->count];

	snprintf(l->code, sizeof l->code, "%s", v->code);
	snprintf(l->short_code, sizeof l->short_code, "%s", v->short_code);
	snprintf(l->name_zh, sizeof l->name_zh, "%s", v->name_zh);
	snprintf(l->name_en, sizeof l->name_en, "%s", v->name_en);
	l->kind = v->kind;
	l->qty = v->qty;
	l->points = v->points;
	clock_date_of(v->expires_at, l->expires);
	return ++s->count == VOUCHERS_MAX;
}

/* Read the list; the line chosen stays on the voucher it was on, if that
 * is still waiting. */
static void
load(struct kiosk *k, struct vouchers_screen *s)
{
	char chosen[VCODE_FULL_LEN + 1] = "";

	if (s->loaded && s->selected < s->count)
		snprintf(chosen, sizeof chosen, "%s", s->lines[s->selected].code);
	s->count = 0;
	s->loaded = 0;
	if (voucher_list(k->lg, k->session.m.card, 1, keep_voucher, s, &k->err) != JF_OK) {
		kiosk_fail(k, "voucher_list");
		return;
	}
	s->loaded = 1;
	if (s->selected >= s->count)
		s->selected = s->count > 0 ? s->count - 1 : 0;
	for (int i = 0; i < s->count; i++)
		if (strcmp(s->lines[i].code, chosen) == 0)
			s->selected = i;
}

static void
vouchers_enter(struct kiosk *k, void *state, const void *arg)
{
	(void)arg;
	load(k, state);
}

/* Back from a voucher (or the catalog): read again, so that one the
 * cashier has scanned meanwhile is gone. */
static void
vouchers_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	(void)res;
	load(k, state);
}

/* The columns of a line, from the right: expiry, points (as wide as the
 * widest on the list, so they line up from page to page), short code; the
 * item's name takes what is left. */
struct columns {
	int name_x, name_w, code_x, points_right, date_x;
};

static struct columns
columns_of(const struct vouchers_screen *s, int x, int width)
{
	struct columns c;
	char points[64];
	int points_w = draw_width(_("Points"));

	for (int i = 0; i < s->count; i++) {
		i18n_points(s->lines[i].points, s->lines[i].kind, points, sizeof points);
		if (draw_width(points) > points_w)
			points_w = draw_width(points);
	}
	c.date_x = x + width - (CLOCK_DATE_LEN - 1);
	c.points_right = c.date_x - 2;
	c.code_x = c.points_right - points_w - 2 - VCODE_SHORT_SHOWN_LEN;
	c.name_x = x + 2;
	c.name_w = c.code_x - 2 - c.name_x;
	return c;
}

static void
draw_line(const struct columns *cols, const struct line *l, int y, int x, int width, int on,
	  int index)
{
	struct columns c = *cols;
	enum style st = on ? STYLE_SELECTED : STYLE_NORMAL;
	const char *name = i18n_name(l->name_zh, l->name_en);
	char points[64], item[CATALOG_NAME_SIZE + 32];

	i18n_points(l->points, l->kind, points, sizeof points);
	/* The chosen line is reversed and marked, to read without colour. */
	if (on)
		draw_fill(y, x, width, STYLE_SELECTED);
	draw_text(y, x, 2, st, on ? ">" : " ");
	if (l->qty > 1)
		snprintf(item, sizeof item, "%s × %lld", name, (long long)l->qty);
	else
		snprintf(item, sizeof item, "%s", name);
	draw_text(y, c.name_x, c.name_w, st, item);
	draw_text(y, c.code_x, VCODE_SHORT_SHOWN_LEN, on ? st : STYLE_HEADING, l->short_code);
	draw_right(y, c.points_right, on ? st : STYLE_POINTS, points);
	draw_text(y, c.date_x, CLOCK_DATE_LEN - 1, st, l->expires);
	draw_hit(y, x, width, (struct req){ REQ_PICK, index });
}

/* Nothing waiting: say so, and lead to the catalog. */
static void
draw_empty(int y, int x, int width)
{
	int rows;

	rows = draw_wrap(y, x, width, 3, STYLE_NORMAL,
			 _("You have no vouchers waiting. Redeem points in the Catalog."));
	widget_button(y + rows + 1, x, _("Catalog"), (struct req){ REQ_ENTER, 0 });
}

static void
vouchers_draw(struct kiosk *k, void *state)
{
	struct vouchers_screen *s = state;
	struct columns c;
	int width = k->cols - 6, x, y = k->top + 1, first;
	char count[128];

	if (!s->loaded)
		return;
	if (width > LIST_W_MAX)
		width = LIST_W_MAX;
	x = (k->cols - width) / 2;
	draw_text(y, x, width, STYLE_HEADING, _("My vouchers"));
	if (s->count == 0) {
		s->per_page = 1;
		draw_empty(y + 2, x, width);
		return;
	}
	snprintf(count, sizeof count,
		 ngettext("%d voucher waiting at the counter. Open one to show its code.",
			  "%d vouchers waiting at the counter. Open one to show its code.",
			  (unsigned long)s->count),
		 s->count);
	draw_text(y + 1, x, width, STYLE_DIM, count);
	y += 3;
	c = columns_of(s, x, width);
	draw_text(y, c.name_x, c.name_w, STYLE_DIM, _("Item"));
	draw_text(y, c.code_x, c.points_right - c.code_x, STYLE_DIM, _("Short code"));
	draw_right(y, c.points_right, STYLE_DIM, _("Points"));
	draw_text(y, c.date_x, k->cols - c.date_x, STYLE_DIM, _("Valid until"));
	y++;
	/* The rows left above the pager make a page. */
	s->per_page = k->bottom - 1 - y;
	if (s->per_page < 1)
		s->per_page = 1;
	first = s->selected / s->per_page * s->per_page;
	for (int i = first; i < s->count && i < first + s->per_page; i++)
		draw_line(&c, &s->lines[i], y + i - first, x, width, i == s->selected, i);
	widget_pager(k->bottom, x, width, s->selected / s->per_page, list_pages(s->count, s->per_page), NULL);
}

static int
open_voucher(struct kiosk *k, struct vouchers_screen *s, int i)
{
	if (i < 0 || i >= s->count)
		return R_HANDLED;
	struct voucher_arg arg = { "", 0 };

	s->selected = i;
	snprintf(arg.code, sizeof arg.code, "%s", s->lines[i].code);
	return kiosk_push(k, SCREEN_VOUCHER, &arg);
}

static int
turn_page(struct vouchers_screen *s, int by)
{
	return list_turn_page(&s->selected, s->count, s->per_page, by) ? R_HANDLED | R_REDRAW
									: R_HANDLED;
}

static int
vouchers_handle(struct kiosk *k, void *state, struct req r)
{
	struct vouchers_screen *s = state;

	switch (r.id) {
	case REQ_UP:
		if (s->selected == 0)
			return R_HANDLED;
		s->selected--;
		return R_HANDLED | R_REDRAW;
	case REQ_DOWN:
		if (s->selected + 1 >= s->count)
			return R_HANDLED;
		s->selected++;
		return R_HANDLED | R_REDRAW;
	case REQ_LEFT:
	case REQ_PAGE_UP:
		return turn_page(s, -1);
	case REQ_RIGHT:
	case REQ_PAGE_DOWN:
		return turn_page(s, 1);
	case REQ_ENTER:
		if (s->count == 0)
			return kiosk_push(k, SCREEN_CATALOG, NULL);
		return open_voucher(k, s, s->selected);
	case REQ_PICK:
		return open_voucher(k, s, r.arg);
	case REQ_BACK:
		return kiosk_pop(k, 0); /* back home */
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_vouchers = {
	.name = "vouchers",
	.state_size = sizeof(struct vouchers_screen),
	.enter = vouchers_enter,
	.draw = vouchers_draw,
	.handle = vouchers_handle,
	.resume = vouchers_resume,
	.bar = vouchers_bar,
	.idle_logout = 1,
};
