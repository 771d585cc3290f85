/*
 * screen_badges: the badge wall and the tasks (task.h). Each badge set
 * with its badges, earned ones marked, how to earn each of the others,
 * and the set's grand prize (unlocked or not); then every task, done or
 * not in its period, with its reward. On entering, the automatic tasks
 * the member meets now (months of purchases, a family transfer) are
 * completed first (task_check()), so the wall is up to date.
 *
 * Enter opens the product review (screen_review.c); the wall is read
 * again when it ends.
 *
 * The wall is a list of lines drawn from a scroll offset (Up, Down,
 * PgUp, PgDn): at 80 columns the sets come before the tasks; from 120
 * columns on the tasks are beside the sets.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "game.h"
#include "game_words.h"
#include "reason.h"
#include "screen.h"
#include "task.h"
#include "widget.h"

#define WALL_LINES 256
#define WIDE_COLS 120

struct wall_line {
	enum style st;
	int indent;
	char text[320];
};

struct badges {
	struct task_progress pr;
	int have;
	int scroll;
	struct wall_line *sets, *tasks; /* WALL_LINES each */
	int set_lines, task_lines;
};

static const struct bar_item badges_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Scroll") },
	{ REQ_ENTER, REQ_NONE, N_("Review a product") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static void __attribute__((format(printf, 5, 6)))
add(struct wall_line *lines, int *n, enum style st, int indent, const char *fmt, ...)
{
	va_list ap;

	if (*n >= WALL_LINES)
		return;
	lines[*n].st = st;
	lines[*n].indent = indent;
	va_start(ap, fmt);
	vsnprintf(lines[*n].text, sizeof lines[*n].text, fmt, ap);
	va_end(ap);
	++*n;
}

static const char *
period_text(enum task_period p)
{
	return p == PERIOD_MONTH ? _("each month") : p == PERIOD_YEAR ? _("each year") : _("once");
}

static void
build_sets(struct kiosk *k, struct badges *s)
{
	const struct task_book *b = s->pr.book;
	char prize[200];

	s->set_lines = 0;
	if (!b->set_count)
		add(s->sets, &s->set_lines, STYLE_DIM, 0, "%s", _("No badges to collect yet."));
	for (size_t i = 0; i < b->set_count; i++) {
		const struct badge_set_def *set = &b->sets[i];
		int earned = 0;

		for (size_t j = 0; j < set->badge_count; j++)
			earned += s->pr.earned[i][j];
		add(s->sets, &s->set_lines, STYLE_HEADING, 0, _("%s: %d of %zu badges"),
		    i18n_name(set->name_zh, set->name_en), earned, set->badge_count);
		for (size_t j = 0; j < set->badge_count; j++) {
			const struct badge_def *d = &set->badges[j];

			add(s->sets, &s->set_lines, s->pr.earned[i][j] ? STYLE_OK : STYLE_NORMAL, 0,
			    "[%s] %s", s->pr.earned[i][j] ? "x" : " ", i18n_name(d->name_zh, d->name_en));
			if (!s->pr.earned[i][j])
				add(s->sets, &s->set_lines, STYLE_DIM, 4, "%s",
				    i18n_name(d->how_zh, d->how_en));
		}
		task_reward_text(k, b, &set->prize, prize, sizeof prize);
		add(s->sets, &s->set_lines, s->pr.prize_paid[i] ? STYLE_OK : STYLE_POINTS, 0,
		    s->pr.prize_paid[i] ? _("Grand prize unlocked: %s") :
		    _("Grand prize for all badges: %s"), prize);
		add(s->sets, &s->set_lines, STYLE_NORMAL, 0, "%s", "");
	}
}

static void
build_tasks(struct kiosk *k, struct badges *s)
{
	const struct task_book *b = s->pr.book;
	char reward[200];

	s->task_lines = 0;
	add(s->tasks, &s->task_lines, STYLE_HEADING, 0, "%s", _("Tasks"));
	if (!b->task_count)
		add(s->tasks, &s->task_lines, STYLE_DIM, 0, "%s", _("No tasks yet."));
	for (size_t i = 0; i < b->task_count; i++) {
		const struct task_def *t = &b->tasks[i];

		task_reward_text(k, b, &t->reward, reward, sizeof reward);
		add(s->tasks, &s->task_lines, s->pr.done[i] ? STYLE_OK : STYLE_NORMAL, 0, "[%s] %s",
		    s->pr.done[i] ? "x" : " ", i18n_name(t->name_zh, t->name_en));
		if (t->kind == TASK_MONTHS && !s->pr.done[i])
			add(s->tasks, &s->task_lines, STYLE_DIM, 4, _("%s, %s · %lld of %lld months"),
			    reward, period_text(t->period), (long long)s->pr.have[i],
			    (long long)t->months);
		else
			add(s->tasks, &s->task_lines, STYLE_DIM, 4, _("%s, %s"), reward,
			    period_text(t->period));
	}
}

static void
badges_leave(struct kiosk *k, void *state)
{
	struct badges *s = state;

	(void)k;
	if (s->have)
		task_progress_done(&s->pr);
	s->have = 0;
	free(s->sets);
	free(s->tasks);
	s->sets = s->tasks = NULL;
}

static void
badges_enter(struct kiosk *k, void *state, const void *arg)
{
	struct badges *s = state;
	int64_t n;

	(void)arg;
	if (task_check(k->lg, k->session.m.card, &n, &k->err) != JF_OK) {
		kiosk_fail(k, "task_check");
		return;
	}
	if (task_progress(k->lg, k->session.m.card, &s->pr, &k->err) != JF_OK) {
		kiosk_fail(k, "task_progress");
		return;
	}
	s->have = 1;
	s->sets = calloc(WALL_LINES, sizeof *s->sets);
	s->tasks = calloc(WALL_LINES, sizeof *s->tasks);
	if (!s->sets || !s->tasks) {
		kiosk_fail(k, "badges");
		return;
	}
	if (n > 0)
		kiosk_say(k, STYLE_OK, ngettext("%lld task done just now: its reward is yours.",
						"%lld tasks done just now: their rewards are yours.",
						(unsigned long)n), (long long)n);
}

/* Back from the review: its reward may be on the wall now. */
static void
badges_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	struct badges *s = state;
	int scroll = s->scroll;

	(void)res;
	badges_leave(k, s);
	badges_enter(k, s, NULL);
	s->scroll = scroll;
}

