/*
 * slip: the receipts of counter actions (DESIGN.md "Receipts").
 *
 * A slip is composed from plain data in the store's language (the config's
 * [printer] language) and width, kept in the ledger (table slip: the words
 * as UTF-8 for a screen and for printing again, and the QR payload), then
 * sent to the printer (printer.h) as ESC/POS (escpos.h). Keeping comes
 * first and printing never fails an action: a printer that is missing,
 * busy or out of paper leaves the slip "not printed", to be printed later
 * with slip_reprint() (`jifen slip print ID`).
 *
 * For a counter screen or command:
 *
 *   slip_begin(); ledger_...(); slip_record(lg, &data, &id, ...);
 *   slip_commit();                     the action and its slip, together
 *   slip_reprint(lg, id, &outcome, ...);  outside the transaction: the
 *                                      write lock is never held while a
 *                                      printer is waited for
 *   outcome.printed ? "printed" : "not printed: " outcome.why
 *
 * or slip_issue(), which records and prints in one call (the slip in its
 * own transaction, after the action's).
 *
 * A slip's key is its kind and ref (the receipt, the bill, the voucher's
 * short code): recording the same kind and ref again returns the slip
 * kept the first time (replay), as the ledger's idempotency keys do.
 */
#ifndef JIFEN_SLIP_H
#define JIFEN_SLIP_H

#include <stdint.h>

#include "ledger.h"
#include "printer.h"
#include "settings.h"
#include "status.h"

enum slip_kind {
	SLIP_PURCHASE = 0, /* points earned for a purchase */
	SLIP_OFFSET = 1,   /* points paying part of a bill */
	SLIP_VOUCHER = 2,  /* a voucher's goods handed over */
	SLIP_RETURN = 3,   /* goods returned: the purchase's points taken back */
	SLIP_PRIZE = 4,    /* a game played or a task confirmed at the counter */
};
#define SLIP_KINDS 5

/* "purchase", "offset", "voucher", "return", "prize". */
const char *slip_kind_name(enum slip_kind kind);
/* JF_USAGE naming the word for anything else. */
enum jf_status slip_kind_parse(const char *text, enum slip_kind *kind, struct jf_error *err);
/* "zh" or "en". */
const char *slip_language_name(enum print_language language);

/* What an action's slip says. Fields a kind does not use are ignored. */
struct slip_data {
	enum slip_kind kind;
	/* purchase and return: the receipt number; offset: the bill number;
	 * voucher: the voucher's short code; prize: "game:PLAY" or
	 * "task:COMPLETION" (the row's id). Also the slip's key (1 to 64
	 * characters, no control characters). */
	const char *ref;
	const char *card;   /* the member's card, printed masked (****8001); NULL: none */
	int64_t points;     /* purchase: earned; offset: used; voucher: spent;
			     * return: taken back */
	int64_t balance;    /* purchase, offset, return: the member's points after
			     * the action; < 0 leaves the line out */
	int64_t bill_fen;   /* offset: the bill */
	int64_t paid_fen;   /* offset: the part the points paid; return: the
			     * part the points given back had paid */
	int64_t cash_fen;   /* offset: what is left to pay in cash; voucher: the
			     * co-payment (0 leaves the line out) */
	const char *item;   /* voucher: the item's name (in the slip's language) */
	const char *qr;     /* voucher, prize: the voucher's code, printed as a QR code */
	const char *source; /* prize: the game played or task confirmed (its name) */
	const char *prize;  /* prize: what it gave, in words */
	const char *short_code; /* prize: its voucher's short code; NULL: no voucher */
	int64_t shortfall;  /* return: points that could not be taken back */
	int64_t given;      /* return: points that had paid part of the sale,
			     * given back (paid_fen: the yuan they had paid) */
	/* purchase of lines with green goods: the green points earned and the
	 * member's green points after (0 earned leaves both lines out) */
	int64_t green;
	int64_t green_balance;
	/* purchase queued while the ledger could not be reached (queue.h):
	 * its points are not counted yet, so the slip shows the amount
	 * (bill_fen) and says they will be added; points and balance are
	 * left out */
	int pending;
};

