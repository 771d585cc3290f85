/*
 * qr_tool: the helper of tests/qr/decode.sh.
 *
 *   qr_tool info TEXT                      version, width and rendering sizes
 *   qr_tool png TEXT FILE                  qr_write_png, 4 pixels a module
 *   qr_tool halfblock-png TEXT FILE [inverse]
 *   qr_tool ascii-png TEXT FILE [inverse]
 *
 * The last two take the TEXT that core renders for a screen and paint it
 * back into pixels the way a terminal shows it: with inverse 0 (the kiosk's
 * light-on-dark terminal) ink glyphs are light on a dark background, with
 * inverse 1 ink is dark on a light background. The rendering sits inside a
 * margin of terminal background, as on a screen. The picture is what a
 * camera pointed at the terminal would see, so if zbarimg decodes it, the
 * on-screen code scans. The tool reads glyphs only; any other character
 * in the rendering makes it fail.
 */
#include "config.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qr.h"
#include "xalloc.h"

#define TOOL_SCALE 4   /* pixels per module */
#define TOOL_MARGIN 4  /* modules of terminal background around the rendering */

/* Ink per module cell, as read back from a rendering. */
struct cells {
	int width, height;
	unsigned char *ink;
};

static void
cells_set(struct cells *c, int x, int y, int ink)
{
	if (x >= c->width || y >= c->height) {
		fprintf(stderr, "qr_tool: rendering wider or taller than expected\n");
		exit(1);
	}
	c->ink[(size_t)y * (size_t)c->width + (size_t)x] = (unsigned char)ink;
}

/* Count the lines and the glyphs on the first line, to size the grid. */
static void
text_shape(const char *text, int utf8, int *cols, int *lines)
{
	const char *nl = strchr(text, '\n');
	int bytes = nl ? (int)(nl - text) : (int)strlen(text);
	int glyphs = 0;

	for (int i = 0; i < bytes; i++)
		if (utf8 ? (text[i] & 0xc0) != 0x80 : 1)
			glyphs++;
	*cols = utf8 ? glyphs : glyphs / 2;
	*lines = 0;
	for (const char *p = text; *p; p++)
		if (*p == '\n')
			++*lines;
}

static void
bad_glyph(const char *p)
{
	fprintf(stderr, "qr_tool: unexpected character in the rendering: \"%.4s\"\n", p);
	exit(1);
}

/* Each column one module wide, each text row two modules tall. */
static struct cells
read_halfblocks(const char *text)
{
	struct cells c;
	int row = 0, x = 0;

	text_shape(text, 1, &c.width, &c.height);
	c.height *= 2;
	c.ink = xcalloc((size_t)c.width * (size_t)c.height, 1);
	for (const char *p = text; *p; ) {
		int top, bottom;

		if (*p == '\n') {
			if (x != c.width)
				bad_glyph(p);
			row++, x = 0, p++;
			continue;
		}
		if (*p == ' ')
			top = 0, bottom = 0, p += 1;
		else if (strncmp(p, "\xe2\x96\x88", 3) == 0)
			top = 1, bottom = 1, p += 3;
		else if (strncmp(p, "\xe2\x96\x80", 3) == 0)
			top = 1, bottom = 0, p += 3;
		else if (strncmp(p, "\xe2\x96\x84", 3) == 0)
			top = 0, bottom = 1, p += 3;
		else
			bad_glyph(p);
		cells_set(&c, x, 2 * row, top);
		cells_set(&c, x, 2 * row + 1, bottom);
		x++;
	}
	return c;
}

/* Two characters a module, one line a module row. */
static struct cells
read_ascii(const char *text)
{
	struct cells c;
	int y = 0, x = 0;

	text_shape(text, 0, &c.width, &c.height);
	c.ink = xcalloc((size_t)c.width * (size_t)c.height, 1);
	for (const char *p = text; *p; ) {
		if (*p == '\n') {
			if (x != c.width)
				bad_glyph(p);
			y++, x = 0, p++;
		} else if (strncmp(p, "##", 2) == 0) {
			cells_set(&c, x++, y, 1);
			p += 2;
		} else if (strncmp(p, "  ", 2) == 0) {
			cells_set(&c, x++, y, 0);
			p += 2;
		} else {
			bad_glyph(p);
		}
	}
	return c;
}

/* Paint the cells as a terminal shows them and save the picture. */
static int
write_screen_png(const struct cells *c, int inverse, const char *path)
{
	int w = (c->width + 2 * TOOL_MARGIN) * TOOL_SCALE;
	int h = (c->height + 2 * TOOL_MARGIN) * TOOL_SCALE;
	unsigned char *pixels = xmalloc((size_t)w * (size_t)h);
	png_image image;
	int ok;

	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			int cx = x / TOOL_SCALE - TOOL_MARGIN, cy = y / TOOL_SCALE - TOOL_MARGIN;
			int ink = cx >= 0 && cy >= 0 && cx < c->width && cy < c->height &&
				  c->ink[(size_t)cy * (size_t)c->width + (size_t)cx];

			/* Light-on-dark: ink is light. Dark-on-light: ink is dark. */
			pixels[(size_t)y * (size_t)w + (size_t)x] = ink != inverse ? 255 : 0;
		}
	}
	memset(&image, 0, sizeof image);
	image.version = PNG_IMAGE_VERSION;
	image.width = (png_uint_32)w;
	image.height = (png_uint_32)h;
	image.format = PNG_FORMAT_GRAY;
	ok = png_image_write_to_file(&image, path, 0, pixels, w, NULL);
	if (!ok)
		fprintf(stderr, "qr_tool: %s: %s\n", path, image.message);
	free(pixels);
	return ok ? 0 : 1;
}

static int
usage(void)
{
	fputs("usage: qr_tool info TEXT | png TEXT FILE | halfblock-png TEXT FILE [inverse]"
	      " | ascii-png TEXT FILE [inverse]\n", stderr);
	return 2;
}

int
main(int argc, char **argv)
{
	struct qr_matrix m;
	struct jf_error err;
	const char *cmd;
	int rc = 0, inverse;

	if (argc < 3)
		return usage();
	cmd = argv[1];
	inverse = argc > 4 && strcmp(argv[4], "inverse") == 0;
	if (strcmp(cmd, "info") != 0 && argc < 4)
		return usage();
	jf_error_clear(&err);
	if (qr_encode(argv[2], &m, &err) != JF_OK) {
		fprintf(stderr, "qr_tool: %s\n", err.message);
		return 1;
	}
	if (strcmp(cmd, "info") == 0) {
		printf("version %d width %d cols %d rows %d\n", qr_version(&m), m.width,
		       qr_render_cols(&m), qr_render_rows(&m));
	} else if (strcmp(cmd, "png") == 0) {
		if (qr_write_png(&m, TOOL_SCALE, argv[3], &err) != JF_OK) {
			fprintf(stderr, "qr_tool: %s\n", err.message);
			rc = 1;
		}
	} else if (strcmp(cmd, "halfblock-png") == 0 || strcmp(cmd, "ascii-png") == 0) {
		int half = strcmp(cmd, "halfblock-png") == 0;
		char *text = half ? qr_render_halfblocks(&m, inverse) : qr_render_ascii(&m, inverse);
		struct cells c = half ? read_halfblocks(text) : read_ascii(text);

		rc = write_screen_png(&c, inverse, argv[3]);
		free(c.ink);
		free(text);
	} else {
		rc = usage();
	}
	qr_matrix_done(&m);
	return rc;
}
