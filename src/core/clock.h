/*
 * clock: the one source of time, and calendar arithmetic on dates.
 *
 * Every "now" in jifen comes from clock_now(). The environment variable
 * JIFEN_NOW (ISO 8601: 2026-11-24, 2026-11-24T09:30, 2026-11-24T09:30:00Z,
 * ...+08:00) overrides it, so tests and simulations can run expiry and
 * campaigns at any date. Times are seconds since the epoch; dates are
 * "YYYY-MM-DD" strings in local time (the store's TZ), which sort correctly.
 */
#ifndef JIFEN_CLOCK_H
#define JIFEN_CLOCK_H

#include <stdint.h>

#include "status.h"

#define CLOCK_DATE_LEN 11 /* "YYYY-MM-DD" and NUL */
#define CLOCK_ISO_LEN 32

/* Check JIFEN_NOW once at start-up; a malformed value is a usage error. */
enum jf_status clock_init(struct jf_error *err);

/* Now, in seconds since the epoch: JIFEN_NOW if set (and valid), else the system clock. */
int64_t clock_now(void);

/* Override the clock in-process (tests, simulation); clock_set(INT64_MIN) clears it. */
void clock_set(int64_t now);

/* Parse an ISO 8601 date or date-time; without a zone it is local time. */
enum jf_status clock_parse_iso(const char *text, int64_t *out);

/* "YYYY-MM-DD" of a time, in local time. */
void clock_date_of(int64_t t, char out[CLOCK_DATE_LEN]);
/* "YYYY-MM-DDTHH:MM:SS+hh:mm" of a time, in local time. */
void clock_format_iso(int64_t t, char out[CLOCK_ISO_LEN]);

/* Is y-m-d a real calendar date (1900..9999)? */
int clock_valid_ymd(int y, int m, int d);
/* Days since 1970-01-01 of a civil date, and back. */
int64_t clock_days_from_civil(int y, int m, int d);
void clock_civil_from_days(int64_t days, int *y, int *m, int *d);

/* Strictly parse "YYYY-MM-DD" into a day number; JF_USAGE if not a real date. */
enum jf_status clock_parse_date(const char *text, int64_t *days);
void clock_format_date(int64_t days, char out[CLOCK_DATE_LEN]);
/* date + n days, both "YYYY-MM-DD". */
void clock_date_add(const char *date, int64_t n, char out[CLOCK_DATE_LEN]);

#endif
