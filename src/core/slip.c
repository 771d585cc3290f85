/*
 * slip: compose, keep and print the receipts of counter actions (slip.h).
 * The words of a slip are a small table in both languages, not gettext:
 * a slip is in the store's language, whatever the screen's.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actor.h"
#include "clock.h"
#include "db.h"
#include "escpos.h"
#include "ledger_int.h"
#include "parse.h"
#include "slip.h"
#include "xalloc.h"

static const char *const kind_names[SLIP_KINDS] = { "purchase", "offset", "voucher", "return",
						     "prize" };

const char *
slip_kind_name(enum slip_kind kind)
{
	return (unsigned)kind < SLIP_KINDS ? kind_names[kind] : "?";
}

enum jf_status
slip_kind_parse(const char *text, enum slip_kind *kind, struct jf_error *err)
{
	char q[48];

	for (int i = 0; i < SLIP_KINDS; i++)
		if (!strcmp(text, kind_names[i])) {
			*kind = (enum slip_kind)i;
			return JF_OK;
		}
	parse_quote(text, q, sizeof q);
	return jf_fail(err, JF_USAGE, "%s is not a kind of slip (purchase, offset, voucher, return, prize)",
		       q);
}

const char *
slip_language_name(enum print_language language)
{
	return language == PRINT_EN ? "en" : "zh";
}

/* ---- words ---- */

enum word {
	W_TITLE_PURCHASE, W_TITLE_OFFSET, W_TITLE_VOUCHER, W_TITLE_RETURN,
	W_TIME, W_TERMINAL, W_STAFF, W_MEMBER, W_RECEIPT, W_EARNED, W_BALANCE,
	W_BILL, W_BILL_TOTAL, W_USED, W_PAID, W_CASH, W_ITEM, W_POINTS, W_CODE,
	W_TO_PAY, W_TAKEN_BACK, W_SHORTFALL, W_YUAN, W_THANKS, W_GIVEN_BACK,
	W_GREEN_EARNED, W_GREEN_BALANCE, W_TITLE_PRIZE, W_FROM, W_PRIZE, W_AMOUNT,
	W_PENDING, W_PENDING_WHEN, W_COUNT
};

/* [word][language]: Chinese, English. */
static const char *const words[W_COUNT][2] = {
	[W_TITLE_PURCHASE] = { "积分小票", "POINTS RECEIPT" },
	[W_TITLE_OFFSET] = { "积分抵现", "POINTS PAYMENT" },
	[W_TITLE_VOUCHER] = { "兑换凭证", "VOUCHER REDEEMED" },
	[W_TITLE_RETURN] = { "退货扣回积分", "RETURN" },
	[W_TIME] = { "时间", "Time" },
	[W_TERMINAL] = { "终端", "Terminal" },
	[W_STAFF] = { "收银员", "Staff" },
	[W_MEMBER] = { "会员", "Member" },
	[W_RECEIPT] = { "小票号", "Receipt" },
	[W_EARNED] = { "本次积分", "Points earned" },
	[W_BALANCE] = { "积分余额", "Balance" },
	[W_BILL] = { "账单号", "Bill" },
	[W_BILL_TOTAL] = { "账单金额", "Bill total" },
	[W_USED] = { "使用积分", "Points used" },
	[W_PAID] = { "积分抵扣", "Paid by points" },
	[W_CASH] = { "应付现金", "Cash to pay" },
	[W_ITEM] = { "商品", "Item" },
	[W_POINTS] = { "兑换积分", "Points" },
	[W_CODE] = { "兑换码", "Code" },
	[W_TO_PAY] = { "另付现金", "Cash paid" },
	[W_TAKEN_BACK] = { "扣回积分", "Points taken back" },
	[W_SHORTFALL] = { "未能扣回", "Not taken back" },
	[W_GIVEN_BACK] = { "退回积分", "Points given back" },
	[W_YUAN] = { "元", "yuan" },
	[W_THANKS] = { "谢谢惠顾", "Thank you" },
	[W_GREEN_EARNED] = { "本次绿色积分", "Green points earned" },
	[W_GREEN_BALANCE] = { "绿色积分余额", "Green balance" },
	[W_TITLE_PRIZE] = { "游戏任务奖品", "PRIZE" },
	[W_FROM] = { "游戏或任务", "Game or task" },
	[W_PRIZE] = { "奖品", "Prize" },
	[W_AMOUNT] = { "消费金额", "Amount" },
	[W_PENDING] = { "积分稍后入账", "Points will be added" },
	[W_PENDING_WHEN] = { "(联网后自动补记)", "(when the link is back)" },
};

