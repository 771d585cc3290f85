/*
 * account: member and system accounts, one per kind of point.
 *
 * Names are stable and readable, because the hash chain and the exports use
 * them: "member:CARD:points", "system:issued:green".
 */
#ifndef JIFEN_ACCOUNT_H
#define JIFEN_ACCOUNT_H

#include <stdint.h>

#include "db.h"
#include "ledger.h"
#include "status.h"

#define ACCOUNT_NAME_SIZE 64

struct account {
	int64_t id;
	int64_t member_id; /* 0 for a system account */
	enum point_kind kind;
	int64_t balance;
	int64_t held;
};

void account_member_name(const char *card, enum point_kind kind, char out[ACCOUNT_NAME_SIZE]);
/* "system:issued:points"; a chain's store has its own, named after it
 * ("system:issued:points:S001"), so that the stores' postings never wait on
 * one row every earn updates. Their sum is the chain's. */
void account_system_name(const char *sys, enum point_kind kind, const char *store,
			 char out[ACCOUNT_NAME_SIZE]);

/* Create a member's two accounts (inside the caller's transaction). */
enum jf_status account_create_member(struct db *db, int64_t member_id, const char *card,
				     struct jf_error *err);
/* Create the system accounts of a new ledger. */
enum jf_status account_create_system(struct db *db, struct jf_error *err);

/* JF_NOTFOUND ("no member with card ...") if there is no such member. */
enum jf_status account_of_card(struct db *db, const char *card, enum point_kind kind,
			       struct account *out, struct jf_error *err);
/* JF_NOTFOUND for a card no member has now, saying whether it was replaced. */
enum jf_status account_card_missing(struct db *db, const char *card, struct jf_error *err);
/* The system account sys of this terminal's store ([store] code), made
 * with the store's first write. */
enum jf_status account_system(struct ledger *lg, const char *sys, enum point_kind kind,
			      int64_t *id, struct jf_error *err);
enum jf_status account_get(struct db *db, int64_t id, struct account *out, struct jf_error *err);

/* Move the held part of an account by delta. */
enum jf_status account_add_held(struct db *db, int64_t id, int64_t delta, struct jf_error *err);

#endif
