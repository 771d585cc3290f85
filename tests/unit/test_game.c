/*
 * test_game: the games (game.h). The draw is uniform (chi-square over 10^6
 * draws), a table is refused for each problem with nothing written, a play
 * keeps to the daily limit and the budgets (a spent prize pays its
 * fallback), free plays come from tickets, a key replays, the audit
 * recomputes every play and a changed play is found by the audit and by
 * verify; a scratch card shows three alike exactly when it wins.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "fixture.h"
#include "game.h"
#include "ledger.h"
#include "random.h"
#include "task.h"
#include "verify.h"

#define ANN "10000001"
#define BOB "10000002"

static const char CATALOG[] =
	"sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,"
	"active_from,active_until,new_until\n"
	"RICE,大米,Rice,grocery,goods,2800,,,,2,0,,,\n"
	"CP10,满50减10券,10 off,coupons,coupon,450,,10.00,50.00,100,0,,,\n"
	"CAR,汽车,Car,big,goods,6000000,,,,1,0,,,\n";

/* A game whose every play wins 10 points until 3 a day are paid, then
 * thanks; price 5. */
static const char ALWAYS[] =
	"{\"id\": \"always\", \"kind\": \"wheel\", \"name\": {\"zh\": \"总中\", \"en\": \"Always\"},"
	" \"price\": 5, \"plays_per_day\": 4, \"prizes\": ["
	" {\"id\": \"p10\", \"kind\": \"points\", \"amount\": 10, \"label\": {\"zh\": \"10积分\","
	"  \"en\": \"10 points\"}, \"ppm\": 1000000, \"budget\": {\"day\": 3, \"total\": 5}},"
	" {\"id\": \"thanks\", \"kind\": \"thanks\", \"label\": {\"zh\": \"谢谢\", \"en\": \"Thanks\"},"
	"  \"ppm\": 0}]}";

static int
setup(void **state)
{
	struct import_report r;
	struct jf_error err;
	struct fixture *f;

	if (fixture_setup_with(state, ANN, "Ann", BOB, "Bob", NULL) != 0)
		return -1;
	f = *state;
	if (catalog_import_text(&f->lg, CATALOG, strlen(CATALOG), &r, &err) != JF_OK) {
		import_report_done(&r);
		return -1;
	}
	import_report_done(&r);
	return 0;
}

static enum jf_status
import(struct fixture *f, const char *json, int64_t *version, struct game_problems *p)
{
	struct jf_error err;
	int changed;

	return game_import_text(&f->lg, json, strlen(json), version, &changed, p, &err);
}

static enum jf_status
play(struct fixture *f, const char *card, const char *game, const char *key,
     struct game_play *out, struct jf_error *err)
{
	struct game_play_request req = { card, game, key };

	return game_play(&f->lg, &req, out, err);
}

/* ---- the draw ---- */

static void
test_draw_uniform(void **state)
{
	/* 10^6 draws of identities 1..10^6 under a seed from JIFEN_SEED's
	 * sequence, in 100 buckets of 10^4 numbers, and in the demo scratch
	 * card's prizes. The tolerance: chi-square below its 0.999 quantile
	 * (148.2 for 99 degrees of freedom, 22.46 for 6), which a fair draw
	 * passes 999 times in 1000; the seed is fixed, so the test is
	 * deterministic. */
	static int64_t buckets[100];
	int64_t prizes[GAME_PRIZES_MAX] = { 0 };
	unsigned char seed[GAME_SEED_LEN];
	struct game_spec g;
	struct game_problems p;
	struct jf_error err;
	double chi = 0, chi_prizes = 0;
	const int64_t n = 1000000;

	(void)state;
	assert_int_equal(random_seed("test-game-draw", &err), JF_OK);
	random_bytes(seed, sizeof seed);
	assert_int_equal(game_spec_parse(game_demo_scratch, strlen(game_demo_scratch), &g, &p),
			 JF_OK);
	for (int64_t i = 1; i <= n; i++) {
		struct game_play_id id = { "scratch", 1, "2026-03-01", ANN, i, "k" };
		uint32_t d = game_draw(seed, &id);

		assert_true(d < GAME_PPM);
		buckets[d / 10000]++;
		prizes[game_prize_of(&g, d)]++;
	}
	for (int b = 0; b < 100; b++)
		chi += (buckets[b] - 10000.0) * (buckets[b] - 10000.0) / 10000.0;
	for (size_t i = 0; i < g.prize_count; i++) {
		double want = (double)g.prizes[i].ppm * n / GAME_PPM;

		chi_prizes += (prizes[i] - want) * (prizes[i] - want) / want;
	}
	if (chi >= 148.2 || chi_prizes >= 22.46)
		fail_msg("chi-square %.1f (buckets), %.1f (prizes)", chi, chi_prizes);
	random_seed(NULL, &err);
}

