/*
 * report_day: the day report and the shift report (report_day.h). One
 * read snapshot; each measure is one grouped query whose rows are
 * (actor, terminal, kind, count, figures), added to everyone's figures and
 * to the actor's and the terminal's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "ledger_int.h"
#include "parse.h"
#include "report_day.h"
#include "xalloc.h"

/* A row's label is English for the CLI and a msgid for the screens, which
 * translate it where they show it: po/local.mk extracts ROW_LABEL(). */
#define ROW_LABEL(text) (text)

/* One line per row. An entry type without a line here is counted under
 * "other" (last of the REPORT_MOVES rows), so the totals never miss one. */
const struct report_row report_rows[] = {
	{ "purchases", ROW_LABEL("purchases"), "earn", REPORT_MOVES },
	{ "taken_back", ROW_LABEL("points taken back"), "reverse", REPORT_MOVES },
	{ "vouchers_redeemed", ROW_LABEL("vouchers handed over"), "redeem", REPORT_MOVES },
	{ "vouchers_returned", ROW_LABEL("vouchers returned"), "return", REPORT_MOVES },
	{ "offsets", ROW_LABEL("points paying bills"), "offset", REPORT_MOVES },
	{ "offsets_undone", ROW_LABEL("bill payments undone"), "offset_undo", REPORT_MOVES },
	{ "grants", ROW_LABEL("grants"), "grant", REPORT_MOVES },
	{ "compensations", ROW_LABEL("compensations"), "compensate", REPORT_MOVES },
	{ "transfers", ROW_LABEL("transfers"), "transfer", REPORT_MOVES },
	{ "expiries", ROW_LABEL("expiries"), "expire", REPORT_MOVES },
	{ "other", ROW_LABEL("other entries"), NULL, REPORT_MOVES },
	{ "vouchers_issued", ROW_LABEL("vouchers issued"), NULL, REPORT_ISSUED },
	{ "vouchers_voided", ROW_LABEL("vouchers cancelled or expired"), NULL, REPORT_VOIDED },
	{ "shortfalls", ROW_LABEL("refunds short of points"), NULL, REPORT_SHORTFALL },
	{ "offset_yuan", ROW_LABEL("yuan paid by points"), NULL, REPORT_OFFSET_FEN },
	/* Games (game.h): prices of plays, and prizes of points paid. */
	{ "game_plays", ROW_LABEL("game plays"), "game", REPORT_MOVES },
	{ "game_prizes", ROW_LABEL("game prizes"), "game_prize", REPORT_MOVES },
	/* Birthday gifts (birthday.h): their points and items' points. */
	{ "birthday_gifts", ROW_LABEL("birthday gifts"), "birthday", REPORT_MOVES },
	/* Tasks, badge sets and surveys (task.h, survey.h): rewards of points. */
	{ "task_rewards", ROW_LABEL("task rewards"), "task", REPORT_MOVES },
	{ "badge_prizes", ROW_LABEL("badge set prizes"), "badge_prize", REPORT_MOVES },
	{ "survey_rewards", ROW_LABEL("survey rewards"), "survey", REPORT_MOVES },
};

#define ROW_COUNT (sizeof report_rows / sizeof report_rows[0])
_Static_assert(ROW_COUNT <= REPORT_ROWS_MAX, "raise REPORT_ROWS_MAX");

size_t
report_row_count(void)
{
	return ROW_COUNT;
}

/* The row of entries of this type: its own, else "other". */
static size_t
row_of_type(const char *type)
{
	size_t other = 0;

	for (size_t i = 0; i < ROW_COUNT; i++) {
		if (report_rows[i].measure != REPORT_MOVES)
			continue;
		if (report_rows[i].entry_type == NULL)
			other = i;
		else if (strcmp(report_rows[i].entry_type, type) == 0)
			return i;
	}
	return other;
}

/* The row of a measure other than REPORT_MOVES. */
static size_t
row_of_measure(enum report_measure m)
{
	for (size_t i = 0; i < ROW_COUNT; i++)
		if (report_rows[i].measure == m)
			return i;
	return 0;
}

/* The group named name in *list (added, zeroed, if new). */
static struct report_group *
group_of(struct report_group **list, size_t *n, const char *name)
{
	struct report_group *g;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i].name, name) == 0)
			return &(*list)[i];
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	g = &(*list)[(*n)++];
	memset(g, 0, sizeof *g);
	snprintf(g->name, sizeof g->name, "%s", name);
	return g;
}

