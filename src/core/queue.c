/*
 * queue: purchases taken while the ledger could not be reached, kept on
 * the terminal and posted when it can (queue.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "db.h"
#include "parse.h"
#include "queue.h"
#include "xalloc.h"

struct queue {
	struct db *db;
	char *path;
};

/* The queue's own tables. queue_format says what kind of file this is, so
 * that another SQLite database given as the queue is refused untouched. */
static const char queue_schema[] =
	"CREATE TABLE queue_format(version INTEGER NOT NULL);"
	"INSERT INTO queue_format(version) VALUES (1);"
	"CREATE TABLE queued_purchase("
	" id INTEGER PRIMARY KEY,"
	" receipt TEXT NOT NULL UNIQUE,"
	" card TEXT NOT NULL,"
	" fen INTEGER NOT NULL CHECK (fen > 0),"
	" green INTEGER NOT NULL CHECK (green IN (0, 1)),"
	" category TEXT NOT NULL,"
	" actor TEXT NOT NULL,"
	" terminal TEXT NOT NULL,"
	" sold_at INTEGER NOT NULL,"
	" slip TEXT NOT NULL,"
	" tries INTEGER NOT NULL DEFAULT 0,"
	" failed INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1)),"
	" failed_at INTEGER NOT NULL DEFAULT 0,"
	" failed_reason TEXT NOT NULL DEFAULT '',"
	" failed_message TEXT NOT NULL DEFAULT '');";

#define QUEUE_FORMAT 1

enum jf_status
queue_location(const struct settings *cfg, const char *ledger_location, char *out, size_t size,
	       struct jf_error *err)
{
	const char *file;
	int n;

	if (cfg->counter_queue[0] != '\0')
		n = snprintf(out, size, "%s", cfg->counter_queue);
	else if (ledger_location && db_location_parse(ledger_location, &file) == DB_BACKEND_SQLITE)
		n = snprintf(out, size, "%s.queue", file);
	else /* the location is not repeated: it may hold a password */
		return jf_fail(err, JF_NOTFOUND,
			       "the ledger is not a file, so the counter's purchase queue cannot lie "
			       "beside it: set [counter] queue in the config");
	if (n < 0 || (size_t)n >= size)
		return jf_fail(err, JF_USAGE, "the purchase queue's path is too long");
	return JF_OK;
}

/* A failure opening or reading the file, said as the queue's. */
static enum jf_status
not_a_queue(const char *path, const struct jf_error *why, struct jf_error *err)
{
	const char *message = why && why->message[0] ? why->message : "no queue_format table";

	return jf_fail(err, JF_INTEGRITY,
		       "%.180s is not a purchase queue of jifen, or it is damaged (%.100s): "
		       "move it aside; nothing was read from it",
		       path, message);
}

static enum jf_status
check_format(struct queue *q, struct jf_error *err)
{
	struct jf_error why;
	int64_t version = 0;
	int exists = 0;

	jf_error_clear(&why);
	if (db_table_exists(q->db, "queue_format", &exists, &why) != JF_OK || !exists ||
	    db_table_exists(q->db, "queued_purchase", &exists, &why) != JF_OK || !exists)
		return not_a_queue(q->path, why.message[0] ? &why : NULL, err);
	if (db_one_int(db_stmt(q->db, "SELECT max(version) FROM queue_format"), &version, &why) !=
	    JF_OK)
		return not_a_queue(q->path, &why, err);
	if (version != QUEUE_FORMAT)
		return jf_fail(err, JF_INTEGRITY,
			       "%s is a purchase queue of format %lld; this jifen reads format %d",
			       q->path, (long long)version, QUEUE_FORMAT);
	return JF_OK;
}

static enum jf_status
create_schema(struct queue *q, struct jf_error *err)
{
	enum jf_status st;

	if ((st = db_begin_write(q->db, err)) != JF_OK)
		return st;
	if ((st = db_exec(q->db, queue_schema, err)) != JF_OK) {
		db_rollback(q->db);
		return st;
	}
	return db_commit(q->db, err);
}

