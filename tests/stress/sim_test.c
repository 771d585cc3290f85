/*
 * sim_test: a seeded random walk through the ledger, checked step by step
 * against a small model written from the rules (sim_model.c), not from
 * the core's code.
 *
 * Each step is one operation: earn, grant, green transfer, hold, post,
 * void, earn reversal, expiry run, a clock jump (mostly forward, a few
 * back), a replay of an earlier request, or an earlier key with other
 * content. The model predicts the status and result of every call and,
 * after it, every member's total, held, pending and available points and
 * the lots about to expire. The first difference fails the run with the
 * seed and the step, which replay exactly: all randomness comes from the
 * seeded PRNG and all time from clock_set().
 *
 * JIFEN_SIM_SEED picks one seed (default: three fixed seeds), JIFEN_SIM_OPS
 * the number of steps per seed (default 3000), JIFEN_SIM_VERIFY_EVERY how
 * often verify runs (default every 200 steps).
 *
 * JIFEN_SIM_KILL_EVERY=N (make soak; soak_short.sh in make check): every
 * Nth step runs in a forked child that is killed by SIGKILL at a seeded
 * disk write or sync inside it (tests/fault/faultvfs.c), or just after it
 * if the step made fewer. The parent, which kept the model and the ledger
 * as they were before the step, reopens the
 * ledger and runs verify. If the ledger is unchanged the step did not land
 * and the parent runs it; if it changed, the parent puts the copy taken
 * before the step back, runs the step itself and the result must be exactly
 * the ledger the kill left: a step lands whole or not at all, and the walk
 * goes on checked against the model.
 *
 * With JIFEN_TEST_PG (a PostgreSQL server's URL) every walk's ledger is a
 * schema of its own there (stress_ledger_location()); the kills above are
 * SQLite's alone and are skipped.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "export.h"
#include "fault_ops.h"
#include "faultvfs.h"
#include "ledger.h"
#include "settings.h"
#include "sim_model.h"
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


static int64_t verify_every = 200;
/* The soak's kills: every kill_every steps; how many landed in a step. */
static int64_t kill_every, kills, kills_landed;

/* ---- the run: core and model side by side ---- */

struct sim {
	uint64_t seed;
	int64_t ops; /* steps asked for, to print in the repro line */
	int64_t step;
	char what[160]; /* the current step, for messages */
	struct rng rng;
	struct ledger lg;
	struct settings cfg;
	struct model md;
	struct req *log; /* every request made, for replays and conflicts */
	size_t nlog;
	int64_t next_key;
	/* How often each interesting thing happened: the run must reach them all. */
	int64_t seen_replay, seen_conflict, seen_insufficient, seen_notfound, seen_expired,
		seen_partial_reverse, seen_back, seen_locked, seen_overdue;
};

static void
sim_fail(const struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

static void
sim_fail(const struct sim *s, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: seed %llu, step %lld (%s): ", stress_prog,
		(unsigned long long)s->seed, (long long)s->step, s->what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s: reproduce with JIFEN_SIM_SEED=%llu JIFEN_SIM_OPS=%lld\n",
		stress_prog, (unsigned long long)s->seed, (long long)s->ops);
	exit(1);
}

static void
expect_int(const struct sim *s, const char *what, int64_t core, int64_t model)
{
	if (core != model)
		sim_fail(s, "%s: core %lld, model %lld", what, (long long)core, (long long)model);
}

static void
expect_status(const struct sim *s, enum jf_status core, const struct jf_error *err,
	      enum jf_status model)
{
	if (core != model)
		sim_fail(s, "status: core %s (%s), model %s", jf_status_name(core),
			 core == JF_OK ? "" : err->message, jf_status_name(model));
}

static void
expect_outcome(struct sim *s, enum jf_status st, const struct jf_error *err,
	       const struct ledger_result *res, const struct outcome *o)
{
	expect_status(s, st, err, o->status);
	if (st == JF_OK) {
		expect_int(s, "replay", res->replay, o->replay);
		expect_int(s, "entry id", res->entry_id, o->entry_id);
		expect_int(s, "points", res->points, o->points);
		expect_int(s, "shortfall", res->shortfall, o->shortfall);
	}
	s->seen_replay += st == JF_OK && o->replay;
	s->seen_conflict += st == JF_CONFLICT;
	s->seen_insufficient += st == JF_INSUFFICIENT;
	s->seen_notfound += st == JF_NOTFOUND;
}

