/*
 * test_voucher: a voucher's whole life on a real ledger (voucher.c,
 * compensate.c). Issuing holds the points and reserves the stock; a forged
 * code is refused before any lookup; a second scan says when and by whom;
 * expiry, cancelling and returns give everything back, a return into the
 * very lots the points came from; stock never goes below zero; the store's
 * faults (delisting, an outage) are made good and say why. Two or more
 * processes racing for one voucher, or for the last unit of an item:
 * exactly one wins, the others get a conflict, never "busy".
 *
 * Each test gets a fresh ledger (tests/unit/fixture.c) with its voucher key,
 * a small catalog and two members; the clock starts at FIXTURE_START
 * (2026-03-01 10:00, Asia/Shanghai) and moves by clock_set().
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catalog.h"
#include "clock.h"
#include "compensate.h"
#include "fixture.h"
#include "member.h"
#include "vcode.h"
#include "verify.h"
#include "voucher.h"

/* Every write needs an actor (actor.h): these writers are a shell user. */
static void
act_as_tester(struct ledger *lg)
{
	struct actor a;

	actor_shell(&a, "tester");
	ledger_act_as(lg, &a);
}


#define DAY 86400
#define HEADER "sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green," \
	       "active_from,active_until,new_until\n"
#define CATALOG HEADER \
	"A1,甲,Item A,misc,goods,1000,,,,5,0,,,\n" \
	"ONE,独一份,Only One,misc,goods,100,,,,1,0,,,\n" \
	"GR,环保袋,Green Bag,eco,goods,50,,,,10,yes,,,\n" \
	"CASH,加价购,With Cash,misc,goods,500,12.50,,,3,0,,,\n" \
	"CP50,满50减10券,10 off 50,coupons,coupon,450,,10.00,50.00,10,0,,,\n"

#define ANN "10000001"
#define BOB "10000002"

#define RACE_ROUNDS 20
#define RACERS 6

/* ---- set-up and small helpers ---- */

static void
import(struct fixture *f, const char *csv)
{
	struct import_report r;
	struct jf_error err;

	jf_error_clear(&err);
	if (catalog_import_text(&f->lg, csv, strlen(csv), &r, &err) != JF_OK)
		fail_msg("catalog import: %s (%s)", err.message,
			 r.problem_count ? r.problems[0].message : "");
	import_report_done(&r);
}

/* A ledger as `jifen init` leaves it (with its voucher key), the catalog,
 * and two members without points. */
static int
setup(void **state)
{
	struct fixture *f;
	struct jf_error err;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (voucher_key_create(&f->lg, &err) != JF_OK) {
		fprintf(stderr, "voucher key: %s\n", err.message);
		return -1;
	}
	import(f, CATALOG);
	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, BOB, "Bob");
	return 0;
}

static int64_t
sql(struct fixture *f, const char *query)
{
	return fixture_sql_int(f->path, query);
}

static int64_t
stock_of(struct fixture *f, const char *sku)
{
	struct catalog_item it;
	struct jf_error err;

	if (catalog_find(&f->lg, sku, &it, &err) != JF_OK)
		fail_msg("catalog_find %s: %s", sku, err.message);
	return it.stock;
}

static void
issue_ok(struct fixture *f, const char *card, const char *sku, int64_t qty, struct voucher *v)
{
	struct jf_error err;

	jf_error_clear(&err);
	if (voucher_issue(&f->lg, card, sku, qty, NULL, v, &err) != JF_OK)
		fail_msg("issuing %lld %s to %s: %s", (long long)qty, sku, card, err.message);
	assert_int_equal(v->state, VOUCHER_ISSUED);
}

static void
redeem_ok(struct fixture *f, const char *code, const char *staff, struct voucher *v)
{
	struct jf_error err;

	jf_error_clear(&err);
	if (voucher_redeem(&f->lg, code, staff, v, &err) != JF_OK)
		fail_msg("redeeming %s: %s", code, err.message);
	assert_int_equal(v->state, VOUCHER_REDEEMED);
}

/* Assert a step is refused with status and a message containing text. */
static void
expect_refused(enum jf_status got, const struct jf_error *err, enum jf_status want,
	       const char *text)
{
	if (got != want)
		fail_msg("expected %s, got %s: %s", jf_status_name(want), jf_status_name(got),
			 err->message);
	if (text && strstr(err->message, text) == NULL)
		fail_msg("message \"%s\" does not say \"%s\"", err->message, text);
}

static enum voucher_state
state_of(struct fixture *f, const char *code)
{
	struct voucher v;
	struct jf_error err;

	if (voucher_find(&f->lg, code, &v, &err) != JF_OK)
		fail_msg("voucher_find %s: %s", code, err.message);
	return v.state;
}

static void
read_key(struct fixture *f, unsigned char key[VCODE_KEY_LEN])
{
	char path[PATH_MAX + 8];
	int fd;

	snprintf(path, sizeof path, "%s.key", f->path);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, key, VCODE_KEY_LEN), VCODE_KEY_LEN);
	close(fd);
}

/* Everything about a member's lots, as one string, to compare before and after. */
static void
lots_of(struct fixture *f, char *out, size_t size)
{
	fixture_sql_text(f->path, "SELECT coalesce(group_concat(id || ':' || remaining || ':' || "
				  "expired || ':' || expires_on, ' '), '') FROM "
				  "(SELECT * FROM lot ORDER BY id)", out, size);
}

/* ---- the key ---- */

/* Beside a file ledger by default; the config's key_file wins; a ledger
 * that is not a file needs the setting. */
static void
test_key_path_from_location_and_config(void **state)
{
	struct settings cfg;
	struct jf_error err;
	char *path = NULL;

	settings_defaults(&cfg);
	assert_int_equal(voucher_key_path(&cfg, "/srv/jifen/ledger.db", &path, &err), JF_OK);
	assert_string_equal(path, "/srv/jifen/ledger.db.key");
	free(path);
	assert_int_equal(voucher_key_path(&cfg, "file:///srv/jifen/ledger.db", &path, &err), JF_OK);
	assert_string_equal(path, "/srv/jifen/ledger.db.key");
	free(path);
	jf_error_clear(&err);
	assert_int_equal(voucher_key_path(&cfg, "postgresql://kiosk:secret@db/jifen", &path, &err),
			 JF_USAGE);
	assert_null(path);
	assert_non_null(strstr(err.message, "key_file"));
	assert_null(strstr(err.message, "secret"));

	snprintf(cfg.voucher_key_file, sizeof cfg.voucher_key_file, "/etc/jifen/voucher.key");
	assert_int_equal(voucher_key_path(&cfg, "/srv/jifen/ledger.db", &path, &err), JF_OK);
	assert_string_equal(path, "/etc/jifen/voucher.key");
	free(path);
	assert_int_equal(voucher_key_path(&cfg, "postgresql://db/jifen", &path, &err), JF_OK);
	assert_string_equal(path, "/etc/jifen/voucher.key");
	free(path);
}

