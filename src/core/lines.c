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

#define LINES_FIELDS 3
#define LINES_FIELD_SIZE 128 /* a longer field is refused */
#define LINES_HEADER "amount,green,category"

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
		add_problem(out, line, "%zu fields: a line is amount,green,category", lf->n);
		return -1;
	}
	if (lf->n == 2)
		lf->f[2][0] = '\0';
	return 0;
}

/* Check one line's fields into *it; 0, or -1 after reporting the first problem. */
static int
check_line(const struct fields *lf, const struct settings *cfg, struct receipt_line *it,
	   struct receipt_lines *out)
{
	struct jf_error e;

	if (parse_amount_fen(lf->f[0], &it->fen, &e) != JF_OK) {
		add_problem(out, it->line, "amount: %s", e.message);
		return -1;
	}
	if (strcmp(lf->f[1], "0") != 0 && strcmp(lf->f[1], "1") != 0) {
		add_problem(out, it->line, "green must be 0 or 1");
		return -1;
	}
	it->green = lf->f[1][0] == '1';
	if (lf->f[2][0] && parse_name("category", lf->f[2], &e) != JF_OK) {
		add_problem(out, it->line, "%s", e.message);
		return -1;
	}
	/* A mistyped category must not silently earn at the default rate. */
	if (lf->f[2][0] && !settings_has_category(cfg, lf->f[2])) {
		add_problem(out, it->line, "no category named %s in the config", lf->f[2]);
		return -1;
	}
	/* A category of the config fits; said again so no name is ever cut. */
	if (strlen(lf->f[2]) >= sizeof it->category) {
		add_problem(out, it->line, "category: longer than any category of the config");
		return -1;
	}
	memcpy(it->category, lf->f[2], strlen(lf->f[2]) + 1);
	it->points = settings_earn_points(cfg, it->fen, it->category[0] ? it->category : NULL,
					  it->green);
	return 0;
}

/* The line without its end, compared with the header. */
static int
is_header(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	return n == strlen(LINES_HEADER) && memcmp(p, LINES_HEADER, n) == 0;
}

static void
add_line(struct receipt_lines *out, const struct receipt_line *it)
{
	enum point_kind kind = it->green ? KIND_GREEN : KIND_POINTS;

	if (out->count >= LINES_MAX) {
		if (out->count == LINES_MAX)
			add_problem(out, it->line, "more than %d lines on one receipt", LINES_MAX);
		out->count++; /* counted, so the problem is said once */
		return;
	}
	out->items = xrealloc(out->items, (out->count + 1) * sizeof *out->items);
	out->items[out->count++] = *it;
	out->fen += it->fen;
	out->fen_kind[kind] += it->fen;
	out->points[kind] += it->points;
}

static enum jf_status
read_lines(const char *text, size_t len, const struct settings *cfg, struct receipt_lines *out)
{
	struct receipt_line it;
	struct fields lf;
	size_t pos = 0, n;
	int line = 1, first = 1;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	for (; pos < len && out->problem_count <= LINES_MAX_PROBLEMS; line++, pos += n) {
		n = parse_line_length(text + pos, len - pos);
		if (parse_blank(text + pos, n))
			continue;
		if (first && (first = 0, is_header(text + pos, n)))
			continue;
		memset(&it, 0, sizeof it);
		it.line = line;
		if (split_line(text + pos, n, line, &lf, out) == 0 &&
		    check_line(&lf, cfg, &it, out) == 0)
			add_line(out, &it);
	}
	if (out->count > LINES_MAX)
		out->count = LINES_MAX;
	if (out->count == 0 && out->problem_count == 0)
		add_problem(out, 1, "no lines: a receipt needs at least one");
	else if (out->fen > PARSE_FEN_MAX)
		add_problem(out, line - 1, "the receipt's total is more than %lld yuan",
			    PARSE_FEN_MAX / 100);
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
