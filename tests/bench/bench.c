/*
 * bench: jifen's performance figures, each against a baseline measured in
 * the same run on the same machine (DESIGN.md "Tests": benchmarks print
 * ratios, never timed assertions). Run by `make bench`, never by `make check`.
 *
 * One line per figure on stdout, progress on stderr:
 *   postings/s     ledger_grant (keyed, one entry per transaction, WAL and
 *                  synchronous=FULL as the core opens it) against raw SQLite
 *                  committing one row per transaction with the same pragmas.
 *   balance lookup ledger_balance of random members in a ledger of 10^6
 *                  entries against one of 10^4 entries, same shape.
 *   expiry         ledger_expire of 10^6 due lots against one SQL UPDATE of
 *                  the same rows in a copy of the same ledger file.
 *
 * The large ledgers are filled with direct SQL that writes the rows a keyed
 * ledger_grant writes (member, accounts, entry, two lines, lot, idem key)
 * in one transaction: one fsync'd transaction per entry would take hours
 * for 10^6 entries. Only the hash chain is not real (random hashes), so
 * `jifen verify` would refuse these ledgers; nothing measured reads it.
 *
 * Environment: JIFEN_BENCH_ENTRIES (default 1000000) sizes the large
 * ledger and the expiry run; JIFEN_BENCH_POSTINGS (default 2000) the
 * postings run. Files go to a fresh directory under $TMPDIR (or /tmp) and
 * are removed at exit. The exit status is 0 even when a goal is missed
 * (MISS): timings are noisy; it is 1 only if the benchmark cannot run.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "ledger.h"
#include "member.h"
#include "settings.h"

#define SMALL_ENTRIES 10000
#define LOTS_PER_MEMBER 10 /* the same shape in both ledgers: only the size differs */
#define LOT_POINTS 10
#define CARD_BASE 80000000 /* member i has card CARD_BASE + i: eight digits */
#define LOOKUPS 2000
#define LOOKUP_ROUNDS 10   /* small and large alternate, so drift hits both alike */
#define POSTING_ROUNDS 100 /* short rounds, alternating: a burst of load elsewhere hits both sides */
#define POSTING_WARMUP 1200 /* > 1000 WAL frames: past the first checkpoint */
#define GOAL_POSTINGS 0.6
#define GOAL_LOOKUP 1.5
#define GOAL_EXPIRY 3.0
#define PATH_SIZE 4200

static char workdir[PATH_SIZE - 16]; /* room for "/name.db" */
static struct settings cfg;

/* ---- plumbing ---- */

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
	fprintf(stderr, "bench: %s: %s\n", what, message);
	exit(1);
}

/* atexit: leave nothing behind, also when a step fails. Everything in the
 * scratch directory is ours: ledgers, their -wal and -shm files, and
 * whatever else the core keeps beside a ledger. */
static void
cleanup(void)
{
	char path[PATH_SIZE + 256];
	struct dirent *d;
	DIR *dir;

	if (workdir[0] == '\0' || (dir = opendir(workdir)) == NULL)
		return;
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", workdir, d->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(workdir);
}

/* Interrupted (^C in a run of minutes, which leaves a gigabyte behind): a
 * signal handler may only unlink() and rmdir(), so the names are made
 * beforehand: every ledger the bench makes, with the files beside it. */
static const char *const bench_files[] = { "post.db", "raw.db", "small.db", "large.db",
					   "update.db" };
static const char *const side_files[] = { "", "-wal", "-shm", "-journal", ".key" };
#define SCRATCH_FILES (sizeof bench_files / sizeof bench_files[0] * \
		       (sizeof side_files / sizeof side_files[0]))
static char scratch[SCRATCH_FILES][PATH_SIZE];

static void
on_signal(int sig)
{
	for (size_t i = 0; i < SCRATCH_FILES; i++)
		unlink(scratch[i]);
	rmdir(workdir);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(void)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof bench_files / sizeof bench_files[0]; i++)
		for (size_t j = 0; j < sizeof side_files / sizeof side_files[0]; j++)
			snprintf(scratch[n++], PATH_SIZE, "%s/%s%s", workdir, bench_files[i],
				 side_files[j]);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	/* `make bench | head` must not kill the run before its cleanup. */
	signal(SIGPIPE, SIG_IGN);
}

