/*
 * draw: text on the terminal by columns, and the hits of clickable things.
 *
 * Everything a screen shows passes through put_text(), which measures each
 * character by core's one rule (textwidth.h, which the command line's
 * tables use too) and turns control characters and invalid UTF-8 into '?':
 * a member's name read from a tampered ledger can neither drive the
 * terminal nor push a column out of line. What the terminal cannot show
 * (caps.h) never reaches it: on an ASCII terminal or the console other
 * characters become ASCII stand-ins or '?', as many columns as they take,
 * and lines are drawn with curses' own line characters (ACS), so a layout
 * is the same on every terminal.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "caps.h"
#include "curses.h"
#include <term.h>

#include "draw.h"
#include "parse.h"
#include "qr.h"
#include "textwidth.h"

/* Touch areas a frame: a line of a list a row, the buttons and the bar's
 * entries; even a tall screen of lists stays far below this. */
#define HIT_MAX 256
#define LINE_MAX_CHARS 512

struct style_look {
	attr_t mono;  /* without colour: must carry the meaning alone */
	short fg, bg; /* with colour; -1 is the terminal's default */
	attr_t attr;  /* with colour, added to it */
};

static const struct style_look looks[STYLE_COUNT] = {
	[STYLE_NORMAL] = { A_NORMAL, -1, -1, A_NORMAL },
	[STYLE_TITLE] = { A_REVERSE | A_BOLD, COLOR_WHITE, COLOR_RED, A_BOLD },
	[STYLE_HEADING] = { A_BOLD, -1, -1, A_BOLD },
	[STYLE_FIELD] = { A_UNDERLINE, COLOR_BLACK, COLOR_WHITE, A_NORMAL },
	[STYLE_SELECTED] = { A_REVERSE | A_BOLD, COLOR_WHITE, COLOR_BLUE, A_BOLD },
	[STYLE_POINTS] = { A_BOLD, COLOR_CYAN, -1, A_BOLD },
	[STYLE_ERROR] = { A_REVERSE | A_BOLD, COLOR_WHITE, COLOR_RED, A_BOLD },
	[STYLE_WARN] = { A_BOLD, COLOR_BLACK, COLOR_YELLOW, A_NORMAL },
	[STYLE_OK] = { A_BOLD, COLOR_BLACK, COLOR_GREEN, A_NORMAL },
	[STYLE_DIM] = { A_DIM, -1, -1, A_DIM },
	[STYLE_BAR] = { A_REVERSE, COLOR_BLACK, COLOR_CYAN, A_NORMAL },
	[STYLE_BAR_KEY] = { A_BOLD, COLOR_WHITE, COLOR_BLACK, A_BOLD },
	/* Without colour the terminal's own light-on-dark is all there is. */
	[STYLE_QR] = { A_NORMAL, COLOR_WHITE, COLOR_BLACK, A_BOLD },
	/* Without colour, reverse video: the terminal's light ink as the cell. */
	[STYLE_QR_LIGHT] = { A_REVERSE, COLOR_BLACK, COLOR_WHITE, A_NORMAL },
	[STYLE_QR_DARK] = { A_NORMAL, COLOR_WHITE, COLOR_BLACK, A_NORMAL },
};

static attr_t style_attr[STYLE_COUNT];

static struct hit {
	int y, x, width;
	struct req r;
} hits[HIT_MAX];
static int hit_count;
static int repaint_due; /* draw_repaint() was called */

void
draw_init(void)
{
	int colour = caps_get()->colour && start_color() == OK;
	short dflt = COLOR_BLACK;

	if (colour && use_default_colors() == OK)
		dflt = -1;
	for (int s = 0; s < STYLE_COUNT; s++) {
		const struct style_look *l = &looks[s];

		if (!colour || (l->fg == -1 && l->bg == -1)) {
			style_attr[s] = colour ? l->attr : l->mono;
			continue;
		}
		/* Pair 0 is the terminal's own; ours start at 1. */
		init_pair((short)(s + 1), l->fg == -1 && dflt != -1 ? COLOR_WHITE : l->fg,
			  l->bg == -1 ? dflt : l->bg);
		style_attr[s] = COLOR_PAIR(s + 1) | l->attr;
	}
}

