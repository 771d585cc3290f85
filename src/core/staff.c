/*
 * staff: the store's cashiers and managers, their PINs and what they may do.
 * The PIN hash and the lock-out rule are pin.c's, shared with members.
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "ledger_int.h"
#include "log.h"
#include "parse.h"
#include "pin.h"
#include "staff.h"

static const char *const role_names[] = { [STAFF_CASHIER] = "cashier",
					  [STAFF_MANAGER] = "manager" };

const char *
staff_role_name(enum staff_role role)
{
	return role == STAFF_MANAGER ? role_names[STAFF_MANAGER] : role_names[STAFF_CASHIER];
}

enum jf_status
staff_role_parse(const char *text, enum staff_role *role, struct jf_error *err)
{
	if (text && strcmp(text, "cashier") == 0)
		*role = STAFF_CASHIER;
	else if (text && strcmp(text, "manager") == 0)
		*role = STAFF_MANAGER;
	else
		return jf_fail(err, JF_USAGE, "role must be cashier or manager");
	return JF_OK;
}

static enum jf_status
unknown_staff(const char *id, struct jf_error *err)
{
	return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_STAFF, (struct jf_why){ .text = id },
			 "no staff member with id %s", id);
}

static enum jf_status
staff_disabled(enum jf_status status, const char *id, struct jf_error *err)
{
	return jf_refuse(err, status, JF_R_STAFF_DISABLED, (struct jf_why){ .text = id },
			 "staff member %s is disabled", id);
}

#define STAFF_COLUMNS                                                              \
	"SELECT id, card, name, role, disabled, pin_failures, locked_until, created_at " \
	"FROM staff "

static void
read_staff(struct db_stmt *s, struct staff *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->id, sizeof out->id, "%s", db_col_text(s, 0));
	snprintf(out->card, sizeof out->card, "%s", db_col_text(s, 1));
	snprintf(out->name, sizeof out->name, "%s", db_col_text(s, 2));
	out->role = db_col_int(s, 3) == STAFF_MANAGER ? STAFF_MANAGER : STAFF_CASHIER;
	out->disabled = db_col_int(s, 4) != 0;
	out->has_pin = 1; /* staff_add() needs one and nothing removes it */
	out->pin_failures = db_col_int(s, 5);
	out->locked_until = db_col_int(s, 6);
	out->created_at = db_col_int(s, 7);
}

/* The one row of s into *out, or JF_NOTFOUND (the caller says as what). */
static enum jf_status
one_staff(struct db_stmt *s, struct staff *out, struct jf_error *err)
{
	enum db_step_result rc = db_step(s, err);

	if (rc == DB_ROW)
		read_staff(s, out);
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	return rc == DB_ROW ? JF_OK : JF_NOTFOUND;
}

enum jf_status
staff_find(struct ledger *lg, const char *id, struct staff *out, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	if ((st = actor_check_id("staff id", id, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, STAFF_COLUMNS "WHERE id = :id");
	db_bind_text(s, ":id", id);
	st = one_staff(s, out, err);
	return st == JF_NOTFOUND ? unknown_staff(id, err) : st;
}

enum jf_status
staff_find_card(struct ledger *lg, const char *card, struct staff *out, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, STAFF_COLUMNS "WHERE card = :card");
	db_bind_text(s, ":card", card);
	st = one_staff(s, out, err);
	if (st == JF_NOTFOUND)
		return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_STAFF, (struct jf_why){ .text = card },
				 "no staff member has card %s", card);
	return st;
}

