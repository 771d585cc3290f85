/*
 * db_pg: the storage port on PostgreSQL (libpq), for a chain of stores
 * whose terminals are on many machines. The only file that includes
 * libpq-fe.h. Never exits on an SQL error.
 *
 * Core's statements name their parameters (:card); PostgreSQL numbers
 * them ($1), so each statement's text is rewritten once when it is first
 * used. Integers are sent as int8, text with no type (PostgreSQL infers it
 * from where it stands, as it would a quoted literal), blobs as binary
 * bytea; results come back as text and are read as SQLite's would be.
 *
 * A statement that a connection runs a second time is prepared there
 * (PQprepare, under a name of its site's own) and run prepared from then
 * on, so the server parses and plans it once; a statement run only once,
 * as most are in a one-command process, costs no extra round trip. What
 * was prepared is forgotten when the connection is made again (the server
 * forgot it too) and when db_exec() changes the schema.
 *
 * A write transaction first takes its scope's write lock (a session
 * advisory lock, taken before BEGIN so that the transaction's snapshot
 * already sees the last holder's commit; db_write_scope(): a chain's
 * store; the lock and BEGIN go in one round trip, as do COMMIT and the
 * unlock: pg_round_trip()), then runs REPEATABLE READ: a store's writers
 * queue as on SQLite, and a transaction PostgreSQL cancels because
 * another scope changed the same row first (serialization failure,
 * deadlock, a unique key inserted meanwhile) comes back as JF_RETRY, to
 * be run again by core (ledger.c).
 * Why not SERIALIZABLE, and the gates for what stores share without a
 * row: doc/DESIGN.md "The stores of a chain", gate.h.
 */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "db_backend.h"
#include "xalloc.h"

/* Type oids of pg_type.h, which a client does not include. */
#define PG_BOOL 16
#define PG_BYTEA 17
#define PG_INT8 20
#define PG_INT2 21
#define PG_INT4 23
#define PG_FLOAT4 700
#define PG_FLOAT8 701
#define PG_NUMERIC 1700

/* The ledger's write lock: an advisory lock key for the whole ledger, and
 * the keys after it for the scopes of db_write_scope() (a chain's stores). */
#define PG_WRITE_LOCK 7596398385294929920LL

struct pg_db {
	struct db base;
	PGconn *conn;
	char *conninfo;       /* as given, password and all: for a scratch connection */
	int64_t changes;      /* rows of the last INSERT, UPDATE or DELETE */
	long long locked;     /* the write lock's key it holds, 0 if none */
	/* Once a statement fails inside a transaction, PostgreSQL refuses every
	 * later one until the end ("current transaction is aborted"): they
	 * fail as the first did, a serialization failure as JF_RETRY. */
	enum jf_status failed;
	char *scratch_schema; /* a scratch database's schema, rolled back at close */
	/* Bumped whenever what the connection has prepared may be gone or
	 * stale (a new connection, a schema change): a statement prepared
	 * under an older generation is prepared again. From 1. */
	unsigned generation;
};

struct pg_stmt {
	struct db_stmt base;
	char *sql;       /* the site's SQL with $n for :name */
	char **names;    /* each distinct parameter's name, ":x", by its number - 1 */
	int nparams;
	char **values;   /* bound values (NULL: SQL NULL), owned */
	int *lengths;
	int *formats;
	unsigned *types;
	unsigned run_gen;      /* the generation of the connection it last ran on */
	unsigned prepared_gen; /* the generation it is prepared under; 0: not prepared */
	unsigned *prepared_types; /* the parameters' types it was prepared with */
	PGresult *res;   /* the query's rows, once run */
	int row;         /* the row being read, -1 before the first */
	unsigned char **blobs; /* decoded bytea of the row, by column */
	size_t *blob_lens;
};

static const struct db_ops pg_ops;

static struct pg_db *
pg_of(const struct db *db)
{
	return (struct pg_db *)db;
}

static struct pg_stmt *
stmt_of(struct db_stmt *st)
{
	return (struct pg_stmt *)st;
}

/* The status for a failed result's SQLSTATE; writing: in a write
 * transaction. */
static enum jf_status
pg_status(const char *state, int writing)
{
	if (state == NULL)
		return JF_BUSY; /* no result at all: the connection is gone */
	if (!strcmp(state, "40001") || !strcmp(state, "40P01"))
		return JF_RETRY;
	/* A key another store inserted after this transaction's snapshot
	 * (the same idempotency key, card or code at once): run again, the
	 * write then sees it and replays or refuses as it would have. */
	if (writing && !strcmp(state, "23505"))
		return JF_RETRY;
	if (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3) || !strcmp(state, "55P03") ||
	    !strncmp(state, "53", 2))
		return JF_BUSY;
	if (!strncmp(state, "28", 2) || !strcmp(state, "42501") || !strcmp(state, "25006"))
		return JF_DENIED;
	return JF_ERR;
}

