/*
 * caps: the one decision of what this terminal can show (caps.h).
 */
#include "config.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "curses.h"
#include <term.h> /* after curses.h: terminfo's setupterm() and tigetstr() */

static struct caps current = { 1, 1, 1, 0 };

/* The Linux console and its variants (linux-16color, linux-basic...):
 * its fonts have 512 glyphs at most, no Chinese, and no half blocks. */
static int
is_console(const char *term)
{
	return term != NULL && strncmp(term, "linux", 5) == 0;
}

struct caps
caps_of(const char *term, const char *codeset, const char *no_color, int has_colours)
{
	struct caps c;
	int utf8 = codeset != NULL &&
		   (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);

	c.unicode = utf8 && !is_console(term);
	c.cjk = c.unicode;
	c.half_blocks = c.unicode;
	c.colour = has_colours && (no_color == NULL || no_color[0] == '\0');
	return c;
}

int
caps_no_color(void)
{
	const char *v = getenv("NO_COLOR");

	return v != NULL && v[0] != '\0';
}

int
caps_utf8_locale(void)
{
	const char *codeset = nl_langinfo(CODESET);

	return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

enum jf_status
caps_check_term(const char *term, struct jf_error *err)
{
	int found = 0;
	const char *move_cursor;
	int is_hard_copy;

	if (term == NULL || term[0] == '\0')
		return jf_fail(err, JF_USAGE,
			       "the kiosk needs a terminal type: TERM is not set (linux, xterm, foot...)");
	/* Only terminfo is asked: nothing is written to the terminal. */
	if (setupterm(term, STDOUT_FILENO, &found) != OK || found != 1)
		return jf_fail(err, JF_USAGE,
			       "the kiosk cannot draw on TERM=%.64s: terminfo does not know it",
			       term);
	move_cursor = tigetstr("cup");
	is_hard_copy = tigetflag("hc") > 0;
	del_curterm(cur_term);
	if (is_hard_copy || move_cursor == NULL || move_cursor == (const char *)-1)
		return jf_fail(err, JF_USAGE,
			       "the kiosk cannot draw on TERM=%.64s: it cannot move the cursor "
			       "(use a terminal such as linux, xterm or foot)",
			       term);
	return JF_OK;
}

void
caps_init(const char *term, int has_colours)
{
	current = caps_of(term, nl_langinfo(CODESET), getenv("NO_COLOR"), has_colours);
}

const struct caps *
caps_get(void)
{
	return &current;
}
