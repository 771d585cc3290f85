/*
 * counter_slip: the receipt of a counter action (slip.h), as every counter
 * screen that writes makes it: the action and its slip in one transaction,
 * then the printer outside it, and one line on the screen saying what the
 * printer did. A printer that is missing or busy never stops a sale: the
 * slip is kept, the screen says so and the slip's words can be read on
 * the screen (SCREEN_COUNTER_SLIP, Right on a result).
 *
 *   counter_slip_begin(k)                  the write transaction
 *   the action (core joins the transaction)
 *   counter_slip_keep(k, &data, &slip)     slip_record() and commit
 *   counter_slip_print(k, &slip)           slip_reprint(), outside it
 *
 * On a refusal of the action, counter_slip_abandon(k) rolls back.
 */
#ifndef JIFEN_TUI_COUNTER_SLIP_H
#define JIFEN_TUI_COUNTER_SLIP_H

#include <stdint.h>

#include "printer.h"
#include "screen.h"
#include "slip.h"

struct counter_slip {
	int64_t id;                    /* the slip kept; 0: none */
	int printed;                   /* it went to the printer */
	int no_printer;                /* [printer] device = none: kept, said quietly */
	int replay;                    /* the action was a replay: its first slip, not printed again */
	char why[PRINTER_WHY_SIZE];    /* printer.h's words when it did not print */
};

/* The slip viewer's argument. */
struct counter_slip_arg {
	int64_t id;
};

enum jf_status counter_slip_begin(struct kiosk *k);
void counter_slip_abandon(struct kiosk *k);
/* Record d's slip in the open transaction and commit both; on failure the
 * action is rolled back too (k->err says why). */
enum jf_status counter_slip_keep(struct kiosk *k, const struct slip_data *d,
				 struct counter_slip *out);
/* Send the kept slip to the printer; what happened goes into out. */
void counter_slip_print(struct kiosk *k, struct counter_slip *out);
/* One line at row y: printed, kept without a printer, or not printed and
 * why. Returns the rows used. */
int counter_slip_draw(struct kiosk *k, int y, const struct counter_slip *s);
/* Right on a result: open the slip's words on the screen. */
int counter_slip_view(struct kiosk *k, const struct counter_slip *s);
/* The bar of a result with its slip: Enter Done, Right Slip. */
extern const struct bar_item counter_slip_done_bar[];

#endif
