# tests/pg: jifen on PostgreSQL (see Makefile.am)
#
# server.sh starts a PostgreSQL server of a test's own in a temporary
# directory (a Unix socket there, no TCP) and stops it; a test without the
# server's programs is skipped (77). schema.sh holds the schema text of a
# new PostgreSQL ledger (src/core/schema_pg.c, printed by schema_text) to
# the one `jifen init` builds on SQLite: tables, columns, indexes,
# triggers and what each trigger refuses. cli.sh runs the CLI scripts
# (tests/cli) on a server of its own, each script's ledger a schema there
# (JIFEN_TEST_PG, tests/cli/lib.sh); those about files stay SQLite's.
check_PROGRAMS += tests/pg/schema_text
tests_pg_schema_text_SOURCES = tests/pg/schema_text.c
tests_pg_schema_text_LDADD = $(CORE_LIBS)

TESTS += tests/pg/schema.sh tests/pg/cli.sh
EXTRA_DIST += tests/pg/schema.sh tests/pg/server.sh tests/pg/cli.sh