static const char *
kind_word(int kind)
{
	return kind == KIND_GREEN ? "green" : "points";
}

static void
describe(struct sim *s, const struct req *q, const char *how)
{
	switch (q->type) {
	case REQ_EARN:
		snprintf(s->what, sizeof s->what, "%searn %s fen %lld%s %s receipt %s", how,
			 card_of(q->member), (long long)q->amount, q->kind ? " green" : "",
			 q->category ? q->category : "-", q->key);
		break;
	case REQ_REVERSE:
		snprintf(s->what, sizeof s->what, "%sreverse receipt %s", how, q->key);
		break;
	case REQ_GRANT:
		snprintf(s->what, sizeof s->what, "%sgrant %s %lld %s key %s", how,
			 card_of(q->member), (long long)q->amount, kind_word(q->kind), q->key);
		break;
	case REQ_TRANSFER:
		snprintf(s->what, sizeof s->what, "%stransfer %s -> %s %lld %s key %s", how,
			 card_of(q->member), card_of(q->to), (long long)q->amount,
			 kind_word(q->kind), q->key);
		break;
	case REQ_HOLD:
		snprintf(s->what, sizeof s->what, "%shold %s %lld %s key %s", how,
			 card_of(q->member), (long long)q->amount, kind_word(q->kind), q->key);
		break;
	}
}

/* What the hold the core handed back reserves. */
static int64_t
hold_points(const struct sim *s, int64_t id)
{
	struct hold_info info;
	struct jf_error err;

	if (ledger_hold_get((struct ledger *)&s->lg, id, &info, &err) != JF_OK)
		sim_fail(s, "hold %lld just made: %s", (long long)id, err.message);
	return info.points;
}

static void
run_req(struct sim *s, const struct req *q)
{
	struct ledger_result res;
	struct jf_error err;
	struct outcome o;
	enum jf_status st = JF_ERR;

	jf_error_clear(&err);
	memset(&res, 0, sizeof res);
	switch (q->type) {
	case REQ_EARN: {
		struct earn_request r = { card_of(q->member), q->amount, q->key, q->kind,
					  q->category };

		o = model_earn(&s->md, q);
		st = ledger_earn(&s->lg, &r, &res, &err);
		break;
	}
	case REQ_REVERSE:
		o = model_reverse(&s->md, q);
		st = ledger_earn_reverse(&s->lg, q->key, &res, &err);
		s->seen_partial_reverse += st == JF_OK && !o.replay && o.shortfall > 0;
		break;
	case REQ_GRANT: {
		struct grant_request r = { card_of(q->member), q->amount, q->kind, q->reason,
					   q->key };

		o = model_grant(&s->md, q);
		st = ledger_grant(&s->lg, &r, &res, &err);
		break;
	}
	case REQ_TRANSFER: {
		struct transfer_request r = { card_of(q->member), card_of(q->to), q->amount,
					      q->kind, q->key };

		o = model_transfer(&s->md, q);
		st = ledger_transfer(&s->lg, &r, &res, &err);
		break;
	}
	case REQ_HOLD: {
		struct hold_request r = { card_of(q->member), q->kind, q->amount, q->key,
					  "sim voucher", q->expires_at };

		o = model_hold(&s->md, q);
		st = ledger_hold(&s->lg, &r, &res.entry_id, &res.replay, &err);
		if (st == JF_OK)
			res.points = hold_points(s, res.entry_id);
		break;
	}
	}
	expect_outcome(s, st, &err, &res, &o);
}

static void
log_req(struct sim *s, const struct req *q)
{
	s->log = sim_grow(s->log, s->nlog, sizeof *s->log);
	s->log[s->nlog++] = *q;
}

static void
new_key(struct sim *s, struct req *q, const char *prefix)
{
	snprintf(q->key, sizeof q->key, "%s%lld", prefix, (long long)++s->next_key);
}

