/*
 * screen_counter_earn: a purchase earns the member on the panel points
 * (ledger_earn(), the key "earn:RECEIPT"): the receipt number and the
 * amount typed, green goods or not, and the category when the config has
 * categories. The points are shown as they will be awarded
 * (ledger_earn_quote(), the earn rule ledger_earn() applies, with the
 * campaigns that give a bonus) before the cashier confirms, and the
 * member's new balance and each campaign's bonus after.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "campaign_words.h"
#include "counter.h"
#include "counter_form.h"
#include "counter_offline.h"
#include "counter_slip.h"
#include "parse.h"
#include "screen.h"

enum earn_field { F_RECEIPT, F_AMOUNT, F_GREEN, F_CATEGORY, F_COUNT };
enum earn_step { EARN_EDIT, EARN_CONFIRM, EARN_DONE };

struct counter_earn {
	enum earn_step step;
	/* F_GREEN's choice: 1 for green goods; F_CATEGORY's: 0 for none, else
	 * cfg->categories[choice - 1] */
	struct counter_form form;
	struct ledger_result res;
	struct earn_explain x; /* how the points were counted (earn_rule.h) */
	int64_t fen;
	struct counter_slip slip;
	/* The ledger went away at the award: the purchase was queued
	 * (counter_offline.h) for this card instead. */
	int queued;
	char queued_card[64 + 1];
	struct counter_queued q;
};

static const struct bar_item edit_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next") },
	{ REQ_UP, REQ_DOWN, N_("Field") },
	{ REQ_LEFT, REQ_RIGHT, N_("Change") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_PAGE_DOWN, REQ_NONE, N_("By lines") }, /* screen_counter_lines.c */
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
earn_bar_now(struct kiosk *k, void *state)
{
	const struct counter_earn *s = state;

	(void)k;
	if (s->queued)
		return counter_done_bar;
	if (s->step == EARN_CONFIRM)
		return counter_award_bar;
	return s->step == EARN_DONE ? counter_purchase_done_bar : edit_bar;
}

#define RECEIPT(s) (&(s)->form.field[F_RECEIPT].text)
#define AMOUNT(s) (&(s)->form.field[F_AMOUNT].text)
#define GREEN(s) ((s)->form.field[F_GREEN].choice)

/* Green goods earn green points at one rate: no category then. */
static void
show_category(const struct kiosk *k, struct counter_earn *s)
{
	s->form.field[F_CATEGORY].hidden = k->cfg->category_count == 0 || GREEN(s);
}

static const char *
category_name(const struct kiosk *k, const struct counter_earn *s)
{
	int category = s->form.field[F_CATEGORY].choice;

	if (category <= 0 || category > k->cfg->category_count || GREEN(s))
		return NULL;
	return k->cfg->categories[category - 1].name;
}

static void
earn_reset(struct kiosk *k, struct counter_earn *s)
{
	counter_form_init(&s->form);
	counter_form_text(&s->form, F_RECEIPT, N_("Receipt"), TEXT_RECEIPT, 32, 32);
	counter_form_text(&s->form, F_AMOUNT, N_("Amount (yuan)"), TEXT_AMOUNT, 12, 12);
	counter_form_choice(&s->form, F_GREEN, N_("Green goods"), 2);
	counter_form_choice(&s->form, F_CATEGORY, N_("Category"), k->cfg->category_count + 1);
	s->form.wrap = 1;
	show_category(k, s);
	s->step = EARN_EDIT;
}

static void
earn_enter(struct kiosk *k, void *state, const void *arg)
{
	(void)arg;
	earn_reset(k, state);
}

/* The amount in fen, if it is one. */
static int
amount_fen(const struct counter_earn *s, int64_t *fen)
{
	return !AMOUNT(s)->spoiled && AMOUNT(s)->len > 0 &&
	       parse_amount_fen(AMOUNT(s)->text, fen, NULL) == JF_OK;
}

