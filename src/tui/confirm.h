/*
 * confirm: the question a member answers before a write of theirs (redeem
 * an item, play a game). The write's idempotency key is drawn when the
 * question opens, so Yes pressed twice writes once; a refusal core gave
 * beforehand (a screen's look at whether it may) is said instead.
 */
#ifndef JIFEN_TUI_CONFIRM_H
#define JIFEN_TUI_CONFIRM_H

#include "ledger.h"
#include "screen.h"

struct confirm {
	int refused;         /* core would not now: why says why */
	struct jf_error why;
	int asking;          /* the question is open */
	char key[LEDGER_NEW_KEY_SIZE]; /* the open question's write */
};

/* Enter with no question open: open it, or say the refusal. */
int confirm_ask(struct kiosk *k, struct confirm *c);
/* The question ends (answered, or Back): its key is wiped. */
void confirm_close(struct confirm *c);

#endif
