/*
 * escpos: ESC/POS commands into a growing buffer (see escpos.h).
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "escpos.h"
#include "xalloc.h"

static void
put(struct escpos *p, const void *bytes, size_t n)
{
	if (p->len + n > p->cap) {
		while (p->len + n > p->cap)
			p->cap = p->cap ? p->cap * 2 : 256;
		p->data = xrealloc(p->data, p->cap);
	}
	memcpy(p->data + p->len, bytes, n);
	p->len += n;
}

static void
put3(struct escpos *p, int a, int b, int c)
{
	unsigned char cmd[3] = { (unsigned char)a, (unsigned char)b, (unsigned char)c };

	put(p, cmd, sizeof cmd);
}

void
escpos_begin(struct escpos *p)
{
	static const unsigned char start[] = { ESCPOS_ESC, '@', ESCPOS_FS, '&' };

	memset(p, 0, sizeof *p);
	put(p, start, sizeof start);
}

void
escpos_free(struct escpos *p)
{
	free(p->data);
	memset(p, 0, sizeof *p);
}

void
escpos_align(struct escpos *p, enum escpos_align align)
{
	put3(p, ESCPOS_ESC, 'a', align == ESCPOS_CENTER ? 1 : 0);
}

void
escpos_bold(struct escpos *p, int on)
{
	put3(p, ESCPOS_ESC, 'E', on ? 1 : 0);
}

void
escpos_double(struct escpos *p, int on)
{
	put3(p, ESCPOS_GS, '!', on ? 0x11 : 0x00);
}

/* Bytes below 0x20 (and DEL) would be commands: they become '?'. */
static void
put_clean(struct escpos *p, const char *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		put(p, c < 0x20 || c == 0x7f ? "?" : &in[i], 1);
	}
}

void
escpos_text(struct escpos *p, const char *utf8)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char *in = (char *)utf8;
	size_t left = strlen(utf8);
	char out[256];

	if (cd == (iconv_t)-1) {
		/* No GB18030 in this C library: ASCII still prints. */
		put_clean(p, utf8, left);
		return;
	}
	while (left > 0) {
		char *o = out;
		size_t room = sizeof out;
		size_t rc = iconv(cd, &in, &left, &o, &room);

		put_clean(p, out, (size_t)(o - out));
		if (rc == (size_t)-1 && errno != E2BIG) {
			/* Not UTF-8 (EILSEQ, EINVAL): one '?' for the bad byte. */
			put(p, "?", 1);
			in++;
			left--;
		}
	}
	iconv_close(cd);
}

void
escpos_line(struct escpos *p, const char *utf8)
{
	static const unsigned char lf = ESCPOS_LF;

	escpos_text(p, utf8);
	put(p, &lf, 1);
}

/* GS ( k pL pH cn fn [args]: cn 49 is the QR code symbol. */
static void
qr_command(struct escpos *p, int fn, const void *args, size_t n)
{
	unsigned char head[7] = { ESCPOS_GS, '(', 'k', (unsigned char)((n + 2) & 0xff),
				  (unsigned char)((n + 2) >> 8), 49, (unsigned char)fn };

	put(p, head, sizeof head);
	put(p, args, n);
}

int
escpos_qr(struct escpos *p, const char *data, int module)
{
	size_t n = strlen(data);
	unsigned char model[2] = { 50, 0 }; /* model 2 */
	unsigned char size = (unsigned char)(module < 1 ? 1 : module > 16 ? 16 : module);
	unsigned char level = 49; /* M: survives a crease */
	unsigned char *store;

	if (n == 0 || n > ESCPOS_QR_MAX)
		return -1;
	qr_command(p, 65, model, sizeof model);
	qr_command(p, 67, &size, 1);
	qr_command(p, 69, &level, 1);
	store = xmalloc(n + 1);
	store[0] = 48; /* m = 48 */
	memcpy(store + 1, data, n);
	qr_command(p, 80, store, n + 1);
	free(store);
	qr_command(p, 81, "0", 1);
	return 0;
}

void
escpos_cut(struct escpos *p, int lines)
{
	unsigned char cut[4] = { ESCPOS_GS, 'V', 66, 0 };

	put3(p, ESCPOS_ESC, 'd', lines < 0 ? 0 : lines > 255 ? 255 : lines);
	put(p, cut, sizeof cut);
}
