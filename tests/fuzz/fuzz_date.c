/*
 * fuzz_date: parse_date and clock_parse_iso on arbitrary text.
 *
 * An accepted date is exactly "YYYY-MM-DD" and formats back to itself. An
 * accepted date-time starts with a valid date; without a zone it is local
 * time, so it falls on that date; and (away from the ends of the calendar)
 * clock_format_iso of the time parses back to the same second, which is
 * what `JIFEN_NOW` and every printed time rely on.
 */
#include "config.h"

#include <time.h>

#include "clock.h"
#include "fuzz.h"
#include "parse.h"

/* Days 1970-01-02 and 9999-12-30: inside them any zone offset keeps the
 * local date within the years clock_parse_iso accepts. */
#define INNER_FIRST_DAY 1
#define INNER_LAST_DAY 2932895

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* The store's zone, as in the tests: results must not depend on the host. */
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	return 0;
}

static void
check_date(const char *text)
{
	struct jf_error err;
	char again[CLOCK_DATE_LEN];
	int64_t days;

	jf_error_clear(&err);
	if (parse_date(text, &err) != JF_OK) {
		if (err.status != JF_USAGE || err.message[0] == '\0' || !fuzz_printable(err.message))
			fuzz_fail("a refused date must be JF_USAGE with a printable message", text);
		return;
	}
	if (clock_parse_date(text, &days) != JF_OK)
		fuzz_fail("parse_date and clock_parse_date disagree", text);
	clock_format_date(days, again);
	if (strcmp(again, text) != 0)
		fuzz_fail("an accepted date does not format back to itself", text);
}

/* No "Z" and no "+hh:mm"/"-hh:mm" after the date and time. */
static int
has_zone(const char *text)
{
	size_t len = strlen(text);

	return text[len - 1] == 'Z' || (len >= 16 && strchr("+-", text[len - 6]));
}

static void
check_iso(const char *text)
{
	char date[CLOCK_DATE_LEN], iso[CLOCK_ISO_LEN];
	int64_t t, again, days;

	if (clock_parse_iso(text, &t) != JF_OK)
		return;
	snprintf(date, sizeof date, "%.10s", text);
	if (parse_date(date, NULL) != JF_OK)
		fuzz_fail("an accepted date-time does not start with a real date", text);
	if (!has_zone(text)) {
		clock_date_of(t, iso);
		if (strcmp(iso, date) != 0)
			fuzz_fail("a local date-time falls on another date", text);
	}
	days = t >= 0 ? t / 86400 : -1;
	if (days < INNER_FIRST_DAY || days > INNER_LAST_DAY)
		return;
	clock_format_iso(t, iso);
	if (clock_parse_iso(iso, &again) != JF_OK || again != t)
		fuzz_fail("clock_format_iso of an accepted time does not parse back", text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);

	check_date(text);
	check_iso(text);
	free(text);
	return 0;
}
