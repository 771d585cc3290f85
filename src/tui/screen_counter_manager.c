/*
 * screen_counter_manager: what only a manager does at the counter (home
 * letter g): delist an item with compensation (compensate_delist()), make
 * good an outage (compensate_outage()), a goodwill grant to the member on
 * the panel (ledger_grant()), and the member's own earn rate
 * (member_rate.h). Each action is allowed by staff_may() for the staff
 * member signed in (the config's [staff] manager_only); its form is typed,
 * then a confirmation says exactly what will happen (core's preview: how
 * many vouchers, lots, members, points, to whom) before Enter writes it,
 * as the signed-in staff member; Esc there changes nothing.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "compensate.h"
#include "counter.h"
#include "counter_form.h"
#include "member_rate.h"
#include "parse.h"
#include "reason.h"
#include "screen.h"
#include "staff.h"
#include "widget.h"

enum mgr_action { MGR_DELIST, MGR_OUTAGE, MGR_GRANT, MGR_RATE, MGR_ACTIONS };
enum mgr_step { MGR_MENU, MGR_FORM, MGR_CONFIRM, MGR_DONE };

#define MGR_FIELDS 3 /* of COUNTER_FORM_FIELDS */
#define MGR_LINES 5

struct mgr_field {
	const char *label; /* msgid */
	enum text_kind kind;
	int size;
};

struct mgr_form {
	const char *title;  /* msgid */
	enum staff_action action; /* for the [staff] rules (settings.h) */
	int member;         /* needs the member on the panel */
	int count;
	struct mgr_field fields[MGR_FIELDS];
	const char *help;   /* msgid */
};

static const struct mgr_form forms[MGR_ACTIONS] = {
	[MGR_DELIST] = { N_("Delist an item, with compensation"), ACTION_DELIST, 0, 3,
		{ { N_("Item SKU"), TEXT_RECEIPT, 24 }, { N_("Bonus points"), TEXT_AMOUNT, 9 },
		  { N_("Reason"), TEXT_NAME, 32 } },
		N_("Every voucher still out for the item is cancelled, its points come back, "
		   "and each gets the bonus (0 for none).") },
	[MGR_OUTAGE] = { N_("Compensate an outage"), ACTION_COMPENSATE, 0, 3,
		{ { N_("From"), TEXT_RECEIPT, 19 }, { N_("To"), TEXT_RECEIPT, 19 },
		  { N_("Extend days"), TEXT_AMOUNT, 4 } },
		N_("Times like 2026-11-20T09:00. Points that expired in the outage come back; "
		   "lots due then are valid for the days given, from today.") },
	[MGR_GRANT] = { N_("Goodwill points for this member"), ACTION_GRANT, 1, 2,
		{ { N_("Points"), TEXT_AMOUNT, 9 }, { N_("Reason"), TEXT_NAME, 32 } },
		N_("Ordinary points from the store, with the reason the member sees.") },
	[MGR_RATE] = { N_("This member's own earn rate"), ACTION_EARN_RATE, 1, 1,
		{ { N_("Points per yuan"), TEXT_AMOUNT, 4 } },
		N_("1 to 1000 points per whole yuan on every purchase, in place of the store's "
		   "rates. Leave it empty to go back to the store's rates.") },
};

struct counter_manager {
	enum mgr_step step;
	int choice;
	struct counter_form form; /* forms[choice]'s fields */
	char lines[MGR_LINES][320]; /* the confirmation, then the result */
	int line_count;
	int64_t num[MGR_FIELDS];    /* the numbers typed, checked */
	int64_t from, to;           /* an outage's times */
};

#define FIELD(s, i) ((s)->form.field[i].text)

