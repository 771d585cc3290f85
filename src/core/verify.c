/*
 * verify: `jifen verify`. Trusts nothing stored: recomputes every entry's
 * hash from its content and the entry before it, and every balance from
 * the lines, then checks the invariants of DESIGN.md against both.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "campaign.h"
#include "chain.h"
#include "db.h"
#include "member.h"
#include "schema.h"
#include "game.h"
#include "survey.h"
#include "task.h"
#include "birthday.h"
#include "remind.h"
#include "tier.h"
#include "verify.h"

static enum jf_status
broken(struct verify_report *r, int64_t entry, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum jf_status
broken(struct verify_report *r, int64_t entry, const char *fmt, ...)
{
	va_list ap;

	r->first_bad_entry = entry;
	va_start(ap, fmt);
	vsnprintf(r->problem, sizeof r->problem, fmt, ap);
	va_end(ap);
	return JF_INTEGRITY;
}

/* Hash an entry's lines into cs and check they balance per kind. */
static enum jf_status
entry_lines(struct db *db, int64_t id, struct chain_state *cs, struct verify_report *r,
	    struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT a.name, a.kind, l.amount FROM line l "
					"JOIN account a ON a.id = l.account_id "
					"WHERE l.entry_id = :e ORDER BY l.seq");
	int64_t sum[2] = { 0, 0 }, n = 0;
	enum db_step_result rc;

	db_bind_int(s, ":e", id);
	while ((rc = db_step(s, err)) == DB_ROW) {
		chain_add_line(cs, db_col_text(s, 0), db_col_int(s, 2));
		sum[db_col_int(s, 1) & 1] += db_col_int(s, 2);
		n++;
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	r->lines += n;
	if (n < 2)
		return broken(r, id, "entry %lld has %lld line(s); an entry needs two or more",
			      (long long)id, (long long)n);
	if (sum[0] || sum[1])
		return broken(r, id, "entry %lld does not balance (points %+lld, green %+lld)",
			      (long long)id, (long long)sum[0], (long long)sum[1]);
	return JF_OK;
}

/* The largest clock_tolerance the config accepts (settings.c). */
#define VERIFY_CLOCK_SLACK 86400

/* Where one entry stands in the chain: the one before it (ts: the latest
 * time so far). */
struct chain_pos {
	unsigned char prev[CHAIN_HASH_LEN];
	int64_t id, ts, format;
};

/*
 * The format (chain.h) never goes back, and what a format does not hash is
 * not there: a v1 entry has no actor or terminal, a v2 entry always has an
 * actor. v1 ids were the tip's plus one; v2 ids come from the database, so
 * they only have to increase (a rolled-back insert may leave a gap): the
 * prev_hash link is what shows an entry missing.
 */
static enum jf_status
check_form(const struct chain_entry *ce, const struct chain_pos *pos, struct verify_report *r)
{
	long long id = (long long)ce->id;

	if (!chain_format_known(ce->format) || ce->format < pos->format)
		return broken(r, ce->id, "entry %lld has hash format %d after format %lld",
			      id, ce->format, (long long)pos->format);
	if (ce->format == CHAIN_FORMAT_V1 && (*ce->actor || *ce->terminal))
		return broken(r, ce->id, "entry %lld has an actor its hash format does not cover",
			      id);
	if (ce->format != CHAIN_FORMAT_V1 && !*ce->actor)
		return broken(r, ce->id, "entry %lld names no actor", id);
	if (ce->format == CHAIN_FORMAT_V1 && ce->id != pos->id + 1)
		return broken(r, ce->id, "entry %lld follows entry %lld: entries are missing",
			      id, (long long)pos->id);
	if (ce->id <= pos->id)
		return broken(r, ce->id, "entry %lld follows entry %lld: ids must increase", id,
			      (long long)pos->id);
	return JF_OK;
}

static enum jf_status
check_one(struct db *db, struct db_stmt *s, struct chain_pos *pos, struct verify_report *r,
	  struct jf_error *err)
{
	struct chain_entry ce;
	struct chain_state cs;
	unsigned char hash[CHAIN_HASH_LEN];
	const void *stored_prev, *stored;
	size_t plen, hlen;
	int64_t format;
	enum jf_status st;

	ce.id = db_col_int(s, 0);
	ce.ts = db_col_int(s, 1);
	ce.type = db_col_text(s, 2);
	ce.ref = db_col_text(s, 3);
	ce.memo = db_col_text(s, 4);
	ce.reverses = db_col_int(s, 5);
	stored_prev = db_col_blob(s, 6, &plen);
	stored = db_col_blob(s, 7, &hlen);
	format = db_col_int(s, 8);
	ce.format = format >= 0 && format <= 1000 ? (int)format : -1;
	ce.actor = db_col_text(s, 9);
	ce.terminal = db_col_text(s, 10);
	ce.store = db_col_text(s, 11);
	if ((st = check_form(&ce, pos, r)) != JF_OK)
		return st;
	/* Entries are dated by the clock, which may step back a little (never
	 * more than the config's clock_tolerance, whose largest value is
	 * VERIFY_CLOCK_SLACK: the check must not depend on today's config). */
	if (ce.ts < pos->ts - VERIFY_CLOCK_SLACK)
		return broken(r, ce.id, "entry %lld is stamped more than a day earlier than an "
			      "entry before it", (long long)ce.id);
	if ((plen != CHAIN_HASH_LEN || memcmp(stored_prev, pos->prev, CHAIN_HASH_LEN) != 0) &&
	    ce.id != pos->id + 1)
		return broken(r, ce.id, "entry %lld does not chain to entry %lld: entries are "
			      "missing", (long long)ce.id, (long long)pos->id);
	if (plen != CHAIN_HASH_LEN || memcmp(stored_prev, pos->prev, CHAIN_HASH_LEN) != 0)
		return broken(r, ce.id, "entry %lld does not chain to the entry before it",
			      (long long)ce.id);
	chain_begin(&cs, pos->prev, &ce);
	if ((st = entry_lines(db, ce.id, &cs, r, err)) != JF_OK)
		return st;
	chain_finish(&cs, hash);
	if (hlen != CHAIN_HASH_LEN || memcmp(stored, hash, CHAIN_HASH_LEN) != 0)
		return broken(r, ce.id, "entry %lld was altered: its hash does not match its content",
			      (long long)ce.id);
	memcpy(pos->prev, hash, CHAIN_HASH_LEN);
	pos->id = ce.id;
	pos->ts = ce.ts > pos->ts ? ce.ts : pos->ts;
	pos->format = ce.format;
	r->entries_v1 += ce.format == CHAIN_FORMAT_V1;
	return JF_OK;
}

