/*
 * crash_test: a crash at any instant loses no acknowledged write and leaves
 * no half-written entry (DESIGN.md "Concurrency and durability").
 *
 * A writer process posts a stream of operations with known keys (grants,
 * green transfers, holds and their posts, earns with receipts "c-<n>") and
 * tells the parent about each one only after the core returned JF_OK. The
 * parent kills it with SIGKILL after a random delay, reopens the ledger and
 * checks: verify_ledger passes; every acknowledged operation is there (its
 * replay says replay = 1 with the first result); and nothing else is,
 * except the one operation that was in flight, whole or not at all. Then a
 * new writer resumes on the same file, retrying the unacknowledged
 * operation as a kiosk would.
 *
 * Every fourth round kills the writer inside an open write transaction
 * (several grants done in it, not committed): none of them may survive.
 *
 * JIFEN_CRASH_ROUNDS sets the number of kills (default 40), JIFEN_CRASH_SEED
 * the seed of the delays.
 *
 * On PostgreSQL (JIFEN_TEST_PG, stress_ledger_location()) the parent first
 * waits for the killed writer's session to end (the server may still be
 * committing what it sent). JIFEN_CRASH_SERVER, a shell command that
 * crashes the server as a power cut would and starts it again
 * (tests/pg/stress.sh gives `sh server.sh crash DIR`), is run right after
 * the kill of rounds 1, 5, 9..., so the server loses whatever it had not
 * made durable: the acknowledged writes must all be there all the same.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "ledger.h"
#include "settings.h"
#include "stress.h"
#include "verify.h"

/* Every write needs an actor (actor.h): these writers are a shell user. */
static void
act_as_tester(struct ledger *lg)
{
	struct actor a;

	actor_shell(&a, "tester");
	ledger_act_as(lg, &a);
}


#define NCARDS 4
#define MAX_DELAY_US 20000
/* An operation on PostgreSQL is a few round trips and a commit the server
 * syncs: tens of milliseconds, so the kills come later to land among them. */
#define MAX_DELAY_US_PG 150000
#define INNER_GRANTS 5 /* grants done inside the transaction that never commits */

static const char *const crash_cards[NCARDS] = { "70000001", "70000002", "70000003", "70000004" };

/* ---- the operations: all determined by n, so the parent can replay them ---- */

enum op_type { OP_GRANT, OP_TRANSFER, OP_HOLD_POST, OP_EARN };

static enum op_type
op_type(int64_t n)
{
	return (enum op_type)(n % 4);
}

static const char *
op_card(int64_t n)
{
	return crash_cards[(n / 4) % NCARDS];
}

/* The key the operation's idempotency record is stored under. */
static void
op_idem_key(int64_t n, char *out, size_t size)
{
	static const char *const prefix[] = { "grant:g", "transfer:t", "hold:h", "earn:c" };

	snprintf(out, size, "%s-%lld", prefix[op_type(n)], (long long)n);
}

static enum jf_status
op_grant(struct ledger *lg, int64_t n, struct ledger_result *res, struct jf_error *err)
{
	char key[32];
	struct grant_request r = { op_card(n), 1 + n % 50, (enum point_kind)((n / 4) % 2),
				   "crash test bonus", key };

	snprintf(key, sizeof key, "g-%lld", (long long)n);
	return ledger_grant(lg, &r, res, err);
}

static enum jf_status
op_transfer(struct ledger *lg, int64_t n, struct ledger_result *res, struct jf_error *err)
{
	char key[32];
	struct transfer_request r = { op_card(n), crash_cards[(n / 4 + 1) % NCARDS], 1 + n % 7,
				      KIND_GREEN, key };

	snprintf(key, sizeof key, "t-%lld", (long long)n);
	return ledger_transfer(lg, &r, res, err);
}

static enum jf_status
op_hold(struct ledger *lg, int64_t n, int64_t *hold_id, int *replay, struct jf_error *err)
{
	char key[32];
	struct hold_request r = { op_card(n), KIND_POINTS, 1 + n % 9, key, "crash voucher", 0 };

	snprintf(key, sizeof key, "h-%lld", (long long)n);
	return ledger_hold(lg, &r, hold_id, replay, err);
}