static void
test_draw_depends_on_identity(void **state)
{
	unsigned char seed[GAME_SEED_LEN] = { 1 }, seed2[GAME_SEED_LEN] = { 2 };
	unsigned char c1[GAME_SEED_LEN], c2[GAME_SEED_LEN], key[GAME_SEED_LEN] = { 7 };
	struct game_play_id a = { "g", 1, "2026-03-01", ANN, 1, "k" }, b = a;

	(void)state;
	assert_int_equal(game_draw(seed, &a), game_draw(seed, &b));
	b.number = 2;
	assert_int_not_equal(game_draw(seed, &a), game_draw(seed, &b));
	assert_int_not_equal(game_draw(seed, &a), game_draw(seed2, &a));
	/* Seeds of two days differ; a commitment is the seed's hash. */
	game_seed(key, "g", "2026-03-01", seed);
	game_seed(key, "g", "2026-03-02", seed2);
	assert_memory_not_equal(seed, seed2, GAME_SEED_LEN);
	game_commitment(seed, c1);
	game_commitment(seed, c2);
	assert_memory_equal(c1, c2, GAME_SEED_LEN);
	assert_memory_not_equal(c1, seed, GAME_SEED_LEN);
}

static void
test_grid(void **state)
{
	(void)state;
	for (int i = 0; i < 2000; i++) {
		int cells[GAME_CELLS], count[GAME_SYMBOLS] = { 0 }, again[GAME_CELLS];
		int win = i % 2, prize = i % 5, three = 0;
		char key[32];

		snprintf(key, sizeof key, "key-%d", i);
		game_grid(key, win, prize, cells);
		game_grid(key, win, prize, again);
		assert_memory_equal(cells, again, sizeof cells);
		for (int c = 0; c < GAME_CELLS; c++) {
			assert_in_range(cells[c], 0, GAME_SYMBOLS - 1);
			count[cells[c]]++;
		}
		for (int s = 0; s < GAME_SYMBOLS; s++) {
			assert_true(count[s] <= 3);
			three += count[s] == 3;
		}
		assert_int_equal(three, win);
		if (win)
			assert_int_equal(count[game_prize_symbol(prize)], 3);
	}
}

/* ---- import ---- */

/* ALWAYS with one substring replaced. */
static char *
variant(const char *from, const char *to)
{
	const char *at = strstr(ALWAYS, from);
	size_t n = strlen(ALWAYS) - strlen(from) + strlen(to) + 1;
	char *s = malloc(n);

	assert_non_null(at);
	snprintf(s, n, "%.*s%s%s", (int)(at - ALWAYS), ALWAYS, to, at + strlen(from));
	return s;
}

static void
refused(struct fixture *f, const char *json, const char *problem)
{
	struct game_problems p;
	int64_t version;
	int found = 0;

	assert_int_equal(import(f, json, &version, &p), JF_USAGE);
	for (size_t i = 0; i < p.count; i++)
		found |= strstr(p.lines[i], problem) != NULL;
	if (!found)
		fail_msg("no problem \"%s\" (%zu problems, first: %s)", problem, p.count,
			 p.count ? p.lines[0] : "-");
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM game"), 0);
}

