/*
 * screen_counter_lines: a purchase line by line (按商品行录入), opened from
 * the purchase screen (PgDn). The receipt number, then a table of lines:
 * each an amount, green goods or not and a category (none for green
 * goods), with the points it earns beside it, and the receipt's totals
 * under the table. The points are counted as the award counts them: the
 * lines go through receipt_lines_add() (the rule of a line, the CSV
 * parser's too) and ledger_earn_lines_quote() (the member's own rate)
 * every time the screen is drawn. Enter asks, Enter again awards the
 * whole receipt with ledger_earn_lines() in one entry (key
 * "earn:RECEIPT", as a purchase of one amount: a receipt earns once) and
 * its slip; then the result and the member's new balances.
 *
 * The typed lines are the screen's state, text as typed; a receipt_lines
 * is built from them when needed and freed at once, so nothing the
 * screen holds needs freeing when it is popped.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "campaign_words.h"
#include "counter.h"
#include "counter_slip.h"
#include "lines.h"
#include "member_rate.h"
#include "parse.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

#define AMOUNT_CHARS 12
#define RECEIPT_CHARS 32
#define PICK_RECEIPT 0
/* A click on line i, column c is REQ_PICK with 1 + i * COL_COUNT + c. */
#define PICK_CELL(i, c) (1 + (i) * COL_COUNT + (c))

enum lines_col { COL_AMOUNT, COL_GREEN, COL_CATEGORY, COL_COUNT };
enum lines_step { LINES_EDIT, LINES_CONFIRM, LINES_DONE };

struct typed_line {
	struct text_field amount;
	int green;
	int category; /* 0: none, else cfg->categories[category - 1] */
};

struct counter_lines {
	enum lines_step step;
	int row;   /* -1: the receipt number; else a line */
	int col;   /* on a line: enum lines_col */
	int first; /* the first line shown, when they do not all fit */
	struct text_field receipt;
	int count; /* 1 .. LINES_MAX */
	struct typed_line lines[LINES_MAX];
	/* What was awarded (LINES_DONE). */
	struct ledger_result res;
	int64_t points[KIND_COUNT];
	struct counter_slip slip;
	int64_t line_points[LINES_MAX]; /* scratch of a frame: each line's points, -1: none */
	/* How the points are counted (earn_rule.h): the quote's while the
	 * lines are typed, the award's once done. */
	struct earn_explain x;
};

/* The totals of the lines that are good, counted by the award's rule. */
struct lines_total {
	int64_t fen;
	int64_t points[KIND_COUNT];
	int64_t rate; /* the member's own rate; 0: the store's */
	int bad;      /* lines not counted: empty or no amount */
};

