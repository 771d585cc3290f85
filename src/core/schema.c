/*
 * schema: table definitions and migrations. The CHECK constraints and
 * triggers repeat the ledger's invariants in the database itself, so that
 * even a bug in core cannot store a negative member balance or rewrite an
 * entry.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

static const char schema_v1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE family(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  owner_id INTEGER NOT NULL,\n"
	"  created_at INTEGER NOT NULL);\n"
	"CREATE TABLE member(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  card TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  birthday TEXT,\n"
	"  phone TEXT,\n"
	"  pin_hash TEXT,\n"
	"  pin_failures INTEGER NOT NULL DEFAULT 0,\n"
	"  locked_until INTEGER NOT NULL DEFAULT 0,\n"
	"  family_id INTEGER REFERENCES family(id),\n"
	"  created_at INTEGER NOT NULL);\n"
	/* Member accounts can never go negative nor hold more than they have. */
	"CREATE TABLE account(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL UNIQUE,\n"
	"  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),\n"
	"  member_id INTEGER REFERENCES member(id),\n"
	"  balance INTEGER NOT NULL DEFAULT 0,\n"
	"  held INTEGER NOT NULL DEFAULT 0,\n"
	"  CHECK (member_id IS NULL OR (balance >= 0 AND held >= 0 AND held <= balance)));\n"
	"CREATE UNIQUE INDEX account_member ON account(member_id, kind) WHERE member_id IS NOT NULL;\n"
	"CREATE TABLE entry(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  ts INTEGER NOT NULL,\n"
	"  type TEXT NOT NULL,\n"
	/* ref is unique by construction (keys live in idem); an index here would
	 * cost every posting a page. verify checks it. */
	"  ref TEXT NOT NULL,\n"
	"  memo TEXT NOT NULL DEFAULT '',\n"
	"  reverses INTEGER REFERENCES entry(id),\n"
	"  prev_hash BLOB NOT NULL,\n"
	"  hash BLOB NOT NULL);\n"
	/* Lines are stored clustered by entry (seq = position in the entry). */
	"CREATE TABLE line(\n"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id) DEFERRABLE INITIALLY DEFERRED,\n"
	"  seq INTEGER NOT NULL,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  amount INTEGER NOT NULL CHECK (amount <> 0),\n"
	"  PRIMARY KEY (entry_id, seq)) WITHOUT ROWID;\n"
	"CREATE INDEX line_account ON line(account_id, entry_id);\n"
	"CREATE TABLE lot(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id),\n"
	"  amount INTEGER NOT NULL CHECK (amount > 0),\n"
	"  remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= amount),\n"
	"  expires_on TEXT NOT NULL,\n"
	"  available_on TEXT NOT NULL,\n"
	"  expired INTEGER NOT NULL DEFAULT 0 CHECK (expired >= 0),\n"
	"  expire_entry INTEGER REFERENCES entry(id));\n"
	/* Covering: a balance reads a member's open lots from the index alone, so
	 * its cost does not grow with the size of the ledger; the daily expiry
	 * scans it too. No other lot index: each costs every posting a page. */
	"CREATE INDEX lot_account ON lot(account_id, expires_on, available_on, remaining)\n"
	"  WHERE remaining > 0;\n"

	/* Which lots each debit consumed, so that a reversal restores exactly those. */
	"CREATE TABLE lot_use(\n"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id),\n"
	"  lot_id INTEGER NOT NULL REFERENCES lot(id),\n"
	"  amount INTEGER NOT NULL CHECK (amount > 0),\n"
	"  PRIMARY KEY (entry_id, lot_id)) WITHOUT ROWID;\n"
	"CREATE INDEX lot_use_lot ON lot_use(lot_id);\n"
	"CREATE TABLE hold(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  amount INTEGER NOT NULL CHECK (amount > 0),\n"
	"  state INTEGER NOT NULL CHECK (state IN (0, 1, 2)),\n"
	"  ref TEXT NOT NULL UNIQUE,\n"
	"  memo TEXT NOT NULL DEFAULT '',\n"
	"  created_at INTEGER NOT NULL,\n"
	"  expires_at INTEGER NOT NULL DEFAULT 0,\n"
	"  settled_at INTEGER,\n"
	"  entry_id INTEGER REFERENCES entry(id));\n"
	"CREATE INDEX hold_pending ON hold(account_id) WHERE state = 0;\n"
	/* The first result of every keyed write, for replays. */
	"CREATE TABLE idem(\n"
	"  key TEXT PRIMARY KEY,\n"
	"  request BLOB NOT NULL,\n"
	"  entry_id INTEGER,\n"
	"  result INTEGER NOT NULL DEFAULT 0,\n"
	"  extra INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at INTEGER NOT NULL) WITHOUT ROWID;\n"
	/* Append-only: an entry or a line, once written, is never changed. */
	"CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry\n"
	"  BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;\n"
	"CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry\n"
	"  BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;\n"
	"CREATE TRIGGER line_no_update BEFORE UPDATE ON line\n"
	"  BEGIN SELECT RAISE(ABORT, 'ledger lines are append-only'); END;\n"
	"CREATE TRIGGER line_no_delete BEFORE DELETE ON line\n"
	"  BEGIN SELECT RAISE(ABORT, 'ledger lines are append-only'); END;\n";

/*
 * Forward migrations: migrations[v] takes a ledger from version v to v + 1.
 * Version 1 is the first released schema; later versions append a step here
 * and raise SCHEMA_VERSION, never edit a released step.
 */
static const char schema_v2[] =
	/* The catalog and its vouchers (issue 3). */
	"CREATE TABLE item(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sku TEXT NOT NULL UNIQUE,\n"
	"  name_zh TEXT NOT NULL,\n"
	"  name_en TEXT NOT NULL,\n"
	"  category TEXT NOT NULL,\n"
	"  type INTEGER NOT NULL DEFAULT 0 CHECK (type IN (0, 1, 2)),\n"
	"  points INTEGER NOT NULL CHECK (points > 0),\n"
	"  cash_fen INTEGER NOT NULL DEFAULT 0 CHECK (cash_fen >= 0),\n"
	"  value_fen INTEGER NOT NULL DEFAULT 0 CHECK (value_fen >= 0),\n"
	"  min_spend_fen INTEGER NOT NULL DEFAULT 0 CHECK (min_spend_fen >= 0),\n"
	"  stock INTEGER NOT NULL CHECK (stock >= 0),\n"
	"  green INTEGER NOT NULL DEFAULT 0 CHECK (green IN (0, 1)),\n"
	"  active_from TEXT NOT NULL DEFAULT '',\n"
	"  active_until TEXT NOT NULL DEFAULT '',\n"
	"  new_until TEXT NOT NULL DEFAULT '',\n"
	"  delisted_at INTEGER,\n"
	"  delist_reason TEXT NOT NULL DEFAULT '',\n"
	"  updated_at INTEGER NOT NULL);\n"
	"CREATE INDEX item_category ON item(category, sku);\n"
	/* state: 0 issued, 1 redeemed, 2 cancelled, 3 expired, 4 returned. */
	"CREATE TABLE voucher(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  short TEXT NOT NULL UNIQUE,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  item_id INTEGER NOT NULL REFERENCES item(id),\n"
	"  qty INTEGER NOT NULL CHECK (qty > 0),\n"
	"  points INTEGER NOT NULL CHECK (points > 0),\n"
	"  hold_id INTEGER NOT NULL UNIQUE REFERENCES hold(id),\n"
	"  state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 4),\n"
	"  issued_at INTEGER NOT NULL,\n"
	"  expires_at INTEGER NOT NULL,\n"
	"  redeemed_at INTEGER,\n"
	"  redeemed_by TEXT,\n"
	"  closed_at INTEGER,\n"
	"  closed_by TEXT,\n"
	"  reason TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX voucher_member ON voucher(member_id, state);\n"
	"CREATE INDEX voucher_item ON voucher(item_id, state);\n"
	"CREATE INDEX voucher_open ON voucher(expires_at) WHERE state = 0;\n"
	/* What the member is told at the kiosk: compensation, gifts. */
	"CREATE TABLE notice(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  entry_id INTEGER REFERENCES entry(id),\n"
	"  seen INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE INDEX notice_member ON notice(member_id, seen);\n"
	/* Every change of a lot's expiry date, with why (compensation, returns). */
	"CREATE TABLE lot_change(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  lot_id INTEGER NOT NULL REFERENCES lot(id),\n"
	"  ts INTEGER NOT NULL,\n"
	"  old_expires_on TEXT NOT NULL,\n"
	"  new_expires_on TEXT NOT NULL,\n"
	"  reason TEXT NOT NULL);\n";

