/*
 * cmd_audit: the manager's view of the whole ledger. `jifen summary`,
 * `jifen verify` (the hash chain and every invariant, recomputed) and
 * `jifen export` for the accountants. None of them writes to the ledger.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "export.h"
#include "parse.h"
#include "verify.h"
#include "voucher.h"
#include "xalloc.h"

enum { OPT_FORMAT = 'f', OPT_OUTPUT = 'o', OPT_STORE = 's' };

/* The export's options, read and checked before the ledger is opened. */
struct export_state {
	enum export_format format;
	const char *format_text, *output, *store;
};

static json_t *
summary_json(const struct settings *cfg, const char *config, const struct ledger_summary *s)
{
	return json_pack("{s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:o}",
		"store", cli_json_str(cfg->store_name, 0),
		"config", cli_json_str(config, 0),
		"members", (json_int_t)s->members,
		"families", (json_int_t)s->families,
		"entries", (json_int_t)s->entries,
		"lots_open", (json_int_t)s->lots_open,
		"holds_pending", (json_int_t)s->holds_pending,
		"outstanding", cli_json_kinds(s->outstanding),
		"held", cli_json_kinds(s->held),
		"expiring", cli_json_kinds(s->expiring_soon),
		"notice_days", (json_int_t)cfg->expiry_notice_days,
		"issued", cli_json_kinds(s->issued),
		"redeemed", cli_json_kinds(s->redeemed),
		"expired", cli_json_kinds(s->expired),
		"last_entry", cli_json_time(s->last_entry_ts));
}

static void
summary_row(const char *label, const int64_t v[KIND_COUNT])
{
	printf("%-22s%12lld  %12lld\n", label, (long long)v[KIND_POINTS],
	       (long long)v[KIND_GREEN]);
}

static void
summary_text(const struct settings *cfg, const char *config, const struct ledger_summary *s)
{
	char last[CLOCK_ISO_LEN], expiring[32];

	cli_format_time(s->last_entry_ts, last);
	snprintf(expiring, sizeof expiring, "expiring in %lld days",
		 (long long)cfg->expiry_notice_days);
	printf("store          %s\n", cli_safe(cfg->store_name));
	printf("config         %s\n", config ? cli_safe(config) : "built-in");
	printf("members        %lld\n", (long long)s->members);
	printf("families       %lld\n", (long long)s->families);
	printf("entries        %lld\n", (long long)s->entries);
	printf("open lots      %lld\n", (long long)s->lots_open);
	printf("pending holds  %lld\n", (long long)s->holds_pending);
	printf("last entry     %s\n\n", last);
	printf("%-22s%12s  %12s\n", "", "POINTS", "GREEN");
	summary_row("outstanding", s->outstanding);
	summary_row("held", s->held);
	summary_row(expiring, s->expiring_soon);
	summary_row("issued", s->issued);
	summary_row("redeemed", s->redeemed);
	summary_row("expired", s->expired);
}

static int
exec_summary(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct ledger_summary s;

	(void)args;
	(void)state;
	json_t *result, *spent;
	int status;

	if (ledger_summary(&ctx->lg, &s, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (!ctx->json)
		summary_text(&ctx->cfg, ctx->config_used, &s);
	/* The campaigns whose budget is spent: the manager's notice. */
	if ((status = cli_campaign_notices(ctx, &spent)) || !ctx->json)
		return status;
	result = summary_json(&ctx->cfg, ctx->config_used, &s);
	if (result)
		json_object_set_new(result, "campaigns_spent", spent);
	else
		json_decref(spent);
	return cli_print_json(ctx, result);
}

const struct cli_command cli_cmd_summary = {
	.name = "summary",
	.ledger = CLI_LEDGER_READ,
	.exec = exec_summary,
	.usage =
	"jifen summary\n"
	"\n"
	"The config in use (a file, or built-in); members, families and entries; points outstanding, held for vouchers and\n"
	"expiring within the notice window; points issued, redeemed and expired.",
	.summary = "show the store's ledger at a glance",
};

static int
exec_verify(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct verify_report r = { 0 };
	enum jf_status st;

	(void)args;
	(void)state;
	st = verify_ledger(&ctx->lg, &r, &ctx->err);
	if (st != JF_OK && st != JF_INTEGRITY)
		return cli_fail(ctx, st);
	if (ctx->json)
		cli_print_json(ctx, json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o}",
			"ok", st == JF_OK, "entries", (json_int_t)r.entries,
			"stores", (json_int_t)r.stores,
			"entries_before_actors", (json_int_t)r.entries_v1,
			"card_changes", (json_int_t)r.card_changes,
			"lines", (json_int_t)r.lines, "accounts", (json_int_t)r.accounts,
			"lots", (json_int_t)r.lots, "holds", (json_int_t)r.holds,
			"problem", cli_json_str(r.problem, 1),
			"first_bad_entry", cli_json_id(r.first_bad_entry)));
	if (st == JF_INTEGRITY)
		return cli_error(ctx, JF_INTEGRITY, "ledger BROKEN: %s",
				 cli_safe(r.problem[0] ? r.problem : ctx->err.message));
	if (!ctx->json) {
		printf("ledger OK: %lld entries, %lld accounts, %lld lots",
		       (long long)r.entries, (long long)r.accounts, (long long)r.lots);
		/* Their hashes cannot cover an actor: say how many, not "all covered". */
		if (r.entries_v1 > 0)
			printf("; %lld entries from before actors were kept",
			       (long long)r.entries_v1);
		if (r.card_changes > 0)
			printf("; %lld cards replaced", (long long)r.card_changes);
		if (r.stores > 0)
			printf("; the chains of %lld stores", (long long)r.stores);
		printf("\n");
	}
	return JF_OK;
}

