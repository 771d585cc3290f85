/*
 * voucher: issue, redeem, cancel, expire and return vouchers. Each
 * operation is one write transaction; holds and stock move inside it, so a
 * voucher, its hold and the item's stock never disagree.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "campaign.h"
#include "account.h"
#include "db.h"
#include "entry.h"
#include "ledger_int.h"
#include "log.h"
#include "lot.h"
#include "parse.h"
#include "random.h"
#include "tier.h"
#include "voucher.h"
#include "xalloc.h"

#define VOUCHER_QTY_MAX 100
#define RETURN_GRACE_DAYS 30

const char *
voucher_state_name(enum voucher_state state)
{
	static const char *const names[] = { "issued", "redeemed", "cancelled", "expired",
					     "returned" };

	return (unsigned)state < 5 ? names[state] : "unknown";
}

/* ---- the key ---- */

#define VOUCHER_KEY_MODE 0640

enum jf_status
voucher_key_path(const struct settings *cfg, const char *location, char **out,
		 struct jf_error *err)
{
	const char *file;

	*out = NULL;
	if (cfg->voucher_key_file[0] != '\0') {
		*out = xstrdup(cfg->voucher_key_file);
		return JF_OK;
	}
	if (db_location_parse(location, &file) == DB_BACKEND_SQLITE) {
		*out = xasprintf("%s.key", file);
		return JF_OK;
	}
	/* Not repeated: a location may hold a password. */
	return jf_fail(err, JF_USAGE,
		       "the ledger is not a file, so its voucher key cannot lie beside it: "
		       "set [voucher] key_file in the config");
}

/*
 * Write a fresh key under a private temporary name, then put it in place:
 * rename() for a new ledger (a stale key of a deleted ledger is replaced),
 * link() when filling in a missing key, so that two terminals doing it at
 * once keep one key between them.
 */
static enum jf_status
key_put(const char *path, const unsigned char key[VCODE_KEY_LEN], int replace, uid_t owner,
	struct jf_error *err)
{
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	enum jf_status st = JF_OK;
	int fd, placed;

	/* 0600 from the start, whatever the umask: the key never exists
	 * readable by others. Then 0640, as the ledger: its group reads
	 * vouchers too (README "Install"). */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	/* Root making the key of another user's ledger gives it to that user,
	 * as key_load() wants it. */
	if (fd < 0 || fchmod(fd, VOUCHER_KEY_MODE) != 0 ||
	    (owner != geteuid() && fchown(fd, owner, (gid_t)-1) != 0) ||
	    write(fd, key, VCODE_KEY_LEN) != (ssize_t)VCODE_KEY_LEN || fsync(fd) != 0 ||
	    close(fd) != 0) {
		st = jf_fail(err, JF_ERR, "cannot write the voucher key %s: %s", path,
			     strerror(errno));
	} else {
		placed = replace ? rename(tmp, path) : link(tmp, path);
		if (placed != 0 && !(errno == EEXIST && !replace))
			st = jf_fail(err, JF_ERR, "cannot write the voucher key %s: %s", path,
				     strerror(errno));
	}
	unlink(tmp);
	free(tmp);
	return st;
}

/* A fresh key at path (key_put()). */
static enum jf_status
key_write(const char *path, int replace, uid_t owner, struct jf_error *err)
{
	unsigned char key[VCODE_KEY_LEN];
	enum jf_status st;

	random_bytes(key, sizeof key);
	st = key_put(path, key, replace, owner, err);
	sodium_memzero(key, sizeof key);
	return st;
}

/* The ledger's user: the owner of a file ledger, else whoever runs jifen. */
static uid_t
ledger_owner(struct ledger *lg)
{
	struct stat sb;
	const char *file = db_path(lg->db);

	return file && stat(file, &sb) == 0 ? sb.st_uid : geteuid();
}

enum jf_status
voucher_key_create(struct ledger *lg, struct jf_error *err)
{
	enum jf_status st;
	char *path;

	if ((st = voucher_key_path(lg->cfg, db_location(lg->db), &path, err)) != JF_OK)
		return st;
	/* A key beside the ledger is the new ledger's own: a stale one of a
	 * deleted ledger is replaced. A key the config names may be shared
	 * with other ledgers: one already there is kept. */
	st = key_write(path, lg->cfg->voucher_key_file[0] == '\0', ledger_owner(lg), err);
	free(path);
	return st;
}

/*
 * Is the open key file one jifen would have made? The MACs are only as
 * good as the key: a file of another size (half of it ignored), a link to
 * /dev/zero or a device (an all-zero or endless key), a FIFO (a wait for
 * ever), another user's file or one others may write (a key someone else
 * chose) would sign vouchers without a word. Each is one clear line.
 */