static const char *
word(const struct slip_head *h, enum word w)
{
	return words[w][h->language == PRINT_EN];
}

/* ---- layout ---- */

/* Columns on a GB18030 printer: ASCII one, any other character two (its
 * one- or two-byte GB18030 form prints as a full-width glyph). */
static int
columns(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x80)
			w++;
		else if (((unsigned char)s[i] & 0xc0) != 0x80)
			w += 2;
	return w;
}

/* Bytes of s that fit in width columns, at a character boundary. */
static size_t
fit(const char *s, int width)
{
	size_t i = 0;
	int w = 0;

	while (s[i]) {
		size_t n = 1;
		int cw = (unsigned char)s[i] < 0x80 ? 1 : 2;

		while (cw == 2 && s[i + n] && ((unsigned char)s[i + n] & 0xc0) == 0x80)
			n++;
		if (w + cw > width)
			break;
		w += cw;
		i += n;
	}
	return i;
}

struct text {
	char *s;
	size_t len, cap;
	int width;
};

static void
add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		while (t->len + n + 1 > t->cap)
			t->cap = t->cap ? t->cap * 2 : 512;
		t->s = xrealloc(t->s, t->cap);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void
spaces(struct text *t, int n)
{
	for (; n > 0; n--)
		add(t, " ", 1);
}

/* s cut into lines of the width (an item's long name). */
static void
wrapped(struct text *t, const char *s, int indent)
{
	do {
		size_t n = fit(s, t->width - indent);

		if (n == 0) /* cannot happen with width >= 32; never loop */
			n = strlen(s);
		spaces(t, indent);
		add(t, s, n);
		add(t, "\n", 1);
		s += n;
	} while (*s);
}

/* "label      value", the value at the right edge; a pair too long for one
 * line puts the value under the label. */
static void
row(struct text *t, const char *label, const char *value)
{
	int lw = columns(label, strlen(label)), vw = columns(value, strlen(value));

	if (lw + 1 + vw <= t->width) {
		add(t, label, strlen(label));
		spaces(t, t->width - lw - vw);
		add(t, value, strlen(value));
		add(t, "\n", 1);
		return;
	}
	wrapped(t, label, 0);
	wrapped(t, value, 2);
}

static void
row_int(struct text *t, const char *label, int64_t n)
{
	char v[24];

	snprintf(v, sizeof v, "%lld", (long long)n);
	row(t, label, v);
}

static void
row_money(struct text *t, const struct slip_head *h, const char *label, int64_t fen)
{
	char amount[24], v[40];

	parse_format_fen(fen, amount, sizeof amount);
	snprintf(v, sizeof v, "%s %s", amount, word(h, W_YUAN));
	row(t, label, v);
}

static void
rule(struct text *t)
{
	for (int i = 0; i < t->width; i++)
		add(t, "-", 1);
	add(t, "\n", 1);
}

/* Only the last four digits of a card on paper a customer may leave behind. */
static void
masked_card(const char *card, char out[16])
{
	size_t n = strlen(card);

	snprintf(out, 16, "****%s", n > 4 ? card + n - 4 : card);
}

static void
compose_head(struct text *t, const struct slip_head *h, const struct slip_data *d)
{
	static const enum word titles[SLIP_KINDS] = { W_TITLE_PURCHASE, W_TITLE_OFFSET,
						      W_TITLE_VOUCHER, W_TITLE_RETURN,
						      W_TITLE_PRIZE };
	char iso[CLOCK_ISO_LEN], when[CLOCK_ISO_LEN], who[ACTOR_TEXT_SIZE + 8], card[16];
	size_t n;

	/* The store's name is printed double width: half the columns. */
	n = fit(h->store, t->width / 2);
	add(t, h->store, n);
	add(t, "\n", 1);
	add(t, word(h, titles[d->kind]), strlen(word(h, titles[d->kind])));
	add(t, "\n", 1);
	rule(t);
	clock_format_iso(h->ts, iso);
	snprintf(when, sizeof when, "%.10s %.5s", iso, iso + 11);
	row(t, word(h, W_TIME), when);
	row(t, word(h, W_TERMINAL), h->terminal);
	/* A cashier by their id; anyone else as actor.h describes them. */
	if (!strncmp(h->actor, "staff:", 6))
		snprintf(who, sizeof who, "%s", h->actor + 6);
	else
		actor_describe(h->actor, who, sizeof who);
	row(t, word(h, W_STAFF), who);
	if (d->card && d->card[0]) {
		masked_card(d->card, card);
		row(t, word(h, W_MEMBER), card);
	}
	rule(t);
}

