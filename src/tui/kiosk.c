/*
 * kiosk: the loop of `jifen kiosk`. It owns the terminal and the screens:
 * it reads keys, mouse clicks and scanner lines, turns them into requests
 * (request.c), hands them to the screen on top of the stack, pushes and
 * pops screens (screen.h), keeps the idle clock and the screens' timers,
 * and draws every frame: the title bar, the screen's body, the message
 * line and the function-key bar built from the screen's own list of
 * requests. What a terminal of one kind does (its first screen, its home,
 * its session, its idle rules) is its mode's (struct kiosk_mode).
 *
 * It must never exit on a database error, never let a key combination stop
 * or suspend it while locked, and never run anything else: there is no way
 * from here to a shell.
 *
 * Under a script (script.h) the same loop's steps run on a screen that no
 * terminal shows: requests come from the script, the idle clock and the
 * timers move only when the script lets time pass, and the screen is
 * saved as text.
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "clock.h"
#include "curses.h"
#include "dump.h"
#include "fault.h"
#include "input.h"
#include "kiosk.h"
#include "log.h"
#include "parse.h"
#include "screen.h"
#include "xalloc.h"

#define COUNTDOWN_S 10  /* the last seconds before an idle logout are shown */
/* The longest sleep without a key: nothing is due (a timer or the idle
 * clock) further away than this, and a loop that wakes this rarely costs
 * nothing. */
#define MAX_SLEEP_MS 60000
#define ESC_DELAY_MS 100
/* The terminal a script's screen stands for: a fixed one, so that a dump
 * never depends on the TERM of whoever runs the test. */
#define SCRIPT_TERM "xterm-256color"

/* Every screen, by enum screen_id. */
static const struct screen_ops *const screens[SCREEN_COUNT] = {
	[SCREEN_ATTRACT] = &screen_attract,
	[SCREEN_LOGIN] = &screen_login,
	[SCREEN_HOME] = &screen_home,
	[SCREEN_BALANCE] = &screen_balance,
	[SCREEN_CATALOG] = &screen_catalog,
	[SCREEN_ITEM] = &screen_item,
	[SCREEN_VOUCHER] = &screen_voucher,
	[SCREEN_VOUCHERS] = &screen_vouchers,
	[SCREEN_FAMILY] = &screen_family,
	[SCREEN_PIN] = &screen_pin,
	[SCREEN_COUNTER_START] = &screen_counter_start,
	[SCREEN_COUNTER] = &screen_counter,
	[SCREEN_COUNTER_MEMBER] = &screen_counter_member,
	[SCREEN_COUNTER_VOUCHER] = &screen_counter_voucher,
	[SCREEN_COUNTER_EARN] = &screen_counter_earn,
	[SCREEN_COUNTER_REVERSE] = &screen_counter_reverse,
	[SCREEN_COUNTER_OFFSET] = &screen_counter_offset,
	[SCREEN_COUNTER_RETURN] = &screen_counter_return,
	[SCREEN_COUNTER_SLIP] = &screen_counter_slip,
	[SCREEN_COUNTER_DESK] = &screen_counter_desk,
	[SCREEN_COUNTER_FAMILY] = &screen_counter_family,
	[SCREEN_COUNTER_MANAGER] = &screen_counter_manager,
	[SCREEN_COUNTER_SHIFT] = &screen_counter_shift,
	[SCREEN_COUNTER_LINES] = &screen_counter_lines,
	[SCREEN_BADGES] = &screen_badges,
	[SCREEN_SURVEY] = &screen_survey,
	[SCREEN_REVIEW] = &screen_review,
	[SCREEN_GAMES] = &screen_games,
	[SCREEN_GAME_RULES] = &screen_game_rules,
	[SCREEN_SCRATCH] = &screen_scratch,
	[SCREEN_WHEEL] = &screen_wheel,
	[SCREEN_RULES] = &screen_rules,
	[SCREEN_COUNTER_GAMES] = &screen_counter_games,
	[SCREEN_COUNTER_QUEUE] = &screen_counter_queue,
	[SCREEN_GIFT] = &screen_gift,
};

/* Every mode, by enum kiosk_mode_id. */
static const struct kiosk_mode *const modes[KIOSK_MODE_COUNT] = {
	[KIOSK_MODE_MEMBER] = &mode_member,
	[KIOSK_MODE_COUNTER] = &mode_counter,
};

