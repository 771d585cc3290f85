/*
 * status: the one list of outcomes that core functions return.
 *
 * The numeric values are the exit statuses of the `jifen` command (DESIGN.md),
 * so the command line can exit with a status unchanged. A function that can
 * fail returns an enum jf_status and fills a struct jf_error with a one-line,
 * human-readable message; the caller presents it. Core never prints.
 *
 * A refusal also says why, once, where it was decided: an enum jf_reason
 * and its numbers (over the daily limit: the limit, what was sent today,
 * what was asked). Screens and commands turn the reason into words in the
 * reader's language (src/tui/reason.c, src/cli/reason.c); they never
 * re-derive a rule to guess it. The English message stays for logs and for
 * failures that have no reason (JF_R_NONE).
 */
#ifndef JIFEN_STATUS_H
#define JIFEN_STATUS_H

#include <stdint.h>

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
	JF_DENIED = 9,       /* the ledger (or its directory) may not be written by this user */
	JF_RETRY = 10,       /* the database rolled the transaction back and asks for it
			      * to be run again (a serialization failure or a deadlock on
			      * PostgreSQL). Core's ledger_write() runs it again; it never
			      * reaches a person: front ends show it as JF_BUSY. */
};

#define JF_ERROR_MAX 320

/*
 * Why core refused, with what each reason carries in struct jf_error's
 * num[] and text/text2 (times are Unix seconds, days "YYYY-MM-DD"). A
 * new reason is added at the end, with its words in both tables.
 */
