/*
 * timer: when the kiosk's loop next has something to do by time alone,
 * so that it sleeps in poll() until then instead of waking to look: a
 * screen's tick (screen_ops.tick every tick_ms) and the idle clock. No
 * curses here: the arithmetic is tested on its own, and the loop and the
 * script layer (whose clock is the script's) share it.
 */
#ifndef JIFEN_TUI_TIMER_H
#define JIFEN_TUI_TIMER_H

#include <stdint.h>

/* A tick every period_ms (0: none), next due at due_ms. */
struct timer {
	int period_ms;
	int64_t due_ms;
};

/* Start t at now: the first tick one period later. */
void timer_start(struct timer *t, int period_ms, int64_t now_ms);
/* Is a tick due at now? Then 1, and the next is set a period on; ticks
 * the loop was too busy to take are not made up (the next is then one
 * period from now), so a tick never comes in a burst. */
int timer_fire(struct timer *t, int64_t now_ms);
/* When the tick is due; INT64_MAX for none. */
int64_t timer_due(const struct timer *t);

/*
 * When the idle clock next changes something, left_ms before the visit
 * ends: on a screen that counts down (counts_down), when the countdown of
 * the last countdown_s seconds starts, then each time its second changes,
 * then the end; elsewhere, the end itself. Never before now.
 */
int64_t timer_idle_due(int64_t now_ms, int64_t left_ms, int counts_down, int countdown_s);

#endif
