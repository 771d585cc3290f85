/*
 * pin: the PIN hash and the lock-out rule, one copy for members and staff.
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "parse.h"
#include "pin.h"

_Static_assert(PIN_HASH_SIZE == crypto_pwhash_STRBYTES, "PIN_HASH_SIZE is libsodium's");

enum jf_status
pin_hash(const char *pin, char hash[PIN_HASH_SIZE], struct jf_error *err)
{
	if (crypto_pwhash_str(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return jf_fail(err, JF_ERR, "not enough memory to hash the PIN");
	return JF_OK;
}

int
pin_matches(const char *hash, const char *pin)
{
	return parse_pin(pin, NULL) == JF_OK &&
	       crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

/* What is locked, for the English message. */
static const char *
locked_thing(const char *staff_id, char *out, size_t size)
{
	if (staff_id == NULL)
		return "this card";
	snprintf(out, size, "staff member %s", staff_id);
	return out;
}

enum jf_status
pin_check_unlocked(int64_t locked_until, const char *staff_id, struct jf_error *err)
{
	char thing[64];

	if (locked_until > clock_now())
		return jf_refuse(err, JF_AUTH, JF_R_LOCKED,
				 (struct jf_why){ .num = { locked_until }, .text = staff_id },
				 "%s is locked after too many wrong PINs; try later",
				 locked_thing(staff_id, thing, sizeof thing));
	return JF_OK;
}

void
pin_count_attempt(const struct settings *cfg, int64_t failures_before, int ok,
		  struct pin_count *out)
{
	out->failures = ok ? 0 : failures_before + 1;
	out->locked_until = 0;
	out->left = cfg->pin_attempts - out->failures;
	if (out->failures >= cfg->pin_attempts) {
		out->locked_until = clock_now() + cfg->pin_lock_minutes * 60;
		out->failures = 0;
	}
}

void
pin_bind_attempt(struct db_stmt *s, const struct pin_count *c, int ok, const char *terminal)
{
	db_bind_int(s, ":f", c->failures);
	db_bind_int(s, ":l", c->locked_until);
	db_bind_int(s, ":wrong", !ok);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":terminal", terminal);
}

enum jf_status
pin_refuse_wrong(const struct pin_count *c, const char *staff_id, struct jf_error *err)
{
	char thing[64];

	locked_thing(staff_id, thing, sizeof thing);
	if (c->locked_until)
		return jf_refuse(err, JF_AUTH, JF_R_LOCKED,
				 (struct jf_why){ .num = { c->locked_until }, .text = staff_id },
				 "wrong PIN: %s is now locked after too many wrong PINs",
				 locked_thing(staff_id, thing, sizeof thing));
	return jf_refuse(err, JF_AUTH, JF_R_WRONG_PIN,
			 (struct jf_why){ .num = { c->left }, .text = staff_id },
			 "wrong PIN (%lld more locks %s)", (long long)c->left,
			 locked_thing(staff_id, thing, sizeof thing));
}