static void
compose_body(struct text *t, const struct slip_head *h, const struct slip_data *d)
{
	switch (d->kind) {
	case SLIP_PURCHASE:
		row(t, word(h, W_RECEIPT), d->ref);
		if (d->pending) {
			/* Nothing is known of the member's points yet: only
			 * what was bought, and the promise. */
			row_money(t, h, word(h, W_AMOUNT), d->bill_fen);
			add(t, word(h, W_PENDING), strlen(word(h, W_PENDING)));
			add(t, "\n", 1);
			add(t, word(h, W_PENDING_WHEN), strlen(word(h, W_PENDING_WHEN)));
			add(t, "\n", 1);
			return;
		}
		row_int(t, word(h, W_EARNED), d->points);
		break;
	case SLIP_OFFSET:
		row(t, word(h, W_BILL), d->ref);
		row_money(t, h, word(h, W_BILL_TOTAL), d->bill_fen);
		row_int(t, word(h, W_USED), d->points);
		row_money(t, h, word(h, W_PAID), d->paid_fen);
		row_money(t, h, word(h, W_CASH), d->cash_fen);
		break;
	case SLIP_VOUCHER:
		row(t, word(h, W_ITEM), d->item ? d->item : "");
		row_int(t, word(h, W_POINTS), d->points);
		if (d->cash_fen > 0)
			row_money(t, h, word(h, W_TO_PAY), d->cash_fen);
		row(t, word(h, W_CODE), d->ref);
		break;
	case SLIP_PRIZE:
		row(t, word(h, W_FROM), d->source ? d->source : "");
		row(t, word(h, W_PRIZE), d->prize ? d->prize : "");
		if (d->short_code)
			row(t, word(h, W_CODE), d->short_code);
		break;
	case SLIP_RETURN:
		row(t, word(h, W_RECEIPT), d->ref);
		row_int(t, word(h, W_TAKEN_BACK), d->points);
		if (d->shortfall > 0)
			row_int(t, word(h, W_SHORTFALL), d->shortfall);
		if (d->given > 0) {
			row_int(t, word(h, W_GIVEN_BACK), d->given);
			row_money(t, h, word(h, W_PAID), d->paid_fen);
		}
		break;
	}
	if (d->kind == SLIP_PURCHASE && d->green > 0)
		row_int(t, word(h, W_GREEN_EARNED), d->green);
	if (d->kind != SLIP_VOUCHER && d->kind != SLIP_PRIZE && d->balance >= 0)
		row_int(t, word(h, W_BALANCE), d->balance);
	if (d->kind == SLIP_PURCHASE && d->green > 0)
		row_int(t, word(h, W_GREEN_BALANCE), d->green_balance);
}

char *
slip_compose(const struct slip_head *head, const struct slip_data *d)
{
	struct text t = { NULL, 0, 0, head->width >= 48 ? 48 : 32 };

	compose_head(&t, head, d);
	compose_body(&t, head, d);
	rule(&t);
	add(&t, word(head, W_THANKS), strlen(word(head, W_THANKS)));
	add(&t, "\n", 1);
	return t.s;
}

/* ---- ESC/POS ---- */

unsigned char *
slip_escpos(const char *text, const char *qr, size_t *len)
{
	struct escpos p;
	const char *line = text;
	char *buf = NULL;

	escpos_begin(&p);
	for (int i = 0; *line; i++) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);

		buf = xrealloc(buf, n + 1);
		memcpy(buf, line, n);
		buf[n] = '\0';
		/* Line 0 is the store, line 1 the title: headings, centred. */
		if (i == 0) {
			escpos_align(&p, ESCPOS_CENTER);
			escpos_bold(&p, 1);
			escpos_double(&p, 1);
		} else if (i == 1) {
			escpos_double(&p, 0);
		} else if (i == 2) {
			escpos_bold(&p, 0);
			escpos_align(&p, ESCPOS_LEFT);
		}
		escpos_line(&p, buf);
		line += n + (end != NULL);
	}
	free(buf);
	if (qr && qr[0]) {
		escpos_align(&p, ESCPOS_CENTER);
		escpos_qr(&p, qr, 6);
		escpos_align(&p, ESCPOS_LEFT);
	}
	escpos_cut(&p, 4);
	*len = p.len;
	return p.data;
}