static int
random_member(struct sim *s, int unknown_percent)
{
	if (rng_chance(&s->rng, unknown_percent))
		return -1;
	return (int)rng_range(&s->rng, 0, NMEMBERS - 1);
}

static void
step_earn(struct sim *s)
{
	static const char *const categories[] = { NULL, NULL, NULL, "dairy", "dairy", "toys" };
	struct req q = { .type = REQ_EARN };

	q.member = random_member(s, 4);
	q.kind = rng_chance(&s->rng, 30) ? KIND_GREEN : KIND_POINTS;
	/* Some purchases under one yuan: they earn nothing. */
	q.amount = rng_chance(&s->rng, 8) ? rng_range(&s->rng, 0, 99)
					  : rng_range(&s->rng, 100, 40000);
	q.category = categories[rng_range(&s->rng, 0, 5)];
	new_key(s, &q, "c-");
	describe(s, &q, "");
	log_req(s, &q);
	run_req(s, &q);
}

static void
step_grant(struct sim *s)
{
	static const char *const reasons[] = { "birthday", "survey answered", "store apology" };
	struct req q = { .type = REQ_GRANT };

	q.member = random_member(s, 3);
	q.kind = rng_chance(&s->rng, 50) ? KIND_GREEN : KIND_POINTS;
	q.amount = rng_range(&s->rng, 1, 300);
	q.reason = reasons[rng_range(&s->rng, 0, 2)];
	new_key(s, &q, "g-");
	describe(s, &q, "");
	log_req(s, &q);
	run_req(s, &q);
}

static int64_t
available_of(struct sim *s, int member, int kind)
{
	if (member < 0)
		return 0;
	return acct_available(&s->md.acct[member][kind], model_today(&s->md));
}

/* An amount around what is available, so both sides of the line are hit. */
static int64_t
amount_near(struct sim *s, int member, int kind, int64_t small_max)
{
	int64_t avail = available_of(s, member, kind), v;

	if (rng_chance(&s->rng, 60))
		return rng_range(&s->rng, 1, small_max);
	v = avail + rng_range(&s->rng, -3, 3);
	return v < 1 ? 1 : v;
}

static void
step_transfer(struct sim *s)
{
	struct req q = { .type = REQ_TRANSFER, .kind = KIND_GREEN };
	int r = (int)rng_range(&s->rng, 0, 99);

	if (r < 80) {
		/* Within a family: members 0-2 or 3-4. */
		int fam = rng_chance(&s->rng, 60) ? 0 : 3, size = fam == 0 ? 3 : 2;

		q.member = fam + (int)rng_range(&s->rng, 0, size - 1);
		q.to = fam + (int)((q.member - fam + rng_range(&s->rng, 1, size - 1)) % size);
	} else {
		q.member = random_member(s, 5);
		q.to = random_member(s, 5);
		if (r >= 97)
			q.to = q.member;
		if (r >= 94 && r < 97)
			q.kind = KIND_POINTS;
	}
	q.amount = amount_near(s, q.member, q.kind, 150);
	new_key(s, &q, "t-");
	describe(s, &q, "");
	log_req(s, &q);
	run_req(s, &q);
}

static void
step_hold(struct sim *s)
{
	struct req q = { .type = REQ_HOLD };

	q.member = random_member(s, 3);
	q.kind = rng_chance(&s->rng, 40) ? KIND_GREEN : KIND_POINTS;
	q.amount = amount_near(s, q.member, q.kind, 120);
	q.expires_at = rng_chance(&s->rng, 50) ? 0 : s->md.now + 7 * DAY;
	new_key(s, &q, "h-");
	describe(s, &q, "");
	log_req(s, &q);
	run_req(s, &q);
}

/* Mostly a pending hold; sometimes any hold, or one that does not exist. */
static int64_t
pick_hold(struct sim *s)
{
	size_t pending = 0, n = s->md.nholds;
	int64_t want;

	for (size_t i = 0; i < n; i++)
		pending += s->md.holds[i].state == MH_PENDING;
	if (pending > 0 && rng_chance(&s->rng, 75)) {
		want = rng_range(&s->rng, 0, (int64_t)pending - 1);
		for (size_t i = 0; i < n; i++)
			if (s->md.holds[i].state == MH_PENDING && want-- == 0)
				return (int64_t)i + 1;
	}
	return rng_range(&s->rng, 0, (int64_t)n + 2);
}

