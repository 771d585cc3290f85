/* idem: the idempotency table. */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "clock.h"
#include "idem.h"

void
idem_request_hash(const char *canonical, unsigned char out[IDEM_HASH_LEN])
{
	crypto_generichash(out, IDEM_HASH_LEN, (const unsigned char *)canonical,
			   strlen(canonical), NULL, 0);
}

enum jf_status
idem_lookup(struct db *db, const char *key, const unsigned char hash[IDEM_HASH_LEN],
	    struct ledger_result *res, int *found, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT request, coalesce(entry_id, 0), result, extra "
					"FROM idem WHERE key = :key");
	const void *stored;
	size_t len;
	enum db_step_result rc;

	*found = 0;
	db_bind_text(s, ":key", key);
	rc = db_step(s, err);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE) {
		db_reset(s);
		return JF_OK;
	}
	stored = db_col_blob(s, 0, &len);
	if (len != IDEM_HASH_LEN || memcmp(stored, hash, IDEM_HASH_LEN) != 0) {
		db_reset(s);
		return jf_refuse(err, JF_CONFLICT, JF_R_KEY_REUSED, (struct jf_why){ .text = key },
			       "key %s was already used for a different request; nothing was written",
			       key);
	}
	memset(res, 0, sizeof *res);
	res->entry_id = db_col_int(s, 1);
	res->points = db_col_int(s, 2);
	res->shortfall = db_col_int(s, 3);
	res->replay = 1;
	*found = 1;
	db_reset(s);
	return JF_OK;
}

enum jf_status
idem_record(struct db *db, const char *key, const unsigned char hash[IDEM_HASH_LEN],
	    const struct ledger_result *res, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "INSERT INTO idem(key, request, entry_id, result, extra, "
					"created_at) VALUES (:key, :req, :entry, :res, :extra, :now)");

	db_bind_text(s, ":key", key);
	db_bind_blob(s, ":req", hash, IDEM_HASH_LEN);
	if (res->entry_id)
		db_bind_int(s, ":entry", res->entry_id);
	else
		db_bind_text(s, ":entry", NULL);
	db_bind_int(s, ":res", res->points);
	db_bind_int(s, ":extra", res->shortfall);
	db_bind_int(s, ":now", clock_now());
	return db_run(s, err);
}
