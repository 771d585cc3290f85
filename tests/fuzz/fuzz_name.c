/*
 * fuzz_name: parse_name and parse_text on arbitrary bytes.
 *
 * Names and reasons end up on the kiosk screen, in exports and on a
 * terminal: accepted text must never hold a C0 control byte or DEL, nor a
 * C1 control (U+0080..U+009F, bytes C2 80..C2 9F in UTF-8), never be only
 * spaces, and never have more characters than allowed.
 */
#include "config.h"

#include "fuzz.h"
#include "parse.h"

/* Characters, counted as UTF-8 lead bytes. */
static size_t
char_count(const unsigned char *p)
{
	size_t n = 0;

	for (; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

static void
check_accepted(const char *text, size_t max_chars)
{
	const unsigned char *p = (const unsigned char *)text;

	for (size_t i = 0; p[i]; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			fuzz_fail("accepted text holds a control byte", text);
		if (p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] < 0xa0)
			fuzz_fail("accepted text holds a C1 control character", text);
		if (p[i] == 0xc0 || p[i] == 0xc1 || p[i] >= 0xf5)
			fuzz_fail("accepted text holds a byte that is never valid UTF-8", text);
	}
	if (strspn(text, " ") == strlen(text))
		fuzz_fail("accepted text that is empty or only spaces", text);
	if (char_count(p) > max_chars)
		fuzz_fail("accepted text longer than allowed", text);
}

static int
try_text(const char *text, size_t max_chars)
{
	struct jf_error err;
	enum jf_status st;

	jf_error_clear(&err);
	st = max_chars == PARSE_NAME_MAX_CHARS ? parse_name("name", text, &err)
					       : parse_text("reason", text, max_chars, &err);
	if (st == JF_OK) {
		check_accepted(text, max_chars);
		return 1;
	}
	if (err.status != JF_USAGE || err.message[0] == '\0' || !fuzz_printable(err.message))
		fuzz_fail("refused text must be JF_USAGE with a printable message", text);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	int as_name = try_text(text, PARSE_NAME_MAX_CHARS);
	int as_reason = try_text(text, 200);

	/* A good name is a good reason too: the rules are the same, only longer. */
	if (as_name && !as_reason)
		fuzz_fail("a valid name is refused as a reason", text);
	free(text);
	return 0;
}
