/*
 * random: the one source of random numbers for the ledger. Idempotency
 * keys (ledger_new_key), voucher nonces, short codes and the voucher key
 * are drawn here, and so will game draws be; nothing in core calls
 * libsodium's randombytes_* itself.
 *
 * The environment variable JIFEN_SEED (1 to 64 letters, digits or - _ . :)
 * makes every draw reproducible, as JIFEN_NOW does for time: the same seed
 * gives the same sequence of draws, so a test or a simulation can run twice
 * and compare. It is for tests and simulations only: with it, codes and
 * the voucher key are predictable by anyone who knows the seed.
 */
#ifndef JIFEN_RANDOM_H
#define JIFEN_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define RANDOM_SEED_MAX 64 /* characters of a seed */

/* Check JIFEN_SEED once at start-up and start the sequence it names (or the
 * system's randomness if it is unset or empty); a malformed value is a
 * usage error, and then the draws use the system's randomness. */
enum jf_status random_init(struct jf_error *err);

/* Restart the draws in-process (tests, simulation): from seed, or from the
 * system's randomness for NULL. A malformed seed is JF_USAGE and changes
 * nothing. */
enum jf_status random_seed(const char *seed, struct jf_error *err);

/* Is the sequence a seeded, reproducible one? */
int random_seeded(void);

/* len random bytes into buf. */
void random_bytes(void *buf, size_t len);

/* A uniform random number from 0 to upper - 1 (upper >= 1), without bias. */
uint32_t random_uniform(uint32_t upper);

/* The same from the system's randomness whatever the seed, for what only
 * spreads things in time (the pause before a write is run again): how
 * often the database asked must not shift a seeded run's later draws. */
uint32_t random_jitter(uint32_t upper);

#endif
