/*
 * game.c: the games' figures (issue 11). A play (the day's commitment, the
 * limit, the price, the draw, the prize under its budgets, the play's row
 * and hash) against a plain posting (a grant), each in its own
 * transaction; and the audit of a day of plays (the seed against its
 * commitment, every draw, prize, fallback and hash recomputed) against
 * only reading the same rows. The audit's plays are written straight into
 * the table, with the draws and hashes the core would have made.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "game.h"
#include "game_int.h"
#include "member.h"

#define GOAL_PLAYS 0.3  /* a play costs at most about three postings */
#define GOAL_AUDIT 30.0 /* the audit at most 30 times the time of reading the plays */
#define PLAYERS_MAX 1000

static const char bench_game[] =
	"{\"id\": \"bench\", \"kind\": \"wheel\", \"name\": {\"zh\": \"测\", \"en\": \"Bench\"},"
	" \"price\": 1, \"plays_per_day\": 100, \"prizes\": ["
	" {\"id\": \"p1\", \"kind\": \"points\", \"amount\": 1, \"label\": {\"zh\": \"1\", \"en\": \"1\"},"
	"  \"ppm\": 500000, \"budget\": {\"day\": 1000000000, \"total\": 1000000000}},"
	" {\"id\": \"thanks\", \"kind\": \"thanks\", \"label\": {\"zh\": \"谢\", \"en\": \"t\"},"
	"  \"ppm\": 500000}]}";

static void
new_game_ledger(const char *name, struct ledger *lg, long members, char *path, size_t size)
{
	struct game_problems *p = malloc(sizeof *p);
	struct jf_error err;
	int64_t version;
	int changed;

	if (!p)
		die("malloc", "out of memory");
	file_path(name, path, size);
	if (ledger_create(lg, path, &cfg, &err) != JF_OK || act(lg) != JF_OK)
		die("creating a games ledger", err.message);
	for (long i = 1; i <= members; i++) {
		char card[24];
		struct member_new m = { card, "Bench Player", NULL, NULL, NULL };
		struct grant_request g = { card, 1000000, KIND_POINTS, "bench", NULL };
		struct ledger_result res;

		snprintf(card, sizeof card, "%ld", 10000000 + i);
		if (member_add(lg, &m, &err) != JF_OK || ledger_grant(lg, &g, &res, &err) != JF_OK)
			die("a games ledger's member", err.message);
	}
	if (game_import_text(lg, bench_game, strlen(bench_game), &version, &changed, p, &err))
		die("importing the bench game", p->count ? p->lines[0] : err.message);
	free(p);
}

static double
time_plays(struct ledger *lg, long n)
{
	struct game_play out;
	struct jf_error err;
	char card[24], key[32];
	double t0 = seconds();

	for (long i = 0; i < n; i++) {
		struct game_play_request req = { card, "bench", key };

		snprintf(card, sizeof card, "%ld", 10000001 + i / 100);
		snprintf(key, sizeof key, "bench-%ld", i);
		if (game_play(lg, &req, &out, &err) != JF_OK || out.replay)
			die("game_play", err.message);
	}
	return seconds() - t0;
}

static double
time_postings(struct ledger *lg, long n)
{
	struct grant_request g = { "10000001", 5, KIND_POINTS, "bench", NULL };
	struct ledger_result res;
	struct jf_error err;
	char key[32];
	double t0 = seconds();

	for (long i = 0; i < n; i++) {
		snprintf(key, sizeof key, "post-%ld", i);
		g.key = key;
		if (ledger_grant(lg, &g, &res, &err) != JF_OK)
			die("ledger_grant", err.message);
	}
	return seconds() - t0;
}

static void
bench_plays(long n)
{
	char path[PATH_SIZE];
	struct ledger lg;
	double t_play, t_post;
	long members = (n + 99) / 100;

	if (members > PLAYERS_MAX)
		members = PLAYERS_MAX, n = PLAYERS_MAX * 100;
	new_game_ledger("plays.db", &lg, members, path, sizeof path);
	fprintf(stderr, "bench: %ld plays and %ld postings...\n", n, n);
	t_play = time_plays(&lg, n);
	t_post = time_postings(&lg, n);
	ledger_close(&lg);
	remove_ledger(path);
	printf("game plays/s: %.0f vs postings %.0f = %.2f (goal >= %.1f) %s\n", n / t_play,
	       n / t_post, t_post / t_play, GOAL_PLAYS, verdict(t_post / t_play >= GOAL_PLAYS));
	fflush(stdout);
}

