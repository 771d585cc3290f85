/*
 * sim_model: the simulation's model of the ledger, written from the rules
 * (DESIGN.md, ledger.h, lot.h, the expire.c header), not from the core's
 * code: plain structs, one list of lots per member and kind of point, the
 * holds, and the idempotency keys. sim_test asks it what the core must
 * answer to each request and what every balance must then be.
 *
 * Dates are day numbers in the store's zone (Asia/Shanghai, UTC+8 all
 * year); the core keeps "YYYY-MM-DD" strings, so the two reckon apart.
 */
#ifndef JIFEN_SIM_MODEL_H
#define JIFEN_SIM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "ledger.h"
#include "status.h"

/* The store's rules for the simulation; sim_test's config text says the same. */
#define POINTS_PER_YUAN 1
#define GREEN_PER_YUAN 2
#define DAIRY_PER_YUAN 3
#define LOCK_DAYS 2
#define EXPIRY_DAYS 30
#define NOTICE_DAYS 7
#define GREEN_LIMIT 400
#define ZONE_OFFSET (8 * 3600) /* Asia/Shanghai: UTC+8, no daylight saving */
#define DAY 86400
#define CLOCK_TOLERANCE 300 /* the config's default clock_tolerance */

#define NMEMBERS 6
#define UNKNOWN_CARD "69999999"

extern const char *const sim_cards[NMEMBERS];
/* Two families and one member in none: 0 means no family. */
extern const int sim_family_of[NMEMBERS];

struct mlot {
	int64_t id;
	int64_t amount, remaining;
	int64_t expires; /* day number: spendable through this day */
	int64_t avail;   /* day number: spendable from this day */
};

struct macct {
	struct mlot *lots; /* in creation order */
	size_t count;
	int64_t total, held;
};

enum mhold_state { MH_PENDING, MH_POSTED, MH_VOIDED };

struct mhold {
	int member, kind;
	int64_t points;
	enum mhold_state state;
	int64_t post_entry;
};

struct outcome {
	enum jf_status status;
	int64_t entry_id; /* a hold's id for holds */
	int64_t points, shortfall;
	int replay;
};

/* A keyed write that succeeded: what it asked and what it got. */
struct mkey {
	char key[96];
	char content[160];
	struct outcome out;
};

/* A purchase that earned points (wrote an entry), for reversals. */
struct mearn {
	char receipt[32];
	int member, kind;
	int64_t points, lot_id;
};

struct mxfer {
	int64_t ts;
	int member;
	int64_t points;
};

struct model {
	struct macct acct[NMEMBERS][KIND_COUNT];
	struct mhold *holds; /* hold id = index + 1 */
	size_t nholds;
	struct mkey *keys;
	size_t nkeys;
	struct mearn *earns;
	size_t nearns;
	struct mxfer *xfers; /* green transfers, for the daily limit */
	size_t nxfers;
	int64_t now, last_ts;
	int64_t entries, lots;
	int64_t limit_refusals; /* transfers refused for the daily limit */
	int64_t clock_refusals; /* writes refused: the clock behind the ledger */
	int64_t held_back;      /* expiry runs that left due points to a pending hold */
};

struct expire_outcome {
	enum jf_status status;
	int64_t entry_id, lots;
	int64_t points[KIND_COUNT];
};

/* What a step asks of the core (and of the model), kept for replays. */

enum req_type { REQ_EARN, REQ_REVERSE, REQ_GRANT, REQ_TRANSFER, REQ_HOLD };

struct req {
	enum req_type type;
	int member, to;         /* member index; -1 is a card nobody has */
	int kind;               /* green for an earn */
	int64_t amount;         /* fen for an earn, points otherwise */
	char key[32];           /* receipt for earns and reversals */
	const char *reason;     /* grant */
	const char *category;   /* earn, may be NULL */
	int64_t expires_at;     /* hold */
};

/* realloc to count + 1 elements of size, or die. */
void *sim_grow(void *p, size_t count, size_t size);

/* Today's day number in the store's zone. */
int64_t model_today(const struct model *md);
/* Still in its lock period on day? */
int lot_locked(const struct mlot *l, int64_t day);
/* Points of an account still locked, and past expiry but not yet expired. */
void acct_sums(const struct macct *a, int64_t day, int64_t *locked, int64_t *overdue);
/* What the account may spend on day. */
int64_t acct_available(const struct macct *a, int64_t day);
const char *card_of(int member);
struct mhold *hold_at(struct model *md, int64_t id);

/* Each predicts the core's answer to one request and applies it to the model. */
struct outcome model_earn(struct model *md, const struct req *q);
struct outcome model_reverse(struct model *md, const struct req *q);
struct outcome model_grant(struct model *md, const struct req *q);
struct outcome model_transfer(struct model *md, const struct req *q);
struct outcome model_hold(struct model *md, const struct req *q);
struct outcome model_post(struct model *md, int64_t id);
enum jf_status model_void(struct model *md, int64_t id);
struct expire_outcome model_expire(struct model *md);

/* Dies if the model's own books do not balance. */
void model_self_check(const struct model *md);
void model_done(struct model *md);

#endif
