/*
 * test_member: members, cards and PINs. Bad fields are refused before
 * anything is written; a PIN is checked against its hash; too many wrong
 * PINs lock the card for a while, and the lock holds across a restart.
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
#include "ledger.h"
#include "member.h"
#include "verify.h"

#define ANN "10000001"

static void
act_at(struct fixture *f, const char *staff, const char *terminal)
{
	struct actor a;
	struct jf_error err;

	if (staff) {
		assert_int_equal(actor_staff(&a, staff, &err), JF_OK);
		ledger_act_as(&f->lg, &a);
	} else {
		ledger_act_as(&f->lg, NULL);
	}
	snprintf(f->cfg.terminal, sizeof f->cfg.terminal, "%s", terminal);
}

static void
assert_verify_fails(struct fixture *f, const char *problem)
{
	struct verify_report vr;
	struct jf_error err;

	assert_int_equal(verify_ledger(&f->lg, &vr, &err), JF_INTEGRITY);
	assert_non_null(strstr(vr.problem, problem));
}

static int64_t
member_count(struct fixture *f)
{
	struct ledger_summary s;
	struct jf_error err;

	assert_int_equal(ledger_summary(&f->lg, &s, &err), JF_OK);
	return s.members;
}

static void
test_add_and_find(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { ANN, "王小明", "1990-05-17", "+86 138-0013-8000", NULL };
	struct member got;
	struct jf_error err;

	assert_int_equal(member_add(&f->lg, &m, &err), JF_OK);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_string_equal(got.card, ANN);
	assert_string_equal(got.name, "王小明");
	assert_string_equal(got.birthday, "1990-05-17");
	assert_string_equal(got.phone, "+86 138-0013-8000");
	assert_string_equal(got.family, "");
	assert_int_equal(got.has_pin, 0);
	assert_int_equal(got.locked_until, 0);
	assert_int_equal(got.created_at, clock_now());
	/* A new member has both purses, empty. */
	assert_int_equal(fixture_total(f, ANN, KIND_POINTS), 0);
	assert_int_equal(fixture_total(f, ANN, KIND_GREEN), 0);
	assert_int_equal(member_find(&f->lg, "10000009", &got, &err), JF_NOTFOUND);
	assert_int_equal(member_find(&f->lg, "1", &got, &err), JF_USAGE);
	fixture_verify_ok(f);
}

/* Members of every age: a birthday long before 1970 is a real date. */
static void
test_older_members(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { ANN, "Zhang Laoshi", "1948-10-01", NULL, NULL };
	struct member got;
	struct jf_error err;

	jf_error_clear(&err);
	if (member_add(&f->lg, &m, &err) != JF_OK)
		fail_msg("born 1948: %s", err.message);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_string_equal(got.birthday, "1948-10-01");
	m.card = "10000002";
	m.birthday = "1969-12-31";
	assert_int_equal(member_add(&f->lg, &m, &err), JF_OK);
	m.card = "10000003";
	m.birthday = "1900-02-29"; /* 1900 was not a leap year */
	assert_int_equal(member_add(&f->lg, &m, &err), JF_USAGE);
	fixture_verify_ok(f);
}

/* A name is text, bound as a value: quotes and SQL in it are stored verbatim. */
static void
test_name_is_only_text(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { ANN, "Robert'); DROP TABLE member;--", NULL, NULL, NULL };
	struct member got;
	struct jf_error err;

	assert_int_equal(member_add(&f->lg, &m, &err), JF_OK);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_string_equal(got.name, "Robert'); DROP TABLE member;--");
	assert_int_equal(member_count(f), 1);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM member"), 1);
	fixture_verify_ok(f);
}

struct listed {
	int count;
	char cards[4][MEMBER_CARD_SIZE];
};

static int
collect(const struct member *m, void *ctx)
{
	struct listed *l = ctx;

	if (l->count < 4)
		snprintf(l->cards[l->count], sizeof l->cards[0], "%s", m->card);
	l->count++;
	return 0;
}

