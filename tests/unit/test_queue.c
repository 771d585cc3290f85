/*
 * test_queue: the counter's queue of purchases sold while the ledger could
 * not be reached (src/core/queue.c). A purchase queued is kept across a
 * close (the file is the terminal's own); the same receipt again is a
 * replay and with another amount a conflict; posting earns each exactly
 * once, under its receipt's key, as who sold it and where, and forgets it;
 * a post cut short after the ledger committed (the queue file as it was
 * before: the terminal killed before it forgot) posts nothing twice; a
 * purchase the ledger refuses is kept as failed with why, and goes again
 * after queue_retry(); a ledger held by another writer leaves everything
 * queued; a file that is no queue is refused untouched; every statement
 * of queue.c prepares against a queue.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "db.h"
#include "fixture.h"
#include "queue.h"

#define ANN "10000001"
#define BOB "10000002"

static int
setup(void **state)
{
	return fixture_setup_with(state, ANN, "Ann", BOB, "Bob", NULL);
}

static void
queue_path(const struct fixture *f, char *out, size_t size)
{
	snprintf(out, size, "%s/counter.queue", f->dir);
}

static struct queue *
open_queue(const struct fixture *f)
{
	char path[PATH_MAX + 32];
	struct queue *q = NULL;
	struct jf_error err;

	queue_path(f, path, sizeof path);
	if (queue_open(path, 1, &q, &err) != JF_OK)
		fail_msg("queue_open: %s", err.message);
	return q;
}

static struct queue_purchase
sale(const char *receipt, const char *card, int64_t fen)
{
	return (struct queue_purchase){ .receipt = receipt, .card = card, .fen = fen,
					.actor = "staff:S01", .terminal = "C07",
					.sold_at = clock_now(),
					.slip = "STORE\nPOINTS RECEIPT\nPoints will be added\n" };
}

static void
add(struct queue *q, const char *receipt, const char *card, int64_t fen)
{
	struct queue_purchase p = sale(receipt, card, fen);
	struct jf_error err;
	int64_t id;
	int replay;

	if (queue_add(q, &p, &id, &replay, &err) != JF_OK)
		fail_msg("queue_add %s: %s", receipt, err.message);
	assert_true(id > 0);
	assert_int_equal(replay, 0);
}

static void
assert_counts(struct queue *q, int64_t pending, int64_t failed)
{
	struct jf_error err;
	int64_t p, fl;

	assert_int_equal(queue_count(q, &p, &fl, &err), JF_OK);
	assert_int_equal(p, pending);
	assert_int_equal(fl, failed);
}

static void
test_add_keeps_and_replays(void **state)
{
	struct fixture *f = *state;
	struct queue *q = open_queue(f);
	struct queue_purchase p = sale("R-1", ANN, 19900), other = sale("R-1", ANN, 100);
	struct jf_error err;
	int64_t id = 0, again = 0;
	int replay = 0;

	assert_int_equal(queue_add(q, &p, &id, &replay, &err), JF_OK);
	assert_int_equal(queue_add(q, &p, &again, &replay, &err), JF_OK);
	assert_int_equal(replay, 1);
	assert_int_equal(again, id);
	assert_int_equal(queue_add(q, &other, &again, &replay, &err), JF_CONFLICT);
	/* Kept by the file: a new process finds it. */
	queue_close(q);
	q = open_queue(f);
	assert_counts(q, 1, 0);
	queue_close(q);
}

static void
test_add_refuses_bad_input(void **state)
{
	struct fixture *f = *state;
	struct queue *q = open_queue(f);
	struct queue_purchase p;
	struct jf_error err;
	int64_t id;

	p = sale("has space", ANN, 100);
	assert_int_equal(queue_add(q, &p, &id, NULL, &err), JF_USAGE);
	p = sale("R-2", "", 100);
	assert_int_equal(queue_add(q, &p, &id, NULL, &err), JF_USAGE);
	p = sale("R-2", ANN, 0);
	assert_int_equal(queue_add(q, &p, &id, NULL, &err), JF_USAGE);
	p = sale("R-2", ANN, 100);
	p.actor = "nobody";
	assert_int_equal(queue_add(q, &p, &id, NULL, &err), JF_USAGE);
	p = sale("R-2", ANN, 100);
	p.terminal = "bad terminal";
	assert_int_equal(queue_add(q, &p, &id, NULL, &err), JF_USAGE);
	assert_counts(q, 0, 0);
	queue_close(q);
}