/*
 * Each store's entries are a chain of their own (schema 19), the entries of
 * a ledger of one store the chain of store ''. A chain starts from the zero
 * hash; moving an entry into another store's chain breaks both links, and
 * a v3 entry hashes its store.
 */
static enum jf_status
check_chain(struct db *db, struct verify_report *r, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT id, ts, type, ref, memo, coalesce(reverses, 0), "
					"prev_hash, hash, format, actor, terminal, store FROM entry "
					"ORDER BY store, id");
	static const struct chain_pos start = { { 0 }, 0, 0, CHAIN_FORMAT_V1 };
	struct chain_pos pos = start;
	char store[128] = "";
	enum jf_status st = JF_OK;
	enum db_step_result rc;

	while ((rc = db_step(s, err)) == DB_ROW) {
		r->entries++;
		if (r->entries == 1 || strcmp(db_col_text(s, 11), store) != 0) {
			snprintf(store, sizeof store, "%s", db_col_text(s, 11));
			pos = start;
			r->stores += *store != '\0';
		}
		if ((st = check_one(db, s, &pos, r, err)) != JF_OK)
			break;
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	return st;
}

/* Step a query whose first row, if any, names what is broken: a label and two numbers. */
static enum jf_status
first_row(struct db_stmt *s, struct verify_report *r, const char *what, struct jf_error *err)
{
	enum db_step_result rc = db_step(s, err);
	enum jf_status st = JF_OK;

	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_ROW)
		st = broken(r, 0, "%.80s: %s (%lld, expected %lld)", db_col_text(s, 0), what,
			    (long long)db_col_int(s, 1), (long long)db_col_int(s, 2));
	db_reset(s);
	return st;
}

/* Each account against its lines, holds and lots. */
static enum jf_status
check_accounts(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = first_row(db_stmt(db,
		"SELECT name, balance, s FROM (SELECT 'account ' || a.name AS name, a.balance, "
		"coalesce((SELECT sum(amount) FROM line l WHERE l.account_id = a.id), 0) AS s "
		"FROM account a) t WHERE balance <> s LIMIT 1"),
		r, "balance differs from the sum of its lines", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'account ' || name, balance, 0 FROM account "
		"WHERE member_id IS NOT NULL AND balance < 0 LIMIT 1"),
		r, "member balance is negative", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'account ' || name, held, balance FROM account WHERE member_id IS NOT NULL "
		"AND (held < 0 OR held > balance) LIMIT 1"),
		r, "held part is negative or above the balance", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT name, held, s FROM (SELECT 'account ' || a.name AS name, a.held, "
		"coalesce((SELECT sum(amount) FROM hold h WHERE h.account_id = a.id "
		"AND h.state = 0), 0) AS s FROM account a) t WHERE held <> s LIMIT 1"),
		r, "held part differs from its pending holds", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT name, s, balance FROM (SELECT 'account ' || a.name AS name, a.balance, "
		"coalesce((SELECT sum(remaining) FROM lot WHERE lot.account_id = a.id), 0) AS s "
		"FROM account a WHERE a.member_id IS NOT NULL) t WHERE s <> balance LIMIT 1"),
		r, "lots do not add up to the balance", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'lot ' || l.id || ' of ' || a.name, l.remaining, l.amount FROM lot l "
		"JOIN account a ON a.id = l.account_id "
		"WHERE l.remaining < 0 OR l.remaining > l.amount LIMIT 1"),
		r, "a lot's remainder is outside zero and its amount", err)))
		return st;
	return first_row(db_stmt(db,
		"SELECT CASE kind WHEN 0 THEN 'all points' ELSE 'all green points' END, sum(balance), 0 "
		"FROM account GROUP BY kind HAVING sum(balance) <> 0 LIMIT 1"),
		r, "accounts of one kind do not sum to zero", err);
}

/* Vouchers against their holds, entries against each other, the stock. */
static enum jf_status
check_others(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	/* A voucher and its hold move together: issued while pending, redeemed
	 * or returned once posted, cancelled or expired once voided. */
	if ((st = first_row(db_stmt(db,
		"SELECT 'voucher ' || v.id, v.state, h.state FROM voucher v JOIN hold h "
		"ON h.id = v.hold_id WHERE NOT ((v.state = 0 AND h.state = 0) "
		"OR (v.state IN (1, 4) AND h.state = 1) OR (v.state IN (2, 3) AND h.state = 2)) "
		"LIMIT 1"),
		r, "voucher state disagrees with its hold's state", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'voucher ' || v.id, v.points, h.amount FROM voucher v JOIN hold h "
		"ON h.id = v.hold_id WHERE v.points <> h.amount LIMIT 1"),
		r, "voucher points differ from its hold", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'voucher ' || v.id, v.hold_id, 0 FROM voucher v WHERE NOT EXISTS "
		"(SELECT 1 FROM hold h WHERE h.id = v.hold_id) LIMIT 1"),
		r, "voucher has no hold", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'entries with ref ' || ref, count(*), 1 FROM entry GROUP BY ref "
		"HAVING count(*) > 1 LIMIT 1"),
		r, "entry reference is used twice", err)))
		return st;
	/* A replaced card is retired for good: no member may hold it again. */
	if ((st = first_row(db_stmt(db,
		"SELECT 'card ' || c.old_card, m.id, c.member_id FROM card_change c "
		"JOIN member m ON m.card = c.old_card LIMIT 1"),
		r, "a replaced card belongs to a member again", err)))
		return st;
	return first_row(db_stmt(db, "SELECT 'item ' || sku, stock, 0 FROM item WHERE stock < 0 "
				     "LIMIT 1"),
			 r, "item stock is negative", err);
}

