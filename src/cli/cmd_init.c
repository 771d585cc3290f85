/*
 * cmd_init: `jifen init`, which creates a new ledger (and, with --demo,
 * fills it with the demo store). It never touches a file that exists.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "demo.h"
#include "xalloc.h"

enum { OPT_DEMO = 'd' };

/* A demo that failed half way must not leave a ledger that looks real:
 * remove the file this run has just created, with SQLite's side files. */
static void
remove_new_ledger(struct cli_ctx *ctx, const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };

	ledger_close(&ctx->lg);
	ctx->lg_open = 0;
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char *side = xasprintf("%s%s", path, suffix[i]);

		unlink(side);
		free(side);
	}
}

static int
populate_demo(struct cli_ctx *ctx)
{
	if (demo_populate(&ctx->lg, &ctx->err) == JF_OK)
		return JF_OK;
	remove_new_ledger(ctx, ctx->lg_path);
	return ctx->err.status;
}

/* main has created the ledger (CLI_LEDGER_CREATE). */
static int
exec_init(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status, demo = cli_flag(args, OPT_DEMO);

	(void)state;
	if (demo && (status = populate_demo(ctx)))
		return status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:o, s:b}",
			"path", cli_json_str(ctx->lg_path, 0), "demo", demo));
	printf("created ledger at %s\n", cli_safe(ctx->lg_path));
	return JF_OK;
}

static const struct option init_options[] = {
	{ "demo", no_argument, NULL, OPT_DEMO },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_init = {
	.name = "init",
	.options = init_options,
	.ledger = CLI_LEDGER_CREATE,
	.exec = exec_init,
	.usage =
	"jifen init [--demo]\n"
	"\n"
	"  --demo   fill the new ledger with a demo store: members, families, history\n"
	"\n"
	"The ledger is the --db file, else $JIFEN_DB, else the default (see jifen(1)),\n"
	"whose directory is created. An existing file is never overwritten (exit 5).",
	.summary = "create a new, empty ledger",
};
