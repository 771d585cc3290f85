/*
 * kiosk: the screen program, `jifen kiosk` (the member mode), as the
 * command line sees it. No curses here: the loop and the screens live behind this call.
 */
#ifndef JIFEN_TUI_KIOSK_H
#define JIFEN_TUI_KIOSK_H

#include "ledger.h"
#include "script.h"
#include "status.h"

/* The kinds of terminal the screen program can be (screen.h's modes). */
enum kiosk_mode_id {
	KIOSK_MODE_MEMBER, /* `jifen kiosk`: the members' own screens */
	KIOSK_MODE_COUNTER, /* `jifen counter`: the cashier's terminal */
	KIOSK_MODE_COUNT
};

struct kiosk_options {
	enum kiosk_mode_id mode; /* 0: the member kiosk */
	int unlocked; /* a developer may quit with q (and Ctrl-C) */
	/* Not NULL: take the requests from this script, on a screen of the
	 * script's size that no terminal shows (see script.h). */
	const struct script *script;
	/* The counter: the staff member preselected at its login (--staff). */
	const char *staff;
	/* The language every session starts in: 0 follows the environment,
	 * KIOSK_LANG_EN or KIOSK_LANG_ZH (--lang). */
	int lang;
};

#define KIOSK_LANG_EN 1
#define KIOSK_LANG_ZH 2

/*
 * Run the kiosk on stdin/stdout, which must be a terminal, until it is told
 * to stop (q when unlocked, SIGTERM or SIGHUP). The ledger stays open and is
 * the caller's. A database error never ends the loop: the member is sent to
 * the staff and the kiosk goes back to its first screen. Returns an error
 * only when the terminal cannot be used.
 *
 * With opt->script, no terminal is needed or touched: the kiosk runs the
 * script's steps and returns at its end, or with an error if a screen could
 * not be saved.
 */
enum jf_status kiosk_run(struct ledger *lg, const struct kiosk_options *opt,
			 struct jf_error *err);

#endif
