/*
 * main: the `jifen` program. Reads the global options, finds the subcommand
 * in the one table below and takes the steps every subcommand shares, as
 * its descriptor (struct cli_command) says: its options, the number of its
 * arguments, the config, its check (all before the ledger is opened, so a
 * typo never reaches the database), the ledger, and the one error line.
 * The exit status is the jf_status of what failed.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "game.h"
#include "parse.h"
#include "random.h"
#include "staff.h"
#include "xalloc.h"

/* getopt_step() returns this when the command must stop: help or version
 * was printed (status 0), or a usage error was (status 2). */
#define CLI_STOP (-2)

/* Added to every command's options, so the global options can be given
 * after the command name too. */
#define CLI_GLOBAL_OPTIONS \
	{ "db", required_argument, NULL, CLI_OPT_DB }, \
	{ "config", required_argument, NULL, CLI_OPT_CONFIG }, \
	{ "json", no_argument, NULL, CLI_OPT_JSON }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }, \
	{ NULL, 0, NULL, 0 }

static const struct option global_options[] = { CLI_GLOBAL_OPTIONS };
/* Added to the options of a command whose descriptor takes --staff; the
 * PIN's unless the command reads a PIN of its own with that name. */
static const struct option staff_option = { "staff", required_argument, NULL, CLI_OPT_STAFF };
static const struct option staff_pin_option = { "pin-stdin", no_argument, NULL,
						CLI_OPT_PIN_STDIN };

/* Every subcommand, in the order `jifen --help` lists them. */
static const struct cli_command *const cli_commands[] = {
	&cli_cmd_init,
	&cli_cmd_kiosk,
	&cli_cmd_counter,
	&cli_cmd_summary,
	&cli_cmd_member_add,
	&cli_cmd_member_show,
	&cli_cmd_member_list,
	&cli_cmd_member_find,
	&cli_cmd_member_card,
	&cli_cmd_member_pin,
	&cli_cmd_member_unlock,
	&cli_cmd_member_edit,
	&cli_cmd_member_erase,
	&cli_cmd_member_rate,
	&cli_cmd_earn,
	&cli_cmd_grant,
	&cli_cmd_transfer,
	&cli_cmd_offset,
	&cli_cmd_balance,
	&cli_cmd_history,
	&cli_cmd_family_create,
	&cli_cmd_family_add,
	&cli_cmd_family_list,
	&cli_cmd_family_remove,
	&cli_cmd_family_owner,
	&cli_cmd_daily,
	&cli_cmd_expire,
	&cli_cmd_verify,
	&cli_cmd_export,
	&cli_cmd_backup,
	&cli_cmd_restore,
	&cli_cmd_migrate,
	&cli_cmd_game_import,
	&cli_cmd_game_list,
	&cli_cmd_game_show,
	&cli_cmd_game_play,
	&cli_cmd_game_commitments,
	&cli_cmd_game_reveal,
	&cli_cmd_game_audit,
	&cli_cmd_game_report,
	&cli_cmd_task_import,
	&cli_cmd_task_list,
	&cli_cmd_task_show,
	&cli_cmd_task_complete,
	&cli_cmd_task_review,
	&cli_cmd_task_check,
	&cli_cmd_task_progress,
	&cli_cmd_survey_import,
	&cli_cmd_survey_list,
	&cli_cmd_survey_results,
	&cli_cmd_survey_answer,
	&cli_cmd_remind,
	&cli_cmd_rules,
	&cli_cmd_campaign_import,
	&cli_cmd_campaign_list,
	&cli_cmd_campaign_show,
	&cli_cmd_campaign_end,
	&cli_cmd_campaign_claim,
	&cli_cmd_catalog_import,
	&cli_cmd_catalog_list,
	&cli_cmd_catalog_show,
	&cli_cmd_catalog_delist,
	&cli_cmd_redeem,
	&cli_cmd_voucher_show,
	&cli_cmd_voucher_list,
	&cli_cmd_voucher_redeem,
	&cli_cmd_voucher_cancel,
	&cli_cmd_voucher_return,
	&cli_cmd_compensate_outage,
	&cli_cmd_report_day,
	&cli_cmd_report_shift,
	&cli_cmd_slip_list,
	&cli_cmd_slip_show,
	&cli_cmd_slip_print,
	&cli_cmd_queue_list,
	&cli_cmd_queue_post,
	&cli_cmd_queue_retry,
	&cli_cmd_staff_add,
	&cli_cmd_staff_list,
	&cli_cmd_staff_disable,
	&cli_cmd_staff_pin,
	&cli_cmd_plan_set,
	&cli_cmd_plan_show,
	&cli_cmd_plan_end,
	&cli_cmd_report_top,
	&cli_cmd_tier_show,
	NULL,
};

