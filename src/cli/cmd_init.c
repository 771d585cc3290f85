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
populate_demo(struct cli_ctx *ctx, const char *path)
{
	if (demo_populate(&ctx->lg, &ctx->err) == JF_OK)
		return JF_OK;
	remove_new_ledger(ctx, path);
	return cli_fail(ctx, ctx->err.status);
}

static int
run_init(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "demo", no_argument, NULL, OPT_DEMO },
		CLI_GLOBAL_OPTIONS,
	};
	const char *path;
	int c, status, demo = 0;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		if (c == CLI_STOP)
			return status;
		if (c == OPT_DEMO)
			demo = 1;
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 0, 0, "")))
		return status;
	if ((status = cli_db_path(ctx, 1, &path)))
		return status;
	if (ledger_create(&ctx->lg, path, &ctx->cfg, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	ctx->lg_open = 1;
	if ((status = cli_act(ctx)))
		return status;
	if (demo && (status = populate_demo(ctx, path)))
		return status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:o, s:b}", "path", cli_json_str(path, 0),
						     "demo", demo));
	printf("created ledger at %s\n", cli_safe(path));
	return JF_OK;
}

const struct cli_command cli_cmd_init = {
	"init", run_init,
	"jifen init [--demo]\n"
	"\n"
	"  --demo   fill the new ledger with a demo store: members, families, history\n"
	"\n"
	"The ledger is the --db file, else $JIFEN_DB, else the default (see jifen(1)),\n"
	"whose directory is created. An existing file is never overwritten (exit 5).",
	"create a new, empty ledger",
};
