/*
 * test_ledger: earning, granting, reversing, and the promises every write
 * keeps: lots with the right expiry and lock period, soonest-expiry-first
 * consumption, idempotent replays, nothing written on an error, and a
 * history that never runs backwards in time. Lots are looked at through a
 * separate read-only connection to the file.
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

#include "clock.h"
#include "fixture.h"
#include "ledger.h"
#include "member.h"

#define ANN "10000001"
#define BOB "10000002"

static int
setup(void **state)
{
	return fixture_setup_with(state, ANN, "Ann", BOB, "Bob", NULL);
}

/* A text column of the lot an entry created. */
static void
lot_text(struct fixture *f, int64_t entry_id, const char *column, char *out, size_t size)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT %s FROM lot WHERE entry_id = %lld", column,
		 (long long)entry_id);
	fixture_sql_text(f->path, sql, out, size);
}

/* What is left of the lot an entry created. */
static int64_t
lot_remaining(struct fixture *f, int64_t entry_id)
{
	char sql[120];

	snprintf(sql, sizeof sql, "SELECT remaining FROM lot WHERE entry_id = %lld",
		 (long long)entry_id);
	return fixture_sql_int(f->path, sql);
}

static int64_t
count_rows(struct fixture *f, const char *table)
{
	char sql[80];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return fixture_sql_int(f->path, sql);
}

static enum jf_status
earn(struct fixture *f, const char *card, int64_t fen, const char *receipt,
     struct ledger_result *res, struct jf_error *err)
{
	struct earn_request req = { card, fen, receipt, 0, NULL };

	return ledger_earn(&f->lg, &req, res, err);
}

static int64_t
earn_ok(struct fixture *f, const char *card, int64_t fen, const char *receipt)
{
	struct ledger_result res;
	struct jf_error err;

	if (earn(f, card, fen, receipt, &res, &err) != JF_OK)
		fail_msg("earn %s: %s", receipt, err.message);
	assert_int_equal(res.replay, 0);
	return res.entry_id;
}

/* A member's history, newest first, copied out of the callback. */
struct hist {
	size_t count;
	struct history_item items[32];
	char types[32][16];
	char refs[32][96];
	char memos[32][160];
};

static int
collect(const struct history_item *item, void *ctx)
{
	struct hist *h = ctx;

	if (h->count == 32)
		return 1;
	h->items[h->count] = *item;
	snprintf(h->types[h->count], sizeof h->types[0], "%s", item->type);
	snprintf(h->refs[h->count], sizeof h->refs[0], "%s", item->ref);
	snprintf(h->memos[h->count], sizeof h->memos[0], "%s", item->memo);
	h->count++;
	return 0;
}

static void
history_of(struct fixture *f, const char *card, int64_t limit, struct hist *h)
{
	struct jf_error err;

	memset(h, 0, sizeof *h);
	if (ledger_history(&f->lg, card, limit, collect, h, &err) != JF_OK)
		fail_msg("history of %s: %s", card, err.message);
}

