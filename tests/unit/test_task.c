/*
 * test_task: tasks, badge sets and surveys (task.h, survey.h). Each kind
 * of task completes once per member per period, whoever triggers it,
 * and again in the next period; an automatic task only when its condition
 * is met; a set's grand prize is paid once; a survey pays once, and the
 * answers of an anonymous one do not lead back to the member; bad files
 * are refused whole with every problem named; verify sees a changed
 * reward.
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
#include "family.h"
#include "fixture.h"
#include "game.h"
#include "ledger.h"
#include "lines.h"
#include "survey.h"
#include "task.h"
#include "verify.h"
#include "voucher.h"

#define ANN "10000001"
#define BOB "10000002"

static const char CATALOG[] =
	"sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,"
	"active_from,active_until,new_until\n"
	"RICE,大米,Rice,grocery,goods,2800,,,,5,0,,,\n";

static const char GAME[] =
	"{\"id\": \"tix\", \"kind\": \"wheel\", \"name\": {\"zh\": \"票\", \"en\": \"Tix\"},"
	" \"price\": 0, \"plays_per_day\": 3, \"prizes\": ["
	" {\"id\": \"thanks\", \"kind\": \"thanks\", \"label\": {\"zh\": \"谢\", \"en\": \"t\"},"
	"  \"ppm\": 1000000}]}";

static const char SURVEY[] =
	"{\"id\": \"s1\", \"names\": {\"zh\": \"问卷\", \"en\": \"Survey\"}, \"points\": 20,"
	" \"anonymous\": true, \"questions\": ["
	" {\"id\": \"q1\", \"kind\": \"single\", \"text\": {\"zh\": \"一\", \"en\": \"one\"},"
	"  \"choices\": [{\"id\": \"a\", \"text\": {\"zh\": \"甲\", \"en\": \"A\"}},"
	"               {\"id\": \"b\", \"text\": {\"zh\": \"乙\", \"en\": \"B\"}}]},"
	" {\"id\": \"q2\", \"kind\": \"multiple\", \"text\": {\"zh\": \"二\", \"en\": \"two\"},"
	"  \"choices\": [{\"id\": \"x\", \"text\": {\"zh\": \"x\", \"en\": \"X\"}},"
	"               {\"id\": \"y\", \"text\": {\"zh\": \"y\", \"en\": \"Y\"}}]},"
	" {\"id\": \"q3\", \"kind\": \"rating\", \"text\": {\"zh\": \"三\", \"en\": \"three\"}}]}";

#define NAMES "\"names\": {\"zh\": \"任务\", \"en\": \"Task\"}"
static const char BOOK[] =
	"{\"tasks\": ["
	" {\"id\": \"class\", " NAMES ", \"kind\": \"counter_confirmed\", \"period\": \"month\","
	"  \"reward\": {\"kind\": \"points\", \"amount\": 50}},"
	" {\"id\": \"share\", " NAMES ", \"kind\": \"counter_confirmed\", \"period\": \"once\","
	"  \"reward\": {\"kind\": \"badge\", \"badge\": \"b1\"}},"
	" {\"id\": \"review\", " NAMES ", \"kind\": \"review\", \"period\": \"month\","
	"  \"reward\": {\"kind\": \"free_play\", \"game\": \"tix\", \"amount\": 2}},"
	" {\"id\": \"survey\", " NAMES ", \"kind\": \"survey\", \"survey\": \"s1\", \"period\": \"once\","
	"  \"reward\": {\"kind\": \"badge\", \"badge\": \"b2\"}},"
	" {\"id\": \"months\", " NAMES ", \"kind\": \"months\", \"months\": 3, \"period\": \"year\","
	"  \"reward\": {\"kind\": \"points\", \"amount\": 30}},"
	" {\"id\": \"family\", " NAMES ", \"kind\": \"green_transfer\", \"period\": \"year\","
	"  \"reward\": {\"kind\": \"green\", \"amount\": 7}}],"
	" \"badge_sets\": [{\"id\": \"set\", " NAMES ", \"badges\": ["
	"  {\"id\": \"b1\", " NAMES ", \"how\": {\"zh\": \"分享\", \"en\": \"Share\"}},"
	"  {\"id\": \"b2\", " NAMES ", \"how\": {\"zh\": \"问卷\", \"en\": \"Survey\"}}],"
	"  \"prize\": {\"kind\": \"points\", \"amount\": 500}}]}";

static int
setup(void **state)
{
	struct game_problems *p = malloc(sizeof *p);
	struct import_report r;
	struct jf_error err;
	struct fixture *f;
	int64_t version;
	int changed, bad;

	if (!p || fixture_setup_with(state, ANN, "Ann", BOB, "Bob", NULL) != 0) {
		free(p);
		return -1;
	}
	f = *state;
	bad = catalog_import_text(&f->lg, CATALOG, strlen(CATALOG), &r, &err) != JF_OK;
	import_report_done(&r);
	bad = bad || game_import_text(&f->lg, GAME, strlen(GAME), &version, &changed, p, &err) ||
	      survey_import_text(&f->lg, SURVEY, strlen(SURVEY), &version, &changed, p, &err) ||
	      task_import_text(&f->lg, BOOK, strlen(BOOK), &version, &changed, p, &err);
	if (bad)
		fprintf(stderr, "setup: %s %s\n", err.message, p->count ? p->lines[0] : "");
	free(p);
	return bad ? -1 : 0;
}

static struct task_done done;

static enum jf_status
complete(struct fixture *f, const char *card, const char *task)
{
	struct jf_error err;

	return task_complete(&f->lg, card, task, &done, &err);
}

static void
test_counter_once_per_period(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(complete(f, ANN, "class"), JF_OK);
	assert_int_equal(done.replay, 0);
	assert_string_equal(done.period, "2026-03");
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 50);
	/* Again the same month, by anyone: nothing more. */
	assert_int_equal(complete(f, ANN, "class"), JF_OK);
	assert_int_equal(done.replay, 1);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 50);
	/* The next month: again. */
	fixture_at("2026-04-02T10:00:00+08:00");
	assert_int_equal(complete(f, ANN, "class"), JF_OK);
	assert_int_equal(done.replay, 0);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 100);
	/* Unknown task. */
	{
		struct jf_error err;

		assert_int_equal(task_complete(&f->lg, ANN, "nope", &done, &err), JF_NOTFOUND);
		assert_int_equal(err.reason, JF_R_UNKNOWN_TASK);
	}
	fixture_verify_ok(f);
}

