/*
 * kiosk: the member's screen program, `jifen kiosk`, as the command line
 * sees it. No curses here: the loop and the screens live behind this call.
 */
#ifndef JIFEN_TUI_KIOSK_H
#define JIFEN_TUI_KIOSK_H

#include "ledger.h"
#include "status.h"

struct kiosk_options {
	int unlocked; /* a developer may quit with q (and Ctrl-C) */
};

/*
 * Run the kiosk on stdin/stdout, which must be a terminal, until it is told
 * to stop (q when unlocked, SIGTERM or SIGHUP). The ledger stays open and is
 * the caller's. A database error never ends the loop: the member is sent to
 * the staff and the kiosk goes back to its first screen. Returns an error
 * only when the terminal cannot be used.
 */
enum jf_status kiosk_run(struct ledger *lg, const struct kiosk_options *opt,
			 struct jf_error *err);

#endif
