/*
 * test_qr: the QR module. A code must fit the kiosk's 80x24 screen with its
 * quiet zone, and every rendering (half blocks, ASCII, PNG) must show exactly
 * the matrix, module for module, in the agreed colours. Scanning is proved
 * separately by decode.sh with a real decoder.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qr.h"
#include "xalloc.h"

#define FULL "\xe2\x96\x88"
#define UPPER "\xe2\x96\x80"
#define LOWER "\xe2\x96\x84"

/* Voucher-like codes: "JF1" and 37 characters of A-Z2-7, 40 in all. */
static const char *const vouchers[] = {
	"JF1ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDE",
	"JF1Q7ZK3MX2W5VBN4RT6YHGFDSPLAEUIOC2J3K4M",
	"JF1222222222222222222222222222222222222Z",
	"JF1-ZZZZ-YYYY-XXXX-7777-6666-5555-AB3C4D",
};

static void
encode(const char *text, struct qr_matrix *m)
{
	struct jf_error err;

	jf_error_clear(&err);
	assert_int_equal(qr_encode(text, m, &err), JF_OK);
	assert_non_null(m->modules);
}

static int
dark(const struct qr_matrix *m, int x, int y)
{
	return m->modules[(size_t)y * (size_t)m->width + (size_t)x];
}

/* Dark or not with the quiet zone around: x, y from 0 to cols - 1. */
static int
padded_dark(const struct qr_matrix *m, int x, int y)
{
	x -= QR_QUIET_ZONE;
	y -= QR_QUIET_ZONE;
	if (x < 0 || y < 0 || x >= m->width || y >= m->width)
		return 0;
	return dark(m, x, y);
}

/*
 * Read a half-block rendering back into ink per module: ink[y * cols + x]
 * for y up to 2 * rows. Fails the test on a line of the wrong width, a
 * wrong count of lines, or any character that is not one of the four.
 */
static unsigned char *
read_halfblocks(const char *text, int cols, int rows)
{
	unsigned char *ink = xcalloc((size_t)cols * (size_t)rows * 2, 1);
	const char *p = text;

	for (int row = 0; row < rows; row++) {
		for (int x = 0; x < cols; x++) {
			int top = 0, bottom = 0;

			if (*p == ' ') {
				top = 0, bottom = 0, p += 1;
			} else if (strncmp(p, FULL, 3) == 0) {
				top = 1, bottom = 1, p += 3;
			} else if (strncmp(p, UPPER, 3) == 0) {
				top = 1, bottom = 0, p += 3;
			} else if (strncmp(p, LOWER, 3) == 0) {
				top = 0, bottom = 1, p += 3;
			} else {
				fail_msg("row %d column %d: unexpected \"%.3s\"", row, x, p);
			}
			ink[(size_t)(2 * row) * (size_t)cols + (size_t)x] = (unsigned char)top;
			ink[(size_t)(2 * row + 1) * (size_t)cols + (size_t)x] = (unsigned char)bottom;
		}
		if (*p != '\n')
			fail_msg("row %d is longer than %d columns", row, cols);
		p++;
	}
	assert_string_equal(p, "");
	return ink;
}

static void
test_size_formula(void **state)
{
	unsigned char modules[177 * 177] = { 0 };
	struct qr_matrix v1 = { 21, modules }, v40 = { 177, modules };

	(void)state;
	assert_int_equal(qr_version(&v1), 1);
	assert_int_equal(qr_render_cols(&v1), 21 + 8);
	assert_int_equal(qr_render_rows(&v1), 15);
	assert_int_equal(qr_version(&v40), 40);
	assert_int_equal(qr_render_cols(&v40), 185);
	assert_int_equal(qr_render_rows(&v40), 93);
}

/* The issue's requirement: a voucher and one line of text fit in 80x24. */
static void
test_voucher_fits_80x24(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof vouchers / sizeof vouchers[0]; i++) {
		struct qr_matrix m;

		assert_int_equal(strlen(vouchers[i]), 40);
		encode(vouchers[i], &m);
		assert_int_equal(m.width, 17 + 4 * qr_version(&m));
		assert_in_range(qr_version(&m), 1, 4);
		assert_in_range(qr_render_cols(&m), 1, 80);
		assert_in_range(qr_render_rows(&m), 1, 23);
		qr_matrix_done(&m);
	}
}

/*
 * Upper-case codes go in alphanumeric mode: 61 such characters fit version
 * 3 at level M, where bytes would need version 4. Lower case keeps its case
 * and so needs byte mode, a bigger code.
 */
static void
test_alphanumeric_keeps_code_small(void **state)
{
	const char *upper = "JF1ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	const char *lower = "jf1abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwxyz";
	struct qr_matrix m;

	(void)state;
	assert_int_equal(strlen(upper), 61);
	encode(upper, &m);
	assert_int_equal(qr_version(&m), 3);
	qr_matrix_done(&m);
	encode(lower, &m);
	assert_int_equal(qr_version(&m), 4);
	qr_matrix_done(&m);
}

