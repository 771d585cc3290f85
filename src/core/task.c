/*
 * task: the ledger's side of tasks and badges (task.h): importing the
 * store's book, completing a task once per member and period with its
 * reward, a badge set's grand prize, a member's progress, and the checks
 * `jifen verify` runs on them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "ledger_int.h"
#include "spec_json.h"
#include "task.h"
#include "voucher.h"
#include "xalloc.h"
#include "verify.h"

/* ---- the book ---- */

static enum jf_status
current_spec(struct db *db, char **spec, int64_t *version, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT version, spec FROM task_book "
					"ORDER BY version DESC LIMIT 1");
	enum db_step_result rc = db_step(s, err);

	*spec = NULL;
	*version = 0;
	if (rc == DB_ROW) {
		*version = db_col_int(s, 0);
		*spec = xstrdup(db_col_text(s, 1));
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
task_book_load(struct ledger *lg, struct task_book **out, int64_t *version, struct jf_error *err)
{
	struct game_problems *p;
	enum jf_status st;
	char *spec;

	*out = xcalloc(1, sizeof **out);
	if ((st = current_spec(lg->db, &spec, version, err)) != JF_OK || !spec) {
		free(spec);
		return st;
	}
	p = xmalloc(sizeof *p);
	if (task_book_parse(spec, strlen(spec), *out, p) != JF_OK)
		st = jf_fail(err, JF_INTEGRITY, "the stored task book %lld does not parse: %s",
			     (long long)*version, p->count ? p->lines[0] : "?");
	free(p);
	free(spec);
	return st;
}

/* What the book names outside itself: games, surveys, catalog items. */
static enum jf_status
check_names(struct ledger *lg, const struct task_book *b, struct game_problems *p,
	    struct jf_error *err)
{
	struct catalog_item item;
	struct game_info *g = xmalloc(sizeof *g);
	struct jf_error ignored;
	enum jf_status st = JF_OK;
	int64_t n;

	for (size_t i = 0; i < b->task_count && st == JF_OK; i++) {
		const struct task_def *t = &b->tasks[i];
		struct db_stmt *s;

		if (t->reward.kind == REWARD_FREE_PLAY &&
		    game_find(lg, t->reward.game, g, &ignored) != JF_OK)
			spec_problem(p, "tasks[%zu].reward.game: no game %s", i, t->reward.game);
		if (t->kind != TASK_SURVEY)
			continue;
		s = db_stmt(lg->db, "SELECT count(*) FROM survey WHERE code = :c");
		db_bind_text(s, ":c", t->survey);
		if ((st = db_one_int(s, &n, err)) == JF_OK && n == 0)
			spec_problem(p, "tasks[%zu].survey: no survey %s (import it first)", i,
				     t->survey);
	}
	for (size_t i = 0; i < b->set_count && st == JF_OK; i++) {
		const struct task_reward *z = &b->sets[i].prize;

		if ((z->kind == REWARD_ITEM || z->kind == REWARD_COUPON) &&
		    (catalog_find(lg, z->sku, &item, &ignored) != JF_OK ||
		     item.type != (z->kind == REWARD_COUPON ? ITEM_COUPON : ITEM_GOODS)))
			spec_problem(p, "badge_sets[%zu].prize.sku: no %s %s in the catalog", i,
				     z->kind == REWARD_COUPON ? "coupon" : "item", z->sku);
	}
	free(g);
	return st;
}

struct import_ctx {
	const struct task_book *b;
	const char *text, *actor;
	size_t len;
	struct game_problems *p;
	struct game_problems before; /* p as the parse left it */
	int64_t *version;
	int *changed;
};

static enum jf_status
import_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct import_ctx *ic = ctx;
	struct db_stmt *s;
	enum jf_status st;
	char *old = NULL;

	*ic->p = ic->before;
	*ic->version = 0;
	*ic->changed = 0;
	if ((st = check_names(lg, ic->b, ic->p, err)) == JF_OK && ic->p->count)
		st = jf_fail(err, JF_USAGE, "the task book has %zu problems", ic->p->count);
	if (st == JF_OK)
		st = current_spec(lg->db, &old, ic->version, err);
	if (st == JF_OK &&
	    (!old || strlen(old) != ic->len || memcmp(old, ic->text, ic->len) != 0)) {
		char *copy = xmemdupz(ic->text, ic->len);

		s = db_stmt(lg->db, "INSERT INTO task_book(version, spec, created_at, created_by, "
				    "created_terminal) VALUES (:v, :spec, :now, :by, :term)");
		db_bind_int(s, ":v", *ic->version + 1);
		db_bind_text(s, ":spec", copy);
		db_bind_int(s, ":now", clock_now());
		db_bind_text(s, ":by", ic->actor);
		db_bind_text(s, ":term", lg->cfg->terminal);
		if ((st = db_run(s, err)) == JF_OK) {
			++*ic->version;
			*ic->changed = 1;
		}
		free(copy);
	}
	free(old);
	return st;
}

