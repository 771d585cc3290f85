/*
 * reason: the command line's one table from core's refusals (struct
 * jf_error's reason and numbers) to the English sentence of the error
 * line, for a cashier or a manager: exact times, cards and counts. A
 * failure without a reason keeps core's own message. The notices core
 * writes for members are put into words here too.
 */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "member.h"

/* "2026-03-01T10:30:00+08:00", or "an unknown time" for 0. */
static const char *
iso(int64_t t, char out[CLOCK_ISO_LEN])
{
	if (t == 0)
		return "an unknown time";
	clock_format_iso(t, out);
	return out;
}

/* "45.00" of fen. */
static const char *
yuan(int64_t fen, char out[24])
{
	parse_format_fen(fen, out, 24);
	return out;
}

static void
format_insufficient(const struct jf_error *e, char *out, size_t size)
{
	const char *kind = e->num[3] == KIND_GREEN ? "green points" : "points";

	snprintf(out, size, "not enough %s: %lld available, %lld asked, %lld more needed", kind,
		 (long long)e->num[1], (long long)e->num[2], (long long)e->num[0]);
}

static void
format_redeemed(const struct jf_error *e, const char *when, char *out, size_t size)
{
	if (e->text2[0])
		snprintf(out, size, "already redeemed at %s by %s at terminal %s", when,
			 e->text, e->text2);
	else
		snprintf(out, size, "already redeemed at %s by %s", when, e->text);
}

/* The reasons of the items and vouchers. */
static int
format_goods(const struct jf_error *e, const char *when, char *out, size_t size)
{
	switch (e->reason) {
	case JF_R_UNKNOWN_ITEM:
		snprintf(out, size, "no item with SKU %s", e->text);
		return 1;
	case JF_R_OUT_OF_STOCK:
		if (e->num[0] > 0)
			snprintf(out, size, "out of stock: only %lld left, %lld asked",
				 (long long)e->num[0], (long long)e->num[1]);
		else
			snprintf(out, size, "out of stock: none left, %lld asked",
				 (long long)e->num[1]);
		return 1;
	case JF_R_NOT_YET_OFFERED:
		snprintf(out, size, "not on offer until %s", e->text);
		return 1;
	case JF_R_NO_LONGER_OFFERED:
		snprintf(out, size, "no longer on offer: its last day was %s", e->text);
		return 1;
	case JF_R_DELISTED:
		if (e->num[0])
			snprintf(out, size, "the item was already delisted at %s: %s", when, e->text);
		else
			snprintf(out, size, "the item was already delisted");
		return 1;
	case JF_R_UNKNOWN_VOUCHER:
		if (e->text[0])
			snprintf(out, size, "no voucher with the short code %s", e->text);
		else
			snprintf(out, size, "no such voucher");
		return 1;
	case JF_R_INVALID_VOUCHER:
		snprintf(out, size, "not a valid voucher");
		return 1;
	case JF_R_VOUCHER_REDEEMED:
		format_redeemed(e, when, out, size);
		return 1;
	case JF_R_VOUCHER_CANCELLED:
		snprintf(out, size, "the voucher was cancelled at %s", when);
		return 1;
	case JF_R_VOUCHER_EXPIRED:
		snprintf(out, size, "the voucher expired at %s", when);
		return 1;
	case JF_R_VOUCHER_RETURNED:
		snprintf(out, size, "the voucher's goods were returned at %s", when);
		return 1;
	case JF_R_VOUCHER_NOT_REDEEMED:
		snprintf(out, size, "the voucher was not redeemed yet (cancel it instead)");
		return 1;
	default:
		return 0;
	}
}

