/*
 * pin: the one PIN confirmation dialog (SCREEN_PIN), for the login, a
 * family transfer, and later the counter and the games; and what a member
 * is told when a PIN is refused, the same wherever it is asked.
 *
 * A screen that needs a PIN pushes the dialog with a struct pin_arg (what
 * it is for, the card, the heading saying what the PIN confirms). The
 * dialog checks the PIN with the ledger (which counts wrong ones and
 * locks the card), says why on the message line when it refuses, and pops
 * back with an enum pin_outcome as the screen_result's code; the PIN is
 * wiped the moment it has been checked, and with the dialog. A wrong PIN
 * with tries left keeps the dialog open; a PIN of the wrong length is a
 * slip of the finger, not a guess, and is not counted.
 */
#ifndef JIFEN_TUI_PIN_H
#define JIFEN_TUI_PIN_H

#include "screen.h"

#define PIN_MIN 4
#define PIN_MAX 6
#define PIN_HEADING_SIZE 256

enum pin_purpose {
	PIN_FOR_LOGIN,    /* the card's owner logs in */
	PIN_FOR_TRANSFER, /* the member sends green points */
	PIN_FOR_OFFSET,   /* the member pays part of a bill with points, at the counter */
	PIN_FOR_DESK,     /* at the counter's family desk: the member agrees */
	PIN_FOR_STAFF,    /* a staff member's card: staff_check_pin() */
	PIN_PURPOSE_COUNT
};

/* What the dialog ended with: its screen_result's code. Back is 0. */
enum pin_outcome {
	PIN_CANCELLED = 0,   /* Esc: nothing was checked */
	PIN_CONFIRMED,       /* the PIN is right (the ledger reset its count) */
	PIN_REFUSED_LOCKED,  /* the card is locked now (said) */
	PIN_REFUSED_NOT_SET, /* the card has no PIN (said) */
	PIN_REFUSED_NO_CARD  /* no member has the card any more (said) */
};

struct pin_arg {
	enum pin_purpose purpose;
	char card[MEMBER_CARD_SIZE];
	char heading[PIN_HEADING_SIZE]; /* translated: "Log in", "Send 20 ..." */
	char staff[ACTOR_ID_MAX + 1];   /* PIN_FOR_STAFF: whose PIN */
};

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
/*
 * The login's form, which the dialog shares so that the login looks the
 * same before and after its card: heading, the card under card_label
 * (translated: a member's card number, a staff card), the PIN as pin_len
 * stars, hint, and the keypad. The PIN field has the cursor if pin_active,
 * else the card's.
 */
void pin_draw_form(struct kiosk *k, const char *heading, const char *card_label,
		   const char *card, int pin_len, int pin_active, const char *hint);

#endif