static void
print_program_help(void)
{
	int width = 0;

	printf("usage: jifen [--db PATH] [--config FILE] [--json] COMMAND [ARGS]\n"
	       "\n"
	       "The loyalty-points ledger of the store, for the store manager.\n"
	       "\n"
	       "commands:\n");
	/* The column fits the longest name in the table, so a new command can
	 * never run into its summary. */
	for (const struct cli_command *const *c = cli_commands; *c; c++)
		if ((int)strlen((*c)->name) > width)
			width = (int)strlen((*c)->name);
	for (const struct cli_command *const *c = cli_commands; *c; c++)
		printf("  %-*s  %s\n", width, (*c)->name, (*c)->summary);
	printf("\n"
	       "global options (before or after the command):\n"
	       "  --db PATH       the ledger file (default: $JIFEN_DB, else the system or\n"
	       "                  per-user ledger, see jifen(1))\n"
	       "  --config FILE   the store's config (default: $JIFEN_CONFIG, else that of\n"
	       "                  an installed jifen if there is one, else built-in)\n"
	       "  --json          machine-readable output\n"
	       "  --help          this help; `jifen help COMMAND` or `jifen COMMAND --help`\n"
	       "                  for one command\n"
	       "  -V, --version   the version\n"
	       "\n"
	       "environment: JIFEN_DB, JIFEN_CONFIG, JIFEN_NOW (pretend it is this ISO 8601\n"
	       "time), JIFEN_SEED (make codes and draws reproducible; tests only), TZ.\n"
	       "exit status: 0 ok, 1 failure, 2 usage, 3 not found, 4 insufficient points,\n"
	       "5 conflict, 6 authentication, 7 database busy, 8 integrity check failed,\n"
	       "9 permission denied (this user may not write, or read, the ledger).\n");
}

/* Is word the first word of a group of commands ("member")? */
static int
is_group(const char *word)
{
	size_t n = strlen(word);

	for (const struct cli_command *const *c = cli_commands; *c; c++)
		if (strncmp((*c)->name, word, n) == 0 && (*c)->name[n] == ' ')
			return 1;
	return 0;
}

/* Usage of every command of a group, for `jifen member --help`. */
static void
print_group_usage(const char *group)
{
	size_t n = strlen(group);
	int first = 1;

	for (const struct cli_command *const *c = cli_commands; *c; c++) {
		if (strncmp((*c)->name, group, n) != 0 || (*c)->name[n] != ' ')
			continue;
		if (!first)
			printf("\n");
		cli_print_usage(*c);
		first = 0;
	}
}

/* The command named by the first one or two words of argv, and how many
 * words its name took; NULL if there is none. */
static const struct cli_command *
find_command(int argc, char **argv, int *words)
{
	size_t n = strlen(argv[0]);

	for (const struct cli_command *const *c = cli_commands; *c; c++) {
		const char *name = (*c)->name;

		if (strcmp(name, argv[0]) == 0) {
			*words = 1;
			return *c;
		}
		if (argc > 1 && strncmp(name, argv[0], n) == 0 && name[n] == ' ' &&
		    strcmp(name + n + 1, argv[1]) == 0) {
			*words = 2;
			return *c;
		}
	}
	return NULL;
}

/* "add, show, list" for the group "member". */
static const char *
group_commands(const char *group)
{
	static char list[256];
	size_t n = strlen(group), used = 0;

	list[0] = '\0';
	for (const struct cli_command *const *c = cli_commands; *c; c++)
		if (strncmp((*c)->name, group, n) == 0 && (*c)->name[n] == ' ' &&
		    used < sizeof list)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
						 used ? ", " : "", (*c)->name + n + 1);
	return list;
}

