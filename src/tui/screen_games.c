/*
 * screen_games: the games a member can play (home's "Games"). Each game
 * with its name, its price in points (or that it is played with free-play
 * tickets), the member's free plays and the plays left today; opening one
 * shows its rules page (screen_game_rules.c), where it is played. A
 * scratch card left mid-way (game_unfinished()) comes first, as "Finish
 * your card": its prize was paid when it was bought, and it opens as it
 * was left (screen_scratch.c).
 *
 * Every figure is core's (game_list(), game_tickets(), game_plays_today());
 * read on entry and again whenever a screen it opened ends.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "game_words.h"
#include "screen.h"
#include "widget.h"

#define GAMES_MAX 16
#define LIST_W_MAX 100

struct game_line {
	struct game_spec spec;
	int64_t tickets;
	int64_t played; /* today */
};

struct games_screen {
	struct game_line games[GAMES_MAX];
	int count;
	int unfinished;           /* a card left mid-way: entry 0 */
	struct game_play card;    /* it */
	char card_name[GAME_LABEL_SIZE];
	int loaded;
	int selected;
	struct kiosk *k;          /* for load's callback */
	enum jf_status st;
};

static const struct bar_item games_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Open") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static int
keep_game(const struct game_info *g, void *ctx)
{
	struct games_screen *s = ctx;
	struct game_line *l = &s->games[s->count];
	const char *card = s->k->session.m.card;

	l->spec = g->spec;
	if ((s->st = game_tickets(s->k->lg, card, g->spec.code, &l->tickets, &s->k->err)) != JF_OK ||
	    (s->st = game_plays_today(s->k->lg, card, g->spec.code, &l->played, &s->k->err)) != JF_OK)
		return 1;
	return ++s->count == GAMES_MAX;
}

static void
load(struct kiosk *k, struct games_screen *s)
{
	enum jf_status st;

	s->loaded = 0;
	s->count = 0;
	s->k = k;
	s->st = JF_OK;
	if ((st = game_list(k->lg, keep_game, s, &k->err)) != JF_OK || s->st != JF_OK) {
		kiosk_fail(k, "game_list");
		return;
	}
	st = game_unfinished(k->lg, k->session.m.card, NULL, &s->card, &k->err);
	if (st != JF_OK && st != JF_NOTFOUND) {
		kiosk_fail(k, "game_unfinished");
		return;
	}
	s->unfinished = st == JF_OK;
	s->card_name[0] = '\0';
	if (s->unfinished) {
		for (int i = 0; i < s->count; i++)
			if (strcmp(s->games[i].spec.code, s->card.game) == 0)
				snprintf(s->card_name, sizeof s->card_name, "%s",
					 game_name(&s->games[i].spec));
	}
	if (s->selected >= s->count + s->unfinished)
		s->selected = 0;
	s->loaded = 1;
}

static void
games_enter(struct kiosk *k, void *state, const void *arg)
{
	(void)arg;
	load(k, state);
}

static void
games_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	(void)res;
	load(k, state);
}

/* "100 points a play · 2 of 3 plays left today · 1 free play" */
static void
game_details(const struct game_line *l, char *out, size_t size)
{
	char price[96], left[96], tickets[96] = "";
	int64_t n = l->spec.plays_per_day - l->played;

	if (n < 0)
		n = 0;
	if (l->spec.price > 0)
		snprintf(price, sizeof price,
			 ngettext("%lld point a play", "%lld points a play",
				  (unsigned long)l->spec.price),
			 (long long)l->spec.price);
	else
		snprintf(price, sizeof price, "%s", _("played with free plays only"));
	snprintf(left, sizeof left,
		 ngettext("%lld of %lld play left today", "%lld of %lld plays left today",
			  (unsigned long)l->spec.plays_per_day),
		 (long long)n, (long long)l->spec.plays_per_day);
	if (l->tickets > 0)
		snprintf(tickets, sizeof tickets,
			 ngettext(" · you have %lld free play", " · you have %lld free plays",
				  (unsigned long)l->tickets),
			 (long long)l->tickets);
	snprintf(out, size, "%s · %s%s", price, left, tickets);
}