static enum jf_status
op_earn(struct ledger *lg, int64_t n, struct ledger_result *res, struct jf_error *err)
{
	char receipt[32];
	struct earn_request r = { op_card(n), 100 * (1 + n % 30), receipt, 0, NULL };

	snprintf(receipt, sizeof receipt, "c-%lld", (long long)n);
	return ledger_earn(lg, &r, res, err);
}

/* ---- the writer (child) ---- */

static void
report(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One write(2) per line: a line is in the pipe whole or not at all. */
static void
report(int fd, const char *fmt, ...)
{
	char line[128];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (write(fd, line, (size_t)len) != len)
		_exit(3);
}

static void
writer_fail(int fd, int64_t n, enum jf_status st, const struct jf_error *err)
{
	report(fd, "E %lld %d %.80s\n", (long long)n, (int)st, err->message);
	_exit(2);
}

static void
writer_op(struct ledger *lg, int fd, int64_t n)
{
	struct ledger_result res;
	struct jf_error err;
	enum jf_status st;
	int64_t hold_id = 0;
	int replay = 0;

	report(fd, "S %lld\n", (long long)n);
	switch (op_type(n)) {
	case OP_GRANT:
		st = op_grant(lg, n, &res, &err);
		break;
	case OP_TRANSFER:
		st = op_transfer(lg, n, &res, &err);
		break;
	case OP_EARN:
		st = op_earn(lg, n, &res, &err);
		break;
	case OP_HOLD_POST:
	default:
		if ((st = op_hold(lg, n, &hold_id, &replay, &err)) != JF_OK)
			writer_fail(fd, n, st, &err);
		report(fd, "H %lld %lld\n", (long long)n, (long long)hold_id);
		st = ledger_hold_post(lg, hold_id, &res, &err);
		break;
	}
	if (st != JF_OK)
		writer_fail(fd, n, st, &err);
	report(fd, "D %lld %lld\n", (long long)n, (long long)res.entry_id);
}

/* Grants inside an outer transaction that is never committed: the inner
 * commits only count down the nesting, so nothing of them is durable. */
static void
writer_open_transaction(struct ledger *lg, int fd, int round)
{
	struct ledger_result res;
	struct jf_error err;
	char key[32];

	if (db_begin_write(lg->db, &err) != JF_OK)
		writer_fail(fd, -1, err.status, &err);
	for (int i = 0; i < INNER_GRANTS; i++) {
		struct grant_request r = { crash_cards[i % NCARDS], 1000, KIND_POINTS,
					   "never committed", key };

		snprintf(key, sizeof key, "x-%d-%d", round, i);
		if (ledger_grant(lg, &r, &res, &err) != JF_OK)
			writer_fail(fd, -1, err.status, &err);
	}
	report(fd, "I\n");
	for (;;)
		pause();
}

static void
writer(const char *path, const struct settings *cfg, int fd, int64_t start, int round,
       int64_t forced_ops)
{
	struct ledger lg;
	struct jf_error err;

	stress_mark_child();
	if (ledger_open(&lg, path, cfg, &err) != JF_OK)
		writer_fail(fd, -1, err.status, &err);
	act_as_tester(&lg);
	report(fd, "R %lld\n", (long long)stress_session_id(lg.db));
	for (int64_t n = start;; n++) {
		if (forced_ops > 0 && n == start + forced_ops)
			writer_open_transaction(&lg, fd, round);
		writer_op(&lg, fd, n);
	}
}

/* ---- the parent ---- */

enum op_state { ST_NONE, ST_HELD, ST_DONE }; /* ST_HELD: hold acknowledged, post not yet */

struct op_rec {
	enum op_state state;
	int64_t hold_id, entry_id;
	/* Seen in the ledger after a kill although not acknowledged: it landed
	 * just before the kill. It must stay, whether or not a later writer
	 * gets round to acknowledging it. */
	int landed_key, landed_post;
};

struct crash {
	uint64_t seed;
	int64_t rounds;
	int round;
	char path[4200];
	struct settings cfg;
	struct rng rng;
	struct op_rec *ops;
	int64_t nops;      /* ops[] covers n < nops */
	int64_t next;      /* the first operation not acknowledged in full */
	int64_t in_flight; /* the operation started when the writer died, or -1 */
	int64_t base_entries, base_keys;
	pid_t writer_pid;  /* the writer at work, or 0 */
	int64_t writer_session; /* its PostgreSQL session (stress_session_id()), or 0 */
	const char *crash_server; /* JIFEN_CRASH_SERVER, or NULL */
	/* what the kills hit */
	int64_t kills_in_flight, in_flight_kept, in_flight_lost, kills_in_transaction;
	int64_t server_crashes;
};

static struct crash *the_run; /* for messages */

static void
crash_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
crash_fail(const char *fmt, ...)
{
	va_list ap;

	/* Never leave a writer behind, paused in its open transaction. */
	if (the_run->writer_pid > 0) {
		kill(the_run->writer_pid, SIGKILL);
		waitpid(the_run->writer_pid, NULL, 0);
	}
	fprintf(stderr, "%s: seed %llu, round %d: ", stress_prog,
		(unsigned long long)the_run->seed, the_run->round);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s: reproduce with JIFEN_CRASH_SEED=%llu JIFEN_CRASH_ROUNDS=%lld\n",
		stress_prog, (unsigned long long)the_run->seed, (long long)the_run->rounds);
	exit(1);
}

