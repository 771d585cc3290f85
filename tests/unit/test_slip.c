/*
 * test_slip: receipts. The ESC/POS bytes are parsed back into commands and
 * text by a small decoder (GB18030 back to UTF-8 with iconv), so the tests
 * assert what a printer would print: the words, the headings, the QR
 * payload and the cut. The printer is a file, a FIFO nobody reads, a
 * device that does not exist and /dev/full: the slip is always kept, the
 * action never fails, and a reprint later prints it.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "escpos.h"
#include "fixture.h"
#include "printer.h"
#include "slip.h"
#include "verify.h"
#include "xalloc.h"

/* ---- the decoder ---- */

struct decoded {
	int inits, kanji, cuts, qr_prints, qr_model, qr_level, qr_size;
	char text[16384];    /* every line, UTF-8, '\n' after each */
	char heading[256];   /* the first line printed bold at double size */
	char qr[ESCPOS_QR_MAX + 1];
	int bold, size;
	char pending[4096];  /* GB18030 bytes of the line being read */
	size_t npending;
};

static void
to_utf8(const char *in, size_t n, char *out, size_t size)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	char *i = (char *)in, *o = out;
	size_t left = n, room = size - 1;

	assert_true(cd != (iconv_t)-1);
	if (iconv(cd, &i, &left, &o, &room) == (size_t)-1)
		fail_msg("not GB18030: %.*s", (int)n, in);
	*o = '\0';
	iconv_close(cd);
}

/* A line ends: its text (UTF-8) joins d->text. */
static void
end_line(struct decoded *d)
{
	char line[4096];

	to_utf8(d->pending, d->npending, line, sizeof line);
	d->npending = 0;
	if (d->heading[0] == '\0' && d->bold && d->size == 0x11)
		memcpy(d->heading, line, strlen(line) < sizeof d->heading - 1 ? strlen(line) + 1
									      : sizeof d->heading - 1);
	assert_true(strlen(d->text) + strlen(line) + 2 < sizeof d->text);
	strcat(d->text, line);
	strcat(d->text, "\n");
}

/* GS ( k pL pH cn fn data: the QR functions. Returns the bytes used. */
static size_t
qr_function(struct decoded *d, const unsigned char *p, size_t left)
{
	size_t n;

	assert_true(left >= 7);
	n = (size_t)p[3] | (size_t)p[4] << 8;
	assert_true(left >= 5 + n && n >= 2);
	assert_int_equal(p[5], 49);
	switch (p[6]) {
	case 65: d->qr_model = p[7]; break;
	case 67: d->qr_size = p[7]; break;
	case 69: d->qr_level = p[7]; break;
	case 80:
		assert_int_equal(p[7], 48);
		assert_true(n - 3 <= ESCPOS_QR_MAX);
		memcpy(d->qr, p + 8, n - 3);
		d->qr[n - 3] = '\0';
		break;
	case 81: d->qr_prints++; break;
	default: fail_msg("unknown QR function %d", p[6]);
	}
	return 5 + n;
}

/* One command at p; returns its length. Unknown ones fail the test. */
static size_t
command(struct decoded *d, const unsigned char *p, size_t left)
{
	assert_true(left >= 2);
	if (p[0] == ESCPOS_ESC && p[1] == '@') {
		d->inits++;
		return 2;
	}
	if (p[0] == ESCPOS_FS && (p[1] == '&' || p[1] == '.')) {
		d->kanji = p[1] == '&';
		return 2;
	}
	assert_true(left >= 3);
	if (p[0] == ESCPOS_ESC && (p[1] == 'a' || p[1] == 'd'))
		return 3;
	if (p[0] == ESCPOS_ESC && p[1] == 'E') {
		d->bold = p[2];
		return 3;
	}
	if (p[0] == ESCPOS_GS && p[1] == '!') {
		d->size = p[2];
		return 3;
	}
	if (p[0] == ESCPOS_GS && p[1] == 'V') {
		d->cuts++;
		return p[2] == 65 || p[2] == 66 ? 4 : 3;
	}
	if (p[0] == ESCPOS_GS && p[1] == '(' && p[2] == 'k')
		return qr_function(d, p, left);
	fail_msg("unknown command %02x %02x", p[0], p[1]);
	return 0;
}