/* Where a handler said to go (k->nav.op). A reset wins over anything else
 * asked in the same handler: after a logout nothing of the visit opens. */
enum nav_op { NAV_NONE, NAV_PUSH, NAV_POP, NAV_HOME, NAV_RESET };

static const struct bar_item quit_item = { REQ_QUIT, REQ_NONE, N_("Quit") };

static volatile sig_atomic_t stop_signal;

static void
on_stop(int sig)
{
	stop_signal = sig;
}

/* Under a script, the idle clock is the script's: it moves only when the
 * script lets time pass, so a countdown is the same on every run. */
static struct {
	int scripted;
	int64_t ms;
} script_clock;

/* The idle clock runs on the monotonic clock, never on clock_now(): tests
 * pin JIFEN_NOW, and the wall clock may jump. */
int64_t
kiosk_now_ms(void)
{
	struct timespec ts;

	if (script_clock.scripted)
		return script_clock.ms;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define NAVIGATE (R_HANDLED | R_REDRAW | R_LEAVE)

int
kiosk_push(struct kiosk *k, enum screen_id id, const void *arg)
{
	size_t size = screens[id]->arg_size;

	if (k->nav.op == NAV_RESET)
		return NAVIGATE;
	k->nav.op = NAV_PUSH;
	k->nav.id = id;
	explicit_bzero(k->nav.arg, sizeof k->nav.arg);
	if (arg && size > 0 && size <= sizeof k->nav.arg)
		memcpy(k->nav.arg, arg, size);
	return NAVIGATE;
}

int
kiosk_pop(struct kiosk *k, int code)
{
	if (k->nav.op != NAV_RESET) {
		k->nav.op = NAV_POP;
		k->nav.code = code;
	}
	return NAVIGATE;
}

int
kiosk_home(struct kiosk *k)
{
	if (k->nav.op != NAV_RESET)
		k->nav.op = NAV_HOME;
	return NAVIGATE;
}

int
kiosk_reset(struct kiosk *k, enum screen_id id)
{
	k->nav.op = NAV_RESET;
	k->nav.id = id;
	return NAVIGATE;
}

int
kiosk_begin(struct kiosk *k)
{
	return kiosk_reset(k, k->mode->home);
}

void
kiosk_say(struct kiosk *k, enum style st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k->message, sizeof k->message, fmt, ap);
	va_end(ap);
	k->message_style = st;
}

int
kiosk_logout(struct kiosk *k, const char *msgid, enum style st)
{
	k->mode->end_session(k);
	/* The goodbye is said in the member's language; the next member
	 * starts in the kiosk's own. */
	k->message[0] = '\0';
	if (msgid)
		kiosk_say(k, st, "%s", _(msgid));
	i18n_set(k->lang_default);
	return kiosk_reset(k, k->mode->first);
}

int
kiosk_fail(struct kiosk *k, const char *what)
{
	/* What the member is told to ask the staff about, for the staff. */
	log_ledger(k->lg, LOG_CLASS_FAULT, "ask_staff", "in=%s status=%s message=%s", what,
		   jf_status_name(k->err.status), k->err.message);
	/* The ledger out of reach (a chain's server, the network) or held too
	 * long: nothing is wrong with the member's points, and the counter
	 * can still sell. The next member's card tries again. */
	if (k->err.status == JF_BUSY && k->err.reason != JF_R_CONTENDED && k->mode->unreachable)
		return k->mode->unreachable(k);
	if (k->err.status == JF_BUSY)
		return kiosk_logout(k, N_("Points are unavailable at the moment. "
					  "Please ask at the counter."), STYLE_ERROR);
	return kiosk_logout(k, N_("Sorry, something went wrong. Please ask the staff."),
			    STYLE_ERROR);
}

/* The top of the stack is shown from now on. */
static void
show_top(struct kiosk *k)
{
	struct screen_frame *f = &k->stack[k->depth - 1];

	k->screen = f->ops;
	k->state = f->state;
	k->countdown = -1;
	timer_start(&f->tick, f->ops->tick ? f->ops->tick_ms : 0, kiosk_now_ms());
}

