/*
 * screen_counter_family: the family desk at the counter (letter f), for
 * the member on the panel. Their family's members with their green
 * points, the panel member's recent transfers, and what the cashier does
 * on the members' behalf: create a family (the panel member owns it), add
 * a member (their card scanned, their PIN), remove a member (their PIN;
 * the owner leaves last), make a member the owner, and send green points
 * from the panel member to another member (ledger_can_transfer() before
 * the sender's PIN, so a refused transfer never costs one; ledger_transfer()
 * after it).
 *
 * A member's PIN is the PIN dialog's (pin.h), which checks and counts it;
 * what it confirms waits in the state (pending) until the dialog ends.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "counter.h"
#include "counter_form.h"
#include "family.h"
#include "parse.h"
#include "pin.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

#define FAMILY_MAX 20   /* members shown; a family is a household */
#define TRANSFERS_MAX 5 /* recent transfers shown */
#define HISTORY_LOOK 200 /* history lines looked through for them */
#define AMOUNT_MAX 9

enum fam_step { FAM_LIST, FAM_CREATE, FAM_ADD, FAM_AMOUNT };
enum fam_field { F_NAME, F_CARD, F_AMOUNT }; /* a step's one field */
enum fam_pending { PEND_NONE, PEND_ADD, PEND_REMOVE, PEND_TRANSFER };

struct fam_member {
	char card[MEMBER_CARD_SIZE];
	char name[MEMBER_NAME_SIZE];
	int owner;
	int64_t green;
};

struct fam_screen {
	enum fam_step step;
	struct fam_member members[FAMILY_MAX];
	int count, selected;
	char transfers[TRANSFERS_MAX][160];
	int transfer_count;
	struct counter_form form;
	/* What a PIN dialog confirms. */
	enum fam_pending pending;
	char card_of[MEMBER_CARD_SIZE];
	char name_of[MEMBER_NAME_SIZE];
	int64_t points;
	char key[LEDGER_NEW_KEY_SIZE];
};

#define NAME(s) (&(s)->form.field[F_NAME].text)
#define CARD(s) (&(s)->form.field[F_CARD].digits)
#define AMOUNT(s) (&(s)->form.field[F_AMOUNT].digits)

static const struct bar_item list_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item form_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("OK") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
fam_bar_now(struct kiosk *k, void *state)
{
	const struct fam_screen *s = state;

	(void)k;
	return s->step == FAM_LIST ? list_bar : form_bar;
}

/* ---- reading ---- */

static int
keep_member(const struct family_row *row, void *ctx)
{
	struct fam_screen *s = ctx;
	struct fam_member *m;

	if (s->count >= FAMILY_MAX)
		return 1;
	m = &s->members[s->count++];
	snprintf(m->card, sizeof m->card, "%s", row->card);
	snprintf(m->name, sizeof m->name, "%s", row->name);
	m->owner = row->owner;
	m->green = row->green;
	return 0;
}

