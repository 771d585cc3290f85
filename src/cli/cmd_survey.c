/*
 * cmd_survey: `jifen survey ...` (survey.h): import a survey, list them,
 * answer one for a member (tests and the counter), and the results.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "survey.h"
#include "xalloc.h"

enum { OPT_ANSWERS = 'a' };

static int
exec_import(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return cli_import_versioned(ctx, args->argv[0], survey_import_file, "survey ");
}

const struct cli_command cli_cmd_survey_import = {
	.name = "survey import",
	.args_min = 1, .args_max = 1, .args = "FILE.json",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "import",
	.exec = exec_import,
	.usage =
	"jifen survey import FILE.json [--json] [--staff ID [--pin-stdin]]\n"
	"\n"
	"A survey as JSON (see jifen(1) and assets/surveys/). A changed survey is\n"
	"its next version (results count the current one); the same file changes\n"
	"nothing. A bad file is refused whole, one line per problem (exit 2).",
	.summary = "import a survey",
};

static int
list_one(const struct survey_info *s, void *arg)
{
	json_t *list = arg;

	if (list)
		json_array_append_new(list, json_pack("{s:s, s:I, s:s, s:s, s:I, s:b, s:I, s:I}",
			"survey", s->spec.code, "version", (json_int_t)s->version,
			"name_zh", s->spec.name_zh, "name_en", s->spec.name_en,
			"points", (json_int_t)s->spec.points, "anonymous", s->spec.anonymous,
			"questions", (json_int_t)s->spec.question_count,
			"answered", (json_int_t)s->answered));
	else
		printf("%-16s v%-3lld %4lld points %s %2zu questions %5lld answered  %s / %s\n",
		       cli_safe(s->spec.code), (long long)s->version, (long long)s->spec.points,
		       s->spec.anonymous ? "anonymous" : "named    ", s->spec.question_count,
		       (long long)s->answered, cli_safe(s->spec.name_zh), cli_safe(s->spec.name_en));
	return 0;
}

static int
exec_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	json_t *list = ctx->json ? json_array() : NULL;
	enum jf_status st;

	(void)args;
	(void)state;
	if ((st = survey_list(&ctx->lg, list_one, list, &ctx->err)) != JF_OK) {
		json_decref(list);
		return cli_fail(ctx, st);
	}
	return list ? cli_print_json(ctx, list) : JF_OK;
}

const struct cli_command cli_cmd_survey_list = {
	.name = "survey list",
	.args_min = 0, .args_max = 0,
	.ledger = CLI_LEDGER_READ,
	.exec = exec_list,
	.usage = "jifen survey list [--json]",
	.summary = "the surveys, their points and how many answered",
};

static int
check_results(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return cli_check_code(ctx, "survey", args->argv[0]);
}

static void
answer_label(const struct survey_question *q, size_t c, char *out, size_t size)
{
	if (q->kind == QUESTION_RATING)
		snprintf(out, size, "%zu", c + 1);
	else
		snprintf(out, size, "%s", q->choices[c].code);
}

/* Each question's counts and shares out of responses: appended to qs as
 * JSON when qs, else printed (indent before each line). */
static void
put_questions(const struct survey_spec *spec, int64_t responses,
	      int64_t count[][SURVEY_CHOICES_MAX], json_t *qs, const char *indent)
{
	char label[GAME_CODE_SIZE];

	for (size_t q = 0; q < spec->question_count; q++) {
		const struct survey_question *qq = &spec->questions[q];
		size_t n = qq->kind == QUESTION_RATING ? SURVEY_RATING_MAX : qq->choice_count;
		json_t *answers = json_array();

		if (!qs)
			printf("%s%s (%s): %s\n", indent, cli_safe(qq->code),
			       question_kind_name(qq->kind), cli_safe(qq->text_en));
		for (size_t c = 0; c < n; c++) {
			double share = responses ? (double)count[q][c] / (double)responses : 0;

			answer_label(qq, c, label, sizeof label);
			if (qs)
				json_array_append_new(answers, json_pack("{s:s, s:I, s:f}", "answer",
					label, "count", (json_int_t)count[q][c], "share", share));
			else
				printf("%s  %-16s %6lld  %5.1f%%\n", indent, cli_safe(label),
				       (long long)count[q][c], 100.0 * share);
		}
		if (qs)
			json_array_append_new(qs, json_pack("{s:s, s:s, s:o}", "question", qq->code,
							    "kind", question_kind_name(qq->kind),
							    "answers", answers));
		else
			json_decref(answers);
	}
}