static void
test_import_refusals(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *from, *to, *problem;
	} cases[] = {
		{ "\"ppm\": 1000000", "\"ppm\": 999999", "add up to 999999" },
		{ "\"price\": 5", "\"price\": 5, \"colour\": 1", "colour: unknown key" },
		{ "\"price\": 5", "\"price\": \"5\"", "price: must be a whole number" },
		{ "\"price\": 5", "\"price\": -1", "price: must be a whole number" },
		{ "\"kind\": \"wheel\"", "\"kind\": \"dice\"", "kind: must be scratch or wheel" },
		{ "\"kind\": \"points\"", "\"kind\": \"cash\"", "prizes[0].kind" },
		{ "\"day\": 3", "\"day\": 0", "a budget of 0 cannot pay" },
		{ "\"total\": 5}", "\"total\": 5, \"week\": 1}", "budget.week: unknown key" },
		{ "\"plays_per_day\": 4", "\"plays_per_day\": 0", "plays_per_day" },
		{ "\"id\": \"p10\"", "\"id\": \"thanks\"", "is used by prizes" },
		{ "\"total\": 5}", "\"total\": 5}, \"fallback\": \"nope\"", "no other prize has the id" },
		{ "\"ppm\": 0}", "\"ppm\": 0, \"budget\": {\"day\": 1, \"total\": 1}}",
		  "thanks has no budget" },
		{ "\"amount\": 10", "\"amount\": 10, \"sku\": \"RICE\"", "only an item or a coupon" },
		{ "\"kind\": \"points\", \"amount\": 10", "\"kind\": \"item\", \"sku\": \"NOPE\"",
		  "the catalog has no item NOPE" },
		{ "\"kind\": \"points\", \"amount\": 10", "\"kind\": \"coupon\", \"sku\": \"RICE\"",
		  "is goods, not a coupon" },
		{ "\"kind\": \"points\", \"amount\": 10", "\"kind\": \"item\", \"sku\": \"CAR\"",
		  "more than the 50000.00 yuan" },
		{ "\"kind\": \"points\", \"amount\": 10", "\"kind\": \"points\", \"amount\": 5000100",
		  "more than the 50000.00 yuan" },
		{ "{\"id\"", "[{\"id\"", "not JSON" },
		{ "\"en\": \"Always\"", "\"en\": 7", "name.en: must be 1 to 64 characters" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *json = variant(cases[i].from, cases[i].to);

		refused(f, json, cases[i].problem);
		free(json);
	}
	/* Circular fallbacks, and a budgeted prize without a thanks to fall to. */
	{
		static const char circle[] =
			"{\"id\": \"c\", \"kind\": \"wheel\", \"name\": {\"zh\": \"c\", \"en\": \"c\"},"
			" \"price\": 1, \"plays_per_day\": 1, \"prizes\": ["
			" {\"id\": \"a\", \"kind\": \"points\", \"amount\": 1, \"label\": {\"zh\": \"a\","
			"  \"en\": \"a\"}, \"ppm\": 500000, \"budget\": {\"day\": 1, \"total\": 1},"
			"  \"fallback\": \"b\"},"
			" {\"id\": \"b\", \"kind\": \"points\", \"amount\": 1, \"label\": {\"zh\": \"b\","
			"  \"en\": \"b\"}, \"ppm\": 500000, \"budget\": {\"day\": 1, \"total\": 1},"
			"  \"fallback\": \"a\"}]}";

		refused(f, circle, "go round in a circle");
	}
	fixture_verify_ok(f);
}

static void
test_import_versions(void **state)
{
	struct fixture *f = *state;
	struct game_problems p;
	struct game_info g;
	struct jf_error err;
	int64_t version;
	char *v2 = variant("\"price\": 5", "\"price\": 6");

	assert_int_equal(import(f, ALWAYS, &version, &p), JF_OK);
	assert_int_equal(version, 1);
	assert_int_equal(import(f, ALWAYS, &version, &p), JF_OK); /* the same: unchanged */
	assert_int_equal(version, 1);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM game"), 1);
	assert_int_equal(import(f, v2, &version, &p), JF_OK);
	assert_int_equal(version, 2);
	assert_int_equal(game_find(&f->lg, "always", &g, &err), JF_OK);
	assert_int_equal(g.version, 2);
	assert_int_equal(g.spec.price, 6);
	assert_int_equal(g.spec.prizes[0].worth_fen, 10); /* 10 points at 100 a yuan */
	assert_int_equal(game_find(&f->lg, "nope", &g, &err), JF_NOTFOUND);
	assert_int_equal(err.reason, JF_R_UNKNOWN_GAME);
	free(v2);
	/* The demo's tables import against a catalog that has their SKUs. */
	assert_int_equal(import(f, game_demo_scratch, &version, &p), JF_USAGE);
	assert_non_null(strstr(p.lines[0], "GR-RICE-5KG"));
}

/* ---- playing ---- */

