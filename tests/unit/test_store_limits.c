/*
 * test_store_limits: what two stores of a chain must not both pass when
 * they write at once (DESIGN.md "The stores of a chain"). On PostgreSQL a
 * write runs REPEATABLE READ: store S002 opens its write and reads, so its
 * snapshot is older than what store S001 then writes and commits, and S002
 * writes after, inside that old snapshot. The row both change must make
 * S002's write run again (JF_RETRY, as ledger_write() would), and the run
 * again must see S001's. On SQLite a write holds the whole file, so S001
 * cannot write meanwhile: there S002 simply writes after, and the limit
 * must hold all the same.
 *
 * The limits: a campaign's budget at a purchase, a family's owner (who may
 * not leave while others stay), a member's tier judged by what they earned,
 * what is left of a receipt to refund, a badge set's grand prize, a
 * reminder once a day.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "campaign.h"
#include "clock.h"
#include "db.h"
#include "earn_rule.h"
#include "family.h"
#include "fixture.h"
#include "ledger.h"
#include "lines.h"
#include "remind.h"
#include "settings.h"
#include "task.h"
#include "tier.h"

#define ANN "10000003"
#define BOB "10000004"

static const char tiers_conf[] =
	"[tier basic]\nname_zh = 普通\nname_en = Basic\npoints = 0\n"
	"[tier silver]\nname_zh = 银卡\nname_en = Silver\npoints = 1000\nearn_percent = 110\n"
	"[tier gold]\nname_zh = 金卡\nname_en = Gold\npoints = 5000\nearn_percent = 150\n";

static const char food_campaign[] =
	"{ \"id\": \"food\", \"name\": { \"zh\": \"食品\", \"en\": \"Food\" },"
	"  \"banner\": { \"zh\": \"食品 1.5 倍\", \"en\": \"Food 1.5x\" },"
	"  \"start\": \"2026-03-01\", \"end\": \"2026-03-31\","
	"  \"earn\": { \"percent\": 150, \"goods\": [\"food\"] }, \"budget\": 1000 }";

/* The fixture's ledger is store S001's terminal K1; a second connection
 * to the same ledger, with the same config, is store S002's terminal K2. */
struct two_stores {
	struct settings cfg2;
	struct ledger lg2;
};

static struct two_stores two;

static int
setup(void **state)
{
	struct jf_error err;
	struct fixture *f;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (settings_load_string(&f->cfg, tiers_conf, &err) != JF_OK) {
		fprintf(stderr, "setup: tiers: %s\n", err.message);
		return -1;
	}
	f->cfg.points_per_yuan = 1;
	snprintf(f->cfg.categories[0].name, sizeof f->cfg.categories[0].name, "food");
	f->cfg.categories[0].points_per_yuan = 2;
	f->cfg.category_count = 1;
	fixture_at("2026-03-05T10:00:00+08:00");
	fixture_act(f);
	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, BOB, "Bob");
	return fixture_two_stores(f, &two.cfg2, &two.lg2);
}

static int
teardown(void **state)
{
	ledger_close(&two.lg2);
	return fixture_teardown(state);
}

/* S002 opens its write and reads: its snapshot is from before what S001
 * does next. Only on PostgreSQL (1); on SQLite S002 comes after (0). */
static int
s002_reads_first(struct fixture *f)
{
	struct jf_error err;
	int64_t n;

	if (!fixture_on_pg(f->path))
		return 0;
	assert_int_equal(db_begin_write(two.lg2.db, &err), JF_OK);
	assert_int_equal(db_one_int(db_stmt(two.lg2.db, "SELECT count(*) FROM member"), &n,
				    &err), JF_OK);
	return 1;
}

/* S002's write inside its old snapshot must be run again: what it read
 * is not what S001 committed. The caller then runs it again, afresh. */
static void
s002_must_run_again(int opened, enum jf_status st, const struct jf_error *err)
{
	if (!opened)
		return;
	if (st != JF_RETRY)
		fail_msg("S002 wrote on what it read before S001's commit: status %d (%s)", st,
			 st == JF_OK ? "written" : err->message);
	db_rollback(two.lg2.db);
}

static enum jf_status
earn_food(struct ledger *lg, const char *card, const char *receipt, int64_t fen,
	  struct ledger_result *res, struct earn_explain *x, struct jf_error *err)
{
	struct earn_request req = { card, fen, receipt, 0, "food" };

	return ledger_earn_explained(lg, &req, res, x, err);
}

/* A campaign's budget is the chain's: a purchase in each store at once
 * gives no more than is left (earn_rule.c budget_left() passes the gate). */
