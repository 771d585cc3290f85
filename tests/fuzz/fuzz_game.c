/*
 * fuzz_game: game_spec_parse on arbitrary text.
 *
 * A game's table comes from a file a person edits: whatever it holds,
 * parsing never crashes and ends either in JF_OK with a table that keeps
 * every rule (probabilities adding up to 10^6, budgets that can pay,
 * fallbacks that end at thanks) or in JF_USAGE with at least one problem,
 * each one printable line, and nothing else returned.
 */
#include "config.h"

#include "fuzz_spec.h"

static void
check_good(const struct game_spec *g, const char *text)
{
	int64_t sum = 0;
	int n = (int)g->prize_count;

	if (n < 1 || n > GAME_PRIZES_MAX || g->price < 0 || g->plays_per_day < 1 ||
	    g->plays_per_day > GAME_PLAYS_PER_DAY_MAX || !g->code[0])
		fuzz_fail("accepted a game out of range", text);
	for (int i = 0; i < n; i++) {
		const struct game_prize *z = &g->prizes[i];
		int at = i, steps = 0;

		sum += z->ppm;
		if (z->ppm < 0 || z->ppm > GAME_PPM || !z->code[0] || !z->label_zh[0] ||
		    !z->label_en[0])
			fuzz_fail("accepted a prize out of range", text);
		if (z->kind != PRIZE_THANKS && z->ppm > 0 &&
		    (z->budget_day < 1 || z->budget_total < 1))
			fuzz_fail("accepted a budget that cannot pay", text);
		if ((z->kind == PRIZE_ITEM || z->kind == PRIZE_COUPON) != (z->sku[0] != '\0'))
			fuzz_fail("a SKU where none belongs, or none where one does", text);
		while (g->prizes[at].kind != PRIZE_THANKS) {
			at = g->prizes[at].fallback;
			if (at < 0 || at >= n || ++steps > n)
				fuzz_fail("a fallback that does not end at thanks", text);
		}
	}
	if (sum != GAME_PPM)
		fuzz_fail("accepted probabilities that do not add up", text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	static struct game_spec g;
	static struct game_problems p;
	enum jf_status st = game_spec_parse(text, size, &g, &p);

	fuzz_spec_ended(st, &p, !g.prize_count, text);
	if (st == JF_OK) {
		check_good(&g, text);
		free(game_spec_canonical(&g));
	}
	free(text);
	return 0;
}