const struct cli_command cli_cmd_verify = {
	.name = "verify",
	.ledger = CLI_LEDGER_READ,
	.exec = exec_verify,
	.usage =
	"jifen verify\n"
	"\n"
	"Recomputes the hash chain of every entry and checks every invariant: each\n"
	"kind sums to zero, no account below zero, lots add up to the balances.\n"
	"Exit status 8 and one line naming the first problem if anything is broken.",
	.summary = "check the ledger's integrity",
};

static int
write_error(struct cli_ctx *ctx, const char *path)
{
	return cli_error(ctx, JF_ERR, "cannot write %s: %s", cli_safe(path), strerror(errno));
}

/* The export into a new file made from the mkstemp() template tmp; *made
 * says whether the file exists. Output files get the usual umask mode. */
static int
write_export(struct cli_ctx *ctx, const struct export_state *ex, const char *path, char *tmp,
	     int *made)
{
	mode_t mask = umask(0);
	FILE *f;
	int fd, status = JF_OK;

	umask(mask);
	if ((fd = mkstemp(tmp)) < 0)
		return write_error(ctx, path);
	*made = 1;
	if (fchmod(fd, 0666 & ~mask) != 0 || (f = fdopen(fd, "w")) == NULL) {
		status = write_error(ctx, path);
		close(fd);
		return status;
	}
	if (export_ledger(&ctx->lg, ex->format, ex->store, f, &ctx->err) != JF_OK)
		status = cli_fail(ctx, ctx->err.status);
	else if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		status = write_error(ctx, path);
	if (fclose(f) != 0 && status == JF_OK)
		status = write_error(ctx, path);
	return status;
}

/* Write the export next to the file and rename it into place, so a failed
 * export never leaves half a file, nor clobbers the last good one. */
static int
export_to_file(struct cli_ctx *ctx, const struct export_state *ex, const char *path)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int made = 0, status;

	status = write_export(ctx, ex, path, tmp, &made);
	if (status == JF_OK && rename(tmp, path) != 0)
		status = write_error(ctx, path);
	if (status != JF_OK && made)
		unlink(tmp);
	free(tmp);
	return status;
}

/* The directory part and the last component of path, without touching it. */
static void
split_path(const char *path, char *dir, size_t dir_size, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		snprintf(dir, dir_size, ".");
		*base = path;
		return;
	}
	snprintf(dir, dir_size, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	*base = slash + 1;
}

static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Is path, or would it be once created, the file dir/base? By device and
 * inode where it exists; by its directory's device and inode and its last
 * name where it does not yet (a -wal file SQLite makes later). */
static int
names_file(const char *path, const char *file, const char *suffix)
{
	char target[4096 + 16], out_dir[4096], dir[4096];
	const char *out_base, *base;

	snprintf(target, sizeof target, "%s%s", file, suffix);
	if (same_file(path, target))
		return 1;
	split_path(path, out_dir, sizeof out_dir, &out_base);
	split_path(target, dir, sizeof dir, &base);
	return strcmp(out_base, base) == 0 && same_file(out_dir, dir);
}

