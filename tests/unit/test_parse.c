/*
 * test_parse: the strict parsers of everything a person or a scanner types.
 * Good input gives the exact value; bad input is refused with JF_USAGE and a
 * message that is safe to print (no control bytes from the input).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* No byte of a message may drive a terminal. */
static void
assert_printable(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			fail_msg("control byte 0x%02x in '%s'", *p, s);
}

/* A refusal is JF_USAGE, recorded in err, with a printable message. */
static void
assert_refused(enum jf_status st, const struct jf_error *err, const char *input)
{
	if (st != JF_USAGE)
		fail_msg("input '%s' gave %d, not a usage error", input ? input : "(null)", st);
	assert_int_equal(err->status, JF_USAGE);
	assert_true(strlen(err->message) > 0);
	assert_printable(err->message);
}

static void
amount_ok(const char *text, int64_t want)
{
	struct jf_error err;
	int64_t fen = -1;

	if (parse_amount_fen(text, &fen, &err) != JF_OK)
		fail_msg("amount '%s' refused: %s", text, err.message);
	assert_int_equal(fen, want);
}

static void
amount_bad(const char *text)
{
	struct jf_error err;
	int64_t fen = 12345;

	assert_refused(parse_amount_fen(text, &fen, &err), &err, text);
	assert_int_equal(fen, 12345); /* left alone on a refusal */
}

static void
test_amount_good(void **state)
{
	amount_ok("199.00", 19900);
	amount_ok("199.5", 19950);
	amount_ok("199", 19900);
	amount_ok("199.05", 19905);
	amount_ok("0.01", 1);
	amount_ok("0", 0);
	amount_ok("1000000000", PARSE_FEN_MAX);
}