static enum jf_status
key_check(struct ledger *lg, int fd, const char *path, struct jf_error *err)
{
	struct stat sb;
	uid_t owner = ledger_owner(lg);

	if (fstat(fd, &sb) != 0)
		return jf_fail(err, JF_ERR, "cannot read the voucher key %s: %s", path,
			       strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return jf_fail(err, JF_ERR, "the voucher key %s is not a regular file", path);
	if (sb.st_size != VCODE_KEY_LEN)
		return jf_fail(err, JF_ERR, "the voucher key %s is %lld bytes, not %d", path,
			       (long long)sb.st_size, VCODE_KEY_LEN);
	if (sb.st_uid != owner)
		return jf_fail(err, JF_ERR,
			       "the voucher key %s is owned by uid %ld, not by the ledger's user "
			       "(uid %ld)", path, (long)sb.st_uid, (long)owner);
	if ((sb.st_mode & 022) != 0)
		return jf_fail(err, JF_ERR,
			       "the voucher key %s is writable by group or others (mode %03o): "
			       "make it 0640", path, (unsigned)(sb.st_mode & 0777));
	return JF_OK;
}

/* Read the key at path, checked as key_check() says; key is zeroed on failure. */
static enum jf_status
key_read(struct ledger *lg, const char *path, unsigned char key[VCODE_KEY_LEN],
	 struct jf_error *err)
{
	/* Non-blocking: a FIFO put there is refused, not waited on. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	enum jf_status st;
	ssize_t n;

	if (fd < 0)
		return jf_fail(err, JF_ERR, "cannot read the voucher key %s: %s", path,
			       strerror(errno));
	st = key_check(lg, fd, path, err);
	n = st == JF_OK ? read(fd, key, VCODE_KEY_LEN) : 0;
	close(fd);
	if (st == JF_OK && n != VCODE_KEY_LEN)
		st = jf_fail(err, JF_ERR, "the voucher key %s is damaged", path);
	else if (st == JF_OK && sodium_is_zero(key, VCODE_KEY_LEN))
		st = jf_fail(err, JF_ERR, "the voucher key %s is all zeros", path);
	if (st != JF_OK)
		sodium_memzero(key, VCODE_KEY_LEN);
	return st;
}

static enum jf_status
key_load(struct ledger *lg, unsigned char key[VCODE_KEY_LEN], struct jf_error *err)
{
	enum jf_status st;
	char *path;

	if ((st = voucher_key_path(lg->cfg, db_location(lg->db), &path, err)) != JF_OK)
		return st;
	if (access(path, F_OK) != 0 && errno == ENOENT) {
		int64_t vouchers = 1;
		/* A ledger from before vouchers existed gets its key on first use. */
		db_one_int(db_stmt(lg->db, "SELECT count(*) FROM voucher"), &vouchers, NULL);
		if (vouchers == 0)
			(void)key_write(path, 0, ledger_owner(lg), NULL);
	}
	st = key_read(lg, path, key, err);
	free(path);
	return st;
}

enum jf_status
voucher_key_copy(struct ledger *from, struct ledger *to, int *written, struct jf_error *err)
{
	unsigned char key[VCODE_KEY_LEN], there[VCODE_KEY_LEN];
	char *from_path = NULL, *to_path = NULL;
	enum jf_status st;

	*written = 0;
	if ((st = voucher_key_path(from->cfg, db_location(from->db), &from_path, err)) != JF_OK ||
	    (st = voucher_key_path(to->cfg, db_location(to->db), &to_path, err)) != JF_OK ||
	    (st = key_read(from, from_path, key, err)) != JF_OK)
		goto out;
	if (access(to_path, F_OK) != 0 && errno == ENOENT) {
		/* link(), never rename(): a key that appeared meanwhile is kept,
		 * and then compared below. */
		if ((st = key_put(to_path, key, 0, ledger_owner(to), err)) != JF_OK)
			goto out;
		*written = 1;
	}
	st = key_read(to, to_path, there, err);
	if (st == JF_OK && sodium_memcmp(key, there, VCODE_KEY_LEN) != 0)
		st = jf_fail(err, JF_CONFLICT,
			     "the voucher key %s holds another key than %s: vouchers already "
			     "issued would no longer scan; name a key_file that does not exist yet",
			     to_path, from_path);
	sodium_memzero(there, sizeof there);
	if (st != JF_OK && *written) {
		unlink(to_path);
		*written = 0;
	}
out:
	sodium_memzero(key, sizeof key);
	free(from_path);
	free(to_path);
	return st;
}

/* A key of its own for another use of the voucher key (game seeds): a
 * keyed BLAKE2b of the context under the voucher key, so what is made
 * with it (a revealed seed) tells nothing of the voucher key. */
enum jf_status
voucher_derive_key(struct ledger *lg, const char *context, unsigned char out[VCODE_KEY_LEN],
		   struct jf_error *err)
{
	unsigned char key[VCODE_KEY_LEN];
	enum jf_status st;

	if ((st = key_load(lg, key, err)) != JF_OK)
		return st;
	crypto_generichash(out, VCODE_KEY_LEN, (const unsigned char *)context, strlen(context), key,
			   sizeof key);
	sodium_memzero(key, sizeof key);
	return JF_OK;
}

/* ---- reading ---- */

#define VOUCHER_COLUMNS                                                                   \
	"SELECT v.id, v.short, m.card, i.sku, i.name_zh, i.name_en, a.kind, v.qty, v.points, " \
	"i.cash_fen * v.qty, v.state, v.issued_at, v.expires_at, coalesce(v.redeemed_at, 0), " \
	"coalesce(v.redeemed_by, ''), coalesce(v.closed_at, 0), coalesce(v.closed_by, ''), "   \
	"v.reason, i.type, i.value_fen, i.min_spend_fen, "                                    \
	"coalesce((SELECT e.terminal FROM entry e WHERE e.id = h.entry_id "                   \
	"AND v.state IN (1, 4)), '') "                                                          \
	"FROM voucher v JOIN member m ON m.id = v.member_id "                                 \
	"JOIN item i ON i.id = v.item_id JOIN hold h ON h.id = v.hold_id "                    \
	"JOIN account a ON a.id = h.account_id "

static void
copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