/* Pop the top screen: its state is wiped before it is freed. */
static void
pop_frame(struct kiosk *k)
{
	struct screen_frame *f = &k->stack[k->depth - 1];

	if (f->ops->leave)
		f->ops->leave(k, f->state);
	explicit_bzero(f->state, f->ops->state_size ? f->ops->state_size : 1);
	free(f->state);
	memset(f, 0, sizeof *f);
	k->depth--;
	k->screen = NULL;
	k->state = NULL;
	if (k->depth > 0)
		show_top(k);
}

static void
pop_all(struct kiosk *k)
{
	while (k->depth > 0)
		pop_frame(k);
}

/* Open id on top with arg; its enter() may itself navigate (a database
 * error on the way in sends the member back to the first screen). */
static void
push_frame(struct kiosk *k, enum screen_id id, const void *arg)
{
	const struct screen_ops *to = screens[id];
	struct screen_frame *f;

	if (k->depth == SCREEN_STACK_MAX) {
		/* A path through the screens that deep is a bug: say so and
		 * start again rather than lose a screen. */
		jf_fail(&k->err, JF_ERR, "more than %d screens open at %s", SCREEN_STACK_MAX,
			to->name);
		kiosk_fail(k, "kiosk_push");
		return;
	}
	f = &k->stack[k->depth++];
	f->id = id;
	f->ops = to;
	f->state = xcalloc(1, to->state_size ? to->state_size : 1);
	show_top(k);
	if (to->enter)
		to->enter(k, f->state, to->arg_size ? arg : NULL);
}

/* Pop down to keep screens, and tell the one now on top how the one
 * above it ended. */
static void
pop_back(struct kiosk *k, int keep, int code)
{
	struct screen_result res = { k->stack[k->depth - 1].id, code };

	while (k->depth > keep)
		pop_frame(k);
	if (k->screen->resume)
		k->screen->resume(k, k->state, &res);
}

/* The bottom-most home screen of the mode on the stack, or -1. */
static int
home_index(const struct kiosk *k)
{
	for (int i = 0; i < k->depth; i++)
		if (k->stack[i].id == k->mode->home)
			return i;
	return -1;
}

/* Go where the handler said; each step may lead to another (an enter()
 * that fails, a resume() that opens the next screen). */
static void
switch_screens(struct kiosk *k)
{
	unsigned char arg[SCREEN_ARG_MAX];
	int home;

	while (k->nav.op != NAV_NONE) {
		enum nav_op op = k->nav.op;

		k->nav.op = NAV_NONE;
		/* A copy: the enter() it is for may itself push. */
		memcpy(arg, k->nav.arg, sizeof arg);
		explicit_bzero(k->nav.arg, sizeof k->nav.arg);
		switch (op) {
		case NAV_PUSH:
			push_frame(k, k->nav.id, arg);
			break;
		case NAV_POP:
			if (k->depth > 1)
				pop_back(k, k->depth - 1, k->nav.code);
			else /* nothing under it: the mode's own first screen */
				kiosk_reset(k, k->session.active ? k->mode->home : k->mode->first);
			break;
		case NAV_HOME:
			if ((home = home_index(k)) >= 0 && home < k->depth - 1)
				pop_back(k, home + 1, 0);
			else if (home < 0)
				kiosk_reset(k, k->mode->home);
			break;
		case NAV_RESET:
			pop_all(k);
			push_frame(k, k->nav.id, NULL);
			break;
		case NAV_NONE:
			break;
		}
		explicit_bzero(arg, sizeof arg);
	}
}

static void
layout(struct kiosk *k)
{
	k->rows = LINES;
	k->cols = COLS;
	k->top = 1;
	k->bottom = k->rows - 3;
}

static void
draw_title(struct kiosk *k)
{
	char date[CLOCK_DATE_LEN];
	int right, name_w = 0;

	char who[MEMBER_NAME_SIZE + 64] = "";

	clock_date_of(clock_now(), date);
	draw_fill(0, 0, k->cols, STYLE_TITLE);
	right = k->cols - 1 - draw_width(date);
	draw_text(0, right, k->cols - right, STYLE_TITLE, date);
	if (k->mode->title)
		k->mode->title(k, who, sizeof who);
	else if (k->session.active)
		snprintf(who, sizeof who, "%s", k->session.m.name);
	if (who[0]) {
		name_w = draw_width(who);
		if (name_w > k->cols / 3)
			name_w = k->cols / 3;
		draw_text(0, right - 3 - name_w, name_w, STYLE_TITLE, who);
		name_w += 3;
	}
	draw_text(0, 1, right - name_w - 3, STYLE_TITLE, k->cfg->store_name);
}

