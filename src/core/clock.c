/*
 * clock: the one source of time. Never reads the system clock anywhere else.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"

static int64_t clock_override = INT64_MIN;

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
clock_valid_ymd(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	/* From 1900, not 1970: birthdays of older members are real dates too. */
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

/* Howard Hinnant's days_from_civil, for the proleptic Gregorian calendar. */
int64_t
clock_days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
clock_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Read exactly n digits; returns -1 unless all are digits. */
static int
read_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

enum jf_status
clock_parse_date(const char *text, int64_t *days)
{
	int y, m, d;

	if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return JF_USAGE;
	y = read_digits(text, 4);
	m = read_digits(text + 5, 2);
	d = read_digits(text + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !clock_valid_ymd(y, m, d))
		return JF_USAGE;
	*days = clock_days_from_civil(y, m, d);
	return JF_OK;
}

void
clock_format_date(int64_t days, char out[CLOCK_DATE_LEN])
{
	int y, m, d;

	/* Clamp to the last four-digit day, so the text always fits and sorts,
	 * and a date far in the future never comes out earlier than another. */
	if (days > clock_days_from_civil(9999, 12, 31))
		days = clock_days_from_civil(9999, 12, 31);
	clock_civil_from_days(days, &y, &m, &d);
	y = y < 0 ? 0 : y > 9999 ? 9999 : y;
	snprintf(out, CLOCK_DATE_LEN, "%04u-%02u-%02u", (unsigned)y, (unsigned)m % 100, (unsigned)d % 100);
}

void
clock_date_add(const char *date, int64_t n, char out[CLOCK_DATE_LEN])
{
	int64_t days = 0;

	if (clock_parse_date(date, &days) != JF_OK)
		days = 0;
	clock_format_date(days + n, out);
}

/* Parse the optional "Z" or "+hh:mm" / "-hh:mm" at s; sets *has_zone. */
static int
parse_zone(const char *s, int *has_zone, int64_t *offset)
{
	int hh, mm;

	*has_zone = 0;
	*offset = 0;
	if (*s == '\0')
		return 0;
	if (strcmp(s, "Z") == 0) {
		*has_zone = 1;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 6 || s[3] != ':')
		return -1;
	hh = read_digits(s + 1, 2);
	mm = read_digits(s + 4, 2);
	if (hh < 0 || mm < 0 || hh > 14 || mm > 59)
		return -1;
	*has_zone = 1;
	*offset = (s[0] == '-' ? -1 : 1) * (int64_t)(hh * 3600 + mm * 60);
	return 0;
}

enum jf_status
clock_parse_iso(const char *text, int64_t *out)
{
	char date[CLOCK_DATE_LEN];
	int64_t days, offset;
	int hh = 0, mi = 0, ss = 0, has_zone;
	const char *rest;
	struct tm tm;
	time_t t;

	if (text == NULL || strlen(text) < 10)
		return JF_USAGE;
	memcpy(date, text, 10);
	date[10] = '\0';
	if (clock_parse_date(date, &days) != JF_OK)
		return JF_USAGE;
	rest = text + 10;
	if (*rest == 'T' || *rest == ' ') {
		hh = read_digits(rest + 1, 2);
		if (hh < 0 || rest[3] != ':')
			return JF_USAGE;
		mi = read_digits(rest + 4, 2);
		/* Stop at a short field: stepping over it would read past the end. */
		if (mi < 0)
			return JF_USAGE;
		rest += 6;
		if (*rest == ':') {
			ss = read_digits(rest + 1, 2);
			if (ss < 0)
				return JF_USAGE;
			rest += 3;
		}
		if (hh > 23 || mi > 59 || ss > 59)
			return JF_USAGE;
	}
	if (parse_zone(rest, &has_zone, &offset) != 0)
		return JF_USAGE;
	if (has_zone) {
		*out = days * 86400 + hh * 3600 + mi * 60 + ss - offset;
		return JF_OK;
	}
	memset(&tm, 0, sizeof tm);
	clock_civil_from_days(days, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = hh;
	tm.tm_min = mi;
	tm.tm_sec = ss;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return JF_USAGE;
	*out = (int64_t)t;
	return JF_OK;
}

enum jf_status
clock_init(struct jf_error *err)
{
	const char *env = getenv("JIFEN_NOW");
	int64_t t;

	if (env == NULL || *env == '\0')
		return JF_OK;
	if (clock_parse_iso(env, &t) != JF_OK)
		return jf_fail(err, JF_USAGE,
			       "JIFEN_NOW is not an ISO 8601 date or time: %.40s", env);
	return JF_OK;
}

void
clock_set(int64_t now)
{
	clock_override = now;
}

int64_t
clock_now(void)
{
	const char *env;
	int64_t t;

	if (clock_override != INT64_MIN)
		return clock_override;
	env = getenv("JIFEN_NOW");
	if (env != NULL && *env != '\0' && clock_parse_iso(env, &t) == JF_OK)
		return t;
	return (int64_t)time(NULL);
}

void
clock_date_of(int64_t t, char out[CLOCK_DATE_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(out, CLOCK_DATE_LEN, "%Y-%m-%d", &tm);
}

void
clock_format_iso(int64_t t, char out[CLOCK_ISO_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;
	char zone[8];
	size_t n;

	localtime_r(&tt, &tm);
	n = strftime(out, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);
	/* %z gives +0800; ISO 8601 extended form wants +08:00. */
	if (strlen(zone) == 5)
		snprintf(out + n, CLOCK_ISO_LEN - n, "%.3s:%.2s", zone, zone + 3);
}