static struct op_rec *
rec_of(struct crash *c, int64_t n)
{
	if (n < 0)
		crash_fail("the writer reported operation %lld", (long long)n);
	while (n >= c->nops) {
		int64_t more = c->nops ? c->nops * 2 : 1024;

		c->ops = realloc(c->ops, (size_t)more * sizeof *c->ops);
		if (c->ops == NULL)
			stress_die("out of memory");
		memset(c->ops + c->nops, 0, (size_t)(more - c->nops) * sizeof *c->ops);
		c->nops = more;
	}
	return &c->ops[n];
}

/* Apply one line the writer sent; returns 1 on "I" (inside the open transaction). */
static int
take_line(struct crash *c, const char *line)
{
	long long n = 0, v = 0;
	int status = 0;
	char msg[100] = "";

	switch (line[0]) {
	case 'R':
		sscanf(line, "R %lld", &n);
		c->writer_session = n;
		return 0;
	case 'I':
		return 1;
	case 'S':
		sscanf(line, "S %lld", &n);
		c->in_flight = n;
		return 0;
	case 'H':
		sscanf(line, "H %lld %lld", &n, &v);
		rec_of(c, n)->state = ST_HELD;
		rec_of(c, n)->hold_id = v;
		return 0;
	case 'D':
		sscanf(line, "D %lld %lld", &n, &v);
		rec_of(c, n)->state = ST_DONE;
		rec_of(c, n)->entry_id = v;
		c->in_flight = -1;
		c->next = n + 1;
		return 0;
	case 'E':
		sscanf(line, "E %lld %d %99[^\n]", &n, &status, msg);
		crash_fail("the writer's operation %lld failed: %s (%s)", n,
			   jf_status_name((enum jf_status)status), msg);
	default:
		crash_fail("the writer sent a line it should not: %.60s", line);
	}
}

struct line_reader {
	int fd;
	char buf[1 << 16];
	size_t len;
};

/* Read and apply lines until the one asked for arrives ("I" if
 * stop_at_inside, "R" if stop_at_ready: returns 1) or the pipe is closed
 * (returns 0). */
