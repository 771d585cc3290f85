/*
 * dump: the curses screen read back as text (see dump.h). It reads what
 * the kiosk drew into stdscr, never the terminal: the kiosk under a script
 * has no terminal at all.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "curses.h"
#include "dump.h"
#include "xalloc.h"

/* The text of the cell at (y, x) in UTF-8 at out (room for the cell's
 * characters), and the columns it takes. */
static int
cell_text(int y, int x, char *out, size_t *len)
{
	wchar_t wch[CCHARW_MAX + 1];
	mbstate_t ps;
	cchar_t cell;
	attr_t attrs;
	short pair;
	size_t n;
	int width;

	*len = 0;
	if (mvwin_wch(stdscr, y, x, &cell) == ERR ||
	    getcchar(&cell, wch, &attrs, &pair, NULL) == ERR || wch[0] == L'\0') {
		out[(*len)++] = ' ';
		return 1;
	}
	width = wcwidth(wch[0]);
	memset(&ps, 0, sizeof ps);
	for (int i = 0; i < CCHARW_MAX && wch[i] != L'\0'; i++) {
		n = wcrtomb(out + *len, wch[i], &ps);
		if (n == (size_t)-1) { /* not in this locale's charset */
			out[*len] = '?';
			n = 1;
		}
		*len += n;
	}
	return width < 1 ? 1 : width;
}

int
dump_screen(FILE *out)
{
	char *row = xmalloc((size_t)COLS * CCHARW_MAX * MB_LEN_MAX + 1);
	size_t len, used;

	for (int y = 0; y < LINES; y++) {
		used = 0;
		for (int x = 0; x < COLS; used += len)
			x += cell_text(y, x, row + used, &len);
		while (used > 0 && row[used - 1] == ' ')
			used--;
		if (fwrite(row, 1, used, out) != used || putc('\n', out) == EOF) {
			free(row);
			return -1;
		}
	}
	free(row);
	return 0;
}
