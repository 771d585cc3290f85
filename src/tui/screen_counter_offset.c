/*
 * screen_counter_offset: points paying part of a bill (积分抵扣) for the
 * member on the panel. The cashier types the sale's ref and the bill; the
 * screen asks core what points may pay (ledger_offset_quote(): the rate
 * and the cap of [offset], whole fen, never a point for less than it is
 * worth) and fills in the most, which the cashier may lower. The member
 * confirms with their PIN on the counter's keypad (the PIN dialog, with
 * member_check_pin()'s count and lock), and only then are the points
 * used (ledger_offset(), with its slip). The result says the points used,
 * what they paid, the cash left to pay and the new balance. Until the sale
 * closes the points can be given back (ledger_offset_undo()): Backspace
 * on the result, or the sale's ref typed here and PgDn.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "counter_form.h"
#include "counter_slip.h"
#include "offset.h"
#include "parse.h"
#include "pin.h"
#include "screen.h"

enum offset_field { F_REF, F_BILL, F_POINTS, F_COUNT };
enum offset_step { OFF_EDIT, OFF_CONFIRM, OFF_DONE, OFF_UNDO_ASK, OFF_UNDONE };

struct counter_offset {
	enum offset_step step;
	struct counter_form form;
	int64_t bill_fen;
	struct offset_result quote, res;
	struct counter_slip slip;
	int paid_here; /* the panel's member paid this sale here: the undo's balance is theirs */
};

