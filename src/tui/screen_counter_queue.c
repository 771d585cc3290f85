/*
 * screen_counter_queue: a purchase while the ledger cannot be reached
 * (counter_offline.h). The card cannot be looked up, so it is taken as
 * scanned or typed (checked for form only), with the receipt, the amount,
 * green goods and the category; Enter asks, and a second Enter queues it
 * on the terminal (queue.h) and prints the slip that says the points will
 * be added. Opened by the home's P while offline, with the card scanned
 * before, if any. A purchase by lines waits for the ledger.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "counter_form.h"
#include "counter_offline.h"
#include "parse.h"
#include "screen.h"

enum queue_field { F_CARD, F_RECEIPT, F_AMOUNT, F_GREEN, F_CATEGORY, F_COUNT };
enum queue_step { QUEUE_EDIT, QUEUE_CONFIRM, QUEUE_DONE };

struct counter_queue_screen {
	enum queue_step step;
	struct counter_form form;
	int64_t fen;
	struct counter_queued done;
};

static const struct bar_item edit_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next") },
	{ REQ_UP, REQ_DOWN, N_("Field") },
	{ REQ_LEFT, REQ_RIGHT, N_("Change") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item confirm_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Yes, queue it") },
	{ REQ_BACK, REQ_NONE, N_("No") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next purchase") },
	{ REQ_BACK, REQ_NONE, N_("Done") },
	{ REQ_NONE, REQ_NONE, NULL },
};

#define CARD(s) (&(s)->form.field[F_CARD].digits)
#define RECEIPT(s) (&(s)->form.field[F_RECEIPT].text)
#define AMOUNT(s) (&(s)->form.field[F_AMOUNT].text)
#define GREEN(s) ((s)->form.field[F_GREEN].choice)

static const struct bar_item *
queue_bar_now(struct kiosk *k, void *state)
{
	const struct counter_queue_screen *s = state;

	(void)k;
	return s->step == QUEUE_CONFIRM ? confirm_bar : s->step == QUEUE_DONE ? done_bar : edit_bar;
}

static const char *
category_name(const struct kiosk *k, const struct counter_queue_screen *s)
{
	int category = s->form.field[F_CATEGORY].choice;

	if (category <= 0 || category > k->cfg->category_count || GREEN(s))
		return NULL;
	return k->cfg->categories[category - 1].name;
}

static void
queue_reset(struct kiosk *k, struct counter_queue_screen *s, const char *card)
{
	counter_form_init(&s->form);
	counter_form_digits(&s->form, F_CARD, N_("Card"), FORM_DIGITS, PARSE_CARD_MAX);
	counter_form_text(&s->form, F_RECEIPT, N_("Receipt"), TEXT_RECEIPT, 32, 32);
	counter_form_text(&s->form, F_AMOUNT, N_("Amount (yuan)"), TEXT_AMOUNT, 12, 12);
	counter_form_choice(&s->form, F_GREEN, N_("Green goods"), 2);
	counter_form_choice(&s->form, F_CATEGORY, N_("Category"), k->cfg->category_count + 1);
	s->form.wrap = 1;
	s->form.field[F_CATEGORY].hidden = k->cfg->category_count == 0;
	if (card && card[0]) {
		digit_field_scan(CARD(s), card);
		s->form.focus = F_RECEIPT;
	}
	s->step = QUEUE_EDIT;
}

static void
queue_enter(struct kiosk *k, void *state, const void *arg)
{
	const struct counter_queue_arg *a = arg;

	queue_reset(k, state, a ? a->card : NULL);
}

static void
draw_done(struct kiosk *k, struct counter_queue_screen *s, int y)
{
	char line[KIOSK_MESSAGE_SIZE];

	if (s->done.replay)
		snprintf(line, sizeof line,
			 _("Receipt %s was queued already: nothing was added to the queue."),
			 RECEIPT(s)->text);
	else
		snprintf(line, sizeof line,
			 _("Queued: the points for receipt %s will be added to card %s when the "
			   "ledger is back."),
			 RECEIPT(s)->text, CARD(s)->text);
	draw_wrap(y, 3, k->cols - 6, 2, STYLE_OK, line);
	if (s->done.replay)
		return;
	counter_queued_slip_draw(k, y + 2, &s->done);
}

static void
queue_draw(struct kiosk *k, void *state)
{
	struct counter_queue_screen *s = state;
	int y = counter_panel_draw(k);

	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Purchase while offline: queued"));
	s->form.field[F_GREEN].shown = GREEN(s) ? _("yes") : _("no");
	s->form.field[F_CATEGORY].shown = category_name(k, s) ? category_name(k, s) : _("none");
	s->form.field[F_CATEGORY].hidden = k->cfg->category_count == 0 || GREEN(s);
	counter_form_draw(&s->form, y + 2, 1, s->step == QUEUE_EDIT);
	y += 8;
	if (s->step == QUEUE_DONE) {
		draw_done(k, s, y);
		return;
	}
	draw_wrap(y, 3, k->cols - 6, 2, STYLE_DIM,
		  _("The points are counted when the ledger is back; the slip says they will be "
		    "added."));
	if (s->step == QUEUE_CONFIRM)
		draw_text(y + 2, 3, k->cols - 6, STYLE_WARN,
			  _("Queue this purchase? Enter: yes. Esc: no."));
}

static int
refuse_field(struct kiosk *k, struct counter_queue_screen *s, int field, const char *msgid)
{
	kiosk_say(k, STYLE_ERROR, "%s", _(msgid));
	if (field == F_CARD)
		digit_field_clear(CARD(s));
	else
		text_field_clear(&s->form.field[field].text);
	s->form.focus = field;
	return R_HANDLED | R_REDRAW;
}

/* Enter in the form: each field checked for form, then the question. */
static int
review(struct kiosk *k, struct counter_queue_screen *s)
{
	if (CARD(s)->spoiled || parse_card(CARD(s)->text, k->cfg->card_check, NULL) != JF_OK)
		return refuse_field(k, s, F_CARD, N_("Type or scan the member's card number."));
	if (s->form.focus == F_CARD) {
		s->form.focus = F_RECEIPT;
		return R_HANDLED | R_REDRAW;
	}
	if (RECEIPT(s)->spoiled || parse_key("receipt", RECEIPT(s)->text, NULL) != JF_OK)
		return refuse_field(k, s, F_RECEIPT,
				    N_("Type the receipt number: letters, digits and signs, no spaces."));
	if (s->form.focus == F_RECEIPT) {
		s->form.focus = F_AMOUNT;
		return R_HANDLED | R_REDRAW;
	}
	if (AMOUNT(s)->spoiled || AMOUNT(s)->len == 0 ||
	    parse_amount_fen(AMOUNT(s)->text, &s->fen, NULL) != JF_OK || s->fen <= 0)
		return refuse_field(k, s, F_AMOUNT, N_("Type the amount in yuan, such as 199.00."));
	s->step = QUEUE_CONFIRM;
	return R_HANDLED | R_REDRAW;
}

