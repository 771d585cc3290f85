/*
 * task_spec: the store's task book from JSON (task.h), every problem
 * named by where it is. No ledger: what needs games, surveys and the
 * catalog is task.c's.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "spec_json.h"
#include "task.h"

static const char *const task_kinds[TASK_KINDS] = { "counter_confirmed", "review", "survey",
						     "months", "green_transfer" };
static const char *const periods[] = { "once", "month", "year" };
static const char *const reward_kinds[REWARD_KINDS] = { "points", "green", "free_play", "badge",
							 "item", "coupon" };

const char *
task_kind_name(enum task_kind kind)
{
	return (unsigned)kind < TASK_KINDS ? task_kinds[kind] : "?";
}

const char *
task_period_name(enum task_period period)
{
	return (unsigned)period < 3 ? periods[period] : "?";
}

const char *
reward_kind_name(enum reward_kind kind)
{
	return (unsigned)kind < REWARD_KINDS ? reward_kinds[kind] : "?";
}

void
task_period_of(enum task_period period, const char *today, char out[TASK_PERIOD_SIZE])
{
	if (period == PERIOD_MONTH)
		snprintf(out, TASK_PERIOD_SIZE, "%.7s", today);
	else if (period == PERIOD_YEAR)
		snprintf(out, TASK_PERIOD_SIZE, "%.4s", today);
	else
		snprintf(out, TASK_PERIOD_SIZE, "once");
}

/* A reward: {"kind": K, "amount": N, "game"|"badge"|"sku": ...}. A task
 * may give points, green, free_play or badge; a set's prize points,
 * green, item or coupon (prize set). */
static void
get_reward(json_t *obj, const char *key, const char *where, int prize, struct task_reward *r,
	   struct game_problems *p)
{
	static const char *const keys[] = { "kind", "amount", "game", "badge", "sku", NULL };
	json_t *v = json_object_get(obj, key);
	char at[96];
	int kind;

	memset(r, 0, sizeof *r);
	if (!v) {
		spec_problem(p, "%s: missing", where);
		return;
	}
	if (!json_is_object(v)) {
		spec_problem(p, "%s: must be an object {\"kind\": ..., \"amount\": ...}", where);
		return;
	}
	spec_check_keys(v, where, keys, p);
	kind = spec_name_of(json_object_get(v, "kind"), reward_kinds, REWARD_KINDS);
	if (kind < 0 || (prize && (kind == REWARD_FREE_PLAY || kind == REWARD_BADGE)) ||
	    (!prize && (kind == REWARD_ITEM || kind == REWARD_COUPON))) {
		spec_problem(p, "%s.kind: must be %s", where, prize ? "points, green, item or coupon"
					: "points, green, free_play or badge");
		return;
	}
	r->kind = (enum reward_kind)kind;
	snprintf(at, sizeof at, "%s.amount", where);
	if (kind == REWARD_BADGE) {
		r->amount = 1;
		if (json_object_get(v, "amount"))
			spec_problem(p, "%s: a badge has no amount", at);
	} else if (kind == REWARD_POINTS || kind == REWARD_GREEN) {
		spec_get_int(v, "amount", at, 1, 100000, 1, &r->amount, p);
	} else {
		r->amount = 1;
		spec_get_int(v, "amount", at, 1, 10, 0, &r->amount, p);
	}
	snprintf(at, sizeof at, "%s.game", where);
	if (kind == REWARD_FREE_PLAY)
		spec_get_code(v, "game", at, r->game, p);
	else if (json_object_get(v, "game"))
		spec_problem(p, "%s: only a free_play names a game", at);
	snprintf(at, sizeof at, "%s.badge", where);
	if (kind == REWARD_BADGE)
		spec_get_code(v, "badge", at, r->badge, p);
	else if (json_object_get(v, "badge"))
		spec_problem(p, "%s: only a badge reward names a badge", at);
	snprintf(at, sizeof at, "%s.sku", where);
	if (kind == REWARD_ITEM || kind == REWARD_COUPON)
		spec_get_code(v, "sku", at, r->sku, p);
	else if (json_object_get(v, "sku"))
		spec_problem(p, "%s: only an item or a coupon names a SKU", at);
}

