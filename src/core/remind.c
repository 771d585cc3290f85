/*
 * remind: members whose points expire soon, listed for the store's SMS
 * service and recorded as told (remind.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "ledger_int.h"
#include "member.h"
#include "remind.h"
#include "verify.h"
#include "xalloc.h"

/* Everyone with points expiring in [today, until] and a phone, by card;
 * told: whether a reminder of today is recorded already. */
static enum jf_status
read_due(struct ledger *lg, const char *today, const char *until, struct remind_row **out,
	 size_t *count, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db,
		"SELECT m.id, m.card, m.phone, sum(CASE a.kind WHEN 0 THEN l.remaining ELSE 0 END), "
		"sum(CASE a.kind WHEN 1 THEN l.remaining ELSE 0 END), min(l.expires_on), "
		"(SELECT count(*) FROM reminder r WHERE r.member_id = m.id AND r.day = :today) "
		"FROM member m JOIN account a ON a.member_id = m.id JOIN lot l ON l.account_id = a.id "
		"AND l.remaining > 0 WHERE m.erased_at = 0 AND m.phone IS NOT NULL AND m.phone <> '' "
		"AND l.expires_on >= :today AND l.expires_on <= :until "
		"GROUP BY m.id, m.card, m.phone ORDER BY m.card");
	enum db_step_result rc;

	*out = NULL;
	*count = 0;
	db_bind_text(s, ":today", today);
	db_bind_text(s, ":until", until);
	while ((rc = db_step(s, err)) == DB_ROW) {
		struct remind_row *r;

		*out = xrealloc(*out, (*count + 1) * sizeof **out);
		r = &(*out)[(*count)++];
		memset(r, 0, sizeof *r);
		r->member_id = db_col_int(s, 0);
		snprintf(r->card, sizeof r->card, "%s", db_col_text(s, 1));
		member_mask_phone(db_col_text(s, 2), r->phone, sizeof r->phone);
		r->points = db_col_int(s, 3);
		r->green = db_col_int(s, 4);
		snprintf(r->expires_on, sizeof r->expires_on, "%s", db_col_text(s, 5));
		r->again = db_col_int(s, 6) > 0;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/*
 * Once a day unless asked again: whether a member was told today is read
 * from the reminders, which no other write changes, and two stores' runs
 * at once would each tell the member (two messages). So telling a member
 * changes the member's row (its values stay): under REPEATABLE READ
 * (DESIGN.md "The stores of a chain") the later run is run again and finds
 * the member told. A member's row changes seldom (a PIN, the desk, a
 * family), so a purchase meanwhile does not make the run start again.
 */
static enum jf_status
hold_member(struct db *db, int64_t member_id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "UPDATE member SET name = name WHERE id = :m");

	db_bind_int(s, ":m", member_id);
	return db_run(s, err);
}

static enum jf_status
record_told(struct ledger *lg, const struct remind_row *r, const char *today, int64_t days,
	    const char *actor, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	if ((st = hold_member(lg->db, r->member_id, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db,
		"INSERT INTO reminder(member_id, day, days, points, green, expires_on, ts, actor, "
		"terminal) VALUES (:m, :day, :days, :p, :g, :on, :now, :by, :term)");

	db_bind_int(s, ":m", r->member_id);
	db_bind_text(s, ":day", today);
	db_bind_int(s, ":days", days);
	db_bind_int(s, ":p", r->points);
	db_bind_int(s, ":g", r->green);
	db_bind_text(s, ":on", r->expires_on);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	return db_run(s, err);
}

/* One attempt of remind_run(): the rows told, kept for fn after the commit. */
struct remind_ctx {
	int64_t days;
	int again;
	struct remind_row *told;
	size_t count;
};

static enum jf_status
remind_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct remind_ctx *rc = ctx;
	char today[CLOCK_DATE_LEN], until[CLOCK_DATE_LEN], actor[ACTOR_TEXT_SIZE];
	struct remind_row *rows;
	enum jf_status st;
	size_t n;

	free(rc->told);
	rc->told = NULL;
	rc->count = 0;
	if ((st = ledger_actor_text(lg, "a reminder", actor, err)) != JF_OK)
		return st;
	ledger_today(today);
	clock_date_add(today, rc->days, until);
	if ((st = read_due(lg, today, until, &rows, &n, err)) != JF_OK)
		return st;
	rc->told = xcalloc(n ? n : 1, sizeof *rc->told);
	for (size_t i = 0; i < n && st == JF_OK; i++) {
		if (rows[i].again && !rc->again)
			continue;
		if ((st = record_told(lg, &rows[i], today, rc->days, actor, err)) == JF_OK)
			rc->told[rc->count++] = rows[i];
	}
	free(rows);
	return st;
}

enum jf_status
remind_run(struct ledger *lg, int64_t days, int again,
	   int (*fn)(const struct remind_row *row, void *ctx), void *ctx, int64_t *count,
	   struct jf_error *err)
{
	struct remind_ctx rc = { days, again, NULL, 0 };
	enum jf_status st;

	*count = 0;
	if (days < 0 || days > REMIND_DAYS_MAX)
		return jf_fail(err, JF_USAGE, "--days must be 0 to %d", REMIND_DAYS_MAX);
	/* The list goes out once the write is committed: an attempt the
	 * database undid and ran again must not have listed anyone twice. */
	st = ledger_write(lg, remind_once, &rc, err);
	for (size_t i = 0; st == JF_OK && i < rc.count; i++) {
		++*count;
		if (fn && fn(&rc.told[i], ctx))
			st = jf_fail(err, JF_ERR, "the list of reminders was not written out "
				     "(they are recorded as told: list them again with --again)");
	}
	free(rc.told);
	return st;
}

enum jf_status
remind_told_list(struct ledger *lg, const char *card,
		 int (*fn)(const struct remind_told *t, void *ctx), void *ctx, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT day, days, points, green, expires_on, ts "
					    "FROM reminder WHERE member_id = (SELECT id FROM member "
					    "WHERE card = :card) ORDER BY id DESC");
	struct remind_told t;
	enum db_step_result rc;

	db_bind_text(s, ":card", card);
	while ((rc = db_step(s, err)) == DB_ROW) {
		snprintf(t.day, sizeof t.day, "%s", db_col_text(s, 0));
		t.days = db_col_int(s, 1);
		t.points = db_col_int(s, 2);
		t.green = db_col_int(s, 3);
		snprintf(t.expires_on, sizeof t.expires_on, "%s", db_col_text(s, 4));
		t.ts = db_col_int(s, 5);
		if (fn(&t, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
remind_verify(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	problem[0] = '\0';
	return verify_no_row(db_stmt(db,
		"SELECT 'reminder ' || r.id FROM reminder r LEFT JOIN member m ON m.id = r.member_id "
		"WHERE m.id IS NULL OR r.actor = '' OR r.terminal = '' LIMIT 1"),
		"names no member, or not who and where", problem, size, err);
}
