/*
 * stress: helpers shared by the crash, concurrency and simulation tests.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "family.h"
#include "member.h"
#include "parse.h"
#include "stress.h"

const char *stress_prog = "stress";
static int in_child;

void
rng_seed(struct rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

int
rng_chance(struct rng *r, int percent)
{
	return rng_range(r, 0, 99) < percent;
}

void
stress_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", stress_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	if (in_child)
		_exit(1);
	exit(1);
}

void
stress_mark_child(void)
{
	in_child = 1;
}

int64_t
stress_env_int(const char *name, int64_t fallback, int64_t min, int64_t max)
{
	const char *text = getenv(name);
	int64_t v;

	if (text == NULL || *text == '\0')
		return fallback;
	if (parse_int_range(name, text, min, max, &v, NULL) != JF_OK)
		stress_die("%s must be a whole number from %lld to %lld, not \"%s\"", name,
			   (long long)min, (long long)max, text);
	return v;
}

void
stress_pin_zone(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
}

const char *
stress_tmpdir_make(const char *prefix)
{
	static char path[4096];
	const char *base = getenv("TMPDIR");

	if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(path, sizeof path, "%s/%s.XXXXXX", base, prefix);
	if (mkdtemp(path) == NULL)
		stress_die("cannot make a directory %s: %s", path, strerror(errno));
	return path;
}

static char scratch[4096];

static void
scratch_remove(void)
{
	if (scratch[0] && !in_child)
		stress_tmpdir_remove(scratch);
}

const char *
stress_scratch(const char *prefix)
{
	snprintf(scratch, sizeof scratch, "%s", stress_tmpdir_make(prefix));
	atexit(scratch_remove);
	return scratch;
}

void
stress_tmpdir_remove(const char *dir)
{
	char path[4096];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	/* Ledgers, their -wal and -shm, results, and the fault tests' copies
	 * of a ledger in directories of their own (no links are made here). */
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (unlink(path) != 0 && (errno == EISDIR || errno == EPERM))
			stress_tmpdir_remove(path);
	}
	closedir(d);
	rmdir(dir);
}

void
stress_add_member(struct ledger *lg, const char *card, const char *name)
{
	struct member_new m = { card, name, NULL, NULL, NULL };
	struct jf_error err;

	if (member_add(lg, &m, &err) != JF_OK)
		stress_die("cannot add member %s: %s", card, err.message);
}

void
stress_add_family(struct ledger *lg, const char *name, const char *const *cards, int n)
{
	struct jf_error err;

	if (family_create(lg, name, cards[0], &err) != JF_OK)
		stress_die("cannot create family %s: %s", name, err.message);
	for (int i = 1; i < n; i++)
		if (family_add(lg, name, cards[i], &err) != JF_OK)
			stress_die("cannot add %s to family %s: %s", cards[i], name, err.message);
}