static void
test_play_limits_budgets_fallback(void **state)
{
	struct fixture *f = *state;
	struct game_problems p;
	struct game_play out;
	struct jf_error err;
	int64_t version;

	assert_int_equal(import(f, ALWAYS, &version, &p), JF_OK);
	assert_int_equal(play(f, ANN, "always", "a1", &out, &err), JF_INSUFFICIENT);
	assert_int_equal(err.reason, JF_R_INSUFFICIENT);
	fixture_grant(f, ANN, 100, KIND_POINTS);
	fixture_grant(f, BOB, 100, KIND_POINTS);
	for (int i = 0; i < 3; i++) {
		char key[16];

		snprintf(key, sizeof key, "a%d", i);
		assert_int_equal(play(f, ANN, "always", key, &out, &err), JF_OK);
		assert_string_equal(out.paid_prize.code, "p10");
		assert_int_equal(out.number, i + 1);
	}
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 100 - 15 + 30);
	/* The day's budget of 3 is spent: Bob's play pays the fallback. */
	assert_int_equal(play(f, BOB, "always", "b0", &out, &err), JF_OK);
	assert_string_equal(out.paid_prize.code, "thanks");
	assert_int_equal(out.prize, 0);
	assert_int_equal(out.paid, 1);
	assert_int_equal(play(f, ANN, "always", "a3", &out, &err), JF_OK);
	/* The daily limit: 4 plays. */
	assert_int_equal(play(f, ANN, "always", "a4", &out, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_GAME_LIMIT);
	assert_int_equal(err.num[0], 4);
	/* A replay of a key shows the same play and writes nothing. */
	assert_int_equal(play(f, ANN, "always", "a0", &out, &err), JF_OK);
	assert_int_equal(out.replay, 1);
	assert_int_equal(out.number, 1);
	assert_int_equal(play(f, BOB, "always", "a0", &out, &err), JF_CONFLICT);
	/* Next day: 2 more of the total of 5, then none. */
	fixture_advance(86400);
	for (int i = 0; i < 4; i++) {
		char key[16];

		snprintf(key, sizeof key, "d%d", i);
		assert_int_equal(play(f, BOB, "always", key, &out, &err), JF_OK);
		assert_string_equal(out.paid_prize.code, i < 2 ? "p10" : "thanks");
	}
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM game_play WHERE paid = 0"),
			 5);
	assert_int_equal(play(f, ANN, "never", "x", &out, &err), JF_NOTFOUND);
	assert_int_equal(err.reason, JF_R_UNKNOWN_GAME);
	fixture_verify_ok(f);
}

