/*
 * test_campaign: campaigns in core (campaign.h, earn_rule.h): the parser's
 * problems and canonical text, the earn rule's arithmetic (rounding per
 * line, a member's own rate as the base, the highest multiplier only),
 * windows at their edges in the store's time zone, a budget capping and
 * then stopping a bonus, a replay giving the same bonus once, a return
 * giving the budget back in proportion, and gift packs once per member.
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

#include "campaign.h"
#include "catalog.h"
#include "earn_rule.h"
#include "fixture.h"
#include "ledger.h"
#include "lines.h"
#include "member_rate.h"

#define ANN "10000001"
#define BOB "10000002"

static const char food_campaign[] =
	"{ \"id\": \"food\", \"name\": { \"zh\": \"食品\", \"en\": \"Food\" },"
	"  \"banner\": { \"zh\": \"食品 1.5 倍\", \"en\": \"Food 1.5x\" },"
	"  \"start\": \"2026-03-01\", \"end\": \"2026-03-31\","
	"  \"earn\": { \"percent\": 150, \"goods\": [\"food\"] }, \"budget\": 1000 }";
static const char all_campaign[] =
	"{ \"id\": \"all\", \"name\": { \"zh\": \"全场\", \"en\": \"All\" },"
	"  \"banner\": { \"zh\": \"全场\", \"en\": \"All\" },"
	"  \"start\": \"2026-03-01\", \"end\": \"2026-03-01\","
	"  \"earn\": { \"percent\": 120, \"goods\": \"all\" } }";

static void
setup(struct fixture *f)
{
	f->cfg.points_per_yuan = 1;
	snprintf(f->cfg.categories[0].name, sizeof f->cfg.categories[0].name, "food");
	f->cfg.categories[0].points_per_yuan = 2;
	f->cfg.category_count = 1;
	fixture_act(f);
	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, BOB, "Bob");
}

static void
import(struct fixture *f, const char *text)
{
	struct game_problems p;
	struct jf_error err;
	int64_t version;
	int changed;

	assert_int_equal(campaign_import_text(&f->lg, text, strlen(text), &version, &changed, &p,
					      &err), JF_OK);
}

static int64_t
earn(struct fixture *f, const char *card, const char *receipt, int64_t fen,
     const char *category, struct earn_explain *x)
{
	struct earn_request req = { card, fen, receipt, 0, category };
	struct ledger_result res;
	struct jf_error err;

	assert_int_equal(ledger_earn_explained(&f->lg, &req, &res, x, &err), JF_OK);
	return res.points;
}

static void
test_parse(void **state)
{
	static struct campaign_spec a, b;
	static struct game_problems p;
	static const char spaced[] =
		"{\n  \"budget\": 1000, \"earn\": { \"goods\": [ \"food\" ], \"percent\": 150 },\n"
		"  \"id\": \"food\", \"start\": \"2026-03-01\", \"end\": \"2026-03-31\",\n"
		"  \"banner\": { \"en\": \"Food 1.5x\", \"zh\": \"食品 1.5 倍\" },\n"
		"  \"name\": { \"en\": \"Food\", \"zh\": \"食品\" } }\n";
	static const char bad[] =
		"{ \"id\": \"x\", \"start\": \"2026-03-02\", \"end\": \"2026-03-01\","
		"  \"earn\": { \"percent\": 50, \"goods\": \"all\" }, \"tiers\": [\"gold\", \"gold\"] }";
	char *ca, *cb;

	(void)state;
	assert_int_equal(campaign_spec_parse(food_campaign, strlen(food_campaign), &a, &p), JF_OK);
	assert_int_equal(a.scope, SCOPE_CATEGORIES);
	assert_int_equal(a.percent, 150);
	assert_int_equal(a.budget, 1000);
	assert_int_equal(campaign_spec_parse(spaced, strlen(spaced), &b, &p), JF_OK);
	ca = campaign_spec_canonical(&a);
	cb = campaign_spec_canonical(&b);
	assert_string_equal(ca, cb);
	free(ca);
	free(cb);
	assert_int_equal(campaign_spec_parse(bad, strlen(bad), &a, &p), JF_USAGE);
	/* names, banner, end before start, percent, tier twice */
	assert_int_equal(p.count, 5);
	assert_string_equal(a.code, "");
}

static void
test_rule_arithmetic(void **state)
{
	struct fixture *f = *state;
	struct earn_explain x;
	struct jf_error err;

	setup(f);
	import(f, food_campaign);
	import(f, all_campaign);
	/* 99.99 yuan of food: base 99 x 2 = 198, bonus 198 x 50% = 99; the
	 * all-goods 120% is lower and never adds to it. */
	assert_int_equal(earn(f, ANN, "R1", 9999, "food", &x), 297);
	assert_int_equal(x.base[KIND_POINTS], 198);
	assert_int_equal(x.campaign_bonus[KIND_POINTS], 99);
	assert_int_equal(x.campaign_count, 1);
	assert_string_equal(x.campaigns[0].code, "food");
	/* Other goods: the all-goods campaign, rounded down (9 x 20% = 1.8). */
	assert_int_equal(earn(f, ANN, "R2", 999, NULL, &x), 10);
	assert_string_equal(x.campaigns[0].code, "all");
	/* A member's own rate is the base the multiplier works on. */
	assert_int_equal(member_rate_set(&f->lg, BOB, 3, &err), JF_OK);
	assert_int_equal(earn(f, BOB, "R3", 1000, "food", &x), 45);
	fixture_verify_ok(f);
}

