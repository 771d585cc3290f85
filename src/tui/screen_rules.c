/*
 * screen_rules: "How points work" (rules.h), from home. Core reads the
 * page from the config and the ledger in force (rules_load()); this
 * screen only puts each section into words, one small function a section
 * (sections[] below, in the page's order), as paragraphs: a heading, then
 * short sentences, each wrapped to the width.
 *
 * It scrolls by paragraph (Up, Down, PgUp, PgDn, or a touch on "more"):
 * at 80x24 the page is several screens; from 120 columns on the sections
 * are in two columns, so at 132x43 it is all on one screen.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gift_words.h"
#include "rules.h"
#include "screen.h"
#include "widget.h"

#define RULES_PARAS 160
#define WIDE_COLS 120

struct para {
	enum style st;
	int section; /* which section it belongs to, for the columns */
	char text[480];
};

struct rules_screen {
	struct rules_page page;
	int have;
	struct para *paras; /* RULES_PARAS */
	int count;
	int section;        /* the section being built */
	int scroll;         /* the first paragraph shown */
	int split;          /* wide: the first paragraph of the right column */
};

static const struct bar_item rules_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Scroll") },
	{ REQ_PAGE_DOWN, REQ_NONE, N_("Next page") },
	{ REQ_PAGE_UP, REQ_NONE, N_("Previous page") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static void __attribute__((format(printf, 3, 4)))
say(struct rules_screen *s, enum style st, const char *fmt, ...)
{
	struct para *p;
	va_list ap;

	if (s->count >= RULES_PARAS)
		return;
	p = &s->paras[s->count++];
	p->st = st;
	p->section = s->section;
	va_start(ap, fmt);
	vsnprintf(p->text, sizeof p->text, fmt, ap);
	va_end(ap);
}

static void
earn_words(struct rules_screen *s, const struct rules_page *p)
{
	char pts[64], green[64];

	i18n_points(p->points_per_yuan, KIND_POINTS, pts, sizeof pts);
	i18n_points(p->green_per_yuan, KIND_GREEN, green, sizeof green);
	say(s, STYLE_NORMAL, _("Every whole yuan you spend earns %s; green goods earn %s a yuan."),
	    pts, green);
	for (int i = 0; i < p->category_count; i++) {
		i18n_points(p->categories[i].points_per_yuan, KIND_POINTS, pts, sizeof pts);
		say(s, STYLE_NORMAL, _("  %s: %s a yuan"), p->categories[i].name, pts);
	}
	if (p->lock_days)
		say(s, STYLE_NORMAL,
		    ngettext("Points of a purchase can be spent %lld day after it (the return window).",
			     "Points of a purchase can be spent %lld days after it (the return window).",
			     (unsigned long)p->lock_days), (long long)p->lock_days);
	if (p->own_rates)
		say(s, STYLE_DIM, "%s", _("Some members have a rate of their own, agreed with the "
					  "store; it replaces the rates above."));
}

static void
tier_words(struct rules_screen *s, const struct rules_page *p)
{
	if (p->tier_count == 0) {
		say(s, STYLE_DIM, "%s", _("There are no member tiers."));
		return;
	}
	say(s, STYLE_NORMAL, "%s", _("Your tier comes from the points your purchases earned in "
				     "the last 12 months, less returns:"));
	for (int i = 0; i < p->tier_count; i++) {
		const struct settings_tier *t = &p->tiers[i];

		say(s, STYLE_POINTS, _("  %s, from %lld points: %lld%% more points, %lld%% off the "
				       "catalog%s"),
		    i18n_name(t->name_zh, t->name_en), (long long)t->points,
		    (long long)(t->earn_percent - 100), (long long)t->discount_percent,
		    t->early_access ? _(", new items early") : "");
	}
	say(s, STYLE_NORMAL, "%s", _("You move up the night after you reach a tier, and down at "
				     "most one tier a year, on the anniversary of the day you "
				     "joined."));
	if (p->plans_in_force)
		say(s, STYLE_DIM, "%s", _("Members with a one-to-one plan agreed with the store earn "
					  "by its percent instead of their tier's."));
}

/* What a campaign multiplies: everything, green goods, or its categories. */
static void
scope_words(const struct campaign_spec *c, char *out, size_t size)
{
	size_t used = 0;

	if (c->scope == SCOPE_ALL) {
		snprintf(out, size, "%s", _("everything"));
		return;
	}
	if (c->scope == SCOPE_GREEN) {
		snprintf(out, size, "%s", _("green goods"));
		return;
	}
	out[0] = '\0';
	for (size_t i = 0; i < c->category_count && used < size; i++)
		used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "",
					 c->categories[i]);
}

