/*
 * member: members, their cards and PINs.
 *
 * A member has one account per kind of point, created with the member. A
 * PIN is kept only as an Argon2id hash (libsodium crypto_pwhash_str); wrong
 * PINs are counted in the database so a lock-out holds across restarts and
 * across terminals sharing the ledger.
 */
#ifndef JIFEN_MEMBER_H
#define JIFEN_MEMBER_H

#include <stddef.h>
#include <stdint.h>

#include "ledger.h"
#include "status.h"

#define MEMBER_CARD_SIZE 20
#define MEMBER_NAME_SIZE 257 /* 64 characters of up to 4 bytes */

struct member {
	int64_t id;
	char card[MEMBER_CARD_SIZE];
	char name[MEMBER_NAME_SIZE];
	char birthday[11];  /* "" if unknown */
	char phone[21];     /* "" if unknown */
	char family[MEMBER_NAME_SIZE]; /* "" if in no family */
	int has_pin;
	int64_t pin_failures;
	int64_t locked_until; /* 0 unless locked after too many wrong PINs */
	int64_t created_at;
	/* Who did what to the member, where (actor.h text and terminal names;
	 * 0 and "" when it never happened or was before this was kept). */
	char created_by[ACTOR_TEXT_SIZE];
	char created_terminal[SETTINGS_TERMINAL_SIZE];
	int64_t family_at; /* put into the family: family create or add */
	char family_by[ACTOR_TEXT_SIZE];
	char family_terminal[SETTINGS_TERMINAL_SIZE];
	int64_t pin_set_at; /* the last PIN set (member_add or member_set_pin) */
	char pin_set_by[ACTOR_TEXT_SIZE];
	char pin_set_terminal[SETTINGS_TERMINAL_SIZE];
	int64_t pin_failed_at; /* the last wrong PIN, typed at a terminal */
	char pin_failed_terminal[SETTINGS_TERMINAL_SIZE];
	int64_t locked_at; /* the last lock-out and the terminal it came from */
	char locked_terminal[SETTINGS_TERMINAL_SIZE];
	/* The member's personal data erased at their request (member_erase):
	 * 0 and "" unless it was. */
	int64_t erased_at;
	char erased_by[ACTOR_TEXT_SIZE];
	char erased_terminal[SETTINGS_TERMINAL_SIZE];
};

/* The name an erased member's row keeps (the column may not be empty). */
#define MEMBER_ERASED_NAME "(erased)"

struct member_new {
	const char *card;
	const char *name;
	const char *birthday; /* NULL if not given */
	const char *phone;    /* NULL if not given */
	const char *pin;      /* NULL: no PIN yet (set at the counter) */
};

/* Validates every field first; JF_CONFLICT if the card is taken or was ever
 * replaced (a retired card is never given again). Stamped with the ledger's
 * actor. */
enum jf_status member_add(struct ledger *lg, const struct member_new *m, struct jf_error *err);
/* Is card free to give to a new member or staff member? JF_CONFLICT with
 * JF_R_CARD_TAKEN (a member's), JF_R_CARD_RETIRED (a member's once) or
 * JF_R_STAFF_CARD (a staff member's, even disabled). Core only, inside the
 * write transaction that gives the card. */
enum jf_status member_card_free(struct db *db, const char *card, struct jf_error *err);
/* By the member's current card; a replaced card finds nobody (JF_NOTFOUND,
 * saying it was replaced). */
enum jf_status member_find(struct ledger *lg, const char *card, struct member *out,
			   struct jf_error *err);
/* Members whose phone is exactly phone (as entered), by card; fn returns
 * nonzero to stop. Uses the phone index. JF_USAGE for a malformed phone. */
enum jf_status member_find_phone(struct ledger *lg, const char *phone,
				 int (*fn)(const struct member *m, void *ctx), void *ctx,
				 struct jf_error *err);