enum jf_status
task_import_text(struct ledger *lg, const char *text, size_t len, int64_t *version, int *changed,
		 struct game_problems *p, struct jf_error *err)
{
	struct task_book *b = xmalloc(sizeof *b);
	struct import_ctx *ic = xmalloc(sizeof *ic); /* a copy of the problems: not on the stack */
	char actor[ACTOR_TEXT_SIZE];
	enum jf_status st;

	*version = 0;
	*changed = 0;
	if ((st = task_book_parse(text, len, b, p)) != JF_OK) {
		st = jf_fail(err, JF_USAGE, "the task book has %zu problems", p->count);
	} else if ((st = ledger_actor_text(lg, "a task book", actor, err)) == JF_OK) {
		*ic = (struct import_ctx){ b, text, actor, len, p, *p, version, changed };
		st = ledger_write(lg, import_once, ic, err);
	}
	free(ic);
	free(b);
	return st;
}

enum jf_status
task_import_file(struct ledger *lg, const char *path, int64_t *version, int *changed,
		 struct game_problems *p, struct jf_error *err)
{
	return spec_import_file(lg, path, TASK_FILE_MAX, task_import_text, version, changed, p,
				err);
}

/* ---- conditions ---- */

/* Is the store-local date of t within period ("once", "2026-12", "2026")? */
static int
in_period(int64_t t, const char *period, char date[CLOCK_DATE_LEN])
{
	clock_date_of(t, date);
	return strcmp(period, "once") == 0 || strncmp(date, period, strlen(period)) == 0;
}

/* How far the member is with an automatic task in period: months with a
 * purchase, green transfers sent, reviews written, the survey answered. */
static enum jf_status
task_have(struct ledger *lg, const struct task_def *t, int64_t member_id, const char *period,
	  int64_t *have, struct jf_error *err)
{
	char date[CLOCK_DATE_LEN], months[TASK_MONTHS_MAX + 12][8];
	struct db_stmt *s = NULL;
	enum db_step_result rc;
	size_t n = 0, i;

	*have = 0;
	switch (t->kind) {
	case TASK_COUNTER:
		return JF_OK;
	case TASK_MONTHS:
		s = db_stmt(lg->db, "SELECT e.ts FROM entry e JOIN line l ON l.entry_id = e.id "
				    "JOIN account a ON a.id = l.account_id WHERE a.member_id = :m "
				    "AND e.type = 'earn' AND l.amount > 0 ORDER BY e.ts");
		break;
	case TASK_GREEN_TRANSFER:
		s = db_stmt(lg->db, "SELECT e.ts FROM entry e JOIN line l ON l.entry_id = e.id "
				    "JOIN account a ON a.id = l.account_id WHERE a.member_id = :m "
				    "AND a.kind = 1 AND e.type = 'transfer' AND l.amount < 0");
		break;
	case TASK_REVIEW:
		s = db_stmt(lg->db, "SELECT ts FROM product_review WHERE member_id = :m");
		break;
	case TASK_SURVEY:
		s = db_stmt(lg->db, "SELECT ts FROM survey_taken WHERE member_id = :m "
				    "AND survey = :s");
		db_bind_text(s, ":s", t->survey);
		break;
	}
	db_bind_int(s, ":m", member_id);
	while ((rc = db_step(s, err)) == DB_ROW) {
		if (!in_period(db_col_int(s, 0), period, date))
			continue;
		if (t->kind != TASK_MONTHS) {
			++*have;
			continue;
		}
		for (i = 0; i < n && strncmp(months[i], date, 7) != 0; i++)
			;
		if (i == n && n < sizeof months / sizeof months[0])
			snprintf(months[n++], sizeof months[0], "%.7s", date);
	}
	if (t->kind == TASK_MONTHS)
		*have = (int64_t)n;
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

static int64_t
task_needs(const struct task_def *t)
{
	return t->kind == TASK_MONTHS ? t->months : t->kind == TASK_COUNTER ? 0 : 1;
}

/* ---- completing ---- */

struct complete_ctx {
	const struct task_book *book;
	const struct task_def *t;
	const char *card;
	const char *key;
	int64_t member_id;
	struct task_done *out;
};

static enum jf_status
credit_member(struct ledger *lg, const char *card, enum point_kind kind, int64_t points,
	      const char *type, const char *ref, const char *memo, int64_t *entry_id,
	      struct jf_error *err)
{
	struct ledger_result res;
	struct credit c;
	enum jf_status st;

	memset(&c, 0, sizeof c);
	memset(&res, 0, sizeof res);
	c.card = card;
	c.kind = kind;
	c.points = points;
	c.type = type;
	c.ref = ref;
	c.memo = memo;
	c.source = SYS_GAMES;
	st = ledger_credit(lg, &c, &res, err);
	*entry_id = res.entry_id;
	return st;
}

/* What a grand prize of goods or a coupon pays: the voucher if the
 * catalog offers the item today with the stock for it; else (sold out,
 * delisted, out of its dates) the points that would have backed the
 * voucher, of the item's kind, at once: a member who finished the set is
 * never refused, nor kept waiting for stock. The sku stays, to say what
 * the points stand for. */
static void
set_prize_paid(const struct task_reward *z, const struct catalog_item *item,
	       struct task_reward *paid)
{
	char today[CLOCK_DATE_LEN];
	struct jf_error ignored;

	*paid = *z;
	ledger_today(today);
	if (catalog_check_offer(item, today, &ignored) == JF_OK &&
	    catalog_check_stock(item, z->amount, &ignored) == JF_OK)
		return;
	paid->kind = item->green ? REWARD_GREEN : REWARD_POINTS;
	paid->amount = item->points * z->amount;
}

/*
 * A set's badges are counted from the member's completions, and a badge
 * changes no row of the member's (it credits nothing): under REPEATABLE
 * READ (DESIGN.md "The stores of a chain") two stores each giving the
 * member one of the set's last two badges at once would each count the
 * other's missing, and the grand prize, paid only when a badge is earned,
 * would never be. So a badge of a set changes the member's points account
 * row (its balance stays), which orders the two: the later is run again
 * and counts the other's badge. Paying twice is refused by badge_prize's
 * key (badge_set, member_id) in any case.
 */
static enum jf_status
hold_member_badges(struct db *db, int64_t member_id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "UPDATE account SET balance = balance "
					"WHERE member_id = :m AND kind = 0");

	db_bind_int(s, ":m", member_id);
	return db_run(s, err);
}

