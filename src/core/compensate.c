/*
 * compensate: the store's fault, made good (DESIGN.md "Fair rules").
 * Each run is one write transaction; the why goes into entry memos,
 * member notices and lot_change. A notice is stored as its message and
 * parameters, so each member reads it in their own language; its English
 * text is kept beside them for the record.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "compensate.h"
#include "db.h"
#include "entry.h"
#include "ledger_int.h"
#include "log.h"
#include "lot.h"
#include "member.h"
#include "parse.h"
#include "voucher.h"
#include "xalloc.h"

/* One notice: its message with parameters (see struct member_notice). */
struct notice_new {
	int64_t member_id, entry_id;
	enum notice_message message;
	int64_t num[4];
	const char *param[3];
	const char *text; /* in English */
};

/* Stamped with who compensates and where, as the entry and lot changes
 * that come with it are. */
static enum jf_status
add_notice(struct ledger *lg, const struct notice_new *n, struct jf_error *err)
{
	static const char *const nums[] = { ":n1", ":n2", ":n3", ":n4" };
	static const char *const texts[] = { ":t1", ":t2", ":t3" };
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a notice", actor, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO notice(member_id, created_at, kind, text, entry_id, "
			    "message, num1, num2, num3, num4, text1, text2, text3, created_by, "
			    "created_terminal) VALUES (:m, :now, 'compensation', :t, :e, :msg, "
			    ":n1, :n2, :n3, :n4, :t1, :t2, :t3, :by, :terminal)");
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);

	db_bind_int(s, ":m", n->member_id);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":t", n->text);
	if (n->entry_id)
		db_bind_int(s, ":e", n->entry_id);
	else
		db_bind_text(s, ":e", NULL);
	db_bind_text(s, ":msg", notice_message_name(n->message));
	for (int i = 0; i < 4; i++)
		db_bind_int(s, nums[i], n->num[i]);
	for (int i = 0; i < 3; i++)
		db_bind_text(s, texts[i], n->param[i] ? n->param[i] : "");
	return db_run(s, err);
}

/* ---- delisting ---- */

struct open_voucher {
	int64_t id, member_id, points;
	char card[24];
};

static enum jf_status
open_vouchers(struct db *db, int64_t item_id, struct open_voucher **out, size_t *n,
	      struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT v.id, v.member_id, v.points, m.card FROM voucher v "
					"JOIN member m ON m.id = v.member_id "
					"WHERE v.item_id = :i AND v.state = 0 ORDER BY v.id");
	enum db_step_result rc;

	*out = NULL;
	*n = 0;
	db_bind_int(s, ":i", item_id);
	while ((rc = db_step(s, err)) == DB_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[*n].id = db_col_int(s, 0);
		(*out)[*n].member_id = db_col_int(s, 1);
		(*out)[*n].points = db_col_int(s, 2);
		snprintf((*out)[*n].card, sizeof (*out)[*n].card, "%s", db_col_text(s, 3));
		(*n)++;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

static enum jf_status
make_good(struct ledger *lg, const struct catalog_item *item, const struct open_voucher *v,
	  int64_t bonus, const char *reason, struct jf_error *err)
{
	struct ledger_result res = { 0, 0, 0, 0 };
	char *ref = xasprintf("delist:%s:%lld", item->sku, (long long)v->id);
	char *text = xasprintf("%s / %s: %s. Your %lld points are back%s.", item->name_zh,
			       item->name_en, reason, (long long)v->points,
			       bonus ? ", plus a bonus" : "");
	enum point_kind kind = item->green ? KIND_GREEN : KIND_POINTS;
	struct credit c = { v->card, kind, bonus, "compensate", ref, reason, SYS_COMPENSATION, 0 };
	struct notice_new n = { v->member_id, 0, NOTICE_DELIST_REFUND, { v->points, bonus, kind },
				{ item->name_zh, item->name_en, reason }, text };
	enum jf_status st = voucher_cancel_locked(lg, v->id, reason, err);

	if (st == JF_OK && bonus > 0)
		st = ledger_credit(lg, &c, &res, err);
	n.entry_id = res.entry_id;
	if (st == JF_OK)
		st = add_notice(lg, &n, err);
	free(ref);
	free(text);
	return st;
}

static enum jf_status
delist_locked(struct ledger *lg, const char *sku, int64_t bonus, const char *reason,
	      struct delist_result *res, struct jf_error *err)
{
	struct catalog_item item;
	struct open_voucher *vs;
	enum jf_status st;
	size_t n;

	if ((st = catalog_find(lg, sku, &item, err)) != JF_OK)
		return st;
	if (item.delisted)
		return jf_refuse(err, JF_CONFLICT, JF_R_DELISTED,
				 (struct jf_why){ .num = { item.delisted_at }, .text = item.delist_reason },
				 "%s is already delisted: %s", sku, item.delist_reason);
	/* A voucher issued in another store meanwhile takes the item's stock,
	 * a change of the item's row as the delisting below is: the later of
	 * the two is run again and sees the other (no open voucher missed). */
	if ((st = open_vouchers(lg->db, item.id, &vs, &n, err)) != JF_OK)
		return st;
	for (size_t i = 0; st == JF_OK && i < n; i++) {
		st = make_good(lg, &item, &vs[i], bonus, reason, err);
		res->vouchers++;
		res->points_back += vs[i].points;
		res->bonus_points += bonus;
	}
	free(vs);
	if (st == JF_OK)
		st = catalog_mark_delisted(lg, item.id, reason, err);
	return st;
}

struct delist_ctx {
	const char *sku, *reason;
	int64_t bonus_points;
	struct delist_result *res;
};

static enum jf_status
delist_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct delist_ctx *dc = ctx;

	memset(dc->res, 0, sizeof *dc->res);
	return delist_locked(lg, dc->sku, dc->bonus_points, dc->reason, dc->res, err);
}

