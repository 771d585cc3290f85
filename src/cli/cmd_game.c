/*
 * cmd_game: `jifen game ...`, the scratch cards and wheels (game.h):
 * import a game's table, list and show games with their odds, worth and
 * budgets, play, the commitments and revealed seeds, the audit of a day
 * and the day's report. Core decides everything; this prints it.
 */
#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "game.h"
#include "parse.h"
#include "xalloc.h"

enum { OPT_REF = 'r', OPT_DATE = 'd', OPT_LANG = 'l' };

/* Names in the language --lang asks for, else the locale's. */
static int
chinese(const struct cli_args *args)
{
	return cli_names_chinese(cli_opt(args, OPT_LANG));
}

/* --lang, and the GAME argument if the command has one. */
static int
check_lang(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status;

	(void)state;
	if ((status = cli_check_lang(ctx, cli_opt(args, OPT_LANG))))
		return status;
	return args->argc > 0 ? cli_check_code(ctx, "game", args->argv[0]) : JF_OK;
}

static void
yuan(int64_t fen, char out[24])
{
	parse_format_fen(fen, out, 24);
}

static void
hex(const unsigned char *b, char out[2 * GAME_SEED_LEN + 1])
{
	sodium_bin2hex(out, 2 * GAME_SEED_LEN + 1, b, GAME_SEED_LEN);
}

/* "5000 points", "1 x GR-RICE-5KG", "thanks" */
static void
prize_what(const struct game_prize *z, char *out, size_t size)
{
	switch (z->kind) {
	case PRIZE_POINTS:
		snprintf(out, size, "%lld points", (long long)z->amount);
		break;
	case PRIZE_GREEN:
		snprintf(out, size, "%lld green points", (long long)z->amount);
		break;
	case PRIZE_ITEM:
	case PRIZE_COUPON:
		snprintf(out, size, "%lld x %s", (long long)z->amount, z->sku);
		break;
	case PRIZE_FREE_PLAY:
		snprintf(out, size, "%lld free play%s", (long long)z->amount,
			 z->amount == 1 ? "" : "s");
		break;
	default:
		snprintf(out, size, "nothing");
		break;
	}
}

/* ---- import ---- */

static int
exec_import(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return cli_import_versioned(ctx, args->argv[0], game_import_file, "");
}

const struct cli_command cli_cmd_game_import = {
	.name = "game import",
	.args_min = 1, .args_max = 1, .args = "FILE.json",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.action = "import",
	.exec = exec_import,
	.usage =
	"jifen game import FILE.json [--staff ID [--pin-stdin]]\n"
	"\n"
	"A game's table as JSON (see jifen(1) and assets/games/). Importing a\n"
	"changed table of a game adds its next version (plays keep the version they\n"
	"were drawn under; budgets count per version); the same table changes\n"
	"nothing. A bad table is refused whole, one line per problem (exit 2).",
	.summary = "add a scratch card or wheel, or a new version of one",
};

/* ---- list and show ---- */

static int
list_one(const struct game_info *g, void *arg)
{
	const struct cli_args *args = ((void **)arg)[0];
	json_t *list = ((void **)arg)[1];

	if (list)
		json_array_append_new(list, json_pack("{s:s, s:I, s:s, s:s, s:s, s:I, s:I, s:I}",
			"game", g->spec.code, "version", (json_int_t)g->version,
			"kind", game_kind_name(g->spec.kind), "name_zh", g->spec.name_zh,
			"name_en", g->spec.name_en, "price", (json_int_t)g->spec.price,
			"plays_per_day", (json_int_t)g->spec.plays_per_day,
			"prizes", (json_int_t)g->spec.prize_count));
	else
		printf("%-12s v%-3lld %-8s %6lld points  %3lld a day  %s\n", cli_safe(g->spec.code),
		       (long long)g->version, game_kind_name(g->spec.kind),
		       (long long)g->spec.price, (long long)g->spec.plays_per_day,
		       cli_safe(chinese(args) ? g->spec.name_zh : g->spec.name_en));
	return 0;
}

static int
exec_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	json_t *list = ctx->json ? json_array() : NULL;
	void *pass[2] = { (void *)args, list };
	enum jf_status st;

	(void)state;
	st = game_list(&ctx->lg, list_one, pass, &ctx->err);
	if (st != JF_OK) {
		json_decref(list);
		return cli_fail(ctx, st);
	}
	return list ? cli_print_json(ctx, list) : JF_OK;
}

