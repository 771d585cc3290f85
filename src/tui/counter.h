/*
 * counter: what every screen of the cashier's counter (mode_counter.c)
 * shares: the member panel that stays on top of each of them while the
 * cashier works, the member it shows (struct counter_desk in screen.h),
 * a scan routed to what it is (a member card or a voucher, wherever it
 * comes), and a field of typed text (a receipt, an amount, a phone, a
 * short code).
 */
#ifndef JIFEN_TUI_COUNTER_H
#define JIFEN_TUI_COUNTER_H

#include <stddef.h>

#include "screen.h"
#include "settings.h"

#define COUNTER_PANEL_ROWS 3 /* two lines and a rule */

/* The voucher screen's argument: a code scanned or typed, "" to type one. */
struct counter_voucher_arg {
	char code[REQ_SCAN_SIZE];
};

/* Bars that mean the same on every counter screen that shows them. */
extern const struct bar_item counter_menu_bar[];      /* Choose, Open, Back */
extern const struct bar_item counter_take_back_bar[]; /* Yes, take back; No */
extern const struct bar_item counter_done_bar[];      /* Enter: Done */
extern const struct bar_item counter_award_bar[];     /* Yes, award; No */
/* A purchase awarded: Next purchase, Done, Slip */
extern const struct bar_item counter_purchase_done_bar[];

/* Draw the member panel at the top of the body. Returns the first row
 * under it (a blank row left). */
int counter_panel_draw(struct kiosk *k);

/* Bring the member of card to the counter: JF_OK, or core's refusal in
 * k->err (JF_NOTFOUND with its reason, JF_USAGE for a malformed card). */
enum jf_status counter_member_load(struct kiosk *k, const char *card);
/* Read the panel's figures again after a write. */
enum jf_status counter_member_refresh(struct kiosk *k);
/* "Next customer": the panel is empty again, nothing of the member kept. */
void counter_member_clear(struct kiosk *k);

/* Is text (a scan) a voucher's code rather than a card? A code that
 * begins with JF (a full code, genuine or not: the voucher screen says
 * which) or a well-formed short code that is no card number. */
int counter_is_voucher(const struct kiosk *k, const char *text);
/* A scan on any counter screen (k->scan): a voucher opens the voucher
 * screen; a card brings its member to the panel; anything else is
 * refused with a message. Returns a handler's flags. */
int counter_scan(struct kiosk *k);
/* Say why core refused a member (k->err) in the cashier's words; 0 if it
 * gave no reason. */
int counter_say_refusal(struct kiosk *k);
/* Core refused what the cashier asked (k->err): its reason said, or for
 * input core found bad (JF_USAGE) its message; anything else is the
 * kiosk's failure in what. Returns a handler's flags. */
int counter_refused(struct kiosk *k, const char *what);
/* Open the voucher screen on code ("" to type one). */
int counter_open_voucher(struct kiosk *k, const char *code);

/* counter_may() for a screen about to open an action: 1 if the signed-in
 * staff member may; 0 with core's reason said (JF_R_MANAGER_ONLY for a
 * cashier); -1 for a failure (k->err). */
int counter_staff_may(struct kiosk *k, enum staff_action action);
/* The staff login (screen_counter_start.c). Does the ledger have staff
 * (then the counter asks for a staff card and PIN)? 0 on a database
 * error too (said in k->err). */
int counter_has_staff(struct kiosk *k);
/* Begin the session of staff member id (*who; NULL on a ledger without
 * staff): the ledger's actor, the title, the shift's start. Returns a
 * handler's flags. */
int counter_sign_in(struct kiosk *k, const char *id, const struct staff *who);
/* May the signed-in staff member do what (settings.h's action names)?
 * JF_OK, or JF_AUTH with JF_R_MANAGER_ONLY in k->err: a cashier's session
 * is refused a manager's actions. On a ledger without staff,
 * staff_authorize()'s bootstrapping rule. */
enum jf_status counter_may(struct kiosk *k, const char *what);

/* A field of typed text of one kind: characters of another kind, or one
 * too many, spoil the entry (refused whole, as a digit_field does). */
enum text_kind {
	TEXT_CODE,    /* a short voucher code: letters, digits, '-' */
	TEXT_RECEIPT, /* a receipt number: printable ASCII, no space */
	TEXT_AMOUNT,  /* money: digits and one '.' */
	TEXT_PHONE,   /* digits, '+', '-' and spaces */
	TEXT_NAME,    /* a name, or a reason in words: any printable character,
		       * Chinese typed by an input method included (UTF-8) */
	TEXT_DATE,    /* a date: digits and '-' */
};
#define TEXT_FIELD_MAX 64 /* characters; a name's are up to 4 bytes */
struct text_field {
	char text[TEXT_FIELD_MAX * 4 + 1];
	int len;   /* bytes */
	int chars; /* characters */
	int size; /* 1 .. TEXT_FIELD_MAX characters */
	int spoiled;
	enum text_kind kind;
};

void text_field_init(struct text_field *f, enum text_kind kind, int size);
/* A character typed: 1 if the field took it (or was spoiled by it), 0 for
 * a character that is no text at all (Tab) and is left to the screen. */
int text_field_type(struct text_field *f, int c);
void text_field_erase(struct text_field *f);
void text_field_clear(struct text_field *f);
/* Start the field with text (a name or phone to correct); spoiled if it
 * does not fit the kind. */
void text_field_set(struct text_field *f, const char *text);
/* What the field shows: its text, or "?" marks once spoiled. */
const char *text_field_shown(const struct text_field *f);

#endif
