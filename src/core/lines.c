/*
 * lines: reading a receipt of lines (lines.h); lines_earn.c awards its points.
 *
 * Each physical line is handed to libcsv on its own, so a problem is
 * always reported at the line it is on; a field cannot span lines (a
 * quote left open is a problem of its line).
 */
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"
#include "parse.h"
#include "xalloc.h"

#define LINES_FIELDS 4
#define LINES_FIELD_SIZE 128 /* a longer field is refused */
#define LINES_HEADER "amount,green,category"
#define LINES_HEADER_SKU "amount,green,category,sku"

/* The fields of one line, as libcsv hands them over. */
struct fields {
	char f[LINES_FIELDS][LINES_FIELD_SIZE];
	size_t n;     /* counted past LINES_FIELDS */
	int too_long; /* a field did not fit */
	int rows;     /* rows libcsv ended on this line */
};

static void
on_field(void *s, size_t len, void *data)
{
	struct fields *lf = data;

	if (lf->n < LINES_FIELDS) {
		if (len >= LINES_FIELD_SIZE)
			lf->too_long = 1;
		else if (memchr(s, '\0', len))
			lf->too_long = 1; /* a NUL would cut the text short unseen */
		else {
			memcpy(lf->f[lf->n], s, len);
			lf->f[lf->n][len] = '\0';
		}
	}
	lf->n++;
}

static void
on_row(int c, void *data)
{
	(void)c;
	((struct fields *)data)->rows++;
}

void
receipt_lines_done(struct receipt_lines *l)
{
	free(l->items);
	free(l->problems);
	memset(l, 0, sizeof *l);
}

