/*
 * campaign_words: campaigns in the screens' words (campaign_words.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "campaign_words.h"

const char *
campaign_name(const struct campaign_spec *c)
{
	return i18n_get() == LANG_ZH ? c->name_zh : c->name_en;
}

struct first_banner {
	char *out;
	size_t size;
};

static int
first_banner(const struct campaign_info *c, void *arg)
{
	struct first_banner *fb = arg;

	snprintf(fb->out, fb->size, "%s", i18n_get() == LANG_ZH ? c->spec.banner_zh
								  : c->spec.banner_en);
	return 1;
}

int
campaign_banner_now(struct kiosk *k, char *out, size_t size)
{
	struct first_banner fb = { out, size };
	struct jf_error ignored;

	out[0] = '\0';
	if (campaign_list(k->lg, 1, clock_now(), first_banner, &fb, &ignored) != JF_OK)
		out[0] = '\0';
	return out[0] != '\0';
}

struct first_gift {
	char *code, *name;
	size_t size;
};

static int
first_gift(const struct campaign_info *c, void *arg)
{
	struct first_gift *fg = arg;

	snprintf(fg->code, GAME_CODE_SIZE, "%s", c->spec.code);
	snprintf(fg->name, fg->size, "%s", campaign_name(&c->spec));
	return 1;
}

int
campaign_gift_now(struct kiosk *k, const char *card, char code[GAME_CODE_SIZE], char *name,
		  size_t size)
{
	struct first_gift fg = { code, name, size };
	struct jf_error ignored;

	code[0] = '\0';
	if (campaign_claimable(k->lg, card, first_gift, &fg, &ignored) != JF_OK)
		code[0] = '\0';
	return code[0] != '\0';
}

void
campaign_explain_words(const struct earn_explain *x, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < x->campaign_count && n < size; i++) {
		const struct earn_campaign *ec = &x->campaigns[i];
		int64_t given = ec->points[KIND_POINTS] + ec->points[KIND_GREEN];
		int w;

		if (given)
			w = snprintf(out + n, size - n, _("Campaign %s gives %lld (%lld%%)%s. "),
				     ec->code, (long long)given, (long long)ec->percent,
				     ec->spent ? _(": its budget is now spent") : "");
		else
			w = snprintf(out + n, size - n,
				     _("Campaign %s has spent its budget: it gives no more. "),
				     ec->code);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	while (n > 0 && n < size && out[n - 1] == ' ')
		out[--n] = '\0';
}