static void
check_hold_state(struct sim *s, int64_t id)
{
	struct mhold *h = hold_at(&s->md, id);
	struct hold_info info;
	struct jf_error err;
	enum jf_status st = ledger_hold_get(&s->lg, id, &info, &err);

	expect_status(s, st, &err, h ? JF_OK : JF_NOTFOUND);
	if (h == NULL)
		return;
	expect_int(s, "hold state", info.state,
		   h->state == MH_PENDING ? HOLD_PENDING
		   : h->state == MH_POSTED ? HOLD_POSTED : HOLD_VOIDED);
	expect_int(s, "hold points", info.points, h->points);
	expect_int(s, "hold kind", info.kind, h->kind);
	expect_int(s, "hold entry", info.entry_id, h->post_entry);
}

static void
step_post(struct sim *s)
{
	int64_t id = pick_hold(s);
	struct ledger_result res;
	struct jf_error err;
	struct outcome o;
	enum jf_status st;

	snprintf(s->what, sizeof s->what, "post hold %lld", (long long)id);
	o = model_post(&s->md, id);
	st = ledger_hold_post(&s->lg, id, &res, &err);
	expect_outcome(s, st, &err, &res, &o);
	check_hold_state(s, id);
}

static void
step_void(struct sim *s)
{
	int64_t id = pick_hold(s);
	struct jf_error err;
	enum jf_status st, want;

	snprintf(s->what, sizeof s->what, "void hold %lld", (long long)id);
	want = model_void(&s->md, id);
	st = ledger_hold_void(&s->lg, id, &err);
	expect_status(s, st, &err, want);
	check_hold_state(s, id);
}

static void
step_reverse(struct sim *s)
{
	struct req q = { .type = REQ_REVERSE };
	size_t earns = 0;
	int64_t want;

	for (size_t i = 0; i < s->nlog; i++)
		earns += s->log[i].type == REQ_EARN;
	if (earns == 0 || rng_chance(&s->rng, 8)) {
		snprintf(q.key, sizeof q.key, "nosuch-%lld", (long long)rng_range(&s->rng, 1, 50));
	} else {
		want = rng_range(&s->rng, 0, (int64_t)earns - 1);
		for (size_t i = 0; i < s->nlog; i++)
			if (s->log[i].type == REQ_EARN && want-- == 0)
				memcpy(q.key, s->log[i].key, sizeof q.key);
	}
	describe(s, &q, "");
	log_req(s, &q);
	run_req(s, &q);
}

static void
step_expire(struct sim *s)
{
	struct expire_outcome o;
	struct expire_result res;
	struct jf_error err;
	enum jf_status st;

	snprintf(s->what, sizeof s->what, "expire");
	o = model_expire(&s->md);
	st = ledger_expire(&s->lg, &res, &err);
	expect_status(s, st, &err, o.status);
	expect_int(s, "expire entry", res.entry_id, o.entry_id);
	expect_int(s, "expired lots", res.lots, o.lots);
	expect_int(s, "expired points", res.points[KIND_POINTS], o.points[KIND_POINTS]);
	expect_int(s, "expired green", res.points[KIND_GREEN], o.points[KIND_GREEN]);
	s->seen_expired += o.points[0] + o.points[1] > 0;
}

static void
step_clock(struct sim *s, int back)
{
	int64_t delta;

	if (back) {
		delta = -rng_range(&s->rng, 600, 40 * 3600);
		s->seen_back++;
	} else if (rng_chance(&s->rng, 50)) {
		delta = rng_range(&s->rng, 600, 30 * 3600);
	} else {
		delta = rng_range(&s->rng, 1, 6) * DAY + rng_range(&s->rng, 0, 3600);
	}
	snprintf(s->what, sizeof s->what, "clock %+lld s", (long long)delta);
	s->md.now += delta;
	clock_set(s->md.now);
}

