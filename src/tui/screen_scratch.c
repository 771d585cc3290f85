/*
 * screen_scratch: a scratch card (its struct play_arg: the play's key).
 * The play was drawn, recorded and paid before this screen opened (on
 * the rules page, or at an earlier visit): the card only uncovers what
 * core decided. Nine covered cells, their symbols from game_grid(); the
 * member scratches one at a time (arrows and Enter, its digit, or a
 * touch) or all at once, and each scratch is kept (game_scratch()), so a
 * card left mid-way is shown as it was at the next visit (screen_games.c
 * offers it). When the last cell is uncovered the prize is said, and
 * where it went.
 *
 * The symbols are Chinese characters: two columns wide in every terminal
 * that shows Chinese at all (signs such as stars are one or two columns
 * depending on the terminal).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "game_words.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

#define ALL_CELLS ((1 << GAME_CELLS) - 1)
#define CELL_W 12    /* inside a cell's borders */
#define CELL_H 3
#define GRID_W (3 * (CELL_W + 1) + 1)
#define GRID_H (3 * (CELL_H + 1) + 1)
#define PICK_ALL 100 /* a touch on "Reveal all" */
#define TEXT_SIZE 800

/* The eight symbols, by game_grid()'s numbers. */
static const char *const symbols[GAME_SYMBOLS] = {
	"福", "禄", "寿", "喜", "财", "吉", "星", "月",
};
/* The same in words, where the terminal has no Chinese glyphs (caps.h):
 * three alike must still read as three alike. */
static const char *const symbol_words[GAME_SYMBOLS] = {
	"Luck", "Rank", "Long life", "Joy", "Wealth", "Fortune", "Star", "Moon",
};

struct scratch_screen {
	struct game_play p;
	struct game_info g;   /* the game's current version: its name, its table */
	int cells[GAME_CELLS];
	int chosen;
	int loaded;
};

static const struct bar_item scratch_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Scratch") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item done_bar[] = {
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static int
done(const struct scratch_screen *s)
{
	return (s->p.scratched & ALL_CELLS) == ALL_CELLS;
}

static void
scratch_enter(struct kiosk *k, void *state, const void *arg)
{
	struct scratch_screen *s = state;
	const struct play_arg *a = arg;

	if (!game_play_load(k, a->key, &s->p, &s->g))
		return;
	game_grid(s->p.key, s->p.paid_prize.kind != PRIZE_THANKS, s->p.paid, s->cells);
	/* The first cell still covered. */
	for (s->chosen = 0; s->chosen < GAME_CELLS - 1; s->chosen++)
		if (!(s->p.scratched & (1 << s->chosen)))
			break;
	s->loaded = 1;
}

/* A winning card's three alike stand out once all is uncovered. */
static int
winning_cell(const struct scratch_screen *s, int i)
{
	return done(s) && s->p.paid_prize.kind != PRIZE_THANKS &&
	       s->cells[i] == game_prize_symbol(s->p.paid);
}

static void
draw_cell(const struct scratch_screen *s, int i, int y, int x)
{
	int on = i == s->chosen && !done(s), open = s->p.scratched & (1 << i);
	enum style st = on ? STYLE_SELECTED : open ? STYLE_NORMAL : STYLE_DIM;
	char mark[8];

	for (int r = 0; r < CELL_H; r++) {
		if (open) {
			draw_fill(y + r, x, CELL_W, on ? STYLE_SELECTED : STYLE_NORMAL);
		} else {
			/* Covered: hatched, with the digit that scratches it. */
			draw_text(y + r, x, CELL_W, st, "////////////");
		}
		draw_hit(y + r, x, CELL_W, (struct req){ REQ_PICK, i });
	}
	if (open) {
		draw_center(y + 1, x, CELL_W, winning_cell(s, i) ? STYLE_OK : st,
			    (caps_get()->cjk ? symbols : symbol_words)[s->cells[i] % GAME_SYMBOLS]);
	} else {
		snprintf(mark, sizeof mark, " %d ", i + 1);
		draw_center(y + 1, x, CELL_W, on ? STYLE_SELECTED : STYLE_NORMAL, mark);
	}
}

static void
draw_grid(const struct scratch_screen *s, int y, int x)
{
	static const char border[] = "+------------+------------+------------+";

	for (int row = 0; row < 3; row++) {
		draw_text(y + row * (CELL_H + 1), x, GRID_W, STYLE_NORMAL, border);
		for (int r = 1; r <= CELL_H; r++)
			for (int col = 0; col <= 3; col++)
				draw_text(y + row * (CELL_H + 1) + r, x + col * (CELL_W + 1), 1,
					  STYLE_NORMAL, "|");
		for (int col = 0; col < 3; col++)
			draw_cell(s, row * 3 + col, y + row * (CELL_H + 1) + 1,
				  x + col * (CELL_W + 1) + 1);
	}
	draw_text(y + GRID_H - 1, x, GRID_W, STYLE_NORMAL, border);
}