static void
test_amount_bad(void **state)
{
	static const char *const bad[] = {
		"abc", "-5", "+5", "1e9", "12.345", "", " 1", "1 ", "99999999999999999999",
		"1.", ".5", "1,00", "1..0", "1.2.3", "0x10", "1000000001", "1000000000.01",
		"\xef\xbc\x91", /* a full-width digit one */
		"\x1b[2J",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		amount_bad(bad[i]);
	amount_bad(NULL);
}

/* Whatever the parser accepts fits the ledger's own bound. */
static void
test_amount_never_above_max(void **state)
{
	static const char *const edge[] = { "1000000000.99", "1000000000.5", "999999999.99" };
	struct jf_error err;
	int64_t fen;

	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		if (parse_amount_fen(edge[i], &fen, &err) == JF_OK)
			assert_true(fen <= PARSE_FEN_MAX);
	amount_ok("999999999.99", PARSE_FEN_MAX - 1);
}

static void
test_format_fen_round_trip(void **state)
{
	char text[24];
	struct jf_error err;
	int64_t fen;

	parse_format_fen(19900, text, sizeof text);
	assert_string_equal(text, "199.00");
	parse_format_fen(5, text, sizeof text);
	assert_string_equal(text, "0.05");
	parse_format_fen(-150, text, sizeof text);
	assert_string_equal(text, "-1.50");
	for (int64_t v = 0; v < 100000; v += 37) {
		parse_format_fen(v, text, sizeof text);
		assert_int_equal(parse_amount_fen(text, &fen, &err), JF_OK);
		assert_int_equal(fen, v);
	}
}

static void
points_bad(const char *text)
{
	struct jf_error err;
	int64_t points = 77;

	assert_refused(parse_points(text, &points, &err), &err, text);
	assert_int_equal(points, 77);
	assert_non_null(strstr(err.message, "points"));
}

static void
test_points(void **state)
{
	static const char *const bad[] = {
		"0", "-5", "1e9", "1000000001", "18446744073709551616", "", " 7", "7 ", "+7",
		"1.0", "abc", "9223372036854775808",
	};
	struct jf_error err;
	int64_t points = 0;

	assert_int_equal(parse_points("1", &points, &err), JF_OK);
	assert_int_equal(points, 1);
	assert_int_equal(parse_points("1000000000", &points, &err), JF_OK);
	assert_int_equal(points, PARSE_POINTS_MAX);
	assert_int_equal(parse_points("250", &points, &err), JF_OK);
	assert_int_equal(points, 250);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		points_bad(bad[i]);
	points_bad(NULL);
}

static void
test_int_range_names_what(void **state)
{
	struct jf_error err;
	int64_t v = 0;

	assert_int_equal(parse_int_range("limit", "10", 10, 20, &v, &err), JF_OK);
	assert_int_equal(v, 10);
	assert_int_equal(parse_int_range("limit", "20", 10, 20, &v, &err), JF_OK);
	assert_int_equal(v, 20);
	assert_refused(parse_int_range("limit", "9", 10, 20, &v, &err), &err, "9");
	assert_non_null(strstr(err.message, "limit"));
	assert_refused(parse_int_range("limit", "21", 10, 20, &v, &err), &err, "21");
	assert_int_equal(v, 20);
}

static void
test_card(void **state)
{
	static const char *const bad[] = {
		"1234567", "12345678901234567890", "1234 5678", "1234-5678", "abcdefgh", "",
		" 12345678", "12345678 ", "１２３４５６７８",
	};
	struct jf_error err;

	assert_int_equal(parse_card("12345678", CARD_CHECK_NONE, &err), JF_OK);
	assert_int_equal(parse_card("1234567890123456789", CARD_CHECK_NONE, &err), JF_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_refused(parse_card(bad[i], CARD_CHECK_NONE, &err), &err, bad[i]);
		assert_refused(parse_card(bad[i], CARD_CHECK_LUHN, &err), &err, bad[i]);
	}
	assert_refused(parse_card(NULL, CARD_CHECK_NONE, &err), &err, NULL);
	/* Luhn: only when asked for. */
	assert_int_equal(parse_card("4111111111111111", CARD_CHECK_LUHN, &err), JF_OK);
	assert_int_equal(parse_card("79927398713", CARD_CHECK_LUHN, &err), JF_OK);
	assert_refused(parse_card("4111111111111112", CARD_CHECK_LUHN, &err), &err, "4111...2");
	assert_non_null(strstr(err.message, "check digit"));
	assert_refused(parse_card("79927398710", CARD_CHECK_LUHN, &err), &err, "7992...0");
	assert_int_equal(parse_card("79927398710", CARD_CHECK_NONE, &err), JF_OK);
}

static void
test_date(void **state)
{
	static const char *const good[] = { "2024-02-29", "2000-02-29", "2026-12-31", "1970-01-01",
					    "1969-12-31", "1948-10-01", "1900-01-01", "9999-12-31" };
	static const char *const bad[] = {
		"2026-02-30", "2025-02-29", "2100-02-29", "2026-1-01", "2026-01-1", "2026-13-01",
		"2026-00-10", "2026-01-32", "2026-04-31", "1899-12-31", "1900-02-29", "2026/01/01",
		"2026-01-01T00:00", " 2026-01-01", "2026-01-01 ", "", "20260101", "2026-0a-01",
		"+2026-01-01",
	};
	struct jf_error err;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (parse_date(good[i], &err) != JF_OK)
			fail_msg("%s refused: %s", good[i], err.message);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_refused(parse_date(bad[i], &err), &err, bad[i]);
	assert_refused(parse_date(NULL, &err), &err, NULL);
}

static void
name_bad(const char *text, const char *why)
{
	struct jf_error err;

	assert_refused(parse_name("name", text, &err), &err, why);
	assert_non_null(strstr(err.message, "name"));
}

/* n copies of a string, for long names; the caller frees. */
static char *
repeat(const char *s, size_t n)
{
	size_t len = strlen(s);
	char *out = malloc(len * n + 1);

	assert_non_null(out);
	for (size_t i = 0; i < n; i++)
		memcpy(out + i * len, s, len);
	out[len * n] = '\0';
	return out;
}

static void
test_name(void **state)
{
	struct jf_error err;
	char *s;

	assert_int_equal(parse_name("name", "Li Wei", &err), JF_OK);
	assert_int_equal(parse_name("name", "王小明", &err), JF_OK);
	assert_int_equal(parse_name("name", "José Müller-Łukasz", &err), JF_OK);
	/* Text for the database is bound, never pasted into SQL: this is just a name. */
	assert_int_equal(parse_name("name", "Robert'); DROP TABLE member;--", &err), JF_OK);

	name_bad("", "empty");
	name_bad("   ", "blank");
	name_bad(NULL, "null");
	name_bad("\x1b[2J", "ESC sequence");
	name_bad("Li\x1b]0;owned\x07Wei", "OSC sequence");
	name_bad("Li\xc2\x9b" "2J", "C1 CSI");
	name_bad("Li\xc2\x85Wei", "C1 NEL");
	name_bad("Li\x7fWei", "DEL");
	name_bad("Li\tWei", "tab");
	name_bad("Li\nWei", "newline");
	name_bad("Li\rWei", "carriage return");
	name_bad("\xff", "invalid byte");
	name_bad("Li \xe7\x8e", "truncated UTF-8");
	name_bad("\xc0\xaf", "overlong slash");
	name_bad("\xed\xa0\x80", "surrogate");
	name_bad("\xf4\x90\x80\x80", "above U+10FFFF");

	s = repeat("a", 64);
	assert_int_equal(parse_name("name", s, &err), JF_OK);
	free(s);
	s = repeat("a", 65);
	name_bad(s, "65 characters");
	free(s);
	/* The limit counts characters, not bytes. */
	s = repeat("王", 64);
	assert_int_equal(parse_name("name", s, &err), JF_OK);
	free(s);
	s = repeat("王", 65);
	name_bad(s, "65 Chinese characters");
	free(s);
	s = repeat("x", 10000);
	name_bad(s, "10000 bytes");
	free(s);
}

static void
test_text_limit(void **state)
{
	struct jf_error err;
	char *s = repeat("好", 200);

	assert_int_equal(parse_text("reason", s, 200, &err), JF_OK);
	assert_refused(parse_text("reason", s, 199, &err), &err, "200 chars");
	assert_non_null(strstr(err.message, "reason"));
	free(s);
}

static void
test_phone(void **state)
{
	static const char *const good[] = { "13800138000", "+86 138-0013-8000", "110",
					    "12345678901234567890" };
	static const char *const bad[] = { "12", "abc", "", "123456789012345678901", "138\n0013",
					   "+-  ", "1-2", "(010)12345", "138x0013" };
	struct jf_error err;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (parse_phone(good[i], &err) != JF_OK)
			fail_msg("%s refused: %s", good[i], err.message);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_refused(parse_phone(bad[i], &err), &err, bad[i]);
	assert_refused(parse_phone(NULL, &err), &err, NULL);
}

static void
test_pin(void **state)
{
	static const char *const bad[] = { "123", "1234567", "12a4", "", " 1234", "1234 ", "-123",
					   "１２３４" };
	struct jf_error err;

	assert_int_equal(parse_pin("1234", &err), JF_OK);
	assert_int_equal(parse_pin("000000", &err), JF_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_refused(parse_pin(bad[i], &err), &err, bad[i]);
	assert_refused(parse_pin(NULL, &err), &err, NULL);
	/* A refused PIN is never echoed: the message must not carry it. */
	assert_refused(parse_pin("98765432", &err), &err, "long pin");
	assert_null(strstr(err.message, "98765432"));
}

static void
test_key(void **state)
{
	static const char *const bad[] = { "", "a b", "中", "\x1b", "a\tb", "a\nb", "\x7f" };
	struct jf_error err;
	char *s;

	assert_int_equal(parse_key("receipt", "R-2026-0001", &err), JF_OK);
	assert_int_equal(parse_key("receipt", "a:b/c?d=e&f", &err), JF_OK);
	s = repeat("k", 64);
	assert_int_equal(parse_key("receipt", s, &err), JF_OK);
	free(s);
	s = repeat("k", 65);
	assert_refused(parse_key("receipt", s, &err), &err, "65 chars");
	free(s);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_refused(parse_key("receipt", bad[i], &err), &err, bad[i]);
		assert_non_null(strstr(err.message, "receipt"));
	}
	assert_refused(parse_key("receipt", NULL, &err), &err, NULL);
}

/* A store's code ([store] code, --store): 1 to 16 of A-Z a-z 0-9 -. */
static void
test_store(void **state)
{
	static const char *const bad[] = { "", "S 01", "S.01", "店01", "S01;", "\x1b[2J", "a/b",
					   "S_01", "S%" };
	struct jf_error err;

	assert_int_equal(parse_store("S001", &err), JF_OK);
	assert_int_equal(parse_store("north-2-B", &err), JF_OK);
	assert_int_equal(parse_store("S0123456789ABCDE", &err), JF_OK);
	assert_refused(parse_store("S0123456789ABCDEF", &err), &err, "17 chars");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_refused(parse_store(bad[i], &err), &err, bad[i]);
		assert_non_null(strstr(err.message, "store code"));
	}
	assert_refused(parse_store(NULL, &err), &err, NULL);
}

