/*
 * game_audit: recomputing plays (game.h). One walk over a game version's
 * plays in the order they were made checks each one's hash, its prize
 * under the table, and that the prize paid is the one the budgets left
 * (the drawn prize, or its fallbacks only while they were spent); with a
 * period's revealed seed it also recomputes the draw. `game audit` and
 * `jifen verify` share it; verify also checks plays against their entries
 * and tickets.
 */
#include "config.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "game.h"
#include "game_int.h"
#include "ledger_int.h"
#include "parse.h"
#include "xalloc.h"
#include "verify.h"

struct day_count {
	char period[CLOCK_DATE_LEN];
	int64_t paid[GAME_PRIZES_MAX];
};

struct walk {
	const char *period;                  /* report plays of this period only; NULL: all */
	const unsigned char *seed;           /* recompute draws of period; NULL: not */
	void (*fn)(const char *problem, void *ctx);
	void *ctx;
	int quiet;                           /* a play of another period: not reported */
	int64_t plays, mismatches;
	/* counts of prizes paid so far */
	int64_t total[GAME_PRIZES_MAX];
	struct day_count *days;
	size_t day_count;
};

static void __attribute__((format(printf, 3, 4)))
mismatch(struct walk *w, const struct game_play *p, const char *fmt, ...)
{
	char what[200], line[300];
	va_list ap;

	if (w->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(line, sizeof line, "play %lld (%s %s, card %s, #%lld): %s", (long long)p->id,
		 p->game, p->period, p->card, (long long)p->number, what);
	w->mismatches++;
	if (w->fn)
		w->fn(line, w->ctx);
}

static int64_t *
day_of(struct walk *w, const char *period)
{
	for (size_t i = w->day_count; i-- > 0;)
		if (strcmp(w->days[i].period, period) == 0)
			return w->days[i].paid;
	w->days = xrealloc(w->days, (w->day_count + 1) * sizeof *w->days);
	memset(&w->days[w->day_count], 0, sizeof w->days[0]);
	snprintf(w->days[w->day_count].period, CLOCK_DATE_LEN, "%s", period);
	return w->days[w->day_count++].paid;
}

static int
spent(const struct game_prize *z, int64_t day, int64_t total)
{
	return z->kind != PRIZE_THANKS && (day >= z->budget_day || total >= z->budget_total);
}

/* The prize paid against the budgets as they stood. */
static void
check_paid(struct walk *w, const struct game_spec *g, const struct game_play *p)
{
	int64_t *day = day_of(w, p->period);
	int at = p->prize;

	if (p->paid < 0 || p->paid >= (int)g->prize_count) {
		mismatch(w, p, "paid prize %d is not in the table", p->paid);
		return;
	}
	for (size_t steps = 0; at >= 0 && at != p->paid && steps <= g->prize_count; steps++) {
		const struct game_prize *z = &g->prizes[at];

		/* An item or coupon may also have been out of stock or delisted. */
		if (!spent(z, day[at], w->total[at]) && z->kind != PRIZE_ITEM &&
		    z->kind != PRIZE_COUPON) {
			mismatch(w, p, "paid %s while %s had budget left", g->prizes[p->paid].code,
				 z->code);
			return;
		}
		at = z->fallback;
	}
	if (at != p->paid)
		mismatch(w, p, "paid %s, which is not a fallback of %s", g->prizes[p->paid].code,
			 g->prizes[p->prize].code);
	else if (spent(&g->prizes[at], day[at], w->total[at]))
		mismatch(w, p, "paid %s beyond its budget", g->prizes[at].code);
	day[p->paid]++;
	w->total[p->paid]++;
}

static void
check_play(struct walk *w, const struct game_spec *g, const struct game_play *p,
	   const char *actor, const char *terminal, const void *hash, size_t hash_len)
{
	unsigned char want[GAME_SEED_LEN];
	int report = !w->period || strcmp(w->period, p->period) == 0;

	w->quiet = !report;
	if (report)
		w->plays++;
	if (strcmp(p->game, g->code) != 0)
		mismatch(w, p, "its game version is one of %s", g->code);
	game_play_hash(p, actor, terminal, want);
	if (hash_len != GAME_SEED_LEN || memcmp(hash, want, GAME_SEED_LEN) != 0)
		mismatch(w, p, "its hash does not match what it holds");
	if (p->prize < 0 || p->prize >= (int)g->prize_count ||
	    p->prize != game_prize_of(g, p->drawn))
		mismatch(w, p, "drawn %u names prize %d, not %d", p->drawn, game_prize_of(g, p->drawn),
			 p->prize);
	else
		check_paid(w, g, p);
	if (report && w->seed) {
		struct game_play_id id = { p->game, p->version, p->period, p->card, p->number,
					   p->key };
		uint32_t drawn = game_draw(w->seed, &id);

		if (drawn != p->drawn)
			mismatch(w, p, "the seed draws %u, the ledger says %u", drawn, p->drawn);
	}
	w->quiet = 0;
}

/* Every play of a game version, in order. */
static enum jf_status
walk_version(struct db *db, int64_t game_id, struct walk *w, struct jf_error *err)
{
	struct db_stmt *s;
	struct game_info *g = xmalloc(sizeof *g);
	enum db_step_result rc;
	enum jf_status st;

	memset(w->total, 0, sizeof w->total);
	w->day_count = 0;
	if ((st = game_load(db, game_id, g, err)) != JF_OK) {
		free(g);
		return st;
	}
	s = db_stmt(db, "SELECT y.id, y.game, g.version, y.period, y.card, y.number, y.key, "
			"y.paid_with, y.price, y.drawn, y.prize, y.paid, coalesce(y.entry_id, 0), "
			"coalesce(y.prize_entry_id, 0), coalesce(y.voucher_id, 0), y.ts, y.actor, "
			"y.terminal, y.hash FROM game_play y JOIN game g ON g.id = y.game_id "
			"WHERE y.game_id = :g ORDER BY y.id");
	db_bind_int(s, ":g", game_id);
	while ((rc = db_step(s, err)) == DB_ROW) {
		struct game_play p;
		const void *hash;
		size_t len;

		memset(&p, 0, sizeof p);
		p.id = db_col_int(s, 0);
		snprintf(p.game, sizeof p.game, "%s", db_col_text(s, 1));
		p.version = db_col_int(s, 2);
		snprintf(p.period, sizeof p.period, "%s", db_col_text(s, 3));
		snprintf(p.card, sizeof p.card, "%s", db_col_text(s, 4));
		p.number = db_col_int(s, 5);
		snprintf(p.key, sizeof p.key, "%s", db_col_text(s, 6));
		p.ticket = strcmp(db_col_text(s, 7), "ticket") == 0;
		p.price = db_col_int(s, 8);
		p.drawn = (uint32_t)db_col_int(s, 9);
		p.prize = (int)db_col_int(s, 10);
		p.paid = (int)db_col_int(s, 11);
		p.entry_id = db_col_int(s, 12);
		p.prize_entry_id = db_col_int(s, 13);
		p.voucher_id = db_col_int(s, 14);
		p.ts = db_col_int(s, 15);
		hash = db_col_blob(s, 18, &len);
		check_play(w, &g->spec, &p, db_col_text(s, 16), db_col_text(s, 17), hash, len);
	}
	free(g);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* The ids of game versions (with plays in period, or all with plays). */
static enum jf_status
versions(struct db *db, const char *period, int64_t **ids, size_t *n, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT DISTINCT game_id FROM game_play "
					"WHERE CAST(:p AS TEXT) IS NULL OR period = :p ORDER BY game_id");
	enum db_step_result rc;

	*ids = NULL;
	*n = 0;
	db_bind_text(s, ":p", period);
	while ((rc = db_step(s, err)) == DB_ROW) {
		*ids = xrealloc(*ids, (*n + 1) * sizeof **ids);
		(*ids)[(*n)++] = db_col_int(s, 0);
	}
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* The revealed seed of game's period, checked against its commitment. */
static enum jf_status
period_seed(struct ledger *lg, const char *game, const char *period,
	    unsigned char seed[GAME_SEED_LEN], struct walk *w, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT commitment, seed FROM game_period "
					    "WHERE game = :g AND period = :p");
	unsigned char check[GAME_SEED_LEN], commitment[GAME_SEED_LEN];
	enum db_step_result rc;
	const void *blob;
	size_t len, seed_len = 0;
	int found = 0;

	db_bind_text(s, ":g", game);
	db_bind_text(s, ":p", period);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		found = 1;
		blob = db_col_blob(s, 0, &len);
		memset(commitment, 0, sizeof commitment);
		if (len == GAME_SEED_LEN)
			memcpy(commitment, blob, len);
		blob = db_col_blob(s, 1, &seed_len);
		if (blob && seed_len == GAME_SEED_LEN)
			memcpy(seed, blob, seed_len);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (!found || seed_len != GAME_SEED_LEN)
		return jf_refuse(err, JF_CONFLICT, JF_R_GAME_NOT_ENDED,
				 (struct jf_why){ .text = game, .text2 = period },
				 "the seed of %s for %s is not revealed", game, period);
	game_commitment(seed, check);
	if (memcmp(check, commitment, GAME_SEED_LEN) != 0) {
		char line[200];

		snprintf(line, sizeof line, "%s %s: the seed does not open the commitment", game,
			 period);
		w->mismatches++;
		if (w->fn)
			w->fn(line, w->ctx);
	}
	return JF_OK;
}

enum jf_status
game_audit(struct ledger *lg, const char *period, void (*fn)(const char *problem, void *ctx),
	   void *ctx, struct game_audit_result *out, struct jf_error *err)
{
	struct walk w = { .period = period, .fn = fn, .ctx = ctx };
	unsigned char seed[GAME_SEED_LEN];
	int64_t *ids = NULL;
	size_t n = 0;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = parse_date(period, err)) != JF_OK)
		return st;
	if ((st = db_begin_read(lg->db, err)) != JF_OK)
		return st;
	st = versions(lg->db, period, &ids, &n, err);
	for (size_t i = 0; i < n && st == JF_OK; i++) {
		struct game_info *g = xmalloc(sizeof *g);

		st = game_load(lg->db, ids[i], g, err);
		if (st == JF_OK)
			st = period_seed(lg, g->spec.code, period, seed, &w, err);
		w.seed = seed;
		if (st == JF_OK)
			st = walk_version(lg->db, ids[i], &w, err);
		free(g);
	}
	db_rollback(lg->db);
	free(ids);
	free(w.days);
	if (st != JF_OK)
		return st;
	out->games = (int64_t)n;
	out->plays = w.plays;
	out->mismatches = w.mismatches;
	if (w.mismatches)
		return jf_fail(err, JF_INTEGRITY, "%lld of %lld plays of %s differ",
			       (long long)w.mismatches, (long long)w.plays, period);
	return JF_OK;
}

