/*
 * scan: the text of a scanner's line (see scan.h).
 */
#include "config.h"

#include <string.h>

#include "parse.h"
#include "scan.h"

size_t
scan_utf8_of(unsigned c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* A character a field could show: no control character, no surrogate
 * (REQ_BAD_BYTE), nothing past Unicode. */
static int
printable(int c)
{
	return c > 0 && c <= 0x10ffff && !(c >= 0xd800 && c <= 0xdfff) &&
	       !parse_is_control((unsigned)c);
}

int
scan_of_burst(const struct req *burst, size_t n, char *out, size_t size, int *spoiled)
{
	size_t len = 0;

	*spoiled = 0;
	if (n < SCAN_MIN_CHARS || n > SCAN_MAX_CHARS || size < REQ_SCAN_SIZE)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (burst[i].id != REQ_CHAR)
			return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = printable(burst[i].arg) ? (unsigned)burst[i].arg : 0xfffd;

		*spoiled |= c == 0xfffd;
		len += scan_utf8_of(c, out + len);
	}
	out[len] = '\0';
	return 1;
}
