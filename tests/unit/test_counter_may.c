/*
 * test_counter_may: what the counter's screens ask before a manager's
 * action (counter_may(), src/tui/counter.c): a cashier's session is
 * refused the config's manager_only actions with JF_R_MANAGER_ONLY, a
 * manager's is not, and on a ledger without staff (--staff taken as
 * given) the bootstrapping rule lets anyone act.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "fixture.h"
#include "screen.h"
#include "staff.h"

static void
add(struct fixture *f, const char *id, const char *card, enum staff_role role)
{
	struct jf_error err;
	struct staff_new n = { id, card, "Someone", role, "2468" };

	if (staff_add(&f->lg, &n, &err) != JF_OK)
		fail_msg("staff_add %s: %s", id, err.message);
}

/* A counter signed in as id (found in the ledger; "" fields if none). */
static void
desk(struct fixture *f, struct kiosk *k, const char *id, int found)
{
	memset(k, 0, sizeof *k);
	k->lg = &f->lg;
	k->cfg = f->lg.cfg;
	snprintf(k->counter.staff, sizeof k->counter.staff, "%s", id);
	if (found && staff_find(&f->lg, id, &k->counter.who, &k->err) != JF_OK)
		fail_msg("staff_find %s: %s", id, k->err.message);
}

static void
test_roles(void **state)
{
	struct fixture *f = *state;
	struct kiosk k;

	add(f, "M01", "90000001", STAFF_MANAGER);
	add(f, "S01", "90000002", STAFF_CASHIER);
	desk(f, &k, "S01", 1);
	assert_int_equal(counter_may(&k, "grant"), JF_AUTH);
	assert_int_equal(k.err.reason, JF_R_MANAGER_ONLY);
	assert_int_equal(counter_may(&k, "member erase"), JF_AUTH);
	assert_int_equal(counter_may(&k, "member desk"), JF_OK);
	desk(f, &k, "M01", 1);
	assert_int_equal(counter_may(&k, "grant"), JF_OK);
	assert_int_equal(counter_may(&k, "member erase"), JF_OK);
}

static void
test_no_staff(void **state)
{
	struct fixture *f = *state;
	struct kiosk k;

	desk(f, &k, "S01", 0);
	assert_int_equal(counter_may(&k, "grant"), JF_OK);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_roles),
		T(test_no_staff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
