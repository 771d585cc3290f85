/*
 * screen: the kiosk's screens as modules (after htop's Panel, tig's views
 * and tmux's modes). Each screen_<name>.c exports one const struct
 * screen_ops; kiosk.c lists them all in one table indexed by enum
 * screen_id, owns the terminal and the loop, and keeps the screens on a
 * stack (tig's view stack, htop's ScreenManager).
 *
 * The stack. A screen opens another with kiosk_push(k, id, &arg): the new
 * screen's enter() gets a copy of arg (ops->arg_size bytes) and a zeroed
 * state of ops->state_size bytes. Back (kiosk_pop(), or R_LEAVE from a
 * handler) always returns to the screen that opened this one, whose state
 * was kept as it was; its resume() is told which screen ended and how
 * (a dialog's outcome). The state of a screen under the stack stays
 * allocated; a screen's state is wiped and freed only when it is popped
 * (a PIN never outlives its screen). kiosk_reset() unwinds the whole
 * stack (a logout: every state wiped) and starts again at one screen.
 * Navigation asked for in a handler happens after it returns, so a
 * handler always finishes on its own state.
 *
 * A screen draws the body (the rows between the title bar and the message
 * line) and answers requests. What it does not handle falls through to
 * shared navigation: Back pops the screen, q quits when unlocked, a scan
 * (REQ_SCAN) nobody wants is refused with a message.
 *
 * Dialogs. A screen that answers its opener (the PIN dialog, pin.h) ends
 * with kiosk_pop(k, outcome); the opener's resume() gets the outcome and
 * carries on from where it pushed the dialog, its state intact.
 *
 * Scans. A card or voucher scanner's line (scan.h: how fast, how long) is
 * one REQ_SCAN, whatever field has the focus; its text is k->scan while
 * the screen handles it.
 *
 * Timers. A screen with tick_ms > 0 has tick() called every tick_ms while
 * it is on top (animations, countdowns). The loop sleeps in poll() until
 * the next key or the next tick, whichever comes first: no busy waiting,
 * and a key is never held back by a timer. Under a script (script.h) the
 * time is the script's, so ticks come at the same points on every run.
 *
 * Modes. A terminal of one kind is a mode (struct kiosk_mode): the screen
 * shown while nobody is in (first), where a session starts (home), the
 * session's end (wiping what it kept) and its idle rules. The member
 * kiosk is mode_member (mode_member.c); the counter will be another mode
 * in the same loop. To add a mode: its screens (here, in enum screen_id
 * and kiosk.c's table), a const struct kiosk_mode, and its entry in enum
 * kiosk_mode_id (kiosk.h) and kiosk.c's table of modes; the command that
 * runs it sets kiosk_options.mode (`jifen kiosk` leaves it at the member
 * mode).
 */
#ifndef JIFEN_TUI_SCREEN_H
#define JIFEN_TUI_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "draw.h"
#include "game.h"
#include "i18n.h"
#include "ledger.h"
#include "member.h"
#include "staff.h"
#include "request.h"
#include "status.h"
#include "timer.h"
#include "vcode.h"

struct kiosk;

/* What a handler did, or-ed together. */
#define R_UNHANDLED 0
#define R_HANDLED 1 /* the request was for this screen */
#define R_REDRAW 2  /* the screen changed */
#define R_LEAVE 4   /* navigation: kiosk_push(), _pop(), _reset() said where;
		     * alone, the same as kiosk_pop(k, 0) */
#define R_REPLAY 8  /* give the same request to the next screen too (the
		     * first digit typed on the attract screen starts the login) */
#define R_TICK_DONE 16 /* from tick(): no more ticks until the screen is on
			* top again (an animation has ended) */

/* One entry of the function-key bar: the keys of req (and alt, if not
 * REQ_NONE) as named by request.c, then label, translated when drawn. */
struct bar_item {
	enum request req;
	enum request alt;
	const char *label; /* msgid; NULL ends the bar */
};

