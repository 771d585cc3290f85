/*
 * cmd_task: `jifen task ...`, tasks and badge sets (task.h): import the
 * store's book, list and show tasks, complete one at the counter, a
 * product review, the check of automatic tasks, a member's progress.
 * Core decides everything; this prints it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "task.h"
#include "xalloc.h"

enum { OPT_LANG = 'l' };

/* Names in the language --lang asks for, else the locale's. */
static int
chinese(const struct cli_args *args)
{
	return cli_names_chinese(cli_opt(args, OPT_LANG));
}

static const struct option lang_options[] = {
	{ "lang", required_argument, NULL, OPT_LANG },
	{ NULL, 0, NULL, 0 },
};

/* "50 points", "1 free play of scratch", "badge green-voice", "1 x SKU" */
static void
reward_what(const struct task_reward *r, char *out, size_t size)
{
	switch (r->kind) {
	case REWARD_POINTS:
		snprintf(out, size, "%lld points", (long long)r->amount);
		break;
	case REWARD_GREEN:
		snprintf(out, size, "%lld green points", (long long)r->amount);
		break;
	case REWARD_FREE_PLAY:
		snprintf(out, size, "%lld free play%s of %s", (long long)r->amount,
			 r->amount == 1 ? "" : "s", r->game);
		break;
	case REWARD_BADGE:
		snprintf(out, size, "badge %s", r->badge);
		break;
	default:
		snprintf(out, size, "%lld x %s", (long long)r->amount, r->sku);
		break;
	}
}

static json_t *
reward_json(const struct task_reward *r)
{
	return json_pack("{s:s, s:I, s:o, s:o, s:o}", "kind", reward_kind_name(r->kind),
			 "amount", (json_int_t)r->amount, "game", cli_json_str(r->game, 1),
			 "badge", cli_json_str(r->badge, 1), "sku", cli_json_str(r->sku, 1));
}

/* ---- import ---- */

static int
exec_import(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return cli_import_versioned(ctx, args->argv[0], task_import_file, "task book ");
}

const struct cli_command cli_cmd_task_import = {
	.name = "task import",
	.args_min = 1, .args_max = 1, .args = "FILE.json",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "import",
	.exec = exec_import,
	.usage =
	"jifen task import FILE.json [--json] [--staff ID [--pin-stdin]]\n"
	"\n"
	"The store's tasks and badge sets as JSON (see jifen(1) and assets/tasks/).\n"
	"The file replaces the book whole as its next version; the same file changes\n"
	"nothing. A bad file is refused whole, one line per problem (exit 2).",
	.summary = "import the store's tasks and badge sets",
};

/* ---- list and show ---- */

static int
check_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status;

	(void)state;
	if ((status = cli_check_lang(ctx, cli_opt(args, OPT_LANG))))
		return status;
	return args->argc > 0 ? cli_check_code(ctx, "task", args->argv[0]) : JF_OK;
}

static json_t *
task_json(const struct task_def *t)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "task", t->code,
			 "name_zh", t->name_zh, "name_en", t->name_en, "kind",
			 task_kind_name(t->kind), "period", task_period_name(t->period),
			 "months", (json_int_t)t->months, "survey", cli_json_str(t->survey, 1),
			 "reward", reward_json(&t->reward));
}

static json_t *
set_json(const struct badge_set_def *s)
{
	json_t *badges = json_array();

	for (size_t j = 0; j < s->badge_count; j++)
		json_array_append_new(badges, json_pack("{s:s, s:s, s:s, s:s, s:s}",
			"badge", s->badges[j].code, "name_zh", s->badges[j].name_zh,
			"name_en", s->badges[j].name_en, "how_zh", s->badges[j].how_zh,
			"how_en", s->badges[j].how_en));
	return json_pack("{s:s, s:s, s:s, s:o, s:o}", "set", s->code, "name_zh", s->name_zh,
			 "name_en", s->name_en, "badges", badges, "prize", reward_json(&s->prize));
}

