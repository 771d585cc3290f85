/*
 * test_catalog: the redemption catalog. A CSV file is imported whole or not
 * at all, with every bad row reported by its line number; importing the
 * same file twice changes nothing; a delisted item stays delisted; stock
 * never goes below zero; search finds items by SKU and by name.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "db.h"
#include "fixture.h"
#include "xalloc.h"

#define HEADER "sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green," \
	       "active_from,active_until,new_until\n"

/* Three good rows: goods with a co-payment, a green item, a coupon. */
#define ROW_RICE "GR-RICE,五常大米 5kg,Rice 5 kg,grocery,goods,2800,12.50,,,40,0," \
		 "2026-01-01,2027-12-31,2026-12-31\n"
#define ROW_BAG "EC-BAG,环保购物袋,Reusable Bag,eco,goods,50,,,,500,yes,,,\n"
#define ROW_COUPON "CP-200-100,满200减100券,100 off 200,coupons,coupon,5000,,100,200.00,10,no," \
		   "2026-01-01,,\n"
#define GOOD HEADER ROW_RICE ROW_BAG ROW_COUPON

static enum jf_status
import(struct fixture *f, const char *csv, struct import_report *r)
{
	struct jf_error err;

	jf_error_clear(&err);
	return catalog_import_text(&f->lg, csv, strlen(csv), r, &err);
}

/* Import csv and assert it went in cleanly with these counts. */
static void
import_ok(struct fixture *f, const char *csv, int rows, int inserted, int updated)
{
	struct import_report r;
	enum jf_status st = import(f, csv, &r);

	if (st != JF_OK)
		fail_msg("import refused: line %d: %s", r.problem_count ? r.problems[0].line : 0,
			 r.problem_count ? r.problems[0].message : "?");
	assert_int_equal(r.problem_count, 0);
	assert_int_equal(r.rows, rows);
	assert_int_equal(r.inserted, inserted);
	assert_int_equal(r.updated, updated);
	import_report_done(&r);
}

/* One number from the test's ledger, through a separate connection. */
static int64_t
sql(struct fixture *f, const char *query)
{
	return fixture_sql_int(f->path, query);
}

static int64_t
item_count(struct fixture *f)
{
	return sql(f, "SELECT count(*) FROM item");
}

static void
find(struct fixture *f, const char *sku, struct catalog_item *it)
{
	struct jf_error err;

	if (catalog_find(&f->lg, sku, it, &err) != JF_OK)
		fail_msg("finding %s: %s", sku, err.message);
}

static void
test_import_good_file(void **state)
{
	struct fixture *f = *state;
	struct catalog_item it;
	struct jf_error err;

	import_ok(f, GOOD, 3, 3, 0);
	assert_int_equal(item_count(f), 3);
	find(f, "GR-RICE", &it);
	assert_string_equal(it.name_zh, "五常大米 5kg");
	assert_string_equal(it.name_en, "Rice 5 kg");
	assert_string_equal(it.category, "grocery");
	assert_int_equal(it.type, ITEM_GOODS);
	assert_int_equal(it.points, 2800);
	assert_int_equal(it.cash_fen, 1250);
	assert_int_equal(it.stock, 40);
	assert_int_equal(it.green, 0);
	assert_string_equal(it.active_from, "2026-01-01");
	assert_string_equal(it.active_until, "2027-12-31");
	assert_string_equal(it.new_until, "2026-12-31");
	assert_int_equal(it.delisted, 0);
	assert_int_equal(it.updated_at, clock_now());
	find(f, "EC-BAG", &it);
	assert_int_equal(it.green, 1);
	assert_int_equal(it.cash_fen, 0);
	assert_string_equal(it.active_from, "");
	find(f, "CP-200-100", &it);
	assert_int_equal(it.type, ITEM_COUPON);
	assert_int_equal(it.value_fen, 10000);
	assert_int_equal(it.min_spend_fen, 20000);
	assert_int_equal(catalog_find(&f->lg, "NOPE", &it, &err), JF_NOTFOUND);
	assert_string_equal(err.message, "no item with SKU NOPE");
	assert_int_equal(catalog_find(&f->lg, "no such sku", &it, &err), JF_USAGE);
	/* The catalog is not ledger money: the ledger still verifies. */
	fixture_verify_ok(f);
}