static const struct bar_item form_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next") },
	{ REQ_UP, REQ_DOWN, N_("Field") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item confirm_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Yes, do it") },
	{ REQ_BACK, REQ_NONE, N_("No") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
manager_bar_now(struct kiosk *k, void *state)
{
	const struct counter_manager *s = state;

	(void)k;
	switch (s->step) {
	case MGR_FORM:
		return form_bar;
	case MGR_CONFIRM:
		return confirm_bar;
	case MGR_DONE:
		return counter_done_bar;
	default:
		return counter_menu_bar;
	}
}

/* ---- drawing ---- */

static void
draw_menu(struct kiosk *k, struct counter_manager *s, int y)
{
	int step = k->rows >= 40 ? 2 : 1;

	for (int i = 0; i < MGR_ACTIONS; i++, y += step) /* the digit opens it */
		widget_menu_entry(y, 3, k->cols - 6, i == s->choice, STYLE_NORMAL, '1' + i,
				  _(forms[i].title), i);
	draw_wrap(y + 1, 3, k->cols - 6, 2, STYLE_DIM,
		  _("The goodwill points and the earn rate are for the member on the panel."));
}

static void
manager_draw(struct kiosk *k, void *state)
{
	struct counter_manager *s = state;
	int y = counter_panel_draw(k);
	enum style st = s->step == MGR_DONE ? STYLE_OK : STYLE_NORMAL;

	if (s->step == MGR_MENU) {
		draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Manager"));
		draw_menu(k, s, y + 2);
		return;
	}
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _(forms[s->choice].title));
	y = counter_form_draw(&s->form, y + 2, 2, s->step == MGR_FORM);
	if (s->step == MGR_FORM) {
		draw_wrap(y, 3, k->cols - 6, 3, STYLE_DIM, _(forms[s->choice].help));
		return;
	}
	for (int i = 0; i < s->line_count && y <= k->bottom; i++)
		y += draw_wrap(y, 3, k->cols - 6, 2, i == 0 ? STYLE_POINTS : st, s->lines[i]);
	if (s->step == MGR_CONFIRM)
		draw_text(y + 1 <= k->bottom ? y + 1 : k->bottom, 3, k->cols - 6, STYLE_WARN,
			  _("Do this? Enter: yes. Esc: no, nothing changes."));
}

/* ---- the previews: what will happen, in the manager's words ---- */

#define SAY(s, ...) snprintf((s)->lines[(s)->line_count++], sizeof (s)->lines[0], __VA_ARGS__)

static enum jf_status
preview_delist(struct kiosk *k, struct counter_manager *s)
{
	struct delist_preview p;
	char pts[64], bonus[64];
	enum jf_status st = compensate_delist_preview(k->lg, FIELD(s, 0).text, s->num[1], &p,
						      &k->err);

	if (st != JF_OK)
		return st;
	SAY(s, _("Item %s will be delisted: \"%s\"."), FIELD(s, 0).text, FIELD(s, 2).text);
	i18n_points(p.points_back, KIND_POINTS, pts, sizeof pts);
	i18n_points(p.bonus_points, KIND_POINTS, bonus, sizeof bonus);
	SAY(s, ngettext("%lld voucher is cancelled (members: %lld): %s go back, plus %s of bonus.",
			"%lld vouchers are cancelled (members: %lld): %s go back, plus %s of bonus.",
			(unsigned long)p.vouchers),
	    (long long)p.vouchers, (long long)p.members, pts, bonus);
	return JF_OK;
}

static enum jf_status
preview_outage(struct kiosk *k, struct counter_manager *s)
{
	struct outage_result r;
	int64_t members;
	char pts[64], green[64];
	enum jf_status st = compensate_outage_preview(k->lg, s->from, s->to, s->num[2], &r,
						      &members, &k->err);

	if (st != JF_OK)
		return st;
	SAY(s, _("The outage from %s to %s is made good."), FIELD(s, 0).text, FIELD(s, 1).text);
	i18n_points(r.points_restored[KIND_POINTS], KIND_POINTS, pts, sizeof pts);
	i18n_points(r.points_restored[KIND_GREEN], KIND_GREEN, green, sizeof green);
	SAY(s, _("%lld member(s): %lld expired lot(s) come back (%s, %s); %lld lot(s) due then "
		 "are extended. All are valid until %s."),
	    (long long)members, (long long)r.lots_restored, pts, green,
	    (long long)r.lots_extended, r.new_expiry);
	return JF_OK;
}

static enum jf_status
preview_member(struct kiosk *k, struct counter_manager *s)
{
	const struct member *m = &k->counter.m;
	struct member_rate now;
	char pts[64];
	enum jf_status st;

	if (s->choice == MGR_GRANT) {
		i18n_points(s->num[0], KIND_POINTS, pts, sizeof pts);
		SAY(s, _("%s (card %s) is given %s."), m->name, m->card, pts);
		SAY(s, _("Reason: \"%s\"."), FIELD(s, 1).text);
		return JF_OK;
	}
	if ((st = member_rate_get(k->lg, m->card, &now, &k->err)) != JF_OK)
		return st;
	if (s->num[0])
		SAY(s, _("%s (card %s) will earn %lld point(s) per yuan on every purchase."),
		    m->name, m->card, (long long)s->num[0]);
	else
		SAY(s, _("%s (card %s) will earn at the store's rates again."), m->name, m->card);
	if (now.points_per_yuan)
		SAY(s, _("Now: %lld point(s) per yuan, its own."), (long long)now.points_per_yuan);
	else
		SAY(s, "%s", _("Now: the store's rates."));
	return JF_OK;
}

/* ---- checking the form ---- */

static int
bad(struct kiosk *k, struct counter_manager *s, int field, const char *msg)
{
	kiosk_say(k, STYLE_ERROR, "%s", msg);
	s->form.focus = field;
	text_field_clear(&FIELD(s, field));
	return 0;
}

/* The numbers and times of the form, or a message and 0. */
static int
check_form(struct kiosk *k, struct counter_manager *s)
{
	for (int i = 0; i < forms[s->choice].count; i++)
		if (FIELD(s, i).spoiled)
			return bad(k, s, i, _("That cannot be typed here: type it again."));
	switch (s->choice) {
	case MGR_DELIST:
		if (catalog_check_sku(FIELD(s, 0).text, NULL) != JF_OK)
			return bad(k, s, 0, _("Type the item's SKU."));
		if (parse_int_range("bonus", FIELD(s, 1).len ? FIELD(s, 1).text : "0", 0, PARSE_POINTS_MAX,
				    &s->num[1], NULL) != JF_OK)
			return bad(k, s, 1, _("The bonus is a whole number of points, 0 for none."));
		if (parse_text("reason", FIELD(s, 2).text, 200, NULL) != JF_OK || FIELD(s, 2).len == 0)
			return bad(k, s, 2, _("Type the reason the members will see."));
		return 1;
	case MGR_OUTAGE:
		if (clock_parse_iso(FIELD(s, 0).text, &s->from) != JF_OK)
			return bad(k, s, 0, _("Type a time like 2026-11-20T09:00."));
		if (clock_parse_iso(FIELD(s, 1).text, &s->to) != JF_OK)
			return bad(k, s, 1, _("Type a time like 2026-11-20T09:00."));
		if (parse_int_range("days", FIELD(s, 2).text, 1, 3650, &s->num[2], NULL) != JF_OK)
			return bad(k, s, 2, _("Extend by 1 to 3650 days."));
		return 1;
	case MGR_GRANT:
		if (parse_points(FIELD(s, 0).text, &s->num[0], NULL) != JF_OK)
			return bad(k, s, 0, _("Type the points: a whole number."));
		if (parse_text("reason", FIELD(s, 1).text, 200, NULL) != JF_OK || FIELD(s, 1).len == 0)
			return bad(k, s, 1, _("Type the reason the member will see."));
		return 1;
	default:
		s->num[0] = 0;
		if (FIELD(s, 0).len && parse_int_range("rate", FIELD(s, 0).text, 1, MEMBER_RATE_MAX, &s->num[0],
						NULL) != JF_OK)
			return bad(k, s, 0, _("1 to 1000 points per yuan, or empty for the store's."));
		return 1;
	}
}

/* Core's answer to a preview or a write that failed: its reason, or the
 * kiosk's failure. */
static int
refused(struct kiosk *k, struct counter_manager *s, const char *what)
{
	s->step = MGR_FORM;
	/* Core refuses the item, the member or the window: the first field. */
	s->form.focus = 0;
	if (s->choice == MGR_DELIST)
		text_field_clear(&FIELD(s, 0));
	if (reason_say(k, &k->err))
		return R_HANDLED | R_REDRAW;
	if (k->err.status == JF_USAGE || k->err.status == JF_NOTFOUND ||
	    k->err.status == JF_CONFLICT) {
		kiosk_say(k, STYLE_ERROR, "%s", k->err.message);
		return R_HANDLED | R_REDRAW;
	}
	return kiosk_fail(k, what);
}

static int
ask(struct kiosk *k, struct counter_manager *s)
{
	enum jf_status st;

	if (!check_form(k, s))
		return R_HANDLED | R_REDRAW;
	s->line_count = 0;
	st = s->choice == MGR_DELIST ? preview_delist(k, s) :
	     s->choice == MGR_OUTAGE ? preview_outage(k, s) : preview_member(k, s);
	if (st != JF_OK)
		return refused(k, s, "manager preview");
	s->step = MGR_CONFIRM;
	return R_HANDLED | R_REDRAW;
}

/* ---- the writes ---- */

static enum jf_status
write_action(struct kiosk *k, struct counter_manager *s)
{
	const char *card = k->counter.m.card;
	struct delist_result d;
	struct outage_result o;
	struct ledger_result g;
	struct grant_request req = { card, s->num[0], KIND_POINTS, FIELD(s, 1).text, NULL };
	char pts[64];
	enum jf_status st;

	s->line_count = 0;
	switch (s->choice) {
	case MGR_DELIST:
		if ((st = compensate_delist(k->lg, FIELD(s, 0).text, s->num[1], FIELD(s, 2).text, &d,
					    &k->err)) == JF_OK)
			SAY(s, _("Delisted %s: %lld voucher(s) cancelled, %lld points back, %lld "
				 "points of bonus."), FIELD(s, 0).text, (long long)d.vouchers,
			    (long long)d.points_back, (long long)d.bonus_points);
		return st;
	case MGR_OUTAGE:
		if ((st = compensate_outage(k->lg, s->from, s->to, s->num[2], &o, &k->err)) == JF_OK)
			SAY(s, _("Outage made good: %lld lot(s) restored, %lld extended, valid until "
				 "%s."), (long long)o.lots_restored, (long long)o.lots_extended,
			    o.new_expiry);
		return st;
	case MGR_GRANT:
		if ((st = ledger_grant(k->lg, &req, &g, &k->err)) == JF_OK) {
			i18n_points(g.points, KIND_POINTS, pts, sizeof pts);
			SAY(s, _("Gave %s to card %s."), pts, card);
		}
		return st;
	default:
		st = s->num[0] ? member_rate_set(k->lg, card, s->num[0], &k->err)
			       : member_rate_clear(k->lg, card, &k->err);
		if (st == JF_OK && s->num[0])
			SAY(s, _("Card %s now earns %lld point(s) per yuan."), card,
			    (long long)s->num[0]);
		else if (st == JF_OK)
			SAY(s, _("Card %s earns at the store's rates again."), card);
		return st;
	}
}

static int
do_it(struct kiosk *k, struct counter_manager *s)
{
	if (write_action(k, s) != JF_OK)
		return refused(k, s, "manager action");
	s->step = MGR_DONE;
	if (counter_member_refresh(k) != JF_OK)
		return kiosk_fail(k, "counter_member_refresh");
	return R_HANDLED | R_REDRAW;
}

/* ---- keys ---- */

static int
open_form(struct kiosk *k, struct counter_manager *s, int i)
{
	const struct mgr_form *f;

	if (i < 0 || i >= MGR_ACTIONS)
		return R_HANDLED;
	f = &forms[i];
	s->choice = i;
	switch (counter_staff_may(k, f->action)) {
	case -1:
		return kiosk_fail(k, "staff_may");
	case 0:
		return R_HANDLED | R_REDRAW; /* the reason is said */
	}
	if (f->member && !k->counter.present) {
		kiosk_say(k, STYLE_WARN, "%s",
			  _("First bring the member to the counter: scan their card."));
		return R_HANDLED | R_REDRAW;
	}
	counter_form_init(&s->form);
	for (int j = 0; j < f->count; j++)
		counter_form_text(&s->form, j, f->fields[j].label, f->fields[j].kind,
				  f->fields[j].size, f->fields[j].size);
	s->form.wrap = 1;
	s->step = MGR_FORM;
	return R_HANDLED | R_REDRAW;
}

static int
menu_handle(struct kiosk *k, struct counter_manager *s, struct req r)
{
	int open;

	if (menu_key(r, &s->choice, MGR_ACTIONS, &open))
		return open < 0 ? R_HANDLED | R_REDRAW : open_form(k, s, open);
	switch (r.id) {
	case REQ_CHAR:
		if (r.arg >= '1' && r.arg < '1' + MGR_ACTIONS)
			return open_form(k, s, r.arg - '1');
		kiosk_say(k, STYLE_WARN, "%s", _("That key does nothing here. Choose from the list."));
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		return kiosk_pop(k, 0);
	default:
		return R_UNHANDLED;
	}
}

static int
form_handle(struct kiosk *k, struct counter_manager *s, struct req r)
{
	switch (r.id) {
	case REQ_ENTER:
		return counter_form_next(&s->form) ? R_HANDLED | R_REDRAW : ask(k, s);
	case REQ_BACK:
		s->step = MGR_MENU;
		return R_HANDLED | R_REDRAW;
	default:
		return counter_form_handle(k, &s->form, r);
	}
}

static int
manager_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_manager *s = state;

	if (r.id == REQ_SCAN)
		return counter_scan(k);
	switch (s->step) {
	case MGR_MENU:
		return menu_handle(k, s, r);
	case MGR_FORM:
		return form_handle(k, s, r);
	case MGR_CONFIRM:
		if (r.id == REQ_ENTER)
			return do_it(k, s);
		if (r.id == REQ_BACK) {
			s->step = MGR_FORM;
			kiosk_say(k, STYLE_OK, "%s", _("Nothing was changed."));
		}
		return R_HANDLED | R_REDRAW;
	case MGR_DONE:
		if (r.id == REQ_ENTER || r.id == REQ_BACK)
			s->step = MGR_MENU;
		return R_HANDLED | R_REDRAW;
	}
	return R_UNHANDLED;
}

const struct screen_ops screen_counter_manager = {
	.name = "counter-manager",
	.state_size = sizeof(struct counter_manager),
	.draw = manager_draw,
	.handle = manager_handle,
	.bar = counter_menu_bar,
	.bar_now = manager_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