enum jf_status
compensate_delist(struct ledger *lg, const char *sku, int64_t bonus_points, const char *reason,
		  struct delist_result *res, struct jf_error *err)
{
	struct delist_ctx dc = { sku, reason, bonus_points, res };
	enum jf_status st;

	memset(res, 0, sizeof *res);
	if ((st = parse_text("reason", reason, 200, err)) != JF_OK)
		return st;
	if (bonus_points < 0 || bonus_points > PARSE_POINTS_MAX)
		return jf_fail(err, JF_USAGE, "compensation points must be from 0 to %lld",
			       PARSE_POINTS_MAX);
	if ((st = ledger_write(lg, delist_once, &dc, err)) != JF_OK) {
		memset(res, 0, sizeof *res);
		return st;
	}
	log_ledger(lg, LOG_CLASS_MONEY, "compensate_delist", "sku=%s vouchers=%lld "
		   "points_back=%lld bonus=%lld reason=%s", sku, (long long)res->vouchers,
		   (long long)res->points_back, (long long)res->bonus_points, reason);
	return JF_OK;
}

enum jf_status
compensate_delist_preview(struct ledger *lg, const char *sku, int64_t bonus_points,
			  struct delist_preview *out, struct jf_error *err)
{
	struct catalog_item item;
	struct open_voucher *vs;
	enum jf_status st;
	size_t n;

	memset(out, 0, sizeof *out);
	if (bonus_points < 0 || bonus_points > PARSE_POINTS_MAX)
		return jf_fail(err, JF_USAGE, "compensation points must be from 0 to %lld",
			       PARSE_POINTS_MAX);
	if ((st = catalog_find(lg, sku, &item, err)) != JF_OK)
		return st;
	if (item.delisted)
		return jf_refuse(err, JF_CONFLICT, JF_R_DELISTED,
				 (struct jf_why){ .num = { item.delisted_at }, .text = item.delist_reason },
				 "%s is already delisted: %s", sku, item.delist_reason);
	if ((st = open_vouchers(lg->db, item.id, &vs, &n, err)) != JF_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		int seen = 0;

		for (size_t j = 0; j < i && !seen; j++)
			seen = vs[j].member_id == vs[i].member_id;
		out->members += !seen;
		out->vouchers++;
		out->points_back += vs[i].points;
		out->bonus_points += bonus_points;
	}
	free(vs);
	return JF_OK;
}

/* ---- outage ---- */

struct window_lot {
	int64_t lot_id, account_id, member_id, expired;
	int kind;
	char expires_on[CLOCK_DATE_LEN];
};

struct window {
	struct window_lot *lots;
	size_t count;
};