/* Fail with res's error (res may be NULL: then the connection's). */
static enum jf_status
pg_fail(struct db *db, const PGresult *res, struct jf_error *err, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	struct pg_db *pdb = pg_of(db);
	enum jf_status status = pg_status(state, pdb->locked != 0);
	size_t n;

	if (state && !strcmp(state, "25P02") && pdb->failed != JF_OK)
		return jf_fail(err, pdb->failed, "the transaction failed at an earlier statement");
	if (PQtransactionStatus(pdb->conn) == PQTRANS_INERROR && pdb->failed == JF_OK)
		pdb->failed = status;
	if (msg == NULL) {
		msg = PQerrorMessage(pg_of(db)->conn);
		n = strcspn(msg, "\n");
	} else {
		n = strlen(msg);
	}
	if (state && !strcmp(state, "55P03"))
		return jf_refuse(err, status, JF_R_CONTENDED, (struct jf_why){ .text = NULL },
				 "database busy: another terminal holds it, try again");
	if (status == JF_RETRY)
		return jf_fail(err, status, "the database asks for the transaction again: %.*s",
			       (int)n, msg);
	if (status == JF_BUSY && state == NULL)
		return jf_fail(err, status, "cannot reach the ledger %s: %.*s", db->location, (int)n,
			       msg);
	return jf_fail(err, status, "database error %s: %.*s", what, (int)n, msg);
}

/* Run sql (one or more statements, no parameters, no rows wanted). */
static enum jf_status
pg_exec(struct db *db, const char *sql, struct jf_error *err)
{
	PGresult *res = PQexec(pg_of(db)->conn, sql);
	ExecStatusType rc = PQresultStatus(res);
	enum jf_status st = JF_OK;

	if (rc != PGRES_COMMAND_OK && rc != PGRES_TUPLES_OK)
		st = pg_fail(db, res, err, "running a statement");
	PQclear(res);
	return st;
}

/*
 * db_exec(): what runs there changes the schema (a migration, a new
 * ledger's tables), which a statement prepared before may not survive
 * ("cached plan must not change result type" once a table it reads has
 * another column): whatever was prepared is prepared again.
 */
static enum jf_status
pg_exec_schema(struct db *db, const char *sql, struct jf_error *err)
{
	pg_of(db)->generation++;
	return pg_exec(db, sql, err);
}

