/*
 * transfer: points between two members of one family. The receiver's new
 * lots keep the expiry dates of the sender's lots they came from, so moving
 * points back and forth can never stretch their life.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "ledger_int.h"
#include "lot.h"
#include "parse.h"
#include "xalloc.h"

struct transfer_ctx {
	const struct transfer_request *req;
	const char *ref;
};

static enum jf_status
family_of(struct db *db, int64_t member_id, int64_t *family_id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT coalesce(family_id, 0) FROM member WHERE id = :m");

	db_bind_int(s, ":m", member_id);
	return db_one_int(s, family_id, err);
}

/* Points this account has sent by transfer on today's calendar day. The
 * day has an end too: a transfer dated tomorrow by a clock a little ahead
 * (within the clock tolerance) is tomorrow's, not today's. */
static enum jf_status
sent_today(struct db *db, int64_t account_id, int64_t *sent, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db,
		"SELECT coalesce(-sum(l.amount), 0) FROM line l JOIN entry e ON e.id = l.entry_id "
		"WHERE l.account_id = :a AND l.amount < 0 AND e.type = 'transfer' AND e.ts >= :since "
		"AND e.ts < :until");
	char today[CLOCK_DATE_LEN], tomorrow[CLOCK_DATE_LEN];
	int64_t since, until;

	ledger_today(today);
	clock_date_add(today, 1, tomorrow);
	if (clock_parse_iso(today, &since) != JF_OK || clock_parse_iso(tomorrow, &until) != JF_OK) {
		since = clock_now() - 86400;
		until = clock_now() + 86400;
	}
	db_bind_int(s, ":a", account_id);
	db_bind_int(s, ":since", since);
	db_bind_int(s, ":until", until);
	return db_one_int(s, sent, err);
}

enum jf_status
ledger_sent_today(struct ledger *lg, const char *card, enum point_kind kind, int64_t *sent,
		  struct jf_error *err)
{
	struct account acct;
	enum jf_status st;

	*sent = 0;
	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = account_of_card(lg->db, card, kind, &acct, err)) != JF_OK)
		return st;
	return sent_today(lg->db, acct.id, sent, err);
}

static enum jf_status
check_transfer(struct ledger *lg, const struct transfer_request *req, const struct account *from,
	       const struct account *to, struct jf_error *err)
{
	int64_t fam_from, fam_to, sent, limit = lg->cfg->daily_green_limit;
	enum jf_status st;

	if ((st = family_of(lg->db, from->member_id, &fam_from, err)) != JF_OK ||
	    (st = family_of(lg->db, to->member_id, &fam_to, err)) != JF_OK)
		return st;
	if (fam_from == 0 || fam_from != fam_to)
		return jf_refuse(err, JF_CONFLICT, JF_R_NOT_SAME_FAMILY,
				 (struct jf_why){ .text = req->from_card, .text2 = req->to_card },
				 "%s and %s are not in the same family", req->from_card,
				 req->to_card);
	/* What the member has comes before the day's limit: a member told the
	 * limit would only be refused again for want of points. */
	if ((st = ledger_need_available(lg, from, req->from_card, req->points, err)) != JF_OK)
		return st;
	/* The day's limit is the sender's account's, and every transfer
	 * moves that account's balance: two stores sending from it at once
	 * change its row, so under REPEATABLE READ the later is run again
	 * and counts the other (DESIGN.md "The stores of a chain"). Whether
	 * the two are of one family needs no such order: a member leaving
	 * meanwhile reads nothing a transfer writes, so the transfer is
	 * simply the earlier of the two. */
	if (req->kind == KIND_GREEN && limit > 0) {
		if ((st = sent_today(lg->db, from->id, &sent, err)) != JF_OK)
			return st;
		if (sent + req->points > limit)
			return jf_refuse(err, JF_CONFLICT, JF_R_DAILY_LIMIT,
					 (struct jf_why){ .num = { limit, sent, req->points } },
					 "over the daily limit of %lld green points (%lld sent today)",
					 (long long)limit, (long long)sent);
	}
	return JF_OK;
}

