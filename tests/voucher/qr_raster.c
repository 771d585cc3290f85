/*
 * qr_raster: paint the text of `jifen voucher show CODE --qr` as a
 * terminal shows it, so that zbarimg can try to scan it (voucher.sh).
 *
 *   jifen voucher show CODE --qr | qr_raster OUT.png
 *
 * It reads what the program printed, not what core would render: the lines
 * of half blocks (U+2588 full, U+2580 upper, U+2584 lower, and spaces) up
 * to the first line with any other character (the short-code line under
 * the code). Each character is one module wide and two modules tall. When
 * piped, jifen draws light modules as ink for a light-on-dark terminal, so
 * ink is painted light on a dark background, with a margin of that
 * background around it, as on a screen. Lines of unequal width, or no
 * block lines at all, are an error: a broken rendering must not pass.
 */
#include "config.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCALE 4  /* pixels per module */
#define MARGIN 4 /* modules of terminal background around the text */
#define MAX_SIDE 400

static unsigned char ink[MAX_SIDE][MAX_SIDE];

/* One line of glyphs into module rows 2 * row and 2 * row + 1; its width,
 * or -1 if the line holds anything but half blocks and spaces. */
static int
read_line(const char *line, int row)
{
	int x = 0, top, bottom;

	for (const char *p = line; *p && *p != '\n';) {
		if (*p == ' ')
			top = 0, bottom = 0, p += 1;
		else if (strncmp(p, "\xe2\x96\x88", 3) == 0)
			top = 1, bottom = 1, p += 3;
		else if (strncmp(p, "\xe2\x96\x80", 3) == 0)
			top = 1, bottom = 0, p += 3;
		else if (strncmp(p, "\xe2\x96\x84", 3) == 0)
			top = 0, bottom = 1, p += 3;
		else
			return -1;
		if (x >= MAX_SIDE || 2 * row + 1 >= MAX_SIDE)
			return -1;
		ink[2 * row][x] = (unsigned char)top;
		ink[2 * row + 1][x] = (unsigned char)bottom;
		x++;
	}
	return x;
}

static int
write_png(const char *path, int width, int height)
{
	int w = (width + 2 * MARGIN) * SCALE, h = (height + 2 * MARGIN) * SCALE;
	unsigned char *pixels = calloc((size_t)w * (size_t)h, 1);
	png_image image;
	int ok;

	if (pixels == NULL)
		return 0;
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			int cx = x / SCALE - MARGIN, cy = y / SCALE - MARGIN;

			if (cx >= 0 && cy >= 0 && cx < width && cy < height && ink[cy][cx])
				pixels[(size_t)y * (size_t)w + (size_t)x] = 255;
		}
	}
	memset(&image, 0, sizeof image);
	image.version = PNG_IMAGE_VERSION;
	image.width = (png_uint_32)w;
	image.height = (png_uint_32)h;
	image.format = PNG_FORMAT_GRAY;
	ok = png_image_write_to_file(&image, path, 0, pixels, w, NULL);
	if (!ok)
		fprintf(stderr, "qr_raster: %s: %s\n", path, image.message);
	free(pixels);
	return ok;
}

int
main(int argc, char **argv)
{
	char line[4096];
	int rows = 0, width = -1, w;

	if (argc != 2) {
		fputs("usage: qr_raster OUT.png < rendering\n", stderr);
		return 2;
	}
	while (fgets(line, sizeof line, stdin) != NULL) {
		w = read_line(line, rows);
		if (w < 0)
			break; /* the short-code line: the code is above it */
		if (width >= 0 && w != width) {
			fprintf(stderr, "qr_raster: line %d is %d wide, the first was %d\n", rows + 1,
				w, width);
			return 1;
		}
		width = w;
		rows++;
	}
	if (rows == 0 || width <= 0) {
		fputs("qr_raster: no half-block lines in the input\n", stderr);
		return 1;
	}
	return write_png(argv[1], width, 2 * rows) ? 0 : 1;
}