static const struct option lang_options[] = {
	{ "lang", required_argument, NULL, OPT_LANG },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_game_list = {
	.name = "game list",
	.options = lang_options,
	.args_min = 0, .args_max = 0,
	.ledger = CLI_LEDGER_READ,
	.check = check_lang,
	.exec = exec_list,
	.usage =
	"jifen game list [--lang zh|en] [--json]\n"
	"\n"
	"  --lang zh|en   the names' language (default: the locale's)",
	.summary = "the games and their current versions",
};

static json_t *
budget_json(int64_t budget, int64_t used)
{
	if (budget < 0)
		return json_null();
	return json_pack("{s:I, s:I, s:I}", "budget", (json_int_t)budget, "used", (json_int_t)used,
			 "left", (json_int_t)(budget - used));
}

static int
exec_show(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct game_info *g = xmalloc(sizeof *g);
	struct game_budget_use use;
	char today[CLOCK_DATE_LEN], worth[24], what[80];
	int zh = chinese(args), status = JF_OK;
	enum jf_status st;
	json_t *prizes;

	(void)state;
	clock_date_of(clock_now(), today);
	if ((st = game_find(&ctx->lg, args->argv[0], g, &ctx->err)) != JF_OK ||
	    (st = game_budget_used(&ctx->lg, g, today, &use, &ctx->err)) != JF_OK) {
		free(g);
		return cli_fail(ctx, st);
	}
	if (ctx->json) {
		prizes = json_array();
		for (size_t i = 0; i < g->spec.prize_count; i++) {
			const struct game_prize *z = &g->spec.prizes[i];

			yuan(z->worth_fen, worth);
			json_array_append_new(prizes, json_pack(
				"{s:s, s:s, s:I, s:o, s:s, s:s, s:I, s:s, s:o, s:o, s:o}",
				"id", z->code, "kind", prize_kind_name(z->kind),
				"amount", (json_int_t)z->amount, "sku", cli_json_str(z->sku, 1),
				"label_zh", z->label_zh, "label_en", z->label_en,
				"ppm", (json_int_t)z->ppm, "worth", worth,
				"today", budget_json(z->budget_day, use.day[i]),
				"total", budget_json(z->budget_total, use.total[i]),
				"fallback", z->fallback >= 0 ?
				json_string(g->spec.prizes[z->fallback].code) : json_null()));
		}
		status = cli_print_json(ctx, json_pack("{s:s, s:I, s:s, s:s, s:s, s:I, s:I, s:s, s:o}",
			"game", g->spec.code, "version", (json_int_t)g->version,
			"kind", game_kind_name(g->spec.kind), "name_zh", g->spec.name_zh,
			"name_en", g->spec.name_en, "price", (json_int_t)g->spec.price,
			"plays_per_day", (json_int_t)g->spec.plays_per_day, "date", today,
			"prizes", prizes));
		free(g);
		return status;
	}
	printf("%s (%s, version %lld): %s\n", cli_safe(zh ? g->spec.name_zh : g->spec.name_en),
	       game_kind_name(g->spec.kind), (long long)g->version, cli_safe(g->spec.code));
	if (g->spec.price)
		printf("%lld points a play, %lld a day\n", (long long)g->spec.price,
		       (long long)g->spec.plays_per_day);
	else
		printf("free-play tickets only, %lld a day\n", (long long)g->spec.plays_per_day);
	printf("%-10s %-20s %-22s %9s %10s %14s %14s  %s\n", "prize", "label", "what", "odds %",
	       "worth", "left today", "left in all", "when spent");
	for (size_t i = 0; i < g->spec.prize_count; i++) {
		const struct game_prize *z = &g->spec.prizes[i];
		char today_left[48] = "-", total_left[48] = "-";

		yuan(z->worth_fen, worth);
		prize_what(z, what, sizeof what);
		if (z->budget_day >= 0) {
			snprintf(today_left, sizeof today_left, "%lld/%lld",
				 (long long)(z->budget_day - use.day[i]), (long long)z->budget_day);
			snprintf(total_left, sizeof total_left, "%lld/%lld",
				 (long long)(z->budget_total - use.total[i]),
				 (long long)z->budget_total);
		}
		printf("%-10s ", cli_safe(z->code));
		cli_print_cell(zh ? z->label_zh : z->label_en, 20, 0);
		printf(" %-22s %9.4f %10s %14s %14s  %s\n", cli_safe(what), z->ppm / 10000.0, worth,
		       today_left, total_left,
		       z->fallback >= 0 ? cli_safe(g->spec.prizes[z->fallback].code) : "-");
	}
	free(g);
	return JF_OK;
}

const struct cli_command cli_cmd_game_show = {
	.name = "game show",
	.options = lang_options,
	.args_min = 1, .args_max = 1, .args = "GAME",
	.ledger = CLI_LEDGER_READ,
	.check = check_lang,
	.exec = exec_show,
	.usage =
	"jifen game show GAME [--lang zh|en] [--json]\n"
	"\n"
	"  --lang zh|en   the labels' language (default: the locale's)\n"
	"\n"
	"The table of the game's current version: each prize, its odds, what it is\n"
	"worth in yuan, what is left of its budget today and in all, and the prize\n"
	"paid instead once it is spent.",
	.summary = "a game's prizes, odds, worth and budgets left",
};

/* ---- play ---- */

static int
check_play(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *ref = cli_opt(args, OPT_REF);
	int status;

	(void)state;
	if ((status = cli_check_card(ctx, args->argv[0])) != 0 ||
	    (status = cli_check_code(ctx, "game", args->argv[1])) != 0)
		return status;
	if (ref && (status = cli_check_key(ctx, "--ref", ref)) != 0)
		return status;
	if (ref && strlen(ref) > GAME_KEY_MAX)
		return cli_error(ctx, JF_USAGE, "--ref is at most %d characters", GAME_KEY_MAX);
	return JF_OK;
}

static void
grid_text(const struct game_play *p, char out[GAME_CELLS + 1])
{
	int cells[GAME_CELLS];

	game_grid(p->key, p->paid_prize.kind != PRIZE_THANKS, p->paid, cells);
	for (int i = 0; i < GAME_CELLS; i++)
		out[i] = (char)('A' + cells[i]);
	out[GAME_CELLS] = '\0';
}

static int
exec_play(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct game_play_request req = { args->argv[0], args->argv[1], cli_opt(args, OPT_REF) };
	struct game_play p;
	enum jf_status st;
	char what[80], grid[GAME_CELLS + 1];

	(void)state;
	if ((st = game_play(&ctx->lg, &req, &p, &ctx->err)) != JF_OK)
		return cli_fail(ctx, st);
	prize_what(&p.paid_prize, what, sizeof what);
	grid_text(&p, grid);
	if (ctx->json)
		return cli_print_json(ctx, json_pack(
			"{s:I, s:s, s:I, s:s, s:s, s:I, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:s, "
			"s:I, s:o, s:o, s:o, s:s, s:b}",
			"play", (json_int_t)p.id, "game", p.game, "version", (json_int_t)p.version,
			"period", p.period, "card", p.card, "number", (json_int_t)p.number,
			"key", p.key, "paid_with", p.ticket ? "ticket" : "points",
			"price", (json_int_t)p.price, "drawn", (json_int_t)p.drawn,
			"prize", p.paid_prize.code, "kind", prize_kind_name(p.paid_prize.kind),
			"label_zh", p.paid_prize.label_zh, "label_en", p.paid_prize.label_en,
			"amount", (json_int_t)p.paid_prize.amount,
			"entry", cli_json_id(p.entry_id), "prize_entry", cli_json_id(p.prize_entry_id),
			"voucher", cli_json_id(p.voucher_id), "grid", grid, "replay", p.replay));
	printf("play %lld of %s (%s #%lld, %s): %s%s\n", (long long)p.id, cli_safe(p.game),
	       p.period, (long long)p.number,
	       p.ticket ? "a free-play ticket" : "points", cli_safe(p.paid_prize.code),
	       p.replay ? " (already recorded)" : "");
	printf("prize: %s (%s)\n", cli_safe(chinese(args) ? p.paid_prize.label_zh :
					    p.paid_prize.label_en), cli_safe(what));
	return JF_OK;
}

static const struct option play_options[] = {
	{ "ref", required_argument, NULL, OPT_REF },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_game_play = {
	.name = "game play",
	.options = play_options,
	.args_min = 2, .args_max = 2, .args = "CARD GAME",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.check = check_play,
	.exec = exec_play,
	.usage =
	"jifen game play CARD GAME [--ref KEY] [--lang zh|en] [--json] [--staff ID]\n"
	"\n"
	"  --ref KEY      the play's key (1 to 48 printable characters): the same key\n"
	"                 again shows the same play; else a fresh one\n"
	"  --lang zh|en   the prize's language (default: the locale's)\n"
	"\n"
	"One play: a free-play ticket of the card for the game is used first, else\n"
	"the price in points; the draw under the day's committed seed; the prize\n"
	"(or, if its budget is spent, its published fallback) paid at once.",
	.summary = "play a scratch card or the wheel for a member",
};

/* ---- commitments and reveal ---- */

static int
period_one(const struct game_period_info *p, void *arg)
{
	json_t *list = arg;
	char commitment[2 * GAME_SEED_LEN + 1], seed[2 * GAME_SEED_LEN + 1];

	hex(p->commitment, commitment);
	hex(p->seed, seed);
	if (list)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:I, s:o, s:o}",
			"game", p->game, "period", p->period, "commitment", commitment,
			"seed", p->revealed ? json_string(seed) : json_null(),
			"plays", (json_int_t)p->plays, "committed_at", cli_json_time(p->committed_at),
			"revealed_at", cli_json_time(p->revealed_at)));
	else
		printf("%s  %-12s %5lld plays  commitment %s\n%31s%s\n", p->period, cli_safe(p->game),
		       (long long)p->plays, commitment, "seed ", p->revealed ? seed :
		       "(secret until the day ends)");
	return 0;
}

