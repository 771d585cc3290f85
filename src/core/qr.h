/*
 * qr: QR codes as plain matrices, and their renderings (libqrencode).
 *
 * Core draws no screen: a code is a matrix of modules first; the kiosk
 * (src/tui) and `jifen voucher show --qr` print the same rendering text.
 */
#ifndef JIFEN_QR_H
#define JIFEN_QR_H

#include <stddef.h>

#include "status.h"

#define QR_QUIET_ZONE 4

struct qr_matrix {
	int width;               /* modules per side, without quiet zone */
	unsigned char *modules;  /* width * width, 1 = dark; owned, freed by qr_matrix_done */
};

/*
 * Encode text (alphanumeric-friendly, ECC level M), case kept. Empty or
 * over-long text is JF_USAGE. On success the caller owns *out and ends it
 * with qr_matrix_done; on failure *out is empty.
 */
enum jf_status qr_encode(const char *text, struct qr_matrix *out, struct jf_error *err);
void qr_matrix_done(struct qr_matrix *m);
/* The QR version (1..40) of an encoded matrix: width = 17 + 4 * version. */
int qr_version(const struct qr_matrix *m);

/* Columns and rows the half-block rendering takes, quiet zone included. */
int qr_render_cols(const struct qr_matrix *m);
int qr_render_rows(const struct qr_matrix *m);

/*
 * UTF-8 half blocks, two module rows per text row, quiet zone of
 * QR_QUIET_ZONE modules, lines ended by '\n'. Light modules are drawn as
 * ink, for the usual light-on-dark terminal; inverse = 1 draws dark modules
 * as ink, for dark-on-light. A side is odd, so the last row has only its
 * upper half drawn. qr_render_rows(m) lines of qr_render_cols(m) columns
 * each; the result is the caller's to free().
 */
char *qr_render_halfblocks(const struct qr_matrix *m, int inverse);
/*
 * The same in plain ASCII ("##" for ink, "  " for blank: two characters per
 * module, one row per module row) for terminals without UTF-8; caller frees.
 * It is a fallback: qr_render_cols(m) * 2 columns and qr_render_cols(m) rows,
 * so a voucher code exceeds 24 rows (and may exceed 80 columns).
 */
char *qr_render_ascii(const struct qr_matrix *m, int inverse);

/*
 * A PNG (libpng, 8-bit grey, dark modules black on white) with scale pixels
 * per module (4 to 64, else JF_USAGE) and the quiet zone: a square of
 * qr_render_cols(m) * scale pixels. A failed write leaves no file.
 */
enum jf_status qr_write_png(const struct qr_matrix *m, int scale, const char *path,
			    struct jf_error *err);

#endif
