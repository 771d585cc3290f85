/* family: families of members sharing green points. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "family.h"
#include "ledger_int.h"
#include "member.h"
#include "member_int.h"
#include "parse.h"

static enum jf_status
family_id(struct db *db, const char *name, int64_t *id, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT id FROM family WHERE name = :n");
	enum jf_status st;

	db_bind_text(s, ":n", name);
	st = db_one_int(s, id, err);
	if (st == JF_NOTFOUND)
		return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_FAMILY, (struct jf_why){ .text = name },
				 "no family named %s", name);
	return st;
}

/*
 * Every change of a family's members changes the family's row, as a change
 * of its owner does: that row orders two stores changing one family at
 * once. Without it, under REPEATABLE READ (DESIGN.md "The stores of a
 * chain") a member could leave while another store made them the owner,
 * each seeing the family as it was, and the family would be left with an
 * owner outside it; or a member could join a family its last member was
 * dissolving. The later of the two is run again (JF_RETRY) and sees what
 * the first did. The same member joining two families, or created as the
 * owner of two, is ordered by the member's own row, which both change.
 */
static enum jf_status
family_touch(struct db *db, int64_t fam, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "UPDATE family SET owner_id = owner_id WHERE id = :f");
	enum jf_status st;

	db_bind_int(s, ":f", fam);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	if (db_changes(db) != 1)
		return jf_fail(err, JF_INTEGRITY, "family %lld is missing", (long long)fam);
	return JF_OK;
}

