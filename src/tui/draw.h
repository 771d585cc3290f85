/*
 * draw: what screens draw with. Text is UTF-8 and measured in terminal
 * columns (a Chinese character takes two), so a layout never depends on
 * bytes or characters; text from the ledger is made harmless here, at the
 * one place where anything reaches the terminal. Every clickable thing a
 * screen draws registers where it is (a hit) and the request a touch there
 * stands for.
 *
 * Screens call these instead of curses, so a screen needs no curses at all.
 */
#ifndef JIFEN_TUI_DRAW_H
#define JIFEN_TUI_DRAW_H

#include "request.h"

/* Looks, not meanings: every screen must read right without colour, so each
 * style has a monochrome form (bold, reverse, underline) as well. */
enum style {
	STYLE_NORMAL,
	STYLE_TITLE,    /* the title bar */
	STYLE_HEADING,
	STYLE_FIELD,    /* an input field */
	STYLE_SELECTED, /* the active choice */
	STYLE_POINTS,   /* numbers of points */
	STYLE_ERROR,
	STYLE_WARN,     /* expiry, countdown */
	STYLE_OK,
	STYLE_DIM,      /* hints */
	STYLE_BAR,      /* the function-key bar */
	STYLE_BAR_KEY,  /* a key's name on the bar */
	STYLE_QR,       /* a QR code: light ink on black, whatever the terminal's colours */
	STYLE_QR_LIGHT, /* a QR code's light cells: white, or reverse video without colour */
	STYLE_QR_DARK,  /* a QR code's dark cells: black, or plain without colour */
	STYLE_COUNT
};

/* Colours if the terminal has them; call once after the terminal is set up. */
void draw_init(void);

/* Erase the screen and forget the hits of the last frame. */
void draw_begin(void);
/* Send the frame to the terminal. */
void draw_end(void);
/* The next draw_end() repaints every cell from a cleared terminal whose
 * scrolling region is the whole screen: after the terminal's size changed,
 * what it shows and its scrolling region are no longer what curses
 * believes. */
void draw_repaint(void);

/* Columns UTF-8 text takes: double-width characters count two; invalid
 * bytes and control characters count one (they are drawn as '?'). */
int draw_width(const char *text);

/*
 * Draw text at row y, column x, in at most max columns (clipped to the
 * screen), ending with an ellipsis when it does not fit. A double-width
 * character is never cut in half. Returns the columns used.
 */
int draw_text(int y, int x, int max, enum style st, const char *text);
/* Draw text ending at column right (exclusive). */
void draw_right(int y, int right, enum style st, const char *text);
/* A number ending at column right, as the points of a column are shown. */
void draw_number(int y, int right, enum style st, long long n);
/* Draw text centred in the columns [x, x + width). Returns its column. */
int draw_center(int y, int x, int width, enum style st, const char *text);
/*
 * Draw text wrapped into width columns over at most max_lines rows from
 * (y, x): at spaces where there are any, else between characters (Chinese
 * has no spaces). Returns the rows used; does nothing if max_lines <= 0.
 */
int draw_wrap(int y, int x, int width, int max_lines, enum style st, const char *text);
/* The rows draw_wrap() would use. */
int draw_wrap_rows(int width, const char *text);
/* Blank cells in a style (a bar's background). */
void draw_fill(int y, int x, int width, enum style st);

/*
 * A QR code (qr.h) as this terminal can show it (caps.h), quiet zone
 * included, dark modules on light whatever the terminal's colours: in half
 * blocks where it has them (light modules as white ink on black; without
 * colour, dark modules as ink in reverse video, light where the terminal's
 * ink is), else two blank cells a module, one row a module (the console:
 * no glyph needed at all). draw_qr_size() gives the columns and rows.
 */
struct qr_matrix;
void draw_qr_size(const struct qr_matrix *m, int *cols, int *rows);
void draw_qr(int y, int x, const struct qr_matrix *m);

/* A touch in (y, x .. x + width - 1) means r. */
void draw_hit(int y, int x, int width, struct req r);
/* The request of a touch at (y, x): 1 if something clickable is there. */
int draw_find_hit(int y, int x, struct req *out);

#endif
