/*
 * ledger_int: what the ledger's own files (ledger.c, hold.c, transfer.c,
 * expire.c, report.c) share and nothing else may call.
 */
#ifndef JIFEN_LEDGER_INT_H
#define JIFEN_LEDGER_INT_H

#include <stdint.h>

#include "account.h"
#include "clock.h"
#include "ledger.h"

typedef enum jf_status (*write_fn)(struct ledger *lg, void *ctx, struct ledger_result *res,
				   struct jf_error *err);

/*
 * Begin a write transaction of the ledger: every write begins here, so none
 * can forget the rule for a clock that jumps (entry_clock_check): a clock
 * more than the tolerance behind the ledger's latest entry or hold refuses
 * the write before it reads or writes anything (JF_CONFLICT,
 * JF_R_CLOCK_BEHIND, one syslog line), and no transaction is left open.
 * Nested in an open transaction it checks again and joins it. Writes call
 * ledger_write(), which begins here; only a transaction that is never
 * kept (game_can_play) and the front ends' slip_begin() call it directly.
 */
enum jf_status ledger_begin_write(struct ledger *lg, struct jf_error *err);

/*
 * Run one write of the ledger: begin (ledger_begin_write), fn, commit. On
 * any failure of fn the transaction is rolled back and fn's status
 * returned. When the database asks for the transaction to be run again
 * (JF_RETRY: a serialization failure or a deadlock on PostgreSQL, at any
 * statement or at the commit) the outermost write runs fn again from the
 * start, up to LEDGER_WRITE_TRIES times with a growing random pause between
 * (two stores of a chain writing at once collide), then gives up with
 * JF_BUSY having written nothing. Nested in an open transaction it never
 * retries: JF_RETRY goes up to the outermost write, which runs all of it
 * again (a retry in the middle would redo half an operation whose other
 * half the database has already undone).
 *
 * So fn may run more than once: it does nothing outside the database
 * (no printing, no files, no log lines of what was done) and sets again,
 * from the start, everything it hands back through ctx.
 */
typedef enum jf_status (*ledger_write_fn)(struct ledger *lg, void *ctx, struct jf_error *err);
enum jf_status ledger_write(struct ledger *lg, ledger_write_fn fn, void *ctx,
			    struct jf_error *err);
#define LEDGER_WRITE_TRIES 10

/* Run fn in one write transaction guarded by the idempotency key, by
 * ledger_write(): each attempt looks the key up again and clears *res. */
enum jf_status keyed_write(struct ledger *lg, const char *key, const char *canonical,
			   write_fn fn, void *ctx, struct ledger_result *res, struct jf_error *err);

/* A credit from a system account to a member, with its new lot. */
struct credit {
	const char *card;
	enum point_kind kind;
	int64_t points;
	const char *type, *ref, *memo;
	const char *source; /* SYS_ISSUED, SYS_GAMES, SYS_COMPENSATION, ... */
	int64_t lock_days;
};
enum jf_status ledger_credit(struct ledger *lg, const struct credit *c,
			     struct ledger_result *res, struct jf_error *err);

/* What a member may spend now: balance less held, locked and overdue points. */
enum jf_status ledger_available(struct ledger *lg, const struct account *acct,
				int64_t *available, struct jf_error *err);
/* The one rule of spending: at least points available on acct (card names
 * it in the message), else JF_INSUFFICIENT with JF_R_INSUFFICIENT. */
enum jf_status ledger_need_available(struct ledger *lg, const struct account *acct,
				     const char *card, int64_t points, struct jf_error *err);

/* Points a refund may take back from acct now: locked plus available
 * (never below zero, never held or overdue points). */
enum jf_status ledger_refundable(struct ledger *lg, const struct account *acct, int64_t *take,
				 struct jf_error *err);
/* Take points of a purchase back: one "reverse" entry to the issued
 * account, consuming the purchase's own lot first, then locked lots, then
 * the soonest-expiring others. */
struct take_back {
	const char *ref, *memo;
	int64_t earn_entry;
	const struct account *acct;
	int64_t lot_id; /* the purchase's lot, 0 if none is left */
	int64_t points; /* > 0 */
};
enum jf_status ledger_take_back(struct ledger *lg, const struct take_back *t, int64_t *entry_id,
				struct jf_error *err);
/* refund.c: a whole reversal after refunds of parts. *parts: the points
 * the parts were due (not to be taken twice); the rest of the receipt's
 * fen is recorded as one more part under key, and refund_rest_taken()
 * says what it took and the offset points {points, fen} it gave back
 * (offset_give_back()). Nothing for a receipt from before schema 8. */
enum jf_status refund_rest(struct ledger *lg, const char *receipt, const char *key,
			   int64_t *parts, struct jf_error *err);
/* What refunds of parts of receipt were due so far (0 for a receipt from
 * before schema 8), read only: for a look before a whole reversal. */
enum jf_status refund_parts_due(struct ledger *lg, const char *receipt, int64_t *parts,
				struct jf_error *err);
enum jf_status refund_rest_taken(struct ledger *lg, const char *key, int64_t taken,
				 int64_t entry_id, const int64_t offset[2], struct jf_error *err);

/* offset.c: goods of sale_ref returned (a refund of its receipt): give
 * back the points that paid for num/den of it in all (num >= den: all),
 * less what earlier returns gave; one "offset_return" entry (ref
 * "offset_return:KEY") and new lots with the old lots' dates, latest
 * first. Nothing if no points paid the sale or its offset was undone. */
enum jf_status offset_give_back(struct ledger *lg, const char *sale_ref, const char *key,
				int64_t num, int64_t den, int64_t *points, int64_t *fen,
				struct jf_error *err);
/* What offset_give_back() would give back now, read-only. */
enum jf_status offset_give_back_quote(struct ledger *lg, const char *sale_ref, int64_t num,
				      int64_t den, int64_t *points, int64_t *fen,
				      struct jf_error *err);

void ledger_today(char out[CLOCK_DATE_LEN]);
enum jf_status ledger_check_card(struct ledger *lg, const char *card, struct jf_error *err);

#endif
