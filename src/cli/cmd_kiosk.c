/*
 * cmd_kiosk: `jifen kiosk`, the member's screen program (src/tui). This
 * file only reads the options and opens the ledger; the screens are
 * src/tui's.
 */
#include "config.h"

#include "../tui/kiosk.h"
#include "cli.h"

enum { OPT_UNLOCKED = 'u' };

static int
run_kiosk(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unlocked", no_argument, NULL, OPT_UNLOCKED },
		CLI_GLOBAL_OPTIONS,
	};
	struct kiosk_options opt = { 0 };
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		if (c == CLI_STOP)
			return status;
		if (c == OPT_UNLOCKED)
			opt.unlocked = 1;
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 0, 0, "")) ||
	    (status = cli_open_ledger(ctx)))
		return status;
	if (kiosk_run(&ctx->lg, &opt, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	return JF_OK;
}

const struct cli_command cli_cmd_kiosk = {
	"kiosk", run_kiosk,
	"jifen kiosk [--unlocked]\n"
	"\n"
	"  --unlocked   let q (or Ctrl-C) quit; for developers and the demo\n"
	"\n"
	"The screens members use in the store: scan or type the card, enter the\n"
	"PIN, see the points and the points about to expire. Locked (the default),\n"
	"no key leaves it: Ctrl-C, Ctrl-Z and Ctrl-\\ do nothing. It returns to its\n"
	"first screen after [kiosk] idle_timeout seconds without a key. Needs a\n"
	"terminal of at least 80x24; Chinese or English, switched on the first\n"
	"screen (the default follows LANGUAGE, LC_ALL, LC_MESSAGES or LANG).",
	"the member's kiosk screens (card, PIN, points)",
};
