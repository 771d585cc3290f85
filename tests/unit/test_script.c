/*
 * test_script: the parser of kiosk scripts (src/tui/script.c), without
 * curses and without a kiosk. Good scripts give exactly their steps; a bad
 * one is refused whole with JF_USAGE and one printable line naming the
 * line that is wrong. And what makes a scanner's line one scan
 * (src/tui/scan.c), which a script's scan command stands for, and the
 * arithmetic of the loop's timers (src/tui/timer.c).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan.h"
#include "script.h"
#include "timer.h"

static enum jf_status
parse(const char *text, struct script *s, struct jf_error *err)
{
	jf_error_clear(err);
	return script_parse(text, strlen(text), s, err);
}

static void
test_good_script(void **state)
{
	struct script s;
	struct jf_error err;
	const char *text = "# a comment\n"
			   "size 100 30\n"
			   "\n"
			   "type 8800000001\n"
			   "key Enter  Esc\tC-\\\n"
			   "type  王芳 a\n"
			   "click 30 100\n"
			   "size 80 24\n"
			   "tick\n"
			   "idle 61\n"
			   "save  out dir/a.txt \n"
			   "quit\n"
			   "# after quit, comments only\n";

	(void)state;
	assert_int_equal(parse(text, &s, &err), JF_OK);
	assert_int_equal(s.cols, 100); /* a size before anything else is where it starts */
	assert_int_equal(s.rows, 30);
	assert_int_equal(s.count, 11);
	assert_int_equal(s.steps[0].op, SCRIPT_TYPE);
	assert_string_equal(s.steps[0].text, "8800000001");
	assert_int_equal(s.steps[0].line, 4);
	assert_int_equal(s.steps[1].op, SCRIPT_KEY);
	assert_int_equal(s.steps[1].a, SCRIPT_KEY_ENTER);
	assert_int_equal(s.steps[2].a, SCRIPT_KEY_ESC);
	assert_int_equal(s.steps[3].a, SCRIPT_KEY_CTRL_BACKSLASH);
	assert_int_equal(s.steps[3].line, 5);
	/* type's text is the rest of the line after one space */
	assert_string_equal(s.steps[4].text, " 王芳 a");
	assert_int_equal(s.steps[5].op, SCRIPT_CLICK);
	assert_int_equal(s.steps[5].a, 29); /* from 1 in the script, from 0 in the step */
	assert_int_equal(s.steps[5].b, 99);
	assert_int_equal(s.steps[6].op, SCRIPT_SIZE);
	assert_int_equal(s.steps[6].a, 80);
	assert_int_equal(s.steps[6].b, 24);
	assert_int_equal(s.steps[7].op, SCRIPT_TICK);
	assert_int_equal(s.steps[8].op, SCRIPT_IDLE);
	assert_int_equal(s.steps[8].a, 61);
	assert_int_equal(s.steps[9].op, SCRIPT_SAVE);
	assert_string_equal(s.steps[9].text, "out dir/a.txt");
	assert_int_equal(s.steps[10].op, SCRIPT_QUIT);
	script_done(&s);
}

static void
test_save_and_quit(void **state)
{
	struct script s;
	struct jf_error err;

	(void)state;
	assert_int_equal(parse("save  out dir/a.txt \r\nquit", &s, &err), JF_OK);
	assert_int_equal(s.count, 2);
	assert_int_equal(s.steps[0].op, SCRIPT_SAVE);
	assert_string_equal(s.steps[0].text, "out dir/a.txt"); /* trailing blanks and CR trimmed */
	assert_int_equal(s.steps[1].op, SCRIPT_QUIT);
	assert_null(s.steps[1].text);
	script_done(&s);
}

static void
test_empty_script(void **state)
{
	struct script s;
	struct jf_error err;

	(void)state;
	assert_int_equal(parse("", &s, &err), JF_OK);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.cols, SCRIPT_DEFAULT_COLS);
	assert_int_equal(s.rows, SCRIPT_DEFAULT_ROWS);
	script_done(&s);
}

