/*
 * chain: the figures of a chain's ledger on PostgreSQL (issue 14), against
 * pgbench's built-in TPC-B-like script on the same server, in the same
 * run, at the same durability (a commit waits for its log to reach the
 * disk: jifen asks for it on every session, pgbench is given it).
 *
 *   chain_bench URL [SECONDS]
 *
 * URL is an empty database of a running server (`make bench-chain` starts
 * one with tests/pg/server.sh). For 1, 4, 8 and 16 clients, each its own
 * process on its own member, keyed grants (one entry per transaction, as
 * the postings figure of bench.c) for SECONDS (default 5), then pgbench
 * with as many clients for as long. It prints postings per second, the
 * ratio to pgbench's transactions per second, and the scaling from 1 to 8
 * clients of each, with the goals: at 16 clients at least 0.5 of pgbench,
 * and a scaling at least 0.8 of pgbench's. Exit status 0 even when a goal
 * is missed (timings are noisy); 1 if it cannot run.
 *
 * Each client is a terminal of a store of its own ([store] code S00..S15),
 * as each of pgbench's clients updates a branch of its own among the 16 of
 * scale 16: a store's terminals share its hash chain and system accounts
 * as pgbench's share a branch row, so the stores are the branches.
 *
 * Then the voucher hand-over: vouchers issued in store S00, handed over by
 * 1 and then 16 clients at once, each a terminal of its own store (the
 * cashier's scan: voucher_redeem()); the 99th percentile of a hand-over's
 * time at 16 clients against the same at 1 client, in the same run.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "catalog.h"
#include "clock.h"
#include "ledger.h"
#include "member.h"
#include "settings.h"
#include "voucher.h"

static const int clients[] = { 1, 4, 8, 16 };
#define HANDOVERS 24 /* vouchers per client */
#define MUG "sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green," \
	    "active_from,active_until,new_until\nMUG,杯子,Mug,home,goods,10,,,,100000,0,,,\n"
#define NCLIENTS (sizeof clients / sizeof clients[0])

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void __attribute__((noreturn))
die(const char *what, const char *message)
{
	fprintf(stderr, "chain_bench: %s: %s\n", what, message);
	exit(1);
}

static void
open_as_bench(struct ledger *lg, const char *url, const struct settings *cfg)
{
	struct jf_error err;
	struct actor a;

	if (ledger_open(lg, url, cfg, &err) != JF_OK)
		die("opening the ledger", err.message);
	actor_shell(&a, "bench");
	ledger_act_as(lg, &a);
}

/* Terminal c of a store of its own (S00..S15). */
static void
as_terminal(struct settings *mine, const struct settings *cfg, int c)
{
	*mine = *cfg;
	snprintf(mine->store, sizeof mine->store, "S%02d", c % 16);
	snprintf(mine->terminal, sizeof mine->terminal, "S%02d/T%d", c % 16, c);
}

/* What a client did: postings, and writes the database had run again. */
struct client_count {
	long postings, retries;
};

/* One client: grants on its own member until the deadline. */
static struct client_count
client(const char *url, const struct settings *cfg, int round, int c, double until)
{
	char card[16], key[48];
	struct grant_request g = { card, 5, KIND_POINTS, "bench", key };
	struct ledger_result res;
	struct jf_error err;
	struct ledger lg;
	static struct settings mine; /* one client per process */
	struct client_count one;
	long n = 0;

	as_terminal(&mine, cfg, c);
	snprintf(card, sizeof card, "%d", 20000000 + c);
	open_as_bench(&lg, url, &mine);
	while (seconds() < until) {
		snprintf(key, sizeof key, "bench-%d-%d-%ld", round, c, n);
		if (ledger_grant(&lg, &g, &res, &err) != JF_OK || res.replay)
			die("ledger_grant", err.message);
		n++;
	}
	one = (struct client_count){ n, (long)lg.retries };
	ledger_close(&lg);
	return one;
}

/* n clients at once for secs: postings per second; *retries: writes the
 * database had run again, per posting. */
