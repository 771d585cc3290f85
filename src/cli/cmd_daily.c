/*
 * cmd_daily: the daily job. `jifen daily` runs every step of it (core's
 * ledger_daily(): expiry now, birthdays and tiers later); `jifen expire`
 * runs its expiry steps alone, as it did before there was a daily job.
 * Both are safe to run again: they do only what is due.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "daily.h"
#include "log.h"

static json_t *
expire_json(const struct daily_result *res)
{
	return json_pack("{s:I, s:I, s:I, s:o, s:I}",
		"lots", (json_int_t)res->lots.lots,
		"points", (json_int_t)res->lots.points[KIND_POINTS],
		"green", (json_int_t)res->lots.points[KIND_GREEN],
		"entry", cli_json_id(res->lots.entry_id),
		"vouchers", (json_int_t)res->vouchers);
}

static void
print_expire(const struct daily_result *res)
{
	printf("expired %lld vouchers and %lld lots: %lld points, %lld green\n",
	       (long long)res->vouchers, (long long)res->lots.lots,
	       (long long)res->lots.points[KIND_POINTS], (long long)res->lots.points[KIND_GREEN]);
}

static int
exec_expire(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct daily_result res;

	(void)args;
	(void)state;
	if (daily_expire(&ctx->lg, &res, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, expire_json(&res));
	print_expire(&res);
	return JF_OK;
}

const struct cli_command cli_cmd_expire = {
	.name = "expire",
	.ledger = CLI_LEDGER_WRITE,
	.exec = exec_expire,
	.usage =
	"jifen expire\n"
	"\n"
	"Vouchers past their date are voided (points released, stock returned); then\n"
	"every lot whose expiry date has passed goes to the expired account, in one\n"
	"entry. Points reserved for vouchers are kept. `jifen daily` runs this and\n"
	"the other daily steps; running either twice a day does no harm.",
	.summary = "expire the points whose date has passed",
};

/* The day's backup: where, what it holds, how many old ones went; null
 * without a [backup] dir. */
static json_t *
backup_json(const struct backup_daily_result *b)
{
	if (!b->made)
		return json_null();
	return json_pack("{s:s, s:I, s:b, s:I}", "path", b->path, "entries",
			 (json_int_t)b->info.entries, "key", b->info.with_key, "removed",
			 (json_int_t)b->removed);
}

static void
print_backup(const struct settings *cfg, const struct backup_daily_result *b)
{
	if (!b->made) {
		printf("no backup: [backup] dir is not set\n");
		return;
	}
	printf("backed up %lld entries to %s%s; removed %lld backups older than %lld days\n",
	       (long long)b->info.entries, cli_safe(b->path), b->info.with_key ? " (and its key)" : "",
	       (long long)b->removed, (long long)cfg->backup_keep_days);
}

/* Birthday gifts given (birthday.h). */
static json_t *
birthday_json(const struct birthday_result *b)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "gifts", (json_int_t)b->granted, "points",
			 (json_int_t)b->points, "items_missed", (json_int_t)b->items_missed,
			 "plays_missed", (json_int_t)b->plays_missed);
}

static void
print_birthday(const struct birthday_result *b)
{
	if (!b->granted)
		return;
	printf("birthday gifts: %lld given, %lld points", (long long)b->granted,
	       (long long)b->points);
	if (b->items_missed)
		printf(", %lld without their item (not offered today)", (long long)b->items_missed);
	if (b->plays_missed)
		printf(", %lld without free plays (no such game)", (long long)b->plays_missed);
	printf("\n");
}

/* The tier step (tier.h): what changed. */
static json_t *
tiers_json(const struct tier_daily_result *t)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "earning", (json_int_t)t->earning, "upgrades",
			 (json_int_t)t->upgrades, "downgrades", (json_int_t)t->downgrades,
			 "reviewed", (json_int_t)t->reviewed);
}

/* The steps' results under one key each, so that a step added later is a
 * key added, never a change to what scripts already read. */
static int
exec_daily(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct daily_result res;

	(void)args;
	(void)state;
	log_ledger(&ctx->lg, LOG_CLASS_SYSTEM, "config_loaded", "config=%s program=daily",
		   ctx->config_used ? ctx->config_used : "built-in");
	json_t *spent;
	int status;

	if (ledger_daily(&ctx->lg, &res, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json) {
		if ((status = cli_campaign_notices(ctx, &spent)))
			return status;
		return cli_print_json(ctx, json_pack("{s:s, s:o, s:{s:I, s:I}, s:o, s:o, s:o, "
						     "s:{s:I, s:I}, s:o}",
						     "date", res.date, "expire", expire_json(&res),
						     "games", "revealed", (json_int_t)res.seeds_revealed,
						     "committed", (json_int_t)res.games_committed,
						     "backup", backup_json(&res.backup),
						     "birthday", birthday_json(&res.birthday),
						     "tiers", tiers_json(&res.tiers),
						     "tasks", "members", (json_int_t)res.tasks.members,
						     "completed", (json_int_t)res.tasks.completed,
						     "campaigns_spent", spent));
	}
	printf("daily job of %s\n", res.date);
	print_expire(&res);
	if (res.seeds_revealed || res.games_committed)
		printf("games: %lld seed%s of ended days revealed, %lld commitment%s of today stored\n",
		       (long long)res.seeds_revealed, res.seeds_revealed == 1 ? "" : "s",
		       (long long)res.games_committed, res.games_committed == 1 ? "" : "s");
	print_birthday(&res.birthday);
	if (ctx->cfg.tier_count)
		printf("tiers: %lld members earned in 12 months; %lld up, %lld down; %lld "
		       "anniversar%s reviewed\n", (long long)res.tiers.earning,
		       (long long)res.tiers.upgrades, (long long)res.tiers.downgrades,
		       (long long)res.tiers.reviewed, res.tiers.reviewed == 1 ? "y" : "ies");
	if (res.tasks.members)
		printf("tasks: %lld member%s checked, %lld task%s completed\n",
		       (long long)res.tasks.members, res.tasks.members == 1 ? "" : "s",
		       (long long)res.tasks.completed, res.tasks.completed == 1 ? "" : "s");
	print_backup(&ctx->cfg, &res.backup);
	return cli_campaign_notices(ctx, &spent);
}

const struct cli_command cli_cmd_daily = {
	.name = "daily",
	.ledger = CLI_LEDGER_WRITE,
	.exec = exec_daily,
	.usage =
	"jifen daily\n"
	"\n"
	"The store's daily job, for cron, once a day after midnight: every step that\n"
	"is due, in order: expiry, as `jifen expire` does it (vouchers past their\n"
	"date are voided, then the lots past their date expire), the games' seeds of\n"
	"ended days revealed and today's committed, the birthday gifts due\n"
	"([birthday], once a member a year, in their birthday month), the tiers\n"
	"(upgrades earned, downgrades at anniversaries), every member's automatic\n"
	"tasks (purchases in N months, green points sent to family) completed, then\n"
	"the day's backup in the config's [backup] dir (jifen-YYYY-MM-DD.db and its\n"
	"key), removing the backups of that name older than [backup] keep_days. Each\n"
	"step does only what is due, so running it twice a day does no harm.",
	.summary = "run the daily job: expiry, games, birthdays, tiers, tasks, the backup",
};
