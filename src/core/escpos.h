/*
 * escpos: bytes for an ESC/POS receipt printer (DESIGN.md "Receipts").
 *
 * A buffer that grows as commands are appended; nothing here opens a
 * device, reads the ledger or draws on a screen. Text is given in UTF-8
 * and sent in GB18030 (iconv), the encoding of the Chinese receipt
 * printers a store buys: escpos_begin() resets the printer (ESC @) and
 * enters its Kanji mode (FS &) so that two-byte GB18030 characters print
 * as characters; ASCII is the same in GB18030, so English needs no other
 * code page. A character GB18030 cannot take (invalid UTF-8) becomes '?'.
 *
 * The commands used, for whoever writes a decoder or meets a printer that
 * differs (Epson's ESC/POS reference):
 *   ESC @         initialise             FS &  / FS .   Kanji mode on / off
 *   ESC a n       align 0 left 1 centre  ESC E n        bold on (1) / off (0)
 *   GS ! n        size: 0x00 normal, 0x11 double width and height
 *   LF            print the line         ESC d n        feed n lines
 *   GS ( k        QR code: fn 65 model 2, fn 67 module size, fn 69 error
 *                 correction (49 = M), fn 80 store the data, fn 81 print
 *   GS V 66 n     feed n and cut (partial cut where the cutter has one)
 */
#ifndef JIFEN_ESCPOS_H
#define JIFEN_ESCPOS_H

#include <stddef.h>

#define ESCPOS_ESC 0x1b
#define ESCPOS_GS 0x1d
#define ESCPOS_FS 0x1c
#define ESCPOS_LF 0x0a

/* The most a QR command can store (pL pH count the data plus 3 bytes). */
#define ESCPOS_QR_MAX 7089

enum escpos_align { ESCPOS_LEFT = 0, ESCPOS_CENTER = 1 };

/* The bytes so far; data is the caller's to free with escpos_free(). */
struct escpos {
	unsigned char *data;
	size_t len, cap;
};

/* Start a receipt: ESC @, then FS & (Kanji mode, for GB18030). */
void escpos_begin(struct escpos *p);
void escpos_free(struct escpos *p);

void escpos_align(struct escpos *p, enum escpos_align align);
void escpos_bold(struct escpos *p, int on);
/* Double width and height (a heading), or normal. */
void escpos_double(struct escpos *p, int on);
/* UTF-8 text without line breaks, in GB18030; control characters other
 * than LF become '?', so stored text can never send a command. */
void escpos_text(struct escpos *p, const char *utf8);
/* Text and LF. */
void escpos_line(struct escpos *p, const char *utf8);
/* The printer's own QR code of data (at most ESCPOS_QR_MAX bytes; a longer
 * payload is not printed: returns -1). module: dot size 1..16. */
int escpos_qr(struct escpos *p, const char *data, int module);
/* Feed lines, then cut. */
void escpos_cut(struct escpos *p, int lines);

#endif
