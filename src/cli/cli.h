/*
 * cli: the `jifen` command line, shared by the subcommand files.
 *
 * main.c owns the table of subcommands, the global options and the steps
 * every subcommand takes (options, config, arguments, ledger); output.c owns
 * what reaches the terminal. Each cmd_*.c exports one struct cli_command per
 * subcommand, listed in main.c's table (after tmux's cmd-*.c).
 *
 * A subcommand returns its exit status: the enum jf_status of what failed,
 * after printing exactly one error line. It never prints anything else to
 * stderr, and never prints untrusted text without passing it through
 * cli_safe().
 */
#ifndef JIFEN_CLI_H
#define JIFEN_CLI_H

#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "clock.h"
#include "ledger.h"
#include "settings.h"
#include "status.h"

struct cli_ctx;

struct cli_command {
	const char *name;  /* "earn", or "member add" for a command in a group */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
	const char *usage; /* synopsis lines, a blank line, then the options */
	const char *summary;
};

struct cli_ctx {
	const char *db_path;     /* --db, else JIFEN_DB, else the default */
	const char *config_path; /* --config, else JIFEN_CONFIG, else none */
	int json;
	struct settings cfg;
	struct ledger lg;
	int lg_open;
	const struct cli_command *cmd; /* running; NULL while reading global options */
	const char *group;             /* "member" while resolving "member ...", for hints */
	struct jf_error err;           /* scratch for core calls */
	char db_default[4096];         /* storage for the default path */
};

/* Option values of the global options; commands use small letters. */
enum {
	CLI_OPT_DB = 0x100,
	CLI_OPT_CONFIG,
	CLI_OPT_JSON,
	CLI_OPT_VERSION,
};

/* cli_getopt() returns this when the command must stop: help or version was
 * printed (status 0), or a usage error was (status 2). */
#define CLI_STOP (-2)

/* Every command's option table ends with these, so the global options can
 * be given after the command name too. */
#define CLI_GLOBAL_OPTIONS \
	{ "db", required_argument, NULL, CLI_OPT_DB }, \
	{ "config", required_argument, NULL, CLI_OPT_CONFIG }, \
	{ "json", no_argument, NULL, CLI_OPT_JSON }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }, \
	{ NULL, 0, NULL, 0 }

/* The subcommands, one descriptor each (cmd_*.c). */
extern const struct cli_command cli_cmd_init;
extern const struct cli_command cli_cmd_kiosk;
extern const struct cli_command cli_cmd_summary;
extern const struct cli_command cli_cmd_member_add;
extern const struct cli_command cli_cmd_member_show;
extern const struct cli_command cli_cmd_member_list;
extern const struct cli_command cli_cmd_earn;
extern const struct cli_command cli_cmd_grant;
extern const struct cli_command cli_cmd_transfer;
extern const struct cli_command cli_cmd_expire;
extern const struct cli_command cli_cmd_balance;
extern const struct cli_command cli_cmd_history;
extern const struct cli_command cli_cmd_family_create;
extern const struct cli_command cli_cmd_family_add;
extern const struct cli_command cli_cmd_family_list;
extern const struct cli_command cli_cmd_verify;
extern const struct cli_command cli_cmd_export;
extern const struct cli_command cli_cmd_catalog_import;
extern const struct cli_command cli_cmd_catalog_list;
extern const struct cli_command cli_cmd_catalog_show;
extern const struct cli_command cli_cmd_catalog_delist;
extern const struct cli_command cli_cmd_redeem;
extern const struct cli_command cli_cmd_voucher_show;
extern const struct cli_command cli_cmd_voucher_list;
extern const struct cli_command cli_cmd_voucher_redeem;
extern const struct cli_command cli_cmd_voucher_cancel;
extern const struct cli_command cli_cmd_voucher_return;
extern const struct cli_command cli_cmd_compensate_outage;

/* main.c: the steps of a command, in this order. Each int-returning one
 * returns 0 or the exit status after printing the one error line, so a
 * command writes `if (step(...)) return status;`. */

/* Like getopt_long() (optind is reset by main) but handles the global
 * options itself; returns the command's own option, -1 at the end of the
 * options, or CLI_STOP with the exit status in *status. */
