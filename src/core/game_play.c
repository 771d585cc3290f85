/*
 * game_play: commitments, reveals, plays and tickets (game.h). A play is
 * one keyed write: the period's commitment (stored first if it is not
 * yet), the limit, the price, the draw, the prize under its budgets, the
 * play's row with its hash. game_audit.c recomputes them.
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "entry.h"
#include "game.h"
#include "game_int.h"
#include "gate.h"
#include "ledger_int.h"
#include "lot.h"
#include "parse.h"
#include "voucher.h"
#include "xalloc.h"

#define GAME_KEY_CONTEXT "jifen game seeds v1"

enum jf_status
game_period_seed(struct ledger *lg, const char *game, const char *period,
		 unsigned char seed[GAME_SEED_LEN], struct jf_error *err)
{
	unsigned char key[GAME_SEED_LEN];
	enum jf_status st;

	if ((st = voucher_derive_key(lg, GAME_KEY_CONTEXT, key, err)) != JF_OK)
		return st;
	game_seed(key, game, period, seed);
	sodium_memzero(key, sizeof key);
	return JF_OK;
}

/* The period's row: stored now (its commitment) if it is not yet, inside
 * the caller's write transaction. *revealed: its seed is out. */
static enum jf_status
commit_period(struct ledger *lg, const char *game, const char *period, int *revealed,
	      struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT seed IS NOT NULL FROM game_period "
					    "WHERE game = :g AND period = :p");
	unsigned char seed[GAME_SEED_LEN], commitment[GAME_SEED_LEN];
	char actor[ACTOR_TEXT_SIZE];
	enum jf_status st;
	int64_t out;

	db_bind_text(s, ":g", game);
	db_bind_text(s, ":p", period);
	st = db_one_int(s, &out, err);
	if (st == JF_OK) {
		*revealed = out != 0;
		return JF_OK;
	}
	if (st != JF_NOTFOUND)
		return st;
	*revealed = 0;
	if ((st = ledger_actor_text(lg, "a commitment", actor, err)) != JF_OK ||
	    (st = game_period_seed(lg, game, period, seed, err)) != JF_OK)
		return st;
	game_commitment(seed, commitment);
	sodium_memzero(seed, sizeof seed);
	s = db_stmt(lg->db, "INSERT INTO game_period(game, period, commitment, committed_at, "
			    "committed_by, committed_terminal) VALUES (:g, :p, :c, :now, :by, :term)");
	db_bind_text(s, ":g", game);
	db_bind_text(s, ":p", period);
	db_bind_blob(s, ":c", commitment, sizeof commitment);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	return db_run(s, err);
}

struct commit_ctx {
	const char *today;
	int64_t *count;
};

static enum jf_status
commit_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct commit_ctx *cc = ctx;
	const char *today = cc->today;
	struct db_stmt *s;
	enum db_step_result rc;
	char (*codes)[GAME_CODE_SIZE] = NULL;
	enum jf_status st;
	size_t n = 0;
	int revealed;

	*cc->count = 0;
	s = db_stmt(lg->db, "SELECT DISTINCT code FROM game WHERE NOT EXISTS (SELECT 1 FROM "
			    "game_period p WHERE p.game = game.code AND p.period = :p) ORDER BY code");
	db_bind_text(s, ":p", today);
	while ((rc = db_step(s, err)) == DB_ROW) {
		codes = xrealloc(codes, (n + 1) * sizeof *codes);
		snprintf(codes[n++], GAME_CODE_SIZE, "%s", db_col_text(s, 0));
	}
	st = rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
	for (size_t i = 0; i < n && st == JF_OK; i++)
		st = commit_period(lg, codes[i], today, &revealed, err);
	free(codes);
	if (st == JF_OK)
		*cc->count = (int64_t)n;
	return st;
}

enum jf_status
game_commit_today(struct ledger *lg, int64_t *count, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN];
	struct commit_ctx cc = { today, count };
	enum jf_status st;

	*count = 0;
	ledger_today(today);
	if ((st = ledger_write(lg, commit_once, &cc, err)) != JF_OK)
		*count = 0;
	return st;
}