static void
read_voucher(struct db_stmt *s, const unsigned char key[VCODE_KEY_LEN], struct voucher *v)
{
	memset(v, 0, sizeof *v);
	v->id = db_col_int(s, 0);
	vcode_make(key, v->id, v->code);
	vcode_short_show(db_col_text(s, 1), v->short_code);
	copy_text(v->card, sizeof v->card, db_col_text(s, 2));
	copy_text(v->sku, sizeof v->sku, db_col_text(s, 3));
	copy_text(v->name_zh, sizeof v->name_zh, db_col_text(s, 4));
	copy_text(v->name_en, sizeof v->name_en, db_col_text(s, 5));
	v->kind = (enum point_kind)db_col_int(s, 6);
	v->qty = db_col_int(s, 7);
	v->points = db_col_int(s, 8);
	v->cash_fen = db_col_int(s, 9);
	v->state = (enum voucher_state)db_col_int(s, 10);
	v->issued_at = db_col_int(s, 11);
	v->expires_at = db_col_int(s, 12);
	v->redeemed_at = db_col_int(s, 13);
	actor_normalize(db_col_text(s, 14), v->redeemed_by, sizeof v->redeemed_by);
	v->closed_at = db_col_int(s, 15);
	actor_normalize(db_col_text(s, 16), v->closed_by, sizeof v->closed_by);
	copy_text(v->reason, sizeof v->reason, db_col_text(s, 17));
	v->item_type = (enum item_type)db_col_int(s, 18);
	v->value_fen = db_col_int(s, 19);
	v->min_spend_fen = db_col_int(s, 20);
	v->bill_fen = -1;
	copy_text(v->redeemed_terminal, sizeof v->redeemed_terminal, db_col_text(s, 21));
}

static enum jf_status
load_by_id(struct ledger *lg, int64_t id, struct voucher *v, struct jf_error *err)
{
	unsigned char key[VCODE_KEY_LEN];
	struct db_stmt *s;
	enum jf_status st;
	enum db_step_result rc;

	if ((st = key_load(lg, key, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, VOUCHER_COLUMNS "WHERE v.id = :id");
	db_bind_int(s, ":id", id);
	rc = db_step(s, err);
	if (rc == DB_ROW)
		read_voucher(s, key, v);
	db_reset(s);
	sodium_memzero(key, sizeof key);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	if (rc == DB_DONE)
		return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_VOUCHER, (struct jf_why){ .text = NULL },
				 "no such voucher");
	return JF_OK;
}

/* Turn a typed or scanned code into a voucher id. Forged codes stop here,
 * before any lookup of the voucher itself. */
static enum jf_status
resolve_code(struct ledger *lg, const char *code, int64_t *id, struct jf_error *err)
{
	unsigned char key[VCODE_KEY_LEN];
	char short_code[VCODE_SHORT_LEN + 1];
	struct db_stmt *s;
	enum jf_status st;

	if (code != NULL && strlen(code) == VCODE_FULL_LEN) {
		if ((st = key_load(lg, key, err)) != JF_OK)
			return st;
		st = vcode_check(key, code, id);
		sodium_memzero(key, sizeof key);
		if (st == JF_OK)
			return JF_OK;
	} else if (code != NULL && strlen(code) <= 16 &&
		   vcode_short_check(code, short_code) == JF_OK) {
		s = db_stmt(lg->db, "SELECT id FROM voucher WHERE short = :s");
		db_bind_text(s, ":s", short_code);
		st = db_one_int(s, id, err);
		if (st == JF_NOTFOUND)
			return jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_VOUCHER,
					 (struct jf_why){ .text = short_code },
					 "no voucher with the short code %.16s", code);
		if (st != JF_OK)
			return st;
		/* Found is not genuine: the short code is made from the key, and
		 * one the key did not make (another key's, a code written into the
		 * ledger) is refused as a forged full code is. */
		if ((st = key_load(lg, key, err)) != JF_OK)
			return st;
		st = vcode_short_verify(key, *id, short_code);
		sodium_memzero(key, sizeof key);
		if (st == JF_OK)
			return JF_OK;
	}
	return jf_refuse(err, JF_NOTFOUND, JF_R_INVALID_VOUCHER, (struct jf_why){ .text = NULL },
			 "not a valid voucher");
}

enum jf_status
voucher_find(struct ledger *lg, const char *code, struct voucher *out, struct jf_error *err)
{
	enum jf_status st;
	int64_t id;

	if ((st = resolve_code(lg, code, &id, err)) != JF_OK)
		return st;
	return load_by_id(lg, id, out, err);
}

enum jf_status
voucher_list(struct ledger *lg, const char *card, int open_only,
	     int (*fn)(const struct voucher *v, void *ctx), void *ctx, struct jf_error *err)
{
	unsigned char key[VCODE_KEY_LEN];
	struct voucher v;
	struct db_stmt *s;
	enum jf_status st;
	struct member m;
	enum db_step_result rc;

	/* A card nobody has (a replaced one included) is not "no vouchers". */
	if ((st = member_find(lg, card, &m, err)) != JF_OK || (st = key_load(lg, key, err)))
		return st;
	s = db_stmt(lg->db, VOUCHER_COLUMNS "WHERE m.card = :card AND (:open = 0 OR v.state = 0) "
					    "ORDER BY v.id DESC");
	db_bind_text(s, ":card", card);
	db_bind_int(s, ":open", open_only);
	while ((rc = db_step(s, err)) == DB_ROW) {
		read_voucher(s, key, &v);
		if (fn(&v, ctx))
			break;
	}
	db_reset(s);
	sodium_memzero(key, sizeof key);
	return rc == DB_ERROR ? (err ? err->status : JF_ERR) : JF_OK;
}

/* ---- issuing ---- */

struct issue_ctx {
	const char *card, *sku, *key;
	int64_t qty;
	int prize; /* paid by the games account: no tier price nor early access */
};

