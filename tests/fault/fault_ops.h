/*
 * fault_ops: what the fault tests share. A small ledger set up once with
 * something for every operation to act on (members, a family, lots past
 * their date, a catalog, vouchers in each state), every ledger operation
 * as one call through core's public API, and a fingerprint of a ledger
 * file's whole content to tell "happened entirely" from "not at all".
 *
 * Time is fixed with clock_set() and randomness with random_seed(), so an
 * operation run twice from the same copy of the ledger writes the same
 * bytes and a fingerprint can be compared with a clean run's.
 */
#ifndef JIFEN_FAULT_OPS_H
#define JIFEN_FAULT_OPS_H

#include <stdint.h>

#include "ledger.h"
#include "settings.h"
#include "status.h"

/* One ledger operation: JF_OK or the status with err filled. */
struct fault_op {
	const char *name;
	enum jf_status (*run)(struct ledger *lg, struct jf_error *err);
};

extern const struct fault_op fault_ops[];
extern const int fault_op_count;

/* The settings every ledger of these tests uses. */
void fault_settings(struct settings *cfg);

/* Build the ledger the operations act on in dir (ledger.db and its key),
 * closed and with its WAL folded in. Dies on failure. */
void fault_setup_base(const char *dir, const struct settings *cfg);

/* The clock and the random generator as every operation run starts. */
void fault_pin_run(void);

/* Copy one file (dies on failure). */
void fault_copy_file(const char *from, const char *to);
/* Make dst's files (emptied first) a copy of src's. */
void fault_copy_dir(const char *src, const char *dst);

/* A hash of every row of every table of the ledger at path, read with the
 * real VFS. Dies if the file cannot be read. */
uint64_t fault_fingerprint(const char *path);

/* Open the ledger at path, run verify_ledger, close: JF_OK or a message. */
enum jf_status fault_verify(const char *path, const struct settings *cfg, char *problem,
			    size_t size);

/* Open the ledger at path as the tester; dies on failure. */
void fault_open(struct ledger *lg, const char *path, const struct settings *cfg);

/* A message is one clean line: not empty, no newline. */
int fault_one_line(const char *message);

#endif