/*
 * A lost card replaced: the member keeps the accounts, history, points,
 * PIN and family; old_card stops working everywhere and is retired for good
 * (no member can ever get it). Recorded with the ledger's actor and terminal
 * in card_change. JF_NOTFOUND if no member has old_card now, JF_CONFLICT if
 * new_card is taken or retired, JF_USAGE for a malformed card or the same
 * card twice. *out is the member afterwards.
 */
enum jf_status member_change_card(struct ledger *lg, const char *old_card, const char *new_card,
				  struct member *out, struct jf_error *err);

/*
 * A phone for screens other people can see: the first 3 and the last 4
 * digits stay, the digits between become '*' ("13800138001" ->
 * "138****8001"). With fewer than 8 digits only the last 2 stay, with fewer
 * than 4 none; '+', '-' and spaces stay where they are. out has room for
 * size bytes; the result is cut, never unmasked, when it is too small.
 */
void member_mask_phone(const char *phone, char *out, size_t size);
/* fn returns nonzero to stop. Ordered by card. */
enum jf_status member_list(struct ledger *lg, int (*fn)(const struct member *m, void *ctx),
			   void *ctx, struct jf_error *err);
/* Members whose name holds text, in any case (lower(), so ASCII letters
 * only fold), by card; erased members are never found. JF_USAGE for empty
 * or malformed text. */
enum jf_status member_find_name(struct ledger *lg, const char *text,
				int (*fn)(const struct member *m, void *ctx), void *ctx,
				struct jf_error *err);

/*
 * The member desk. Each call is one write transaction, stamped with the
 * ledger's actor and terminal (JF_ERR if nobody acts) in the member's row
 * and in a member event (member_events()). JF_NOTFOUND (JF_R_UNKNOWN_CARD,
 * or the replaced card's reason) if no member has the card.
 */
/* Set or reset the PIN: the old one stops at once, a lock-out and the count
 * of wrong PINs are cleared. Event "pin". */
enum jf_status member_set_pin(struct ledger *lg, const char *card, const char *pin,
			      struct jf_error *err);
/* Clear a lock-out and the count of wrong PINs; the PIN stays. Done (and
 * recorded) even if the card was not locked. Event "unlock". */
enum jf_status member_unlock(struct ledger *lg, const char *card, struct jf_error *err);

/* A correction of a member's details; NULL leaves a field as it is, ""
 * removes a phone or a birthday (a name cannot be removed). */
struct member_edit {
	const char *name;
	const char *phone;
	const char *birthday;
};
/* Validated as member_add() does. JF_USAGE if nothing is given; JF_CONFLICT
 * with JF_R_ERASED for an erased member (their data is not taken back in).
 * Event "edit" whose detail names the fields that changed ("name,phone"),
 * never their values. *out is the member afterwards (if out is not NULL). */
enum jf_status member_edit(struct ledger *lg, const char *card, const struct member_edit *e,
			   struct member *out, struct jf_error *err);
/*
 * Erase the member's personal data at their request: the name becomes
 * MEMBER_ERASED_NAME, the phone, birthday and PIN hash are removed (a PIN
 * of 4 to 6 digits is guessed from its hash in seconds, and is often a
 * birthday). Accounts, history, balances, vouchers, card changes and family
 * membership stay: they are the store's books, and hold no personal data.
 * Event "erase". Erasing twice is JF_CONFLICT with JF_R_ERASED (when).
 * The database file is then scrubbed where the backend can (db_scrub()).
 */
enum jf_status member_erase(struct ledger *lg, const char *card, struct jf_error *err);

/* One thing the member desk did to a member (member_event table). */
struct member_event {
	int64_t id;
	int64_t at;
	const char *action;   /* "pin", "unlock", "edit", "erase", "family_leave",
			       * "family_owner" */
	const char *detail;   /* edit: the fields; family_*: the family's name */
	const char *actor;    /* actor.h text */
	const char *terminal;
};
/* The member's events, oldest first; fn's strings are valid during the call. */
enum jf_status member_events(struct ledger *lg, const char *card,
			     int (*fn)(const struct member_event *ev, void *ctx), void *ctx,
			     struct jf_error *err);