/* One int of a one-row query with text parameters (catalog questions). */
static enum jf_status
pg_query_int(struct db *db, const char *sql, int nparams, const char *const *params,
	     int64_t *out, struct jf_error *err)
{
	PGresult *res = PQexecParams(pg_of(db)->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	enum jf_status st = JF_OK;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		st = pg_fail(db, res, err, "reading the catalog");
	else
		*out = PQntuples(res) > 0 ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
	PQclear(res);
	return st;
}

/*
 * The location as it may be shown: a password in it (user:secret@ or
 * password=secret) is left out. Caller frees.
 */
static char *
pg_redact(const char *location)
{
	char *out = xstrdup(location), *p, *at, *colon, *end;

	p = strstr(out, "://");
	if (p != NULL) {
		p += 3;
		at = strchr(p, '@');
		end = p + strcspn(p, "/?");
		colon = strchr(p, ':');
		if (at != NULL && at < end && colon != NULL && colon < at)
			memmove(colon, at, strlen(at) + 1);
	}
	while ((p = strstr(out, "password=")) != NULL) {
		end = p + strcspn(p, "& ");
		if (*end != '\0')
			end++;
		else if (p > out && strchr("&? ", p[-1]))
			p--;
		memmove(p, end, strlen(end) + 1);
	}
	return out;
}

static void
pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/*
 * A session's settings: a lock waited for no longer than the busy
 * timeout, and a commit acknowledged only once it is on disk whatever the
 * server's default (a purchase a terminal was told is earned must survive
 * a power cut, as SQLite's synchronous=FULL makes it on a file).
 */
static enum jf_status
pg_session(struct pg_db *pdb, struct jf_error *err)
{
	char set[128];

	snprintf(set, sizeof set, "SET lock_timeout = %lld; SET client_min_messages = warning; "
		 "SET synchronous_commit = on",
		 (long long)(pdb->base.busy_timeout_ms > 0 ? pdb->base.busy_timeout_ms : 1));
	return pg_exec(&pdb->base, set, err);
}

static enum jf_status
pg_connect(struct pg_db *pdb, const char *conninfo, struct jf_error *err)
{
	pdb->conninfo = xstrdup(conninfo);
	pdb->conn = PQconnectdb(conninfo);
	if (PQstatus(pdb->conn) != CONNECTION_OK) {
		const char *msg = PQerrorMessage(pdb->conn);
		int denied = strstr(msg, "authentication failed") || strstr(msg, "permission denied");

		return jf_fail(err, denied ? JF_DENIED : JF_BUSY, "cannot reach the ledger %s: %.*s",
			       pdb->base.location, (int)strcspn(msg, "\n"), msg);
	}
	pdb->generation = 1;
	/* Notices (a table that already exists...) are not for the terminal's screen. */
	PQsetNoticeProcessor(pdb->conn, pg_quiet, NULL);
	return pg_session(pdb, err);
}

/*
 * An existing ledger's schema holds tables. One that holds none (or a
 * search_path naming no schema there is) is no ledger yet: "not found",
 * with the hint SQLite gives for a missing file, rather than "not a jifen
 * ledger", which is for tables that are someone else's.
 */
static enum jf_status
pg_check_exists(struct db *db, struct jf_error *err)
{
	int64_t tables = 0;
	int meta = 0;
	enum jf_status st;

	/* A ledger's meta is found by its name, cheaply; only a schema without
	 * one has its tables counted (every table of the database is read). */
	if ((st = db_table_exists(db, "meta", &meta, err)) != JF_OK || meta)
		return st;
	st = pg_query_int(db, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
			  0, NULL, &tables, err);
	if (st == JF_OK && tables == 0)
		st = jf_fail(err, JF_NOTFOUND, "no ledger at %s (create one with: jifen init)",
			     db->location);
	return st;
}

enum jf_status
db_pg_open(const char *location, enum db_open_mode mode, int64_t busy_timeout_ms,
	   struct db **out, struct jf_error *err)
{
	struct pg_db *pdb = xcalloc(1, sizeof *pdb);
	char *shown = pg_redact(location);
	enum jf_status st;
	int exists = 0;

	*out = NULL;
	db_init(&pdb->base, &pg_ops, shown, NULL, busy_timeout_ms);
	free(shown);
	st = pg_connect(pdb, location, err);
	if (st == JF_OK && mode == DB_OPEN_READ)
		st = pg_exec(&pdb->base, "SET default_transaction_read_only = on", err);
	if (st == JF_OK && mode != DB_OPEN_CREATE)
		st = pg_check_exists(&pdb->base, err);
	if (st == JF_OK && mode == DB_OPEN_CREATE &&
	    (st = db_table_exists(&pdb->base, "meta", &exists, err)) == JF_OK && exists)
		st = jf_fail(err, JF_CONFLICT, "a ledger already exists at %s; not overwriting it",
			     pdb->base.location);
	if (st != JF_OK) {
		db_close(&pdb->base);
		return st;
	}
	*out = &pdb->base;
	return JF_OK;
}

static void
pg_free(struct db *db)
{
	struct pg_db *pdb = pg_of(db);

	/* A scratch schema was never committed: rolled back, it never was. */
	if (pdb->scratch_schema != NULL && pdb->conn != NULL)
		(void)pg_exec(db, "ROLLBACK", NULL);
	PQfinish(pdb->conn);
	free(pdb->conninfo);
	free(pdb->scratch_schema);
}

/*
 * A connection the server dropped (restarted, the network came back) is
 * made again before a transaction or a statement outside one: a terminal
 * recovers by itself. Inside a transaction a lost connection fails it.
 */
static void
pg_revive(struct pg_db *pdb)
{
	/* A scratch schema lived in the lost session's transaction: gone. */
	if (pdb->scratch_schema != NULL)
		return;
	if (PQstatus(pdb->conn) == CONNECTION_OK && PQtransactionStatus(pdb->conn) != PQTRANS_UNKNOWN)
		return;
	PQreset(pdb->conn);
	/* A new session has nothing prepared. */
	pdb->generation++;
	if (PQstatus(pdb->conn) == CONNECTION_OK)
		(void)pg_session(pdb, NULL);
}

/* Did res fail (no rows, no command done)? */
static int
failed(const PGresult *res)
{
	ExecStatusType rc = PQresultStatus(res);

	return rc != PGRES_TUPLES_OK && rc != PGRES_COMMAND_OK;
}

/*
 * Statements that would each cost a round trip of their own, sent in one:
 * the write lock with BEGIN, COMMIT with giving the lock back. They go
 * together in libpq's pipeline mode, each followed by a sync, so that the
 * server runs each as if it had been sent alone, in order, and one that
 * fails does not keep the next from running (an unlock still runs after a
 * COMMIT that failed); the client waits once for all their results.
 * sql[i] has at most one parameter, param[i] (NULL: none), sent as text.
 * res[i] gets each one's result for the caller to clear, NULL where none
 * came (the connection was lost). Without pipeline mode (libpq before 14)
 * each is sent alone, as before.
 */
static void
pg_round_trip(struct pg_db *pdb, int n, const char *const *sql, const char *const *param,
	      PGresult **res)
{
	PGconn *conn = pdb->conn;
	int sent = 0;

	for (int i = 0; i < n; i++)
		res[i] = NULL;
#ifdef LIBPQ_HAS_PIPELINING
	if (PQenterPipelineMode(conn)) {
		while (sent < n && PQsendQueryParams(conn, sql[sent], param[sent] ? 1 : 0, NULL,
						     &param[sent], NULL, NULL, 0) &&
		       PQpipelineSync(conn))
			sent++;
		for (int i = 0; i < sent; i++) {
			PGresult *r;

			/* The statement's result and the NULL after it... */
			while ((r = PQgetResult(conn)) != NULL) {
				if (res[i] == NULL)
					res[i] = r;
				else
					PQclear(r);
			}
			/* ...then its sync's; none when the connection is gone. */
			r = PQgetResult(conn);
			if (r == NULL || PQresultStatus(r) != PGRES_PIPELINE_SYNC) {
				PQclear(r);
				break;
			}
			PQclear(r);
		}
		/* Results are left only when the connection broke: drained,
		 * so that it leaves pipeline mode whatever happened. */
		for (int tries = 0; !PQexitPipelineMode(conn) && tries < 4 * n; tries++)
			PQclear(PQgetResult(conn));
		return;
	}
#endif
	for (; sent < n; sent++)
		res[sent] = PQexecParams(conn, sql[sent], param[sent] ? 1 : 0, NULL, &param[sent],
					 NULL, NULL, 0);
}

/* A session lock, taken before BEGIN (the snapshot then sees the last
 * holder's commit) and given back after the end: BEGIN goes in the lock's
 * round trip, the unlock in the end's (pg_round_trip()). */
static void
lock_key(long long key, char text[32])
{
	snprintf(text, 32, "%lld", key);
}

static void
pg_write_unlock(struct pg_db *pdb)
{
	char sql[64];

	if (!pdb->locked)
		return;
	snprintf(sql, sizeof sql, "SELECT pg_advisory_unlock(%lld)", pdb->locked);
	(void)pg_exec(&pdb->base, sql, NULL);
	pdb->locked = 0;
}

static enum jf_status
pg_lock_and_begin(struct pg_db *pdb, long long key, struct jf_error *err)
{
	char k[32];
	const char *sql[] = { "SELECT pg_advisory_lock($1)", "BEGIN ISOLATION LEVEL REPEATABLE READ" };
	const char *param[] = { k, NULL };
	PGresult *res[2];
	enum jf_status st = JF_OK;

	lock_key(key, k);
	pg_round_trip(pdb, 2, sql, param, res);
	if (failed(res[0]))
		st = pg_fail(&pdb->base, res[0], err, "taking the write lock");
	else
		pdb->locked = key;
	if (st == JF_OK && failed(res[1]))
		st = pg_fail(&pdb->base, res[1], err, "beginning a transaction");
	PQclear(res[0]);
	PQclear(res[1]);
	if (st == JF_OK)
		return JF_OK;
	/* BEGIN may have run though the lock was not taken: undone. */
	if (PQtransactionStatus(pdb->conn) != PQTRANS_IDLE)
		(void)pg_exec(&pdb->base, "ROLLBACK", NULL);
	pdb->failed = JF_OK;
	pg_write_unlock(pdb);
	return st;
}

static enum jf_status
pg_begin(struct db *db, int write, struct jf_error *err)
{
	struct pg_db *pdb = pg_of(db);

	pg_revive(pdb);
	if (!write)
		return pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ", err);
	return pg_lock_and_begin(pdb, PG_WRITE_LOCK + db->write_scope, err);
}

/* Commit or roll back, and give the write lock back in the same round
 * trip; a transaction an error already aborted cannot commit: PostgreSQL
 * answers COMMIT with ROLLBACK, and so do we. */
static enum jf_status
pg_end(struct db *db, int commit, struct jf_error *err)
{
	struct pg_db *pdb = pg_of(db);
	char k[32];
	const char *sql[] = { commit ? "COMMIT" : "ROLLBACK", "SELECT pg_advisory_unlock($1)" };
	const char *param[] = { NULL, k };
	PGresult *res[2] = { NULL, NULL };
	enum jf_status st = JF_OK;

	lock_key(pdb->locked, k);
	pg_round_trip(pdb, pdb->locked ? 2 : 1, sql, param, res);
	if (PQresultStatus(res[0]) != PGRES_COMMAND_OK)
		st = pg_fail(db, res[0], err, commit ? "committing" : "rolling back");
	else if (commit && strcmp(PQcmdStatus(res[0]), "COMMIT") != 0)
		st = jf_fail(err, pdb->failed != JF_OK ? pdb->failed : JF_ERR,
			     "the transaction was rolled back by an earlier error");
	PQclear(res[0]);
	/* An unlock that did not run (the connection is gone) is tried again
	 * below; a lost session has given its locks back anyway. */
	if (pdb->locked && !failed(res[1]))
		pdb->locked = 0;
	PQclear(res[1]);
	if (st != JF_OK && PQtransactionStatus(pdb->conn) != PQTRANS_IDLE)
		(void)pg_exec(db, "ROLLBACK", NULL);
	pdb->failed = JF_OK;
	pg_write_unlock(pdb);
	return st;
}

/* The number of :name in st's parameters, adding it if new (from 1). */
static int
param_number(struct pg_stmt *st, const char *name, size_t len)
{
	for (int i = 0; i < st->nparams; i++)
		if (strlen(st->names[i]) == len && !strncmp(st->names[i], name, len))
			return i + 1;
	st->names = xrealloc(st->names, (size_t)(st->nparams + 1) * sizeof *st->names);
	st->names[st->nparams] = xmalloc(len + 1);
	memcpy(st->names[st->nparams], name, len);
	st->names[st->nparams][len] = '\0';
	return ++st->nparams;
}

/* Can c be in a parameter's name (after its first letter when later)? */
static int
name_char(char c, int later)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (later && c >= '0' && c <= '9');
}

