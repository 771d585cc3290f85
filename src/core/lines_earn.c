/*
 * lines_earn: awarding the points of a receipt of lines (lines.h) in one
 * entry; the parser, which touches no ledger, is lines.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "earn_rule.h"
#include "entry.h"
#include "ledger_int.h"
#include "lines.h"
#include "lot.h"
#include "parse.h"
#include "xalloc.h"

struct lines_ctx {
	const char *card, *receipt, *key;
	struct receipt_lines *l;
	struct earn_explain *x;
};

enum jf_status
ledger_earn_lines_quote_explained(struct ledger *lg, const char *card, struct receipt_lines *l,
				  struct earn_explain *x, struct jf_error *err)
{
	struct account acct;
	enum jf_status st;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	/* Counted again even at the store's rates: l may have been quoted
	 * under a rate or a campaign since gone. An unknown card is refused,
	 * as the purchase would refuse it. */
	st = account_of_card(lg->db, card, KIND_POINTS, &acct, err);
	if (st == JF_OK)
		st = earn_rule_apply(lg, card, clock_now(), l, x, err);
	return st;
}

enum jf_status
ledger_earn_lines_quote(struct ledger *lg, const char *card, struct receipt_lines *l,
			struct jf_error *err)
{
	return ledger_earn_lines_quote_explained(lg, card, l, NULL, err);
}

/* One line per kind earned, and its counterpart on the issued account. */
static enum jf_status
lines_entry(struct ledger *lg, const struct lines_ctx *lc, struct account acct[KIND_COUNT],
	    int64_t *entry_id, struct jf_error *err)
{
	struct entry_line lines[2 * KIND_COUNT];
	struct entry_new e = { "earn", lc->key, NULL, 0, lines, 0, NULL };
	char memo[160];
	enum jf_status st;

	for (int k = 0; k < KIND_COUNT; k++) {
		if (lc->l->points[k] == 0)
			continue;
		if ((st = account_of_card(lg->db, lc->card, (enum point_kind)k, &acct[k], err)) ||
		    (st = account_system(lg, SYS_ISSUED, (enum point_kind)k,
					 &lines[e.count + 1].account_id, err)))
			return st;
		lines[e.count].account_id = acct[k].id;
		lines[e.count].amount = lc->l->points[k];
		lines[e.count + 1].amount = -lc->l->points[k];
		e.count += 2;
	}
	snprintf(memo, sizeof memo, "purchase %s (%zu lines)", lc->receipt, lc->l->count);
	e.memo = memo;
	return entry_append(lg, &e, entry_id, err);
}

/* The receipt's row for refunds of parts: only a receipt of one kind. */
static enum jf_status
lines_receipt(struct ledger *lg, const struct lines_ctx *lc, int64_t entry_id,
	      struct jf_error *err)
{
	enum point_kind kind = lc->l->fen_kind[KIND_GREEN] ? KIND_GREEN : KIND_POINTS;
	char actor[ACTOR_TEXT_SIZE];
	struct account acct;
	struct db_stmt *s;
	enum jf_status st;