static const char schema_v3[] =
	/* Who wrote each entry, from which terminal, and the canonical form its
	 * hash covers (chain.h). Entries of older ledgers keep format 1 and no
	 * actor: their hashes cover neither, and verify holds them to that. */
	"ALTER TABLE entry ADD COLUMN format INTEGER NOT NULL DEFAULT 1;\n"
	"ALTER TABLE entry ADD COLUMN actor TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE entry ADD COLUMN terminal TEXT NOT NULL DEFAULT '';\n"
	/* Accounts belong to a member, not a card: a replaced card is kept here,
	 * retired for good (old_card is unique and no member may take it), with
	 * who replaced it. Account names keep the first card: they are inside
	 * the hash chain. */
	"CREATE TABLE card_change(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  old_card TEXT NOT NULL UNIQUE,\n"
	"  new_card TEXT NOT NULL,\n"
	"  ts INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL);\n"
	"CREATE INDEX card_change_member ON card_change(member_id);\n"
	"CREATE TRIGGER card_change_no_update BEFORE UPDATE ON card_change\n"
	"  BEGIN SELECT RAISE(ABORT, 'card changes are append-only'); END;\n"
	"CREATE TRIGGER card_change_no_delete BEFORE DELETE ON card_change\n"
	"  BEGIN SELECT RAISE(ABORT, 'card changes are append-only'); END;\n"
	/* Who reserved points (a voucher issued at a kiosk, ...), and where. */
	"ALTER TABLE hold ADD COLUMN actor TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE hold ADD COLUMN terminal TEXT NOT NULL DEFAULT '';\n"
	/* Who signed a member up, who delisted an item (actor.h text). */
	"ALTER TABLE member ADD COLUMN created_by TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE item ADD COLUMN delisted_by TEXT NOT NULL DEFAULT '';\n"
	/* jifen member find PHONE. */
	"CREATE INDEX member_phone ON member(phone) WHERE phone IS NOT NULL;\n";

/* A notice for a member is a kind of message and its parameters, put into
 * words in the member's language where it is shown; text stays as the
 * English of it, and is all that notices of older ledgers have (message ''). */
static const char schema_v4[] =
	"ALTER TABLE notice ADD COLUMN message TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE notice ADD COLUMN num1 INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE notice ADD COLUMN num2 INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE notice ADD COLUMN num3 INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE notice ADD COLUMN num4 INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE notice ADD COLUMN text1 TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE notice ADD COLUMN text2 TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE notice ADD COLUMN text3 TEXT NOT NULL DEFAULT '';\n";

/* Who did it, on every write: each remaining change of the ledger names its
 * actor (actor.h text) and terminal, with its time where the row had none.
 * Rows written before this step keep '' (nobody was recorded then); the
 * actors_after_* marks say which rows came after it, so verify can insist
 * that every one of those names somebody. */
static const char schema_v5[] =
	"ALTER TABLE family ADD COLUMN created_by TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE family ADD COLUMN created_terminal TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE member ADD COLUMN created_terminal TEXT NOT NULL DEFAULT '';\n"
	/* Who put the member into the family (family create or add), and when. */
	"ALTER TABLE member ADD COLUMN family_at INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE member ADD COLUMN family_by TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE member ADD COLUMN family_terminal TEXT NOT NULL DEFAULT '';\n"
	/* The last PIN set or reset. */
	"ALTER TABLE member ADD COLUMN pin_set_at INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE member ADD COLUMN pin_set_by TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE member ADD COLUMN pin_set_terminal TEXT NOT NULL DEFAULT '';\n"
	/* The last wrong PIN and the last lock-out, by terminal: at a kiosk
	 * nobody is logged in yet when a PIN is typed, the terminal is who. */
	"ALTER TABLE member ADD COLUMN pin_failed_at INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE member ADD COLUMN pin_failed_terminal TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE member ADD COLUMN locked_at INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE member ADD COLUMN locked_terminal TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE lot_change ADD COLUMN actor TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE lot_change ADD COLUMN terminal TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE notice ADD COLUMN created_by TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE notice ADD COLUMN created_terminal TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE notice ADD COLUMN seen_at INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE notice ADD COLUMN seen_by TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE notice ADD COLUMN seen_terminal TEXT NOT NULL DEFAULT '';\n"
	/* Who posted or voided a hold (a void writes no entry). */
	"ALTER TABLE hold ADD COLUMN settled_by TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE hold ADD COLUMN settled_terminal TEXT NOT NULL DEFAULT '';\n"
	/* The last import that changed the item, or its delisting. */
	"ALTER TABLE item ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE item ADD COLUMN updated_terminal TEXT NOT NULL DEFAULT '';\n"
	"INSERT INTO meta(key, value) SELECT 'actors_after_family', "
	"CAST(coalesce(max(id), 0) AS TEXT) FROM family;\n"
	"INSERT INTO meta(key, value) SELECT 'actors_after_member', "
	"CAST(coalesce(max(id), 0) AS TEXT) FROM member;\n"
	"INSERT INTO meta(key, value) SELECT 'actors_after_lot_change', "
	"CAST(coalesce(max(id), 0) AS TEXT) FROM lot_change;\n"
	"INSERT INTO meta(key, value) SELECT 'actors_after_notice', "
	"CAST(coalesce(max(id), 0) AS TEXT) FROM notice;\n"
	"INSERT INTO meta(key, value) SELECT 'actors_after_hold', "
	"CAST(coalesce(max(id), 0) AS TEXT) FROM hold;\n"
	"INSERT INTO meta(key, value) SELECT 'actors_after_item', "
	"CAST(coalesce(max(id), 0) AS TEXT) FROM item;\n";

/* Every stored value that decides what a member can spend is under a hash
 * (chain.h): lots, their expiry changes and holds get one each. Rows of
 * older ledgers have none; meta says up to which id, so that a hash taken
 * away later is missed (verify.c). */
static const char schema_v6[] =
	"ALTER TABLE lot ADD COLUMN hash BLOB;\n"
	"ALTER TABLE lot_change ADD COLUMN hash BLOB;\n"
	"ALTER TABLE hold ADD COLUMN hash BLOB;\n"
	"INSERT INTO meta(key, value) SELECT 'unhashed_lots', "
	"CAST(coalesce(max(id), 0) AS TEXT) FROM lot;\n"
	"INSERT INTO meta(key, value) SELECT 'unhashed_lot_changes', "
	"CAST(coalesce(max(id), 0) AS TEXT) FROM lot_change;\n"
	"INSERT INTO meta(key, value) SELECT 'unhashed_holds', "
	"CAST(coalesce(max(id), 0) AS TEXT) FROM hold;\n";

