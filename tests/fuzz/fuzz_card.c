/*
 * fuzz_card: parse_card on arbitrary text, with and without the Luhn check.
 *
 * Accepted cards are 8..19 digits; the Luhn mode accepts exactly the cards
 * the plain mode accepts whose check digit is right (computed here by the
 * doubled-digit table, not by the code under test).
 */
#include "config.h"

#include "fuzz.h"
#include "parse.h"

static int
luhn_valid(const char *digits)
{
	static const int doubled[10] = { 0, 2, 4, 6, 8, 1, 3, 5, 7, 9 };
	size_t len = strlen(digits);
	int sum = 0;

	for (size_t i = 0; i < len; i++) {
		int d = digits[len - 1 - i] - '0';
		sum += (i % 2) ? doubled[d] : d;
	}
	return sum % 10 == 0;
}

static int
try_card(const char *text, enum card_check check)
{
	struct jf_error err;

	jf_error_clear(&err);
	if (parse_card(text, check, &err) == JF_OK)
		return 1;
	if (err.status != JF_USAGE || err.message[0] == '\0' || !fuzz_printable(err.message))
		fuzz_fail("a refused card must be JF_USAGE with a printable message", text);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	int plain = try_card(text, CARD_CHECK_NONE);
	int luhn = try_card(text, CARD_CHECK_LUHN);
	size_t len = strlen(text);
	int shaped = len >= PARSE_CARD_MIN && len <= PARSE_CARD_MAX &&
		     strspn(text, "0123456789") == len;

	if (plain != shaped)
		fuzz_fail("plain mode must accept exactly 8 to 19 digits", text);
	if (luhn != (shaped && luhn_valid(text)))
		fuzz_fail("Luhn mode must accept exactly the shaped cards with a right check digit",
			  text);
	free(text);
	return 0;
}
