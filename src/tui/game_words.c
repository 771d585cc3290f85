/*
 * game_words: the games' figures in words (game_words.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "game_words.h"
#include "i18n.h"
#include "task.h"

const char *
game_prize_label(const struct game_prize *z)
{
	return i18n_name(z->label_zh, z->label_en);
}

const char *
game_name(const struct game_spec *g)
{
	return i18n_name(g->name_zh, g->name_en);
}

void
game_odds(int64_t ppm, char *out, size_t size)
{
	char one_in[32];

	if (ppm <= 0) {
		snprintf(out, size, "%s", _("never"));
		return;
	}
	/* "1 in N": whole under a chance of 1 in 10, else one decimal. */
	if (ppm * 10 <= GAME_PPM)
		snprintf(one_in, sizeof one_in, "%lld",
			 (long long)((GAME_PPM + ppm / 2) / ppm));
	else
		snprintf(one_in, sizeof one_in, "%.1f", (double)GAME_PPM / (double)ppm);
	snprintf(out, size, _("1 in %s (%.2f%%)"), one_in, (double)ppm / 10000.0);
}

void
game_worth(int64_t fen, char *out, size_t size)
{
	if (fen <= 0)
		snprintf(out, size, "-");
	else
		snprintf(out, size, _("%lld.%02lld yuan"), (long long)(fen / 100),
			 (long long)(fen % 100));
}

void
game_outcome(const struct game_play *p, char *out, size_t size)
{
	const struct game_prize *z = &p->paid_prize;
	char points[64];

	switch (z->kind) {
	case PRIZE_POINTS:
	case PRIZE_GREEN:
		i18n_points(z->amount, z->kind == PRIZE_GREEN ? KIND_GREEN : KIND_POINTS, points,
			    sizeof points);
		snprintf(out, size, _("You won %s: they are added to your balance now."), points);
		break;
	case PRIZE_ITEM:
	case PRIZE_COUPON:
		snprintf(out, size,
			 _("You won %s: its voucher is in My vouchers; show it at the counter."),
			 game_prize_label(z));
		break;
	case PRIZE_FREE_PLAY:
		snprintf(out, size,
			 ngettext("You won %lld free play: it is used for your next play of this game.",
				  "You won %lld free plays: they are used for your next plays of this game.",
				  (unsigned long)z->amount),
			 (long long)z->amount);
		break;
	case PRIZE_THANKS:
	default:
		snprintf(out, size, "%s", _("No prize this time. Thanks for playing!"));
		break;
	}
}

void
game_fallback_notice(const struct game_play *p, const struct game_spec *g, char *out,
		     size_t size)
{
	out[0] = '\0';
	if (p->paid == p->prize || p->prize < 0 || (size_t)p->prize >= g->prize_count)
		return;
	snprintf(out, size,
		 _("The draw named %s, whose budget is spent; as the rules say, %s is given instead."),
		 game_prize_label(&g->prizes[p->prize]), game_prize_label(&p->paid_prize));
}

void
game_commitment_hex(const unsigned char c[GAME_SEED_LEN], int whole, char *out, size_t size)
{
	char hex[2 * GAME_SEED_LEN + 1];

	for (int i = 0; i < GAME_SEED_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", c[i]);
	if (whole)
		snprintf(out, size, "%s", hex);
	else
		snprintf(out, size, "%.8s...%s", hex, hex + 2 * GAME_SEED_LEN - 8);
}

int
game_play_load(struct kiosk *k, const char *key, struct game_play *p, struct game_info *g)
{
	if (game_play_find(k->lg, key, p, &k->err) != JF_OK) {
		kiosk_fail(k, "game_play_find");
		return 0;
	}
	if (game_find(k->lg, p->game, g, &k->err) != JF_OK) {
		kiosk_fail(k, "game_find");
		return 0;
	}
	return 1;
}

/* A reward in the language shown: "50 points", "2 free plays of 每日刮刮乐",
 * "Badge: 绿色之声", "1 × 五常大米 5kg". */
void
task_reward_text(struct kiosk *k, const struct task_book *b, const struct task_reward *r,
		 char *out, size_t size)
{
	const struct badge_def *badge = NULL;
	struct catalog_item item;
	struct game_info *g;
	struct jf_error ignored;

	switch (r->kind) {
	case REWARD_POINTS:
		i18n_points(r->amount, KIND_POINTS, out, size);
		break;
	case REWARD_GREEN:
		i18n_points(r->amount, KIND_GREEN, out, size);
		break;
	case REWARD_FREE_PLAY:
		g = malloc(sizeof *g);
		snprintf(out, size,
			 ngettext("%lld free play of %s", "%lld free plays of %s",
				  (unsigned long)r->amount),
			 (long long)r->amount,
			 g && game_find(k->lg, r->game, g, &ignored) == JF_OK ?
			 i18n_name(g->spec.name_zh, g->spec.name_en) : r->game);
		free(g);
		break;
	case REWARD_BADGE:
		task_book_set_of(b, r->badge, &badge);
		snprintf(out, size, _("Badge: %s"),
			 badge ? i18n_name(badge->name_zh, badge->name_en) : r->badge);
		break;
	default:
		snprintf(out, size, "%lld × %s", (long long)r->amount,
			 catalog_find(k->lg, r->sku, &item, &ignored) == JF_OK ?
			 i18n_name(item.name_zh, item.name_en) : r->sku);
		break;
	}
}
