/*
 * screen_counter_return: goods brought back. The cashier types the receipt
 * number, then the amount refunded, or nothing for the whole receipt. The
 * whole receipt is ledger_earn_reverse() (what ledger_earn_lookup() says
 * it takes back is shown first); a part is ledger_earn_refund() with a
 * fresh key of its own, so that parts may follow each other. Before the
 * cashier says yes the screen shows the points that will be taken back,
 * the shortfall (points the member no longer has) as cash to keep back
 * from the refund, and the points that paid part of the bill coming back.
 * A part's figures come from the refund itself, run in a transaction that
 * is rolled back: the rule shown is the rule applied. Each return makes a
 * slip. Any member's receipt: the panel need not show them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "counter_form.h"
#include "counter_slip.h"
#include "parse.h"
#include "random.h"
#include "screen.h"

enum return_field { F_RECEIPT, F_AMOUNT, F_COUNT };
enum return_step { RET_EDIT, RET_CONFIRM, RET_DONE };

#define RETURN_KEY_SIZE 24

struct counter_return {
	enum return_step step;
	struct counter_form form;
	int looked;                    /* info is the receipt's */
	struct earn_info info;
	int whole;                     /* the whole receipt, not a part */
	int64_t fen;                   /* a part's amount */
	char key[RETURN_KEY_SIZE];     /* a part's own key */
	struct refund_result part;     /* a part's preview, then its result */
	struct ledger_result res;      /* the whole receipt's result */
	int64_t given, given_fen;      /* its offset points given back, what they paid */
	struct counter_slip slip;
};

static const struct bar_item edit_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next") },
	{ REQ_UP, REQ_DOWN, N_("Field") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
return_bar_now(struct kiosk *k, void *state)
{
	const struct counter_return *s = state;

	(void)k;
	return s->step == RET_CONFIRM ? counter_take_back_bar : s->step == RET_DONE ? counter_slip_done_bar : edit_bar;
}

#define RECEIPT(s) (&(s)->form.field[F_RECEIPT].text)
#define AMOUNT(s) (&(s)->form.field[F_AMOUNT].text)

static void
return_reset(struct counter_return *s)
{
	memset(s, 0, sizeof *s);
	counter_form_text(&s->form, F_RECEIPT, N_("Receipt"), TEXT_RECEIPT, 32, 32);
	counter_form_text(&s->form, F_AMOUNT, N_("Amount back (yuan)"), TEXT_AMOUNT, 12, 12);
	s->form.wrap = 1;
}

static void
return_enter(struct kiosk *k, void *state, const void *arg)
{
	(void)k;
	(void)arg;
	return_reset(state);
}

static void
yuan(int64_t fen, char *out, size_t size)
{
	char text[32];

	parse_format_fen(fen, text, sizeof text);
	snprintf(out, size, "¥%.24s", text);
}

/* The figures of a return: taken back, shortfall and its cash, points
 * that paid the bill given back. Returns the row under them. */
static int
draw_figures(struct kiosk *k, int y, enum point_kind kind, int64_t take, int64_t shortfall,
	     int64_t shortfall_fen, int64_t offset_points, int64_t offset_fen)
{
	char line[300], pts[64], money[48];

	i18n_points(take, kind, pts, sizeof pts);
	snprintf(line, sizeof line, _("Points taken back: %s."), pts);
	draw_text(y++, 3, k->cols - 6, STYLE_POINTS, line);
	if (shortfall > 0) {
		i18n_points(shortfall, kind, pts, sizeof pts);
		if (shortfall_fen > 0) {
			yuan(shortfall_fen, money, sizeof money);
			snprintf(line, sizeof line,
				 _("SHORTFALL: %s already spent. Keep back %s from the refund."), pts,
				 money);
		} else {
			snprintf(line, sizeof line,
				 _("SHORTFALL: %s already spent. Settle it as the store's rules say."),
				 pts);
		}
		draw_fill(y, 0, k->cols, STYLE_ERROR);
		draw_text(y++, 3, k->cols - 6, STYLE_ERROR, line);
	}
	if (offset_points > 0) {
		i18n_points(offset_points, KIND_POINTS, pts, sizeof pts);
		yuan(offset_fen, money, sizeof money);
		snprintf(line, sizeof line,
			 _("%s that paid %s of the bill go back to the member: refund that part in points, not cash."),
			 pts, money);
		y += draw_wrap(y, 3, k->cols - 6, 2, STYLE_OK, line);
	}
	return y;
}

/* A part's refund in cash: its amount, less what points paid and less the
 * shortfall's worth. */
static int
draw_cash(struct kiosk *k, int y, const struct refund_result *r)
{
	char line[200], money[48];
	int64_t cash = r->fen - r->offset_fen - r->shortfall_fen;

	yuan(cash > 0 ? cash : 0, money, sizeof money);
	snprintf(line, sizeof line, _("Refund in cash: %s."), money);
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, line);
	return y + 1;
}