static void
test_months(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct jf_error err;
	int64_t n;
	const char *months[] = { "2026-01-05T10:00:00+08:00", "2026-02-05T10:00:00+08:00",
				 "2026-02-20T10:00:00+08:00", "2026-03-01T11:00:00+08:00" };

	for (int i = 0; i < 4; i++) {
		char receipt[16];
		struct earn_request req = { ANN, 10000, receipt, 0, NULL };

		fixture_at(months[i]);
		snprintf(receipt, sizeof receipt, "R%d", i);
		assert_int_equal(ledger_earn(&f->lg, &req, &res, &err), JF_OK);
		if (i == 2) {
			/* Two months so far: not met. */
			assert_int_equal(task_complete(&f->lg, ANN, "months", &done, &err),
					 JF_CONFLICT);
			assert_int_equal(err.reason, JF_R_TASK_NOT_MET);
			assert_int_equal(err.num[1], 2);
			assert_int_equal(task_check(&f->lg, ANN, &n, &err), JF_OK);
			assert_int_equal(n, 0);
		}
	}
	assert_int_equal(task_check(&f->lg, ANN, &n, &err), JF_OK);
	assert_int_equal(n, 1);
	assert_int_equal(task_check(&f->lg, ANN, &n, &err), JF_OK);
	assert_int_equal(n, 0);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM task_done WHERE task = "
						  "'months' AND period = '2026'"), 1);
	fixture_verify_ok(f);
}

