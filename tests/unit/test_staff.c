/*
 * test_staff: cashiers and managers. Bad fields are refused before anything
 * is written; ids and cards are one person's (a member's card is no staff
 * card, nor the other way round); a disabled staff member can do nothing
 * and the last manager cannot be disabled; the PIN has the members'
 * lock-out; staff_may() follows the config's manager_only; and
 * staff_authorize() keeps the bootstrapping rule.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "fixture.h"
#include "member.h"
#include "staff.h"

#define ANN "10000001"
#define BOSS_CARD "90000001"
#define CASH_CARD "90000002"

static void
add(struct fixture *f, const char *id, const char *card, enum staff_role role, const char *pin)
{
	struct jf_error err;
	struct staff_new n = { id, card, "Someone", role, pin };

	if (staff_add(&f->lg, &n, &err) != JF_OK)
		fail_msg("staff_add %s: %s", id, err.message);
}

static void
assert_refused(enum jf_status st, const struct jf_error *err, enum jf_status status,
	       enum jf_reason reason)
{
	assert_int_equal(st, status);
	assert_int_equal(err->reason, reason);
}

static int64_t
staff_rows(struct fixture *f)
{
	return fixture_sql_int(f->path, "SELECT count(*) FROM staff");
}

static void
test_add_find_list(void **state)
{
	struct fixture *f = *state;
	struct staff s;
	struct jf_error err;
	char by[64];

	add(f, "boss", BOSS_CARD, STAFF_MANAGER, "1234");
	add(f, "cash", CASH_CARD, STAFF_CASHIER, "5678");
	assert_int_equal(staff_find(&f->lg, "boss", &s, &err), JF_OK);
	assert_string_equal(s.card, BOSS_CARD);
	assert_string_equal(s.name, "Someone");
	assert_int_equal(s.role, STAFF_MANAGER);
	assert_int_equal(s.disabled, 0);
	assert_int_equal(s.has_pin, 1);
	assert_int_equal(s.created_at, clock_now());
	assert_int_equal(staff_find_card(&f->lg, CASH_CARD, &s, &err), JF_OK);
	assert_string_equal(s.id, "cash");
	assert_int_equal(s.role, STAFF_CASHIER);
	assert_refused(staff_find(&f->lg, "ghost", &s, &err), &err, JF_NOTFOUND, JF_R_UNKNOWN_STAFF);
	assert_string_equal(err.text, "ghost");
	assert_refused(staff_find_card(&f->lg, "90000009", &s, &err), &err, JF_NOTFOUND,
		       JF_R_UNKNOWN_STAFF);
	/* Stamped with who added them, where; the PIN only as its hash. */
	fixture_sql_text(f->path, "SELECT created_by FROM staff WHERE id = 'cash'", by, sizeof by);
	assert_string_equal(by, "shell:tester");
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM staff WHERE "
				       "pin_hash LIKE '$argon2id$%' AND pin_hash NOT LIKE '%5678%'"), 2);
	fixture_verify_ok(f);
}

static int
collect(const struct staff *s, void *ctx)
{
	char *ids = ctx;

	strcat(ids, s->id);
	strcat(ids, ",");
	return 0;
}

static int
stop_at_first(const struct staff *s, void *ctx)
{
	(void)s;
	(*(int *)ctx)++;
	return 1;
}

static void
test_list(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	char ids[64] = "";
	int seen = 0;

	assert_int_equal(staff_list(&f->lg, collect, ids, &err), JF_OK);
	assert_string_equal(ids, "");
	add(f, "zed", "90000003", STAFF_CASHIER, "1234");
	add(f, "amy", "90000004", STAFF_MANAGER, "1234");
	assert_int_equal(staff_list(&f->lg, collect, ids, &err), JF_OK);
	assert_string_equal(ids, "amy,zed,");
	assert_int_equal(staff_list(&f->lg, stop_at_first, &seen, &err), JF_OK);
	assert_int_equal(seen, 1);
}

