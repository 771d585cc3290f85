/*
 * game: importing games as versions of their table, reading them back,
 * the budgets used and the day's report (game.h). Plays, commitments and
 * the audit are in game_play.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "game.h"
#include "spec_json.h"
#include "game_int.h"
#include "ledger_int.h"
#include "xalloc.h"

/* ---- worth ---- */

/* Fen that points are worth at the offset rate, rounded up: a limit is
 * never passed by rounding. */
static int64_t
points_worth(const struct settings *cfg, int64_t points)
{
	int64_t rate = cfg->offset_points_per_yuan;

	if (points > INT64_MAX / 100)
		return INT64_MAX;
	return (points * 100 + rate - 1) / rate;
}

/* What each prize is worth, and what the catalog does not have, as problems. */
static enum jf_status
check_prizes(struct ledger *lg, struct game_spec *g, struct game_problems *p,
	     struct jf_error *err)
{
	for (size_t i = 0; i < g->prize_count; i++) {
		struct game_prize *z = &g->prizes[i];
		struct catalog_item item;
		enum item_type want = z->kind == PRIZE_ITEM ? ITEM_GOODS : ITEM_COUPON;
		enum jf_status st;

		switch (z->kind) {
		case PRIZE_POINTS:
		case PRIZE_GREEN:
			z->worth_fen = points_worth(lg->cfg, z->amount);
			break;
		case PRIZE_FREE_PLAY:
			z->worth_fen = points_worth(lg->cfg, g->price * z->amount);
			break;
		case PRIZE_THANKS:
			z->worth_fen = 0;
			break;
		case PRIZE_ITEM:
		case PRIZE_COUPON:
			st = catalog_find(lg, z->sku, &item, err);
			if (st == JF_NOTFOUND) {
				snprintf(p->lines[p->count++ % GAME_PROBLEMS_MAX], sizeof p->lines[0],
					 "prizes[%zu].sku: the catalog has no item %s", i, z->sku);
				continue;
			}
			if (st != JF_OK)
				return st;
			if (item.type != want || item.delisted) {
				snprintf(p->lines[p->count++ % GAME_PROBLEMS_MAX], sizeof p->lines[0],
					 "prizes[%zu].sku: %s is %s, not %s that can be given",
					 i, z->sku, item.delisted ? "delisted" :
					 catalog_type_name(item.type),
					 want == ITEM_GOODS ? "goods" : "a coupon");
				continue;
			}
			z->worth_fen = want == ITEM_GOODS ? points_worth(lg->cfg, item.points)
							  : item.value_fen;
			z->worth_fen *= z->amount;
			break;
		}
		if (z->worth_fen > GAME_WORTH_MAX_FEN)
			snprintf(p->lines[p->count++ % GAME_PROBLEMS_MAX], sizeof p->lines[0],
				 "prizes[%zu]: worth %lld.%02lld yuan, more than the 50000.00 yuan "
				 "a prize may be worth", i, (long long)(z->worth_fen / 100),
				 (long long)(z->worth_fen % 100));
		if (p->count >= GAME_PROBLEMS_MAX) {
			p->count = GAME_PROBLEMS_MAX;
			p->more = 1;
		}
	}
	return JF_OK;
}

/* ---- reading ---- */

static enum jf_status
load_prizes(struct db *db, struct game_info *g, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT code, kind, amount, sku, label_zh, label_en, ppm, "
					"budget_day, budget_total, fallback, worth_fen FROM game_prize "
					"WHERE game_id = :g ORDER BY seq");
	enum db_step_result rc;
	size_t n = 0;

	db_bind_int(s, ":g", g->id);
	while ((rc = db_step(s, err)) == DB_ROW && n < GAME_PRIZES_MAX) {
		struct game_prize *z = &g->spec.prizes[n++];
		int kind = prize_kind_of(db_col_text(s, 1));

		snprintf(z->code, sizeof z->code, "%s", db_col_text(s, 0));
		z->kind = kind < 0 ? PRIZE_THANKS : (enum prize_kind)kind;
		z->amount = db_col_int(s, 2);
		snprintf(z->sku, sizeof z->sku, "%s", db_col_text(s, 3));
		snprintf(z->label_zh, sizeof z->label_zh, "%s", db_col_text(s, 4));
		snprintf(z->label_en, sizeof z->label_en, "%s", db_col_text(s, 5));
		z->ppm = db_col_int(s, 6);
		z->budget_day = db_col_int(s, 7);
		z->budget_total = db_col_int(s, 8);
		z->fallback = (int)db_col_int(s, 9);
		z->worth_fen = db_col_int(s, 10);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	g->spec.prize_count = n;
	return JF_OK;
}