static void
test_list_ordered_by_card(void **state)
{
	struct fixture *f = *state;
	struct listed l = { 0 };
	struct jf_error err;

	fixture_add_member(f, "30000000", "C");
	fixture_add_member(f, "10000000", "A");
	fixture_add_member(f, "20000000", "B");
	assert_int_equal(member_list(&f->lg, collect, &l, &err), JF_OK);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.cards[0], "10000000");
	assert_string_equal(l.cards[1], "20000000");
	assert_string_equal(l.cards[2], "30000000");
}

static void
test_duplicate_card(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { ANN, "Someone Else", NULL, NULL, NULL };
	struct member got;
	struct jf_error err;

	fixture_add_member(f, ANN, "Ann");
	assert_int_equal(member_add(&f->lg, &m, &err), JF_CONFLICT);
	assert_non_null(strstr(err.message, ANN));
	assert_int_equal(member_count(f), 1);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_string_equal(got.name, "Ann");
	fixture_verify_ok(f);
}

static void
test_bad_fields_write_nothing(void **state)
{
	struct fixture *f = *state;
	const struct member_new bad[] = {
		{ "1234", "Ann", NULL, NULL, NULL },
		{ "1234567890123456789012", "Ann", NULL, NULL, NULL },
		{ "1000000x", "Ann", NULL, NULL, NULL },
		{ ANN, "", NULL, NULL, NULL },
		{ ANN, "   ", NULL, NULL, NULL },
		{ ANN, "Ann\x1b[2J", NULL, NULL, NULL },
		{ ANN, "Ann\xc2\x9b", NULL, NULL, NULL },
		{ ANN, "\xff\xfe", NULL, NULL, NULL },
		{ ANN, "Ann", "2026-02-30", NULL, NULL },
		{ ANN, "Ann", "1990-5-17", NULL, NULL },
		{ ANN, "Ann", "2026-03-02", NULL, NULL }, /* tomorrow: not born yet */
		{ ANN, "Ann", NULL, "call me", NULL },
		{ ANN, "Ann", NULL, "12", NULL },
		{ ANN, "Ann", NULL, NULL, "12" },
		{ ANN, "Ann", NULL, NULL, "12ab" },
		{ ANN, "Ann", NULL, NULL, "1234567" },
	};
	const struct member_new born_today = { ANN, "Ann", "2026-03-01", NULL, NULL };
	struct jf_error err;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		jf_error_clear(&err);
		if (member_add(&f->lg, &bad[i], &err) != JF_USAGE)
			fail_msg("bad member %zu was not refused as usage", i);
		assert_true(strlen(err.message) > 0);
		assert_null(strchr(err.message, '\x1b'));
	}
	assert_int_equal(member_count(f), 0);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM account "
						  "WHERE member_id IS NOT NULL"),
			 0);
	/* A birthday of today is fine. */
	assert_int_equal(member_add(&f->lg, &born_today, &err), JF_OK);
	assert_int_equal(member_count(f), 1);
	fixture_verify_ok(f);
}

static void
test_luhn_when_configured(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { "4111111111111112", "Ann", NULL, NULL, NULL };
	struct jf_error err;

	f->cfg.card_check = CARD_CHECK_LUHN;
	assert_int_equal(member_add(&f->lg, &m, &err), JF_USAGE);
	m.card = "4111111111111111";
	assert_int_equal(member_add(&f->lg, &m, &err), JF_OK);
	assert_int_equal(member_count(f), 1);
}

