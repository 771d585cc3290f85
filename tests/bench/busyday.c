/*
 * busyday: "a store's busiest day" (bench.c's figure busyday). Four
 * counters and four kiosks, each its own process with its own connection,
 * terminal name and actor (staff at a counter, the member logged in at a
 * kiosk), share one ledger file and do a store's mix of actions, drawn
 * from day_mix[] by weight:
 *   counter: purchases (ledger_earn), whole-receipt refunds
 *            (ledger_earn_reverse of one of its own receipts), vouchers
 *            handed over (voucher_redeem of a code a kiosk issued) and
 *            goods brought back (voucher_return of one it handed over);
 *   kiosk:   balance lookups (ledger_balance), vouchers issued
 *            (voucher_issue; the code goes to the counters through a pipe,
 *            as the member walks it over) and green points sent within
 *            the family (ledger_transfer).
 * A counter with no voucher waiting or nothing to refund or take back
 * serves a purchase instead. The core is called directly: the kiosk
 * screens' own cost is measured elsewhere (kiosk start-up).
 *
 * The baseline: as many processes committing one row per transaction to
 * one file, with the pragmas db_open() sets and the same busy_timeout, as
 * many commits as the day has actions, half before the day and half
 * after (drift on a shared machine hits both sides).
 *
 * Figures: actions per second of the whole store against the baseline's
 * commits per second; the 99th percentile of a counter's and of a
 * kiosk's action against the baseline's commit; JF_BUSY (must be 0); and
 * at the end verify_ledger() (what `jifen verify` runs) and the balances
 * conserved: the points on members' accounts are what the system accounts
 * say (issued - redeemed - expired) and what the desks themselves were
 * told they moved.
 *
 * Randomness comes from random.h, seeded: JIFEN_SEED (default "busyday")
 * for the opening, and that seed and the desk's number for each desk, so
 * every desk draws its own reproducible sequence (the interleaving of the
 * desks is the machine's).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "clock.h"
#include "db_backend.h"
#include "family.h"
#include "ledger.h"
#include "member.h"
#include "offset.h"
#include "random.h"
#include "verify.h"
#include "voucher.h"

#define DAY_COUNTERS 4
#define DAY_KIOSKS 4
#define DAY_DESKS (DAY_COUNTERS + DAY_KIOSKS) /* desk n < DAY_COUNTERS is a counter */
#define DAY_MEMBERS 200         /* at most: one per 40 actions, at least 4 families */
#define DAY_ACTIONS_PER_MEMBER 40
#define DAY_FAMILY 4            /* members per family: 0-3, 4-7, ... */
#define DAY_CARD_BASE 70000000  /* member i (0..) has card DAY_CARD_BASE + 1 + i */
#define DAY_OPENING_POINTS 2000 /* each member's points at opening: vouchers from the start */
#define DAY_OPENING_GREEN 200
#define DAY_KEPT 1024           /* receipts and handed-over vouchers a counter remembers */
#define DAY_SEED "busyday"
#define GOAL_DAY_RATE 0.5       /* the store's actions/s against raw commits/s */
#define GOAL_DAY_P99 4.0        /* a desk's p99 against a raw commit's p99 */

enum desk { DESK_COUNTER, DESK_KIOSK };

enum mix {
	MIX_EARN, MIX_REVERSE, MIX_REDEEM, MIX_RETURN, MIX_OFFSET,
	MIX_BALANCE, MIX_ISSUE, MIX_TRANSFER, MIX_SIZE
};

struct desk_state;
/* One action; it sets d->did if it did another one instead (a purchase). */
typedef enum jf_status (*day_fn)(struct desk_state *d, struct jf_error *err);

struct day_action {
	enum desk desk;
	const char *name;
	int weight; /* per 1000 actions of the desk */
	day_fn run; /* NULL: not in the mix yet */
};

/* What one desk did, in memory shared with the bench. */
struct day_tally {
	long done[MIX_SIZE];    /* acknowledged */
	long refused[MIX_SIZE]; /* refused with a reason a person is shown */
	long busy;              /* JF_BUSY (or SQLITE_BUSY in the baseline): must stay 0 */
	int64_t moved[KIND_COUNT]; /* points onto members' accounts, net, as acknowledged */
	double start, end;
};