static void
test_campaign_budget_once(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct earn_explain x;
	struct game_problems p;
	struct jf_error err;
	enum jf_status st;
	int64_t version;
	int changed, opened;

	assert_int_equal(campaign_import_text(&f->lg, food_campaign, strlen(food_campaign),
					      &version, &changed, &p, &err), JF_OK);
	opened = s002_reads_first(f);
	/* S001: base 1800, bonus 900 of the 1000. */
	assert_int_equal(earn_food(&f->lg, ANN, "S1-1", 90000, &res, &x, &err), JF_OK);
	assert_int_equal(res.points, 2700);
	st = earn_food(&two.lg2, BOB, "S2-1", 90000, &res, &x, &err);
	s002_must_run_again(opened, st, &err);
	if (opened)
		st = earn_food(&two.lg2, BOB, "S2-1", 90000, &res, &x, &err);
	assert_int_equal(st, JF_OK);
	/* S002: what was left, 100, and said to be spent. */
	assert_int_equal(res.points, 1900);
	assert_true(x.campaigns[0].spent);
	assert_int_equal(fixture_sql_int(f->path, "SELECT sum(points) FROM campaign_award "
				       "WHERE code = 'food'"), 1000);
	fixture_verify_ok(f);
}

/* The owner may not leave while others stay: Bob leaving in one store
 * while another makes him the owner leaves neither an owner outside the
 * family nor Bob gone (family.c family_touch()). */
static void
test_family_owner_stays(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	enum jf_status st;
	int changed, dissolved, opened;
	char left[FAMILY_NAME_SIZE];

	assert_int_equal(family_create(&f->lg, "Lee", ANN, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "Lee", BOB, &err), JF_OK);
	opened = s002_reads_first(f);
	assert_int_equal(family_set_owner(&f->lg, "Lee", BOB, &changed, &err), JF_OK);
	assert_true(changed);
	st = family_remove(&two.lg2, BOB, left, &dissolved, &err);
	s002_must_run_again(opened, st, &err);
	if (opened)
		st = family_remove(&two.lg2, BOB, left, &dissolved, &err);
	assert_int_equal(st, JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_OWNER_LEAVES);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM family f JOIN member m "
				       "ON m.id = f.owner_id AND m.family_id = f.id "
				       "WHERE f.name = 'Lee' AND m.card = '" BOB "'"), 1);
	fixture_verify_ok(f);
}

/* The other way round: Ann made owner in one store while she is leaving
 * in another. */
static void
test_family_owner_made_while_leaving(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	enum jf_status st;
	int changed = 0, dissolved, opened;
	char left[FAMILY_NAME_SIZE];

	assert_int_equal(family_create(&f->lg, "Lee", BOB, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "Lee", ANN, &err), JF_OK);
	opened = s002_reads_first(f);
	assert_int_equal(family_remove(&f->lg, ANN, left, &dissolved, &err), JF_OK);
	assert_false(dissolved);
	st = family_set_owner(&two.lg2, "Lee", ANN, &changed, &err);
	s002_must_run_again(opened, st, &err);
	if (opened)
		st = family_set_owner(&two.lg2, "Lee", ANN, &changed, &err);
	assert_int_equal(st, JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_NOT_IN_FAMILY);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM family f JOIN member m "
				       "ON m.id = f.owner_id WHERE f.name = 'Lee' "
				       "AND m.card = '" BOB "'"), 1);
	fixture_verify_ok(f);
}

static void
expect_tier(struct fixture *f, const char *card, const char *id)
{
	char tier[SETTINGS_TIER_ID_SIZE];
	struct jf_error err;

	assert_int_equal(tier_of(&f->lg, card, clock_now(), tier, sizeof tier, &err), JF_OK);
	assert_string_equal(tier, id);
}

/* The daily pass in one store while a purchase in another keeps the
 * member in their tier at its anniversary: the member keeps it (and the
 * purchase earned at it). tier_daily.c hold_member(). */
static void
test_tier_kept_by_purchase_meanwhile(void **state)
{
	struct fixture *f = *state;
	struct earn_request req = { ANN, 600000, "T1", 0, NULL };
	struct tier_daily_result tr;
	struct ledger_result res;
	struct jf_error err;
	enum jf_status st;
	int opened;

	assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_OK);
	assert_int_equal(tier_daily(&f->lg, &tr, &err), JF_OK);
	expect_tier(f, ANN, "gold");
	/* A year on (Ann joined on 5 March), the window holds nothing of T1. */
	fixture_at("2027-03-05T10:00:00+08:00");
	opened = s002_reads_first(f);
	req.receipt = "T2";
	assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_OK);
	assert_int_equal(res.points, 9000); /* at gold's 150% */
	st = tier_daily(&two.lg2, &tr, &err);
	s002_must_run_again(opened, st, &err);
	if (opened)
		st = tier_daily(&two.lg2, &tr, &err);
	assert_int_equal(st, JF_OK);
	assert_int_equal(tr.reviewed, 1);
	assert_int_equal(tr.downgrades, 0);
	expect_tier(f, ANN, "gold");
	fixture_verify_ok(f);
}

