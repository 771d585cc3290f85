/*
 * screen_counter: the counter's home, under the member panel: the
 * cashier's actions, by letter, arrows and Enter, or a touch. Digits
 * typed here start a card number (the member screen takes them); a scan
 * is routed as on every counter screen (counter_scan()).
 *
 * The actions of later work (points paying part of a bill, returns, the
 * member and family desks, the manager's menu, the shift report) are
 * entries of the table below, each opening its screen.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "campaign_words.h"
#include "counter.h"
#include "counter_offline.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

enum counter_action {
	ACT_MEMBER,
	ACT_VOUCHER,
	ACT_EARN,
	ACT_REVERSE,
	ACT_MANAGER,
	ACT_NEXT,
	ACT_SIGN_OUT,
	ACT_OFFSET,
	ACT_RETURN,
	ACT_DESK,
	ACT_FAMILY,
	ACT_SHIFT, /* the staff login's wave */
	ACT_GAMES, /* tasks confirmed, games played for the member */
};

struct counter_entry {
	int key;           /* the letter that opens it */
	const char *label; /* msgid */
	enum counter_action action;
};

static const struct counter_entry entries[] = {
	{ 'm', N_("Find a member: card or phone"), ACT_MEMBER },
	{ 'v', N_("Type a voucher code"), ACT_VOUCHER },
	{ 'p', N_("Purchase: award points"), ACT_EARN },
	{ 'r', N_("Reverse a receipt"), ACT_REVERSE },
	{ 'o', N_("Points pay part of a bill"), ACT_OFFSET },
	{ 'u', N_("Goods returned: whole or part of a receipt"), ACT_RETURN },
	{ 'd', N_("Member desk: new member, PIN, card, data"), ACT_DESK },
	{ 'f', N_("Family desk: family, green points"), ACT_FAMILY },
	{ 'g', N_("Manager: delist, outage, grant, rate"), ACT_MANAGER },
	{ 'n', N_("Next customer"), ACT_NEXT },
	{ 't', N_("Shift report and slips"), ACT_SHIFT },
	{ 'a', N_("Tasks and games: confirm a task, play for the member"), ACT_GAMES },
	{ 's', N_("Sign out"), ACT_SIGN_OUT }, /* last: the session's end */
};

#define ENTRY_COUNT ((int)(sizeof entries / sizeof entries[0]))

struct counter_home {
	int choice;
};

