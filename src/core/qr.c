/*
 * qr: QR codes as plain matrices (libqrencode), rendered as UTF-8 half
 * blocks, as ASCII, or written as a PNG (libpng).
 *
 * Never prints and never touches a terminal: libpng's own error and warning
 * printers are replaced, so a failure comes back as a jf_status only.
 */
#include "config.h"

#include <errno.h>
#include <png.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qr.h"
#include "xalloc.h"

/* U+2588, U+2580 and U+2584: one terminal column each. */
#define QR_FULL "\xe2\x96\x88"
#define QR_UPPER "\xe2\x96\x80"
#define QR_LOWER "\xe2\x96\x84"

enum jf_status
qr_encode(const char *text, struct qr_matrix *out, struct jf_error *err)
{
	QRcode *code;
	size_t n;

	out->width = 0;
	out->modules = NULL;
	if (text == NULL || text[0] == '\0')
		return jf_fail(err, JF_USAGE, "nothing to encode in a QR code");
	/*
	 * Case-sensitive, so a code reads back exactly as given; libqrencode
	 * still picks numeric or alphanumeric mode for runs that allow it, which
	 * keeps an upper-case voucher code at a small version.
	 */
	code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (code == NULL) {
		if (errno == ERANGE)
			return jf_fail(err, JF_USAGE, "text too long for a QR code (%zu bytes)",
				       strlen(text));
		return jf_fail(err, JF_ERR, "cannot encode the QR code: %s", strerror(errno));
	}
	n = (size_t)code->width * (size_t)code->width;
	out->width = code->width;
	out->modules = xmalloc(n);
	/* Bit 0 is the module's colour; the other bits only say what kind of module it is. */
	for (size_t i = 0; i < n; i++)
		out->modules[i] = code->data[i] & 1;
	QRcode_free(code);
	return JF_OK;
}

void
qr_matrix_done(struct qr_matrix *m)
{
	free(m->modules);
	m->modules = NULL;
	m->width = 0;
}

int
qr_version(const struct qr_matrix *m)
{
	return (m->width - 17) / 4;
}

int
qr_render_cols(const struct qr_matrix *m)
{
	return m->width + 2 * QR_QUIET_ZONE;
}

int
qr_render_rows(const struct qr_matrix *m)
{
	return (qr_render_cols(m) + 1) / 2;
}

/* Dark or not, in coordinates that include the quiet zone (which is light). */
static int
qr_dark(const struct qr_matrix *m, int x, int y)
{
	x -= QR_QUIET_ZONE;
	y -= QR_QUIET_ZONE;
	if (x < 0 || y < 0 || x >= m->width || y >= m->width)
		return 0;
	return m->modules[(size_t)y * (size_t)m->width + (size_t)x];
}

/*
 * Whether a module is drawn as ink. Below the last module row (a QR side is
 * odd, so the last text row has only an upper half) nothing is drawn: the
 * terminal's background there is outside the code.
 */
static int
qr_ink(const struct qr_matrix *m, int x, int y, int inverse)
{
	if (y >= qr_render_cols(m))
		return 0;
	return inverse ? qr_dark(m, x, y) : !qr_dark(m, x, y);
}

char *
qr_render_halfblocks(const struct qr_matrix *m, int inverse)
{
	int cols = qr_render_cols(m), rows = qr_render_rows(m);
	/* Three bytes per column at most, a newline per row, a terminator. */
	char *text = xmalloc((size_t)rows * ((size_t)cols * 3 + 1) + 1);
	char *p = text;

	for (int row = 0; row < rows; row++) {
		for (int x = 0; x < cols; x++) {
			int top = qr_ink(m, x, 2 * row, inverse);
			int bottom = qr_ink(m, x, 2 * row + 1, inverse);
			const char *glyph = top ? (bottom ? QR_FULL : QR_UPPER) : (bottom ? QR_LOWER : " ");
			size_t len = strlen(glyph);

			memcpy(p, glyph, len);
			p += len;
		}
		*p++ = '\n';
	}
	*p = '\0';
	return text;
}

char *
qr_render_ascii(const struct qr_matrix *m, int inverse)
{
	int size = qr_render_cols(m);
	char *text = xmalloc((size_t)size * ((size_t)size * 2 + 1) + 1);
	char *p = text;

	for (int y = 0; y < size; y++) {
		for (int x = 0; x < size; x++) {
			char c = qr_ink(m, x, y, inverse) ? '#' : ' ';

			*p++ = c;
			*p++ = c;
		}
		*p++ = '\n';
	}
	*p = '\0';
	return text;
}

/* libpng reports through these instead of printing. */
static void
qr_png_error(png_structp png, png_const_charp msg)
{
	struct jf_error *err = png_get_error_ptr(png);

	jf_fail(err, JF_ERR, "cannot write the PNG: %s", msg);
	png_longjmp(png, 1);
}

static void
qr_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/*
 * Everything the jump target touches is set before setjmp() and not changed
 * after it, so no local variable can be clobbered by the longjmp.
 */
static enum jf_status
qr_png_rows(const struct qr_matrix *m, int scale, FILE *file, unsigned char *row,
	    struct jf_error *err)
{
	png_structp png;
	png_infop info;
	int size = qr_render_cols(m) * scale;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, err, qr_png_error, qr_png_warning);
	if (png == NULL)
		return jf_fail(err, JF_ERR, "cannot write the PNG: libpng failed to start");
	info = png_create_info_struct(png);
	if (info == NULL) {
		png_destroy_write_struct(&png, NULL);
		return jf_fail(err, JF_ERR, "cannot write the PNG: libpng failed to start");
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return JF_ERR;
	}
	png_init_io(png, file);
	png_set_IHDR(png, info, (png_uint_32)size, (png_uint_32)size, 8, PNG_COLOR_TYPE_GRAY,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < size; y++) {
		for (int x = 0; x < size; x++)
			row[x] = qr_dark(m, x / scale, y / scale) ? 0 : 255;
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	return JF_OK;
}

enum jf_status
qr_write_png(const struct qr_matrix *m, int scale, const char *path, struct jf_error *err)
{
	FILE *file;
	unsigned char *row;
	enum jf_status st;

	/* Below 4 pixels a module, printers and phone cameras start to lose it. */
	if (scale < 4 || scale > 64)
		return jf_fail(err, JF_USAGE, "a QR code needs 4 to 64 pixels a module, not %d",
			       scale);
	file = fopen(path, "wb");
	if (file == NULL)
		return jf_fail(err, JF_ERR, "cannot write %s: %s", path, strerror(errno));
	row = xmalloc((size_t)qr_render_cols(m) * (size_t)scale);
	st = qr_png_rows(m, scale, file, row, err);
	free(row);
	if (fclose(file) != 0 && st == JF_OK)
		st = jf_fail(err, JF_ERR, "cannot write %s: %s", path, strerror(errno));
	/* A half-written image must not be mistaken for a code. */
	if (st != JF_OK)
		remove(path);
	return st;
}
