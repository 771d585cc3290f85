/*
 * task: tasks that earn rewards, and badges in sets (DESIGN.md "Tasks,
 * badges and surveys"). Two parts, one job each:
 *
 *  - task_spec.c: the store's task book from JSON (tasks and badge sets),
 *    every problem named, no ledger (fuzz_task builds it alone);
 *  - task.c: importing a book, completing tasks, badges and their sets'
 *    grand prizes, a member's progress, and what `jifen verify` checks.
 *
 * A task completes once per member per period (once ever, a calendar
 * month, a calendar year of the store's clock), whoever triggers it: the
 * row task_done is unique by (task, member, period), and the write is
 * keyed "task:TASK:CARD:PERIOD", so a second trigger is a replay. Its
 * reward is written in the same transaction: points or green points from
 * the games account (entry type "task", ref the key), free plays as
 * game_ticket rows naming the completion (task_done_id), or a badge. The
 * badge that completes its set pays the set's grand prize once (table
 * badge_prize, entry type "badge_prize", key "badges:SET:CARD").
 */
#ifndef JIFEN_TASK_H
#define JIFEN_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "game.h"
#include "ledger.h"
#include "status.h"

#define TASKS_MAX 64
#define BADGE_SETS_MAX 16
#define BADGES_PER_SET 12
#define TASK_MONTHS_MAX 24
#define TASK_FILE_MAX (256 * 1024)
#define TASK_PERIOD_SIZE 11  /* "once", "2026-12", "2026" */

enum task_kind {
	TASK_COUNTER = 0,        /* "counter_confirmed": staff at the counter say it was done */
	TASK_REVIEW = 1,         /* "review": a product reviewed with 1-5 stars */
	TASK_SURVEY = 2,         /* "survey": the survey named answered */
	TASK_MONTHS = 3,         /* "months": purchases in N different months of the period */
	TASK_GREEN_TRANSFER = 4, /* "green_transfer": green points sent to family in the period */
};
#define TASK_KINDS 5
enum task_period { PERIOD_ONCE = 0, PERIOD_MONTH = 1, PERIOD_YEAR = 2 };
enum reward_kind {
	REWARD_POINTS = 0,    /* amount points from the games account */
	REWARD_GREEN = 1,     /* amount green points, likewise */
	REWARD_FREE_PLAY = 2, /* amount tickets of game */
	REWARD_BADGE = 3,     /* the badge named */
	REWARD_ITEM = 4,      /* amount of catalog goods sku, as a voucher (grand prizes) */
	REWARD_COUPON = 5,    /* amount of catalog coupon sku, likewise */
};
#define REWARD_KINDS 6

/* "counter_confirmed", ...; "once", "month", "year"; "points", ... */
const char *task_kind_name(enum task_kind kind);
const char *task_period_name(enum task_period period);
const char *reward_kind_name(enum reward_kind kind);

struct task_reward {
	enum reward_kind kind;
	int64_t amount;               /* points, tickets or quantity; 1 for a badge */
	char game[GAME_CODE_SIZE];    /* free_play */
	char badge[GAME_CODE_SIZE];   /* badge */
	char sku[CATALOG_SKU_SIZE];   /* item, coupon */
};

struct task_def {
	char code[GAME_CODE_SIZE];
	char name_zh[GAME_LABEL_SIZE], name_en[GAME_LABEL_SIZE];
	enum task_kind kind;
	enum task_period period;
	int64_t months;                /* months: how many different months */
	char survey[GAME_CODE_SIZE];   /* survey: which one */
	struct task_reward reward;
};

struct badge_def {
	char code[GAME_CODE_SIZE];
	char name_zh[GAME_LABEL_SIZE], name_en[GAME_LABEL_SIZE];
	char how_zh[GAME_LABEL_SIZE], how_en[GAME_LABEL_SIZE]; /* how to earn it */
};

struct badge_set_def {
	char code[GAME_CODE_SIZE];
	char name_zh[GAME_LABEL_SIZE], name_en[GAME_LABEL_SIZE];
	struct badge_def badges[BADGES_PER_SET];
	size_t badge_count;
	struct task_reward prize;      /* points, green, item or coupon */
};

/* The store's tasks and badge sets: one file, imported whole. */
struct task_book {
	struct task_def tasks[TASKS_MAX];
	size_t task_count;
	struct badge_set_def sets[BADGE_SETS_MAX];
	size_t set_count;
};

/*
 * Parse a task book (the format is in DESIGN.md and assets/tasks/). JF_OK
 * and *out, or JF_USAGE with every problem in p: bad JSON, unknown keys,
 * wrong types, values out of range, ids not unique (tasks, sets, badges
 * across sets), a badge reward naming no badge, a badge no task gives, a
 * months task without months or a survey task without its survey.
 * Touches no ledger.
 */
enum jf_status task_book_parse(const char *text, size_t len, struct task_book *out,
			       struct game_problems *p);
/* Find by code in a book: NULL if none. */
const struct task_def *task_book_task(const struct task_book *b, const char *code);
const struct badge_set_def *task_book_set_of(const struct task_book *b, const char *badge,
					     const struct badge_def **badge_out);