static int
keep_transfer(const struct history_item *it, void *ctx)
{
	struct fam_screen *s = ctx;
	char when[32];
	time_t tt = (time_t)it->ts;
	struct tm tm;

	if (strcmp(it->type, "transfer") != 0)
		return 0;
	localtime_r(&tt, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	snprintf(s->transfers[s->transfer_count++], sizeof s->transfers[0], "%s  %+lld %s  %s",
		 when, (long long)it->points, it->kind == KIND_GREEN ? _("green") : _("points"),
		 it->memo);
	return s->transfer_count >= TRANSFERS_MAX;
}

/* The panel member again (their family may have changed), the family's
 * members and the panel member's recent transfers. NULL, or the call that
 * failed. */
static const char *
load(struct kiosk *k, struct fam_screen *s)
{
	enum jf_status st;

	if (counter_member_load(k, k->counter.m.card) != JF_OK)
		return "counter_member_load";
	s->count = s->transfer_count = 0;
	if (k->counter.m.family[0]) {
		st = family_list(k->lg, k->counter.m.family, keep_member, s, &k->err);
		if (st != JF_OK && st != JF_NOTFOUND)
			return "family_list";
	}
	if (ledger_history(k->lg, k->counter.m.card, HISTORY_LOOK, keep_transfer, s, &k->err) !=
	    JF_OK)
		return "ledger_history";
	if (s->selected >= s->count)
		s->selected = s->count > 0 ? s->count - 1 : 0;
	return NULL;
}

static void
fam_enter(struct kiosk *k, void *state, const void *arg)
{
	struct fam_screen *s = state;
	const char *failed;

	(void)arg;
	counter_form_text(&s->form, F_NAME, N_("Family name"), TEXT_NAME, 64, 32);
	counter_form_digits(&s->form, F_CARD, N_("Card"), FORM_DIGITS, PARSE_CARD_MAX);
	counter_form_digits(&s->form, F_AMOUNT, N_("Green points"), FORM_DIGITS, AMOUNT_MAX);
	if ((failed = load(k, s)) != NULL)
		kiosk_fail(k, failed);
}

static void
fam_leave(struct kiosk *k, void *state)
{
	(void)k;
	explicit_bzero(state, sizeof(struct fam_screen));
}

static int
to_list(struct fam_screen *s)
{
	counter_form_clear(&s->form);
	s->step = FAM_LIST;
	return R_HANDLED | R_REDRAW;
}

/* A step of one field: the family's name, a card or an amount. */
static int
open_step(struct fam_screen *s, enum fam_step step, enum fam_field field)
{
	s->step = step;
	counter_form_span(&s->form, (int)field, (int)field);
	return R_HANDLED | R_REDRAW;
}

/* ---- drawing ---- */

/* The columns of the member list: card, green points (right-aligned), name. */
#define COL_CARD 2
#define COL_GREEN_END (COL_CARD + 19 + 10)
#define COL_NAME (COL_GREEN_END + 2)

static int
draw_members(struct kiosk *k, struct fam_screen *s, int y, int x, int w)
{
	char name[MEMBER_NAME_SIZE + 40];

	draw_text(y, x + COL_CARD, 19, STYLE_DIM, _("Card"));
	draw_right(y, x + COL_GREEN_END, STYLE_DIM, _("Green"));
	draw_text(y, x + COL_NAME, w - COL_NAME, STYLE_DIM, _("Name"));
	y++;
	for (int i = 0; i < s->count && y < k->bottom - 4; i++, y++) {
		int on = i == s->selected;
		enum style st = on ? STYLE_SELECTED : STYLE_NORMAL;
		const struct fam_member *m = &s->members[i];

		snprintf(name, sizeof name, "%s%s", m->name, m->owner ? _("  (owner)") : "");
		if (on)
			draw_fill(y, x, w, STYLE_SELECTED);
		draw_text(y, x, 1, st, on ? ">" : " ");
		draw_text(y, x + COL_CARD, 19, st, m->card);
		draw_number(y, x + COL_GREEN_END, st, (long long)m->green);
		draw_text(y, x + COL_NAME, w - COL_NAME, st, name);
		draw_hit(y, x, w, (struct req){ REQ_PICK, i });
	}
	return y;
}

static void
draw_list(struct kiosk *k, struct fam_screen *s, int y)
{
	char line[MEMBER_NAME_SIZE + 80];
	int x = 3, w = k->cols - 6;

	if (!k->counter.m.family[0]) {
		draw_text(y, x, w, STYLE_HEADING, _("Not in a family"));
		draw_wrap(y + 2, x, w, 3, STYLE_NORMAL,
			  _("c  Create a family: this member owns it and adds the others."));
		return;
	}
	snprintf(line, sizeof line, _("Family %s"), k->counter.m.family);
	draw_text(y, x, w, STYLE_HEADING, line);
	y = draw_members(k, s, y + 1, x, w) + 1;
	draw_wrap(y, x, w, 2, STYLE_NORMAL,
		  _("a Add   r Remove   o Make owner   t Send green points"));
	y += k->rows >= 40 ? 3 : 2;
	if (k->bottom - y < 2)
		return;
	draw_text(y++, x, w, STYLE_DIM, _("Recent transfers of the member at the counter:"));
	if (s->transfer_count == 0)
		draw_text(y, x + 2, w - 2, STYLE_DIM, _("none"));
	for (int i = 0; i < s->transfer_count && y <= k->bottom; i++, y++)
		draw_text(y, x + 2, w - 2, STYLE_NORMAL, s->transfers[i]);
}

static void
draw_form(struct kiosk *k, struct fam_screen *s, int y)
{
	char heading[MEMBER_NAME_SIZE + 80];
	const char *hint = "";

	switch (s->step) {
	case FAM_CREATE:
		snprintf(heading, sizeof heading, _("A new family, owned by %s"), k->counter.m.name);
		hint = _("Type the family's name and press Enter.");
		break;
	case FAM_ADD:
		snprintf(heading, sizeof heading, _("Add a member to the family %s"),
			 k->counter.m.family);
		hint = _("Scan the card of the member who joins, or type it. They confirm with their PIN.");
		break;
	case FAM_AMOUNT:
		snprintf(heading, sizeof heading, _("%s sends green points to %s"), k->counter.m.name,
			 s->name_of);
		hint = _("Type how many, and press Enter. The sender confirms with their PIN.");
		break;
	case FAM_LIST:
		return;
	}
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, heading);
	counter_form_draw(&s->form, y + 2, 2, 1);
	draw_wrap(y + 4, 3, k->cols - 6, 3, STYLE_DIM, hint);
}

