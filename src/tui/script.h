/*
 * script: the requests of `jifen kiosk --script FILE`, read from a file
 * instead of a terminal (after tig's TIG_SCRIPT). The kiosk runs its real
 * loop and screens on a screen of a fixed size that no terminal shows, and
 * a script line saves that screen as text: exact screen dumps, with no
 * terminal and no sleeping, for tests and for timing the start-up.
 *
 * One command a line; blank lines and lines starting with # are nothing:
 *
 *   size COLS ROWS   the screen's size (80 24 until a size line says otherwise)
 *   type TEXT        TEXT typed, one character at a time
 *   scan TEXT        TEXT read by a card or voucher scanner: one REQ_SCAN
 *                    (scan.h), SCAN_MIN_CHARS to SCAN_MAX_CHARS characters
 *   key NAME...      keys by name: Enter Esc Up Down Left Right Backspace
 *                    Delete PageUp PageDown Tab C-c C-z C-\
 *   click ROW COL    a touch, ROW and COL counted from 1 as in a saved dump
 *   tick             the idle clock is looked at, without time passing
 *   idle SECONDS     SECONDS pass without a key (the idle clock, ticking)
 *   save PATH        the screen as the member sees it, to the file PATH
 *   quit             the end (so is the end of the file)
 *
 * The whole file is read and checked before anything runs, so a typo is
 * one error naming its line, never half a test. No curses here: the parser
 * is tested and fuzzed on its own.
 */
#ifndef JIFEN_TUI_SCRIPT_H
#define JIFEN_TUI_SCRIPT_H

#include <stddef.h>

#include "status.h"

#define SCRIPT_MAX_BYTES (1024 * 1024) /* a script is typed by a person */
#define SCRIPT_MAX_LINE 4096
#define SCRIPT_MIN_SIZE 1
#define SCRIPT_MAX_COLS 1000
#define SCRIPT_MAX_ROWS 1000
#define SCRIPT_MAX_IDLE_S 86400
#define SCRIPT_DEFAULT_COLS 80
#define SCRIPT_DEFAULT_ROWS 24

enum script_op {
	SCRIPT_SIZE,  /* a: columns, b: rows */
	SCRIPT_TYPE,  /* text: valid UTF-8, no control characters */
	SCRIPT_SCAN,  /* text: the same, of SCAN_MIN_CHARS to SCAN_MAX_CHARS characters */
	SCRIPT_KEY,   /* a: enum script_key */
	SCRIPT_CLICK, /* a: row, b: column, both from 0 */
	SCRIPT_TICK,
	SCRIPT_IDLE,  /* a: seconds */
	SCRIPT_SAVE,  /* text: the path */
	SCRIPT_QUIT,
};

enum script_key {
	SCRIPT_KEY_ENTER,
	SCRIPT_KEY_ESC,
	SCRIPT_KEY_UP,
	SCRIPT_KEY_DOWN,
	SCRIPT_KEY_LEFT,
	SCRIPT_KEY_RIGHT,
	SCRIPT_KEY_BACKSPACE,
	SCRIPT_KEY_DELETE,
	SCRIPT_KEY_PAGEUP,
	SCRIPT_KEY_PAGEDOWN,
	SCRIPT_KEY_TAB,
	SCRIPT_KEY_CTRL_C,
	SCRIPT_KEY_CTRL_Z,
	SCRIPT_KEY_CTRL_BACKSLASH,
	SCRIPT_KEY_COUNT
};

struct script_step {
	enum script_op op;
	int line; /* in the file, from 1 */
	int a, b;
	char *text; /* SCRIPT_TYPE, SCRIPT_SCAN and SCRIPT_SAVE; else NULL */
};

struct script {
	char *path; /* the file, for messages; NULL if parsed from text */
	struct script_step *steps;
	size_t count;
	int cols, rows; /* the size the kiosk starts with */
};

/*
 * Parse len bytes of script text into *s (which script_done() frees, also
 * after a failure). A bad line is JF_USAGE with a one-line message
 * "line N: what is wrong", quoting the line's text harmlessly.
 */
enum jf_status script_parse(const char *text, size_t len, struct script *s,
			    struct jf_error *err);
/* Read and parse the file at path; messages start with "path:N: ". A file
 * that cannot be read is JF_NOTFOUND (missing) or JF_ERR. */
enum jf_status script_load(const char *path, struct script *s, struct jf_error *err);
void script_done(struct script *s);

/* The name of a key as a script writes it ("Enter"). */
const char *script_key_name(enum script_key key);

#endif
