/*
 * counter_offline: the counter while the chain's database cannot be
 * reached (issue 14; DESIGN.md "The counter offline"). A purchase is
 * queued on the terminal (queue.h) with a slip saying the points will be
 * added; everything else that needs the ledger (vouchers, points paying a
 * bill, returns, the desks, transfers) is refused with JF_R_OFFLINE's
 * words; the panel says the counter is offline and how many purchases
 * wait; and the queue is posted as soon as the ledger answers again (a
 * tick of the counter's home, or the cashier's next action).
 *
 * The state is struct counter_desk's offline, queue, queued and
 * queue_failed (screen.h).
 */
#ifndef JIFEN_TUI_COUNTER_OFFLINE_H
#define JIFEN_TUI_COUNTER_OFFLINE_H

#include <stdint.h>

#include "printer.h"
#include "screen.h"

/* How often the counter's home tries the ledger again while offline or
 * while purchases wait. */
#define COUNTER_RETRY_MS 10000

/* A purchase taken offline: what the queue keeps, and what the slip said. */
struct counter_queued {
	int64_t id;      /* in the queue */
	int replay;      /* the same purchase was queued before */
	int printed;     /* the slip went to the printer */
	int no_printer;  /* [printer] device = none */
	char why[PRINTER_WHY_SIZE];
};

/* The offline purchase screen's argument (SCREEN_COUNTER_QUEUE). */
struct counter_queue_arg {
	char card[64 + 1]; /* the card scanned, "" to type one */
};

/* The ledger did not answer (k->err is JF_BUSY, not JF_R_CONTENDED): from
 * now on the counter is offline; the member on the panel stays only as
 * their card. */
void counter_mark_offline(struct kiosk *k);

/* The ledger did not answer (k->err is JF_BUSY, not JF_R_CONTENDED): the
 * counter is offline from now on, said once, and the cashier is back at
 * the counter's home with the session kept (mode_counter's unreachable
 * hook). With nobody signed in, the closed counter says it opens once the ledger is back.
 * Returns a handler's flags. */
int counter_went_offline(struct kiosk *k);

/* Is the counter offline? First tries the ledger again (posting what
 * waits), so an action is refused only while the ledger is really away:
 * 1 offline, 0 online. */
int counter_still_offline(struct kiosk *k);

/* Refuse an action that needs the ledger, with JF_R_OFFLINE's words.
 * Returns a handler's flags. */
int counter_offline_refuse(struct kiosk *k);

/* Queue a purchase (the card as scanned or typed, checked for form only),
 * print its slip ("points will be added") and count it. JF_OK with *out
 * filled; else k->err says why (JF_NOTFOUND: this counter has no queue,
 * JF_USAGE: a malformed card, JF_CONFLICT: the receipt is queued for
 * another amount). */
enum jf_status counter_queue_purchase(struct kiosk *k, const char *card, const char *receipt,
				      int64_t fen, int green, const char *category,
				      struct counter_queued *out);

/* Under a queued purchase's line, at row y: what became of its slip
 * (printed, no printer, or not printed and why: a warning). */
void counter_queued_slip_draw(struct kiosk *k, int y, const struct counter_queued *q);

/* Post what waits if the counter is offline or purchases wait: back online
 * it says how many were posted (and refused), refreshes the panel and
 * returns R_REDRAW; still away, 0. At most every COUNTER_RETRY_MS unless
 * now is set. */
int counter_offline_retry(struct kiosk *k, int now);

/* The queue's figures for a new session: open it if there is one, count
 * what waits. Never fails a sign-in: a queue that cannot be read is said. */
void counter_offline_begin(struct kiosk *k);
/* The session ends: the queue is closed (it stays on the disk). */
void counter_offline_end(struct kiosk *k);

#endif