static void
test_free_play_and_voucher(void **state)
{
	static const char json[] =
		"{\"id\": \"tix\", \"kind\": \"scratch\", \"name\": {\"zh\": \"t\", \"en\": \"t\"},"
		" \"price\": 0, \"plays_per_day\": 5, \"prizes\": ["
		" {\"id\": \"rice\", \"kind\": \"item\", \"sku\": \"RICE\", \"label\": {\"zh\": \"米\","
		"  \"en\": \"rice\"}, \"ppm\": 1000000, \"budget\": {\"day\": 5, \"total\": 5},"
		"  \"fallback\": \"again\"},"
		" {\"id\": \"again\", \"kind\": \"free_play\", \"amount\": 2, \"label\": {\"zh\": \"再\","
		"  \"en\": \"again\"}, \"ppm\": 0, \"budget\": {\"day\": 1, \"total\": 1}},"
		" {\"id\": \"thanks\", \"kind\": \"thanks\", \"label\": {\"zh\": \"谢\", \"en\": \"t\"},"
		"  \"ppm\": 0}]}";
	static const char book[] =
		"{\"tasks\": ["
		" {\"id\": \"one\", \"names\": {\"zh\": \"一\", \"en\": \"one\"},"
		"  \"kind\": \"counter_confirmed\", \"period\": \"once\","
		"  \"reward\": {\"kind\": \"free_play\", \"game\": \"tix\", \"amount\": 1}},"
		" {\"id\": \"two\", \"names\": {\"zh\": \"二\", \"en\": \"two\"},"
		"  \"kind\": \"counter_confirmed\", \"period\": \"once\","
		"  \"reward\": {\"kind\": \"free_play\", \"game\": \"tix\", \"amount\": 2}}]}";
	struct fixture *f = *state;
	struct game_problems p;
	struct game_play out;
	struct task_done done;
	struct jf_error err;
	int64_t version, tickets;
	int changed;

	assert_int_equal(import(f, json, &version, &p), JF_OK);
	/* Free plays only, and Ann has no ticket. */
	assert_int_equal(play(f, ANN, "tix", "t0", &out, &err), JF_INSUFFICIENT);
	assert_int_equal(err.reason, JF_R_GAME_NO_TICKET);
	/* Tickets come from tasks (a row added by hand would fail verify). */
	assert_int_equal(task_import_text(&f->lg, book, strlen(book), &version, &changed, &p, &err),
			 JF_OK);
	assert_int_equal(task_complete(&f->lg, ANN, "one", &done, &err), JF_OK);
	/* The ticket plays; rice comes as a voucher backed by its points. */
	assert_int_equal(play(f, ANN, "tix", "t1", &out, &err), JF_OK);
	assert_int_equal(out.ticket, 1);
	assert_string_equal(out.paid_prize.code, "rice");
	assert_true(out.voucher_id > 0);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 2800);
	assert_int_equal(game_tickets(&f->lg, ANN, "tix", &tickets, &err), JF_OK);
	assert_int_equal(tickets, 0);
	fixture_verify_ok(f);
	/* Stock of 2: one more rice, then the fallback: two tickets. */
	assert_int_equal(task_complete(&f->lg, ANN, "two", &done, &err), JF_OK);
	assert_int_equal(play(f, ANN, "tix", "t2", &out, &err), JF_OK);
	assert_string_equal(out.paid_prize.code, "rice");
	assert_int_equal(play(f, ANN, "tix", "t3", &out, &err), JF_OK);
	assert_string_equal(out.paid_prize.code, "again");
	assert_int_equal(game_tickets(&f->lg, ANN, "tix", &tickets, &err), JF_OK);
	assert_int_equal(tickets, 2);
	/* The budget of free plays (1) is spent too: thanks. */
	assert_int_equal(play(f, ANN, "tix", "t4", &out, &err), JF_OK);
	assert_string_equal(out.paid_prize.code, "thanks");
	fixture_verify_ok(f);
	/* A ticket won taken away by hand: verify finds the play short of it. */
	{
		struct verify_report vr;

		ledger_close(&f->lg);
		fixture_drop_guard(f->path, "game_ticket_no_delete", "game_ticket");
		fixture_sql_exec(f->path, "DELETE FROM game_ticket "
					  "WHERE id = (SELECT max(id) FROM game_ticket)");
		fixture_reopen(f);
		assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
		assert_non_null(strstr(vr.problem, "tickets"));
	}
}

/* ---- commitments, reveal, audit ---- */

static void
test_reveal_and_audit(void **state)
{
	struct fixture *f = *state;
	struct game_problems p;
	struct game_audit_result r;
	struct verify_report vr;
	struct game_play out;
	struct jf_error err;
	int64_t version, n;
	char key[16];

	assert_int_equal(import(f, ALWAYS, &version, &p), JF_OK);
	fixture_grant(f, ANN, 100, KIND_POINTS);
	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof key, "k%d", i);
		assert_int_equal(play(f, ANN, "always", key, &out, &err), JF_OK);
	}
	/* Today's seed stays secret. */
	assert_int_equal(game_reveal(&f->lg, NULL, "2026-03-01", &n, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_GAME_NOT_ENDED);
	assert_int_equal(game_audit(&f->lg, "2026-03-01", NULL, NULL, &r, &err), JF_CONFLICT);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM game_period "
						   "WHERE seed IS NOT NULL"), 0);
	fixture_advance(86400);
	assert_int_equal(game_reveal(&f->lg, NULL, NULL, &n, &err), JF_OK);
	assert_int_equal(n, 1);
	assert_int_equal(game_audit(&f->lg, "2026-03-01", NULL, NULL, &r, &err), JF_OK);
	assert_int_equal(r.plays, 4);
	assert_int_equal(r.mismatches, 0);
	/* The clock set back: the revealed day takes no more plays. */
	fixture_advance(-86400);
	assert_int_equal(play(f, BOB, "always", "late", &out, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_GAME_REVEALED);
	fixture_advance(86400);
	fixture_verify_ok(f);
	/* One changed play: the audit and verify both find it. */
	ledger_close(&f->lg);
	fixture_drop_guard(f->path, "game_play_fixed", "game_play");
	fixture_sql_exec(f->path, "UPDATE game_play SET drawn = drawn + 1 WHERE key = 'k2'");
	fixture_reopen(f);
	assert_int_equal(game_audit(&f->lg, "2026-03-01", NULL, NULL, &r, &err), JF_INTEGRITY);
	assert_true(r.mismatches >= 1);
	assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
	assert_non_null(strstr(vr.problem, "play"));
}

