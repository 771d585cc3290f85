/*
 * staff: the store's cashiers and managers, who act at a counter or behind
 * --staff (DESIGN.md "Staff").
 *
 * A staff member has an id (the actor id "staff:ID", actor_check_id()'s
 * alphabet), a card scanned at a counter to log in, a name, a role and a PIN
 * kept only as an Argon2id hash, with the members' lock-out rules (the
 * config's pin_attempts and pin_lock_minutes, counted in the database). A
 * staff member is never deleted, only disabled: the actions they recorded
 * keep naming them.
 *
 * What a role may do is the config's [staff] section (settings.h): a
 * cashier is refused the manager's actions (JF_AUTH, JF_R_MANAGER_ONLY).
 *
 * The bootstrapping rule (staff_authorize()): while the ledger has no
 * enabled manager, anyone may act without naming a staff member (a new
 * store adds its first manager with `jifen staff add`); from then on the
 * actions of the config's manager_only and pin_required lists need a staff
 * member who may do them, confirmed with their PIN. The last enabled
 * manager cannot be disabled, so a store never falls back to that state.
 */
#ifndef JIFEN_STAFF_H
#define JIFEN_STAFF_H

#include <stdint.h>

#include "actor.h"
#include "ledger.h"
#include "member.h"
#include "status.h"

enum staff_role { STAFF_CASHIER = 0, STAFF_MANAGER = 1 };

struct staff {
	char id[ACTOR_ID_MAX + 1];
	char card[MEMBER_CARD_SIZE];
	char name[MEMBER_NAME_SIZE];
	enum staff_role role;
	int disabled;
	int has_pin;
	int64_t pin_failures;
	int64_t locked_until; /* 0 unless locked after too many wrong PINs */
	int64_t created_at;
};

struct staff_new {
	const char *id;
	const char *card;
	const char *name;
	enum staff_role role;
	const char *pin;
};

/* "cashier" or "manager"; staff_role_parse() is JF_USAGE for anything else. */
const char *staff_role_name(enum staff_role role);
enum jf_status staff_role_parse(const char *text, enum staff_role *role, struct jf_error *err);

/* Add a staff member. JF_CONFLICT if the id or the card is taken (by staff
 * or by a member). Stamped with the ledger's actor. */
enum jf_status staff_add(struct ledger *lg, const struct staff_new *s, struct jf_error *err);
/* By id, or by the card scanned at a counter. JF_NOTFOUND otherwise. */
enum jf_status staff_find(struct ledger *lg, const char *id, struct staff *out,
			  struct jf_error *err);
enum jf_status staff_find_card(struct ledger *lg, const char *card, struct staff *out,
			       struct jf_error *err);
/* Every staff member by id; fn returns nonzero to stop. */
enum jf_status staff_list(struct ledger *lg, int (*fn)(const struct staff *s, void *ctx),
			  void *ctx, struct jf_error *err);
/* Disable (for good: the id and card are never reused). JF_NOTFOUND
 * (JF_R_UNKNOWN_STAFF); JF_CONFLICT with JF_R_STAFF_DISABLED if already
 * disabled, JF_R_LAST_MANAGER for the last enabled manager. */
enum jf_status staff_disable(struct ledger *lg, const char *id, struct jf_error *err);
/* Set or reset the PIN and clear a lock-out, stamped with the ledger's
 * actor. JF_NOTFOUND (JF_R_UNKNOWN_STAFF), JF_AUTH (JF_R_STAFF_DISABLED). */
enum jf_status staff_set_pin(struct ledger *lg, const char *id, const char *pin,
			     struct jf_error *err);
/* Is the staff member there and enabled? JF_NOTFOUND (JF_R_UNKNOWN_STAFF),
 * or JF_AUTH with JF_R_STAFF_DISABLED. */
enum jf_status staff_can_act(struct ledger *lg, const char *id, struct staff *out,
			     struct jf_error *err);
/* The PIN with the lock-out rules: JF_OK, or JF_AUTH with JF_R_WRONG_PIN
 * (tries left), JF_R_LOCKED (until when), JF_R_NO_PIN or
 * JF_R_STAFF_DISABLED; a wrong PIN is counted even though the call fails. */
enum jf_status staff_check_pin(struct ledger *lg, const char *id, const char *pin,
			       struct jf_error *err);
/* May this role do the action named by what ("grant", "compensate",
 * "delist", "staff", "member erase", ...) under the config? JF_OK, or
 * JF_AUTH with JF_R_MANAGER_ONLY. */
enum jf_status staff_may(const struct ledger *lg, const struct staff *s, const char *what,
			 struct jf_error *err);

/* How many staff members the ledger has, and how many enabled managers. */
enum jf_status staff_census(struct ledger *lg, int64_t *staff, int64_t *managers,
			    struct jf_error *err);
/*
 * The whole rule of whether someone may do what now, for a front end that
 * has not logged a staff member in with a card and PIN (the command line):
 * id is the staff id named (--staff), NULL for nobody (the shell user);
 * pin the PIN given for it, NULL if none; what the action (settings.h), or
 * NULL for none in particular. Once the ledger has staff, a named id must
 * be an enabled staff member (before that any id is taken as given, as
 * ledgers before staff did); a staff member must be allowed what
 * (staff_may()); once it has an enabled manager, an action of manager_only
 * or pin_required needs an id and its PIN (JF_AUTH, JF_R_STAFF_PIN_REQUIRED);
 * a PIN given is checked (staff_check_pin(): a wrong one is counted).
 */
enum jf_status staff_authorize(struct ledger *lg, const char *what, const char *id,
			       const char *pin, struct jf_error *err);

#endif