enum jf_reason {
	JF_R_NONE = 0,          /* no reason beyond the message (bad input, a fault) */
	JF_R_UNKNOWN_CARD,      /* text: the card */
	JF_R_UNKNOWN_ITEM,      /* text: the SKU */
	JF_R_UNKNOWN_VOUCHER,   /* text: the short code typed, or "" */
	JF_R_INVALID_VOUCHER,   /* a code that is no voucher of this store (mistyped, forged) */
	JF_R_UNKNOWN_FAMILY,    /* text: the family's name */
	JF_R_NO_PIN,            /* the card has no PIN yet */
	JF_R_LOCKED,            /* num[0]: locked until; text: a staff member's id,
				 * "" for a member's card */
	JF_R_WRONG_PIN,         /* num[0]: wrong PINs left before the card locks;
				 * text: as JF_R_LOCKED's */
	JF_R_NOT_SAME_FAMILY,   /* text, text2: the two cards */
	JF_R_SELF_TRANSFER,     /* sending points to one's own card */
	JF_R_NOT_TRANSFERABLE,  /* num[3]: the kind (ordinary points may not be sent) */
	JF_R_DAILY_LIMIT,       /* num[0]: the limit, [1]: sent today, [2]: asked */
	JF_R_INSUFFICIENT,      /* num[0]: how many more are needed, [1]: available,
				 * [2]: asked, [3]: the kind (enum point_kind) */
	JF_R_OUT_OF_STOCK,      /* num[0]: how many are left, [1]: asked */
	JF_R_NOT_YET_OFFERED,   /* text: the first day on offer */
	JF_R_NO_LONGER_OFFERED, /* text: the last day on offer */
	JF_R_DELISTED,          /* num[0]: when, text: the store's reason */
	JF_R_VOUCHER_REDEEMED,  /* num[0]: when, text: by whom ("staff S01"),
				 * text2: the terminal ("" if unknown) */
	JF_R_VOUCHER_CANCELLED, /* num[0]: when */
	JF_R_VOUCHER_EXPIRED,   /* num[0]: when */
	JF_R_VOUCHER_RETURNED,  /* num[0]: when */
	JF_R_VOUCHER_NOT_REDEEMED, /* taking back goods never handed over */
	JF_R_KEY_REUSED,        /* text: an idempotency key used for another request */
	JF_R_CARD_TAKEN,        /* text: the card, already a member's */
	JF_R_IN_A_FAMILY,       /* text: the card, text2: its family */
	JF_R_FAMILY_EXISTS,     /* text: the name */
	JF_R_UNKNOWN_RECEIPT,   /* text: a receipt that earned no points */
	JF_R_CARD_REPLACED,     /* text: a card that was replaced and works no more */
	JF_R_CARD_RETIRED,      /* text: a replaced card, which no member may be given */
	JF_R_CLOCK_BEHIND,      /* num[0]: the ledger's latest entry, [1]: the clock's
				 * now, [2]: the tolerance in seconds */
	JF_R_NOT_IN_FAMILY,     /* text: the card, text2: the family it is not in
				 * ("" when it is in no family) */
	JF_R_OWNER_LEAVES,      /* text: the owner's card, text2: the family,
				 * num[0]: how many other members it has */
	JF_R_ERASED,            /* text: the card, num[0]: when its personal data
				 * was erased */
	JF_R_UNKNOWN_STAFF,     /* text: the staff id */
	JF_R_STAFF_DISABLED,    /* text: the staff id */
	JF_R_MANAGER_ONLY,      /* text: the action ("grant"), which only a manager may do */
	JF_R_STAFF_PIN_REQUIRED, /* text: the action, which needs --staff and its PIN */
	JF_R_STAFF_EXISTS,      /* text: a staff id already taken */
	JF_R_STAFF_CARD,        /* text: a card that is a staff member's */
	JF_R_LAST_MANAGER,      /* text: the id of the last enabled manager */
	JF_R_OFFSET_DISABLED,   /* points may not pay bills here ([offset] enabled) */
	JF_R_OFFSET_OVER_CAP,   /* num[0]: the most points this bill takes, [1]: asked,
				 * [2]: the bill in fen, [3]: the cap in percent */
	JF_R_OFFSET_NO_BILL,    /* a bill of 0: nothing for points to pay */
	JF_R_UNKNOWN_OFFSET,    /* text: a sale ref that no points paid */
	JF_R_REFUND_TOO_MUCH,   /* num[0]: fen of the receipt not yet refunded,
				 * [1]: fen asked; text: the receipt */
	JF_R_MIN_SPEND,         /* num[0]: the coupon's minimum spend in fen,
				 * [1]: the bill in fen */
	JF_R_NO_MEMBER_RATE,    /* text: a card with no earn rate of its own to clear */
	JF_R_UNKNOWN_GAME,      /* text: the game's id */
	JF_R_GAME_LIMIT,        /* num[0]: plays a member may make a day, [1]: made today;
				 * text: the game */
	JF_R_GAME_REVEALED,     /* text: the game, text2: the period, whose seed is out
				 * (the clock was set back) */
	JF_R_GAME_NO_TICKET,    /* text: a game played with free-play tickets only */
	JF_R_GAME_NOT_ENDED,    /* text: the game ("" for all), text2: a period that has
				 * not ended, so its seed stays secret */
	/* tasks, badges and surveys (task.h, survey.h) */
	JF_R_UNKNOWN_TASK,      /* text: an id that is no task's */
	JF_R_TASK_NOT_MET,      /* text: the task, num[0]: what it needs (months, ...),
				 * [1]: what the member has in its period */
	JF_R_UNKNOWN_SURVEY,    /* text: an id that is no survey's */
	JF_R_SURVEY_ANSWERED,   /* text: the survey, which the member answered already */
	/* tiers and one-to-one plans (tier.h, plan.h) */
	JF_R_EARLY_ACCESS,      /* text: the item's new_until date, until which only some
				 * tiers see it; text2: the member's tier ("" without tiers) */
	JF_R_NO_PLAN,           /* text: a card with no one-to-one plan in force to end */
	/* Campaigns (campaign.h) */
	JF_R_UNKNOWN_CAMPAIGN,  /* text: an id that is no campaign's */
	JF_R_CAMPAIGN_NOT_ACTIVE, /* text: the campaign, text2: its window "START..END" */
	JF_R_CAMPAIGN_ENDED,    /* text: the campaign, num[0]: when it was ended early */
	JF_R_CAMPAIGN_BUDGET,   /* text: the campaign, num[0]: points of its budget left,
				 * [1]: what was asked */
	JF_R_CAMPAIGN_NO_GIFT,  /* text: a campaign with no gift pack */
	JF_R_CAMPAIGN_TIER,     /* text: the campaign, text2: the member's tier ("" none),
				 * which the campaign is not for */
	JF_R_OFFLINE,           /* num[0]: purchases waiting in the counter's queue; the
				 * ledger cannot be reached, and only purchases can be
				 * queued (queue.h): a redemption, offset, return or
				 * transfer waits until it is back */
	JF_R_CONTENDED,         /* with JF_BUSY: the ledger answers but is held by other
				 * writers (a lock waited for too long, or the write
				 * rolled back LEDGER_WRITE_TRIES times; num[0]: the
				 * tries, 0 for a lock). Nothing was written; try again
				 * now. A JF_BUSY without it is a ledger that cannot be
				 * reached: the counter then queues purchases. */
	JF_R_COUNT
};

#define JF_REASON_NUMS 4
#define JF_REASON_TEXT_SIZE 257 /* 64 characters of up to 4 bytes */

struct jf_error {
	enum jf_status status;
	char message[JF_ERROR_MAX];
	enum jf_reason reason;           /* JF_R_NONE unless set by jf_refuse() */
	int64_t num[JF_REASON_NUMS];
	char text[JF_REASON_TEXT_SIZE];  /* cut at a character boundary if longer */
	char text2[JF_REASON_TEXT_SIZE];
};

/* A reason's numbers and texts, for jf_refuse(): (struct jf_why){ { limit, sent } }. */
struct jf_why {
	int64_t num[JF_REASON_NUMS];
	const char *text;  /* NULL for "" */
	const char *text2;
};

/* Record a failure in *err (which may be NULL) and return its status. */
enum jf_status jf_fail(struct jf_error *err, enum jf_status status,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like jf_fail(), and records why: reason with why's numbers and texts.
 * The English message (fmt) is still filled in, for logs and old callers. */
enum jf_status jf_refuse(struct jf_error *err, enum jf_status status, enum jf_reason reason,
			 struct jf_why why, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

void jf_error_clear(struct jf_error *err);

/* A short English name for a status ("conflict", "not found"). */
const char *jf_status_name(enum jf_status status);
/* A stable name for a reason ("daily_limit"), for JSON and tests. */
const char *jf_reason_name(enum jf_reason reason);

#endif
