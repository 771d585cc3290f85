/*
 * cmd_migrate: `jifen migrate --to URL [--store S]` (migrate.h): a store's
 * ledger file (--db, JIFEN_DB, [database] db, as for every command) moved
 * into its chain's database. The file is opened by core, read only: main's
 * opening would migrate an older file in place, and the file is left as
 * it is.
 */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "log.h"
#include "migrate.h"
#include "parse.h"

enum { OPT_TO = 't', OPT_STORE = 's' };

static const struct option migrate_options[] = {
	{ "to", required_argument, NULL, OPT_TO },
	{ "store", required_argument, NULL, OPT_STORE },
	{ NULL, 0, NULL, 0 },
};

/* Everything that can be told wrong before anything is opened. */
static int
check_migrate(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *to = cli_opt(args, OPT_TO), *store = cli_opt(args, OPT_STORE);

	(void)state;
	if (to == NULL)
		return cli_missing_option(ctx, "--to URL");
	if (db_location_parse(to, NULL) != DB_BACKEND_POSTGRESQL)
		return cli_error(ctx, JF_USAGE, "--to must be the chain's database: a "
				 "postgresql:// URL");
	if (store != NULL && parse_store(store, &ctx->err) != JF_OK)
		return cli_error(ctx, JF_USAGE, "--store: %s", cli_safe(ctx->err.message));
	if (ctx->cfg.voucher_key_file[0] == '\0')
		return cli_error(ctx, JF_USAGE, "the voucher key needs a place in the chain: set "
				 "[voucher] key_file in the config (--config)");
	return JF_OK;
}

static json_t *
result_json(const char *file, const struct migrate_result *r, const char *store,
	    const char *key_file)
{
	return json_pack("{s:o, s:o, s:s, s:I, s:I, s:I, s:I, s:I, s:b, s:o, s:b}", "file",
			 cli_json_str(file, 0), "to", cli_json_str(r->target, 0), "store", store,
			 "members", (json_int_t)r->members, "entries", (json_int_t)r->entries,
			 "vouchers", (json_int_t)r->vouchers, "tables", (json_int_t)r->tables,
			 "rows", (json_int_t)r->rows, "schema_created", r->created_schema,
			 "key_file", cli_json_str(key_file, 0), "key_written", r->key_written);
}

static int
exec_migrate(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *store = cli_opt(args, OPT_STORE), *file;
	struct passwd *pw = getpwuid(geteuid());
	struct migrate_request req;
	struct migrate_result res;
	char actor[ACTOR_TEXT_SIZE];
	struct actor a;
	int status;

	(void)state;
	if ((status = cli_db_path(ctx, 0, &file)))
		return status;
	actor_shell(&a, pw ? pw->pw_name : getenv("USER"));
	actor_format(&a, actor);
	req.source = file;
	req.target = cli_opt(args, OPT_TO);
	/* The store the file was: as asked, else this terminal's config's. */
	req.store = store ? store : ctx->cfg.store;
	req.actor = actor;
	if (migrate_ledger(&req, &ctx->cfg, &res, &ctx->err) != JF_OK)
		return ctx->err.status;
	log_event(LOG_CLASS_SYSTEM, "migrate", ctx->cfg.terminal, actor,
		  "from=%s to=%s store=%s members=%lld entries=%lld rows=%lld", file, res.target,
		  req.store, (long long)res.members, (long long)res.entries, (long long)res.rows);
	if (ctx->json)
		return cli_print_json(ctx, result_json(file, &res, req.store,
						       ctx->cfg.voucher_key_file));
	printf("moved %lld members, %lld entries and %lld vouchers (%lld rows of %lld tables) "
	       "from %s into %s, verified; the voucher key %s %s\n",
	       (long long)res.members, (long long)res.entries, (long long)res.vouchers,
	       (long long)res.rows, (long long)res.tables, cli_safe(file), cli_safe(res.target),
	       res.key_written ? "written to" : "already in", cli_safe(ctx->cfg.voucher_key_file));
	return JF_OK;
}

const struct cli_command cli_cmd_migrate = {
	.name = "migrate",
	.options = migrate_options,
	.args_min = 0,
	.args_max = 0,
	.ledger = CLI_LEDGER_NONE,
	.check = check_migrate,
	.exec = exec_migrate,
	.usage =
	"jifen migrate --to URL [--store CODE]\n"
	"\n"
	"  --to URL      the chain's database: a postgresql:// URL\n"
	"  --store CODE  the store's code in the chain's ledger (1 to 16 of\n"
	"                A-Z a-z 0-9 _ -)\n"
	"\n"
	"Moves this store's ledger file (--db) into the chain's database: an empty\n"
	"database or schema, or one `jifen init` made and nothing has used. Every\n"
	"table is copied with its ids in one transaction, the voucher key (LEDGER.key\n"
	"beside the file) goes to the config's [voucher] key_file, and the copy is\n"
	"checked as `jifen verify` checks a ledger and held to the file (balances,\n"
	"lots, holds, vouchers, the rows of every table) before it is committed: all\n"
	"or nothing. The file is only read and stays as it is. A second run, or a\n"
	"target that holds another store's ledger, is refused.",
	.summary = "move a store's ledger file into the chain's database",
};
