/*
 * screen_catalog: the redemption catalog. The categories in a column on
 * the left ("All" first), the items of the chosen one on the right, a line
 * each: name in the member's language, price, and a mark when the item is
 * not on offer today or is out of stock. Whatever is typed goes into the
 * search field, and the list narrows as it is typed (by name or SKU,
 * within the chosen category). Enter or a touch opens the item screen.
 * Read-only: redeeming happens on the item screen.
 *
 * The list is read from the ledger when the category or the search
 * changes (in the handler, never while drawing, so a frame cannot fail);
 * a page is as many lines as the screen has rows.
 *
 * The search field holds at most CATALOG_SEARCH_CHARS printable characters.
 * Control characters and the escape sequences a garbage scan carries are
 * refused and never reach the field (nor the terminal).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "clock.h"
#include "parse.h"
#include "scan.h"
#include "campaign.h"
#include "screen.h"
#include "tier.h"
#include "voucher.h"
#include "widget.h"
#include "xalloc.h"

#define CATEGORY_MAX 40   /* categories shown; a store has a handful */
#define ITEM_MAX 5000     /* lines read; more would be a catalog nobody pages through */
/* A tall screen shows at most these many lines and categories: longer
 * lists are harder to read than to page. */
#define PAGE_MAX 36
#define CAT_ROWS_MAX 16
#define CAT_X 3
#define CAT_W_MAX 16
#define PICK_CATEGORY 100000 /* REQ_PICK args: items are 0.., categories from here */

struct line {
	char sku[CATALOG_SKU_SIZE];
	char name_zh[CATALOG_NAME_SIZE];
	char name_en[CATALOG_NAME_SIZE];
	int64_t points;
	int green;
	int on_offer; /* listed and inside its window today */
	int in_stock;
};

struct catalog_screen {
	char cats[CATEGORY_MAX][CATALOG_CATEGORY_SIZE];
	int cat_count;
	int cat;      /* 0: all, else cats[cat - 1] */
	char search[CATALOG_SEARCH_SIZE];
	int search_chars;
	struct line *lines; /* owned; freed on leaving */
	int count, cap;
	int selected;
	int page;
	int per_page; /* as last drawn: paging needs it */
	char today[CLOCK_DATE_LEN];
	struct kiosk *k; /* for the tier's rules, while the list is read */
	char tier[SETTINGS_TIER_ID_SIZE]; /* the member's (tier.h), read with the list */
	int loaded;
};

/* The demo store's categories as a member says them; any other category
 * is shown as the catalog names it. */
struct category_word {
	const char *category;
	const char *label; /* msgid */
};

static const struct category_word category_words[] = {
	{ "grocery", N_("Grocery") },
	{ "household", N_("Household") },
	{ "personal", N_("Personal care") },
	{ "gifts", N_("Gifts") },
	{ "appliances", N_("Appliances") },
	{ "eco", N_("Eco-friendly") },
	{ "coupons", N_("Coupons") },
	{ "offsets", N_("Bill offsets") },
};

#define CATEGORY_WORD_COUNT (sizeof category_words / sizeof category_words[0])