static void
test_green_transfer(void **state)
{
	struct fixture *f = *state;
	struct transfer_request req = { ANN, BOB, 10, KIND_GREEN, "t1" };
	struct ledger_result res;
	struct jf_error err;
	int64_t n;

	fixture_grant(f, ANN, 100, KIND_GREEN);
	assert_int_equal(task_check(&f->lg, ANN, &n, &err), JF_OK);
	assert_int_equal(n, 0);
	assert_int_equal(family_create(&f->lg, "Fam", ANN, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "Fam", BOB, &err), JF_OK);
	assert_int_equal(ledger_transfer(&f->lg, &req, &res, &err), JF_OK);
	assert_int_equal(task_check(&f->lg, ANN, &n, &err), JF_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 100 - 10 + 7);
	/* Bob received, he did not send. */
	assert_int_equal(task_check(&f->lg, BOB, &n, &err), JF_OK);
	assert_int_equal(n, 0);
	fixture_verify_ok(f);
}

static void
test_review_gives_tickets(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	int64_t tickets, n;

	assert_int_equal(task_review(&f->lg, ANN, "RICE", 4, &n, &err), JF_OK);
	assert_int_equal(n, 1);
	assert_int_equal(game_tickets(&f->lg, ANN, "tix", &tickets, &err), JF_OK);
	assert_int_equal(tickets, 2);
	/* The tickets name the completion that gave them. */
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM game_ticket t JOIN "
						  "task_done d ON d.id = t.task_done_id WHERE "
						  "d.task = 'review'"), 2);
	/* A second review the same month: kept, no more tickets. */
	assert_int_equal(task_review(&f->lg, ANN, "RICE", 5, &n, &err), JF_OK);
	assert_int_equal(n, 0);
	assert_int_equal(game_tickets(&f->lg, ANN, "tix", &tickets, &err), JF_OK);
	assert_int_equal(tickets, 2);
	assert_int_equal(task_review(&f->lg, ANN, "NOPE", 5, &n, &err), JF_NOTFOUND);
	assert_int_equal(task_review(&f->lg, ANN, "RICE", 6, &n, &err), JF_USAGE);
	fixture_verify_ok(f);
	/* A task's ticket moved to another member by hand: verify sees it. */
	ledger_close(&f->lg);
	fixture_drop_guard(f->path, "game_ticket_fixed", "game_ticket");
	fixture_sql_exec(f->path, "UPDATE game_ticket SET "
				  "member_id = (SELECT id FROM member WHERE card = '" BOB "')");
	fixture_reopen(f);
	{
		struct verify_report vr;

		assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
		assert_non_null(strstr(vr.problem, "ticket"));
	}
}

