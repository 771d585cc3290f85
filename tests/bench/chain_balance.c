/*
 * chain_balance: balance lookups on PostgreSQL in a ledger of 10^7 entries
 * against one of 10^5 (issue 14), on the same server in the same run: the
 * PostgreSQL twin of bench.c's "balance lookup" figure.
 *
 *   chain_balance [--fill-only] URL [ENTRIES]
 *
 * URL is a database of a running server whose role may create databases
 * (`make bench-chain-balance` starts one with tests/pg/server.sh). Two
 * databases are made beside it, one a ledger (through the core: schema,
 * system accounts) filled with ENTRIES keyed grants (default 10^7,
 * JIFEN_BENCH_BALANCE_ENTRIES in make), the other with 1/100 of them.
 * Both have the same members (the small one's: OPEN_LOTS grants each); in
 * the large one each member has 100 times the history, its older lots
 * spent by one redemption, as bench.c's fill_history() writes them. The
 * rows are those ledger_grant, ledger_hold and ledger_hold_post write,
 * filled on the server by INSERT ... SELECT ... FROM generate_series: only
 * the hash chain is not real (hashes of the row number), so `jifen verify`
 * would refuse these ledgers; every other invariant it checks is checked
 * on them before they are measured, and nothing measured reads the chain.
 *
 * Then ledger_balance() of random members, through a `struct ledger` open
 * on each database, alternately in rounds (drift on a shared machine hits
 * both alike), after the fill was analysed as autovacuum would. One line:
 * the median lookup in each, lookups per second, the ratio, the goal (the
 * large no slower than twice the small: indexes, not scans) and PASS or
 * MISS. Exit status 0 even when the goal is missed (timings are noisy); 1
 * if it cannot run. The databases are dropped at the end.
 *
 * --fill-only: fill and check both ledgers, read a balance of each back
 * through the core, print their two URLs and keep them; nothing is timed
 * (tests/bench/chain_balance_short.sh, in make check, at 10^4 entries).
 *
 * Figures (make bench-chain-balance, 10^7 entries, a 2-core machine
 * shared with four other workers' builds and tests, the server's data on
 * disk): 238 us (4,205/s) at 10^7 entries against 237 us (4,221/s) at
 * 10^5, 1.00 (goal <= 2.0) PASS, the fill 5 minutes; in an earlier run
 * under a heavier load 449 us against 473 us, 0.95. Each statement of a lookup is an index
 * probe (EXPLAIN ANALYZE at 10^7, custom and generic plans alike):
 * member_card_key then account_member (account_of_card), an index-only
 * scan of lot_account (lot_unspendable; the partial index holds only the
 * 10 open lots of the 1,000 a member has), the same two and lot_account
 * again for the expiring lots; the time is the round trips. The earlier
 * run filled the large ledger (9 GB) in 39 minutes with every key, index
 * and reference in place during the inserts; hence set_aside() below.
 */
#include "config.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "clock.h"
#include "fill_checks.h"
#include "ledger.h"
#include "settings.h"

#define DEFAULT_ENTRIES 10000000L
#define SMALL_SHARE 100    /* the small ledger holds 1/SMALL_SHARE of the entries */
#define OPEN_LOTS 10       /* each member's newest lots, still open, in both */
#define LOT_POINTS 10
#define CARD_BASE 80000000 /* member i has card CARD_BASE + i: eight digits */
#define LOOKUPS 2000
#define LOOKUP_ROUNDS 10   /* small and large alternate, so drift hits both alike */
#define GOAL_LOOKUP 2.0    /* the large lookup at most twice the small one */
#define BENCH_NOW "2026-06-01T10:00:00+08:00" /* fixed: the same lots are open every run */

static struct settings cfg;

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void __attribute__((noreturn))
die(const char *what, const char *message)
{
	fprintf(stderr, "chain_balance: %s: %s\n", what, message);
	exit(1);
}

/* ---- the databases ---- */

/* url with its database name replaced by name: postgresql://AUTH/DB?PARAMS. */
static void
url_of(const char *url, const char *name, char *out, size_t size)
{
	const char *auth = strstr(url, "://"), *db, *end;

	if (auth == NULL || (db = strchr(auth + 3, '/')) == NULL)
		die(url, "not a postgresql://HOST/DATABASE URL");
	db++;
	end = db + strcspn(db, "?");
	if (snprintf(out, size, "%.*s%s%s", (int)(db - url), url, name, end) >= (int)size)
		die(url, "too long");
}

