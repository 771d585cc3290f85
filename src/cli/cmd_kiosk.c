/*
 * cmd_kiosk: `jifen kiosk`, the member's screen program (src/tui). This
 * file only reads the options and opens the ledger; the screens are
 * src/tui's.
 */
#include "config.h"

#include "../tui/kiosk.h"
#include "cli.h"

enum { OPT_UNLOCKED = 'u', OPT_SCRIPT = 's' };

/* The kiosk, and its script if there is one: read and checked whole before
 * the ledger is opened, so that a bad line runs nothing. */
static int
run_kiosk(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unlocked", no_argument, NULL, OPT_UNLOCKED },
		{ "script", required_argument, NULL, OPT_SCRIPT },
		CLI_GLOBAL_OPTIONS,
	};
	struct kiosk_options opt = { 0 };
	struct script script = { 0 };
	const char *script_path = NULL;
	int c, status;

	while ((c = cli_getopt(ctx, argc, argv, opts, &status)) != -1) {
		if (c == CLI_STOP)
			return status;
		if (c == OPT_UNLOCKED)
			opt.unlocked = 1;
		else if (c == OPT_SCRIPT)
			script_path = optarg;
	}
	if ((status = cli_args(ctx, argc - optind, argv + optind, 0, 0, "")))
		return status;
	if (script_path) {
		if (script_load(script_path, &script, &ctx->err) != JF_OK) {
			script_done(&script);
			return cli_fail(ctx, ctx->err.status);
		}
		opt.script = &script;
	}
	if ((status = cli_open_ledger(ctx)) == JF_OK &&
	    kiosk_run(&ctx->lg, &opt, &ctx->err) != JF_OK)
		status = cli_fail(ctx, ctx->err.status);
	script_done(&script);
	return status;
}

const struct cli_command cli_cmd_kiosk = {
	"kiosk", run_kiosk,
	"jifen kiosk [--unlocked] [--script FILE]\n"
	"\n"
	"  --unlocked       let q (or Ctrl-C) quit; for developers and the demo\n"
	"  --script FILE    no terminal: take the keys from FILE, one command a line,\n"
	"                   on a screen of a fixed size, and save screens as text\n"
	"                   (for tests). Commands: size COLS ROWS (80 24 unless\n"
	"                   given), type TEXT, scan TEXT (a scanner's line, 8 to 64\n"
	"                   characters), key NAME... (Enter Esc Up Down Left\n"
	"                   Right Backspace Delete PageUp PageDown Tab C-c C-z C-\\),\n"
	"                   click ROW COL (from 1), tick, idle SECONDS (the idle\n"
	"                   clock moves, no sleeping), save PATH, quit; # comments.\n"
	"                   A bad line is an error naming it (status 2), before\n"
	"                   anything runs.\n"
	"\n"
	"The screens members use in the store: scan or type the card, enter the\n"
	"PIN, see the points and the points about to expire, the history, the\n"
	"catalog (redeem for a QR voucher), their vouchers, and the family's green\n"
	"points (send some, confirmed by PIN). Locked (the default), no key\n"
	"leaves it: Ctrl-C, Ctrl-Z and Ctrl-\\ do nothing. It returns to its first\n"
	"screen after [kiosk] idle_timeout seconds without a key. Needs a terminal\n"
	"of at least 80x24; Chinese or English, switched on the first screen (the\n"
	"default follows LANGUAGE, LC_ALL, LC_MESSAGES or LANG).",
	"the member's kiosk screens (card, PIN, points)",
};
