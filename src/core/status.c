/* status: failure records for core functions; never prints. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "status.h"

/* No reason, no numbers: a failure that is not a refusal says only its message. */
static void
clear_reason(struct jf_error *err)
{
	err->reason = JF_R_NONE;
	memset(err->num, 0, sizeof err->num);
	err->text[0] = '\0';
	err->text2[0] = '\0';
}

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
	clear_reason(err);
	return status;
}


/* Copy text into out, cut at a UTF-8 character boundary if it is longer. */
static void
copy_cut(char out[JF_REASON_TEXT_SIZE], const char *text)
{
	size_t n = text ? strlen(text) : 0;

	if (n >= JF_REASON_TEXT_SIZE) {
		n = JF_REASON_TEXT_SIZE - 1;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	if (n > 0)
		memcpy(out, text, n);
	out[n] = '\0';
}

/* The reason's part of jf_refuse(). */
static void
set_reason(struct jf_error *err, enum jf_reason reason, const struct jf_why *why)
{
	err->reason = (unsigned)reason < JF_R_COUNT ? reason : JF_R_NONE;
	memcpy(err->num, why->num, sizeof err->num);
	copy_cut(err->text, why->text);
	copy_cut(err->text2, why->text2);
}

enum jf_status
jf_refuse(struct jf_error *err, enum jf_status status, enum jf_reason reason,
	  struct jf_why why, const char *fmt, ...)
{
	char message[JF_ERROR_MAX];
	va_list ap;

	if (err == NULL)
		return status;
	/* The message may quote why's texts, never err's own: format first. */
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	jf_fail(err, status, "%s", message);
	set_reason(err, reason, &why);
	return status;
}

void
jf_error_clear(struct jf_error *err)
{
	if (err == NULL)
		return;
	err->status = JF_OK;
	err->message[0] = '\0';
	clear_reason(err);
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
	case JF_DENIED: return "permission denied";
	case JF_RETRY: return "transaction to be run again";
	}
	return "unknown";
}

const char *
jf_reason_name(enum jf_reason reason)
{
	static const char *const names[JF_R_COUNT] = {
		[JF_R_NONE] = "none",
		[JF_R_UNKNOWN_CARD] = "unknown_card",
		[JF_R_UNKNOWN_ITEM] = "unknown_item",
		[JF_R_UNKNOWN_VOUCHER] = "unknown_voucher",
		[JF_R_INVALID_VOUCHER] = "invalid_voucher",
		[JF_R_UNKNOWN_FAMILY] = "unknown_family",
		[JF_R_NO_PIN] = "no_pin",
		[JF_R_LOCKED] = "locked",
		[JF_R_WRONG_PIN] = "wrong_pin",
		[JF_R_NOT_SAME_FAMILY] = "not_same_family",
		[JF_R_SELF_TRANSFER] = "self_transfer",
		[JF_R_NOT_TRANSFERABLE] = "not_transferable",
		[JF_R_DAILY_LIMIT] = "daily_limit",
		[JF_R_INSUFFICIENT] = "insufficient",
		[JF_R_OUT_OF_STOCK] = "out_of_stock",
		[JF_R_NOT_YET_OFFERED] = "not_yet_offered",
		[JF_R_NO_LONGER_OFFERED] = "no_longer_offered",
		[JF_R_DELISTED] = "delisted",
		[JF_R_VOUCHER_REDEEMED] = "voucher_redeemed",
		[JF_R_VOUCHER_CANCELLED] = "voucher_cancelled",
		[JF_R_VOUCHER_EXPIRED] = "voucher_expired",
		[JF_R_VOUCHER_RETURNED] = "voucher_returned",
		[JF_R_VOUCHER_NOT_REDEEMED] = "voucher_not_redeemed",
		[JF_R_KEY_REUSED] = "key_reused",
		[JF_R_CARD_TAKEN] = "card_taken",
		[JF_R_IN_A_FAMILY] = "in_a_family",
		[JF_R_FAMILY_EXISTS] = "family_exists",
		[JF_R_UNKNOWN_RECEIPT] = "unknown_receipt",
		[JF_R_CARD_REPLACED] = "card_replaced",
		[JF_R_CARD_RETIRED] = "card_retired",
		[JF_R_CLOCK_BEHIND] = "clock_behind",
		[JF_R_NOT_IN_FAMILY] = "not_in_family",
		[JF_R_OWNER_LEAVES] = "owner_leaves",
		[JF_R_ERASED] = "erased",
		[JF_R_UNKNOWN_STAFF] = "unknown_staff",
		[JF_R_STAFF_DISABLED] = "staff_disabled",
		[JF_R_MANAGER_ONLY] = "manager_only",
		[JF_R_STAFF_PIN_REQUIRED] = "staff_pin_required",
		[JF_R_STAFF_EXISTS] = "staff_exists",
		[JF_R_STAFF_CARD] = "staff_card",
		[JF_R_LAST_MANAGER] = "last_manager",
		[JF_R_OFFSET_DISABLED] = "offset_disabled",
		[JF_R_OFFSET_OVER_CAP] = "offset_over_cap",
		[JF_R_OFFSET_NO_BILL] = "offset_no_bill",
		[JF_R_UNKNOWN_OFFSET] = "unknown_offset",
		[JF_R_REFUND_TOO_MUCH] = "refund_too_much",
		[JF_R_MIN_SPEND] = "min_spend",
		[JF_R_NO_MEMBER_RATE] = "no_member_rate",
		[JF_R_UNKNOWN_GAME] = "unknown_game",
		[JF_R_GAME_LIMIT] = "game_limit",
		[JF_R_GAME_REVEALED] = "game_revealed",
		[JF_R_GAME_NO_TICKET] = "game_no_ticket",
		[JF_R_GAME_NOT_ENDED] = "game_not_ended",
		[JF_R_UNKNOWN_TASK] = "unknown_task",
		[JF_R_TASK_NOT_MET] = "task_not_met",
		[JF_R_UNKNOWN_SURVEY] = "unknown_survey",
		[JF_R_SURVEY_ANSWERED] = "survey_answered",
		[JF_R_EARLY_ACCESS] = "early_access",
		[JF_R_NO_PLAN] = "no_plan",
		[JF_R_UNKNOWN_CAMPAIGN] = "unknown_campaign",
		[JF_R_CAMPAIGN_NOT_ACTIVE] = "campaign_not_active",
		[JF_R_CAMPAIGN_ENDED] = "campaign_ended",
		[JF_R_CAMPAIGN_BUDGET] = "campaign_budget",
		[JF_R_CAMPAIGN_NO_GIFT] = "campaign_no_gift",
		[JF_R_CAMPAIGN_TIER] = "campaign_tier",
		[JF_R_OFFLINE] = "offline",
		[JF_R_CONTENDED] = "contended",
	};

	return (unsigned)reason < JF_R_COUNT && names[reason] ? names[reason] : "unknown";
}
