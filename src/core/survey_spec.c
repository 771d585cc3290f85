/*
 * survey_spec: a survey's JSON and a line of answers (survey.h), every
 * problem named. No ledger.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_json.h"
#include "survey.h"

static const char *const question_kinds[] = { "single", "multiple", "rating" };

const char *
question_kind_name(enum question_kind kind)
{
	return (unsigned)kind < 3 ? question_kinds[kind] : "?";
}

static void
get_choices(json_t *v, const char *where, struct survey_question *q, struct game_problems *p)
{
	static const char *const keys[] = { "id", "text", NULL };
	json_t *list = json_object_get(v, "choices"), *c;
	char at[96], in[128];
	size_t i;

	if (q->kind == QUESTION_RATING) {
		if (list)
			spec_problem(p, "%s.choices: a rating has no choices (it is 1 to 5)", where);
		return;
	}
	if (!json_is_array(list) || json_array_size(list) < 2 ||
	    json_array_size(list) > SURVEY_CHOICES_MAX) {
		spec_problem(p, "%s.choices: must be a list of 2 to %d choices", where,
			     SURVEY_CHOICES_MAX);
		return;
	}
	json_array_foreach(list, i, c) {
		struct survey_choice *ch = &q->choices[q->choice_count++];

		snprintf(at, sizeof at, "%s.choices[%zu]", where, i);
		if (!spec_object(c, at, keys, p))
			continue;
		snprintf(in, sizeof in, "%s.id", at);
		spec_get_code(c, "id", in, ch->code, p);
		snprintf(in, sizeof in, "%s.text", at);
		spec_get_names(c, "text", in, ch->text_zh, ch->text_en, p);
		for (size_t k = 0; k + 1 < q->choice_count; k++)
			if (ch->code[0] && strcmp(q->choices[k].code, ch->code) == 0)
				spec_problem(p, "%s.id: %s is used twice", at, ch->code);
	}
}

static void
get_question(json_t *v, size_t i, struct survey_spec *s, struct game_problems *p)
{
	static const char *const keys[] = { "id", "kind", "text", "choices", NULL };
	struct survey_question *q = &s->questions[i];
	char where[32], at[64];
	int kind;

	snprintf(where, sizeof where, "questions[%zu]", i);
	if (!spec_object(v, where, keys, p))
		return;
	snprintf(at, sizeof at, "%s.id", where);
	spec_get_code(v, "id", at, q->code, p);
	for (size_t k2 = 0; k2 < i; k2++)
		if (q->code[0] && strcmp(s->questions[k2].code, q->code) == 0)
			spec_problem(p, "%s: %s is used twice", at, q->code);
	if ((kind = spec_name_of(json_object_get(v, "kind"), question_kinds, 3)) < 0)
		spec_problem(p, "%s.kind: must be single, multiple or rating", where);
	q->kind = kind < 0 ? QUESTION_RATING : (enum question_kind)kind;
	snprintf(at, sizeof at, "%s.text", where);
	spec_get_names(v, "text", at, q->text_zh, q->text_en, p);
	if (kind >= 0)
		get_choices(v, where, q, p);
}

/* A survey (a spec_fill_fn: out is a struct survey_spec). */
static void
get_spec(json_t *root, void *out, struct game_problems *p)
{
	static const char *const keys[] = { "id", "names", "points", "anonymous", "questions", NULL };
	struct survey_spec *s = out;
	json_t *qs, *v;
	size_t i;

	spec_check_keys(root, "", keys, p);
	spec_get_code(root, "id", "id", s->code, p);
	spec_get_names(root, "names", "names", s->name_zh, s->name_en, p);
	spec_get_int(root, "points", "points", 0, SURVEY_POINTS_MAX, 1, &s->points, p);
	v = json_object_get(root, "anonymous");
	if (v && !json_is_boolean(v))
		spec_problem(p, "anonymous: must be true or false");
	s->anonymous = v && json_is_true(v);
	qs = json_object_get(root, "questions");
	if (!json_is_array(qs) || json_array_size(qs) < 1 ||
	    json_array_size(qs) > SURVEY_QUESTIONS_MAX) {
		spec_problem(p, "questions: must be a list of 1 to %d questions",
			     SURVEY_QUESTIONS_MAX);
	} else {
		json_array_foreach(qs, i, v)
			get_question(v, i, s, p);
		s->question_count = json_array_size(qs);
	}
}