/* sql with each :name replaced by $n; quoted text and names kept as they are. */
static char *
rewrite(struct pg_stmt *st, const char *sql)
{
	size_t size = strlen(sql) * 2 + 16, n = 0;
	char *out = xmalloc(size);
	const char *p = sql;

	while (*p) {
		if (n + 16 >= size)
			out = xrealloc(out, size *= 2);
		if (*p == '\'' || *p == '"') {
			const char *q = strchr(p + 1, *p);
			size_t len = q ? (size_t)(q - p) + 1 : strlen(p);

			if (n + len + 16 >= size)
				out = xrealloc(out, size = size + len * 2);
			memcpy(out + n, p, len);
			n += len;
			p += len;
		} else if (*p == ':' && p[1] == ':') {
			memcpy(out + n, p, 2);
			n += 2;
			p += 2;
		} else if (*p == ':' && name_char(p[1], 0)) {
			size_t len = 1;

			while (name_char(p[len], 1))
				len++;
			n += (size_t)sprintf(out + n, "$%d", param_number(st, p, len));
			p += len;
		} else {
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	return out;
}

static void
clear_row(struct pg_stmt *st)
{
	int cols = st->res ? PQnfields(st->res) : 0;

	for (int c = 0; st->blobs && c < cols; c++) {
		PQfreemem(st->blobs[c]);
		st->blobs[c] = NULL;
	}
}

static void
clear_result(struct pg_stmt *st)
{
	clear_row(st);
	free(st->blobs);
	free(st->blob_lens);
	st->blobs = NULL;
	st->blob_lens = NULL;
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
}

static void
clear_binds(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
		st->lengths[i] = 0;
		st->formats[i] = 0;
		st->types[i] = 0;
	}
}

static struct db_stmt *
pg_prepare(struct db *db, const struct db_site *site)
{
	struct pg_stmt *st = xcalloc(1, sizeof *st);
	size_t n;

	db_stmt_init(&st->base, db, site);
	st->row = -1;
	st->sql = rewrite(st, site->sql);
	n = st->nparams > 0 ? (size_t)st->nparams : 1;
	st->values = xcalloc(n, sizeof *st->values);
	st->lengths = xcalloc(n, sizeof *st->lengths);
	st->formats = xcalloc(n, sizeof *st->formats);
	st->types = xcalloc(n, sizeof *st->types);
	st->prepared_types = xcalloc(n, sizeof *st->prepared_types);
	return &st->base;
}

static void
pg_reset(struct db_stmt *base)
{
	struct pg_stmt *st = stmt_of(base);

	clear_result(st);
	clear_binds(st);
}

static void
pg_finalize(struct db_stmt *base)
{
	struct pg_stmt *st = stmt_of(base);

	pg_reset(base);
	for (int i = 0; i < st->nparams; i++)
		free(st->names[i]);
	free(st->names);
	free(st->values);
	free(st->lengths);
	free(st->formats);
	free(st->types);
	free(st->prepared_types);
	free(st->sql);
	free(st);
}

static enum jf_status
pg_prepare_check(struct db *db, const char *sql, struct jf_error *err)
{
	struct pg_stmt st = { .row = -1 };
	char *text = rewrite(&st, sql);
	PGresult *res = PQprepare(pg_of(db)->conn, "", text, st.nparams, NULL);
	enum jf_status rc = JF_OK;

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

		rc = jf_fail(err, JF_ERR, "%s in: %.200s", msg ? msg : PQerrorMessage(pg_of(db)->conn),
			     sql);
	}
	PQclear(res);
	free(text);
	for (int i = 0; i < st.nparams; i++)
		free(st.names[i]);
	free(st.names);
	return rc;
}

