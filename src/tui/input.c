/*
 * input: the terminal's bytes and keys as requests (see input.h). The
 * bindings themselves are request.c's; what makes a scan, scan.h's.
 */
#include "config.h"

#include "curses.h"
#include "draw.h"
#include "input.h"
#include "parse.h"
#include "scan.h"

#define UTF8_WAIT_MS 20 /* for the rest of a character after its first byte */
#define SEQ_WAIT_MS 20  /* for the rest of an escape sequence, however long */

/* The character whose first byte is lead, decoded here rather than by
 * get_wch(): that drops a byte that is not UTF-8 together with the
 * character after it, so a scan of "880000000", a bad byte, "91" would
 * reach a field as the card 8800000001. A byte that starts no character is
 * handed on as REQ_BAD_BYTE(lead), which no field takes. */
static unsigned
read_utf8(int lead)
{
	unsigned char buf[5] = { (unsigned char)lead, 0, 0, 0, 0 };
	size_t len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1, got = 1;
	unsigned cp;
	int c;

	/* The rest of a character comes with its first byte; the loop sets
	 * its own timeout again before the next read. */
	timeout(UTF8_WAIT_MS);
	while (got < len && (c = getch()) != ERR) {
		if (c < 0x80 || c > 0xbf) { /* no continuation: the next character */
			ungetch(c);
			break;
		}
		buf[got++] = (unsigned char)c;
	}
	if (got == len && parse_utf8_char(buf, &cp) == len)
		return cp;
	return REQ_BAD_BYTE(lead);
}

/* The rest of an escape sequence that curses did not know as a key, after
 * ESC and intro ('[' a control sequence, ']' an operating system command),
 * read up to its end, however long: a sequence cut at some length would
 * leave its tail to be typed into the field (ESC [ and 1,000 digits would
 * fill the card field with them). It ends at its final byte, or when no
 * more of it comes. */
static void
skip_sequence(int intro)
{
	int c;

	timeout(SEQ_WAIT_MS);
	while ((c = getch()) != ERR) {
		if (intro == '[' && c >= 0x40 && c <= 0x7e)
			return; /* a control sequence's final byte */
		if (intro == ']' && (c == 7 || c == 27))
			return; /* BEL, or the ESC of ESC \ (its \ is then refused) */
	}
}

/* After ESC: a sequence that is no key (a scanner's garbage, colours,
 * titles) is one refused character as a whole, never an Esc followed by
 * its letters and digits (which home would take as menu choices). A lone
 * ESC is Esc. Returns the code point for request_of_key(). */
static unsigned
read_escape(void)
{
	int next;

	timeout(0); /* a sequence arrives whole; the loop sets its timeout again */
	next = getch();
	if (next == '[' || next == ']') {
		skip_sequence(next);
		return REQ_BAD_BYTE(27);
	}
	if (next != ERR)
		ungetch(next);
	return 27;
}

/* A press whose release is still to come: that release is no new touch. */
static int button_down;

/* Whether a mouse event is a touch, acted on once: a press, or a click (a
 * press and its release read together). ncurses at times reports a press
 * and its release that arrive together as the release alone (seen in
 * tmux, about one touch in fifteen on a busy machine): a release with no
 * press before it is then the touch, which would otherwise be lost. */
static int
is_touch(mmask_t b)
{
	int lost_press = !button_down;

	if (!(b & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_RELEASED)))
		return 0; /* other buttons, the wheel: nothing */
	button_down = (b & BUTTON1_PRESSED) != 0;
	return (b & (BUTTON1_PRESSED | BUTTON1_CLICKED)) || lost_press;
}

/* One key or character as a request; 0 if none came before the timeout. */
static int
read_key(struct req *r, int unlocked)
{
	int ch = getch();
	MEVENT ev;

	if (ch == ERR)
		return 0;
	r->id = REQ_NONE;
	r->arg = 0;
	if (ch == KEY_RESIZE) {
		r->id = REQ_RESIZE;
	} else if (ch == KEY_MOUSE) {
		/* A touch is a press; its release and the rest mean nothing. */
		if (getmouse(&ev) == OK && is_touch(ev.bstate))
			draw_find_hit(ev.y, ev.x, r);
	} else if (ch >= KEY_MIN) {
		*r = request_of_key(1, (unsigned)ch, unlocked);
	} else {
		*r = request_of_key(0, ch == 27 ? read_escape()
					     : ch < 0x80 ? (unsigned)ch : read_utf8(ch), unlocked);
	}
	return 1;
}

/* Requests read ahead while telling a scan from typing, handed out one by
 * one before anything new is read. */
static struct {
	struct req q[SCAN_MAX_CHARS + 1];
	int head, count;
	int plain; /* in a burst too long to be a scan: keys until it stops */
	char text[REQ_SCAN_SIZE];
} ahead;

/* After a character: the rest of its burst, read while they come at most
 * SCAN_GAP_MS apart. A burst of characters that ends with Enter is one
 * scan (scan.h); anything else is the keys it was, first of them in *r. */
static void
read_burst(struct req *r, int unlocked)
{
	struct req next;
	int spoiled;

	ahead.q[0] = *r;
	ahead.count = 1;
	ahead.head = 1;
	for (;;) {
		timeout(SCAN_GAP_MS);
		if (!read_key(&next, unlocked))
			return; /* a pause: typed */
		if (next.id == REQ_ENTER &&
		    scan_of_burst(ahead.q, (size_t)ahead.count, ahead.text, sizeof ahead.text,
				  &spoiled)) {
			ahead.count = ahead.head = 0;
			*r = (struct req){ REQ_SCAN, 0 };
			return;
		}
		ahead.q[ahead.count++] = next;
		if (next.id != REQ_CHAR)
			return;
		if (ahead.count > SCAN_MAX_CHARS) {
			/* No code is this long: keys, to the end of the burst. */
			ahead.plain = 1;
			return;
		}
	}
}

const char *
input_scan_text(void)
{
	return ahead.text;
}

int
input_read(struct req *r, int unlocked)
{
	if (ahead.head < ahead.count) {
		*r = ahead.q[ahead.head++];
		return 1;
	}
	ahead.head = ahead.count = 0;
	if (ahead.plain) {
		/* The burst goes on while its characters come; only a pause
		 * ends it, so that its tail is never taken for a scan. */
		timeout(SCAN_GAP_MS);
		if (!read_key(r, unlocked)) {
			ahead.plain = 0;
			return 0;
		}
		if (r->id != REQ_CHAR)
			ahead.plain = 0;
		return 1;
	}
	if (!read_key(r, unlocked))
		return 0;
	if (r->id == REQ_CHAR)
		read_burst(r, unlocked);
	return 1;
}