static void
read_file_key(const char *path, unsigned char key[VCODE_KEY_LEN])
{
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(read(fd, key, VCODE_KEY_LEN), VCODE_KEY_LEN);
	close(fd);
}

/* A ledger made with [voucher] key_file keeps its key there, signs with it,
 * needs it, and shares it with another ledger that names the same file. */
static void
test_key_file_in_config(void **state)
{
	struct fixture *f = *state;
	unsigned char key[VCODE_KEY_LEN], again[VCODE_KEY_LEN];
	char key_file[PATH_MAX], beside[PATH_MAX + 8], other[PATH_MAX];
	struct ledger second;
	struct jf_error err;
	struct voucher v, found;
	int64_t id = 0;

	snprintf(key_file, sizeof key_file, "%s/shared.key", f->dir);
	assert_true(strlen(key_file) < sizeof f->cfg.voucher_key_file);
	memcpy(f->cfg.voucher_key_file, key_file, strlen(key_file) + 1);
	ledger_close(&f->lg);
	snprintf(f->path, sizeof f->path, "%s/keyed.db", f->dir);
	assert_int_equal(ledger_create(&f->lg, f->path, &f->cfg, &err), JF_OK);
	fixture_act(f);
	snprintf(beside, sizeof beside, "%s.key", f->path);
	assert_int_equal(access(key_file, R_OK), 0);
	assert_int_not_equal(access(beside, F_OK), 0);

	import(f, CATALOG);
	fixture_add_member(f, ANN, "Ann");
	fixture_grant(f, ANN, 5000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 1, &v);
	read_file_key(key_file, key);
	assert_int_equal(vcode_check(key, v.code, &id), JF_OK);
	assert_int_equal(id, v.id);

	/* Another ledger naming the same key file keeps the key as it is. */
	snprintf(other, sizeof other, "%s/other.db", f->dir);
	assert_int_equal(ledger_create(&second, other, &f->cfg, &err), JF_OK);
	ledger_close(&second);
	read_file_key(key_file, again);
	assert_memory_equal(key, again, VCODE_KEY_LEN);

	/* With vouchers out, a missing key is an error, not a new key. */
	assert_int_equal(unlink(key_file), 0);
	jf_error_clear(&err);
	assert_int_equal(voucher_find(&f->lg, v.code, &found, &err), JF_ERR);
	assert_non_null(strstr(err.message, "shared.key"));
	assert_int_not_equal(access(key_file, F_OK), 0);
}

/* ---- issuing ---- */

static void
test_issue_holds_points_and_stock(void **state)
{
	struct fixture *f = *state;
	unsigned char key[VCODE_KEY_LEN];
	char norm[VCODE_SHORT_LEN + 1], typed[VCODE_SHORT_SHOWN_LEN + 1];
	struct voucher v, found, cash;
	int64_t id = 0;

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 2, &v);
	assert_int_equal(v.points, 2000);
	assert_int_equal(v.qty, 2);
	assert_string_equal(v.card, ANN);
	assert_string_equal(v.sku, "A1");
	assert_string_equal(v.name_en, "Item A");
	assert_int_equal(v.kind, KIND_POINTS);
	assert_int_equal(v.cash_fen, 0);
	assert_int_equal(v.replay, 0);
	/* Held, not spent: the balance stays, what is available drops. */
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 5000);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 2000);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 3000);
	assert_int_equal(stock_of(f, "A1"), 3);
	/* Valid for voucher_days (30) from now. */
	assert_int_equal(v.issued_at, clock_now());
	assert_int_equal(v.expires_at, v.issued_at + 30 * DAY);

	/* The code is genuine under the ledger's key and names this voucher. */
	read_key(f, key);
	assert_int_equal(vcode_check(key, v.code, &id), JF_OK);
	assert_int_equal(id, v.id);
	assert_int_equal(strlen(v.short_code), VCODE_SHORT_SHOWN_LEN);
	assert_int_equal(vcode_short_check(v.short_code, norm), JF_OK);

	/* Found by the full code, the short code as shown, and as typed
	 * sloppily: lower case without dashes. */
	assert_int_equal(voucher_find(&f->lg, v.code, &found, NULL), JF_OK);
	assert_int_equal(found.id, v.id);
	assert_int_equal(voucher_find(&f->lg, v.short_code, &found, NULL), JF_OK);
	assert_int_equal(found.id, v.id);
	for (size_t i = 0, n = 0; i <= strlen(norm); i++)
		typed[n++] = (char)(norm[i] >= 'A' && norm[i] <= 'Z' ? norm[i] + 32 : norm[i]);
	assert_int_equal(voucher_find(&f->lg, typed, &found, NULL), JF_OK);
	assert_int_equal(found.id, v.id);
	assert_string_equal(found.code, v.code);

	/* A co-payment is per unit. */
	issue_ok(f, ANN, "CASH", 2, &cash);
	assert_int_equal(cash.cash_fen, 2500);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 3000);
	fixture_verify_ok(f);
}

static void
test_issue_key_replays(void **state)
{
	struct fixture *f = *state;
	struct voucher a, b;
	struct jf_error err;
	int64_t entries;

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	assert_int_equal(voucher_issue(&f->lg, ANN, "A1", 1, "kiosk-42", &a, &err), JF_OK);
	entries = fixture_entries(f);
	/* A retry with the same key: the same voucher, nothing more held. */
	assert_int_equal(voucher_issue(&f->lg, ANN, "A1", 1, "kiosk-42", &b, &err), JF_OK);
	assert_int_equal(b.id, a.id);
	assert_string_equal(b.code, a.code);
	assert_int_equal(b.replay, 1);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 1000);
	assert_int_equal(stock_of(f, "A1"), 4);
	/* The same key for something else is a conflict. */
	expect_refused(voucher_issue(&f->lg, ANN, "A1", 2, "kiosk-42", &b, &err), &err,
		       JF_CONFLICT, NULL);
	expect_refused(voucher_issue(&f->lg, ANN, "ONE", 1, "kiosk-42", &b, &err), &err,
		       JF_CONFLICT, NULL);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(sql(f, "SELECT count(*) FROM voucher"), 1);
	assert_int_equal(stock_of(f, "A1"), 4);
	assert_int_equal(stock_of(f, "ONE"), 1);
	fixture_verify_ok(f);
}

/* ---- forged codes ---- */

