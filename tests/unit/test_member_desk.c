/*
 * test_member_desk: what the counter does to members and families in core:
 * unlock, edit, erase, find by name, leave a family, hand it over. Every
 * change is a member event with who and where; a refusal says why and
 * writes nothing; erasure keeps the books and verify holds it to that.
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
#include "ledger.h"
#include "member.h"
#include "verify.h"

#define ANN "10000001"
#define BOB "10000002"
#define CAT "10000003"

static void
act_staff(struct fixture *f, const char *staff)
{
	struct actor a;
	struct jf_error err;

	assert_int_equal(actor_staff(&a, staff, &err), JF_OK);
	ledger_act_as(&f->lg, &a);
	snprintf(f->cfg.terminal, sizeof f->cfg.terminal, "%s", "C01");
}

/* The events of a member, as "action:detail:actor:terminal;" each. */
struct events {
	char text[1024];
	int count;
};

static int
keep_event(const struct member_event *ev, void *ctx)
{
	struct events *e = ctx;
	size_t n = strlen(e->text);

	snprintf(e->text + n, sizeof e->text - n, "%s:%s:%s:%s;", ev->action, ev->detail,
		 ev->actor, ev->terminal);
	e->count++;
	return 0;
}

static struct events
events_of(struct fixture *f, const char *card)
{
	struct events e = { "", 0 };
	struct jf_error err;

	assert_int_equal(member_events(&f->lg, card, keep_event, &e, &err), JF_OK);
	return e;
}

static void
assert_verify_fails(struct fixture *f, const char *problem)
{
	struct verify_report vr;
	struct jf_error err;

	assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
	if (!strstr(vr.problem, problem))
		fail_msg("verify says \"%s\", not \"%s\"", vr.problem, problem);
}

static void
test_pin_and_unlock(void **state)
{
	struct fixture *f = *state;
	struct member m;
	struct jf_error err;

	fixture_add_member(f, ANN, "Ann");
	act_staff(f, "desk-1");
	assert_int_equal(member_set_pin(&f->lg, ANN, "1357", &err), JF_OK);
	for (int i = 0; i < f->cfg.pin_attempts; i++)
		member_check_pin(&f->lg, ANN, "0000", &err);
	assert_int_equal(member_check_pin(&f->lg, ANN, "1357", &err), JF_AUTH);
	assert_int_equal(err.reason, JF_R_LOCKED);

	assert_int_equal(member_unlock(&f->lg, "19999999", &err), JF_NOTFOUND);
	assert_int_equal(err.reason, JF_R_UNKNOWN_CARD);
	ledger_act_as(&f->lg, NULL);
	assert_int_equal(member_unlock(&f->lg, ANN, &err), JF_ERR);
	act_staff(f, "desk-2");
	assert_int_equal(member_unlock(&f->lg, ANN, &err), JF_OK);
	assert_int_equal(member_find(&f->lg, ANN, &m, &err), JF_OK);
	assert_int_equal(m.locked_until, 0);
	assert_int_equal(m.pin_failures, 0);
	assert_true(m.locked_at != 0); /* the last lock-out stays on record */
	/* The PIN is unchanged. */
	assert_int_equal(member_check_pin(&f->lg, ANN, "1357", &err), JF_OK);
	assert_string_equal(events_of(f, ANN).text,
			    "pin::staff:desk-1:C01;unlock::staff:desk-2:C01;");
	fixture_verify_ok(f);
}