/* Staff members (staff.h): who may act at a counter or behind --staff, and
 * as what. Never deleted, only disabled: recorded actions keep naming them.
 * The card is unique among staff; staff.c and member.c keep it apart from
 * members' cards too. Who created, set the PIN, disabled is kept as for
 * members (verify.c checks it). */
static const char schema_v7[] =
	"CREATE TABLE staff(\n"
	"  id TEXT PRIMARY KEY,\n"
	"  card TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  role INTEGER NOT NULL CHECK (role IN (0, 1)),\n"
	"  pin_hash TEXT NOT NULL,\n"
	"  pin_failures INTEGER NOT NULL DEFAULT 0,\n"
	"  locked_until INTEGER NOT NULL DEFAULT 0,\n"
	"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL,\n"
	"  pin_set_at INTEGER NOT NULL,\n"
	"  pin_set_by TEXT NOT NULL,\n"
	"  pin_set_terminal TEXT NOT NULL,\n"
	"  pin_failed_at INTEGER NOT NULL DEFAULT 0,\n"
	"  pin_failed_terminal TEXT NOT NULL DEFAULT '',\n"
	"  locked_at INTEGER NOT NULL DEFAULT 0,\n"
	"  locked_terminal TEXT NOT NULL DEFAULT '',\n"
	"  disabled_at INTEGER NOT NULL DEFAULT 0,\n"
	"  disabled_by TEXT NOT NULL DEFAULT '',\n"
	"  disabled_terminal TEXT NOT NULL DEFAULT '');\n";
/* Points paying part of a bill (offset.h), and refunds of part of a
 * receipt (ledger.h): what the entries do not say in numbers a report or
 * a later step needs. verify checks every row against its entries. */
static const char schema_v8[] =
	/* One row per sale that points helped pay: the bill, the points, the
	 * fen they paid (at points_per_yuan then), the offset entry and, once
	 * undone, the undoing entry. Reports sum fen for yuan paid by points. */
	"CREATE TABLE offset_sale(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  ref TEXT NOT NULL UNIQUE,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  bill_fen INTEGER NOT NULL CHECK (bill_fen > 0),\n"
	"  points INTEGER NOT NULL CHECK (points > 0),\n"
	"  fen INTEGER NOT NULL CHECK (fen > 0 AND fen <= bill_fen),\n"
	"  points_per_yuan INTEGER NOT NULL CHECK (points_per_yuan > 0),\n"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id),\n"
	"  undo_entry_id INTEGER REFERENCES entry(id),\n"
	/* Points given back as goods of the sale were returned (refund.c). */
	"  returned_points INTEGER NOT NULL DEFAULT 0\n"
	"    CHECK (returned_points >= 0 AND returned_points <= points),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL);\n"
	/* What a purchase earned, so part of it can be refunded: written by
	 * every earn from this version on (entry_id NULL when it earned 0). */
	"CREATE TABLE earn_receipt(\n"
	"  receipt TEXT PRIMARY KEY,\n"
	"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
	"  entry_id INTEGER REFERENCES entry(id),\n"
	"  fen INTEGER NOT NULL CHECK (fen >= 0),\n"
	"  points INTEGER NOT NULL CHECK (points >= 0),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL);\n"
	/* Each refund of part of a receipt (and a whole reversal after parts):
	 * fen returned, points of that part (due), points taken back (the
	 * entry's), and what could not be (shortfall). */
	"CREATE TABLE refund_part(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  receipt TEXT NOT NULL REFERENCES earn_receipt(receipt),\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  fen INTEGER NOT NULL CHECK (fen > 0),\n"
	"  due INTEGER NOT NULL CHECK (due >= 0),\n"
	"  taken INTEGER NOT NULL CHECK (taken >= 0 AND taken <= due),\n"
	/* Points that paid the returned part of the sale, given back. */
	"  offset_points INTEGER NOT NULL DEFAULT 0 CHECK (offset_points >= 0),\n"
	"  offset_fen INTEGER NOT NULL DEFAULT 0 CHECK (offset_fen >= 0),\n"
	"  entry_id INTEGER REFERENCES entry(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL);\n"
	"CREATE INDEX refund_part_receipt ON refund_part(receipt);\n";
/* The member desk (issue: counter): what the counter did to a member's
 * record beyond the columns that keep the latest of each (a PIN set, a
 * lock-out cleared, details corrected, data erased, a family left or taken
 * over), append-only. An edit names the fields it changed, never their old
 * values: an erasure must be able to remove every copy of personal data.
 * An erased member keeps the row (accounts and history hang on it) with
 * name, phone, birthday and PIN removed, and when, by whom and where. */
static const char schema_v9[] =
	"ALTER TABLE member ADD COLUMN erased_at INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE member ADD COLUMN erased_by TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE member ADD COLUMN erased_terminal TEXT NOT NULL DEFAULT '';\n"
	"CREATE TABLE member_event(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  ts INTEGER NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  detail TEXT NOT NULL DEFAULT '',\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL);\n"
	"CREATE INDEX member_event_member ON member_event(member_id, id);\n"
	"CREATE TRIGGER member_event_no_update BEFORE UPDATE ON member_event\n"
	"  BEGIN SELECT RAISE(ABORT, 'member events are append-only'); END;\n"
	"CREATE TRIGGER member_event_no_delete BEFORE DELETE ON member_event\n"
	"  BEGIN SELECT RAISE(ABORT, 'member events are append-only'); END;\n";
/* Receipts (slip.h): every slip a counter action made, as the words it
 * printed (UTF-8) and its QR payload, so that none is lost when the printer
 * is not there and any can be shown or printed again. What a slip says never
 * changes; only whether and when it was last printed. */
static const char schema_v10[] =
	"CREATE TABLE slip(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  ts INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('purchase', 'offset', 'voucher', 'return')),\n"
	"  ref TEXT NOT NULL CHECK (length(ref) > 0),\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL,\n"
	"  language TEXT NOT NULL CHECK (language IN ('zh', 'en')),\n"
	"  text TEXT NOT NULL,\n"
	"  qr TEXT,\n"
	"  printed INTEGER NOT NULL DEFAULT 0 CHECK (printed IN (0, 1)),\n"
	"  printed_at INTEGER NOT NULL DEFAULT 0,\n"
	"  printed_by TEXT NOT NULL DEFAULT '',\n"
	"  printed_terminal TEXT NOT NULL DEFAULT '',\n"
	"  prints INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE (kind, ref));\n"
	"CREATE INDEX slip_actor ON slip(actor);\n"
	"CREATE TRIGGER slip_no_delete BEFORE DELETE ON slip\n"
	"  BEGIN SELECT RAISE(ABORT, 'slips are kept'); END;\n"
	"CREATE TRIGGER slip_fixed BEFORE UPDATE OF id, ts, kind, ref, actor, terminal, language,\n"
	"  text, qr ON slip\n"
	"  BEGIN SELECT RAISE(ABORT, 'a slip says what it said'); END;\n";

/* A member's own earn rate (member_rate.h): every change is a row, never
 * changed; the latest row of a member is the rate in force, 0 for the
 * store's own rules. */
static const char schema_v11[] =
	"CREATE TABLE member_rate(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  points_per_yuan INTEGER NOT NULL CHECK (points_per_yuan >= 0 AND points_per_yuan <= 1000),\n"
	"  ts INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL CHECK (length(actor) > 0),\n"
	"  terminal TEXT NOT NULL CHECK (length(terminal) > 0));\n"
	"CREATE INDEX member_rate_member ON member_rate(member_id, id);\n"
	"CREATE TRIGGER member_rate_no_update BEFORE UPDATE ON member_rate\n"
	"  BEGIN SELECT RAISE(ABORT, 'earn rate changes are append-only'); END;\n"
	"CREATE TRIGGER member_rate_no_delete BEFORE DELETE ON member_rate\n"
	"  BEGIN SELECT RAISE(ABORT, 'earn rate changes are append-only'); END;\n";

