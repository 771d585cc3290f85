/*
 * screen_home: what a member sees after logging in. Their points and green
 * points, the points about to expire (the fair rules: "N points expire on
 * D", for every lot within the config's notice window), any notice for
 * them, and the menu of everything else. The one write is marking the
 * notices seen, once a visit: a member is told a thing once, and it stays
 * on the screen until they log out.
 *
 * Under the greeting, the member's tier and what the next one needs
 * (tier.h); with the notices, the offers of their one-to-one plan (plan.h).
 *
 * At 80 columns the facts are on the left and the menu on the right; a
 * wider screen widens both.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "birthday.h"
#include "campaign_words.h"
#include "clock.h"
#include "gift_words.h"
#include "plan.h"
#include "reason.h"
#include "screen.h"
#include "tier.h"
#include "widget.h"

#define NOTICE_DAYS 30 /* notices older than this are not shown */
#define HOME_ROWS 21   /* the body's rows at 80x24 */

struct home {
	struct balance b;
	int have_balance;
	struct tier_standing tier; /* .tier NULL: the store has no tiers */
	struct plan plan;          /* .id 0: no plan in force */
	int choice; /* the menu's entry, kept while the screens it opened are on */
	char greeting[600]; /* the birthday greeting of this visit, or "" */
	/* The campaign running now (campaign_words.h): its banner, and the
	 * gift pack the member may claim ("" for none). */
	char banner[GAME_LABEL_SIZE];
	char gift[GAME_CODE_SIZE];
	char gift_name[GAME_LABEL_SIZE];
};

struct home_entry {
	const char *label; /* msgid */
	int logout;        /* 1: the entry logs out */
	enum screen_id to; /* else where it leads */
};

static const struct home_entry entries[] = {
	{ N_("Balance and history"), 0, SCREEN_BALANCE },
	{ N_("Catalog"), 0, SCREEN_CATALOG },
	{ N_("My vouchers"), 0, SCREEN_VOUCHERS },
	{ N_("Family"), 0, SCREEN_FAMILY },
	/* Tasks, badges and surveys (wp-tasks). */
	{ N_("Badges and tasks"), 0, SCREEN_BADGES },
	{ N_("Surveys"), 0, SCREEN_SURVEY },
	/* How points work: before Games, which stays the entry
	 * before Log out. */
	{ N_("How points work"), 0, SCREEN_RULES },
	{ N_("Games: scratch cards and the wheel"), 0, SCREEN_GAMES },
	{ N_("Log out"), 1, SCREEN_ATTRACT },
};

#define ENTRY_COUNT ((int)(sizeof entries / sizeof entries[0]))

