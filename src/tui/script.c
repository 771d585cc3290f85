/*
 * script: the parser of kiosk scripts (see script.h). It only reads text
 * into steps; kiosk.c runs them. Every line is checked here, against the
 * size the screen will have at that line, so that running a script can
 * only fail on the file system (a save).
 *
 * Nothing of a bad line reaches a message unquoted: a script may be any
 * bytes, and its errors are printed on a terminal.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "scan.h"
#include "script.h"
#include "xalloc.h"

#define QUOTE_SIZE 48

static const char *const key_names[SCRIPT_KEY_COUNT] = {
	[SCRIPT_KEY_ENTER] = "Enter",
	[SCRIPT_KEY_ESC] = "Esc",
	[SCRIPT_KEY_UP] = "Up",
	[SCRIPT_KEY_DOWN] = "Down",
	[SCRIPT_KEY_LEFT] = "Left",
	[SCRIPT_KEY_RIGHT] = "Right",
	[SCRIPT_KEY_BACKSPACE] = "Backspace",
	[SCRIPT_KEY_DELETE] = "Delete",
	[SCRIPT_KEY_PAGEUP] = "PageUp",
	[SCRIPT_KEY_PAGEDOWN] = "PageDown",
	[SCRIPT_KEY_TAB] = "Tab",
	[SCRIPT_KEY_CTRL_C] = "C-c",
	[SCRIPT_KEY_CTRL_Z] = "C-z",
	[SCRIPT_KEY_CTRL_BACKSLASH] = "C-\\",
};

/* What the parser knows while it reads: where it is and the screen's size
 * at this line (a click must fall on the screen). */
struct reader {
	struct script *s;
	struct jf_error *err;
	int line;
	int cols, rows;
	int started;   /* a command other than size was seen */
	int quit_line; /* the line of quit, 0 before it */
};

const char *
script_key_name(enum script_key key)
{
	return (unsigned)key < SCRIPT_KEY_COUNT ? key_names[key] : "";
}

/* "line N: before"what"after", with what quoted harmlessly. */
static enum jf_status
bad(struct reader *rd, const char *before, const char *what, const char *after)
{
	char quoted[QUOTE_SIZE];

	parse_quote(what, quoted, sizeof quoted);
	return jf_fail(rd->err, JF_USAGE, "line %d: %s\"%s\"%s", rd->line, before, quoted,
		       after);
}

static struct script_step *
add_step(struct reader *rd, enum script_op op)
{
	struct script *s = rd->s;
	struct script_step *st;

	s->steps = xrealloc(s->steps, (s->count + 1) * sizeof *s->steps);
	st = &s->steps[s->count++];
	memset(st, 0, sizeof *st);
	st->op = op;
	st->line = rd->line;
	return st;
}

/* The next word of *p (NUL-terminated in place), or NULL at the end. */
static char *
next_word(char **p)
{
	char *w = *p + strspn(*p, " \t");

	if (*w == '\0')
		return NULL;
	*p = w + strcspn(w, " \t");
	if (**p != '\0')
		*(*p)++ = '\0';
	return w;
}

/* A whole number from min to max, digits only. */
static int
number(const char *word, int min, int max, int *out)
{
	int64_t v;

	/* The script's own message names the line; core's is not needed. */
	if (parse_int_range("number", word, min, max, &v, NULL) != JF_OK)
		return 0;
	*out = (int)v;
	return 1;
}

/* Valid UTF-8 without control characters: what a scanner can type, and
 * what a file name in a message can show. */
static int
plain_text(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned cp;
	size_t len;

	while (*p) {
		len = parse_utf8_char(p, &cp);
		if (len == 0 || parse_is_control(cp))
			return 0;
		p += len;
	}
	return 1;
}

/* Nothing after the arguments (the callers of the commands that take
 * some say what they take instead). */
static enum jf_status
no_more(struct reader *rd, char **rest, const char *command)
{
	if (next_word(rest) != NULL)
		return jf_fail(rd->err, JF_USAGE, "line %d: %s takes nothing more", rd->line,
			       command);
	return JF_OK;
}