static void
decode(const unsigned char *p, size_t len, struct decoded *d)
{
	memset(d, 0, sizeof *d);
	for (size_t i = 0; i < len;) {
		if (p[i] == ESCPOS_LF) {
			end_line(d);
			i++;
		} else if (p[i] >= 0x20 && p[i] != 0x7f) {
			assert_true(d->npending < sizeof d->pending);
			assert_true(d->kanji || p[i] < 0x80); /* GB18030 needs Kanji mode */
			d->pending[d->npending++] = (char)p[i++];
		} else {
			assert_int_equal(d->npending, 0); /* no command inside a line */
			i += command(d, p + i, len - i);
		}
	}
	assert_int_equal(d->npending, 0);
}

static unsigned char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = xmalloc(1 << 16);

	assert_non_null(f);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

/* ---- composing and encoding ---- */

static const struct slip_head head_zh = { "好又多超市", "C01", "staff:S017",
					  1772330400 /* 2026-03-01 10:00 +08 */, PRINT_ZH, 32 };

/* No line is wider than the paper (non-ASCII counts two columns). */
static void
assert_width(const char *text, int width)
{
	int w = 0;

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n') {
			w = 0;
			continue;
		}
		if (*p < 0x80)
			w++;
		else if ((*p & 0xc0) != 0x80)
			w += 2;
		if (w > width)
			fail_msg("a line wider than %d columns in:\n%s", width, text);
	}
}

static void
test_compose_purchase_zh(void **state)
{
	struct slip_data d = { .kind = SLIP_PURCHASE, .ref = "R1001", .card = "8800000001",
			       .points = 199, .balance = 1234 };
	char *text = slip_compose(&head_zh, &d);

	(void)state;
	assert_true(!strncmp(text, "好又多超市\n积分小票\n", strlen("好又多超市\n积分小票\n")));
	assert_non_null(strstr(text, "时间            2026-03-01 10:00\n"));
	assert_non_null(strstr(text, "终端                         C01\n"));
	assert_non_null(strstr(text, "收银员                      S017\n"));
	assert_non_null(strstr(text, "会员                    ****0001\n"));
	assert_non_null(strstr(text, "小票号                     R1001\n"));
	assert_non_null(strstr(text, "本次积分                     199\n"));
	assert_non_null(strstr(text, "积分余额                    1234\n"));
	assert_null(strstr(text, "8800000001")); /* only the last four digits */
	assert_width(text, 32);
	free(text);
}

static void
test_compose_offset_en(void **state)
{
	struct slip_head h = head_zh;
	struct slip_data d = { .kind = SLIP_OFFSET, .ref = "B77", .points = 1200,
			       .balance = -1, .bill_fen = 5000, .paid_fen = 1200, .cash_fen = 3800 };
	char *text;

	(void)state;
	h.language = PRINT_EN;
	h.width = 48;
	h.actor = "shell:alice";
	text = slip_compose(&h, &d);
	assert_non_null(strstr(text, "\nPOINTS PAYMENT\n"));
	assert_non_null(strstr(text, "Staff"));
	assert_non_null(strstr(text, "shell alice\n"));
	assert_non_null(strstr(text, "Bill total"));
	assert_non_null(strstr(text, "50.00 yuan\n"));
	assert_non_null(strstr(text, "Points used"));
	assert_non_null(strstr(text, "Paid by points                        12.00 yuan\n"));
	assert_non_null(strstr(text, "Cash to pay                           38.00 yuan\n"));
	assert_null(strstr(text, "Balance")); /* balance < 0: left out */
	assert_non_null(strstr(text, "\nThank you\n"));
	assert_width(text, 48);
	free(text);
}

