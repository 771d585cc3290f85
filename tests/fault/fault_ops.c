/*
 * fault_ops: the ledger and the operations the fault tests run (see
 * fault_ops.h). Everything goes through core's public API, so the tests
 * keep working when core's insides change.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "actor.h"
#include "catalog.h"
#include "clock.h"
#include "compensate.h"
#include "daily.h"
#include "fault_ops.h"
#include "member.h"
#include "random.h"
#include "stress.h"
#include "verify.h"
#include "voucher.h"

/* The set-up is dated a year before the operations; its first lot is due by then. */
#define SETUP_OLD "2025-01-10T10:00:00+08:00"
#define SETUP_NOW "2026-03-01T10:00:00+08:00"
#define RUN_NOW "2026-03-01T11:00:00+08:00"

#define ANN "80000001"
#define BOB "80000002"
#define CAT "80000003"
#define STAFF "till-1"

static const char catalog_csv[] =
	"sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,"
	"active_from,active_until,new_until\n"
	"FT-ITEM,测试,Test item,grocery,goods,100,,,,50,0,2026-01-01,2027-12-31,\n"
	"FT-GONE,下架,Delisted item,grocery,goods,50,,,,10,0,2026-01-01,2027-12-31,\n";

static const char catalog_update_csv[] =
	"sku,name_zh,name_en,category,type,points,cash,value,min_spend,stock,green,"
	"active_from,active_until,new_until\n"
	"FT-ITEM,测试,Test item,grocery,goods,120,,,,60,0,2026-01-01,2027-12-31,\n"
	"FT-NEW,新品,New item,grocery,goods,70,,,,5,0,2026-01-01,2027-12-31,\n";

/* The vouchers the set-up issued: to redeem, to cancel, redeemed (to
 * return), and one for the item that is delisted. */
static char v_redeem[VCODE_FULL_LEN + 1], v_cancel[VCODE_FULL_LEN + 1],
	v_return[VCODE_FULL_LEN + 1], v_delist[VCODE_FULL_LEN + 1];

static void
at(const char *iso)
{
	int64_t t;

	if (clock_parse_iso(iso, &t) != JF_OK)
		stress_die("bad time %s", iso);
	clock_set(t);
}

void
fault_pin_run(void)
{
	struct jf_error err;

	at(RUN_NOW);
	if (random_seed("fault-test", &err) != JF_OK)
		stress_die("random_seed: %s", err.message);
}

void
fault_settings(struct settings *cfg)
{
	settings_defaults(cfg);
	cfg->expiry_policy = EXPIRY_ROLLING;
	cfg->expiry_days = 100;
}

void
fault_open(struct ledger *lg, const char *path, const struct settings *cfg)
{
	struct jf_error err;
	struct actor a;

	if (ledger_open(lg, path, cfg, &err) != JF_OK)
		stress_die("cannot open %s: %s", path, err.message);
	actor_shell(&a, "tester");
	ledger_act_as(lg, &a);
}

static void
must(enum jf_status st, const struct jf_error *err, const char *what)
{
	if (st != JF_OK)
		stress_die("set-up, %s: %s", what, err->message);
}

static void
grant(struct ledger *lg, const char *card, int64_t points, enum point_kind kind, const char *key)
{
	struct grant_request r = { card, points, kind, "fault test", key };
	struct ledger_result res;
	struct jf_error err;

	must(ledger_grant(lg, &r, &res, &err), &err, key);
}

static void
issue(struct ledger *lg, const char *card, const char *sku, char *code)
{
	struct voucher v;
	struct jf_error err;

	must(voucher_issue(lg, card, sku, 1, NULL, &v, &err), &err, "voucher");
	snprintf(code, VCODE_FULL_LEN + 1, "%s", v.code);
}