static int
pg_param(struct db_stmt *base, const char *name)
{
	struct pg_stmt *st = stmt_of(base);

	for (int i = 0; i < st->nparams; i++)
		if (!strcmp(st->names[i], name))
			return i + 1;
	return 0;
}

static const char *
pg_bind_int(struct db_stmt *base, int i, int64_t value)
{
	struct pg_stmt *st = stmt_of(base);

	if (i < 1 || i > st->nparams)
		return "no such parameter";
	free(st->values[i - 1]);
	st->values[i - 1] = xasprintf("%lld", (long long)value);
	st->types[i - 1] = PG_INT8;
	st->formats[i - 1] = 0;
	return NULL;
}

static const char *
pg_bind_text(struct db_stmt *base, int i, const char *value)
{
	struct pg_stmt *st = stmt_of(base);

	if (i < 1 || i > st->nparams)
		return "no such parameter";
	free(st->values[i - 1]);
	st->values[i - 1] = value ? xstrdup(value) : NULL;
	st->types[i - 1] = 0;
	st->formats[i - 1] = 0;
	return NULL;
}

static const char *
pg_bind_blob(struct db_stmt *base, int i, const void *data, size_t len)
{
	struct pg_stmt *st = stmt_of(base);

	if (i < 1 || i > st->nparams)
		return "no such parameter";
	free(st->values[i - 1]);
	st->values[i - 1] = xmalloc(len ? len : 1);
	if (len > 0)
		memcpy(st->values[i - 1], data, len);
	st->lengths[i - 1] = (int)len;
	st->types[i - 1] = PG_BYTEA;
	st->formats[i - 1] = 1;
	return NULL;
}

