/*
 * member: adding and finding members, PINs and their lock-out.
 * A PIN never touches the database in clear: only its Argon2id hash.
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "clock.h"
#include "db.h"
#include "ledger_int.h"
#include "member.h"
#include "parse.h"

static enum jf_status
validate_new(struct ledger *lg, const struct member_new *m, struct jf_error *err)
{
	enum jf_status st;

	if ((st = ledger_check_card(lg, m->card, err)) != JF_OK ||
	    (st = parse_name("name", m->name, err)) != JF_OK)
		return st;
	if (m->birthday && (st = parse_date(m->birthday, err)) != JF_OK)
		return st;
	if (m->birthday && strcmp(m->birthday, "1900-01-01") >= 0) {
		char today[CLOCK_DATE_LEN];

		ledger_today(today);
		if (strcmp(m->birthday, today) > 0)
			return jf_fail(err, JF_USAGE, "birthday %s is in the future", m->birthday);
	}
	if (m->phone && (st = parse_phone(m->phone, err)) != JF_OK)
		return st;
	if (m->pin && (st = parse_pin(m->pin, err)) != JF_OK)
		return st;
	return JF_OK;
}

/* Argon2id through libsodium; hash receives a self-describing string. */
static enum jf_status
hash_pin(const char *pin, char hash[crypto_pwhash_STRBYTES], struct jf_error *err)
{
	if (crypto_pwhash_str(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return jf_fail(err, JF_ERR, "not enough memory to hash the PIN");
	return JF_OK;
}

static enum jf_status
insert_member(struct ledger *lg, const struct member_new *m, const char *pin_hash,
	      struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT count(*) FROM member WHERE card = :card");
	enum jf_status st;
	int64_t n = 0;

	db_bind_text(s, ":card", m->card);
	if ((st = db_one_int(s, &n, err)) != JF_OK)
		return st;
	if (n > 0)
		return jf_refuse(err, JF_CONFLICT, JF_R_CARD_TAKEN, (struct jf_why){ .text = m->card },
				 "card %s already belongs to a member", m->card);
	s = db_stmt(lg->db, "INSERT INTO member(card, name, birthday, phone, pin_hash, created_at) "
			    "VALUES (:card, :name, :bday, :phone, :pin, :now)");
	db_bind_text(s, ":card", m->card);
	db_bind_text(s, ":name", m->name);
	db_bind_text(s, ":bday", m->birthday);
	db_bind_text(s, ":phone", m->phone);
	db_bind_text(s, ":pin", pin_hash);
	db_bind_int(s, ":now", clock_now());
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	return account_create_member(lg->db, db_last_insert_id(lg->db), m->card, err);
}

enum jf_status
member_add(struct ledger *lg, const struct member_new *m, struct jf_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	enum jf_status st;

	if ((st = validate_new(lg, m, err)) != JF_OK)
		return st;
	/* Hash before taking the write lock: Argon2id is slow on purpose. */
	if (m->pin && (st = hash_pin(m->pin, hash, err)) != JF_OK)
		return st;
	if ((st = db_begin_write(lg->db, err)) != JF_OK)
		return st;
	st = insert_member(lg, m, m->pin ? hash : NULL, err);
	sodium_memzero(hash, sizeof hash);
	if (st != JF_OK) {
		db_rollback(lg->db);
		return st;
	}
	return db_commit(lg->db, err);
}

#define MEMBER_COLUMNS                                                                     \
	"SELECT m.id, m.card, m.name, coalesce(m.birthday, ''), coalesce(m.phone, ''), "   \
	"coalesce(f.name, ''), m.pin_hash IS NOT NULL, m.pin_failures, m.locked_until, "    \
	"m.created_at FROM member m LEFT JOIN family f ON f.id = m.family_id "

static void
read_member(struct db_stmt *s, struct member *out)
{
	memset(out, 0, sizeof *out);
	out->id = db_col_int(s, 0);
	snprintf(out->card, sizeof out->card, "%s", db_col_text(s, 1));
	snprintf(out->name, sizeof out->name, "%s", db_col_text(s, 2));
	snprintf(out->birthday, sizeof out->birthday, "%s", db_col_text(s, 3));
	snprintf(out->phone, sizeof out->phone, "%s", db_col_text(s, 4));
	snprintf(out->family, sizeof out->family, "%s", db_col_text(s, 5));
	out->has_pin = (int)db_col_int(s, 6);
	out->pin_failures = db_col_int(s, 7);
	out->locked_until = db_col_int(s, 8);
	out->created_at = db_col_int(s, 9);
}

enum jf_status
member_find(struct ledger *lg, const char *card, struct member *out, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;
	int rc;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, MEMBER_COLUMNS "WHERE m.card = :card");
	db_bind_text(s, ":card", card);
	rc = db_step(s, err);
	if (rc <= 0) {
		db_reset(s);
		return rc < 0 ? (err ? err->status : JF_ERR)
			      : jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_CARD,
					  (struct jf_why){ .text = card }, "no member with card %s", card);
	}
	read_member(s, out);
	db_reset(s);
	return JF_OK;
}

