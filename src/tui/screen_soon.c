/*
 * screen_soon: the stand-in for a part of the kiosk that is not built yet
 * (catalog, vouchers, family). It says so plainly and leads back, so the
 * home menu can show everything the kiosk will offer.
 */
#include "config.h"

#include <stdio.h>

#include "screen.h"

static const struct bar_item soon_bar[] = {
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static void
soon_draw(struct kiosk *k, void *state)
{
	char back[64], soon[64];
	int width = k->cols - 8, x = 4, y = k->top + (k->bottom - k->top + 1 - 9) / 2, bx;

	snprintf(back, sizeof back, "[ %s ]", _("Back"));
	snprintf(soon, sizeof soon, " %s ", _("Coming soon"));
	draw_center(y, x, width, STYLE_HEADING, k->soon_title ? _(k->soon_title) : "");
	draw_center(y + 2, x, width, STYLE_WARN, soon);
	draw_wrap(y + 4, x + 8, width - 16, 2, STYLE_NORMAL,
		  _("This part of the kiosk is not ready yet. Meanwhile, the staff at the "
		    "counter will gladly help you."));
	bx = draw_center(y + 8, x, width, STYLE_SELECTED, back);
	draw_hit(y + 8, bx, draw_width(back), (struct req){ REQ_BACK, 0 });
}

static int
soon_handle(struct kiosk *k, void *state, struct req r)
{
	switch (r.id) {
	case REQ_ENTER:
	case REQ_BACK:
		return R_HANDLED | R_LEAVE; /* back home */
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_soon = {
	.name = "soon",
	.state_size = 0,
	.draw = soon_draw,
	.handle = soon_handle,
	.bar = soon_bar,
	.idle_logout = 1,
};
