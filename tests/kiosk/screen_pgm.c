/*
 * screen_pgm: paint a pane as a terminal shows it, for zbarimg (term.sh).
 *
 *   tmux capture-pane -e -p | screen_pgm OUT.pgm
 *
 * It reads the pane's text with its SGR sequences (tmux capture -e: an
 * attribute, once set, holds across lines until changed) and paints every
 * cell 4 pixels wide and 8 tall, as a terminal's cell is about twice as
 * tall as wide: its background, or its ink where the character is a block
 * (U+2588 all of it, U+2580 the upper half, U+2584 the lower half). Any
 * other character is painted as its background only: the screen's words
 * must not be mistaken for modules. Reverse video swaps ink and
 * background; the terminal's default ink is light and its background dark,
 * as on the console. Columns are counted by core's rule (textwidth.h), as
 * the kiosk counts them. The result is a grey PGM (P5).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "textwidth.h"

#define CELL_W 4
#define CELL_H 8
#define MAX_COLS 300
#define MAX_ROWS 100

enum { DEFAULT_FG = -1, DEFAULT_BG = -2 };

struct pen {
	int fg, bg; /* colour index 0..255, or DEFAULT_FG / DEFAULT_BG */
	int reverse;
};

static unsigned char pixels[MAX_ROWS * CELL_H][MAX_COLS * CELL_W];

/* The grey of a colour: the 16 basic ones by their usual looks, the rest
 * of the 256 (cube and greys) roughly. */
static int
grey_of(int colour)
{
	static const int basic[16] = { 0, 90, 130, 200, 70, 110, 160, 229,
				       128, 150, 190, 240, 140, 170, 220, 255 };

	if (colour == DEFAULT_FG)
		return 229;
	if (colour == DEFAULT_BG)
		return 0;
	if (colour < 16)
		return basic[colour];
	if (colour >= 232)
		return 8 + (colour - 232) * 10;
	colour -= 16; /* 6x6x6: r, g, b in 0..5 */
	return (30 * (colour / 36) + 59 * (colour / 6 % 6) + 11 * (colour % 6)) * 51 / 100;
}

/* One SGR sequence's parameters, "0;7;38;5;12". */
static void
apply_sgr(struct pen *pen, const char *params)
{
	int v[32], n = 0;
	const char *p = params;

	while (n < 32) {
		v[n++] = atoi(p);
		p = strchr(p, ';');
		if (p == NULL)
			break;
		p++;
	}
	for (int i = 0; i < n; i++) {
		int c = v[i];

		if (c == 0)
			*pen = (struct pen){ DEFAULT_FG, DEFAULT_BG, 0 };
		else if (c == 7)
			pen->reverse = 1;
		else if (c == 27)
			pen->reverse = 0;
		else if (c >= 30 && c <= 37)
			pen->fg = c - 30;
		else if (c >= 90 && c <= 97)
			pen->fg = c - 90 + 8;
		else if (c == 39)
			pen->fg = DEFAULT_FG;
		else if (c >= 40 && c <= 47)
			pen->bg = c - 40;
		else if (c >= 100 && c <= 107)
			pen->bg = c - 100 + 8;
		else if (c == 49)
			pen->bg = DEFAULT_BG;
		else if ((c == 38 || c == 48) && i + 2 < n && v[i + 1] == 5) {
			*(c == 38 ? &pen->fg : &pen->bg) = v[i + 2] & 255;
			i += 2;
		} else if ((c == 38 || c == 48) && i + 4 < n && v[i + 1] == 2) {
			/* A true colour as the nearest grey, kept as a grey of the ramp. */
			int g = (30 * v[i + 2] + 59 * v[i + 3] + 11 * v[i + 4]) / 100;

			*(c == 38 ? &pen->fg : &pen->bg) = g < 8 ? 16 : 232 + (g - 8) / 10;
			i += 4;
		}
	}
}

/* Paint the cell at (row, col): its top and bottom halves inked or not. */
static void
paint(int row, int col, const struct pen *pen, int top, int bottom)
{
	int ink = grey_of(pen->fg), back = grey_of(pen->bg);

	if (pen->reverse) {
		int t = ink;

		ink = back;
		back = t;
	}
	for (int y = 0; y < CELL_H; y++) {
		int inked = y < CELL_H / 2 ? top : bottom;

		for (int x = 0; x < CELL_W; x++)
			pixels[row * CELL_H + y][col * CELL_W + x] = (unsigned char)(inked ? ink : back);
	}
}

int
main(int argc, char **argv)
{
	char line[65536];
	struct pen pen = { DEFAULT_FG, DEFAULT_BG, 0 };
	int rows = 0;
	FILE *out;

	if (argc != 2) {
		fputs("usage: screen_pgm OUT.pgm < capture\n", stderr);
		return 2;
	}
	while (rows < MAX_ROWS && fgets(line, sizeof line, stdin) != NULL) {
		const unsigned char *p = (const unsigned char *)line;
		int col = 0;

		while (*p && *p != '\n') {
			unsigned cp;
			size_t len;
			int w;

			if (p[0] == 27 && p[1] == '[') { /* CSI ... m */
				const char *end = strchr((const char *)p + 2, 'm');

				char params[256];
				size_t n;

				if (end == NULL)
					break;
				n = (size_t)(end - (const char *)p - 2);
				snprintf(params, sizeof params, "%.*s", (int)n, (const char *)p + 2);
				apply_sgr(&pen, params);
				p = (const unsigned char *)end + 1;
				continue;
			}
			len = parse_utf8_char(p, &cp);
			if (len == 0) {
				cp = '?';
				len = 1;
			}
			p += len;
			w = text_char_width(cp);
			for (int i = 0; i < w && col < MAX_COLS; i++, col++) {
				int top = cp == 0x2588 || cp == 0x2580;
				int bottom = cp == 0x2588 || cp == 0x2584;

				paint(rows, col, &pen, top, bottom);
			}
		}
		/* The rest of the row, blank cells tmux leaves out: the terminal's
		 * background (pixels start dark). */
		rows++;
	}
	if (rows == 0) {
		fputs("screen_pgm: no lines in the input\n", stderr);
		return 1;
	}
	out = fopen(argv[1], "wb");
	if (out == NULL) {
		perror(argv[1]);
		return 1;
	}
	fprintf(out, "P5\n%d %d\n255\n", MAX_COLS * CELL_W, rows * CELL_H);
	for (int y = 0; y < rows * CELL_H; y++)
		fwrite(pixels[y], 1, MAX_COLS * CELL_W, out);
	return fclose(out) == 0 ? 0 : 1;
}