static void
test_earn_creates_locked_lot(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct jf_error err;
	struct balance b;
	struct hist h;
	char text[32];

	f->cfg.lock_days = 7;
	assert_int_equal(earn(f, ANN, 19999, "R-1", &res, &err), JF_OK);
	assert_int_equal(res.points, 199); /* 199.99 yuan at one point per whole yuan */
	assert_int_equal(res.replay, 0);
	assert_int_equal(res.shortfall, 0);
	assert_true(res.entry_id > 0);
	lot_text(f, res.entry_id, "expires_on", text, sizeof text);
	assert_string_equal(text, "2027-03-01");
	lot_text(f, res.entry_id, "available_on", text, sizeof text);
	assert_string_equal(text, "2026-03-08");
	assert_int_equal(lot_remaining(f, res.entry_id), 199);

	/* Pending through the lock period: counted in the total, not spendable. */
	assert_int_equal(ledger_balance(&f->lg, ANN, &b, &err), JF_OK);
	assert_int_equal(b.total[KIND_POINTS], 199);
	assert_int_equal(b.pending[KIND_POINTS], 199);
	assert_int_equal(b.available[KIND_POINTS], 0);
	assert_int_equal(b.total[KIND_GREEN], 0);
	balance_done(&b);
	fixture_at("2026-03-07T23:59:59+08:00");
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 0);
	fixture_at("2026-03-08T00:00:00+08:00");
	assert_int_equal(ledger_balance(&f->lg, ANN, &b, &err), JF_OK);
	assert_int_equal(b.available[KIND_POINTS], 199);
	assert_int_equal(b.pending[KIND_POINTS], 0);
	assert_int_equal(b.expiring_count, 0); /* a year away: nothing to announce */
	balance_done(&b);

	/* Within the notice window the lot is announced. */
	fixture_at("2027-02-15T12:00:00+08:00");
	assert_int_equal(ledger_balance(&f->lg, ANN, &b, &err), JF_OK);
	assert_int_equal(b.expiring_count, 1);
	assert_int_equal(b.expiring[0].points, 199);
	assert_int_equal(b.expiring[0].kind, KIND_POINTS);
	assert_string_equal(b.expiring[0].date, "2027-03-01");
	balance_done(&b);

	history_of(f, ANN, 10, &h);
	assert_int_equal(h.count, 1);
	assert_string_equal(h.types[0], "earn");
	assert_string_equal(h.refs[0], "earn:R-1");
	assert_non_null(strstr(h.memos[0], "R-1"));
	assert_int_equal(h.items[0].points, 199);
	assert_int_equal(h.items[0].kind, KIND_POINTS);
	fixture_verify_ok(f);
}

/* What expires is one line a kind and day, the day's lots added up, soonest
 * first (the kiosk shows each as it comes). */
static void
test_expiring_by_kind_and_day(void **state)
{
	struct fixture *f = *state;
	struct balance b;
	struct jf_error err;

	f->cfg.expiry_days = 20; /* granted 2026-03-01: due 2026-03-21 */
	fixture_grant(f, ANN, 100, KIND_POINTS);
	fixture_grant(f, ANN, 50, KIND_POINTS);
	fixture_grant(f, ANN, 7, KIND_GREEN);
	fixture_at("2026-03-02T10:00:00+08:00");
	fixture_grant(f, ANN, 30, KIND_POINTS);
	assert_int_equal(ledger_balance(&f->lg, ANN, &b, &err), JF_OK);
	assert_int_equal(b.expiring_count, 3);
	assert_int_equal(b.expiring[0].points, 150);
	assert_int_equal(b.expiring[0].kind, KIND_POINTS);
	assert_string_equal(b.expiring[0].date, "2026-03-21");
	assert_int_equal(b.expiring[1].points, 7);
	assert_int_equal(b.expiring[1].kind, KIND_GREEN);
	assert_string_equal(b.expiring[1].date, "2026-03-21");
	assert_int_equal(b.expiring[2].points, 30);
	assert_string_equal(b.expiring[2].date, "2026-03-22");
	balance_done(&b);
}

static void
test_earn_green_and_categories(void **state)
{
	struct fixture *f = *state;
	struct earn_request green = { ANN, 1050, "G-1", 1, NULL };
	struct earn_request fresh = { ANN, 1050, "F-1", 0, "fresh" };
	struct earn_request small = { ANN, 99, "S-1", 0, NULL };
	struct ledger_result res;
	struct jf_error err;
	int64_t entries;

	f->cfg.green_per_yuan = 2;
	snprintf(f->cfg.categories[0].name, sizeof f->cfg.categories[0].name, "fresh");
	f->cfg.categories[0].points_per_yuan = 5;
	f->cfg.category_count = 1;
	assert_int_equal(ledger_earn(&f->lg, &green, &res, &err), JF_OK);
	assert_int_equal(res.points, 20);
	assert_int_equal(ledger_earn(&f->lg, &fresh, &res, &err), JF_OK);
	assert_int_equal(res.points, 50);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 20);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 50);

	/* Under one yuan earns nothing and writes no entry, but the receipt is taken. */
	entries = fixture_entries(f);
	assert_int_equal(ledger_earn(&f->lg, &small, &res, &err), JF_OK);
	assert_int_equal(res.points, 0);
	assert_int_equal(res.entry_id, 0);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(ledger_earn(&f->lg, &small, &res, &err), JF_OK);
	assert_int_equal(res.replay, 1);
	assert_int_equal(res.points, 0);
	fixture_verify_ok(f);
}

