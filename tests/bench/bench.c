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
 *                  entries against one of 10^4 entries, with the same
 *                  members: a store's members stay, their history grows.
 *                  Each member's newest OPEN_LOTS grants are open in both;
 *                  in the large one the older ones were spent.
 *   expiry         ledger_expire of 10^6 due lots against one SQL UPDATE of
 *                  the same rows in a copy of the same ledger file.
 *   voucher issues voucher_issue (hold, stock, code: one durable write), then
 *                  qr_encode and qr_render_halfblocks of its code, as the
 *                  kiosk shows it, against the bare libqrencode encode of a
 *                  text shaped like a code. Informational: a durable write
 *                  costs far more than an encode, there is no goal.
 *   voucher checks vcode_check of genuine codes, and of forged ones (one
 *                  character changed), against the same encode. Informational.
 *   voucher redeem voucher_redeem (the cashier's scan, by full code) of random
 *                  vouchers in a ledger of 10^6 issued vouchers against one of
 *                  10^4, same shape.
 *   kiosk start-up `jifen kiosk --script` that saves the first screen and
 *                  quits (start-up to the first screen, no terminal), on the
 *                  expiry ledger of 10^6 entries, against the sqlite3 shell
 *                  opening the same file and reading its schema: whole
 *                  processes, started alternately, median wall time.
 *   kiosk memory   the peak RSS of those kiosk runs against that of those
 *                  sqlite3 runs (wait4's ru_maxrss).
 *   busy day       a store's busiest day (busyday.c): 4 counters and 4
 *                  kiosks, each its own process, doing a store's mix on one
 *                  ledger: actions per second of the store and the 99th
 *                  percentile of a counter's and a kiosk's action, against
 *                  8 processes committing one row per transaction with the
 *                  same pragmas; JF_BUSY counted (goal 0); verify and the
 *                  balances conserved at the end.
 *
 * The large ledgers are filled with direct SQL that writes the rows a keyed
 * ledger_grant writes (member, accounts, entry, two lines, lot, idem key)
 * in one transaction: one fsync'd transaction per entry would take hours
 * for 10^6 entries. Only the hash chain is not real (random hashes), so
 * `jifen verify` would refuse these ledgers; nothing measured reads it.
 * The balance ledgers spend each member's older lots the way a posted hold
 * does (ledger_hold, ledger_hold_post): one redeem entry per member, so the
 * large one holds 10^6 grants and 10^3 redemptions; every invariant verify
 * checks, but the chain, is checked on them before they are measured.
 * The voucher ledgers add, the same way, the rows voucher_issue writes
 * (pending hold, voucher with a random short code, two idem keys, the held
 * sums, the stock) for one voucher per lot, on an item imported by the core.
 *
 * Environment: JIFEN_BENCH_ENTRIES (default 1000000) sizes the large
 * ledger, the expiry run and the large voucher ledger (as many vouchers);
 * JIFEN_BENCH_POSTINGS (default 2000) the postings run; JIFEN_BENCH_DAY_OPS
 * (default 8000) the busy day's actions, as many raw commits in its
 * baseline; JIFEN_SEED its draws (random.h; default "busyday");
 * JIFEN_BENCH_ONLY, if set, names the figures to measure (any of postings
 * busyday lookups expiry kiosk vouchers games tiers campaigns, separated by spaces or commas;
 * tiers: JIFEN_BENCH_MEMBERS members, default 1000000;
 * games: JIFEN_BENCH_POSTINGS plays, and an audit of JIFEN_BENCH_ENTRIES). The kiosk figures need
 * the jifen program, named by the first argument (`make bench` gives it),
 * and sqlite3 on the PATH; without either they say so and are skipped. Files go to a
 * fresh directory under $TMPDIR (or /tmp) and are removed at exit. The
 * exit status is 0 even when a goal is missed (MISS): timings are noisy;
 * it is 1 only if the benchmark cannot run.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <qrencode.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "fill_checks.h"
#include "catalog.h"
#include "clock.h"
#include "ledger.h"
#include "member.h"
#include "qr.h"
#include "settings.h"
#include "vcode.h"
#include "voucher.h"

/* Every write needs an actor (actor.h): the bench is a shell user. */
enum jf_status
act(struct ledger *lg)
{
	struct actor a;

	actor_shell(&a, "bench");
	ledger_act_as(lg, &a);
	return JF_OK;
}

#define SMALL_ENTRIES 10000
#define LOTS_PER_MEMBER 10 /* the same shape in both ledgers: only the size differs */
#define OPEN_LOTS 10 /* balance ledgers: each member's newest lots, still open, in both */
#define LOT_POINTS 10
#define CARD_BASE 80000000 /* member i has card CARD_BASE + i: eight digits */
#define LOOKUPS 2000
#define LOOKUP_ROUNDS 10   /* small and large alternate, so drift hits both alike */
#define POSTING_ROUNDS 100 /* short rounds, alternating: a burst of load elsewhere hits both sides */
#define POSTING_WARMUP 1200 /* > 1000 WAL frames: past the first checkpoint */
#define GOAL_POSTINGS 0.6
#define GOAL_LOOKUP 1.5
#define GOAL_EXPIRY 3.0
#define ISSUES 1000         /* vouchers issued through the core, after the warm-up */
#define ISSUE_WARMUP 200    /* past the first WAL checkpoint, as for postings */
#define ISSUE_ROUNDS 50
#define QR_ENCODES 4000     /* bare encodes per voucher figure's baseline */
#define CHECKS 400000       /* vcode_check calls per kind of code */
#define CHECK_ROUNDS 20
#define CHECK_CODES 1000    /* distinct codes checked in turn */
#define REDEEMS 500
#define REDEEM_ROUNDS 10
#define GOAL_REDEEM 1.5
#define KIOSK_RUNS 30       /* kiosk start-ups, and as many sqlite3 opens, alternating */
#define GOAL_KIOSK_START 2.0 /* start-up to the first screen within 2x sqlite3 opening the file */
#define GOAL_KIOSK_RSS_MB 16.0 /* the kiosk's peak RSS: a small machine runs it for days */
#define BENCH_NOW "2026-06-01T10:00:00+08:00"

static char workdir[PATH_SIZE - 16]; /* room for "/name.db" */
struct settings cfg;
static pid_t bench_pid;

/* ---- plumbing ---- */

double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void __attribute__((noreturn))
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

	/* The busy day's desks are forked: only the bench itself cleans up. */
	if (getpid() != bench_pid || workdir[0] == '\0' || (dir = opendir(workdir)) == NULL)
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
					   "expiry.db", "update.db", "issue.db", "vsmall.db",
					   "vlarge.db", "start.keys", "start.txt", "start.err",
					   "day.db", "dayraw.db" };
static const char *const side_files[] = { "", "-wal", "-shm", "-journal", ".key" };
#define SCRATCH_FILES (sizeof bench_files / sizeof bench_files[0] * \
		       (sizeof side_files / sizeof side_files[0]))
