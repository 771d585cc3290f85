/*
 * tiers.c: the daily job's tier pass (tier.h) for a store of members, each
 * with one purchase in the last 12 months, against one SQL aggregate over
 * the same rows (what each member earned in the window, read to the end).
 * The first pass moves most members up (a change row, tier_now and a
 * notice each); the figure is the second, a day like most, which reads
 * everything and writes nothing. Both are printed.
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "clock.h"
#include "tier.h"

#define GOAL_TIERS 3.0 /* the pass at most three times the aggregate */

static const char tier_conf[] =
	"[tier basic]\nname_zh = 普通\nname_en = Basic\npoints = 0\n"
	"[tier silver]\nname_zh = 银卡\nname_en = Silver\npoints = 1000\nearn_percent = 110\n"
	"[tier gold]\nname_zh = 金卡\nname_en = Gold\npoints = 5000\nearn_percent = 150\n";

/* Member i (1..:n): card 20000000 + i, accounts :base + 2i - 1 (points) and
 * :base + 2i (green), one purchase (entry i, type earn) of i % 7000
 * points yesterday, so the tiers take every share of the members. */
static const char *const fill_sql[] = {
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :n) "
	"INSERT INTO member(id, card, name, created_at) "
	"SELECT i, printf('%d', 20000000 + i), 'Member ' || i, :joined FROM n",
	"INSERT INTO account(id, name, kind, member_id, balance) "
	"SELECT :base + 2 * id - 1, 'member:' || card || ':points', 0, id, 1 + id % 7000 FROM member",
	"INSERT INTO account(id, name, kind, member_id, balance) "
	"SELECT :base + 2 * id, 'member:' || card || ':green', 1, id, 0 FROM member",
	"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :n) "
	"INSERT INTO entry(id, ts, type, ref, memo, prev_hash, hash) "
	"SELECT i, :ts, 'earn', 'earn:bench-' || i, 'bench', randomblob(32), randomblob(32) FROM n",
	"WITH RECURSIVE n(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM n WHERE j < 2 * :n) "
	"INSERT INTO line(entry_id, seq, account_id, amount) "
	"SELECT (j + 1) / 2, 1 - j % 2, CASE j % 2 WHEN 1 THEN :base + (j + 1) - 1 ELSE :issued END, "
	"CASE j % 2 WHEN 1 THEN 1 + ((j + 1) / 2) % 7000 ELSE -(1 + ((j + 1) / 2) % 7000) END FROM n",
};

static int64_t
one_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = raw_prepare(db, sql);
	int64_t v;

	if (sqlite3_step(st) != SQLITE_ROW)
		die(sql, sqlite3_errmsg(db));
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
fill(const char *path, const struct settings *tcfg, long members)
{
	struct ledger lg;
	struct jf_error err;
	int64_t base, issued;
	sqlite3 *db;

	if (ledger_create(&lg, path, tcfg, &err) != JF_OK)
		die("creating a tiers ledger", err.message);
	ledger_close(&lg);
	db = raw_open(path);
	raw_exec(db, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN");
	base = one_int(db, "SELECT max(id) FROM account");
	issued = one_int(db, "SELECT id FROM account WHERE name = 'system:issued:points'");
	for (size_t i = 0; i < sizeof fill_sql / sizeof fill_sql[0]; i++) {
		sqlite3_stmt *st = raw_prepare(db, fill_sql[i]);
		int idx;

		if ((idx = sqlite3_bind_parameter_index(st, ":n")))
			sqlite3_bind_int64(st, idx, members);
		if ((idx = sqlite3_bind_parameter_index(st, ":base")))
			sqlite3_bind_int64(st, idx, base);
		if ((idx = sqlite3_bind_parameter_index(st, ":issued")))
			sqlite3_bind_int64(st, idx, issued);
		if ((idx = sqlite3_bind_parameter_index(st, ":ts")))
			sqlite3_bind_int64(st, idx, clock_now() - 86400);
		/* Joined 200 days ago: no anniversary today. */
		if ((idx = sqlite3_bind_parameter_index(st, ":joined")))
			sqlite3_bind_int64(st, idx, clock_now() - 200 * 86400LL);
		raw_step_done(db, st);
		sqlite3_finalize(st);
	}
	raw_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);");
	sqlite3_close(db);
}

/* The baseline: the pass's own aggregate, every row read, nothing else. */
static double
time_aggregate(const char *path, int64_t *rows)
{
	char today[CLOCK_DATE_LEN], since[11];
	int64_t from = 0;
	sqlite3 *db = raw_open(path);
	sqlite3_stmt *st;
	double t0;

	raw_durable(db);
	clock_date_of(clock_now(), today);
	tier_months_start(today, 12, since);
	clock_parse_iso(since, &from);
	t0 = seconds();
	st = raw_prepare(db, "SELECT a.member_id, sum(l.amount) FROM entry e JOIN line l "
			     "ON l.entry_id = e.id JOIN account a ON a.id = l.account_id "
			     "WHERE e.type IN ('earn', 'reverse') AND e.ts >= ?1 AND e.ts <= ?2 "
			     "AND a.kind = 0 AND a.member_id IS NOT NULL GROUP BY a.member_id "
			     "ORDER BY a.member_id");
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, clock_now());
	*rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		(*rows)++;
	sqlite3_finalize(st);
	t0 = seconds() - t0;
	sqlite3_close(db);
	return t0;
}

static double
time_pass(const char *path, const struct settings *tcfg, struct tier_daily_result *res)
{
	struct ledger lg;
	struct jf_error err;
	double t0;

	if (ledger_open(&lg, path, tcfg, &err) != JF_OK || act(&lg) != JF_OK)
		die("opening the tiers ledger", err.message);
	t0 = seconds();
	if (tier_daily(&lg, res, &err) != JF_OK)
		die("tier_daily", err.message);
	t0 = seconds() - t0;
	ledger_close(&lg);
	return t0;
}

void
bench_tiers(long members)
{
	static struct settings tcfg;
	struct tier_daily_result first, second;
	struct jf_error err;
	char path[PATH_SIZE];
	double t_first, t_pass, t_agg;
	int64_t rows;

	tcfg = cfg;
	if (settings_load_string(&tcfg, tier_conf, &err) != JF_OK)
		die("the tiers' config", err.message);
	file_path("tiers.db", path, sizeof path);
	fprintf(stderr, "bench: filling a ledger of %ld members with a purchase each...\n", members);
	fill(path, &tcfg, members);
	t_first = time_pass(path, &tcfg, &first);
	t_pass = time_pass(path, &tcfg, &second);
	t_agg = time_aggregate(path, &rows);
	remove_ledger(path);
	if (first.earning != members || rows != members || second.upgrades + second.downgrades)
		die("the tier pass", "did not read every member, or changed tiers twice");
	printf("tier pass (%ld members, %lld up on the first run in %.2f s): %.2f s vs one "
	       "aggregate %.2f s = %.2f (goal <= %.1f) %s\n", members, (long long)first.upgrades,
	       t_first, t_pass, t_agg, t_pass / t_agg, GOAL_TIERS,
	       verdict(t_pass / t_agg <= GOAL_TIERS));
	fflush(stdout);
}