enum jf_status
game_periods(struct ledger *lg, const char *game,
	     int (*fn)(const struct game_period_info *p, void *ctx), void *ctx,
	     struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db,
		"SELECT p.game, p.period, p.commitment, p.seed, p.committed_at, p.revealed_at, "
		"(SELECT count(*) FROM game_play y WHERE y.game = p.game AND y.period = p.period) "
		"FROM game_period p WHERE CAST(:g AS TEXT) IS NULL OR p.game = :g "
		"ORDER BY p.period DESC, p.game");
	struct game_period_info info;
	enum db_step_result rc;
	const void *blob;
	size_t len;

	db_bind_text(s, ":g", game);
	while ((rc = db_step(s, err)) == DB_ROW) {
		memset(&info, 0, sizeof info);
		snprintf(info.game, sizeof info.game, "%s", db_col_text(s, 0));
		snprintf(info.period, sizeof info.period, "%s", db_col_text(s, 1));
		blob = db_col_blob(s, 2, &len);
		if (len == GAME_SEED_LEN)
			memcpy(info.commitment, blob, len);
		blob = db_col_blob(s, 3, &len);
		if (blob && len == GAME_SEED_LEN) {
			memcpy(info.seed, blob, len);
			info.revealed = 1;
		}
		info.committed_at = db_col_int(s, 4);
		info.revealed_at = db_col_int(s, 5);
		info.plays = db_col_int(s, 6);
		if (fn(&info, ctx)) {
			db_reset(s);
			return JF_OK;
		}
	}
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

struct reveal_ctx {
	const char *game, *period, *today, *actor;
	int64_t *count;
};

static enum jf_status
reveal_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct reveal_ctx *rv = ctx;
	const char *game = rv->game, *period = rv->period, *today = rv->today;
	const char *actor = rv->actor;
	struct db_stmt *s;
	enum db_step_result rc;
	struct pending {
		char game[GAME_CODE_SIZE], period[CLOCK_DATE_LEN];
		unsigned char commitment[GAME_SEED_LEN];
	} *todo = NULL;
	size_t n = 0;
	enum jf_status st;

	*rv->count = 0;
	s = db_stmt(lg->db, "SELECT game, period, commitment FROM game_period WHERE seed IS NULL "
			    "AND period < :today AND (CAST(:g AS TEXT) IS NULL OR game = :g) "
			    "AND (CAST(:p AS TEXT) IS NULL OR period = :p) ORDER BY period, game");
	db_bind_text(s, ":today", today);
	db_bind_text(s, ":g", game);
	db_bind_text(s, ":p", period);
	while ((rc = db_step(s, err)) == DB_ROW) {
		const void *blob;
		size_t len;

		todo = xrealloc(todo, (n + 1) * sizeof *todo);
		snprintf(todo[n].game, sizeof todo[n].game, "%s", db_col_text(s, 0));
		snprintf(todo[n].period, sizeof todo[n].period, "%s", db_col_text(s, 1));
		blob = db_col_blob(s, 2, &len);
		memset(todo[n].commitment, 0, GAME_SEED_LEN);
		if (len == GAME_SEED_LEN)
			memcpy(todo[n].commitment, blob, len);
		n++;
	}
	st = rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
	for (size_t i = 0; i < n && st == JF_OK; i++) {
		unsigned char seed[GAME_SEED_LEN], check[GAME_SEED_LEN];

		if ((st = game_period_seed(lg, todo[i].game, todo[i].period, seed, err)) != JF_OK)
			break;
		game_commitment(seed, check);
		if (memcmp(check, todo[i].commitment, GAME_SEED_LEN) != 0) {
			/* Another key than the one committed with: never reveal a
			 * seed that does not open its commitment. */
			st = jf_fail(err, JF_INTEGRITY, "the commitment of %s for %s does not match "
				     "this ledger's key", todo[i].game, todo[i].period);
			break;
		}
		s = db_stmt(lg->db, "UPDATE game_period SET seed = :s, revealed_at = :now, "
				    "revealed_by = :by, revealed_terminal = :term "
				    "WHERE game = :g AND period = :p AND seed IS NULL");
		db_bind_blob(s, ":s", seed, sizeof seed);
		db_bind_int(s, ":now", clock_now());
		db_bind_text(s, ":by", actor);
		db_bind_text(s, ":term", lg->cfg->terminal);
		db_bind_text(s, ":g", todo[i].game);
		db_bind_text(s, ":p", todo[i].period);
		st = db_run(s, err);
	}
	free(todo);
	if (st == JF_OK)
		*rv->count = (int64_t)n;
	return st;
}