static void
test_earn_bad_input_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct earn_request bad[] = {
		{ "99999999", 10000, "R-1", 0, NULL },  /* no such member */
		{ "123", 10000, "R-1", 0, NULL },       /* not a card */
		{ ANN, 10000, "R 1", 0, NULL },         /* not a key */
		{ ANN, 10000, "", 0, NULL },
		{ ANN, -100, "R-1", 0, NULL },
		{ ANN, PARSE_FEN_MAX + 1, "R-1", 0, NULL },
		{ ANN, 10000, "R-1", 0, "\x1b[2J" },
		{ ANN, 10000, "R-1", 0, "toys" },       /* not a category of the config */
	};
	static const enum jf_status want[] = { JF_NOTFOUND, JF_USAGE, JF_USAGE, JF_USAGE,
					       JF_USAGE, JF_USAGE, JF_USAGE, JF_USAGE };
	struct ledger_result res;
	struct jf_error err;
	int64_t entries = fixture_entries(f), keys = count_rows(f, "idem");

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		jf_error_clear(&err);
		assert_int_equal(ledger_earn(&f->lg, &bad[i], &res, &err), want[i]);
		assert_int_equal(err.status, want[i]);
		assert_true(strlen(err.message) > 0);
	}
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(count_rows(f, "idem"), keys);
	assert_int_equal(count_rows(f, "lot"), 0);
	/* A refused receipt is not burnt: it works once the input is right. */
	assert_true(earn_ok(f, ANN, 10000, "R-1") > 0);
	fixture_verify_ok(f);
}

static void
test_grant(void **state)
{
	struct fixture *f = *state;
	struct grant_request g = { ANN, 50, KIND_POINTS, "birthday", "bday-2026" };
	struct grant_request green = { ANN, 20, KIND_GREEN, "recycling", NULL };
	struct ledger_result res;
	struct jf_error err;
	struct hist h;
	char text[32];
	int64_t entries;

	f->cfg.lock_days = 7; /* a grant is not a purchase: no return window */
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_OK);
	assert_int_equal(res.points, 50);
	lot_text(f, res.entry_id, "available_on", text, sizeof text);
	assert_string_equal(text, "2026-03-01");
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 50);
	assert_int_equal(ledger_grant(&f->lg, &green, &res, &err), JF_OK);
	assert_int_equal(fixture_available(f, ANN, KIND_GREEN), 20);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 50);
	history_of(f, ANN, 10, &h);
	assert_int_equal(h.count, 2);
	assert_string_equal(h.types[0], "grant");
	assert_string_equal(h.memos[0], "recycling");
	assert_int_equal(h.items[0].kind, KIND_GREEN);
	assert_string_equal(h.memos[1], "birthday");
	assert_string_equal(h.refs[1], "grant:bday-2026");

	/* Without a key every grant is new: two grants, two entries. */
	entries = fixture_entries(f);
	assert_int_equal(ledger_grant(&f->lg, &green, &res, &err), JF_OK);
	assert_int_equal(res.replay, 0);
	assert_int_equal(fixture_entries(f), entries + 1);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 40);

	/* Bad grants are refused and write nothing. */
	entries = fixture_entries(f);
	g.key = "bad-1";
	g.points = 0;
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_USAGE);
	g.points = PARSE_POINTS_MAX + 1;
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_USAGE);
	g.points = 5;
	g.reason = "";
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_USAGE);
	g.reason = "sorry\x1b[2J";
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_USAGE);
	g.reason = "ok";
	g.card = "20000000";
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_NOTFOUND);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 50);
	fixture_verify_ok(f);
}

/* Grant points that expire a number of days from today. */
static int64_t
grant_expiring(struct fixture *f, const char *card, int64_t points, int64_t days)
{
	int64_t saved = f->cfg.expiry_days, id;

	f->cfg.expiry_days = days;
	id = fixture_grant(f, card, points, KIND_POINTS);
	f->cfg.expiry_days = saved;
	return id;
}

