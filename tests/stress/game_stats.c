/*
 * game_stats: the games' statistics through the real play path (issue
 * 11): game_play() for every play, each its own write transaction, on a
 * ledger seeded by JIFEN_SEED, so a run is the same every time.
 *
 * The table has a rare prize whose budgets run out (a day's and the
 * whole campaign's), a common one whose day budget runs out, a prize
 * whose budget never binds, and thanks. Checked:
 *
 *  - the prizes drawn match the table's probabilities: chi-square of the
 *    four prizes (3 degrees of freedom) below 16.27, its 0.999 quantile,
 *    and of the drawn numbers in 100 equal buckets (99) below 148.2: a
 *    fair draw passes 999 runs in 1000, and the seed is fixed;
 *  - the prize paid for every play is exactly what an independent model of
 *    the budgets says (the drawn prize while its day's and total budgets
 *    have room, else its fallback, in turn), so no budget is ever passed
 *    and none is left unpaid while it has room;
 *  - each day's seed, revealed, recomputes every play (game_audit()), and
 *    `jifen verify`'s checks pass on the ledger.
 *
 * JIFEN_GAME_STATS_MEMBERS (members, each playing the day's limit of 100)
 * and JIFEN_GAME_STATS_DAYS set the size: make check runs 10 x 3 (3,000
 * plays), `make game-stats` 100 x 100 (10^6). JIFEN_SEED picks the seed
 * (default "game-stats"). The ledger lives in $TMPDIR: a tmpfs there
 * spares the disk the 10^6 transactions' syncs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "clock.h"
#include "game.h"
#include "random.h"
#include "settings.h"
#include "stress.h"
#include "verify.h"

#define PLAYS_A_DAY 100
#define CHI_PRIZES_MAX 16.27   /* chi-square, 3 degrees of freedom, 0.999 */
#define CHI_BUCKETS_MAX 148.2  /* chi-square, 99 degrees of freedom, 0.999 */
#define START "2026-03-01T09:00:00"

/* rare: 1%, 5 a day and 12 in all, then common; common: 15%, 100 a day,
 * then thanks; steady: 5%, never spent; thanks: the rest. */
static const char stats_game[] =
	"{\"id\": \"stats\", \"kind\": \"wheel\", \"name\": {\"zh\": \"统计\", \"en\": \"Stats\"},"
	" \"price\": 1, \"plays_per_day\": 100, \"prizes\": ["
	" {\"id\": \"rare\", \"kind\": \"points\", \"amount\": 500, \"label\": {\"zh\": \"r\","
	"  \"en\": \"r\"}, \"ppm\": 10000, \"budget\": {\"day\": 5, \"total\": 12},"
	"  \"fallback\": \"common\"},"
	" {\"id\": \"common\", \"kind\": \"green\", \"amount\": 5, \"label\": {\"zh\": \"c\","
	"  \"en\": \"c\"}, \"ppm\": 150000, \"budget\": {\"day\": 100, \"total\": 1000000000}},"
	" {\"id\": \"steady\", \"kind\": \"points\", \"amount\": 2, \"label\": {\"zh\": \"s\","
	"  \"en\": \"s\"}, \"ppm\": 50000, \"budget\": {\"day\": 1000000, \"total\": 1000000000}},"
	" {\"id\": \"thanks\", \"kind\": \"thanks\", \"label\": {\"zh\": \"t\", \"en\": \"t\"},"
	"  \"ppm\": 790000}]}";

/* The model of the budgets: what was paid today and in all, per prize. */
struct model {
	const struct game_spec *spec;
	int64_t day[GAME_PRIZES_MAX], total[GAME_PRIZES_MAX];
};

/* The prize the rules pay for drawn prize i, counted as paid. */
static int
model_pay(struct model *m, int i)
{
	for (;;) {
		const struct game_prize *z = &m->spec->prizes[i];

		if (z->kind == PRIZE_THANKS ||
		    (m->day[i] < z->budget_day && m->total[i] < z->budget_total))
			break;
		i = z->fallback;
	}
	m->day[i]++;
	m->total[i]++;
	return i;
}

static void
setup(struct ledger *lg, const char *path, struct settings *cfg, int64_t members,
      int64_t days, struct game_info *g)
{
	struct game_problems *p = malloc(sizeof *p);
	struct jf_error err;
	struct actor a;
	int64_t version;
	int changed;

	if (!p)
		stress_die("out of memory");
	settings_defaults(cfg);
	if (ledger_create(lg, path, cfg, &err) != JF_OK)
		stress_die("cannot create %s: %s", path, err.message);
	actor_shell(&a, "tester");
	ledger_act_as(lg, &a);
	for (int64_t i = 1; i <= members; i++) {
		char card[24], key[32];
		struct grant_request r = { card, days * PLAYS_A_DAY, KIND_POINTS, "stakes", key };
		struct ledger_result res;

		snprintf(card, sizeof card, "%lld", 20000000LL + i);
		snprintf(key, sizeof key, "stakes-%lld", (long long)i);
		stress_add_member(lg, card, "Player");
		if (ledger_grant(lg, &r, &res, &err) != JF_OK)
			stress_die("grant: %s", err.message);
	}
	if (game_import_text(lg, stats_game, strlen(stats_game), &version, &changed, p, &err) ||
	    game_find(lg, "stats", g, &err) != JF_OK)
		stress_die("the game: %s", p->count ? p->lines[0] : err.message);
	free(p);
}