static void
step_replay(struct sim *s)
{
	struct req q;

	if (s->nlog == 0)
		return;
	q = s->log[rng_range(&s->rng, 0, (int64_t)s->nlog - 1)];
	describe(s, &q, "replay of ");
	run_req(s, &q);
}

/* An earlier key with other content: a conflict if that key was used. */
static void
step_conflict(struct sim *s)
{
	struct req q;

	if (s->nlog == 0)
		return;
	q = s->log[rng_range(&s->rng, 0, (int64_t)s->nlog - 1)];
	switch (q.type) {
	case REQ_REVERSE:
		return; /* a reversal has no content besides its receipt */
	case REQ_EARN:
		q.amount += 100;
		break;
	case REQ_GRANT:
		if (rng_chance(&s->rng, 50))
			q.reason = "a different reason";
		else
			q.amount++;
		break;
	case REQ_TRANSFER:
	case REQ_HOLD:
		q.amount++;
		break;
	}
	describe(s, &q, "same key, other content: ");
	log_req(s, &q);
	run_req(s, &q);
}

static int64_t
date_days(const char *date)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) / DAY;
}

/* The lots that expire within the notice window, by date then kind. */
static void
check_expiring(struct sim *s, int m, const struct balance *b)
{
	int64_t day = model_today(&s->md), sum;
	size_t n = 0;
	char what[96];

	for (int64_t d = day; d <= day + NOTICE_DAYS; d++) {
		for (int k = 0; k < KIND_COUNT; k++) {
			const struct macct *a = &s->md.acct[m][k];

			sum = 0;
			for (size_t i = 0; i < a->count; i++)
				if (a->lots[i].expires == d)
					sum += a->lots[i].remaining;
			if (sum == 0)
				continue;
			snprintf(what, sizeof what, "%s expiring item %zu", sim_cards[m], n);
			if (n >= b->expiring_count)
				sim_fail(s, "%s: core lists %zu, model expects %lld %s expiring on day %lld",
					 what, b->expiring_count, (long long)sum, kind_word(k),
					 (long long)d);
			expect_int(s, what, date_days(b->expiring[n].date), d);
			expect_int(s, what, b->expiring[n].kind, k);
			expect_int(s, what, b->expiring[n].points, sum);
			n++;
		}
	}
	expect_int(s, "number of expiring items", (int64_t)b->expiring_count, (int64_t)n);
}

static void
check_balances(struct sim *s)
{
	int64_t day = model_today(&s->md), locked, overdue;
	struct balance b;
	struct jf_error err;
	char what[96];

	model_self_check(&s->md);
	for (int m = 0; m < NMEMBERS; m++) {
		if (ledger_balance(&s->lg, sim_cards[m], &b, &err) != JF_OK)
			sim_fail(s, "balance of %s: %s", sim_cards[m], err.message);
		for (int k = 0; k < KIND_COUNT; k++) {
			const struct macct *a = &s->md.acct[m][k];

			acct_sums(a, day, &locked, &overdue);
			s->seen_locked += locked > 0;
			s->seen_overdue += overdue > 0;
			snprintf(what, sizeof what, "%s %s total", sim_cards[m], kind_word(k));
			expect_int(s, what, b.total[k], a->total);
			snprintf(what, sizeof what, "%s %s held", sim_cards[m], kind_word(k));
			expect_int(s, what, b.held[k], a->held);
			snprintf(what, sizeof what, "%s %s pending", sim_cards[m], kind_word(k));
			expect_int(s, what, b.pending[k], locked);
			snprintf(what, sizeof what, "%s %s available", sim_cards[m], kind_word(k));
			expect_int(s, what, b.available[k], acct_available(a, day));
		}
		check_expiring(s, m, &b);
		balance_done(&b);
	}
}

static void
check_verify(struct sim *s)
{
	struct verify_report rep;
	struct jf_error err;
	enum jf_status st = verify_ledger(&s->lg, &rep, &err);

	if (st != JF_OK)
		sim_fail(s, "verify: %s", st == JF_INTEGRITY ? rep.problem : err.message);
	expect_int(s, "entries in the ledger", rep.entries, s->md.entries);
	expect_int(s, "lots in the ledger", rep.lots, s->md.lots);
	expect_int(s, "holds in the ledger", rep.holds, (int64_t)s->md.nholds);
}