static void
test_pin_right_and_wrong(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { ANN, "Ann", NULL, NULL, "2468" };
	struct member got;
	struct jf_error err;
	char hash[200];

	assert_int_equal(member_add(&f->lg, &m, &err), JF_OK);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_OK);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2469", &err), JF_AUTH);
	assert_non_null(strstr(err.message, "PIN"));
	assert_int_equal(member_check_pin(&f->lg, ANN, "", &err), JF_AUTH);
	assert_int_equal(member_check_pin(&f->lg, ANN, "24680", &err), JF_AUTH);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_int_equal(got.has_pin, 1);
	assert_int_equal(got.pin_failures, 3);
	/* A right PIN clears the count. */
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_OK);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_int_equal(got.pin_failures, 0);
	/* Only a hash is stored, never the PIN. */
	fixture_sql_text(f->path, "SELECT pin_hash FROM member", hash, sizeof hash);
	assert_null(strstr(hash, "2468"));
	assert_non_null(strstr(hash, "argon2id"));
	assert_int_equal(member_check_pin(&f->lg, "10000009", "2468", &err), JF_NOTFOUND);
}

static void
test_no_pin_is_refused(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;

	fixture_add_member(f, ANN, "Ann");
	assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	assert_int_equal(member_check_pin(&f->lg, ANN, "", &err), JF_AUTH);
	/* Set at the counter, then it works. */
	assert_int_equal(member_set_pin(&f->lg, ANN, "12", &err), JF_USAGE);
	assert_int_equal(member_set_pin(&f->lg, "10000009", "1357", &err), JF_NOTFOUND);
	assert_int_equal(member_set_pin(&f->lg, ANN, "1357", &err), JF_OK);
	assert_int_equal(member_check_pin(&f->lg, ANN, "1357", &err), JF_OK);
}

static void
test_lock_out(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { ANN, "Ann", NULL, NULL, "2468" };
	struct jf_error err;

	f->cfg.pin_attempts = 3;
	f->cfg.pin_lock_minutes = 15;
	assert_int_equal(member_add(&f->lg, &m, &err), JF_OK);
	/* Two wrong, then right: the count starts again. */
	assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_OK);
	for (int i = 0; i < f->cfg.pin_attempts; i++)
		assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	/* Locked: even the right PIN is refused, and says why. */
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_AUTH);
	assert_non_null(strstr(err.message, "locked"));

	/* A restart (or another kiosk) does not unlock it. */
	fixture_reopen(f);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_AUTH);
	assert_non_null(strstr(err.message, "locked"));
	fixture_advance(14 * 60);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_AUTH);
	/* After pin_lock_minutes it opens again. */
	fixture_advance(60 + 1);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_OK);
	fixture_verify_ok(f);
}

/* A lock-out is a time, not a duration counted by the clock: a clock that
 * steps back a few minutes (within the ledger's clock tolerance) keeps the
 * card locked until the same moment, and neither moves the end nor lets a
 * wrong PIN in; stepping forward past it opens the card (issue 9, defect 2). */
static void
test_lock_out_clock_jumps(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { ANN, "Ann", NULL, NULL, "2468" };
	struct member got;
	struct jf_error err;
	int64_t until;

	f->cfg.pin_attempts = 2;
	f->cfg.pin_lock_minutes = 15;
	assert_int_equal(member_add(&f->lg, &m, &err), JF_OK);
	for (int i = 0; i < f->cfg.pin_attempts; i++)
		assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	until = got.locked_until;
	assert_int_equal(until, clock_now() + 15 * 60);
	fixture_advance(-4 * 60);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_AUTH);
	assert_int_equal(err.reason, JF_R_LOCKED);
	assert_int_equal(err.num[0], until);
	assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_int_equal(got.locked_until, until);
	fixture_advance(4 * 60 + 15 * 60 - 1);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_AUTH);
	fixture_advance(2);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_OK);
	fixture_verify_ok(f);
}

/* The counter resets at the counter: a new PIN unlocks at once. */
static void
test_set_pin_unlocks(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { ANN, "Ann", NULL, NULL, "2468" };
	struct jf_error err;

	f->cfg.pin_attempts = 2;
	assert_int_equal(member_add(&f->lg, &m, &err), JF_OK);
	assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_AUTH);
	assert_int_equal(member_set_pin(&f->lg, ANN, "8642", &err), JF_OK);
	assert_int_equal(member_check_pin(&f->lg, ANN, "2468", &err), JF_AUTH);
	assert_int_equal(member_check_pin(&f->lg, ANN, "8642", &err), JF_OK);
}