static const struct bar_item counter_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Open") },
	{ REQ_BACK, REQ_NONE, N_("Next customer") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static void
counter_draw(struct kiosk *k, void *state)
{
	struct counter_home *s = state;
	int y = counter_panel_draw(k), x = 3, width = k->cols - 6;

	if (k->cols >= 120) /* a wide screen: the menu sits in the middle half */
		x = k->cols / 4, width = k->cols / 2;
	draw_text(y, x, width, STYLE_HEADING, _("Counter"));
	y += 2;
	char code[GAME_CODE_SIZE], name[GAME_LABEL_SIZE], line[GAME_LABEL_SIZE + 120];

	for (int i = 0; i < ENTRY_COUNT; i++, y += k->rows >= 40 ? 2 : 1)
		widget_menu_entry(y, x, width, i == s->choice, STYLE_NORMAL, entries[i].key,
				  _(entries[i].label), i);
	/* A campaign's gift pack the member on the panel may claim: K gives it. */
	if (k->counter.present &&
	    campaign_gift_now(k, k->counter.m.card, code, name, sizeof name)) {
		snprintf(line, sizeof line, _("K: give the gift pack of %s"), name);
		draw_text(++y, x, width, STYLE_OK, line);
		draw_hit(y, x, width, (struct req){ REQ_CHAR, 'k' });
	}
	/* Purchases the ledger refused when the queue was posted: for staff. */
	if (k->counter.queue_failed > 0) {
		snprintf(line, sizeof line,
			 ngettext("%lld queued purchase was refused by the ledger: see jifen queue list.",
				  "%lld queued purchases were refused by the ledger: see jifen queue list.",
				  (unsigned long)k->counter.queue_failed),
			 (long long)k->counter.queue_failed);
		draw_text(++y, x, width, STYLE_WARN, line);
	}
	draw_wrap(y + 1, x, width, k->bottom - y, STYLE_DIM,
		  _("A member card or a voucher can be scanned on every counter screen."));
}

/* K: the gift pack of the first campaign the member may claim one of
 * (campaign_claim(): once per member, whoever gives it). */
static int
give_gift(struct kiosk *k)
{
	char code[GAME_CODE_SIZE], name[GAME_LABEL_SIZE], pts[64];
	struct campaign_claim_result r;

	if (!k->counter.present ||
	    !campaign_gift_now(k, k->counter.m.card, code, name, sizeof name)) {
		kiosk_say(k, STYLE_WARN, "%s", _("No gift pack to give this member now."));
		return R_HANDLED | R_REDRAW;
	}
	if (campaign_claim(k->lg, code, k->counter.m.card, &r, &k->err) != JF_OK)
		return counter_refused(k, "campaign_claim");
	if (counter_member_refresh(k) != JF_OK)
		return kiosk_fail(k, "counter_member_refresh");
	i18n_points(r.points, KIND_POINTS, pts, sizeof pts);
	kiosk_say(k, STYLE_OK,
		  ngettext("Gift pack of %s given: %s and %lld voucher.",
			   "Gift pack of %s given: %s and %lld vouchers.", (unsigned long)r.vouchers),
		  name, pts, (long long)r.vouchers);
	return R_HANDLED | R_REDRAW;
}

/* The manager's screen opens for whoever may do one of its actions; a
 * cashier is told at once, in core's words, and stays here. */
static int
open_manager(struct kiosk *k)
{
	static const enum staff_action actions[] = { ACTION_GRANT, ACTION_DELIST,
						      ACTION_COMPENSATE, ACTION_EARN_RATE };

	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		int may = counter_staff_may(k, actions[i]);

		if (may < 0)
			return kiosk_fail(k, "staff_may");
		if (may > 0) {
			k->message[0] = '\0'; /* an earlier action's refusal is no news */
			return kiosk_push(k, SCREEN_COUNTER_MANAGER, NULL);
		}
	}
	return R_HANDLED | R_REDRAW;
}

/* What the counter can do without the ledger: queue a purchase, start on
 * the next customer, sign out. */
static int
works_offline(enum counter_action action)
{
	return action == ACT_EARN || action == ACT_NEXT || action == ACT_SIGN_OUT;
}

/* P while the ledger cannot be reached: the purchase is queued, for the
 * card scanned before if there is one. */
static int
open_queue(struct kiosk *k, const char *card)
{
	struct counter_queue_arg arg;

	snprintf(arg.card, sizeof arg.card, "%s", card);
	return kiosk_push(k, SCREEN_COUNTER_QUEUE, &arg);
}