static void
test_fifo_across_expiry_dates(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	struct balance b;
	int64_t late, soon, middle;

	/* Credited in one order, expiring in another: spending follows expiry. */
	late = grant_expiring(f, ANN, 100, 365);  /* 2027-03-01 */
	soon = grant_expiring(f, ANN, 100, 30);   /* 2026-03-31 */
	middle = grant_expiring(f, ANN, 100, 100); /* 2026-06-09 */
	f->cfg.expiry_notice_days = 120;
	assert_int_equal(ledger_balance(&f->lg, ANN, &b, &err), JF_OK);
	assert_int_equal(b.expiring_count, 2);
	assert_string_equal(b.expiring[0].date, "2026-03-31");
	assert_int_equal(b.expiring[0].points, 100);
	assert_string_equal(b.expiring[1].date, "2026-06-09");
	balance_done(&b);

	fixture_spend(f, ANN, 150, KIND_POINTS);
	assert_int_equal(lot_remaining(f, soon), 0);
	assert_int_equal(lot_remaining(f, middle), 50);
	assert_int_equal(lot_remaining(f, late), 100);
	fixture_spend(f, ANN, 60, KIND_POINTS);
	assert_int_equal(lot_remaining(f, middle), 0);
	assert_int_equal(lot_remaining(f, late), 90);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 90);
	/* Each debit recorded which lots it used: two lots each. */
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM lot_use"), 4);
	fixture_verify_ok(f);
}

static void
test_reverse_takes_own_lot_first(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res, again;
	struct jf_error err;
	struct hist h;
	int64_t bonus, purchase, entries;
	char sql[120];

	bonus = grant_expiring(f, ANN, 50, 30); /* expires first: FIFO would take it */
	purchase = earn_ok(f, ANN, 10000, "R-1");
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-1", &res, &err), JF_OK);
	assert_int_equal(res.points, 100);
	assert_int_equal(res.shortfall, 0);
	assert_int_equal(res.replay, 0);
	assert_int_equal(lot_remaining(f, purchase), 0);
	assert_int_equal(lot_remaining(f, bonus), 50);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 50);
	snprintf(sql, sizeof sql, "SELECT reverses FROM entry WHERE id = %lld",
		 (long long)res.entry_id);
	assert_int_equal(fixture_sql_int(f->path, sql), purchase);
	history_of(f, ANN, 1, &h);
	assert_string_equal(h.types[0], "reverse");
	assert_int_equal(h.items[0].points, -100);

	/* A second refund of the same receipt is the first one again. */
	entries = fixture_entries(f);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-1", &again, &err), JF_OK);
	assert_int_equal(again.replay, 1);
	assert_int_equal(again.entry_id, res.entry_id);
	assert_int_equal(again.points, 100);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 50);

	assert_int_equal(ledger_earn_reverse(&f->lg, "R-404", &res, &err), JF_NOTFOUND);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R 1", &res, &err), JF_USAGE);
	assert_int_equal(fixture_entries(f), entries);
	fixture_verify_ok(f);
}

static void
test_reverse_never_below_zero(void **state)
{
	struct fixture *f = *state;
	struct hold_request hr = { BOB, KIND_POINTS, 30, "voucher-1", NULL, 0 };
	struct ledger_result res;
	struct jf_error err;
	int64_t hold_id, entries;

	/* Most of the purchase's points are already spent. */
	earn_ok(f, ANN, 10000, "R-2");
	fixture_spend(f, ANN, 80, KIND_POINTS);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-2", &res, &err), JF_OK);
	assert_int_equal(res.points, 20);
	assert_int_equal(res.shortfall, 80);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 0);

	/* Points reserved by a voucher are not taken back either. */
	earn_ok(f, BOB, 10000, "R-3");
	assert_int_equal(ledger_hold(&f->lg, &hr, &hold_id, NULL, &err), JF_OK);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-3", &res, &err), JF_OK);
	assert_int_equal(res.points, 70);
	assert_int_equal(res.shortfall, 30);
	assert_int_equal(fixture_held(f, BOB, KIND_POINTS), 30);
	assert_int_equal(ledger_hold_post(&f->lg, hold_id, &res, &err), JF_OK);
	assert_int_equal(fixture_total(f, BOB, KIND_POINTS), 0);

	/* Nothing left at all: nothing is written, the shortfall is the whole. */
	earn_ok(f, ANN, 5000, "R-4");
	fixture_spend(f, ANN, 50, KIND_POINTS);
	entries = fixture_entries(f);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-4", &res, &err), JF_OK);
	assert_int_equal(res.points, 0);
	assert_int_equal(res.shortfall, 50);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-4", &res, &err), JF_OK);
	assert_int_equal(res.replay, 1);
	assert_int_equal(res.shortfall, 50);
	fixture_verify_ok(f);
}