/* The reasons of members, cards, families and points. */
static int
format_members(const struct jf_error *e, const char *when, char *out, size_t size)
{
	char buf1[24], buf2[24];

	switch (e->reason) {
	case JF_R_UNKNOWN_CARD:
		snprintf(out, size, "no member with card %s", e->text);
		return 1;
	case JF_R_UNKNOWN_FAMILY:
		snprintf(out, size, "no family named %s", e->text);
		return 1;
	case JF_R_NO_PIN:
		snprintf(out, size, "no PIN is set for this card");
		return 1;
	case JF_R_LOCKED:
		if (e->text[0])
			snprintf(out, size, "staff member %s is locked after too many wrong PINs "
					    "until %s", e->text, when);
		else
			snprintf(out, size, "the card is locked after too many wrong PINs until %s",
				 when);
		return 1;
	case JF_R_WRONG_PIN:
		snprintf(out, size, "wrong PIN: %lld more wrong %s %s%s", (long long)e->num[0],
			 e->num[0] == 1 ? "PIN locks" : "PINs lock",
			 e->text[0] ? "staff member " : "the card", e->text);
		return 1;
	case JF_R_NOT_SAME_FAMILY:
		snprintf(out, size, "%s and %s are not in the same family", e->text, e->text2);
		return 1;
	case JF_R_SELF_TRANSFER:
		snprintf(out, size, "cannot transfer points from a card to itself");
		return 1;
	case JF_R_NOT_TRANSFERABLE:
		snprintf(out, size, "only green points may be transferred "
				    "(the config does not allow ordinary points)");
		return 1;
	case JF_R_DAILY_LIMIT:
		snprintf(out, size, "over the daily limit of %lld green points: %lld sent today, "
				    "%lld more asked", (long long)e->num[0], (long long)e->num[1],
			 (long long)e->num[2]);
		return 1;
	case JF_R_INSUFFICIENT:
		format_insufficient(e, out, size);
		return 1;
	case JF_R_KEY_REUSED:
		snprintf(out, size, "key %s was already used for a different request; "
				    "nothing was written", e->text);
		return 1;
	case JF_R_CARD_TAKEN:
		snprintf(out, size, "card %s already belongs to a member", e->text);
		return 1;
	case JF_R_IN_A_FAMILY:
		snprintf(out, size, "%s is already in the family %s", e->text, e->text2);
		return 1;
	case JF_R_FAMILY_EXISTS:
		snprintf(out, size, "a family named %s already exists", e->text);
		return 1;
	case JF_R_UNKNOWN_RECEIPT:
		snprintf(out, size, "no purchase with receipt %s earned points", e->text);
		return 1;
	case JF_R_CARD_REPLACED:
		snprintf(out, size, "card %s was replaced and no longer works", e->text);
		return 1;
	case JF_R_CARD_RETIRED:
		snprintf(out, size, "card %s was replaced and can never be given again", e->text);
		return 1;
	case JF_R_NOT_IN_FAMILY:
		if (e->text2[0])
			snprintf(out, size, "%s is not in the family %s", e->text, e->text2);
		else
			snprintf(out, size, "%s is in no family", e->text);
		return 1;
	case JF_R_OWNER_LEAVES:
		snprintf(out, size, "%s owns the family %s, which has %lld other %s: make one of "
				    "them the owner first (family owner)", e->text, e->text2,
			 (long long)e->num[0], e->num[0] == 1 ? "member" : "members");
		return 1;
	case JF_R_ERASED:
		snprintf(out, size, "the personal data of card %s was already erased at %s, at the "
				    "member's request", e->text, when);
		return 1;
	case JF_R_UNKNOWN_STAFF:
		snprintf(out, size, "no staff member with id %s", e->text);
		return 1;
	case JF_R_STAFF_DISABLED:
		snprintf(out, size, "staff member %s is disabled", e->text);
		return 1;
	case JF_R_MANAGER_ONLY:
		snprintf(out, size, "only a manager may do this (%s)", e->text);
		return 1;
	case JF_R_STAFF_PIN_REQUIRED:
		snprintf(out, size, "%s needs --staff ID --pin-stdin of a staff member who may "
				    "do it", e->text);
		return 1;
	case JF_R_STAFF_EXISTS:
		snprintf(out, size, "staff id %s is already taken", e->text);
		return 1;
	case JF_R_STAFF_CARD:
		snprintf(out, size, "card %s is a staff member's card", e->text);
		return 1;
	case JF_R_LAST_MANAGER:
		snprintf(out, size, "%s is the last enabled manager: add another manager first",
			 e->text);
		return 1;
	case JF_R_CLOCK_BEHIND: {
		char now[CLOCK_ISO_LEN];

		snprintf(out, size, "the clock (%s) is more than %lld seconds behind the ledger's "
			 "latest entry (%s): set the clock right", iso(e->num[1], now),
			 (long long)e->num[2], when);
		return 1;
	}
	case JF_R_OFFSET_DISABLED:
		snprintf(out, size, "points may not pay bills here ([offset] enabled = false)");
		return 1;
	case JF_R_OFFSET_OVER_CAP:
		snprintf(out, size, "at most %lld points may pay this bill (%lld%% of it); %lld asked",
			 (long long)e->num[0], (long long)e->num[3], (long long)e->num[1]);
		return 1;
	case JF_R_OFFSET_NO_BILL:
		snprintf(out, size, "the bill is 0.00: there is nothing for points to pay");
		return 1;
	case JF_R_UNKNOWN_OFFSET:
		snprintf(out, size, "no points paid the sale %s", e->text);
		return 1;
	case JF_R_REFUND_TOO_MUCH:
		snprintf(out, size, "receipt %s has %s yuan left to refund; %s asked", e->text,
			 yuan(e->num[0], buf1), yuan(e->num[1], buf2));
		return 1;
	case JF_R_MIN_SPEND:
		snprintf(out, size, "this coupon needs a bill of at least %s yuan; the bill is %s",
			 yuan(e->num[0], buf1), yuan(e->num[1], buf2));
		return 1;
	case JF_R_NO_MEMBER_RATE:
		snprintf(out, size, "card %s earns at the store's rates already; nothing to clear",
			 e->text);
		return 1;
	case JF_R_UNKNOWN_GAME:
		snprintf(out, size, "no game %s (see: jifen game list)", e->text);
		return 1;
	case JF_R_GAME_LIMIT:
		snprintf(out, size, "%s may be played %lld time%s a day; played %lld times today",
			 e->text, (long long)e->num[0], e->num[0] == 1 ? "" : "s",
			 (long long)e->num[1]);
		return 1;
	case JF_R_GAME_REVEALED:
		snprintf(out, size, "the seed of %s for %s is revealed already: no more plays of "
			 "that day (is the clock set back?)", e->text, e->text2);
		return 1;
	case JF_R_GAME_NO_TICKET:
		snprintf(out, size, "%s is played with free-play tickets only, and the card has none",
			 e->text);
		return 1;
	case JF_R_GAME_NOT_ENDED:
		snprintf(out, size, "the day %s has not ended: its seed stays secret until then",
			 e->text2);
		return 1;
	case JF_R_UNKNOWN_TASK:
		snprintf(out, size, "there is no task %s", e->text);
		return 1;
	case JF_R_TASK_NOT_MET:
		snprintf(out, size, "task %s is not done yet: it needs %lld, the card has %lld",
			 e->text, (long long)e->num[0], (long long)e->num[1]);
		return 1;
	case JF_R_UNKNOWN_SURVEY:
		snprintf(out, size, "there is no survey %s", e->text);
		return 1;
	case JF_R_SURVEY_ANSWERED:
		snprintf(out, size, "the card has answered survey %s already", e->text);
		return 1;
	case JF_R_EARLY_ACCESS:
		snprintf(out, size, "until %s this item is for members of higher tiers than %s",
			 e->text, e->text2[0] ? e->text2 : "the card's");
		return 1;
	case JF_R_NO_PLAN:
		snprintf(out, size, "card %s has no one-to-one plan in force", e->text);
		return 1;
	case JF_R_UNKNOWN_CAMPAIGN:
		snprintf(out, size, "there is no campaign %s", e->text);
		return 1;
	case JF_R_CAMPAIGN_NOT_ACTIVE:
		snprintf(out, size, "campaign %s is not running now (it runs %s)", e->text, e->text2);
		return 1;
	case JF_R_CAMPAIGN_ENDED:
		snprintf(out, size, "campaign %s was ended early at %s", e->text, when);
		return 1;
	case JF_R_CAMPAIGN_BUDGET:
		snprintf(out, size, "campaign %s has %lld points of its budget left, not the %lld "
				    "asked", e->text, (long long)e->num[0], (long long)e->num[1]);
		return 1;
	case JF_R_CAMPAIGN_NO_GIFT:
		snprintf(out, size, "campaign %s has no gift pack", e->text);
		return 1;
	case JF_R_CAMPAIGN_TIER:
		snprintf(out, size, "campaign %s is not for the member's tier (%s)", e->text,
			 e->text2[0] ? e->text2 : "none");
		return 1;
	case JF_R_OFFLINE:
		snprintf(out, size, "the ledger cannot be reached: only purchases are taken now, "
				    "queued (%lld waiting); this waits until it is back",
			 (long long)e->num[0]);
		return 1;
	case JF_R_CONTENDED: /* the message says which: a lock, or the tries */
		snprintf(out, size, "%s", e->message);
		return 1;
	default:
		return 0;
	}
}

