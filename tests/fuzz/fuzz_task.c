/*
 * fuzz_task: task_book_parse, survey_spec_parse and survey_answers_parse
 * on arbitrary text.
 *
 * A task book and a survey come from files a person edits, answers from a
 * command line: whatever they hold, parsing never crashes and ends either
 * in JF_OK with what keeps the rules (ids set, badge rewards naming badges
 * of a set, answers that survey_answers_ok() takes) or in JF_USAGE with at
 * least one problem, each one printable line, and no book or survey
 * returned (fuzz_spec.h). The same input is tried as a book, as a survey,
 * and as answers to the demo survey.
 */
#include "config.h"

#include "fuzz_spec.h"
#include "survey.h"
#include "task.h"

static struct survey_spec demo;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static struct game_problems p;

	(void)argc;
	(void)argv;
	if (survey_spec_parse(survey_demo, strlen(survey_demo), &demo, &p) != JF_OK)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	static struct task_book b;
	static struct survey_spec s;
	static struct game_problems p;
	struct survey_answers a;
	struct jf_error err;
	enum jf_status st;

	st = task_book_parse(text, size, &b, &p);
	fuzz_spec_ended(st, &p, !b.task_count && !b.set_count, text);
	for (size_t i = 0; st == JF_OK && i < b.task_count; i++)
		if (!b.tasks[i].code[0] || (b.tasks[i].reward.kind == REWARD_BADGE &&
					    !task_book_set_of(&b, b.tasks[i].reward.badge, NULL)))
			fuzz_fail("accepted a task without an id or with a badge of no set", text);
	st = survey_spec_parse(text, size, &s, &p);
	fuzz_spec_ended(st, &p, !s.code[0] && !s.question_count, text);
	if (st == JF_OK && (!s.code[0] || s.question_count < 1))
		fuzz_fail("accepted a survey without an id or questions", text);
	if (survey_answers_parse(&demo, text, &a, &err) == JF_OK && !survey_answers_ok(&demo, &a))
		fuzz_fail("parsed answers the survey does not take", text);
	free(text);
	return 0;
}
