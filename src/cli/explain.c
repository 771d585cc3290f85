/*
 * explain: how a purchase's points were counted (earn_rule.h), said for
 * `jifen earn --explain` and `--quote`, as lines or as JSON.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "earn_rule.h"
#include "lines.h"
#include "parse.h"

static void
print_campaign(const struct earn_campaign *ec)
{
	int64_t given = ec->points[KIND_POINTS] + ec->points[KIND_GREEN];

	if (given)
		printf("  campaign %-14s +%lld (%lld%%)%s\n", cli_safe(ec->code),
		       (long long)given, (long long)ec->percent,
		       ec->spent ? ": its budget is now spent" : "");
	else
		printf("  campaign %-14s +0: its budget is spent, it gives no more\n",
		       cli_safe(ec->code));
}

/* One line of a receipt: amount, category, and its parts. */
static void
print_line(const struct receipt_line *it, const struct earn_explain *x)
{
	char yuan[24];

	parse_format_fen(it->fen, yuan, sizeof yuan);
	printf("  line %-3d %10s %-12s %lld = %lld + %lld + %lld%s%s\n", it->line, yuan,
	       it->green ? "(green)" : it->category[0] ? cli_safe(it->category) : "-",
	       (long long)it->points, (long long)it->base, (long long)it->member_bonus,
	       (long long)it->campaign_bonus, it->campaign >= 0 ? " " : "",
	       it->campaign >= 0 ? cli_safe(x->campaigns[it->campaign].code) : "");
}

void
cli_explain_print(const struct earn_explain *x, const struct receipt_lines *l)
{
	if (l && !x->recorded)
		for (size_t i = 0; i < l->count; i++)
			print_line(&l->items[i], x);
	if (x->recorded)
		printf("  (already recorded: the campaigns' bonuses as they were given)\n");
	printf("  base %lld points, %lld green points\n", (long long)x->base[KIND_POINTS],
	       (long long)x->base[KIND_GREEN]);
	if (x->member_percent != 100)
		printf("  member bonus +%lld (%lld%%, %s)\n", (long long)x->member_bonus,
		       (long long)x->member_percent, cli_safe(x->member_source));
	for (size_t i = 0; i < x->campaign_count; i++)
		print_campaign(&x->campaigns[i]);
	printf("  total %lld points, %lld green points\n", (long long)x->points[KIND_POINTS],
	       (long long)x->points[KIND_GREEN]);
}

json_t *
cli_explain_json(const struct earn_explain *x)
{
	json_t *list = json_array();

	for (size_t i = 0; i < x->campaign_count; i++) {
		const struct earn_campaign *ec = &x->campaigns[i];

		json_array_append_new(list, json_pack("{s:s, s:I, s:o, s:b}", "campaign", ec->code,
			"percent", (json_int_t)ec->percent, "bonus", cli_json_kinds(ec->points),
			"budget_spent", ec->spent));
	}
	return json_pack("{s:o, s:I, s:o, s:I, s:o, s:o, s:o, s:b}",
		"base", cli_json_kinds(x->base), "member_percent", (json_int_t)x->member_percent,
		"member_source", cli_json_str(x->member_source, 1),
		"member_bonus", (json_int_t)x->member_bonus,
		"campaign_bonus", cli_json_kinds(x->campaign_bonus), "campaigns", list,
		"total", cli_json_kinds(x->points), "recorded", x->recorded);
}