static char scratch[SCRATCH_FILES][PATH_SIZE];

static void
on_signal(int sig)
{
	for (size_t i = 0; i < SCRATCH_FILES && getpid() == bench_pid; i++)
		unlink(scratch[i]);
	if (getpid() == bench_pid)
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

void
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

const char *
verdict(int ok)
{
	return ok ? "PASS" : "MISS";
}

/* ---- raw SQLite, for baselines and for filling ledgers ---- */

sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	return db;
}

void
raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg ? msg : "failed");
}

sqlite3_stmt *
raw_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	return st;
}

void
raw_step_done(sqlite3 *db, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die("raw statement", sqlite3_errmsg(db));
	sqlite3_reset(st);
}

/* The pragmas db_open() sets on every ledger connection. */
void
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
	if (ledger_create(&lg, path, &cfg, &err) != JF_OK || act(&lg) != JF_OK ||
	    member_add(&lg, &m, &err) != JF_OK)
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
	unsigned char key[VCODE_KEY_LEN]; /* the voucher key, for short codes */
	int64_t base;   /* member accounts start after this id */
	int64_t issued; /* the system:issued:points account */
	const char *today;
	int64_t item;   /* the vouchers' catalog item */
	int64_t members;  /* balance ledgers: how many members share the grants */
	int64_t grants;   /* balance ledgers: grants per member */
	int64_t redeemed; /* the system:redeemed:points account */
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
	bind_named(st, ":item", f->item);
	bind_named(st, ":points", VOUCHER_POINTS);
	bind_named(st, ":exp", clock_now() + cfg.voucher_days * 86400);
	bind_named(st, ":members", f->members);
	bind_named(st, ":grants", f->grants);
	bind_named(st, ":open", OPEN_LOTS);
	bind_named(st, ":redeemed", f->redeemed);
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
	struct fill f = { .today = today };
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
 * the last member's balance reads back through the core as its open lots,
 * worth points, all of them available and none held. */
static void
check_fill(struct ledger *lg, long members, int64_t points)
{
	struct balance b;
	struct jf_error err;
	char card[24];

	snprintf(card, sizeof card, "%ld", CARD_BASE + members);
	if (ledger_balance(lg, card, &b, &err) != JF_OK)
		die("ledger_balance on the filled ledger", err.message);
	if (b.total[KIND_POINTS] != points || b.available[KIND_POINTS] != points ||
	    b.held[KIND_POINTS] != 0)
		die("the filled ledger", "balances do not match the lots written");
	balance_done(&b);
}

/* check_fill on the ledger at path, filled by fill_ledger. */
static void
check_filled(const char *path, long members)
{
	struct ledger lg;
	struct jf_error err;

	if (ledger_open(&lg, path, &cfg, &err) != JF_OK || act(&lg) != JF_OK)
		die("opening the filled ledger", err.message);
	check_fill(&lg, members, LOTS_PER_MEMBER * LOT_POINTS);
	ledger_close(&lg);
}

/* ---- filling a ledger with a history, for balance lookups ---- */

/*
 * Grant i (1..:n, :n = :members * :grants) goes to member (i - 1) % :members
 * + 1: a member's grants are spread over the whole history, as its visits
 * are. Its rank counts back from the member's newest grant (rank 0); the
 * :open newest lots are still open, the older ones were spent. A lot's
 * expiry date depends only on its member and rank, so the open lots, all
 * that a balance reads, are the same in every such ledger. Lot i is the
 * lot of grant i.
 */
#define HISTORY_MEMBER(i) "((" i " - 1) % :members + 1)"
#define HISTORY_ACCOUNT(i) "(:base + 2 * " HISTORY_MEMBER(i) " - 1)"
#define HISTORY_RANK(i) "(:grants - 1 - (" i " - 1) / :members)"
#define SPENT_POINTS "((:grants - :open) * 10)" /* what each member redeemed */
#define REDEEM_ENTRY(m) "(:members * :grants + " m ")" /* after every grant */

static const char sql_history_accounts[] =
	"INSERT INTO account(id, name, kind, member_id, balance) "
	"SELECT :base + 2 * id - 1, 'member:' || card || ':points', 0, id, :open * 10 FROM member";
static const char sql_history_lines[] =
	"WITH RECURSIVE n(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM n WHERE j < 2 * :n) "
	"INSERT INTO line(entry_id, seq, account_id, amount) "
	"SELECT (j + 1) / 2, 1 - j % 2, CASE j % 2 WHEN 1 THEN " HISTORY_ACCOUNT("(j + 1) / 2")
	" ELSE :issued END, CASE j % 2 WHEN 1 THEN 10 ELSE -10 END FROM n";
static const char sql_history_lots[] =
	SERIES "INSERT INTO lot(id, account_id, entry_id, amount, remaining, expires_on, "
	"available_on) SELECT i, " HISTORY_ACCOUNT("i") ", i, 10, "
	"CASE WHEN " HISTORY_RANK("i") " < :open THEN 10 ELSE 0 END, "
	"date(:today, '+' || (1 + ((" HISTORY_MEMBER("i") " * :open + " HISTORY_RANK("i")
	") * 7919) % 365) || ' days'), :today FROM n";

/* Member m (1..:n) spent its older lots in one redemption, with the rows
 * ledger_hold then ledger_hold_post write for key "bench-redeem-m": the
 * hold, posted, and its idem key; the redeem entry and its two lines (the
 * member's debit, then system:redeemed); the lots it consumed (lot_use),
 * emptied above; the redeemed account's balance. */