static enum jf_status
refund(struct ledger *lg, const char *key, int64_t fen, struct jf_error *err)
{
	struct refund_request req = { "R1", fen, key };
	struct refund_result res;

	return ledger_earn_refund(lg, &req, &res, err);
}

/* What is left of a receipt is refunded once, when the points it earned
 * were spent and no refund takes any back (refund.c hold_receipt()). */
static void
test_receipt_refunded_once(void **state)
{
	struct fixture *f = *state;
	struct earn_request req = { ANN, 10000, "R1", 0, NULL };
	struct ledger_result res;
	struct jf_error err;
	enum jf_status st;
	int opened;

	assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_OK);
	assert_int_equal(res.points, 100);
	fixture_spend(f, ANN, 100, KIND_POINTS);
	opened = s002_reads_first(f);
	assert_int_equal(refund(&f->lg, "k1", 6000, &err), JF_OK);
	st = refund(&two.lg2, "k2", 6000, &err);
	s002_must_run_again(opened, st, &err);
	if (opened)
		st = refund(&two.lg2, "k2", 6000, &err);
	assert_int_equal(st, JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_REFUND_TOO_MUCH);
	assert_int_equal(fixture_sql_int(f->path, "SELECT sum(fen) FROM refund_part "
				       "WHERE receipt = 'R1'"), 6000);
	fixture_verify_ok(f);
}

#define NAMES "\"names\": {\"zh\": \"任务\", \"en\": \"Task\"}"
static const char badge_book[] =
	"{\"tasks\": ["
	" {\"id\": \"t1\", " NAMES ", \"kind\": \"counter_confirmed\", \"period\": \"once\","
	"  \"reward\": {\"kind\": \"badge\", \"badge\": \"b1\"}},"
	" {\"id\": \"t2\", " NAMES ", \"kind\": \"counter_confirmed\", \"period\": \"once\","
	"  \"reward\": {\"kind\": \"badge\", \"badge\": \"b2\"}}],"
	" \"badge_sets\": [{\"id\": \"set\", " NAMES ", \"badges\": ["
	"  {\"id\": \"b1\", " NAMES ", \"how\": {\"zh\": \"一\", \"en\": \"One\"}},"
	"  {\"id\": \"b2\", " NAMES ", \"how\": {\"zh\": \"二\", \"en\": \"Two\"}}],"
	"  \"prize\": {\"kind\": \"points\", \"amount\": 500}}]}";

/* The set's last two badges given in two stores at once: the grand prize
 * is paid, once (task.c hold_member_badges()). */
static void
test_badge_set_prize_paid(void **state)
{
	struct fixture *f = *state;
	struct game_problems p;
	struct task_done done;
	struct jf_error err;
	enum jf_status st;
	int64_t version;
	int changed, opened;

	assert_int_equal(task_import_text(&f->lg, badge_book, strlen(badge_book), &version,
					  &changed, &p, &err), JF_OK);
	opened = s002_reads_first(f);
	assert_int_equal(task_complete(&f->lg, ANN, "t1", &done, &err), JF_OK);
	st = task_complete(&two.lg2, ANN, "t2", &done, &err);
	s002_must_run_again(opened, st, &err);
	if (opened)
		st = task_complete(&two.lg2, ANN, "t2", &done, &err);
	assert_int_equal(st, JF_OK);
	assert_string_equal(done.set_completed, "set");
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM badge_prize"), 1);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 500);
	fixture_verify_ok(f);
}

static enum jf_status
remind(struct ledger *lg, int64_t *told, struct jf_error *err)
{
	return remind_run(lg, REMIND_DAYS_MAX, 0, NULL, NULL, told, err);
}

/* A member is told of expiring points once a day, two stores' runs at
 * once too (remind.c hold_member()). */
static void
test_reminded_once_a_day(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	enum jf_status st;
	int64_t told;
	int opened;

	fixture_grant(f, ANN, 100, KIND_POINTS);
	fixture_sql_exec(f->path, "UPDATE member SET phone = '13800138001' WHERE card = '" ANN "'");
	opened = s002_reads_first(f);
	assert_int_equal(remind(&f->lg, &told, &err), JF_OK);
	assert_int_equal(told, 1);
	st = remind(&two.lg2, &told, &err);
	s002_must_run_again(opened, st, &err);
	if (opened)
		st = remind(&two.lg2, &told, &err);
	assert_int_equal(st, JF_OK);
	assert_int_equal(told, 0);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM reminder"), 1);
	fixture_verify_ok(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_campaign_budget_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_family_owner_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_family_owner_made_while_leaving, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tier_kept_by_purchase_meanwhile, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_receipt_refunded_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_badge_set_prize_paid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reminded_once_a_day, setup, teardown),
	};

	fixture_pin_environment();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