static int
wide(const struct kiosk *k)
{
	return k->cols >= WIDE_COLS;
}

/* Lines in the one column (narrow) or the longer of the two (wide). */
static int
line_count(const struct kiosk *k, const struct badges *s)
{
	if (wide(k))
		return s->set_lines > s->task_lines ? s->set_lines : s->task_lines;
	return s->set_lines + s->task_lines;
}

static void
draw_column(const struct wall_line *lines, int n, int from, int y, int x, int width, int rows)
{
	for (int i = 0; i < rows && from + i < n; i++) {
		const struct wall_line *l = &lines[from + i];

		draw_text(y + i, x + l->indent, width - l->indent, l->st, l->text);
	}
}

static void
badges_draw(struct kiosk *k, void *state)
{
	struct badges *s = state;
	int y = k->top + 1, rows = k->bottom - y + 1, x = 3, width = k->cols - 6;

	if (!s->have)
		return;
	build_sets(k, s);
	build_tasks(k, s);
	if (s->scroll > line_count(k, s) - rows)
		s->scroll = line_count(k, s) - rows > 0 ? line_count(k, s) - rows : 0;
	if (s->scroll + rows < line_count(k, s)) /* more below: say so, and keep its row */
		draw_right(k->bottom, k->cols - 3, STYLE_DIM, _("↓ more"));
	rows -= s->scroll + rows < line_count(k, s);
	if (wide(k)) {
		int half = (width - 4) / 2;

		draw_column(s->sets, s->set_lines, s->scroll, y, x, half, rows);
		draw_column(s->tasks, s->task_lines, s->scroll, y, x + half + 4, half, rows);
		return;
	}
	for (int i = 0; i < rows; i++) {
		int at = s->scroll + i;

		if (at < s->set_lines)
			draw_column(s->sets, s->set_lines, at, y + i, x, width, 1);
		else
			draw_column(s->tasks, s->task_lines, at - s->set_lines, y + i, x, width, 1);
	}
}

static int
badges_handle(struct kiosk *k, void *state, struct req r)
{
	struct badges *s = state;
	int rows = k->bottom - k->top, by;

	switch (r.id) {
	case REQ_ENTER:
		return kiosk_push(k, SCREEN_REVIEW, NULL);
	case REQ_UP:
	case REQ_DOWN:
	case REQ_PAGE_UP:
	case REQ_PAGE_DOWN:
		by = r.id == REQ_UP ? -1 : r.id == REQ_DOWN ? 1 : r.id == REQ_PAGE_UP ? -rows : rows;
		s->scroll += by;
		if (s->scroll > line_count(k, s) - rows)
			s->scroll = line_count(k, s) - rows;
		if (s->scroll < 0)
			s->scroll = 0;
		return R_HANDLED | R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_badges = {
	.name = "badges",
	.state_size = sizeof(struct badges),
	.enter = badges_enter,
	.draw = badges_draw,
	.handle = badges_handle,
	.resume = badges_resume,
	.leave = badges_leave,
	.bar = badges_bar,
	.idle_logout = 1,
};