void
fault_setup_base(const char *dir, const struct settings *cfg)
{
	static const char *const fam[] = { ANN, BOB };
	struct import_report r;
	struct ledger_result res;
	struct earn_request e = { ANN, 10000, "R-1", 0, NULL };
	struct ledger lg;
	struct voucher v;
	struct jf_error err;
	char path[4200];
	struct actor a;

	snprintf(path, sizeof path, "%s/ledger.db", dir);
	fault_pin_run();
	at(SETUP_OLD);
	must(ledger_create(&lg, path, cfg, &err), &err, "create");
	actor_shell(&a, "tester");
	ledger_act_as(&lg, &a);
	must(voucher_key_create(&lg, &err), &err, "voucher key");
	stress_add_member(&lg, ANN, "Ann");
	stress_add_member(&lg, BOB, "Bob");
	stress_add_member(&lg, CAT, "Cat");
	stress_add_family(&lg, "Fault", fam, 2);
	grant(&lg, ANN, 300, KIND_POINTS, "old-ann"); /* due long before the operations */
	grant(&lg, CAT, 40, KIND_POINTS, "old-cat");
	at(SETUP_NOW);
	memset(&r, 0, sizeof r);
	must(catalog_import_text(&lg, catalog_csv, strlen(catalog_csv), &r, &err), &err, "catalog");
	import_report_done(&r);
	grant(&lg, ANN, 5000, KIND_POINTS, "ann-points");
	grant(&lg, ANN, 500, KIND_GREEN, "ann-green");
	grant(&lg, BOB, 1000, KIND_POINTS, "bob-points");
	must(ledger_earn(&lg, &e, &res, &err), &err, "earn");
	issue(&lg, ANN, "FT-ITEM", v_redeem);
	issue(&lg, ANN, "FT-ITEM", v_cancel);
	issue(&lg, ANN, "FT-ITEM", v_return);
	must(voucher_redeem(&lg, v_return, STAFF, &v, &err), &err, "redeem");
	issue(&lg, BOB, "FT-GONE", v_delist);
	ledger_close(&lg);
}

/* ---- the operations, one per ledger write a user can make ---- */

static enum jf_status
op_member_add(struct ledger *lg, struct jf_error *err)
{
	struct member_new m = { "80000009", "Dan", "1990-05-01", "13800138009", NULL };

	return member_add(lg, &m, err);
}

static enum jf_status
op_earn(struct ledger *lg, struct jf_error *err)
{
	struct earn_request e = { BOB, 25000, "R-2", 1, NULL };
	struct ledger_result res;

	return ledger_earn(lg, &e, &res, err);
}

static enum jf_status
op_earn_reverse(struct ledger *lg, struct jf_error *err)
{
	struct ledger_result res;

	return ledger_earn_reverse(lg, "R-1", &res, err);
}

static enum jf_status
op_grant(struct ledger *lg, struct jf_error *err)
{
	struct grant_request r = { BOB, 77, KIND_GREEN, "fault bonus", "op-grant" };
	struct ledger_result res;

	return ledger_grant(lg, &r, &res, err);
}

static enum jf_status
op_transfer(struct ledger *lg, struct jf_error *err)
{
	struct transfer_request r = { ANN, BOB, 30, KIND_GREEN, "op-transfer" };
	struct ledger_result res;

	return ledger_transfer(lg, &r, &res, err);
}

static enum jf_status
op_voucher_issue(struct ledger *lg, struct jf_error *err)
{
	struct voucher v;

	return voucher_issue(lg, ANN, "FT-ITEM", 2, "op-issue", &v, err);
}

static enum jf_status
op_voucher_redeem(struct ledger *lg, struct jf_error *err)
{
	struct voucher v;

	return voucher_redeem(lg, v_redeem, STAFF, &v, err);
}

static enum jf_status
op_voucher_cancel(struct ledger *lg, struct jf_error *err)
{
	struct voucher v;

	return voucher_cancel(lg, v_cancel, &v, err);
}

static enum jf_status
op_voucher_return(struct ledger *lg, struct jf_error *err)
{
	struct voucher v;

	return voucher_return(lg, v_return, STAFF, &v, err);
}

static enum jf_status
op_daily(struct ledger *lg, struct jf_error *err)
{
	struct daily_result res;

	return ledger_daily(lg, &res, err);
}

static enum jf_status
op_compensate(struct ledger *lg, struct jf_error *err)
{
	struct outage_result res;
	int64_t from, to;

	if (clock_parse_iso(SETUP_OLD, &from) != JF_OK || clock_parse_iso(SETUP_NOW, &to) != JF_OK)
		stress_die("bad outage times");
	return compensate_outage(lg, from, to, 30, &res, err);
}

static enum jf_status
op_delist(struct ledger *lg, struct jf_error *err)
{
	struct delist_result res;

	return compensate_delist(lg, "FT-GONE", 10, "supplier recall", &res, err);
}

