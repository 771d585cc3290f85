/*
 * pin: the message for a refused PIN. The count of wrong PINs and the
 * lock are the ledger's (member_check_pin()); this only reads them back.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "pin.h"

/* "10:15" if t is today, else "2026-11-25 10:15". */
static void
format_until(int64_t t, char *out, size_t size)
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

void
pin_say_locked(struct kiosk *k, int64_t locked_until)
{
	char until[32];

	format_until(locked_until, until, sizeof until);
	kiosk_say(k, STYLE_ERROR,
		  _("This card is locked after too many wrong PINs. Try again after %s."), until);
}

void
pin_say_not_set(struct kiosk *k)
{
	kiosk_say(k, STYLE_WARN, "%s", _("This card has no PIN yet. Please set one at the counter."));
}

enum jf_status
pin_explain(struct kiosk *k, const char *card, enum pin_refusal *why)
{
	struct member m;
	int64_t left;
	enum jf_status st = member_find(k->lg, card, &m, &k->err);

	if (st != JF_OK)
		return st;
	if (m.locked_until > clock_now()) {
		*why = PIN_LOCKED;
		pin_say_locked(k, m.locked_until);
	} else if (!m.has_pin) {
		*why = PIN_NOT_SET;
		pin_say_not_set(k);
	} else {
		*why = PIN_WRONG;
		left = k->cfg->pin_attempts - m.pin_failures;
		kiosk_say(k, STYLE_ERROR,
			  ngettext("Wrong PIN. %lld more wrong PIN locks the card.",
				   "Wrong PIN. %lld more wrong PINs lock the card.",
				   (unsigned long)left),
			  (long long)left);
	}
	return JF_OK;
}