static void
campaign_words(struct rules_screen *s, const struct rules_page *p)
{
	char scope[160];

	if (p->campaign_count == 0)
		say(s, STYLE_DIM, "%s", _("No campaign is running today."));
	for (size_t i = 0; i < p->campaign_count; i++) {
		const struct campaign_info *c = &p->campaigns[i];

		say(s, STYLE_POINTS, _("%s, %s to %s"), i18n_name(c->spec.name_zh, c->spec.name_en),
		    c->spec.start, c->spec.end);
		if (c->spec.percent > 100) {
			scope_words(&c->spec, scope, sizeof scope);
			say(s, STYLE_NORMAL, _("  %lld%% of the points on %s"),
			    (long long)c->spec.percent, scope);
		}
		if (c->spec.discount_count)
			say(s, STYLE_NORMAL, "%s", _("  Lower prices in the catalog"));
		if (c->spec.has_gift)
			say(s, STYLE_NORMAL, "%s", _("  A gift pack to claim once"));
		if (c->left >= 0)
			say(s, STYLE_NORMAL, _("  %lld points of its budget left"), (long long)c->left);
	}
	if (p->campaign_count)
		say(s, STYLE_DIM, "%s", _("When campaigns overlap, the highest multiplier applies; "
					  "discounts never add up: you pay the lowest price."));
}

static void
expiry_words(struct rules_screen *s, const struct rules_page *p)
{
	if (p->expiry_policy == EXPIRY_ROLLING)
		say(s, STYLE_NORMAL,
		    ngettext("Points expire %lld day after they are earned: points earned today "
			     "expire on %s.",
			     "Points expire %lld days after they are earned: points earned today "
			     "expire on %s.", (unsigned long)p->expiry_days),
		    (long long)p->expiry_days, p->expires_if_earned_today);
	else
		say(s, STYLE_NORMAL,
		    ngettext("Points expire on 31 December, %lld year after the year they are "
			     "earned: points earned today expire on %s.",
			     "Points expire on 31 December, %lld years after the year they are "
			     "earned: points earned today expire on %s.",
			     (unsigned long)p->expiry_years),
		    (long long)p->expiry_years, p->expires_if_earned_today);
	say(s, STYLE_NORMAL,
	    ngettext("The oldest points are spent first. Home shows what expires in the next "
		     "%lld day.",
		     "The oldest points are spent first. Home shows what expires in the next "
		     "%lld days.", (unsigned long)p->notice_days), (long long)p->notice_days);
	/* Only when the store does send them (jifen remind, remind.h). */
	if (p->reminded_last_30)
		say(s, STYLE_NORMAL, "%s", _("Members with a phone number are also sent a text "
					     "message before their points expire."));
}

static void
returns_words(struct rules_screen *s, const struct rules_page *p)
{
	(void)p;
	say(s, STYLE_NORMAL, "%s", _("Goods returned take back the points they earned, in "
				     "proportion to the part returned."));
	say(s, STYLE_NORMAL, "%s", _("Points that paid part of the bill come back with their "
				     "own dates. Points already spent are kept from the refund."));
}