enum jf_status
game_reveal(struct ledger *lg, const char *game, const char *period, int64_t *count,
	    struct jf_error *err)
{
	char today[CLOCK_DATE_LEN], actor[ACTOR_TEXT_SIZE];
	struct reveal_ctx rv = { game, period, today, actor, count };
	enum jf_status st;

	*count = 0;
	ledger_today(today);
	if (period && strcmp(period, today) >= 0)
		return jf_refuse(err, JF_CONFLICT, JF_R_GAME_NOT_ENDED,
				 (struct jf_why){ .text = game, .text2 = period },
				 "the day %s has not ended: its seed stays secret", period);
	if ((st = ledger_actor_text(lg, "a reveal", actor, err)) != JF_OK)
		return st;
	if ((st = ledger_write(lg, reveal_once, &rv, err)) != JF_OK)
		*count = 0;
	return st;
}

/* ---- a play's hash ---- */

void
game_play_hash(const struct game_play *p, const char *actor, const char *terminal,
	       unsigned char out[GAME_SEED_LEN])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, GAME_SEED_LEN);
	game_hash_text(&h, "jifen-play-v1");
	game_hash_text(&h, p->game);
	game_hash_int(&h, p->version);
	game_hash_text(&h, p->period);
	game_hash_text(&h, p->card);
	game_hash_int(&h, p->number);
	game_hash_text(&h, p->key);
	game_hash_text(&h, p->ticket ? "ticket" : "points");
	game_hash_int(&h, p->price);
	game_hash_int(&h, p->drawn);
	game_hash_int(&h, p->prize);
	game_hash_int(&h, p->paid);
	game_hash_int(&h, p->entry_id);
	game_hash_int(&h, p->prize_entry_id);
	game_hash_int(&h, p->voucher_id);
	game_hash_int(&h, p->ts);
	game_hash_text(&h, actor);
	game_hash_text(&h, terminal);
	crypto_generichash_final(&h, out, GAME_SEED_LEN);
}

/* ---- reading plays ---- */

#define PLAY_COLUMNS "SELECT y.id, y.game, g.version, y.period, y.card, y.number, y.key, " \
		     "y.paid_with, y.price, y.drawn, y.prize, y.paid, coalesce(y.entry_id, 0), " \
		     "coalesce(y.prize_entry_id, 0), coalesce(y.voucher_id, 0), y.scratched, y.ts, " \
		     "y.game_id FROM game_play y JOIN game g ON g.id = y.game_id "

static int64_t
read_play(struct db_stmt *s, struct game_play *p)
{
	memset(p, 0, sizeof *p);
	p->id = db_col_int(s, 0);
	snprintf(p->game, sizeof p->game, "%s", db_col_text(s, 1));
	p->version = db_col_int(s, 2);
	snprintf(p->period, sizeof p->period, "%s", db_col_text(s, 3));
	snprintf(p->card, sizeof p->card, "%s", db_col_text(s, 4));
	p->number = db_col_int(s, 5);
	snprintf(p->key, sizeof p->key, "%s", db_col_text(s, 6));
	p->ticket = strcmp(db_col_text(s, 7), "ticket") == 0;
	p->price = db_col_int(s, 8);
	p->drawn = (uint32_t)db_col_int(s, 9);
	p->prize = (int)db_col_int(s, 10);
	p->paid = (int)db_col_int(s, 11);
	p->entry_id = db_col_int(s, 12);
	p->prize_entry_id = db_col_int(s, 13);
	p->voucher_id = db_col_int(s, 14);
	p->scratched = (int)db_col_int(s, 15);
	p->ts = db_col_int(s, 16);
	return db_col_int(s, 17);
}