static void
test_import_twice_is_idempotent(void **state)
{
	struct fixture *f = *state;
	struct catalog_item it;

	import_ok(f, GOOD, 3, 3, 0);
	fixture_advance(3600);
	import_ok(f, GOOD, 3, 0, 0);
	find(f, "GR-RICE", &it);
	assert_int_equal(it.updated_at, clock_now() - 3600); /* untouched */
	/* One changed price and one new item: exactly those count. */
	import_ok(f, HEADER ROW_RICE ROW_BAG
		  "CP-200-100,满200减100券,100 off 200,coupons,coupon,4500,,100,200,10,no,2026-01-01,,\n"
		  "OF-10,10元抵扣券,10 Yuan Offset,offsets,offset,1000,,10.00,,1000,0,,,\n",
		  4, 1, 1);
	find(f, "CP-200-100", &it);
	assert_int_equal(it.points, 4500);
	assert_int_equal(it.updated_at, clock_now());
	/* A file without some items leaves them alone: importing never deletes. */
	import_ok(f, HEADER ROW_BAG, 1, 0, 0);
	assert_int_equal(item_count(f), 4);
}

static void
test_bad_rows_are_all_reported_and_nothing_written(void **state)
{
	struct fixture *f = *state;
	struct import_report r;

	assert_int_equal(import(f, HEADER ROW_RICE                          /* 2 */
				"A1,甲,A,x,goods,0,,,,1,0,,,\n"              /* 3: points 0 */
				ROW_BAG                                       /* 4 */
				"A2,乙,B,x,goods,10,,,,1,0,2026-02-30,,\n"   /* 5: date */
				"A3,丙,C,x,goods,10,,,,1,0,,,\n"             /* 6 */
				"A4,丁,D,x,gift,10,,,,1,0,,,\n"              /* 7: type */
				ROW_COUPON,                                   /* 8 */
				&r), JF_USAGE);
	assert_int_equal(r.problem_count, 3);
	assert_int_equal(r.problems[0].line, 3);
	assert_int_equal(r.problems[1].line, 5);
	assert_int_equal(r.problems[2].line, 7);
	assert_non_null(strstr(r.problems[0].message, "points '0'"));
	assert_non_null(strstr(r.problems[1].message, "active_from"));
	assert_non_null(strstr(r.problems[2].message, "type 'gift'"));
	assert_int_equal(r.rows, 7);
	assert_int_equal(r.inserted, 0);
	import_report_done(&r);
	assert_int_equal(item_count(f), 0);
	/* A later clean file goes in; a bad one after it changes nothing. */
	import_ok(f, GOOD, 3, 3, 0);
	assert_int_equal(import(f, HEADER "GR-RICE,五常大米 5kg,Rice 5 kg,grocery,goods,1,,,,40,0,,,\n"
				"A1,甲,A,x,goods,-5,,,,1,0,,,\n", &r), JF_USAGE);
	assert_int_equal(r.problem_count, 1);
	import_report_done(&r);
	assert_int_equal(sql(f, "SELECT points FROM item WHERE sku = 'GR-RICE'"), 2800);
}

/* One bad row after a good one: refused on line 3 with this in the message. */
struct bad_case {
	const char *row;
	const char *why;
};

