/*
 * game: scratch cards and wheels with committed, auditable draws
 * (DESIGN.md "Games"). Four parts, one job each:
 *
 *  - game_spec.c: a game's table from JSON (jansson), every problem named,
 *    no ledger (fuzz_game builds it alone);
 *  - game_draw.c: the arithmetic of fairness, no ledger: a period's seed
 *    and commitment, a play's draw, the prize a drawn number names, the
 *    scratch card's grid, a play's hash;
 *  - game.c: importing, listing and showing games, the day's report;
 *  - game_play.c: commitments, reveals, plays, tickets, the audit and the
 *    checks `jifen verify` runs.
 *
 * Fairness in one paragraph: a period is a store-local day. Its seed is a
 * keyed BLAKE2b of "game|GAME|PERIOD" under the game key (itself a keyed
 * hash of the voucher key with its own context, so a revealed seed gives
 * away neither the key nor another day's seed); its commitment is
 * BLAKE2b(seed), stored before the period's first play and shown by `game
 * commitments`. A play's number is a keyed hash, under the seed, of the
 * play's identity, mapped to [0, 10^6) without bias; the prize is the one
 * whose range of parts per million holds it. After the period the seed is
 * revealed and anyone can recompute every play (`game audit`).
 */
#ifndef JIFEN_GAME_H
#define JIFEN_GAME_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "clock.h"
#include "ledger.h"
#include "status.h"

#define GAME_CODE_SIZE 33       /* a game's or prize's id: 1..32 of A-Z a-z 0-9 . _ - */
#define GAME_LABEL_SIZE 257     /* names and labels: 1..64 characters */
#define GAME_PRIZES_MAX 16
#define GAME_PPM 1000000        /* probabilities are parts per million */
#define GAME_WORTH_MAX_FEN 5000000LL /* a prize is worth at most 50,000 yuan (AUCL art. 10) */
#define GAME_PLAYS_PER_DAY_MAX 100
#define GAME_BUDGET_MAX 1000000000LL
#define GAME_SEED_LEN 32
#define GAME_KEY_MAX 48         /* characters of a play's key (--ref) */
#define GAME_CELLS 9            /* a scratch card is 3 x 3 */
#define GAME_SYMBOLS 8          /* symbols 0..7 on a scratch card */
#define GAME_PROBLEMS_MAX 50
#define GAME_FILE_MAX (256 * 1024)

enum game_kind { GAME_SCRATCH = 0, GAME_WHEEL = 1 };
enum prize_kind {
	PRIZE_POINTS = 0,    /* amount points, from the games account, new lots */
	PRIZE_GREEN = 1,     /* amount green points, likewise */
	PRIZE_ITEM = 2,      /* amount of catalog goods sku, as a voucher */
	PRIZE_COUPON = 3,    /* amount of catalog coupon sku, as a voucher */
	PRIZE_FREE_PLAY = 4, /* amount tickets for this game */
	PRIZE_THANKS = 5,    /* nothing: "thanks for playing" */
};
#define PRIZE_KINDS 6

/* Is s a game's or a prize's id (1..32 of A-Z a-z 0-9 . _ -)? */
int game_code_ok(const char *s);
/* "scratch"/"wheel"; "points", "green", "item", "coupon", "free_play", "thanks". */
const char *game_kind_name(enum game_kind kind);
const char *prize_kind_name(enum prize_kind kind);
/* The kind of a name, or -1. */
int prize_kind_of(const char *name);
int game_kind_of(const char *name);

struct game_prize {
	char code[GAME_CODE_SIZE];       /* its id within the game */
	enum prize_kind kind;
	int64_t amount;                  /* points, quantity or tickets; 0 for thanks */
	char sku[CATALOG_SKU_SIZE];      /* item and coupon; "" otherwise */
	char label_zh[GAME_LABEL_SIZE];
	char label_en[GAME_LABEL_SIZE];
	int64_t ppm;                     /* probability in parts per million */
	int64_t budget_day, budget_total; /* how many may be paid; -1 for none (thanks) */
	int fallback;                    /* index of the prize paid once this one is spent
					  * (-1 for thanks, which is never spent) */
	int64_t worth_fen;               /* what it is worth (import fills it in) */
};

struct game_spec {
	char code[GAME_CODE_SIZE];
	enum game_kind kind;
	char name_zh[GAME_LABEL_SIZE];
	char name_en[GAME_LABEL_SIZE];
	int64_t price;          /* points a play costs; 0: free plays (tickets) only */
	int64_t plays_per_day;  /* per member per day */
	struct game_prize prizes[GAME_PRIZES_MAX];
	size_t prize_count;
};

/* What a parse or an import found wrong: one line each, in order. */
struct game_problems {
	char lines[GAME_PROBLEMS_MAX][200];
	size_t count;    /* at most GAME_PROBLEMS_MAX */
	int more;        /* some were left out */
};

