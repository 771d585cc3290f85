# tests/pg: jifen on PostgreSQL (see Makefile.am)
#
# server.sh starts a PostgreSQL server of a test's own in a temporary
# directory (a Unix socket there, no TCP) and stops it; a test without the
# server's programs is skipped (77). schema.sh holds the schema text of a
# new PostgreSQL ledger (src/core/schema_pg.c, printed by schema_text) to
# the one `jifen init` builds on SQLite: tables, columns, indexes,
# triggers and what each trigger refuses.
check_PROGRAMS += tests/pg/schema_text
tests_pg_schema_text_SOURCES = tests/pg/schema_text.c
tests_pg_schema_text_LDADD = $(CORE_LIBS)

# roles.sh: jifen init --roles, and what the terminal role may not do.
# concurrent.sh: eight terminals at once, killed ones and a crashed server.
# kiosk.sh: a kiosk that loses its server and gets it back.
# stress.sh: tests/stress's crash, concurrency and simulation programs on
# PostgreSQL, the crash test also crashing the server (it needs them built).
TESTS += tests/pg/schema.sh tests/pg/roles.sh tests/pg/concurrent.sh tests/pg/kiosk.sh \
	tests/pg/stress.sh
EXTRA_DIST += tests/pg/lib.sh tests/pg/schema.sh tests/pg/roles.sh tests/pg/concurrent.sh tests/pg/kiosk.sh tests/pg/server.sh \
	tests/pg/stress.sh
