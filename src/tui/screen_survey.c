/*
 * screen_survey: the surveys (survey.h), one question at a time. First
 * the surveys with their points ("already answered" on those the member
 * answered); then each question: a single choice is a menu (a digit, a
 * touch or Enter picks it and goes on), a multiple choice a list of boxes
 * (a digit or a touch ticks one, Enter goes on once one is ticked), a
 * rating the digits 1 to 5 (or a touch on one). Back goes to the question
 * before. After the last, the answers go to core in one write and the
 * points are shown; core's refusal, if any, is said through reason.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reason.h"
#include "screen.h"
#include "survey.h"
#include "widget.h"

#define SURVEYS_MAX 16

enum survey_step { STEP_LIST, STEP_QUESTION, STEP_DONE };

struct survey_row {
	char code[GAME_CODE_SIZE];
	char name[GAME_LABEL_SIZE];
	int64_t points;
	int taken;
};

struct survey_screen {
	enum survey_step step;
	struct survey_row rows[SURVEYS_MAX];
	int count, choice;
	struct survey_info *info; /* the survey being answered */
	struct survey_answers answers;
	int q;           /* the question shown */
	int cursor;      /* the choice under the cursor */
	int64_t points;  /* paid at the end */
};

static const struct bar_item list_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Open") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item question_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Next") },
	{ REQ_BACK, REQ_NONE, N_("Previous question") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Done") },
	{ REQ_NONE, REQ_NONE, NULL },
};

struct list_ctx {
	struct kiosk *k;
	struct survey_screen *s;
};

static int
keep_row(const struct survey_info *info, void *arg)
{
	struct list_ctx *c = arg;
	struct survey_row *row = &c->s->rows[c->s->count];

	snprintf(row->code, sizeof row->code, "%s", info->spec.code);
	snprintf(row->name, sizeof row->name, "%s",
		 i18n_name(info->spec.name_zh, info->spec.name_en));
	row->points = info->spec.points;
	return ++c->s->count == SURVEYS_MAX;
}

static void
load_list(struct kiosk *k, struct survey_screen *s)
{
	struct list_ctx c = { k, s };

	s->count = 0;
	if (survey_list(k->lg, keep_row, &c, &k->err) != JF_OK) {
		kiosk_fail(k, "survey_list");
		return;
	}
	for (int i = 0; i < s->count; i++)
		if (survey_taken(k->lg, k->session.m.card, s->rows[i].code, &s->rows[i].taken,
				 &k->err) != JF_OK) {
			kiosk_fail(k, "survey_taken");
			return;
		}
}

static void
survey_enter(struct kiosk *k, void *state, const void *arg)
{
	struct survey_screen *s = state;

	(void)arg;
	s->info = malloc(sizeof *s->info);
	if (!s->info) {
		kiosk_fail(k, "survey");
		return;
	}
	load_list(k, s);
}

static void
survey_leave(struct kiosk *k, void *state)
{
	struct survey_screen *s = state;

	(void)k;
	free(s->info);
	s->info = NULL;
}

static const struct survey_question *
question(const struct survey_screen *s)
{
	return &s->info->spec.questions[s->q];
}

/* How many choices the question shows: its own, or the five ratings. */
static int
choices(const struct survey_question *q)
{
	return q->kind == QUESTION_RATING ? SURVEY_RATING_MAX : (int)q->choice_count;
}

static void
draw_list(struct kiosk *k, struct survey_screen *s, int y, int x, int width)
{
	char line[GAME_LABEL_SIZE + 160], pts[64];

	draw_text(y, x, width, STYLE_HEADING, _("Surveys"));
	y += 2;
	if (!s->count) {
		draw_text(y, x, width, STYLE_DIM, _("There is no survey to answer now."));
		return;
	}
	for (int i = 0; i < s->count && y + 2 * i <= k->bottom; i++) {
		i18n_points(s->rows[i].points, KIND_POINTS, pts, sizeof pts);
		if (s->rows[i].taken)
			snprintf(line, sizeof line, _("%s (already answered)"), s->rows[i].name);
		else
			snprintf(line, sizeof line, _("%s (%s)"), s->rows[i].name, pts);
		widget_menu_entry(y + 2 * i, x, width, i == s->choice,
				  s->rows[i].taken ? STYLE_DIM : STYLE_NORMAL, '1' + i % 9, line, i);
	}
}

