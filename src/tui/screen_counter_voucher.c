/*
 * screen_counter_voucher: a voucher at the counter, scanned (its QR code)
 * on any counter screen or its short code typed here. It shows whose it
 * is, the item, the points and the state, and what the cashier may do:
 * Enter hands the goods over (voucher_redeem() as the staff member). What
 * may not be handed over says so across the whole screen, red (reverse
 * without colour) so that nobody can miss it: already redeemed (when, by
 * whom, where), cancelled, expired, returned, forged or another store's
 * code. Whether it may is core's answer (voucher_can_redeem()), asked
 * before Enter, never worked out here.
 *
 * A coupon takes the bill first: Enter asks for it, and the coupon is
 * redeemed on it (voucher_redeem_bill(): the minimum spend is core's
 * check), the discount shown. A voucher whose goods were handed over can
 * be taken back (Backspace, then Enter: voucher_return(), the points back
 * to the member). A hand-over makes a slip (counter_slip.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "counter.h"
#include "counter_form.h"
#include "counter_slip.h"
#include "parse.h"
#include "reason.h"
#include "screen.h"
#include "voucher.h"

enum voucher_step {
	STEP_TYPE,    /* the short code is typed */
	STEP_READY,   /* may be handed over: Enter does */
	STEP_DONE,    /* handed over just now */
	STEP_REFUSED, /* may not: the banner says why */
	STEP_BILL,    /* a coupon: the bill is typed */
	STEP_RETURN,  /* handed over before: take it back? */
	STEP_RETURNED /* taken back just now */
};

enum voucher_field { F_CODE, F_BILL }; /* STEP_TYPE's, STEP_BILL's */

struct counter_voucher {
	enum voucher_step step;
	struct counter_form form;
	char code[REQ_SCAN_SIZE];
	struct voucher v;
	int have_voucher;
	char owner[MEMBER_NAME_SIZE];
	struct jf_error why; /* the refusal, while STEP_REFUSED */
	struct counter_slip slip;
};

#define TYPED(s) (&(s)->form.field[F_CODE].text)
#define BILL(s) (&(s)->form.field[F_BILL].text)

