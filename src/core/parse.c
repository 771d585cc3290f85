/*
 * parse: strict parsers of typed and scanned input. Never allocate, never
 * print; the message in *err quotes the input through parse_quote().
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "parse.h"

void
parse_quote(const char *text, char *out, size_t out_size)
{
	size_t n = 0;

	if (out_size == 0)
		return;
	for (const unsigned char *p = (const unsigned char *)text; *p && n + 4 < out_size; p++) {
		if (n >= 40) {
			memcpy(out + n, "...", 3);
			n += 3;
			break;
		}
		out[n++] = (*p >= 0x20 && *p < 0x7f) ? (char)*p : '?';
	}
	out[n] = '\0';
}

static int
all_digits(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Digits only, value <= max; no overflow possible past max. */
static int
digits_value(const char *s, size_t len, int64_t max, int64_t *out)
{
	int64_t v = 0;

	if (!all_digits(s, len))
		return -1;
	for (size_t i = 0; i < len; i++) {
		v = v * 10 + (s[i] - '0');
		if (v > max)
			return -1;
	}
	*out = v;
	return 0;
}

enum jf_status
parse_amount_fen(const char *text, int64_t *fen, struct jf_error *err)
{
	char q[48];
	const char *dot;
	size_t ilen, flen;
	int64_t yuan, cents = 0;

	parse_quote(text ? text : "", q, sizeof q);
	if (text == NULL || *text == '\0')
		return jf_fail(err, JF_USAGE, "amount is empty: give yuan like 199.00");
	dot = strchr(text, '.');
	ilen = dot ? (size_t)(dot - text) : strlen(text);
	flen = dot ? strlen(dot + 1) : 0;
	if (dot && (flen == 0 || flen > 2))
		return jf_fail(err, JF_USAGE,
			       "amount '%s' is not yuan with at most two decimals, like 199.00", q);
	if (digits_value(text, ilen, PARSE_FEN_MAX / 100, &yuan) != 0 ||
	    (dot && digits_value(dot + 1, flen, 99, &cents) != 0))
		return jf_fail(err, JF_USAGE,
			       "amount '%s' is not a number of yuan like 199.00 (at most %lld)", q,
			       (long long)(PARSE_FEN_MAX / 100));
	if (flen == 1)
		cents *= 10;
	/* 1000000000.50 passes the digit checks but not the ledger's bound. */
	if (yuan * 100 + cents > PARSE_FEN_MAX)
		return jf_fail(err, JF_USAGE, "amount '%s' is more than %lld yuan", q,
			       (long long)(PARSE_FEN_MAX / 100));
	*fen = yuan * 100 + cents;
	return JF_OK;
}

enum jf_status
parse_int_range(const char *what, const char *text, int64_t min, int64_t max,
		int64_t *out, struct jf_error *err)
{
	char q[48];
	int64_t v;

	parse_quote(text ? text : "", q, sizeof q);
	if (text == NULL || digits_value(text, strlen(text), max, &v) != 0 || v < min)
		return jf_fail(err, JF_USAGE, "%s '%s' is not a whole number from %lld to %lld",
			       what, q, (long long)min, (long long)max);
	*out = v;
	return JF_OK;
}

enum jf_status
parse_points(const char *text, int64_t *points, struct jf_error *err)
{
	return parse_int_range("points", text, 1, PARSE_POINTS_MAX, points, err);
}

static int
luhn_ok(const char *s, size_t len)
{
	int sum = 0, dbl = 0;

	for (size_t i = len; i-- > 0;) {
		int d = s[i] - '0';
		if (dbl) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
		dbl = !dbl;
	}
	return sum % 10 == 0;
}

enum jf_status
parse_card(const char *text, enum card_check check, struct jf_error *err)
{
	char q[48];
	size_t len = text ? strlen(text) : 0;

	parse_quote(text ? text : "", q, sizeof q);
	if (len < PARSE_CARD_MIN || len > PARSE_CARD_MAX || !all_digits(text, len))
		return jf_fail(err, JF_USAGE, "card '%s' is not a card number of %d to %d digits",
			       q, PARSE_CARD_MIN, PARSE_CARD_MAX);
	if (check == CARD_CHECK_LUHN && !luhn_ok(text, len))
		return jf_fail(err, JF_USAGE, "card '%s' has a wrong check digit", q);
	return JF_OK;
}

enum jf_status
parse_date(const char *text, struct jf_error *err)
{
	char q[48];
	int64_t days;

	parse_quote(text ? text : "", q, sizeof q);
	if (clock_parse_date(text, &days) != JF_OK)
		return jf_fail(err, JF_USAGE, "date '%s' is not a real date YYYY-MM-DD", q);
	return JF_OK;
}