enum screen_id {
	SCREEN_ATTRACT,
	SCREEN_LOGIN,
	SCREEN_HOME,
	SCREEN_BALANCE,
	SCREEN_CATALOG,
	SCREEN_ITEM,
	SCREEN_VOUCHER,
	SCREEN_VOUCHERS,
	SCREEN_FAMILY,
	SCREEN_PIN,
	/* The counter (mode_counter.c). */
	SCREEN_COUNTER_START,
	SCREEN_COUNTER,
	SCREEN_COUNTER_MEMBER,
	SCREEN_COUNTER_VOUCHER,
	SCREEN_COUNTER_EARN,
	SCREEN_COUNTER_REVERSE,
	/* The counter's sale: points paying a bill, returns, slips. */
	SCREEN_COUNTER_OFFSET,
	SCREEN_COUNTER_RETURN,
	SCREEN_COUNTER_SLIP,
	/* The counter's member and family desks (wp-desk2). */
	SCREEN_COUNTER_DESK,
	SCREEN_COUNTER_FAMILY,
	SCREEN_COUNTER_MANAGER,
	/* The staff login's wave: the shift report (screen_counter_shift.c). */
	SCREEN_COUNTER_SHIFT,
	/* A purchase line by line (wp-lines): screen_counter_lines.c. */
	SCREEN_COUNTER_LINES,
	/* Tasks, badges and surveys (wp-tasks): screen_badges.c, screen_survey.c. */
	SCREEN_BADGES,
	SCREEN_SURVEY,
	SCREEN_REVIEW,
	/* The games (wp-gamescreen): the list, a game's rules page, a
	 * scratch card, the wheel. */
	SCREEN_GAMES,
	SCREEN_GAME_RULES,
	SCREEN_SCRATCH,
	SCREEN_WHEEL,
	/* How points work: screen_rules.c. */
	SCREEN_RULES,
	/* Tasks confirmed and games played at the counter:
	 * screen_counter_games.c. */
	SCREEN_COUNTER_GAMES,
	/* Campaigns: a gift pack claimed at the kiosk. */
	SCREEN_GIFT,
	/* A purchase queued while the ledger cannot be reached. */
	SCREEN_COUNTER_QUEUE,
	SCREEN_COUNT
};

/* What resume() is told when the screen above it was popped. */
struct screen_result {
	enum screen_id from; /* the screen that ended */
	int code;            /* what kiosk_pop() said: 0 for Back, else the
			      * popped screen's own outcome (enum pin_outcome) */
};

struct screen_ops {
	const char *name;
	size_t state_size;
	size_t arg_size; /* bytes of kiosk_push()'s arg; at most SCREEN_ARG_MAX */
	/* arg is NULL when arg_size is 0. */
	void (*enter)(struct kiosk *k, void *state, const void *arg); /* may be NULL */
	void (*draw)(struct kiosk *k, void *state);
	int (*handle)(struct kiosk *k, void *state, struct req r);
	/* On top again, the screen it opened having ended; may be NULL. */
	void (*resume)(struct kiosk *k, void *state, const struct screen_result *res);
	void (*leave)(struct kiosk *k, void *state);          /* may be NULL */
	/* Every tick_ms while on top (0: never); returns a handler's flags. */
	int (*tick)(struct kiosk *k, void *state);
	int tick_ms;
	const struct bar_item *bar;
	/* The bar for the screen's current step, where the keys mean other
	 * things step by step (a confirmation's Enter is Yes); may be NULL:
	 * then bar is the bar. */
	const struct bar_item *(*bar_now)(struct kiosk *k, void *state);
	int idle_logout; /* idle here ends the visit, after a visible countdown */
	int text_entry;  /* letters are typed here: q is a letter, even unlocked */
};

/*
 * A kind of terminal over the one loop: its screens, its session and its
 * idle rules. kiosk.c lists the modes by enum kiosk_mode_id (kiosk.h).
 */
struct kiosk_mode {
	const char *name;
	enum screen_id first; /* while nobody is in; a logout comes back here */
	enum screen_id home;  /* a session starts here (kiosk_begin()) */
	/* Seconds without a key before a session ends (on a screen with
	 * idle_logout, after a countdown of the last ones). */
	int (*idle_timeout_s)(const struct kiosk *k);
	const char *idle_goodbye; /* msgid said when idle ends a session */
	/* Forget the session: wipe everything it kept (kiosk_reset() calls
	 * it before the first screen comes back). */
	void (*end_session)(struct kiosk *k);
	/* Who is in, for the title bar, into out; NULL: the member's name
	 * while a session is active. */
	void (*title)(const struct kiosk *k, char *out, size_t size);
	/* Optional: the ledger did not answer (JF_BUSY in k->err);
	 * kiosk_fail() hands it here instead of ending the session.
	 * Returns a handler's flags. */
	int (*unreachable)(struct kiosk *k);
};

