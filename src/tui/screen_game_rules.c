/*
 * screen_game_rules: a game's rules page (its struct game_arg), shown
 * before anyone plays, and where the game is played. The prize table:
 * each prize, its odds ("1 in N" and %), what it is worth, what is left of
 * its budget today and in all; the published fallback of a prize whose
 * budget is spent; plays a day and left today; today's commitment
 * (shortened, or whole on a touch) and what it means. For the wheel, the
 * "less motion" choice ([kiosk] less_motion by default).
 *
 * Play asks first ("Play for N points?"); Yes calls game_play() with the
 * key made when the question opened (Yes twice plays once), and the play
 * is shown on the scratch card or the wheel, drawn and paid already.
 * Whether the game can be played is core's answer (game_can_play()),
 * asked before the question: its reason stands in place of the button.
 *
 * Opening the page stores today's commitments (game_commit_today(), a
 * write that changes nothing once done): the hash shown is the one the
 * day's draws are made under.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "confirm.h"
#include "game_words.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

#define PICK_HASH 100   /* a touch on the commitment: shown whole or short */
#define PICK_MOTION 101 /* a touch on "less motion" */
#define TEXT_SIZE 800

struct rules_screen {
	char code[GAME_CODE_SIZE];
	struct game_info g;
	struct game_budget_use use;
	int64_t tickets, played, available;
	char today[CLOCK_DATE_LEN];
	int committed;
	unsigned char commitment[GAME_SEED_LEN];
	int whole;          /* the commitment shown whole */
	int less_motion;
	struct confirm ask; /* the question before the write */
	int loaded;
};

