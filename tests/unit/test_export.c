/*
 * test_export: what the accountant gets. The CSV has a header and one row
 * per line of every entry, quoted so that any memo survives a round trip
 * through a CSV parser (libcsv here); the journal balances per transaction
 * and per commodity, as hledger would insist.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "export.h"
#include "family.h"
#include "fixture.h"
#include "ledger.h"

#define ANN "10000001"
#define BOB "10000002"
#define MEMO "Sorry, the \"big\" sale, 大促"

#define MAX_ROWS 64
#define NFIELDS 10


#define BOM "\xEF\xBB\xBF"
static void
scenario(struct fixture *f)
{
	struct grant_request g = { ANN, 88, KIND_POINTS, MEMO, "sorry-1" };
	struct earn_request e = { BOB, 25600, "R-1", 1, NULL };
	struct transfer_request t = { BOB, ANN, 56, KIND_GREEN, "gift-1" };
	struct ledger_result res;
	struct jf_error err;

	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, BOB, "Bob");
	assert_int_equal(family_create(&f->lg, "Fam", ANN, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "Fam", BOB, &err), JF_OK);
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_OK);
	fixture_advance(3600);
	assert_int_equal(ledger_earn(&f->lg, &e, &res, &err), JF_OK);
	fixture_advance(86400);
	assert_int_equal(ledger_transfer(&f->lg, &t, &res, &err), JF_OK);
	fixture_spend(f, ANN, 30, KIND_POINTS);
}

static int
setup(void **state)
{
	if (fixture_setup(state) != 0)
		return -1;
	scenario(*state);
	return 0;
}

/* Export into memory; the caller frees *text. */
static void
export_text(struct fixture *f, enum export_format format, char **text, size_t *len)
{
	struct jf_error err;
	FILE *out = open_memstream(text, len);

	assert_non_null(out);
	if (export_ledger(&f->lg, format, NULL, out, &err) != JF_OK)
		fail_msg("export: %s", err.message);
	assert_int_equal(fclose(out), 0);
}

struct table {
	int rows;
	int fields[MAX_ROWS];
	char *cell[MAX_ROWS][NFIELDS];
	int overflow;
};

static void
on_field(void *data, size_t len, void *ctx)
{
	struct table *t = ctx;
	int r = t->rows, c = t->fields[r < MAX_ROWS ? r : 0];

	if (r >= MAX_ROWS || c >= NFIELDS) {
		t->overflow = 1;
		return;
	}
	t->cell[r][c] = strndup(data ? (const char *)data : "", len);
	t->fields[r]++;
}

static void
on_row(int term, void *ctx)
{
	struct table *t = ctx;

	if (t->rows < MAX_ROWS)
		t->rows++;
	else
		t->overflow = 1;
}

static void
table_free(struct table *t)
{
	for (int r = 0; r < MAX_ROWS; r++)
		for (int c = 0; c < NFIELDS; c++)
			free(t->cell[r][c]);
}

static void
parse_csv(const char *text, size_t len, struct table *t)
{
	struct csv_parser p;

	memset(t, 0, sizeof *t);
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
	if (csv_parse(&p, text, len, on_field, on_row, t) != len)
		fail_msg("CSV does not parse: %s", csv_strerror(csv_error(&p)));
	assert_int_equal(csv_fini(&p, on_field, on_row, t), 0);
	csv_free(&p);
	assert_int_equal(t->overflow, 0);
}

