/*
 * cmd_init: `jifen init`, which creates a new ledger (and, with --demo,
 * fills it with the demo store). It never touches a file that exists.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "demo.h"
#include "roles.h"
#include "xalloc.h"

enum { OPT_DEMO = 'd', OPT_ROLES = 'r', OPT_APPLY = 'a' };

/*
 * The new ledger, demo and all, is one transaction (ledger_create_begin):
 * committed here, at the end, or rolled back whole. A run that fails or is
 * killed half way leaves no half-made ledger that a second init would
 * refuse. A file this run made goes, with SQLite's side files.
 */
static void
remove_new_ledger(struct cli_ctx *ctx, const char *path)
{
	static const char *const suffix[] = { "-wal", "-shm", "-journal" };

	ledger_create_abort(&ctx->lg);
	ctx->lg_open = 0;
	if (db_location_parse(path, &path) != DB_BACKEND_SQLITE)
		return;
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char *side = xasprintf("%s%s", path, suffix[i]);

		unlink(side);
		free(side);
	}
}

/* The demo (if asked), then the commit that makes the ledger appear. */
static int
fill_and_commit(struct cli_ctx *ctx, int demo)
{
	char why[JF_ERROR_MAX + 2 * JF_REASON_TEXT_SIZE];

	if ((!demo || demo_populate(&ctx->lg, &ctx->err) == JF_OK) &&
	    ledger_create_commit(&ctx->lg, &ctx->err) == JF_OK)
		return JF_OK;
	/* After a failed commit the ledger is gone already; this is harmless. */
	remove_new_ledger(ctx, ctx->lg_path);
	cli_reason(&ctx->err, why, sizeof why);
	return cli_error(ctx, ctx->err.status, "%s; no ledger was created", cli_safe(why));
}

/* --roles: the GRANTs of a chain's ledger, printed or (--apply) run. */
static int
roles(struct cli_ctx *ctx, int apply)
{
	char *sql = NULL;
	int status;

	if ((status = cli_open_ledger(ctx, CLI_LEDGER_WRITE)))
		return status;
	if (roles_sql(ctx->lg.db, ROLES_TERMINAL, ROLES_MANAGER, &sql, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (!apply) {
		fputs(sql, stdout);
		free(sql);
		return JF_OK;
	}
	status = db_exec(ctx->lg.db, sql, &ctx->err);
	free(sql);
	if (status != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:s}", "terminal", ROLES_TERMINAL,
						     "manager", ROLES_MANAGER));
	printf("granted: %s may read the ledger and write what jifen writes; %s owns it\n",
	       ROLES_TERMINAL, ROLES_MANAGER);
	return JF_OK;
}

/* The ledger is opened here: a new one, or for --roles the one there is. */
static int
exec_init(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status, demo = cli_flag(args, OPT_DEMO);

	(void)state;
	if (cli_flag(args, OPT_ROLES)) {
		if (demo)
			return cli_error(ctx, JF_USAGE, "--roles is for a ledger there is: not with --demo");
		return roles(ctx, cli_flag(args, OPT_APPLY));
	}
	if (cli_flag(args, OPT_APPLY))
		return cli_error(ctx, JF_USAGE, "--apply goes with --roles");
	if ((status = cli_open_ledger(ctx, CLI_LEDGER_CREATE)))
		return status;
	if ((status = fill_and_commit(ctx, demo)))
		return status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:o, s:b}",
			"path", cli_json_str(db_location(ctx->lg.db), 0), "demo", demo));
	printf("created ledger at %s\n", cli_safe(db_location(ctx->lg.db)));
	return JF_OK;
}

static const struct option init_options[] = {
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ "roles", no_argument, NULL, OPT_ROLES },
	{ "apply", no_argument, NULL, OPT_APPLY },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_init = {
	.name = "init",
	.options = init_options,
	.ledger = CLI_LEDGER_NONE,
	.exec = exec_init,
	.usage =
	"jifen init [--demo]\n"
	"jifen init --roles [--apply]\n"
	"\n"
	"  --demo    fill the new ledger with a demo store: members, families, history\n"
	"  --roles   print the SQL that gives a chain's PostgreSQL ledger its two roles:\n"
	"            " ROLES_TERMINAL " (kiosks and counters: read, and write only what\n"
	"            jifen writes, never update or delete a ledger row) and\n"
	"            " ROLES_MANAGER " (owns the ledger, runs init and migrations)\n"
	"  --apply   with --roles: run that SQL on the ledger instead of printing it\n"
	"\n"
	"The ledger is the --db file or postgresql:// URL, else $JIFEN_DB, else the\n"
	"default (see jifen(1)), whose directory is created. An existing ledger is never\n"
	"overwritten (exit 5).",
	.summary = "create a new, empty ledger",
};