static int
check_commitments(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return args->argc > 0 ? cli_check_code(ctx, "game", args->argv[0]) : JF_OK;
}

static int
exec_commitments(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	json_t *list = ctx->json ? json_array() : NULL;
	enum jf_status st;
	int64_t n;

	(void)state;
	if ((st = game_commit_today(&ctx->lg, &n, &ctx->err)) != JF_OK ||
	    (st = game_periods(&ctx->lg, args->argc ? args->argv[0] : NULL, period_one, list,
			       &ctx->err)) != JF_OK) {
		json_decref(list);
		return cli_fail(ctx, st);
	}
	return list ? cli_print_json(ctx, list) : JF_OK;
}

const struct cli_command cli_cmd_game_commitments = {
	.name = "game commitments",
	.args_min = 0, .args_max = 1, .args = "GAME",
	.ledger = CLI_LEDGER_WRITE,
	.check = check_commitments,
	.exec = exec_commitments,
	.usage =
	"jifen game commitments [GAME] [--json]\n"
	"\n"
	"Each day's commitment of each game (BLAKE2b of its secret seed, in hex),\n"
	"newest first, with the seed once the day has ended and it was revealed.\n"
	"Today's commitments are stored first if they are not yet: they are\n"
	"published before the day's first play.",
	.summary = "the games' daily commitments and revealed seeds",
};

