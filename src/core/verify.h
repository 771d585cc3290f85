/*
 * verify: recompute the hash chain and every invariant of DESIGN.md on a
 * ledger, without trusting any stored total. Read-only.
 */
#ifndef JIFEN_VERIFY_H
#define JIFEN_VERIFY_H

#include <stdint.h>

#include "ledger.h"
#include "status.h"

struct verify_report {
	int64_t entries, lines, accounts, lots, holds;
	int64_t entries_v1;      /* hashed in format 1: written before actors were kept */
	int64_t card_changes;    /* cards replaced (each one retired for good) */
	int64_t stores;          /* chains of a chain's stores ([store] code), each checked */
	int64_t first_bad_entry; /* 0 if the problem is not in one entry */
	char problem[256];       /* "" when everything holds */
};

/* JF_OK if everything holds; JF_INTEGRITY with report->problem naming the first
 * broken thing otherwise; another status if the ledger cannot be read. */
enum jf_status verify_ledger(struct ledger *lg, struct verify_report *report,
			     struct jf_error *err);

/* For the checks other modules give verify (game_verify(), task_verify(),
 * survey_verify()): a row of s names a broken thing (its first column),
 * then problem is "NAME: why" and the result JF_INTEGRITY; no row is JF_OK. */
struct db_stmt;
enum jf_status verify_no_row(struct db_stmt *s, const char *why, char *problem, size_t size,
			     struct jf_error *err);

#endif