static const char sql_redeem_holds[] =
	SERIES "INSERT INTO hold(id, account_id, amount, state, ref, memo, created_at, "
	"expires_at, settled_at, entry_id) SELECT i, :base + 2 * i - 1, " SPENT_POINTS ", 1, "
	"'hold:bench-redeem-' || i, 'bench', :ts, 0, :ts, " REDEEM_ENTRY("i") " FROM n";
static const char sql_redeem_keys[] =
	SERIES "INSERT INTO idem(key, request, entry_id, result, extra, created_at) "
	"SELECT 'hold:bench-redeem-' || i, randomblob(32), i, " SPENT_POINTS ", 0, :ts FROM n";
static const char sql_redeem_entries[] =
	SERIES "INSERT INTO entry(id, ts, type, ref, memo, prev_hash, hash) "
	"SELECT " REDEEM_ENTRY("i") ", :ts, 'redeem', 'post:hold:bench-redeem-' || i, 'bench', "
	"randomblob(32), randomblob(32) FROM n";
static const char sql_redeem_lines[] =
	"WITH RECURSIVE n(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM n WHERE j < 2 * :n) "
	"INSERT INTO line(entry_id, seq, account_id, amount) "
	"SELECT " REDEEM_ENTRY("(j + 1) / 2") ", 1 - j % 2, "
	"CASE j % 2 WHEN 1 THEN :base + 2 * ((j + 1) / 2) - 1 ELSE :redeemed END, "
	"CASE j % 2 WHEN 1 THEN -" SPENT_POINTS " ELSE " SPENT_POINTS " END FROM n";
/* :n = the spent lots, 1..(:grants - :open) * :members: the oldest grants. */
static const char sql_redeem_uses[] =
	SERIES "INSERT INTO lot_use(entry_id, lot_id, amount) "
	"SELECT " REDEEM_ENTRY(HISTORY_MEMBER("i")) ", i, 10 FROM n";
static const char sql_redeemed[] =
	"UPDATE account SET balance = :n * " SPENT_POINTS " WHERE id = :redeemed";


static void
check_invariants(sqlite3 *db)
{
	for (size_t i = 0; i < fill_check_count; i++)
		if (raw_int(db, fill_checks[i].sql) != 0)
			die("the filled ledger", fill_checks[i].what);
}

/* A new ledger through the core, then members members with grants keyed
 * grants of 10 points each, of which the OPEN_LOTS newest are open and the
 * older ones spent by one redemption per member, in one transaction;
 * verify's invariants are checked before it is committed. */
static void
fill_history(const char *path, long members, long grants, const char *today)
{
	struct fill f = { .today = today, .members = members, .grants = grants };
	long spent = grants - OPEN_LOTS;
	struct ledger lg;
	struct jf_error err;
	sqlite3 *db;

	if (ledger_create(&lg, path, &cfg, &err) != JF_OK)
		die("creating a ledger", err.message);
	ledger_close(&lg);
	db = raw_open(path);
	raw_exec(db, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN");
	f.base = raw_int(db, "SELECT max(id) FROM account");
	f.issued = raw_int(db, "SELECT id FROM account WHERE name = 'system:issued:points'");
	f.redeemed = raw_int(db, "SELECT id FROM account WHERE name = 'system:redeemed:points'");
	run_fill(db, sql_members, members, &f);
	run_fill(db, sql_history_accounts, members, &f);
	run_fill(db, sql_green_accounts, members, &f);
	run_fill(db, sql_entries, members * grants, &f);
	run_fill(db, sql_history_lines, members * grants, &f);
	run_fill(db, sql_history_lots, members * grants, &f);
	run_fill(db, sql_idem, members * grants, &f);
	run_fill(db, sql_issued, members * grants, &f);
	if (spent > 0) {
		run_fill(db, sql_redeem_holds, members, &f);
		run_fill(db, sql_redeem_keys, members, &f);
		run_fill(db, sql_redeem_entries, members, &f);
		run_fill(db, sql_redeem_lines, members, &f);
		run_fill(db, sql_redeem_uses, spent * members, &f);
		run_fill(db, sql_redeemed, members, &f);
	}
	check_invariants(db);
	raw_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);");
	sqlite3_close(db);
}

/* A ledger and the files beside it, once measured: the scratch disk need
 * not hold every ledger of the run at once. */