static void
draw_question(struct kiosk *k, struct survey_screen *s, int y, int x, int width)
{
	const struct survey_question *q = question(s);
	char head[GAME_LABEL_SIZE + 64], line[GAME_LABEL_SIZE + 16];
	const char *hint;
	int n = choices(q), gap = k->bottom - y > 2 * n + 6 ? 2 : 1;

	snprintf(head, sizeof head, _("%s · question %d of %zu"),
		 i18n_name(s->info->spec.name_zh, s->info->spec.name_en), s->q + 1,
		 s->info->spec.question_count);
	draw_text(y, x, width, STYLE_DIM, head);
	y += 2;
	y += draw_wrap(y, x, width, 3, STYLE_HEADING, i18n_name(q->text_zh, q->text_en)) + 1;
	hint = q->kind == QUESTION_SINGLE ? _("Choose one.") :
	       q->kind == QUESTION_MULTIPLE ? _("Tick all that apply, then press Enter.") :
	       _("Choose 1 to 5.");
	draw_text(y, x, width, STYLE_DIM, hint);
	y += 2;
	for (int c = 0; c < n; c++) {
		if (q->kind == QUESTION_RATING) /* a bar of c + 1 stars, the ends named */
			snprintf(line, sizeof line, "%.*s%s", 2 * c + 1, "* * * * *",
				 c == 0 ? _("   (lowest)") : c == n - 1 ? _("   (highest)") : "");
		else if (q->kind == QUESTION_MULTIPLE)
			snprintf(line, sizeof line, "[%s] %s",
				 s->answers.value[s->q] & (1 << c) ? "x" : " ",
				 i18n_name(q->choices[c].text_zh, q->choices[c].text_en));
		else
			snprintf(line, sizeof line, "%s",
				 i18n_name(q->choices[c].text_zh, q->choices[c].text_en));
		widget_menu_entry(y + gap * c, x, width, c == s->cursor, STYLE_NORMAL, '1' + c, line, c);
	}
}

static void
draw_done(struct kiosk *k, struct survey_screen *s, int y, int x, int width)
{
	char line[200], pts[64];

	(void)k;
	draw_text(y, x, width, STYLE_HEADING, _("Thank you for your answers!"));
	y += 2;
	if (s->points > 0) {
		i18n_points(s->points, KIND_POINTS, pts, sizeof pts);
		snprintf(line, sizeof line, _("%s have been added to your card."), pts);
		draw_text(y, x, width, STYLE_OK, line);
		y += 2;
	}
	if (s->info->spec.anonymous)
		draw_wrap(y, x, width, 3, STYLE_DIM,
			  _("Your answers are kept apart from your card: nobody can tell who gave them."));
}

static void
survey_draw(struct kiosk *k, void *state)
{
	struct survey_screen *s = state;
	int y = k->top + 1 + (k->bottom - k->top > 30 ? 3 : 0), x = k->cols >= 120 ? 10 : 3;
	int width = k->cols - 2 * x;

	if (!s->info)
		return;
	if (s->step == STEP_LIST)
		draw_list(k, s, y, x, width);
	else if (s->step == STEP_QUESTION)
		draw_question(k, s, y, x, width);
	else
		draw_done(k, s, y, x, width);
}

static const struct bar_item *
survey_bar_now(struct kiosk *k, void *state)
{
	struct survey_screen *s = state;

	(void)k;
	return s->step == STEP_LIST ? list_bar : s->step == STEP_QUESTION ? question_bar : done_bar;
}