static void
get_task(json_t *v, size_t i, struct task_def *t, struct game_problems *p)
{
	static const char *const keys[] = { "id", "names", "kind", "period", "months", "survey",
					    "reward", NULL };
	char where[32], at[64];
	int n;

	snprintf(where, sizeof where, "tasks[%zu]", i);
	memset(t, 0, sizeof *t);
	if (!spec_object(v, where, keys, p))
		return;
	snprintf(at, sizeof at, "%s.id", where);
	spec_get_code(v, "id", at, t->code, p);
	snprintf(at, sizeof at, "%s.names", where);
	spec_get_names(v, "names", at, t->name_zh, t->name_en, p);
	if ((n = spec_name_of(json_object_get(v, "kind"), task_kinds, TASK_KINDS)) < 0)
		spec_problem(p, "%s.kind: must be counter_confirmed, review, survey, months or "
			     "green_transfer", where);
	t->kind = n < 0 ? TASK_COUNTER : (enum task_kind)n;
	if ((n = spec_name_of(json_object_get(v, "period"), periods, 3)) < 0)
		spec_problem(p, "%s.period: must be once, month or year", where);
	t->period = n < 0 ? PERIOD_ONCE : (enum task_period)n;
	snprintf(at, sizeof at, "%s.months", where);
	if (t->kind == TASK_MONTHS) {
		spec_get_int(v, "months", at, 1, TASK_MONTHS_MAX, 1, &t->months, p);
		if (t->period == PERIOD_MONTH && t->months > 1)
			spec_problem(p, "%s: a month holds only one month", at);
		if (t->period == PERIOD_YEAR && t->months > 12)
			spec_problem(p, "%s: a year holds only 12 months", at);
	} else if (json_object_get(v, "months")) {
		spec_problem(p, "%s: only a months task counts months", at);
	}
	snprintf(at, sizeof at, "%s.survey", where);
	if (t->kind == TASK_SURVEY)
		spec_get_code(v, "survey", at, t->survey, p);
	else if (json_object_get(v, "survey"))
		spec_problem(p, "%s: only a survey task names a survey", at);
	snprintf(at, sizeof at, "%s.reward", where);
	get_reward(v, "reward", at, 0, &t->reward, p);
}

static void
get_badge(json_t *v, const char *where, struct badge_def *b, struct game_problems *p)
{
	static const char *const keys[] = { "id", "names", "how", NULL };
	char at[160];

	memset(b, 0, sizeof *b);
	if (!spec_object(v, where, keys, p))
		return;
	snprintf(at, sizeof at, "%s.id", where);
	spec_get_code(v, "id", at, b->code, p);
	snprintf(at, sizeof at, "%s.names", where);
	spec_get_names(v, "names", at, b->name_zh, b->name_en, p);
	snprintf(at, sizeof at, "%s.how", where);
	spec_get_names(v, "how", at, b->how_zh, b->how_en, p);
}

static void
get_set(json_t *v, size_t i, struct badge_set_def *s, struct game_problems *p)
{
	static const char *const keys[] = { "id", "names", "badges", "prize", NULL };
	char where[48], at[112];
	json_t *badges, *b;
	size_t j;

	snprintf(where, sizeof where, "badge_sets[%zu]", i);
	memset(s, 0, sizeof *s);
	if (!spec_object(v, where, keys, p))
		return;
	snprintf(at, sizeof at, "%s.id", where);
	spec_get_code(v, "id", at, s->code, p);
	snprintf(at, sizeof at, "%s.names", where);
	spec_get_names(v, "names", at, s->name_zh, s->name_en, p);
	badges = json_object_get(v, "badges");
	if (!json_is_array(badges) || json_array_size(badges) < 1 ||
	    json_array_size(badges) > BADGES_PER_SET) {
		spec_problem(p, "%s.badges: must be a list of 1 to %d badges", where, BADGES_PER_SET);
	} else {
		json_array_foreach(badges, j, b) {
			snprintf(at, sizeof at, "%s.badges[%zu]", where, j);
			get_badge(b, at, &s->badges[s->badge_count++], p);
		}
	}
	snprintf(at, sizeof at, "%s.prize", where);
	get_reward(v, "prize", at, 1, &s->prize, p);
}

