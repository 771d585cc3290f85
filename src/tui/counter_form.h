/*
 * counter_form: the one form of the counter's screens. A form is a few
 * fields under each other, "label  [text_ ]" or "label  < choice >", the
 * labels in one column as wide as the widest; one field has the cursor
 * (the focus). The keys mean the same on every counter screen: Up, Down
 * and Tab move the focus, characters and Backspace go to the focused
 * field, Left, Right and Space (or a click on it) change a choice, a
 * click on a field focuses it, Back leaves the screen and a scan is
 * counter_scan()'s. What only the screen knows (Enter: the next field or
 * the question; a Back or a scan that means more) it handles before it
 * hands the rest to counter_form_handle().
 *
 * The form holds its fields' values (a struct text_field, a struct
 * digit_field, a choice), so a screen keeps one struct counter_form in
 * its state and reads them there.
 */
#ifndef JIFEN_TUI_COUNTER_FORM_H
#define JIFEN_TUI_COUNTER_FORM_H

#include "counter.h"
#include "widget.h"

#define COUNTER_FORM_FIELDS 6 /* the member desk's registration has the most */

enum form_kind {
	FORM_TEXT,   /* text of a kind (struct text_field) */
	FORM_DIGITS, /* digits: a card, an amount (struct digit_field) */
	FORM_PIN,    /* digits shown as stars */
	FORM_CHOICE, /* one of choices values, shown by the screen's words */
};

struct form_field {
	enum form_kind kind;
	const char *label; /* msgid */
	int box;           /* characters the box shows (text, digits, PIN) */
	int hidden;        /* not there for now (it waits on a choice); its label
			    * still sets the column, so that nothing moves */
	struct text_field text;
	struct digit_field digits;
	int choice, choices; /* FORM_CHOICE: 0 .. choices - 1 */
	const char *shown;   /* FORM_CHOICE: the choice's words, set before drawing */
};

struct counter_form {
	struct form_field field[COUNTER_FORM_FIELDS];
	int first, count; /* the fields of the form now: field[first .. first + count - 1] */
	int focus;        /* an index of field[] */
	int wrap;         /* Up and Down go round as Tab does; else they stop at the ends */
	int label_w;      /* the label column; 0: the widest label's and two */
};

/* An empty form; the fields are added by index, the form then spans them
 * all, the focus on the first. */
void counter_form_init(struct counter_form *f);
void counter_form_text(struct counter_form *f, int i, const char *label, enum text_kind kind,
		       int chars, int box);
void counter_form_digits(struct counter_form *f, int i, const char *label, enum form_kind kind,
			 int digits);
void counter_form_choice(struct counter_form *f, int i, const char *label, int choices);

/* The form is field[first .. last] now, the focus on first (a screen of
 * steps, one form each). */
void counter_form_span(struct counter_form *f, int first, int last);

/* Draw the form's fields from row y, gap rows apart; the focused one has
 * the cursor if editing (not while a question is asked about them). A
 * click on a field is REQ_PICK with its index. Returns the row after the
 * last. */
int counter_form_draw(const struct counter_form *f, int y, int gap, int editing);

/* The keys every form shares (above); R_UNHANDLED for the rest (Enter). */
int counter_form_handle(struct kiosk *k, struct counter_form *f, struct req r);
/* Enter on a field before the last: the focus goes on (1); 0 on the last. */
int counter_form_next(struct counter_form *f);
/* Back on a form: what was typed is cleared, or an empty form is left. */
int counter_form_back(struct kiosk *k, struct counter_form *f);

/* Anything typed in the form's fields, spoiled or not. */
int counter_form_touched(const struct counter_form *f);
/* Every field of f empty, nothing typed kept in memory (a PIN). */
void counter_form_clear(struct counter_form *f);

#endif