static const struct bar_item edit_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("Next") },
	{ REQ_UP, REQ_DOWN, N_("Line") },
	{ REQ_LEFT, REQ_RIGHT, N_("Column") },
	{ REQ_PAGE_DOWN, REQ_NONE, N_("Add line") },
	{ REQ_PAGE_UP, REQ_NONE, N_("Remove line") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
lines_bar_now(struct kiosk *k, void *state)
{
	const struct counter_lines *s = state;

	(void)k;
	if (s->step == LINES_CONFIRM)
		return counter_award_bar;
	return s->step == LINES_DONE ? counter_purchase_done_bar : edit_bar;
}

/* ---- the typed lines ---- */

static void
line_init(struct typed_line *l)
{
	text_field_init(&l->amount, TEXT_AMOUNT, AMOUNT_CHARS);
	l->green = 0;
	l->category = 0;
}

static void
lines_reset(struct counter_lines *s)
{
	text_field_init(&s->receipt, TEXT_RECEIPT, RECEIPT_CHARS);
	for (int i = 0; i < s->count; i++)
		text_field_clear(&s->lines[i].amount);
	s->count = 1;
	line_init(&s->lines[0]);
	s->row = -1;
	s->col = COL_AMOUNT;
	s->first = 0;
	s->step = LINES_EDIT;
	memset(&s->slip, 0, sizeof s->slip);
}

/* The receipt typed on the purchase screen comes along (a text_field's
 * text, TEXT_FIELD_MAX * 4 + 1 bytes). */
static void
lines_enter(struct kiosk *k, void *state, const void *arg)
{
	struct counter_lines *s = state;
	const char *receipt = arg;

	(void)k;
	lines_reset(s);
	if (receipt && receipt[0] && strlen(receipt) <= RECEIPT_CHARS &&
	    parse_key("receipt", receipt, NULL) == JF_OK) {
		text_field_set(&s->receipt, receipt);
		s->row = 0;
	}
}

static const char *
category_of(const struct kiosk *k, const struct typed_line *l)
{
	if (l->green || l->category <= 0 || l->category > k->cfg->category_count)
		return NULL;
	return k->cfg->categories[l->category - 1].name;
}

/* The columns a line has: green goods have no category, nor has a store
 * without categories. */
static int
line_cols(const struct kiosk *k, const struct typed_line *l)
{
	return k->cfg->category_count > 0 && !l->green ? COL_COUNT : COL_CATEGORY;
}

/* The line's amount in fen: 1, 0 if it is empty, -1 if it is no amount. */
static int
line_fen(const struct typed_line *l, int64_t *fen)
{
	if (!l->amount.spoiled && l->amount.len == 0)
		return 0;
	if (l->amount.spoiled || parse_amount_fen(l->amount.text, fen, NULL) != JF_OK)
		return -1;
	return 1;
}

/* The good lines into out (zeroed here), counted by the award's rule for
 * the member on the panel (the store's rule while there is none): JF_OK,
 * or a failure in k->err (a line core refuses: *at is its index). */
static enum jf_status
lines_build(struct kiosk *k, const struct counter_lines *s, struct receipt_lines *out,
	    int *bad, int *at, struct earn_explain *x)
{
	enum jf_status st;
	int64_t fen;

	memset(out, 0, sizeof *out);
	*bad = 0;
	for (int i = 0; i < s->count; i++) {
		const struct typed_line *l = &s->lines[i];

		if (line_fen(l, &fen) <= 0) {
			(*bad)++;
			continue;
		}
		if ((st = receipt_lines_add(out, fen, l->green, category_of(k, l), k->cfg,
					    &k->err)) != JF_OK) {
			*at = i;
			return st;
		}
	}
	if (out->count == 0 || !k->counter.present)
		return JF_OK;
	return ledger_earn_lines_quote_explained(k->lg, k->counter.m.card, out, x, &k->err);
}

/* For the table: each good line's points (index by line, -1 for none) and
 * the totals. A failure to read the member's rate leaves the store's
 * rule (as the purchase screen's preview does). */
static void
lines_count(struct kiosk *k, const struct counter_lines *s, int64_t *points,
	    struct lines_total *t, struct earn_explain *x)
{
	struct receipt_lines l;
	int at = -1;
	size_t j = 0;
	int64_t fen;

	memset(t, 0, sizeof *t);
	for (int i = 0; i < s->count; i++)
		points[i] = -1;
	if (lines_build(k, s, &l, &t->bad, &at, x) == JF_OK) {
		for (int i = 0; i < s->count && j < l.count; i++)
			if (line_fen(&s->lines[i], &fen) > 0)
				points[i] = l.items[j++].points;
		t->fen = l.fen;
		t->points[KIND_POINTS] = l.points[KIND_POINTS];
		t->points[KIND_GREEN] = l.points[KIND_GREEN];
	}
	receipt_lines_done(&l);
	if (k->counter.present &&
	    member_rate_in_force(k->lg, k->counter.m.card, &t->rate, &k->err) != JF_OK)
		t->rate = 0;
}

/* ---- drawing ---- */

/* Where the table's columns are: wider apart on a wide screen. */
struct layout {
	int no, amount, green, category, points_r, green_r;
};

static struct layout
layout_of(const struct kiosk *k)
{
	if (k->cols >= 120)
		return (struct layout){ 3, 11, 33, 51, 105, 125 };
	return (struct layout){ 3, 9, 25, 38, 66, 77 };
}

static void
draw_cell_field(int y, int x, const struct text_field *f, int active)
{
	char shown[TEXT_FIELD_MAX * 4 + 2];

	snprintf(shown, sizeof shown, "%s%s", text_field_shown(f), active ? "_" : "");
	draw_text(y, x, 1, STYLE_NORMAL, "[");
	draw_fill(y, x + 1, AMOUNT_CHARS + 1, STYLE_FIELD);
	draw_text(y, x + 1, AMOUNT_CHARS + 1, active ? STYLE_SELECTED : STYLE_FIELD, shown);
	draw_text(y, x + AMOUNT_CHARS + 2, 1, STYLE_NORMAL, "]");
}

static void
draw_cell_choice(int y, int x, int max, const char *value, int active)
{
	char text[128];

	snprintf(text, sizeof text, "< %s >", value);
	draw_text(y, x, max, active ? STYLE_SELECTED : STYLE_FIELD, text);
}

static void
draw_header(struct kiosk *k, int y, const struct layout *c)
{
	draw_text(y, c->no, c->amount - c->no, STYLE_DIM, "#");
	draw_text(y, c->amount, c->green - c->amount, STYLE_DIM, _("Amount (yuan)"));
	draw_text(y, c->green, c->category - c->green, STYLE_DIM, _("Green goods"));
	if (k->cfg->category_count > 0)
		draw_text(y, c->category, c->points_r - 12 - c->category, STYLE_DIM, _("Category"));
	draw_right(y, c->points_r, STYLE_DIM, _("Points"));
	draw_right(y, c->green_r, STYLE_DIM, _("Green pts"));
}

static void
draw_line(struct kiosk *k, struct counter_lines *s, int i, int y, const struct layout *c,
	  int64_t points)
{
	const struct typed_line *l = &s->lines[i];
	int here = s->step == LINES_EDIT && s->row == i;
	char no[16];
	int64_t fen;

	snprintf(no, sizeof no, "%c%3d", here ? '>' : ' ', i + 1);
	draw_text(y, c->no, 5, here ? STYLE_HEADING : STYLE_NORMAL, no);
	draw_cell_field(y, c->amount, &l->amount, here && s->col == COL_AMOUNT);
	draw_hit(y, c->amount, AMOUNT_CHARS + 3, (struct req){ REQ_PICK, PICK_CELL(i, COL_AMOUNT) });
	draw_cell_choice(y, c->green, c->category - c->green - 1, l->green ? _("yes") : _("no"),
			 here && s->col == COL_GREEN);
	draw_hit(y, c->green, c->category - c->green - 1,
		 (struct req){ REQ_PICK, PICK_CELL(i, COL_GREEN) });
	if (line_cols(k, l) == COL_COUNT) {
		draw_cell_choice(y, c->category, c->points_r - 12 - c->category,
				 category_of(k, l) ? category_of(k, l) : _("none"),
				 here && s->col == COL_CATEGORY);
		draw_hit(y, c->category, c->points_r - 12 - c->category,
			 (struct req){ REQ_PICK, PICK_CELL(i, COL_CATEGORY) });
	} else if (k->cfg->category_count > 0) {
		draw_text(y, c->category + 2, 2, STYLE_DIM, "-");
	}
	if (line_fen(l, &fen) < 0)
		draw_right(y, c->green_r, STYLE_ERROR, _("not an amount"));
	else if (points >= 0)
		draw_number(y, l->green ? c->green_r : c->points_r, STYLE_POINTS, points);
}

/* The rule over the totals, saying which lines are shown when not all are. */
static void
draw_rule(int y, const struct layout *c, int shown, const struct counter_lines *s)
{
	char text[80];

	for (int x = c->no; x < c->green_r; x++)
		draw_text(y, x, 1, STYLE_DIM, "─");
	if (shown < s->count) {
		snprintf(text, sizeof text, _(" lines %d-%d of %d "), s->first + 1, s->first + shown,
			 s->count);
		draw_text(y, c->amount, draw_width(text), STYLE_DIM, text);
	}
}

static void
draw_totals(int y, const struct layout *c, const struct lines_total *t,
	    int count)
{
	char money[32], text[64];

	draw_text(y, c->no, c->amount - c->no - 1, STYLE_HEADING, _("Total"));
	parse_format_fen(t->fen, money, sizeof money);
	draw_text(y, c->amount + 1, c->green - c->amount - 1, STYLE_HEADING, money);
	snprintf(text, sizeof text, ngettext("%d line", "%d lines", count - t->bad),
		 count - t->bad);
	draw_text(y, c->green, c->category - c->green - 1, STYLE_NORMAL, text);
	draw_number(y, c->points_r, STYLE_POINTS, t->points[KIND_POINTS]);
	draw_number(y, c->green_r, STYLE_POINTS, t->points[KIND_GREEN]);
}

static void
draw_result(struct kiosk *k, struct counter_lines *s, int y)
{
	char line[300], pts[64], green[64];

	i18n_points(s->points[KIND_POINTS], KIND_POINTS, pts, sizeof pts);
	i18n_points(s->points[KIND_GREEN], KIND_GREEN, green, sizeof green);
	if (s->res.replay)
		snprintf(line, sizeof line,
			 _("Receipt %s had already been awarded: nothing was added."),
			 s->receipt.text);
	else
		snprintf(line, sizeof line, _("Awarded %s and %s for receipt %s."), pts, green,
			 s->receipt.text);
	draw_text(y, 3, k->cols - 6, STYLE_OK, line);
	i18n_points(k->counter.points, KIND_POINTS, pts, sizeof pts);
	i18n_points(k->counter.green, KIND_GREEN, green, sizeof green);
	snprintf(line, sizeof line, _("New balance: %s and %s."), pts, green);
	draw_text(y + 1, 3, k->cols - 6, STYLE_HEADING, line);
	counter_slip_draw(k, y + 2, &s->slip);
}

static void
draw_prompt(struct kiosk *k, struct counter_lines *s, int y)
{
	char line[300];

	if (s->step == LINES_CONFIRM) {
		snprintf(line, sizeof line,
			 _("Award these points for receipt %s? Enter: yes. Esc: no."),
			 s->receipt.text);
		draw_text(y, 3, k->cols - 6, STYLE_WARN, line);
		return;
	}
	draw_wrap(y, 3, k->cols - 6, 1, STYLE_DIM,
		  _("Space or a click changes a choice. Green goods have no category."));
}

static void
lines_draw(struct kiosk *k, void *state)
{
	struct counter_lines *s = state;
	struct layout c = layout_of(k);
	int64_t *points = s->line_points;
	struct lines_total t;
	int y = counter_panel_draw(k), footer = s->step == LINES_DONE ? 7 : 4, top, shown;
	int lw = draw_width(_("Receipt")) + 2;

	char words[400];

	if (s->step != LINES_DONE)
		memset(&s->x, 0, sizeof s->x);
	lines_count(k, s, points, &t, s->step == LINES_DONE ? NULL : &s->x);
	draw_text(y, 3, k->cols - 6, STYLE_HEADING, _("Purchase by lines"));
	/* Which campaign gives how many points: the row under the heading. */
	campaign_explain_words(&s->x, words, sizeof words);
	draw_text(y + 1, 3, k->cols - 6, STYLE_OK, words);
	if (t.rate > 0) {
		/* Ordinary lines earn at it, as ledger_earn_lines() counts them. */
		char rate[120];

		snprintf(rate, sizeof rate, _("The member's own rate: %lld points a yuan"),
			 (long long)t.rate);
		draw_right(y, k->cols - 3, STYLE_WARN, rate);
	}
	widget_field(y + 2, 3, lw, _("Receipt"), text_field_shown(&s->receipt), RECEIPT_CHARS,
		     s->step == LINES_EDIT && s->row < 0);
	draw_hit(y + 2, 3, lw + RECEIPT_CHARS + 4, (struct req){ REQ_PICK, PICK_RECEIPT });
	draw_header(k, y + 4, &c);
	top = y + 5;
	shown = k->bottom - footer - top + 1;
	if (shown > s->count)
		shown = s->count;
	/* The line with the focus stays in sight. */
	if (s->row >= 0 && s->row < s->first)
		s->first = s->row;
	if (s->row >= s->first + shown)
		s->first = s->row - shown + 1;
	if (s->first > s->count - shown)
		s->first = s->count - shown;
	for (int i = 0; i < shown; i++)
		draw_line(k, s, s->first + i, top + i, &c, points[s->first + i]);
	y = k->bottom - footer + 1;
	draw_rule(y, &c, shown, s);
	draw_totals(y + 1, &c, &t, s->count);
	if (s->step == LINES_DONE)
		draw_result(k, s, y + 3);
	else
		draw_prompt(k, s, y + 3);
}

/* ---- the award ---- */

/* A receipt number, or the focus on it and why. */
static int
check_receipt(struct kiosk *k, struct counter_lines *s)
{
	if (s->receipt.spoiled || parse_key("receipt", s->receipt.text, NULL) != JF_OK) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("Type the receipt number: letters, digits and signs, no spaces."));
		text_field_clear(&s->receipt);
		s->row = -1;
		return 0;
	}
	return 1;
}