static void
draw_message(struct kiosk *k)
{
	int y = k->rows - 2;
	char text[KIOSK_MESSAGE_SIZE];

	if (k->countdown >= 0) {
		snprintf(text, sizeof text,
			 _("Logging out in %d s. Press any key to stay."), k->countdown);
		draw_fill(y, 0, k->cols, STYLE_WARN);
		draw_text(y, 1, k->cols - 2, STYLE_WARN, text);
		return;
	}
	if (k->message[0] == '\0')
		return;
	if (k->message_style != STYLE_NORMAL)
		draw_fill(y, 0, k->cols, k->message_style);
	draw_text(y, 1, k->cols - 2, k->message_style, k->message);
}

/* One entry of the bar at column x: its keys, then its label; a touch on
 * either is its request. Returns the next column, or -1 if it does not fit. */
static int
draw_bar_item(struct kiosk *k, int x, const struct bar_item *it)
{
	char keys[64];
	const char *label = _(it->label);
	int y = k->rows - 1, start = x, need;

	snprintf(keys, sizeof keys, " %s%s ", request_key_name(it->req),
		 it->alt != REQ_NONE ? request_key_name(it->alt) : "");
	need = draw_width(keys) + draw_width(label) + 1;
	if (x + need > k->cols)
		return -1;
	x += draw_text(y, x, need, STYLE_BAR_KEY, keys);
	x += draw_text(y, x, k->cols - x, STYLE_BAR, label);
	draw_hit(y, start, x - start, (struct req){ it->req, 0 });
	return x + 1;
}

static void
draw_bar(struct kiosk *k)
{
	const struct bar_item *bar = k->screen->bar;
	int x = 0;

	if (k->screen->bar_now)
		bar = k->screen->bar_now(k, k->state);
	draw_fill(k->rows - 1, 0, k->cols, STYLE_BAR);
	for (const struct bar_item *it = bar; it && it->label && x >= 0; it++)
		x = draw_bar_item(k, x, it);
	if (k->unlocked && x >= 0)
		draw_bar_item(k, x, &quit_item);
}

static void
draw_too_small(struct kiosk *k)
{
	char text[KIOSK_MESSAGE_SIZE];
	int width = k->cols > 2 ? k->cols - 2 : k->cols, rows;

	snprintf(text, sizeof text,
		 _("This screen is too small for the kiosk: it needs at least %d columns "
		   "and %d rows, and it has %d and %d."),
		 KIOSK_MIN_COLS, KIOSK_MIN_ROWS, k->cols, k->rows);
	rows = draw_wrap_rows(width, text);
	draw_wrap(rows < k->rows ? (k->rows - rows) / 2 : 0, (k->cols - width) / 2, width,
		  k->rows, STYLE_HEADING, text);
}

static int
too_small(const struct kiosk *k)
{
	return k->cols < KIOSK_MIN_COLS || k->rows < KIOSK_MIN_ROWS;
}

static void
draw_frame(struct kiosk *k)
{
	draw_begin();
	if (too_small(k)) {
		draw_too_small(k);
	} else {
		draw_title(k);
		k->screen->draw(k, k->state);
		draw_message(k);
		draw_bar(k);
	}
	draw_end();
}

static int64_t
idle_timeout_ms(const struct kiosk *k)
{
	return (int64_t)k->mode->idle_timeout_s(k) * 1000;
}

/* When the next thing is due by time alone: the idle clock (end the
 * visit, show the countdown or count a second down; on the first screen,
 * forget the last visit's message and language) or the top screen's tick. */
static int64_t
next_due_ms(const struct kiosk *k)
{
	int64_t now = kiosk_now_ms(), left = idle_timeout_ms(k) - (now - k->last_input_ms);
	int64_t due = timer_idle_due(now, left, k->screen->idle_logout, COUNTDOWN_S);
	int64_t tick = timer_due(&k->stack[k->depth - 1].tick);

	return tick < due ? tick : due;
}

