/*
 * fuzz_config: settings_load_string on arbitrary text.
 *
 * A config file is typed by a person: whatever it holds, loading it never
 * crashes and ends either in JF_OK with every setting inside its documented
 * range, or in JF_USAGE with a one-line message saying what is wrong.
 */
#include "config.h"

#include "fuzz.h"
#include "settings.h"

static int
in_range(int64_t v, int64_t min, int64_t max)
{
	return v >= min && v <= max;
}

/* The ranges of assets/jifen.conf.sample, as settings.c enforces them. */
static int
settings_sane(const struct settings *c)
{
	int ok = in_range(c->points_per_yuan, 0, 1000) && in_range(c->green_per_yuan, 0, 1000) &&
		 in_range(c->lock_days, 0, 365) && in_range(c->expiry_days, 1, 36500) &&
		 in_range(c->expiry_years, 0, 100) && in_range(c->expiry_notice_days, 0, 365) &&
		 in_range(c->daily_green_limit, 0, PARSE_POINTS_MAX) &&
		 in_range(c->voucher_days, 1, 3650) &&
		 (c->offset_enabled == 0 || c->offset_enabled == 1) &&
		 in_range(c->offset_points_per_yuan, 1, 1000000) &&
		 in_range(c->offset_max_percent, 1, 100) &&
		 in_range(c->busy_timeout_ms, 0, 600000) && in_range(c->idle_timeout_s, 10, 3600) &&
		 in_range(c->pin_attempts, 1, 100) && in_range(c->pin_lock_minutes, 1, 10080) &&
		 in_range(c->category_count, 0, SETTINGS_MAX_CATEGORIES) &&
		 (c->expiry_policy == EXPIRY_ROLLING || c->expiry_policy == EXPIRY_YEAR_END) &&
		 (c->card_check == CARD_CHECK_NONE || c->card_check == CARD_CHECK_LUHN) &&
		 (c->allow_points_transfer == 0 || c->allow_points_transfer == 1) &&
		 (c->manager_only >> ACTION_COUNT) == 0 && (c->pin_required >> ACTION_COUNT) == 0 &&
		 parse_text("store name", c->store_name, SETTINGS_NAME_MAX, NULL) == JF_OK &&
		 (c->voucher_key_file[0] == '\0' ||
		  (c->voucher_key_file[0] == '/' &&
		   parse_text("key_file", c->voucher_key_file, SETTINGS_PATH_MAX, NULL) == JF_OK));

	for (int i = 0; ok && i < c->category_count; i++)
		ok = in_range(c->categories[i].points_per_yuan, 0, 1000) &&
		     parse_name("category", c->categories[i].name, NULL) == JF_OK;
	return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct settings cfg;
	struct jf_error err;
	enum jf_status st;

	jf_error_clear(&err);
	st = settings_load_string(&cfg, text, &err);
	if (st == JF_OK && !settings_sane(&cfg))
		fuzz_fail("a config was accepted with a setting out of its range", text);
	if (st != JF_OK && st != JF_USAGE)
		fuzz_fail("loading a config may only end in JF_OK or JF_USAGE", text);
	if (st == JF_USAGE && (err.message[0] == '\0' || strchr(err.message, '\n')))
		fuzz_fail("a refused config needs a one-line message", text);
	free(text);
	return 0;
}
