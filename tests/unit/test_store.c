/*
 * test_store: the stores of a chain in one ledger (schema 19). Each
 * terminal of a chain's store ([store] code) writes its store's own hash
 * chain, clock and system accounts, and records the store in the terminal
 * it names; a voucher issued in one store is handed over in another;
 * verify walks every chain, and an entry moved from one store's chain to
 * another's is found. A store-less ledger writes as before (format 2).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "chain.h"
#include "db.h"
#include "fixture.h"
#include "gate.h"
#include "ledger.h"
#include "verify.h"
#include "voucher.h"

#define CATALOG "sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green," \
		"active_from,active_until,new_until\n" \
		"A1,甲,Item A,misc,goods,100,,,,9,0,,,\n"

#define ANN "10000003"
#define BOB "10000004"

/* The fixture's ledger is store S001's terminal K1; a second connection
 * to the same ledger is store S002's terminal K2. */
struct two_stores {
	struct fixture *f;
	struct settings cfg2;
	struct ledger lg2;
	int closed;
};

static struct two_stores two;

static int
setup(void **state)
{
	struct import_report r;
	struct jf_error err;
	struct fixture *f;

	if (fixture_setup(state) != 0)
		return -1;
	f = *state;
	if (catalog_import_text(&f->lg, CATALOG, strlen(CATALOG), &r, &err) != JF_OK) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	import_report_done(&r);
	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, BOB, "Bob");
	two.f = f;
	two.closed = 0;
	return fixture_two_stores(f, &two.cfg2, &two.lg2);
}

static int
teardown(void **state)
{
	if (!two.closed)
		ledger_close(&two.lg2);
	return fixture_teardown(state);
}

static void
grant2(const char *card, int64_t points)
{
	struct grant_request g = { card, points, KIND_POINTS, "test grant", NULL };
	struct ledger_result res;
	struct jf_error err;

	if (ledger_grant(&two.lg2, &g, &res, &err) != JF_OK)
		fail_msg("grant in S002: %s", err.message);
}

static int64_t
count_where(struct fixture *f, const char *sql)
{
	return fixture_sql_int(f->path, sql);
}

static void
test_each_store_writes_its_chain(void **state)
{
	struct fixture *f = *state;
	struct verify_report r = { 0 };
	struct jf_error err;

	for (int i = 0; i < 3; i++) {
		fixture_grant(f, ANN, 10, KIND_POINTS);
		grant2(BOB, 20);
	}
	assert_int_equal(count_where(f, "SELECT count(*) FROM entry WHERE store = 'S001' "
				     "AND format = 3 AND terminal = 'S001/K1'"), 3);
	assert_int_equal(count_where(f, "SELECT count(*) FROM entry WHERE store = 'S002' "
				     "AND format = 3 AND terminal = 'S002/K2'"), 3);
	/* Each chain starts from nothing: neither store's first entry
	 * follows the other's. */
	assert_int_equal(count_where(f, "SELECT count(*) FROM entry e WHERE NOT EXISTS "
				     "(SELECT 1 FROM entry p WHERE p.hash = e.prev_hash "
				     "AND p.store = e.store)"), 2);
	/* Their system accounts are their own, and the chain's sum. */
	assert_int_equal(count_where(f, "SELECT balance FROM account "
				     "WHERE name = 'system:issued:points:S001'"), -30);
	assert_int_equal(count_where(f, "SELECT balance FROM account "
				     "WHERE name = 'system:issued:points:S002'"), -60);
	jf_error_clear(&err);
	assert_int_equal(verify_ledger(&f->lg, &r, &err), JF_OK);
	assert_int_equal(r.stores, 2);
	assert_int_equal(r.entries, 6);
}

static void
test_summary_sums_the_stores(void **state)
{
	struct fixture *f = *state;
	struct ledger_summary s;
	struct jf_error err;

	fixture_grant(f, ANN, 10, KIND_POINTS);
	grant2(BOB, 25);
	assert_int_equal(ledger_summary(&two.lg2, &s, &err), JF_OK);
	assert_int_equal(s.issued[KIND_POINTS], 35);
	assert_int_equal(s.outstanding[KIND_POINTS], 35);
}

static void
test_voucher_handed_over_in_another_store(void **state)
{
	struct fixture *f = *state;
	struct voucher v, again;
	struct jf_error err;

	fixture_grant(f, ANN, 300, KIND_POINTS);
	if (voucher_issue(&f->lg, ANN, "A1", 1, "v-1", &v, &err) != JF_OK)
		fail_msg("voucher: %s", err.message);
	assert_int_equal(count_where(f, "SELECT count(*) FROM hold WHERE store = 'S001'"), 1);
	if (voucher_redeem(&two.lg2, v.code, "cashier2", &again, &err) != JF_OK)
		fail_msg("redeeming in S002: %s", err.message);
	assert_int_equal(voucher_find(&f->lg, v.code, &again, &err), JF_OK);
	assert_string_equal(again.redeemed_terminal, "S002/K2");
	/* The hand-over is S002's entry, paid into S002's account. */
	assert_int_equal(count_where(f, "SELECT count(*) FROM entry WHERE store = 'S002'"), 1);
	assert_int_equal(count_where(f, "SELECT balance FROM account "
				     "WHERE name = 'system:redeemed:points:S002'"), 100);
	/* A second scan in the first store is refused, naming where. */
	assert_int_equal(voucher_redeem(&f->lg, v.code, "cashier1", &again, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_VOUCHER_REDEEMED);
	assert_string_equal(err.text2, "S002/K2");
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 200);
	fixture_verify_ok(f);
}