enum jf_status
survey_spec_parse(const char *text, size_t len, struct survey_spec *out, struct game_problems *p)
{
	return spec_parse(text, len, SURVEY_FILE_MAX, get_spec, out, sizeof *out, p);
}

static int
choice_of(const struct survey_question *q, const char *code, size_t len)
{
	for (size_t c = 0; c < q->choice_count; c++)
		if (strlen(q->choices[c].code) == len && strncmp(q->choices[c].code, code, len) == 0)
			return (int)c;
	return -1;
}

/* One "q=a+b" of the line: into out's question, or a usage error. */
static enum jf_status
parse_one(const struct survey_spec *s, const char *item, size_t len, struct survey_answers *out,
	  int *seen, struct jf_error *err)
{
	const char *eq = memchr(item, '=', len), *v, *end = item + len;
	const struct survey_question *q = NULL;
	size_t qi;
	int c;

	if (!eq)
		return jf_fail(err, JF_USAGE, "%.*s: an answer is QUESTION=CHOICE", (int)len, item);
	for (qi = 0; qi < s->question_count; qi++)
		if (strlen(s->questions[qi].code) == (size_t)(eq - item) &&
		    strncmp(s->questions[qi].code, item, (size_t)(eq - item)) == 0)
			break;
	if (qi == s->question_count)
		return jf_fail(err, JF_USAGE, "%.*s: no such question", (int)(eq - item), item);
	if (seen[qi])
		return jf_fail(err, JF_USAGE, "%s: answered twice", s->questions[qi].code);
	seen[qi] = 1;
	q = &s->questions[qi];
	v = eq + 1;
	if (q->kind == QUESTION_RATING) {
		if (end - v != 1 || *v < '1' || *v > '0' + SURVEY_RATING_MAX)
			return jf_fail(err, JF_USAGE, "%s: a rating is 1 to %d", q->code,
				       SURVEY_RATING_MAX);
		out->value[qi] = *v - '0';
		return JF_OK;
	}
	while (v <= end) {
		const char *plus = memchr(v, '+', (size_t)(end - v));
		size_t n = (size_t)((plus ? plus : end) - v);

		if ((c = choice_of(q, v, n)) < 0)
			return jf_fail(err, JF_USAGE, "%s: no choice '%.*s'", q->code, (int)n, v);
		if (out->value[qi] & (1 << c))
			return jf_fail(err, JF_USAGE, "%s: %.*s chosen twice", q->code, (int)n, v);
		out->value[qi] |= 1 << c;
		if (!plus)
			break;
		v = plus + 1;
	}
	if (q->kind == QUESTION_SINGLE && (out->value[qi] & (out->value[qi] - 1)))
		return jf_fail(err, JF_USAGE, "%s: one choice only", q->code);
	return JF_OK;
}

enum jf_status
survey_answers_parse(const struct survey_spec *s, const char *text, struct survey_answers *out,
		     struct jf_error *err)
{
	int seen[SURVEY_QUESTIONS_MAX] = { 0 };
	const char *at = text;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	while (*at) {
		const char *comma = strchr(at, ',');
		size_t len = comma ? (size_t)(comma - at) : strlen(at);

		if ((st = parse_one(s, at, len, out, seen, err)) != JF_OK)
			return st;
		at += len + (comma ? 1 : 0);
		if (comma && !*at)
			return jf_fail(err, JF_USAGE, "an answer is missing after the last comma");
	}
	for (size_t q = 0; q < s->question_count; q++)
		if (!seen[q])
			return jf_fail(err, JF_USAGE, "%s: not answered", s->questions[q].code);
	return JF_OK;
}

int
survey_answers_ok(const struct survey_spec *s, const struct survey_answers *a)
{
	for (size_t i = 0; i < s->question_count; i++) {
		const struct survey_question *q = &s->questions[i];
		int64_t v = a->value[i];

		if (q->kind == QUESTION_RATING ? v < 1 || v > SURVEY_RATING_MAX
		    : v <= 0 || v >= (1LL << q->choice_count) ||
		      (q->kind == QUESTION_SINGLE && (v & (v - 1))))
			return 0;
	}
	return 1;
}
