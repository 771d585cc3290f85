/*
 * birthday: the birthday gift (birthday.h): which gift is due, granting it
 * once per member and year, the kiosk's greeting, and verify's checks.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "birthday.h"
#include "db.h"
#include "game.h"
#include "ledger_int.h"
#include "log.h"
#include "member.h"
#include "verify.h"
#include "voucher.h"
#include "xalloc.h"

int
birthday_gift_configured(const struct settings *cfg)
{
	return cfg->birthday_points > 0 || cfg->birthday_item[0] || cfg->birthday_game[0];
}

/* "YYYY-MM" of a date's month, and of the month before it. */
static void
month_of(const char *date, char out[8])
{
	snprintf(out, 8, "%.7s", date);
}

static void
month_before(const char *date, char out[8])
{
	int y = atoi(date), m = atoi(date + 5);

	if (--m == 0) {
		m = 12;
		y--;
	}
	snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000, (unsigned)m % 100);
}

int
birthday_due_year(const char *birthday, const char *joined, const char *today)
{
	char this_month[8], last_month[8];

	if (strlen(birthday) != 10 || strlen(today) != 10)
		return 0;
	month_of(today, this_month);
	month_before(today, last_month);
	/* Only the month counts: 29 February is in February every year. */
	if (strncmp(birthday + 5, this_month + 5, 2) == 0)
		return atoi(today);
	if (strncmp(birthday + 5, last_month + 5, 2) == 0 && strncmp(joined, last_month, 7) == 0)
		return atoi(last_month);
	return 0;
}

/* ---- granting ---- */

struct grant_ctx {
	int64_t member_id;
	const char *key;
	struct birthday_gift *out;
};

static enum jf_status
credit(struct ledger *lg, const char *card, enum point_kind kind, int64_t points,
       const char *ref, int year, int64_t *entry_id, struct jf_error *err)
{
	struct ledger_result res;
	struct credit c;
	char memo[64];
	enum jf_status st;

	memset(&c, 0, sizeof c);
	memset(&res, 0, sizeof res);
	snprintf(memo, sizeof memo, "birthday gift %d", year);
	c.card = card;
	c.kind = kind;
	c.points = points;
	c.type = "birthday";
	c.ref = ref;
	c.memo = memo;
	c.source = SYS_ISSUED;
	st = ledger_credit(lg, &c, &res, err);
	*entry_id = res.entry_id;
	return st;
}

/* The item: its points credited (*entry_id), then held at once by its
 * voucher, as a game's item prize is. */
static enum jf_status
give_item(struct ledger *lg, struct grant_ctx *gc, int64_t *entry_id, struct jf_error *err)
{
	struct birthday_gift *g = gc->out;
	struct catalog_item item;
	struct voucher v;
	char *ref, *vkey;
	enum jf_status st;

	if ((st = catalog_find(lg, g->sku, &item, err)) != JF_OK)
		return st;
	g->item_points = item.points;
	snprintf(g->item_zh, sizeof g->item_zh, "%s", item.name_zh);
	snprintf(g->item_en, sizeof g->item_en, "%s", item.name_en);
	ref = xasprintf("%s:item", gc->key);
	vkey = xasprintf("bd-%s-%d", g->card, g->year);
	st = credit(lg, g->card, item.green ? KIND_GREEN : KIND_POINTS, item.points, ref, g->year,
		    entry_id, err);
	if (st == JF_OK && (st = voucher_issue_prize(lg, g->card, g->sku, 1, vkey, &v, err)) == JF_OK)
		g->voucher_id = v.id;
	free(ref);
	free(vkey);
	return st;
}

static enum jf_status
insert_tickets(struct ledger *lg, struct grant_ctx *gc, const char *actor, struct jf_error *err)
{
	struct birthday_gift *g = gc->out;
	enum jf_status st;

	for (int64_t i = 0; i < g->plays; i++) {
		struct db_stmt *s = db_stmt(lg->db,
			"INSERT INTO game_ticket(member_id, game, birthday_id, created_at, created_by, "
			"created_terminal) VALUES (:m, :g, :b, :now, :by, :term)");

		db_bind_int(s, ":m", gc->member_id);
		db_bind_text(s, ":g", g->game);
		db_bind_int(s, ":b", g->id);
		db_bind_int(s, ":now", g->ts);
		db_bind_text(s, ":by", actor);
		db_bind_text(s, ":term", lg->cfg->terminal);
		if ((st = db_run(s, err)) != JF_OK)
			return st;
	}
	return JF_OK;
}

