/*
 * request: the one table of key bindings. Keys become requests here and
 * nowhere else; the bar asks this table what to call a request's key.
 * A keypad alone (digits, arrows, Enter, Backspace, Esc) reaches every
 * request a member needs.
 */
#include "config.h"

#include <stddef.h>

#include "curses.h"
#include "request.h"

#define CTRL(c) ((c) & 0x1f)

struct binding {
	int is_key;        /* key is a KEY_* code rather than a character */
	unsigned key;
	enum request req;
	const char *name;  /* for the bar: the first named binding of a request */
};

static const struct binding bindings[] = {
	{ 0, '\n', REQ_ENTER, "Enter" },
	{ 0, '\r', REQ_ENTER, NULL },
	{ 1, KEY_ENTER, REQ_ENTER, NULL },
	{ 0, 27, REQ_BACK, "Esc" },
	{ 1, KEY_BACKSPACE, REQ_ERASE, "Bksp" },
	{ 0, 127, REQ_ERASE, NULL },
	{ 0, CTRL('H'), REQ_ERASE, NULL },
	{ 1, KEY_DC, REQ_ERASE, NULL },
	{ 1, KEY_UP, REQ_UP, "↑" },
	{ 1, KEY_DOWN, REQ_DOWN, "↓" },
	{ 1, KEY_LEFT, REQ_LEFT, "←" },
	{ 1, KEY_RIGHT, REQ_RIGHT, "→" },
	/* A list whose arrows move a line pages with these; elsewhere they
	 * are the arrows (kiosk.c). */
	{ 1, KEY_PPAGE, REQ_PAGE_UP, "PgUp" },
	{ 1, KEY_NPAGE, REQ_PAGE_DOWN, "PgDn" },
	{ 0, 'q', REQ_QUIT, "q" },
	{ 0, CTRL('C'), REQ_QUIT, NULL },
	/* The terminal's signal keys: nothing, whatever the screen (raw mode
	 * already keeps them from raising signals). */
	{ 0, CTRL('Z'), REQ_NONE, NULL },
	{ 0, CTRL('\\'), REQ_NONE, NULL },
};

#define BINDING_COUNT (sizeof bindings / sizeof bindings[0])

struct req
request_of_key(int is_key, unsigned key, int unlocked)
{
	struct req r = { REQ_NONE, 0 };

	for (size_t i = 0; i < BINDING_COUNT; i++) {
		if (bindings[i].is_key != is_key || bindings[i].key != key)
			continue;
		r.id = bindings[i].req;
		if (r.id == REQ_QUIT && !unlocked)
			/* Locked: Ctrl-C is nothing, and q is a character like any
			 * other (a field refuses it). */
			r.id = key == 'q' ? REQ_CHAR : REQ_NONE;
		/* A quit keeps its key, so a screen where letters are typed
		 * can take q as one. */
		r.arg = r.id == REQ_CHAR || r.id == REQ_QUIT ? (int)key : 0;
		return r;
	}
	if (is_key)
		return r; /* function keys nobody needs */
	/* Any other character, control characters included, reaches the screen
	 * so that a field can refuse a garbage scan as a whole. */
	r.id = REQ_CHAR;
	r.arg = (int)key;
	return r;
}

const char *
request_key_name(enum request id)
{
	for (size_t i = 0; i < BINDING_COUNT; i++)
		if (bindings[i].req == id && bindings[i].name)
			return bindings[i].name;
	return "";
}
