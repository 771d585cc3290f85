/*
 * bench.h: what bench.c shares with the figures kept in their own files
 * (busyday.c): the scratch directory, the settings every ledger runs under,
 * timing, raw SQLite for baselines, and the one catalog item.
 */
#ifndef JIFEN_BENCH_H
#define JIFEN_BENCH_H

#include <sqlite3.h>
#include <stddef.h>

#include "ledger.h"
#include "settings.h"

#define PATH_SIZE 4200
#define BENCH_SKU "BENCH-1" /* the one item of import_item(), worth VOUCHER_POINTS */
#define VOUCHER_POINTS 5 /* voucher ledgers: one voucher per lot of 10, half of its points */

extern struct settings cfg; /* the defaults: every ledger of the run */

/* Monotonic seconds: comparable between the processes of one machine. */
double seconds(void);
void die(const char *what, const char *message) __attribute__((noreturn));
const char *verdict(int ok);
/* A file in the scratch directory, removed at exit. */
void file_path(const char *name, char *out, size_t size);
/* A ledger and the files beside it. */
void remove_ledger(const char *path);
/* The bench acts as the shell user "bench". */
enum jf_status act(struct ledger *lg);
/* BENCH_SKU into the catalog, with stock for any run. */
void import_item(struct ledger *lg);
int cmp_double(const void *a, const void *b);

sqlite3 *raw_open(const char *path);
void raw_exec(sqlite3 *db, const char *sql);
sqlite3_stmt *raw_prepare(sqlite3 *db, const char *sql);
void raw_step_done(sqlite3 *db, sqlite3_stmt *st);
/* The pragmas db_open() sets on every ledger connection. */
void raw_durable(sqlite3 *db);

/* "a store's busiest day" (busyday.c): ops actions of 4 counters and 4
 * kiosks, each its own process, on one ledger, against as many raw SQLite
 * commits by as many processes. */
void bench_busyday(long ops);

/* The games (game.c): plays against plain postings, and the audit of a day
 * of audited plays against reading them. */
void bench_games(long plays, long audited, const char *today);

/* The daily job's tier pass (tiers.c) for members members against one SQL
 * aggregate over the same rows. */
void bench_tiers(long members);
/* The campaigns (campaign.c): n purchases with 50 campaigns running
 * against as many with none. */
void bench_campaigns(long n, const char *today);

#endif