static void
fam_draw(struct kiosk *k, void *state)
{
	struct fam_screen *s = state;
	int y = counter_panel_draw(k);

	if (s->step == FAM_LIST)
		draw_list(k, s, y);
	else
		draw_form(k, s, y);
}

/* ---- actions ---- */

static int
reload(struct kiosk *k, struct fam_screen *s)
{
	const char *failed = load(k, s);

	if (failed)
		return kiosk_fail(k, failed);
	return to_list(s);
}

/* The PIN dialog for the member of card, confirming heading. */
static int
ask_pin(struct kiosk *k, struct fam_screen *s, enum fam_pending what, const char *heading)
{
	struct pin_arg arg = { .purpose = PIN_FOR_DESK };

	s->pending = what;
	snprintf(arg.card, sizeof arg.card, "%s",
		 what == PEND_TRANSFER ? k->counter.m.card : s->card_of);
	snprintf(arg.heading, sizeof arg.heading, "%s", heading);
	return kiosk_push(k, SCREEN_PIN, &arg);
}

static int
do_create(struct kiosk *k, struct fam_screen *s)
{
	if (NAME(s)->spoiled || parse_name("family", NAME(s)->text, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type the family's name: 1 to 64 characters."));
		return R_HANDLED | R_REDRAW;
	}
	if (family_create(k->lg, NAME(s)->text, k->counter.m.card, &k->err) != JF_OK)
		return counter_refused(k, "family_create");
	kiosk_say(k, STYLE_OK, _("The family %s is created."), NAME(s)->text);
	return reload(k, s);
}

static int
add_card(struct kiosk *k, struct fam_screen *s, const char *card)
{
	struct member m;
	char heading[PIN_HEADING_SIZE];

	if (parse_card(card, k->cfg->card_check, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("That is not a member card number. Scan the card again or type its number."));
		digit_field_clear(CARD(s));
		return R_HANDLED | R_REDRAW;
	}
	if (member_find(k->lg, card, &m, &k->err) != JF_OK) {
		digit_field_clear(CARD(s));
		return counter_say_refusal(k) ? R_HANDLED | R_REDRAW : kiosk_fail(k, "member_find");
	}
	snprintf(s->card_of, sizeof s->card_of, "%s", m.card);
	snprintf(s->name_of, sizeof s->name_of, "%s", m.name);
	explicit_bzero(&m, sizeof m);
	snprintf(heading, sizeof heading, _("%s joins the family %s"), s->name_of,
		 k->counter.m.family);
	return ask_pin(k, s, PEND_ADD, heading);
}

static int
chosen(struct kiosk *k, struct fam_screen *s)
{
	if (s->count == 0 || s->selected >= s->count) {
		kiosk_say(k, STYLE_WARN, "%s", _("Choose a member of the family first."));
		return 0;
	}
	snprintf(s->card_of, sizeof s->card_of, "%s", s->members[s->selected].card);
	snprintf(s->name_of, sizeof s->name_of, "%s", s->members[s->selected].name);
	return 1;
}

static int
start_remove(struct kiosk *k, struct fam_screen *s)
{
	char heading[PIN_HEADING_SIZE];

	if (!chosen(k, s))
		return R_HANDLED | R_REDRAW;
	/* The owner leaving while others remain is core's to refuse
	 * (JF_R_OWNER_LEAVES), said after the PIN. */
	snprintf(heading, sizeof heading, _("%s leaves the family %s"), s->name_of,
		 k->counter.m.family);
	return ask_pin(k, s, PEND_REMOVE, heading);
}

static int
do_owner(struct kiosk *k, struct fam_screen *s)
{
	int changed = 0;

	if (!chosen(k, s))
		return R_HANDLED | R_REDRAW;
	if (family_set_owner(k->lg, k->counter.m.family, s->card_of, &changed, &k->err) != JF_OK)
		return counter_refused(k, "family_set_owner");
	if (changed)
		kiosk_say(k, STYLE_OK, _("%s owns the family now."), s->name_of);
	else
		kiosk_say(k, STYLE_OK, _("%s owns the family already."), s->name_of);
	return reload(k, s);
}

/* Would core take this transfer now? 1, or its reason said (0), or -1. */
static int
can_send(struct kiosk *k, struct fam_screen *s, int64_t points)
{
	struct transfer_request req = { k->counter.m.card, s->card_of, points, KIND_GREEN, NULL };

	if (ledger_can_transfer(k->lg, &req, &k->err) == JF_OK)
		return 1;
	return reason_say(k, &k->err) ? 0 : -1;
}

static int
start_transfer(struct kiosk *k, struct fam_screen *s)
{
	int can;

	if (!chosen(k, s))
		return R_HANDLED | R_REDRAW;
	if ((can = can_send(k, s, 1)) < 0)
		return kiosk_fail(k, "ledger_can_transfer");
	if (can == 0)
		return R_HANDLED | R_REDRAW;
	digit_field_clear(AMOUNT(s));
	return open_step(s, FAM_AMOUNT, F_AMOUNT);
}

static int
enter_amount(struct kiosk *k, struct fam_screen *s)
{
	char heading[PIN_HEADING_SIZE];
	int can;

	s->points = AMOUNT(s)->len && !AMOUNT(s)->spoiled ? strtoll(AMOUNT(s)->text, NULL, 10) : 0;
	if (s->points < 1) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type how many green points to send: at least 1."));
		digit_field_clear(AMOUNT(s));
		return R_HANDLED | R_REDRAW;
	}
	if ((can = can_send(k, s, s->points)) < 0)
		return kiosk_fail(k, "ledger_can_transfer");
	if (can == 0) {
		digit_field_clear(AMOUNT(s));
		return R_HANDLED | R_REDRAW;
	}
	ledger_new_key("counter-family-", s->key);
	snprintf(heading, sizeof heading,
		 ngettext("Send %lld green point to %s", "Send %lld green points to %s",
			  (unsigned long)s->points),
		 (long long)s->points, s->name_of);
	return ask_pin(k, s, PEND_TRANSFER, heading);
}