/* Every line good, or the focus on the first that is not and why. */
static int
check_lines(struct kiosk *k, struct counter_lines *s)
{
	int64_t fen;

	for (int i = 0; i < s->count; i++) {
		int got = line_fen(&s->lines[i], &fen);

		if (got > 0)
			continue;
		s->row = i;
		s->col = COL_AMOUNT;
		if (got < 0)
			kiosk_say(k, STYLE_ERROR,
				  _("Line %d: type the amount in yuan, such as 199.00."), i + 1);
		else
			kiosk_say(k, STYLE_ERROR,
				  _("Line %d has no amount: type it, or remove the line (PgUp)."),
				  i + 1);
		return 0;
	}
	return 1;
}

/* The receipt and its slip, in one transaction; the printer after. */
static enum jf_status
award_with_slip(struct kiosk *k, struct counter_lines *s, struct receipt_lines *l)
{
	struct slip_data d = { .kind = SLIP_PURCHASE };
	enum jf_status st;

	if ((st = counter_slip_begin(k)) != JF_OK)
		return st;
	if ((st = ledger_earn_lines_explained(k->lg, k->counter.m.card, s->receipt.text, l,
					      &s->res, &s->x, &k->err)) != JF_OK ||
	    (st = counter_member_refresh(k)) != JF_OK) {
		counter_slip_abandon(k);
		return st;
	}
	s->points[KIND_POINTS] = l->points[KIND_POINTS];
	s->points[KIND_GREEN] = l->points[KIND_GREEN];
	d.ref = s->receipt.text;
	d.card = k->counter.m.card;
	d.points = l->points[KIND_POINTS];
	d.balance = k->counter.points;
	d.green = l->points[KIND_GREEN];
	d.green_balance = k->counter.green;
	if ((st = counter_slip_keep(k, &d, &s->slip)) != JF_OK)
		return st;
	counter_slip_print(k, &s->slip);
	return JF_OK;
}

