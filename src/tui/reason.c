/*
 * reason: core's refusals, and the notices it writes for members, in the
 * member's words (see reason.h). Every sentence is marked for gettext
 * here, so po/zh_CN.po has them all; a reason without a sentence is caught
 * by tests/unit/test_reason.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "reason.h"

/* "10:15" if t is today, else "2026-11-25 10:15": a time as a member reads it. */
static void
format_time(int64_t t, char *out, size_t size)
{
	char today[CLOCK_DATE_LEN], day[CLOCK_DATE_LEN];
	time_t tt = (time_t)t;
	struct tm tm;

	clock_date_of(clock_now(), today);
	clock_date_of(t, day);
	localtime_r(&tt, &tm);
	if (strcmp(today, day) == 0)
		strftime(out, size, "%H:%M", &tm);
	else
		strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}

static void
format_insufficient(const struct jf_error *e, char *out, size_t size)
{
	unsigned long n = (unsigned long)e->num[0];

	if (e->num[3] == KIND_GREEN)
		snprintf(out, size,
			 ngettext("You need %lld more green point for this (you have %lld).",
				  "You need %lld more green points for this (you have %lld).", n),
			 (long long)e->num[0], (long long)e->num[1]);
	else
		snprintf(out, size,
			 ngettext("You need %lld more point for this (you have %lld).",
				  "You need %lld more points for this (you have %lld).", n),
			 (long long)e->num[0], (long long)e->num[1]);
}

/* A voucher already redeemed: when, by whom, and where when it is known. */
static void
format_redeemed(const struct jf_error *e, const char *when, char *out, size_t size)
{
	if (e->text2[0])
		snprintf(out, size, _("This voucher was already redeemed at %s by %s, at %s."), when,
			 e->text, e->text2);
	else
		snprintf(out, size, _("This voucher was already redeemed at %s by %s."), when,
			 e->text);
}

