/*
 * cli: the `jifen` command line, shared by the subcommand files.
 *
 * main.c owns the table of subcommands, the global options and the steps
 * every subcommand takes (options, help, argument count, config, ledger,
 * the error line); output.c owns what reaches the terminal. Each cmd_*.c
 * exports one struct cli_command per subcommand, listed in main.c's table
 * (after tmux's cmd-*.c), and holds only what is its own: a check of its
 * arguments and the call to core.
 *
 * A new command: a descriptor (name, options, argument count, ledger use,
 * check, exec, usage, summary) in a cmd_*.c, its extern below, its place
 * in main.c's cli_commands[], its entry in jifen.1.
 *
 * A command returns its exit status: the enum jf_status of what failed,
 * after printing exactly one error line (or leaving a core call's message
 * in ctx->err for main to print). It never prints anything else to stderr,
 * and never prints untrusted text without passing it through cli_safe().
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

/* What a command does with the ledger. main opens it (after the command's
 * check, so a typo never reaches the database) and closes it; READ and WRITE
 * say whether the command changes it, for whoever must know (a read-only
 * terminal, a backend's read-only transaction). */
enum cli_ledger_use {
	CLI_LEDGER_NONE,   /* no ledger */
	CLI_LEDGER_READ,   /* an existing ledger, only read */
	CLI_LEDGER_WRITE,  /* an existing ledger, written */
	CLI_LEDGER_CREATE, /* a new ledger at the path, created in a transaction
			    * the command commits (init: ledger_create_begin) */
};

/* Whether a command takes --staff ID, the staff member who acts (main
 * adds the option, checks the id before anything is opened, and makes that
 * staff member the ledger's actor; without it the shell user acts). */
enum cli_staff_use {
	CLI_STAFF_NONE,     /* no --staff: the shell user acts */
	CLI_STAFF_OPTIONAL, /* --staff ID, else the shell user */
	CLI_STAFF_REQUIRED, /* a person at the counter must say who they are */
};

/* Option keys (the val of a command's struct option) are letters below
 * this, never 'h'; cli_opt() finds an option's value by its key. */
#define CLI_OPT_KEYS 128
/* At most this many options per command (the global ones not counted). */
#define CLI_OPTIONS_MAX 16
/* Options kept in the order given (more are read, but not kept). */
#define CLI_GIVEN_MAX 32

/* The command line as main read it, handed to the command. */
struct cli_args {
	int argc;    /* positional arguments, between args_min and args_max */
	char **argv; /* argv[0] is the first positional argument */
	const char *opt[CLI_OPT_KEYS]; /* by key: the value, "" for a flag, NULL if not given */
	/* Every option as given, in order, for one that may be repeated
	 * (plan set --offer): see cli_opt_all(). */
	int given_keys[CLI_GIVEN_MAX];
	const char *given[CLI_GIVEN_MAX];
	int given_count;
};

/* One subcommand (after tmux's cmd_entry). main reads the global options
 * and the command's own (given before or after its arguments), prints
 * --help, checks the number of arguments, loads the config, calls check,
 * opens the ledger, calls exec, calls done, closes the ledger and makes
 * sure exactly one error line was printed if it failed. */
struct cli_command {
	const char *name; /* "earn", or "member add" for a command in a group */
	/* Its own long options, ended by { NULL }; NULL for none. Each val is
	 * a key for cli_opt(). The global options are added by main. */
	const struct option *options;
	int args_min, args_max; /* how many positional arguments */
	const char *args;       /* their names, "CARD AMOUNT", for "missing argument" */
	enum cli_ledger_use ledger;
	enum cli_staff_use staff; /* does --staff ID name who acts? */
	/* What it does, as the config's [staff] lists name it ("grant",
	 * settings.h), for staff_authorize(); NULL for nothing listable. A
	 * check may change ctx->action, which starts as this. */
	const char *action;
	size_t state_size; /* of the command's own state, zeroed, from check to done */
	/* Optional: check the arguments and fill the state, before the ledger
	 * is opened. Returns 0 or the exit status after printing the error. */
	int (*check)(struct cli_ctx *ctx, const struct cli_args *args, void *state);
	/* The command itself, with ctx->lg open as .ledger says. Returns 0 or
	 * the exit status: after printing the error line, or with the message
	 * of a failed core call in ctx->err, which main prints. */
	int (*exec)(struct cli_ctx *ctx, const struct cli_args *args, void *state);
	/* Optional: release what check put in the state (run even on failure). */
	void (*done)(void *state);
	const char *usage; /* synopsis lines, a blank line, then the options */
	const char *summary;
};

