/*
 * screen_login: the card, then the PIN in the PIN dialog (pin.h). The card
 * comes from a scanner (one REQ_SCAN, here or on the attract screen) or
 * from the keypad; the PIN is shown only as '*'. Counting wrong PINs and locking the card is core's job
 * (member_check_pin()), in the ledger, so a restart or another kiosk cannot
 * undo a lock-out.
 *
 * A manager's staff card is the way out of a locked kiosk: their PIN in
 * the same dialog (staff_check_pin(), with its lock-out) ends the kiosk
 * program, back to whatever started it (a shell, or a script that opens
 * the counter). Any other staff card is refused with the reason.
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
#include "log.h"
#include "parse.h"
#include "pin.h"
#include "reason.h"
#include "screen.h"
#include "staff.h"
#include "widget.h"

struct login {
	struct digit_field card;
	struct member m;
	struct staff manager; /* a manager's card: the PIN dialog lets the kiosk go */
	int leaving;          /* the PIN dialog is the manager's */
};

static const struct bar_item login_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("OK") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* The card, and below it the PIN's place, as the PIN dialog will have it. */
static void
login_draw(struct kiosk *k, void *state)
{
	struct login *s = state;

	pin_draw_form(k, _("Log in"), _("Card number"), s->card.text, 0, 0,
		      _("Scan your member card, or type the number on it and press Enter."));
}

/* The card is one a member has: the PIN dialog confirms it is theirs. */
static int
ask_pin(struct kiosk *k, struct login *s)
{
	struct pin_arg arg = { .purpose = PIN_FOR_LOGIN };

	snprintf(arg.card, sizeof arg.card, "%s", s->card.text);
	snprintf(arg.heading, sizeof arg.heading, "%s", _("Log in"));
	return kiosk_push(k, SCREEN_PIN, &arg);
}

/* Not a member's card: a manager's lets the kiosk go, after their PIN;
 * any other staff card is refused with the reason. JF_NOTFOUND if it is
 * no staff card either. */
static enum jf_status
staff_card(struct kiosk *k, struct login *s, int *flags)
{
	struct pin_arg arg = { .purpose = PIN_FOR_STAFF };
	enum jf_status st;

	st = staff_find_card(k->lg, s->card.text, &s->manager, &k->err);
	if (st != JF_OK)
		return st;
	if (s->manager.disabled)
		st = jf_refuse(&k->err, JF_AUTH, JF_R_STAFF_DISABLED,
			       (struct jf_why){ .text = s->manager.id }, "staff %s is disabled",
			       s->manager.id);
	else if (s->manager.role != STAFF_MANAGER)
		st = jf_refuse(&k->err, JF_AUTH, JF_R_MANAGER_ONLY,
			       (struct jf_why){ .text = "kiosk exit" },
			       "only a manager may leave the kiosk");
	if (st != JF_OK) {
		reason_say(k, &k->err);
		digit_field_clear(&s->card);
		*flags = R_HANDLED | R_REDRAW;
		return JF_OK;
	}
	s->leaving = 1;
	snprintf(arg.card, sizeof arg.card, "%s", s->manager.card);
	snprintf(arg.staff, sizeof arg.staff, "%s", s->manager.id);
	snprintf(arg.heading, sizeof arg.heading, _("Leave the kiosk: %s"), s->manager.name);
	*flags = kiosk_push(k, SCREEN_PIN, &arg);
	return JF_OK;
}

static int
enter_card(struct kiosk *k, struct login *s)
{
	enum jf_status st;

	if (s->card.spoiled || parse_card(s->card.text, k->cfg->card_check, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("That is not a member card number. Scan the card again or type its number."));
		digit_field_clear(&s->card);
		return R_HANDLED | R_REDRAW;
	}
	/* Unknown, replaced, no PIN yet, locked: core says which, before a
	 * PIN is typed. */
	st = member_can_log_in(k->lg, s->card.text, &s->m, &k->err);
	if (st == JF_NOTFOUND) {
		struct jf_error member_err = k->err;
		int flags = 0;
		enum jf_status sst = staff_card(k, s, &flags);

		if (sst == JF_OK)
			return flags;
		if (sst != JF_NOTFOUND)
			return kiosk_fail(k, "staff_find_card");
		k->err = member_err; /* no staff card either: the member's reason */
	}
	if ((st == JF_NOTFOUND || st == JF_AUTH) && reason_say(k, &k->err)) {
		digit_field_clear(&s->card);
		return R_HANDLED | R_REDRAW;
	}
	if (st != JF_OK)
		return kiosk_fail(k, "member_can_log_in");
	return ask_pin(k, s);
}

static void
login_enter(struct kiosk *k, void *state, const void *arg)
{
	struct login *s = state;
	const struct login_arg *scan = arg;

	digit_field_init(&s->card, PARSE_CARD_MAX);
	if (scan == NULL || scan->card[0] == '\0')
		return;
	/* Opened by a scan on the attract screen: the card, as if typed
	 * and Enter pressed. */
	digit_field_scan(&s->card, scan->card);
	enter_card(k, s);
}

/* Back from the PIN dialog: the member is in, or the card is asked again
 * (the dialog said why). */
static void
login_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	struct login *s = state;
	struct actor who;
	int leaving = s->leaving;

	s->leaving = 0;
	if (res->from != SCREEN_PIN || res->code != PIN_CONFIRMED) {
		digit_field_clear(&s->card);
		return;
	}
	if (leaving) { /* the manager's PIN: the kiosk lets go */
		log_ledger(k->lg, LOG_CLASS_AUTH, "kiosk_released", "staff_card=%s", s->card.text);
		k->quit = 1;
		return;
	}
	/* Read the member again: the check has just reset their count. */
	if (member_find(k->lg, s->card.text, &k->session.m, &k->err) != JF_OK) {
		kiosk_fail(k, "member_find");
		return;
	}
	k->session.active = 1;
	/* Every write from here on is the member's, until the session ends. */
	actor_member(&who, k->session.m.id);
	ledger_act_as(k->lg, &who);
	log_ledger(k->lg, LOG_CLASS_AUTH, "login", "card=%s at=kiosk", k->session.m.card);
	kiosk_begin(k);
}

static int
login_handle(struct kiosk *k, void *state, struct req r)
{
	struct login *s = state;

	switch (r.id) {
	case REQ_CHAR:
		digit_field_type(&s->card, r.arg);
		return R_HANDLED | R_REDRAW;
	case REQ_SCAN: /* a scan replaces whatever was typed */
		digit_field_scan(&s->card, k->scan);
		return enter_card(k, s);
	case REQ_ERASE:
		digit_field_erase(&s->card);
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		return enter_card(k, s);
	case REQ_BACK:
		/* Esc clears what is typed first, then goes back. */
		if (!digit_field_touched(&s->card))
			return kiosk_pop(k, 0);
		digit_field_clear(&s->card);
		return R_HANDLED | R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

static void
login_leave(struct kiosk *k, void *state)
{
	struct login *s = state;

	(void)k;
	digit_field_clear(&s->card);
}

const struct screen_ops screen_login = {
	.name = "login",
	.state_size = sizeof(struct login),
	.arg_size = sizeof(struct login_arg),
	.enter = login_enter,
	.draw = login_draw,
	.handle = login_handle,
	.resume = login_resume,
	.leave = login_leave,
	.bar = login_bar,
	.idle_logout = 1,
};