enum jf_status
game_play_find(struct ledger *lg, const char *key, struct game_play *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, PLAY_COLUMNS "WHERE y.key = :k");
	struct game_info *g;
	enum db_step_result rc;
	enum jf_status st;
	int64_t game_id = 0;

	db_bind_text(s, ":k", key);
	rc = db_step(s, err);
	if (rc == DB_ROW)
		game_id = read_play(s, out);
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE)
		return jf_fail(err, JF_NOTFOUND, "no play with key %s", key);
	g = xmalloc(sizeof *g);
	st = game_load(lg->db, game_id, g, err);
	if (st == JF_OK && out->paid >= 0 && out->paid < (int)g->spec.prize_count)
		out->paid_prize = g->spec.prizes[out->paid];
	free(g);
	return st;
}

/* ---- playing ---- */

struct play_ctx {
	const struct game_play_request *req;
	const char *key;
	struct game_info *g;
	struct game_play *out;
};

static enum jf_status
count_int(struct db_stmt *s, int64_t *out, struct jf_error *err)
{
	enum jf_status st = db_one_int(s, out, err);

	if (st == JF_NOTFOUND) {
		*out = 0;
		return JF_OK;
	}
	return st;
}

/* Can prize z be paid now: budget left today and in all, and for an
 * item or coupon the catalog offering it in stock? */
