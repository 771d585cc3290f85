/*
 * campaign_spec: a campaign's definition from JSON (campaign.h), every
 * problem named by where it is ("discounts[1].percent: ..."). No ledger:
 * what needs the catalog (SKUs) is campaign.c's.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "parse.h"
#include "spec_json.h"
#include "xalloc.h"

static const char *const scope_names[] = { "none", "all", "green", "categories" };

const char *
campaign_scope_name(enum campaign_scope scope)
{
	return (unsigned)scope < 4 ? scope_names[scope] : "?";
}

/* A name of a [category] or a tier: 1..64 bytes of printable text. */
static int
name_ok(json_t *v)
{
	const char *s;
	size_t n;

	if (!json_is_string(v))
		return 0;
	s = json_string_value(v);
	n = strlen(s);
	if (n < 1 || n > SETTINGS_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == ',')
			return 0;
	return 1;
}

static void
get_date(json_t *root, const char *key, char out[CLOCK_DATE_LEN], struct game_problems *p)
{
	json_t *v = json_object_get(root, key);
	int64_t days;

	if (!v)
		spec_problem(p, "%s: missing", key);
	else if (!json_is_string(v) || clock_parse_date(json_string_value(v), &days) != JF_OK)
		spec_problem(p, "%s: must be a date YYYY-MM-DD", key);
	else
		clock_format_date(days, out);
}

/* A list of names (categories, tiers) at obj[key], at most max. */
static size_t
get_names(json_t *obj, const char *key, const char *where, char (*out)[CAMPAIGN_NAME_SIZE],
	  size_t max, struct game_problems *p)
{
	json_t *list = json_object_get(obj, key), *v;
	size_t i, n = 0;

	if (!list)
		return 0;
	if (!json_is_array(list) || json_array_size(list) > max) {
		spec_problem(p, "%s: must be a list of at most %zu names", where, max);
		return 0;
	}
	json_array_foreach(list, i, v) {
		if (!name_ok(v)) {
			spec_problem(p, "%s[%zu]: must be a name of 1 to %d bytes", where, i,
				     SETTINGS_NAME_MAX);
			continue;
		}
		for (size_t j = 0; j < n; j++)
			if (strcmp(out[j], json_string_value(v)) == 0)
				spec_problem(p, "%s[%zu]: %s is listed twice", where, i, out[j]);
		snprintf(out[n++], CAMPAIGN_NAME_SIZE, "%s", json_string_value(v));
	}
	return n;
}

static void
get_earn(json_t *root, struct campaign_spec *c, struct game_problems *p)
{
	static const char *const keys[] = { "percent", "goods", NULL };
	json_t *e = json_object_get(root, "earn"), *g;

	c->percent = 100;
	c->scope = SCOPE_NONE;
	if (!e)
		return;
	if (!json_is_object(e)) {
		spec_problem(p, "earn: must be an object {\"percent\": N, \"goods\": ...}");
		return;
	}
	spec_check_keys(e, "earn", keys, p);
	spec_get_int(e, "percent", "earn.percent", 101, CAMPAIGN_PERCENT_MAX, 1, &c->percent, p);
	g = json_object_get(e, "goods");
	if (g && json_is_string(g) && strcmp(json_string_value(g), "all") == 0) {
		c->scope = SCOPE_ALL;
	} else if (g && json_is_string(g) && strcmp(json_string_value(g), "green") == 0) {
		c->scope = SCOPE_GREEN;
	} else if (g && json_is_array(g) && json_array_size(g) > 0) {
		c->scope = SCOPE_CATEGORIES;
		c->category_count = get_names(e, "goods", "earn.goods", c->categories,
					      CAMPAIGN_CATEGORIES_MAX, p);
	} else {
		spec_problem(p, "earn.goods: must be \"all\", \"green\" or a list of categories");
	}
}

