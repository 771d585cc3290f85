/*
 * concurrency_test: several kiosks and counters on one ledger file at once
 * (DESIGN.md "Concurrency and durability").
 *
 * At least four processes, each with its own connection and the default
 * busy timeout, work the same family's accounts together: green transfers
 * among the members, holds that they post or void, earns and grants. They
 * also race for the same things: grants with one shared key (a double scan
 * on two counters) and posts and voids of the same pending holds (two
 * counters scanning one voucher). Each process writes down what it did and
 * what came back. Afterwards the parent checks that no call ever reported
 * the database busy, that verify_ledger passes, that each race had exactly
 * one winner, and that every balance and held part equals the start plus
 * the effect of every write that succeeded: no write lost, none doubled.
 *
 * JIFEN_CONC_PROCS (default 4), JIFEN_CONC_OPS (operations per process,
 * default 150) and JIFEN_CONC_SEED (default 1) change the run. With
 * JIFEN_TEST_PG the ledger is a schema on that PostgreSQL server
 * (stress_ledger_location()), the results stay files in the scratch
 * directory.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

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
#define START_POINTS 400
#define SHARED_GRANTS 8
#define SHARED_HOLDS 4
#define SHARED_HOLD_POINTS 100
#define SHARED_GRANT_POINTS 70
#define MAX_PROCS 64

static const char *const conc_cards[NCARDS] = { "80000001", "80000002", "80000003", "80000004" };

struct conc {
	uint64_t seed;
	int64_t procs, ops;
	char dir[2048];
	char path[4200]; /* the ledger: a file in dir, or a schema (stress_ledger_location()) */
	struct settings cfg;
	int64_t shared_hold_ids[SHARED_HOLDS];
	int64_t base_entries, base_holds;
};

static struct conc *the_run;

static void
conc_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
conc_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: seed %llu: ", stress_prog, (unsigned long long)the_run->seed);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s: reproduce (timing aside) with JIFEN_CONC_SEED=%llu "
		"JIFEN_CONC_PROCS=%lld JIFEN_CONC_OPS=%lld\n", stress_prog,
		(unsigned long long)the_run->seed, (long long)the_run->procs,
		(long long)the_run->ops);
	fflush(stderr);
	exit(1);
}

/* ---- one worker (a child process) ---- */

struct worker {
	int id;
	struct rng rng;
	struct ledger lg;
	FILE *out;
	int64_t pending[256]; /* its own holds not yet posted or voided */
	int npending;
};