static int
award(struct kiosk *k, struct counter_lines *s)
{
	struct receipt_lines l;
	int bad, at = -1;
	enum jf_status st = lines_build(k, s, &l, &bad, &at, NULL);

	s->step = LINES_EDIT;
	if (st == JF_OK)
		st = award_with_slip(k, s, &l);
	receipt_lines_done(&l);
	if (st == JF_OK) {
		s->step = LINES_DONE;
		return R_HANDLED | R_REDRAW;
	}
	if (reason_say(k, &k->err))
		return R_HANDLED | R_REDRAW;
	if (st == JF_USAGE) {
		if (at >= 0)
			s->row = at;
		kiosk_say(k, STYLE_ERROR, "%s", k->err.message);
		return R_HANDLED | R_REDRAW;
	}
	return kiosk_fail(k, "ledger_earn_lines");
}

/* Enter: from the receipt to the lines; from a line, the question, when
 * every line is good and core takes them all. */
static int
review(struct kiosk *k, struct counter_lines *s)
{
	struct receipt_lines l;
	int bad, at = -1;
	enum jf_status st;

	if (!check_receipt(k, s))
		return R_HANDLED | R_REDRAW;
	if (s->row < 0) {
		s->row = 0;
		s->col = COL_AMOUNT;
		return R_HANDLED | R_REDRAW;
	}
	if (!check_lines(k, s))
		return R_HANDLED | R_REDRAW;
	if (!k->counter.present) {
		kiosk_say(k, STYLE_WARN, "%s",
			  _("First bring the member to the counter: scan their card."));
		return R_HANDLED | R_REDRAW;
	}
	st = lines_build(k, s, &l, &bad, &at, NULL);
	receipt_lines_done(&l);
	if (st == JF_USAGE) {
		s->row = at >= 0 ? at : s->row;
		kiosk_say(k, STYLE_ERROR, _("Line %d: %s"), s->row + 1, k->err.message);
		return R_HANDLED | R_REDRAW;
	}
	if (st != JF_OK)
		return kiosk_fail(k, "ledger_earn_lines_quote");
	s->step = LINES_CONFIRM;
	return R_HANDLED | R_REDRAW;
}