static const struct bar_item rules_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Play") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item confirm_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Yes") },
	{ REQ_BACK, REQ_NONE, N_("No") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item back_bar[] = {
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static int
keep_today(const struct game_period_info *p, void *ctx)
{
	struct rules_screen *s = ctx;

	if (strcmp(p->period, s->today) != 0)
		return 0;
	memcpy(s->commitment, p->commitment, GAME_SEED_LEN);
	s->committed = 1;
	return 1;
}

/* Everything the page shows, read again after a play or a refusal. */
static enum jf_status
load(struct kiosk *k, struct rules_screen *s, const char **what)
{
	const char *card = k->session.m.card;
	struct balance b;
	enum jf_status st;
	int64_t stored;

	clock_date_of(clock_now(), s->today);
	*what = "game_find";
	if ((st = game_find(k->lg, s->code, &s->g, &k->err)) != JF_OK)
		return st;
	*what = "game_budget_used";
	if ((st = game_budget_used(k->lg, &s->g, s->today, &s->use, &k->err)) != JF_OK)
		return st;
	*what = "game_tickets";
	if ((st = game_tickets(k->lg, card, s->code, &s->tickets, &k->err)) != JF_OK ||
	    (st = game_plays_today(k->lg, card, s->code, &s->played, &k->err)) != JF_OK)
		return st;
	*what = "game_commit_today";
	s->committed = 0;
	if ((st = game_commit_today(k->lg, &stored, &k->err)) != JF_OK ||
	    (st = game_periods(k->lg, s->code, keep_today, s, &k->err)) != JF_OK)
		return st;
	*what = "ledger_balance";
	if ((st = ledger_balance(k->lg, card, &b, &k->err)) != JF_OK)
		return st;
	s->available = b.available[KIND_POINTS];
	balance_done(&b);
	*what = "game_can_play";
	st = game_can_play(k->lg, card, s->code, &s->ask.why);
	if (st != JF_OK && s->ask.why.reason == JF_R_NONE) {
		k->err = s->ask.why;
		return st;
	}
	s->ask.refused = st != JF_OK;
	s->loaded = 1;
	return JF_OK;
}

static void
rules_enter(struct kiosk *k, void *state, const void *arg)
{
	struct rules_screen *s = state;
	const char *what;

	snprintf(s->code, sizeof s->code, "%s", ((const struct game_arg *)arg)->game);
	s->less_motion = k->cfg->less_motion;
	if (load(k, s, &what) != JF_OK)
		kiosk_fail(k, what);
}

static void
rules_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	struct rules_screen *s = state;
	const char *what;

	(void)res;
	if (load(k, s, &what) != JF_OK)
		kiosk_fail(k, what);
}

static void
rules_leave(struct kiosk *k, void *state)
{
	struct rules_screen *s = state;

	(void)k;
	explicit_bzero(s->ask.key, sizeof s->ask.key);
}

/* The columns of the prize table over width from x: the label takes
 * what the figures leave. */
struct columns {
	int label_x, label_w, odds_x, odds_w, worth_right, today_right, total_right;
};

static struct columns
columns_of(int x, int width)
{
	struct columns c;
	int figures = 20 + 1 + 10 + 1 + 11 + 1 + 12;

	c.label_x = x;
	c.label_w = width - figures - 1;
	if (c.label_w > 30)
		c.label_w = 30;
	c.odds_x = x + c.label_w + 1;
	c.odds_w = 20;
	c.worth_right = c.odds_x + c.odds_w + 1 + 10;
	c.today_right = c.worth_right + 1 + 11;
	c.total_right = c.today_right + 1 + 12;
	return c;
}

static void
budget_left(int64_t budget, int64_t used, char *out, size_t size)
{
	if (budget < 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%lld/%lld", (long long)(budget - used), (long long)budget);
}

/* The table, a row a prize, in at most max rows; returns the rows used. */
static int
draw_table(struct rules_screen *s, int y, int x, int width, int max)
{
	struct columns c = columns_of(x, width);
	const struct game_spec *g = &s->g.spec;
	char text[128];
	int rows = 1;

	draw_text(y, c.label_x, c.label_w, STYLE_DIM, _("Prize"));
	draw_text(y, c.odds_x, c.odds_w, STYLE_DIM, _("Chance"));
	draw_right(y, c.worth_right, STYLE_DIM, _("Worth"));
	draw_right(y, c.today_right, STYLE_DIM, _("Left today"));
	draw_right(y, c.total_right, STYLE_DIM, _("Left in all"));
	for (size_t i = 0; i < g->prize_count && rows < max; i++, rows++) {
		const struct game_prize *z = &g->prizes[i];
		int spent = z->budget_day >= 0 && (s->use.day[i] >= z->budget_day ||
						   s->use.total[i] >= z->budget_total);

		draw_text(y + rows, c.label_x, c.label_w, spent ? STYLE_DIM : STYLE_NORMAL,
			  game_prize_label(z));
		game_odds(z->ppm, text, sizeof text);
		draw_text(y + rows, c.odds_x, c.odds_w, STYLE_NORMAL, text);
		game_worth(z->worth_fen, text, sizeof text);
		draw_right(y + rows, c.worth_right, STYLE_POINTS, text);
		budget_left(z->budget_day, s->use.day[i], text, sizeof text);
		draw_right(y + rows, c.today_right, spent ? STYLE_WARN : STYLE_NORMAL, text);
		budget_left(z->budget_total, s->use.total[i], text, sizeof text);
		draw_right(y + rows, c.total_right, spent ? STYLE_WARN : STYLE_NORMAL, text);
	}
	return rows;
}

/* "When a prize's budget is spent: Rice: 200 points instead; any other
 * prize: Thanks for playing instead." */
static void
fallbacks_text(const struct game_spec *g, char *out, size_t size)
{
	char list[TEXT_SIZE] = "", part[2 * GAME_LABEL_SIZE + 64];
	int thanks = -1, others = 0;
	size_t used = 0;

	for (size_t i = 0; i < g->prize_count; i++)
		if (g->prizes[i].kind == PRIZE_THANKS && thanks < 0)
			thanks = (int)i;
	for (size_t i = 0; i < g->prize_count; i++) {
		const struct game_prize *z = &g->prizes[i];

		if (z->fallback < 0)
			continue;
		if (z->fallback == thanks) {
			others = 1;
			continue;
		}
		snprintf(part, sizeof part, _("%s: %s instead"), game_prize_label(z),
			 game_prize_label(&g->prizes[z->fallback]));
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? _("; ") : "",
					 part);
		if (used >= sizeof list)
			used = sizeof list - 1;
	}
	if (others && thanks >= 0) {
		snprintf(part, sizeof part, used ? _("any other prize: %s instead") : _("%s instead"),
			 game_prize_label(&g->prizes[thanks]));
		snprintf(list + used, sizeof list - used, "%s%s", used ? _("; ") : "", part);
	}
	snprintf(out, size, _("When a prize's budget is spent: %s."), list);
}

static void
summary_text(struct rules_screen *s, char *out, size_t size)
{
	const struct game_spec *g = &s->g.spec;
	char price[128], left[128], tickets[96] = "";
	int64_t n = g->plays_per_day - s->played;

	if (g->price > 0)
		snprintf(price, sizeof price,
			 ngettext("%lld point a play", "%lld points a play", (unsigned long)g->price),
			 (long long)g->price);
	else
		snprintf(price, sizeof price, "%s", _("played with free plays only"));
	snprintf(left, sizeof left,
		 ngettext("%lld play a day, %lld left today", "%lld plays a day, %lld left today",
			  (unsigned long)g->plays_per_day),
		 (long long)g->plays_per_day, (long long)(n > 0 ? n : 0));
	if (s->tickets > 0)
		snprintf(tickets, sizeof tickets,
			 ngettext(" · you have %lld free play", " · you have %lld free plays",
				  (unsigned long)s->tickets),
			 (long long)s->tickets);
	snprintf(out, size, "%s · %s%s", price, left, tickets);
}

/* Today's commitment and what it means; returns the rows used. */
static int
draw_commitment(struct rules_screen *s, int y, int x, int width)
{
	char hex[2 * GAME_SEED_LEN + 1], text[TEXT_SIZE];
	int rows = 0, w;

	if (!s->committed)
		return 0;
	w = draw_text(y, x, width, STYLE_NORMAL, _("Today's draw is committed:"));
	game_commitment_hex(s->commitment, s->whole, hex, sizeof hex);
	if (s->whole) {
		rows++;
		draw_text(y + rows, x + 2, width - 2, STYLE_HEADING, hex);
		draw_hit(y + rows, x + 2, width - 2, (struct req){ REQ_PICK, PICK_HASH });
	} else {
		w += 1 + draw_text(y, x + w + 1, width - w - 1, STYLE_HEADING, hex);
		widget_button(y, x + w + 2, _("Show it whole"), (struct req){ REQ_PICK, PICK_HASH });
	}
	rows++;
	snprintf(text, sizeof text,
		 _("The draw was fixed before you play; after today anyone can check it: "
		   "jifen game audit %s"), s->today);
	return rows + draw_wrap(y + rows, x, width, 2, STYLE_DIM, text);
}

static void
draw_confirm(struct kiosk *k, struct rules_screen *s, int y, int x, int width)
{
	char text[TEXT_SIZE], price[64], left[64];
	int bx;

	(void)k;
	if (s->tickets > 0) {
		snprintf(text, sizeof text,
			 ngettext("Use one of your free plays on %s? You have %lld.",
				  "Use one of your free plays on %s? You have %lld.",
				  (unsigned long)s->tickets),
			 game_name(&s->g.spec), (long long)s->tickets);
	} else {
		i18n_points(s->g.spec.price, KIND_POINTS, price, sizeof price);
		i18n_points(s->available - s->g.spec.price, KIND_POINTS, left, sizeof left);
		snprintf(text, sizeof text, _("Play %s for %s? You will have %s left."),
			 game_name(&s->g.spec), price, left);
	}
	y += draw_wrap(y, x, width, 2, STYLE_HEADING, text);
	bx = x + widget_button(y, x, _("Yes (Enter)"), (struct req){ REQ_ENTER, 0 }) + 4;
	widget_button(y, bx, _("No (Esc)"), (struct req){ REQ_BACK, 0 });
}

static void
draw_action(struct kiosk *k, struct rules_screen *s, int y, int x, int width)
{
	char text[TEXT_SIZE];

	if (s->ask.asking) {
		draw_confirm(k, s, y, x, width);
		return;
	}
	if (s->ask.refused) {
		reason_format(&s->ask.why, text, sizeof text);
		draw_wrap(y, x, width, 2, STYLE_WARN, text);
		return;
	}
	if (s->tickets > 0)
		snprintf(text, sizeof text, "%s", _("Play with a free play"));
	else
		snprintf(text, sizeof text,
			 ngettext("Play for %lld point", "Play for %lld points",
				  (unsigned long)s->g.spec.price),
			 (long long)s->g.spec.price);
	widget_button(y, x, text, (struct req){ REQ_ENTER, 0 });
}

/* The rows the commitment takes at width. */
static int
commitment_rows(struct rules_screen *s, int width)
{
	char text[TEXT_SIZE];

	if (!s->committed)
		return 0;
	snprintf(text, sizeof text,
		 _("The draw was fixed before you play; after today anyone can check it: "
		   "jifen game audit %s"), s->today);
	return 1 + s->whole + (draw_wrap_rows(width, text) < 2 ? draw_wrap_rows(width, text) : 2);
}

/* The rows the action takes: the button, a refusal, or the question. */
static int
action_rows(struct rules_screen *s, int width)
{
	char text[TEXT_SIZE];

	if (s->ask.refused && !s->ask.asking) {
		reason_format(&s->ask.why, text, sizeof text);
		return draw_wrap_rows(width, text) < 2 ? draw_wrap_rows(width, text) : 2;
	}
	return s->ask.asking ? 3 : 1;
}

/*
 * From the top: the name and the summary, the table, the fallbacks, the
 * commitment, the wheel's less-motion choice, the action. What every
 * part needs is counted first; blank rows between them come from what is
 * left, and a table too long for the screen loses its last rows (never
 * the rules below it).
 */
static void
rules_draw(struct kiosk *k, void *state)
{
	struct rules_screen *s = state;
	int width = k->cols - 4 > 110 ? 110 : k->cols - 4, x = (k->cols - width) / 2;
	int y = k->top, wheel, fb, need, spare, shown;
	char text[TEXT_SIZE];
	const struct game_spec *g = &s->g.spec;

	if (!s->loaded)
		return;
	wheel = g->kind == GAME_WHEEL;
	fallbacks_text(g, text, sizeof text);
	fb = draw_wrap_rows(width, text);
	if (fb > 3)
		fb = 3;
	need = 2 + 1 + (int)g->prize_count + fb + commitment_rows(s, width) + wheel + 1 +
	       action_rows(s, width);
	spare = k->bottom - k->top + 1 - need;
	shown = (int)g->prize_count + (spare < 0 ? spare : 0);
	if (spare > 6) /* a tall screen: the page in the middle */
		y += (spare - 4) / 2;
	draw_text(y, x, width, STYLE_HEADING, game_name(g));
	summary_text(s, text, sizeof text);
	draw_text(y + 1, x, width, STYLE_NORMAL, text);
	y += 2 + (spare >= 1);
	y += draw_table(s, y, x, width, 1 + (shown > 1 ? shown : 1)) + (spare >= 2);
	fallbacks_text(g, text, sizeof text);
	y += draw_wrap(y, x, width, fb, STYLE_NORMAL, text) + (spare >= 4);
	y += draw_commitment(s, y, x, width) + (spare >= 3);
	if (wheel) {
		snprintf(text, sizeof text, "[%s] %s", s->less_motion ? "x" : " ",
			 _("Less motion: the wheel stops at once (M)"));
		draw_text(y, x, width, STYLE_NORMAL, text);
		draw_hit(y, x, draw_width(text), (struct req){ REQ_PICK, PICK_MOTION });
		y++;
	}
	draw_action(k, s, y + 1, x, width);
}

static int
refused(struct kiosk *k, struct rules_screen *s)
{
	struct jf_error why = k->err;
	const char *what;

	if (load(k, s, &what) != JF_OK)
		return kiosk_fail(k, what);
	if (!reason_say(k, &why))
		kiosk_say(k, STYLE_ERROR, "%s", _("Sorry, this game cannot be played now."));
	return R_HANDLED | R_REDRAW;
}

static int
play(struct kiosk *k, struct rules_screen *s)
{
	struct game_play_request req = { k->session.m.card, s->code, s->ask.key };
	struct game_play p;
	struct play_arg arg;
	enum jf_status st;

	st = game_play(k->lg, &req, &p, &k->err);
	confirm_close(&s->ask);
	if (st == JF_INSUFFICIENT || st == JF_CONFLICT || st == JF_NOTFOUND)
		return refused(k, s);
	if (st != JF_OK)
		return kiosk_fail(k, "game_play");
	memset(&arg, 0, sizeof arg);
	snprintf(arg.key, sizeof arg.key, "%s", p.key);
	arg.less_motion = s->less_motion;
	return kiosk_push(k, s->g.spec.kind == GAME_WHEEL ? SCREEN_WHEEL : SCREEN_SCRATCH, &arg);
}

static int
rules_handle(struct kiosk *k, void *state, struct req r)
{
	struct rules_screen *s = state;

	if (!s->loaded)
		return R_UNHANDLED;
	switch (r.id) {
	case REQ_ENTER:
		return s->ask.asking ? play(k, s) : confirm_ask(k, &s->ask);
	case REQ_BACK:
		if (s->ask.asking) {
			confirm_close(&s->ask);
			return R_HANDLED | R_REDRAW;
		}
		return kiosk_pop(k, 0);
	case REQ_PICK:
		if (r.arg == PICK_HASH)
			s->whole = !s->whole;
		else if (r.arg == PICK_MOTION && s->g.spec.kind == GAME_WHEEL)
			s->less_motion = !s->less_motion;
		return R_HANDLED | R_REDRAW;
	case REQ_CHAR:
		if (r.arg == 'h' || r.arg == 'H')
			s->whole = !s->whole;
		else if ((r.arg == 'm' || r.arg == 'M') && s->g.spec.kind == GAME_WHEEL)
			s->less_motion = !s->less_motion;
		return R_HANDLED | R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

static const struct bar_item *
rules_bar_now(struct kiosk *k, void *state)
{
	const struct rules_screen *s = state;

	(void)k;
	if (s->ask.asking)
		return confirm_bar;
	return s->loaded && !s->ask.refused ? rules_bar : back_bar;
}

const struct screen_ops screen_game_rules = {
	.name = "game_rules",
	.state_size = sizeof(struct rules_screen),
	.arg_size = sizeof(struct game_arg),
	.enter = rules_enter,
	.draw = rules_draw,
	.handle = rules_handle,
	.resume = rules_resume,
	.leave = rules_leave,
	.bar = rules_bar,
	.bar_now = rules_bar_now,
	.idle_logout = 1,
};