/* The member joins the family, stamped with who put them there. */
static enum jf_status
join(struct ledger *lg, const struct member *m, int64_t fam, const char *actor,
     struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	if (m->family[0] != '\0')
		return jf_refuse(err, JF_CONFLICT, JF_R_IN_A_FAMILY,
				 (struct jf_why){ .text = m->card, .text2 = m->family },
				 "%s is already in the family %s", m->card, m->family);
	if ((st = family_touch(lg->db, fam, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE member SET family_id = :f, family_at = :now, family_by = :by, "
			    "family_terminal = :terminal WHERE id = :m");
	db_bind_int(s, ":f", fam);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	db_bind_int(s, ":m", m->id);
	return db_run(s, err);
}

static enum jf_status
create_locked(struct ledger *lg, const char *name, const char *owner_card, const char *actor,
	      struct jf_error *err)
{
	struct member owner;
	struct db_stmt *s;
	enum jf_status st;
	int64_t id, fam = 0;

	if ((st = member_find(lg, owner_card, &owner, err)) != JF_OK)
		return st;
	if (family_id(lg->db, name, &id, NULL) == JF_OK)
		return jf_refuse(err, JF_CONFLICT, JF_R_FAMILY_EXISTS, (struct jf_why){ .text = name },
				 "a family named %s already exists", name);
	if (owner.family[0] != '\0')
		return jf_refuse(err, JF_CONFLICT, JF_R_IN_A_FAMILY,
				 (struct jf_why){ .text = owner_card, .text2 = owner.family },
				 "%s is already in the family %s", owner_card, owner.family);
	s = db_stmt(lg->db, "INSERT INTO family(name, owner_id, created_at, created_by, "
			    "created_terminal) VALUES (:n, :o, :now, :by, :terminal) RETURNING id");
	db_bind_text(s, ":n", name);
	db_bind_int(s, ":o", owner.id);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	if ((st = db_one_int(s, &fam, err)) != JF_OK)
		return st;
	return join(lg, &owner, fam, actor, err);
}

/* What one of the family's writes works on (ledger_write()'s ctx). */
struct family_ctx {
	const char *name, *card, *actor;
	char *family; /* remove: the family left (FAMILY_NAME_SIZE), or NULL */
	int done;     /* remove: it was dissolved; owner: the owner changed */
};

static enum jf_status
create_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct family_ctx *fc = ctx;

	return create_locked(lg, fc->name, fc->card, fc->actor, err);
}

enum jf_status
family_create(struct ledger *lg, const char *name, const char *owner_card, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct family_ctx fc = { name, owner_card, actor, NULL, 0 };
	enum jf_status st;

	if ((st = parse_name("family name", name, err)) != JF_OK ||
	    (st = ledger_check_card(lg, owner_card, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a new family", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, create_once, &fc, err);
}

static enum jf_status
add_locked(struct ledger *lg, const char *name, const char *card, const char *actor,
	   struct jf_error *err)
{
	struct member m;
	enum jf_status st;
	int64_t fam;

	if ((st = family_id(lg->db, name, &fam, err)) != JF_OK ||
	    (st = member_find(lg, card, &m, err)) != JF_OK)
		return st;
	return join(lg, &m, fam, actor, err);
}

static enum jf_status
add_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct family_ctx *fc = ctx;

	return add_locked(lg, fc->name, fc->card, fc->actor, err);
}

enum jf_status
family_add(struct ledger *lg, const char *name, const char *card, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct family_ctx fc = { name, card, actor, NULL, 0 };
	enum jf_status st;

	if ((st = parse_name("family name", name, err)) != JF_OK ||
	    (st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a family member", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, add_once, &fc, err);
}

/* The family of member m: its id, its owner's id and how many members it has. */
static enum jf_status
family_of(struct db *db, const struct member *m, int64_t *fam, int64_t *owner, int64_t *count,
	  struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT f.id, f.owner_id, (SELECT count(*) FROM member x "
					"WHERE x.family_id = f.id) FROM family f JOIN member m "
					"ON m.family_id = f.id WHERE m.id = :m");
	enum db_step_result rc;

	db_bind_int(s, ":m", m->id);
	if ((rc = db_step(s, err)) == DB_ROW) {
		*fam = db_col_int(s, 0);
		*owner = db_col_int(s, 1);
		*count = db_col_int(s, 2);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE)
		return jf_refuse(err, JF_CONFLICT, JF_R_NOT_IN_FAMILY,
				 (struct jf_why){ .text = m->card }, "%s is in no family", m->card);
	return JF_OK;
}

/* The member leaves; the stamps of joining go with the membership (the
 * event keeps who took them out, and the family they left). */
static enum jf_status
leave(struct ledger *lg, const struct member *m, int64_t fam, int64_t owner, int64_t count,
      const char *actor, int *dissolved, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;

	if (m->id == owner && count > 1)
		return jf_refuse(err, JF_CONFLICT, JF_R_OWNER_LEAVES,
				 (struct jf_why){ .num = { count - 1 }, .text = m->card,
						  .text2 = m->family },
				 "%s owns the family %s, which has other members", m->card,
				 m->family);
	/* The owner and count read above stay true to the commit (family_touch()). */
	if ((st = family_touch(lg->db, fam, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE member SET family_id = NULL, family_at = 0, family_by = '', "
			    "family_terminal = '' WHERE id = :m");
	db_bind_int(s, ":m", m->id);
	if ((st = db_run(s, err)) != JF_OK ||
	    (st = member_record_event(lg, m->id, "family_leave", m->family, actor, err)) != JF_OK)
		return st;
	*dissolved = count == 1;
	if (!*dissolved)
		return JF_OK;
	/* Nobody is left: a family with no members would have an owner outside it. */
	s = db_stmt(lg->db, "DELETE FROM family WHERE id = :f");
	db_bind_int(s, ":f", fam);
	return db_run(s, err);
}

static enum jf_status
remove_locked(struct ledger *lg, const char *card, const char *actor, char *family,
	      int *dissolved, struct jf_error *err)
{
	struct member m;
	enum jf_status st;
	int64_t fam = 0, owner = 0, count = 0;

	if ((st = member_find(lg, card, &m, err)) != JF_OK ||
	    (st = family_of(lg->db, &m, &fam, &owner, &count, err)) != JF_OK)
		return st;
	if (family)
		snprintf(family, FAMILY_NAME_SIZE, "%s", m.family);
	return leave(lg, &m, fam, owner, count, actor, dissolved, err);
}

static enum jf_status
remove_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct family_ctx *fc = ctx;

	fc->done = 0;
	if (fc->family)
		fc->family[0] = '\0';
	return remove_locked(lg, fc->card, fc->actor, fc->family, &fc->done, err);
}

enum jf_status
family_remove(struct ledger *lg, const char *card, char *family, int *dissolved,
	      struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct family_ctx fc = { NULL, card, actor, family, 0 };
	enum jf_status st;

	if (family)
		family[0] = '\0';
	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a family member leaving", actor, err)) != JF_OK)
		return st;
	st = ledger_write(lg, remove_once, &fc, err);
	if (dissolved)
		*dissolved = st == JF_OK && fc.done;
	return st;
}

static enum jf_status
owner_locked(struct ledger *lg, const char *name, const char *card, const char *actor,
	     int *changed, struct jf_error *err)
{
	struct member m;
	struct db_stmt *s;
	enum jf_status st;
	int64_t fam, now_fam = 0, owner = 0, count = 0;

	if ((st = family_id(lg->db, name, &fam, err)) != JF_OK ||
	    (st = member_find(lg, card, &m, err)) != JF_OK)
		return st;
	st = family_of(lg->db, &m, &now_fam, &owner, &count, err);
	if (st == JF_CONFLICT || (st == JF_OK && now_fam != fam))
		return jf_refuse(err, JF_CONFLICT, JF_R_NOT_IN_FAMILY,
				 (struct jf_why){ .text = card, .text2 = name },
				 "%s is not in the family %s", card, name);
	if (st != JF_OK)
		return st;
	if (owner == m.id)
		return JF_OK;
	s = db_stmt(lg->db, "UPDATE family SET owner_id = :m WHERE id = :f");
	db_bind_int(s, ":m", m.id);
	db_bind_int(s, ":f", fam);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	*changed = 1;
	return member_record_event(lg, m.id, "family_owner", name, actor, err);
}

static enum jf_status
owner_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct family_ctx *fc = ctx;

	fc->done = 0;
	return owner_locked(lg, fc->name, fc->card, fc->actor, &fc->done, err);
}

enum jf_status
family_set_owner(struct ledger *lg, const char *name, const char *card, int *changed,
		 struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct family_ctx fc = { name, card, actor, NULL, 0 };
	enum jf_status st;

	if (changed)
		*changed = 0;
	if ((st = parse_name("family name", name, err)) != JF_OK ||
	    (st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "a family owner", actor, err)) != JF_OK)
		return st;
	st = ledger_write(lg, owner_once, &fc, err);
	if (changed)
		*changed = st == JF_OK && fc.done;
	return st;
}

enum jf_status
family_list(struct ledger *lg, const char *name,
	    int (*fn)(const struct family_row *row, void *ctx), void *ctx, struct jf_error *err)
{
	struct db_stmt *s;
	struct family_row row;
	enum jf_status st;
	int64_t fam = 0;
	enum db_step_result rc;

	if (name && ((st = parse_name("family name", name, err)) != JF_OK ||
		     (st = family_id(lg->db, name, &fam, err)) != JF_OK))
		return st;
	s = db_stmt(lg->db,
		"SELECT f.name, m.card, m.name, CASE WHEN f.owner_id = m.id THEN 1 ELSE 0 END, "
		"p.balance, g.balance, m.family_at, m.family_by, m.family_terminal "
		"FROM family f JOIN member m ON m.family_id = f.id "
		"JOIN account p ON p.member_id = m.id AND p.kind = 0 "
		"JOIN account g ON g.member_id = m.id AND g.kind = 1 "
		"WHERE :f = 0 OR f.id = :f ORDER BY f.name, f.owner_id <> m.id, m.card");
	db_bind_int(s, ":f", fam);
	while ((rc = db_step(s, err)) == DB_ROW) {
		row.family = db_col_text(s, 0);
		row.card = db_col_text(s, 1);
		row.name = db_col_text(s, 2);
		row.owner = (int)db_col_int(s, 3);
		row.points = db_col_int(s, 4);
		row.green = db_col_int(s, 5);
		row.added_at = db_col_int(s, 6);
		row.added_by = db_col_text(s, 7);
		row.added_terminal = db_col_text(s, 8);
		if (fn(&row, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}