void
draw_begin(void)
{
	erase();
	hit_count = 0;
}

/*
 * curses sets the terminal's scrolling region to the whole screen once, at
 * the start, and from then on moves lines (insert line, delete line) as if
 * it still were. A terminal that grows may keep the old region: foot, in
 * cage, has its window's size before the kiosk has learnt it, so the
 * region set for the first, smaller size never reaches its last rows, and
 * lines pushed past the region's end were lost (issue 13: the function-key
 * bar came out as an empty strip). Setting it again makes it true.
 */
static void
reset_scroll_region(void)
{
	/* NULL: absent or cancelled (a dumb terminal has no region). */
	char *csr = tigetstr("csr");

	if (csr != NULL && csr != (char *)(intptr_t)-1)
		putp(tiparm(csr, 0, LINES - 1));
}

void
draw_end(void)
{
	if (repaint_due) {
		/* Here, right before the refresh: a clearok() made earlier is
		 * spent by the refresh getch() does of the old frame. */
		reset_scroll_region();
		clearok(curscr, TRUE);
		repaint_due = 0;
	}
	refresh();
}

void
draw_repaint(void)
{
	repaint_due = 1;
}

/* What an ASCII terminal shows for a symbol the screens use, one column
 * each as the symbol takes; the box-drawing lines are not here: curses
 * draws them (line_char()). */
static wchar_t
ascii_stand_in(unsigned cp)
{
	static const struct {
		unsigned cp;
		char ascii;
	} stand_ins[] = {
		{ 0x00a5, 'Y' }, /* ¥ */ { 0x00b7, '-' }, /* · */ { 0x00d7, 'x' }, /* × */
		{ 0x2018, '\'' }, { 0x2019, '\'' }, { 0x201c, '"' }, { 0x201d, '"' },
		{ 0x2013, '-' }, { 0x2014, '-' }, { 0x2022, '*' }, { 0x2026, '~' }, /* … */
		{ 0x2190, '<' }, { 0x2191, '^' }, { 0x2192, '>' }, { 0x2193, 'v' },
		{ 0x232b, '<' }, /* ⌫ */ { 0x2605, '*' }, { 0x2606, '*' },
	};

	for (size_t i = 0; i < sizeof stand_ins / sizeof stand_ins[0]; i++)
		if (stand_ins[i].cp == cp)
			return (wchar_t)stand_ins[i].ascii;
	return L'?';
}

/* Is wc a box-drawing character the screens use? */
static int
is_line_char(wchar_t wc)
{
	return wcschr(L"─│┌┐└┘", wc) != NULL && wc != L'\0';
}

/* curses' line character for a box-drawing one, or NULL. Only once the
 * terminal is set up: the WACS_ table is curses'. */
static const cchar_t *
line_char(wchar_t wc)
{
	if (!is_line_char(wc))
		return NULL;
	switch (wc) {
	case L'─':
		return WACS_HLINE;
	case L'│':
		return WACS_VLINE;
	case L'┌':
		return WACS_ULCORNER;
	case L'┐':
		return WACS_URCORNER;
	case L'└':
		return WACS_LLCORNER;
	case L'┘':
		return WACS_LRCORNER;
	default:
		return NULL;
	}
}

/* The character at *p, made safe to show: what to write (*wc, and *n
 * cells of it: '?' stands for a wide character twice) and the columns it
 * takes, always its width by textwidth.h. Advances *p past it. */