static const struct bad_case bad_cases[] = {
	{ "BAD SKU,甲,A,x,goods,10,,,,1,0,,,", "SKU 'BAD SKU' is not" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456,甲,A,x,goods,10,,,,1,0,,,", "SKU 'ABCDEFG" },
	{ ",甲,A,x,goods,10,,,,1,0,,,", "SKU ''" },
	{ "A1,,A,x,goods,10,,,,1,0,,,", "name_zh is empty" },
	{ "A1,甲,   ,x,goods,10,,,,1,0,,,", "name_en is empty" }, /* unquoted spaces go */
	{ "A1,甲,\"   \",x,goods,10,,,,1,0,,,", "name_en is blank" },
	{ "A1,甲,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,x,goods,10,,,,1,0,,,",
	  "name_en is longer than 64" },
	{ "A1,甲,A\x1b[31m,x,goods,10,,,,1,0,,,", "name_en contains a control character" },
	{ "A1,甲,A,,goods,10,,,,1,0,,,", "category is empty" },
	{ "A1,甲,A,一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三,goods,10,,,,1,0,,,",
	  "category is longer than 32" },
	{ "A1,甲,A,x,Goods,10,,,,1,0,,,", "type 'Goods'" },
	{ "A1,甲,A,x,goods,0,,,,1,0,,,", "points '0'" },
	{ "A1,甲,A,x,goods,-5,,,,1,0,,,", "points '-5'" },
	{ "A1,甲,A,x,goods,abc,,,,1,0,,,", "points 'abc'" },
	{ "A1,甲,A,x,goods,1e9,,,,1,0,,,", "points '1e9'" },
	{ "A1,甲,A,x,goods,1000000001,,,,1,0,,,", "points '1000000001'" },
	{ "A1,甲,A,x,goods,,,,,1,0,,,", "points ''" },
	{ "A1,甲,A,x,goods,10,12.345,,,1,0,,,", "cash: amount '12.345'" },
	{ "A1,甲,A,x,goods,10,-1,,,1,0,,,", "cash: amount '-1'" },
	{ "A1,甲,A,x,goods,10,,,,-1,0,,,", "stock '-1'" },
	{ "A1,甲,A,x,goods,10,,,,1000000001,0,,,", "stock '1000000001'" },
	{ "A1,甲,A,x,goods,10,,,,,0,,,", "stock ''" },
	{ "A1,甲,A,x,goods,10,,,,1,2,,,", "green '2'" },
	{ "A1,甲,A,x,goods,10,,,,1,,,,", "green ''" },
	{ "A1,甲,A,x,goods,10,,,,1,0,2026-02-30,,", "active_from: date '2026-02-30'" },
	{ "A1,甲,A,x,goods,10,,,,1,0,,2026-13-01,", "active_until: date '2026-13-01'" },
	{ "A1,甲,A,x,goods,10,,,,1,0,,,26-12-01", "new_until: date '26-12-01'" },
	{ "A1,甲,A,x,goods,10,,,,1,0,2026-06-02,2026-06-01,", "active_from 2026-06-02 is after" },
	{ "GR-RICE,甲,A,x,goods,10,,,,1,0,,,", "SKU GR-RICE is already on line 2" },
	{ "A1,甲,A,x,goods,10,,,,1,0,,", "13 fields, expected 14" },
	{ "A1,甲,A,x,goods,10,,,,1,0,,,,", "15 fields, expected 14" },
	{ "A1", "1 fields, expected 14" },
	{ "A1,甲,\"A\nB\",x,goods,10,,,,1,0,,,", "name_en contains a control character" },
	{ "A1,甲,\"A\r\nB\",x,goods,10,,,,1,0,,,", "name_en contains a control character" },
	{ "A1,\xe7\x94,A,x,goods,10,,,,1,0,,,", "name_zh is not valid UTF-8" },
	{ "A1,甲,\xff\xfe,x,goods,10,,,,1,0,,,", "name_en is not valid UTF-8" },
	{ "A1,甲,A,x,goods,10,,5.00,,1,0,,,", "value and min_spend are for coupons" },
	{ "A1,甲,A,x,coupon,10,,,100.00,1,0,,,", "a coupon needs a value" },
	{ "A1,甲,A,x,offset,10,,,,1,0,,,", "an offset needs a value" },
	{ "A1,甲,A,x,coupon,10,,100.00,50.00,1,0,,,", "min_spend 50.00 is less than the value 100.00" },
	{ "A1,甲,A\"B,x,goods,10,,,,1,0,,,", "bad quoting" },
	{ "A1,甲,\"A\"B,x,goods,10,,,,1,0,,,", "bad quoting" },
	{ "A1,甲,A,x,goods,0,,,,-1,0,,,", "(and 1 more problems on this line)" },
};

static void
test_every_bad_field_is_refused(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		char *csv = xasprintf(HEADER ROW_RICE "%s\n", bad_cases[i].row);
		struct import_report r;

		if (import(f, csv, &r) != JF_USAGE || r.problem_count != 1)
			fail_msg("case %zu (%s) was not refused as one problem", i, bad_cases[i].why);
		assert_int_equal(r.problems[0].line, 3);
		if (strstr(r.problems[0].message, bad_cases[i].why) == NULL)
			fail_msg("case %zu: message '%s' does not say '%s'", i, r.problems[0].message,
				 bad_cases[i].why);
		import_report_done(&r);
		free(csv);
	}
	assert_int_equal(item_count(f), 0);
}