static enum jf_status
read_size(struct reader *rd, char *rest)
{
	struct script_step *st;
	int cols, rows;

	if (!number(next_word(&rest), SCRIPT_MIN_SIZE, SCRIPT_MAX_COLS, &cols) ||
	    !number(next_word(&rest), SCRIPT_MIN_SIZE, SCRIPT_MAX_ROWS, &rows) ||
	    no_more(rd, &rest, "size") != JF_OK)
		return jf_fail(rd->err, JF_USAGE,
			       "line %d: size takes COLS ROWS, from %d to %d and %d", rd->line,
			       SCRIPT_MIN_SIZE, SCRIPT_MAX_COLS, SCRIPT_MAX_ROWS);
	rd->cols = cols;
	rd->rows = rows;
	if (!rd->started) { /* the size the kiosk starts with */
		rd->s->cols = cols;
		rd->s->rows = rows;
		return JF_OK;
	}
	st = add_step(rd, SCRIPT_SIZE);
	st->a = cols;
	st->b = rows;
	return JF_OK;
}

static enum jf_status
read_keys(struct reader *rd, char *rest)
{
	char *name;
	int n = 0, k;

	while ((name = next_word(&rest)) != NULL) {
		for (k = 0; k < SCRIPT_KEY_COUNT && strcmp(name, key_names[k]) != 0; k++)
			;
		if (k == SCRIPT_KEY_COUNT)
			return bad(rd, "no key is called ", name,
				   " (Enter Esc Up Down Left Right Backspace Delete PageUp"
				   " PageDown Tab C-c C-z C-\\)");
		add_step(rd, SCRIPT_KEY)->a = k;
		n++;
	}
	if (n == 0)
		return jf_fail(rd->err, JF_USAGE, "line %d: key takes one or more key names",
			       rd->line);
	return JF_OK;
}

static enum jf_status
read_click(struct reader *rd, char *rest)
{
	struct script_step *st;
	int row, col;

	if (!number(next_word(&rest), 1, rd->rows, &row) ||
	    !number(next_word(&rest), 1, rd->cols, &col) || no_more(rd, &rest, "click") != JF_OK)
		return jf_fail(rd->err, JF_USAGE,
			       "line %d: click takes ROW COL, on the screen of %dx%d", rd->line,
			       rd->cols, rd->rows);
	st = add_step(rd, SCRIPT_CLICK);
	st->a = row - 1;
	st->b = col - 1;
	return JF_OK;
}

static enum jf_status
read_idle(struct reader *rd, char *rest)
{
	int secs;

	if (!number(next_word(&rest), 1, SCRIPT_MAX_IDLE_S, &secs) ||
	    no_more(rd, &rest, "idle") != JF_OK)
		return jf_fail(rd->err, JF_USAGE, "line %d: idle takes SECONDS, from 1 to %d",
			       rd->line, SCRIPT_MAX_IDLE_S);
	add_step(rd, SCRIPT_IDLE)->a = secs;
	return JF_OK;
}

/* type's text is the rest of the line after one space, spaces and all. */
static enum jf_status
read_type(struct reader *rd, char *rest)
{
	if (*rest == '\0')
		return jf_fail(rd->err, JF_USAGE, "line %d: type takes the text to type",
			       rd->line);
	if (!plain_text(rest))
		return bad(rd, "type takes text without control characters or invalid UTF-8 "
			       "(key sends keys): ", rest, "");
	add_step(rd, SCRIPT_TYPE)->text = xstrdup(rest);
	return JF_OK;
}

/* scan's text is the rest of the line, as type's, and as long as a
 * scanner's line can be. */
static enum jf_status
read_scan(struct reader *rd, char *rest)
{
	const unsigned char *p = (const unsigned char *)rest;
	size_t chars = 0, len;
	unsigned cp;

	if (!plain_text(rest))
		return bad(rd, "scan takes text without control characters or invalid UTF-8: ",
			   rest, "");
	for (; *p && (len = parse_utf8_char(p, &cp)) > 0; p += len)
		chars++;
	if (chars < SCAN_MIN_CHARS || chars > SCAN_MAX_CHARS)
		return jf_fail(rd->err, JF_USAGE,
			       "line %d: scan takes %d to %d characters (a line of other "
			       "lengths is typed: use type)",
			       rd->line, SCAN_MIN_CHARS, SCAN_MAX_CHARS);
	add_step(rd, SCRIPT_SCAN)->text = xstrdup(rest);
	return JF_OK;
}