static void
compensation_words(struct rules_screen *s, const struct rules_page *p)
{
	(void)p;
	say(s, STYLE_NORMAL, "%s", _("If an item you hold a voucher for is withdrawn, your "
				     "points come back with a bonus."));
	say(s, STYLE_NORMAL, "%s", _("Points that expired while our system was down come back, "
				     "and points due then are given longer. A notice tells you."));
}

static void
transfer_words(struct rules_screen *s, const struct rules_page *p)
{
	char limit[64];

	if (p->daily_green_limit) {
		i18n_points(p->daily_green_limit, KIND_GREEN, limit, sizeof limit);
		say(s, STYLE_NORMAL, _("You can send green points to your family, up to %s a day."),
		    limit);
	} else {
		say(s, STYLE_NORMAL, "%s", _("You can send green points to your family."));
	}
	say(s, STYLE_NORMAL, "%s", p->allow_points_transfer ?
	    _("Ordinary points can be sent within a family too.") :
	    _("Ordinary points stay on your own card."));
}

static void
offset_words(struct rules_screen *s, const struct rules_page *p)
{
	if (!p->offset_enabled) {
		say(s, STYLE_NORMAL, "%s", _("Points do not pay bills in this store."));
		return;
	}
	say(s, STYLE_NORMAL, _("At the counter %lld points pay 1 yuan, up to %lld%% of a bill."),
	    (long long)p->offset_points_per_yuan, (long long)p->offset_max_percent);
}

/* "1 in 2,000 (0.05%)" of parts per million. */
static void
odds_text(int64_t ppm, char *out, size_t size)
{
	long long in = ppm > 0 ? (GAME_PPM + ppm / 2) / ppm : 0;

	snprintf(out, size, _("1 in %lld (%lld.%02lld%%)"), in, (long long)(ppm / 10000),
		 (long long)(ppm % 10000 / 100));
}

static int64_t
min_left(const struct game_prize *z, const struct game_budget_use *used, size_t j)
{
	int64_t day = z->budget_day - used->day[j], total = z->budget_total - used->total[j];

	return day < total ? day : total;
}

static void
games_words(struct rules_screen *s, const struct rules_page *p)
{
	char odds[64];

	if (p->game_count == 0)
		say(s, STYLE_DIM, "%s", _("No games are running."));
	for (size_t i = 0; i < p->game_count; i++) {
		const struct game_spec *g = &p->games[i].info.spec;

		say(s, STYLE_POINTS, ngettext("%s: %lld points a play, %lld play a day",
					      "%s: %lld points a play, %lld plays a day",
					      (unsigned long)g->plays_per_day),
		    i18n_name(g->name_zh, g->name_en), (long long)g->price,
		    (long long)g->plays_per_day);
		for (size_t j = 0; j < g->prize_count; j++) {
			const struct game_prize *z = &g->prizes[j];

			odds_text(z->ppm, odds, sizeof odds);
			if (z->budget_total < 0) /* thanks: never spent */
				say(s, STYLE_NORMAL, _("  %s: %lld.%02lld%%"),
				    i18n_name(z->label_zh, z->label_en), (long long)(z->ppm / 10000),
				    (long long)(z->ppm % 10000 / 100));
			else /* what can still be won today: the day's and the total's left */
				say(s, STYLE_NORMAL, _("  %s: %s, %lld left today"),
				    i18n_name(z->label_zh, z->label_en), odds,
				    (long long)min_left(z, &p->games[i].used, j));
		}
	}
}

void
gift_words(const struct gift_parts *g, char *out, size_t size)
{
	char part[320];
	size_t n;

	out[0] = '\0';
	if (g->points)
		i18n_points(g->points, KIND_POINTS, out, size);
	if (g->item_zh && (g->item_zh[0] || (g->item_en && g->item_en[0]))) {
		snprintf(part, sizeof part, _("a voucher for %s"), i18n_name(g->item_zh, g->item_en));
		n = strlen(out);
		snprintf(out + n, size - n, "%s%s", out[0] ? _(", ") : "", part);
	}
	if (g->plays && g->game_zh && (g->game_zh[0] || (g->game_en && g->game_en[0]))) {
		snprintf(part, sizeof part, ngettext("%lld free play of %s", "%lld free plays of %s",
						     (unsigned long)g->plays),
			 (long long)g->plays, i18n_name(g->game_zh, g->game_en));
		n = strlen(out);
		snprintf(out + n, size - n, "%s%s", out[0] ? _(", ") : "", part);
	}
}