static const struct bar_item type_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Look up") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item ready_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Hand over") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item coupon_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Type the bill") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item redeemed_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Done") },
	{ REQ_ERASE, REQ_NONE, N_("Goods brought back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item bill_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Redeem on this bill") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* A coupon or a voucher that pays part of a bill is used on a bill
 * (voucher_redeem_bill()), typed before. */
static int
takes_bill(const struct voucher *v)
{
	return v->item_type == ITEM_COUPON || v->item_type == ITEM_OFFSET;
}

/* Handed over before: its goods may come back. */
static int
may_take_back(const struct counter_voucher *s)
{
	return s->have_voucher && s->v.state == VOUCHER_REDEEMED;
}

static const struct bar_item *
voucher_bar_now(struct kiosk *k, void *state)
{
	const struct counter_voucher *s = state;

	(void)k;
	switch (s->step) {
	case STEP_TYPE:
		return type_bar;
	case STEP_READY:
		return takes_bill(&s->v) ? coupon_bar : ready_bar;
	case STEP_BILL:
		return bill_bar;
	case STEP_RETURN:
		return counter_take_back_bar;
	case STEP_REFUSED:
		return may_take_back(s) ? redeemed_bar : counter_done_bar;
	case STEP_RETURNED:
		return counter_done_bar;
	default:
		return counter_slip_done_bar;
	}
}

/* What core said about code: the voucher if there is one, and whether it
 * may be handed over. */
static void
look(struct kiosk *k, struct counter_voucher *s, const char *code)
{
	struct member m;
	enum jf_status st;

	snprintf(s->code, sizeof s->code, "%s", code);
	s->have_voucher = 0;
	s->owner[0] = '\0';
	jf_error_clear(&s->why);
	st = voucher_can_redeem(k->lg, s->code, &s->v, &s->why);
	if (st == JF_OK || (st == JF_CONFLICT && s->why.reason != JF_R_NONE)) {
		s->have_voucher = 1;
		if (member_find(k->lg, s->v.card, &m, &k->err) == JF_OK)
			snprintf(s->owner, sizeof s->owner, "%s", m.name);
		explicit_bzero(&m, sizeof m);
	} else if (!(st == JF_NOTFOUND && s->why.reason != JF_R_NONE)) {
		k->err = s->why;
		kiosk_fail(k, "voucher_can_redeem");
		return;
	}
	s->step = st == JF_OK ? STEP_READY : STEP_REFUSED;
}

static void
voucher_enter(struct kiosk *k, void *state, const void *arg)
{
	struct counter_voucher *s = state;
	const struct counter_voucher_arg *a = arg;

	counter_form_text(&s->form, F_CODE, N_("Short code"), TEXT_CODE, 16, 16);
	counter_form_text(&s->form, F_BILL, N_("Bill (yuan)"), TEXT_AMOUNT, 12, 12);
	counter_form_span(&s->form, F_CODE, F_CODE);
	s->form.label_w = 14; /* the details' label column */
	if (a == NULL || a->code[0] == '\0') {
		s->step = STEP_TYPE;
		return;
	}
	look(k, s, a->code);
}

static void
voucher_leave(struct kiosk *k, void *state)
{
	struct counter_voucher *s = state;

	(void)k;
	explicit_bzero(s, sizeof *s);
}

static void
format_time(int64_t t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}

static const char *
state_words(enum voucher_state st)
{
	switch (st) {
	case VOUCHER_ISSUED:
		return _("waiting to be handed over");
	case VOUCHER_REDEEMED:
		return _("handed over");
	case VOUCHER_CANCELLED:
		return _("cancelled");
	case VOUCHER_EXPIRED:
		return _("expired");
	case VOUCHER_RETURNED:
		return _("goods returned");
	}
	return "?";
}

/* One "label  value" line of the details. */
static void
detail(int y, int x, int label_w, int width, const char *label, const char *value, enum style st)
{
	draw_text(y, x, label_w, STYLE_DIM, label);
	draw_text(y, x + label_w, width - label_w, st, value);
}

static int
draw_details(struct kiosk *k, struct counter_voucher *s, int y)
{
	const struct voucher *v = &s->v;
	char line[CATALOG_NAME_SIZE + 64], when[32], pts[64];
	int x = 3, w = k->cols - 6, lw = 14;

	snprintf(line, sizeof line, "%s  (%s)", s->owner[0] ? s->owner : "?", v->card);
	detail(y++, x, lw, w, _("Belongs to"), line, STYLE_HEADING);
	snprintf(line, sizeof line, "%s  × %lld", i18n_name(v->name_zh, v->name_en),
		 (long long)v->qty);
	detail(y++, x, lw, w, _("Item"), line, STYLE_NORMAL);
	i18n_points(v->points, v->kind, pts, sizeof pts);
	detail(y++, x, lw, w, _("Points"), pts, STYLE_POINTS);
	if (v->cash_fen > 0) {
		parse_format_fen(v->cash_fen, when, sizeof when);
		snprintf(line, sizeof line, "¥%s", when);
		detail(y++, x, lw, w, _("Cash to pay"), line, STYLE_WARN);
	}
	detail(y++, x, lw, w, _("Short code"), v->short_code, STYLE_NORMAL);
	format_time(v->expires_at, when, sizeof when);
	detail(y++, x, lw, w, _("Valid until"), when, STYLE_NORMAL);
	detail(y++, x, lw, w, _("State"), state_words(v->state), STYLE_NORMAL);
	return y + (k->rows >= 40 ? 2 : 0);
}

/* The words of the banner's first line for a refusal. */
static const char *
banner_headline(const struct jf_error *why)
{
	switch (why->reason) {
	case JF_R_VOUCHER_REDEEMED:
		return _("ALREADY REDEEMED: DO NOT HAND OVER");
	case JF_R_VOUCHER_CANCELLED:
		return _("CANCELLED: DO NOT HAND OVER");
	case JF_R_VOUCHER_EXPIRED:
		return _("EXPIRED: DO NOT HAND OVER");
	case JF_R_VOUCHER_RETURNED:
		return _("GOODS RETURNED: DO NOT HAND OVER");
	case JF_R_INVALID_VOUCHER:
		return _("NOT A VOUCHER OF THIS STORE");
	case JF_R_UNKNOWN_VOUCHER:
		return _("NO SUCH VOUCHER");
	default:
		return _("THIS VOUCHER CANNOT BE REDEEMED");
	}
}

/* Why, for the cashier: core's reason, except where the member's words
 * would send them to the staff. */
static void
refusal_words(const struct jf_error *why, char *out, size_t size)
{
	if (why->reason == JF_R_INVALID_VOUCHER)
		snprintf(out, size, "%s",
			 _("The code was altered, mistyped or made by another store. Hand nothing "
			   "over."));
	else if (why->reason == JF_R_UNKNOWN_VOUCHER)
		snprintf(out, size, "%s",
			 _("No voucher has this code. Check it against the voucher and type it again."));
	else if (!reason_format(why, out, size))
		snprintf(out, size, "%s", why->message);
}

/* Full width: a headline and one or two lines under it, in 4 rows, or
 * with a blank row around each on a tall screen (seen across the counter). */
static void
draw_banner(struct kiosk *k, int y, enum style st, const char *headline, const char *text)
{
	int tall = k->rows >= 40, rows = tall ? 7 : 4, pad = tall ? 1 : 0;

	if (y + rows - 1 > k->bottom)
		y = k->bottom - rows + 1;
	for (int i = 0; i < rows; i++)
		draw_fill(y + i, 0, k->cols, st);
	draw_center(y + pad, 0, k->cols, st, headline);
	if (draw_wrap_rows(k->cols - 4, text) == 1)
		draw_center(y + 1 + 2 * pad, 0, k->cols, st, text);
	else
		draw_wrap(y + 1 + 2 * pad, 2, k->cols - 4, 2, st, text);
}

static void
draw_coupon_bill(struct kiosk *k, struct counter_voucher *s, int y)
{
	char line[200], value[48], min[48];

	parse_format_fen(s->v.value_fen * s->v.qty, value, sizeof value);
	parse_format_fen(s->v.min_spend_fen * s->v.qty, min, sizeof min);
	if (s->v.item_type == ITEM_OFFSET)
		snprintf(line, sizeof line, _("A voucher paying ¥%s of a bill."), value);
	else
		snprintf(line, sizeof line, _("A coupon of ¥%s off a bill of at least ¥%s."), value,
			 min);
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, line);
	counter_form_draw(&s->form, y + 2, 2, 1);
	draw_wrap(y + 4, 3, k->cols - 6, 2, STYLE_DIM,
		  _("Type the bill and press Enter: the coupon is used on it."));
}