static void
test_what_is_allowed(void **state)
{
	struct fixture *f = *state;
	struct catalog_item it;

	/* Quoted fields may hold commas and quotes; a name may be 64 characters
	 * of Chinese; a coupon without a threshold (无门槛券); same-day window. */
	import_ok(f, HEADER
		  "A.b_c-1,\"大米, 5kg\",\"Rice \"\"Premium\"\", 5 kg\",grocery,goods,1,,,,0,1,,,\n"
		  "B1,一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
		  "一二三四五六七八九十一二三四五六七八九十一二三四,B,x,goods,1000000000,"
		  "1000000000.00,,,1000000000,no,,,\n"
		  "C1,无门槛券,No-minimum coupon,x,coupon,10,,5,,1,0,2026-06-01,2026-06-01,\n",
		  3, 3, 0);
	find(f, "A.b_c-1", &it);
	assert_string_equal(it.name_zh, "大米, 5kg");
	assert_string_equal(it.name_en, "Rice \"Premium\", 5 kg");
	assert_int_equal(it.stock, 0);
	find(f, "B1", &it);
	assert_int_equal(it.points, 1000000000);
	assert_int_equal(it.cash_fen, 100000000000LL);
	find(f, "C1", &it);
	assert_int_equal(it.min_spend_fen, 0);
}

