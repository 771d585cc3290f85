/*
 * roles: what each role of a chain's PostgreSQL ledger may do (jifen init
 * --roles). The terminals (kiosks, counters) log in as a terminal role
 * that may read every table and write only what core's own statements
 * write: the privileges are read off those statements (db_sites()), so
 * they keep in step with the code. No statement of core updates or
 * deletes a ledger row, so the terminals are never given that: the
 * database refuses it by privilege before the append-only triggers do.
 * The manager role owns the ledger's tables (it creates and migrates
 * them) and is a member of the terminal role.
 */
#ifndef JIFEN_ROLES_H
#define JIFEN_ROLES_H

#include "db.h"
#include "status.h"

#define ROLES_TERMINAL "jifen_terminal"
#define ROLES_MANAGER "jifen_manager"

/* Is name a role name this accepts (lower-case letters, digits, _; 1..63)? */
int roles_name_ok(const char *name);

/*
 * The SQL that creates the two roles (where missing), grants the terminal
 * role its privileges on the tables of db's ledger and gives the manager
 * role the tables. *out is the caller's (free()). JF_USAGE on a ledger
 * that is not on PostgreSQL (a file's mode guards a SQLite ledger) or a
 * bad role name.
 */
enum jf_status roles_sql(struct db *db, const char *terminal, const char *manager, char **out,
			 struct jf_error *err);

/* Which tables core's statements insert into, update and delete from:
 * flags of ROLES_INSERT, ROLES_UPDATE, ROLES_DELETE for table. */
enum { ROLES_INSERT = 1, ROLES_UPDATE = 2, ROLES_DELETE = 4 };
int roles_writes(const char *table);

#endif
