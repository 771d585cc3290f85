/*
 * screen_item: one catalog item (its struct item_arg) and redeeming it. Its names
 * in both languages, SKU, kind (goods, coupon, bill offset), price and any
 * cash to pay at the counter, stock, the days it is on offer, and the
 * member's available points beside the price. Redeem asks first, inside
 * the screen, saying what the member will have left; only Yes writes.
 *
 * What the member cannot do is said before they try: core is asked
 * whether it would issue the voucher (voucher_can_issue()), and the Redeem
 * button is there only if it would, else core's reason stands in its
 * place. A refusal by the ledger all the same (the last one was just taken
 * at another kiosk) is said on the message line and changes nothing; only
 * a failure of the ledger itself goes to the staff.
 *
 * Each confirmation carries one idempotency key, made when it opens: Yes
 * pressed twice, or a retry after a lost answer, issues one voucher.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "confirm.h"
#include "reason.h"
#include "campaign.h"
#include "screen.h"
#include "tier.h"
#include "widget.h"
#include "voucher.h"

#define ITEM_ROWS 16  /* the layout's rows; a taller body gets it centred */
#define TEXT_SIZE 600

struct item_screen {
	char sku[CATALOG_SKU_SIZE];
	struct catalog_item item;
	int loaded;
	struct confirm ask; /* the question before the write */
	int64_t available; /* of the item's kind of points */
	char campaign[GAME_CODE_SIZE]; /* whose discount is the price; "" none */
	char today[CLOCK_DATE_LEN];
};

