/*
 * pin: what members' and staff members' PINs share: the Argon2id hash
 * (libsodium crypto_pwhash_str; a PIN never reaches the database in clear)
 * and the lock-out rule (the config's [kiosk] pin_attempts wrong PINs in a
 * row lock for pin_lock_minutes). The counts live in each table's own
 * columns, so a restart or another terminal cannot reset them.
 */
#ifndef JIFEN_PIN_H
#define JIFEN_PIN_H

#include <stdint.h>

#include "settings.h"
#include "status.h"

#define PIN_HASH_SIZE 128 /* crypto_pwhash_STRBYTES */

/* Hash pin into hash (a self-describing string). Slow on purpose: call it
 * before taking the write lock. */
enum jf_status pin_hash(const char *pin, char hash[PIN_HASH_SIZE], struct jf_error *err);
/* Is pin well formed and the one hashed? */
int pin_matches(const char *hash, const char *pin);
/* JF_AUTH with JF_R_LOCKED while locked_until is still ahead. staff_id is
 * NULL for a member's card, else the staff member's id, which the refusal
 * carries as its text (status.h: JF_R_LOCKED, JF_R_WRONG_PIN). */
enum jf_status pin_check_unlocked(int64_t locked_until, const char *staff_id,
				  struct jf_error *err);

/* An attempt counted: the failures and lock to store, and the tries left. */
struct pin_count {
	int64_t failures;     /* to store: 0 after a right PIN or a new lock */
	int64_t locked_until; /* to store: 0 unless this attempt locked */
	int64_t left;         /* wrong PINs left before the lock */
};
void pin_count_attempt(const struct settings *cfg, int64_t failures_before, int ok,
		       struct pin_count *out);
/* Bind what the UPDATE of an attempt stores, the same for every table that
 * counts PINs: :f and :l (c's failures and lock), :wrong (1 for a wrong PIN),
 * :now and :terminal (when and where, for the last failure and lock). */
struct db_stmt;
void pin_bind_attempt(struct db_stmt *s, const struct pin_count *c, int ok,
		      const char *terminal);
/* The refusal of a wrong PIN after c was stored: JF_R_LOCKED if it locked,
 * else JF_R_WRONG_PIN with the tries left. */
enum jf_status pin_refuse_wrong(const struct pin_count *c, const char *staff_id,
				struct jf_error *err);

#endif