/* Games (game.h): scratch cards and wheels with committed draws. A game's
 * table is a version that never changes (an import with changes adds the
 * next version; plays keep theirs). A period's commitment is stored before
 * its first play, its seed only once the period has ended. A play row is
 * hashed (game_play_hash) over everything but `scratched`, which the
 * screen sets as the member scratches; tickets are free plays won or
 * given, each used by at most one play. */
static const char schema_v12[] =
	"CREATE TABLE game(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL CHECK (version >= 1),\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('scratch', 'wheel')),\n"
	"  name_zh TEXT NOT NULL,\n"
	"  name_en TEXT NOT NULL,\n"
	"  price INTEGER NOT NULL CHECK (price >= 0),\n"
	"  plays_per_day INTEGER NOT NULL CHECK (plays_per_day >= 1),\n"
	"  spec TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL,\n"
	"  UNIQUE (code, version));\n"
	"CREATE TABLE game_prize(\n"
	"  game_id INTEGER NOT NULL REFERENCES game(id),\n"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),\n"
	"  code TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('points', 'green', 'item', 'coupon', "
	"'free_play', 'thanks')),\n"
	"  amount INTEGER NOT NULL CHECK (amount >= 0),\n"
	"  sku TEXT NOT NULL DEFAULT '',\n"
	"  label_zh TEXT NOT NULL,\n"
	"  label_en TEXT NOT NULL,\n"
	"  ppm INTEGER NOT NULL CHECK (ppm >= 0 AND ppm <= 1000000),\n"
	"  budget_day INTEGER NOT NULL CHECK (budget_day >= -1),\n"
	"  budget_total INTEGER NOT NULL CHECK (budget_total >= -1),\n"
	"  fallback INTEGER NOT NULL CHECK (fallback >= -1),\n"
	"  worth_fen INTEGER NOT NULL CHECK (worth_fen >= 0),\n"
	"  PRIMARY KEY (game_id, seq)) WITHOUT ROWID;\n"
	"CREATE TRIGGER game_no_update BEFORE UPDATE ON game\n"
	"  BEGIN SELECT RAISE(ABORT, 'a game version never changes'); END;\n"
	"CREATE TRIGGER game_no_delete BEFORE DELETE ON game\n"
	"  BEGIN SELECT RAISE(ABORT, 'a game version never changes'); END;\n"
	"CREATE TRIGGER game_prize_no_update BEFORE UPDATE ON game_prize\n"
	"  BEGIN SELECT RAISE(ABORT, 'a game version never changes'); END;\n"
	"CREATE TRIGGER game_prize_no_delete BEFORE DELETE ON game_prize\n"
	"  BEGIN SELECT RAISE(ABORT, 'a game version never changes'); END;\n"
	"CREATE TABLE game_period(\n"
	"  game TEXT NOT NULL,\n"
	"  period TEXT NOT NULL,\n"
	"  commitment BLOB NOT NULL,\n"
	"  committed_at INTEGER NOT NULL,\n"
	"  committed_by TEXT NOT NULL,\n"
	"  committed_terminal TEXT NOT NULL,\n"
	"  seed BLOB,\n"
	"  revealed_at INTEGER NOT NULL DEFAULT 0,\n"
	"  revealed_by TEXT NOT NULL DEFAULT '',\n"
	"  revealed_terminal TEXT NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY (game, period)) WITHOUT ROWID;\n"
	"CREATE TRIGGER game_period_fixed BEFORE UPDATE OF game, period, commitment, committed_at,\n"
	"  committed_by, committed_terminal ON game_period\n"
	"  BEGIN SELECT RAISE(ABORT, 'a commitment never changes'); END;\n"
	"CREATE TRIGGER game_period_no_delete BEFORE DELETE ON game_period\n"
	"  BEGIN SELECT RAISE(ABORT, 'a commitment never changes'); END;\n"
	"CREATE TABLE game_play(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  game_id INTEGER NOT NULL REFERENCES game(id),\n"
	"  game TEXT NOT NULL,\n"
	"  period TEXT NOT NULL,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  card TEXT NOT NULL,\n"
	"  number INTEGER NOT NULL CHECK (number >= 1),\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  paid_with TEXT NOT NULL CHECK (paid_with IN ('points', 'ticket')),\n"
	"  price INTEGER NOT NULL CHECK (price >= 0),\n"
	"  drawn INTEGER NOT NULL CHECK (drawn >= 0 AND drawn < 1000000),\n"
	"  prize INTEGER NOT NULL,\n"
	"  paid INTEGER NOT NULL,\n"
	"  entry_id INTEGER REFERENCES entry(id),\n"
	"  prize_entry_id INTEGER REFERENCES entry(id),\n"
	"  voucher_id INTEGER REFERENCES voucher(id),\n"
	"  scratched INTEGER NOT NULL DEFAULT 0 CHECK (scratched >= 0 AND scratched < 512),\n"
	"  ts INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL,\n"
	"  hash BLOB NOT NULL,\n"
	"  UNIQUE (game, period, member_id, number));\n"
	"CREATE INDEX game_play_period ON game_play(period, game_id);\n"
	"CREATE INDEX game_play_budget ON game_play(game_id, paid, period);\n"
	"CREATE TRIGGER game_play_fixed BEFORE UPDATE OF id, game_id, game, period, member_id, card,\n"
	"  number, key, paid_with, price, drawn, prize, paid, entry_id, prize_entry_id, voucher_id,\n"
	"  ts, actor, terminal, hash ON game_play\n"
	"  BEGIN SELECT RAISE(ABORT, 'a play never changes'); END;\n"
	"CREATE TRIGGER game_play_no_delete BEFORE DELETE ON game_play\n"
	"  BEGIN SELECT RAISE(ABORT, 'a play never changes'); END;\n"
	"CREATE TABLE game_ticket(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  game TEXT NOT NULL,\n"
	"  play_id INTEGER REFERENCES game_play(id),\n"
	"  used_play_id INTEGER UNIQUE REFERENCES game_play(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL);\n"
	"CREATE INDEX game_ticket_member ON game_ticket(member_id, game) WHERE used_play_id IS NULL;\n"
	"CREATE TRIGGER game_ticket_fixed BEFORE UPDATE OF id, member_id, game, play_id, created_at,\n"
	"  created_by, created_terminal ON game_ticket\n"
	"  BEGIN SELECT RAISE(ABORT, 'a ticket never changes but to be used'); END;\n"
	"CREATE TRIGGER game_ticket_no_delete BEFORE DELETE ON game_ticket\n"
	"  BEGIN SELECT RAISE(ABORT, 'a ticket never changes but to be used'); END;\n";

/* Tasks, badges and surveys (task.h, survey.h). Books and surveys are
 * kept as the text they were imported as (each import a version); what a
 * member earned is kept with the reward it paid, so verify needs no book
 * to check an entry. A survey's answers (survey_answer) carry no member
 * and no time: who answered is in survey_taken, what was answered is
 * apart, under a random id, so the two never join. */