static const struct bar_item catalog_bar[] = {
	{ REQ_LEFT, REQ_RIGHT, N_("Category") },
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Open") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const char *
category_label(const char *category)
{
	for (size_t i = 0; i < CATEGORY_WORD_COUNT; i++)
		if (strcmp(category_words[i].category, category) == 0)
			return _(category_words[i].label);
	return category;
}

static const char *
cat_name(const struct catalog_screen *s, int i)
{
	return i == 0 ? _("All") : category_label(s->cats[i - 1]);
}

static int
keep_category(const char *category, int64_t items, void *ctx)
{
	struct catalog_screen *s = ctx;

	(void)items;
	snprintf(s->cats[s->cat_count], sizeof s->cats[0], "%s", category);
	return ++s->cat_count == CATEGORY_MAX;
}

static int
keep_line(const struct catalog_item *it, void *ctx)
{
	struct catalog_screen *s = ctx;
	struct line *l;

	/* A search looks through the whole catalog; the list shows the
	 * chosen category's part of it. */
	if (s->cat > 0 && strcmp(it->category, s->cats[s->cat - 1]) != 0)
		return 0;
	if (s->count == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->lines = xrealloc(s->lines, (size_t)s->cap * sizeof *s->lines);
	}
	l = &s->lines[s->count];
	snprintf(l->sku, sizeof l->sku, "%s", it->sku);
	snprintf(l->name_zh, sizeof l->name_zh, "%s", it->name_zh);
	snprintf(l->name_en, sizeof l->name_en, "%s", it->name_en);
	/* New items the member's tier may not have yet are shown as not on
	 * offer (the item's screen says until when: tier.h); the member's
	 * price is set by member_prices(). */
	l->points = it->points;
	l->green = it->green;
	l->on_offer = catalog_available_on(it, s->today) &&
		      tier_sees(s->k->cfg, s->tier, it, s->today);
	l->in_stock = it->stock > 0;
	return ++s->count == ITEM_MAX;
}

/* The running campaigns' featured items first (campaign.h), and each item
 * at the member's price, the one its voucher would hold (voucher.h). */
static enum jf_status
member_prices(struct kiosk *k, struct catalog_screen *s)
{
	char featured[CAMPAIGN_FEATURED_ALL][GAME_CODE_SIZE], by[GAME_CODE_SIZE];
	struct catalog_item it;
	enum jf_status st;
	size_t n;

	if ((st = campaign_featured(k->lg, featured, CAMPAIGN_FEATURED_ALL, &n, &k->err)))
		return st;
	campaign_featured_first(s->lines, (size_t)s->count, sizeof *s->lines,
				offsetof(struct line, sku), (const char (*)[GAME_CODE_SIZE])featured, n);
	for (int i = 0; i < s->count && st == JF_OK; i++)
		if ((st = catalog_find(k->lg, s->lines[i].sku, &it, &k->err)) == JF_OK)
			st = voucher_price(k->lg, k->session.m.card, &it, &s->lines[i].points,
					   by, sizeof by, &k->err);
	return st;
}

/* Read the list again for the category and search as they are now. */
static enum jf_status
load_lines(struct kiosk *k, struct catalog_screen *s)
{
	enum jf_status st;

	s->count = 0;
	s->k = k;
	if ((st = tier_of(k->lg, k->session.m.card, clock_now(), s->tier, sizeof s->tier,
			  &k->err)) != JF_OK)
		return st;
	if (s->search[0] != '\0')
		st = catalog_search(k->lg, s->search, keep_line, s, &k->err);
	else
		st = catalog_list(k->lg, s->cat > 0 ? s->cats[s->cat - 1] : NULL, 0, keep_line, s,
				  &k->err);
	return st == JF_OK ? member_prices(k, s) : st;
}

static void
catalog_enter(struct kiosk *k, void *state, const void *arg)
{
	struct catalog_screen *s = state;

	clock_date_of(clock_now(), s->today);
	if (catalog_categories(k->lg, keep_category, s, &k->err) != JF_OK) {
		kiosk_fail(k, "catalog_categories");
		return;
	}
	(void)arg;
	if (load_lines(k, s) != JF_OK) {
		kiosk_fail(k, "catalog_list");
		return;
	}
	if (s->selected >= s->count)
		s->selected = 0;
	s->loaded = 1;
}

/* Back from an item: the category, search and line are as the member
 * left them (the state was kept); the list is read again, as a
 * redemption may have changed the stock. */
static void
catalog_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	struct catalog_screen *s = state;

	(void)res;
	clock_date_of(clock_now(), s->today);
	if (load_lines(k, s) != JF_OK) {
		kiosk_fail(k, "catalog_list");
		return;
	}
	if (s->selected >= s->count)
		s->selected = s->count > 0 ? s->count - 1 : 0;
}

static void
catalog_leave(struct kiosk *k, void *state)
{
	struct catalog_screen *s = state;

	(void)k;
	free(s->lines);
	s->lines = NULL;
}

static int
max_int(int a, int b)
{
	return a > b ? a : b;
}

/* The tail of text that fits in width columns: what was typed last is
 * what the member looks for. */