/* ---- kept in the ledger ---- */

static enum jf_status
check_data(const struct slip_data *d, struct jf_error *err)
{
	enum jf_status st = JF_OK;

	if ((unsigned)d->kind >= SLIP_KINDS)
		return jf_fail(err, JF_USAGE, "not a kind of slip");
	if (d->ref == NULL || (st = parse_text("slip reference", d->ref, 64, err)) != JF_OK)
		return d->ref ? st : jf_fail(err, JF_USAGE, "a slip needs a reference");
	if (d->item && (st = parse_text("item", d->item, 200, err)) != JF_OK)
		return st;
	if (d->card && (st = parse_text("card", d->card, 64, err)) != JF_OK)
		return st;
	if (d->qr && (strlen(d->qr) > ESCPOS_QR_MAX ||
		      (st = parse_text("QR payload", d->qr, ESCPOS_QR_MAX, err)) != JF_OK))
		return jf_fail(err, JF_USAGE, "the QR payload is not printable text of at most %d bytes",
			       ESCPOS_QR_MAX);
	return JF_OK;
}

static enum jf_status
find_by_ref(struct db *db, const struct slip_data *d, int64_t *id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT id FROM slip WHERE kind = :k AND ref = :r");

	db_bind_text(s, ":k", slip_kind_name(d->kind));
	db_bind_text(s, ":r", d->ref);
	return db_one_int(s, id, err);
}

static enum jf_status
insert(struct ledger *lg, const struct slip_data *d, int64_t *id, int *replay,
       struct jf_error *err)
{
	const struct settings *cfg = lg->cfg;
	char actor[ACTOR_TEXT_SIZE];
	struct slip_head h = { cfg->store_name, cfg->terminal, actor, clock_now(),
			       cfg->printer_language, (int)cfg->printer_width };
	struct db_stmt *s;
	enum db_step_result rc;
	enum jf_status st;
	char *text;

	if ((st = ledger_actor_text(lg, "a slip", actor, err)) != JF_OK)
		return st;
	text = slip_compose(&h, d);
	s = db_stmt(lg->db, "INSERT INTO slip(ts, kind, ref, actor, terminal, language, text, qr) "
			    "VALUES (:ts, :kind, :ref, :by, :terminal, :lang, :text, :qr) "
			    "ON CONFLICT (kind, ref) DO NOTHING RETURNING id");
	db_bind_int(s, ":ts", h.ts);
	db_bind_text(s, ":kind", slip_kind_name(d->kind));
	db_bind_text(s, ":ref", d->ref);
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":terminal", cfg->terminal);
	db_bind_text(s, ":lang", slip_language_name(h.language));
	db_bind_text(s, ":text", text);
	db_bind_text(s, ":qr", d->qr && d->qr[0] ? d->qr : NULL);
	rc = db_step(s, err);
	free(text);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_ROW) {
		*id = db_col_int(s, 0);
		db_reset(s);
		return JF_OK;
	}
	*replay = 1;
	return find_by_ref(lg->db, d, id, err);
}

struct record_ctx {
	const struct slip_data *d;
	int64_t *id;
	int *replay;
};

static enum jf_status
record_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct record_ctx *rc = ctx;

	*rc->id = 0;
	*rc->replay = 0;
	return insert(lg, rc->d, rc->id, rc->replay, err);
}

enum jf_status
slip_record(struct ledger *lg, const struct slip_data *d, int64_t *id, int *replay,
	    struct jf_error *err)
{
	struct record_ctx rc = { d, id, replay };
	enum jf_status st;
	int dummy = 0;

	*id = 0;
	if (replay == NULL)
		rc.replay = replay = &dummy;
	*replay = 0;
	if ((st = check_data(d, err)) != JF_OK)
		return st;
	if ((st = ledger_write(lg, record_once, &rc, err)) != JF_OK)
		*id = 0;
	return st;
}

static void
read_row(struct db_stmt *s, struct slip *out)
{
	memset(out, 0, sizeof *out);
	out->id = db_col_int(s, 0);
	out->ts = db_col_int(s, 1);
	slip_kind_parse(db_col_text(s, 2), &out->kind, NULL);
	snprintf(out->ref, sizeof out->ref, "%s", db_col_text(s, 3));
	snprintf(out->actor, sizeof out->actor, "%s", db_col_text(s, 4));
	snprintf(out->terminal, sizeof out->terminal, "%s", db_col_text(s, 5));
	out->language = !strcmp(db_col_text(s, 6), "en") ? PRINT_EN : PRINT_ZH;
	out->text = xstrdup(db_col_text(s, 7));
	out->qr = db_col_is_null(s, 8) ? NULL : xstrdup(db_col_text(s, 8));
	out->printed = (int)db_col_int(s, 9);
	out->printed_at = db_col_int(s, 10);
	snprintf(out->printed_by, sizeof out->printed_by, "%s", db_col_text(s, 11));
	snprintf(out->printed_terminal, sizeof out->printed_terminal, "%s", db_col_text(s, 12));
	out->prints = db_col_int(s, 13);
}