static const char schema_v13[] =
	"CREATE TABLE task_book(\n"
	"  version INTEGER PRIMARY KEY CHECK (version >= 1),\n"
	"  spec TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL);\n"
	"CREATE TABLE task_done(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  task TEXT NOT NULL,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  card TEXT NOT NULL,\n"
	"  period TEXT NOT NULL,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  reward TEXT NOT NULL CHECK (reward IN ('points', 'green', 'free_play', 'badge')),\n"
	"  amount INTEGER NOT NULL CHECK (amount >= 1),\n"
	"  game TEXT NOT NULL DEFAULT '',\n"
	"  badge TEXT NOT NULL DEFAULT '',\n"
	"  entry_id INTEGER REFERENCES entry(id),\n"
	"  ts INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL,\n"
	"  UNIQUE (task, member_id, period));\n"
	"CREATE INDEX task_done_badge ON task_done(member_id, badge);\n"
	"CREATE TABLE badge_prize(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  badge_set TEXT NOT NULL,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  card TEXT NOT NULL,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  badges TEXT NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('points', 'green', 'item', 'coupon')),\n"
	"  amount INTEGER NOT NULL CHECK (amount >= 1),\n"
	"  sku TEXT NOT NULL DEFAULT '',\n"
	"  entry_id INTEGER REFERENCES entry(id),\n"
	"  voucher_id INTEGER REFERENCES voucher(id),\n"
	"  ts INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL,\n"
	"  UNIQUE (badge_set, member_id));\n"
	"CREATE TABLE product_review(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  sku TEXT NOT NULL,\n"
	"  stars INTEGER NOT NULL CHECK (stars >= 1 AND stars <= 5),\n"
	"  ts INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL);\n"
	"ALTER TABLE game_ticket ADD COLUMN task_done_id INTEGER REFERENCES task_done(id);\n"
	"DROP TRIGGER game_ticket_fixed;\n"
	"CREATE TRIGGER game_ticket_fixed BEFORE UPDATE OF id, member_id, game, play_id, created_at,\n"
	"  created_by, created_terminal, task_done_id ON game_ticket\n"
	"  BEGIN SELECT RAISE(ABORT, 'a ticket never changes but to be used'); END;\n"
	"CREATE TABLE survey(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL CHECK (version >= 1),\n"
	"  anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),\n"
	"  points INTEGER NOT NULL CHECK (points >= 0),\n"
	"  spec TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL,\n"
	"  UNIQUE (code, version));\n"
	"CREATE TABLE survey_taken(\n"
	"  survey TEXT NOT NULL,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  card TEXT NOT NULL,\n"
	"  points INTEGER NOT NULL CHECK (points >= 0),\n"
	"  entry_id INTEGER REFERENCES entry(id),\n"
	"  ts INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL,\n"
	"  PRIMARY KEY (survey, member_id));\n"
	"CREATE TABLE survey_answer(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  survey_id INTEGER NOT NULL REFERENCES survey(id),\n"
	"  response INTEGER NOT NULL,\n"
	"  member_id INTEGER REFERENCES member(id),\n"
	"  question TEXT NOT NULL,\n"
	"  answer TEXT NOT NULL);\n"
	"CREATE INDEX survey_answer_survey ON survey_answer(survey_id, question);\n"
	"CREATE TRIGGER task_done_fixed BEFORE UPDATE ON task_done\n"
	"  BEGIN SELECT RAISE(ABORT, 'a completion never changes'); END;\n"
	"CREATE TRIGGER task_done_no_delete BEFORE DELETE ON task_done\n"
	"  BEGIN SELECT RAISE(ABORT, 'a completion never changes'); END;\n"
	"CREATE TRIGGER badge_prize_fixed BEFORE UPDATE ON badge_prize\n"
	"  BEGIN SELECT RAISE(ABORT, 'a grand prize never changes'); END;\n"
	"CREATE TRIGGER badge_prize_no_delete BEFORE DELETE ON badge_prize\n"
	"  BEGIN SELECT RAISE(ABORT, 'a grand prize never changes'); END;\n"
	"CREATE TRIGGER survey_taken_fixed BEFORE UPDATE ON survey_taken\n"
	"  BEGIN SELECT RAISE(ABORT, 'an answered survey never changes'); END;\n"
	"CREATE TRIGGER survey_answer_fixed BEFORE UPDATE ON survey_answer\n"
	"  BEGIN SELECT RAISE(ABORT, 'an answer never changes'); END;\n";

/* Campaigns (campaign.h). A campaign is versions of its definition, as a
 * game is (each import that changes it adds one; the latest is in force);
 * what earn needs is in columns and the small tables beside it, the whole
 * definition in spec. What a campaign gave is a campaign_award row per
 * campaign and entry (a purchase's bonus, a return giving it back, a gift
 * pack), so its budget is counted from them; a gift pack claimed is a
 * campaign_claim row, one per member and campaign. All append-only; only
 * campaign_end says a campaign was ended early. */
static const char schema_v14[] =
	"CREATE TABLE campaign(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL CHECK (version >= 1),\n"
	"  name_zh TEXT NOT NULL,\n"
	"  name_en TEXT NOT NULL,\n"
	"  banner_zh TEXT NOT NULL,\n"
	"  banner_en TEXT NOT NULL,\n"
	"  start_date TEXT NOT NULL,\n"
	"  end_date TEXT NOT NULL,\n"
	"  percent INTEGER NOT NULL CHECK (percent >= 100),\n"
	"  scope TEXT NOT NULL CHECK (scope IN ('none', 'all', 'green', 'categories')),\n"
	"  budget INTEGER NOT NULL CHECK (budget >= -1),\n"
	"  gift_points INTEGER NOT NULL CHECK (gift_points >= -1),\n"
	"  spec TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL,\n"
	"  UNIQUE (code, version));\n"
	"CREATE INDEX campaign_window ON campaign(end_date, start_date);\n"
	"CREATE TABLE campaign_category(\n"
	"  campaign_id INTEGER NOT NULL REFERENCES campaign(id),\n"
	"  category TEXT NOT NULL,\n"
	"  PRIMARY KEY (campaign_id, category)) WITHOUT ROWID;\n"
	"CREATE TABLE campaign_tier(\n"
	"  campaign_id INTEGER NOT NULL REFERENCES campaign(id),\n"
	"  tier TEXT NOT NULL,\n"
	"  PRIMARY KEY (campaign_id, tier)) WITHOUT ROWID;\n"
	"CREATE TABLE campaign_end(\n"
	"  code TEXT PRIMARY KEY,\n"
	"  ended_at INTEGER NOT NULL,\n"
	"  ended_by TEXT NOT NULL,\n"
	"  ended_terminal TEXT NOT NULL);\n"
	"CREATE TABLE campaign_award(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  campaign_id INTEGER NOT NULL REFERENCES campaign(id),\n"
	"  code TEXT NOT NULL,\n"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id),\n"
	"  receipt TEXT NOT NULL,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),\n"
	"  what TEXT NOT NULL CHECK (what IN ('earn', 'reverse', 'gift')),\n"
	"  points INTEGER NOT NULL,\n"
	"  base INTEGER NOT NULL CHECK (base >= 0),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL,\n"
	"  UNIQUE (entry_id, code, kind));\n"
	"CREATE INDEX campaign_award_code ON campaign_award(code);\n"
	"CREATE INDEX campaign_award_receipt ON campaign_award(receipt);\n"
	"CREATE TABLE campaign_claim(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL,\n"
	"  campaign_id INTEGER NOT NULL REFERENCES campaign(id),\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  entry_id INTEGER NOT NULL REFERENCES entry(id),\n"
	"  points INTEGER NOT NULL CHECK (points >= 0),\n"
	"  vouchers INTEGER NOT NULL CHECK (vouchers >= 0),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL,\n"
	"  UNIQUE (code, member_id));\n"
	"CREATE TABLE campaign_claim_voucher(\n"
	"  claim_id INTEGER NOT NULL REFERENCES campaign_claim(id),\n"
	"  voucher_id INTEGER NOT NULL REFERENCES voucher(id),\n"
	"  PRIMARY KEY (claim_id, voucher_id)) WITHOUT ROWID;\n"
	"CREATE TRIGGER campaign_fixed BEFORE UPDATE ON campaign\n"
	"  BEGIN SELECT RAISE(ABORT, 'a campaign version never changes'); END;\n"
	"CREATE TRIGGER campaign_no_delete BEFORE DELETE ON campaign\n"
	"  BEGIN SELECT RAISE(ABORT, 'a campaign version never changes'); END;\n"
	"CREATE TRIGGER campaign_end_fixed BEFORE UPDATE ON campaign_end\n"
	"  BEGIN SELECT RAISE(ABORT, 'an ended campaign stays ended'); END;\n"
	"CREATE TRIGGER campaign_end_no_delete BEFORE DELETE ON campaign_end\n"
	"  BEGIN SELECT RAISE(ABORT, 'an ended campaign stays ended'); END;\n"
	"CREATE TRIGGER campaign_award_fixed BEFORE UPDATE ON campaign_award\n"
	"  BEGIN SELECT RAISE(ABORT, 'what a campaign gave never changes'); END;\n"
	"CREATE TRIGGER campaign_award_no_delete BEFORE DELETE ON campaign_award\n"
	"  BEGIN SELECT RAISE(ABORT, 'what a campaign gave never changes'); END;\n"
	"CREATE TRIGGER campaign_claim_fixed BEFORE UPDATE ON campaign_claim\n"
	"  BEGIN SELECT RAISE(ABORT, 'a claimed gift pack never changes'); END;\n"
	"CREATE TRIGGER campaign_claim_no_delete BEFORE DELETE ON campaign_claim\n"
	"  BEGIN SELECT RAISE(ABORT, 'a claimed gift pack never changes'); END;\n";