static void
test_survey_and_badge_set(void **state)
{
	struct fixture *f = *state;
	struct survey_info info;
	struct survey_answers a;
	struct survey_results r;
	struct jf_error err;
	int64_t points;

	assert_int_equal(survey_find(&f->lg, "s1", &info, &err), JF_OK);
	assert_int_equal(survey_answers_parse(&info.spec, "q1=b,q2=x+y,q3=4", &a, &err), JF_OK);
	/* The first badge of the set at the counter, then the survey's. */
	assert_int_equal(complete(f, ANN, "share"), JF_OK);
	assert_string_equal(done.set_completed, "");
	assert_int_equal(survey_answer(&f->lg, ANN, "s1", &a, &points, &err), JF_OK);
	assert_int_equal(points, 20);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 20 + 500);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM badge_prize"), 1);
	/* Twice: refused, nothing paid. */
	assert_int_equal(survey_answer(&f->lg, ANN, "s1", &a, &points, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_SURVEY_ANSWERED);
	assert_int_equal(points, 0);
	/* The set's badge again (another year would be a new period for a
	 * yearly task; "share" is once): no second grand prize. */
	assert_int_equal(complete(f, ANN, "share"), JF_OK);
	assert_int_equal(done.replay, 1);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 520);
	/* Bob answers too; the results count both. */
	assert_int_equal(survey_answers_parse(&info.spec, "q1=a,q2=y,q3=5", &a, &err), JF_OK);
	assert_int_equal(survey_answer(&f->lg, BOB, "s1", &a, &points, &err), JF_OK);
	assert_int_equal(survey_results(&f->lg, "s1", &r, &err), JF_OK);
	assert_int_equal(r.responses, 2);
	assert_int_equal(r.count[0][0], 1);
	assert_int_equal(r.count[0][1], 1);
	assert_int_equal(r.count[1][1], 2);
	assert_int_equal(r.count[2][3], 1);
	assert_int_equal(r.count[2][4], 1);
	/* Anonymous: no member on an answer, no time, and ids that do not
	 * follow the order of answering, so nothing joins back. */
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM survey_answer "
						  "WHERE member_id IS NOT NULL"), 0);
	assert_true(fixture_has_column(f->path, "survey_answer", "answer"));
	assert_false(fixture_has_column(f->path, "survey_answer", "ts"));
	assert_false(fixture_has_column(f->path, "survey_answer", "card"));
	assert_false(fixture_has_column(f->path, "survey_answer", "created_at"));
	assert_false(fixture_has_column(f->path, "survey_answer", "actor"));
	assert_false(fixture_has_column(f->path, "survey_answer", "terminal"));
	fixture_verify_ok(f);
	/* Bad answers. */
	assert_int_equal(survey_answers_parse(&info.spec, "q1=a+b,q2=x,q3=1", &a, &err), JF_USAGE);
	assert_int_equal(survey_answers_parse(&info.spec, "q1=a,q2=x,q3=6", &a, &err), JF_USAGE);
	assert_int_equal(survey_answers_parse(&info.spec, "q1=a,q2=x", &a, &err), JF_USAGE);
	assert_int_equal(survey_answers_parse(&info.spec, "q1=a,q2=z,q3=1", &a, &err), JF_USAGE);
	assert_int_equal(survey_answers_parse(&info.spec, "q1=a,q1=a,q2=x,q3=1", &a, &err),
			 JF_USAGE);
	assert_int_equal(survey_answers_parse(&info.spec, "q9=a,q2=x,q3=1", &a, &err), JF_USAGE);
	/* The grand prize tampered with: verify sees it. */
	ledger_close(&f->lg);
	fixture_drop_guard(f->path, "badge_prize_fixed", "badge_prize");
	fixture_sql_exec(f->path, "UPDATE badge_prize SET "
				  "amount = 5000");
	fixture_reopen(f);
	{
		struct verify_report vr;

		assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
		assert_non_null(strstr(vr.problem, "grand prize"));
	}
}

static void
test_named_survey_keeps_member(void **state)
{
	static const char named[] =
		"{\"id\": \"n1\", \"names\": {\"zh\": \"问卷\", \"en\": \"Named\"}, \"points\": 0,"
		" \"questions\": [{\"id\": \"q\", \"kind\": \"rating\","
		" \"text\": {\"zh\": \"几\", \"en\": \"how\"}}]}";
	struct fixture *f = *state;
	struct game_problems p;
	struct survey_info info;
	struct survey_answers a;
	struct jf_error err;
	int64_t version, points;
	int changed;

	assert_int_equal(survey_import_text(&f->lg, named, strlen(named), &version, &changed, &p,
					    &err), JF_OK);
	assert_int_equal(survey_find(&f->lg, "n1", &info, &err), JF_OK);
	assert_int_equal(info.spec.anonymous, 0);
	assert_int_equal(survey_answers_parse(&info.spec, "q=3", &a, &err), JF_OK);
	assert_int_equal(survey_answer(&f->lg, ANN, "n1", &a, &points, &err), JF_OK);
	assert_int_equal(points, 0);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM survey_answer "
						  "WHERE member_id IS NOT NULL"), 1);
	assert_int_equal(survey_answer(&f->lg, ANN, "nope", &a, &points, &err), JF_NOTFOUND);
	assert_int_equal(err.reason, JF_R_UNKNOWN_SURVEY);
	fixture_verify_ok(f);
}