const struct task_def *
task_book_task(const struct task_book *b, const char *code)
{
	for (size_t i = 0; i < b->task_count; i++)
		if (strcmp(b->tasks[i].code, code) == 0)
			return &b->tasks[i];
	return NULL;
}

const struct badge_set_def *
task_book_set_of(const struct task_book *b, const char *badge, const struct badge_def **out)
{
	for (size_t i = 0; i < b->set_count; i++)
		for (size_t j = 0; j < b->sets[i].badge_count; j++)
			if (strcmp(b->sets[i].badges[j].code, badge) == 0) {
				if (out)
					*out = &b->sets[i].badges[j];
				return &b->sets[i];
			}
	return NULL;
}

/* Ids unique, badge rewards naming badges, every badge given by a task. */
static void
link_book(const struct task_book *b, struct game_problems *p)
{
	for (size_t i = 0; i < b->task_count; i++) {
		const struct task_def *t = &b->tasks[i];

		if (t->code[0] && task_book_task(b, t->code) != t)
			spec_problem(p, "tasks[%zu].id: %s is used twice", i, t->code);
		if (t->reward.kind == REWARD_BADGE && t->reward.badge[0] &&
		    !task_book_set_of(b, t->reward.badge, NULL))
			spec_problem(p, "tasks[%zu].reward.badge: %s is in no badge set", i,
				     t->reward.badge);
	}
	for (size_t i = 0; i < b->set_count; i++) {
		for (size_t k = 0; k < i; k++)
			if (b->sets[i].code[0] && strcmp(b->sets[i].code, b->sets[k].code) == 0)
				spec_problem(p, "badge_sets[%zu].id: %s is used twice", i,
					     b->sets[i].code);
		for (size_t j = 0; j < b->sets[i].badge_count; j++) {
			const struct badge_def *d = &b->sets[i].badges[j], *first = NULL;
			size_t t;

			if (!d->code[0])
				continue;
			task_book_set_of(b, d->code, &first);
			if (first != d)
				spec_problem(p, "badge_sets[%zu].badges[%zu].id: %s is used twice", i,
					     j, d->code);
			for (t = 0; t < b->task_count; t++)
				if (b->tasks[t].reward.kind == REWARD_BADGE &&
				    strcmp(b->tasks[t].reward.badge, d->code) == 0)
					break;
			if (t == b->task_count)
				spec_problem(p, "badge_sets[%zu].badges[%zu]: no task gives %s", i, j,
					     d->code);
		}
	}
}

/* The task book (a spec_fill_fn: out is a struct task_book). */
static void
get_book(json_t *root, void *out, struct game_problems *p)
{
	static const char *const keys[] = { "tasks", "badge_sets", NULL };
	json_t *tasks = json_object_get(root, "tasks"), *sets = json_object_get(root, "badge_sets");
	struct task_book *b = out;
	json_t *v;
	size_t i;

	spec_check_keys(root, "", keys, p);
	if (!json_is_array(tasks) || json_array_size(tasks) < 1 ||
	    json_array_size(tasks) > TASKS_MAX) {
		spec_problem(p, "tasks: must be a list of 1 to %d tasks", TASKS_MAX);
	} else {
		json_array_foreach(tasks, i, v)
			get_task(v, i, &b->tasks[b->task_count++], p);
	}
	if (sets && (!json_is_array(sets) || json_array_size(sets) > BADGE_SETS_MAX)) {
		spec_problem(p, "badge_sets: must be a list of at most %d sets", BADGE_SETS_MAX);
	} else if (sets) {
		json_array_foreach(sets, i, v)
			get_set(v, i, &b->sets[b->set_count++], p);
	}
	link_book(b, p);
}

enum jf_status
task_book_parse(const char *text, size_t len, struct task_book *out, struct game_problems *p)
{
	return spec_parse(text, len, TASK_FILE_MAX, get_book, out, sizeof *out, p);
}
