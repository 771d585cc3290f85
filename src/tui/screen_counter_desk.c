/*
 * screen_counter_desk: the member desk at the counter (letter d). A new
 * member registered (card, name, phone, birthday, and a PIN the member
 * types twice on the keypad); for the member on the panel: their PIN set
 * or reset (typed twice; the old one stops at once), a locked card
 * unlocked, a lost card replaced (the panel follows the new card), the
 * name or phone corrected, their personal data shown (the phone
 * unmasked only after an explicit key), and their personal data erased
 * at their request, by a manager only (staff_may()).
 *
 * Each action is a step of this one screen: its fields, Enter to do it,
 * Esc back to the desk's list. Core validates and refuses; the screen
 * checks the fields first only to say which one is wrong.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "counter.h"
#include "counter_form.h"
#include "parse.h"
#include "pin.h"
#include "screen.h"
#include "widget.h"

enum desk_step {
	DESK_MENU,
	DESK_REGISTER,
	DESK_PIN,
	DESK_CARD,
	DESK_EDIT,
	DESK_DATA,
	DESK_ERASE,
};

/* The fields, in the order Tab goes through them on a step. */
enum desk_field { F_CARD, F_NAME, F_PHONE, F_BIRTHDAY, F_PIN1, F_PIN2, F_COUNT };

#define DATA_LINES 40
#define DATA_LINE_SIZE 200

struct desk_screen {
	enum desk_step step;
	int choice;
	struct counter_form form; /* the step's fields, of all enum desk_field's */
	/* The personal data step: lines read when it opens. */
	int show_phone;
	int data_count, data_first;
	char data[DATA_LINES][DATA_LINE_SIZE];
};

#define CARD(s) (&(s)->form.field[F_CARD].digits)
#define PIN1(s) (&(s)->form.field[F_PIN1].digits)
#define PIN2(s) (&(s)->form.field[F_PIN2].digits)
#define NAME(s) (&(s)->form.field[F_NAME].text)
#define PHONE(s) (&(s)->form.field[F_PHONE].text)
#define BIRTHDAY(s) (&(s)->form.field[F_BIRTHDAY].text)

enum desk_action { A_NEW, A_PIN, A_UNLOCK, A_CARD, A_EDIT, A_DATA, A_ERASE };

static const struct {
	int key;
	const char *label; /* msgid */
	enum desk_action action;
} actions[] = {
	{ 'n', N_("Register a new member"), A_NEW },
	{ 'p', N_("Set or reset the PIN"), A_PIN },
	{ 'u', N_("Unlock a locked card"), A_UNLOCK },
	{ 'c', N_("Replace a lost card"), A_CARD },
	{ 'e', N_("Correct the name or phone"), A_EDIT },
	{ 'i', N_("Personal data"), A_DATA },
	{ 'x', N_("Erase personal data (manager)"), A_ERASE },
};
#define ACTION_COUNT ((int)(sizeof actions / sizeof actions[0]))

static const struct bar_item form_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("OK") },
	{ REQ_UP, REQ_DOWN, N_("Field") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item data_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Scroll") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item erase_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Keep") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
desk_bar_now(struct kiosk *k, void *state)
{
	const struct desk_screen *s = state;

	(void)k;
	switch (s->step) {
	case DESK_MENU:
		return counter_menu_bar;
	case DESK_DATA:
		return data_bar;
	case DESK_ERASE:
		return erase_bar;
	default:
		return form_bar;
	}
}

static void
desk_enter(struct kiosk *k, void *state, const void *arg)
{
	struct desk_screen *s = state;

	(void)k;
	(void)arg;
	counter_form_digits(&s->form, F_CARD, N_("Card"), FORM_DIGITS, PARSE_CARD_MAX);
	counter_form_text(&s->form, F_NAME, N_("Name"), TEXT_NAME, 64, 32);
	counter_form_text(&s->form, F_PHONE, N_("Phone"), TEXT_PHONE, 20, 20);
	counter_form_text(&s->form, F_BIRTHDAY, N_("Birthday"), TEXT_DATE, 10, 10);
	counter_form_digits(&s->form, F_PIN1, N_("PIN"), FORM_PIN, PIN_MAX);
	counter_form_digits(&s->form, F_PIN2, N_("PIN again"), FORM_PIN, PIN_MAX);
}

