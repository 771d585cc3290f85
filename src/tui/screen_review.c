/*
 * screen_review: a product review with stars (task_review()), opened from
 * the badge wall. First the goods the member received or bought
 * (task_review_items(): through vouchers handed over, or on receipts of
 * lines that named their SKU), a page at a time
 * (Up, Down, PgUp, PgDn, a touch), or, with none, how to get some; then
 * the stars, 1 to 5 by digit or touch; then thanks, and the reward if a
 * review task completed now.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reason.h"
#include "screen.h"
#include "task.h"
#include "widget.h"

#define REVIEW_ITEMS 200

enum review_step { STEP_PICK, STEP_STARS, STEP_DONE };

struct review_item {
	char sku[CATALOG_SKU_SIZE];
	char name[CATALOG_NAME_SIZE];
};

struct review {
	enum review_step step;
	struct review_item *items;
	int count, selected, per_page;
	int stars;          /* under the cursor, 1..5 */
	int64_t completed;  /* review tasks completed by this review */
};

static const struct bar_item pick_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Review") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item stars_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Send") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Done") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static int
keep_item(const struct catalog_item *item, void *arg)
{
	struct review *s = arg;

	snprintf(s->items[s->count].sku, CATALOG_SKU_SIZE, "%s", item->sku);
	snprintf(s->items[s->count].name, CATALOG_NAME_SIZE, "%s",
		 i18n_name(item->name_zh, item->name_en));
	return ++s->count == REVIEW_ITEMS;
}

static void
review_enter(struct kiosk *k, void *state, const void *arg)
{
	struct review *s = state;

	(void)arg;
	s->stars = 5;
	if (!(s->items = calloc(REVIEW_ITEMS, sizeof *s->items))) {
		kiosk_fail(k, "review");
		return;
	}
	if (task_review_items(k->lg, k->session.m.card, keep_item, s, &k->err) != JF_OK)
		kiosk_fail(k, "task_review_items");
}

static void
review_leave(struct kiosk *k, void *state)
{
	struct review *s = state;

	(void)k;
	free(s->items);
	s->items = NULL;
}

static void
draw_pick(struct kiosk *k, struct review *s, int y, int x, int width)
{
	int first;

	draw_text(y, x, width, STYLE_HEADING, _("Which product would you like to review?"));
	y += 2;
	if (s->count == 0) {
		draw_wrap(y, x, width, 4, STYLE_DIM,
			  _("There is nothing to review yet: the goods you buy, or receive with a "
			    "voucher, at the counter are listed here, to review once you have tried "
			    "them."));
		return;
	}
	s->per_page = k->bottom - y - 1 > 1 ? k->bottom - y - 1 : 1;
	first = s->selected / s->per_page * s->per_page;
	for (int i = first; i < s->count && i < first + s->per_page; i++)
		widget_menu_entry(y + i - first, x, width, i == s->selected, STYLE_NORMAL, ' ',
				  s->items[i].name, i);
	widget_pager(k->bottom, x, width, s->selected / s->per_page,
		     list_pages(s->count, s->per_page), NULL);
}

static void
draw_stars(struct kiosk *k, struct review *s, int y, int x, int width)
{
	char line[32];
	int gap = k->bottom - y > 16 ? 2 : 1;

	draw_text(y, x, width, STYLE_DIM, s->items[s->selected].name);
	y += 2;
	draw_text(y, x, width, STYLE_HEADING, _("How many stars do you give it?"));
	y += 2;
	for (int c = 0; c < 5; c++) {
		snprintf(line, sizeof line, "%.*s", 2 * c + 1, "* * * * *");
		widget_menu_entry(y + gap * c, x, width, c + 1 == s->stars, STYLE_POINTS, '1' + c, line,
				  c);
	}
}

static void
review_draw(struct kiosk *k, void *state)
{
	struct review *s = state;
	int y = k->top + 1, x = k->cols >= 120 ? 10 : 3, width = k->cols - 2 * x;

	if (!s->items)
		return;
	if (s->step == STEP_PICK) {
		draw_pick(k, s, y, x, width);
		return;
	}
	if (s->step == STEP_STARS) {
		draw_stars(k, s, y, x, width);
		return;
	}
	draw_text(y, x, width, STYLE_HEADING, _("Thank you for your review!"));
	if (s->completed)
		draw_text(y + 2, x, width, STYLE_OK,
			  _("A review task is done: see its reward on the badge wall."));
}

static const struct bar_item *
review_bar_now(struct kiosk *k, void *state)
{
	struct review *s = state;

	(void)k;
	return s->step == STEP_PICK ? pick_bar : s->step == STEP_STARS ? stars_bar : done_bar;
}

static int
send(struct kiosk *k, struct review *s, int stars)
{
	s->stars = stars;
	if (task_review(k->lg, k->session.m.card, s->items[s->selected].sku, stars, &s->completed,
			&k->err) != JF_OK) {
		if (!reason_say(k, &k->err))
			return kiosk_fail(k, "task_review");
		return R_HANDLED | R_REDRAW;
	}
	s->step = STEP_DONE;
	return R_HANDLED | R_REDRAW;
}

static int
handle_stars(struct kiosk *k, struct review *s, struct req r)
{
	switch (r.id) {
	case REQ_UP:
	case REQ_DOWN:
		s->stars = (s->stars + 4 + (r.id == REQ_DOWN ? 1 : -1)) % 5 + 1;
		return R_HANDLED | R_REDRAW;
	case REQ_PICK:
		return r.arg >= 0 && r.arg < 5 ? send(k, s, r.arg + 1) : R_HANDLED;
	case REQ_CHAR:
		return (int)r.arg >= '1' && (int)r.arg <= '5' ? send(k, s, (int)r.arg - '0')
							      : R_HANDLED;
	case REQ_ENTER:
		return send(k, s, s->stars);
	case REQ_BACK:
		s->step = STEP_PICK;
		return R_HANDLED | R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

static int
review_handle(struct kiosk *k, void *state, struct req r)
{
	struct review *s = state;
	int open;

	if (s->step == STEP_STARS)
		return handle_stars(k, s, r);
	if (s->step == STEP_DONE)
		return r.id == REQ_ENTER || r.id == REQ_BACK ? kiosk_pop(k, 0) : R_UNHANDLED;
	if (r.id == REQ_PAGE_UP || r.id == REQ_PAGE_DOWN)
		return list_turn_page(&s->selected, s->count, s->per_page,
				      r.id == REQ_PAGE_DOWN ? 1 : -1) ? R_HANDLED | R_REDRAW
								      : R_HANDLED;
	if (list_key(r, &s->selected, s->count, &open)) {
		if (open >= 0 && open < s->count) {
			s->selected = open;
			s->step = STEP_STARS;
		}
		return R_HANDLED | R_REDRAW;
	}
	return R_UNHANDLED;
}

const struct screen_ops screen_review = {
	.name = "review",
	.state_size = sizeof(struct review),
	.enter = review_enter,
	.draw = review_draw,
	.handle = review_handle,
	.leave = review_leave,
	.bar = pick_bar,
	.bar_now = review_bar_now,
	.idle_logout = 1,
};
