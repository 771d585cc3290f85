/*
 * export: the ledger for accountants, as CSV (one row per line of every
 * entry) or as a plain-text journal that hledger and ledger-cli read.
 * Writes to a stream the caller opened.
 */
#ifndef JIFEN_EXPORT_H
#define JIFEN_EXPORT_H

#include <stdio.h>

#include "ledger.h"
#include "status.h"

enum export_format { EXPORT_CSV, EXPORT_JOURNAL };

/* Every entry, or those of one store of a chain (store: its [store] code;
 * NULL or "" for all). */
enum jf_status export_ledger(struct ledger *lg, enum export_format format, const char *store,
			     FILE *out, struct jf_error *err);

#endif
