/*
 * member_desk: what the counter does to a member's record: clear a
 * lock-out, correct details, erase personal data at the member's request.
 * Each is one write transaction, recorded in the member's row where it has
 * a column and in member_event (member_int.h) always.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "ledger_int.h"
#include "member.h"
#include "member_int.h"
#include "parse.h"

/* What one of the desk's writes works on (ledger_write()'s ctx). */
struct desk_ctx {
	const char *card;
	const char *actor;
	const struct member_edit *e; /* edit only */
	struct member *out;          /* edit only; may be NULL */
};

/* An erased member's data is never taken back in, nor erased twice. */
static enum jf_status
refuse_erased(const struct member *m, struct jf_error *err)
{
	if (m->erased_at == 0)
		return JF_OK;
	return jf_refuse(err, JF_CONFLICT, JF_R_ERASED,
			 (struct jf_why){ .num = { m->erased_at }, .text = m->card },
			 "the personal data of card %s was erased", m->card);
}

static enum jf_status
unlock_locked(struct ledger *lg, void *ctx, struct jf_error *err)
{
	const struct desk_ctx *dc = ctx;
	const char *card = dc->card, *actor = dc->actor;
	struct member m;
	struct db_stmt *s;
	enum jf_status st;

	if ((st = member_find(lg, card, &m, err)) != JF_OK)
		return st;
	/* locked_at and its terminal stay: the last lock-out is on record. */
	s = db_stmt(lg->db, "UPDATE member SET pin_failures = 0, locked_until = 0 WHERE id = :id");
	db_bind_int(s, ":id", m.id);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	return member_record_event(lg, m.id, "unlock", "", actor, err);
}

enum jf_status
member_unlock(struct ledger *lg, const char *card, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct desk_ctx dc = { card, actor, NULL, NULL };
	enum jf_status st;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "an unlock", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, unlock_locked, &dc, err);
}

/* ---- edit ---- */

static enum jf_status
validate_edit(const struct member_edit *e, struct jf_error *err)
{
	enum jf_status st;

	if (!e->name && !e->phone && !e->birthday)
		return jf_fail(err, JF_USAGE, "nothing to change: give a name, phone or birthday");
	if (e->name && (st = parse_name("name", e->name, err)) != JF_OK)
		return st;
	if (e->phone && e->phone[0] && (st = parse_phone(e->phone, err)) != JF_OK)
		return st;
	if (e->birthday && e->birthday[0]) {
		char today[CLOCK_DATE_LEN];

		if ((st = parse_date(e->birthday, err)) != JF_OK)
			return st;
		ledger_today(today);
		if (strcmp(e->birthday, today) > 0)
			return jf_fail(err, JF_USAGE, "birthday %s is in the future", e->birthday);
	}
	return JF_OK;
}

/* Append field to the list in fields ("name,phone") if it changes. */
static void
note_field(char *fields, size_t size, const char *field, const char *given, const char *now)
{
	size_t n = strlen(fields);

	if (given == NULL || strcmp(given, now) == 0)
		return;
	snprintf(fields + n, size - n, "%s%s", n ? "," : "", field);
}

/* "" becomes NULL: a removed phone or birthday is no value at all. */
static const char *
or_null(const char *given, const char *now)
{
	const char *v = given ? given : now;

	return v[0] ? v : NULL;
}

static enum jf_status
edit_locked(struct ledger *lg, void *ctx, struct jf_error *err)
{
	const struct desk_ctx *dc = ctx;
	const char *card = dc->card, *actor = dc->actor;
	const struct member_edit *e = dc->e;
	struct member *out = dc->out;
	char fields[32] = "";
	struct member m;
	struct db_stmt *s;
	enum jf_status st;

	if ((st = member_find(lg, card, &m, err)) != JF_OK || (st = refuse_erased(&m, err)) != JF_OK)
		return st;
	note_field(fields, sizeof fields, "name", e->name, m.name);
	note_field(fields, sizeof fields, "phone", e->phone, m.phone);
	note_field(fields, sizeof fields, "birthday", e->birthday, m.birthday);
	if (fields[0] == '\0') /* nothing differs: nothing to record */
		return out ? member_find(lg, card, out, err) : JF_OK;
	s = db_stmt(lg->db, "UPDATE member SET name = :name, phone = :phone, birthday = :bday "
			    "WHERE id = :id");
	db_bind_text(s, ":name", e->name ? e->name : m.name);
	db_bind_text(s, ":phone", or_null(e->phone, m.phone));
	db_bind_text(s, ":bday", or_null(e->birthday, m.birthday));
	db_bind_int(s, ":id", m.id);
	if ((st = db_run(s, err)) != JF_OK ||
	    (st = member_record_event(lg, m.id, "edit", fields, actor, err)) != JF_OK)
		return st;
	return out ? member_find(lg, card, out, err) : JF_OK;
}

enum jf_status
member_edit(struct ledger *lg, const char *card, const struct member_edit *e,
	    struct member *out, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct desk_ctx dc = { card, actor, e, out };
	enum jf_status st;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = validate_edit(e, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "an edit", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, edit_locked, &dc, err);
}

/* ---- erase ---- */

static enum jf_status
erase_locked(struct ledger *lg, void *ctx, struct jf_error *err)
{
	const struct desk_ctx *dc = ctx;
	const char *card = dc->card, *actor = dc->actor;
	struct member m;
	struct db_stmt *s;
	enum jf_status st;

	if ((st = member_find(lg, card, &m, err)) != JF_OK || (st = refuse_erased(&m, err)) != JF_OK)
		return st;
	/* A PIN's hash goes with the rest; the last PIN set stays as a fact
	 * (who, when, where), which names no one but staff and terminals. */
	s = db_stmt(lg->db, "UPDATE member SET name = :placeholder, phone = NULL, birthday = NULL, "
			    "pin_hash = NULL, pin_failures = 0, locked_until = 0, "
			    "erased_at = :now, erased_by = :by, erased_terminal = :terminal "
			    "WHERE id = :id");
	db_bind_text(s, ":placeholder", MEMBER_ERASED_NAME);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	db_bind_int(s, ":id", m.id);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	return member_record_event(lg, m.id, "erase", "", actor, err);
}

enum jf_status
member_erase(struct ledger *lg, const char *card, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct desk_ctx dc = { card, actor, NULL, NULL };
	enum jf_status st;
	int complete;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "an erasure", actor, err)) != JF_OK ||
	    (st = db_secure_delete(lg->db, err)) != JF_OK ||
	    (st = ledger_write(lg, erase_locked, &dc, err)) != JF_OK)
		return st;
	/* The erasure is committed whatever comes next: old copies of its pages
	 * beside the file go now if no reader holds them, else (or if this
	 * fails) at a later checkpoint, which SQLite makes on its own. */
	(void)db_scrub(lg->db, &complete, NULL);
	return JF_OK;
}