/* Lots due inside the window, counted generously: a lot due the night before
 * the outage began is included, since its member could not use it either.
 * Each lot given back or extended is changed in its row, as a spend, the
 * expiry job or another compensation would change it: those of another
 * store at once are ordered by the lot's row. */
static enum jf_status
lots_in_window(struct db *db, int64_t from, int64_t to, struct window *w, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"SELECT l.id, l.account_id, a.member_id, a.kind, l.expired, l.expires_on FROM lot l "
		"JOIN account a ON a.id = l.account_id WHERE l.expires_on BETWEEN :lo AND :hi "
		"AND (l.expired > 0 OR l.remaining > 0) ORDER BY l.account_id, l.id");
	char lo[CLOCK_DATE_LEN], hi[CLOCK_DATE_LEN];
	struct window_lot *x;
	enum db_step_result rc;

	clock_date_of(from - 86400, lo);
	clock_date_of(to, hi);
	db_bind_text(s, ":lo", lo);
	db_bind_text(s, ":hi", hi);
	while ((rc = db_step(s, err)) == DB_ROW) {
		w->lots = xrealloc(w->lots, (w->count + 1) * sizeof *w->lots);
		x = &w->lots[w->count++];
		x->lot_id = db_col_int(s, 0);
		x->account_id = db_col_int(s, 1);
		x->member_id = db_col_int(s, 2);
		x->kind = (int)db_col_int(s, 3) & 1;
		x->expired = db_col_int(s, 4);
		snprintf(x->expires_on, sizeof x->expires_on, "%s", db_col_text(s, 5));
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* One entry giving back every expired point of the window, per account. */
static enum jf_status
restore_entry(struct ledger *lg, const struct window *w, const char *reason,
	      struct outage_result *res, int64_t *entry_id, struct jf_error *err)
{
	struct entry_line *lines = xcalloc(w->count + KIND_COUNT, sizeof *lines);
	struct entry_new e = { "compensate", NULL, reason, 0, lines, 0, NULL };
	enum jf_status st = JF_OK;
	int64_t last;
	char *ref;

	for (size_t i = 0; i < w->count; i++) {
		if (w->lots[i].expired == 0)
			continue;
		if (e.count == 0 || lines[e.count - 1].account_id != w->lots[i].account_id)
			lines[e.count++].account_id = w->lots[i].account_id;
		lines[e.count - 1].amount += w->lots[i].expired;
		res->points_restored[w->lots[i].kind] += w->lots[i].expired;
		res->lots_restored++;
	}
	for (int k = 0; k < KIND_COUNT && st == JF_OK; k++) {
		if (res->points_restored[k] == 0)
			continue;
		st = account_system(lg, SYS_EXPIRED, (enum point_kind)k,
				    &lines[e.count].account_id, err);
		lines[e.count++].amount = -res->points_restored[k];
	}
	*entry_id = 0;
	if (st == JF_OK && e.count > 0 && (st = entry_last_id(lg, &last, err)) == JF_OK) {
		ref = xasprintf("outage:%lld", (long long)last + 1);
		e.ref = ref;
		st = entry_append(lg, &e, entry_id, err);
		free(ref);
	}
	free(lines);
	return st;
}

static enum jf_status
fix_lot(struct ledger *lg, const struct window_lot *x, const char *new_date, const char *reason,
	const int64_t outage[2], int64_t entry_id, struct jf_error *err)
{
	struct notice_new n = { x->member_id, entry_id, NOTICE_OUTAGE_RESTORED,
				{ outage[0], outage[1], x->expired, x->kind }, { new_date, NULL, NULL },
				NULL };
	struct db_stmt *s;
	enum jf_status st = JF_OK;
	char *text;

	if (x->expired > 0) {
		s = db_stmt(lg->db, "UPDATE lot SET remaining = remaining + expired, expired = 0, "
				    "expire_entry = NULL WHERE id = :id");
		db_bind_int(s, ":id", x->lot_id);
		st = db_run(s, err);
	}
	if (st == JF_OK)
		st = lot_move_expiry(lg, x->lot_id, x->expires_on, new_date, reason, err);
	if (st != JF_OK)
		return st;
	text = xasprintf("%s: %lld %s points restored, now valid until %s", reason,
			 (long long)x->expired, x->kind ? "green" : "ordinary", new_date);
	if (x->expired == 0) {
		free(text);
		text = xasprintf("%s: points due then are now valid until %s", reason, new_date);
		n.message = NOTICE_OUTAGE_EXTENDED;
	}
	n.text = text;
	st = add_notice(lg, &n, err);
	free(text);
	return st;
}

static enum jf_status
outage_locked(struct ledger *lg, int64_t from, int64_t to, int64_t extend_days,
	      struct outage_result *res, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN], a[CLOCK_ISO_LEN], b[CLOCK_ISO_LEN], *reason;
	struct window w = { NULL, 0 };
	enum jf_status st;
	int64_t entry_id = 0, outage[2] = { from, to };

	clock_format_iso(from, a);
	clock_format_iso(to, b);
	reason = xasprintf("system outage from %s to %s", a, b);
	ledger_today(today);
	clock_date_add(today, extend_days, res->new_expiry);
	st = lots_in_window(lg->db, from, to, &w, err);
	if (st == JF_OK)
		st = restore_entry(lg, &w, reason, res, &entry_id, err);
	for (size_t i = 0; st == JF_OK && i < w.count; i++) {
		st = fix_lot(lg, &w.lots[i], res->new_expiry, reason, outage, entry_id, err);
		res->lots_extended += w.lots[i].expired == 0;
	}
	free(w.lots);
	free(reason);
	return st;
}