/* The short code of the voucher about to be id: the first attempt whose
 * check character is in the alphabet and that no other voucher has (40
 * bits: a clash is rare). */
static enum jf_status
new_short_code(struct ledger *lg, int64_t id, char out[VCODE_SHORT_LEN + 1],
	       struct jf_error *err)
{
	unsigned char key[VCODE_KEY_LEN];
	struct db_stmt *s;
	enum jf_status st;
	int64_t n;

	if ((st = key_load(lg, key, err)) != JF_OK)
		return st;
	for (int attempt = 0; attempt < VCODE_SHORT_ATTEMPTS; attempt++) {
		if (!vcode_short_make(key, id, attempt, out))
			continue;
		s = db_stmt(lg->db, "SELECT count(*) FROM voucher WHERE short = :s");
		db_bind_text(s, ":s", out);
		if ((st = db_one_int(s, &n, err)) != JF_OK || n == 0)
			goto done;
	}
	st = jf_fail(err, JF_ERR, "cannot find a free short code");
done:
	sodium_memzero(key, sizeof key);
	return st;
}

enum jf_status
voucher_price(struct ledger *lg, const char *card, const struct catalog_item *item,
	      int64_t *price, char *by, size_t by_size, struct jf_error *err)
{
	char campaign_by[GAME_CODE_SIZE];
	int64_t campaign, tier;
	enum jf_status st;

	if ((st = campaign_price(lg, card, item->sku, item->category, item->points, &campaign,
				 campaign_by, err)) != JF_OK ||
	    (st = tier_price(lg, card, clock_now(), item, &tier, err)) != JF_OK)
		return st;
	*price = campaign < tier ? campaign : tier;
	snprintf(by, by_size, "%s", campaign < tier ? campaign_by : "");
	return JF_OK;
}

/* The item as card's member may redeem it: offered, seen by their tier
 * (early access), at the member's price (voucher_price()), which the
 * voucher keeps. A prize keeps the item's own points. */
static enum jf_status
check_item(struct ledger *lg, const char *card, struct catalog_item *item, int64_t qty,
	   int prize, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN], by[GAME_CODE_SIZE];
	enum jf_status st;

	ledger_today(today);
	if ((st = catalog_check_offer(item, today, err)) != JF_OK)
		return st;
	if (!prize && ((st = tier_check_early(lg, card, clock_now(), item, err)) != JF_OK ||
		       (st = voucher_price(lg, card, item, &item->points, by, sizeof by,
					   err)) != JF_OK))
		return st;
	if (item->points > PARSE_POINTS_MAX / qty)
		return jf_fail(err, JF_USAGE, "too many items in one voucher");
	return JF_OK;
}

static enum jf_status
insert_voucher(struct ledger *lg, int64_t member_id, const struct catalog_item *item,
	       int64_t qty, int64_t hold_id, int64_t *id, struct jf_error *err)
{
	char short_code[VCODE_SHORT_LEN + 1], placeholder[24];
	struct db_stmt *s;
	enum jf_status st;
	int64_t now = clock_now();

	/* The id comes from the database (DESIGN.md: ids from the database,
	 * never "the last one + 1"); the short code is made from it, so the row
	 * holds a placeholder no short code can be (':' and the hold, which is
	 * unique per voucher) until the code is set in the same transaction. */
	s = db_stmt(lg->db, "INSERT INTO voucher(short, member_id, item_id, qty, points, "
			    "hold_id, issued_at, expires_at) "
			    "VALUES (:placeholder, :m, :i, :q, :p, :h, :now, :exp) RETURNING id");
	snprintf(placeholder, sizeof placeholder, ":%lld", (long long)hold_id);
	db_bind_text(s, ":placeholder", placeholder);
	db_bind_int(s, ":m", member_id);
	db_bind_int(s, ":i", item->id);
	db_bind_int(s, ":q", qty);
	db_bind_int(s, ":p", item->points * qty);
	db_bind_int(s, ":h", hold_id);
	db_bind_int(s, ":now", now);
	db_bind_int(s, ":exp", now + lg->cfg->voucher_days * 86400);
	if ((st = db_one_int(s, id, err)) != JF_OK)
		return st;
	if (*id > VCODE_ID_MAX)
		return jf_fail(err, JF_ERR, "voucher numbers are exhausted");
	if ((st = new_short_code(lg, *id, short_code, err)) != JF_OK)
		return st;
	s = db_stmt(lg->db, "UPDATE voucher SET short = :s WHERE id = :id");
	db_bind_text(s, ":s", short_code);
	db_bind_int(s, ":id", *id);
	return db_run(s, err);
}

static enum jf_status
do_issue(struct ledger *lg, void *ctx, struct ledger_result *res, struct jf_error *err)
{
	struct issue_ctx *ic = ctx;
	struct catalog_item item;
	struct account acct;
	struct hold_request hr;
	enum jf_status st;
	char *hold_key;
	int64_t hold_id;

	if ((st = catalog_find(lg, ic->sku, &item, err)) != JF_OK ||
	    (st = check_item(lg, ic->card, &item, ic->qty, ic->prize, err)) != JF_OK)
		return st;
	hr.kind = item.green ? KIND_GREEN : KIND_POINTS;
	if ((st = account_of_card(lg->db, ic->card, hr.kind, &acct, err)) != JF_OK ||
	    (st = catalog_take_stock(lg, item.id, ic->qty, err)) != JF_OK)
		return st;
	hold_key = xasprintf("voucher-%s", ic->key);
	hr.card = ic->card;
	hr.points = item.points * ic->qty;
	hr.key = hold_key;
	hr.memo = item.sku;
	hr.expires_at = clock_now() + lg->cfg->voucher_days * 86400;
	/* Nested in this transaction: the hold and the voucher land together. */
	st = ledger_hold(lg, &hr, &hold_id, NULL, err);
	free(hold_key);
	if (st == JF_OK)
		st = insert_voucher(lg, acct.member_id, &item, ic->qty, hold_id, &res->entry_id, err);
	res->points = hr.points;
	return st;
}

