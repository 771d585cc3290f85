/*
 * power_test: the power goes off at a random instant; no acknowledged
 * write is lost and no invariant breaks (DESIGN.md "Concurrency and
 * durability": synchronous=FULL makes a commit survive a power cut).
 *
 * Each round forks a writer whose ledger sits on faultvfs in power-loss
 * mode: every write waits in memory until its file is synced. The writer
 * posts keyed grants, earns and green transfers and tells the parent of
 * each one after core returned JF_OK (through shared memory, written
 * before the next operation starts). At a seeded write or sync (counted
 * from the ledger's opening, so cuts land in the opening too) the power
 * goes off: each unsynced write reaches the disk whole, torn or not at all,
 * and the writer dies by SIGKILL. The parent reopens the ledger: verify
 * passes, and every operation acknowledged in the round replays with its
 * first entry (a lost one would be written anew, not replayed). The next
 * writer retries the operation that was under way, as a kiosk would. At
 * the end every acknowledged operation replays once more.
 *
 * The cuts bite: with PRAGMA synchronous=OFF in the writer, the test fails
 * in its second round with an acknowledged grant lost.
 *
 * JIFEN_POWER_ROUNDS (default 100) and JIFEN_POWER_SEED (default 1).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fault_ops.h"
#include "faultvfs.h"
#include "stress.h"

#define OPS_PER_ROUND 12
#define MAX_CUT 250 /* writes and syncs: opening and 12 operations make about 220 */

static const char *const cards[] = { "80000001", "80000002", "80000003" };

struct shared {
	int64_t next;    /* the first operation not acknowledged */
	int64_t entry[]; /* entry[n]: the entry of acknowledged operation n */
};

static struct shared *sh;
static int64_t max_ops;

static enum jf_status
power_op(struct ledger *lg, int64_t n, struct ledger_result *res, struct jf_error *err)
{
	char key[32];

	switch (n % 3) {
	case 0: {
		struct grant_request r = { cards[(n / 3) % 3], 1 + n % 40,
					   KIND_POINTS, "power test", key };

		snprintf(key, sizeof key, "pg-%lld", (long long)n);
		return ledger_grant(lg, &r, res, err);
	}
	case 1: {
		struct earn_request r = { cards[(n / 3) % 3], 100 * (1 + n % 20), key, 0, NULL };

		snprintf(key, sizeof key, "pe-%lld", (long long)n);
		return ledger_earn(lg, &r, res, err);
	}
	default: {
		/* Green points back and forth inside the family: never runs dry. */
		struct transfer_request r = { cards[(n / 3) % 2], cards[1 - (n / 3) % 2], 1,
					      KIND_GREEN, key };

		snprintf(key, sizeof key, "pt-%lld", (long long)n);
		return ledger_transfer(lg, &r, res, err);
	}
	}
}

static void
writer(const char *path, const struct settings *cfg, int64_t cut, uint64_t seed)
{
	struct ledger lg;
	struct ledger_result res;
	struct jf_error err;
	int64_t start = sh->next;

	stress_mark_child();
	fault_pin_run();
	faultvfs_arm(FAULT_POWER, cut, seed);
	fault_open(&lg, path, cfg);
	for (int64_t n = start; n < start + OPS_PER_ROUND && n < max_ops; n++) {
		if (power_op(&lg, n, &res, &err) != JF_OK)
			stress_die("operation %lld: %s", (long long)n, err.message);
		sh->entry[n] = res.entry_id;
		__atomic_store_n(&sh->next, n + 1, __ATOMIC_SEQ_CST);
	}
	ledger_close(&lg);
	faultvfs_disarm();
	faultvfs_flush_all(); /* the process ends, the power stays on */
	_exit(0);
}

/* Every acknowledged operation in [from, to) replays with its first entry. */
static void
check_acknowledged(struct ledger *lg, int64_t from, int64_t to, uint64_t seed, int round)
{
	for (int64_t n = from; n < to; n++) {
		struct ledger_result res;
		struct jf_error err;

		memset(&res, 0, sizeof res);
		if (power_op(lg, n, &res, &err) != JF_OK)
			stress_die("seed %llu, round %d: acknowledged operation %lld does not replay: %s",
				   (unsigned long long)seed, round, (long long)n, err.message);
		if (!res.replay || res.entry_id != sh->entry[n])
			stress_die("seed %llu, round %d: acknowledged operation %lld was lost "
				   "(replay %d, entry %lld, acknowledged entry %lld)",
				   (unsigned long long)seed, round, (long long)n, res.replay,
				   (long long)res.entry_id, (long long)sh->entry[n]);
	}
}

int
main(int argc, char **argv)
{
	const char *tmpdir;
	struct settings cfg;
	struct ledger lg;
	struct rng rng;
	char path[4200], problem[320];
	uint64_t seed;
	int64_t rounds, cuts = 0, clean = 0;

	(void)argc;
	stress_prog = argv[0];
	stress_pin_zone();
	seed = (uint64_t)stress_env_int("JIFEN_POWER_SEED", 1, 0, INT64_MAX);
	rounds = stress_env_int("JIFEN_POWER_ROUNDS", 100, 1, 10000000);
	rng_seed(&rng, seed);
	max_ops = rounds * OPS_PER_ROUND;
	sh = mmap(NULL, sizeof *sh + (size_t)max_ops * sizeof sh->entry[0],
		  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		stress_die("mmap failed");
	faultvfs_install(1);
	tmpdir = stress_scratch("jifen-power");
	snprintf(path, sizeof path, "%s/ledger.db", tmpdir);
	fault_settings(&cfg);
	cfg.daily_green_limit = 0;
	fault_setup_base(tmpdir, &cfg);
	faultvfs_flush_all();
	for (int round = 0; round < rounds; round++) {
		int64_t first = sh->next, cut = rng_range(&rng, 1, MAX_CUT);
		uint64_t tear_seed = rng_next(&rng);
		int status;
		pid_t pid;

		fflush(NULL);
		if ((pid = fork()) < 0)
			stress_die("fork failed");
		if (pid == 0)
			writer(path, &cfg, cut, tear_seed);
		if (waitpid(pid, &status, 0) != pid)
			stress_die("waitpid failed");
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			cuts++;
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			clean++;
		else
			stress_die("seed %llu, round %d: the writer failed (status %d)",
				   (unsigned long long)seed, round, status);
		if (fault_verify(path, &cfg, problem, sizeof problem) != JF_OK)
			stress_die("seed %llu, round %d (power cut at call %lld): verify: %s",
				   (unsigned long long)seed, round, (long long)cut, problem);
		fault_open(&lg, path, &cfg);
		fault_pin_run();
		check_acknowledged(&lg, first, sh->next, seed, round);
		ledger_close(&lg);
		faultvfs_flush_all();
	}
	fault_open(&lg, path, &cfg);
	check_acknowledged(&lg, 0, sh->next, seed, (int)rounds);
	ledger_close(&lg);
	faultvfs_flush_all();
	if (cuts == 0)
		stress_die("no power cut landed: MAX_CUT is too large");
	printf("%lld power-loss rounds (%lld cuts, %lld rounds ran to the end): %lld operations "
	       "acknowledged, 0 lost; verify passed after every round\n", (long long)rounds,
	       (long long)cuts, (long long)clean, (long long)sh->next);
	return 0;
}
