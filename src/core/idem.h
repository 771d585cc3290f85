/*
 * idem: idempotency keys. Each keyed write stores a hash of its canonical
 * request and its first result; a replay gets that result back, and the
 * same key with other content is a conflict. Always called inside the
 * write's own transaction, so the key and the write land together or not at all.
 */
#ifndef JIFEN_IDEM_H
#define JIFEN_IDEM_H

#include <stdint.h>

#include "db.h"
#include "ledger.h"
#include "status.h"

#define IDEM_HASH_LEN 32

/* Hash the canonical request text (fields joined by '\n'). */
void idem_request_hash(const char *canonical, unsigned char out[IDEM_HASH_LEN]);

/* JF_OK with *found = 0: a new key, go on. JF_OK with *found = 1: a replay,
 * res holds the first result (res->replay = 1). JF_CONFLICT: same key, other content. */
enum jf_status idem_lookup(struct db *db, const char *key, const unsigned char hash[IDEM_HASH_LEN],
			   struct ledger_result *res, int *found, struct jf_error *err);
enum jf_status idem_record(struct db *db, const char *key, const unsigned char hash[IDEM_HASH_LEN],
			   const struct ledger_result *res, struct jf_error *err);

#endif
