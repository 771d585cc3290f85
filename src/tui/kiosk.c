/*
 * kiosk: the loop of `jifen kiosk`. It owns the terminal and the screens:
 * it reads keys, mouse clicks and scanner lines, turns them into requests
 * (request.c), hands them to the current screen, switches screens, keeps
 * the idle clock, and draws every frame: the title bar, the screen's body,
 * the message line and the function-key bar built from the screen's own
 * list of requests.
 *
 * It must never exit on a database error, never let a key combination stop
 * or suspend it while locked, and never run anything else: there is no way
 * from here to a shell.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "curses.h"
#include "kiosk.h"
#include "screen.h"
#include "xalloc.h"

#define TICK_MS 250     /* how often the idle clock is looked at */
#define COUNTDOWN_S 10  /* the last seconds before an idle logout are shown */
#define ESC_DELAY_MS 100

/* Every screen, by enum screen_id. */
static const struct screen_ops *const screens[SCREEN_COUNT] = {
	[SCREEN_ATTRACT] = &screen_attract,
	[SCREEN_LOGIN] = &screen_login,
	[SCREEN_HOME] = &screen_home,
	[SCREEN_SOON] = &screen_soon,
	[SCREEN_BALANCE] = &screen_balance,
};

static const struct bar_item quit_item = { REQ_QUIT, REQ_NONE, N_("Quit") };

static volatile sig_atomic_t stop_signal;

static void
on_stop(int sig)
{
	stop_signal = sig;
}

/* The idle clock runs on the monotonic clock, never on clock_now(): tests
 * pin JIFEN_NOW, and the wall clock may jump. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
kiosk_goto(struct kiosk *k, enum screen_id id)
{
	k->next = id;
	k->has_next = 1;
	return R_HANDLED | R_REDRAW | R_LEAVE;
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
	explicit_bzero(&k->session, sizeof k->session);
	/* The next member starts in the kiosk's own language, and the message
	 * is said in it. */
	i18n_set(k->lang_default);
	k->message[0] = '\0';
	if (msgid)
		kiosk_say(k, st, "%s", _(msgid));
	return kiosk_goto(k, SCREEN_ATTRACT);
}

int
kiosk_fail(struct kiosk *k, const char *what)
{
	syslog(LOG_ERR, "%s: %s (%s)", what, k->err.message, jf_status_name(k->err.status));
	return kiosk_logout(k, N_("Sorry, something went wrong. Please ask the staff."),
			    STYLE_ERROR);
}

/* Leave the current screen: its state is wiped before it is freed. */
static void
leave_screen(struct kiosk *k)
{
	if (k->screen == NULL)
		return;
	if (k->screen->leave)
		k->screen->leave(k, k->state);
	explicit_bzero(k->state, k->screen->state_size);
	free(k->state);
	k->screen = NULL;
	k->state = NULL;
}

/* Go where kiosk_goto() said; an enter() may itself go on (a database
 * error on the way in sends the member back to the attract screen). */