struct day_shared {
	double t_go; /* when the desks were let go: the day's clock runs from here */
	struct day_tally tally[DAY_DESKS];
	double lat[]; /* DAY_DESKS * per: each action's seconds */
};

struct desk_state {
	int n;
	struct ledger lg;
	struct settings cfg; /* the bench's, with this desk's terminal name */
	struct day_tally *tally;
	int vouchers[2];     /* a pipe of codes: kiosks write, counters read */
	enum mix did;
	long actions;        /* done so far */
	long seq;            /* this counter's receipts */
	struct { char id[48]; int green; } receipts[DAY_KEPT];
	int receipt_count;
	char handed[DAY_KEPT][VCODE_FULL_LEN + 1];
	int handed_count;
};

static int64_t member_ids[DAY_MEMBERS]; /* filled at opening, before the fork */
static int day_members;                 /* how many: a tiny day opens quickly */
static int64_t day_open;                /* the clock at opening */

/* ---- the actions ---- */

static int
pick_member(struct desk_state *d)
{
	int i = (int)random_uniform((uint32_t)day_members);
	struct actor a;

	if (d->n >= DAY_COUNTERS) { /* a kiosk: the member logs in */
		actor_member(&a, member_ids[i]);
		ledger_act_as(&d->lg, &a);
	}
	return i;
}

static void
card_of(int i, char card[MEMBER_CARD_SIZE])
{
	snprintf(card, MEMBER_CARD_SIZE, "%d", DAY_CARD_BASE + 1 + i);
}

static enum jf_status
act_earn(struct desk_state *d, struct jf_error *err)
{
	struct earn_request r = { NULL, 100 + (int64_t)random_uniform(50000), NULL, 0, NULL };
	struct ledger_result res;
	char card[MEMBER_CARD_SIZE], receipt[48];
	enum jf_status st;
	int slot;

	d->did = MIX_EARN;
	card_of(pick_member(d), card);
	snprintf(receipt, sizeof receipt, "C%d-%ld", d->n + 1, ++d->seq);
	r.card = card;
	r.receipt = receipt;
	r.green = random_uniform(5) == 0; /* one basket in five is eco-friendly goods */
	if ((st = ledger_earn(&d->lg, &r, &res, err)) != JF_OK)
		return st;
	if (res.replay)
		die("ledger_earn", "a new receipt replayed");
	d->tally->moved[r.green ? KIND_GREEN : KIND_POINTS] += res.points;
	slot = d->receipt_count < DAY_KEPT ? d->receipt_count++ : (int)random_uniform(DAY_KEPT);
	snprintf(d->receipts[slot].id, sizeof d->receipts[slot].id, "%s", receipt);
	d->receipts[slot].green = r.green;
	return JF_OK;
}

static enum jf_status
act_reverse(struct desk_state *d, struct jf_error *err)
{
	struct ledger_result res;
	char receipt[48];
	enum jf_status st;
	int slot, green;

	if (d->receipt_count == 0)
		return act_earn(d, err);
	slot = (int)random_uniform((uint32_t)d->receipt_count);
	memcpy(receipt, d->receipts[slot].id, sizeof receipt);
	green = d->receipts[slot].green;
	d->receipts[slot] = d->receipts[--d->receipt_count];
	if ((st = ledger_earn_reverse(&d->lg, receipt, &res, err)) != JF_OK)
		return st;
	d->tally->moved[green ? KIND_GREEN : KIND_POINTS] -= res.points;
	return JF_OK;
}