static void
test_forged_code_refused_before_lookup(void **state)
{
	struct fixture *f = *state;
	unsigned char key[VCODE_KEY_LEN], other[VCODE_KEY_LEN];
	char forged[VCODE_FULL_LEN + 1], genuine_missing[VCODE_FULL_LEN + 1];
	char first_msg[JF_ERROR_MAX], bad_short[VCODE_SHORT_SHOWN_LEN + 1];
	struct voucher v, out;
	struct jf_error err;

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 1, &v);
	read_key(f, key);
	memcpy(other, key, sizeof other);
	other[0] ^= 1;

	/* Each single character of the real code changed: not a valid voucher. */
	for (int pos = 0; pos < VCODE_FULL_LEN; pos++) {
		memcpy(forged, v.code, sizeof forged);
		forged[pos] = forged[pos] == 'B' ? 'C' : 'B';
		expect_refused(voucher_find(&f->lg, forged, &out, &err), &err, JF_NOTFOUND, NULL);
		assert_string_equal(err.message, "not a valid voucher");
	}

	/* A code made with another key says the same whether its id exists
	 * (v.id) or not (999): nothing about the database shows through. */
	vcode_make(other, v.id, forged);
	expect_refused(voucher_find(&f->lg, forged, &out, &err), &err, JF_NOTFOUND, NULL);
	snprintf(first_msg, sizeof first_msg, "%s", err.message);
	assert_string_equal(first_msg, "not a valid voucher");
	vcode_make(other, 999, forged);
	expect_refused(voucher_find(&f->lg, forged, &out, &err), &err, JF_NOTFOUND, NULL);
	assert_string_equal(err.message, first_msg);
	/* Only a genuine code reaches the lookup, which then says so. */
	vcode_make(key, 999, genuine_missing);
	expect_refused(voucher_find(&f->lg, genuine_missing, &out, &err), &err, JF_NOTFOUND, NULL);
	assert_string_not_equal(err.message, first_msg);

	/* A short code with a wrong check character. */
	snprintf(bad_short, sizeof bad_short, "%s", v.short_code);
	bad_short[10] = bad_short[10] == 'A' ? 'B' : 'A';
	expect_refused(voucher_find(&f->lg, bad_short, &out, &err), &err, JF_NOTFOUND, NULL);
	assert_string_equal(err.message, "not a valid voucher");

	/* Now take the vouchers away from the database, as if no lookup could
	 * work. Forged codes are still refused the same way, by every step;
	 * a genuine one now fails in the lookup, so the refusals above never
	 * looked. */
	fixture_sql_exec(f->path, "DROP TABLE voucher");
	vcode_make(other, v.id, forged);
	expect_refused(voucher_find(&f->lg, forged, &out, &err), &err, JF_NOTFOUND, NULL);
	assert_string_equal(err.message, "not a valid voucher");
	expect_refused(voucher_redeem(&f->lg, forged, "till-1", &out, &err), &err, JF_NOTFOUND,
		       NULL);
	assert_string_equal(err.message, "not a valid voucher");
	expect_refused(voucher_cancel(&f->lg, forged, &out, &err), &err, JF_NOTFOUND, NULL);
	assert_string_equal(err.message, "not a valid voucher");
	expect_refused(voucher_return(&f->lg, forged, "till-1", &out, &err), &err, JF_NOTFOUND,
		       NULL);
	assert_string_equal(err.message, "not a valid voucher");
	expect_refused(voucher_redeem(&f->lg, bad_short, "till-1", &out, &err), &err, JF_NOTFOUND,
		       NULL);
	assert_string_equal(err.message, "not a valid voucher");
	jf_error_clear(&err);
	assert_int_not_equal(voucher_find(&f->lg, v.code, &out, &err), JF_OK);
	assert_string_not_equal(err.message, "not a valid voucher");
	jf_error_clear(&err);
	assert_int_not_equal(voucher_find(&f->lg, v.short_code, &out, &err), JF_OK);
	assert_string_not_equal(err.message, "not a valid voucher");
}

/* ---- redeeming ---- */

static void
test_redeem_twice_says_when_and_who(void **state)
{
	struct fixture *f = *state;
	char when[CLOCK_ISO_LEN], typed[16];
	struct voucher v, r, again;
	struct jf_error err;
	int64_t entries;

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 1, &v);
	fixture_advance(3600);
	/* The cashier types the short code in lower case, without dashes. */
	snprintf(typed, sizeof typed, "%c%c%c%c%c%c%c%c%c", v.short_code[0] | 32,
		 v.short_code[1] | 32, v.short_code[2] | 32, v.short_code[3] | 32,
		 v.short_code[5] | 32, v.short_code[6] | 32, v.short_code[7] | 32,
		 v.short_code[8] | 32, v.short_code[10] | 32);
	redeem_ok(f, typed, "till-7", &r);
	assert_int_equal(r.id, v.id);
	assert_string_equal(r.redeemed_by, "staff:till-7");
	assert_int_equal(r.redeemed_at, clock_now());
	/* Spent: the balance drops by the points, nothing is held; the stock
	 * stays taken. */
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 4000);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 0);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 4000);
	assert_int_equal(stock_of(f, "A1"), 4);
	entries = fixture_entries(f);

	fixture_advance(3600);
	clock_format_iso(r.redeemed_at, when);
	expect_refused(voucher_redeem(&f->lg, v.code, "till-9", &again, &err), &err, JF_CONFLICT,
		       "till-7");
	expect_refused(voucher_redeem(&f->lg, v.code, "till-9", &again, &err), &err, JF_CONFLICT,
		       when);
	/* Nothing moved, and the first cashier stays on record. */
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 4000);
	assert_int_equal(voucher_find(&f->lg, v.code, &again, NULL), JF_OK);
	assert_string_equal(again.redeemed_by, "staff:till-7");
	assert_int_equal(again.redeemed_at, r.redeemed_at);
	/* No staff, no redemption. */
	issue_ok(f, ANN, "A1", 1, &v);
	expect_refused(voucher_redeem(&f->lg, v.code, NULL, &again, &err), &err, JF_USAGE, NULL);
	assert_int_equal(state_of(f, v.code), VOUCHER_ISSUED);
	fixture_verify_ok(f);
}

/* ---- racing processes ---- */

typedef enum jf_status (*racer_fn)(struct ledger *lg, int i, void *ctx);

/* One racer: open its own connection, say it is ready, wait at the gate,
 * run. Never returns; its exit status is the step's status. */
static void
racer(struct fixture *f, int i, racer_fn fn, void *ctx, int gate[2], int ready[2])
{
	struct ledger lg;
	struct jf_error err;
	char c;
	int st;

	close(gate[1]);
	close(ready[0]);
	if (ledger_open(&lg, f->path, &f->cfg, &err) != JF_OK)
		_exit(100);
	act_as_tester(&lg);
	if (write(ready[1], "r", 1) != 1)
		_exit(101);
	close(ready[1]);
	/* EOF when the parent closes its end: every racer starts at once. */
	if (read(gate[0], &c, 1) != 0)
		_exit(102);
	st = (int)fn(&lg, i, ctx);
	ledger_close(&lg);
	_exit(st);
}

/*
 * Run fn in n processes that start together; status[i] is what each
 * returned. The test's own connection is closed meanwhile, so that no
 * SQLite connection crosses a fork.
 */
