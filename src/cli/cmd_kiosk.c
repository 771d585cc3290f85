/*
 * cmd_kiosk: `jifen kiosk`, the member's screen program, and `jifen
 * counter`, the cashier's, both modes of one screen loop (src/tui). This
 * file only reads the options and opens the ledger; the screens are
 * src/tui's.
 */
#include "config.h"

#include <string.h>

#include "../tui/kiosk.h"
#include "cli.h"
#include "log.h"
#include "staff.h"

enum { OPT_UNLOCKED = 'u', OPT_SCRIPT = 's', OPT_LANG = 'l' };

struct kiosk_state {
	struct kiosk_options opt;
	struct script script;
};

/* The script is read and checked whole before the ledger is opened, so
 * that a bad line runs nothing. */
static int
check_kiosk(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct kiosk_state *k = state;
	const char *script_path = cli_opt(args, OPT_SCRIPT);

	k->opt.unlocked = cli_flag(args, OPT_UNLOCKED);
	if (script_path == NULL)
		return JF_OK;
	if (script_load(script_path, &k->script, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	k->opt.script = &k->script;
	return JF_OK;
}

static int
exec_kiosk(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct kiosk_state *k = state;

	(void)args;
	/* A service starting: which settings it runs with. */
	log_ledger(&ctx->lg, LOG_CLASS_SYSTEM, "config_loaded", "config=%s program=%s",
		   ctx->config_used ? ctx->config_used : "built-in", ctx->cmd->name);
	if (kiosk_run(&ctx->lg, &k->opt, &ctx->err) != JF_OK)
		return ctx->err.status;
	return JF_OK;
}

static void
done_kiosk(void *state)
{
	struct kiosk_state *k = state;

	script_done(&k->script);
}

static const struct option kiosk_options[] = {
	{ "unlocked", no_argument, NULL, OPT_UNLOCKED },
	{ "script", required_argument, NULL, OPT_SCRIPT },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_kiosk = {
	.name = "kiosk",
	.options = kiosk_options,
	.ledger = CLI_LEDGER_WRITE,
	.state_size = sizeof(struct kiosk_state),
	.check = check_kiosk,
	.exec = exec_kiosk,
	.done = done_kiosk,
	.usage =
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
	.summary = "the member's kiosk screens (card, PIN, points)",
};

/* ---- jifen counter ---- */

/* The kiosk's checks, then the counter's own options. */
static int
check_counter(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct kiosk_state *k = state;
	const char *lang = cli_opt(args, OPT_LANG);
	int status;

	k->opt.mode = KIOSK_MODE_COUNTER;
	if ((status = cli_check_lang(ctx, lang)) != JF_OK)
		return status;
	if (lang != NULL)
		k->opt.lang = strcmp(lang, "zh") == 0 ? KIOSK_LANG_ZH : KIOSK_LANG_EN;
	if ((status = check_kiosk(ctx, args, state)) != JF_OK)
		return status;
	/* main has checked the id (an enabled staff member, once the ledger
	 * has staff); the start screen preselects it. */
	k->opt.staff = ctx->staff;
	return JF_OK;
}

/* A ledger with staff signs in by card and PIN at the counter; one
 * without staff has nobody to ask: --staff names who works it. */
static int
exec_counter(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct kiosk_state *k = state;
	int64_t staff = 0, managers = 0;

	if (k->opt.staff == NULL) {
		if (staff_census(&ctx->lg, &staff, &managers, &ctx->err) != JF_OK)
			return cli_fail(ctx, ctx->err.status);
		if (staff == 0)
			return cli_missing_option(ctx, "--staff ID (this ledger has no staff "
						       "to sign in with a card)");
	}
	return exec_kiosk(ctx, args, state);
}

static const struct option counter_options[] = {
	{ "unlocked", no_argument, NULL, OPT_UNLOCKED },
	{ "script", required_argument, NULL, OPT_SCRIPT },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_counter = {
	.name = "counter",
	.options = counter_options,
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.state_size = sizeof(struct kiosk_state),
	.check = check_counter,
	.exec = exec_counter,
	.done = done_kiosk,
	.usage =
	"jifen counter [--staff ID] [--lang zh|en] [--unlocked] [--script FILE]\n"
	"\n"
	"  --staff ID       on a ledger with staff: preselected at the login (Enter,\n"
	"                   then their PIN); without staff (needed then): who works\n"
	"                   the counter and acts there\n"
	"  --lang zh|en     the language each session starts in (default: from\n"
	"                   LANGUAGE, LC_ALL, LC_MESSAGES or LANG)\n"
	"  --unlocked       let q (or Ctrl-C) quit; for developers and the demo\n"
	"  --script FILE    no terminal: take the keys from FILE (as jifen kiosk\n"
	"                   --script does) and save screens as text, for tests\n"
	"\n"
	"The cashier's terminal: a member card scanned, typed or found by phone puts\n"
	"the member on a panel that stays while the cashier works; a voucher scanned\n"
	"on any screen (or its short code typed) is shown and handed over; a purchase\n"
	"awards points (shown before they are given, the new balance after); a\n"
	"refunded receipt takes them back. A staff member signs in with their staff\n"
	"card (scanned or typed) and PIN, and is signed out by s or after [counter]\n"
	"idle_timeout seconds without a key; t shows their shift's report.\n"
	"Locked (the default), no key leaves it. Needs a terminal of at least 80x24.",
	.summary = "the cashier's counter screens (members, vouchers, purchases)",
};