/* Beside (or below) the grid: how to play, or the outcome. */
static void
draw_side(struct kiosk *k, struct scratch_screen *s, int y, int x, int width)
{
	char text[TEXT_SIZE];
	int left = 0;

	(void)k;
	for (int i = 0; i < GAME_CELLS; i++)
		left += !(s->p.scratched & (1 << i));
	if (!done(s)) {
		y += draw_wrap(y, x, width, 4, STYLE_NORMAL,
			       _("Three alike win. Scratch a cell: choose it with the arrows and "
				 "press Enter, press its digit, or touch it.")) + 1;
		snprintf(text, sizeof text,
			 ngettext("%d cell left to scratch.", "%d cells left to scratch.",
				  (unsigned long)left), left);
		draw_text(y, x, width, STYLE_DIM, text);
		y += 2;
		widget_button(y, x, _("Reveal all (A)"), (struct req){ REQ_PICK, PICK_ALL });
		y += 2;
		draw_wrap(y, x, width, 6, STYLE_DIM,
			  _("The card was drawn and its prize recorded when you bought it: "
			    "if you leave now, the prize is still yours and the card waits "
			    "for you under Games."));
		return;
	}
	if (s->p.paid_prize.kind == PRIZE_THANKS)
		draw_text(y, x, width, STYLE_HEADING, _("Not this time"));
	else
		draw_text(y, x, width, STYLE_OK, _("Three alike: you win!"));
	y += 2;
	game_outcome(&s->p, text, sizeof text);
	y += draw_wrap(y, x, width, 4, STYLE_NORMAL, text) + 1;
	game_fallback_notice(&s->p, &s->g.spec, text, sizeof text);
	if (text[0])
		y += draw_wrap(y, x, width, 4, STYLE_WARN, text) + 1;
	widget_button(y, x, _("Back to the game"), (struct req){ REQ_BACK, 0 });
}

static void
scratch_draw(struct kiosk *k, void *state)
{
	struct scratch_screen *s = state;
	int y = k->top + 1, x = 3, side_x, rows = k->bottom - k->top + 1;
	char title[GAME_LABEL_SIZE + 64];

	if (!s->loaded)
		return;
	if (rows > GRID_H + 8)
		y += (rows - GRID_H - 4) / 4;
	if (k->cols >= 120)
		x = (k->cols - GRID_W - 50) / 2;
	snprintf(title, sizeof title, "%s", game_name(&s->g.spec));
	draw_text(y, x, k->cols - x - 2, STYLE_HEADING, title);
	draw_grid(s, y + 2, x);
	side_x = x + GRID_W + 3;
	draw_side(k, s, y + 2, side_x, k->cols - side_x - 2 > 50 ? 50 : k->cols - side_x - 2);
}

/* Scratch cells (bits): kept in the ledger before they are shown. */
static int
scratch(struct kiosk *k, struct scratch_screen *s, int cells)
{
	int now;

	cells &= ~s->p.scratched & ALL_CELLS;
	if (cells == 0)
		return R_HANDLED;
	if (game_scratch(k->lg, s->p.id, cells, &now, &k->err) != JF_OK)
		return kiosk_fail(k, "game_scratch");
	s->p.scratched = now;
	/* On to the next covered cell. */
	for (int i = 1; i <= GAME_CELLS && !done(s); i++) {
		int next = (s->chosen + i) % GAME_CELLS;

		if (!(s->p.scratched & (1 << next))) {
			s->chosen = next;
			break;
		}
	}
	return R_HANDLED | R_REDRAW;
}

static int
move(struct scratch_screen *s, int by)
{
	int next = s->chosen + by;

	if (next < 0 || next >= GAME_CELLS)
		return R_HANDLED;
	s->chosen = next;
	return R_HANDLED | R_REDRAW;
}

static int
scratch_handle(struct kiosk *k, void *state, struct req r)
{
	struct scratch_screen *s = state;

	if (!s->loaded)
		return R_UNHANDLED;
	if (done(s))
		return r.id == REQ_ENTER ? kiosk_pop(k, 0) : R_UNHANDLED;
	switch (r.id) {
	case REQ_LEFT:
		return s->chosen % 3 > 0 ? move(s, -1) : R_HANDLED;
	case REQ_RIGHT:
		return s->chosen % 3 < 2 ? move(s, 1) : R_HANDLED;
	case REQ_UP:
		return move(s, -3);
	case REQ_DOWN:
		return move(s, 3);
	case REQ_ENTER:
		return scratch(k, s, 1 << s->chosen);
	case REQ_PICK:
		if (r.arg == PICK_ALL)
			return scratch(k, s, ALL_CELLS);
		if (r.arg >= 0 && r.arg < GAME_CELLS) {
			s->chosen = r.arg;
			return scratch(k, s, 1 << r.arg);
		}
		return R_HANDLED;
	case REQ_CHAR:
		if (r.arg >= '1' && r.arg <= '9') {
			s->chosen = r.arg - '1';
			return scratch(k, s, 1 << s->chosen);
		}
		if (r.arg == 'a' || r.arg == 'A')
			return scratch(k, s, ALL_CELLS);
		return R_HANDLED;
	default:
		return R_UNHANDLED;
	}
}

static const struct bar_item *
scratch_bar_now(struct kiosk *k, void *state)
{
	(void)k;
	return done(state) ? done_bar : scratch_bar;
}

const struct screen_ops screen_scratch = {
	.name = "scratch",
	.state_size = sizeof(struct scratch_screen),
	.arg_size = sizeof(struct play_arg),
	.enter = scratch_enter,
	.draw = scratch_draw,
	.handle = scratch_handle,
	.bar = scratch_bar,
	.bar_now = scratch_bar_now,
	.idle_logout = 1,
};
