/*
 * sweep_test: every ledger operation with a fault at every point where it
 * touches the disk (disk_test) or asks SQLite's allocator for memory
 * (oom_test). The program's name picks the sweep.
 *
 * For each operation of fault_ops.c: a clean run from a copy of the set-up
 * ledger counts its reads, writes and syncs (or allocations) and gives the
 * fingerprint of "done"; then, from a fresh copy each time, the operation
 * runs again with one fault at call 1, 2, ... N of each class:
 *  - read error, write error, short write, disk full, sync error (disk);
 *  - the Nth allocation fails (oom).
 * After each run the ledger is closed and checked:
 *  - acknowledged (JF_OK): the ledger is exactly the clean run's;
 *  - refused: one clean line of message, and the ledger is exactly as
 *    before, or (counted apart) exactly the clean run's: a commit whose
 *    sync failed is in the WAL whole and SQLite keeps it when the ledger
 *    reopens, so the operation landed whole although it was reported
 *    failed; its key makes the retry a replay. Never anything between;
 *  - verify_ledger passes on the reopened ledger.
 *
 * JIFEN_FAULT_STRIDE=k injects at every kth point only (default 1 for the
 * disk, 7 for memory in make check; `make fault-long` sets 1).
 * JIFEN_FAULT_OP=name runs one operation; JIFEN_FAULT_VERBOSE=1 names every
 * run that landed although reported failed; JIFEN_FAULT_KEEP=DIR copies the
 * ledger of the clean run and of the first failure into DIR (which must
 * exist) as clean.db and failed.db, to compare.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "fault_ops.h"
#include "faultvfs.h"
#include "stress.h"

enum outcome { OUT_DONE, OUT_UNTOUCHED, OUT_LANDED, OUT_COUNT };

struct sweep {
	int oom;
	int64_t stride;
	char base[4200], work[4200], path[4300];
	struct settings cfg;
	uint64_t before; /* the fingerprint of the set-up ledger */
	int64_t points, outcomes[OUT_COUNT], failures;
};

/* One run of op from a fresh copy, with the fault armed at call nth: kind
 * on the disk, or the nth allocation in the oom sweep (kind NONE: a clean
 * run). Returns its status; *calls and *allocs are the counts of the run. */
static enum jf_status
run_once(struct sweep *s, const struct fault_op *op, enum fault_kind kind, int64_t nth,
	 struct fault_counts *calls, int64_t *allocs, struct jf_error *err)
{
	struct ledger lg;
	enum jf_status st;

	fault_copy_dir(s->base, s->work);
	fault_open(&lg, s->path, &s->cfg);
	fault_pin_run();
	faultvfs_reset_counts();
	if (s->oom)
		faultmem_fail_at(kind == FAULT_NONE ? 0 : nth);
	else
		faultvfs_arm(kind, nth, 0);
	jf_error_clear(err);
	st = op->run(&lg, err);
	faultvfs_disarm();
	if (allocs)
		*allocs = faultmem_count();
	faultmem_fail_at(0);
	if (calls)
		faultvfs_counts(calls);
	ledger_close(&lg);
	return st;
}

static void
check_run(struct sweep *s, const struct fault_op *op, const char *fault, int64_t nth,
	  uint64_t done)
{
	struct jf_error err;
	enum jf_status st;
	enum fault_kind kind = FAULT_NONE;
	char problem[320];
	uint64_t fp;
	const char *wrong = NULL;

	for (int k = 1; k < FAULT_KIND_COUNT; k++)
		if (!strcmp(fault, fault_kind_name((enum fault_kind)k)))
			kind = (enum fault_kind)k;
	if (s->oom)
		kind = FAULT_KIND_COUNT; /* not NONE: the allocation fails */
	st = run_once(s, op, kind, nth, NULL, NULL, &err);
	s->points++;
	fp = fault_fingerprint(s->path);
	if (st == JF_OK) {
		if (fp != done)
			wrong = "acknowledged, but the ledger is not the clean run's";
		else
			s->outcomes[OUT_DONE]++;
	} else if (!fault_one_line(err.message)) {
		wrong = "refused without a one-line message";
	} else if (fp == s->before) {
		s->outcomes[OUT_UNTOUCHED]++;
	} else if (fp == done) {
		s->outcomes[OUT_LANDED]++;
		if (getenv("JIFEN_FAULT_VERBOSE"))
			printf("    %s with %s at call %lld: reported failed, landed whole: %s\n",
			       op->name, fault, (long long)nth, err.message);
	} else {
		wrong = "refused, and the ledger is half written";
	}
	if (wrong == NULL && fault_verify(s->path, &s->cfg, problem, sizeof problem) != JF_OK)
		wrong = problem;
	if (wrong == NULL)
		return;
	s->failures++;
	if (getenv("JIFEN_FAULT_KEEP")) {
		/* Keep the ledger of the first failure to look at. */
		char kept[4400];

		snprintf(kept, sizeof kept, "%s/failed.db", getenv("JIFEN_FAULT_KEEP"));
		fault_copy_file(s->path, kept);
		unsetenv("JIFEN_FAULT_KEEP");
	}
	fprintf(stderr, "%s: %s with %s at call %lld: %s (status %s: %s)\n", stress_prog,
		op->name, fault, (long long)nth, wrong, jf_status_name(st),
		st == JF_OK ? "" : err.message);
}