void
remove_ledger(const char *path)
{
	char name[PATH_SIZE + 16];

	for (size_t j = 0; j < sizeof side_files / sizeof side_files[0]; j++) {
		snprintf(name, sizeof name, "%s%s", path, side_files[j]);
		unlink(name);
	}
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

int
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

/* The same members in both ledgers, small with grants_small grants each
 * and large with grants_large: only their history differs. */
static void
bench_lookups(const char *small_path, long grants_small, const char *large_path,
	      long grants_large, long members)
{
	static double t_small[LOOKUPS], t_large[LOOKUPS], warm[LOOKUPS / LOOKUP_ROUNDS];
	struct ledger s, l;
	struct jf_error err;
	int per = LOOKUPS / LOOKUP_ROUNDS;
	double m_small, m_large;

	if (ledger_open(&s, small_path, &cfg, &err) != JF_OK || act(&s) != JF_OK ||
	    ledger_open(&l, large_path, &cfg, &err) != JF_OK || act(&l) != JF_OK)
		die("opening the filled ledgers", err.message);
	check_fill(&s, members, OPEN_LOTS * LOT_POINTS);
	check_fill(&l, members, OPEN_LOTS * LOT_POINTS);
	fprintf(stderr, "bench: %d balance lookups in each ledger...\n", LOOKUPS);
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
	printf("balance lookup (median of %d): %ld entries %.1f us vs %ld entries %.1f us"
	       " = %.2f (goal <= %.1f) %s\n", LOOKUPS, members * grants_large, m_large,
	       members * grants_small, m_small, m_large / m_small, GOAL_LOOKUP,
	       verdict(m_large / m_small <= GOAL_LOOKUP));
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

	if (ledger_open(&lg, path, &cfg, &err) != JF_OK || act(&lg) != JF_OK)
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

/* ---- the kiosk: start-up to the first screen, and memory ---- */

/* One run of a program: its wall time (spawn to reaped), exit status and
 * peak RSS in KiB. */
struct run {
	double seconds;
	int status;
	long maxrss_kb;
};

/*
 * The programs are started by a launcher, a process forked from the bench
 * before it fills any ledger. A child's ru_maxrss includes the peak RSS of
 * the process it was spawned from (Linux folds the old memory's peak into
 * it at exec): spawned from the bench itself, which has filled a ledger
 * with a cache of 256 MB, every child would "use" 300 MB. The launcher
 * stays as small as the bench was when it forked, below both programs.
 */
static struct {
	pid_t pid;
	int req, res; /* pipes: a program's number to it, a struct run back */
} launcher = { -1, -1, -1 };

/* Start a program with stdin and stdout on /dev/null and stderr to
 * err_path, and wait for it. Returns 0 if it could not start. */
static int
run_program(char *const argv[], char *const envp[], const char *err_path, struct run *out)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	pid_t pid;
	int wstatus, rc;
	double t0;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	t0 = seconds();
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return 0;
	/* wait4, not RUSAGE_CHILDREN: the peak of this child alone */
	while (wait4(pid, &wstatus, 0, &ru) < 0)
		if (errno != EINTR)
			return 0;
	out->seconds = seconds() - t0;
	out->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	out->maxrss_kb = ru.ru_maxrss;
	return 1;
}

/* The launcher's loop: run program n of progs for each n read; a run with
 * status -1 says it could not start. */
static void __attribute__((noreturn))
launcher_loop(char *const *const progs[], char *const envp[], const char *err_path)
{
	unsigned char n;
	struct run r;

	while (read(launcher.req, &n, 1) == 1) {
		memset(&r, 0, sizeof r);
		if (!run_program(progs[n], envp, err_path, &r))
			r.status = -1;
		if (write(launcher.res, &r, sizeof r) != (ssize_t)sizeof r)
			break;
	}
	_exit(0);
}

static void
launcher_start(char *const *const progs[], char *const envp[], const char *err_path)
{
	int req[2], res[2];

	if (pipe(req) != 0 || pipe(res) != 0)
		die("pipe", strerror(errno));
	fflush(NULL); /* nothing buffered twice */
	launcher.pid = fork();
	if (launcher.pid < 0)
		die("fork", strerror(errno));
	if (launcher.pid == 0) {
		close(req[1]);
		close(res[0]);
		launcher.req = req[0];
		launcher.res = res[1];
		launcher_loop(progs, envp, err_path);
	}
	close(req[0]);
	close(res[1]);
	launcher.req = req[1];
	launcher.res = res[0];
}

/* Run program n of the launcher's; 0 if it could not start. */
static int
launch(unsigned char n, struct run *out)
{
	if (write(launcher.req, &n, 1) != 1 || read(launcher.res, out, sizeof *out) != (ssize_t)sizeof *out)
		die("the launcher", "does not answer");
	return out->status != -1;
}

static void
launcher_stop(void)
{
	if (launcher.pid <= 0)
		return;
	close(launcher.req);
	close(launcher.res);
	waitpid(launcher.pid, NULL, 0);
	launcher.pid = -1;
}

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0)
		die(path, "cannot write it");
}

/* The first run of each: it must work, and the kiosk must have drawn its
 * first screen, or the figures would time a failure. */
