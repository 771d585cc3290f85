/*
 * confirm: the question before a member's write (confirm.h).
 */
#include "config.h"

#include <string.h>

#include "confirm.h"
#include "reason.h"

int
confirm_ask(struct kiosk *k, struct confirm *c)
{
	if (c->refused) {
		reason_say(k, &c->why);
		return R_HANDLED | R_REDRAW;
	}
	ledger_new_key("kiosk-", c->key);
	c->asking = 1;
	return R_HANDLED | R_REDRAW;
}

void
confirm_close(struct confirm *c)
{
	c->asking = 0;
	explicit_bzero(c->key, sizeof c->key);
}