static void
desk_leave(struct kiosk *k, void *state)
{
	struct desk_screen *s = state;

	(void)k;
	explicit_bzero(s, sizeof *s); /* PINs, a phone, personal data */
}

/* Back to the list, nothing typed kept. */
static int
to_menu(struct desk_screen *s)
{
	counter_form_clear(&s->form);
	explicit_bzero(s->data, sizeof s->data);
	s->data_count = s->data_first = s->show_phone = 0;
	s->step = DESK_MENU;
	return R_HANDLED | R_REDRAW;
}

/* ---- drawing ---- */

/* Which fields a step has, first to last. */
static int
step_fields(enum desk_step step, enum desk_field *first, enum desk_field *last)
{
	switch (step) {
	case DESK_REGISTER:
		*first = F_CARD, *last = F_PIN2;
		return 1;
	case DESK_PIN:
		*first = F_PIN1, *last = F_PIN2;
		return 1;
	case DESK_CARD:
		*first = *last = F_CARD;
		return 1;
	case DESK_EDIT:
		*first = F_NAME, *last = F_PHONE;
		return 1;
	default:
		return 0;
	}
}

/* A step of fields, the cursor on the first. */
static void
open_step(struct desk_screen *s, enum desk_step step)
{
	enum desk_field first, last;

	s->step = step;
	if (step_fields(step, &first, &last))
		counter_form_span(&s->form, (int)first, (int)last);
}

static const char *
step_heading(enum desk_step step)
{
	switch (step) {
	case DESK_REGISTER:
		return _("Register a new member");
	case DESK_PIN:
		return _("Set or reset the PIN");
	case DESK_CARD:
		return _("Replace a lost card: the new card");
	case DESK_EDIT:
		return _("Correct the name or phone");
	default:
		return "";
	}
}

static const char *
step_hint(enum desk_step step)
{
	switch (step) {
	case DESK_REGISTER:
		return _("Scan the new card or type it. The member types the PIN twice on the keypad. "
			 "Phone and birthday (YYYY-MM-DD) may stay empty.");
	case DESK_PIN:
		return _("The member types the new PIN (4 to 6 digits) twice. The old PIN stops at once.");
	case DESK_CARD:
		return _("Scan the new card or type it: the old card stops working for good.");
	case DESK_EDIT:
		return _("Correct the name or the phone; an empty phone removes it.");
	default:
		return "";
	}
}

static void
draw_form(struct kiosk *k, struct desk_screen *s, int y)
{
	enum desk_field first, last;
	int gap = k->rows >= 40 ? 2 : 1, hint_w = k->cols - 6;
	int keypad_x = k->cols - KEYPAD_W - 4;

	if (!step_fields(s->step, &first, &last))
		return;
	/* The member types a PIN on the keypad, where it fits beside the fields. */
	if (s->step == DESK_PIN || (s->step == DESK_REGISTER && k->cols >= 100)) {
		widget_keypad(y + 2, keypad_x);
		hint_w = keypad_x - 6;
	}
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, step_heading(s->step));
	y = counter_form_draw(&s->form, y + 2, gap, 1);
	draw_wrap(y + 1, 3, hint_w, k->bottom - y - 1, STYLE_DIM, step_hint(s->step));
}

static void
draw_menu(struct kiosk *k, struct desk_screen *s, int y)
{
	int x = 3, width = k->cols - 6;

	if (k->cols >= 120)
		x = k->cols / 3, width = k->cols / 3;
	draw_text(y, x, width, STYLE_HEADING, _("Member desk"));
	y += 2;
	for (int i = 0; i < ACTION_COUNT; i++, y += k->rows >= 40 ? 2 : 1) {
		/* The actions for the member on the panel wait for one. */
		int usable = actions[i].action == A_NEW || k->counter.present;

		widget_menu_entry(y, x, width, i == s->choice, usable ? STYLE_NORMAL : STYLE_DIM,
				  actions[i].key, _(actions[i].label), i);
	}
	if (!k->counter.present)
		draw_wrap(y + 1, x, width, k->bottom - y - 1, STYLE_DIM,
			  _("The other actions are for the member at the counter: scan their card."));
}