/* The look before a reversal: the same numbers ledger_earn_reverse() then
 * takes, whose purchase it was, and nothing written. */
static void
test_earn_lookup_says_what_reverse_does(void **state)
{
	struct fixture *f = *state;
	struct hold_request hr = { BOB, KIND_POINTS, 30, "voucher-9", NULL, 0 };
	struct ledger_result res;
	struct earn_info info;
	struct jf_error err;
	int64_t hold_id, entries;

	earn_ok(f, BOB, 10000, "R-9");
	fixture_spend(f, BOB, 50, KIND_POINTS);
	assert_int_equal(ledger_hold(&f->lg, &hr, &hold_id, NULL, &err), JF_OK);
	entries = fixture_entries(f);
	assert_int_equal(ledger_earn_lookup(&f->lg, "R-9", &info, &err), JF_OK);
	assert_string_equal(info.card, BOB);
	assert_int_equal(info.kind, KIND_POINTS);
	assert_int_equal(info.points, 100);
	assert_int_equal(info.reversed, 0);
	assert_int_equal(info.take, 20);
	assert_int_equal(info.shortfall, 80);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-9", &res, &err), JF_OK);
	assert_int_equal(res.points, info.take);
	assert_int_equal(res.shortfall, info.shortfall);
	assert_int_equal(ledger_earn_lookup(&f->lg, "R-9", &info, &err), JF_OK);
	assert_int_equal(info.reversed, 1);

	assert_int_equal(ledger_earn_lookup(&f->lg, "R-404", &info, &err), JF_NOTFOUND);
	assert_int_equal(err.reason, JF_R_UNKNOWN_RECEIPT);
	assert_int_equal(ledger_earn_lookup(&f->lg, "R 9", &info, &err), JF_USAGE);
}

/* A purchase can be refunded inside its return window, before its points unlock. */
static void
test_reverse_during_lock_period(void **state)
{
	struct fixture *f = *state;
	struct hold_request hr = { ANN, KIND_POINTS, 10, "too-early", NULL, 0 };
	struct ledger_result res;
	struct jf_error err;
	int64_t hold_id;

	f->cfg.lock_days = 14;
	earn_ok(f, ANN, 30000, "R-5");
	assert_int_equal(ledger_hold(&f->lg, &hr, &hold_id, NULL, &err), JF_INSUFFICIENT);
	fixture_advance(3 * 86400);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R-5", &res, &err), JF_OK);
	assert_int_equal(res.points, 300);
	assert_int_equal(res.shortfall, 0);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 0);
	fixture_verify_ok(f);
}

static void
test_replay_and_conflict(void **state)
{
	struct fixture *f = *state;
	struct earn_request req = { ANN, 10000, "R-7", 0, NULL };
	struct grant_request g = { BOB, 40, KIND_GREEN, "cleanup day", "event-7" };
	struct ledger_result first, res;
	struct jf_error err;
	int64_t entries;

	assert_int_equal(ledger_earn(&f->lg, &req, &first, &err), JF_OK);
	entries = fixture_entries(f);

	/* A double scan of the receipt: the first result, nothing new. */
	assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_OK);
	assert_int_equal(res.replay, 1);
	assert_int_equal(res.entry_id, first.entry_id);
	assert_int_equal(res.points, 100);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 100);

	/* The same receipt with another amount, card or kind is a conflict. */
	req.fen = 20000;
	assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_CONFLICT);
	assert_non_null(strstr(err.message, "R-7"));
	req.fen = 10000;
	req.card = BOB;
	assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_CONFLICT);
	req.card = ANN;
	req.green = 1;
	assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_CONFLICT);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 100);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 0);
	assert_int_equal(fixture_total(f, BOB, KIND_POINTS), 0);

	assert_int_equal(ledger_grant(&f->lg, &g, &first, &err), JF_OK);
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_OK);
	assert_int_equal(res.replay, 1);
	assert_int_equal(res.entry_id, first.entry_id);
	g.points = 41;
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_CONFLICT);
	g.points = 40;
	g.reason = "another reason";
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_CONFLICT);
	assert_int_equal(fixture_total(f, BOB, KIND_GREEN), 40);

	/* Keys live in the ledger: a restart still replays. */
	fixture_reopen(f);
	req.green = 0;
	entries = fixture_entries(f);
	assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_OK);
	assert_int_equal(res.replay, 1);
	assert_int_equal(fixture_entries(f), entries);
	fixture_verify_ok(f);
}