static void
race(struct fixture *f, int n, racer_fn fn, void *ctx, int *status)
{
	int gate[2], ready[2], ws;
	pid_t pid[RACERS];
	struct jf_error err;
	char c;

	assert_true(n <= RACERS);
	ledger_close(&f->lg);
	assert_int_equal(pipe(gate), 0);
	assert_int_equal(pipe(ready), 0);
	fflush(NULL);
	for (int i = 0; i < n; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			racer(f, i, fn, ctx, gate, ready);
	}
	close(gate[0]);
	close(ready[1]);
	for (int i = 0; i < n; i++)
		assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	close(gate[1]);
	for (int i = 0; i < n; i++) {
		assert_int_equal(waitpid(pid[i], &ws, 0), pid[i]);
		assert_true(WIFEXITED(ws));
		status[i] = WEXITSTATUS(ws);
	}
	if (ledger_open(&f->lg, f->path, &f->cfg, &err) != JF_OK)
		fail_msg("reopening: %s", err.message);
	act_as_tester(&f->lg);
}

/* Exactly one JF_OK, every other refused with lost (never busy); the
 * winner's index. */
static int
one_winner(const int *status, int n, int round, enum jf_status lost)
{
	int winner = -1;

	for (int i = 0; i < n; i++) {
		if (status[i] == JF_OK) {
			if (winner >= 0)
				fail_msg("round %d: racers %d and %d both succeeded", round, winner, i);
			winner = i;
		} else if (status[i] != (int)lost) {
			fail_msg("round %d: racer %d ended with status %d (%s)", round, i, status[i],
				 jf_status_name((enum jf_status)status[i]));
		}
	}
	if (winner < 0)
		fail_msg("round %d: nobody succeeded", round);
	return winner;
}

static enum jf_status
redeem_racer(struct ledger *lg, int i, void *ctx)
{
	char staff[16];
	struct voucher v;

	snprintf(staff, sizeof staff, "till-%d", i);
	return voucher_redeem(lg, ctx, staff, &v, NULL);
}

static void
test_concurrent_redeem_one_wins(void **state)
{
	struct fixture *f = *state;
	int status[RACERS], winner;
	char staff[16];
	struct voucher v, after;

	fixture_grant(f, ANN, 100 * RACE_ROUNDS, KIND_POINTS);
	import(f, HEADER "ONE,独一份,Only One,misc,goods,100,,,,100,0,,,\n");
	for (int round = 0; round < RACE_ROUNDS; round++) {
		issue_ok(f, ANN, "ONE", 1, &v);
		race(f, RACERS, redeem_racer, v.code, status);
		winner = one_winner(status, RACERS, round, JF_CONFLICT);
		assert_int_equal(voucher_find(&f->lg, v.code, &after, NULL), JF_OK);
		assert_int_equal(after.state, VOUCHER_REDEEMED);
		snprintf(staff, sizeof staff, "staff:till-%d", winner);
		assert_string_equal(after.redeemed_by, staff);
		/* Spent once, not once per racer. */
		assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 100 * (RACE_ROUNDS - round - 1));
		assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 0);
	}
	assert_int_equal(sql(f, "SELECT count(*) FROM entry WHERE type = 'redeem'"), RACE_ROUNDS);
	fixture_verify_ok(f);
}

static enum jf_status
last_unit_racer(struct ledger *lg, int i, void *ctx)
{
	char card[32];
	struct voucher v;

	snprintf(card, sizeof card, "2000000%d", i);
	return voucher_issue(lg, card, "ONE", 1, NULL, &v, NULL);
}

struct found_code {
	char code[VCODE_FULL_LEN + 1];
	int count;
};

static int
collect_code(const struct voucher *v, void *ctx)
{
	struct found_code *fc = ctx;

	snprintf(fc->code, sizeof fc->code, "%s", v->code);
	fc->count++;
	return 0;
}

static void
test_concurrent_last_unit_one_wins(void **state)
{
	struct fixture *f = *state;
	int status[RACERS], winner;
	char card[32];
	struct found_code fc;
	struct voucher v;
	struct jf_error err;

	for (int i = 0; i < RACERS; i++) {
		snprintf(card, sizeof card, "2000000%d", i);
		fixture_add_member(f, card, "Racer");
		fixture_grant(f, card, 1000, KIND_POINTS);
	}
	for (int round = 0; round < RACE_ROUNDS; round++) {
		assert_int_equal(stock_of(f, "ONE"), 1);
		race(f, RACERS, last_unit_racer, NULL, status);
		winner = one_winner(status, RACERS, round, JF_INSUFFICIENT);
		assert_int_equal(stock_of(f, "ONE"), 0);
		assert_int_equal(sql(f, "SELECT count(*) FROM voucher WHERE state = 0"), 1);
		/* Only the winner holds points; the losers wrote nothing. */
		for (int i = 0; i < RACERS; i++) {
			snprintf(card, sizeof card, "2000000%d", i);
			assert_int_equal(fixture_held(f, card, KIND_POINTS), i == winner ? 100 : 0);
		}
		/* Cancel the winner's voucher: the unit is back for the next round. */
		snprintf(card, sizeof card, "2000000%d", winner);
		memset(&fc, 0, sizeof fc);
		assert_int_equal(voucher_list(&f->lg, card, 1, collect_code, &fc, &err), JF_OK);
		assert_int_equal(fc.count, 1);
		assert_int_equal(voucher_cancel(&f->lg, fc.code, &v, &err), JF_OK);
	}
	/* One voucher a round, each cancelled: the unit is on the shelf again. */
	assert_int_equal(sql(f, "SELECT count(*) FROM voucher"), RACE_ROUNDS);
	assert_int_equal(sql(f, "SELECT count(*) FROM voucher WHERE state = 2"), RACE_ROUNDS);
	assert_int_equal(stock_of(f, "ONE"), 1);
	fixture_verify_ok(f);
}

/* ---- expiry, cancel, return ---- */

static void
test_voucher_expiry(void **state)
{
	struct fixture *f = *state;
	struct voucher v, out;
	struct jf_error err;
	int64_t count = -1, issued = clock_now();

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 2, &v);
	assert_int_equal(stock_of(f, "A1"), 3);

	/* Day 29: still good. */
	clock_set(issued + 29 * DAY);
	assert_int_equal(voucher_expire_due(&f->lg, &count, &err), JF_OK);
	assert_int_equal(count, 0);
	assert_int_equal(state_of(f, v.code), VOUCHER_ISSUED);

	/* Past day 30, before the daily job: a scan is refused, nothing moves. */
	clock_set(issued + 30 * DAY + 1);
	expect_refused(voucher_redeem(&f->lg, v.code, "till-1", &out, &err), &err, JF_CONFLICT,
		       "expired");
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 2000);

	/* Day 31: the job expires it; points and stock come back. */
	clock_set(issued + 31 * DAY);
	assert_int_equal(voucher_expire_due(&f->lg, &count, &err), JF_OK);
	assert_int_equal(count, 1);
	assert_int_equal(state_of(f, v.code), VOUCHER_EXPIRED);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 0);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 5000);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 5000);
	assert_int_equal(stock_of(f, "A1"), 5);
	expect_refused(voucher_redeem(&f->lg, v.code, "till-1", &out, &err), &err, JF_CONFLICT,
		       "expired");
	expect_refused(voucher_cancel(&f->lg, v.code, &out, &err), &err, JF_CONFLICT, NULL);
	/* A second run finds nothing more. */
	assert_int_equal(voucher_expire_due(&f->lg, &count, &err), JF_OK);
	assert_int_equal(count, 0);
	assert_int_equal(stock_of(f, "A1"), 5);
	fixture_verify_ok(f);
}

