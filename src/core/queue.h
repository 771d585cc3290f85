/*
 * queue: the purchases a counter took while the chain's database could not
 * be reached (issue 14; DESIGN.md "The counter offline").
 *
 * A small SQLite file of the terminal's own ([counter] queue, or
 * LEDGER.queue beside a file ledger), opened through the storage port
 * (db.h) with write-ahead logging and synchronous=FULL: a purchase
 * queue_add() acknowledged survives kill -9 and a power cut. It is not a
 * ledger table: the ledger is what cannot be reached.
 *
 * A queued purchase keeps what ledger_earn() needs (card, receipt, amount,
 * green, category), who sold it, where and when, and the slip's words
 * printed then ("points will be added"). queue_post() hands each one to
 * ledger_earn() under its receipt's own key (earn:RECEIPT), as the counter
 * would have online, and forgets it only once the ledger committed it: a
 * purchase posted whose terminal died before forgetting it is posted
 * again as a replay, never earned twice. One the ledger refuses (an
 * unknown card, a receipt already used for another amount) is kept as
 * failed, for staff to see (`jifen queue list`), never dropped.
 */
#ifndef JIFEN_QUEUE_H
#define JIFEN_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

struct queue;

#define QUEUE_REF_SIZE (64 + 1)  /* a receipt or a card: 1..64 characters */
#define QUEUE_BUSY_TIMEOUT_MS 5000
#define QUEUE_SLIP_MAX 8192     /* bytes of a slip's words */

/* A purchase sold offline, as queue_add() takes it. */
struct queue_purchase {
	const char *receipt;  /* the sale's receipt: its key is earn:RECEIPT */
	const char *card;     /* as scanned or typed, checked for form only */
	int64_t fen;          /* > 0 */
	int green;            /* green goods */
	const char *category; /* NULL or "": none */
	const char *actor;    /* actor.h text of who sold it ("staff:S01") */
	const char *terminal; /* where */
	int64_t sold_at;      /* clock_now() when sold */
	const char *slip;     /* the slip's words as printed; NULL: none */
};

/* A queued purchase as read back; its texts are valid during the callback. */
struct queue_item {
	int64_t id;
	char receipt[QUEUE_REF_SIZE];
	char card[QUEUE_REF_SIZE];
	int64_t fen;
	int green;
	char category[SETTINGS_NAME_MAX + 1];
	char actor[ACTOR_TEXT_SIZE];
	char terminal[SETTINGS_TERMINAL_SIZE];
	int64_t sold_at;
	int64_t tries;        /* posts attempted that reached the ledger */
	int failed;           /* the ledger refused it: kept for staff */
	int64_t failed_at;
	char failed_reason[48];      /* jf_reason_name(), "" none */
	char failed_message[JF_ERROR_MAX];
	const char *slip;     /* "" none; the row's own text: valid only in
			       * queue_list()'s fn, copied if kept */
};

/* Where this terminal's queue is: [counter] queue, else LEDGER.queue beside
 * a ledger that is a file. JF_NOTFOUND (no place: a ledger that is no file
 * and no setting) with a message naming the setting. */
enum jf_status queue_location(const struct settings *cfg, const char *ledger_location,
			      char *out, size_t size, struct jf_error *err);

/* Open this terminal's queue, found by queue_location() for lg's ledger
 * and config (as queue_open()). */
enum jf_status queue_open_for(const struct ledger *lg, int create, struct queue **out,
			      struct jf_error *err);

/* Open the queue at path. create: made (0640) if there is none; else a
 * missing file is JF_NOTFOUND. A file that is not a queue (another SQLite
 * database, a damaged file, garbage) is JF_INTEGRITY naming the path and
 * left as it is. *out is freed with queue_close(). */
enum jf_status queue_open(const char *path, int create, struct queue **out,
			  struct jf_error *err);
void queue_close(struct queue *q);

/* Queue a purchase, synced before it returns. The same receipt with the
 * same content again is *replay = 1 (the first one's *id); with other
 * content JF_CONFLICT (the ledger's own rule for a key). JF_USAGE for a
 * malformed receipt, card, amount, actor or terminal. */
enum jf_status queue_add(struct queue *q, const struct queue_purchase *p, int64_t *id,
			 int *replay, struct jf_error *err);

/* How many wait to be posted and how many the ledger refused. */
enum jf_status queue_count(struct queue *q, int64_t *pending, int64_t *failed,
			   struct jf_error *err);

/* Every queued purchase, oldest first (failed ones too); fn returns
 * nonzero to stop. */
enum jf_status queue_list(struct queue *q, int (*fn)(const struct queue_item *it, void *ctx),
			  void *ctx, struct jf_error *err);

struct queue_post_result {
	int64_t posted;   /* earned now */
	int64_t replayed; /* the ledger had them already (a post cut short) */
	int64_t failed;   /* refused now, kept as failed */
	int64_t left;     /* still waiting (the ledger went away again) */
	int64_t points;   /* earned now, both kinds */
};

/* Post every waiting purchase to lg, oldest first, each with ledger_earn()
 * under earn:RECEIPT, acting as who sold it and at the terminal where it was
 * sold; forgotten once the ledger committed it (or had it: a replay).
 * Failed ones are left alone (queue_retry()). JF_OK when every waiting one
 * was tried; JF_BUSY (lg's message) when the ledger could not be reached,
 * *r saying what went through before; another status when the queue file
 * itself failed. lg's actor is as it was after. */
enum jf_status queue_post(struct queue *q, struct ledger *lg, struct queue_post_result *r,
			  struct jf_error *err);

/* A failed purchase back to waiting, for the next post (staff corrected
 * what the ledger refused: added the member, ...). JF_NOTFOUND if id is
 * no failed purchase of the queue. */
enum jf_status queue_retry(struct queue *q, int64_t id, struct jf_error *err);

#endif