static void
next_char(const char **p, wchar_t *wc, int *n, int *width)
{
	unsigned cp;
	size_t len = parse_utf8_char((const unsigned char *)*p, &cp);
	int w;

	*n = 1;
	if (len == 0) { /* a byte that begins no valid character */
		*p += 1;
		*wc = L'?';
		*width = 1;
		return;
	}
	*p += len;
	*width = w = text_char_width(cp);
	if (parse_is_control(cp)) {
		*wc = L'?';
		return;
	}
	*wc = (wchar_t)cp;
	if (cp < 0x80 || is_line_char(*wc))
		return;
	/* Beyond ASCII: only what this terminal shows, counted as curses
	 * counts it (its wcwidth() may know another Unicode than ours). */
	if (caps_get()->unicode && wcwidth(*wc) == w)
		return;
	*wc = w == 1 ? ascii_stand_in(cp) : L'?';
	*n = w;
}

static int
width_of(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	wchar_t wc;
	int n, w, total = 0;

	while (p < end && *p) {
		next_char(&p, &wc, &n, &w);
		total += w;
	}
	return total;
}

int
draw_width(const char *text)
{
	return width_of(text, strlen(text));
}

/* Write n characters of buf at (y, x) in the current attributes, each
 * line character through curses' own (ACS on a terminal without Unicode). */
static void
write_chars(int y, int x, const wchar_t *buf, int n)
{
	int from = 0;

	move(y, x);
	for (int i = 0; i <= n; i++) {
		const cchar_t *line = i < n ? line_char(buf[i]) : NULL;

		if (i < n && line == NULL)
			continue;
		if (i > from)
			addnwstr(buf + from, i - from);
		if (line != NULL)
			add_wch(line);
		from = i + 1;
	}
}

/* Draw len bytes of text; see draw_text(). more: there is more text after
 * these bytes, so end with the ellipsis anyway. */
static int
put_text(int y, int x, int max, enum style st, const char *text, size_t len, int more)
{
	wchar_t buf[LINE_MAX_CHARS + 3];
	const char *p = text, *end = text + len;
	int n = 0, used = 0, room, w, cells, fits;
	wchar_t wc;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (max > COLS - x)
		max = COLS - x;
	if (max <= 0)
		return 0;
	fits = !more && width_of(text, len) <= max;
	room = fits ? max : max - 1; /* one column for the ellipsis */
	while (p < end && *p && n < LINE_MAX_CHARS) {
		next_char(&p, &wc, &cells, &w);
		if (used + w > room)
			break;
		for (int i = 0; i < cells; i++)
			buf[n++] = wc;
		used += w;
	}
	if (!fits) {
		buf[n++] = caps_get()->unicode ? L'…' : L'~';
		used++;
	}
	buf[n] = L'\0';
	attrset(style_attr[st]);
	write_chars(y, x, buf, n);
	attrset(A_NORMAL);
	return used;
}

int
draw_text(int y, int x, int max, enum style st, const char *text)
{
	return put_text(y, x, max, st, text, strlen(text), 0);
}

void
draw_right(int y, int right, enum style st, const char *text)
{
	int w = draw_width(text);

	draw_text(y, right - w, w, st, text);
}

void
draw_number(int y, int right, enum style st, long long n)
{
	char text[32];

	snprintf(text, sizeof text, "%lld", n);
	draw_right(y, right, st, text);
}

int
draw_center(int y, int x, int width, enum style st, const char *text)
{
	int w = draw_width(text), at = x + (w < width ? (width - w) / 2 : 0);

	put_text(y, at, width - (at - x), st, text, strlen(text), 0);
	return at;
}

/* Closing punctuation that must not begin a row of Chinese text. */
static int
no_break_before(wchar_t wc)
{
	static const wchar_t closing[] = L"，。、！？：；）》」』】〉…";

	return wc != L'\0' && wcschr(closing, wc) != NULL;
}

/*
 * The next row of wrapped text from p: *len bytes to draw, and the start
 * of the row after it in *next. Breaks at a space (dropped), before or
 * after a double-width character (never before closing punctuation), or
 * where the width runs out; '\n' always breaks.
 */