/* Every key the help names is a key, by the same name. */
static void
test_key_names(void **state)
{
	char text[64];
	struct script s;
	struct jf_error err;

	(void)state;
	for (int k = 0; k < SCRIPT_KEY_COUNT; k++) {
		snprintf(text, sizeof text, "key %s\n", script_key_name(k));
		assert_int_equal(parse(text, &s, &err), JF_OK);
		assert_int_equal(s.count, 1);
		assert_int_equal(s.steps[0].a, k);
		script_done(&s);
	}
	assert_string_equal(script_key_name(SCRIPT_KEY_COUNT), "");
}

static const struct {
	const char *text;
	const char *message;
} bad_scripts[] = {
	{ "frob\n", "line 1: unknown command \"frob\" (size type scan key click tick idle save quit)" },
	{ "\n\nKEY Enter\n", "line 3: unknown command \"KEY\" (size type scan key click tick idle save quit)" },
	{ "key enter\n", "line 1: no key is called \"enter\" (Enter Esc Up Down Left Right "
			 "Backspace Delete PageUp PageDown Tab C-c C-z C-\\)" },
	{ "key\n", "line 1: key takes one or more key names" },
	{ "size 80\n", "line 1: size takes COLS ROWS, from 1 to 1000 and 1000" },
	{ "size 1001 24\n", "line 1: size takes COLS ROWS, from 1 to 1000 and 1000" },
	{ "size 80 24 x\n", "line 1: size takes COLS ROWS, from 1 to 1000 and 1000" },
	{ "size +80 24\n", "line 1: size takes COLS ROWS, from 1 to 1000 and 1000" },
	{ "click 0 1\n", "line 1: click takes ROW COL, on the screen of 80x24" },
	{ "click 24 81\n", "line 1: click takes ROW COL, on the screen of 80x24" },
	{ "size 10 5\nclick 6 1\n", "line 2: click takes ROW COL, on the screen of 10x5" },
	{ "idle 0\n", "line 1: idle takes SECONDS, from 1 to 86400" },
	{ "idle 4294967297\n", "line 1: idle takes SECONDS, from 1 to 86400" },
	{ "tick now\n", "line 1: tick takes nothing more" },
	{ "quit please\n", "line 1: quit takes nothing more" },
	{ "type\n", "line 1: type takes the text to type" },
	{ "type \x1b]0;pwned\x07\n", "line 1: type takes text without control characters or "
				     "invalid UTF-8 (key sends keys): \"?]0;pwned?\"" },
	{ "type \xc0\xaf\n", "line 1: type takes text without control characters or invalid "
			     "UTF-8 (key sends keys): \"??\"" },
	{ "type \xc2\x9b" "2J\n", "line 1: type takes text without control characters or "
				  "invalid UTF-8 (key sends keys): \"??2J\"" },
	{ "save   \n", "line 1: save takes the file to save to" },
	{ "save a\x1b.txt\n", "line 1: save takes a file name without control characters: "
			      "\"a?.txt\"" },
	{ "quit\n\ntick\n", "line 3: nothing may follow quit (line 1)" },
};

static void
test_bad_scripts(void **state)
{
	struct script s;
	struct jf_error err;

	(void)state;
	for (size_t i = 0; i < sizeof bad_scripts / sizeof bad_scripts[0]; i++) {
		if (parse(bad_scripts[i].text, &s, &err) != JF_USAGE)
			fail_msg("script %zu was not refused", i);
		assert_string_equal(err.message, bad_scripts[i].message);
		script_done(&s);
	}
}