/* Tiers (tier.h) and one-to-one plans (plan.h). A member's tier is the
 * list of its changes (append-only), and tier_now the latest of them with
 * the last anniversary reviewed, so the daily pass reads one row per member
 * with a tier above the base (verify checks the two agree). A plan is a
 * row that only its end may change. An item's early tiers see it before
 * its new_until date; a receipt keeps the member percent it earned under
 * and the bonus that gave. */
static const char schema_v15[] =
	"CREATE TABLE member_tier(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  ts INTEGER NOT NULL,\n"
	"  from_tier TEXT NOT NULL,\n"
	"  tier TEXT NOT NULL,\n"
	"  why TEXT NOT NULL CHECK (why IN ('upgrade', 'downgrade')),\n"
	"  earned INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL CHECK (length(actor) > 0),\n"
	"  terminal TEXT NOT NULL CHECK (length(terminal) > 0));\n"
	"CREATE INDEX member_tier_member ON member_tier(member_id, id);\n"
	"CREATE TRIGGER member_tier_no_update BEFORE UPDATE ON member_tier\n"
	"  BEGIN SELECT RAISE(ABORT, 'tier changes are append-only'); END;\n"
	"CREATE TRIGGER member_tier_no_delete BEFORE DELETE ON member_tier\n"
	"  BEGIN SELECT RAISE(ABORT, 'tier changes are append-only'); END;\n"
	"CREATE TABLE tier_now(\n"
	"  member_id INTEGER PRIMARY KEY REFERENCES member(id),\n"
	"  tier TEXT NOT NULL,\n"
	"  change_id INTEGER NOT NULL REFERENCES member_tier(id),\n"
	"  reviewed_on TEXT NOT NULL);\n"
	"CREATE TABLE member_plan(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  percent INTEGER NOT NULL CHECK (percent >= 100 AND percent <= 1000),\n"
	"  starts_at INTEGER NOT NULL,\n"
	"  until TEXT NOT NULL,\n"
	"  note TEXT NOT NULL,\n"
	"  why TEXT NOT NULL CHECK (length(why) > 0),\n"
	"  offers TEXT NOT NULL DEFAULT '',\n"
	"  actor TEXT NOT NULL CHECK (length(actor) > 0),\n"
	"  terminal TEXT NOT NULL CHECK (length(terminal) > 0),\n"
	"  ended_at INTEGER NOT NULL DEFAULT 0,\n"
	"  ended_by TEXT NOT NULL DEFAULT '',\n"
	"  ended_terminal TEXT NOT NULL DEFAULT '');\n"
	"CREATE INDEX member_plan_member ON member_plan(member_id, id);\n"
	"CREATE TRIGGER member_plan_fixed BEFORE UPDATE OF id, member_id, percent, starts_at,\n"
	"  until, note, why, offers, actor, terminal ON member_plan\n"
	"  BEGIN SELECT RAISE(ABORT, 'a plan never changes but to end'); END;\n"
	"CREATE TRIGGER member_plan_end_once BEFORE UPDATE OF ended_at ON member_plan\n"
	"  WHEN OLD.ended_at <> 0\n"
	"  BEGIN SELECT RAISE(ABORT, 'a plan ends once'); END;\n"
	"CREATE TRIGGER member_plan_no_delete BEFORE DELETE ON member_plan\n"
	"  BEGIN SELECT RAISE(ABORT, 'plans are kept'); END;\n"
	"ALTER TABLE item ADD COLUMN early_tiers TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE earn_receipt ADD COLUMN member_percent INTEGER NOT NULL DEFAULT 100;\n"
	"ALTER TABLE earn_receipt ADD COLUMN member_bonus INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE earn_receipt ADD COLUMN member_source TEXT NOT NULL DEFAULT '';\n";
/* Issue 12c: birthday gifts and expiry reminders. A gift is
 * granted once per member and year (its points and an item's points as
 * entries of type "birthday", an item as a voucher, free plays as
 * game_ticket rows naming it); only the greeting columns change later.
 * A reminder row says a member was told, for `jifen remind`. */
static const char schema_v16[] =
	"CREATE TABLE birthday_gift(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  card TEXT NOT NULL,\n"
	"  year INTEGER NOT NULL,\n"
	"  key TEXT NOT NULL UNIQUE,\n"
	"  points INTEGER NOT NULL CHECK (points >= 0),\n"
	"  entry_id INTEGER REFERENCES entry(id),\n"
	"  sku TEXT NOT NULL DEFAULT '',\n"
	"  item_points INTEGER NOT NULL DEFAULT 0 CHECK (item_points >= 0),\n"
	"  item_entry_id INTEGER REFERENCES entry(id),\n"
	"  voucher_id INTEGER REFERENCES voucher(id),\n"
	"  game TEXT NOT NULL DEFAULT '',\n"
	"  plays INTEGER NOT NULL DEFAULT 0 CHECK (plays >= 0),\n"
	"  ts INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL,\n"
	"  greeted_at INTEGER NOT NULL DEFAULT 0,\n"
	"  greeted_by TEXT NOT NULL DEFAULT '',\n"
	"  greeted_terminal TEXT NOT NULL DEFAULT '',\n"
	"  UNIQUE (member_id, year));\n"
	"CREATE TRIGGER birthday_gift_fixed BEFORE UPDATE OF id, member_id, card, year, key, points,\n"
	"  entry_id, sku, item_points, item_entry_id, voucher_id, game, plays, ts, actor, terminal\n"
	"  ON birthday_gift BEGIN SELECT RAISE(ABORT, 'a birthday gift never changes'); END;\n"
	"CREATE TRIGGER birthday_gift_no_delete BEFORE DELETE ON birthday_gift\n"
	"  BEGIN SELECT RAISE(ABORT, 'a birthday gift never changes'); END;\n"
	"ALTER TABLE game_ticket ADD COLUMN birthday_id INTEGER REFERENCES birthday_gift(id);\n"
	"DROP TRIGGER game_ticket_fixed;\n"
	"CREATE TRIGGER game_ticket_fixed BEFORE UPDATE OF id, member_id, game, play_id, created_at,\n"
	"  created_by, created_terminal, task_done_id, birthday_id ON game_ticket\n"
	"  BEGIN SELECT RAISE(ABORT, 'a ticket never changes but to be used'); END;\n"
	"CREATE TABLE reminder(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  day TEXT NOT NULL,\n"
	"  days INTEGER NOT NULL CHECK (days >= 0),\n"
	"  points INTEGER NOT NULL CHECK (points >= 0),\n"
	"  green INTEGER NOT NULL CHECK (green >= 0),\n"
	"  expires_on TEXT NOT NULL,\n"
	"  ts INTEGER NOT NULL,\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL);\n"
	"CREATE INDEX reminder_member ON reminder(member_id, day);\n"
	"CREATE TRIGGER reminder_fixed BEFORE UPDATE ON reminder\n"
	"  BEGIN SELECT RAISE(ABORT, 'a reminder never changes'); END;\n";