static void
get_discount(json_t *v, size_t i, struct campaign_discount *d, struct game_problems *p)
{
	static const char *const keys[] = { "category", "sku", "percent", NULL };
	json_t *cat, *sku;
	char where[48], at[64];

	snprintf(where, sizeof where, "discounts[%zu]", i);
	if (!spec_object(v, where, keys, p))
		return;
	cat = json_object_get(v, "category");
	sku = json_object_get(v, "sku");
	if ((cat != NULL) == (sku != NULL))
		spec_problem(p, "%s: needs a category or a sku (one of them)", where);
	else if (cat && !name_ok(cat))
		spec_problem(p, "%s.category: must be a name of 1 to %d bytes", where,
			     SETTINGS_NAME_MAX);
	else if (cat)
		snprintf(d->category, sizeof d->category, "%s", json_string_value(cat));
	else if (!json_is_string(sku) || !game_code_ok(json_string_value(sku)))
		spec_problem(p, "%s.sku: must be a catalog SKU", where);
	else
		snprintf(d->sku, sizeof d->sku, "%s", json_string_value(sku));
	snprintf(at, sizeof at, "%s.percent", where);
	spec_get_int(v, "percent", at, 1, 99, 1, &d->percent, p);
}

/* A list of SKUs at obj[key] into out (at most max). */
static size_t
get_skus(json_t *list, const char *where, char (*out)[GAME_CODE_SIZE], size_t max,
	 struct game_problems *p)
{
	json_t *v;
	size_t i, n = 0;

	if (!json_is_array(list) || json_array_size(list) > max) {
		spec_problem(p, "%s: must be a list of at most %zu SKUs", where, max);
		return 0;
	}
	json_array_foreach(list, i, v) {
		if (!json_is_string(v) || !game_code_ok(json_string_value(v)))
			spec_problem(p, "%s[%zu]: must be a catalog SKU", where, i);
		else
			snprintf(out[n++], GAME_CODE_SIZE, "%s", json_string_value(v));
	}
	return n;
}

static void
get_gift(json_t *root, struct campaign_spec *c, struct game_problems *p)
{
	static const char *const keys[] = { "points", "items", NULL };
	static const char *const item_keys[] = { "sku", "qty", NULL };
	json_t *g = json_object_get(root, "gift_pack"), *items, *v;
	char where[48];
	size_t i;

	if (!g)
		return;
	c->has_gift = 1;
	if (!json_is_object(g)) {
		spec_problem(p, "gift_pack: must be an object {\"points\": N, \"items\": [...]}");
		return;
	}
	spec_check_keys(g, "gift_pack", keys, p);
	spec_get_int(g, "points", "gift_pack.points", 0, PARSE_POINTS_MAX, 0, &c->gift_points, p);
	items = json_object_get(g, "items");
	if (items && (!json_is_array(items) || json_array_size(items) > CAMPAIGN_GIFT_ITEMS_MAX)) {
		spec_problem(p, "gift_pack.items: must be a list of at most %d items",
			     CAMPAIGN_GIFT_ITEMS_MAX);
		items = NULL;
	}
	json_array_foreach(items, i, v) {
		struct campaign_gift_item *it = &c->gift_items[c->gift_item_count];

		snprintf(where, sizeof where, "gift_pack.items[%zu]", i);
		if (!json_is_object(v)) {
			spec_problem(p, "%s: must be an object {\"sku\": S, \"qty\": N}", where);
			continue;
		}
		spec_check_keys(v, where, item_keys, p);
		snprintf(where, sizeof where, "gift_pack.items[%zu].sku", i);
		spec_get_code(v, "sku", where, it->sku, p);
		it->qty = 1;
		snprintf(where, sizeof where, "gift_pack.items[%zu].qty", i);
		spec_get_int(v, "qty", where, 1, 10, 0, &it->qty, p);
		c->gift_item_count++;
	}
	if (c->gift_points == 0 && c->gift_item_count == 0)
		spec_problem(p, "gift_pack: gives nothing (no points and no items)");
}