/* Explain why argv names no command; `jifen member --help` is not an error. */
static int
no_such_command(struct cli_ctx *ctx, int argc, char **argv)
{
	if (!is_group(argv[0]))
		return cli_error(ctx, JF_USAGE, "unknown command '%s'", cli_safe(argv[0]));
	ctx->group = argv[0];
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		print_group_usage(argv[0]);
		return JF_OK;
	}
	if (argc == 1)
		return cli_error(ctx, JF_USAGE, "'%s' needs a command: %s", argv[0],
				 group_commands(argv[0]));
	return cli_error(ctx, JF_USAGE, "unknown command '%s %s'", argv[0], cli_safe(argv[1]));
}

/* jifen help [COMMAND] */
static int
run_help(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *cmd;
	int words;

	if (argc == 1 || argv[1][0] == '-') { /* `jifen help --help` */
		print_program_help();
		return JF_OK;
	}
	if (strcmp(argv[1], "help") == 0) { /* `jifen help help` */
		if (argc > 2)
			return cli_error(ctx, JF_USAGE, "unexpected argument '%s' after 'help help'",
					 cli_safe(argv[2]));
		printf("usage: jifen help [COMMAND]\n"
		       "\n"
		       "The list of commands and the global options; with a COMMAND (\"member\n"
		       "add\") or a group of them (\"member\"), their usage and options. The same\n"
		       "as `jifen --help` and `jifen COMMAND --help`.\n");
		return JF_OK;
	}
	cmd = find_command(argc - 1, argv + 1, &words);
	if (cmd == NULL && argc == 2 && is_group(argv[1])) {
		print_group_usage(argv[1]);
		return JF_OK;
	}
	if (cmd == NULL)
		return cli_error(ctx, JF_USAGE, "no command '%s' to help with", cli_safe(argv[1]));
	if (words != argc - 1)
		return cli_error(ctx, JF_USAGE, "unexpected argument '%s' after 'help %s'",
				 cli_safe(argv[words + 1]), cmd->name);
	cli_print_usage(cmd);
	return JF_OK;
}

/* getopt takes "-5" for an option; say what it really is. It may be in
 * the middle of its scan of "-12", so look for it (argv ends with NULL). */
static int
negative_number(struct cli_ctx *ctx, char **argv)
{
	const char *arg = "-";

	for (char **a = argv + 1; *a; a++)
		if ((*a)[0] == '-' && isdigit((unsigned char)(*a)[1])) {
			arg = *a;
			break;
		}
	return cli_error(ctx, JF_USAGE, "'%s' is negative: amounts and points are positive",
			 cli_safe(arg));
}

/* The message for an option getopt refused: optopt is the short option or
 * the value of a long one (0 for an unknown long option). */
static int
bad_option(struct cli_ctx *ctx, int c, char **argv)
{
	const char *arg = cli_safe(argv[optind - 1]);

	if (c == ':')
		return cli_error(ctx, JF_USAGE, "option '%s' needs a value", arg);
	if (c == '?' && isdigit(optopt))
		return negative_number(ctx, argv);
	if (optopt > 0 && optopt < 0x80)
		return cli_error(ctx, JF_USAGE, "unknown option '-%c'", optopt);
	if (optopt != 0)
		return cli_error(ctx, JF_USAGE, "option '%s' takes no value", arg);
	return cli_error(ctx, JF_USAGE, "unknown or ambiguous option '%s'", arg);
}

static int
getopt_step(struct cli_ctx *ctx, int argc, char **argv, const char *shortopts,
	    const struct option *opts, int *status)
{
	int c;

	opterr = 0; /* getopt's own messages are not our one-line errors */
	for (;;) {
		c = getopt_long(argc, argv, shortopts, opts, NULL);
		switch (c) {
		case CLI_OPT_DB:
			ctx->db_path = optarg;
			break;
		case CLI_OPT_CONFIG:
			ctx->config_path = optarg;
			break;
		case CLI_OPT_JSON:
			ctx->json = 1;
			break;
		case CLI_OPT_STAFF:
			/* Checked here, before anything is opened: a bad id writes nothing. */
			if (actor_check_id("staff id", optarg, &ctx->err) != JF_OK) {
				*status = cli_fail(ctx, ctx->err.status);
				return CLI_STOP;
			}
			ctx->staff = optarg;
			break;
		case CLI_OPT_PIN_STDIN:
			ctx->staff_pin_given = 1;
			break;
		case 'h':
			if (ctx->cmd)
				cli_print_usage(ctx->cmd);
			else
				print_program_help();
			*status = JF_OK;
			return CLI_STOP;
		case 'V':
		case CLI_OPT_VERSION:
			printf("%s\n", PACKAGE_STRING);
			*status = JF_OK;
			return CLI_STOP;
		case ':':
		case '?':
			*status = bad_option(ctx, c, argv);
			return CLI_STOP;
		default:
			return c;
		}
	}
}