enum jf_status
staff_list(struct ledger *lg, int (*fn)(const struct staff *s, void *ctx), void *ctx,
	   struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, STAFF_COLUMNS "ORDER BY id");
	enum db_step_result rc;
	struct staff one;

	while ((rc = db_step(s, err)) == DB_ROW) {
		read_staff(s, &one);
		if (fn(&one, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

static enum jf_status
validate_new(struct ledger *lg, const struct staff_new *n, struct jf_error *err)
{
	enum jf_status st;

	if ((st = actor_check_id("staff id", n->id, err)) != JF_OK ||
	    (st = ledger_check_card(lg, n->card, err)) != JF_OK ||
	    (st = parse_name("name", n->name, err)) != JF_OK)
		return st;
	if (n->role != STAFF_CASHIER && n->role != STAFF_MANAGER)
		return jf_fail(err, JF_USAGE, "role must be cashier or manager");
	if (n->pin == NULL)
		return jf_fail(err, JF_USAGE, "a staff member needs a PIN");
	return parse_pin(n->pin, err);
}

static enum jf_status
insert_staff(struct ledger *lg, const struct staff_new *n, const char *hash, const char *actor,
	     struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT count(*) FROM staff WHERE id = :id");
	enum jf_status st;
	int64_t taken = 0;

	db_bind_text(s, ":id", n->id);
	if ((st = db_one_int(s, &taken, err)) != JF_OK)
		return st;
	if (taken)
		return jf_refuse(err, JF_CONFLICT, JF_R_STAFF_EXISTS, (struct jf_why){ .text = n->id },
				 "staff id %s is already taken", n->id);
	/* Members' cards, retired ones and other staff's: one card, one person. */
	if ((st = member_card_free(lg->db, n->card, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "INSERT INTO staff(id, card, name, role, pin_hash, created_at, "
			    "created_by, created_terminal, pin_set_at, pin_set_by, pin_set_terminal) "
			    "VALUES (:id, :card, :name, :role, :h, :now, :by, :terminal, :now, :by, "
			    ":terminal)");
	db_bind_text(s, ":id", n->id);
	db_bind_text(s, ":card", n->card);
	db_bind_text(s, ":name", n->name);
	db_bind_int(s, ":role", n->role);
	db_bind_text(s, ":h", hash);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	return db_run(s, err);
}

/* What one of the staff table's writes works on (ledger_write()'s ctx). */
struct staff_ctx {
	const char *id, *actor;
	const struct staff_new *n; /* add */
	const char *hash;          /* add, set PIN: the new PIN's hash */
	const char *pin;           /* check: the PIN typed */
	enum jf_status verdict;    /* check: JF_OK or JF_AUTH (in err) */
	int counted;               /* check: a wrong PIN was counted, as c says */
	struct pin_count c;
};

static enum jf_status
add_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct staff_ctx *sc = ctx;

	return insert_staff(lg, sc->n, sc->hash, sc->actor, err);
}

enum jf_status
staff_add(struct ledger *lg, const struct staff_new *n, struct jf_error *err)
{
	char hash[PIN_HASH_SIZE], actor[ACTOR_TEXT_SIZE];
	struct staff_ctx sc = { .actor = actor, .n = n, .hash = hash };
	enum jf_status st;

	if ((st = validate_new(lg, n, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a new staff member", actor, err)) != JF_OK)
		return st;
	/* Hash before taking the write lock: Argon2id is slow on purpose. */
	if ((st = pin_hash(n->pin, hash, err)) != JF_OK)
		return st;
	st = ledger_write(lg, add_once, &sc, err);
	sodium_memzero(hash, sizeof hash);
	return st;
}

enum jf_status
staff_census(struct ledger *lg, int64_t *staff, int64_t *managers, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT count(*) FROM staff");
	enum jf_status st;

	if ((st = db_one_int(s, staff, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT count(*) FROM staff WHERE role = 1 AND disabled = 0");
	return db_one_int(s, managers, err);
}

static enum jf_status
disable_locked(struct ledger *lg, void *ctx, struct jf_error *err)
{
	const struct staff_ctx *sc = ctx;
	const char *id = sc->id, *actor = sc->actor;
	struct staff s;
	struct db_stmt *q;
	enum jf_status st;
	int64_t staff = 0, managers = 0;

	if ((st = staff_find(lg, id, &s, err)) != JF_OK)
		return st;
	if (s.disabled)
		return staff_disabled(JF_CONFLICT, id, err);
	if ((st = staff_census(lg, &staff, &managers, err)) != JF_OK)
		return st;
	/* With no manager left, the ledger would be open to anyone again. */
	if (s.role == STAFF_MANAGER && managers <= 1)
		return jf_refuse(err, JF_CONFLICT, JF_R_LAST_MANAGER, (struct jf_why){ .text = id },
				 "%s is the last enabled manager", id);
	q = db_stmt(lg->db, "UPDATE staff SET disabled = 1, disabled_at = :now, disabled_by = :by, "
			    "disabled_terminal = :terminal WHERE id = :id");
	db_bind_int(q, ":now", clock_now());
	db_bind_text(q, ":by", actor);
	db_bind_text(q, ":terminal", lg->cfg->terminal);
	db_bind_text(q, ":id", id);
	return db_run(q, err);
}

enum jf_status
staff_disable(struct ledger *lg, const char *id, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct staff_ctx sc = { .id = id, .actor = actor };
	enum jf_status st;

	if ((st = actor_check_id("staff id", id, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a staff member disabled", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, disable_locked, &sc, err);
}

static enum jf_status
set_pin_locked(struct ledger *lg, void *ctx, struct jf_error *err)
{
	const struct staff_ctx *sc = ctx;
	const char *id = sc->id, *hash = sc->hash, *actor = sc->actor;
	struct staff s;
	struct db_stmt *q;
	enum jf_status st;

	if ((st = staff_find(lg, id, &s, err)) != JF_OK)
		return st;
	if (s.disabled)
		return staff_disabled(JF_AUTH, id, err);
	q = db_stmt(lg->db, "UPDATE staff SET pin_hash = :h, pin_failures = 0, locked_until = 0, "
			    "pin_set_at = :now, pin_set_by = :by, pin_set_terminal = :terminal "
			    "WHERE id = :id");
	db_bind_text(q, ":h", hash);
	db_bind_int(q, ":now", clock_now());
	db_bind_text(q, ":by", actor);
	db_bind_text(q, ":terminal", lg->cfg->terminal);
	db_bind_text(q, ":id", id);
	return db_run(q, err);
}

enum jf_status
staff_set_pin(struct ledger *lg, const char *id, const char *pin, struct jf_error *err)
{
	char hash[PIN_HASH_SIZE], actor[ACTOR_TEXT_SIZE];
	struct staff_ctx sc = { .id = id, .actor = actor, .hash = hash };
	enum jf_status st;

	if ((st = actor_check_id("staff id", id, err)) != JF_OK ||
	    (st = parse_pin(pin, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a staff PIN", actor, err)) != JF_OK ||
	    (st = pin_hash(pin, hash, err)) != JF_OK)
		return st;
	st = ledger_write(lg, set_pin_locked, &sc, err);
	sodium_memzero(hash, sizeof hash);
	return st;
}

enum jf_status
staff_can_act(struct ledger *lg, const char *id, struct staff *out, struct jf_error *err)
{
	enum jf_status st = staff_find(lg, id, out, err);

	if (st != JF_OK)
		return st;
	return out->disabled ? staff_disabled(JF_AUTH, id, err) : JF_OK;
}

/* Count the attempt, as member.c does for cards; the terminal says where.
 * A wrong PIN is kept in sc for its log line once the count is committed. */
static enum jf_status
record_attempt(struct ledger *lg, const struct staff *s, int ok, struct staff_ctx *sc,
	       struct jf_error *err)
{
	struct db_stmt *q;
	struct pin_count c;
	enum jf_status st;

	pin_count_attempt(lg->cfg, s->pin_failures, ok, &c);
	q = db_stmt(lg->db, "UPDATE staff SET pin_failures = :f, locked_until = :l, "
			    "pin_failed_at = CASE WHEN :wrong = 1 THEN :now ELSE pin_failed_at END, "
			    "pin_failed_terminal = CASE WHEN :wrong = 1 THEN :terminal "
			    "ELSE pin_failed_terminal END, "
			    "locked_at = CASE WHEN CAST(:l AS BIGINT) <> 0 THEN :now ELSE locked_at END, "
			    "locked_terminal = CASE WHEN CAST(:l AS BIGINT) <> 0 THEN :terminal ELSE locked_terminal END "
			    "WHERE id = :id");
	pin_bind_attempt(q, &c, ok, lg->cfg->terminal);
	db_bind_text(q, ":id", s->id);
	if ((st = db_run(q, err)) != JF_OK || ok)
		return st;
	sc->counted = 1;
	sc->c = c;
	return pin_refuse_wrong(&c, s->id, err);
}

/* The log line of a wrong PIN that was counted (record_attempt). */
static void
log_wrong_pin(struct ledger *lg, const char *id, const struct pin_count *c)
{
	if (c->locked_until)
		log_ledger(lg, LOG_CLASS_AUTH, "lock_out", "staff=%s minutes=%lld", id,
			   (long long)lg->cfg->pin_lock_minutes);
	else
		log_ledger(lg, LOG_CLASS_AUTH, "wrong_pin", "staff=%s left=%lld", id,
			   (long long)c->left);
}

static enum jf_status
check_pin_locked(struct ledger *lg, struct staff_ctx *sc, struct jf_error *err)
{
	const char *id = sc->id, *pin = sc->pin;
	char hash[PIN_HASH_SIZE];
	struct db_stmt *q;
	struct staff s;
	enum jf_status st;

	if ((st = staff_can_act(lg, id, &s, err)) != JF_OK ||
	    (st = pin_check_unlocked(s.locked_until, id, err)) != JF_OK)
		return st;
	q = db_stmt(lg->db, "SELECT pin_hash FROM staff WHERE id = :id");
	db_bind_text(q, ":id", id);
	if (db_step(q, err) != DB_ROW) {
		db_reset(q);
		return err ? err->status : JF_ERR;
	}
	snprintf(hash, sizeof hash, "%s", db_col_text(q, 0));
	db_reset(q);
	return record_attempt(lg, &s, pin_matches(hash, pin), sc, err);
}

static enum jf_status
check_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct staff_ctx *sc = ctx;

	sc->counted = 0;
	sc->verdict = check_pin_locked(lg, sc, err);
	/* A wrong PIN is still counted: commit unless the database itself failed. */
	return sc->verdict == JF_AUTH ? JF_OK : sc->verdict;
}

enum jf_status
staff_check_pin(struct ledger *lg, const char *id, const char *pin, struct jf_error *err)
{
	struct staff_ctx sc = { .id = id, .pin = pin };
	enum jf_status st;

	if ((st = actor_check_id("staff id", id, err)) != JF_OK ||
	    (st = ledger_write(lg, check_once, &sc, err)) != JF_OK)
		return st;
	if (sc.counted)
		log_wrong_pin(lg, id, &sc.c);
	return sc.verdict;
}

/* Is the action what in the set (settings.h's bits)? A name no list knows
 * is a bug of the caller, never a permission. */
static enum jf_status
action_in(unsigned set, const char *what, int *yes, struct jf_error *err)
{
	int action = what ? settings_action_find(what) : -1;

	if (action < 0)
		return jf_fail(err, JF_ERR, "bug: unknown staff action '%s'", what ? what : "");
	*yes = (set >> action) & 1u;
	return JF_OK;
}

enum jf_status
staff_may(const struct ledger *lg, const struct staff *s, const char *what, struct jf_error *err)
{
	enum jf_status st;
	int manager_only = 0;

	if (s->disabled)
		return staff_disabled(JF_AUTH, s->id, err);
	if ((st = action_in(lg->cfg->manager_only, what, &manager_only, err)) != JF_OK)
		return st;
	if (manager_only && s->role != STAFF_MANAGER)
		return jf_refuse(err, JF_AUTH, JF_R_MANAGER_ONLY, (struct jf_why){ .text = what },
				 "only a manager may do this (%s); %s is a cashier", what, s->id);
	return JF_OK;
}

/* Does what need a staff member with their PIN now (the bootstrapping rule)? */
static enum jf_status
needs_pin(struct ledger *lg, const char *what, int64_t managers, int *yes,
	  struct jf_error *err)
{
	enum jf_status st;
	int listed = 0, pin_listed = 0;

	*yes = 0;
	if (what == NULL || managers == 0)
		return JF_OK;
	if ((st = action_in(lg->cfg->manager_only, what, &listed, err)) != JF_OK ||
	    (st = action_in(lg->cfg->pin_required, what, &pin_listed, err)) != JF_OK)
		return st;
	*yes = listed || pin_listed;
	return JF_OK;
}

enum jf_status
staff_authorize(struct ledger *lg, const char *what, const char *id, const char *pin,
		struct jf_error *err)
{
	int64_t staff = 0, managers = 0;
	struct staff s;
	enum jf_status st;
	int need = 0;

	if ((st = staff_census(lg, &staff, &managers, err)) != JF_OK ||
	    (st = needs_pin(lg, what, managers, &need, err)) != JF_OK)
		return st;
	if (need && (id == NULL || pin == NULL))
		return jf_refuse(err, JF_AUTH, JF_R_STAFF_PIN_REQUIRED, (struct jf_why){ .text = what },
				 "%s needs a staff member who may do it, with their PIN", what);
	/* A ledger without staff takes an id as given, as before staff existed. */
	if (id == NULL || (staff == 0 && pin == NULL))
		return JF_OK;
	if ((st = staff_can_act(lg, id, &s, err)) != JF_OK ||
	    (what && (st = staff_may(lg, &s, what, err)) != JF_OK))
		return st;
	return pin ? staff_check_pin(lg, id, pin, err) : JF_OK;
}