/* Who set the PIN, where; where wrong PINs were typed and the card locked. */
static void
test_pin_stamps(void **state)
{
	struct fixture *f = *state;
	struct member_new m = { ANN, "Ann", NULL, NULL, "2468" };
	struct member got;
	struct jf_error err;
	int64_t t0 = clock_now();

	f->cfg.pin_attempts = 2;
	act_at(f, "S017", "C01");
	assert_int_equal(member_add(&f->lg, &m, &err), JF_OK);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_string_equal(got.created_by, "staff:S017");
	assert_string_equal(got.created_terminal, "C01");
	assert_int_equal(got.pin_set_at, t0);
	assert_string_equal(got.pin_set_by, "staff:S017");
	assert_string_equal(got.pin_set_terminal, "C01");
	assert_int_equal(got.pin_failed_at, 0);
	assert_int_equal(got.locked_at, 0);

	/* At a kiosk nobody acts until the PIN is right: the terminal is kept. */
	act_at(f, NULL, "K07");
	fixture_advance(60);
	assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_int_equal(got.pin_failed_at, t0 + 60);
	assert_string_equal(got.pin_failed_terminal, "K07");
	assert_int_equal(got.locked_at, 0);
	act_at(f, NULL, "K08");
	fixture_advance(60);
	assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_int_equal(got.locked_at, t0 + 120);
	assert_string_equal(got.locked_terminal, "K08");
	assert_string_equal(got.pin_failed_terminal, "K08");
	assert_true(got.locked_until > clock_now());

	/* Reset at the counter: who and where; the lock-out stays on record. */
	act_at(f, NULL, "C02");
	assert_int_equal(member_set_pin(&f->lg, ANN, "1357", &err), JF_ERR);
	assert_non_null(strstr(err.message, "nobody"));
	act_at(f, "desk-2", "C02");
	fixture_advance(60);
	assert_int_equal(member_set_pin(&f->lg, ANN, "1357", &err), JF_OK);
	assert_int_equal(member_check_pin(&f->lg, ANN, "1357", &err), JF_OK);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_int_equal(got.pin_set_at, t0 + 180);
	assert_string_equal(got.pin_set_by, "staff:desk-2");
	assert_string_equal(got.pin_set_terminal, "C02");
	assert_int_equal(got.locked_until, 0);
	assert_int_equal(got.locked_at, t0 + 120);
	assert_string_equal(got.locked_terminal, "K08");
	fixture_verify_ok(f);

	/* A stamp without its actor or terminal is found by verify. */
	fixture_sql_exec(f->path, "UPDATE member SET pin_set_by = ''");
	assert_verify_fails(f, "PIN change");
	fixture_sql_exec(f->path, "UPDATE member SET pin_set_by = 'staff:x', locked_terminal = ''");
	assert_verify_fails(f, "lock-out");
	fixture_sql_exec(f->path, "UPDATE member SET locked_terminal = 'K08', "
				  "pin_failed_terminal = ''");
	assert_verify_fails(f, "PIN change or lock-out");
	fixture_sql_exec(f->path, "UPDATE member SET pin_failed_terminal = 'K08', pin_set_at = 0");
	assert_verify_fails(f, "member 1");
	fixture_sql_exec(f->path, "UPDATE member SET pin_set_at = 1, created_terminal = ''");
	assert_verify_fails(f, "member 1");
}

