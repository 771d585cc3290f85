/*
 * demo: the demo store. Its history is written with the clock moved into
 * the past step by step (entries must be stamped in order), so that some
 * lots are about to expire when a newcomer opens it today.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "campaign.h"
#include "catalog.h"
#include "game.h"
#include "survey.h"
#include "task.h"
#include "xalloc.h"
#include "clock.h"
#include "demo.h"
#include "family.h"
#include "member.h"
#include "staff.h"
#include "voucher.h"

static const struct member_new demo_members[] = {
	{ "8800000001", "王芳", "1985-03-12", "138-0013-8001", "1234" },
	{ "8800000002", "李明", "1983-11-30", "138-0013-8002", "2345" },
	{ "8800000003", "Alice Chen", "1992-07-08", NULL, "3456" },
	{ "8800000004", "张伟", NULL, "139-0000-0004", "4567" },
	{ "8800000005", "陈小红", "2001-01-20", NULL, NULL },
};

/* The counter's staff, as the README's examples name them: the manager
 * first (the first staff member of a ledger may be added by anyone), then
 * the cashier. A card scanned at `jifen counter`, then the PIN, signs in;
 * the manager's also lets a locked kiosk go. */
static const struct staff_new demo_staff[] = {
	{ "M01", "9900000001", "刘经理", STAFF_MANAGER, "2468" },
	{ "S01", "9900000002", "周收银", STAFF_CASHIER, "1357" },
};

/* One step of the demo's history, days before today. */
struct demo_step {
	int days_ago;
	char what;          /* e: earn, g: grant, t: transfer, r: reverse, v: voucher */
	const char *card;
	const char *arg;    /* amount (earn), points (grant, transfer), SKU (voucher) */
	const char *ref;    /* receipt or key */
	const char *extra;  /* category, reason, or the receiving card */
	int green;
};

static const struct demo_step demo_steps[] = {
	{ 340, 'e', "8800000001", "568.00", "R-DEMO-0001", NULL, 0 },
	{ 338, 'e', "8800000002", "1288.00", "R-DEMO-0002", NULL, 0 },
	{ 330, 'e', "8800000001", "120.00", "R-DEMO-0003", NULL, 1 },
	{ 200, 'g', "8800000003", "200", "DEMO-WELCOME-3", "welcome gift", 0 },
	{ 120, 'e', "8800000003", "899.00", "R-DEMO-0004", "appliances", 0 },
	{ 60, 'e', "8800000004", "358.50", "R-DEMO-0005", NULL, 0 },
	{ 30, 't', "8800000001", "40", "DEMO-GIFT-1", "8800000002", 1 },
	{ 12, 'e', "8800000002", "66.00", "R-DEMO-0006", NULL, 1 },
	{ 10, 'e', "8800000001", "199.00", "R-DEMO-0007", NULL, 0 },
	{ 9, 'r', NULL, NULL, "R-DEMO-0007", NULL, 0 },
	{ 3, 'e', "8800000001", "1299.00", "R-DEMO-0008", "appliances", 0 },
	{ 2, 'v', "8800000002", "CP-50-10", "DEMO-VOUCHER-1", NULL, 0 },
	{ 1, 'g', "8800000004", "50", "DEMO-SORRY-4", "compensation: checkout was down", 0 },
};

static enum jf_status
run_step(struct ledger *lg, const struct demo_step *s, struct jf_error *err)
{
	struct ledger_result res;
	int64_t n = 0, fen = 0;
	enum point_kind kind = s->green ? KIND_GREEN : KIND_POINTS;

	switch (s->what) {
	case 'e': {
		struct earn_request r = { s->card, 0, s->ref, s->green, NULL };
		/* The category's own rate applies only where the config defines it. */
		if (s->extra && settings_has_category(lg->cfg, s->extra))
			r.category = s->extra;
		if (parse_amount_fen(s->arg, &fen, err) != JF_OK)
			return JF_ERR;
		r.fen = fen;
		return ledger_earn(lg, &r, &res, err);
	}
	case 'g': {
		struct grant_request r = { s->card, 0, kind, s->extra, s->ref };
		if (parse_points(s->arg, &n, err) != JF_OK)
			return JF_ERR;
		r.points = n;
		return ledger_grant(lg, &r, &res, err);
	}
	case 't': {
		struct transfer_request r = { s->card, s->extra, 0, kind, s->ref };
		if (parse_points(s->arg, &n, err) != JF_OK)
			return JF_ERR;
		r.points = n;
		return ledger_transfer(lg, &r, &res, err);
	}
	case 'v': {
		/* A voucher waiting at the counter. */
		struct voucher v;
		return voucher_issue(lg, s->card, s->arg, 1, s->ref, &v, err);
	}
	default:
		return ledger_earn_reverse(lg, s->ref, &res, err);
	}
}

static enum jf_status
add_people(struct ledger *lg, struct jf_error *err)
{
	enum jf_status st = JF_OK;
	size_t n = sizeof demo_members / sizeof demo_members[0];

	for (size_t i = 0; i < n && st == JF_OK; i++)
		st = member_add(lg, &demo_members[i], err);
	for (size_t i = 0; i < sizeof demo_staff / sizeof demo_staff[0] && st == JF_OK; i++)
		st = staff_add(lg, &demo_staff[i], err);
	if (st == JF_OK)
		st = family_create(lg, "王家", "8800000001", err);
	if (st == JF_OK)
		st = family_add(lg, "王家", "8800000002", err);
	return st;
}

