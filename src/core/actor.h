/*
 * actor: who makes a write (DESIGN.md "Seams": every write names its actor
 * and terminal).
 *
 * A front end says once who is acting, with ledger_act_as(): the member
 * logged in at a kiosk, the staff member at a counter or behind --staff, the
 * shell user running a command, or a system job. Core stamps that actor and
 * the config's terminal on every entry it writes; a write with no actor set
 * is refused (a bug in the front end), never recorded as anonymous.
 *
 * Stored as text "KIND:ID": "member:42" (the member's id, which survives a
 * card change), "staff:S017", "shell:alice", "system:expire".
 */
#ifndef JIFEN_ACTOR_H
#define JIFEN_ACTOR_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

enum actor_kind {
	ACTOR_NONE = 0, /* nobody set: writes are refused */
	ACTOR_MEMBER,
	ACTOR_STAFF,
	ACTOR_SHELL,
	ACTOR_SYSTEM,
};

#define ACTOR_ID_MAX 32
/* "system:" + id + NUL, with room to spare */
#define ACTOR_TEXT_SIZE (ACTOR_ID_MAX + 16)

struct actor {
	enum actor_kind kind;
	char id[ACTOR_ID_MAX + 1];
};

/* A staff id typed by a person (--staff ID): 1 to 32 letters, digits, '.',
 * '_' or '-'. JF_USAGE naming the bad value otherwise. */
enum jf_status actor_check_id(const char *what, const char *id, struct jf_error *err);

/* Fill *a; the id is checked as actor_check_id() does. */
enum jf_status actor_staff(struct actor *a, const char *staff_id, struct jf_error *err);
/* A shell user's login name; names outside actor_check_id()'s alphabet have
 * their other characters replaced with '_' (an OS name is not a typo). */
void actor_shell(struct actor *a, const char *user);
void actor_member(struct actor *a, int64_t member_id);
/* job: a constant such as "expire" or "daily". */
void actor_system(struct actor *a, const char *job);

/* "member", "staff", "shell", "system" ("" for ACTOR_NONE). */
const char *actor_kind_name(enum actor_kind kind);
/* "KIND:ID" as stored; "" for ACTOR_NONE. */
void actor_format(const struct actor *a, char out[ACTOR_TEXT_SIZE]);

/* Stored actor text in its "KIND:ID" form: text written before actors were
 * kept (a voucher's bare staff id "till-7") reads as "staff:till-7"; ""
 * stays "". */
void actor_normalize(const char *stored, char *out, size_t size);
/* For people: "staff till-7", "member 42", "system expire"; "" for "". */
void actor_describe(const char *stored, char *out, size_t size);

/* A terminal's name (config "terminal"): 1 to 32 letters, digits, '.', '_'
 * or '-'. */
enum jf_status actor_check_terminal(const char *name, struct jf_error *err);

#endif
