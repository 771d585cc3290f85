/*
 * sim_model: the model behind sim_test (see sim_model.h). Never calls the
 * core: what it knows of the rules it knows from their description.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_model.h"
#include "stress.h"

const char *const sim_cards[NMEMBERS] = {
	"60000001", "60000002", "60000003", "60000004", "60000005", "60000006",
};
const int sim_family_of[NMEMBERS] = { 1, 1, 1, 2, 2, 0 };

void *
sim_grow(void *p, size_t count, size_t size)
{
	p = realloc(p, (count + 1) * size);
	if (p == NULL)
		stress_die("out of memory");
	return p;
}

int64_t
model_today(const struct model *md)
{
	return (md->now + ZONE_OFFSET) / DAY;
}

int
lot_locked(const struct mlot *l, int64_t day)
{
	return l->avail > day;
}

static int
lot_overdue(const struct mlot *l, int64_t day)
{
	return !lot_locked(l, day) && l->expires < day;
}

void
acct_sums(const struct macct *a, int64_t day, int64_t *locked, int64_t *overdue)
{
	*locked = *overdue = 0;
	for (size_t i = 0; i < a->count; i++) {
		if (lot_locked(&a->lots[i], day))
			*locked += a->lots[i].remaining;
		else if (lot_overdue(&a->lots[i], day))
			*overdue += a->lots[i].remaining;
	}
}

/* Spendable now: not held, not in the lock period, not past expiry. */
int64_t
acct_available(const struct macct *a, int64_t day)
{
	int64_t locked, overdue, v;

	acct_sums(a, day, &locked, &overdue);
	v = a->total - a->held - locked - overdue;
	return v < 0 ? 0 : v;
}

/* A write (an entry or a hold) is dated by the clock; last_ts is the
 * latest so far. */
static void
model_dated(struct model *md)
{
	if (md->now > md->last_ts)
		md->last_ts = md->now;
}

/* 1 (and the write refused) if the clock is more than the tolerance behind
 * the latest write: core's entry_clock_check. Every write transaction
 * begins with it (ledger_begin_write), so it comes after the checks of the
 * request alone and before anything the ledger holds: a replayed key, an
 * unknown card or hold, the points available. */
static int
clock_behind(struct model *md, enum jf_status *status)
{
	if (md->now >= md->last_ts - CLOCK_TOLERANCE)
		return 0;
	md->clock_refusals++;
	*status = JF_CONFLICT;
	return 1;
}

static int64_t
model_entry(struct model *md)
{
	model_dated(md);
	return ++md->entries;
}

static int64_t
add_lot(struct model *md, struct macct *a, int64_t amount, int64_t expires, int64_t avail)
{
	struct mlot *l;

	a->lots = sim_grow(a->lots, a->count, sizeof *a->lots);
	l = &a->lots[a->count++];
	l->id = ++md->lots;
	l->amount = l->remaining = amount;
	l->expires = expires;
	l->avail = avail;
	a->total += amount;
	return l->id;
}

/* Drop used-up lots so the lists stay short; order is kept. */
static void
compact(struct macct *a)
{
	size_t j = 0;

	for (size_t i = 0; i < a->count; i++)
		if (a->lots[i].remaining > 0)
			a->lots[j++] = a->lots[i];
	a->count = j;
}

enum take_order {
	TAKE_SPENDABLE, /* transfers: spendable lots, soonest expiry first */
	TAKE_IN_DATE,   /* reversals: lots not past their date, locked ones first */
	TAKE_HELD,      /* posts: spendable lots, then past their date, then locked */
	TAKE_DUE,       /* expiry: lots past their date, soonest first */
};

struct rank {
	int64_t k0, k1, k2, id;
	size_t index;
};

