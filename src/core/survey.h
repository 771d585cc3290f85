/*
 * survey: questionnaires members answer at the kiosk for points (DESIGN.md
 * "Tasks, badges and surveys"). survey_spec.c reads a survey's JSON and a
 * line of answers (no ledger; fuzz_task builds it); survey.c imports,
 * lists, answers and counts.
 *
 * Points once per member: survey_taken (survey, member) is the rule and
 * holds who answered, when, and the entry of the points. What was
 * answered is in survey_answer, apart: rows under random ids, grouped by a
 * random response number, with no time; for an anonymous survey with no
 * member either, so nothing joins an answer back to who gave it.
 */
#ifndef JIFEN_SURVEY_H
#define JIFEN_SURVEY_H

#include <stddef.h>
#include <stdint.h>

#include "game.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

#define SURVEY_QUESTIONS_MAX 12
#define SURVEY_CHOICES_MAX 8
#define SURVEY_RATING_MAX 5
#define SURVEY_POINTS_MAX 10000
#define SURVEY_FILE_MAX (64 * 1024)

enum question_kind { QUESTION_SINGLE = 0, QUESTION_MULTIPLE = 1, QUESTION_RATING = 2 };
/* "single", "multiple", "rating" */
const char *question_kind_name(enum question_kind kind);

struct survey_choice {
	char code[GAME_CODE_SIZE];
	char text_zh[GAME_LABEL_SIZE], text_en[GAME_LABEL_SIZE];
};
struct survey_question {
	char code[GAME_CODE_SIZE];
	enum question_kind kind;
	char text_zh[GAME_LABEL_SIZE], text_en[GAME_LABEL_SIZE];
	struct survey_choice choices[SURVEY_CHOICES_MAX]; /* none for a rating */
	size_t choice_count;
};
struct survey_spec {
	char code[GAME_CODE_SIZE];
	char name_zh[GAME_LABEL_SIZE], name_en[GAME_LABEL_SIZE];
	int64_t points;   /* once per member; 0 for none */
	int anonymous;
	struct survey_question questions[SURVEY_QUESTIONS_MAX];
	size_t question_count;
};

/* A member's answers: for question i, a bit per choice (single: one bit;
 * multiple: one or more) or the rating 1..5. */
struct survey_answers {
	int64_t value[SURVEY_QUESTIONS_MAX];
};

/* Parse a survey (format in DESIGN.md and assets/surveys/): JF_OK and
 * *out, or JF_USAGE with every problem in p. No ledger. */
enum jf_status survey_spec_parse(const char *text, size_t len, struct survey_spec *out,
				 struct game_problems *p);
/* Parse "q1=a,q2=b+c,q3=4" against s: every question once, a known
 * choice (one for single), a rating 1..5. JF_USAGE with one line in err. */
enum jf_status survey_answers_parse(const struct survey_spec *s, const char *text,
				    struct survey_answers *out, struct jf_error *err);
/* Is a an answer to s that survey_answer() takes? */
int survey_answers_ok(const struct survey_spec *s, const struct survey_answers *a);

/* ---- the ledger's side (survey.c) ---- */

struct survey_info {
	int64_t id;       /* this version's row */
	int64_t version;
	struct survey_spec spec;
	int64_t answered; /* members who answered (any version) */
};
/* Import as the survey's next version (the same text changes nothing). */
enum jf_status survey_import_text(struct ledger *lg, const char *text, size_t len,
				  int64_t *version, int *changed, struct game_problems *p,
				  struct jf_error *err);
enum jf_status survey_import_file(struct ledger *lg, const char *path, int64_t *version,
				  int *changed, struct game_problems *p, struct jf_error *err);
/* The current version; JF_NOTFOUND with JF_R_UNKNOWN_SURVEY. */
enum jf_status survey_find(struct ledger *lg, const char *code, struct survey_info *out,
			   struct jf_error *err);
enum jf_status survey_list(struct ledger *lg, int (*fn)(const struct survey_info *s, void *ctx),
			   void *ctx, struct jf_error *err);
/* Has card answered survey? */
enum jf_status survey_taken(struct ledger *lg, const char *card, const char *code, int *taken,
			    struct jf_error *err);
/* Answer: one write transaction: refused with JF_NOTFOUND/JF_R_UNKNOWN_SURVEY,
 * JF_CONFLICT/JF_R_SURVEY_ANSWERED, JF_USAGE for answers that do not fit.
 * The survey's points from the games account (entry type "survey", ref
 * "survey:CODE:CARD"), the answers apart, and every survey task naming it
 * completed (task_survey_answered()). *points: what was credited. */
enum jf_status survey_answer(struct ledger *lg, const char *card, const char *code,
			     const struct survey_answers *a, int64_t *points,
			     struct jf_error *err);

/* The same counts among the answers of members in one tier when they
 * answered (survey_answer.tier). tier "": answers that keep no tier (an
 * anonymous survey's, those from before tiers were kept, a tier the config
 * no longer has). */
struct survey_tier_results {
	char tier[SETTINGS_TIER_ID_SIZE];
	int64_t responses;
	int64_t count[SURVEY_QUESTIONS_MAX][SURVEY_CHOICES_MAX];
};
/* Counts of the current version: for question q, count[q][c] of choice c
 * (rating r at index r - 1), out of responses. When the config has tiers,
 * tiers[] holds one group per tier, lowest first, then the "" group if it
 * has any response; tier_count 0 without tiers or for an anonymous survey. */
struct survey_results {
	struct survey_info info;
	int64_t responses;
	int64_t count[SURVEY_QUESTIONS_MAX][SURVEY_CHOICES_MAX];
	struct survey_tier_results tiers[SETTINGS_MAX_TIERS + 1];
	size_t tier_count;
};
enum jf_status survey_results(struct ledger *lg, const char *code, struct survey_results *out,
			      struct jf_error *err);

/* For verify.c: points against their entries; no member on the answers
 * of an anonymous survey. */
struct db;
enum jf_status survey_verify(struct db *db, char *problem, size_t size, struct jf_error *err);

/* The demo store's survey, built into the program from assets/surveys/. */
extern const char survey_demo[];

#endif
