/*
 * settings: the store's config file (DESIGN.md "config"), INI read with libinih.
 * (Named settings so it cannot be mistaken for autoconf's config.h.)
 *
 * Every setting has a default, so jifen runs without a file. An unknown
 * section or key, or a bad value, is refused and named: a typo in
 * a setting must never silently change how points are counted.
 * assets/jifen.conf.sample documents every setting.
 */
#ifndef JIFEN_SETTINGS_H
#define JIFEN_SETTINGS_H

#include <stdint.h>

#include "parse.h"
#include "status.h"

#define SETTINGS_MAX_CATEGORIES 32
#define SETTINGS_NAME_MAX 64
#define SETTINGS_STORE_MAX 16 /* a store's code in a chain (parse_store()) */
/* A terminal's name as written: 1 to 32 of A-Z a-z 0-9 . _ -, after its
 * store's code and a '/' when the config names a store. */
#define SETTINGS_TERMINAL_SIZE (SETTINGS_STORE_MAX + 1 + 32 + 1)
#define SETTINGS_PATH_MAX 180
#define SETTINGS_CODE_SIZE 33 /* a SKU or a game: 1..32 of A-Z a-z 0-9 . _ - */ /* a config line holds at most 190 bytes */

enum expiry_policy {
	EXPIRY_ROLLING,  /* a lot expires N days after it was credited */
	EXPIRY_YEAR_END, /* a lot expires on 31 December of the year of credit + k */
};

/* The language of receipts (slip.h): the store's, not a member's. */
enum print_language { PRINT_ZH = 0, PRINT_EN = 1 };

struct settings_category {
	char name[SETTINGS_NAME_MAX + 1];
	int64_t points_per_yuan; /* overrides the earn rate for this category */
};

/*
 * What a staff member does, by name, for the config's [staff] lists
 * (manager_only, pin_required) and staff_may(). A command names its action
 * in its descriptor (cli.h); a counter screen passes the same name.
 */
enum staff_action {
	ACTION_GRANT,          /* "grant": points given by hand */
	ACTION_COMPENSATE,     /* "compensate": compensate outage */
	ACTION_DELIST,         /* "delist": catalog delist */
	ACTION_IMPORT,         /* "import": catalog import */
	ACTION_STAFF,          /* "staff": staff add, disable, another's PIN */
	ACTION_MEMBER_ERASE,   /* "member erase": a member's personal data erased */
	ACTION_EARN_RATE,      /* "earn rate": the earn rate changed */
	ACTION_EARN,           /* "earn": points for a purchase, or its reversal */
	ACTION_TRANSFER,       /* "transfer": points sent between family members */
	ACTION_MEMBER_CARD,    /* "member card": a card replaced */
	ACTION_FAMILY,         /* "family": family create, family add */
	ACTION_VOUCHER_REDEEM, /* "voucher redeem": goods handed over */
	ACTION_VOUCHER_CANCEL, /* "voucher cancel" */
	ACTION_VOUCHER_RETURN, /* "voucher return": goods taken back */
	ACTION_REDEEM,         /* "redeem": a voucher issued for a member */
	ACTION_MEMBER_DESK,    /* "member desk": member pin, unlock, edit */
	ACTION_OFFSET,         /* "offset": points paying part of a bill, or its undo */
	ACTION_PLAN,           /* "plan": a member's one-to-one plan set or ended (plan.h) */
	ACTION_COUNT
};

/* The action's name ("grant"); NULL for one out of range. */
const char *settings_action_name(enum staff_action action);
/* The action named name; -1 if there is none. */
int settings_action_find(const char *name);

/* Tiers (tier.h): [tier ID] sections. A member's tier is the highest whose
 * points the member earned in the last 12 months (the daily job applies
 * it; downgrades once a year). No section: no tiers. */
#define SETTINGS_MAX_TIERS 8
#define SETTINGS_TIER_ID_SIZE (16 + 1) /* 1..16 of a-z 0-9 _ - */

struct settings_tier {
	char id[SETTINGS_TIER_ID_SIZE];      /* "gold": in catalogs and campaigns */
	char name_zh[4 * SETTINGS_NAME_MAX + 1];
	char name_en[4 * SETTINGS_NAME_MAX + 1];
	int64_t points;           /* earned in the last 12 months to reach it; 0: the base */
	int64_t earn_percent;     /* 100..1000: 150 earns half as much again */
	int64_t discount_percent; /* 0..50 off catalog prices in points */
	int early_access;         /* sees items before their new_until date */
	int line;                 /* of its [tier ID] line, for messages */
};