static int
exec_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct task_book *b;
	enum jf_status st;
	int64_t version;
	int zh = chinese(args), status = JF_OK;
	char what[120];

	(void)state;
	if ((st = task_book_load(&ctx->lg, &b, &version, &ctx->err)) != JF_OK) {
		free(b);
		return cli_fail(ctx, st);
	}
	if (ctx->json) {
		json_t *tasks = json_array(), *sets = json_array();

		for (size_t i = 0; i < b->task_count; i++)
			json_array_append_new(tasks, task_json(&b->tasks[i]));
		for (size_t i = 0; i < b->set_count; i++)
			json_array_append_new(sets, set_json(&b->sets[i]));
		status = cli_print_json(ctx, json_pack("{s:I, s:o, s:o}", "version",
						       (json_int_t)version, "tasks", tasks,
						       "badge_sets", sets));
	} else {
		if (!b->task_count)
			printf("no tasks (jifen task import FILE)\n");
		for (size_t i = 0; i < b->task_count; i++) {
			const struct task_def *t = &b->tasks[i];

			reward_what(&t->reward, what, sizeof what);
			printf("%-16s %-18s %-6s %s: %s\n", cli_safe(t->code), task_kind_name(t->kind),
			       task_period_name(t->period), cli_safe(zh ? t->name_zh : t->name_en),
			       cli_safe(what));
		}
		for (size_t i = 0; i < b->set_count; i++) {
			const struct badge_set_def *s = &b->sets[i];

			reward_what(&s->prize, what, sizeof what);
			printf("badge set %s: %s, %zu badges, grand prize %s\n", cli_safe(s->code),
			       cli_safe(zh ? s->name_zh : s->name_en), s->badge_count, cli_safe(what));
		}
	}
	free(b);
	return status;
}

const struct cli_command cli_cmd_task_list = {
	.name = "task list",
	.options = lang_options,
	.args_min = 0, .args_max = 0,
	.ledger = CLI_LEDGER_READ,
	.check = check_list,
	.exec = exec_list,
	.usage =
	"jifen task list [--lang zh|en] [--json]\n"
	"\n"
	"  --lang zh|en   the names' language (default: the locale's)",
	.summary = "the store's tasks and badge sets",
};

static int
exec_show(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct task_def *t = NULL;
	struct task_book *b;
	enum jf_status st;
	int64_t version;
	int status = JF_OK;
	char what[120];

	(void)state;
	if ((st = task_book_load(&ctx->lg, &b, &version, &ctx->err)) == JF_OK &&
	    !(t = task_book_task(b, args->argv[0]))) {
		st = jf_refuse(&ctx->err, JF_NOTFOUND, JF_R_UNKNOWN_TASK,
			       (struct jf_why){ .text = args->argv[0] }, "no task %s", args->argv[0]);
	}
	if (st != JF_OK) {
		free(b);
		return cli_fail(ctx, st);
	}
	if (ctx->json) {
		status = cli_print_json(ctx, task_json(t));
	} else {
		reward_what(&t->reward, what, sizeof what);
		printf("task     %s\nname     %s / %s\nkind     %s", cli_safe(t->code),
		       cli_safe(t->name_zh), cli_safe(t->name_en), task_kind_name(t->kind));
		if (t->kind == TASK_MONTHS)
			printf(" (%lld months)", (long long)t->months);
		if (t->kind == TASK_SURVEY)
			printf(" (survey %s)", cli_safe(t->survey));
		printf("\nperiod   %s\nreward   %s\n", task_period_name(t->period), cli_safe(what));
	}
	free(b);
	return status;
}

const struct cli_command cli_cmd_task_show = {
	.name = "task show",
	.options = lang_options,
	.args_min = 1, .args_max = 1, .args = "TASK",
	.ledger = CLI_LEDGER_READ,
	.check = check_list,
	.exec = exec_show,
	.usage =
	"jifen task show TASK [--json]\n"
	"\n"
	"A task's kind, period and reward.",
	.summary = "one task",
};

/* ---- complete, review, check ---- */

static int
check_complete(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status;

	(void)state;
	if ((status = cli_check_card(ctx, args->argv[0])))
		return status;
	return cli_check_code(ctx, "task", args->argv[1]);
}