static void
test_verify_sees_prize_and_budget(void **state)
{
	struct fixture *f = *state;
	struct game_problems p;
	struct verify_report vr;
	struct game_play out;
	struct jf_error err;
	int64_t version;
	char key[16];

	assert_int_equal(import(f, ALWAYS, &version, &p), JF_OK);
	fixture_grant(f, ANN, 100, KIND_POINTS);
	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof key, "k%d", i);
		assert_int_equal(play(f, ANN, "always", key, &out, &err), JF_OK);
	}
	fixture_verify_ok(f);
	ledger_close(&f->lg);
	/* The fourth play (thanks, the budget spent) said to have paid p10:
	 * beyond the budget, and its hash no longer holds. */
	fixture_drop_guard(f->path, "game_play_fixed", "game_play");
	fixture_sql_exec(f->path, "UPDATE game_play SET paid = 0 WHERE key = 'k3'");
	fixture_reopen(f);
	assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
	assert_non_null(strstr(vr.problem, "play"));
}

static void
test_verify_sees_a_changed_table(void **state)
{
	struct fixture *f = *state;
	struct game_problems p;
	struct verify_report vr;
	struct jf_error err;
	int64_t version;

	assert_int_equal(import(f, ALWAYS, &version, &p), JF_OK);
	fixture_verify_ok(f);
	ledger_close(&f->lg);
	fixture_drop_guard(f->path, "game_prize_no_update", "game_prize");
	fixture_sql_exec(f->path, "UPDATE game_prize SET budget_day = 300 WHERE seq = 0");
	fixture_reopen(f);
	assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
	assert_non_null(strstr(vr.problem, "differ from the table it was imported as"));
}

static void
test_scratch_kept(void **state)
{
	struct fixture *f = *state;
	struct game_problems p;
	struct game_play out;
	struct jf_error err;
	int64_t version;
	int scratched;

	assert_int_equal(import(f, ALWAYS, &version, &p), JF_OK);
	fixture_grant(f, ANN, 100, KIND_POINTS);
	assert_int_equal(play(f, ANN, "always", "s1", &out, &err), JF_OK);
	assert_int_equal(game_scratch(&f->lg, out.id, 1 | 4, &scratched, &err), JF_OK);
	assert_int_equal(game_scratch(&f->lg, out.id, 2, &scratched, &err), JF_OK);
	assert_int_equal(scratched, 7);
	assert_int_equal(game_play_find(&f->lg, "s1", &out, &err), JF_OK);
	assert_int_equal(out.scratched, 7);
	assert_int_equal(game_scratch(&f->lg, out.id, 512, &scratched, &err), JF_USAGE);
	fixture_verify_ok(f); /* scratching is outside the play's hash */
}

/* A scratch card left mid-way is found again, with what was scratched;
 * a finished one, a wheel's play or another member's is not. */
static const char CARD[] =
	"{\"id\": \"card\", \"kind\": \"scratch\", \"name\": {\"zh\": \"刮\", \"en\": \"Card\"},"
	" \"price\": 5, \"plays_per_day\": 4, \"prizes\": ["
	" {\"id\": \"thanks\", \"kind\": \"thanks\", \"label\": {\"zh\": \"谢谢\", \"en\": \"Thanks\"},"
	"  \"ppm\": 1000000}]}";

