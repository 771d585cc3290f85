/*
 * screen_counter_start: the counter while nobody works it (the counter
 * mode's first screen), where a staff member signs in; the language is
 * chosen here.
 *
 * On a ledger with staff, the staff member scans or types their staff
 * card (staff_find_card()) and confirms it with their PIN in the PIN
 * dialog (pin.h, staff_check_pin() with its lock-out); a disabled or
 * locked staff member, or one without a PIN, is refused with the reason
 * before a PIN is asked. `jifen counter --staff ID` preselects one: Enter
 * on an empty card field asks for that staff member's PIN. On a ledger
 * without staff, Enter opens the counter for --staff as it is given.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "clock.h"
#include "counter.h"
#include "parse.h"
#include "pin.h"
#include "reason.h"
#include "screen.h"
#include "staff.h"
#include "widget.h"

struct start {
	int has_staff; /* the ledger has staff: a card and PIN sign in */
	struct digit_field card;
	struct staff who; /* whose PIN the dialog asks */
};

static const struct bar_item start_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Open the counter") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_LEFT, REQ_RIGHT, N_("Language") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* A terminal without Chinese glyphs (caps.h) has English alone. */
static const struct bar_item english_start_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Open the counter") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
start_bar_now(struct kiosk *k, void *state)
{
	(void)k;
	(void)state;
	return caps_get()->cjk ? start_bar : english_start_bar;
}

static void
start_enter(struct kiosk *k, void *state, const void *arg)
{
	struct start *s = state;

	(void)arg;
	digit_field_init(&s->card, PARSE_CARD_MAX);
	s->has_staff = counter_has_staff(k);
}

/* A ledger without staff: --staff is taken as given (as before staff). */
static int
open_without_staff(struct kiosk *k)
{
	if (k->counter.preset[0] == '\0') {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("No staff member is set for this counter (jifen counter --staff ID)."));
		return R_HANDLED | R_REDRAW;
	}
	return counter_sign_in(k, k->counter.preset, NULL);
}

/* Refuse s->who before a PIN is typed: disabled, locked, no PIN. */
static enum jf_status
check_can_sign_in(struct kiosk *k, const struct staff *who)
{
	if (who->disabled)
		return jf_refuse(&k->err, JF_AUTH, JF_R_STAFF_DISABLED,
				 (struct jf_why){ .text = who->id }, "staff %s is disabled", who->id);
	if (who->locked_until > clock_now())
		return jf_refuse(&k->err, JF_AUTH, JF_R_LOCKED,
				 (struct jf_why){ { who->locked_until }, who->id, NULL },
				 "staff %s is locked", who->id);
	if (!who->has_pin)
		return jf_refuse(&k->err, JF_AUTH, JF_R_NO_PIN, (struct jf_why){ .text = who->id },
				 "staff %s has no PIN", who->id);
	return JF_OK;
}

/* The card typed or scanned (or, none typed, --staff's): the PIN next. */
static int
start_card(struct kiosk *k, struct start *s)
{
	struct pin_arg arg = { .purpose = PIN_FOR_STAFF };
	struct member m;
	enum jf_status st;

	if (!s->has_staff)
		return open_without_staff(k);
	if (!digit_field_touched(&s->card) && k->counter.preset[0] != '\0')
		st = staff_find(k->lg, k->counter.preset, &s->who, &k->err);
	else if (s->card.spoiled || s->card.len == 0 ||
		 parse_card(s->card.text, k->cfg->card_check, NULL) != JF_OK)
		st = jf_refuse(&k->err, JF_USAGE, JF_R_NONE, (struct jf_why){ 0 }, "no card");
	else
		st = staff_find_card(k->lg, s->card.text, &s->who, &k->err);
	if (st == JF_NOTFOUND && member_find(k->lg, s->card.text, &m, NULL) == JF_OK) {
		explicit_bzero(&m, sizeof m);
		digit_field_clear(&s->card);
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("This is a member card. Scan your staff card to open the counter."));
		return R_HANDLED | R_REDRAW;
	}
	if (st == JF_OK)
		st = check_can_sign_in(k, &s->who);
	digit_field_clear(&s->card);
	if (st == JF_USAGE) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("That is not a staff card. Scan your staff card or type its number."));
		return R_HANDLED | R_REDRAW;
	}
	if ((st == JF_NOTFOUND || st == JF_AUTH) && reason_say(k, &k->err))
		return R_HANDLED | R_REDRAW;
	if (st != JF_OK)
		return kiosk_fail(k, "staff_find_card");
	snprintf(arg.card, sizeof arg.card, "%s", s->who.card);
	snprintf(arg.staff, sizeof arg.staff, "%s", s->who.id);
	snprintf(arg.heading, sizeof arg.heading, _("Open the counter: %s"), s->who.name);
	return kiosk_push(k, SCREEN_PIN, &arg);
}

