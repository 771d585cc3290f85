/*
 * member_rate: a member's own earn rate (member_rate.h), kept as an
 * append-only list of changes.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "ledger_int.h"
#include "member.h"
#include "member_int.h"
#include "member_rate.h"

/* The latest change of card's member's rate, if any. */
#define RATE_COLUMNS \
	"SELECT r.points_per_yuan, r.ts, r.actor, r.terminal FROM member_rate r " \
	"JOIN member m ON m.id = r.member_id WHERE m.card = :card "

static void
read_rate(struct db_stmt *s, struct member_rate *out)
{
	out->points_per_yuan = db_col_int(s, 0);
	out->at = db_col_int(s, 1);
	snprintf(out->actor, sizeof out->actor, "%s", db_col_text(s, 2));
	snprintf(out->terminal, sizeof out->terminal, "%s", db_col_text(s, 3));
}

static enum jf_status
latest(struct db *db, const char *card, struct member_rate *out, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, RATE_COLUMNS "ORDER BY r.id DESC LIMIT 1");
	enum db_step_result rc;

	memset(out, 0, sizeof *out);
	db_bind_text(s, ":card", card);
	if ((rc = db_step(s, err)) == DB_ROW)
		read_rate(s, out);
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

enum jf_status
member_rate_in_force(struct ledger *lg, const char *card, int64_t *rate, struct jf_error *err)
{
	struct member_rate r;
	enum jf_status st = latest(lg->db, card, &r, err);

	*rate = r.points_per_yuan;
	return st;
}

enum jf_status
member_rate_get(struct ledger *lg, const char *card, struct member_rate *out,
		struct jf_error *err)
{
	struct member m;
	enum jf_status st;

	if ((st = member_find(lg, card, &m, err)) != JF_OK)
		return st;
	return latest(lg->db, card, out, err);
}

/* Inside the write transaction: the row, and the desk event that shows it
 * among the member's other changes. */
static enum jf_status
record(struct ledger *lg, const char *card, int64_t rate, const char *actor,
       struct jf_error *err)
{
	struct member_rate now;
	struct member m;
	struct db_stmt *s;
	enum jf_status st;
	char detail[32];

	if ((st = member_find(lg, card, &m, err)) != JF_OK ||
	    (st = latest(lg->db, card, &now, err)) != JF_OK)
		return st;
	if (rate == 0 && now.points_per_yuan == 0)
		return jf_refuse(err, JF_CONFLICT, JF_R_NO_MEMBER_RATE, (struct jf_why){ .text = card },
				 "card %s has no earn rate of its own to clear", card);
	s = db_stmt(lg->db, "INSERT INTO member_rate(member_id, points_per_yuan, ts, actor, "
			    "terminal) VALUES (:m, :rate, :now, :actor, :terminal)");
	db_bind_int(s, ":m", m.id);
	db_bind_int(s, ":rate", rate);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":actor", actor);
	db_bind_text(s, ":terminal", lg->cfg->terminal);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	if (rate)
		snprintf(detail, sizeof detail, "%lld", (long long)rate);
	else
		snprintf(detail, sizeof detail, "cleared");
	return member_record_event(lg, m.id, "earn_rate", detail, actor, err);
}

struct change_ctx {
	const char *card, *actor;
	int64_t rate;
};

static enum jf_status
change_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct change_ctx *cc = ctx;

	return record(lg, cc->card, cc->rate, cc->actor, err);
}

static enum jf_status
change(struct ledger *lg, const char *card, int64_t rate, struct jf_error *err)
{
	char actor[ACTOR_TEXT_SIZE];
	struct change_ctx cc = { card, actor, rate };
	enum jf_status st;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK ||
	    (st = ledger_actor_text(lg, "an earn rate", actor, err)) != JF_OK)
		return st;
	return ledger_write(lg, change_once, &cc, err);
}

enum jf_status
member_rate_set(struct ledger *lg, const char *card, int64_t points_per_yuan,
		struct jf_error *err)
{
	if (points_per_yuan < 1 || points_per_yuan > MEMBER_RATE_MAX)
		return jf_fail(err, JF_USAGE, "the earn rate must be from 1 to %d points per yuan",
			       MEMBER_RATE_MAX);
	return change(lg, card, points_per_yuan, err);
}

enum jf_status
member_rate_clear(struct ledger *lg, const char *card, struct jf_error *err)
{
	return change(lg, card, 0, err);
}

enum jf_status
member_rate_history(struct ledger *lg, const char *card,
		    int (*fn)(const struct member_rate *r, void *ctx), void *ctx,
		    struct jf_error *err)
{
	struct db_stmt *s;
	struct member_rate r;
	enum db_step_result rc;

	s = db_stmt(lg->db, RATE_COLUMNS "ORDER BY r.id");
	db_bind_text(s, ":card", card);
	while ((rc = db_step(s, err)) == DB_ROW) {
		read_rate(s, &r);
		if (fn(&r, ctx))
			break;
	}
	db_reset(s);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

int64_t
member_rate_points(const struct settings *cfg, int64_t rate, int64_t fen, const char *category,
		   int green)
{
	/* A plan is agreed with the member: it is the same on every purchase,
	 * whatever a category earns; green points stay the store's scheme. */
	if (rate > 0 && !green)
		return (fen / 100) * rate;
	return settings_earn_points(cfg, fen, category, green);
}