/* The reasons whose sentence has at most one text or time in it. */
static void
format_plain(const struct jf_error *e, const char *when, char *out, size_t size)
{
	switch (e->reason) {
	case JF_R_UNKNOWN_CARD:
		snprintf(out, size, "%s", _("No member has this card. Please ask the staff."));
		break;
	case JF_R_UNKNOWN_ITEM:
		snprintf(out, size, "%s", _("This item is no longer in the catalog."));
		break;
	case JF_R_UNKNOWN_VOUCHER:
		snprintf(out, size, "%s", _("No voucher has this code. Please ask the staff."));
		break;
	case JF_R_INVALID_VOUCHER:
		snprintf(out, size, "%s", _("This is not a voucher of this store. Please ask the staff."));
		break;
	case JF_R_UNKNOWN_FAMILY:
		snprintf(out, size, _("There is no family named %s."), e->text);
		break;
	case JF_R_NO_PIN:
		snprintf(out, size, "%s", _("This card has no PIN yet. Please set one at the counter."));
		break;
	case JF_R_LOCKED:
		snprintf(out, size, _("This card is locked after too many wrong PINs. Try again after %s."),
			 when);
		break;
	case JF_R_NOT_SAME_FAMILY:
		snprintf(out, size, "%s", _("Green points can be sent only to members of your family."));
		break;
	case JF_R_SELF_TRANSFER:
		snprintf(out, size, "%s",
			 _("You cannot send green points to yourself. Choose another member."));
		break;
	case JF_R_NOT_TRANSFERABLE:
		snprintf(out, size, "%s", _("Only green points can be sent to family members."));
		break;
	case JF_R_NOT_YET_OFFERED:
		snprintf(out, size, _("This item is not on offer until %s."), e->text);
		break;
	case JF_R_NO_LONGER_OFFERED:
		snprintf(out, size, _("This item was on offer until %s."), e->text);
		break;
	case JF_R_DELISTED:
		snprintf(out, size, _("This item is no longer offered: %s"), e->text);
		break;
	case JF_R_VOUCHER_CANCELLED:
		snprintf(out, size, _("This voucher was cancelled at %s."), when);
		break;
	case JF_R_VOUCHER_EXPIRED:
		snprintf(out, size, _("This voucher expired at %s."), when);
		break;
	case JF_R_VOUCHER_RETURNED:
		snprintf(out, size, _("The goods of this voucher were returned at %s."), when);
		break;
	case JF_R_VOUCHER_NOT_REDEEMED:
		snprintf(out, size, "%s", _("This voucher has not been redeemed yet."));
		break;
	case JF_R_KEY_REUSED:
		snprintf(out, size, "%s", _("This was already asked with other details. Please start again."));
		break;
	case JF_R_CARD_TAKEN:
		snprintf(out, size, "%s", _("This card already belongs to a member."));
		break;
	case JF_R_IN_A_FAMILY:
		snprintf(out, size, _("This member is already in the family %s."), e->text2);
		break;
	case JF_R_FAMILY_EXISTS:
		snprintf(out, size, _("A family named %s already exists."), e->text);
		break;
	case JF_R_UNKNOWN_RECEIPT:
		snprintf(out, size, _("No points were earned with the receipt %s."), e->text);
		break;
	case JF_R_CARD_REPLACED:
		snprintf(out, size, "%s", _("This card was replaced and works no more. Please use your new card."));
		break;
	case JF_R_CARD_RETIRED:
		snprintf(out, size, "%s", _("This card was replaced and cannot be given again."));
		break;
	case JF_R_CLOCK_BEHIND:
		snprintf(out, size, "%s", _("This terminal's clock is wrong. Please call staff."));
		break;
	case JF_R_NOT_IN_FAMILY:
		snprintf(out, size, _("Card %s is not in this family."), e->text);
		break;
	case JF_R_OWNER_LEAVES:
		snprintf(out, size,
			 ngettext("The owner of the family %s cannot leave while %lld other member remains.",
				  "The owner of the family %s cannot leave while %lld other members remain.",
				  (unsigned long)e->num[0]),
			 e->text2, (long long)e->num[0]);
		break;
	case JF_R_ERASED:
		snprintf(out, size, _("The personal data of this card was erased at %s."), when);
		break;
	case JF_R_UNKNOWN_STAFF:
		snprintf(out, size, _("There is no staff member %s."), e->text);
		break;
	case JF_R_STAFF_DISABLED:
		snprintf(out, size, _("Staff member %s is disabled."), e->text);
		break;
	case JF_R_MANAGER_ONLY:
		snprintf(out, size, "%s", _("Only a manager may do this. Please call a manager."));
		break;
	case JF_R_STAFF_PIN_REQUIRED:
		snprintf(out, size, "%s", _("A staff member must confirm this with their PIN."));
		break;
	case JF_R_STAFF_EXISTS:
		snprintf(out, size, _("The staff id %s is already taken."), e->text);
		break;
	case JF_R_STAFF_CARD:
		snprintf(out, size, "%s", _("This card belongs to a staff member."));
		break;
	case JF_R_LAST_MANAGER:
		snprintf(out, size, "%s", _("The last manager cannot be disabled."));
		break;
	case JF_R_OFFSET_DISABLED:
		snprintf(out, size, "%s", _("Points cannot pay bills in this store."));
		break;
	case JF_R_OFFSET_OVER_CAP:
		snprintf(out, size, _("At most %lld points can pay this bill."), (long long)e->num[0]);
		break;
	case JF_R_OFFSET_NO_BILL:
		snprintf(out, size, "%s", _("There is no bill for points to pay."));
		break;
	case JF_R_UNKNOWN_OFFSET:
		snprintf(out, size, _("No points paid the sale %s."), e->text);
		break;
	case JF_R_REFUND_TOO_MUCH:
		snprintf(out, size, _("Only %lld.%02lld yuan of receipt %s are left to refund."),
			 (long long)(e->num[0] / 100), (long long)(e->num[0] % 100), e->text);
		break;
	case JF_R_MIN_SPEND:
		snprintf(out, size, _("This coupon needs a bill of at least %lld.%02lld yuan."),
			 (long long)(e->num[0] / 100), (long long)(e->num[0] % 100));
		break;
	case JF_R_NO_MEMBER_RATE:
		snprintf(out, size, "%s", _("This member earns at the store's rates already."));
		break;
	case JF_R_UNKNOWN_GAME:
		snprintf(out, size, _("There is no game %s."), e->text);
		break;
	case JF_R_GAME_LIMIT:
		snprintf(out, size,
			 ngettext("This game can be played %lld time a day; you have played it today.",
				  "This game can be played %lld times a day; you have played them all today.",
				  (unsigned long)e->num[0]),
			 (long long)e->num[0]);
		break;
	case JF_R_GAME_REVEALED:
		snprintf(out, size, _("The draws of %s are closed: please ask the staff."), e->text2);
		break;
	case JF_R_GAME_NO_TICKET:
		snprintf(out, size, "%s", _("This game needs a free-play ticket, and you have none."));
		break;
	case JF_R_GAME_NOT_ENDED:
		snprintf(out, size, _("The day %s has not ended yet."), e->text2);
		break;
	case JF_R_UNKNOWN_TASK:
		snprintf(out, size, "%s", _("This task is not offered."));
		break;
	case JF_R_TASK_NOT_MET:
		snprintf(out, size, _("Not done yet: %lld of %lld."), (long long)e->num[1],
			 (long long)e->num[0]);
		break;
	case JF_R_UNKNOWN_SURVEY:
		snprintf(out, size, "%s", _("This survey is not offered."));
		break;
	case JF_R_SURVEY_ANSWERED:
		snprintf(out, size, "%s", _("You have answered this survey already."));
		break;
	case JF_R_EARLY_ACCESS:
		snprintf(out, size, _("New: for members of higher tiers until %s."), e->text);
		break;
	case JF_R_NO_PLAN:
		snprintf(out, size, "%s", _("This member has no one-to-one plan in force."));
		break;
	case JF_R_UNKNOWN_CAMPAIGN:
	case JF_R_CAMPAIGN_NOT_ACTIVE:
	case JF_R_CAMPAIGN_ENDED:
		snprintf(out, size, "%s", _("This offer is not running now."));
		break;
	case JF_R_CAMPAIGN_BUDGET:
		snprintf(out, size, "%s", _("This offer has been given out in full."));
		break;
	case JF_R_CAMPAIGN_NO_GIFT:
		snprintf(out, size, "%s", _("This offer has no gift pack."));
		break;
	case JF_R_CAMPAIGN_TIER:
		snprintf(out, size, "%s", _("This offer is for other member tiers."));
		break;
	case JF_R_OFFLINE:
		snprintf(out, size, _("Offline: only purchases now (%lld queued). This waits until "
				      "the link is back."),
			 (long long)e->num[0]);
		break;
	case JF_R_CONTENDED:
		snprintf(out, size, "%s", _("The ledger is busy with other terminals: nothing was "
					     "done. Please try again."));
		break;
	default:
		out[0] = '\0';
		break;
	}
}