static int
print_done(struct cli_ctx *ctx, const struct task_done *d)
{
	char what[120];

	reward_what(&d->reward, what, sizeof what);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:b}",
			"task", d->task, "card", d->card, "period", d->period,
			"reward", reward_json(&d->reward), "entry", cli_json_id(d->entry_id),
			"set_completed", cli_json_str(d->set_completed, 1), "replay", d->replay,
			"prize_in_points", d->prize_in_points));
	printf("task %s for %s (%s): %s%s\n", cli_safe(d->task), cli_safe(d->card), d->period,
	       cli_safe(what), d->replay ? " (already done in this period)" : "");
	if (d->set_completed[0] && d->prize_in_points)
		printf("badge set %s complete: its grand prize is not to be had (out of stock), "
		       "so its worth is paid in points\n", cli_safe(d->set_completed));
	else if (d->set_completed[0])
		printf("badge set %s complete: its grand prize is paid\n", cli_safe(d->set_completed));
	return JF_OK;
}

static int
exec_complete(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct task_done d;
	enum jf_status st;

	(void)state;
	if ((st = task_complete(&ctx->lg, args->argv[0], args->argv[1], &d, &ctx->err)) != JF_OK)
		return cli_fail(ctx, st);
	return print_done(ctx, &d);
}

const struct cli_command cli_cmd_task_complete = {
	.name = "task complete",
	.args_min = 2, .args_max = 2, .args = "CARD TASK",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.check = check_complete,
	.exec = exec_complete,
	.usage =
	"jifen task complete CARD TASK [--json] [--staff ID]\n"
	"\n"
	"Complete a task for a member in its current period (a month, a year, or\n"
	"once ever) and pay its reward: at the counter, for a counter-confirmed\n"
	"task. An automatic task (months, green_transfer, review, survey) completes\n"
	"only when its condition is met. Done again in the same period, it changes\n"
	"nothing and says so.",
	.summary = "complete a task for a member (counter-confirmed)",
};

static int
check_review(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status;

	(void)state;
	if ((status = cli_check_card(ctx, args->argv[0])) ||
	    (status = cli_check_code(ctx, "SKU", args->argv[1])))
		return status;
	if (strlen(args->argv[2]) != 1 || args->argv[2][0] < '1' || args->argv[2][0] > '5')
		return cli_error(ctx, JF_USAGE, "STARS must be 1 to 5");
	return JF_OK;
}

static int
exec_review(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	enum jf_status st;
	int64_t n;

	(void)state;
	st = task_review(&ctx->lg, args->argv[0], args->argv[1], args->argv[2][0] - '0', &n,
			 &ctx->err);
	if (st != JF_OK)
		return cli_fail(ctx, st);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:s, s:i, s:I}", "card", args->argv[0],
						     "sku", args->argv[1], "stars",
						     args->argv[2][0] - '0', "completed", (json_int_t)n));
	printf("review of %s by %s: %c stars; %lld task%s completed now\n", cli_safe(args->argv[1]),
	       cli_safe(args->argv[0]), args->argv[2][0], (long long)n, n == 1 ? "" : "s");
	return JF_OK;
}

const struct cli_command cli_cmd_task_review = {
	.name = "task review",
	.args_min = 3, .args_max = 3, .args = "CARD SKU STARS",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.check = check_review,
	.exec = exec_review,
	.usage =
	"jifen task review CARD SKU STARS [--json] [--staff ID]\n"
	"\n"
	"A member's review of a catalog item, 1 to 5 stars (as at the kiosk): kept,\n"
	"and every review task completes for the member in its period.",
	.summary = "a product review with stars, completing review tasks",
};

static int
exec_check(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	enum jf_status st;
	int64_t n;

	(void)state;
	if ((st = task_check(&ctx->lg, args->argv[0], &n, &ctx->err)) != JF_OK)
		return cli_fail(ctx, st);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:I}", "card", args->argv[0],
						     "completed", (json_int_t)n));
	printf("%lld task%s completed now\n", (long long)n, n == 1 ? "" : "s");
	return JF_OK;
}