	if (lc->l->fen_kind[KIND_GREEN] && lc->l->fen_kind[KIND_POINTS])
		return JF_OK;
	if ((st = ledger_actor_text(lg, "a receipt", actor, err)) != JF_OK ||
	    (st = account_of_card(lg->db, lc->card, kind, &acct, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO earn_receipt(receipt, account_id, entry_id, fen, points, "
			    "created_at, created_by, created_terminal, member_percent, member_bonus, "
			    "member_source) VALUES (:r, :a, :e, :fen, :pts, :now, :by, :term, :pct, "
			    ":bonus, :source)");
	/* A green receipt earned no member bonus. */
	db_bind_int(s, ":pct", kind == KIND_POINTS ? lc->x->member_percent : 100);
	db_bind_int(s, ":bonus", kind == KIND_POINTS ? lc->x->member_bonus : 0);
	db_bind_text(s, ":source", kind == KIND_POINTS ? lc->x->member_source : "");
	db_bind_text(s, ":r", lc->receipt);
	db_bind_int(s, ":a", acct.id);
	if (entry_id)
		db_bind_int(s, ":e", entry_id);
	else
		db_bind_text(s, ":e", NULL);
	db_bind_int(s, ":fen", lc->l->fen);
	db_bind_int(s, ":pts", lc->l->points[kind]);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	return db_run(s, err);
}

/* The catalog goods bought: one row per line that names a SKU. */
static enum jf_status
lines_items(struct ledger *lg, const struct lines_ctx *lc, int64_t member_id, int64_t entry_id,
	    struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE] = "";
	struct db_stmt *s;
	enum jf_status st = JF_OK;

	for (size_t i = 0; i < lc->l->count && st == JF_OK; i++) {
		const struct receipt_line *it = &lc->l->items[i];

		if (it->sku[0] == '\0')
			continue;
		if (actor[0] == '\0' && (st = ledger_actor_text(lg, "a purchase", actor, err)))
			return st;
		s = db_stmt(lg->db, "INSERT INTO purchase_item(member_id, receipt, line, sku, fen, "
				    "entry_id, created_at, created_by, created_terminal) VALUES (:m, "
				    ":r, :line, :sku, :fen, :e, :now, :by, :term)");
		db_bind_int(s, ":m", member_id);
		db_bind_text(s, ":r", lc->receipt);
		db_bind_int(s, ":line", (int64_t)i + 1);
		db_bind_text(s, ":sku", it->sku);
		db_bind_int(s, ":fen", it->fen);
		if (entry_id)
			db_bind_int(s, ":e", entry_id);
		else
			db_bind_text(s, ":e", NULL);
		db_bind_int(s, ":now", clock_now());
		db_bind_text(s, ":by", actor);
		db_bind_text(s, ":term", lg->cfg->terminal);
		st = db_run(s, err);
	}
	return st;
}

static enum jf_status
do_lines(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct lines_ctx *lc = ctx;
	char today[CLOCK_DATE_LEN], expires[CLOCK_DATE_LEN], avail[CLOCK_DATE_LEN];
	struct account acct[KIND_COUNT];
	enum jf_status st;

	/* An unknown card is refused even when the lines earn nothing. */
	if ((st = account_of_card(lg->db, lc->card, KIND_POINTS, &acct[KIND_POINTS], err)) ||
	    (st = earn_rule_apply(lg, lc->card, clock_now(), lc->l, lc->x, err)) != JF_OK)
		return st;
	res->points = lc->l->points[KIND_POINTS] + lc->l->points[KIND_GREEN];
	if (res->points > 0 && ((st = lines_entry(lg, lc, acct, &res->entry_id, err)) != JF_OK ||
				(st = earn_rule_record(lg, lc->card, lc->receipt, res->entry_id,
						       lc->x, err)) != JF_OK))
		return st;
	ledger_today(today);
	settings_expiry_date(lg->cfg, today, expires);
	/* Points from a purchase wait out the return window before they can be spent. */
	clock_date_add(today, lg->cfg->lock_days, avail);
	for (int k = 0; k < KIND_COUNT && st == JF_OK; k++)
		if (lc->l->points[k] > 0)
			st = lot_create(lg, acct[k].id, res->entry_id, lc->l->points[k], expires,
					avail, err);
	if (st != JF_OK ||
	    (st = lines_items(lg, lc, acct[KIND_POINTS].member_id, res->entry_id, err)) != JF_OK)
		return st;
	return lines_receipt(lg, lc, res->entry_id, err);
}

/* The request as the idempotency key's hash sees it: the card and every
 * line, its SKU only when it has one (the same text as before SKUs, so an
 * old receipt given again is still a replay). */
static char *
lines_canonical(const char *card, const struct receipt_lines *l)
{
	char *text = xasprintf("earn_lines\n%s", card), *next;

	for (size_t i = 0; i < l->count; i++) {
		next = xasprintf("%s\n%lld,%d,%s%s%s", text, (long long)l->items[i].fen,
				 l->items[i].green, l->items[i].category,
				 l->items[i].sku[0] ? "," : "", l->items[i].sku);
		free(text);
		text = next;
	}
	return text;
}

enum jf_status
ledger_earn_lines_explained(struct ledger *lg, const char *card, const char *receipt,
			    struct receipt_lines *l, struct ledger_result *res,
			    struct earn_explain *x, struct jf_error *err)
{
	struct earn_explain *own = x ? NULL : xmalloc(sizeof *own);
	struct lines_ctx lc = { card, receipt, NULL, l, x ? x : own };
	char *key, *canonical;
	enum jf_status st;

	memset(res, 0, sizeof *res);
	memset(lc.x, 0, sizeof *lc.x);
	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = parse_key("receipt", receipt, err)) != JF_OK) {
		free(own);
		return st;
	}
	if (l->count == 0 || l->problem_count) {
		free(own);
		return jf_fail(err, JF_USAGE, "a receipt of lines needs good lines");
	}
	key = xasprintf("earn:%s", receipt);
	canonical = lines_canonical(card, l);
	lc.key = key;
	st = keyed_write(lg, key, canonical, do_lines, &lc, res, err);
	if (st == JF_OK && res->replay) {
		/* A replay earns nothing again: what the first time gave is read back
		 * (over whatever an attempt the database undid had counted). */
		memset(lc.x, 0, sizeof *lc.x);
		lc.x->points[KIND_POINTS] = res->points;
		st = earn_rule_recorded(lg, receipt, lc.x, err);
	}
	free(key);
	free(canonical);
	free(own);
	return st;
}

enum jf_status
ledger_earn_lines(struct ledger *lg, const char *card, const char *receipt,
		  struct receipt_lines *l, struct ledger_result *res, struct jf_error *err)
{
	return ledger_earn_lines_explained(lg, card, receipt, l, res, NULL, err);
}
