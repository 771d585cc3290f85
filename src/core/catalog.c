/*
 * catalog: the redemption catalog, its CSV import and its stock.
 *
 * An import is checked whole before anything is written: every row of the
 * file is validated and every problem is kept with its line number, so the
 * manager fixes the file once instead of one error per run. Only a clean
 * file reaches the database, in one write transaction. Stock is moved with
 * one conditional UPDATE, so two terminals can never take it below zero.
 */
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "db.h"
#include "ledger_int.h"
#include "parse.h"
#include "xalloc.h"

#define CATALOG_COLUMNS 15     /* the last, early_tiers, may be left out */
#define CATALOG_OLD_COLUMNS 14 /* files from before tiers */
#define CATALOG_STOCK_MAX 1000000000LL
#define CATALOG_FILE_MAX (16 * 1024 * 1024)

static const char *const catalog_header[CATALOG_COLUMNS] = {
	"sku", "name_zh", "name_en", "category", "type", "points", "cash", "value",
	"min_spend", "stock", "green", "active_from", "active_until", "new_until",
	"early_tiers",
};

enum column {
	COL_SKU, COL_NAME_ZH, COL_NAME_EN, COL_CATEGORY, COL_TYPE, COL_POINTS, COL_CASH,
	COL_VALUE, COL_MIN_SPEND, COL_STOCK, COL_GREEN, COL_FROM, COL_UNTIL, COL_NEW_UNTIL,
	COL_EARLY_TIERS,
};

const char *
catalog_type_name(enum item_type type)
{
	switch (type) {
	case ITEM_COUPON: return "coupon";
	case ITEM_OFFSET: return "offset";
	default: return "goods";
	}
}

void
import_report_done(struct import_report *r)
{
	free(r->problems);
	memset(r, 0, sizeof *r);
}

/* ---- checking one row ---- */

/* The problems of one row: the first is reported, the others counted. */
struct row_check {
	int bad;
	char first[200];
};