static enum jf_status
act_redeem(struct desk_state *d, struct jf_error *err)
{
	char code[VCODE_FULL_LEN + 1];
	struct voucher v;
	enum jf_status st;

	/* Whole codes only: the kiosks write each in one write() under PIPE_BUF. */
	if (read(d->vouchers[0], code, VCODE_FULL_LEN) != VCODE_FULL_LEN)
		return act_earn(d, err); /* nobody in the queue with a voucher */
	code[VCODE_FULL_LEN] = '\0';
	if ((st = voucher_redeem(&d->lg, code, NULL, &v, err)) != JF_OK)
		return st;
	d->tally->moved[v.kind] -= v.points;
	if (d->handed_count < DAY_KEPT)
		memcpy(d->handed[d->handed_count++], code, sizeof code);
	return JF_OK;
}

static enum jf_status
act_return(struct desk_state *d, struct jf_error *err)
{
	char code[VCODE_FULL_LEN + 1];
	struct voucher v;
	enum jf_status st;
	int slot;

	if (d->handed_count == 0)
		return act_earn(d, err);
	slot = (int)random_uniform((uint32_t)d->handed_count);
	memcpy(code, d->handed[slot], sizeof code);
	memcpy(d->handed[slot], d->handed[--d->handed_count], sizeof code);
	if ((st = voucher_return(&d->lg, code, NULL, &v, err)) != JF_OK)
		return st;
	d->tally->moved[v.kind] += v.points;
	return JF_OK;
}

/* Points pay part of a bill: as much as the member has and the cap takes. */
static enum jf_status
act_offset(struct desk_state *d, struct jf_error *err)
{
	char card[MEMBER_CARD_SIZE], ref[48];
	struct offset_request r = { card, 1000 + (int64_t)random_uniform(19000), 0, ref };
	struct offset_result res;
	enum jf_status st;

	card_of(pick_member(d), card);
	snprintf(ref, sizeof ref, "C%d-%ld", d->n + 1, ++d->seq);
	if ((st = ledger_offset(&d->lg, &r, &res, err)) != JF_OK)
		return st;
	d->tally->moved[KIND_POINTS] -= res.points;
	return JF_OK;
}

static enum jf_status
act_balance(struct desk_state *d, struct jf_error *err)
{
	char card[MEMBER_CARD_SIZE];
	struct balance b;
	enum jf_status st;

	card_of(pick_member(d), card);
	if ((st = ledger_balance(&d->lg, card, &b, err)) == JF_OK)
		balance_done(&b);
	return st;
}

static enum jf_status
act_issue(struct desk_state *d, struct jf_error *err)
{
	char card[MEMBER_CARD_SIZE];
	struct voucher v;
	enum jf_status st;

	card_of(pick_member(d), card);
	if ((st = voucher_issue(&d->lg, card, BENCH_SKU, 1, NULL, &v, err)) != JF_OK)
		return st;
	/* A full pipe (the counters far behind): this voucher is never handed
	 * over, its points stay held, as for a member who goes home. */
	if (write(d->vouchers[1], v.code, VCODE_FULL_LEN) != VCODE_FULL_LEN && errno != EAGAIN)
		die("the voucher queue", strerror(errno));
	return JF_OK;
}

static enum jf_status
act_transfer(struct desk_state *d, struct jf_error *err)
{
	int from = pick_member(d), to = from - from % DAY_FAMILY;
	char from_card[MEMBER_CARD_SIZE], to_card[MEMBER_CARD_SIZE], key[LEDGER_NEW_KEY_SIZE];
	struct transfer_request t = { from_card, to_card, 1 + random_uniform(20), KIND_GREEN, key };
	struct ledger_result res;

	to += (from % DAY_FAMILY + 1 + (int)random_uniform(DAY_FAMILY - 1)) % DAY_FAMILY;
	card_of(from, from_card);
	card_of(to, to_card);
	ledger_new_key("day-", key); /* one confirmation, as the kiosk's "Yes" */
	return ledger_transfer(&d->lg, &t, &res, err);
}