extern const struct kiosk_mode mode_member;
extern const struct kiosk_mode mode_counter;

extern const struct screen_ops screen_attract;
extern const struct screen_ops screen_login;
extern const struct screen_ops screen_home;
extern const struct screen_ops screen_balance;
extern const struct screen_ops screen_catalog;
extern const struct screen_ops screen_item;
extern const struct screen_ops screen_voucher;
extern const struct screen_ops screen_vouchers;
extern const struct screen_ops screen_family;
extern const struct screen_ops screen_pin;
extern const struct screen_ops screen_counter_start;
extern const struct screen_ops screen_counter;
extern const struct screen_ops screen_counter_member;
extern const struct screen_ops screen_counter_voucher;
extern const struct screen_ops screen_counter_earn;
extern const struct screen_ops screen_counter_reverse;
extern const struct screen_ops screen_counter_offset;
extern const struct screen_ops screen_counter_return;
extern const struct screen_ops screen_counter_slip;
extern const struct screen_ops screen_counter_desk;
extern const struct screen_ops screen_counter_family;
extern const struct screen_ops screen_counter_manager;
extern const struct screen_ops screen_counter_shift;
extern const struct screen_ops screen_counter_lines;
extern const struct screen_ops screen_badges;
extern const struct screen_ops screen_survey;
extern const struct screen_ops screen_review;
extern const struct screen_ops screen_games;
extern const struct screen_ops screen_game_rules;
extern const struct screen_ops screen_scratch;
extern const struct screen_ops screen_wheel;
extern const struct screen_ops screen_rules;
extern const struct screen_ops screen_counter_games;
extern const struct screen_ops screen_gift;
extern const struct screen_ops screen_counter_queue;

#define KIOSK_MIN_COLS 80
#define KIOSK_MIN_ROWS 24
#define KIOSK_MESSAGE_SIZE 400
#define SESSION_NOTICES 4
#define SESSION_NOTICE_SIZE 512
#define CATALOG_SEARCH_CHARS 32
#define CATALOG_SEARCH_SIZE (CATALOG_SEARCH_CHARS * 4 + 1)
#define SCREEN_STACK_MAX 12 /* deeper than any path through the screens */
#define SCREEN_ARG_MAX 512

/* The arguments screens are pushed with. */
struct item_arg {
	char sku[CATALOG_SKU_SIZE];
};

struct voucher_arg {
	char code[VCODE_FULL_LEN + 1];
	int just_issued; /* redeemed just now: "Done" ends the visit */
};

/* A card scanned where the login starts: it is looked up at once. */
struct login_arg {
	char card[REQ_SCAN_SIZE]; /* REQ_SCAN's text; "": typed, not scanned */
};

/* The games: a game's rules page (by its id), and a play shown (by its
 * key: just bought, or a card left mid-way). */
struct game_arg {
	char game[GAME_CODE_SIZE];
};
struct gift_arg {
	char campaign[GAME_CODE_SIZE];
};
struct play_arg {
	char key[GAME_KEY_MAX + 1];
	int less_motion; /* the wheel: stop at once, unspun */
};

/* The counter's desk (counter.h): who works it and the member being
 * served, whose panel stays on every counter screen. */
