/*
 * counter: the member panel, scans and typed fields of the counter's
 * screens (counter.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "counter.h"
#include "counter_offline.h"
#include "log.h"
#include "parse.h"
#include "plan.h"
#include "reason.h"
#include "scan.h"
#include "staff.h"

const struct bar_item counter_menu_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Open") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

const struct bar_item counter_take_back_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Yes, take back") },
	{ REQ_BACK, REQ_NONE, N_("No") },
	{ REQ_NONE, REQ_NONE, NULL },
};

const struct bar_item counter_done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Done") },
	{ REQ_NONE, REQ_NONE, NULL },
};

const struct bar_item counter_award_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Yes, award") },
	{ REQ_BACK, REQ_NONE, N_("No") },
	{ REQ_NONE, REQ_NONE, NULL },
};

const struct bar_item counter_purchase_done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next purchase") },
	{ REQ_BACK, REQ_NONE, N_("Done") },
	{ REQ_RIGHT, REQ_NONE, N_("Slip") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* ---- the member at the counter ---- */

static int
count_notice(const struct member_notice *n, void *ctx)
{
	int *count = ctx;

	(void)n;
	++*count;
	return 0;
}

/* The note of the member's plan in force, for the staff (plan.h). */
static enum jf_status
plan_note(struct kiosk *k, struct counter_desk *d)
{
	struct plan p;
	enum jf_status st = plan_in_force(k->lg, d->m.id, clock_now(), &p, &k->err);

	snprintf(d->plan_note, sizeof d->plan_note, "%s", st == JF_OK && p.id ? p.note : "");
	return st;
}

enum jf_status
counter_member_refresh(struct kiosk *k)
{
	struct counter_desk *d = &k->counter;
	struct balance b;
	enum jf_status st;

	if (!d->present)
		return JF_OK;
	if ((st = ledger_balance(k->lg, d->m.card, &b, &k->err)) != JF_OK)
		return st;
	d->points = b.total[KIND_POINTS];
	d->green = b.total[KIND_GREEN];
	d->held = b.held[KIND_POINTS] + b.held[KIND_GREEN];
	d->available = b.available[KIND_POINTS];
	memset(&d->expiring, 0, sizeof d->expiring);
	if (b.expiring_count > 0)
		d->expiring = b.expiring[0];
	balance_done(&b);
	if ((st = plan_note(k, d)) != JF_OK)
		return st;
	/* Counted, never marked seen: the member reads them at the kiosk. */
	d->notices = 0;
	return member_notices(k->lg, d->m.card, 0, count_notice, &d->notices, &k->err);
}

enum jf_status
counter_member_load(struct kiosk *k, const char *card)
{
	struct member m;
	enum jf_status st;

	if ((st = parse_card(card, k->cfg->card_check, &k->err)) != JF_OK)
		return st;
	if ((st = member_find(k->lg, card, &m, &k->err)) != JF_OK)
		return st;
	counter_member_clear(k);
	k->counter.m = m;
	k->counter.present = 1;
	explicit_bzero(&m, sizeof m);
	return counter_member_refresh(k);
}

void
counter_member_clear(struct kiosk *k)
{
	struct counter_desk *d = &k->counter;

	explicit_bzero(&d->m, sizeof d->m);
	d->present = 0;
	d->points = d->green = d->held = d->available = 0;
	d->notices = 0;
	memset(&d->expiring, 0, sizeof d->expiring);
	d->plan_note[0] = '\0';
}

/* "label value" at x on row y; returns the column after it and a gap. */
static int
draw_figure(int y, int x, int right, const char *label, long long n)
{
	char num[32];

	snprintf(num, sizeof num, "%lld", n);
	x += draw_text(y, x, right - x, STYLE_NORMAL, label) + 1;
	x += draw_text(y, x, right - x, STYLE_POINTS, num);
	return x + 3;
}

/* "568 points expire on 2026-12-19", where the screen is wide enough. */
static void
draw_expiring(int y, int x, int right, const struct expiring_lot *lot)
{
	char line[128];
	unsigned long n = (unsigned long)lot->points;

	if (lot->kind == KIND_GREEN)
		snprintf(line, sizeof line,
			 ngettext("%lld green point expires on %s", "%lld green points expire on %s", n),
			 (long long)lot->points, lot->date);
	else
		snprintf(line, sizeof line,
			 ngettext("%lld point expires on %s", "%lld points expire on %s", n),
			 (long long)lot->points, lot->date);
	draw_text(y, x, right - x, STYLE_WARN, line);
}

/* The panel while the ledger cannot be reached: the card as scanned, and
 * what waits. */