static int running_installed(void);

/* The store's config of an installed jifen, $(sysconfdir)/jifen/jifen.conf,
 * when there is one; NULL (the built-in settings) otherwise. A build in a
 * source tree keeps to its own, as it does for the ledger. */
static const char *
default_config(void)
{
#ifdef SYSCONFDIR
	static const char path[] = SYSCONFDIR "/jifen/jifen.conf";

	if (running_installed() && access(path, F_OK) == 0)
		return path;
#endif
	return NULL;
}

static int
load_settings(struct cli_ctx *ctx)
{
	const char *path = ctx->config_path;

	if (path == NULL) {
		path = getenv("JIFEN_CONFIG");
		if (path != NULL && *path == '\0')
			path = NULL;
		else if (path == NULL)
			path = default_config();
	} else if (*path == '\0') {
		return cli_error(ctx, JF_USAGE, "--config needs a file name");
	}
	if (settings_load(&ctx->cfg, path, &ctx->err) != JF_OK) {
		/* The command's --help cannot mend a config file, so no hint here. */
		fprintf(stderr, "jifen: %s\n", cli_safe(ctx->err.message));
		return ctx->err.status;
	}
	ctx->config_used = path;
	return JF_OK;
}

const char *
cli_opt(const struct cli_args *args, int key)
{
	return key > 0 && key < CLI_OPT_KEYS ? args->opt[key] : NULL;
}

int
cli_opt_all(const struct cli_args *args, int key, const char **out, int max)
{
	int n = 0;

	for (int i = 0; i < args->given_count; i++)
		if (args->given_keys[i] == key) {
			if (n < max)
				out[n] = args->given[i];
			n++;
		}
	return n;
}

int
cli_flag(const struct cli_args *args, int key)
{
	return cli_opt(args, key) != NULL;
}

int
cli_count_args(struct cli_ctx *ctx, const struct cli_args *args, int min, int max,
	       const char *names)
{
	if (args->argc < min)
		return cli_error(ctx, JF_USAGE, "missing argument: %s needs %s", ctx->cmd->name,
				 names);
	if (args->argc > max)
		return cli_error(ctx, JF_USAGE, "unexpected argument '%s'",
				 cli_safe(args->argv[max]));
	return JF_OK;
}

/* The result of a parse.h check: 0, or the usage error printed. */
static int
checked(struct cli_ctx *ctx, enum jf_status st)
{
	return st == JF_OK ? 0 : cli_fail(ctx, st);
}

int
cli_check_card(struct cli_ctx *ctx, const char *card)
{
	return checked(ctx, parse_card(card, ctx->cfg.card_check, &ctx->err));
}

int
cli_check_card_arg(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return cli_check_card(ctx, args->argv[0]);
}

int
cli_check_amount(struct cli_ctx *ctx, const char *text, int64_t *fen)
{
	return checked(ctx, parse_amount_fen(text, fen, &ctx->err));
}

int
cli_check_points(struct cli_ctx *ctx, const char *text, int64_t *points)
{
	return checked(ctx, parse_points(text, points, &ctx->err));
}

int
cli_check_key(struct cli_ctx *ctx, const char *what, const char *key)
{
	return checked(ctx, parse_key(what, key, &ctx->err));
}

int
cli_check_name(struct cli_ctx *ctx, const char *what, const char *name)
{
	return checked(ctx, parse_name(what, name, &ctx->err));
}

int
cli_check_text(struct cli_ctx *ctx, const char *what, const char *text)
{
	return checked(ctx, parse_text(what, text, 200, &ctx->err));
}