static void
test_cancel(void **state)
{
	struct fixture *f = *state;
	struct voucher v, w, out;
	struct jf_error err;

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 2, &v);
	assert_int_equal(voucher_cancel(&f->lg, v.short_code, &out, &err), JF_OK);
	assert_int_equal(out.state, VOUCHER_CANCELLED);
	assert_int_equal(out.closed_at, clock_now());
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 0);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 5000);
	assert_int_equal(stock_of(f, "A1"), 5);
	expect_refused(voucher_cancel(&f->lg, v.code, &out, &err), &err, JF_CONFLICT, "cancelled");
	expect_refused(voucher_redeem(&f->lg, v.code, "till-1", &out, &err), &err, JF_CONFLICT,
		       "cancelled");
	assert_int_equal(stock_of(f, "A1"), 5);

	/* A redeemed voucher cannot be cancelled: the goods were handed over. */
	issue_ok(f, ANN, "A1", 1, &w);
	redeem_ok(f, w.code, "till-2", &out);
	expect_refused(voucher_cancel(&f->lg, w.code, &out, &err), &err, JF_CONFLICT,
		       "already redeemed");
	assert_int_equal(state_of(f, w.code), VOUCHER_REDEEMED);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 4000);
	assert_int_equal(stock_of(f, "A1"), 4);
	fixture_verify_ok(f);
}

/*
 * Two lots: 600 points due in 40 days and 1000 due in a year. A voucher of
 * 1000 takes all of the first and 400 of the second. Returned 20 days
 * later, each lot gets back exactly what it gave; the first, now due in 20
 * days, is moved to 30 days from the return; the second keeps its date.
 */
static void
test_return_into_original_lots(void **state)
{
	struct fixture *f = *state;
	char query[200], date[16], when[CLOCK_DATE_LEN];
	struct voucher v, out;
	struct jf_error err;
	int64_t soon, later;

	f->cfg.expiry_days = 40;
	soon = fixture_grant(f, ANN, 600, KIND_POINTS);
	f->cfg.expiry_days = 365;
	later = fixture_grant(f, ANN, 1000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 1, &v);
	redeem_ok(f, v.code, "till-1", &out);
	snprintf(query, sizeof query, "SELECT remaining FROM lot WHERE entry_id = %lld",
		 (long long)soon);
	assert_int_equal(sql(f, query), 0);
	snprintf(query, sizeof query, "SELECT remaining FROM lot WHERE entry_id = %lld",
		 (long long)later);
	assert_int_equal(sql(f, query), 600);
	assert_int_equal(stock_of(f, "A1"), 4);

	fixture_at("2026-03-21T15:00:00+08:00");
	assert_int_equal(voucher_return(&f->lg, v.code, "desk-3", &out, &err), JF_OK);
	assert_int_equal(out.state, VOUCHER_RETURNED);
	assert_string_equal(out.closed_by, "staff:desk-3");
	assert_string_equal(out.redeemed_by, "staff:till-1");
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1600);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 1600);
	assert_int_equal(stock_of(f, "A1"), 5);

	snprintf(query, sizeof query, "SELECT remaining FROM lot WHERE entry_id = %lld",
		 (long long)soon);
	assert_int_equal(sql(f, query), 600);
	snprintf(query, sizeof query, "SELECT expires_on FROM lot WHERE entry_id = %lld",
		 (long long)soon);
	fixture_sql_text(f->path, query, date, sizeof date);
	/* It was due 2026-04-10; 30 days from the return is 2026-04-20. */
	assert_string_equal(date, "2026-04-20");
	clock_date_add("2026-03-21", 30, when);
	assert_string_equal(date, when);
	snprintf(query, sizeof query, "SELECT remaining FROM lot WHERE entry_id = %lld",
		 (long long)later);
	assert_int_equal(sql(f, query), 1000);
	snprintf(query, sizeof query, "SELECT expires_on FROM lot WHERE entry_id = %lld",
		 (long long)later);
	fixture_sql_text(f->path, query, date, sizeof date);
	assert_string_equal(date, "2027-03-01");
	/* The move is on record with its reason. */
	snprintf(query, sizeof query, "SELECT count(*) FROM lot_change c JOIN lot l ON l.id = "
				      "c.lot_id WHERE l.entry_id = %lld AND c.old_expires_on = "
				      "'2026-04-10' AND c.new_expires_on = '2026-04-20' AND "
				      "c.reason LIKE '%%return%%'", (long long)soon);
	assert_int_equal(sql(f, query), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM lot_change"), 1);
	/* By whom and where: the staff member taking the goods back. */
	snprintf(query, sizeof query, "SELECT count(*) FROM lot_change WHERE actor = "
				      "'staff:desk-3' AND terminal = '%s'", f->cfg.terminal);
	assert_int_equal(sql(f, query), 1);

	expect_refused(voucher_return(&f->lg, v.code, "desk-3", &out, &err), &err, JF_CONFLICT,
		       "returned");
	expect_refused(voucher_redeem(&f->lg, v.code, "till-1", &out, &err), &err, JF_CONFLICT,
		       NULL);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1600);
	assert_int_equal(stock_of(f, "A1"), 5);
	fixture_verify_ok(f);
}

/* The lot's date passed (and the daily job ran) while the goods were out:
 * the return still costs the member nothing. */
static void
test_return_after_lot_date_passed(void **state)
{
	struct fixture *f = *state;
	struct expire_result ex;
	struct voucher v, out;
	struct jf_error err;
	char date[16];

	f->cfg.expiry_days = 10; /* due 2026-03-11 */
	fixture_grant(f, ANN, 1000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 1, &v);
	redeem_ok(f, v.code, "till-1", &out);
	fixture_at("2026-03-16T09:00:00+08:00");
	assert_int_equal(ledger_expire(&f->lg, &ex, &err), JF_OK);
	assert_int_equal(ex.points[KIND_POINTS], 0);

	assert_int_equal(voucher_return(&f->lg, v.code, "desk-1", &out, &err), JF_OK);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1000);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 1000);
	fixture_sql_text(f->path, "SELECT expires_on FROM lot", date, sizeof date);
	assert_string_equal(date, "2026-04-15");
	/* The next days' jobs leave them alone... */
	fixture_at("2026-03-17T09:00:00+08:00");
	assert_int_equal(ledger_expire(&f->lg, &ex, &err), JF_OK);
	assert_int_equal(ex.points[KIND_POINTS], 0);
	fixture_at("2026-04-15T09:00:00+08:00");
	assert_int_equal(ledger_expire(&f->lg, &ex, &err), JF_OK);
	assert_int_equal(ex.points[KIND_POINTS], 0);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1000);
	/* ... until the new date has passed. */
	fixture_at("2026-04-16T09:00:00+08:00");
	assert_int_equal(ledger_expire(&f->lg, &ex, &err), JF_OK);
	assert_int_equal(ex.points[KIND_POINTS], 1000);
	fixture_verify_ok(f);
}

