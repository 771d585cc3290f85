/*
 * migrate: a store's ledger file moved into its chain's database
 * (migrate.h). The copy is by table and column, through the storage
 * port's whole-table calls (db.h): every table the target's schema has,
 * in an order where each row comes after the rows it names, each row with
 * its ids as they were. The guards stay on: nothing here disables a
 * trigger or a reference; what one refuses is reported as the database
 * says it, and the whole move is rolled back.
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "ledger.h"
#include "migrate.h"
#include "migrate_int.h"
#include "parse.h"
#include "schema.h"
#include "verify.h"
#include "voucher.h"
#include "xalloc.h"

/* The target's meta rows that record the move (never in a file's meta). */
#define META_FROM "migrated_from" /* the file ledger's identity (source_identity()) */
#define META_FILE "migrated_file" /* its location, as given */
#define META_AT "migrated_at"     /* when, in seconds */
#define META_BY "migrated_by"     /* who (an actor's text) */
#define META_TERMINAL "migrated_terminal" /* from which terminal (the config's) */

/*
 * What names the file's ledger wherever it goes: its first entry's hash
 * (every later one chains to it), in hex; "none" for a ledger with no
 * entries yet.
 */
static enum jf_status
source_identity(struct db *db, char *out, size_t size, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT hash FROM entry ORDER BY id LIMIT 1");
	enum db_step_result rc = db_step(s, err);
	const void *hash;
	size_t len;

	snprintf(out, size, "none");
	if (rc == DB_ROW && (hash = db_col_blob(s, 0, &len)) != NULL && len > 0 &&
	    2 * len + 1 <= size)
		sodium_bin2hex(out, size, hash, len);
	db_reset(s);
	return rc == DB_ERROR ? err->status : JF_OK;
}

/* ---- the two ends ---- */

/* The file, opened to be read only, at this jifen's schema version. */
static enum jf_status
open_source(const char *location, const struct settings *cfg, struct ledger *lg,
	    struct jf_error *err)
{
	enum jf_status st;
	int64_t version;

	memset(lg, 0, sizeof *lg);
	lg->cfg = cfg;
	if ((st = db_open(location, DB_OPEN_READ, cfg->busy_timeout_ms, &lg->db, err)) != JF_OK)
		return st;
	if ((st = schema_version(lg->db, &version, err)) != JF_OK)
		return st;
	if (version == 0)
		return jf_fail(err, JF_INTEGRITY, "%s is not a jifen ledger", location);
	/* Migrating it here would write the file, which stays as it is. */
	if (version < SCHEMA_VERSION)
		return jf_fail(err, JF_CONFLICT, "the ledger %s has schema version %lld, older than "
			       "this jifen's (%d): open it once (jifen verify) to bring it up to "
			       "date, then move it", location, (long long)version, SCHEMA_VERSION);
	if (version > SCHEMA_VERSION)
		return jf_fail(err, JF_CONFLICT, "the ledger %s has schema version %lld, newer "
			       "than this jifen (%d): upgrade jifen", location, (long long)version,
			       SCHEMA_VERSION);
	return JF_OK;
}

/*
 * The target: an empty database or schema (*fresh = 1, its schema not
 * made yet) or a ledger of this schema version (*fresh = 0; emptiness is
 * checked inside the write transaction, check_target()).
 */
static enum jf_status
open_target(const char *url, const struct settings *cfg, struct ledger *lg, int *fresh,
	    struct jf_error *err)
{
	struct migrate_tables t;
	enum jf_status st;

	memset(lg, 0, sizeof *lg);
	lg->cfg = cfg;
	*fresh = 1;
	st = db_open(url, DB_OPEN_CREATE, cfg->busy_timeout_ms, &lg->db, err);
	if (st == JF_CONFLICT) { /* a ledger is there */
		*fresh = 0;
		if ((st = db_open(url, DB_OPEN_EXISTING, cfg->busy_timeout_ms, &lg->db, err)) != JF_OK)
			return st;
		return schema_upgrade(lg->db, err);
	}
	if (st != JF_OK || (st = migrate_tables_of(lg->db, &t, err)) != JF_OK)
		return st;
	if (t.n > 0)
		st = jf_fail(err, JF_CONFLICT, "%s holds tables that are not a jifen ledger (%s...): "
			     "give an empty database or schema", db_location(lg->db), t.names[0]);
	migrate_tables_free(&t);
	return st;
}

/*
 * A ledger already in the target may only be one `jifen init` made and
 * nothing has used: no move into it before, no rows but meta's and the
 * system accounts (which go, to come back with the file's ids).
 */
static enum jf_status
check_target(struct db *to, const char *identity, const struct migrate_tables *t,
	     struct jf_error *err)
{
	char from[160], file[512], at[32], date[CLOCK_DATE_LEN];
	int64_t n = 0;
	enum jf_status st;

