/*
 * campaign.c: the campaigns' figure (issue 12). A purchase counted by the
 * earn rule with 50 campaigns running (the highest of them recorded with
 * its budget checked, as every purchase does) against the same purchases
 * with none, each in its own transaction, on ledgers alike but for the
 * campaigns.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "campaign.h"
#include "member.h"

#define GOAL_CAMPAIGNS 1.2 /* 50 running campaigns cost at most a fifth more */
#define CAMPAIGNS 50
#define BUYERS 100

static void
add_campaigns(struct ledger *lg, const char *today)
{
	struct game_problems *p = malloc(sizeof *p);
	struct jf_error err;
	int64_t version;
	int changed;

	if (!p)
		die("malloc", "out of memory");
	for (int i = 0; i < CAMPAIGNS; i++) {
		/* Most on all goods, some on green goods or on categories; all with budgets. */
		const char *goods = i % 5 == 0 ? "\"green\"" : i % 5 == 1 ? "[\"food\", \"toys\"]"
									   : "\"all\"";
		char text[1024];

		snprintf(text, sizeof text,
			 "{\"id\": \"c%d\", \"name\": {\"zh\": \"测\", \"en\": \"C\"},"
			 " \"banner\": {\"zh\": \"测\", \"en\": \"C\"}, \"start\": \"%s\","
			 " \"end\": \"%s\", \"earn\": {\"percent\": %d, \"goods\": %s},"
			 " \"budget\": 1000000000}", i, today, today, 101 + i, goods);
		if (campaign_import_text(lg, text, strlen(text), &version, &changed, p, &err))
			die("importing a bench campaign", p->count ? p->lines[0] : err.message);
	}
	free(p);
}

static void
new_earn_ledger(const char *name, struct ledger *lg, const char *today, int campaigns,
		char *path, size_t size)
{
	struct jf_error err;

	file_path(name, path, size);
	if (ledger_create(lg, path, &cfg, &err) != JF_OK || act(lg) != JF_OK)
		die("creating an earn ledger", err.message);
	for (long i = 1; i <= BUYERS; i++) {
		char card[24];
		struct member_new m = { card, "Bench Buyer", NULL, NULL, NULL };

		snprintf(card, sizeof card, "%ld", 10000000 + i);
		if (member_add(lg, &m, &err) != JF_OK)
			die("an earn ledger's member", err.message);
	}
	if (campaigns)
		add_campaigns(lg, today);
}

static double
time_earns(struct ledger *lg, long from, long n)
{
	struct ledger_result res;
	struct jf_error err;
	char card[24], receipt[32];
	double t0 = seconds();

	for (long i = from; i < from + n; i++) {
		struct earn_request req = { card, 12345, receipt, (int)(i % 4 == 0), NULL };

		snprintf(card, sizeof card, "%ld", 10000001 + i % BUYERS);
		snprintf(receipt, sizeof receipt, "bench-%ld", i);
		if (ledger_earn(lg, &req, &res, &err) != JF_OK || res.replay)
			die("ledger_earn", err.message);
	}
	return seconds() - t0;
}

void
bench_campaigns(long n, const char *today)
{
	char none_path[PATH_SIZE], many_path[PATH_SIZE];
	struct ledger none, many;
	double t_none = 0, t_many = 0;
	long rounds = 10, each = n / rounds > 0 ? n / rounds : 1;

	new_earn_ledger("earn-none.db", &none, today, 0, none_path, sizeof none_path);
	new_earn_ledger("earn-many.db", &many, today, 1, many_path, sizeof many_path);
	fprintf(stderr, "bench: %ld purchases with %d campaigns and without...\n", each * rounds,
		CAMPAIGNS);
	/* In turns, so that the machine's moods fall on both alike. */
	for (long r = 0; r < rounds; r++) {
		t_none += time_earns(&none, r * each, each);
		t_many += time_earns(&many, r * each, each);
	}
	ledger_close(&none);
	ledger_close(&many);
	remove_ledger(none_path);
	remove_ledger(many_path);
	printf("earn with %d campaigns/s: %.0f vs none %.0f = %.2f (goal <= %.1f) %s\n", CAMPAIGNS,
	       each * rounds / t_many, each * rounds / t_none, t_many / t_none, GOAL_CAMPAIGNS,
	       verdict(t_many / t_none <= GOAL_CAMPAIGNS));
	fflush(stdout);
}
