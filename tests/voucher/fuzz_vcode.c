/*
 * fuzz_vcode: vcode_check and vcode_short_check on arbitrary text.
 *
 * The one property that matters: a code is accepted only if it is exactly
 * the code vcode_make gives for its id under the key, so no altered or
 * invented code ever passes the MAC. An accepted short code is the typed
 * text normalized (dashes and spaces gone, upper case), its first eight
 * characters from the short alphabet and its ninth the MOD 37-2 check
 * character; shown and checked again it is the same code.
 *
 * Random bytes almost never come near a genuine code, so two more checks
 * start from genuine codes built from the input: a full code for an id
 * taken from the input, with edits from the input applied (anything other
 * than the genuine text is refused); and a short code from the input with
 * one typo or one swap of adjacent characters (always refused).
 */
#include "config.h"

#include <sodium.h>

#include "fuzz.h"
#include "vcode.h"

#define SHORT_ALPHABET "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#define MOD37 "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*"

/* A fixed key: the seed corpus holds genuine codes made with it. */
static const unsigned char key[VCODE_KEY_LEN] = {
	0x6a, 0x69, 0x66, 0x65, 0x6e, 0x2d, 0x66, 0x75, 0x7a, 0x7a, 0x2d, 0x6b, 0x65, 0x79, 0x2d, 0x30,
	0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (sodium_init() < 0)
		abort();
	return 0;
}

static void
check_full(const char *text)
{
	char again[VCODE_FULL_LEN + 1];
	int64_t id = -1;

	if (vcode_check(key, text, &id) != JF_OK)
		return;
	if (id < 0 || id > VCODE_ID_MAX)
		fuzz_fail("an accepted code names an id out of range", text);
	vcode_make(key, id, again);
	if (strcmp(again, text) != 0)
		fuzz_fail("vcode_check accepted a code that vcode_make does not give", text);
}

/* What vcode_short_check should make of typed text, by the rule in vcode.h. */
static void
normalize(const char *text, char *out, size_t size)
{
	size_t n = 0;

	char c;

	for (const char *p = text; *p && n + 1 < size; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		c = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		/* O is read as 0, I and L as 1. */
		out[n++] = c == 'O' ? '0' : c == 'I' || c == 'L' ? '1' : c;
	}
	out[n] = '\0';
}

static void
check_short(const char *text)
{
	char code[VCODE_SHORT_LEN + 1], shown[VCODE_SHORT_SHOWN_LEN + 1];
	char again[VCODE_SHORT_LEN + 1], expect[64];

	if (vcode_short_check(text, code) != JF_OK)
		return;
	if (strlen(code) != VCODE_SHORT_LEN ||
	    strspn(code, SHORT_ALPHABET) != VCODE_SHORT_LEN)
		fuzz_fail("an accepted short code is malformed", text);
	if (vcode_check_char(code, VCODE_SHORT_LEN - 1) != code[VCODE_SHORT_LEN - 1])
		fuzz_fail("an accepted short code has a wrong check character", text);
	normalize(text, expect, sizeof expect);
	if (strcmp(expect, code) != 0)
		fuzz_fail("an accepted short code is not the typed text normalized", text);
	vcode_short_show(code, shown);
	if (vcode_short_check(shown, again) != JF_OK || strcmp(again, code) != 0)
		fuzz_fail("a shown short code does not check back to itself", text);
}

/* A genuine code for an id from the first 6 bytes, edited by the rest as
 * (position, byte) pairs: only the unedited text may pass. */
static void
check_edited_full(const uint8_t *data, size_t size)
{
	char code[VCODE_FULL_LEN + 1], genuine[VCODE_FULL_LEN + 1];
	int64_t id = 0, got = -1;

	for (int i = 0; i < 6; i++)
		id = (id << 8) | data[i];
	vcode_make(key, id, genuine);
	memcpy(code, genuine, sizeof code);
	for (size_t i = 6; i + 1 < size; i += 2) {
		if (data[i + 1] == 0)
			continue; /* a NUL would only truncate: the truncation cases are in the text */
		code[data[i] % VCODE_FULL_LEN] = (char)data[i + 1];
	}
	if (vcode_check(key, genuine, &got) != JF_OK || got != id)
		fuzz_fail("a genuine code is refused", genuine);
	if (strcmp(code, genuine) != 0 && vcode_check(key, code, &got) == JF_OK) {
		vcode_make(key, got, genuine);
		if (strcmp(code, genuine) != 0)
			fuzz_fail("an edited code passed the MAC", code);
	}
}

/* A short code from 8 input bytes, then one typo or one adjacent swap. */
static void
check_short_typo(const uint8_t *data, size_t size)
{
	char code[VCODE_SHORT_LEN + 1], typo[VCODE_SHORT_LEN + 1], out[VCODE_SHORT_LEN + 1];
	int pos;

	for (int i = 0; i < VCODE_SHORT_LEN - 1; i++)
		code[i] = SHORT_ALPHABET[data[i] % 32];
	code[VCODE_SHORT_LEN - 1] = vcode_check_char(code, VCODE_SHORT_LEN - 1);
	code[VCODE_SHORT_LEN] = '\0';
	/* No short code ends in a character outside its alphabet. */
	if (strchr(SHORT_ALPHABET, code[VCODE_SHORT_LEN - 1]) == NULL)
		return;
	if (vcode_short_check(code, out) != JF_OK)
		fuzz_fail("a well-made short code is refused", code);
	if (size < 10)
		return;
	memcpy(typo, code, sizeof typo);
	pos = data[8] % VCODE_SHORT_LEN;
	if (data[9] & 0x80) {
		if (pos == VCODE_SHORT_LEN - 1 || code[pos] == code[pos + 1])
			return;
		typo[pos] = code[pos + 1];
		typo[pos + 1] = code[pos];
	} else {
		typo[pos] = MOD37[data[9] % 37];
		/* The same character, or one read as it (O for 0, I or L for 1). */
		if (typo[pos] == code[pos] ||
		    (code[pos] == '0' && typo[pos] == 'O') ||
		    (code[pos] == '1' && (typo[pos] == 'I' || typo[pos] == 'L')))
			return;
	}
	if (vcode_short_check(typo, out) == JF_OK)
		fuzz_fail("a short code with one typo or swap passed", typo);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);

	check_full(text);
	check_short(text);
	free(text);
	if (size >= 8) {
		check_edited_full(data, size);
		check_short_typo(data, size);
	}
	return 0;
}
