/*
 * fuzz_catalog: the catalog's CSV importer on arbitrary bytes.
 *
 * One ledger in a temporary directory serves the whole run, holding the
 * items of the seed corpus's good.csv (so that inputs update items as well
 * as insert them). Every input is imported into it, and:
 *  - a refused input is JF_USAGE with 1..CATALOG_MAX_PROBLEMS + 1 problems,
 *    each on a real line, in line order, in one printable ASCII line, and
 *    the catalog is exactly as it was (nothing written);
 *  - an accepted input reports no problem, counts no more changes than
 *    rows, adds exactly `inserted` items, leaves only items whose every
 *    field is within the rules, and imported again changes nothing.
 * Each input runs inside a write transaction of its own that is rolled
 * back when its checks are done: every input meets the same catalog (a
 * crash replays from its input alone), the catalog does not grow over 10^7
 * inputs, and nothing is committed, so no input waits for the disk (the
 * importer's own transaction nests in it, and its refusals come before it
 * writes, so they are seen as they would be alone). The
 * ledger is removed when the run ends normally; a crash or -max_total_time
 * (which ends with _Exit) leaves $TMPDIR/jifen-fuzz-catalog-*, so
 * `make fuzz-smoke` points TMPDIR into its scratch directory.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <unistd.h>

#include "catalog.h"
#include "db.h"
#include "fuzz.h"
#include "parse.h"

/* Every write needs an actor (actor.h): these writers are a shell user. */
static void
act_as_tester(struct ledger *lg)
{
	struct actor a;

	actor_shell(&a, "tester");
	ledger_act_as(lg, &a);
}


/* The seed corpus's good.csv: items for inputs to update. */
static const char start_catalog[] =
	"sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,"
	"active_from,active_until,new_until\n"
	"GR-RICE,五常大米 5kg,Rice 5 kg,grocery,goods,2800,12.50,,,40,0,2026-01-01,2027-12-31,"
	"2026-12-31\n"
	"EC-BAG,环保购物袋,Reusable Bag,eco,goods,50,,,,500,yes,,,\n"
	"CP-200-100,满200减100券,100 off 200,coupons,coupon,5000,,100.00,200.00,100,0,"
	"2026-01-01,2027-12-31,\n"
	"OF-10,10元抵扣券,10 Yuan Offset,offsets,offset,1000,,10.00,,1000,0,,,\n";

static struct settings cfg;
static struct ledger lg;
static char dir[PATH_MAX - 32], path[PATH_MAX];

/* The ledger and whatever files it keeps beside itself (WAL, keys). */
static void
remove_ledger(void)
{
	char file[PATH_MAX + 260];
	struct dirent *de;
	DIR *d;

	ledger_close(&lg);
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(file, sizeof file, "%s/%s", dir, de->d_name);
		unlink(file);
	}
	closedir(d);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	struct import_report r;
	struct jf_error err;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s/jifen-fuzz-catalog-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/ledger.db", dir);
	settings_defaults(&cfg);
	if (ledger_create(&lg, path, &cfg, &err) != JF_OK) {
		fprintf(stderr, "fuzz_catalog: %s\n", err.message);
		abort();
	}
	act_as_tester(&lg);
	atexit(remove_ledger);
	if (catalog_import_text(&lg, start_catalog, sizeof start_catalog - 1, &r, &err) != JF_OK ||
	    r.inserted != 4) {
		fprintf(stderr, "fuzz_catalog: cannot import the starting catalog\n");
		abort();
	}
	import_report_done(&r);
	/* Nothing is committed after this, so nothing needs the disk: the
	 * rollback journal in memory, and the lock taken once for the run. */
	if (db_exec(lg.db, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; "
			   "PRAGMA locking_mode=EXCLUSIVE", &err) != JF_OK) {
		fprintf(stderr, "fuzz_catalog: %s\n", err.message);
		abort();
	}
	return 0;
}

/* What the catalog holds, in two numbers: a refused import must leave
 * both as they were. */
struct digest {
	int64_t items;
	uint64_t hash;
};

static void
mix(uint64_t *h, const void *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		*h = (*h ^ ((const unsigned char *)p)[i]) * 1099511628211ULL;
}

static int
digest_item(const struct catalog_item *it, void *ctx)
{
	struct digest *d = ctx;

	d->items++;
	mix(&d->hash, it->sku, strlen(it->sku) + 1);
	mix(&d->hash, it->name_zh, strlen(it->name_zh) + 1);
	mix(&d->hash, it->name_en, strlen(it->name_en) + 1);
	mix(&d->hash, &it->points, sizeof it->points);
	mix(&d->hash, &it->stock, sizeof it->stock);
	mix(&d->hash, &it->updated_at, sizeof it->updated_at);
	return 0;
}