static void
test_edit(void **state)
{
	struct fixture *f = *state;
	struct member m;
	struct jf_error err;
	struct member_edit none = { 0 }, bad_phone = { .phone = "call me" },
			   future = { .birthday = "2027-01-01" }, empty_name = { .name = "" },
			   all = { .name = "Bob Wang", .phone = "13900139000",
				   .birthday = "1980-02-03" },
			   same = { .name = "Bob Wang" }, no_phone = { .phone = "" };

	fixture_add_member(f, BOB, "Bob");
	act_staff(f, "desk-1");
	assert_int_equal(member_edit(&f->lg, BOB, &none, NULL, &err), JF_USAGE);
	assert_int_equal(member_edit(&f->lg, BOB, &bad_phone, NULL, &err), JF_USAGE);
	assert_int_equal(member_edit(&f->lg, BOB, &future, NULL, &err), JF_USAGE);
	assert_int_equal(member_edit(&f->lg, BOB, &empty_name, NULL, &err), JF_USAGE);
	assert_int_equal(member_edit(&f->lg, "19999999", &all, NULL, &err), JF_NOTFOUND);
	assert_int_equal(events_of(f, BOB).count, 0);

	assert_int_equal(member_edit(&f->lg, BOB, &all, &m, &err), JF_OK);
	assert_string_equal(m.name, "Bob Wang");
	assert_string_equal(m.phone, "13900139000");
	assert_string_equal(m.birthday, "1980-02-03");
	/* Nothing differs: nothing recorded. */
	assert_int_equal(member_edit(&f->lg, BOB, &same, NULL, &err), JF_OK);
	assert_int_equal(member_edit(&f->lg, BOB, &no_phone, &m, &err), JF_OK);
	assert_string_equal(m.phone, "");
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM member "
						  "WHERE card = '" BOB "' AND phone IS NULL"), 1);
	assert_string_equal(events_of(f, BOB).text, "edit:name,phone,birthday:staff:desk-1:C01;"
						    "edit:phone:staff:desk-1:C01;");
	fixture_verify_ok(f);
}

