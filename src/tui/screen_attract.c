/*
 * screen_attract: the first screen, shown while nobody uses the kiosk. The
 * store's name and welcome line (from the config), how to begin, and the
 * language switch. The first character typed or scanned here starts the
 * login with it, so a member just types; a card scanned here (REQ_SCAN)
 * is looked up at once, and the PIN is next.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "campaign_words.h"
#include "caps.h"
#include "screen.h"

/* The switch is labelled in both languages, whichever is on. */
static const struct bar_item attract_bar[] = {
	{ REQ_LEFT, REQ_RIGHT, "中文 / English" },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* A terminal without Chinese glyphs has English alone: no switch. */
static const struct bar_item english_bar[] = {
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
attract_bar_now(struct kiosk *k, void *state)
{
	(void)k;
	(void)state;
	return caps_get()->cjk ? attract_bar : english_bar;
}

/* Each language names itself, and is never translated. */
static const char *const lang_names[] = { [LANG_EN] = "English", [LANG_ZH] = "中文" };

/* "(*) English   ( ) 中文", centred on row y; each choice is a button. */
static void
draw_languages(struct kiosk *k, int y)
{
	static const enum lang order[] = { LANG_ZH, LANG_EN };
	const char *intro = "语言 Language:";
	char button[32];
	int width = draw_width(intro), x;

	for (int i = 0; i < 2; i++)
		width += 3 + 4 + draw_width(lang_names[order[i]]);
	x = (k->cols - width) / 2;
	x += draw_text(y, x, k->cols - x, STYLE_NORMAL, intro);
	for (int i = 0; i < 2; i++) {
		enum lang l = order[i];
		int on = i18n_get() == l, w;

		snprintf(button, sizeof button, "(%c) %s", on ? '*' : ' ', lang_names[l]);
		x += 3;
		w = draw_text(y, x, k->cols - x, on ? STYLE_SELECTED : STYLE_NORMAL, button);
		draw_hit(y, x, w, (struct req){ REQ_LANG, l });
		x += w;
	}
}

static void
attract_draw(struct kiosk *k, void *state)
{
	const char *welcome = k->cfg->welcome;
	char banner[GAME_LABEL_SIZE];
	int width = k->cols - 8, x = 4, rows, height, y, has_banner;

	(void)state;

	rows = welcome[0] ? draw_wrap_rows(width, welcome) : 0;
	if (rows > 3)
		rows = 3;
	/* The campaign running now (campaign_words.h), in the middle of the
	 * gap under the welcome: the rest stays where it always is. */
	has_banner = campaign_banner_now(k, banner, sizeof banner);
	/* name, gap, welcome, gap (with the banner), prompt and hint, gap, languages */
	height = 1 + 2 + rows + 3 + 2 + 3 + 1;
	y = k->top + (k->bottom - k->top + 1 - height) / 2;
	draw_center(y, x, width, STYLE_HEADING, k->cfg->store_name);
	y += 3;
	if (rows == 1)
		draw_center(y, x, width, STYLE_NORMAL, welcome);
	else
		draw_wrap(y, x, width, rows, STYLE_NORMAL, welcome);
	if (has_banner)
		draw_center(y + rows + 1, x, width, STYLE_OK, banner);
	y += rows + 3;
	draw_center(y++, x, width, STYLE_HEADING, _("Scan your member card or type its number"));
	draw_center(y++, x, width, STYLE_DIM, _("then enter your PIN"));
	y += 3;
	if (caps_get()->cjk)
		draw_languages(k, y);
}

static void
toggle_language(struct kiosk *k)
{
	i18n_set(i18n_get() == LANG_ZH ? LANG_EN : LANG_ZH);
}

static int
attract_handle(struct kiosk *k, void *state, struct req r)
{
	switch (r.id) {
	case REQ_CHAR:
		/* The login screen takes this character too (and refuses it
		 * there if it is no digit). */
		return kiosk_push(k, SCREEN_LOGIN, NULL) | R_REPLAY;
	case REQ_SCAN: {
		struct login_arg arg = { "" };
		int res;

		snprintf(arg.card, sizeof arg.card, "%s", k->scan);
		res = kiosk_push(k, SCREEN_LOGIN, &arg);
		explicit_bzero(&arg, sizeof arg);
		return res;
	}
	case REQ_LEFT:
	case REQ_RIGHT:
		toggle_language(k);
		return R_HANDLED | R_REDRAW;
	case REQ_LANG:
		i18n_set(r.arg == LANG_ZH ? LANG_ZH : LANG_EN);
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		kiosk_say(k, STYLE_NORMAL, "%s",
			  _("Scan your member card or type its number first."));
		return R_HANDLED | R_REDRAW;
	case REQ_BACK: /* nowhere to go back to */
		return R_HANDLED;
	default:
		return R_UNHANDLED;
	}
}

const struct screen_ops screen_attract = {
	.name = "attract",
	.state_size = 0,
	.draw = attract_draw,
	.handle = attract_handle,
	.bar = attract_bar,
	.bar_now = attract_bar_now,
	.idle_logout = 0,
};