struct cli_ctx {
	const char *db_path;     /* --db, else JIFEN_DB, else the default */
	const char *config_path; /* --config, else JIFEN_CONFIG, else none */
	const char *config_used; /* the config file read; NULL: the built-in settings */
	int json;
	const char *staff;       /* --staff ID, where a command takes it */
	const char *action;      /* the running command's action (its .action) */
	char staff_pin[64];      /* --pin-stdin: the first line of stdin */
	int staff_pin_given;
	struct settings cfg;
	struct ledger lg;
	int lg_open;
	const char *lg_path;           /* the path ctx->lg was opened (or created) at */
	const struct cli_command *cmd; /* running; NULL while reading global options */
	const char *group;             /* "member" while resolving "member ...", for hints */
	struct jf_error err;           /* scratch for core calls */
	int reported;                  /* the error line has been printed */
	char db_default[4096];         /* storage for the default path */
};

/* Option values of the global options; commands use small letters. */
enum {
	CLI_OPT_DB = 0x100,
	CLI_OPT_CONFIG,
	CLI_OPT_JSON,
	CLI_OPT_VERSION,
	CLI_OPT_STAFF,
	CLI_OPT_PIN_STDIN, /* the staff member's PIN, with --staff */
};

/* The subcommands, one descriptor each (cmd_*.c). */
extern const struct cli_command cli_cmd_init;
extern const struct cli_command cli_cmd_kiosk;
extern const struct cli_command cli_cmd_counter;
extern const struct cli_command cli_cmd_summary;
extern const struct cli_command cli_cmd_member_add;
extern const struct cli_command cli_cmd_member_show;
extern const struct cli_command cli_cmd_member_list;
extern const struct cli_command cli_cmd_member_find;
extern const struct cli_command cli_cmd_member_card;
extern const struct cli_command cli_cmd_member_pin;
extern const struct cli_command cli_cmd_member_unlock;
extern const struct cli_command cli_cmd_member_edit;
extern const struct cli_command cli_cmd_member_erase;
extern const struct cli_command cli_cmd_member_rate;
extern const struct cli_command cli_cmd_earn;
extern const struct cli_command cli_cmd_grant;
extern const struct cli_command cli_cmd_transfer;
extern const struct cli_command cli_cmd_offset;
extern const struct cli_command cli_cmd_expire;
extern const struct cli_command cli_cmd_daily;
extern const struct cli_command cli_cmd_balance;
extern const struct cli_command cli_cmd_history;
extern const struct cli_command cli_cmd_family_create;
extern const struct cli_command cli_cmd_family_add;
extern const struct cli_command cli_cmd_family_list;
extern const struct cli_command cli_cmd_family_remove;
extern const struct cli_command cli_cmd_family_owner;
extern const struct cli_command cli_cmd_verify;
extern const struct cli_command cli_cmd_export;
extern const struct cli_command cli_cmd_backup;
extern const struct cli_command cli_cmd_restore;
extern const struct cli_command cli_cmd_migrate;
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
extern const struct cli_command cli_cmd_report_day;
extern const struct cli_command cli_cmd_report_shift;
extern const struct cli_command cli_cmd_slip_list;
extern const struct cli_command cli_cmd_slip_show;
extern const struct cli_command cli_cmd_slip_print;
extern const struct cli_command cli_cmd_queue_list;
extern const struct cli_command cli_cmd_queue_post;
extern const struct cli_command cli_cmd_queue_retry;
extern const struct cli_command cli_cmd_staff_add;
extern const struct cli_command cli_cmd_staff_list;
extern const struct cli_command cli_cmd_staff_disable;
extern const struct cli_command cli_cmd_staff_pin;
extern const struct cli_command cli_cmd_game_import;
extern const struct cli_command cli_cmd_game_list;
extern const struct cli_command cli_cmd_game_show;
extern const struct cli_command cli_cmd_game_play;
extern const struct cli_command cli_cmd_game_commitments;
extern const struct cli_command cli_cmd_game_reveal;
extern const struct cli_command cli_cmd_game_audit;
extern const struct cli_command cli_cmd_game_report;
extern const struct cli_command cli_cmd_task_import;
extern const struct cli_command cli_cmd_task_list;
extern const struct cli_command cli_cmd_task_show;
extern const struct cli_command cli_cmd_task_complete;
extern const struct cli_command cli_cmd_task_review;
extern const struct cli_command cli_cmd_task_check;
extern const struct cli_command cli_cmd_task_progress;
extern const struct cli_command cli_cmd_survey_import;
extern const struct cli_command cli_cmd_survey_list;
extern const struct cli_command cli_cmd_survey_results;
extern const struct cli_command cli_cmd_survey_answer;
/* Birthdays, reminders, the rules page : cmd_members.c. */
extern const struct cli_command cli_cmd_remind;
extern const struct cli_command cli_cmd_rules;
extern const struct cli_command cli_cmd_plan_set;
extern const struct cli_command cli_cmd_plan_show;
extern const struct cli_command cli_cmd_plan_end;
extern const struct cli_command cli_cmd_report_top;
extern const struct cli_command cli_cmd_tier_show;
extern const struct cli_command cli_cmd_campaign_import;
extern const struct cli_command cli_cmd_campaign_list;
extern const struct cli_command cli_cmd_campaign_show;
extern const struct cli_command cli_cmd_campaign_end;
extern const struct cli_command cli_cmd_campaign_claim;

