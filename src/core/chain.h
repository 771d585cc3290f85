/*
 * chain: the hash chain over entries (tamper evidence).
 *
 * hash(entry) = BLAKE2b-256(prev_hash || canonical(entry)), where the
 * canonical form length-prefixes every field so no two entries share one,
 * and names accounts rather than row ids so a renumbered copy still checks.
 */
#ifndef JIFEN_CHAIN_H
#define JIFEN_CHAIN_H

#include <sodium.h>
#include <stdint.h>

#define CHAIN_HASH_LEN 32

struct chain_entry {
	int64_t id;
	int64_t ts;
	const char *type;
	const char *ref;
	const char *memo;
	int64_t reverses; /* 0 if none */
};

struct chain_state {
	crypto_generichash_state h;
};

void chain_begin(struct chain_state *cs, const unsigned char prev[CHAIN_HASH_LEN],
		 const struct chain_entry *e);
void chain_add_line(struct chain_state *cs, const char *account, int64_t amount);
void chain_finish(struct chain_state *cs, unsigned char out[CHAIN_HASH_LEN]);

#endif
