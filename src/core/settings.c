/*
 * settings: the store's config file (INI, through libinih). Validates every value; never prints.
 */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistd.h>

#include "actor.h"
#include "clock.h"
#include "db.h"
#include "parse.h"
#include "settings.h"
#include "xalloc.h"

/* The host name, made a valid terminal name: what a store that never names
 * its terminals still sees in the history. */
static void
default_terminal(char *out, size_t size)
{
	char host[256] = "";
	size_t n = 0;

	if (gethostname(host, sizeof host - 1) != 0)
		host[0] = '\0';
	for (size_t i = 0; host[i] && n + 1 < size; i++) {
		char c = host[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';

		out[n++] = ok ? c : '-';
	}
	out[n] = '\0';
	if (n == 0)
		snprintf(out, size, "%s", "localhost");
}

void
settings_defaults(struct settings *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->store_name, sizeof cfg->store_name, "%s", "jifen");
	snprintf(cfg->welcome, sizeof cfg->welcome, "%s", "");
	default_terminal(cfg->terminal, sizeof cfg->terminal);
	cfg->points_per_yuan = 1;
	cfg->green_per_yuan = 1;
	cfg->lock_days = 0;
	cfg->expiry_policy = EXPIRY_ROLLING;
	cfg->expiry_days = 365;
	cfg->expiry_years = 1;
	cfg->expiry_notice_days = 30;
	cfg->allow_points_transfer = 0;
	cfg->daily_green_limit = 1000;
	cfg->voucher_days = 30;
	cfg->offset_enabled = 1;
	cfg->offset_points_per_yuan = 100;
	cfg->offset_max_percent = 50;
	cfg->card_check = CARD_CHECK_NONE;
	cfg->busy_timeout_ms = 10000;
	cfg->clock_tolerance_s = 300;
	cfg->idle_timeout_s = 60;
	cfg->counter_idle_timeout_s = 300;
	cfg->backup_dir[0] = '\0';
	cfg->backup_keep_days = 14;
	cfg->pin_attempts = 5;
	cfg->pin_lock_minutes = 15;
	cfg->printer_device[0] = '\0'; /* none: slips are kept, not printed */
	cfg->printer_language = PRINT_ZH;
	cfg->printer_width = 32;
	cfg->birthday_plays = 1; /* one free play when [birthday] game is set */
	cfg->manager_only = 1u << ACTION_GRANT | 1u << ACTION_COMPENSATE | 1u << ACTION_DELIST |
			    1u << ACTION_STAFF | 1u << ACTION_MEMBER_ERASE | 1u << ACTION_EARN_RATE |
			    1u << ACTION_PLAN;
	cfg->pin_required = 1u << ACTION_GRANT | 1u << ACTION_COMPENSATE | 1u << ACTION_DELIST;
}

static const char *const action_names[ACTION_COUNT] = {
	[ACTION_GRANT] = "grant",
	[ACTION_COMPENSATE] = "compensate",
	[ACTION_DELIST] = "delist",
	[ACTION_IMPORT] = "import",
	[ACTION_STAFF] = "staff",
	[ACTION_MEMBER_ERASE] = "member erase",
	[ACTION_EARN_RATE] = "earn rate",
	[ACTION_EARN] = "earn",
	[ACTION_TRANSFER] = "transfer",
	[ACTION_MEMBER_CARD] = "member card",
	[ACTION_FAMILY] = "family",
	[ACTION_VOUCHER_REDEEM] = "voucher redeem",
	[ACTION_VOUCHER_CANCEL] = "voucher cancel",
	[ACTION_VOUCHER_RETURN] = "voucher return",
	[ACTION_REDEEM] = "redeem",
	[ACTION_MEMBER_DESK] = "member desk",
	[ACTION_OFFSET] = "offset",
	[ACTION_PLAN] = "plan",
};

const char *
settings_action_name(enum staff_action action)
{
	return (unsigned)action < ACTION_COUNT ? action_names[action] : NULL;
}

int
settings_action_find(const char *name)
{
	for (int i = 0; i < ACTION_COUNT; i++)
		if (strcmp(name, action_names[i]) == 0)
			return i;
	return -1;
}

/* The longest config line (see check_lines()). */
#define SETTINGS_LINE_MAX 190

