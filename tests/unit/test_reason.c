/*
 * test_reason: every refusal of core says why, with its numbers (struct
 * jf_error's reason, num[] and texts), from the place that decided it; the
 * checks a screen asks before a confirmation (member_can_log_in,
 * ledger_can_transfer, voucher_can_issue) refuse for the same reason as the
 * writes; and both tables of words, the kiosk's (src/tui/reason.c, English
 * and Chinese) and the command line's (src/cli/reason.c), have a sentence
 * for every reason, with its numbers in it. The notices core writes for a
 * member are a message with parameters, in the member's language at the
 * kiosk and in English on the command line; older notices keep their text.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "cli.h"
#include "clock.h"
#include "compensate.h"
#include "family.h"
#include "fixture.h"
#include "i18n.h"
#include "member.h"
#include "reason.h"
#include "vcode.h"
#include "voucher.h"

#define HEADER "sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green," \
	       "active_from,active_until,new_until\n"
#define CATALOG HEADER \
	"A1,甲,Item A,misc,goods,1000,,,,5,0,,,\n" \
	"ONE,独一份,Only One,misc,goods,100,,,,1,0,,,\n" \
	"SOON,将来,Soon,misc,goods,10,,,,5,0,2026-04-01,,\n" \
	"GONE,过去,Gone,misc,goods,10,,,,5,0,2026-01-01,2026-02-01,\n"

#define ANN "10000001"  /* family Li, owner */
#define BOB "10000002"  /* family Li */
#define CAT "10000003"  /* no family */

static int
setup(void **state)
{
	struct fixture *f;
	struct import_report r;
	struct jf_error err;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (voucher_key_create(&f->lg, &err) != JF_OK ||
	    catalog_import_text(&f->lg, CATALOG, strlen(CATALOG), &r, &err) != JF_OK) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	import_report_done(&r);
	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, BOB, "Bob");
	fixture_add_member(f, CAT, "Cat");
	if (family_create(&f->lg, "Li", ANN, &err) != JF_OK ||
	    family_add(&f->lg, "Li", BOB, &err) != JF_OK) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	return 0;
}

/* The refusal in err: status, reason and the numbers given (the rest 0). */
static void
assert_refused(const struct jf_error *err, enum jf_status st, enum jf_status want_st,
	       enum jf_reason want, int64_t n0, int64_t n1, int64_t n2, int64_t n3)
{
	if (st != want_st || err->reason != want)
		fail_msg("refused %d %s (%s), not %d %s", st, jf_reason_name(err->reason),
			 err->message, want_st, jf_reason_name(want));
	assert_int_equal(err->num[0], n0);
	assert_int_equal(err->num[1], n1);
	assert_int_equal(err->num[2], n2);
	assert_int_equal(err->num[3], n3);
	assert_true(err->message[0] != '\0'); /* the English message is still there */
}

static enum jf_status
can_transfer(struct fixture *f, const char *from, const char *to, int64_t points,
	     enum point_kind kind, struct jf_error *err)
{
	struct transfer_request req = { from, to, points, kind, NULL };

	jf_error_clear(err);
	return ledger_can_transfer(&f->lg, &req, err);
}

static enum jf_status
transfer(struct fixture *f, const char *from, const char *to, int64_t points,
	 const char *key, struct jf_error *err)
{
	struct transfer_request req = { from, to, points, KIND_GREEN, key };
	struct ledger_result res;

	jf_error_clear(err);
	return ledger_transfer(&f->lg, &req, &res, err);
}

/* ---- core: members, PINs, families ---- */

