/*
 * parse: strict parsers for everything a person or a scanner types.
 *
 * Each returns JF_OK and the value, or JF_USAGE with a one-line message that
 * quotes (a safe, shortened form of) the bad input. None of them accepts
 * signs, exponents, spaces or trailing junk: "abc", "-5", "1e9", "12.345"
 * and overflowing numbers are all refused.
 */
#ifndef JIFEN_PARSE_H
#define JIFEN_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define PARSE_POINTS_MAX 1000000000LL       /* one operation moves at most 10^9 points */
#define PARSE_FEN_MAX 100000000000LL        /* 10^9 yuan */
#define PARSE_NAME_MAX_CHARS 64
#define PARSE_CARD_MIN 8
#define PARSE_CARD_MAX 19

enum card_check { CARD_CHECK_NONE, CARD_CHECK_LUHN };

/* "199", "199.5", "199.00" yuan into fen (19900). */
enum jf_status parse_amount_fen(const char *text, int64_t *fen, struct jf_error *err);
/* A positive whole number of points, 1..PARSE_POINTS_MAX. */
enum jf_status parse_points(const char *text, int64_t *points, struct jf_error *err);
/* A whole number in [min, max], for counts and limits. */
enum jf_status parse_int_range(const char *what, const char *text, int64_t min,
			       int64_t max, int64_t *out, struct jf_error *err);
/* A card number: 8..19 digits, and the Luhn check digit when asked for. */
enum jf_status parse_card(const char *text, enum card_check check, struct jf_error *err);
/* A real calendar date "YYYY-MM-DD". */
enum jf_status parse_date(const char *text, struct jf_error *err);
/* A person's or family's name: 1..64 characters of valid UTF-8, no control characters. */
enum jf_status parse_name(const char *what, const char *text, struct jf_error *err);
/* Free text (a reason): 1..200 characters, same rules as a name. */
enum jf_status parse_text(const char *what, const char *text, size_t max_chars,
			  struct jf_error *err);
/* A phone number: 3..20 of digits, '+', '-', ' '. */
enum jf_status parse_phone(const char *text, struct jf_error *err);
/* A PIN: 4..6 digits. */
enum jf_status parse_pin(const char *text, struct jf_error *err);
/* An idempotency key or receipt number: 1..64 printable ASCII, no spaces. */
enum jf_status parse_key(const char *what, const char *text, struct jf_error *err);
/* A catalog SKU: 1..PARSE_SKU_MAX of A-Z a-z 0-9 . _ - (catalog_check_sku()'s
 * rule, here so that a parser needs no catalog). */
#define PARSE_SKU_MAX 32
enum jf_status parse_sku(const char *text, struct jf_error *err);
/* A store's code in a chain's ledger ([store] code, --store): 1 to
 * PARSE_STORE_MAX of A-Z a-z 0-9 - (no LIKE wildcard: report_day.c). */
#define PARSE_STORE_MAX 16
enum jf_status parse_store(const char *text, struct jf_error *err);

/* Copy at most 40 characters of untrusted text into out, with anything
 * unprintable shown as '?', so an error message can quote it harmlessly. */
void parse_quote(const char *text, char *out, size_t out_size);

/* Length of the valid, shortest-form UTF-8 sequence at p and its code point
 * in *cp, or 0 if there is none. */
size_t parse_utf8_char(const unsigned char *p, unsigned *cp);
/* A C0 or C1 control character, which could drive a terminal. */
int parse_is_control(unsigned cp);

/* Where the physical line at p (left bytes) ends, counting its end: after
 * LF, CRLF or a lone CR; left if it has none. For files read line by line
 * (CSV imports) that must say which line a problem is on. */
size_t parse_line_length(const char *p, size_t left);
/* Are the n bytes at p only spaces, tabs and line ends? */
int parse_blank(const char *p, size_t n);

/* Format fen as "199.00". out needs 24 bytes. */
void parse_format_fen(int64_t fen, char *out, size_t out_size);

#endif
