/*
 * screen_voucher: one voucher, to show the cashier. The QR code of its
 * full code with the quiet zone, the short code to type when a scanner
 * fails, the item, the points it took, any cash still due at the counter,
 * the expiry and the state. Read-only: the cashier's scan is what spends
 * the points, never this screen.
 *
 * It opens on its struct voucher_arg, either just issued by the item screen
 * (then "Done" ends the visit, and Back goes home: the voucher stays in
 * My vouchers) or from My vouchers (then Back returns to the list). A
 * voucher no longer issued shows its state instead of a code to scan.
 *
 * The QR code takes 37 columns and 19 rows in half blocks (a voucher code
 * is always QR version 3), so at 80x24 it sits left of the text in the 21
 * body rows. Where the terminal has no half blocks (the console: caps.h)
 * it takes 74 columns and 37 rows, which fit from 132x43 up; below that
 * the short code alone is shown.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "parse.h"
#include "qr.h"
#include "screen.h"
#include "widget.h"
#include "voucher.h"

#define DONE_GUARD_MS 1000 /* Done does not answer until the code has been seen */
#define GAP 3       /* columns between the QR code and the text */
#define TEXT_MAX 44 /* the text column never grows wider than this */

struct voucher_screen {
	struct voucher v;
	int found;
	int just_issued;
	int done_ready; /* the guard's tick has come: Done answers */
	struct qr_matrix qr; /* the code's modules; none (width 0) unless issued */
	int qr_cols, qr_rows; /* as draw_qr() draws it here */
};