static double
jifen_rate(const char *url, const struct settings *cfg, int round, int n, double secs,
	   double *retries)
{
	struct client_count total = { 0, 0 }, one;
	int fds[2];
	double start, until;

	if (pipe(fds) != 0)
		die("pipe", "cannot make one");
	start = seconds();
	until = start + 1 + secs; /* a second to connect, then all run together */
	for (int c = 0; c < n; c++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork", "cannot start a client");
		if (pid == 0) {
			close(fds[0]);
			/* Wait for the others to connect too. */
			while (seconds() < start + 1)
				usleep(1000);
			one = client(url, cfg, round, c, until);
			if (write(fds[1], &one, sizeof one) != (ssize_t)sizeof one)
				_exit(1);
			_exit(0);
		}
	}
	close(fds[1]);
	while (read(fds[0], &one, sizeof one) == (ssize_t)sizeof one) {
		total.postings += one.postings;
		total.retries += one.retries;
	}
	close(fds[0]);
	while (wait(NULL) > 0)
		;
	*retries = total.postings ? (double)total.retries / (double)total.postings : 0;
	return (double)total.postings / secs;
}

/* pgbench with n clients for secs on url, at the durability jifen asks for. */
static double
pgbench_rate(const char *url, int n, double secs)
{
	char cmd[4096], line[512];
	double tps = 0;
	FILE *p;

	snprintf(cmd, sizeof cmd,
		 "PGOPTIONS='-c synchronous_commit=on' pgbench -n -c %d -j %d -T %d '%s' 2>&1", n,
		 n, (int)secs, url);
	p = popen(cmd, "r");
	if (p == NULL)
		die("pgbench", "cannot run it");
	while (fgets(line, sizeof line, p) != NULL)
		if (strncmp(line, "tps = ", 6) == 0 && tps == 0)
			tps = strtod(line + 6, NULL);
	if (pclose(p) != 0 || tps <= 0)
		die("pgbench", "no tps in its output (is pgbench installed?)");
	return tps;
}

/* n * HANDOVERS vouchers issued in store S00, HANDOVERS on each of the n
 * members the clients will hand them over for; their codes into codes. */