/* What one result row of a query adds to one row of the report. kind < 0:
 * a count alone. */
struct figures {
	size_t row;
	int kind;
	int64_t count, in, out, points, fen;
};

static void
cell_add(struct report_group *g, const struct figures *f)
{
	struct report_cell *c = &g->rows[f->row];
	int moves = report_rows[f->row].measure == REPORT_MOVES;

	c->count += f->count;
	if (moves)
		g->total.count += f->count;
	if (f->kind < 0)
		return;
	c->in[f->kind] += f->in;
	c->out[f->kind] += f->out;
	c->points[f->kind] += f->points;
	c->fen += f->fen;
	if (moves) {
		g->total.in[f->kind] += f->in;
		g->total.out[f->kind] += f->out;
	}
}

static void
report_add(struct report *r, const char *actor, const char *terminal, const struct figures *f)
{
	cell_add(&r->all, f);
	cell_add(group_of(&r->by_actor, &r->actors, actor), f);
	cell_add(group_of(&r->by_terminal, &r->terminals, terminal), f);
}

/* Bind the query's bounds and filters (every statement here names them). */
static void
bind_query(struct db_stmt *s, const struct report *r)
{
	db_bind_int(s, ":since", r->since);
	db_bind_int(s, ":until", r->until);
	db_bind_text(s, ":actor", r->actor);
	db_bind_text(s, ":terminal", r->terminal);
	/* A chain's store: its terminals' names start "S001/" (settings.h;
	 * a code has no '%' or '_'). */
	db_bind_text(s, ":store", r->store_like);
}

static enum jf_status
step_done(struct db_stmt *s, enum db_step_result rc, struct jf_error *err)
{
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* How many entries of each type: an entry with lines of both kinds is
 * still one. */
static enum jf_status
read_entry_counts(struct ledger *lg, struct report *r, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db,
		"SELECT type, actor, terminal, count(*) FROM entry "
		"WHERE ts >= :since AND ts < :until AND (:actor = '' OR actor = :actor) "
		"AND (:terminal = '' OR terminal = :terminal) "
		"AND terminal LIKE :store GROUP BY type, actor, terminal");
	enum db_step_result rc;
	struct figures f = { 0, -1, 0, 0, 0, 0, 0 };

	bind_query(s, r);
	while ((rc = db_step(s, err)) == DB_ROW) {
		f.row = row_of_type(db_col_text(s, 0));
		f.count = db_col_int(s, 3);
		report_add(r, db_col_text(s, 1), db_col_text(s, 2), &f);
	}
	return step_done(s, rc, err);
}

/* What the entries credited to and debited from members' accounts. */
static enum jf_status
read_entry_moves(struct ledger *lg, struct report *r, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db,
		"SELECT e.type, e.actor, e.terminal, a.kind, "
		"sum(CASE WHEN l.amount > 0 THEN l.amount ELSE 0 END), "
		"sum(CASE WHEN l.amount < 0 THEN -l.amount ELSE 0 END) "
		"FROM entry e JOIN line l ON l.entry_id = e.id "
		"JOIN account a ON a.id = l.account_id AND a.member_id IS NOT NULL "
		"WHERE e.ts >= :since AND e.ts < :until AND (:actor = '' OR e.actor = :actor) "
		"AND (:terminal = '' OR e.terminal = :terminal) AND e.terminal LIKE :store "
		"GROUP BY e.type, e.actor, e.terminal, a.kind");
	enum db_step_result rc;
	struct figures f = { 0, 0, 0, 0, 0, 0, 0 };

	bind_query(s, r);
	while ((rc = db_step(s, err)) == DB_ROW) {
		f.row = row_of_type(db_col_text(s, 0));
		f.kind = (int)(db_col_int(s, 3) & 1);
		f.in = db_col_int(s, 4);
		f.out = db_col_int(s, 5);
		report_add(r, db_col_text(s, 1), db_col_text(s, 2), &f);
	}
	return step_done(s, rc, err);
}

/* The statement of a measure that is not entries: its rows are (actor,
 * terminal, kind, count, points). */