static enum jf_status
demo_games(struct ledger *lg, struct jf_error *err)
{
	const char *const games[] = { game_demo_scratch, game_demo_wheel };
	struct game_problems *p = xmalloc(sizeof *p);
	enum jf_status st = JF_OK;
	int64_t version;
	int changed;

	for (size_t i = 0; i < 2 && st == JF_OK; i++) {
		st = game_import_text(lg, games[i], strlen(games[i]), &version, &changed, p, err);
		if (st != JF_OK && p->count)
			jf_fail(err, st, "demo game: %s", p->lines[0]);
	}
	free(p);
	return st;
}

/* The survey first: the task book names it. */
static enum jf_status
demo_tasks(struct ledger *lg, struct jf_error *err)
{
	struct game_problems *p = xmalloc(sizeof *p);
	enum jf_status st;
	int64_t version;
	int changed;

	st = survey_import_text(lg, survey_demo, strlen(survey_demo), &version, &changed, p, err);
	if (st == JF_OK)
		st = task_import_text(lg, task_demo_book, strlen(task_demo_book), &version, &changed,
				      p, err);
	if (st != JF_OK && p->count)
		jf_fail(err, st, "demo tasks: %s", p->lines[0]);
	/* 李明 shared a green habit at the counter: a badge on his wall. */
	if (st == JF_OK) {
		struct task_done done;

		st = task_complete(lg, "8800000002", "green-share", &done, err);
	}
	free(p);
	return st;
}

/* One sample campaign as given, or (days_before >= 0) moved to run from
 * days_before days ago for a week and a half, so it runs today, with its
 * earn multiplier and banner only. */
static enum jf_status
demo_campaign(struct ledger *lg, const char *text, int64_t days_before, struct game_problems *p,
	      struct jf_error *err)
{
	char today[CLOCK_DATE_LEN], start[CLOCK_DATE_LEN], end[CLOCK_DATE_LEN];
	json_t *root = NULL;
	char *moved = NULL;
	enum jf_status st;
	int64_t version;
	int changed;

	if (days_before >= 0) {
		clock_date_of(clock_now(), today);
		clock_date_add(today, -days_before, start);
		clock_date_add(today, 10 - days_before, end);
		root = json_loads(text, 0, NULL);
		if (root) {
			json_object_set_new(root, "start", json_string(start));
			json_object_set_new(root, "end", json_string(end));
			/* Its double points run today; the demo catalog keeps its
			 * prices and order (the README's walk-through counts on
			 * them), so its discounts and featured items stay out. */
			json_object_del(root, "discounts");
			json_object_del(root, "featured");
			moved = json_dumps(root, JSON_INDENT(2));
		}
		json_decref(root);
		if (!moved)
			return jf_fail(err, JF_ERR, "demo campaign: cannot move its dates");
		text = moved;
	}
	st = campaign_import_text(lg, text, strlen(text), &version, &changed, p, err);
	if (st != JF_OK && p->count)
		jf_fail(err, st, "demo campaign: %s", p->lines[0]);
	free(moved);
	return st;
}

/* The samples (assets/campaigns/); the shopping festival runs today. */
static enum jf_status
demo_campaigns(struct ledger *lg, struct jf_error *err)
{
	struct game_problems *p = xmalloc(sizeof *p);
	enum jf_status st;

	st = demo_campaign(lg, campaign_demo_spring, -1, p, err);
	if (st == JF_OK)
		st = demo_campaign(lg, campaign_demo_summer, -1, p, err);
	if (st == JF_OK)
		st = demo_campaign(lg, campaign_demo_festival, 3, p, err);
	free(p);
	return st;
}

enum jf_status
demo_populate(struct ledger *lg, struct jf_error *err)
{
	int64_t now = clock_now();
	struct import_report rep;
	enum jf_status st;
	size_t n = sizeof demo_steps / sizeof demo_steps[0];

	/* The catalog, built into the program (assets/demo-catalog.csv). */
	st = catalog_import_text(lg, catalog_demo_csv, strlen(catalog_demo_csv), &rep, err);
	import_report_done(&rep);
	if (st != JF_OK)
		return st;
	clock_set(now - 400 * 86400LL);
	st = add_people(lg, err);
	for (size_t i = 0; i < n && st == JF_OK; i++) {
		clock_set(now - demo_steps[i].days_ago * 86400LL);
		st = run_step(lg, &demo_steps[i], err);
	}
	clock_set(INT64_MIN);
	/* The games (assets/games/), today: their plays start now. */
	if (st == JF_OK)
		st = demo_games(lg, err);
	/* The tasks, badge set and survey (assets/tasks/, assets/surveys/). */
	if (st == JF_OK)
		st = demo_tasks(lg, err);
	/* The campaigns (assets/campaigns/): the kiosk shows today's banner. */
	if (st == JF_OK)
		st = demo_campaigns(lg, err);
	return st;
}