size_t
parse_utf8_char(const unsigned char *p, unsigned *cp)
{
	size_t len;
	unsigned c = p[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

enum jf_status
parse_text(const char *what, const char *text, size_t max_chars, struct jf_error *err)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	size_t chars = 0, len;
	unsigned cp;
	int only_space = 1;

	if (*p == '\0')
		return jf_fail(err, JF_USAGE, "%s is empty", what);
	while (*p) {
		len = parse_utf8_char(p, &cp);
		if (len == 0)
			return jf_fail(err, JF_USAGE, "%s is not valid UTF-8 text", what);
		/* C0 and C1 controls would let a name drive the terminal that shows it. */
		if (parse_is_control(cp))
			return jf_fail(err, JF_USAGE,
				       "%s contains a control character (such as an escape)", what);
		if (cp != ' ')
			only_space = 0;
		if (++chars > max_chars)
			return jf_fail(err, JF_USAGE, "%s is longer than %zu characters", what,
				       max_chars);
		p += len;
	}
	if (only_space)
		return jf_fail(err, JF_USAGE, "%s is blank", what);
	return JF_OK;
}

enum jf_status
parse_name(const char *what, const char *text, struct jf_error *err)
{
	return parse_text(what, text, PARSE_NAME_MAX_CHARS, err);
}

enum jf_status
parse_phone(const char *text, struct jf_error *err)
{
	char q[48];
	size_t len = text ? strlen(text) : 0, digits = 0;

	parse_quote(text ? text : "", q, sizeof q);
	for (size_t i = 0; i < len; i++) {
		if (text[i] >= '0' && text[i] <= '9')
			digits++;
		else if (!strchr("+- ", text[i]))
			digits = 100;
	}
	if (len < 3 || len > 20 || digits < 3 || digits > 20)
		return jf_fail(err, JF_USAGE, "phone '%s' is not a phone number", q);
	return JF_OK;
}

enum jf_status
parse_pin(const char *text, struct jf_error *err)
{
	size_t len = text ? strlen(text) : 0;

	if (len < 4 || len > 6 || !all_digits(text, len))
		return jf_fail(err, JF_USAGE, "a PIN is 4 to 6 digits");
	return JF_OK;
}

enum jf_status
parse_key(const char *what, const char *text, struct jf_error *err)
{
	char q[48];
	size_t len = text ? strlen(text) : 0;

	parse_quote(text ? text : "", q, sizeof q);
	if (len == 0 || len > 64)
		return jf_fail(err, JF_USAGE, "%s '%s' must be 1 to 64 characters", what, q);
	for (size_t i = 0; i < len; i++)
		if (text[i] <= 0x20 || text[i] >= 0x7f)
			return jf_fail(err, JF_USAGE,
				       "%s '%s' may hold only printable ASCII without spaces", what, q);
	return JF_OK;
}

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* A name of 1 to max of ALNUM and the characters others; what and shown
 * (the rule in words) for the error. */
static enum jf_status
check_name(const char *what, const char *text, const char *others, int max, const char *shown,
	   struct jf_error *err)
{
	char allowed[sizeof ALNUM + 8];
	size_t len = text ? strlen(text) : 0;
	char q[48];

	snprintf(allowed, sizeof allowed, "%s%s", ALNUM, others);
	if (len > 0 && len <= (size_t)max && strspn(text, allowed) == len)
		return JF_OK;
	parse_quote(text ? text : "", q, sizeof q);
	return jf_fail(err, JF_USAGE, "%s '%s' is not 1 to %d of %s", what, q, max, shown);
}

enum jf_status
parse_sku(const char *text, struct jf_error *err)
{
	return check_name("SKU", text, "._-", PARSE_SKU_MAX, "A-Z a-z 0-9 . _ -", err);
}

enum jf_status
parse_store(const char *text, struct jf_error *err)
{
	/* No '_' or '%': a store's terminals are found by LIKE 'S001/%'. */
	return check_name("store code", text, "-", PARSE_STORE_MAX, "A-Z a-z 0-9 -", err);
}

int
parse_is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

void
parse_format_fen(int64_t fen, char *out, size_t out_size)
{
	snprintf(out, out_size, "%s%lld.%02lld", fen < 0 ? "-" : "",
		 (long long)(fen < 0 ? -fen : fen) / 100, (long long)(fen < 0 ? -fen : fen) % 100);
}

size_t
parse_line_length(const char *p, size_t left)
{
	for (size_t i = 0; i < left; i++) {
		if (p[i] == '\n')
			return i + 1;
		if (p[i] == '\r')
			return i + 1 < left && p[i + 1] == '\n' ? i + 2 : i + 1;
	}
	return left;
}

int
parse_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] == '\0' || !strchr(" \t\r\n", p[i]))
			return 0;
	return 1;
}