/* The PIN was right: what it confirmed. */
static int
confirmed(struct kiosk *k, struct fam_screen *s)
{
	struct transfer_request req = { k->counter.m.card, s->card_of, s->points, KIND_GREEN,
					s->key };
	struct ledger_result res;
	char family[FAMILY_NAME_SIZE];
	int dissolved = 0;

	switch (s->pending) {
	case PEND_ADD:
		if (family_add(k->lg, k->counter.m.family, s->card_of, &k->err) != JF_OK)
			return counter_refused(k, "family_add");
		kiosk_say(k, STYLE_OK, _("%s is in the family now."), s->name_of);
		break;
	case PEND_REMOVE:
		if (family_remove(k->lg, s->card_of, family, &dissolved, &k->err) != JF_OK)
			return counter_refused(k, "family_remove");
		if (dissolved)
			kiosk_say(k, STYLE_OK, _("%s left; the family %s is dissolved."), s->name_of,
				  family);
		else
			kiosk_say(k, STYLE_OK, _("%s left the family, keeping every point."),
				  s->name_of);
		break;
	case PEND_TRANSFER:
		if (ledger_transfer(k->lg, &req, &res, &k->err) != JF_OK) {
			counter_refused(k, "ledger_transfer");
			return reload(k, s);
		}
		kiosk_say(k, STYLE_OK,
			  ngettext("%lld green point sent to %s.", "%lld green points sent to %s.",
				   (unsigned long)s->points),
			  (long long)s->points, s->name_of);
		break;
	case PEND_NONE:
		break;
	}
	return reload(k, s);
}