static enum jf_status issue(struct ledger *lg, const char *card, const char *sku, int64_t qty,
			    const char *key, int prize, struct voucher *out, struct jf_error *err);

enum jf_status
voucher_issue(struct ledger *lg, const char *card, const char *sku, int64_t qty,
	      const char *key, struct voucher *out, struct jf_error *err)
{
	return issue(lg, card, sku, qty, key, 0, out, err);
}

enum jf_status
voucher_issue_prize(struct ledger *lg, const char *card, const char *sku, int64_t qty,
		    const char *key, struct voucher *out, struct jf_error *err)
{
	return issue(lg, card, sku, qty, key, 1, out, err);
}

/* The keyed write and the voucher read back, in one transaction. */
struct issue_once_ctx {
	struct issue_ctx *ic;
	const char *ref, *canonical;
	struct ledger_result *res;
	struct voucher *out;
};

static enum jf_status
issue_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct issue_once_ctx *io = ctx;
	enum jf_status st;

	memset(io->out, 0, sizeof *io->out);
	st = keyed_write(lg, io->ref, io->canonical, do_issue, io->ic, io->res, err);
	if (st == JF_OK)
		st = load_by_id(lg, io->res->entry_id, io->out, err);
	return st;
}

static enum jf_status
issue(struct ledger *lg, const char *card, const char *sku, int64_t qty, const char *key,
      int prize, struct voucher *out, struct jf_error *err)
{
	struct issue_ctx ic = { card, sku, key, qty, prize };
	struct issue_once_ctx io;
	unsigned char key_bytes[VCODE_KEY_LEN];
	struct ledger_result res;
	unsigned char nonce[12];
	char hex[25], *ref, *canonical;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	/* A voucher nobody can be shown must not be issued: the key comes first. */
	if ((st = key_load(lg, key_bytes, err)) != JF_OK)
		return st;
	sodium_memzero(key_bytes, sizeof key_bytes);
	if (qty < 1 || qty > VOUCHER_QTY_MAX)
		return jf_fail(err, JF_USAGE, "quantity must be from 1 to %d", VOUCHER_QTY_MAX);
	if (key && (st = parse_key("key", key, err)) != JF_OK)
		return st;
	if (key == NULL) {
		random_bytes(nonce, sizeof nonce);
		sodium_bin2hex(hex, sizeof hex, nonce, sizeof nonce);
		ic.key = hex;
	}
	ref = xasprintf("voucher:%s", ic.key);
	canonical = xasprintf("voucher\n%s\n%s\n%lld", card, sku, (long long)qty);
	/* Read the voucher back before the commit, as the other steps do: a
	 * failure after the commit would report an issued voucher as not
	 * issued. The keyed write nests in this transaction; a replay is read
	 * back the same way. */
	io = (struct issue_once_ctx){ &ic, ref, canonical, &res, out };
	memset(&res, 0, sizeof res);
	st = ledger_write(lg, issue_once, &io, err);
	free(ref);
	free(canonical);
	if (st != JF_OK)
		memset(out, 0, sizeof *out);
	out->replay = st == JF_OK && res.replay;
	return st;
}

enum jf_status
voucher_can_issue(struct ledger *lg, const char *card, const char *sku, int64_t qty,
		  struct jf_error *err)
{
	struct catalog_item item;
	struct account acct;
	enum jf_status st;

	if ((st = ledger_check_card(lg, card, err)) != JF_OK)
		return st;
	if (qty < 1 || qty > VOUCHER_QTY_MAX)
		return jf_fail(err, JF_USAGE, "quantity must be from 1 to %d", VOUCHER_QTY_MAX);
	/* In do_issue()'s order, so both refuse for the same first reason. */
	if ((st = catalog_find(lg, sku, &item, err)) != JF_OK ||
	    (st = check_item(lg, card, &item, qty, 0, err)) != JF_OK ||
	    (st = account_of_card(lg->db, card, item.green ? KIND_GREEN : KIND_POINTS, &acct,
				  err)) != JF_OK ||
	    (st = catalog_check_stock(&item, qty, err)) != JF_OK)
		return st;
	return ledger_need_available(lg, &acct, card, item.points * qty, err);
}

/* ---- state changes ---- */

struct voucher_row {
	int64_t id, hold_id, item_id, qty, points, member_id, expires_at, redeemed_at, closed_at;
	int64_t bill_fen; /* redeem: the bill a coupon is used on; -1: none said */
	int state;
	char redeemed_by[65];
	char terminal[SETTINGS_TERMINAL_SIZE]; /* where it was redeemed; "" before terminals */
};