static void
draw_preview(struct kiosk *k, struct counter_earn *s, int y)
{
	struct earn_request req = { k->counter.m.card, 0, NULL, GREEN(s), category_name(k, s) };
	char line[400], pts[64];

	if (!amount_fen(s, &req.fen)) {
		draw_text(y, 3, k->cols - 6, STYLE_DIM, _("Type the amount to see the points."));
		return;
	}
	/* The earn rule itself, read only (earn_rule.h): the member's own rate
	 * and the campaigns running now. */
	if (ledger_earn_quote(k->lg, &req, &s->x, &k->err) != JF_OK) {
		draw_text(y, 3, k->cols - 6, STYLE_DIM, _("Type the amount to see the points."));
		return;
	}
	i18n_points(s->x.points[GREEN(s) ? KIND_GREEN : KIND_POINTS],
		    GREEN(s) ? KIND_GREEN : KIND_POINTS, pts, sizeof pts);
	snprintf(line, sizeof line, _("This purchase earns %s."), pts);
	draw_text(y, 3, k->cols - 6, STYLE_POINTS, line);
	campaign_explain_words(&s->x, line, sizeof line);
	draw_text(y + 1, 3, k->cols - 6, STYLE_OK, line);
}

static void
draw_result(struct kiosk *k, struct counter_earn *s, int y)
{
	char line[400], pts[64], bal[64];

	i18n_points(s->res.points, GREEN(s) ? KIND_GREEN : KIND_POINTS, pts, sizeof pts);
	if (s->res.replay)
		snprintf(line, sizeof line, _("Receipt %s had already earned %s: nothing was added."),
			 RECEIPT(s)->text, pts);
	else
		snprintf(line, sizeof line, _("Awarded %s for receipt %s."), pts, RECEIPT(s)->text);
	draw_wrap(y, 3, k->cols - 6, 2, STYLE_OK, line);
	i18n_points(GREEN(s) ? k->counter.green : k->counter.points,
		    GREEN(s) ? KIND_GREEN : KIND_POINTS, bal, sizeof bal);
	snprintf(line, sizeof line, _("New balance: %s."), bal);
	draw_text(y + 2, 3, k->cols - 6, STYLE_HEADING, line);
	campaign_explain_words(&s->x, line, sizeof line);
	draw_text(y + 3, 3, k->cols - 6, STYLE_OK, line);
	counter_slip_draw(k, y + 4, &s->slip);
}

/* Queued instead of awarded: what the cashier tells the member. */
static void
draw_queued(struct kiosk *k, struct counter_earn *s, int y)
{
	char line[400];

	snprintf(line, sizeof line,
		 _("The ledger cannot be reached. Queued: the points for receipt %s will be added "
		   "to card %s when it is back."),
		 RECEIPT(s)->text, s->queued_card);
	draw_wrap(y, 3, k->cols - 6, 2, STYLE_WARN, line);
	counter_queued_slip_draw(k, y + 2, &s->q);
}

static void
earn_draw(struct kiosk *k, void *state)
{
	struct counter_earn *s = state;
	int y = counter_panel_draw(k);

	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Points for a purchase"));
	s->form.field[F_GREEN].shown = GREEN(s) ? _("yes") : _("no");
	s->form.field[F_CATEGORY].shown = category_name(k, s) ? category_name(k, s) : _("none");
	counter_form_draw(&s->form, y + 2, 1, s->step == EARN_EDIT);
	y += 7;
	if (s->step == EARN_DONE && s->queued) {
		draw_queued(k, s, y);
		return;
	}
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
	if (RECEIPT(s)->spoiled || parse_key("receipt", RECEIPT(s)->text, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("Type the receipt number: letters, digits and signs, no spaces."));
		text_field_clear(RECEIPT(s));
		s->form.focus = F_RECEIPT;
		return R_HANDLED | R_REDRAW;
	}
	if (s->form.focus == F_RECEIPT) {
		s->form.focus = F_AMOUNT;
		return R_HANDLED | R_REDRAW;
	}
	if (!amount_fen(s, &s->fen)) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type the amount in yuan, such as 199.00."));
		text_field_clear(AMOUNT(s));
		s->form.focus = F_AMOUNT;
		return R_HANDLED | R_REDRAW;
	}
	s->step = EARN_CONFIRM;
	return R_HANDLED | R_REDRAW;
}