/* The name st is prepared under on its connection in generation gen: its
 * site's own, and the generation's (an older one may still be there). */
static void
prepared_name(const struct pg_stmt *st, unsigned gen, char *name, size_t size)
{
	snprintf(name, size, "jifen_%zu_%u", st->base.site->slot, gen);
}

/* Prepare st on the connection with the types of its binds; NULL, or the
 * failed result (its error is the one running it would have given). */
static PGresult *
prepare_stmt(struct pg_stmt *st, struct pg_db *pdb)
{
	char name[48];
	PGresult *res;

	prepared_name(st, pdb->generation, name, sizeof name);
	res = PQprepare(pdb->conn, name, st->sql, st->nparams, st->types);
	if (failed(res))
		return res;
	PQclear(res);
	if (st->nparams > 0)
		memcpy(st->prepared_types, st->types, (size_t)st->nparams * sizeof *st->types);
	st->prepared_gen = pdb->generation;
	return NULL;
}

/* Are st's binds of the types it was prepared with? A parameter bound as
 * another type (a NULL text where an int was) would be read as that type:
 * such a run is not prepared. */
static int
same_types(const struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++)
		if (st->types[i] != st->prepared_types[i])
			return 0;
	return 1;
}

static PGresult *
exec_unprepared(struct pg_stmt *st, struct pg_db *pdb)
{
	st->run_gen = pdb->generation;
	return PQexecParams(pdb->conn, st->sql, st->nparams, st->types,
			    (const char *const *)st->values, st->lengths, st->formats, 0);
}

static PGresult *
exec_prepared(struct pg_stmt *st, struct pg_db *pdb)
{
	char name[48];

	prepared_name(st, st->prepared_gen, name, sizeof name);
	return PQexecPrepared(pdb->conn, name, st->nparams, (const char *const *)st->values,
			      st->lengths, st->formats, 0);
}

/* Did a prepared statement fail only for being prepared: its plan would
 * now give other columns than when it was prepared (0A000, "cached plan
 * must not change result type": another connection changed a table it
 * reads), or the server no longer has it (26000)? */
static int
stale_prepared(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return state != NULL && (!strcmp(state, "0A000") || !strcmp(state, "26000"));
}

/*
 * Run st's query into st->res: prepared if it was prepared on this
 * connection, or is being run there a second time. One that fails for
 * being stale is forgotten with all the others and run again unprepared
 * if no transaction is open; inside one, the transaction has failed and
 * is to be run again (JF_RETRY), by when the schema is what it now is.
 */
static enum jf_status
run_query(struct pg_stmt *st, struct pg_db *pdb, struct jf_error *err)
{
	struct db *db = st->base.db;

	/* A statement made at run time (db_table_read(), ...) has no site of
	 * its own to name a prepared statement after: never prepared. */
	if (st->base.site->slot != 0 && st->prepared_gen != pdb->generation &&
	    st->run_gen == pdb->generation && (st->res = prepare_stmt(st, pdb)) != NULL)
		return pg_fail(db, st->res, err, "in a query");
	if (st->prepared_gen != pdb->generation || !same_types(st))
		st->res = exec_unprepared(st, pdb);
	else if (failed(st->res = exec_prepared(st, pdb)) && stale_prepared(st->res)) {
		PQclear(st->res);
		st->res = NULL;
		pdb->generation++;
		if (PQtransactionStatus(pdb->conn) != PQTRANS_IDLE) {
			if (pdb->failed == JF_OK)
				pdb->failed = JF_RETRY;
			return jf_fail(err, JF_RETRY, "the ledger's tables changed under a prepared "
				       "statement: the transaction is to run again");
		}
		st->res = exec_unprepared(st, pdb);
	}
	if (failed(st->res))
		return pg_fail(db, st->res, err, "in a query");
	return JF_OK;
}

/* The first step runs the query and keeps its rows; each step moves on one. */
static enum db_step_result
pg_step(struct db_stmt *base, struct jf_error *err)
{
	struct pg_stmt *st = stmt_of(base);
	struct pg_db *pdb = pg_of(base->db);
	const char *n;

	if (st->res == NULL) {
		if (base->db->depth == 0)
			pg_revive(pdb);
		if (run_query(st, pdb, err) != JF_OK) {
			clear_result(st);
			return DB_ERROR;
		}
		n = PQcmdTuples(st->res);
		if (*n != '\0')
			pdb->changes = strtoll(n, NULL, 10);
		st->blobs = xcalloc((size_t)PQnfields(st->res) + 1, sizeof *st->blobs);
		st->blob_lens = xcalloc((size_t)PQnfields(st->res) + 1, sizeof *st->blob_lens);
	}
	clear_row(st);
	if (st->row + 1 >= PQntuples(st->res)) {
		st->row = PQntuples(st->res);
		return DB_DONE;
	}
	st->row++;
	return DB_ROW;
}

