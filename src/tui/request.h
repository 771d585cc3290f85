/*
 * request: what the member asked for, whatever the device (after tig's
 * request.h). The loop turns keys, mouse clicks and scanner lines into a
 * struct req before any screen sees them, so a screen never knows whether
 * Enter came from a keyboard, a keypad, a scanner or a touch. The
 * function-key bar names its keys from the same bindings, so a label, its
 * key and its action cannot drift apart.
 */
#ifndef JIFEN_TUI_REQUEST_H
#define JIFEN_TUI_REQUEST_H

enum request {
	REQ_NONE = 0, /* nothing to do (an ignored key) */
	REQ_TICK,     /* the idle timer: nothing was pressed */
	REQ_RESIZE,   /* the terminal changed size */
	REQ_CHAR,     /* a character typed or scanned; arg is its code point,
		       * or REQ_BAD_BYTE(b) for a byte b that is no UTF-8 */
	REQ_ENTER,
	REQ_ERASE,    /* Backspace */
	REQ_BACK,     /* Esc */
	REQ_UP,
	REQ_DOWN,
	REQ_LEFT,
	REQ_RIGHT,
	REQ_PAGE_UP,  /* a screen that does not page by itself gets REQ_UP */
	REQ_PAGE_DOWN,
	REQ_PICK,     /* a touch on a list entry; arg is its index */
	REQ_LANG,     /* a touch on a language; arg is its enum lang */
	REQ_QUIT,     /* leave the program: --unlocked only; arg is the key */
	REQ_SCAN,     /* a line from a card or voucher scanner (scan.h); its
		       * text is the kiosk's scan (screen.h) while it is handled */
};

/* A byte that starts no UTF-8 character, as a lone surrogate (after
 * Python's surrogateescape): never a character, so every field refuses
 * it, and still seen, so a field can refuse the whole scan. */
#define REQ_BAD_BYTE(b) (0xdc00u + (unsigned)(b))

/* The most a scan carries, with its NUL; a longer line is no scan. */
#define REQ_SCAN_SIZE 257 /* 64 characters of up to 4 bytes */

struct req {
	enum request id;
	int arg;
};

/* The request of what get_wch() returned: a KEY_* code when is_key, else a
 * character. q and Ctrl-C quit only when unlocked; Ctrl-C, Ctrl-Z and
 * Ctrl-\ are otherwise nothing at all. */
struct req request_of_key(int is_key, unsigned key, int unlocked);

/* The name of the key bound to a request, as the bar shows it ("Enter"). */
const char *request_key_name(enum request id);

#endif
