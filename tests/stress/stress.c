/*
 * stress: helpers shared by the crash, concurrency and simulation tests.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "family.h"
#include "member.h"
#include "parse.h"
#include "stress.h"

const char *stress_prog = "stress";
static int in_child;

void
rng_seed(struct rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

int
rng_chance(struct rng *r, int percent)
{
	return rng_range(r, 0, 99) < percent;
}

void
stress_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", stress_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	if (in_child)
		_exit(1);
	exit(1);
}

void
stress_mark_child(void)
{
	in_child = 1;
}

int64_t
stress_env_int(const char *name, int64_t fallback, int64_t min, int64_t max)
{
	const char *text = getenv(name);
	int64_t v;

	if (text == NULL || *text == '\0')
		return fallback;
	if (parse_int_range(name, text, min, max, &v, NULL) != JF_OK)
		stress_die("%s must be a whole number from %lld to %lld, not \"%s\"", name,
			   (long long)min, (long long)max, text);
	return v;
}

void
stress_pin_zone(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
}

const char *
stress_tmpdir_make(const char *prefix)
{
	static char path[4096];
	const char *base = getenv("TMPDIR");

	if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(path, sizeof path, "%s/%s.XXXXXX", base, prefix);
	if (mkdtemp(path) == NULL)
		stress_die("cannot make a directory %s: %s", path, strerror(errno));
	return path;
}

static char scratch[4096];

static void
scratch_remove(void)
{
	if (scratch[0] && !in_child)
		stress_tmpdir_remove(scratch);
}

const char *
stress_scratch(const char *prefix)
{
	snprintf(scratch, sizeof scratch, "%s", stress_tmpdir_make(prefix));
	atexit(scratch_remove);
	return scratch;
}

void
stress_tmpdir_remove(const char *dir)
{
	char path[4096];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	/* Ledgers, their -wal and -shm, results, and the fault tests' copies
	 * of a ledger in directories of their own (no links are made here). */
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (unlink(path) != 0 && (errno == EISDIR || errno == EPERM))
			stress_tmpdir_remove(path);
	}
	closedir(d);
	rmdir(dir);
}

void
stress_add_member(struct ledger *lg, const char *card, const char *name)
{
	struct member_new m = { card, name, NULL, NULL, NULL };
	struct jf_error err;

	if (member_add(lg, &m, &err) != JF_OK)
		stress_die("cannot add member %s: %s", card, err.message);
}

void
stress_add_family(struct ledger *lg, const char *name, const char *const *cards, int n)
{
	struct jf_error err;

	if (family_create(lg, name, cards[0], &err) != JF_OK)
		stress_die("cannot create family %s: %s", name, err.message);
	for (int i = 1; i < n; i++)
		if (family_add(lg, name, cards[i], &err) != JF_OK)
			stress_die("cannot add %s to family %s: %s", cards[i], name, err.message);
}

/* ---- the ledger's location: a file, or a schema on PostgreSQL ---- */

#define MAX_SCHEMAS 16

static char schemas[MAX_SCHEMAS][64]; /* made here, dropped at exit */
static int nschemas;

int
stress_on_pg(void)
{
	const char *url = getenv("JIFEN_TEST_PG");

	return url != NULL && *url != '\0';
}

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* DROP SCHEMA ... CASCADE names every table it drops */
}

/* Run sql (no rows) on the JIFEN_TEST_PG database; NULL or the error's
 * words (static). A connection of its own: the ledgers' may be closed. */
static const char *
pg_command(const char *sql)
{
	static char why[512];
	PGconn *conn = PQconnectdb(getenv("JIFEN_TEST_PG"));
	PGresult *r;

	if (PQstatus(conn) != CONNECTION_OK) {
		snprintf(why, sizeof why, "%s", PQerrorMessage(conn));
		PQfinish(conn);
		return why;
	}
	PQsetNoticeProcessor(conn, quiet, NULL);
	r = PQexec(conn, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		snprintf(why, sizeof why, "%s", PQresultErrorMessage(r));
		PQclear(r);
		PQfinish(conn);
		return why;
	}
	PQclear(r);
	PQfinish(conn);
	return NULL;
}

