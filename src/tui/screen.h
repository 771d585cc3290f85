/*
 * screen: the kiosk's screens as modules (after htop's Panel, tig's views
 * and tmux's modes). Each screen_<name>.c exports one const struct
 * screen_ops; kiosk.c lists them all in one table indexed by enum
 * screen_id, owns the terminal and the loop, and gives each screen a
 * private state of the size it asks for, zeroed on entry and wiped and
 * freed on leaving (a PIN never outlives its screen).
 *
 * A screen draws the body (the rows between the title bar and the message
 * line) and answers requests. What it does not handle falls through to
 * shared navigation: Back leaves the screen, q quits when unlocked.
 */
#ifndef JIFEN_TUI_SCREEN_H
#define JIFEN_TUI_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "draw.h"
#include "i18n.h"
#include "ledger.h"
#include "member.h"
#include "request.h"
#include "status.h"
#include "vcode.h"

struct kiosk;

/* What a handler did, or-ed together. */
#define R_UNHANDLED 0
#define R_HANDLED 1 /* the request was for this screen */
#define R_REDRAW 2  /* the screen changed */
#define R_LEAVE 4   /* leave this screen: for the one kiosk_goto() chose, else
		     * back home (or to the attract screen when nobody is in) */
#define R_REPLAY 8  /* give the same request to the next screen too (the
		     * first digit typed on the attract screen starts the login) */

/* One entry of the function-key bar: the keys of req (and alt, if not
 * REQ_NONE) as named by request.c, then label, translated when drawn. */
struct bar_item {
	enum request req;
	enum request alt;
	const char *label; /* msgid; NULL ends the bar */
};

struct screen_ops {
	const char *name;
	size_t state_size;
	void (*enter)(struct kiosk *k, void *state);          /* may be NULL */
	void (*draw)(struct kiosk *k, void *state);
	int (*handle)(struct kiosk *k, void *state, struct req r);
	void (*leave)(struct kiosk *k, void *state);          /* may be NULL */
	const struct bar_item *bar;
	/* The bar for the screen's current step, where the keys mean other
	 * things step by step (a confirmation's Enter is Yes); may be NULL:
	 * then bar is the bar. */
	const struct bar_item *(*bar_now)(struct kiosk *k, void *state);
	int idle_logout; /* idle here ends the visit, after a visible countdown */
	int text_entry;  /* letters are typed here: q is a letter, even unlocked */
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
	SCREEN_COUNT
};

extern const struct screen_ops screen_attract;
extern const struct screen_ops screen_login;
extern const struct screen_ops screen_home;
extern const struct screen_ops screen_balance;
extern const struct screen_ops screen_catalog;
extern const struct screen_ops screen_item;
extern const struct screen_ops screen_voucher;
extern const struct screen_ops screen_vouchers;
extern const struct screen_ops screen_family;

#define KIOSK_MIN_COLS 80
#define KIOSK_MIN_ROWS 24
#define KIOSK_MESSAGE_SIZE 400
#define SESSION_NOTICES 4
#define SESSION_NOTICE_SIZE 512
#define CATALOG_SEARCH_CHARS 32
#define CATALOG_SEARCH_SIZE (CATALOG_SEARCH_CHARS * 4 + 1)

/* Where the catalog was when an item was opened from it, so that Back on
 * the item returns to the same category, search and line. */
struct catalog_place {
	char sku[CATALOG_SKU_SIZE]; /* the item opened; "" for none */
	char category[CATALOG_CATEGORY_SIZE];
	char search[CATALOG_SEARCH_SIZE];
	int search_chars;
	int selected;
};

struct kiosk {
	struct ledger *lg;
	const struct settings *cfg;
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
		int home_choice; /* home's menu entry, kept while the visit goes on */
		struct catalog_place catalog;
	} session;
	/* What a screen hands to the one it opens with kiosk_goto(). */
	struct {
		char sku[CATALOG_SKU_SIZE];        /* the item screen's item */
		char voucher[VCODE_FULL_LEN + 1];  /* the voucher screen's code */
		int just_issued; /* the voucher was redeemed just now: "Done" ends the visit */
	} pass;
	enum lang lang_default; /* every visit starts in it */
	const struct screen_ops *screen;
	void *state;
	int has_next;
	enum screen_id next;
	/* The one-line message above the bar, until the next key. */
	char message[KIOSK_MESSAGE_SIZE];
	enum style message_style;
	int countdown;          /* seconds shown before an idle logout; -1: none */
	int64_t screen_since_ms; /* when the current screen opened (kiosk_now_ms()) */
	int64_t last_input_ms;  /* monotonic, not clock_now(): JIFEN_NOW may stand still */
	int quit;
	struct jf_error err;    /* scratch for core calls */
};

/* Leave this screen for id; returns the flags a handler returns with it. */
int kiosk_goto(struct kiosk *k, enum screen_id id);
/* End the member's visit: forget them, go back to the default language and
 * the attract screen, and show msgid (if not NULL) there. Returns the flags. */
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
