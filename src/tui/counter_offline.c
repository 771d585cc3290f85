/*
 * counter_offline: purchases queued while the ledger cannot be reached,
 * refusals of the rest, and the queue posted when it is back
 * (counter_offline.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "counter.h"
#include "counter_offline.h"
#include "draw.h"
#include "log.h"
#include "parse.h"
#include "queue.h"
#include "reason.h"
#include "slip.h"
#include "staff.h"

/* The queue, opened when first needed (create: made then). JF_OK with
 * k->counter.queue set, or k->err. */
static enum jf_status
need_queue(struct kiosk *k, int create)
{
	struct counter_desk *d = &k->counter;

	if (d->queue)
		return JF_OK;
	return queue_open_for(k->lg, create, &d->queue, &k->err);
}

static void
count_queue(struct kiosk *k)
{
	struct counter_desk *d = &k->counter;
	struct jf_error err;

	if (d->queue && queue_count(d->queue, &d->queued, &d->queue_failed, &err) != JF_OK)
		log_ledger(k->lg, LOG_CLASS_FAULT, "queue_count", "message=%s", err.message);
}

void
counter_offline_begin(struct kiosk *k)
{
	struct counter_desk *d = &k->counter;

	d->queued = d->queue_failed = 0;
	/* A queue left by an earlier session is posted by the home's tick;
	 * none there is nothing to do (a file ledger's counter never makes
	 * one unless the ledger was held too long). */
	if (need_queue(k, 0) == JF_OK)
		count_queue(k);
	else if (k->err.status != JF_NOTFOUND)
		kiosk_say(k, STYLE_ERROR, _("The purchase queue cannot be read: %s"), k->err.message);
	d->last_retry_ms = kiosk_now_ms();
	/* The ledger just answered the sign-in: what waits goes now. */
	if (d->queued > 0)
		counter_offline_retry(k, 1);
}

void
counter_offline_end(struct kiosk *k)
{
	struct counter_desk *d = &k->counter;

	queue_close(d->queue);
	d->queue = NULL;
	d->offline = 0;
	d->queued = d->queue_failed = 0;
	explicit_bzero(d->offline_card, sizeof d->offline_card);
}

void
counter_mark_offline(struct kiosk *k)
{
	struct counter_desk *d = &k->counter;

	if (!d->offline)
		log_ledger(k->lg, LOG_CLASS_FAULT, "counter_offline", "message=%s", k->err.message);
	d->offline = 1;
	d->last_retry_ms = kiosk_now_ms();
	if (need_queue(k, 0) == JF_OK)
		count_queue(k);
	/* The member's figures on the panel cannot be read again: the panel
	 * keeps the card only, as a scanned one. */
	if (d->present && d->offline_card[0] == '\0')
		snprintf(d->offline_card, sizeof d->offline_card, "%s", d->m.card);
	counter_member_clear(k);
}

int
counter_went_offline(struct kiosk *k)
{
	/* Nobody signed in: a staff member's card and PIN are the ledger's. */
	if (!k->session.active)
		return kiosk_logout(k, N_("The ledger cannot be reached: the counter opens once "
					  "it is back."),
				    STYLE_ERROR);
	counter_mark_offline(k);
	kiosk_say(k, STYLE_ERROR, "%s",
		  _("The ledger cannot be reached: the counter is offline. Purchases are queued."));
	return kiosk_home(k);
}

int
counter_offline_refuse(struct kiosk *k)
{
	jf_refuse(&k->err, JF_BUSY, JF_R_OFFLINE, (struct jf_why){ .num = { k->counter.queued } },
		  "the ledger cannot be reached: only purchases are queued");
	reason_say(k, &k->err);
	return R_HANDLED | R_REDRAW;
}

/* Say what a post did: back online, or at a sign-in, a queue an earlier
 * session left. */
static void
say_posted(struct kiosk *k, const struct queue_post_result *r, int was_offline)
{
	if (!was_offline && r->failed + k->counter.queue_failed == 0)
		kiosk_say(k, STYLE_OK, _("Queued purchases posted: %lld."),
			  (long long)(r->posted + r->replayed));
	else if (r->failed + k->counter.queue_failed > 0)
		kiosk_say(k, STYLE_WARN,
			  _("Back online: %lld queued purchases posted; %lld refused by the ledger "
			    "(jifen queue list)."),
			  (long long)(r->posted + r->replayed),
			  (long long)k->counter.queue_failed);
	else
		kiosk_say(k, STYLE_OK, _("Back online: %lld queued purchases posted."),
			  (long long)(r->posted + r->replayed));
}