/* A purchase of lines with green goods says both kinds; without, no green line. */
static void
test_compose_purchase_green(void **state)
{
	struct slip_data d = { .kind = SLIP_PURCHASE, .ref = "R1002", .points = 150,
			       .balance = 1384, .green = 12, .green_balance = 40 };
	char *text = slip_compose(&head_zh, &d);

	(void)state;
	assert_non_null(strstr(text, "本次积分                     150\n"
				     "本次绿色积分                  12\n"
				     "积分余额                    1384\n"
				     "绿色积分余额                  40\n"));
	assert_width(text, 32);
	free(text);
	d.green = 0;
	text = slip_compose(&head_zh, &d);
	assert_null(strstr(text, "绿色"));
	free(text);
}

/* A purchase queued while the ledger was away (queue.h): the amount and
 * the promise, no points nor balance (nothing is known of them yet). */
static void
test_compose_purchase_pending(void **state)
{
	struct slip_head h = head_zh;
	struct slip_data d = { .kind = SLIP_PURCHASE, .ref = "R-OFF-1", .card = "8800000001",
			       .bill_fen = 12000, .balance = -1, .pending = 1 };
	char *text;

	(void)state;
	text = slip_compose(&head_zh, &d);
	assert_non_null(strstr(text, "消费金额"));
	assert_non_null(strstr(text, "积分稍后入账\n"));
	assert_null(strstr(text, "本次积分"));
	assert_null(strstr(text, "积分余额"));
	assert_width(text, 32);
	free(text);
	h.language = PRINT_EN;
	text = slip_compose(&h, &d);
	assert_non_null(strstr(text, "\nReceipt"));
	assert_non_null(strstr(text, "120.00 yuan\n"));
	assert_non_null(strstr(text, "\nPoints will be added\n"));
	assert_null(strstr(text, "Points earned"));
	assert_null(strstr(text, "Balance"));
	assert_non_null(strstr(text, "Member                  ****0001\n"));
	free(text);
}

/* A long item name wraps under its label; a return says its shortfall and
 * the points given back. */
static void
test_compose_voucher_and_return(void **state)
{
	struct slip_data v = { .kind = SLIP_VOUCHER, .ref = "ABCD-EFGH-K", .points = 500,
			       .item = "不锈钢保温杯（五百毫升，蓝色，带提绳）", .qr = "JF1XYZ",
			       .cash_fen = 990 };
	struct slip_data r = { .kind = SLIP_RETURN, .ref = "R9", .points = 30, .shortfall = 20,
			       .balance = 0 };
	char *text = slip_compose(&head_zh, &v);

	(void)state;
	assert_non_null(strstr(text, "\n兑换凭证\n"));
	assert_non_null(strstr(text, "商品\n  不锈钢保温杯"));
	assert_non_null(strstr(text, "兑换码               ABCD-EFGH-K\n"));
	assert_non_null(strstr(text, "9.90 元\n"));
	assert_null(strstr(text, "积分余额"));
	assert_width(text, 32);
	free(text);
	text = slip_compose(&head_zh, &r);
	assert_non_null(strstr(text, "扣回积分                      30\n"));
	assert_non_null(strstr(text, "未能扣回                      20\n"));
	assert_non_null(strstr(text, "积分余额                       0\n"));
	assert_null(strstr(text, "退回积分"));
	free(text);
	/* Points that paid part of the sale come back, with what they paid. */
	r.given = 7500;
	r.paid_fen = 7500;
	text = slip_compose(&head_zh, &r);
	assert_non_null(strstr(text, "退回积分                    7500\n"));
	assert_non_null(strstr(text, "积分抵扣"));
	assert_non_null(strstr(text, "75.00 元\n"));
	assert_width(text, 32);
	free(text);
}

/* Chinese survives UTF-8 -> GB18030 -> UTF-8; the QR and the cut are there. */
/* A prize at the counter: the game or task, the prize, the voucher's short
 * code (none for points) and no balance; its kind's name round-trips. */