/* n plays of one day, as game_play() would have written them. */
static void
fill_plays(struct ledger *lg, const char *path, long n, const char *period)
{
	unsigned char seed[GAME_SEED_LEN], hash[GAME_SEED_LEN];
	struct game_info *g = malloc(sizeof *g);
	struct jf_error err;
	sqlite3_stmt *ins, *reveal;
	sqlite3 *raw;
	int64_t committed;

	if (!g || game_find(lg, "bench", g, &err) != JF_OK ||
	    game_commit_today(lg, &committed, &err) != JF_OK ||
	    game_period_seed(lg, "bench", period, seed, &err) != JF_OK)
		die("the bench game's day", err.message);
	raw = raw_open(path);
	raw_exec(raw, "BEGIN");
	ins = raw_prepare(raw, "INSERT INTO game_play(game_id, game, period, member_id, card, "
			       "number, key, paid_with, price, drawn, prize, paid, ts, actor, "
			       "terminal, hash) VALUES (?1, 'bench', ?2, 1, '10000001', ?3, ?4, "
			       "'points', 1, ?5, ?6, ?6, ?7, 'bench', 'T', ?8)");
	for (long i = 1; i <= n; i++) {
		struct game_play p;
		struct game_play_id id;

		memset(&p, 0, sizeof p);
		snprintf(p.game, sizeof p.game, "bench");
		p.version = g->version;
		snprintf(p.period, sizeof p.period, "%s", period);
		snprintf(p.card, sizeof p.card, "10000001");
		p.number = i;
		snprintf(p.key, sizeof p.key, "k%ld", i);
		p.price = 1;
		id = (struct game_play_id){ p.game, p.version, p.period, p.card, p.number, p.key };
		p.drawn = game_draw(seed, &id);
		p.prize = p.paid = game_prize_of(&g->spec, p.drawn);
		p.ts = 1;
		game_play_hash(&p, "bench", "T", hash);
		sqlite3_bind_int64(ins, 1, g->id);
		sqlite3_bind_text(ins, 2, period, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 3, i);
		sqlite3_bind_text(ins, 4, p.key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 5, p.drawn);
		sqlite3_bind_int64(ins, 6, p.prize);
		sqlite3_bind_int64(ins, 7, p.ts);
		sqlite3_bind_blob(ins, 8, hash, sizeof hash, SQLITE_TRANSIENT);
		raw_step_done(raw, ins);
	}
	reveal = raw_prepare(raw, "UPDATE game_period SET seed = ?1, revealed_at = 1, "
				  "revealed_by = 'bench', revealed_terminal = 'T'");
	sqlite3_bind_blob(reveal, 1, seed, sizeof seed, SQLITE_TRANSIENT);
	raw_step_done(raw, reveal);
	raw_exec(raw, "COMMIT");
	sqlite3_finalize(ins);
	sqlite3_finalize(reveal);
	sqlite3_close(raw);
	free(g);
}

static double
time_reading(const char *path)
{
	sqlite3 *raw = raw_open(path);
	sqlite3_stmt *s = raw_prepare(raw, "SELECT id, game, period, card, number, key, "
					   "paid_with, price, drawn, prize, paid, ts, actor, terminal, "
					   "hash FROM game_play ORDER BY id");
	double t0 = seconds();
	static volatile int64_t sink; /* the reads are not optimized away */

	while (sqlite3_step(s) == SQLITE_ROW)
		sink += sqlite3_column_int64(s, 8) + sqlite3_column_bytes(s, 14);
	t0 = seconds() - t0;
	sqlite3_finalize(s);
	sqlite3_close(raw);
	return t0;
}

static void
bench_audit(long n, const char *period)
{
	struct game_audit_result r;
	char path[PATH_SIZE];
	struct ledger lg;
	struct jf_error err;
	double t_audit, t_read, t0;

	new_game_ledger("audit.db", &lg, 1, path, sizeof path);
	fprintf(stderr, "bench: filling a day of %ld plays...\n", n);
	fill_plays(&lg, path, n, period);
	t0 = seconds();
	if (game_audit(&lg, period, NULL, NULL, &r, &err) != JF_OK || r.plays != n)
		die("game_audit", err.message);
	t_audit = seconds() - t0;
	ledger_close(&lg);
	t_read = time_reading(path);
	remove_ledger(path);
	printf("audit of %ld plays: %.2f s vs reading them %.2f s = %.1f (goal <= %.0f) %s\n", n,
	       t_audit, t_read, t_audit / t_read, GOAL_AUDIT, verdict(t_audit / t_read <= GOAL_AUDIT));
	fflush(stdout);
}

void
bench_games(long plays, long audited, const char *today)
{
	bench_plays(plays);
	bench_audit(audited, today);
}