static void
switch_screens(struct kiosk *k)
{
	while (k->has_next) {
		const struct screen_ops *to = screens[k->next];

		k->has_next = 0;
		leave_screen(k);
		k->screen = to;
		k->state = xcalloc(1, to->state_size ? to->state_size : 1);
		k->countdown = -1;
		if (to->enter)
			to->enter(k, k->state);
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

	clock_date_of(clock_now(), date);
	draw_fill(0, 0, k->cols, STYLE_TITLE);
	right = k->cols - 1 - draw_width(date);
	draw_text(0, right, k->cols - right, STYLE_TITLE, date);
	if (k->session.active) {
		name_w = draw_width(k->session.m.name);
		if (name_w > k->cols / 3)
			name_w = k->cols / 3;
		draw_text(0, right - 3 - name_w, name_w, STYLE_TITLE, k->session.m.name);
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
	int x = 0;

	draw_fill(k->rows - 1, 0, k->cols, STYLE_BAR);
	for (const struct bar_item *it = k->screen->bar; it && it->label && x >= 0; it++)
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

/* The idle clock. Returns 1 if the frame must be drawn again. */
static int
tick(struct kiosk *k)
{
	int64_t left_ms = k->cfg->idle_timeout_s * 1000 - (now_ms() - k->last_input_ms);
	int secs = (int)((left_ms + 999) / 1000);

	if (!k->screen->idle_logout) {
		/* Idle on the attract screen: forget the last visit's message and
		 * language, quietly. */
		if (left_ms > 0)
			return 0;
		k->last_input_ms = now_ms();
		if (k->message[0] == '\0' && i18n_get() == k->lang_default)
			return 0;
		k->message[0] = '\0';
		i18n_set(k->lang_default);
		return 1;
	}
	if (left_ms <= 0) {
		k->last_input_ms = now_ms();
		kiosk_logout(k, k->session.active ? N_("You were logged out because the kiosk was idle.")
						  : NULL, STYLE_WARN);
		switch_screens(k);
		return 1;
	}
	if (secs > COUNTDOWN_S || secs == k->countdown)
		return 0;
	k->countdown = secs;
	return 1;
}

/* What the member did, as a request; 0 if nothing came before the timeout. */
static int
read_request(struct kiosk *k, struct req *r)
{
	wint_t ch;
	int rc = get_wch(&ch);
	MEVENT ev;

	if (rc == ERR)
		return 0;
	r->id = REQ_NONE;
	r->arg = 0;
	if (rc != KEY_CODE_YES) {
		*r = request_of_key(0, (unsigned)ch, k->unlocked);
	} else if (ch == KEY_RESIZE) {
		r->id = REQ_RESIZE;
	} else if (ch == KEY_MOUSE) {
		/* A touch is a press; its release and the rest mean nothing. */
		if (getmouse(&ev) == OK && (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
			draw_find_hit(ev.y, ev.x, r);
	} else {
		*r = request_of_key(1, (unsigned)ch, k->unlocked);
	}
	return 1;
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
		return R_HANDLED | R_LEAVE;
	default:
		return R_UNHANDLED;
	}
}

static void
follow(struct kiosk *k, int res)
{
	if ((res & R_LEAVE) && !k->has_next)
		kiosk_goto(k, k->session.active ? SCREEN_HOME : SCREEN_ATTRACT);
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
		clearok(curscr, TRUE);
		return 1;
	case REQ_TICK:
		return tick(k);
	default:
		break;
	}
	/* Any key is a sign of life: the countdown stops, the message goes. */
	shown = k->countdown >= 0 || k->message[0] != '\0';
	k->last_input_ms = now_ms();
	k->countdown = -1;
	if (too_small(k)) { /* nothing on the screen to act on */
		if (r.id == REQ_QUIT)
			k->quit = 1;
		return 0;
	}
	k->message[0] = '\0';
	res = k->screen->handle(k, k->state, r);
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

/* Has the terminal hung up? Then every read fails at once, and the loop
 * would spin instead of waiting: there is no one left to serve. */
static int
terminal_gone(void)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static void
run_loop(struct kiosk *k)
{
	int dirty = 1;
	struct req r;

	layout(k);
	kiosk_goto(k, SCREEN_ATTRACT);
	switch_screens(k);
	k->last_input_ms = now_ms();
	while (!k->quit && !stop_signal) {
		/* Take everything already typed (a scanner types fast) before
		 * drawing, then wait for the next key or the idle clock. */
		timeout(dirty ? 0 : TICK_MS);
		if (!read_request(k, &r)) {
			if (dirty) {
				draw_frame(k);
				dirty = 0;
				continue;
			}
			if (terminal_gone())
				break;
			r.id = REQ_TICK;
		}
		dirty |= dispatch(k, r);
	}
}

/* The kiosk shows Chinese, so it needs a UTF-8 locale; from a plain "C"
 * (or a locale that is not installed) it falls back to C.UTF-8, which
 * every glibc since 2.35 has built in. */
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

/* Set before the terminal is: ncurses installs its own handlers only for
 * signals still at their default. Raw mode keeps Ctrl-C, Ctrl-Z and Ctrl-\
 * from making signals at all; these are for signals sent from outside. */
static void
set_signals(int unlocked)
{
	set_signal(SIGINT, unlocked ? on_stop : SIG_IGN);
	set_signal(SIGQUIT, SIG_IGN);
	set_signal(SIGTSTP, SIG_IGN);
	set_signal(SIGTERM, on_stop);
	set_signal(SIGHUP, on_stop);
}

static void
setup_terminal(void)
{
	raw();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(ESC_DELAY_MS);
	mousemask(ALL_MOUSE_EVENTS, NULL);
	mouseinterval(0); /* a touch is acted on when pressed, not after a delay */
	draw_init();
}

enum jf_status
kiosk_run(struct ledger *lg, const struct kiosk_options *opt, struct jf_error *err)
{
	struct kiosk k;
	SCREEN *term;
	const char *term_name = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return jf_fail(err, JF_USAGE, "the kiosk needs a terminal for its input and output");
	use_utf8_locale();
	i18n_init();
	set_signals(opt->unlocked);
	term = newterm(NULL, stdout, stdin);
	if (term == NULL)
		return jf_fail(err, JF_ERR, "cannot use this terminal (TERM=%s)",
			       term_name ? term_name : "");
	setup_terminal();
	openlog("jifen-kiosk", LOG_PID, LOG_USER);
	memset(&k, 0, sizeof k);
	k.lg = lg;
	k.cfg = lg->cfg;
	k.unlocked = opt->unlocked;
	k.lang_default = i18n_default();
	k.countdown = -1;
	run_loop(&k);
	leave_screen(&k);
	explicit_bzero(&k.session, sizeof k.session);
	endwin();
	delscreen(term);
	closelog();
	return JF_OK;
}