static void
test_compose_prize(void **state)
{
	struct slip_data d = { .kind = SLIP_PRIZE, .ref = "game:7", .source = "柜台礼品",
			       .prize = "满50减10券", .short_code = "HRJ8-R8FK-4", .qr = "JF1XYZ",
			       .balance = 120 };
	struct slip_head en = head_zh;
	enum slip_kind kind;
	char *text = slip_compose(&head_zh, &d);

	(void)state;
	assert_non_null(strstr(text, "\n游戏任务奖品\n"));
	assert_non_null(strstr(text, "游戏或任务              柜台礼品\n"));
	assert_non_null(strstr(text, "奖品                  满50减10券\n"));
	assert_non_null(strstr(text, "兑换码               HRJ8-R8FK-4\n"));
	assert_null(strstr(text, "积分余额"));
	assert_width(text, 32);
	free(text);
	d.short_code = NULL;
	en.language = PRINT_EN;
	d.source = "Counter gift";
	d.prize = "20 points";
	text = slip_compose(&en, &d);
	assert_non_null(strstr(text, "\nPRIZE\n"));
	assert_non_null(strstr(text, "Prize                  20 points\n"));
	assert_null(strstr(text, "Code"));
	free(text);
	assert_string_equal(slip_kind_name(SLIP_PRIZE), "prize");
	assert_int_equal(slip_kind_parse("prize", &kind, NULL), JF_OK);
	assert_int_equal(kind, SLIP_PRIZE);
}

static void
test_escpos_round_trip(void **state)
{
	struct slip_data d = { .kind = SLIP_VOUCHER, .ref = "ABCD-EFGH-K", .points = 500,
			       .item = "保温杯", .qr = "JF1ABCDEFGHJKMNPQRSTVWXYZ0123456789AB" };
	char *text = slip_compose(&head_zh, &d);
	struct decoded *dec = xcalloc(1, sizeof *dec);
	unsigned char *bytes;
	size_t len;

	(void)state;
	bytes = slip_escpos(text, d.qr, &len);
	/* ESC @, then FS & before any text; 积分 in GB18030 is BB FD B7 D6. */
	assert_memory_equal(bytes, "\x1b@\x1c&", 4);
	assert_non_null(memmem(bytes, len, "\xb1\xa3\xce\xc2\xb1\xad", 6)); /* 保温杯 */
	assert_null(memmem(bytes, len, "保温杯", strlen("保温杯")));      /* not UTF-8 */
	decode(bytes, len, dec);
	assert_int_equal(dec->inits, 1);
	assert_int_equal(dec->kanji, 1);
	assert_string_equal(dec->text, text);
	assert_string_equal(dec->heading, "好又多超市");
	assert_string_equal(dec->qr, d.qr);
	assert_int_equal(dec->qr_prints, 1);
	assert_int_equal(dec->qr_model, 50);
	assert_int_equal(dec->qr_level, 49);
	assert_int_equal(dec->cuts, 1);
	/* The cut is the last command. */
	assert_memory_equal(bytes + len - 4, "\x1dV\x42\x00", 4);
	free(bytes);
	free(text);
	free(dec);
}

/* Stored text can never send a command; bad UTF-8 prints as '?'. */
static void
test_escpos_text_is_only_text(void **state)
{
	struct escpos p;
	struct decoded *dec = xcalloc(1, sizeof *dec);

	(void)state;
	escpos_begin(&p);
	escpos_line(&p, "a\x1b@b\x1dV\x41\x03" "c");
	escpos_line(&p, "x\xff\xfey 中");
	assert_int_equal(escpos_qr(&p, "", 4), -1);
	escpos_cut(&p, 2);
	decode(p.data, p.len, dec);
	assert_string_equal(dec->text, "a?@b?VA?c\nx??y 中\n");
	assert_int_equal(dec->inits, 1);
	assert_int_equal(dec->cuts, 1);
	assert_int_equal(dec->qr_prints, 0);
	escpos_free(&p);
	free(dec);
}

/* ---- kept and printed ---- */

static struct slip_data purchase = { .kind = SLIP_PURCHASE, .ref = "R1", .card = "10000001",
				     .points = 20, .balance = 120 };