/* The idle clock. Returns 1 if the frame must be drawn again. */
static int
idle_clock(struct kiosk *k)
{
	int64_t left_ms = idle_timeout_ms(k) - (kiosk_now_ms() - k->last_input_ms);
	int secs = (int)((left_ms + 999) / 1000);

	if (!k->screen->idle_logout) {
		/* Idle on the attract screen: forget the last visit's message and
		 * language, quietly. */
		if (left_ms > 0)
			return 0;
		k->last_input_ms = kiosk_now_ms();
		if (k->message[0] == '\0' && i18n_get() == k->lang_default)
			return 0;
		k->message[0] = '\0';
		i18n_set(k->lang_default);
		return 1;
	}
	if (left_ms <= 0) {
		k->last_input_ms = kiosk_now_ms();
		/* The member has walked away: whoever comes next reads this, in
		 * the kiosk's own language. */
		i18n_set(k->lang_default);
		kiosk_logout(k, k->session.active ? k->mode->idle_goodbye : NULL, STYLE_WARN);
		switch_screens(k);
		return 1;
	}
	if (secs > COUNTDOWN_S || secs == k->countdown)
		return 0;
	k->countdown = secs;
	return 1;
}

static void follow(struct kiosk *k, int res);

/* Time has passed: the idle clock, then the top screen's tick if it is
 * due. Ticks missed while the loop was busy are not made up: the next is
 * one period from now. Returns 1 if the frame must be drawn again. */
static int
on_time(struct kiosk *k)
{
	int dirty = idle_clock(k), res;
	struct screen_frame *f = &k->stack[k->depth - 1];

	if (!timer_fire(&f->tick, kiosk_now_ms()))
		return dirty;
	res = f->ops->tick(k, f->state);
	if (res & R_TICK_DONE) /* nothing moves: the loop may sleep */
		f->tick.period_ms = 0;
	follow(k, res);
	return dirty || (res & (R_REDRAW | R_LEAVE));
}

/* What no screen handled. */
static int
shared_navigation(struct kiosk *k, struct req r)
{
	switch (r.id) {
	case REQ_QUIT: /* only ever made when unlocked */
		k->quit = 1;
		return R_HANDLED;
	case REQ_BACK:
		return kiosk_pop(k, 0);
	case REQ_SCAN:
		/* Said, so that a scan never looks ignored (nor typed). */
		kiosk_say(k, STYLE_WARN, "%s", _("Nothing can be scanned on this screen."));
		return R_HANDLED | R_REDRAW;
	default:
		return R_UNHANDLED;
	}
}

static void
follow(struct kiosk *k, int res)
{
	if ((res & R_LEAVE) && k->nav.op == NAV_NONE)
		kiosk_pop(k, 0);
	switch_screens(k);
}

/* Hand a request to the screen. Returns 1 if the frame must be drawn again. */
static int
dispatch(struct kiosk *k, struct req r)
{
	int res, shown;

	switch (r.id) {
	case REQ_NONE:
		return 0;
	case REQ_RESIZE:
		layout(k);
		draw_repaint();
		return 1;
	case REQ_TICK:
		return on_time(k);
	default:
		break;
	}
	/* Any key is a sign of life: the countdown stops, the message goes. */
	shown = k->countdown >= 0 || k->message[0] != '\0';
	k->last_input_ms = kiosk_now_ms();
	k->countdown = -1;
	if (too_small(k)) { /* nothing on the screen to act on */
		if (r.id == REQ_QUIT)
			k->quit = 1;
		return 0;
	}
	k->message[0] = '\0';
	/* Where letters are typed, q is one (Ctrl-C still quits unlocked). */
	if (r.id == REQ_QUIT && r.arg == 'q' && k->screen->text_entry)
		r.id = REQ_CHAR;
	res = k->screen->handle(k, k->state, r);
	if (!(res & R_HANDLED) && (r.id == REQ_PAGE_UP || r.id == REQ_PAGE_DOWN)) {
		/* A screen that pages with the arrows pages with these too. */
		r.id = r.id == REQ_PAGE_UP ? REQ_UP : REQ_DOWN;
		res = k->screen->handle(k, k->state, r);
	}
	if (!(res & R_HANDLED))
		res = shared_navigation(k, r);
	follow(k, res);
	if (res & R_REPLAY) {
		int again = k->screen->handle(k, k->state, r);

		follow(k, again);
		res |= again;
	}
	return shown || k->message[0] != '\0' || (res & (R_REDRAW | R_LEAVE));
}

/* A scanner's line: its text is the kiosk's while the screen handles it,
 * and wiped after (it may be a card number). */