static void
read_game(struct db_stmt *s, struct game_info *g)
{
	int kind = game_kind_of(db_col_text(s, 3));

	memset(g, 0, sizeof *g);
	g->id = db_col_int(s, 0);
	snprintf(g->spec.code, sizeof g->spec.code, "%s", db_col_text(s, 1));
	g->version = db_col_int(s, 2);
	g->spec.kind = kind < 0 ? GAME_SCRATCH : (enum game_kind)kind;
	snprintf(g->spec.name_zh, sizeof g->spec.name_zh, "%s", db_col_text(s, 4));
	snprintf(g->spec.name_en, sizeof g->spec.name_en, "%s", db_col_text(s, 5));
	g->spec.price = db_col_int(s, 6);
	g->spec.plays_per_day = db_col_int(s, 7);
	g->created_at = db_col_int(s, 8);
}

#define GAME_COLUMNS "SELECT id, code, version, kind, name_zh, name_en, price, plays_per_day, " \
		     "created_at FROM game "

enum jf_status
game_load(struct db *db, int64_t id, struct game_info *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, GAME_COLUMNS "WHERE id = :id");
	enum db_step_result rc;

	db_bind_int(s, ":id", id);
	rc = db_step(s, err);
	if (rc == DB_ROW)
		read_game(s, out);
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE)
		return jf_fail(err, JF_INTEGRITY, "game version %lld is missing", (long long)id);
	return load_prizes(db, out, err);
}

enum jf_status
game_find(struct ledger *lg, const char *code, struct game_info *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, GAME_COLUMNS "WHERE code = :c "
						       "ORDER BY version DESC LIMIT 1");
	enum db_step_result rc;

	memset(out, 0, sizeof *out);
	db_bind_text(s, ":c", code);
	rc = db_step(s, err);
	if (rc == DB_ROW)
		read_game(s, out);
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE)
		return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_GAME, (struct jf_why){ .text = code },
				 "no game %s", code);
	return load_prizes(lg->db, out, err);
}

enum jf_status
game_list(struct ledger *lg, int (*fn)(const struct game_info *g, void *ctx), void *ctx,
	  struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT code FROM game GROUP BY code ORDER BY code");
	enum db_step_result rc;
	char (*codes)[GAME_CODE_SIZE] = NULL;
	size_t n = 0;
	enum jf_status st = JF_OK;

	/* The codes first: game_find() runs statements of its own. */
	while ((rc = db_step(s, err)) == DB_ROW) {
		codes = xrealloc(codes, (n + 1) * sizeof *codes);
		snprintf(codes[n++], GAME_CODE_SIZE, "%s", db_col_text(s, 0));
	}
	if (rc == DB_ERROR)
		st = err ? err->status : JF_ERR;
	for (size_t i = 0; i < n && st == JF_OK; i++) {
		struct game_info *g = xmalloc(sizeof *g);

		st = game_find(lg, codes[i], g, err);
		if (st == JF_OK && fn(g, ctx))
			i = n;
		free(g);
	}
	free(codes);
	return st;
}

