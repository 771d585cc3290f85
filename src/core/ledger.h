/*
 * ledger: the points ledger's public operations (DESIGN.md "The ledger").
 *
 * Every write is one transaction (BEGIN IMMEDIATE) holding one entry of
 * balanced lines, the balances it moves, the lots it creates or consumes and
 * its idempotency key. Replaying a key returns the first result with
 * replay = 1; the same key with other content is JF_CONFLICT. Any failure
 * rolls the whole operation back: nothing is written on an error.
 *
 * A struct ledger is an open ledger file plus the settings it runs under.
 */
#ifndef JIFEN_LEDGER_H
#define JIFEN_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "settings.h"
#include "status.h"

struct db;

/*
 * The entry a ledger appended last (entry_append()): its id, its hash and
 * the names of its lines' accounts, so that a lot of that entry is hashed
 * without reading back rows just written (lot.c; on PostgreSQL a round
 * trip). Only what this process computed or was told by its own UPDATE.
 */
#define LEDGER_LAST_LINES 8
#define LEDGER_LAST_NAME 64
struct ledger_last_entry {
	int64_t id;   /* 0: none */
	unsigned char hash[32];
	size_t count; /* lines kept; 0 when they did not all fit */
	int64_t account_ids[LEDGER_LAST_LINES];
	char names[LEDGER_LAST_LINES][LEDGER_LAST_NAME];
};

/*
 * The newest entry of this ledger's store as the write transaction under
 * way sees it: read by the clock check each write begins with, moved on by
 * each entry_append(), so that an entry is chained without reading its
 * predecessor again. Good only in the transaction it was read in (txn,
 * db_transaction_serial()): under the store's write lock nobody else
 * appends to its chain.
 */
struct ledger_tip {
	uint64_t txn; /* 0: none */
	int64_t id, ts;
	unsigned char hash[32];
};

struct ledger {
	struct db *db;
	const struct settings *cfg; /* borrowed: outlives the ledger */
	struct actor actor;         /* who acts now: see ledger_act_as() */
	int retry_inject;           /* tests only: outermost commits still to fail
				     * with JF_RETRY (ledger_test.h) */
	int64_t retries;            /* writes the database had run again, since open
				     * (benchmarks count collisions with it) */
	struct ledger_last_entry last_entry;
	struct ledger_tip tip;
	int key_made;               /* ledger_create_begin() wrote the voucher key
				     * file: ledger_create_abort() removes it */
};

enum point_kind { KIND_POINTS = 0, KIND_GREEN = 1 };
#define KIND_COUNT 2

/* "points" or "green". */
const char *kind_name(enum point_kind kind);

/* The system accounts on the other side of members' lines. */
#define SYS_ISSUED "issued"
#define SYS_REDEEMED "redeemed"
#define SYS_EXPIRED "expired"
#define SYS_GAMES "games"
#define SYS_COMPENSATION "compensation"

/* Create a new ledger at location (a file path, or a URI: see
 * db_location_parse) with its schema and system accounts. Refuses to
 * overwrite an existing file (JF_CONFLICT). The ledger is left open. */
enum jf_status ledger_create(struct ledger *lg, const char *location, const struct settings *cfg,
			     struct jf_error *err);
/*
 * ledger_create() in two halves, for a ledger filled before anyone can see
 * it (init --demo): ledger_create_begin() leaves the new ledger's write
 * transaction open, so the caller's writes nest in it (they commit
 * nothing), and ledger_create_commit() makes the whole of it visible at
 * once. A failure of either half, or ledger_create_abort() after a failed
 * fill, rolls everything back, removes a ledger file and its key and
 * closes the ledger; a process killed before the commit leaves no ledger
 * on PostgreSQL (on SQLite, an empty file).
 */
enum jf_status ledger_create_begin(struct ledger *lg, const char *location,
				   const struct settings *cfg, struct jf_error *err);
enum jf_status ledger_create_commit(struct ledger *lg, struct jf_error *err);
void ledger_create_abort(struct ledger *lg);
/* Open an existing ledger, migrating its schema forward if it is older. */
enum jf_status ledger_open(struct ledger *lg, const char *location, const struct settings *cfg,
			   struct jf_error *err);