static void
test_header_and_layout(void **state)
{
	struct fixture *f = *state;
	struct import_report r;

	/* A BOM, CRLF line ends, blank lines and no final line end are fine. */
	import_ok(f, "\xef\xbb\xbfsku,name_zh,name_en,category,type,points,cash,value,min_spend,"
		  "stock,green,active_from,active_until,new_until\r\n\r\n"
		  "A1,甲,A,x,goods,10,,,,1,0,,,\r\n  \r\n"
		  "A2,乙,B,x,goods,10,,,,1,0,,,", 2, 2, 0);
	/* Line numbers count physical lines, whatever the line ends and
	 * however many lines a quoted field spans. */
	assert_int_equal(import(f, HEADER "\n"
				"A3,\"甲\n乙\",A,x,goods,10,,,,1,0,,,\r\n" /* 3-4 */
				"A4,甲,A,x,goods,10,,,,1,0,,,\n"          /* 5 */
				"A5,甲,A,x,goods,x,,,,1,0,,,\n",          /* 6 */
				&r), JF_USAGE);
	assert_int_equal(r.problem_count, 2);
	assert_int_equal(r.problems[0].line, 3);
	assert_int_equal(r.problems[1].line, 6);
	import_report_done(&r);
	/* A header that is not exactly the columns: nothing else is judged. */
	assert_int_equal(import(f, "SKU,name_zh,name_en,category,type,points,cash,value,min_spend,"
				"stock,green,active_from,active_until,new_until\n"
				"A1,甲,A,x,goods,10,,,,1,0,,,\n", &r), JF_USAGE);
	assert_int_equal(r.problem_count, 1);
	assert_int_equal(r.problems[0].line, 1);
	assert_non_null(strstr(r.problems[0].message, "header"));
	import_report_done(&r);
	assert_int_equal(import(f, "sku,name_zh,name_en\nA1,甲,A\n", &r), JF_USAGE);
	assert_int_equal(r.problem_count, 1);
	assert_int_equal(r.problems[0].line, 1);
	import_report_done(&r);
	assert_int_equal(import(f, "sku,\"name_zh\"x,name_en\nA1,甲,A\n", &r), JF_USAGE);
	assert_int_equal(r.problem_count, 1);
	assert_int_equal(r.problems[0].line, 1);
	assert_non_null(strstr(r.problems[0].message, "bad quoting"));
	import_report_done(&r);
	/* Empty files; a header alone is an empty catalog. */
	assert_int_equal(import(f, "", &r), JF_USAGE);
	assert_int_equal(r.problem_count, 1);
	assert_int_equal(r.problems[0].line, 1);
	import_report_done(&r);
	assert_int_equal(import(f, "\n\n", &r), JF_USAGE);
	import_report_done(&r);
	import_ok(f, HEADER, 0, 0, 0);
	assert_int_equal(item_count(f), 2);
}

static void
test_quoting_errors(void **state)
{
	struct fixture *f = *state;
	struct import_report r;

	/* A stray quote spoils its row only; later rows are still judged. */
	assert_int_equal(import(f, HEADER
				"A1,甲,\"A\" B,x,goods,10,,,,1,0,,,\n"   /* 2 */
				"A2,甲,A,x,goods,10,,,,1,0,,,\n"         /* 3 */
				"A3,甲,A,x,goods,0,,,,1,0,,,\n"          /* 4 */
				"A4,甲,\"never closed,x,goods,10,,,,1,0,,,\n" /* 5 */
				"A5,甲,A,x,goods,10,,,,1,0,,,\n", &r), JF_USAGE);
	assert_int_equal(r.problem_count, 3);
	assert_int_equal(r.problems[0].line, 2);
	assert_non_null(strstr(r.problems[0].message, "bad quoting"));
	assert_int_equal(r.problems[1].line, 4);
	assert_int_equal(r.problems[2].line, 5);
	assert_non_null(strstr(r.problems[2].message, "not closed"));
	import_report_done(&r);
	/* A NUL byte inside a field is not quietly cut off. */
	{
		static const char nul[] = HEADER "A1,甲\0乙,A,x,goods,10,,,,1,0,,,\n";
		struct jf_error err;

		assert_int_equal(catalog_import_text(&f->lg, nul, sizeof nul - 1, &r, &err),
				 JF_USAGE);
		assert_int_equal(r.problem_count, 1);
		assert_int_equal(r.problems[0].line, 2);
		assert_non_null(strstr(r.problems[0].message, "control character"));
		import_report_done(&r);
	}
	assert_int_equal(item_count(f), 0);
}

static void
test_problems_are_capped(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	size_t size = 200 * 40 + sizeof HEADER, used;
	char *csv = xmalloc(size);

	used = (size_t)snprintf(csv, size, "%s", HEADER);
	for (int i = 0; i < 200; i++)
		used += (size_t)snprintf(csv + used, size - used, "B%d,甲,A,x,goods,0,,,,1,0,,,\n", i);
	assert_int_equal(import(f, csv, &r), JF_USAGE);
	assert_int_equal(r.problem_count, CATALOG_MAX_PROBLEMS + 1);
	assert_int_equal(r.problems[0].line, 2);
	assert_int_equal(r.problems[CATALOG_MAX_PROBLEMS - 1].line, CATALOG_MAX_PROBLEMS + 1);
	assert_non_null(strstr(r.problems[CATALOG_MAX_PROBLEMS].message, "more than 100 problems"));
	import_report_done(&r);
	free(csv);
}

