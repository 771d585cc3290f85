/*
 * backup: copies of the ledger a store can trust, and putting one back
 * (`jifen backup`, `jifen restore`, the daily job's backup).
 *
 * A backup is the ledger as it was at one moment while terminals went on
 * writing (db_backup(), the storage port), with its voucher key beside it
 * (DEST.key: without it no voucher out can be checked). It is written as
 * DEST.tmp, checked with every check of `jifen verify`, synced, and only
 * then renamed to DEST: a crash or a failed check leaves the good backup
 * that was there. A restore checks SRC the same way before it touches the
 * ledger, and refuses to put an older ledger over a newer one unless told.
 */
#ifndef JIFEN_BACKUP_H
#define JIFEN_BACKUP_H

#include <stdint.h>

#include "clock.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

/* What a copy holds, as verify and summary read it. */
struct backup_info {
	int64_t entries;       /* entries in it */
	int64_t last_id;       /* its newest entry's id, 0 if none */
	int64_t last_entry_ts; /* the time of its newest entry, 0 if none */
	int with_key;          /* the voucher key was copied with it */
};

/* Copy the open ledger to the file dest (replacing a backup there only
 * once the new one is complete and verified) and its voucher key to
 * dest.key, both 0640. JF_INTEGRITY if the copy does not verify, JF_USAGE
 * if dest is the ledger or its key, JF_DENIED or JF_ERR if it cannot be
 * written. */
enum jf_status backup_make(struct ledger *lg, const char *dest, struct backup_info *info,
			   struct jf_error *err);

struct restore_result {
	struct backup_info from;     /* what SRC held (after migrating a copy of it) */
	struct backup_info replaced; /* what the ledger held before */
	int had_ledger;              /* 0: there was none, SRC's copy became it */
};

/* Put the backup src (and src.key, if there is one) in place of the
 * ledger at location. src is verified first (JF_INTEGRITY if it does not
 * verify, not a ledger or damaged; JF_NOTFOUND if missing) and never
 * written. A ledger with more entries, or a later last entry, than src is
 * kept (JF_CONFLICT) unless force. The ledger's other terminals may stay
 * open: they see the old ledger or the restored one, never a mix. */
enum jf_status backup_restore(const char *location, const char *src, const struct settings *cfg,
			      int force, struct restore_result *res, struct jf_error *err);

/* The daily job's step: the day's backup in [backup] dir, named
 * jifen-YYYY-MM-DD.db (again if the job runs twice a day), and the
 * backups of that name older than [backup] keep_days days removed (no
 * other file is touched). Nothing when [backup] dir is not set. */
#define BACKUP_PATH_MAX (SETTINGS_PATH_MAX + 32)
struct backup_daily_result {
	int made;                    /* 0: no [backup] dir */
	char path[BACKUP_PATH_MAX];  /* the day's backup */
	struct backup_info info;
	int64_t removed;             /* older backups removed */
};
enum jf_status backup_daily(struct ledger *lg, struct backup_daily_result *res,
			    struct jf_error *err);

#endif