static const char *
tail_fitting(const char *text, int width)
{
	const char *p = text;
	unsigned cp;
	size_t len;

	while (*p && draw_width(p) > width) {
		len = parse_utf8_char((const unsigned char *)p, &cp);
		p += len ? len : 1;
	}
	return p;
}

/* "Search: abc_" on row y from column x, in width columns. */
static void
draw_search(struct catalog_screen *s, int y, int x, int width)
{
	const char *label = _("Search:");
	char shown[CATALOG_SEARCH_SIZE + 2];
	int used = draw_text(y, x, width, STYLE_HEADING, label) + 1, field = width - used;

	snprintf(shown, sizeof shown, "%s_", tail_fitting(s->search, field - 2));
	draw_fill(y, x + used, field, STYLE_FIELD);
	draw_text(y, x + used, field, STYLE_FIELD, shown);
}

/* The categories, one a row from y to bottom; the chosen one is marked
 * and reversed, and stays in view when there are more than fit. */
static void
draw_categories(struct kiosk *k, struct catalog_screen *s, int y, int width)
{
	int rows = k->bottom - y + 1, first = 0;
	char line[CATALOG_CATEGORY_SIZE + 8];

	if (rows > CAT_ROWS_MAX)
		rows = CAT_ROWS_MAX;

	if (s->cat >= rows)
		first = s->cat - rows + 1;
	for (int i = first; i <= s->cat_count && i - first < rows; i++) {
		int on = i == s->cat, cy = y + i - first;

		snprintf(line, sizeof line, "%s %s", on ? ">" : " ", cat_name(s, i));
		if (on)
			draw_fill(cy, CAT_X, width, STYLE_SELECTED);
		draw_text(cy, CAT_X, width, on ? STYLE_SELECTED : STYLE_NORMAL, line);
		draw_hit(cy, CAT_X, width, (struct req){ REQ_PICK, PICK_CATEGORY + i });
	}
}

/* The columns of an item line, from x over width. */
struct columns {
	int x, width;
	int sku_x, sku_w; /* sku_w 0: no room for the SKU */
	int name_x, name_w;
	int num_right;
	int green_x, green_w;
	int mark_x, mark_w;
};

static struct columns
columns_of(const struct catalog_screen *s, int x, int width)
{
	struct columns c = { .x = x, .width = width };
	int num_w = 6, sku_w = 0;
	char num[32];

	for (int i = 0; i < s->count; i++) {
		snprintf(num, sizeof num, "%lld", (long long)s->lines[i].points);
		num_w = max_int(num_w, draw_width(num));
		sku_w = max_int(sku_w, draw_width(s->lines[i].sku));
	}
	c.green_w = draw_width(_("green"));
	c.mark_w = max_int(draw_width(_("sold out")), draw_width(_("unavailable")));
	c.mark_x = x + width - c.mark_w;
	c.green_x = c.mark_x - 2 - c.green_w;
	c.num_right = c.green_x - 1;
	c.name_x = x + 2;
	c.name_w = c.num_right - num_w - 2 - c.name_x;
	/* A wide screen has room for the SKU, which a search may have matched. */
	if (c.name_w - sku_w - 2 >= 40) {
		c.sku_x = c.name_x;
		c.sku_w = sku_w;
		c.name_x += sku_w + 2;
		c.name_w -= sku_w + 2;
	}
	return c;
}

static void
draw_line(const struct columns *c, const struct line *l, int y, int on)
{
	enum style st = on ? STYLE_SELECTED : STYLE_NORMAL;

	if (on)
		draw_fill(y, c->x, c->width, STYLE_SELECTED);
	draw_text(y, c->x, 2, st, on ? ">" : " ");
	if (c->sku_w)
		draw_text(y, c->sku_x, c->sku_w, st, l->sku);
	draw_text(y, c->name_x, c->name_w, st, i18n_name(l->name_zh, l->name_en));
	draw_number(y, c->num_right, on ? st : STYLE_POINTS, l->points);
	if (l->green)
		draw_text(y, c->green_x, c->green_w, on ? st : STYLE_OK, _("green"));
	if (!l->on_offer)
		draw_text(y, c->mark_x, c->mark_w, on ? st : STYLE_WARN, _("unavailable"));
	else if (!l->in_stock)
		draw_text(y, c->mark_x, c->mark_w, on ? st : STYLE_WARN, _("sold out"));
}

