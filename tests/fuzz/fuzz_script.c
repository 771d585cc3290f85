/*
 * fuzz_script: script_parse (src/tui/script.c), the kiosk's script files,
 * on arbitrary bytes.
 *
 * A script is typed by a person and run by `jifen kiosk --script`: whatever
 * it holds, parsing never crashes and ends either in JF_OK with every step
 * one the kiosk can run as it is (a key it knows, a click on the screen of
 * that moment, a size and an idle time in range, text it can type, a scan
 * as long as a scanner's line), or in
 * JF_USAGE with one printable line naming the bad line.
 */
#include "config.h"

#include "fuzz.h"
#include "parse.h"
#include "scan.h"
#include "script.h"

/* Valid UTF-8, no control characters: what the kiosk types or opens. */
static int
plain(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned cp;
	size_t len;

	while (*p) {
		if ((len = parse_utf8_char(p, &cp)) == 0 || parse_is_control(cp))
			return 0;
		p += len;
	}
	return 1;
}

/* The characters of valid UTF-8 text. */
static size_t
chars_of(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned cp;
	size_t len, n = 0;

	for (; *p && (len = parse_utf8_char(p, &cp)) > 0; p += len)
		n++;
	return n;
}

/* Every step runnable at its place; cols and rows follow the size steps. */
static const char *
script_sane(const struct script *s)
{
	int cols = s->cols, rows = s->rows, line = 0;

	if (cols < SCRIPT_MIN_SIZE || cols > SCRIPT_MAX_COLS || rows < SCRIPT_MIN_SIZE ||
	    rows > SCRIPT_MAX_ROWS)
		return "the starting size is out of range";
	for (size_t i = 0; i < s->count; i++) {
		const struct script_step *st = &s->steps[i];

		if (st->line < line || st->line < 1)
			return "steps out of the order of their lines";
		line = st->line;
		if ((st->text != NULL) !=
		    (st->op == SCRIPT_TYPE || st->op == SCRIPT_SCAN || st->op == SCRIPT_SAVE))
			return "text on a step that takes none, or none where it is needed";
		if (st->op != SCRIPT_QUIT && i > 0 && s->steps[i - 1].op == SCRIPT_QUIT)
			return "a step after quit";
		switch (st->op) {
		case SCRIPT_SIZE:
			if (st->a < SCRIPT_MIN_SIZE || st->a > SCRIPT_MAX_COLS ||
			    st->b < SCRIPT_MIN_SIZE || st->b > SCRIPT_MAX_ROWS)
				return "a size out of range";
			cols = st->a;
			rows = st->b;
			break;
		case SCRIPT_CLICK:
			if (st->a < 0 || st->a >= rows || st->b < 0 || st->b >= cols)
				return "a click off the screen";
			break;
		case SCRIPT_KEY:
			if (st->a < 0 || st->a >= SCRIPT_KEY_COUNT || !*script_key_name(st->a))
				return "a key that has no name";
			break;
		case SCRIPT_IDLE:
			if (st->a < 1 || st->a > SCRIPT_MAX_IDLE_S)
				return "an idle time out of range";
			break;
		case SCRIPT_TYPE:
		case SCRIPT_SAVE:
			if (*st->text == '\0' || !plain(st->text))
				return "empty text, or text with control characters";
			break;
		case SCRIPT_SCAN:
			if (!plain(st->text) || chars_of(st->text) < SCAN_MIN_CHARS ||
			    chars_of(st->text) > SCAN_MAX_CHARS)
				return "a scan no scanner could send";
			break;
		case SCRIPT_TICK:
		case SCRIPT_QUIT:
			break;
		default:
			return "a step of no known kind";
		}
	}
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct script s;
	struct jf_error err;
	enum jf_status st;
	const char *broken;

	jf_error_clear(&err);
	st = script_parse((const char *)data, size, &s, &err);
	if (st == JF_OK && (broken = script_sane(&s)) != NULL)
		fuzz_fail(broken, text);
	if (st != JF_OK && st != JF_USAGE)
		fuzz_fail("parsing a script may only end in JF_OK or JF_USAGE", text);
	if (st == JF_USAGE && (err.message[0] == '\0' || !fuzz_printable(err.message)))
		fuzz_fail("a refused script needs one printable line", text);
	if (st == JF_USAGE && strncmp(err.message, "line ", 5) != 0 &&
	    strncmp(err.message, "a script is", 11) != 0)
		fuzz_fail("a refused script's message must name the line", text);
	script_done(&s);
	free(text);
	return 0;
}
