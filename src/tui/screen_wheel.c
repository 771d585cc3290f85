/*
 * screen_wheel: the wheel (its struct play_arg: the play's key). The play
 * was drawn, recorded and paid before this screen opened; the wheel only
 * shows it: a reel of the prizes' labels, in the table's order, that
 * spins, slows and stops on the prize drawn (with the published fallback
 * said if that prize's budget was spent). Then the prize, and where it
 * went.
 *
 * The motion is driven by the kiosk's tick (screen.h): a frame every
 * TICK_MS, FRAMES frames, each a fixed position on an ease-out curve, so
 * the same play always spins the same way, and under a script each
 * moment of the script's time shows the same frame. No sleeping: between
 * ticks the loop waits for keys, and any key (or touch) stops the wheel
 * at once. Less motion ([kiosk] less_motion, or the rules page's choice)
 * shows where it stops without spinning. When it has stopped, the tick
 * is done (R_TICK_DONE) and the loop sleeps.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "game_words.h"
#include "screen.h"
#include "widget.h"

#define TICK_MS 60
#define FRAMES 40       /* 2.4 s of spinning */
#define ROUNDS 4        /* whole turns before the last */
#define REEL_W 34
#define TEXT_SIZE 800

struct wheel_screen {
	struct game_play p;
	struct game_info g;
	int sectors;     /* prizes on the wheel */
	int stop;        /* the sector drawn */
	int frame;       /* 0 .. FRAMES; FRAMES: stopped */
	int loaded;
};

static const struct bar_item spin_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Stop now") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item done_bar[] = {
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static void
wheel_enter(struct kiosk *k, void *state, const void *arg)
{
	struct wheel_screen *s = state;
	const struct play_arg *a = arg;

	if (!game_play_load(k, a->key, &s->p, &s->g))
		return;
	s->sectors = (int)s->g.spec.prize_count;
	/* A play of an older table than today's: its own prize paid is the
	 * sector (its index may name another prize now). */
	s->stop = s->p.prize >= 0 && s->p.prize < s->sectors ? s->p.prize : 0;
	s->frame = a->less_motion ? FRAMES : 0;
	s->loaded = 1;
}

/* Where the reel is at frame f: sectors passed, on an ease-out cubic
 * from 0 to ROUNDS whole turns and the sector drawn. */
static int
position(const struct wheel_screen *s, int f)
{
	int total = ROUNDS * s->sectors + s->stop;
	double t = 1.0 - (double)f / FRAMES;

	if (f >= FRAMES)
		return total;
	return (int)((double)total * (1.0 - t * t * t) + 0.5);
}

static const char *
sector_label(const struct wheel_screen *s, int pos)
{
	int i = ((pos % s->sectors) + s->sectors) % s->sectors;

	if (s->frame >= FRAMES && i == s->stop && s->p.prize >= s->sectors)
		return game_prize_label(&s->p.paid_prize);
	return game_prize_label(&s->g.spec.prizes[i]);
}

/* The reel: visible rows (odd) centred on the pointer row py. */
static void
draw_reel(struct wheel_screen *s, int py, int x, int visible)
{
	int pos = position(s, s->frame), half = visible / 2;
	char edge[REEL_W + 3];

	memset(edge, '-', REEL_W + 2);
	edge[0] = edge[REEL_W + 1] = '+';
	edge[REEL_W + 2] = '\0';
	draw_text(py - half - 1, x, REEL_W + 2, STYLE_NORMAL, edge);
	draw_text(py + half + 1, x, REEL_W + 2, STYLE_NORMAL, edge);
	for (int r = -half; r <= half; r++) {
		int y = py + r, on = r == 0;
		enum style st = on ? (s->frame >= FRAMES ? STYLE_OK : STYLE_SELECTED) : STYLE_DIM;

		draw_text(y, x, 1, STYLE_NORMAL, "|");
		if (on)
			draw_fill(y, x + 1, REEL_W, st);
		draw_center(y, x + 1, REEL_W, st, sector_label(s, pos + r));
		draw_text(y, x + REEL_W + 1, 1, STYLE_NORMAL, "|");
	}
	draw_text(py, x - 4, 3, STYLE_HEADING, ">>");
	draw_text(py, x + REEL_W + 3, 3, STYLE_HEADING, "<<");
}

static void
draw_result(struct wheel_screen *s, int y, int x, int width)
{
	char text[TEXT_SIZE];

	if (s->frame < FRAMES) {
		draw_text(y, x, width, STYLE_DIM, _("The wheel is spinning: press any key to stop it."));
		return;
	}
	if (s->p.paid_prize.kind == PRIZE_THANKS)
		draw_text(y, x, width, STYLE_HEADING, _("Not this time"));
	else
		draw_text(y, x, width, STYLE_OK, _("The wheel stopped on a prize: you win!"));
	y += 1;
	game_outcome(&s->p, text, sizeof text);
	y += draw_wrap(y, x, width, 2, STYLE_NORMAL, text);
	game_fallback_notice(&s->p, &s->g.spec, text, sizeof text);
	if (text[0])
		y += draw_wrap(y, x, width, 2, STYLE_WARN, text);
	widget_button(y + 1, x, _("Back to the game"), (struct req){ REQ_BACK, 0 });
}

static void
wheel_draw(struct kiosk *k, void *state)
{
	struct wheel_screen *s = state;
	int rows = k->bottom - k->top + 1, visible = rows >= 30 ? 11 : 7;
	int x = (k->cols - REEL_W - 2) / 2, y = k->top + 1, width = k->cols - 6;

	if (!s->loaded || s->sectors == 0)
		return;
	if (rows >= 30)
		y += 2;
	draw_text(y, 3, width, STYLE_HEADING, game_name(&s->g.spec));
	y += 2 + visible / 2 + 1;
	draw_reel(s, y, x, visible);
	draw_result(s, y + visible / 2 + 3, 3, width);
}

static int
wheel_tick(struct kiosk *k, void *state)
{
	struct wheel_screen *s = state;

	(void)k;
	if (!s->loaded || s->frame >= FRAMES)
		return R_TICK_DONE;
	s->frame++;
	return R_REDRAW | (s->frame >= FRAMES ? R_TICK_DONE : 0);
}

static int
wheel_handle(struct kiosk *k, void *state, struct req r)
{
	struct wheel_screen *s = state;

	if (!s->loaded)
		return R_UNHANDLED;
	if (s->frame < FRAMES) { /* any key: where it stops, at once */
		s->frame = FRAMES;
		return R_HANDLED | R_REDRAW;
	}
	return r.id == REQ_ENTER ? kiosk_pop(k, 0) : R_UNHANDLED;
}

static const struct bar_item *
wheel_bar_now(struct kiosk *k, void *state)
{
	const struct wheel_screen *s = state;

	(void)k;
	return s->frame < FRAMES ? spin_bar : done_bar;
}

const struct screen_ops screen_wheel = {
	.name = "wheel",
	.state_size = sizeof(struct wheel_screen),
	.arg_size = sizeof(struct play_arg),
	.enter = wheel_enter,
	.draw = wheel_draw,
	.handle = wheel_handle,
	.tick = wheel_tick,
	.tick_ms = TICK_MS,
	.bar = done_bar,
	.bar_now = wheel_bar_now,
	.idle_logout = 1,
};