static void
birthday_words(struct rules_screen *s, const struct rules_page *p)
{
	struct gift_parts parts = { p->birthday_points, p->birthday_item_zh, p->birthday_item_en,
				    p->birthday_game_zh, p->birthday_game_en, p->birthday_plays };
	char gift[400];

	gift_words(&parts, gift, sizeof gift);
	if (!gift[0]) {
		say(s, STYLE_DIM, "%s", _("There is no birthday gift."));
		return;
	}
	say(s, STYLE_NORMAL, _("In your birthday month you get a gift, once a year: %s."), gift);
	say(s, STYLE_DIM, "%s", _("Born on 29 February? Your gift comes in February."));
}

/* The page's sections in order: a heading and the words. */
static const struct {
	const char *heading; /* msgid */
	void (*words)(struct rules_screen *s, const struct rules_page *p);
} sections[RULES_SECTION_COUNT] = {
	[RULES_EARN] = { N_("Earning points"), earn_words },
	[RULES_TIERS] = { N_("Member tiers"), tier_words },
	[RULES_CAMPAIGNS] = { N_("Campaigns today"), campaign_words },
	[RULES_EXPIRY] = { N_("When points expire"), expiry_words },
	[RULES_RETURNS] = { N_("Returns"), returns_words },
	[RULES_COMPENSATION] = { N_("When we are at fault"), compensation_words },
	[RULES_TRANSFERS] = { N_("Sending points to family"), transfer_words },
	[RULES_OFFSET] = { N_("Points paying a bill"), offset_words },
	[RULES_GAMES] = { N_("Games: odds and prizes left"), games_words },
	[RULES_BIRTHDAY] = { N_("Birthday gift"), birthday_words },
};

/* The paragraphs in the language shown now (a change of language on the
 * way is drawn right). */
static void
build(struct rules_screen *s)
{
	s->count = 0;
	for (int i = 0; i < RULES_SECTION_COUNT; i++) {
		s->section = i;
		say(s, STYLE_HEADING, "%s", _(sections[i].heading));
		sections[i].words(s, &s->page);
		say(s, STYLE_NORMAL, "%s", "");
	}
}

static void
rules_leave(struct kiosk *k, void *state)
{
	struct rules_screen *s = state;

	(void)k;
	if (s->have)
		rules_done(&s->page);
	s->have = 0;
	free(s->paras);
	s->paras = NULL;
}

static void
rules_enter(struct kiosk *k, void *state, const void *arg)
{
	struct rules_screen *s = state;

	(void)arg;
	if (rules_load(k->lg, &s->page, &k->err) != JF_OK) {
		kiosk_fail(k, "rules_load");
		return;
	}
	s->have = 1;
	if (!(s->paras = calloc(RULES_PARAS, sizeof *s->paras)))
		kiosk_fail(k, "rules");
}

/* Rows the paragraphs from..to-1 take at width. */
static int
rows_of(const struct rules_screen *s, int from, int to, int width)
{
	int rows = 0;

	for (int i = from; i < to; i++)
		rows += s->paras[i].text[0] ? draw_wrap_rows(width, s->paras[i].text) : 1;
	return rows;
}

/* Paragraphs from..to-1 from row y, as many as fit in rows; returns the
 * first one not drawn. */