static void
test_import_file(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	struct jf_error err;
	char path[PATH_MAX + 16];
	FILE *fp;

	snprintf(path, sizeof path, "%s/catalog.csv", f->dir);
	assert_int_equal(catalog_import_file(&f->lg, path, &r, &err), JF_NOTFOUND);
	import_report_done(&r);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(GOOD, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(catalog_import_file(&f->lg, path, &r, &err), JF_OK);
	assert_int_equal(r.inserted, 3);
	import_report_done(&r);
}

struct counter {
	int items, green;
	char last[CATALOG_CATEGORY_SIZE + CATALOG_SKU_SIZE + 1];
	int ordered;
};

static int
count_item(const struct catalog_item *it, void *arg)
{
	struct counter *c = arg;
	char key[sizeof c->last];

	/* category, then SKU: the order of the listing */
	snprintf(key, sizeof key, "%s\x01%s", it->category, it->sku);
	if (strcmp(key, c->last) <= 0)
		c->ordered = 0;
	snprintf(c->last, sizeof c->last, "%s", key);
	c->items++;
	c->green += it->green;
	return 0;
}

static struct counter
list_all(struct fixture *f, const char *category, int with_delisted)
{
	struct counter c = { 0, 0, "", 1 };
	struct jf_error err;

	assert_int_equal(catalog_list(&f->lg, category, with_delisted, count_item, &c, &err), JF_OK);
	return c;
}

static void
test_demo_catalog(void **state)
{
	struct fixture *f = *state;
	struct import_report r;
	struct jf_error err;
	struct counter c;

	assert_int_equal(catalog_import_text(&f->lg, catalog_demo_csv, strlen(catalog_demo_csv),
					     &r, &err), JF_OK);
	assert_int_equal(r.problem_count, 0);
	assert_true(r.rows >= 30);
	assert_int_equal(r.inserted, r.rows);
	import_report_done(&r);
	c = list_all(f, NULL, 0);
	assert_int_equal(c.items, item_count(f));
	assert_true(c.ordered);
	/* What the demo needs to show: green items, co-payments, coupons and
	 * offsets, an item sold out and one with the last piece, new items. */
	assert_true(c.green >= 3);
	assert_true(sql(f, "SELECT count(*) FROM item WHERE cash_fen > 0") >= 3);
	assert_true(sql(f, "SELECT count(*) FROM item WHERE type = 1") >= 2);
	assert_true(sql(f, "SELECT count(*) FROM item WHERE type = 2") >= 2);
	assert_true(sql(f, "SELECT count(*) FROM item WHERE stock = 0") >= 1);
	assert_true(sql(f, "SELECT count(*) FROM item WHERE stock = 1") >= 1);
	assert_true(sql(f, "SELECT count(*) FROM item WHERE new_until >= '2026-11-24'") >= 1);
	assert_true(sql(f, "SELECT min(points) FROM item") <= 100);
	assert_true(sql(f, "SELECT max(points) FROM item") >= 10000);
	/* Most of the store is on offer on the demo's day (2026-11-24). */
	assert_true(sql(f, "SELECT count(*) FROM item WHERE "
			   "(active_from = '' OR active_from <= '2026-11-24') AND "
			   "(active_until = '' OR active_until >= '2026-11-24')") >= c.items - 3);
}

static void
test_take_stock_never_below_zero(void **state)
{
	struct fixture *f = *state;
	struct catalog_item it;
	struct jf_error err;
	int taken = 0;

	import_ok(f, HEADER "A1,甲,A,x,goods,10,,,,3,0,,,\n", 1, 1, 0);
	find(f, "A1", &it);
	assert_int_equal(catalog_take_stock(&f->lg, it.id, 2, &err), JF_OK);
	assert_int_equal(catalog_take_stock(&f->lg, it.id, 2, &err), JF_INSUFFICIENT);
	assert_string_equal(err.message, "out of stock: only 1 left");
	assert_int_equal(sql(f, "SELECT stock FROM item"), 1);
	for (int i = 0; i < 10; i++)
		taken += catalog_take_stock(&f->lg, it.id, 1, &err) == JF_OK;
	assert_int_equal(taken, 1);
	assert_int_equal(catalog_take_stock(&f->lg, it.id, 1, &err), JF_INSUFFICIENT);
	assert_string_equal(err.message, "out of stock: none left");
	assert_int_equal(sql(f, "SELECT stock FROM item"), 0);
	assert_int_equal(catalog_take_stock(&f->lg, it.id, 0, &err), JF_USAGE);
	assert_int_equal(catalog_take_stock(&f->lg, it.id, -1, &err), JF_USAGE);
	assert_int_equal(catalog_take_stock(&f->lg, it.id + 99, 1, &err), JF_NOTFOUND);
	assert_int_equal(catalog_return_stock(&f->lg, it.id, 2, &err), JF_OK);
	assert_int_equal(catalog_return_stock(&f->lg, it.id + 99, 2, &err), JF_NOTFOUND);
	assert_int_equal(catalog_return_stock(&f->lg, it.id, 0, &err), JF_USAGE);
	find(f, "A1", &it);
	assert_int_equal(it.stock, 2);
	/* Inside a transaction that is rolled back, the taking is undone too. */
	assert_int_equal(db_begin_write(f->lg.db, &err), JF_OK);
	assert_int_equal(catalog_take_stock(&f->lg, it.id, 2, &err), JF_OK);
	db_rollback(f->lg.db);
	assert_int_equal(sql(f, "SELECT stock FROM item"), 2);
}

struct found {
	int n;
	char skus[8][CATALOG_SKU_SIZE];
};

static int
note_found(const struct catalog_item *it, void *arg)
{
	struct found *fd = arg;

	if (fd->n < 8)
		snprintf(fd->skus[fd->n], sizeof fd->skus[0], "%s", it->sku);
	fd->n++;
	return 0;
}

static struct found
search(struct fixture *f, const char *text)
{
	struct found fd = { 0 };
	struct jf_error err;

	assert_int_equal(catalog_search(&f->lg, text, note_found, &fd, &err), JF_OK);
	return fd;
}

static void
test_search(void **state)
{
	struct fixture *f = *state;
	struct found fd;
	struct jf_error err;

	import_ok(f, GOOD "X_1,百分百纯棉,100% Cotton,x,goods,10,,,,1,0,,,\n", 4, 4, 0);
	fd = search(f, "GR-RICE");
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.skus[0], "GR-RICE");
	fd = search(f, "rice"); /* ASCII case does not matter */
	assert_int_equal(fd.n, 1);
	fd = search(f, "cOTTON"); /* in names too, either way round */
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.skus[0], "X_1");
	fd = search(f, "x_1");
	assert_int_equal(fd.n, 1);
	fd = search(f, "大米");
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.skus[0], "GR-RICE");
	fd = search(f, "购物");
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.skus[0], "EC-BAG");
	/* % and _ are plain characters, not wildcards. */
	fd = search(f, "%");
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.skus[0], "X_1");
	fd = search(f, "_");
	assert_int_equal(fd.n, 1);
	fd = search(f, "R_CE");
	assert_int_equal(fd.n, 0);
	fd = search(f, "0");
	assert_int_equal(fd.n, 2); /* CP-200-100 and 100% */
	/* Delisted items are not found. */
	{
		struct catalog_item it;

		find(f, "EC-BAG", &it);
		assert_int_equal(catalog_mark_delisted(&f->lg, it.id, "supplier stopped", &err), JF_OK);
	}
	fd = search(f, "购物");
	assert_int_equal(fd.n, 0);
}