/* Every result is written down, whatever it was; the parent judges. */
static void
record(struct worker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
record(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(w->out, fmt, ap);
	va_end(ap);
}

static void
work_transfer(struct worker *w)
{
	int from = (int)rng_range(&w->rng, 0, NCARDS - 1);
	int to = (from + (int)rng_range(&w->rng, 1, NCARDS - 1)) % NCARDS;
	/* Now and then most of a balance, so that racing transfers overdraw if they can. */
	int64_t points = rng_chance(&w->rng, 15) ? rng_range(&w->rng, 100, 1500)
						  : rng_range(&w->rng, 1, 40);
	struct ledger_result res;
	struct jf_error err;
	char key[48];
	struct transfer_request r = { conc_cards[from], conc_cards[to], points, KIND_GREEN, key };
	enum jf_status st;

	snprintf(key, sizeof key, "t%d-%llu", w->id, (unsigned long long)rng_next(&w->rng));
	st = ledger_transfer(&w->lg, &r, &res, &err);
	record(w, "T %d %d %lld %d %d\n", from, to, (long long)points, (int)st, res.replay);
}

static void
work_hold(struct worker *w, int n)
{
	int card = (int)rng_range(&w->rng, 0, NCARDS - 1);
	int kind = (int)rng_range(&w->rng, 0, 1);
	int64_t points = rng_chance(&w->rng, 10) ? rng_range(&w->rng, 100, 1000)
						  : rng_range(&w->rng, 1, 60);
	int64_t id = 0;
	struct jf_error err;
	char key[48];
	struct hold_request r = { conc_cards[card], (enum point_kind)kind, points, key, "voucher",
				  0 };
	enum jf_status st;
	int replay = 0;

	snprintf(key, sizeof key, "h%d-%d", w->id, n);
	st = ledger_hold(&w->lg, &r, &id, &replay, &err);
	record(w, "H %lld %d %d %lld %d %d\n", (long long)id, card, kind, (long long)points,
	       (int)st, replay);
	if (st == JF_OK && w->npending < (int)(sizeof w->pending / sizeof w->pending[0]))
		w->pending[w->npending++] = id;
}

/* Post or void one of its own pending holds. */
static void
work_settle(struct worker *w, int post)
{
	struct ledger_result res;
	struct jf_error err;
	enum jf_status st;
	int i;
	int64_t id;

	if (w->npending == 0)
		return;
	i = (int)rng_range(&w->rng, 0, w->npending - 1);
	id = w->pending[i];
	w->pending[i] = w->pending[--w->npending];
	memset(&res, 0, sizeof res);
	if (post)
		st = ledger_hold_post(&w->lg, id, &res, &err);
	else
		st = ledger_hold_void(&w->lg, id, &err);
	record(w, "%c %lld %d %d\n", post ? 'P' : 'V', (long long)id, (int)st, res.replay);
}

static void
work_earn(struct worker *w, int n)
{
	int card = (int)rng_range(&w->rng, 0, NCARDS - 1);
	int green = (int)rng_range(&w->rng, 0, 1);
	int64_t fen = rng_range(&w->rng, 0, 20000);
	struct ledger_result res;
	struct jf_error err;
	char receipt[48];
	struct earn_request r = { conc_cards[card], fen, receipt, green, NULL };
	enum jf_status st;

	snprintf(receipt, sizeof receipt, "r%d-%d", w->id, n);
	memset(&res, 0, sizeof res);
	st = ledger_earn(&w->lg, &r, &res, &err);
	record(w, "E %d %d %lld %d %lld %d\n", card, green, (long long)fen, (int)st,
	       (long long)res.points, res.replay);
}

static void
work_grant(struct worker *w, int n)
{
	int card = (int)rng_range(&w->rng, 0, NCARDS - 1);
	int kind = (int)rng_range(&w->rng, 0, 1);
	int64_t points = rng_range(&w->rng, 1, 80);
	struct ledger_result res;
	struct jf_error err;
	char key[48];
	struct grant_request r = { conc_cards[card], points, (enum point_kind)kind, "counter bonus",
				   key };
	enum jf_status st;

	snprintf(key, sizeof key, "g%d-%d", w->id, n);
	memset(&res, 0, sizeof res);
	st = ledger_grant(&w->lg, &r, &res, &err);
	record(w, "G %d %d %lld %d %d\n", card, kind, (long long)points, (int)st, res.replay);
}

/* The same grant scanned at several counters: one writes, the rest replay. */
static void
work_shared_grant(struct worker *w)
{
	int j = (int)rng_range(&w->rng, 0, SHARED_GRANTS - 1);
	struct ledger_result res;
	struct jf_error err;
	char key[48];
	struct grant_request r = { conc_cards[j % NCARDS], SHARED_GRANT_POINTS, KIND_POINTS,
				   "shared receipt", key };
	enum jf_status st;

	snprintf(key, sizeof key, "shared-%d", j);
	memset(&res, 0, sizeof res);
	st = ledger_grant(&w->lg, &r, &res, &err);
	record(w, "SG %d %d %d %lld\n", j, (int)st, res.replay, (long long)res.entry_id);
}

/* One voucher, several counters: posting or cancelling it. */
static void
work_shared_hold(struct worker *w, const struct conc *c)
{
	int j = (int)rng_range(&w->rng, 0, SHARED_HOLDS - 1);
	int post = rng_chance(&w->rng, 70);
	struct ledger_result res;
	struct jf_error err;
	enum jf_status st;

	memset(&res, 0, sizeof res);
	if (post)
		st = ledger_hold_post(&w->lg, c->shared_hold_ids[j], &res, &err);
	else
		st = ledger_hold_void(&w->lg, c->shared_hold_ids[j], &err);
	record(w, "S%c %d %d %d\n", post ? 'P' : 'V', j, (int)st, res.replay);
}

/* Reads go on while others write: what they show must always be sane. */
static void
work_read(struct worker *w)
{
	int card = (int)rng_range(&w->rng, 0, NCARDS - 1);
	struct balance b;
	struct jf_error err;
	enum jf_status st = ledger_balance(&w->lg, conc_cards[card], &b, &err);

	if (st != JF_OK) {
		record(w, "B %d %d\n", card, (int)st);
		return;
	}
	for (int k = 0; k < KIND_COUNT; k++)
		if (b.total[k] < 0 || b.held[k] < 0 || b.held[k] > b.total[k] || b.available[k] < 0)
			record(w, "X %d %d %lld %lld %lld\n", card, k, (long long)b.total[k],
			       (long long)b.held[k], (long long)b.available[k]);
	balance_done(&b);
}

static void
worker_main(struct conc *c, int id, int start_fd)
{
	struct worker w;
	struct jf_error err;
	char path[4300], go;

	stress_mark_child();
	memset(&w, 0, sizeof w);
	w.id = id;
	rng_seed(&w.rng, c->seed * 1000 + (uint64_t)id);
	snprintf(path, sizeof path, "%s/results-%d.txt", c->dir, id);
	if ((w.out = fopen(path, "w")) == NULL)
		stress_die("worker %d: cannot write %s", id, path);
	if (ledger_open(&w.lg, c->path, &c->cfg, &err) != JF_OK) {
		record(&w, "O %d\n", (int)err.status);
		fclose(w.out);
		_exit(0);
	}
	act_as_tester(&w.lg);
	/* Everyone starts at once: the parent closes the pipe when all are ready. */
	if (read(start_fd, &go, 1) < 0)
		stress_die("worker %d: start pipe: %s", id, strerror(errno));
	for (int n = 0; n < c->ops; n++) {
		int r = (int)rng_range(&w.rng, 0, 99);

		if (r < 28)
			work_transfer(&w);
		else if (r < 46)
			work_hold(&w, n);
		else if (r < 58)
			work_settle(&w, 1);
		else if (r < 66)
			work_settle(&w, 0);
		else if (r < 75)
			work_earn(&w, n);
		else if (r < 83)
			work_grant(&w, n);
		else if (r < 88)
			work_shared_grant(&w);
		else if (r < 93)
			work_shared_hold(&w, c);
		else
			work_read(&w);
	}
	ledger_close(&w.lg);
	if (fclose(w.out) != 0)
		stress_die("worker %d: cannot finish %s", id, path);
	_exit(0);
}

/* ---- the parent: the expected ledger from the results ---- */

struct own_hold {
	int64_t id;
	int card, kind;
	int64_t points;
	int state; /* 0 pending, 1 posted, 2 voided */
};

struct expect {
	int64_t total[NCARDS][KIND_COUNT];
	int64_t held[NCARDS][KIND_COUNT];
	int64_t entries, holds;
	struct own_hold *own;
	size_t nown;
	/* races */
	int grant_writes[SHARED_GRANTS];
	int64_t grant_entry[SHARED_GRANTS];
	int hold_posts[SHARED_HOLDS], hold_post_replays[SHARED_HOLDS];
	int hold_voids[SHARED_HOLDS], hold_post_refused[SHARED_HOLDS],
		hold_void_refused[SHARED_HOLDS];
	int64_t ok_ops, insufficient_ops;
};

static struct own_hold *
own_hold(struct expect *e, int64_t id)
{
	for (size_t i = 0; i < e->nown; i++)
		if (e->own[i].id == id)
			return &e->own[i];
	return NULL;
}

/* Only these outcomes are allowed at all; JF_BUSY above all is not. */
static void
allowed(int worker, const char *line, int st, int insufficient_ok, int conflict_ok)
{
	if (st == JF_OK || (st == JF_INSUFFICIENT && insufficient_ok) ||
	    (st == JF_CONFLICT && conflict_ok))
		return;
	conc_fail("worker %d: \"%s\" ended %s", worker, line,
		  jf_status_name((enum jf_status)st));
}

static void
apply_hold(struct expect *e, int worker, const char *line)
{
	long long id, points;
	int card, kind, st, replay;
	struct own_hold *h;

	if (sscanf(line, "H %lld %d %d %lld %d %d", &id, &card, &kind, &points, &st, &replay) != 6)
		conc_fail("worker %d: bad line %s", worker, line);
	allowed(worker, line, st, 1, 0);
	e->insufficient_ops += st == JF_INSUFFICIENT;
	if (st != JF_OK)
		return;
	if (replay || own_hold(e, id))
		conc_fail("worker %d: a new hold came back as hold %lld, a replay or taken id",
			  worker, id);
	e->own = realloc(e->own, (e->nown + 1) * sizeof *e->own);
	if (e->own == NULL)
		stress_die("out of memory");
	h = &e->own[e->nown++];
	*h = (struct own_hold){ id, card, kind, points, 0 };
	e->held[card][kind] += points;
	e->holds++;
}

static void
apply_settle(struct expect *e, int worker, const char *line)
{
	long long id;
	int st, replay;
	struct own_hold *h;

	if (sscanf(line + 1, " %lld %d %d", &id, &st, &replay) != 3)
		conc_fail("worker %d: bad line %s", worker, line);
	allowed(worker, line, st, 0, 0);
	h = own_hold(e, id);
	if (h == NULL || h->state != 0 || replay)
		conc_fail("worker %d: \"%s\" on a hold that was not its own and pending", worker,
			  line);
	h->state = line[0] == 'P' ? 1 : 2;
	e->held[h->card][h->kind] -= h->points;
	if (line[0] == 'P') {
		e->total[h->card][h->kind] -= h->points;
		e->entries++;
	}
}

static void
apply_shared(struct expect *e, int worker, const char *line)
{
	int j, st, replay;
	long long entry = 0;

	if (line[1] == 'G') {
		if (sscanf(line, "SG %d %d %d %lld", &j, &st, &replay, &entry) != 4 || j < 0 ||
		    j >= SHARED_GRANTS)
			conc_fail("worker %d: bad line %s", worker, line);
		allowed(worker, line, st, 0, 0);
		/* A replay hands back the first result: the same entry for everyone. */
		if (e->grant_entry[j] == 0)
			e->grant_entry[j] = entry;
		if (entry != e->grant_entry[j])
			conc_fail("shared grant %d came back as entries %lld and %lld", j,
				  (long long)e->grant_entry[j], entry);
		if (!replay) {
			e->grant_writes[j]++;
			e->total[j % NCARDS][KIND_POINTS] += SHARED_GRANT_POINTS;
			e->entries++;
		}
		return;
	}
	if (sscanf(line + 2, " %d %d %d", &j, &st, &replay) != 3 || j < 0 || j >= SHARED_HOLDS)
		conc_fail("worker %d: bad line %s", worker, line);
	allowed(worker, line, st, 0, 1);
	if (line[1] == 'P') {
		e->hold_posts[j] += st == JF_OK && !replay;
		e->hold_post_replays[j] += st == JF_OK && replay;
		e->hold_post_refused[j] += st == JF_CONFLICT;
	} else {
		e->hold_voids[j] += st == JF_OK;
		e->hold_void_refused[j] += st == JF_CONFLICT;
	}
}

static void
apply_line(struct expect *e, int worker, const char *line)
{
	int a, b, st, replay;
	long long points, fen, got;

	switch (line[0]) {
	case 'T':
		if (sscanf(line, "T %d %d %lld %d %d", &a, &b, &points, &st, &replay) != 5)
			conc_fail("worker %d: bad line %s", worker, line);
		allowed(worker, line, st, 1, 0);
		if (st == JF_OK && replay)
			conc_fail("worker %d: a transfer with a fresh key replayed: %s", worker, line);
		if (st == JF_OK) {
			e->total[a][KIND_GREEN] -= points;
			e->total[b][KIND_GREEN] += points;
			e->entries++;
		}
		e->insufficient_ops += st == JF_INSUFFICIENT;
		break;
	case 'H':
		apply_hold(e, worker, line);
		break;
	case 'P':
	case 'V':
		apply_settle(e, worker, line);
		break;
	case 'E':
		if (sscanf(line, "E %d %d %lld %d %lld %d", &a, &b, &fen, &st, &got, &replay) != 6)
			conc_fail("worker %d: bad line %s", worker, line);
		allowed(worker, line, st, 0, 0);
		/* The default earn rule: one point per whole yuan. */
		if (got != fen / 100 || replay)
			conc_fail("worker %d: \"%s\": %lld points, not %lld", worker, line, got,
				  fen / 100);
		e->total[a][b ? KIND_GREEN : KIND_POINTS] += got;
		e->entries += got > 0;
		break;
	case 'G':
		if (sscanf(line, "G %d %d %lld %d %d", &a, &b, &points, &st, &replay) != 5)
			conc_fail("worker %d: bad line %s", worker, line);
		allowed(worker, line, st, 0, 0);
		if (replay)
			conc_fail("worker %d: a grant with a fresh key replayed: %s", worker, line);
		e->total[a][b] += points;
		e->entries++;
		break;
	case 'S':
		apply_shared(e, worker, line);
		return;
	case 'B':
	case 'O':
		conc_fail("worker %d: %s: %s", worker, line[0] == 'B' ? "a balance read failed"
			  : "could not open the ledger", line);
	case 'X':
		conc_fail("worker %d read an impossible balance: %s", worker, line);
	default:
		conc_fail("worker %d: bad line %s", worker, line);
	}
	e->ok_ops += st == JF_OK;
}

static void
read_results(struct conc *c, struct expect *e)
{
	char path[4300], line[256];
	int64_t lines;
	FILE *f;

	for (int p = 0; p < c->procs; p++) {
		snprintf(path, sizeof path, "%s/results-%d.txt", c->dir, p);
		if ((f = fopen(path, "r")) == NULL)
			conc_fail("worker %d left no results", p);
		lines = 0;
		while (fgets(line, sizeof line, f)) {
			line[strcspn(line, "\n")] = '\0';
			apply_line(e, p, line);
			lines++;
		}
		fclose(f);
		if (lines == 0)
			conc_fail("worker %d did nothing", p);
	}
}

/* Each race had exactly one winner, and the losers were told so. */
static void
check_races(struct expect *e, struct ledger *lg, const struct conc *c)
{
	struct hold_info h;
	struct jf_error err;
	int sc = SHARED_HOLD_POINTS;

	for (int j = 0; j < SHARED_GRANTS; j++)
		if (e->grant_writes[j] > 1)
			conc_fail("shared grant %d was written %d times", j, e->grant_writes[j]);
	for (int j = 0; j < SHARED_HOLDS; j++) {
		int card = j % NCARDS;

		if (ledger_hold_get(lg, c->shared_hold_ids[j], &h, &err) != JF_OK)
			conc_fail("shared hold %d: %s", j, err.message);
		if (e->hold_posts[j] > 1)
			conc_fail("shared hold %d was posted %d times", j, e->hold_posts[j]);
		if (h.state == HOLD_POSTED) {
			if (e->hold_posts[j] != 1 || e->hold_voids[j] != 0)
				conc_fail("shared hold %d is posted, but %d posts and %d voids succeeded",
					  j, e->hold_posts[j], e->hold_voids[j]);
			if (e->hold_post_refused[j] != 0)
				conc_fail("shared hold %d is posted, yet a post was refused", j);
			e->total[card][KIND_POINTS] -= sc;
			e->entries++;
		} else if (h.state == HOLD_VOIDED) {
			if (e->hold_posts[j] != 0 || e->hold_post_replays[j] != 0)
				conc_fail("shared hold %d is voided, but a post succeeded", j);
			if (e->hold_void_refused[j] != 0)
				conc_fail("shared hold %d is voided, yet a void was refused", j);
		} else {
			if (e->hold_posts[j] + e->hold_voids[j] + e->hold_post_refused[j] +
			    e->hold_void_refused[j] + e->hold_post_replays[j] != 0)
				conc_fail("shared hold %d is still pending after posts or voids", j);
			continue;
		}
		e->held[card][KIND_POINTS] -= sc;
	}
}

static void
check_final(struct conc *c, struct expect *e)
{
	struct ledger lg;
	struct verify_report rep;
	struct balance b;
	struct jf_error err;
	enum jf_status st;

	if (ledger_open(&lg, c->path, &c->cfg, &err) != JF_OK)
		conc_fail("cannot reopen the ledger: %s", err.message);
	st = verify_ledger(&lg, &rep, &err);
	if (st != JF_OK)
		conc_fail("verify: %s", st == JF_INTEGRITY ? rep.problem : err.message);
	check_races(e, &lg, c);
	for (int i = 0; i < NCARDS; i++) {
		if (ledger_balance(&lg, conc_cards[i], &b, &err) != JF_OK)
			conc_fail("balance of %s: %s", conc_cards[i], err.message);
		for (int k = 0; k < KIND_COUNT; k++) {
			if (b.total[k] != e->total[i][k] || b.held[k] != e->held[i][k])
				conc_fail("%s %s: total %lld held %lld in the ledger, %lld and %lld "
					  "from the results", conc_cards[i], kind_name((enum point_kind)k),
					  (long long)b.total[k], (long long)b.held[k],
					  (long long)e->total[i][k], (long long)e->held[i][k]);
			if (b.total[k] < 0)
				conc_fail("%s has a negative balance", conc_cards[i]);
		}
		balance_done(&b);
	}
	if (rep.entries != e->entries)
		conc_fail("%lld entries in the ledger, %lld from the results", (long long)rep.entries,
			  (long long)e->entries);
	if (rep.holds != e->holds)
		conc_fail("%lld holds in the ledger, %lld from the results", (long long)rep.holds,
			  (long long)e->holds);
	ledger_close(&lg);
}

static void
conc_setup(struct conc *c, struct expect *e)
{
	struct ledger lg;
	struct ledger_result res;
	struct jf_error err;
	char key[32];
	int replay;

	/* Green points go round the family all run long; the daily limit is not under test. */
	c->cfg.daily_green_limit = 0;
	if (ledger_create(&lg, c->path, &c->cfg, &err) != JF_OK)
		stress_die("cannot create %s: %s", c->path, err.message);
	act_as_tester(&lg);
	for (int i = 0; i < NCARDS; i++)
		stress_add_member(&lg, conc_cards[i], "Counter customer");
	stress_add_family(&lg, "Shared", conc_cards, NCARDS);
	for (int i = 0; i < NCARDS; i++) {
		for (int k = 0; k < KIND_COUNT; k++) {
			struct grant_request r = { conc_cards[i], START_POINTS, (enum point_kind)k,
						   "opening balance", key };

			snprintf(key, sizeof key, "open-%d-%d", i, k);
			if (ledger_grant(&lg, &r, &res, &err) != JF_OK)
				stress_die("cannot grant: %s", err.message);
			e->total[i][k] = START_POINTS;
			e->entries++;
		}
	}
	for (int j = 0; j < SHARED_HOLDS; j++) {
		struct hold_request r = { conc_cards[j % NCARDS], KIND_POINTS, SHARED_HOLD_POINTS,
					  key, "shared voucher", 0 };

		snprintf(key, sizeof key, "shared-hold-%d", j);
		if (ledger_hold(&lg, &r, &c->shared_hold_ids[j], &replay, &err) != JF_OK)
			stress_die("cannot hold: %s", err.message);
		e->held[j % NCARDS][KIND_POINTS] += SHARED_HOLD_POINTS;
		e->holds++;
	}
	ledger_close(&lg);
}

static void
cleanup(void)
{
	if (the_run && the_run->dir[0])
		stress_tmpdir_remove(the_run->dir);
}

int
main(int argc, char **argv)
{
	static struct conc run;
	static struct expect e;
	struct conc *c = &run;
	pid_t pids[MAX_PROCS];
	int start[2], status, failed = 0;

	(void)argc;
	stress_prog = argv[0];
	stress_pin_zone();
	the_run = c;
	c->seed = (uint64_t)stress_env_int("JIFEN_CONC_SEED", 1, 0, INT64_MAX);
	c->procs = stress_env_int("JIFEN_CONC_PROCS", 4, 4, MAX_PROCS);
	c->ops = stress_env_int("JIFEN_CONC_OPS", 150, 1, 1000000);
	snprintf(c->dir, sizeof c->dir, "%s", stress_tmpdir_make("jifen-conc"));
	atexit(cleanup);
	settings_defaults(&c->cfg); /* the default busy timeout, among the rest */
	stress_ledger_location(c->dir, "ledger", &c->cfg, c->path, sizeof c->path);
	conc_setup(c, &e);
	if (pipe(start) != 0)
		conc_fail("pipe: %s", strerror(errno));
	fflush(NULL);
	for (int p = 0; p < c->procs; p++) {
		if ((pids[p] = fork()) < 0)
			conc_fail("fork: %s", strerror(errno));
		if (pids[p] == 0) {
			close(start[1]);
			worker_main(c, p, start[0]);
		}
	}
	close(start[0]);
	close(start[1]); /* go */
	for (int p = 0; p < c->procs; p++) {
		if (waitpid(pids[p], &status, 0) != pids[p] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			fprintf(stderr, "%s: worker %d failed (status %d)\n", stress_prog, p, status);
			failed = 1;
		}
	}
	if (failed)
		conc_fail("a worker failed");
	read_results(c, &e);
	check_final(c, &e);
	printf("%lld processes, %lld operations each: %lld succeeded, %lld refused for want of "
	       "points, none busy; every balance adds up\n", (long long)c->procs,
	       (long long)c->ops, (long long)e.ok_ops, (long long)e.insufficient_ops);
	free(e.own);
	return 0;
}