/* The rule for a clock that jumps (issue 9, defect 2): every entry has the
 * clock's time; a clock more than the tolerance behind the ledger is refused
 * with its reason and writes nothing; within it, entries may be a little
 * out of time order, and the history keeps the order of writing. */
static void
test_timestamps_never_go_backwards(void **state)
{
	struct fixture *f = *state;
	struct grant_request g = { ANN, 20, KIND_POINTS, "clock back", NULL };
	struct ledger_result res;
	struct jf_error err;
	struct hist h;
	int64_t first, back, later, t_first;
	char sql[80];

	first = fixture_grant(f, ANN, 10, KIND_POINTS);
	t_first = clock_now();
	/* Someone sets the machine's clock a day back: refused, nothing written. */
	fixture_at("2026-02-28T09:00:00+08:00");
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_CLOCK_BEHIND);
	assert_int_equal(err.num[0], t_first);
	assert_int_equal(err.num[1], clock_now());
	assert_int_equal(err.num[2], f->cfg.clock_tolerance_s);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM entry"), 1);
	/* Within the tolerance: written, at the clock's time. */
	clock_set(t_first - f->cfg.clock_tolerance_s);
	back = fixture_grant(f, ANN, 20, KIND_POINTS);
	snprintf(sql, sizeof sql, "SELECT ts FROM entry WHERE id = %lld", (long long)back);
	assert_int_equal(fixture_sql_int(f->path, sql), t_first - f->cfg.clock_tolerance_s);
	fixture_verify_ok(f);
	fixture_at("2026-03-02T09:00:00+08:00");
	later = fixture_grant(f, ANN, 30, KIND_POINTS);
	snprintf(sql, sizeof sql, "SELECT ts FROM entry WHERE id = %lld", (long long)later);
	assert_int_equal(fixture_sql_int(f->path, sql), clock_now());

	history_of(f, ANN, 10, &h);
	assert_int_equal(h.count, 3);
	assert_int_equal(h.items[0].entry_id, later);
	assert_int_equal(h.items[1].entry_id, back);
	assert_int_equal(h.items[2].entry_id, first);
	assert_true(h.items[1].ts < h.items[2].ts);
	fixture_verify_ok(f);
}

static void
test_insufficient_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct hold_request hr = { ANN, KIND_POINTS, 150, "voucher-9", NULL, 0 };
	struct jf_error err;
	int64_t entries, holds, hold_id = 0;
	int replay = -1;

	fixture_grant(f, ANN, 100, KIND_POINTS);
	entries = fixture_entries(f);
	holds = count_rows(f, "hold");
	assert_int_equal(ledger_hold(&f->lg, &hr, &hold_id, &replay, &err), JF_INSUFFICIENT);
	assert_int_equal(err.status, JF_INSUFFICIENT);
	assert_non_null(strstr(err.message, "100"));
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(count_rows(f, "hold"), holds);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 0);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 100);
	/* Green points are another purse: none there. */
	hr.kind = KIND_GREEN;
	hr.points = 1;
	assert_int_equal(ledger_hold(&f->lg, &hr, &hold_id, &replay, &err), JF_INSUFFICIENT);
	/* The key was not used up by the refusal. */
	hr.kind = KIND_POINTS;
	hr.points = 100;
	assert_int_equal(ledger_hold(&f->lg, &hr, &hold_id, &replay, &err), JF_OK);
	assert_int_equal(replay, 0);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 0);
	fixture_verify_ok(f);
}