static void
check_first_runs(const struct run *k, const struct run *q, const char *screen,
		 const char *err_path)
{
	char line[512] = "", text[4096] = "";
	FILE *f;
	size_t n = 0;

	if (k->status != 0 || q->status != 0) {
		if ((f = fopen(err_path, "r")) != NULL) {
			if (fgets(line, sizeof line, f) == NULL)
				line[0] = '\0';
			fclose(f);
		}
		fprintf(stderr, "bench: kiosk status %d, sqlite3 status %d: %s\n", k->status,
			q->status, line);
		die("kiosk start-up", "a run failed");
	}
	if ((f = fopen(screen, "r")) != NULL) {
		n = fread(text, 1, sizeof text - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	if (strstr(text, "Scan your member card") == NULL)
		die("kiosk start-up", "the kiosk did not save its first screen");
}

/* What the kiosk figures run, all made before the launcher forks. */
enum { PROG_KIOSK, PROG_SQLITE };
static char kiosk_ledger[PATH_SIZE], kiosk_script[PATH_SIZE], kiosk_screen[PATH_SIZE],
	kiosk_err[PATH_SIZE];
static char *kiosk_envp[] = { "LC_ALL=C.UTF-8", "TZ=Asia/Shanghai", "JIFEN_NOW=" BENCH_NOW, NULL };
static char *kiosk_argv[] = { NULL, "--db", kiosk_ledger, "kiosk", "--script", kiosk_script,
			      NULL };
/* sqlite3 is looked up on the bench's PATH; the children get only kiosk_envp. */
static char *sqlite_argv[] = { "sqlite3", kiosk_ledger, "select count(*) from sqlite_master",
			       NULL };
static char *const *const programs[] = { [PROG_KIOSK] = kiosk_argv, [PROG_SQLITE] = sqlite_argv };

/* The kiosk's script (save the first screen, quit) and the launcher, while
 * the bench is still small. ledger is where the expiry ledger will be. */
static void
kiosk_prepare(const char *jifen, const char *ledger)
{
	char text[PATH_SIZE + 32];

	snprintf(kiosk_ledger, sizeof kiosk_ledger, "%s", ledger);
	file_path("start.keys", kiosk_script, sizeof kiosk_script);
	file_path("start.txt", kiosk_screen, sizeof kiosk_screen);
	file_path("start.err", kiosk_err, sizeof kiosk_err);
	snprintf(text, sizeof text, "save %s\nquit\n", kiosk_screen);
	write_text(kiosk_script, text);
	kiosk_argv[0] = (char *)jifen;
	launcher_start(programs, kiosk_envp, kiosk_err);
}

static void
bench_kiosk(long entries)
{
	static double t_kiosk[KIOSK_RUNS], t_sqlite[KIOSK_RUNS];
	struct run k, q;
	long rss_kiosk = 0, rss_sqlite = 0;
	double m_kiosk, m_sqlite, mb_kiosk, mb_sqlite;

	if (launcher.pid <= 0) {
		printf("kiosk start-up: skipped (give the jifen program as the argument)\n");
		return;
	}
	if (!launch(PROG_SQLITE, &q)) {
		printf("kiosk start-up: skipped (no sqlite3 to compare with)\n");
		launcher_stop();
		return;
	}
	if (!launch(PROG_KIOSK, &k))
		die(kiosk_argv[0], "cannot run it");
	check_first_runs(&k, &q, kiosk_screen, kiosk_err);
	fprintf(stderr, "bench: %d kiosk start-ups and %d sqlite3 opens of the same ledger...\n",
		KIOSK_RUNS, KIOSK_RUNS);
	for (int i = 0; i < KIOSK_RUNS; i++) {
		if (!launch(PROG_KIOSK, &k) || k.status != 0 || !launch(PROG_SQLITE, &q) ||
		    q.status != 0)
			die("kiosk start-up", "a run failed");
		t_kiosk[i] = k.seconds;
		t_sqlite[i] = q.seconds;
		rss_kiosk = k.maxrss_kb > rss_kiosk ? k.maxrss_kb : rss_kiosk;
		rss_sqlite = q.maxrss_kb > rss_sqlite ? q.maxrss_kb : rss_sqlite;
	}
	launcher_stop();
	m_kiosk = median(t_kiosk, KIOSK_RUNS) * 1e3;
	m_sqlite = median(t_sqlite, KIOSK_RUNS) * 1e3;
	printf("kiosk start-up to first screen (median of %d, %ld entries): %.1f ms vs sqlite3"
	       " opening the file %.1f ms = %.2f (goal <= %.1f) %s\n", KIOSK_RUNS, entries, m_kiosk,
	       m_sqlite, m_kiosk / m_sqlite, GOAL_KIOSK_START,
	       verdict(m_kiosk / m_sqlite <= GOAL_KIOSK_START));
	mb_kiosk = (double)rss_kiosk / 1024;
	mb_sqlite = (double)rss_sqlite / 1024;
	printf("kiosk peak RSS: %.1f MB vs sqlite3 opening the file %.1f MB = %.2f"
	       " (goal <= %.0f MB) %s\n", mb_kiosk, mb_sqlite, mb_kiosk / mb_sqlite,
	       GOAL_KIOSK_RSS_MB, verdict(mb_kiosk <= GOAL_KIOSK_RSS_MB));
	fflush(stdout);
}

/* ---- vouchers: issuing, checking codes ---- */

#define TEXT_OF(x) #x
#define NUMBER_TEXT(x) TEXT_OF(x)

/* The one item every voucher is for, imported through the core like a real catalog. */
static const char bench_catalog[] =
	"sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,"
	"active_from,active_until,new_until\n"
	BENCH_SKU ",Bench prize,Bench prize,bench,goods," NUMBER_TEXT(VOUCHER_POINTS)
	",,,,1000000000,0,,,\n";
static const char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void
import_item(struct ledger *lg)
{
	struct import_report r;
	struct jf_error err;
	enum jf_status st = catalog_import_text(lg, bench_catalog, strlen(bench_catalog), &r, &err);

	if (st != JF_OK || r.inserted != 1)
		die("importing the bench catalog", st != JF_OK ? err.message : "no item inserted");
	import_report_done(&r);
}

/* The voucher key the core made beside a ledger: the bench makes codes with it. */
static void
read_key(const char *ledger_path, unsigned char key[VCODE_KEY_LEN])
{
	char path[PATH_SIZE + 8];
	int fd;

	snprintf(path, sizeof path, "%s.key", ledger_path);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, key, VCODE_KEY_LEN) != VCODE_KEY_LEN)
		die(path, "cannot read the voucher key");
	close(fd);
}

/* A text shaped like a full code: "JF1" and 36 random base32 characters. */
static void
code_shaped_text(char out[VCODE_FULL_LEN + 1])
{
	memcpy(out, "JF1", 3);
	for (int i = 3; i < VCODE_FULL_LEN; i++)
		out[i] = base32[rng_next() % 32];
	out[VCODE_FULL_LEN] = '\0';
}

/* The baseline of the voucher figures: libqrencode alone, as qr_encode calls it. */
static double
time_qr_encodes(const char *text, long count)
{
	QRcode *code;
	double t0 = seconds();

	for (long i = 0; i < count; i++) {
		if ((code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) == NULL)
			die("QRcode_encodeString", "cannot encode");
		QRcode_free(code);
	}
	return seconds() - t0;
}

/* What the kiosk does for "redeem": issue, then draw the code. */
static double
time_issues(struct ledger *lg, long count)
{
	struct voucher v;
	struct qr_matrix m;
	struct jf_error err;
	char *text;
	double t0 = seconds();

	for (long i = 0; i < count; i++) {
		if (voucher_issue(lg, "10000001", BENCH_SKU, 1, NULL, &v, &err) != JF_OK)
			die("voucher_issue", err.message);
		if (qr_encode(v.code, &m, &err) != JF_OK)
			die("qr_encode", err.message);
		text = qr_render_halfblocks(&m, 0);
		free(text);
		qr_matrix_done(&m);
	}
	return seconds() - t0;
}

/* Every voucher held VOUCHER_POINTS: the member's points are all held now. */
static void
check_issued(struct ledger *lg, int64_t points)
{
	struct balance b;
	struct jf_error err;

	if (ledger_balance(lg, "10000001", &b, &err) != JF_OK)
		die("ledger_balance after issuing", err.message);
	if (b.held[KIND_POINTS] != points || b.available[KIND_POINTS] != 0)
		die("issuing vouchers", "the points held do not match the vouchers issued");
	balance_done(&b);
}