static void
draw_data(struct kiosk *k, struct desk_screen *s, int y)
{
	int rows = k->bottom - y - 1, label_w = 0;

	for (int i = 0; i < s->data_count; i++) {
		char *tab = strchr(s->data[i], '\t');
		int w;

		*tab = '\0';
		w = draw_width(s->data[i]);
		*tab = '\t';
		if (w > label_w)
			label_w = w;
	}
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Personal data"));
	y += 2;
	for (int i = s->data_first; i < s->data_count && rows > 0; i++, y++, rows--) {
		char *tab = strchr(s->data[i], '\t');

		*tab = '\0';
		draw_text(y, 3, label_w, STYLE_DIM, s->data[i]);
		*tab = '\t';
		draw_text(y, 3 + label_w + 2, k->cols - label_w - 8, STYLE_NORMAL, tab + 1);
	}
}

static void
draw_erase(struct kiosk *k, int y)
{
	char line[KIOSK_MESSAGE_SIZE];
	int w = k->cols - 6;

	snprintf(line, sizeof line, _("Erase the personal data of %s, card %s, at their request?"),
		 k->counter.m.name, k->counter.m.card);
	y += draw_wrap(y, 3, w, 2, STYLE_HEADING, line) + 1;
	y += draw_wrap(y, 3, w, 3, STYLE_ERROR,
		       _("Removed for good: the name (it becomes \"(erased)\"), the phone, the "
			 "birthday and the PIN.")) + 1;
	y += draw_wrap(y, 3, w, 3, STYLE_NORMAL,
		       _("Kept: the card, the accounts and their points, the history, vouchers, "
			 "card changes and family membership (the store's books).")) + 1;
	draw_wrap(y, 3, w, 2, STYLE_DIM, _("Enter erases; Esc keeps everything."));
}

static void
desk_draw(struct kiosk *k, void *state)
{
	struct desk_screen *s = state;
	int y = counter_panel_draw(k);

	switch (s->step) {
	case DESK_MENU:
		draw_menu(k, s, y);
		break;
	case DESK_DATA:
		draw_data(k, s, y);
		break;
	case DESK_ERASE:
		draw_erase(k, y);
		break;
	default:
		draw_form(k, s, y);
		break;
	}
}

/* ---- personal data ---- */

static void
format_time(int64_t t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == 0) {
		snprintf(out, size, "-");
		return;
	}
	localtime_r(&tt, &tm);
	strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}