static void
test_bad_files(void **state)
{
	static const char *const bad[] = {
		"not json",
		"[]",
		"{\"tasks\": []}",
		"{\"tasks\": [{\"id\": \"a\"}]}",
		"{\"tasks\": [{\"id\": \"a\", " NAMES ", \"kind\": \"months\", \"period\": \"month\","
		" \"months\": 3, \"reward\": {\"kind\": \"points\", \"amount\": 1}}]}",
		"{\"tasks\": [{\"id\": \"a\", " NAMES ", \"kind\": \"counter_confirmed\", "
		"\"period\": \"once\", \"reward\": {\"kind\": \"badge\", \"badge\": \"zz\"}}]}",
		"{\"tasks\": [{\"id\": \"a\", " NAMES ", \"kind\": \"counter_confirmed\", "
		"\"period\": \"once\", \"reward\": {\"kind\": \"points\", \"amount\": 1}},"
		" {\"id\": \"a\", " NAMES ", \"kind\": \"counter_confirmed\", "
		"\"period\": \"once\", \"reward\": {\"kind\": \"points\", \"amount\": 1}}]}",
		"{\"tasks\": [{\"id\": \"a\", " NAMES ", \"kind\": \"counter_confirmed\", "
		"\"period\": \"once\", \"reward\": {\"kind\": \"points\", \"amount\": 1}}], \"x\": 1}",
	};
	/* Names outside the file: a game and a survey that do not exist. */
	static const char unknown[] =
		"{\"tasks\": [{\"id\": \"a\", " NAMES ", \"kind\": \"survey\", \"survey\": \"zz\", "
		"\"period\": \"once\", \"reward\": {\"kind\": \"free_play\", \"game\": \"zz\"}}]}";
	struct fixture *f = *state;
	struct game_problems p;
	struct jf_error err;
	int64_t version;
	int changed;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(task_import_text(&f->lg, bad[i], strlen(bad[i]), &version, &changed,
						  &p, &err), JF_USAGE);
		assert_true(p.count >= 1);
	}
	assert_int_equal(task_import_text(&f->lg, unknown, strlen(unknown), &version, &changed,
					  &p, &err), JF_USAGE);
	assert_int_equal(p.count, 2);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM task_book"), 1);
	/* The same book again: unchanged. */
	assert_int_equal(task_import_text(&f->lg, BOOK, strlen(BOOK), &version, &changed, &p,
					  &err), JF_OK);
	assert_int_equal(changed, 0);
	assert_int_equal(version, 1);
	/* A survey without questions, with a single choice of one. */
	assert_int_equal(survey_import_text(&f->lg, "{\"id\": \"s\"}", 11, &version, &changed, &p,
					    &err), JF_USAGE);
	assert_true(p.count >= 3);
}

static int
count_item(const struct catalog_item *item, void *ctx)
{
	(void)item;
	++*(int *)ctx;
	return 0;
}

static int
review_items(struct fixture *f, const char *card)
{
	struct jf_error err;
	int n = 0;

	assert_int_equal(task_review_items(&f->lg, card, count_item, &n, &err), JF_OK);
	return n;
}

/* The review offers the goods received through vouchers handed over:
 * none before, none for a voucher not yet handed over or brought back,
 * each once however many were received. */
static void
test_review_items(void **state)
{
	struct fixture *f = *state;
	struct voucher v, w, out;
	struct jf_error err;

	fixture_grant(f, ANN, 10000, KIND_POINTS);
	assert_int_equal(review_items(f, ANN), 0);
	assert_int_equal(voucher_issue(&f->lg, ANN, "RICE", 1, "rv-1", &v, &err), JF_OK);
	assert_int_equal(review_items(f, ANN), 0);
	assert_int_equal(voucher_redeem(&f->lg, v.code, "S01", &out, &err), JF_OK);
	assert_int_equal(review_items(f, ANN), 1);
	assert_int_equal(review_items(f, BOB), 0);
	assert_int_equal(voucher_issue(&f->lg, ANN, "RICE", 1, "rv-2", &w, &err), JF_OK);
	assert_int_equal(voucher_redeem(&f->lg, w.code, "S01", &out, &err), JF_OK);
	assert_int_equal(review_items(f, ANN), 1);
	assert_int_equal(voucher_return(&f->lg, v.code, "S01", &out, &err), JF_OK);
	assert_int_equal(voucher_return(&f->lg, w.code, "S01", &out, &err), JF_OK);
	assert_int_equal(review_items(f, ANN), 0);
	assert_int_equal(task_review_items(&f->lg, "19999999", count_item, &(int){ 0 }, &err),
			 JF_NOTFOUND);
	fixture_verify_ok(f);
}