static void
fam_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	struct fam_screen *s = state;
	enum fam_pending what = s->pending;

	s->pending = PEND_NONE;
	if (res->from != SCREEN_PIN || what == PEND_NONE)
		return;
	if (res->code == PIN_CONFIRMED) {
		s->pending = what;
		confirmed(k, s);
		s->pending = PEND_NONE;
	} else {
		reload(k, s); /* refused or cancelled: said by the dialog */
	}
	explicit_bzero(s->key, sizeof s->key);
}

/* ---- keys ---- */

static int
list_letter(struct kiosk *k, struct fam_screen *s, int c)
{
	int in_family = k->counter.m.family[0] != '\0';

	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	/* The config may keep an action for managers ([staff] manager_only),
	 * as the command line's family and transfer commands do. */
	if ((c == 'c' && !in_family) || (in_family && c != 0 && strchr("aro", c) != NULL)) {
		int may = counter_staff_may(k, ACTION_FAMILY);

		if (may <= 0)
			return may < 0 ? kiosk_fail(k, "staff_may") : R_HANDLED | R_REDRAW;
	} else if (in_family && c == 't') {
		int may = counter_staff_may(k, ACTION_TRANSFER);

		if (may <= 0)
			return may < 0 ? kiosk_fail(k, "staff_may") : R_HANDLED | R_REDRAW;
	}
	if (c == 'c' && !in_family)
		return open_step(s, FAM_CREATE, F_NAME);
	if (in_family)
		switch (c) {
		case 'a':
			return open_step(s, FAM_ADD, F_CARD);
		case 'r':
			return start_remove(k, s);
		case 'o':
			return do_owner(k, s);
		case 't':
			return start_transfer(k, s);
		}
	kiosk_say(k, STYLE_WARN, "%s", _("That key does nothing here. Choose from the list."));
	return R_HANDLED | R_REDRAW;
}

static int
handle_list(struct kiosk *k, struct fam_screen *s, struct req r)
{
	switch (r.id) {
	case REQ_UP:
	case REQ_DOWN:
		list_move(&s->selected, s->count, r.id == REQ_DOWN ? 1 : -1);
		return R_HANDLED | R_REDRAW;
	case REQ_PICK:
		if (r.arg >= 0 && r.arg < s->count)
			s->selected = r.arg;
		return R_HANDLED | R_REDRAW;
	case REQ_CHAR:
		return list_letter(k, s, r.arg);
	case REQ_SCAN: {
		/* Another member's card: their family, here. */
		int res = counter_scan(k);
		const char *failed = load(k, s);

		return failed ? kiosk_fail(k, failed) : res;
	}
	default:
		return R_UNHANDLED;
	}
}

static int
handle_form(struct kiosk *k, struct fam_screen *s, struct req r)
{
	switch (r.id) {
	case REQ_ENTER:
		if (s->step == FAM_CREATE)
			return do_create(k, s);
		if (s->step == FAM_ADD)
			return CARD(s)->spoiled ? add_card(k, s, "?") : add_card(k, s, CARD(s)->text);
		return enter_amount(k, s);
	case REQ_SCAN:
		if (s->step == FAM_ADD && !counter_is_voucher(k, k->scan))
			return add_card(k, s, k->scan);
		return R_HANDLED; /* no member changes under a form */
	case REQ_BACK:
		return to_list(s);
	default:
		return counter_form_handle(k, &s->form, r);
	}
}

static int
fam_handle(struct kiosk *k, void *state, struct req r)
{
	struct fam_screen *s = state;

	if (s->step == FAM_LIST)
		return handle_list(k, s, r);
	return handle_form(k, s, r);
}

const struct screen_ops screen_counter_family = {
	.name = "counter-family",
	.state_size = sizeof(struct fam_screen),
	.enter = fam_enter,
	.draw = fam_draw,
	.handle = fam_handle,
	.resume = fam_resume,
	.leave = fam_leave,
	.bar = list_bar,
	.bar_now = fam_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