static void
get_lists(json_t *root, struct campaign_spec *c, struct game_problems *p)
{
	json_t *list = json_object_get(root, "discounts"), *v;
	size_t i;

	if (list && (!json_is_array(list) || json_array_size(list) > CAMPAIGN_DISCOUNTS_MAX)) {
		spec_problem(p, "discounts: must be a list of at most %d discounts",
			     CAMPAIGN_DISCOUNTS_MAX);
		list = NULL;
	}
	json_array_foreach(list, i, v)
		get_discount(v, i, &c->discounts[c->discount_count++], p);
	if ((list = json_object_get(root, "featured")) != NULL)
		c->featured_count = get_skus(list, "featured", c->featured, CAMPAIGN_FEATURED_MAX, p);
	c->tier_count = get_names(root, "tiers", "tiers", c->tiers, CAMPAIGN_TIERS_MAX, p);
}

/* A campaign (a spec_fill_fn: out is a struct campaign_spec). */
static void
get_spec(json_t *root, void *out, struct game_problems *p)
{
	static const char *const keys[] = { "id", "name", "banner", "start", "end", "earn",
					    "discounts", "featured", "gift_pack", "budget",
					    "tiers", NULL };
	struct campaign_spec *c = out;

	spec_check_keys(root, "", keys, p);
	spec_get_code(root, "id", "id", c->code, p);
	spec_get_names(root, "name", "name", c->name_zh, c->name_en, p);
	spec_get_names(root, "banner", "banner", c->banner_zh, c->banner_en, p);
	get_date(root, "start", c->start, p);
	get_date(root, "end", c->end, p);
	if (c->start[0] && c->end[0] && strcmp(c->start, c->end) > 0)
		spec_problem(p, "end: before the start");
	get_earn(root, c, p);
	get_lists(root, c, p);
	get_gift(root, c, p);
	c->budget = -1;
	spec_get_int(root, "budget", "budget", 0, PARSE_POINTS_MAX, 0, &c->budget, p);
	if (c->scope == SCOPE_NONE && !c->discount_count && !c->featured_count && !c->has_gift)
		spec_problem(p, "the campaign offers nothing: give it earn, discounts, featured "
			   "or a gift_pack");
}

enum jf_status
campaign_spec_parse(const char *text, size_t len, struct campaign_spec *out,
		    struct game_problems *p)
{
	return spec_parse(text, len, CAMPAIGN_FILE_MAX, get_spec, out, sizeof *out, p);
}

/* Append to *s (owned) and free the old text. */
static void
append(char **s, char *more)
{
	char *t = xasprintf("%s%s", *s, more);

	free(*s);
	free(more);
	*s = t;
}

char *
campaign_spec_canonical(const struct campaign_spec *c)
{
	char *s = xasprintf("campaign-v1\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%lld\n%s\n%lld\n", c->code,
			    c->name_zh, c->name_en, c->banner_zh, c->banner_en, c->start, c->end,
			    (long long)c->percent, campaign_scope_name(c->scope),
			    (long long)c->budget);

	for (size_t i = 0; i < c->category_count; i++)
		append(&s, xasprintf("category %s\n", c->categories[i]));
	for (size_t i = 0; i < c->discount_count; i++)
		append(&s, xasprintf("discount %s|%s|%lld\n", c->discounts[i].category,
				     c->discounts[i].sku, (long long)c->discounts[i].percent));
	for (size_t i = 0; i < c->featured_count; i++)
		append(&s, xasprintf("featured %s\n", c->featured[i]));
	if (c->has_gift)
		append(&s, xasprintf("gift %lld\n", (long long)c->gift_points));
	for (size_t i = 0; i < c->gift_item_count; i++)
		append(&s, xasprintf("gift_item %s %lld\n", c->gift_items[i].sku,
				     (long long)c->gift_items[i].qty));
	for (size_t i = 0; i < c->tier_count; i++)
		append(&s, xasprintf("tier %s\n", c->tiers[i]));
	return s;
}