static void
add_problem(struct receipt_lines *l, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
add_problem(struct receipt_lines *l, int line, const char *fmt, ...)
{
	struct lines_problem *p;
	va_list ap;

	if (l->problem_count > LINES_MAX_PROBLEMS)
		return;
	l->problems = xrealloc(l->problems, (l->problem_count + 1) * sizeof *l->problems);
	p = &l->problems[l->problem_count++];
	p->line = line;
	if (l->problem_count > LINES_MAX_PROBLEMS) {
		snprintf(p->message, sizeof p->message,
			 "more than %d problems; the rest of the file was not read",
			 LINES_MAX_PROBLEMS);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof p->message, fmt, ap);
	va_end(ap);
}

/* Split one physical line into fields; 0, or -1 after reporting why not.
 * A parser of its own per line: one line's error never reaches the next. */
static int
split_line(const char *p, size_t n, int line, struct fields *lf, struct receipt_lines *out)
{
	struct csv_parser csv;
	int bad;

	memset(lf, 0, sizeof *lf);
	if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort(); /* libcsv allocates nothing here: only a bad option fails */
	bad = csv_parse(&csv, p, n, on_field, on_row, lf) != n ||
	      csv_fini(&csv, on_field, on_row, lf) != 0;
	csv_free(&csv);
	if (bad) {
		add_problem(out, line, "bad quoting: a quote inside an unquoted field, text after "
				       "a closing quote, or a quote left open");
		return -1;
	}
	if (lf->too_long) {
		add_problem(out, line, "a field is longer than %d bytes", LINES_FIELD_SIZE - 1);
		return -1;
	}
	if (lf->n < 2 || lf->n > LINES_FIELDS) {
		add_problem(out, line, "%zu fields: a line is amount,green,category[,sku]", lf->n);
		return -1;
	}
	/* Fields left out are empty: old files have no sku. */
	for (size_t i = lf->n; i < LINES_FIELDS; i++)
		lf->f[i][0] = '\0';
	return 0;
}

/* Check one line's text fields: the amount, green and the category's
 * spelling; what the line is worth is receipt_lines_add()'s rule. 0, or -1
 * after reporting the first problem. */
static int
check_fields(const struct fields *lf, int line, int64_t *fen, int *green,
	     struct receipt_lines *out)
{
	struct jf_error e;

	if (parse_amount_fen(lf->f[0], fen, &e) != JF_OK) {
		add_problem(out, line, "amount: %s", e.message);
		return -1;
	}
	if (strcmp(lf->f[1], "0") != 0 && strcmp(lf->f[1], "1") != 0) {
		add_problem(out, line, "green must be 0 or 1");
		return -1;
	}
	*green = lf->f[1][0] == '1';
	if (lf->f[2][0] && parse_name("category", lf->f[2], &e) != JF_OK) {
		add_problem(out, line, "%s", e.message);
		return -1;
	}
	if (lf->f[3][0] && parse_sku(lf->f[3], &e) != JF_OK) {
		add_problem(out, line, "sku: %s", e.message);
		return -1;
	}
	return 0;
}

/* The line without its end, compared with the header. */
static int
is_header(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	return (n == strlen(LINES_HEADER) && memcmp(p, LINES_HEADER, n) == 0) ||
	       (n == strlen(LINES_HEADER_SKU) && memcmp(p, LINES_HEADER_SKU, n) == 0);
}

/* receipt_lines_add() for the line'th line of a text (its number kept for
 * the receipt's problems). */
static enum jf_status
lines_add_at(struct receipt_lines *l, int line, int64_t fen, int green, const char *category,
	     const char *sku, const struct settings *cfg, struct jf_error *err)
{
	struct receipt_line *it;
	enum jf_status st;

	if (category == NULL)
		category = "";
	if (sku == NULL)
		sku = "";
	/* Spelling only: goods the catalog does not list are sold too. */
	if (sku[0] && (st = parse_sku(sku, err)) != JF_OK)
		return st;
	if (fen < 0 || fen > PARSE_FEN_MAX)
		return jf_fail(err, JF_USAGE, "amount: from 0 to %lld yuan",
			       (long long)(PARSE_FEN_MAX / 100));
	/* A mistyped category must not silently earn at the default rate. */
	if (category[0] && !settings_has_category(cfg, category))
		return jf_fail(err, JF_USAGE, "no category named %s in the config", category);
	/* A category of the config fits; said again so no name is ever cut. */
	if (strlen(category) >= sizeof it->category)
		return jf_fail(err, JF_USAGE, "category: longer than any category of the config");
	if (l->count >= LINES_MAX)
		return jf_fail(err, JF_USAGE, "more than %d lines on one receipt", LINES_MAX);
	if (fen > PARSE_FEN_MAX - l->fen)
		return jf_fail(err, JF_USAGE, "the receipt's total is more than %lld yuan",
			       (long long)(PARSE_FEN_MAX / 100));
	l->items = xrealloc(l->items, (l->count + 1) * sizeof *l->items);
	it = &l->items[l->count++];
	memset(it, 0, sizeof *it);
	it->line = line;
	it->fen = fen;
	it->green = green != 0;
	memcpy(it->category, category, strlen(category) + 1);
	memcpy(it->sku, sku, strlen(sku) + 1); /* checked: it fits */
	it->points = settings_earn_points(cfg, fen, category[0] ? category : NULL, it->green);
	it->base = it->points;
	it->campaign = -1;
	l->fen += fen;
	l->fen_kind[it->green ? KIND_GREEN : KIND_POINTS] += fen;
	l->points[it->green ? KIND_GREEN : KIND_POINTS] += it->points;
	return JF_OK;
}

enum jf_status
receipt_lines_add(struct receipt_lines *l, int64_t fen, int green, const char *category,
		  const struct settings *cfg, struct jf_error *err)
{
	return lines_add_at(l, (int)l->count + 1, fen, green, category, NULL, cfg, err);
}

enum jf_status
receipt_lines_add_sku(struct receipt_lines *l, int64_t fen, int green, const char *category,
		      const char *sku, const struct settings *cfg, struct jf_error *err)
{
	return lines_add_at(l, (int)l->count + 1, fen, green, category, sku, cfg, err);
}

static enum jf_status
read_lines(const char *text, size_t len, const struct settings *cfg, struct receipt_lines *out)
{
	struct fields lf;
	struct jf_error e;
	size_t pos = 0, n;
	int line = 1, first = 1, full = 0, green;
	int64_t fen;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	for (; pos < len && out->problem_count <= LINES_MAX_PROBLEMS; line++, pos += n) {
		n = parse_line_length(text + pos, len - pos);
		if (parse_blank(text + pos, n))
			continue;
		if (first && (first = 0, is_header(text + pos, n)))
			continue;
		if (split_line(text + pos, n, line, &lf, out) != 0 ||
		    check_fields(&lf, line, &fen, &green, out) != 0)
			continue;
		/* The lines past the most are one problem, said once. */
		if (full || lines_add_at(out, line, fen, green, lf.f[2], lf.f[3], cfg, &e) == JF_OK)
			continue;
		full = out->count >= LINES_MAX;
		add_problem(out, line, "%s", e.message);
	}
	if (out->count == 0 && out->problem_count == 0)
		add_problem(out, 1, "no lines: a receipt needs at least one");
	return out->problem_count ? JF_USAGE : JF_OK;
}

enum jf_status
receipt_lines_parse(const char *text, size_t len, const struct settings *cfg,
		    struct receipt_lines *out, struct jf_error *err)
{
	enum jf_status st;

	memset(out, 0, sizeof *out);
	st = read_lines(text, len, cfg, out);
	if (st != JF_OK)
		return jf_fail(err, st, "line %d: %s", out->problems[0].line,
			       out->problems[0].message);
	return JF_OK;
}

#define LINES_FILE_MAX (1024 * 1024) /* far more than LINES_MAX lines take */

enum jf_status
receipt_lines_read(const char *path, const struct settings *cfg, struct receipt_lines *out,
		   struct jf_error *err)
{
	FILE *fp;
	char *buf;
	size_t n;
	int failed;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((fp = fopen(path, "rb")) == NULL)
		return jf_fail(err, errno == ENOENT ? JF_NOTFOUND : JF_ERR, "cannot open %s: %s",
			       path, strerror(errno));
	buf = xmalloc(LINES_FILE_MAX + 1);
	n = fread(buf, 1, LINES_FILE_MAX + 1, fp);
	failed = ferror(fp) ? errno : 0;
	fclose(fp);
	if (failed)
		st = jf_fail(err, JF_ERR, "cannot read %s: %s", path, strerror(failed));
	else if (n > LINES_FILE_MAX)
		st = jf_fail(err, JF_USAGE, "%s is larger than %d MB: not a receipt", path,
			     LINES_FILE_MAX / (1024 * 1024));
	else
		st = receipt_lines_parse(buf, n, cfg, out, err);
	free(buf);
	return st;
}