static void
bench_issues(const char *path)
{
	struct member_new m = { "10000001", "Bench Member", NULL, NULL, NULL };
	struct grant_request g = { "10000001", 0, KIND_POINTS, "bench", "bench-points" };
	struct ledger_result res;
	struct ledger lg;
	struct jf_error err;
	char text[VCODE_FULL_LEN + 1];
	long per = ISSUES / ISSUE_ROUNDS, qr_per = QR_ENCODES / ISSUE_ROUNDS;
	double t_issue = 0, t_qr = 0, issue_rate, qr_rate;

	/* Exactly enough points for every voucher, so a wrong hold cannot go unnoticed. */
	g.points = (ISSUE_WARMUP + per * ISSUE_ROUNDS) * VOUCHER_POINTS;
	if (ledger_create(&lg, path, &cfg, &err) != JF_OK || act(&lg) != JF_OK ||
	    member_add(&lg, &m, &err) != JF_OK ||
	    ledger_grant(&lg, &g, &res, &err) != JF_OK)
		die("creating the vouchers ledger", err.message);
	import_item(&lg);
	code_shaped_text(text);
	fprintf(stderr, "bench: %ld vouchers issued and drawn, %ld bare QR encodes...\n",
		per * ISSUE_ROUNDS, qr_per * ISSUE_ROUNDS);
	time_issues(&lg, ISSUE_WARMUP);
	time_qr_encodes(text, qr_per);
	for (int r = 0; r < ISSUE_ROUNDS; r++) {
		t_issue += time_issues(&lg, per);
		t_qr += time_qr_encodes(text, qr_per);
	}
	check_issued(&lg, g.points);
	ledger_close(&lg);
	issue_rate = (double)(per * ISSUE_ROUNDS) / t_issue;
	qr_rate = (double)(qr_per * ISSUE_ROUNDS) / t_qr;
	printf("voucher issues/s (issue + QR drawn): %.0f vs bare QR encode %.0f = %.4f"
	       " (goal: informational)\n", issue_rate, qr_rate, issue_rate / qr_rate);
	fflush(stdout);
}

/* Check count codes in turn; genuine ones must give back their ids, forged
 * ones (ids NULL) must be refused. */
static double
time_checks(const unsigned char key[VCODE_KEY_LEN], char (*codes)[VCODE_FULL_LEN + 1],
	    const int64_t *ids, long count)
{
	enum jf_status st;
	int64_t id;
	double t0 = seconds();

	for (long i = 0; i < count; i++) {
		st = vcode_check(key, codes[i % CHECK_CODES], &id);
		if (ids != NULL && (st != JF_OK || id != ids[i % CHECK_CODES]))
			die("vcode_check", "refused a genuine code");
		if (ids == NULL && st != JF_NOTFOUND)
			die("vcode_check", "accepted a forged code");
	}
	return seconds() - t0;
}

/* Genuine codes of random ids under key, and the same codes with one
 * character changed: inside the id and MAC, not in the last character,
 * whose low bits are padding that decoding refuses before any MAC. */
static void
make_codes(const unsigned char key[VCODE_KEY_LEN], char (*genuine)[VCODE_FULL_LEN + 1],
	   int64_t *ids, char (*forged)[VCODE_FULL_LEN + 1])
{
	const char *c;
	int at;

	for (int i = 0; i < CHECK_CODES; i++) {
		ids[i] = 1 + (int64_t)(rng_next() % (uint64_t)VCODE_ID_MAX);
		vcode_make(key, ids[i], genuine[i]);
		memcpy(forged[i], genuine[i], sizeof forged[i]);
		at = 3 + i % (VCODE_FULL_LEN - 4);
		c = strchr(base32, forged[i][at]);
		forged[i][at] = base32[(c - base32 + 1 + (long)(rng_next() % 31)) % 32];
	}
}

static void
bench_checks(const char *path)
{
	static char genuine[CHECK_CODES][VCODE_FULL_LEN + 1], forged[CHECK_CODES][VCODE_FULL_LEN + 1];
	static int64_t ids[CHECK_CODES];
	unsigned char key[VCODE_KEY_LEN];
	char text[VCODE_FULL_LEN + 1];
	long per = CHECKS / CHECK_ROUNDS, qr_per = QR_ENCODES / CHECK_ROUNDS;
	double t_genuine = 0, t_forged = 0, t_qr = 0, qr_rate, rate;

	read_key(path, key);
	make_codes(key, genuine, ids, forged);
	code_shaped_text(text);
	fprintf(stderr, "bench: %ld genuine and %ld forged codes checked, %ld bare QR encodes...\n",
		per * CHECK_ROUNDS, per * CHECK_ROUNDS, qr_per * CHECK_ROUNDS);
	time_checks(key, genuine, ids, per);
	time_qr_encodes(text, qr_per);
	for (int r = 0; r < CHECK_ROUNDS; r++) {
		t_genuine += time_checks(key, genuine, ids, per);
		t_forged += time_checks(key, forged, NULL, per);
		t_qr += time_qr_encodes(text, qr_per);
	}
	qr_rate = (double)(qr_per * CHECK_ROUNDS) / t_qr;
	rate = (double)(per * CHECK_ROUNDS) / t_genuine;
	printf("voucher checks/s, genuine codes: %.0f vs bare QR encode %.0f = %.1f"
	       " (goal: informational)\n", rate, qr_rate, rate / qr_rate);
	rate = (double)(per * CHECK_ROUNDS) / t_forged;
	printf("voucher checks/s, forged codes: %.0f vs bare QR encode %.0f = %.1f"
	       " (goal: informational)\n", rate, qr_rate, rate / qr_rate);
	fflush(stdout);
}

/* ---- vouchers: redeeming in a large ledger ---- */

/* Voucher i (1..:n) holds VOUCHER_POINTS of the account that owns lot i, as
 * voucher_issue would with key "bench-i": a pending hold, its idem key and
 * the voucher's, then (below) the held sums and the stock. Hold and voucher
 * share their ids here; nothing measured relies on it. */
static const char sql_holds[] =
	SERIES "INSERT INTO hold(id, account_id, amount, state, ref, memo, created_at, expires_at) "
	"SELECT i, " MEMBER_ACCOUNT("i") ", :points, 0, 'hold:voucher-bench-' || i, '" BENCH_SKU
	"', :ts, :exp FROM n";
static const char sql_hold_keys[] =
	SERIES "INSERT INTO idem(key, request, entry_id, result, extra, created_at) "
	"SELECT 'hold:voucher-bench-' || i, randomblob(32), i, :points, 0, :ts FROM n";
static const char sql_voucher_keys[] =
	SERIES "INSERT INTO idem(key, request, entry_id, result, extra, created_at) "
	"SELECT 'voucher:bench-' || i, randomblob(32), i, :points, 0, :ts FROM n";
static const char sql_held[] =
	"UPDATE account SET held = :per * :points WHERE member_id IS NOT NULL AND kind = 0";
static const char sql_stock[] = "UPDATE item SET stock = stock - :n WHERE id = :item";

/* The short code the core gives voucher id under key (vcode.h): its first
 * attempt in the alphabet at or after *attempt, which a clash moves on. */