/* Notices marked seen say by whom and where; nobody acting marks none. */
static void
test_notices_seen_stamped(void **state)
{
	struct fixture *f = *state;
	struct jf_error err;
	int64_t ids[2] = { 1, 2 };
	char text[64];

	fixture_add_member(f, ANN, "Ann");
	fixture_sql_exec(f->path, "INSERT INTO notice(member_id, created_at, kind, text, "
				  "created_by, created_terminal) VALUES "
				  "(1, 1, 'compensation', 'one', 'staff:x', 'C01'), "
				  "(1, 2, 'compensation', 'two', 'staff:x', 'C01')");
	act_at(f, NULL, "K03");
	assert_int_equal(member_notices_seen(&f->lg, ANN, ids, 2, &err), JF_ERR);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM notice WHERE seen = 0"), 2);
	fixture_act(f);
	assert_int_equal(member_notices_seen(&f->lg, ANN, ids, 1, &err), JF_OK);
	fixture_sql_text(f->path, "SELECT seen_by || '@' || seen_terminal FROM notice WHERE id = 1",
			 text, sizeof text);
	assert_string_equal(text, "shell:tester@K03");
	assert_int_equal(fixture_sql_int(f->path, "SELECT seen_at FROM notice WHERE id = 1"),
			 clock_now());
	fixture_verify_ok(f);
	fixture_sql_exec(f->path, "UPDATE notice SET seen = 1 WHERE id = 2");
	assert_verify_fails(f, "notice 2");
}

/* A write refused for a clock behind the ledger: JF_CONFLICT, the reason. */
static void
assert_clock_behind(enum jf_status st, const struct jf_error *err)
{
	assert_int_equal(st, JF_CONFLICT);
	assert_int_equal(err->reason, JF_R_CLOCK_BEHIND);
}

/* PIN attempts, lock-outs, new PINs, notices seen and new members are
 * writes like any other: with the clock more than the tolerance behind the
 * ledger's latest entry they are refused and write nothing, even a wrong
 * PIN's count (issue 9, defect 2); within the tolerance they go through. */
static void
test_clock_behind_refuses_member_writes(void **state)
{
	struct fixture *f = *state;
	struct member_new ann = { ANN, "Ann", NULL, NULL, "2468" };
	struct member_new bob = { "10000002", "Bob", NULL, NULL, NULL };
	struct member got;
	struct jf_error err;
	int64_t ids[1] = { 1 };
	char hash[200], hash_after[200];

	f->cfg.pin_attempts = 3;
	assert_int_equal(member_add(&f->lg, &ann, &err), JF_OK);
	fixture_sql_exec(f->path, "INSERT INTO notice(member_id, created_at, kind, text, "
				  "created_by, created_terminal) VALUES "
				  "(1, 1, 'compensation', 'one', 'staff:x', 'C01')");
	fixture_sql_text(f->path, "SELECT pin_hash FROM member", hash, sizeof hash);
	/* One entry written with the clock a day ahead, then the clock right. */
	fixture_advance(86400);
	fixture_grant(f, ANN, 10, KIND_POINTS);
	fixture_advance(-86400 + 60);
	for (int i = 0; i < f->cfg.pin_attempts + 1; i++)
		assert_clock_behind(member_check_pin(&f->lg, ANN, "0000", &err), &err);
	assert_clock_behind(member_check_pin(&f->lg, ANN, "2468", &err), &err);
	assert_non_null(strstr(err.message, "behind the ledger"));
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_int_equal(got.pin_failures, 0);
	assert_int_equal(got.locked_until, 0);
	assert_clock_behind(member_set_pin(&f->lg, ANN, "1357", &err), &err);
	fixture_sql_text(f->path, "SELECT pin_hash FROM member", hash_after, sizeof hash_after);
	assert_string_equal(hash, hash_after);
	assert_clock_behind(member_notices_seen(&f->lg, ANN, ids, 1, &err), &err);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM notice WHERE seen = 0"), 1);
	assert_clock_behind(member_add(&f->lg, &bob, &err), &err);
	assert_int_equal(member_count(f), 1);

	/* Within the tolerance (300 s) of the latest entry: written. */
	fixture_advance(86400 - 60 - 200);
	for (int i = 0; i < f->cfg.pin_attempts; i++)
		assert_int_equal(member_check_pin(&f->lg, ANN, "0000", &err), JF_AUTH);
	assert_int_equal(member_find(&f->lg, ANN, &got, &err), JF_OK);
	assert_true(got.locked_until > clock_now()); /* locked; the count starts again */
	assert_int_equal(member_set_pin(&f->lg, ANN, "1357", &err), JF_OK);
	assert_int_equal(member_notices_seen(&f->lg, ANN, ids, 1, &err), JF_OK);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM notice WHERE seen = 0"), 0);
	assert_int_equal(member_add(&f->lg, &bob, &err), JF_OK);
	assert_int_equal(member_check_pin(&f->lg, ANN, "1357", &err), JF_OK);
	fixture_verify_ok(f);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

/* One masking rule for every screen: the first 3 and last 4 digits of a
 * long number, the last 2 of a short one, nothing of a tiny one. */
static void
test_mask_phone(void **state)
{
	static const struct {
		const char *phone, *masked;
	} cases[] = {
		{ "13800138001", "138****8001" },
		{ "", "" },
		{ "12", "**" },
		{ "123", "***" },
		{ "1234", "**34" },
		{ "1234567", "*****67" },
		{ "12345678", "123*5678" },
		{ "+86 138-0013-8001", "+86 1**-****-8001" },
		{ "008613800138001234", "008***********1234" },
		/* Not a valid phone, still never shown: letters are masked too. */
		{ "abc12345678", "***123*5678" },
		{ "---", "---" },
	};
	char out[32], small[5];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		member_mask_phone(cases[i].phone, out, sizeof out);
		assert_string_equal(out, cases[i].masked);
	}
	/* Too small a buffer cuts the masked text; it never shows more. */
	member_mask_phone("13800138001", small, sizeof small);
	assert_string_equal(small, "138*");
	member_mask_phone("13800138001", small, 1);
	assert_string_equal(small, "");
}