int
reason_format(const struct jf_error *e, char *out, size_t size)
{
	char when[32];

	out[0] = '\0';
	if (e == NULL || e->reason <= JF_R_NONE || e->reason >= JF_R_COUNT)
		return 0;
	format_time(e->num[0], when, sizeof when);
	switch (e->reason) {
	case JF_R_WRONG_PIN:
		snprintf(out, size,
			 ngettext("Wrong PIN. %lld more wrong PIN locks the card.",
				  "Wrong PIN. %lld more wrong PINs lock the card.",
				  (unsigned long)e->num[0]),
			 (long long)e->num[0]);
		break;
	case JF_R_DAILY_LIMIT:
		snprintf(out, size,
			 ngettext("That is over the daily limit of %lld green point (%lld sent today).",
				  "That is over the daily limit of %lld green points (%lld sent today).",
				  (unsigned long)e->num[0]),
			 (long long)e->num[0], (long long)e->num[1]);
		break;
	case JF_R_INSUFFICIENT:
		format_insufficient(e, out, size);
		break;
	case JF_R_OUT_OF_STOCK:
		if (e->num[0] <= 0)
			snprintf(out, size, "%s",
				 _("This item is out of stock, so it cannot be redeemed."));
		else
			snprintf(out, size,
				 ngettext("Only %lld of this item is left in stock.",
					  "Only %lld of this item are left in stock.",
					  (unsigned long)e->num[0]),
				 (long long)e->num[0]);
		break;
	case JF_R_VOUCHER_REDEEMED:
		format_redeemed(e, when, out, size);
		break;
	default:
		format_plain(e, when, out, size);
		break;
	}
	return out[0] != '\0';
}

int
reason_say(struct kiosk *k, const struct jf_error *err)
{
	char text[KIOSK_MESSAGE_SIZE];

	if (!reason_format(err, text, sizeof text))
		return 0;
	kiosk_say(k, err->reason == JF_R_NO_PIN ? STYLE_WARN : STYLE_ERROR, "%s", text);
	return 1;
}

/* "2026-03-01 10:00", in the store's zone. */
static void
format_datetime(int64_t t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}

static void
notice_delist(const struct member_notice *n, char *out, size_t size)
{
	char back[64], bonus[64];
	enum point_kind kind = n->num[2] == KIND_GREEN ? KIND_GREEN : KIND_POINTS;
	const char *name = i18n_name(n->param[0], n->param[1]);

	i18n_points(n->num[0], kind, back, sizeof back);
	i18n_points(n->num[1], kind, bonus, sizeof bonus);
	if (n->num[1] > 0)
		snprintf(out, size, _("%s is no longer offered (%s). Your %s are back, plus a bonus of %s."),
			 name, n->param[2], back, bonus);
	else
		snprintf(out, size, _("%s is no longer offered (%s). Your %s are back."), name,
			 n->param[2], back);
}

void
reason_notice(const struct member_notice *n, char *out, size_t size)
{
	char from[32], to[32], points[64];

	format_datetime(n->num[0], from, sizeof from);
	format_datetime(n->num[1], to, sizeof to);
	switch (n->message) {
	case NOTICE_DELIST_REFUND:
		notice_delist(n, out, size);
		break;
	case NOTICE_OUTAGE_RESTORED:
		i18n_points(n->num[2], n->num[3] == KIND_GREEN ? KIND_GREEN : KIND_POINTS, points,
			    sizeof points);
		snprintf(out, size,
			 _("After the system outage from %s to %s, %s that had expired are back, valid until %s."),
			 from, to, points, n->param[0]);
		break;
	case NOTICE_OUTAGE_EXTENDED:
		snprintf(out, size,
			 _("After the system outage from %s to %s, your points that were due then are valid until %s."),
			 from, to, n->param[0]);
		break;
	case NOTICE_TIER_CHANGE:
		if (n->num[0] > 0)
			snprintf(out, size, _("Congratulations: you are now a %s member."),
				 i18n_name(n->param[0], n->param[1]));
		else
			snprintf(out, size, _("Your tier is now %s, from the points of the last 12 months."),
				 i18n_name(n->param[0], n->param[1]));
		break;
	default:
		snprintf(out, size, "%s", n->text);
		break;
	}
}