enum jf_status
member_list(struct ledger *lg, int (*fn)(const struct member *m, void *ctx), void *ctx,
	    struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, MEMBER_COLUMNS "ORDER BY m.card");
	struct member m;
	int rc;

	while ((rc = db_step(s, err)) == 1) {
		read_member(s, &m);
		if (fn(&m, ctx))
			break;
	}
	db_reset(s);
	return rc < 0 ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
member_set_pin(struct ledger *lg, const char *card, const char *pin, struct jf_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK || (st = parse_pin(pin, err)) != JF_OK ||
	    (st = hash_pin(pin, hash, err)) != JF_OK)
		return st;
	if ((st = db_begin_write(lg->db, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE member SET pin_hash = :h, pin_failures = 0, locked_until = 0 "
			    "WHERE card = :card");
	db_bind_text(s, ":h", hash);
	db_bind_text(s, ":card", card);
	st = db_run(s, err);
	if (st == JF_OK && db_changes(lg->db) == 0)
		st = jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_CARD, (struct jf_why){ .text = card },
			       "no member with card %s", card);
	if (st != JF_OK) {
		db_rollback(lg->db);
		return st;
	}
	return db_commit(lg->db, err);
}

/* The one rule of who may type a PIN now: a member with a PIN, not locked. */
static enum jf_status
check_can_log_in(const struct member *m, struct jf_error *err)
{
	if (!m->has_pin)
		return jf_refuse(err, JF_AUTH, JF_R_NO_PIN, (struct jf_why){ .text = NULL },
				 "no PIN is set for this card: please ask at the counter");
	if (m->locked_until > clock_now())
		return jf_refuse(err, JF_AUTH, JF_R_LOCKED, (struct jf_why){ .num = { m->locked_until } },
				 "this card is locked after too many wrong PINs; try later");
	return JF_OK;
}

enum jf_status
member_can_log_in(struct ledger *lg, const char *card, struct member *out, struct jf_error *err)
{
	enum jf_status st = member_find(lg, card, out, err);

	return st != JF_OK ? st : check_can_log_in(out, err);
}

/* Count the attempt; a wrong PIN is refused with the tries left, or with
 * the lock it has just set off. */
static enum jf_status
record_attempt(struct ledger *lg, const struct member *m, int ok, struct jf_error *err)
{
	struct db_stmt *s;
	int64_t failures = ok ? 0 : m->pin_failures + 1;
	int64_t locked_until = 0, left = lg->cfg->pin_attempts - failures;
	enum jf_status st;

	/* The count lives in the ledger, so a restart or another kiosk cannot reset it. */
	if (failures >= lg->cfg->pin_attempts) {
		locked_until = clock_now() + lg->cfg->pin_lock_minutes * 60;
		failures = 0;
	}
	s = db_stmt(lg->db, "UPDATE member SET pin_failures = :f, locked_until = :l WHERE id = :id");
	db_bind_int(s, ":f", failures);
	db_bind_int(s, ":l", locked_until);
	db_bind_int(s, ":id", m->id);
	if ((st = db_run(s, err)) != JF_OK || ok)
		return st;
	if (locked_until)
		return jf_refuse(err, JF_AUTH, JF_R_LOCKED, (struct jf_why){ .num = { locked_until } },
				 "wrong PIN: this card is now locked after too many wrong PINs");
	return jf_refuse(err, JF_AUTH, JF_R_WRONG_PIN, (struct jf_why){ .num = { left } },
			 "wrong PIN (%lld more locks the card)", (long long)left);
}

