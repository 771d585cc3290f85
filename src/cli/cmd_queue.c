/*
 * cmd_queue: the purchases a counter queued while the ledger could not be
 * reached (queue.h). `jifen queue list` reads the terminal's queue without
 * the ledger (it may still be away); `queue post` hands what waits to the
 * ledger, exactly once each; `queue retry ID` puts a purchase the ledger
 * refused back in line, once staff have put right what it refused.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "queue.h"

enum { OPT_SLIPS = 's' };

/* This terminal's queue, as the counter finds it. */
static int
open_queue(struct cli_ctx *ctx, struct queue **q)
{
	const char *location;
	char path[4096 + 8];
	int status;

	if ((status = cli_db_path(ctx, 0, &location)))
		return status;
	if (queue_location(&ctx->cfg, location, path, sizeof path, &ctx->err) != JF_OK ||
	    queue_open(path, 0, q, &ctx->err) != JF_OK)
		return ctx->err.status;
	return JF_OK;
}

struct list_ctx {
	json_t *all; /* --json: the array */
	int slips;   /* print each one's slip */
};

static json_t *
item_json(const struct queue_item *it)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:b, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)it->id, "receipt", cli_safe(it->receipt), "card",
		cli_safe(it->card), "fen", (json_int_t)it->fen, "green", it->green,
		"category", cli_json_str(it->category, 1), "by", cli_json_str(it->actor, 1),
		"terminal", cli_json_str(it->terminal, 1), "sold_at", cli_json_time(it->sold_at),
		"failed", it->failed, "failed_at", cli_json_time(it->failed_at),
		"reason", cli_json_str(it->failed_reason, 1),
		"message", cli_json_str(it->failed_message, 1), "slip", cli_json_str(it->slip, 1));
}

static int
list_one(const struct queue_item *it, void *arg)
{
	struct list_ctx *lc = arg;
	char when[CLOCK_ISO_LEN], who[ACTOR_TEXT_SIZE + 8];

	if (lc->all) {
		json_array_append_new(lc->all, item_json(it));
		return 0;
	}
	cli_format_time(it->sold_at, when);
	actor_describe(it->actor, who, sizeof who);
	printf("%5lld  %s  %-16s  %-20s  %10lld.%02lld  %-5s  %-16s  %s\n", (long long)it->id, when,
	       cli_safe(it->receipt), cli_safe(it->card), (long long)(it->fen / 100),
	       (long long)(it->fen % 100), it->green ? "green" : "-", cli_safe(who),
	       it->failed ? "REFUSED" : "waiting");
	if (it->failed)
		printf("       refused: %s\n", cli_safe(it->failed_message));
	if (lc->slips && it->slip[0]) {
		/* Line by line: the words are the terminal's, but never trusted. */
		for (const char *line = it->slip; *line;) {
			const char *end = strchr(line, '\n');
			size_t n = end ? (size_t)(end - line) : strlen(line);
			char buf[256];

			snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1),
				 line);
			printf("       | %s\n", cli_safe(buf));
			line += n + (end != NULL);
		}
	}
	return 0;
}

static int
exec_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct list_ctx lc = { ctx->json ? json_array() : NULL, cli_flag(args, OPT_SLIPS) };
	struct queue *q = NULL;
	int status;

	(void)state;
	if ((status = open_queue(ctx, &q))) {
		json_decref(lc.all);
		return status;
	}
	if (queue_list(q, list_one, &lc, &ctx->err) != JF_OK) {
		queue_close(q);
		json_decref(lc.all);
		return ctx->err.status;
	}
	queue_close(q);
	return lc.all ? cli_print_json(ctx, lc.all) : JF_OK;
}

static int
exec_post(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	struct queue_post_result r;
	struct queue *q = NULL;
	int64_t pending = 0, failed = 0;
	enum jf_status st;
	int status;

	(void)args;
	(void)state;
	if ((status = open_queue(ctx, &q)))
		return status;
	st = queue_post(q, &ctx->lg, &r, &ctx->err);
	if (st == JF_OK)
		st = queue_count(q, &pending, &failed, &ctx->err);
	queue_close(q);
	if (st != JF_OK)
		return st;
	if (ctx->json)
		return cli_print_json(ctx, json_pack("{s:I, s:I, s:I, s:I, s:I}",
			"posted", (json_int_t)r.posted, "replayed", (json_int_t)r.replayed,
			"refused", (json_int_t)r.failed, "points", (json_int_t)r.points,
			"refused_in_queue", (json_int_t)failed));
	printf("posted %lld, already in the ledger %lld, refused %lld (%lld refused in the queue)\n",
	       (long long)r.posted, (long long)r.replayed, (long long)r.failed, (long long)failed);
	return JF_OK;
}

static int
check_retry(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int64_t *id = state;

	if (parse_int_range("queued purchase id", args->argv[0], 1, INT64_MAX, id, &ctx->err) !=
	    JF_OK)
		return cli_fail(ctx, JF_USAGE);
	return JF_OK;
}

static int
exec_retry(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const int64_t *id = state;
	struct queue *q = NULL;
	enum jf_status st;
	int status;

	(void)args;
	if ((status = open_queue(ctx, &q)))
		return status;
	st = queue_retry(q, *id, &ctx->err);
	queue_close(q);
	if (st != JF_OK)
		return st;
	printf("queued purchase %lld waits again: jifen queue post\n", (long long)*id);
	return JF_OK;
}

static const struct option list_options[] = {
	{ "slips", no_argument, NULL, OPT_SLIPS },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_queue_list = {
	.name = "queue list",
	.options = list_options,
	.ledger = CLI_LEDGER_NONE,
	.exec = exec_list,
	.usage =
	"jifen queue list [--slips]\n"
	"\n"
	"  --slips   each purchase's slip as it was printed\n"
	"\n"
	"The purchases this terminal's counter queued while the ledger could not\n"
	"be reached ([counter] queue, or LEDGER.queue beside a file ledger),\n"
	"oldest first: id, when sold, receipt, card, amount, green, who sold it,\n"
	"and whether it waits or the ledger refused it (and why). Reads the queue\n"
	"only, so it works while the ledger is away. No queue: exit 3.",
	.summary = "list the purchases queued while the ledger was away",
};

const struct cli_command cli_cmd_queue_post = {
	.name = "queue post",
	.ledger = CLI_LEDGER_WRITE,
	.exec = exec_post,
	.usage =
	"jifen queue post\n"
	"\n"
	"Post every waiting purchase of this terminal's queue to the ledger, each\n"
	"under its receipt's own key (earn:RECEIPT), as who sold it and where,\n"
	"and forget it once the ledger has it: one posted before (a post cut\n"
	"short) is found there, never earned twice. One the ledger refuses (an\n"
	"unknown card, a receipt used for another amount) stays, refused, for\n"
	"`jifen queue list`. The ledger still away: exit 7, nothing lost.",
	.summary = "post the queued purchases to the ledger",
};

const struct cli_command cli_cmd_queue_retry = {
	.name = "queue retry",
	.args_min = 1, .args_max = 1, .args = "ID",
	.ledger = CLI_LEDGER_NONE,
	.state_size = sizeof(int64_t),
	.check = check_retry,
	.exec = exec_retry,
	.usage =
	"jifen queue retry ID\n"
	"\n"
	"A queued purchase the ledger refused (see jifen queue list) waits again,\n"
	"for the next post, once what it was refused for is put right (the member\n"
	"added, ...). Not a refused one: exit 3.",
	.summary = "put a refused queued purchase back in line",
};