/* Step a query whose first row, if any, names a row that does not say who
 * wrote it. */
static enum jf_status
first_unnamed(struct db_stmt *s, struct verify_report *r, const char *what,
	      struct jf_error *err)
{
	enum db_step_result rc = db_step(s, err);
	enum jf_status st = JF_OK;

	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_ROW)
		st = broken(r, 0, "%.80s: %s", db_col_text(s, 0), what);
	db_reset(s);
	return st;
}

/* The rows after the mark the migration that began keeping them left in
 * meta (schema.c, version 5): older rows name nobody, newer ones must. */
#define AFTER_MARK(table) \
	"(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'actors_after_" table "')"

static const char nobody[] = "written with no actor or terminal";

/*
 * Every write since actors were kept names its actor and terminal (DESIGN.md
 * "Seams"). Rows from before that name nobody and are left alone; a change
 * that stamps a time always stamps who, so a time without a who is a bug
 * (or a hand edit). Members and families here; the rest in check_actors().
 */
static enum jf_status
check_member_actors(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = first_unnamed(db_stmt(db,
		"SELECT 'family ' || name FROM family WHERE id > " AFTER_MARK("family")
		" AND (created_by = '' OR created_terminal = '') LIMIT 1"), r, nobody, err)) ||
	    (st = first_unnamed(db_stmt(db,
		"SELECT 'member ' || id FROM member WHERE id > " AFTER_MARK("member")
		" AND (created_by = '' OR created_terminal = '' "
		"OR (pin_hash IS NOT NULL AND pin_set_at = 0) "
		"OR (locked_until <> 0 AND locked_at = 0)) LIMIT 1"), r, nobody, err)) ||
	    (st = first_unnamed(db_stmt(db,
		"SELECT 'member ' || id FROM member WHERE (family_at <> 0 AND (family_by = '' "
		"OR family_terminal = '')) OR (family_at = 0 AND family_id > "
		AFTER_MARK("family") ")"
		" LIMIT 1"), r, "family membership written with no actor or terminal", err)))
		return st;
	/* Staff (schema 7) kept who and where from the start. */
	if ((st = first_unnamed(db_stmt(db,
		"SELECT 'staff ' || id FROM staff WHERE created_by = '' OR created_terminal = '' "
		"OR pin_set_at = 0 OR pin_set_by = '' OR pin_set_terminal = '' "
		"OR (pin_failed_at <> 0 AND pin_failed_terminal = '') "
		"OR (locked_until <> 0 AND (locked_at = 0 OR locked_terminal = '')) "
		"OR (disabled <> 0 AND (disabled_at = 0 OR disabled_by = '' "
		"OR disabled_terminal = '')) LIMIT 1"),
		r, "staff member written with no actor or terminal", err)))
		return st;
	return first_unnamed(db_stmt(db,
		"SELECT 'member ' || id FROM member WHERE (pin_set_at <> 0 AND (pin_set_by = '' "
		"OR pin_set_terminal = '')) OR (pin_failed_at <> 0 AND pin_failed_terminal = '') "
		"OR (locked_at <> 0 AND locked_terminal = '') LIMIT 1"),
		r, "PIN change or lock-out written with no actor or terminal", err);
}

/* Members' own earn rates (schema 11, member_rate.h): every change names
 * who and where, belongs to a member, and shows among the member's desk
 * events as one "earn_rate" event, so that neither list was added to or
 * cut alone. */
static enum jf_status
check_member_rates(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = first_unnamed(db_stmt(db,
		"SELECT 'earn rate change ' || id FROM member_rate WHERE trim(actor) = '' "
		"OR trim(terminal) = '' LIMIT 1"), r, nobody, err)) ||
	    (st = first_unnamed(db_stmt(db,
		"SELECT 'earn rate change ' || id FROM member_rate r WHERE NOT EXISTS (SELECT 1 "
		"FROM member m WHERE m.id = r.member_id) LIMIT 1"), r, "of no member", err)))
		return st;
	if ((st = first_unnamed(db_stmt(db,
		"SELECT 'earn rate of member ' || m.id FROM member m WHERE (SELECT count(*) "
		"FROM member_rate r WHERE r.member_id = m.id) <> (SELECT count(*) "
		"FROM member_event e WHERE e.member_id = m.id AND e.action = 'earn_rate') LIMIT 1"),
		r, "its changes differ from its desk events", err)))
		return st;
	/* An ordinary receipt earned under a member's own rate r (a change
	 * strictly before it, none since; a change in the same second cannot be
	 * ordered and is left alone) earned whole yuan times r: lines round
	 * down each, so at most the total's yuan times r, and a multiple of r. */
	return first_row(db_stmt(db,
		"SELECT 'receipt ' || c.receipt, b.base, (c.fen / 100) * r.points_per_yuan "
		"FROM earn_receipt c JOIN account a ON a.id = c.account_id AND a.kind = 0 "
		"JOIN (SELECT c.receipt, c.points - c.member_bonus - " CAMPAIGN_RECEIPT_BONUS_SQL
		" AS base FROM earn_receipt c JOIN account a ON a.id = c.account_id) b "
		"ON b.receipt = c.receipt "
		"JOIN member_rate r ON r.member_id = a.member_id AND r.points_per_yuan > 0 "
		"AND r.ts < c.created_at WHERE NOT EXISTS (SELECT 1 FROM member_rate n "
		"WHERE n.member_id = r.member_id AND n.id > r.id AND n.ts <= c.created_at) "
		"AND (b.base > (c.fen / 100) * r.points_per_yuan "
		"OR b.base % r.points_per_yuan <> 0) LIMIT 1"),
		r, "points differ from the member's own earn rate", err);
}