/* ---- editing ---- */

static int
add_line(struct kiosk *k, struct counter_lines *s)
{
	if (s->count >= LINES_MAX) {
		kiosk_say(k, STYLE_ERROR, _("At most %d lines on one receipt."), LINES_MAX);
		return R_HANDLED | R_REDRAW;
	}
	line_init(&s->lines[s->count]);
	s->row = s->count++;
	s->col = COL_AMOUNT;
	return R_HANDLED | R_REDRAW;
}

/* The line with the focus goes (none while the receipt has it); the last
 * one left is only emptied. */
static int
remove_line(struct kiosk *k, struct counter_lines *s)
{
	int i = s->row;

	if (i < 0)
		return R_HANDLED;
	text_field_clear(&s->lines[i].amount);
	if (s->count == 1) {
		line_init(&s->lines[0]);
	} else {
		memmove(&s->lines[i], &s->lines[i + 1], (size_t)(s->count - i - 1) * sizeof s->lines[0]);
		s->count--;
		text_field_clear(&s->lines[s->count].amount);
	}
	if (s->row >= s->count)
		s->row = s->count - 1;
	s->col = COL_AMOUNT;
	kiosk_say(k, STYLE_OK, _("Line %d removed."), i + 1);
	return R_HANDLED | R_REDRAW;
}