static void
file_path(const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", workdir, name);
}

static long
env_count(const char *name, long fallback, long min)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return fallback;
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < min)
		die(name, "must be a whole number, and not too small");
	return n;
}

static const char *
verdict(int ok)
{
	return ok ? "PASS" : "MISS";
}

/* ---- raw SQLite, for baselines and for filling ledgers ---- */

static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	return db;
}

static void
raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg ? msg : "failed");
}

static sqlite3_stmt *
raw_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	return st;
}

static void
raw_step_done(sqlite3 *db, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die("raw statement", sqlite3_errmsg(db));
	sqlite3_reset(st);
}

/* The pragmas db_open() sets on every ledger connection. */
static void
raw_durable(sqlite3 *db)
{
	raw_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
}

/* ---- postings per second ---- */

static double
time_grants(struct ledger *lg, const char *prefix, long first, long count)
{
	struct grant_request g = { "10000001", 5, KIND_POINTS, "bench", NULL };
	struct ledger_result res;
	struct jf_error err;
	char key[32];
	double t0 = seconds();

	jf_error_clear(&err);
	for (long i = first; i < first + count; i++) {
		snprintf(key, sizeof key, "%s-%ld", prefix, i);
		g.key = key;
		if (ledger_grant(lg, &g, &res, &err) != JF_OK || res.replay)
			die("ledger_grant", err.message);
	}
	return seconds() - t0;
}

static double
time_raw_commits(sqlite3 *db, sqlite3_stmt *ins, sqlite3_stmt *begin, sqlite3_stmt *commit,
		 long first, long count)
{
	double t0 = seconds();

	for (long i = first; i < first + count; i++) {
		raw_step_done(db, begin);
		sqlite3_bind_int64(ins, 1, 5);
		raw_step_done(db, ins);
		raw_step_done(db, commit);
	}
	return seconds() - t0;
}