/* ---- for verify ---- */

struct first {
	char *problem;
	size_t size;
};

static void
keep_first(const char *problem, void *ctx)
{
	struct first *f = ctx;

	if (!f->problem[0])
		snprintf(f->problem, f->size, "%s", problem);
}

/* Plays against their entries, vouchers and tickets. */
static enum jf_status
check_entries(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	enum jf_status st;

	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'play ' || y.id FROM game_play y WHERE (y.paid_with = 'points' "
		"AND (y.price <> (SELECT g.price FROM game g WHERE g.id = y.game_id) OR (y.price > 0 "
		"AND NOT EXISTS (SELECT 1 FROM entry e JOIN line x ON x.entry_id = e.id JOIN account a "
		"ON a.id = x.account_id WHERE e.id = y.entry_id AND e.type = 'game' "
		"AND e.ref = 'game:' || y.key AND a.member_id = y.member_id AND a.kind = 0 "
		"AND x.amount = -y.price)))) OR (y.paid_with = 'ticket' AND (y.price <> 0 "
		"OR y.entry_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM game_ticket t "
		"WHERE t.used_play_id = y.id AND t.member_id = y.member_id AND t.game = y.game))) "
		"OR (y.paid_with = 'points' AND EXISTS (SELECT 1 FROM game_ticket t "
		"WHERE t.used_play_id = y.id)) LIMIT 1"),
		"its price differs from its entry or ticket", problem, size, err)) != JF_OK)
		return st;
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'play ' || y.id FROM game_play y JOIN game_prize z ON z.game_id = y.game_id "
		"AND z.seq = y.paid LEFT JOIN (SELECT play_id, count(*) AS won FROM game_ticket "
		"WHERE play_id IS NOT NULL GROUP BY play_id) t ON t.play_id = y.id "
		"WHERE (z.kind IN ('points', 'green') AND NOT EXISTS (SELECT 1 "
		"FROM entry e JOIN line x ON x.entry_id = e.id JOIN account a ON a.id = x.account_id "
		"WHERE e.id = y.prize_entry_id AND e.type = 'game_prize' "
		"AND e.ref = 'game_prize:' || y.key AND a.member_id = y.member_id "
		"AND a.kind = CASE z.kind WHEN 'green' THEN 1 ELSE 0 END AND x.amount = z.amount)) "
		"OR (z.kind IN ('item', 'coupon') AND (y.voucher_id IS NULL "
		"OR y.prize_entry_id IS NULL)) OR (z.kind IN ('thanks', 'free_play') "
		"AND (y.prize_entry_id IS NOT NULL OR y.voucher_id IS NOT NULL)) "
		"OR coalesce(t.won, 0) <> CASE z.kind WHEN 'free_play' THEN z.amount ELSE 0 END "
		"LIMIT 1"),
		"its prize differs from its entry, voucher or tickets", problem, size, err)) != JF_OK)
		return st;
	/* A free play is worth a price: every ticket was given by exactly one
	 * source, a play's prize, a task's reward (task.c checks those) or a
	 * birthday gift (birthday.c), never by a row added by hand. A source
	 * added later is one more column here. */
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'ticket ' || id FROM game_ticket WHERE (CASE WHEN play_id IS NULL THEN 0 "
		"ELSE 1 END) + (CASE WHEN task_done_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN "
		"birthday_id IS NULL THEN 0 ELSE 1 END) <> 1 LIMIT 1"),
		"given by no play, task or birthday gift, or by more than one (a ticket added "
		"by hand?)", problem, size, err)) != JF_OK)
		return st;
	/* Every play's entries are of their types (above), so as many entries
	 * of each type as plays naming one means none is without its play.
	 * Counts, not a lookup per entry: game_play has no index by entry. */
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'entries of games' FROM (SELECT (SELECT count(*) FROM entry "
		"WHERE type = 'game') AS e1, (SELECT count(DISTINCT y.entry_id) FROM game_play y "
		"JOIN entry e ON e.id = y.entry_id AND e.type = 'game') AS p1, (SELECT count(*) "
		"FROM entry WHERE type = 'game_prize') AS e2, (SELECT count(DISTINCT y.prize_entry_id) "
		"FROM game_play y JOIN entry e ON e.id = y.prize_entry_id AND e.type = 'game_prize') "
		"AS p2) c WHERE c.e1 <> c.p1 OR c.e2 <> c.p2"),
		"a game's entry without its play", problem, size, err)) != JF_OK)
		return st;
	return verify_no_row(db_stmt(db,
		"SELECT 'play ' || id FROM game_play WHERE actor = '' OR terminal = '' UNION ALL "
		"SELECT 'game ' || code FROM game WHERE created_by = '' OR created_terminal = '' "
		"UNION ALL SELECT 'ticket ' || id FROM game_ticket WHERE created_by = '' "
		"OR created_terminal = '' UNION ALL SELECT 'commitment ' || game || ' ' || period "
		"FROM game_period WHERE committed_by = '' OR committed_terminal = '' "
		"OR (seed IS NOT NULL AND (revealed_by = '' OR revealed_terminal = '')) LIMIT 1"),
		"written with no actor or terminal", problem, size, err);
}