static void
schemas_drop(void)
{
	char sql[128];
	const char *why;

	if (in_child)
		return;
	for (int i = 0; i < nschemas; i++) {
		snprintf(sql, sizeof sql, "DROP SCHEMA %.63s CASCADE", schemas[i]);
		if ((why = pg_command(sql)) != NULL)
			fprintf(stderr, "%s: cannot drop schema %s: %s", stress_prog, schemas[i],
				why);
	}
	nschemas = 0;
}

/* A schema named after the process and name, in letters, digits and _. */
static const char *
schema_make(const char *name)
{
	char sql[128], *schema;
	const char *why;

	if (nschemas == MAX_SCHEMAS)
		stress_die("more than %d ledgers on PostgreSQL", MAX_SCHEMAS);
	schema = schemas[nschemas];
	snprintf(schema, sizeof schemas[0], "stress_%ld_%d_%.32s", (long)getpid(), nschemas,
		 name);
	for (char *p = schema; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			*p = '_';
	snprintf(sql, sizeof sql, "CREATE SCHEMA %.63s", schema);
	if ((why = pg_command(sql)) != NULL)
		stress_die("cannot create schema %s: %s", schema, why);
	if (nschemas++ == 0)
		atexit(schemas_drop);
	return schema;
}

void
stress_ledger_location(const char *dir, const char *name, struct settings *cfg, char *path,
		       size_t size)
{
	const char *url = getenv("JIFEN_TEST_PG"), *schema;
	size_t len;

	if (!stress_on_pg()) {
		if ((size_t)snprintf(path, size, "%s/%s.db", dir, name) >= size)
			stress_die("the ledger's path %s/%s.db is too long", dir, name);
		return;
	}
	if ((size_t)snprintf(cfg->voucher_key_file, sizeof cfg->voucher_key_file, "%s/%s.key",
			     dir, name) >= sizeof cfg->voucher_key_file)
		stress_die("the voucher key's path %s/%s.key is too long", dir, name);
	schema = schema_make(name);
	len = (size_t)snprintf(path, size, "%s%coptions=-csearch_path%%3D%s", url,
			       strchr(url, '?') ? '&' : '?', schema);
	if (len >= size)
		stress_die("JIFEN_TEST_PG is too long");
}

enum jf_status
stress_relax_sync(struct db *db, struct jf_error *err)
{
	if (db_backend_of(db) == DB_BACKEND_POSTGRESQL)
		return db_exec(db, "SET synchronous_commit = off", err);
	return db_exec(db, "PRAGMA synchronous=OFF", err);
}

int64_t
stress_session_id(struct db *db)
{
	struct jf_error err;
	int64_t id = 0;

	if (db_backend_of(db) != DB_BACKEND_POSTGRESQL)
		return 0;
	if (db_one_int(db_stmt(db, "SELECT pg_backend_pid()"), &id, &err) != JF_OK)
		stress_die("cannot learn the session's id: %s", err.message);
	return id;
}

void
stress_wait_session_gone(struct db *db, int64_t id)
{
	struct jf_error err;
	int64_t left = 1;

	/* 10 s: a session whose client is gone ends within milliseconds. */
	for (int tries = 0; id != 0 && tries < 1000; tries++) {
		struct db_stmt *s = db_stmt(db, "SELECT count(*) FROM pg_stat_activity "
					       "WHERE pid = :id AND pid <> pg_backend_pid()");

		db_bind_int(s, ":id", id);
		if (db_one_int(s, &left, &err) != JF_OK)
			stress_die("cannot look for session %lld: %s", (long long)id, err.message);
		if (left == 0)
			return;
		usleep(10000);
	}
	if (id != 0)
		stress_die("session %lld of a killed process is still there after 10 s",
			   (long long)id);
}