/* Back from the PIN dialog: signed in, or the card is asked again (the
 * dialog said why). */
static void
start_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	struct start *s = state;
	struct staff who;

	digit_field_clear(&s->card);
	if (res->from != SCREEN_PIN || res->code != PIN_CONFIRMED)
		return;
	/* Read them again: the check has just reset their count. */
	if (staff_can_act(k->lg, s->who.id, &who, &k->err) != JF_OK) {
		reason_say(k, &k->err);
		return;
	}
	counter_sign_in(k, who.id, &who);
}

static void
start_draw(struct kiosk *k, void *state)
{
	struct start *s = state;
	char line[160];
	int rows = k->bottom - k->top + 1, y = k->top + (rows - 13) / 2, x, w = k->cols - 4;
	const char *label = _("Staff card");

	draw_center(y, 2, w, STYLE_HEADING, _("The counter is closed"));
	if (!s->has_staff) {
		snprintf(line, sizeof line, _("Staff member %s: press Enter to open the counter."),
			 k->counter.preset[0] ? k->counter.preset : "?");
		draw_center(y + 2, 2, w, STYLE_NORMAL, line);
	} else {
		draw_center(y + 2, 2, w, STYLE_NORMAL,
			    _("Scan your staff card or type its number, then press Enter."));
		if (k->counter.preset[0] != '\0') {
			snprintf(line, sizeof line,
				 _("Staff member %s: press Enter and type your PIN."),
				 k->counter.preset);
			draw_center(y + 3, 2, w, STYLE_DIM, line);
		}
		x = (k->cols - draw_width(label) - PARSE_CARD_MAX - 4) / 2;
		widget_field(y + 5, x, draw_width(label), label, s->card.text, PARSE_CARD_MAX, 1);
	}
	x = (k->cols - 24) / 2;
	/* A terminal without Chinese glyphs (caps.h) has English alone. */
	if (caps_get()->cjk) {
		x += widget_button(y + 7, x, "English", (struct req){ REQ_LANG, LANG_EN }) + 4;
		widget_button(y + 7, x, "中文", (struct req){ REQ_LANG, LANG_ZH });
	}
	widget_button(y + 10, (k->cols - draw_width(_("Open the counter")) - 4) / 2,
		      _("Open the counter"), (struct req){ REQ_ENTER, 0 });
}

static int
start_handle(struct kiosk *k, void *state, struct req r)
{
	struct start *s = state;

	switch (r.id) {
	case REQ_ENTER:
		return start_card(k, s);
	case REQ_SCAN: /* a staff card scanned: as if typed and Enter pressed */
		digit_field_scan(&s->card, k->scan);
		return start_card(k, s);
	case REQ_CHAR:
		if (!s->has_staff)
			return R_UNHANDLED;
		digit_field_type(&s->card, r.arg);
		return R_HANDLED | R_REDRAW;
	case REQ_ERASE:
		digit_field_erase(&s->card);
		return R_HANDLED | R_REDRAW;
	case REQ_LANG:
		i18n_set(r.arg == LANG_ZH ? LANG_ZH : LANG_EN);
		return R_HANDLED | R_REDRAW;
	case REQ_LEFT:
	case REQ_RIGHT:
		i18n_set(i18n_get() == LANG_ZH ? LANG_EN : LANG_ZH);
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		digit_field_clear(&s->card);
		return R_HANDLED | R_REDRAW; /* nothing under the first screen */
	default:
		return R_UNHANDLED;
	}
}

static void
start_leave(struct kiosk *k, void *state)
{
	struct start *s = state;

	(void)k;
	digit_field_clear(&s->card);
}

const struct screen_ops screen_counter_start = {
	.name = "counter-start",
	.state_size = sizeof(struct start),
	.enter = start_enter,
	.draw = start_draw,
	.handle = start_handle,
	.resume = start_resume,
	.leave = start_leave,
	.bar = start_bar,
	.bar_now = start_bar_now,
};