/* Open an existing ledger for reading only: nothing is written, and it is
 * read where nothing may be written (read-only media, a 555 directory) and
 * as another user without leaving -wal or -shm files behind. A ledger of
 * an older schema is opened with ledger_open() to migrate it. */
enum jf_status ledger_open_read(struct ledger *lg, const char *location,
				const struct settings *cfg, struct jf_error *err);
void ledger_close(struct ledger *lg);

/* Who makes the writes from now on (actor.h): every entry, card change and
 * voucher step is stamped with this actor and the config's terminal. NULL
 * clears it (a kiosk at logout): writes are then refused with JF_ERR until
 * an actor is set again. Opening a ledger sets nobody. */
void ledger_act_as(struct ledger *lg, const struct actor *actor);
/* The acting actor as stored ("staff:S017"), for what a write records; JF_ERR
 * naming what was being written (what: "a hold") when nobody acts. The one
 * place that refuses an anonymous write. */
enum jf_status ledger_actor_text(const struct ledger *lg, const char *what,
				 char out[ACTOR_TEXT_SIZE], struct jf_error *err);

struct ledger_result {
	int64_t entry_id;  /* the entry written (or found, on a replay) */
	int64_t points;    /* points moved */
	int64_t shortfall; /* earn reversal: points that could not be taken back */
	int replay;        /* 1: the key was used before; nothing new was written */
};

/* Award points for a purchase of fen by the earn rule (a member's own rate,
 * member_rate.h, if it has one); the key is "earn:RECEIPT". */
struct earn_request {
	const char *card;
	int64_t fen;
	const char *receipt;
	int green;            /* green points for eco-friendly goods */
	const char *category; /* may be NULL */
};
enum jf_status ledger_earn(struct ledger *lg, const struct earn_request *req,
			   struct ledger_result *res, struct jf_error *err);
/* The same, with how its points were counted (earn_rule.h) in *x (the
 * caller's; NULL for none). On a replay x holds what the first time
 * recorded for campaigns (x->recorded). */
struct earn_explain;
enum jf_status ledger_earn_explained(struct ledger *lg, const struct earn_request *req,
				     struct ledger_result *res, struct earn_explain *x,
				     struct jf_error *err);
/* What ledger_earn() would award now and how, read-only, for --explain
 * before a purchase and a screen before the cashier confirms. */
enum jf_status ledger_earn_quote(struct ledger *lg, const struct earn_request *req,
				 struct earn_explain *x, struct jf_error *err);

/* A refunded purchase: take the points of receipt back, never below zero;
 * res->shortfall says how many could not be taken. Key "reverse:RECEIPT". */
enum jf_status ledger_earn_reverse(struct ledger *lg, const char *receipt,
				   struct ledger_result *res, struct jf_error *err);

/* Goods returned from part of a purchase (refund.c): take back the points
 * of fen of receipt, in proportion to what the receipt earned (after parts
 * worth F of a receipt of T fen that earned P points, the parts are due
 * floor(P * F / T) points in all, so they add up to P when all is
 * returned). Parts may follow each other until the whole receipt is
 * refunded; one more fen is refused (JF_CONFLICT, JF_R_REFUND_TOO_MUCH:
 * fen left, asked). Points are never taken below zero, nor from points a
 * voucher holds or past their date: the rest is the shortfall, and
 * shortfall_fen its worth at the earn rate (rounded down), the cash to keep
 * back from the refund. Key "refund:RECEIPT:KEY": each part has its own
 * key. A whole reversal (ledger_earn_reverse) after parts takes back only
 * what the parts were not due. Receipts earned before schema 8 can only be
 * reversed whole (JF_CONFLICT); an unknown one is JF_R_UNKNOWN_RECEIPT.
 * If points paid part of the sale (ledger_offset with the receipt as its
 * ref), the part gives back the same share of them, into new lots with
 * the dates of the lots they came from, latest first (offset_points and
 * offset_fen); the whole reversal gives back the rest. */