static int
read_lines(struct crash *c, struct line_reader *lr, int stop_at_inside, int stop_at_ready)
{
	char *nl;
	ssize_t got;

	for (;;) {
		while ((nl = memchr(lr->buf, '\n', lr->len)) != NULL) {
			size_t used = (size_t)(nl - lr->buf) + 1;
			int inside, ready;

			*nl = '\0';
			inside = take_line(c, lr->buf);
			ready = lr->buf[0] == 'R';
			memmove(lr->buf, lr->buf + used, lr->len - used);
			lr->len -= used;
			if ((inside && stop_at_inside) || (ready && stop_at_ready))
				return 1;
		}
		if (lr->len == sizeof lr->buf)
			crash_fail("a line from the writer is too long");
		got = read(lr->fd, lr->buf + lr->len, sizeof lr->buf - lr->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			crash_fail("reading the writer's pipe: %s", strerror(errno));
		if (got == 0)
			return 0;
		lr->len += (size_t)got;
	}
}

/* sql is a literal: each count_of() is a statement site of its own. */
#define count_of(lg, sql, key) count_stmt(db_stmt((lg)->db, sql), sql, key)

static int64_t
count_stmt(struct db_stmt *s, const char *sql, const char *key)
{
	struct jf_error err;
	int64_t n = 0;

	if (key)
		db_bind_text(s, ":k", key);
	if (db_one_int(s, &n, &err) != JF_OK)
		crash_fail("query %s: %s", sql, err.message);
	return n;
}

static int
key_present(struct ledger *lg, int64_t n)
{
	char key[48];

	op_idem_key(n, key, sizeof key);
	return count_of(lg, "SELECT count(*) FROM idem WHERE key = :k", key) == 1;
}

static int
hold_posted(struct ledger *lg, int64_t hold_id)
{
	struct hold_info h;
	struct jf_error err;

	if (ledger_hold_get(lg, hold_id, &h, &err) != JF_OK)
		crash_fail("hold %lld: %s", (long long)hold_id, err.message);
	return h.state == HOLD_POSTED;
}

/* An acknowledged operation replays: replay = 1 and the first result. */
static void
check_replay(struct ledger *lg, struct crash *c, int64_t n)
{
	struct op_rec *r = rec_of(c, n);
	struct ledger_result res;
	struct jf_error err;
	enum jf_status st;
	struct hold_info h;
	int64_t hold_id = 0;
	int replay = 0;

	memset(&res, 0, sizeof res);
	switch (op_type(n)) {
	case OP_GRANT:
		st = op_grant(lg, n, &res, &err);
		break;
	case OP_TRANSFER:
		st = op_transfer(lg, n, &res, &err);
		break;
	case OP_EARN:
		st = op_earn(lg, n, &res, &err);
		break;
	case OP_HOLD_POST:
	default:
		st = op_hold(lg, n, &hold_id, &replay, &err);
		if (st == JF_OK && (hold_id != r->hold_id || !replay))
			crash_fail("acknowledged hold h-%lld replays as hold %lld (replay %d), "
				   "not hold %lld", (long long)n, (long long)hold_id, replay,
				   (long long)r->hold_id);
		if (st != JF_OK)
			break;
		/* The hold replayed; its post (if acknowledged) is read back, not redone. */
		if (r->state == ST_DONE &&
		    (st = ledger_hold_get(lg, hold_id, &h, &err)) == JF_OK &&
		    (h.state != HOLD_POSTED || h.entry_id != r->entry_id))
			crash_fail("acknowledged post of hold %lld is lost (state %d, entry %lld, "
				   "acknowledged entry %lld)", (long long)hold_id, (int)h.state,
				   (long long)h.entry_id, (long long)r->entry_id);
		res.replay = replay;
		res.entry_id = r->entry_id;
		break;
	}
	if (st != JF_OK)
		crash_fail("acknowledged operation %lld does not replay: %s", (long long)n,
			   err.message);
	if (!res.replay || res.entry_id != r->entry_id)
		crash_fail("acknowledged operation %lld replays as entry %lld (replay %d), "
			   "not entry %lld", (long long)n, (long long)res.entry_id, res.replay,
			   (long long)r->entry_id);
}

/* Keys, entries and posted holds the ledger must hold: the acknowledged
 * operations and those seen to have landed. */
static void
expected_counts(struct crash *c, int64_t *keys, int64_t *entries, int64_t *posts)
{
	*keys = c->base_keys;
	*entries = c->base_entries;
	*posts = 0;
	for (int64_t n = 0; n < c->nops; n++) {
		const struct op_rec *r = &c->ops[n];
		int key = r->state != ST_NONE || r->landed_key;
		int done = r->state == ST_DONE;

		*keys += key;
		if (op_type(n) == OP_HOLD_POST) {
			*entries += done || r->landed_post; /* the post writes the entry */
			*posts += done || r->landed_post;
		} else {
			*entries += done || key;
		}
	}
}

/* Did the operation in flight at the kill land? Whole or not at all: the
 * counts in check_after_kill() see to the "whole". */
static void
classify_in_flight(struct ledger *lg, struct crash *c)
{
	int64_t n = c->in_flight;
	struct op_rec *r;
	int landed;

	if (n < 0)
		return;
	c->kills_in_flight++;
	r = rec_of(c, n);
	if (op_type(n) == OP_HOLD_POST && r->state == ST_HELD) {
		landed = hold_posted(lg, r->hold_id);
		r->landed_post |= landed;
	} else {
		landed = key_present(lg, n);
		r->landed_key |= landed;
	}
	c->in_flight_kept += landed;
	c->in_flight_lost += !landed;
}

static void
check_after_kill(struct crash *c, int64_t round_first)
{
	struct ledger lg;
	struct verify_report rep;
	struct jf_error err;
	int64_t keys, entries, posts;
	enum jf_status st;

	if (ledger_open(&lg, c->path, &c->cfg, &err) != JF_OK)
		crash_fail("cannot reopen the ledger after the kill: %s", err.message);
	stress_wait_session_gone(lg.db, c->writer_session);
	st = verify_ledger(&lg, &rep, &err);
	if (st != JF_OK)
		crash_fail("verify after the kill: %s", st == JF_INTEGRITY ? rep.problem : err.message);
	classify_in_flight(&lg, c);
	expected_counts(c, &keys, &entries, &posts);
	/* Exactly what was acknowledged, plus what was seen to land. */
	if (count_of(&lg, "SELECT count(*) FROM idem", NULL) != keys)
		crash_fail("%lld keys in the ledger, %lld acknowledged or landed",
			   (long long)count_of(&lg, "SELECT count(*) FROM idem", NULL),
			   (long long)keys);
	if (rep.entries != entries)
		crash_fail("%lld entries in the ledger, %lld expected", (long long)rep.entries,
			   (long long)entries);
	if (count_of(&lg, "SELECT count(*) FROM hold WHERE state = 1", NULL) != posts)
		crash_fail("%lld posted holds in the ledger, %lld acknowledged or landed",
			   (long long)count_of(&lg, "SELECT count(*) FROM hold WHERE state = 1",
					       NULL), (long long)posts);
	if (count_of(&lg, "SELECT count(*) FROM idem WHERE key LIKE 'grant:x-%'", NULL) != 0)
		crash_fail("a grant made inside a transaction that never committed survived");
	for (int64_t n = round_first; n < c->nops && n <= c->next; n++)
		if (c->ops[n].state != ST_NONE)
			check_replay(&lg, c, n);
	ledger_close(&lg);
	/* The writer resumes at the first operation not acknowledged in full. */
	c->in_flight = -1;
}

static void
run_round(struct crash *c)
{
	int forced = c->round % 4 == 3, fds[2], status;
	int server_crash = c->crash_server != NULL && c->round % 4 == 1;
	int64_t forced_ops = forced ? rng_range(&c->rng, 1, 10) : 0;
	int64_t delay, first = c->next;
	struct line_reader *lr = calloc(1, sizeof *lr);
	pid_t pid;

	if (lr == NULL)
		stress_die("out of memory");
	if (pipe(fds) != 0)
		crash_fail("pipe: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		crash_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		close(fds[0]);
		writer(c->path, &c->cfg, fds[1], c->next, c->round, forced_ops);
	}
	close(fds[1]);
	c->writer_pid = pid;
	c->writer_session = 0;
	lr->fd = fds[0];
	delay = rng_range(&c->rng, 0,
			  forced ? 2000 : stress_on_pg() ? MAX_DELAY_US_PG : MAX_DELAY_US);
	/* Wait for the writer to be at work (or inside its open transaction). */
	if (!read_lines(c, lr, forced, !forced))
		crash_fail("the writer died before it was killed");
	usleep((useconds_t)delay);
	kill(pid, SIGKILL);
	/* The power cut comes as the writer dies: the server may be half way
	 * through its last commit, or have made it and not said so yet. */
	if (server_crash) {
		if (system(c->crash_server) != 0)
			crash_fail("the server did not crash and come back: %s", c->crash_server);
		c->server_crashes++;
	}
	read_lines(c, lr, 0, 0);
	close(fds[0]);
	free(lr);
	if (waitpid(pid, &status, 0) != pid)
		crash_fail("waitpid: %s", strerror(errno));
	c->writer_pid = 0;
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		crash_fail("the writer ended by itself (status %d) instead of being killed", status);
	c->kills_in_transaction += forced;
	check_after_kill(c, first);
}

static void
crash_setup(struct crash *c)
{
	static const char *const fam[NCARDS] = { "70000001", "70000002", "70000003",
						 "70000004" };
	struct ledger lg;
	struct ledger_result res;
	struct jf_error err;
	char key[32];

	/* The stream sends green points round the family for as long as it runs. */
	c->cfg.daily_green_limit = 0;
	if (ledger_create(&lg, c->path, &c->cfg, &err) != JF_OK)
		stress_die("cannot create %s: %s", c->path, err.message);
	act_as_tester(&lg);
	for (int i = 0; i < NCARDS; i++)
		stress_add_member(&lg, crash_cards[i], "Crash tester");
	stress_add_family(&lg, "Crash", fam, NCARDS);
	for (int i = 0; i < NCARDS; i++) {
		for (int k = 0; k < KIND_COUNT; k++) {
			struct grant_request r = { crash_cards[i], 1000000, (enum point_kind)k,
						   "starting points", key };

			snprintf(key, sizeof key, "start-%d-%d", i, k);
			if (ledger_grant(&lg, &r, &res, &err) != JF_OK)
				stress_die("cannot grant starting points: %s", err.message);
			c->base_entries++;
			c->base_keys++;
		}
	}
	ledger_close(&lg);
}

int
main(int argc, char **argv)
{
	const char *tmpdir;
	static struct crash run;
	struct crash *c = &run;
	struct ledger lg;
	struct jf_error err;
	int64_t done = 0;

	(void)argc;
	stress_prog = argv[0];
	stress_pin_zone();
	the_run = c;
	c->seed = (uint64_t)stress_env_int("JIFEN_CRASH_SEED", 1, 0, INT64_MAX);
	c->rounds = stress_env_int("JIFEN_CRASH_ROUNDS", 40, 4, 1000000);
	c->in_flight = -1;
	rng_seed(&c->rng, c->seed);
	c->crash_server = getenv("JIFEN_CRASH_SERVER");
	if (c->crash_server != NULL && (*c->crash_server == '\0' || !stress_on_pg()))
		c->crash_server = NULL; /* a file has no server to crash */
	tmpdir = stress_scratch("jifen-crash");
	settings_defaults(&c->cfg);
	stress_ledger_location(tmpdir, "ledger", &c->cfg, c->path, sizeof c->path);
	crash_setup(c);
	for (c->round = 0; c->round < c->rounds; c->round++)
		run_round(c);
	/* At the end, every acknowledged operation once more. */
	if (ledger_open(&lg, c->path, &c->cfg, &err) != JF_OK)
		crash_fail("cannot reopen the ledger: %s", err.message);
	act_as_tester(&lg);
	for (int64_t n = 0; n < c->nops; n++) {
		if (c->ops[n].state == ST_NONE)
			continue;
		check_replay(&lg, c, n);
		done += c->ops[n].state == ST_DONE;
	}
	ledger_close(&lg);
	if (done == 0)
		crash_fail("the writer never got an operation acknowledged");
	if (c->kills_in_flight == 0)
		crash_fail("no kill landed while an operation was under way: the delays are too long");
	printf("%lld kills: %lld operations acknowledged and kept; %lld kills during an operation "
	       "(%lld landed whole, %lld left no trace), %lld inside an open transaction, "
	       "%lld with the server crashing\n",
	       (long long)c->rounds, (long long)done, (long long)c->kills_in_flight,
	       (long long)c->in_flight_kept, (long long)c->in_flight_lost,
	       (long long)c->kills_in_transaction, (long long)c->server_crashes);
	return 0;
}
