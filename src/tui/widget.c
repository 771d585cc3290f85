/*
 * widget: an input field and the on-screen keypad, shared by the screens
 * that take digits (login, family).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "i18n.h"
#include "parse.h"
#include "widget.h"

#define FIELD_MAX 64 /* the widest field a screen has */

void
widget_field(int y, int x, int label_w, const char *label, const char *text, int size,
	     int active)
{
	char shown[4 * FIELD_MAX + 2]; /* UTF-8: up to 4 bytes a character */

	draw_text(y, x, label_w, active ? STYLE_HEADING : STYLE_NORMAL, label);
	x += label_w + 2;
	snprintf(shown, sizeof shown, "%s%s", text, active ? "_" : "");
	draw_text(y, x, 1, STYLE_NORMAL, "[");
	draw_fill(y, x + 1, size + 1, STYLE_FIELD);
	draw_text(y, x + 1, size + 1, STYLE_FIELD, shown);
	draw_text(y, x + size + 2, 1, STYLE_NORMAL, "]");
}

void
widget_keypad(int y, int x)
{
	static const char *const labels[12] = { "1", "2", "3", "4", "5", "6",
						"7", "8", "9", "⌫", "0", N_("OK") };
	char key[32];

	for (int i = 0; i < 12; i++) {
		int ky = y + 2 * (i / 3), kx = x + (i % 3) * (KEYPAD_KEY_W + KEYPAD_GAP);
		const char *label = i == 11 ? _(labels[i]) : labels[i];
		struct req r = { REQ_CHAR, labels[i][0] };
		int w = draw_width(label), left = (KEYPAD_KEY_W - 2 - w + 1) / 2;
		int right = KEYPAD_KEY_W - 2 - w - left;

		if (i == 9)
			r = (struct req){ REQ_ERASE, 0 };
		else if (i == 11)
			r = (struct req){ REQ_ENTER, 0 };
		snprintf(key, sizeof key, "[%*s%s%*s]", left, "", label, right > 0 ? right : 0, "");
		draw_text(ky, kx, KEYPAD_KEY_W, STYLE_NORMAL, key);
		draw_hit(ky, kx, KEYPAD_KEY_W, r);
	}
}

int
widget_button(int y, int x, const char *label, struct req r)
{
	char text[128];
	int w;

	snprintf(text, sizeof text, "[ %s ]", label);
	w = draw_width(text);
	draw_text(y, x, w, STYLE_SELECTED, text);
	draw_hit(y, x, w, r);
	return w;
}

void
widget_pager(int y, int x, int width, int page, int pages, const char *what)
{
	const char *prev = _("< Prev"), *next = _("Next >");
	char where[64], text[192];
	/* The buttons' room is kept on both sides, so the middle never moves. */
	int prev_w = draw_width(prev) + 4, next_w = draw_width(next) + 4;

	snprintf(where, sizeof where, _("Page %d of %d"), page + 1, pages);
	snprintf(text, sizeof text, "%s%s%s", where, what ? " · " : "", what ? what : "");
	if (page > 0)
		widget_button(y, x, prev, (struct req){ REQ_PAGE_UP, 0 });
	if (page + 1 < pages)
		widget_button(y, x + width - next_w, next, (struct req){ REQ_PAGE_DOWN, 0 });
	draw_center(y, x + prev_w, width - prev_w - next_w, STYLE_NORMAL, text);
}

void
list_move(int *selected, int count, int by)
{
	int to = *selected + by;

	if (to >= 0 && to < count)
		*selected = to;
}

/* A menu is short: Up and Down go round from the last to the first. */
static void
menu_move(int *choice, int count, int by)
{
	if (count > 0)
		*choice = (*choice + count + by) % count;
}

/* menu_key() and list_key(): round says which of the two. */
static int
choose_key(struct req r, int *choice, int count, int round, int *open)
{
	int by = r.id == REQ_DOWN ? 1 : -1;

	*open = -1;
	switch (r.id) {
	case REQ_UP:
	case REQ_DOWN:
		if (round)
			menu_move(choice, count, by);
		else
			list_move(choice, count, by);
		return 1;
	case REQ_ENTER:
		*open = *choice;
		return 1;
	case REQ_PICK:
		*open = r.arg;
		return 1;
	default:
		return 0;
	}
}

int
menu_key(struct req r, int *choice, int count, int *open)
{
	return choose_key(r, choice, count, 1, open);
}

int
list_key(struct req r, int *selected, int count, int *open)
{
	return choose_key(r, selected, count, 0, open);
}

void
widget_menu_entry(int y, int x, int width, int on, enum style st, int key, const char *label,
		  int pick)
{
	char line[256];

	snprintf(line, sizeof line, "%c %c  %s", on ? '>' : ' ', key, label);
	if (on)
		draw_fill(y, x, width, STYLE_SELECTED);
	draw_text(y, x, width, on ? STYLE_SELECTED : st, line);
	draw_hit(y, x, width, (struct req){ REQ_PICK, pick });
}

int
list_pages(int count, int per_page)
{
	if (count <= 0 || per_page <= 0)
		return 1;
	return (count + per_page - 1) / per_page;
}

int
list_turn_page(int *selected, int count, int per_page, int by)
{
	int page;

	if (per_page <= 0)
		per_page = 1;
	page = *selected / per_page + by;
	if (page < 0 || page >= list_pages(count, per_page))
		return 0;
	*selected = page * per_page;
	return 1;
}

void
digit_field_init(struct digit_field *f, int size)
{
	explicit_bzero(f, sizeof *f);
	f->size = size > DIGIT_FIELD_MAX ? DIGIT_FIELD_MAX : size;
}

void
digit_field_type(struct digit_field *f, int c)
{
	if (c < '0' || c > '9' || f->len >= f->size)
		f->spoiled = 1;
	else
		f->text[f->len++] = (char)c;
}

void
digit_field_erase(struct digit_field *f)
{
	/* What was refused is not in the field: start the entry again. */
	if (f->spoiled)
		digit_field_clear(f);
	else if (f->len > 0)
		f->text[--f->len] = '\0';
}

void
digit_field_clear(struct digit_field *f)
{
	digit_field_init(f, f->size);
}

int
digit_field_touched(const struct digit_field *f)
{
	return f->len > 0 || f->spoiled;
}

void
digit_field_scan(struct digit_field *f, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned cp;
	size_t len;

	digit_field_clear(f);
	while (*p && (len = parse_utf8_char(p, &cp)) > 0) {
		digit_field_type(f, (int)cp);
		p += len;
	}
	if (*p) /* no UTF-8: cannot be, but refused all the same */
		digit_field_type(f, (int)REQ_BAD_BYTE(0));
}
