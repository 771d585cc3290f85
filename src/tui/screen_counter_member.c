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
#include "parse.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

#define PICK_NAME -1 /* a touch on the name's field */
#define MATCHES_MAX 20 /* more members on one phone than this: the first by card */

struct counter_member {
	int by_phone;
	int by_name; /* the name's field, below the phone's */
	struct digit_field card;
	struct text_field phone, name;
	int listing; /* choosing among matches */
	struct member *matches; /* MATCHES_MAX of them, while listing */
	int count, selected;
};

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
	digit_field_init(&s->card, PARSE_CARD_MAX);
	text_field_init(&s->phone, TEXT_PHONE, 20);
	text_field_init(&s->name, TEXT_NAME, 32);
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
	digit_field_clear(&s->card);
	text_field_clear(&s->phone);
	text_field_clear(&s->name);
}

static void
draw_list(struct kiosk *k, struct counter_member *s, int y)
{
	char line[MEMBER_NAME_SIZE + 80], phone[32];
	int rows = k->bottom - y - 1, first = s->selected >= rows ? s->selected - rows + 1 : 0;

	if (s->by_name)
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
	const char *card_l = _("Card"), *phone_l = _("Phone"), *name_l = _("Name");
	int y = counter_panel_draw(k), label_w;

	if (s->listing) {
		draw_list(k, s, y);
		return;
	}
	label_w = draw_width(card_l) > draw_width(phone_l) ? draw_width(card_l) : draw_width(phone_l);
	if (draw_width(name_l) > label_w)
		label_w = draw_width(name_l);
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Find a member"));
	y += 2;
	widget_field(y, 3, label_w + 2, card_l, s->card.spoiled ? "???" : s->card.text,
		     PARSE_CARD_MAX, !s->by_phone && !s->by_name);
	draw_hit(y, 3, k->cols - 6, (struct req){ REQ_LEFT, 0 });
	widget_field(y + 2, 3, label_w + 2, phone_l, text_field_shown(&s->phone), 20, s->by_phone);
	draw_hit(y + 2, 3, k->cols - 6, (struct req){ REQ_RIGHT, 0 });
	widget_field(y + 4, 3, label_w + 2, name_l, text_field_shown(&s->name), 32, s->by_name);
	draw_hit(y + 4, 3, k->cols - 6, (struct req){ REQ_PICK, PICK_NAME });
	draw_wrap(y + 6, 3, k->cols - 6, 3, STYLE_DIM,
		  s->by_name    ? _("Type a part of the member's name and press Enter.")
		  : s->by_phone ? _("Type the phone as the member gave it (138-0013-8001) and press Enter.")
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
		if (s->by_name)
			kiosk_say(k, STYLE_ERROR, _("No member's name holds %s."), s->name.text);
		else
			kiosk_say(k, STYLE_ERROR, _("No member has the phone %s."), s->phone.text);
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

	if (s->phone.spoiled || parse_phone(s->phone.text, NULL) != JF_OK) {
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
	st = member_find_phone(k->lg, s->phone.text, keep_match, s, &k->err);
	if (st != JF_OK) {
		end_listing(s);
		return kiosk_fail(k, "member_find_phone");
	}
	return matches_found(k, s);
}

static int
find_name(struct kiosk *k, struct counter_member *s)
{
	if (s->name.spoiled || parse_name("name", s->name.text, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type a part of the member's name."));
		return R_HANDLED | R_REDRAW;
	}
	end_listing(s);
	s->matches = calloc(MATCHES_MAX, sizeof *s->matches);
	if (s->matches == NULL) {
		jf_fail(&k->err, JF_ERR, "out of memory");
		return kiosk_fail(k, "find_name");
	}
	if (member_find_name(k->lg, s->name.text, keep_match, s, &k->err) != JF_OK) {
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
	switch (r.id) {
	case REQ_UP:
		if (s->selected > 0)
			s->selected--;
		return R_HANDLED | R_REDRAW;
	case REQ_DOWN:
		if (s->selected + 1 < s->count)
			s->selected++;
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		return pick(k, s, s->selected);
	case REQ_PICK:
		return pick(k, s, r.arg);
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

/* The field with the cursor: 0 the card, 1 the phone, 2 the name (kept
 * within them). */
static void
focus(struct counter_member *s, int field)
{
	field = field < 0 ? 0 : field > 2 ? 2 : field;
	s->by_phone = field == 1;
	s->by_name = field == 2;
}

static int
member_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_member *s = state;

	if (s->listing)
		return handle_list(k, s, r);
	switch (r.id) {
	case REQ_CHAR:
		if (r.arg == '\t') { /* card, phone, name, and round again */
			focus(s, s->by_name ? 0 : s->by_phone ? 2 : 1);
			return R_HANDLED | R_REDRAW;
		}
		if (s->by_name)
			text_field_type(&s->name, r.arg);
		else if (s->by_phone)
			text_field_type(&s->phone, r.arg);
		else
			digit_field_type(&s->card, r.arg);
		return R_HANDLED | R_REDRAW;
	case REQ_LEFT:
	case REQ_RIGHT:
		focus(s, r.id == REQ_RIGHT);
		return R_HANDLED | R_REDRAW;
	case REQ_UP:
	case REQ_DOWN:
		focus(s, (s->by_name ? 2 : s->by_phone) + (r.id == REQ_DOWN ? 1 : -1));
		return R_HANDLED | R_REDRAW;
	case REQ_PICK:
		if (r.arg == PICK_NAME)
			focus(s, 2);
		return R_HANDLED | R_REDRAW;
	case REQ_ERASE:
		if (s->by_name)
			text_field_erase(&s->name);
		else if (s->by_phone)
			text_field_erase(&s->phone);
		else
			digit_field_erase(&s->card);
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		if (s->by_name)
			return find_name(k, s);
		if (s->by_phone)
			return find_phone(k, s);
		if (s->card.spoiled || s->card.len == 0) {
			kiosk_say(k, STYLE_ERROR, "%s",
				  _("That is not a member card number. Scan the card again or type its number."));
			digit_field_clear(&s->card);
			return R_HANDLED | R_REDRAW;
		}
		return take(k, s->card.text);
	case REQ_SCAN:
		if (counter_is_voucher(k, k->scan))
			return counter_scan(k);
		return take(k, k->scan);
	case REQ_BACK:
		if (!digit_field_touched(&s->card) && s->phone.len == 0 && !s->phone.spoiled &&
		    s->name.len == 0 && !s->name.spoiled)
			return kiosk_pop(k, 0);
		digit_field_clear(&s->card);
		text_field_clear(&s->phone);
		text_field_clear(&s->name);
		return R_HANDLED | R_REDRAW;
	default:
		return R_UNHANDLED;
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
