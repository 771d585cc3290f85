/*
 * import: the versioned imports (a game's table, the task book, a survey)
 * say the same things the same way: every problem of a refused file on a
 * line of its own, else the version it is now and whether it changed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "game.h"
#include "xalloc.h"

int
cli_import_versioned(struct cli_ctx *ctx, const char *file, cli_import_fn import,
		     const char *what)
{
	struct game_problems *p = xmalloc(sizeof *p); /* large: not on the stack */
	enum jf_status st;
	int64_t version;
	int changed, status = JF_OK;

	st = import(&ctx->lg, file, &version, &changed, p, &ctx->err);
	if (st == JF_USAGE && p->count) {
		for (size_t i = 0; i < p->count; i++)
			cli_error_line("%s: %s", cli_safe(file), cli_safe(p->lines[i]));
		if (p->more)
			cli_error_line("%s: (more problems not shown)", cli_safe(file));
		ctx->reported = 1;
		status = JF_USAGE;
	} else if (st != JF_OK) {
		status = cli_fail(ctx, st);
	} else if (ctx->json) {
		status = cli_print_json(ctx, json_pack("{s:o, s:I, s:b}", "file",
			cli_json_str(file, 0), "version", (json_int_t)version, "changed", changed));
	} else if (changed) {
		printf("imported %sversion %lld\n", what, (long long)version);
	} else {
		printf("unchanged: version %lld is the same\n", (long long)version);
	}
	free(p);
	return status;
}