/* The day's mix. Weights are per 1000 of each desk's actions. */
static const struct day_action day_mix[MIX_SIZE] = {
	[MIX_EARN] = { DESK_COUNTER, "purchase", 600, act_earn },
	[MIX_REVERSE] = { DESK_COUNTER, "refund", 50, act_reverse },
	[MIX_REDEEM] = { DESK_COUNTER, "voucher handed over", 200, act_redeem },
	[MIX_RETURN] = { DESK_COUNTER, "voucher return", 50, act_return },
	[MIX_OFFSET] = { DESK_COUNTER, "points paying a bill", 100, act_offset },
	[MIX_BALANCE] = { DESK_KIOSK, "balance", 600, act_balance },
	[MIX_ISSUE] = { DESK_KIOSK, "voucher issued", 250, act_issue },
	[MIX_TRANSFER] = { DESK_KIOSK, "green sent", 150, act_transfer },
};

static enum mix
draw_action(enum desk desk)
{
	uint32_t r = random_uniform(1000);

	for (int k = 0; k < MIX_SIZE; k++) {
		if (day_mix[k].desk != desk || day_mix[k].run == NULL)
			continue;
		if (r < (uint32_t)day_mix[k].weight)
			return (enum mix)k;
		r -= (uint32_t)day_mix[k].weight;
	}
	return desk == DESK_COUNTER ? MIX_EARN : MIX_BALANCE; /* weights short of 1000 */
}

/* One action, timed; a refusal a person would be shown is part of a day,
 * a busy ledger is counted, anything else stops the bench. */
static void
desk_action(struct desk_state *d, enum desk desk, double *lat)
{
	enum mix k = draw_action(desk);
	struct jf_error err;
	enum jf_status st;
	double t0;

	jf_error_clear(&err);
	d->did = k;
	t0 = seconds();
	st = day_mix[k].run(d, &err);
	*lat = seconds() - t0;
	if (st == JF_OK) {
		d->tally->done[d->did]++;
	} else if (st == JF_BUSY) {
		d->tally->busy++;
		/* Which action and when: the first write of the day is not the same
		 * cause as one in the middle of it. */
		fprintf(stderr, "bench: busy: %s, %s, action %ld, %.3f s in, after %.1f ms: %s\n",
			d->cfg.terminal, day_mix[d->did].name, d->actions + 1, t0 - d->tally->start,
			*lat * 1e3, err.message);
	} else if (err.reason != JF_R_NONE) {
		d->tally->refused[d->did]++;
	} else {
		die(day_mix[d->did].name, err.message);
	}
	d->actions++;
}

/* ---- processes ---- */

struct day_ctx {
	const char *path; /* the ledger, or the baseline's file */
	int vouchers[2];  /* the day's queue of voucher codes */
};

struct desk_sync {
	int ready; /* write end: one byte per desk, once it is open */
	int go;    /* read end: closed by the bench to let every desk go at once */
};

static void
wait_for_go(const struct desk_sync *s, struct day_tally *t)
{
	char c = 1;

	if (write(s->ready, &c, 1) != 1 || read(s->go, &c, 1) != 0)
		die("busy day", "the start signal failed");
	t->start = seconds();
}

typedef void (*desk_body)(int n, const struct desk_sync *s, struct day_shared *sh, long per,
			  void *ctx);