static void
sim_step(struct sim *s)
{
	int r = (int)rng_range(&s->rng, 0, 99);

	if (r < 14)
		step_earn(s);
	else if (r < 24)
		step_grant(s);
	else if (r < 38)
		step_transfer(s);
	else if (r < 49)
		step_hold(s);
	else if (r < 57)
		step_post(s);
	else if (r < 62)
		step_void(s);
	else if (r < 67)
		step_reverse(s);
	else if (r < 72)
		step_expire(s);
	else if (r < 81)
		step_clock(s, 0);
	else if (r < 83)
		step_clock(s, 1);
	else if (r < 93)
		step_replay(s);
	else
		step_conflict(s);
}

static void
sim_config(struct settings *cfg)
{
	char text[512];
	struct jf_error err;

	snprintf(text, sizeof text,
		 "[earn]\npoints_per_yuan = %d\ngreen_per_yuan = %d\nlock_days = %d\n"
		 "[expiry]\npolicy = rolling\ndays = %d\nnotice_days = %d\n"
		 "[transfer]\nallow_points = false\ndaily_green_limit = %d\n"
		 "[category dairy]\npoints_per_yuan = %d\n",
		 POINTS_PER_YUAN, GREEN_PER_YUAN, LOCK_DAYS, EXPIRY_DAYS, NOTICE_DAYS, GREEN_LIMIT,
		 DAIRY_PER_YUAN);
	if (settings_load_string(cfg, text, &err) != JF_OK)
		stress_die("the simulation's config is refused: %s", err.message);
}

static void
sim_open(struct sim *s, const char *path)
{
	static const char *const east[] = { "60000001", "60000002", "60000003" };
	static const char *const west[] = { "60000004", "60000005" };
	struct jf_error err;
	char name[32];

	if (ledger_create(&s->lg, path, &s->cfg, &err) != JF_OK)
		stress_die("cannot create %s: %s", path, err.message);
	act_as_tester(&s->lg);
	/* The crash test covers durability; here every fsync would only slow the walk. */
	if (stress_relax_sync(s->lg.db, &err) != JF_OK)
		stress_die("cannot relax synchronous: %s", err.message);
	for (int m = 0; m < NMEMBERS; m++) {
		snprintf(name, sizeof name, "Member %d", m + 1);
		stress_add_member(&s->lg, sim_cards[m], name);
	}
	stress_add_family(&s->lg, "East", east, 3);
	stress_add_family(&s->lg, "West", west, 2);
}

static void
sim_reopen(struct sim *s, const char *path)
{
	struct jf_error err;

	if (ledger_open(&s->lg, path, &s->cfg, &err) != JF_OK)
		sim_fail(s, "cannot reopen the ledger: %s", err.message);
	act_as_tester(&s->lg);
	if (stress_relax_sync(s->lg.db, &err) != JF_OK)
		sim_fail(s, "cannot relax synchronous: %s", err.message);
}

/* The ledger file alone: closed, its WAL is folded in. */
static void
copy_db(const char *from, const char *to)
{
	char side[4400];

	fault_copy_file(from, to);
	snprintf(side, sizeof side, "%s-wal", to);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", to);
	unlink(side);
}

/* The cuts come from a PRNG of their own: the walk is the same with or without kills. */
static struct rng kill_rng;

/* One step in a child killed inside it, or right after it when the step
 * made fewer disk calls than the cut (see the header). */
