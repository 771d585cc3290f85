/*
 * fuzz_amount: parse_amount_fen on arbitrary text.
 *
 * Beyond "never crashes": an accepted amount is digits with at most one dot
 * and two decimals, stays within PARSE_FEN_MAX, and round-trips through
 * parse_format_fen to the same fen; a refused one is JF_USAGE with a
 * printable message.
 */
#include "config.h"

#include "fuzz.h"
#include "parse.h"

/* The input written the way parse_format_fen writes it: no leading zeros,
 * exactly two decimals. This is the oracle the round trip is checked by. */
static void
canonical_amount(const char *text, char *out, size_t out_size)
{
	const char *dot = strchr(text, '.');
	size_t ilen = dot ? (size_t)(dot - text) : strlen(text);
	const char *frac = dot ? dot + 1 : "";

	while (ilen > 1 && *text == '0') {
		text++;
		ilen--;
	}
	snprintf(out, out_size, "%.*s.%c%c", (int)ilen, text, frac[0] ? frac[0] : '0',
		 frac[0] && frac[1] ? frac[1] : '0');
}

static void
check_accepted(const char *text, int64_t fen)
{
	char formatted[32], expected[64];
	struct jf_error err;
	int64_t again = -1;

	if (strspn(text, "0123456789.") != strlen(text) || strchr(text, '.') != strrchr(text, '.'))
		fuzz_fail("accepted an amount with other characters than digits and one dot", text);
	if (fen < 0 || fen > PARSE_FEN_MAX)
		fuzz_fail("accepted an amount outside 0..PARSE_FEN_MAX", text);
	parse_format_fen(fen, formatted, sizeof formatted);
	if (parse_amount_fen(formatted, &again, &err) != JF_OK || again != fen)
		fuzz_fail("parse_format_fen output does not parse back to the same fen", text);
	canonical_amount(text, expected, sizeof expected);
	if (strcmp(formatted, expected) != 0)
		fuzz_fail("the fen parsed is not the value written", text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct jf_error err;
	int64_t fen = -1;

	jf_error_clear(&err);
	if (parse_amount_fen(text, &fen, &err) == JF_OK)
		check_accepted(text, fen);
	else if (err.status != JF_USAGE || err.message[0] == '\0' || !fuzz_printable(err.message))
		fuzz_fail("a refused amount must be JF_USAGE with a printable message", text);
	free(text);
	return 0;
}