/* Fork a process per desk running body, let them go together, wait for all. */
static void
run_desks(desk_body body, struct day_shared *sh, long per, void *ctx)
{
	int ready[2], go[2], status;
	pid_t pids[DAY_DESKS];
	char c;

	if (pipe(ready) != 0 || pipe(go) != 0)
		die("busy day", strerror(errno));
	fflush(stdout);
	fflush(stderr);
	for (int n = 0; n < DAY_DESKS; n++) {
		if ((pids[n] = fork()) < 0)
			die("fork", strerror(errno));
		if (pids[n] == 0) {
			struct desk_sync s = { ready[1], go[0] };

			close(ready[0]);
			close(go[1]);
			body(n, &s, sh, per, ctx);
			_exit(0);
		}
	}
	close(ready[1]);
	close(go[0]);
	for (int n = 0; n < DAY_DESKS; n++) {
		if (read(ready[0], &c, 1) == 1)
			continue;
		/* Closing go at our exit would start the others on a ledger being removed. */
		for (int k = 0; k < DAY_DESKS; k++)
			kill(pids[k], SIGTERM);
		die("busy day", "a desk did not open");
	}
	sh->t_go = seconds();
	close(go[1]);
	close(ready[0]);
	for (int n = 0; n < DAY_DESKS; n++)
		if (waitpid(pids[n], &status, 0) != pids[n] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			die("busy day", "a desk failed");
}

/* A desk's process: its own connection, terminal, actor and draws. */
static void
desk_day(int n, const struct desk_sync *s, struct day_shared *sh, long per, void *ctx)
{
	struct desk_state *d = calloc(1, sizeof *d);
	const char *seed = getenv("JIFEN_SEED");
	const struct day_ctx *c = ctx;
	enum desk desk = n < DAY_COUNTERS ? DESK_COUNTER : DESK_KIOSK;
	char name[32], text[RANDOM_SEED_MAX + 1];
	struct jf_error err;
	struct actor a;

	if (d == NULL)
		die("busy day", "out of memory");
	d->n = n;
	d->tally = &sh->tally[n];
	d->vouchers[0] = c->vouchers[0];
	d->vouchers[1] = c->vouchers[1];
	d->cfg = cfg;
	snprintf(d->cfg.terminal, sizeof d->cfg.terminal, "%s-%d",
		 desk == DESK_COUNTER ? "counter" : "kiosk", n % DAY_COUNTERS + 1);
	snprintf(text, sizeof text, "%.50s-desk%d", seed && *seed ? seed : DAY_SEED, n);
	if (random_seed(text, &err) != JF_OK ||
	    ledger_open(&d->lg, c->path, &d->cfg, &err) != JF_OK)
		die(d->cfg.terminal, err.message);
	if (desk == DESK_COUNTER) {
		snprintf(name, sizeof name, "S%02d", n + 1);
		if (actor_staff(&a, name, &err) != JF_OK)
			die(name, err.message);
		ledger_act_as(&d->lg, &a);
	}
	wait_for_go(s, d->tally);
	for (long i = 0; i < per; i++) {
		/* The day's clock, the same for every desk: no write is behind another's. */
		clock_set(day_open + (int64_t)(seconds() - sh->t_go));
		desk_action(d, desk, &sh->lat[n * per + i]);
	}
	d->tally->end = seconds();
	ledger_close(&d->lg);
	free(d);
}

/* A baseline process: one row per transaction, as a desk's one write. */
static void
raw_desk(int n, const struct desk_sync *s, struct day_shared *sh, long per, void *ctx)
{
	const struct day_ctx *c = ctx;
	struct day_tally *t = &sh->tally[n];
	sqlite3 *db = raw_open(c->path);
	sqlite3_stmt *begin, *ins, *commit;
	struct db_busy_wait wait = { cfg.busy_timeout_ms, { 0, 0 } };
	double t0;

	/* The ledger's own way of waiting for the lock (db_backend.h). */
	sqlite3_busy_handler(db, db_busy_retry, &wait);
	raw_durable(db);
	begin = raw_prepare(db, "BEGIN IMMEDIATE");
	ins = raw_prepare(db, "INSERT INTO posting(amount) VALUES (5)");
	commit = raw_prepare(db, "COMMIT");
	wait_for_go(s, t);
	for (long i = 0; i < per; i++) {
		t0 = seconds();
		if (sqlite3_step(begin) == SQLITE_BUSY) {
			sh->lat[n * per + i] = seconds() - t0;
			fprintf(stderr, "bench: raw sqlite busy: writer %d, commit %ld, %.3f s in,"
				" after %.1f ms: %s (code %d)\n", n + 1, i + 1, t0 - t->start,
				sh->lat[n * per + i] * 1e3, sqlite3_errmsg(db),
				sqlite3_extended_errcode(db));
			sqlite3_reset(begin);
			t->busy++;
			continue;
		}
		sqlite3_reset(begin);
		raw_step_done(db, ins);
		raw_step_done(db, commit);
		sh->lat[n * per + i] = seconds() - t0;
		t->done[MIX_EARN]++;
	}
	t->end = seconds();
	sqlite3_finalize(begin);
	sqlite3_finalize(ins);
	sqlite3_finalize(commit);
	sqlite3_close(db);
}

/* ---- the opening and the figures ---- */

/* Members with their opening points, in families of DAY_FAMILY, and the
 * item: one durable transaction each, as a store fills over time (which
 * also takes the ledger's WAL past its first checkpoint). Returns how
 * many writes it took. */
static long
day_opening(const char *path, int64_t opened[KIND_COUNT])
{
	struct grant_request g = { NULL, 0, KIND_POINTS, "opening", NULL };
	struct member_new m = { NULL, NULL, NULL, NULL, NULL };
	struct ledger_result res;
	struct member found;
	struct ledger lg;
	struct jf_error err;
	char card[MEMBER_CARD_SIZE], name[48], key[32], family[32];
	enum jf_status st = JF_OK;

	if (ledger_create(&lg, path, &cfg, &err) != JF_OK || act(&lg) != JF_OK)
		die("creating the day's ledger", err.message);
	import_item(&lg);
	for (int i = 0; i < day_members && st == JF_OK; i++) {
		card_of(i, card);
		snprintf(name, sizeof name, "Day Member %d", i + 1);
		snprintf(family, sizeof family, "family-%d", i / DAY_FAMILY + 1);
		m.card = g.card = card;
		m.name = name;
		g.key = key;
		if ((st = member_add(&lg, &m, &err)) != JF_OK ||
		    (st = member_find(&lg, card, &found, &err)) != JF_OK)
			break;
		member_ids[i] = found.id;
		st = i % DAY_FAMILY == 0 ? family_create(&lg, family, card, &err)
					 : family_add(&lg, family, card, &err);
		for (int k = 0; k < KIND_COUNT && st == JF_OK; k++) {
			g.kind = (enum point_kind)k;
			g.points = k == KIND_POINTS ? DAY_OPENING_POINTS : DAY_OPENING_GREEN;
			snprintf(key, sizeof key, "open-%d-%d", i, k);
			st = ledger_grant(&lg, &g, &res, &err);
			opened[k] += g.points;
		}
	}
	if (st != JF_OK)
		die("opening the day's ledger", err.message);
	ledger_close(&lg);
	return day_members * (2L + KIND_COUNT);
}

static struct day_shared *
shared_new(long per)
{
	size_t size = sizeof(struct day_shared) + sizeof(double) * (size_t)(DAY_DESKS * per);
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("busy day", strerror(errno));
	memset(p, 0, size);
	return p;
}

static void
shared_free(struct day_shared *sh, long per)
{
	munmap(sh, sizeof(struct day_shared) + sizeof(double) * (size_t)(DAY_DESKS * per));
}

/* What one side (the day, or both halves of the baseline) adds up to. */
struct day_figures {
	double wall;
	long done;
	long busy;
	double *lat[2]; /* counters', kiosks' (for the baseline: all in lat[0]) */
	long lat_count[2];
};

/* Add one run of the desks to *f: its wall time (first start to last end),
 * actions, busy errors and latencies (split: counters' and kiosks' apart). */
static void
collect(const struct day_shared *sh, long per, int split, struct day_figures *f)
{
	double start = sh->tally[0].start, end = sh->tally[0].end;

	for (int n = 0; n < DAY_DESKS; n++) {
		const struct day_tally *t = &sh->tally[n];
		int side = split && n >= DAY_COUNTERS;

		start = t->start < start ? t->start : start;
		end = t->end > end ? t->end : end;
		f->busy += t->busy;
		for (int k = 0; k < MIX_SIZE; k++)
			f->done += t->done[k] + t->refused[k];
		memcpy(f->lat[side] + f->lat_count[side], sh->lat + n * per,
		       sizeof(double) * (size_t)per);
		f->lat_count[side] += per;
	}
	f->wall += end - start;
}

/* The percent-th percentile: the smallest value at or above percent% of them. */
static double
pct(double *v, long n, int percent)
{
	long i = (n * percent + 99) / 100 - 1;

	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[i < 0 ? 0 : i];
}

/* Half the baseline: DAY_DESKS processes committing per rows each. */
static void
raw_half(const char *path, long per, struct day_figures *f)
{
	struct day_shared *sh = shared_new(per);
	struct day_ctx c = { path, { -1, -1 } };

	run_desks(raw_desk, sh, per, &c);
	collect(sh, per, 0, f);
	shared_free(sh, per);
}

/* The baseline's file, warmed past its first checkpoint by as many
 * single-row commits as the day's opening wrote. */
static void
raw_prepare_file(const char *path, long warm)
{
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *ins;

	raw_durable(db);
	raw_exec(db, "CREATE TABLE posting(id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)");
	ins = raw_prepare(db, "INSERT INTO posting(amount) VALUES (5)");
	for (long i = 0; i < warm; i++)
		raw_step_done(db, ins);
	sqlite3_finalize(ins);
	sqlite3_close(db);
}

/* What each kind of action came to, on stderr. */
static void
report_mix(const struct day_shared *sh)
{
	fprintf(stderr, "bench: the day:");
	for (int k = 0; k < MIX_SIZE; k++) {
		long done = 0, refused = 0;

		for (int n = 0; n < DAY_DESKS; n++) {
			done += sh->tally[n].done[k];
			refused += sh->tally[n].refused[k];
		}
		if (day_mix[k].run != NULL)
			fprintf(stderr, " %s %ld (%ld refused);", day_mix[k].name, done, refused);
	}
	fprintf(stderr, "\n");
}

/* verify_ledger() on the day's ledger, and the balances conserved: the
 * points on members' accounts are issued - redeemed - expired by the
 * system accounts, and what the desks were told they moved. */
static void
check_day(const char *path, const struct day_shared *sh, const int64_t opened[KIND_COUNT])
{
	struct ledger_summary sum;
	struct verify_report rep;
	struct ledger lg;
	struct jf_error err;
	int64_t expected[KIND_COUNT];
	enum jf_status verified;
	int ok;

	memset(&rep, 0, sizeof rep);
	if (ledger_open(&lg, path, &cfg, &err) != JF_OK || ledger_summary(&lg, &sum, &err) != JF_OK)
		die("reading the day's ledger", err.message);
	verified = verify_ledger(&lg, &rep, &err);
	ok = verified == JF_OK;
	ledger_close(&lg);
	for (int k = 0; k < KIND_COUNT; k++) {
		expected[k] = opened[k];
		for (int n = 0; n < DAY_DESKS; n++)
			expected[k] += sh->tally[n].moved[k];
		if (sum.outstanding[k] != expected[k] ||
		    sum.outstanding[k] != sum.issued[k] - sum.redeemed[k] - sum.expired[k])
			ok = 0;
	}
	printf("busy day verify: %s, %lld entries; points on members' accounts %lld"
	       " = issued %lld - redeemed %lld - expired %lld, the desks' count %lld;"
	       " green %lld, the desks' count %lld (goal: all equal) %s\n",
	       verified == JF_OK ? "passed" : rep.problem[0] ? rep.problem : err.message,
	       (long long)rep.entries, (long long)sum.outstanding[KIND_POINTS],
	       (long long)sum.issued[KIND_POINTS], (long long)sum.redeemed[KIND_POINTS],
	       (long long)sum.expired[KIND_POINTS], (long long)expected[KIND_POINTS],
	       (long long)sum.outstanding[KIND_GREEN], (long long)expected[KIND_GREEN],
	       verdict(ok));
}

static void
print_figures(long ops, struct day_figures *day, struct day_figures *raw)
{
	double rate = (double)day->done / day->wall, raw_rate = (double)raw->done / raw->wall;
	double raw_p99 = pct(raw->lat[0], raw->lat_count[0], 99) * 1e3;
	const char *side[2] = { "counter", "kiosk" };

	printf("busy day actions/s (%d counters, %d kiosks, %ld actions): %.0f vs raw sqlite"
	       " %d writers %.0f commits/s = %.2f (goal >= %.1f) %s\n", DAY_COUNTERS, DAY_KIOSKS,
	       ops, rate, DAY_DESKS, raw_rate, rate / raw_rate, GOAL_DAY_RATE,
	       verdict(rate / raw_rate >= GOAL_DAY_RATE));
	fprintf(stderr, "bench: medians: counter %.2f ms, kiosk %.2f ms, raw commit %.2f ms\n",
		pct(day->lat[0], day->lat_count[0], 50) * 1e3,
		pct(day->lat[1], day->lat_count[1], 50) * 1e3, pct(raw->lat[0], raw->lat_count[0], 50) * 1e3);
	for (int s = 0; s < 2; s++) {
		double p = pct(day->lat[s], day->lat_count[s], 99) * 1e3;

		printf("busy day %s p99: %.1f ms vs raw sqlite commit p99 %.1f ms = %.2f"
		       " (goal <= %.1f) %s\n", side[s], p, raw_p99, p / raw_p99, GOAL_DAY_P99,
		       verdict(p / raw_p99 <= GOAL_DAY_P99));
	}
	printf("busy day busy errors: %ld vs raw sqlite %ld (goal 0) %s\n", day->busy, raw->busy,
	       verdict(day->busy == 0));
}

static void
figures_alloc(struct day_figures *f, long ops)
{
	memset(f, 0, sizeof *f);
	f->lat[0] = malloc(sizeof(double) * (size_t)ops);
	f->lat[1] = malloc(sizeof(double) * (size_t)ops);
	if (f->lat[0] == NULL || f->lat[1] == NULL)
		die("bench", "out of memory");
}

static void
figures_free(struct day_figures *f)
{
	free(f->lat[0]);
	free(f->lat[1]);
}

void
bench_busyday(long ops)
{
	long per = ops / DAY_DESKS, half = per / 2, warm;
	char path[PATH_SIZE], raw_path[PATH_SIZE];
	int64_t opened[KIND_COUNT] = { 0, 0 };
	struct day_figures day, raw;
	struct day_shared *sh;
	struct day_ctx c;
	struct jf_error err;
	const char *seed = getenv("JIFEN_SEED");

	ops = per * DAY_DESKS;
	day_members = (int)(ops / DAY_ACTIONS_PER_MEMBER);
	day_members = day_members > DAY_MEMBERS ? DAY_MEMBERS : day_members;
	day_members = day_members < 4 * DAY_FAMILY ? 4 * DAY_FAMILY : day_members;
	figures_alloc(&day, ops);
	figures_alloc(&raw, ops);
	file_path("day.db", path, sizeof path);
	file_path("dayraw.db", raw_path, sizeof raw_path);
	if (random_seed(seed && *seed ? seed : DAY_SEED, &err) != JF_OK)
		die("JIFEN_SEED", err.message);
	fprintf(stderr, "bench: the day's opening: %d members in families of %d...\n",
		day_members, DAY_FAMILY);
	warm = day_opening(path, opened);
	day_open = clock_now() + 60;
	raw_prepare_file(raw_path, warm);
	fprintf(stderr, "bench: a busy day of %ld actions, and %ld raw commits by %d processes...\n",
		ops, ops, DAY_DESKS);
	raw_half(raw_path, half, &raw);
	sh = shared_new(per);
	c.path = path;
	if (pipe(c.vouchers) != 0 || fcntl(c.vouchers[0], F_SETFL, O_NONBLOCK) != 0 ||
	    fcntl(c.vouchers[1], F_SETFL, O_NONBLOCK) != 0)
		die("the voucher queue", strerror(errno));
	run_desks(desk_day, sh, per, &c);
	close(c.vouchers[0]);
	close(c.vouchers[1]);
	collect(sh, per, 1, &day);
	raw_half(raw_path, per - half, &raw);
	report_mix(sh);
	print_figures(ops, &day, &raw);
	check_day(path, sh, opened);
	fflush(stdout);
	shared_free(sh, per);
	figures_free(&day);
	figures_free(&raw);
	remove_ledger(path);
	remove_ledger(raw_path);
}
