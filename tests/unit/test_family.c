/*
 * test_family: families share green points. A member belongs to one family
 * at most; names are unique; listing shows the owner first.
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
#include "family.h"
#include "fixture.h"
#include "verify.h"
#include "ledger.h"
#include "member.h"

#define MOM "10000001"
#define KID "10000002"
#define DAD "10000003"
#define NEIGH "10000004"

static int
setup(void **state)
{
	return fixture_setup_with(state, MOM, "Li Mei", KID, "Li Lei", DAD, "Li Gang", NEIGH, "Wang Fang", NULL);
}

struct rows {
	int count;
	char family[8][32];
	char card[8][MEMBER_CARD_SIZE];
	char name[8][32];
	int owner[8];
	int64_t points[8], green[8];
	int64_t added_at[8];
	char added_by[8][ACTOR_TEXT_SIZE];
	char added_terminal[8][SETTINGS_TERMINAL_SIZE];
};

static int
collect(const struct family_row *row, void *ctx)
{
	struct rows *r = ctx;
	int i = r->count++;

	if (i >= 8)
		return 1;
	snprintf(r->family[i], sizeof r->family[i], "%s", row->family);
	snprintf(r->card[i], sizeof r->card[i], "%s", row->card);
	snprintf(r->name[i], sizeof r->name[i], "%s", row->name);
	r->owner[i] = row->owner;
	r->points[i] = row->points;
	r->green[i] = row->green;
	r->added_at[i] = row->added_at;
	snprintf(r->added_by[i], sizeof r->added_by[i], "%s", row->added_by);
	snprintf(r->added_terminal[i], sizeof r->added_terminal[i], "%s", row->added_terminal);
	return 0;
}

static int64_t
family_count(struct fixture *f)
{
	struct ledger_summary s;
	struct jf_error err;

	assert_int_equal(ledger_summary(&f->lg, &s, &err), JF_OK);
	return s.families;
}

static void
test_create_add_list(void **state)
{
	struct fixture *f = *state;
	struct rows r;
	struct member m;
	struct jf_error err;

	assert_int_equal(family_create(&f->lg, "李家", MOM, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "李家", KID, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "李家", DAD, &err), JF_OK);
	assert_int_equal(family_count(f), 1);
	fixture_grant(f, KID, 30, KIND_GREEN);
	fixture_grant(f, DAD, 12, KIND_POINTS);

	memset(&r, 0, sizeof r);
	assert_int_equal(family_list(&f->lg, "李家", collect, &r, &err), JF_OK);
	assert_int_equal(r.count, 3);
	/* The owner first, then the others by card. */
	assert_string_equal(r.card[0], MOM);
	assert_int_equal(r.owner[0], 1);
	assert_string_equal(r.card[1], KID);
	assert_int_equal(r.owner[1], 0);
	assert_string_equal(r.name[1], "Li Lei");
	assert_int_equal(r.green[1], 30);
	assert_string_equal(r.card[2], DAD);
	assert_int_equal(r.points[2], 12);
	assert_string_equal(r.family[2], "李家");

	assert_int_equal(member_find(&f->lg, KID, &m, &err), JF_OK);
	assert_string_equal(m.family, "李家");
	assert_int_equal(member_find(&f->lg, NEIGH, &m, &err), JF_OK);
	assert_string_equal(m.family, "");
	fixture_verify_ok(f);
}

static void
test_list_all_families(void **state)
{
	struct fixture *f = *state;
	struct rows r;
	struct jf_error err;

	assert_int_equal(family_create(&f->lg, "Wang", NEIGH, &err), JF_OK);
	assert_int_equal(family_create(&f->lg, "Li", MOM, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "Li", KID, &err), JF_OK);
	memset(&r, 0, sizeof r);
	assert_int_equal(family_list(&f->lg, NULL, collect, &r, &err), JF_OK);
	assert_int_equal(r.count, 3);
	assert_string_equal(r.family[0], "Li");
	assert_string_equal(r.family[1], "Li");
	assert_string_equal(r.family[2], "Wang");
	assert_int_equal(family_count(f), 2);
	memset(&r, 0, sizeof r);
	assert_int_equal(family_list(&f->lg, "Zhang", collect, &r, &err), JF_NOTFOUND);
	assert_int_equal(r.count, 0);
}

static void
test_one_family_per_member(void **state)
{
	struct fixture *f = *state;
	struct member m;
	struct jf_error err;

	assert_int_equal(family_create(&f->lg, "Li", MOM, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "Li", KID, &err), JF_OK);
	assert_int_equal(family_create(&f->lg, "Wang", NEIGH, &err), JF_OK);

	/* Already in Li: neither joining Wang nor founding another family. */
	assert_int_equal(family_add(&f->lg, "Wang", KID, &err), JF_CONFLICT);
	assert_non_null(strstr(err.message, "Li"));
	assert_int_equal(family_create(&f->lg, "Kid's own", KID, &err), JF_CONFLICT);
	assert_int_equal(family_add(&f->lg, "Li", KID, &err), JF_CONFLICT);
	assert_int_equal(member_find(&f->lg, KID, &m, &err), JF_OK);
	assert_string_equal(m.family, "Li");
	assert_int_equal(family_count(f), 2);
	fixture_verify_ok(f);
}