static void
wrap_row(const char *p, int width, size_t *len, const char **next)
{
	const char *q = p, *brk_end = NULL, *brk_next = NULL, *before;
	int used = 0, w, n, prev_wide = 0;
	wchar_t wc;

	while (*q) {
		if (*q == '\n') {
			*len = (size_t)(q - p);
			*next = q + 1;
			return;
		}
		before = q;
		next_char(&q, &wc, &n, &w);
		if (wc == L' ') {
			brk_end = before;
			brk_next = q;
		} else if (before != p && (w == 2 || prev_wide) && !no_break_before(wc)) {
			brk_end = brk_next = before;
		}
		if (used + w > width) {
			if (brk_end == NULL || brk_end == p) /* no break: cut the word */
				brk_end = brk_next = before == p ? q : before;
			*len = (size_t)(brk_end - p);
			*next = brk_next;
			return;
		}
		used += w;
		prev_wide = w == 2;
	}
	*len = (size_t)(q - p);
	*next = q;
}

int
draw_wrap(int y, int x, int width, int max_lines, enum style st, const char *text)
{
	const char *p = text, *next;
	int rows = 0;
	size_t len;

	if (width <= 0)
		return 0;
	while (*p && rows < max_lines) {
		wrap_row(p, width, &len, &next);
		while (*next == ' ')
			next++;
		/* The last row that fits says that there is more. */
		put_text(y + rows, x, width, st, p, len, rows == max_lines - 1 && *next);
		rows++;
		p = next;
	}
	return rows;
}

int
draw_wrap_rows(int width, const char *text)
{
	const char *p = text, *next;
	int rows = 0;
	size_t len;

	if (width <= 0)
		return 0;
	while (*p) {
		wrap_row(p, width, &len, &next);
		while (*next == ' ')
			next++;
		rows++;
		p = next;
	}
	return rows;
}

void
draw_fill(int y, int x, int width, enum style st)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (width > COLS - x)
		width = COLS - x;
	mvhline(y, x, ' ' | style_attr[st], width);
}

void
draw_qr_size(const struct qr_matrix *m, int *cols, int *rows)
{
	if (caps_get()->half_blocks) {
		*cols = qr_render_cols(m);
		*rows = qr_render_rows(m);
	} else {
		*cols = 2 * qr_render_cols(m);
		*rows = qr_render_cols(m);
	}
}

/* Two cells a module, from core's ASCII rendering ("##": dark). */
static void
draw_qr_cells(int y, int x, const struct qr_matrix *m)
{
	char *text = qr_render_ascii(m, 1);
	const char *p = text;

	for (int row = 0; *p; row++, p++)
		for (int col = 0; *p && *p != '\n'; col += 2, p += 2)
			draw_fill(y + row, x + col, 2, *p == '#' ? STYLE_QR_DARK : STYLE_QR_LIGHT);
	/* The code is as good as the goods until it is scanned. */
	explicit_bzero(text, strlen(text));
	free(text);
}

void
draw_qr(int y, int x, const struct qr_matrix *m)
{
	int colour = caps_get()->colour, cols = qr_render_cols(m);
	char *text, *line, *next;
	size_t size;

	if (!caps_get()->half_blocks) {
		draw_qr_cells(y, x, m);
		return;
	}
	text = qr_render_halfblocks(m, !colour);
	size = strlen(text);
	for (line = text; *line; line = next, y++) {
		next = strchr(line, '\n');
		*next++ = '\0';
		draw_text(y, x, cols, colour ? STYLE_QR : STYLE_QR_LIGHT, line);
	}
	explicit_bzero(text, size);
	free(text);
}

void
draw_hit(int y, int x, int width, struct req r)
{
	if (hit_count == HIT_MAX)
		return;
	hits[hit_count].y = y;
	hits[hit_count].x = x;
	hits[hit_count].width = width;
	hits[hit_count].r = r;
	hit_count++;
}

int
draw_find_hit(int y, int x, struct req *out)
{
	for (int i = 0; i < hit_count; i++)
		if (hits[i].y == y && x >= hits[i].x && x < hits[i].x + hits[i].width) {
			*out = hits[i].r;
			return 1;
		}
	return 0;
}