void
slip_done(struct slip *s)
{
	free(s->text);
	free(s->qr);
	s->text = s->qr = NULL;
}

enum jf_status
slip_get(struct ledger *lg, int64_t id, struct slip *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db,
		"SELECT id, ts, kind, ref, actor, terminal, language, text, qr, printed, "
		"printed_at, printed_by, printed_terminal, prints FROM slip WHERE id = :id");
	enum db_step_result rc;

	memset(out, 0, sizeof *out);
	db_bind_int(s, ":id", id);
	rc = db_step(s, err);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE)
		return jf_fail(err, JF_NOTFOUND, "no slip %lld", (long long)id);
	read_row(s, out);
	db_reset(s);
	return JF_OK;
}

enum jf_status
slip_list(struct ledger *lg, const struct slip_filter *f,
	  int (*fn)(const struct slip *s, void *ctx), void *ctx, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db,
		"SELECT id, ts, kind, ref, actor, terminal, language, text, qr, printed, "
		"printed_at, printed_by, printed_terminal, prints FROM slip "
		"WHERE (:unprinted = 0 OR printed = 0) AND (:actor = '' OR actor = :actor) "
		"ORDER BY id");
	enum db_step_result rc;
	struct slip one;

	db_bind_int(s, ":unprinted", f && f->unprinted_only);
	db_bind_text(s, ":actor", f && f->actor ? f->actor : "");
	while ((rc = db_step(s, err)) == DB_ROW) {
		int stop;

		read_row(s, &one);
		stop = fn(&one, ctx);
		slip_done(&one);
		if (stop)
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

struct printed_ctx {
	int64_t id;
	const char *actor;
};

static enum jf_status
printed_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct printed_ctx *pc = ctx;
	struct db_stmt *s;

	s = db_stmt(lg->db, "UPDATE slip SET printed = 1, printed_at = :now, printed_by = :by, "
			    "printed_terminal = :terminal, prints = prints + 1 WHERE id = :id");
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", pc->actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	db_bind_int(s, ":id", pc->id);
	return db_run(s, err);
}

static enum jf_status
mark_printed(struct ledger *lg, int64_t id, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct printed_ctx pc = { id, actor };
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a printed slip", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, printed_once, &pc, err);
}

enum jf_status
slip_reprint(struct ledger *lg, int64_t id, struct printer_outcome *out, struct jf_error *err)
{
	struct slip sl;
	unsigned char *bytes;
	enum jf_status st;
	size_t len;

	memset(out, 0, sizeof *out);
	if ((st = slip_get(lg, id, &sl, err)) != JF_OK)
		return st;
	bytes = slip_escpos(sl.text, sl.qr, &len);
	slip_done(&sl);
	printer_send(lg->cfg->printer_device, bytes, len, PRINTER_TIMEOUT_MS, out);
	free(bytes);
	return out->printed ? mark_printed(lg, id, err) : JF_OK;
}

enum jf_status
slip_issue(struct ledger *lg, const struct slip_data *d, int64_t *id,
	   struct printer_outcome *out, struct jf_error *err)
{
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = slip_record(lg, d, id, NULL, err)) != JF_OK)
		return st;
	return slip_reprint(lg, *id, out, err);
}

enum jf_status
slip_begin(struct ledger *lg, struct jf_error *err)
{
	return ledger_begin_write(lg, err);
}

enum jf_status
slip_commit(struct ledger *lg, struct jf_error *err)
{
	enum jf_status st = db_commit(lg->db, err);

	/* The front end's transaction is nobody's to run again: the database
	 * undid it all, and the cashier tries again as after JF_BUSY. */
	if (st == JF_RETRY)
		st = jf_refuse(err, JF_BUSY, JF_R_CONTENDED, (struct jf_why){ .num = { 1 } },
			       "the database undid the action; nothing was written, try again");
	return st;
}

void
slip_rollback(struct ledger *lg)
{
	db_rollback(lg->db);
}