static void
test_post_exactly_once(void **state)
{
	struct fixture *f = *state;
	struct queue *q = open_queue(f);
	struct queue_post_result r;
	struct jf_error err;
	int64_t before = fixture_total(f, ANN, KIND_POINTS);

	add(q, "R-10", ANN, 10000);
	add(q, "R-11", ANN, 20000);
	add(q, "R-12", BOB, 5000);
	assert_int_equal(queue_post(q, &f->lg, &r, &err), JF_OK);
	assert_int_equal(r.posted, 3);
	assert_int_equal(r.replayed, 0);
	assert_int_equal(r.failed, 0);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), before + 300);
	assert_int_equal(fixture_total(f, BOB, KIND_POINTS), 50);
	assert_counts(q, 0, 0);
	/* As who sold them, where they were sold; the front end's actor kept. */
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM entry WHERE type = 'earn' "
						  "AND actor = 'staff:S01' AND terminal = 'C07'"),
			 3);
	assert_int_equal(f->lg.actor.kind, ACTOR_SHELL);
	/* Nothing left: a second post does nothing. */
	assert_int_equal(queue_post(q, &f->lg, &r, &err), JF_OK);
	assert_int_equal(r.posted + r.replayed + r.failed, 0);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), before + 300);
	fixture_verify_ok(f);
	queue_close(q);
}

/* The terminal killed after the ledger committed, before it forgot: the
 * queue file as it was before the post, posted again. */
static void
test_post_interrupted(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX + 32], saved[PATH_MAX + 48];
	struct queue *q = open_queue(f);
	struct queue_post_result r;
	struct jf_error err;

	add(q, "R-20", ANN, 10000);
	add(q, "R-21", BOB, 10000);
	queue_close(q);
	queue_path(f, path, sizeof path);
	snprintf(saved, sizeof saved, "%s.saved", path);
	fixture_copy_file(path, saved);
	q = open_queue(f);
	assert_int_equal(queue_post(q, &f->lg, &r, &err), JF_OK);
	assert_int_equal(r.posted, 2);
	queue_close(q);
	fixture_copy_file(saved, path);
	q = open_queue(f);
	assert_counts(q, 2, 0);
	add(q, "R-22", ANN, 10000); /* sold after the restart */
	assert_int_equal(queue_post(q, &f->lg, &r, &err), JF_OK);
	assert_int_equal(r.replayed, 2);
	assert_int_equal(r.posted, 1);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 200);
	assert_int_equal(fixture_total(f, BOB, KIND_POINTS), 100);
	assert_counts(q, 0, 0);
	fixture_verify_ok(f);
	queue_close(q);
}

static int
keep_failed(const struct queue_item *it, void *ctx)
{
	static char slip[4096]; /* the row's text lives only as long as the call */
	struct queue_item *out = ctx;

	if (it->failed) {
		*out = *it;
		snprintf(slip, sizeof slip, "%s", it->slip);
		out->slip = slip;
	}
	return 0;
}

static void
test_refused_kept(void **state)
{
	struct fixture *f = *state;
	struct queue *q = open_queue(f);
	struct queue_post_result r;
	struct queue_item it;
	struct jf_error err;

	add(q, "R-30", "19999999", 10000); /* nobody has this card */
	add(q, "R-31", ANN, 10000);
	assert_int_equal(queue_post(q, &f->lg, &r, &err), JF_OK);
	assert_int_equal(r.posted, 1);
	assert_int_equal(r.failed, 1);
	assert_counts(q, 0, 1);
	memset(&it, 0, sizeof it);
	assert_int_equal(queue_list(q, keep_failed, &it, &err), JF_OK);
	assert_string_equal(it.receipt, "R-30");
	assert_string_equal(it.failed_reason, "unknown_card");
	assert_non_null(strstr(it.slip, "Points will be added"));
	/* A later post leaves it alone; retried once the member exists. */
	assert_int_equal(queue_post(q, &f->lg, &r, &err), JF_OK);
	assert_int_equal(r.failed, 0);
	assert_counts(q, 0, 1);
	assert_int_equal(queue_retry(q, it.id + 100, &err), JF_NOTFOUND);
	fixture_add_member(f, "19999999", "Cat");
	assert_int_equal(queue_retry(q, it.id, &err), JF_OK);
	assert_int_equal(queue_post(q, &f->lg, &r, &err), JF_OK);
	assert_int_equal(r.posted, 1);
	assert_int_equal(fixture_total(f, "19999999", KIND_POINTS), 100);
	assert_counts(q, 0, 0);
	queue_close(q);
}

/* Another writer holds the ledger past its busy timeout: nothing posted,
 * nothing forgotten, JF_BUSY. */