static void
add_line(struct desk_screen *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add_line(struct desk_screen *s, const char *fmt, ...)
{
	va_list ap;

	if (s->data_count >= DATA_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(s->data[s->data_count++], DATA_LINE_SIZE, fmt, ap);
	va_end(ap);
}

/* A line of two columns: label, a tab, the value (draw_data()). */
static void
add_pair(struct desk_screen *s, const char *label, const char *value)
{
	add_line(s, "%s\t%s", label, value);
}

static int
add_card_change(const struct member_card_change *c, void *ctx)
{
	char when[32];

	format_time(c->at, when, sizeof when);
	add_line(ctx, "\t%s  %s -> %s  %s  %s", when, c->old_card, c->new_card, c->actor,
		 c->terminal);
	return 0;
}

static int
add_event(const struct member_event *ev, void *ctx)
{
	char when[32];

	format_time(ev->at, when, sizeof when);
	add_line(ctx, "\t%s  %s%s%s%s  %s  %s", when, ev->action, ev->detail[0] ? " (" : "",
		 ev->detail, ev->detail[0] ? ")" : "", ev->actor, ev->terminal);
	return 0;
}

/* "when  by  at" of a change, "-" if it never happened. */
static void
add_stamp(struct desk_screen *s, const char *label, int64_t at, const char *by,
	  const char *terminal)
{
	char when[32], line[DATA_LINE_SIZE];

	format_time(at, when, sizeof when);
	snprintf(line, sizeof line, "%s  %s  %s", when, by, terminal);
	add_pair(s, label, at ? line : "-");
}

/* Everything member_show holds, as lines; the phone masked unless the
 * cashier pressed the key that shows it. */
static enum jf_status
load_data(struct kiosk *k, struct desk_screen *s)
{
	const struct member *m = &k->counter.m;
	char phone[64], when[32];
	int before;
	enum jf_status st;

	explicit_bzero(s->data, sizeof s->data);
	s->data_count = 0;
	if (!m->phone[0])
		snprintf(phone, sizeof phone, "-");
	else if (s->show_phone)
		snprintf(phone, sizeof phone, "%s", m->phone);
	else {
		member_mask_phone(m->phone, phone, 32);
		snprintf(phone + strlen(phone), sizeof phone - strlen(phone), "   %s",
			 _("(p shows it)"));
	}
	add_pair(s, _("Name"), m->name);
	add_pair(s, _("Card"), m->card);
	add_pair(s, _("Phone"), phone);
	add_pair(s, _("Birthday"), m->birthday[0] ? m->birthday : "-");
	add_pair(s, _("Family"), m->family[0] ? m->family : "-");
	add_stamp(s, _("Member since"), m->created_at, m->created_by, m->created_terminal);
	if (m->has_pin)
		add_stamp(s, _("PIN set"), m->pin_set_at, m->pin_set_by, m->pin_set_terminal);
	else
		add_pair(s, _("PIN set"), _("no PIN"));
	if (m->locked_until > clock_now()) {
		format_time(m->locked_until, when, sizeof when);
		add_pair(s, _("Locked until"), when);
	}
	if (m->erased_at)
		add_stamp(s, _("Erased"), m->erased_at, m->erased_by, m->erased_terminal);
	add_pair(s, _("Card changes"), "");
	before = s->data_count;
	if ((st = member_card_changes(k->lg, m->card, add_card_change, s, &k->err)) != JF_OK)
		return st;
	if (s->data_count == before)
		add_pair(s, "", _("none"));
	add_pair(s, _("Desk records"), "");
	before = s->data_count;
	if ((st = member_events(k->lg, m->card, add_event, s, &k->err)) != JF_OK)
		return st;
	if (s->data_count == before)
		add_pair(s, "", _("none"));
	return JF_OK;
}

/* ---- the actions ---- */

/* The two PINs: one PIN of 4 to 6 digits typed the same twice. 1 if so;
 * else said, both wiped and the first has the cursor. */
static int
pins_match(struct kiosk *k, struct desk_screen *s)
{
	const char *why = NULL;

	if (PIN1(s)->spoiled || parse_pin(PIN1(s)->text, NULL) != JF_OK)
		why = _("A PIN is 4 to 6 digits. The member types it again, twice.");
	else if (PIN2(s)->spoiled || strcmp(PIN1(s)->text, PIN2(s)->text) != 0)
		why = _("The two PINs differ. The member types the PIN again, twice.");
	if (why == NULL)
		return 1;
	kiosk_say(k, STYLE_ERROR, "%s", why);
	digit_field_clear(PIN1(s));
	digit_field_clear(PIN2(s));
	s->form.focus = F_PIN1;
	return 0;
}

/* Say what is wrong with a field, and put the cursor there. */
static int
bad_field(struct kiosk *k, struct desk_screen *s, enum desk_field f, const char *why)
{
	kiosk_say(k, STYLE_ERROR, "%s", why);
	s->form.focus = f;
	return 0;
}

static int
card_ok(struct kiosk *k, struct desk_screen *s)
{
	if (CARD(s)->spoiled || parse_card(CARD(s)->text, k->cfg->card_check, NULL) != JF_OK)
		return bad_field(k, s, F_CARD,
				 _("That is not a member card number. Scan the card again or type its number."));
	return 1;
}

static int
name_phone_ok(struct kiosk *k, struct desk_screen *s)
{
	if (NAME(s)->spoiled || parse_name("name", NAME(s)->text, NULL) != JF_OK)
		return bad_field(k, s, F_NAME, _("Type the member's name: 1 to 64 characters."));
	if (PHONE(s)->spoiled || (PHONE(s)->len > 0 && parse_phone(PHONE(s)->text, NULL) != JF_OK))
		return bad_field(k, s, F_PHONE,
				 _("That is not a phone number: digits, +, - and spaces, 3 to 20 of them."));
	return 1;
}

static int
do_register(struct kiosk *k, struct desk_screen *s)
{
	struct member_new m = { CARD(s)->text, NAME(s)->text, NULL, NULL, PIN1(s)->text };
	enum jf_status st;

	if (!card_ok(k, s) || !name_phone_ok(k, s))
		return R_HANDLED | R_REDRAW;
	if (BIRTHDAY(s)->spoiled ||
	    (BIRTHDAY(s)->len > 0 && parse_date(BIRTHDAY(s)->text, NULL) != JF_OK)) {
		bad_field(k, s, F_BIRTHDAY, _("A birthday is a date: YYYY-MM-DD, or nothing."));
		return R_HANDLED | R_REDRAW;
	}
	if (!pins_match(k, s))
		return R_HANDLED | R_REDRAW;
	m.phone = PHONE(s)->len ? PHONE(s)->text : NULL;
	m.birthday = BIRTHDAY(s)->len ? BIRTHDAY(s)->text : NULL;
	st = member_add(k->lg, &m, &k->err);
	digit_field_clear(PIN1(s));
	digit_field_clear(PIN2(s));
	if (st == JF_USAGE) { /* all but the date's range was checked above */
		bad_field(k, s, F_BIRTHDAY, _("The birthday cannot be in the future."));
		return R_HANDLED | R_REDRAW;
	}
	if (st != JF_OK) {
		s->form.focus = F_CARD;
		return counter_refused(k, "member_add");
	}
	if (counter_member_load(k, CARD(s)->text) != JF_OK)
		return kiosk_fail(k, "counter_member_load");
	kiosk_say(k, STYLE_OK, _("%s is a member now, and at the counter."), k->counter.m.name);
	return to_menu(s);
}

static int
do_set_pin(struct kiosk *k, struct desk_screen *s)
{
	enum jf_status st;

	if (!pins_match(k, s))
		return R_HANDLED | R_REDRAW;
	st = member_set_pin(k->lg, k->counter.m.card, PIN1(s)->text, &k->err);
	digit_field_clear(PIN1(s));
	digit_field_clear(PIN2(s));
	if (st != JF_OK)
		return counter_refused(k, "member_set_pin");
	if (counter_member_load(k, k->counter.m.card) != JF_OK)
		return kiosk_fail(k, "counter_member_load");
	kiosk_say(k, STYLE_OK, "%s", _("The new PIN is set: only it works from now on."));
	return to_menu(s);
}

static int
do_unlock(struct kiosk *k, struct desk_screen *s)
{
	int was_locked = k->counter.m.locked_until > clock_now();

	if (member_unlock(k->lg, k->counter.m.card, &k->err) != JF_OK)
		return counter_refused(k, "member_unlock");
	if (counter_member_load(k, k->counter.m.card) != JF_OK)
		return kiosk_fail(k, "counter_member_load");
	kiosk_say(k, STYLE_OK, "%s",
		  was_locked ? _("The card is unlocked: the member can type the PIN again.")
			     : _("The card was not locked; its count of wrong PINs is cleared."));
	return to_menu(s);
}

static int
do_change_card(struct kiosk *k, struct desk_screen *s)
{
	struct member m;
	char old[MEMBER_CARD_SIZE];

	if (!card_ok(k, s))
		return R_HANDLED | R_REDRAW;
	snprintf(old, sizeof old, "%s", k->counter.m.card);
	if (member_change_card(k->lg, old, CARD(s)->text, &m, &k->err) != JF_OK) {
		digit_field_clear(CARD(s));
		return counter_refused(k, "member_change_card");
	}
	explicit_bzero(&m, sizeof m);
	if (counter_member_load(k, CARD(s)->text) != JF_OK)
		return kiosk_fail(k, "counter_member_load");
	kiosk_say(k, STYLE_OK, _("Card %s replaces %s, which no longer works."), k->counter.m.card,
		  old);
	return to_menu(s);
}

static int
do_edit(struct kiosk *k, struct desk_screen *s)
{
	struct member_edit e = { NULL, NULL, NULL };
	const struct member *m = &k->counter.m;

	if (!name_phone_ok(k, s))
		return R_HANDLED | R_REDRAW;
	if (strcmp(NAME(s)->text, m->name) != 0)
		e.name = NAME(s)->text;
	if (strcmp(PHONE(s)->text, m->phone) != 0)
		e.phone = PHONE(s)->text;
	if (e.name == NULL && e.phone == NULL) {
		kiosk_say(k, STYLE_WARN, "%s", _("Nothing was changed."));
		return to_menu(s);
	}
	if (member_edit(k->lg, m->card, &e, NULL, &k->err) != JF_OK)
		return counter_refused(k, "member_edit");
	if (counter_member_load(k, m->card) != JF_OK)
		return kiosk_fail(k, "counter_member_load");
	kiosk_say(k, STYLE_OK, "%s", _("The member's details are corrected."));
	return to_menu(s);
}

static int
do_erase(struct kiosk *k, struct desk_screen *s)
{
	if (member_erase(k->lg, k->counter.m.card, &k->err) != JF_OK) {
		to_menu(s);
		return counter_refused(k, "member_erase");
	}
	if (counter_member_load(k, k->counter.m.card) != JF_OK)
		return kiosk_fail(k, "counter_member_load");
	kiosk_say(k, STYLE_OK, "%s",
		  _("The personal data is erased. The card, points and history stay."));
	return to_menu(s);
}

/* The config's name of what an action does ([staff] manager_only), as
 * the command line's member commands name it; -1: none (member add). */
static int
staff_action_of(enum desk_action a)
{
	switch (a) {
	case A_PIN:
	case A_UNLOCK:
	case A_EDIT:
		return ACTION_MEMBER_DESK;
	case A_CARD:
		return ACTION_MEMBER_CARD;
	case A_ERASE:
		return ACTION_MEMBER_ERASE;
	default:
		return -1;
	}
}

static int
open_action(struct kiosk *k, struct desk_screen *s, int i)
{
	int may, what;

	if (i < 0 || i >= ACTION_COUNT)
		return R_HANDLED;
	s->choice = i;
	counter_form_clear(&s->form);
	if (actions[i].action != A_NEW && !k->counter.present) {
		kiosk_say(k, STYLE_WARN, "%s",
			  _("First bring the member to the counter: scan their card."));
		return R_HANDLED | R_REDRAW;
	}
	/* A cashier asking for a manager's action is refused before it opens. */
	if ((what = staff_action_of(actions[i].action)) >= 0) {
		if ((may = counter_staff_may(k, (enum staff_action)what)) < 0)
			return kiosk_fail(k, "staff_may");
		if (!may)
			return R_HANDLED | R_REDRAW;
	}
	switch (actions[i].action) {
	case A_NEW:
		open_step(s, DESK_REGISTER);
		break;
	case A_PIN:
		open_step(s, DESK_PIN);
		break;
	case A_UNLOCK:
		return do_unlock(k, s);
	case A_CARD:
		open_step(s, DESK_CARD);
		break;
	case A_EDIT:
		open_step(s, DESK_EDIT);
		text_field_set(NAME(s), k->counter.m.name);
		text_field_set(PHONE(s), k->counter.m.phone);
		break;
	case A_DATA:
		s->step = DESK_DATA;
		if (load_data(k, s) != JF_OK)
			return kiosk_fail(k, "load_data");
		break;
	case A_ERASE:
		s->step = DESK_ERASE;
		break;
	}
	return R_HANDLED | R_REDRAW;
}

/* ---- keys ---- */

static int
handle_menu(struct kiosk *k, struct desk_screen *s, struct req r)
{
	int open;

	if (menu_key(r, &s->choice, ACTION_COUNT, &open))
		return open < 0 ? R_HANDLED | R_REDRAW : open_action(k, s, open);
	switch (r.id) {
	case REQ_CHAR:
		for (int i = 0; i < ACTION_COUNT; i++)
			if (r.arg == actions[i].key || r.arg == actions[i].key - 'a' + 'A')
				return open_action(k, s, i);
		kiosk_say(k, STYLE_WARN, "%s", _("That key does nothing here. Choose from the list."));
		return R_HANDLED | R_REDRAW;
	case REQ_SCAN:
		return counter_scan(k);
	default:
		return R_UNHANDLED;
	}
}

static int
submit(struct kiosk *k, struct desk_screen *s)
{
	switch (s->step) {
	case DESK_REGISTER:
		return do_register(k, s);
	case DESK_PIN:
		return do_set_pin(k, s);
	case DESK_CARD:
		return do_change_card(k, s);
	case DESK_EDIT:
		return do_edit(k, s);
	default:
		return R_HANDLED;
	}
}

/* A scan on a form: a card for its card field (the new card); anything
 * else as on every counter screen. */
static int
form_scan(struct kiosk *k, struct desk_screen *s)
{
	if (s->form.first != F_CARD || counter_is_voucher(k, k->scan))
		return counter_scan(k);
	digit_field_scan(CARD(s), k->scan);
	s->form.focus = F_CARD;
	if (s->step == DESK_CARD)
		return submit(k, s);
	if (!card_ok(k, s)) /* said; Backspace starts it again */
		return R_HANDLED | R_REDRAW;
	s->form.focus = F_NAME; /* the card is in: on to the name */
	return R_HANDLED | R_REDRAW;
}

static int
handle_form(struct kiosk *k, struct desk_screen *s, struct req r)
{
	switch (r.id) {
	case REQ_ENTER: /* the next field, from the last the action */
		return counter_form_next(&s->form) ? R_HANDLED | R_REDRAW : submit(k, s);
	case REQ_SCAN:
		return form_scan(k, s);
	case REQ_BACK:
		return to_menu(s);
	default:
		return counter_form_handle(k, &s->form, r);
	}
}

static int
handle_data(struct kiosk *k, struct desk_screen *s, struct req r)
{
	switch (r.id) {
	case REQ_UP:
		if (s->data_first > 0)
			s->data_first--;
		return R_HANDLED | R_REDRAW;
	case REQ_DOWN:
		if (s->data_first + 1 < s->data_count)
			s->data_first++;
		return R_HANDLED | R_REDRAW;
	case REQ_CHAR:
		if (r.arg == 'p' || r.arg == 'P') {
			s->show_phone = !s->show_phone;
			if (load_data(k, s) != JF_OK)
				return kiosk_fail(k, "load_data");
		}
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		return to_menu(s);
	case REQ_SCAN:
		to_menu(s);
		return counter_scan(k);
	default:
		return R_UNHANDLED;
	}
}

static int
desk_handle(struct kiosk *k, void *state, struct req r)
{
	struct desk_screen *s = state;

	switch (s->step) {
	case DESK_MENU:
		return handle_menu(k, s, r);
	case DESK_DATA:
		return handle_data(k, s, r);
	case DESK_ERASE:
		if (r.id == REQ_ENTER)
			return do_erase(k, s);
		if (r.id == REQ_BACK) {
			kiosk_say(k, STYLE_OK, "%s", _("Nothing was erased."));
			return to_menu(s);
		}
		return R_HANDLED;
	default:
		return handle_form(k, s, r);
	}
}

const struct screen_ops screen_counter_desk = {
	.name = "counter-desk",
	.state_size = sizeof(struct desk_screen),
	.enter = desk_enter,
	.draw = desk_draw,
	.handle = desk_handle,
	.leave = desk_leave,
	.bar = counter_menu_bar,
	.bar_now = desk_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
