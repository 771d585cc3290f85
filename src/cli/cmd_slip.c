/*
 * cmd_slip: the receipts kept in the ledger. `jifen slip list|show|print`,
 * and the report of a slip that `earn --slip` and `voucher redeem --slip`
 * made. Core keeps and prints (slip.h); a printer that did not take a slip
 * is said on stdout, never as the action's failure.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "slip.h"

enum { OPT_UNPRINTED = 'u' };

static json_t *
outcome_json(int64_t id, const struct printer_outcome *out)
{
	return json_pack("{s:I, s:b, s:o}", "id", (json_int_t)id, "printed", out->printed,
			 "why", out->printed ? json_null() : cli_json_str(out->why, 0));
}

static void
report(struct cli_ctx *ctx, int64_t id, const struct printer_outcome *out, json_t *result)
{
	if (ctx->json) {
		json_object_set_new(result, "slip", outcome_json(id, out));
		return;
	}
	if (out->printed)
		printf("slip %lld printed\n", (long long)id);
	else
		printf("slip %lld kept, not printed (%s): jifen slip print %lld\n", (long long)id,
		       cli_safe(out->why), (long long)id);
}

int
cli_slip_print(struct cli_ctx *ctx, int64_t id, json_t *result)
{
	struct printer_outcome out;
	struct jf_error err;

	/* The action is done and its slip kept: nothing here may fail it. A
	 * slip printed but not marked so (the ledger busy) is said as not
	 * printed, so that nobody counts on the mark. */
	if (slip_reprint(&ctx->lg, id, &out, &err) != JF_OK) {
		int went_out = out.printed;

		out.printed = 0;
		snprintf(out.why, sizeof out.why, "%s%.100s",
			 went_out ? "printed, but not marked printed: " : "", err.message);
	}
	report(ctx, id, &out, result);
	return result ? cli_print_json(ctx, result) : JF_OK;
}

/* slip show ID, slip print ID */
static int
check_id(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	int64_t *id = state;

	if (parse_int_range("slip id", args->argv[0], 1, INT64_MAX, id, &ctx->err) != JF_OK)
		return cli_fail(ctx, JF_USAGE);
	return JF_OK;
}

static json_t *
slip_json(const struct slip *s, int with_text)
{
	json_t *o = json_pack("{s:I, s:o, s:s, s:s, s:o, s:o, s:s, s:b, s:o, s:o, s:I}",
		"id", (json_int_t)s->id, "ts", cli_json_time(s->ts), "kind", slip_kind_name(s->kind),
		"ref", cli_safe(s->ref), "by", cli_json_str(s->actor, 1),
		"terminal", cli_json_str(s->terminal, 1), "language", slip_language_name(s->language),
		"printed", s->printed, "printed_at", cli_json_time(s->printed_at),
		"printed_by", cli_json_str(s->printed_by, 1), "prints", (json_int_t)s->prints);

	if (o && with_text) {
		json_object_set_new(o, "text", cli_json_str(s->text, 0));
		json_object_set_new(o, "qr", cli_json_str(s->qr, 1));
	}
	return o;
}

static int
list_one(const struct slip *s, void *ctx)
{
	char when[CLOCK_ISO_LEN], who[ACTOR_TEXT_SIZE + 8];

	if (ctx) {
		json_array_append_new(ctx, slip_json(s, 0));
		return 0;
	}
	cli_format_time(s->ts, when);
	actor_describe(s->actor, who, sizeof who);
	printf("%6lld  %s  %-8s  %-20s  %-16s  %s\n", (long long)s->id, when,
	       slip_kind_name(s->kind), cli_safe(s->ref), cli_safe(who),
	       s->printed ? "printed" : "NOT PRINTED");
	return 0;
}

static int
exec_list(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	char actor[ACTOR_TEXT_SIZE];
	struct slip_filter f = { cli_flag(args, OPT_UNPRINTED), NULL };
	json_t *all = ctx->json ? json_array() : NULL;

	(void)state;
	if (ctx->staff) {
		snprintf(actor, sizeof actor, "staff:%s", ctx->staff);
		f.actor = actor;
	}
	if (slip_list(&ctx->lg, &f, list_one, all, &ctx->err) != JF_OK) {
		json_decref(all);
		return ctx->err.status;
	}
	return all ? cli_print_json(ctx, all) : JF_OK;
}

static int
exec_show(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const int64_t *id = state;
	struct slip s;
	const char *line;

	(void)args;
	if (slip_get(&ctx->lg, *id, &s, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (ctx->json) {
		json_t *o = slip_json(&s, 1);

		slip_done(&s);
		return cli_print_json(ctx, o);
	}
	/* Line by line: text read from a ledger never drives the terminal. */
	for (line = s.text; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		char buf[1024];

		snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), line);
		printf("%s\n", cli_safe(buf));
		line += n + (end != NULL);
	}
	if (s.qr)
		printf("[QR] %s\n", cli_safe(s.qr));
	slip_done(&s);
	return JF_OK;
}

static int
exec_print(struct cli_ctx *ctx, const struct cli_args *args, void *state)
{
	const int64_t *id = state;
	struct printer_outcome out;

	(void)args;
	if (slip_reprint(&ctx->lg, *id, &out, &ctx->err) != JF_OK)
		return ctx->err.status;
	if (!out.printed)
		return cli_error(ctx, JF_ERR, "slip %lld not printed: %s", (long long)*id,
				 cli_safe(out.why));
	if (ctx->json)
		return cli_print_json(ctx, outcome_json(*id, &out));
	printf("slip %lld printed\n", (long long)*id);
	return JF_OK;
}

static const struct option list_options[] = {
	{ "unprinted", no_argument, NULL, OPT_UNPRINTED },
	{ NULL, 0, NULL, 0 },
};

const struct cli_command cli_cmd_slip_list = {
	.name = "slip list",
	.options = list_options,
	.ledger = CLI_LEDGER_READ,
	.staff = CLI_STAFF_OPTIONAL,
	.exec = exec_list,
	.usage =
	"jifen slip list [--unprinted] [--staff ID]\n"
	"\n"
	"  --unprinted   only the slips the printer never took\n"
	"  --staff ID    only the slips of this staff member\n"
	"\n"
	"Every receipt kept in the ledger, oldest first: id, time, kind, reference,\n"
	"who made it and whether it was printed.",
	.summary = "list the kept receipts (slips)",
};

const struct cli_command cli_cmd_slip_show = {
	.name = "slip show",
	.args_min = 1, .args_max = 1, .args = "ID",
	.ledger = CLI_LEDGER_READ,
	.state_size = sizeof(int64_t),
	.check = check_id,
	.exec = exec_show,
	.usage =
	"jifen slip show ID\n"
	"\n"
	"The words of a kept slip as they were printed (or would have been), and\n"
	"its QR payload if it has one.",
	.summary = "show a kept receipt",
};

const struct cli_command cli_cmd_slip_print = {
	.name = "slip print",
	.args_min = 1, .args_max = 1, .args = "ID",
	.ledger = CLI_LEDGER_WRITE,
	.staff = CLI_STAFF_OPTIONAL,
	.state_size = sizeof(int64_t),
	.check = check_id,
	.exec = exec_print,
	.usage =
	"jifen slip print ID [--staff ID]\n"
	"\n"
	"  --staff ID   who prints it; else the shell user\n"
	"\n"
	"Send a kept slip to the config's [printer] device again and mark it\n"
	"printed. A printer that does not take it: exit 1, and it stays unprinted.",
	.summary = "print a kept receipt again",
};