static int
in_row(struct pg_stmt *st, int col)
{
	return st->res != NULL && st->row >= 0 && st->row < PQntuples(st->res) && col >= 0 &&
	       col < PQnfields(st->res);
}

static int64_t
pg_col_int(struct db_stmt *base, int col)
{
	struct pg_stmt *st = stmt_of(base);
	const char *v;

	if (!in_row(st, col))
		return 0;
	v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) == PG_BOOL)
		return *v == 't';
	return strtoll(v, NULL, 10);
}

static const char *
pg_col_text(struct db_stmt *base, int col)
{
	struct pg_stmt *st = stmt_of(base);

	return in_row(st, col) ? PQgetvalue(st->res, st->row, col) : "";
}

static int
pg_col_is_null(struct db_stmt *base, int col)
{
	struct pg_stmt *st = stmt_of(base);

	return !in_row(st, col) || PQgetisnull(st->res, st->row, col);
}

static const void *
pg_col_blob(struct db_stmt *base, int col, size_t *len)
{
	struct pg_stmt *st = stmt_of(base);

	*len = 0;
	if (!in_row(st, col) || PQgetisnull(st->res, st->row, col))
		return NULL;
	if (PQftype(st->res, col) != PG_BYTEA) {
		*len = (size_t)PQgetlength(st->res, st->row, col);
		return PQgetvalue(st->res, st->row, col);
	}
	if (st->blobs[col] == NULL)
		st->blobs[col] = PQunescapeBytea(
			(const unsigned char *)PQgetvalue(st->res, st->row, col),
			&st->blob_lens[col]);
	*len = st->blobs[col] ? st->blob_lens[col] : 0;
	return st->blobs[col];
}

static int64_t
pg_changes(struct db *db)
{
	return pg_of(db)->changes;
}

static enum jf_status
pg_use_wal(struct db *db, struct jf_error *err)
{
	(void)db;
	(void)err;
	return JF_OK; /* PostgreSQL always logs ahead */
}

static enum jf_status
pg_secure_delete(struct db *db, struct jf_error *err)
{
	(void)db;
	(void)err;
	return JF_OK; /* what is deleted goes at the scrub's VACUUM */
}

/* Rows an erasure overwrote stay in their pages until VACUUM frees them. */
static enum jf_status
pg_scrub(struct db *db, int *complete, struct jf_error *err)
{
	(void)err;
	*complete = pg_exec(db, "VACUUM", NULL) == JF_OK;
	return JF_OK;
}

static enum jf_status
pg_backup(struct db *db, const char *path, struct jf_error *err)
{
	(void)db;
	(void)path;
	return jf_fail(err, JF_USAGE, "a PostgreSQL ledger is backed up by PostgreSQL: use pg_dump "
		       "(or the server's own backups)");
}

static enum jf_status
pg_restore(struct db *db, const char *path, struct jf_error *err)
{
	(void)db;
	(void)path;
	return jf_fail(err, JF_USAGE, "a PostgreSQL ledger is restored by PostgreSQL: use "
		       "pg_restore (or the server's own backups)");
}

static enum jf_status
pg_table_exists(struct db *db, const char *table, int *exists, struct jf_error *err)
{
	const char *params[] = { table };
	int64_t n = 0;
	enum jf_status st = pg_query_int(db, "SELECT count(*) FROM pg_tables "
					     "WHERE schemaname = current_schema() AND tablename = $1",
					 1, params, &n, err);

	*exists = st == JF_OK && n > 0;
	return st;
}

/*
 * What guards the ledger (db.h db_objects()): tables with their columns
 * and constraints, indexes, and triggers with the body of the function
 * each runs and whether it is switched off (a trigger kept but emptied or
 * disabled guards nothing). Definitions are
 * given without the schema's name, so that a scratch schema's compare.
 */
static const char pg_objects_sql[] =
	"SELECT 'table', c.relname, "
	"  (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) "
	"     || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END "
	"     || CASE WHEN a.attidentity <> '' THEN ' IDENTITY' ELSE '' END "
	"     || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''), ', ' "
	"     ORDER BY a.attnum) "
	"   FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
	"   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) "
	"  || coalesce('; ' || (SELECT string_agg(pg_get_constraintdef(k.oid), '; ' "
	"     ORDER BY pg_get_constraintdef(k.oid)) FROM pg_constraint k WHERE k.conrelid = c.oid), '') "
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
	"WHERE n.nspname = current_schema() AND c.relkind = 'r' "
	"UNION ALL "
	"SELECT 'index', indexname, replace(indexdef, current_schema() || '.', '') FROM pg_indexes "
	"WHERE schemaname = current_schema() "
	"UNION ALL "
	"SELECT 'trigger', t.tgname, replace(pg_get_triggerdef(t.oid) || ' ' || p.prosrc "
	"  || CASE WHEN t.tgenabled = 'D' THEN ' DISABLED' ELSE '' END, "
	"  current_schema() || '.', '') "
	"FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
	"JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid "
	"WHERE n.nspname = current_schema() AND NOT t.tgisinternal "
	"ORDER BY 1, 2";