/* The server's notices ("does not exist, skipping") say nothing here. */
static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static PGconn *
pg_connect(const char *url)
{
	PGconn *c = PQconnectdb(url);

	if (PQstatus(c) != CONNECTION_OK)
		die("connecting", PQerrorMessage(c));
	PQsetNoticeProcessor(c, quiet, NULL);
	return c;
}

static void
pg_exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		fprintf(stderr, "chain_balance: %s\n", sql);
		die("the server refused it", PQerrorMessage(c));
	}
	PQclear(r);
}

static int64_t
pg_int(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	int64_t v;

	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		fprintf(stderr, "chain_balance: %s\n", sql);
		die("no single row", PQerrorMessage(c));
	}
	v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return v;
}

/* A fresh database name on the server of admin_url, and its URL. */
static void
make_database(const char *admin_url, const char *name, char *url, size_t size)
{
	PGconn *c = pg_connect(admin_url);
	char sql[128];

	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
	pg_exec(c, sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	pg_exec(c, sql);
	PQfinish(c);
	url_of(admin_url, name, url, size);
}

static void
drop_database(const char *admin_url, const char *name)
{
	PGconn *c = pg_connect(admin_url);
	char sql[128];

	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
	pg_exec(c, sql);
	PQfinish(c);
}

/* ---- filling a ledger with a history ---- */

/*
 * As bench.c's fill_history(), in PostgreSQL's words. Grant i (1..:n, :n =
 * :members * :grants) goes to member (i - 1) % :members + 1: a member's
 * grants are spread over the whole history, as its visits are. Its rank
 * counts back from the member's newest grant (rank 0); the :open newest
 * lots are still open, the older ones were spent. A lot's expiry date
 * depends only on its member and rank, so the open lots, all that a
 * balance reads, are the same in both ledgers. Member i owns the accounts
 * :base + 2i - 1 (points) and :base + 2i (green).
 */
#define SERIES " FROM generate_series(1, :n) AS s(i)"
#define HISTORY_MEMBER(i) "((" i " - 1) % :members + 1)"
#define HISTORY_ACCOUNT(i) "(:base + 2 * " HISTORY_MEMBER(i) " - 1)"
#define HISTORY_RANK(i) "(:grants - 1 - (" i " - 1) / :members)"
#define SPENT_POINTS "((:grants - :open) * 10)" /* what each member redeemed */
#define REDEEM_ENTRY(m) "(:members * :grants + " m ")" /* after every grant */
/* Stand-ins for the chain's hashes, 32 bytes each, different per row. */
#define FAKE_HASH(i, salt) "sha256(int8send(" i ") || '\\x" salt "'::bytea)"

static const char *const sql_fill[] = {
	"INSERT INTO member(id, card, name, created_at) "
	"SELECT i, CAST(:card_base + i AS TEXT), 'Member ' || i, :ts FROM generate_series(1, "
	":members) AS s(i)",
	"INSERT INTO account(id, name, kind, member_id, balance) "
	"SELECT :base + 2 * id - 1, 'member:' || card || ':points', 0, id, :open * 10 FROM member",
	"INSERT INTO account(id, name, kind, member_id, balance) "
	"SELECT :base + 2 * id, 'member:' || card || ':green', 1, id, 0 FROM member",
	/* Entry i is a keyed 10-point grant, two lines: the member's then the issuer's. */
	"INSERT INTO entry(id, ts, type, ref, memo, prev_hash, hash) "
	"SELECT i, :ts, 'grant', 'grant:bench-' || i, 'bench', " FAKE_HASH("i", "01") ", "
	FAKE_HASH("i", "02") SERIES,
	"INSERT INTO line(entry_id, seq, account_id, amount) "
	"SELECT i, 0, " HISTORY_ACCOUNT("i") ", 10" SERIES,
	"INSERT INTO line(entry_id, seq, account_id, amount) SELECT i, 1, :issued, -10" SERIES,
	"INSERT INTO lot(id, account_id, entry_id, amount, remaining, expires_on, available_on) "
	"SELECT i, " HISTORY_ACCOUNT("i") ", i, 10, "
	"CASE WHEN " HISTORY_RANK("i") " < :open THEN 10 ELSE 0 END, "
	"to_char(CAST(:today AS DATE) + CAST(1 + ((" HISTORY_MEMBER("i") " * :open + "
	HISTORY_RANK("i") ") * 7919) % 365 AS INTEGER), 'YYYY-MM-DD'), :today" SERIES,
	"INSERT INTO idem(key, request, entry_id, result, extra, created_at) "
	"SELECT 'grant:bench-' || i, " FAKE_HASH("i", "03") ", i, 10, 0, :ts" SERIES,
	"UPDATE account SET balance = -10 * :n WHERE id = :issued",
	/* Member m spent its older lots in one redemption, the rows ledger_hold
	 * then ledger_hold_post write for key "bench-redeem-m": the hold,
	 * posted, and its idem key; the redeem entry and its two lines (the
	 * member's debit, then system:redeemed); the lots it consumed (lot_use),
	 * emptied above; the redeemed account's balance. The entry comes
	 * first: the hold names it. */
	"INSERT INTO entry(id, ts, type, ref, memo, prev_hash, hash) "
	"SELECT " REDEEM_ENTRY("i") ", :ts, 'redeem', 'post:hold:bench-redeem-' || i, 'bench', "
	FAKE_HASH("i", "05") ", " FAKE_HASH("i", "06")
	" FROM generate_series(1, :spenders) AS s(i)",
	"INSERT INTO hold(id, account_id, amount, state, ref, memo, created_at, expires_at, "
	"settled_at, entry_id) SELECT i, :base + 2 * i - 1, " SPENT_POINTS ", 1, "
	"'hold:bench-redeem-' || i, 'bench', :ts, 0, :ts, " REDEEM_ENTRY("i")
	" FROM generate_series(1, :spenders) AS s(i)",
	"INSERT INTO idem(key, request, entry_id, result, extra, created_at) "
	"SELECT 'hold:bench-redeem-' || i, " FAKE_HASH("i", "04") ", i, " SPENT_POINTS ", 0, :ts"
	" FROM generate_series(1, :spenders) AS s(i)",
	"INSERT INTO line(entry_id, seq, account_id, amount) "
	"SELECT " REDEEM_ENTRY("i") ", 0, :base + 2 * i - 1, -" SPENT_POINTS
	" FROM generate_series(1, :spenders) AS s(i)",
	"INSERT INTO line(entry_id, seq, account_id, amount) "
	"SELECT " REDEEM_ENTRY("i") ", 1, :redeemed, " SPENT_POINTS
	" FROM generate_series(1, :spenders) AS s(i)",
	/* The spent lots are the oldest grants: 1..(:grants - :open) * :members. */
	"INSERT INTO lot_use(entry_id, lot_id, amount) "
	"SELECT " REDEEM_ENTRY(HISTORY_MEMBER("i")) ", i, 10 "
	"FROM generate_series(1, (:grants - :open) * :members) AS s(i)",
	"UPDATE account SET balance = :spenders * " SPENT_POINTS " WHERE id = :redeemed",
	/* Ids given here were not drawn from the tables' identities: the next
	 * row the core writes must not collide with them. */
	"SELECT setval(pg_get_serial_sequence('member', 'id'), (SELECT max(id) FROM member))",
	"SELECT setval(pg_get_serial_sequence('account', 'id'), (SELECT max(id) FROM account))",
	"SELECT setval(pg_get_serial_sequence('entry', 'id'), (SELECT max(id) FROM entry))",
	"SELECT setval(pg_get_serial_sequence('lot', 'id'), (SELECT max(id) FROM lot))",
	"SELECT setval(pg_get_serial_sequence('hold', 'id'), "
	"(SELECT coalesce(max(id), 1) FROM hold))",
};


/*
 * What the fill sets aside on the big tables and makes again after it from
 * the definitions the server gives, so the ledger's schema is the core's:
 * their references (step 1), the primary and unique keys nothing else
 * refers to (2), and the other indexes (3). With the tests' server's
 * 16 MB of buffers, 10^7 rows inserted one by one into an index whose
 * keys come in no order (idem's key, line_account) take most of an hour;
 * one sort builds it in seconds, and one join checks a reference for all
 * rows instead of a trigger per row. Rebuilt, the keys are checked again.
 */
static const char sql_set_aside[] =
	"WITH big(name) AS (VALUES ('entry'), ('line'), ('lot'), ('lot_use'), ('idem')), "
	"kept(ind) AS (SELECT conindid FROM pg_constraint WHERE contype = 'f' AND "
	"CAST(CAST(conrelid AS regclass) AS TEXT) NOT IN (SELECT name FROM big)) "
	"SELECT CASE contype WHEN 'f' THEN 1 ELSE 2 END AS step, "
	"'ALTER TABLE ' || CAST(conrelid AS regclass) || ' DROP CONSTRAINT ' || quote_ident(conname), "
	"'ALTER TABLE ' || CAST(conrelid AS regclass) || ' ADD CONSTRAINT ' || quote_ident(conname) "
	"|| ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
	"WHERE CAST(CAST(conrelid AS regclass) AS TEXT) IN (SELECT name FROM big) AND (contype = 'f' "
	"OR (contype IN ('p', 'u') AND conindid NOT IN (SELECT ind FROM kept))) "
	"UNION ALL SELECT 3, 'DROP INDEX ' || CAST(indexrelid AS regclass), "
	"pg_get_indexdef(indexrelid) FROM pg_index "
	"WHERE CAST(CAST(indrelid AS regclass) AS TEXT) IN (SELECT name FROM big) "
	"AND indexrelid NOT IN (SELECT conindid FROM pg_constraint) "
	"AND indexrelid NOT IN (SELECT ind FROM kept) ORDER BY 1, 2";

/* The rows of sql_set_aside (step, drop, make), each dropped now. */
static PGresult *
set_aside(PGconn *c)
{
	PGresult *r = PQexec(c, sql_set_aside);

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		die("reading the schema", PQerrorMessage(c));
	for (int i = 0; i < PQntuples(r); i++)
		pg_exec(c, PQgetvalue(r, i, 1));
	return r;
}

/* Keys, then indexes, then the references to the keys. */
static void
put_back(PGconn *c, PGresult *aside)
{
	static const char *const order[] = { "2", "3", "1" };

	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		for (int i = 0; i < PQntuples(aside); i++)
			if (strcmp(PQgetvalue(aside, i, 0), order[k]) == 0)
				pg_exec(c, PQgetvalue(aside, i, 2));
	PQclear(aside);
}

/* The values a fill statement's :names stand for. */
struct fill {
	int64_t n;        /* grants in all */
	int64_t members;  /* how many members share the grants */
	int64_t grants;   /* grants per member */
	int64_t spenders; /* members who redeemed their older lots: all, or none */
	int64_t base;     /* member accounts start after this id */
	int64_t issued;   /* the system:issued:points account */
	int64_t redeemed; /* the system:redeemed:points account */
	int64_t ts;
	char today[CLOCK_DATE_LEN];
};

/* sql with each :name outside quotes written as its value in f: the
 * statements run once each, server-side, so nothing is gained by binding. */
static char *
fill_text(const char *sql, const struct fill *f)
{
	const struct {
		const char *name;
		int64_t value;
	} ints[] = {
		{ "n", f->n }, { "members", f->members }, { "grants", f->grants },
		{ "spenders", f->spenders }, { "base", f->base }, { "issued", f->issued },
		{ "redeemed", f->redeemed }, { "ts", f->ts }, { "open", OPEN_LOTS },
		{ "card_base", CARD_BASE },
	};
	size_t size = strlen(sql) * 4 + 1, used = 0, len;
	char *out = malloc(size);
	int quoted = 0;

	if (out == NULL)
		die("fill", "out of memory");
	for (const char *p = sql; *p != '\0';) {
		if (*p == '\'')
			quoted = !quoted;
		if (quoted || *p != ':' || p[1] == ':' || (p > sql && p[-1] == ':') ||
		    !isalpha((unsigned char)p[1])) {
			out[used++] = *p++;
			continue;
		}
		len = 1;
		while (isalnum((unsigned char)p[len]) || p[len] == '_')
			len++;
		if (len == 6 && strncmp(p + 1, "today", 5) == 0) {
			used += (size_t)sprintf(out + used, "'%s'", f->today);
		} else {
			size_t i;

			for (i = 0; i < sizeof ints / sizeof ints[0]; i++)
				if (strlen(ints[i].name) == len - 1 &&
				    strncmp(p + 1, ints[i].name, len - 1) == 0)
					break;
			if (i == sizeof ints / sizeof ints[0])
				die(sql, "a :name the fill does not know");
			used += (size_t)sprintf(out + used, "%lld", (long long)ints[i].value);
		}
		p += len;
	}
	out[used] = '\0';
	return out;
}

/* A new ledger at url through the core, then members members with grants
 * keyed grants each, the OPEN_LOTS newest open and the older ones spent,
 * in one transaction, the big tables' keys, indexes and references set
 * aside meanwhile; verify's invariants are checked before it commits,
 * and the tables analysed after, as autovacuum would after such a load. */
static void
fill_history(const char *url, int64_t members, int64_t grants, const char *today)
{
	struct fill f = { .members = members, .grants = grants, .n = members * grants };
	struct jf_error err;
	struct ledger lg;
	PGresult *aside;
	PGconn *c;
	char *sql;

	if (ledger_create(&lg, url, &cfg, &err) != JF_OK)
		die("creating a ledger", err.message);
	ledger_close(&lg);
	f.spenders = grants > OPEN_LOTS ? members : 0;
	f.ts = clock_now();
	snprintf(f.today, sizeof f.today, "%s", today);
	c = pg_connect(url);
	/* Only the fill skips durability; every lookup runs as the core opens it. */
	pg_exec(c, "SET synchronous_commit = off");
	pg_exec(c, "SET maintenance_work_mem = '256MB'");
	pg_exec(c, "SET work_mem = '256MB'");
	pg_exec(c, "BEGIN");
	f.base = pg_int(c, "SELECT max(id) FROM account");
	f.issued = pg_int(c, "SELECT id FROM account WHERE name = 'system:issued:points'");
	f.redeemed = pg_int(c, "SELECT id FROM account WHERE name = 'system:redeemed:points'");
	aside = set_aside(c);
	for (size_t i = 0; i < sizeof sql_fill / sizeof sql_fill[0]; i++) {
		sql = fill_text(sql_fill[i], &f);
		pg_exec(c, sql);
		free(sql);
	}
	put_back(c, aside);
	for (size_t i = 0; i < fill_check_count; i++)
		if (pg_int(c, fill_checks[i].sql) != 0)
			die("the filled ledger", fill_checks[i].what);
	pg_exec(c, "COMMIT");
	pg_exec(c, "VACUUM ANALYZE member, account, entry, line, lot, lot_use, hold, idem");
	PQfinish(c);
}

/* ---- balance lookups ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void
open_ledger(struct ledger *lg, const char *url)
{
	struct jf_error err;
	struct actor a;

	if (ledger_open(lg, url, &cfg, &err) != JF_OK)
		die("opening the filled ledger", err.message);
	actor_shell(&a, "bench");
	ledger_act_as(lg, &a);
}

/* The fill must look like the core's own rows, or the figures mean nothing:
 * the last member's balance reads back through the core as its open lots,
 * all of them available and none held. */
static void
check_fill(struct ledger *lg, int64_t members)
{
	struct balance b;
	struct jf_error err;
	char card[24];

	snprintf(card, sizeof card, "%lld", (long long)(CARD_BASE + members));
	if (ledger_balance(lg, card, &b, &err) != JF_OK)
		die("ledger_balance on the filled ledger", err.message);
	if (b.total[KIND_POINTS] != OPEN_LOTS * LOT_POINTS ||
	    b.available[KIND_POINTS] != OPEN_LOTS * LOT_POINTS || b.held[KIND_POINTS] != 0)
		die("the filled ledger", "balances do not match the lots written");
	balance_done(&b);
}

static void
time_lookups(struct ledger *lg, int64_t members, double *out, int count)
{
	struct balance b;
	struct jf_error err;
	char card[24];
	double t0;

	for (int i = 0; i < count; i++) {
		snprintf(card, sizeof card, "%lld",
			 (long long)(CARD_BASE + 1 + (int64_t)(rng_next() % (uint64_t)members)));
		t0 = seconds();
		if (ledger_balance(lg, card, &b, &err) != JF_OK)
			die("ledger_balance", err.message);
		out[i] = seconds() - t0;
		balance_done(&b);
	}
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
bench_lookups(const char *small_url, int64_t small, const char *large_url, int64_t large,
	      int64_t members)
{
	static double t_small[LOOKUPS], t_large[LOOKUPS], warm[LOOKUPS / LOOKUP_ROUNDS];
	int per = LOOKUPS / LOOKUP_ROUNDS;
	double m_small, m_large;
	struct ledger s, l;

	open_ledger(&s, small_url);
	open_ledger(&l, large_url);
	check_fill(&s, members);
	check_fill(&l, members);
	fprintf(stderr, "chain_balance: %d balance lookups in each ledger...\n", LOOKUPS);
	time_lookups(&s, members, warm, per);
	time_lookups(&l, members, warm, per);
	for (int r = 0; r < LOOKUP_ROUNDS; r++) {
		time_lookups(&s, members, t_small + r * per, per);
		time_lookups(&l, members, t_large + r * per, per);
	}
	ledger_close(&s);
	ledger_close(&l);
	m_small = median(t_small, LOOKUPS) * 1e6;
	m_large = median(t_large, LOOKUPS) * 1e6;
	printf("balance lookup on PostgreSQL (median of %d): %lld entries %.0f us (%.0f/s) vs "
	       "%lld entries %.0f us (%.0f/s) = %.2f (goal <= %.1f) %s\n", LOOKUPS,
	       (long long)large, m_large, 1e6 / m_large, (long long)small, m_small,
	       1e6 / m_small, m_large / m_small, GOAL_LOOKUP,
	       m_large / m_small <= GOAL_LOOKUP ? "PASS" : "MISS");
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	int fill_only = argc > 1 && strcmp(argv[1], "--fill-only") == 0;
	const char *admin_url = argv[1 + fill_only];
	long entries;
	char small_url[4096], large_url[4096], today[CLOCK_DATE_LEN];
	char dir[] = "/tmp/jifen-chain-balance.XXXXXX";
	int64_t members, grants_large, start;
	double t0;

	if (argc < 2 + fill_only)
		die("usage", "chain_balance [--fill-only] URL [ENTRIES]");
	entries = argc > 2 + fill_only ? strtol(argv[2 + fill_only], NULL, 10) : DEFAULT_ENTRIES;
	/* The small ledger: OPEN_LOTS grants for each of its members, all open. */
	members = entries / SMALL_SHARE / OPEN_LOTS;
	if (members < 1)
		die("usage", "ENTRIES must be at least 1000");
	grants_large = OPEN_LOTS * SMALL_SHARE;
	if (mkdtemp(dir) == NULL)
		die(dir, "cannot make a scratch directory");
	settings_defaults(&cfg);
	snprintf(cfg.voucher_key_file, sizeof cfg.voucher_key_file, "%s/ledger.key", dir);
	/* A fixed date: lot dates, and so the work each lookup does, are the same every run. */
	if (clock_parse_iso(BENCH_NOW, &start) != JF_OK)
		die("clock", "cannot parse the start date");
	clock_set(start);
	clock_date_of(start, today);
	make_database(admin_url, "jifen_balance_small", small_url, sizeof small_url);
	make_database(admin_url, "jifen_balance_large", large_url, sizeof large_url);
	fprintf(stderr, "chain_balance: filling ledgers of %lld members with %lld and %lld "
		"entries...\n", (long long)members, (long long)(members * OPEN_LOTS),
		(long long)(members * grants_large));
	t0 = seconds();
	fill_history(small_url, members, OPEN_LOTS, today);
	fprintf(stderr, "chain_balance: small filled and checked in %.1f s\n", seconds() - t0);
	t0 = seconds();
	fill_history(large_url, members, grants_large, today);
	fprintf(stderr, "chain_balance: large filled and checked in %.1f s\n", seconds() - t0);
	if (fill_only) {
		/* For a test: the ledgers stay, checked through the core, and
		 * their URLs are all it prints. Nothing is timed. */
		struct ledger lg;

		open_ledger(&lg, small_url);
		check_fill(&lg, members);
		ledger_close(&lg);
		open_ledger(&lg, large_url);
		check_fill(&lg, members);
		ledger_close(&lg);
		printf("%s\n%s\n", small_url, large_url);
	} else {
		bench_lookups(small_url, members * OPEN_LOTS, large_url, members * grants_large,
			      members);
		drop_database(admin_url, "jifen_balance_small");
		drop_database(admin_url, "jifen_balance_large");
	}
	unlink(cfg.voucher_key_file);
	rmdir(dir);
	return 0;
}