/* Why the list is empty, in place of the list. */
static void
draw_empty(struct catalog_screen *s, int y, int x, int width)
{
	char text[CATALOG_SEARCH_SIZE + 160];

	if (s->search[0] == '\0')
		snprintf(text, sizeof text, "%s", _("There is nothing in this category."));
	else if (s->cat == 0)
		snprintf(text, sizeof text, _("No item matches “%s”."), s->search);
	else
		snprintf(text, sizeof text,
			 _("No item in this category matches “%s”. Choose All to search "
			   "the whole catalog."),
			 s->search);
	draw_wrap(y, x, width, 3, STYLE_WARN, text);
}

static void
draw_items(struct kiosk *k, struct catalog_screen *s, int y, int x, int width)
{
	struct columns c = columns_of(s, x, width);
	char items[64];
	int first;

	draw_text(y, c.name_x, c.name_w, STYLE_DIM, _("Item"));
	if (c.sku_w)
		draw_text(y, c.sku_x, c.sku_w, STYLE_DIM, _("SKU"));
	draw_right(y, c.num_right, STYLE_DIM, _("Points"));
	y++;
	s->per_page = max_int(k->bottom - y, 1);
	if (s->per_page > PAGE_MAX)
		s->per_page = PAGE_MAX;
	if (s->selected >= s->count)
		s->selected = s->count > 0 ? s->count - 1 : 0;
	s->page = s->selected / s->per_page;
	if (s->count == 0) {
		draw_empty(s, y, c.name_x, width - 2);
		return;
	}
	first = s->page * s->per_page;
	for (int i = first; i < s->count && i < first + s->per_page; i++) {
		draw_line(&c, &s->lines[i], y + i - first, i == s->selected);
		draw_hit(y + i - first, x, width, (struct req){ REQ_PICK, i });
	}
	snprintf(items, sizeof items, ngettext("%d item", "%d items", (unsigned long)s->count),
		 s->count);
	widget_pager(k->bottom, x, width, s->page, list_pages(s->count, s->per_page), items);
}

static void
catalog_draw(struct kiosk *k, void *state)
{
	struct catalog_screen *s = state;
	int cat_w = 0, x, width, y = k->top + 1;
	char hint[160];

	if (!s->loaded)
		return;
	for (int i = 0; i <= s->cat_count; i++)
		cat_w = max_int(cat_w, draw_width(cat_name(s, i)) + 2);
	if (cat_w > CAT_W_MAX)
		cat_w = CAT_W_MAX;
	x = CAT_X + cat_w + 2;
	width = k->cols - 3 - x;
	draw_text(y, CAT_X, x - CAT_X - 1, STYLE_HEADING, _("Catalog"));
	draw_search(s, y, x, width);
	if (s->search[0] == '\0')
		snprintf(hint, sizeof hint, "%s",
			 _("Type part of a name or SKU to search; Backspace erases."));
	else
		snprintf(hint, sizeof hint,
			 ngettext("%d item matches; Esc clears the search.",
				  "%d items match; Esc clears the search.", (unsigned long)s->count),
			 s->count);
	draw_text(y + 1, x, width, STYLE_DIM, hint);
	draw_text(y + 3, CAT_X, cat_w, STYLE_DIM, _("Category"));
	draw_categories(k, s, y + 4, cat_w);
	draw_items(k, s, y + 3, x, width);
}

/* Reload after a change of category or search; the first line is chosen. */
static int
reload(struct kiosk *k, struct catalog_screen *s)
{
	if (load_lines(k, s) != JF_OK)
		return kiosk_fail(k, "catalog_search");
	s->selected = 0;
	return R_HANDLED | R_REDRAW;
}

static int
choose_category(struct kiosk *k, struct catalog_screen *s, int cat)
{
	if (cat < 0 || cat > s->cat_count)
		return R_HANDLED;
	s->cat = cat;
	return reload(k, s);
}

static int
open_line(struct kiosk *k, struct catalog_screen *s, int i)
{
	struct item_arg arg;

	if (i < 0 || i >= s->count)
		return R_HANDLED;
	s->selected = i;
	snprintf(arg.sku, sizeof arg.sku, "%s", s->lines[i].sku);
	return kiosk_push(k, SCREEN_ITEM, &arg);
}