static void
test_return_needs_redemption(void **state)
{
	struct fixture *f = *state;
	struct voucher v, out;
	struct jf_error err;

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 1, &v);
	expect_refused(voucher_return(&f->lg, v.code, "desk-1", &out, &err), &err, JF_CONFLICT,
		       "not redeemed");
	assert_int_equal(state_of(f, v.code), VOUCHER_ISSUED);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 1000);
	expect_refused(voucher_return(&f->lg, v.code, NULL, &out, &err), &err, JF_USAGE, NULL);
	assert_int_equal(voucher_cancel(&f->lg, v.code, &out, &err), JF_OK);
	expect_refused(voucher_return(&f->lg, v.code, "desk-1", &out, &err), &err, JF_CONFLICT,
		       "cancelled");
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 5000);
	assert_int_equal(stock_of(f, "A1"), 5);
	fixture_verify_ok(f);
}

/* ---- stock and points ---- */

static void
test_stock_never_below_zero(void **state)
{
	struct fixture *f = *state;
	struct voucher v, out;
	struct jf_error err;
	int64_t entries;

	fixture_grant(f, ANN, 50000, KIND_POINTS);
	issue_ok(f, ANN, "ONE", 1, &v);
	assert_int_equal(stock_of(f, "ONE"), 0);
	entries = fixture_entries(f);
	expect_refused(voucher_issue(&f->lg, ANN, "ONE", 1, NULL, &out, &err), &err, JF_INSUFFICIENT,
		       "out of stock");
	/* More than there is: refused whole, not in part. */
	expect_refused(voucher_issue(&f->lg, ANN, "A1", 6, NULL, &out, &err), &err, JF_INSUFFICIENT,
		       "out of stock");
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 100);
	assert_int_equal(sql(f, "SELECT count(*) FROM voucher"), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM hold"), 1);
	assert_int_equal(stock_of(f, "ONE"), 0);
	assert_int_equal(stock_of(f, "A1"), 5);
	/* Exactly what is there may be taken. */
	issue_ok(f, ANN, "A1", 5, &out);
	assert_int_equal(stock_of(f, "A1"), 0);
	assert_int_equal(sql(f, "SELECT min(stock) FROM item"), 0);
	fixture_verify_ok(f);
}

static void
test_insufficient_points(void **state)
{
	struct fixture *f = *state;
	struct voucher v, out;
	struct jf_error err;
	int64_t entries;

	fixture_grant(f, ANN, 999, KIND_POINTS);
	entries = fixture_entries(f);
	expect_refused(voucher_issue(&f->lg, ANN, "A1", 1, NULL, &out, &err), &err,
		       JF_INSUFFICIENT, NULL);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 0);
	assert_int_equal(stock_of(f, "A1"), 5);
	assert_int_equal(sql(f, "SELECT count(*) FROM voucher"), 0);
	assert_int_equal(sql(f, "SELECT count(*) FROM hold"), 0);

	/* Held points are not available twice. */
	fixture_grant(f, ANN, 501, KIND_POINTS);
	issue_ok(f, ANN, "A1", 1, &v);
	expect_refused(voucher_issue(&f->lg, ANN, "A1", 1, NULL, &out, &err), &err,
		       JF_INSUFFICIENT, NULL);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 1000);
	assert_int_equal(stock_of(f, "A1"), 4);

	/* Green items take green points only: 500 ordinary points do not buy
	 * a 50-point green bag. */
	expect_refused(voucher_issue(&f->lg, ANN, "GR", 1, NULL, &out, &err), &err,
		       JF_INSUFFICIENT, NULL);
	assert_int_equal(stock_of(f, "GR"), 10);
	fixture_grant(f, ANN, 60, KIND_GREEN);
	issue_ok(f, ANN, "GR", 1, &v);
	assert_int_equal(v.kind, KIND_GREEN);
	assert_int_equal(fixture_held(f, ANN, KIND_GREEN), 50);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 1000);
	expect_refused(voucher_issue(&f->lg, ANN, "GR", 1, NULL, &out, &err), &err,
		       JF_INSUFFICIENT, NULL);
	assert_int_equal(stock_of(f, "GR"), 9);
	/* And a redeemed green voucher spends green points. */
	redeem_ok(f, v.code, "till-1", &out);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 10);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1500);
	fixture_verify_ok(f);
}

/* ---- the store's faults ---- */

struct memo_hunt {
	const char *text;
	int found;
};

static int
find_memo(const struct history_item *item, void *ctx)
{
	struct memo_hunt *h = ctx;

	if (strstr(item->memo, h->text) != NULL && item->points > 0)
		h->found++;
	return 0;
}

