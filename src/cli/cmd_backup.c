/*
 * cmd_backup: `jifen backup DEST` and `jifen restore SRC` (backup.h). The
 * daily job makes its own backups (cmd_daily.c).
 */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "backup.h"
#include "cli.h"
#include "log.h"

enum { OPT_FORCE = 'f' };

static json_t *
info_json(const char *path, const struct backup_info *info)
{
	return json_pack("{s:o, s:I, s:o, s:b}", "path", cli_json_str(path, 0), "entries",
			 (json_int_t)info->entries, "last_entry", cli_json_time(info->last_entry_ts),
			 "key", info->with_key);
}

static int
exec_backup(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *dest = args->argv[0];
	struct backup_info info;
	char last[CLOCK_ISO_LEN];

	(void)state;
	if (backup_make(&ctx->lg, dest, &info, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json)
		return cli_print_json(ctx, info_json(dest, &info));
	cli_format_time(info.last_entry_ts, last);
	printf("backed up %lld entries (the last at %s) to %s, verified", (long long)info.entries,
	       last, cli_safe(dest));
	if (info.with_key)
		printf("; its voucher key to %s.key\n", cli_safe(dest));
	else
		printf("; the ledger has no voucher key\n");
	return JF_OK;
}

static int
check_path(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	if (args->argv[0][0] == '\0')
		return cli_error(ctx, JF_USAGE, "%s needs a file name", ctx->cmd->name);
	return JF_OK;
}

const struct cli_command cli_cmd_backup = {
	.name = "backup",
	.args_min = 1,
	.args_max = 1,
	.args = "DEST",
	.ledger = CLI_LEDGER_READ,
	.check = check_path,
	.exec = exec_backup,
	.usage =
	"jifen backup DEST\n"
	"\n"
	"A copy of the ledger as it is at one moment, while kiosks and counters go\n"
	"on writing, in the file DEST, with its voucher key in DEST.key (both mode\n"
	"0640). The copy is written as DEST.tmp and checked as `jifen verify` checks\n"
	"a ledger before it replaces DEST: a backup already there is never left\n"
	"half-written. Needs only to read the ledger (group jifen).",
	.summary = "make a verified copy of the ledger and its voucher key",
};

/* Did the restore put the ledger's latest entry back in time? */
static int
restore_goes_back(const struct restore_result *res)
{
	return res->had_ledger && res->replaced.last_entry_ts > res->from.last_entry_ts;
}

/* A restore replaces every member's points: the store's log says who did
 * it, from what, and what the ledger held before. */
static void
log_restore(struct cli_ctx *ctx, const char *src, const char *path,
	    const struct restore_result *res, int forced)
{
	struct passwd *pw = getpwuid(geteuid());
	char actor[ACTOR_TEXT_SIZE];
	struct actor a;

	actor_shell(&a, pw ? pw->pw_name : getenv("USER"));
	actor_format(&a, actor);
	log_event(LOG_CLASS_SYSTEM, "restore", ctx->cfg.terminal, actor,
		  "from=%s ledger=%s entries=%lld replaced_entries=%lld forced=%s", src, path,
		  (long long)res->from.entries, (long long)res->replaced.entries,
		  forced ? "yes" : "no");
	/* The ledger's time went back (a forced restore of an older backup):
	 * entries after it are gone, and the clock rule now measures from the
	 * older last entry. Said where an operator looks, never silently. */
	if (restore_goes_back(res))
		log_event(LOG_CLASS_FAULT, "restore_back", ctx->cfg.terminal, actor,
			  "from=%s last_entry=%lld replaced_last_entry=%lld", src,
			  (long long)res->from.last_entry_ts,
			  (long long)res->replaced.last_entry_ts);
}

static int
exec_restore(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *src = args->argv[0], *path;
	struct restore_result res;
	enum jf_status st;
	int status;

	(void)state;
	if ((status = cli_db_path(ctx, 1, &path)))
		return status;
	st = backup_restore(path, src, &ctx->cfg, cli_flag(args, OPT_FORCE), &res, &ctx->err);
	/* --force replaces a newer ledger, never one the clock is behind. */
	if (st == JF_CONFLICT && res.had_ledger && ctx->err.reason != JF_R_CLOCK_BEHIND)
		return cli_error(ctx, st, "%s; --force replaces it", cli_safe(ctx->err.message));
	if (st == JF_INTEGRITY && res.had_ledger) /* the ledger itself does not verify */
		return cli_error(ctx, st, "%s; --force replaces it", cli_safe(ctx->err.message));
	if (st != JF_OK)
		return st;
	log_restore(ctx, src, path, &res, cli_flag(args, OPT_FORCE));
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:o, s:o, s:o, s:b}", "restored",
						     info_json(src, &res.from), "ledger",
						     cli_json_str(path, 0), "replaced",
						     res.had_ledger ? json_pack("{s:I, s:o}", "entries",
						     (json_int_t)res.replaced.entries, "last_entry",
						     cli_json_time(res.replaced.last_entry_ts))
								    : json_null(),
						     "back_in_time", restore_goes_back(&res)));
	printf("restored %lld entries from %s into %s", (long long)res.from.entries, cli_safe(src),
	       cli_safe(path));
	if (res.had_ledger)
		printf(" (it had %lld)", (long long)res.replaced.entries);
	if (restore_goes_back(&res)) {
		char was[CLOCK_ISO_LEN], now_last[CLOCK_ISO_LEN];

		cli_format_time(res.replaced.last_entry_ts, was);
		cli_format_time(res.from.last_entry_ts, now_last);
		printf("; its last entry goes back from %s to %s", was, now_last);
	}
	printf(res.from.with_key ? "; its voucher key too\n"
				 : "; no key beside it: the ledger's voucher key is kept\n");
	return JF_OK;
}

static const struct option restore_options[] = {
	{ "force", no_argument, NULL, OPT_FORCE },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_restore = {
	.name = "restore",
	.options = restore_options,
	.args_min = 1,
	.args_max = 1,
	.args = "SRC",
	.ledger = CLI_LEDGER_NONE,
	.check = check_path,
	.exec = exec_restore,
	.usage =
	"jifen restore SRC [--force]\n"
	"\n"
	"Put the backup SRC (and SRC.key, its voucher key, if it is there) in place\n"
	"of the ledger. SRC is checked as `jifen verify` checks a ledger first, and\n"
	"never written. Kiosks and counters may stay open: they see the old ledger\n"
	"or the restored one, never a mix. A ledger with more entries, or a later\n"
	"last entry, than SRC is not replaced, nor one that does not verify:\n"
	"\n"
	"  --force  replace it all the same",
	.summary = "put a backup back in place of the ledger",
};