static void
test_post_busy(void **state)
{
	struct fixture *f = *state;
	struct queue *q;
	struct queue_post_result r;
	struct jf_error err;
	struct db *other;

	if (fixture_on_pg(f->path))
		skip(); /* a file's lock; the server's absence is tests/pg/offline.sh */
	f->cfg.busy_timeout_ms = 50;
	fixture_reopen(f);
	q = open_queue(f);
	add(q, "R-40", ANN, 10000);
	add(q, "R-41", ANN, 10000);
	assert_int_equal(db_open(f->path, DB_OPEN_EXISTING, 50, &other, &err), JF_OK);
	assert_int_equal(db_begin_write(other, &err), JF_OK);
	assert_int_equal(queue_post(q, &f->lg, &r, &err), JF_BUSY);
	assert_int_equal(r.posted, 0);
	assert_int_equal(r.left, 2);
	assert_counts(q, 2, 0);
	db_rollback(other);
	db_close(other);
	assert_int_equal(queue_post(q, &f->lg, &r, &err), JF_OK);
	assert_int_equal(r.posted, 2);
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 200);
	queue_close(q);
}

static void
test_not_a_queue(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX + 32], ledger[PATH_MAX];
	struct queue *q = NULL;
	struct jf_error err;
	struct stat before, after;
	FILE *out;

	snprintf(path, sizeof path, "%s/garbage.queue", f->dir);
	assert_non_null(out = fopen(path, "w"));
	fputs("this is no database at all, only some text long enough to fill a header\n", out);
	fclose(out);
	assert_int_equal(queue_open(path, 1, &q, &err), JF_INTEGRITY);
	assert_null(q);
	assert_non_null(strstr(err.message, "not a purchase queue"));
	/* Another SQLite database (the ledger itself) is no queue either,
	 * and is left as it was. */
	fixture_sqlite_ledger(f, ledger, sizeof ledger);
	assert_int_equal(stat(ledger, &before), 0);
	assert_int_equal(queue_open(ledger, 1, &q, &err), JF_INTEGRITY);
	assert_int_equal(stat(ledger, &after), 0);
	assert_int_equal(before.st_size, after.st_size);
	assert_int_equal(before.st_mtime, after.st_mtime);
	/* None there and not to be made; a path that is no file's. */
	snprintf(path, sizeof path, "%s/none.queue", f->dir);
	assert_int_equal(queue_open(path, 0, &q, &err), JF_NOTFOUND);
	assert_int_equal(queue_open("postgresql:///x", 1, &q, &err), JF_USAGE);
	snprintf(path, sizeof path, "%s/no/such/dir/q", f->dir);
	assert_int_equal(queue_open(path, 1, &q, &err), JF_ERR);
	assert_non_null(strstr(err.message, "cannot make the purchase queue"));
	assert_int_equal(queue_open("relative.queue", 1, &q, &err), JF_USAGE);
}

static void
test_location(void **state)
{
	struct fixture *f = *state;
	struct settings cfg;
	struct jf_error err;
	char out[256];

	(void)f;
	settings_defaults(&cfg);
	assert_int_equal(queue_location(&cfg, "/var/lib/jifen/ledger.db", out, sizeof out, &err),
			 JF_OK);
	assert_string_equal(out, "/var/lib/jifen/ledger.db.queue");
	assert_int_equal(queue_location(&cfg, "postgresql://u:secret@host/db", out, sizeof out,
					&err), JF_NOTFOUND);
	assert_null(strstr(err.message, "secret"));
	assert_non_null(strstr(err.message, "[counter] queue"));
	snprintf(cfg.counter_queue, sizeof cfg.counter_queue, "/srv/q");
	assert_int_equal(queue_location(&cfg, "postgresql://host/db", out, sizeof out, &err), JF_OK);
	assert_string_equal(out, "/srv/q");
}

/* The queue's statements are not the ledger's (test_sql skips them). */
static void
test_statements_prepare(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX + 32];
	struct queue *q = open_queue(f);
	struct db_site *const *sites;
	struct jf_error err;
	struct db *db;
	size_t count, seen = 0;

	queue_close(q);
	queue_path(f, path, sizeof path);
	assert_int_equal(db_open(path, DB_OPEN_READ, 1000, &db, &err), JF_OK);
	sites = db_sites(&count);
	for (size_t i = 0; i < count; i++) {
		const char *file = sites[i] ? sites[i]->file : "";
		size_t n = strlen(file);

		if (n < 7 || strcmp(file + n - 7, "queue.c") != 0)
			continue;
		seen++;
		if (db_prepare_check(db, sites[i]->sql, &err) != JF_OK)
			fail_msg("%s:%d: %s", file, sites[i]->line, err.message);
	}
	db_close(db);
	assert_true(seen >= 8);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_keeps_and_replays),
		T(test_add_refuses_bad_input),
		T(test_post_exactly_once),
		T(test_post_interrupted),
		T(test_refused_kept),
		T(test_post_busy),
		T(test_not_a_queue),
		T(test_location),
		T(test_statements_prepare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
