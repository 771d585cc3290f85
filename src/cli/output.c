/*
 * output: everything `jifen` shows. The one error line on stderr, usage
 * text, JSON on stdout, and text made safe and aligned for a terminal.
 * Nothing here decides anything; it only presents.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "textwidth.h"

/*
 * Write one whole line to stderr with one write(2): stderr is unbuffered,
 * so stdio would write the prefix, the message and the hint apart, and the
 * lines of processes sharing it would cut into each other. A line of the
 * sizes we write fits in one write to a file, and in PIPE_BUF to a pipe.
 */
static void
write_line(const char *line, size_t len)
{
	ssize_t n;

	fflush(stdout); /* what was printed before the failure comes first */
	while (len > 0) {
		n = write(STDERR_FILENO, line, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* nowhere left to say it */
		line += n;
		len -= (size_t)n;
	}
}

void
cli_error_line(const char *fmt, ...)
{
	char line[CLI_LINE_MAX];
	va_list ap;
	int n;

	memcpy(line, "jifen: ", 7);
	va_start(ap, fmt);
	n = vsnprintf(line + 7, sizeof line - 8, fmt, ap);
	va_end(ap);
	n = n < 0 ? 0 : n > (int)sizeof line - 9 ? (int)sizeof line - 9 : n;
	line[7 + n] = '\n';
	write_line(line, (size_t)(7 + n + 1));
}

int
cli_error(struct cli_ctx *ctx, enum jf_status status, const char *fmt, ...)
{
	char text[CLI_LINE_MAX];
	const char *about = ctx->cmd ? ctx->cmd->name : ctx->group;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (status != JF_USAGE)
		cli_error_line("%s", text);
	else if (about)
		cli_error_line("%s (see: jifen %s --help)", text, about);
	else
		cli_error_line("%s (see: jifen --help)", text);
	ctx->reported = 1; /* main adds no second line */
	return status;
}

int
cli_fail(struct cli_ctx *ctx, enum jf_status status)
{
	char text[JF_ERROR_MAX + 2 * JF_REASON_TEXT_SIZE];

	/* Core quotes untrusted input safely, but a reason may carry text read
	 * back from the ledger file; one more pass costs nothing. */
	cli_reason(&ctx->err, text, sizeof text);
	return cli_error(ctx, status, "%s", cli_safe(text));
}

void
cli_print_usage(const struct cli_command *cmd)
{
	const char *options = strstr(cmd->usage, "\n\n");
	int synopsis = options ? (int)(options - cmd->usage) : (int)strlen(cmd->usage);

	printf("usage: %.*s\n\n%s\n", synopsis, cmd->usage, cmd->summary);
	if (options)
		printf("%s\n", options + 1);
	printf("\nglobal options: --db PATH, --config FILE, --json (see: jifen --help)\n");
}


const char *
cli_safe(const char *text)
{
	static char slots[CLI_SAFE_SLOTS][1024];
	static int next;
	char *out = slots[next];
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	size_t n = 0, len;
	unsigned cp;

	next = (next + 1) % CLI_SAFE_SLOTS;
	while (*p && n + 5 < sizeof slots[0]) {
		len = parse_utf8_char(p, &cp);
		if (len == 0 || parse_is_control(cp)) {
			out[n++] = '?';
			p += len ? len : 1;
			continue;
		}
		memcpy(out + n, p, len);
		n += len;
		p += len;
	}
	out[n] = '\0';
	return out;
}

int
cli_text_width(const char *text)
{
	/* The kiosk's rule too (textwidth.h), so a table and a screen agree. */
	return text_width(text);
}

int
cli_wider(int width, const char *text)
{
	int w = cli_text_width(cli_safe(text));

	return w > width ? w : width;
}

int
cli_wider_number(int width, int64_t n)
{
	char text[24];

	snprintf(text, sizeof text, "%lld", (long long)n);
	return cli_wider(width, text);
}

void
cli_print_cell(const char *text, int width, int right)
{
	const char *safe = cli_safe(text);
	int pad = width - cli_text_width(safe);

	if (right)
		printf("%*s%s", pad > 0 ? pad : 0, "", safe);
	else
		printf("%s%*s", safe, pad > 0 ? pad : 0, "");
}

json_t *
cli_json_str(const char *text, int empty_is_null)
{
	json_t *s;

	if (text == NULL || (empty_is_null && *text == '\0'))
		return json_null();
	s = json_string(text);
	/* jansson takes only valid UTF-8; a damaged ledger must not stop a report. */
	return s ? s : json_string(cli_safe(text));
}

json_t *
cli_json_id(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

json_t *
cli_json_time(int64_t t)
{
	char iso[CLOCK_ISO_LEN];

	if (t == 0)
		return json_null();
	clock_format_iso(t, iso);
	return json_string(iso);
}

json_t *
cli_json_kinds(const int64_t v[KIND_COUNT])
{
	return json_pack("{s:I, s:I}", "points", (json_int_t)v[KIND_POINTS], "green",
			 (json_int_t)v[KIND_GREEN]);
}

int
cli_print_json(struct cli_ctx *ctx, json_t *value)
{
	if (value == NULL)
		return cli_error(ctx, JF_ERR, "cannot build the JSON output");
	/* No JSON_ENSURE_ASCII: names stay readable UTF-8. */
	json_dumpf(value, stdout, JSON_INDENT(2));
	putchar('\n');
	json_decref(value);
	return JF_OK;
}

void
cli_format_time(int64_t t, char out[CLOCK_ISO_LEN])
{
	char iso[CLOCK_ISO_LEN];

	if (t == 0) {
		snprintf(out, CLOCK_ISO_LEN, "-");
		return;
	}
	/* "2026-11-24T10:00:00+08:00" -> "2026-11-24 10:00": the zone is the store's. */
	clock_format_iso(t, iso);
	snprintf(out, CLOCK_ISO_LEN, "%.10s %.5s", iso, iso + 11);
}

const char *
cli_kind_label(enum point_kind kind, int64_t n)
{
	if (n == 1)
		return kind == KIND_GREEN ? "green point" : "point";
	return kind == KIND_GREEN ? "green points" : "points";
}

void
cli_format_stamp(int64_t t, const char *actor, const char *terminal, char *out, size_t size)
{
	char when[CLOCK_ISO_LEN], who[ACTOR_TEXT_SIZE + 8];
	size_t n = 0;

	out[0] = '\0';
	actor_describe(actor, who, sizeof who);
	cli_format_time(t, when);
	if (t != 0)
		n += (size_t)snprintf(out + n, size - n, "%s", when);
	if (*who && n < size)
		n += (size_t)snprintf(out + n, size - n, "%sby %s", n ? " " : "", cli_safe(who));
	if (*terminal && n < size)
		n += (size_t)snprintf(out + n, size - n, "%sat %s", n ? " " : "", cli_safe(terminal));
	if (n == 0)
		snprintf(out, size, "-");
}

json_t *
cli_json_stamp(int64_t t, const char *actor, const char *terminal)
{
	char who[ACTOR_TEXT_SIZE + 8];

	if (t == 0 && !*actor && !*terminal)
		return json_null();
	actor_normalize(actor, who, sizeof who);
	return json_pack("{s:o, s:o, s:o}", "at", cli_json_time(t), "by", cli_json_str(who, 1),
			 "terminal", cli_json_str(terminal, 1));
}

int
cli_names_chinese(const char *lang)
{
	const char *env;

	if (lang)
		return strcmp(lang, "zh") == 0;
	if (!(env = getenv("LC_ALL")) || !*env)
		if (!(env = getenv("LC_MESSAGES")) || !*env)
			env = getenv("LANG");
	return env && strncmp(env, "zh", 2) == 0;
}