void
cli_reason(const struct jf_error *e, char *out, size_t size)
{
	char buf[CLOCK_ISO_LEN];
	const char *when = iso(e->num[0], buf);

	if (e->reason == JF_R_NONE || e->reason >= JF_R_COUNT ||
	    !(format_goods(e, when, out, size) || format_members(e, when, out, size)))
		snprintf(out, size, "%s", e->message);
}

void
cli_notice(const struct member_notice *n, char *out, size_t size)
{
	char from[CLOCK_ISO_LEN], to[CLOCK_ISO_LEN];
	const char *kind = n->num[2] == KIND_GREEN ? "green points" : "points";

	switch (n->message) {
	case NOTICE_DELIST_REFUND:
		snprintf(out, size, "%s / %s is no longer offered (%s): %lld %s back, plus %lld bonus",
			 n->param[0], n->param[1], n->param[2], (long long)n->num[0], kind,
			 (long long)n->num[1]);
		break;
	case NOTICE_OUTAGE_RESTORED:
		snprintf(out, size, "system outage from %s to %s: %lld %s restored, now valid until %s",
			 iso(n->num[0], from), iso(n->num[1], to), (long long)n->num[2],
			 n->num[3] == KIND_GREEN ? "green points" : "points", n->param[0]);
		break;
	case NOTICE_OUTAGE_EXTENDED:
		snprintf(out, size, "system outage from %s to %s: points due then are now valid until %s",
			 iso(n->num[0], from), iso(n->num[1], to), n->param[0]);
		break;
	case NOTICE_TIER_CHANGE:
		snprintf(out, size, "tier %s: now %s (%lld points earned in 12 months)",
			 n->num[0] > 0 ? "up" : "down", n->param[1], (long long)n->num[1]);
		break;
	default:
		snprintf(out, size, "%s", n->text);
		break;
	}
}