int cli_getopt(struct cli_ctx *ctx, int argc, char **argv, const struct option *opts,
	       int *status);
/* After the options: check that between min and max positional arguments
 * (named in names, like "CARD POINTS") remain, then load the config. */
int cli_args(struct cli_ctx *ctx, int argc, char **argv, int min, int max, const char *names);
/* Argument checks, done before the ledger is opened. */
int cli_check_card(struct cli_ctx *ctx, const char *card);
int cli_check_amount(struct cli_ctx *ctx, const char *text, int64_t *fen);
int cli_check_points(struct cli_ctx *ctx, const char *text, int64_t *points);
int cli_check_key(struct cli_ctx *ctx, const char *what, const char *key);
int cli_check_name(struct cli_ctx *ctx, const char *what, const char *name);
int cli_check_text(struct cli_ctx *ctx, const char *what, const char *text);
int cli_check_date(struct cli_ctx *ctx, const char *date);
int cli_check_phone(struct cli_ctx *ctx, const char *phone);
int cli_check_pin(struct cli_ctx *ctx, const char *pin);
int cli_check_limit(struct cli_ctx *ctx, const char *text, int64_t *limit);
/* A required option that was not given. */
int cli_missing_option(struct cli_ctx *ctx, const char *option);
/* The ledger's path in *path (creating its directory when create is set and
 * the path is the default one). */
int cli_db_path(struct cli_ctx *ctx, int create, const char **path);
/* Open the ledger at cli_db_path() into ctx->lg; main closes it. */
int cli_open_ledger(struct cli_ctx *ctx);

/* output.c */

/* Print "jifen: <message>" on stderr; for a usage error add the hint
 * "(see: jifen CMD --help)". Returns status. */
int cli_error(struct cli_ctx *ctx, enum jf_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* cli_error() with why a core call failed, as ctx->err says it: its
 * reason in words (cli_reason()), else its message. */
int cli_fail(struct cli_ctx *ctx, enum jf_status status);
/* reason.c: the sentence for err's reason with its numbers, or err's own
 * message if it has no reason; into out (always terminated). */
void cli_reason(const struct jf_error *err, char *out, size_t size);
/* A member's notice (member.h) in English from its message and parameters,
 * or its stored text if it has none. */
struct member_notice;
void cli_notice(const struct member_notice *n, char *out, size_t size);
/* Print a command's usage and options to stdout. */
void cli_print_usage(const struct cli_command *cmd);

/* text with control characters and invalid UTF-8 turned into '?', so text
 * read from a ledger file (which may have been tampered with) or typed by
 * the user can never drive the terminal. The result is one of a few static
 * buffers, valid until cli_safe() has been called CLI_SAFE_SLOTS times more. */
#define CLI_SAFE_SLOTS 8
const char *cli_safe(const char *text);
/* Columns text takes on a terminal (CJK characters take two). */
int cli_text_width(const char *text);
/* Print text, padded with spaces to width columns (right-aligned if right). */
void cli_print_cell(const char *text, int width, int right);

/* A JSON string of text (cli_safe()d if it is not valid UTF-8), or JSON
 * null for NULL or, if empty_is_null, "". A new reference. */
json_t *cli_json_str(const char *text, int empty_is_null);
/* A JSON integer, or null for 0 (an entry id that is not there). */
json_t *cli_json_id(int64_t id);
/* A JSON time string (ISO 8601), or null for 0. */
json_t *cli_json_time(int64_t t);
/* {"points": a, "green": b} */
json_t *cli_json_kinds(const int64_t v[KIND_COUNT]);
/* Print value on stdout and free it; a NULL value (a failed json_pack) is
 * reported as an error. */
int cli_print_json(struct cli_ctx *ctx, json_t *value);

/* "2026-11-24 10:00" of a time, for people; "-" for 0. */
void cli_format_time(int64_t t, char out[CLOCK_ISO_LEN]);
/* The words after a number n of points: "points", "green points", "point". */
const char *cli_kind_label(enum point_kind kind, int64_t n);

#endif