/* Earn a receipt of lines (text as the CSV file) for card. */
static void
earn_lines(struct fixture *f, const char *card, const char *receipt, const char *text)
{
	struct receipt_lines l;
	struct ledger_result res;
	struct jf_error err;

	assert_int_equal(receipt_lines_parse(text, strlen(text), &f->cfg, &l, &err), JF_OK);
	assert_int_equal(ledger_earn_lines(&f->lg, card, receipt, &l, &res, &err), JF_OK);
	receipt_lines_done(&l);
}

/* The review offers goods bought on a receipt of lines that named their
 * SKU too: a SKU the catalog does not list is kept but not offered; a
 * receipt reversed, or refunded whole in parts, bought nothing. */
static void
test_review_bought(void **state)
{
	struct fixture *f = *state;
	struct ledger_result back;
	struct refund_request half = { "R2", 2000, "r2-1" }, rest = { "R2", 2000, "r2-2" };
	struct refund_result part;
	struct jf_error err;

	earn_lines(f, ANN, "R1", "amount,green,category,sku\n10.00,0,,RICE\n5.00,0,,NOT-LISTED\n");
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM purchase_item"), 2);
	assert_int_equal(review_items(f, ANN), 1);
	assert_int_equal(review_items(f, BOB), 0);
	fixture_verify_ok(f);
	assert_int_equal(ledger_earn_reverse(&f->lg, "R1", &back, &err), JF_OK);
	assert_int_equal(review_items(f, ANN), 0);
	earn_lines(f, ANN, "R2", "20.00,0,,RICE\n20.00,0,\n");
	assert_int_equal(review_items(f, ANN), 1);
	/* A part returned does not say which line: the rice is still bought. */
	assert_int_equal(ledger_earn_refund(&f->lg, &half, &part, &err), JF_OK);
	assert_int_equal(review_items(f, ANN), 1);
	assert_int_equal(ledger_earn_refund(&f->lg, &rest, &part, &err), JF_OK);
	assert_int_equal(review_items(f, ANN), 0);
	/* Old files, without the column, still earn; they buy nothing known. */
	earn_lines(f, BOB, "R3", "amount,green,category\n20.00,0,\n");
	assert_int_equal(review_items(f, BOB), 0);
	fixture_verify_ok(f);
}

/* jifen verify sees a bought item changed by hand. */
static void
test_bought_verified(void **state)
{
	struct fixture *f = *state;
	struct verify_report r;
	struct jf_error err;

	earn_lines(f, ANN, "R1", "10.00,0,,RICE\n");
	fixture_verify_ok(f);
	fixture_drop_guard(f->path, "purchase_item_fixed", "purchase_item");
	fixture_sql_exec(f->path, "UPDATE purchase_item SET fen = 99900");
	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_INTEGRITY);
	assert_non_null(strstr(r.problem, "bought items over"));
	fixture_sql_exec(f->path, "UPDATE purchase_item SET fen = 1000, member_id = "
				  "(SELECT id FROM member WHERE card = '10000002')");
	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_INTEGRITY);
	assert_non_null(strstr(r.problem, "without its purchase"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_counter_once_per_period),
		T(test_months),
		T(test_green_transfer),
		T(test_review_gives_tickets),
		T(test_survey_and_badge_set),
		T(test_named_survey_keeps_member),
		T(test_bad_files),
		T(test_review_items),
		T(test_review_bought),
		T(test_bought_verified),
	};

	fixture_pin_environment();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