static int
check_reveal(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int status;

	(void)state;
	if (args->argc > 0 && strcmp(args->argv[0], "all") != 0 &&
	    (status = cli_check_code(ctx, "game", args->argv[0])) != 0)
		return status;
	if (args->argc > 1)
		return cli_check_date(ctx, args->argv[1]);
	return JF_OK;
}

static int
exec_reveal(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *game = args->argc > 0 && strcmp(args->argv[0], "all") != 0 ? args->argv[0]
									      : NULL;
	enum jf_status st;
	int64_t n;

	(void)state;
	if ((st = game_reveal(&ctx->lg, game, args->argc > 1 ? args->argv[1] : NULL, &n,
			      &ctx->err)) != JF_OK)
		return cli_fail(ctx, st);
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:I}", "revealed", (json_int_t)n));
	printf("revealed %lld seed%s\n", (long long)n, n == 1 ? "" : "s");
	return JF_OK;
}

const struct cli_command cli_cmd_game_reveal = {
	.name = "game reveal",
	.args_min = 0, .args_max = 2, .args = "[GAME|all] [DATE]",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.check = check_reveal,
	.exec = exec_reveal,
	.usage =
	"jifen game reveal [GAME|all [DATE]] [--json]\n"
	"\n"
	"Reveal the seeds of days that have ended (of GAME, or all games; of DATE,\n"
	"or every ended day not yet revealed). A day that has not ended is refused:\n"
	"its seed stays secret. `jifen daily` does the same every day.",
	.summary = "reveal the seeds of days that have ended",
};

/* ---- audit ---- */

static void
audit_line(const char *problem, void *arg)
{
	json_t *list = arg;

	if (list)
		json_array_append_new(list, json_string(problem));
	else
		printf("mismatch: %s\n", cli_safe(problem));
}

static int
check_audit(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	(void)state;
	return cli_check_date(ctx, args->argv[0]);
}

static int
exec_audit(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	json_t *list = ctx->json ? json_array() : NULL;
	struct game_audit_result r;
	enum jf_status st;

	(void)state;
	st = game_audit(&ctx->lg, args->argv[0], audit_line, list, &r, &ctx->err);
	if (st != JF_OK && st != JF_INTEGRITY) {
		json_decref(list);
		return cli_fail(ctx, st);
	}
	if (list) {
		int status = cli_print_json(ctx, json_pack("{s:s, s:I, s:I, s:I, s:o}", "period",
			args->argv[0], "games", (json_int_t)r.games, "plays", (json_int_t)r.plays,
			"mismatches", (json_int_t)r.mismatches, "problems", list));

		return status ? status : (int)st;
	}
	if (st == JF_OK) {
		printf("%lld play%s, all match\n", (long long)r.plays, r.plays == 1 ? "" : "s");
		return JF_OK;
	}
	return cli_error(ctx, st, "%lld of %lld plays of %s differ", (long long)r.mismatches,
			 (long long)r.plays, args->argv[0]);
}

