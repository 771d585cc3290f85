/*
 * screen_family: the member's family. Everyone in it with their green
 * points, and a transfer of green points to one of them, in steps: choose
 * the member, type the amount, confirm with the PIN (the PIN dialog,
 * pin.h, pushed over this screen), see it done.
 *
 * Before the PIN is asked for, core is asked whether it would take the
 * transfer (ledger_can_transfer()): too few green points, over the daily
 * limit, themselves to send to are said then, in core's reason, so a
 * transfer that would be refused never costs a PIN. The ledger checks
 * everything again when it writes; a refusal with a reason is said, any
 * other failure sends the member to the staff.
 *
 * The PIN is the dialog's, wiped there. A transfer carries an
 * idempotency key made once when its amount is confirmed, so however
 * often Enter is pressed, one confirmation moves the points once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "family.h"
#include "pin.h"
#include "reason.h"
#include "screen.h"
#include "widget.h"

#define FAMILY_MAX 100   /* members listed; a family is a household */
#define AMOUNT_MAX 9     /* digits: 999999999 is below the ledger's 10^9 */
#define PANEL_ROWS 10    /* the transfer's part, under the list */

enum family_step { STEP_LIST, STEP_AMOUNT, STEP_DONE };

struct family_member {
	char card[MEMBER_CARD_SIZE];
	char name[MEMBER_NAME_SIZE];
	int owner;
	int64_t points, green;
};

struct family_screen {
	int loaded;
	int in_family;
	struct family_member members[FAMILY_MAX];
	int count;
	int self;          /* the logged-in member's index */
	int selected;
	int first;         /* the first member shown */
	int64_t available; /* the member's green points that can be sent now */
	int64_t total;     /* and all their green points */
	int64_t sent_today;
	enum family_step step;
	/* The transfer under way: its receiver is copied, as the list is read
	 * again after it. */
	char to_card[MEMBER_CARD_SIZE];
	char to_name[MEMBER_NAME_SIZE];
	struct digit_field amount;
	int64_t points;
	char key[LEDGER_NEW_KEY_SIZE];
};