static int
draw_paras(const struct rules_screen *s, int from, int to, int y, int x, int width, int rows)
{
	int i = from, used = 0;

	for (; i < to && used < rows; i++) {
		const struct para *p = &s->paras[i];
		int need = p->text[0] ? draw_wrap_rows(width, p->text) : 1;

		/* A heading never ends a screen without a line of its section. */
		if (used > 0 && (used + need > rows || (p->st == STYLE_HEADING &&
							used + need + 1 > rows)))
			break;
		used += draw_wrap(y + used, x, width, rows - used, p->st, p->text) + !p->text[0];
	}
	return i;
}

/* Wide: the right column starts at the section whose start balances the
 * two columns' rows best. */
static int
split_at(const struct rules_screen *s, int width)
{
	int total = rows_of(s, 0, s->count, width), best = s->count, best_diff = total;

	for (int i = 1; i < s->count; i++) {
		int left, diff;

		if (s->paras[i].section == s->paras[i - 1].section)
			continue;
		left = rows_of(s, 0, i, width);
		diff = left > total - left ? 2 * left - total : total - 2 * left;
		if (diff < best_diff) {
			best_diff = diff;
			best = i;
		}
	}
	return best;
}

static void
more_marks(struct kiosk *k, int above, int below)
{
	if (above) {
		draw_right(k->top + 1, k->cols - 3, STYLE_DIM, _("↑ more"));
		draw_hit(k->top + 1, k->cols - 12, 10, (struct req){ REQ_PAGE_UP, 0 });
	}
	if (below) {
		draw_right(k->bottom, k->cols - 3, STYLE_DIM, _("↓ more"));
		draw_hit(k->bottom, k->cols - 12, 10, (struct req){ REQ_PAGE_DOWN, 0 });
	}
}

static void
rules_draw(struct kiosk *k, void *state)
{
	struct rules_screen *s = state;
	int y = k->top + 1, rows = k->bottom - y, x = 3, width = k->cols - 6, end, end2;

	if (!s->have || !s->paras)
		return;
	build(s);
	if (s->scroll >= s->count)
		s->scroll = s->count > 0 ? s->count - 1 : 0;
	draw_text(y, x, width, STYLE_HEADING, _("How points work"));
	y += 2;
	rows -= 2;
	if (k->cols < WIDE_COLS) {
		end = draw_paras(s, s->scroll, s->count, y, x, width, rows);
		more_marks(k, s->scroll > 0, end < s->count);
		return;
	}
	width = (k->cols - 10) / 2 - 2;
	s->split = split_at(s, width);
	/* All of it on one screen: nothing to scroll (a scroll kept from a
	 * smaller screen would hide the top). */
	if (rows_of(s, 0, s->split, width) <= rows && rows_of(s, s->split, s->count, width) <= rows)
		s->scroll = 0;
	end = draw_paras(s, s->scroll < s->split ? s->scroll : s->split, s->split, y, x, width,
			 rows);
	end2 = draw_paras(s, s->scroll > s->split ? s->scroll : s->split, s->count, y,
			  x + width + 4, width, rows);
	more_marks(k, s->scroll > 0, end < s->split || end2 < s->count);
}

static int
rules_handle(struct kiosk *k, void *state, struct req r)
{
	struct rules_screen *s = state;
	int page = (k->bottom - k->top) / 3;

	switch (r.id) {
	case REQ_UP:
	case REQ_DOWN:
	case REQ_PAGE_UP:
	case REQ_PAGE_DOWN:
		s->scroll += r.id == REQ_UP ? -1 : r.id == REQ_DOWN ? 1 :
			     r.id == REQ_PAGE_UP ? -page : page;
		if (s->scroll > s->count - 1)
			s->scroll = s->count - 1;
		if (s->scroll < 0)
			s->scroll = 0;
		return R_HANDLED | R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_rules = {
	.name = "rules",
	.state_size = sizeof(struct rules_screen),
	.enter = rules_enter,
	.draw = rules_draw,
	.handle = rules_handle,
	.leave = rules_leave,
	.bar = rules_bar,
	.idle_logout = 1,
};
