/*
 * counter_form: the fields, focus and keys of the counter's forms
 * (counter_form.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "counter_form.h"

void
counter_form_init(struct counter_form *f)
{
	explicit_bzero(f, sizeof *f);
}

/* field[i] of kind, the form spanning it; i is the screen's constant, less
 * than COUNTER_FORM_FIELDS (a form is a few fields, never typed in). */
static struct form_field *
add(struct counter_form *f, int i, enum form_kind kind, const char *label, int box)
{
	struct form_field *fd = &f->field[i];

	fd->kind = kind;
	fd->label = label;
	fd->box = box;
	if (i + 1 > f->count)
		f->count = i + 1;
	return fd;
}

void
counter_form_text(struct counter_form *f, int i, const char *label, enum text_kind kind,
		  int chars, int box)
{
	text_field_init(&add(f, i, FORM_TEXT, label, box)->text, kind, chars);
}

void
counter_form_digits(struct counter_form *f, int i, const char *label, enum form_kind kind,
		    int digits)
{
	digit_field_init(&add(f, i, kind, label, digits)->digits, digits);
}

void
counter_form_choice(struct counter_form *f, int i, const char *label, int choices)
{
	add(f, i, FORM_CHOICE, label, 0)->choices = choices;
}

void
counter_form_span(struct counter_form *f, int first, int last)
{
	f->first = f->focus = first;
	f->count = last - first + 1;
}

/* ---- drawing ---- */

static int
label_width(const struct counter_form *f)
{
	int w = 0;

	if (f->label_w > 0)
		return f->label_w;
	for (int i = f->first; i < f->first + f->count; i++)
		if (draw_width(_(f->field[i].label)) > w)
			w = draw_width(_(f->field[i].label));
	return w + 2;
}

/* What a box of digits shows: "???" once spoiled, a PIN as stars. */
static void
digits_shown(const struct form_field *fd, char *out, size_t size)
{
	const struct digit_field *d = &fd->digits;

	if (d->spoiled) {
		snprintf(out, size, "???");
	} else if (fd->kind == FORM_PIN) {
		memset(out, '*', (size_t)d->len); /* size is DIGIT_FIELD_MAX + 1 */
		out[d->len] = '\0';
	} else {
		snprintf(out, size, "%s", d->text);
	}
}

/* "label  < value >", in line with widget_field()'s brackets; returns its
 * columns. */
static int
draw_choice(int y, int x, int label_w, const struct form_field *fd, int active)
{
	char text[128];

	draw_text(y, x, label_w, active ? STYLE_HEADING : STYLE_NORMAL, _(fd->label));
	snprintf(text, sizeof text, "< %s >", fd->shown ? fd->shown : "");
	draw_text(y, x + label_w + 2, 40, active ? STYLE_SELECTED : STYLE_FIELD, text);
	return label_w + 2 + draw_width(text);
}

static void
draw_field(const struct form_field *fd, int y, int label_w, int active, int i)
{
	char shown[DIGIT_FIELD_MAX + 1];
	int x = 3, w = label_w + 2 + fd->box + 3; /* the label, the gap, "[box_]" */

	switch (fd->kind) {
	case FORM_TEXT:
		widget_field(y, x, label_w, _(fd->label), text_field_shown(&fd->text), fd->box,
			     active);
		break;
	case FORM_DIGITS:
	case FORM_PIN:
		digits_shown(fd, shown, sizeof shown);
		widget_field(y, x, label_w, _(fd->label), shown, fd->box, active);
		break;
	case FORM_CHOICE:
		w = draw_choice(y, x, label_w, fd, active);
		break;
	}
	draw_hit(y, x, w, (struct req){ REQ_PICK, i });
}

int
counter_form_draw(const struct counter_form *f, int y, int gap, int editing)
{
	int label_w = label_width(f);

	for (int i = f->first; i < f->first + f->count; i++) {
		if (f->field[i].hidden)
			continue;
		draw_field(&f->field[i], y, label_w, editing && f->focus == i, i);
		y += gap;
	}
	return y;
}

/* ---- keys ---- */