static void
test_summary(void **state)
{
	struct fixture *f = *state;
	struct ledger_summary s;
	struct jf_error err;

	earn_ok(f, ANN, 30000, "R-8");
	fixture_grant(f, BOB, 70, KIND_GREEN);
	fixture_spend(f, ANN, 120, KIND_POINTS);
	assert_int_equal(ledger_summary(&f->lg, &s, &err), JF_OK);
	assert_int_equal(s.members, 2);
	assert_int_equal(s.entries, 3);
	assert_int_equal(s.outstanding[KIND_POINTS], 180);
	assert_int_equal(s.outstanding[KIND_GREEN], 70);
	assert_int_equal(s.issued[KIND_POINTS], 300);
	assert_int_equal(s.issued[KIND_GREEN], 70);
	assert_int_equal(s.redeemed[KIND_POINTS], 120);
	assert_int_equal(s.expired[KIND_POINTS], 0);
	assert_int_equal(s.holds_pending, 0);
	assert_int_equal(s.lots_open, 2);
	assert_int_equal(s.last_entry_ts, clock_now());
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

/* Every entry names who wrote it and where; with nobody acting, a write is
 * refused loudly and nothing is written. */
static void
test_actor_on_every_entry(void **state)
{
	struct fixture *f = *state;
	struct grant_request g = { ANN, 10, KIND_POINTS, "thanks", "act-1" };
	struct earn_request e = { ANN, 5000, "A-1", 0, NULL };
	struct ledger_result res;
	struct expire_result er;
	struct actor staff;
	struct jf_error err;
	char text[80];
	int64_t before;

	before = fixture_entries(f);
	ledger_act_as(&f->lg, NULL);
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_ERR);
	assert_non_null(strstr(err.message, "nobody"));
	assert_int_equal(ledger_earn(&f->lg, &e, &res, &err), JF_ERR);
	assert_int_equal(fixture_entries(f), before);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM idem"), 0);
	/* A system job acts for itself. */
	fixture_advance(400 * 86400);
	assert_int_equal(ledger_expire(&f->lg, &er, &err), JF_OK);

	assert_int_equal(actor_staff(&staff, "till-3", &err), JF_OK);
	ledger_act_as(&f->lg, &staff);
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_OK);
	snprintf(text, sizeof text, "SELECT actor || ' ' || terminal || ' ' || format FROM entry "
				    "WHERE id = %lld", (long long)res.entry_id);
	{
		char got[80], want[80];

		fixture_sql_text(f->path, text, got, sizeof got);
		snprintf(want, sizeof want, "staff:till-3 %s 2", f->cfg.terminal);
		assert_string_equal(got, want);
	}
	fixture_act(f);
	assert_int_equal(ledger_earn(&f->lg, &e, &res, &err), JF_OK);
	fixture_sql_text(f->path, "SELECT actor FROM entry ORDER BY id DESC LIMIT 1", text,
			 sizeof text);
	assert_string_equal(text, "shell:tester");
	/* Ids come from the database (RETURNING): the result is the row's id. */
	assert_int_equal(res.entry_id, fixture_sql_int(f->path, "SELECT max(id) FROM entry"));
	fixture_verify_ok(f);
}

/* Expiry is the system's doing whoever runs it, and says so. */
static void
test_expire_is_a_system_job(void **state)
{
	struct fixture *f = *state;
	struct expire_result er;
	struct jf_error err;
	char text[80];

	fixture_grant(f, ANN, 10, KIND_POINTS);
	fixture_advance(400 * 86400);
	assert_int_equal(ledger_expire(&f->lg, &er, &err), JF_OK);
	assert_true(er.entry_id > 0);
	snprintf(text, sizeof text, "SELECT actor FROM entry WHERE id = %lld",
		 (long long)er.entry_id);
	fixture_sql_text(f->path, text, text, sizeof text);
	assert_string_equal(text, "system:expire");
	assert_string_equal(f->lg.actor.id, "tester"); /* the front end's actor is back */
	fixture_verify_ok(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_earn_creates_locked_lot),
		T(test_expiring_by_kind_and_day),
		T(test_earn_green_and_categories),
		T(test_earn_bad_input_writes_nothing),
		T(test_grant),
		T(test_fifo_across_expiry_dates),
		T(test_reverse_takes_own_lot_first),
		T(test_reverse_never_below_zero),
		T(test_earn_lookup_says_what_reverse_does),
		T(test_reverse_during_lock_period),
		T(test_replay_and_conflict),
		T(test_timestamps_never_go_backwards),
		T(test_insufficient_writes_nothing),
		T(test_summary),
		T(test_actor_on_every_entry),
		T(test_expire_is_a_system_job),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