/* Who, where and when: what slip_record() takes from the ledger. */
struct slip_head {
	const char *store;    /* the store's name */
	const char *terminal;
	const char *actor;    /* actor.h text, "staff:S017" */
	int64_t ts;
	enum print_language language;
	int width;            /* columns: 32 or 48 */
};

/* The slip's words, lines ended by '\n', in UTF-8: the first line is the
 * store's name and the second the slip's title (printed as headings).
 * Columns are counted as a GB18030 printer prints them: one for ASCII, two
 * for any other character. The result is the caller's to free. */
char *slip_compose(const struct slip_head *head, const struct slip_data *d);
/* The ESC/POS bytes of a slip's words and QR payload (NULL: none), as
 * slip_reprint() sends them; *len gets their number. The caller frees them. */
unsigned char *slip_escpos(const char *text, const char *qr, size_t *len);

/* A slip as kept. text and qr are the struct's own (slip_done()). */
struct slip {
	int64_t id;
	int64_t ts;
	enum slip_kind kind;
	char ref[257];
	char actor[ACTOR_TEXT_SIZE];
	char terminal[SETTINGS_TERMINAL_SIZE];
	enum print_language language;
	char *text;
	char *qr;               /* NULL: none */
	int printed;
	int64_t printed_at;     /* last printed; 0: never */
	char printed_by[ACTOR_TEXT_SIZE];
	char printed_terminal[SETTINGS_TERMINAL_SIZE];
	int64_t prints;         /* how many times it went out */
};
void slip_done(struct slip *s);

/* Compose and keep a slip, stamped with the ledger's actor, the config's
 * terminal, store name, language and width and the clock's now; unprinted.
 * Joins the caller's write transaction if there is one. The same kind and
 * ref again: *id of the slip kept before and *replay = 1. JF_USAGE for a
 * bad ref, item or QR payload (longer than escpos.h's limit). */
enum jf_status slip_record(struct ledger *lg, const struct slip_data *d, int64_t *id,
			   int *replay, struct jf_error *err);
/* Send a kept slip to the config's printer and, if it printed, mark it
 * printed (when, by whom, where, one print more). JF_NOTFOUND if there is
 * no such slip; a printer that did not take it is JF_OK with
 * out->printed = 0 and why. Never call inside a write transaction. */
enum jf_status slip_reprint(struct ledger *lg, int64_t id, struct printer_outcome *out,
			    struct jf_error *err);
/* The one write transaction of an action and its slip (db_begin_write()
 * and friends, for front ends that do not speak to the database port):
 * core's writes inside it join it, and a failure of either undoes both.
 * Unlike ledger_write() nothing runs it again when the database asks
 * (JF_RETRY): slip_commit() then says JF_BUSY, and a core write inside it
 * returns JF_RETRY, which the front end shows as JF_BUSY. */
enum jf_status slip_begin(struct ledger *lg, struct jf_error *err);
enum jf_status slip_commit(struct ledger *lg, struct jf_error *err);
void slip_rollback(struct ledger *lg);

/* slip_record() then slip_reprint(): *id and *out say what happened. */
enum jf_status slip_issue(struct ledger *lg, const struct slip_data *d, int64_t *id,
			  struct printer_outcome *out, struct jf_error *err);

enum jf_status slip_get(struct ledger *lg, int64_t id, struct slip *out, struct jf_error *err);

struct slip_filter {
	int unprinted_only;
	const char *actor; /* actor.h text ("staff:S017"); NULL: anybody */
};
/* The slips the filter lets through, oldest first; fn gets each (valid
 * during the call) and returns nonzero to stop. */
enum jf_status slip_list(struct ledger *lg, const struct slip_filter *f,
			 int (*fn)(const struct slip *s, void *ctx), void *ctx,
			 struct jf_error *err);

#endif