/* The purchase and its slip, in one transaction; the printer after. */
static enum jf_status
award_with_slip(struct kiosk *k, struct counter_earn *s)
{
	struct earn_request req = { k->counter.m.card, s->fen, RECEIPT(s)->text, GREEN(s),
				    category_name(k, s) };
	struct slip_data d = { .kind = SLIP_PURCHASE };
	enum jf_status st;

	if ((st = counter_slip_begin(k)) != JF_OK)
		return st;
	if ((st = ledger_earn_explained(k->lg, &req, &s->res, &s->x, &k->err)) != JF_OK ||
	    (st = counter_member_refresh(k)) != JF_OK) {
		counter_slip_abandon(k);
		return st;
	}
	d.ref = RECEIPT(s)->text;
	d.card = k->counter.m.card;
	d.points = s->res.points;
	d.balance = GREEN(s) ? k->counter.green : k->counter.points;
	if ((st = counter_slip_keep(k, &d, &s->slip)) != JF_OK)
		return st;
	counter_slip_print(k, &s->slip);
	return JF_OK;
}

/* The ledger did not answer: the purchase is queued on the terminal under
 * the same receipt, for the member on the panel, and the counter is
 * offline from now on. */
static int
award_offline(struct kiosk *k, struct counter_earn *s)
{
	snprintf(s->queued_card, sizeof s->queued_card, "%s", k->counter.m.card);
	counter_mark_offline(k);
	if (counter_queue_purchase(k, s->queued_card, RECEIPT(s)->text, s->fen, GREEN(s),
				   category_name(k, s), &s->q) != JF_OK) {
		s->step = EARN_EDIT;
		kiosk_say(k, STYLE_ERROR, _("The purchase could not be queued: %s"), k->err.message);
		return kiosk_home(k);
	}
	s->queued = 1;
	s->step = EARN_DONE;
	return R_HANDLED | R_REDRAW;
}

static int
award(struct kiosk *k, struct counter_earn *s)
{
	enum jf_status st = award_with_slip(k, s);

	if (st == JF_OK) {
		s->step = EARN_DONE;
		return R_HANDLED | R_REDRAW;
	}
	/* Out of reach: queued. Held by other writers (JF_R_CONTENDED): the
	 * ledger answers, so the cashier tries again now instead. */
	if ((st == JF_BUSY && k->err.reason != JF_R_CONTENDED) || st == JF_RETRY)
		return award_offline(k, s);
	s->step = EARN_EDIT;
	return counter_refused(k, "ledger_earn");
}

static int
handle_edit(struct kiosk *k, struct counter_earn *s, struct req r)
{
	int flags;

	if (r.id == REQ_ENTER)
		return review(k, s);
	if (r.id == REQ_PAGE_DOWN) /* the receipt typed so far goes along */
		return kiosk_push(k, SCREEN_COUNTER_LINES, RECEIPT(s)->text);
	flags = counter_form_handle(k, &s->form, r);
	show_category(k, s);
	return flags;
}

static int
earn_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_earn *s = state;

	if (s->step == EARN_EDIT)
		return handle_edit(k, s, r);
	/* Queued: the panel has no member now; the next purchase is the
	 * offline one's, from the counter's home. */
	if (s->queued && (r.id == REQ_ENTER || r.id == REQ_BACK))
		return kiosk_pop(k, 0);
	switch (r.id) {
	case REQ_ENTER:
		if (s->step == EARN_CONFIRM)
			return award(k, s);
		earn_reset(k, s);
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