static enum jf_status
read_row(struct db *db, int64_t id, struct voucher_row *r, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(db, "SELECT hold_id, item_id, qty, points, member_id, state, "
					"expires_at, coalesce(redeemed_at, 0), "
					"coalesce(redeemed_by, ''), coalesce(closed_at, 0), "
					/* where: the terminal of the entry that posted the hold */
					"coalesce((SELECT e.terminal FROM hold h JOIN entry e "
					"ON e.id = h.entry_id WHERE h.id = voucher.hold_id), '') "
					"FROM voucher WHERE id = :id");
	enum db_step_result rc;

	db_bind_int(s, ":id", id);
	rc = db_step(s, err);
	if (rc == DB_ROW) {
		r->id = id;
		r->hold_id = db_col_int(s, 0);
		r->item_id = db_col_int(s, 1);
		r->qty = db_col_int(s, 2);
		r->points = db_col_int(s, 3);
		r->member_id = db_col_int(s, 4);
		r->state = (int)db_col_int(s, 5);
		r->expires_at = db_col_int(s, 6);
		r->redeemed_at = db_col_int(s, 7);
		copy_text(r->redeemed_by, sizeof r->redeemed_by, db_col_text(s, 8));
		r->closed_at = db_col_int(s, 9);
		copy_text(r->terminal, sizeof r->terminal, db_col_text(s, 10));
	}
	db_reset(s);
	if (rc == DB_ERROR)
		return err ? err->status : JF_ERR;
	return rc == DB_DONE ? jf_refuse(err, JF_NOTFOUND, JF_R_UNKNOWN_VOUCHER, (struct jf_why){ .text = NULL },
				   "no such voucher")
		       : JF_OK;
}

/* Why a voucher in this state cannot take the requested step. */
static enum jf_status
wrong_state(const struct voucher_row *r, const char *step, struct jf_error *err)
{
	static const enum jf_reason closed[] = {
		[VOUCHER_CANCELLED] = JF_R_VOUCHER_CANCELLED,
		[VOUCHER_EXPIRED] = JF_R_VOUCHER_EXPIRED,
		[VOUCHER_RETURNED] = JF_R_VOUCHER_RETURNED,
	};
	char when[CLOCK_ISO_LEN], who[ACTOR_TEXT_SIZE + 8];
	enum jf_reason why = JF_R_NONE;

	if (r->state == VOUCHER_REDEEMED) {
		clock_format_iso(r->redeemed_at, when);
		actor_describe(r->redeemed_by, who, sizeof who);
		return jf_refuse(err, JF_CONFLICT, JF_R_VOUCHER_REDEEMED,
				 (struct jf_why){ .num = { r->redeemed_at }, .text = who,
						  .text2 = r->terminal },
				 "cannot %s: already redeemed at %s by %s%s%s", step, when, who,
				 r->terminal[0] ? " at " : "", r->terminal);
	}
	if (r->state >= 0 && (size_t)r->state < sizeof closed / sizeof closed[0])
		why = closed[r->state];
	return jf_refuse(err, JF_CONFLICT, why, (struct jf_why){ .num = { r->closed_at } },
			 "cannot %s: the voucher was %s", step,
			 voucher_state_name((enum voucher_state)r->state));
}

/* The step is stamped with the ledger's actor, as its entry is. */
static enum jf_status
set_state(struct ledger *lg, int64_t id, int from, int to, const char *reason,
	  struct jf_error *err)
{
	struct db *db = lg->db;
	char actor[ACTOR_TEXT_SIZE];
	struct db_stmt *s;
	enum jf_status st;

	if ((st = ledger_actor_text(lg, "a voucher step", actor, err)) != JF_OK)
		return st;

	if (to == VOUCHER_REDEEMED) {
		s = db_stmt(db, "UPDATE voucher SET state = :to, redeemed_at = :now, "
				"redeemed_by = :staff WHERE id = :id AND state = :from");
	} else {
		s = db_stmt(db, "UPDATE voucher SET state = :to, closed_at = :now, "
				"closed_by = :staff, reason = coalesce(:reason, reason) "
				"WHERE id = :id AND state = :from");
		db_bind_text(s, ":reason", reason);
	}
	db_bind_int(s, ":to", to);
	db_bind_int(s, ":now", clock_now());
	db_bind_text(s, ":staff", actor);
	db_bind_int(s, ":id", id);
	db_bind_int(s, ":from", from);
	if ((st = db_run(s, err)) != JF_OK)
		return st;
	/* The state was read in this same transaction; no change means a bug. */
	if (db_changes(db) != 1)
		return jf_fail(err, JF_ERR, "internal error: voucher %lld changed under us",
			       (long long)id);
	return JF_OK;
}

/* Void an issued voucher's hold and give its stock back. */
static enum jf_status
release(struct ledger *lg, const struct voucher_row *r, int to, const char *reason,
	struct jf_error *err)
{
	enum jf_status st = ledger_hold_void(lg, r->hold_id, err);

	if (st == JF_OK)
		st = catalog_return_stock(lg, r->item_id, r->qty, err);
	if (st == JF_OK)
		st = set_state(lg, r->id, VOUCHER_ISSUED, to, reason, err);
	return st;
}

typedef enum jf_status (*step_fn)(struct ledger *lg, const struct voucher_row *r,
				  struct jf_error *err);

struct step_ctx {
	int64_t id;
	step_fn fn;
	int64_t bill_fen;
	struct voucher *out;
};

static enum jf_status
step_once(struct ledger *lg, void *ctx, struct jf_error *err)
{
	struct step_ctx *sc = ctx;
	struct voucher_row r;
	enum jf_status st;

	memset(sc->out, 0, sizeof *sc->out);
	st = read_row(lg->db, sc->id, &r, err);
	r.bill_fen = sc->bill_fen;
	if (st == JF_OK)
		st = sc->fn(lg, &r, err);
	/* Read the voucher back before the commit: a failure after it would
	 * report a step that happened as failed, and the cashier's retry
	 * would be refused as "already redeemed". */
	if (st == JF_OK)
		st = load_by_id(lg, sc->id, sc->out, err);
	return st;
}

/* Resolve the code, then run one step on the voucher in one write transaction. */
static enum jf_status
step_locked(struct ledger *lg, const char *code, step_fn fn, int64_t bill_fen,
	    struct voucher *out, struct jf_error *err)
{
	struct step_ctx sc = { 0, fn, bill_fen, out };
	enum jf_status st;