enum jf_status
game_budget_used(struct ledger *lg, const struct game_info *g, const char *period,
		 struct game_budget_use *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT paid, count(*), "
					    "sum(CASE WHEN period = :p THEN 1 ELSE 0 END) "
					    "FROM game_play WHERE game_id = :g GROUP BY paid");
	enum db_step_result rc;

	memset(out, 0, sizeof *out);
	db_bind_int(s, ":g", g->id);
	db_bind_text(s, ":p", period);
	while ((rc = db_step(s, err)) == DB_ROW) {
		int64_t i = db_col_int(s, 0);

		if (i >= 0 && i < GAME_PRIZES_MAX) {
			out->total[i] = db_col_int(s, 1);
			out->day[i] = db_col_int(s, 2);
		}
	}
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* ---- import ---- */

static enum jf_status
insert_game(struct ledger *lg, const struct game_spec *g, const char *canonical,
	    int64_t version, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;
	int64_t id;

	if ((st = ledger_actor_text(lg, "a game", actor, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO game(code, version, kind, name_zh, name_en, price, "
			    "plays_per_day, spec, created_at, created_by, created_terminal) VALUES "
			    "(:c, :v, :k, :zh, :en, :price, :ppd, :spec, :now, :by, :term) RETURNING id");
	db_bind_text(s, ":c", g->code);
	db_bind_int(s, ":v", version);
	db_bind_text(s, ":k", game_kind_name(g->kind));
	db_bind_text(s, ":zh", g->name_zh);
	db_bind_text(s, ":en", g->name_en);
	db_bind_int(s, ":price", g->price);
	db_bind_int(s, ":ppd", g->plays_per_day);
	db_bind_text(s, ":spec", canonical);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	if ((st = db_one_int(s, &id, err)) != JF_OK)
		return st;
	for (size_t i = 0; i < g->prize_count && st == JF_OK; i++) {
		const struct game_prize *z = &g->prizes[i];

		s = db_stmt(lg->db, "INSERT INTO game_prize(game_id, seq, code, kind, amount, sku, "
				    "label_zh, label_en, ppm, budget_day, budget_total, fallback, "
				    "worth_fen) VALUES (:g, :seq, :c, :k, :a, :sku, :zh, :en, :ppm, "
				    ":bd, :bt, :fb, :w)");
		db_bind_int(s, ":g", id);
		db_bind_int(s, ":seq", (int64_t)i);
		db_bind_text(s, ":c", z->code);
		db_bind_text(s, ":k", prize_kind_name(z->kind));
		db_bind_int(s, ":a", z->amount);
		db_bind_text(s, ":sku", z->sku);
		db_bind_text(s, ":zh", z->label_zh);
		db_bind_text(s, ":en", z->label_en);
		db_bind_int(s, ":ppm", z->ppm);
		db_bind_int(s, ":bd", z->budget_day);
		db_bind_int(s, ":bt", z->budget_total);
		db_bind_int(s, ":fb", z->fallback);
		db_bind_int(s, ":w", z->worth_fen);
		st = db_run(s, err);
	}
	return st;
}

/* The current version's number and canonical text (version 0: none). */
static enum jf_status
current_spec(struct db *db, const char *code, int64_t *version, char **spec,
	     struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT version, spec FROM game WHERE code = :c "
					"ORDER BY version DESC LIMIT 1");
	enum db_step_result rc;

	*version = 0;
	*spec = NULL;
	db_bind_text(s, ":c", code);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		*version = db_col_int(s, 0);
		*spec = xstrdup(db_col_text(s, 1));
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

struct import_ctx {
	struct game_spec *g;
	struct game_problems *p;
	struct game_problems before; /* p as the parse left it */
	int64_t *version;
	int *changed;
};

static enum jf_status
import_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct import_ctx *ic = ctx;
	char *canonical, *old = NULL;
	enum jf_status st;

	*ic->p = ic->before;
	*ic->version = 0;
	*ic->changed = 0;
	st = check_prizes(lg, ic->g, ic->p, err);
	if (st == JF_OK && ic->p->count)
		st = jf_fail(err, JF_USAGE, "the game has %zu problem%s", ic->p->count,
			     ic->p->count == 1 ? "" : "s");
	if (st == JF_OK)
		st = current_spec(lg->db, ic->g->code, ic->version, &old, err);
	canonical = game_spec_canonical(ic->g);
	if (st == JF_OK && !(old && strcmp(old, canonical) == 0)) {
		*ic->version += 1;
		*ic->changed = 1;
		st = insert_game(lg, ic->g, canonical, *ic->version, err);
	}
	free(canonical);
	free(old);
	return st;
}

enum jf_status
game_import_text(struct ledger *lg, const char *text, size_t len, int64_t *version,
		 int *changed, struct game_problems *p, struct jf_error *err)
{
	struct import_ctx *ic = xmalloc(sizeof *ic); /* a copy of the problems: not on the stack */
	struct game_spec *g = xmalloc(sizeof *g);
	enum jf_status st;

	*version = 0;
	*changed = 0;
	if ((st = game_spec_parse(text, len, g, p)) != JF_OK) {
		free(g);
		free(ic);
		return jf_fail(err, JF_USAGE, "the game has %zu problem%s", p->count,
			       p->count == 1 ? "" : "s");
	}
	*ic = (struct import_ctx){ g, p, *p, version, changed };
	st = ledger_write(lg, import_once, ic, err);
	if (st != JF_OK) {
		*version = 0;
		*changed = 0;
	}
	free(ic);
	free(g);
	return st;
}

enum jf_status
game_import_file(struct ledger *lg, const char *path, int64_t *version, int *changed,
		 struct game_problems *p, struct jf_error *err)
{
	return spec_import_file(lg, path, GAME_FILE_MAX, game_import_text, version, changed, p,
				err);
}

/* ---- the day's report ---- */

enum jf_status
game_report(struct ledger *lg, const char *date,
	    int (*fn)(const struct game_report_row *row, void *ctx), void *ctx,
	    struct jf_error *err)
{
	struct db_stmt *s;
	enum db_step_result rc;
	int64_t *ids = NULL;
	size_t n = 0;
	enum jf_status st;

	if ((st = db_begin_read(lg->db, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT DISTINCT game_id FROM game_play WHERE period = :d "
			    "ORDER BY game_id");
	db_bind_text(s, ":d", date);
	while ((rc = db_step(s, err)) == DB_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		ids[n++] = db_col_int(s, 0);
	}
	st = rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
	for (size_t i = 0; i < n && st == JF_OK; i++) {
		struct game_report_row *row = xcalloc(1, sizeof *row);
		struct game_info *g = xmalloc(sizeof *g);

		st = game_load(lg->db, ids[i], g, err);
		if (st == JF_OK) {
			row->spec = g->spec;
			snprintf(row->game, sizeof row->game, "%s", g->spec.code);
			row->version = g->version;
			s = db_stmt(lg->db, "SELECT paid, period, paid_with, price FROM game_play "
					    "WHERE game_id = :g AND period <= :d");
			db_bind_int(s, ":g", ids[i]);
			db_bind_text(s, ":d", date);
			while ((rc = db_step(s, err)) == DB_ROW) {
				int64_t paid = db_col_int(s, 0);
				int today = strcmp(db_col_text(s, 1), date) == 0;
				const struct game_prize *z;

				if (paid < 0 || paid >= (int64_t)g->spec.prize_count)
					continue;
				z = &g->spec.prizes[paid];
				row->paid_total[paid]++;
				if (!today)
					continue;
				row->paid_day[paid]++;
				row->plays++;
				if (strcmp(db_col_text(s, 2), "ticket") == 0)
					row->with_tickets++;
				row->points_in += db_col_int(s, 3);
				if (z->kind == PRIZE_POINTS)
					row->points_out += z->amount;
				else if (z->kind == PRIZE_GREEN)
					row->green_out += z->amount;
			}
			if (rc == DB_ERROR)
				st = err ? err->status : JF_ERR;
		}
		if (st == JF_OK && fn(row, ctx))
			i = n;
		free(g);
		free(row);
	}
	free(ids);
	db_rollback(lg->db);
	return st;
}