static const struct bar_item home_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Open") },
	{ REQ_BACK, REQ_NONE, N_("Log out") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* The notices read at the start of the visit, with their ids to mark. */
struct notice_read {
	struct kiosk *k;
	int64_t ids[SESSION_NOTICES];
};

static int
keep_notice(const struct member_notice *n, void *ctx)
{
	struct notice_read *nr = ctx;
	int i = nr->k->session.notice_count;

	/* In the language of this visit, chosen before the login. */
	reason_notice(n, nr->k->session.notices[i], SESSION_NOTICE_SIZE);
	nr->ids[i] = n->id;
	return ++nr->k->session.notice_count == SESSION_NOTICES;
}

/* The member's unseen notices, once a visit: shown now, so marked seen now
 * (the next visit starts without them). */
static enum jf_status
read_notices(struct kiosk *k)
{
	struct notice_read nr = { k, { 0 } };
	const char *card = k->session.m.card;
	enum jf_status st;

	if (k->session.notices_read)
		return JF_OK;
	st = member_notices(k->lg, card, clock_now() - NOTICE_DAYS * 86400LL, keep_notice, &nr,
			    &k->err);
	if (st == JF_OK)
		st = member_notices_seen(k->lg, card, nr.ids, (size_t)k->session.notice_count,
					 &k->err);
	k->session.notices_read = st == JF_OK;
	return st;
}

static void
home_leave(struct kiosk *k, void *state)
{
	struct home *s = state;

	(void)k;
	if (s->have_balance)
		balance_done(&s->b);
	s->have_balance = 0;
}

/* The figures, read again each time home is shown: a redemption or a
 * transfer on the screens it opened has changed them. */
static void
home_load(struct kiosk *k, struct home *s)
{
	home_leave(k, s);
	if (ledger_balance(k->lg, k->session.m.card, &s->b, &k->err) != JF_OK) {
		kiosk_fail(k, "ledger_balance");
		return;
	}
	s->have_balance = 1;
	if (tier_standing(k->lg, k->session.m.card, clock_now(), &s->tier, &k->err) != JF_OK ||
	    plan_get(k->lg, k->session.m.card, clock_now(), &s->plan, &k->err) != JF_OK) {
		kiosk_fail(k, "tier_standing");
		return;
	}
	if (read_notices(k) != JF_OK)
		kiosk_fail(k, "read_notices");
	campaign_banner_now(k, s->banner, sizeof s->banner);
	campaign_gift_now(k, k->session.m.card, s->gift, s->gift_name, sizeof s->gift_name);
}

/* The row above the greeting: the gift pack to claim (G, or a touch), then
 * the campaign's banner, as far as they fit. */
static void
draw_banner(struct kiosk *k, struct home *s)
{
	char line[3 * GAME_LABEL_SIZE];
	int width = k->cols - 6;

	if (s->gift[0]) {
		snprintf(line, sizeof line, _("G: claim your gift pack (%s)"), s->gift_name);
		if (s->banner[0])
			snprintf(line + strlen(line), sizeof line - strlen(line), " · %s", s->banner);
		draw_text(k->top, 3, width, STYLE_OK, line);
		draw_hit(k->top, 3, width, (struct req){ REQ_CHAR, 'g' });
	} else if (s->banner[0]) {
		draw_text(k->top, 3, width, STYLE_OK, s->banner);
	}
}

/* The birthday greeting (birthday.h): the gift given this
 * month and not yet greeted, at the first visit after it; kept for the
 * whole visit, marked greeted now, so the next visit is without it. */
static void
read_greeting(struct kiosk *k, struct home *s)
{
	struct gift_parts parts = { 0 };
	struct birthday_gift g;
	struct game_info *game;
	struct jf_error ignored;
	char gift[400];
	int found;

	if (birthday_greeting(k->lg, k->session.m.card, &g, &found, &k->err) != JF_OK) {
		kiosk_fail(k, "birthday_greeting");
		return;
	}
	if (!found)
		return;
	game = calloc(1, sizeof *game);
	parts.points = g.points;
	parts.item_zh = g.item_zh;
	parts.item_en = g.item_en;
	if (game && g.plays && game_find(k->lg, g.game, game, &ignored) == JF_OK) {
		parts.game_zh = game->spec.name_zh;
		parts.game_en = game->spec.name_en;
		parts.plays = g.plays;
	}
	gift_words(&parts, gift, sizeof gift);
	free(game);
	if (gift[0])
		snprintf(s->greeting, sizeof s->greeting, _("Happy birthday! Your gift: %s."), gift);
	else
		snprintf(s->greeting, sizeof s->greeting, "%s", _("Happy birthday!"));
	if (birthday_greeted(k->lg, g.id, &k->err) != JF_OK)
		kiosk_fail(k, "birthday_greeted");
}

static void
home_enter(struct kiosk *k, void *state, const void *arg)
{
	(void)arg;
	home_load(k, state);
	read_greeting(k, state);
}

static void
home_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	(void)res;
	home_load(k, state);
}

/* Points, then green points, each with what is available now below it
 * when vouchers hold some or some are still pending. Numbers end at one
 * column whatever the language of the labels. Returns rows used. */