struct found {
	char cards[4][MEMBER_CARD_SIZE];
	int n;
};

static int
collect_found(const struct member *m, void *ctx)
{
	struct found *fd = ctx;

	if (fd->n < 4)
		snprintf(fd->cards[fd->n++], MEMBER_CARD_SIZE, "%s", m->card);
	return 0;
}

static void
test_find_by_phone(void **state)
{
	struct fixture *f = *state;
	struct member_new a = { "10000002", "Bob", NULL, "13800138001", NULL };
	struct member_new b = { "10000003", "Carol", NULL, "13800138001", NULL };
	struct member_new c = { "10000004", "Dan", NULL, "13900000000", NULL };
	struct found fd = { { { 0 } }, 0 };
	struct jf_error err;

	assert_int_equal(member_add(&f->lg, &b, &err), JF_OK);
	assert_int_equal(member_add(&f->lg, &a, &err), JF_OK);
	assert_int_equal(member_add(&f->lg, &c, &err), JF_OK);
	fixture_add_member(f, ANN, "Ann"); /* no phone */
	assert_int_equal(member_find_phone(&f->lg, "13800138001", collect_found, &fd, &err), JF_OK);
	assert_int_equal(fd.n, 2);
	assert_string_equal(fd.cards[0], "10000002"); /* by card */
	assert_string_equal(fd.cards[1], "10000003");
	fd.n = 0;
	assert_int_equal(member_find_phone(&f->lg, "13700000000", collect_found, &fd, &err), JF_OK);
	assert_int_equal(fd.n, 0);
	assert_int_equal(member_find_phone(&f->lg, "x", collect_found, &fd, &err), JF_USAGE);
	/* The phone index answers it, not a scan of every member. */
	assert_true(fixture_has_index(f->path, "member_phone"));
}