/*
 * Parse a game's JSON (the format is in DESIGN.md "Games" and
 * assets/games/). JF_OK and *out, or JF_USAGE with every problem found in
 * p: bad JSON, unknown keys, wrong types, values out of range, prize ids
 * not unique, probabilities not adding up to exactly 10^6, a prize with a
 * probability and a budget of 0, a fallback that names no prize or goes
 * round in a circle, a budgeted prize with no way to thanks. Touches no
 * ledger. Worths are left at 0 (they need the catalog and the config).
 */
enum jf_status game_spec_parse(const char *text, size_t len, struct game_spec *out,
			       struct game_problems *p);
/* The spec as canonical text (one field a line): what an import compares
 * and stores. Caller frees. */
char *game_spec_canonical(const struct game_spec *g);

/* ---- the arithmetic of draws (game_draw.c) ---- */

/* The seed of game's period under the game key, and its commitment. */
void game_seed(const unsigned char game_key[GAME_SEED_LEN], const char *game, const char *period,
	       unsigned char seed[GAME_SEED_LEN]);
void game_commitment(const unsigned char seed[GAME_SEED_LEN],
		     unsigned char out[GAME_SEED_LEN]);

/* Who played what, which is all a draw depends on besides the seed. */
struct game_play_id {
	const char *game;
	int64_t version;
	const char *period;
	const char *card;
	int64_t number;   /* the member's play of this game that day: 1, 2, ... */
	const char *key;  /* the play's idempotency key */
};
/* The play's number in [0, GAME_PPM), uniform (rejection, never modulo bias). */
uint32_t game_draw(const unsigned char seed[GAME_SEED_LEN], const struct game_play_id *id);
/* The index of the prize whose range holds drawn: prizes in order, each
 * taking its ppm of [0, 10^6). */
int game_prize_of(const struct game_spec *g, uint32_t drawn);

/* A scratch card's nine symbols (0..GAME_SYMBOLS-1) from the play's key,
 * the same every time for the same play: exactly three alike, of the
 * prize's symbol (game_prize_symbol), when win; never three alike of any
 * symbol otherwise. */
void game_grid(const char *key, int win, int prize_index, int cells[GAME_CELLS]);
int game_prize_symbol(int prize_index);

/* ---- the ledger's side (game.c, game_play.c) ---- */

/* A game as stored: a version of its table. */
struct game_info {
	int64_t id;         /* the row of this version */
	int64_t version;
	struct game_spec spec;
	int64_t created_at;
};

/* Import text (JSON) as the game's next version. Refused with JF_USAGE
 * and every problem in p (nothing written): what game_spec_parse()
 * refuses, a SKU the catalog does not have (or of the wrong type, or
 * delisted), a prize worth more than 50,000 yuan (points at the config's
 * [offset] points_per_yuan, goods at their points, coupons at their
 * value). The same table as the current version changes nothing
 * (*version is that version, *changed 0). One write transaction. */
enum jf_status game_import_text(struct ledger *lg, const char *text, size_t len,
				int64_t *version, int *changed, struct game_problems *p,
				struct jf_error *err);
enum jf_status game_import_file(struct ledger *lg, const char *path, int64_t *version,
				int *changed, struct game_problems *p, struct jf_error *err);

/* The current (latest) version of a game; JF_NOTFOUND with JF_R_UNKNOWN_GAME. */
enum jf_status game_find(struct ledger *lg, const char *code, struct game_info *out,
			 struct jf_error *err);
/* Every game's current version, by code. */
enum jf_status game_list(struct ledger *lg, int (*fn)(const struct game_info *g, void *ctx),
			 void *ctx, struct jf_error *err);

/* How much of each prize's budget is used: today (the period) and in all,
 * for the game's current version. */
struct game_budget_use {
	int64_t day[GAME_PRIZES_MAX];
	int64_t total[GAME_PRIZES_MAX];
};
enum jf_status game_budget_used(struct ledger *lg, const struct game_info *g, const char *period,
				struct game_budget_use *out, struct jf_error *err);

/* A play: the price taken, the draw, the prize paid (game_play.c). */
struct game_play_request {
	const char *card;
	const char *game;
	const char *key; /* NULL: a fresh one (no replay then) */
};
struct game_play {
	int64_t id;
	char game[GAME_CODE_SIZE];
	int64_t version;
	char period[CLOCK_DATE_LEN];
	char card[20];
	int64_t number;
	char key[GAME_KEY_MAX + 1];
	int ticket;           /* paid with a free-play ticket, not points */
	int64_t price;        /* points taken (0 with a ticket) */
	uint32_t drawn;
	int prize;            /* index of the prize drawn */
	int paid;             /* index of the prize paid (a fallback if the drawn one was spent) */
	struct game_prize paid_prize;
	int64_t entry_id;     /* the price's entry, 0 if none */
	int64_t prize_entry_id; /* the prize's entry, 0 if none */
	int64_t voucher_id;   /* an item or coupon prize's voucher, 0 if none */
	int scratched;        /* cells scratched, bit i for cell i */
	int64_t ts;
	int replay;
};
/* One write transaction (ledger_write, idempotent by "game:KEY"):
 * refused with JF_NOTFOUND/JF_R_UNKNOWN_GAME, JF_CONFLICT/JF_R_GAME_LIMIT
 * (limit, played today), JF_CONFLICT/JF_R_GAME_REVEALED (the period's seed
 * is out: a clock set back), JF_INSUFFICIENT/JF_R_GAME_NO_TICKET (a free
 * game without a ticket) or JF_R_INSUFFICIENT. A ticket for the game is
 * used before points. */
