/*
 * vcode: the text forms of a voucher, checked before any database lookup.
 *
 * The full code (in the QR code) is "JF1" and 36 characters of base32
 * (RFC 4648 alphabet, which QR's alphanumeric mode encodes compactly) over
 * 6 bytes of voucher id and a 16-byte keyed BLAKE2b MAC of them: an
 * altered, truncated, padded or invented code fails the MAC. The short code
 * (typed when a scanner fails) is 8 characters, 40 bits of a keyed MAC of
 * the voucher id, and one ISO 7064 MOD 37-2 check character, which catches every single typo and every swap
 * of adjacent characters; shown as "ABCD-EFGH-K". Every character of a
 * short code, the check character too, is one of 0-9 and A-Z without I, L,
 * O and U; typed, O is read as 0 and I and L as 1.
 */
#ifndef JIFEN_VCODE_H
#define JIFEN_VCODE_H

#include <stdint.h>

#include "status.h"

#define VCODE_KEY_LEN 32
#define VCODE_MAC_LEN 16
#define VCODE_FULL_LEN 39          /* "JF1" + 36 */
#define VCODE_SHORT_LEN 9          /* 8 + check, without dashes */
#define VCODE_SHORT_SHOWN_LEN 11   /* "ABCD-EFGH-K" */
#define VCODE_ID_MAX 0xffffffffffffLL

/* The full code of voucher id under key. out needs VCODE_FULL_LEN + 1 bytes. */
void vcode_make(const unsigned char key[VCODE_KEY_LEN], int64_t id, char *out);
/* JF_OK and the id if code is a genuine full code; JF_NOTFOUND otherwise. */
enum jf_status vcode_check(const unsigned char key[VCODE_KEY_LEN], const char *code,
			   int64_t *id);

/* A fresh random short code, normalized (no dashes), every character of it,
 * the check character too, in the short alphabet (no I, L, O, U).
 * out: VCODE_SHORT_LEN + 1. */
void vcode_short_new(char *out);
/* Normalize typed text (drop '-' and spaces, upper-case, O read as 0, I
 * and L as 1) into out and check its check character. JF_OK if it is a
 * well-formed short code. */
enum jf_status vcode_short_check(const char *typed, char out[VCODE_SHORT_LEN + 1]);
/* How many attempts a voucher's short code may take (vcode_short_make). */
#define VCODE_SHORT_ATTEMPTS 16
/* The short code of voucher id under key, attempt 0, 1, ...: 1 if it is one
 * (its check character is in the alphabet), 0 to try the next attempt; the
 * next attempts are also for a code another voucher has. out:
 * VCODE_SHORT_LEN + 1. Made from the key, it is refused under another. */
int vcode_short_make(const unsigned char key[VCODE_KEY_LEN], int64_t id, int attempt,
		     char *out);
/* JF_OK if short_code (normalized) is one of id's under key; JF_NOTFOUND
 * otherwise, as for a forged full code. */
enum jf_status vcode_short_verify(const unsigned char key[VCODE_KEY_LEN], int64_t id,
				  const char *short_code);
/* "ABCD-EFGH-K" from a normalized short code. out: VCODE_SHORT_SHOWN_LEN + 1. */
void vcode_short_show(const char *short_code, char *out);

/* The ISO 7064 MOD 37-2 check character of text over 0-9A-Z (exposed for tests). */
char vcode_check_char(const char *text, int len);

#endif