const struct cli_command cli_cmd_task_check = {
	.name = "task check",
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.check = cli_check_card_arg,
	.exec = exec_check,
	.usage =
	"jifen task check CARD [--json] [--staff ID]\n"
	"\n"
	"Complete the automatic tasks whose condition the member meets now:\n"
	"purchases in N different months, a green-points transfer to family. (The\n"
	"kiosk checks them at login; surveys and reviews complete when they happen.)",
	.summary = "complete a member's automatic tasks that are met",
};

/* ---- progress ---- */

static int
check_progress(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status;

	(void)state;
	if ((status = cli_check_lang(ctx, cli_opt(args, OPT_LANG))))
		return status;
	return cli_check_card(ctx, args->argv[0]);
}

static int
exec_progress(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct task_progress pr;
	enum jf_status st;
	int zh = chinese(args);

	(void)state;
	if ((st = task_progress(&ctx->lg, args->argv[0], &pr, &ctx->err)) != JF_OK)
		return cli_fail(ctx, st);
	if (ctx->json) {
		json_t *tasks = json_array(), *sets = json_array();

		for (size_t i = 0; i < pr.book->task_count; i++)
			json_array_append_new(tasks, json_pack("{s:s, s:s, s:b, s:I, s:I}",
				"task", pr.book->tasks[i].code, "period", pr.period[i],
				"done", pr.done[i], "have", (json_int_t)pr.have[i],
				"needs", (json_int_t)(pr.book->tasks[i].kind == TASK_MONTHS ?
						      pr.book->tasks[i].months : 1)));
		for (size_t i = 0; i < pr.book->set_count; i++) {
			json_t *earned = json_array();

			for (size_t j = 0; j < pr.book->sets[i].badge_count; j++)
				json_array_append_new(earned, json_pack("{s:s, s:b}", "badge",
					pr.book->sets[i].badges[j].code, "earned", pr.earned[i][j]));
			json_array_append_new(sets, json_pack("{s:s, s:o, s:b}", "set",
				pr.book->sets[i].code, "badges", earned, "prize_paid", pr.prize_paid[i]));
		}
		task_progress_done(&pr);
		return cli_print_json(ctx, json_pack("{s:s, s:o, s:o}", "card", args->argv[0],
						     "tasks", tasks, "badge_sets", sets));
	}
	for (size_t i = 0; i < pr.book->task_count; i++) {
		const struct task_def *t = &pr.book->tasks[i];

		printf("[%c] %-16s %-8s %s", pr.done[i] ? 'x' : ' ', cli_safe(t->code), pr.period[i],
		       cli_safe(zh ? t->name_zh : t->name_en));
		if (t->kind == TASK_MONTHS && !pr.done[i])
			printf(" (%lld of %lld months)", (long long)pr.have[i], (long long)t->months);
		printf("\n");
	}
	for (size_t i = 0; i < pr.book->set_count; i++) {
		const struct badge_set_def *s = &pr.book->sets[i];

		printf("badge set %s%s\n", cli_safe(s->code),
		       pr.prize_paid[i] ? ": complete, grand prize paid" : "");
		for (size_t j = 0; j < s->badge_count; j++)
			printf("  [%c] %-16s %s\n", pr.earned[i][j] ? 'x' : ' ',
			       cli_safe(s->badges[j].code),
			       cli_safe(zh ? s->badges[j].how_zh : s->badges[j].how_en));
	}
	task_progress_done(&pr);
	return JF_OK;
}

const struct cli_command cli_cmd_task_progress = {
	.name = "task progress",
	.options = lang_options,
	.args_min = 1, .args_max = 1, .args = "CARD",
	.ledger = CLI_LEDGER_READ,
	.check = check_progress,
	.exec = exec_progress,
	.usage =
	"jifen task progress CARD [--lang zh|en] [--json]\n"
	"\n"
	"  --lang zh|en   the names' language (default: the locale's)\n"
	"\n"
	"Each task done or not in its current period, each badge earned or not\n"
	"(with how to earn it), each set's grand prize paid or not.",
	.summary = "a member's tasks and badges",
};