/* The set's grand prize, once: when its last badge is earned now. */
static enum jf_status
pay_set_prize(struct ledger *lg, struct complete_ctx *cc, const struct badge_set_def *set,
	      struct jf_error *err)
{
	const struct task_reward *z = &set->prize;
	char actor[ACTOR_TEXT_SIZE], *key, memo[120], badges[BADGES_PER_SET * GAME_CODE_SIZE] = "";
	struct catalog_item item;
	struct db_stmt *s;
	enum jf_status st;
	struct voucher v;
	struct task_reward paid;
	int64_t n, entry = 0, voucher = 0;

	if ((st = hold_member_badges(lg->db, cc->member_id, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT count(*) FROM badge_prize WHERE badge_set = :s AND member_id = :m");
	db_bind_text(s, ":s", set->code);
	db_bind_int(s, ":m", cc->member_id);
	if ((st = db_one_int(s, &n, err)) != JF_OK || n > 0)
		return st;
	for (size_t i = 0; i < set->badge_count; i++) {
		s = db_stmt(lg->db, "SELECT count(*) FROM task_done WHERE member_id = :m "
				    "AND badge = :b");
		db_bind_int(s, ":m", cc->member_id);
		db_bind_text(s, ":b", set->badges[i].code);
		if ((st = db_one_int(s, &n, err)) != JF_OK || n == 0)
			return st;
		snprintf(badges + strlen(badges), sizeof badges - strlen(badges), "%s%s",
			 i ? "," : "", set->badges[i].code);
	}
	if ((st = ledger_actor_text(lg, "a grand prize", actor, err)) != JF_OK)
		return st;
	key = xasprintf("badges:%s:%s", set->code, cc->card);
	snprintf(memo, sizeof memo, "grand prize of %s", set->code);
	if (z->kind == REWARD_POINTS || z->kind == REWARD_GREEN) {
		paid = *z;
		st = credit_member(lg, cc->card, z->kind == REWARD_GREEN ? KIND_GREEN : KIND_POINTS,
				   z->amount, "badge_prize", key, memo, &entry, err);
	} else if ((st = catalog_find(lg, z->sku, &item, err)) == JF_OK) {
		/* As a game's prize: the item's points from the games account,
		 * held at once by the voucher. */
		char *vkey = xasprintf("b-%s-%s", set->code, cc->card);

		set_prize_paid(z, &item, &paid);
		st = credit_member(lg, cc->card, item.green ? KIND_GREEN : KIND_POINTS,
				   item.points * z->amount, "badge_prize", key, memo, &entry, err);
		if (st == JF_OK && paid.kind == z->kind &&
		    (st = voucher_issue_prize(lg, cc->card, z->sku, z->amount, vkey, &v, err)) == JF_OK)
			voucher = v.id;
		free(vkey);
	}
	if (st == JF_OK) {
		s = db_stmt(lg->db, "INSERT INTO badge_prize(badge_set, member_id, card, key, badges, "
				    "kind, amount, sku, entry_id, voucher_id, ts, actor, terminal) "
				    "VALUES (:s, :m, :card, :k, :b, :kind, :n, :sku, :e, :v, :now, :by, "
				    ":term)");
		db_bind_text(s, ":s", set->code);
		db_bind_int(s, ":m", cc->member_id);
		db_bind_text(s, ":card", cc->card);
		db_bind_text(s, ":k", key);
		db_bind_text(s, ":b", badges);
		db_bind_text(s, ":kind", reward_kind_name(paid.kind));
		db_bind_int(s, ":n", paid.amount);
		db_bind_text(s, ":sku", paid.sku);
		db_bind_int(s, ":e", entry);
		if (voucher)
			db_bind_int(s, ":v", voucher);
		else
			db_bind_text(s, ":v", NULL);
		db_bind_int(s, ":now", clock_now());
		db_bind_text(s, ":by", actor);
		db_bind_text(s, ":term", lg->cfg->terminal);
		st = db_run(s, err);
	}
	free(key);
	snprintf(cc->out->set_completed, sizeof cc->out->set_completed, "%s", set->code);
	cc->out->prize_entry_id = entry;
	cc->out->prize_voucher_id = voucher;
	cc->out->prize_in_points = st == JF_OK && paid.kind != z->kind;
	return st;
}

static enum jf_status
insert_done(struct ledger *lg, struct complete_ctx *cc, struct jf_error *err)
{
	struct task_done *d = cc->out;
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a task", actor, err)) != JF_OK)
		return st;
	d->ts = clock_now();
	/* Once a period: the key (task, member_id, period) refuses a second
	 * row, another store's written meanwhile too (JF_RETRY, and the run
	 * again finds it done). */
	s = db_stmt(lg->db, "INSERT INTO task_done(task, member_id, card, period, key, reward, "
			    "amount, game, badge, entry_id, ts, actor, terminal) VALUES (:t, :m, "
			    ":card, :p, :k, :r, :n, :g, :b, :e, :now, :by, :term) RETURNING id");
	db_bind_text(s, ":t", d->task);
	db_bind_int(s, ":m", cc->member_id);
	db_bind_text(s, ":card", d->card);
	db_bind_text(s, ":p", d->period);
	db_bind_text(s, ":k", cc->key);
	db_bind_text(s, ":r", reward_kind_name(d->reward.kind));
	db_bind_int(s, ":n", d->reward.amount);
	db_bind_text(s, ":g", d->reward.game);
	db_bind_text(s, ":b", d->reward.badge);
	if (d->entry_id)
		db_bind_int(s, ":e", d->entry_id);
	else
		db_bind_text(s, ":e", NULL);
	db_bind_int(s, ":now", d->ts);
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	if ((st = db_one_int(s, &d->id, err)) != JF_OK)
		return st;
	for (int64_t i = 0; i < d->reward.amount && d->reward.kind == REWARD_FREE_PLAY; i++) {
		s = db_stmt(lg->db, "INSERT INTO game_ticket(member_id, game, task_done_id, "
				    "created_at, created_by, created_terminal) VALUES (:m, :g, :d, "
				    ":now, :by, :term)");
		db_bind_int(s, ":m", cc->member_id);
		db_bind_text(s, ":g", d->reward.game);
		db_bind_int(s, ":d", d->id);
		db_bind_int(s, ":now", d->ts);
		db_bind_text(s, ":by", actor);
		db_bind_text(s, ":term", lg->cfg->terminal);
		if ((st = db_run(s, err)) != JF_OK)
			return st;
	}
	return JF_OK;
}

static enum jf_status
do_complete(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct complete_ctx *cc = ctx;
	const struct task_reward *r = &cc->t->reward;
	const struct badge_set_def *set;
	char memo[120];
	enum jf_status st;

	/* What an attempt the database undid had written is written again. */
	cc->out->id = cc->out->entry_id = cc->out->ts = 0;
	cc->out->set_completed[0] = '\0';
	cc->out->prize_entry_id = cc->out->prize_voucher_id = 0;
	cc->out->prize_in_points = 0;
	snprintf(memo, sizeof memo, "task %s", cc->t->code);
	if ((r->kind == REWARD_POINTS || r->kind == REWARD_GREEN) &&
	    (st = credit_member(lg, cc->card, r->kind == REWARD_GREEN ? KIND_GREEN : KIND_POINTS,
				r->amount, "task", cc->key, memo, &cc->out->entry_id, err)) != JF_OK)
		return st;
	if ((st = insert_done(lg, cc, err)) != JF_OK)
		return st;
	if (r->kind == REWARD_BADGE && (set = task_book_set_of(cc->book, r->badge, NULL)) &&
	    (st = pay_set_prize(lg, cc, set, err)) != JF_OK)
		return st;
	res->entry_id = cc->out->entry_id;
	res->points = r->kind == REWARD_POINTS || r->kind == REWARD_GREEN ? r->amount : 0;
	return JF_OK;
}

/* The completion of task by member in period, if there is one. */
static enum jf_status
find_done(struct ledger *lg, const char *task, int64_t member_id, const char *period,
	  struct task_done *out, int *found, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT id, card, reward, amount, game, badge, "
					    "coalesce(entry_id, 0), ts FROM task_done WHERE task = :t "
					    "AND member_id = :m AND period = :p");
	enum db_step_result rc;
	int kind;

	db_bind_text(s, ":t", task);
	db_bind_int(s, ":m", member_id);
	db_bind_text(s, ":p", period);
	rc = db_step(s, err);
	*found = rc == DB_ROW;
	if (rc == DB_ROW) {
		out->id = db_col_int(s, 0);
		snprintf(out->card, sizeof out->card, "%s", db_col_text(s, 1));
		for (kind = 0; kind < REWARD_KINDS; kind++)
			if (strcmp(reward_kind_name((enum reward_kind)kind), db_col_text(s, 2)) == 0)
				break;
		out->reward.kind = (enum reward_kind)kind;
		out->reward.amount = db_col_int(s, 3);
		snprintf(out->reward.game, sizeof out->reward.game, "%s", db_col_text(s, 4));
		snprintf(out->reward.badge, sizeof out->reward.badge, "%s", db_col_text(s, 5));
		out->entry_id = db_col_int(s, 6);
		out->ts = db_col_int(s, 7);
		out->replay = 1;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* Complete t of book for card: the condition, then the keyed write. */
static enum jf_status
complete_in(struct ledger *lg, const struct task_book *book, const struct task_def *t,
	    const char *card, struct task_done *out, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN], *key, *canonical;
	struct complete_ctx cc = { book, t, card, NULL, 0, out };
	struct ledger_result res;
	struct account acct;
	enum jf_status st;
	int64_t have;
	int found;

	memset(out, 0, sizeof *out);
	if ((st = account_of_card(lg->db, card, KIND_POINTS, &acct, err)) != JF_OK)
		return st;
	cc.member_id = acct.member_id;
	ledger_today(today);
	task_period_of(t->period, today, out->period);
	snprintf(out->task, sizeof out->task, "%s", t->code);
	snprintf(out->card, sizeof out->card, "%s", card);
	out->reward = t->reward;
	/* By member, not card: a replaced card does not complete a task twice. */
	if ((st = find_done(lg, t->code, acct.member_id, out->period, out, &found, err)) != JF_OK ||
	    found)
		return st;
	if ((st = task_have(lg, t, acct.member_id, out->period, &have, err)) != JF_OK)
		return st;
	if (have < task_needs(t))
		return jf_refuse(err, JF_CONFLICT, JF_R_TASK_NOT_MET,
				 (struct jf_why){ .num = { task_needs(t), have }, .text = t->code },
				 "task %s is not done yet: %lld of %lld", t->code, (long long)have,
				 (long long)task_needs(t));
	key = xasprintf("task:%s:%s:%s", t->code, card, out->period);
	canonical = xasprintf("task\n%s\n%s\n%s", t->code, card, out->period);
	cc.key = key;
	st = keyed_write(lg, key, canonical, do_complete, &cc, &res, err);
	if (st == JF_OK && res.replay)
		st = find_done(lg, t->code, acct.member_id, out->period, out, &found, err);
	free(key);
	free(canonical);
	return st;
}

static enum jf_status
unknown_task(const char *task, struct jf_error *err)
{
	return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_TASK, (struct jf_why){ .text = task },
			 "no task %s", task);
}

enum jf_status
task_complete(struct ledger *lg, const char *card, const char *task, struct task_done *out,
	      struct jf_error *err)
{
	struct task_book *b;
	const struct task_def *t;
	enum jf_status st;
	int64_t version;

	memset(out, 0, sizeof *out);
	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	if ((st = task_book_load(lg, &b, &version, err)) == JF_OK) {
		if (!(t = task_book_task(b, task)))
			st = unknown_task(task, err);
		else
			st = complete_in(lg, b, t, card, out, err);
	}
	free(b);
	return st;
}

/* Is t one the member does not trigger: checked by task_check()? */
static int
task_is_auto(const struct task_def *t)
{
	return t->kind == TASK_MONTHS || t->kind == TASK_GREEN_TRANSFER;
}

/* Every task of book of kind (and survey, for survey tasks), or every
 * automatic one, whose condition card meets, completed; *count new ones. */
static enum jf_status
complete_book(struct ledger *lg, const struct task_book *b, const char *card, int all_auto,
	      enum task_kind kind, const char *survey, int64_t *count, struct jf_error *err)
{
	struct task_done *d = xmalloc(sizeof *d);
	enum jf_status st = JF_OK;

	for (size_t i = 0; i < b->task_count && st == JF_OK; i++) {
		const struct task_def *t = &b->tasks[i];

		if (all_auto ? !task_is_auto(t)
			     : t->kind != kind || (survey && strcmp(t->survey, survey) != 0))
			continue;
		st = complete_in(lg, b, t, card, d, err);
		if (st == JF_CONFLICT && err && err->reason == JF_R_TASK_NOT_MET)
			st = JF_OK; /* not yet: nothing to do */
		else if (st == JF_OK && !d->replay)
			++*count;
	}
	free(d);
	return st;
}

/* complete_book() with the current book. */
static enum jf_status
complete_kind(struct ledger *lg, const char *card, int all_auto, enum task_kind kind,
	      const char *survey, int64_t *count, struct jf_error *err)
{
	struct task_book *b;
	enum jf_status st;
	int64_t version;

	*count = 0;
	if ((st = task_book_load(lg, &b, &version, err)) == JF_OK)
		st = complete_book(lg, b, card, all_auto, kind, survey, count, err);
	free(b);
	return st;
}

enum jf_status
task_check(struct ledger *lg, const char *card, int64_t *completed, struct jf_error *err)
{
	enum jf_status st;

	*completed = 0;
	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	return complete_kind(lg, card, 1, TASK_COUNTER, NULL, completed, err);
}

/* The cards of members not erased, read whole before any write. */
static enum jf_status
member_cards(struct db *db, char (**cards)[20], size_t *n, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT card FROM member WHERE erased_at = 0 ORDER BY id");
	enum db_step_result rc;

	*cards = NULL;
	*n = 0;
	while ((rc = db_step(s, err)) == DB_ROW) {
		*cards = xrealloc(*cards, (*n + 1) * sizeof **cards);
		snprintf((*cards)[(*n)++], sizeof **cards, "%s", db_col_text(s, 0));
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
task_check_all(struct ledger *lg, struct task_check_result *out, struct jf_error *err)
{
	char (*cards)[20] = NULL;
	struct task_book *b;
	enum jf_status st;
	int64_t version;
	size_t n = 0, autos = 0;

	memset(out, 0, sizeof *out);
	if ((st = task_book_load(lg, &b, &version, err)) != JF_OK) {
		free(b);
		return st;
	}
	for (size_t i = 0; i < b->task_count; i++)
		autos += task_is_auto(&b->tasks[i]);
	/* A book without automatic tasks has nothing to check: no member is read. */
	if (autos && (st = member_cards(lg->db, &cards, &n, err)) == JF_OK) {
		for (size_t i = 0; i < n && st == JF_OK; i++) {
			int64_t count = 0;

			st = complete_book(lg, b, cards[i], 1, TASK_COUNTER, NULL, &count, err);
			out->members++;
			out->completed += count;
		}
	}
	free(cards);
	free(b);
	return st;
}

enum jf_status
task_survey_answered(struct ledger *lg, const char *card, const char *survey,
		     struct jf_error *err)
{
	int64_t n;

	return complete_kind(lg, card, 0, TASK_SURVEY, survey, &n, err);
}

struct review_ctx {
	const char *card, *sku, *actor;
	int stars;
	int64_t *completed;
};

static enum jf_status
review_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct review_ctx *rc = ctx;
	struct catalog_item item;
	struct account acct;
	struct db_stmt *s;
	enum jf_status st;

	*rc->completed = 0;
	if ((st = catalog_find(lg, rc->sku, &item, err)) == JF_OK &&
	    (st = account_of_card(lg->db, rc->card, KIND_POINTS, &acct, err)) == JF_OK) {
		s = db_stmt(lg->db, "INSERT INTO product_review(member_id, sku, stars, ts, actor, "
				    "terminal) VALUES (:m, :sku, :n, :now, :by, :term)");
		db_bind_int(s, ":m", acct.member_id);
		db_bind_text(s, ":sku", rc->sku);
		db_bind_int(s, ":n", rc->stars);
		db_bind_int(s, ":now", clock_now());
		db_bind_text(s, ":by", rc->actor);
		db_bind_text(s, ":term", lg->cfg->terminal);
		st = db_run(s, err);
	}
	if (st == JF_OK)
		st = complete_kind(lg, rc->card, 0, TASK_REVIEW, NULL, rc->completed, err);
	return st;
}

enum jf_status
task_review(struct ledger *lg, const char *card, const char *sku, int stars,
	    int64_t *completed, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct review_ctx rc = { card, sku, actor, stars, completed };
	enum jf_status st;

	*completed = 0;
	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	if (stars < 1 || stars > 5)
		return jf_fail(err, JF_USAGE, "stars must be 1 to 5");
	if ((st = ledger_actor_text(lg, "a review", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, review_once, &rc, err);
}

enum jf_status
task_review_items(struct ledger *lg, const char *card,
		  int (*fn)(const struct catalog_item *item, void *ctx), void *ctx,
		  struct jf_error *err)
{
	char (*skus)[CATALOG_SKU_SIZE] = NULL;
	struct catalog_item item;
	struct account acct;
	struct db_stmt *s;
	enum db_step_result rc;
	enum jf_status st;
	size_t n = 0;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = account_of_card(lg->db, card, KIND_POINTS, &acct, err)) != JF_OK)
		return st;
	/* Goods received through vouchers, and goods bought (purchase_item)
	 * on a receipt neither reversed nor refunded whole: a part refund
	 * does not say which lines went back, so its goods stay bought. */
	s = db_stmt(lg->db, "SELECT i.sku FROM voucher v JOIN item i ON i.id = v.item_id "
			    "WHERE v.member_id = :m AND v.state = :redeemed "
			    "UNION SELECT p.sku FROM purchase_item p WHERE p.member_id = :m "
			    "AND NOT EXISTS (SELECT 1 FROM idem d WHERE d.key = 'reverse:' || p.receipt) "
			    "AND NOT EXISTS (SELECT 1 FROM earn_receipt c WHERE c.receipt = p.receipt "
			    "AND c.fen > 0 AND c.fen <= (SELECT coalesce(sum(r.fen), 0) FROM refund_part r "
			    "WHERE r.receipt = c.receipt)) ORDER BY 1");
	db_bind_int(s, ":m", acct.member_id);
	db_bind_int(s, ":redeemed", VOUCHER_REDEEMED);
	while ((rc = db_step(s, err)) == DB_ROW) {
		skus = xrealloc(skus, (n + 1) * sizeof *skus);
		snprintf(skus[n++], sizeof *skus, "%s", db_col_text(s, 0));
	}
	db_reset(s);
	st = rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
	/* The catalog as it is now: goods still listed, read whole first. */
	for (size_t i = 0; i < n && st == JF_OK; i++) {
		if ((st = catalog_find(lg, skus[i], &item, err)) == JF_NOTFOUND) {
			st = JF_OK;
			continue;
		}
		if (st == JF_OK && item.type == ITEM_GOODS && !item.delisted && fn(&item, ctx))
			break;
	}
	free(skus);
	return st;
}

/* ---- progress ---- */

enum jf_status
task_progress(struct ledger *lg, const char *card, struct task_progress *out,
	      struct jf_error *err)
{
	char today[CLOCK_DATE_LEN];
	struct task_done d;
	struct account acct;
	struct db_stmt *s;
	enum jf_status st;
	int64_t version, n;

	memset(out, 0, sizeof *out);
	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = account_of_card(lg->db, card, KIND_POINTS, &acct, err)) != JF_OK ||
	    (st = task_book_load(lg, &out->book, &version, err)) != JF_OK)
		return st;
	ledger_today(today);
	for (size_t i = 0; i < out->book->task_count && st == JF_OK; i++) {
		const struct task_def *t = &out->book->tasks[i];

		task_period_of(t->period, today, out->period[i]);
		if ((st = find_done(lg, t->code, acct.member_id, out->period[i], &d, &out->done[i],
				    err)) == JF_OK)
			st = task_have(lg, t, acct.member_id, out->period[i], &out->have[i], err);
	}
	for (size_t i = 0; i < out->book->set_count && st == JF_OK; i++) {
		const struct badge_set_def *set = &out->book->sets[i];

		for (size_t j = 0; j < set->badge_count && st == JF_OK; j++) {
			s = db_stmt(lg->db, "SELECT count(*) FROM task_done WHERE member_id = :m "
					    "AND badge = :b");
			db_bind_int(s, ":m", acct.member_id);
			db_bind_text(s, ":b", set->badges[j].code);
			if ((st = db_one_int(s, &n, err)) == JF_OK)
				out->earned[i][j] = n > 0;
		}
		s = db_stmt(lg->db, "SELECT count(*) FROM badge_prize WHERE member_id = :m "
				    "AND badge_set = :s");
		db_bind_int(s, ":m", acct.member_id);
		db_bind_text(s, ":s", set->code);
		if (st == JF_OK && (st = db_one_int(s, &n, err)) == JF_OK)
			out->prize_paid[i] = n > 0;
	}
	if (st != JF_OK)
		task_progress_done(out);
	return st;
}

void
task_progress_done(struct task_progress *p)
{
	free(p->book);
	p->book = NULL;
}

/* ---- for verify ---- */

/* Each grand prize's badges, all earned by its member. */
static enum jf_status
check_prize_badges(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT id, member_id, badges FROM badge_prize ORDER BY id");
	struct row { int64_t id, member; char *badges; } *rows = NULL;
	enum db_step_result rc;
	enum jf_status st;
	size_t n = 0;

	while ((rc = db_step(s, err)) == DB_ROW) {
		rows = xrealloc(rows, (n + 1) * sizeof *rows);
		rows[n].id = db_col_int(s, 0);
		rows[n].member = db_col_int(s, 1);
		rows[n++].badges = xstrdup(db_col_text(s, 2));
	}
	st = rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
	for (size_t i = 0; i < n; i++) {
		char *save = NULL, *b = strtok_r(rows[i].badges, ",", &save);
		int64_t count;

		for (; st == JF_OK && b; b = strtok_r(NULL, ",", &save)) {
			s = db_stmt(db, "SELECT count(*) FROM task_done WHERE member_id = :m "
					"AND badge = :b");
			db_bind_int(s, ":m", rows[i].member);
			db_bind_text(s, ":b", b);
			if ((st = db_one_int(s, &count, err)) == JF_OK && count == 0) {
				snprintf(problem, size, "grand prize %lld: badge %s was never earned",
					 (long long)rows[i].id, b);
				st = JF_INTEGRITY;
			}
		}
		free(rows[i].badges);
	}
	free(rows);
	return st;
}

enum jf_status
task_verify(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	enum jf_status st;

	problem[0] = '\0';
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'task completion ' || d.id FROM task_done d LEFT JOIN (SELECT task_done_id, "
		"count(*) AS n FROM game_ticket WHERE task_done_id IS NOT NULL GROUP BY task_done_id) t "
		"ON t.task_done_id = d.id WHERE (d.reward IN ('points', 'green') AND NOT EXISTS "
		"(SELECT 1 FROM entry e JOIN line x ON x.entry_id = e.id JOIN account a "
		"ON a.id = x.account_id WHERE e.id = d.entry_id AND e.type = 'task' AND e.ref = d.key "
		"AND a.member_id = d.member_id AND a.kind = CASE d.reward WHEN 'green' THEN 1 ELSE 0 "
		"END AND x.amount = d.amount)) OR (d.reward NOT IN ('points', 'green') "
		"AND d.entry_id IS NOT NULL) OR coalesce(t.n, 0) <> CASE d.reward "
		"WHEN 'free_play' THEN d.amount ELSE 0 END OR d.actor = '' OR d.terminal = '' "
		"LIMIT 1"),
		"its reward differs from its entry or tickets", problem, size, err)) != JF_OK)
		return st;
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'ticket ' || t.id FROM game_ticket t JOIN task_done d ON d.id = t.task_done_id "
		"WHERE t.member_id <> d.member_id OR t.game <> d.game OR t.play_id IS NOT NULL LIMIT 1"),
		"not the ticket its task gave", problem, size, err)) != JF_OK)
		return st;
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'grand prize ' || b.id FROM badge_prize b WHERE (b.kind IN ('points', 'green') "
		"AND (b.voucher_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM entry e JOIN line x "
		"ON x.entry_id = e.id JOIN account a ON a.id = x.account_id WHERE e.id = b.entry_id "
		"AND e.type = 'badge_prize' AND e.ref = b.key AND a.member_id = b.member_id "
		"AND a.kind = CASE b.kind WHEN 'green' THEN 1 ELSE 0 END AND x.amount = b.amount))) "
		"OR (b.kind IN ('item', 'coupon') AND (b.voucher_id IS NULL OR b.entry_id IS NULL)) "
		"OR b.actor = '' OR b.terminal = '' LIMIT 1"),
		"it differs from its entry or voucher", problem, size, err)) != JF_OK)
		return st;
	/* As many entries of each type as rows naming one: none without its row. */
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'entries of tasks' FROM (SELECT (SELECT count(*) FROM entry WHERE type = "
		"'task') AS e1, (SELECT count(*) FROM task_done WHERE entry_id IS NOT NULL) AS d1, "
		"(SELECT count(*) FROM entry WHERE type = 'badge_prize') AS e2, (SELECT count(*) "
		"FROM badge_prize) AS d2) c WHERE c.e1 <> c.d1 OR c.e2 <> c.d2"),
		"an entry without its task or grand prize", problem, size, err)) != JF_OK)
		return st;
	return check_prize_badges(db, problem, size, err);
}