struct refund_request {
	const char *receipt;
	int64_t fen; /* the part returned, > 0 */
	const char *key;
};
struct refund_result {
	int64_t entry_id;      /* the reverse entry; 0 if nothing could be taken */
	int64_t fen;           /* this part */
	int64_t due;           /* points of this part */
	int64_t points;        /* taken back */
	int64_t shortfall;     /* due - points */
	int64_t shortfall_fen; /* its worth in fen at the earn rate, rounded down */
	int64_t fen_left;      /* of the receipt, still refundable */
	int64_t offset_points; /* points that paid this part of the sale, given back */
	int64_t offset_fen;    /* the fen they had paid (not to be refunded in cash) */
	enum point_kind kind;
	int replay;
};
enum jf_status ledger_earn_refund(struct ledger *lg, const struct refund_request *req,
				  struct refund_result *out, struct jf_error *err);
/* What reversing receipt would do now, read-only, for a screen to show
 * before the cashier confirms: the member's card, the kind and points the
 * purchase earned, and (unless it was reversed already) how many a
 * reversal takes back now and the shortfall, by ledger_earn_reverse()'s
 * own rule, with the points that paid part of the sale (jifen offset with
 * the receipt as its ref) it would give back. JF_NOTFOUND
 * (JF_R_UNKNOWN_RECEIPT) if it earned nothing. */
struct earn_info {
	char card[20];     /* MEMBER_CARD_SIZE: the member's card now */
	enum point_kind kind;
	int64_t points;    /* earned */
	int reversed;      /* ledger_earn_reverse() has run for it */
	int64_t take;      /* what a reversal takes back now */
	int64_t shortfall; /* what it cannot */
	int64_t offset_points; /* points that paid part of the sale, given back */
	int64_t offset_fen;    /* the fen they had paid (not refunded in cash) */
};
enum jf_status ledger_earn_lookup(struct ledger *lg, const char *receipt, struct earn_info *out,
				  struct jf_error *err);
/* The points that paid part of receipt's sale (an offset with the receipt
 * as its ref) and came back with its whole reversal, and the fen they had
 * paid: 0 and 0 before the reversal, or if none came back. */
enum jf_status ledger_reverse_offset(struct ledger *lg, const char *receipt, int64_t *points,
				     int64_t *fen, struct jf_error *err);

/* A manager's bonus. key may be NULL: a fresh one is made (no replay then). */
struct grant_request {
	const char *card;
	int64_t points;
	enum point_kind kind;
	const char *reason;
	const char *key;
};
enum jf_status ledger_grant(struct ledger *lg, const struct grant_request *req,
			    struct ledger_result *res, struct jf_error *err);

/* Points between two members of one family; the receiver's lots keep the
 * expiry dates of the sender's lots they came from. */
struct transfer_request {
	const char *from_card;
	const char *to_card;
	int64_t points;
	enum point_kind kind;
	const char *key;
};
enum jf_status ledger_transfer(struct ledger *lg, const struct transfer_request *req,
			       struct ledger_result *res, struct jf_error *err);
/* Would ledger_transfer() take req now? The same checks, read-only (the key
 * is not looked at): for a screen to ask before a PIN. JF_OK, or the
 * refusal with its reason (JF_R_SELF_TRANSFER, JF_R_NOT_SAME_FAMILY,
 * JF_R_DAILY_LIMIT, JF_R_INSUFFICIENT, ...). */
enum jf_status ledger_can_transfer(struct ledger *lg, const struct transfer_request *req,
				   struct jf_error *err);
/* Points of kind the member has sent by transfer since the start of today:
 * what the config's daily limit counts. */
enum jf_status ledger_sent_today(struct ledger *lg, const char *card, enum point_kind kind,
				 int64_t *sent, struct jf_error *err);

/* A fresh idempotency key for one request a person confirms once (a
 * kiosk's "Yes"): prefix (at most 30 characters of a key) and 32 random
 * hex digits, so that a second press of the same confirmation replays the
 * first instead of writing twice. */
#define LEDGER_NEW_KEY_SIZE 64
void ledger_new_key(const char *prefix, char out[LEDGER_NEW_KEY_SIZE]);

