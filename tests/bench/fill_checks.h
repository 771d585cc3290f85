/*
 * fill_checks.h: verify's invariants but the hash chain, as SQL counts of
 * the rows that break each: what the benchmarks check on a ledger they
 * filled in bulk (bench.c on SQLite, chain_balance.c on PostgreSQL), whose
 * hashes are stand-ins that `jifen verify` would refuse. In the dialect
 * both accept (IS DISTINCT FROM, a name on every subquery).
 */
#ifndef JIFEN_FILL_CHECKS_H
#define JIFEN_FILL_CHECKS_H

#include <stddef.h>

struct fill_check {
	const char *what; /* the broken invariant, in words */
	const char *sql;  /* SELECT count(*) of the rows that break it */
};

extern const struct fill_check fill_checks[];
extern const size_t fill_check_count;

#endif