static int
dispatch_scan(struct kiosk *k, const char *text)
{
	int dirty;

	snprintf(k->scan, sizeof k->scan, "%s", text);
	dirty = dispatch(k, (struct req){ REQ_SCAN, 0 });
	explicit_bzero(k->scan, sizeof k->scan);
	return dirty;
}

/* Has the terminal hung up? Then every read fails at once, and the loop
 * would spin instead of waiting: there is no one left to serve. */
static int
terminal_gone(void)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

/* The first screen, before the first frame. */
static void
start_loop(struct kiosk *k)
{
	layout(k);
	kiosk_reset(k, k->mode->first);
	switch_screens(k);
	k->last_input_ms = kiosk_now_ms();
}

/* How long the loop may sleep waiting for a key: until the next thing due
 * by time, so that it never wakes for nothing and never sleeps past a
 * tick. */
static int
sleep_ms(const struct kiosk *k)
{
	int64_t ms = next_due_ms(k) - kiosk_now_ms();

	if (ms < 0)
		return 0;
	return ms > MAX_SLEEP_MS ? MAX_SLEEP_MS : (int)ms;
}

static void
run_loop(struct kiosk *k)
{
	int dirty = 1;
	struct req r;

	start_loop(k);
	while (!k->quit && !stop_signal) {
		/* Take everything already typed (a scanner types fast) before
		 * drawing, then sleep (curses polls the terminal) until the
		 * next key or the next thing due. */
		timeout(dirty ? 0 : sleep_ms(k));
		if (!input_read(&r, k->unlocked)) {
			if (dirty) {
				draw_frame(k);
				dirty = 0;
				continue;
			}
			if (terminal_gone())
				break;
			r.id = REQ_TICK;
		}
		if (r.id == REQ_SCAN)
			dirty |= dispatch_scan(k, input_scan_text());
		else
			dirty |= dispatch(k, r);
	}
}

/* The locale the environment asks for: the terminal speaks its character
 * set. One that is not UTF-8 (LANG=C, a Latin-1 locale) is kept, and caps.h
 * then sends the terminal nothing but ASCII (in English); only a locale that
 * is asked for but not installed falls back, to C.UTF-8 (which every glibc
 * since 2.35 has built in) when its name says UTF-8. */
static void
use_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *asked = "";

	if (setlocale(LC_ALL, "") != NULL)
		return;
	for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !*asked; i++)
		if (getenv(vars[i]) != NULL)
			asked = getenv(vars[i]);
	if ((strcasestr(asked, "UTF-8") || strcasestr(asked, "utf8")) &&
	    setlocale(LC_ALL, "C.UTF-8") != NULL)
		return;
	setlocale(LC_ALL, "C");
}

/* A script's dump is UTF-8 whatever the caller's locale: from a plain "C"
 * (or a locale that is not installed) it falls back to C.UTF-8. */