int
counter_offline_retry(struct kiosk *k, int now)
{
	struct counter_desk *d = &k->counter;
	struct queue_post_result r;
	int64_t t = kiosk_now_ms();
	int was_offline = d->offline;
	enum jf_status st;

	if (!d->offline && d->queued == 0)
		return 0;
	if (!now && t - d->last_retry_ms < COUNTER_RETRY_MS)
		return 0;
	d->last_retry_ms = t;
	memset(&r, 0, sizeof r);
	if (d->queued > 0 && need_queue(k, 0) == JF_OK) {
		st = queue_post(d->queue, k->lg, &r, &k->err);
	} else { /* nothing to post: does the ledger answer? */
		int64_t staff, managers;

		st = staff_census(k->lg, &staff, &managers, &k->err);
	}
	count_queue(k);
	if (st == JF_BUSY)
		return 0;
	if (st != JF_OK) {
		kiosk_say(k, STYLE_ERROR, _("The purchase queue cannot be posted: %s"),
			  k->err.message);
		return R_REDRAW;
	}
	d->offline = 0;
	if (r.posted + r.replayed > 0)
		log_ledger(k->lg, LOG_CLASS_MONEY, "queue_posted", "posted=%lld replayed=%lld failed=%lld",
			   (long long)r.posted, (long long)r.replayed, (long long)r.failed);
	/* A card scanned while offline is looked up now. */
	if (d->offline_card[0] && counter_member_load(k, d->offline_card) != JF_OK)
		counter_member_clear(k);
	explicit_bzero(d->offline_card, sizeof d->offline_card);
	if (was_offline || r.posted + r.replayed + r.failed > 0)
		say_posted(k, &r, was_offline);
	return R_REDRAW;
}

int
counter_still_offline(struct kiosk *k)
{
	if (!k->counter.offline)
		return 0;
	counter_offline_retry(k, 1);
	return k->counter.offline;
}

/* The slip of a queued purchase: composed as slip.c composes any, with the
 * words kept in the queue, and sent to the printer here (the ledger that
 * keeps slips is what cannot be reached). */
static char *
compose_slip(struct kiosk *k, const char *actor, const char *card, const char *receipt,
	     int64_t fen)
{
	const struct settings *cfg = k->cfg;
	struct slip_head h = { cfg->store_name, cfg->terminal, actor, clock_now(),
			       cfg->printer_language, (int)cfg->printer_width };
	struct slip_data d = { .kind = SLIP_PURCHASE, .ref = receipt, .card = card,
			       .bill_fen = fen, .balance = -1, .pending = 1 };

	return slip_compose(&h, &d);
}

static void
print_slip(struct kiosk *k, const char *text, struct counter_queued *out)
{
	struct printer_outcome po;
	unsigned char *bytes;
	size_t len = 0;

	memset(&po, 0, sizeof po);
	bytes = slip_escpos(text, NULL, &len);
	printer_send(k->cfg->printer_device, bytes, len, PRINTER_TIMEOUT_MS, &po);
	free(bytes);
	out->printed = po.printed;
	out->no_printer = !po.printed && k->cfg->printer_device[0] == '\0';
	snprintf(out->why, sizeof out->why, "%s", po.why);
}

enum jf_status
counter_queue_purchase(struct kiosk *k, const char *card, const char *receipt, int64_t fen,
		       int green, const char *category, struct counter_queued *out)
{
	struct queue_purchase p = { receipt, card, fen, green, category, NULL,
				    k->cfg->terminal, clock_now(), NULL };
	char actor[ACTOR_TEXT_SIZE];
	enum jf_status st;
	char *slip;

	memset(out, 0, sizeof *out);
	if ((st = parse_card(card, k->cfg->card_check, &k->err)) != JF_OK ||
	    (st = ledger_actor_text(k->lg, "a queued purchase", actor, &k->err)) != JF_OK ||
	    (st = need_queue(k, 1)) != JF_OK)
		return st;
	p.actor = actor;
	slip = compose_slip(k, actor, card, receipt, fen);
	p.slip = slip;
	st = queue_add(k->counter.queue, &p, &out->id, &out->replay, &k->err);
	/* Printed only once it is kept: a slip promises what the queue holds. */
	if (st == JF_OK && !out->replay)
		print_slip(k, slip, out);
	free(slip);
	if (st == JF_OK)
		log_ledger(k->lg, LOG_CLASS_MONEY, "purchase_queued", "receipt=%s fen=%lld replay=%d",
			   receipt, (long long)fen, out->replay);
	count_queue(k);
	return st;
}

void
counter_queued_slip_draw(struct kiosk *k, int y, const struct counter_queued *q)
{
	char line[400];

	if (q->printed)
		snprintf(line, sizeof line, "%s", _("Slip printed: points will be added."));
	else if (q->no_printer)
		snprintf(line, sizeof line, "%s", _("No printer: the slip is kept in the queue."));
	else
		snprintf(line, sizeof line, _("Slip not printed (%s): it is kept in the queue."),
			 q->why);
	draw_wrap(y, 3, k->cols - 6, 2, q->printed || q->no_printer ? STYLE_DIM : STYLE_WARN,
		  line);
}
