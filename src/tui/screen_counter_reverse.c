/*
 * screen_counter_reverse: a whole receipt refunded takes back the points
 * it earned (ledger_earn_reverse(), the key "reverse:RECEIPT"), never
 * below zero: what could not be taken back (the member had spent it) is
 * the shortfall, shown so that the cashier can settle it. Any member's
 * receipt: the panel need not show them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "counter_form.h"
#include "counter_slip.h"
#include "parse.h"
#include "reason.h"
#include "screen.h"

enum reverse_step { REV_EDIT, REV_CONFIRM, REV_DONE };

struct counter_reverse {
	enum reverse_step step;
	struct counter_form form; /* the receipt */
	struct earn_info info;           /* what the reversal will do, asked before */
	char owner[MEMBER_NAME_SIZE];    /* whose purchase it was */
	struct ledger_result res;
	struct counter_slip slip;
};

static const struct bar_item edit_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
reverse_bar_now(struct kiosk *k, void *state)
{
	const struct counter_reverse *s = state;

	(void)k;
	return s->step == REV_CONFIRM ? counter_take_back_bar : s->step == REV_DONE ? counter_slip_done_bar : edit_bar;
}

static void
reverse_enter(struct kiosk *k, void *state, const void *arg)
{
	struct counter_reverse *s = state;

	(void)k;
	(void)arg;
	counter_form_text(&s->form, 0, N_("Receipt"), TEXT_RECEIPT, 32, 32);
}

#define RECEIPT(s) (&(s)->form.field[0].text)

static void
draw_result(struct kiosk *k, struct counter_reverse *s, int y)
{
	char line[200];

	if (s->res.replay)
		snprintf(line, sizeof line, _("Receipt %s was already reversed: nothing more was taken."),
			 RECEIPT(s)->text);
	else
		snprintf(line, sizeof line,
			 ngettext("Took back %lld point of receipt %s.",
				  "Took back %lld points of receipt %s.", (unsigned long)s->res.points),
			 (long long)s->res.points, RECEIPT(s)->text);
	draw_wrap(y, 3, k->cols - 6, 2, STYLE_OK, line);
	counter_slip_draw(k, y + (s->res.shortfall > 0 ? 7 : 2), &s->slip);
	if (s->res.shortfall <= 0)
		return;
	for (int i = 0; i < 3; i++)
		draw_fill(y + 3 + i, 0, k->cols, STYLE_ERROR);
	snprintf(line, sizeof line,
		 ngettext("SHORTFALL: %lld point could not be taken back",
			  "SHORTFALL: %lld points could not be taken back",
			  (unsigned long)s->res.shortfall),
		 (long long)s->res.shortfall);
	draw_center(y + 3, 0, k->cols, STYLE_ERROR, line);
	draw_wrap(y + 4, 2, k->cols - 4, 2, STYLE_ERROR,
		  _("They were spent, or a voucher holds them. Settle the difference as the store's rules say."));
}

/* What the receipt earned, whose it was, and what the reversal will take
 * back now, before the cashier says yes. */
static void
draw_preview(struct kiosk *k, struct counter_reverse *s, int y)
{
	char line[MEMBER_NAME_SIZE + 200], pts[64];

	i18n_points(s->info.points, s->info.kind, pts, sizeof pts);
	snprintf(line, sizeof line, _("This receipt earned %s for %s (card %s)."), pts,
		 s->owner[0] ? s->owner : "?", s->info.card);
	y += draw_wrap(y, 3, k->cols - 6, 2, STYLE_NORMAL, line);
	i18n_points(s->info.take, s->info.kind, pts, sizeof pts);
	snprintf(line, sizeof line, _("Reversing it takes back %s."), pts);
	draw_text(y++, 3, k->cols - 6, STYLE_POINTS, line);
	if (s->info.shortfall > 0) {
		snprintf(line, sizeof line,
			 ngettext("%lld point cannot be taken back: spent, or held by a voucher.",
				  "%lld points cannot be taken back: spent, or held by a voucher.",
				  (unsigned long)s->info.shortfall),
			 (long long)s->info.shortfall);
		draw_wrap(y, 3, k->cols - 6, 2, STYLE_ERROR, line);
		y += draw_wrap_rows(k->cols - 6, line);
	}
	draw_text(y + 1, 3, k->cols - 6, STYLE_WARN,
		  _("Take back the points of this receipt? Enter: yes. Esc: no."));
}