static void
use_utf8_locale(void)
{
	if (setlocale(LC_ALL, "") != NULL && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
}

static void
set_signal(int sig, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* The signals whose default ends the process and that arrive from outside
 * (not faults of the program itself: fault.c): each stops the loop, so that the
 * terminal is restored by endwin() as on any exit, and is then raised
 * again to end the kiosk as it would have (the parent sees which). The
 * real-time signals are added in set_signals(). */
static const int fatal_signals[] = {
	SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGPIPE,
#ifdef SIGIO
	SIGIO,
#endif
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};

/* Set before the terminal is: ncurses installs its own handlers only for
 * signals still at their default. Raw mode keeps Ctrl-C, Ctrl-Z and Ctrl-\
 * from making signals at all; these are for signals sent from outside.
 * SIGTERM and SIGHUP end the kiosk cleanly. */
static void
set_signals(int unlocked)
{
	set_signal(SIGINT, unlocked ? on_stop : SIG_IGN);
	set_signal(SIGQUIT, SIG_IGN);
	set_signal(SIGTSTP, SIG_IGN);
	set_signal(SIGTERM, on_stop);
	set_signal(SIGHUP, on_stop);
	for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
		set_signal(fatal_signals[i], on_stop);
#ifdef SIGRTMIN
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		set_signal(sig, on_stop);
#endif
}

/* After the terminal is restored: a signal that stops the kiosk but would
 * have ended it ends it now, by its default action. */
static void
raise_stop_signal(void)
{
	int sig = stop_signal;

	if (sig == 0 || sig == SIGTERM || sig == SIGHUP || sig == SIGINT)
		return;
	set_signal(sig, SIG_DFL);
	raise(sig);
}

static void
setup_terminal(const char *term_name)
{
	/* What the terminal can show decides the styles (draw_init()) and
	 * the language (i18n_set()). */
	caps_init(term_name, has_colors());
	raw();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(ESC_DELAY_MS);
	mousemask(ALL_MOUSE_EVENTS, NULL);
	mouseinterval(0); /* a touch is acted on when pressed, not after a delay */
	draw_init();
}

/* What the keys of a script send, as a terminal in raw mode sends them
 * (the same bindings of request.c then make them requests). */
static const struct {
	int is_key;
	unsigned code;
} script_keys[SCRIPT_KEY_COUNT] = {
	[SCRIPT_KEY_ENTER] = { 0, '\r' },
	[SCRIPT_KEY_ESC] = { 0, 27 },
	[SCRIPT_KEY_UP] = { 1, KEY_UP },
	[SCRIPT_KEY_DOWN] = { 1, KEY_DOWN },
	[SCRIPT_KEY_LEFT] = { 1, KEY_LEFT },
	[SCRIPT_KEY_RIGHT] = { 1, KEY_RIGHT },
	[SCRIPT_KEY_BACKSPACE] = { 1, KEY_BACKSPACE },
	[SCRIPT_KEY_DELETE] = { 1, KEY_DC },
	[SCRIPT_KEY_PAGEUP] = { 1, KEY_PPAGE },
	[SCRIPT_KEY_PAGEDOWN] = { 1, KEY_NPAGE },
	[SCRIPT_KEY_TAB] = { 0, '\t' },
	[SCRIPT_KEY_CTRL_C] = { 0, 3 },
	[SCRIPT_KEY_CTRL_Z] = { 0, 26 },
	[SCRIPT_KEY_CTRL_BACKSLASH] = { 0, 28 },
};

/* Text typed all at once, as a scanner types it: no frame in between.
 * The script checked that it is valid UTF-8. */
static int
script_type(struct kiosk *k, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned cp;
	size_t len;
	int dirty = 0;

	while (*p && !k->quit && (len = parse_utf8_char(p, &cp)) > 0) {
		dirty |= dispatch(k, request_of_key(0, cp, k->unlocked));
		p += len;
	}
	return dirty;
}

/* Time passes without a key: the clock jumps from one thing due to the
 * next, as run_loop() wakes for them, each frame drawn as it would be. */
static void
script_idle(struct kiosk *k, int seconds)
{
	int64_t end = script_clock.ms + seconds * 1000LL, due;

	while (!k->quit && (due = next_due_ms(k)) <= end) {
		/* Something due now that changes nothing due (it cannot happen,
		 * but the script must end): the clock moves on all the same. */
		script_clock.ms = due > script_clock.ms ? due : script_clock.ms + 1;
		if (dispatch(k, (struct req){ REQ_TICK, 0 }))
			draw_frame(k);
	}
	script_clock.ms = end;
}

/* The screen as text into the step's file. */
static enum jf_status
script_save(const struct script *s, const struct script_step *st, struct jf_error *err)
{
	FILE *f = fopen(st->text, "w");
	int failed = f == NULL;

	if (f != NULL) {
		failed = dump_screen(f) != 0;
		failed |= fclose(f) != 0;
	}
	if (failed)
		return jf_fail(err, JF_ERR, "%s:%d: cannot save the screen to %s: %s",
			       s->path ? s->path : "script", st->line, st->text, strerror(errno));
	return JF_OK;
}

/* One step of a script; *dirty is set if the frame must be drawn again. */
static enum jf_status
script_step(struct kiosk *k, const struct script *s, const struct script_step *st, int *dirty,
	    struct jf_error *err)
{
	struct req r = { REQ_NONE, 0 };

	switch (st->op) {
	case SCRIPT_SIZE:
		resize_term(st->b, st->a);
		*dirty = dispatch(k, (struct req){ REQ_RESIZE, 0 });
		break;
	case SCRIPT_TYPE:
		*dirty = script_type(k, st->text);
		break;
	case SCRIPT_SCAN:
		*dirty = dispatch_scan(k, st->text);
		break;
	case SCRIPT_KEY:
		r = request_of_key(script_keys[st->a].is_key, script_keys[st->a].code,
				   k->unlocked);
		*dirty = dispatch(k, r);
		break;
	case SCRIPT_CLICK: /* what is drawn there, if anything, as in input_read() */
		draw_find_hit(st->a, st->b, &r);
		*dirty = dispatch(k, r);
		break;
	case SCRIPT_TICK:
		*dirty = dispatch(k, (struct req){ REQ_TICK, 0 });
		break;
	case SCRIPT_IDLE:
		script_idle(k, st->a);
		break;
	case SCRIPT_SAVE:
		return script_save(s, st, err);
	case SCRIPT_QUIT:
		k->quit = 1;
		break;
	}
	return JF_OK;
}

/* The steps of a script, each frame drawn before the next step, as when a
 * person presses one key at a time: a click finds what was drawn, a save
 * what the member would see. */
static enum jf_status
run_steps(struct kiosk *k, const struct script *s, struct jf_error *err)
{
	int dirty = 1;

	start_loop(k);
	for (size_t i = 0; i < s->count && !k->quit; i++) {
		if (dirty)
			draw_frame(k);
		dirty = 0;
		if (script_step(k, s, &s->steps[i], &dirty, err) != JF_OK)
			return err->status;
	}
	return JF_OK;
}

static void
kiosk_init(struct kiosk *k, struct ledger *lg, const struct kiosk_options *opt)
{
	memset(k, 0, sizeof *k);
	k->lg = lg;
	k->cfg = lg->cfg;
	k->mode = modes[opt->mode < KIOSK_MODE_COUNT ? opt->mode : KIOSK_MODE_MEMBER];
	k->unlocked = opt->unlocked;
	k->lang_default = opt->lang == KIOSK_LANG_ZH   ? LANG_ZH
			  : opt->lang == KIOSK_LANG_EN ? LANG_EN
						       : i18n_default();
	i18n_set(k->lang_default);
	if (opt->staff)
		snprintf(k->counter.preset, sizeof k->counter.preset, "%s", opt->staff);
	k->countdown = -1;
	/* Nobody acts until a member logs in: a write before that is a bug. */
	ledger_act_as(lg, NULL);
}

static void
kiosk_done(struct kiosk *k, SCREEN *term)
{
	pop_all(k);
	k->mode->end_session(k);
	endwin();
	delscreen(term);
}

/* The kiosk under a script: curses writes its frames to /dev/null and
 * never reads, and the screen has the script's size. */
static enum jf_status
run_script(struct ledger *lg, const struct kiosk_options *opt, struct jf_error *err)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	struct kiosk k;
	SCREEN *term = NULL;
	enum jf_status st;

	use_utf8_locale();
	i18n_init();
	/* The size is the script's, never LINES and COLUMNS of the environment. */
	use_env(FALSE);
	if (out == NULL || in == NULL || (term = newterm(SCRIPT_TERM, out, in)) == NULL) {
		st = jf_fail(err, JF_ERR, "cannot set up a screen for the script (TERM=%s)",
			     SCRIPT_TERM);
	} else {
		resize_term(opt->script->rows, opt->script->cols);
		caps_init(SCRIPT_TERM, has_colors());
		draw_init();
		kiosk_init(&k, lg, opt);
		script_clock.scripted = 1;
		st = run_steps(&k, opt->script, err);
		kiosk_done(&k, term);
	}
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	return st;
}

enum jf_status
kiosk_run(struct ledger *lg, const struct kiosk_options *opt, struct jf_error *err)
{
	struct kiosk k;
	SCREEN *term;
	const char *term_name = getenv("TERM");

	if (opt->script)
		return run_script(lg, opt, err);
	/* A terminal that cannot draw a screen is refused before curses
	 * writes anything to it. */
	if (caps_check_term(term_name, err) != JF_OK)
		return err->status;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return jf_fail(err, JF_USAGE, "the kiosk needs a terminal for its input and output");
	use_locale();
	i18n_init();
	set_signals(opt->unlocked);
	fault_save_terminal();
	term = newterm(NULL, stdout, stdin);
	if (term == NULL)
		return jf_fail(err, JF_ERR, "cannot use this terminal (TERM=%s)",
			       term_name ? term_name : "");
	setup_terminal(term_name);
	/* Faults of the kiosk itself cannot wait for the loop (fault.h). */
	fault_guard_install();
	kiosk_init(&k, lg, opt);
	run_loop(&k);
	kiosk_done(&k, term);
	raise_stop_signal();
	return JF_OK;
}