static int
open_survey(struct kiosk *k, struct survey_screen *s, int i)
{
	if (i < 0 || i >= s->count)
		return R_HANDLED;
	s->choice = i;
	if (s->rows[i].taken) {
		kiosk_say(k, STYLE_WARN, "%s", _("You have answered this survey already."));
		return R_HANDLED | R_REDRAW;
	}
	if (survey_find(k->lg, s->rows[i].code, s->info, &k->err) != JF_OK) {
		if (!reason_say(k, &k->err))
			return kiosk_fail(k, "survey_find");
		return R_HANDLED | R_REDRAW;
	}
	memset(&s->answers, 0, sizeof s->answers);
	s->q = 0;
	s->cursor = 0;
	s->step = STEP_QUESTION;
	return R_HANDLED | R_REDRAW;
}

/* The answers to core, after the last question. */
static int
submit(struct kiosk *k, struct survey_screen *s)
{
	if (survey_answer(k->lg, k->session.m.card, s->info->spec.code, &s->answers, &s->points,
			  &k->err) != JF_OK) {
		if (!reason_say(k, &k->err))
			return kiosk_fail(k, "survey_answer");
		load_list(k, s);
		s->step = STEP_LIST;
		return R_HANDLED | R_REDRAW;
	}
	s->step = STEP_DONE;
	return R_HANDLED | R_REDRAW;
}

static int
next_question(struct kiosk *k, struct survey_screen *s)
{
	if (s->answers.value[s->q] == 0) {
		kiosk_say(k, STYLE_WARN, "%s", _("Please choose an answer first."));
		return R_HANDLED | R_REDRAW;
	}
	if ((size_t)s->q + 1 == s->info->spec.question_count)
		return submit(k, s);
	s->q++;
	s->cursor = 0;
	return R_HANDLED | R_REDRAW;
}

/* Choice c of the question: picked (single, rating: and on to the next)
 * or ticked (multiple). */
static int
pick(struct kiosk *k, struct survey_screen *s, int c)
{
	const struct survey_question *q = question(s);

	if (c < 0 || c >= choices(q))
		return R_HANDLED;
	s->cursor = c;
	if (q->kind == QUESTION_MULTIPLE) {
		s->answers.value[s->q] ^= 1 << c;
		return R_HANDLED | R_REDRAW;
	}
	s->answers.value[s->q] = q->kind == QUESTION_RATING ? c + 1 : 1 << c;
	return next_question(k, s);
}

static int
handle_question(struct kiosk *k, struct survey_screen *s, struct req r)
{
	const struct survey_question *q = question(s);
	int n = choices(q);

	switch (r.id) {
	case REQ_UP:
	case REQ_DOWN:
		s->cursor = (s->cursor + n + (r.id == REQ_DOWN ? 1 : -1)) % n;
		return R_HANDLED | R_REDRAW;
	case REQ_PICK:
		return pick(k, s, r.arg);
	case REQ_CHAR:
		if (r.arg >= '1' && (int)r.arg < '1' + n)
			return pick(k, s, (int)r.arg - '1');
		return R_HANDLED;
	case REQ_ENTER:
		if (q->kind == QUESTION_MULTIPLE)
			return next_question(k, s);
		return pick(k, s, s->cursor);
	case REQ_BACK:
		if (s->q == 0)
			s->step = STEP_LIST;
		else
			s->q--;
		s->cursor = 0;
		return R_HANDLED | R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

static int
survey_handle(struct kiosk *k, void *state, struct req r)
{
	struct survey_screen *s = state;
	int open;

	if (s->step == STEP_QUESTION)
		return handle_question(k, s, r);
	if (s->step == STEP_DONE) {
		if (r.id == REQ_ENTER || r.id == REQ_BACK)
			return kiosk_pop(k, 0);
		return R_UNHANDLED;
	}
	if (menu_key(r, &s->choice, s->count, &open))
		return open < 0 ? R_HANDLED | R_REDRAW : open_survey(k, s, open);
	if (r.id == REQ_CHAR && r.arg >= '1' && (int)r.arg < '1' + s->count)
		return open_survey(k, s, (int)r.arg - '1');
	return R_UNHANDLED;
}

const struct screen_ops screen_survey = {
	.name = "survey",
	.state_size = sizeof(struct survey_screen),
	.enter = survey_enter,
	.draw = survey_draw,
	.handle = survey_handle,
	.leave = survey_leave,
	.bar = list_bar,
	.bar_now = survey_bar_now,
	.idle_logout = 1,
};