static void
sim_step_killed(struct sim *s)
{
	char path[4200], backup[4300], problem[320];
	uint64_t before, crashed, redone;
	int64_t cut = rng_range(&kill_rng, 1, 24);
	int status;
	pid_t pid;

	snprintf(path, sizeof path, "%s", db_path(s->lg.db));
	snprintf(backup, sizeof backup, "%s.before", path);
	ledger_close(&s->lg);
	copy_db(path, backup);
	before = fault_fingerprint(path);
	fflush(NULL);
	if ((pid = fork()) < 0)
		sim_fail(s, "fork failed");
	if (pid == 0) {
		stress_mark_child();
		sim_reopen(s, path);
		faultvfs_arm(FAULT_KILL, cut, 0);
		sim_step(s);
		raise(SIGKILL);
	}
	if (waitpid(pid, &status, 0) != pid)
		sim_fail(s, "waitpid failed");
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		sim_fail(s, "the step failed in the child (status %d)", status);
	kills++;
	if (fault_verify(path, &s->cfg, problem, sizeof problem) != JF_OK)
		sim_fail(s, "verify after a kill at disk call %lld: %s", (long long)cut, problem);
	crashed = fault_fingerprint(path);
	if (crashed == before) {
		sim_reopen(s, path);
		sim_step(s);
		return;
	}
	kills_landed++;
	copy_db(backup, path);
	sim_reopen(s, path);
	sim_step(s);
	ledger_close(&s->lg);
	redone = fault_fingerprint(path);
	if (redone != crashed)
		sim_fail(s, "the kill at disk call %lld left a ledger that is neither before nor "
			 "after the step", (long long)cut);
	sim_reopen(s, path);
}

/* 2026-03-01 09:00 in the store's zone: the walk starts here. */
#define SIM_START (INT64_C(1772326800))

/* A walk from seed on a new ledger called name (stress_ledger_location()) in dir. */
static void
sim_run(struct sim *s, uint64_t seed, int64_t ops, const char *dir, const char *name)
{
	char path[4200];

	memset(s, 0, sizeof *s);
	s->seed = seed;
	s->ops = ops;
	rng_seed(&s->rng, seed);
	rng_seed(&kill_rng, ~seed);
	sim_config(&s->cfg);
	stress_ledger_location(dir, name, &s->cfg, path, sizeof path);
	s->md.now = SIM_START + (int64_t)(seed % 86400);
	clock_set(s->md.now);
	sim_open(s, path);
	snprintf(s->what, sizeof s->what, "start");
	check_balances(s);
	for (s->step = 1; s->step <= ops; s->step++) {
		if (kill_every > 0 && s->step % kill_every == 0)
			sim_step_killed(s);
		else
			sim_step(s);
		check_balances(s);
		if (s->step % verify_every == 0) {
			check_verify(s);
			/* A soak runs for hours: say how far it got, in case it is stopped. */
			if (kill_every > 0) {
				printf("seed %llu: step %lld of %lld, %lld entries, %lld kills (%lld "
				       "landed whole); 0 mismatches so far\n",
				       (unsigned long long)s->seed, (long long)s->step, (long long)ops,
				       (long long)s->md.entries, (long long)kills,
				       (long long)kills_landed);
				fflush(stdout);
			}
		}
	}
	s->step--;
	snprintf(s->what, sizeof s->what, "end");
	check_verify(s);
}

static void
sim_close(struct sim *s)
{
	ledger_close(&s->lg);
	model_done(&s->md);
	free(s->log);
	s->log = NULL;
	clock_set(INT64_MIN);
}

/* A walk too short to reach some rule proves little: say which it missed. */
static void
check_coverage(const struct sim *s)
{
	const struct {
		const char *what;
		int64_t count;
	} seen[] = {
		{ "replays", s->seen_replay },
		{ "conflicts", s->seen_conflict },
		{ "insufficient points", s->seen_insufficient },
		{ "unknown cards, holds or receipts", s->seen_notfound },
		{ "expiry runs that expired points", s->seen_expired },
		{ "reversals cut short", s->seen_partial_reverse },
		{ "transfers over the daily limit", s->md.limit_refusals },
		{ "clock jumps back", s->seen_back },
		{ "writes refused for a clock behind the ledger", s->md.clock_refusals },
		{ "points in their lock period", s->seen_locked },
		{ "points past expiry not yet expired", s->seen_overdue },
		{ "expiry held back by a pending hold", s->md.held_back },
	};

	for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++)
		if (seen[i].count == 0)
			sim_fail(s, "the walk never reached %s; the model went untested there",
				 seen[i].what);
}