/* Move every lot due by now (expiry date before today) to the expired
 * account, in one entry. Points reserved by pending holds are kept. */
struct expire_result {
	int64_t entry_id; /* 0 if nothing was due */
	int64_t lots;
	int64_t points[KIND_COUNT];
};
enum jf_status ledger_expire(struct ledger *lg, struct expire_result *res, struct jf_error *err);

/* Holds: reserve points (available = balance - held) until posted or voided. */
struct hold_request {
	const char *card;
	enum point_kind kind;
	int64_t points;
	const char *key;     /* idempotency key of the hold */
	const char *memo;    /* may be NULL */
	int64_t expires_at;  /* recorded for the owner; 0: none. A hold never lapses by
			      * itself: its owner voids it (voucher_expire_due does) */
};
enum jf_status ledger_hold(struct ledger *lg, const struct hold_request *req, int64_t *hold_id,
			   int *replay, struct jf_error *err);
/* Post a pending hold: the points go to the redeemed account. Posting a
 * posted hold again is a replay; posting a voided one is JF_CONFLICT. */
enum jf_status ledger_hold_post(struct ledger *lg, int64_t hold_id, struct ledger_result *res,
				struct jf_error *err);
/* Void a pending hold. Voiding a voided hold is a no-op; a posted one is JF_CONFLICT. */
enum jf_status ledger_hold_void(struct ledger *lg, int64_t hold_id, struct jf_error *err);

enum hold_state { HOLD_PENDING, HOLD_POSTED, HOLD_VOIDED };
struct hold_info {
	int64_t id;
	int64_t points;
	enum point_kind kind;
	enum hold_state state;
	int64_t created_at;
	int64_t expires_at;
	int64_t entry_id;
};
enum jf_status ledger_hold_get(struct ledger *lg, int64_t hold_id, struct hold_info *out,
			       struct jf_error *err);

/* A member's balance. */
struct expiring_lot {
	int64_t points;
	enum point_kind kind;
	char date[11];
};
struct balance {
	int64_t total[KIND_COUNT];     /* everything on the account, pending included */
	int64_t held[KIND_COUNT];      /* reserved by pending holds */
	int64_t pending[KIND_COUNT];   /* earned but still in the lock period */
	int64_t available[KIND_COUNT]; /* what can be spent now */
	int64_t overdue[KIND_COUNT];   /* past their date and not held: they leave at
					* the next daily expiry. The four add up to total. */
	struct expiring_lot *expiring; /* what expires within the notice window: the
					* points of each kind and date, soonest first */
	size_t expiring_count;
};
/* *out is the caller's; free its list with balance_done(). */
enum jf_status ledger_balance(struct ledger *lg, const char *card, struct balance *out,
			      struct jf_error *err);
void balance_done(struct balance *b);

/* One line of a member's history, newest first. */
struct history_item {
	int64_t entry_id;
	int64_t ts;
	const char *type;   /* earn, reverse, grant, transfer, expire, redeem, ... */
	const char *ref;    /* the entry's key */
	const char *memo;
	const char *actor;    /* "staff:S017", ... (actor.h); "" before actors were kept */
	const char *terminal; /* "" before terminals were kept */
	enum point_kind kind;
	int64_t points;     /* signed: + credit, - debit */
};
/* Calls fn for each item (strings valid during the call); fn returns nonzero to stop. */
enum jf_status ledger_history(struct ledger *lg, const char *card, int64_t limit,
			      int (*fn)(const struct history_item *item, void *ctx), void *ctx,
			      struct jf_error *err);

/* The store at a glance, for `jifen summary`. */
struct ledger_summary {
	int64_t members, families, entries, lots_open, holds_pending;
	int64_t outstanding[KIND_COUNT]; /* points on members' accounts */
	int64_t held[KIND_COUNT];
	int64_t expiring_soon[KIND_COUNT]; /* within the notice window */
	int64_t issued[KIND_COUNT], redeemed[KIND_COUNT], expired[KIND_COUNT];
	int64_t last_entry_ts;
};
enum jf_status ledger_summary(struct ledger *lg, struct ledger_summary *out, struct jf_error *err);

#endif