static enum jf_status
check_pin_locked(struct ledger *lg, const char *card, const char *pin, struct jf_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct db_stmt *s;
	struct member m;
	enum jf_status st;
	int ok;

	if ((st = member_can_log_in(lg, card, &m, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT pin_hash FROM member WHERE id = :id");
	db_bind_int(s, ":id", m.id);
	if (db_step(s, err) != 1) {
		db_reset(s);
		return err ? err->status : JF_ERR;
	}
	snprintf(hash, sizeof hash, "%s", db_col_text(s, 0));
	db_reset(s);
	ok = parse_pin(pin, NULL) == JF_OK &&
	     crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
	return record_attempt(lg, &m, ok, err);
}

enum jf_status
member_check_pin(struct ledger *lg, const char *card, const char *pin, struct jf_error *err)
{
	enum jf_status st;

	if ((st = db_begin_write(lg->db, err)) != JF_OK)
		return st;
	st = check_pin_locked(lg, card, pin, err);
	/* A wrong PIN is still counted: commit unless the database itself failed. */
	if (st != JF_OK && st != JF_AUTH) {
		db_rollback(lg->db);
		return st;
	}
	if (db_commit(lg->db, err) != JF_OK)
		return err ? err->status : JF_ERR;
	return st;
}

static const char *const notice_names[NOTICE_MESSAGE_COUNT] = {
	[NOTICE_TEXT] = "",
	[NOTICE_DELIST_REFUND] = "delist_refund",
	[NOTICE_OUTAGE_RESTORED] = "outage_restored",
	[NOTICE_OUTAGE_EXTENDED] = "outage_extended",
};

const char *
notice_message_name(enum notice_message message)
{
	return (unsigned)message < NOTICE_MESSAGE_COUNT ? notice_names[message] : "";
}

/* A message this program does not know (a newer one wrote it) is shown as its text. */
static enum notice_message
notice_message_of(const char *name)
{
	for (int i = 1; i < NOTICE_MESSAGE_COUNT; i++)
		if (strcmp(name, notice_names[i]) == 0)
			return (enum notice_message)i;
	return NOTICE_TEXT;
}

enum jf_status
member_notices(struct ledger *lg, const char *card, int64_t since,
	       int (*fn)(const struct member_notice *n, void *ctx), void *ctx,
	       struct jf_error *err)
{
	struct member_notice n;
	struct db_stmt *s;
	int rc;

	s = db_stmt(lg->db, "SELECT n.id, n.created_at, n.kind, n.text, n.message, n.num1, "
			    "n.num2, n.num3, n.num4, n.text1, n.text2, n.text3 FROM notice n "
			    "JOIN member m ON m.id = n.member_id "
			    "WHERE m.card = :card AND n.seen = 0 AND n.created_at >= :since "
			    "ORDER BY n.created_at DESC, n.id DESC");
	db_bind_text(s, ":card", card);
	db_bind_int(s, ":since", since);
	while ((rc = db_step(s, err)) == 1) {
		n.id = db_col_int(s, 0);
		n.created_at = db_col_int(s, 1);
		n.kind = db_col_text(s, 2);
		n.text = db_col_text(s, 3);
		n.message = notice_message_of(db_col_text(s, 4));
		for (int i = 0; i < 4; i++)
			n.num[i] = db_col_int(s, 5 + i);
		for (int i = 0; i < 3; i++)
			n.param[i] = db_col_text(s, 9 + i);
		if (fn(&n, ctx))
			break;
	}
	db_reset(s);
	return rc < 0 ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
member_notices_seen(struct ledger *lg, const char *card, const int64_t *ids, size_t count,
		    struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	if (count == 0)
		return JF_OK;
	if ((st = db_begin_write(lg->db, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE notice SET seen = 1 WHERE id = :id AND seen = 0 "
			    "AND member_id = (SELECT id FROM member WHERE card = :card)");
	for (size_t i = 0; i < count && st == JF_OK; i++) {
		db_bind_int(s, ":id", ids[i]);
		db_bind_text(s, ":card", card);
		st = db_run(s, err);
	}
	if (st != JF_OK) {
		db_rollback(lg->db);
		return st;
	}
	return db_commit(lg->db, err);
}