	if ((st = migrate_meta_get(to, META_FROM, from, sizeof from, err)) != JF_OK ||
	    (st = migrate_meta_get(to, META_FILE, file, sizeof file, err)) != JF_OK ||
	    (st = migrate_meta_get(to, META_AT, at, sizeof at, err)) != JF_OK)
		return st;
	if (from[0] != '\0') {
		clock_date_of(strtoll(at, NULL, 10), date);
		if (strcmp(from, identity) == 0 && strcmp(identity, "none") != 0)
			return jf_fail(err, JF_CONFLICT, "this ledger was already moved into %s on %s",
				       db_location(to), date);
		return jf_fail(err, JF_CONFLICT, "%s already holds the ledger moved from %s on %s: "
			       "merging stores' members is not supported", db_location(to), file,
			       date);
	}
	for (size_t i = 0; i < t->n; i++) {
		if (migrate_schema_rows(t->names[i]) || strcmp(t->names[i], "account") == 0)
			continue;
		if ((st = db_table_count(to, t->names[i], &n, err)) != JF_OK)
			return st;
		if (n > 0)
			return jf_fail(err, JF_CONFLICT, "%s already holds a ledger in use (%lld rows "
				       "of %s): merging stores' members is not supported",
				       db_location(to), (long long)n, t->names[i]);
	}
	st = db_one_int(db_stmt(to, "SELECT count(*) FROM account WHERE member_id IS NOT NULL "
				"OR balance <> 0 OR held <> 0"), &n, err);
	if (st == JF_OK && n > 0)
		return jf_fail(err, JF_CONFLICT, "%s already holds a ledger in use (%lld accounts "
			       "with members or points): merging stores' members is not supported",
			       db_location(to), (long long)n);
	return st != JF_OK ? st : db_run(db_stmt(to, "DELETE FROM account"), err);
}

/* ---- the move ---- */

struct move {
	const struct migrate_request *req;
	struct ledger *src, *dst;
	struct migrate_tables tables; /* the target's, in the order they are filled */
	char identity[160];
	int fresh;
	struct migrate_result *out;
};

/* Both ends' tables: the same names (the same schema version made them). */
static enum jf_status
same_tables(struct move *m, struct jf_error *err)
{
	struct migrate_tables s;
	enum jf_status st;

	if ((st = migrate_tables_of(m->src->db, &s, err)) != JF_OK)
		return st;
	if ((st = migrate_tables_of(m->dst->db, &m->tables, err)) == JF_OK) {
		for (size_t i = 0; st == JF_OK && i < s.n; i++)
			if (!migrate_tables_has(&m->tables, s.names[i]))
				st = jf_fail(err, JF_INTEGRITY, "table %s of the file is not in "
					     "jifen's schema: not moved", s.names[i]);
		for (size_t i = 0; st == JF_OK && i < m->tables.n; i++)
			if (!migrate_tables_has(&s, m->tables.names[i]))
				st = jf_fail(err, JF_INTEGRITY, "the file has no table %s: not moved",
					     m->tables.names[i]);
	}
	migrate_tables_free(&s);
	return st == JF_OK ? migrate_tables_order(&m->tables, err) : st;
}

/* What a copied column `store` gets. */
static const char *
store_of(const struct move *m)
{
	return m->req->store ? m->req->store : "";
}

/* Every table but meta, then each one's ids made to follow its largest. */
static enum jf_status
copy_all(struct move *m, struct jf_error *err)
{
	enum jf_status st = JF_OK;
	const char *store = store_of(m);

	for (size_t i = 0; st == JF_OK && i < m->tables.n; i++) {
		if (migrate_schema_rows(m->tables.names[i]))
			continue;
		st = migrate_copy_table(m->src->db, m->dst->db, m->tables.names[i], store,
					&m->out->rows, err);
		m->out->tables++;
	}
	for (size_t i = 0; st == JF_OK && i < m->tables.n; i++)
		st = db_table_ids_follow(m->dst->db, m->tables.names[i], err);
	return st;
}

/* The record of the move in the target's meta (check_target() reads it). */
static enum jf_status
record_move(struct move *m, struct jf_error *err)
{
	const char *const keys[] = { META_FROM, META_FILE, META_BY, META_TERMINAL, META_AT };
	const char *values[] = { m->identity, m->req->source, m->req->actor ? m->req->actor : "",
				 m->dst->cfg->terminal, NULL };
	enum jf_status st = JF_OK;
	char at[24];

	snprintf(at, sizeof at, "%lld", (long long)clock_now());
	values[4] = at;
	for (size_t i = 0; st == JF_OK && i < sizeof keys / sizeof keys[0]; i++)
		st = migrate_meta_put(m->dst->db, keys[i], values[i], err);
	return st;
}

/* The copy, checked as `jifen verify` checks a ledger. */
static enum jf_status
verify_copy(struct ledger *lg, const char *whose, struct jf_error *err)
{
	struct verify_report r;
	enum jf_status st = verify_ledger(lg, &r, err);

	if (st == JF_INTEGRITY)
		return jf_fail(err, st, "%s does not verify: %s; nothing was moved", whose, r.problem);
	return st;
}

