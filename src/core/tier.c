/*
 * tier: members' tiers (tier.h): what a member earned, the tier it gives,
 * what a tier gives, and the daily job's pass.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "ledger_int.h"
#include "member.h"
#include "plan.h"
#include "tier.h"
#include "xalloc.h"

/* ---- dates ---- */

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static void
split_date(const char *date, int *y, int *m, int *d)
{
	int64_t days = 0;

	clock_parse_date(date, &days);
	clock_civil_from_days(days, y, m, d);
}

static void
format_ymd(int y, int m, int d, char out[11])
{
	if (d > month_days(y, m))
		d = month_days(y, m);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y, (unsigned)m, (unsigned)d);
}

void
tier_months_start(const char *date, int64_t months, char out[11])
{
	int y, m, d;
	int64_t total;
	char back[11];

	split_date(date, &y, &m, &d);
	total = (int64_t)y * 12 + (m - 1) - months;
	format_ymd((int)(total / 12), (int)(total % 12) + 1, d, back);
	clock_date_add(back, 1, out);
}

void
tier_last_anniversary(const char *joined, const char *today, char out[11])
{
	int jy, jm, jd, ty, tm, td;

	split_date(joined, &jy, &jm, &jd);
	split_date(today, &ty, &tm, &td);
	format_ymd(ty, jm, jd, out);
	if (strcmp(out, today) > 0)
		format_ymd(ty - 1, jm, jd, out);
	if (strcmp(out, joined) <= 0)
		out[0] = '\0';
}

/* Local midnight of date. */
static int64_t
midnight(const char *date)
{
	int64_t t = 0;

	clock_parse_iso(date, &t);
	return t;
}

/* ---- what a member earned, and the tier it gives ---- */

enum jf_status
tier_earned(struct ledger *lg, int64_t member_id, const char *since_date, int64_t at,
	    int64_t *earned, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db,
		"SELECT coalesce(sum(l.amount), 0) FROM account a JOIN line l ON l.account_id = a.id "
		"JOIN entry e ON e.id = l.entry_id WHERE a.member_id = :m AND a.kind = 0 "
		"AND e.type IN ('earn', 'reverse') AND e.ts >= :since AND e.ts <= :at");
	enum jf_status st;

	db_bind_int(s, ":m", member_id);
	db_bind_int(s, ":since", midnight(since_date));
	db_bind_int(s, ":at", at);
	st = db_one_int(s, earned, err);
	if (*earned < 0)
		*earned = 0;
	return st;
}

/* The index of tier id; the base (0) for one the config no longer has,
 * -1 without tiers. */
static int
tier_index(const struct settings *cfg, const char *id)
{
	for (int i = 0; i < cfg->tier_count; i++)
		if (!strcmp(cfg->tiers[i].id, id))
			return i;
	return cfg->tier_count > 0 ? 0 : -1;
}