/* The member desk (schema 9): every event names who and where, and an
 * erased member's personal data stays erased (a PIN may be set again: the
 * card still holds points). */
static enum jf_status
check_member_desk(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = check_member_rates(db, r, err)) != JF_OK ||
	    (st = first_unnamed(db_stmt(db,
		"SELECT 'member event ' || id FROM member_event WHERE actor = '' OR terminal = '' "
		"LIMIT 1"), r, nobody, err)) ||
	    (st = first_unnamed(db_stmt(db,
		"SELECT 'member ' || id FROM member WHERE erased_at <> 0 AND (erased_by = '' "
		"OR erased_terminal = '') LIMIT 1"), r, "erased with no actor or terminal", err)))
		return st;
	return first_unnamed(db_stmt(db,
		"SELECT 'member ' || id FROM member WHERE erased_at <> 0 AND (phone IS NOT NULL "
		"OR birthday IS NOT NULL OR name <> '" MEMBER_ERASED_NAME "') LIMIT 1"),
		r, "personal data held after its erasure", err);
}

/* Lot date changes, notices, holds, slips (all of them: the table came
 * with its actors) and catalog items: see check_member_actors(). */
static enum jf_status
check_actors(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = check_member_actors(db, r, err)) || (st = check_member_desk(db, r, err)) ||
	    (st = first_unnamed(db_stmt(db,
		"SELECT 'expiry change ' || id || ' of lot ' || lot_id FROM lot_change "
		"WHERE id > " AFTER_MARK("lot_change") " AND (actor = '' OR terminal = '') "
		"LIMIT 1"), r, nobody, err)) ||
	    (st = first_unnamed(db_stmt(db,
		"SELECT 'notice ' || id FROM notice WHERE id > " AFTER_MARK("notice")
		" AND (created_by = '' OR created_terminal = '') LIMIT 1"), r, nobody, err)) ||
	    (st = first_unnamed(db_stmt(db,
		"SELECT 'notice ' || id FROM notice WHERE seen <> 0 AND ((seen_at <> 0 "
		"AND (seen_by = '' OR seen_terminal = '')) OR (seen_at = 0 AND id > "
		AFTER_MARK("notice") ")) LIMIT 1"),
		r, "marked seen with no actor or terminal", err)) ||
	    (st = first_unnamed(db_stmt(db,
		"SELECT 'hold ' || id FROM hold WHERE (id > " AFTER_MARK("hold")
		" AND (actor = '' OR terminal = '')) OR (state <> 0 AND (settled_terminal = '' "
		"OR settled_by = '') AND (settled_by <> '' OR settled_terminal <> '' OR id > "
		AFTER_MARK("hold") ")) LIMIT 1"),
		r, "reserved, posted or voided with no actor or terminal", err)) ||
	    (st = first_unnamed(db_stmt(db,
		"SELECT 'slip ' || id FROM slip WHERE actor = '' OR terminal = '' "
		"OR (printed <> 0 AND (printed_at = 0 OR printed_by = '' "
		"OR printed_terminal = '')) LIMIT 1"), r, nobody, err)))
		return st;
	return first_unnamed(db_stmt(db,
		"SELECT 'item ' || sku FROM item WHERE id > " AFTER_MARK("item")
		" AND (updated_by = '' OR updated_terminal = '' "
		"OR (delisted_at IS NOT NULL AND delisted_by = '')) LIMIT 1"), r, nobody, err);
}

/* ---- what a member can spend (issue 9, defect 3) ---- */

/*
 * Lots, lot_use and the expired parts against the chain's lines: a lot is
 * made by the entry whose line credited its account (all of it), what
 * debits took from lots adds up to their lines, what expired adds up to
 * the lines to and from the expired accounts, and a lot's remainder is its
 * amount less what was used (and not given back by a return) and expired.
 */