/* A config may name at most this many sections, and a section this many keys
 * (32 categories and a dozen sections; a section has fewer than 16 keys). */
#define SETTINGS_SECTIONS_MAX 64
#define SETTINGS_KEYS_MAX 32

struct load_state {
	struct settings *cfg;
	struct jf_error *err;
	enum jf_status status;
	const char *where; /* the file, or "(text)" for text in memory, for messages */
	int line;          /* of the line being read (1, 2, ...) */
	const char *next;  /* the text not read yet */
	const char *section; /* of the setting being read, quoted for messages */
	char section_q[48];
	/* Sections seen so far, and the keys of the current one: a second
	 * setting of one key would silently win over the first. */
	char sections[SETTINGS_SECTIONS_MAX][SETTINGS_LINE_MAX + 1];
	int section_count;
	char current[SETTINGS_LINE_MAX + 1]; /* the section of the keys below */
	int section_lines[SETTINGS_SECTIONS_MAX];
	char keys[SETTINGS_KEYS_MAX][SETTINGS_LINE_MAX + 1];
	int key_lines[SETTINGS_KEYS_MAX];
	int key_count;
	int continued; /* the line read is indented, with no '=': inih continues
			* the value before, which the keys here never need */
};

/* Refuse the config, naming the file and the line: "FILE:LINE: what". */
static int conf_fail(struct load_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int
conf_fail(struct load_state *st, const char *fmt, ...)
{
	char what[JF_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	jf_fail(st->err, JF_USAGE, "config %s:%d: %s", st->where, st->line, what);
	st->status = JF_USAGE;
	return -1;
}

static int
parse_bool(const char *v, int *out)
{
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

static int
set_int(struct load_state *st, const char *key, const char *v, int64_t min, int64_t max,
	int64_t *out)
{
	struct jf_error perr;

	if (parse_int_range(key, v, min, max, out, &perr) != JF_OK) {
		return conf_fail(st, "[%s] %s", st->section, perr.message);
	}
	return 0;
}

static int
set_text(struct load_state *st, const char *key, const char *v, size_t max, char *out,
	 size_t out_size)
{
	struct jf_error perr;

	if (parse_text(key, v, max, &perr) != JF_OK) {
		return conf_fail(st, "[%s] %s", st->section, perr.message);
	}
	snprintf(out, out_size, "%s", v);
	return 0;
}

static int
bad_value(struct load_state *st, const char *section, const char *key, const char *want)
{
	return conf_fail(st, "[%s] %s must be %s", section, key, want);
}

/* An absolute path: a relative one would change meaning with the directory
 * jifen happens to be started from. */
static int
set_path(struct load_state *st, const char *key, const char *v, char *out, size_t out_size)
{
	struct jf_error perr;

	if (parse_text(key, v, SETTINGS_PATH_MAX, &perr) != JF_OK) {
		return conf_fail(st, "[%s] %s", st->section, perr.message);
	}
	if (v[0] != '/')
		return bad_value(st, st->section, key, "an absolute path (starting with /)");
	snprintf(out, out_size, "%s", v);
	return 0;
}

/* A ledger's location: an absolute path, file:PATH, or a postgresql:// URL. */
static int
set_location(struct load_state *st, const char *key, const char *v, char *out, size_t out_size)
{
	struct jf_error perr;
	const char *file;

	if (parse_text(key, v, SETTINGS_PATH_MAX, &perr) != JF_OK)
		return conf_fail(st, "[%s] %s", st->section, perr.message);
	switch (db_location_parse(v, &file)) {
	case DB_BACKEND_SQLITE:
		if (file[0] != '/')
			return bad_value(st, st->section, key, "an absolute path or a postgresql:// URL");
		break;
	case DB_BACKEND_POSTGRESQL:
		break;
	default:
		return bad_value(st, st->section, key, "an absolute path or a postgresql:// URL");
	}
	snprintf(out, out_size, "%s", v);
	return 0;
}

static int
set_store(struct load_state *st, const char *key, const char *v)
{
	struct settings *c = st->cfg;

	if (!strcmp(key, "name"))
		return set_text(st, key, v, SETTINGS_NAME_MAX, c->store_name, sizeof c->store_name);
	if (!strcmp(key, "welcome"))
		return set_text(st, key, v, 60, c->welcome, sizeof c->welcome);
	if (!strcmp(key, "terminal")) {
		if (actor_check_terminal(v, NULL) != JF_OK)
			return bad_value(st, "store", key,
					 "1 to 32 letters, digits, '.', '_' or '-'");
		snprintf(c->terminal, sizeof c->terminal, "%s", v);
		return 0;
	}
	if (!strcmp(key, "code")) {
		if (parse_store(v, NULL) != JF_OK)
			return bad_value(st, "store", key, "1 to 16 letters, digits or '-'");
		snprintf(c->store, sizeof c->store, "%s", v);
		return 0;
	}
	return 1;
}

/* A terminal of a chain's store is known by both: "S001/K01" in every row
 * it writes, so a voucher redeemed in another store says which. */
static void
qualify_terminal(struct settings *cfg)
{
	char name[SETTINGS_TERMINAL_SIZE];

	if (!cfg->store[0])
		return;
	snprintf(name, sizeof name, "%s", cfg->terminal);
	snprintf(cfg->terminal, sizeof cfg->terminal, "%s/%.32s", cfg->store, name);
}

static int
set_earn(struct load_state *st, const char *key, const char *v)
{
	struct settings *c = st->cfg;

	if (!strcmp(key, "points_per_yuan"))
		return set_int(st, key, v, 0, 1000, &c->points_per_yuan);
	if (!strcmp(key, "green_per_yuan"))
		return set_int(st, key, v, 0, 1000, &c->green_per_yuan);
	if (!strcmp(key, "lock_days"))
		return set_int(st, key, v, 0, 365, &c->lock_days);
	return 1;
}

static int
set_expiry(struct load_state *st, const char *key, const char *v)
{
	struct settings *c = st->cfg;

	if (!strcmp(key, "policy")) {
		if (!strcmp(v, "rolling"))
			c->expiry_policy = EXPIRY_ROLLING;
		else if (!strcmp(v, "year_end"))
			c->expiry_policy = EXPIRY_YEAR_END;
		else
			return bad_value(st, "expiry", key, "rolling or year_end");
		return 0;
	}
	if (!strcmp(key, "days"))
		return set_int(st, key, v, 1, 36500, &c->expiry_days);
	if (!strcmp(key, "years"))
		return set_int(st, key, v, 0, 100, &c->expiry_years);
	if (!strcmp(key, "notice_days"))
		return set_int(st, key, v, 0, 365, &c->expiry_notice_days);
	return 1;
}

static int
set_transfer(struct load_state *st, const char *key, const char *v)
{
	struct settings *c = st->cfg;

	if (!strcmp(key, "allow_points")) {
		if (parse_bool(v, &c->allow_points_transfer) != 0)
			return bad_value(st, "transfer", key, "true or false");
		return 0;
	}
	if (!strcmp(key, "daily_green_limit"))
		return set_int(st, key, v, 0, PARSE_POINTS_MAX, &c->daily_green_limit);
	return 1;
}

static int
set_misc(struct load_state *st, const char *section, const char *key, const char *v)
{
	struct settings *c = st->cfg;

	if (!strcmp(section, "card") && !strcmp(key, "check_digit")) {
		if (!strcmp(v, "none"))
			c->card_check = CARD_CHECK_NONE;
		else if (!strcmp(v, "luhn"))
			c->card_check = CARD_CHECK_LUHN;
		else
			return bad_value(st, section, key, "none or luhn");
		return 0;
	}
	if (!strcmp(section, "offset") && !strcmp(key, "enabled")) {
		if (parse_bool(v, &c->offset_enabled) != 0)
			return bad_value(st, section, key, "true or false");
		return 0;
	}
	if (!strcmp(section, "offset") && !strcmp(key, "points_per_yuan"))
		return set_int(st, key, v, 1, 1000000, &c->offset_points_per_yuan);
	if (!strcmp(section, "offset") && !strcmp(key, "max_percent"))
		return set_int(st, key, v, 1, 100, &c->offset_max_percent);
	if (!strcmp(section, "voucher") && !strcmp(key, "days"))
		return set_int(st, key, v, 1, 3650, &c->voucher_days);
	if (!strcmp(section, "voucher") && !strcmp(key, "key_file"))
		return set_path(st, key, v, c->voucher_key_file, sizeof c->voucher_key_file);
	if (!strcmp(section, "database") && !strcmp(key, "db"))
		return set_location(st, key, v, c->db_location, sizeof c->db_location);
	if (!strcmp(section, "database") && !strcmp(key, "busy_timeout_ms"))
		return set_int(st, key, v, 0, 600000, &c->busy_timeout_ms);
	if (!strcmp(section, "database") && !strcmp(key, "clock_tolerance"))
		return set_int(st, key, v, 0, 86400, &c->clock_tolerance_s);
	if (!strcmp(section, "kiosk") && !strcmp(key, "idle_timeout"))
		return set_int(st, key, v, 10, 3600, &c->idle_timeout_s);
	if (!strcmp(section, "counter") && !strcmp(key, "idle_timeout"))
		return set_int(st, key, v, 10, 3600, &c->counter_idle_timeout_s);
	if (!strcmp(section, "counter") && !strcmp(key, "queue"))
		return set_path(st, key, v, c->counter_queue, sizeof c->counter_queue);
	if (!strcmp(section, "kiosk") && !strcmp(key, "pin_attempts"))
		return set_int(st, key, v, 1, 100, &c->pin_attempts);
	if (!strcmp(section, "kiosk") && !strcmp(key, "pin_lock_minutes"))
		return set_int(st, key, v, 1, 10080, &c->pin_lock_minutes);
	if (!strcmp(section, "backup") && !strcmp(key, "dir"))
		return set_path(st, key, v, c->backup_dir, sizeof c->backup_dir);
	if (!strcmp(section, "backup") && !strcmp(key, "keep_days"))
		return set_int(st, key, v, 1, 3650, &c->backup_keep_days);
	if (!strcmp(section, "kiosk") && !strcmp(key, "less_motion")) {
		if (parse_bool(v, &c->less_motion) != 0)
			return bad_value(st, section, key, "yes or no");
		return 0;
	}
	return 1;
}

/* [birthday]: a SKU or a game's id is only checked for its
 * form here; birthday.c looks it up when the gift is granted. */
static int
set_code(struct load_state *st, const char *key, const char *v, char *out)
{
	size_t n = strlen(v);

	for (size_t i = 0; i < n; i++) {
		char c = v[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			n = 0;
	}
	if (v[0] != '\0' && (n == 0 || n >= SETTINGS_CODE_SIZE))
		return bad_value(st, st->section, key, "empty or 1 to 32 of A-Z a-z 0-9 . _ -");
	snprintf(out, SETTINGS_CODE_SIZE, "%s", v);
	return 0;
}

static int
set_birthday(struct load_state *st, const char *key, const char *v)
{
	struct settings *c = st->cfg;

	if (!strcmp(key, "points"))
		return set_int(st, key, v, 0, 100000, &c->birthday_points);
	if (!strcmp(key, "item"))
		return set_code(st, key, v, c->birthday_item);
	if (!strcmp(key, "game"))
		return set_code(st, key, v, c->birthday_game);
	if (!strcmp(key, "plays"))
		return set_int(st, key, v, 1, 10, &c->birthday_plays);
	return 1;
}

/* [printer]: a wrong device or width would lose no point, but a cashier
 * would wait for slips that never come out: refused like every typo. */
static int
set_printer(struct load_state *st, const char *key, const char *v)
{
	struct settings *c = st->cfg;

	if (!strcmp(key, "device")) {
		if (!strcmp(v, "none")) {
			c->printer_device[0] = '\0';
			return 0;
		}
		return set_path(st, key, v, c->printer_device, sizeof c->printer_device);
	}
	if (!strcmp(key, "language")) {
		if (!strcmp(v, "zh"))
			c->printer_language = PRINT_ZH;
		else if (!strcmp(v, "en"))
			c->printer_language = PRINT_EN;
		else
			return bad_value(st, "printer", key, "zh or en");
		return 0;
	}
	if (!strcmp(key, "width")) {
		if (!strcmp(v, "32"))
			c->printer_width = 32;
		else if (!strcmp(v, "48"))
			c->printer_width = 48;
		else
			return bad_value(st, "printer", key, "32 or 48");
		return 0;
	}
	return 1;
}

/* "grant, compensate" into a set of actions; "" is the empty set. Every
 * name must be known: a misspelt one would quietly let a cashier do it. */
static int
set_actions(struct load_state *st, const char *key, const char *v, unsigned *out)
{
	char list[SETTINGS_LINE_MAX + 1], name_q[48];
	unsigned set = 0;
	char *save = NULL;

	snprintf(list, sizeof list, "%s", v);
	for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end = tok + strlen(tok);
		int action;

		while (*tok == ' ' || *tok == '\t')
			tok++;
		while (end > tok && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*tok == '\0')
			continue;
		if ((action = settings_action_find(tok)) < 0) {
			parse_quote(tok, name_q, sizeof name_q);
			return conf_fail(st, "[staff] %s: unknown action '%s' (known: "
				"grant, compensate, delist, import, staff, member erase, earn rate, "
				"earn, transfer, member card, family, voucher redeem, voucher cancel, "
				"voucher return, redeem, member desk, offset)", key, name_q);
		}
		set |= 1u << action;
	}
	*out = set;
	return 0;
}

static int
set_staff(struct load_state *st, const char *key, const char *v)
{
	if (!strcmp(key, "manager_only"))
		return set_actions(st, key, v, &st->cfg->manager_only);
	if (!strcmp(key, "pin_required"))
		return set_actions(st, key, v, &st->cfg->pin_required);
	return 1;
}

/* [category NAME] points_per_yuan = N */
static int
set_category(struct load_state *st, const char *name, const char *key, const char *v)
{
	struct settings *c = st->cfg;
	struct settings_category *cat = NULL;
	struct jf_error perr;

	if (strcmp(key, "points_per_yuan") != 0)
		return 1;
	if (parse_name("category name", name, &perr) != JF_OK) {
		return conf_fail(st, "[%s] %s", st->section, perr.message);
	}
	for (int i = 0; i < c->category_count; i++)
		if (!strcmp(c->categories[i].name, name))
			cat = &c->categories[i];
	if (cat == NULL) {
		if (c->category_count == SETTINGS_MAX_CATEGORIES)
			return bad_value(st, "category", name, "one of at most 32 categories");
		cat = &c->categories[c->category_count++];
		snprintf(cat->name, sizeof cat->name, "%s", name);
	}
	return set_int(st, key, v, 0, 1000, &cat->points_per_yuan);
}

static int set_tier(struct load_state *st, const char *id, const char *key, const char *v);
static enum jf_status check_tiers(struct settings *cfg, const char *where, struct jf_error *err);

/* Has this key of the current section been given already? Sections are
 * never given twice (next_line()), so a key's earlier setting can only be
 * in the section being read. Refuses it naming both lines. */
static int
seen_key(struct load_state *st, const char *section, const char *key)
{
	char key_q[48];

	if (strcmp(section, st->current) != 0) {
		snprintf(st->current, sizeof st->current, "%s", section);
		st->key_count = 0;
	}
	parse_quote(key, key_q, sizeof key_q);
	for (int i = 0; i < st->key_count; i++)
		if (!strcmp(st->keys[i], key))
			return conf_fail(st, "[%s] %s is given twice (first on line %d)",
					 st->section, key_q, st->key_lines[i]);
	if (st->key_count == SETTINGS_KEYS_MAX)
		return conf_fail(st, "[%s] has more than %d settings", st->section,
				 SETTINGS_KEYS_MAX);
	snprintf(st->keys[st->key_count], sizeof st->keys[0], "%s", key);
	st->key_lines[st->key_count++] = st->line;
	return 0;
}

static int
on_setting(void *user, const char *section, const char *key, const char *value)
{
	struct load_state *st = user;
	char key_q[48];
	int rc;

	/* Names from the file reach the terminal in messages: quote them harmlessly. */
	parse_quote(section, st->section_q, sizeof st->section_q);
	st->section = st->section_q;
	if (st->status != JF_OK)
		return 0;
	parse_quote(key, key_q, sizeof key_q);
	if (st->continued) {
		conf_fail(st, "[%s] %s: a value continued on another line", st->section, key_q);
		return 0;
	}
	if (seen_key(st, section, key) != 0)
		return 0;
	if (!strcmp(section, "store"))
		rc = set_store(st, key, value);
	else if (!strcmp(section, "earn"))
		rc = set_earn(st, key, value);
	else if (!strcmp(section, "expiry"))
		rc = set_expiry(st, key, value);
	else if (!strcmp(section, "transfer"))
		rc = set_transfer(st, key, value);
	else if (!strcmp(section, "printer"))
		rc = set_printer(st, key, value);
	else if (!strcmp(section, "staff"))
		rc = set_staff(st, key, value);
	else if (!strncmp(section, "category ", 9))
		rc = set_category(st, section + 9, key, value);
	else if (!strcmp(section, "birthday"))
		rc = set_birthday(st, key, value);
	else if (!strncmp(section, "tier ", 5))
		rc = set_tier(st, section + 5, key, value);
	else
		rc = set_misc(st, section, key, value);
	if (rc > 0) {
		conf_fail(st, "unknown setting [%s] %s", st->section, key_q);
	}
	if (rc != 0)
		st->status = JF_USAGE;
	return rc == 0;
}

/*
 * libinih reads a line in pieces of INI_MAX_LINE bytes and cuts section
 * names short, so an overlong line would be read as two settings and a long
 * category name would silently become another. Refuse both up front.
 */
#define SETTINGS_SECTION_MAX 45

static enum jf_status
check_lines(const char *text, const char *where, struct jf_error *err)
{
	const char *line = text, *end, *p;
	int n = 1;

	for (; *line; line = *end ? end + 1 : end, n++) {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		if (end - line > SETTINGS_LINE_MAX)
			return jf_fail(err, JF_USAGE, "config %s:%d: the line is longer than %d bytes", where, n,
				       SETTINGS_LINE_MAX);
		for (p = line; p < end && (*p == ' ' || *p == '\t'); p++)
			;
		if (p < end && *p == '[' && memchr(p, ']', (size_t)(end - p)) &&
		    (const char *)memchr(p, ']', (size_t)(end - p)) - p - 1 > SETTINGS_SECTION_MAX)
			return jf_fail(err, JF_USAGE, "config %s:%d: a section name is longer than %d bytes",
				       where, n, SETTINGS_SECTION_MAX);
	}
	return JF_OK;
}

/* The whole file, NUL-terminated; the caller frees it. */
static enum jf_status
read_whole(const char *path, char **out, struct jf_error *err)
{
	FILE *f = fopen(path, "r");
	size_t len = 0, cap = 4096, n;
	char *buf;

	if (f == NULL)
		return jf_fail(err, JF_USAGE, "config: cannot open %s: %s", path, strerror(errno));
	buf = xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap && cap < (1u << 20))
			buf = xrealloc(buf, cap *= 2);
		else if (len + 1 == cap)
			break;
	}
	if (ferror(f) || len + 1 == cap || memchr(buf, '\0', len)) {
		fclose(f);
		free(buf);
		return jf_fail(err, JF_USAGE, "config: %s is not a text file of at most 1 MiB", path);
	}
	fclose(f);
	buf[len] = '\0';
	*out = buf;
	return JF_OK;
}

/* A [section] line: is its section new? Refuses one given twice. */
static void
check_section(struct load_state *st, const char *line, size_t len)
{
	const char *p = line, *end = line + len, *close;
	char name[SETTINGS_LINE_MAX + 1], name_q[48];

	if (st->line == 1 && len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3; /* inih skips a byte-order mark too */
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p != '[' || (close = memchr(p, ']', (size_t)(end - p))) == NULL)
		return; /* not a section line (inih says what is wrong with it) */
	snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
	parse_quote(name, name_q, sizeof name_q);
	for (int i = 0; i < st->section_count; i++)
		if (!strcmp(st->sections[i], name)) {
			conf_fail(st, "section [%s] is given twice (first on line %d)", name_q,
				  st->section_lines[i]);
			return;
		}
	if (st->section_count == SETTINGS_SECTIONS_MAX) {
		conf_fail(st, "more than %d sections", SETTINGS_SECTIONS_MAX);
		return;
	}
	snprintf(st->sections[st->section_count], sizeof st->sections[0], "%s", name);
	st->section_lines[st->section_count++] = st->line;
}

/* libinih's reader: the next line of the text, counted, so that every
 * message can name its line. check_lines() made sure each line fits in
 * size, so each call is exactly one line. NULL at the end, or to stop
 * after a refusal. */
static char *
next_line(char *out, int size, void *user)
{
	struct load_state *st = user;
	const char *end;
	size_t len;

	if (*st->next == '\0' || st->status != JF_OK || size < 2)
		return NULL;
	end = strchr(st->next, '\n');
	len = end ? (size_t)(end - st->next) + 1 : strlen(st->next);
	if (len > (size_t)size - 1)
		len = (size_t)size - 1;
	memcpy(out, st->next, len);
	out[len] = '\0';
	st->next += len;
	st->line++;
	st->continued = (out[0] == ' ' || out[0] == '\t') && !strpbrk(out, "=:");
	check_section(st, out, len);
	return st->status == JF_OK ? out : NULL;
}

/* Parse text, read from where ("config" for text in memory). */
static enum jf_status
load_text(struct settings *cfg, const char *text, const char *where, struct jf_error *err)
{
	struct load_state *st = xcalloc(1, sizeof *st);
	enum jf_status status;
	int rc;

	settings_defaults(cfg);
	if ((status = check_lines(text, where, err)) != JF_OK) {
		free(st);
		return status;
	}
	st->cfg = cfg;
	st->err = err;
	st->where = where;
	st->next = text;
	st->current[0] = '\0';
	rc = ini_parse_stream(next_line, st, on_setting, st);
	status = st->status;
	if (status == JF_OK && rc > 0)
		status = jf_fail(err, JF_USAGE, "config %s:%d: not a [section] or key = value line",
				 where, rc);
	else if (status == JF_OK && rc < 0)
		status = jf_fail(err, JF_USAGE, "config %s: cannot read it", where);
	if (status == JF_OK)
		status = check_tiers(cfg, where, err);
	if (status == JF_OK)
		qualify_terminal(cfg);
	free(st);
	return status;
}

enum jf_status
settings_load(struct settings *cfg, const char *path, struct jf_error *err)
{
	enum jf_status st;
	char *text = NULL;

	settings_defaults(cfg);
	if (path == NULL)
		return JF_OK;
	if ((st = read_whole(path, &text, err)) != JF_OK)
		return st;
	st = load_text(cfg, text, path, err);
	free(text);
	return st;
}

enum jf_status
settings_load_string(struct settings *cfg, const char *text, struct jf_error *err)
{
	return load_text(cfg, text, "(text)", err);
}

int
settings_has_category(const struct settings *cfg, const char *name)
{
	for (int i = 0; i < cfg->category_count; i++)
		if (!strcmp(cfg->categories[i].name, name))
			return 1;
	return 0;
}

int64_t
settings_earn_points(const struct settings *cfg, int64_t fen, const char *category, int green)
{
	int64_t rate = green ? cfg->green_per_yuan : cfg->points_per_yuan;

	for (int i = 0; category && !green && i < cfg->category_count; i++)
		if (!strcmp(cfg->categories[i].name, category))
			rate = cfg->categories[i].points_per_yuan;
	/* Whole yuan only: points are never given for the fen of a price. */
	return (fen / 100) * rate;
}

void
settings_expiry_date(const struct settings *cfg, const char *credited_on, char out[11])
{
	int64_t days = 0;
	int y, m, d;

	if (cfg->expiry_policy == EXPIRY_ROLLING) {
		clock_date_add(credited_on, cfg->expiry_days, out);
		return;
	}
	clock_parse_date(credited_on, &days);
	clock_civil_from_days(days, &y, &m, &d);
	y += (int)cfg->expiry_years;
	snprintf(out, 11, "%04u-12-31", (unsigned)(y > 9999 ? 9999 : y));
}

/* ---- tiers (tier.h): [tier ID] sections ---- */

/* A tier's id: 1..16 of a-z 0-9 _ -, so catalogs and campaigns can list it. */
static int
tier_id_ok(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n >= SETTINGS_TIER_ID_SIZE)
		return 0;
	return strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

const struct settings_tier *
settings_tier_find(const struct settings *cfg, const char *id)
{
	for (int i = 0; i < cfg->tier_count; i++)
		if (!strcmp(cfg->tiers[i].id, id))
			return &cfg->tiers[i];
	return NULL;
}

/* The tier of this section, made when its first key is read. */
static struct settings_tier *
tier_of_section(struct load_state *st, const char *id)
{
	struct settings *c = st->cfg;
	struct settings_tier *t = (struct settings_tier *)settings_tier_find(c, id);

	if (t != NULL)
		return t;
	if (!tier_id_ok(id)) {
		bad_value(st, "tier", id, "a tier id of 1 to 16 of a-z 0-9 _ -");
		return NULL;
	}
	if (c->tier_count == SETTINGS_MAX_TIERS) {
		bad_value(st, "tier", id, "one of at most 8 tiers");
		return NULL;
	}
	t = &c->tiers[c->tier_count++];
	snprintf(t->id, sizeof t->id, "%s", id);
	t->points = -1; /* required: check_tiers() names a tier without it */
	t->earn_percent = 100;
	t->line = st->line;
	for (int i = 0; i < st->section_count; i++) /* its [tier ID] line, for messages */
		if (!strncmp(st->sections[i], "tier ", 5) && !strcmp(st->sections[i] + 5, id))
			t->line = st->section_lines[i];
	return t;
}

/* [tier ID] name_zh, name_en, points, earn_percent, discount_percent, early_access */
static int
set_tier(struct load_state *st, const char *id, const char *key, const char *v)
{
	struct settings_tier *t;

	if (strcmp(key, "name_zh") && strcmp(key, "name_en") && strcmp(key, "points") &&
	    strcmp(key, "earn_percent") && strcmp(key, "discount_percent") &&
	    strcmp(key, "early_access"))
		return 1;
	if ((t = tier_of_section(st, id)) == NULL)
		return -1;
	if (!strcmp(key, "name_zh"))
		return set_text(st, key, v, PARSE_NAME_MAX_CHARS, t->name_zh, sizeof t->name_zh);
	if (!strcmp(key, "name_en"))
		return set_text(st, key, v, PARSE_NAME_MAX_CHARS, t->name_en, sizeof t->name_en);
	if (!strcmp(key, "points"))
		return set_int(st, key, v, 0, 100000000, &t->points);
	if (!strcmp(key, "earn_percent"))
		return set_int(st, key, v, 100, 1000, &t->earn_percent);
	if (!strcmp(key, "discount_percent"))
		return set_int(st, key, v, 0, 50, &t->discount_percent);
	if (parse_bool(v, &t->early_access) != 0)
		return bad_value(st, st->section, key, "yes or no");
	return 0;
}

static int
tier_cmp(const void *a, const void *b)
{
	const struct settings_tier *x = a, *y = b;

	return (x->points > y->points) - (x->points < y->points);
}

/* What only the whole set of tiers can say: each has its names and points,
 * no two need the same points, one needs none (every member has a tier),
 * and a higher tier never earns or saves less than a lower one. Sorted
 * lowest first. */
static enum jf_status
check_tiers(struct settings *cfg, const char *where, struct jf_error *err)
{
	struct settings_tier *t = cfg->tiers;
	int n = cfg->tier_count;

	for (int i = 0; i < n; i++) {
		if (!t[i].name_zh[0] || !t[i].name_en[0] || t[i].points < 0)
			return jf_fail(err, JF_USAGE, "config %s:%d: [tier %s] needs name_zh, "
				       "name_en and points", where, t[i].line, t[i].id);
	}
	qsort(t, (size_t)n, sizeof *t, tier_cmp);
	if (n > 0 && t[0].points != 0)
		return jf_fail(err, JF_USAGE, "config %s:%d: [tier %s]: the lowest tier needs "
			       "points = 0 (every member has a tier)", where, t[0].line, t[0].id);
	for (int i = 1; i < n; i++) {
		if (t[i].points == t[i - 1].points)
			return jf_fail(err, JF_USAGE, "config %s:%d: [tier %s] needs the same points "
				       "as [tier %s]", where, t[i].line, t[i].id, t[i - 1].id);
		if (t[i].earn_percent < t[i - 1].earn_percent ||
		    t[i].discount_percent < t[i - 1].discount_percent)
			return jf_fail(err, JF_USAGE, "config %s:%d: [tier %s] earns or saves less "
				       "than the lower [tier %s]", where, t[i].line, t[i].id,
				       t[i - 1].id);
	}
	return JF_OK;
}
