/*
 * fuzz: what every libFuzzer target in tests/fuzz shares.
 *
 * libFuzzer hands over bytes, not strings; the parsers take C strings. Each
 * target copies the bytes into a buffer of exactly size + 1 bytes, so that
 * AddressSanitizer catches a parser that reads one byte past the NUL.
 * A broken invariant calls fuzz_fail(), which aborts: libFuzzer then saves
 * the input as a crash file.
 */
#ifndef JIFEN_FUZZ_H
#define JIFEN_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A NUL-terminated copy of the input; the caller frees it. */
static inline char *
fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static inline void
fuzz_fail(const char *what, const char *input)
{
	fprintf(stderr, "fuzz invariant broken: %s (input \"%s\")\n", what, input);
	abort();
}

/* An error message a person will read must be one printable ASCII line:
 * the parsers quote bad input through parse_quote() so that a scanned code
 * can never send escape sequences to the terminal that shows the error. */
static inline int
fuzz_printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			return 0;
	return 1;
}

#endif
