/*
 * fuzz_campaign: campaign_spec_parse on arbitrary text.
 *
 * A campaign comes from a file a person edits: whatever it holds, parsing
 * never crashes and ends either in JF_OK with a campaign that keeps every
 * rule (a window whose end is not before its start, a multiplier above
 * 100% only with goods to cover, discounts of 1..99% of one category or
 * one SKU, a gift pack that gives something) or in JF_USAGE with at least
 * one problem, each one printable line, and nothing else returned.
 */
#include "config.h"

#include <string.h>

#include "campaign.h"
#include "fuzz_spec.h"

static void
check_good(const struct campaign_spec *c, const char *text)
{
	if (!c->code[0] || !c->name_zh[0] || !c->name_en[0] || !c->banner_zh[0] ||
	    !c->banner_en[0] || strlen(c->start) != 10 || strcmp(c->start, c->end) > 0)
		fuzz_fail("accepted a campaign without its names or window", text);
	if ((c->scope == SCOPE_NONE) != (c->percent == 100) || c->percent < 100 ||
	    c->percent > CAMPAIGN_PERCENT_MAX)
		fuzz_fail("accepted a multiplier out of range", text);
	if (c->scope == SCOPE_CATEGORIES && c->category_count == 0)
		fuzz_fail("a multiplier on categories with none", text);
	for (size_t i = 0; i < c->discount_count; i++)
		if (c->discounts[i].percent < 1 || c->discounts[i].percent > 99 ||
		    !c->discounts[i].sku[0] == !c->discounts[i].category[0])
			fuzz_fail("accepted a discount out of range", text);
	if (c->has_gift && c->gift_points == 0 && c->gift_item_count == 0)
		fuzz_fail("accepted a gift pack of nothing", text);
	if (c->budget < -1)
		fuzz_fail("accepted a negative budget", text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	static struct campaign_spec c;
	static struct game_problems p;
	enum jf_status st = campaign_spec_parse(text, size, &c, &p);

	fuzz_spec_ended(st, &p, !c.code[0], text);
	if (st == JF_OK) {
		check_good(&c, text);
		free(campaign_spec_canonical(&c));
	}
	free(text);
	return 0;
}