static int
turn_page(struct catalog_screen *s, int by)
{
	return list_turn_page(&s->selected, s->count, s->per_page, by) ? R_HANDLED | R_REDRAW
									: R_HANDLED;
}

static int
pick(struct kiosk *k, struct catalog_screen *s, int arg)
{
	if (arg >= PICK_CATEGORY)
		return choose_category(k, s, arg - PICK_CATEGORY);
	return open_line(k, s, arg);
}

static int
refuse(struct kiosk *k, const char *why)
{
	kiosk_say(k, STYLE_ERROR, "%s", why);
	return R_HANDLED | R_REDRAW;
}

/* A character the field may hold: printable, and one the terminal shows
 * in one or two columns. */
static int
searchable(int c)
{
	if (c <= 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) || parse_is_control((unsigned)c))
		return 0;
	return wcwidth((wchar_t)c) > 0;
}

static int
type_char(struct kiosk *k, struct catalog_screen *s, int c)
{
	size_t len = strlen(s->search);

	if (!searchable(c))
		return refuse(k, _("That cannot be typed in the search."));
	if (s->search_chars >= CATALOG_SEARCH_CHARS) {
		kiosk_say(k, STYLE_ERROR,
			  ngettext("A search holds at most %d character.",
				   "A search holds at most %d characters.",
				   (unsigned long)CATALOG_SEARCH_CHARS),
			  CATALOG_SEARCH_CHARS);
		return R_HANDLED | R_REDRAW;
	}
	len += scan_utf8_of((unsigned)c, s->search + len);
	s->search[len] = '\0';
	s->search_chars++;
	return reload(k, s);
}

static int
erase_char(struct kiosk *k, struct catalog_screen *s)
{
	size_t len = strlen(s->search);

	if (len == 0)
		return R_HANDLED;
	/* Back over the continuation bytes to the start of the last character. */
	while (len > 0 && ((unsigned char)s->search[len - 1] & 0xc0) == 0x80)
		len--;
	if (len > 0)
		len--;
	s->search[len] = '\0';
	s->search_chars--;
	return reload(k, s);
}

static int
clear_search(struct kiosk *k, struct catalog_screen *s)
{
	memset(s->search, 0, sizeof s->search);
	s->search_chars = 0;
	return reload(k, s);
}

static int
press_back(struct kiosk *k, struct catalog_screen *s)
{
	/* Esc clears the search first, then leaves. */
	if (s->search[0] != '\0')
		return clear_search(k, s);
	return R_HANDLED | R_LEAVE;
}

static int
catalog_handle(struct kiosk *k, void *state, struct req r)
{
	struct catalog_screen *s = state;

	if (!s->loaded)
		return R_UNHANDLED;
	if (r.id == REQ_BACK)
		return press_back(k, s);
	switch (r.id) {
	case REQ_CHAR:
		return type_char(k, s, r.arg);
	case REQ_ERASE:
		return erase_char(k, s);
	case REQ_UP:
	case REQ_DOWN:
		list_move(&s->selected, s->count, r.id == REQ_DOWN ? 1 : -1);
		return R_HANDLED | R_REDRAW;
	case REQ_PAGE_UP:
		return turn_page(s, -1);
	case REQ_PAGE_DOWN:
		return turn_page(s, 1);
	case REQ_LEFT:
		return choose_category(k, s, s->cat > 0 ? s->cat - 1 : s->cat_count);
	case REQ_RIGHT:
		return choose_category(k, s, s->cat < s->cat_count ? s->cat + 1 : 0);
	case REQ_ENTER:
		if (s->count == 0)
			return R_HANDLED;
		return open_line(k, s, s->selected);
	case REQ_PICK:
		return pick(k, s, r.arg);
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_catalog = {
	.name = "catalog",
	.state_size = sizeof(struct catalog_screen),
	.enter = catalog_enter,
	.draw = catalog_draw,
	.handle = catalog_handle,
	.resume = catalog_resume,
	.leave = catalog_leave,
	.bar = catalog_bar,
	.idle_logout = 1,
	.text_entry = 1,
};
