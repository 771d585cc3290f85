/*
 * offset: points paying part of a bill at the counter (积分抵扣).
 *
 * The config's [offset] says whether points may pay bills (enabled), what
 * they are worth (points_per_yuan, default 100: 100 points pay 1 yuan) and
 * how much of a bill they may pay (max_percent, default 50).
 *
 * Money is whole fen, and a point is never used for less than it is worth:
 * points are used in whole groups that pay whole fen exactly (at 100 points
 * a yuan a group is 1 point for 1 fen; at 150, 3 points for 2 fen; at 30, 3
 * points for 10 fen). Points asked that do not fill a group are left on the
 * card, and the cap (max_percent of the bill, rounded down to whole fen) is
 * rounded down to whole groups too. Only ordinary points pay bills.
 *
 * An offset is one entry (type "offset", key "offset:REF" where REF is the
 * sale's receipt or ref) moving the points from the member to the system
 * account SYS_REDEEMED (points that pay a bill are spent like a voucher's;
 * the entry type and the offset_sale row tell them apart). It consumes the
 * member's spendable lots soonest-expiry first and records them in
 * lot_use, so that an undo gives back exactly those lots. The table
 * offset_sale keeps, per sale: ref, member, bill_fen, points, fen,
 * points_per_yuan, entry_id, undo_entry_id, and who wrote it and where.
 *
 * A screen asks ledger_offset_quote() (read-only, the same checks) before
 * it asks for the member's PIN, then ledger_offset() with the same request.
 */
#ifndef JIFEN_OFFSET_H
#define JIFEN_OFFSET_H

#include <stdint.h>

#include "ledger.h"
#include "status.h"

struct offset_request {
	const char *card;
	int64_t bill_fen; /* the whole bill, > 0 */
	int64_t points;   /* points the member wants to use; 0: the most allowed */
	const char *ref;  /* the sale's receipt or ref: the key is "offset:REF" */
};

struct offset_result {
	int64_t entry_id;   /* the offset entry (0 for a quote) */
	int64_t bill_fen;
	int64_t points;     /* points used */
	int64_t fen;        /* fen they pay */
	int64_t cash_fen;   /* left to pay: bill_fen - fen */
	int64_t max_points; /* the most this bill takes by the cap (before the balance) */
	int64_t available;  /* the member's spendable ordinary points, before this */
	int replay;         /* 1: the ref was offset before; the first result */
};

/* Would ledger_offset() take req now, and what would it do? JF_OK with
 * *out filled, or the refusal the write would make: JF_R_OFFSET_DISABLED,
 * JF_R_OFFSET_NO_BILL (JF_USAGE), JF_R_OFFSET_OVER_CAP (num: the most points,
 * asked, the bill, the percent), JF_R_INSUFFICIENT (also when the member has
 * not even one group's worth). The ref is not looked at. */
enum jf_status ledger_offset_quote(struct ledger *lg, const struct offset_request *req,
				   struct offset_result *out, struct jf_error *err);

/* Pay part of a bill with points, as quoted. Replaying the ref with the
 * same card, bill and points returns the first result (replay = 1); with
 * others, JF_CONFLICT (JF_R_KEY_REUSED). */
enum jf_status ledger_offset(struct ledger *lg, const struct offset_request *req,
			     struct offset_result *out, struct jf_error *err);

/* Undo the offset of sale ref (the sale was not completed): one entry
 * (type "offset_undo", key "offset_undo:REF", reversing the offset entry)
 * gives the points back into exactly the lots they came from, with their
 * dates (a lot whose date has passed since is dated today, in lot_change).
 * *out describes the offset undone. Undoing twice replays; a ref no points
 * paid: JF_NOTFOUND with JF_R_UNKNOWN_OFFSET. */
enum jf_status ledger_offset_undo(struct ledger *lg, const char *ref, struct offset_result *out,
				  struct jf_error *err);

#endif