/* Space or a click on a choice: green goods yes/no, the next category. */
static int
change(struct kiosk *k, struct counter_lines *s, int by)
{
	struct typed_line *l;

	if (s->row < 0)
		return R_HANDLED;
	l = &s->lines[s->row];
	if (s->col == COL_GREEN)
		l->green = !l->green;
	else if (s->col == COL_CATEGORY)
		l->category = (l->category + by + k->cfg->category_count + 1) %
			      (k->cfg->category_count + 1);
	if (s->col >= line_cols(k, l))
		s->col = COL_GREEN;
	return R_HANDLED | R_REDRAW;
}

static int
move_col(struct kiosk *k, struct counter_lines *s, int by)
{
	int n;

	if (s->row < 0)
		return R_HANDLED;
	n = line_cols(k, &s->lines[s->row]);
	s->col = (s->col + by + n) % n;
	return R_HANDLED | R_REDRAW;
}

static int
move_row(struct counter_lines *s, int by)
{
	s->row += by;
	if (s->row < -1)
		s->row = -1;
	if (s->row >= s->count)
		s->row = s->count - 1;
	return R_HANDLED | R_REDRAW;
}

/* Tab: the next column, then the next line's amount. */
static int
next_cell(struct kiosk *k, struct counter_lines *s)
{
	if (s->row >= 0 && s->col + 1 < line_cols(k, &s->lines[s->row]))
		s->col++;
	else if (s->row + 1 < s->count)
		s->row++, s->col = COL_AMOUNT;
	return R_HANDLED | R_REDRAW;
}