/* Inside the target's write transaction: its schema made if it is
 * empty, else held to what check_target() wants; both ends' tables. */
static enum jf_status
target_ready(struct move *m, struct jf_error *err)
{
	enum jf_status st = m->fresh ? schema_create(m->dst->db, err) : JF_OK;

	if (st == JF_OK)
		st = same_tables(m, err);
	if (st == JF_OK && !m->fresh)
		st = check_target(m->dst->db, m->identity, &m->tables, err);
	return st;
}

/* Then the rows, the record, and the checks of what arrived. */
static enum jf_status
move_rows(struct move *m, struct jf_error *err)
{
	enum jf_status st = copy_all(m, err);

	if (st == JF_OK)
		st = migrate_copy_meta(m->src->db, m->dst->db, err);
	if (st == JF_OK)
		st = record_move(m, err);
	if (st == JF_OK)
		st = verify_copy(m->dst, "the copy", err);
	if (st == JF_OK)
		st = migrate_compare(m->src->db, m->dst->db, &m->tables, store_of(m), err);
	return st;
}

static enum jf_status
check_request(const struct migrate_request *req, const struct settings *cfg,
	      struct jf_error *err)
{
	enum jf_status st;

	if (req->store && req->store[0] != '\0' && (st = parse_store(req->store, err)) != JF_OK)
		return st;
	if (db_location_parse(req->source, NULL) != DB_BACKEND_SQLITE)
		return jf_fail(err, JF_USAGE, "the ledger to move must be a file: give its path "
			       "with --db");
	if (db_location_parse(req->target, NULL) != DB_BACKEND_POSTGRESQL)
		return jf_fail(err, JF_USAGE, "--to must be the chain's database: a postgresql:// "
			       "URL");
	if (cfg->voucher_key_file[0] == '\0')
		return jf_fail(err, JF_USAGE, "the chain's database keeps no file beside it: set "
			       "[voucher] key_file in the config, where the voucher key goes");
	if (sodium_init() < 0)
		return jf_fail(err, JF_ERR, "cannot initialise libsodium");
	return JF_OK;
}

/* With both ends open and the file's moment taken: the target's transaction. */
static enum jf_status
move_ledger(struct move *m, struct jf_error *err)
{
	enum jf_status st;
	int64_t n;

	if ((st = verify_copy(m->src, "the file", err)) != JF_OK ||
	    (st = source_identity(m->src->db, m->identity, sizeof m->identity, err)) != JF_OK)
		return st;
	if ((st = db_begin_write(m->dst->db, err)) != JF_OK)
		return st;
	/* The key first: a key_file holding another key refuses the move
	 * before any row is copied (a copy rolled back still moves a
	 * PostgreSQL identity's sequence). */
	if ((st = target_ready(m, err)) == JF_OK &&
	    (st = voucher_key_copy(m->src, m->dst, &m->out->key_written, err)) == JF_OK &&
	    (st = move_rows(m, err)) == JF_OK)
		st = db_commit(m->dst->db, err);
	else
		db_rollback(m->dst->db);
	if (st != JF_OK) {
		/* Nothing arrived: a key made for it would be a stray. */
		if (m->out->key_written)
			unlink(m->dst->cfg->voucher_key_file);
		m->out->key_written = 0;
		return st;
	}
	m->out->created_schema = m->fresh;
	if (db_table_count(m->src->db, "member", &n, NULL) == JF_OK)
		m->out->members = n;
	if (db_table_count(m->src->db, "entry", &n, NULL) == JF_OK)
		m->out->entries = n;
	if (db_table_count(m->src->db, "voucher", &n, NULL) == JF_OK)
		m->out->vouchers = n;
	return JF_OK;
}

enum jf_status
migrate_ledger(const struct migrate_request *req, const struct settings *cfg,
	       struct migrate_result *out, struct jf_error *err)
{
	struct settings src_cfg;
	struct ledger src, dst;
	struct move m = { .req = req, .src = &src, .dst = &dst, .out = out };
	enum jf_status st;

	memset(out, 0, sizeof *out);
	memset(&src, 0, sizeof src);
	memset(&dst, 0, sizeof dst);
	if ((st = check_request(req, cfg, err)) != JF_OK)
		return st;
	/* The file's key is the one beside it, whatever the config names. */
	src_cfg = *cfg;
	src_cfg.voucher_key_file[0] = '\0';
	if ((st = open_source(req->source, &src_cfg, &src, err)) != JF_OK)
		goto out;
	/* One moment of the file, for the copy and the comparison alike. */
	if ((st = db_begin_read(src.db, err)) != JF_OK)
		goto out;
	st = open_target(req->target, cfg, &dst, &m.fresh, err);
	if (dst.db != NULL)
		snprintf(out->target, sizeof out->target, "%s", db_location(dst.db));
	if (st == JF_OK)
		st = move_ledger(&m, err);
	db_rollback(src.db);
out:
	migrate_tables_free(&m.tables);
	ledger_close(&dst);
	ledger_close(&src);
	return st;
}