static void
test_unknown_card_and_pin(void **state)
{
	struct fixture *f = *state;
	struct member m;
	struct jf_error err;
	enum jf_status st;
	int64_t until;

	st = member_can_log_in(&f->lg, "99999997", &m, &err);
	assert_refused(&err, st, JF_NOTFOUND, JF_R_UNKNOWN_CARD, 0, 0, 0, 0);
	assert_string_equal(err.text, "99999997");
	st = member_can_log_in(&f->lg, ANN, &m, &err);
	assert_refused(&err, st, JF_AUTH, JF_R_NO_PIN, 0, 0, 0, 0);
	st = member_check_pin(&f->lg, ANN, "1234", &err);
	assert_refused(&err, st, JF_AUTH, JF_R_NO_PIN, 0, 0, 0, 0);

	assert_int_equal(member_set_pin(&f->lg, ANN, "2468", &err), JF_OK);
	assert_int_equal(member_can_log_in(&f->lg, ANN, &m, &err), JF_OK);
	for (int64_t left = f->cfg.pin_attempts - 1; left > 0; left--) {
		st = member_check_pin(&f->lg, ANN, "1111", &err);
		assert_refused(&err, st, JF_AUTH, JF_R_WRONG_PIN, left, 0, 0, 0);
	}
	/* The last wrong PIN locks the card, and says until when. */
	until = clock_now() + f->cfg.pin_lock_minutes * 60;
	st = member_check_pin(&f->lg, ANN, "1111", &err);
	assert_refused(&err, st, JF_AUTH, JF_R_LOCKED, until, 0, 0, 0);
	st = member_can_log_in(&f->lg, ANN, &m, &err);
	assert_refused(&err, st, JF_AUTH, JF_R_LOCKED, until, 0, 0, 0);
	st = member_check_pin(&f->lg, ANN, "2468", &err);
	assert_refused(&err, st, JF_AUTH, JF_R_LOCKED, until, 0, 0, 0);
	clock_set(until + 1);
	if (member_can_log_in(&f->lg, ANN, &m, &err) != JF_OK)
		fail_msg("after the lock: %s", err.message);
}

static void
test_members_and_families(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { ANN, "Ann again", NULL, NULL, NULL };
	struct jf_error err;
	enum jf_status st;

	st = member_add(&f->lg, &m, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_CARD_TAKEN, 0, 0, 0, 0);
	assert_string_equal(err.text, ANN);
	st = family_add(&f->lg, "Nobody", CAT, &err);
	assert_refused(&err, st, JF_NOTFOUND, JF_R_UNKNOWN_FAMILY, 0, 0, 0, 0);
	assert_string_equal(err.text, "Nobody");
	st = family_create(&f->lg, "Li", CAT, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_FAMILY_EXISTS, 0, 0, 0, 0);
	assert_string_equal(err.text, "Li");
	st = family_add(&f->lg, "Li", BOB, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_IN_A_FAMILY, 0, 0, 0, 0);
	assert_string_equal(err.text, BOB);
	assert_string_equal(err.text2, "Li");
}

/* ---- core: transfers, the check before and the write agreeing ---- */

static void
test_transfer_reasons(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	enum jf_status st;

	f->cfg.daily_green_limit = 50;
	f->cfg.allow_points_transfer = 0;
	fixture_grant(f, ANN, 60, KIND_GREEN);
	st = can_transfer(f, ANN, ANN, 1, KIND_GREEN, &err);
	assert_refused(&err, st, JF_USAGE, JF_R_SELF_TRANSFER, 0, 0, 0, 0);
	st = can_transfer(f, ANN, BOB, 1, KIND_POINTS, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_NOT_TRANSFERABLE, 0, 0, 0, KIND_POINTS);
	st = can_transfer(f, ANN, CAT, 1, KIND_GREEN, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_NOT_SAME_FAMILY, 0, 0, 0, 0);
	assert_string_equal(err.text, ANN);
	assert_string_equal(err.text2, CAT);
	st = can_transfer(f, ANN, "99999997", 1, KIND_GREEN, &err);
	assert_refused(&err, st, JF_NOTFOUND, JF_R_UNKNOWN_CARD, 0, 0, 0, 0);

	assert_int_equal(can_transfer(f, ANN, BOB, 20, KIND_GREEN, &err), JF_OK);
	assert_int_equal(transfer(f, ANN, BOB, 20, "r-1", &err), JF_OK);
	/* 40 left: 41 is too many, whatever the limit says. */
	st = can_transfer(f, ANN, BOB, 41, KIND_GREEN, &err);
	assert_refused(&err, st, JF_INSUFFICIENT, JF_R_INSUFFICIENT, 1, 40, 41, KIND_GREEN);
	st = transfer(f, ANN, BOB, 41, "r-2", &err);
	assert_refused(&err, st, JF_INSUFFICIENT, JF_R_INSUFFICIENT, 1, 40, 41, KIND_GREEN);
	/* 20 sent today: 31 more is over the limit of 50. */
	st = can_transfer(f, ANN, BOB, 31, KIND_GREEN, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_DAILY_LIMIT, 50, 20, 31, 0);
	st = transfer(f, ANN, BOB, 31, "r-3", &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_DAILY_LIMIT, 50, 20, 31, 0);
	assert_int_equal(can_transfer(f, ANN, BOB, 30, KIND_GREEN, &err), JF_OK);
	/* A key used again for another amount. */
	st = transfer(f, ANN, BOB, 5, "r-1", &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_KEY_REUSED, 0, 0, 0, 0);
	assert_string_equal(err.text, "transfer:r-1");
}

