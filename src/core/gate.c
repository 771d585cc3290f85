/* gate: a row per limit the chain's stores share (gate.h). */
#include "config.h"

#include "gate.h"

enum jf_status
gate_pass(struct db *db, const char *name, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	if (!db_in_write(db))
		return JF_OK;
	s = db_stmt(db, "UPDATE chain_gate SET turns = turns + 1 WHERE name = :name");
	db_bind_text(s, ":name", name);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	if (db_changes(db) != 1)
		return jf_fail(err, JF_INTEGRITY, "the ledger's gate '%s' is missing", name);
	return JF_OK;
}