static void
reverse_draw(struct kiosk *k, void *state)
{
	struct counter_reverse *s = state;
	int y = counter_panel_draw(k);

	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Reverse a receipt"));
	y = counter_form_draw(&s->form, y + 2, 2, s->step == REV_EDIT);
	switch (s->step) {
	case REV_EDIT:
		draw_wrap(y, 3, k->cols - 6, 3, STYLE_DIM,
			  _("The goods of the whole receipt came back: type its number and press Enter. "
			    "The points it earned are taken back."));
		break;
	case REV_CONFIRM:
		draw_preview(k, s, y);
		break;
	case REV_DONE:
		draw_result(k, s, y);
		break;
	}
}

/* The reversal and its slip, in one transaction; the printer after. */
static enum jf_status
reverse_with_slip(struct kiosk *k, struct counter_reverse *s)
{
	struct slip_data d = { .kind = SLIP_RETURN, .balance = -1 };
	enum jf_status st;

	if ((st = counter_slip_begin(k)) != JF_OK)
		return st;
	if ((st = ledger_earn_reverse(k->lg, RECEIPT(s)->text, &s->res, &k->err)) != JF_OK) {
		counter_slip_abandon(k);
		return st;
	}
	d.ref = RECEIPT(s)->text;
	d.card = s->info.card;
	d.points = s->res.points;
	d.shortfall = s->res.shortfall;
	if ((st = counter_slip_keep(k, &d, &s->slip)) != JF_OK)
		return st;
	counter_slip_print(k, &s->slip);
	return JF_OK;
}

static int
take_back(struct kiosk *k, struct counter_reverse *s)
{
	enum jf_status st = reverse_with_slip(k, s);

	if (st == JF_OK) {
		s->step = REV_DONE;
		if (counter_member_refresh(k) != JF_OK)
			return kiosk_fail(k, "counter_member_refresh");
		return R_HANDLED | R_REDRAW;
	}
	s->step = REV_EDIT;
	if (reason_say(k, &k->err))
		return R_HANDLED | R_REDRAW;
	return kiosk_fail(k, "ledger_earn_reverse");
}

/* Core says what the reversal would do; the cashier is asked with it. */
static int
ask(struct kiosk *k, struct counter_reverse *s)
{
	enum jf_status st = ledger_earn_lookup(k->lg, RECEIPT(s)->text, &s->info, &k->err);
	struct member m;

	if (st == JF_NOTFOUND && reason_say(k, &k->err))
		return R_HANDLED | R_REDRAW;
	if (st != JF_OK)
		return kiosk_fail(k, "ledger_earn_lookup");
	if (s->info.reversed) {
		kiosk_say(k, STYLE_WARN, _("Receipt %s was already reversed."), RECEIPT(s)->text);
		return R_HANDLED | R_REDRAW;
	}
	s->owner[0] = '\0';
	if (member_find(k->lg, s->info.card, &m, &k->err) == JF_OK)
		snprintf(s->owner, sizeof s->owner, "%s", m.name);
	explicit_bzero(&m, sizeof m);
	s->step = REV_CONFIRM;
	return R_HANDLED | R_REDRAW;
}

static int
reverse_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_reverse *s = state;

	if (r.id == REQ_SCAN)
		return counter_scan(k);
	if (s->step == REV_CONFIRM) {
		if (r.id == REQ_ENTER)
			return take_back(k, s);
		if (r.id == REQ_BACK)
			s->step = REV_EDIT;
		return R_HANDLED | R_REDRAW;
	}
	if (s->step == REV_DONE && r.id == REQ_RIGHT)
		return counter_slip_view(k, &s->slip);
	if (s->step == REV_DONE)
		return r.id == REQ_ENTER || r.id == REQ_BACK ? kiosk_pop(k, 0) : R_HANDLED;
	switch (r.id) {
	case REQ_ENTER:
		if (RECEIPT(s)->spoiled || parse_key("receipt", RECEIPT(s)->text, NULL) != JF_OK) {
			kiosk_say(k, STYLE_ERROR, "%s",
				  _("Type the receipt number: letters, digits and signs, no spaces."));
			text_field_clear(RECEIPT(s));
			return R_HANDLED | R_REDRAW;
		}
		return ask(k, s);
	case REQ_BACK:
		return counter_form_back(k, &s->form);
	default:
		return counter_form_handle(k, &s->form, r);
	}
}

const struct screen_ops screen_counter_reverse = {
	.name = "counter-reverse",
	.state_size = sizeof(struct counter_reverse),
	.enter = reverse_enter,
	.draw = reverse_draw,
	.handle = reverse_handle,
	.bar = edit_bar,
	.bar_now = reverse_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