/* A part's figures, as it will be and as it was. */
static int
draw_part(struct kiosk *k, int y, const struct refund_result *r)
{
	y = draw_figures(k, y, r->kind, r->points, r->shortfall, r->shortfall_fen,
			 r->offset_points, r->offset_fen);
	return draw_cash(k, y, r);
}

static void
draw_info(struct kiosk *k, struct counter_return *s, int y)
{
	char line[300], pts[64];

	i18n_points(s->info.points, s->info.kind, pts, sizeof pts);
	snprintf(line, sizeof line, _("This receipt earned %s (card %s)%s."), pts, s->info.card,
		 s->info.reversed ? _(", reversed already") : "");
	draw_wrap(y, 3, k->cols - 6, 2, STYLE_NORMAL, line);
}

static void
return_draw(struct kiosk *k, void *state)
{
	struct counter_return *s = state;
	int y = counter_panel_draw(k);

	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Goods returned"));
	counter_form_draw(&s->form, y + 2, 1, s->step == RET_EDIT);
	y += 5;
	if (s->looked) {
		draw_info(k, s, y);
		y += 2;
	}
	switch (s->step) {
	case RET_EDIT:
		draw_wrap(y, 3, k->cols - 6, 3, STYLE_DIM,
			  s->form.focus == F_RECEIPT
				  ? _("Type the receipt number and press Enter.")
				  : _("Type the amount refunded for part of the receipt, or leave it "
				      "empty for the whole receipt, and press Enter."));
		break;
	case RET_CONFIRM:
		draw_text(y++, 3, k->cols - 6, STYLE_HEADING,
			  s->whole ? _("The whole receipt comes back.") : _("Part of the receipt comes back."));
		if (s->whole)
			y = draw_figures(k, y, s->info.kind, s->info.take, s->info.shortfall, 0,
					 s->info.offset_points, s->info.offset_fen);
		else
			y = draw_part(k, y, &s->part);
		draw_text(y + 1, 3, k->cols - 6, STYLE_WARN,
			  _("Take back these points? Enter: yes. Esc: no."));
		break;
	case RET_DONE: {
		char line[200];

		if (s->whole ? s->res.replay : s->part.replay)
			snprintf(line, sizeof line, "%s", _("This return was recorded before: nothing more was taken."));
		else
			snprintf(line, sizeof line, _("Return of receipt %s recorded."), RECEIPT(s)->text);
		draw_text(y++, 3, k->cols - 6, STYLE_OK, line);
		if (s->whole)
			y = draw_figures(k, y, s->info.kind, s->res.points, s->res.shortfall, 0,
					 s->given, s->given_fen);
		else
			y = draw_part(k, y, &s->part);
		counter_slip_draw(k, y + 1, &s->slip);
		break;
	}
	}
}

/* A part's figures: the refund itself, rolled back. */
static enum jf_status
preview_part(struct kiosk *k, struct counter_return *s)
{
	struct refund_request req = { RECEIPT(s)->text, s->fen, s->key };
	enum jf_status st;

	if ((st = counter_slip_begin(k)) != JF_OK)
		return st;
	st = ledger_earn_refund(k->lg, &req, &s->part, &k->err);
	counter_slip_abandon(k);
	return st;
}

static void
fresh_key(struct counter_return *s)
{
	unsigned char b[6];

	random_bytes(b, sizeof b);
	snprintf(s->key, sizeof s->key, "u%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4],
		 b[5]);
}