static void
draw_typing(struct kiosk *k, struct counter_voucher *s, int y)
{
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Voucher"));
	counter_form_draw(&s->form, y + 2, 2, 1);
	draw_wrap(y + 4, 3, k->cols - 6, 3, STYLE_DIM,
		  _("Scan the voucher's QR code, or type the short code under it (ABCD-EFGH-K) and "
		    "press Enter."));
}

static void
voucher_draw(struct kiosk *k, void *state)
{
	struct counter_voucher *s = state;
	char text[KIOSK_MESSAGE_SIZE], line[CATALOG_NAME_SIZE + 64];
	int y = counter_panel_draw(k);

	if (s->step == STEP_TYPE) {
		draw_typing(k, s, y);
		return;
	}
	draw_text(y++, 3, k->cols - 6, STYLE_HEADING, _("Voucher"));
	if (s->have_voucher)
		y = draw_details(k, s, y + 1);
	y++;
	switch (s->step) {
	case STEP_BILL:
		draw_coupon_bill(k, s, y);
		break;
	case STEP_RETURN:
		draw_banner(k, y, STYLE_WARN, _("GOODS BROUGHT BACK?"),
			    _("Take the goods back and give the member their points back? Enter: yes. "
			      "Esc: no."));
		break;
	case STEP_RETURNED:
		snprintf(line, sizeof line, _("%s × %lld taken back: the points are the member's again."),
			 i18n_name(s->v.name_zh, s->v.name_en), (long long)s->v.qty);
		draw_banner(k, y, STYLE_OK, _("TAKEN BACK"), line);
		break;
	case STEP_READY:
		if (takes_bill(&s->v)) {
			draw_banner(k, y, STYLE_SELECTED, _("VALID"),
				    s->v.item_type == ITEM_OFFSET
					    ? _("It pays part of a bill: press Enter and type the bill.")
					    : _("A coupon: press Enter and type the bill."));
			break;
		}
		if (s->v.cash_fen > 0) {
			char cash[32];

			parse_format_fen(s->v.cash_fen, cash, sizeof cash);
			snprintf(line, sizeof line,
				 _("Collect ¥%s, then press Enter to hand over the goods."), cash);
		} else {
			snprintf(line, sizeof line, "%s",
				 _("Press Enter to hand over the goods. The points are spent then."));
		}
		draw_banner(k, y, STYLE_SELECTED, _("VALID"), line);
		break;
	case STEP_DONE:
		if (takes_bill(&s->v) && s->v.bill_fen >= 0) {
			char bill[48], off[48], left[48];

			parse_format_fen(s->v.bill_fen, bill, sizeof bill);
			parse_format_fen(s->v.discount_fen, off, sizeof off);
			parse_format_fen(s->v.bill_fen - s->v.discount_fen, left, sizeof left);
			if (s->v.item_type == ITEM_OFFSET) {
				snprintf(line, sizeof line, _("Bill ¥%s, the voucher pays ¥%s: collect ¥%s."),
					 bill, off, left);
				draw_banner(k, y, STYLE_OK, _("VOUCHER USED"), line);
			} else {
				snprintf(line, sizeof line, _("Bill ¥%s, coupon ¥%s off: collect ¥%s."),
					 bill, off, left);
				draw_banner(k, y, STYLE_OK, _("COUPON USED"), line);
			}
		} else if (s->v.cash_fen > 0) {
			char cash[32];

			parse_format_fen(s->v.cash_fen, cash, sizeof cash);
			snprintf(line, sizeof line, _("Collect ¥%s, then give the member: %s × %lld"),
				 cash, i18n_name(s->v.name_zh, s->v.name_en), (long long)s->v.qty);
		} else {
			snprintf(line, sizeof line, _("Give the member: %s × %lld"),
				 i18n_name(s->v.name_zh, s->v.name_en), (long long)s->v.qty);
		}
		if (!(takes_bill(&s->v) && s->v.bill_fen >= 0))
			draw_banner(k, y, STYLE_OK, _("HANDED OVER"), line);
		counter_slip_draw(k, k->bottom, &s->slip);
		break;
	case STEP_REFUSED:
		refusal_words(&s->why, text, sizeof text);
		draw_banner(k, y, STYLE_ERROR, banner_headline(&s->why), text);
		break;
	case STEP_TYPE:
		break;
	}
}

