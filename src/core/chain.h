/*
 * chain: the hash chain over entries (tamper evidence).
 *
 * hash(entry) = BLAKE2b-256(prev_hash || canonical(entry)), where the
 * canonical form length-prefixes every field so no two entries share one,
 * and names accounts rather than row ids so a renumbered copy still checks.
 *
 * Two canonical formats, named by the entry's format column and by a tag
 * inside the hashed text, so changing an entry's format breaks its hash:
 *  v1 "jifen-entry-v1": id, ts, type, ref, memo, reverses, lines. Entries of
 *     ledgers before actors; they keep verifying as they were written.
 *  v2 "jifen-entry-v2": ts, type, ref, memo, reverses, actor, terminal,
 *     lines. No id: ids come from the database (INSERT ... RETURNING), which
 *     may leave gaps; the order is kept by prev_hash and verify checks that
 *     ids increase along the chain.
 *  v3 "jifen-entry-v3": v2 and the store, for the entries of a chain's
 *     store ([store] code). Each store's entries are a chain of their own
 *     (entry.store, schema 19): hashing the store keeps an entry from being
 *     moved into another's. A ledger of one store keeps writing v2.
 */
#ifndef JIFEN_CHAIN_H
#define JIFEN_CHAIN_H

#include <sodium.h>
#include <stdint.h>

#define CHAIN_HASH_LEN 32

#define CHAIN_FORMAT_V1 1
#define CHAIN_FORMAT_V2 2
#define CHAIN_FORMAT_V3 3

struct chain_entry {
	int format;       /* CHAIN_FORMAT_V1, V2 or V3 */
	int64_t id;       /* hashed by v1 only */
	int64_t ts;
	const char *type;
	const char *ref;
	const char *memo;
	int64_t reverses; /* 0 if none */
	const char *actor;    /* v2 only: "staff:S017", ... */
	const char *terminal; /* v2 and v3 */
	const char *store;    /* v3 only: "S001" */
};

struct chain_state {
	crypto_generichash_state h;
};

/* 1 if format is one this jifen can check. */
int chain_format_known(int64_t format);

void chain_begin(struct chain_state *cs, const unsigned char prev[CHAIN_HASH_LEN],
		 const struct chain_entry *e);
void chain_add_line(struct chain_state *cs, const char *account, int64_t amount);
void chain_finish(struct chain_state *cs, unsigned char out[CHAIN_HASH_LEN]);

/*
 * Hashes of the rows beside the chain that decide what a member can spend
 * (schema 6; verify.c recomputes them). A lot's binds it to the hash of the
 * entry that created it, with the lot's account, amount and first dates; a
 * lot_change row's to its lot's hash; a hold's covers what it reserved.
 * Changing any of those values by hand breaks the row's hash.
 */
struct chain_lot {
	const unsigned char *entry_hash; /* CHAIN_HASH_LEN bytes */
	const char *account;             /* the account's name */
	int64_t amount;
	const char *expires_on, *available_on; /* as created, before any lot_change */
};
void chain_lot_hash(const struct chain_lot *l, unsigned char out[CHAIN_HASH_LEN]);

struct chain_lot_change {
	const unsigned char *lot_hash;
	int64_t ts;
	const char *old_expires_on, *new_expires_on, *reason;
};
void chain_lot_change_hash(const struct chain_lot_change *c, unsigned char out[CHAIN_HASH_LEN]);

struct chain_hold {
	const char *ref, *account;
	int64_t amount, created_at, expires_at;
	const char *actor, *terminal;
};
void chain_hold_hash(const struct chain_hold *h, unsigned char out[CHAIN_HASH_LEN]);

#endif