/* Quote into a buffer with guard bytes on both sides; check the guards and the text. */
static void
quote_checked(const char *text, size_t out_size)
{
	char buf[128 + 16];
	char *out = buf + 8;

	memset(buf, 0x5a, sizeof buf);
	assert_true(out_size <= 128);
	parse_quote(text, out, out_size);
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(buf[i], 0x5a);
	for (size_t i = 8 + out_size; i < sizeof buf; i++)
		assert_int_equal(buf[i], 0x5a);
	if (out_size == 0)
		return;
	assert_true(strlen(out) < out_size);
	assert_true(strlen(out) <= 43); /* 40 characters and "..." */
	assert_printable(out);
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
}

static void
test_quote_never_emits_control_bytes(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 4, 5, 8, 41, 44, 48, 128 };
	char text[200];
	char out[64];

	/* Every byte value, alone, in a run, and mixed with text. */
	for (int b = 1; b < 256; b++) {
		for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
			snprintf(text, sizeof text, "%c", b);
			quote_checked(text, sizes[k]);
			memset(text, b, sizeof text - 1);
			text[sizeof text - 1] = '\0';
			quote_checked(text, sizes[k]);
			snprintf(text, sizeof text, "ab%ccd%c%cef", b, b, b);
			quote_checked(text, sizes[k]);
		}
	}
	parse_quote("\x1b[2Jhello", out, sizeof out);
	assert_string_equal(out, "?[2Jhello");
	parse_quote("plain", out, sizeof out);
	assert_string_equal(out, "plain");
	memset(text, 'x', 100);
	text[100] = '\0';
	parse_quote(text, out, sizeof out);
	assert_int_equal(strlen(out), 43);
	assert_string_equal(out + 40, "...");
}