/* A replaced card is refused as replaced, wherever it is used, and can
 * never be given to a member again. */
static void
test_replaced_card(void **state)
{
	struct fixture *f = *state;
	struct member m, found;
	struct balance b;
	struct jf_error err;
	enum jf_status st;

	assert_int_equal(member_change_card(&f->lg, CAT, "10000033", &m, &err), JF_OK);
	st = member_can_log_in(&f->lg, CAT, &found, &err);
	assert_refused(&err, st, JF_NOTFOUND, JF_R_CARD_REPLACED, 0, 0, 0, 0);
	assert_string_equal(err.text, CAT);
	st = ledger_balance(&f->lg, CAT, &b, &err);
	assert_refused(&err, st, JF_NOTFOUND, JF_R_CARD_REPLACED, 0, 0, 0, 0);
	st = member_add(&f->lg, &(struct member_new){ .card = CAT, .name = "Dan" }, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_CARD_RETIRED, 0, 0, 0, 0);
	assert_string_equal(err.text, CAT);
	st = member_add(&f->lg, &(struct member_new){ .card = ANN, .name = "Dan" }, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_CARD_TAKEN, 0, 0, 0, 0);
}

static void
test_unknown_receipt(void **state)
{
	struct fixture *f = *state;
	struct ledger_result res;
	struct jf_error err;
	enum jf_status st = ledger_earn_reverse(&f->lg, "NO-SUCH-1", &res, &err);

	assert_refused(&err, st, JF_NOTFOUND, JF_R_UNKNOWN_RECEIPT, 0, 0, 0, 0);
	assert_string_equal(err.text, "NO-SUCH-1");
}

/* ---- core: items and vouchers ---- */

static enum jf_status
can_issue(struct fixture *f, const char *card, const char *sku, int64_t qty, struct jf_error *err)
{
	jf_error_clear(err);
	return voucher_can_issue(&f->lg, card, sku, qty, err);
}

static enum jf_status
issue(struct fixture *f, const char *card, const char *sku, int64_t qty, struct voucher *v,
      struct jf_error *err)
{
	jf_error_clear(err);
	return voucher_issue(&f->lg, card, sku, qty, NULL, v, err);
}

