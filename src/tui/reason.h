/*
 * reason: the kiosk's one table from core's refusals (struct jf_error's
 * reason and numbers) to sentences for the member, in the language shown.
 * Screens ask core (member_can_log_in, voucher_can_issue,
 * ledger_can_transfer, or the write itself) and say what it answered;
 * they never work out a reason of their own.
 */
#ifndef JIFEN_TUI_REASON_H
#define JIFEN_TUI_REASON_H

#include <stddef.h>

#include "member.h"
#include "screen.h"
#include "status.h"

/* The sentence for err's reason, translated, into out (always
 * terminated). Returns 0, and out empty, for JF_R_NONE: a failure that is
 * no refusal of the member's (the caller sends them to the staff). */
int reason_format(const struct jf_error *err, char *out, size_t size);
/* The same on the message line, as an error or, where the member has done
 * nothing wrong (no PIN yet), a warning. Returns 0 if err has no reason. */
int reason_say(struct kiosk *k, const struct jf_error *err);

/* A notice core wrote for the member (compensation), in the language
 * shown, from its message and parameters; a notice of an older ledger,
 * which has only its English text, as that text. */
void reason_notice(const struct member_notice *n, char *out, size_t size);

#endif
