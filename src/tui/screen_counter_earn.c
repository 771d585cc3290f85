/*
 * screen_counter_earn: a purchase earns the member on the panel points
 * (ledger_earn(), the key "earn:RECEIPT"): the receipt number and the
 * amount typed, green goods or not, and the category when the config has
 * categories. The points are shown as they will be awarded
 * (member_rate_points(), the rule ledger_earn() applies) before the
 * cashier confirms, and the member's new balance after.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "counter_slip.h"
#include "member_rate.h"
#include "parse.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

enum earn_field { F_RECEIPT, F_AMOUNT, F_GREEN, F_CATEGORY, F_COUNT };
enum earn_step { EARN_EDIT, EARN_CONFIRM, EARN_DONE };

struct counter_earn {
	enum earn_step step;
	int focus;
	struct text_field receipt, amount;
	int green;
	int category; /* 0: none, else cfg->categories[category - 1] */
	struct ledger_result res;
	int64_t fen;
	struct counter_slip slip;
};

static const struct bar_item edit_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next") },
	{ REQ_UP, REQ_DOWN, N_("Field") },
	{ REQ_LEFT, REQ_RIGHT, N_("Change") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_PAGE_DOWN, REQ_NONE, N_("By lines") }, /* screen_counter_lines.c */
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item confirm_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Yes, award") },
	{ REQ_BACK, REQ_NONE, N_("No") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next purchase") },
	{ REQ_BACK, REQ_NONE, N_("Done") },
	{ REQ_RIGHT, REQ_NONE, N_("Slip") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
earn_bar_now(struct kiosk *k, void *state)
{
	const struct counter_earn *s = state;

	(void)k;
	return s->step == EARN_CONFIRM ? confirm_bar : s->step == EARN_DONE ? done_bar : edit_bar;
}

static int
field_count(const struct kiosk *k, const struct counter_earn *s)
{
	/* Green goods earn green points at one rate: no category then. */
	return k->cfg->category_count > 0 && !s->green ? F_COUNT : F_CATEGORY;
}

static const char *
category_name(const struct kiosk *k, const struct counter_earn *s)
{
	if (s->category <= 0 || s->category > k->cfg->category_count || s->green)
		return NULL;
	return k->cfg->categories[s->category - 1].name;
}

static void
earn_reset(struct counter_earn *s)
{
	text_field_init(&s->receipt, TEXT_RECEIPT, 32);
	text_field_init(&s->amount, TEXT_AMOUNT, 12);
	s->green = 0;
	s->category = 0;
	s->focus = F_RECEIPT;
	s->step = EARN_EDIT;
}

static void
earn_enter(struct kiosk *k, void *state, const void *arg)
{
	(void)k;
	(void)arg;
	earn_reset(state);
}

/* The amount in fen, if it is one. */
static int
amount_fen(const struct counter_earn *s, int64_t *fen)
{
	return !s->amount.spoiled && s->amount.len > 0 &&
	       parse_amount_fen(s->amount.text, fen, NULL) == JF_OK;
}

static void
draw_choice(int y, int x, int label_w, const char *label, const char *value, int active,
	    enum earn_field f)
{
	char text[128];

	/* In line with widget_field()'s brackets. */
	draw_text(y, x, label_w, active ? STYLE_HEADING : STYLE_NORMAL, label);
	snprintf(text, sizeof text, "< %s >", value);
	draw_text(y, x + label_w + 2, 40, active ? STYLE_SELECTED : STYLE_FIELD, text);
	draw_hit(y, x, label_w + 2 + draw_width(text), (struct req){ REQ_PICK, (int)f });
}

static void
draw_preview(struct kiosk *k, struct counter_earn *s, int y)
{
	char line[160], pts[64];
	int64_t fen, rate = 0;

	if (!amount_fen(s, &fen)) {
		draw_text(y, 3, k->cols - 6, STYLE_DIM, _("Type the amount to see the points."));
		return;
	}
	/* The member's own rate, the rule ledger_earn() applies (member_rate.h);
	 * if it cannot be read, the store's rule is the preview. */
	if (member_rate_in_force(k->lg, k->counter.m.card, &rate, &k->err) != JF_OK)
		rate = 0;
	i18n_points(member_rate_points(k->cfg, rate, fen, category_name(k, s), s->green),
		    s->green ? KIND_GREEN : KIND_POINTS, pts, sizeof pts);
	snprintf(line, sizeof line, _("This purchase earns %s."), pts);
	draw_text(y, 3, k->cols - 6, STYLE_POINTS, line);
}

static void
draw_result(struct kiosk *k, struct counter_earn *s, int y)
{
	char line[200], pts[64], bal[64];

	i18n_points(s->res.points, s->green ? KIND_GREEN : KIND_POINTS, pts, sizeof pts);
	if (s->res.replay)
		snprintf(line, sizeof line, _("Receipt %s had already earned %s: nothing was added."),
			 s->receipt.text, pts);
	else
		snprintf(line, sizeof line, _("Awarded %s for receipt %s."), pts, s->receipt.text);
	draw_wrap(y, 3, k->cols - 6, 2, STYLE_OK, line);
	i18n_points(s->green ? k->counter.green : k->counter.points,
		    s->green ? KIND_GREEN : KIND_POINTS, bal, sizeof bal);
	snprintf(line, sizeof line, _("New balance: %s."), bal);
	draw_text(y + 2, 3, k->cols - 6, STYLE_HEADING, line);
	counter_slip_draw(k, y + 4, &s->slip);
}

static void
earn_draw(struct kiosk *k, void *state)
{
	struct counter_earn *s = state;
	const char *labels[] = { _("Receipt"), _("Amount (yuan)"), _("Green goods"),
				 _("Category") };
	int y = counter_panel_draw(k), lw = 0, edit = s->step == EARN_EDIT;

	for (int i = 0; i < F_COUNT; i++)
		if (draw_width(labels[i]) > lw)
			lw = draw_width(labels[i]);
	lw += 2;
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Points for a purchase"));
	y += 2;
	widget_field(y, 3, lw, labels[F_RECEIPT], text_field_shown(&s->receipt), 32,
		     edit && s->focus == F_RECEIPT);
	draw_hit(y, 3, lw, (struct req){ REQ_PICK, F_RECEIPT });
	widget_field(y + 1, 3, lw, labels[F_AMOUNT], text_field_shown(&s->amount), 12,
		     edit && s->focus == F_AMOUNT);
	draw_hit(y + 1, 3, lw, (struct req){ REQ_PICK, F_AMOUNT });
	draw_choice(y + 2, 3, lw, labels[F_GREEN], s->green ? _("yes") : _("no"),
		    edit && s->focus == F_GREEN, F_GREEN);
	if (field_count(k, s) == F_COUNT)
		draw_choice(y + 3, 3, lw, labels[F_CATEGORY],
			    category_name(k, s) ? category_name(k, s) : _("none"),
			    edit && s->focus == F_CATEGORY, F_CATEGORY);
	y += 5;
	if (s->step == EARN_DONE) {
		draw_result(k, s, y);
		return;
	}
	draw_preview(k, s, y);
	if (s->step == EARN_CONFIRM)
		draw_text(y + 2, 3, k->cols - 6, STYLE_WARN,
			  _("Award these points to the member? Enter: yes. Esc: no."));
}

/* Enter in the form: the next field, or from the amount on, the question. */
static int
review(struct kiosk *k, struct counter_earn *s)
{
	if (s->receipt.spoiled || parse_key("receipt", s->receipt.text, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("Type the receipt number: letters, digits and signs, no spaces."));
		text_field_clear(&s->receipt);
		s->focus = F_RECEIPT;
		return R_HANDLED | R_REDRAW;
	}
	if (s->focus == F_RECEIPT) {
		s->focus = F_AMOUNT;
		return R_HANDLED | R_REDRAW;
	}
	if (!amount_fen(s, &s->fen)) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type the amount in yuan, such as 199.00."));
		text_field_clear(&s->amount);
		s->focus = F_AMOUNT;
		return R_HANDLED | R_REDRAW;
	}
	s->step = EARN_CONFIRM;
	return R_HANDLED | R_REDRAW;
}

/* The purchase and its slip, in one transaction; the printer after. */
static enum jf_status
award_with_slip(struct kiosk *k, struct counter_earn *s)
{
	struct earn_request req = { k->counter.m.card, s->fen, s->receipt.text, s->green,
				    category_name(k, s) };
	struct slip_data d = { .kind = SLIP_PURCHASE };
	enum jf_status st;

	if ((st = counter_slip_begin(k)) != JF_OK)
		return st;
	if ((st = ledger_earn(k->lg, &req, &s->res, &k->err)) != JF_OK ||
	    (st = counter_member_refresh(k)) != JF_OK) {
		counter_slip_abandon(k);
		return st;
	}
	d.ref = s->receipt.text;
	d.card = k->counter.m.card;
	d.points = s->res.points;
	d.balance = s->green ? k->counter.green : k->counter.points;
	if ((st = counter_slip_keep(k, &d, &s->slip)) != JF_OK)
		return st;
	counter_slip_print(k, &s->slip);
	return JF_OK;
}

static int
award(struct kiosk *k, struct counter_earn *s)
{
	enum jf_status st = award_with_slip(k, s);

	if (st == JF_OK) {
		s->step = EARN_DONE;
		return R_HANDLED | R_REDRAW;
	}
	s->step = EARN_EDIT;
	if (reason_say(k, &k->err))
		return R_HANDLED | R_REDRAW;
	if (st == JF_USAGE) {
		kiosk_say(k, STYLE_ERROR, "%s", k->err.message);
		return R_HANDLED | R_REDRAW;
	}
	return kiosk_fail(k, "ledger_earn");
}

static int
change(struct kiosk *k, struct counter_earn *s, int by)
{
	if (s->focus == F_GREEN)
		s->green = !s->green;
	else if (s->focus == F_CATEGORY)
		s->category = (s->category + by + k->cfg->category_count + 1) %
			      (k->cfg->category_count + 1);
	if (s->focus >= field_count(k, s))
		s->focus = F_GREEN;
	return R_HANDLED | R_REDRAW;
}

static struct text_field *
focused_text(struct counter_earn *s)
{
	return s->focus == F_RECEIPT ? &s->receipt : s->focus == F_AMOUNT ? &s->amount : NULL;
}

static int
handle_edit(struct kiosk *k, struct counter_earn *s, struct req r)
{
	struct text_field *f = focused_text(s);
	int n = field_count(k, s);

	switch (r.id) {
	case REQ_CHAR:
		if (r.arg == '\t') {
			s->focus = (s->focus + 1) % n;
		} else if (f) {
			text_field_type(f, r.arg);
		} else if (r.arg == ' ') {
			return change(k, s, 1);
		}
		return R_HANDLED | R_REDRAW;
	case REQ_ERASE:
		if (f)
			text_field_erase(f);
		return R_HANDLED | R_REDRAW;
	case REQ_UP:
		s->focus = (s->focus + n - 1) % n;
		return R_HANDLED | R_REDRAW;
	case REQ_DOWN:
		s->focus = (s->focus + 1) % n;
		return R_HANDLED | R_REDRAW;
	case REQ_LEFT:
	case REQ_RIGHT:
		return f ? R_HANDLED : change(k, s, r.id == REQ_LEFT ? -1 : 1);
	case REQ_PICK:
		if (r.arg == s->focus && !focused_text(s))
			return change(k, s, 1);
		s->focus = r.arg < n ? r.arg : s->focus;
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		return review(k, s);
	case REQ_BACK:
		return kiosk_pop(k, 0);
	case REQ_SCAN:
		return counter_scan(k);
	case REQ_PAGE_DOWN: /* the receipt typed so far goes along */
		return kiosk_push(k, SCREEN_COUNTER_LINES, s->receipt.text);
	default:
		return R_UNHANDLED;
	}
}

static int
earn_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_earn *s = state;

	if (s->step == EARN_EDIT)
		return handle_edit(k, s, r);
	switch (r.id) {
	case REQ_ENTER:
		if (s->step == EARN_CONFIRM)
			return award(k, s);
		earn_reset(s);
		memset(&s->slip, 0, sizeof s->slip);
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		if (s->step == EARN_CONFIRM) {
			s->step = EARN_EDIT;
			return R_HANDLED | R_REDRAW;
		}
		return kiosk_pop(k, 0);
	case REQ_RIGHT:
		return s->step == EARN_DONE ? counter_slip_view(k, &s->slip) : R_HANDLED;
	case REQ_SCAN:
		/* Another member on the panel: the question is asked again. */
		if (s->step == EARN_CONFIRM)
			s->step = EARN_EDIT;
		return counter_scan(k);
	default:
		return R_HANDLED; /* nothing else while asking or after */
	}
}

const struct screen_ops screen_counter_earn = {
	.name = "counter-earn",
	.state_size = sizeof(struct counter_earn),
	.enter = earn_enter,
	.draw = earn_draw,
	.handle = earn_handle,
	.bar = edit_bar,
	.bar_now = earn_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