static void
test_item_reasons(void **state)
{
	struct fixture *f = *state;
	struct delist_result dr;
	struct jf_error err;
	struct voucher v;
	enum jf_status st;
	int64_t delisted_at;

	st = can_issue(f, ANN, "NOPE", 1, &err);
	assert_refused(&err, st, JF_NOTFOUND, JF_R_UNKNOWN_ITEM, 0, 0, 0, 0);
	assert_string_equal(err.text, "NOPE");
	st = can_issue(f, ANN, "SOON", 1, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_NOT_YET_OFFERED, 0, 0, 0, 0);
	assert_string_equal(err.text, "2026-04-01");
	st = issue(f, ANN, "SOON", 1, &v, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_NOT_YET_OFFERED, 0, 0, 0, 0);
	st = can_issue(f, ANN, "GONE", 1, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_NO_LONGER_OFFERED, 0, 0, 0, 0);
	assert_string_equal(err.text, "2026-02-01");

	/* Too dear: how many more points, of how many available. */
	fixture_grant(f, ANN, 700, KIND_POINTS);
	st = can_issue(f, ANN, "A1", 1, &err);
	assert_refused(&err, st, JF_INSUFFICIENT, JF_R_INSUFFICIENT, 300, 700, 1000, KIND_POINTS);
	st = issue(f, ANN, "A1", 1, &v, &err);
	assert_refused(&err, st, JF_INSUFFICIENT, JF_R_INSUFFICIENT, 300, 700, 1000, KIND_POINTS);

	/* Stock: how many are left, how many were asked. */
	st = can_issue(f, ANN, "ONE", 2, &err);
	assert_refused(&err, st, JF_INSUFFICIENT, JF_R_OUT_OF_STOCK, 1, 2, 0, 0);
	st = issue(f, ANN, "ONE", 2, &v, &err);
	assert_refused(&err, st, JF_INSUFFICIENT, JF_R_OUT_OF_STOCK, 1, 2, 0, 0);
	assert_int_equal(can_issue(f, ANN, "ONE", 1, &err), JF_OK);
	assert_int_equal(issue(f, ANN, "ONE", 1, &v, &err), JF_OK);
	st = can_issue(f, ANN, "ONE", 1, &err);
	assert_refused(&err, st, JF_INSUFFICIENT, JF_R_OUT_OF_STOCK, 0, 1, 0, 0);

	/* Delisted: when, and the store's reason. */
	delisted_at = clock_now();
	assert_int_equal(compensate_delist(&f->lg, "A1", 0, "supplier recall", &dr, &err), JF_OK);
	st = can_issue(f, ANN, "A1", 1, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_DELISTED, delisted_at, 0, 0, 0);
	assert_string_equal(err.text, "supplier recall");
	st = compensate_delist(&f->lg, "A1", 0, "again", &dr, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_DELISTED, delisted_at, 0, 0, 0);
}

static void
test_voucher_reasons(void **state)
{
	struct fixture *f = *state;
	char short_code[VCODE_SHORT_LEN + 1];
	struct jf_error err;
	struct voucher v, a, b, c, out;
	enum jf_status st;
	int64_t t0 = clock_now();

	st = voucher_find(&f->lg, "not a code", &out, &err);
	assert_refused(&err, st, JF_NOTFOUND, JF_R_INVALID_VOUCHER, 0, 0, 0, 0);
	vcode_short_new(short_code);
	st = voucher_find(&f->lg, short_code, &out, &err);
	assert_refused(&err, st, JF_NOTFOUND, JF_R_UNKNOWN_VOUCHER, 0, 0, 0, 0);
	assert_string_equal(err.text, short_code);

	fixture_grant(f, ANN, 400, KIND_POINTS);
	assert_int_equal(issue(f, ANN, "ONE", 1, &v, &err), JF_OK);
	st = voucher_return(&f->lg, v.code, "desk-1", &out, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_VOUCHER_NOT_REDEEMED, 0, 0, 0, 0);
	assert_int_equal(voucher_redeem(&f->lg, v.code, "till-7", &out, &err), JF_OK);
	/* Scanned again: when and by whom. */
	clock_set(t0 + 60);
	st = voucher_redeem(&f->lg, v.code, "till-9", &out, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_VOUCHER_REDEEMED, t0, 0, 0, 0);
	assert_string_equal(err.text, "staff till-7");
	/* Where: the terminal of the redemption's entry. */
	assert_true(f->cfg.terminal[0] != '\0');
	assert_string_equal(err.text2, f->cfg.terminal);
	assert_int_equal(voucher_return(&f->lg, v.code, "desk-1", &out, &err), JF_OK);
	clock_set(t0 + 120);
	st = voucher_return(&f->lg, v.code, "desk-1", &out, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_VOUCHER_RETURNED, t0 + 60, 0, 0, 0);

	assert_int_equal(issue(f, ANN, "ONE", 1, &a, &err), JF_OK);
	assert_int_equal(voucher_cancel(&f->lg, a.code, &out, &err), JF_OK);
	clock_set(t0 + 180);
	st = voucher_redeem(&f->lg, a.code, "till-7", &out, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_VOUCHER_CANCELLED, t0 + 120, 0, 0, 0);

	/* Past its date, before and after the daily job has expired it. */
	assert_int_equal(issue(f, ANN, "ONE", 1, &b, &err), JF_OK);
	clock_set(b.expires_at + 1);
	st = voucher_redeem(&f->lg, b.code, "till-7", &out, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_VOUCHER_EXPIRED, b.expires_at, 0, 0, 0);
	{
		int64_t n;

		assert_int_equal(voucher_expire_due(&f->lg, &n, &err), JF_OK);
		assert_int_equal(n, 1);
	}
	st = voucher_cancel(&f->lg, b.code, &c, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_VOUCHER_EXPIRED, b.expires_at + 1, 0, 0, 0);
}