static enum jf_status
check_lot_flows(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = first_row(db_stmt(db,
		"WITH used AS (SELECT lot_id, sum(amount) AS s FROM lot_use GROUP BY lot_id), "
		"back AS (SELECT u.lot_id, sum(u.amount) AS s FROM entry b JOIN lot_use u "
		"ON u.entry_id = b.reverses WHERE b.type IN ('return', 'offset_undo') GROUP BY u.lot_id) "
		"SELECT 'lot ' || l.id, l.remaining, l.amount - l.expired - coalesce(u.s, 0) + "
		"coalesce(k.s, 0) FROM lot l LEFT JOIN used u ON u.lot_id = l.id "
		"LEFT JOIN back k ON k.lot_id = l.id WHERE l.remaining <> l.amount - l.expired - "
		"coalesce(u.s, 0) + coalesce(k.s, 0) LIMIT 1"),
		r, "remainder differs from its amount less what was used and expired", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT name, s, amt FROM (SELECT 'lots of entry ' || l.entry_id || ' for account ' "
		"|| l.account_id AS name, sum(l.amount) AS s, coalesce((SELECT sum(x.amount) "
		"FROM line x WHERE x.entry_id = l.entry_id AND x.account_id = l.account_id), 0) AS amt "
		"FROM lot l GROUP BY l.entry_id, l.account_id) t WHERE s <> amt LIMIT 1"),
		r, "lots differ from the entry's line that made them", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'entry ' || x.entry_id || ' to ' || a.name, x.amount, 0 FROM line x "
		"JOIN account a ON a.id = x.account_id AND a.member_id IS NOT NULL "
		"JOIN entry e ON e.id = x.entry_id LEFT JOIN (SELECT DISTINCT entry_id, account_id "
		"FROM lot) k ON k.entry_id = x.entry_id AND k.account_id = x.account_id "
		"WHERE x.amount > 0 AND e.type NOT IN ('return', 'compensate', 'offset_undo') "
		"AND k.entry_id IS NULL LIMIT 1"),
		r, "credit made no lot", err)))
		return st;
	if ((st = first_row(db_stmt(db,
		"SELECT name, s, amt FROM (SELECT 'lots used by entry ' || u.entry_id || ' of account ' "
		"|| l.account_id AS name, sum(u.amount) AS s, -coalesce((SELECT sum(x.amount) "
		"FROM line x WHERE x.entry_id = u.entry_id AND x.account_id = l.account_id), 0) AS amt "
		"FROM lot_use u JOIN lot l ON l.id = u.lot_id GROUP BY u.entry_id, l.account_id) t "
		"WHERE s <> amt LIMIT 1"),
		r, "lots used differ from the entry's line", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'entry ' || x.entry_id || ' from ' || a.name, x.amount, 0 FROM line x "
		"JOIN account a ON a.id = x.account_id AND a.member_id IS NOT NULL "
		"JOIN entry e ON e.id = x.entry_id WHERE x.amount < 0 AND e.type <> 'expire' "
		"AND NOT EXISTS (SELECT 1 FROM lot_use u JOIN lot l ON l.id = u.lot_id "
		"WHERE u.entry_id = x.entry_id AND l.account_id = x.account_id) LIMIT 1"),
		r, "debit used no lot", err)))
		return st;
	if ((st = first_row(db_stmt(db,
		"WITH ex AS (SELECT DISTINCT y.entry_id FROM line y JOIN account b "
		"ON b.id = y.account_id WHERE b.member_id IS NULL AND b.name LIKE 'system:expired:%'), "
		"moved AS (SELECT x.account_id, -sum(x.amount) AS s FROM line x "
		"JOIN ex ON ex.entry_id = x.entry_id GROUP BY x.account_id), "
		"kept AS (SELECT account_id, sum(expired) AS s FROM lot GROUP BY account_id) "
		"SELECT 'account ' || a.name, coalesce(k.s, 0), coalesce(m.s, 0) FROM account a "
		"LEFT JOIN kept k ON k.account_id = a.id LEFT JOIN moved m ON m.account_id = a.id "
		"WHERE a.member_id IS NOT NULL AND coalesce(k.s, 0) <> coalesce(m.s, 0) LIMIT 1"),
		r, "expired lots differ from the lines of expiry", err)))
		return st;
	return first_row(db_stmt(db,
		"SELECT 'lot ' || l.id, l.expired, coalesce(l.expire_entry, 0) FROM lot l "
		"WHERE (l.expired > 0 AND NOT EXISTS (SELECT 1 FROM line x JOIN entry e "
		"ON e.id = x.entry_id WHERE x.account_id = l.account_id "
		"AND x.entry_id = l.expire_entry AND e.type = 'expire')) "
		"OR (l.expired = 0 AND l.expire_entry IS NOT NULL) LIMIT 1"),
		r, "expired part and its expiry entry disagree", err);
}

/* Each lot's expiry date is its first one (in its hash) moved by its
 * lot_change rows in order; a posted hold is its redeeming entry. */
static enum jf_status
check_changes_and_holds(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = first_row(db_stmt(db,
		"SELECT 'lot ' || lot_id || ' change', id, 0 FROM (SELECT lot_id, id, old_expires_on, "
		"lag(new_expires_on) OVER (PARTITION BY lot_id ORDER BY id) AS prev "
		"FROM lot_change) t WHERE prev IS NOT NULL AND prev <> old_expires_on LIMIT 1"),
		r, "expiry change does not start where the one before ended", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'lot ' || l.id, c.id, 0 FROM (SELECT lot_id, id, new_expires_on, "
		"row_number() OVER (PARTITION BY lot_id ORDER BY id DESC) AS n FROM lot_change) c "
		"JOIN lot l ON l.id = c.lot_id WHERE c.n = 1 AND c.new_expires_on <> l.expires_on "
		"LIMIT 1"),
		r, "expiry date differs from its last change", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'lot change ' || c.id, c.lot_id, 0 FROM lot_change c "
		"WHERE NOT EXISTS (SELECT 1 FROM lot l WHERE l.id = c.lot_id) LIMIT 1"),
		r, "change of no lot", err)))
		return st;
	return first_row(db_stmt(db,
		"SELECT 'hold ' || h.id, h.state, coalesce(h.entry_id, 0) FROM hold h "
		"WHERE (h.state = 1) <> EXISTS (SELECT 1 FROM entry e JOIN line x ON x.entry_id = e.id "
		"WHERE e.id = h.entry_id AND e.type = 'redeem' AND e.ref = 'post:' || h.ref "
		"AND x.account_id = h.account_id AND x.amount = -h.amount) LIMIT 1"),
		r, "hold state disagrees with its redeeming entry", err);
}

/* Rows up to this id were written before schema 6 and may have no hash;
 * a row with a hash is checked whatever its id. */
static enum jf_status
unhashed_upto(struct db *db, const char *key, int64_t *id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = :k");
	enum jf_status st;

	db_bind_text(s, ":k", key);
	st = db_one_int(s, id, err);
	if (st == JF_NOTFOUND) {
		*id = 0; /* a meta row taken away: every row must have a hash */
		return JF_OK;
	}
	return st;
}

static int
same_hash(const void *stored, size_t len, const unsigned char hash[CHAIN_HASH_LEN])
{
	return stored && len == CHAIN_HASH_LEN && memcmp(stored, hash, CHAIN_HASH_LEN) == 0;
}

/* The hash a row should have, from its columns (after the id, column 0);
 * 0 if it cannot have one (a lot whose entry has no hash). */
typedef int (*row_hash_fn)(struct db_stmt *s, unsigned char out[CHAIN_HASH_LEN]);