static enum jf_status
prize_payable(struct ledger *lg, const struct game_info *g, int i, const char *period,
	      int *ok, struct jf_error *err)
{
	const struct game_prize *z = &g->spec.prizes[i];
	struct catalog_item item;
	struct jf_error ignored;
	int64_t day, total;
	enum jf_status st;
	struct db_stmt *s;

	*ok = 1;
	if (z->kind == PRIZE_THANKS)
		return JF_OK;
	/* A budget is the chain's: another store's play counts too. */
	if ((st = gate_pass(lg->db, GATE_GAMES, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT count(*) FROM game_play WHERE game_id = :g AND paid = :i");
	db_bind_int(s, ":g", g->id);
	db_bind_int(s, ":i", i);
	if ((st = count_int(s, &total, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT count(*) FROM game_play WHERE game_id = :g AND paid = :i "
			    "AND period = :p");
	db_bind_int(s, ":g", g->id);
	db_bind_int(s, ":i", i);
	db_bind_text(s, ":p", period);
	if ((st = count_int(s, &day, err)) != JF_OK)
		return st;
	*ok = day < z->budget_day && total < z->budget_total;
	if (*ok && (z->kind == PRIZE_ITEM || z->kind == PRIZE_COUPON)) {
		/* Delisted, out of its dates or out of stock: spent, like a budget. */
		st = catalog_find(lg, z->sku, &item, &ignored);
		*ok = st == JF_OK && catalog_check_offer(&item, period, &ignored) == JF_OK &&
		      catalog_check_stock(&item, z->amount, &ignored) == JF_OK;
		if (st != JF_OK && st != JF_NOTFOUND)
			return jf_fail(err, st, "%s", ignored.message);
	}
	return JF_OK;
}

/* The prize paid for drawn prize i: i, or its fallbacks in turn. */
static enum jf_status
prize_to_pay(struct ledger *lg, const struct game_info *g, int i, const char *period, int *paid,
	     struct jf_error *err)
{
	enum jf_status st;
	int ok = 0;

	for (size_t steps = 0; steps <= g->spec.prize_count && i >= 0; steps++) {
		if ((st = prize_payable(lg, g, i, period, &ok, err)) != JF_OK)
			return st;
		if (ok) {
			*paid = i;
			return JF_OK;
		}
		i = g->spec.prizes[i].fallback;
	}
	return jf_fail(err, JF_INTEGRITY, "game %s: no prize left to pay", g->spec.code);
}

/* The price: the member's points to the games account, soonest expiry first. */
static enum jf_status
take_price(struct ledger *lg, struct play_ctx *pc, const struct account *acct,
	   struct jf_error *err)
{
	struct entry_line lines[2];
	char *ref = xasprintf("game:%s", pc->key), memo[120], today[CLOCK_DATE_LEN];
	struct entry_new e = { "game", ref, memo, 0, lines, 2, NULL };
	enum jf_status st;

	snprintf(memo, sizeof memo, "play of %s", pc->g->spec.code);
	lines[0].account_id = acct->id;
	lines[0].amount = -pc->g->spec.price;
	st = account_system(lg, SYS_GAMES, KIND_POINTS, &lines[1].account_id, err);
	lines[1].amount = pc->g->spec.price;
	if (st == JF_OK)
		st = entry_append(lg, &e, &pc->out->entry_id, err);
	ledger_today(today);
	if (st == JF_OK)
		st = lot_consume(lg->db, acct->id, pc->out->entry_id, pc->g->spec.price,
				 LOTS_SPENDABLE, today, 0, NULL, err);
	free(ref);
	return st;
}

static enum jf_status
pay_prize(struct ledger *lg, struct play_ctx *pc, struct jf_error *err)
{
	const struct game_prize *z = &pc->g->spec.prizes[pc->out->paid];
	struct ledger_result res;
	struct catalog_item item;
	struct voucher v;
	struct credit c;
	char memo[120], *ref, *vkey;
	enum jf_status st;

	if (z->kind == PRIZE_THANKS || z->kind == PRIZE_FREE_PLAY)
		return JF_OK; /* tickets are written with the play */
	memset(&c, 0, sizeof c);
	c.card = pc->req->card;
	c.kind = z->kind == PRIZE_GREEN ? KIND_GREEN : KIND_POINTS;
	c.points = z->amount;
	if (z->kind == PRIZE_ITEM || z->kind == PRIZE_COUPON) {
		/* The voucher is backed by the item's points, paid from the
		 * games account and held by the voucher at once. */
		if ((st = catalog_find(lg, z->sku, &item, err)) != JF_OK)
			return st;
		c.kind = item.green ? KIND_GREEN : KIND_POINTS;
		c.points = item.points * z->amount;
	}
	ref = xasprintf("game_prize:%s", pc->key);
	snprintf(memo, sizeof memo, "prize %s of %s", z->code, pc->g->spec.code);
	c.type = "game_prize";
	c.ref = ref;
	c.memo = memo;
	c.source = SYS_GAMES;
	c.lock_days = 0;
	memset(&res, 0, sizeof res);
	st = ledger_credit(lg, &c, &res, err);
	free(ref);
	pc->out->prize_entry_id = res.entry_id;
	if (st != JF_OK || (z->kind != PRIZE_ITEM && z->kind != PRIZE_COUPON))
		return st;
	vkey = xasprintf("g-%s", pc->key);
	st = voucher_issue_prize(lg, pc->req->card, z->sku, z->amount, vkey, &v, err);
	free(vkey);
	pc->out->voucher_id = v.id;
	return st;
}

static enum jf_status
insert_play(struct ledger *lg, struct play_ctx *pc, int64_t member_id, struct jf_error *err)
{
	struct game_play *p = pc->out;
	unsigned char hash[GAME_SEED_LEN];
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a play", actor, err)) != JF_OK)
		return st;
	p->ts = clock_now();
	game_play_hash(p, actor, lg->cfg->terminal, hash);
	s = db_stmt(lg->db, "INSERT INTO game_play(game_id, game, period, member_id, card, number, "
			    "key, paid_with, price, drawn, prize, paid, entry_id, prize_entry_id, "
			    "voucher_id, ts, actor, terminal, hash) VALUES (:gid, :g, :p, :m, :card, "
			    ":n, :k, :with, :price, :drawn, :prize, :paid, :e, :pe, :v, :ts, :by, "
			    ":term, :hash) RETURNING id");
	db_bind_int(s, ":gid", pc->g->id);
	db_bind_text(s, ":g", p->game);
	db_bind_text(s, ":p", p->period);
	db_bind_int(s, ":m", member_id);
	db_bind_text(s, ":card", p->card);
	db_bind_int(s, ":n", p->number);
	db_bind_text(s, ":k", p->key);
	db_bind_text(s, ":with", p->ticket ? "ticket" : "points");
	db_bind_int(s, ":price", p->price);
	db_bind_int(s, ":drawn", p->drawn);
	db_bind_int(s, ":prize", p->prize);
	db_bind_int(s, ":paid", p->paid);
#define BIND_ID(name, v) do { if (v) db_bind_int(s, name, v); else db_bind_text(s, name, NULL); } while (0)
	BIND_ID(":e", p->entry_id);
	BIND_ID(":pe", p->prize_entry_id);
	BIND_ID(":v", p->voucher_id);
#undef BIND_ID
	db_bind_int(s, ":ts", p->ts);
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	db_bind_blob(s, ":hash", hash, sizeof hash);
	return db_one_int(s, &p->id, err);
}

/* A ticket used (ticket_id) and the tickets won, after the play's row. */
static enum jf_status
write_tickets(struct ledger *lg, struct play_ctx *pc, int64_t member_id, int64_t ticket_id,
	      struct jf_error *err)
{
	const struct game_prize *z = &pc->g->spec.prizes[pc->out->paid];
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st = JF_OK;

	if (ticket_id) {
		s = db_stmt(lg->db, "UPDATE game_ticket SET used_play_id = :p WHERE id = :t "
				    "AND used_play_id IS NULL");
		db_bind_int(s, ":p", pc->out->id);
		db_bind_int(s, ":t", ticket_id);
		if ((st = db_run(s, err)) != JF_OK)
			return st;
	}
	if (z->kind != PRIZE_FREE_PLAY)
		return JF_OK;
	if ((st = ledger_actor_text(lg, "a ticket", actor, err)) != JF_OK)
		return st;
	for (int64_t i = 0; i < z->amount && st == JF_OK; i++) {
		s = db_stmt(lg->db, "INSERT INTO game_ticket(member_id, game, play_id, created_at, "
				    "created_by, created_terminal) VALUES (:m, :g, :p, :now, :by, :term)");
		db_bind_int(s, ":m", member_id);
		db_bind_text(s, ":g", pc->g->spec.code);
		db_bind_int(s, ":p", pc->out->id);
		db_bind_int(s, ":now", clock_now());
		db_bind_text(s, ":by", actor);
		db_bind_text(s, ":term", lg->cfg->terminal);
		st = db_run(s, err);
	}
	return st;
}

/* The member's unused ticket for the game, oldest first; 0 if none. */
static enum jf_status
find_ticket(struct db *db, int64_t member_id, const char *game, int64_t *id,
	    struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT min(id) FROM game_ticket WHERE member_id = :m "
					"AND game = :g AND used_play_id IS NULL");
	enum jf_status st;

	db_bind_int(s, ":m", member_id);
	db_bind_text(s, ":g", game);
	st = db_one_int(s, id, err); /* min() of nothing is NULL: read as 0 */
	return st == JF_NOTFOUND ? (*id = 0, JF_OK) : st;
}

/* The member's plays of game (over its versions) in period. */
static enum jf_status
plays_on(struct db *db, const char *game, const char *period, int64_t member_id, int64_t *n,
	 struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT count(*) FROM game_play WHERE game = :g "
					"AND period = :p AND member_id = :m");

	db_bind_text(s, ":g", game);
	db_bind_text(s, ":p", period);
	db_bind_int(s, ":m", member_id);
	return count_int(s, n, err);
}

/* Limit, payment, draw: what a play checks before it writes. */
static enum jf_status
plan_play(struct ledger *lg, struct play_ctx *pc, struct account *acct, int64_t *ticket_id,
	  struct jf_error *err)
{
	struct game_play *p = pc->out;
	unsigned char seed[GAME_SEED_LEN];
	struct game_play_id id;
	enum jf_status st;
	int revealed;

	if ((st = game_find(lg, pc->req->game, pc->g, err)) != JF_OK ||
	    (st = account_of_card(lg->db, pc->req->card, KIND_POINTS, acct, err)) != JF_OK)
		return st;
	ledger_today(p->period);
	if ((st = commit_period(lg, pc->g->spec.code, p->period, &revealed, err)) != JF_OK)
		return st;
	if (revealed)
		return jf_refuse(err, JF_CONFLICT, JF_R_GAME_REVEALED,
				 (struct jf_why){ .text = pc->g->spec.code, .text2 = p->period },
				 "the seed of %s for %s is revealed already", pc->g->spec.code,
				 p->period);
	if ((st = plays_on(lg->db, pc->g->spec.code, p->period, acct->member_id, &p->number,
			   err)) != JF_OK)
		return st;
	if (p->number >= pc->g->spec.plays_per_day)
		return jf_refuse(err, JF_CONFLICT, JF_R_GAME_LIMIT,
				 (struct jf_why){ .num = { pc->g->spec.plays_per_day, p->number },
						  .text = pc->g->spec.code },
				 "%s may be played %lld times a day", pc->g->spec.code,
				 (long long)pc->g->spec.plays_per_day);
	p->number++;
	if ((st = find_ticket(lg->db, acct->member_id, pc->g->spec.code, ticket_id, err)) != JF_OK)
		return st;
	p->ticket = *ticket_id != 0;
	p->price = p->ticket ? 0 : pc->g->spec.price;
	if (!p->ticket && pc->g->spec.price == 0)
		return jf_refuse(err, JF_INSUFFICIENT, JF_R_GAME_NO_TICKET,
				 (struct jf_why){ .text = pc->g->spec.code },
				 "%s is played with free-play tickets only", pc->g->spec.code);
	if (p->price && (st = ledger_need_available(lg, acct, pc->req->card, p->price, err)))
		return st;
	snprintf(p->game, sizeof p->game, "%s", pc->g->spec.code);
	p->version = pc->g->version;
	snprintf(p->card, sizeof p->card, "%s", pc->req->card);
	snprintf(p->key, sizeof p->key, "%s", pc->key);
	if ((st = game_period_seed(lg, p->game, p->period, seed, err)) != JF_OK)
		return st;
	id = (struct game_play_id){ p->game, p->version, p->period, p->card, p->number, p->key };
	p->drawn = game_draw(seed, &id);
	sodium_memzero(seed, sizeof seed);
	p->prize = game_prize_of(&pc->g->spec, p->drawn);
	return prize_to_pay(lg, pc->g, p->prize, p->period, &p->paid, err);
}

static enum jf_status
do_play(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct play_ctx *pc = ctx;
	struct account acct;
	int64_t ticket_id = 0;
	enum jf_status st;

	memset(pc->out, 0, sizeof *pc->out); /* nothing of an attempt the database undid */
	if ((st = plan_play(lg, pc, &acct, &ticket_id, err)) != JF_OK)
		return st;
	if (pc->out->price && (st = take_price(lg, pc, &acct, err)) != JF_OK)
		return st;
	if ((st = pay_prize(lg, pc, err)) != JF_OK ||
	    (st = insert_play(lg, pc, acct.member_id, err)) != JF_OK ||
	    (st = write_tickets(lg, pc, acct.member_id, ticket_id, err)) != JF_OK)
		return st;
	pc->out->paid_prize = pc->g->spec.prizes[pc->out->paid];
	res->entry_id = pc->out->entry_id;
	res->points = pc->out->price;
	return JF_OK;
}

enum jf_status
game_play(struct ledger *lg, const struct game_play_request *req, struct game_play *out,
	  struct jf_error *err)
{
	struct play_ctx pc = { req, NULL, NULL, out };
	char fresh[LEDGER_NEW_KEY_SIZE], *ref, *canonical;
	struct ledger_result res;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = ledger_check_card(lg, req->card, err)) != JF_OK)
		return st;
	if (req->key && ((st = parse_key("key", req->key, err)) != JF_OK))
		return st;
	if (req->key && strlen(req->key) > GAME_KEY_MAX)
		return jf_fail(err, JF_USAGE, "a play's key is at most %d characters", GAME_KEY_MAX);
	if (!req->key)
		ledger_new_key("play-", fresh);
	pc.key = req->key ? req->key : fresh;
	pc.g = xmalloc(sizeof *pc.g);
	ref = xasprintf("game:%s", pc.key);
	canonical = xasprintf("game\n%s\n%s", req->card, req->game);
	st = keyed_write(lg, ref, canonical, do_play, &pc, &res, err);
	free(ref);
	free(canonical);
	free(pc.g);
	if (st == JF_OK && res.replay) {
		st = game_play_find(lg, pc.key, out, err);
		out->replay = 1;
	}
	if (st != JF_OK)
		memset(out, 0, sizeof *out);
	return st;
}

enum jf_status
game_can_play(struct ledger *lg, const char *card, const char *game, struct jf_error *err)
{
	struct game_play_request req = { card, game, "can-play" };
	struct game_play out;
	struct play_ctx pc = { &req, req.key, NULL, &out };
	struct account acct;
	int64_t ticket_id = 0;
	enum jf_status st;

	memset(&out, 0, sizeof out);
	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	/* The play's own checks, in a transaction that is never kept: the
	 * answer cannot differ from the play's, and nothing is written. */
	if ((st = ledger_begin_write(lg, err)) != JF_OK)
		return st;
	pc.g = xmalloc(sizeof *pc.g);
	st = plan_play(lg, &pc, &acct, &ticket_id, err);
	free(pc.g);
	db_rollback(lg->db);
	return st;
}

enum jf_status
game_plays_today(struct ledger *lg, const char *card, const char *game, int64_t *plays,
		 struct jf_error *err)
{
	char today[CLOCK_DATE_LEN];
	struct account acct;
	enum jf_status st;

	if ((st = account_of_card(lg->db, card, KIND_POINTS, &acct, err)) != JF_OK)
		return st;
	ledger_today(today);
	return plays_on(lg->db, game, today, acct.member_id, plays, err);
}

struct scratch_ctx {
	int64_t play_id;
	int cells;
	int64_t now; /* the cells scratched now */
};

static enum jf_status
scratch_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct scratch_ctx *sc = ctx;
	struct db_stmt *s;
	enum jf_status st;

	s = db_stmt(lg->db, "UPDATE game_play SET scratched = scratched | :c WHERE id = :id "
			    "RETURNING scratched");
	db_bind_int(s, ":c", sc->cells);
	db_bind_int(s, ":id", sc->play_id);
	st = db_one_int(s, &sc->now, err);
	if (st == JF_NOTFOUND)
		st = jf_fail(err, JF_NOTFOUND, "no play %lld", (long long)sc->play_id);
	return st;
}

