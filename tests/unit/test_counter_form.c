/*
 * test_counter_form: the counter's one form (src/tui/counter_form.c),
 * without a terminal: the keys every counter screen's form shares. Tab
 * goes round, Up and Down go round or stop at the ends as the form says,
 * a field waiting on a choice is passed over, a choice changes with
 * Left, Right, Space or a click on it, a click elsewhere focuses, typing
 * and Backspace go to the focused field of its kind, Enter is left to the
 * screen, and a form of steps spans only the step's fields.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "counter_form.h"

enum { F_TEXT, F_PIN, F_CHOICE, F_LAST };

static struct kiosk k; /* no Back or scan is sent: nothing of it is used */

static int
send(struct counter_form *f, enum request id, int arg)
{
	return counter_form_handle(&k, f, (struct req){ id, arg });
}

/* A text, a PIN, a choice of three and a text that waits on the choice. */
static void
make(struct counter_form *f, int wrap)
{
	counter_form_init(f);
	counter_form_text(f, F_TEXT, "Receipt", TEXT_RECEIPT, 8, 8);
	counter_form_digits(f, F_PIN, "PIN", FORM_PIN, 6);
	counter_form_choice(f, F_CHOICE, "Category", 3);
	counter_form_text(f, F_LAST, "Reason", TEXT_NAME, 8, 8);
	f->wrap = wrap;
}

static void
test_focus(void **state)
{
	struct counter_form f;

	(void)state;
	make(&f, 1);
	assert_int_equal(f.count, 4);
	assert_int_equal(f.focus, F_TEXT);
	assert_int_equal(send(&f, REQ_UP, 0), R_HANDLED | R_REDRAW);
	assert_int_equal(f.focus, F_LAST); /* round */
	send(&f, REQ_CHAR, '\t');
	assert_int_equal(f.focus, F_TEXT);
	f.field[F_LAST].hidden = 1;
	send(&f, REQ_UP, 0);
	assert_int_equal(f.focus, F_CHOICE); /* the hidden one passed over */
	send(&f, REQ_DOWN, 0);
	assert_int_equal(f.focus, F_TEXT);
	make(&f, 0);
	send(&f, REQ_UP, 0);
	assert_int_equal(f.focus, F_TEXT); /* stops at the first */
	send(&f, REQ_CHAR, '\t');
	send(&f, REQ_CHAR, '\t');
	send(&f, REQ_CHAR, '\t');
	send(&f, REQ_DOWN, 0);
	assert_int_equal(f.focus, F_LAST); /* and at the last */
	send(&f, REQ_CHAR, '\t');
	assert_int_equal(f.focus, F_TEXT); /* Tab goes round all the same */
}

static void
test_typing(void **state)
{
	struct counter_form f;

	(void)state;
	make(&f, 1);
	send(&f, REQ_CHAR, 'R');
	send(&f, REQ_CHAR, '1');
	assert_string_equal(f.field[F_TEXT].text.text, "R1");
	send(&f, REQ_ERASE, 0);
	assert_string_equal(f.field[F_TEXT].text.text, "R");
	assert_int_equal(send(&f, REQ_LEFT, 0), R_HANDLED); /* nothing on a text */
	send(&f, REQ_DOWN, 0);
	send(&f, REQ_CHAR, '1');
	send(&f, REQ_CHAR, 'x'); /* no digit: the PIN is spoiled whole */
	assert_true(f.field[F_PIN].digits.spoiled);
	send(&f, REQ_ERASE, 0);
	assert_false(digit_field_touched(&f.field[F_PIN].digits));
	assert_int_equal(send(&f, REQ_ENTER, 0), R_UNHANDLED); /* the screen's */
	assert_int_equal(send(&f, REQ_PAGE_DOWN, 0), R_UNHANDLED);
	assert_true(counter_form_touched(&f));
	counter_form_clear(&f);
	assert_false(counter_form_touched(&f));
	assert_int_equal(f.field[F_TEXT].text.len, 0);
}

static void
test_choice(void **state)
{
	struct counter_form f;

	(void)state;
	make(&f, 1);
	f.focus = F_CHOICE;
	send(&f, REQ_RIGHT, 0);
	assert_int_equal(f.field[F_CHOICE].choice, 1);
	send(&f, REQ_CHAR, ' ');
	assert_int_equal(f.field[F_CHOICE].choice, 2);
	send(&f, REQ_RIGHT, 0);
	assert_int_equal(f.field[F_CHOICE].choice, 0); /* round */
	send(&f, REQ_LEFT, 0);
	assert_int_equal(f.field[F_CHOICE].choice, 2);
	send(&f, REQ_CHAR, 'a'); /* a letter is no choice */
	assert_int_equal(f.field[F_CHOICE].choice, 2);
	send(&f, REQ_PICK, F_CHOICE); /* a click on the focused choice changes it */
	assert_int_equal(f.field[F_CHOICE].choice, 0);
	send(&f, REQ_PICK, F_TEXT); /* elsewhere it focuses */
	assert_int_equal(f.focus, F_TEXT);
	send(&f, REQ_PICK, F_CHOICE);
	assert_int_equal(f.focus, F_CHOICE);
	assert_int_equal(f.field[F_CHOICE].choice, 0);
	f.field[F_LAST].hidden = 1;
	send(&f, REQ_PICK, F_LAST); /* not there: nothing */
	send(&f, REQ_PICK, 99);
	send(&f, REQ_PICK, -1);
	assert_int_equal(f.focus, F_CHOICE);
}

static void
test_steps(void **state)
{
	struct counter_form f;

	(void)state;
	make(&f, 0);
	counter_form_span(&f, F_PIN, F_CHOICE);
	assert_int_equal(f.focus, F_PIN);
	assert_int_equal(counter_form_next(&f), 1);
	assert_int_equal(f.focus, F_CHOICE);
	assert_int_equal(counter_form_next(&f), 0); /* the last: the screen acts */
	send(&f, REQ_CHAR, '\t');
	assert_int_equal(f.focus, F_PIN); /* round within the step */
	send(&f, REQ_PICK, F_TEXT); /* another step's field */
	assert_int_equal(f.focus, F_PIN);
	f.field[F_TEXT].text.len = 1; /* typed in another step: not this one's */
	assert_false(counter_form_touched(&f));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_focus),
		cmocka_unit_test(test_typing),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