static void
test_delist_compensates(void **state)
{
	struct fixture *f = *state;
	struct voucher a1, a2, b1, g, out;
	struct delist_result res;
	struct memo_hunt hunt = { "supplier recall", 0 };
	struct jf_error err;
	struct catalog_item it;

	fixture_grant(f, ANN, 3000, KIND_POINTS);
	fixture_grant(f, BOB, 2000, KIND_POINTS);
	fixture_grant(f, BOB, 100, KIND_GREEN);
	issue_ok(f, ANN, "A1", 1, &a1);
	issue_ok(f, ANN, "A1", 1, &a2);
	issue_ok(f, BOB, "A1", 1, &b1);
	issue_ok(f, BOB, "GR", 2, &g);
	redeem_ok(f, a2.code, "till-1", &out);
	assert_int_equal(stock_of(f, "A1"), 2);

	assert_int_equal(compensate_delist(&f->lg, "A1", 200, "supplier recall", &res, &err),
			 JF_OK);
	assert_int_equal(res.vouchers, 2);
	assert_int_equal(res.points_back, 2000);
	assert_int_equal(res.bonus_points, 400);
	/* The open vouchers are cancelled with the reason; the redeemed one stays. */
	assert_int_equal(voucher_find(&f->lg, a1.code, &out, NULL), JF_OK);
	assert_int_equal(out.state, VOUCHER_CANCELLED);
	assert_string_equal(out.reason, "supplier recall");
	assert_int_equal(state_of(f, b1.code), VOUCHER_CANCELLED);
	assert_int_equal(state_of(f, a2.code), VOUCHER_REDEEMED);
	assert_int_equal(state_of(f, g.code), VOUCHER_ISSUED);
	/* Points back, plus the bonus each. */
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 3000 - 1000 + 200);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 2200);
	assert_int_equal(fixture_total(f, BOB, KIND_POINTS), 2200);
	assert_int_equal(fixture_available(f, BOB, KIND_POINTS), 2200);
	assert_int_equal(fixture_held(f, BOB, KIND_GREEN), 100);
	/* The stock of the cancelled vouchers is back (the item is gone anyway). */
	assert_int_equal(stock_of(f, "A1"), 4);
	/* Why: in each member's notices, and in the bonus entry's memo. */
	assert_int_equal(sql(f, "SELECT count(*) FROM notice WHERE kind = 'compensation' AND "
				"text LIKE '%supplier recall%'"), 2);
	assert_int_equal(ledger_history(&f->lg, ANN, 50, find_memo, &hunt, &err), JF_OK);
	assert_int_equal(hunt.found, 1);

	assert_int_equal(catalog_find(&f->lg, "A1", &it, &err), JF_OK);
	assert_true(it.delisted);
	assert_string_equal(it.delist_reason, "supplier recall");
	/* Who delisted it, and where: the item's last change. */
	assert_string_equal(it.delisted_by, "shell:tester");
	assert_string_equal(it.updated_by, "shell:tester");
	assert_string_equal(it.updated_terminal, f->cfg.terminal);
	expect_refused(compensate_delist(&f->lg, "A1", 200, "again", &res, &err), &err,
		       JF_CONFLICT, NULL);
	expect_refused(voucher_issue(&f->lg, ANN, "A1", 1, NULL, &out, &err), &err, JF_CONFLICT,
		       "supplier recall");
	expect_refused(voucher_redeem(&f->lg, a1.code, "till-1", &out, &err), &err, JF_CONFLICT,
		       "cancelled");
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 2200);

	/* A green item's bonus is green. */
	assert_int_equal(compensate_delist(&f->lg, "GR", 10, "no more bags", &res, &err), JF_OK);
	assert_int_equal(res.vouchers, 1);
	assert_int_equal(fixture_total(f, BOB, KIND_GREEN), 110);
	assert_int_equal(fixture_available(f, BOB, KIND_GREEN), 110);
	assert_int_equal(fixture_total(f, BOB, KIND_POINTS), 2200);
	fixture_verify_ok(f);
}

/* The notices a member would be shown now: their ids, newest first. */
struct notice_ids {
	int64_t ids[8];
	size_t count;
};

static int
keep_notice_id(const struct member_notice *n, void *ctx)
{
	struct notice_ids *got = ctx;

	got->ids[got->count++] = n->id;
	return got->count == 8;
}

static size_t
notices_of(struct fixture *f, const char *card, struct notice_ids *got)
{
	struct jf_error err;

	memset(got, 0, sizeof *got);
	assert_int_equal(member_notices(&f->lg, card, 0, keep_notice_id, got, &err), JF_OK);
	return got->count;
}

/* A notice the kiosk has shown is not shown again; marking another
 * member's notice, or an unknown one, changes nothing. */
static void
test_notice_seen_once(void **state)
{
	struct fixture *f = *state;
	struct voucher a, b;
	struct delist_result res;
	struct notice_ids ann, bob;
	struct jf_error err;
	int64_t unknown = 999999;

	fixture_grant(f, ANN, 3000, KIND_POINTS);
	fixture_grant(f, BOB, 2000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 1, &a);
	issue_ok(f, BOB, "A1", 1, &b);
	assert_int_equal(compensate_delist(&f->lg, "A1", 10, "recall", &res, &err), JF_OK);
	assert_int_equal(notices_of(f, ANN, &ann), 1);
	assert_int_equal(notices_of(f, BOB, &bob), 1);

	/* Ann's kiosk tries Bob's notice and one that does not exist. */
	assert_int_equal(member_notices_seen(&f->lg, ANN, bob.ids, 1, &err), JF_OK);
	assert_int_equal(member_notices_seen(&f->lg, ANN, &unknown, 1, &err), JF_OK);
	assert_int_equal(notices_of(f, BOB, &bob), 1);
	assert_int_equal(notices_of(f, ANN, &ann), 1);

	assert_int_equal(member_notices_seen(&f->lg, ANN, ann.ids, ann.count, &err), JF_OK);
	assert_int_equal(notices_of(f, ANN, &ann), 0);
	assert_int_equal(notices_of(f, BOB, &bob), 1);
	/* Seen is not gone: the notice stays on record. */
	assert_int_equal(sql(f, "SELECT count(*) FROM notice WHERE seen = 1"), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM notice"), 2);
	/* Who wrote the notices (the delisting) and who saw one, and where. */
	assert_int_equal(sql(f, "SELECT count(*) FROM notice WHERE created_by = 'shell:tester' "
				"AND created_terminal <> ''"), 2);
	assert_int_equal(sql(f, "SELECT count(*) FROM notice WHERE seen = 1 AND seen_by = "
				"'shell:tester' AND seen_terminal <> '' AND seen_at <> 0"), 1);
	fixture_verify_ok(f);
}

/*
 * An outage from 2026-03-30 09:00 to 2026-04-02 18:00. Ann's lots: E due
 * 03-28 and A due 03-30 (both expired by the job of 03-31), B due 04-01
 * (overdue, not yet expired), F due 04-03, C due next year. Compensation
 * at 04-02 20:00 with 10 days: A comes back, A and B are valid until
 * 04-12; E (before the window), F and C are not touched.
 */
static void
test_outage_compensates(void **state)
{
	struct fixture *f = *state;
	static const struct {
		int64_t days, points;
	} lots[] = { { 27, 50 }, { 29, 200 }, { 31, 300 }, { 33, 70 }, { 365, 1000 } };
	/* Where each lot's date should end up. */
	static const char *const want[] = { "2026-03-28", "2026-04-12", "2026-04-12",
					    "2026-04-03", "2027-03-01" };
	struct outage_result res;
	struct expire_result ex;
	struct jf_error err;
	char before[2048], after[2048], date[16], query[160];
	int64_t ids[5], from, to, entries, notices;

	for (int i = 0; i < 5; i++) {
		f->cfg.expiry_days = lots[i].days;
		ids[i] = fixture_grant(f, ANN, lots[i].points, KIND_POINTS);
	}
	f->cfg.expiry_days = 365;
	fixture_at("2026-03-31T03:00:00+08:00");
	assert_int_equal(ledger_expire(&f->lg, &ex, &err), JF_OK);
	assert_int_equal(ex.points[KIND_POINTS], 250);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1370);

	fixture_at("2026-04-02T20:00:00+08:00");
	assert_int_equal(clock_parse_iso("2026-03-30T09:00:00+08:00", &from), JF_OK);
	assert_int_equal(clock_parse_iso("2026-04-02T18:00:00+08:00", &to), JF_OK);
	expect_refused(compensate_outage(&f->lg, to, from, 10, &res, &err), &err, JF_USAGE, NULL);
	expect_refused(compensate_outage(&f->lg, from, clock_now() + 60, 10, &res, &err), &err,
		       JF_USAGE, NULL);
	expect_refused(compensate_outage(&f->lg, from, to, 0, &res, &err), &err, JF_USAGE, NULL);
	entries = fixture_entries(f);
	assert_int_equal(compensate_outage(&f->lg, from, to, 10, &res, &err), JF_OK);
	assert_int_equal(res.lots_restored, 1);
	assert_int_equal(res.points_restored[KIND_POINTS], 200);
	assert_int_equal(res.points_restored[KIND_GREEN], 0);
	assert_int_equal(res.lots_extended, 1);
	assert_string_equal(res.new_expiry, "2026-04-12");
	/* The balance is up by exactly the points that expired in the window. */
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1570);
	assert_int_equal(fixture_available(f, ANN, KIND_POINTS), 1570);
	assert_int_equal(fixture_entries(f), entries + 1);
	for (int i = 0; i < 5; i++) {
		snprintf(query, sizeof query, "SELECT expires_on FROM lot WHERE entry_id = %lld",
			 (long long)ids[i]);
		fixture_sql_text(f->path, query, date, sizeof date);
		if (strcmp(date, want[i]) != 0)
			fail_msg("lot %d expires %s, want %s", i, date, want[i]);
	}
	/* Why: in the entry's memo, the members' notices, the lot changes. */
	assert_int_equal(sql(f, "SELECT count(*) FROM entry WHERE type = 'compensate' AND memo "
				"LIKE 'system outage from 2026-03-30T09:00%'"), 1);
	assert_int_equal(sql(f, "SELECT count(*) FROM notice WHERE text LIKE 'system outage%'"), 2);
	assert_int_equal(sql(f, "SELECT count(*) FROM lot_change WHERE reason LIKE "
				"'system outage%' AND new_expires_on = '2026-04-12'"), 2);
	snprintf(query, sizeof query, "SELECT count(*) FROM lot_change WHERE actor = "
				      "'shell:tester' AND terminal = '%s'", f->cfg.terminal);
	assert_int_equal(sql(f, query), 2);
	fixture_verify_ok(f);
	/* A move that names nobody is found by verify. */
	fixture_sql_exec(f->path, "UPDATE lot_change SET terminal = '' WHERE id = 2");
	{
		struct verify_report vr;

		assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
		assert_non_null(strstr(vr.problem, "expiry change 2"));
	}
	snprintf(query, sizeof query, "UPDATE lot_change SET terminal = '%s'", f->cfg.terminal);
	fixture_sql_exec(f->path, query);

	/* The same run again changes nothing. */
	lots_of(f, before, sizeof before);
	entries = fixture_entries(f);
	notices = sql(f, "SELECT count(*) FROM notice");
	assert_int_equal(compensate_outage(&f->lg, from, to, 10, &res, &err), JF_OK);
	assert_int_equal(res.lots_restored, 0);
	assert_int_equal(res.lots_extended, 0);
	assert_int_equal(res.points_restored[KIND_POINTS], 0);
	lots_of(f, after, sizeof after);
	assert_string_equal(before, after);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(sql(f, "SELECT count(*) FROM notice"), notices);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 1570);

	/* And the next day's job keeps the moved points. */
	fixture_at("2026-04-03T03:00:00+08:00");
	assert_int_equal(ledger_expire(&f->lg, &ex, &err), JF_OK);
	assert_int_equal(ex.points[KIND_POINTS], 0);
	fixture_verify_ok(f);
}