struct settings {
	char store_name[4 * SETTINGS_NAME_MAX + 1];
	char store[SETTINGS_STORE_MAX + 1];    /* [store] code: "" for a store on its own */
	char terminal[SETTINGS_TERMINAL_SIZE]; /* this terminal's name, kept with every write;
					* default: the host name */
	char welcome[4 * 200 + 1];
	/* earn */
	int64_t points_per_yuan;       /* ordinary points per whole yuan spent */
	int64_t green_per_yuan;        /* green points per whole yuan of green goods */
	int64_t lock_days;             /* earned points stay pending this long (return window) */
	struct settings_category categories[SETTINGS_MAX_CATEGORIES];
	int category_count;
	/* expiry */
	enum expiry_policy expiry_policy;
	int64_t expiry_days;           /* rolling: days until a lot expires */
	int64_t expiry_years;          /* year_end: k in "end of year Y+k" */
	int64_t expiry_notice_days;    /* announce lots expiring within this many days */
	/* transfer */
	int allow_points_transfer;     /* ordinary points may move within a family too */
	int64_t daily_green_limit;     /* green points one member may send per day; 0: no limit */
	/* voucher */
	int64_t voucher_days;          /* a voucher expires this many days after issue */
	char voucher_key_file[SETTINGS_PATH_MAX + 1]; /* absolute; "": LEDGER.key beside the ledger */
	/* offset: points paying part of a bill (offset.h) */
	int offset_enabled;            /* may points pay bills at all */
	int64_t offset_points_per_yuan; /* points that pay one yuan */
	int64_t offset_max_percent;    /* points pay at most this share of a bill */
	/* card */
	enum card_check card_check;
	/* database */
	char db_location[SETTINGS_PATH_MAX + 1]; /* [database] db: an absolute path or a
						  * postgresql:// URL; "": none */
	int64_t busy_timeout_ms;
	int64_t clock_tolerance_s;     /* a write whose clock is further behind the
					* ledger's latest entry is refused */
	/* kiosk */
	int64_t idle_timeout_s;
	int64_t pin_attempts;
	int64_t pin_lock_minutes;
	int less_motion;               /* the wheel shows where it stops at once, unspun */
	/* printer (receipts, slip.h) */
	char printer_device[SETTINGS_PATH_MAX + 1]; /* absolute path; "": none */
	enum print_language printer_language;       /* default Chinese */
	int64_t printer_width;                      /* columns: 32 (58 mm) or 48 (80 mm) */
	/* staff: sets of actions, bit (1u << enum staff_action) */
	unsigned manager_only; /* only a manager may do these */
	unsigned pin_required; /* --staff must be confirmed with the staff member's PIN */
	/* counter */
	int64_t counter_idle_timeout_s; /* the cashier is signed out after this idle */
	/* the purchases taken while the ledger cannot be reached (queue.h):
	 * absolute; "": LEDGER.queue beside a file ledger, none otherwise */
	char counter_queue[SETTINGS_PATH_MAX + 1];
	/* backup (backup.h): the daily job's backups */
	char backup_dir[SETTINGS_PATH_MAX + 1]; /* absolute; "": the daily job makes none */
	int64_t backup_keep_days;               /* older daily backups are removed */
	/* birthday (birthday.h): the gift of the birthday month,
	 * each part optional; nothing is given when all are empty */
	int64_t birthday_points;                /* points; 0: none */
	char birthday_item[SETTINGS_CODE_SIZE]; /* a catalog SKU, as a voucher; "": none */
	char birthday_game[SETTINGS_CODE_SIZE]; /* free plays of this game; "": none */
	int64_t birthday_plays;                 /* how many free plays of it */
	/* tiers (tier.h), lowest first after loading; none: no tiers */
	struct settings_tier tiers[SETTINGS_MAX_TIERS];
	int tier_count;
};

/* Fill *cfg with the defaults. */
void settings_defaults(struct settings *cfg);

/* Defaults, then the file at path (if path is NULL, defaults only). */
enum jf_status settings_load(struct settings *cfg, const char *path, struct jf_error *err);

/* Parse config text from memory (the fuzz target and tests use this). */
enum jf_status settings_load_string(struct settings *cfg, const char *text, struct jf_error *err);

/* Is there a [category NAME] section? */
int settings_has_category(const struct settings *cfg, const char *name);

/* Points earned for spending fen in a category (NULL: none); rounds down. */
int64_t settings_earn_points(const struct settings *cfg, int64_t fen, const char *category, int green);

/* The tier whose id is id, or NULL. */
const struct settings_tier *settings_tier_find(const struct settings *cfg, const char *id);

/* The expiry date of a lot credited on date (both "YYYY-MM-DD"). */
void settings_expiry_date(const struct settings *cfg, const char *credited_on, char out[11]);

#endif