static void
bind_id_or_null(struct db_stmt *s, const char *name, int64_t id)
{
	if (id)
		db_bind_int(s, name, id);
	else
		db_bind_text(s, name, NULL);
}

static enum jf_status
insert_gift(struct ledger *lg, struct grant_ctx *gc, int64_t item_entry, struct jf_error *err)
{
	struct birthday_gift *g = gc->out;
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a birthday gift", actor, err)) != JF_OK)
		return st;
	g->ts = clock_now();
	s = db_stmt(lg->db, "INSERT INTO birthday_gift(member_id, card, year, key, points, "
			    "entry_id, sku, item_points, item_entry_id, voucher_id, game, plays, ts, "
			    "actor, terminal) VALUES (:m, :card, :y, :k, :p, :e, :sku, :ip, :ie, :v, "
			    ":g, :n, :now, :by, :term) RETURNING id");
	db_bind_int(s, ":m", gc->member_id);
	db_bind_text(s, ":card", g->card);
	db_bind_int(s, ":y", g->year);
	db_bind_text(s, ":k", gc->key);
	db_bind_int(s, ":p", g->points);
	bind_id_or_null(s, ":e", g->entry_id);
	db_bind_text(s, ":sku", g->sku);
	db_bind_int(s, ":ip", g->item_points);
	bind_id_or_null(s, ":ie", item_entry);
	bind_id_or_null(s, ":v", g->voucher_id);
	db_bind_text(s, ":g", g->game);
	db_bind_int(s, ":n", g->plays);
	db_bind_int(s, ":now", g->ts);
	db_bind_text(s, ":by", actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	if ((st = db_one_int(s, &g->id, err)) != JF_OK)
		return st;
	return insert_tickets(lg, gc, actor, err);
}

static enum jf_status
do_grant(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct grant_ctx *gc = ctx;
	struct birthday_gift *g = gc->out;
	int64_t item_entry = 0;
	enum jf_status st;

	if (g->points > 0 &&
	    (st = credit(lg, g->card, KIND_POINTS, g->points, gc->key, g->year, &g->entry_id,
			 err)) != JF_OK)
		return st;
	if (g->sku[0] && (st = give_item(lg, gc, &item_entry, err)) != JF_OK)
		return st;
	if ((st = insert_gift(lg, gc, item_entry, err)) != JF_OK)
		return st;
	res->entry_id = g->entry_id;
	res->points = g->points;
	return JF_OK;
}

#define GIFT_COLUMNS                                                                       \
	"SELECT g.id, g.card, g.year, g.points, coalesce(g.entry_id, 0), g.sku, "         \
	"coalesce(i.name_zh, ''), coalesce(i.name_en, ''), g.item_points, "                \
	"coalesce(g.voucher_id, 0), g.game, g.plays, g.ts, g.greeted_at FROM birthday_gift g " \
	"LEFT JOIN item i ON i.sku = g.sku AND g.sku <> '' "

static void
read_gift(struct db_stmt *s, struct birthday_gift *g)
{
	memset(g, 0, sizeof *g);
	g->id = db_col_int(s, 0);
	snprintf(g->card, sizeof g->card, "%s", db_col_text(s, 1));
	g->year = (int)db_col_int(s, 2);
	g->points = db_col_int(s, 3);
	g->entry_id = db_col_int(s, 4);
	snprintf(g->sku, sizeof g->sku, "%s", db_col_text(s, 5));
	snprintf(g->item_zh, sizeof g->item_zh, "%s", db_col_text(s, 6));
	snprintf(g->item_en, sizeof g->item_en, "%s", db_col_text(s, 7));
	g->item_points = db_col_int(s, 8);
	g->voucher_id = db_col_int(s, 9);
	snprintf(g->game, sizeof g->game, "%s", db_col_text(s, 10));
	g->plays = db_col_int(s, 11);
	g->ts = db_col_int(s, 12);
	g->greeted_at = db_col_int(s, 13);
}

/* The member's gift of year, if given (by member: a replaced card does
 * not get a second one). */
static enum jf_status
find_gift(struct ledger *lg, int64_t member_id, int year, struct birthday_gift *out, int *found,
	  struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, GIFT_COLUMNS "WHERE g.member_id = :m AND g.year = :y");
	enum db_step_result rc;

	db_bind_int(s, ":m", member_id);
	db_bind_int(s, ":y", year);
	rc = db_step(s, err);
	if ((*found = rc == DB_ROW)) {
		read_gift(s, out);
		out->replay = 1;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* What the config's gift is today for card: an item the catalog cannot
 * offer now, or a game that does not exist, is left out (and counted). */
static enum jf_status
plan_gift(struct ledger *lg, struct birthday_gift *g, struct birthday_result *res,
	  struct jf_error *err)
{
	const struct settings *cfg = lg->cfg;
	struct game_info game;
	struct jf_error why;
	enum jf_status st;

	g->points = cfg->birthday_points;
	if (cfg->birthday_item[0]) {
		/* Short of points is no refusal here: the gift brings them. */
		st = voucher_can_issue(lg, g->card, cfg->birthday_item, 1, &why);
		if (st == JF_OK || (st == JF_INSUFFICIENT && why.reason == JF_R_INSUFFICIENT))
			snprintf(g->sku, sizeof g->sku, "%s", cfg->birthday_item);
		else if (why.reason != JF_R_NONE) /* unknown, delisted, out of stock, ... */
			res->items_missed++;
		else
			return jf_fail(err, st, "%s", why.message);
	}
	if (cfg->birthday_game[0]) {
		st = game_find(lg, cfg->birthday_game, &game, &why);
		if (st == JF_OK) {
			snprintf(g->game, sizeof g->game, "%s", cfg->birthday_game);
			g->plays = cfg->birthday_plays;
		} else if (st == JF_NOTFOUND) {
			res->plays_missed++;
		} else {
			return jf_fail(err, st, "%s", why.message);
		}
	}
	return JF_OK;
}

/* Grant the gift of year to the member of card (member_id), unless given. */
static enum jf_status
grant_year(struct ledger *lg, const char *card, int64_t member_id, int year,
	   struct birthday_gift *out, struct birthday_result *res, struct jf_error *err)
{
	struct grant_ctx gc = { member_id, NULL, out };
	struct ledger_result lr;
	char *key, *canonical;
	enum jf_status st;
	int found;

	memset(out, 0, sizeof *out);
	/* Once a year: the key birthday:CARD:YEAR and birthday_gift's
	 * (member_id, year) refuse a second gift, another store's daily job
	 * or desk giving it at once too (the later is run again and replays). */
	if ((st = find_gift(lg, member_id, year, out, &found, err)) != JF_OK || found)
		return st;
	snprintf(out->card, sizeof out->card, "%s", card);
	out->year = year;
	if ((st = plan_gift(lg, out, res, err)) != JF_OK)
		return st;
	key = xasprintf("birthday:%s:%d", card, year);
	canonical = xasprintf("birthday\n%s\n%d", card, year);
	gc.key = key;
	st = keyed_write(lg, key, canonical, do_grant, &gc, &lr, err);
	if (st == JF_OK && lr.replay)
		st = find_gift(lg, member_id, year, out, &found, err);
	else if (st == JF_OK) {
		res->granted++;
		res->points += out->points;
		log_ledger(lg, LOG_CLASS_MONEY, "birthday_gift",
			   "card=%s year=%d points=%lld sku=%s plays=%lld game=%s", card, year,
			   (long long)out->points, out->sku[0] ? out->sku : "-",
			   (long long)out->plays, out->game[0] ? out->game : "-");
	}
	free(key);
	free(canonical);
	return st;
}

/* A member whose birthday month is this month or the last. */
struct due_member {
	int64_t id;
	char card[20];
	char birthday[CLOCK_DATE_LEN];
	char joined[CLOCK_DATE_LEN];
};

static enum jf_status
due_members(struct ledger *lg, const char *today, struct due_member **out, size_t *count,
	    struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT id, card, birthday, created_at FROM member "
					    "WHERE erased_at = 0 AND (birthday LIKE :this "
					    "OR birthday LIKE :last) ORDER BY id");
	char month[8], this_p[16], last_p[16];
	enum db_step_result rc;

	*out = NULL;
	*count = 0;
	month_of(today, month);
	snprintf(this_p, sizeof this_p, "%%-%s-%%", month + 5);
	month_before(today, month);
	snprintf(last_p, sizeof last_p, "%%-%s-%%", month + 5);
	db_bind_text(s, ":this", this_p);
	db_bind_text(s, ":last", last_p);
	while ((rc = db_step(s, err)) == DB_ROW) {
		struct due_member *m;

		*out = xrealloc(*out, (*count + 1) * sizeof **out);
		m = &(*out)[(*count)++];
		m->id = db_col_int(s, 0);
		snprintf(m->card, sizeof m->card, "%s", db_col_text(s, 1));
		snprintf(m->birthday, sizeof m->birthday, "%s", db_col_text(s, 2));
		clock_date_of(db_col_int(s, 3), m->joined);
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
birthday_grant_due(struct ledger *lg, struct birthday_result *res, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN];
	struct birthday_gift g;
	struct due_member *m;
	enum jf_status st;
	size_t n;

	memset(res, 0, sizeof *res);
	if (!birthday_gift_configured(lg->cfg))
		return JF_OK;
	ledger_today(today);
	/* Read whole first: the grants write between the rows. */
	if ((st = due_members(lg, today, &m, &n, err)) != JF_OK)
		return st;
	for (size_t i = 0; i < n && st == JF_OK; i++) {
		int year = birthday_due_year(m[i].birthday, m[i].joined, today);

		if (year)
			st = grant_year(lg, m[i].card, m[i].id, year, &g, res, err);
	}
	free(m);
	return st;
}

enum jf_status
birthday_grant(struct ledger *lg, const char *card, struct birthday_gift *out, int *granted,
	       struct jf_error *err)
{
	struct birthday_result res;
	char today[CLOCK_DATE_LEN], joined[CLOCK_DATE_LEN];
	struct member m;
	enum jf_status st;
	int year;

	memset(out, 0, sizeof *out);
	memset(&res, 0, sizeof res);
	*granted = 0;
	if ((st = member_find(lg, card, &m, err)) != JF_OK)
		return st;
	ledger_today(today);
	clock_date_of(m.created_at, joined);
	if (!birthday_gift_configured(lg->cfg) || m.erased_at || !m.birthday[0] ||
	    !(year = birthday_due_year(m.birthday, joined, today)))
		return JF_OK;
	*granted = 1;
	return grant_year(lg, card, m.id, year, out, &res, err);
}

/* ---- the greeting ---- */

enum jf_status
birthday_greeting(struct ledger *lg, const char *card, struct birthday_gift *out, int *found,
		  struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, GIFT_COLUMNS "WHERE g.member_id = (SELECT id FROM "
						    "member WHERE card = :card) AND g.greeted_at = 0 "
						    "ORDER BY g.year DESC");
	char today[CLOCK_DATE_LEN], given[CLOCK_DATE_LEN];
	enum db_step_result rc;

	*found = 0;
	ledger_today(today);
	db_bind_text(s, ":card", card);
	while ((rc = db_step(s, err)) == DB_ROW) {
		read_gift(s, out);
		clock_date_of(out->ts, given);
		/* Greeted in the month it was given, never a month late. */
		if (strncmp(given, today, 7) == 0) {
			*found = 1;
			break;
		}
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

struct greeted_ctx {
	int64_t gift_id;
	const char *actor;
};

static enum jf_status
greeted_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct greeted_ctx *gc = ctx;
	struct db_stmt *s;

	s = db_stmt(lg->db, "UPDATE birthday_gift SET greeted_at = :now, greeted_by = :by, "
			    "greeted_terminal = :term WHERE id = :id AND greeted_at = 0");
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":by", gc->actor);
	db_bind_text(s, ":term", lg->cfg->terminal);
	db_bind_int(s, ":id", gc->gift_id);
	return db_run(s, err);
}

enum jf_status
birthday_greeted(struct ledger *lg, int64_t gift_id, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct greeted_ctx gc = { gift_id, actor };
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a birthday greeting", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, greeted_once, &gc, err);
}

enum jf_status
birthday_gifts(struct ledger *lg, const char *card,
	       int (*fn)(const struct birthday_gift *g, void *ctx), void *ctx,
	       struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, GIFT_COLUMNS "WHERE g.member_id = (SELECT id FROM "
						    "member WHERE card = :card) ORDER BY g.year DESC");
	struct birthday_gift g;
	enum db_step_result rc;

	db_bind_text(s, ":card", card);
	while ((rc = db_step(s, err)) == DB_ROW) {
		read_gift(s, &g);
		if (fn(&g, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* ---- verify ---- */

enum jf_status
birthday_verify(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	enum jf_status st;

	problem[0] = '\0';
	/* Points: an entry "birthday" of exactly them to the member, under the key. */
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'birthday gift ' || g.id FROM birthday_gift g WHERE (g.points > 0 AND NOT "
		"EXISTS (SELECT 1 FROM entry e JOIN line x ON x.entry_id = e.id JOIN account a "
		"ON a.id = x.account_id WHERE e.id = g.entry_id AND e.type = 'birthday' "
		"AND e.ref = g.key AND a.member_id = g.member_id AND a.kind = 0 "
		"AND x.amount = g.points)) OR (g.points = 0 AND g.entry_id IS NOT NULL) "
		"OR g.actor = '' OR g.terminal = '' OR (g.greeted_at <> 0 AND (g.greeted_by = '' "
		"OR g.greeted_terminal = '')) OR g.key <> 'birthday:' || g.card || ':' || g.year "
		"OR NOT EXISTS (SELECT 1 FROM member m WHERE m.id = g.member_id AND (m.card = g.card "
		"OR EXISTS (SELECT 1 FROM card_change c WHERE c.member_id = m.id "
		"AND c.old_card = g.card))) LIMIT 1"),
		"its points, key or member differ from its entry", problem, size, err)) != JF_OK)
		return st;
	/* The item: its points' entry and the voucher that holds them. */
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'birthday gift ' || g.id FROM birthday_gift g WHERE (g.sku <> '' AND (NOT "
		"EXISTS (SELECT 1 FROM entry e JOIN line x ON x.entry_id = e.id JOIN account a "
		"ON a.id = x.account_id WHERE e.id = g.item_entry_id AND e.type = 'birthday' "
		"AND e.ref = g.key || ':item' AND a.member_id = g.member_id "
		"AND x.amount = g.item_points) OR NOT EXISTS (SELECT 1 FROM voucher v JOIN item i "
		"ON i.id = v.item_id WHERE v.id = g.voucher_id AND i.sku = g.sku "
		"AND v.member_id = g.member_id))) OR (g.sku = '' AND "
		"(g.item_entry_id IS NOT NULL OR g.voucher_id IS NOT NULL OR g.item_points <> 0)) "
		"LIMIT 1"),
		"its item differs from its entry or voucher", problem, size, err)) != JF_OK)
		return st;
	if ((st = verify_no_row(db_stmt(db,
		"SELECT 'birthday gift ' || g.id FROM birthday_gift g LEFT JOIN (SELECT birthday_id, "
		"count(*) AS n FROM game_ticket WHERE birthday_id IS NOT NULL GROUP BY birthday_id) t "
		"ON t.birthday_id = g.id WHERE coalesce(t.n, 0) <> g.plays OR (g.plays > 0 AND "
		"EXISTS (SELECT 1 FROM game_ticket k WHERE k.birthday_id = g.id AND (k.game <> g.game "
		"OR k.member_id <> g.member_id OR k.play_id IS NOT NULL))) LIMIT 1"),
		"its free plays differ from its tickets", problem, size, err)) != JF_OK)
		return st;
	/* As many "birthday" entries as the gifts name: none without its gift. */
	return verify_no_row(db_stmt(db,
		"SELECT 'entries of birthday gifts' FROM (SELECT (SELECT count(*) FROM entry WHERE "
		"type = 'birthday') AS e, (SELECT count(entry_id) + count(item_entry_id) FROM "
		"birthday_gift) AS g) c WHERE c.e <> c.g"),
		"an entry without its birthday gift", problem, size, err);
}