static void
sweep_op(struct sweep *s, const struct fault_op *op)
{
	static const enum fault_kind disk_kinds[] = { FAULT_READ, FAULT_WRITE, FAULT_SHORT_WRITE,
						      FAULT_FULL, FAULT_SYNC };
	struct fault_counts calls;
	struct jf_error err;
	int64_t allocs = 0, first = s->points;
	uint64_t done, again;

	if (run_once(s, op, FAULT_NONE, 0, &calls, &allocs, &err) != JF_OK)
		stress_die("%s fails without a fault: %s", op->name, err.message);
	done = fault_fingerprint(s->path);
	if (getenv("JIFEN_FAULT_KEEP")) {
		char clean[4400];

		snprintf(clean, sizeof clean, "%s/clean.db", getenv("JIFEN_FAULT_KEEP"));
		fault_copy_file(s->path, clean);
	}
	run_once(s, op, FAULT_NONE, 0, NULL, NULL, &err);
	again = fault_fingerprint(s->path);
	if (done != again || done == s->before)
		stress_die("%s: two clean runs differ or change nothing: the sweep cannot judge",
			   op->name);
	if (s->oom) {
		for (int64_t n = 1; n <= allocs; n += s->stride)
			check_run(s, op, "allocation failure", n, done);
		printf("  %-18s %5lld allocations: %lld points\n", op->name, (long long)allocs,
		       (long long)(s->points - first));
		return;
	}
	for (size_t k = 0; k < sizeof disk_kinds / sizeof disk_kinds[0]; k++) {
		int64_t total = disk_kinds[k] == FAULT_READ ? calls.reads
			      : disk_kinds[k] == FAULT_SYNC ? calls.syncs : calls.writes;

		for (int64_t n = 1; n <= total; n += s->stride)
			check_run(s, op, fault_kind_name(disk_kinds[k]), n, done);
	}
	printf("  %-18s %3lld reads %3lld writes %2lld syncs: %lld points\n", op->name,
	       (long long)calls.reads, (long long)calls.writes, (long long)calls.syncs,
	       (long long)(s->points - first));
}

int
main(int argc, char **argv)
{
	const char *tmpdir;
	static struct sweep s;
	const char *only = getenv("JIFEN_FAULT_OP");
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int ran = 0;

	(void)argc;
	stress_prog = name;
	stress_pin_zone();
	s.oom = strstr(name, "oom") != NULL;
	s.stride = stress_env_int("JIFEN_FAULT_STRIDE", s.oom ? 7 : 1, 1, 1000000);
	if (s.oom)
		faultmem_install();
	faultvfs_install(0);
	tmpdir = stress_scratch("jifen-fault");
	snprintf(s.base, sizeof s.base, "%s/base", tmpdir);
	snprintf(s.work, sizeof s.work, "%s/work", tmpdir);
	snprintf(s.path, sizeof s.path, "%s/ledger.db", s.work);
	if (mkdir(s.base, 0700) != 0 || mkdir(s.work, 0700) != 0)
		stress_die("cannot make %s", s.base);
	fault_settings(&s.cfg);
	fault_setup_base(s.base, &s.cfg);
	{
		char base_db[4300];

		snprintf(base_db, sizeof base_db, "%s/ledger.db", s.base);
		s.before = fault_fingerprint(base_db);
	}
	printf("%s: every operation with %s at every %lldth point:\n", name,
	       s.oom ? "an allocation failure" : "a disk fault", (long long)s.stride);
	for (int i = 0; i < fault_op_count; i++) {
		if (only && strcmp(only, fault_ops[i].name))
			continue;
		sweep_op(&s, &fault_ops[i]);
		ran++;
	}
	if (ran == 0)
		stress_die("no operation is called %s", only);
	printf("%s: %lld fault points over %d operations: %lld acknowledged and whole, "
	       "%lld refused and untouched, %lld refused but landed whole; %lld failures\n",
	       name, (long long)s.points, ran, (long long)s.outcomes[OUT_DONE],
	       (long long)s.outcomes[OUT_UNTOUCHED], (long long)s.outcomes[OUT_LANDED],
	       (long long)s.failures);
	return s.failures ? 1 : 0;
}