static struct digest
catalog_digest(const char *input)
{
	struct digest d = { 0, 14695981039346656037ULL };
	struct jf_error err;

	if (catalog_list(&lg, NULL, 1, digest_item, &d, &err) != JF_OK)
		fuzz_fail("cannot list the catalog", input);
	return d;
}

static int
date_or_empty(const char *d)
{
	return d[0] == '\0' || parse_date(d, NULL) == JF_OK;
}

/* Every stored item keeps the import's rules. */
static int
check_item(const struct catalog_item *it, void *ctx)
{
	const char *input = ctx;

	if (catalog_check_sku(it->sku, NULL) != JF_OK ||
	    parse_name("name", it->name_zh, NULL) != JF_OK ||
	    parse_name("name", it->name_en, NULL) != JF_OK ||
	    parse_text("category", it->category, CATALOG_CATEGORY_MAX_CHARS, NULL) != JF_OK)
		fuzz_fail("an imported item has a bad SKU, name or category", input);
	if (it->points < 1 || it->points > PARSE_POINTS_MAX || it->stock < 0 ||
	    it->stock > 1000000000 || it->cash_fen < 0 || it->value_fen < 0 ||
	    it->min_spend_fen < 0)
		fuzz_fail("an imported item has a number out of range", input);
	if (it->type == ITEM_GOODS ? it->value_fen || it->min_spend_fen : it->value_fen == 0)
		fuzz_fail("an imported coupon or offset has no value, or goods have one", input);
	if (!date_or_empty(it->active_from) || !date_or_empty(it->active_until) ||
	    !date_or_empty(it->new_until) ||
	    (it->active_from[0] && it->active_until[0] &&
	     strcmp(it->active_from, it->active_until) > 0))
		fuzz_fail("an imported item has a bad date or window", input);
	return 0;
}

static int
line_count(const uint8_t *data, size_t size)
{
	int lines = 1;

	for (size_t i = 0; i < size; i++)
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
			lines++;
	return lines;
}

static void
check_refused(const struct import_report *r, const uint8_t *data, size_t size,
	      const char *input)
{
	int lines = line_count(data, size), last = 0;

	if (r->problem_count < 1 || r->problem_count > CATALOG_MAX_PROBLEMS + 1)
		fuzz_fail("a refused import has no problem, or too many", input);
	for (size_t i = 0; i < r->problem_count; i++) {
		const struct import_problem *p = &r->problems[i];

		if (p->line < 1 || p->line > lines || p->line < last)
			fuzz_fail("a problem is on a line that is not there, or out of order", input);
		if (p->message[0] == '\0' || !fuzz_printable(p->message))
			fuzz_fail("a problem's message is empty or not printable", input);
		last = p->line;
	}
	if (r->inserted || r->updated)
		fuzz_fail("a refused import counts changes", input);
}

static void
check_accepted(const struct import_report *r, struct digest before, const uint8_t *data,
	       size_t size, const char *input)
{
	struct import_report again;
	struct jf_error err;

	if (r->problem_count != 0 || r->inserted < 0 || r->updated < 0 ||
	    r->inserted + r->updated > r->rows)
		fuzz_fail("an accepted import reports problems or too many changes", input);
	if (catalog_digest(input).items != before.items + r->inserted)
		fuzz_fail("the catalog did not grow by the items inserted", input);
	if (catalog_list(&lg, NULL, 1, check_item, (void *)input, &err) != JF_OK)
		fuzz_fail("cannot list the catalog", input);
	if (catalog_import_text(&lg, (const char *)data, size, &again, &err) != JF_OK ||
	    again.inserted != 0 || again.updated != 0)
		fuzz_fail("importing the same input twice changed the catalog", input);
	import_report_done(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so ASan sees any read past the end;
	 * the string form is only for messages. */
	uint8_t *bytes = malloc(size ? size : 1);
	char *input = fuzz_cstring(data, size);
	struct digest before, after;
	struct import_report r;
	struct jf_error err;
	enum jf_status st;

	if (bytes == NULL)
		abort();
	if (db_begin_write(lg.db, &err) != JF_OK)
		fuzz_fail("cannot begin the input's transaction", input);
	before = catalog_digest(input);
	memcpy(bytes, data, size);
	jf_error_clear(&err);
	st = catalog_import_text(&lg, (const char *)bytes, size, &r, &err);
	if (st == JF_USAGE) {
		check_refused(&r, bytes, size, input);
		after = catalog_digest(input);
		if (after.items != before.items || after.hash != before.hash)
			fuzz_fail("a refused import changed the catalog", input);
	} else if (st == JF_OK) {
		check_accepted(&r, before, bytes, size, input);
	} else {
		fprintf(stderr, "status %d: %s\n", st, err.message);
		fuzz_fail("the import failed other than by refusing the input", input);
	}
	import_report_done(&r);
	/* The next input meets the catalog this one met. */
	db_rollback(lg.db);
	free(bytes);
	free(input);
	return 0;
}