static enum jf_status
op_catalog_import(struct ledger *lg, struct jf_error *err)
{
	struct import_report r;
	enum jf_status st;

	memset(&r, 0, sizeof r);
	st = catalog_import_text(lg, catalog_update_csv, strlen(catalog_update_csv), &r, err);
	import_report_done(&r);
	return st;
}

static enum jf_status
op_member_card(struct ledger *lg, struct jf_error *err)
{
	struct member m;

	return member_change_card(lg, CAT, "80000013", &m, err);
}

const struct fault_op fault_ops[] = {
	{ "member add", op_member_add },
	{ "earn", op_earn },
	{ "earn --reverse", op_earn_reverse },
	{ "grant", op_grant },
	{ "transfer", op_transfer },
	{ "voucher issue", op_voucher_issue },
	{ "voucher redeem", op_voucher_redeem },
	{ "voucher cancel", op_voucher_cancel },
	{ "voucher return", op_voucher_return },
	{ "daily (expire)", op_daily },
	{ "compensate outage", op_compensate },
	{ "delist", op_delist },
	{ "catalog import", op_catalog_import },
	{ "member card", op_member_card },
};
const int fault_op_count = (int)(sizeof fault_ops / sizeof fault_ops[0]);

/* ---- files ---- */

void
fault_copy_file(const char *from, const char *to)
{
	char buf[1 << 16];
	int in = open(from, O_RDONLY), out;
	ssize_t got;

	if (in < 0)
		stress_die("open %s: %s", from, strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0)
		stress_die("open %s: %s", to, strerror(errno));
	while ((got = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)got) != got)
			stress_die("write %s: %s", to, strerror(errno));
	if (got < 0)
		stress_die("read %s: %s", from, strerror(errno));
	close(in);
	close(out);
}

void
fault_copy_dir(const char *src, const char *dst)
{
	char from[4200], to[4200];
	struct dirent *de;
	DIR *d = opendir(dst);

	if (d == NULL)
		stress_die("opendir %s: %s", dst, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(to, sizeof to, "%s/%s", dst, de->d_name);
		unlink(to);
	}
	closedir(d);
	if ((d = opendir(src)) == NULL)
		stress_die("opendir %s: %s", src, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(from, sizeof from, "%s/%s", src, de->d_name);
		snprintf(to, sizeof to, "%s/%s", dst, de->d_name);
		fault_copy_file(from, to);
	}
	closedir(d);
}

/* FNV-1a, value by value with its type: enough to tell two ledgers apart. */
static uint64_t
fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t
hash_table(sqlite3 *db, const char *table, uint64_t h)
{
	char sql[400];
	sqlite3_stmt *st;

	snprintf(sql, sizeof sql, "SELECT * FROM \"%.60s\"", table);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		stress_die("fingerprint %s: %s", table, sqlite3_errmsg(db));
	h = fnv(h, table, strlen(table));
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			int type = sqlite3_column_type(st, c);
			const void *v = sqlite3_column_blob(st, c);

			h = fnv(h, &type, sizeof type);
			h = fnv(h, v ? v : "", (size_t)sqlite3_column_bytes(st, c));
		}
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		stress_die("fingerprint %s: %s", table, sqlite3_errmsg(db));
	return h;
}

uint64_t
fault_fingerprint(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	uint64_t h = 0xcbf29ce484222325ULL;
	char names[64][64];
	int n = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, "unix") != SQLITE_OK)
		stress_die("fingerprint: cannot open %s: %s", path, sqlite3_errmsg(db));
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
				   "ORDER BY name", -1, &st, NULL) != SQLITE_OK)
		stress_die("fingerprint %s: %s", path, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW && n < 64)
		snprintf(names[n++], sizeof names[0], "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++)
		h = hash_table(db, names[i], h);
	sqlite3_close(db);
	return h;
}

enum jf_status
fault_verify(const char *path, const struct settings *cfg, char *problem, size_t size)
{
	struct ledger lg;
	struct verify_report rep;
	struct jf_error err;
	enum jf_status st;

	if ((st = ledger_open(&lg, path, cfg, &err)) != JF_OK) {
		snprintf(problem, size, "cannot reopen: %s", err.message);
		return st;
	}
	st = verify_ledger(&lg, &rep, &err);
	if (st != JF_OK)
		snprintf(problem, size, "%.300s", st == JF_INTEGRITY ? rep.problem : err.message);
	ledger_close(&lg);
	return st;
}

int
fault_one_line(const char *message)
{
	return message[0] != '\0' && strchr(message, '\n') == NULL;
}