static const struct bar_item voucher_bar[] = {
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* Just redeemed: Enter is Done, Esc goes home. */
static const struct bar_item issued_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Done") },
	{ REQ_BACK, REQ_NONE, N_("Home") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
voucher_bar_now(struct kiosk *k, void *state)
{
	const struct voucher_screen *s = state;

	return s->just_issued ? issued_bar : voucher_bar;
}

static enum jf_status
render_qr(struct voucher_screen *s, struct jf_error *err)
{
	if (qr_encode(s->v.code, &s->qr, err) != JF_OK)
		return err->status;
	draw_qr_size(&s->qr, &s->qr_cols, &s->qr_rows);
	return JF_OK;
}

static void
voucher_enter(struct kiosk *k, void *state, const void *arg)
{
	struct voucher_screen *s = state;
	const struct voucher_arg *a = arg;

	s->just_issued = a->just_issued;
	if (voucher_find(k->lg, a->code, &s->v, &k->err) != JF_OK) {
		kiosk_fail(k, "voucher_find");
		return;
	}
	/* A code handed here is always the member's own; anything else is a
	 * bug, and must not show someone else's voucher. */
	if (strcmp(s->v.card, k->session.m.card) != 0) {
		jf_fail(&k->err, JF_NOTFOUND, "voucher %lld is not this member's",
			(long long)s->v.id);
		kiosk_fail(k, "voucher_enter");
		return;
	}
	s->found = 1;
	if (s->v.state == VOUCHER_ISSUED && render_qr(s, &k->err) != JF_OK)
		kiosk_fail(k, "qr_encode");
}

static void
voucher_leave(struct kiosk *k, void *state)
{
	struct voucher_screen *s = state;

	(void)k;
	/* The code is as good as the goods until it is scanned. */
	if (s->qr.modules) {
		explicit_bzero(s->qr.modules, (size_t)s->qr.width * (size_t)s->qr.width);
		qr_matrix_done(&s->qr);
	}
}

/* The item in the member's language, with how many when more than one. */
static void
item_name(const struct voucher *v, char *out, size_t size)
{
	const char *name = i18n_name(v->name_zh, v->name_en);

	if (v->qty > 1)
		snprintf(out, size, "%s × %lld", name, (long long)v->qty);
	else
		snprintf(out, size, "%s", name);
}

/* The short code in a box, so it stands out and reads at a glance. */
static void
draw_short_code(const char *code, int y, int x)
{
	char rule[128] = "", mid[64];
	int w = draw_width(code) + 2;

	for (int i = 0; i < w; i++)
		strcat(rule, "─");
	snprintf(mid, sizeof mid, "│ %s │", code);
	draw_text(y, x, w + 2, STYLE_HEADING, "┌");
	draw_text(y, x + 1, w, STYLE_HEADING, rule);
	draw_text(y, x + 1 + w, 1, STYLE_HEADING, "┐");
	draw_text(y + 1, x, w + 2, STYLE_HEADING, mid);
	draw_text(y + 2, x, 1, STYLE_HEADING, "└");
	draw_text(y + 2, x + 1, w, STYLE_HEADING, rule);
	draw_text(y + 2, x + 1 + w, 1, STYLE_HEADING, "┘");
}

/* "Label  value" with the values lined up at column vx. */
static void
draw_fact(int y, int x, int vx, int right, const char *label, enum style st, const char *value)
{
	draw_text(y, x, vx - x - 1, STYLE_DIM, label);
	draw_text(y, vx, right - vx, st, value);
}

static int
max_int(int a, int b)
{
	return a > b ? a : b;
}

/* Points, cash due, expiry and state, from row y. Returns the rows used. */
static int
draw_facts(const struct voucher_screen *s, int y, int x, int width)
{
	const struct voucher *v = &s->v;
	const char *labels[] = { _("Points paid"), _("Pay at the counter"), _("Valid until"),
				 _("State") };
	char points[64], cash[48], fen[24], date[CLOCK_DATE_LEN];
	int vx = x, rows = 0;

	for (int i = 0; i < 4; i++)
		vx = max_int(vx, x + draw_width(labels[i]) + 2);
	i18n_points(v->points, v->kind, points, sizeof points);
	draw_fact(y + rows++, x, vx, x + width, labels[0], STYLE_POINTS, points);
	if (v->cash_fen > 0) {
		parse_format_fen(v->cash_fen, fen, sizeof fen);
		snprintf(cash, sizeof cash, _("¥%s"), fen);
		draw_fact(y + rows++, x, vx, x + width, labels[1], STYLE_WARN, cash);
	}
	clock_date_of(v->expires_at, date);
	draw_fact(y + rows++, x, vx, x + width, labels[2], STYLE_NORMAL, date);
	draw_fact(y + rows++, x, vx, x + width, labels[3], STYLE_NORMAL, _("Ready to use"));
	return rows;
}

/* The "Done" button and what Enter and Esc do here. */
static void
draw_done(struct kiosk *k, int y, int x, int width)
{
	widget_button(y, x, _("Done"), (struct req){ REQ_ENTER, 0 });
	draw_wrap(y + 2, x, width, k->bottom - y - 1, STYLE_DIM,
		  _("Press Enter when you are done: you will be logged out. Esc goes back "
		    "home; the voucher stays in My vouchers."));
}

static void
draw_issued(struct kiosk *k, struct voucher_screen *s)
{
	int body = k->bottom - k->top + 1, qr_w = s->qr_cols + GAP, width, x, y, tx;
	char name[CATALOG_NAME_SIZE + 32];

	/* A clipped code would not scan. In half blocks there is always room
	 * for all of it from 80x24 up (a voucher's code takes 19 of the 21
	 * body rows and 37 columns); where there is not (the console below
	 * 132x43), the short code alone is shown, a little below the top. */
	if (s->qr_rows > body || k->cols - 4 - qr_w < 30)
		qr_w = 0;
	width = k->cols - 4 - qr_w;
	if (width > TEXT_MAX)
		width = TEXT_MAX;
	x = (k->cols - qr_w - width) / 2;
	y = k->top + (qr_w > 0 ? (body - s->qr_rows) / 2 : body / 8);
	if (qr_w > 0)
		draw_qr(y, x, &s->qr);
	tx = x + qr_w;
	draw_text(y, tx, width, STYLE_HEADING, _("Show this to the cashier"));
	y += 2;
	item_name(&s->v, name, sizeof name);
	y += draw_wrap(y, tx, width, 2, STYLE_NORMAL, name) + 1;
	draw_text(y++, tx, width, STYLE_DIM, _("Short code"));
	draw_short_code(s->v.short_code, y, tx);
	y += 4;
	y += draw_facts(s, y, tx, width) + 1;
	if (s->just_issued)
		draw_done(k, y, tx, width);
	else
		draw_wrap(y, tx, width, k->bottom - y + 1, STYLE_DIM,
			  qr_w > 0 ? _("The cashier scans the code, or types the short code.")
				   : _("The cashier types the short code."));
}

/* Why a voucher no longer scans, in the member's words. */
static void
state_line(const struct voucher *v, char *out, size_t size)
{
	char date[CLOCK_DATE_LEN];

	switch (v->state) {
	case VOUCHER_REDEEMED:
		clock_date_of(v->redeemed_at, date);
		snprintf(out, size, _("This voucher was used at the counter on %s."), date);
		break;
	case VOUCHER_CANCELLED:
		clock_date_of(v->closed_at, date);
		snprintf(out, size, _("This voucher was cancelled on %s; its points came back."),
			 date);
		break;
	case VOUCHER_EXPIRED:
		clock_date_of(v->closed_at ? v->closed_at : v->expires_at, date);
		snprintf(out, size, _("This voucher expired on %s; its points came back."), date);
		break;
	case VOUCHER_RETURNED:
		clock_date_of(v->closed_at, date);
		snprintf(out, size, _("The goods were returned on %s; the points came back."),
			 date);
		break;
	default:
		snprintf(out, size, "%s", voucher_state_name(v->state));
		break;
	}
}

static void
draw_closed(struct kiosk *k, struct voucher_screen *s)
{
	char line[256], code[64], name[CATALOG_NAME_SIZE + 32];
	int width = k->cols - 8 < 60 ? k->cols - 8 : 60, x = (k->cols - width) / 2;
	int y = k->top + (k->bottom - k->top + 1 - 10) / 2;

	item_name(&s->v, name, sizeof name);
	y += draw_wrap(y, x, width, 2, STYLE_HEADING, name) + 1;
	snprintf(code, sizeof code, "%s  %s", _("Short code"), s->v.short_code);
	draw_text(y, x, width, STYLE_NORMAL, code);
	y += 2;
	state_line(&s->v, line, sizeof line);
	y += draw_wrap(y, x, width, 2, STYLE_WARN, line);
	if (s->v.state == VOUCHER_CANCELLED && s->v.reason[0])
		y += draw_wrap(y, x, width, 2, STYLE_NORMAL, s->v.reason);
	draw_wrap(y + 1, x, width, 2, STYLE_DIM, _("There is no code to show for it any more."));
}

static void
voucher_draw(struct kiosk *k, void *state)
{
	struct voucher_screen *s = state;

	if (!s->found)
		return;
	if (s->qr.modules)
		draw_issued(k, s);
	else
		draw_closed(k, s);
}

static int
voucher_handle(struct kiosk *k, void *state, struct req r)
{
	struct voucher_screen *s = state;

	switch (r.id) {
	case REQ_ENTER:
		/* A second press of Yes that lands here is not Done: the member
		 * has not seen the code yet. */
		if (s->just_issued && !s->done_ready)
			return R_HANDLED;
		if (s->just_issued)
			return kiosk_logout(k, N_("Thank you! You are logged out. Enjoy your reward."),
					    STYLE_OK);
		return kiosk_pop(k, 0);
	case REQ_BACK:
		if (!s->just_issued)
			return kiosk_pop(k, 0);
		/* "Home": the item and the catalog under it are done with. */
		kiosk_say(k, STYLE_OK, "%s", _("Your voucher is waiting in My vouchers."));
		return kiosk_home(k);
	default:
		return R_UNHANDLED;
	}
}

/* The screen's timer: DONE_GUARD_MS after it opened, Done answers. */
static int
voucher_tick(struct kiosk *k, void *state)
{
	struct voucher_screen *s = state;

	(void)k;
	s->done_ready = 1;
	return R_HANDLED;
}

const struct screen_ops screen_voucher = {
	.name = "voucher",
	.state_size = sizeof(struct voucher_screen),
	.arg_size = sizeof(struct voucher_arg),
	.enter = voucher_enter,
	.draw = voucher_draw,
	.handle = voucher_handle,
	.leave = voucher_leave,
	.tick = voucher_tick,
	.tick_ms = DONE_GUARD_MS,
	.bar = voucher_bar,
	.bar_now = voucher_bar_now,
	.idle_logout = 1,
};