static void
test_csv_rows(void **state)
{
	static const char *const header[NFIELDS] = { "entry", "time", "type", "ref",
						      "account", "kind", "points", "actor",
						      "terminal", "memo" };
	struct fixture *f = *state;
	struct table t;
	char *text = NULL;
	size_t len = 0;
	int64_t sum[KIND_COUNT] = { 0, 0 }, entry = 0, prev = 0, ts;
	int memo_rows = 0;
	char sql[120];

	export_text(f, EXPORT_CSV, &text, &len);
	/* UTF-8's byte-order mark first, for spreadsheets; then plain CSV. */
	assert_true(len >= 3);
	assert_memory_equal(text, BOM, 3);
	parse_csv(text + 3, len - 3, &t);
	assert_int_equal(t.rows, 1 + fixture_sql_int(f->path, "SELECT count(*) FROM line"));
	for (int c = 0; c < NFIELDS; c++)
		assert_string_equal(t.cell[0][c], header[c]);
	for (int r = 1; r < t.rows; r++) {
		assert_int_equal(t.fields[r], NFIELDS);
		entry = strtoll(t.cell[r][0], NULL, 10);
		assert_true(entry >= prev); /* in ledger order */
		if (entry != prev) {
			assert_int_equal(sum[0], 0); /* the entry before balanced */
			assert_int_equal(sum[1], 0);
			prev = entry;
		}
		sum[strcmp(t.cell[r][5], "green") == 0] += strtoll(t.cell[r][6], NULL, 10);
		/* The time is ISO 8601 and is the entry's own. */
		assert_int_equal(clock_parse_iso(t.cell[r][1], &ts), JF_OK);
		snprintf(sql, sizeof sql, "SELECT ts FROM entry WHERE id = %lld", (long long)entry);
		assert_int_equal(ts, fixture_sql_int(f->path, sql));
		if (strcmp(t.cell[r][3], "grant:sorry-1") == 0) {
			assert_string_equal(t.cell[r][9], MEMO);
			/* Who wrote it and where, as the entry records them. */
			assert_string_equal(t.cell[r][7], "shell:tester");
			assert_string_equal(t.cell[r][8], f->cfg.terminal);
			memo_rows++;
		}
	}
	assert_int_equal(sum[0], 0);
	assert_int_equal(sum[1], 0);
	assert_int_equal(prev, fixture_entries(f));
	assert_int_equal(memo_rows, 2);
	/* The quoting itself: the field in quotes, its quotes doubled. */
	assert_non_null(strstr(text, "\"Sorry, the \"\"big\"\" sale, 大促\"\n"));
	assert_non_null(strstr(text, "\"member:" ANN ":points\""));
	table_free(&t);
	free(text);
	fixture_verify_ok(f);
}

static void
test_csv_of_empty_ledger(void **state)
{
	struct fixture *f = *state;
	struct ledger empty;
	struct jf_error err;
	char path[PATH_MAX + 16], *text = NULL;
	size_t len = 0;
	FILE *out;

	snprintf(path, sizeof path, "%s/empty.db", f->dir);
	assert_int_equal(ledger_create(&empty, path, &f->cfg, &err), JF_OK);
	out = open_memstream(&text, &len);
	assert_int_equal(export_ledger(&empty, EXPORT_CSV, NULL, out, &err), JF_OK);
	fclose(out);
	ledger_close(&empty);
	assert_string_equal(text, BOM "entry,time,type,ref,account,kind,points,actor,terminal,memo\n");
	free(text);
}

/* Sum the postings of each transaction per commodity; all must be zero. */
static void
test_journal_balances(void **state)
{
	struct fixture *f = *state;
	char *text = NULL, *line, *save = NULL, account[96], commodity[16], date[16];
	size_t len = 0;
	int64_t sum_pts = 0, sum_green = 0, transactions = 0, postings = 0;
	long long amount, id = 0;
	int in_txn = 0, memo_seen = 0, declared = 0;
	char sql[120], want[CLOCK_DATE_LEN];

	export_text(f, EXPORT_JOURNAL, &text, &len);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == ';')
			continue; /* the file's own comment */
		/* The declarations, before any transaction: hledger check --strict. */
		if (!strncmp(line, "commodity ", 10) || !strncmp(line, "account ", 8)) {
			assert_false(in_txn);
			declared += line[0] == 'a';
			continue;
		}
		if (line[0] >= '0' && line[0] <= '9') {
			assert_int_equal(sum_pts, 0);
			assert_int_equal(sum_green, 0);
			assert_int_equal(sscanf(line, "%15s (%lld)", date, &id), 2);
			snprintf(sql, sizeof sql, "SELECT ts FROM entry WHERE id = %lld", (long long)id);
			clock_date_of(fixture_sql_int(f->path, sql), want);
			assert_string_equal(date, want);
			transactions++;
			in_txn = 1;
			continue;
		}
		assert_true(in_txn);
		assert_memory_equal(line, "    ", 4); /* postings and comments are indented */
		if (line[4] == ';') {
			if (strstr(line, MEMO))
				memo_seen = 1;
			continue;
		}
		if (sscanf(line, "%95s %lld %15s", account, &amount, commodity) != 3)
			fail_msg("not a posting: '%s'", line);
		if (strcmp(commodity, "PTS") == 0)
			sum_pts += amount;
		else if (strcmp(commodity, "GREEN") == 0)
			sum_green += amount;
		else
			fail_msg("unknown commodity in '%s'", line);
		postings++;
	}
	assert_int_equal(sum_pts, 0);
	assert_int_equal(sum_green, 0);
	assert_int_equal(transactions, fixture_entries(f));
	assert_int_equal(postings, fixture_sql_int(f->path, "SELECT count(*) FROM line"));
	assert_true(memo_seen);
	assert_int_equal(declared, fixture_sql_int(f->path, "SELECT count(*) FROM account"));
	free(text);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_csv_rows),
		T(test_csv_of_empty_ledger),
		T(test_journal_balances),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