enum jf_status
queue_open(const char *path, int create, struct queue **out, struct jf_error *err)
{
	struct stat sb;
	struct queue *q;
	struct jf_error why;
	const char *file;
	int fresh;
	enum jf_status st;

	*out = NULL;
	if (db_location_parse(path, &file) != DB_BACKEND_SQLITE || path[0] != '/')
		return jf_fail(err, JF_USAGE, "the purchase queue must be a file's absolute path");
	fresh = stat(path, &sb) != 0;
	if (fresh && !create)
		return jf_fail(err, JF_NOTFOUND, "no purchase queue at %s: nothing was queued here",
			       path);
	q = xcalloc(1, sizeof *q);
	q->path = xstrdup(path);
	jf_error_clear(&why);
	st = db_open(path, fresh ? DB_OPEN_CREATE : DB_OPEN_EXISTING, QUEUE_BUSY_TIMEOUT_MS, &q->db,
		     &why);
	if (st != JF_OK) {
		queue_close(q);
		if (fresh) /* a directory missing or not ours: said as such */
			return jf_fail(err, st == JF_DENIED ? JF_DENIED : JF_ERR,
				       "cannot make the purchase queue %.180s: %.120s", path, why.message);
		if (st == JF_DENIED || st == JF_NOTFOUND || st == JF_CONFLICT)
			return jf_fail(err, st, "purchase queue: %s", why.message);
		return not_a_queue(path, &why, err);
	}
	/* A new file gets its tables; an old one must be a queue before WAL
	 * changes it. */
	if ((fresh && (st = create_schema(q, err)) != JF_OK) ||
	    (st = check_format(q, err)) != JF_OK || (st = db_use_wal(q->db, err)) != JF_OK) {
		queue_close(q);
		return st;
	}
	*out = q;
	return JF_OK;
}

enum jf_status
queue_open_for(const struct ledger *lg, int create, struct queue **out, struct jf_error *err)
{
	char path[4096 + 8];
	enum jf_status st;

	*out = NULL;
	if ((st = queue_location(lg->cfg, db_location(lg->db), path, sizeof path, err)) != JF_OK)
		return st;
	return queue_open(path, create, out, err);
}

void
queue_close(struct queue *q)
{
	if (q == NULL)
		return;
	if (q->db)
		db_close(q->db);
	free(q->path);
	free(q);
}

/* ---- adding ---- */

static enum jf_status
check_purchase(const struct queue_purchase *p, struct jf_error *err)
{
	enum jf_status st;

	if ((st = parse_key("receipt", p->receipt ? p->receipt : "", err)) != JF_OK ||
	    (st = parse_key("card", p->card ? p->card : "", err)) != JF_OK)
		return st;
	if (strlen(p->receipt) >= QUEUE_REF_SIZE || strlen(p->card) >= QUEUE_REF_SIZE)
		return jf_fail(err, JF_USAGE, "a receipt or card of more than %d characters",
			       QUEUE_REF_SIZE - 1);
	if (p->fen <= 0)
		return jf_fail(err, JF_USAGE, "a purchase of no amount");
	if (p->category && p->category[0] &&
	    (st = parse_text("category", p->category, SETTINGS_NAME_MAX, err)) != JF_OK)
		return st;
	if (p->actor == NULL || strchr(p->actor, ':') == NULL ||
	    strlen(p->actor) >= ACTOR_TEXT_SIZE)
		return jf_fail(err, JF_USAGE, "a queued purchase needs who sold it");
	if (p->terminal == NULL || (st = actor_check_terminal(p->terminal, err)) != JF_OK)
		return p->terminal ? st : jf_fail(err, JF_USAGE, "a queued purchase needs its terminal");
	if (p->slip && strlen(p->slip) > QUEUE_SLIP_MAX)
		return jf_fail(err, JF_USAGE, "a slip of more than %d bytes", QUEUE_SLIP_MAX);
	return JF_OK;
}