const struct cli_command cli_cmd_game_audit = {
	.name = "game audit",
	.args_min = 1, .args_max = 1, .args = "DATE",
	.ledger = CLI_LEDGER_READ,
	.check = check_audit,
	.exec = exec_audit,
	.usage =
	"jifen game audit DATE [--json]\n"
	"\n"
	"Check each game's revealed seed of DATE against its commitment and\n"
	"recompute every play of the day: its draw, its prize, the fallback the\n"
	"budgets called for, its hash. Prints \"N plays, all match\", or each\n"
	"mismatch and exits 8. A day whose seed is not revealed yet is refused (5).",
	.summary = "recompute every play of a day from its revealed seed",
};

/* ---- report ---- */

static int
report_one(const struct game_report_row *row, void *arg)
{
	json_t *list = arg;

	if (list) {
		json_t *prizes = json_array();

		for (size_t i = 0; i < row->spec.prize_count; i++) {
			const struct game_prize *z = &row->spec.prizes[i];

			json_array_append_new(prizes, json_pack("{s:s, s:I, s:o, s:I, s:o}",
				"id", z->code, "paid", (json_int_t)row->paid_day[i],
				"budget_day", z->budget_day < 0 ? json_null() :
				json_integer(z->budget_day),
				"paid_total", (json_int_t)row->paid_total[i],
				"budget_total", z->budget_total < 0 ? json_null() :
				json_integer(z->budget_total)));
		}
		json_array_append_new(list, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
			"game", row->game, "version", (json_int_t)row->version,
			"plays", (json_int_t)row->plays, "with_tickets", (json_int_t)row->with_tickets,
			"points_in", (json_int_t)row->points_in,
			"points_out", (json_int_t)row->points_out,
			"green_out", (json_int_t)row->green_out, "prizes", prizes));
		return 0;
	}
	printf("%s v%lld: %lld plays (%lld with tickets), %lld points in, %lld points and %lld "
	       "green points out\n", cli_safe(row->game), (long long)row->version,
	       (long long)row->plays, (long long)row->with_tickets, (long long)row->points_in,
	       (long long)row->points_out, (long long)row->green_out);
	for (size_t i = 0; i < row->spec.prize_count; i++) {
		const struct game_prize *z = &row->spec.prizes[i];

		if (z->budget_day < 0)
			printf("  %-10s %6lld paid\n", cli_safe(z->code), (long long)row->paid_day[i]);
		else
			printf("  %-10s %6lld paid of %lld today, %lld of %lld in all\n",
			       cli_safe(z->code), (long long)row->paid_day[i], (long long)z->budget_day,
			       (long long)row->paid_total[i], (long long)z->budget_total);
	}
	return 0;
}

static const struct option report_options[] = {
	{ "date", required_argument, NULL, OPT_DATE },
	{ NULL, 0, NULL, 0 },
};

static int
check_report(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const char *date = cli_opt(args, OPT_DATE);

	(void)state;
	return date ? cli_check_date(ctx, date) : JF_OK;
}

static int
exec_report(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	json_t *list = ctx->json ? json_array() : NULL;
	char today[CLOCK_DATE_LEN];
	const char *date = cli_opt(args, OPT_DATE);
	enum jf_status st;

	(void)state;
	clock_date_of(clock_now(), today);
	if (!date)
		date = today;
	if ((st = game_report(&ctx->lg, date, report_one, list, &ctx->err)) != JF_OK) {
		json_decref(list);
		return cli_fail(ctx, st);
	}
	if (list)
		return cli_print_json(ctx, json_pack("{s:s, s:o}", "date", date, "games", list));
	return JF_OK;
}

const struct cli_command cli_cmd_game_report = {
	.name = "game report",
	.options = report_options,
	.args_min = 0, .args_max = 0,
	.ledger = CLI_LEDGER_READ,
	.check = check_report,
	.exec = exec_report,
	.usage =
	"jifen game report [--date YYYY-MM-DD] [--json]\n"
	"\n"
	"  --date D   the day (default: today)\n"
	"\n"
	"Per game version played that day: plays, those with tickets, points taken\n"
	"in as prices, points and green points paid out as prizes, and each prize\n"
	"paid against its budget of the day and in all.",
	.summary = "the games' plays, prizes and points of a day",
};
