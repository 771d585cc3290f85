/*
 * report_day: what happened at the counters, for people who count the
 * till: the day report (one local day of the store, all or one staff
 * member, all or one terminal) and the shift report (one staff member
 * since they logged in). Both read the same figures from the entries
 * (their type, lines, actor and terminal), the vouchers and the refunds'
 * idempotency rows; nothing is written.
 *
 * A report is a list of rows (report_rows[]): most are one entry type
 * each ("earn" is purchases), and say the points those entries credited
 * to and debited from members' accounts; a few count what moves no points
 * (vouchers issued: points reserved). Adding a row is one line of that
 * table. Entries of a type no row names fall in the row "other", so the
 * totals always match the ledger: total in - total out is the change of
 * the members' balances over the entries reported.
 */
#ifndef JIFEN_REPORT_DAY_H
#define JIFEN_REPORT_DAY_H

#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "clock.h"
#include "ledger.h"
#include "status.h"

/* What a row measures. */
enum report_measure {
	REPORT_MOVES,     /* entries of one type (or of no listed type): in and out */
	REPORT_ISSUED,    /* vouchers issued: points reserved (their holds) */
	REPORT_VOIDED,    /* vouchers cancelled or expired: points released */
	REPORT_SHORTFALL, /* refunds that could not take all their points back */
	REPORT_OFFSET_FEN, /* points paying bills (offset.h): the yuan they paid, in fen */
};

struct report_row {
	const char *key;        /* stable name, the JSON key: "purchases" */
	const char *label;      /* English words for it: "purchases" */
	const char *entry_type; /* REPORT_MOVES: the entry type; NULL: every type not listed */
	enum report_measure measure;
};

/* The rows, in the order they are shown. */
extern const struct report_row report_rows[];
#define REPORT_ROWS_MAX 24
size_t report_row_count(void);

/* One row's figures. For REPORT_MOVES rows, in and out are the points the
 * entries credited to and debited from members' accounts (both >= 0) and
 * points is zero; for the others, points holds what the row counts
 * (reserved, released, not taken back, spent on bills) and in and out are
 * zero. REPORT_OFFSET_FEN counts the sales points paid part of in the
 * period (offset_sale, by who made the offset; an undo later does not
 * change it: undos are the row offsets_undone), with the points spent and
 * the fen they paid. */
struct report_cell {
	int64_t count; /* entries, vouchers or refunds */
	int64_t in[KIND_COUNT];
	int64_t out[KIND_COUNT];
	int64_t points[KIND_COUNT];
	int64_t fen;   /* REPORT_OFFSET_FEN: the money the points paid; else 0 */
};

/* Every row's figures for one actor, one terminal, or everyone. name is
 * the actor as stored ("staff:S017", "" if none was recorded) or the
 * terminal. total sums the REPORT_MOVES rows. */
struct report_group {
	char name[ACTOR_TEXT_SIZE];
	struct report_cell rows[REPORT_ROWS_MAX];
	struct report_cell total;
};

/* What to report: times [since, until) (seconds), and "" or NULL for
 * every actor or terminal. A shift has no end: until = INT64_MAX. */
struct report_query {
	int64_t since, until;
	const char *actor;    /* "staff:S017" as stored */
	const char *terminal;
	const char *store;    /* a chain's store: its terminals' rows only */
};

struct report {
	int64_t since, until;           /* the query's times */
	char actor[ACTOR_TEXT_SIZE];    /* the query's actor, "" for all */
	char terminal[SETTINGS_TERMINAL_SIZE]; /* the query's terminal, "" for all */
	char store[SETTINGS_STORE_MAX + 1];    /* the query's store, "" for all */
	char store_like[SETTINGS_STORE_MAX + 3]; /* its terminals: "S001/%", or "%" */
	char date[CLOCK_DATE_LEN];      /* the day reported; "" for a shift */
	struct report_group all;        /* everything the query selects */
	struct report_group *by_actor;  /* by actor, sorted by name */
	size_t actors;
	struct report_group *by_terminal; /* by terminal, sorted by name */
	size_t terminals;
};

/*
 * The day report of date ("YYYY-MM-DD", local day of the store; NULL:
 * today by the ledger clock), for one staff member (staff id, NULL: all)
 * and one terminal (NULL: all). JF_USAGE for a bad date, staff id or
 * terminal name. *out is the caller's; free it with report_done().
 */
enum jf_status report_day(struct ledger *lg, const char *date, const char *staff,
			  const char *terminal, const char *store, struct report *out,
			  struct jf_error *err);

/* The counter's shift report: what staff member staff did since the time
 * since (their login), up to now and beyond (a clock a little ahead). */
enum jf_status report_shift(struct ledger *lg, const char *staff, int64_t since,
			    struct report *out, struct jf_error *err);

/* Any query (the two above are made of it). */
enum jf_status report_read(struct ledger *lg, const struct report_query *q, struct report *out,
			   struct jf_error *err);

void report_done(struct report *r);

#endif