static void
issue_vouchers(const char *url, const struct settings *cfg, int n,
	       char (*codes)[VCODE_FULL_LEN + 1])
{
	static struct settings s00;
	char card[16];
	struct grant_request g = { card, 100 * HANDOVERS, KIND_POINTS, "vouchers", NULL };
	struct ledger_result res;
	struct jf_error err;
	struct voucher v;
	struct ledger lg;

	as_terminal(&s00, cfg, 0);
	open_as_bench(&lg, url, &s00);
	for (int c = 0; c < n; c++) {
		snprintf(card, sizeof card, "%d", 20000000 + c);
		if (ledger_grant(&lg, &g, &res, &err) != JF_OK)
			die("ledger_grant", err.message);
		for (int i = 0; i < HANDOVERS; i++) {
			if (voucher_issue(&lg, card, "MUG", 1, NULL, &v, &err) != JF_OK)
				die("voucher_issue", err.message);
			memcpy(codes[c * HANDOVERS + i], v.code, sizeof codes[0]);
		}
	}
	ledger_close(&lg);
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* n clients at once, each handing over its HANDOVERS vouchers: the 99th
 * percentile of one hand-over's time, in milliseconds. */
static double
handover_p99(const char *url, const struct settings *cfg, int n)
{
	static char codes[16 * HANDOVERS][VCODE_FULL_LEN + 1];
	double times[16 * HANDOVERS], one;
	size_t got = 0;
	int fds[2];

	issue_vouchers(url, cfg, n, codes);
	if (pipe(fds) != 0)
		die("pipe", "cannot make one");
	for (int c = 0; c < n; c++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork", "cannot start a client");
		if (pid == 0) {
			static struct settings mine;
			struct jf_error err;
			struct voucher v;
			struct ledger lg;

			close(fds[0]);
			as_terminal(&mine, cfg, c);
			open_as_bench(&lg, url, &mine);
			for (int i = 0; i < HANDOVERS; i++) {
				double t0 = seconds();

				if (voucher_redeem(&lg, codes[c * HANDOVERS + i], "cashier", &v,
						   &err) != JF_OK)
					die("voucher_redeem", err.message);
				one = (seconds() - t0) * 1000;
				if (write(fds[1], &one, sizeof one) != (ssize_t)sizeof one)
					_exit(1);
			}
			ledger_close(&lg);
			_exit(0);
		}
	}
	close(fds[1]);
	while (got < sizeof times / sizeof times[0] &&
	       read(fds[0], &one, sizeof one) == (ssize_t)sizeof one)
		times[got++] = one;
	close(fds[0]);
	while (wait(NULL) > 0)
		;
	if (got < (size_t)n * HANDOVERS)
		die("hand-over", "a client did not hand all its vouchers over");
	qsort(times, got, sizeof times[0], by_value);
	return times[(got * 99 + 99) / 100 - 1];
}

static void
prepare(const char *url, struct settings *cfg, const char *dir)
{
	struct member_new m = { NULL, "Bench Member", NULL, NULL, NULL };
	struct import_report imported;
	char card[16], cmd[4096];
	struct jf_error err;
	struct ledger lg;
	struct actor a;

	settings_defaults(cfg);
	snprintf(cfg->voucher_key_file, sizeof cfg->voucher_key_file, "%s/ledger.key", dir);
	if (ledger_create(&lg, url, cfg, &err) != JF_OK)
		die("creating the ledger", err.message);
	actor_shell(&a, "bench");
	ledger_act_as(&lg, &a);
	m.card = card;
	for (int c = 0; c < 16; c++) {
		snprintf(card, sizeof card, "%d", 20000000 + c);
		if (member_add(&lg, &m, &err) != JF_OK)
			die("adding a member", err.message);
	}
	if (catalog_import_text(&lg, MUG, strlen(MUG), &imported, &err) != JF_OK)
		die("importing the catalog", err.message);
	import_report_done(&imported);
	ledger_close(&lg);
	/* pgbench's tables beside the ledger's: 16 branches, one a client. */
	snprintf(cmd, sizeof cmd, "pgbench -i -q -s 16 '%s' >/dev/null 2>&1", url);
	if (system(cmd) != 0)
		die("pgbench -i", "cannot make its tables");
}

int
main(int argc, char **argv)
{
	double secs = argc > 2 ? strtod(argv[2], NULL) : 5, j[NCLIENTS], p[NCLIENTS], scale_j, scale_p;
	double retries, p99_one, p99_all;
	char dir[] = "/tmp/jifen-chain-bench.XXXXXX";
	struct settings cfg;

	if (argc < 2 || secs < 1)
		die("usage", "chain_bench URL [SECONDS]");
	if (mkdtemp(dir) == NULL)
		die(dir, "cannot make a scratch directory");
	prepare(argv[1], &cfg, dir);
	printf("chain on PostgreSQL: keyed grants per second against pgbench (TPC-B-like, "
	       "scale 16), %.0f s each, synchronous commits; a store per client as a "
	       "branch per client\n", secs);
	printf("%8s %14s %14s %8s %16s\n", "clients", "jifen/s", "pgbench tps", "ratio",
	       "retries/posting");
	fflush(stdout); /* the clients are forks: nothing buffered twice */
	for (size_t i = 0; i < NCLIENTS; i++) {
		j[i] = jifen_rate(argv[1], &cfg, (int)i, clients[i], secs, &retries);
		p[i] = pgbench_rate(argv[1], clients[i], secs);
		printf("%8d %14.0f %14.0f %8.2f %16.2f\n", clients[i], j[i], p[i], j[i] / p[i],
		       retries);
		fflush(stdout);
	}
	scale_j = j[2] / j[0];
	scale_p = p[2] / p[0];
	printf("at 16 clients: %.2f of pgbench (goal 0.5): %s\n", j[3] / p[3],
	       j[3] / p[3] >= 0.5 ? "ok" : "MISS");
	printf("scaling 1 to 8 clients: jifen %.2fx, pgbench %.2fx, %.2f of it (goal 0.8): %s\n",
	       scale_j, scale_p, scale_j / scale_p, scale_j / scale_p >= 0.8 ? "ok" : "MISS");
	p99_one = handover_p99(argv[1], &cfg, 1);
	p99_all = handover_p99(argv[1], &cfg, 16);
	printf("voucher hand-over, 99th percentile: %.1f ms at 16 clients, %.1f ms at 1 "
	       "(%.2fx)\n", p99_all, p99_one, p99_all / p99_one);
	unlink(cfg.voucher_key_file);
	rmdir(dir);
	return 0;
}