enum jf_status game_play(struct ledger *lg, const struct game_play_request *req,
			 struct game_play *out, struct jf_error *err);
/* Would game_play() play now? JF_OK, or the refusal it would give (the
 * same checks, run in a transaction that is rolled back: nothing is
 * written), for a screen to say before it asks for a Yes. */
enum jf_status game_can_play(struct ledger *lg, const char *card, const char *game,
			     struct jf_error *err);
/* The member's plays of game today (the daily limit counts them). */
enum jf_status game_plays_today(struct ledger *lg, const char *card, const char *game,
				int64_t *plays, struct jf_error *err);
/* A play by key (JF_NOTFOUND if none). */
enum jf_status game_play_find(struct ledger *lg, const char *key, struct game_play *out,
			      struct jf_error *err);
/* The member scratched cells (bits 0..8): kept, so a card left mid-way is
 * shown as it was. Adds to what was scratched before. */
enum jf_status game_scratch(struct ledger *lg, int64_t play_id, int cells, int *scratched,
			    struct jf_error *err);
/* The member's latest scratch card not yet scratched to the end (of
 * game, or of any game if game is NULL), to be shown as it was left: its
 * prize was paid when it was bought. JF_NOTFOUND if every card is done. */
enum jf_status game_unfinished(struct ledger *lg, const char *card, const char *game,
			       struct game_play *out, struct jf_error *err);
/* Unused free-play tickets of a member for a game. */
enum jf_status game_tickets(struct ledger *lg, const char *card, const char *game,
			    int64_t *count, struct jf_error *err);

/* Commitments: today's of every game is stored if it is not yet (a
 * write), then every period of game (NULL: all games) is listed, newest
 * first; the seed only of a period that was revealed. */
struct game_period_info {
	char game[GAME_CODE_SIZE];
	char period[CLOCK_DATE_LEN];
	unsigned char commitment[GAME_SEED_LEN];
	int revealed;
	unsigned char seed[GAME_SEED_LEN]; /* zeros unless revealed */
	int64_t committed_at, revealed_at;
	int64_t plays;
};
enum jf_status game_commit_today(struct ledger *lg, int64_t *count, struct jf_error *err);
enum jf_status game_periods(struct ledger *lg, const char *game,
			    int (*fn)(const struct game_period_info *p, void *ctx), void *ctx,
			    struct jf_error *err);
/* Reveal the seeds of periods that have ended (before today): every one
 * of game (NULL: all) if period is NULL; a period that has not ended is
 * refused (JF_CONFLICT, JF_R_GAME_NOT_ENDED). *count: seeds revealed now. */
enum jf_status game_reveal(struct ledger *lg, const char *game, const char *period,
			   int64_t *count, struct jf_error *err);

/* The audit of a period: each game's seed against its commitment, and
 * every play recomputed (draw, prize, fallback under the budgets, hash).
 * fn is called for each mismatch with a one-line description. JF_OK and
 * the count of plays if all match; JF_INTEGRITY if any differs;
 * JF_CONFLICT with JF_R_GAME_NOT_ENDED if a seed of it is not out yet. */
struct game_audit_result {
	int64_t games, plays, mismatches;
};
enum jf_status game_audit(struct ledger *lg, const char *period,
			  void (*fn)(const char *problem, void *ctx), void *ctx,
			  struct game_audit_result *out, struct jf_error *err);

/* For verify.c: every play's hash, its prize under its table and the
 * budgets, its entries and tickets. JF_OK, JF_INTEGRITY with problem
 * filled, or another failure. */
struct db;
enum jf_status game_verify(struct db *db, char *problem, size_t size, struct jf_error *err);

/* The day report (`game report`): per game version with plays that day. */
struct game_report_row {
	char game[GAME_CODE_SIZE];
	int64_t version;
	int64_t plays, with_tickets;
	int64_t points_in;               /* prices */
	int64_t points_out, green_out;   /* prizes of points and green points */
	int64_t paid_day[GAME_PRIZES_MAX];   /* each prize paid that day */
	int64_t paid_total[GAME_PRIZES_MAX]; /* and in all, up to the day's end */
	struct game_spec spec;
};
enum jf_status game_report(struct ledger *lg, const char *date,
			   int (*fn)(const struct game_report_row *row, void *ctx), void *ctx,
			   struct jf_error *err);

/* The demo store's games, built into the program from assets/games/. */
extern const char game_demo_scratch[];
extern const char game_demo_wheel[];

#endif
