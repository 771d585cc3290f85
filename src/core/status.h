/*
 * status: the one list of outcomes that core functions return.
 *
 * The numeric values are the exit statuses of the `jifen` command (DESIGN.md),
 * so the command line can exit with a status unchanged. A function that can
 * fail returns an enum jf_status and fills a struct jf_error with a one-line,
 * human-readable message; the caller presents it. Core never prints.
 */
#ifndef JIFEN_STATUS_H
#define JIFEN_STATUS_H

enum jf_status {
	JF_OK = 0,
	JF_ERR = 1,          /* any other failure */
	JF_USAGE = 2,        /* bad arguments or input */
	JF_NOTFOUND = 3,
	JF_INSUFFICIENT = 4, /* not enough available points */
	JF_CONFLICT = 5,     /* already done, idempotency mismatch, state forbids it */
	JF_AUTH = 6,         /* authentication refused or locked */
	JF_BUSY = 7,         /* database busy or unavailable */
	JF_INTEGRITY = 8,    /* integrity check failed */
};

#define JF_ERROR_MAX 320

struct jf_error {
	enum jf_status status;
	char message[JF_ERROR_MAX];
};

/* Record a failure in *err (which may be NULL) and return its status. */
enum jf_status jf_fail(struct jf_error *err, enum jf_status status,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void jf_error_clear(struct jf_error *err);

/* A short English name for a status ("conflict", "not found"). */
const char *jf_status_name(enum jf_status status);

#endif