static int
draw_points(struct kiosk *k, struct home *s, int y, int x, int width)
{
	static const enum point_kind kinds[] = { KIND_POINTS, KIND_GREEN };
	const char *labels[] = { _("Points"), _("Green points") };
	const char *avail = _("available now");
	int label_w = draw_width(avail) + 2, right, rows = 0;

	for (int i = 0; i < 2; i++)
		if (draw_width(labels[i]) > label_w)
			label_w = draw_width(labels[i]);
	right = x + label_w + 12;
	if (right > x + width)
		right = x + width;
	for (int i = 0; i < 2; i++) {
		enum point_kind kind = kinds[i];

		draw_text(y + rows, x, label_w, STYLE_NORMAL, labels[i]);
		draw_number(y + rows, right, STYLE_POINTS, s->b.total[kind]);
		rows++;
		if (s->b.available[kind] == s->b.total[kind])
			continue;
		draw_text(y + rows, x + 2, label_w - 2, STYLE_DIM, avail);
		draw_number(y + rows, right, STYLE_POINTS, s->b.available[kind]);
		rows++;
	}
	return rows;
}

/* "568 points expire on 2026-12-15", one line per kind and date, in at
 * most max rows. Returns rows used. */
static int
draw_expiring(struct kiosk *k, struct home *s, int y, int x, int width, int max)
{
	char line[160];
	int rows = 0;
	size_t lines = s->b.expiring_count; /* one a kind and date */

	if (lines == 0) {
		snprintf(line, sizeof line,
			 ngettext("No points expire in the next %lld day.",
				  "No points expire in the next %lld days.",
				  (unsigned long)k->cfg->expiry_notice_days),
			 (long long)k->cfg->expiry_notice_days);
		return draw_wrap(y, x, width, max, STYLE_DIM, line);
	}
	for (size_t i = 0; i < lines && rows < max; i++) {
		const struct expiring_lot *lot = &s->b.expiring[i];
		unsigned long n = (unsigned long)lot->points;

		if (rows == max - 1 && i + 1 < lines) {
			snprintf(line, sizeof line, _("… and %zu more dates: see Balance and history"),
				 lines - i);
			draw_text(y + rows, x, width, STYLE_WARN, line);
			return ++rows;
		}
		if (lot->kind == KIND_GREEN)
			snprintf(line, sizeof line,
				 ngettext("%lld green point expires on %s",
					  "%lld green points expire on %s", n),
				 (long long)lot->points, lot->date);
		else
			snprintf(line, sizeof line,
				 ngettext("%lld point expires on %s", "%lld points expire on %s", n),
				 (long long)lot->points, lot->date);
		draw_text(y + rows, x, width, STYLE_WARN, line);
		rows++;
	}
	return rows;
}

/* "Silver · 3800 more points to Gold": the tier and the way to the next;
 * one row at 80 columns, two at most. Returns rows used. */
static int
draw_tier(struct home *s, int y, int x, int width)
{
	const struct tier_standing *t = &s->tier;
	const char *name, *next;
	char line[4 * SETTINGS_NAME_MAX * 2 + 96];

	if (t->tier == NULL)
		return 0;
	name = i18n_name(t->tier->name_zh, t->tier->name_en);
	next = t->next ? i18n_name(t->next->name_zh, t->next->name_en) : "";
	if (t->next == NULL)
		snprintf(line, sizeof line, _("%s · the highest tier"), name);
	else if (t->needed > 0)
		snprintf(line, sizeof line,
			 ngettext("%s · %lld more point to %s", "%s · %lld more points to %s",
				  (unsigned long)t->needed),
			 name, (long long)t->needed, next);
	else /* earned: the daily job moves the member up tonight */
		snprintf(line, sizeof line, _("%s · %s from tomorrow"), name, next);
	return draw_wrap(y, x, width, 2, STYLE_OK, line);
}

/* The plan's offers, as notices are shown. Returns the row after them. */
static int
draw_offers(struct kiosk *k, struct home *s, int y, int x, int width)
{
	if (s->plan.id == 0 || s->plan.offer_count == 0 || y > k->bottom)
		return y;
	draw_text(y++, x, width, STYLE_HEADING, _("Your offers"));
	for (int i = 0; i < s->plan.offer_count && y <= k->bottom; i++) {
		draw_text(y, x, 2, STYLE_NORMAL, "*");
		y += draw_wrap(y, x + 2, width - 2, k->bottom - y + 1, STYLE_NORMAL,
			       s->plan.offers[i]);
	}
	return y + 1;
}

/* The digit that opens entry i: 1..9, then 0 for a tenth. */
static int
entry_key(int i)
{
	return i < 9 ? '1' + i : '0';
}

