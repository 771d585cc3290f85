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

#endif
