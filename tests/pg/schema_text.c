/*
 * schema_text: print what schema_create() runs on a new PostgreSQL ledger
 * (schema_pg_create, each step after it, and the schema_version row), for
 * tests/pg/schema.sh to apply with psql.
 */
#include "config.h"

#include <stdio.h>

#include "schema.h"

int
main(void)
{
	fputs(schema_pg_create, stdout);
	for (int v = SCHEMA_PG_BASE; v < SCHEMA_VERSION; v++)
		if (schema_pg_steps[v])
			fputs(schema_pg_steps[v], stdout);
	printf("INSERT INTO meta(key, value) VALUES ('schema_version', '%d');\n", SCHEMA_VERSION);
	return ferror(stdout) || fflush(stdout) != 0;
}