static void
row_problem(struct row_check *rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
row_problem(struct row_check *rc, const char *fmt, ...)
{
	va_list ap;

	if (rc->bad++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(rc->first, sizeof rc->first, fmt, ap);
	va_end(ap);
}

/* A parse.h refusal; prefix names the column when the message does not. */
static void
row_refused(struct row_check *rc, const char *prefix, const struct jf_error *e)
{
	if (prefix)
		row_problem(rc, "%s: %s", prefix, e->message);
	else
		row_problem(rc, "%s", e->message);
}

/* One rule for a SKU, the line parser's too (parse.c). */
_Static_assert(CATALOG_SKU_SIZE == PARSE_SKU_MAX + 1, "a SKU fits its buffer");

enum jf_status
catalog_check_sku(const char *sku, struct jf_error *err)
{
	return parse_sku(sku, err);
}

static void
check_sku(struct row_check *rc, const char *v, struct catalog_item *it)
{
	struct jf_error e;

	if (catalog_check_sku(v, &e) != JF_OK)
		row_refused(rc, NULL, &e);
	else
		snprintf(it->sku, sizeof it->sku, "%s", v);
}

static void
check_text(struct row_check *rc, const char *column, const char *v, size_t max_chars,
	   char *out, size_t out_size)
{
	struct jf_error e;

	/* max_chars of up to four bytes each always fit out: no cut text. */
	if (parse_text(column, v, max_chars, &e) != JF_OK)
		row_refused(rc, NULL, &e);
	else
		snprintf(out, out_size, "%s", v);
}

static void
check_type(struct row_check *rc, const char *v, struct catalog_item *it)
{
	char q[48];

	if (strcmp(v, "goods") == 0) {
		it->type = ITEM_GOODS;
	} else if (strcmp(v, "coupon") == 0) {
		it->type = ITEM_COUPON;
	} else if (strcmp(v, "offset") == 0) {
		it->type = ITEM_OFFSET;
	} else {
		parse_quote(v, q, sizeof q);
		row_problem(rc, "type '%s' must be goods, coupon or offset", q);
	}
}

/* Yuan, or empty for none. */
static void
check_money(struct row_check *rc, const char *column, const char *v, int64_t *fen)
{
	struct jf_error e;

	*fen = 0;
	if (*v != '\0' && parse_amount_fen(v, fen, &e) != JF_OK)
		row_refused(rc, column, &e);
}

static void
check_green(struct row_check *rc, const char *v, struct catalog_item *it)
{
	char q[48];

	if (strcmp(v, "1") == 0 || strcmp(v, "yes") == 0) {
		it->green = 1;
	} else if (strcmp(v, "0") == 0 || strcmp(v, "no") == 0) {
		it->green = 0;
	} else {
		parse_quote(v, q, sizeof q);
		row_problem(rc, "green '%s' must be 0, 1, yes or no", q);
	}
}

/* A date, or empty for none. */
static void
check_date(struct row_check *rc, const char *column, const char *v, char out[11])
{
	struct jf_error e;

	out[0] = '\0';
	if (*v == '\0')
		return;
	if (parse_date(v, &e) != JF_OK)
		row_refused(rc, column, &e);
	else
		snprintf(out, 11, "%s", v);
}

/* What only makes sense across fields; run when every field was good. */
static void
check_consistent(struct row_check *rc, const struct catalog_item *it)
{
	char value[24], min[24];

	if (it->type == ITEM_GOODS && (it->value_fen || it->min_spend_fen)) {
		row_problem(rc, "value and min_spend are for coupons and offsets, not goods");
	} else if (it->type != ITEM_GOODS && it->value_fen == 0) {
		row_problem(rc, "a%s needs a value (the yuan it is worth)",
			    it->type == ITEM_COUPON ? " coupon" : "n offset");
	} else if (it->min_spend_fen && it->min_spend_fen < it->value_fen) {
		parse_format_fen(it->min_spend_fen, min, sizeof min);
		parse_format_fen(it->value_fen, value, sizeof value);
		row_problem(rc, "min_spend %s is less than the value %s", min, value);
	}
	if (it->active_from[0] && it->active_until[0] &&
	    strcmp(it->active_from, it->active_until) > 0)
		row_problem(rc, "active_from %s is after active_until %s", it->active_from,
			    it->active_until);
}

/* Is the n bytes of id one of the space-separated ids of list? */
static int
in_list(const char *list, const char *id, size_t n)
{
	for (const char *o = list + strspn(list, " "); *o; o += strcspn(o, " "), o += strspn(o, " "))
		if (strcspn(o, " ") == n && !strncmp(o, id, n))
			return 1;
	return 0;
}

/* early_tiers: tier ids of the config (tier.h) separated by spaces, at
 * most one of each; only with a new_until date, which they are early for. */
static void
check_early(struct row_check *rc, const struct settings *cfg, const char *v,
	    struct catalog_item *it)
{
	char id[SETTINGS_TIER_ID_SIZE], q[48];
	size_t n;

	for (const char *p = v + strspn(v, " "); *p; p += n, p += strspn(p, " ")) {
		n = strcspn(p, " ");
		snprintf(id, sizeof id, "%.*s", (int)(n < sizeof id ? n : sizeof id - 1), p);
		parse_quote(id, q, sizeof q);
		if (n >= sizeof id || cfg == NULL || settings_tier_find(cfg, id) == NULL) {
			row_problem(rc, "early_tiers: no tier %s in the config", q);
			return;
		}
		if (in_list(it->early_tiers, id, n)) {
			row_problem(rc, "early_tiers: %s twice", q);
			return;
		}
		if (it->early_tiers[0])
			strcat(it->early_tiers, " ");
		strcat(it->early_tiers, id);
	}
	if (it->early_tiers[0] && !it->new_until[0])
		row_problem(rc, "early_tiers need a new_until date");
}

/* Check the 14 or 15 fields of a data row into *it; the number of problems. */
static int
check_row(char *const *f, size_t count, const struct settings *cfg, struct catalog_item *it,
	  struct row_check *rc)
{
	struct jf_error e;

	memset(it, 0, sizeof *it);
	check_sku(rc, f[COL_SKU], it);
	check_text(rc, "name_zh", f[COL_NAME_ZH], PARSE_NAME_MAX_CHARS, it->name_zh,
		   sizeof it->name_zh);
	check_text(rc, "name_en", f[COL_NAME_EN], PARSE_NAME_MAX_CHARS, it->name_en,
		   sizeof it->name_en);
	check_text(rc, "category", f[COL_CATEGORY], CATALOG_CATEGORY_MAX_CHARS, it->category,
		   sizeof it->category);
	check_type(rc, f[COL_TYPE], it);
	if (parse_points(f[COL_POINTS], &it->points, &e) != JF_OK)
		row_refused(rc, NULL, &e);
	check_money(rc, "cash", f[COL_CASH], &it->cash_fen);
	check_money(rc, "value", f[COL_VALUE], &it->value_fen);
	check_money(rc, "min_spend", f[COL_MIN_SPEND], &it->min_spend_fen);
	if (parse_int_range("stock", f[COL_STOCK], 0, CATALOG_STOCK_MAX, &it->stock, &e) != JF_OK)
		row_refused(rc, NULL, &e);
	check_green(rc, f[COL_GREEN], it);
	check_date(rc, "active_from", f[COL_FROM], it->active_from);
	check_date(rc, "active_until", f[COL_UNTIL], it->active_until);
	check_date(rc, "new_until", f[COL_NEW_UNTIL], it->new_until);
	if (count > COL_EARLY_TIERS)
		check_early(rc, cfg, f[COL_EARLY_TIERS], it);
	if (rc->bad == 0)
		check_consistent(rc, it);
	return rc->bad;
}

/* ---- reading the file ---- */

/* SKUs seen so far, by hash, to find a duplicate in one step. */
struct sku_set {
	size_t *slots; /* index + 1 into the item list; 0 is empty */
	size_t size;   /* a power of two, kept at most half full */
};

struct importer {
	struct csv_parser csv;
	int line;       /* the physical line being read, from 1 */
	int row_line;   /* where the current row began; 0 between rows */
	char *fields[CATALOG_COLUMNS];
	size_t field_count; /* counted past CATALOG_COLUMNS, kept up to it */
	int header_seen, header_ok;
	size_t columns; /* of the header: CATALOG_COLUMNS or CATALOG_OLD_COLUMNS */
	const struct settings *cfg; /* the tiers early_tiers may name; NULL: none */
	struct catalog_item *items;
	int *item_lines;
	size_t count, cap;
	struct sku_set skus;
	struct import_report *r;
	int full;       /* CATALOG_MAX_PROBLEMS reached: stop reading */
};

static void
add_problem(struct importer *imp, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
add_problem(struct importer *imp, int line, const char *fmt, ...)
{
	struct import_report *r = imp->r;
	struct import_problem *p;
	va_list ap;

	if (imp->full)
		return;
	if (r->problem_count % 16 == 0)
		r->problems = xrealloc(r->problems, (r->problem_count + 16) * sizeof *r->problems);
	p = &r->problems[r->problem_count++];
	p->line = line;
	if (r->problem_count > CATALOG_MAX_PROBLEMS) {
		/* Past this, a file is not worth reading on: it is not a catalog. */
		snprintf(p->message, sizeof p->message,
			 "more than %d problems; the rest of the file was not read",
			 CATALOG_MAX_PROBLEMS);
		imp->full = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof p->message, fmt, ap);
	va_end(ap);
}

static size_t
sku_hash(const char *s)
{
	size_t h = 14695981039346656037ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of sku: where it is, or the empty slot where it would go. */
static size_t *
sku_slot(struct importer *imp, const char *sku)
{
	size_t mask = imp->skus.size - 1, i = sku_hash(sku) & mask;

	while (imp->skus.slots[i] && strcmp(imp->items[imp->skus.slots[i] - 1].sku, sku) != 0)
		i = (i + 1) & mask;
	return &imp->skus.slots[i];
}

static void
sku_set_grow(struct importer *imp)
{
	size_t old_size = imp->skus.size, *old = imp->skus.slots;

	imp->skus.size = old_size ? 2 * old_size : 64;
	imp->skus.slots = xcalloc(imp->skus.size, sizeof *imp->skus.slots);
	for (size_t i = 0; i < old_size; i++)
		if (old[i])
			*sku_slot(imp, imp->items[old[i] - 1].sku) = old[i];
	free(old);
}

/* Keep a good row, unless its SKU came before. */
static void
keep_item(struct importer *imp, const struct catalog_item *it, int line)
{
	size_t *slot;

	if (2 * (imp->count + 1) > imp->skus.size)
		sku_set_grow(imp);
	slot = sku_slot(imp, it->sku);
	if (*slot) {
		add_problem(imp, line, "SKU %s is already on line %d", it->sku,
			    imp->item_lines[*slot - 1]);
		return;
	}
	if (imp->count == imp->cap) {
		imp->cap = imp->cap ? 2 * imp->cap : 64;
		imp->items = xrealloc(imp->items, imp->cap * sizeof *imp->items);
		imp->item_lines = xrealloc(imp->item_lines, imp->cap * sizeof *imp->item_lines);
	}
	imp->items[imp->count] = *it;
	imp->item_lines[imp->count] = line;
	*slot = ++imp->count;
}

static void
check_header(struct importer *imp, int line)
{
	imp->header_seen = 1;
	imp->columns = imp->field_count;
	imp->header_ok = imp->field_count == CATALOG_COLUMNS ||
			 imp->field_count == CATALOG_OLD_COLUMNS;
	for (size_t i = 0; imp->header_ok && i < imp->field_count; i++)
		imp->header_ok = strcmp(imp->fields[i], catalog_header[i]) == 0;
	if (!imp->header_ok)
		add_problem(imp, line, "the header must be exactly: sku,name_zh,name_en,category,"
			    "type,points,cash,value,min_spend,stock,green,active_from,"
			    "active_until,new_until[,early_tiers]");
}

static void
check_data_row(struct importer *imp, int line)
{
	struct catalog_item it;
	struct row_check rc = { 0, "" };

	imp->r->rows++;
	if (!imp->header_ok)
		return; /* the columns cannot be trusted: the header says it all */
	if (imp->field_count != imp->columns) {
		add_problem(imp, line, "%zu fields, expected %zu", imp->field_count,
			    imp->columns);
		return;
	}
	if (check_row(imp->fields, imp->columns, imp->cfg, &it, &rc) == 0)
		keep_item(imp, &it, line);
	else if (rc.bad == 1)
		add_problem(imp, line, "%s", rc.first);
	else
		add_problem(imp, line, "%s (and %d more problems on this line)", rc.first,
			    rc.bad - 1);
}

static void
drop_fields(struct importer *imp)
{
	size_t kept = imp->field_count < CATALOG_COLUMNS ? imp->field_count : CATALOG_COLUMNS;

	for (size_t i = 0; i < kept; i++) {
		free(imp->fields[i]);
		imp->fields[i] = NULL;
	}
	imp->field_count = 0;
	imp->row_line = 0;
}

/* libcsv: one field (NUL-terminated by CSV_APPEND_NULL, but it may hold NULs). */
static void
on_field(void *s, size_t len, void *data)
{
	struct importer *imp = data;
	char *copy;

	if (imp->field_count < CATALOG_COLUMNS) {
		copy = xmemdupz(s, len);
		/* A NUL would cut the text short unseen: make it a control
		 * character, which every field's check refuses. */
		for (size_t i = 0; i < len; i++)
			if (copy[i] == '\0')
				copy[i] = '\x01';
		imp->fields[imp->field_count] = copy;
	}
	imp->field_count++;
}

/* libcsv: the end of a row. */
static void
on_row(int c, void *data)
{
	struct importer *imp = data;
	int line = imp->row_line ? imp->row_line : imp->line;

	(void)c;
	if (!imp->header_seen)
		check_header(imp, line);
	else
		check_data_row(imp, line);
	drop_fields(imp);
}

/* A quoting error: report the row, drop it and start afresh on the next line. */
static enum jf_status
csv_trouble(struct importer *imp, const char *what, struct jf_error *err)
{
	int code = csv_error(&imp->csv);

	if (code != CSV_EPARSE)
		return jf_fail(err, JF_ERR, "reading the CSV: %s", csv_strerror(code));
	add_problem(imp, imp->row_line ? imp->row_line : imp->line, "%s", what);
	if (!imp->header_seen) /* a broken header: the rows cannot be judged */
		imp->header_seen = 1, imp->header_ok = 0;
	drop_fields(imp);
	csv_free(&imp->csv);
	if (csv_init(&imp->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return jf_fail(err, JF_ERR, "out of memory");
	return JF_OK;
}

/*
 * Feed libcsv one physical line at a time, so that a row's line number is
 * known: a row begins on the first non-blank line after the previous row
 * ended, and libcsv ends rows only at line ends.
 */
static enum jf_status
read_csv(struct importer *imp, const char *text, size_t len, struct jf_error *err)
{
	static const char quoting[] =
		"bad quoting: a quote inside an unquoted field, or text after a closing quote";
	size_t pos = 0, n;
	enum jf_status st = JF_OK;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	for (imp->line = 1; pos < len && st == JF_OK && !imp->full; imp->line++, pos += n) {
		n = parse_line_length(text + pos, len - pos);
		if (imp->row_line == 0 && !parse_blank(text + pos, n))
			imp->row_line = imp->line;
		if (csv_parse(&imp->csv, text + pos, n, on_field, on_row, imp) != n)
			st = csv_trouble(imp, quoting, err);
	}
	if (st != JF_OK || imp->full)
		return st;
	imp->line--; /* the last line read, if the last row has no line end */
	if (csv_fini(&imp->csv, on_field, on_row, imp) != 0)
		st = csv_trouble(imp, "a quoted field is not closed before the end of the file",
				 err);
	if (st == JF_OK && !imp->header_seen && imp->r->problem_count == 0)
		add_problem(imp, 1, "the file is empty: the header line is missing");
	return st;
}

/* ---- writing ---- */

/*
 * Insert, or update an item that is listed and differs. A delisted item is
 * left alone: delisting cancelled its vouchers and compensated members,
 * and a re-import of an old file must not quietly offer it again.
 */
/* Who imports, from where and when: the same for every row of one import. */
struct import_stamp {
	int64_t now;
	const char *by, *terminal;
};

static enum jf_status
upsert_item(struct db *db, const struct catalog_item *it, const struct import_stamp *stamp,
	    int *inserted, int *updated, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT count(*) FROM item WHERE sku = :sku");
	enum jf_status st;
	int64_t existed = 0;

	db_bind_text(s, ":sku", it->sku);
	if ((st = db_one_int(s, &existed, err)) != JF_OK)
		return st;
	s = db_stmt(db,
		"INSERT INTO item(sku, name_zh, name_en, category, type, points, cash_fen, value_fen, "
		"min_spend_fen, stock, green, active_from, active_until, new_until, updated_at, "
		"updated_by, updated_terminal, early_tiers) "
		"VALUES (:sku, :zh, :en, :cat, :type, :points, :cash, :value, :min, :stock, :green, "
		":from, :until, :new, :now, :by, :terminal, :early) "
		"ON CONFLICT(sku) DO UPDATE SET name_zh = excluded.name_zh, "
		"name_en = excluded.name_en, category = excluded.category, type = excluded.type, "
		"points = excluded.points, cash_fen = excluded.cash_fen, "
		"value_fen = excluded.value_fen, min_spend_fen = excluded.min_spend_fen, "
		"stock = excluded.stock, green = excluded.green, "
		"active_from = excluded.active_from, active_until = excluded.active_until, "
		"new_until = excluded.new_until, updated_at = excluded.updated_at, "
		"early_tiers = excluded.early_tiers, "
		"updated_by = excluded.updated_by, updated_terminal = excluded.updated_terminal "
		"WHERE item.delisted_at IS NULL AND (item.name_zh, item.name_en, item.category, "
		"item.type, item.points, item.cash_fen, item.value_fen, item.min_spend_fen, "
		"item.stock, item.green, item.active_from, item.active_until, item.new_until, "
		"item.early_tiers) "
		/* Every column is NOT NULL, so <> is IS DISTINCT FROM. */
		"<> (excluded.name_zh, excluded.name_en, excluded.category, excluded.type, "
		"excluded.points, excluded.cash_fen, excluded.value_fen, excluded.min_spend_fen, "
		"excluded.stock, excluded.green, excluded.active_from, excluded.active_until, "
		"excluded.new_until, excluded.early_tiers)");
	db_bind_text(s, ":sku", it->sku);
	db_bind_text(s, ":zh", it->name_zh);
	db_bind_text(s, ":en", it->name_en);
	db_bind_text(s, ":cat", it->category);
	db_bind_int(s, ":type", it->type);
	db_bind_int(s, ":points", it->points);
	db_bind_int(s, ":cash", it->cash_fen);
	db_bind_int(s, ":value", it->value_fen);
	db_bind_int(s, ":min", it->min_spend_fen);
	db_bind_int(s, ":stock", it->stock);
	db_bind_int(s, ":green", it->green);
	db_bind_text(s, ":from", it->active_from);
	db_bind_text(s, ":until", it->active_until);
	db_bind_text(s, ":new", it->new_until);
	db_bind_text(s, ":early", it->early_tiers);
	db_bind_int(s, ":now", stamp->now);
	db_bind_text(s, ":by", stamp->by);
	db_bind_text(s, ":terminal", stamp->terminal);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	if (db_changes(db) == 0)
		return JF_OK; /* unchanged, or delisted */
	if (existed)
		(*updated)++;
	else
		(*inserted)++;
	return JF_OK;
}

struct write_items_ctx {
	const struct importer *imp;
	const struct import_stamp *stamp;
	struct import_report *r;
};

static enum jf_status
write_items_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct write_items_ctx *wc = ctx;
	enum jf_status st = JF_OK;

	wc->r->inserted = wc->r->updated = 0;
	for (size_t i = 0; i < wc->imp->count && st == JF_OK; i++)
		st = upsert_item(lg->db, &wc->imp->items[i], wc->stamp, &wc->r->inserted,
				 &wc->r->updated, err);
	return st;
}

static enum jf_status
write_items(struct ledger *lg, const struct importer *imp, struct import_report *r,
	    struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct import_stamp stamp = { clock_now(), actor, lg->cfg->terminal };
	struct write_items_ctx wc = { imp, &stamp, r };
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a catalog import", actor, err)) != JF_OK)
		return st;
	if ((st = ledger_write(lg, write_items_once, &wc, err)) != JF_OK)
		r->inserted = r->updated = 0;
	return st;
}

static void
importer_done(struct importer *imp)
{
	drop_fields(imp);
	csv_free(&imp->csv);
	free(imp->items);
	free(imp->item_lines);
	free(imp->skus.slots);
}

enum jf_status
catalog_import_text(struct ledger *lg, const char *text, size_t len, struct import_report *r,
		    struct jf_error *err)
{
	struct importer imp;
	enum jf_status st;

	memset(r, 0, sizeof *r);
	memset(&imp, 0, sizeof imp);
	imp.r = r;
	imp.cfg = lg->cfg;
	if (csv_init(&imp.csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return jf_fail(err, JF_ERR, "out of memory");
	st = read_csv(&imp, text, len, err);
	/* Rows are read in order, so the problems already are by line. */
	if (st == JF_OK && r->problem_count > 0)
		st = jf_fail(err, JF_USAGE, "%zu %s in the catalog; nothing was imported",
			     r->problem_count, r->problem_count == 1 ? "problem" : "problems");
	if (st == JF_OK)
		st = write_items(lg, &imp, r, err);
	importer_done(&imp);
	return st;
}

/* The whole file into *out (the caller frees it). The path is the
 * caller's own argument: messages show it whole, as db_open() does. */
static enum jf_status
read_file(const char *path, char **out, size_t *len, struct jf_error *err)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, got;
	int failed;

	if (fp == NULL)
		return jf_fail(err, errno == ENOENT ? JF_NOTFOUND : JF_ERR, "cannot open %s: %s",
			       path, strerror(errno));
	do {
		buf = xrealloc(buf, n + 65536 + 1);
		got = fread(buf + n, 1, 65536, fp);
		n += got;
	} while (got > 0 && n <= CATALOG_FILE_MAX);
	failed = ferror(fp) ? errno : 0;
	fclose(fp);
	if (failed || n > CATALOG_FILE_MAX) {
		free(buf);
		return failed ? jf_fail(err, JF_ERR, "cannot read %s: %s", path, strerror(failed))
			      : jf_fail(err, JF_USAGE, "%s is larger than %d MB: not a catalog", path,
					CATALOG_FILE_MAX / (1024 * 1024));
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return JF_OK;
}

enum jf_status
catalog_import_file(struct ledger *lg, const char *path, struct import_report *r,
		    struct jf_error *err)
{
	enum jf_status st;
	char *text = NULL;
	size_t len = 0;

	memset(r, 0, sizeof *r);
	if ((st = read_file(path, &text, &len, err)) != JF_OK)
		return st;
	st = catalog_import_text(lg, text, len, r, err);
	free(text);
	return st;
}

/* ---- reading the catalog ---- */

#define ITEM_COLUMNS                                                                        \
	"SELECT id, sku, name_zh, name_en, category, type, points, cash_fen, value_fen, "    \
	"min_spend_fen, stock, green, active_from, active_until, new_until, "                \
	"coalesce(delisted_at, 0), CASE WHEN delisted_at IS NULL THEN 0 ELSE 1 END, "        \
	"delist_reason, updated_at, updated_by, updated_terminal, delisted_by, early_tiers "  \
	"FROM item "

/* Copy text read from the ledger, cut at a character boundary if it is too
 * long (the file may have been edited behind our back). */
static void
copy_text(char *out, size_t size, const char *in)
{
	size_t n = strlen(in);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)in[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, in, n);
	out[n] = '\0';
}

static void
read_item(struct db_stmt *s, struct catalog_item *it)
{
	int64_t type = db_col_int(s, 5);

	memset(it, 0, sizeof *it);
	it->id = db_col_int(s, 0);
	copy_text(it->sku, sizeof it->sku, db_col_text(s, 1));
	copy_text(it->name_zh, sizeof it->name_zh, db_col_text(s, 2));
	copy_text(it->name_en, sizeof it->name_en, db_col_text(s, 3));
	copy_text(it->category, sizeof it->category, db_col_text(s, 4));
	it->type = type == ITEM_COUPON ? ITEM_COUPON : type == ITEM_OFFSET ? ITEM_OFFSET : ITEM_GOODS;
	it->points = db_col_int(s, 6);
	it->cash_fen = db_col_int(s, 7);
	it->value_fen = db_col_int(s, 8);
	it->min_spend_fen = db_col_int(s, 9);
	it->stock = db_col_int(s, 10);
	it->green = db_col_int(s, 11) != 0;
	copy_text(it->active_from, sizeof it->active_from, db_col_text(s, 12));
	copy_text(it->active_until, sizeof it->active_until, db_col_text(s, 13));
	copy_text(it->new_until, sizeof it->new_until, db_col_text(s, 14));
	it->delisted_at = db_col_int(s, 15);
	it->delisted = db_col_int(s, 16) != 0;
	copy_text(it->delist_reason, sizeof it->delist_reason, db_col_text(s, 17));
	it->updated_at = db_col_int(s, 18);
	copy_text(it->updated_by, sizeof it->updated_by, db_col_text(s, 19));
	copy_text(it->updated_terminal, sizeof it->updated_terminal, db_col_text(s, 20));
	copy_text(it->delisted_by, sizeof it->delisted_by, db_col_text(s, 21));
	copy_text(it->early_tiers, sizeof it->early_tiers, db_col_text(s, 22));
}

/* Step s to the end, handing each item to fn. */
static enum jf_status
each_item(struct db_stmt *s, int (*fn)(const struct catalog_item *item, void *ctx), void *ctx,
	  struct jf_error *err)
{
	struct catalog_item it;
	enum db_step_result rc;

	while ((rc = db_step(s, err)) == DB_ROW) {
		read_item(s, &it);
		if (fn(&it, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
catalog_list(struct ledger *lg, const char *category, int with_delisted,
	     int (*fn)(const struct catalog_item *item, void *ctx), void *ctx,
	     struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, ITEM_COLUMNS
				    "WHERE (CAST(:cat AS TEXT) IS NULL OR category = :cat) "
				    "AND (:all <> 0 OR delisted_at IS NULL) ORDER BY category, sku");

	db_bind_text(s, ":cat", category);
	db_bind_int(s, ":all", with_delisted != 0);
	return each_item(s, fn, ctx, err);
}

/* "%text%" for LIKE ... ESCAPE '\', with text's own % _ \ taken literally.
 * The caller frees it. */
static char *
like_pattern(const char *text)
{
	char *pat = xmalloc(2 * strlen(text) + 3), *p = pat;

	*p++ = '%';
	for (; *text; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			*p++ = '\\';
		*p++ = *text;
	}
	*p++ = '%';
	*p = '\0';
	return pat;
}

enum jf_status
catalog_search(struct ledger *lg, const char *text,
	       int (*fn)(const struct catalog_item *item, void *ctx), void *ctx,
	       struct jf_error *err)
{
	/* Case does not matter, said explicitly: SQLite's LIKE ignores ASCII case
	 * but PostgreSQL's does not. */
	struct db_stmt *s = db_stmt(lg->db, ITEM_COLUMNS
				    "WHERE delisted_at IS NULL AND (lower(sku) LIKE lower(:p) ESCAPE '\\' "
				    "OR lower(name_zh) LIKE lower(:p) ESCAPE '\\' "
				    "OR lower(name_en) LIKE lower(:p) ESCAPE '\\') "
				    "ORDER BY category, sku");
	char *pat = like_pattern(text ? text : "");
	enum jf_status st;

	db_bind_text(s, ":p", pat);
	st = each_item(s, fn, ctx, err);
	free(pat);
	return st;
}

enum jf_status
catalog_categories(struct ledger *lg, int (*fn)(const char *category, int64_t items, void *ctx),
		   void *ctx, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT category, count(*) FROM item "
					    "WHERE delisted_at IS NULL GROUP BY category "
					    "ORDER BY category");
	char category[CATALOG_CATEGORY_SIZE];
	enum db_step_result rc;

	while ((rc = db_step(s, err)) == DB_ROW) {
		copy_text(category, sizeof category, db_col_text(s, 0));
		if (fn(category, db_col_int(s, 1), ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
catalog_find(struct ledger *lg, const char *sku, struct catalog_item *out, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;
	enum db_step_result rc;

	if ((st = catalog_check_sku(sku, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, ITEM_COLUMNS "WHERE sku = :sku");
	db_bind_text(s, ":sku", sku);
	rc = db_step(s, err);
	if (rc == DB_ROW)
		read_item(s, out);
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE)
		return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_ITEM, (struct jf_why){ .text = sku },
				 "no item with SKU %s", sku);
	return JF_OK;
}

enum jf_status
catalog_check_offer(const struct catalog_item *item, const char *today, struct jf_error *err)
{
	if (item->delisted)
		return jf_refuse(err, JF_CONFLICT, JF_R_DELISTED,
				 (struct jf_why){ .num = { item->delisted_at }, .text = item->delist_reason },
				 "%s is no longer offered: %s", item->sku, item->delist_reason);
	if (item->active_from[0] && strcmp(today, item->active_from) < 0)
		return jf_refuse(err, JF_CONFLICT, JF_R_NOT_YET_OFFERED,
				 (struct jf_why){ .text = item->active_from },
				 "%s is not offered today (from %s)", item->sku, item->active_from);
	if (item->active_until[0] && strcmp(today, item->active_until) > 0)
		return jf_refuse(err, JF_CONFLICT, JF_R_NO_LONGER_OFFERED,
				 (struct jf_why){ .text = item->active_until },
				 "%s is not offered today (until %s)", item->sku, item->active_until);
	return JF_OK;
}

int
catalog_available_on(const struct catalog_item *item, const char *today)
{
	return catalog_check_offer(item, today, NULL) == JF_OK;
}

/* Out of stock, the same words whether seen before (catalog_check_stock)
 * or while taking it. Not enough of the item, like not enough points
 * (JF_INSUFFICIENT, exit 4): the shelf's state does not forbid it, a smaller
 * quantity or a restock would do. */
static enum jf_status
refuse_stock(int64_t left, int64_t qty, struct jf_error *err)
{
	if (left <= 0)
		return jf_refuse(err, JF_INSUFFICIENT, JF_R_OUT_OF_STOCK,
				 (struct jf_why){ .num = { 0, qty } }, "out of stock: none left");
	return jf_refuse(err, JF_INSUFFICIENT, JF_R_OUT_OF_STOCK, (struct jf_why){ .num = { left, qty } },
			 "out of stock: only %lld left", (long long)left);
}

enum jf_status
catalog_check_stock(const struct catalog_item *item, int64_t qty, struct jf_error *err)
{
	return item->stock >= qty ? JF_OK : refuse_stock(item->stock, qty, err);
}

/* ---- stock and delisting ---- */

static enum jf_status
check_qty(int64_t qty, struct jf_error *err)
{
	if (qty < 1 || qty > PARSE_POINTS_MAX)
		return jf_fail(err, JF_USAGE, "quantity %lld is not from 1 to %lld", (long long)qty,
			       PARSE_POINTS_MAX);
	return JF_OK;
}

static enum jf_status
stock_of(struct db *db, int64_t item_id, int64_t *stock, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT stock FROM item WHERE id = :id");
	enum jf_status st;

	db_bind_int(s, ":id", item_id);
	st = db_one_int(s, stock, err);
	if (st == JF_NOTFOUND)
		return jf_fail(err, JF_NOTFOUND, "no item with id %lld", (long long)item_id);
	return st;
}

enum jf_status
catalog_take_stock(struct ledger *lg, int64_t item_id, int64_t qty, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;
	int64_t left = 0;

	if ((st = check_qty(qty, err)) != JF_OK)
		return st;
	/* Check and take in one statement: no other terminal can come between. */
	s = db_stmt(lg->db, "UPDATE item SET stock = stock - :q WHERE id = :id AND stock >= :q");
	db_bind_int(s, ":q", qty);
	db_bind_int(s, ":id", item_id);
	if ((st = db_run(s, err)) != JF_OK || db_changes(lg->db) > 0)
		return st;
	if ((st = stock_of(lg->db, item_id, &left, err)) != JF_OK)
		return st;
	return refuse_stock(left, qty, err);
}

enum jf_status
catalog_return_stock(struct ledger *lg, int64_t item_id, int64_t qty, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	if ((st = check_qty(qty, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE item SET stock = stock + :q WHERE id = :id");
	db_bind_int(s, ":q", qty);
	db_bind_int(s, ":id", item_id);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	if (db_changes(lg->db) == 0)
		return jf_fail(err, JF_NOTFOUND, "no item with id %lld", (long long)item_id);
	return JF_OK;
}

enum jf_status
catalog_mark_delisted(struct ledger *lg, int64_t item_id, const char *reason,
		      struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;
	int64_t unused;
	char actor[ACTOR_TEXT_SIZE];

	if ((st = parse_text("reason", reason, 200, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a delisting", actor, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE item SET delisted_at = :now, delist_reason = :r, "
			    "delisted_by = :by, updated_at = :now, updated_by = :by, "
			    "updated_terminal = :terminal WHERE id = :id AND delisted_at IS NULL");
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":r", reason);
	db_bind_int(s, ":id", item_id);
	if ((st = db_run(s, err)) != JF_OK || db_changes(lg->db) > 0)
		return st;
	if ((st = stock_of(lg->db, item_id, &unused, err)) != JF_OK) /* is it there at all? */
		return st;
	return jf_refuse(err, JF_CONFLICT, JF_R_DELISTED, (struct jf_why){ .text = NULL },
			 "item %lld is already delisted", (long long)item_id);
}
