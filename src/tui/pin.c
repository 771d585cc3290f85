/*
 * pin: the message for a refused PIN. The count of wrong PINs and the
 * lock are the ledger's (member_check_pin()), and so is the reason it
 * refused with; this only says it (reason.c) and sorts it for the screen.
 */
#include "config.h"

#include "pin.h"
#include "reason.h"

enum pin_refusal
pin_explain(struct kiosk *k)
{
	reason_say(k, &k->err);
	switch (k->err.reason) {
	case JF_R_WRONG_PIN:
		return PIN_WRONG;
	case JF_R_NO_PIN:
		return PIN_NOT_SET;
	default:
		return PIN_LOCKED;
	}
}