static void
test_refusals_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct member m;
	struct jf_error err;

	assert_int_equal(family_create(&f->lg, "Li", MOM, &err), JF_OK);
	assert_int_equal(family_create(&f->lg, "Li", DAD, &err), JF_CONFLICT);
	assert_int_equal(family_create(&f->lg, "", DAD, &err), JF_USAGE);
	assert_int_equal(family_create(&f->lg, "Li\x1b[2J", DAD, &err), JF_USAGE);
	assert_int_equal(family_create(&f->lg, "Zhao", "99999999", &err), JF_NOTFOUND);
	assert_int_equal(family_create(&f->lg, "Zhao", "12", &err), JF_USAGE);
	assert_int_equal(family_add(&f->lg, "Zhao", DAD, &err), JF_NOTFOUND);
	assert_int_equal(family_add(&f->lg, "Li", "99999999", &err), JF_NOTFOUND);
	assert_int_equal(family_count(f), 1);
	assert_int_equal(member_find(&f->lg, DAD, &m, &err), JF_OK);
	assert_string_equal(m.family, "");
	/* A refused family name is still free. */
	assert_int_equal(family_create(&f->lg, "Zhao", DAD, &err), JF_OK);
	assert_int_equal(family_count(f), 2);
	fixture_verify_ok(f);
}

static void
act_as_staff(struct fixture *f, const char *staff, const char *terminal)
{
	struct actor a;
	struct jf_error err;

	assert_int_equal(actor_staff(&a, staff, &err), JF_OK);
	ledger_act_as(&f->lg, &a);
	snprintf(f->cfg.terminal, sizeof f->cfg.terminal, "%s", terminal);
}

/* Who started a family and who put each member in it, where and when, is
 * kept and listed; nobody acting is refused before anything is written. */
static void
test_who_added(void **state)
{
	struct fixture *f = *state;
	struct verify_report vr;
	struct member m;
	struct rows r;
	struct jf_error err;
	char text[64];
	int64_t started = clock_now();

	act_as_staff(f, "S017", "K01");
	assert_int_equal(family_create(&f->lg, "Li", MOM, &err), JF_OK);
	fixture_advance(3600);
	act_as_staff(f, "desk-2", "C02");
	assert_int_equal(family_add(&f->lg, "Li", KID, &err), JF_OK);

	memset(&r, 0, sizeof r);
	assert_int_equal(family_list(&f->lg, "Li", collect, &r, &err), JF_OK);
	assert_int_equal(r.count, 2);
	assert_string_equal(r.added_by[0], "staff:S017");
	assert_string_equal(r.added_terminal[0], "K01");
	assert_int_equal(r.added_at[0], started);
	assert_string_equal(r.added_by[1], "staff:desk-2");
	assert_string_equal(r.added_terminal[1], "C02");
	assert_int_equal(r.added_at[1], started + 3600);
	assert_int_equal(member_find(&f->lg, KID, &m, &err), JF_OK);
	assert_string_equal(m.family_by, "staff:desk-2");
	assert_string_equal(m.family_terminal, "C02");
	fixture_sql_text(f->path, "SELECT created_by || '@' || created_terminal FROM family",
			 text, sizeof text);
	assert_string_equal(text, "staff:S017@K01");

	/* Nobody acting: refused loudly, nothing written. */
	ledger_act_as(&f->lg, NULL);
	assert_int_equal(family_add(&f->lg, "Li", DAD, &err), JF_ERR);
	assert_non_null(strstr(err.message, "nobody"));
	assert_int_equal(family_create(&f->lg, "Wang", NEIGH, &err), JF_ERR);
	assert_int_equal(family_count(f), 1);
	assert_int_equal(member_find(&f->lg, DAD, &m, &err), JF_OK);
	assert_string_equal(m.family, "");
	fixture_act(f);
	fixture_verify_ok(f);

	/* A membership or a family that names nobody is found by verify. */
	fixture_sql_exec(f->path, "UPDATE member SET family_by = '' WHERE card = '" KID "'");
	assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
	assert_non_null(strstr(vr.problem, "family membership"));
	fixture_sql_exec(f->path, "UPDATE member SET family_by = 'staff:x' WHERE card = '" KID "'");
	fixture_verify_ok(f);
	fixture_sql_exec(f->path, "UPDATE member SET family_at = 0 WHERE card = '" KID "'");
	assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
	fixture_sql_exec(f->path, "UPDATE member SET family_at = 1 WHERE card = '" KID "'");
	fixture_sql_exec(f->path, "UPDATE family SET created_terminal = ''");
	assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
	assert_non_null(strstr(vr.problem, "family Li"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_add_list),
		T(test_list_all_families),
		T(test_one_family_per_member),
		T(test_refusals_write_nothing),
		T(test_who_added),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