static void
test_erase(void **state)
{
	struct fixture *f = *state;
	struct member_new ann = { ANN, "Ann Li", "1990-05-06", "13800138001", "1357" };
	struct member_edit rename = { .name = "Ann" };
	struct member m;
	struct jf_error err;

	fixture_act(f);
	assert_int_equal(member_add(&f->lg, &ann, &err), JF_OK);
	fixture_add_member(f, BOB, "Bob");
	fixture_grant(f, ANN, 100, KIND_POINTS);
	fixture_grant(f, ANN, 20, KIND_GREEN);
	assert_int_equal(family_create(&f->lg, "Li", ANN, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "Li", BOB, &err), JF_OK);
	act_staff(f, "desk-3");
	fixture_advance(60);
	assert_int_equal(member_erase(&f->lg, ANN, &err), JF_OK);

	assert_int_equal(member_find(&f->lg, ANN, &m, &err), JF_OK);
	assert_string_equal(m.name, MEMBER_ERASED_NAME);
	assert_string_equal(m.phone, "");
	assert_string_equal(m.birthday, "");
	assert_int_equal(m.has_pin, 0);
	assert_string_equal(m.family, "Li");
	assert_int_equal(m.erased_at, clock_now());
	assert_string_equal(m.erased_by, "staff:desk-3");
	assert_string_equal(m.erased_terminal, "C01");
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 100);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 20);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM member WHERE "
						  "phone IS NOT NULL OR birthday IS NOT NULL OR "
						  "pin_hash IS NOT NULL OR name LIKE '%Ann%'"), 0);
	assert_string_equal(events_of(f, ANN).text, "erase::staff:desk-3:C01;");
	fixture_verify_ok(f);

	/* Twice, or taking data back in: refused with when, nothing written. */
	assert_int_equal(member_erase(&f->lg, ANN, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_ERASED);
	assert_int_equal(err.num[0], m.erased_at);
	assert_string_equal(err.text, ANN);
	assert_int_equal(member_edit(&f->lg, ANN, &rename, NULL, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_ERASED);
	assert_int_equal(events_of(f, ANN).count, 1);
	/* The card still holds points: a PIN may be set again. */
	assert_int_equal(member_set_pin(&f->lg, ANN, "2468", &err), JF_OK);
	fixture_verify_ok(f);

	/* Data put back, or an erasure or event naming nobody, is found. */
	fixture_sql_exec(f->path, "UPDATE member SET phone = '13800138001' WHERE card = '" ANN "'");
	assert_verify_fails(f, "after its erasure");
	fixture_sql_exec(f->path, "UPDATE member SET phone = NULL, erased_by = '' "
				  "WHERE card = '" ANN "'");
	assert_verify_fails(f, "erased with no actor");
	fixture_sql_exec(f->path, "UPDATE member SET erased_by = 'staff:desk-3' "
				  "WHERE card = '" ANN "'");
	fixture_verify_ok(f);
	fixture_drop_guard(f->path, "member_event_no_update", "member_event");
	fixture_sql_exec(f->path, "UPDATE member_event SET terminal = ''");
	assert_verify_fails(f, "member event");
}

static int
keep_card(const struct member *m, void *ctx)
{
	strcat(ctx, m->card);
	strcat(ctx, ";");
	return 0;
}

static void
test_find_name(void **state)
{
	struct fixture *f = *state;
	char found[128] = "";
	struct jf_error err;

	fixture_add_member(f, ANN, "Ann Li");
	fixture_add_member(f, BOB, "Bob LIANG");
	fixture_add_member(f, CAT, "100% Cat");
	assert_int_equal(member_find_name(&f->lg, "li", keep_card, found, &err), JF_OK);
	assert_string_equal(found, ANN ";" BOB ";");
	found[0] = '\0';
	/* % and _ are text, not wildcards. */
	assert_int_equal(member_find_name(&f->lg, "0%", keep_card, found, &err), JF_OK);
	assert_string_equal(found, CAT ";");
	found[0] = '\0';
	assert_int_equal(member_find_name(&f->lg, "_", keep_card, found, &err), JF_OK);
	assert_string_equal(found, "");
	assert_int_equal(member_find_name(&f->lg, "", keep_card, found, &err), JF_USAGE);
	act_staff(f, "desk-1");
	assert_int_equal(member_erase(&f->lg, ANN, &err), JF_OK);
	assert_int_equal(member_find_name(&f->lg, "li", keep_card, found, &err), JF_OK);
	assert_string_equal(found, BOB ";");
	found[0] = '\0';
	assert_int_equal(member_find_name(&f->lg, "erased", keep_card, found, &err), JF_OK);
	assert_string_equal(found, "");
}

static void
test_family_desk(void **state)
{
	struct fixture *f = *state;
	char family[FAMILY_NAME_SIZE];
	struct member m;
	struct jf_error err;
	int dissolved = -1, changed = -1;

	fixture_act(f);
	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, BOB, "Bob");
	fixture_add_member(f, CAT, "Cat");
	fixture_grant(f, BOB, 30, KIND_GREEN);
	assert_int_equal(family_create(&f->lg, "Home", ANN, &err), JF_OK);
	assert_int_equal(family_add(&f->lg, "Home", BOB, &err), JF_OK);
	act_staff(f, "desk-1");

	assert_int_equal(family_remove(&f->lg, CAT, family, &dissolved, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_NOT_IN_FAMILY);
	assert_string_equal(err.text, CAT);
	assert_int_equal(family_remove(&f->lg, ANN, family, &dissolved, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_OWNER_LEAVES);
	assert_int_equal(err.num[0], 1);
	assert_string_equal(err.text2, "Home");
	assert_int_equal(family_set_owner(&f->lg, "Home", CAT, &changed, &err), JF_CONFLICT);
	assert_int_equal(err.reason, JF_R_NOT_IN_FAMILY);
	assert_string_equal(err.text2, "Home");
	assert_int_equal(family_set_owner(&f->lg, "Nope", BOB, &changed, &err), JF_NOTFOUND);
	assert_int_equal(err.reason, JF_R_UNKNOWN_FAMILY);
	assert_int_equal(family_set_owner(&f->lg, "Home", ANN, &changed, &err), JF_OK);
	assert_int_equal(changed, 0);

	assert_int_equal(family_set_owner(&f->lg, "Home", BOB, &changed, &err), JF_OK);
	assert_int_equal(changed, 1);
	assert_int_equal(family_remove(&f->lg, ANN, family, &dissolved, &err), JF_OK);
	assert_string_equal(family, "Home");
	assert_int_equal(dissolved, 0);
	assert_int_equal(member_find(&f->lg, ANN, &m, &err), JF_OK);
	assert_string_equal(m.family, "");
	assert_int_equal(m.family_at, 0);
	assert_string_equal(events_of(f, ANN).text, "family_leave:Home:staff:desk-1:C01;");
	assert_string_equal(events_of(f, BOB).text, "family_owner:Home:staff:desk-1:C01;");
	fixture_verify_ok(f);

	/* The last member leaves with their green points: the family goes. */
	assert_int_equal(family_remove(&f->lg, BOB, family, &dissolved, &err), JF_OK);
	assert_int_equal(dissolved, 1);
	assert_int_equal(fixture_total(f, BOB, KIND_GREEN), 30);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM family"), 0);
	fixture_verify_ok(f);
	assert_int_equal(family_create(&f->lg, "Home", CAT, &err), JF_OK);
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pin_and_unlock),
		T(test_edit),
		T(test_erase),
		T(test_find_name),
		T(test_family_desk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