/* Each version's rows (game, game_prize) against the canonical text it
 * was imported as: a budget or a probability changed by hand shows. */
static enum jf_status
check_tables(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT id, spec FROM game ORDER BY id");
	struct game_info *g = xmalloc(sizeof *g);
	enum db_step_result rc;
	struct {
		int64_t id;
		char *spec;
	} *rows = NULL;
	size_t n = 0;
	enum jf_status st;

	while ((rc = db_step(s, err)) == DB_ROW) {
		rows = xrealloc(rows, (n + 1) * sizeof *rows);
		rows[n].id = db_col_int(s, 0);
		rows[n++].spec = xstrdup(db_col_text(s, 1));
	}
	st = rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
	for (size_t i = 0; i < n; i++) {
		if (st == JF_OK && (st = game_load(db, rows[i].id, g, err)) == JF_OK) {
			char *canonical = game_spec_canonical(&g->spec);

			if (strcmp(canonical, rows[i].spec) != 0) {
				snprintf(problem, size, "game %s version %lld: its prizes differ from "
					 "the table it was imported as", g->spec.code,
					 (long long)g->version);
				st = JF_INTEGRITY;
			}
			free(canonical);
		}
		free(rows[i].spec);
	}
	free(rows);
	free(g);
	return st;
}

enum jf_status
game_verify(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	struct first f = { problem, size };
	struct walk w = { .fn = keep_first, .ctx = &f };
	int64_t *ids = NULL;
	size_t n = 0;
	enum jf_status st;

	problem[0] = '\0';
	if ((st = check_tables(db, problem, size, err)) != JF_OK)
		return st;
	st = versions(db, NULL, &ids, &n, err);
	for (size_t i = 0; i < n && st == JF_OK && !problem[0]; i++)
		st = walk_version(db, ids[i], &w, err);
	free(ids);
	free(w.days);
	if (st != JF_OK)
		return st;
	if (problem[0])
		return JF_INTEGRITY;
	return check_entries(db, problem, size, err);
}