static int
queue_it(struct kiosk *k, struct counter_queue_screen *s)
{
	enum jf_status st = counter_queue_purchase(k, CARD(s)->text, RECEIPT(s)->text, s->fen,
						   GREEN(s), category_name(k, s), &s->done);

	if (st == JF_OK) {
		s->step = QUEUE_DONE;
		return R_HANDLED | R_REDRAW;
	}
	s->step = QUEUE_EDIT;
	if (st == JF_NOTFOUND) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("This counter has no purchase queue ([counter] queue): the purchase "
			    "cannot be taken offline."));
		return R_HANDLED | R_REDRAW;
	}
	if (st == JF_CONFLICT) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("This receipt is queued already for another card or amount."));
		return R_HANDLED | R_REDRAW;
	}
	kiosk_say(k, STYLE_ERROR, _("The purchase could not be queued: %s"), k->err.message);
	return R_HANDLED | R_REDRAW;
}

/* A scan here: a card fills the card field (it cannot be looked up);
 * anything else needs the ledger. */
static int
queue_scan(struct kiosk *k, struct counter_queue_screen *s)
{
	if (counter_is_voucher(k, k->scan) || parse_card(k->scan, k->cfg->card_check, NULL) != JF_OK)
		return counter_offline_refuse(k);
	digit_field_scan(CARD(s), k->scan);
	if (s->step == QUEUE_CONFIRM)
		s->step = QUEUE_EDIT;
	s->form.focus = F_RECEIPT;
	return R_HANDLED | R_REDRAW;
}

static int
queue_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_queue_screen *s = state;

	if (r.id == REQ_SCAN)
		return queue_scan(k, s);
	if (s->step == QUEUE_EDIT) {
		if (r.id == REQ_ENTER)
			return review(k, s);
		return counter_form_handle(k, &s->form, r);
	}
	switch (r.id) {
	case REQ_ENTER:
		if (s->step == QUEUE_CONFIRM)
			return queue_it(k, s);
		queue_reset(k, s, NULL);
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		if (s->step == QUEUE_CONFIRM) {
			s->step = QUEUE_EDIT;
			return R_HANDLED | R_REDRAW;
		}
		return kiosk_pop(k, 0);
	default:
		return R_HANDLED;
	}
}

const struct screen_ops screen_counter_queue = {
	.name = "counter-queue",
	.state_size = sizeof(struct counter_queue_screen),
	.arg_size = sizeof(struct counter_queue_arg),
	.enter = queue_enter,
	.draw = queue_draw,
	.handle = queue_handle,
	.bar = edit_bar,
	.bar_now = queue_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