static enum jf_status
read_save(struct reader *rd, char *rest)
{
	char *path = rest + strspn(rest, " \t"), *end = path + strlen(path);

	while (end > path && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (*path == '\0')
		return jf_fail(rd->err, JF_USAGE, "line %d: save takes the file to save to",
			       rd->line);
	if (!plain_text(path))
		return bad(rd, "save takes a file name without control characters: ", path, "");
	add_step(rd, SCRIPT_SAVE)->text = xstrdup(path);
	return JF_OK;
}

/* One line, NUL-terminated, without its newline. */
static enum jf_status
read_line(struct reader *rd, char *line)
{
	char *rest = line, *command;
	enum jf_status st;

	command = next_word(&rest);
	if (command == NULL || *command == '#')
		return JF_OK;
	if (rd->quit_line)
		return jf_fail(rd->err, JF_USAGE, "line %d: nothing may follow quit (line %d)",
			       rd->line, rd->quit_line);
	if (strcmp(command, "size") == 0)
		return read_size(rd, rest);
	rd->started = 1;
	if (strcmp(command, "type") == 0)
		/* next_word() ate the one space after "type", no more. */
		st = read_type(rd, rest);
	else if (strcmp(command, "scan") == 0)
		st = read_scan(rd, rest);
	else if (strcmp(command, "key") == 0)
		st = read_keys(rd, rest);
	else if (strcmp(command, "click") == 0)
		st = read_click(rd, rest);
	else if (strcmp(command, "idle") == 0)
		st = read_idle(rd, rest);
	else if (strcmp(command, "save") == 0)
		st = read_save(rd, rest);
	else if (strcmp(command, "tick") == 0 || strcmp(command, "quit") == 0) {
		if ((st = no_more(rd, &rest, command)) == JF_OK)
			add_step(rd, *command == 't' ? SCRIPT_TICK : SCRIPT_QUIT);
		if (*command == 'q')
			rd->quit_line = rd->line;
	} else
		st = bad(rd, "unknown command ", command,
			 " (size type scan key click tick idle save quit)");
	return st;
}

enum jf_status
script_parse(const char *text, size_t len, struct script *s, struct jf_error *err)
{
	struct reader rd = { s, err, 0, SCRIPT_DEFAULT_COLS, SCRIPT_DEFAULT_ROWS, 0, 0 };
	char *line = xmalloc(SCRIPT_MAX_LINE + 1);
	enum jf_status st = JF_OK;
	size_t at = 0, n;

	memset(s, 0, sizeof *s);
	s->cols = SCRIPT_DEFAULT_COLS;
	s->rows = SCRIPT_DEFAULT_ROWS;
	if (len > SCRIPT_MAX_BYTES)
		st = jf_fail(err, JF_USAGE, "a script is at most %d bytes", SCRIPT_MAX_BYTES);
	while (st == JF_OK && at < len) {
		const char *nl = memchr(text + at, '\n', len - at);

		n = nl ? (size_t)(nl - (text + at)) : len - at;
		rd.line++;
		if (n > 0 && text[at + n - 1] == '\r') /* a file from Windows */
			n--;
		if (n > SCRIPT_MAX_LINE)
			st = jf_fail(err, JF_USAGE, "line %d: longer than %d bytes", rd.line,
				     SCRIPT_MAX_LINE);
		else if (memchr(text + at, '\0', n))
			st = jf_fail(err, JF_USAGE, "line %d: a NUL byte (not a text file?)",
				     rd.line);
		else {
			memcpy(line, text + at, n);
			line[n] = '\0';
			st = read_line(&rd, line);
		}
		at += nl ? (size_t)(nl - (text + at)) + 1 : len - at;
	}
	free(line);
	return st;
}

enum jf_status
script_load(const char *path, struct script *s, struct jf_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t len;
	enum jf_status st;

	memset(s, 0, sizeof *s);
	if (f == NULL)
		return jf_fail(err, JF_USAGE, "cannot read the script %s: %s", path,
			       strerror(errno));
	/* One byte more than allowed: a longer file is refused, not cut. */
	buf = xmalloc(SCRIPT_MAX_BYTES + 1);
	len = fread(buf, 1, SCRIPT_MAX_BYTES + 1, f);
	if (ferror(f)) {
		st = jf_fail(err, JF_USAGE, "cannot read the script %s: %s", path,
			     strerror(errno));
	} else if ((st = script_parse(buf, len, s, err)) != JF_OK) {
		char line[JF_ERROR_MAX];

		snprintf(line, sizeof line, "%s", err->message);
		/* "path:N: what", as compilers say it */
		if (strncmp(line, "line ", 5) == 0)
			jf_fail(err, st, "%s:%s", path, line + 5);
		else
			jf_fail(err, st, "%s: %s", path, line);
	}
	fclose(f);
	free(buf);
	if (st == JF_OK)
		s->path = xstrdup(path);
	return st;
}

void
script_done(struct script *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->steps[i].text);
	free(s->steps);
	free(s->path);
	memset(s, 0, sizeof *s);
}