static void
games_draw(struct kiosk *k, void *state)
{
	struct games_screen *s = state;
	int width = k->cols - 6, x, y = k->top + 1, per_page, first, n;
	char line[GAME_LABEL_SIZE + 128];

	if (!s->loaded)
		return;
	if (width > LIST_W_MAX)
		width = LIST_W_MAX;
	x = (k->cols - width) / 2;
	draw_text(y, x, width, STYLE_HEADING, _("Games: scratch cards and the wheel"));
	y += draw_wrap(y + 1, x, width, 2, STYLE_DIM,
		       _("Every draw is fixed before you play, and can be checked after the day. "
			 "Open a game to see its prizes, their odds and the rules.")) + 2;
	n = s->count + s->unfinished;
	if (n == 0) {
		draw_wrap(y, x, width, 2, STYLE_NORMAL, _("There are no games today."));
		return;
	}
	per_page = (k->bottom - y + 1) / 3;
	if (per_page < 1)
		per_page = 1;
	first = s->selected / per_page * per_page;
	for (int i = first; i < n && i < first + per_page; i++, y += 3) {
		int on = i == s->selected;
		int key = i < 9 ? '1' + i : ' ';

		if (s->unfinished && i == 0) {
			snprintf(line, sizeof line, _("Finish your card: %s"),
				 s->card_name[0] ? s->card_name : s->card.game);
			widget_menu_entry(y, x, width, on, STYLE_WARN, key, line, i);
			draw_text(y + 1, x + 5, width - 5, STYLE_DIM,
				  _("Its prize is yours already: scratch the rest to see it."));
			draw_hit(y + 1, x, width, (struct req){ REQ_PICK, i });
			continue;
		}
		const struct game_line *l = &s->games[i - s->unfinished];

		widget_menu_entry(y, x, width, on, STYLE_NORMAL, key, game_name(&l->spec), i);
		game_details(l, line, sizeof line);
		draw_text(y + 1, x + 5, width - 5, STYLE_DIM, line);
		draw_hit(y + 1, x, width, (struct req){ REQ_PICK, i });
	}
	if (n > per_page)
		widget_pager(k->bottom, x, width, s->selected / per_page, list_pages(n, per_page),
			     NULL);
}

static int
open_entry(struct kiosk *k, struct games_screen *s, int i)
{
	struct game_arg ga;
	struct play_arg pa;

	if (i < 0 || i >= s->count + s->unfinished)
		return R_HANDLED;
	s->selected = i;
	if (s->unfinished && i == 0) {
		memset(&pa, 0, sizeof pa);
		snprintf(pa.key, sizeof pa.key, "%s", s->card.key);
		return kiosk_push(k, SCREEN_SCRATCH, &pa);
	}
	memset(&ga, 0, sizeof ga);
	snprintf(ga.game, sizeof ga.game, "%s", s->games[i - s->unfinished].spec.code);
	return kiosk_push(k, SCREEN_GAME_RULES, &ga);
}

static int
games_handle(struct kiosk *k, void *state, struct req r)
{
	struct games_screen *s = state;
	int open, n = s->count + s->unfinished;

	if (!s->loaded)
		return R_UNHANDLED;
	if (n > 0 && list_key(r, &s->selected, n, &open))
		return open < 0 ? R_HANDLED | R_REDRAW : open_entry(k, s, open);
	switch (r.id) {
	case REQ_CHAR:
		if (r.arg >= '1' && r.arg <= '9')
			return open_entry(k, s, r.arg - '1');
		return R_HANDLED;
	case REQ_BACK:
		return kiosk_pop(k, 0);
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_games = {
	.name = "games",
	.state_size = sizeof(struct games_screen),
	.enter = games_enter,
	.draw = games_draw,
	.handle = games_handle,
	.resume = games_resume,
	.bar = games_bar,
	.idle_logout = 1,
};