/* The receipt queued before: the same purchase, or a conflict. */
static enum jf_status
compare_existing(struct queue *q, const struct queue_purchase *p, int64_t *id,
		 struct jf_error *err)
{
	struct db_stmt *s = db_stmt(q->db, "SELECT id, card, fen, green, category "
					   "FROM queued_purchase WHERE receipt = :r");
	enum db_step_result rc;
	int same;

	db_bind_text(s, ":r", p->receipt);
	if ((rc = db_step(s, err)) != DB_ROW) {
		db_reset(s);
		return rc == DB_ERROR ? err->status : jf_fail(err, JF_ERR, "queued receipt vanished");
	}
	*id = db_col_int(s, 0);
	same = strcmp(db_col_text(s, 1), p->card) == 0 && db_col_int(s, 2) == p->fen &&
	       db_col_int(s, 3) == (p->green != 0) &&
	       strcmp(db_col_text(s, 4), p->category ? p->category : "") == 0;
	db_reset(s);
	if (!same)
		return jf_fail(err, JF_CONFLICT,
			       "receipt %s is queued already for another card or amount", p->receipt);
	return JF_OK;
}

static enum jf_status
insert_purchase(struct queue *q, const struct queue_purchase *p, int64_t *id, int *replay,
		struct jf_error *err)
{
	struct db_stmt *s = db_stmt(
		q->db, "INSERT INTO queued_purchase(receipt, card, fen, green, category, actor, "
		       "terminal, sold_at, slip) VALUES (:receipt, :card, :fen, :green, :category, "
		       ":actor, :terminal, :sold_at, :slip) "
		       "ON CONFLICT (receipt) DO NOTHING RETURNING id");
	enum db_step_result rc;

	db_bind_text(s, ":receipt", p->receipt);
	db_bind_text(s, ":card", p->card);
	db_bind_int(s, ":fen", p->fen);
	db_bind_int(s, ":green", p->green != 0);
	db_bind_text(s, ":category", p->category ? p->category : "");
	db_bind_text(s, ":actor", p->actor);
	db_bind_text(s, ":terminal", p->terminal);
	db_bind_int(s, ":sold_at", p->sold_at);
	db_bind_text(s, ":slip", p->slip ? p->slip : "");
	rc = db_step(s, err);
	if (rc == DB_ERROR)
		return err->status;
	if (rc == DB_ROW) {
		*id = db_col_int(s, 0);
		db_reset(s);
		return JF_OK;
	}
	*replay = 1;
	return compare_existing(q, p, id, err);
}

enum jf_status
queue_add(struct queue *q, const struct queue_purchase *p, int64_t *id, int *replay,
	  struct jf_error *err)
{
	enum jf_status st;
	int dummy;

	*id = 0;
	if (replay == NULL)
		replay = &dummy;
	*replay = 0;
	if ((st = check_purchase(p, err)) != JF_OK)
		return st;
	if ((st = db_begin_write(q->db, err)) != JF_OK)
		return st;
	if ((st = insert_purchase(q, p, id, replay, err)) != JF_OK) {
		db_rollback(q->db);
		*id = 0;
		return st;
	}
	/* synchronous=FULL: once this returns the purchase is on the disk. */
	return db_commit(q->db, err);
}

/* ---- reading ---- */

enum jf_status
queue_count(struct queue *q, int64_t *pending, int64_t *failed, struct jf_error *err)
{
	enum jf_status st;

	*pending = *failed = 0;
	if ((st = db_one_int(db_stmt(q->db, "SELECT count(*) FROM queued_purchase "
					    "WHERE failed = 0"),
			     pending, err)) != JF_OK)
		return st;
	return db_one_int(db_stmt(q->db, "SELECT count(*) FROM queued_purchase WHERE failed = 1"),
			  failed, err);
}