static enum jf_status
pg_objects(struct db *db, struct db_object **out, size_t *count, struct jf_error *err)
{
	PGresult *res = PQexec(pg_of(db)->conn, pg_objects_sql);
	size_t size = 0;
	enum jf_status st = JF_OK;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		st = pg_fail(db, res, err, "reading the catalog");
	for (int r = 0; st == JF_OK && r < PQntuples(res); r++)
		db_objects_add(out, count, &size, PQgetvalue(res, r, 0), PQgetvalue(res, r, 1),
			       PQgetvalue(res, r, 2));
	PQclear(res);
	return st;
}

/*
 * A scratch database: a schema of its own on a new connection to like's
 * server, made inside a transaction that is rolled back at close (DDL is
 * transactional on PostgreSQL). Nobody else ever sees it, nothing is
 * committed or dropped, and a process that dies half way leaves nothing
 * behind (the server rolls back what a lost session began). Who may not
 * create a schema there is refused, as before (JF_DENIED).
 */
static enum jf_status
pg_open_scratch(const struct db *like, struct db **out, struct jf_error *err)
{
	static unsigned serial;
	struct pg_db *pdb = xcalloc(1, sizeof *pdb);
	enum jf_status st;
	char *sql;

	db_init(&pdb->base, &pg_ops, like->location, NULL, like->busy_timeout_ms);
	st = pg_connect(pdb, pg_of(like)->conninfo, err);
	if (st == JF_OK) {
		pdb->scratch_schema = xasprintf("jifen_scratch_%ld_%u", (long)getpid(), ++serial);
		sql = xasprintf("BEGIN; CREATE SCHEMA %s; SET LOCAL search_path TO %s",
				pdb->scratch_schema, pdb->scratch_schema);
		st = pg_exec(&pdb->base, sql, err);
		free(sql);
		if (st != JF_OK) {
			free(pdb->scratch_schema);
			pdb->scratch_schema = NULL;
		}
	}
	if (st != JF_OK) {
		db_close(&pdb->base);
		return st;
	}
	*out = &pdb->base;
	return JF_OK;
}

static int
pg_col_count(struct db_stmt *base)
{
	struct pg_stmt *st = stmt_of(base);

	return st->res ? PQnfields(st->res) : 0;
}

static const char *
pg_col_name(struct db_stmt *base, int col)
{
	struct pg_stmt *st = stmt_of(base);
	const char *name = st->res ? PQfname(st->res, col) : NULL;

	return name ? name : "";
}

static enum db_value_type
pg_col_type(struct db_stmt *base, int col)
{
	struct pg_stmt *st = stmt_of(base);

	if (pg_col_is_null(base, col))
		return DB_NULL;
	switch (PQftype(st->res, col)) {
	case PG_BOOL:
	case PG_INT2:
	case PG_INT4:
	case PG_INT8:
		return DB_INT;
	case PG_FLOAT4:
	case PG_FLOAT8:
	case PG_NUMERIC:
		return DB_REAL;
	case PG_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

/* Set the sequence of each identity column of table past its largest
 * value: setval(seq, max + 1, false) makes max + 1 the next id. */
static enum jf_status
pg_ids_follow(struct db *db, const char *table, struct jf_error *err)
{
	const char *params[] = { table };
	PGresult *res = PQexecParams(pg_of(db)->conn,
				     "SELECT quote_ident(c.relname), a.attname, quote_ident(a.attname) "
				     "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
				     "JOIN pg_namespace n ON n.oid = c.relnamespace "
				     "WHERE n.nspname = current_schema() AND c.relname = $1 "
				     "AND a.attnum > 0 AND a.attidentity <> ''",
				     1, NULL, params, NULL, NULL, 0);
	enum jf_status st = JF_OK;
	int64_t next = 0;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		st = pg_fail(db, res, err, "reading the catalog");
	for (int r = 0; st == JF_OK && r < PQntuples(res); r++) {
		/* $1 the quoted table, $2 the column (pg_get_serial_sequence's words). */
		const char *args[] = { PQgetvalue(res, r, 0), PQgetvalue(res, r, 1) };
		char *sql = xasprintf("SELECT setval(pg_get_serial_sequence($1, $2), "
				      "coalesce(max(%s), 0) + 1, false) FROM %s",
				      PQgetvalue(res, r, 2), args[0]);

		st = pg_query_int(db, sql, 2, args, &next, err);
		free(sql);
	}
	PQclear(res);
	return st;
}

static const struct db_ops pg_ops = {
	.backend = DB_BACKEND_POSTGRESQL,
	.free = pg_free,
	.exec = pg_exec_schema,
	.begin = pg_begin,
	.end = pg_end,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.param = pg_param,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.step = pg_step,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_is_null = pg_col_is_null,
	.col_blob = pg_col_blob,
	.changes = pg_changes,
	.prepare_check = pg_prepare_check,
	.use_wal = pg_use_wal,
	.secure_delete = pg_secure_delete,
	.scrub = pg_scrub,
	.backup = pg_backup,
	.restore = pg_restore,
	.table_exists = pg_table_exists,
	.objects = pg_objects,
	.open_scratch = pg_open_scratch,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
	.ids_follow = pg_ids_follow,
};
