/*
 * entry: appending entries to the ledger.
 *
 * An entry is two or more lines that sum to zero per kind of point. Appending
 * one stamps it with the clock's time (never another: entry_clock_check), its
 * actor and terminal, chains its hash to the entry before (chain.h, format
 * v2), writes its lines and moves the balances, all inside the caller's
 * write transaction.
 * Its id comes from the database. Entries are never updated or deleted.
 */
#ifndef JIFEN_ENTRY_H
#define JIFEN_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "ledger.h"
#include "status.h"

struct entry_line {
	int64_t account_id;
	int64_t amount; /* + credit to the account, - debit */
};

struct entry_new {
	const char *type; /* earn, reverse, grant, transfer, expire, redeem, ... */
	const char *ref;  /* unique key of the entry */
	const char *memo;
	int64_t reverses; /* the entry this one undoes, or 0 */
	const struct entry_line *lines;
	size_t count;
	const struct actor *actor; /* a system job's own actor; NULL: the ledger's */
};

/* The id of the newest entry of this store's chain, 0 if none. A ref made
 * from it ("expire:DATE:N+1") is unique, as no two entries follow the same
 * one and ids are the whole ledger's; it is not the new entry's id, which
 * the database gives (ids may have gaps). */
enum jf_status entry_last_id(struct ledger *lg, int64_t *id, struct jf_error *err);

/*
 * The rule for a clock that jumps (DESIGN.md "The ledger's rules", Time): a
 * write is dated by the clock, never re-dated; a clock more than the
 * config's clock_tolerance behind the ledger's latest entry (or hold) is a
 * fault: the write is refused (JF_CONFLICT, JF_R_CLOCK_BEHIND) and logged to
 * syslog. Within the tolerance entries may be slightly out of time order.
 * *now is the clock's time. Inside the write transaction: called by
 * ledger_begin_write(), which every write transaction begins with.
 */
enum jf_status entry_clock_check(struct ledger *lg, int64_t *now, struct jf_error *err);

/* JF_ERR if nobody acts (neither e->actor nor ledger_act_as()): a front end
 * that forgot to say who acts is a bug, and an entry is never anonymous. */
enum jf_status entry_append(struct ledger *lg, const struct entry_new *e, int64_t *entry_id,
			    struct jf_error *err);

/*
 * Of the entry this ledger appended last, if it is entry_id and has a line
 * of account_id: 1, with the entry's hash and the account's name (as
 * hashed into the entry) in hash and name. 0 otherwise: read them from the
 * database. For hashing a lot of the entry just written (lot.c).
 */
int entry_appended_line(const struct ledger *lg, int64_t entry_id, int64_t account_id,
			unsigned char hash[32], char *name, size_t name_size);

#endif
