/*
 * screen_counter_member: bringing a member to the counter by the card
 * number typed (or scanned: the same), or by the phone as it was entered
 * (member_find_phone()), or by a part of the name (member_find_name());
 * several members found make a list to choose from. Tab (or the arrows)
 * goes from card to phone to name. The member found goes on the panel and
 * the screen closes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counter.h"
#include "counter_form.h"
#include "parse.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

#define MATCHES_MAX 20 /* more members on one phone than this: the first by card */

enum member_field { F_CARD, F_PHONE, F_NAME };

struct counter_member {
	struct counter_form form;
	int listing; /* choosing among matches */
	struct member *matches; /* MATCHES_MAX of them, while listing */
	int count, selected;
};

#define CARD(s) (&(s)->form.field[F_CARD].digits)
#define PHONE(s) (&(s)->form.field[F_PHONE].text)
#define NAME(s) (&(s)->form.field[F_NAME].text)

static const struct bar_item entry_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Find") },
	{ REQ_UP, REQ_DOWN, N_("Card, phone or name") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item list_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("This member") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
member_bar_now(struct kiosk *k, void *state)
{
	const struct counter_member *s = state;

	(void)k;
	return s->listing ? list_bar : entry_bar;
}

static void
member_enter(struct kiosk *k, void *state, const void *arg)
{
	struct counter_member *s = state;

	(void)k;
	(void)arg;
	counter_form_digits(&s->form, F_CARD, N_("Card"), FORM_DIGITS, PARSE_CARD_MAX);
	counter_form_text(&s->form, F_PHONE, N_("Phone"), TEXT_PHONE, 20, 20);
	counter_form_text(&s->form, F_NAME, N_("Name"), TEXT_NAME, 32, 32);
}

static void
end_listing(struct counter_member *s)
{
	if (s->matches) {
		explicit_bzero(s->matches, sizeof *s->matches * MATCHES_MAX);
		free(s->matches);
	}
	s->matches = NULL;
	s->listing = 0;
	s->count = s->selected = 0;
}

static void
member_leave(struct kiosk *k, void *state)
{
	struct counter_member *s = state;

	(void)k;
	end_listing(s);
	counter_form_clear(&s->form);
}

static void
draw_list(struct kiosk *k, struct counter_member *s, int y)
{
	char line[MEMBER_NAME_SIZE + 80], phone[32];
	int rows = k->bottom - y - 1, first = s->selected >= rows ? s->selected - rows + 1 : 0;

	if (s->form.focus == F_NAME)
		snprintf(line, sizeof line,
			 ngettext("%d member has this name. Choose one:",
				  "%d members have this name. Choose one:", (unsigned long)s->count),
			 s->count);
	else
		snprintf(line, sizeof line,
			 ngettext("%d member has this phone. Choose one:",
				  "%d members have this phone. Choose one:", (unsigned long)s->count),
			 s->count);
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, line);
	y += 2;
	for (int i = first; i < s->count && y <= k->bottom; i++, y++) {
		int on = i == s->selected;

		member_mask_phone(s->matches[i].phone, phone, sizeof phone);
		snprintf(line, sizeof line, "%c %-19s  %-14s  %s", on ? '>' : ' ',
			 s->matches[i].card, phone, s->matches[i].name);
		if (on)
			draw_fill(y, 3, k->cols - 6, STYLE_SELECTED);
		draw_text(y, 3, k->cols - 6, on ? STYLE_SELECTED : STYLE_NORMAL, line);
		draw_hit(y, 3, k->cols - 6, (struct req){ REQ_PICK, i });
	}
}

static void
member_draw(struct kiosk *k, void *state)
{
	struct counter_member *s = state;
	int y = counter_panel_draw(k);

	if (s->listing) {
		draw_list(k, s, y);
		return;
	}
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Find a member"));
	y = counter_form_draw(&s->form, y + 2, 2, 1);
	draw_wrap(y, 3, k->cols - 6, 3, STYLE_DIM,
		  s->form.focus == F_NAME    ? _("Type a part of the member's name and press Enter.")
		  : s->form.focus == F_PHONE ? _("Type the phone as the member gave it (138-0013-8001) and press Enter.")
					     : _("Scan the member card, or type its number and press Enter."));
}

/* The member on the panel, and back to where the cashier was. */
static int
take(struct kiosk *k, const char *card)
{
	enum jf_status st = counter_member_load(k, card);

	if (st == JF_OK) {
		kiosk_say(k, STYLE_OK, _("%s is at the counter."), k->counter.m.name);
		return kiosk_pop(k, 0);
	}
	if (st == JF_USAGE) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("That is not a member card number. Scan the card again or type its number."));
		return R_HANDLED | R_REDRAW;
	}
	if ((st == JF_NOTFOUND || st == JF_AUTH) && counter_say_refusal(k))
		return R_HANDLED | R_REDRAW;
	return kiosk_fail(k, "counter_member_load");
}