static void
use_printer(struct fixture *f, const char *name)
{
	char path[PATH_MAX + 64];

	if (name[0] == '/')
		snprintf(path, sizeof path, "%s", name);
	else
		snprintf(path, sizeof path, "%s/%s", f->dir, name);
	assert_true(strlen(path) < sizeof f->cfg.printer_device);
	memcpy(f->cfg.printer_device, path, strlen(path) + 1);
}

static int64_t
printed(struct fixture *f, int64_t id)
{
	struct slip s;
	struct jf_error err;
	int p;

	assert_int_equal(slip_get(&f->lg, id, &s, &err), JF_OK);
	p = s.printed;
	slip_done(&s);
	return p;
}

static void
test_print_to_file(void **state)
{
	struct fixture *f = *state;
	struct slip_data d = { .kind = SLIP_VOUCHER, .ref = "ABCD-EFGH-K", .points = 500,
			       .item = "保温杯", .qr = "JF1QRPAYLOAD" };
	struct printer_outcome out;
	struct jf_error err;
	struct decoded *dec = xcalloc(1, sizeof *dec);
	struct slip s;
	unsigned char *bytes;
	int64_t id;
	size_t len;
	int fd;

	use_printer(f, "paper");
	fd = open(f->cfg.printer_device, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	f->cfg.printer_language = PRINT_ZH;
	assert_int_equal(slip_issue(&f->lg, &d, &id, &out, &err), JF_OK);
	assert_int_equal(out.printed, 1);
	bytes = read_file(f->cfg.printer_device, &len);
	decode(bytes, len, dec);
	free(bytes);
	assert_string_equal(dec->heading, "jifen");
	assert_non_null(strstr(dec->text, "\n兑换凭证\n"));
	assert_non_null(strstr(dec->text, "保温杯"));
	assert_non_null(strstr(dec->text, "兑换码               ABCD-EFGH-K\n"));
	assert_non_null(strstr(dec->text, "shell tester\n"));
	assert_string_equal(dec->qr, "JF1QRPAYLOAD");
	assert_int_equal(dec->cuts, 1);
	assert_int_equal(slip_get(&f->lg, id, &s, &err), JF_OK);
	assert_int_equal(s.printed, 1);
	assert_int_equal(s.prints, 1);
	assert_string_equal(s.printed_by, "shell:tester");
	assert_string_equal(s.qr, "JF1QRPAYLOAD");
	assert_int_equal(s.kind, SLIP_VOUCHER);
	assert_string_equal(s.text, dec->text); /* the kept words are the printed ones */
	slip_done(&s);
	/* A reprint appends the same slip again. */
	assert_int_equal(slip_reprint(&f->lg, id, &out, &err), JF_OK);
	assert_int_equal(out.printed, 1);
	bytes = read_file(f->cfg.printer_device, &len);
	decode(bytes, len, dec);
	free(bytes);
	assert_int_equal(dec->inits, 2);
	assert_int_equal(dec->cuts, 2);
	assert_int_equal(slip_get(&f->lg, id, &s, &err), JF_OK);
	assert_int_equal(s.prints, 2);
	slip_done(&s);
	fixture_verify_ok(f);
	free(dec);
}

/* Nobody reads the FIFO: kept, not printed; with a reader, a reprint prints. */
static void
test_fifo_without_reader(void **state)
{
	struct fixture *f = *state;
	struct printer_outcome out;
	struct jf_error err;
	struct decoded *dec = xcalloc(1, sizeof *dec);
	unsigned char buf[8192];
	int64_t id;
	ssize_t n;
	int rd;

	use_printer(f, "fifo");
	assert_int_equal(mkfifo(f->cfg.printer_device, 0600), 0);
	assert_int_equal(slip_issue(&f->lg, &purchase, &id, &out, &err), JF_OK);
	assert_true(id > 0);
	assert_int_equal(out.printed, 0);
	assert_int_equal(out.errnum, ENXIO);
	assert_non_null(strstr(out.why, "nobody is reading"));
	assert_int_equal(printed(f, id), 0);
	rd = open(f->cfg.printer_device, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	assert_int_equal(slip_reprint(&f->lg, id, &out, &err), JF_OK);
	assert_int_equal(out.printed, 1);
	n = read(rd, buf, sizeof buf);
	close(rd);
	assert_true(n > 0);
	decode(buf, (size_t)n, dec);
	assert_non_null(strstr(dec->text, "本次积分                      20\n"));
	assert_int_equal(dec->cuts, 1);
	assert_int_equal(printed(f, id), 1);
	free(dec);
}

/* A printer that takes nothing more (a full pipe): not printed once the
 * time is up, never a wait without end; then nobody reading at all. */
static void
test_fifo_reader_gone(void **state)
{
	struct fixture *f = *state;
	struct printer_outcome out;
	unsigned char big[200000];
	char path[PATH_MAX];
	int rd;

	(void)state;
	snprintf(path, sizeof path, "%s/fifo2", f->dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	rd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	memset(big, 'x', sizeof big);
	/* The pipe fills (nobody reads): not taken within the time. */
	printer_send(path, big, sizeof big, 0, &out);
	assert_int_equal(out.printed, 0);
	assert_int_equal(out.errnum, ETIMEDOUT);
	close(rd);
	printer_send(path, big, 10, 0, &out); /* no reader any more */
	assert_int_equal(out.printed, 0);
	assert_int_equal(out.errnum, ENXIO);
}

static void
test_missing_and_full(void **state)
{
	struct fixture *f = *state;
	struct slip_data r = { .kind = SLIP_RETURN, .ref = "R1", .points = 20, .balance = -1 };
	struct printer_outcome out;
	struct jf_error err;
	int64_t id, id2;
	int fd;

	use_printer(f, "usb/lp0");
	assert_int_equal(slip_issue(&f->lg, &r, &id, &out, &err), JF_OK);
	assert_int_equal(out.printed, 0);
	assert_int_equal(out.errnum, ENOENT);
	assert_int_equal(printed(f, id), 0);
	if (access("/dev/full", W_OK) == 0) {
		use_printer(f, "/dev/full");
		assert_int_equal(slip_reprint(&f->lg, id, &out, &err), JF_OK);
		assert_int_equal(out.printed, 0);
		assert_int_equal(out.errnum, ENOSPC);
		assert_int_equal(printed(f, id), 0);
	}
	f->cfg.printer_device[0] = '\0';
	assert_int_equal(slip_reprint(&f->lg, id, &out, &err), JF_OK);
	assert_int_equal(out.printed, 0);
	assert_string_equal(out.why, "printer: no printer configured");
	/* The printer is back: the kept slip prints. */
	use_printer(f, "paper2");
	fd = open(f->cfg.printer_device, O_CREAT | O_WRONLY, 0600);
	close(fd);
	assert_int_equal(slip_reprint(&f->lg, id, &out, &err), JF_OK);
	assert_int_equal(out.printed, 1);
	assert_int_equal(printed(f, id), 1);
	/* The same kind and ref again: the slip kept the first time. */
	assert_int_equal(slip_issue(&f->lg, &r, &id2, &out, &err), JF_OK);
	assert_int_equal(id2, id);
	assert_int_equal(slip_reprint(&f->lg, 999, &out, &err), JF_NOTFOUND);
	fixture_verify_ok(f);
}

static int
count_one(const struct slip *s, void *ctx)
{
	(void)s;
	(*(int *)ctx)++;
	return 0;
}

static int
count(struct fixture *f, int unprinted, const char *actor)
{
	struct slip_filter filter = { unprinted, actor };
	struct jf_error err;
	int n = 0;

	assert_int_equal(slip_list(&f->lg, &filter, count_one, &n, &err), JF_OK);
	return n;
}

static void
test_record_list_and_refusals(void **state)
{
	struct fixture *f = *state;
	struct slip_data d = purchase;
	struct actor staff;
	struct jf_error err;
	int64_t id, before = count(f, 0, NULL);
	int replay = 0;

	d.ref = "L1";
	assert_int_equal(slip_record(&f->lg, &d, &id, &replay, &err), JF_OK);
	assert_int_equal(replay, 0);
	assert_int_equal(actor_staff(&staff, "S9", &err), JF_OK);
	ledger_act_as(&f->lg, &staff);
	d.ref = "L2";
	assert_int_equal(slip_record(&f->lg, &d, &id, &replay, &err), JF_OK);
	assert_int_equal(slip_record(&f->lg, &d, &id, &replay, &err), JF_OK);
	assert_int_equal(replay, 1);
	assert_int_equal(count(f, 0, NULL), before + 2);
	assert_int_equal(count(f, 0, "staff:S9"), 1);
	assert_int_equal(count(f, 1, "staff:S9"), 1);
	/* Refused, and nothing kept. */
	d.ref = "";
	assert_int_equal(slip_record(&f->lg, &d, &id, NULL, &err), JF_USAGE);
	d.ref = "bad\x1b[2J";
	assert_int_equal(slip_record(&f->lg, &d, &id, NULL, &err), JF_USAGE);
	d.ref = "L3";
	d.item = "x\x07";
	assert_int_equal(slip_record(&f->lg, &d, &id, NULL, &err), JF_USAGE);
	d.item = NULL;
	ledger_act_as(&f->lg, NULL);
	assert_int_equal(slip_record(&f->lg, &d, &id, NULL, &err), JF_ERR);
	fixture_act(f);
	assert_int_equal(count(f, 0, NULL), before + 2);
	/* An action and its slip are one transaction: undone together. */
	assert_int_equal(slip_begin(&f->lg, &err), JF_OK);
	assert_int_equal(slip_record(&f->lg, &d, &id, NULL, &err), JF_OK);
	slip_rollback(&f->lg);
	assert_int_equal(count(f, 0, NULL), before + 2);
	fixture_verify_ok(f);
}

/* What a slip says never changes and no slip goes away; verify insists
 * that every slip and every print names who and where. */
static void
test_kept_words_fixed_and_verified(void **state)
{
	struct fixture *f = *state;
	struct verify_report r;
	struct jf_error err;
	int64_t id;

	assert_int_equal(slip_record(&f->lg, &purchase, &id, NULL, &err), JF_OK);
	assert_int_not_equal(db_exec(f->lg.db, "UPDATE slip SET text = 'nothing'", &err), JF_OK);
	assert_int_not_equal(db_exec(f->lg.db, "UPDATE slip SET actor = ''", &err), JF_OK);
	assert_int_not_equal(db_exec(f->lg.db, "DELETE FROM slip", &err), JF_OK);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM slip WHERE text <> "
						  "'nothing' AND actor <> ''"), 1);
	fixture_verify_ok(f);
	/* Marked printed by nobody: a hand edit. */
	fixture_sql_exec(f->path, "UPDATE slip SET printed = 1");
	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_INTEGRITY);
	assert_non_null(strstr(r.problem, "slip 1"));
	fixture_sql_exec(f->path, "UPDATE slip SET printed = 0");
	fixture_verify_ok(f);
	fixture_drop_guard(f->path, "slip_fixed", "slip");
	fixture_sql_exec(f->path, "UPDATE slip SET terminal = ''");
	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_INTEGRITY);
	assert_non_null(strstr(r.problem, "slip 1"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compose_purchase_zh),
		cmocka_unit_test(test_compose_offset_en),
		cmocka_unit_test(test_compose_purchase_green),
		cmocka_unit_test(test_compose_purchase_pending),
		cmocka_unit_test(test_compose_voucher_and_return),
		cmocka_unit_test(test_compose_prize),
		cmocka_unit_test(test_escpos_round_trip),
		cmocka_unit_test(test_escpos_text_is_only_text),
		cmocka_unit_test_setup_teardown(test_print_to_file, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_fifo_without_reader, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_fifo_reader_gone, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_full, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_record_list_and_refusals, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_kept_words_fixed_and_verified, fixture_setup,
						fixture_teardown),
	};

	fixture_pin_environment();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