int
cli_check_date(struct cli_ctx *ctx, const char *date)
{
	return checked(ctx, parse_date(date, &ctx->err));
}

int
cli_check_phone(struct cli_ctx *ctx, const char *phone)
{
	return checked(ctx, parse_phone(phone, &ctx->err));
}

int
cli_check_pin(struct cli_ctx *ctx, const char *pin)
{
	return checked(ctx, parse_pin(pin, &ctx->err));
}

int
cli_check_limit(struct cli_ctx *ctx, const char *text, int64_t *limit)
{
	return checked(ctx, parse_int_range("limit", text, 1, 10000, limit, &ctx->err));
}

int
cli_check_code(struct cli_ctx *ctx, const char *what, const char *code)
{
	if (!game_code_ok(code))
		return cli_error(ctx, JF_USAGE, "%s is not a %s's id (1 to 32 of A-Z a-z 0-9 . _ -)",
				 cli_safe(code), what);
	return JF_OK;
}

int
cli_check_lang(struct cli_ctx *ctx, const char *lang)
{
	if (lang && strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0)
		return cli_error(ctx, JF_USAGE, "--lang must be zh or en");
	return JF_OK;
}

int
cli_read_pin(struct cli_ctx *ctx, const char *what, char *pin, size_t size)
{
	if (fgets(pin, (int)size, stdin) == NULL)
		return cli_error(ctx, JF_USAGE, "%s: no PIN on standard input", what);
	pin[strcspn(pin, "\r\n")] = '\0';
	return cli_check_pin(ctx, pin);
}

int
cli_missing_option(struct cli_ctx *ctx, const char *option)
{
	return cli_error(ctx, JF_USAGE, "%s needs %s", ctx->cmd->name, option);
}

/* Is this program the installed one (in bindir)? Then it uses the
 * system's ledger; a build in a source tree uses the user's own. */
static int
running_installed(void)
{
#ifdef BINDIR
	char exe[PATH_MAX], bin[PATH_MAX];
	char *slash;

	if (realpath("/proc/self/exe", exe) == NULL || realpath(BINDIR, bin) == NULL)
		return 0;
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return 0;
	*slash = '\0';
	return strcmp(exe, bin) == 0;
#else
	return 0; /* Makefile.am does not define BINDIR yet */
#endif
}

/* mkdir -p of the directory part of path. */
static int
make_parent_dirs(char *path, mode_t mode)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, mode) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

static int
default_db_path(struct cli_ctx *ctx, int create, const char **path)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	mode_t mode = 0700; /* members' data is the user's alone */
	int n;

	if (running_installed()) {
		n = snprintf(ctx->db_default, sizeof ctx->db_default, "%s/lib/jifen/ledger.db",
			     LOCALSTATEDIR);
		mode = 0750; /* jifen's group reads it (README "Install") */
	} else if (xdg != NULL && xdg[0] == '/') { /* the XDG spec ignores relative paths */
		n = snprintf(ctx->db_default, sizeof ctx->db_default, "%s/jifen/ledger.db", xdg);
	} else if (home != NULL && home[0] == '/') {
		n = snprintf(ctx->db_default, sizeof ctx->db_default,
			     "%s/.local/share/jifen/ledger.db", home);
	} else {
		return cli_error(ctx, JF_USAGE, "no ledger given: use --db PATH or set JIFEN_DB");
	}
	if (n < 0 || (size_t)n >= sizeof ctx->db_default)
		return cli_error(ctx, JF_USAGE, "the default ledger path is too long: use --db PATH");
	if (create && make_parent_dirs(ctx->db_default, mode) != 0)
		return cli_error(ctx, JF_ERR, "cannot create the directory of %s: %s",
				 cli_safe(ctx->db_default), strerror(errno));
	*path = ctx->db_default;
	return JF_OK;
}

int
cli_db_path(struct cli_ctx *ctx, int create, const char **path)
{
	const char *p = ctx->db_path;

	if (p == NULL) {
		p = getenv("JIFEN_DB");
		if ((p == NULL || *p == '\0') && ctx->cfg.db_location[0] != '\0')
			p = ctx->cfg.db_location;
		if (p == NULL || *p == '\0')
			return default_db_path(ctx, create, path);
	} else if (*p == '\0') {
		return cli_error(ctx, JF_USAGE, "--db needs a path");
	}
	*path = p;
	return JF_OK;
}