static int
note_category(const char *category, int64_t items, void *arg)
{
	char *out = arg;
	size_t used = strlen(out);

	snprintf(out + used, 200 - used, "%s=%lld;", category, (long long)items);
	return 0;
}

static void
test_list_categories_and_delisting(void **state)
{
	struct fixture *f = *state;
	struct catalog_item it;
	struct import_report r;
	struct jf_error err;
	char cats[200] = "";
	struct counter c;

	import_ok(f, GOOD "GR-OIL,花生油,Oil,grocery,goods,10,,,,1,0,,,\n", 4, 4, 0);
	assert_int_equal(catalog_categories(&f->lg, note_category, cats, &err), JF_OK);
	assert_string_equal(cats, "coupons=1;eco=1;grocery=2;");
	assert_int_equal(list_all(f, "grocery", 0).items, 2);
	assert_int_equal(list_all(f, "nothing", 0).items, 0);

	fixture_advance(60);
	find(f, "GR-OIL", &it);
	assert_int_equal(catalog_mark_delisted(&f->lg, it.id, "", &err), JF_USAGE);
	assert_int_equal(catalog_mark_delisted(&f->lg, it.id, "recalled by the maker", &err), JF_OK);
	assert_int_equal(catalog_mark_delisted(&f->lg, it.id, "again", &err), JF_CONFLICT);
	assert_int_equal(catalog_mark_delisted(&f->lg, it.id + 99, "x", &err), JF_NOTFOUND);
	find(f, "GR-OIL", &it);
	assert_int_equal(it.delisted, 1);
	assert_int_equal(it.delisted_at, clock_now());
	assert_string_equal(it.delist_reason, "recalled by the maker");
	c = list_all(f, NULL, 0);
	assert_int_equal(c.items, 3);
	c = list_all(f, NULL, 1);
	assert_int_equal(c.items, 4);
	memset(cats, 0, sizeof cats);
	assert_int_equal(catalog_categories(&f->lg, note_category, cats, &err), JF_OK);
	assert_string_equal(cats, "coupons=1;eco=1;grocery=1;");

	/* Re-importing the item, even changed, never offers it again. */
	assert_int_equal(import(f, GOOD "GR-OIL,花生油,Oil,grocery,goods,20,,,,9,0,,,\n", &r), JF_OK);
	assert_int_equal(r.inserted, 0);
	assert_int_equal(r.updated, 0);
	import_report_done(&r);
	find(f, "GR-OIL", &it);
	assert_int_equal(it.delisted, 1);
	assert_int_equal(it.points, 10);
	assert_int_equal(catalog_available_on(&it, "2026-03-01"), 0);
}