/* The counter's look before Enter: the refusal the redemption would give,
 * the voucher with it, and nothing written. */
static void
test_voucher_can_redeem(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	struct voucher v, a, out;
	enum jf_status st;
	int64_t t0 = clock_now();

	st = voucher_can_redeem(&f->lg, "JF1AAAA", &out, &err);
	assert_refused(&err, st, JF_NOTFOUND, JF_R_INVALID_VOUCHER, 0, 0, 0, 0);
	assert_int_equal(out.id, 0);

	fixture_grant(f, ANN, 800, KIND_POINTS);
	assert_int_equal(issue(f, ANN, "ONE", 1, &v, &err), JF_OK);
	assert_int_equal(voucher_can_redeem(&f->lg, v.short_code, &out, &err), JF_OK);
	assert_int_equal(out.id, v.id);
	assert_int_equal(out.state, VOUCHER_ISSUED);
	assert_string_equal(out.redeemed_terminal, "");
	/* Asking twice changes nothing: the redemption still happens once. */
	assert_int_equal(voucher_can_redeem(&f->lg, v.code, &out, &err), JF_OK);
	assert_int_equal(voucher_redeem(&f->lg, v.code, "till-7", &out, &err), JF_OK);
	assert_string_equal(out.redeemed_terminal, f->cfg.terminal);

	clock_set(t0 + 60);
	st = voucher_can_redeem(&f->lg, v.code, &out, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_VOUCHER_REDEEMED, t0, 0, 0, 0);
	assert_string_equal(err.text, "staff till-7");
	assert_string_equal(err.text2, f->cfg.terminal);
	assert_int_equal(out.id, v.id);
	assert_int_equal(out.state, VOUCHER_REDEEMED);

	/* Past its date, though no job has expired it yet (the one in stock
	 * is back once the goods of v are). */
	assert_int_equal(voucher_return(&f->lg, v.code, "desk-1", &out, &err), JF_OK);
	assert_int_equal(issue(f, ANN, "ONE", 1, &a, &err), JF_OK);
	clock_set(a.expires_at + 1);
	st = voucher_can_redeem(&f->lg, a.code, &out, &err);
	assert_refused(&err, st, JF_CONFLICT, JF_R_VOUCHER_EXPIRED, a.expires_at, 0, 0, 0);
	assert_int_equal(out.state, VOUCHER_ISSUED);
}

/* ---- the tables of words ---- */

/* One refusal of each reason, with numbers that show in its sentence. */
static struct jf_error
sample(enum jf_reason r)
{
	struct jf_error e;
	int64_t t = clock_now() + 86400 * 3;

	memset(&e, 0, sizeof e);
	switch (r) {
	case JF_R_INSUFFICIENT:
		jf_refuse(&e, JF_INSUFFICIENT, r, (struct jf_why){ .num = { 37, 13, 50, KIND_GREEN } },
			  "x");
		break;
	case JF_R_DAILY_LIMIT:
		jf_refuse(&e, JF_CONFLICT, r, (struct jf_why){ .num = { 500, 430, 80 } }, "x");
		break;
	case JF_R_OUT_OF_STOCK:
		jf_refuse(&e, JF_CONFLICT, r, (struct jf_why){ .num = { 3, 7 } }, "x");
		break;
	case JF_R_WRONG_PIN:
		jf_refuse(&e, JF_AUTH, r, (struct jf_why){ .num = { 4 } }, "x");
		break;
	case JF_R_OFFSET_OVER_CAP:
		jf_refuse(&e, JF_CONFLICT, r, (struct jf_why){ .num = { 2500, 3000, 5000, 50 } }, "x");
		break;
	case JF_R_OFFLINE:
		jf_refuse(&e, JF_BUSY, r, (struct jf_why){ .num = { 17 } }, "x");
		break;
	case JF_R_CONTENDED:
		jf_refuse(&e, JF_BUSY, r, (struct jf_why){ .num = { 10 } },
			  "the database rolled the write back 10 times");
		break;
	case JF_R_REFUND_TOO_MUCH:
	case JF_R_MIN_SPEND:
		jf_refuse(&e, JF_CONFLICT, r, (struct jf_why){ .num = { 6667, 7000 }, .text = "TXT-1" },
			  "x");
		break;
	default:
		jf_refuse(&e, JF_CONFLICT, r,
			  (struct jf_why){ .num = { t }, .text = "TXT-1", .text2 = "TXT-2" }, "x");
		break;
	}
	return e;
}

