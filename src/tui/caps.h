/*
 * caps: what this terminal can show, decided in one place, so that no
 * screen tests TERM or the locale itself.
 *
 * The kiosk runs where it boots: a UTF-8 terminal with a CJK font (foot
 * under cage) shows everything; the bare Linux console (TERM=linux) has
 * neither CJK glyphs nor half blocks in its font, whatever the locale; a
 * locale that is not UTF-8 (LANG=C, a Latin-1 one) may be sent nothing but
 * ASCII. Where something cannot be shown, the kiosk uses what can:
 * English, the terminal's own line drawing (curses' ACS), ASCII stand-ins
 * for other symbols, and the QR code in two blank columns a module, which
 * needs no glyph at all. NO_COLOR (no-color.org: set and not empty) turns
 * colour pairs off: every style has a look in attributes alone (draw.c).
 *
 * No curses in this header: the command line asks it too (cmd_voucher.c).
 */
#ifndef JIFEN_TUI_CAPS_H
#define JIFEN_TUI_CAPS_H

#include "status.h"

struct caps {
	int unicode;     /* characters beyond ASCII may be written (a UTF-8 locale,
			  * not the console); else only ASCII, lines through ACS */
	int cjk;         /* Chinese glyphs draw: Chinese may be chosen */
	int half_blocks; /* the QR code in half blocks (U+2580, U+2584, U+2588), one
			  * column and half a row a module; else two blank cells a
			  * module, one row a module */
	int colour;      /* colour pairs may be used */
};

/* The answer for a terminal type (TERM, NULL if unset), the locale's
 * character set (nl_langinfo(CODESET)), NO_COLOR's value (NULL if unset)
 * and whether the terminal has colours at all. Pure: for tests. */
struct caps caps_of(const char *term, const char *codeset, const char *no_color,
		    int has_colours);

/* Is NO_COLOR set and not empty? */
int caps_no_color(void);
/* Is the LC_CTYPE locale in force (after setlocale()) UTF-8? */
int caps_utf8_locale(void);

/* Before curses starts: refuse a terminal the kiosk cannot draw on (TERM
 * unset or empty, unknown to terminfo, a hard-copy one, or one that cannot
 * move its cursor, such as TERM=dumb) with one line, JF_USAGE. */
enum jf_status caps_check_term(const char *term, struct jf_error *err);

/* The kiosk's terminal from now on: from TERM, the locale in force and
 * NO_COLOR; has_colours says what curses found (has_colors()). */
void caps_init(const char *term, int has_colours);
/* What caps_init() decided (before it: everything, without colour). */
const struct caps *caps_get(void);

#endif