static void
test_available_on(void **state)
{
	struct catalog_item it;

	(void)state;
	memset(&it, 0, sizeof it);
	assert_true(catalog_available_on(&it, "2026-03-01")); /* no window: always */
	snprintf(it.active_from, sizeof it.active_from, "2026-03-01");
	snprintf(it.active_until, sizeof it.active_until, "2026-03-31");
	assert_false(catalog_available_on(&it, "2026-02-28"));
	assert_true(catalog_available_on(&it, "2026-03-01"));
	assert_true(catalog_available_on(&it, "2026-03-31"));
	assert_false(catalog_available_on(&it, "2026-04-01"));
	it.active_from[0] = '\0';
	assert_true(catalog_available_on(&it, "2000-01-01"));
	it.delisted = 1;
	assert_false(catalog_available_on(&it, "2026-03-15"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_import_good_file),
		T(test_import_twice_is_idempotent),
		T(test_bad_rows_are_all_reported_and_nothing_written),
		T(test_every_bad_field_is_refused),
		T(test_what_is_allowed),
		T(test_header_and_layout),
		T(test_quoting_errors),
		T(test_problems_are_capped),
		T(test_import_file),
		T(test_demo_catalog),
		T(test_take_stock_never_below_zero),
		T(test_search),
		T(test_list_categories_and_delisting),
		cmocka_unit_test(test_available_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
