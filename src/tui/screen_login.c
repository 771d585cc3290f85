/*
 * screen_login: the card, then the PIN. The card comes from a scanner (it
 * types the digits and Enter) or from the keypad; the PIN is shown only as
 * '*'. Counting wrong PINs and locking the card is core's job
 * (member_check_pin()), in the ledger, so a restart or another kiosk cannot
 * undo a lock-out.
 *
 * A field keeps at most what it can hold: anything longer, or any
 * character that is no digit, marks the entry as unreadable, and Enter
 * refuses it as a whole. Nothing typed here is ever echoed but digits and
 * '*', so a garbage scan cannot reach the terminal.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "parse.h"
#include "pin.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

#define PIN_MIN 4
#define PIN_MAX 6

enum login_step { STEP_CARD, STEP_PIN };

struct login {
	enum login_step step;
	struct digit_field card;
	struct digit_field pin;
	struct member m;
};

static const struct bar_item login_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("OK") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* The field of this step; a PIN is never kept past its step. */
static struct digit_field *
field_of(struct login *s)
{
	return s->step == STEP_CARD ? &s->card : &s->pin;
}

static void
clear_field(struct login *s)
{
	if (s->step == STEP_CARD)
		digit_field_clear(&s->card);
	digit_field_clear(&s->pin);
}

static void
login_enter(struct kiosk *k, void *state)
{
	struct login *s = state;

	digit_field_init(&s->card, PARSE_CARD_MAX);
	digit_field_init(&s->pin, PIN_MAX);
}

static void
back_to_card(struct login *s)
{
	s->step = STEP_CARD;
	clear_field(s);
}

static void
login_draw(struct kiosk *k, void *state)
{
	struct login *s = state;
	const char *card_label = _("Card number"), *pin_label = _("PIN");
	char stars[PIN_MAX + 1];
	int keypad_x = k->cols - KEYPAD_W - 4, x = 4, width = keypad_x - x - 4;
	int label_w = draw_width(card_label), height = 9, y;

	if (draw_width(pin_label) > label_w)
		label_w = draw_width(pin_label);
	y = k->top + (k->bottom - k->top + 1 - height) / 2;
	draw_text(y, x, width, STYLE_HEADING, _("Log in"));
	widget_field(y + 2, x, label_w, card_label, s->card.text, PARSE_CARD_MAX,
		   s->step == STEP_CARD);
	memset(stars, '*', (size_t)s->pin.len);
	stars[s->pin.len] = '\0';
	widget_field(y + 4, x, label_w, pin_label, stars, PIN_MAX, s->step == STEP_PIN);
	draw_wrap(y + 6, x, width, 3, STYLE_DIM,
		  s->step == STEP_CARD
			  ? _("Scan your member card, or type the number on it and press Enter.")
			  : _("Type your PIN (4 to 6 digits) and press Enter."));
	widget_keypad(y + 1, keypad_x);
}

static int
enter_card(struct kiosk *k, struct login *s)
{
	enum jf_status st;

	if (s->card.spoiled || parse_card(s->card.text, k->cfg->card_check, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("That is not a member card number. Scan the card again or type its number."));
		clear_field(s);
		return R_HANDLED | R_REDRAW;
	}
	/* Unknown, no PIN yet, locked: core says which, before a PIN is typed. */
	st = member_can_log_in(k->lg, s->card.text, &s->m, &k->err);
	if ((st == JF_NOTFOUND || st == JF_AUTH) && reason_say(k, &k->err)) {
		clear_field(s);
		return R_HANDLED | R_REDRAW;
	}
	if (st != JF_OK)
		return kiosk_fail(k, "member_can_log_in");
	s->step = STEP_PIN;
	return R_HANDLED | R_REDRAW;
}

/* After a refused PIN: why, as the ledger said it. */
static int
pin_refused(struct kiosk *k, struct login *s)
{
	if (pin_explain(k) == PIN_WRONG)
		clear_field(s);
	else
		back_to_card(s);
	return R_HANDLED | R_REDRAW;
}

static int
enter_pin(struct kiosk *k, struct login *s)
{
	struct actor who;
	enum jf_status st;

	/* A PIN of the wrong length is a slip of the finger, not a guess: it
	 * is not counted against the card. */
	if (s->pin.spoiled || s->pin.len < PIN_MIN) {
		kiosk_say(k, STYLE_ERROR, "%s", _("A PIN has 4 to 6 digits. Please type it again."));
		clear_field(s);
		return R_HANDLED | R_REDRAW;
	}
	st = member_check_pin(k->lg, s->card.text, s->pin.text, &k->err);
	clear_field(s);
	if (st == JF_AUTH)
		return pin_refused(k, s);
	if (st == JF_NOTFOUND && reason_say(k, &k->err)) {
		back_to_card(s);
		return R_HANDLED | R_REDRAW;
	}
	if (st != JF_OK)
		return kiosk_fail(k, "member_check_pin");
	/* Read the member again: the check has just reset their count. */
	if (member_find(k->lg, s->card.text, &k->session.m, &k->err) != JF_OK)
		return kiosk_fail(k, "member_find");
	k->session.active = 1;
	/* Every write from here on is the member's, until kiosk_logout(). */
	actor_member(&who, k->session.m.id);
	ledger_act_as(k->lg, &who);
	return kiosk_goto(k, SCREEN_HOME);
}

static int
login_handle(struct kiosk *k, void *state, struct req r)
{
	struct login *s = state;

	switch (r.id) {
	case REQ_CHAR:
		digit_field_type(field_of(s), r.arg);
		return R_HANDLED | R_REDRAW;
	case REQ_ERASE:
		digit_field_erase(field_of(s));
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		return s->step == STEP_CARD ? enter_card(k, s) : enter_pin(k, s);
	case REQ_BACK:
		/* Esc clears what is typed first, then steps back. */
		if (digit_field_touched(field_of(s)))
			clear_field(s);
		else if (s->step == STEP_PIN)
			back_to_card(s);
		else
			return kiosk_goto(k, SCREEN_ATTRACT);
		return R_HANDLED | R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

static void
login_leave(struct kiosk *k, void *state)
{
	struct login *s = state;

	digit_field_clear(&s->pin);
}

const struct screen_ops screen_login = {
	.name = "login",
	.state_size = sizeof(struct login),
	.enter = login_enter,
	.draw = login_draw,
	.handle = login_handle,
	.leave = login_leave,
	.bar = login_bar,
	.idle_logout = 1,
};