/* The member's stored tier at time at and when it began (0: never changed). */
static enum jf_status
stored_tier(struct ledger *lg, int64_t member_id, int64_t at, int *index, int64_t *since,
	    struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT tier, ts FROM member_tier "
				    "WHERE member_id = :m AND ts <= :at ORDER BY id DESC LIMIT 1");
	enum db_step_result rc;

	*index = lg->cfg->tier_count > 0 ? 0 : -1;
	*since = 0;
	db_bind_int(s, ":m", member_id);
	db_bind_int(s, ":at", at);
	if ((rc = db_step(s, err)) == DB_ROW) {
		*index = tier_index(lg->cfg, db_col_text(s, 0));
		*since = db_col_int(s, 1);
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

static enum jf_status
member_tier_at(struct ledger *lg, const char *card, int64_t at, struct member *m, int *index,
	       int64_t *since, struct jf_error *err)
{
	enum jf_status st = member_find(lg, card, m, err);

	if (st != JF_OK)
		return st;
	return stored_tier(lg, m->id, at, index, since, err);
}

enum jf_status
tier_standing(struct ledger *lg, const char *card, int64_t at, struct tier_standing *out,
	      struct jf_error *err)
{
	const struct settings *cfg = lg->cfg;
	char today[CLOCK_DATE_LEN], since[11];
	struct member m;
	enum jf_status st;
	int i;

	memset(out, 0, sizeof *out);
	if ((st = member_tier_at(lg, card, at, &m, &i, &out->since, err)) != JF_OK || i < 0)
		return st;
	clock_date_of(at, today);
	tier_months_start(today, 12, since);
	if ((st = tier_earned(lg, m.id, since, at, &out->earned, err)) != JF_OK)
		return st;
	out->tier = &cfg->tiers[i];
	if (i + 1 < cfg->tier_count) {
		out->next = &cfg->tiers[i + 1];
		out->needed = out->next->points > out->earned ? out->next->points - out->earned : 0;
	}
	return JF_OK;
}

enum jf_status
tier_of(struct ledger *lg, const char *card, int64_t at, char *name, size_t size,
	struct jf_error *err)
{
	struct member m;
	int64_t since;
	int i;
	enum jf_status st = member_tier_at(lg, card, at, &m, &i, &since, err);

	snprintf(name, size, "%s", st == JF_OK && i >= 0 ? lg->cfg->tiers[i].id : "");
	return st;
}

/* ---- what a tier gives ---- */

enum jf_status
tier_earn_percent(struct ledger *lg, const char *card, int64_t at, int64_t *percent,
		  char *source, size_t source_size, struct jf_error *err)
{
	struct plan p;
	struct member m;
	int64_t since;
	int i;
	enum jf_status st;

	*percent = 100;
	snprintf(source, source_size, "%s", "");
	if ((st = member_tier_at(lg, card, at, &m, &i, &since, err)) != JF_OK ||
	    (st = plan_in_force(lg, m.id, at, &p, err)) != JF_OK)
		return st;
	/* A plan is agreed with the member: it replaces the tier's percent. */
	if (p.id) {
		*percent = p.percent;
		snprintf(source, source_size, "%s", "plan");
	} else if (i >= 0 && lg->cfg->tiers[i].earn_percent != 100) {
		*percent = lg->cfg->tiers[i].earn_percent;
		snprintf(source, source_size, "%s", lg->cfg->tiers[i].id);
	}
	return JF_OK;
}

int64_t
tier_bonus(int64_t base, int64_t percent)
{
	return percent > 100 ? base * (percent - 100) / 100 : 0;
}

enum jf_status
tier_member_bonus(struct ledger *lg, const char *card, int64_t base, struct member_bonus *out,
		  struct jf_error *err)
{
	enum jf_status st = tier_earn_percent(lg, card, clock_now(), &out->percent, out->source,
					      sizeof out->source, err);

	out->points = st == JF_OK ? tier_bonus(base, out->percent) : 0;
	return st;
}

enum jf_status
tier_price(struct ledger *lg, const char *card, int64_t at, const struct catalog_item *it,
	   int64_t *price, struct jf_error *err)
{
	struct member m;
	int64_t since;
	int i;
	enum jf_status st;

	*price = it->points;
	/* Green goods are the store's environmental scheme: no tier discount. */
	if ((st = member_tier_at(lg, card, at, &m, &i, &since, err)) != JF_OK || i < 0 ||
	    it->green)
		return st;
	*price = tier_price_for(lg->cfg, lg->cfg->tiers[i].id, it->points);
	return JF_OK;
}

int64_t
tier_price_for(const struct settings *cfg, const char *tier, int64_t points)
{
	int i = tier_index(cfg, tier);
	int64_t off;

	if (i < 0)
		return points;
	/* The discount rounds down, so the store never gives more than it says. */
	off = points * cfg->tiers[i].discount_percent / 100;
	return points - off >= 1 ? points - off : points;
}

/* Is id one of the space-separated ids in list? */
static int
in_list(const char *list, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = list; *p; p += strcspn(p, " ")) {
		p += strspn(p, " ");
		if (!strncmp(p, id, n) && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	}
	return 0;
}

/* May tier t see the item early? Its list, or else the tier's early_access. */
static int
tier_sees_early(const struct settings_tier *t, const struct catalog_item *it)
{
	return it->early_tiers[0] ? in_list(it->early_tiers, t->id) : t->early_access;
}

int
tier_item_early(const struct settings *cfg, const struct catalog_item *it, const char *today)
{
	int any = it->early_tiers[0] != '\0';

	if (!it->new_until[0] || strcmp(today, it->new_until) > 0)
		return 0;
	for (int i = 0; !any && i < cfg->tier_count; i++)
		any = cfg->tiers[i].early_access;
	return any;
}

int
tier_sees(const struct settings *cfg, const char *tier, const struct catalog_item *it,
	  const char *today)
{
	int i = tier_index(cfg, tier);

	if (!tier_item_early(cfg, it, today))
		return 1;
	return i >= 0 && tier_sees_early(&cfg->tiers[i], it);
}

enum jf_status
tier_check_early(struct ledger *lg, const char *card, int64_t at,
		 const struct catalog_item *it, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN];
	struct member m;
	int64_t since;
	int i;
	enum jf_status st;

	clock_date_of(at, today);
	if (!tier_item_early(lg->cfg, it, today))
		return JF_OK;
	if ((st = member_tier_at(lg, card, at, &m, &i, &since, err)) != JF_OK)
		return st;
	if (i >= 0 && tier_sees(lg->cfg, lg->cfg->tiers[i].id, it, today))
		return JF_OK;
	return jf_refuse(err, JF_CONFLICT, JF_R_EARLY_ACCESS,
			 (struct jf_why){ .text = it->new_until,
					  .text2 = i >= 0 ? lg->cfg->tiers[i].id : "" },
			 "%s is for members of higher tiers until %s", it->sku, it->new_until);
}

/* ---- history ---- */

enum jf_status
tier_history(struct ledger *lg, const char *card,
	     int (*fn)(const struct tier_change *c, void *ctx), void *ctx, struct jf_error *err)
{
	struct db_stmt *s;
	struct tier_change c;
	struct member m;
	enum db_step_result rc;
	enum jf_status st;

	if ((st = member_find(lg, card, &m, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "SELECT ts, from_tier, tier, why, earned, actor, terminal "
			    "FROM member_tier WHERE member_id = :m ORDER BY id");
	db_bind_int(s, ":m", m.id);
	while ((rc = db_step(s, err)) == DB_ROW) {
		c.at = db_col_int(s, 0);
		snprintf(c.from, sizeof c.from, "%s", db_col_text(s, 1));
		snprintf(c.to, sizeof c.to, "%s", db_col_text(s, 2));
		snprintf(c.why, sizeof c.why, "%s", db_col_text(s, 3));
		c.earned = db_col_int(s, 4);
		snprintf(c.actor, sizeof c.actor, "%s", db_col_text(s, 5));
		snprintf(c.terminal, sizeof c.terminal, "%s", db_col_text(s, 6));
		if (fn(&c, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}
