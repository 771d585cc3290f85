/*
 * widget: the pieces of screen that more than one screen draws the same
 * way: an input field and the on-screen keypad. Like draw.h, no curses.
 */
#ifndef JIFEN_TUI_WIDGET_H
#define JIFEN_TUI_WIDGET_H

#define KEYPAD_KEY_W 7 /* a key of the on-screen keypad: "[  1  ]" */
#define KEYPAD_GAP 2
#define KEYPAD_W (3 * KEYPAD_KEY_W + 2 * KEYPAD_GAP)
#define KEYPAD_ROWS 7  /* four rows of keys with a row between each */

/*
 * One input row: "label  [text_     ]", the label in a column of label_w,
 * room for size characters and the cursor, which only an active field shows.
 * text must fit: the caller's field never holds more than size characters.
 */
void widget_field(int y, int x, int label_w, const char *label, const char *text, int size,
		  int active);

/*
 * The keypad of digits, ⌫ and OK at (y, x), for a touch screen without a
 * keyboard: a touch on a key is the request its key would make (a digit,
 * Backspace, Enter), so a screen handles both the same way.
 */
void widget_keypad(int y, int x);

/* A button "[ label ]" at (y, x), the active choice's look; a touch on it
 * is r. Returns the columns it takes. */
int widget_button(int y, int x, const char *label, struct req r);

/*
 * "[ < Prev ]  Page 1 of 3 · what  [ Next > ]" on row y over width columns
 * from x, for page (from 0) of pages; what may be NULL. A button is there
 * only where there is a page that way (a dimmed one would look like the
 * others without colour); a touch on it is PgUp or PgDn.
 */
void widget_pager(int y, int x, int width, int page, int pages, const char *what);
/* Up or Down (by -1 or 1) in a list of count lines: the line chosen
 * moves, stopping at the first and the last. */
void list_move(int *selected, int count, int by);
/* An entry of a menu on row y over width columns from x: "> k  label",
 * the chosen one (on) filled, another in st (STYLE_DIM: not for now);
 * key is the character that opens it; a touch on it is REQ_PICK pick. */
void widget_menu_entry(int y, int x, int width, int on, enum style st, int key,
		       const char *label, int pick);
/* Up, Down, Enter or a touch on a menu of count entries (Up and Down
 * going round): 1 if r is one of them, with *open the entry that Enter or
 * the touch opens (-1: the choice moved, nothing opens). A screen checks
 * that *open is one of its entries. */
int menu_key(struct req r, int *choice, int count, int *open);
/* The same on a list: Up and Down stop at its ends. */
int list_key(struct req r, int *selected, int count, int *open);
/* The pages count lines take, per_page a page (at least one page). */
int list_pages(int count, int per_page);
/* Move *selected to the first line of the page by pages from its own; 0,
 * and *selected unchanged, when there is no such page. The page is the
 * selected line's, not the last frame's: keys typed fast all come before
 * the next frame. */
int list_turn_page(int *selected, int count, int per_page, int by);

/*
 * A field of digits typed, scanned or touched: a card number, a PIN, an
 * amount. It keeps at most size digits; a character that is no digit, or
 * one digit too many, spoils the entry, which is then refused as a whole
 * (a garbage scan is never half taken), and Backspace starts it again.
 */
#define DIGIT_FIELD_MAX 19
struct digit_field {
	char text[DIGIT_FIELD_MAX + 1];
	int len;
	int size;     /* 1 .. DIGIT_FIELD_MAX */
	int spoiled;  /* no digit, or more than size of them, came in */
};

/* An empty field of size digits. */
void digit_field_init(struct digit_field *f, int size);
/* A character typed (a code point, or REQ_BAD_BYTE). */
void digit_field_type(struct digit_field *f, int c);
/* Backspace: one digit less, or a spoiled entry cleared. */
void digit_field_erase(struct digit_field *f);
/* Empty it, leaving nothing of what was typed in memory (a PIN). */
void digit_field_clear(struct digit_field *f);
/* Anything typed at all, spoiled or not. */
int digit_field_touched(const struct digit_field *f);
/* The text of a scan (REQ_SCAN) in place of what was typed, refused whole by the
 * same rules if it is no number of the field's size. */
void digit_field_scan(struct digit_field *f, const char *text);

#endif