/*
 * Walk the rows of s (id first, the stored hash in column hash_col; :from
 * is bound to the last row older ledgers left unhashed, meta key) and
 * report the first whose stored hash differs from the one fn makes: "thing
 * ID was altered: why".
 */
static enum jf_status
check_hashes(struct db *db, struct db_stmt *s, const char *key, int hash_col, row_hash_fn fn,
	     const char *thing, const char *why, struct verify_report *r, struct jf_error *err)
{
	unsigned char hash[CHAIN_HASH_LEN];
	enum db_step_result rc;
	enum jf_status st;
	const void *stored;
	size_t len;
	int64_t from, bad = 0;

	if ((st = unhashed_upto(db, key, &from, err)) != JF_OK)
		return st;
	db_bind_int(s, ":from", from);
	while (bad == 0 && (rc = db_step(s, err)) == DB_ROW) {
		stored = db_col_blob(s, hash_col, &len);
		if (!fn(s, hash) || !same_hash(stored, len, hash))
			bad = db_col_int(s, 0);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (bad)
		return broken(r, 0, "%s %lld was altered: %s", thing, (long long)bad, why);
	return JF_OK;
}

static int
lot_hash_of(struct db_stmt *s, unsigned char out[CHAIN_HASH_LEN])
{
	struct chain_lot l;
	size_t len;

	l.entry_hash = db_col_blob(s, 1, &len);
	if (len != CHAIN_HASH_LEN)
		return 0;
	l.account = db_col_text(s, 2);
	l.amount = db_col_int(s, 3);
	l.expires_on = db_col_text(s, 4);
	l.available_on = db_col_text(s, 5);
	chain_lot_hash(&l, out);
	return 1;
}

static int
change_hash_of(struct db_stmt *s, unsigned char out[CHAIN_HASH_LEN])
{
	static const unsigned char zero[CHAIN_HASH_LEN];
	struct chain_lot_change c;
	const void *lot_hash;
	size_t len;

	lot_hash = db_col_blob(s, 1, &len);
	/* A change of an older ledger's lot (no hash) hashes over zeros. */
	c.lot_hash = len == CHAIN_HASH_LEN ? lot_hash : zero;
	c.ts = db_col_int(s, 2);
	c.old_expires_on = db_col_text(s, 3);
	c.new_expires_on = db_col_text(s, 4);
	c.reason = db_col_text(s, 5);
	chain_lot_change_hash(&c, out);
	return 1;
}

static int
hold_hash_of(struct db_stmt *s, unsigned char out[CHAIN_HASH_LEN])
{
	struct chain_hold h;

	h.ref = db_col_text(s, 1);
	h.account = db_col_text(s, 2);
	h.amount = db_col_int(s, 3);
	h.created_at = db_col_int(s, 4);
	h.expires_at = db_col_int(s, 5);
	h.actor = db_col_text(s, 6);
	h.terminal = db_col_text(s, 7);
	chain_hold_hash(&h, out);
	return 1;
}

/* Lots, their expiry changes and holds against their own hashes. */
static enum jf_status
check_row_hashes(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = check_hashes(db, db_stmt(db,
		"SELECT l.id, e.hash, a.name, l.amount, coalesce(c.old_expires_on, l.expires_on), "
		"l.available_on, l.hash FROM lot l LEFT JOIN entry e ON e.id = l.entry_id "
		"LEFT JOIN account a ON a.id = l.account_id LEFT JOIN (SELECT lot_id, old_expires_on, "
		"row_number() OVER (PARTITION BY lot_id ORDER BY id) AS n FROM lot_change) c "
		"ON c.lot_id = l.id AND c.n = 1 WHERE l.id > :from OR l.hash IS NOT NULL ORDER BY l.id"),
		"unhashed_lots", 6, lot_hash_of,
		"lot", "its hash does not match its entry, account, amount or dates", r, err)) ||
	    (st = check_hashes(db, db_stmt(db,
		"SELECT c.id, l.hash, c.ts, c.old_expires_on, c.new_expires_on, c.reason, c.hash "
		"FROM lot_change c LEFT JOIN lot l ON l.id = c.lot_id "
		"WHERE c.id > :from OR c.hash IS NOT NULL ORDER BY c.id"),
		"unhashed_lot_changes", 6, change_hash_of,
		"lot change", "its hash does not match", r, err)))
		return st;
	return check_hashes(db, db_stmt(db,
		"SELECT h.id, h.ref, coalesce(a.name, ''), h.amount, h.created_at, h.expires_at, "
		"h.actor, h.terminal, h.hash FROM hold h LEFT JOIN account a ON a.id = h.account_id "
		"WHERE h.id > :from OR h.hash IS NOT NULL ORDER BY h.id"),
		"unhashed_holds", 8, hold_hash_of,
		"hold", "its hash does not match what it reserved", r, err);
}

/* Each sale that points paid (offset.h) against its entries: the offset
 * took its points from the member's account, its fen are what those
 * points were worth at its rate, its undo (if any) gave them back; and no
 * offset or undo entry is without its sale. */