	if ((st = resolve_code(lg, code, &sc.id, err)) != JF_OK)
		return st;
	return ledger_write(lg, step_once, &sc, err);
}

/* A staff id given for one step acts for that step only; without one, the
 * ledger's actor does. Redeeming and taking back need a staff member. */
static enum jf_status
voucher_step(struct ledger *lg, const char *code, const char *staff, const char *need_staff,
	     step_fn fn, int64_t bill_fen, struct voucher *out, struct jf_error *err)
{
	struct actor saved = lg->actor, as;
	enum jf_status st;

	memset(out, 0, sizeof *out);
	if (staff) {
		if ((st = actor_staff(&as, staff, err)) != JF_OK)
			return st;
		ledger_act_as(lg, &as);
	}
	if (need_staff && lg->actor.kind != ACTOR_STAFF)
		st = jf_fail(err, JF_USAGE, "a staff id is needed to %s", need_staff);
	else
		st = step_locked(lg, code, fn, bill_fen, out, err);
	ledger_act_as(lg, &saved);
	return st;
}

/* A coupon (满减券) takes its value off a bill of at least its minimum
 * spend, per unit: qty coupons need qty times the minimum. */
static enum jf_status
check_min_spend(struct ledger *lg, const struct voucher_row *r, struct jf_error *err)
{
	struct db_stmt *s = db_stmt(lg->db, "SELECT min_spend_fen FROM item "
					    "WHERE id = :id AND type = 1");
	char min[24], bill[24];
	enum jf_status st;
	int64_t need;

	db_bind_int(s, ":id", r->item_id);
	st = db_one_int(s, &need, err);
	if (st == JF_NOTFOUND)
		return JF_OK; /* not a coupon: no minimum */
	if (st != JF_OK)
		return st;
	need *= r->qty;
	if (r->bill_fen >= need)
		return JF_OK;
	parse_format_fen(need, min, sizeof min);
	parse_format_fen(r->bill_fen, bill, sizeof bill);
	return jf_refuse(err, JF_CONFLICT, JF_R_MIN_SPEND,
			 (struct jf_why){ .num = { need, r->bill_fen } },
			 "this coupon needs a bill of at least %s yuan; the bill is %s", min, bill);
}

/* May the voucher be handed over now? The one rule, for the redemption
 * and for the counter's look before it. */
static enum jf_status
redeem_refusal(struct ledger *lg, const struct voucher_row *r, struct jf_error *err)
{
	char when[CLOCK_ISO_LEN];
	enum jf_status st;

	if (r->state != VOUCHER_ISSUED)
		return wrong_state(r, "redeem", err);
	if (r->bill_fen >= 0 && (st = check_min_spend(lg, r, err)) != JF_OK)
		return st;
	if (r->expires_at < clock_now()) {
		clock_format_iso(r->expires_at, when);
		return jf_refuse(err, JF_CONFLICT, JF_R_VOUCHER_EXPIRED,
				 (struct jf_why){ .num = { r->expires_at } },
				 "cannot redeem: the voucher expired at %s", when);
	}
	return JF_OK;
}

static enum jf_status
step_redeem(struct ledger *lg, const struct voucher_row *r, struct jf_error *err)
{
	struct ledger_result res;
	enum jf_status st;

	if ((st = redeem_refusal(lg, r, err)) != JF_OK)
		return st;
	if ((st = ledger_hold_post(lg, r->hold_id, &res, err)) != JF_OK)
		return st;
	return set_state(lg, r->id, VOUCHER_ISSUED, VOUCHER_REDEEMED, NULL, err);
}

/* The goods handed over, or taken back: a money event (log.h). */
static void
log_voucher(struct ledger *lg, const char *event, const struct voucher *v)
{
	log_ledger(lg, LOG_CLASS_MONEY, event, "voucher=%s card=%s sku=%s qty=%lld points=%lld",
		   v->short_code, v->card, v->sku, (long long)v->qty, (long long)v->points);
}

enum jf_status
voucher_redeem(struct ledger *lg, const char *code, const char *staff, struct voucher *out,
	       struct jf_error *err)
{
	enum jf_status st = voucher_step(lg, code, staff, "redeem a voucher", step_redeem, -1,
					 out, err);

	if (st == JF_OK)
		log_voucher(lg, "voucher_redeemed", out);
	return st;
}

enum jf_status
voucher_redeem_bill(struct ledger *lg, const char *code, const char *staff, int64_t bill_fen,
		    struct voucher *out, struct jf_error *err)
{
	enum jf_status st;

	if (bill_fen < 0 || bill_fen > PARSE_FEN_MAX)
		return jf_fail(err, JF_USAGE, "bill out of range");
	st = voucher_step(lg, code, staff, "redeem a voucher", step_redeem, bill_fen, out, err);
	if (st != JF_OK)
		return st;
	log_voucher(lg, "voucher_redeemed", out);
	out->bill_fen = bill_fen;
	if (out->item_type != ITEM_GOODS)
		out->discount_fen = out->value_fen * out->qty < bill_fen ? out->value_fen * out->qty
									   : bill_fen;
	return JF_OK;
}

enum jf_status
voucher_can_redeem(struct ledger *lg, const char *code, struct voucher *out,
		   struct jf_error *err)
{
	struct voucher_row r;
	enum jf_status st;
	int64_t id;

