/*
 * timer: the loop's clock arithmetic (see timer.h).
 */
#include "config.h"

#include "timer.h"

void
timer_start(struct timer *t, int period_ms, int64_t now_ms)
{
	t->period_ms = period_ms > 0 ? period_ms : 0;
	t->due_ms = now_ms + t->period_ms;
}

int
timer_fire(struct timer *t, int64_t now_ms)
{
	if (t->period_ms <= 0 || now_ms < t->due_ms)
		return 0;
	t->due_ms += t->period_ms;
	if (t->due_ms <= now_ms)
		t->due_ms = now_ms + t->period_ms;
	return 1;
}

int64_t
timer_due(const struct timer *t)
{
	return t->period_ms > 0 ? t->due_ms : INT64_MAX;
}

int64_t
timer_idle_due(int64_t now_ms, int64_t left_ms, int counts_down, int countdown_s)
{
	int64_t window = (int64_t)countdown_s * 1000;

	if (!counts_down || left_ms <= 0)
		return now_ms + (left_ms > 0 ? left_ms : 0);
	if (left_ms > window)
		return now_ms + left_ms - window;
	/* The second shown, (left + 999) / 1000, drops when left reaches the
	 * whole second below it. */
	return now_ms + left_ms - ((left_ms + 999) / 1000 - 1) * 1000;
}