/* What is refused before any account is read: the amount, the cards, the kind. */
static enum jf_status
check_request(struct ledger *lg, const struct transfer_request *req, struct jf_error *err)
{
	enum jf_status st;

	if ((st = ledger_check_card(lg, req->from_card, err)) != JF_OK ||
	    (st = ledger_check_card(lg, req->to_card, err)) != JF_OK)
		return st;
	if (req->points < 1 || req->points > PARSE_POINTS_MAX)
		return jf_fail(err, JF_USAGE, "points must be from 1 to %lld", PARSE_POINTS_MAX);
	if (strcmp(req->from_card, req->to_card) == 0)
		return jf_refuse(err, JF_USAGE, JF_R_SELF_TRANSFER, (struct jf_why){ .text = NULL },
				 "cannot transfer points from a card to itself");
	if (req->kind == KIND_POINTS && !lg->cfg->allow_points_transfer)
		return jf_refuse(err, JF_CONFLICT, JF_R_NOT_TRANSFERABLE,
				 (struct jf_why){ .num = { 0, 0, 0, req->kind } },
				 "only green points may be transferred (the config does not allow ordinary points)");
	return JF_OK;
}

enum jf_status
ledger_can_transfer(struct ledger *lg, const struct transfer_request *req, struct jf_error *err)
{
	struct account from, to;
	enum jf_status st;

	if ((st = check_request(lg, req, err)) != JF_OK ||
	    (st = account_of_card(lg->db, req->from_card, req->kind, &from, err)) != JF_OK ||
	    (st = account_of_card(lg->db, req->to_card, req->kind, &to, err)) != JF_OK)
		return st;
	return check_transfer(lg, req, &from, &to, err);
}

static enum jf_status
do_transfer(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct transfer_ctx *tc = ctx;
	const struct transfer_request *req = tc->req;
	struct account from, to;
	struct entry_line lines[2];
	struct entry_new e = { "transfer", tc->ref, NULL, 0, lines, 2, NULL };
	struct lot_takes takes = { NULL, 0 };
	char today[CLOCK_DATE_LEN], memo[80];
	enum jf_status st;

	if ((st = account_of_card(lg->db, req->from_card, req->kind, &from, err)) != JF_OK ||
	    (st = account_of_card(lg->db, req->to_card, req->kind, &to, err)) != JF_OK ||
	    (st = check_transfer(lg, req, &from, &to, err)) != JF_OK)
		return st;
	snprintf(memo, sizeof memo, "%s -> %s", req->from_card, req->to_card);
	e.memo = memo;
	lines[0] = (struct entry_line){ from.id, -req->points };
	lines[1] = (struct entry_line){ to.id, req->points };
	if ((st = entry_append(lg, &e, &res->entry_id, err)) != JF_OK)
		return st;
	res->points = req->points;
	ledger_today(today);
	st = lot_consume(lg->db, from.id, res->entry_id, req->points, LOTS_SPENDABLE, today, 0,
			 &takes, err);
	for (size_t i = 0; st == JF_OK && i < takes.count; i++)
		st = lot_create(lg, to.id, res->entry_id, takes.items[i].amount,
				takes.items[i].expires_on, today, err);
	lot_takes_done(&takes);
	return st;
}

enum jf_status
ledger_transfer(struct ledger *lg, const struct transfer_request *req, struct ledger_result *res,
		struct jf_error *err)
{
	struct transfer_ctx tc = { req, NULL };
	enum jf_status st;
	char *ref, *canonical;

	if ((st = check_request(lg, req, err)) != JF_OK ||
	    (st = parse_key("key", req->key, err)) != JF_OK)
		return st;
	ref = xasprintf("transfer:%s", req->key);
	canonical = xasprintf("transfer\n%s\n%s\n%lld\n%d", req->from_card, req->to_card,
			      (long long)req->points, req->kind);
	tc.ref = ref;
	st = keyed_write(lg, ref, canonical, do_transfer, &tc, res, err);
	free(ref);
	free(canonical);
	return st;
}