/* The counts per tier (when the config has tiers): JSON array or printed. */
static json_t *
put_tiers(struct survey_results *r, int json)
{
	json_t *tiers = json ? json_array() : NULL;

	for (size_t i = 0; i < r->tier_count; i++) {
		struct survey_tier_results *t = &r->tiers[i];
		const char *name = t->tier[0] ? t->tier : "none";
		json_t *qs = json ? json_array() : NULL;

		if (!json)
			printf("tier %s: %lld responses\n", cli_safe(name), (long long)t->responses);
		put_questions(&r->info.spec, t->responses, t->count, qs, "  ");
		if (json)
			json_array_append_new(tiers, json_pack("{s:o, s:I, s:o}", "tier",
				t->tier[0] ? json_string(t->tier) : json_null(), "responses",
				(json_int_t)t->responses, "questions", qs));
	}
	return tiers;
}

static int
exec_results(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct survey_results *r = xmalloc(sizeof *r);
	json_t *qs = ctx->json ? json_array() : NULL, *out;
	enum jf_status st;

	(void)state;
	if ((st = survey_results(&ctx->lg, args->argv[0], r, &ctx->err)) != JF_OK) {
		json_decref(qs);
		free(r);
		return cli_fail(ctx, st);
	}
	if (!qs)
		printf("survey %s version %lld: %lld responses\n", cli_safe(r->info.spec.code),
		       (long long)r->info.version, (long long)r->responses);
	put_questions(&r->info.spec, r->responses, r->count, qs, "");
	if (!qs) {
		put_tiers(r, 0);
		free(r);
		return JF_OK;
	}
	out = json_pack("{s:s, s:I, s:b, s:I, s:o}", "survey", r->info.spec.code, "version",
			(json_int_t)r->info.version, "anonymous", r->info.spec.anonymous,
			"responses", (json_int_t)r->responses, "questions", qs);
	if (r->tier_count)
		json_object_set_new(out, "tiers", put_tiers(r, 1));
	free(r);
	return cli_print_json(ctx, out);
}

const struct cli_command cli_cmd_survey_results = {
	.name = "survey results",
	.args_min = 1, .args_max = 1, .args = "SURVEY",
	.ledger = CLI_LEDGER_READ,
	.check = check_results,
	.exec = exec_results,
	.usage =
	"jifen survey results SURVEY [--json]\n"
	"\n"
	"The current version's answers: for each question, how many chose each\n"
	"answer (each rating 1 to 5) and their share of the responses (a multiple\n"
	"choice's shares add up to more than 100%).\n"
	"\n"
	"When the config has tiers, the same counts per tier: the tier each member\n"
	"was in when they answered, lowest tier first, then \"none\" for answers\n"
	"given before tiers were kept or in a tier the config no longer has. An\n"
	"anonymous survey's answers keep no tier (a tier may hold a single member):\n"
	"its results have no tiers.",
	.summary = "counts and shares of a survey's answers",
};

static int
check_answer(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status;

	(void)state;
	if ((status = cli_check_card(ctx, args->argv[0])) ||
	    (status = cli_check_code(ctx, "survey", args->argv[1])))
		return status;
	if (!cli_opt(args, OPT_ANSWERS))
		return cli_missing_option(ctx, "--answers");
	return JF_OK;
}

static int
exec_answer(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct survey_info *info = xmalloc(sizeof *info);
	struct survey_answers a;
	enum jf_status st;
	int64_t points = 0;

	(void)state;
	if ((st = survey_find(&ctx->lg, args->argv[1], info, &ctx->err)) == JF_OK &&
	    (st = survey_answers_parse(&info->spec, cli_opt(args, OPT_ANSWERS), &a,
				       &ctx->err)) == JF_OK)
		st = survey_answer(&ctx->lg, args->argv[0], args->argv[1], &a, &points, &ctx->err);
	free(info);
	if (st != JF_OK)
		return cli_fail(ctx, st);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:s, s:I}", "card", args->argv[0],
						     "survey", args->argv[1], "points",
						     (json_int_t)points));
	printf("survey %s answered by %s: %lld points\n", cli_safe(args->argv[1]),
	       cli_safe(args->argv[0]), (long long)points);
	return JF_OK;
}

static const struct option answer_options[] = {
	{ "answers", required_argument, NULL, OPT_ANSWERS },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_survey_answer = {
	.name = "survey answer",
	.options = answer_options,
	.args_min = 2, .args_max = 2, .args = "CARD SURVEY",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.check = check_answer,
	.exec = exec_answer,
	.usage =
	"jifen survey answer CARD SURVEY --answers 'q1=a,q2=b+c,q3=4' [--json] [--staff ID]\n"
	"\n"
	"  --answers A    every question once: QUESTION=CHOICE, several choices of a\n"
	"                 multiple-choice question joined by +, a rating 1 to 5\n"
	"\n"
	"A member's answers (as at the kiosk): the survey's points once, the\n"
	"answers kept apart from the member (with no member at all for an anonymous\n"
	"survey), and the survey tasks naming it completed. Answering twice is\n"
	"refused.",
	.summary = "answer a survey for a member",
};