/* An error message quoting hostile input stays printable. */
static void
test_messages_quote_safely(void **state)
{
	static const char *const hostile[] = { "\x1b[2J\x1b[H", "\xc2\x9b" "31m", "a\rb\nc",
					       "\x07\x08\x7f" };
	struct jf_error err;
	int64_t v;

	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		assert_refused(parse_amount_fen(hostile[i], &v, &err), &err, "hostile");
		assert_refused(parse_points(hostile[i], &v, &err), &err, "hostile");
		assert_refused(parse_card(hostile[i], CARD_CHECK_NONE, &err), &err, "hostile");
		assert_refused(parse_date(hostile[i], &err), &err, "hostile");
		assert_refused(parse_name("name", hostile[i], &err), &err, "hostile");
		assert_refused(parse_phone(hostile[i], &err), &err, "hostile");
		assert_refused(parse_key("key", hostile[i], &err), &err, "hostile");
	}
}

/* Import files say which line a problem is on: every kind of line end
 * counts as one, and a file's last line may have none. */
static void
test_line_length(void **state)
{
	(void)state;
	assert_int_equal(parse_line_length("ab\ncd", 5), 3);
	assert_int_equal(parse_line_length("ab\r\ncd", 6), 4);
	assert_int_equal(parse_line_length("ab\rcd", 5), 3);
	assert_int_equal(parse_line_length("abcd", 4), 4);
	assert_int_equal(parse_line_length("ab\r", 3), 3);
	assert_int_equal(parse_line_length("", 0), 0);
	assert_true(parse_blank(" \t\r\n", 4));
	assert_true(parse_blank("", 0));
	assert_false(parse_blank(" x ", 3));
	assert_false(parse_blank(" \0 ", 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amount_good),
		cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_amount_bad),
		cmocka_unit_test(test_amount_never_above_max),
		cmocka_unit_test(test_format_fen_round_trip),
		cmocka_unit_test(test_points),
		cmocka_unit_test(test_int_range_names_what),
		cmocka_unit_test(test_card),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_text_limit),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_pin),
		cmocka_unit_test(test_key),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_quote_never_emits_control_bytes),
		cmocka_unit_test(test_messages_quote_safely),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