static void
test_bad_input(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	enum staff_role role;
	const struct staff_new bad[] = {
		{ "", CASH_CARD, "N", STAFF_CASHIER, "1234" },
		{ "a b", CASH_CARD, "N", STAFF_CASHIER, "1234" },
		{ "123456789012345678901234567890123", CASH_CARD, "N", STAFF_CASHIER, "1234" },
		{ "x", "12ab", "N", STAFF_CASHIER, "1234" },
		{ "x", CASH_CARD, "", STAFF_CASHIER, "1234" },
		{ "x", CASH_CARD, "N", (enum staff_role)7, "1234" },
		{ "x", CASH_CARD, "N", STAFF_CASHIER, NULL },
		{ "x", CASH_CARD, "N", STAFF_CASHIER, "12" },
		{ "x", CASH_CARD, "N", STAFF_CASHIER, "12a4" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(staff_add(&f->lg, &bad[i], &err), JF_USAGE);
	assert_int_equal(staff_rows(f), 0);
	assert_int_equal(staff_role_parse("manager", &role, &err), JF_OK);
	assert_int_equal(role, STAFF_MANAGER);
	assert_int_equal(staff_role_parse("cashier", &role, &err), JF_OK);
	assert_int_equal(role, STAFF_CASHIER);
	assert_int_equal(staff_role_parse("Manager", &role, &err), JF_USAGE);
	assert_int_equal(staff_role_parse(NULL, &role, &err), JF_USAGE);
	assert_string_equal(staff_role_name(STAFF_MANAGER), "manager");
	assert_string_equal(staff_role_name(STAFF_CASHIER), "cashier");
	assert_int_equal(staff_set_pin(&f->lg, "x y", "1234", &err), JF_USAGE);
	assert_int_equal(staff_disable(&f->lg, "", &err), JF_USAGE);
	/* Nobody acting: a bug, refused. */
	ledger_act_as(&f->lg, NULL);
	assert_int_equal(staff_add(&f->lg, &(struct staff_new){ "x", CASH_CARD, "N", STAFF_CASHIER,
							      "1234" }, &err), JF_ERR);
	assert_int_equal(staff_rows(f), 0);
}

/* One card, one person: ids and cards are never shared, a member's or a
 * retired card is no staff card, and a staff card is no member's. */
static void
test_cards_and_ids(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	struct member m;
	enum jf_status st;

	fixture_add_member(f, ANN, "Ann");
	add(f, "boss", BOSS_CARD, STAFF_MANAGER, "1234");
	st = staff_add(&f->lg, &(struct staff_new){ "boss", "90000005", "B", STAFF_CASHIER, "1234" },
		       &err);
	assert_refused(st, &err, JF_CONFLICT, JF_R_STAFF_EXISTS);
	st = staff_add(&f->lg, &(struct staff_new){ "b2", BOSS_CARD, "B", STAFF_CASHIER, "1234" },
		       &err);
	assert_refused(st, &err, JF_CONFLICT, JF_R_STAFF_CARD);
	st = staff_add(&f->lg, &(struct staff_new){ "b2", ANN, "B", STAFF_CASHIER, "1234" }, &err);
	assert_refused(st, &err, JF_CONFLICT, JF_R_CARD_TAKEN);
	assert_int_equal(member_change_card(&f->lg, ANN, "10000002", &m, &err), JF_OK);
	st = staff_add(&f->lg, &(struct staff_new){ "b2", ANN, "B", STAFF_CASHIER, "1234" }, &err);
	assert_refused(st, &err, JF_CONFLICT, JF_R_CARD_RETIRED);
	st = member_add(&f->lg, &(struct member_new){ .card = BOSS_CARD, .name = "Eve" }, &err);
	assert_refused(st, &err, JF_CONFLICT, JF_R_STAFF_CARD);
	assert_string_equal(err.text, BOSS_CARD);
	st = member_change_card(&f->lg, "10000002", BOSS_CARD, &m, &err);
	assert_refused(st, &err, JF_CONFLICT, JF_R_STAFF_CARD);
	assert_int_equal(staff_rows(f), 1);
}

static void
test_disable(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	struct staff s;

	add(f, "boss", BOSS_CARD, STAFF_MANAGER, "1234");
	add(f, "cash", CASH_CARD, STAFF_CASHIER, "5678");
	assert_refused(staff_disable(&f->lg, "ghost", &err), &err, JF_NOTFOUND, JF_R_UNKNOWN_STAFF);
	/* The last manager stays: else the ledger would be open to anyone. */
	assert_refused(staff_disable(&f->lg, "boss", &err), &err, JF_CONFLICT, JF_R_LAST_MANAGER);
	assert_int_equal(staff_disable(&f->lg, "cash", &err), JF_OK);
	assert_refused(staff_disable(&f->lg, "cash", &err), &err, JF_CONFLICT, JF_R_STAFF_DISABLED);
	assert_refused(staff_can_act(&f->lg, "cash", &s, &err), &err, JF_AUTH, JF_R_STAFF_DISABLED);
	assert_string_equal(err.text, "cash");
	assert_refused(staff_check_pin(&f->lg, "cash", "5678", &err), &err, JF_AUTH,
		       JF_R_STAFF_DISABLED);
	assert_refused(staff_set_pin(&f->lg, "cash", "1111", &err), &err, JF_AUTH,
		       JF_R_STAFF_DISABLED);
	assert_int_equal(staff_find(&f->lg, "cash", &s, &err), JF_OK);
	assert_int_equal(s.disabled, 1);
	assert_refused(staff_may(&f->lg, &s, "earn", &err), &err, JF_AUTH, JF_R_STAFF_DISABLED);
	/* With a second manager, the first may go. */
	add(f, "boss2", "90000003", STAFF_MANAGER, "1234");
	assert_int_equal(staff_disable(&f->lg, "boss", &err), JF_OK);
	assert_refused(staff_disable(&f->lg, "boss2", &err), &err, JF_CONFLICT, JF_R_LAST_MANAGER);
	assert_int_equal(staff_can_act(&f->lg, "boss2", &s, &err), JF_OK);
	fixture_verify_ok(f);
}

static void
test_pin_and_lockout(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	struct staff s;

	f->cfg.pin_attempts = 3;
	f->cfg.pin_lock_minutes = 10;
	add(f, "cash", CASH_CARD, STAFF_CASHIER, "5678");
	assert_int_equal(staff_check_pin(&f->lg, "cash", "5678", &err), JF_OK);
	assert_refused(staff_check_pin(&f->lg, "cash", "0000", &err), &err, JF_AUTH, JF_R_WRONG_PIN);
	assert_int_equal(err.num[0], 2);
	assert_string_equal(err.text, "cash"); /* whose PIN, for the words */
	/* A malformed PIN is a wrong one, counted. */
	assert_refused(staff_check_pin(&f->lg, "cash", "x", &err), &err, JF_AUTH, JF_R_WRONG_PIN);
	assert_int_equal(err.num[0], 1);
	/* The count lives in the ledger: a restart does not reset it. */
	fixture_reopen(f);
	assert_refused(staff_check_pin(&f->lg, "cash", "0000", &err), &err, JF_AUTH, JF_R_LOCKED);
	assert_int_equal(err.num[0], clock_now() + 600);
	assert_refused(staff_check_pin(&f->lg, "cash", "5678", &err), &err, JF_AUTH, JF_R_LOCKED);
	assert_int_equal(staff_find(&f->lg, "cash", &s, &err), JF_OK);
	assert_int_equal(s.locked_until, clock_now() + 600);
	fixture_advance(601);
	assert_int_equal(staff_check_pin(&f->lg, "cash", "5678", &err), JF_OK);
	/* A new PIN replaces the old one and clears a lock-out. */
	for (int i = 0; i < 3; i++)
		staff_check_pin(&f->lg, "cash", "0000", &err);
	assert_refused(staff_check_pin(&f->lg, "cash", "5678", &err), &err, JF_AUTH, JF_R_LOCKED);
	assert_int_equal(staff_set_pin(&f->lg, "cash", "2468", &err), JF_OK);
	assert_int_equal(staff_check_pin(&f->lg, "cash", "2468", &err), JF_OK);
	assert_refused(staff_check_pin(&f->lg, "cash", "5678", &err), &err, JF_AUTH, JF_R_WRONG_PIN);
	assert_refused(staff_set_pin(&f->lg, "ghost", "2468", &err), &err, JF_NOTFOUND,
		       JF_R_UNKNOWN_STAFF);
	assert_int_equal(staff_set_pin(&f->lg, "cash", "24", &err), JF_USAGE);
	assert_refused(staff_check_pin(&f->lg, "ghost", "2468", &err), &err, JF_NOTFOUND,
		       JF_R_UNKNOWN_STAFF);
	fixture_verify_ok(f);
}

static void
test_roles(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	struct staff boss, cash;

	add(f, "boss", BOSS_CARD, STAFF_MANAGER, "1234");
	add(f, "cash", CASH_CARD, STAFF_CASHIER, "5678");
	assert_int_equal(staff_find(&f->lg, "boss", &boss, &err), JF_OK);
	assert_int_equal(staff_find(&f->lg, "cash", &cash, &err), JF_OK);
	/* The defaults: grant, compensate, delist, staff, member erase, earn rate. */
	static const char *const manager_only[] = { "grant", "compensate", "delist", "staff",
						    "member erase", "earn rate" };
	for (size_t i = 0; i < sizeof manager_only / sizeof manager_only[0]; i++) {
		assert_int_equal(staff_may(&f->lg, &boss, manager_only[i], &err), JF_OK);
		assert_refused(staff_may(&f->lg, &cash, manager_only[i], &err), &err, JF_AUTH,
			       JF_R_MANAGER_ONLY);
		assert_string_equal(err.text, manager_only[i]);
	}
	assert_int_equal(staff_may(&f->lg, &cash, "earn", &err), JF_OK);
	assert_int_equal(staff_may(&f->lg, &cash, "voucher redeem", &err), JF_OK);
	/* An action no list knows is a bug, never a permission. */
	assert_int_equal(staff_may(&f->lg, &boss, "launch", &err), JF_ERR);
	/* The config decides. */
	f->cfg.manager_only = 1u << ACTION_EARN;
	assert_int_equal(staff_may(&f->lg, &cash, "grant", &err), JF_OK);
	assert_refused(staff_may(&f->lg, &cash, "earn", &err), &err, JF_AUTH, JF_R_MANAGER_ONLY);
}

/* The bootstrapping rule, and what it asks once a manager exists. */
static void
test_authorize(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	int64_t staff = -1, managers = -1;

	/* No staff: anyone, and any --staff id as given. */
	assert_int_equal(staff_authorize(&f->lg, "grant", NULL, NULL, &err), JF_OK);
	assert_int_equal(staff_authorize(&f->lg, "grant", "till-7", NULL, &err), JF_OK);
	assert_int_equal(staff_census(&f->lg, &staff, &managers, &err), JF_OK);
	assert_int_equal(staff, 0);
	assert_int_equal(managers, 0);
	/* A cashier but no manager: ids are checked, roles too, PINs not needed. */
	add(f, "cash", CASH_CARD, STAFF_CASHIER, "5678");
	assert_refused(staff_authorize(&f->lg, "earn", "till-7", NULL, &err), &err, JF_NOTFOUND,
		       JF_R_UNKNOWN_STAFF);
	assert_int_equal(staff_authorize(&f->lg, "grant", NULL, NULL, &err), JF_OK);
	assert_refused(staff_authorize(&f->lg, "grant", "cash", NULL, &err), &err, JF_AUTH,
		       JF_R_MANAGER_ONLY);
	assert_int_equal(staff_authorize(&f->lg, "earn", "cash", NULL, &err), JF_OK);
	/* A manager: grant needs a manager and the PIN. */
	add(f, "boss", BOSS_CARD, STAFF_MANAGER, "1234");
	assert_int_equal(staff_census(&f->lg, &staff, &managers, &err), JF_OK);
	assert_int_equal(staff, 2);
	assert_int_equal(managers, 1);
	assert_refused(staff_authorize(&f->lg, "grant", NULL, NULL, &err), &err, JF_AUTH,
		       JF_R_STAFF_PIN_REQUIRED);
	assert_string_equal(err.text, "grant");
	assert_refused(staff_authorize(&f->lg, "grant", "boss", NULL, &err), &err, JF_AUTH,
		       JF_R_STAFF_PIN_REQUIRED);
	assert_refused(staff_authorize(&f->lg, "grant", "cash", "5678", &err), &err, JF_AUTH,
		       JF_R_MANAGER_ONLY);
	assert_refused(staff_authorize(&f->lg, "grant", "boss", "0000", &err), &err, JF_AUTH,
		       JF_R_WRONG_PIN);
	assert_int_equal(staff_authorize(&f->lg, "grant", "boss", "1234", &err), JF_OK);
	/* An action on no list: the shell user still may. */
	assert_int_equal(staff_authorize(&f->lg, "earn", NULL, NULL, &err), JF_OK);
	assert_int_equal(staff_authorize(&f->lg, NULL, NULL, NULL, &err), JF_OK);
	/* A PIN given is always checked, and counted. */
	assert_refused(staff_authorize(&f->lg, "earn", "cash", "0000", &err), &err, JF_AUTH,
		       JF_R_WRONG_PIN);
	assert_int_equal(fixture_sql_int(f->path, "SELECT pin_failures FROM staff "
				       "WHERE id = 'cash'"), 1);
	/* pin_required alone: any staff member, with the PIN. */
	f->cfg.manager_only = 0;
	f->cfg.pin_required = 1u << ACTION_EARN;
	assert_refused(staff_authorize(&f->lg, "earn", "cash", NULL, &err), &err, JF_AUTH,
		       JF_R_STAFF_PIN_REQUIRED);
	assert_int_equal(staff_authorize(&f->lg, "earn", "cash", "5678", &err), JF_OK);
	assert_int_equal(staff_authorize(&f->lg, "grant", NULL, NULL, &err), JF_OK);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_find_list),
		T(test_list),
		T(test_bad_input),
		T(test_cards_and_ids),
		T(test_disable),
		T(test_pin_and_lockout),
		T(test_roles),
		T(test_authorize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