static int
open_entry(struct kiosk *k, struct counter_home *s, int i)
{
	if (i < 0 || i >= ENTRY_COUNT)
		return R_HANDLED;
	s->choice = i;
	if (!works_offline(entries[i].action) && counter_still_offline(k))
		return counter_offline_refuse(k);
	if (entries[i].action == ACT_EARN && counter_still_offline(k))
		return open_queue(k, k->counter.offline_card);
	switch (entries[i].action) {
	case ACT_MEMBER:
		return kiosk_push(k, SCREEN_COUNTER_MEMBER, NULL);
	case ACT_VOUCHER:
		return counter_open_voucher(k, "");
	case ACT_EARN:
		if (!k->counter.present) {
			kiosk_say(k, STYLE_WARN, "%s",
				  _("First bring the member to the counter: scan their card."));
			return R_HANDLED | R_REDRAW;
		}
		return kiosk_push(k, SCREEN_COUNTER_EARN, NULL);
	case ACT_REVERSE:
		return kiosk_push(k, SCREEN_COUNTER_REVERSE, NULL);
	case ACT_MANAGER:
		return open_manager(k);
	case ACT_NEXT:
		counter_member_clear(k);
		explicit_bzero(k->counter.offline_card, sizeof k->counter.offline_card);
		kiosk_say(k, STYLE_OK, "%s", _("Ready for the next customer."));
		return R_HANDLED | R_REDRAW;
	case ACT_OFFSET:
		/* Without a member it only gives back a sale's points (PgDn). */
		return kiosk_push(k, SCREEN_COUNTER_OFFSET, NULL);
	case ACT_RETURN:
		return kiosk_push(k, SCREEN_COUNTER_RETURN, NULL);
	case ACT_SIGN_OUT:
		return kiosk_logout(k, N_("You are signed out."), STYLE_OK);
	case ACT_DESK:
		return kiosk_push(k, SCREEN_COUNTER_DESK, NULL);
	case ACT_FAMILY:
		if (!k->counter.present) {
			kiosk_say(k, STYLE_WARN, "%s",
				  _("First bring the member to the counter: scan their card."));
			return R_HANDLED | R_REDRAW;
		}
		return kiosk_push(k, SCREEN_COUNTER_FAMILY, NULL);
	case ACT_SHIFT:
		return kiosk_push(k, SCREEN_COUNTER_SHIFT, NULL);
	case ACT_GAMES:
		if (!k->counter.present) {
			kiosk_say(k, STYLE_WARN, "%s",
				  _("First bring the member to the counter: scan their card."));
			return R_HANDLED | R_REDRAW;
		}
		return kiosk_push(k, SCREEN_COUNTER_GAMES, NULL);
	}
	return R_HANDLED;
}

static int
counter_handle(struct kiosk *k, void *state, struct req r)
{
	struct counter_home *s = state;
	int open;

	if (menu_key(r, &s->choice, ENTRY_COUNT, &open))
		return open < 0 ? R_HANDLED | R_REDRAW : open_entry(k, s, open);
	switch (r.id) {
	case REQ_CHAR:
		/* A card number typed here: the member screen takes it. */
		if (r.arg >= '0' && r.arg <= '9' && counter_still_offline(k))
			return open_queue(k, "") | R_REPLAY; /* the digit starts the card */
		if (r.arg >= '0' && r.arg <= '9')
			return kiosk_push(k, SCREEN_COUNTER_MEMBER, NULL) | R_REPLAY;
		for (int i = 0; i < ENTRY_COUNT; i++)
			if (r.arg == entries[i].key || r.arg == entries[i].key - 'a' + 'A')
				return open_entry(k, s, i);
		if ((r.arg == 'k' || r.arg == 'K') && counter_still_offline(k))
			return counter_offline_refuse(k);
		if (r.arg == 'k' || r.arg == 'K')
			return give_gift(k);
		kiosk_say(k, STYLE_WARN, "%s", _("That key does nothing here. Choose from the list."));
		return R_HANDLED | R_REDRAW;
	case REQ_BACK:
		/* The entry of "next customer", wherever the table puts it. */
		for (int i = 0; i < ENTRY_COUNT; i++)
			if (entries[i].action == ACT_NEXT)
				return open_entry(k, s, i);
		return R_HANDLED;
	case REQ_SCAN:
		return counter_scan(k);
	default:
		return R_UNHANDLED;
	}
}

/* Every COUNTER_RETRY_MS: while offline or while purchases wait, the
 * ledger is tried again and the queue posted (nothing at all otherwise). */
static int
counter_tick(struct kiosk *k, void *state)
{
	(void)state;
	return R_HANDLED | counter_offline_retry(k, 1);
}

static void
counter_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	(void)state;
	(void)res;
	/* The screens it opened may have written: the panel's figures again. */
	if (counter_member_refresh(k) != JF_OK)
		kiosk_fail(k, "counter_member_refresh");
}

const struct screen_ops screen_counter = {
	.name = "counter",
	.state_size = sizeof(struct counter_home),
	.draw = counter_draw,
	.handle = counter_handle,
	.resume = counter_resume,
	.tick = counter_tick,
	.tick_ms = COUNTER_RETRY_MS,
	.bar = counter_bar,
	.idle_logout = 1,
};