/* main.c: helpers for a command's check and exec. Each int-returning one
 * returns 0 or the exit status after printing the one error line, so a
 * command writes `if ((status = step(...))) return status;`. */

/* The value of the option with this key, "" for a flag; NULL if not given. */
const char *cli_opt(const struct cli_args *args, int key);
/* Was the option with this key given? */
int cli_flag(const struct cli_args *args, int key);
/* Every value of a repeated option with this key, in order, into out (at
 * most max); how many were given, which may be more than max. */
int cli_opt_all(const struct cli_args *args, int key, const char **out, int max);
/* For a command with two forms (earn CARD AMOUNT, earn --reverse R): check
 * that between min and max positional arguments (named names) were given. */
int cli_count_args(struct cli_ctx *ctx, const struct cli_args *args, int min, int max,
		   const char *names);
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
/* An id of a definition (game_code_ok(): a game, task, survey, campaign,
 * SKU); what names it in the error ("game"). */
int cli_check_code(struct cli_ctx *ctx, const char *what, const char *code);
/* A --lang value: NULL (not given), "zh" or "en". */
int cli_check_lang(struct cli_ctx *ctx, const char *lang);
/* The next line of stdin, without its line ending, as a PIN (checked as
 * cli_check_pin() does); what names it in the error ("--pin-stdin"). */
int cli_read_pin(struct cli_ctx *ctx, const char *what, char *pin, size_t size);
/* The check of a command whose first argument is a CARD, for .check. */
int cli_check_card_arg(struct cli_ctx *ctx, const struct cli_args *args, void *state);
/* A required option that was not given. */
int cli_missing_option(struct cli_ctx *ctx, const char *option);
/* The ledger's path in *path (creating its directory when create is set and
 * the path is the default one). */