static void
test_unfinished(void **state)
{
	struct fixture *f = *state;
	struct game_problems p;
	struct game_play out, found;
	struct jf_error err;
	int64_t version;
	int scratched;

	assert_int_equal(import(f, ALWAYS, &version, &p), JF_OK);
	assert_int_equal(import(f, CARD, &version, &p), JF_OK);
	fixture_grant(f, ANN, 100, KIND_POINTS);
	fixture_grant(f, BOB, 100, KIND_POINTS);
	assert_int_equal(game_unfinished(&f->lg, ANN, NULL, &found, &err), JF_NOTFOUND);
	assert_int_equal(play(f, ANN, "always", "w1", &out, &err), JF_OK); /* a wheel */
	assert_int_equal(game_unfinished(&f->lg, ANN, NULL, &found, &err), JF_NOTFOUND);
	assert_int_equal(play(f, ANN, "card", "c1", &out, &err), JF_OK);
	assert_int_equal(game_scratch(&f->lg, out.id, 1 | 16, &scratched, &err), JF_OK);
	assert_int_equal(game_unfinished(&f->lg, ANN, NULL, &found, &err), JF_OK);
	assert_string_equal(found.key, "c1");
	assert_int_equal(found.scratched, 17);
	assert_int_equal(found.paid, 0);
	assert_int_equal(game_unfinished(&f->lg, ANN, "card", &found, &err), JF_OK);
	assert_int_equal(game_unfinished(&f->lg, ANN, "always", &found, &err), JF_NOTFOUND);
	assert_int_equal(game_unfinished(&f->lg, BOB, NULL, &found, &err), JF_NOTFOUND);
	/* The newest of two. */
	assert_int_equal(play(f, ANN, "card", "c2", &out, &err), JF_OK);
	assert_int_equal(game_unfinished(&f->lg, ANN, NULL, &found, &err), JF_OK);
	assert_string_equal(found.key, "c2");
	assert_int_equal(game_scratch(&f->lg, out.id, 511, &scratched, &err), JF_OK);
	assert_int_equal(game_unfinished(&f->lg, ANN, NULL, &found, &err), JF_OK);
	assert_string_equal(found.key, "c1");
	assert_int_equal(game_scratch(&f->lg, found.id, 511 & ~17, &scratched, &err), JF_OK);
	assert_int_equal(game_unfinished(&f->lg, ANN, NULL, &found, &err), JF_NOTFOUND);
	fixture_verify_ok(f);
}

static int
count_period(const struct game_period_info *p, void *ctx)
{
	(void)p;
	++*(int *)ctx;
	return 0;
}

/* game_can_play() says what game_play() would, and writes nothing (not
 * even the day's commitment); game_plays_today() counts toward the limit. */
static void
test_can_play(void **state)
{
	struct fixture *f = *state;
	struct game_problems p;
	struct game_play out;
	struct jf_error err;
	int64_t version, plays;
	int periods = 0;

	assert_int_equal(import(f, ALWAYS, &version, &p), JF_OK);
	assert_int_equal(game_can_play(&f->lg, ANN, "always", &err), JF_INSUFFICIENT);
	assert_int_equal(err.reason, JF_R_INSUFFICIENT);
	assert_int_equal(game_can_play(&f->lg, ANN, "nosuch", &err), JF_NOTFOUND);
	assert_int_equal(err.reason, JF_R_UNKNOWN_GAME);
	assert_int_equal(game_periods(&f->lg, NULL, count_period, &periods, &err), JF_OK);
	assert_int_equal(periods, 0);
	fixture_grant(f, ANN, 100, KIND_POINTS);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(game_plays_today(&f->lg, ANN, "always", &plays, &err), JF_OK);
		assert_int_equal(plays, i);
		assert_int_equal(game_can_play(&f->lg, ANN, "always", &err), JF_OK);
		assert_int_equal(play(f, ANN, "always", NULL, &out, &err), JF_OK);
	}
	assert_int_equal(game_can_play(&f->lg, ANN, "always", &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_GAME_LIMIT);
	assert_int_equal(err.num[0], 4);
	assert_int_equal(game_plays_today(&f->lg, ANN, "always", &plays, &err), JF_OK);
	assert_int_equal(plays, 4);
	assert_int_equal(game_plays_today(&f->lg, BOB, "always", &plays, &err), JF_OK);
	assert_int_equal(plays, 0);
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draw_uniform),
		cmocka_unit_test(test_draw_depends_on_identity),
		cmocka_unit_test(test_grid),
		T(test_import_refusals),
		T(test_import_versions),
		T(test_play_limits_budgets_fallback),
		T(test_free_play_and_voucher),
		T(test_reveal_and_audit),
		T(test_verify_sees_prize_and_budget),
		T(test_verify_sees_a_changed_table),
		T(test_scratch_kept),
		T(test_unfinished),
		T(test_can_play),
	};

	fixture_pin_environment();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