/* One replacement of the member's card (card_change table). */
struct member_card_change {
	int64_t at;
	const char *old_card;
	const char *new_card;
	const char *actor;
	const char *terminal;
};
/* The member's card changes, oldest first. */
enum jf_status member_card_changes(struct ledger *lg, const char *card,
				   int (*fn)(const struct member_card_change *c, void *ctx),
				   void *ctx, struct jf_error *err);
/* May the member of card type a PIN now (log in, confirm)? JF_OK with the
 * member in *out, else JF_NOTFOUND (JF_R_UNKNOWN_CARD) or JF_AUTH with
 * JF_R_NO_PIN or JF_R_LOCKED (until when). member_check_pin() applies the
 * same rule before it looks at a PIN. */
enum jf_status member_can_log_in(struct ledger *lg, const char *card, struct member *out,
				 struct jf_error *err);
/* JF_OK if the PIN is right; JF_AUTH if wrong (JF_R_WRONG_PIN, tries left;
 * JF_R_LOCKED if this wrong PIN locked the card), locked, or no PIN is set.
 * Works with nobody acting (a kiosk before its login): a wrong PIN and a
 * lock-out are recorded with the config's terminal. */
enum jf_status member_check_pin(struct ledger *lg, const char *card, const char *pin,
				struct jf_error *err);

/* What a notice says, put into words where it is shown, in the reader's
 * language; the parameters each message carries are in num[] and param[]. */
enum notice_message {
	NOTICE_TEXT = 0,        /* only text, in English (notices of older ledgers) */
	NOTICE_DELIST_REFUND,   /* an item withdrawn with the member's voucher out:
				 * param[0], [1]: its names in Chinese and English,
				 * param[2]: the store's reason; num[0]: points back,
				 * num[1]: bonus points, num[2]: their kind */
	NOTICE_OUTAGE_RESTORED, /* points expired in an outage given back: num[0],
				 * num[1]: the outage's start and end, num[2]: the
				 * points, num[3]: their kind; param[0]: valid until */
	NOTICE_OUTAGE_EXTENDED, /* points due in an outage given longer: num[0], num[1]:
				 * the outage's start and end; param[0]: valid until */
	NOTICE_TIER_CHANGE,     /* the member's tier changed (tier.h): num[0]: 1 up, -1
				 * down; num[1]: points earned in 12 months; param[0],
				 * [1]: the new tier's names in Chinese and English,
				 * param[2]: its id */
	NOTICE_MESSAGE_COUNT
};

/* The stored name of a message ("delist_refund"); "" for NOTICE_TEXT. */
const char *notice_message_name(enum notice_message message);

/* A message for a member (compensation, a gift), shown at the kiosk. */
struct member_notice {
	int64_t id;
	int64_t created_at;
	const char *kind; /* "compensation", ... */
	const char *text; /* the message in English, as it was written */
	enum notice_message message;
	int64_t num[4];
	const char *param[3]; /* "" when not used */
};
/* The member's unseen notices created at or after since, newest first.
 * Read-only: fn returns nonzero to stop; its strings are valid during the call. */
enum jf_status member_notices(struct ledger *lg, const char *card, int64_t since,
			      int (*fn)(const struct member_notice *n, void *ctx), void *ctx,
			      struct jf_error *err);
/* The member has been shown these notices: they are not offered again.
 * Ids that are not the member's unseen notices are left alone (a notice is
 * seen once, and one member never marks another's). One write transaction,
 * stamped with the ledger's actor and terminal; JF_ERR if nobody acts. */
enum jf_status member_notices_seen(struct ledger *lg, const char *card, const int64_t *ids,
				   size_t count, struct jf_error *err);

#endif