/* A finder pattern: dark 7x7 ring, light ring, dark 3x3 centre, light separator. */
static void
assert_finder(const struct qr_matrix *m, int left, int top)
{
	for (int dy = -1; dy <= 7; dy++) {
		for (int dx = -1; dx <= 7; dx++) {
			int x = left + dx, y = top + dy;
			int ax = abs(dx - 3), ay = abs(dy - 3);
			int ring = ax > ay ? ax : ay;

			if (x < 0 || y < 0 || x >= m->width || y >= m->width)
				continue;
			if (dark(m, x, y) != (ring == 3 || ring <= 1))
				fail_msg("finder at %d,%d: module %d,%d is wrong", left, top, x, y);
		}
	}
}

/* The matrix holds libqrencode's colour bit only, the right way round. */
static void
test_matrix_has_finders(void **state)
{
	struct qr_matrix m;

	(void)state;
	encode(vouchers[0], &m);
	for (int i = 0; i < m.width * m.width; i++)
		assert_in_range(m.modules[i], 0, 1);
	assert_finder(&m, 0, 0);
	assert_finder(&m, m.width - 7, 0);
	assert_finder(&m, 0, m.width - 7);
	qr_matrix_done(&m);
	assert_null(m.modules);
	assert_int_equal(m.width, 0);
	qr_matrix_done(&m);
}

/* Every module, quiet zone included, is ink exactly when it should be. */
static void
check_halfblocks(const char *code, int inverse)
{
	struct qr_matrix m;
	char *text;
	unsigned char *ink;
	int cols, rows;

	encode(code, &m);
	cols = qr_render_cols(&m);
	rows = qr_render_rows(&m);
	text = qr_render_halfblocks(&m, inverse);
	ink = read_halfblocks(text, cols, rows);
	for (int y = 0; y < 2 * rows; y++) {
		for (int x = 0; x < cols; x++) {
			/* Past the last module row the terminal shows background. */
			int want = y >= cols ? 0 : padded_dark(&m, x, y) == inverse;

			if (ink[(size_t)y * (size_t)cols + (size_t)x] != want)
				fail_msg("%s inverse %d: module %d,%d", code, inverse, x, y);
		}
	}
	free(ink);
	free(text);
	qr_matrix_done(&m);
}

static void
test_halfblocks_match_matrix(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof vouchers / sizeof vouchers[0]; i++) {
		check_halfblocks(vouchers[i], 0);
		check_halfblocks(vouchers[i], 1);
	}
	check_halfblocks("1", 0);
	check_halfblocks("a longer text in byte mode, with lower case: 0123456789", 0);
}