/* Issue 11: a survey answer keeps the tier its member was in when they
 * answered, so results can be split by tier without joining answers back
 * to members. NULL for an anonymous survey (a top tier may hold a single
 * member) and for answers given before this step. */
/* And slips of kind "prize" (a game played or a task confirmed at the
 * counter, with its prize and a voucher's code): SQLite cannot alter a
 * CHECK, so the slip table is rebuilt under its own name, rows, index and
 * triggers kept as they were. */
static const char schema_v17[] =
	"ALTER TABLE survey_answer ADD COLUMN tier TEXT;\n"
	"CREATE TABLE slip_v17(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  ts INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('purchase', 'offset', 'voucher', 'return', 'prize')),\n"
	"  ref TEXT NOT NULL CHECK (length(ref) > 0),\n"
	"  actor TEXT NOT NULL,\n"
	"  terminal TEXT NOT NULL,\n"
	"  language TEXT NOT NULL CHECK (language IN ('zh', 'en')),\n"
	"  text TEXT NOT NULL,\n"
	"  qr TEXT,\n"
	"  printed INTEGER NOT NULL DEFAULT 0 CHECK (printed IN (0, 1)),\n"
	"  printed_at INTEGER NOT NULL DEFAULT 0,\n"
	"  printed_by TEXT NOT NULL DEFAULT '',\n"
	"  printed_terminal TEXT NOT NULL DEFAULT '',\n"
	"  prints INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE (kind, ref));\n"
	"INSERT INTO slip_v17(id, ts, kind, ref, actor, terminal, language, text, qr, printed,\n"
	"  printed_at, printed_by, printed_terminal, prints)\n"
	"  SELECT id, ts, kind, ref, actor, terminal, language, text, qr, printed, printed_at,\n"
	"  printed_by, printed_terminal, prints FROM slip;\n"
	"DROP TABLE slip;\n"
	"ALTER TABLE slip_v17 RENAME TO slip;\n"
	"CREATE INDEX slip_actor ON slip(actor);\n"
	"CREATE TRIGGER slip_no_delete BEFORE DELETE ON slip\n"
	"  BEGIN SELECT RAISE(ABORT, 'slips are kept'); END;\n"
	"CREATE TRIGGER slip_fixed BEFORE UPDATE OF id, ts, kind, ref, actor, terminal, language,\n"
	"  text, qr ON slip\n"
	"  BEGIN SELECT RAISE(ABORT, 'a slip says what it said'); END;\n";
/* Issue 11: the catalog goods a member bought, one row per receipt line
 * that named a SKU, written with the purchase (lines_earn.c) so the kiosk
 * can offer them for review. Kept whole: a return is read from the
 * reversal and the refunds, never by changing these rows. */
static const char schema_v18[] =
	"CREATE TABLE purchase_item(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  member_id INTEGER NOT NULL REFERENCES member(id),\n"
	"  receipt TEXT NOT NULL,\n"
	"  line INTEGER NOT NULL CHECK (line > 0),\n"
	"  sku TEXT NOT NULL,\n"
	"  fen INTEGER NOT NULL CHECK (fen >= 0),\n"
	"  entry_id INTEGER REFERENCES entry(id),\n"
	"  created_at INTEGER NOT NULL,\n"
	"  created_by TEXT NOT NULL,\n"
	"  created_terminal TEXT NOT NULL,\n"
	"  UNIQUE (receipt, line));\n"
	"CREATE INDEX purchase_item_member ON purchase_item(member_id, sku);\n"
	"CREATE TRIGGER purchase_item_fixed BEFORE UPDATE ON purchase_item\n"
	"  BEGIN SELECT RAISE(ABORT, 'a purchase never changes'); END;\n"
	"CREATE TRIGGER purchase_item_no_delete BEFORE DELETE ON purchase_item\n"
	"  BEGIN SELECT RAISE(ABORT, 'a purchase never changes'); END;\n";

/* Issue 14: a chain's stores share one database. Each store's entries are
 * a hash chain of their own (entry.c reads the tip of its store's chain),
 * and its holds are dated writes of its own (the clock check), so a store
 * never waits for another's. A ledger of one store keeps store ''. */
static const char schema_v19[] =
	"ALTER TABLE entry ADD COLUMN store TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE hold ADD COLUMN store TEXT NOT NULL DEFAULT '';\n"
	"CREATE INDEX entry_store ON entry(store, id);\n"
	"CREATE INDEX hold_store ON hold(store, id);\n"
	"CREATE TRIGGER hold_store_fixed BEFORE UPDATE OF store ON hold\n"
	"  BEGIN SELECT RAISE(ABORT, 'a hold stays in its store'); END;\n"
	/* gate.h: the limits the stores share, a row each to change. */
	"CREATE TABLE chain_gate(\n"
	"  name TEXT PRIMARY KEY,\n"
	"  turns INTEGER NOT NULL DEFAULT 0);\n"
	"INSERT INTO chain_gate(name) VALUES ('games');\n"
	"INSERT INTO chain_gate(name) VALUES ('campaigns');\n"
	"CREATE TRIGGER chain_gate_no_delete BEFORE DELETE ON chain_gate\n"
	"  BEGIN SELECT RAISE(ABORT, 'a gate stays'); END;\n";

static const char *const migrations[SCHEMA_VERSION] = {
	NULL,      /* 0 -> 1: schema_create */
	schema_v2, /* 1 -> 2: catalog, vouchers, notices, lot changes */
	schema_v3, /* 2 -> 3: actors and terminals, card changes, phone index */
	schema_v4, /* 3 -> 4: notices as a message and its parameters */
	schema_v5, /* 4 -> 5: who did it, on every write */
	schema_v6, /* 5 -> 6: hashes of lots, lot changes and holds */
	schema_v7, /* 6 -> 7: staff members */
	schema_v8, /* 7 -> 8: offsets, receipts and their partial refunds */
	schema_v9, /* 8 -> 9: the member desk: events, erasure */
	schema_v10, /* 9 -> 10: receipts (slips) */
	schema_v11, /* 10 -> 11: a member's own earn rate */
	schema_v12, /* 11 -> 12: games: scratch cards and wheels */
	schema_v13, /* 12 -> 13: tasks, badges and surveys */
	schema_v14, /* 13 -> 14: campaigns, their awards and gift packs */
	schema_v15, /* 14 -> 15: tiers and one-to-one plans */
	schema_v16, /* 15 -> 16: birthday gifts and expiry reminders */
	schema_v17, /* 16 -> 17: the tier of a survey's answer; prize slips */
	schema_v18, /* 17 -> 18: the catalog goods bought, per receipt line */
	schema_v19, /* 18 -> 19: the stores of a chain */
};

