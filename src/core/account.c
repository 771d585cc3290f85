/* account: lookups and creation of accounts; balances move only in entry.c. */
#include "config.h"

#include <stdio.h>

#include "account.h"

static const char *const system_accounts[] = {
	SYS_ISSUED, SYS_REDEEMED, SYS_EXPIRED, SYS_GAMES, SYS_COMPENSATION,
};

const char *
kind_name(enum point_kind kind)
{
	return kind == KIND_GREEN ? "green" : "points";
}

void
account_member_name(const char *card, enum point_kind kind, char out[ACCOUNT_NAME_SIZE])
{
	snprintf(out, ACCOUNT_NAME_SIZE, "member:%s:%s", card, kind_name(kind));
}

void
account_system_name(const char *sys, enum point_kind kind, const char *store,
		    char out[ACCOUNT_NAME_SIZE])
{
	if (store && *store)
		snprintf(out, ACCOUNT_NAME_SIZE, "system:%s:%s:%s", sys, kind_name(kind), store);
	else
		snprintf(out, ACCOUNT_NAME_SIZE, "system:%s:%s", sys, kind_name(kind));
}

static enum jf_status
insert_account(struct db *db, const char *name, enum point_kind kind, int64_t member_id,
	       struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "INSERT INTO account(name, kind, member_id) "
					"VALUES (:name, :kind, :member)");

	db_bind_text(s, ":name", name);
	db_bind_int(s, ":kind", kind);
	if (member_id)
		db_bind_int(s, ":member", member_id);
	else
		db_bind_text(s, ":member", NULL);
	return db_run(s, err);
}

enum jf_status
account_create_member(struct db *db, int64_t member_id, const char *card, struct jf_error *err)
{
	char name[ACCOUNT_NAME_SIZE];
	enum jf_status st = JF_OK;

	for (int k = 0; k < KIND_COUNT && st == JF_OK; k++) {
		account_member_name(card, (enum point_kind)k, name);
		st = insert_account(db, name, (enum point_kind)k, member_id, err);
	}
	return st;
}

enum jf_status
account_create_system(struct db *db, struct jf_error *err)
{
	char name[ACCOUNT_NAME_SIZE];
	enum jf_status st = JF_OK;
	size_t n = sizeof system_accounts / sizeof system_accounts[0];

	for (size_t i = 0; i < n && st == JF_OK; i++) {
		for (int k = 0; k < KIND_COUNT && st == JF_OK; k++) {
			account_system_name(system_accounts[i], (enum point_kind)k, "", name);
			st = insert_account(db, name, (enum point_kind)k, 0, err);
		}
	}
	return st;
}

static void
read_account(struct db_stmt *s, struct account *out)
{
	out->id = db_col_int(s, 0);
	out->member_id = db_col_int(s, 1);
	out->kind = (enum point_kind)db_col_int(s, 2);
	out->balance = db_col_int(s, 3);
	out->held = db_col_int(s, 4);
}

enum jf_status
account_of_card(struct db *db, const char *card, enum point_kind kind, struct account *out,
		struct jf_error *err)
{
	/* Through the member's current card, never the account's name: the name
	 * keeps the card the member first had (it is in the hash chain), and a
	 * replaced card must find nothing. Two index probes, whatever the size. */
	struct db_stmt *s = db_stmt(db, "SELECT a.id, a.member_id, a.kind, a.balance, a.held "
					"FROM member m JOIN account a ON a.member_id = m.id "
					"AND a.kind = :kind WHERE m.card = :card");
	enum db_step_result rc;

	db_bind_text(s, ":card", card);
	db_bind_int(s, ":kind", kind);
	rc = db_step(s, err);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE) {
		db_reset(s);
		return account_card_missing(db, card, err);
	}
	read_account(s, out);
	db_reset(s);
	return JF_OK;
}

enum jf_status
account_card_missing(struct db *db, const char *card, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT count(*) FROM card_change WHERE old_card = :card");
	int64_t n = 0;

	db_bind_text(s, ":card", card);
	if (db_one_int(s, &n, NULL) == JF_OK && n > 0)
		return jf_refuse(err, JF_NOTFOUND, JF_R_CARD_REPLACED, (struct jf_why){ .text = card },
				 "card %s was replaced and no longer works", card);
	return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_CARD, (struct jf_why){ .text = card },
			 "no member with card %s", card);
}

enum jf_status
account_get(struct db *db, int64_t id, struct account *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT id, coalesce(member_id, 0), kind, balance, held "
					"FROM account WHERE id = :id");
	enum db_step_result rc;

	db_bind_int(s, ":id", id);
	rc = db_step(s, err);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE) {
		db_reset(s);
		return jf_fail(err, JF_NOTFOUND, "no account %lld", (long long)id);
	}
	read_account(s, out);
	db_reset(s);
	return JF_OK;
}

/* A chain's store gets its system accounts with its first write. */
static enum jf_status
create_store_account(struct db *db, const char *name, enum point_kind kind,
		     struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "INSERT INTO account(name, kind) VALUES (:name, :kind) "
					"ON CONFLICT (name) DO NOTHING");

	db_bind_text(s, ":name", name);
	db_bind_int(s, ":kind", kind);
	return db_run(s, err);
}

enum jf_status
account_system(struct ledger *lg, const char *sys, enum point_kind kind, int64_t *id,
	       struct jf_error *err)
{
	char name[ACCOUNT_NAME_SIZE];
	const char *store = lg->cfg->store;
	struct db_stmt *s;
	enum jf_status st;

	account_system_name(sys, kind, store, name);
	for (int tries = 0; tries < 2; tries++) {
		s = db_stmt(lg->db, "SELECT id FROM account WHERE name = :name");
		db_bind_text(s, ":name", name);
		st = db_one_int(s, id, err);
		if (st != JF_NOTFOUND || !*store || tries > 0)
			break;
		if ((st = create_store_account(lg->db, name, kind, err)) != JF_OK)
			return st;
	}
	if (st == JF_NOTFOUND)
		return jf_fail(err, JF_INTEGRITY, "the system account %s is missing", name);
	return st;
}

enum jf_status
account_add_held(struct db *db, int64_t id, int64_t delta, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "UPDATE account SET held = held + :d WHERE id = :id");

	db_bind_int(s, ":d", delta);
	db_bind_int(s, ":id", id);
	return db_run(s, err);
}