static enum jf_status
check_offsets(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = first_row(db_stmt(db,
		"SELECT 'offset of sale ' || s.ref, s.points, s.entry_id FROM offset_sale s "
		"WHERE NOT EXISTS (SELECT 1 FROM entry e JOIN line x ON x.entry_id = e.id "
		"JOIN account a ON a.id = x.account_id WHERE e.id = s.entry_id AND e.type = 'offset' "
		"AND e.ref = 'offset:' || s.ref AND a.member_id = s.member_id AND a.kind = 0 "
		"AND x.amount = -s.points) LIMIT 1"),
		r, "offset sale differs from its entry", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'offset of sale ' || ref, fen * points_per_yuan, points * 100 "
		"FROM offset_sale WHERE fen * points_per_yuan <> points * 100 LIMIT 1"),
		r, "fen paid differ from what the points were worth", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'offset of sale ' || s.ref, coalesce(s.undo_entry_id, 0), s.entry_id "
		"FROM offset_sale s WHERE s.undo_entry_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
		"FROM entry e JOIN line x ON x.entry_id = e.id JOIN account a ON a.id = x.account_id "
		"WHERE e.id = s.undo_entry_id AND e.type = 'offset_undo' AND e.reverses = s.entry_id "
		"AND e.ref = 'offset_undo:' || s.ref AND a.member_id = s.member_id "
		"AND x.amount = s.points) LIMIT 1"),
		r, "offset undo differs from its entry", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'offset of sale ' || s.ref, s.returned_points, coalesce((SELECT sum(x.amount) "
		"FROM entry e JOIN line x ON x.entry_id = e.id JOIN account a ON a.id = x.account_id "
		"WHERE e.type = 'offset_return' AND e.reverses = s.entry_id "
		"AND a.member_id = s.member_id), 0) FROM offset_sale s WHERE s.returned_points <> "
		"coalesce((SELECT sum(x.amount) FROM entry e JOIN line x ON x.entry_id = e.id "
		"JOIN account a ON a.id = x.account_id WHERE e.type = 'offset_return' "
		"AND e.reverses = s.entry_id AND a.member_id = s.member_id), 0) "
		"OR (s.returned_points > 0 AND s.undo_entry_id IS NOT NULL) LIMIT 1"),
		r, "points given back for returned goods differ from their entries", err)))
		return st;
	if ((st = first_row(db_stmt(db,
		"SELECT 'entry ' || e.id || ' (' || e.type || ')', e.id, 0 FROM entry e "
		"WHERE (e.type = 'offset' AND NOT EXISTS (SELECT 1 FROM offset_sale s "
		"WHERE s.entry_id = e.id)) OR (e.type = 'offset_undo' AND NOT EXISTS (SELECT 1 "
		"FROM offset_sale s WHERE s.undo_entry_id = e.id)) OR (e.type = 'offset_return' "
		"AND NOT EXISTS (SELECT 1 FROM offset_sale s WHERE s.entry_id = e.reverses)) LIMIT 1"),
		r, "offset entry has no sale", err)))
		return st;
	return first_unnamed(db_stmt(db,
		"SELECT 'offset of sale ' || ref FROM offset_sale WHERE created_by = '' "
		"OR created_terminal = '' LIMIT 1"), r, nobody, err);
}

/* What a receipt earned and what refunds of its parts took back, against
 * their entries; the parts never return more than the receipt. */
static enum jf_status
check_refunds(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = first_row(db_stmt(db,
		"SELECT 'receipt ' || c.receipt, c.points, coalesce(c.entry_id, 0) FROM earn_receipt c "
		"WHERE (c.entry_id IS NULL AND c.points <> 0) OR (c.entry_id IS NOT NULL "
		"AND NOT EXISTS (SELECT 1 FROM entry e JOIN line x ON x.entry_id = e.id "
		"WHERE e.id = c.entry_id AND e.type = 'earn' AND e.ref = 'earn:' || c.receipt "
		"AND x.account_id = c.account_id AND x.amount = c.points)) LIMIT 1"),
		r, "receipt differs from its entry", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'refund ' || p.key, p.taken, coalesce(p.entry_id, 0) FROM refund_part p "
		"JOIN earn_receipt c ON c.receipt = p.receipt WHERE (p.entry_id IS NULL "
		"AND p.taken <> 0) OR (p.entry_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entry e "
		"JOIN line x ON x.entry_id = e.id WHERE e.id = p.entry_id AND e.type = 'reverse' "
		"AND x.account_id = c.account_id AND x.amount = -p.taken)) LIMIT 1"),
		r, "refund differs from its entry", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'refunds of receipt ' || c.receipt, sum(p.fen), c.fen FROM refund_part p "
		"JOIN earn_receipt c ON c.receipt = p.receipt GROUP BY c.receipt, c.fen, c.points "
		"HAVING sum(p.fen) > c.fen OR sum(p.due) > c.points LIMIT 1"),
		r, "more refunded than the receipt", err)))
		return st;
	if ((st = first_unnamed(db_stmt(db,
		"SELECT 'receipt ' || receipt FROM earn_receipt WHERE created_by = '' "
		"OR created_terminal = '' LIMIT 1"), r, nobody, err)))
		return st;
	return first_unnamed(db_stmt(db,
		"SELECT 'refund ' || key FROM refund_part WHERE created_by = '' "
		"OR created_terminal = '' LIMIT 1"), r, nobody, err);
}

/* The goods bought (purchase_item) against their purchase: each names a
 * receipt that was earned (its key), by the member whose account the
 * earn entry credited; the lines never come to more than the receipt. A
 * SKU on a row the kiosk offers for review, so it must not be made up. */
static enum jf_status
check_purchases(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = first_row(db_stmt(db,
		"SELECT 'purchase ' || p.receipt, p.line, 0 FROM purchase_item p "
		"WHERE NOT EXISTS (SELECT 1 FROM idem d WHERE d.key = 'earn:' || p.receipt) "
		"OR (p.entry_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entry e "
		"JOIN line x ON x.entry_id = e.id JOIN account a ON a.id = x.account_id "
		"WHERE e.id = p.entry_id AND e.type = 'earn' AND e.ref = 'earn:' || p.receipt "
		"AND a.member_id = p.member_id)) LIMIT 1"),
		r, "bought item without its purchase", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'purchase ' || p.receipt, sum(p.fen), c.fen FROM purchase_item p "
		"JOIN earn_receipt c ON c.receipt = p.receipt GROUP BY p.receipt, c.fen "
		"HAVING sum(p.fen) > c.fen LIMIT 1"),
		r, "bought items over the receipt", err)) ||
	    (st = first_row(db_stmt(db,
		"SELECT 'purchase ' || receipt, count(DISTINCT member_id), 1 FROM purchase_item "
		"GROUP BY receipt HAVING count(DISTINCT member_id) > 1 LIMIT 1"),
		r, "bought items of more than one member", err)))
		return st;
	return first_unnamed(db_stmt(db,
		"SELECT 'purchase ' || receipt FROM purchase_item WHERE created_by = '' "
		"OR created_terminal = '' LIMIT 1"), r, nobody, err);
}