static const struct bar_item family_bar[] = {
	{ REQ_UP, REQ_DOWN, N_("Choose") },
	{ REQ_ENTER, REQ_NONE, N_("Send green points") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

/* Typing the amount. */
static const struct bar_item field_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("OK") },
	{ REQ_ERASE, REQ_NONE, N_("Erase") },
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item done_bar[] = {
	{ REQ_ENTER, REQ_NONE, N_("OK") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item back_bar[] = {
	{ REQ_BACK, REQ_NONE, N_("Back") },
	{ REQ_NONE, REQ_NONE, NULL },
};

static const struct bar_item *
family_bar_now(struct kiosk *k, void *state)
{
	const struct family_screen *s = state;

	if (!s->in_family)
		return back_bar;
	switch (s->step) {
	case STEP_AMOUNT:
		return field_bar;
	case STEP_DONE:
		return done_bar;
	default:
		return s->count > 1 ? family_bar : back_bar;
	}
}

static int
keep_member(const struct family_row *row, void *ctx)
{
	struct family_screen *s = ctx;
	struct family_member *fm = &s->members[s->count];

	snprintf(fm->card, sizeof fm->card, "%s", row->card);
	snprintf(fm->name, sizeof fm->name, "%s", row->name);
	fm->owner = row->owner;
	fm->points = row->points;
	fm->green = row->green;
	return ++s->count == FAMILY_MAX;
}

static enum jf_status
read_sent_today(struct kiosk *k, struct family_screen *s)
{
	return ledger_sent_today(k->lg, k->session.m.card, KIND_GREEN, &s->sent_today, &k->err);
}

static enum jf_status
read_balance(struct kiosk *k, struct family_screen *s)
{
	struct balance b;
	enum jf_status st = ledger_balance(k->lg, k->session.m.card, &b, &k->err);

	if (st != JF_OK)
		return st;
	s->available = b.available[KIND_GREEN];
	s->total = b.total[KIND_GREEN];
	balance_done(&b);
	return JF_OK;
}

/* The family and the member's own figures, again after every transfer.
 * Returns NULL, or the core call that failed (for kiosk_fail()). */
static const char *
load(struct kiosk *k, struct family_screen *s)
{
	const char *family = k->session.m.family;
	enum jf_status st;

	s->count = 0;
	s->self = -1;
	s->in_family = 0;
	if (family[0] == '\0')
		return NULL;
	st = family_list(k->lg, family, keep_member, s, &k->err);
	if (st == JF_NOTFOUND) /* the family was dissolved since the login */
		return NULL;
	if (st != JF_OK)
		return "family_list";
	for (int i = 0; i < s->count; i++)
		if (strcmp(s->members[i].card, k->session.m.card) == 0)
			s->self = i;
	if (s->self < 0) /* left it since the login */
		return NULL;
	s->in_family = 1;
	if (read_balance(k, s) != JF_OK)
		return "ledger_balance";
	if (read_sent_today(k, s) != JF_OK)
		return "ledger_sent_today";
	if (s->selected >= s->count)
		s->selected = s->count - 1;
	return NULL;
}

static void
family_enter(struct kiosk *k, void *state, const void *arg)
{
	struct family_screen *s = state;
	const char *failed;

	(void)arg;
	digit_field_init(&s->amount, AMOUNT_MAX);
	if ((failed = load(k, s)) != NULL) {
		kiosk_fail(k, failed);
		return;
	}
	s->loaded = 1;
	/* The first member one could send to, rather than oneself. */
	s->selected = s->self == 0 && s->count > 1 ? 1 : 0;
}

static void
clear_fields(struct family_screen *s)
{
	digit_field_clear(&s->amount);
}

static void
family_leave(struct kiosk *k, void *state)
{
	struct family_screen *s = state;

	(void)k;
	explicit_bzero(s->key, sizeof s->key);
}

static int
max_int(int a, int b)
{
	return a > b ? a : b;
}

/* The columns of the list: the name from x, the numbers ending at their
 * column's right edge whatever the width of their headings. */
struct columns {
	int x, name_w, green_right, points_right;
};

static struct columns
list_columns(struct kiosk *k)
{
	struct columns c;
	int points_w = max_int(draw_width(_("Points")), 8);
	int green_w = max_int(draw_width(_("Green points")), 8);

	c.x = 3;
	c.points_right = k->cols - 3;
	c.green_right = c.points_right - points_w - 3;
	c.name_w = c.green_right - green_w - 3 - (c.x + 2);
	return c;
}

/* One member: "> 王芳 (owner) (you)     80     3166", reversed when chosen. */
static void
draw_member(struct family_screen *s, const struct columns *c, int i, int y)
{
	const struct family_member *fm = &s->members[i];
	int on = i == s->selected, tags_w = 0, used;
	enum style st = on ? STYLE_SELECTED : STYLE_NORMAL;
	char tags[64] = "";

	if (fm->owner)
		snprintf(tags, sizeof tags, " %s", _("(owner)"));
	if (i == s->self)
		snprintf(tags + strlen(tags), sizeof tags - strlen(tags), " %s", _("(you)"));
	tags_w = draw_width(tags);
	if (on)
		draw_fill(y, c->x, c->points_right - c->x, STYLE_SELECTED);
	draw_text(y, c->x, 2, st, on ? ">" : " ");
	used = draw_text(y, c->x + 2, c->name_w - tags_w, st, fm->name);
	draw_text(y, c->x + 2 + used, tags_w, st, tags);
	draw_number(y, c->green_right, on ? st : STYLE_POINTS, fm->green);
	draw_number(y, c->points_right, on ? st : STYLE_POINTS, fm->points);
	draw_hit(y, c->x, c->points_right - c->x, (struct req){ REQ_PICK, i });
}

/* The list in rows [y, y + rows), scrolled so the chosen member shows. */
static void
draw_list(struct kiosk *k, struct family_screen *s, int y, int rows)
{
	struct columns c = list_columns(k);
	char heading[MEMBER_NAME_SIZE + 64];

	snprintf(heading, sizeof heading, _("Family: %s"), k->session.m.family);
	draw_text(y, c.x, c.points_right - c.x, STYLE_HEADING, heading);
	y += 2;
	draw_text(y, c.x + 2, c.name_w, STYLE_DIM, _("Member"));
	draw_right(y, c.green_right, STYLE_DIM, _("Green points"));
	draw_right(y, c.points_right, STYLE_DIM, _("Points"));
	y++;
	rows -= 3;
	if (rows < 1)
		rows = 1;
	if (s->selected < s->first)
		s->first = s->selected;
	if (s->selected >= s->first + rows)
		s->first = s->selected - rows + 1;
	for (int i = s->first; i < s->count && i < s->first + rows; i++)
		draw_member(s, &c, i, y + i - s->first);
	/* Without colour, arrows say there is more than the rows show. */
	if (s->first > 0)
		draw_text(y - 1, c.x, 1, STYLE_DIM, "↑");
	if (s->first + rows < s->count)
		draw_text(y + rows, c.x, 1, STYLE_DIM, "↓");
}

/* One input row: "label  [text_     ]", in the column the amount's label
 * has always had. */
static void
draw_field(int y, int x, const char *label, const char *text, int size)
{
	int label_w = max_int(draw_width(_("Amount")), draw_width(_("PIN")));

	widget_field(y, x, label_w, label, text, size, 1);
}

/* What can be sent: the member's green points and the day's limit, in
 * at most 3 rows. Returns the rows used. */
static int
draw_allowance(struct kiosk *k, struct family_screen *s, int y, int x, int width)
{
	int64_t limit = k->cfg->daily_green_limit;
	char line[160];
	int rows;

	snprintf(line, sizeof line,
		 ngettext("You can send %lld green point now.",
			  "You can send %lld green points now.", (unsigned long)s->available),
		 (long long)s->available);
	rows = draw_wrap(y, x, width, 1, STYLE_NORMAL, line);
	if (limit > 0)
		snprintf(line, sizeof line,
			 ngettext("Daily limit: %lld green point (%lld sent today).",
				  "Daily limit: %lld green points (%lld sent today).",
				  (unsigned long)limit),
			 (long long)limit, (long long)s->sent_today);
	else
		snprintf(line, sizeof line, "%s", _("Daily limit: none."));
	return rows + draw_wrap(y + rows, x, width, 2, STYLE_NORMAL, line);
}

static void
draw_list_panel(struct kiosk *k, struct family_screen *s, int y, int x, int width)
{
	draw_text(y, x, width, STYLE_HEADING, _("Send green points"));
	y += 2;
	y += draw_allowance(k, s, y, x, width) + 1;
	draw_wrap(y, x, width, 3, STYLE_DIM,
		  s->count > 1
			  ? _("Choose a member with the arrows and press Enter, or touch their name, to send them green points.")
			  : _("Nobody else is in your family yet."));
}

/* The amount, beside the keypad. */
static void
draw_entry_panel(struct kiosk *k, struct family_screen *s, int y, int x, int width)
{
	char line[MEMBER_NAME_SIZE + 128];

	widget_keypad(y + 2, k->cols - KEYPAD_W - 4);
	snprintf(line, sizeof line, _("Send green points to %s"), s->to_name);
	draw_text(y, x, width, STYLE_HEADING, line);
	draw_field(y + 2, x, _("Amount"), s->amount.text, AMOUNT_MAX);
	y += 4;
	y += draw_allowance(k, s, y, x, width) + 1;
	draw_wrap(y, x, width, 2, STYLE_DIM,
		  _("Type how many green points to send and press Enter."));
}

static void
draw_done_panel(struct family_screen *s, int y, int x, int width)
{
	char line[MEMBER_NAME_SIZE + 128];

	snprintf(line, sizeof line,
		 ngettext("Sent %lld green point to %s.", "Sent %lld green points to %s.",
			  (unsigned long)s->points),
		 (long long)s->points, s->to_name);
	draw_text(y, x, width, STYLE_OK, line);
	snprintf(line, sizeof line,
		 ngettext("You now have %lld green point.", "You now have %lld green points.",
			  (unsigned long)s->total),
		 (long long)s->total);
	draw_text(y + 2, x, width, STYLE_NORMAL, line);
	widget_button(y + 4, x, _("OK"), (struct req){ REQ_ENTER, 0 });
}

/* A member in no family: how to get one, and the way back. */
static void
draw_no_family(struct kiosk *k)
{
	int x = 3, y = k->top + 1, width = k->cols - 6;

	draw_text(y, x, width, STYLE_HEADING, _("Family"));
	y += 2;
	y += draw_wrap(y, x, width, 4, STYLE_NORMAL,
		       _("You are not in a family. Members of a family can send each other green points."));
	y++;
	y += draw_wrap(y, x, width, 4, STYLE_NORMAL,
		       _("To start a family or to join one, please ask at the counter."));
	widget_button(y + 1, x, _("Back"), (struct req){ REQ_BACK, 0 });
}

static void
family_draw(struct kiosk *k, void *state)
{
	struct family_screen *s = state;
	int x = 3, list_y = k->top + 1, panel_y = k->bottom - PANEL_ROWS + 1;
	int width = k->cols - 2 * x, beside_keypad = k->cols - KEYPAD_W - 4 - 4 - x;

	if (!s->loaded)
		return;
	if (!s->in_family) {
		draw_no_family(k);
		return;
	}
	/* The transfer's part right under the list when the list is short,
	 * else the list takes every row above it. */
	if (list_y + 3 + s->count + 1 < panel_y)
		panel_y = list_y + 3 + s->count + 1;
	draw_list(k, s, list_y, panel_y - 1 - list_y);
	switch (s->step) {
	case STEP_LIST:
		draw_list_panel(k, s, panel_y, x, width);
		break;
	case STEP_AMOUNT:
		draw_entry_panel(k, s, panel_y, x, beside_keypad);
		break;
	case STEP_DONE:
		draw_done_panel(s, panel_y, x, width);
		break;
	}
}

/* Would core send points to to_card now? 1 if so; else its reason is
 * said (0), or the member is sent to the staff (-1, *res set). */
static int
can_send(struct kiosk *k, const char *to_card, int64_t points, int *res)
{
	struct transfer_request req = { k->session.m.card, to_card, points, KIND_GREEN, NULL };
	enum jf_status st = ledger_can_transfer(k->lg, &req, &k->err);

	if (st == JF_OK)
		return 1;
	if (reason_say(k, &k->err))
		return 0;
	*res = kiosk_fail(k, "ledger_can_transfer");
	return -1;
}

static int
choose(struct kiosk *k, struct family_screen *s, int i)
{
	int res = R_HANDLED | R_REDRAW;

	if (i < 0 || i >= s->count)
		return R_HANDLED;
	s->selected = i;
	/* One green point: can anything at all be sent to them now? */
	if (can_send(k, s->members[i].card, 1, &res) != 1)
		return res;
	snprintf(s->to_card, sizeof s->to_card, "%s", s->members[i].card);
	snprintf(s->to_name, sizeof s->to_name, "%s", s->members[i].name);
	clear_fields(s);
	s->step = STEP_AMOUNT;
	return R_HANDLED | R_REDRAW;
}

/* The amount is one the member can send: the PIN dialog confirms it. */
static int
ask_pin(struct kiosk *k, struct family_screen *s)
{
	struct pin_arg arg = { .purpose = PIN_FOR_TRANSFER };

	snprintf(arg.card, sizeof arg.card, "%s", k->session.m.card);
	snprintf(arg.heading, sizeof arg.heading,
		 ngettext("Send %lld green point to %s", "Send %lld green points to %s",
			  (unsigned long)s->points),
		 (long long)s->points, s->to_name);
	return kiosk_push(k, SCREEN_PIN, &arg);
}

/* The amount typed: refused here with core's reason if it would refuse
 * it, else on to the PIN with a fresh idempotency key for this one
 * confirmation. */
static int
enter_amount(struct kiosk *k, struct family_screen *s)
{
	int64_t points;
	int res = R_HANDLED | R_REDRAW;

	if (s->amount.spoiled) {
		kiosk_say(k, STYLE_ERROR, "%s",
			  _("That is not an amount of green points. Type it in digits."));
		clear_fields(s);
		return R_HANDLED | R_REDRAW;
	}
	points = s->amount.len ? strtoll(s->amount.text, NULL, 10) : 0;
	if (points < 1) {
		kiosk_say(k, STYLE_ERROR, "%s", _("Type how many green points to send: at least 1."));
		clear_fields(s);
		return R_HANDLED | R_REDRAW;
	}
	switch (can_send(k, s->to_card, points, &res)) {
	case 0:
		clear_fields(s);
		return res;
	case -1:
		return res;
	}
	s->points = points;
	ledger_new_key("family-", s->key);
	return ask_pin(k, s);
}

/* The PIN dialog refused the card (locked now, no PIN, gone): the visit
 * ends with the reason it said, as at the login. */
static int
pin_refused(struct kiosk *k)
{
	char reason[KIOSK_MESSAGE_SIZE];
	enum style st;
	int res;

	memcpy(reason, k->message, sizeof reason);
	st = k->message_style;
	res = kiosk_logout(k, NULL, st);
	kiosk_say(k, st, "%s", reason);
	return res;
}

/* The ledger refused the transfer: what changed since the amount was
 * checked (another kiosk, the counter) is said in the ledger's reason, and
 * the figures are read again; a failure without a reason is not the
 * member's to put right. */
static int
transfer_refused(struct kiosk *k, struct family_screen *s)
{
	if (!reason_say(k, &k->err))
		return kiosk_fail(k, "ledger_transfer");
	if (read_balance(k, s) != JF_OK)
		return kiosk_fail(k, "ledger_balance");
	if (read_sent_today(k, s) != JF_OK)
		return kiosk_fail(k, "ledger_sent_today");
	clear_fields(s);
	s->step = STEP_AMOUNT;
	return R_HANDLED | R_REDRAW;
}

/* The PIN was right: the transfer, under the key made with its amount. */
static int
transfer(struct kiosk *k, struct family_screen *s)
{
	struct transfer_request req = { k->session.m.card, s->to_card, s->points, KIND_GREEN,
					s->key };
	struct ledger_result res;
	const char *failed;
	enum jf_status st;

	st = ledger_transfer(k->lg, &req, &res, &k->err);
	if (st != JF_OK)
		return transfer_refused(k, s);
	if ((failed = load(k, s)) != NULL)
		return kiosk_fail(k, failed);
	s->step = STEP_DONE;
	return R_HANDLED | R_REDRAW;
}

static int
handle_list(struct kiosk *k, struct family_screen *s, struct req r)
{
	int open;

	if (list_key(r, &s->selected, s->count, &open))
		return open < 0 ? R_HANDLED | R_REDRAW : choose(k, s, open);
	switch (r.id) {
	case REQ_BACK:
		return kiosk_pop(k, 0); /* back home */
	case REQ_CHAR:
	case REQ_ERASE:
		return R_HANDLED;
	default:
		return R_UNHANDLED;
	}
}

/* The amount: a field, the keypad, Esc one step back. */
static int
handle_entry(struct kiosk *k, struct family_screen *s, struct req r)
{
	switch (r.id) {
	case REQ_CHAR:
		digit_field_type(&s->amount, r.arg);
		return R_HANDLED | R_REDRAW;
	case REQ_ERASE:
		digit_field_erase(&s->amount);
		return R_HANDLED | R_REDRAW;
	case REQ_ENTER:
		return enter_amount(k, s);
	case REQ_BACK:
		clear_fields(s);
		s->step = STEP_LIST;
		return R_HANDLED | R_REDRAW;
	case REQ_UP:
	case REQ_DOWN:
	case REQ_PICK:
		return R_HANDLED; /* the receiver is chosen; Esc to choose another */
	default:
		return R_UNHANDLED;
	}
}

static int
family_handle(struct kiosk *k, void *state, struct req r)
{
	struct family_screen *s = state;

	if (!s->loaded)
		return R_UNHANDLED;
	if (!s->in_family) {
		if (r.id == REQ_BACK || r.id == REQ_ENTER)
			return R_HANDLED | R_LEAVE;
		return r.id == REQ_QUIT || r.id == REQ_SCAN ? R_UNHANDLED : R_HANDLED;
	}
	switch (s->step) {
	case STEP_LIST:
		return handle_list(k, s, r);
	case STEP_AMOUNT:
		return handle_entry(k, s, r);
	case STEP_DONE:
		if (r.id == REQ_ENTER || r.id == REQ_BACK) {
			s->step = STEP_LIST;
			return R_HANDLED | R_REDRAW;
		}
		return r.id == REQ_QUIT || r.id == REQ_SCAN ? R_UNHANDLED : R_HANDLED;
	}
	return R_UNHANDLED;
}

/* Back from the PIN dialog: sent, back to the amount (which stays, to be
 * sent or changed), or the visit ends as the dialog said. */
static void
family_resume(struct kiosk *k, void *state, const struct screen_result *res)
{
	struct family_screen *s = state;

	if (res->from != SCREEN_PIN)
		return;
	switch ((enum pin_outcome)res->code) {
	case PIN_CONFIRMED:
		transfer(k, s);
		break;
	case PIN_CANCELLED:
		break;
	case PIN_REFUSED_LOCKED:
	case PIN_REFUSED_NOT_SET:
	case PIN_REFUSED_NO_CARD:
		pin_refused(k);
		break;
	}
}

const struct screen_ops screen_family = {
	.name = "family",
	.state_size = sizeof(struct family_screen),
	.enter = family_enter,
	.draw = family_draw,
	.handle = family_handle,
	.resume = family_resume,
	.leave = family_leave,
	.bar = family_bar,
	.bar_now = family_bar_now,
	.idle_logout = 1,
};