struct queue;
struct counter_desk {
	char staff[ACTOR_ID_MAX + 1]; /* who is signed in (the actor's id); "" if nobody */
	/* The staff login (screen_counter_start.c). */
	char preset[ACTOR_ID_MAX + 1]; /* --staff: preselected at the closed counter */
	struct staff who;  /* the signed-in staff member and their role, for
			    * counter_may(); id "" on a ledger without staff */
	int64_t since;     /* when they signed in (clock_now()): their shift */
	int present;                  /* a member is at the counter */
	struct member m;
	int64_t points, green;        /* the balances, pending included */
	int64_t held;                 /* points held by vouchers not yet handed over */
	int64_t available;            /* points that can be spent now */
	int notices;                  /* unseen notices for the member */
	struct expiring_lot expiring; /* the soonest to expire (points 0: none) */
	/* The member's one-to-one plan in force (plan.h): its note for the
	 * staff, "" if none ("call before new appliances arrive"). */
	char plan_note[4 * 100 + 1];
	/* The ledger out of reach (counter_offline.h): purchases are queued
	 * on the terminal (queue.h) and the rest waits. */
	int offline;
	struct queue *queue;          /* opened when first needed; NULL: not yet */
	int64_t queued;               /* purchases waiting to be posted */
	int64_t queue_failed;         /* purchases the ledger refused when posted */
	char offline_card[64 + 1];    /* a card scanned while offline, not looked up */
	int64_t last_retry_ms;        /* kiosk_now_ms() of the last try of the ledger */
};

/* One frame of the stack. */
struct screen_frame {
	enum screen_id id;
	const struct screen_ops *ops;
	void *state;
	struct timer tick; /* ops->tick's, while on top */
};

struct kiosk {
	struct ledger *lg;
	const struct settings *cfg;
	const struct kiosk_mode *mode;
	int unlocked;
	int rows, cols;
	/* The body: rows top .. bottom (inclusive) between the bars. */
	int top, bottom;
	/* The member who logged in; active is 0 on the attract and login screens. */
	struct {
		int active;
		struct member m;
		/* The notices of this visit: read once, marked seen in the ledger
		 * as they are shown, and kept here so home shows them all visit. */
		int notices_read;
		int notice_count;
		char notices[SESSION_NOTICES][SESSION_NOTICE_SIZE];
	} session;
	struct counter_desk counter; /* the counter mode's; zero elsewhere */
	enum lang lang_default; /* every visit starts in it */
	/* The stack: stack[depth - 1] is on top, its ops and state also in
	 * screen and state. */
	struct screen_frame stack[SCREEN_STACK_MAX];
	int depth;
	const struct screen_ops *screen;
	void *state;
	/* Where a handler said to go, done when it has returned. */
	struct {
		int op; /* kiosk.c's enum nav_op */
		enum screen_id id;
		int code;
		unsigned char arg[SCREEN_ARG_MAX];
	} nav;
	/* While a REQ_SCAN is handled: what was scanned, valid UTF-8; what
	 * no field takes (a control character, a byte that is no UTF-8) is
	 * U+FFFD there, so that the scan is refused whole. */
	char scan[REQ_SCAN_SIZE];
	/* The one-line message above the bar, until the next key. */
	char message[KIOSK_MESSAGE_SIZE];
	enum style message_style;
	int countdown;          /* seconds shown before an idle logout; -1: none */
	int64_t last_input_ms;  /* monotonic, not clock_now(): JIFEN_NOW may stand still */
	int quit;
	struct jf_error err;    /* scratch for core calls */
};

/* Open screen id over this one, with arg (ops->arg_size bytes, copied;
 * NULL if none). Returns the flags a handler returns with it. */
int kiosk_push(struct kiosk *k, enum screen_id id, const void *arg);
/* End this screen: back to the one that opened it, whose resume() gets
 * code. Returns the flags. */
int kiosk_pop(struct kiosk *k, int code);
/* Back to the mode's home screen, under everything opened since. */
int kiosk_home(struct kiosk *k);
/* Unwind the whole stack, every state wiped, and show id alone. */
int kiosk_reset(struct kiosk *k, enum screen_id id);
/* The session has begun (the PIN was right): the mode's home, alone. */
int kiosk_begin(struct kiosk *k);
/* End the session: forget it, go back to the default language and the
 * mode's first screen, and show msgid (if not NULL) there. Returns the
 * flags. */
int kiosk_logout(struct kiosk *k, const char *msgid, enum style st);
/* A core call failed with k->err: log it, tell the member to ask the staff
 * and go back to the attract screen. Never exits. Returns the flags. */
int kiosk_fail(struct kiosk *k, const char *what);
/* The kiosk's clock in milliseconds: monotonic, or the script's (never
 * clock_now(), which tests pin). For how long something has been shown. */
int64_t kiosk_now_ms(void);
/* Set the message line. fmt is usually a translated string. */
void kiosk_say(struct kiosk *k, enum style st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
