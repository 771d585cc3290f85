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
#include "counter_slip.h"
#include "parse.h"
#include "random.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

enum return_field { F_RECEIPT, F_AMOUNT, F_COUNT };
enum return_step { RET_EDIT, RET_CONFIRM, RET_DONE };

#define RETURN_KEY_SIZE 24

struct counter_return {
	enum return_step step;
	int focus;
	struct text_field receipt, amount;
	int looked;                    /* info is the receipt's */
	struct earn_info info;
	int whole;                     /* the whole receipt, not a part */
	int64_t fen;                   /* a part's amount */
	char key[RETURN_KEY_SIZE];     /* a part's own key */
	struct refund_result part;     /* a part's preview, then its result */
	struct ledger_result res;      /* the whole receipt's result */
	struct counter_slip slip;
};

static const struct bar_item edit_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next") },
	{ REQ_UP, REQ_DOWN, N_("Field") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item confirm_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Yes, take back") },
	{ REQ_BACK, REQ_NONE, N_("No") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Done") },
	{ REQ_RIGHT, REQ_NONE, N_("Slip") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
return_bar_now(struct kiosk *k, void *state)
{
	const struct counter_return *s = state;

	(void)k;
	return s->step == RET_CONFIRM ? confirm_bar : s->step == RET_DONE ? done_bar : edit_bar;
}

static void
return_reset(struct counter_return *s)
{
	memset(s, 0, sizeof *s);
	text_field_init(&s->receipt, TEXT_RECEIPT, 32);
	text_field_init(&s->amount, TEXT_AMOUNT, 12);
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
	const char *labels[] = { _("Receipt"), _("Amount back (yuan)") };
	int y = counter_panel_draw(k), lw = 0, edit = s->step == RET_EDIT;

	for (int i = 0; i < F_COUNT; i++)
		if (draw_width(labels[i]) > lw)
			lw = draw_width(labels[i]);
	lw += 2;
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Goods returned"));
	y += 2;
	widget_field(y, 3, lw, labels[F_RECEIPT], text_field_shown(&s->receipt), 32,
		     edit && s->focus == F_RECEIPT);
	draw_hit(y, 3, lw, (struct req){ REQ_PICK, F_RECEIPT });
	widget_field(y + 1, 3, lw, labels[F_AMOUNT], text_field_shown(&s->amount), 12,
		     edit && s->focus == F_AMOUNT);
	draw_hit(y + 1, 3, lw, (struct req){ REQ_PICK, F_AMOUNT });
	y += 3;
	if (s->looked) {
		draw_info(k, s, y);
		y += 2;
	}
	switch (s->step) {
	case RET_EDIT:
		draw_wrap(y, 3, k->cols - 6, 3, STYLE_DIM,
			  s->focus == F_RECEIPT
				  ? _("Type the receipt number and press Enter.")
				  : _("Type the amount refunded for part of the receipt, or leave it "
				      "empty for the whole receipt, and press Enter."));
		break;
	case RET_CONFIRM:
		draw_text(y++, 3, k->cols - 6, STYLE_HEADING,
			  s->whole ? _("The whole receipt comes back.") : _("Part of the receipt comes back."));
		if (s->whole)
			y = draw_figures(k, y, s->info.kind, s->info.take, s->info.shortfall, 0, 0, 0);
		else
			y = draw_cash(k, draw_figures(k, y, s->part.kind, s->part.points,
						     s->part.shortfall, s->part.shortfall_fen,
						     s->part.offset_points, s->part.offset_fen),
				      &s->part);
		draw_text(y + 1, 3, k->cols - 6, STYLE_WARN,
			  _("Take back these points? Enter: yes. Esc: no."));
		break;
	case RET_DONE: {
		char line[200];

		if (s->whole ? s->res.replay : s->part.replay)
			snprintf(line, sizeof line, "%s", _("This return was recorded before: nothing more was taken."));
		else
			snprintf(line, sizeof line, _("Return of receipt %s recorded."), s->receipt.text);
		draw_text(y++, 3, k->cols - 6, STYLE_OK, line);
		if (s->whole)
			y = draw_figures(k, y, s->info.kind, s->res.points, s->res.shortfall, 0, 0, 0);
		else
			y = draw_cash(k, draw_figures(k, y, s->part.kind, s->part.points,
						     s->part.shortfall, s->part.shortfall_fen,
						     s->part.offset_points, s->part.offset_fen),
				      &s->part);
		counter_slip_draw(k, y + 1, &s->slip);
		break;
	}
	}
}

static int
refused(struct kiosk *k, enum jf_status st, const char *what)
{
	if (reason_say(k, &k->err))
		return R_HANDLED | R_REDRAW;
	if (st == JF_USAGE) {
		kiosk_say(k, STYLE_ERROR, "%s", k->err.message);
		return R_HANDLED | R_REDRAW;
	}
	return kiosk_fail(k, what);
}

/* A part's figures: the refund itself, rolled back. */
static enum jf_status
preview_part(struct kiosk *k, struct counter_return *s)
{
	struct refund_request req = { s->receipt.text, s->fen, s->key };
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

	if (s->receipt.spoiled || parse_key("receipt", s->receipt.text, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("Type the receipt number: letters, digits and signs, no spaces."));
		text_field_clear(&s->receipt);
		s->focus = F_RECEIPT;
		s->looked = 0;
		return R_HANDLED | R_REDRAW;
	}
	if (s->focus == F_RECEIPT || !s->looked) {
		st = ledger_earn_lookup(k->lg, s->receipt.text, &s->info, &k->err);
		if (st != JF_OK)
			return refused(k, st, "ledger_earn_lookup");
		s->looked = 1;
		s->focus = F_AMOUNT;
		return R_HANDLED | R_REDRAW;
	}
	s->whole = s->amount.len == 0 && !s->amount.spoiled;
	if (s->whole) {
		if (s->info.reversed) {
			kiosk_say(k, STYLE_WARN, _("Receipt %s was already reversed."), s->receipt.text);
			return R_HANDLED | R_REDRAW;
		}
		s->step = RET_CONFIRM;
		return R_HANDLED | R_REDRAW;
	}
	if (s->amount.spoiled || parse_amount_fen(s->amount.text, &s->fen, NULL) != JF_OK ||
	    s->fen <= 0) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type the amount in yuan, such as 50.00, or nothing for the whole receipt."));
		text_field_clear(&s->amount);
		return R_HANDLED | R_REDRAW;
	}
	fresh_key(s);
	st = preview_part(k, s);
	if (st != JF_OK)
		return refused(k, st, "ledger_earn_refund");
	s->step = RET_CONFIRM;
	return R_HANDLED | R_REDRAW;
}

static int
take_back(struct kiosk *k, struct counter_return *s)
{
	struct slip_data d = { .kind = SLIP_RETURN, .balance = -1 };
	char ref[sizeof s->receipt.text + RETURN_KEY_SIZE + 1]; /* RECEIPT/KEY */
	enum jf_status st;

	if (counter_slip_begin(k) != JF_OK)
		return kiosk_fail(k, "slip_begin");
	if (s->whole) {
		st = ledger_earn_reverse(k->lg, s->receipt.text, &s->res, &k->err);
		d.points = s->res.points;
		d.shortfall = s->res.shortfall;
		snprintf(ref, sizeof ref, "%s", s->receipt.text);
	} else {
		struct refund_request req = { s->receipt.text, s->fen, s->key };

		st = ledger_earn_refund(k->lg, &req, &s->part, &k->err);
		d.points = s->part.points;
		d.shortfall = s->part.shortfall;
		/* A slip's key is its kind and ref: each part is a slip of its own. */
		snprintf(ref, sizeof ref, "%s/%s", s->receipt.text, s->key);
	}
	if (st != JF_OK) {
		counter_slip_abandon(k);
		s->step = RET_EDIT;
		return refused(k, st, "ledger_earn_refund");
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

static struct text_field *
focused(struct counter_return *s)
{
	return s->focus == F_RECEIPT ? &s->receipt : &s->amount;
}

static int
handle_edit(struct kiosk *k, struct counter_return *s, struct req r)
{
	switch (r.id) {
	case REQ_CHAR:
		if (r.arg == '\t')
			s->focus = (s->focus + 1) % F_COUNT;
		else
			text_field_type(focused(s), r.arg);
		if (s->focus == F_RECEIPT)
			s->looked = 0;
		return R_HANDLED | R_REDRAW;
	case REQ_ERASE:
		text_field_erase(focused(s));
		if (s->focus == F_RECEIPT)
			s->looked = 0;
		return R_HANDLED | R_REDRAW;
	case REQ_UP:
	case REQ_DOWN:
		s->focus = !s->focus;
		return R_HANDLED | R_REDRAW;
	case REQ_PICK:
		if (r.arg >= 0 && r.arg < F_COUNT)
			s->focus = r.arg;
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		return review(k, s);
	case REQ_BACK:
		return kiosk_pop(k, 0);
	case REQ_SCAN:
		return counter_scan(k);
	default:
		return R_UNHANDLED;
	}
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
