/*
 * gate: what the stores of a chain share beyond a member's rows.
 *
 * On PostgreSQL a write runs REPEATABLE READ under its store's lock (db.h
 * db_write_scope()): two stores writing at once see each other's work only
 * where they change the same row, and then the later is run again
 * (JF_RETRY). A limit that is the whole chain's and that no write changes
 * in a row of its own (a game prize's budget, a campaign's budget: counted
 * from the plays and awards) would let two stores each take the last of
 * it. A write that reads such a limit first passes its gate: it changes
 * the gate's row (table chain_gate, schema 19), so that a concurrent write
 * of another store through the same gate is run again and counts anew.
 */
#ifndef JIFEN_GATE_H
#define JIFEN_GATE_H

#include "db.h"
#include "status.h"

#define GATE_GAMES "games"         /* prize budgets (game_play.c) */
#define GATE_CAMPAIGNS "campaigns" /* campaign budgets (campaign.c) */

/* Pass gate name in the open write transaction; nothing outside one (a
 * read of the budget for a screen changes nothing). JF_INTEGRITY if the
 * gate's row is missing. */
enum jf_status gate_pass(struct db *db, const char *name, struct jf_error *err);

#endif
