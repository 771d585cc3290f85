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
#include "log.h"
#include "member.h"
#include "member_int.h"
#include "parse.h"
#include "pin.h"

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

/* A card may be given to a member only if no member has it and none ever
 * had it: a retired card that worked again would reach someone else's points. */
enum jf_status
member_card_free(struct db *db, const char *card, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT count(*) FROM member WHERE card = :card");
	enum jf_status st;
	int64_t n = 0;

	db_bind_text(s, ":card", card);
	if ((st = db_one_int(s, &n, err)) != JF_OK)
		return st;
	if (n > 0)
		return jf_refuse(err, JF_CONFLICT, JF_R_CARD_TAKEN, (struct jf_why){ .text = card },
				 "card %s already belongs to a member", card);
	s = db_stmt(db, "SELECT count(*) FROM card_change WHERE old_card = :card");
	db_bind_text(s, ":card", card);
	if ((st = db_one_int(s, &n, err)) != JF_OK)
		return st;
	if (n > 0)
		return jf_refuse(err, JF_CONFLICT, JF_R_CARD_RETIRED, (struct jf_why){ .text = card },
				 "card %s was replaced and can never be given again", card);
	/* A card that found both a member and a staff member would log in the wrong person. */
	s = db_stmt(db, "SELECT count(*) FROM staff WHERE card = :card");
	db_bind_text(s, ":card", card);
	if ((st = db_one_int(s, &n, err)) != JF_OK)
		return st;
	if (n > 0)
		return jf_refuse(err, JF_CONFLICT, JF_R_STAFF_CARD, (struct jf_why){ .text = card },
				 "card %s is a staff member's card", card);
	return JF_OK;
}