enum jf_status
game_scratch(struct ledger *lg, int64_t play_id, int cells, int *scratched,
	     struct jf_error *err)
{
	struct scratch_ctx sc = { play_id, cells, 0 };
	enum jf_status st;

	if (cells < 0 || cells >= (1 << GAME_CELLS))
		return jf_fail(err, JF_USAGE, "cells must be bits 0 to 8");
	if ((st = ledger_write(lg, scratch_once, &sc, err)) != JF_OK)
		return st;
	*scratched = (int)sc.now;
	return JF_OK;
}

enum jf_status
game_unfinished(struct ledger *lg, const char *card, const char *game, struct game_play *out,
		struct jf_error *err)
{
	struct db_stmt *s;
	struct account acct;
	enum db_step_result rc;
	char key[GAME_KEY_MAX + 1] = "";
	enum jf_status st;

	if ((st = account_of_card(lg->db, card, KIND_POINTS, &acct, err)) != JF_OK)
		return st;
	/* By member, not card: a card replaced since keeps its cards. */
	s = db_stmt(lg->db, "SELECT y.key FROM game_play y JOIN game g ON g.id = y.game_id "
			    "WHERE y.member_id = :m AND g.kind = 'scratch' AND y.scratched <> :all "
			    "AND (CAST(:g AS TEXT) IS NULL OR y.game = :g) ORDER BY y.id DESC LIMIT 1");
	db_bind_int(s, ":m", acct.member_id);
	db_bind_int(s, ":all", (1 << GAME_CELLS) - 1);
	db_bind_text(s, ":g", game);
	rc = db_step(s, err);
	if (rc == DB_ROW)
		snprintf(key, sizeof key, "%s", db_col_text(s, 0));
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE)
		return jf_fail(err, JF_NOTFOUND, "no unfinished scratch card");
	return game_play_find(lg, key, out, err);
}

enum jf_status
game_tickets(struct ledger *lg, const char *card, const char *game, int64_t *count,
	     struct jf_error *err)
{
	struct account acct;
	struct db_stmt *s;
	enum jf_status st;

	if ((st = account_of_card(lg->db, card, KIND_POINTS, &acct, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT count(*) FROM game_ticket WHERE member_id = :m AND game = :g "
			    "AND used_play_id IS NULL");
	db_bind_int(s, ":m", acct.member_id);
	db_bind_text(s, ":g", game);
	return db_one_int(s, count, err);
}
