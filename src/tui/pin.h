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
 * After member_check_pin() refused card's PIN: read the card back, say on
 * the message line why in the member's words, and set *why. A card that
 * is not there is JF_NOTFOUND; any other error is returned with k->err
 * (the caller sends the member to the staff).
 */
enum jf_status pin_explain(struct kiosk *k, const char *card, enum pin_refusal *why);
/* The same messages, for a card found locked or without a PIN before any
 * PIN was typed. */
void pin_say_locked(struct kiosk *k, int64_t locked_until);
void pin_say_not_set(struct kiosk *k);

#endif