static const struct bar_item item_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Redeem") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item confirm_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Yes") },
	{ REQ_BACK, REQ_NONE, N_("No") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* An item that cannot be redeemed now: only Back. */
static const struct bar_item back_bar[] = {
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static enum point_kind
kind_of(const struct catalog_item *it)
{
	return it->green ? KIND_GREEN : KIND_POINTS;
}

/* Read the item and the member's points again (after a refusal too:
 * the stock or the points may have changed meanwhile). */
static enum jf_status
load(struct kiosk *k, struct item_screen *s, const char **what)
{
	struct balance b;
	enum jf_status st;

	clock_date_of(clock_now(), s->today);
	*what = "catalog_find";
	if ((st = catalog_find(k->lg, s->sku, &s->item, &k->err)) != JF_OK)
		return st;
	/* The price the voucher will hold: the lowest of its own, a running
	 * campaign's and the member's tier's (voucher.h). */
	*what = "voucher_price";
	if ((st = voucher_price(k->lg, k->session.m.card, &s->item, &s->item.points, s->campaign,
				sizeof s->campaign, &k->err)) != JF_OK)
		return st;
	*what = "ledger_balance";
	if ((st = ledger_balance(k->lg, k->session.m.card, &b, &k->err)) != JF_OK)
		return st;
	s->available = b.available[kind_of(&s->item)];
	balance_done(&b);
	*what = "voucher_can_issue";
	st = voucher_can_issue(k->lg, k->session.m.card, s->item.sku, 1, &s->ask.why);
	if (st != JF_OK && s->ask.why.reason == JF_R_NONE) {
		k->err = s->ask.why;
		return st;
	}
	s->ask.refused = st != JF_OK;
	s->loaded = 1;
	return JF_OK;
}

static void
item_enter(struct kiosk *k, void *state, const void *arg)
{
	struct item_screen *s = state;
	const char *what;
	enum jf_status st;

	snprintf(s->sku, sizeof s->sku, "%s", ((const struct item_arg *)arg)->sku);
	st = load(k, s, &what);
	if ((st == JF_NOTFOUND || st == JF_USAGE) && strcmp(what, "catalog_find") == 0) {
		/* Gone from the catalog since the list was read. */
		kiosk_say(k, STYLE_ERROR, "%s", _("This item is no longer in the catalog."));
		kiosk_pop(k, 0);
	} else if (st != JF_OK) {
		kiosk_fail(k, what);
	}
}

static void
item_leave(struct kiosk *k, void *state)
{
	struct item_screen *s = state;

	(void)k;
	explicit_bzero(s->ask.key, sizeof s->ask.key);
}

/* Yuan from fen as a price tag says it: "100", or "99.50". */
static void
format_yuan(int64_t fen, char *out, size_t size)
{
	if (fen % 100 == 0)
		snprintf(out, size, "%lld", (long long)(fen / 100));
	else
		snprintf(out, size, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

static void
format_type(const struct catalog_item *it, char *out, size_t size)
{
	char value[32], min[32];

	format_yuan(it->value_fen, value, sizeof value);
	format_yuan(it->min_spend_fen, min, sizeof min);
	if (it->type == ITEM_COUPON && it->min_spend_fen > 0)
		snprintf(out, size, _("Coupon: %s yuan off a purchase of %s yuan or more"), value,
			 min);
	else if (it->type == ITEM_COUPON)
		snprintf(out, size, _("Coupon: %s yuan off any purchase"), value);
	else if (it->type == ITEM_OFFSET)
		snprintf(out, size, _("Bill offset: pays %s yuan of a bill"), value);
	else
		snprintf(out, size, "%s", _("Goods"));
}

static void
format_window(const struct item_screen *s, char *out, size_t size)
{
	const struct catalog_item *it = &s->item;
	char window[64];

	if (it->delisted) {
		snprintf(out, size, "%s", _("no longer offered"));
		return;
	}
	if (it->active_from[0] && it->active_until[0])
		snprintf(window, sizeof window, _("%s to %s"), it->active_from, it->active_until);
	else if (it->active_from[0])
		snprintf(window, sizeof window, _("from %s"), it->active_from);
	else if (it->active_until[0])
		snprintf(window, sizeof window, _("until %s"), it->active_until);
	else
		snprintf(window, sizeof window, "%s", _("always"));
	snprintf(out, size, "%s (%s)", window,
		 catalog_available_on(it, s->today) ? _("on offer today") : _("not on offer today"));
}

/* label, then value at column vx; returns the rows used. */
static int
draw_field(int y, int x, int vx, int width, enum style st, const char *label, const char *value)
{
	draw_text(y, x, vx - x - 2, STYLE_NORMAL, label);
	return draw_wrap(y, vx, x + width - vx, 2, st, value);
}

/* The facts, a row each; returns the row after them. */
static int
draw_facts(struct item_screen *s, int y, int x, int width)
{
	const struct catalog_item *it = &s->item;
	const char *labels[] = { _("SKU"), _("Type"), _("Price"), _("Stock"), _("On offer"),
				 _("Your points") };
	char text[TEXT_SIZE], points[64], cash[32];
	int label_w = 0, vx, used;

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (draw_width(labels[i]) > label_w)
			label_w = draw_width(labels[i]);
	vx = x + label_w + 3;
	y += draw_field(y, x, vx, width, STYLE_NORMAL, labels[0], it->sku);
	format_type(it, text, sizeof text);
	y += draw_field(y, x, vx, width, STYLE_NORMAL, labels[1], text);
	i18n_points(it->points, kind_of(it), points, sizeof points);
	if (it->cash_fen > 0) {
		format_yuan(it->cash_fen, cash, sizeof cash);
		snprintf(text, sizeof text, _("%s, plus %s yuan paid at the counter"), points, cash);
	} else {
		snprintf(text, sizeof text, "%s", points);
	}
	y += draw_field(y, x, vx, width, STYLE_POINTS, labels[2], text);
	if (it->stock > 0)
		snprintf(text, sizeof text, _("%lld in stock"), (long long)it->stock);
	else
		snprintf(text, sizeof text, "%s", _("out of stock"));
	y += draw_field(y, x, vx, width, it->stock > 0 ? STYLE_NORMAL : STYLE_WARN, labels[3], text);
	format_window(s, text, sizeof text);
	y += draw_field(y, x, vx, width,
			catalog_available_on(it, s->today) ? STYLE_NORMAL : STYLE_WARN, labels[4],
			text);
	i18n_points(s->available, kind_of(it), points, sizeof points);
	snprintf(text, sizeof text, _("%s available now"), points);
	draw_text(y, x, label_w, STYLE_NORMAL, labels[5]);
	used = draw_text(y, vx, x + width - vx, STYLE_POINTS, text) + 3;
	/* Whether they suffice, in words: the colour alone would not say it. */
	if (s->available >= it->points)
		draw_text(y, vx + used, x + width - vx - used, STYLE_OK, _("enough for this item"));
	else
		draw_text(y, vx + used, x + width - vx - used, STYLE_WARN,
			  _("not enough for this item"));
	return y + 1;
}

static const char *
name_of(const struct catalog_item *it)
{
	return i18n_name(it->name_zh, it->name_en);
}

static void
draw_confirm(struct item_screen *s, int y, int x, int width)
{
	char price[64], left[64], text[TEXT_SIZE];
	enum point_kind kind = kind_of(&s->item);
	int bx;

	i18n_points(s->item.points, kind, price, sizeof price);
	i18n_points(s->available - s->item.points, kind, left, sizeof left);
	snprintf(text, sizeof text, _("Redeem %s for %s? You will have %s left."),
		 name_of(&s->item), price, left);
	y += draw_wrap(y, x, width, 3, STYLE_HEADING, text) + 1;
	bx = x + widget_button(y, x, _("Yes (Enter)"), (struct req){ REQ_ENTER, 0 }) + 4;
	widget_button(y, bx, _("No (Esc)"), (struct req){ REQ_BACK, 0 });
}

static void
draw_action(struct item_screen *s, int y, int x, int width)
{
	char text[TEXT_SIZE];
	int w;

	if (s->ask.asking) {
		draw_confirm(s, y, x, width);
		return;
	}
	if (s->ask.refused) {
		reason_format(&s->ask.why, text, sizeof text);
		draw_wrap(y, x, width, 2, STYLE_WARN, text);
		return;
	}
	w = widget_button(y, x, _("Redeem"), (struct req){ REQ_ENTER, 0 });
	draw_text(y, x + w + 3, width - w - 3, STYLE_DIM,
		  _("Press Enter to redeem; you will be asked to confirm."));
}

static void
item_draw(struct kiosk *k, void *state)
{
	struct item_screen *s = state;
	int x = 3, width = k->cols - 6, rows = k->bottom - k->top + 1, y;
	const char *other;

	if (!s->loaded)
		return;
	y = k->top + 1 + (rows > ITEM_ROWS + 4 ? (rows - ITEM_ROWS - 4) / 2 : 0);
	other = name_of(&s->item) == s->item.name_zh ? s->item.name_en : s->item.name_zh;
	draw_text(y, x, width, STYLE_HEADING, name_of(&s->item));
	draw_text(y + 1, x, width, STYLE_NORMAL, other);
	y = draw_facts(s, y + 3, x, width) + 1;
	draw_action(s, y, x, width);
}

/* The ledger said no: say why (its reason), read the item again, stay. */
static int
redeem_refused(struct kiosk *k, struct item_screen *s)
{
	struct jf_error why = k->err;
	const char *what;

	if (load(k, s, &what) != JF_OK)
		return kiosk_fail(k, what);
	if (!reason_say(k, &why))
		kiosk_say(k, STYLE_ERROR, "%s", _("Sorry, this item cannot be redeemed now."));
	return R_HANDLED | R_REDRAW;
}

static int
redeem(struct kiosk *k, struct item_screen *s)
{
	struct voucher v;
	struct voucher_arg arg = { "", 1 };
	enum jf_status st;

	st = voucher_issue(k->lg, k->session.m.card, s->item.sku, 1, s->ask.key, &v, &k->err);
	confirm_close(&s->ask);
	if (st == JF_INSUFFICIENT || st == JF_CONFLICT || st == JF_USAGE)
		return redeem_refused(k, s);
	if (st != JF_OK)
		return kiosk_fail(k, "voucher_issue");
	snprintf(arg.code, sizeof arg.code, "%s", v.code);
	return kiosk_push(k, SCREEN_VOUCHER, &arg);
}

static int
item_handle(struct kiosk *k, void *state, struct req r)
{
	struct item_screen *s = state;

	if (!s->loaded)
		return R_UNHANDLED;
	switch (r.id) {
	case REQ_ENTER:
		return s->ask.asking ? redeem(k, s) : confirm_ask(k, &s->ask);
	case REQ_BACK:
		if (s->ask.asking) {
			confirm_close(&s->ask);
			return R_HANDLED | R_REDRAW;
		}
		return kiosk_pop(k, 0);
	default:
		return R_UNHANDLED;
	}
}

static const struct bar_item *
item_bar_now(struct kiosk *k, void *state)
{
	const struct item_screen *s = state;

	if (s->ask.asking)
		return confirm_bar;
	return s->loaded && !s->ask.refused ? item_bar : back_bar;
}

const struct screen_ops screen_item = {
	.name = "item",
	.state_size = sizeof(struct item_screen),
	.arg_size = sizeof(struct item_arg),
	.enter = item_enter,
	.draw = item_draw,
	.handle = item_handle,
	.leave = item_leave,
	.bar = item_bar,
	.bar_now = item_bar_now,
	.idle_logout = 1,
};
