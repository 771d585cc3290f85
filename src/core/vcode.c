/*
 * vcode: voucher codes. Pure functions over a key: no database, no I/O,
 * so they can be fuzzed and so a forged code costs nothing to refuse.
 */
#include "config.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "random.h"
#include "vcode.h"

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/* Short codes avoid I, L, O and U, which are easy to misread or mistype. */
static const char short_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static const char mod37[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

#define PAYLOAD_LEN 6
#define RAW_LEN (PAYLOAD_LEN + VCODE_MAC_LEN)

static void
mac_of(const unsigned char key[VCODE_KEY_LEN], const unsigned char payload[PAYLOAD_LEN],
       unsigned char mac[VCODE_MAC_LEN])
{
	crypto_generichash_state st;
	static const char domain[] = "jifen-voucher-v1";

	crypto_generichash_init(&st, key, VCODE_KEY_LEN, VCODE_MAC_LEN);
	crypto_generichash_update(&st, (const unsigned char *)domain, sizeof domain - 1);
	crypto_generichash_update(&st, payload, PAYLOAD_LEN);
	crypto_generichash_final(&st, mac, VCODE_MAC_LEN);
}

static void
base32_encode(const unsigned char *in, size_t len, char *out)
{
	unsigned buffer = 0;
	int bits = 0;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		buffer = (buffer << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[n++] = b32[(buffer >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[n++] = b32[(buffer << (5 - bits)) & 31];
	out[n] = '\0';
}

/* Decode exactly len bytes from text; -1 on a bad character or nonzero padding bits. */
static int
base32_decode(const char *text, unsigned char *out, size_t len)
{
	unsigned buffer = 0;
	int bits = 0;
	size_t n = 0;
	const char *p;

	for (; *text; text++) {
		p = memchr(b32, *text, 32);
		if (p == NULL || *text == '\0')
			return -1;
		buffer = (buffer << 5) | (unsigned)(p - b32);
		bits += 5;
		if (bits >= 8) {
			if (n == len)
				return -1;
			out[n++] = (unsigned char)(buffer >> (bits - 8));
			bits -= 8;
		}
	}
	/* Leftover bits must be zero, or two texts would decode alike. */
	if (n != len || (buffer & ((1u << bits) - 1)) != 0)
		return -1;
	return 0;
}

void
vcode_make(const unsigned char key[VCODE_KEY_LEN], int64_t id, char *out)
{
	unsigned char raw[RAW_LEN];

	for (int i = 0; i < PAYLOAD_LEN; i++)
		raw[i] = (unsigned char)((uint64_t)id >> (8 * (PAYLOAD_LEN - 1 - i)));
	mac_of(key, raw, raw + PAYLOAD_LEN);
	memcpy(out, "JF1", 3);
	base32_encode(raw, RAW_LEN, out + 3);
}

enum jf_status
vcode_check(const unsigned char key[VCODE_KEY_LEN], const char *code, int64_t *id)
{
	unsigned char raw[RAW_LEN], mac[VCODE_MAC_LEN];
	uint64_t v = 0;

	if (code == NULL || strlen(code) != VCODE_FULL_LEN || memcmp(code, "JF1", 3) != 0 ||
	    base32_decode(code + 3, raw, RAW_LEN) != 0)
		return JF_NOTFOUND;
	mac_of(key, raw, mac);
	if (sodium_memcmp(mac, raw + PAYLOAD_LEN, VCODE_MAC_LEN) != 0)
		return JF_NOTFOUND;
	for (int i = 0; i < PAYLOAD_LEN; i++)
		v = (v << 8) | raw[i];
	*id = (int64_t)v;
	return JF_OK;
}

char
vcode_check_char(const char *text, int len)
{
	int p = 0;
	const char *c;

	/* ISO 7064 MOD 37-2: a pure system with a prime modulus. */
	for (int i = 0; i < len; i++) {
		c = memchr(mod37, text[i], 36);
		p = ((p + (c ? (int)(c - mod37) : 0)) * 2) % 37;
	}
	return mod37[(38 - p) % 37];
}

/* Is the check character of these 8 characters one a short code may end
 * in? The MOD 37-2 check is one of 37; drawing again when it is I, L, O, U
 * (which the short alphabet avoids) or '*' (which not every keypad at a
 * counter has) keeps every character of a short code in its alphabet, and
 * keeps the check a plain ISO 7064 one, with what it catches. */
static int
short_finish(char *out)
{
	out[VCODE_SHORT_LEN - 1] = vcode_check_char(out, VCODE_SHORT_LEN - 1);
	out[VCODE_SHORT_LEN] = '\0';
	return memchr(short_alphabet, out[VCODE_SHORT_LEN - 1], 32) != NULL;
}

void
vcode_short_new(char *out)
{
	do {
		for (int i = 0; i < VCODE_SHORT_LEN - 1; i++)
			out[i] = short_alphabet[random_uniform(32)];
	} while (!short_finish(out));
}

/*
 * The short code of voucher id under key: 40 bits of a keyed BLAKE2b of
 * the id and the attempt, as 8 characters of the short alphabet, and the
 * check character. Made from the key, a short code is checked against it
 * like a full code: with another key in place it is refused. 0 if this
 * attempt's check character is outside the alphabet (try the next).
 */
int
vcode_short_make(const unsigned char key[VCODE_KEY_LEN], int64_t id, int attempt, char *out)
{
	static const char domain[] = "jifen-short-v1";
	crypto_generichash_state st;
	unsigned char msg[PAYLOAD_LEN + 1], mac[16];
	uint64_t bits = 0;

	for (int i = 0; i < PAYLOAD_LEN; i++)
		msg[i] = (unsigned char)((uint64_t)id >> (8 * (PAYLOAD_LEN - 1 - i)));
	msg[PAYLOAD_LEN] = (unsigned char)attempt;
	crypto_generichash_init(&st, key, VCODE_KEY_LEN, sizeof mac);
	crypto_generichash_update(&st, (const unsigned char *)domain, sizeof domain - 1);
	crypto_generichash_update(&st, msg, sizeof msg);
	crypto_generichash_final(&st, mac, sizeof mac);
	for (int i = 0; i < 5; i++)
		bits = (bits << 8) | mac[i];
	for (int i = 0; i < VCODE_SHORT_LEN - 1; i++)
		out[i] = short_alphabet[(bits >> (5 * (VCODE_SHORT_LEN - 2 - i))) & 31];
	sodium_memzero(mac, sizeof mac);
	return short_finish(out);
}

enum jf_status
vcode_short_verify(const unsigned char key[VCODE_KEY_LEN], int64_t id, const char *short_code)
{
	char made[VCODE_SHORT_LEN + 1];

	if (short_code == NULL || strlen(short_code) != VCODE_SHORT_LEN)
		return JF_NOTFOUND;
	for (int attempt = 0; attempt < VCODE_SHORT_ATTEMPTS; attempt++)
		if (vcode_short_make(key, id, attempt, made) &&
		    sodium_memcmp(made, short_code, VCODE_SHORT_LEN) == 0)
			return JF_OK;
	return JF_NOTFOUND;
}

/* A character as typed into the character of a short code it stands for:
 * upper case, and the letters that the short alphabet leaves out because
 * they look like digits read as those digits. */
static int
short_char(int c)
{
	c = toupper(c);
	if (c == 'O')
		return '0';
	if (c == 'I' || c == 'L')
		return '1';
	return c;
}

enum jf_status
vcode_short_check(const char *typed, char out[VCODE_SHORT_LEN + 1])
{
	size_t n = 0;
	int c;

	for (const char *p = typed ? typed : ""; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		c = short_char((unsigned char)*p);
		if (n == VCODE_SHORT_LEN || c == '\0' || !memchr(short_alphabet, c, 32))
			return JF_NOTFOUND;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	if (n != VCODE_SHORT_LEN)
		return JF_NOTFOUND;
	if (vcode_check_char(out, VCODE_SHORT_LEN - 1) != out[VCODE_SHORT_LEN - 1])
		return JF_NOTFOUND;
	return JF_OK;
}

void
vcode_short_show(const char *s, char *out)
{
	memcpy(out, s, 4);
	out[4] = '-';
	memcpy(out + 5, s + 4, 4);
	out[9] = '-';
	out[10] = s[8];
	out[11] = '\0';
}