/* How one backend's ledgers are made and migrated (schema.h). */
struct schema_text {
	const char *create;       /* builds a new ledger at version `created` */
	int created;
	const char *const *steps; /* steps[v] takes v to v + 1; NULL: nothing to do */
};

static const struct schema_text sqlite_text = { schema_v1, 1, migrations };
static const struct schema_text postgresql_text = { schema_pg_create, SCHEMA_PG_BASE,
						    schema_pg_steps };

static const struct schema_text *
schema_text_of(const struct db *db)
{
	return db_backend_of(db) == DB_BACKEND_POSTGRESQL ? &postgresql_text : &sqlite_text;
}

enum jf_status
schema_create(struct db *db, struct jf_error *err)
{
	const struct schema_text *text = schema_text_of(db);
	enum jf_status st = db_exec(db, text->create, err);
	struct db_stmt *s;

	/* A new ledger is built by the same steps an old one migrates through. */
	for (int v = text->created; st == JF_OK && v < SCHEMA_VERSION; v++)
		if (text->steps[v])
			st = db_exec(db, text->steps[v], err);
	if (st != JF_OK)
		return st;
	s = db_stmt(db, "INSERT INTO meta(key, value) VALUES ('schema_version', :v)");
	db_bind_int(s, ":v", SCHEMA_VERSION);
	return db_run(s, err);
}

enum jf_status
schema_version(struct db *db, int64_t *version, struct jf_error *err)
{
	struct db_stmt *s;
	enum jf_status st;
	int exists = 0;

	*version = 0;
	st = db_table_exists(db, "meta", &exists, err);
	if (st != JF_OK || !exists)
		return st;
	s = db_stmt(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'");
	st = db_one_int(s, version, err);
	return st == JF_NOTFOUND ? JF_OK : st;
}

static enum jf_status
check_known(struct db *db, int64_t version, struct jf_error *err)
{
	if (version == 0)
		return jf_fail(err, JF_INTEGRITY, "%s is not a jifen ledger", db_location(db));
	if (version > SCHEMA_VERSION)
		return jf_fail(err, JF_CONFLICT,
			       "the ledger has schema version %lld, newer than this jifen (%d): upgrade jifen",
			       (long long)version, SCHEMA_VERSION);
	/* No jifen made such a ledger on this backend: there is no step from it. */
	if (version < schema_text_of(db)->created)
		return jf_fail(err, JF_INTEGRITY,
			       "the ledger has schema version %lld, older than any jifen ledger on "
			       "its database (%d)",
			       (long long)version, schema_text_of(db)->created);
	return JF_OK;
}

enum jf_status
schema_upgrade(struct db *db, struct jf_error *err)
{
	int64_t version;
	enum jf_status st;
	struct db_stmt *s;

	/* The common case reads only, so opening never queues behind writers. */
	if ((st = schema_version(db, &version, err)) != JF_OK)
		return st;
	if ((st = check_known(db, version, err)) != JF_OK || version == SCHEMA_VERSION)
		return st;
	if ((st = db_begin_write(db, err)) != JF_OK)
		return st;
	/* Another process may have migrated it while we waited for the lock. */
	if ((st = schema_version(db, &version, err)) != JF_OK)
		goto fail;
	if ((st = check_known(db, version, err)) != JF_OK)
		goto fail;
	for (const char *const *steps = schema_text_of(db)->steps; version < SCHEMA_VERSION;
	     version++) {
		if (steps[version] && (st = db_exec(db, steps[version], err)) != JF_OK)
			goto fail;
	}
	s = db_stmt(db, "UPDATE meta SET value = :v WHERE key = 'schema_version'");
	db_bind_int(s, ":v", SCHEMA_VERSION);
	if ((st = db_run(s, err)) != JF_OK)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return st;
}

/* The object of type and name in list, or NULL. */
static const struct db_object *
find_object(const struct db_object *list, size_t n, const char *type, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].type, type) == 0 && strcmp(list[i].name, name) == 0)
			return &list[i];
	return NULL;
}

/* Are two definitions the same but for double quotes? A table renamed
 * away and back (ALTER TABLE ... RENAME) comes back with its name, and
 * every reference to it, quoted: the same schema, in other words. */
static int
same_definition(const char *a, const char *b)
{
	for (;;) {
		while (*a == '"')
			a++;
		while (*b == '"')
			b++;
		if (*a != *b)
			return 0;
		if (*a == '\0')
			return 1;
		a++;
		b++;
	}
}

/* Each object of want against have, then have's triggers against want:
 * the first difference into problem. */
static enum jf_status
compare_guards(const struct db_object *want, size_t nwant, const struct db_object *have,
	       size_t nhave, char *problem, size_t size)
{
	for (size_t i = 0; i < nwant; i++) {
		const struct db_object *o = find_object(have, nhave, want[i].type, want[i].name);

		if (o == NULL) {
			snprintf(problem, size, "%s %s is missing%s", want[i].type, want[i].name,
				 strcmp(want[i].type, "trigger") == 0
					 ? ": what it protects could be changed unseen"
					 : "");
			return JF_INTEGRITY;
		}
		if (!same_definition(o->sql, want[i].sql)) {
			snprintf(problem, size, "%s %s is not the one jifen installs", want[i].type,
				 want[i].name);
			return JF_INTEGRITY;
		}
	}
	/* A trigger of someone else's could undo or rewrite what is written. */
	for (size_t i = 0; i < nhave; i++)
		if (strcmp(have[i].type, "trigger") == 0 &&
		    find_object(want, nwant, "trigger", have[i].name) == NULL) {
			snprintf(problem, size, "trigger %s is not one of jifen's", have[i].name);
			return JF_INTEGRITY;
		}
	return JF_OK;
}

/*
 * The reference guards of db's backend: built by the very steps a ledger
 * is made by, in a scratch database, once per process and backend (on
 * PostgreSQL a whole schema made in a transaction that is rolled back).
 * The lists are kept for the process's life.
 */
static enum jf_status
reference_guards(struct db *db, const struct db_object **want, size_t *nwant,
		 struct jf_error *err)
{
	static struct db_object *cache[DB_BACKEND_POSTGRESQL + 1];
	static size_t ncache[DB_BACKEND_POSTGRESQL + 1];
	static int made[DB_BACKEND_POSTGRESQL + 1];
	enum db_backend b = db_backend_of(db);
	struct db *ref;
	enum jf_status st;

	if (!made[b]) {
		if ((st = db_open_scratch(db, &ref, err)) != JF_OK)
			return st;
		st = schema_create(ref, err);
		if (st == JF_OK)
			st = db_objects(ref, &cache[b], &ncache[b], err);
		db_close(ref);
		if (st != JF_OK)
			return st;
		made[b] = 1;
	}
	*want = cache[b];
	*nwant = ncache[b];
	return JF_OK;
}

enum jf_status
schema_check_guards(struct db *db, char *problem, size_t size, struct jf_error *err)
{
	const struct db_object *want;
	struct db_object *have = NULL;
	size_t nwant, nhave = 0;
	enum jf_status st;

	if ((st = reference_guards(db, &want, &nwant, err)) != JF_OK)
		return st;
	if ((st = db_objects(db, &have, &nhave, err)) == JF_OK)
		st = compare_guards(want, nwant, have, nhave, problem, size);
	db_objects_free(have, nhave);
	return st;
}