/* ---- integrity ---- */

static void
expect_integrity(struct fixture *f, const char *what)
{
	struct verify_report r;
	struct jf_error err;

	jf_error_clear(&err);
	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_INTEGRITY);
	if (strstr(r.problem, what) == NULL)
		fail_msg("verify found \"%s\", expected a problem about %s", r.problem, what);
}

static void
test_verify_catches_voucher_tampering(void **state)
{
	struct fixture *f = *state;
	struct voucher v;
	char sql_text[120];

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	issue_ok(f, ANN, "A1", 1, &v);
	fixture_verify_ok(f);
	/* Marked redeemed while its hold is still pending. */
	snprintf(sql_text, sizeof sql_text, "UPDATE voucher SET state = 1 WHERE id = %lld",
		 (long long)v.id);
	fixture_sql_exec(f->path, sql_text);
	expect_integrity(f, "voucher");
	snprintf(sql_text, sizeof sql_text, "UPDATE voucher SET state = 0 WHERE id = %lld",
		 (long long)v.id);
	fixture_sql_exec(f->path, sql_text);
	fixture_verify_ok(f);
	/* Worth less than the points held for it. */
	snprintf(sql_text, sizeof sql_text, "UPDATE voucher SET points = 1 WHERE id = %lld",
		 (long long)v.id);
	fixture_sql_exec(f->path, sql_text);
	expect_integrity(f, "voucher");
}

/* A coupon on a bill: refused below its minimum spend (times its
 * quantity), nothing written; else redeemed with its discount. */
static void
test_coupon_min_spend(void **state)
{
	struct fixture *f = *state;
	struct voucher v, r;
	struct jf_error err;
	int64_t entries;

	fixture_grant(f, ANN, 5000, KIND_POINTS);
	issue_ok(f, ANN, "CP50", 2, &v);
	entries = fixture_entries(f);
	assert_int_equal(voucher_redeem_bill(&f->lg, v.code, "till-7", 9999, &r, &err),
			 JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_MIN_SPEND);
	assert_int_equal(err.num[0], 10000);
	assert_int_equal(err.num[1], 9999);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(fixture_held(f, ANN, KIND_POINTS), 900);
	assert_int_equal(voucher_redeem_bill(&f->lg, v.code, "till-7", -1, &r, &err), JF_USAGE);
	assert_int_equal(voucher_redeem_bill(&f->lg, v.code, "till-7", 10000, &r, &err), JF_OK);
	assert_int_equal(r.state, VOUCHER_REDEEMED);
	assert_int_equal(r.bill_fen, 10000);
	assert_int_equal(r.discount_fen, 2000);
	assert_int_equal(r.min_spend_fen, 5000);
	assert_int_equal(r.item_type, ITEM_COUPON);
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_path_from_location_and_config),
		T(test_key_file_in_config),
		T(test_issue_holds_points_and_stock),
		T(test_issue_key_replays),
		T(test_forged_code_refused_before_lookup),
		T(test_redeem_twice_says_when_and_who),
		T(test_concurrent_redeem_one_wins),
		T(test_concurrent_last_unit_one_wins),
		T(test_voucher_expiry),
		T(test_cancel),
		T(test_return_into_original_lots),
		T(test_return_after_lot_date_passed),
		T(test_return_needs_redemption),
		T(test_stock_never_below_zero),
		T(test_insufficient_points),
		T(test_delist_compensates),
		T(test_notice_seen_once),
		T(test_outage_compensates),
		T(test_verify_catches_voucher_tampering),
		T(test_coupon_min_spend),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