static void
test_window_edges(void **state)
{
	struct fixture *f = *state;
	struct earn_explain x;

	setup(f);
	import(f, all_campaign);
	fixture_at("2026-02-28T23:59:59+08:00");
	assert_int_equal(earn(f, ANN, "E1", 10000, NULL, &x), 100);
	fixture_at("2026-03-01T00:00:00+08:00");
	assert_int_equal(earn(f, ANN, "E2", 10000, NULL, &x), 120);
	fixture_at("2026-03-01T23:59:59+08:00");
	assert_int_equal(earn(f, ANN, "E3", 10000, NULL, &x), 120);
	fixture_at("2026-03-02T00:00:00+08:00");
	assert_int_equal(earn(f, ANN, "E4", 10000, NULL, &x), 100);
	assert_int_equal(x.campaign_count, 0);
	fixture_verify_ok(f);
}

static void
test_budget_and_replay(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct earn_explain x;
	struct campaign_info *c = malloc(sizeof *c);
	struct jf_error err;

	setup(f);
	import(f, food_campaign);
	/* 900 of the 1000: base 1800, bonus 900. */
	assert_int_equal(earn(f, ANN, "B1", 90000, "food", &x), 2700);
	/* Capped at the 100 left, and the notice. */
	assert_int_equal(earn(f, ANN, "B2", 90000, "food", &x), 1900);
	assert_int_equal(x.campaigns[0].points[KIND_POINTS], 100);
	assert_true(x.campaigns[0].spent);
	/* Then nothing, said so. */
	assert_int_equal(earn(f, ANN, "B3", 1000, "food", &x), 20);
	assert_int_equal(x.campaign_count, 1);
	assert_true(x.campaigns[0].spent);
	assert_int_equal(x.campaigns[0].points[KIND_POINTS], 0);
	/* A replay gives the same once: the recorded bonus, nothing new. */
	assert_int_equal(earn(f, ANN, "B2", 90000, "food", &x), 1900);
	assert_true(x.recorded);
	assert_int_equal(x.campaign_bonus[KIND_POINTS], 100);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM campaign_award"), 2);
	/* A whole return gives back the budget of what it took. */
	assert_int_equal(ledger_earn_reverse(&f->lg, "B1", &res, &err), JF_OK);
	assert_int_equal(res.points, 2700);
	assert_int_equal(campaign_find(&f->lg, "food", c, &err), JF_OK);
	assert_int_equal(c->left, 900);
	assert_int_equal(c->given_earn, 100);
	fixture_verify_ok(f);
	free(c);
}

static void
test_gift_pack(void **state)
{
	struct fixture *f = *state;
	static const char gift[] =
		"{ \"id\": \"gift\", \"name\": { \"zh\": \"礼包\", \"en\": \"Gift\" },"
		"  \"banner\": { \"zh\": \"礼包\", \"en\": \"Gift\" },"
		"  \"start\": \"2026-03-01\", \"end\": \"2026-03-01\","
		"  \"gift_pack\": { \"points\": 88 }, \"budget\": 100 }";
	struct campaign_claim_result r;
	struct jf_error err;
	int claimed;

	setup(f);
	import(f, gift);
	assert_int_equal(campaign_can_claim(&f->lg, "gift", ANN, &claimed, &err), JF_OK);
	assert_false(claimed);
	assert_int_equal(campaign_claim(&f->lg, "gift", ANN, &r, &err), JF_OK);
	assert_int_equal(r.points, 88);
	assert_false(r.replay);
	assert_int_equal(campaign_claim(&f->lg, "gift", ANN, &r, &err), JF_OK);
	assert_true(r.replay);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 88);
	assert_int_equal(campaign_can_claim(&f->lg, "gift", ANN, &claimed, &err), JF_OK);
	assert_true(claimed);
	/* 12 left of 100: Bob's pack of 88 is refused whole. */
	assert_int_equal(campaign_claim(&f->lg, "gift", BOB, &r, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_CAMPAIGN_BUDGET);
	assert_int_equal(err.num[0], 12);
	fixture_at("2026-03-02T00:00:00+08:00");
	assert_int_equal(campaign_claim(&f->lg, "gift", BOB, &r, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_CAMPAIGN_NOT_ACTIVE);
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		T(test_rule_arithmetic),
		T(test_window_edges),
		T(test_budget_and_replay),
		T(test_gift_pack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