/* The period a completion of t today counts in: "once", "2026-12", "2026". */
void task_period_of(enum task_period period, const char *today, char out[TASK_PERIOD_SIZE]);

/* ---- the ledger's side (task.c) ---- */

/* Import text as the store's task book (its next version). Refused with
 * JF_USAGE and every problem in p (nothing written): what the parser
 * refuses, a free-play game that does not exist, a grand prize's SKU the
 * catalog does not have, a survey task's survey that was not imported.
 * The same text as the current book changes nothing (*changed 0). */
enum jf_status task_import_text(struct ledger *lg, const char *text, size_t len,
				int64_t *version, int *changed, struct game_problems *p,
				struct jf_error *err);
enum jf_status task_import_file(struct ledger *lg, const char *path, int64_t *version,
				int *changed, struct game_problems *p, struct jf_error *err);
/* The current book (empty, version 0, if none was imported). Caller frees
 * with free(). */
enum jf_status task_book_load(struct ledger *lg, struct task_book **out, int64_t *version,
			      struct jf_error *err);

/* A completion, done now or found. */
struct task_done {
	int64_t id;
	char task[GAME_CODE_SIZE];
	char card[20];
	char period[TASK_PERIOD_SIZE];
	struct task_reward reward;
	int64_t entry_id;     /* points or green: the reward's entry */
	int64_t ts;
	int replay;           /* done before in this period: nothing new written */
	/* A badge that completed its set: the set's grand prize, paid now. */
	char set_completed[GAME_CODE_SIZE];
	int64_t prize_entry_id, prize_voucher_id;
	/* The prize's goods or coupon were not to be had (out of stock,
	 * delisted, out of their dates): their worth was paid in points
	 * instead (badge_prize kind points or green, sku kept). */
	int prize_in_points;
};

/* Complete task for card in the current period, whoever asks: a replay
 * if it was done (out->replay). Refused with JF_NOTFOUND/JF_R_UNKNOWN_TASK,
 * JF_CONFLICT/JF_R_TASK_NOT_MET (an automatic task whose condition is not
 * met: num[0] what it needs, [1] what there is). Counter-confirmed tasks
 * need nothing more; review tasks are completed by task_review(). One
 * write transaction (joins the caller's if one is open). */
enum jf_status task_complete(struct ledger *lg, const char *card, const char *task,
			     struct task_done *out, struct jf_error *err);
/* A product review at the kiosk: stars 1..5 of sku (in the catalog),
 * kept in product_review, and every review task completed (*completed:
 * how many now; 0 when they were done this period already). */
enum jf_status task_review(struct ledger *lg, const char *card, const char *sku, int stars,
			   int64_t *completed, struct jf_error *err);
/* What card's member may review at the kiosk: the catalog's goods they
 * received through vouchers handed over at the counter (not returned,
 * not delisted since) or bought on a receipt of lines that named their
 * SKU (purchase_item; not on a receipt reversed or refunded whole), each
 * once, by SKU. fn returns nonzero to stop. A SKU the catalog does not
 * list (any more) is not offered. task_review() itself takes any of the catalog's goods (the
 * command line is staff's). */
enum jf_status task_review_items(struct ledger *lg, const char *card,
				 int (*fn)(const struct catalog_item *item, void *ctx), void *ctx,
				 struct jf_error *err);
/* The automatic tasks (months, green_transfer) whose condition card meets
 * now, completed; *completed: how many new. For `task check` and `daily`. */
enum jf_status task_check(struct ledger *lg, const char *card, int64_t *completed,
			  struct jf_error *err);
/* task_check() for every member not erased, the book read once (the
 * daily job): each completion is its own keyed write, so a second run in
 * the period completes nothing more. A book without automatic tasks reads
 * no member. */
struct task_check_result {
	int64_t members;    /* members checked */
	int64_t completed;  /* tasks completed now */
};
enum jf_status task_check_all(struct ledger *lg, struct task_check_result *out,
			      struct jf_error *err);
/* Every survey task naming survey, completed for card (survey.c calls it
 * in its own transaction). */
enum jf_status task_survey_answered(struct ledger *lg, const char *card, const char *survey,
				    struct jf_error *err);

/* A member's progress: each task done in its current period or not (and
 * for months, how many months so far), each badge earned or not, each
 * set's grand prize paid or not. */
struct task_progress {
	struct task_book *book;                /* owned */
	char period[TASKS_MAX][TASK_PERIOD_SIZE];
	int done[TASKS_MAX];
	int64_t have[TASKS_MAX];               /* months: months with purchases */
	int earned[BADGE_SETS_MAX][BADGES_PER_SET];
	int prize_paid[BADGE_SETS_MAX];
};
enum jf_status task_progress(struct ledger *lg, const char *card, struct task_progress *out,
			     struct jf_error *err);
void task_progress_done(struct task_progress *p);

/* For verify.c: completions against their entries and tickets, grand
 * prizes against their sets' badges and entries. */
struct db;
enum jf_status task_verify(struct db *db, char *problem, size_t size, struct jf_error *err);

/* The demo store's tasks, built into the program from assets/tasks/. */
extern const char task_demo_book[];

#endif
