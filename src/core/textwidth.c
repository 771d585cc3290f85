/*
 * textwidth: columns by our own table (textwidth_table.h), never by the
 * locale's wcwidth(), which differs between machines and is -1 for
 * everything but ASCII in the C locale.
 */
#include "config.h"

#include <stddef.h>

#include "parse.h"
#include "textwidth.h"
#include "textwidth_table.h"

/* Is cp in one of the n sorted, inclusive ranges? */
static int
in_ranges(unsigned cp, const unsigned (*ranges)[2], size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < ranges[mid][0])
			hi = mid;
		else if (cp > ranges[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
text_char_width(unsigned cp)
{
	if (cp < 0x7f)
		return 1; /* ASCII, the controls included: see textwidth.h */
	if (parse_is_control(cp))
		return 1;
	if (in_ranges(cp, text_zero, sizeof text_zero / sizeof text_zero[0]))
		return 0;
	if (in_ranges(cp, text_wide, sizeof text_wide / sizeof text_wide[0]))
		return 2;
	return 1;
}

int
text_width(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	int width = 0;
	size_t len;
	unsigned cp;

	while (*p) {
		len = parse_utf8_char(p, &cp);
		if (len == 0) {
			width++;
			p++;
			continue;
		}
		width += text_char_width(cp);
		p += len;
	}
	return width;
}