static void
draw_offline(struct kiosk *k, int y, int x, int right)
{
	const struct counter_desk *d = &k->counter;
	char line[KIOSK_MESSAGE_SIZE];

	if (d->offline_card[0]) {
		snprintf(line, sizeof line, _("Card %s (not looked up: offline)"), d->offline_card);
		draw_text(y, x, right - x, STYLE_HEADING, line);
	} else {
		draw_text(y, x, right - x, STYLE_HEADING, _("No member at the counter"));
	}
	snprintf(line, sizeof line,
		 ngettext("OFFLINE: %lld purchase queued, posted when the ledger is back.",
			  "OFFLINE: %lld purchases queued, posted when the ledger is back.",
			  (unsigned long)d->queued),
		 (long long)d->queued);
	draw_fill(y + 1, 0, k->cols, STYLE_ERROR);
	draw_text(y + 1, x, right - x, STYLE_ERROR, line);
}

int
counter_panel_draw(struct kiosk *k)
{
	const struct counter_desk *d = &k->counter;
	int y = k->top, x = 1, right = k->cols - 1;
	char phone[32], card[64];

	if (d->offline) {
		draw_offline(k, y, x, right);
	} else if (!d->present) {
		draw_text(y, x, right - x, STYLE_HEADING, _("No member at the counter"));
		draw_text(y + 1, x, right - x, STYLE_DIM,
			  _("Scan a member card or a voucher, type a card number, or find by phone."));
	} else {
		x += draw_text(y, x, right - x, STYLE_HEADING, d->m.name) + 3;
		if (d->m.phone[0]) {
			member_mask_phone(d->m.phone, phone, sizeof phone);
			x += draw_text(y, x, right - x, STYLE_NORMAL, phone) + 3;
		}
		snprintf(card, sizeof card, _("card %s"), d->m.card);
		x += draw_text(y, x, right - x, STYLE_DIM, card) + 3;
		/* A plan's note is for whoever serves the member: said on the panel. */
		if (d->plan_note[0] && x < right)
			draw_text(y, x, right - x, STYLE_WARN, d->plan_note);
		x = 1;
		x = draw_figure(y + 1, x, right, _("Points"), d->points);
		x = draw_figure(y + 1, x, right, _("Green"), d->green);
		x = draw_figure(y + 1, x, right, _("Held"), d->held);
		x = draw_figure(y + 1, x, right, _("Available"), d->available);
		x = draw_figure(y + 1, x, right, _("Notices"), d->notices);
		if (d->expiring.points > 0 && k->cols >= 110)
			draw_expiring(y + 1, x, right, &d->expiring);
	}
	for (x = 0; x < k->cols; x++)
		draw_text(y + 2, x, 1, STYLE_DIM, "─");
	return y + COUNTER_PANEL_ROWS + 1;
}

/* ---- scans ---- */

int
counter_is_voucher(const struct kiosk *k, const char *text)
{
	char normal[VCODE_SHORT_LEN + 1];

	if (strncasecmp(text, "JF", 2) == 0)
		return 1;
	return parse_card(text, k->cfg->card_check, NULL) != JF_OK &&
	       vcode_short_check(text, normal) == JF_OK;
}

int
counter_open_voucher(struct kiosk *k, const char *code)
{
	struct counter_voucher_arg arg;

	snprintf(arg.code, sizeof arg.code, "%s", code);
	return kiosk_push(k, SCREEN_COUNTER_VOUCHER, &arg);
}

/* A card scanned while the ledger cannot be reached: taken as scanned, for
 * a purchase to queue (P). */
static int
offline_card(struct kiosk *k)
{
	if (parse_card(k->scan, k->cfg->card_check, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("That is neither a member card nor a voucher code. Scan it again."));
		return R_HANDLED | R_REDRAW;
	}
	snprintf(k->counter.offline_card, sizeof k->counter.offline_card, "%.64s", k->scan);
	kiosk_say(k, STYLE_WARN, _("Offline: card %s taken as scanned. P queues a purchase for it."),
		  k->scan);
	return kiosk_home(k);
}

int
counter_scan(struct kiosk *k)
{
	char normal[VCODE_SHORT_LEN + 1];
	enum jf_status st;

	if (counter_is_voucher(k, k->scan))
		return counter_still_offline(k) ? counter_offline_refuse(k)
						: counter_open_voucher(k, k->scan);
	if (counter_still_offline(k))
		return offline_card(k);
	st = counter_member_load(k, k->scan);
	if (st == JF_BUSY && k->err.reason == JF_R_CONTENDED && reason_say(k, &k->err))
		return R_HANDLED | R_REDRAW;
	if (st == JF_BUSY) { /* the ledger went away just now */
		counter_went_offline(k);
		return offline_card(k);
	}
	if (st == JF_OK) {
		kiosk_say(k, STYLE_OK, _("%s is at the counter."), k->counter.m.name);
		return R_HANDLED | R_REDRAW;
	}
	/* Nine digits may be a short code as well as a card nobody has. */
	if (st == JF_NOTFOUND && vcode_short_check(k->scan, normal) == JF_OK)
		return counter_open_voucher(k, k->scan);
	if (st == JF_USAGE) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("That is neither a member card nor a voucher code. Scan it again."));
		return R_HANDLED | R_REDRAW;
	}
	if ((st == JF_NOTFOUND || st == JF_AUTH) && counter_say_refusal(k))
		return R_HANDLED | R_REDRAW;
	return kiosk_fail(k, "counter_member_load");
}