/* The hand-over (on bill_fen for a coupon, else -1) and its slip, in one
 * transaction; the printer after. */
static enum jf_status
redeem_with_slip(struct kiosk *k, struct counter_voucher *s, int64_t bill_fen)
{
	struct slip_data d = { .kind = SLIP_VOUCHER, .balance = -1 };
	struct voucher v; /* a refusal leaves the voucher shown as it was */
	enum jf_status st;

	if ((st = slip_begin(k->lg, &s->why)) != JF_OK)
		return st;
	st = bill_fen >= 0 ? voucher_redeem_bill(k->lg, s->code, NULL, bill_fen, &v, &s->why)
			   : voucher_redeem(k->lg, s->code, NULL, &v, &s->why);
	if (st != JF_OK) {
		counter_slip_abandon(k);
		return st;
	}
	s->v = v;
	d.ref = s->v.short_code;
	d.card = s->v.card;
	d.points = s->v.points;
	d.cash_fen = s->v.cash_fen;
	d.item = k->cfg->printer_language == PRINT_EN ? s->v.name_en : s->v.name_zh;
	d.qr = s->v.code;
	if ((st = counter_slip_keep(k, &d, &s->slip)) != JF_OK) {
		s->why = k->err;
		return st;
	}
	counter_slip_print(k, &s->slip);
	return JF_OK;
}

static int
hand_over(struct kiosk *k, struct counter_voucher *s, int64_t bill_fen)
{
	enum jf_status st;

	jf_error_clear(&s->why);
	st = redeem_with_slip(k, s, bill_fen);
	if (st == JF_OK) {
		s->step = STEP_DONE;
		/* The panel's member may be the voucher's: their held points went. */
		if (counter_member_refresh(k) != JF_OK)
			return kiosk_fail(k, "counter_member_refresh");
		return R_HANDLED | R_REDRAW;
	}
	if (st == JF_CONFLICT && s->why.reason == JF_R_MIN_SPEND) {
		/* The bill is too small: say so, and let it be typed again. */
		reason_say(k, &s->why);
		text_field_clear(BILL(s));
		return R_HANDLED | R_REDRAW;
	}
	if ((st == JF_CONFLICT || st == JF_NOTFOUND) && s->why.reason != JF_R_NONE) {
		/* Taken by another counter a moment ago: say by whom, and show
		 * the voucher as it is now (its state, what may be done). look()
		 * copies the code into s->code: not from s->code itself. */
		char code[REQ_SCAN_SIZE];

		snprintf(code, sizeof code, "%s", s->code);
		look(k, s, code);
		return R_HANDLED | R_REDRAW;
	}
	k->err = s->why;
	return kiosk_fail(k, "voucher_redeem");
}