static void
test_change_card(void **state)
{
	struct fixture *f = *state;
	struct member_new bob = { "10000002", "Bob", NULL, NULL, "2468" };
	struct member m;
	struct jf_error err;
	char text[64];
	int64_t entries;

	assert_int_equal(member_add(&f->lg, &bob, &err), JF_OK);
	fixture_grant(f, "10000002", 70, KIND_POINTS);
	entries = fixture_entries(f);
	assert_int_equal(member_change_card(&f->lg, "10000002", "20000002", &m, &err), JF_OK);
	assert_string_equal(m.card, "20000002");
	assert_string_equal(m.name, "Bob");
	assert_int_equal(m.has_pin, 1);
	/* Points and PIN carry over; no entry was written. */
	assert_int_equal(fixture_total(f, "20000002", KIND_POINTS), 70);
	assert_int_equal(fixture_entries(f), entries);
	assert_int_equal(member_check_pin(&f->lg, "20000002", "2468", &err), JF_OK);
	/* The old card is nobody's any more, at the kiosk's login too. */
	assert_int_equal(member_find(&f->lg, "10000002", &m, &err), JF_NOTFOUND);
	assert_non_null(strstr(err.message, "replaced"));
	assert_int_equal(member_check_pin(&f->lg, "10000002", "2468", &err), JF_NOTFOUND);
	assert_int_equal(fixture_sql_int(f->path, "SELECT pin_failures FROM member "
						  "WHERE card = '20000002'"), 0);
	/* Who did it, and where. */
	fixture_sql_text(f->path, "SELECT actor || ' ' || terminal FROM card_change", text,
			 sizeof text);
	assert_true(strncmp(text, "shell:tester ", 13) == 0);
	assert_string_equal(text + 13, f->cfg.terminal);
	fixture_verify_ok(f);
}

static void
test_change_card_refusals(void **state)
{
	struct fixture *f = *state;
	struct member_new again = { "10000002", "Eve", NULL, NULL, NULL };
	struct member m;
	struct jf_error err;

	fixture_add_member(f, ANN, "Ann");
	fixture_add_member(f, "10000002", "Bob");
	assert_int_equal(member_change_card(&f->lg, "10000002", "20000002", &m, &err), JF_OK);
	/* A retired card is never given again, to a new member or another card. */
	assert_int_equal(member_add(&f->lg, &again, &err), JF_CONFLICT);
	assert_non_null(strstr(err.message, "replaced"));
	assert_int_equal(member_change_card(&f->lg, ANN, "10000002", &m, &err), JF_CONFLICT);
	assert_int_equal(member_change_card(&f->lg, ANN, "20000002", &m, &err), JF_CONFLICT);
	assert_int_equal(member_change_card(&f->lg, "10000002", "30000002", &m, &err),
			 JF_NOTFOUND);
	assert_int_equal(member_change_card(&f->lg, "10000009", "30000002", &m, &err),
			 JF_NOTFOUND);
	assert_int_equal(member_change_card(&f->lg, ANN, ANN, &m, &err), JF_USAGE);
	assert_int_equal(member_change_card(&f->lg, ANN, "12ab", &m, &err), JF_USAGE);
	/* Nobody acting: refused loudly, nothing written. */
	ledger_act_as(&f->lg, NULL);
	assert_int_equal(member_change_card(&f->lg, ANN, "30000001", &m, &err), JF_ERR);
	assert_non_null(strstr(err.message, "nobody"));
	fixture_act(f);
	assert_int_equal(fixture_sql_int(f->path, "SELECT count(*) FROM card_change"), 1);
	assert_int_equal(member_find(&f->lg, ANN, &m, &err), JF_OK);
	fixture_verify_ok(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_and_find),
		T(test_older_members),
		T(test_name_is_only_text),
		T(test_list_ordered_by_card),
		T(test_duplicate_card),
		T(test_bad_fields_write_nothing),
		T(test_luhn_when_configured),
		T(test_pin_right_and_wrong),
		T(test_no_pin_is_refused),
		T(test_lock_out),
		T(test_lock_out_clock_jumps),
		T(test_set_pin_unlocks),
		T(test_pin_stamps),
		T(test_notices_seen_stamped),
		T(test_clock_behind_refuses_member_writes),
		T(test_mask_phone),
		T(test_find_by_phone),
		T(test_change_card),
		T(test_change_card_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