	memset(out, 0, sizeof *out);
	if ((st = resolve_code(lg, code, &id, err)) != JF_OK ||
	    (st = load_by_id(lg, id, out, err)) != JF_OK ||
	    (st = read_row(lg->db, id, &r, err)) != JF_OK)
		return st;
	r.bill_fen = -1; /* a look before: no bill yet */
	return redeem_refusal(lg, &r, err);
}

static enum jf_status
step_cancel(struct ledger *lg, const struct voucher_row *r, struct jf_error *err)
{
	if (r->state != VOUCHER_ISSUED)
		return wrong_state(r, "cancel", err);
	return release(lg, r, VOUCHER_CANCELLED, NULL, err);
}

enum jf_status
voucher_cancel(struct ledger *lg, const char *code, struct voucher *out, struct jf_error *err)
{
	return voucher_step(lg, code, NULL, NULL, step_cancel, -1, out, err);
}

enum jf_status
voucher_cancel_locked(struct ledger *lg, int64_t id, const char *reason, struct jf_error *err)
{
	struct voucher_row r;
	enum jf_status st = read_row(lg->db, id, &r, err);

	if (st != JF_OK)
		return st;
	if (r.state != VOUCHER_ISSUED)
		return wrong_state(&r, "cancel", err);
	return release(lg, &r, VOUCHER_CANCELLED, reason, err);
}

static enum jf_status
return_entry(struct ledger *lg, const struct voucher_row *r, const struct hold_info *h,
	     int64_t *entry_id, struct jf_error *err)
{
	struct entry_line lines[2];
	struct entry_new e = { "return", NULL, NULL, h->entry_id, lines, 2, NULL };
	char *ref = xasprintf("return:%lld", (long long)r->id);
	char memo[80];
	struct db_stmt *s;
	enum jf_status st;

	snprintf(memo, sizeof memo, "goods returned, voucher %lld", (long long)r->id);
	e.ref = ref;
	e.memo = memo;
	s = db_stmt(lg->db, "SELECT account_id FROM hold WHERE id = :h");
	db_bind_int(s, ":h", h->id);
	st = db_one_int(s, &lines[0].account_id, err);
	lines[0].amount = r->points;
	lines[1].amount = -r->points;
	if (st == JF_OK)
		st = account_system(lg, SYS_REDEEMED, h->kind, &lines[1].account_id, err);
	if (st == JF_OK)
		st = entry_append(lg, &e, entry_id, err);
	free(ref);
	return st;
}

static enum jf_status
step_return(struct ledger *lg, const struct voucher_row *r, struct jf_error *err)
{
	char today[CLOCK_DATE_LEN], reason[80];
	struct hold_info h;
	enum jf_status st;
	int64_t entry_id;

	if (r->state == VOUCHER_ISSUED)
		return jf_refuse(err, JF_CONFLICT, JF_R_VOUCHER_NOT_REDEEMED, (struct jf_why){ .text = NULL },
				 "cannot take back: the voucher was not redeemed yet (cancel it instead)");
	if (r->state != VOUCHER_REDEEMED)
		return wrong_state(r, "take back", err);
	if ((st = ledger_hold_get(lg, r->hold_id, &h, err)) != JF_OK ||
	    (st = return_entry(lg, r, &h, &entry_id, err)) != JF_OK)
		return st;
	ledger_today(today);
	snprintf(reason, sizeof reason, "return of voucher %lld", (long long)r->id);
	/* The points go back into the very lots they came from; a return never costs points. */
	st = lot_restore(lg, h.entry_id, today, RETURN_GRACE_DAYS, reason, err);
	if (st == JF_OK)
		st = catalog_return_stock(lg, r->item_id, r->qty, err);
	if (st == JF_OK)
		st = set_state(lg, r->id, VOUCHER_REDEEMED, VOUCHER_RETURNED, NULL, err);
	return st;
}

enum jf_status
voucher_return(struct ledger *lg, const char *code, const char *staff, struct voucher *out,
	       struct jf_error *err)
{
	enum jf_status st = voucher_step(lg, code, staff, "take goods back", step_return, -1,
					 out, err);

	if (st == JF_OK)
		log_voucher(lg, "voucher_returned", out);
	return st;
}

static enum jf_status
expire_locked(struct ledger *lg, void *ctx, struct jf_error *err)
{
	int64_t *count = ctx;
	/* "+id": order without letting the sort steer SQLite off the open-voucher index. */
	struct db_stmt *s = db_stmt(lg->db, "SELECT id FROM voucher WHERE state = 0 "
					    "AND expires_at < :now ORDER BY +id");
	struct voucher_row r;
	int64_t *ids = NULL;
	size_t n = 0;
	enum jf_status st = JF_OK;
	enum db_step_result rc;

	db_bind_int(s, ":now", clock_now());
	while ((rc = db_step(s, err)) == DB_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		ids[n++] = db_col_int(s, 0);
	}
	db_reset(s);
	if (rc == DB_ERROR)
		st = err ? err->status : JF_ERR;
	for (size_t i = 0; st == JF_OK && i < n; i++) {
		st = read_row(lg->db, ids[i], &r, err);
		if (st == JF_OK)
			st = release(lg, &r, VOUCHER_EXPIRED, NULL, err);
	}
	*count = (int64_t)n;
	free(ids);
	return st;
}

enum jf_status
voucher_expire_due(struct ledger *lg, int64_t *count, struct jf_error *err)
{
	struct actor saved = lg->actor, job;
	enum jf_status st;

	*count = 0;
	/* Expiry is the store's rule at work, whoever starts it. */
	actor_system(&job, "expire");
	ledger_act_as(lg, &job);
	st = ledger_write(lg, expire_locked, count, err);
	ledger_act_as(lg, &saved);
	if (st != JF_OK)
		*count = 0;
	return st;
}