static void
test_clock_is_each_stores(void **state)
{
	struct fixture *f = *state;
	struct grant_request g = { ANN, 5, KIND_POINTS, "late", NULL };
	struct ledger_result res;
	struct jf_error err;

	fixture_at("2026-03-01T12:00:00+08:00");
	fixture_grant(f, ANN, 10, KIND_POINTS);
	/* S001's clock goes two hours back: refused there ... */
	fixture_at("2026-03-01T10:00:00+08:00");
	assert_int_equal(ledger_grant(&f->lg, &g, &res, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_CLOCK_BEHIND);
	/* ... but S002's own writes are all before: it writes. */
	grant2(BOB, 20);
	fixture_verify_ok(f);
}

static void
test_moved_entry_found(void **state)
{
	struct fixture *f = *state;
	struct fixture_copy c;
	struct verify_report r = { 0 };
	struct jf_error err;
	char guard[2048];

	fixture_grant(f, ANN, 10, KIND_POINTS);
	grant2(BOB, 20);
	fixture_grant(f, ANN, 30, KIND_POINTS);
	/* The guard goes and comes back as it was: verify would say it is
	 * missing before anything else. */
	fixture_guard_sql(f->path, "entry_no_update", "entry", guard, sizeof guard);
	/* A file is copied whole once S002's connection left its WAL. */
	ledger_close(&two.lg2);
	two.closed = 1;
	fixture_copy_begin(f, "moved", &c);
	fixture_copy_drop_guard(&c, "entry_no_update", "entry");
	fixture_copy_exec(&c, "UPDATE entry SET store = 'S002' WHERE id = "
			      "(SELECT max(id) FROM entry WHERE store = 'S001')");
	fixture_copy_exec(&c, guard);
	jf_error_clear(&err);
	assert_int_equal(verify_ledger(fixture_copy_ledger(&c), &r, &err), JF_INTEGRITY);
	if (strstr(r.problem, "does not chain") == NULL)
		fail_msg("verify said: %s", r.problem);
	fixture_copy_end(&c);
	fixture_verify_ok(f);
}

static void
test_store_less_ledger_writes_v2(void **state)
{
	struct fixture *f = *state;

	f->cfg.store[0] = '\0';
	snprintf(f->cfg.terminal, sizeof f->cfg.terminal, "%s", "K9");
	fixture_reopen(f);
	fixture_grant(f, ANN, 10, KIND_POINTS);
	assert_int_equal(count_where(f, "SELECT count(*) FROM entry WHERE store = '' "
				     "AND format = 2 AND terminal = 'K9'"), 1);
	assert_int_equal(count_where(f, "SELECT balance FROM account "
				     "WHERE name = 'system:issued:points'"), -10);
	assert_int_equal(count_where(f, "SELECT count(*) FROM account "
				     "WHERE name LIKE 'system:issued:points:%'"), 0);
	fixture_verify_ok(f);
}

/* A write that read a shared budget before another store passed the same
 * gate and committed is run again (PostgreSQL; SQLite has one writer at a
 * time, so the case cannot arise there). Outside a write the gate changes
 * nothing. */
static void
test_gate_orders_stores(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	int64_t n;

	assert_int_equal(gate_pass(f->lg.db, GATE_GAMES, &err), JF_OK);
	assert_int_equal(count_where(f, "SELECT turns FROM chain_gate WHERE name = 'games'"), 0);
	if (!fixture_on_pg(f->path))
		skip();
	/* S002 begins and reads: its snapshot is taken. */
	assert_int_equal(db_begin_write(two.lg2.db, &err), JF_OK);
	assert_int_equal(db_one_int(db_stmt(two.lg2.db, "SELECT count(*) FROM game_play"), &n,
				    &err), JF_OK);
	/* S001 passes the gate and commits. */
	assert_int_equal(db_begin_write(f->lg.db, &err), JF_OK);
	assert_int_equal(gate_pass(f->lg.db, GATE_GAMES, &err), JF_OK);
	assert_int_equal(db_commit(f->lg.db, &err), JF_OK);
	/* S002's count is stale: passing the gate says run again. */
	assert_int_equal(gate_pass(two.lg2.db, GATE_GAMES, &err), JF_RETRY);
	db_rollback(two.lg2.db);
	assert_int_equal(db_begin_write(two.lg2.db, &err), JF_OK);
	assert_int_equal(gate_pass(two.lg2.db, GATE_GAMES, &err), JF_OK);
	assert_int_equal(db_commit(two.lg2.db, &err), JF_OK);
	assert_int_equal(count_where(f, "SELECT turns FROM chain_gate WHERE name = 'games'"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_each_store_writes_its_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_sums_the_stores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_voucher_handed_over_in_another_store, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_clock_is_each_stores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_entry_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store_less_ledger_writes_v2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gate_orders_stores, setup, teardown),
	};

	fixture_pin_environment();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