static int
rank_cmp(const void *pa, const void *pb)
{
	const struct rank *a = pa, *b = pb;

	if (a->k0 != b->k0)
		return a->k0 < b->k0 ? -1 : 1;
	if (a->k1 != b->k1)
		return a->k1 < b->k1 ? -1 : 1;
	if (a->k2 != b->k2)
		return a->k2 < b->k2 ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

struct take {
	int64_t amount, expires;
};

/*
 * Take amount points from a's lots in the given order (prefer's lot first
 * if nonzero); returns how many were taken and, if takes is not NULL, what
 * came from which expiry date (the caller frees *takes).
 */
static int64_t
consume(struct macct *a, int64_t amount, enum take_order order, int64_t day, int64_t prefer,
	struct take **takes, size_t *ntakes, int64_t *nlots)
{
	struct rank *r = calloc(a->count + 1, sizeof *r);
	size_t n = 0;
	int64_t left = amount, t;

	if (r == NULL)
		stress_die("out of memory");
	for (size_t i = 0; i < a->count; i++) {
		const struct mlot *l = &a->lots[i];

		if (l->remaining == 0)
			continue;
		if (order == TAKE_SPENDABLE && (lot_locked(l, day) || l->expires < day))
			continue;
		if (order == TAKE_DUE && l->expires >= day)
			continue;
		if (order == TAKE_IN_DATE && l->expires < day)
			continue;
		r[n].k0 = l->id == prefer ? 0 : 1;
		r[n].k1 = order == TAKE_IN_DATE ? !lot_locked(l, day)
			: order == TAKE_HELD ? (lot_locked(l, day) ? 2 : lot_overdue(l, day))
			: 0;
		r[n].k2 = l->expires;
		r[n].id = l->id;
		r[n].index = i;
		n++;
	}
	qsort(r, n, sizeof *r, rank_cmp);
	if (takes) {
		*takes = NULL;
		*ntakes = 0;
	}
	for (size_t i = 0; i < n && left > 0; i++) {
		struct mlot *l = &a->lots[r[i].index];

		t = l->remaining < left ? l->remaining : left;
		l->remaining -= t;
		left -= t;
		if (nlots)
			(*nlots)++;
		if (takes) {
			*takes = sim_grow(*takes, *ntakes, sizeof **takes);
			(*takes)[*ntakes].amount = t;
			(*takes)[(*ntakes)++].expires = l->expires;
		}
	}
	free(r);
	a->total -= amount - left;
	return amount - left;
}

static struct mkey *
key_find(struct model *md, const char *key)
{
	for (size_t i = 0; i < md->nkeys; i++)
		if (!strcmp(md->keys[i].key, key))
			return &md->keys[i];
	return NULL;
}

/* 1: a new key, do the work; 0: the key was used with this content, *o is
 * the first result; -1: the key was used for something else. */
static int
key_check(struct model *md, const char *key, const char *content, struct outcome *o)
{
	struct mkey *k = key_find(md, key);

	memset(o, 0, sizeof *o);
	if (k == NULL)
		return 1;
	if (strcmp(k->content, content) != 0) {
		o->status = JF_CONFLICT;
		return -1;
	}
	*o = k->out;
	o->replay = 1;
	return 0;
}

static void
key_record(struct model *md, const char *key, const char *content, const struct outcome *o)
{
	struct mkey *k;

	md->keys = sim_grow(md->keys, md->nkeys, sizeof *md->keys);
	k = &md->keys[md->nkeys++];
	snprintf(k->key, sizeof k->key, "%s", key);
	snprintf(k->content, sizeof k->content, "%s", content);
	k->out = *o;
}

const char *
card_of(int member)
{
	return member < 0 ? UNKNOWN_CARD : sim_cards[member];
}

/* Green goods earn at the green rate whatever their category. */
static int64_t
earn_rate(const struct req *q)
{
	if (q->kind == KIND_GREEN)
		return GREEN_PER_YUAN;
	if (q->category)
		return DAIRY_PER_YUAN;
	return POINTS_PER_YUAN;
}

struct outcome
model_earn(struct model *md, const struct req *q)
{
	char key[96], content[160];
	struct outcome o;
	struct mearn *e;
	int64_t day = model_today(md);

	memset(&o, 0, sizeof o);
	/* A mistyped category must not earn at the default rate: refused outright. */
	if (q->category && strcmp(q->category, "dairy") != 0) {
		o.status = JF_USAGE;
		return o;
	}
	snprintf(key, sizeof key, "earn:%s", q->key);
	snprintf(content, sizeof content, "%s|%lld|%d|%s", card_of(q->member),
		 (long long)q->amount, q->kind, q->category ? q->category : "");
	if (clock_behind(md, &o.status) || key_check(md, key, content, &o) <= 0)
		return o;
	if (q->member < 0) {
		o.status = JF_NOTFOUND;
		return o;
	}
	/* Whole yuan only. */
	o.points = q->amount / 100 * earn_rate(q);
	if (o.points > 0) {
		o.entry_id = model_entry(md);
		md->earns = sim_grow(md->earns, md->nearns, sizeof *md->earns);
		e = &md->earns[md->nearns++];
		snprintf(e->receipt, sizeof e->receipt, "%s", q->key);
		e->member = q->member;
		e->kind = q->kind;
		e->points = o.points;
		e->lot_id = add_lot(md, &md->acct[q->member][q->kind], o.points, day + EXPIRY_DAYS,
				    day + LOCK_DAYS);
	}
	key_record(md, key, content, &o);
	return o;
}

struct outcome
model_reverse(struct model *md, const struct req *q)
{
	char key[96];
	struct outcome o;
	struct mearn *e = NULL;
	struct macct *a;
	int64_t take, locked, overdue;

	snprintf(key, sizeof key, "reverse:%s", q->key);
	memset(&o, 0, sizeof o);
	if (clock_behind(md, &o.status) || key_check(md, key, q->key, &o) <= 0)
		return o;
	for (size_t i = 0; i < md->nearns; i++)
		if (!strcmp(md->earns[i].receipt, q->key))
			e = &md->earns[i];
	if (e == NULL) {
		o.status = JF_NOTFOUND;
		return o;
	}
	a = &md->acct[e->member][e->kind];
	/* Never below zero, never into points a voucher holds, never points
	 * past their date: what is locked and what is available. */
	acct_sums(a, model_today(md), &locked, &overdue);
	take = acct_available(a, model_today(md)) + locked;
	take = take < e->points ? take : e->points;
	o.points = take;
	o.shortfall = e->points - take;
	if (take > 0) {
		o.entry_id = model_entry(md);
		consume(a, take, TAKE_IN_DATE, model_today(md), e->lot_id, NULL, NULL, NULL);
		compact(a);
	}
	key_record(md, key, q->key, &o);
	return o;
}

struct outcome
model_grant(struct model *md, const struct req *q)
{
	char key[96], content[160];
	struct outcome o;
	int64_t day = model_today(md);

	snprintf(key, sizeof key, "grant:%s", q->key);
	snprintf(content, sizeof content, "%s|%lld|%d|%s", card_of(q->member),
		 (long long)q->amount, q->kind, q->reason);
	memset(&o, 0, sizeof o);
	if (clock_behind(md, &o.status) || key_check(md, key, content, &o) <= 0)
		return o;
	if (q->member < 0) {
		o.status = JF_NOTFOUND;
		return o;
	}
	o.points = q->amount;
	o.entry_id = model_entry(md);
	/* A grant is no purchase: no return window, spendable at once. */
	add_lot(md, &md->acct[q->member][q->kind], q->amount, day + EXPIRY_DAYS, day);
	key_record(md, key, content, &o);
	return o;
}

/* Green points member sent by transfer on today's calendar day (a transfer
 * dated tomorrow by a clock ahead is tomorrow's). */
static int64_t
sent_today(const struct model *md, int member)
{
	int64_t midnight = model_today(md) * DAY - ZONE_OFFSET, sent = 0;

	for (size_t i = 0; i < md->nxfers; i++)
		if (md->xfers[i].member == member && md->xfers[i].ts >= midnight &&
		    md->xfers[i].ts < midnight + DAY)
			sent += md->xfers[i].points;
	return sent;
}

struct outcome
model_transfer(struct model *md, const struct req *q)
{
	char key[96], content[160];
	struct outcome o;
	struct take *takes;
	size_t ntakes;
	struct macct *from, *to;
	int64_t day = model_today(md);

	memset(&o, 0, sizeof o);
	if (q->member == q->to) {
		o.status = JF_USAGE;
		return o;
	}
	if (q->kind == KIND_POINTS) {
		o.status = JF_CONFLICT; /* the config allows green points only */
		return o;
	}
	snprintf(key, sizeof key, "transfer:%s", q->key);
	snprintf(content, sizeof content, "%s|%s|%lld|%d", card_of(q->member), card_of(q->to),
		 (long long)q->amount, q->kind);
	if (clock_behind(md, &o.status) || key_check(md, key, content, &o) <= 0)
		return o;
	if (q->member < 0 || q->to < 0) {
		o.status = JF_NOTFOUND;
		return o;
	}
	if (sim_family_of[q->member] == 0 || sim_family_of[q->member] != sim_family_of[q->to]) {
		o.status = JF_CONFLICT;
		return o;
	}
	from = &md->acct[q->member][q->kind];
	to = &md->acct[q->to][q->kind];
	/* Core's order: the points the member has, then the day's limit. */
	if (acct_available(from, day) < q->amount) {
		o.status = JF_INSUFFICIENT;
		return o;
	}
	if (sent_today(md, q->member) + q->amount > GREEN_LIMIT) {
		md->limit_refusals++;
		o.status = JF_CONFLICT;
		return o;
	}
	o.entry_id = model_entry(md);
	o.points = q->amount;
	md->xfers = sim_grow(md->xfers, md->nxfers, sizeof *md->xfers);
	md->xfers[md->nxfers++] = (struct mxfer){ md->now, q->member, q->amount };
	consume(from, q->amount, TAKE_SPENDABLE, day, 0, &takes, &ntakes, NULL);
	compact(from);
	/* The receiver's lots keep the sender's expiry dates. */
	for (size_t i = 0; i < ntakes; i++)
		add_lot(md, to, takes[i].amount, takes[i].expires, day);
	free(takes);
	key_record(md, key, content, &o);
	return o;
}

struct outcome
model_hold(struct model *md, const struct req *q)
{
	char key[96], content[160];
	struct outcome o;
	struct macct *a;
	struct mhold *h;

	snprintf(key, sizeof key, "hold:%s", q->key);
	snprintf(content, sizeof content, "%s|%d|%lld|%lld", card_of(q->member), q->kind,
		 (long long)q->amount, (long long)q->expires_at);
	memset(&o, 0, sizeof o);
	if (clock_behind(md, &o.status) || key_check(md, key, content, &o) <= 0)
		return o;
	if (q->member < 0) {
		o.status = JF_NOTFOUND;
		return o;
	}
	a = &md->acct[q->member][q->kind];
	if (acct_available(a, model_today(md)) < q->amount) {
		o.status = JF_INSUFFICIENT;
		return o;
	}
	model_dated(md);
	md->holds = sim_grow(md->holds, md->nholds, sizeof *md->holds);
	h = &md->holds[md->nholds++];
	h->member = q->member;
	h->kind = q->kind;
	h->points = q->amount;
	h->state = MH_PENDING;
	h->post_entry = 0;
	a->held += q->amount;
	o.entry_id = (int64_t)md->nholds;
	o.points = q->amount;
	key_record(md, key, content, &o);
	return o;
}

struct mhold *
hold_at(struct model *md, int64_t id)
{
	return id >= 1 && id <= (int64_t)md->nholds ? &md->holds[id - 1] : NULL;
}

struct outcome
model_post(struct model *md, int64_t id)
{
	struct mhold *h = hold_at(md, id);
	struct macct *a;
	struct outcome o;

	memset(&o, 0, sizeof o);
	if (clock_behind(md, &o.status)) {
		return o;
	} else if (h == NULL) {
		o.status = JF_NOTFOUND;
	} else if (h->state == MH_VOIDED) {
		o.status = JF_CONFLICT;
	} else if (h->state == MH_POSTED) {
		o.entry_id = h->post_entry;
		o.points = h->points;
		o.replay = 1;
	} else {
		a = &md->acct[h->member][h->kind];
		a->held -= h->points;
		o.entry_id = h->post_entry = model_entry(md);
		o.points = h->points;
		h->state = MH_POSTED;
		if (consume(a, h->points, TAKE_HELD, model_today(md), 0, NULL, NULL, NULL) !=
		    h->points)
			stress_die("model: a posted hold found too few lots");
		compact(a);
	}
	return o;
}

enum jf_status
model_void(struct model *md, int64_t id)
{
	struct mhold *h = hold_at(md, id);
	enum jf_status st;

	if (clock_behind(md, &st))
		return st;
	if (h == NULL)
		return JF_NOTFOUND;
	if (h->state == MH_POSTED)
		return JF_CONFLICT;
	if (h->state == MH_PENDING) {
		md->acct[h->member][h->kind].held -= h->points;
		h->state = MH_VOIDED;
	}
	return JF_OK;
}

/* Lots past their date go to the expired account, except what pending holds
 * reserve. A hold is made from available points only, so locked points
 * cannot stand in for it: an account gives up at most its total less its
 * held part less its points still locked (and not yet past their date). */
struct expire_outcome
model_expire(struct model *md)
{
	struct expire_outcome o;
	int64_t day = model_today(md), due[NMEMBERS][KIND_COUNT], take[NMEMBERS][KIND_COUNT];
	int64_t all = 0;

	memset(&o, 0, sizeof o);
	if (clock_behind(md, &o.status))
		return o;
	for (int m = 0; m < NMEMBERS; m++) {
		for (int k = 0; k < KIND_COUNT; k++) {
			struct macct *a = &md->acct[m][k];
			int64_t locked = 0, free_points;

			due[m][k] = 0;
			for (size_t i = 0; i < a->count; i++) {
				if (a->lots[i].expires < day)
					due[m][k] += a->lots[i].remaining;
				else if (lot_locked(&a->lots[i], day))
					locked += a->lots[i].remaining;
			}
			free_points = a->total - a->held - locked;
			if (free_points < 0)
				free_points = 0;
			take[m][k] = due[m][k] < free_points ? due[m][k] : free_points;
			md->held_back += take[m][k] < due[m][k];
			all += take[m][k];
		}
	}
	if (all == 0)
		return o;
	o.entry_id = model_entry(md);
	for (int m = 0; m < NMEMBERS; m++) {
		for (int k = 0; k < KIND_COUNT; k++) {
			if (take[m][k] == 0)
				continue;
			consume(&md->acct[m][k], take[m][k], TAKE_DUE, day, 0, NULL, NULL, &o.lots);
			compact(&md->acct[m][k]);
			o.points[k] += take[m][k];
		}
	}
	return o;
}

/* The model's own bookkeeping must hold, or its predictions mean nothing. */
void
model_self_check(const struct model *md)
{
	for (int m = 0; m < NMEMBERS; m++) {
		for (int k = 0; k < KIND_COUNT; k++) {
			const struct macct *a = &md->acct[m][k];
			int64_t sum = 0;

			for (size_t i = 0; i < a->count; i++)
				sum += a->lots[i].remaining;
			if (sum != a->total || a->held < 0 || a->held > a->total)
				stress_die("model broken: member %d kind %d lots %lld total %lld held %lld",
					   m, k, (long long)sum, (long long)a->total,
					   (long long)a->held);
		}
	}
}

void
model_done(struct model *md)
{
	for (int m = 0; m < NMEMBERS; m++)
		for (int k = 0; k < KIND_COUNT; k++)
			free(md->acct[m][k].lots);
	free(md->holds);
	free(md->keys);
	free(md->earns);
	free(md->xfers);
	memset(md, 0, sizeof *md);
}
