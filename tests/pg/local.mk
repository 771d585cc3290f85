# tests/pg: jifen on PostgreSQL (see Makefile.am)
#
# server.sh starts a PostgreSQL server of a test's own in a temporary
# directory (a Unix socket there, no TCP) and stops it; a test without the
# server's programs is skipped (77). schema.sh holds the schema text of a
# new PostgreSQL ledger (src/core/schema_pg.c, printed by schema_text) to
# the one `jifen init` builds on SQLite: tables, columns, indexes,
# triggers and what each trigger refuses. unit.sh runs the unit tests that
# use tests/unit/fixture.c again with each fixture's ledger on the server;
# cli.sh runs the CLI scripts (tests/cli) on a server of its own, each
# script's ledger a schema there (JIFEN_TEST_PG, tests/cli/lib.sh); those
# about files stay SQLite's.
check_PROGRAMS += tests/pg/schema_text
tests_pg_schema_text_SOURCES = tests/pg/schema_text.c
tests_pg_schema_text_LDADD = $(CORE_LIBS)

# roles.sh: jifen init --roles, and what the terminal role may not do.
# concurrent.sh: eight terminals at once, killed ones and a crashed server.
# kiosk.sh: a kiosk that loses its server and gets it back.
# stores.sh: two stores, eight terminals each, vouchers handed over across.
# offline.sh: a counter that sells while its server is away, its queue
# posted exactly once when it is back (issue 14).
# stress.sh: tests/stress's crash, concurrency and simulation programs on
# PostgreSQL, the crash test also crashing the server (it needs them built).
# migrate.sh: jifen migrate, a store's ledger file moved into the server.
# init.sh: jifen init all or nothing: failed half way or killed, no half ledger.
TESTS += tests/pg/schema.sh tests/pg/roles.sh tests/pg/concurrent.sh tests/pg/kiosk.sh \
	tests/pg/offline.sh \
	tests/pg/unit.sh tests/pg/cli.sh tests/pg/stress.sh tests/pg/stores.sh tests/pg/migrate.sh \
	tests/pg/init.sh
EXTRA_DIST += tests/pg/lib.sh tests/pg/schema.sh tests/pg/roles.sh tests/pg/concurrent.sh \
	tests/pg/kiosk.sh tests/pg/offline.sh tests/pg/unit.sh tests/pg/cli.sh tests/pg/stress.sh \
	tests/pg/server.sh tests/pg/stores.sh tests/pg/migrate.sh tests/pg/init.sh

# Every unit test of the fixture on PostgreSQL, not only the ledger's own
# that make check runs (several minutes).
check-pg-all:
	JIFEN_PG_UNIT=all $(MAKE) $(AM_MAKEFLAGS) check TESTS=tests/pg/unit.sh
.PHONY: check-pg-all