/*
 * Would writing path replace the ledger, one of SQLite's files beside it,
 * or its voucher key? A typo in --output must not turn every member's
 * points into text. The ledger is its location resolved to a file
 * (file:PATH and file:///PATH name the same file as PATH), compared by file,
 * not by spelling: through symbolic links, "..", and SQLite's own name for
 * its side files, which it makes from the resolved path.
 */
static int
is_ledger_file(const struct cli_ctx *ctx, const char *path, const char *location)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char *real, *key = NULL;
	const char *file;
	int hit = 0;

	if (voucher_key_path(&ctx->cfg, location, &key, NULL) == JF_OK)
		hit = names_file(path, key, "");
	free(key);
	if (db_location_parse(location, &file) != DB_BACKEND_SQLITE)
		return hit; /* not a file: nothing of it can be overwritten */
	real = realpath(file, NULL);
	for (size_t i = 0; !hit && i < sizeof suffix / sizeof suffix[0]; i++)
		hit = names_file(path, file, suffix[i]) || (real && names_file(path, real, suffix[i]));
	free(real);
	return hit;
}

static int
parse_format(struct cli_ctx *ctx, const char *text, enum export_format *format)
{
	if (text == NULL)
		return cli_missing_option(ctx, "--format csv|ledger");
	if (strcmp(text, "csv") == 0)
		*format = EXPORT_CSV;
	else if (strcmp(text, "ledger") == 0)
		*format = EXPORT_JOURNAL;
	else
		return cli_error(ctx, JF_USAGE, "format '%s' is not csv or ledger", cli_safe(text));
	return JF_OK;
}

static int
check_export(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct export_state *ex = state;
	const char *ledger = NULL;
	int status;

	ex->format_text = cli_opt(args, OPT_FORMAT);
	ex->output = cli_opt(args, OPT_OUTPUT);
	ex->store = cli_opt(args, OPT_STORE);
	if ((status = parse_format(ctx, ex->format_text, &ex->format)))
		return status;
	if (ex->store && parse_store(ex->store, &ctx->err) != JF_OK)
		return cli_fail(ctx, JF_USAGE);
	/* Printing CSV when JSON was asked for would feed a JSON reader garbage. */
	if (ctx->json && ex->output == NULL)
		return cli_error(ctx, JF_USAGE, "--json: the export is CSV or a journal, not JSON "
				 "(with --output, --json says where it was written)");
	if (ex->output && *ex->output == '\0')
		return cli_error(ctx, JF_USAGE, "--output needs a file name");
	if (ex->output && (status = cli_db_path(ctx, 0, &ledger)))
		return status;
	if (ex->output && is_ledger_file(ctx, ex->output, ledger))
		return cli_error(ctx, JF_USAGE,
				 "--output %s is the ledger itself or one of its files; choose another file",
				 cli_safe(ex->output));
	return JF_OK;
}

static int
exec_export(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const struct export_state *ex = state;
	const char *output = ex->output;
	int status;

	(void)args;
	if (output == NULL) {
		if (export_ledger(&ctx->lg, ex->format, ex->store, stdout, &ctx->err) != JF_OK)
			return ctx->err.status;
		return JF_OK;
	}
	if ((status = export_to_file(ctx, ex, output)))
		return status;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:s, s:o}", "format", ex->format_text,
						     "output", cli_json_str(output, 0)));
	printf("exported the ledger to %s\n", cli_safe(output));
	return JF_OK;
}

static const struct option export_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "store", required_argument, NULL, OPT_STORE },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_export = {
	.name = "export",
	.options = export_options,
	.ledger = CLI_LEDGER_READ,
	.state_size = sizeof(struct export_state),
	.check = check_export,
	.exec = exec_export,
	.usage =
	"jifen export --format csv|ledger [--store S] [--output FILE]\n"
	"\n"
	"  --format csv      one row per line of every entry, after a header line;\n"
	"                    UTF-8 with a byte-order mark, so spreadsheets read the\n"
	"                    Chinese right\n"
	"  --format ledger   a plain-text journal for hledger and ledger-cli, its\n"
	"                    accounts and commodities declared (hledger check --strict)\n"
	"  --output FILE     write FILE (replaced only when the export succeeds)\n"
	"                    instead of standard output; with --json, say so in JSON\n"
	"  --store S         only the entries of store S of a chain ([store] code)",
	.summary = "export the ledger for accounting",
};