int
counter_say_refusal(struct kiosk *k)
{
	/* The member's words send them to the staff: the cashier is the staff. */
	if (k->err.reason == JF_R_UNKNOWN_CARD) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("No member has this card. Check the number, or add the member."));
		return 1;
	}
	return reason_say(k, &k->err);
}

int
counter_refused(struct kiosk *k, const char *what)
{
	if (reason_say(k, &k->err))
		return R_HANDLED | R_REDRAW;
	if (k->err.status == JF_USAGE) {
		kiosk_say(k, STYLE_ERROR, "%s", k->err.message);
		return R_HANDLED | R_REDRAW;
	}
	return kiosk_fail(k, what);
}

/* ---- the staff member's role ---- */

int
counter_staff_may(struct kiosk *k, enum staff_action action)
{
	if (counter_may(k, settings_action_name(action)) == JF_OK)
		return 1;
	return reason_say(k, &k->err) ? 0 : -1;
}

/* ---- typed text ---- */

void
text_field_init(struct text_field *f, enum text_kind kind, int size)
{
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->size = size < 1 ? 1 : size > TEXT_FIELD_MAX ? TEXT_FIELD_MAX : size;
}

static int
fits_kind(enum text_kind kind, int c)
{
	switch (kind) {
	case TEXT_CODE:
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		       c == '-';
	case TEXT_RECEIPT:
		return c > ' ' && c < 0x7f;
	case TEXT_AMOUNT:
		return (c >= '0' && c <= '9') || c == '.';
	case TEXT_PHONE:
		return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == ' ';
	case TEXT_NAME:
		/* No control character, no byte that is no UTF-8, no surrogate. */
		return c >= ' ' && c != 0x7f && !(c >= 0x80 && c < 0xa0) &&
		       !(c >= 0xd800 && c <= 0xdfff) && c <= 0x10ffff;
	case TEXT_DATE:
		return (c >= '0' && c <= '9') || c == '-';
	}
	return 0;
}

int
text_field_type(struct text_field *f, int c)
{
	if (c == '\t')
		return 0;
	if (f->spoiled)
		return 1;
	if (!fits_kind(f->kind, c) || f->chars >= f->size) {
		f->spoiled = 1;
		return 1;
	}
	f->len += (int)scan_utf8_of((unsigned)c, f->text + f->len);
	f->text[f->len] = '\0';
	f->chars++;
	return 1;
}

void
text_field_erase(struct text_field *f)
{
	if (f->spoiled) {
		text_field_clear(f);
		return;
	}
	if (f->len == 0)
		return;
	/* One character back: past its continuation bytes. */
	while (f->len > 0 && ((unsigned char)f->text[f->len - 1] & 0xc0) == 0x80)
		f->text[--f->len] = '\0';
	if (f->len > 0)
		f->text[--f->len] = '\0';
	f->chars--;
}

void
text_field_clear(struct text_field *f)
{
	explicit_bzero(f->text, sizeof f->text);
	f->len = f->chars = 0;
	f->spoiled = 0;
}

void
text_field_set(struct text_field *f, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	text_field_clear(f);
	while (*p && !f->spoiled) {
		unsigned c = *p++;
		int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

		if (more)
			c &= 0x3f >> more;
		for (; more > 0 && (*p & 0xc0) == 0x80; more--)
			c = c << 6 | (*p++ & 0x3f);
		text_field_type(f, more ? -1 : (int)c);
	}
}

const char *
text_field_shown(const struct text_field *f)
{
	return f->spoiled ? "???" : f->text;
}

/* ---- the staff member signed in ---- */

int
counter_has_staff(struct kiosk *k)
{
	int64_t staff = 0, managers = 0;

	if (staff_census(k->lg, &staff, &managers, &k->err) != JF_OK)
		return 0;
	return staff > 0;
}

int
counter_sign_in(struct kiosk *k, const char *id, const struct staff *who)
{
	struct actor a;

	if (actor_staff(&a, id, &k->err) != JF_OK)
		return kiosk_fail(k, "actor_staff");
	memset(&k->counter.who, 0, sizeof k->counter.who);
	if (who != NULL)
		k->counter.who = *who;
	snprintf(k->counter.staff, sizeof k->counter.staff, "%s", id);
	k->counter.since = clock_now();
	ledger_act_as(k->lg, &a);
	log_ledger(k->lg, LOG_CLASS_AUTH, "login", "staff=%s role=%s at=counter", id,
		   who ? staff_role_name(who->role) : "-");
	k->session.active = 1;
	counter_offline_begin(k);
	return kiosk_begin(k);
}

enum jf_status
counter_may(struct kiosk *k, const char *what)
{
	if (k->counter.who.id[0] == '\0')
		return staff_authorize(k->lg, what, k->counter.staff[0] ? k->counter.staff : NULL,
				       NULL, &k->err);
	return staff_may(k->lg, &k->counter.who, what, &k->err);
}