static void
read_item(struct db_stmt *s, struct queue_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = db_col_int(s, 0);
	snprintf(it->receipt, sizeof it->receipt, "%s", db_col_text(s, 1));
	snprintf(it->card, sizeof it->card, "%s", db_col_text(s, 2));
	it->fen = db_col_int(s, 3);
	it->green = db_col_int(s, 4) != 0;
	snprintf(it->category, sizeof it->category, "%s", db_col_text(s, 5));
	snprintf(it->actor, sizeof it->actor, "%s", db_col_text(s, 6));
	snprintf(it->terminal, sizeof it->terminal, "%s", db_col_text(s, 7));
	it->sold_at = db_col_int(s, 8);
	it->tries = db_col_int(s, 9);
	it->failed = db_col_int(s, 10) != 0;
	it->failed_at = db_col_int(s, 11);
	snprintf(it->failed_reason, sizeof it->failed_reason, "%s", db_col_text(s, 12));
	snprintf(it->failed_message, sizeof it->failed_message, "%s", db_col_text(s, 13));
	it->slip = db_col_text(s, 14);
}

enum jf_status
queue_list(struct queue *q, int (*fn)(const struct queue_item *it, void *ctx), void *ctx,
	   struct jf_error *err)
{
	struct db_stmt *s = db_stmt(q->db, "SELECT id, receipt, card, fen, green, category, actor, "
					   "terminal, sold_at, tries, failed, failed_at, "
					   "failed_reason, failed_message, slip "
					   "FROM queued_purchase ORDER BY id");
	struct queue_item it;
	enum db_step_result rc;

	while ((rc = db_step(s, err)) == DB_ROW) {
		read_item(s, &it);
		if (fn(&it, ctx)) {
			db_reset(s);
			return JF_OK;
		}
	}
	return rc == DB_ERROR ? err->status : JF_OK;
}

/* The oldest purchase still waiting after id (0: the first), or JF_NOTFOUND. */
static enum jf_status
next_waiting(struct queue *q, int64_t after, struct queue_item *it, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(q->db, "SELECT id, receipt, card, fen, green, category, actor, "
					   "terminal, sold_at, tries, failed, failed_at, "
					   "failed_reason, failed_message, '' "
					   "FROM queued_purchase WHERE failed = 0 AND id > :after "
					   "ORDER BY id LIMIT 1");
	enum db_step_result rc;

	db_bind_int(s, ":after", after);
	rc = db_step(s, err);
	if (rc == DB_ROW)
		read_item(s, it);
	db_reset(s);
	it->slip = ""; /* the row's text is gone with the reset */
	if (rc == DB_ERROR)
		return err->status;
	return rc == DB_ROW ? JF_OK : JF_NOTFOUND;
}

/* ---- posting ---- */

/* Who sold it, as ledger_act_as() takes it: "staff:S01" and the like. */
static enum jf_status
actor_of(const char *text, struct actor *a, struct jf_error *err)
{
	const char *colon = strchr(text, ':');
	static const enum actor_kind kinds[] = { ACTOR_MEMBER, ACTOR_STAFF, ACTOR_SHELL,
						 ACTOR_SYSTEM };

	memset(a, 0, sizeof *a);
	for (size_t i = 0; colon && i < sizeof kinds / sizeof kinds[0]; i++) {
		const char *name = actor_kind_name(kinds[i]);

		if (strlen(name) == (size_t)(colon - text) && !strncmp(text, name, strlen(name)) &&
		    strlen(colon + 1) >= 1 && strlen(colon + 1) <= ACTOR_ID_MAX) {
			a->kind = kinds[i];
			snprintf(a->id, sizeof a->id, "%s", colon + 1);
			return JF_OK;
		}
	}
	return jf_fail(err, JF_USAGE, "queued purchase sold by %.60s, who is no actor", text);
}