static void
bench_postings(long n)
{
	struct member_new m = { "10000001", "Bench Member", NULL, NULL, NULL };
	char path[PATH_SIZE];
	struct ledger lg;
	struct jf_error err;
	sqlite3 *raw;
	sqlite3_stmt *ins, *begin, *commit;
	double t_core = 0, t_raw = 0, core_rate, raw_rate;
	long per = n / POSTING_ROUNDS;

	file_path("post.db", path, sizeof path);
	if (ledger_create(&lg, path, &cfg, &err) != JF_OK || member_add(&lg, &m, &err) != JF_OK)
		die("creating the postings ledger", err.message);
	file_path("raw.db", path, sizeof path);
	raw = raw_open(path);
	raw_durable(raw);
	raw_exec(raw, "CREATE TABLE posting(id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)");
	ins = raw_prepare(raw, "INSERT INTO posting(amount) VALUES (?)");
	begin = raw_prepare(raw, "BEGIN IMMEDIATE");
	commit = raw_prepare(raw, "COMMIT");
	fprintf(stderr, "bench: %ld postings through the ledger and %ld raw commits...\n",
		per * POSTING_ROUNDS, per * POSTING_ROUNDS);
	/* Until its first checkpoint a WAL file grows with every commit, and an
	 * fsync that also extends the file costs more; measure both sides after
	 * that (SQLite checkpoints every 1000 pages), in their steady state. */
	time_grants(&lg, "warm", 0, POSTING_WARMUP);
	time_raw_commits(raw, ins, begin, commit, 0, POSTING_WARMUP);
	for (long r = 0; r < POSTING_ROUNDS; r++) {
		t_core += time_grants(&lg, "post", r * per, per);
		t_raw += time_raw_commits(raw, ins, begin, commit, r * per, per);
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(begin);
	sqlite3_finalize(commit);
	sqlite3_close(raw);
	ledger_close(&lg);
	core_rate = (double)(per * POSTING_ROUNDS) / t_core;
	raw_rate = (double)(per * POSTING_ROUNDS) / t_raw;
	printf("postings/s: %.0f vs raw sqlite %.0f = %.2f (goal >= %.1f) %s\n", core_rate,
	       raw_rate, core_rate / raw_rate, GOAL_POSTINGS,
	       verdict(core_rate / raw_rate >= GOAL_POSTINGS));
	fflush(stdout);
}

/* ---- filling a ledger with the rows of keyed grants ---- */

/* Numbers 1..:n, for INSERT ... SELECT. */
#define SERIES "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :n) "

/* Member i (1..:n) has card CARD_BASE + i and owns the accounts :base + 2i - 1
 * (points, holding its LOTS_PER_MEMBER lots of 10) and :base + 2i (green). */
static const char sql_members[] =
	SERIES "INSERT INTO member(id, card, name, created_at) "
	"SELECT i, printf('%d', :card_base + i), 'Member ' || i, :ts FROM n";
static const char sql_points_accounts[] =
	"INSERT INTO account(id, name, kind, member_id, balance) "
	"SELECT :base + 2 * id - 1, 'member:' || card || ':points', 0, id, :per * 10 FROM member";
static const char sql_green_accounts[] =
	"INSERT INTO account(id, name, kind, member_id, balance) "
	"SELECT :base + 2 * id, 'member:' || card || ':green', 1, id, 0 FROM member";

/* Entry i (1..:n) is a keyed 10-point grant to member (i - 1) / :per + 1. */
#define MEMBER_ACCOUNT(i) ":base + 2 * ((" i " - 1) / :per + 1) - 1"
static const char sql_entries[] =
	SERIES "INSERT INTO entry(id, ts, type, ref, memo, prev_hash, hash) "
	"SELECT i, :ts, 'grant', 'grant:bench-' || i, 'bench', randomblob(32), randomblob(32) "
	"FROM n";
/* Two lines per entry, the member's then the issuer's, as entry_append writes them. */
static const char sql_lines[] =
	"WITH RECURSIVE n(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM n WHERE j < 2 * :n) "
	"INSERT INTO line(entry_id, seq, account_id, amount) "
	"SELECT (j + 1) / 2, 1 - j % 2, CASE j % 2 WHEN 1 THEN " MEMBER_ACCOUNT("(j + 1) / 2")
	" ELSE :issued END, CASE j % 2 WHEN 1 THEN 10 ELSE -10 END FROM n";
static const char sql_lots[] =
	SERIES "INSERT INTO lot(account_id, entry_id, amount, remaining, expires_on, available_on) "
	"SELECT " MEMBER_ACCOUNT("i") ", i, 10, 10, "
	"date(:today, '+' || (1 + (i * 7919) % 365) || ' days'), :today FROM n";
static const char sql_idem[] =
	SERIES "INSERT INTO idem(key, request, entry_id, result, extra, created_at) "
	"SELECT 'grant:bench-' || i, randomblob(32), i, 10, 0, :ts FROM n";
static const char sql_issued[] =
	"UPDATE account SET balance = -10 * :n WHERE id = :issued";

struct fill {
	int64_t base;   /* member accounts start after this id */
	int64_t issued; /* the system:issued:points account */
	const char *today;
};

static void
bind_named(sqlite3_stmt *st, const char *name, int64_t value)
{
	int idx = sqlite3_bind_parameter_index(st, name);

	if (idx > 0)
		sqlite3_bind_int64(st, idx, value);
}

/* Run one fill statement with :n = n and whichever other names it uses. */
static void
run_fill(sqlite3 *db, const char *sql, long n, const struct fill *f)
{
	sqlite3_stmt *st = raw_prepare(db, sql);
	int idx = sqlite3_bind_parameter_index(st, ":today");

	bind_named(st, ":n", n);
	bind_named(st, ":per", LOTS_PER_MEMBER);
	bind_named(st, ":card_base", CARD_BASE);
	bind_named(st, ":ts", clock_now());
	bind_named(st, ":base", f->base);
	bind_named(st, ":issued", f->issued);
	if (idx > 0)
		sqlite3_bind_text(st, idx, f->today, -1, SQLITE_TRANSIENT);
	raw_step_done(db, st);
	sqlite3_finalize(st);
}

static int64_t
raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = raw_prepare(db, sql);
	int64_t v;

	if (sqlite3_step(st) != SQLITE_ROW)
		die(sql, sqlite3_errmsg(db));
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A new ledger through the core (schema, system accounts), then the rows of
 * `entries` keyed grants of 10 points, LOTS_PER_MEMBER per member, written
 * in one transaction. The lots expire 1 to 365 days after today. */
static void
fill_ledger(const char *path, long entries, const char *today)
{
	struct fill f = { 0, 0, today };
	struct ledger lg;
	struct jf_error err;
	sqlite3 *db;

	if (ledger_create(&lg, path, &cfg, &err) != JF_OK)
		die("creating a ledger", err.message);
	ledger_close(&lg);
	db = raw_open(path);
	/* Only the fill skips durability; every measurement uses the core's pragmas. */
	raw_exec(db, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN");
	f.base = raw_int(db, "SELECT max(id) FROM account");
	f.issued = raw_int(db, "SELECT id FROM account WHERE name = 'system:issued:points'");
	run_fill(db, sql_members, entries / LOTS_PER_MEMBER, &f);
	run_fill(db, sql_points_accounts, entries, &f);
	run_fill(db, sql_green_accounts, entries, &f);
	run_fill(db, sql_entries, entries, &f);
	run_fill(db, sql_lines, entries, &f);
	run_fill(db, sql_lots, entries, &f);
	run_fill(db, sql_idem, entries, &f);
	run_fill(db, sql_issued, entries, &f);
	raw_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);");
	sqlite3_close(db);
}

/* The fill must look like the core's own rows, or the figures mean nothing:
 * a member's balance and lots read back through the core as LOTS_PER_MEMBER grants. */
static void
check_fill(struct ledger *lg, long members)
{
	struct balance b;
	struct jf_error err;
	char card[24];

	snprintf(card, sizeof card, "%ld", CARD_BASE + members);
	if (ledger_balance(lg, card, &b, &err) != JF_OK)
		die("ledger_balance on the filled ledger", err.message);
	if (b.total[KIND_POINTS] != LOTS_PER_MEMBER * LOT_POINTS ||
	    b.available[KIND_POINTS] != LOTS_PER_MEMBER * LOT_POINTS)
		die("the filled ledger", "balances do not match the lots written");
	balance_done(&b);
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
time_lookups(struct ledger *lg, long members, double *out, int count)
{
	struct balance b;
	struct jf_error err;
	char card[24];
	double t0;

	for (int i = 0; i < count; i++) {
		snprintf(card, sizeof card, "%ld", CARD_BASE + 1 + (long)(rng_next() % (uint64_t)members));
		t0 = seconds();
		if (ledger_balance(lg, card, &b, &err) != JF_OK)
			die("ledger_balance", err.message);
		out[i] = seconds() - t0;
		balance_done(&b);
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
bench_lookups(const char *small_path, long small, const char *large_path, long large)
{
	static double t_small[LOOKUPS], t_large[LOOKUPS], warm[LOOKUPS / LOOKUP_ROUNDS];
	struct ledger s, l;
	struct jf_error err;
	int per = LOOKUPS / LOOKUP_ROUNDS;
	double m_small, m_large;

	if (ledger_open(&s, small_path, &cfg, &err) != JF_OK ||
	    ledger_open(&l, large_path, &cfg, &err) != JF_OK)
		die("opening the filled ledgers", err.message);
	check_fill(&s, small / LOTS_PER_MEMBER);
	check_fill(&l, large / LOTS_PER_MEMBER);
	fprintf(stderr, "bench: %d balance lookups in each ledger...\n", LOOKUPS);
	time_lookups(&s, small / LOTS_PER_MEMBER, warm, per);
	time_lookups(&l, large / LOTS_PER_MEMBER, warm, per);
	for (int r = 0; r < LOOKUP_ROUNDS; r++) {
		time_lookups(&s, small / LOTS_PER_MEMBER, t_small + r * per, per);
		time_lookups(&l, large / LOTS_PER_MEMBER, t_large + r * per, per);
	}
	ledger_close(&s);
	ledger_close(&l);
	m_small = median(t_small, LOOKUPS) * 1e6;
	m_large = median(t_large, LOOKUPS) * 1e6;
	printf("balance lookup (median of %d): %ld entries %.1f us vs %ld entries %.1f us"
	       " = %.2f (goal <= %.1f) %s\n", LOOKUPS, large, m_large, small, m_small,
	       m_large / m_small, GOAL_LOOKUP, verdict(m_large / m_small <= GOAL_LOOKUP));
	fflush(stdout);
}

/* ---- expiry ---- */

static void
copy_file(const char *from, const char *to)
{
	static char buf[1 << 20];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ssize_t n;

	if (in < 0 || out < 0)
		die(to, "cannot copy the ledger");
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			die(to, "cannot write the copy");
	if (n < 0 || fsync(out) != 0)
		die(to, "cannot copy the ledger");
	close(in);
	close(out);
}

/* The baseline: the one UPDATE a hand-written expiry would run, with the
 * core's pragmas, in one durable transaction. */
static double
time_raw_expiry(const char *path, const char *today, long lots)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st;
	double t0;

	raw_durable(db);
	st = raw_prepare(db, "UPDATE lot SET expired = expired + remaining, remaining = 0, "
			     "expire_entry = (SELECT max(id) FROM entry) "
			     "WHERE remaining > 0 AND expires_on < ?");
	sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
	t0 = seconds();
	raw_exec(db, "BEGIN IMMEDIATE");
	raw_step_done(db, st);
	if (sqlite3_changes(db) != lots)
		die("the baseline expiry", "did not update every lot");
	raw_exec(db, "COMMIT");
	t0 = seconds() - t0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return t0;
}

static double
time_core_expiry(const char *path, long lots)
{
	struct ledger lg;
	struct expire_result res;
	struct jf_error err;
	double t0;

	if (ledger_open(&lg, path, &cfg, &err) != JF_OK)
		die("opening the ledger to expire", err.message);
	t0 = seconds();
	if (ledger_expire(&lg, &res, &err) != JF_OK)
		die("ledger_expire", err.message);
	t0 = seconds() - t0;
	ledger_close(&lg);
	if (res.lots != lots || res.points[KIND_POINTS] != (int64_t)lots * LOT_POINTS)
		die("ledger_expire", "did not expire every lot");
	return t0;
}

static void
bench_expiry(const char *large_path, long lots, int64_t later)
{
	char copy[PATH_SIZE], today[CLOCK_DATE_LEN];
	double t_raw, t_core;

	file_path("update.db", copy, sizeof copy);
	copy_file(large_path, copy);
	/* A year and more later, every lot is past its date. */
	clock_set(later);
	clock_date_of(later, today);
	fprintf(stderr, "bench: expiring %ld lots, by one UPDATE and by ledger_expire...\n", lots);
	t_raw = time_raw_expiry(copy, today, lots);
	t_core = time_core_expiry(large_path, lots);
	printf("expiry of %ld lots: ledger_expire %.2f s vs single UPDATE %.2f s = %.2f"
	       " (goal <= %.1f) %s\n", lots, t_core, t_raw, t_core / t_raw, GOAL_EXPIRY,
	       verdict(t_core / t_raw <= GOAL_EXPIRY));
	fflush(stdout);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	long large = env_count("JIFEN_BENCH_ENTRIES", 1000000, 100);
	long postings = env_count("JIFEN_BENCH_POSTINGS", 2000, POSTING_ROUNDS);
	long small = large < SMALL_ENTRIES ? large : SMALL_ENTRIES;
	char small_path[PATH_SIZE], large_path[PATH_SIZE], today[CLOCK_DATE_LEN];
	int64_t start;
	double t0;

	/* Whole members only: every member holds exactly LOTS_PER_MEMBER lots. */
	large -= large % LOTS_PER_MEMBER;
	small -= small % LOTS_PER_MEMBER;
	snprintf(workdir, sizeof workdir, "%s/jifen-bench.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(workdir) == NULL)
		die(workdir, "cannot make a scratch directory");
	atexit(cleanup);
	catch_signals();
	settings_defaults(&cfg);
	/* A fixed date: lot dates, and so the work each query does, are the same every run. */
	if (clock_parse_iso("2026-06-01T10:00:00+08:00", &start) != JF_OK)
		die("clock", "cannot parse the start date");
	clock_set(start);
	clock_date_of(start, today);

	bench_postings(postings);

	fprintf(stderr, "bench: filling ledgers of %ld and %ld entries...\n", small, large);
	t0 = seconds();
	file_path("small.db", small_path, sizeof small_path);
	file_path("large.db", large_path, sizeof large_path);
	fill_ledger(small_path, small, today);
	fill_ledger(large_path, large, today);
	fprintf(stderr, "bench: filled in %.1f s\n", seconds() - t0);
	bench_lookups(small_path, small, large_path, large);

	bench_expiry(large_path, large, start + 400 * 86400LL);
	return 0;
}