/* Bytes that are no text: a NUL, a line too long, a file too big. */
static void
test_not_text(void **state)
{
	struct script s;
	struct jf_error err;
	size_t big = SCRIPT_MAX_BYTES + 1;
	char *text = malloc(big);

	(void)state;
	assert_non_null(text);
	jf_error_clear(&err);
	assert_int_equal(script_parse("tick\ntype a\0b\n", 14, &s, &err), JF_USAGE);
	assert_string_equal(err.message, "line 2: a NUL byte (not a text file?)");
	script_done(&s);

	memset(text, 'x', SCRIPT_MAX_LINE + 1);
	memcpy(text, "type ", 5);
	assert_int_equal(script_parse(text, SCRIPT_MAX_LINE + 1, &s, &err), JF_USAGE);
	assert_string_equal(err.message, "line 1: longer than 4096 bytes");
	script_done(&s);
	/* 4096 bytes and a CR are still one line of 4096 */
	text[SCRIPT_MAX_LINE] = '\r';
	assert_int_equal(script_parse(text, SCRIPT_MAX_LINE + 1, &s, &err), JF_OK);
	script_done(&s);

	memset(text, '\n', big);
	assert_int_equal(script_parse(text, big, &s, &err), JF_USAGE);
	assert_string_equal(err.message, "a script is at most 1048576 bytes");
	script_done(&s);
	free(text);
}

/* The file's name leads the message, as a compiler's does. */
static void
test_load(void **state)
{
	char path[] = "/tmp/jifen-test-script.XXXXXX";
	struct script s;
	struct jf_error err;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "tick\nfrob\n", 10), 10);
	close(fd);
	assert_int_equal(script_load(path, &s, &err), JF_USAGE);
	assert_true(strncmp(err.message, path, strlen(path)) == 0);
	assert_string_equal(err.message + strlen(path),
			    ":2: unknown command \"frob\" (size type scan key click tick idle save quit)");
	script_done(&s);
	unlink(path);
	assert_int_equal(script_load(path, &s, &err), JF_USAGE);
	assert_non_null(strstr(err.message, "cannot read the script"));
	script_done(&s);
}

/* scan TEXT: one step with its text, as long as a scanner's line can be. */
static void
test_scan_command(void **state)
{
	struct script s;
	struct jf_error err;

	(void)state;
	assert_int_equal(parse("scan 8800000001\nscan  JF1 A B\nscan 王芳王芳王芳王芳\n", &s, &err),
			 JF_OK);
	assert_int_equal(s.count, 3);
	assert_int_equal(s.steps[0].op, SCRIPT_SCAN);
	assert_string_equal(s.steps[0].text, "8800000001");
	assert_string_equal(s.steps[1].text, " JF1 A B"); /* the rest after one space */
	assert_string_equal(s.steps[2].text, "王芳王芳王芳王芳");
	script_done(&s);
	assert_int_equal(parse("scan 1234567\n", &s, &err), JF_USAGE);
	assert_string_equal(err.message, "line 1: scan takes 8 to 64 characters (a line of other "
					 "lengths is typed: use type)");
	script_done(&s);
	assert_int_equal(parse("scan 12345678901234567890123456789012345678901234567890"
			       "123456789012345\n", &s, &err),
			 JF_USAGE);
	script_done(&s);
	assert_int_equal(parse("scan 1234\0015678\n", &s, &err), JF_USAGE);
	assert_non_null(strstr(err.message, "without control characters"));
	script_done(&s);
}

/* n characters of text as the requests a terminal makes of them. */
static size_t
burst_of(const char *text, struct req *out)
{
	size_t n = 0;

	for (; *text; text++)
		out[n++] = (struct req){ REQ_CHAR, (unsigned char)*text };
	return n;
}

