/*
 * ledger_test: hooks for tests only; no program calls them.
 */
#ifndef JIFEN_LEDGER_TEST_H
#define JIFEN_LEDGER_TEST_H

#include "ledger.h"

/* The next n outermost commits of ledger_write() roll back and report
 * JF_RETRY, as PostgreSQL does on a serialization failure, so that the
 * retry can be tested on SQLite. 0 stops it. */
void ledger_inject_retry(struct ledger *lg, int n);

#endif