static struct db_stmt *
measure_stmt(struct db *db, enum report_measure m)
{
	switch (m) {
	case REPORT_ISSUED:
		/* A voucher is issued with its hold, by the hold's actor. */
		return db_stmt(db,
			"SELECT h.actor, h.terminal, a.kind, count(*), sum(h.amount) "
			"FROM voucher v JOIN hold h ON h.id = v.hold_id "
			"JOIN account a ON a.id = h.account_id "
			"WHERE h.created_at >= :since AND h.created_at < :until "
			"AND (:actor = '' OR h.actor = :actor) "
			"AND (:terminal = '' OR h.terminal = :terminal) AND h.terminal LIKE :store "
			"GROUP BY h.actor, h.terminal, a.kind");
	case REPORT_VOIDED:
		/* Cancelled or expired: the hold was voided (state 2), no entry. */
		return db_stmt(db,
			"SELECT h.settled_by, h.settled_terminal, a.kind, count(*), sum(h.amount) "
			"FROM voucher v JOIN hold h ON h.id = v.hold_id "
			"JOIN account a ON a.id = h.account_id "
			"WHERE h.state = 2 AND h.settled_at >= :since AND h.settled_at < :until "
			"AND (:actor = '' OR h.settled_by = :actor) "
			"AND (:terminal = '' OR h.settled_terminal = :terminal) "
			"AND h.settled_terminal LIKE :store "
			"GROUP BY h.settled_by, h.settled_terminal, a.kind");
	case REPORT_SHORTFALL:
		/* A refund's shortfall is kept with its key "reverse:RECEIPT"
		 * (idem.extra), its kind is the purchase's ("earn:RECEIPT"). A
		 * refund that took nothing wrote no entry: nobody is recorded.
		 * (A prefix test, not a range of keys: a range depends on the
		 * collation, which PostgreSQL's may not be bytewise.) */
		return db_stmt(db,
			"SELECT coalesce(e.actor, ''), coalesce(e.terminal, ''), a.kind, count(*), "
			"sum(i.extra) FROM idem i "
			"JOIN idem p ON p.key = 'earn:' || substr(i.key, 9) "
			"JOIN line l ON l.entry_id = p.entry_id "
			"JOIN account a ON a.id = l.account_id AND a.member_id IS NOT NULL "
			"LEFT JOIN entry e ON e.id = i.entry_id "
			"WHERE substr(i.key, 1, 8) = 'reverse:' AND i.extra > 0 "
			"AND i.created_at >= :since AND i.created_at < :until "
			"AND (:actor = '' OR coalesce(e.actor, '') = :actor) "
			"AND (:terminal = '' OR coalesce(e.terminal, '') = :terminal) "
			"AND coalesce(e.terminal, '') LIKE :store "
			"GROUP BY coalesce(e.actor, ''), coalesce(e.terminal, ''), a.kind");
	case REPORT_OFFSET_FEN:
		/* Points pay ordinary points only (kind 0); fen is column 5. */
		return db_stmt(db,
			"SELECT created_by, created_terminal, 0, count(*), sum(points), sum(fen) "
			"FROM offset_sale WHERE created_at >= :since AND created_at < :until "
			"AND (:actor = '' OR created_by = :actor) "
			"AND (:terminal = '' OR created_terminal = :terminal) "
			"AND created_terminal LIKE :store "
			"GROUP BY created_by, created_terminal");
	case REPORT_MOVES:
		break;
	}
	return NULL;
}

static enum jf_status
read_measure(struct ledger *lg, enum report_measure m, struct report *r, struct jf_error *err)
{
	struct db_stmt *s = measure_stmt(lg->db, m);
	enum db_step_result rc;
	struct figures f = { row_of_measure(m), 0, 0, 0, 0, 0, 0 };

	bind_query(s, r);
	while ((rc = db_step(s, err)) == DB_ROW) {
		f.kind = (int)(db_col_int(s, 2) & 1);
		f.count = db_col_int(s, 3);
		f.points = db_col_int(s, 4);
		f.fen = m == REPORT_OFFSET_FEN ? db_col_int(s, 5) : 0;
		report_add(r, db_col_text(s, 0), db_col_text(s, 1), &f);
	}
	return step_done(s, rc, err);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct report_group *)a)->name,
		      ((const struct report_group *)b)->name);
}

static enum jf_status
read_all(struct ledger *lg, struct report *r, struct jf_error *err)
{
	static const enum report_measure others[] = { REPORT_ISSUED, REPORT_VOIDED,
						      REPORT_SHORTFALL, REPORT_OFFSET_FEN };
	enum jf_status st;

	if ((st = read_entry_counts(lg, r, err)) != JF_OK ||
	    (st = read_entry_moves(lg, r, err)) != JF_OK)
		return st;
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		if ((st = read_measure(lg, others[i], r, err)) != JF_OK)
			return st;
	return JF_OK;
}

