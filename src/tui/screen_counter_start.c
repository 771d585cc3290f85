/*
 * screen_counter_start: the counter while nobody works it (the counter
 * mode's first screen). The staff member named by `jifen counter --staff
 * ID` opens it with Enter; the language is chosen here.
 *
 * The seam for the staff login: when the staff table exists, Enter here
 * pushes the staff login screen (card, then the PIN dialog checking
 * staff_check_pin()) and its resume() signs in whoever it confirmed, in
 * place of counter_sign_in()'s use of --staff.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "screen.h"
#include "widget.h"

static const struct bar_item start_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Open the counter") },
	{ REQ_LEFT, REQ_RIGHT, N_("Language") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* The staff member begins: every write from here on is theirs. */
static int
counter_sign_in(struct kiosk *k)
{
	struct actor who;

	if (k->counter.staff[0] == '\0') {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("No staff member is set for this counter (jifen counter --staff ID)."));
		return R_HANDLED | R_REDRAW;
	}
	if (actor_staff(&who, k->counter.staff, &k->err) != JF_OK)
		return kiosk_fail(k, "actor_staff");
	ledger_act_as(k->lg, &who);
	k->session.active = 1;
	return kiosk_begin(k);
}

static void
start_draw(struct kiosk *k, void *state)
{
	char line[160];
	int rows = k->bottom - k->top + 1, y = k->top + (rows - 9) / 2, x, w = k->cols - 4;

	(void)state;
	draw_center(y, 2, w, STYLE_HEADING, _("The counter is closed"));
	snprintf(line, sizeof line, _("Staff member %s: press Enter to open the counter."),
		 k->counter.staff[0] ? k->counter.staff : "?");
	draw_center(y + 2, 2, w, STYLE_NORMAL, line);
	x = (k->cols - 24) / 2;
	x += widget_button(y + 5, x, "English", (struct req){ REQ_LANG, LANG_EN }) + 4;
	widget_button(y + 5, x, "中文", (struct req){ REQ_LANG, LANG_ZH });
	widget_button(y + 8, (k->cols - draw_width(_("Open the counter")) - 4) / 2,
		      _("Open the counter"), (struct req){ REQ_ENTER, 0 });
}

static int
start_handle(struct kiosk *k, void *state, struct req r)
{
	(void)state;
	switch (r.id) {
	case REQ_ENTER:
		return counter_sign_in(k);
	case REQ_LANG:
		i18n_set(r.arg == LANG_ZH ? LANG_ZH : LANG_EN);
		return R_HANDLED | R_REDRAW;
	case REQ_LEFT:
	case REQ_RIGHT:
		i18n_set(i18n_get() == LANG_ZH ? LANG_EN : LANG_ZH);
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		return R_HANDLED; /* nothing under the first screen */
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_counter_start = {
	.name = "counter-start",
	.draw = start_draw,
	.handle = start_handle,
	.bar = start_bar,
};