/* Count the display columns of one line, each glyph being one column. */
static int
line_columns(const char *line, size_t bytes)
{
	int n = 0;

	for (size_t i = 0; i < bytes; i++)
		if ((line[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static void
test_halfblock_lines_fit(void **state)
{
	struct qr_matrix m;
	char *text;
	const char *p;
	int lines = 0;

	(void)state;
	encode(vouchers[1], &m);
	text = qr_render_halfblocks(&m, 0);
	for (p = text; *p; lines++) {
		const char *nl = strchr(p, '\n');

		assert_non_null(nl);
		assert_int_equal(line_columns(p, (size_t)(nl - p)), qr_render_cols(&m));
		p = nl + 1;
	}
	assert_int_equal(lines, qr_render_rows(&m));
	free(text);
	qr_matrix_done(&m);
}

/* What the eye sees: the top two lines and the last are quiet zone only. */
static void
test_quiet_zone_is_light(void **state)
{
	struct qr_matrix m;
	char *text, *inv, *line;
	int cols;

	(void)state;
	encode(vouchers[2], &m);
	cols = qr_render_cols(&m);
	text = qr_render_halfblocks(&m, 0);
	inv = qr_render_halfblocks(&m, 1);
	line = xcalloc((size_t)cols * 3 + 2, 1);
	for (int i = 0; i < cols; i++)
		strcat(line, FULL);
	strcat(line, "\n");
	/* Light is ink by default: 4 quiet module rows are two full lines. */
	assert_memory_equal(text, line, strlen(line));
	assert_memory_equal(text + strlen(line), line, strlen(line));
	line[0] = '\0';
	for (int i = 0; i < cols; i++)
		strcat(line, UPPER);
	strcat(line, "\n");
	assert_string_equal(text + strlen(text) - strlen(line), line);
	/* Inverse draws dark as ink: the quiet zone is blank. */
	memset(line, ' ', (size_t)cols);
	strcpy(line + cols, "\n");
	assert_memory_equal(inv, line, strlen(line));
	assert_string_equal(inv + strlen(inv) - strlen(line), line);
	free(line);
	free(inv);
	free(text);
	qr_matrix_done(&m);
}

static void
check_ascii(const char *code, int inverse)
{
	struct qr_matrix m;
	char *text;
	const char *p;
	int size;

	encode(code, &m);
	size = qr_render_cols(&m);
	text = qr_render_ascii(&m, inverse);
	p = text;
	for (int y = 0; y < size; y++) {
		for (int x = 0; x < size; x++, p += 2) {
			const char *want = padded_dark(&m, x, y) == inverse ? "##" : "  ";

			if (strncmp(p, want, 2) != 0)
				fail_msg("%s inverse %d: module %d,%d is \"%.2s\"", code, inverse, x,
					 y, p);
		}
		assert_int_equal(*p, '\n');
		p++;
	}
	assert_string_equal(p, "");
	/* The first line is quiet zone: ink by default, blank in inverse. */
	assert_int_equal(text[0], inverse ? ' ' : '#');
	assert_int_equal(strspn(text, inverse ? " " : "#"), (size_t)size * 2);
	free(text);
	qr_matrix_done(&m);
}

static void
test_ascii_matches_matrix(void **state)
{
	(void)state;
	check_ascii(vouchers[0], 0);
	check_ascii(vouchers[0], 1);
	check_ascii(vouchers[3], 0);
}

static void
test_encode_refuses_empty(void **state)
{
	struct qr_matrix m = { 99, (unsigned char *)&m };
	struct jf_error err;

	(void)state;
	jf_error_clear(&err);
	assert_int_equal(qr_encode("", &m, &err), JF_USAGE);
	assert_int_equal(err.status, JF_USAGE);
	assert_true(err.message[0] != '\0');
	assert_null(m.modules);
	assert_int_equal(m.width, 0);
	jf_error_clear(&err);
	assert_int_equal(qr_encode(NULL, &m, &err), JF_USAGE);
	assert_true(err.message[0] != '\0');
	qr_matrix_done(&m);
}

static void
test_encode_refuses_too_long(void **state)
{
	char *text = xmalloc(4001);
	struct qr_matrix m;
	struct jf_error err;

	(void)state;
	memset(text, 'x', 4000);
	text[4000] = '\0';
	jf_error_clear(&err);
	assert_int_equal(qr_encode(text, &m, &err), JF_USAGE);
	assert_non_null(strstr(err.message, "too long"));
	assert_null(m.modules);
	free(text);
}

static char *
temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/jifen-qr-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	assert_non_null(mkdtemp(dir));
	return dir;
}

/* The PNG, read back: quiet zone and every module, scale pixels a side. */
static void
check_png(const struct qr_matrix *m, int scale, const char *path)
{
	png_image image;
	unsigned char *pixels;
	int size = qr_render_cols(m) * scale;

	memset(&image, 0, sizeof image);
	image.version = PNG_IMAGE_VERSION;
	assert_true(png_image_begin_read_from_file(&image, path));
	assert_int_equal(image.width, size);
	assert_int_equal(image.height, size);
	image.format = PNG_FORMAT_GRAY;
	pixels = xmalloc(PNG_IMAGE_SIZE(image));
	assert_true(png_image_finish_read(&image, NULL, pixels, 0, NULL));
	for (int y = 0; y < size; y++) {
		for (int x = 0; x < size; x++) {
			int want = padded_dark(m, x / scale, y / scale) ? 0 : 255;

			if (pixels[(size_t)y * (size_t)size + (size_t)x] != want)
				fail_msg("scale %d: pixel %d,%d", scale, x, y);
		}
	}
	free(pixels);
}

static void
test_png(void **state)
{
	char *dir = temp_dir();
	char *path = xasprintf("%s/code.png", dir);
	char *nowhere = xasprintf("%s/missing/code.png", dir);
	struct qr_matrix m;
	struct jf_error err;
	struct stat st;

	(void)state;
	encode(vouchers[0], &m);
	jf_error_clear(&err);
	assert_int_equal(qr_write_png(&m, 4, path, &err), JF_OK);
	check_png(&m, 4, path);
	assert_int_equal(qr_write_png(&m, 7, path, &err), JF_OK);
	check_png(&m, 7, path);
	assert_int_equal(unlink(path), 0);

	/* Too small a module to scan: refused, and nothing written. */
	assert_int_equal(qr_write_png(&m, 3, path, &err), JF_USAGE);
	assert_true(err.message[0] != '\0');
	assert_int_equal(stat(path, &st), -1);

	jf_error_clear(&err);
	assert_int_equal(qr_write_png(&m, 4, nowhere, &err), JF_ERR);
	assert_non_null(strstr(err.message, nowhere));

	qr_matrix_done(&m);
	assert_int_equal(rmdir(dir), 0);
	free(nowhere);
	free(path);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_formula),
		cmocka_unit_test(test_voucher_fits_80x24),
		cmocka_unit_test(test_alphanumeric_keeps_code_small),
		cmocka_unit_test(test_matrix_has_finders),
		cmocka_unit_test(test_halfblocks_match_matrix),
		cmocka_unit_test(test_halfblock_lines_fit),
		cmocka_unit_test(test_quiet_zone_is_light),
		cmocka_unit_test(test_ascii_matches_matrix),
		cmocka_unit_test(test_encode_refuses_empty),
		cmocka_unit_test(test_encode_refuses_too_long),
		cmocka_unit_test(test_png),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
