/*
 * plan: one-to-one plans for a store's best members (`jifen plan`).
 *
 * A manager (the [staff] action "plan") gives a member a plan: an earn
 * percent that replaces the tier's while the plan is in force (from when it
 * is set through its end date, store-local, unless ended early), offers of
 * its own (lines the member sees on the kiosk's home screen), a note for
 * the staff (shown at the counter) and why it was given. Each plan is a
 * member_plan row (schema 15) that only its end changes, and a desk event
 * (`plan_set`, `plan_end`) among the member's other changes. A new plan
 * replaces the one in force (the latest in force applies).
 *
 * A plan and a member's own earn rate (member_rate.h) are independent: the
 * rate decides the base points per yuan, the plan's percent the member
 * bonus on top of that base (tier.h, season_rules.md).
 */
#ifndef JIFEN_PLAN_H
#define JIFEN_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

#define PLAN_PERCENT_MIN 100
#define PLAN_PERCENT_MAX 1000
#define PLAN_OFFERS_MAX 3
#define PLAN_OFFER_CHARS 60  /* an offer fits a line of the kiosk's 80 columns */
#define PLAN_TEXT_CHARS 100  /* the note and why */
#define PLAN_TEXT_SIZE (4 * PLAN_TEXT_CHARS + 1)
#define PLAN_OFFER_SIZE (4 * PLAN_OFFER_CHARS + 1)

struct plan {
	int64_t id;            /* 0: none */
	int64_t percent;
	int64_t starts_at;
	char until[11];        /* the last day in force */
	char note[PLAN_TEXT_SIZE];
	char why[PLAN_TEXT_SIZE];
	char offers[PLAN_OFFERS_MAX][PLAN_OFFER_SIZE];
	int offer_count;
	char actor[ACTOR_TEXT_SIZE];
	char terminal[SETTINGS_TERMINAL_SIZE];
	int64_t ended_at;      /* 0 unless ended early */
	char ended_by[ACTOR_TEXT_SIZE];
	char ended_terminal[SETTINGS_TERMINAL_SIZE];
};

struct plan_new {
	int64_t percent;       /* PLAN_PERCENT_MIN..PLAN_PERCENT_MAX */
	const char *until;     /* "YYYY-MM-DD", today or later */
	const char *note;      /* 0..PLAN_TEXT_CHARS characters */
	const char *why;       /* 1..PLAN_TEXT_CHARS characters */
	const char *offers[PLAN_OFFERS_MAX];
	int offer_count;
};

/* Give card's member a plan from now, by the ledger's actor. JF_USAGE for
 * a bad field (naming it). One write transaction. */
enum jf_status plan_set(struct ledger *lg, const char *card, const struct plan_new *p,
			int64_t *id, struct jf_error *err);
/* End the plan in force now. JF_CONFLICT with JF_R_NO_PLAN if none is. */
enum jf_status plan_end(struct ledger *lg, const char *card, struct jf_error *err);

/* The plan in force for member_id at time at: out->id 0 if none. Inside or
 * outside a transaction (the earn code reads it in its own). */
enum jf_status plan_in_force(struct ledger *lg, int64_t member_id, int64_t at,
			     struct plan *out, struct jf_error *err);
/* The same by card (the member must exist). */
enum jf_status plan_get(struct ledger *lg, const char *card, int64_t at, struct plan *out,
			struct jf_error *err);
/* Every plan of card's member, oldest first; fn returns nonzero to stop. */
enum jf_status plan_history(struct ledger *lg, const char *card,
			    int (*fn)(const struct plan *p, void *ctx), void *ctx,
			    struct jf_error *err);

/* The store's high-value members: points earned (tier.h's rule) since the
 * first day of the window of months months ending today, most first. */
struct plan_top {
	char card[24];
	char name[257];
	int64_t earned;
	char tier[SETTINGS_TIER_ID_SIZE]; /* "" without tiers */
	int has_plan;                     /* a plan in force now */
};
enum jf_status plan_top_members(struct ledger *lg, int64_t months, int64_t limit,
				int (*fn)(const struct plan_top *t, void *ctx), void *ctx,
				struct jf_error *err);

#endif