static void
test_scan_of_burst(void **state)
{
	struct req b[SCAN_MAX_CHARS + 2];
	char text[REQ_SCAN_SIZE];
	int spoiled;
	size_t n;

	(void)state;
	/* A card: one scan, its text as typed. */
	n = burst_of("8800000001", b);
	assert_int_equal(scan_of_burst(b, n, text, sizeof text, &spoiled), 1);
	assert_string_equal(text, "8800000001");
	assert_int_equal(spoiled, 0);
	/* A PIN or an amount and Enter, however fast: typed. */
	n = burst_of("1234567", b);
	assert_int_equal(scan_of_burst(b, n, text, sizeof text, &spoiled), 0);
	/* The longest and one more. */
	n = burst_of("1234567890123456789012345678901234567890123456789012345678901234", b);
	assert_int_equal(n, SCAN_MAX_CHARS);
	assert_int_equal(scan_of_burst(b, n, text, sizeof text, &spoiled), 1);
	b[n++] = (struct req){ REQ_CHAR, '5' };
	assert_int_equal(scan_of_burst(b, n, text, sizeof text, &spoiled), 0);
	/* A key among the characters (an arrow): no scan. */
	n = burst_of("88000000", b);
	b[4] = (struct req){ REQ_DOWN, 0 };
	assert_int_equal(scan_of_burst(b, n, text, sizeof text, &spoiled), 0);
	/* What no field takes, a byte that is no UTF-8, a control character,
	 * an escape sequence: U+FFFD in the text, and spoiled. */
	n = burst_of("880000000191", b);
	b[9] = (struct req){ REQ_CHAR, (int)REQ_BAD_BYTE(0xc3) };
	b[10] = (struct req){ REQ_CHAR, 1 };
	assert_int_equal(scan_of_burst(b, n, text, sizeof text, &spoiled), 1);
	assert_string_equal(text, "880000000\xef\xbf\xbd" "\xef\xbf\xbd" "1");
	assert_int_equal(spoiled, 1);
	/* Chinese is text like any other. */
	n = 0;
	for (int i = 0; i < 8; i++)
		b[n++] = (struct req){ REQ_CHAR, 0x738b }; /* 王 */
	assert_int_equal(scan_of_burst(b, n, text, sizeof text, &spoiled), 1);
	assert_string_equal(text, "王王王王王王王王");
	assert_int_equal(spoiled, 0);
}

/* A screen's tick: every period, none in a burst after a busy spell. */
static void
test_timer(void **state)
{
	struct timer t;

	(void)state;
	timer_start(&t, 250, 1000);
	assert_int_equal(timer_due(&t), 1250);
	assert_int_equal(timer_fire(&t, 1249), 0);
	assert_int_equal(timer_fire(&t, 1250), 1);
	assert_int_equal(timer_due(&t), 1500);
	assert_int_equal(timer_fire(&t, 1250), 0); /* once a period */
	/* The loop was busy for a second: one tick, the next a period on. */
	assert_int_equal(timer_fire(&t, 2600), 1);
	assert_int_equal(timer_due(&t), 2850);
	assert_int_equal(timer_fire(&t, 2700), 0);
	/* No period: never due. */
	timer_start(&t, 0, 1000);
	assert_true(timer_due(&t) == INT64_MAX);
	assert_int_equal(timer_fire(&t, INT64_MAX - 1), 0);
}

/* The idle clock wakes the loop exactly when what it shows changes. */
static void
test_idle_due(void **state)
{
	(void)state;
	/* 60 s left: the countdown of the last 10 starts in 50 s. */
	assert_int_equal(timer_idle_due(0, 60000, 1, 10), 50000);
	/* In the countdown: when the second shown drops (10 -> 9 at 9 s left,
	 * 9.5 s left -> in 0.5 s), and the end at 0. */
	assert_int_equal(timer_idle_due(0, 10000, 1, 10), 1000);
	assert_int_equal(timer_idle_due(0, 9500, 1, 10), 500);
	assert_int_equal(timer_idle_due(100, 1000, 1, 10), 1100);
	assert_int_equal(timer_idle_due(100, 1, 1, 10), 101);
	/* Past the end: now. */
	assert_int_equal(timer_idle_due(100, -5, 1, 10), 100);
	/* No countdown (the attract screen): only the end. */
	assert_int_equal(timer_idle_due(0, 60000, 0, 10), 60000);
	assert_int_equal(timer_idle_due(7, 0, 0, 10), 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_script),
		cmocka_unit_test(test_save_and_quit),
		cmocka_unit_test(test_empty_script),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_bad_scripts),
		cmocka_unit_test(test_not_text),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_scan_command),
		cmocka_unit_test(test_scan_of_burst),
		cmocka_unit_test(test_timer),
		cmocka_unit_test(test_idle_due),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