/* The figures of a reason that its sentence must show. */
static const char *
must_show(enum jf_reason r)
{
	switch (r) {
	case JF_R_INSUFFICIENT: return "37";
	case JF_R_DAILY_LIMIT: return "430";
	case JF_R_OUT_OF_STOCK: return "3";
	case JF_R_WRONG_PIN: return "4";
	case JF_R_LOCKED:
	case JF_R_VOUCHER_CANCELLED:
	case JF_R_VOUCHER_EXPIRED:
	case JF_R_VOUCHER_RETURNED: return "2026-03-04";
	case JF_R_VOUCHER_REDEEMED: return "TXT-1";
	case JF_R_UNKNOWN_FAMILY:
	case JF_R_NOT_YET_OFFERED:
	case JF_R_NO_LONGER_OFFERED:
	case JF_R_DELISTED:
	case JF_R_FAMILY_EXISTS:
	case JF_R_UNKNOWN_RECEIPT: return "TXT-1";
	case JF_R_IN_A_FAMILY: return "TXT-2";
	case JF_R_NOT_IN_FAMILY: return "TXT-1";
	case JF_R_OWNER_LEAVES: return "TXT-2";
	case JF_R_ERASED: return "2026-03-04";
	case JF_R_OFFSET_OVER_CAP: return "2500";
	case JF_R_UNKNOWN_OFFSET: return "TXT-1";
	case JF_R_OFFLINE: return "17";
	case JF_R_REFUND_TOO_MUCH:
	case JF_R_MIN_SPEND: return "66.67";
	default: return "";
	}
}