static const struct bar_item edit_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next") },
	{ REQ_UP, REQ_DOWN, N_("Field") },
	{ REQ_PAGE_DOWN, REQ_NONE, N_("Undo a sale's points") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item confirm_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Member's PIN") },
	{ REQ_BACK, REQ_NONE, N_("Change") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Done") },
	{ REQ_ERASE, REQ_NONE, N_("Undo: give the points back") },
	{ REQ_RIGHT, REQ_NONE, N_("Slip") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item ask_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Yes, give back") },
	{ REQ_BACK, REQ_NONE, N_("No") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
offset_bar_now(struct kiosk *k, void *state)
{
	const struct counter_offset *s = state;

	(void)k;
	switch (s->step) {
	case OFF_CONFIRM:
		return confirm_bar;
	case OFF_DONE:
		return done_bar;
	case OFF_UNDO_ASK:
		return ask_bar;
	case OFF_UNDONE:
		return counter_done_bar;
	default:
		return edit_bar;
	}
}

#define REF(s) (&(s)->form.field[F_REF].text)
#define BILL(s) (&(s)->form.field[F_BILL].text)
#define POINTS(s) (&(s)->form.field[F_POINTS].text)

static void
offset_reset(struct counter_offset *s)
{
	counter_form_init(&s->form);
	counter_form_text(&s->form, F_REF, N_("Sale ref"), TEXT_RECEIPT, 32, 32);
	counter_form_text(&s->form, F_BILL, N_("Bill (yuan)"), TEXT_AMOUNT, 12, 12);
	counter_form_text(&s->form, F_POINTS, N_("Points to use"), TEXT_AMOUNT, 9, 9);
	s->form.wrap = 1;
	memset(&s->quote, 0, sizeof s->quote);
	memset(&s->res, 0, sizeof s->res);
	memset(&s->slip, 0, sizeof s->slip);
	s->paid_here = 0;
	s->step = OFF_EDIT;
}

static void
offset_enter(struct kiosk *k, void *state, const void *arg)
{
	(void)k;
	(void)arg;
	offset_reset(state);
}

static void
yuan(int64_t fen, char *out, size_t size)
{
	char text[32];

	parse_format_fen(fen, text, sizeof text);
	snprintf(out, size, "¥%.24s", text);
}

/* "label  value" rows of a quote or a result. */
static void
figure(int y, int lw, struct kiosk *k, const char *label, const char *value, enum style st)
{
	draw_text(y, 5, lw, STYLE_NORMAL, label);
	draw_text(y, 5 + lw + 2, k->cols - lw - 10, st, value);
}

static int
figures_label_w(void)
{
	const char *labels[] = { _("Points used"), _("Paid by points"), _("Cash to pay"),
				 _("New balance") };
	int w = 0;

	for (int i = 0; i < 4; i++)
		if (draw_width(labels[i]) > w)
			w = draw_width(labels[i]);
	return w;
}

static int
draw_figures(struct kiosk *k, const struct offset_result *r, int y, int balance)
{
	char pts[64], money[48];
	int lw = figures_label_w();

	i18n_points(r->points, KIND_POINTS, pts, sizeof pts);
	figure(y++, lw, k, _("Points used"), pts, STYLE_POINTS);
	yuan(r->fen, money, sizeof money);
	figure(y++, lw, k, _("Paid by points"), money, STYLE_OK);
	yuan(r->cash_fen, money, sizeof money);
	figure(y++, lw, k, _("Cash to pay"), money, STYLE_HEADING);
	if (balance) {
		i18n_points(k->counter.points, KIND_POINTS, pts, sizeof pts);
		figure(y++, lw, k, _("New balance"), pts, STYLE_HEADING);
	}
	return y;
}

static void
draw_quote(struct kiosk *k, struct counter_offset *s, int y)
{
	char line[256], pts[64], money[48];

	i18n_points(s->quote.max_points, KIND_POINTS, pts, sizeof pts);
	snprintf(line, sizeof line,
		 _("This bill takes at most %s (%lld%% of it, %lld points a yuan)."), pts,
		 (long long)k->cfg->offset_max_percent, (long long)k->cfg->offset_points_per_yuan);
	y += draw_wrap(y, 3, k->cols - 6, 2, STYLE_NORMAL, line);
	y = draw_figures(k, &s->quote, y + 1, 0);
	yuan(s->quote.fen, money, sizeof money);
	i18n_points(s->quote.points, KIND_POINTS, pts, sizeof pts);
	snprintf(line, sizeof line,
		 _("Pay %s of the bill with %s? The member confirms with their PIN."), money, pts);
	draw_wrap(y + 1, 3, k->cols - 6, 2, STYLE_WARN, line);
}

static void
draw_done(struct kiosk *k, struct counter_offset *s, int y)
{
	char line[256];

	if (s->res.replay)
		snprintf(line, sizeof line, _("Sale %s had already been paid with points: nothing more was used."),
			 REF(s)->text);
	else
		snprintf(line, sizeof line, _("Points paid part of sale %s."), REF(s)->text);
	y += draw_wrap(y, 3, k->cols - 6, 2, STYLE_OK, line);
	y = draw_figures(k, &s->res, y + 1, 1);
	counter_slip_draw(k, y + 1, &s->slip);
}

static void
draw_undone(struct kiosk *k, struct counter_offset *s, int y)
{
	char line[256], pts[64], money[48];

	i18n_points(s->res.points, KIND_POINTS, pts, sizeof pts);
	yuan(s->res.fen, money, sizeof money);
	snprintf(line, sizeof line,
		 _("Gave back %s to the member: sale %s is no longer paid %s by points."), pts,
		 REF(s)->text, money);
	y += draw_wrap(y, 3, k->cols - 6, 2, STYLE_OK, line);
	yuan(s->res.bill_fen, money, sizeof money);
	snprintf(line, sizeof line, _("Collect the whole bill, %s, another way."), money);
	draw_text(y + 1, 3, k->cols - 6, STYLE_HEADING, line);
	i18n_points(k->counter.points, KIND_POINTS, pts, sizeof pts);
	snprintf(line, sizeof line, _("New balance: %s."), pts);
	/* Undone by its ref, the sale may be another member's than the panel's. */
	if (s->paid_here && k->counter.present)
		draw_text(y + 3, 3, k->cols - 6, STYLE_HEADING, line);
}

static void
offset_draw(struct kiosk *k, void *state)
{
	struct counter_offset *s = state;
	int y = counter_panel_draw(k);

	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Pay part of a bill with points"));
	counter_form_draw(&s->form, y + 2, 1, s->step == OFF_EDIT);
	y += 6;
	switch (s->step) {
	case OFF_EDIT:
		draw_wrap(y, 3, k->cols - 6, 3, STYLE_DIM,
			  s->form.focus == F_POINTS
				  ? _("The most points allowed are filled in; the member may use fewer. "
				      "Enter shows what they pay.")
				  : _("Type the sale's ref and the bill, and press Enter. To give back the "
				      "points of a sale not completed, type its ref and press PgDn."));
		break;
	case OFF_CONFIRM:
		draw_quote(k, s, y);
		break;
	case OFF_DONE:
		draw_done(k, s, y);
		break;
	case OFF_UNDO_ASK:
		draw_wrap(y, 3, k->cols - 6, 2, STYLE_WARN,
			  _("Give back the points that paid this sale? Only if the sale was not "
			    "completed. Enter: yes. Esc: no."));
		break;
	case OFF_UNDONE:
		draw_undone(k, s, y);
		break;
	}
}

static int
ref_ok(struct kiosk *k, struct counter_offset *s)
{
	if (!REF(s)->spoiled && parse_key("sale ref", REF(s)->text, NULL) == JF_OK)
		return 1;
	kiosk_say(k, STYLE_ERROR, "%s",
		  _("Type the sale's ref (the receipt number): letters, digits and signs, no spaces."));
	text_field_clear(REF(s));
	s->form.focus = F_REF;
	return 0;
}

/* Ask core what points pay; points 0: the most. */
static int
quote(struct kiosk *k, struct counter_offset *s, int64_t points)
{
	struct offset_request req = { k->counter.m.card, s->bill_fen, points, REF(s)->text };
	enum jf_status st = ledger_offset_quote(k->lg, &req, &s->quote, &k->err);

	if (st == JF_OK)
		return 1;
	counter_refused(k, "ledger_offset_quote");
	return 0;
}

/* Enter in the form: the next field; from the points on, the quote. */
static int
review(struct kiosk *k, struct counter_offset *s)
{
	int64_t points;

	if (!k->counter.present) {
		kiosk_say(k, STYLE_WARN, "%s", _("First bring the member to the counter: scan their card."));
		return R_HANDLED | R_REDRAW;
	}
	if (!ref_ok(k, s))
		return R_HANDLED | R_REDRAW;
	if (s->form.focus == F_REF) {
		s->form.focus = F_BILL;
		return R_HANDLED | R_REDRAW;
	}
	if (BILL(s)->spoiled || BILL(s)->len == 0 ||
	    parse_amount_fen(BILL(s)->text, &s->bill_fen, NULL) != JF_OK || s->bill_fen <= 0) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type the bill in yuan, such as 200.00."));
		text_field_clear(BILL(s));
		s->form.focus = F_BILL;
		return R_HANDLED | R_REDRAW;
	}
	if (s->form.focus == F_BILL) {
		/* The most the bill and the member's points allow, to lower. */
		if (quote(k, s, 0)) {
			char most[32];

			snprintf(most, sizeof most, "%lld", (long long)s->quote.points);
			text_field_set(POINTS(s), most);
			s->form.focus = F_POINTS;
		}
		return R_HANDLED | R_REDRAW;
	}
	if (POINTS(s)->spoiled || POINTS(s)->len == 0 ||
	    parse_points(POINTS(s)->text, &points, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type the points to use, a whole number."));
		text_field_clear(POINTS(s));
		return R_HANDLED | R_REDRAW;
	}
	if (quote(k, s, points))
		s->step = OFF_CONFIRM;
	return R_HANDLED | R_REDRAW;
}

static int
ask_pin(struct kiosk *k, struct counter_offset *s)
{
	struct pin_arg a = { .purpose = PIN_FOR_OFFSET };
	char money[48], pts[64];

	snprintf(a.card, sizeof a.card, "%s", k->counter.m.card);
	yuan(s->quote.fen, money, sizeof money);
	i18n_points(s->quote.points, KIND_POINTS, pts, sizeof pts);
	snprintf(a.heading, sizeof a.heading, _("Pay %s with %s"), money, pts);
	return kiosk_push(k, SCREEN_PIN, &a);
}

/* The PIN was right: the points pay, with their slip. */
static int
pay(struct kiosk *k, struct counter_offset *s)
{
	struct offset_request req = { k->counter.m.card, s->bill_fen, s->quote.points, REF(s)->text };
	struct slip_data d = { .kind = SLIP_OFFSET };
	enum jf_status st;

	if (counter_slip_begin(k) != JF_OK)
		return kiosk_fail(k, "slip_begin");
	st = ledger_offset(k->lg, &req, &s->res, &k->err);
	if (st != JF_OK) {
		counter_slip_abandon(k);
		s->step = OFF_EDIT;
		return counter_refused(k, "ledger_offset");
	}
	if (counter_member_refresh(k) != JF_OK) {
		counter_slip_abandon(k);
		return kiosk_fail(k, "counter_member_refresh");
	}
	d.ref = REF(s)->text;
	d.card = k->counter.m.card;
	d.points = s->res.points;
	d.balance = k->counter.points;
	d.bill_fen = s->res.bill_fen;
	d.paid_fen = s->res.fen;
	d.cash_fen = s->res.cash_fen;
	if (counter_slip_keep(k, &d, &s->slip) != JF_OK)
		return kiosk_fail(k, "slip_record");
	counter_slip_print(k, &s->slip);
	s->step = OFF_DONE;
	s->paid_here = 1;
	return R_HANDLED | R_REDRAW;
}

static int
undo(struct kiosk *k, struct counter_offset *s)
{
	enum jf_status st = ledger_offset_undo(k->lg, REF(s)->text, &s->res, &k->err);

	if (st != JF_OK) {
		s->step = OFF_EDIT;
		return counter_refused(k, "ledger_offset_undo");
	}
	s->step = OFF_UNDONE;
	if (counter_member_refresh(k) != JF_OK)
		return kiosk_fail(k, "counter_member_refresh");
	return R_HANDLED | R_REDRAW;
}

static int
handle_edit(struct kiosk *k, struct counter_offset *s, struct req r)
{
	switch (r.id) {
	case REQ_ENTER:
		return review(k, s);
	case REQ_PAGE_DOWN:
		s->paid_here = 0;
		if (ref_ok(k, s))
			s->step = OFF_UNDO_ASK;
		return R_HANDLED | R_REDRAW;
	default:
		return counter_form_handle(k, &s->form, r);
	}
}

static int
offset_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_offset *s = state;

	if (s->step == OFF_EDIT)
		return handle_edit(k, s, r);
	if (r.id == REQ_SCAN) {
		/* Another member on the panel: the quote was for the last one. */
		if (s->step == OFF_CONFIRM)
			s->step = OFF_EDIT;
		return counter_scan(k);
	}
	switch (s->step) {
	case OFF_CONFIRM:
		if (r.id == REQ_ENTER)
			return ask_pin(k, s);
		if (r.id == REQ_BACK)
			s->step = OFF_EDIT;
		return R_HANDLED | R_REDRAW;
	case OFF_DONE:
		if (r.id == REQ_ERASE)
			return undo(k, s);
		if (r.id == REQ_RIGHT)
			return counter_slip_view(k, &s->slip);
		if (r.id == REQ_ENTER || r.id == REQ_BACK)
			return kiosk_pop(k, 0);
		return R_HANDLED;
	case OFF_UNDO_ASK:
		if (r.id == REQ_ENTER)
			return undo(k, s);
		if (r.id == REQ_BACK)
			s->step = OFF_EDIT;
		return R_HANDLED | R_REDRAW;
	default: /* OFF_UNDONE */
		if (r.id == REQ_ENTER || r.id == REQ_BACK)
			return kiosk_pop(k, 0);
		return R_HANDLED;
	}
}

static void
offset_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	struct counter_offset *s = state;

	if (res->from != SCREEN_PIN)
		return;
	if (res->code == PIN_CONFIRMED) {
		pay(k, s);
		return;
	}
	/* Cancelled or refused (the dialog said why): the quote stays to try again. */
	if (res->code != PIN_CANCELLED)
		s->step = OFF_EDIT;
}

const struct screen_ops screen_counter_offset = {
	.name = "counter-offset",
	.state_size = sizeof(struct counter_offset),
	.enter = offset_enter,
	.draw = offset_draw,
	.handle = offset_handle,
	.resume = offset_resume,
	.bar = edit_bar,
	.bar_now = offset_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
