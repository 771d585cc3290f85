/*
 * pin: what a member is told when a PIN is refused, the same at the login
 * and wherever else a PIN confirms something (a family transfer).
 */
#ifndef JIFEN_TUI_PIN_H
#define JIFEN_TUI_PIN_H

#include "screen.h"

enum pin_refusal {
	PIN_WRONG,  /* wrong, with tries left: type it again */
	PIN_LOCKED, /* too many wrong PINs: the card is locked for a while */
	PIN_NOT_SET /* the card has no PIN: the counter sets one */
};

/*
 * After member_check_pin() refused with JF_AUTH (its reason in k->err):
 * say on the message line why, in the member's words, and return what the
 * screen does next. Any reason but a wrong PIN ends the PIN step.
 */
enum pin_refusal pin_explain(struct kiosk *k);

#endif