static int
keep_match(const struct member *m, void *ctx)
{
	struct counter_member *s = ctx;

	if (s->count < MATCHES_MAX)
		s->matches[s->count] = *m;
	s->count++;
	return 0;
}

/* The matches found: none said, one taken, several listed. */
static int
matches_found(struct kiosk *k, struct counter_member *s)
{
	if (s->count > MATCHES_MAX)
		s->count = MATCHES_MAX;
	if (s->count == 0) {
		end_listing(s);
		if (s->form.focus == F_NAME)
			kiosk_say(k, STYLE_ERROR, _("No member's name holds %s."), NAME(s)->text);
		else
			kiosk_say(k, STYLE_ERROR, _("No member has the phone %s."), PHONE(s)->text);
		return R_HANDLED | R_REDRAW;
	}
	if (s->count == 1) {
		char card[MEMBER_CARD_SIZE];

		snprintf(card, sizeof card, "%s", s->matches[0].card);
		end_listing(s);
		return take(k, card);
	}
	s->listing = 1;
	return R_HANDLED | R_REDRAW;
}

static int
find_phone(struct kiosk *k, struct counter_member *s)
{
	enum jf_status st;

	if (PHONE(s)->spoiled || parse_phone(PHONE(s)->text, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("That is not a phone number: digits, +, - and spaces, 3 to 20 of them."));
		return R_HANDLED | R_REDRAW;
	}
	end_listing(s);
	s->matches = calloc(MATCHES_MAX, sizeof *s->matches);
	if (s->matches == NULL) {
		jf_fail(&k->err, JF_ERR, "out of memory");
		return kiosk_fail(k, "find_phone");
	}
	st = member_find_phone(k->lg, PHONE(s)->text, keep_match, s, &k->err);
	if (st != JF_OK) {
		end_listing(s);
		return kiosk_fail(k, "member_find_phone");
	}
	return matches_found(k, s);
}

static int
find_name(struct kiosk *k, struct counter_member *s)
{
	if (NAME(s)->spoiled || parse_name("name", NAME(s)->text, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type a part of the member's name."));
		return R_HANDLED | R_REDRAW;
	}
	end_listing(s);
	s->matches = calloc(MATCHES_MAX, sizeof *s->matches);
	if (s->matches == NULL) {
		jf_fail(&k->err, JF_ERR, "out of memory");
		return kiosk_fail(k, "find_name");
	}
	if (member_find_name(k->lg, NAME(s)->text, keep_match, s, &k->err) != JF_OK) {
		end_listing(s);
		return kiosk_fail(k, "member_find_name");
	}
	return matches_found(k, s);
}

static int
pick(struct kiosk *k, struct counter_member *s, int i)
{
	char card[MEMBER_CARD_SIZE];

	if (i < 0 || i >= s->count)
		return R_HANDLED;
	snprintf(card, sizeof card, "%s", s->matches[i].card);
	end_listing(s);
	return take(k, card);
}

static int
handle_list(struct kiosk *k, struct counter_member *s, struct req r)
{
	int open;

	if (list_key(r, &s->selected, s->count, &open))
		return open < 0 ? R_HANDLED | R_REDRAW : pick(k, s, open);
	switch (r.id) {
	case REQ_BACK:
		end_listing(s);
		return R_HANDLED | R_REDRAW;
	case REQ_SCAN:
		end_listing(s);
		return counter_scan(k);
	default:
		return R_HANDLED; /* keys of the form wait until the list is gone */
	}
}

/* Enter: find by the field with the cursor. */
static int
find(struct kiosk *k, struct counter_member *s)
{
	if (s->form.focus == F_NAME)
		return find_name(k, s);
	if (s->form.focus == F_PHONE)
		return find_phone(k, s);
	if (CARD(s)->spoiled || CARD(s)->len == 0) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("That is not a member card number. Scan the card again or type its number."));
		digit_field_clear(CARD(s));
		return R_HANDLED | R_REDRAW;
	}
	return take(k, CARD(s)->text);
}

static int
member_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_member *s = state;

	if (s->listing)
		return handle_list(k, s, r);
	switch (r.id) {
	case REQ_LEFT: /* card and phone side by side, as they once were */
	case REQ_RIGHT:
		s->form.focus = r.id == REQ_RIGHT ? F_PHONE : F_CARD;
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		return find(k, s);
	case REQ_SCAN:
		if (counter_is_voucher(k, k->scan))
			return counter_scan(k);
		return take(k, k->scan);
	case REQ_BACK:
		return counter_form_back(k, &s->form);
	default:
		return counter_form_handle(k, &s->form, r);
	}
}

const struct screen_ops screen_counter_member = {
	.name = "counter-member",
	.state_size = sizeof(struct counter_member),
	.enter = member_enter,
	.draw = member_draw,
	.handle = member_handle,
	.leave = member_leave,
	.bar = entry_bar,
	.bar_now = member_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
