/*
 * migrate: move a store's ledger file into its chain's database (`jifen
 * migrate`, DESIGN.md "Moving a store into the chain's database").
 *
 * The file is read as one moment and never written; the target (a
 * postgresql:// URL) is written in one transaction, all or nothing: its
 * schema (or the empty one `jifen init` made there), every table's rows
 * with their ids, the meta rows, the record of the move, and the voucher
 * key in the config's [voucher] key_file. Before the commit the copy is
 * checked as `jifen verify` checks a ledger and held to the file: rows of
 * every table, every account's balance and held, every lot, hold and
 * voucher, the last entry's hash. A target that holds anything else (a
 * store's members already, another file's move, tables not jifen's) is
 * refused: merging stores is not supported.
 */
#ifndef JIFEN_MIGRATE_H
#define JIFEN_MIGRATE_H

#include <stdint.h>

#include "settings.h"
#include "status.h"

struct migrate_request {
	const char *source; /* the ledger file: a path, or file:PATH */
	const char *target; /* a postgresql:// (or postgres://) URL */
	const char *store;  /* what a copied table's column `store` gets: a store
			     * code (parse_store()) or "" */
	const char *actor;  /* who moves it, as stored ("shell:root"), for the record */
};

struct migrate_result {
	int64_t tables;     /* copied, meta not counted */
	int64_t rows;       /* in all of them */
	int64_t members, entries, vouchers;
	int created_schema; /* the target was empty: its schema was made */
	int key_written;    /* the key file was made (0: it held the key already) */
	char target[512];   /* the target as it may be shown (no password) */
};

/*
 * Move req->source into req->target under cfg (whose [voucher] key_file
 * receives the key; the file's own key is the LEDGER.key beside it).
 * JF_USAGE: a location of the wrong kind, a bad store code, no key_file.
 * JF_NOTFOUND: no ledger file. JF_CONFLICT: the target is not empty
 * (moved into before, members or entries of its own, other tables), the
 * file's schema is not this jifen's, the key_file holds another key.
 * JF_INTEGRITY: the file does not verify, or the copy does not (or differs
 * from the file): nothing was written. JF_BUSY: the target cannot be
 * reached. The message says which, in one line, without the URL's password.
 */
enum jf_status migrate_ledger(const struct migrate_request *req, const struct settings *cfg,
			      struct migrate_result *out, struct jf_error *err);

#endif