/* Plays (game.h): hashes, prizes under their tables and budgets, entries,
 * vouchers and tickets. */
static enum jf_status
check_games(struct db *db, struct verify_report *r, struct jf_error *err)
{
	char problem[200];
	enum jf_status st = game_verify(db, problem, sizeof problem, err);

	if (st == JF_INTEGRITY)
		return broken(r, 0, "%s", problem);
	return st;
}

/* Tasks, grand prizes and surveys (task.h, survey.h): rewards against
 * their entries and tickets, anonymous answers without a member. */
static enum jf_status
check_tasks(struct db *db, struct verify_report *r, struct jf_error *err)
{
	char problem[200];
	enum jf_status st = task_verify(db, problem, sizeof problem, err);

	if (st == JF_OK)
		st = survey_verify(db, problem, sizeof problem, err);
	if (st == JF_INTEGRITY)
		return broken(r, 0, "%s", problem);
	return st;
}

/* Birthday gifts and reminders (birthday.h, remind.h). */
static enum jf_status
check_members(struct db *db, struct verify_report *r, struct jf_error *err)
{
	char problem[200];
	enum jf_status st = birthday_verify(db, problem, sizeof problem, err);

	if (st == JF_OK)
		st = remind_verify(db, problem, sizeof problem, err);
	if (st == JF_INTEGRITY)
		return broken(r, 0, "%s", problem);
	return st;
}

/* Tiers and plans (tier.h, plan.h): changes, the tier kept, notices,
 * plans against desk events, receipts' member bonus. */
static enum jf_status
check_tiers(struct db *db, struct verify_report *r, struct jf_error *err)
{
	char problem[200];
	enum jf_status st = tier_verify(db, problem, sizeof problem, err);

	if (st == JF_INTEGRITY)
		return broken(r, 0, "%s", problem);
	return st;
}

/* Campaigns (campaign.h): what they gave against their entries and budgets. */
static enum jf_status
check_campaigns(struct db *db, struct verify_report *r, struct jf_error *err)
{
	char problem[200];
	enum jf_status st = campaign_verify(db, problem, sizeof problem, err);

	if (st == JF_INTEGRITY)
		return broken(r, 0, "%s", problem);
	return st;
}

static enum jf_status
check_spending(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = check_offsets(db, r, err)) != JF_OK ||
	    (st = check_refunds(db, r, err)) != JF_OK ||
	    (st = check_purchases(db, r, err)) != JF_OK)
		return st;

	if ((st = check_lot_flows(db, r, err)) != JF_OK ||
	    (st = check_changes_and_holds(db, r, err)) != JF_OK ||
	    (st = check_row_hashes(db, r, err)) != JF_OK)
		return st;
	if ((st = check_games(db, r, err)) != JF_OK || (st = check_tasks(db, r, err)) != JF_OK ||
	    (st = check_campaigns(db, r, err)) != JF_OK ||
	    (st = check_members(db, r, err)) != JF_OK)
		return st;
	return check_tiers(db, r, err);
}

static enum jf_status
count_rows(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = db_one_int(db_stmt(db, "SELECT count(*) FROM account"), &r->accounts, err)) ||
	    (st = db_one_int(db_stmt(db, "SELECT count(*) FROM lot"), &r->lots, err)) ||
	    (st = db_one_int(db_stmt(db, "SELECT count(*) FROM card_change"), &r->card_changes,
			     err)))
		return st;
	return db_one_int(db_stmt(db, "SELECT count(*) FROM hold"), &r->holds, err);
}

/* The triggers and the rest that schema.c installs to protect the ledger:
 * without them the other checks could pass on a ledger open to edits.
 * Last, so that rows changed by hand (with the triggers dropped to do
 * it) are named first. */
static enum jf_status
check_guards(struct db *db, struct verify_report *r, struct jf_error *err)
{
	return schema_check_guards(db, r->problem, sizeof r->problem, err);
}

static enum jf_status
verify_all(struct db *db, struct verify_report *r, struct jf_error *err)
{
	enum jf_status st;

	if ((st = count_rows(db, r, err)) != JF_OK || (st = check_chain(db, r, err)) != JF_OK ||
	    (st = check_accounts(db, r, err)) != JF_OK ||
	    (st = check_others(db, r, err)) != JF_OK ||
	    (st = check_spending(db, r, err)) != JF_OK)
		return st;
	if ((st = check_actors(db, r, err)) != JF_OK)
		return st;
	return check_guards(db, r, err);
}

enum jf_status
verify_ledger(struct ledger *lg, struct verify_report *report, struct jf_error *err)
{
	enum jf_status st;

	memset(report, 0, sizeof *report);
	/* One read snapshot: writers may go on, the check sees one consistent state. */
	if ((st = db_begin_read(lg->db, err)) != JF_OK)
		return st;
	st = verify_all(lg->db, report, err);
	/* A read changes nothing, so it ends by commit: inside a caller's
	 * transaction (migrate checks what it copied before committing it) a
	 * rollback would doom the caller's, a commit lets it go on. */
	(void)db_commit(lg->db, NULL);
	if (st == JF_INTEGRITY)
		jf_fail(err, JF_INTEGRITY, "ledger is broken: %s", report->problem);
	return st;
}

enum jf_status
verify_no_row(struct db_stmt *s, const char *why, char *problem, size_t size,
	      struct jf_error *err)
{
	enum db_step_result rc = db_step(s, err);

	if (rc == DB_ROW)
		snprintf(problem, size, "%s: %s", db_col_text(s, 0), why);
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	return rc == DB_ROW ? JF_INTEGRITY : JF_OK;
}