static double
chi_square(const int64_t *seen, const double *want, size_t n)
{
	double chi = 0;

	for (size_t i = 0; i < n; i++)
		chi += (seen[i] - want[i]) * (seen[i] - want[i]) / want[i];
	return chi;
}

/* The days' seeds revealed, each day audited, the ledger verified. */
static void
audit_all(struct ledger *lg, int64_t start, int64_t days, int64_t plays)
{
	struct game_audit_result r;
	struct verify_report rep;
	struct jf_error err;
	int64_t revealed, audited = 0;
	char date[CLOCK_DATE_LEN];

	clock_set(start + days * 86400);
	if (game_reveal(lg, NULL, NULL, &revealed, &err) != JF_OK)
		stress_die("reveal: %s", err.message);
	for (int64_t d = 0; d < days; d++) {
		clock_date_of(start + d * 86400, date);
		if (game_audit(lg, date, NULL, NULL, &r, &err) != JF_OK || r.mismatches)
			stress_die("the audit of %s: %s", date, err.message);
		audited += r.plays;
	}
	if (audited != plays)
		stress_die("the audit saw %lld plays of %lld", (long long)audited, (long long)plays);
	if (verify_ledger(lg, &rep, &err) != JF_OK)
		stress_die("verify: %s", rep.problem[0] ? rep.problem : err.message);
}

int
main(int argc, char **argv)
{
	int64_t members = stress_env_int("JIFEN_GAME_STATS_MEMBERS", 10, 1, 10000);
	int64_t days = stress_env_int("JIFEN_GAME_STATS_DAYS", 3, 1, 1000);
	const char *seed = getenv("JIFEN_SEED"), *dir;
	static int64_t buckets[100];
	int64_t drawn[GAME_PRIZES_MAX] = { 0 }, paid[GAME_PRIZES_MAX] = { 0 }, start, n = 0;
	double want[GAME_PRIZES_MAX], want_buckets[100], chi, chi_b;
	struct game_info *g = malloc(sizeof *g);
	struct model m;
	struct settings cfg;
	struct ledger lg;
	struct jf_error err;
	char path[4200];

	(void)argc;
	stress_prog = argv[0];
	stress_pin_zone();
	if (!g)
		stress_die("out of memory");
	if (random_seed(seed && *seed ? seed : "game-stats", &err) != JF_OK)
		stress_die("JIFEN_SEED: %s", err.message);
	if (clock_parse_iso(START, &start) != JF_OK)
		stress_die("the start date");
	clock_set(start);
	dir = stress_scratch("game_stats");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	setup(&lg, path, &cfg, members, days, g);
	memset(&m, 0, sizeof m);
	m.spec = &g->spec;
	for (int64_t d = 0; d < days; d++) {
		memset(m.day, 0, sizeof m.day);
		for (int64_t k = 0; k < PLAYS_A_DAY; k++) {
			for (int64_t i = 1; i <= members; i++, n++) {
				char card[24], key[40];
				struct game_play_request req = { card, "stats", key };
				struct game_play out;
				int rule;

				/* The day's plays in order over 13 hours from 09:00. */
				clock_set(start + d * 86400 +
					  (k * members + i) * 47000 / (members * PLAYS_A_DAY));
				snprintf(card, sizeof card, "%lld", 20000000LL + i);
				snprintf(key, sizeof key, "s-%lld", (long long)n);
				if (game_play(&lg, &req, &out, &err) != JF_OK)
					stress_die("play %lld: %s", (long long)n, err.message);
				drawn[out.prize]++;
				paid[out.paid]++;
				buckets[out.drawn / 10000]++;
				if ((rule = model_pay(&m, out.prize)) != out.paid)
					stress_die("play %lld: drew %s and was paid %s; the budgets pay %s",
						   (long long)n, g->spec.prizes[out.prize].code,
						   g->spec.prizes[out.paid].code,
						   g->spec.prizes[rule].code);
			}
		}
	}
	for (size_t i = 0; i < g->spec.prize_count; i++)
		want[i] = (double)g->spec.prizes[i].ppm * n / GAME_PPM;
	for (int b = 0; b < 100; b++)
		want_buckets[b] = n / 100.0;
	chi = chi_square(drawn, want, g->spec.prize_count);
	chi_b = chi_square(buckets, want_buckets, 100);
	printf("%lld plays (%lld members x %d a day x %lld days), seed %s\n", (long long)n,
	       (long long)members, PLAYS_A_DAY, (long long)days, seed && *seed ? seed : "game-stats");
	for (size_t i = 0; i < g->spec.prize_count; i++)
		printf("  %-7s drawn %8lld (table %10.1f)  paid %8lld\n", g->spec.prizes[i].code,
		       (long long)drawn[i], want[i], (long long)paid[i]);
	printf("chi-square: prizes drawn %.2f (3 df, must be < %.2f), buckets %.1f "
	       "(99 df, must be < %.1f)\n", chi, CHI_PRIZES_MAX, chi_b, CHI_BUCKETS_MAX);
	fflush(stdout); /* the figures before the audits' minutes */
	if (chi >= CHI_PRIZES_MAX || chi_b >= CHI_BUCKETS_MAX)
		stress_die("the draws do not match the table");
	audit_all(&lg, start, days, n);
	printf("every prize paid as the budgets' model says; every day audited; verify passes\n");
	ledger_close(&lg);
	free(g);
	return 0;
}