static enum jf_status
insert_member(struct ledger *lg, const struct member_new *m, const char *pin_hash,
	      struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;
	int64_t id = 0;

	if ((st = ledger_actor_text(lg, "a new member", actor, err)) != JF_OK ||
	    (st = member_card_free(lg->db, m->card, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO member(card, name, birthday, phone, pin_hash, created_at, "
			    "created_by, created_terminal, pin_set_at, pin_set_by, pin_set_terminal) "
			    "VALUES (:card, :name, :bday, :phone, :pin, :now, :by, :terminal, "
			    ":pin_at, :pin_by, :pin_terminal) RETURNING id");
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	/* A PIN given at sign-up was set by whoever signed the member up. */
	db_bind_int(s, ":pin_at", pin_hash ? clock_now() : 0);
	db_bind_text(s, ":pin_by", pin_hash ? actor : "");
	db_bind_text(s, ":pin_terminal", pin_hash ? lg->cfg->terminal : "");
	db_bind_text(s, ":card", m->card);
	db_bind_text(s, ":name", m->name);
	db_bind_text(s, ":bday", m->birthday);
	db_bind_text(s, ":phone", m->phone);
	db_bind_text(s, ":pin", pin_hash);
	db_bind_int(s, ":now", clock_now());
	if ((st = db_one_int(s, &id, err)) != JF_OK)
		return st;
	return account_create_member(lg->db, id, m->card, err);
}

struct add_ctx {
	const struct member_new *m;
	const char *pin_hash; /* NULL: no PIN */
};

static enum jf_status
add_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct add_ctx *ac = ctx;

	return insert_member(lg, ac->m, ac->pin_hash, err);
}

enum jf_status
member_add(struct ledger *lg, const struct member_new *m, struct jf_error *err)
{
	char hash[PIN_HASH_SIZE];
	struct add_ctx ac = { m, m->pin ? hash : NULL };
	enum jf_status st;

	if ((st = validate_new(lg, m, err)) != JF_OK)
		return st;
	/* Hash before taking the write lock: Argon2id is slow on purpose. */
	if (m->pin && (st = pin_hash(m->pin, hash, err)) != JF_OK)
		return st;
	st = ledger_write(lg, add_once, &ac, err);
	sodium_memzero(hash, sizeof hash);
	return st;
}

#define MEMBER_COLUMNS                                                                     \
	"SELECT m.id, m.card, m.name, coalesce(m.birthday, ''), coalesce(m.phone, ''), "   \
	"coalesce(f.name, ''), CASE WHEN m.pin_hash IS NULL THEN 0 ELSE 1 END, "             \
	"m.pin_failures, m.locked_until, "                                                  \
	"m.created_at, m.created_by, m.created_terminal, m.family_at, m.family_by, "         \
	"m.family_terminal, m.pin_set_at, m.pin_set_by, m.pin_set_terminal, "                \
	"m.pin_failed_at, m.pin_failed_terminal, m.locked_at, m.locked_terminal, "           \
	"m.erased_at, m.erased_by, m.erased_terminal "                                      \
	"FROM member m LEFT JOIN family f ON f.id = m.family_id "

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
	snprintf(out->created_by, sizeof out->created_by, "%s", db_col_text(s, 10));
	snprintf(out->created_terminal, sizeof out->created_terminal, "%s", db_col_text(s, 11));
	out->family_at = db_col_int(s, 12);
	snprintf(out->family_by, sizeof out->family_by, "%s", db_col_text(s, 13));
	snprintf(out->family_terminal, sizeof out->family_terminal, "%s", db_col_text(s, 14));
	out->pin_set_at = db_col_int(s, 15);
	snprintf(out->pin_set_by, sizeof out->pin_set_by, "%s", db_col_text(s, 16));
	snprintf(out->pin_set_terminal, sizeof out->pin_set_terminal, "%s", db_col_text(s, 17));
	out->pin_failed_at = db_col_int(s, 18);
	snprintf(out->pin_failed_terminal, sizeof out->pin_failed_terminal, "%s",
		 db_col_text(s, 19));
	out->locked_at = db_col_int(s, 20);
	snprintf(out->locked_terminal, sizeof out->locked_terminal, "%s", db_col_text(s, 21));
	out->erased_at = db_col_int(s, 22);
	snprintf(out->erased_by, sizeof out->erased_by, "%s", db_col_text(s, 23));
	snprintf(out->erased_terminal, sizeof out->erased_terminal, "%s", db_col_text(s, 24));
}

/* Hand each member row of s to fn until it returns nonzero. */
static enum jf_status
each_member(struct db_stmt *s, int (*fn)(const struct member *m, void *ctx), void *ctx,
	    struct jf_error *err)
{
	struct member m;
	enum db_step_result rc;

	while ((rc = db_step(s, err)) == DB_ROW) {
		read_member(s, &m);
		if (fn(&m, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
member_find(struct ledger *lg, const char *card, struct member *out, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;
	enum db_step_result rc;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, MEMBER_COLUMNS "WHERE m.card = :card");
	db_bind_text(s, ":card", card);
	rc = db_step(s, err);
	if (rc != DB_ROW) {
		db_reset(s);
		return rc == DB_ERROR ? (err ? err->status : JF_ERR) : account_card_missing(lg->db, card, err);
	}
	read_member(s, out);
	db_reset(s);
	return JF_OK;
}

enum jf_status
member_find_phone(struct ledger *lg, const char *phone,
		  int (*fn)(const struct member *m, void *ctx), void *ctx, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	if ((st = parse_phone(phone, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, MEMBER_COLUMNS "WHERE m.phone = :phone ORDER BY m.card");
	db_bind_text(s, ":phone", phone);
	return each_member(s, fn, ctx, err);
}

enum jf_status
member_find_name(struct ledger *lg, const char *text,
		 int (*fn)(const struct member *m, void *ctx), void *ctx, struct jf_error *err)
{
	char pattern[2 * MEMBER_NAME_SIZE + 2], *p = pattern;
	struct db_stmt *s;
	enum jf_status st;

	if ((st = parse_name("name", text, err)) != JF_OK)
		return st;
	/* The text is matched as it is: % and _ are escaped, not wildcards. */
	*p++ = '%';
	for (const char *c = text; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*p++ = '\\';
		*p++ = *c;
	}
	*p++ = '%';
	*p = '\0';
	s = db_stmt(lg->db, MEMBER_COLUMNS "WHERE m.erased_at = 0 "
			    "AND lower(m.name) LIKE lower(:p) ESCAPE '\\' ORDER BY m.card");
	db_bind_text(s, ":p", pattern);
	return each_member(s, fn, ctx, err);
}

enum jf_status
member_record_event(struct ledger *lg, int64_t member_id, const char *action,
		    const char *detail, const char *actor, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "INSERT INTO member_event(member_id, ts, action, "
					    "detail, actor, terminal) VALUES (:m, :now, :action, "
					    ":detail, :actor, :terminal)");

	db_bind_int(s, ":m", member_id);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":action", action);
	db_bind_text(s, ":detail", detail);
	db_bind_text(s, ":actor", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	return db_run(s, err);
}

enum jf_status
member_events(struct ledger *lg, const char *card,
	      int (*fn)(const struct member_event *ev, void *ctx), void *ctx,
	      struct jf_error *err)
{
	struct member_event ev;
	struct db_stmt *s;
	enum db_step_result rc;

	s = db_stmt(lg->db, "SELECT e.id, e.ts, e.action, e.detail, e.actor, e.terminal "
			    "FROM member_event e JOIN member m ON m.id = e.member_id "
			    "WHERE m.card = :card ORDER BY e.id");
	db_bind_text(s, ":card", card);
	while ((rc = db_step(s, err)) == DB_ROW) {
		ev.id = db_col_int(s, 0);
		ev.at = db_col_int(s, 1);
		ev.action = db_col_text(s, 2);
		ev.detail = db_col_text(s, 3);
		ev.actor = db_col_text(s, 4);
		ev.terminal = db_col_text(s, 5);
		if (fn(&ev, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
member_card_changes(struct ledger *lg, const char *card,
		    int (*fn)(const struct member_card_change *c, void *ctx), void *ctx,
		    struct jf_error *err)
{
	struct member_card_change c;
	struct db_stmt *s;
	enum db_step_result rc;

	s = db_stmt(lg->db, "SELECT c.ts, c.old_card, c.new_card, c.actor, c.terminal "
			    "FROM card_change c JOIN member m ON m.id = c.member_id "
			    "WHERE m.card = :card ORDER BY c.id");
	db_bind_text(s, ":card", card);
	while ((rc = db_step(s, err)) == DB_ROW) {
		c.at = db_col_int(s, 0);
		c.old_card = db_col_text(s, 1);
		c.new_card = db_col_text(s, 2);
		c.actor = db_col_text(s, 3);
		c.terminal = db_col_text(s, 4);
		if (fn(&c, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

static enum jf_status
record_change(struct ledger *lg, int64_t member_id, const char *old_card, const char *new_card,
	      const char *actor, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	s = db_stmt(lg->db, "UPDATE member SET card = :new WHERE id = :id");
	db_bind_text(s, ":new", new_card);
	db_bind_int(s, ":id", member_id);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO card_change(member_id, old_card, new_card, ts, actor, "
			    "terminal) VALUES (:m, :old, :new, :now, :actor, :terminal)");
	db_bind_int(s, ":m", member_id);
	db_bind_text(s, ":old", old_card);
	db_bind_text(s, ":new", new_card);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":actor", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	return db_run(s, err);
}

static enum jf_status
change_card_locked(struct ledger *lg, const char *old_card, const char *new_card,
		   const char *actor, struct member *out, struct jf_error *err)
{
	enum jf_status st;

	if ((st = member_find(lg, old_card, out, err)) != JF_OK ||
	    (st = member_card_free(lg->db, new_card, err)) != JF_OK ||
	    (st = record_change(lg, out->id, old_card, new_card, actor, err)) != JF_OK)
		return st;
	return member_find(lg, new_card, out, err);
}

struct card_ctx {
	const char *old_card, *new_card, *actor;
	struct member *out;
};

static enum jf_status
card_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct card_ctx *cc = ctx;

	memset(cc->out, 0, sizeof *cc->out);
	return change_card_locked(lg, cc->old_card, cc->new_card, cc->actor, cc->out, err);
}

enum jf_status
member_change_card(struct ledger *lg, const char *old_card, const char *new_card,
		   struct member *out, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct card_ctx cc;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = ledger_check_card(lg, old_card, err)) != JF_OK ||
	    (st = ledger_check_card(lg, new_card, err)) != JF_OK)
		return st;
	if (strcmp(old_card, new_card) == 0)
		return jf_fail(err, JF_USAGE, "the new card is the old card %s", old_card);
	/* Refused before the write lock: nobody acting is a bug, not a wait. */
	if ((st = ledger_actor_text(lg, "a card change", actor, err)) != JF_OK)
		return st;
	cc = (struct card_ctx){ old_card, new_card, actor, out };
	return ledger_write(lg, card_once, &cc, err);
}

void
member_mask_phone(const char *phone, char *out, size_t size)
{
	size_t digits = 0, seen = 0, n = 0, head, tail;

	if (size == 0)
		return;
	for (const char *p = phone; *p; p++)
		digits += *p >= '0' && *p <= '9';
	head = digits >= 8 ? 3 : 0;
	tail = digits >= 8 ? 4 : digits >= 4 ? 2 : 0;
	for (const char *p = phone; *p && n + 1 < size; p++) {
		int digit = *p >= '0' && *p <= '9';

		if (digit)
			seen++;
		/* Anything that is not a digit or a separator is masked too. */
		if (!digit && strchr("+- ", *p))
			out[n++] = *p;
		else if (digit && (seen <= head || seen > digits - tail))
			out[n++] = *p;
		else
			out[n++] = '*';
	}
	out[n] = '\0';
}

enum jf_status
member_list(struct ledger *lg, int (*fn)(const struct member *m, void *ctx), void *ctx,
	    struct jf_error *err)
{
	return each_member(db_stmt(lg->db, MEMBER_COLUMNS "ORDER BY m.card"), fn, ctx, err);
}

struct set_pin_ctx {
	const char *card, *hash, *actor;
};

static enum jf_status
set_pin_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct set_pin_ctx *pc = ctx;
	struct db_stmt *s;
	struct member m = { 0 };
	enum jf_status st;

	st = member_find(lg, pc->card, &m, err);
	s = db_stmt(lg->db, "UPDATE member SET pin_hash = :h, pin_failures = 0, locked_until = 0, "
			    "pin_set_at = :now, pin_set_by = :by, pin_set_terminal = :terminal "
			    "WHERE id = :id");
	db_bind_text(s, ":h", pc->hash);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", pc->actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	db_bind_int(s, ":id", m.id);
	if (st == JF_OK)
		st = db_run(s, err);
	else
		db_reset(s);
	if (st == JF_OK)
		st = member_record_event(lg, m.id, "pin", "", pc->actor, err);
	return st;
}

enum jf_status
member_set_pin(struct ledger *lg, const char *card, const char *pin, struct jf_error *err)
{
	char hash[PIN_HASH_SIZE], actor[ACTOR_TEXT_SIZE];
	struct set_pin_ctx pc = { card, hash, actor };
	enum jf_status st;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK || (st = parse_pin(pin, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a PIN", actor, err)) != JF_OK ||
	    (st = pin_hash(pin, hash, err)) != JF_OK)
		return st;
	st = ledger_write(lg, set_pin_once, &pc, err);
	sodium_memzero(hash, sizeof hash);
	return st;
}

/* The one rule of who may type a PIN now: a member with a PIN, not locked. */
static enum jf_status
check_can_log_in(const struct member *m, struct jf_error *err)
{
	if (!m->has_pin)
		return jf_refuse(err, JF_AUTH, JF_R_NO_PIN, (struct jf_why){ .text = NULL },
				 "no PIN is set for this card: please ask at the counter");
	return pin_check_unlocked(m->locked_until, NULL, err);
}

enum jf_status
member_can_log_in(struct ledger *lg, const char *card, struct member *out, struct jf_error *err)
{
	enum jf_status st = member_find(lg, card, out, err);

	return st != JF_OK ? st : check_can_log_in(out, err);
}

/* A wrong PIN that was counted, for its log line once the count is
 * committed (a write that is run again logs it once). */
struct wrong_pin {
	int counted;
	struct pin_count c;
};

/* Count the attempt; a wrong PIN is refused with the tries left, or with
 * the lock it has just set off, and kept in *wrong. */
static enum jf_status
record_attempt(struct ledger *lg, const struct member *m, int ok, struct wrong_pin *wrong,
	       struct jf_error *err)
{
	struct db_stmt *s;
	struct pin_count c;
	enum jf_status st;

	/* The count lives in the ledger, so a restart or another kiosk cannot reset it. */
	pin_count_attempt(lg->cfg, m->pin_failures, ok, &c);
	/* The person typing is nobody yet: the terminal says where it came from.
	 * A right PIN only clears the count; the last lock-out stays on record. */
	s = db_stmt(lg->db, "UPDATE member SET pin_failures = :f, locked_until = :l, "
			    "pin_failed_at = CASE WHEN :wrong = 1 THEN :now ELSE pin_failed_at END, "
			    "pin_failed_terminal = CASE WHEN :wrong = 1 THEN :terminal "
			    "ELSE pin_failed_terminal END, "
			    "locked_at = CASE WHEN CAST(:l AS BIGINT) <> 0 THEN :now ELSE locked_at END, "
			    "locked_terminal = CASE WHEN CAST(:l AS BIGINT) <> 0 THEN :terminal ELSE locked_terminal END "
			    "WHERE id = :id");
	pin_bind_attempt(s, &c, ok, lg->cfg->terminal);
	db_bind_int(s, ":id", m->id);
	if ((st = db_run(s, err)) != JF_OK || ok)
		return st;
	wrong->counted = 1;
	wrong->c = c;
	return pin_refuse_wrong(&c, NULL, err);
}

/* The log line of a wrong PIN that was counted (record_attempt). */
static void
log_wrong_pin(struct ledger *lg, const char *card, const struct pin_count *c)
{
	if (c->locked_until)
		log_ledger(lg, LOG_CLASS_AUTH, "lock_out", "card=%s minutes=%lld", card,
			   (long long)lg->cfg->pin_lock_minutes);
	else
		log_ledger(lg, LOG_CLASS_AUTH, "wrong_pin", "card=%s left=%lld", card,
			   (long long)c->left);
}

static enum jf_status
check_pin_locked(struct ledger *lg, const char *card, const char *pin, struct wrong_pin *wrong,
		 struct jf_error *err)
{
	char hash[PIN_HASH_SIZE];
	struct db_stmt *s;
	struct member m;
	enum jf_status st;
	int ok;

	if ((st = member_can_log_in(lg, card, &m, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT pin_hash FROM member WHERE id = :id");
	db_bind_int(s, ":id", m.id);
	if (db_step(s, err) != DB_ROW) {
		db_reset(s);
		return err ? err->status : JF_ERR;
	}
	snprintf(hash, sizeof hash, "%s", db_col_text(s, 0));
	db_reset(s);
	ok = pin_matches(hash, pin);
	return record_attempt(lg, &m, ok, wrong, err);
}

struct check_ctx {
	const char *card, *pin;
	enum jf_status verdict; /* JF_OK or JF_AUTH (in err) */
	struct wrong_pin wrong;
};

static enum jf_status
check_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct check_ctx *cc = ctx;

	memset(&cc->wrong, 0, sizeof cc->wrong);
	cc->verdict = check_pin_locked(lg, cc->card, cc->pin, &cc->wrong, err);
	/* A wrong PIN is still counted: commit unless the database itself failed. */
	return cc->verdict == JF_AUTH ? JF_OK : cc->verdict;
}

enum jf_status
member_check_pin(struct ledger *lg, const char *card, const char *pin, struct jf_error *err)
{
	struct check_ctx cc = { card, pin, JF_OK, { 0, { 0, 0, 0 } } };
	enum jf_status st;

	if ((st = ledger_write(lg, check_once, &cc, err)) != JF_OK)
		return st;
	if (cc.wrong.counted)
		log_wrong_pin(lg, card, &cc.wrong.c);
	return cc.verdict;
}

static const char *const notice_names[NOTICE_MESSAGE_COUNT] = {
	[NOTICE_TEXT] = "",
	[NOTICE_DELIST_REFUND] = "delist_refund",
	[NOTICE_OUTAGE_RESTORED] = "outage_restored",
	[NOTICE_OUTAGE_EXTENDED] = "outage_extended",
	[NOTICE_TIER_CHANGE] = "tier_change",
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
	enum db_step_result rc;

	s = db_stmt(lg->db, "SELECT n.id, n.created_at, n.kind, n.text, n.message, n.num1, "
			    "n.num2, n.num3, n.num4, n.text1, n.text2, n.text3 FROM notice n "
			    "JOIN member m ON m.id = n.member_id "
			    "WHERE m.card = :card AND n.seen = 0 AND n.created_at >= :since "
			    "ORDER BY n.created_at DESC, n.id DESC");
	db_bind_text(s, ":card", card);
	db_bind_int(s, ":since", since);
	while ((rc = db_step(s, err)) == DB_ROW) {
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
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

struct seen_ctx {
	const char *card, *actor;
	const int64_t *ids;
	size_t count;
};

static enum jf_status
seen_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct seen_ctx *sc = ctx;
	struct db_stmt *s;
	enum jf_status st = JF_OK;

	s = db_stmt(lg->db, "UPDATE notice SET seen = 1, seen_at = :now, seen_by = :by, "
			    "seen_terminal = :terminal WHERE id = :id AND seen = 0 "
			    "AND member_id = (SELECT id FROM member WHERE card = :card)");
	for (size_t i = 0; i < sc->count && st == JF_OK; i++) {
		db_bind_int(s, ":id", sc->ids[i]);
		db_bind_text(s, ":card", sc->card);
		db_bind_int(s, ":now", clock_now());
		db_bind_text(s, ":by", sc->actor);
		db_bind_text(s, ":terminal", lg->cfg->terminal);
		st = db_run(s, err);
	}
	return st;
}

enum jf_status
member_notices_seen(struct ledger *lg, const char *card, const int64_t *ids, size_t count,
		    struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct seen_ctx sc = { card, actor, ids, count };
	enum jf_status st;

	if (count == 0)
		return JF_OK;
	if ((st = ledger_actor_text(lg, "a notice seen", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, seen_once, &sc, err);
}
