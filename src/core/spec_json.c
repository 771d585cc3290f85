/*
 * spec_json: the shared readers of definition files (spec_json.h).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "spec_json.h"
#include "xalloc.h"

void
spec_problem(struct game_problems *p, const char *fmt, ...)
{
	va_list ap;

	if (p->count >= GAME_PROBLEMS_MAX) {
		p->more = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(p->lines[p->count++], sizeof p->lines[0], fmt, ap);
	va_end(ap);
}

void
spec_check_keys(json_t *obj, const char *where, const char *const *allowed,
		struct game_problems *p)
{
	const char *key, *dot = where[0] ? "." : "";
	char quoted[48];
	json_t *v;
	size_t i;

	json_object_foreach(obj, key, v) {
		for (i = 0; allowed[i] && strcmp(allowed[i], key) != 0; i++)
			;
		if (!allowed[i]) {
			parse_quote(key, quoted, sizeof quoted);
			spec_problem(p, "%s%s%s: unknown key", where, dot, quoted);
		}
	}
}

int
spec_object(json_t *v, const char *where, const char *const *allowed, struct game_problems *p)
{
	if (!json_is_object(v)) {
		spec_problem(p, "%s: must be an object", where);
		return 0;
	}
	spec_check_keys(v, where, allowed, p);
	return 1;
}

int
spec_name_of(json_t *v, const char *const *names, int n)
{
	if (!v || !json_is_string(v))
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(json_string_value(v), names[i]) == 0)
			return i;
	return -1;
}

void
spec_get_code(json_t *obj, const char *key, const char *where, char out[GAME_CODE_SIZE],
	      struct game_problems *p)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		spec_problem(p, "%s: missing", where);
	else if (!json_is_string(v) || !game_code_ok(json_string_value(v)))
		spec_problem(p, "%s: must be 1 to 32 of A-Z a-z 0-9 . _ -", where);
	else
		snprintf(out, GAME_CODE_SIZE, "%s", json_string_value(v));
}

int
spec_get_int(json_t *obj, const char *key, const char *where, int64_t min, int64_t max,
	     int required, int64_t *out, struct game_problems *p)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (required)
			spec_problem(p, "%s: missing", where);
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		spec_problem(p, "%s: must be a whole number from %lld to %lld", where,
			     (long long)min, (long long)max);
		return 0;
	}
	*out = json_integer_value(v);
	return 1;
}

void
spec_get_names(json_t *obj, const char *key, const char *where, char *zh, char *en,
	       struct game_problems *p)
{
	static const char *const langs[] = { "zh", "en", NULL };
	json_t *v = json_object_get(obj, key), *s;
	char at[96];

	if (!v) {
		spec_problem(p, "%s: missing", where);
		return;
	}
	if (!json_is_object(v)) {
		spec_problem(p, "%s: must be an object {\"zh\": ..., \"en\": ...}", where);
		return;
	}
	spec_check_keys(v, where, langs, p);
	for (int i = 0; i < 2; i++) {
		snprintf(at, sizeof at, "%s.%s", where, langs[i]);
		s = json_object_get(v, langs[i]);
		if (!s)
			spec_problem(p, "%s: missing", at);
		else if (!json_is_string(s) || parse_name("x", json_string_value(s), NULL) != JF_OK)
			spec_problem(p, "%s: must be 1 to 64 characters of text", at);
		else
			snprintf(i ? en : zh, GAME_LABEL_SIZE, "%s", json_string_value(s));
	}
}

json_t *
spec_load(const char *text, size_t len, struct game_problems *p)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);

	char quoted[48];

	if (!root) {
		parse_quote(je.text, quoted, sizeof quoted);
		spec_problem(p, "line %d: not JSON: %s", je.line, quoted);
		return NULL;
	}
	if (!json_is_object(root)) {
		spec_problem(p, "the file must hold one JSON object");
		json_decref(root);
		return NULL;
	}
	return root;
}

enum jf_status
spec_parse(const char *text, size_t len, size_t max, spec_fill_fn fill, void *out, size_t size,
	   struct game_problems *p)
{
	json_t *root;

	memset(out, 0, size);
	memset(p, 0, sizeof *p);
	if (len > max) {
		spec_problem(p, "the file is larger than %zu bytes", max);
		return JF_USAGE;
	}
	if ((root = spec_load(text, len, p)) == NULL)
		return JF_USAGE;
	fill(root, out, p);
	json_decref(root);
	if (p->count) {
		memset(out, 0, size);
		return JF_USAGE;
	}
	return JF_OK;
}

enum jf_status
spec_read_file(const char *path, size_t max, char **buf, size_t *len, struct jf_error *err)
{
	FILE *fp = fopen(path, "rb");
	enum jf_status st = JF_OK;

	*buf = NULL;
	*len = 0;
	if (!fp)
		return jf_fail(err, errno == ENOENT ? JF_NOTFOUND : JF_ERR, "cannot open %s: %s",
			       path, strerror(errno));
	*buf = xmalloc(max + 2);
	*len = fread(*buf, 1, max + 1, fp);
	if (ferror(fp))
		st = jf_fail(err, JF_ERR, "cannot read %s: %s", path, strerror(errno));
	else if (*len > max)
		st = jf_fail(err, JF_USAGE, "%s is larger than %zu KB", path, max / 1024);
	fclose(fp);
	if (st != JF_OK) {
		free(*buf);
		*buf = NULL;
		return st;
	}
	(*buf)[*len] = '\0';
	return JF_OK;
}

enum jf_status
spec_import_file(struct ledger *lg, const char *path, size_t max, spec_import_text_fn import,
		 int64_t *version, int *changed, struct game_problems *p, struct jf_error *err)
{
	enum jf_status st;
	size_t len;
	char *buf;

	memset(p, 0, sizeof *p);
	*version = 0;
	*changed = 0;
	if ((st = spec_read_file(path, max, &buf, &len, err)) != JF_OK)
		return st;
	st = import(lg, buf, len, version, changed, p, err);
	free(buf);
	return st;
}