/* Open (or for CLI_LEDGER_CREATE create, its transaction left open for
 * the command to commit) the ledger into ctx->lg, as the command's
 * descriptor says (or its exec, for CLI_LEDGER_NONE commands that
 * choose); finish() closes it. */
int
cli_open_ledger(struct cli_ctx *ctx, enum cli_ledger_use use)
{
	const char *path;
	enum jf_status st;
	int status;

	if (use == CLI_LEDGER_NONE)
		return JF_OK;
	if ((status = cli_db_path(ctx, use == CLI_LEDGER_CREATE, &path)))
		return status;
	if (use == CLI_LEDGER_CREATE)
		st = ledger_create_begin(&ctx->lg, path, &ctx->cfg, &ctx->err);
	else if (use == CLI_LEDGER_READ)
		st = ledger_open_read(&ctx->lg, path, &ctx->cfg, &ctx->err);
	else
		st = ledger_open(&ctx->lg, path, &ctx->cfg, &ctx->err);
	if (st != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	ctx->lg_open = 1;
	ctx->lg_path = path;
	return cli_act(ctx);
}

/* Who the writes of this command are by: the staff member of --staff, else
 * the user running the shell; and whether they may (staff.h). */
int
cli_act(struct cli_ctx *ctx)
{
	struct passwd *pw = getpwuid(geteuid());
	struct actor a;

	if (ctx->staff) {
		if (actor_staff(&a, ctx->staff, &ctx->err) != JF_OK)
			return cli_fail(ctx, ctx->err.status);
	} else {
		actor_shell(&a, pw ? pw->pw_name : getenv("USER"));
	}
	ledger_act_as(&ctx->lg, &a);
	if (ctx->cmd == NULL || ctx->cmd->staff == CLI_STAFF_NONE)
		return JF_OK;
	if (staff_authorize(&ctx->lg, ctx->action, ctx->staff,
			    ctx->staff_pin_given ? ctx->staff_pin : NULL, &ctx->err) != JF_OK)
		return cli_fail(ctx, ctx->err.status);
	return JF_OK;
}

/* Does the command read a PIN of its own with --pin-stdin (member add)? */
static int
has_own_pin_option(const struct cli_command *cmd)
{
	for (const struct option *o = cmd->options; o && o->name; o++)
		if (strcmp(o->name, staff_pin_option.name) == 0)
			return 1;
	return 0;
}

/* The command's own options, then the global ones, as one getopt table.
 * A key that cli_opt() could not find is a mistake in a descriptor. */
static void
option_table(const struct cli_command *cmd, struct option *opts)
{
	size_t n = 0;

	for (const struct option *o = cmd->options; o && o->name; o++) {
		if (n == CLI_OPTIONS_MAX || o->flag != NULL || o->val <= 0 ||
		    o->val >= CLI_OPT_KEYS || o->val == 'h') {
			fprintf(stderr, "jifen: bug: option --%s of '%s'\n", o->name, cmd->name);
			abort();
		}
		opts[n++] = *o;
	}
	if (cmd->staff != CLI_STAFF_NONE)
		opts[n++] = staff_option;
	if (cmd->staff != CLI_STAFF_NONE && !has_own_pin_option(cmd))
		opts[n++] = staff_pin_option;
	memcpy(opts + n, global_options, sizeof global_options);
}

/* The command's options into args->opt and its arguments into args;
 * CLI_STOP with *status when the command must not run. */
static int
read_command_line(struct cli_ctx *ctx, const struct cli_command *cmd, int argc, char **argv,
		  struct cli_args *args, int *status)
{
	struct option opts[CLI_OPTIONS_MAX + 2 + sizeof global_options / sizeof global_options[0]];
	int c;

	option_table(cmd, opts);
	optind = 0; /* a fresh getopt scan for the command's options */
	/* Options may follow the arguments (`earn CARD 19.90 --ref R1`). */
	while ((c = getopt_step(ctx, argc, argv, ":hV", opts, status)) != -1) {
		if (c == CLI_STOP)
			return CLI_STOP;
		args->opt[c] = optarg ? optarg : "";
		if (args->given_count < CLI_GIVEN_MAX) {
			args->given_keys[args->given_count] = c;
			args->given[args->given_count++] = args->opt[c];
		}
	}
	args->argc = argc - optind;
	args->argv = argv + optind;
	if ((*status = cli_count_args(ctx, args, cmd->args_min, cmd->args_max,
				      cmd->args ? cmd->args : "")))
		return CLI_STOP;
	if (cmd->staff == CLI_STAFF_REQUIRED && ctx->staff == NULL) {
		*status = cli_missing_option(ctx, "--staff ID");
		return CLI_STOP;
	}
	if (ctx->staff_pin_given && ctx->staff == NULL) {
		*status = cli_error(ctx, JF_USAGE, "--pin-stdin is the PIN of --staff ID: give both");
		return CLI_STOP;
	}
	return 0;
}

/* The staff member's PIN is the first line of stdin, read before the
 * command's check reads any more (a new PIN, for staff add and staff pin). */
static int
read_staff_pin(struct cli_ctx *ctx)
{
	if (!ctx->staff_pin_given)
		return JF_OK;
	return cli_read_pin(ctx, "--pin-stdin", ctx->staff_pin, sizeof ctx->staff_pin);
}

/* The steps of every command, in the order struct cli_command gives. */
static int
run_command(struct cli_ctx *ctx, const struct cli_command *cmd, int argc, char **argv)
{
	struct cli_args args = { 0 };
	void *state;
	int status;

	ctx->cmd = cmd;
	ctx->action = cmd->action;
	if (read_command_line(ctx, cmd, argc, argv, &args, &status) == CLI_STOP ||
	    (status = load_settings(ctx)) || (status = read_staff_pin(ctx)))
		return status;
	state = xcalloc(1, cmd->state_size ? cmd->state_size : 1);
	if ((cmd->check == NULL || (status = cmd->check(ctx, &args, state)) == JF_OK) &&
	    (status = cli_open_ledger(ctx, cmd->ledger)) == JF_OK)
		status = cmd->exec(ctx, &args, state);
	if (cmd->done)
		cmd->done(state);
	free(state);
	explicit_bzero(ctx->staff_pin, sizeof ctx->staff_pin);
	/* A command may leave the message of a failed core call in ctx->err. */
	if (status != JF_OK && !ctx->reported)
		cli_fail(ctx, (enum jf_status)status);
	return status;
}

/* Close the ledger and make sure stdout really got everything. */
static int
finish(struct cli_ctx *ctx, int status)
{
	if (ctx->lg_open)
		ledger_close(&ctx->lg);
	ctx->lg_open = 0;
	/* Core runs a write again when the database asks (JF_RETRY) and gives
	 * up as JF_BUSY; one that still got here (a transaction a command
	 * held open, as a slip's) is the same thing to whoever runs us. */
	if (status == JF_RETRY)
		status = JF_BUSY;
	if ((fflush(stdout) != 0 || ferror(stdout)) && status == JF_OK)
		status = cli_error(ctx, JF_ERR, "cannot write the output: %s", strerror(errno));
	return status;
}

int
main(int argc, char **argv)
{
	static struct cli_ctx ctx; /* static: starts zeroed */
	const struct cli_command *cmd;
	int status = JF_OK, words;

	settings_defaults(&ctx.cfg);
	if (clock_init(&ctx.err) != JF_OK || random_init(&ctx.err) != JF_OK)
		return cli_fail(&ctx, ctx.err.status);
	/* "+": stop at the command's name; its options are its own. */
	if (getopt_step(&ctx, argc, argv, "+:hV", global_options, &status) == CLI_STOP)
		return finish(&ctx, status);
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return cli_error(&ctx, JF_USAGE, "no command given");
	if (strcmp(argv[0], "help") == 0)
		return finish(&ctx, run_help(&ctx, argc, argv));
	cmd = find_command(argc, argv, &words);
	if (cmd == NULL)
		return finish(&ctx, no_such_command(&ctx, argc, argv));
	return finish(&ctx, run_command(&ctx, cmd, argc - words + 1, argv + words - 1));
}