static void
test_kiosk_words(void **state)
{
	char en[400], zh[400];

	(void)state;
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
	bindtextdomain(PACKAGE, REASON_LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	for (int r = JF_R_NONE + 1; r < JF_R_COUNT; r++) {
		struct jf_error e = sample((enum jf_reason)r);

		i18n_set(LANG_EN);
		if (!reason_format(&e, en, sizeof en))
			fail_msg("no English sentence for %s", jf_reason_name((enum jf_reason)r));
		i18n_set(LANG_ZH);
		assert_int_equal(reason_format(&e, zh, sizeof zh), 1);
		if (strcmp(en, zh) == 0)
			fail_msg("%s is not translated: %s", jf_reason_name((enum jf_reason)r), en);
		if (!strstr(en, must_show((enum jf_reason)r)) ||
		    !strstr(zh, must_show((enum jf_reason)r)))
			fail_msg("%s does not show %s: \"%s\" / \"%s\"",
				 jf_reason_name((enum jf_reason)r), must_show((enum jf_reason)r), en, zh);
	}
	/* No reason, no sentence: the screen sends the member to the staff. */
	{
		struct jf_error e;

		jf_fail(&e, JF_ERR, "database error");
		assert_int_equal(reason_format(&e, en, sizeof en), 0);
		assert_string_equal(en, "");
	}
	i18n_set(LANG_EN);
}

static void
test_cli_words(void **state)
{
	char text[800];

	(void)state;
	for (int r = JF_R_NONE + 1; r < JF_R_COUNT; r++) {
		struct jf_error e = sample((enum jf_reason)r);

		cli_reason(&e, text, sizeof text);
		if (strcmp(text, "x") == 0 || !strstr(text, must_show((enum jf_reason)r)))
			fail_msg("the command line's words for %s: \"%s\"",
				 jf_reason_name((enum jf_reason)r), text);
	}
	{
		struct jf_error e;

		jf_fail(&e, JF_BUSY, "database busy");
		cli_reason(&e, text, sizeof text);
		assert_string_equal(text, "database busy");
	}
}

/* ---- notices: a message and its parameters, words where shown ---- */

#define NOTICES_MAX 4

struct notices {
	struct member_notice n[NOTICES_MAX];
	char texts[NOTICES_MAX][4][300]; /* copies: the strings live only in the call */
	int count;
};

static int
keep(const struct member_notice *n, void *ctx)
{
	struct notices *got = ctx;
	struct member_notice *c = &got->n[got->count];

	*c = *n;
	snprintf(got->texts[got->count][0], 300, "%s", n->text);
	c->text = got->texts[got->count][0];
	for (int i = 0; i < 3; i++) {
		snprintf(got->texts[got->count][i + 1], 300, "%s", n->param[i]);
		c->param[i] = got->texts[got->count][i + 1];
	}
	c->kind = "compensation";
	return ++got->count == NOTICES_MAX;
}

static void
read_notices(struct fixture *f, const char *card, struct notices *got)
{
	struct jf_error err;

	memset(got, 0, sizeof *got);
	assert_int_equal(member_notices(&f->lg, card, 0, keep, got, &err), JF_OK);
}

/* n in both of the kiosk's languages and on the command line, each
 * showing every one of the figures in want (NULL-terminated). */
static void
assert_words(const struct member_notice *n, const char *const *want)
{
	char en[600], zh[600], cli[600];

	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
	bindtextdomain(PACKAGE, REASON_LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	i18n_set(LANG_EN);
	reason_notice(n, en, sizeof en);
	i18n_set(LANG_ZH);
	reason_notice(n, zh, sizeof zh);
	i18n_set(LANG_EN);
	cli_notice(n, cli, sizeof cli);
	if (n->message != NOTICE_TEXT && strcmp(en, zh) == 0)
		fail_msg("a notice not translated: %s", en);
	for (int i = 0; want[i]; i++)
		if (!strstr(en, want[i]) || !strstr(zh, want[i]) || !strstr(cli, want[i]))
			fail_msg("\"%s\" missing in \"%s\" / \"%s\" / \"%s\"", want[i], en, zh, cli);
}

static void
test_notice_of_a_delisting(void **state)
{
	struct fixture *f = *state;
	static const char *const want[] = { "100", "25", "supplier recall", NULL };
	struct delist_result dr;
	struct notices got;
	struct jf_error err;
	struct voucher v;

	fixture_grant(f, ANN, 400, KIND_POINTS);
	assert_int_equal(issue(f, ANN, "ONE", 1, &v, &err), JF_OK);
	assert_int_equal(compensate_delist(&f->lg, "ONE", 25, "supplier recall", &dr, &err), JF_OK);
	read_notices(f, ANN, &got);
	assert_int_equal(got.count, 1);
	assert_int_equal(got.n[0].message, NOTICE_DELIST_REFUND);
	assert_int_equal(got.n[0].num[0], 100);
	assert_int_equal(got.n[0].num[1], 25);
	assert_int_equal(got.n[0].num[2], KIND_POINTS);
	assert_string_equal(got.n[0].param[0], "独一份");
	assert_string_equal(got.n[0].param[1], "Only One");
	assert_string_equal(got.n[0].param[2], "supplier recall");
	assert_words(&got.n[0], want);
	{
		char zh[600];

		i18n_set(LANG_ZH);
		reason_notice(&got.n[0], zh, sizeof zh);
		i18n_set(LANG_EN);
		/* The item's Chinese name for a member reading Chinese. */
		assert_non_null(strstr(zh, "独一份"));
		assert_null(strstr(zh, "Only One"));
	}
}

static void
test_notice_of_an_outage(void **state)
{
	struct fixture *f = *state;
	static const char *const want_back[] = { "200", "2026-04-12", NULL };
	static const char *const want_longer[] = { "2026-04-12", NULL };
	struct outage_result res;
	struct expire_result ex;
	struct notices got;
	struct jf_error err;
	int64_t from, to;

	f->cfg.expiry_days = 29;
	fixture_grant(f, ANN, 200, KIND_POINTS);   /* due 2026-03-30, in the outage */
	f->cfg.expiry_days = 31;
	fixture_grant(f, ANN, 70, KIND_POINTS);    /* due 2026-04-01, not expired yet */
	fixture_at("2026-03-31T03:00:00+08:00");
	assert_int_equal(ledger_expire(&f->lg, &ex, &err), JF_OK);
	fixture_at("2026-04-02T20:00:00+08:00");
	assert_int_equal(clock_parse_iso("2026-03-30T09:00:00+08:00", &from), JF_OK);
	assert_int_equal(clock_parse_iso("2026-04-02T18:00:00+08:00", &to), JF_OK);
	assert_int_equal(compensate_outage(&f->lg, from, to, 10, &res, &err), JF_OK);
	read_notices(f, ANN, &got);
	assert_int_equal(got.count, 2);
	for (int i = 0; i < 2; i++) {
		const struct member_notice *n = &got.n[i];

		assert_int_equal(n->num[0], from);
		assert_int_equal(n->num[1], to);
		assert_string_equal(n->param[0], "2026-04-12");
		if (n->message == NOTICE_OUTAGE_RESTORED) {
			assert_int_equal(n->num[2], 200);
			assert_int_equal(n->num[3], KIND_POINTS);
			assert_words(n, want_back);
		} else {
			assert_int_equal(n->message, NOTICE_OUTAGE_EXTENDED);
			assert_words(n, want_longer);
		}
	}
	assert_int_not_equal(got.n[0].message, got.n[1].message);
}

/* A notice of a ledger before messages had parameters: its text, as written. */
static void
test_old_notice_keeps_its_text(void **state)
{
	struct fixture *f = *state;
	static const char *const want[] = { "Sorry for the wait", NULL };
	struct notices got;

	fixture_sql_exec(f->path, "INSERT INTO notice(member_id, created_at, kind, text) "
				  "SELECT id, 0, 'compensation', 'Sorry for the wait' FROM member "
				  "WHERE card = '" ANN "'");
	read_notices(f, ANN, &got);
	assert_int_equal(got.count, 1);
	assert_int_equal(got.n[0].message, NOTICE_TEXT);
	assert_words(&got.n[0], want);
}

static void
test_names_and_clearing(void **state)
{
	struct jf_error e;

	(void)state;
	for (int r = 0; r < JF_R_COUNT; r++)
		assert_string_not_equal(jf_reason_name((enum jf_reason)r), "unknown");
	/* A later failure without a reason leaves none of the earlier one's. */
	e = sample(JF_R_DAILY_LIMIT);
	jf_fail(&e, JF_ERR, "other");
	assert_int_equal(e.reason, JF_R_NONE);
	assert_int_equal(e.num[0], 0);
	jf_refuse(&e, JF_CONFLICT, JF_R_DELISTED, (struct jf_why){ .text = NULL }, "y");
	assert_string_equal(e.text, "");
	jf_error_clear(&e);
	assert_int_equal(e.reason, JF_R_NONE);
}

static void
test_long_text_cut_at_a_character(void **state)
{
	char long_text[200 * 3 + 1];
	struct jf_error e;

	(void)state;
	/* "积" is 3 bytes: 200 of them do not fit, and the cut falls between two. */
	long_text[0] = '\0';
	for (int i = 0; i < 200; i++)
		strcat(long_text, "积");
	jf_refuse(&e, JF_CONFLICT, JF_R_DELISTED, (struct jf_why){ .text = long_text }, "y");
	assert_int_equal(strlen(e.text) % 3, 0);
	assert_true(strlen(e.text) < JF_REASON_TEXT_SIZE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_unknown_card_and_pin),
		T(test_members_and_families),
		T(test_transfer_reasons),
		T(test_unknown_receipt),
		T(test_replaced_card),
		T(test_item_reasons),
		T(test_voucher_reasons),
		T(test_voucher_can_redeem),
		T(test_kiosk_words),
		T(test_cli_words),
		T(test_notice_of_a_delisting),
		T(test_notice_of_an_outage),
		T(test_old_notice_keeps_its_text),
		T(test_names_and_clearing),
		T(test_long_text_cut_at_a_character),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