/* The field by from the focus that is there; the focus itself if none. */
static int
step_focus(const struct counter_form *f, int by, int wrap)
{
	int i = f->focus - f->first;

	for (int n = 0; n < f->count; n++) {
		i += by;
		if (wrap)
			i = (i + f->count) % f->count;
		else if (i < 0 || i >= f->count)
			break;
		if (!f->field[f->first + i].hidden)
			return f->first + i;
	}
	return f->focus;
}

static void
change_choice(struct form_field *fd, int by)
{
	if (fd->choices > 0) /* a choice of none is nothing to change */
		fd->choice = (fd->choice + by + fd->choices) % fd->choices;
}

static int
type_char(struct counter_form *f, int c)
{
	struct form_field *fd = &f->field[f->focus];

	if (c == '\t')
		f->focus = step_focus(f, 1, 1);
	else if (fd->kind == FORM_TEXT)
		text_field_type(&fd->text, c);
	else if (fd->kind != FORM_CHOICE)
		digit_field_type(&fd->digits, c);
	else if (c == ' ')
		change_choice(fd, 1);
	return R_HANDLED | R_REDRAW;
}

static int
erase_char(struct counter_form *f)
{
	struct form_field *fd = &f->field[f->focus];

	if (fd->kind == FORM_TEXT)
		text_field_erase(&fd->text);
	else if (fd->kind != FORM_CHOICE)
		digit_field_erase(&fd->digits);
	return R_HANDLED | R_REDRAW;
}

/* A click: on the focused choice it changes it, elsewhere it focuses. */
static int
pick(struct counter_form *f, int i)
{
	if (i < f->first || i >= f->first + f->count || f->field[i].hidden)
		return R_HANDLED | R_REDRAW;
	if (i == f->focus && f->field[i].kind == FORM_CHOICE)
		change_choice(&f->field[i], 1);
	f->focus = i;
	return R_HANDLED | R_REDRAW;
}

int
counter_form_handle(struct kiosk *k, struct counter_form *f, struct req r)
{
	struct form_field *fd = &f->field[f->focus];

	switch (r.id) {
	case REQ_CHAR:
		return type_char(f, r.arg);
	case REQ_ERASE:
		return erase_char(f);
	case REQ_UP:
	case REQ_DOWN:
		f->focus = step_focus(f, r.id == REQ_DOWN ? 1 : -1, f->wrap);
		return R_HANDLED | R_REDRAW;
	case REQ_LEFT:
	case REQ_RIGHT:
		if (fd->kind != FORM_CHOICE)
			return R_HANDLED;
		change_choice(fd, r.id == REQ_LEFT ? -1 : 1);
		return R_HANDLED | R_REDRAW;
	case REQ_PICK:
		return pick(f, r.arg);
	case REQ_BACK:
		return kiosk_pop(k, 0);
	case REQ_SCAN:
		return counter_scan(k);
	default:
		return R_UNHANDLED;
	}
}

int
counter_form_next(struct counter_form *f)
{
	int next = step_focus(f, 1, 0);

	if (next == f->focus)
		return 0;
	f->focus = next;
	return 1;
}

int
counter_form_back(struct kiosk *k, struct counter_form *f)
{
	if (!counter_form_touched(f))
		return kiosk_pop(k, 0);
	counter_form_clear(f);
	return R_HANDLED | R_REDRAW;
}

int
counter_form_touched(const struct counter_form *f)
{
	for (int i = f->first; i < f->first + f->count; i++) {
		const struct form_field *fd = &f->field[i];

		if ((fd->kind == FORM_TEXT && (fd->text.len > 0 || fd->text.spoiled)) ||
		    ((fd->kind == FORM_DIGITS || fd->kind == FORM_PIN) &&
		     digit_field_touched(&fd->digits)))
			return 1;
	}
	return 0;
}

void
counter_form_clear(struct counter_form *f)
{
	for (int i = 0; i < COUNTER_FORM_FIELDS; i++) {
		text_field_clear(&f->field[i].text);
		digit_field_clear(&f->field[i].digits);
	}
}