static void
short_code_new(const unsigned char key[VCODE_KEY_LEN], int64_t id, int *attempt,
	       char out[VCODE_SHORT_LEN + 1])
{
	while (*attempt < VCODE_SHORT_ATTEMPTS && !vcode_short_make(key, id, *attempt, out))
		++*attempt;
	if (*attempt == VCODE_SHORT_ATTEMPTS)
		die("a short code", "no attempt left");
}

/* The vouchers themselves, from C, one statement per row: short codes must be unique. */
static void
insert_vouchers(sqlite3 *db, long n, const struct fill *f)
{
	sqlite3_stmt *st = raw_prepare(db,
		"INSERT INTO voucher(id, short, member_id, item_id, qty, points, hold_id, "
		"issued_at, expires_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?1, ?6, ?7)");
	char short_code[VCODE_SHORT_LEN + 1];
	int64_t now = clock_now();
	int rc, attempt;

	for (long i = 1; i <= n; i++) {
		/* 40 bits: among 10^6 codes a clash is likely; the next attempt, as the core does. */
		attempt = 0;
		do {
			short_code_new(f->key, i, &attempt, short_code);
			attempt++;
			sqlite3_bind_int64(st, 1, i);
			sqlite3_bind_text(st, 2, short_code, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 3, (i - 1) / LOTS_PER_MEMBER + 1);
			sqlite3_bind_int64(st, 4, f->item);
			sqlite3_bind_int64(st, 5, VOUCHER_POINTS);
			sqlite3_bind_int64(st, 6, now);
			sqlite3_bind_int64(st, 7, now + cfg.voucher_days * 86400);
			rc = sqlite3_step(st);
			sqlite3_reset(st);
		} while (rc == SQLITE_CONSTRAINT);
		if (rc != SQLITE_DONE)
			die("inserting vouchers", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
}

/* A filled ledger (one lot per voucher to be) with its item imported by the
 * core, then n issued vouchers, one per lot, in one transaction. */
static void
fill_vouchers(const char *path, long n, const char *today)
{
	struct fill f = { .today = today };
	struct ledger lg;
	struct jf_error err;
	sqlite3 *db;

	fill_ledger(path, n, today);
	read_key(path, f.key);
	if (ledger_open(&lg, path, &cfg, &err) != JF_OK || act(&lg) != JF_OK)
		die("opening a filled ledger", err.message);
	import_item(&lg);
	ledger_close(&lg);
	db = raw_open(path);
	raw_exec(db, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN");
	f.base = raw_int(db, "SELECT min(id) - 1 FROM account WHERE member_id IS NOT NULL");
	f.item = raw_int(db, "SELECT id FROM item WHERE sku = '" BENCH_SKU "'");
	run_fill(db, sql_holds, n, &f);
	run_fill(db, sql_hold_keys, n, &f);
	run_fill(db, sql_voucher_keys, n, &f);
	insert_vouchers(db, n, &f);
	run_fill(db, sql_held, n, &f);
	run_fill(db, sql_stock, n, &f);
	raw_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);");
	sqlite3_close(db);
}

/* The filled vouchers must read back through the core as issued ones: by
 * full code and by short code, with the member's points held. */
static void
check_vouchers(struct ledger *lg, const unsigned char key[VCODE_KEY_LEN], long n)
{
	struct voucher v, w;
	struct balance b;
	struct jf_error err;
	char code[VCODE_FULL_LEN + 1], card[24];

	vcode_make(key, n, code);
	snprintf(card, sizeof card, "%ld", CARD_BASE + n / LOTS_PER_MEMBER);
	if (voucher_find(lg, code, &v, &err) != JF_OK ||
	    voucher_find(lg, v.short_code, &w, &err) != JF_OK ||
	    ledger_balance(lg, card, &b, &err) != JF_OK)
		die("the filled vouchers", err.message);
	if (v.id != n || w.id != n || v.state != VOUCHER_ISSUED || strcmp(v.card, card) != 0 ||
	    strcmp(v.sku, BENCH_SKU) != 0 || v.points != VOUCHER_POINTS ||
	    b.held[KIND_POINTS] != LOTS_PER_MEMBER * VOUCHER_POINTS ||
	    b.available[KIND_POINTS] != LOTS_PER_MEMBER * (LOT_POINTS - VOUCHER_POINTS))
		die("the filled vouchers", "do not read back as issued vouchers");
	balance_done(&b);
}

/* The cashier's scan of count random vouchers, each scanned once
 * (redeemed[] marks them): a second scan is a refusal, not a redemption. */
static void
time_redeems(struct ledger *lg, const unsigned char key[VCODE_KEY_LEN], long vouchers,
	     unsigned char *redeemed, double *out, int count)
{
	struct voucher v;
	struct jf_error err;
	char code[VCODE_FULL_LEN + 1];
	int64_t id;
	double t0;

	for (int i = 0; i < count; i++) {
		do
			id = 1 + (int64_t)(rng_next() % (uint64_t)vouchers);
		while (redeemed[id - 1]);
		redeemed[id - 1] = 1;
		vcode_make(key, id, code);
		t0 = seconds();
		if (voucher_redeem(lg, code, "bench", &v, &err) != JF_OK)
			die("voucher_redeem", err.message);
		out[i] = seconds() - t0;
		if (v.id != id || v.state != VOUCHER_REDEEMED)
			die("voucher_redeem", "did not redeem the voucher scanned");
	}
}

static void
bench_redeems(const char *small_path, long small, const char *large_path, long large)
{
	static double t_small[REDEEMS], t_large[REDEEMS], warm[REDEEMS / REDEEM_ROUNDS];
	unsigned char key_small[VCODE_KEY_LEN], key_large[VCODE_KEY_LEN];
	unsigned char *used_small = calloc((size_t)small, 1), *used_large = calloc((size_t)large, 1);
	struct ledger s, l;
	struct jf_error err;
	int per = REDEEMS / REDEEM_ROUNDS;
	double m_small, m_large;

	if (used_small == NULL || used_large == NULL)
		die("bench", "out of memory");
	/* At most half the small ledger's vouchers, warm-up included, so that a
	 * voucher not yet redeemed is always found quickly. */
	if (per * (REDEEM_ROUNDS + 1) > small / 2)
		per = (int)(small / 2) / (REDEEM_ROUNDS + 1);
	read_key(small_path, key_small);
	read_key(large_path, key_large);
	if (ledger_open(&s, small_path, &cfg, &err) != JF_OK || act(&s) != JF_OK ||
	    ledger_open(&l, large_path, &cfg, &err) != JF_OK || act(&l) != JF_OK)
		die("opening the voucher ledgers", err.message);
	check_vouchers(&s, key_small, small);
	check_vouchers(&l, key_large, large);
	fprintf(stderr, "bench: %d vouchers redeemed in each ledger...\n", per * REDEEM_ROUNDS);
	time_redeems(&s, key_small, small, used_small, warm, per);
	time_redeems(&l, key_large, large, used_large, warm, per);
	for (int r = 0; r < REDEEM_ROUNDS; r++) {
		time_redeems(&s, key_small, small, used_small, t_small + r * per, per);
		time_redeems(&l, key_large, large, used_large, t_large + r * per, per);
	}
	ledger_close(&s);
	ledger_close(&l);
	free(used_small);
	free(used_large);
	m_small = median(t_small, per * REDEEM_ROUNDS) * 1e6;
	m_large = median(t_large, per * REDEEM_ROUNDS) * 1e6;
	printf("voucher redeem (median of %d): %ld vouchers %.1f us vs %ld vouchers %.1f us"
	       " = %.2f (goal <= %.1f) %s\n", per * REDEEM_ROUNDS, large, m_large, small, m_small,
	       m_large / m_small, GOAL_REDEEM, verdict(m_large / m_small <= GOAL_REDEEM));
	fflush(stdout);
}

/* Is the figure called name to be measured (JIFEN_BENCH_ONLY)? */
static int
wanted(const char *name)
{
	const char *only = getenv("JIFEN_BENCH_ONLY"), *p;
	size_t len = strlen(name);

	if (only == NULL || *only == '\0')
		return 1;
	for (p = only; (p = strstr(p, name)) != NULL; p += len)
		if ((p == only || strchr(" ,", p[-1])) && (p[len] == '\0' || strchr(" ,", p[len])))
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	const char *jifen = argc > 1 ? argv[1] : NULL;
	long large = env_count("JIFEN_BENCH_ENTRIES", 1000000, 100);
	long postings = env_count("JIFEN_BENCH_POSTINGS", 2000, POSTING_ROUNDS);
	long day_ops = env_count("JIFEN_BENCH_DAY_OPS", 8000, 16);
	long small = large < SMALL_ENTRIES ? large : SMALL_ENTRIES, members;
	char small_path[PATH_SIZE], large_path[PATH_SIZE], today[CLOCK_DATE_LEN];
	int64_t start;
	double t0;

	/* Whole members only: every member holds exactly LOTS_PER_MEMBER lots. */
	large -= large % LOTS_PER_MEMBER;
	small -= small % LOTS_PER_MEMBER;
	/* The balance ledgers: the small one's members, OPEN_LOTS grants each. */
	members = small / OPEN_LOTS;
	snprintf(workdir, sizeof workdir, "%s/jifen-bench.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(workdir) == NULL)
		die(workdir, "cannot make a scratch directory");
	bench_pid = getpid();
	atexit(cleanup);
	catch_signals();
	settings_defaults(&cfg);
	/* A fixed date: lot dates, and so the work each query does, are the same every run. */
	if (clock_parse_iso(BENCH_NOW, &start) != JF_OK)
		die("clock", "cannot parse the start date");
	clock_set(start);
	clock_date_of(start, today);
	if (wanted("kiosk") && jifen != NULL) {
		file_path("expiry.db", large_path, sizeof large_path);
		kiosk_prepare(jifen, large_path);
	}

	if (wanted("postings"))
		bench_postings(postings);

	if (wanted("busyday"))
		bench_busyday(day_ops);

	if (wanted("games"))
		bench_games(postings, large, today);

	if (wanted("tiers"))
		bench_tiers(env_count("JIFEN_BENCH_MEMBERS", 1000000, 100));
	if (wanted("campaigns"))
		bench_campaigns(postings, today);

	if (wanted("lookups")) {
		fprintf(stderr, "bench: filling ledgers of %ld members with %ld and %ld entries...\n",
			members, small, members * (large / members));
		t0 = seconds();
		file_path("small.db", small_path, sizeof small_path);
		file_path("large.db", large_path, sizeof large_path);
		fill_history(small_path, members, small / members, today);
		fill_history(large_path, members, large / members, today);
		fprintf(stderr, "bench: filled and checked in %.1f s\n", seconds() - t0);
		bench_lookups(small_path, small / members, large_path, large / members, members);
		remove_ledger(small_path);
		remove_ledger(large_path);
	}

	/* Expiry: every lot open, LOTS_PER_MEMBER per member. The kiosk starts
	 * on the same ledger first, before its lots are expired. */
	if (wanted("expiry") || wanted("kiosk")) {
		fprintf(stderr, "bench: filling a ledger of %ld entries...\n", large);
		t0 = seconds();
		file_path("expiry.db", large_path, sizeof large_path);
		fill_ledger(large_path, large, today);
		check_filled(large_path, large / LOTS_PER_MEMBER);
		fprintf(stderr, "bench: filled in %.1f s\n", seconds() - t0);
		if (wanted("kiosk"))
			bench_kiosk(large);
		if (wanted("expiry"))
			bench_expiry(large_path, large, start + 400 * 86400LL);
		remove_ledger(large_path);
	}

	if (!wanted("vouchers"))
		return 0;
	/* Back to the start: the filled vouchers must not have expired. */
	clock_set(start);
	file_path("issue.db", small_path, sizeof small_path);
	bench_issues(small_path);
	bench_checks(small_path);
	fprintf(stderr, "bench: filling ledgers of %ld and %ld vouchers...\n", small, large);
	t0 = seconds();
	file_path("vsmall.db", small_path, sizeof small_path);
	file_path("vlarge.db", large_path, sizeof large_path);
	fill_vouchers(small_path, small, today);
	fill_vouchers(large_path, large, today);
	fprintf(stderr, "bench: filled in %.1f s\n", seconds() - t0);
	bench_redeems(small_path, small, large_path, large);
	return 0;
}
