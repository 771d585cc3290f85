/*
 * roles: the privileges of a chain's roles, read off core's statements
 * (roles.h).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roles.h"
#include "xalloc.h"

int
roles_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 63 || !(islower((unsigned char)name[0]) || name[0] == '_'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)name[i]) && !isdigit((unsigned char)name[i]) &&
		    name[i] != '_')
			return 0;
	return 1;
}

/* The schema is built and migrated by its owner, the manager: those
 * statements grant nothing to the terminals, nor do a backend's own. */
static int
terminal_runs(const struct db_site *site)
{
	const char *base = strrchr(site->file, '/');

	base = base ? base + 1 : site->file;
	return strncmp(base, "schema", 6) != 0 && strncmp(base, "db_", 3) != 0;
}

/* The next word of sql from *p (letters, digits, _) into word; 0 at the end. */
static int
next_word(const char **p, char *word, size_t size)
{
	size_t n = 0;

	while (**p && !(isalnum((unsigned char)**p) || **p == '_')) {
		if (**p == '\'') { /* a quoted literal is no word */
			const char *q = strchr(*p + 1, '\'');

			*p = q ? q + 1 : *p + strlen(*p);
			continue;
		}
		(*p)++;
	}
	if (**p == '\0')
		return 0;
	while (isalnum((unsigned char)**p) || **p == '_') {
		if (n + 1 < size)
			word[n++] = **p;
		(*p)++;
	}
	word[n] = '\0';
	return 1;
}

/* What one statement writes to table. */
static int
statement_writes(const char *sql, const char *table)
{
	char prev2[64] = "", prev[64] = "", word[64], inserted[64] = "";
	const char *p = sql;
	int flags = 0;

	while (next_word(&p, word, sizeof word)) {
		int here = strcmp(word, table) == 0;

		if (!strcmp(prev2, "INSERT") && !strcmp(prev, "INTO")) {
			snprintf(inserted, sizeof inserted, "%s", word);
			flags |= here ? ROLES_INSERT : 0;
		} else if (!strcmp(prev2, "DELETE") && !strcmp(prev, "FROM")) {
			flags |= here ? ROLES_DELETE : 0;
		} else if (!strcmp(prev, "UPDATE") && strcmp(prev2, "DO") != 0) {
			flags |= here ? ROLES_UPDATE : 0;
		} else if (!strcmp(prev2, "DO") && !strcmp(prev, "UPDATE")) {
			/* An upsert updates the table it inserts into. */
			flags |= strcmp(inserted, table) == 0 ? ROLES_UPDATE : 0;
		}
		snprintf(prev2, sizeof prev2, "%s", prev);
		snprintf(prev, sizeof prev, "%s", word);
	}
	return flags;
}

int
roles_writes(const char *table)
{
	size_t count;
	struct db_site *const *sites = db_sites(&count);
	int flags = 0;

	for (size_t i = 0; i < count; i++)
		if (sites[i] != NULL && terminal_runs(sites[i]))
			flags |= statement_writes(sites[i]->sql, table);
	return flags;
}

/* "GRANT what ON each table whose writes have flag TO role;" */
static void
grant_each(FILE *f, const struct db_object *tables, size_t n, int flag, const char *what,
	   const char *role)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(tables[i].type, "table") == 0 &&
		    (flag == 0 || (roles_writes(tables[i].name) & flag)))
			fprintf(f, "GRANT %s ON TABLE %s TO %s;\n", what, tables[i].name, role);
}

static void
create_role(FILE *f, const char *role)
{
	fprintf(f, "DO $$ BEGIN CREATE ROLE %s NOLOGIN; "
		   "EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n", role);
}

enum jf_status
roles_sql(struct db *db, const char *terminal, const char *manager, char **out,
	  struct jf_error *err)
{
	struct db_object *objects = NULL;
	size_t n = 0, size = 0;
	enum jf_status st;
	FILE *f;

	*out = NULL;
	if (db_backend_of(db) != DB_BACKEND_POSTGRESQL)
		return jf_fail(err, JF_USAGE, "roles are for a ledger on PostgreSQL; a ledger file is "
			       "guarded by its mode and group (see jifen(1), FILES)");
	if (!roles_name_ok(terminal) || !roles_name_ok(manager) || !strcmp(terminal, manager))
		return jf_fail(err, JF_USAGE, "role names are 1 to 63 lower-case letters, digits or _, "
			       "and the two differ");
	if ((st = db_objects(db, &objects, &n, err)) != JF_OK)
		return st;
	f = open_memstream(out, &size);
	if (f == NULL) {
		db_objects_free(objects, n);
		return jf_fail(err, JF_ERR, "out of memory");
	}
	fprintf(f, "-- jifen init --roles: the terminals read every table and write only what\n"
		   "-- jifen writes; no ledger row may be updated or deleted by them.\n");
	create_role(f, terminal);
	create_role(f, manager);
	/* The ledger's schema is the session's (the URL's search_path). */
	fprintf(f, "DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA %%I TO %s', "
		   "current_schema()); END $$;\n", terminal);
	/* An owner of the tables must be able to create in their schema. */
	fprintf(f, "DO $$ BEGIN EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %%I TO %s', "
		   "current_schema()); END $$;\n", manager);
	grant_each(f, objects, n, 0, "SELECT", terminal);
	grant_each(f, objects, n, ROLES_INSERT, "INSERT", terminal);
	grant_each(f, objects, n, ROLES_UPDATE, "UPDATE", terminal);
	grant_each(f, objects, n, ROLES_DELETE, "DELETE", terminal);
	fprintf(f, "-- The manager owns the ledger (creates and migrates it) and does what a\n"
		   "-- terminal does; whoever hands the tables over joins it to do so.\n"
		   "GRANT %s TO %s;\n"
		   "GRANT %s TO CURRENT_USER;\n", terminal, manager, manager);
	for (size_t i = 0; i < n; i++)
		if (strcmp(objects[i].type, "table") == 0)
			fprintf(f, "ALTER TABLE %s OWNER TO %s;\n", objects[i].name, manager);
	fprintf(f, "ALTER FUNCTION jifen_refuse() OWNER TO %s;\n", manager);
	db_objects_free(objects, n);
	if (fclose(f) != 0) {
		free(*out);
		*out = NULL;
		return jf_fail(err, JF_ERR, "out of memory");
	}
	return JF_OK;
}
