/*
 * screen_gift: a campaign's gift pack at the kiosk (its struct gift_arg:
 * the campaign's id), opened from the banner on home while the member may
 * claim one. It shows what the pack holds; Enter claims it (campaign_claim(),
 * once per member: a second Enter finds the first claim) and says where
 * its points and vouchers went.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign_words.h"
#include "catalog.h"
#include "reason.h"
#include "screen.h"

struct gift {
	struct campaign_info *c; /* owned */
	struct campaign_claim_result r;
	int done;
};

static const struct bar_item ask_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Claim it") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Done") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
gift_bar_now(struct kiosk *k, void *state)
{
	const struct gift *s = state;

	(void)k;
	return s->done ? done_bar : ask_bar;
}

static void
gift_enter(struct kiosk *k, void *state, const void *arg)
{
	const struct gift_arg *a = arg;
	struct gift *s = state;

	s->c = calloc(1, sizeof *s->c);
	if (!s->c || campaign_find(k->lg, a->campaign, s->c, &k->err) != JF_OK) {
		free(s->c);
		s->c = NULL;
		kiosk_fail(k, "campaign_find");
	}
}

static void
gift_leave(struct kiosk *k, void *state)
{
	struct gift *s = state;

	(void)k;
	free(s->c);
	s->c = NULL;
}

/* "1 x 满50减10券": an item of the pack, named in the language shown. */
static void
item_line(struct kiosk *k, const struct campaign_gift_item *it, char *out, size_t size)
{
	struct catalog_item item;
	struct jf_error ignored;
	const char *name = it->sku;

	if (catalog_find(k->lg, it->sku, &item, &ignored) == JF_OK)
		name = i18n_get() == LANG_ZH ? item.name_zh : item.name_en;
	snprintf(out, size, _("%lld x %s (a voucher)"), (long long)it->qty, name);
}

static void
gift_draw(struct kiosk *k, void *state)
{
	struct gift *s = state;
	char line[400], pts[64];
	int x = 3, width = k->cols - 6, y = k->top + 1;

	if (!s->c)
		return;
	snprintf(line, sizeof line, _("Gift pack: %s"), campaign_name(&s->c->spec));
	draw_text(y, x, width, STYLE_HEADING, line);
	y += 2;
	if (s->c->spec.gift_points) {
		i18n_points(s->c->spec.gift_points, KIND_POINTS, pts, sizeof pts);
		draw_text(y++, x + 2, width - 2, STYLE_POINTS, pts);
	}
	for (size_t i = 0; i < s->c->spec.gift_item_count && y < k->bottom - 3; i++) {
		item_line(k, &s->c->spec.gift_items[i], line, sizeof line);
		draw_text(y++, x + 2, width - 2, STYLE_NORMAL, line);
	}
	y++;
	if (!s->done) {
		draw_wrap(y, x, width, 2, STYLE_WARN,
			  _("One pack per member while the offer runs. Claim it now? Enter: yes. "
			    "Esc: back."));
		return;
	}
	i18n_points(s->r.points, KIND_POINTS, pts, sizeof pts);
	snprintf(line, sizeof line,
		 ngettext("%s were added to your points, and %lld voucher is in My vouchers.",
			  "%s were added to your points, and %lld vouchers are in My vouchers.",
			  (unsigned long)s->r.vouchers),
		 pts, (long long)s->r.vouchers);
	y += draw_wrap(y, x, width, 2, STYLE_OK,
		       s->r.replay ? _("You have claimed this gift pack already.") : line);
}

static int
gift_handle(struct kiosk *k, void *state, struct req r)
{
	struct gift *s = state;

	switch (r.id) {
	case REQ_ENTER:
		if (s->done || !s->c)
			return kiosk_pop(k, 0);
		if (campaign_claim(k->lg, s->c->spec.code, k->session.m.card, &s->r, &k->err)) {
			if (reason_say(k, &k->err))
				return R_HANDLED | R_REDRAW;
			return kiosk_fail(k, "campaign_claim");
		}
		s->done = 1;
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		return kiosk_pop(k, 0);
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_gift = {
	.name = "gift",
	.state_size = sizeof(struct gift),
	.arg_size = sizeof(struct gift_arg),
	.enter = gift_enter,
	.draw = gift_draw,
	.handle = gift_handle,
	.leave = gift_leave,
	.bar = ask_bar,
	.bar_now = gift_bar_now,
	.idle_logout = 1,
};