static int
take_back(struct kiosk *k, struct counter_voucher *s)
{
	struct voucher v;
	enum jf_status st = voucher_return(k->lg, s->code, NULL, &v, &k->err);

	if (st == JF_OK) {
		s->v = v;
		s->step = STEP_RETURNED;
		if (counter_member_refresh(k) != JF_OK)
			return kiosk_fail(k, "counter_member_refresh");
		return R_HANDLED | R_REDRAW;
	}
	s->step = STEP_REFUSED;
	if (reason_say(k, &k->err))
		return R_HANDLED | R_REDRAW;
	return kiosk_fail(k, "voucher_return");
}

static int
type_bill(struct kiosk *k, struct counter_voucher *s, struct req r)
{
	int64_t fen;

	switch (r.id) {
	case REQ_ENTER:
		if (BILL(s)->spoiled || BILL(s)->len == 0 ||
		    parse_amount_fen(BILL(s)->text, &fen, NULL) != JF_OK || fen <= 0) {
			kiosk_say(k, STYLE_ERROR, "%s", _("Type the bill in yuan, such as 200.00."));
			text_field_clear(BILL(s));
			return R_HANDLED | R_REDRAW;
		}
		return hand_over(k, s, fen);
	case REQ_BACK:
		s->step = STEP_READY;
		text_field_clear(BILL(s));
		return R_HANDLED | R_REDRAW;
	default: /* nothing else while the bill is typed */
		return counter_form_handle(k, &s->form, r) | R_HANDLED;
	}
}

static int
type_code(struct kiosk *k, struct counter_voucher *s, struct req r)
{
	char normal[VCODE_SHORT_LEN + 1];

	switch (r.id) {
	case REQ_ENTER:
		if (TYPED(s)->spoiled || vcode_short_check(TYPED(s)->text, normal) != JF_OK) {
			kiosk_say(k, STYLE_ERROR, "%s",
				  _("That is no short code (9 letters and digits). Type it again."));
			text_field_clear(TYPED(s));
			return R_HANDLED | R_REDRAW;
		}
		look(k, s, TYPED(s)->text);
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		return counter_form_back(k, &s->form);
	default:
		return counter_form_handle(k, &s->form, r);
	}
}

static int
voucher_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_voucher *s = state;

	if (r.id == REQ_SCAN) {
		/* Another voucher: shown here in place of this one. */
		if (!counter_is_voucher(k, k->scan))
			return counter_scan(k);
		look(k, s, k->scan);
		return R_HANDLED | R_REDRAW;
	}
	if (s->step == STEP_TYPE)
		return type_code(k, s, r);
	if (s->step == STEP_BILL)
		return type_bill(k, s, r);
	if (s->step == STEP_RETURN) {
		if (r.id == REQ_ENTER)
			return take_back(k, s);
		if (r.id == REQ_BACK)
			s->step = STEP_REFUSED;
		return R_HANDLED | R_REDRAW;
	}
	switch (r.id) {
	case REQ_ENTER:
		if (s->step == STEP_READY && takes_bill(&s->v)) {
			s->step = STEP_BILL;
			counter_form_span(&s->form, F_BILL, F_BILL);
			return R_HANDLED | R_REDRAW;
		}
		if (s->step == STEP_READY)
			return hand_over(k, s, -1);
		return kiosk_pop(k, 0);
	case REQ_ERASE:
		if (s->step == STEP_REFUSED && may_take_back(s)) {
			s->step = STEP_RETURN;
			return R_HANDLED | R_REDRAW;
		}
		return R_HANDLED;
	case REQ_RIGHT:
		return s->step == STEP_DONE ? counter_slip_view(k, &s->slip) : R_HANDLED;
	case REQ_BACK:
		return kiosk_pop(k, 0);
	case REQ_CHAR:
		return R_HANDLED; /* a letter is nothing once the code is in */
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_counter_voucher = {
	.name = "counter-voucher",
	.state_size = sizeof(struct counter_voucher),
	.arg_size = sizeof(struct counter_voucher_arg),
	.enter = voucher_enter,
	.draw = voucher_draw,
	.handle = voucher_handle,
	.leave = voucher_leave,
	.bar = ready_bar,
	.bar_now = voucher_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
