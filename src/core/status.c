/* status: failure records for core functions; never prints. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "status.h"

enum jf_status
jf_fail(struct jf_error *err, enum jf_status status, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return status;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return status;
}

void
jf_error_clear(struct jf_error *err)
{
	if (err == NULL)
		return;
	err->status = JF_OK;
	err->message[0] = '\0';
}

const char *
jf_status_name(enum jf_status status)
{
	switch (status) {
	case JF_OK: return "ok";
	case JF_ERR: return "failure";
	case JF_USAGE: return "usage";
	case JF_NOTFOUND: return "not found";
	case JF_INSUFFICIENT: return "insufficient points";
	case JF_CONFLICT: return "conflict";
	case JF_AUTH: return "authentication refused";
	case JF_BUSY: return "database busy";
	case JF_INTEGRITY: return "integrity check failed";
	}
	return "unknown";
}
