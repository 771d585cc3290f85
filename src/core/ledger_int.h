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
 * Nested in an open transaction it checks again and joins it.
 */
enum jf_status ledger_begin_write(struct ledger *lg, struct jf_error *err);

/* Run fn in one write transaction guarded by the idempotency key. */
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

void ledger_today(char out[CLOCK_DATE_LEN]);
enum jf_status ledger_check_card(struct ledger *lg, const char *card, struct jf_error *err);

#endif