int cli_db_path(struct cli_ctx *ctx, int create, const char **path);
/* Make ctx->staff, or else the shell user, the ledger's actor, and check
 * that they may do ctx->action now (staff_authorize(): the staff member
 * exists and is enabled, the role, the PIN of --pin-stdin, the
 * bootstrapping rule). main does, once the ledger is open. */
int cli_act(struct cli_ctx *ctx);
/* Open the ledger as use says, for a command whose descriptor says
 * CLI_LEDGER_NONE because its options decide (init --roles). */
int cli_open_ledger(struct cli_ctx *ctx, enum cli_ledger_use use);

/* cmd_slip.c: after an action that kept slip id (and committed), print it
 * and say whether it printed: a line on stdout, or with --json a "slip"
 * member added to result, which is then printed (and freed). Never fails
 * the action: returns 0 unless the JSON cannot be printed. */
int cli_slip_print(struct cli_ctx *ctx, int64_t id, json_t *result);

/* A versioned import (game.h, task.h, survey.h: a game's table, the task
 * book, a survey) from file, said the one way (import.c): each problem of
 * a refused file on its own line (exit 2), else "imported WHATversion N"
 * or "unchanged". what: "" or a name and a space ("survey "). */
struct game_problems;
typedef enum jf_status (*cli_import_fn)(struct ledger *lg, const char *path, int64_t *version,
					 int *changed, struct game_problems *p,
					 struct jf_error *err);
int cli_import_versioned(struct cli_ctx *ctx, const char *file, cli_import_fn import,
			 const char *what);

/* cmd_plan.c: a member's tier (tier.h) and plan in force (plan.h) for
 * `balance` and `member show`; nothing when the config has no tiers and
 * the member no plan. Into doc ("tier", "plan") or printed. */
enum jf_status cli_show_tier(struct cli_ctx *ctx, const char *card, json_t *doc);
/* explain.c: how a purchase's points were counted (earn_rule.h): its
 * lines (l may be NULL), base, bonuses and campaigns, on stdout; or as a
 * JSON object (a new reference). */
struct earn_explain;
struct receipt_lines;
void cli_explain_print(const struct earn_explain *x, const struct receipt_lines *l);
json_t *cli_explain_json(const struct earn_explain *x);

/* cmd_campaign.c: the running campaigns whose budget is spent, for the
 * manager (`jifen summary`, `jifen daily`): a "notice:" line each, or with
 * --json a list of {campaign, budget} in *spent (the caller's). */
int cli_campaign_notices(struct cli_ctx *ctx, json_t **spent);

/* output.c */

/* The longest error line written, in bytes; a longer one is cut. */
#define CLI_LINE_MAX 2048
/* "jifen: " and the formatted text as one line on stderr, in one write(2),
 * so that the lines of processes sharing stderr never cut into each other.
 * For a line that is not the command's error (each problem of an import). */
void cli_error_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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

/* Names and labels in Chinese? lang is a --lang value ("zh" or "en") or
 * NULL for the locale's (LC_ALL, LC_MESSAGES, LANG: zh_* is Chinese). */
int cli_names_chinese(const char *lang);
/* Columns text takes on a terminal (CJK characters take two). */
int cli_text_width(const char *text);
/* A table column's width: width, or the columns text (cli_safe()d) or the
 * number n take if that is more. */
int cli_wider(int width, const char *text);
int cli_wider_number(int width, int64_t n);
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
/* Who did something recorded, for people: "2026-11-24 10:00 by staff S017
 * at K01"; parts not recorded are left out, "-" when none is. */
void cli_format_stamp(int64_t t, const char *actor, const char *terminal, char *out,
		      size_t size);
/* The same as {"at": time, "by": "staff:S017", "terminal": "K01"} (nulls
 * for what was not recorded), or JSON null when nothing was. */
json_t *cli_json_stamp(int64_t t, const char *actor, const char *terminal);
/* The words after a number n of points: "points", "green points", "point". */
const char *cli_kind_label(enum point_kind kind, int64_t n);

#endif