static int
review(struct kiosk *k, struct counter_return *s)
{
	enum jf_status st;

	if (RECEIPT(s)->spoiled || parse_key("receipt", RECEIPT(s)->text, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("Type the receipt number: letters, digits and signs, no spaces."));
		text_field_clear(RECEIPT(s));
		s->form.focus = F_RECEIPT;
		s->looked = 0;
		return R_HANDLED | R_REDRAW;
	}
	if (s->form.focus == F_RECEIPT || !s->looked) {
		st = ledger_earn_lookup(k->lg, RECEIPT(s)->text, &s->info, &k->err);
		if (st != JF_OK)
			return counter_refused(k, "ledger_earn_lookup");
		s->looked = 1;
		s->form.focus = F_AMOUNT;
		return R_HANDLED | R_REDRAW;
	}
	s->whole = AMOUNT(s)->len == 0 && !AMOUNT(s)->spoiled;
	if (s->whole) {
		if (s->info.reversed) {
			kiosk_say(k, STYLE_WARN, _("Receipt %s was already reversed."), RECEIPT(s)->text);
			return R_HANDLED | R_REDRAW;
		}
		s->step = RET_CONFIRM;
		return R_HANDLED | R_REDRAW;
	}
	if (AMOUNT(s)->spoiled || parse_amount_fen(AMOUNT(s)->text, &s->fen, NULL) != JF_OK ||
	    s->fen <= 0) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type the amount in yuan, such as 50.00, or nothing for the whole receipt."));
		text_field_clear(AMOUNT(s));
		return R_HANDLED | R_REDRAW;
	}
	fresh_key(s);
	st = preview_part(k, s);
	if (st != JF_OK)
		return counter_refused(k, "ledger_earn_refund");
	s->step = RET_CONFIRM;
	return R_HANDLED | R_REDRAW;
}

static int
take_back(struct kiosk *k, struct counter_return *s)
{
	struct slip_data d = { .kind = SLIP_RETURN, .balance = -1 };
	char ref[sizeof s->form.field[F_RECEIPT].text.text + RETURN_KEY_SIZE + 1]; /* RECEIPT/KEY */
	enum jf_status st;

	if (counter_slip_begin(k) != JF_OK)
		return kiosk_fail(k, "slip_begin");
	if (s->whole) {
		st = ledger_earn_reverse(k->lg, RECEIPT(s)->text, &s->res, &k->err);
		if (st == JF_OK)
			st = ledger_reverse_offset(k->lg, RECEIPT(s)->text, &s->given,
						   &s->given_fen, &k->err);
		d.points = s->res.points;
		d.shortfall = s->res.shortfall;
		d.given = s->given;
		d.paid_fen = s->given_fen;
		snprintf(ref, sizeof ref, "%s", RECEIPT(s)->text);
	} else {
		struct refund_request req = { RECEIPT(s)->text, s->fen, s->key };

		st = ledger_earn_refund(k->lg, &req, &s->part, &k->err);
		d.points = s->part.points;
		d.shortfall = s->part.shortfall;
		d.given = s->part.offset_points;
		d.paid_fen = s->part.offset_fen;
		/* A slip's key is its kind and ref: each part is a slip of its own. */
		snprintf(ref, sizeof ref, "%s/%s", RECEIPT(s)->text, s->key);
	}
	if (st != JF_OK) {
		counter_slip_abandon(k);
		s->step = RET_EDIT;
		return counter_refused(k, "ledger_earn_refund");
	}
	d.ref = ref;
	d.card = s->info.card;
	if (counter_slip_keep(k, &d, &s->slip) != JF_OK)
		return kiosk_fail(k, "slip_record");
	counter_slip_print(k, &s->slip);
	s->step = RET_DONE;
	if (counter_member_refresh(k) != JF_OK)
		return kiosk_fail(k, "counter_member_refresh");
	return R_HANDLED | R_REDRAW;
}

static int
handle_edit(struct kiosk *k, struct counter_return *s, struct req r)
{
	int flags;

	if (r.id == REQ_ENTER)
		return review(k, s);
	flags = counter_form_handle(k, &s->form, r);
	/* Another receipt is being typed: what was looked up is not its. */
	if ((r.id == REQ_CHAR || r.id == REQ_ERASE) && s->form.focus == F_RECEIPT)
		s->looked = 0;
	return flags;
}

static int
return_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_return *s = state;

	if (s->step == RET_EDIT)
		return handle_edit(k, s, r);
	if (r.id == REQ_SCAN)
		return counter_scan(k);
	if (s->step == RET_CONFIRM) {
		if (r.id == REQ_ENTER)
			return take_back(k, s);
		if (r.id == REQ_BACK)
			s->step = RET_EDIT;
		return R_HANDLED | R_REDRAW;
	}
	if (r.id == REQ_RIGHT)
		return counter_slip_view(k, &s->slip);
	if (r.id == REQ_ENTER || r.id == REQ_BACK)
		return kiosk_pop(k, 0);
	return R_HANDLED;
}

const struct screen_ops screen_counter_return = {
	.name = "counter-return",
	.state_size = sizeof(struct counter_return),
	.enter = return_enter,
	.draw = return_draw,
	.handle = return_handle,
	.bar = edit_bar,
	.bar_now = return_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