static int
pick(struct kiosk *k, struct counter_lines *s, int arg)
{
	int i = (arg - 1) / COL_COUNT, c = (arg - 1) % COL_COUNT;

	if (arg == PICK_RECEIPT) {
		s->row = -1;
		return R_HANDLED | R_REDRAW;
	}
	if (i < 0 || i >= s->count || c >= line_cols(k, &s->lines[i]))
		return R_HANDLED;
	if (i == s->row && c == s->col && c != COL_AMOUNT)
		return change(k, s, 1);
	s->row = i;
	s->col = c;
	return R_HANDLED | R_REDRAW;
}

static struct text_field *
focused_text(struct counter_lines *s)
{
	if (s->row < 0)
		return &s->receipt;
	return s->col == COL_AMOUNT ? &s->lines[s->row].amount : NULL;
}

static int
handle_edit(struct kiosk *k, struct counter_lines *s, struct req r)
{
	struct text_field *f = focused_text(s);

	switch (r.id) {
	case REQ_CHAR:
		if (r.arg == '\t')
			return next_cell(k, s);
		if (f)
			text_field_type(f, r.arg);
		else if (r.arg == ' ')
			return change(k, s, 1);
		return R_HANDLED | R_REDRAW;
	case REQ_ERASE:
		if (f)
			text_field_erase(f);
		return R_HANDLED | R_REDRAW;
	case REQ_UP:
	case REQ_DOWN:
		return move_row(s, r.id == REQ_UP ? -1 : 1);
	case REQ_LEFT:
	case REQ_RIGHT:
		return move_col(k, s, r.id == REQ_LEFT ? -1 : 1);
	case REQ_PAGE_DOWN:
		return add_line(k, s);
	case REQ_PAGE_UP:
		return remove_line(k, s);
	case REQ_PICK:
		return pick(k, s, r.arg);
	case REQ_ENTER:
		return review(k, s);
	case REQ_BACK:
		return kiosk_pop(k, 0);
	case REQ_SCAN:
		return counter_scan(k);
	default:
		return R_UNHANDLED;
	}
}

static int
lines_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_lines *s = state;

	if (s->step == LINES_EDIT)
		return handle_edit(k, s, r);
	switch (r.id) {
	case REQ_ENTER:
		if (s->step == LINES_CONFIRM)
			return award(k, s);
		lines_reset(s);
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		if (s->step == LINES_CONFIRM) {
			s->step = LINES_EDIT;
			return R_HANDLED | R_REDRAW;
		}
		return kiosk_pop(k, 0);
	case REQ_RIGHT:
		return s->step == LINES_DONE ? counter_slip_view(k, &s->slip) : R_HANDLED;
	case REQ_SCAN:
		/* Another member on the panel: the question is asked again. */
		if (s->step == LINES_CONFIRM)
			s->step = LINES_EDIT;
		return counter_scan(k);
	default:
		return R_HANDLED; /* nothing else while asking or after */
	}
}

const struct screen_ops screen_counter_lines = {
	.name = "counter-lines",
	.state_size = sizeof(struct counter_lines),
	.arg_size = TEXT_FIELD_MAX * 4 + 1,
	.enter = lines_enter,
	.draw = lines_draw,
	.handle = lines_handle,
	.bar = edit_bar,
	.bar_now = lines_bar_now,
	.idle_logout = 1,
	.text_entry = 1,
};