enum jf_status
report_read(struct ledger *lg, const struct report_query *q, struct report *out,
	    struct jf_error *err)
{
	enum jf_status st;

	memset(out, 0, sizeof *out);
	out->since = q->since;
	out->until = q->until;
	snprintf(out->actor, sizeof out->actor, "%s", q->actor ? q->actor : "");
	snprintf(out->terminal, sizeof out->terminal, "%s", q->terminal ? q->terminal : "");
	snprintf(out->store, sizeof out->store, "%s", q->store ? q->store : "");
	snprintf(out->store_like, sizeof out->store_like, "%s%s", out->store,
		 out->store[0] ? "/%" : "%");
	/* One snapshot, so that the figures agree with each other. */
	if ((st = db_begin_read(lg->db, err)) != JF_OK)
		return st;
	st = read_all(lg, out, err);
	if (st != JF_OK) {
		db_rollback(lg->db);
		report_done(out);
		return st;
	}
	/* An empty day has no arrays at all (qsort must not be given NULL). */
	if (out->actors > 0)
		qsort(out->by_actor, out->actors, sizeof *out->by_actor, by_name);
	if (out->terminals > 0)
		qsort(out->by_terminal, out->terminals, sizeof *out->by_terminal, by_name);
	if ((st = db_commit(lg->db, err)) != JF_OK)
		report_done(out);
	return st;
}

/* "staff:ID" of a staff id typed by a person; JF_USAGE if it is not one. */
static enum jf_status
staff_actor(const char *staff, char out[ACTOR_TEXT_SIZE], struct jf_error *err)
{
	struct actor a;
	enum jf_status st;

	if ((st = actor_staff(&a, staff, err)) != JF_OK)
		return st;
	actor_format(&a, out);
	return JF_OK;
}

enum jf_status
report_day(struct ledger *lg, const char *date, const char *staff, const char *terminal,
	   const char *store, struct report *out, struct jf_error *err)
{
	char day[CLOCK_DATE_LEN], next[CLOCK_DATE_LEN], actor[ACTOR_TEXT_SIZE] = "";
	char at[SETTINGS_TERMINAL_SIZE];
	struct report_query q = { 0, 0, actor, terminal, store };
	int64_t days;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if (date == NULL)
		ledger_today(day);
	else if (clock_parse_date(date, &days) != JF_OK)
		return jf_fail(err, JF_USAGE, "not a date (YYYY-MM-DD): %s", date);
	else
		clock_format_date(days, day);
	if (staff && (st = staff_actor(staff, actor, err)) != JF_OK)
		return st;
	if (terminal && (st = actor_check_terminal(terminal, err)) != JF_OK)
		return st;
	if (store && (st = parse_store(store, err)) != JF_OK)
		return st;
	/* A terminal of a chain's store is kept as "S001/T1". */
	if (store && terminal) {
		snprintf(at, sizeof at, "%s/%.32s", store, terminal);
		q.terminal = at;
	}
	/* The local day, as the ledger's dates are: from its midnight to the
	 * next one (a day of 23 or 25 hours when the clocks change). */
	clock_date_add(day, 1, next);
	if (clock_parse_iso(day, &q.since) != JF_OK || clock_parse_iso(next, &q.until) != JF_OK)
		return jf_fail(err, JF_USAGE, "no such local day: %s", day);
	if ((st = report_read(lg, &q, out, err)) != JF_OK)
		return st;
	memcpy(out->date, day, sizeof out->date);
	return JF_OK;
}

enum jf_status
report_shift(struct ledger *lg, const char *staff, int64_t since, struct report *out,
	     struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct report_query q = { since, INT64_MAX, actor, NULL, NULL };
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if (staff == NULL)
		return jf_fail(err, JF_USAGE, "a shift report needs a staff id");
	if ((st = staff_actor(staff, actor, err)) != JF_OK)
		return st;
	return report_read(lg, &q, out, err);
}

void
report_done(struct report *r)
{
	free(r->by_actor);
	free(r->by_terminal);
	r->by_actor = NULL;
	r->by_terminal = NULL;
	r->actors = r->terminals = 0;
}
