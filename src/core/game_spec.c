/*
 * game_spec: a game's table from JSON (game.h), with every problem named
 * by where it is ("prizes[2].ppm: ..."). No ledger: what needs the
 * catalog and the config (SKUs, worth) is game.c's.
 */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "game.h"
#include "spec_json.h"
#include "parse.h"
#include "xalloc.h"

static const char *const game_kinds[] = { "scratch", "wheel" };
static const char *const prize_kinds[PRIZE_KINDS] = { "points", "green", "item", "coupon",
						       "free_play", "thanks" };

const char *
game_kind_name(enum game_kind kind)
{
	return (unsigned)kind < 2 ? game_kinds[kind] : "?";
}

const char *
prize_kind_name(enum prize_kind kind)
{
	return (unsigned)kind < PRIZE_KINDS ? prize_kinds[kind] : "?";
}

int
prize_kind_of(const char *name)
{
	for (int i = 0; i < PRIZE_KINDS; i++)
		if (strcmp(name, prize_kinds[i]) == 0)
			return i;
	return -1;
}

int
game_kind_of(const char *name)
{
	for (int i = 0; i < 2; i++)
		if (strcmp(name, game_kinds[i]) == 0)
			return i;
	return -1;
}

/* A code: 1..32 of A-Z a-z 0-9 . _ - */
int
game_code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n >= GAME_CODE_SIZE)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static void
get_budget(json_t *prize, const char *where, struct game_prize *z, struct game_problems *p)
{
	static const char *const keys[] = { "day", "total", NULL };
	json_t *b = json_object_get(prize, "budget");
	char at[96];

	z->budget_day = z->budget_total = -1;
	if (z->kind == PRIZE_THANKS) {
		if (b)
			spec_problem(p, "%s.budget: thanks has no budget", where);
		return;
	}
	snprintf(at, sizeof at, "%s.budget", where);
	if (!b) {
		spec_problem(p, "%s: missing", at);
		return;
	}
	if (!json_is_object(b)) {
		spec_problem(p, "%s: must be an object {\"day\": N, \"total\": N}", at);
		return;
	}
	spec_check_keys(b, at, keys, p);
	snprintf(at, sizeof at, "%s.budget.day", where);
	spec_get_int(b, "day", at, 0, GAME_BUDGET_MAX, 1, &z->budget_day, p);
	snprintf(at, sizeof at, "%s.budget.total", where);
	spec_get_int(b, "total", at, 0, GAME_BUDGET_MAX, 1, &z->budget_total, p);
	if (z->budget_day >= 0 && z->budget_total >= 0 && z->ppm > 0 &&
	    (z->budget_day == 0 || z->budget_total == 0))
		spec_problem(p, "%s.budget: a budget of 0 cannot pay a prize with a probability", where);
	else if (z->budget_day > z->budget_total && z->budget_total >= 0)
		spec_problem(p, "%s.budget: the day's budget is more than the total", where);
}

static void
get_prize(json_t *v, size_t i, struct game_prize *z, char fallbacks[][GAME_CODE_SIZE],
	  struct game_problems *p)
{
	static const char *const keys[] = { "id", "kind", "amount", "sku", "label", "ppm", "budget",
					    "fallback", NULL };
	char where[32], at[64];
	json_t *k, *f;
	int kind;

	snprintf(where, sizeof where, "prizes[%zu]", i);
	memset(z, 0, sizeof *z);
	z->fallback = -1;
	if (!spec_object(v, where, keys, p))
		return;
	snprintf(at, sizeof at, "%s.id", where);
	spec_get_code(v, "id", at, z->code, p);
	if ((kind = spec_name_of(json_object_get(v, "kind"), prize_kinds, PRIZE_KINDS)) < 0) {
		spec_problem(p, "%s.kind: must be points, green, item, coupon, free_play or thanks", where);
		kind = PRIZE_THANKS; /* go on, to find the other problems */
	}
	z->kind = (enum prize_kind)kind;
	snprintf(at, sizeof at, "%s.amount", where);
	if (z->kind == PRIZE_THANKS) {
		if (json_object_get(v, "amount"))
			spec_problem(p, "%s: thanks has no amount", at);
	} else if (z->kind == PRIZE_POINTS || z->kind == PRIZE_GREEN) {
		spec_get_int(v, "amount", at, 1, PARSE_POINTS_MAX, 1, &z->amount, p);
	} else {
		z->amount = 1;
		spec_get_int(v, "amount", at, 1, 100, 0, &z->amount, p);
	}
	snprintf(at, sizeof at, "%s.sku", where);
	k = json_object_get(v, "sku");
	if (z->kind == PRIZE_ITEM || z->kind == PRIZE_COUPON) {
		/* A SKU's rule is a code's (catalog.h); the catalog is asked on import. */
		if (!k || !json_is_string(k) || !game_code_ok(json_string_value(k)))
			spec_problem(p, "%s: must be a catalog SKU", at);
		else
			snprintf(z->sku, sizeof z->sku, "%s", json_string_value(k));
	} else if (k) {
		spec_problem(p, "%s: only an item or a coupon has a SKU", at);
	}
	snprintf(at, sizeof at, "%s.label", where);
	spec_get_names(v, "label", at, z->label_zh, z->label_en, p);
	snprintf(at, sizeof at, "%s.ppm", where);
	spec_get_int(v, "ppm", at, 0, GAME_PPM, 1, &z->ppm, p);
	get_budget(v, where, z, p);
	f = json_object_get(v, "fallback");
	if (f && z->kind == PRIZE_THANKS)
		spec_problem(p, "%s.fallback: thanks has no fallback", where);
	else if (f && (!json_is_string(f) || !game_code_ok(json_string_value(f))))
		spec_problem(p, "%s.fallback: must be the id of another prize", where);
	else if (f)
		snprintf(fallbacks[i], GAME_CODE_SIZE, "%s", json_string_value(f));
}