static enum jf_status
forget(struct queue *q, int64_t id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(q->db, "DELETE FROM queued_purchase WHERE id = :id");

	db_bind_int(s, ":id", id);
	return db_run(s, err);
}

/* The ledger refused it: kept, with why, for staff. */
static enum jf_status
mark_failed(struct queue *q, int64_t id, const struct jf_error *why, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(q->db, "UPDATE queued_purchase SET failed = 1, tries = tries + 1, "
					   "failed_at = :at, failed_reason = :reason, "
					   "failed_message = :message WHERE id = :id");

	db_bind_int(s, ":at", clock_now());
	db_bind_text(s, ":reason", why->reason != JF_R_NONE ? jf_reason_name(why->reason) : "");
	db_bind_text(s, ":message", why->message);
	db_bind_int(s, ":id", id);
	return db_run(s, err);
}

/* One purchase to the ledger, as who sold it, where it was sold. */
static enum jf_status
post_one(struct ledger *lg, const struct queue_item *it, struct ledger_result *res,
	 struct jf_error *err)
{
	struct earn_request req = { it->card, it->fen, it->receipt, it->green,
				    it->category[0] ? it->category : NULL };
	const struct settings *cfg = lg->cfg;
	struct settings *there = NULL;
	struct actor who, saved = lg->actor;
	enum jf_status st;

	if ((st = actor_of(it->actor, &who, err)) != JF_OK)
		return st;
	/* Sold at another terminal (a queue file carried over): stamped with
	 * where it was sold, as it would have been online. */
	if (strcmp(it->terminal, cfg->terminal) != 0) {
		there = xmalloc(sizeof *there);
		*there = *cfg;
		snprintf(there->terminal, sizeof there->terminal, "%s", it->terminal);
		lg->cfg = there;
	}
	ledger_act_as(lg, &who);
	st = ledger_earn(lg, &req, res, err);
	ledger_act_as(lg, &saved);
	lg->cfg = cfg;
	free(there);
	return st;
}

/* Is this the ledger out of reach (try again later), not a refusal? */
static int
unreachable(enum jf_status st)
{
	return st == JF_BUSY || st == JF_RETRY;
}

enum jf_status
queue_post(struct queue *q, struct ledger *lg, struct queue_post_result *r, struct jf_error *err)
{
	struct queue_item it;
	struct ledger_result res;
	struct jf_error why;
	int64_t after = 0, pending = 0, failed = 0;
	enum jf_status st;

	memset(r, 0, sizeof *r);
	while ((st = next_waiting(q, after, &it, err)) == JF_OK) {
		after = it.id;
		memset(&res, 0, sizeof res);
		jf_error_clear(&why);
		st = post_one(lg, &it, &res, &why);
		if (unreachable(st)) {
			if (queue_count(q, &pending, &failed, err) == JF_OK)
				r->left = pending;
			return jf_fail(err, JF_BUSY, "%s", why.message);
		}
		/* Committed in the ledger (or found there): only now forgotten.
		 * A crash before this line leaves it queued, and the next post is
		 * a replay. */
		if (st == JF_OK) {
			if ((st = forget(q, it.id, err)) != JF_OK)
				return st;
			r->replayed += res.replay;
			r->posted += !res.replay;
			r->points += res.replay ? 0 : res.points;
		} else {
			if ((st = mark_failed(q, it.id, &why, err)) != JF_OK)
				return st;
			r->failed++;
		}
	}
	return st == JF_NOTFOUND ? JF_OK : st;
}

enum jf_status
queue_retry(struct queue *q, int64_t id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(q->db, "UPDATE queued_purchase SET failed = 0 "
					   "WHERE id = :id AND failed = 1");
	enum jf_status st;

	db_bind_int(s, ":id", id);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	if (db_changes(q->db) == 0)
		return jf_fail(err, JF_NOTFOUND, "no failed purchase %lld in the queue", (long long)id);
	return JF_OK;
}
