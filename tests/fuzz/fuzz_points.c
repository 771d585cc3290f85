/*
 * fuzz_points: parse_points on arbitrary text.
 *
 * An accepted count is plain digits whose value is 1..PARSE_POINTS_MAX and
 * equals the number written (leading zeros aside); a refused one is JF_USAGE
 * with a printable message.
 */
#include "config.h"

#include "fuzz.h"
#include "parse.h"

static void
check_accepted(const char *text, int64_t points)
{
	char written[32];

	if (text[0] == '\0' || strspn(text, "0123456789") != strlen(text))
		fuzz_fail("accepted points that are not plain digits", text);
	if (points < 1 || points > PARSE_POINTS_MAX)
		fuzz_fail("accepted points outside 1..PARSE_POINTS_MAX", text);
	while (text[0] == '0' && text[1] != '\0')
		text++;
	snprintf(written, sizeof written, "%lld", (long long)points);
	if (strcmp(written, text) != 0)
		fuzz_fail("the points parsed are not the number written", text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct jf_error err;
	int64_t points = -1;

	jf_error_clear(&err);
	if (parse_points(text, &points, &err) == JF_OK)
		check_accepted(text, points);
	else if (err.status != JF_USAGE || err.message[0] == '\0' || !fuzz_printable(err.message))
		fuzz_fail("refused points must be JF_USAGE with a printable message", text);
	free(text);
	return 0;
}