static char *
export_text(struct ledger *lg)
{
	struct jf_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL || export_ledger(lg, EXPORT_CSV, NULL, f, &err) != JF_OK)
		stress_die("cannot export the ledger");
	fclose(f);
	return buf;
}

/* The same seed must give the same ledger, line for line. */
static void
check_deterministic(const char *dir, uint64_t seed, int64_t ops)
{
	char *first, *second;
	struct sim *s = calloc(1, sizeof *s);

	if (s == NULL)
		stress_die("out of memory");
	sim_run(s, seed, ops, dir, "again-1");
	first = export_text(&s->lg);
	sim_close(s);
	sim_run(s, seed, ops, dir, "again-2");
	second = export_text(&s->lg);
	sim_close(s);
	if (strcmp(first, second) != 0)
		stress_die("seed %llu did not replay exactly: two runs of %lld steps wrote different "
			   "ledgers", (unsigned long long)seed, (long long)ops);
	free(first);
	free(second);
	free(s);
}

int
main(int argc, char **argv)
{
	const char *tmpdir;
	static const uint64_t default_seeds[] = { 1, 20261124, 987654321 };
	uint64_t seeds[3];
	size_t nseeds;
	int64_t ops;
	char name[32], date[CLOCK_DATE_LEN];
	struct sim *s;

	(void)argc;
	stress_prog = argv[0];
	stress_pin_zone();
	clock_date_of(SIM_START, date);
	if (strcmp(date, "2026-03-01") != 0)
		stress_die("the zone is not Asia/Shanghai (%s); the model's dates assume it", date);
	ops = stress_env_int("JIFEN_SIM_OPS", 3000, 1, INT64_C(100000000));
	verify_every = stress_env_int("JIFEN_SIM_VERIFY_EVERY", 200, 1, INT64_C(100000000));
	kill_every = stress_env_int("JIFEN_SIM_KILL_EVERY", 0, 0, INT64_C(100000000));
	/* The kills inside a step cut SQLite's own disk calls (faultvfs); a
	 * ledger on PostgreSQL has none in this process. Its kills and crashes
	 * are the crash test's (tests/pg/stress.sh). */
	if (kill_every > 0 && stress_on_pg()) {
		printf("%s: SKIP: JIFEN_SIM_KILL_EVERY cuts SQLite's disk calls, not "
		       "PostgreSQL's\n", stress_prog);
		return 77;
	}
	if (kill_every > 0)
		faultvfs_install(0);
	if (getenv("JIFEN_SIM_SEED") && *getenv("JIFEN_SIM_SEED")) {
		seeds[0] = (uint64_t)stress_env_int("JIFEN_SIM_SEED", 0, 0, INT64_MAX);
		nseeds = 1;
	} else {
		memcpy(seeds, default_seeds, sizeof seeds);
		nseeds = 3;
	}
	tmpdir = stress_scratch("jifen-sim");
	s = calloc(1, sizeof *s);
	if (s == NULL)
		stress_die("out of memory");
	for (size_t i = 0; i < nseeds; i++) {
		snprintf(name, sizeof name, "sim-%zu", i);
		sim_run(s, seeds[i], ops, tmpdir, name);
		if (ops >= 1000)
			check_coverage(s);
		printf("seed %llu: %lld steps, %lld entries, %zu holds, %lld replays, "
		       "%lld conflicts agree with the model; 0 mismatches\n",
		       (unsigned long long)seeds[i], (long long)ops, (long long)s->md.entries,
		       s->md.nholds, (long long)s->seen_replay, (long long)s->seen_conflict);
		if (kill_every > 0)
			printf("seed %llu: %lld kills -9 in or after a step (%lld landed whole, %lld left "
			       "no trace), verify passed after each; 0 writes lost\n",
			       (unsigned long long)seeds[i], (long long)kills,
			       (long long)kills_landed, (long long)(kills - kills_landed));
		kills = kills_landed = 0;
		sim_close(s);
	}
	free(s);
	check_deterministic(tmpdir, seeds[0], ops < 300 ? ops : 300);
	printf("seed %llu replays exactly\n", (unsigned long long)seeds[0]);
	return 0;
}