/* One entry every other row while they fit so, else one a row (ten
 * entries at 80x24). */
static void
draw_menu(struct home *s, int y, int x, int width, int bottom)
{
	int step = y + 2 + 2 * (ENTRY_COUNT - 1) <= bottom ? 2 : 1;

	draw_text(y, x, width, STYLE_HEADING, _("Menu"));
	for (int i = 0; i < ENTRY_COUNT; i++) /* the digit opens it */
		widget_menu_entry(y + 2 + step * i, x, width, i == s->choice, STYLE_NORMAL,
				  entry_key(i), _(entries[i].label), i);
}

static void
home_draw(struct kiosk *k, void *state)
{
	struct home *s = state;
	char hello[MEMBER_NAME_SIZE + 64];
	int x = 3, width = k->cols / 2 - 5, y, top, rows, left;

	if (!s->have_balance)
		return;
	draw_banner(k, s);
	/* The layout is made for the 21 rows of the body at 80x24; a taller
	 * screen gets it centred. */
	rows = k->bottom - k->top + 1;
	top = k->top + 1 + (rows > HOME_ROWS ? (rows - HOME_ROWS) / 2 : 0);
	y = top;
	snprintf(hello, sizeof hello, _("Hello, %s"), k->session.m.name);
	draw_text(y, x, width, STYLE_HEADING, hello);
	y += 1 + draw_tier(s, y + 1, x, width);
	y += 1;
	if (s->greeting[0]) /* a band of at most two rows */
		y += draw_wrap(y, x, width, 2, STYLE_OK, s->greeting) + 1;
	y += draw_points(k, s, y, x, width) + 1;
	draw_text(y++, x, width, STYLE_HEADING, _("Expiring soon"));
	left = k->bottom - y + 1 - (k->session.notice_count || s->plan.offer_count ? 3 : 0);
	y += draw_expiring(k, s, y, x, width, left < 5 ? left : 5) + 1;
	y = draw_offers(k, s, y, x, width);
	if (k->session.notice_count) {
		draw_text(y++, x, width, STYLE_HEADING, _("Notices"));
		for (int i = 0; i < k->session.notice_count && y <= k->bottom; i++) {
			draw_text(y, x, 2, STYLE_NORMAL, "*");
			y += draw_wrap(y, x + 2, width - 2, k->bottom - y + 1, STYLE_NORMAL,
				       k->session.notices[i]);
		}
	}
	/* The menu reaches the right edge: "Games: scratch cards and the
	 * wheel" fits at 80 columns. */
	draw_menu(s, top, k->cols / 2, k->cols - k->cols / 2 - 1, k->bottom);
}

static int
open_entry(struct kiosk *k, struct home *s, int i)
{
	if (i < 0 || i >= ENTRY_COUNT)
		return R_HANDLED;
	s->choice = i;
	if (entries[i].logout)
		return kiosk_logout(k, N_("You are logged out. Goodbye!"), STYLE_OK);
	return kiosk_push(k, entries[i].to, NULL);
}

static int
home_handle(struct kiosk *k, void *state, struct req r)
{
	struct home *s = state;
	int open;

	if (menu_key(r, &s->choice, ENTRY_COUNT, &open))
		return open < 0 ? R_HANDLED | R_REDRAW : open_entry(k, s, open);
	switch (r.id) {
	case REQ_CHAR:
		for (int i = 0; i < ENTRY_COUNT && i < 10; i++)
			if ((int)r.arg == entry_key(i))
				return open_entry(k, s, i);
		if ((r.arg == 'g' || r.arg == 'G') && s->gift[0]) {
			struct gift_arg arg;

			snprintf(arg.campaign, sizeof arg.campaign, "%s", s->gift);
			return kiosk_push(k, SCREEN_GIFT, &arg);
		}
		return R_HANDLED;
	case REQ_BACK:
		return kiosk_logout(k, N_("You are logged out. Goodbye!"), STYLE_OK);
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_home = {
	.name = "home",
	.state_size = sizeof(struct home),
	.enter = home_enter,
	.draw = home_draw,
	.handle = home_handle,
	.resume = home_resume,
	.leave = home_leave,
	.bar = home_bar,
	.idle_logout = 1,
};