/* Ids unique, fallbacks resolved (by default the first thanks prize), and
 * every budgeted prize's chain of fallbacks reaching thanks. */
static void
link_prizes(struct game_spec *g, char fallbacks[][GAME_CODE_SIZE], struct game_problems *p)
{
	int thanks = -1, n = (int)g->prize_count;

	for (int i = 0; i < n; i++) {
		for (int j = 0; j < i; j++)
			if (g->prizes[i].code[0] && strcmp(g->prizes[i].code, g->prizes[j].code) == 0)
				spec_problem(p, "prizes[%d].id: %s is used by prizes[%d] too", i,
					g->prizes[i].code, j);
		if (thanks < 0 && g->prizes[i].kind == PRIZE_THANKS)
			thanks = i;
	}
	for (int i = 0; i < n; i++) {
		struct game_prize *z = &g->prizes[i];

		if (z->kind == PRIZE_THANKS)
			continue;
		if (!fallbacks[i][0]) {
			if (thanks < 0)
				spec_problem(p, "prizes[%d].fallback: missing, and no thanks prize to "
					   "fall back to", i);
			z->fallback = thanks;
			continue;
		}
		for (int j = 0; j < n; j++)
			if (j != i && strcmp(g->prizes[j].code, fallbacks[i]) == 0)
				z->fallback = j;
		if (z->fallback < 0)
			spec_problem(p, "prizes[%d].fallback: no other prize has the id %s", i,
				fallbacks[i]);
	}
	for (int i = 0; i < n; i++) {
		int at = i, steps = 0;

		while (at >= 0 && g->prizes[at].kind != PRIZE_THANKS && steps <= n) {
			at = g->prizes[at].fallback;
			steps++;
		}
		if (steps > n)
			spec_problem(p, "prizes[%d].fallback: the fallbacks go round in a circle", i);
	}
}

/* A game's table (a spec_fill_fn: out is a struct game_spec). */
static void
get_spec(json_t *root, void *out, struct game_problems *p)
{
	static const char *const keys[] = { "id", "kind", "name", "price", "plays_per_day",
					    "prizes", NULL };
	char fallbacks[GAME_PRIZES_MAX][GAME_CODE_SIZE];
	struct game_spec *g = out;
	json_t *prizes;
	int64_t sum = 0;
	int kind;

	spec_check_keys(root, "", keys, p);
	spec_get_code(root, "id", "id", g->code, p);
	if ((kind = spec_name_of(json_object_get(root, "kind"), game_kinds, 2)) < 0)
		spec_problem(p, "kind: must be scratch or wheel");
	g->kind = kind < 0 ? GAME_SCRATCH : (enum game_kind)kind;
	spec_get_names(root, "name", "name", g->name_zh, g->name_en, p);
	spec_get_int(root, "price", "price", 0, PARSE_POINTS_MAX, 1, &g->price, p);
	spec_get_int(root, "plays_per_day", "plays_per_day", 1, GAME_PLAYS_PER_DAY_MAX, 1,
		&g->plays_per_day, p);
	prizes = json_object_get(root, "prizes");
	if (!prizes || !json_is_array(prizes) || json_array_size(prizes) < 1 ||
	    json_array_size(prizes) > GAME_PRIZES_MAX) {
		spec_problem(p, "prizes: must be a list of 1 to %d prizes", GAME_PRIZES_MAX);
		return;
	}
	memset(fallbacks, 0, sizeof fallbacks);
	g->prize_count = json_array_size(prizes);
	for (size_t i = 0; i < g->prize_count; i++) {
		get_prize(json_array_get(prizes, i), i, &g->prizes[i], fallbacks, p);
		sum += g->prizes[i].ppm;
	}
	if (sum != GAME_PPM)
		spec_problem(p, "prizes: the probabilities add up to %lld parts per million, "
			   "not 1000000", (long long)sum);
	link_prizes(g, fallbacks, p);
}

enum jf_status
game_spec_parse(const char *text, size_t len, struct game_spec *out, struct game_problems *p)
{
	return spec_parse(text, len, GAME_FILE_MAX, get_spec, out, sizeof *out, p);
}

char *
game_spec_canonical(const struct game_spec *g)
{
	char *s = xasprintf("game-v1\n%s\n%s\n%s\n%s\n%lld\n%lld\n%zu\n", g->code,
			    game_kind_name(g->kind), g->name_zh, g->name_en, (long long)g->price,
			    (long long)g->plays_per_day, g->prize_count);

	for (size_t i = 0; i < g->prize_count; i++) {
		const struct game_prize *z = &g->prizes[i];
		char *t = xasprintf("%s%s\n%s\n%lld\n%s\n%s\n%s\n%lld\n%lld\n%lld\n%d\n", s, z->code,
				    prize_kind_name(z->kind), (long long)z->amount, z->sku,
				    z->label_zh, z->label_en, (long long)z->ppm,
				    (long long)z->budget_day, (long long)z->budget_total,
				    z->fallback);
		free(s);
		s = t;
	}
	return s;
}