static enum jf_status
check_outage(int64_t from, int64_t to, int64_t extend_days, struct jf_error *err)
{
	if (from > to)
		return jf_fail(err, JF_USAGE, "the outage must start before it ends");
	if (to > clock_now())
		return jf_fail(err, JF_USAGE, "the outage cannot end in the future");
	if (extend_days < 1 || extend_days > 3650)
		return jf_fail(err, JF_USAGE, "--extend-days must be from 1 to 3650");
	return JF_OK;
}

enum jf_status
compensate_outage_preview(struct ledger *lg, int64_t from, int64_t to, int64_t extend_days,
			  struct outage_result *res, int64_t *members, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN];
	struct window w = { NULL, 0 };
	enum jf_status st;

	memset(res, 0, sizeof *res);
	*members = 0;
	if ((st = check_outage(from, to, extend_days, err)) != JF_OK ||
	    (st = lots_in_window(lg->db, from, to, &w, err)) != JF_OK) {
		free(w.lots);
		return st;
	}
	ledger_today(today);
	clock_date_add(today, extend_days, res->new_expiry);
	for (size_t i = 0; i < w.count; i++) {
		int seen = 0;

		for (size_t j = 0; j < i && !seen; j++)
			seen = w.lots[j].member_id == w.lots[i].member_id;
		*members += !seen;
		res->points_restored[w.lots[i].kind] += w.lots[i].expired;
		res->lots_restored += w.lots[i].expired > 0;
		res->lots_extended += w.lots[i].expired == 0;
	}
	free(w.lots);
	return JF_OK;
}

struct outage_ctx {
	int64_t from, to, extend_days;
	struct outage_result *res;
};

static enum jf_status
outage_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct outage_ctx *oc = ctx;

	memset(oc->res, 0, sizeof *oc->res);
	return outage_locked(lg, oc->from, oc->to, oc->extend_days, oc->res, err);
}

enum jf_status
compensate_outage(struct ledger *lg, int64_t from, int64_t to, int64_t extend_days,
		  struct outage_result *res, struct jf_error *err)
{
	struct outage_ctx oc = { from, to, extend_days, res };
	enum jf_status st;

	memset(res, 0, sizeof *res);
	if ((st = check_outage(from, to, extend_days, err)) != JF_OK)
		return st;
	if ((st = ledger_write(lg, outage_once, &oc, err)) != JF_OK) {
		memset(res, 0, sizeof *res);
		return st;
	}
	log_ledger(lg, LOG_CLASS_MONEY, "compensate_outage", "from=%lld to=%lld "
		   "lots_restored=%lld points=%lld green=%lld lots_extended=%lld",
		   (long long)from, (long long)to, (long long)res->lots_restored,
		   (long long)res->points_restored[KIND_POINTS],
		   (long long)res->points_restored[KIND_GREEN], (long long)res->lots_extended);
	return JF_OK;
}
