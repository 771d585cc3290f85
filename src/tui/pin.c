/*
 * pin: the PIN confirmation dialog (see pin.h) and the message for a
 * refused PIN. The count of wrong PINs and the lock are the ledger's
 * (member_check_pin()), and so is the reason it refused with; this only
 * says it (reason.c) and sorts it for the screen.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "pin.h"
#include "reason.h"
#include "staff.h"
#include "widget.h"

enum pin_refusal
pin_explain(struct kiosk *k)
{
	reason_say(k, &k->err);
	switch (k->err.reason) {
	case JF_R_WRONG_PIN:
		return PIN_WRONG;
	case JF_R_NO_PIN:
		return PIN_NOT_SET;
	default:
		return PIN_LOCKED;
	}
}

/* ---- the dialog ---- */

_Static_assert(sizeof(struct pin_arg) <= SCREEN_ARG_MAX, "a PIN dialog's argument fits the stack's");

struct pin_dialog {
	struct pin_arg a;
	struct digit_field pin;
};

/* What differs by purpose. */
static const struct {
	const char *hint; /* msgid: what to do, under the field */
	/* msgid: a staff member's card is theirs, not a member's number */
	const char *card_label;
	/* Esc goes straight back, whatever is typed (the hint says so); else
	 * it clears what is typed first. */
	int esc_leaves;
} purposes[PIN_PURPOSE_COUNT] = {
	[PIN_FOR_LOGIN] = { N_("Type your PIN (4 to 6 digits) and press Enter."),
			    N_("Card number"), 0 },
	[PIN_FOR_TRANSFER] = { N_("Type your PIN and press Enter to send them. Esc goes back "
				  "to the amount."),
			       N_("Card number"), 1 },
	[PIN_FOR_OFFSET] = { N_("Member: type your PIN on the keypad and press Enter to pay with "
				"these points. Esc goes back."),
			     N_("Card number"), 1 },
	[PIN_FOR_DESK] = { N_("The member types their PIN and presses Enter. Esc goes back."),
			   N_("Card number"), 1 },
	[PIN_FOR_STAFF] = { N_("Type your staff PIN and press Enter."), N_("Staff card"), 0 },
};

static const struct bar_item pin_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("OK") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static void
pin_enter(struct kiosk *k, void *state, const void *arg)
{
	struct pin_dialog *s = state;

	(void)k;
	memcpy(&s->a, arg, sizeof s->a);
	if ((unsigned)s->a.purpose >= PIN_PURPOSE_COUNT)
		s->a.purpose = PIN_FOR_LOGIN;
	digit_field_init(&s->pin, PIN_MAX);
}

static void
pin_leave(struct kiosk *k, void *state)
{
	struct pin_dialog *s = state;

	(void)k;
	digit_field_clear(&s->pin);
}

void
pin_draw_form(struct kiosk *k, const char *heading, const char *card_label, const char *card,
	      int pin_len, int pin_active, const char *hint)
{
	const char *pin_label = _("PIN");
	char stars[PIN_MAX + 1];
	int keypad_x = k->cols - KEYPAD_W - 4, x = 4, width = keypad_x - x - 4;
	int label_w = draw_width(card_label), height = 9, y;

	if (draw_width(pin_label) > label_w)
		label_w = draw_width(pin_label);
	if (pin_len < 0 || pin_len > PIN_MAX)
		pin_len = 0;
	y = k->top + (k->bottom - k->top + 1 - height) / 2;
	draw_text(y, x, width, STYLE_HEADING, heading);
	widget_field(y + 2, x, label_w, card_label, card, PARSE_CARD_MAX, !pin_active);
	memset(stars, '*', (size_t)pin_len);
	stars[pin_len] = '\0';
	widget_field(y + 4, x, label_w, pin_label, stars, PIN_MAX, pin_active);
	draw_wrap(y + 6, x, width, 3, STYLE_DIM, hint);
	widget_keypad(y + 1, keypad_x);
}

static void
pin_draw(struct kiosk *k, void *state)
{
	struct pin_dialog *s = state;

	pin_draw_form(k, s->a.heading, _(purposes[s->a.purpose].card_label), s->a.card,
		      s->pin.len, 1, _(purposes[s->a.purpose].hint));
}

/* The ledger refused the PIN, and said why in k->err. */
static int
pin_refused(struct kiosk *k)
{
	switch (pin_explain(k)) {
	case PIN_LOCKED:
		return kiosk_pop(k, PIN_REFUSED_LOCKED);
	case PIN_NOT_SET:
		return kiosk_pop(k, PIN_REFUSED_NOT_SET);
	case PIN_WRONG:
		break;
	}
	return R_HANDLED | R_REDRAW; /* type it again */
}

static int
pin_check(struct kiosk *k, struct pin_dialog *s)
{
	enum jf_status st;

	/* A PIN of the wrong length is a slip of the finger, not a guess: it
	 * is not counted against the card. */
	if (s->pin.spoiled || s->pin.len < PIN_MIN) {
		kiosk_say(k, STYLE_ERROR, "%s", _("A PIN has 4 to 6 digits. Please type it again."));
		digit_field_clear(&s->pin);
		return R_HANDLED | R_REDRAW;
	}
	if (s->a.purpose == PIN_FOR_STAFF)
		st = staff_check_pin(k->lg, s->a.staff, s->pin.text, &k->err);
	else
		st = member_check_pin(k->lg, s->a.card, s->pin.text, &k->err);
	digit_field_clear(&s->pin);
	if (st == JF_OK)
		return kiosk_pop(k, PIN_CONFIRMED);
	if (st == JF_AUTH)
		return pin_refused(k);
	if (st == JF_NOTFOUND) { /* gone, or replaced, since the card was typed */
		reason_say(k, &k->err);
		return kiosk_pop(k, PIN_REFUSED_NO_CARD);
	}
	return kiosk_fail(k, "check_pin");
}

static int
pin_handle(struct kiosk *k, void *state, struct req r)
{
	struct pin_dialog *s = state;

	switch (r.id) {
	case REQ_CHAR:
		digit_field_type(&s->pin, r.arg);
		return R_HANDLED | R_REDRAW;
	case REQ_ERASE:
		digit_field_erase(&s->pin);
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		return pin_check(k, s);
	case REQ_BACK:
		if (purposes[s->a.purpose].esc_leaves || !digit_field_touched(&s->pin))
			return kiosk_pop(k, PIN_CANCELLED);
		digit_field_clear(&s->pin);
		return R_HANDLED | R_REDRAW;
	default:
		return R_UNHANDLED; /* a scan is no PIN: the loop says so */
	}
}

const struct screen_ops screen_pin = {
	.name = "pin",
	.state_size = sizeof(struct pin_dialog),
	.arg_size = sizeof(struct pin_arg),
	.enter = pin_enter,
	.draw = pin_draw,
	.handle = pin_handle,
	.leave = pin_leave,
	.bar = pin_bar,
	.idle_logout = 1,
};
